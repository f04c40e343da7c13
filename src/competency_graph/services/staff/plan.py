"""The development plan: a greedy set cover of the findings by programme-places."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from competency_graph.model import Term, value
from competency_graph.services.frameworks import Level, Levels, load_levels
from competency_graph.services.staff.common import StaffPolicy
from competency_graph.services.staff.readiness import institution_readiness, staff_readiness
from competency_graph.services.system import pick_label
from competency_graph.store import GraphStore

# --- development plan ----------------------------------------------------------------------

@dataclass
class _Programme:
    iri: str
    id: str
    titles: list[Term] = field(default_factory=list)
    hours: int = 0
    #: competency IRI → best level developed
    develops: dict[str, Level] = field(default_factory=dict)


def _development_programmes(store: GraphStore, levels: Levels) -> list[_Programme]:
    out: dict[str, _Programme] = {}
    for row in store.select("list_development_programmes"):
        iri = str(row["dp"])
        dp = out.setdefault(iri, _Programme(iri, str(row.get("identifier") or iri)))
        fact, val = str(row["fact"]), row.get("value")
        if val is None:
            continue
        if fact == "title":
            dp.titles.append(val)
        elif fact == "hours":
            dp.hours = int(value(val) or 0)
        elif fact == "develops" and "level" in row:
            level = levels.by_iri.get(str(row["level"]))
            if level is not None:
                best = dp.develops.get(str(val))
                if best is None or level.rank > best.rank:
                    dp.develops[str(val)] = level
    return sorted(out.values(), key=lambda p: p.id)


def _covers(dp: _Programme, finding: Mapping[str, Any], levels: Levels) -> bool:
    level = dp.develops.get(finding["competency"])
    if level is None:
        return False
    required = levels.get(level.scale, finding["required_level"])
    return required is not None and level.rank >= required.rank


def development_plan(store: GraphStore, programme: str, *, policy: StaffPolicy | None = None,
                     lang: str = "en", report: Mapping[str, Any] | None = None
                     ) -> dict[str, Any]:
    """Return the development plan of a programme: greedy set cover of its findings.

    Elements are the findings that name a staff member; a *place* is (staff member,
    development programme) and covers that member's findings whose competency the programme
    raises to at least the finding's ``required_level``. Greedy: take the place covering the
    most open findings (ties: fewer hours, then programme id, then staff id) until none is
    left. Findings no programme covers (and those of courses without a teacher) are listed in
    ``uncovered``.
    """
    report = report or staff_readiness(store, programme, policy=policy, lang=lang)
    levels = load_levels(store)
    dps = _development_programmes(store, levels)
    findings = list(report["findings"])
    picks, coverable = _greedy_cover(findings, dps, levels)
    uncovered = [findings[i] for i in range(len(findings)) if i not in coverable]
    names = {f["staff"]: (f.get("staff_name"), f.get("department")) for f in findings}
    places = [_place(staff, dp, gain, findings, names, lang) for staff, dp, gain in picks]
    by_programme: dict[str, dict[str, Any]] = {}
    for place in places:
        entry = by_programme.setdefault(place["programme"], {
            "programme": place["programme"], "title": place["title"],
            "hours": place["hours"], "attendees": []})
        entry["attendees"].append(place["staff"])
    summary = {
        "programme": report["summary"].get("programme"),
        "findings": len(findings),
        "covered": len(findings) - len(uncovered),
        "uncovered": len(uncovered),
        "places": len(places),
        "staff": len({p["staff"] for p in places}),
        "hours": sum(p["hours"] for p in places),
        "method": "greedy-set-cover",
    }
    return {"summary": summary, "places": places,
            "by_programme": sorted(by_programme.values(), key=lambda e: e["programme"]),
            "uncovered": uncovered,
            "development_programmes": [
                {"programme": dp.id, "title": pick_label(dp.titles, lang) or dp.id,
                 "hours": dp.hours, "raises": _raises(dp)} for dp in dps],
            "lang": lang}


def _raises(dp: _Programme) -> list[dict[str, str]]:
    return [{"competency": c, "level": lv.notation} for c, lv in sorted(dp.develops.items())]


_Pick = tuple[str, _Programme, set[int]]


def _greedy_cover(findings: list[dict[str, Any]], dps: list[_Programme],
                  levels: Levels) -> tuple[list[_Pick], set[int]]:
    """The places picked (staff, programme, findings it covers) and the indices of the findings
    any place could cover."""
    open_ids = {i for i, f in enumerate(findings) if f["staff"] is not None}
    candidates: list[_Pick] = []
    for staff in sorted({f["staff"] for f in findings if f["staff"] is not None}):
        mine = [i for i in open_ids if findings[i]["staff"] == staff]
        for dp in dps:
            covered = {i for i in mine if _covers(dp, findings[i], levels)}
            if covered:
                candidates.append((staff, dp, covered))
    coverable = set().union(*(c[2] for c in candidates)) if candidates else set()
    remaining = open_ids & coverable
    picks: list[_Pick] = []
    while remaining:
        staff, dp, covered = min(
            candidates, key=lambda c: (-len(c[2] & remaining), c[1].hours, c[1].id, c[0]))
        gain = covered & remaining
        if not gain:
            break
        picks.append((staff, dp, gain))
        remaining -= gain
    return picks, coverable


def _place(staff: str, dp: _Programme, gain: set[int], findings: list[dict[str, Any]],
           names: Mapping[str, tuple[Any, Any]], lang: str) -> dict[str, Any]:
    """One place of the plan: a staff member attending a development programme."""
    return {
        "staff": staff, "staff_name": names[staff][0], "department": names[staff][1],
        "programme": dp.id, "programme_iri": dp.iri,
        "title": pick_label(dp.titles, lang) or dp.id, "hours": dp.hours,
        "raises": _raises(dp),
        "covers": [{k: findings[i][k] for k in ("programme", "course", "competency",
                                                "competency_code", "required_level",
                                                "actual_level", "severity")
                    if k in findings[i]} for i in sorted(gain)],
    }


def institution_plan(store: GraphStore, institution: str, *, lang: str = "en",
                     report: Mapping[str, Any] | None = None,
                     policy: StaffPolicy | None = None) -> dict[str, Any]:
    """The development plan over every programme of an institution: one greedy set cover of
    all findings, so a lecturer teaching in two programmes gets one place per programme of
    development, not one per programme taught."""
    report = report or institution_readiness(store, institution, lang=lang, policy=policy)
    plan = development_plan(store, "", report=report, lang=lang)
    plan["summary"]["institution"] = institution
    return plan
