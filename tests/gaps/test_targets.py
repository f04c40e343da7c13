"""The programme's own required levels (issue 12, docs/workbook.md): `framework:item@LEVEL`
entries in the programme sheet's `targets` column become cg:coverageTarget, which the coverage
rule reads before every other required level; malformed entries are located errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from competency_graph.errors import InputError
from competency_graph.services import curriculum, gaps
from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR, import_programme
from competency_graph.store import GraphStore


def demo_with_targets(tmp_path: Path, targets: str) -> Path:
    folder = tmp_path / "workbook"
    shutil.copytree(DEMO_PROGRAMME_DIR, folder)
    path = folder / "programme.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("targets")] = targets
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return folder


def items(report: dict) -> dict[str, dict]:
    return {i["code"]: i for i in report["items"]}


def workbook_report(store: GraphStore, folder: Path, framework: str) -> dict:
    """The gap report of a workbook, read into a scratch store as the CLI does."""
    ref = curriculum.open_workbook(store, folder)
    try:
        return gaps.gap_report(ref.store, ref.id, framework)
    finally:
        ref.close()


def test_a_target_item_level_overrides_the_required_level(memory_store: GraphStore,
                                                          tmp_path: Path) -> None:
    """WA10 is only introduced in the demo (partial at the default M); a programme target
    WA10@I makes it covered, WA1@R lowers WA1's requirement, and B1.3 (an awareness item,
    R by the rule model) can be raised to M by the programme."""
    before = items(workbook_report(memory_store, demo_with_targets(
        tmp_path / "a", "wa-2021; eur-ace-2015-bachelor"), "wa-2021"))
    assert (before["WA10"]["required_level"], before["WA10"]["status"]) == ("M", "partial")
    folder = demo_with_targets(tmp_path / "b", "wa-2021; wa-2021:WA10@I; wa-2021:WA1@R; "
                                               "eur-ace-2015-bachelor:B1.3@M")
    report = items(workbook_report(memory_store, folder, "wa-2021"))
    assert (report["WA10"]["required_level"], report["WA10"]["status"]) == ("I", "covered")
    assert report["WA1"]["required_level"] == "R"
    assert report["WA2"]["required_level"] == "M"
    eurace = items(workbook_report(memory_store, folder, "eur-ace-2015-bachelor"))
    assert eurace["B1.3"]["required_level"] == "M"
    assert eurace["B5.5"]["required_level"] == "R"  # the rule model's awareness level


@pytest.mark.parametrize(("entry", "message"), [
    ("wa-2021:WA10", "needs a level"),
    ("wa-2021:WA10@X", "needs a level"),
    ("nope:WA1@R", "unknown framework 'nope'"),
    ("wa-2021:WA99@R", "has no item 'WA99'"),
])
def test_bad_target_entries_are_located_errors(memory_store: GraphStore, tmp_path: Path,
                                               entry: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        import_programme(memory_store, demo_with_targets(tmp_path, f"wa-2021; {entry}"))
    text = str(info.value)
    assert message in text and "targets" in text
