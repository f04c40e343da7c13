"""Benchmarking: institutions and their internationalisation indicators, the peer benchmark,
and benchmarking studies (docs/benchmarking.md).

Renderings: :mod:`competency_graph.reports.benchmarking`.
"""

from __future__ import annotations

from competency_graph.services.benchmarking.compare import (
    DEFAULT_HORIZON,
    FORMATS,
    PEER_RULES,
    BenchmarkReport,
    IndicatorResult,
    benchmark,
    choose_peers,
    parse_assignments,
)
from competency_graph.services.benchmarking.indicators import (
    INSTITUTIONS_GRAPH,
    IndicatorImportResult,
    Institution,
    get_institution,
    import_indicator_bytes,
    import_indicators,
    indicator_catalogue,
    indicator_values,
    indicators_graph,
    list_institutions,
    load_demo_indicators,
    observations,
)
from competency_graph.services.benchmarking.studies import (
    STAGES,
    STATUSES,
    Study,
    create_study,
    delete_study,
    get_study,
    list_studies,
    parse_study,
    study_benchmark,
    study_page_data,
    study_public,
    update_stage,
    update_study,
)

__all__ = [
    "DEFAULT_HORIZON",
    "FORMATS",
    "INSTITUTIONS_GRAPH",
    "PEER_RULES",
    "STAGES",
    "STATUSES",
    "BenchmarkReport",
    "IndicatorImportResult",
    "IndicatorResult",
    "Institution",
    "Study",
    "benchmark",
    "choose_peers",
    "create_study",
    "delete_study",
    "get_institution",
    "get_study",
    "import_indicator_bytes",
    "import_indicators",
    "indicator_catalogue",
    "indicator_values",
    "indicators_graph",
    "list_institutions",
    "list_studies",
    "load_demo_indicators",
    "observations",
    "parse_assignments",
    "parse_study",
    "study_benchmark",
    "study_page_data",
    "study_public",
    "update_stage",
    "update_study",
]
