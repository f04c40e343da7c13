"""The validation report in text, Turtle, HTML and JSON, and the report's messages in en/ru/kk
(docs/validation.md). Input: a :class:`competency_graph.validation.Report`."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from competency_graph.errors import InputError
from competency_graph.i18n import ntranslate, translate
from competency_graph.namespaces import DATA, FRAMEWORK
from competency_graph.reports.html import render, rules_footer
from competency_graph.validation.results import Report
from competency_graph.validation.shapes import catalogue
from competency_graph.validation.turtle import report_turtle

FORMATS = ("text", "json", "ttl", "html")


def _group(focus: str, label: str | None, lang: str) -> str:
    """Where a finding belongs in the text report: its course, the programme outcomes, the
    framework, or the programme."""
    if focus.startswith(FRAMEWORK):
        return focus[len(FRAMEWORK):].split("/", 1)[0]
    if focus.startswith(DATA) and "/course/" in focus:
        return (label or focus).split(" ", 1)[0]
    if focus.startswith(DATA) and "/po/" in focus:
        return translate("validation.outcomes", lang)
    return translate("validation.programme", lang)


def render_validation_text(report: Report, lang: str = "en") -> str:
    """Readable in a terminal: a summary line, then findings by severity and by course."""
    counts = report.counts
    state = (translate("validation.conforms", lang) if report.conforms
             else translate("validation.fails", lang))
    lines = [f"{report.label(lang)} — {state}",
             f"{translate('validation.profiles', lang)}: "
             + ", ".join(_profile_label(pid, lang) for pid in report.profiles),
             ", ".join(f"{counts[s]} {ntranslate('validation.noun.' + s, counts[s], lang)}"
                       for s in ("violation", "warning", "info"))
             + f" ({translate('validation.engine', lang)} {report.engine}"
             + (f", {report.elapsed_ms:.0f} ms)" if report.elapsed_ms is not None else ")")]
    for severity in ("violation", "warning", "info"):
        findings = [f for f in report.sorted_findings() if f.severity == severity]
        if not findings:
            continue
        lines.append("")
        lines.append(translate("validation." + severity, lang).upper())
        groups: OrderedDict[str, list[str]] = OrderedDict()
        for finding in sorted(findings, key=lambda f: _group(f.focus, f.focus_label, lang)):
            groups.setdefault(_group(finding.focus, finding.label(lang), lang), []).append(
                f"    - {finding.message(lang)}  [{_local(finding.shape)}]")
        for group, items in groups.items():
            lines.append(f"  {group}")
            lines.extend(items)
    if not report.findings:
        lines.append(translate("validation.none", lang))
    if report.rules:
        lines.append(rules_footer(report.rules, lang))
    return "\n".join(lines) + "\n"


def _profile_label(pid: str, lang: str) -> str:
    profile = catalogue().profiles.get(pid)
    return profile.label(lang) if profile else pid


def _local(iri: str) -> str:
    return "cgsh:" + iri.rsplit("#", 1)[-1]


def render_validation_ttl(report: Report, lang: str = "en") -> str:
    """The report as a SHACL ``sh:ValidationReport`` in Turtle."""
    return report_turtle(report, lang)


def finding_courses(finding: Any) -> set[str]:
    """The course codes a finding is about: the course (or the course of the outcome) in its
    focus, read from the focus label (``CSE202 …`` or ``CSE202/LO3 …``)."""
    if "/course/" not in (finding.focus or "") or not finding.focus_label:
        return set()
    return {finding.focus_label.split()[0].split("/")[0]}


def validation_sections(report: Report, lang: str = "en", *, severity: str | None = None,
                        profile: str | None = None,
                        course: str | None = None) -> list[dict[str, Any]]:
    """The findings grouped by profile and by standard clause (framework item, or the
    profile's rule) with the courses and outcomes involved; optionally only those of one
    ``severity``, one ``profile`` or one ``course`` (code). Used by the printable page and the
    web workspace alike."""
    cat = catalogue()
    extras = report.extras or {"frameworks": {}}
    sections = []
    for pid in report.profiles:
        if profile and pid != profile:
            continue
        prof = cat.profiles[pid]
        findings = [f for f in report.sorted_findings() if cat.shapes[f.shape].profile == pid]
        clauses: OrderedDict[str, dict[str, Any]] = OrderedDict()
        framework = extras["frameworks"].get(pid)
        shown = []
        for finding in findings:
            shape = cat.shapes[finding.shape]
            if framework:
                key = finding.focus
                title = finding.label(lang) or finding.focus
                involved = framework["evidence"].get(finding.focus, [])
            else:
                key = finding.shape
                title = shape.title(lang)
                involved = []
            if severity and finding.severity != severity:
                continue
            if course and course not in finding_courses(finding) and not any(
                    str(i).split()[0].split("/")[0] == course for i in involved):
                continue
            shown.append(finding)
            clause = clauses.setdefault(key, {"title": title, "rule": shape.rule(lang),
                                              "findings": [], "involved": set(involved)})
            clause["findings"].append(finding)
            if not framework and finding.label(lang):
                clause["involved"].add(finding.label(lang))
        sections.append({"profile": prof, "id": pid, "label": prof.label(lang),
                         "framework": framework,
                         "clauses": [{**c, "involved": sorted(c["involved"])}
                                     for c in clauses.values()],
                         "counts": {s: sum(1 for f in shown if f.severity == s)
                                    for s in ("violation", "warning", "info")}})
    return sections


def render_validation_html(report: Report, lang: str = "en") -> str:
    """A printable page for an accreditation panel: summary, findings grouped by standard clause
    (framework item, or the profile's rule) with the courses and outcomes involved, and the
    provenance of each standard."""
    return render("validation.html", lang=lang, report=report,
                  sections=validation_sections(report, lang), version_label=report.version,
                  profile_labels=[_profile_label(pid, lang) for pid in report.profiles])


def render_validation(report: Report, fmt: str, lang: str = "en") -> str:
    """Render a report in one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(report.as_json(lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "ttl":
        return render_validation_ttl(report, lang)
    if fmt == "html":
        return render_validation_html(report, lang)
    if fmt == "text":
        return render_validation_text(report, lang)
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
