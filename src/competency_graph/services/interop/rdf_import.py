"""Importing plain RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD).

Triples outside a named graph go into ``graph/rdf/<file-stem>`` (or the graph the caller names);
named graphs inside a TriG or N-Quads file keep their names, except names in the reserved
``…/graph/…`` namespace, which are refused (graph ownership, docs/storage.md). Without
``graph`` the import owns ``graph/rdf/`` only (``owner="rdf"``); a ``graph`` the operator names
(``import --graph``, e.g. a programme graph loaded from RDF) may be any graph except the bundled
and system ones. The whole file is parsed before anything is written, and the affected graphs
are replaced in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io.safe import check_rdf
from competency_graph.io.tables import read_capped
from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.store import GraphStore
from competency_graph.store.base import SUFFIX_FORMATS


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    graph: str
    quads: int
    kind: str


def rdf_format_for(path: Path, explicit: str | None = None) -> str:
    """Return the RDF format name for a file (from ``explicit`` or its suffix)."""
    if explicit:
        return explicit
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(Problem(
            f"cannot tell the RDF format from the suffix {path.suffix!r}; use one of "
            + ", ".join(sorted(SUFFIX_FORMATS)), Location(file=str(path))))
    return fmt


def import_rdf(store: GraphStore, path: Path, *, graph: str | None = None,
               fmt: str | None = None) -> ImportResult:
    """Import an RDF file into its own named graph, atomically."""
    if not path.is_file():
        raise InputError(Problem("no such file", Location(file=str(path))))
    target = graph or graph_iri("rdf", path.stem)
    payload = RdfPayload(read_capped(path, file=str(path)), rdf_format_for(path, fmt), str(path))
    check_rdf(payload.data, payload.format, payload.source)
    quads = store.replace_graph(target, payload, owner=None if graph else "rdf")
    return ImportResult(graph=target, quads=quads, kind="rdf")
