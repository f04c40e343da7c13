"""Use cases: the only thing the CLI and the HTTP API call (docs/architecture.md).

One package per domain — :mod:`.frameworks`, :mod:`.curriculum`, :mod:`.validation`,
:mod:`.gaps`, :mod:`.staff`, :mod:`.benchmarking`, :mod:`.interop` — each naming its public
functions in its ``__init__``; infrastructure in :mod:`.system`. This module re-exports only the
entry points of :mod:`.system` that every caller needs; import a domain as a package, e.g.
``from competency_graph.services import gaps``.
"""

from __future__ import annotations

from competency_graph.services.system import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    ensure_bundled,
    ensure_demo,
    health,
    negotiate,
    open_store,
    run_query,
)

__all__ = [
    "GRAPH_MEDIA_TYPES",
    "RESULT_MEDIA_TYPES",
    "ensure_bundled",
    "ensure_demo",
    "health",
    "negotiate",
    "open_store",
    "run_query",
]
