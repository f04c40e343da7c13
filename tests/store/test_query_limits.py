"""Limits on users' SPARQL queries, on every backend (issue 14, Build 9): SERVICE never reaches
out, the query length and the answer's rows and bytes are capped, query slots are shared
fairly."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from competency_graph import services
from competency_graph.config import Settings
from competency_graph.errors import QueryBusyError, QueryRefusedError, QueryTooLargeError
from competency_graph.store import GraphStore
from competency_graph.store.base import QueryLimits, SlotPool, check_services

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def values_query(n: int) -> str:
    return "SELECT ?i WHERE { VALUES ?i { " + " ".join(str(i) for i in range(n)) + " } }"


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.mark.parametrize("form", [
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX r: <{url}>\nSELECT * WHERE {{ SERVICE SILENT r: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # comment\n OPTIONAL {{ SERVICE\tSILENT\n<{url}> {{ ?s ?p ?o }} }} }}",
])
def test_service_is_refused_and_nothing_is_fetched(any_store: GraphStore, listener: Listener,
                                                   form: str) -> None:
    """The reported SSRF: SERVICE SILENT made the server connect to the URL. Refused before
    the engine sees it, however it is spelled; the listener gets no connection."""
    url = f"http://127.0.0.1:{listener.port}/sparql"
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        any_store.run_user_query(form.format(url=url))
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_words_inside_strings_iris_and_names_are_fine(any_store: GraphStore) -> None:
    """Only the keyword is refused: a variable, a prefixed name, an IRI or a string that says
    "service" is an ordinary query."""
    output = any_store.run_user_query(
        'PREFIX ex: <http://example.org/>\nSELECT ?service WHERE { '
        'BIND("SERVICE <http://x/>" AS ?service) OPTIONAL { ?s ex:service <http://e/SERVICE> } }')
    assert json.loads(output.body)["results"]["bindings"][0]["service"]["value"].startswith(
        "SERVICE")


def test_the_allowed_list_admits_only_its_endpoints() -> None:
    """An endpoint on the configured list passes the check; any other, or a variable, not."""
    allowed = ["https://query.example.org/sparql"]
    check_services("SELECT * { SERVICE <https://query.example.org/sparql> { ?s ?p ?o } }",
                   allowed)
    with pytest.raises(QueryRefusedError):
        check_services("SELECT * { SERVICE <https://query.example.org/other> {} }", allowed)
    with pytest.raises(QueryRefusedError):
        check_services("SELECT * { SERVICE ?x {} }", allowed)
    with pytest.raises(QueryRefusedError, match="codepoint"):
        check_services("SELECT * { \\u0053ERVICE <http://127.0.0.1/> {} }", allowed)


def test_a_query_over_the_length_limit_is_refused(any_store: GraphStore) -> None:
    """A 100 MB query was accepted; now the length is checked before anything else."""
    limit = any_store.limits.max_query_chars
    padded = "ASK {}\n#" + "x" * (limit - 8)
    assert len(padded) == limit
    assert b"true" in any_store.run_user_query(padded).body
    with pytest.raises(QueryTooLargeError, match=f"{limit:,}"):
        any_store.run_user_query(padded + "x")


def test_rows_are_capped(any_store: GraphStore) -> None:
    """An answer of exactly ``max_rows`` rows is served in every format; one more row fails
    with a message that says how to page, in every format."""
    any_store.limits = replace(any_store.limits, max_rows=10)
    output = any_store.run_user_query(values_query(10))
    assert len(json.loads(output.body)["results"]["bindings"]) == 10
    assert any_store.run_user_query(values_query(10), results_format="csv").body.count(
        b"\n") == 11
    for fmt in ("json", "xml", "csv", "tsv"):
        with pytest.raises(QueryTooLargeError, match="LIMIT"):
            any_store.run_user_query(values_query(11), results_format=fmt)


def test_construct_triples_are_capped(any_store: GraphStore) -> None:
    """A CONSTRUCT answer counts triples against the same cap."""
    any_store.limits = replace(any_store.limits, max_rows=5)

    def query(n: int) -> str:
        return ("CONSTRUCT { ?s <http://example.org/p> ?i } WHERE { BIND(<http://example.org/s> "
                "AS ?s) VALUES ?i { " + " ".join(str(i) for i in range(n)) + " } }")

    output = any_store.run_user_query(query(5), graph_format="ntriples")
    assert output.body.count(b" .\n") == 5
    with pytest.raises(QueryTooLargeError, match="triples"):
        any_store.run_user_query(query(6), graph_format="ntriples")


def test_bytes_are_capped(any_store: GraphStore) -> None:
    """A few long literals go over a byte cap long before the row cap."""
    any_store.limits = replace(any_store.limits, max_bytes=4000)
    small = 'SELECT ?x WHERE { VALUES ?n { 1 2 } BIND(CONCAT(STR(?n), "' + "y" * 100 + '") AS ?x) }'
    assert len(json.loads(any_store.run_user_query(small).body)["results"]["bindings"]) == 2
    big = small.replace("y" * 100, "y" * 5000)
    with pytest.raises(QueryTooLargeError, match="bytes"):
        any_store.run_user_query(big)


def test_slot_pool_shares_slots_fairly() -> None:
    """A client at its own limit waits (then is refused) without taking a slot; other clients
    still get the free slots; an in-process caller (None) has only the overall limit."""
    pool = SlotPool(slots=3, per_client=1, wait=0.2)
    with pool.slot("a"):
        with pytest.raises(QueryBusyError, match="already"), pool.slot("a"):
            pass
        with pool.slot("b"), pool.slot(None), pytest.raises(QueryBusyError, match="too many"), \
                pool.slot("c"):
            pass
        with pool.slot("c"):
            pass


def test_two_runaway_queries_do_not_starve_other_clients(tmp_path: Path) -> None:
    """The reported outage: two runaway queries made every other request wait for 30 s and get
    503. Two clients' runaway queries hold two of the slots; a third client is answered at
    once, and a runaway client's next query is refused without waiting for its first. On the
    on-disk store (the served one), whose user queries run in a spawned worker: a forked child
    of a process whose other threads are inside the engine can stall."""
    settings = Settings(store=str(tmp_path / "store"), sparql_slots=3, sparql_slots_per_client=1,
                        sparql_slot_wait=0.5, query_timeout=20)
    store = services.open_store(settings)
    errors: list[BaseException] = []

    def runaway(client: str) -> None:
        try:
            store.run_user_query(RUNAWAY, client=client)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=runaway, args=(c,)) for c in ("a", "b")]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 5
        while store._slots._free > 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store._slots._free == 1
        output = store.run_user_query("ASK { ?s ?p ?o }", client="c")
        assert b"true" in output.body
        assert all(thread.is_alive() for thread in threads)  # answered while both still run
        with pytest.raises(QueryBusyError):
            store.run_user_query("ASK {}", client="a")
    finally:
        for thread in threads:
            thread.join(30)
        store.close()
    assert len(errors) == 2 and all("time limit" in str(e) for e in errors)


def test_limits_come_from_the_settings() -> None:
    """Every limit is a setting with a documented default."""
    from competency_graph.store import query_limits

    defaults = query_limits(Settings(store=":memory:"))
    assert defaults == QueryLimits()
    assert defaults.allowed_services == ()
    env = Settings.from_env(store=":memory:")
    assert query_limits(env) == defaults
