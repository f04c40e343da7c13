"""Impact of a framework version change, read from the crosswalk that joins two versions.

Each item of either version is classified by the mappings of the crosswalk (``from → to``; a
crosswalk stored the other way round is read backwards, ``broadMatch`` becoming ``narrowMatch``):

* **merged**: the item is, or maps into, a new-version item that two or more old items map to
  (wa-2013 WA6 and WA7 both go into wa-2021 WA6);
* **split**: the old item maps to two or more new items (or the new item comes from an old item
  that does);
* **changed**: a mapping of the item is not ``exactMatch`` (``closeMatch``: reworded or extended;
  ``broadMatch``/``narrowMatch``: scope widened or narrowed; ``relatedMatch``: loosely related);
* **removed**: an old item no mapping leaves; **added**: a new item no mapping reaches;
* **unchanged**: exactly one ``exactMatch`` to an item nothing else maps to.

An item may carry several of merged/split/changed. Alignments of the programme that point at an
item with any change are listed, and their courses are the courses to review (an alignment from a
programme outcome names the courses whose outcomes address that programme outcome).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from competency_graph.analysis.crosswalk import INVERSE, MappingEdge


@dataclass
class ItemChange:
    """How one item fared in the version change."""

    item: str
    side: str  # "from" or "to"
    changes: list[str] = field(default_factory=list)
    counterparts: list[tuple[str, str]] = field(default_factory=list)  # (relation, item)

    @property
    def unchanged(self) -> bool:
        """Whether the item went across as it was."""
        return self.changes == ["unchanged"]


def orient(edges: Iterable[MappingEdge], forward: bool) -> list[MappingEdge]:
    """Return the mappings read from the old version to the new one."""
    if forward:
        return list(edges)
    return [MappingEdge(e.target, INVERSE.get(e.relation, e.relation), e.source, e.mapping,
                        e.crosswalk) for e in edges]


def classify(edges: list[MappingEdge], old_items: Iterable[str],
             new_items: Iterable[str]) -> dict[str, ItemChange]:
    """Classify every old and new item by the oriented mappings ``old → new``."""
    outgoing: dict[str, list[MappingEdge]] = {}
    incoming: dict[str, list[MappingEdge]] = {}
    for edge in edges:
        outgoing.setdefault(edge.source, []).append(edge)
        incoming.setdefault(edge.target, []).append(edge)
    merged_targets = {t for t, es in incoming.items() if len({e.source for e in es}) > 1}
    split_sources = {s for s, es in outgoing.items() if len({e.target for e in es}) > 1}
    result: dict[str, ItemChange] = {}
    for item in sorted(set(old_items) | set(outgoing)):
        mine = outgoing.get(item, [])
        change = ItemChange(item, "from", counterparts=sorted((e.relation, e.target)
                                                              for e in mine))
        if not mine:
            change.changes = ["removed"]
        else:
            if any(e.target in merged_targets for e in mine):
                change.changes.append("merged")
            if item in split_sources:
                change.changes.append("split")
            if any(e.relation != "exactMatch" for e in mine):
                change.changes.append("changed")
            change.changes = change.changes or ["unchanged"]
        result[item] = change
    for item in sorted(set(new_items) | set(incoming)):
        mine = incoming.get(item, [])
        change = ItemChange(item, "to", counterparts=sorted((e.relation, e.source) for e in mine))
        if not mine:
            change.changes = ["added"]
        else:
            if item in merged_targets:
                change.changes.append("merged")
            if any(e.source in split_sources for e in mine):
                change.changes.append("split")
            if any(e.relation != "exactMatch" for e in mine):
                change.changes.append("changed")
            change.changes = change.changes or ["unchanged"]
        result.setdefault(item, change)
    return result
