"""The e-learning space through the command line (as a user runs it) and the HTTP API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from competency_graph.io.moodle import HEADER
from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR, import_programme
from competency_graph.store import GraphStore
from tests.gaps.test_cli_api import run


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the demo programme, imported through the command line."""
    store = tmp_path_factory.mktemp("elearning-cli") / "store"
    done = run("import", str(DEMO_PROGRAMME_DIR), "--kind", "curriculum", store=store)
    assert done.returncode == 0, done.stderr
    return store


def test_resources_recommend_demo_programme_json(demo_store: Path) -> None:
    """`resources recommend 6B07101 --format json`: the issue's shape, resources per gap and
    per person, each with a reason."""
    done = run("resources", "recommend", "6B07101", "--format", "json", store=demo_store)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data["frameworks"]) == {"wa-2021", "eur-ace-2015-bachelor"}
    for rec in data["recommendations"]:
        assert {"item", "status", "resources"} <= set(rec)
        assert rec["status"] in ("missing", "partial")
        for res in rec["resources"]:
            assert {"name", "url", "level", "reason"} <= set(res) and rec["code"] in res["reason"]
    assert any(r["code"] == "WA11" and r["resources"] for r in data["recommendations"])
    people = {p["staff"]: p for p in data["staff"]}
    assert people and all(n["resources"] and n["resources"][0]["reason"]
                          for p in people.values() for n in p["needs"] if n["code"] == "SI1")
    text = run("resources", "recommend", "6B07101", "--framework", "esp-engineering",
               "--no-staff", store=demo_store)
    assert text.returncode == 0, text.stderr
    # the demo's English courses reach every esp-engineering item but MN-C1
    assert "[missing] esp-engineering:MN-C1" in text.stdout
    assert "https://www.coursera.org/learn/negotiation-skills" in text.stdout


def test_resources_path_and_coverage(demo_store: Path) -> None:
    done = run("resources", "path", "--from", "B1", "--to", "C1", "--lang", "en", "--format",
               "json", store=demo_store)
    assert done.returncode == 0, done.stderr
    path = json.loads(done.stdout)
    assert path["steps"] and path["total_hours"] == sum(s["hours"] for s in path["steps"])
    text = run("resources", "path", "--from", "B1", "--to", "C1", store=demo_store)
    assert f"total {path['total_hours']:g} h" in text.stdout
    bad = run("resources", "path", "--from", "C1", "--to", "B1", store=demo_store)
    assert bad.returncode == 2 and "error:" in bad.stderr and "Traceback" not in bad.stderr
    cov = run("resources", "coverage", "--format", "json", store=demo_store)
    assert cov.returncode == 0
    assert "esp-engineering:MN-C1" in json.loads(cov.stdout)["without_resource"]["kk"]
    html = run("resources", "coverage", "--format", "html", store=demo_store)
    assert html.stdout.startswith("<!doctype html>") and "<table>" in html.stdout


def test_template_import_export_on_the_command_line(demo_store: Path, tmp_path: Path) -> None:
    template = tmp_path / "resources.csv"
    assert run("template", "--kind", "resources", str(template), store=demo_store).returncode == 0
    lines = template.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,name,name@ru,name@kk") and lines[1].startswith("# en:")
    rows = template.read_text(encoding="utf-8") + (
        "my-1,My course,,,,https://example.org/c,Me,,en,course,B2,yes,"
        "esp-engineering:WR-B2,,engineering,4,yes,Free,,\n")
    template.write_text(rows, encoding="utf-8")
    done = run("import", str(template), "--kind", "resources", store=demo_store)
    assert done.returncode == 0 and "imported 1 learning resources" in done.stdout, done.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,url,language,teaches\nx,X,https://e.org,en,nope:NOPE\n",
                   encoding="utf-8")
    failed = run("import", str(bad), "--kind", "resources", store=demo_store)
    assert failed.returncode == 2 and "row 2, column 'teaches'" in failed.stderr
    exported = run("export", "wa-2021", "--format", "moodle", "--lang", "ru", store=demo_store)
    assert exported.returncode == 0
    first = exported.stdout.splitlines()[0]
    assert tuple(next(csv.reader(io.StringIO(first)))) == HEADER
    assert "Инженерные знания" in exported.stdout
    target = tmp_path / "wa.csv"
    target.write_text(exported.stdout, encoding="utf-8")
    back = run("import", str(target), "--kind", "moodle", "--id", "wa-2021-ru", store=demo_store)
    assert back.returncode == 0 and "11 items" in back.stdout, back.stderr
    wrong = run("export", "wa-2021", "--format", "skos", "--lang", "ru", store=demo_store)
    assert wrong.returncode == 2


def test_api(app_client: Any, memory_store: GraphStore) -> None:
    import_programme(memory_store, DEMO_PROGRAMME_DIR)
    got = app_client.get("/resources/recommendations/6B07101", params={"framework": "wa-2021"})
    assert got.status_code == 200, got.text
    assert any(r["code"] == "WA11" for r in got.json()["recommendations"])
    path = app_client.get("/resources/path", params={"from": "B1", "to": "C1"}).json()
    assert path["total_hours"] > 0
    assert app_client.get("/resources/path", params={"from": "X", "to": "C1"}).status_code == 422
    assert app_client.get("/resources/coverage").json()["resources"] >= 40
    assert app_client.get("/resources").json()["total"] >= 40
    page = app_client.get("/resources/coverage", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "<table>" in page.text
    rec_page = app_client.get("/resources/recommendations/6B07101",
                              params={"format": "html", "lang": "kk"})
    assert "Олқылықтарға арналған оқу ресурстары" in rec_page.text
    csv_answer = app_client.get("/frameworks/esp-engineering.moodle.csv", params={"lang": "kk"})
    assert csv_answer.status_code == 200
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.text.splitlines()[0].startswith("Parent id number,Id number,")
    body = (b"id,name,url,language,teaches\n"
            b"api-1,API course,https://example.org/a,en,esp-engineering:RD-B2\n")
    posted = app_client.post("/resources", params={"name": "api"}, content=body,
                             headers={"Content-Type": "text/csv"})
    assert posted.status_code == 201, posted.text
    assert posted.headers["location"].startswith("/resources")
    assert posted.json()["resources"] == 1
    bad = app_client.post("/resources", params={"name": "api"}, content=b"id,name\n",
                          headers={"Content-Type": "text/csv"})
    assert bad.status_code == 422


def test_api_import_needs_the_key(memory_store: GraphStore) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app
    from competency_graph.config import Settings

    app = create_app(Settings(store=":memory:", api_key="secret"), store=memory_store)
    with TestClient(app) as client:
        answer = client.post("/resources", content=b"id,name,url,language,teaches\n",
                             headers={"Content-Type": "text/csv"})
        assert answer.status_code in (401, 403)


def test_staff_plan_shows_resources_per_person(demo_store: Path) -> None:
    """`staff 6B07101 --plan --resources`: per person, per need, ranked resources with reasons.
    T11 lacks intercultural competence (SI2 at L2): UC Irvine's course and EQUiiP both score
    3 + 2 + 1 + 1 − 0.5 = 6.5; UC Irvine's 10 hours beat EQUiiP's 40."""
    done = run("staff", "6B07101", "--plan", "--resources", "--format", "json",
               store=demo_store)
    assert done.returncode in (0, 1), done.stderr
    people = {p["staff"]: p for p in json.loads(done.stdout)["resources"]}
    (si2,) = [n for n in people["T11"]["needs"] if n["code"] == "SI2"]
    assert [r["id"] for r in si2["resources"][:2]] == ["uci-intercultural-communication",
                                                        "equiip-modules"]
    assert si2["resources"][0]["score"] == 6.5
    assert "level L2 = target L2 (our estimate)" in si2["resources"][0]["reason"]
    text = run("staff", "6B07101", "--plan", "--resources", store=demo_store)
    assert "Learning resources per person" in text.stdout and "T11 needs SI2 at L2" in text.stdout
    refused = run("staff", "6B07101", "--resources", store=demo_store)
    assert refused.returncode == 2
