"""``competency-graph validate PROGRAMME`` (docs/validation.md).

Exit 0 conforms, 1 violations, 2 bad input.
"""

from __future__ import annotations

import sys

import typer

from competency_graph.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    app,
    handle_errors,
    opened_programme,
)


@app.command()
@handle_errors
def validate(
    programme: str = typer.Argument(..., help="A stored programme id (ID or ID@VERSION) or a "
                                    "workbook path (.xlsx, .zip or a folder of CSVs)."),
    profile: str = typer.Option(None, "--profile", help="Profile ids, comma-separated: "
                                "structure, ects, progression, wording, internationalisation, "
                                "or a framework id (wa-2021 …). Default: the five always-on "
                                "profiles plus the programme's target frameworks."),
    fmt: str = typer.Option("text", "--format", help="text, json, ttl or html."),
    lang: str = typer.Option("en", "--lang", help="Message language: en, ru or kk."),
    engine: str = typer.Option("fast", "--engine", help="fast (SPARQL on the store) or "
                               "pyshacl (the reference engine)."),
) -> None:
    """Validate a programme against SHACL profiles; exit 1 when there are violations."""
    from competency_graph.reports.validation import render_validation
    from competency_graph.services import validation as service

    if fmt not in service.FORMATS:
        raise typer.BadParameter("use text, json, ttl or html", param_hint="--format")
    with opened_programme(programme) as (store, ref):
        report = service.validate(store, ref, profile, engine=engine, lang=lang)
    sys.stdout.write(render_validation(report, fmt, lang))
    raise typer.Exit(EXIT_OK if report.conforms else EXIT_FINDINGS)
