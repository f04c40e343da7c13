"""Shared parts of the gap analysis services: the rule as reports state it, resolving the
programme, short names for IRIs. Loading and the coverage rule itself are
:mod:`competency_graph.validation.coverage` (shared with validation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from competency_graph import analysis
from competency_graph.analysis.rules import rule_model
from competency_graph.errors import InputError, NotFoundError
from competency_graph.model import IRI
from competency_graph.namespaces import DATA
from competency_graph.services.curriculum import resolve_programme
from competency_graph.services.system import computed
from competency_graph.store import GraphStore
from competency_graph.validation.coverage import crosswalk_closure as crosswalk_closure
from competency_graph.validation.coverage import load_alignments as load_alignments
from competency_graph.validation.coverage import load_courses as load_courses
from competency_graph.validation.coverage import load_framework as load_framework
from competency_graph.validation.coverage import programme_coverage as programme_coverage
from competency_graph.validation.coverage import short_code

LANGS = ("en", "ru", "kk")
LEVELS = analysis.LEVEL_CODES


def rule_json() -> dict[str, Any]:
    """The coverage rule as every gap report states it (``metadata.rule``), from the rule
    model: its parameters, and its definition in en/ru/kk."""
    model = rule_model()
    params = model.coverage
    rule = model.rules["coverage"]
    full = "/".join(sorted(params.full_relations))
    return {
        "id": rule.id, "version": rule.version, "definition": rule.definition,
        "covered": "a required course reaches the item by a path of full evidence at a level >= "
                   "the required level",
        "partial": "reached, but only below the required level, only by elective courses, or "
                   "only through weak evidence, which is never enough alone",
        "missing": "no course outcome reaches the item",
        "evidence": "a course learning outcome reaching the item directly, through a programme "
                    f"outcome, or through at most {params.max_steps} crosswalk mapping steps",
        "full_evidence": f"every mapping step is {full}, at most {params.max_close_steps} of "
                         "them closeMatch",
        "path_level": "the lowest I/R/M level among the path's alignments",
        "default_required_level": LEVELS[params.default_required_rank],
        "full_evidence_relations": sorted(params.full_relations),
        "weak_evidence_relations": sorted(params.weak_relations),
        "max_close_match_steps": params.max_close_steps,
        "max_crosswalk_hops": params.max_steps,
        "required_levels": {item: LEVELS[rank] for item, (rank, _r) in params.item_ranks.items()},
        "excluded_schemes": sorted(params.excluded_schemes),
    }


# --- resolving the programme -----------------------------------------------------------------

@dataclass(frozen=True)
class StoredRef:
    """A stored programme version named by its IRI (the shape of
    ``services.curriculum.ProgrammeRef``)."""

    store: GraphStore
    iri: str
    id: str
    version: str | None


def _by_iri(store: GraphStore, ref: str) -> Any:
    """A programme version given by its IRI (as the staff service and the consistency tests
    name it)."""
    facts = {str(r["fact"]): str(r["value"])
             for r in store.select("get_staff_programme", programme=IRI(ref))}
    if not facts:
        raise NotFoundError(f"no stored programme <{ref}>")
    parts = [unquote(p) for p in ref[len(DATA + "programme/"):].split("/")]
    programme_id = facts.get("id") or parts[0]
    version = facts.get("version") or (parts[1] if len(parts) > 1 else None)
    if version is not None:
        try:  # the resolver's own answer, which results are stored under
            found = resolve_programme(store, f"{programme_id}@{version}")
        except (InputError, NotFoundError):  # a programme without identifier or version
            found = None
        if found is not None and found.iri == ref:
            return found
    return StoredRef(store, ref, programme_id, version)


@contextmanager
def programme_ref(store: GraphStore, ref: str) -> Iterator[Any]:
    """Resolve the stored programme ``ref`` (``ID``, ``ID@VERSION`` or the version's IRI)
    through the curriculum service's one resolver; yields an object with ``.store``, ``.iri``,
    ``.id`` and ``.version``. A workbook path is the CLI's business (it hands in a scratch
    store)."""
    if ref.startswith(DATA + "programme/"):
        yield _by_iri(store, ref)
    else:
        yield resolve_programme(store, ref)


def served(store: GraphStore, programme: str, kind: str, params: dict[str, Any],
           build: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The report ``kind`` of the stored programme ``programme``: built once per programme
    version and ``params`` by ``build(ref)``, then served (``services.system.computed``)."""
    with programme_ref(store, programme) as ref:
        if isinstance(ref, StoredRef):  # a version IRI the resolver does not name
            return build(ref)
        report: dict[str, Any] = computed(ref, kind, params, lambda: build(ref))
        return report


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


# --- loading (one implementation with validation: competency_graph.validation.coverage) ------

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


