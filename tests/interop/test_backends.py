"""The interop use cases on every store implementation: embedded (memory, disk) and a remote
Oxigraph SPARQL server (explicit dataset and union-default-graph parameter)."""

from __future__ import annotations

import json

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from competency_graph.services.frameworks import list_frameworks
from competency_graph.services.interop.ctdl_asn import export_ctdl, import_ctdl
from competency_graph.services.interop.esco import (
    esco_counts,
    import_esco,
    incomplete_esco_versions,
)
from competency_graph.services.interop.skos import export_skos
from competency_graph.store import GraphStore
from tests.interop.conftest import CTDL_FIXTURE, ESCO_FIXTURES

BASIC = "ce-07c25f74-9119-11e8-b852-782bcb5df6ac"


def test_esco_ctdl_skos_on_every_backend(any_store: GraphStore) -> None:
    """ESCO excerpt import (bulk path on embedded stores, one update on remote ones), its counts,
    the framework listing, CTDL-ASN import/export and SKOS export give the same answers on every
    backend; progress is reported up to its total."""
    seen: list[tuple[str, int, int]] = []
    import_esco(any_store, ESCO_FIXTURES, progress=lambda w, d, t: seen.append((w, d, t)))
    assert seen and seen[-1][1] == seen[-1][2]
    assert all(d <= t for _, d, t in seen)
    assert incomplete_esco_versions(any_store) == []
    counts = esco_counts(any_store, "1.1.1")
    assert (counts["skills"], counts["occupation_skill"], counts["occupation_skill_essential"]) \
        == (199, 146, 66)
    frameworks = {f.id: f.items for f in list_frameworks(any_store)}
    assert frameworks["esco-1.1.1-skills"] == 199

    import_ctdl(any_store, CTDL_FIXTURE)
    exported = json.loads(export_ctdl(any_store, BASIC))
    assert len(exported["@graph"]) == 13
    original = {n["@id"] for n in json.loads(CTDL_FIXTURE.read_text("utf-8"))["@graph"]}
    assert {n["@id"] for n in exported["@graph"]} == original

    graph = Graph().parse(data=export_skos(any_store, "esco-1.1.1-skills"), format="turtle")
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == 199
