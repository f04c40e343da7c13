"""Readers never see a store error caused by a concurrent writer (issue 14, Build 2).

On disk, user queries run in a worker process. It used to open the live store read-only next
to the writer, and the writer's background compaction could delete a table file the worker was
opening: ``/sparql`` answered 500 "Corruption … .sst" during writes and ``query`` right after an
import failed now and then. The worker now reads a query snapshot (a RocksDB checkpoint).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from competency_graph import services
from competency_graph.config import Settings
from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri

EX = "http://example.org/"
G = graph_iri("test", "churn")


def nt(tag: str, n: int) -> bytes:
    return "".join(f'<{EX}s{i}> <{EX}p> "{tag} {i}" .\n' for i in range(n)).encode()


def test_user_queries_during_writes_and_compaction_never_fail(tmp_path: Path) -> None:
    """A writer replaces a graph and compacts the store over and over while user queries run:
    every query answers, with the old or the new graph whole."""
    store = services.open_store(Settings(store=str(tmp_path / "store")))
    sizes = (3000, 4000)
    store.replace_graph(G, RdfPayload(nt("a", sizes[0])))
    stop = threading.Event()
    writes = [0]
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                n = sizes[writes[0] % 2]
                store.replace_graph(G, RdfPayload(nt(str(writes[0]), n)))
                store.optimize()  # type: ignore[attr-defined]
                writes[0] += 1
        except BaseException as exc:  # reported below
            failures.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    answers = []
    try:
        for _ in range(25):
            output = store.run_user_query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}")
            answers.append(int(json.loads(output.body)["results"]["bindings"][0]["n"]["value"]))
    finally:
        stop.set()
        thread.join(120)
        store.close()
    assert not failures, failures
    assert writes[0] >= 2
    assert set(answers) <= set(sizes)


def test_snapshots_are_cleaned_up(tmp_path: Path) -> None:
    """One snapshot per store generation, removed when superseded and unused, and at close."""
    store = services.open_store(Settings(store=str(tmp_path / "store")))
    root = tmp_path / "store.query-snapshots"
    store.run_user_query("ASK { ?s ?p ?o }")
    store.run_user_query("ASK { ?s ?p ?o }")
    assert len(list(root.iterdir())) == 1
    store.replace_graph(G, RdfPayload(nt("a", 2)))
    output = store.run_user_query(f"ASK {{ GRAPH <{G}> {{ ?s ?p ?o }} }}")
    assert b"true" in output.body
    assert len(list(root.iterdir())) == 1
    store.close()
    assert list(root.iterdir()) == []
