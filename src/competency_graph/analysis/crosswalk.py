"""Crosswalk closure: which framework items reach which others through SKOS mapping relations.

The mapping triples of every crosswalk in the store become one networkx graph (both directions;
``broadMatch`` read backwards is ``narrowMatch``). For a target framework, each of its items gets
the best route from every item that reaches it in at most ``max_steps`` mapping steps. The
parameters come from the coverage rule of the rule model (:mod:`.rules`, docs/rules.md):

* a route is **full** when every step is a full-evidence relation (``exactMatch``,
  ``closeMatch``) and at most ``max_close_steps`` (1) of them are ``closeMatch``: SKOS makes
  ``closeMatch`` deliberately non-transitive, so two close steps (A close X close B) do not make
  A evidence for B, while ``exactMatch`` is transitive and may extend a chain
  (wa-2013 WA4 exact wa-2021 WA4 close EUR-ACE B3.x is full);
* any other route — a ``broadMatch``/``narrowMatch``/``relatedMatch`` step, or too many close
  steps — is **weak**: it can make an item partial, never covered;
* a full route wins over a weak one, then the shorter route;
* routes never pass through (or start at) another item of the target framework, so an item is
  never evidence for its neighbour in the same framework.

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

#: defaults; the coverage rule of the rule model (:func:`.rules.rule_model`) is what callers pass
FULL_RELATIONS = frozenset({"exactMatch", "closeMatch"})
WEAK_RELATIONS = frozenset({"broadMatch", "narrowMatch", "relatedMatch"})
CLOSE = "closeMatch"
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
    #: whether this step's relation is a full-evidence relation of the rule
    full: bool = True


@dataclass(frozen=True, slots=True)
class Route:
    """The best chain of mapping steps from one item to an item of the target framework."""

    hops: tuple[Hop, ...]
    #: whether the route is full evidence by the rule (every step full, few enough close steps)
    full: bool = True


@dataclass
class CrosswalkClosure:
    """The mapping graph of a store and, per target framework, the routes into its items."""

    graph: nx.DiGraph
    max_steps: int = 2
    max_close_steps: int = 1
    #: other data read with the same lifetime (framework items, level ranks), by the services
    memo: dict[object, Any] = field(default_factory=dict)
    _routes: dict[frozenset[str], dict[str, dict[str, Route]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, edges: Iterable[MappingEdge], *, max_steps: int = 2, max_close_steps: int = 1,
              full_relations: frozenset[str] = FULL_RELATIONS,
              weak_relations: frozenset[str] = WEAK_RELATIONS) -> CrosswalkClosure:
        """Build the closure from mapping triples (self-mappings and relations the rule does not
        name are ignored)."""
        known = full_relations | weak_relations
        order = [r for r in _RELATION_ORDER if r in known] + sorted(known - set(_RELATION_ORDER))
        graph: nx.DiGraph = nx.DiGraph()
        for edge in edges:
            if edge.source == edge.target or edge.relation not in known:
                continue
            for a, b, rel in ((edge.source, edge.target, edge.relation),
                              (edge.target, edge.source, INVERSE.get(edge.relation,
                                                                     edge.relation))):
                if rel not in known:
                    continue
                old = graph.get_edge_data(a, b)
                if old is None or order.index(rel) < order.index(old["rel"]):
                    graph.add_edge(a, b, rel=rel, mapping=edge.mapping, crosswalk=edge.crosswalk,
                                   full=rel in full_relations)
        return cls(graph=graph, max_steps=max_steps, max_close_steps=max_close_steps)

    def is_full(self, relations: Iterable[str], fulls: Iterable[bool]) -> bool:
        """Whether a chain of steps is full evidence by the rule."""
        rels = list(relations)
        return all(fulls) and sum(r == CLOSE for r in rels) <= self.max_close_steps

    def routes_into(self, targets: Iterable[str]) -> dict[str, dict[str, Route]]:
        """Return ``{source item: {target item: best route}}`` for the given target items.

        Cached per target set; the sources never include a target item. Every simple path of at
        most ``max_steps`` steps that avoids the other target items is tried (backwards from
        the target); per source the shortest full route wins, else the shortest route.
        """
        key = frozenset(targets)
        with self._lock:
            cached = self._routes.get(key)
        if cached is not None:
            return cached
        result: dict[str, dict[str, Route]] = {}
        pred = self.graph.pred
        for target in key:
            if target not in self.graph:
                continue
            best: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {}
            stack: list[tuple[str, ...]] = [(target,)]
            while stack:
                path = stack.pop()  # target, …, current (read backwards)
                if len(path) > 1:
                    chain = tuple(reversed(path))
                    data = [self.graph[a][b] for a, b in itertools.pairwise(chain)]
                    full = self.is_full((d["rel"] for d in data), (d["full"] for d in data))
                    rank = (0 if full else 1, len(chain))
                    old = best.get(path[-1])
                    if old is None or rank < old[0] or (rank == old[0] and chain < old[1]):
                        best[path[-1]] = (rank, chain)
                if len(path) > self.max_steps:
                    continue
                for node in pred[path[-1]]:
                    if node not in path and node not in key:
                        stack.append((*path, node))
            for node, ((strength, _n), chain) in best.items():
                hops = tuple(self._hop(a, b) for a, b in itertools.pairwise(chain))
                result.setdefault(node, {})[target] = Route(hops, strength == 0)
        with self._lock:
            self._routes[key] = result
        return result

    def _hop(self, a: str, b: str) -> Hop:
        data = self.graph[a][b]
        return Hop(a, b, data["rel"], data["mapping"], data["crosswalk"], data["full"])


_CACHE: weakref.WeakKeyDictionary[object, dict[tuple[str, ...], CrosswalkClosure]] = (
    weakref.WeakKeyDictionary())
_CACHE_LOCK = threading.Lock()


def closure_for(owner: object, key: tuple[str, ...], load: Callable[[], Iterable[MappingEdge]],
                **params: Any) -> CrosswalkClosure:
    """Return the closure cached for ``owner`` (a store) and ``key`` (what changes when its
    mappings may have: the store's dependency revision), building it with ``load()`` and
    ``params`` (those of :meth:`CrosswalkClosure.build`) the first time."""
    with _CACHE_LOCK:
        per_owner = _CACHE.setdefault(owner, {})
        closure = per_owner.get(key)
    if closure is None:
        closure = CrosswalkClosure.build(load(), **params)
        with _CACHE_LOCK:
            per_owner.clear()  # an older graph set is stale now
            per_owner[key] = closure
    return closure


def forget_closure(owner: object) -> None:
    """Forget the closure cached for ``owner``."""
    with _CACHE_LOCK:
        _CACHE.pop(owner, None)


def clear_cache() -> None:
    """Forget every cached closure (e.g. after re-importing a crosswalk under the same graph)."""
    with _CACHE_LOCK:
        _CACHE.clear()
