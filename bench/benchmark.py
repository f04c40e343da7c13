"""Benchmarking benchmark (issue 8): import synthetic indicator data for N institutions × 3
years × 7 indicators, then produce the benchmark report of one institution against all its
same-type peers — on the project's store path (embedded Oxigraph) and on the naive baseline
(the same service code over an rdflib in-memory ``Dataset`` answering the same ``.rq`` files),
in the same run.

Run: ``.venv/bin/python -m bench.benchmark`` (``BENCH_INSTITUTIONS`` sets N, default 120).
Medians of several runs; the machine is shared and noisy.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rdflib

from competency_graph import resources
from competency_graph.config import Settings
from competency_graph.model import IRI, BNode, Literal, Row
from competency_graph.namespaces import PREFIXES, graph_iri
from competency_graph.reports import benchmarking as bench_reports
from competency_graph.services import benchmarking as bench
from competency_graph.services import open_store
from competency_graph.services.benchmarking import indicators as ind
from competency_graph.store.base import bind_values

RUNS = 5
YEARS = (2022, 2023, 2024)
CODES = ("INT1", "INT2", "INT3", "INT4", "INT5", "INT6", "INT7")


def median_time(func: Callable[[], Any], runs: int = RUNS) -> float:
    """Median wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_dataset(folder: Path, institutions: int) -> None:
    """Write a deterministic synthetic dataset (institutions.csv, indicators.csv)."""
    rng = random.Random(8)
    lines = ["id,name,country,type,students"]
    obs = ["institution,year,indicator,value"]
    for i in range(institutions):
        ident = f"bench-{i:04d}"
        lines.append(f"{ident},Bench University {i},{'KZ' if i % 2 else 'DE'},technical,"
                     f"{rng.randint(2000, 30000)}")
        for code in CODES:
            base = rng.uniform(1, 60)
            for k, year in enumerate(YEARS):
                obs.append(f"{ident},{year},{code},{min(base * (1.05 ** k), 100):.3f}")
    (folder / "institutions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "indicators.csv").write_text("\n".join(obs) + "\n", encoding="utf-8")


class RdflibStore:
    """The naive baseline: an rdflib in-memory Dataset (union default graph) answering the same
    named queries, with the same placeholder binding; enough of the store interface for the
    benchmark service."""

    def __init__(self, graphs: dict[str, bytes], bundled: dict[str, Path]) -> None:
        self.dataset = rdflib.Dataset(default_union=True)
        for name, path in bundled.items():
            self.dataset.graph(rdflib.URIRef(name)).parse(path, format="turtle")
        for name, data in graphs.items():
            self.dataset.graph(rdflib.URIRef(name)).parse(data=data.decode(), format="nt")

    def select(self, name: str, **bindings: Any) -> list[Row]:
        text = bind_values(resources.query_text(name), bindings, name)
        result = self.dataset.query(text, initNs=PREFIXES)
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for var, term in zip(result.vars or [], solution, strict=False):  # type: ignore[arg-type]
                if term is None:
                    continue
                if isinstance(term, rdflib.URIRef):
                    row[str(var)] = IRI(str(term))
                elif isinstance(term, rdflib.BNode):
                    row[str(var)] = BNode(str(term))
                elif isinstance(term, rdflib.Literal):
                    row[str(var)] = Literal(str(term), str(term.datatype) if term.datatype
                                            else None, term.language)
            rows.append(row)
        return rows


def main() -> None:
    """Print the Markdown table."""
    n = int(os.environ.get("BENCH_INSTITUTIONS", "120"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_dataset(folder, n)

        def project_import() -> Any:
            store = open_store(Settings(store=":memory:"))
            ind.import_indicators(store, folder)
            return store

        t_import = median_time(lambda: project_import().close(), 3)
        store = project_import()
        report = bench.benchmark(store, "bench-0000", year=2024)
        t_report = median_time(lambda: bench.benchmark(store, "bench-0000", year=2024))
        t_html = median_time(lambda: bench_reports.render_benchmark_html(
            bench.benchmark(store, "bench-0000", year=2024)))
        graphs = {g: store.export_graph(g, "ntriples") for g in store.graph_names()
                  if g.startswith((graph_iri("indicators"), graph_iri("institutions")))}
        triples = sum(d.count(b"\n") for d in graphs.values())
        store.close()

    from competency_graph.services.system.bootstrap import bundled_graphs

    needed = {g: p for g, p in bundled_graphs().items() if g == graph_iri("framework",
                                                                          "int-indicators")}
    started = time.perf_counter()
    naive = RdflibStore(graphs, needed)
    t_naive_load = time.perf_counter() - started
    naive_report = bench.benchmark(naive, "bench-0000", year=2024)  # type: ignore[arg-type]
    assert (bench_reports.render_benchmark_csv(naive_report)
            == bench_reports.render_benchmark_csv(report)), "baseline disagrees"
    t_naive = median_time(lambda: bench.benchmark(naive, "bench-0000",  # type: ignore[arg-type]
                                                  year=2024), 3)

    print(f"## Benchmarking (issue 8): {n} institutions × 3 years × 7 indicators, "
          f"{triples} triples of indicator data; peers = all {len(report.peers)} same-type\n")
    print("| step | project (embedded Oxigraph) | naive baseline (rdflib Dataset) | ratio |")
    print("|---|---|---|---|")
    print(f"| import CSV folder (parse, validate, write) / rdflib parse of the same triples | "
          f"{t_import * 1000:.0f} ms | {t_naive_load * 1000:.0f} ms | "
          f"{t_naive_load / t_import:.1f}× |")
    print(f"| benchmark report, one institution (JSON) | {t_report * 1000:.1f} ms | "
          f"{t_naive * 1000:.1f} ms | {t_naive / t_report:.1f}× |")
    print(f"| benchmark page (report + radar + HTML) | {t_html * 1000:.1f} ms | | |")
    print(f"\nMedians of {RUNS} runs (import and baseline: 3); both produce the same CSV.")


if __name__ == "__main__":
    main()
