"""The store contract, run on every implementation (see ``any_store`` in conftest)."""

from __future__ import annotations

import json

import pytest

from competency_graph.errors import (
    InputError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from competency_graph.model import IRI, Literal, RdfPayload
from competency_graph.namespaces import ONTOLOGY_GRAPH, graph_iri
from competency_graph.store import GraphStore

G1 = graph_iri("test", "one")
G2 = graph_iri("test", "two")
EX = "http://example.org/"

TTL_A = f"""@prefix ex: <{EX}> .
ex:a ex:knows ex:b .
ex:a ex:name "Ада"@kk , "Ada"@en .
""".encode()
TTL_B = f"""@prefix ex: <{EX}> .
ex:b ex:knows ex:c .
""".encode()
BROKEN = f"""@prefix ex: <{EX}> .
ex:x ex:y ex:z .
ex:x ex:y "unterminated .
""".encode()


def count(store: GraphStore, graph: str) -> int:
    rows = store.select("count_graph_triples", graph=IRI(graph))
    return int(str(rows[0]["triples"])) if rows else 0


def test_new_store_holds_the_bundled_ontology(any_store: GraphStore) -> None:
    """A new store receives the TBox in its own named graph on first use."""
    assert ONTOLOGY_GRAPH in any_store.graph_names()
    assert count(any_store, ONTOLOGY_GRAPH) > 100
    rows = any_store.select("count_classes")
    assert int(str(rows[0]["classes"])) >= 20


def test_replace_graph_writes_and_replaces(any_store: GraphStore) -> None:
    """A graph is written, then replaced whole by a second payload."""
    assert any_store.replace_graph(G1, RdfPayload(TTL_A, "turtle")) == 3
    assert count(any_store, G1) == 3
    any_store.replace_graph(G1, RdfPayload(TTL_B, "turtle"))
    assert count(any_store, G1) == 1


def test_a_broken_payload_leaves_the_store_unchanged(any_store: GraphStore) -> None:
    """A syntax error names file, line and column, and nothing is written or removed."""
    any_store.replace_graph(G1, RdfPayload(TTL_A, "turtle"))
    before = any_store.triple_count()
    with pytest.raises(InputError) as caught:
        any_store.replace_graphs({G1: RdfPayload(TTL_B, "turtle"),
                                  G2: RdfPayload(BROKEN, "turtle", "bad.ttl")})
    problem = caught.value.problems[0]
    assert problem.location.file == "bad.ttl"
    assert problem.location.line == 3
    assert problem.location.col is not None
    assert any_store.triple_count() == before
    assert count(any_store, G1) == 3
    assert G2 not in any_store.graph_names()


def test_queries_see_the_union_of_named_graphs(any_store: GraphStore) -> None:
    """A join across two named graphs works without GRAPH, and GRAPH ?g still finds each."""
    any_store.replace_graphs({G1: RdfPayload(TTL_A, "turtle"), G2: RdfPayload(TTL_B, "turtle")})
    output = any_store.run_user_query(
        f"SELECT ?z WHERE {{ <{EX}a> <{EX}knows> ?y . ?y <{EX}knows> ?z }}")
    data = json.loads(output.body)
    assert [b["z"]["value"] for b in data["results"]["bindings"]] == [EX + "c"]
    output = any_store.run_user_query(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}b> <{EX}knows> ?o }} }}")
    data = json.loads(output.body)
    assert [b["g"]["value"] for b in data["results"]["bindings"]] == [G2]


def test_named_query_binds_parameters(any_store: GraphStore) -> None:
    """Parameters are bound by the engine; a bound graph IRI restricts the answer."""
    any_store.replace_graphs({G1: RdfPayload(TTL_A, "turtle"), G2: RdfPayload(TTL_B, "turtle")})
    rows = any_store.select("count_graph_triples", graph=IRI(G2))
    assert len(rows) == 1
    assert rows[0]["graph"] == IRI(G2)
    assert rows[0]["triples"] == Literal("1", "http://www.w3.org/2001/XMLSchema#integer")


def test_a_binding_that_is_not_an_iri_is_refused(any_store: GraphStore) -> None:
    """A malformed IRI never reaches the query text."""
    with pytest.raises(InputError):
        any_store.select("count_graph_triples", graph=IRI("not an iri> } ; DROP ALL ; {"))


def test_drop_graphs(any_store: GraphStore) -> None:
    """Dropping removes exactly the named graphs."""
    any_store.replace_graphs({G1: RdfPayload(TTL_A, "turtle"), G2: RdfPayload(TTL_B, "turtle")})
    any_store.drop_graphs([G1])
    names = any_store.graph_names()
    assert G1 not in names
    assert G2 in names


def test_language_tags_survive(any_store: GraphStore) -> None:
    """Kazakh and English labels come back with their tags."""
    any_store.replace_graph(G1, RdfPayload(TTL_A, "turtle"))
    output = any_store.run_user_query(
        f'SELECT ?n WHERE {{ <{EX}a> <{EX}name> ?n FILTER(lang(?n)="kk") }}')
    binding = json.loads(output.body)["results"]["bindings"][0]["n"]
    assert binding == {"type": "literal", "value": "Ада", "xml:lang": "kk"}


@pytest.mark.parametrize(("fmt", "marker"), [
    ("json", b'"bindings"'), ("xml", b"<sparql"), ("csv", b"n\r\n"), ("tsv", b"?n"),
])
def test_user_query_formats(any_store: GraphStore, fmt: str, marker: bytes) -> None:
    """SELECT answers in each results format."""
    output = any_store.run_user_query("SELECT (1 AS ?n) WHERE {}", results_format=fmt)
    assert output.kind in {"solutions", "boolean"}
    assert marker in output.body


def test_construct_answers_in_turtle(any_store: GraphStore) -> None:
    """CONSTRUCT gives a graph in the asked RDF format."""
    any_store.replace_graph(G1, RdfPayload(TTL_A, "turtle"))
    output = any_store.run_user_query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}", graph_format="turtle")
    assert output.kind == "graph"
    assert output.media_type == "text/turtle"
    assert b"knows" in output.body


def test_updates_are_refused_as_user_queries(any_store: GraphStore) -> None:
    """The user-query path is read-only."""
    with pytest.raises(QueryRefusedError):
        any_store.run_user_query("PREFIX ex: <http://e/>\nINSERT DATA { ex:a ex:b ex:c }")
    with pytest.raises(QueryRefusedError):
        any_store.run_user_query("DROP ALL")


def test_syntax_errors_are_reported(any_store: GraphStore) -> None:
    """A malformed query raises a syntax error, not a crash."""
    with pytest.raises(QuerySyntaxError):
        any_store.run_user_query("SELEC * WHERE { ?s ?p ?o }")


def test_export_graph(any_store: GraphStore) -> None:
    """One named graph exports as Turtle and N-Triples."""
    any_store.replace_graph(G1, RdfPayload(TTL_A, "turtle"))
    assert any_store.export_graph(G1, "ntriples").count(b" .\n") == 3
    assert b"@prefix" in any_store.export_graph(G1, "turtle")


def test_embedded_user_query_time_limit(memory_store: GraphStore) -> None:
    """A runaway query is stopped at the time limit and the store keeps answering."""
    with pytest.raises(QueryTimeoutError):
        memory_store.run_user_query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)
    output = memory_store.run_user_query("ASK { ?s ?p ?o }")
    assert b"true" in output.body


def test_disk_store_persists_across_reopen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Data written to an on-disk store is there after closing and reopening it."""
    from competency_graph.config import Settings
    from competency_graph.services import open_store

    path = str(tmp_path / "store")
    store = open_store(Settings(store=path))
    store.replace_graph(G1, RdfPayload(TTL_A, "turtle"))
    store.close()
    del store
    import gc

    gc.collect()
    reopened = open_store(Settings(store=path))
    assert count(reopened, G1) == 3
    reopened.close()


def test_parameters_fill_values_placeholders(any_store: GraphStore) -> None:
    """A list binds several values; a parameter without placeholder is a programming error."""
    any_store.replace_graphs({G1: RdfPayload(TTL_A, "turtle"), G2: RdfPayload(TTL_B, "turtle")})
    rows = any_store.select("count_graph_triples", graph=[IRI(G1), IRI(G2)])
    assert {str(r["graph"]): int(str(r["triples"])) for r in rows} == {G1: 3, G2: 1}
    with pytest.raises(ValueError, match="placeholder"):
        any_store.select("count_graph_triples", nothing=IRI(G1))


def test_literal_parameters_are_escaped() -> None:
    """A literal with quotes and braces cannot change the query."""
    from competency_graph.store.base import bind_values

    text = bind_values("SELECT * WHERE { VALUES ?x { UNDEF } ?s ?p ?x }",
                       {"x": Literal('a" } ; DROP ALL ; { "', language="en")})
    assert text.count("VALUES ?x {") == 1
    assert '\\"' in text


def test_blank_nodes_of_two_payloads_never_merge(any_store: GraphStore) -> None:
    """Two files that both say _:b0 describe two different nodes, on every write path."""
    data = b'_:b0 <http://example.org/p> "x" .\n'
    any_store.replace_graphs({G1: RdfPayload(data), G2: RdfPayload(data)})  # new graphs
    any_store.replace_graph(G1, RdfPayload(data))  # replacement of an existing graph
    output = any_store.run_user_query(
        "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b <http://example.org/p> ?o }")
    assert json.loads(output.body)["results"]["bindings"][0]["n"]["value"] == "2"


def test_several_new_graphs_land_together(any_store: GraphStore) -> None:
    """N-Triples for several new graphs load in one call with exact counts, and a syntax error
    in any of them writes none."""
    a = f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}p> <{EX}c> .\n".encode()
    b = f"<{EX}x> <{EX}p> <{EX}y> .\n".encode()
    assert any_store.replace_graphs({G1: RdfPayload(a), G2: RdfPayload(b)}) == 3
    g3, g4 = graph_iri("test", "three"), graph_iri("test", "four")
    with pytest.raises(InputError) as caught:
        any_store.replace_graphs({g3: RdfPayload(a, source="a.nt"),
                                  g4: RdfPayload(b + b"<broken", source="b.nt")})
    assert caught.value.problems[0].location.file == "b.nt"
    assert g3 not in any_store.graph_names()
