"""E-learning commands (docs/elearning.md): ``resources recommend PROGRAMME``, ``resources path
--from B1 --to C1``, ``resources coverage``, the importers ``import FILE --kind resources`` and
``import FILE --kind moodle``, and the ``resources`` kind of ``template``. ``export ID --format
moodle [--lang]`` is the interop ``export`` command with the Moodle exporter.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from competency_graph.cli.app import app, handle_errors, opened_store
from competency_graph.cli.core import IMPORTERS
from competency_graph.services import elearning
from competency_graph.services.elearning import moodle
from competency_graph.store import GraphStore

resources_app = typer.Typer(help="The e-learning space: learning resources aligned to "
                            "competencies and CEFR levels (docs/elearning.md).",
                            no_args_is_help=True)
app.add_typer(resources_app, name="resources")

LANG_HELP = "Language of labels and reasons: en, ru, kk."


def import_resources(store: GraphStore, path: Path, **_: object) -> str:
    """``import --kind resources``: a resource CSV or JSON-LD file."""
    return elearning.import_resources(store, path).message()


def import_moodle(store: GraphStore, path: Path, *, framework_id: str | None = None,
                  **_: object) -> str:
    """``import --kind moodle``: a Moodle competency framework CSV."""
    return moodle.import_moodle(store, path, framework_id=framework_id).message()


IMPORTERS["resources"] = import_resources
IMPORTERS["moodle"] = import_moodle


def _emit(data: dict[str, Any] | str, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(str(data))


def _fmt(fmt: str) -> str:
    if fmt not in ("text", "json", "html"):
        raise typer.BadParameter("use text, json or html", param_hint="--format")
    return fmt


@resources_app.command("recommend")
@handle_errors
def recommend(
    programme: str = typer.Argument(..., help="Stored programme id, or a workbook path."),
    framework: list[str] = typer.Option(None, "--framework", help="Framework id (repeatable; "
                                        "default: the programme's targets)."),
    fmt: str = typer.Option("text", "--format", help="text, json or html."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    language: str = typer.Option("en", "--language", help="Wanted language of the resources."),
    limit: int = typer.Option(5, "--limit", help="Resources per item (1-50)."),
    staff: bool = typer.Option(True, "--staff/--no-staff", help="Also recommend per person "
                               "for the staff readiness findings."),
) -> None:
    """Resources for a programme's missing and partial items, and per staff member, each with
    the reason (item, level, language, access)."""
    from competency_graph.reports import elearning as report

    _fmt(fmt)
    with opened_store() as store:
        data = elearning.recommend_for_programme(store, programme, frameworks=framework or None,
                                                 language=language, lang=lang, limit=limit,
                                                 staff=staff)
    _emit(data if fmt == "json" else report.render(data, "recommend", fmt, lang), fmt)


@resources_app.command("path")
@handle_errors
def path(
    start: str = typer.Option(..., "--from", help="Current CEFR level, e.g. B1."),
    end: str = typer.Option(..., "--to", help="Target CEFR level, e.g. C1."),
    language: str = typer.Option("en", "--lang", help="Language of the resources (en, ru …)."),
    field: str = typer.Option(None, "--field", help="Field: engineering, computing, teaching "
                              "(general resources always qualify)."),
    framework: str = typer.Option("esp-engineering", "--framework",
                                  help="Framework whose CEFR-levelled items the path covers."),
    fmt: str = typer.Option("text", "--format", help="text, json or html."),
) -> None:
    """A learning path from one CEFR level to another: ordered by level and prerequisite, with
    the total hours."""
    from competency_graph.reports import elearning as report

    _fmt(fmt)
    with opened_store() as store:
        data = elearning.learning_path(store, start, end, language=language, field=field,
                                       framework=framework)
    _emit(data if fmt == "json" else report.render(data, "path", fmt, "en"), fmt)


@resources_app.command("coverage")
@handle_errors
def coverage(
    framework: list[str] = typer.Option(None, "--framework", help="Framework id (repeatable; "
                                        "default: every framework the catalogue serves)."),
    fmt: str = typer.Option("text", "--format", help="text, json or html (a heat map)."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
) -> None:
    """Catalogue analytics: resources per item × language × level, and the items without any
    resource in a language."""
    from competency_graph.reports import elearning as report

    _fmt(fmt)
    with opened_store() as store:
        data = elearning.coverage(store, frameworks=framework or None, lang=lang)
    _emit(data if fmt == "json" else report.render(data, "coverage", fmt, lang), fmt)


@resources_app.command("export")
@handle_errors
def export_resources(
    fmt: str = typer.Option("csv", "--format", help="csv or jsonld (schema.org JSON-LD)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to FILE instead of "
                                "standard output."),
) -> None:
    """Export the whole catalogue (bundled and imported resources) as CSV or JSON-LD; the file
    imports back with `import FILE --kind resources`."""
    with opened_store() as store:
        data = elearning.export_catalogue(store, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)


@app.command("moodle-push")
@handle_errors
def moodle_push(
    framework_id: str = typer.Argument(..., metavar="ID", help="Framework id, e.g. wa-2021."),
    url: str = typer.Option(..., "--url", help="The Moodle site, e.g. https://moodle.example.edu"),
    token: str = typer.Option(..., "--token", envvar="MOODLE_TOKEN", help="A web-service token "
                              "(env MOODLE_TOKEN) allowed to call core_competency_* functions."),
    scale_id: int = typer.Option(..., "--scale-id", help="Id of the Moodle scale to use (its "
                                 "items should match the export's scale values)."),
    context_id: int = typer.Option(1, "--context-id", help="Moodle context id (1 = system)."),
    lang: str = typer.Option("en", "--lang", help="The one language of the framework in "
                             "Moodle: en, ru, kk."),
) -> None:
    """Create a framework on a Moodle site through its web services (optional; the tests use a
    fake Moodle on 127.0.0.1, no real Moodle). Moodle has no transaction: on an error, delete
    the partial framework in Moodle and push again."""
    with opened_store() as store:  # a MoodleError (refused call) exits with 2
        result = moodle.push_moodle(store, framework_id, url, token, scale_id=scale_id,
                                    context_id=context_id, lang=lang)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


__all__ = ["coverage", "export_resources", "import_moodle", "import_resources", "moodle_push",
           "path", "recommend"]
