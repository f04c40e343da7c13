"""The in-memory triple set the CASE converters build and read (terms as plain Python values,
:mod:`competency_graph.io.ntriples`), written out through the one N-Triples writer."""

from __future__ import annotations

from collections.abc import Iterator

from competency_graph.io.ntriples import Node, term

__all__ = ["TripleIndex"]


class TripleIndex:
    """A minimal read-only triple set with the part of rdflib's ``Graph`` API the exporter uses
    (``objects``, ``subjects``, ``in``). Filling it from query rows is several times faster than
    parsing N-Triples into an rdflib ``Graph``, which matters for frameworks with thousands of
    items."""

    def __init__(self) -> None:
        self._sp: dict[Node, dict[Node, dict[Node, None]]] = {}  # dicts as ordered sets
        self._po: dict[tuple[Node, Node], list[Node]] = {}
        self._size = 0

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Add one triple (duplicates are ignored)."""
        s, p, o = triple
        objs = self._sp.setdefault(s, {}).setdefault(p, {})
        if o in objs:
            return
        objs[o] = None
        self._po.setdefault((p, o), []).append(s)
        self._size += 1

    def objects(self, s: Node, p: Node) -> list[Node]:
        """The objects of ``s p ?o``."""
        return list(self._sp.get(s, {}).get(p, ()))

    def subjects(self, p: Node, o: Node) -> list[Node]:
        """The subjects of ``?s p o``."""
        return list(self._po.get((p, o), ()))

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return o in self._sp.get(s, {}).get(p, ())

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        for s, by_p in self._sp.items():
            for p, objs in by_p.items():
                for o in objs:
                    yield s, p, o

    def to_ntriples(self) -> bytes:
        """Serialise as N-Triples (UTF-8)."""
        return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in self).encode("utf-8")
