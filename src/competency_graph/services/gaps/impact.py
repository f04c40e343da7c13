"""Impact of a framework version change on a programme (e.g. ``wa-2013`` → ``wa-2021``).

The crosswalk joining the two versions (``cg:fromFramework`` / ``cg:toFramework``, read backwards
when it is stored the other way round) classifies every item of both versions as merged, split,
changed, removed, added or unchanged (definitions in :mod:`competency_graph.analysis.impact`).
The report lists every item of the old version that is not unchanged, the programme's
alignments that point at it, and the courses to review: the courses whose outcomes carry those
alignments, and for an alignment from a programme outcome, the courses whose outcomes address
that programme outcome. New items that nothing maps to are listed as ``added_items``.
"""

from __future__ import annotations

from typing import Any

from competency_graph import analysis
from competency_graph.errors import NotFoundError
from competency_graph.ids import natural_key
from competency_graph.model import value
from competency_graph.namespaces import SKOS
from competency_graph.services.gaps._data import (
    LEVELS,
    Names,
    check_lang,
    load_alignments,
    load_courses,
    load_framework,
    programme_ref,
    short_code,
)
from competency_graph.store import GraphStore

DEFINITIONS = {
    "merged": "the item is, or maps into, a new-version item that two or more old items map to",
    "split": "the old item maps to two or more new items (or the new item comes from one that "
             "does)",
    "changed": "a mapping of the item is not exactMatch (closeMatch: reworded or extended; "
               "broadMatch/narrowMatch: scope widened or narrowed; relatedMatch: loosely related)",
    "removed": "an old item that no mapping leaves",
    "added": "a new item that no mapping reaches",
    "unchanged": "exactly one exactMatch to an item nothing else maps to (not listed)",
}


def _mappings(store: GraphStore, old: str, new: str) -> list[analysis.MappingEdge]:
    for a, b, forward in ((old, new, True), (new, old, False)):
        rows = store.select("list_impact_mappings", fromId=a, toId=b)
        if rows:
            edges = [analysis.MappingEdge(str(value(r["source"])),
                                          str(value(r["relation"])).removeprefix(SKOS),
                                          str(value(r["target"])), str(value(r["mapping"])),
                                          str(value(r["crosswalk"]))) for r in rows]
            return analysis.orient(edges, forward)
    raise NotFoundError(f"no crosswalk joins {old!r} and {new!r} in the store")


def _code(iri: str, framework: str, labels: dict[str, tuple[str, str | None]]) -> str:
    if iri in labels:
        return f"{framework}:{labels[iri][0]}"
    return short_code(iri)


def impact(store: GraphStore, programme: str, *, old: str, new: str,
           lang: str = "en") -> dict[str, Any]:
    """Return the alignments of a programme that point at merged, split, changed or removed
    items between framework versions ``old`` and ``new``, and the courses to review."""
    check_lang(lang)
    with programme_ref(store, programme) as ref:
        edges = _mappings(ref.store, old, new)
        _old_fw, old_items = load_framework(ref.store, old, lang)
        _new_fw, new_items = load_framework(ref.store, new, lang)
        alignments = load_alignments(ref.store, ref.iri)
        courses = load_courses(ref.store, ref.iri, lang)
    changes = analysis.classify(edges, [i.iri for i in old_items], [i.iri for i in new_items])
    labels = {i.iri: (i.code, i.label) for i in [*old_items, *new_items]}
    name = Names(courses, alignments)
    po_courses: dict[str, set[str]] = {}
    for edge in alignments:
        if edge.course is not None:
            po_courses.setdefault(edge.target, set()).add(edge.course)
    by_target: dict[str, list[analysis.AlignmentEdge]] = {}
    for edge in alignments:
        by_target.setdefault(edge.target, []).append(edge)
    sources_of: dict[str, set[str]] = {}
    for e in edges:
        sources_of.setdefault(e.target, set()).add(e.source)
    items: list[dict[str, Any]] = []
    review: dict[str, set[str]] = {}
    for iri, change in changes.items():
        if change.unchanged or change.side != "from":
            continue
        entries = []
        for edge in sorted(by_target.get(iri, []), key=lambda e: name(e.source)):
            course_iris = {edge.course} if edge.course else po_courses.get(edge.source, set())
            entries.append({"source": edge.source, "source_code": name(edge.source),
                            "level": LEVELS[edge.rank],
                            "courses": sorted(courses[c].code for c in course_iris
                                              if c in courses)})
            for c in course_iris:
                if c in courses:
                    review.setdefault(c, set()).add(_code(iri, old, labels))
        partners = sorted({p for _rel, t in change.counterparts for p in sources_of.get(t, ())
                           if p != iri}, key=lambda p: natural_key(short_code(p)))
        items.append({"item": iri, "code": _code(iri, old, labels),
                      "label": labels.get(iri, ("", None))[1], "changes": change.changes,
                      "counterparts": [{"relation": rel, "item": other,
                                        "code": _code(other, new, labels)}
                                       for rel, other in change.counterparts],
                      "merged_with": [_code(p, old, labels) for p in partners],
                      "alignments": entries})
    added = [_code(iri, new, labels) for iri, change in changes.items()
             if change.side == "to" and change.changes == ["added"]]
    items.sort(key=lambda i: natural_key(i["code"]))
    to_review: list[dict[str, Any]] = [
        {"course": c, "code": courses[c].code, "title": courses[c].title,
         "semester": courses[c].semester, "items": sorted(its, key=natural_key)}
        for c, its in review.items()]
    to_review.sort(key=lambda r: natural_key(r["code"]))
    affected = [i for i in items if i["alignments"]]
    return {
        "programme": ref.id, "from": old, "to": new,
        "crosswalks": sorted({e.crosswalk for e in edges if e.crosswalk}),
        "summary": {"changed_items": len(items), "affected_items": len(affected),
                    "alignments": sum(len(i["alignments"]) for i in items),
                    "courses_to_review": len(to_review)},
        "items": items,
        "courses_to_review": to_review,
        "added_items": sorted(added, key=natural_key),
        "metadata": {"programme_iri": ref.iri, "version": ref.version, "lang": lang,
                     "definitions": DEFINITIONS},
    }
