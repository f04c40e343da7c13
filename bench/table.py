"""One table (issue 15): store sizes × operations × stores, medians, against the naive
baseline measured in the same run.

* **sizes** — 1 and 50 programmes by default, 1,000 with ``--large`` (``bench/datagen.py``:
  the queried programme P0000 has 50 courses × 8 outcomes, the others 12 × 4, as in
  ``bench/gaps.py``), plus the bundled ontology, frameworks and crosswalks;
* **operations** — validate one programme (the always-on profiles + WA 2021, fast engine),
  its gap report against WA 2021 and its staff readiness report, each *computed* (the analysis,
  in the programme's scope: what runs once per programme version) and *served* (the stored
  result: what every later request costs), a small user SPARQL SELECT (``run_user_query``, the
  ``/sparql`` path: on the disk store a child process, elsewhere the bounded runner), and the
  whole university: ``validate_all`` of every programme with ``--jobs`` workers, once;
* **stores** — embedded pyoxigraph in memory and on disk, the remote store over the Oxigraph
  server (``oxigraph serve`` on 127.0.0.1, explicit dataset: the portable path) and over
  Virtuoso (skipped with a note when not installed);
* **naive** — rdflib in memory: pySHACL over the whole rdflib graph with the same shapes, the
  gap report read with rdflib lookups (``bench.gaps.NaiveRdflib``), the staff report running the
  project's ``.rq`` files through rdflib (``bench.staff.NaiveStore``), the SELECT by rdflib.

Run: ``.venv/bin/python -m bench table [--large] [--runs 5]``. Opt-in (``python -m bench``
alone does not run it): it starts servers and takes minutes. Medians of ``--runs`` runs (the
naive validation once per size: it takes seconds to minutes); the machine is shared, so compare
the cells of one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import rdflib

from bench.datagen import programme_id, programme_iri
from bench.gaps import QUERIED, NaiveRdflib, generate
from bench.staff import NaiveStore
from competency_graph.config import Settings
from competency_graph.model import RdfPayload
from competency_graph.namespaces import PREFIXES
from competency_graph.services import curriculum, gaps, open_store, validation
from competency_graph.services import staff as staff_service
from competency_graph.services.gaps.report import build_report
from competency_graph.services.staff import readiness as staff_readiness
from competency_graph.services.system import bootstrap, programme_scope
from competency_graph.services.validation.run import compute_document
from competency_graph.store import GraphStore
from competency_graph.store.server import StoreServer, VirtuosoServer
from competency_graph.validation import ALWAYS_ON, catalogue
from competency_graph.validation.coverage import programme_coverage

FRAMEWORK = "wa-2021"
PROFILES = [*ALWAYS_ON, FRAMEWORK]
SMALL_SPARQL = ("SELECT ?framework ?label WHERE { ?framework a cg:CompetencyFramework ; "
                "rdfs:label ?label FILTER(lang(?label) = 'en') } ORDER BY ?framework LIMIT 20")
OPERATIONS = ("validate one programme, computed", "validate one programme, served",
              "gap report, computed", "gap report, served", "staff report, computed",
              "staff report, served", "small SPARQL")
WHOLE = "validate every programme"
STORES = ("embedded memory", "embedded disk", "remote Oxigraph", "Virtuoso")


def median_ms(func: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls after one warm-up call, in ms."""
    func()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def operations(store: GraphStore) -> dict[str, Callable[[], object]]:
    """The operations on one store: each analysis computed (the work done once per programme
    version, in the programme's scope, as the service does it) and served (what every later
    request costs: the dependency stamp and the stored result)."""
    pid = programme_id(QUERIED)
    ref = curriculum.resolve_programme(store, pid)

    def scoped(func: Callable[[], object]) -> Callable[[], object]:
        def run_scoped() -> object:
            with programme_scope(ref):
                return func()
        return run_scoped

    def gap_computed() -> object:
        pc = programme_coverage(store, ref.iri, FRAMEWORK, "en")
        return build_report(ref, FRAMEWORK, pc.framework_iri, pc.coverage, pc.courses,
                            pc.alignments, "en", all_evidence=False)

    return {
        "validate one programme, computed": scoped(
            lambda: compute_document(ref, PROFILES, "fast", "en")),
        "validate one programme, served": lambda: validation.validate(store, pid, PROFILES),
        "gap report, computed": scoped(gap_computed),
        "gap report, served": lambda: gaps.gap_report(store, pid, FRAMEWORK),
        "staff report, computed": scoped(lambda: staff_readiness._readiness(
            store, ref.iri, policy=None, lang="en", overrides={})),
        "staff report, served": lambda: staff_service.staff_readiness(store, pid),
        "small SPARQL": lambda: store.run_user_query(SMALL_SPARQL),
    }


@contextmanager
def opened(kind: str, folder: Path) -> Iterator[GraphStore]:
    """Open a store of ``kind`` with the bundled data (servers started and stopped here)."""
    if kind == "embedded memory":
        with open_store(Settings(store=":memory:")) as store:
            yield store
    elif kind == "embedded disk":
        with open_store(Settings(store=str(folder / "disk"))) as store:
            yield store
    elif kind == "remote Oxigraph":
        with StoreServer(folder / "oxigraph") as server, open_store(
                Settings(store=server.query_url, update_url=server.update_url)) as store:
            yield store
    else:
        with VirtuosoServer(folder / "virtuoso") as server, open_store(
                Settings(store=server.query_url, sparql_dialect="virtuoso")) as store:
            yield store


def naive(payloads: dict[str, RdfPayload], runs: int) -> dict[str, float]:
    """The naive baseline's medians (validation: one run)."""
    dataset = rdflib.Dataset(default_union=True)
    for graph, path in bootstrap.bundled_graphs().items():
        dataset.graph(rdflib.URIRef(graph)).parse(path, format="turtle")
    for graph, payload in payloads.items():
        dataset.graph(rdflib.URIRef(graph)).parse(data=payload.data, format="nt")
    shapes = rdflib.Graph()
    cat = catalogue()
    for profile in PROFILES:
        shapes.parse(cat.profiles[profile].file, format="turtle")
    union = rdflib.Graph()
    for triple in dataset.triples((None, None, None)):
        union.add(triple)

    def validate() -> object:
        import pyshacl

        return pyshacl.validate(union, shacl_graph=shapes, inference="none")

    gap_baseline = NaiveRdflib(payloads)
    store = NaiveStore(dataset)
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    iri, pid = programme_iri(QUERIED), programme_id(QUERIED)
    # the naive path has no stored results: computed and served cost the same
    measured = {
        "validate one programme": median_ms(validate, 1),
        "gap report": median_ms(lambda: gap_baseline.gap_report(pid, FRAMEWORK), runs),
        "staff report": median_ms(lambda: staff_readiness._readiness(  # type: ignore[arg-type]
            store, iri, policy=None, lang="en", overrides={}), max(1, runs // 2)),
        "small SPARQL": median_ms(lambda: list(dataset.query(prologue + SMALL_SPARQL)), runs),
    }
    return {name: measured[name.split(",")[0]] for name in OPERATIONS}


def main(argv: list[str] | None = None) -> None:
    """Measure and print the Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench table", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="add the 1,000-programme store")
    parser.add_argument("--runs", type=int, default=5, help="runs per median (1-100)")
    parser.add_argument("--stores", default=",".join(STORES),
                        help="the stores to measure, comma-separated: " + ", ".join(STORES))
    parser.add_argument("--naive-max", type=int, default=50,
                        help="measure the naive baseline only up to this many programmes "
                        "(pySHACL over 50 programmes took 9 minutes here)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="worker processes of the whole-university validation")
    parser.add_argument("--sizes", default="1,50",
                        help="store sizes in programmes, comma-separated (1-1000 each)")
    args = parser.parse_args(sys.argv[2:] if argv is None and sys.argv[1:2] == ["table"]
                             else argv)
    try:
        sizes = tuple(dict.fromkeys(int(n) for n in args.sizes.split(",")))
    except ValueError:
        parser.error("--sizes takes whole numbers, e.g. 1,50")
    if args.large:
        sizes = (*sizes, 1000) if 1000 not in sizes else sizes
    if not 1 <= args.runs <= 100 or not all(1 <= n <= 1000 for n in sizes):
        parser.error("--runs 1-100, --sizes 1-1000 each")
    asked = [s.strip() for s in args.stores.split(",") if s.strip()]
    if any(s not in STORES for s in asked):
        parser.error("--stores takes " + ", ".join(STORES))
    stores = [s for s in asked if s != "Virtuoso" or VirtuosoServer.installed()]
    catalogue()  # shapes parsed once per process, like the service
    results: dict[tuple[int, str, str], float] = {}
    for size in sizes:
        payloads = generate(size)
        for kind in stores:
            # a closed embedded store may still flush a log file while its folder is removed
            with tempfile.TemporaryDirectory(prefix="cg-table-",
                                             ignore_cleanup_errors=True) as tmp, \
                    opened(kind, Path(tmp)) as store:
                store.replace_graphs(payloads)
                for name, func in operations(store).items():
                    results[size, kind, name] = median_ms(func, args.runs)
                started = time.perf_counter()
                validation.validate_all(store, jobs=args.jobs, profiles=PROFILES)
                results[size, kind, WHOLE] = (time.perf_counter() - started) * 1000
            print(f"measured {size} programme(s) on {kind}", file=sys.stderr, flush=True)
        if size <= args.naive_max:
            for name, value in naive(payloads, args.runs).items():
                results[size, "naive", name] = value
            print(f"measured {size} programme(s) naive", file=sys.stderr, flush=True)
    print(table(results, sizes, stores, args.runs))
    if "Virtuoso" in asked and "Virtuoso" not in stores:
        print("\nVirtuoso is not installed: its column is missing "
              "(apt-get install virtuoso-opensource).")


def table(results: dict[tuple[int, str, str], float], sizes: tuple[int, ...],
          stores: list[str], runs: int) -> str:
    """The Markdown table: one row per size × operation, ms medians, naive ÷ best store."""
    columns = [*stores, "naive (rdflib + pySHACL)"]
    lines = [f"| programmes | operation | {' | '.join(columns)} | naive ÷ fastest store |",
             "|---:|---|" + "---:|" * (len(columns) + 1)]
    for size in sizes:
        for name in OPERATIONS:
            cells = [results[size, kind, name] for kind in stores]
            baseline = results.get((size, "naive", name))
            best = min(cells)
            lines.append(f"| {size:,} | {name} | " + " | ".join(_ms(v) for v in cells)
                         + (f" | {_ms(baseline)} | {baseline / best:.0f}× |" if baseline
                            else " | not run | — |"))
        lines.append(f"| {size:,} | {WHOLE} (s, once) | "
                     + " | ".join(f"{results[size, kind, WHOLE] / 1000:.1f}" for kind in stores)
                     + " | — | — |")
    lines.append(f"\nms, medians of {runs} runs after a warm-up (naive validation: one run). "
                 "Computed: the analysis itself, what runs once per programme version; served: "
                 "what every later request costs (the dependency stamp and the stored result).")
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


if __name__ == "__main__":
    main()
