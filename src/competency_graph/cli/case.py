"""CASE on the command line: ``import FILE --kind case`` (CFPackage JSON, CASE 1.0 or 1.1).

The ``export ID --format case`` command lives with the other interop formats; it finds the CASE
exporter in :data:`competency_graph.services.interop.registry.EXPORTERS`.
"""

from __future__ import annotations

from pathlib import Path

from competency_graph.cli.core import IMPORTERS
from competency_graph.services.interop import case as case_service
from competency_graph.store import GraphStore


def import_case(store: GraphStore, path: Path) -> str:
    """Import one CASE package; return the line the CLI prints."""
    return case_service.import_case(store, path).message()


IMPORTERS["case"] = import_case
