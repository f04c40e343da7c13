"""Use cases: SKOS import (any concept scheme becomes a framework), SKOS Turtle export of any
framework, and the plain Turtle export of a framework's named graph.

Registers the ``skos`` and ``ttl`` exporters in
:data:`competency_graph.services.interop.registry.EXPORTERS`.
The mapping rules are in :mod:`competency_graph.io.skos` and docs/interop.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.io.skos import framework_to_skos, parse_rdf, rdf_format, skos_to_framework
from competency_graph.model import IRI, Literal, RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services.interop.registry import EXPORTERS
from competency_graph.store import GraphStore

#: Largest file accepted for a SKOS / CTDL-ASN import (uploads have size limits).
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class FrameworkImportResult:
    """What a framework import (SKOS, CTDL-ASN) wrote."""

    framework_id: str
    framework_iri: str
    graph: str
    items: int
    quads: int
    kind: str

    def message(self) -> str:
        """A one-line summary for the command line."""
        return (f"imported {self.kind} framework {self.framework_id} ({self.items} items, "
                f"{self.quads} triples) into <{self.graph}>")

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the API's answer)."""
        return dict(self.__dict__)


def read_file(path: Path) -> bytes:
    """Read an input file with the size cap; located errors for a missing or huge file."""
    if not path.is_file():
        raise InputError(Problem("no such file", Location(file=str(path))))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(Problem(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                                 Location(file=str(path))))
    return path.read_bytes()


def framework_graph(framework_id: str) -> str:
    """The named graph of an imported framework, ``.../graph/framework/<id>``."""
    return graph_iri("framework", framework_id)


def store_framework(store: GraphStore, framework_id: str, scheme: str, graph: Graph,
                    source: str, kind: str) -> FrameworkImportResult:
    """Replace the framework's named graph with ``graph`` in one transaction.

    :raises InputError: when the scheme IRI already belongs to a framework held in another
        graph (bundled or imported under another id): a second copy would merge with it in every
        query. Import into another store, or drop the other graph first.
    """
    target = framework_graph(framework_id)
    for row in store.select("list_scheme_graphs_skos", scheme=IRI(scheme)):
        if str(row["g"]) != target:
            raise InputError(Problem(
                f"the scheme <{scheme}> is already framework {str(row['id'])!r} (graph "
                f"<{row['g']}>); importing it again as {framework_id!r} would merge the two",
                Location(file=source)))
    data = graph.serialize(format="nt", encoding="utf-8")
    quads = store.replace_graphs({target: RdfPayload(data, "ntriples", source)})
    items = sum(1 for _ in graph.subjects(SKOS.inScheme, URIRef(scheme)))
    return FrameworkImportResult(framework_id, scheme, target, items, quads, kind)


def import_skos(store: GraphStore, path: Path, *, framework_id: str | None = None,
                fmt: str | None = None) -> FrameworkImportResult:
    """Import a SKOS concept scheme (Turtle or JSON-LD) as a framework.

    :raises InputError: located problems (syntax, no scheme or several); the store is unchanged.
    """
    data = read_file(path)
    return import_skos_bytes(store, data, str(path), rdf_format(path, fmt),
                             framework_id=framework_id)


def import_skos_bytes(store: GraphStore, data: bytes, source: str, fmt: str, *,
                      framework_id: str | None = None) -> FrameworkImportResult:
    """Import SKOS given as bytes (the API's upload)."""
    graph = parse_rdf(data, fmt, source)
    fid, scheme, out = skos_to_framework(graph, source, framework_id)
    return store_framework(store, fid, str(scheme), out, source, "skos")


def framework_triples(store: GraphStore, framework_id: str) -> tuple[URIRef, Graph]:
    """Return the framework's IRI and its stored triples (scheme and items) as a graph.

    :raises NotFoundError: when no framework or level scale has that identifier.
    """
    rows = store.select("get_framework_graph_skos", id=Literal(framework_id))
    if not rows:
        raise NotFoundError(f"no framework or level scale with the id {framework_id!r}")
    scheme = URIRef(str(rows[0]["scheme"]))
    graph = Graph()
    graph.parse(data=store.construct("construct_framework_skos", id=Literal(framework_id)),
                format="nt")
    return scheme, graph


def export_skos(store: GraphStore, framework_id: str) -> bytes:
    """Any framework as SKOS Turtle."""
    scheme, graph = framework_triples(store, framework_id)
    return framework_to_skos(graph, scheme)


def export_ttl(store: GraphStore, framework_id: str) -> bytes:
    """The named graph that holds a framework, as stored, in Turtle (for ESCO: the whole
    version's dataset, occupations and relations included)."""
    rows = store.select("get_framework_graph_skos", id=Literal(framework_id))
    if not rows:
        raise NotFoundError(f"no framework or level scale with the id {framework_id!r}")
    return store.export_graph(str(rows[0]["g"]), "turtle")


EXPORTERS["skos"] = export_skos
EXPORTERS["ttl"] = export_ttl

__all__ = ["FrameworkImportResult", "export_skos", "export_ttl", "framework_graph",
           "framework_triples", "import_skos", "import_skos_bytes", "read_file",
           "store_framework"]
