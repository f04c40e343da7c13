"""The staff readiness report and its development plan as text and as a printable HTML page,
with the messages in en/ru/kk. Input: the dicts of :mod:`competency_graph.services.staff`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from competency_graph.i18n import ntranslate, translate
from competency_graph.reports.html import render, rules_footer


def render_staff_text(report: Mapping[str, Any], plan: Mapping[str, Any] | None = None) -> str:
    """Return a plain-text rendering (for the terminal)."""
    lang = report.get("lang", "en")
    s = report["summary"]
    counts = s["counts"]
    lines = [f"{translate('staff.title', lang)}: {s.get('programme') or s.get('institution')} "
             f"({s.get('programme_title') or ''})",
             "; ".join([
                 ", ".join(f"{counts[k]} {ntranslate('validation.noun.' + k, counts[k], lang)}"
                           for k in ("violation", "warning")),
                 ntranslate("staff.summary.staff", s["staff"], lang, ready=s["staff_ready"]),
                 ntranslate("staff.summary.english", s["english_taught_courses"], lang,
                            qualified=s["english_taught_with_qualified_teacher"])])]
    if "below_floor" in s:
        lines.append(translate("staff.summary.evidence", lang, below=s["below_floor"],
                               missing=s["no_evidence"]))
    if s["courses_without_teacher"]:
        lines.append(f"{translate('staff.without_teacher', lang)}: "
                     + ", ".join(s["courses_without_teacher"]))
    if s["staff_not_in_roster"]:
        lines.append(f"{translate('staff.not_in_roster', lang)}: "
                     + ", ".join(s["staff_not_in_roster"]))
    for f in report["findings"]:
        where = f"{f['programme']}/{f['course']}" if "programme" in f else f["course"]
        severity = translate("validation.one." + f["severity"], lang)
        levels = translate("staff.finding_levels", lang, required=f["required_level"],
                           actual=f["actual_level"] or "-")
        lines.append(f"  {severity:<15} {where:<10} {f['staff'] or '-':<8} "
                     f"{f['competency_code']:<4} {levels} "
                     f"({translate('staff.reason.' + f['reason'], lang)})"
                     + (f" — {f['staff_name']}" if f.get("staff_name") else ""))
    if not report["findings"]:
        lines.append(translate("staff.none", lang))
    if report.get("rules"):
        lines.append(rules_footer(report["rules"], lang))
    if plan is not None:
        ps = plan["summary"]
        lines.append("")
        lines.append(f"{translate('staff.plan', lang)}: "
                     f"{ntranslate('staff.plan.places', ps['places'], lang)}, "
                     f"{ntranslate('staff.plan.people', ps['staff'], lang)}, "
                     f"{translate('staff.plan.hours', lang, n=ps['hours'])}; "
                     + ntranslate("staff.plan.covers", ps["findings"], lang,
                                  covered=ps["covered"]))
        for p in plan["places"]:
            covers = ", ".join(f"{c['course']}/{c['competency_code']}" for c in p["covers"])
            hours = translate("staff.plan.hours", lang, n=p["hours"])
            lines.append(f"  {p['staff']:<8} → {p['title']} ({hours}): {covers}")
        for f in plan["uncovered"]:
            lines.append(f"  {translate('staff.plan.uncovered', lang)}: {f['course']} "
                         f"{f['staff'] or '-'} {f['competency_code']}")
    return "\n".join(lines) + "\n"


def render_staff_html(report: Mapping[str, Any], plan: Mapping[str, Any] | None = None,
                lang: str | None = None) -> str:
    """Return the printable HTML page of a readiness report (and its plan)."""
    lang = lang or report.get("lang", "en")
    return render("staff.html", lang=lang, report=report, plan=plan,
                  chart=_share_chart(report["summary"]["departments"]))


def _share_chart(departments: list[dict[str, Any]]) -> str:
    """An inline SVG bar chart: share of English-taught courses with a qualified teacher."""
    rows = [d for d in departments if d["english_taught_courses"]]
    if not rows:
        return ""
    width, bar_h, gap, label_w = 560, 18, 8, 200
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg width="{width}" height="{height}" '
             'role="img" class="chart">']
    for i, d in enumerate(rows):
        y = gap + i * (bar_h + gap)
        share = d["share_english_qualified"] or 0.0
        w = int((width - label_w - 60) * share)
        label = str(d["department"])
        name = _esc(label if len(label) <= 30 else label[:29] + "…")
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{name}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{width - label_w - 60}" '
                     f'height="{bar_h}" fill="#eef1f6"/>')
        colour = "#2e7d32" if share >= 1 else "#b26a00" if share >= 0.5 else "#b3261e"
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{width - 55}" y="{y + 13}" font-size="12">'
                     f'{round(share * 100)}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
