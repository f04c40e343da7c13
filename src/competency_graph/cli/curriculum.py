"""Curriculum commands: ``import PATH --kind curriculum`` (an ``.xlsx`` workbook, a folder of
CSV files or a ``.zip`` of them; docs/workbook.md), ``template FILE.xlsx`` (an empty
workbook with notes and drop-down lists) and ``programmes`` (list the stored programmes).

``import`` prints the summary on stdout and every warning on stderr; bad input exits with 2 and
one line per problem (file, sheet, row, column). A progress display appears only on a terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from competency_graph.cli.app import (
    EXIT_INPUT,
    app,
    err,
    handle_errors,
    is_terminal,
    opened_store,
    out,
)
from competency_graph.cli.core import IMPORTERS
from competency_graph.services import curriculum
from competency_graph.store import GraphStore


@contextmanager
def _progress() -> Iterator[curriculum.Progress | None]:
    """A progress display on a terminal; nothing when output is piped."""
    if not is_terminal():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("starting", total=len(curriculum.IMPORT_STEPS))

        def step(text: str) -> None:
            done = curriculum.IMPORT_STEPS.index(text) if text in curriculum.IMPORT_STEPS else 0
            progress.update(task, description=text, completed=done)

        yield step


def import_curriculum(store: GraphStore, path: Path, **_options: Any) -> str:
    """``import --kind curriculum``: a workbook becomes a new programme version."""
    with _progress() as step:
        summary = curriculum.import_programme(store, path, progress=step)
    for warning in summary.warnings:
        err.print(f"warning: {warning}", markup=False)
    return summary.message()


IMPORTERS["curriculum"] = import_curriculum


@app.command()
@handle_errors
def template(
    path: Path = typer.Argument(..., help="Where to write the workbook (.xlsx), or the CSV "
                                "with --kind resources."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    kind: str = typer.Option("curriculum", "--kind", help="curriculum (the .xlsx workbook) or "
                             "resources (the learning-resource CSV, docs/elearning.md)."),
) -> None:
    """Write an empty curriculum workbook: the sheets and headers of the workbook contract, a
    notes sheet explaining each column in English, Russian and Kazakh, and drop-down lists for
    closed values (cycle, languages, required, components, Bloom and CEFR levels, yes/no).
    With --kind resources: the learning-resource CSV header with notes rows in en/ru/kk."""
    from competency_graph.io.template import write_template

    if kind not in ("curriculum", "resources"):
        raise typer.BadParameter("use curriculum or resources", param_hint="--kind")
    if kind == "resources":
        from competency_graph.io.resources import template_csv

        if path.exists() and not force:
            err.print(f"error: {path} exists; use --force to overwrite it")
            raise typer.Exit(EXIT_INPUT)
        path.write_bytes(template_csv())
        out.print(f"wrote the learning-resource CSV template to {path}")
        return

    if path.suffix.casefold() != ".xlsx":
        err.print("error: the template is an .xlsx file (give a name ending in .xlsx)")
        raise typer.Exit(EXIT_INPUT)
    if path.exists() and not force:
        err.print(f"error: {path} exists; use --force to overwrite it")
        raise typer.Exit(EXIT_INPUT)
    write_template(path)
    out.print(f"wrote the curriculum workbook template to {path}")


@app.command()
@handle_errors
def programmes(
    fmt: str = typer.Option("table", "--format", help="table or json."),
    lang: str = typer.Option("en", "--lang", help="Title language: en, ru or kk."),
) -> None:
    """List the stored programmes with their current version and every version."""
    with opened_store() as store:
        items = curriculum.list_programmes(store, lang=lang)
    if fmt == "json":
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt != "table":
        raise typer.BadParameter("use table or json", param_hint="--format")
    table = Table("id", "title", "version", "cycle", "ECTS", "courses", "versions")
    for p in items:
        table.add_row(p["id"], p["title"] or "", p["version"], p["cycle"] or "",
                      "" if p["ects"] is None else f"{p['ects']:g}", str(p["courses"]),
                      ", ".join(v["version"] for v in p["versions"]))
    out.print(table)
