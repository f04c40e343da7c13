"""Shared parts of the gap analysis services: the rule as reports state it, resolving the
programme, short names for IRIs. Loading and the coverage rule itself are
:mod:`competency_graph.validation.coverage` (shared with validation)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from competency_graph import analysis
from competency_graph.analysis.rules import rule_model
from competency_graph.errors import InputError, NotFoundError
from competency_graph.model import IRI, value
from competency_graph.namespaces import DATA
from competency_graph.services.curriculum import resolve_programme
from competency_graph.store import GraphStore
from competency_graph.validation.coverage import _str, short_code
from competency_graph.validation.coverage import crosswalk_closure as crosswalk_closure
from competency_graph.validation.coverage import load_alignments as load_alignments
from competency_graph.validation.coverage import load_courses as load_courses
from competency_graph.validation.coverage import load_framework as load_framework
from competency_graph.validation.coverage import natural_key as natural_key
from competency_graph.validation.coverage import programme_coverage as programme_coverage

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
    """A stored programme version (the shape of ``services.curriculum.ProgrammeRef``)."""

    store: GraphStore
    iri: str
    id: str
    version: str | None


def resolve_stored(store: GraphStore, ref: str) -> StoredRef:
    """Resolve a stored programme: ``ID`` (its current version, else the highest),
    ``ID@VERSION``, or the programme version's IRI (as the staff service accepts)."""
    prefix = DATA + "programme/"
    if ref.startswith(prefix):
        facts = {str(r["fact"]): str(r["value"])
                 for r in store.select("get_staff_programme", programme=IRI(ref))}
        if not facts:
            raise NotFoundError(f"no stored programme <{ref}>")
        parts = [unquote(p) for p in ref[len(prefix):].split("/")]
        return StoredRef(store, ref, facts.get("id") or parts[0],
                         facts.get("version") or (parts[1] if len(parts) > 1 else None))
    rows = store.select("get_gap_programme", id=ref)
    programme_id, version = ref, None
    if not rows and "@" in ref:
        programme_id, _, version = ref.rpartition("@")
        rows = [r for r in store.select("get_gap_programme", id=programme_id)
                if _str(r, "version") == version]
    if not rows:
        what = f"version {version!r} of programme {programme_id!r}" if version else \
            f"programme with id {ref!r}"
        raise NotFoundError(f"no stored {what} (import it first, or give a workbook path)")
    return StoredRef(store, str(value(rows[0]["prog"])), programme_id, _str(rows[0], "version"))


def _is_path(ref: str) -> bool:
    try:
        return Path(ref).exists()
    except OSError:
        return False


@contextmanager
def programme_ref(store: GraphStore, ref: str, *, allow_paths: bool = True) -> Iterator[Any]:
    """Resolve ``ref`` to an object with ``.store``, ``.iri``, ``.id`` and ``.version``: a
    stored programme id (``ID`` or ``ID@VERSION``), or else (when ``allow_paths``; never over
    HTTP) an existing workbook path (xlsx, zip, folder or CSV of the workbook), which the
    curriculum service imports into a scratch store (closed afterwards) without storing it."""
    resolved: Any
    try:
        resolved = resolve_stored(store, ref)
    except NotFoundError:
        if not (allow_paths and _is_path(ref)):
            raise
        resolved = resolve_programme(store, ref)
    try:
        yield resolved
    finally:
        if resolved.store is not store:
            resolved.store.close()


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


