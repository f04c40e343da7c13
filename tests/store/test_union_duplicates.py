"""Restated data does not duplicate answers: the benchmark's indicator queries give one row per
observation even when another graph restates the institution (the union default graph is a
multiset on the embedded store)."""

from __future__ import annotations

from competency_graph.model import IRI, RdfPayload
from competency_graph.namespaces import CG, DCTERMS, RDF, data_iri, graph_iri, item_iri
from competency_graph.store import GraphStore


def test_restated_institution_gives_one_row_per_observation(memory_store: GraphStore) -> None:
    """An institution restated in a second graph yields each observation once."""
    inst = data_iri("institution", "demo-x")
    obs = data_iri("institution", "demo-x", "observation", "2024", "INT1")
    institution = (f'<{inst}> <{RDF}type> <{CG}Institution> .\n'
                   f'<{inst}> <{DCTERMS}identifier> "demo-x" .\n').encode()
    observation = (f'<{obs}> <{RDF}type> <{CG}IndicatorObservation> .\n'
                   f'<{obs}> <{CG}refInstitution> <{inst}> .\n'
                   f'<{obs}> <{CG}refIndicator> <{item_iri("int-indicators", "INT1")}> .\n'
                   f'<{obs}> <{CG}refYear> "2024"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
                   f'<{obs}> <{CG}value> "7.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
                   ).encode()
    memory_store.replace_graphs({
        graph_iri("institutions"): RdfPayload(institution),
        graph_iri("programme", "P1", "1"): RdfPayload(institution),  # restated
        graph_iri("indicators", "demo-x"): RdfPayload(observation),
    })
    for name in ("list_indicator_observations", "list_indicator_values"):
        rows = memory_store.select(name, institution=IRI(inst))
        assert len(rows) == 1, name
