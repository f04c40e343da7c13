"""The command line (benchmark, institutions, study, import --kind indicators) and the radar
page rendered in headless chromium."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from competency_graph.services.benchmarking import indicators as ind
from competency_graph.store import GraphStore

BIN = Path(sys.executable).parent / "competency-graph"


def run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``competency-graph`` script as a user would."""
    return subprocess.run([str(BIN), "--store", str(store), *args], capture_output=True,
                          text=True, timeout=180)


def cli(*args: str, store: Path) -> tuple[int, str]:
    """Run a command in-process (Typer's runner); return the exit code and the output."""
    from typer.testing import CliRunner

    from competency_graph.cli import app

    result = CliRunner().invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.output


def test_cli_import_benchmark_and_study(tmp_path: Path, dataset_dir: Path) -> None:
    """import --kind indicators, institutions, benchmark in four formats, study create/show/
    stage/list/delete, and exit code 2 with a located message for bad input (the installed
    script, as a user runs it, for the import and the errors)."""
    store = tmp_path / "store"
    imported = run("import", str(dataset_dir), "--kind", "indicators", store=store)
    assert imported.returncode == 0, imported.stderr
    assert "5 institution(s)" in imported.stdout
    code, output = cli("institutions", "--format", "json", store=store)
    assert code == 0 and [i["id"] for i in json.loads(output)] == ["cls", "p1", "p2", "p3",
                                                                    "u-tech"]

    code, output = cli("benchmark", "u-tech", "--year", "2024", "--format", "json",
                       "--targets", "INT1=10", store=store)
    assert code == 0, output
    int1 = json.loads(output)["indicators"][0]
    assert (int1["code"], int1["gaps"]["best_in_class"]["absolute"], int1["rank"]) == (
        "INT1", 15, 3)
    _code, output = cli("benchmark", "u-tech", "--year", "2024", "--format", "csv",
                        "--peers", "p1", store=store)
    row = next(csv.DictReader(io.StringIO(output)))
    assert (row["indicator"], row["peer_median"], row["rank"]) == ("INT1", "10.0", "2")
    _code, output = cli("benchmark", "u-tech", "--year", "2024", "--weights", "INT1=2",
                        store=store)
    assert "Composite index: 0.325" in output
    page = tmp_path / "b.html"
    code, _output = cli("benchmark", "u-tech", "--year", "2024", "--format", "html", "--lang",
                        "kk", "-o", str(page), store=store)
    assert code == 0 and "<svg" in page.read_text(encoding="utf-8")

    study_file = tmp_path / "study.json"
    study_file.write_text(json.dumps({"id": "s1", "title": "S", "institution": "u-tech",
                                      "year": 2024, "action_items": [
                                          {"indicator": "INT7", "target_value": 60,
                                           "programmes": ["digcompedu-course"]}]}),
                          encoding="utf-8")
    assert cli("study", "create", str(study_file), store=store)[0] == 0
    assert cli("study", "stage", "s1", "1", "--status", "completed", store=store)[0] == 0
    _code, shown = cli("study", "show", "s1", store=store)
    assert "current stage 2" in shown and "INT7 → 60.0" in shown
    assert "Camp 3, 4, 5" in shown
    assert "s1" in cli("study", "list", store=store)[1]
    assert cli("study", "delete", "s1", store=store)[0] == 0
    assert cli("study", "show", "s1", store=store)[0] == 2

    bad = tmp_path / "bad.csv"
    bad.write_text("institution,year,indicator,value\nu-tech,2024,INT1,101\n"
                   "u-tech,2024,INT0,1\n", encoding="utf-8")
    fresh = tmp_path / "fresh-store"  # the in-process runs above may still hold the first one
    refused = run("import", str(bad), "--kind", "indicators", store=fresh)
    assert refused.returncode == 2
    assert "row 2, column 'value'" in refused.stderr
    assert "row 3, column 'indicator'" in refused.stderr
    unknown = run("benchmark", "ghost", "--year", "2024", store=fresh)
    assert unknown.returncode == 2 and "ghost" in unknown.stderr


@pytest.mark.browser
def test_radar_page_renders_in_chromium(live_server: object, memory_store: GraphStore,
                                        tmp_path: Path) -> None:
    """The benchmark page of a demo institution renders in headless chromium with the radar
    chart and the gap table (a rendered page has hundreds of distinct pixel patterns)."""
    from tests.conftest import png_variety, screenshot

    ind.load_demo_indicators(memory_store)
    url = (f"{live_server.url}/institutions/demo-steppe-tech/benchmark"  # type: ignore[attr-defined]
           "?year=2024&format=html&targets=INT1=10")
    png = screenshot(url, tmp_path / "benchmark.png")
    assert png_variety(png) > 200


@pytest.mark.browser
def test_study_page_renders_in_chromium(live_server: object, memory_store: GraphStore,
                                        tmp_path: Path) -> None:
    """The study page (five stages, action plan) renders in headless chromium."""
    from competency_graph.services.benchmarking import studies
    from tests.conftest import png_variety, screenshot

    ind.load_demo_indicators(memory_store)
    studies.create_study(memory_store, {
        "id": "demo", "title": "Internationalisation 2024", "institution": "demo-steppe-tech",
        "year": 2024, "stages": [{"number": 1, "status": "completed", "start": "2025-01-10",
                                  "end": "2025-01-31"},
                                 {"number": 2, "status": "in-progress", "start": "2025-02-01"}],
        "action_items": [{"indicator": "INT2", "target_value": 6, "deadline": "2027-06-30",
                          "owner": "HR", "programmes": ["english-c1"]}]})
    url = f"{live_server.url}/studies/demo?format=html&lang=kk"  # type: ignore[attr-defined]
    png = screenshot(url, tmp_path / "study.png")
    assert png_variety(png) > 200
