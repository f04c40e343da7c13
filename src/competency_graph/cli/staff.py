"""Staff commands: ``staff PROGRAMME [--plan]``, ``import-staff FILE --institution ID``, and the
``import --kind staff`` importer (docs/staff.md).

Exit codes of ``staff``: 0 when no finding is a violation (warnings alone do not fail), 1 when
at least one finding is a violation, 2 for bad input (unknown programme, bad policy level).
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
    err,
    handle_errors,
    opened_programme,
    opened_store,
    out,
)
from competency_graph.cli.core import IMPORTERS
from competency_graph.reports import elearning as elearning_reports
from competency_graph.reports import staff as reports
from competency_graph.services import elearning
from competency_graph.services import staff as staff_service
from competency_graph.store import GraphStore

FORMATS = ("text", "json", "html")


def import_staff(store: GraphStore, path: Path, **options: Any) -> str:
    """``import --kind staff``: a roster with an ``institution`` column (or ``institution=``)."""
    result = staff_service.import_staff_roster(store, path,
                                               institution=options.get("institution"))
    return result.message()


IMPORTERS["staff"] = import_staff


@app.command("import-staff")
@handle_errors
def import_staff_command(
    path: Path = typer.Argument(..., help="Roster: .csv (UTF-8) or .xlsx (sheet 'staff' or the "
                                "first) with the workbook staff columns."),
    institution: str = typer.Option(None, "--institution", help="Institution id for rows whose "
                                    "'institution' cell is empty."),
    sheet: str = typer.Option(None, "--sheet", help="xlsx: the sheet to read."),
) -> None:
    """Import a staff roster into graph/staff/<institution> (whole or not at all).

    Same as `import FILE --kind staff`, with --institution for rosters without an institution
    column.
    """
    with opened_store() as store:
        result = staff_service.import_staff_roster(store, path, institution=institution,
                                                   sheet=sheet)
    out.print(result.message(), markup=False)


@app.command("staff")
@handle_errors
def staff(
    programme: str = typer.Argument(..., help="Stored programme id (or IRI), or a workbook path."),
    plan: bool = typer.Option(False, "--plan", help="Also compute the development plan "
                              "(greedy set cover of the findings by programme places)."),
    fmt: str = typer.Option("text", "--format", help="text, json or html."),
    lang: str = typer.Option("en", "--lang", help="Language of labels and messages: en, ru, kk."),
    english_floor: str = typer.Option(None, "--english-floor",
                                      help="CEFR floor for English-taught courses (default B2)."),
    english_recommended: str = typer.Option(None, "--english-recommended",
                                            help="Recommended CEFR level (default C1)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of "
                                "standard output."),
    resources: bool = typer.Option(False, "--resources", help="With --plan (text or json): "
                                   "also learning resources per person, with reasons "
                                   "(docs/elearning.md)."),
) -> None:
    """Staff readiness per course of a programme, and with --plan the development plan.

    Exit code 1 when any finding is a violation (a teacher below the floor, without a recorded
    level, or missing from the roster).
    """
    if fmt not in FORMATS:
        raise typer.BadParameter("use text, json or html", param_hint="--format")
    if resources and (not plan or fmt == "html"):
        raise typer.BadParameter("needs --plan and --format text or json",
                                 param_hint="--resources")
    text, violations = _staff_output(programme, plan=plan, fmt=fmt, lang=lang,
                                     english_floor=english_floor,
                                     english_recommended=english_recommended,
                                     resources=resources)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text)
    raise typer.Exit(EXIT_FINDINGS if violations else EXIT_OK)


def _staff_output(programme: str, *, plan: bool, fmt: str, lang: str,
                  english_floor: str | None, english_recommended: str | None,
                  resources: bool = False) -> tuple[str, int]:
    """Compute the report (and plan) and render it; return (text, number of violations).

    Kept apart from the command so that no frame holding the open store outlives it (an
    embedded store releases its lock only when the object is gone).
    """
    with opened_programme(programme) as (store, ref):
        report = staff_service.staff_readiness(store, ref, lang=lang,
                                               english_floor=english_floor,
                                               english_recommended=english_recommended)
        the_plan = (staff_service.development_plan(store, ref, report=report, lang=lang)
                    if plan else None)
        people = (elearning.recommend_for_staff(store, programme, lang=lang, report=report)
                  if resources else None)
    if fmt == "json":
        data = the_plan if plan else report
        if people is not None and data is not None:
            data = {**data, "resources": people}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        text = reports.render_staff_html(report, the_plan, lang=lang)
    else:
        text = reports.render_staff_text(report, the_plan)
        if people is not None:
            text += "\n" + elearning_reports.render({"staff": people}, "staff", "text", lang)
    return text, int(report["summary"]["counts"]["violation"])


@app.command("staff-institution")
@handle_errors
def staff_institution(
    institution: str = typer.Argument(..., help="Institution id (e.g. demo-steppe-tech)."),
    plan: bool = typer.Option(False, "--plan", help="Also compute one development plan over "
                              "all the institution's programmes."),
    fmt: str = typer.Option("text", "--format", help="text, json or html."),
    lang: str = typer.Option("en", "--lang", help="Language of labels and messages: en, ru, kk."),
    english_floor: str = typer.Option(None, "--english-floor",
                                      help="CEFR floor for English-taught courses (default B2)."),
    english_recommended: str = typer.Option(None, "--english-recommended",
                                            help="Recommended CEFR level (default C1)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of "
                                "standard output."),
) -> None:
    """Staff readiness over every current programme of an institution, with department and
    institution aggregates; --plan gives one development plan for all of them.

    Exit code 1 when any finding is a violation.
    """
    if fmt not in FORMATS:
        raise typer.BadParameter("use text, json or html", param_hint="--format")
    text, violations = _institution_output(institution, plan=plan, fmt=fmt, lang=lang,
                                           english_floor=english_floor,
                                           english_recommended=english_recommended)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text)
    raise typer.Exit(EXIT_FINDINGS if violations else EXIT_OK)


def _institution_output(institution: str, *, plan: bool, fmt: str, lang: str,
                        english_floor: str | None, english_recommended: str | None
                        ) -> tuple[str, int]:
    with opened_store() as store:
        report = staff_service.institution_readiness(
            store, institution, lang=lang, english_floor=english_floor,
            english_recommended=english_recommended)
        the_plan = (staff_service.institution_plan(store, institution, report=report, lang=lang)
                    if plan else None)
    if fmt == "json":
        text = json.dumps(the_plan if plan else report, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        text = reports.render_staff_html(report, the_plan, lang=lang)
    else:
        text = reports.render_staff_text(report, the_plan)
    return text, int(report["summary"]["counts"]["violation"])
