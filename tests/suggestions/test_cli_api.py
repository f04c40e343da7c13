"""The suggestion commands and routes: CLI JSON shape and exit codes, HTTP JSON/HTML, the
POST that records accepted suggestions as a new programme version (issue 18)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from competency_graph.config import Settings
from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR, get_programme, import_programme
from competency_graph.store import GraphStore
from tests.suggestions.conftest import HOME, PARTNER

BIN = Path(sys.executable).parent / "competency-graph"


def run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``competency-graph`` script as a user would."""
    return subprocess.run([str(BIN), "--store", str(store), *args], capture_output=True,
                          text=True, timeout=300)


def test_cli_suggest_json_shape(tmp_path: Path) -> None:
    done = run("suggest", str(DEMO_PROGRAMME_DIR), "--all", "--top", "2", "--format", "json",
               store=tmp_path / "store")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) >= {"suggestions"}
    entries = report["suggestions"]
    # --all: every course outcome and programme outcome of the demo
    assert {e["outcome"] for e in entries} >= {"HIK101/LO1", "PO1", "PO12"}
    for entry in entries:
        assert set(entry) >= {"outcome", "text", "candidates"}
        assert len(entry["candidates"]) <= 2
        for c in entry["candidates"]:
            assert set(c) == {"target", "framework", "score", "reason"}
            assert isinstance(c["score"], float) and 0 < c["score"] < 1
            assert c["framework"] in (None, "wa-2021", "eur-ace-2015-bachelor")
    pos = next(e for e in entries if e["outcome"] == "PO10")
    # "Apply engineering management principles and economic decision-making to projects"
    assert (pos["candidates"][0]["target"], pos["candidates"][0]["framework"]) == (
        "WA10", "wa-2021")


def test_cli_errors_exit_2_with_a_located_message(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("import", str(HOME), "--kind", "curriculum", store=store).returncode == 0
    done = run("occupation-gap", "SUG-HOME", "--occupation", "2512", store=store)
    assert done.returncode == 2
    assert "occupation" in done.stderr and "ESCO is not imported" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("suggest", "NO-SUCH-PROGRAMME", store=store)
    assert done.returncode == 2 and "no programme NO-SUCH-PROGRAMME" in done.stderr
    bad = tmp_path / "la.csv"
    bad.write_text("home_course,partner_course\nDB201,NOPE\n", encoding="utf-8")
    done = run("recognise", str(HOME), str(PARTNER), "--agreement", str(bad), store=store)
    assert done.returncode == 2
    assert "row 2" in done.stderr and "partner_course" in done.stderr
    done = run("recognise", str(HOME), str(PARTNER), store=store)
    assert done.returncode == 0 and "DB201" in done.stdout


def _stored(store: GraphStore) -> None:
    import_programme(store, HOME)
    import_programme(store, PARTNER)


def test_api_suggestions_json_and_html(app_client: Any, memory_store: GraphStore) -> None:
    _stored(memory_store)
    response = app_client.get("/programmes/SUG-HOME/suggestions",
                              params={"to": "wa-2021", "top": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["targets"] == ["wa-2021"]
    assert len(body["suggestions"]) == 11  # every home outcome is unaligned
    html = app_client.get("/programmes/SUG-HOME/suggestions",
                          headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "Alignment suggestions" in html.text
    ru = app_client.get("/programmes/SUG-HOME/suggestions", params={"format": "html",
                                                                   "lang": "ru"})
    assert "Предложения по согласованию" in ru.text
    assert app_client.get("/programmes/NOPE/suggestions").status_code == 404
    # over HTTP a programme is a stored id, never a file on the server (pyproject.toml exists here)
    assert Path("pyproject.toml").exists()
    assert app_client.get("/programmes/pyproject.toml/suggestions").status_code == 404
    assert app_client.get("/programmes/SUG-HOME@1/suggestions").status_code == 200
    assert app_client.get("/programmes/SUG-HOME@9/suggestions").status_code == 404
    bad = app_client.get("/programmes/SUG-HOME/suggestions", params={"top": 0})
    assert bad.status_code == 422 and bad.json()["errors"][0]["json_path"] == "query/top"


def test_api_recognition_and_occupation_gap(app_client: Any, memory_store: GraphStore,
                                            tmp_path: Path) -> None:
    _stored(memory_store)
    response = app_client.get("/programmes/SUG-HOME/recognition",
                              params={"partner": "SUG-PARTNER"})
    assert response.status_code == 200
    assert response.json()["summary"]["ects_recognised"] == 5.0
    with_agreement = app_client.post(
        "/programmes/SUG-HOME/recognition", params={"partner": "SUG-PARTNER"},
        files={"agreement": ("la.csv", b"home_course,partner_course\nNET301,P-NET\n"
                                       b"NET301,P-ART\n", "text/csv")})
    assert with_agreement.status_code == 200
    assert with_agreement.json()["courses"][0]["status"] == "full"
    bad = app_client.post(
        "/programmes/SUG-HOME/recognition", params={"partner": "SUG-PARTNER"},
        files={"agreement": ("la.csv", b"home_course,partner_course\nNOPE,P-NET\n",
                             "text/csv")})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["row"] == 2
    gap = app_client.get("/programmes/SUG-HOME/occupation-gap", params={"occupation": "2512"})
    assert gap.status_code == 422 and "ESCO is not imported" in gap.text


def test_api_post_records_accepted_suggestions_in_a_new_version(
        app_client: Any, memory_store: GraphStore) -> None:
    _stored(memory_store)
    response = app_client.post("/programmes/SUG-HOME/suggestions", json={"alignments": [
        {"outcome": "DB201/LO1", "target": "wa-2021:WA3", "level": "R", "score": 0.42},
    ]})
    assert response.status_code == 201, response.text
    assert response.json()["version"] == "2"
    new = get_programme(memory_store, "SUG-HOME")
    assert new["version"] == "2" and new["current"]
    db = next(c for c in new["courses"] if c["code"] == "DB201")
    lo1 = next(o for o in db["outcomes"] if o["id"] == "LO1")
    assert [(a["target"], a["level"]) for a in lo1["aligned_to"]] == [("wa-2021:WA3", "R")]
    old = get_programme(memory_store, "SUG-HOME", version="1")
    assert not old["current"]
    assert all(not o["aligned_to"] for c in old["courses"] for o in c["outcomes"])
    # the new version has every course and outcome of the old one
    assert [len(c["outcomes"]) for c in new["courses"]] == [
        len(c["outcomes"]) for c in old["courses"]]
    # an aligned outcome is no longer suggested
    after = app_client.get("/programmes/SUG-HOME/suggestions").json()
    assert "DB201/LO1" not in {s["outcome"] for s in after["suggestions"]}


def test_api_post_refuses_bad_entries_and_writes_nothing(
        app_client: Any, memory_store: GraphStore) -> None:
    _stored(memory_store)
    response = app_client.post("/programmes/SUG-HOME/suggestions", json={"alignments": [
        {"outcome": "DB201/LO9", "target": "wa-2021:WA3"},
        {"outcome": "DB201/LO1", "target": "wa-2021:WA99", "level": "X"},
    ]})
    assert response.status_code == 422
    paths = [e["json_path"] for e in response.json()["errors"]]
    assert paths == ["alignments[0].outcome", "alignments[1].target", "alignments[1].level"]
    assert get_programme(memory_store, "SUG-HOME")["version"] == "1"


def test_api_post_needs_the_api_key(memory_store: GraphStore) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app

    _stored(memory_store)
    app = create_app(Settings(store=":memory:", api_key="secret"), store=memory_store)
    with TestClient(app) as client:
        body = {"alignments": [{"outcome": "DB201/LO1", "target": "wa-2021:WA3"}]}
        assert client.post("/programmes/SUG-HOME/suggestions", json=body).status_code == 401
        ok = client.post("/programmes/SUG-HOME/suggestions", json=body,
                         headers={"X-API-Key": "secret"})
        assert ok.status_code == 201


def test_cli_write_workbook_csv_folder_and_xlsx(tmp_path: Path) -> None:
    from competency_graph.io.workbook import read_tables

    store = tmp_path / "store"
    out = tmp_path / "copy"
    before = {p.name: p.read_bytes() for p in HOME.iterdir()}
    done = run("suggest", str(HOME), "--to", "programme-outcomes", "--top", "1",
               "--write-workbook", str(out), store=store)
    # the home fixture has no programme outcomes: a located error, nothing written
    assert done.returncode == 2 and "no programme outcomes" in done.stderr
    assert not out.exists()
    done = run("suggest", str(HOME), "--to", "wa-2021", "--top", "2", "--format", "json",
               "--write-workbook", str(out), store=store)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    tables, problems = read_tables(out)
    assert not problems.errors
    rows = {f"{r['course']}/{r['id']}": r for _, r in tables["outcomes"].rows}
    for entry in report["suggestions"]:
        expected = "; ".join(f"{c['framework']}:{c['target']}@I" for c in entry["candidates"])
        assert rows[entry["outcome"]]["aligned_to_suggested"] == expected
        assert rows[entry["outcome"]]["suggestion_scores"] == "; ".join(
            f"{c['score']:.3f}" for c in entry["candidates"])
        assert rows[entry["outcome"]]["aligned_to"] == ""  # nothing accepted silently
    assert {p.name: p.read_bytes() for p in HOME.iterdir()} == before
    # the copy still imports (the two columns become notes, with a warning)
    done = run("import", str(out), store=store)
    assert done.returncode == 0, done.stderr
    again = run("suggest", str(HOME), "--write-workbook", str(out), store=store)
    assert again.returncode == 2 and "already exists" in again.stderr

    xlsx = tmp_path / "demo.xlsx"
    done = run("suggest", str(DEMO_PROGRAMME_DIR.parent / "demo-programme.xlsx"), "--all",
               "--top", "1", "--write-workbook", str(xlsx), store=store)
    assert done.returncode == 0, done.stderr
    tables, problems = read_tables(xlsx)
    assert not problems.errors
    po1 = next(r for _, r in tables["programme_outcomes"].rows if r["id"] == "PO1")
    assert po1["aligned_to_suggested"].endswith("@I") and ":" in po1["aligned_to_suggested"]


def test_accepted_suggestions_never_reuse_a_deleted_version_number(
        app_client: Any, memory_store: GraphStore) -> None:
    """The new version's number comes from the store's ledger, as an import's does: after
    version 2 is deleted, the next accepted suggestion makes version 3, not 2 again; the
    attribution text with quotes and a line break is stored as written."""
    from competency_graph.namespaces import data_iri, item_iri
    from competency_graph.services.curriculum import add_alignments, delete_programme

    _stored(memory_store)
    body = {"alignments": [{"outcome": "DB201/LO1", "target": "wa-2021:WA3", "level": "R"}]}
    assert app_client.post("/programmes/SUG-HOME/suggestions", json=body).json()["version"] == "2"
    delete_programme(memory_store, "SUG-HOME", "2")
    source = data_iri("programme", "SUG-HOME", "1", "course", "DB201", "outcome", "LO1")
    summary = add_alignments(memory_store, "SUG-HOME",
                             [(source, item_iri("wa-2021", "WA3"), item_iri("irm", "R"), 0.5)],
                             attributed_to='a "reviewer"\nat night')
    assert summary.version == "3"
    rows = memory_store.run_user_query(
        "SELECT ?who WHERE { GRAPH <https://w3id.org/competency-graph/graph/programme/SUG-HOME/3>"
        " { ?a prov:wasAttributedTo ?who } }")
    [binding] = json.loads(rows.body)["results"]["bindings"]
    assert binding["who"]["value"] == 'a "reviewer"\nat night'
