"""Use cases: the only thing the CLI and the HTTP API call.

Each submodule is one concern; the names re-exported here are the public Python API.
"""

from __future__ import annotations

from competency_graph.services import (
    benchmark,
    curriculum,
    frameworks,
    gaps,
    indicators,
    studies,
)
from competency_graph.services.bootstrap import ensure_bundled, open_store
from competency_graph.services.curriculum import (
    ImportSummary,
    ProgrammeData,
    ProgrammeRef,
    get_programme,
    import_programme,
    list_programmes,
    read_workbook,
    resolve_programme,
)
from competency_graph.services.demo import ensure_demo, register_demo
from competency_graph.services.frameworks import FrameworkSummary, list_frameworks
from competency_graph.services.health import health
from competency_graph.services.query import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    negotiate,
    results_csv,
    results_table,
    run_query,
)
from competency_graph.services.rdf_import import ImportResult, import_rdf

__all__ = [
    "GRAPH_MEDIA_TYPES",
    "RESULT_MEDIA_TYPES",
    "FrameworkSummary",
    "ImportResult",
    "ImportSummary",
    "ProgrammeData",
    "ProgrammeRef",
    "benchmark",
    "curriculum",
    "ensure_bundled",
    "ensure_demo",
    "frameworks",
    "gaps",
    "get_programme",
    "health",
    "import_programme",
    "import_rdf",
    "indicators",
    "list_frameworks",
    "list_programmes",
    "negotiate",
    "open_store",
    "read_workbook",
    "register_demo",
    "resolve_programme",
    "results_csv",
    "results_table",
    "run_query",
    "studies",
]
