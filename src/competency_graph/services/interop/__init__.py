"""Interop: exchange formats of frameworks — CASE, CTDL-ASN, SKOS, plain Turtle, ESCO and generic
RDF import — and the export registry (docs/interop.md).
"""

from __future__ import annotations

from competency_graph.services.interop.case import (
    CaseImportResult,
    export_case,
    import_case,
    import_case_bytes,
)
from competency_graph.services.interop.ctdl_asn import export_ctdl, import_ctdl, import_ctdl_bytes
from competency_graph.services.interop.esco import EscoImportResult, import_esco
from competency_graph.services.interop.rdf_import import ImportResult, import_rdf
from competency_graph.services.interop.registry import available_formats, export_framework
from competency_graph.services.interop.skos import (
    FrameworkImportResult,
    export_skos,
    export_ttl,
    import_skos,
    import_skos_bytes,
    read_file,
    store_framework,
)

__all__ = [
    "CaseImportResult",
    "EscoImportResult",
    "FrameworkImportResult",
    "ImportResult",
    "available_formats",
    "export_case",
    "export_ctdl",
    "export_framework",
    "export_skos",
    "export_ttl",
    "import_case",
    "import_case_bytes",
    "import_ctdl",
    "import_ctdl_bytes",
    "import_esco",
    "import_rdf",
    "import_skos",
    "import_skos_bytes",
    "read_file",
    "store_framework",
]
