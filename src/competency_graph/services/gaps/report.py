"""The gap report (DESIGN §7) and its text, CSV and HTML renderings."""

from __future__ import annotations

import csv
import io
from typing import Any

from competency_graph import analysis
from competency_graph.i18n import translate
from competency_graph.services.gaps._data import (
    LEVELS,
    RULE,
    Names,
    check_lang,
    course_json,
    crosswalk_closure,
    load_alignments,
    load_courses,
    load_framework,
    programme_ref,
    step_json,
)
from competency_graph.store import GraphStore

# --- the gap report --------------------------------------------------------------------------

def _coverage(store: GraphStore, prog: str, framework_id: str, lang: str) -> tuple[
        str, list[analysis.ItemCoverage], dict[str, analysis.CourseInfo],
        list[analysis.AlignmentEdge]]:
    closure = crosswalk_closure(store)
    fw, items = load_framework(store, framework_id, lang, closure)
    alignments = load_alignments(store, prog, closure)
    courses = load_courses(store, prog, lang)
    routes = closure.routes_into(i.iri for i in items)
    coverage = analysis.compute_coverage(
        alignments, courses, ((i.iri, i.code, i.label, i.required_rank) for i in items), routes)
    return fw, coverage, courses, alignments


def gap_report(store: GraphStore, programme: str, framework: str, *,
               lang: str = "en", allow_paths: bool = True) -> dict[str, Any]:
    """Return the gap report of a programme (stored id or workbook path) against a framework,
    as the DESIGN §7 JSON object plus ``metadata`` (with the ``rule``)."""
    check_lang(lang)
    with programme_ref(store, programme, allow_paths=allow_paths) as ref:
        fw, coverage, courses, alignments = _coverage(ref.store, ref.iri, framework, lang)
    return build_report(ref, framework, fw, coverage, courses, alignments, lang)


def build_report(ref: Any, framework: str, framework_iri: str,
                 coverage: list[analysis.ItemCoverage],
                 courses: dict[str, analysis.CourseInfo],
                 alignments: list[analysis.AlignmentEdge], lang: str = "en") -> dict[str, Any]:
    """Turn computed coverage into the report JSON (``ref`` has ``.id``, ``.iri``,
    ``.version``)."""
    fw = framework_iri
    name = Names(courses, alignments)
    steps: dict[int, dict[str, Any]] = {}  # by id(step); the steps live as long as this
    items: list[dict[str, Any]] = []
    summary = {"total": len(coverage), "covered": 0, "partial": 0, "missing": 0}
    reasons = {}
    for cov in coverage:
        status = cov.status
        summary[status] += 1
        if status == analysis.PARTIAL:
            reasons[cov.code] = cov.reason
        items.append({
            "competency": cov.item, "code": cov.code, "label": cov.label, "status": status,
            "required_level": LEVELS[cov.required_rank],
            "achieved_level": LEVELS.get(cov.achieved_rank) if cov.achieved_rank else None,
            "evidence": [{"course": ev.course, "outcome": ev.outcome, "level": LEVELS[ev.rank],
                          "path": [step_json(s, name, steps) for s in ev.path]}
                         for ev in cov.evidence],
        })
    used = {ev["course"] for item in items for ev in item["evidence"]}
    return {
        "programme": ref.id,
        "framework": framework,
        "summary": summary,
        "items": items,
        "metadata": {
            "programme_iri": ref.iri, "version": ref.version, "framework_iri": fw, "lang": lang,
            "rule": RULE, "reasons": reasons,
            "courses": {iri: course_json(c) for iri, c in courses.items() if iri in used},
        },
    }


def has_gaps(report: dict[str, Any]) -> bool:
    """Whether anything is missing (the CLI exits 1 then)."""
    return bool(report["summary"]["missing"])


def gaps_text(report: dict[str, Any], lang: str = "en", limit: int | None = 5) -> str:
    """Render a gap report as plain text: one block per item with its best ``limit`` evidence
    paths (all with ``limit=None``; the JSON always has all)."""
    t = lambda key: translate(key, lang)  # noqa: E731
    meta, s = report["metadata"], report["summary"]
    courses = meta["courses"]
    lines = [f"{t('gaps.title')}: {report['programme']} ({meta.get('version') or '-'}) "
             f"→ {report['framework']}",
             f"{s['total']} {t('gaps.total')}: {s['covered']} {t('gaps.covered')}, "
             f"{s['partial']} {t('gaps.partial')}, {s['missing']} {t('gaps.missing')}", ""]
    for item in report["items"]:
        head = (f"[{t('gaps.' + item['status'])}] {item['code']} {item['label'] or ''} — "
                f"{t('gaps.required')} {item['required_level']}, {t('gaps.achieved')} "
                f"{item['achieved_level'] or '-'}")
        if item["code"] in meta["reasons"]:
            head += f" ({t('gaps.reason.' + meta['reasons'][item['code']])})"
        lines.append(head)
        shown = item["evidence"] if limit is None else item["evidence"][:limit]
        for ev in shown:
            course = courses.get(ev["course"], {})
            flags = [] if course.get("required", True) else [t("gaps.elective")]
            if any(step["strength"] == "weak" for step in ev["path"]):
                flags.append(t("gaps.weak"))
            lines.append(f"    {ev['level']} {_path_text(ev['path'])}"
                         + (f"  [{', '.join(flags)}]" if flags else ""))
        if len(shown) < len(item["evidence"]):
            lines.append("    " + t("gaps.more").format(n=len(item["evidence"]) - len(shown)))
    lines += ["", f"{t('gaps.rule')}: {t('gaps.rule_text')}"]
    return "\n".join(lines) + "\n"


def _path_text(path: list[dict[str, Any]]) -> str:
    text = path[0]["source_code"] if path else ""
    for step in path:
        label = step["level"] if step["kind"] == "alignment" else step["relation"]
        text += f" -[{label}]-> {step['target_code']}"
    return text


def gaps_csv(report: dict[str, Any]) -> str:
    """Render a gap report as CSV: one row per item (evidence paths joined by ``|``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["code", "label", "status", "required_level", "achieved_level",
                     "evidence_count", "courses", "paths"])
    courses = report["metadata"]["courses"]
    for item in report["items"]:
        codes = sorted({courses.get(e["course"], {}).get("code", e["course"])
                        for e in item["evidence"]})
        writer.writerow([item["code"], item["label"] or "", item["status"],
                         item["required_level"], item["achieved_level"] or "",
                         len(item["evidence"]), "; ".join(codes),
                         " | ".join(f"{e['level']} {_path_text(e['path'])}"
                                    for e in item["evidence"])])
    return buf.getvalue()


def gaps_html(report: dict[str, Any], lang: str = "en") -> str:
    """Render a gap report as a printable HTML page."""
    from competency_graph.reports import render

    return render("gaps.html", lang=lang, report=report, path_text=_path_text, rule=RULE)
