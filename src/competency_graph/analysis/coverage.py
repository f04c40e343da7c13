"""Evidence paths and coverage status of framework items (pure Python over query rows).

An **evidence path** starts at a course learning outcome and follows the programme's alignments:

* outcome → framework item (a direct alignment),
* outcome → programme outcome → framework item,

and then, when the item it reaches is not in the target framework, one crosswalk route
(:mod:`.crosswalk`) into the target item. The path's **level** is the lowest I/R/M rank along its
alignments (a course that *introduces* a programme outcome that is *mastered* in the framework
only introduces the item); mapping steps keep the level. A path is **full** when each of its
mapping steps is an exact or close match, else **weak**.

For each target item, every outcome that reaches it gives one evidence entry, its best path
(full before weak, then the higher level, then the shorter path). The status rule:

* **covered**: a *required* course outcome reaches the item by a *full* path at a level ≥ the
  required level;
* **partial**: something reaches it, but only below the required level, only from elective
  courses, or only through weak mappings;
* **missing**: nothing reaches it.

``achieved_level`` is the highest level at which a required course's outcome reaches the item by a
full path (None when there is none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from competency_graph.analysis.crosswalk import Route

LEVEL_CODES = {1: "I", 2: "R", 3: "M"}
COVERED, PARTIAL, MISSING = "covered", "partial", "missing"


class AlignmentEdge(NamedTuple):
    """An alignment of the programme: ``source`` (a learning outcome of ``course``, or a
    programme outcome when ``course`` is None) → ``target`` at I/R/M ``rank``."""

    source: str
    target: str
    rank: int
    course: str | None = None
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class CourseInfo:
    """What the coverage rule needs of a course."""

    iri: str
    code: str
    title: str | None = None
    semester: int | None = None
    required: bool = True


class Step(NamedTuple):
    """One step of an evidence path: an alignment or a crosswalk mapping; ``full`` is False for
    a broad/narrow/related mapping."""

    source: str
    target: str
    kind: str  # "alignment" | "mapping"
    relation: str  # "alignment" or the SKOS mapping relation's local name
    rank: int | None = None
    mapping: str | None = None
    full: bool = True


class Evidence(NamedTuple):
    """One course outcome reaching an item, by its best path (``full``: every step is)."""

    course: str
    outcome: str
    rank: int
    path: tuple[Step, ...]
    required: bool
    full: bool

    @property
    def counts(self) -> bool:
        """Whether this entry can make an item covered (required course, full path)."""
        return self.required and self.full

    def sort_key(self) -> tuple[int, int, int, int]:
        """Best first: counting, full, higher level, shorter path."""
        return (-(self.required and self.full), -self.full, -self.rank, len(self.path))


@dataclass
class ItemCoverage:
    """The coverage of one target item."""

    item: str
    code: str
    label: str | None
    required_rank: int
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def achieved_rank(self) -> int | None:
        """Highest level reached by a required course through a full path."""
        ranks = [e.rank for e in self.evidence if e.counts]
        return max(ranks) if ranks else None

    @property
    def status(self) -> str:
        """covered / partial / missing by the module's rule."""
        if not self.evidence:
            return MISSING
        achieved = self.achieved_rank
        return COVERED if achieved is not None and achieved >= self.required_rank else PARTIAL

    @property
    def reason(self) -> str:
        """Why an item is partial (a message key), or its status for the others."""
        if self.status != PARTIAL:
            return self.status
        if any(e.counts for e in self.evidence):
            return "below-level"
        if not any(e.full for e in self.evidence):
            return "weak-only" if all(e.required for e in self.evidence) else "weak-or-elective"
        if not any(e.required for e in self.evidence):
            return "elective-only"
        return "weak-or-elective"


def compute_coverage(
    alignments: Iterable[AlignmentEdge],
    courses: Mapping[str, CourseInfo],
    items: Iterable[tuple[str, str, str | None, int]],
    routes: Mapping[str, Mapping[str, Route]],
) -> list[ItemCoverage]:
    """Return the coverage of each target item.

    ``items`` are ``(iri, code, label, required_rank)``; ``routes`` maps a source item to the
    target items it reaches through crosswalks (:meth:`CrosswalkClosure.routes_into`).
    """
    coverage = {iri: ItemCoverage(iri, code, label, rank) for iri, code, label, rank in items}
    po_targets: dict[str, list[AlignmentEdge]] = {}
    lo_edges: list[AlignmentEdge] = []
    for edge in alignments:
        if edge.course is None:
            po_targets.setdefault(edge.source, []).append(edge)
        else:
            lo_edges.append(edge)
    # the crosswalk part of a path, built once per item it starts from
    tails: dict[str, list[tuple[str, tuple[Step, ...], bool]]] = {}

    def tail(end: str) -> list[tuple[str, tuple[Step, ...], bool]]:
        found = tails.get(end)
        if found is None:
            found = [(end, (), True)] if end in coverage else []
            for target, route in routes.get(end, {}).items():
                steps = tuple(Step(h.source, h.target, "mapping", h.relation, None, h.mapping,
                                   h.full) for h in route.hops)
                found.append((target, steps, route.full))
            tails[end] = found
        return found

    po_steps = {po: [(e.target, e.rank, Step(e.source, e.target, "alignment", "alignment",
                                             e.rank)) for e in edges]
                for po, edges in po_targets.items()}
    best: dict[tuple[str, str], tuple[tuple[int, int, int, int], Evidence]] = {}
    for edge in lo_edges:
        course = courses.get(edge.course or "")
        required = course.required if course else True
        first = Step(edge.source, edge.target, "alignment", "alignment", edge.rank)
        ends: list[tuple[str, int, tuple[Step, ...]]]
        if edge.target in po_steps:
            ends = [(end, min(edge.rank, rank), (first, step))
                    for end, rank, step in po_steps[edge.target]]
        else:
            ends = [(edge.target, edge.rank, (first,))]
        for end, rank, steps in ends:
            for target, more, full in tail(end):
                path = steps + more if more else steps
                key = (-(required and full), -full, -rank, len(path))
                slot = (target, edge.source)
                old = best.get(slot)
                if old is None or key < old[0]:
                    best[slot] = (key, Evidence(edge.course or "", edge.source, rank, path,
                                                required, full))
    for (target, _outcome), (_key, ev) in best.items():
        coverage[target].evidence.append(ev)
    result = list(coverage.values())
    for cov in result:
        cov.evidence.sort(key=lambda e: (*e.sort_key(), e.course, e.outcome))
    return result


def reached_targets(alignments: Iterable[AlignmentEdge]) -> dict[str, set[str]]:
    """Return, per course, every node its outcomes reach (programme outcomes and items)."""
    po_targets: dict[str, set[str]] = {}
    edges = list(alignments)
    for edge in edges:
        if edge.course is None:
            po_targets.setdefault(edge.source, set()).add(edge.target)
    out: dict[str, set[str]] = {}
    for edge in edges:
        if edge.course is not None:
            reach = out.setdefault(edge.course, set())
            reach.add(edge.target)
            reach |= po_targets.get(edge.target, set())
    return out
