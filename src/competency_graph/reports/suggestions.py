"""Text and HTML renderers of the suggestion, occupation-gap and recognition reports (their
JSON is the services' dicts; docs/suggestions.md)."""

from __future__ import annotations

from typing import Any

from competency_graph.i18n import translate
from competency_graph.reports.html import render


def suggestions_text(report: dict[str, Any], lang: str = "en") -> str:
    """Plain text: one block per outcome, candidates with score and reason."""
    t = lambda key: translate(key, lang)  # noqa: E731
    lines = [f"{t('suggest.title')}: {report['programme']} v{report['version']} "
             f"({report['mode']}; {', '.join(report['targets']) or report['to']})"]
    for entry in report["suggestions"]:
        lines.append(f"\n{entry['outcome']}: {entry['text']}")
        if not entry["candidates"]:
            lines.append(f"  ({t('suggest.none')})")
        for c in entry["candidates"]:
            target = f"{c['framework']}:{c['target']}" if c["framework"] else c["target"]
            lines.append(f"  {c['score']:.3f}  {target}  — {c['reason']}")
    return "\n".join(lines) + "\n"


def occupation_text(report: dict[str, Any], lang: str = "en") -> str:
    """Plain text: summary per relation, then each skill with its status and best match."""
    t = lambda key: translate(key, lang)  # noqa: E731
    occ = report["occupation"]
    lines = [f"{t('occupation.title')}: {report['programme']} v{report['version']} — "
             f"{occ['code'] or ''} {occ['label'] or occ['iri']}"]
    for rel in ("essential", "optional"):
        s = report["summary"][rel]
        lines.append(f"{t('occupation.' + rel)}: {s['total']} — {t('occupation.covered')} "
                     f"{s['covered']}, {t('occupation.partly')} {s['partly']}, "
                     f"{t('occupation.missing')} {s['missing']}")
    for skill in report["skills"]:
        best = skill["matches"][0] if skill["matches"] else None
        match = f"  ← {best['outcome']} ({best['score']:.3f})" if best else ""
        lines.append(f"  [{t('occupation.' + skill['status'])}] ({skill['relation']}) "
                     f"{skill['label']}{match}")
    return "\n".join(lines) + "\n"


def recognition_text(report: dict[str, Any], lang: str = "en") -> str:
    """Plain text: one line per home course, the totals and the uncovered outcomes."""
    t = lambda key: translate(key, lang)  # noqa: E731
    s = report["summary"]
    lines = [f"{t('recognition.title')}: {report['home']['id']} ← {report['partner']['id']}",
             f"{t('recognition.ects')}: {s['ects_recognised']:g} / {s['home_ects']:g} "
             f"({t('recognition.full')} {s['full']}, {t('recognition.partial')} "
             f"{s['partial']}, {t('recognition.none')} {s['none']})"]
    for c in report["courses"]:
        partners = ", ".join(c["partner_courses"]) or "—"
        lines.append(f"  [{t('recognition.' + c['status'])}] {c['home_course']} "
                     f"({c['home_ects']:g} ECTS) ← {partners} ({c['partner_ects']:g} ECTS), "
                     f"{c['coverage']:.0%}" + (f"; {'; '.join(c['notes'])}" if c["notes"]
                                                else ""))
    lines.append(f"{t('recognition.uncovered')}: {len(report['uncovered'])}")
    lines += [f"  {u['outcome']}: {u['text']}" for u in report["uncovered"]]
    return "\n".join(lines) + "\n"


def suggestions_html(report: dict[str, Any], kind: str, lang: str = "en") -> str:
    """One HTML page for any of the three reports (``kind``: suggest, occupation,
    recognition): the text rendering in a printable page."""
    texts = {"suggest": suggestions_text, "occupation": occupation_text,
             "recognition": recognition_text}
    return render("suggestions.html", lang=lang, title=translate(f"{kind}.title", lang),
                  body=texts[kind](report, lang), report=report, kind=kind)
