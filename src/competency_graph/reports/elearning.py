"""Text and HTML renderings of the e-learning reports: recommendations (per gap and per
person), learning paths, and the catalogue coverage heat map (docs/elearning.md)."""

from __future__ import annotations

from typing import Any

from competency_graph.i18n import translate
from competency_graph.reports.html import render as render_html


def render(data: dict[str, Any], kind: str, fmt: str, lang: str = "en") -> str:
    """Render a report (``kind`` recommend, path or coverage) as ``text`` or ``html``."""
    if fmt == "html":
        return render_html("elearning.html", lang=lang, kind=kind, data=data)
    return {"recommend": _recommend_text, "path": _path_text, "coverage": _coverage_text,
            "staff": _staff_text}[kind](data, lang)


def _resource_lines(resources: list[dict[str, Any]], lang: str) -> list[str]:
    if not resources:
        return ["    - " + translate("elearning.no_resource", lang)]
    return [f"    - {r['name']} [{r['level'] or '-'}] {r['url']}\n      {r['reason']}"
            for r in resources]


def _recommend_text(data: dict[str, Any], lang: str) -> str:
    lines = [f"{translate('elearning.page.recommend', lang)}: {data['programme']} "
             f"({', '.join(data['frameworks'])})"]
    for rec in data["recommendations"]:
        lines.append(f"[{rec['status']}] {rec['framework']}:{rec['code']} {rec['label']}")
        lines += _resource_lines(rec["resources"], lang)
    if data.get("staff"):
        lines.append("")
        lines.append(_staff_text(data, lang).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _staff_text(data: dict[str, Any], lang: str) -> str:
    """The per-person section (``data["staff"]``)."""
    lines = [translate("elearning.page.staff", lang)]
    for person in data["staff"]:
        lines.append(f"{person['staff']} {person.get('name') or ''}".rstrip())
        for need in person["needs"]:
            lines.append(f"  {need['reason']}")
            lines += _resource_lines(need["resources"], lang)
    return "\n".join(lines) + "\n"


def _path_text(data: dict[str, Any], lang: str) -> str:
    lines = [f"{translate('elearning.page.path', lang)}: {data['from']} -> {data['to']} "
             f"({data['language']}{', ' + data['field'] if data.get('field') else ''})"]
    for number, step in enumerate(data["steps"], start=1):
        hours = "?" if step["hours"] is None else f"{step['hours']:g}"
        lines.append(f"{number:2}. [{step['level'] or '-'}] {step['name']} ({hours} h) "
                     f"{', '.join(step['items'])}\n    {step['url']}")
    lines.append(translate("elearning.total", lang, hours=f"{data['total_hours']:g}"))
    for item in data["uncovered"]:
        lines.append(f"  {translate('elearning.no_resource', lang)}: {item['code']}")
    return "\n".join(lines) + "\n"


def _coverage_text(data: dict[str, Any], lang: str) -> str:
    languages = data["languages"]
    lines = [translate("elearning.page.coverage", lang),
             f"{'item':<40} " + " ".join(f"{lg:>4}" for lg in languages)]
    for row in data["items"]:
        name = f"{row['framework']}:{row['code']}"
        lines.append(f"{name:<40} " + " ".join(f"{row['by_language'][lg]:>4}"
                                               for lg in languages))
    for language, items in data["without_resource"].items():
        lines.append(translate("elearning.without", lang, language=language,
                               items=len(items)))
    return "\n".join(lines) + "\n"


__all__ = ["render"]
