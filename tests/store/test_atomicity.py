"""Atomic replacement whatever the size, names never reused, graph ownership (issue 14, Build
2 and 3). Each test runs on every backend where it is about the store contract."""

from __future__ import annotations

import threading

import pytest

from competency_graph import services
from competency_graph.config import Settings
from competency_graph.errors import GraphOwnershipError, InputError
from competency_graph.model import IRI, RdfPayload
from competency_graph.namespaces import GRAPH, LEDGER_GRAPH, ONTOLOGY_GRAPH, SYSTEM_GRAPH, graph_iri
from competency_graph.services import curriculum
from competency_graph.store import GraphStore

EX = "http://example.org/"
G1 = graph_iri("test", "one")


def count(store: GraphStore, graph: str) -> int:
    rows = store.select("count_graph_triples", graph=IRI(graph))
    return int(str(rows[0]["triples"])) if rows else 0


def nt(tag: str, n: int) -> bytes:
    return "".join(f'<{EX}s{i}> <{EX}p> "{tag} {i}" .\n' for i in range(n)).encode()


def bundled(store: GraphStore) -> list[str]:
    return sorted(str(r["graph"]) for r in store.select("list_bundled_graphs"))


# --- atomic replacement ------------------------------------------------------------------------

def test_a_large_replacement_is_never_seen_half_done() -> None:
    """Above 200,000 triples the embedded store used to drop the old graph in one transaction
    and insert the new one in another: a reader (or a kill) between them found nothing. A
    reader polling throughout the replacement sees the old graph or the new one, never less."""
    size = 210_000
    store = services.open_store(Settings(store=":memory:"))
    try:
        store.replace_graph(G1, RdfPayload(nt("old", size)))
        assert count(store, G1) == size
        seen: list[int] = []
        writer = threading.Thread(
            target=store.replace_graph, args=(G1, RdfPayload(nt("new", size + 1))))
        writer.start()
        while writer.is_alive():
            seen.append(count(store, G1))
        writer.join()
        seen.append(count(store, G1))
        assert seen[-1] == size + 1
        assert set(seen) <= {size, size + 1}, sorted(set(seen))[:5]
    finally:
        store.close()


def test_one_write_traces_one_transaction(any_store: GraphStore) -> None:
    """Every replacement (new graph, replaced graph, drop with write) runs its data in one
    traced transaction: write-begin then write-end, once."""
    phases: list[str] = []
    any_store.trace = phases.append
    any_store.replace_graph(G1, RdfPayload(nt("a", 3)))
    any_store.replace_graphs({G1: RdfPayload(nt("b", 2)), graph_iri("test", "two"): None})
    assert phases == ["write-begin", "write-end", "write-begin", "write-end"]
    assert count(any_store, G1) == 2


# --- names never reused ------------------------------------------------------------------------

def test_the_ledger_keeps_dropped_graph_names(any_store: GraphStore) -> None:
    """A graph written then dropped is still listed as issued; other prefixes are not."""
    g2 = graph_iri("test", "two")
    any_store.replace_graphs({G1: RdfPayload(nt("a", 2)), g2: RdfPayload(nt("b", 1))})
    any_store.drop_graphs([G1])
    assert G1 not in any_store.graph_names()
    assert any_store.issued_graphs(graph_iri("test") + "/") == [G1, g2]
    assert any_store.issued_graphs(graph_iri("nothing") + "/") == []
    assert LEDGER_GRAPH not in any_store.issued_graphs(GRAPH)


def test_a_dropped_version_number_is_never_issued_again(memory_store: GraphStore) -> None:
    """Import v1, v2; delete v2 (or lose it); the next import is v3, not v2 again."""
    curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    second = curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    pid = second.programme_id
    assert second.version == "2"
    curriculum.delete_programme(memory_store, pid, "2")
    third = curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    assert third.version == "3"
    curriculum.delete_programme(memory_store, pid)
    fourth = curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    assert fourth.version == "4"


# --- graph ownership ---------------------------------------------------------------------------

def test_a_trig_file_cannot_overwrite_a_bundled_graph(any_store: GraphStore) -> None:
    """The reported attack: a TriG file whose graph is a bundled framework graph. Refused with
    the file named, and the bundled graph keeps every triple."""
    target = next(g for g in bundled(any_store) if "/graph/framework/" in g)
    before, total = count(any_store, target), any_store.triple_count()
    trig = f"<{target}> {{ <{EX}a> <{EX}b> <{EX}c> . }}\n".encode()
    with pytest.raises(GraphOwnershipError) as caught:
        any_store.replace_graph(graph_iri("rdf", "evil"), RdfPayload(trig, "trig", "evil.trig"),
                                owner="rdf")
    problem = caught.value.problems[0]
    assert problem.location.file == "evil.trig"
    assert target in problem.message
    assert count(any_store, target) == before
    assert any_store.triple_count() == total


@pytest.mark.parametrize("graph", [SYSTEM_GRAPH, ONTOLOGY_GRAPH, LEDGER_GRAPH])
def test_system_graphs_are_not_writable(any_store: GraphStore, graph: str) -> None:
    """No caller but the bundle refresh writes the system, ontology or ledger graph."""
    with pytest.raises(GraphOwnershipError):
        any_store.replace_graph(graph, RdfPayload(nt("x", 1)))
    with pytest.raises(GraphOwnershipError):
        any_store.drop_graphs([graph])
    assert graph in any_store.graph_names()


def test_bundled_graphs_are_replaced_only_by_the_bundle_refresh(any_store: GraphStore) -> None:
    """A bundled graph named directly is refused; ``system=True`` (the refresh) may write it."""
    target = bundled(any_store)[0]
    with pytest.raises(GraphOwnershipError, match="bundled"):
        any_store.replace_graph(target, RdfPayload(nt("x", 1)))
    any_store.replace_graphs({target: RdfPayload(nt("x", 1))}, system=True)
    assert count(any_store, target) == 1


def test_reserved_graph_names_in_a_file_are_refused(any_store: GraphStore) -> None:
    """A file may name its own graphs outside …/graph/…, never inside it (even a graph no one
    has written yet, such as another programme's version)."""
    own = f"{EX}graph-of-mine"
    trig = f"<{own}> {{ <{EX}a> <{EX}b> <{EX}c> . }}\n".encode()
    any_store.replace_graph(graph_iri("rdf", "mine"), RdfPayload(trig, "trig"), owner="rdf")
    assert own in any_store.graph_names()
    reserved = graph_iri("programme", "X1", "1")
    trig = f"<{reserved}> {{ <{EX}a> <{EX}b> <{EX}c> . }}\n".encode()
    with pytest.raises(GraphOwnershipError, match="reserved"):
        any_store.replace_graph(graph_iri("rdf", "other"), RdfPayload(trig, "trig"),
                                owner="rdf")
    assert reserved not in any_store.graph_names()


def test_an_import_kind_writes_only_its_own_graphs(any_store: GraphStore) -> None:
    """An ``owner`` restricts the named graphs to its prefixes."""
    with pytest.raises(GraphOwnershipError, match="staff import"):
        any_store.replace_graph(graph_iri("programme", "X1", "1"), RdfPayload(nt("x", 1)),
                                owner="staff")
    with pytest.raises(GraphOwnershipError):
        any_store.replace_graph(graph_iri("programme", "X1", "1"), RdfPayload(nt("x", 1)),
                                owner="rdf")
    any_store.replace_graph(graph_iri("staff", "inst"), RdfPayload(nt("x", 1)), owner="staff")
    assert count(any_store, graph_iri("staff", "inst")) == 1


def test_the_rdf_import_refuses_a_bundled_graph_with_a_located_error(any_store: GraphStore,
                                                                     tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Through the use case: an InputError (CLI exit 2, HTTP 422) naming the file."""
    from competency_graph.services.interop.rdf_import import import_rdf

    target = bundled(any_store)[0]
    path = tmp_path / "standards.trig"
    path.write_text(f"<{target}> {{ <{EX}a> <{EX}b> <{EX}c> . }}\n", encoding="utf-8")
    before = any_store.triple_count()
    with pytest.raises(InputError) as caught:
        import_rdf(any_store, path)
    assert caught.value.problems[0].location.file == str(path)
    assert any_store.triple_count() == before


def test_an_operator_named_graph_may_not_be_bundled_either(any_store: GraphStore,
                                                          tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``import --graph`` may name a programme graph (loading a programme from RDF), never a
    bundled one."""
    from competency_graph.services.interop.rdf_import import import_rdf

    path = tmp_path / "data.ttl"
    path.write_text(f"<{EX}a> <{EX}b> <{EX}c> .\n", encoding="utf-8")
    programme = graph_iri("programme", "X1", "1")
    assert import_rdf(any_store, path, graph=programme).quads == 1
    with pytest.raises(GraphOwnershipError, match="bundled"):
        import_rdf(any_store, path, graph=bundled(any_store)[0])
