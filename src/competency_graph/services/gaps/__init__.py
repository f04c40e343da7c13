"""Gap analysis use cases: coverage with evidence paths, the curriculum map, the progression view
and the impact of a framework version change (issue 6; JSON in docs/gaps.md).

Coverage rule (also written into every report's ``metadata.rule``):

* The items are the ``cg:Competency`` items of the target framework (not its categories, not
  companion schemes such as WK). The **required level** is the item's ``cg:requiredLevel``, else
  the framework's, else Mastered; a required level on another scale than I/R/M counts as Mastered.
* **Evidence** is a course learning outcome that reaches the item through the programme's
  alignments (directly, or through a programme outcome) and, when the alignment points at another
  framework, through at most two crosswalk mapping steps. The path's level is the lowest I/R/M
  level of its alignments.
* ``exactMatch`` / ``closeMatch`` mappings carry **full** evidence; ``broadMatch``,
  ``narrowMatch`` and ``relatedMatch`` only **weak** evidence, never enough alone for covered.
* **covered**: a required course reaches the item by a full path at a level ≥ the required
  level. **partial**: reached, but only below the required level, only by electives, or only
  through weak mappings. **missing**: nothing reaches it. ``achieved_level`` is the highest level
  at which a required course reaches the item by a full path.

Data come from the store by the ``.rq`` queries
``list_coverage_{alignments,courses,items,mappings}``, ``list_matrix_outcomes``,
``list_progression_prerequisites`` and ``list_impact_mappings``; the crosswalk closure is built
by :mod:`competency_graph.analysis` once per store and set of framework/crosswalk graphs.
"""

from __future__ import annotations

from competency_graph.services.gaps._data import crosswalk_closure, programme_ref, rule_json
from competency_graph.services.gaps.curriculum_map import matrix, progression
from competency_graph.services.gaps.impact import impact
from competency_graph.services.gaps.report import gap_report, has_gaps

__all__ = [
    "crosswalk_closure",
    "gap_report",
    "has_gaps",
    "impact",
    "matrix",
    "programme_ref",
    "progression",
    "rule_json",
]
