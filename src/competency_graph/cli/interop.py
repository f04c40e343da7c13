"""Interop on the command line: ``export ID --format case|ctdl-asn|skos|ttl [--output FILE]``
and the importers ``import PATH --kind esco|ctdl-asn|skos``.

The export formats are whatever :data:`competency_graph.services.interop.registry.EXPORTERS`
holds (CASE registers itself from its own module). ESCO imports show a progress bar on a
terminal and stay quiet when stderr is piped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from competency_graph.cli.app import app, err, handle_errors, is_terminal, opened_store
from competency_graph.cli.core import IMPORTERS
from competency_graph.errors import InputError
from competency_graph.services.elearning.moodle import export_moodle
from competency_graph.services.interop import ctdl_asn as ctdl_service
from competency_graph.services.interop import esco as esco_service
from competency_graph.services.interop import registry as interop
from competency_graph.services.interop import skos as skos_service
from competency_graph.store import GraphStore


@contextmanager
def progress_bar(enabled: bool) -> Iterator[object]:
    """Yield a ``(what, done, total)`` callback drawing a rich progress bar on stderr, or None
    when stderr is not a terminal."""
    if not enabled:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("ESCO", total=1)

        def update(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=max(total, 1),
                       refresh=True)

        yield update


def import_esco(store: GraphStore, path: Path, **_: object) -> str:
    """Import ESCO zips (or a folder of them); return the summary the CLI prints."""
    with progress_bar(is_terminal()) as update:
        result = esco_service.import_esco(store, path, progress=update)  # type: ignore[arg-type]
    return result.message()


def import_ctdl(store: GraphStore, path: Path, *, framework_id: str | None = None) -> str:
    """Import one CTDL-ASN framework (JSON-LD or Turtle); return the summary line."""
    return ctdl_service.import_ctdl(store, path, framework_id=framework_id).message()


def import_skos(store: GraphStore, path: Path, *, framework_id: str | None = None) -> str:
    """Import one SKOS concept scheme (Turtle or JSON-LD) as a framework."""
    return skos_service.import_skos(store, path, framework_id=framework_id).message()


IMPORTERS["esco"] = import_esco
IMPORTERS["ctdl-asn"] = import_ctdl
IMPORTERS["skos"] = import_skos


@app.command()
@handle_errors
def export(
    framework_id: str = typer.Argument(..., metavar="ID",
                                       help="Framework id, e.g. wa-2021 or esco-1.1.1-skills."),
    fmt: str = typer.Option(..., "--format", help="case (CASE 1.1 CFPackage JSON), ctdl-asn "
                            "(CTDL-ASN JSON-LD), skos (SKOS Turtle), ttl (the framework's named "
                            "graph as stored, Turtle) or moodle (Moodle competency framework "
                            "CSV, one language: --lang)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to FILE instead of "
                                "standard output."),
    lang: str = typer.Option(None, "--lang", help="moodle: the one language of the export "
                             "(en, ru, kk; default en). Moodle holds one language per framework."),
) -> None:
    """Export one framework (bundled or imported) in an interchange format (also moodle: the
    Moodle competency framework CSV)."""
    if lang is not None and fmt != "moodle":
        raise InputError(f"--lang applies to --format moodle, not {fmt}")
    with opened_store() as store:
        if fmt == "moodle":
            data = export_moodle(store, framework_id, lang or "en")
        else:
            data = interop.export_framework(store, framework_id, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    err.print(f"wrote {len(data):,} bytes to {output}", markup=False)


__all__ = ["export", "import_ctdl", "import_esco", "import_skos", "progress_bar"]
