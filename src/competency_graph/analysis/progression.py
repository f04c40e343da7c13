"""Progression: the prerequisite graph (a networkx DAG, cycles reported), the longest
prerequisite chain, and the semester timeline of I/R/M levels per target.

Decisions:

* An edge ``prereq → course`` is drawn for each ``course cg:hasPrerequisite prereq``.
* **Cycles** are reported one per strongly connected component of more than one course (or a
  course that requires itself), as the courses of one cycle found in it, in cycle order; a
  component with several interlocking cycles is reported once, which is what a designer needs to
  break it.
* The **longest chain** is the longest path of the condensation (each cycle collapsed into one
  step), so it exists even when the graph has cycles; a collapsed step lists its courses sorted
  by code. Ties go to the first path networkx finds in code order.
* A **timeline** entry is one semester with the highest level reached there and the courses that
  reach it; courses without a semester are listed under ``None`` at the end. Issues flagged:
  ``no-introduction`` (the first semester that reaches the target is above Introduced) and
  ``never-mastered`` (the highest level is below Mastered).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx


@dataclass
class PrerequisiteAnalysis:
    """Cycles, longest chain and size of a programme's prerequisite graph (course codes)."""

    courses: int
    edges: int
    cycles: list[list[str]] = field(default_factory=list)
    longest_chain: list[str] = field(default_factory=list)

    @property
    def is_dag(self) -> bool:
        """Whether the prerequisite graph has no cycle."""
        return not self.cycles


def prerequisite_graph(courses: Iterable[str], edges: Iterable[tuple[str, str]]) -> nx.DiGraph:
    """Return the DAG-to-be: one node per course, an edge ``prereq → course`` per requirement."""
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(sorted(courses))
    for course, prereq in sorted(edges):
        graph.add_edge(prereq, course)
    return graph


def analyse_prerequisites(courses: Iterable[str],
                          edges: Iterable[tuple[str, str]]) -> PrerequisiteAnalysis:
    """Analyse ``(course, prereq)`` edges between course codes."""
    graph = prerequisite_graph(courses, edges)
    cycles: list[list[str]] = []
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) > 1 or any(graph.has_edge(n, n) for n in component):
            start = min(component)
            found = nx.find_cycle(graph.subgraph(component), source=start)
            cycles.append([a for a, _b in found])
    condensed = nx.condensation(graph)
    path = nx.dag_longest_path(condensed) if condensed.number_of_nodes() else []
    chain: list[str] = []
    for node in path:
        chain.extend(sorted(condensed.nodes[node]["members"]))
    if len(path) < 2:
        chain = []
    return PrerequisiteAnalysis(courses=graph.number_of_nodes(), edges=graph.number_of_edges(),
                                cycles=cycles, longest_chain=chain)


@dataclass
class TimelineStep:
    """One semester of a target's timeline."""

    semester: int | None
    rank: int
    courses: list[str]


def timeline(reaches: Iterable[tuple[int | None, int, str]]) -> list[TimelineStep]:
    """Group ``(semester, rank, course code)`` triples into semester steps in order."""
    by_semester: dict[int | None, dict[str, int]] = {}
    for semester, rank, code in reaches:
        courses = by_semester.setdefault(semester, {})
        courses[code] = max(rank, courses.get(code, 0))
    order = sorted(s for s in by_semester if s is not None) + (
        [None] if None in by_semester else [])
    return [TimelineStep(s, max(by_semester[s].values()), sorted(by_semester[s]))
            for s in order]


def timeline_issues(steps: list[TimelineStep], required_rank: int = 3, *,
                    introduced_rank: int = 1, require_introduction: bool = False) -> list[str]:
    """Return the progression issues of a timeline (see the module docstring).

    ``no-introduction`` is an issue only when the progression rule requires introduction
    (``cg:requireIntroduction``; false in the bundled rule model: an assessment map that records
    only where outcomes are mastered is a valid map, and validation does not flag it either)."""
    if not steps:
        return []
    issues = []
    first = next((s for s in steps if s.semester is not None), steps[0])
    if require_introduction and first.rank > introduced_rank:
        issues.append("no-introduction")
    if max(s.rank for s in steps) < required_rank:
        issues.append("never-mastered")
    return issues


#: the order issues of the progression rule and the validation shapes that state them
ORDER_ISSUES = {"introduced-late": "ProgressionShape-introducedFirst",
                "reinforced-after-mastered": "ProgressionShape-reinforcedBeforeMastered",
                "prerequisite-order": "ProgressionShape-prerequisiteOrder"}


def order_issues(min_introduced: float | None, min_higher: float | None,
                 min_reinforced: float | None, min_mastered: float | None) -> list[str]:
    """The I → R → M order issues of one programme outcome from the earliest semester at each
    level (None = never; rule ``progression``, docs/rules.md): ``introduced-late`` when the
    earliest semester at I is later than the earliest at R or M, ``reinforced-after-mastered``
    when the earliest at R is later than the earliest at M. An outcome never introduced is not
    an order issue. The validation engine and the progression view both call this."""
    issues = []
    if min_introduced is not None and min_higher is not None and min_introduced > min_higher:
        issues.append("introduced-late")
    if min_reinforced is not None and min_mastered is not None and \
            min_reinforced > min_mastered:
        issues.append("reinforced-after-mastered")
    return issues


def without_contribution(courses: Mapping[str, str], reached: Mapping[str, set[str]]) -> list[str]:
    """Return the codes of courses (``{iri: code}``) whose outcomes reach nothing."""
    return sorted(code for iri, code in courses.items() if not reached.get(iri))
