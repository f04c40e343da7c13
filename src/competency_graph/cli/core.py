"""Commands of the foundation: serve, import (rdf), query (``frameworks`` is in
:mod:`competency_graph.cli.frameworks`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from competency_graph import services
from competency_graph.cli.app import (
    app,
    err,
    handle_errors,
    opened_store,
    out,
    settings,
)
from competency_graph.errors import InputError, Location, Problem
from competency_graph.reports.query import query_table, render_query_csv
from competency_graph.services import interop

#: Importers of other kinds register here: kind → function(store, path, **options) → result.
IMPORTERS: dict[str, object] = {}

_RDF_SUFFIXES = {".ttl", ".turtle", ".nt", ".nq", ".trig", ".rdf", ".owl", ".xml", ".jsonld"}


def detect_kind(path: Path) -> str:
    """Guess ``--kind`` from the file: RDF by suffix, a workbook (.xlsx, a folder of CSVs) is a
    curriculum, a JSON file with a ``CFDocument`` is CASE (other JSON is JSON-LD), a zip holding
    ESCO's ``skills_en.csv`` is ESCO (other zips are curriculum CSVs). Anything else must be told.
    """
    suffix = path.suffix.lower()
    if suffix in _RDF_SUFFIXES:
        return "rdf"
    if suffix in {".xlsx", ".xlsm"} or path.is_dir():
        return "curriculum"
    if suffix == ".json" and path.is_file():
        with path.open("rb") as handle:
            head = handle.read(65536)
        return "case" if b'"CFDocument"' in head else "rdf"
    if suffix == ".zip" and path.is_file():
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                names = [n.rsplit("/", 1)[-1] for n in archive.namelist()]
        except zipfile.BadZipFile:
            raise InputError(Problem("not a readable zip file", Location(file=str(path)))) from None
        return "esco" if "skills_en.csv" in names else "curriculum"
    raise InputError(Problem("cannot tell what this file holds; give --kind (rdf, curriculum, "
                             "case, esco, ctdl-asn, skos, staff, indicators)",
                             Location(file=str(path))))


@app.command()
@handle_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = typer.Option(True, "--demo/--no-demo",
                              help="Load the bundled demo data into a store that lacks it."),
    workers: int = typer.Option(1, min=1, max=64,
                                help="Worker processes. With an on-disk store and more than "
                                     "one, an Oxigraph server on 127.0.0.1 owns the store and "
                                     "the workers use it (docs/deployment.md)."),
) -> None:
    """Run the HTTP API and web pages (FastAPI + uvicorn)."""
    import os

    import uvicorn

    chosen = settings(load_demo=demo)
    if workers > 1 and chosen.is_memory:
        raise InputError("--workers above 1 needs an on-disk or remote store: an in-memory "
                         "store lives inside one process")
    os.environ["COMPETENCY_GRAPH_STORE"] = chosen.store
    os.environ["COMPETENCY_GRAPH_DEMO"] = "true" if demo else "false"
    from competency_graph.services.accounts import open_accounts

    created = open_accounts(chosen).ensure_admin(os.environ.get("COMPETENCY_GRAPH_PASSWORD"))
    if created and not os.environ.get("COMPETENCY_GRAPH_PASSWORD"):
        err.print(f"first run: created the user {created[0]!r} (admin) with the one-time "
                  f"password {created[1]}  (change it: competency-graph users add …)", markup=False)
    err.print(f"store: {chosen.store} ({chosen.store_kind}); open http://{host}:{port}/ "
              f"(API: http://{host}:{port}/docs)")
    if workers == 1 or chosen.is_remote:
        uvicorn.run("api.main:app_from_env", factory=True, host=host, port=port,
                    workers=workers)
        return
    from competency_graph.store.server import StoreServer

    with services.open_store(chosen) as store:  # bundled data and demo once, before the workers
        if demo:
            services.ensure_demo(store)
    del store  # releases the store's lock: the store server opens it next
    with StoreServer(chosen.store, query_timeout=chosen.query_timeout) as server:
        os.environ.update({"COMPETENCY_GRAPH_STORE": server.query_url,
                           "COMPETENCY_GRAPH_UPDATE_URL": server.update_url,
                           "COMPETENCY_GRAPH_UNION_PARAM": "true",
                           "COMPETENCY_GRAPH_DEMO": "false"})
        err.print(f"{workers} workers over the store server {server.base} (pid "
                  f"{server.process.pid if server.process else '?'})")
        uvicorn.run("api.main:app_from_env", factory=True, host=host, port=port,
                    workers=workers)


@app.command("import")
@handle_errors
def import_(
    path: Path = typer.Argument(..., help="File (or folder / zip for some kinds) to import."),
    kind: str = typer.Option(None, "--kind", help="What the file holds: rdf, curriculum, case, "
                             "esco, ctdl-asn, skos, staff, indicators, resources, moodle "
                             "(default: detected from the file — RDF suffixes, .xlsx or a "
                             "folder = curriculum, CASE JSON, ESCO zip)."),
    graph: str = typer.Option(None, "--graph", help="rdf: the named graph to replace "
                              "(default .../graph/rdf/<file-stem>)."),
    fmt: str = typer.Option(None, "--format", help="rdf: turtle, ntriples, nquads, trig, "
                            "rdfxml or jsonld (default: from the file suffix)."),
    framework_id: str = typer.Option(None, "--id", help="ctdl-asn, skos, moodle: the framework "
                                     "id to store it under (default: from the data)."),
) -> None:
    """Import a file into its own named graph. It lands whole or not at all."""
    if kind is None:
        if not path.exists():
            raise InputError(Problem("no such file", Location(file=str(path))))
        kind = detect_kind(path)
    if framework_id and kind not in ("ctdl-asn", "skos", "moodle"):
        raise InputError(f"--id applies to --kind ctdl-asn, skos and moodle, not {kind}")
    with opened_store() as store:
        if kind == "rdf":
            result = interop.import_rdf(store, path, graph=graph, fmt=fmt)
            out.print(f"imported {result.quads} triples from {path} into <{result.graph}>")
            return
        importer = IMPORTERS.get(kind)
        if importer is None:
            raise InputError(f"unknown --kind {kind!r}; known: "
                             + ", ".join(["rdf", *sorted(IMPORTERS)]))
        options = {"framework_id": framework_id} if framework_id else {}
        message = importer(store, path, **options)  # type: ignore[operator]
        out.print(str(message))


@app.command()
@handle_errors
def query(
    sparql: str = typer.Argument(..., help="The query text, @FILE to read it from a file, "
                                 "or - for standard input."),
    fmt: str = typer.Option("table", "--format", help="table, json (SPARQL 1.1 Query Results "
                            "JSON), csv; CONSTRUCT/DESCRIBE print Turtle."),
) -> None:
    """Run a read-only SPARQL query over all named graphs (their union is the default graph).

    The prefixes cg:, cgsh:, skos:, dcterms:, rdf:, rdfs:, owl:, xsd:, prov:, schema:, org:,
    qb: and sh: are predeclared.
    """
    if fmt not in {"table", "json", "csv"}:
        raise typer.BadParameter("use table, json or csv", param_hint="--format")
    if sparql == "-":
        text = sys.stdin.read()
    elif sparql.startswith("@"):
        text = Path(sparql[1:]).read_text(encoding="utf-8")
    else:
        text = sparql
    with opened_store() as store:
        output = services.run_query(store, text, results_format="json", graph_format="turtle")
    if output.kind == "graph":
        sys.stdout.write(output.body.decode("utf-8"))
    elif fmt == "json":
        sys.stdout.write(output.body.decode("utf-8") + "\n")
    elif fmt == "csv":
        sys.stdout.write(render_query_csv(output))
    else:
        names, rows = query_table(output)
        table = Table(*names, show_lines=False)
        for row in rows:
            table.add_row(*row)
        out.print(table)
        out.print(f"{len(rows)} row(s)")
