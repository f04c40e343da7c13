"""Researchers' SPARQL: run a user query read-only and time-limited."""

from __future__ import annotations

from competency_graph.model import QueryOutput
from competency_graph.store import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, GraphStore

__all__ = ["GRAPH_MEDIA_TYPES", "RESULT_MEDIA_TYPES", "negotiate", "run_query"]


def negotiate(accept: str | None, offers: dict[str, str], default: str) -> str:
    """Pick the best offered format for an ``Accept`` header (q-values honoured, ``*/*`` and
    ``type/*`` allowed); return ``default`` when nothing offered is acceptable or no header."""
    if not accept:
        return default
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in offers:
            match = offers[media]
        elif media in ("*/*", ""):
            match = default
        elif media.endswith("/*"):
            prefix = media[:-1]
            match = next((f for m, f in offers.items() if m.startswith(prefix)), "")
            if not match:
                continue
        elif media == "application/json" and "json" in offers.values():
            match = "json"
        else:
            continue
        candidate = (q, -position, match)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else default


def run_query(store: GraphStore, text: str, *, results_format: str = "json",
              graph_format: str = "turtle", timeout: float | None = None,
              default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, client: str | None = None) -> QueryOutput:
    """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query, read-only, time-limited and within the
    store's limits (query length, rows, bytes, ``SERVICE``; see SECURITY.md).

    Without a dataset the default graph is the union of all named graphs; ``default_graphs`` /
    ``named_graphs`` (the protocol's ``default-graph-uri`` / ``named-graph-uri``) choose another.
    ``client`` (e.g. the caller's address) is the key of the fair share of query slots.
    """
    return store.run_user_query(text, results_format=results_format, graph_format=graph_format,
                                timeout=timeout, default_graphs=default_graphs,
                               named_graphs=named_graphs, client=client)
