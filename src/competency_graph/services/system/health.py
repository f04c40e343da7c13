"""The service's health: store kind, size and ontology version."""

from __future__ import annotations

from competency_graph import __version__
from competency_graph.store import GraphStore


def health(store: GraphStore) -> dict[str, object]:
    """Return what ``GET /health`` reports."""
    rows = store.select("get_ontology_version")
    return {
        "status": "ok",
        "version": __version__,
        "store": store.kind,
        "triples": store.triple_count(),
        "graphs": len(store.graph_names()),
        "ontology_version": str(rows[0]["version"]) if rows else None,
    }
