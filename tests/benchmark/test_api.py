"""The HTTP API: /institutions, indicator uploads, the benchmark in JSON/HTML/CSV, /studies."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from competency_graph.config import Settings
from competency_graph.services.benchmarking import indicators as ind
from competency_graph.store import GraphStore


@pytest.fixture
def client(app_client: Any, memory_store: GraphStore, dataset_dir: Path) -> Any:
    """The app over the in-memory store holding the hand-made dataset (writes open)."""
    ind.import_indicators(memory_store, dataset_dir)
    return app_client


def test_list_and_read_institutions(client: Any) -> None:
    """GET /institutions lists them all; GET /institutions/{id} one, 404 when unknown."""
    body = client.get("/institutions", params={"lang": "kk"}).json()
    assert body["count"] == 5
    u = next(i for i in body["data"] if i["id"] == "u-tech")
    assert u["name"] == "Тест техуниверситеті" and u["years"] == [2022, 2023, 2024]
    assert client.get("/institutions/p3").json()["country"] == "DE"
    missing = client.get("/institutions/nope")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_benchmark_json_matches_the_hand_computed_values(client: Any) -> None:
    """INT1 for u-tech in 2024: value 5, median 10, best 20, gap 15, rank 3 of 4 (see
    test_benchmark.py for the arithmetic)."""
    body = client.get("/institutions/u-tech/benchmark",
                      params={"year": 2024, "weights": "INT1=2", "targets": "INT1=10"}).json()
    int1 = next(r for r in body["indicators"] if r["code"] == "INT1")
    assert (int1["value"], int1["peer_median"], int1["best_in_class"]) == (5, 10, 20)
    assert int1["gaps"]["best_in_class"]["absolute"] == 15
    assert int1["gaps"]["target"]["attainment"] == pytest.approx(0.5)
    assert (int1["rank"], int1["rank_of"]) == (3, 4)
    assert body["composite"]["min_max"] == pytest.approx(0.325)


def test_benchmark_by_accept_header_and_format(client: Any) -> None:
    """text/html gives the radar page, text/csv the table, format= wins over Accept."""
    html = client.get("/institutions/u-tech/benchmark", params={"year": 2024, "peers": "p1"},
                      headers={"accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")
    assert "<svg" in html.text and "Peer One" in html.text
    got = client.get("/institutions/u-tech/benchmark", params={"year": 2024},
                     headers={"accept": "text/csv"})
    assert got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert [r["indicator"] for r in rows][:3] == ["INT1", "INT2", "INT3"]
    axios = client.get("/institutions/u-tech/benchmark", params={"year": 2024},
                       headers={"accept": "application/json, text/plain, */*"})
    assert axios.headers["content-type"].startswith("application/json")
    text = client.get("/institutions/u-tech/benchmark",
                      params={"year": 2024, "format": "text"}, headers={"accept": "text/html"})
    assert text.headers["content-type"].startswith("text/plain")


def test_benchmark_errors(client: Any) -> None:
    """Unknown institution 404; bad weights and an unknown peer 422 with every problem."""
    assert client.get("/institutions/nope/benchmark", params={"year": 2024}).status_code == 404
    bad = client.get("/institutions/u-tech/benchmark",
                     params={"year": 2024, "weights": "INT9=1,INT1=x", "peers": "p1"})
    assert bad.status_code == 422
    assert [e["json_path"] for e in bad.json()["errors"]] == ["weights", "weights"]
    assert client.get("/institutions/u-tech/benchmark",
                      params={"year": 2024, "peers": "ghost"}).status_code == 422


def test_upload_indicators_with_located_errors_and_nothing_stored(
        client: Any, memory_store: GraphStore) -> None:
    """A bad upload answers 422 with file, row and column per problem and stores nothing; a
    good one merges."""
    before = memory_store.triple_count()
    bad = ("institution,year,indicator,value,numerator,denominator\n"
           "u-tech,2025,INT1,,10,0\nu-tech,2025,INT2,101,,\n")
    response = client.post("/institutions/u-tech/indicators",
                           files={"file": ("bad.csv", bad.encode(), "text/csv")})
    assert response.status_code == 422
    assert [(e["file"], e["row"], e["column"]) for e in response.json()["errors"]] == [
        ("bad.csv", 2, "denominator"), ("bad.csv", 3, "value")]
    assert memory_store.triple_count() == before
    good = client.post("/institutions/u-tech/indicators",
                       files={"file": ("ok.csv", b"year,indicator,value\n2025,INT1,6\n",
                                       "text/csv")})
    assert good.status_code == 201 and good.json()["observations"] == 1
    assert good.headers["location"] == "/institutions/u-tech"
    assert client.get("/institutions/u-tech").json()["years"] == [2022, 2023, 2024, 2025]


def test_upload_institutions(client: Any) -> None:
    """POST /institutions upserts institutions from a CSV."""
    body = b"id,name,country,type\nnew-u,New University,KZ,research\n"
    response = client.post("/institutions", files={"file": ("i.csv", body, "text/csv")})
    assert response.status_code == 201 and response.headers["location"] == "/institutions"
    assert client.get("/institutions/new-u").json()["type"] == "research"
    assert client.get("/institutions").json()["count"] == 6


def test_writes_need_the_key(memory_store: GraphStore) -> None:
    """Without the API key an upload and a study creation are refused (401)."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    app = create_app(Settings(store=":memory:", api_key="secret"), store=memory_store)
    with TestClient(app) as c:
        up = c.post("/institutions/u-tech/indicators",
                    files={"file": ("x.csv", b"year,indicator,value\n2025,INT1,6\n")})
        assert up.status_code == 401
        assert c.post("/studies", json={"title": "t", "institution": "u", "year": 2024}
                      ).status_code == 401


def test_studies_crud(client: Any) -> None:
    """Create (201), read with suggestions, list, patch a stage, replace, benchmark, delete."""
    body = {"title": "Study", "institution": "u-tech", "year": 2024, "peers": ["p1"],
            "stages": [{"number": 1, "status": "completed", "start": "2025-01-01",
                        "end": "2025-01-20"}],
            "action_items": [{"indicator": "INT2", "target_value": 12,
                              "deadline": "2027-06-30", "owner": "HR"}]}
    created = client.post("/studies", json=body)
    assert created.status_code == 201
    study_id = created.json()["id"]
    assert study_id == "u-tech-2024"
    got = client.get(f"/studies/{study_id}").json()
    assert got["current_stage"] == 2 and len(got["stages"]) == 5
    assert got["action_items"][0]["suggested_programmes"]
    assert client.get("/studies").json()["count"] == 1
    patched = client.patch(f"/studies/{study_id}/stages/2",
                           json={"status": "in-progress", "start": "2025-01-21"})
    assert patched.json()["stages"][1]["status"] == "in-progress"
    replaced = client.put(f"/studies/{study_id}", json={**body, "title": "Renamed"})
    assert replaced.json()["title"] == "Renamed"
    assert replaced.json()["stages"][1]["status"] == "planned"  # PUT replaces the whole study
    bench = client.get(f"/studies/{study_id}/benchmark").json()
    assert [p["id"] for p in bench["peers"]] == ["p1"]
    assert next(r for r in bench["indicators"] if r["code"] == "INT2")["target"] == 12
    assert client.delete(f"/studies/{study_id}").status_code == 204
    assert client.get(f"/studies/{study_id}").status_code == 404


def test_study_validation_errors(client: Any) -> None:
    """Pydantic rejects a wrong shape; the service rejects bad references with JSON paths."""
    shape = client.post("/studies", json={"title": "x"})
    assert shape.status_code == 422
    refs = client.post("/studies", json={"title": "x", "institution": "ghost", "year": 2024,
                                         "action_items": [{"indicator": "INT1",
                                                           "target_value": 150}]})
    assert refs.status_code == 422
    assert [e["json_path"] for e in refs.json()["errors"]] == [
        "/institution", "/action_items/0/target_value"]
    assert client.patch("/studies/none/stages/1", json={"status": "completed"}
                        ).status_code == 404


def test_serve_loads_the_fictional_demo(memory_store: GraphStore) -> None:
    """An app started with demo data lists the eight fictional institutions and benchmarks one
    of them."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    app = create_app(Settings(store=":memory:", load_demo=True), store=memory_store)
    with TestClient(app) as c:
        body = c.get("/institutions").json()
        assert body["count"] == 8
        assert all(i["id"].startswith("demo-") for i in body["data"])
        report = c.get("/institutions/demo-steppe-tech/benchmark", params={"year": 2024})
        assert report.status_code == 200 and len(report.json()["peers"]) == 7


def test_study_page(client: Any) -> None:
    """GET /studies/{id}?format=html is the printable page with the five stages (localised),
    Camp's steps and the action plan with linked and suggested programmes."""
    client.post("/studies", json={
        "id": "s1", "title": "Study", "institution": "u-tech", "year": 2024,
        "stages": [{"number": 1, "status": "completed"}],
        "action_items": [{"indicator": "INT2", "target_value": 12, "owner": "HR",
                          "programmes": ["english-c1"]}]})
    page = client.get("/studies/s1", params={"format": "html", "lang": "ru"})
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "Определение объекта бенчмаркинга" in text and "Принятие мер" in text
    assert "завершён" in text and "Camp: 3. Plan and run the study" in text
    assert "Английский язык для преподавания в вузе" in text  # the linked programme, in ru
    assert "Методика EMI" in text  # a suggestion
    assert client.get("/studies/s1", headers={"accept": "text/html"}).text.startswith(
        "<!doctype html>")
