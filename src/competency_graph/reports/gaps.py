"""The gap-analysis reports: the gap report (text, CSV, HTML), the curriculum map (CSV, HTML),
the progression view (HTML) and the impact of a framework version change (text), with their
messages in en/ru/kk. Input: the dicts built by :mod:`competency_graph.services.gaps`."""

from __future__ import annotations

import csv
import io
from typing import Any

from competency_graph.i18n import ntranslate, translate
from competency_graph.reports.html import render, rules_footer, rules_of


def render_gaps_text(report: dict[str, Any], lang: str = "en", limit: int | None = 5) -> str:
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
    definition = (meta.get("rule") or {}).get("definition") or {}
    lines += ["", f"{t('gaps.rule')}: {definition.get(lang) or t('gaps.rule_text')}"]
    if rules_of(report):
        lines.append(rules_footer(rules_of(report), lang))
    return "\n".join(lines) + "\n"


def _path_text(path: list[dict[str, Any]]) -> str:
    text = path[0]["source_code"] if path else ""
    for step in path:
        label = step["level"] if step["kind"] == "alignment" else step["relation"]
        text += f" -[{label}]-> {step['target_code']}"
    return text


def render_gaps_csv(report: dict[str, Any]) -> str:
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


def render_gaps_html(report: dict[str, Any], lang: str = "en") -> str:
    """Render a gap report as a printable HTML page."""
    return render("gaps.html", lang=lang, report=report, path_text=_path_text,
                  rule=report["metadata"]["rule"])


def render_matrix_csv(data: dict[str, Any]) -> str:
    """Render a curriculum map as CSV: one row per course, one column per item or outcome;
    a weak-only cell is written in parentheses, e.g. ``(M)``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    codes = [c["code"] for c in data["columns"]]
    writer.writerow(["course", "title", "semester", "required", *codes])
    for row in data["rows"]:
        cells = [_cell_text(row["cells"].get(code)) for code in codes]
        writer.writerow([row["code"], row["title"] or "",
                         "" if row["semester"] is None else row["semester"],
                         "yes" if row["required"] else "no", *cells])
    return buf.getvalue()


def _cell_text(cell: dict[str, Any] | None) -> str:
    if not cell:
        return ""
    return cell["level"] if cell["strength"] == "full" else f"({cell['level']})"


def render_matrix_html(data: dict[str, Any], lang: str = "en") -> str:
    """Render the curriculum map as an HTML heat map."""
    return render("matrix.html", lang=lang, data=data, cell_text=_cell_text)


def render_progression_html(data: dict[str, Any], lang: str = "en") -> str:
    """Render the progression view as an HTML page."""
    return render("progression.html", lang=lang, data=data)


def render_impact_text(data: dict[str, Any], lang: str = "en") -> str:
    """Render an impact report as plain text in ``lang``."""
    s = data["summary"]
    title = translate("impact.title", lang, source=data["from"], target=data["to"],
                      programme=data["programme"])
    counts = ", ".join([ntranslate("impact.affected", s["affected_items"], lang),
                        ntranslate("impact.alignments", s["alignments"], lang),
                        ntranslate("impact.courses", s["courses_to_review"], lang)])
    lines = [f"{title}: {counts}", ""]
    for item in data["items"]:
        if not item["alignments"]:
            continue
        towards = ", ".join(f"{c['relation']} {c['code']}" for c in item["counterparts"]) or "-"
        merged = ("; " + translate("impact.merged_with", lang,
                                   items=", ".join(item["merged_with"]))
                  if item["merged_with"] else "")
        changes = ", ".join(translate(f"impact.change.{c}", lang) for c in item["changes"])
        lines.append(f"[{changes}] {item['code']} {item['label'] or ''} ({towards}{merged})")
        for a in item["alignments"]:
            lines.append("    " + translate("impact.at_level", lang, source=a["source_code"],
                                            level=a["level"],
                                            courses=", ".join(a["courses"]) or "-"))
    lines += ["", translate("impact.to_review", lang) + ":"]
    lines += [f"    {r['code']} {r['title'] or ''}: {', '.join(r['items'])}"
              for r in data["courses_to_review"]] or ["    " + translate("impact.none", lang)]
    return "\n".join(lines) + "\n"
