"""The store: one interface (:class:`GraphStore`), two implementations.

* :class:`~competency_graph.store.embedded.OxigraphStore` — pyoxigraph, on disk or in memory;
* :class:`~competency_graph.store.remote.SparqlEndpointStore` — any SPARQL 1.1 Query + Update
  endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB …) over HTTP; what differs between
  engines is in :mod:`competency_graph.store.dialects`.

This package is the only place that imports pyoxigraph and the only place that executes SPARQL.
"""

from __future__ import annotations

from competency_graph.config import Settings
from competency_graph.store.base import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, GraphStore


def open_store(settings: Settings) -> GraphStore:
    """Open the store the settings name (no bundled data is loaded here; see services)."""
    if settings.is_remote:
        from competency_graph.store.remote import SparqlEndpointStore

        return SparqlEndpointStore(
            settings.store,
            update_url=settings.update_url,
            union_param=settings.union_param,
            query_timeout=settings.query_timeout,
            dialect=settings.sparql_dialect,
            graph_store_url=settings.gsp_url,
        )
    from competency_graph.store.embedded import OxigraphStore

    return OxigraphStore(None if settings.is_memory else settings.store,
                         query_timeout=settings.query_timeout)


__all__ = ["GRAPH_MEDIA_TYPES", "RESULT_MEDIA_TYPES", "GraphStore", "open_store"]
