"""Graph analysis: the only home of networkx (docs/architecture.md), and the benchmark formulas.

* :mod:`.crosswalk`: crosswalk closure (routes between framework items through SKOS mappings),
  computed once per store and set of framework/crosswalk graphs and cached;
* :mod:`.coverage`: evidence paths and the covered / partial / missing rule;
* :mod:`.progression`: prerequisite DAG, cycles, longest chain, semester timelines, courses that
  contribute to nothing;
* :mod:`.impact`: merged / split / changed items between two framework versions;
* :mod:`.benchmark`: the benchmarking formulas and the benchmark report's dataclasses (pure
  Python; imported by module, not re-exported here).
"""

from __future__ import annotations

from competency_graph.analysis.coverage import (
    COVERED,
    LEVEL_CODES,
    MISSING,
    PARTIAL,
    AlignmentEdge,
    CourseInfo,
    Evidence,
    ItemCoverage,
    Step,
    compute_coverage,
    reached_targets,
)
from competency_graph.analysis.crosswalk import (
    CrosswalkClosure,
    Hop,
    MappingEdge,
    Route,
    clear_cache,
    closure_for,
    forget_closure,
)
from competency_graph.analysis.impact import ItemChange, classify, orient
from competency_graph.analysis.progression import (
    ORDER_ISSUES,
    PrerequisiteAnalysis,
    TimelineStep,
    analyse_prerequisites,
    order_issues,
    timeline,
    timeline_issues,
    without_contribution,
)

__all__ = [
    "COVERED",
    "LEVEL_CODES",
    "MISSING",
    "ORDER_ISSUES",
    "PARTIAL",
    "AlignmentEdge",
    "CourseInfo",
    "CrosswalkClosure",
    "Evidence",
    "Hop",
    "ItemChange",
    "ItemCoverage",
    "MappingEdge",
    "PrerequisiteAnalysis",
    "Route",
    "Step",
    "TimelineStep",
    "analyse_prerequisites",
    "classify",
    "clear_cache",
    "closure_for",
    "compute_coverage",
    "forget_closure",
    "order_issues",
    "orient",
    "reached_targets",
    "timeline",
    "timeline_issues",
    "without_contribution",
]
