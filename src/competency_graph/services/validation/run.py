"""Use case: validate a programme against validation profiles (issue 5; JSON in docs/validation.md).

``validate(store, ref, profiles=None, engine="fast")`` resolves ``ref`` (a stored programme id or
``ID@VERSION``; the CLI hands in a scratch store for a workbook path) with
:func:`competency_graph.services.curriculum.resolve_programme`, picks the profiles and runs
one of the engines of :mod:`competency_graph.validation`:

* without profiles: ``structure``, ``ects``, ``progression``, ``wording``,
  ``internationalisation`` and the coverage profile of every target framework of the programme
  (``cg:targetFramework``) that has one;
* profile ids: those of ``ontology/shapes/*.shapes.ttl`` (``structure`` … and framework ids such
  as ``wa-2021``); ``coverage-wa-2021`` is accepted for ``wa-2021``.

Conformance: a report conforms when it has no violation; warnings and infos are reported but do
not fail it (CLI exit 0), as pySHACL's ``allow_warnings``.

The English floor (B2) and recommended level (C1) for teachers of English-taught courses are set
per institution in the data: ``cg:englishFloor`` / ``cg:englishRecommended`` (a CEFR level) on the
``cg:Institution`` the programme is ``cg:offeredBy`` (docs/validation.md).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from competency_graph import validation
from competency_graph.analysis import LEVEL_CODES
from competency_graph.errors import InputError
from competency_graph.i18n import translate
from competency_graph.model import IRI, value
from competency_graph.services.curriculum import ProgrammeRef, resolve_programme
from competency_graph.services.system import computed, pick_label
from competency_graph.store import GraphStore
from competency_graph.validation import ALWAYS_ON, ENGINES, LANGS, Report
from competency_graph.validation.coverage import coverage_session, programme_coverage


def _check(lang: str, engine: str) -> None:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def resolve_profiles(store: GraphStore, programme: str,
                     profiles: list[str] | str | None) -> list[str]:
    """The profile ids to run: the given ones (checked), else the defaults."""
    requested = requested_profiles(profiles)
    if requested is not None:
        return requested
    cat = validation.catalogue()
    targets = [str(r["target"]) for r in store.select("list_validation_targets",
                                                      programme=IRI(programme))]
    chosen = list(ALWAYS_ON)
    for target in sorted(targets):
        profile = cat.coverage_profile(target)
        if profile is not None:
            chosen.append(profile.id)
    return chosen


def validate(store: GraphStore, ref: str, profiles: list[str] | str | None = None, *,
             engine: str = "fast", lang: str = "en") -> Report:
    """Validate the programme ``ref`` (stored id or ``ID@VERSION``).

    The report is computed once per programme version, profiles, engine and language, and
    served from the stored result until a framework, crosswalk, rule or roster it depends on
    changes (:func:`competency_graph.services.system.computed`)."""
    _check(lang, engine)
    programme = resolve_programme(store, ref)  # an unknown programme first (404), as before
    try:
        requested = requested_profiles(profiles)
        document = computed(programme, "validation", result_params(requested, engine, lang),
                            lambda: compute_document(programme, requested, engine, lang))
        return validation.report_from_document(document)
    finally:
        programme.close()


def result_params(requested: list[str] | None, engine: str, lang: str) -> dict[str, Any]:
    """What a stored validation result is kept under (besides the programme version)."""
    return {"profiles": requested, "engine": engine, "lang": lang}


def compute_document(programme: ProgrammeRef, requested: list[str] | None, engine: str,
                     lang: str) -> dict[str, Any]:
    """Run the validation (no stored result is read or written): the report as the document
    :func:`competency_graph.validation.report_document` makes."""
    chosen = resolve_profiles(programme.store, programme.iri, requested)
    with coverage_session():  # the findings and the page's evidence share one coverage
        report = validation.run(programme.store, programme.iri, chosen, engine=engine,
                                programme_id=programme.id)
        report.extras = _extras(programme.store, programme.iri, chosen, lang)
    report.version = programme.version
    return validation.report_document(report)


def requested_profiles(profiles: list[str] | str | None) -> list[str] | None:
    """The requested profile ids, checked (the store is not needed for that); None for the
    defaults, which follow from the programme version itself."""
    if isinstance(profiles, str):
        profiles = [p for p in re.split(r"[,\s]+", profiles) if p]
    if not profiles:
        return None
    cat = validation.catalogue()
    ids = [p.removeprefix("coverage-") for p in profiles]  # coverage-wa-2021 is wa-2021
    unknown = [p for p in ids if p not in cat.profiles]
    if unknown:
        raise InputError("unknown validation profile " + ", ".join(repr(u) for u in unknown)
                         + "; known: " + ", ".join(sorted(cat.profiles)))
    return list(dict.fromkeys(ids))


# --- the HTML page's extra facts (evidence and provenance) ----------------------------------

def _extras(store: GraphStore, programme: str, profile_ids: list[str],
            lang: str) -> dict[str, Any]:
    cat = validation.catalogue()
    frameworks: dict[str, Any] = {}
    for pid in profile_ids:
        framework = cat.profiles[pid].framework
        if not framework:
            continue
        rows = store.select("get_validation_framework", framework=IRI(framework))
        first = rows[0] if rows else {}
        # the outcomes involved in each item, by the one coverage rule (as the gap report)
        evidence: dict[str, list[str]] = {}
        pc = programme_coverage(store, programme, pid)  # codes only: any language's
        for cov in pc.coverage:
            for ev in cov.evidence:
                info = pc.courses.get(ev.course)
                course = info.code if info else unquote(ev.course.rsplit("/", 1)[-1])
                outcome = unquote(ev.outcome.rsplit("/", 1)[-1])
                text = f"{course} {outcome} ({LEVEL_CODES[ev.rank]})"
                if not ev.required:
                    text += " — " + translate("validation.elective", lang)
                if not ev.full:
                    text += " — " + translate("validation.weak", lang)
                evidence.setdefault(cov.item, []).append(text)
        frameworks[pid] = {
            "iri": framework,
            "title": pick_label([r.get("title") for r in rows], lang) or pid,
            "version": str(value(first.get("version")) or ""),
            "publisher": str(value(first.get("publisher")) or ""),
            "source": str(value(first.get("source")) or ""),
            "rights": str(value(first.get("rights")) or ""),
            "status": pick_label([r.get("statusLabel") for r in rows], lang)
            or str(value(first.get("status")) or "").rsplit("#", 1)[-1],
            "evidence": {k: sorted(set(v)) for k, v in evidence.items()},
        }
    return {"frameworks": frameworks}
