"""Shared parts of the gap analysis services: the rule, messages, resolving the programme,
loading rows from the store, short names for IRIs."""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from competency_graph import analysis
from competency_graph.errors import InputError, NotFoundError
from competency_graph.ids import natural_key
from competency_graph.model import IRI, Row, value
from competency_graph.namespaces import FRAMEWORK, GRAPH, SKOS
from competency_graph.services.curriculum import resolve_programme
from competency_graph.store import GraphStore

LANGS = ("en", "ru", "kk")
LEVELS = analysis.LEVEL_CODES
MAX_HOPS = 2

RULE: dict[str, Any] = {
    "items": "the cg:Competency items of the framework scheme (not categories, not companion "
             "schemes)",
    "required_level": "the item's cg:requiredLevel, else the framework's, else M; a level on "
                      "another scale than I/R/M counts as M",
    "evidence": "a course learning outcome reaching the item through the programme's alignments "
                "(directly or through a programme outcome) and at most 2 crosswalk mapping steps",
    "path_level": "the lowest I/R/M level among the path's alignments",
    "full_evidence_relations": ["exactMatch", "closeMatch"],
    "weak_evidence_relations": ["broadMatch", "narrowMatch", "relatedMatch"],
    "max_crosswalk_hops": MAX_HOPS,
    "covered": "a required course reaches the item by a path of full evidence at a level >= "
               "the required level",
    "partial": "reached, but only below the required level, only by elective courses, or only "
               "through weak mappings (broad/narrow/related), which are never enough alone",
    "missing": "no course outcome reaches the item",
    "achieved_level": "the highest level at which a required course reaches the item by a path "
                      "of full evidence (null when none does)",
}

# --- resolving the programme -----------------------------------------------------------------

@contextmanager
def programme_ref(store: GraphStore, ref: str) -> Iterator[Any]:
    """Resolve the stored programme ``ref`` (``ID`` or ``ID@VERSION``) through the curriculum
    service's one resolver; yields an object with ``.store``, ``.iri``, ``.id`` and
    ``.version``. A workbook path is the CLI's business (it hands in a scratch store)."""
    yield resolve_programme(store, ref)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


# --- loading -------------------------------------------------------------------------------

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
    one per source and target (the highest level when an alignment is repeated)."""
    ranks = level_ranks(store, closure)
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for line in _lines(store.select("list_coverage_alignments", prog=IRI(prog))):
        try:
            source, target, level, course = line.split(" ")
        except ValueError:
            continue
        rank = 1 if level == "-" else ranks.get(level, 1)
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
    items = []
    irm = FRAMEWORK + "irm"
    for r in rows:
        if "item" not in r:
            continue
        rank = 3
        if r.get("itemRank") is not None:
            rank = _int(r, "itemRank") or 3 if _str(r, "itemScale") in (None, irm) else 3
        elif r.get("fwRank") is not None:
            rank = _int(r, "fwRank") or 3 if _str(r, "fwScale") in (None, irm) else 3
        iri = str(value(r["item"]))
        items.append(FrameworkItem(iri, _str(r, "code") or short_code(iri), _str(r, "label"),
                           max(1, min(3, rank))))
    items.sort(key=lambda i: natural_key(i.code))
    return fw, items


def load_mapping_edges(store: GraphStore) -> list[analysis.MappingEdge]:
    return [analysis.MappingEdge(str(value(r["source"])),
                                 str(value(r["relation"])).removeprefix(SKOS),
                                 str(value(r["target"])), _str(r, "mapping"),
                                 _str(r, "crosswalk"))
            for r in store.select("list_coverage_mappings")]


#: How long the list of framework/crosswalk graphs of a store is trusted before it is read again
#: (reading it is cheap, but not free on a store with many programmes: ``bench/gaps.py``).
GRAPH_LIST_TTL = 1.0
_GRAPH_KEYS: weakref.WeakKeyDictionary[GraphStore, tuple[float, tuple[str, ...]]] = (
    weakref.WeakKeyDictionary())


def crosswalk_closure(store: GraphStore) -> analysis.CrosswalkClosure:
    """Return the crosswalk closure of the store, cached per set of framework and crosswalk
    graphs (a new or dropped framework or crosswalk graph rebuilds it, noticed within
    :data:`GRAPH_LIST_TTL` seconds)."""
    now = time.monotonic()
    seen = _GRAPH_KEYS.get(store)
    if seen is not None and now - seen[0] < GRAPH_LIST_TTL:
        key = seen[1]
    else:
        prefixes = (GRAPH + "framework/", GRAPH + "crosswalk/")
        key = tuple(g for g in store.graph_names() if g.startswith(prefixes))
        _GRAPH_KEYS[store] = (now, key)
    return analysis.closure_for(store, key, lambda: load_mapping_edges(store), max_hops=MAX_HOPS)


# --- naming things ---------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def short_code(iri: str) -> str:
    if iri.startswith(FRAMEWORK):
        fw, _, code = iri[len(FRAMEWORK):].partition("/")
        return f"{unquote(fw)}:{unquote(code)}" if code else unquote(fw)
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


class Names:
    """Short codes for the IRIs of a programme: ``ENG201/LO1``, ``PO2``, ``wa-2021:WA4``
    (computed on first use; outcome and programme-outcome ids are the last IRI segment, as
    docs/data-model.md builds them)."""

    def __init__(self, courses: dict[str, analysis.CourseInfo],
                 alignments: list[analysis.AlignmentEdge]) -> None:
        self.courses = courses
        self.course_of = {e.source: e.course for e in alignments if e.course is not None}
        self.codes: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        code = self.codes.get(iri)
        if code is None:
            course = self.course_of.get(iri)
            if course is not None:
                info = self.courses.get(course)
                code = f"{info.code if info else short_code(course)}/{short_code(iri)}"
            else:
                code = short_code(iri)
            self.codes[iri] = code
        return code


def step_json(step: analysis.Step, name: Names,
              memo: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return one path step as JSON (memoised by identity: many paths share the very same
    step objects for their programme-outcome and crosswalk steps)."""
    if memo is not None:
        found = memo.get(id(step))
        if found is not None:
            return found
    out = {"source": step.source, "source_code": name(step.source), "target": step.target,
            "target_code": name(step.target), "kind": step.kind, "relation": step.relation,
            "level": LEVELS.get(step.rank) if step.rank else None,
            "strength": "full" if step.full else "weak"}
    if memo is not None:
        memo[id(step)] = out
    return out


def course_json(course: analysis.CourseInfo) -> dict[str, Any]:
    return {"code": course.code, "title": course.title, "semester": course.semester,
            "required": course.required}


