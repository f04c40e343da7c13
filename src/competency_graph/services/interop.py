"""Export registry shared by the interop formats (CASE, CTDL-ASN, SKOS, Turtle …).

Each format module registers one function in :data:`EXPORTERS` at import time::

    EXPORTERS["case"] = export_case   # (store, framework_id) -> bytes

The CLI ``export`` command and the HTTP routes call :func:`export_framework`, which imports
the modules that register exporters (so registration does not depend on import order elsewhere)
and dispatches by format name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from competency_graph.errors import InputError, Problem
from competency_graph.store import GraphStore

#: format name → function(store, framework_id) → serialised bytes
EXPORTERS: dict[str, Callable[[GraphStore, str], bytes]] = {}

#: modules whose import registers exporters; a missing module is skipped silently so that
#: each format can land independently.
_PROVIDERS = (
    "competency_graph.services.case",
    "competency_graph.services.ctdl_asn",
    "competency_graph.services.skos",
)


def _load_providers() -> None:
    for name in _PROVIDERS:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def available_formats() -> list[str]:
    """Return the registered export format names, sorted."""
    _load_providers()
    return sorted(EXPORTERS)


def export_framework(store: GraphStore, framework_id: str, fmt: str) -> bytes:
    """Serialise framework ``framework_id`` in format ``fmt``.

    Raises :class:`InputError` for an unknown format and whatever the exporter raises
    (``NotFoundError`` for an unknown framework).
    """
    _load_providers()
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        known = ", ".join(sorted(EXPORTERS)) or "none"
        raise InputError(Problem(f"unknown export format {fmt!r} (known: {known})"))
    return exporter(store, framework_id)


__all__ = ["EXPORTERS", "available_formats", "export_framework"]
