"""Suggestion and comparison commands (docs/suggestions.md):

* ``suggest PROGRAMME_OR_WORKBOOK [--to programme-outcomes|FRAMEWORK_ID] [--top K] [--all]
  [--format json|text] [--model PATH]`` — top-k alignment candidates per unaligned outcome;
* ``occupation-gap PROGRAMME --occupation ESCO_URI_OR_ISCO_CODE`` — ESCO skills covered,
  partly covered or missing; exit 1 when an essential skill is missing;
* ``recognise HOME PARTNER [--agreement FILE]`` — full / partial / no recognition per home
  course, ECTS recognised, home outcomes left uncovered.

``--model PATH`` loads a local sentence-transformers model (optional extra ``[embeddings]``)
and ranks by the hybrid score; without it the lexical engine ranks alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from competency_graph.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    app,
    handle_errors,
    opened_programme,
    opened_store,
)
from competency_graph.reports import suggestions as render
from competency_graph.services import curriculum
from competency_graph.services import suggestions as service

PROGRAMME_HELP = "Stored programme id (ID or ID@VERSION), or a workbook path."
MODEL_HELP = ("Local sentence-transformers model folder for hybrid ranking (needs the "
              "[embeddings] extra; nothing is downloaded).")


def _emit(data: dict[str, Any], fmt: str, text: str, output: Path | None) -> None:
    out = json.dumps(data, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else text
    if output is not None:
        output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)


def _format(fmt: str) -> str:
    if fmt not in ("json", "text", "html"):
        raise typer.BadParameter("use json, text or html", param_hint="--format")
    return fmt


@app.command("suggest")
@handle_errors
def suggest(
    programme: str = typer.Argument(..., help=PROGRAMME_HELP),
    to: str = typer.Option(None, "--to", help="'programme-outcomes' or a framework id "
                           "(default: programme outcomes and the programme's targets)."),
    top: int = typer.Option(5, "--top", help=f"Candidates per outcome (1–{service.MAX_TOP})."),
    include_all: bool = typer.Option(False, "--all", help="Also outcomes already aligned."),
    fmt: str = typer.Option("text", "--format", help="json, text or html."),
    lang: str = typer.Option("en", "--lang", help="Language of texts and messages."),
    model: str = typer.Option(None, "--model", metavar="PATH", help=MODEL_HELP),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file."),
    write_workbook: Path = typer.Option(
        None, "--write-workbook", metavar="OUT", help="With a workbook path: write a copy "
        "(.xlsx or CSV folder) with the columns aligned_to_suggested and suggestion_scores "
        "on the outcome sheets."),
) -> None:
    """Suggest framework items and programme outcomes for each unaligned outcome."""
    _format(fmt)
    if write_workbook is not None and not Path(programme).exists():
        raise typer.BadParameter("--write-workbook needs a workbook path as PROGRAMME",
                                 param_hint="--write-workbook")
    with opened_programme(programme) as (store, ref):
        report = service.suggest(store, ref, to=to, top=top, include_all=include_all,
                                 lang=lang, encoder=service.load_encoder(model))
    if write_workbook is not None:
        filled = service.write_suggestions_workbook(report, Path(programme), write_workbook)
        typer.echo(f"wrote {write_workbook} ({filled} outcome rows with suggestions)",
                   err=True)
    text = (render.suggestions_html(report, "suggest", lang) if fmt == "html"
            else render.suggestions_text(report, lang))
    _emit(report, fmt, text, output)


@app.command("occupation-gap")
@handle_errors
def occupation_gap(
    programme: str = typer.Argument(..., help="Stored programme id (ID or ID@VERSION): the "
                                    "programme is compared inside the store that holds ESCO."),
    occupation: str = typer.Option(..., "--occupation", help="ESCO occupation IRI, ESCO "
                                   "code (2512.4) or ISCO-08 unit group code (2512)."),
    fmt: str = typer.Option("text", "--format", help="json, text or html."),
    lang: str = typer.Option("en", "--lang", help="Language of texts and messages."),
    model: str = typer.Option(None, "--model", metavar="PATH", help=MODEL_HELP),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Which essential and optional ESCO skills of an occupation the programme covers.

    Exit code 1 when an essential skill is missing. ESCO must be imported.
    """
    _format(fmt)
    with opened_store() as store:
        report = service.occupation_gap(store, programme, occupation, lang=lang,
                                        encoder=service.load_encoder(model))
    text = (render.suggestions_html(report, "occupation", lang) if fmt == "html"
            else render.occupation_text(report, lang))
    _emit(report, fmt, text, output)
    raise typer.Exit(EXIT_FINDINGS if service.has_missing_essential(report) else EXIT_OK)


@app.command("recognise")
@handle_errors
def recognise(
    home: str = typer.Argument(..., help="Home programme: " + PROGRAMME_HELP),
    partner: str = typer.Argument(..., help="Partner programme: " + PROGRAMME_HELP),
    agreement: Path = typer.Option(None, "--agreement", help="Learning agreement CSV with "
                                   "columns home_course, partner_course."),
    fmt: str = typer.Option("text", "--format", help="json, text or html."),
    lang: str = typer.Option("en", "--lang", help="Language of texts and messages."),
    model: str = typer.Option(None, "--model", metavar="PATH", help=MODEL_HELP),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Mobility recognition: full / partial / none per home course, ECTS recognised."""
    _format(fmt)
    with opened_programme(home) as (store, home_ref):
        partner_ref = curriculum.open_workbook(store, Path(partner)) \
            if Path(partner).exists() and not curriculum.programme_versions(store, partner) \
            else None
        try:
            report = service.recognise(
                store, home_ref,
                f"{partner_ref.id}@{partner_ref.version}" if partner_ref else partner,
                agreement=agreement, lang=lang, encoder=service.load_encoder(model),
                partner_store=partner_ref.store if partner_ref else None)
        finally:
            if partner_ref is not None:
                partner_ref.close()
    text = (render.suggestions_html(report, "recognition", lang) if fmt == "html"
            else render.recognition_text(report, lang))
    _emit(report, fmt, text, output)
