"""Benchmarking commands: ``benchmark INSTITUTION --year YEAR``, ``institutions``, ``study …``,
and the ``import --kind indicators`` importer (docs/benchmarking.md).

Exit codes: 0 when the report was produced (being behind the peers is a finding of the report,
not a failure of the command), 2 for bad input (unknown institution or peer, bad weights, a year
without data, invalid files).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from competency_graph.cli.app import EXIT_INPUT, app, handle_errors, opened_store, out
from competency_graph.cli.core import IMPORTERS
from competency_graph.reports import benchmarking as bench_reports
from competency_graph.services import benchmarking as bench
from competency_graph.services.benchmarking import indicators as ind
from competency_graph.services.benchmarking import studies
from competency_graph.store import GraphStore


def import_indicators(store: GraphStore, path: Path, **_options: Any) -> str:
    """``import --kind indicators``: a CSV/xlsx file or a folder of CSV files."""
    return ind.import_indicators(store, path).message()


IMPORTERS["indicators"] = import_indicators


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        out.print(f"wrote {output}", markup=False)


@app.command("benchmark")
@handle_errors
def benchmark_command(
    institution: str = typer.Argument(..., help="Institution id (as in the data file)."),
    year: int = typer.Option(..., "--year", help="The reference year."),
    peers: str = typer.Option(None, "--peers", help="Peer ids ID,ID,... or a rule: type "
                              "(default: same institution type), country, type+country, all."),
    fmt: str = typer.Option("text", "--format", help="text, json, csv or html."),
    weights: str = typer.Option(None, "--weights", help="Composite weights, e.g. INT1=2,INT7=0 "
                                "(others keep 1 for core indicators; normalised to sum 1)."),
    targets: str = typer.Option(None, "--targets", help="Policy targets, e.g. INT1=10,INT2=5 "
                                "(default: the action-plan targets of the institution's study)."),
    horizon: int = typer.Option(bench.DEFAULT_HORIZON, "--horizon",
                                help="Years ahead for the projected gap."),
    lang: str = typer.Option("en", "--lang", help="Labels: en, ru or kk."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to a file."),
) -> None:
    """Compare an institution with its peers on the internationalisation indicators."""
    if fmt not in bench.FORMATS:
        raise typer.BadParameter("use text, json, csv or html", param_hint="--format")
    with opened_store() as store:
        codes = sorted(ind.indicator_catalogue(store))
        report = bench.benchmark(
            store, institution, year=year, peers=peers,
            weights=bench.parse_assignments(weights, "weights", codes) or None,
            targets=bench.parse_assignments(targets, "targets", codes) or None,
            horizon=horizon, lang=lang)
    if fmt == "json":
        _write(bench_reports.render_benchmark_json(report), output)
    elif fmt == "csv":
        _write(bench_reports.render_benchmark_csv(report), output)
    elif fmt == "html":
        _write(bench_reports.render_benchmark_html(report, lang), output)
    else:
        _write(bench_reports.render_benchmark_text(report, lang), output)


@app.command("institutions")
@handle_errors
def institutions_command(
    fmt: str = typer.Option("table", "--format", help="table or json."),
    lang: str = typer.Option("en", "--lang", help="Names: en, ru or kk."),
) -> None:
    """List institutions with country, type, size and the years they have indicator data for."""
    with opened_store() as store:
        items = ind.list_institutions(store, lang)
    if fmt == "json":
        _write(json.dumps([i.as_dict() for i in items], ensure_ascii=False, indent=2), None)
        return
    table = Table("id", "name", "country", "type", "students", "years")
    for i in items:
        table.add_row(i.id, i.name, i.country or "", i.type or "",
                      "" if i.students is None else str(i.students),
                      ", ".join(map(str, i.years)))
    out.print(table)


study_app = typer.Typer(help="Benchmarking studies: the five-stage cycle and its action plan.",
                        no_args_is_help=True)
app.add_typer(study_app, name="study")


@study_app.command("list")
@handle_errors
def study_list(fmt: str = typer.Option("table", "--format", help="table or json.")) -> None:
    """List the benchmarking studies with their stage progress."""
    with opened_store() as store:
        items = studies.list_studies(store)
    if fmt == "json":
        _write(json.dumps(items, ensure_ascii=False, indent=2), None)
        return
    table = Table("id", "title", "institution", "year", "stages done", "action items")
    for s in items:
        table.add_row(s["id"], s["title"], s["institution"], str(s["year"] or ""),
                      f"{s['stages_completed']}/{s['stages']}", str(s["action_items"]))
    out.print(table)


@study_app.command("show")
@handle_errors
def study_show(study_id: str = typer.Argument(..., help="Study id."),
               fmt: str = typer.Option("text", "--format", help="text, json or html."),
               lang: str = typer.Option("en", "--lang", help="en, ru or kk (html)."),
               output: Path = typer.Option(None, "--output", "-o", help="Write to a file."),
               ) -> None:
    """Show a study: stages (with Camp's steps and PDCA phase) and the action plan."""
    with opened_store() as store:
        study = studies.get_study(store, study_id)
        if fmt == "json":
            _write(json.dumps(studies.study_public(store, study, lang), ensure_ascii=False,
                              indent=2), output)
            return
        if fmt == "html":
            _write(bench_reports.render_study_html(**studies.study_page_data(store, study, lang),
                                                 lang=lang), output)
            return
    data = study.as_dict()
    lines = [f"{study.title} ({study.id}) — {study.institution}, {study.year}; "
             f"status {study.status}, current stage {study.current_stage or '—'}",
             "peers: " + (", ".join(study.peers) or "(rule: same type)")]
    for st in data["stages"]:
        camp = ", ".join(str(c["step"]) for c in st["camp_steps"]) or "—"
        lines.append(f"  {st['number']}. {st['kind']:<30} {st['status']:<12} "
                     f"{st['start'] or '':<10} {st['end'] or '':<10} Camp {camp}; "
                     f"PDCA {'/'.join(st['pdca'])}")
    for n, item in enumerate(data["action_items"], start=1):
        lines.append(f"  action {n}: {item['indicator']} → {item['target_value']} by "
                     f"{item['deadline'] or '?'} ({item['owner'] or 'no owner'})"
                     + (f"; programmes: {', '.join(item['programmes'])}"
                        if item["programmes"] else ""))
    _write("\n".join(lines), None)


@study_app.command("create")
@handle_errors
def study_create(path: Path = typer.Argument(..., help="A JSON file with the study (see "
                                             "docs/benchmarking.md).")) -> None:
    """Create a study from a JSON file; prints its id."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        from competency_graph.errors import InputError, Location, Problem

        raise InputError(Problem(f"not a readable JSON file: {exc}",
                                 Location(file=str(path)))) from None
    with opened_store() as store:
        study = studies.create_study(store, data)
    out.print(f"created study {study.id}", markup=False)


@study_app.command("stage")
@handle_errors
def study_stage(
    study_id: str = typer.Argument(..., help="Study id."),
    number: int = typer.Argument(..., help="Stage number 1–5."),
    status: str = typer.Option(None, "--status", help="planned, in-progress or completed."),
    start: str = typer.Option(None, "--start", help="Start date YYYY-MM-DD."),
    end: str = typer.Option(None, "--end", help="End date YYYY-MM-DD."),
    note: str = typer.Option(None, "--note", help="A note on the stage."),
) -> None:
    """Update one stage's status, dates or note."""
    changes = {k: v for k, v in (("status", status), ("start", start), ("end", end),
                                 ("note", note)) if v is not None}
    if not changes:
        raise typer.Exit(EXIT_INPUT)
    with opened_store() as store:
        study = studies.update_stage(store, study_id, number, changes)
    out.print(f"study {study.id}: stage {number} updated; status {study.status}", markup=False)


@study_app.command("delete")
@handle_errors
def study_delete(study_id: str = typer.Argument(..., help="Study id.")) -> None:
    """Delete a study."""
    with opened_store() as store:
        studies.delete_study(store, study_id)
    out.print(f"deleted study {study_id}", markup=False)
