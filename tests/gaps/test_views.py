"""Curriculum map, progression view and prerequisite analysis."""

from __future__ import annotations

import jsonschema

from competency_graph.analysis import analyse_prerequisites, timeline, timeline_issues
from competency_graph.reports.gaps import render_matrix_csv
from competency_graph.services import gaps
from competency_graph.store import GraphStore
from tests.gaps.conftest import schema


def test_matrix_by_framework_in_semester_order(gap_store: GraphStore) -> None:
    """Rows are courses in semester order; cells carry the best level per course and item, a
    weak-only cell is marked weak; the JSON validates against matrix.schema.json."""
    data = gaps.matrix(gap_store, "GAP1", framework="wa-2021")
    jsonschema.validate(data, schema("matrix.schema.json"))
    assert [r["code"] for r in data["rows"]] == ["MATH101", "IDLE100", "ENG201", "CYC1",
                                                  "LAB301", "CYC2", "ELEC401"]
    rows = {r["code"]: r["cells"] for r in data["rows"]}
    assert rows["ENG201"] == {"WA1": {"level": "M", "strength": "full"},
                              "WA5": {"level": "I", "strength": "full"}}
    assert rows["LAB301"]["WA6"] == {"level": "M", "strength": "weak"}
    assert rows["IDLE100"] == {}
    assert len(data["columns"]) == 11


def test_matrix_by_programme_outcome_and_csv(gap_store: GraphStore) -> None:
    """Without a framework the columns are the programme outcomes; the CSV has a column per
    outcome and writes weak cells in parentheses."""
    data = gaps.matrix(gap_store, "GAP1")
    jsonschema.validate(data, schema("matrix.schema.json"))
    assert [c["code"] for c in data["columns"]] == ["PO1", "PO2"]
    rows = {r["code"]: r["cells"] for r in data["rows"]}
    assert rows["ENG201"] == {"PO2": {"level": "M", "strength": "full"}}
    assert not any("PO1" in cells for cells in rows.values())
    csv_text = render_matrix_csv(data)
    assert csv_text.splitlines()[0] == "course,title,semester,required,PO1,PO2"
    framework_csv = render_matrix_csv(gaps.matrix(gap_store, "GAP1", framework="wa-2021"))
    assert ",(M)," in next(line for line in framework_csv.splitlines()
                           if line.startswith("LAB301"))


def test_progression_reports_the_cycle_chain_and_idle_course(gap_store: GraphStore) -> None:
    """The prerequisite cycle CYC1 ↔ CYC2 is reported, the longest chain is MATH101 → ENG201
    → LAB301, IDLE100 contributes to nothing, and WA3 starts at R: not an issue by the bundled
    progression rule (cg:requireIntroduction false, docs/rules.md), as in validation. Since
    issue 13, 2013 WA7 is relatedMatch 2021 WA3, so LAB301/LO2 (→ wa-2013:WA7, M, semester 5)
    appears on WA3's timeline too."""
    data = gaps.progression(gap_store, "GAP1", framework="wa-2021")
    prereq = data["prerequisites"]
    assert prereq["is_dag"] is False
    assert prereq["cycles"] == [["CYC1", "CYC2"]]
    assert prereq["longest_chain"] == ["MATH101", "ENG201", "LAB301"]
    assert data["courses_without_contribution"] == ["IDLE100"]
    targets = {t["code"]: t for t in data["targets"]}
    assert targets["WA3"]["timeline"] == [
        {"semester": 4, "level": "R", "courses": ["CYC1"]},
        {"semester": 5, "level": "M", "courses": ["LAB301"]},
        {"semester": 6, "level": "M", "courses": ["CYC2"]}]
    assert "no-introduction" not in targets["WA3"]["issues"]
    assert {"id": "progression", "version": "2",
            "iri": "https://w3id.org/competency-graph/rules#progression"} in \
        data["metadata"]["rules"]
    assert targets["WA1"]["issues"] == []
    assert targets["WA10"]["issues"] == ["not-reached"]


def test_progression_by_programme_outcome(gap_store: GraphStore) -> None:
    """Per programme outcome: PO2 is introduced in semester 1 and mastered in 3; PO1 is not
    reached."""
    data = gaps.progression(gap_store, "GAP1")
    targets = {t["code"]: t for t in data["targets"]}
    assert [(s["semester"], s["level"]) for s in targets["PO2"]["timeline"]] == [(1, "I"),
                                                                                (3, "M")]
    assert targets["PO1"]["issues"] == ["not-reached"]


def test_prerequisite_analysis_of_a_dag() -> None:
    """A DAG has no cycles and its longest chain; a self-requirement is a cycle."""
    dag = analyse_prerequisites(["A", "B", "C", "D"], [("B", "A"), ("C", "B"), ("D", "A")])
    assert dag.is_dag and dag.longest_chain == ["A", "B", "C"] and dag.edges == 3
    loop = analyse_prerequisites(["A", "B"], [("A", "A"), ("B", "A")])
    assert loop.cycles == [["A"]] and not loop.is_dag


def test_timeline_groups_by_semester() -> None:
    """Courses of one semester share a step with the highest level; unscheduled ones go last."""
    steps = timeline([(3, 2, "X"), (1, 1, "Y"), (3, 3, "Z"), (None, 1, "W")])
    assert [(s.semester, s.rank, s.courses) for s in steps] == [
        (1, 1, ["Y"]), (3, 3, ["X", "Z"]), (None, 1, ["W"])]
    assert timeline_issues(steps) == []
    assert timeline_issues(timeline([(2, 2, "X")])) == ["never-mastered"]
    assert timeline_issues(timeline([(2, 2, "X")]), require_introduction=True) == [
        "no-introduction", "never-mastered"]
    # an assessment map using only M: nothing to report unless introduction is required
    assert timeline_issues(timeline([(5, 3, "X"), (7, 3, "Y")])) == []


def test_matrix_flags_empty_columns_and_rows(gap_store: GraphStore) -> None:
    """A column no course reaches is exactly a missing item of the gap report; IDLE100, whose
    outcomes align to nothing, is the only empty row; the HTML heat map flags both and cites
    the rule."""
    from competency_graph.reports.gaps import render_matrix_html

    data = gaps.matrix(gap_store, "GAP1", framework="wa-2021")
    report = gaps.gap_report(gap_store, "GAP1", "wa-2021")
    missing = [i["code"] for i in report["items"] if i["status"] == "missing"]
    assert data["metadata"]["empty_columns"] == missing and len(missing) == 5
    assert [c["code"] for c in data["columns"] if c["empty"]] == missing
    assert data["metadata"]["empty_rows"] == ["IDLE100"]
    page = render_matrix_html(data, "en")
    assert "reached by no course" in page and "IDLE100" in page
    assert "rules: Is an item covered, and at what level (coverage v2)" in page
