"""The service's health: store kind, size and ontology version.

The size (triples and named graphs) is counted again only when the store has changed
(:func:`competency_graph.services.system.memo.reused`): counting walks the whole store (hundreds
of milliseconds for a large one on disk), while a health probe must stay cheap under load. The
store is still asked on every call (the ontology version), so a store that stopped answering
makes the probe fail at once.
"""

from __future__ import annotations

from competency_graph import __version__
from competency_graph.services.system.memo import reused
from competency_graph.store import GraphStore


def health(store: GraphStore) -> dict[str, object]:
    """Return what ``GET /health`` reports."""
    rows = store.select("get_ontology_version")
    triples, graphs = reused(store, "health", "size",
                            lambda: (store.triple_count(), len(store.graph_names())))
    return {
        "status": "ok",
        "version": __version__,
        "store": store.kind,
        "triples": triples,
        "graphs": graphs,
        "ontology_version": str(rows[0]["version"]) if rows else None,
    }
