"""Infrastructure use cases that are not a domain: opening the store with the bundled graphs
(bootstrap), the demo data registry, health, the researchers' SPARQL endpoint, and the
label helpers every domain shares. Domains may import :mod:`competency_graph.services.system`;
it imports no domain.
"""

from __future__ import annotations

from competency_graph.services.system.bootstrap import bundled_graphs, ensure_bundled, open_store
from competency_graph.services.system.demo import DEMO_LOADERS, ensure_demo, register_demo
from competency_graph.services.system.health import health
from competency_graph.services.system.labels import LANGUAGES, labels_by_lang, pick_label
from competency_graph.services.system.memo import reused
from competency_graph.services.system.query import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    negotiate,
    run_query,
)
from competency_graph.services.system.results import (
    code_stamp,
    computed,
    current_result,
    dependency_stamp,
    keep_computed,
    programme_scope,
    result_graphs,
)

__all__ = [
    "DEMO_LOADERS",
    "GRAPH_MEDIA_TYPES",
    "LANGUAGES",
    "RESULT_MEDIA_TYPES",
    "bundled_graphs",
    "code_stamp",
    "computed",
    "current_result",
    "dependency_stamp",
    "ensure_bundled",
    "ensure_demo",
    "health",
    "keep_computed",
    "labels_by_lang",
    "negotiate",
    "open_store",
    "pick_label",
    "programme_scope",
    "register_demo",
    "result_graphs",
    "reused",
    "run_query",
]
