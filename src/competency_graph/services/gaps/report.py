"""The gap report (docs/gaps.md, docs/schemas/gaps.schema.json); renderings in
:mod:`competency_graph.reports.gaps`."""

from __future__ import annotations

from typing import Any

from competency_graph import analysis
from competency_graph.analysis.rules import rule_model
from competency_graph.services.gaps._data import (
    LEVELS,
    Names,
    check_lang,
    course_json,
    programme_coverage,
    rule_json,
    served,
    step_json,
)
from competency_graph.store import GraphStore

# --- the gap report --------------------------------------------------------------------------

def gap_report(store: GraphStore, programme: str, framework: str, *,
               lang: str = "en", all_evidence: bool = False) -> dict[str, Any]:
    """Return the gap report of a programme (stored id, ``ID@VERSION`` or the version's IRI)
    against a framework, as the DESIGN §7 JSON object plus ``metadata`` (with the ``rule`` and
    the ``rules`` cited).

    By default each item carries its best evidence path only (``evidence`` has at most one
    entry, the best by the rule's order; ``evidence_count`` says how many outcomes reach it);
    ``all_evidence`` gives every path."""
    check_lang(lang)

    def build(ref: Any) -> dict[str, Any]:
        pc = programme_coverage(ref.store, ref.iri, framework, lang)
        return build_report(ref, framework, pc.framework_iri, pc.coverage, pc.courses,
                            pc.alignments, lang, all_evidence=all_evidence)

    return served(store, programme, "gaps",
                  {"framework": framework, "lang": lang, "all_evidence": all_evidence}, build)


def build_report(ref: Any, framework: str, framework_iri: str,
                 coverage: list[analysis.ItemCoverage],
                 courses: dict[str, analysis.CourseInfo],
                 alignments: list[analysis.AlignmentEdge], lang: str = "en", *,
                 all_evidence: bool = True) -> dict[str, Any]:
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
                         for ev in (cov.evidence if all_evidence else cov.evidence[:1])],
            "evidence_count": len(cov.evidence),
        })
    used = {ev["course"] for item in items for ev in item["evidence"]}
    return {
        "programme": ref.id,
        "framework": framework,
        "summary": summary,
        "items": items,
        "metadata": {
            "programme_iri": ref.iri, "version": ref.version, "framework_iri": fw, "lang": lang,
            "rule": rule_json(), "rules": rule_model().cite("coverage"),
            "evidence": "all" if all_evidence else "best", "reasons": reasons,
            "courses": {iri: course_json(c) for iri, c in courses.items() if iri in used},
        },
    }


def has_gaps(report: dict[str, Any]) -> bool:
    """Whether anything is missing (the CLI exits 1 then)."""
    return bool(report["summary"]["missing"])
