"""Crosswalk closure: which framework items reach which others through SKOS mapping relations.

The mapping triples of every crosswalk in the store become one networkx graph (both directions;
``broadMatch`` read backwards is ``narrowMatch``). For a target framework, each of its items gets
the best route from every item that reaches it in at most ``max_hops`` mapping steps:

* a route is **full** when every step is ``exactMatch`` or ``closeMatch`` and **weak** as soon as
  one step is ``broadMatch``, ``narrowMatch`` or ``relatedMatch``;
* a full route wins over a weak one, then the shorter route;
* routes never pass through (or start at) another item of the target framework, so an item is
  never evidence for its neighbour in the same framework;
* ``max_hops`` is 2 by default: enough for wa-2013 → wa-2021 → EUR-ACE, and SKOS says
  ``closeMatch`` is not transitive, so longer chains are not offered as evidence.

Building the graph and the routes is done once per store and set of framework/crosswalk graphs
(:func:`closure_for`), since it does not depend on the programme.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

FULL_RELATIONS = frozenset({"exactMatch", "closeMatch"})
WEAK_RELATIONS = frozenset({"broadMatch", "narrowMatch", "relatedMatch"})
INVERSE = {"broadMatch": "narrowMatch", "narrowMatch": "broadMatch"}
#: preference when one pair of items is joined by several relations
_RELATION_ORDER = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass(frozen=True, slots=True)
class MappingEdge:
    """One SKOS mapping triple ``source relation target`` (relation by its SKOS local name)."""

    source: str
    relation: str
    target: str
    mapping: str | None = None
    crosswalk: str | None = None


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a crosswalk route, read from ``source`` towards ``target``."""

    source: str
    target: str
    relation: str
    mapping: str | None = None
    crosswalk: str | None = None

    @property
    def full(self) -> bool:
        """Whether this step alone is full evidence (exact or close match)."""
        return self.relation in FULL_RELATIONS


@dataclass(frozen=True, slots=True)
class Route:
    """The best chain of mapping steps from one item to an item of the target framework."""

    hops: tuple[Hop, ...]

    @property
    def full(self) -> bool:
        """Whether every step is an exact or close match."""
        return all(h.full for h in self.hops)


@dataclass
class CrosswalkClosure:
    """The mapping graph of a store and, per target framework, the routes into its items."""

    graph: nx.DiGraph
    max_hops: int = 2
    #: other data read with the same lifetime (framework items, level ranks), by the services
    memo: dict[object, Any] = field(default_factory=dict)
    _routes: dict[frozenset[str], dict[str, dict[str, Route]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, edges: Iterable[MappingEdge], *, max_hops: int = 2) -> CrosswalkClosure:
        """Build the closure from mapping triples (self-mappings are ignored)."""
        graph: nx.DiGraph = nx.DiGraph()
        for edge in edges:
            if edge.source == edge.target or edge.relation not in INVERSE.keys() | FULL_RELATIONS \
                    | WEAK_RELATIONS:
                continue
            for a, b, rel in ((edge.source, edge.target, edge.relation),
                              (edge.target, edge.source, INVERSE.get(edge.relation,
                                                                     edge.relation))):
                old = graph.get_edge_data(a, b)
                if old is None or _RELATION_ORDER.index(rel) < _RELATION_ORDER.index(old["rel"]):
                    graph.add_edge(a, b, rel=rel, mapping=edge.mapping, crosswalk=edge.crosswalk,
                                   full=rel in FULL_RELATIONS)
        return cls(graph=graph, max_hops=max_hops)

    def routes_into(self, targets: Iterable[str]) -> dict[str, dict[str, Route]]:
        """Return ``{source item: {target item: best route}}`` for the given target items.

        Cached per target set; the sources never include a target item.
        """
        key = frozenset(targets)
        with self._lock:
            cached = self._routes.get(key)
        if cached is not None:
            return cached
        result: dict[str, dict[str, Route]] = {}
        full_graph = nx.subgraph_view(self.graph, filter_edge=lambda a, b: self.graph[a][b]["full"])
        for target in key:
            if target not in self.graph:
                continue

            def allowed(node: str, target: str = target) -> bool:
                return node == target or node not in key

            reachable: dict[str, list[str]] = {}
            for strong, view in ((False, self.graph), (True, full_graph)):
                sub = nx.subgraph_view(view, filter_node=allowed)
                # paths from the target outwards; read backwards they lead into the target
                paths = nx.single_source_shortest_path(sub.reverse(copy=False), target,
                                                       cutoff=self.max_hops)
                for node, path in paths.items():
                    if node != target and (strong or node not in reachable):
                        reachable[node] = path
            for node, path in reachable.items():
                chain = list(reversed(path))  # node → … → target
                hops = tuple(self._hop(a, b) for a, b in itertools.pairwise(chain))
                result.setdefault(node, {})[target] = Route(hops)
        with self._lock:
            self._routes[key] = result
        return result

    def _hop(self, a: str, b: str) -> Hop:
        data = self.graph[a][b]
        return Hop(a, b, data["rel"], data["mapping"], data["crosswalk"])


_CACHE: weakref.WeakKeyDictionary[object, dict[tuple[str, ...], CrosswalkClosure]] = (
    weakref.WeakKeyDictionary())
_CACHE_LOCK = threading.Lock()


def closure_for(owner: object, key: tuple[str, ...], load: Callable[[], Iterable[MappingEdge]],
                *, max_hops: int = 2) -> CrosswalkClosure:
    """Return the closure cached for ``owner`` (a store) and ``key`` (its framework and
    crosswalk graph names), building it with ``load()`` the first time."""
    with _CACHE_LOCK:
        per_owner = _CACHE.setdefault(owner, {})
        closure = per_owner.get(key)
    if closure is None:
        closure = CrosswalkClosure.build(load(), max_hops=max_hops)
        with _CACHE_LOCK:
            per_owner.clear()  # an older graph set is stale now
            per_owner[key] = closure
    return closure


def clear_cache() -> None:
    """Forget every cached closure (e.g. after re-importing a crosswalk under the same graph)."""
    with _CACHE_LOCK:
        _CACHE.clear()
