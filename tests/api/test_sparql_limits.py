"""The public SPARQL endpoint's limits over HTTP (issue 14, Build 9): a long query is refused
before its body is read whole, SERVICE never reaches out, big answers fail with a problem
instead of a gigabyte of JSON, and one client's runaway queries do not starve the others."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from competency_graph import services
from competency_graph.config import Settings
from competency_graph.store import GraphStore

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SETTINGS = Settings(store=":memory:", open_writes=True, sparql_max_query_chars=2000,
                    sparql_max_rows=50, sparql_slots=3, sparql_slots_per_client=1,
                    sparql_slot_wait=0.5, query_timeout=20)


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    opened = services.open_store(SETTINGS)
    yield opened
    opened.close()


def client_at(store: GraphStore, address: str) -> TestClient:
    """A test client whose requests come from ``address`` (a label in the ASGI scope)."""
    return TestClient(create_app(SETTINGS, store=store), client=(address, 50000))


@pytest.fixture(scope="module")
def http(store: GraphStore) -> Iterator[TestClient]:
    with client_at(store, "127.0.0.2") as client:
        yield client


def test_a_long_query_body_gets_413_before_it_is_read(http: TestClient) -> None:
    """The reported 100 MB query: refused by its declared length, as a problem."""
    body = "ASK {}\n#" + "x" * 100_000
    for content_type, data in (("application/sparql-query", body),
                               ("application/x-www-form-urlencoded", "query=" + body)):
        response = http.post("/sparql", content=data.encode(),
                             headers={"Content-Type": content_type})
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "2,000" in response.json()["detail"]


def test_a_query_just_under_the_limit_is_answered(http: TestClient) -> None:
    """The limit counts characters: a query of exactly the limit passes."""
    body = "ASK {}\n#" + "ж" * (2000 - 8)
    response = http.post("/sparql", content=body.encode(),
                         headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 200, response.text
    long_get = http.get("/sparql", params={"query": body + "x"})
    assert long_get.status_code in (413, 422)


def test_service_is_refused_with_403_and_nothing_is_fetched(http: TestClient) -> None:
    """The reported SSRF over HTTP: 403 problem, and the target never gets a connection."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.5)
    port = sock.getsockname()[1]
    try:
        response = http.get("/sparql", params={
            "query": f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/> "
                     "{ ?s ?p ?o } }"})
        assert response.status_code == 403
        assert "SERVICE" in response.json()["detail"]
        with pytest.raises(OSError):
            sock.accept()  # times out: nobody connected
    finally:
        sock.close()


def test_an_answer_over_the_row_cap_is_a_422_problem(http: TestClient) -> None:
    """The reported 2M-row SELECT: now a problem that says how to page, not 1 GB of JSON."""
    query = "SELECT ?i WHERE { VALUES ?i { " + " ".join(map(str, range(51))) + " } }"
    response = http.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 422
    assert "LIMIT" in response.json()["detail"]
    response = http.get("/sparql", params={"query": query + " LIMIT 50"},
                        headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.text.count("\n") == 51


def test_runaway_queries_of_two_clients_leave_room_for_a_third(store: GraphStore) -> None:
    """The reported outage: two runaway queries made every other request 503 for 30 s. Now
    each client holds one slot at most: a third client is answered while both run, and a
    runaway client's second query is refused at once (503, Retry-After)."""
    statuses: list[int] = []

    def runaway(address: str) -> None:
        with client_at(store, address) as client:
            statuses.append(client.get("/sparql", params={"query": RUNAWAY}).status_code)

    threads = [threading.Thread(target=runaway, args=(a,)) for a in ("127.0.0.3", "127.0.0.4")]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 5
        while store._slots._free > 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store._slots._free == 1
        with client_at(store, "127.0.0.5") as other:
            response = other.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            assert response.status_code == 200 and "true" in response.text
        assert all(thread.is_alive() for thread in threads)
        with client_at(store, "127.0.0.3") as same:
            busy = same.get("/sparql", params={"query": "ASK {}"})
            assert busy.status_code == 503
            assert busy.headers.get("retry-after") == "2"
    finally:
        for thread in threads:
            thread.join(30)
    assert statuses == [503, 503]  # both stopped at the time limit
