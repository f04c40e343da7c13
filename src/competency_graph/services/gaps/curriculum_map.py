"""The curriculum map (course × framework item or × programme outcome, I/R/M cells in semester
order) and the progression view (semester timelines, prerequisite DAG, courses that contribute
to nothing).

Matrix cells: in framework mode a cell is the best evidence of the course for the item by the
gap-report rule (its outcomes directly, through programme outcomes, or through crosswalks); its
``strength`` is ``weak`` when only weak mappings reach it. In outcomes mode a cell is the highest
level of the course's direct alignments to the programme outcome. Rows are ordered by semester
(courses without one last), then code.
"""

from __future__ import annotations

from typing import Any

from competency_graph import analysis
from competency_graph.analysis.rules import rule_model
from competency_graph.ids import natural_key
from competency_graph.model import IRI
from competency_graph.services.gaps._data import (
    LEVELS,
    check_lang,
    course_json,
    load_alignments,
    load_courses,
    programme_coverage,
    served,
)
from competency_graph.store import GraphStore


def _row_order(course: analysis.CourseInfo) -> tuple[int, tuple[Any, ...]]:
    return (course.semester if course.semester is not None else 10_000, natural_key(course.code))


def _framework_cells(store: GraphStore, prog: str, framework: str, lang: str) -> tuple[
        str, list[dict[str, Any]], dict[str, analysis.CourseInfo], dict[str, dict[str, Any]],
        list[analysis.AlignmentEdge]]:
    pc = programme_coverage(store, prog, framework, lang)  # the one coverage rule
    fw, courses, alignments = pc.framework_iri, pc.courses, pc.alignments
    columns = [{"id": i.iri, "code": i.code, "label": i.label,
                "required_level": LEVELS[i.required_rank]} for i in pc.items]
    cells: dict[str, dict[str, Any]] = {}
    for cov in pc.coverage:
        for ev in cov.evidence:  # best first: the first entry per course wins
            row = cells.setdefault(ev.course, {})
            if cov.code not in row:
                row[cov.code] = {"level": LEVELS[ev.rank],
                                 "strength": "full" if ev.full else "weak"}
    return fw, columns, courses, cells, alignments


def _outcome_cells(store: GraphStore, prog: str, lang: str) -> tuple[
        list[dict[str, Any]], dict[str, analysis.CourseInfo], dict[str, dict[str, Any]],
        list[analysis.AlignmentEdge]]:
    outcomes: list[dict[str, Any]] = []
    for r in store.select("list_matrix_outcomes", prog=IRI(prog), lang=lang):
        po = str(r["po"])
        outcomes.append({"id": po, "code": str(r.get("id") or po.rsplit("/", 1)[-1]),
                         "label": str(r["statement"]) if r.get("statement") else None})
    outcomes.sort(key=lambda o: natural_key(o["code"]))
    code_of: dict[str, str] = {o["id"]: o["code"] for o in outcomes}
    alignments = load_alignments(store, prog)
    courses = load_courses(store, prog, lang)
    cells: dict[str, dict[str, Any]] = {}
    for edge in alignments:
        if edge.course is None or edge.target not in code_of:
            continue
        row = cells.setdefault(edge.course, {})
        code = code_of[edge.target]
        old = row.get(code)
        if old is None or edge.rank > _rank(old["level"]):
            row[code] = {"level": LEVELS[edge.rank], "strength": "full"}
    return outcomes, courses, cells, alignments


def _rank(code: str) -> int:
    return {v: k for k, v in LEVELS.items()}[code]


def matrix(store: GraphStore, programme: str, *, framework: str | None = None,
           lang: str = "en") -> dict[str, Any]:
    """Return the curriculum map of a programme: course × item of ``framework``, or course ×
    programme outcome when ``framework`` is None."""
    check_lang(lang)
    return served(store, programme, "matrix", {"framework": framework, "lang": lang},
                  lambda ref: _matrix(ref, framework, lang))


def _matrix(ref: Any, framework: str | None, lang: str) -> dict[str, Any]:
    if framework:
        fw, columns, courses, cells, _al = _framework_cells(ref.store, ref.iri, framework, lang)
    else:
        fw = None
        columns, courses, cells, _al = _outcome_cells(ref.store, ref.iri, lang)
    rows = [{"course": c.iri, **course_json(c), "cells": cells.get(c.iri, {}),
             "empty": not cells.get(c.iri)}
            for c in sorted(courses.values(), key=_row_order)]
    reached = {code for row in rows for code in row["cells"]}
    for column in columns:
        column["empty"] = column["code"] not in reached
    return {"programme": ref.id, "mode": "framework" if framework else "outcomes",
            "framework": framework, "columns": columns, "rows": rows,
            "metadata": {"programme_iri": ref.iri, "version": ref.version,
                         "framework_iri": fw, "lang": lang,
                         "levels": {"I": "Introduced", "R": "Reinforced", "M": "Mastered"},
                         # flags: a column no course reaches, a row contributing nothing
                         "empty_columns": [c["code"] for c in columns if c["empty"]],
                         "empty_rows": [r["code"] for r in rows if r["empty"]],
                         "rules": rule_model().cite("coverage")}}


def _order_findings(store: GraphStore, prog: str, courses: dict[str, analysis.CourseInfo],
                    alignments: list[analysis.AlignmentEdge]) -> list[dict[str, Any]]:
    """The I → R → M order findings of the programme outcomes (rule ``progression``): the same
    rows and the same judgement (:func:`analysis.order_issues`) as the validation profile
    ``progression``, each naming the courses and semesters at I, R and M."""
    at: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for edge in alignments:
        info = courses.get(edge.course or "")
        if info is None:
            continue
        entry = {"course": info.code, "semester": info.semester}
        levels = at.setdefault(edge.target, {"I": [], "R": [], "M": []})
        if entry not in levels[LEVELS[edge.rank]]:
            levels[LEVELS[edge.rank]].append(entry)
    out: list[dict[str, Any]] = []

    def sem(row: Any, key: str) -> float | None:
        text = str(row.get(key) or "")
        try:
            number = float(text)
        except ValueError:
            return None
        return None if number >= 9999 else number

    for row in store.select("validate_progression", programme=IRI(prog)):
        po = str(row["focus"])
        mins = [sem(row, k) for k in ("minI", "minRM", "minR", "minM")]
        for issue in analysis.order_issues(*mins):
            out.append({"severity": "warning", "issue": issue, "focus": po,
                        "code": str(row["id"]), "shape": analysis.ORDER_ISSUES[issue],
                        "earliest": dict(zip(("I", "R or M", "R", "M"), mins, strict=True)),
                        "courses": {k: sorted(v, key=lambda e: (e["semester"] or 0,
                                                                 e["course"]))
                                    for k, v in at.get(po, {}).items()}})
    for row in store.select("validate_progression_prerequisites", programme=IRI(prog)):
        po = str(row["focus"])
        out.append({"severity": "warning", "issue": "prerequisite-order", "focus": po,
                    "code": str(row["po"]), "shape": analysis.ORDER_ISSUES["prerequisite-order"],
                    "course": str(row["course"]), "level": str(row["lower"]),
                    "prerequisite": str(row["prerequisite"]),
                    "prerequisite_level": str(row["higher"])})
    out.sort(key=lambda f: (natural_key(f["code"]), f["issue"], f.get("course", "")))
    return out


def progression(store: GraphStore, programme: str, *, framework: str | None = None,
                lang: str = "en") -> dict[str, Any]:
    """Return the progression view: per framework item (or programme outcome) the semester
    timeline of I/R/M, the prerequisite analysis and the courses that contribute to nothing."""
    check_lang(lang)
    return served(store, programme, "progression", {"framework": framework, "lang": lang},
                  lambda ref: _progression(ref, framework, lang))


def _progression(ref: Any, framework: str | None, lang: str) -> dict[str, Any]:
    if framework:
        _fw, columns, courses, cells, alignments = _framework_cells(
            ref.store, ref.iri, framework, lang)
    else:
        columns, courses, cells, alignments = _outcome_cells(ref.store, ref.iri, lang)
    prereq_rows = ref.store.select("list_progression_prerequisites", prog=IRI(ref.iri))
    findings = [] if framework else _order_findings(ref.store, ref.iri, courses, alignments)
    code = {iri: c.code for iri, c in courses.items()}
    rules = rule_model()
    targets = []
    for column in columns:
        reaches = [(courses[iri].semester, _rank(row[column["code"]]["level"]), code[iri])
                   for iri, row in cells.items() if column["code"] in row and iri in courses]
        steps = analysis.timeline(reaches)
        required = _rank(column.get("required_level", "M"))
        targets.append({
            "id": column["id"], "code": column["code"], "label": column["label"],
            "timeline": [{"semester": s.semester, "level": LEVELS[s.rank], "courses": s.courses}
                         for s in steps],
            "issues": (analysis.timeline_issues(
                steps, required, introduced_rank=rules.introduced_rank,
                require_introduction=rules.require_introduction) if steps else ["not-reached"])
            + sorted({f["issue"] for f in findings if f["focus"] == column["id"]}),
        })
    edges = [(code[str(r["course"])], code[str(r["prereq"])]) for r in prereq_rows
             if str(r["course"]) in code and str(r["prereq"]) in code]
    prereq = analysis.analyse_prerequisites(code.values(), edges)
    reached = analysis.reached_targets(alignments)
    semesters = sorted({c.semester for c in courses.values() if c.semester is not None})
    return {
        "programme": ref.id, "mode": "framework" if framework else "outcomes",
        "framework": framework, "semesters": semesters, "targets": targets,
        "prerequisites": {"courses": prereq.courses, "edges": prereq.edges,
                          "is_dag": prereq.is_dag, "cycles": prereq.cycles,
                          "longest_chain": prereq.longest_chain},
        "courses_without_contribution": analysis.without_contribution(code, reached),
        "findings": findings,
        "metadata": {"programme_iri": ref.iri, "version": ref.version, "lang": lang,
                     "rules": rules.cite("progression", "coverage")},
    }
