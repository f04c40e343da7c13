"""Gap analysis commands (docs/gaps.md):

* ``gaps PROGRAMME --framework ID [--format text|json|csv|html] [--lang en|ru|kk]`` — exit 1
  when any item is missing, 0 otherwise (partial items alone do not fail);
* ``matrix PROGRAMME [--framework ID | --outcomes] [--format json|csv|html]`` — the curriculum
  map (course × framework item, or × programme outcome);
* ``progression PROGRAMME [--framework ID] [--format json|html]`` — semester timelines,
  prerequisite cycles and chain, courses that contribute to nothing;
* ``impact PROGRAMME --from wa-2013 --to wa-2021 [--format text|json]``.

``PROGRAMME`` is a stored programme id (``ID`` or ``ID@VERSION``) or a workbook path, which is
analysed without being stored.
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
)
from competency_graph.reports import gaps as reports
from competency_graph.services import gaps as gap_service

PROGRAMME_HELP = "Stored programme id (ID or ID@VERSION), or a workbook path."
LANG_HELP = "Language of labels and messages: en, ru, kk."
OUTPUT_HELP = "Write to this file instead of standard output."


def _choose(value: str, allowed: tuple[str, ...], hint: str) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"use one of {', '.join(allowed)}", param_hint=hint)
    return value


def _emit(text: str, output: Path | None) -> None:
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@app.command("gaps")
@handle_errors
def gaps(
    programme: str = typer.Argument(..., help=PROGRAMME_HELP),
    framework: str = typer.Option(..., "--framework", help="Target framework id, e.g. wa-2021, "
                                  "eur-ace-2015-bachelor, abet-eac (reached through crosswalks)."),
    fmt: str = typer.Option("text", "--format", help="text, json, csv or html."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    all_evidence: bool = typer.Option(False, "--all-evidence", help="json: every evidence "
                                      "path (default: the best path per item); text: print "
                                      "every path (default: the best 5 per item)."),
) -> None:
    """Gap report: each item of the framework covered, partial or missing, with evidence paths.

    Exit code 1 when any item is missing.
    """
    _choose(fmt, ("text", "json", "csv", "html"), "--format")
    with opened_programme(programme) as (store, ref):
        # the JSON payload is lean (best path per item) unless asked; renderings read every path
        report = gap_service.gap_report(store, ref, framework, lang=lang,
                                        all_evidence=all_evidence or fmt != "json")
    if fmt == "json":
        text = _json(report)
    elif fmt == "csv":
        text = reports.render_gaps_csv(report)
    elif fmt == "html":
        text = reports.render_gaps_html(report, lang)
    else:
        text = reports.render_gaps_text(report, lang, None if all_evidence else 5)
    _emit(text, output)
    raise typer.Exit(EXIT_FINDINGS if gap_service.has_gaps(report) else EXIT_OK)


@app.command("matrix")
@handle_errors
def matrix(
    programme: str = typer.Argument(..., help=PROGRAMME_HELP),
    framework: str = typer.Option(None, "--framework", help="Columns: the items of this "
                                  "framework."),
    outcomes: bool = typer.Option(False, "--outcomes", help="Columns: the programme outcomes "
                                  "(the default without --framework)."),
    fmt: str = typer.Option("csv", "--format", help="json, csv or html (the heat map)."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Curriculum map: course × framework item (or × programme outcome), I/R/M cells, rows in
    semester order."""
    _choose(fmt, ("json", "csv", "html"), "--format")
    if framework and outcomes:
        raise typer.BadParameter("give --framework ID or --outcomes, not both",
                                 param_hint="--outcomes")
    with opened_programme(programme) as (store, ref):
        data = gap_service.matrix(store, ref, framework=framework, lang=lang)
    if fmt == "json":
        _emit(_json(data), output)
    elif fmt == "html":
        _emit(reports.render_matrix_html(data, lang), output)
    else:
        _emit(reports.render_matrix_csv(data), output)


@app.command("progression")
@handle_errors
def progression(
    programme: str = typer.Argument(..., help=PROGRAMME_HELP),
    framework: str = typer.Option(None, "--framework", help="Timelines per item of this "
                                  "framework (default: per programme outcome)."),
    fmt: str = typer.Option("json", "--format", help="json or html."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Progression: I/R/M per semester, prerequisite cycles and longest chain, courses that
    contribute to nothing. Exit code 1 when the prerequisites have a cycle."""
    _choose(fmt, ("json", "html"), "--format")
    with opened_programme(programme) as (store, ref):
        data = gap_service.progression(store, ref, framework=framework, lang=lang)
    _emit(_json(data) if fmt == "json" else reports.render_progression_html(data, lang), output)
    raise typer.Exit(EXIT_OK if data["prerequisites"]["is_dag"] else EXIT_FINDINGS)


@app.command("impact")
@handle_errors
def impact(
    programme: str = typer.Argument(..., help=PROGRAMME_HELP),
    old: str = typer.Option(..., "--from", help="The version the programme is mapped to, e.g. "
                            "wa-2013."),
    new: str = typer.Option(..., "--to", help="The new version, e.g. wa-2021."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
) -> None:
    """Impact of a framework version change: alignments at merged, split, changed or removed
    items and the courses to review. Exit code 1 when any course needs review."""
    _choose(fmt, ("text", "json"), "--format")
    with opened_programme(programme) as (store, ref):
        data = gap_service.impact(store, ref, old=old, new=new, lang=lang)
    _emit(_json(data) if fmt == "json" else reports.render_impact_text(data, lang), output)
    raise typer.Exit(EXIT_FINDINGS if data["courses_to_review"] else EXIT_OK)
