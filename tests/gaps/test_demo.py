"""The gap report of the bundled demo programme, through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR, DEMO_PROGRAMME_ID
from tests.gaps.conftest import schema
from tests.gaps.test_cli_api import run


def test_demo_programme_gap_report_shows_an_evidence_path_per_covered_item(
        tmp_path: Path) -> None:
    """`competency-graph gaps <demo id> --framework wa-2021` on the imported demo programme
    prints every item; each covered item is followed by at least one evidence path ending at
    it; the programme's deliberate gaps show (WA11 missing, WA10 only introduced); the JSON
    validates and exit code 1 says something is missing."""
    store = tmp_path / "store"
    done = run("import", str(DEMO_PROGRAMME_DIR), "--kind", "curriculum", store=store)
    assert done.returncode == 0, done.stderr
    text = run("gaps", DEMO_PROGRAMME_ID, "--framework", "wa-2021", store=store)
    assert text.returncode == 1, text.stderr
    lines = text.stdout.splitlines()
    covered = [i for i, line in enumerate(lines) if line.startswith("[covered]")]
    assert covered
    for i in covered:
        code = lines[i].split()[1]
        assert re.search(rf"-\[[IRM]\]-> wa-2021:{re.escape(code)}$", lines[i + 1]), lines[i:i + 2]
    assert any(line.startswith("[missing] WA11") for line in lines)
    assert any(line.startswith("[partial] WA10") and "achieved I" in line for line in lines)
    report = json.loads(run("gaps", DEMO_PROGRAMME_ID, "--framework", "wa-2021", "--format",
                            "json", store=store).stdout)
    jsonschema.validate(report, schema("gaps.schema.json"))
    for item in report["items"]:
        if item["status"] == "covered":
            assert any(e["path"][-1]["target"] == item["competency"]
                       and all(s["strength"] == "full" for s in e["path"])
                       for e in item["evidence"])


def test_demo_workbook_path_is_analysed_without_being_stored(tmp_path: Path) -> None:
    """Given the demo workbook folder instead of an id, the report is the same and the store
    stays without the programme."""
    store = tmp_path / "store"
    by_path = run("gaps", str(DEMO_PROGRAMME_DIR), "--framework", "eur-ace-2015-bachelor",
                  "--format", "json", store=store)
    assert by_path.returncode in (0, 1), by_path.stderr
    report = json.loads(by_path.stdout)
    assert report["programme"] == DEMO_PROGRAMME_ID and report["summary"]["total"] > 0
    stored = run("gaps", DEMO_PROGRAMME_ID, "--framework", "wa-2021", store=store)
    assert stored.returncode == 2 and f"no programme {DEMO_PROGRAMME_ID}" in stored.stderr
