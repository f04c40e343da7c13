"""Coverage of a programme read from the store: the one implementation behind the coverage
findings of validation (the fast engine) and the gap report, the curriculum map and the
progression view (issue 12; docs/rules.md, rule ``coverage``).

The store gives the rows (``list_coverage_{alignments,courses,items,mappings,levels,targets}``);
:mod:`competency_graph.analysis.coverage` and :mod:`competency_graph.analysis.crosswalk` apply the
rule with the parameters of the rule model (:func:`competency_graph.analysis.rules.rule_model`).
The reference engine (pySHACL) states the same rule in the coverage shapes that
``scripts/generate-coverage-shapes.py`` generates from the same rule model; the differential and
consistency tests hold the three together.

Required level of an item (first that applies): the programme's own target for the item
(``cg:coverageTarget``, from the workbook's ``targets``), the item's ``cg:requiredLevel``, a
``cg:RequiredLevelRule`` of the rule model naming the item (the awareness items), the
framework's ``cg:requiredLevel``, the rule's default (Mastered). A level on another scale than
I/R/M counts as Mastered. Only I/R/M levels are evidence; an alignment without a known level is
not evidence (and is a structure violation).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from competency_graph import analysis
from competency_graph.analysis.rules import rule_model
from competency_graph.errors import InputError, NotFoundError
from competency_graph.ids import natural_key
from competency_graph.model import IRI, Row, value
from competency_graph.namespaces import FRAMEWORK, SKOS
from competency_graph.store import GraphStore


def _str(row: Row, name: str) -> str | None:
    v = value(row.get(name))
    return None if v is None else str(v)


def _int(row: Row, name: str) -> int | None:
    v = value(row.get(name))
    try:
        return None if v is None else int(str(v))
    except (TypeError, ValueError):
        return None


def _lines(rows: list[Row]) -> list[str]:
    text = _str(rows[0], "lines") if rows else None
    return text.split("\n") if text else []


def level_ranks(store: GraphStore,
                closure: analysis.CrosswalkClosure | None = None) -> dict[str, int]:
    """Return ``{level IRI: rank}`` of every level scale (cached with the closure)."""
    memo = (closure or crosswalk_closure(store)).memo
    ranks = memo.get("levels")
    if ranks is None:
        ranks = {str(value(r["level"])): _int(r, "rank") or 1
                 for r in store.select("list_coverage_levels")}
        memo["levels"] = ranks
    return ranks


def load_alignments(store: GraphStore, prog: str,
                    closure: analysis.CrosswalkClosure | None = None,
                    ) -> list[analysis.AlignmentEdge]:
    """Return the programme's alignments (outcome or programme outcome → target, I/R/M rank),
    one per source and target (the highest level when an alignment is repeated). An alignment
    without a known level is not evidence (the structure profile reports it)."""
    ranks = level_ranks(store, closure)
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for line in _lines(store.select("list_coverage_alignments", prog=IRI(prog))):
        try:
            source, target, level, course = line.split(" ")
        except ValueError:
            continue
        rank = ranks.get(level)
        if rank is None:
            continue
        key = (source, target)
        old = best.get(key)
        if old is None or rank > old[0]:
            best[key] = (rank, course)
    return [analysis.AlignmentEdge(source, target, 1 if rank < 1 else 3 if rank > 3 else rank,
                                   None if course == "-" else course)
            for (source, target), (rank, course) in best.items()]


def load_courses(store: GraphStore, prog: str, lang: str) -> dict[str, analysis.CourseInfo]:
    """Return the programme's courses by IRI (code, title in ``lang``, semester, required)."""
    out = {}
    for line in _lines(store.select("list_coverage_courses", prog=IRI(prog), lang=lang)):
        parts = line.split("\t")
        if len(parts) != 5:
            continue
        iri, code, semester, required, title = parts
        try:
            sem: int | None = int(float(semester)) if semester else None
        except ValueError:
            sem = None
        out[iri] = analysis.CourseInfo(iri=iri, code=unquote(code) or short_code(iri),
                                       title=unquote(title) or None, semester=sem,
                                       required=required.strip() not in ("false", "0"))
    return out


@dataclass(frozen=True)
class FrameworkItem:
    iri: str
    code: str
    label: str | None
    required_rank: int
    #: the Bologna cycles the item is stated for (empty: every cycle)
    cycles: frozenset[str] = frozenset()


def load_framework(store: GraphStore, framework_id: str, lang: str,
                   closure: analysis.CrosswalkClosure | None = None,
                   ) -> tuple[str, list[FrameworkItem]]:
    """Return the framework IRI and its competency items in code order (cached with the
    closure, i.e. per store and set of framework and crosswalk graphs)."""
    memo = (closure or crosswalk_closure(store)).memo
    key = ("framework", framework_id, lang)
    if key not in memo:
        memo[key] = _load_framework(store, framework_id, lang)
    cached: tuple[str, list[FrameworkItem]] = memo[key]
    return cached


def _load_framework(store: GraphStore, framework_id: str,
                    lang: str) -> tuple[str, list[FrameworkItem]]:
    rows = store.select("list_coverage_items", id=framework_id, lang=lang)
    if not rows:
        raise NotFoundError(f"no framework with id {framework_id!r} and competency items in "
                            "the store (see `competency-graph frameworks`)")
    fw = str(value(rows[0]["fw"]))
    params = rule_model().coverage
    if fw in params.excluded_schemes:
        raise InputError(f"{framework_id!r} is a knowledge profile or range statement, never a "
                         "coverage target (docs/rules.md, rule coverage)")
    items = []
    for r in rows:
        if "item" not in r:
            continue
        iri = str(value(r["item"]))
        cycles = frozenset((_str(r, "cycles") or "").split())
        items.append(FrameworkItem(iri, _str(r, "code") or short_code(iri), _str(r, "label"),
                                   required_rank(r, iri), cycles))
    items.sort(key=lambda i: natural_key(i.code))
    return fw, items


IRM = FRAMEWORK + "irm"


def required_rank(row: Row, item: str) -> int:
    """The item's required rank by the rule (without the programme's own targets): its own
    ``cg:requiredLevel``, a required-level rule of the rule model, the framework's, the
    default; a level on another scale than I/R/M counts as Mastered."""
    params = rule_model().coverage
    if row.get("itemRank") is not None:
        rank = (_int(row, "itemRank") or 3) if _str(row, "itemScale") in (None, IRM) else 3
    elif item in params.item_ranks:
        rank = params.item_ranks[item][0]
    elif row.get("fwRank") is not None:
        rank = (_int(row, "fwRank") or 3) if _str(row, "fwScale") in (None, IRM) else 3
    else:
        rank = params.default_required_rank
    return max(1, min(3, rank))


def programme_targets(store: GraphStore, prog: str) -> dict[str, int]:
    """The programme's own required levels (``cg:coverageTarget``): item IRI → I/R/M rank."""
    out: dict[str, int] = {}
    for r in store.select("list_coverage_targets", prog=IRI(prog)):
        rank = _int(r, "rank")
        if rank is not None and _str(r, "scale") in (None, IRM):
            out[str(value(r["item"]))] = max(1, min(3, rank))
    return out


def programme_cycles(store: GraphStore, prog: str) -> frozenset[str]:
    """The programme's Bologna cycle(s) (``cg:cycle``; normally one)."""
    return frozenset(str(value(r["cycle"])) for r in
                     store.select("get_coverage_programme_cycle", prog=IRI(prog)))


def in_cycle(items: list[FrameworkItem], cycles: frozenset[str]) -> list[FrameworkItem]:
    """The items that are coverage targets for a programme of ``cycles``: an item stated for
    cycles (its own ``cg:cycle`` or a scheme's) none of which is the programme's is not (a
    bachelor never reports second-cycle gaps); an item stated for no cycle, or a programme
    without a cycle, keeps every item."""
    if not cycles:
        return items
    return [i for i in items if not i.cycles or i.cycles & cycles]


@dataclass(frozen=True)
class ProgrammeCoverage:
    """The coverage of one programme against one framework, with what it was computed from."""

    framework_iri: str
    items: list[FrameworkItem]
    coverage: list[analysis.ItemCoverage]
    courses: dict[str, analysis.CourseInfo]
    alignments: list[analysis.AlignmentEdge]


#: coverage already computed in this context (:func:`coverage_session`)
_SESSION: contextvars.ContextVar[dict[tuple[int, str, str, str], ProgrammeCoverage] | None] = \
    contextvars.ContextVar("competency_graph_coverage_session", default=None)


@contextmanager
def coverage_session() -> Iterator[None]:
    """Within the block, :func:`programme_coverage` computes each (store, programme,
    framework, language) once: a validation report needs the same coverage for its findings
    and for the evidence its page shows."""
    token = _SESSION.set({})
    try:
        yield
    finally:
        _SESSION.reset(token)


def programme_coverage(store: GraphStore, prog: str, framework_id: str,
                       lang: str = "en") -> ProgrammeCoverage:
    """Apply the coverage rule to one programme (IRI) and framework (id)."""
    session = _SESSION.get()
    key = (id(store), prog, framework_id, lang)
    if session is not None and key in session:
        return session[key]
    result = _programme_coverage(store, prog, framework_id, lang)
    if session is not None:
        session[key] = result
    return result


def _programme_coverage(store: GraphStore, prog: str, framework_id: str,
                        lang: str) -> ProgrammeCoverage:
    closure = crosswalk_closure(store)
    fw, items = load_framework(store, framework_id, lang, closure)
    items = in_cycle(items, programme_cycles(store, prog))
    targets = programme_targets(store, prog)
    if targets:
        items = [FrameworkItem(i.iri, i.code, i.label, targets.get(i.iri, i.required_rank),
                               i.cycles) for i in items]
    alignments = load_alignments(store, prog, closure)
    courses = load_courses(store, prog, lang)
    routes = closure.routes_into(i.iri for i in items)
    coverage = analysis.compute_coverage(
        alignments, courses, ((i.iri, i.code, i.label, i.required_rank) for i in items), routes)
    return ProgrammeCoverage(fw, items, coverage, courses, alignments)


def load_mapping_edges(store: GraphStore) -> list[analysis.MappingEdge]:
    return [analysis.MappingEdge(str(value(r["source"])),
                                 str(value(r["relation"])).removeprefix(SKOS),
                                 str(value(r["target"])), _str(r, "mapping"),
                                 _str(r, "crosswalk"))
            for r in store.select("list_coverage_mappings")]


def forget_graph_list(store: GraphStore) -> None:
    """Forget the store's cached crosswalk closure (it is rebuilt on the next report anyway
    when a graph it reads was written: the cache is keyed by the store's dependency
    revision)."""
    analysis.forget_closure(store)


def crosswalk_closure(store: GraphStore) -> analysis.CrosswalkClosure:
    """Return the crosswalk closure of the store, cached per dependency revision
    (``GraphStore.dependency_revision``: any write to a framework, crosswalk, RDF import or
    other non-programme graph renews it, so a changed mapping is seen at once)."""
    params = rule_model().coverage
    return analysis.closure_for(store, (store.dependency_revision(),),
                                lambda: load_mapping_edges(store),
                                max_steps=params.max_steps,
                                max_close_steps=params.max_close_steps,
                                full_relations=params.full_relations,
                                weak_relations=params.weak_relations)


@lru_cache(maxsize=65536)
def short_code(iri: str) -> str:
    if iri.startswith(FRAMEWORK):
        fw, _, code = iri[len(FRAMEWORK):].partition("/")
        return f"{unquote(fw)}:{unquote(code)}" if code else unquote(fw)
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


