"""Institution-wide staff readiness: every current programme of an institution, aggregated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from competency_graph.errors import NotFoundError
from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services import staff as staff_service
from competency_graph.store import GraphStore

from .conftest import FIXTURES, PROGRAMME, PROGRAMME_GRAPH

BIN = Path(sys.executable).parent / "competency-graph"


@pytest.fixture
def two_programmes(staff_store: GraphStore) -> GraphStore:
    """The fixture programme plus 7M99902 (one English course taught by T2, who is ready),
    both offered by testu."""
    staff_store.replace_graph(graph_iri("programme", "7M99902", "1"), RdfPayload(
        (FIXTURES / "ready.ttl").read_bytes(), "turtle", "ready.ttl"))
    return staff_store


def test_institution_report_aggregates_programmes(two_programmes: GraphStore) -> None:
    """Findings carry their programme; English-taught courses add up over programmes (5 + 1,
    the new one qualified); T2, who teaches in both, counts once."""
    report = staff_service.institution_readiness(two_programmes, "testu")
    s = report["summary"]
    assert [p["programme"] for p in report["programmes"]] == [PROGRAMME, "7M99902"]
    assert {f["programme"] for f in report["findings"]} == {PROGRAMME}
    assert s["counts"] == {"violation": 3, "warning": 7}
    assert (s["english_taught_courses"], s["english_taught_with_qualified_teacher"]) == (6, 3)
    assert s["staff"] == 6 and s["programmes"] == 2
    cs = next(d for d in s["departments"] if d["department"] == "Computer Science")
    assert (cs["english_taught_courses"], cs["english_taught_with_qualified_teacher"]) == (3, 3)


def test_institution_plan_covers_all_programmes(two_programmes: GraphStore) -> None:
    """One set cover over all findings: the same 7 places as the single programme here."""
    plan = staff_service.institution_plan(two_programmes, "testu")
    assert plan["summary"]["places"] == 7 and plan["summary"]["institution"] == "testu"
    assert all(c["programme"] == PROGRAMME for p in plan["places"] for c in p["covers"])


def test_unknown_institution(memory_store: GraphStore) -> None:
    """An institution without programmes is not found."""
    with pytest.raises(NotFoundError):
        staff_service.institution_readiness(memory_store, "nowhere")


def test_institution_api_and_html(two_programmes: GraphStore, app_client: Any) -> None:
    """GET /institutions/testu/staff(/plan) answer JSON and HTML; unknown → 404."""
    body = app_client.get("/institutions/testu/staff").json()
    assert body["summary"]["programmes"] == 2
    page = app_client.get("/institutions/testu/staff/plan", params={"format": "html"})
    assert page.status_code == 200 and "testu: all programmes" in page.text
    assert f"{PROGRAMME} · C102" in page.text
    assert app_client.get("/institutions/nowhere/staff").status_code == 404


def test_institution_cli(tmp_path: Path) -> None:
    """`staff-institution testu --plan` prints the findings with their programme; exit 1."""
    store = tmp_path / "store"
    for args in (["import", str(FIXTURES / "programme.ttl"), "--kind", "rdf", "--graph",
                  PROGRAMME_GRAPH],
                 ["import", str(FIXTURES / "roster.csv"), "--kind", "staff"]):
        done = subprocess.run([str(BIN), "--store", str(store), *args], capture_output=True,
                              text=True, timeout=180)
        assert done.returncode == 0, done.stderr
    done = subprocess.run([str(BIN), "--store", str(store), "staff-institution", "testu",
                           "--plan"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 1, done.stderr
    assert f"violation       {PROGRAMME}/C102" in done.stdout
    assert "7 places" in done.stdout
