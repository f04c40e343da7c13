"""The e-learning space (issue 17; docs/elearning.md): learning resources (schema.org / LRMI)
aligned to framework items and CEFR levels, recommendations with reasons for a programme's gaps
and per person for the staff development plan, learning paths, catalogue analytics, and the
Moodle competency-framework CSV (export, lenient import, optional web-services push).
"""

from __future__ import annotations

from competency_graph.services.elearning import catalogue
from competency_graph.services.elearning.catalogue import (
    BUNDLED_GRAPH,
    ResourceImportResult,
    export_catalogue,
    import_resources,
    import_resources_bytes,
    load_catalogue,
    resource_graph,
)
from competency_graph.services.elearning.recommend import (
    RANKING,
    coverage,
    learning_path,
    recommend_for_programme,
    recommend_for_staff,
)

__all__ = [
    "BUNDLED_GRAPH",
    "RANKING",
    "ResourceImportResult",
    "catalogue",
    "coverage",
    "export_catalogue",
    "import_resources",
    "import_resources_bytes",
    "learning_path",
    "load_catalogue",
    "recommend_for_programme",
    "recommend_for_staff",
    "resource_graph",
]
