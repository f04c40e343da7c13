"""The service's health: store kind, size and ontology version.

The size (triples and named graphs) is counted at most every :data:`COUNT_TTL` seconds per
store: counting walks the whole store (hundreds of milliseconds for a large one on disk),
while a health probe must stay cheap under load. The store is still asked on every call (the
ontology version), so a store that stopped answering makes the probe fail at once.
"""

from __future__ import annotations

import threading
import time
import weakref

from competency_graph import __version__
from competency_graph.store import GraphStore

#: seconds a store's triple and graph counts are reused by the health probe
COUNT_TTL = 5.0
_counts: weakref.WeakKeyDictionary[GraphStore, tuple[float, int, int]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


def health(store: GraphStore) -> dict[str, object]:
    """Return what ``GET /health`` reports."""
    rows = store.select("get_ontology_version")
    now = time.monotonic()
    with _lock:
        known = _counts.get(store)
    if known is None or now - known[0] > COUNT_TTL:
        known = (now, store.triple_count(), len(store.graph_names()))
        with _lock:
            _counts[store] = known
    return {
        "status": "ok",
        "version": __version__,
        "store": store.kind,
        "triples": known[1],
        "graphs": known[2],
        "ontology_version": str(rows[0]["version"]) if rows else None,
    }
