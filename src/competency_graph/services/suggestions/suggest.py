"""Alignment suggestions: for each outcome, the top-k framework items and programme outcomes.

Which outcomes: the course learning outcomes and programme outcomes that have no alignment
(``include_all``: every one). Which targets (``to``):

* ``None`` (default): course outcomes → the programme outcomes *and* the items of the
  programme's target frameworks; programme outcomes → the target frameworks' items. A
  programme without targets is compared with every competency framework in the store;
* ``"programme-outcomes"``: course outcomes only, against the programme outcomes (``target``
  is the programme-outcome id, ``framework`` null);
* a framework id: every selected outcome against that framework's items.

A candidate's ``score`` is the engine's normalised score (0..1, docs/suggestions.md); its
``reason`` names the shared terms and the language of the text that matched, and the context
the programme already gives: the framework items a candidate programme outcome is aligned to,
or the outcome's course's other alignments to the same framework item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from competency_graph.analysis.text import Encoder, HybridIndex
from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.i18n import translate
from competency_graph.io.suggestion_column import write_suggestion_columns
from competency_graph.services.suggestions.engine import (
    DEFAULT_TOP,
    MIN_SCORE,
    Statement,
    aligned_context,
    check_lang,
    check_top,
    course_outcomes,
    describe_terms,
    framework_index,
    frameworks,
    loaded_programme,
    programme_outcomes,
    statement_index,
)
from competency_graph.store import GraphStore

PROGRAMME_OUTCOMES = "programme-outcomes"


def _candidates(index: HybridIndex, statement: Statement, top: int,
                framework: str | None, lang: str) -> list[dict[str, Any]]:
    out = []
    for hit in index.search(statement.variants(), top):
        if hit.score < MIN_SCORE:
            continue
        doc = index.documents[hit.doc]
        out.append({"target": doc.data.get("code", doc.key) if framework else doc.key,
                    "framework": framework, "score": hit.score,
                    "reason": describe_terms(hit.shared, hit.lang, lang),
                    "_key": doc.key})
    return out


def suggest_for_programme(programme: dict[str, Any], store: GraphStore, *,
                          to: str | None = None, top: int = DEFAULT_TOP,
                          include_all: bool = False, encoder: Encoder | None = None,
                          lang: str = "en") -> dict[str, Any]:
    """Suggestions for a loaded programme JSON (see the module doc)."""
    top = check_top(top)
    known = frameworks(store)
    if to not in (None, PROGRAMME_OUTCOMES) and to not in known:
        raise NotFoundError(f"unknown framework {to!r} (see `competency-graph frameworks`)")
    courses = course_outcomes(programme)
    pos = programme_outcomes(programme)
    if to == PROGRAMME_OUTCOMES:
        if not pos:
            raise InputError(Problem(f"programme {programme['id']!r} has no programme "
                                     "outcomes to suggest", Location(json_path="to")))
        targets: list[str] = []
    elif to is not None:
        targets = [to]
    else:
        targets = [t for t in programme.get("targets") or [] if t in known] or sorted(known)
    sources = courses if to == PROGRAMME_OUTCOMES else courses + pos
    if not include_all:
        sources = [s for s in sources if not s.aligned]
    po_index = (statement_index(pos, encoder, aligned_context(store, pos))
                if pos and to in (None, PROGRAMME_OUTCOMES) else None)
    po_alignments = {p.id: [a["target"] for a in p.aligned] for p in pos}
    indexes = [(fw, framework_index(store, known[fw], encoder)) for fw in targets]
    # the framework items each course already reaches (directly or through its outcomes' POs)
    course_targets: dict[str, set[str]] = {}
    for s in courses:
        reached = course_targets.setdefault(s.course or "", set())
        for a in s.aligned:
            reached.add(a["target"])
            reached.update(po_alignments.get(a["target"], []))
    suggestions = []
    for s in sources:
        candidates: list[dict[str, Any]] = []
        if po_index is not None and s.course is not None:
            for c in _candidates(po_index, s, top, None, lang):
                aligned = po_alignments.get(c["target"]) or []
                if aligned:
                    c["reason"] += "; " + translate("suggest.reason.po_aligned", lang,
                                                    targets=", ".join(aligned[:4]))
                candidates.append(c)
        for fw, index in indexes:
            for c in _candidates(index, s, top, fw, lang):
                if c["_key"] in course_targets.get(s.course or "", set()):
                    c["reason"] += "; " + translate("suggest.reason.course_reaches", lang,
                                                    course=s.course, target=c["_key"])
                candidates.append(c)
        candidates.sort(key=lambda c: (-c["score"], c["framework"] or "", c["target"]))
        for c in candidates:
            c.pop("_key", None)
        suggestions.append({"outcome": s.id, "course": s.course, "text": s.text(lang),
                            "aligned_to": [a["target"] for a in s.aligned],
                            "candidates": candidates[:top]})
    return {"programme": programme["id"], "version": programme["version"],
            "to": to or "default", "targets": targets,
            "mode": "lexical" if encoder is None else "hybrid",
            "suggestions": suggestions}


def suggest(store: GraphStore, programme: str, *, to: str | None = None,
            top: int = DEFAULT_TOP, include_all: bool = False, lang: str = "en",
            encoder: Encoder | None = None) -> dict[str, Any]:
    """Suggestions for a stored programme (``ID``/``ID@VERSION``) or a workbook path.

    :raises NotFoundError: unknown programme or framework. :raises InputError: bad ``top``,
        ``lang`` or ``to``.
    """
    check_lang(lang)
    check_top(top)
    with loaded_programme(store, programme, lang=lang) as data:
        report = suggest_for_programme(data, store, to=to, top=top, include_all=include_all,
                                       encoder=encoder, lang=lang)
    return report


def write_suggestions_workbook(report: dict[str, Any], source: Path, out: Path) -> int:
    """Write a suggestion report into a copy of its workbook (:mod:`competency_graph.io.
    suggestion_column`); return the number of outcome rows filled."""
    cells = {}
    for entry in report["suggestions"]:
        candidates = entry["candidates"]
        if candidates:
            targets = [f"{c['framework']}:{c['target']}@I" if c["framework"]
                       else f"{c['target']}@I" for c in candidates]
            cells[entry["outcome"]] = ("; ".join(targets),
                                       "; ".join(f"{c['score']:.3f}" for c in candidates))
    return write_suggestion_columns(source, out, cells)
