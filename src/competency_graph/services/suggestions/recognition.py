"""Mobility recognition: which home courses a partner programme's courses can be recognised
for, by outcome similarity, ECTS and level.

Practice followed (Erasmus+ learning agreements; ECTS Users' Guide 2015, §4.2 and Annex
"learning agreement"): recognition rests on *comparable*, not identical, learning outcomes,
judged for the set of courses of the agreement rather than course by course one-to-one; the
credits of a successfully completed component are recognised without further assessment. So:

* a home outcome is **matched** when some outcome of the partner course(s) considered scores
  ≥ :data:`MATCH` against it (the engine's normalised score, best over language variants);
* a home course's **coverage** is the share of its outcomes matched;
* the partner course(s) considered: with a learning agreement (CSV ``home_course,
  partner_course``; several rows per home course = a group), those of the agreement; without,
  the single partner course with the most matched outcomes (ties: the higher summed score,
  then the ECTS closest to the home course);
* **full** recognition: coverage ≥ :data:`FULL` (two thirds), the partner ECTS ≥
  :data:`ECTS_RATIO` × the home ECTS, and both programmes of the same cycle;
  **partial**: coverage ≥ :data:`PARTIAL` (one third), or full coverage without enough ECTS or
  with another cycle; **none** otherwise;
* ``ects_recognised`` is the home course's ECTS for a full recognition and 0 otherwise (a
  partial recognition needs a decision of the home institution: it is listed with its
  coverage and ``ects_partial``); the totals add them up;
* ``uncovered``: the home outcomes of every home course that no considered partner outcome
  matches.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from competency_graph.analysis.text import Encoder
from competency_graph.errors import InputError, Location, Problem
from competency_graph.i18n import translate
from competency_graph.services.suggestions.engine import (
    Statement,
    check_lang,
    course_outcomes,
    describe_terms,
    loaded_programme,
    statement_index,
)
from competency_graph.store import GraphStore

MATCH = 0.3
FULL = 2 / 3
PARTIAL = 1 / 3
ECTS_RATIO = 0.8
MAX_AGREEMENT_BYTES = 1_000_000
MAX_AGREEMENT_ROWS = 5_000
AGREEMENT_COLUMNS = ("home_course", "partner_course")


def read_agreement(path: Path, home_courses: set[str], partner_courses: set[str],
                   ) -> dict[str, list[str]]:
    """Read a learning-agreement CSV: ``{home course: [partner courses]}``.

    :raises InputError: every problem, located by file, row and column.
    """
    shown = str(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(Problem("the agreement file does not exist", Location(file=shown))) \
            from None
    if size > MAX_AGREEMENT_BYTES:
        raise InputError(Problem(f"the agreement file is larger than {MAX_AGREEMENT_BYTES} "
                                 "bytes", Location(file=shown)))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise InputError(Problem("the agreement file is not UTF-8 text (save it as CSV UTF-8)",
                                 Location(file=shown))) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(Problem("the agreement file is empty", Location(file=shown, row=1)))
    header = [h.strip().casefold() for h in rows[0]]
    missing = [c for c in AGREEMENT_COLUMNS if c not in header]
    if missing:
        raise InputError([Problem(f"the required column {c!r} is missing (header: "
                                  + ", ".join(header) + ")", Location(file=shown, row=1,
                                                                       column=c))
                          for c in missing])
    if len(rows) - 1 > MAX_AGREEMENT_ROWS:
        raise InputError(Problem(f"the agreement has more than {MAX_AGREEMENT_ROWS} rows",
                                 Location(file=shown)))
    at = {c: header.index(c) for c in AGREEMENT_COLUMNS}
    pairs: dict[str, list[str]] = {}
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()}
        ok = True
        for column, known, side in (("home_course", home_courses, "home"),
                                    ("partner_course", partner_courses, "partner")):
            if not cells[column]:
                problems.append(Problem(f"the {side} course code is empty",
                                        Location(file=shown, row=number, column=column)))
                ok = False
            elif cells[column] not in known:
                problems.append(Problem(f"the {side} programme has no course "
                                        f"{cells[column]!r}",
                                        Location(file=shown, row=number, column=column)))
                ok = False
        if ok:
            group = pairs.setdefault(cells["home_course"], [])
            if cells["partner_course"] not in group:
                group.append(cells["partner_course"])
    if problems:
        raise InputError(problems)
    if not pairs:
        raise InputError(Problem("the agreement has no course pair", Location(file=shown)))
    return pairs


def _course_map(programme: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(c["code"]): c for c in programme["courses"]}


def _ects(course: dict[str, Any]) -> float:
    try:
        return float(course.get("ects") or 0)
    except (TypeError, ValueError):
        return 0.0


def _rank(code: str, matches: dict[str, list[Any]], partner_courses: dict[str, Any],
          home_ects: float) -> tuple[Any, ...]:
    found = matches[code]
    return (-len(found), -sum(m[1]["score"] for m in found),
            abs(_ects(partner_courses[code]) - home_ects), code)


def recognise(store: GraphStore, home: str, partner: str, *, agreement: Path | None = None,
              lang: str = "en", encoder: Encoder | None = None,
              partner_store: GraphStore | None = None) -> dict[str, Any]:
    """The recognition report (module doc).

    :raises NotFoundError: unknown programme. :raises InputError: a bad agreement CSV.
    """
    check_lang(lang)
    with loaded_programme(store, home, lang=lang,
                          param="home") as h, \
            loaded_programme(partner_store or store, partner, lang=lang,
                             param="partner") as p:
        home_data, partner_data = h, p
    home_courses, partner_courses = _course_map(home_data), _course_map(partner_data)
    pairs = (read_agreement(agreement, set(home_courses), set(partner_courses))
             if agreement is not None else None)
    partner_outcomes = course_outcomes(partner_data)
    index = statement_index(partner_outcomes, encoder)
    by_course: dict[str, set[int]] = {}
    for position, s in enumerate(partner_outcomes):
        by_course.setdefault(s.course or "", set()).add(position)
    same_cycle = home_data.get("cycle") == partner_data.get("cycle")
    home_outcomes: dict[str, list[Statement]] = {}
    for s in course_outcomes(home_data):
        home_outcomes.setdefault(s.course or "", []).append(s)
    courses_out = []
    uncovered = []
    totals = {"home_ects": 0.0, "ects_recognised": 0.0, "ects_partial": 0.0,
              "full": 0, "partial": 0, "none": 0}
    for code, course in home_courses.items():
        if pairs is not None and code not in pairs:
            continue
        outcomes = home_outcomes.get(code, [])
        # best partner outcome per home outcome, per partner course
        matches: dict[str, list[tuple[Statement, dict[str, Any]]]] = {}
        for s in outcomes:
            allowed = None
            if pairs is not None:
                allowed = set().union(*(by_course.get(pc, set()) for pc in pairs[code]))
            for hit in index.search(s.variants(), 50, allowed):
                if hit.score < MATCH:
                    break
                other = partner_outcomes[hit.doc]
                bucket = matches.setdefault(other.course or "", [])
                if not any(m[0].id == s.id for m in bucket):
                    bucket.append((s, {"home_outcome": s.id, "partner_outcome": other.id,
                                       "score": hit.score,
                                       "reason": describe_terms(hit.shared, hit.lang, lang)}))
        home_ects = _ects(course)
        if pairs is not None:
            chosen = pairs[code]
        elif matches:
            chosen = [min(matches, key=lambda pc: _rank(pc, matches, partner_courses,
                                                        home_ects))]
        else:
            chosen = []
        matched = [m for pc in chosen for m in matches.get(pc, [])]
        matched_ids = {m[0].id for m in matched}
        coverage = len(matched_ids) / len(outcomes) if outcomes else 0.0
        partner_ects = sum(_ects(partner_courses[pc]) for pc in chosen)
        enough_ects = home_ects == 0 or partner_ects >= ECTS_RATIO * home_ects
        notes = []
        if coverage >= FULL and enough_ects and same_cycle:
            status = "full"
        elif coverage >= PARTIAL or coverage >= FULL:
            status = "partial"
        else:
            status = "none"
        if coverage >= FULL and not enough_ects:
            notes.append(translate("recognition.note.ects", lang, partner=f"{partner_ects:g}",
                                   ratio=f"{ECTS_RATIO:g}", home=f"{home_ects:g}"))
        if coverage >= FULL and not same_cycle:
            notes.append(translate("recognition.note.cycle", lang,
                                   home=home_data.get("cycle"), partner=partner_data.get("cycle")))
        if not outcomes:
            notes.append(translate("recognition.note.no_outcomes", lang))
        recognised = home_ects if status == "full" else 0.0
        totals["home_ects"] += home_ects
        totals["ects_recognised"] += recognised
        totals["ects_partial"] += home_ects if status == "partial" else 0.0
        totals[status] += 1
        left = [s for s in outcomes if s.id not in matched_ids]
        uncovered += [{"outcome": s.id, "text": s.text(lang)} for s in left]
        best_matches = sorted((m[1] for m in matched), key=lambda m: -m["score"])
        courses_out.append({
            "home_course": code, "title": course.get("title"), "home_ects": home_ects,
            "partner_courses": chosen, "partner_ects": partner_ects,
            "status": status, "coverage": round(coverage, 4),
            "ects_recognised": recognised, "matches": best_matches,
            "uncovered": [s.id for s in left], "notes": notes,
        })
    return {"home": {"id": home_data["id"], "version": home_data["version"],
                     "cycle": home_data.get("cycle")},
            "partner": {"id": partner_data["id"], "version": partner_data["version"],
                        "cycle": partner_data.get("cycle")},
            "agreement": str(agreement) if agreement is not None else None,
            "mode": "lexical" if encoder is None else "hybrid",
            "thresholds": {"match": MATCH, "full": round(FULL, 4),
                           "partial": round(PARTIAL, 4), "ects_ratio": ECTS_RATIO},
            "summary": totals, "courses": courses_out, "uncovered": uncovered}
