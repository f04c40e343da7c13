"""The staff commands and HTTP routes: same findings and plan from CLI and API, exit codes,
located import errors, the HTML page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from competency_graph.errors import InputError
from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services import staff as staff_service
from competency_graph.store import GraphStore

from .conftest import FIXTURES, PROGRAMME, PROGRAMME_GRAPH, load_fixture

BIN = Path(sys.executable).parent / "competency-graph"


def run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``competency-graph`` script as a user would."""
    return subprocess.run([str(BIN), "--store", str(store), *args], capture_output=True,
                          text=True, timeout=180)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the fixture programme (import --kind rdf) and the roster
    (import --kind staff), both loaded through the command line."""
    store = tmp_path_factory.mktemp("staff-cli") / "store"
    done = run("import", str(FIXTURES / "programme.ttl"), "--kind", "rdf", "--graph",
               PROGRAMME_GRAPH, store=store)
    assert done.returncode == 0, done.stderr
    done = run("import", str(FIXTURES / "roster.csv"), "--kind", "staff", store=store)
    assert done.returncode == 0, done.stderr
    assert "imported 6 staff member(s) of 'testu'" in done.stdout
    done = run("import", str(FIXTURES / "ready.ttl"), "--kind", "rdf", "--graph",
               graph_iri("programme", "7M99902", "1"), store=store)
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture
def client(app_client: Any, memory_store: GraphStore) -> Any:
    load_fixture(memory_store)
    return app_client


def test_cli_and_api_give_the_same_report(cli_store: Path, client: Any) -> None:
    """`staff ID --format json` and GET /programmes/ID/staff return the same findings and
    summary; the command exits 1 because there are violations."""
    done = run("staff", PROGRAMME, "--format", "json", store=cli_store)
    assert done.returncode == 1, done.stderr
    cli = json.loads(done.stdout)
    response = client.get(f"/programmes/{PROGRAMME}/staff")
    assert response.status_code == 200
    api = response.json()
    assert cli["findings"] == api["findings"]
    assert cli["summary"] == api["summary"]
    assert len(api["findings"]) == 10
    assert api["summary"]["counts"] == {"violation": 3, "warning": 7}


def test_cli_and_api_give_the_same_plan(cli_store: Path, client: Any) -> None:
    """`staff ID --plan --format json` and GET /programmes/ID/staff/plan agree: 7 places."""
    done = run("staff", PROGRAMME, "--plan", "--format", "json", store=cli_store)
    assert done.returncode == 1, done.stderr
    cli = json.loads(done.stdout)
    api = client.get(f"/programmes/{PROGRAMME}/staff/plan").json()
    assert cli == api
    assert api["summary"]["places"] == 7 and api["summary"]["hours"] == 540


def test_text_output_and_options(cli_store: Path) -> None:
    """The text report lists each finding and the plan; --english-floor B1 turns the B1
    teacher's violation into a warning; a ready programme exits 0."""
    done = run("staff", PROGRAMME, "--plan", store=cli_store)
    assert done.returncode == 1
    assert "violation       C102       T3       SI1  required B2, actual B1" in done.stdout
    assert "T1       → International teaching lab" in done.stdout
    done = run("staff", PROGRAMME, "--english-floor", "B1", "--format", "json", store=cli_store)
    findings = json.loads(done.stdout)["findings"]
    t3 = [f for f in findings if f["staff"] == "T3"]
    assert [(f["severity"], f["required_level"]) for f in t3] == [("warning", "C1")]
    done = run("staff", "7M99902", store=cli_store)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Every teacher meets every requirement." in done.stdout


def test_bad_input_exits_2_with_a_message(cli_store: Path) -> None:
    """An unknown programme or policy level is bad input (exit 2) named on stderr."""
    done = run("staff", "NOPE", store=cli_store)
    assert done.returncode == 2 and "no programme NOPE" in done.stderr
    done = run("staff", PROGRAMME, "--english-floor", "D1", store=cli_store)
    assert done.returncode == 2 and "'D1' is not a level of 'cefr'" in done.stderr


def test_roster_errors_are_located_and_nothing_is_stored(tmp_path: Path) -> None:
    """Every bad cell is reported with file, row and column, exit 2, and the store keeps no
    staff graph; the same file with --institution and fixed cells imports."""
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,english,competences\nA1,Ann,B9,\nA2,,C1,staff-intl:SI2@X\n",
                   encoding="utf-8")
    store = tmp_path / "store"
    done = run("import-staff", str(bad), "--institution", "uni", store=store)
    assert done.returncode == 2
    assert "bad.csv, sheet 'bad', row 2, column 'english'" in done.stderr
    assert "row 3, column 'name'" in done.stderr
    assert "row 3, column 'competences'" in done.stderr
    query = run("query", "--format", "json", "SELECT ?s WHERE { ?s a cg:StaffMember }",
                store=store)
    assert json.loads(query.stdout)["results"]["bindings"] == []
    done = run("import", str(bad), "--kind", "staff", store=store)
    assert done.returncode == 2 and "no institution" in done.stderr
    good = tmp_path / "good.csv"
    good.write_text("id,name,english\nA1,Ann,B2\n", encoding="utf-8")
    done = run("import-staff", str(good), "--institution", "uni", store=store)
    assert done.returncode == 0, done.stderr
    assert "graph/staff/uni" in done.stdout


def test_roster_import_is_atomic_and_replaces(memory_store: GraphStore, tmp_path: Path) -> None:
    """Re-importing a roster replaces the institution's graph; a roster naming two
    institutions fills two graphs in one go."""
    path = tmp_path / "r.csv"
    path.write_text("id,name,institution,english\nX1,A,u1,B2\nX2,B,u2,C1\n", encoding="utf-8")
    result = staff_service.import_staff_roster(memory_store, path)
    assert result.staff == {"u1": 1, "u2": 1}
    assert {staff_service.staff_graph("u1"), staff_service.staff_graph("u2")} <= set(
        memory_store.graph_names())
    path.write_text("id,name,institution\nX3,C,u1\n", encoding="utf-8")
    staff_service.import_staff_roster(memory_store, path)
    text = memory_store.export_graph(staff_service.staff_graph("u1"), "ntriples").decode()
    assert "/staff/X3>" in text and "/staff/X1>" not in text


def test_api_errors_and_html(client: Any) -> None:
    """Unknown programme → 404 problem; bad level → 422; format=html → a page in Russian."""
    response = client.get("/programmes/NOPE/staff")
    assert response.status_code == 404
    response = client.get(f"/programmes/{PROGRAMME}/staff", params={"english_floor": "Z9"})
    assert response.status_code == 422
    response = client.get(f"/programmes/{PROGRAMME}/staff/plan",
                          params={"format": "html", "lang": "ru"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Готовность ППС к интернационализации" in page
    assert "План повышения квалификации" in page and "<svg" in page
    assert page.count('class="badge violation"') == 3


def test_the_workbook_staff_sheet_converter_is_used_by_the_report(memory_store: GraphStore
                                                                  ) -> None:
    """Staff that arrive through staff_to_ntriples into graph/staff/<inst>/programme/<id> (as
    the curriculum importer writes them) are found by the report like roster staff."""
    from competency_graph.io.staff import staff_to_ntriples

    memory_store.replace_graph(PROGRAMME_GRAPH, RdfPayload(
        (FIXTURES / "programme.ttl").read_bytes(), "turtle", "programme.ttl"))
    data, problems = staff_to_ntriples(
        [{"id": "T3", "name": "Dana", "english": "C1"}], institution="testu",
        file="wb.xlsx", sheet="staff")
    assert problems == []
    memory_store.replace_graph(graph_iri("staff", "testu", "programme", PROGRAMME),
                               RdfPayload(data, "ntriples", "wb"))
    report = staff_service.staff_readiness(memory_store, PROGRAMME)
    assert not any(f["staff"] == "T3" for f in report["findings"])
    assert "T3" not in report["summary"]["staff_not_in_roster"]


@pytest.mark.browser
def test_the_html_page_renders_in_a_browser(live_server: Any, memory_store: GraphStore,
                                            tmp_path: Path) -> None:
    """The report page with its plan renders in headless chromium (not blank)."""
    from tests.conftest import png_variety, screenshot

    load_fixture(memory_store)
    url = f"{live_server.url}/programmes/{PROGRAMME}/staff/plan?format=html"
    assert httpx.get(url, timeout=30).status_code == 200
    png = screenshot(url, tmp_path / "staff.png")
    assert png_variety(png) > 200


def test_roster_upload_over_http(app_client: Any, memory_store: GraphStore) -> None:
    """POST /institutions/{id}/staff stores a roster (warnings returned); a bad roster is a
    422 problem listing every located error, and stores nothing."""
    good = b"id,name,english,office\nU1,Ann,B2,301\n"
    response = app_client.post("/institutions/uni/staff",
                               files={"file": ("roster.csv", good, "text/csv")})
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/institutions/uni/staff"
    body = response.json()
    assert body["staff"] == {"uni": 1}
    assert body["warnings"][0]["column"] == "office"
    assert body["warnings"][0]["file"] == "roster.csv"
    bad = b"id,name,english\nU2,,Q7\n"
    response = app_client.post("/institutions/uni2/staff",
                               files={"file": ("bad.csv", bad, "text/csv")})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(2, "name"), (2, "english")}
    assert all(e["file"] == "bad.csv" for e in errors)
    assert staff_service.staff_graph("uni2") not in memory_store.graph_names()


def test_roster_resolves_items_of_an_imported_framework(memory_store: GraphStore,
                                                        tmp_path: Path) -> None:
    """A roster may name items of a framework imported into the store (not bundled): the
    import resolves codes and levels from the store."""
    fw = "https://w3id.org/competency-graph/framework/"
    memory_store.replace_graph(graph_iri("framework", "my-fw"), RdfPayload(f"""
        @prefix cg: <https://w3id.org/competency-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <{fw}my-fw> a cg:CompetencyFramework ; dcterms:identifier "my-fw" ;
            cg:levelScale <{fw}my-scale> .
        <{fw}my-fw/K1> a cg:Competency ; skos:inScheme <{fw}my-fw> ; skos:notation "K1" .
        <{fw}my-scale> a cg:LevelScale ; dcterms:identifier "my-scale" .
        <{fw}my-scale/low> a cg:Level ; skos:inScheme <{fw}my-scale> ; skos:notation "low" ;
            cg:rank 1 .
    """.encode(), "turtle", "my-fw.ttl"))
    path = tmp_path / "r.csv"
    path.write_text("id,name,competences\nX1,A,my-fw:K1@low\n", encoding="utf-8")
    result = staff_service.import_staff_roster(memory_store, path, institution="u")
    assert result.staff == {"u": 1}
    text = memory_store.export_graph(staff_service.staff_graph("u"), "ntriples").decode()
    assert f"<{fw}my-scale/low>" in text
    path.write_text("id,name,competences\nX1,A,my-fw:K1@high\n", encoding="utf-8")
    with pytest.raises(InputError, match="'high' is not a level of 'my-scale'"):
        staff_service.import_staff_roster(memory_store, path, institution="u")
