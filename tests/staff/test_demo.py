"""The demo programme (fictional 6B07101 Computer Engineering, src/competency_graph/data/demo):
its staff report and plan, hand-checked against the CSV files, from the service, the CLI (with
the workbook folder and the xlsx as PROGRAMME) and the API.

Hand check (courses.csv × staff.csv): 27 courses are taught in English (language en or emi);
the teachers below B2 are T14 (CSE202, CSE401) and T17 (CSE309) → 3 violations; at B2 (below
C1) T03 (MAT201), T07 (ICT101), T09 (CSE203, CSE302), T15 (CSE304, CSE311) → 6 warnings;
CSE402 has no teacher → 1 warning. Mobility window / visiting lecturer: CSE311 (T15) and
CSE312 (T11) have no SI2/SI3 recorded → 4 warnings, "no evidence recorded" (rule staffing);
CSE310 and VIS401 are taught by the visiting professor T24 (SI2 L3, SI3 L2) → nothing. The
global-platform courses ICT101 (T07, DigCompEdu 2.1 B2) and CSE311 (T15, 3.1 B1) meet SI5 B1
through the DigCompEdu fallback. 23 of 27 English-taught courses have a teacher at B2 or above,
17 at C1 or above.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from competency_graph.services import staff as staff_service
from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR, load_demo_programme
from competency_graph.store import GraphStore

DEMO = "6B07101"
BIN = Path(sys.executable).parent / "competency-graph"

EXPECTED = [
    ("CSE202", "T14", "SI1", "B2", "B1", "violation"),
    ("CSE203", "T09", "SI1", "C1", "B2", "warning"),
    ("CSE302", "T09", "SI1", "C1", "B2", "warning"),
    ("CSE304", "T15", "SI1", "C1", "B2", "warning"),
    ("CSE309", "T17", "SI1", "B2", "B1", "violation"),
    ("CSE311", "T15", "SI1", "C1", "B2", "warning"),
    ("CSE311", "T15", "SI2", "L2", None, "warning"),
    ("CSE311", "T15", "SI3", "L2", None, "warning"),
    ("CSE312", "T11", "SI2", "L2", None, "warning"),
    ("CSE312", "T11", "SI3", "L2", None, "warning"),
    ("CSE401", "T14", "SI1", "B2", "B1", "violation"),
    ("CSE402", None, "SI1", "B2", None, "warning"),
    ("ICT101", "T07", "SI1", "C1", "B2", "warning"),
    ("MAT201", "T03", "SI1", "C1", "B2", "warning"),
]
EXPECTED_PLAN = [
    ("T11", "international-teaching-lab", 2),
    ("T15", "international-teaching-lab", 2),
    ("T09", "english-c1", 2),
    ("T14", "english-c1", 2),
    ("T15", "english-c1", 2),
    ("T03", "english-c1", 1),
    ("T07", "english-c1", 1),
    ("T17", "english-c1", 1),
]


def rows(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(f["course"], f["staff"], f["competency_code"], f["required_level"],
             f["actual_level"], f["severity"]) for f in report["findings"]]


def plan_rows(plan: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(p["staff"], p["programme"], len(p["covers"])) for p in plan["places"]]


@pytest.fixture
def demo_store(memory_store: GraphStore) -> GraphStore:
    load_demo_programme(memory_store)
    return memory_store


def test_demo_report_matches_the_hand_check(demo_store: GraphStore) -> None:
    """14 findings (3 violations, 11 warnings) exactly as listed in the module docstring."""
    report = staff_service.staff_readiness(demo_store, DEMO)
    assert rows(report) == EXPECTED
    s = report["summary"]
    assert s["counts"] == {"violation": 3, "warning": 11}
    assert (s["english_taught_courses"], s["english_taught_with_qualified_teacher"],
            s["english_taught_with_recommended_teacher"]) == (27, 23, 17)
    assert (s["staff"], s["staff_ready"]) == (25, 18)
    assert s["courses_without_teacher"] == ["CSE402"]
    assert s["staff_not_in_roster"] == []
    assert s["institution"] == "demo-steppe-tech"


def test_demo_plan_matches_the_hand_check(demo_store: GraphStore) -> None:
    """Greedy: the two lab places (two findings each, 48 h) first, then English to C1 by gain
    and staff id: 8 places, 7 staff, 816 hours; CSE402 (no teacher) stays uncovered."""
    plan = staff_service.development_plan(demo_store, DEMO)
    assert plan_rows(plan) == EXPECTED_PLAN
    assert (plan["summary"]["places"], plan["summary"]["staff"], plan["summary"]["hours"],
            plan["summary"]["covered"], plan["summary"]["uncovered"]) == (8, 7, 816, 13, 1)


def test_demo_api_matches(demo_store: GraphStore, app_client: Any) -> None:
    """GET /programmes/6B07101/staff and /staff/plan give the same answers."""
    report = app_client.get(f"/programmes/{DEMO}/staff").json()
    assert rows(report) == EXPECTED
    plan = app_client.get(f"/programmes/{DEMO}/staff/plan").json()
    assert plan_rows(plan) == EXPECTED_PLAN
    page = app_client.get(f"/programmes/{DEMO}/staff/plan", params={"format": "html",
                                                                     "lang": "kk"})
    assert page.status_code == 200 and "Біліктілікті арттыру жоспары" in page.text


@pytest.mark.parametrize("source", [DEMO_PROGRAMME_DIR,
                                    DEMO_PROGRAMME_DIR.parent / "demo-programme.xlsx"],
                         ids=["csv-folder", "xlsx"])
def test_demo_cli_on_the_workbook_matches(source: Path, tmp_path: Path) -> None:
    """`staff <workbook> --plan --format json` reads the workbook without storing it and gives
    the same plan; the report from `staff <workbook> --format json` has the same findings."""
    assert source.exists()
    store = tmp_path / "store"
    done = subprocess.run([str(BIN), "--store", str(store), "staff", str(source),
                           "--format", "json"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 1, done.stderr
    assert rows(json.loads(done.stdout)) == EXPECTED
    done = subprocess.run([str(BIN), "--store", str(store), "staff", str(source), "--plan",
                           "--format", "json"], capture_output=True, text=True, timeout=180)
    assert plan_rows(json.loads(done.stdout)) == EXPECTED_PLAN
    listed = subprocess.run([str(BIN), "--store", str(store), "query", "--format", "json",
                             "SELECT ?p WHERE { ?p a cg:EducationalProgramme }"],
                            capture_output=True, text=True, timeout=180)
    assert json.loads(listed.stdout)["results"]["bindings"] == []
