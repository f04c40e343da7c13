"""Use cases: CTDL-ASN import (JSON-LD with the context supplied locally, or Turtle) and the
CTDL-ASN JSON-LD export of any framework.

Registers the ``ctdl-asn`` exporter in :data:`competency_graph.services.interop.registry.EXPORTERS`.
Mapping and normalisations: :mod:`competency_graph.io.ctdl` and docs/interop.md.
"""

from __future__ import annotations

from pathlib import Path

from competency_graph.io.ctdl import ctdl_to_framework, dumps, framework_to_ctdl
from competency_graph.io.skos import parse_rdf, rdf_format
from competency_graph.services.interop.registry import EXPORTERS
from competency_graph.services.interop.skos import (
    FrameworkImportResult,
    framework_triples,
    read_file,
    store_framework,
)
from competency_graph.store import GraphStore


def import_ctdl(store: GraphStore, path: Path, *, framework_id: str | None = None,
                fmt: str | None = None) -> FrameworkImportResult:
    """Import one CTDL-ASN competency framework (``.json``/``.jsonld`` or ``.ttl``).

    The framework id is its CTID unless ``framework_id`` is given; it lands in
    ``graph/framework/<id>``, replacing an earlier import of the same id.

    :raises InputError: located problems (JSON line/column or JSON path, Turtle line); the store
        is then unchanged.
    """
    data = read_file(path)
    return import_ctdl_bytes(store, data, str(path), rdf_format(path, fmt),
                             framework_id=framework_id)


def import_ctdl_bytes(store: GraphStore, data: bytes, source: str, fmt: str = "json-ld", *,
                      framework_id: str | None = None) -> FrameworkImportResult:
    """Import CTDL-ASN given as bytes (the API's upload)."""
    graph = parse_rdf(data, fmt, source)
    fid, framework, out = ctdl_to_framework(graph, source, framework_id)
    return store_framework(store, fid, str(framework), out, source, "ctdl-asn")


def export_ctdl(store: GraphStore, framework_id: str) -> bytes:
    """Any framework as a CTDL-ASN JSON-LD document (UTF-8 bytes)."""
    scheme, graph = framework_triples(store, framework_id)
    return dumps(framework_to_ctdl(graph, scheme))


EXPORTERS["ctdl-asn"] = export_ctdl

__all__ = ["export_ctdl", "import_ctdl", "import_ctdl_bytes"]
