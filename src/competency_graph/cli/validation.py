"""``competency-graph validate PROGRAMME`` and ``validate-all`` (docs/validation.md).

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
    opened_store,
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


@app.command("validate-all")
@handle_errors
def validate_all(
    jobs: int = typer.Option(0, "--jobs", min=0, help="Worker processes (0: one per core)."),
    all_versions: bool = typer.Option(False, "--all-versions",
                                      help="Every stored version, not only the current one."),
    profile: str = typer.Option(None, "--profile", help="Profile ids, as for validate."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    lang: str = typer.Option("en", "--lang", help="Message language of the stored reports: "
                             "en, ru or kk."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress on stderr."),
) -> None:
    """Validate every stored programme with a pool of worker processes, store each report as
    a computed result (served afterwards by validate, the API and the web pages) and print one
    line per programme; exit 1 when any has violations. Progress goes to stderr."""
    import json
    import time

    from competency_graph.services import validation as service

    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    started = time.monotonic()
    last = [0.0]

    def progress(done: int, total: int, ref: str, entry: service.Entry) -> None:
        now = time.monotonic()
        if quiet or (now - last[0] < 1.0 and done < total):
            return
        last[0] = now
        sys.stderr.write(f"validated {done}/{total} ({now - started:.1f} s) {ref}\n")
        sys.stderr.flush()

    with opened_store() as store:
        entries = service.validate_all(store, jobs=jobs or None, lang=lang, profiles=profile,
                                       all_versions=all_versions, progress=progress)
    if fmt == "json":
        sys.stdout.write(json.dumps({"programmes": [e.as_json() for e in entries],
                                     "seconds": round(time.monotonic() - started, 2)},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        for e in entries:
            state = ("error: " + e.error if e.error else
                     ("conforms" if e.conforms else "violations")
                     + f" ({e.counts.get('violation', 0)} violations, "
                     f"{e.counts.get('warning', 0)} warnings)")
            origin = "stored" if e.served else f"{e.ms:.0f} ms"
            sys.stdout.write(f"{e.programme}@{e.version}\t{state}\t{origin}\n")
    failed = any(e.error or not e.conforms for e in entries)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
