"""The store: one interface (:class:`GraphStore`), two implementations.

* :class:`~competency_graph.store.embedded.OxigraphStore` — pyoxigraph, on disk or in memory;
* :class:`~competency_graph.store.remote.SparqlEndpointStore` — any SPARQL 1.1 Query + Update
  endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB …) over HTTP; what differs between
  engines is in :mod:`competency_graph.store.dialects`.

This package is the only place that imports pyoxigraph and the only place that executes SPARQL.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from competency_graph.config import Settings
from competency_graph.store.base import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    GraphStore,
    QueryLimits,
    ReaderSpec,
    affects_results,
)


def query_limits(settings: Settings) -> QueryLimits:
    """The user-query limits the settings give."""
    return QueryLimits(
        max_query_chars=settings.sparql_max_query_chars,
        max_rows=settings.sparql_max_rows,
        max_bytes=settings.sparql_max_result_bytes,
        slots=settings.sparql_slots,
        slots_per_client=settings.sparql_slots_per_client,
        slot_wait=settings.sparql_slot_wait,
        allowed_services=tuple(settings.sparql_services),
    )


def open_store(settings: Settings) -> GraphStore:
    """Open the store the settings name (no bundled data is loaded here; see services)."""
    store: GraphStore
    if settings.is_remote:
        from competency_graph.store.remote import SparqlEndpointStore

        store = SparqlEndpointStore(
            settings.store,
            update_url=settings.update_url,
            union_param=settings.union_param,
            query_timeout=settings.query_timeout,
            limits=query_limits(settings),
            dialect=settings.sparql_dialect,
            graph_store_url=settings.gsp_url,
        )
    else:
        from competency_graph.store.embedded import OxigraphStore

        store = OxigraphStore(None if settings.is_memory else settings.store,
                              query_timeout=settings.query_timeout,
                              limits=query_limits(settings))
    if settings.write_trace:
        store.trace = _trace_to(settings.write_trace)
    return store


def open_reader(spec: ReaderSpec) -> GraphStore:
    """In a worker process: open the read-only view ``GraphStore.reader`` described."""
    if spec.kind == "snapshot":
        from competency_graph.store.embedded import OxigraphStore

        return OxigraphStore.read_only(spec.location)
    from competency_graph.store.remote import SparqlEndpointStore

    return SparqlEndpointStore(spec.location, **dict(spec.options))


def _trace_to(path: str) -> Callable[[str], None]:
    """A trace callback that appends each phase to ``path`` and syncs it before returning, so
    a process killed right after a phase has left it on disk."""
    def trace(phase: str) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (phase + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    return trace


__all__ = ["GRAPH_MEDIA_TYPES", "RESULT_MEDIA_TYPES", "GraphStore", "QueryLimits",
           "ReaderSpec", "affects_results", "open_reader", "open_store", "query_limits"]
