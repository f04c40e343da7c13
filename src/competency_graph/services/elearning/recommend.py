"""Recommendations with reasons, learning paths and catalogue analytics (docs/elearning.md).

**Ranking** of a resource ``r`` for an item ``i`` with a target level ``t`` (the item's required
level, or the level a person needs) and a wanted language ``L``::

    score = 3 · [r teaches i]  +  1 · [r only assesses i]
          + level fit: 2 when r's level is t, 1 when it is one rank below or above t
            (same scale only; 0 otherwise or without a level)
          + 1 · [r is in L]  +  1 · [r is free to use or audit]
          − 0.5 · [r's level is our estimate, not the provider's]

Ties go to fewer hours, then the resource id. Only resources that teach or assess the item are
candidates; the best ``limit`` (default 5) are kept. Every recommendation says why: the item,
whether it teaches or assesses it, the level against the target, language and access.

**Learning path** from level ``a`` to ``b`` on the CEFR scale: the resources teaching an item
of the framework (default ``esp-engineering``) whose required level is above ``a`` and at most
``b``, in language ``L`` (and field, when given), one resource per item (the best ranked).
They are ordered by level, then topologically by ``cg:resourcePrerequisite`` (a prerequisite
outside the selection is pulled in when it is at or below ``b``), then by id; the total hours is
the sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from competency_graph.errors import InputError, Problem
from competency_graph.i18n import translate
from competency_graph.services import gaps as gap_service
from competency_graph.services import staff as staff_service
from competency_graph.services.curriculum import get_programme
from competency_graph.services.elearning.catalogue import (
    Item,
    Level,
    StoredResource,
    load_catalogue,
    load_items,
)
from competency_graph.store import GraphStore

DEFAULT_LIMIT = 5
PATH_FRAMEWORK = "esp-engineering"
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(frozen=True)
class Target:
    """What a recommendation aims at: an item and the level wanted on its scale."""

    item: Item
    level: Level | None


def _scale_ranks(items: Mapping[str, Item]) -> dict[tuple[str, str], int]:
    """(scale id, notation) → rank, from the level scales' own items."""
    return {(item.framework, item.code): item.rank for item in items.values()
            if item.rank is not None}


def score(resource: StoredResource, target: Target, language: str
          ) -> tuple[float, list[Any]]:
    """The ranking score of ``resource`` for ``target`` (module docstring) and the reason keys
    with their arguments, as ``(key, kwargs)`` pairs encoded for :func:`reason_text`."""
    total = 0.0
    parts: list[Any] = []
    item = target.item
    if item.iri in resource.teaches:
        total += 3
        parts.append(("elearning.teaches", {"code": item.code, "item": item}))
    elif item.iri in resource.assesses:
        total += 1
        parts.append(("elearning.assesses", {"code": item.code, "item": item}))
    else:
        return 0.0, []
    level, want = resource.level, target.level
    if level is not None:
        fit_key = "elearning.level_other"
        if (want is not None and level.scale == want.scale and level.rank is not None
                and want.rank is not None):
            delta = level.rank - want.rank
            if delta == 0:
                total += 2
                fit_key = "elearning.level_match"
            elif delta == -1:
                total += 1
                fit_key = "elearning.level_below"
            elif delta == 1:
                total += 1
                fit_key = "elearning.level_above"
        parts.append((fit_key, {"level": level.notation,
                                "target": want.notation if want else "",
                                "estimated": resource.estimated}))
        if resource.estimated:
            total -= 0.5
    if resource.language == language:
        total += 1
        parts.append(("elearning.language", {"language": language}))
    if resource.free:
        total += 1
        parts.append(("elearning.free", {}))
    return total, parts


def reason_text(parts: Iterable[Any], lang: str) -> str:
    """The reason of a recommendation in ``lang``."""
    out = []
    for key, kwargs in parts:
        if "item" in kwargs:
            out.append(translate(key, lang, code=kwargs["code"],
                                 label=kwargs["item"].label(lang)))
            continue
        text = translate(key, lang, **{k: v for k, v in kwargs.items() if k != "estimated"})
        if kwargs.get("estimated"):
            text += " " + translate("elearning.estimated", lang)
        out.append(text)
    return "; ".join(out)


def rank(catalogue: Iterable[StoredResource], target: Target, *, language: str = "en",
         limit: int = DEFAULT_LIMIT, lang: str = "en") -> list[dict[str, Any]]:
    """The best ``limit`` resources for ``target`` with score and reason."""
    scored = []
    for res in catalogue:
        value, parts = score(res, target, language)
        if parts:
            scored.append((value, res, parts))
    scored.sort(key=lambda t: (-t[0], t[1].hours if t[1].hours is not None else 10**9,
                               t[1].id))
    return [{"id": res.id, "name": res.name(lang), "url": res.url,
             "level": res.level.notation if res.level else None,
             "level_estimated": res.estimated if res.level else None,
             "language": res.language, "provider": res.provider,
             "hours": float(res.hours) if res.hours is not None else None,
             "score": value, "reason": reason_text(parts, lang)}
            for value, res, parts in scored[:max(limit, 0)]]


def _check(limit: int, lang: str) -> None:
    if not 1 <= limit <= 50:
        raise InputError(Problem("limit must be between 1 and 50"))
    if lang not in ("en", "ru", "kk"):
        raise InputError(Problem(f"unknown language {lang!r} (en, ru or kk)"))


# --- per programme gap ------------------------------------------------------------------------

def recommend_for_programme(store: GraphStore, programme: str, *,
                            frameworks: list[str] | None = None, language: str = "en",
                            lang: str = "en", limit: int = DEFAULT_LIMIT,
                            staff: bool = True) -> dict[str, Any]:
    """Resources for a programme's missing and partial items (from the gap report of each
    target framework) and, with ``staff``, per person for the staff readiness findings.

    Returns ``{"programme", "frameworks", "recommendations": [{"item", "code", "label",
    "framework", "status", "required_level", "resources": [{"name", "url", "level",
    "reason", …}]}], "staff": [...], "ranking"}``.
    """
    _check(limit, lang)
    with gap_service.programme_ref(store, programme) as ref:
        programme_id = ref.id
        if not frameworks:
            frameworks = list(get_programme(ref.store, ref.id, version=ref.version,
                                            lang=lang).get("targets") or [])
    items = load_items(store)
    catalogue = load_catalogue(store)
    recommendations = []
    for framework in frameworks:
        report = gap_service.gap_report(store, programme, framework, lang=lang)
        for entry in report["items"]:
            if entry["status"] not in ("missing", "partial"):
                continue
            item = items.get(entry["competency"])
            if item is None:
                continue
            target = Target(item, item.required)
            recommendations.append({
                "item": entry["competency"], "code": entry["code"], "label": entry["label"],
                "framework": framework, "status": entry["status"],
                "required_level": entry["required_level"],
                "achieved_level": entry["achieved_level"],
                "resources": rank(catalogue, target, language=language, limit=limit,
                                  lang=lang)})
    result: dict[str, Any] = {"programme": programme_id, "frameworks": frameworks,
                              "recommendations": recommendations, "ranking": RANKING}
    if staff:
        result["staff"] = recommend_for_staff(store, programme, language=language, lang=lang,
                                              limit=limit, items=items, catalogue=catalogue)
    return result


RANKING = ("score = 3·teaches + 1·assesses-only + level fit (2 same level, 1 one step off, same "
           "scale) + 1·in the wanted language + 1·free − 0.5·level estimated; ties: fewer "
           "hours, then id")


# --- per person (staff development plan) ------------------------------------------------------

def recommend_for_staff(store: GraphStore, programme: str, *, language: str = "en",
                        lang: str = "en", limit: int = DEFAULT_LIMIT,
                        items: Mapping[str, Item] | None = None,
                        catalogue: list[StoredResource] | None = None,
                        report: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Resources per person for the findings of the staff readiness report that the
    development plan works on (English to C1, EMI methodology, intercultural competence,
    DigCompEdu …): one entry per staff member, one need per (competency, required level).
    ``report`` is the staff readiness report when the caller has it already."""
    items = items if items is not None else load_items(store)
    catalogue = catalogue if catalogue is not None else load_catalogue(store)
    report = report or staff_service.staff_readiness(store, programme, lang=lang)
    plan = staff_service.development_plan(store, programme, report=report, lang=lang)
    planned: dict[str, list[str]] = {}
    for place in plan["places"]:
        planned.setdefault(place["staff"], []).append(place["programme"])
    ranks = _scale_ranks(items)
    people: dict[str, dict[str, Any]] = {}
    for finding in report["findings"]:
        staff = finding.get("staff")
        item = items.get(finding.get("competency") or "")
        if staff is None or item is None:
            continue
        person = people.setdefault(staff, {
            "staff": staff, "name": finding.get("staff_name"),
            "department": finding.get("department"),
            "development_programmes": planned.get(staff, []), "needs": []})
        required = str(finding.get("required_level") or "")
        if any(n["competency"] == item.iri and n["required_level"] == required
               for n in person["needs"]):
            continue
        scale = item.required.scale if item.required else None
        level = Level("", required, ranks.get((scale or "", required)), scale)
        person["needs"].append({
            "competency": item.iri, "code": item.code, "label": item.label(lang),
            "required_level": required, "actual_level": finding.get("actual_level"),
            "severity": finding.get("severity"),
            "reason": translate("elearning.person", lang, staff=staff, code=item.code,
                                target=required, actual=finding.get("actual_level")
                                or translate("elearning.none", lang)),
            "resources": rank(catalogue, Target(item, level), language=language, limit=limit,
                              lang=lang)})
    return sorted(people.values(), key=lambda p: p["staff"])


# --- learning path --------------------------------------------------------------------------

def learning_path(store: GraphStore, start: str, end: str, *, language: str = "en",
                  field: str | None = None, framework: str = PATH_FRAMEWORK,
                  lang: str = "en") -> dict[str, Any]:
    """A learning path from CEFR level ``start`` to ``end`` (module docstring)."""
    start, end = start.upper(), end.upper()
    for name, level in (("--from", start), ("--to", end)):
        if level not in CEFR_LEVELS:
            raise InputError(Problem(f"{name}: {level!r} is not a CEFR level "
                                     f"({', '.join(CEFR_LEVELS)})"))
    low, high = CEFR_LEVELS.index(start) + 1, CEFR_LEVELS.index(end) + 1
    if low >= high:
        raise InputError(Problem(f"--to {end} must be above --from {start}"))
    items = load_items(store)
    if not any(i.framework == framework for i in items.values()):
        raise InputError(Problem(f"no framework with the id {framework!r}"))
    targets = sorted((i for i in items.values() if i.framework == framework and i.required
                      and i.required.scale == "cefr" and i.required.rank is not None
                      and low < i.required.rank <= high),
                     key=lambda i: (i.required.rank if i.required else 0, i.code))
    catalogue = [r for r in load_catalogue(store)
                 if r.language == language and (not field or r.field in (field, "general"))]
    by_id = {r.id: r for r in load_catalogue(store)}
    chosen: dict[str, dict[str, Any]] = {}
    uncovered = []
    for item in targets:
        best = rank(catalogue, Target(item, item.required), language=language, limit=1,
                    lang=lang)
        if not best:
            uncovered.append({"item": item.iri, "code": item.code, "label": item.label(lang)})
            continue
        step = chosen.setdefault(best[0]["id"], {**best[0], "items": []})
        step["items"].append(item.code)
    _pull_prerequisites(chosen, by_id, low, high, lang)
    steps = _order(chosen, by_id)
    hours = sum(s["hours"] or 0 for s in steps)
    return {"from": start, "to": end, "language": language, "field": field,
            "framework": framework, "steps": steps, "total_hours": hours,
            "uncovered": uncovered,
            "order": "CEFR level, then prerequisites (cg:resourcePrerequisite), then id"}


def _pull_prerequisites(chosen: dict[str, dict[str, Any]], by_id: Mapping[str, StoredResource],
                        low: int, high: int, lang: str) -> None:
    queue = list(chosen)
    while queue:
        rid = queue.pop()
        for pre in sorted(by_id[rid].prerequisites):
            res = by_id.get(pre)
            if pre in chosen or res is None:
                continue
            if (res.level is not None and res.level.rank is not None
                    and not low < res.level.rank <= high):
                continue
            chosen[pre] = {"id": res.id, "name": res.name(lang), "url": res.url,
                           "level": res.level.notation if res.level else None,
                           "level_estimated": res.estimated if res.level else None,
                           "language": res.language, "provider": res.provider,
                           "hours": float(res.hours) if res.hours is not None else None,
                           "score": None, "reason": "prerequisite of " + rid, "items": []}
            queue.append(pre)


def _order(chosen: dict[str, dict[str, Any]],
           by_id: Mapping[str, StoredResource]) -> list[dict[str, Any]]:
    """Level order, then prerequisites first (Kahn's algorithm with a level-then-id heap)."""
    import heapq

    def key(rid: str) -> tuple[int, str]:
        level = by_id[rid].level
        return (level.rank if level and level.rank is not None else 0, rid)

    waiting = {rid: {p for p in by_id[rid].prerequisites if p in chosen} for rid in chosen}
    ready = [key(rid) for rid, pres in waiting.items() if not pres]
    heapq.heapify(ready)
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    while ready:
        _, rid = heapq.heappop(ready)
        done.add(rid)
        out.append(chosen[rid])
        for other, pres in waiting.items():
            if other not in done and rid in pres:
                pres.discard(rid)
                if not pres and key(other) not in ready:
                    heapq.heappush(ready, key(other))
    for rid in sorted(set(chosen) - done, key=key):  # a prerequisite cycle: keep level order
        out.append(chosen[rid])
    return out


# --- catalogue analytics --------------------------------------------------------------------

def coverage(store: GraphStore, *, frameworks: list[str] | None = None,
             languages: tuple[str, ...] = ("en", "ru", "kk"),
             lang: str = "en") -> dict[str, Any]:
    """How the catalogue covers items × levels × languages.

    For each item of the chosen frameworks (default: every framework some resource points
    at): the number of resources teaching or assessing it per language, and per resource
    level. ``gaps`` lists, per language, the items without any resource in it.
    """
    items = load_items(store)
    catalogue = load_catalogue(store)
    aimed = {i for r in catalogue for i in (r.teaches | r.assesses)}
    if not frameworks:
        frameworks = sorted({items[i].framework for i in aimed if i in items})
    unknown = [f for f in frameworks if not any(i.framework == f for i in items.values())]
    if unknown:
        raise InputError(Problem(f"unknown framework(s): {', '.join(unknown)}"))
    rows = []
    gaps: dict[str, list[str]] = {language: [] for language in languages}
    for item in sorted((i for i in items.values() if i.framework in frameworks
                        and i.rank is None), key=lambda i: (i.framework, i.code)):
        serving = [r for r in catalogue if item.iri in r.teaches or item.iri in r.assesses]
        by_language = {language: sum(1 for r in serving if r.language == language)
                       for language in languages}
        by_level: dict[str, int] = {}
        for r in serving:
            key = r.level.notation if r.level else "-"
            by_level[key] = by_level.get(key, 0) + 1
        for language, n in by_language.items():
            if n == 0:
                gaps[language].append(f"{item.framework}:{item.code}")
        rows.append({"item": item.iri, "framework": item.framework, "code": item.code,
                     "label": item.label(lang),
                     "required_level": item.required.notation if item.required else None,
                     "resources": len(serving), "by_language": by_language,
                     "by_level": dict(sorted(by_level.items()))})
    return {"frameworks": frameworks, "languages": list(languages),
            "resources": len(catalogue),
            "resources_by_language": _count(r.language for r in catalogue),
            "resources_by_level": _count(r.level.notation if r.level else "-"
                                         for r in catalogue),
            "items": rows, "without_resource": gaps}


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


__all__ = ["DEFAULT_LIMIT", "RANKING", "Target", "coverage", "learning_path", "rank",
           "reason_text", "recommend_for_programme", "recommend_for_staff", "score"]
