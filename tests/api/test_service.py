"""The service skeleton: /health, the SPARQL 1.1 Protocol endpoint, problem+json, /docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from competency_graph.config import Settings
from competency_graph.services import open_store

COUNT_CLASSES = ("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a owl:Class "
                 "FILTER(STRSTARTS(STR(?c), STR(cg:))) }")


def test_health(app_client: Any) -> None:
    """/health reports the store kind, its size and the ontology version."""
    response = app_client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["store"] == "oxigraph-memory"
    assert body["triples"] > 1000
    assert body["ontology_version"] == "0.1.0"


def test_sparql_get_counts_the_ontology_classes(app_client: Any) -> None:
    """GET /sparql answers in SPARQL JSON by default."""
    response = app_client.get("/sparql", params={"query": COUNT_CLASSES})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    value = response.json()["results"]["bindings"][0]["n"]["value"]
    assert int(value) >= 30


@pytest.mark.parametrize(("accept", "media", "marker"), [
    ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
    ("text/csv", "text/csv", "n\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", "?n"),
    ("application/json", "application/sparql-results+json", '"bindings"'),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
])
def test_sparql_results_negotiation(app_client: Any, accept: str, media: str, marker: str) -> None:
    """SELECT results follow the Accept header (q-values honoured)."""
    response = app_client.get("/sparql", params={"query": COUNT_CLASSES},
                              headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert marker in response.text


@pytest.mark.parametrize(("accept", "media"), [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
])
def test_sparql_graph_negotiation(app_client: Any, accept: str, media: str) -> None:
    """CONSTRUCT answers in the asked RDF format."""
    query = "CONSTRUCT { cg:Course ?p ?o } WHERE { cg:Course ?p ?o }"
    response = app_client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Course" in response.text


def test_sparql_post_form_and_direct(app_client: Any) -> None:
    """POST with a form body and with application/sparql-query both work."""
    form = app_client.post("/sparql", data={"query": "ASK { cg:Course a owl:Class }"})
    assert form.status_code == 200
    assert form.json()["boolean"] is True
    direct = app_client.post("/sparql", content="ASK { cg:Nothing a owl:Class }",
                             headers={"Content-Type": "application/sparql-query"})
    assert direct.status_code == 200
    assert direct.json()["boolean"] is False


@pytest.mark.parametrize("request_kind", ["form-update", "sparql-update", "update-as-query"])
def test_updates_are_refused(app_client: Any, request_kind: str) -> None:
    """An update sent to /sparql is refused with 403 and the store is unchanged."""
    store = app_client.app.state.store  # counted directly: /health reuses its count
    before = store.triple_count()
    if request_kind == "form-update":
        response = app_client.post("/sparql", data={"update": "DROP ALL"})
    elif request_kind == "sparql-update":
        response = app_client.post("/sparql", content="DROP ALL",
                                   headers={"Content-Type": "application/sparql-update"})
    else:
        response = app_client.get("/sparql", params={"query": "CLEAR ALL"})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "read-only" in response.json()["detail"]
    assert store.triple_count() == before


def test_syntax_error_is_a_400_problem(app_client: Any) -> None:
    """A malformed query gives 400 problem+json with the position."""
    response = app_client.get("/sparql", params={"query": "SELEC * WHERE {}"})
    assert response.status_code == 400
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Bad request"
    assert problem["errors"][0]["line"] == 1


@pytest.mark.parametrize(("params", "status"), [
    ({}, 400),
    ({"query": "ASK {}", "default-graph-uri": "not an iri"}, 422),
])
def test_protocol_errors(app_client: Any, params: dict[str, str], status: int) -> None:
    """A missing query and a dataset IRI that is not an IRI are client errors."""
    response = app_client.get("/sparql", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")


def test_dataset_parameters_choose_the_default_graph(app_client: Any) -> None:
    """default-graph-uri restricts the default graph to the named graphs given."""
    ontology = "https://w3id.org/competency-graph/graph/ontology"
    framework = "https://w3id.org/competency-graph/graph/framework/wa-2021"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a cg:Competency }"
    only_tbox = app_client.get("/sparql", params={"query": query, "default-graph-uri": ontology})
    with_wa = app_client.get("/sparql", params={"query": query,
                                                "default-graph-uri": [ontology, framework]})
    assert only_tbox.json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert with_wa.json()["results"]["bindings"][0]["n"]["value"] == "11"


def test_repeated_query_parameter_and_wrong_media_type(app_client: Any) -> None:
    """Two query parameters are a 400; an unknown POST body type is a 415."""
    twice = app_client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert twice.status_code == 400
    odd = app_client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert odd.status_code == 415


def test_query_time_limit_gives_503() -> None:
    """A query that runs past the limit is stopped and answered 503."""
    store = open_store(Settings(store=":memory:", query_timeout=0.5))
    app = create_app(Settings(store=":memory:"), store=store)
    with TestClient(app) as client:
        response = client.get("/sparql", params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert response.status_code == 503
        assert "time limit" in response.json()["detail"]
        assert client.get("/health").status_code == 200
    store.close()


def test_openapi_docs(app_client: Any) -> None:
    """/docs serves the OpenAPI UI and /openapi.json lists the endpoints."""
    assert app_client.get("/docs").status_code == 200
    paths = app_client.get("/openapi.json").json()["paths"]
    assert {"/health", "/sparql"} <= set(paths)


def test_unknown_path_is_a_404_problem(app_client: Any) -> None:
    """Errors are RFC 9457 problem details."""
    response = app_client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_over_real_http(live_server: Any) -> None:
    """The endpoints answer over loopback through uvicorn."""
    health = httpx.get(f"{live_server.url}/health", timeout=10)
    assert health.status_code == 200
    response = httpx.get(f"{live_server.url}/sparql", params={"query": COUNT_CLASSES},
                         headers={"Accept": "text/csv"}, timeout=10)
    assert response.status_code == 200
    assert int(response.text.splitlines()[1]) >= 30


def test_serve_command_starts_the_service(tmp_path: Path) -> None:
    """`competency-graph serve` (what `make run` runs) serves /health on an on-disk store."""
    from tests.conftest import free_port

    port = free_port()
    binary = Path(sys.executable).parent / "competency-graph"
    env = {**os.environ, "COMPETENCY_GRAPH_STORE": str(tmp_path / "store")}
    process = subprocess.Popen([str(binary), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                if response.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "serve did not answer within 60 s"
            time.sleep(0.2)
        body = response.json()
        assert body["store"] == "oxigraph-disk"
        assert body["triples"] > 1000
        answer = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": COUNT_CLASSES},
                           timeout=30)
        assert int(json.loads(answer.text)["results"]["bindings"][0]["n"]["value"]) >= 30
    finally:
        process.terminate()
        process.wait(timeout=20)
