"""Curriculum import benchmark (issue 5): the demo programme (48 courses, 299 learning
outcomes, 25 staff; ~4.8k triples) read, converted and written, on the project's path and on a
naive baseline in the same run:

* reading the ``.xlsx``: openpyxl ``read_only`` streaming (project) vs openpyxl's default
  full-load mode (naive);
* writing the converted N-Triples: one atomic ``replace_graphs`` into embedded Oxigraph
  (project) vs parsing them into an rdflib in-memory ``Dataset`` (the naive baseline);
* a university of 50 programmes imported one after another: Oxigraph vs rdflib.

Run: ``.venv/bin/python -m bench.curriculum``. Medians of several runs; the machine is shared.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rdflib

from competency_graph.config import Settings
from competency_graph.io import workbook
from competency_graph.services import curriculum, open_store

RUNS = 5
UNIVERSITY = 50
DEMO_XLSX = curriculum.DEMO_PROGRAMME_DIR.parent / "demo-programme.xlsx"


def median_time(func: Callable[[], Any], runs: int = RUNS) -> float:
    """Median wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _naive_xlsx_read(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path)  # full mode: every cell object in memory
    cells = sum(1 for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                for _ in row)
    book.close()
    return cells


def _university(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the demo programme with distinct ids."""
    out = []
    for n in range(count):
        target = folder / f"p{n:02d}"
        shutil.copytree(curriculum.DEMO_PROGRAMME_DIR, target)
        prog = target / "programme.csv"
        prog.write_text(prog.read_text(encoding="utf-8").replace("6B07101", f"6B07{n:03d}", 1),
                        encoding="utf-8")
        out.append(target)
    return out


def main() -> None:
    """Print the Markdown table."""
    store = open_store(Settings(store=":memory:"))
    data = curriculum.read_workbook(curriculum.DEMO_PROGRAMME_DIR, store)
    triples = sum(len(p.data.splitlines()) for p in data.graphs.values() if p is not None)

    rows: list[tuple[str, float, float | None]] = []
    convert_csv = median_time(lambda: curriculum.read_workbook(curriculum.DEMO_PROGRAMME_DIR,
                                                               store))
    rows.append(("read + convert, CSV folder", convert_csv, None))
    read_fast = median_time(lambda: workbook.read_tables(DEMO_XLSX))
    read_naive = median_time(lambda: _naive_xlsx_read(DEMO_XLSX))
    rows.append(("read the .xlsx (read-only stream vs full load)", read_fast, read_naive))
    convert_xlsx = median_time(lambda: curriculum.read_workbook(DEMO_XLSX, store))
    rows.append(("read + convert, .xlsx", convert_xlsx, None))

    def write_oxigraph() -> float:
        target = open_store(Settings(store=":memory:"))  # not timed: fresh bundled store
        started = time.perf_counter()
        target.replace_graphs(data.graphs)
        return time.perf_counter() - started

    def write_rdflib() -> None:
        dataset = rdflib.Dataset()
        for graph, payload in data.graphs.items():
            if payload is not None:
                dataset.graph(rdflib.URIRef(graph)).parse(data=payload.data, format="nt")

    write_ox = statistics.median(write_oxigraph() for _ in range(RUNS))
    write_rdf = median_time(write_rdflib)
    rows.append((f"write one version ({triples} triples)", write_ox, write_rdf))

    def import_twice() -> float:
        target = open_store(Settings(store=":memory:"))  # not timed
        started = time.perf_counter()
        curriculum.import_programme(target, curriculum.DEMO_PROGRAMME_DIR)
        curriculum.import_programme(target, curriculum.DEMO_PROGRAMME_DIR)
        return time.perf_counter() - started

    rows.append(("import + re-import as version 2 (CSV → store, twice)",
                 statistics.median(import_twice() for _ in range(3)), None))
    rows.append(("resolve_programme(workbook path) into a scratch store",
                 median_time(lambda: curriculum.resolve_programme(store, str(DEMO_XLSX)).close(),
                             3), None))

    with tempfile.TemporaryDirectory() as tmp:
        folders = _university(Path(tmp), UNIVERSITY)
        target = open_store(Settings(store=":memory:"))
        started = time.perf_counter()
        for folder in folders:
            curriculum.import_programme(target, folder)
        ox_university = time.perf_counter() - started
        converted = [curriculum.read_workbook(f, target) for f in folders[:1]]
        dataset = rdflib.Dataset()
        started = time.perf_counter()
        for folder in folders:
            one = curriculum.read_workbook(folder, store)
            for graph, payload in one.graphs.items():
                if payload is not None:
                    dataset.graph(rdflib.URIRef(graph)).parse(data=payload.data, format="nt")
        rdf_university = time.perf_counter() - started
        assert converted and len(curriculum.list_programmes(target)) == UNIVERSITY
    rows.append((f"a university: {UNIVERSITY} programmes imported one by one", ox_university,
                 rdf_university))

    print("| step | project path | naive baseline | baseline / project |")
    print("|---|---:|---:|---:|")
    for name, fast, naive in rows:
        ratio = f"{naive / fast:.1f}×" if naive and fast > 0 else "–"
        base = f"{naive * 1000:.1f} ms" if naive is not None else "–"
        print(f"| {name} | {fast * 1000:.1f} ms | {base} | {ratio} |")
    print(f"\nDemo programme: 48 courses, 299 learning outcomes, {triples} triples; medians of "
          f"{RUNS} runs (3 for whole imports; the university is one run).")


if __name__ == "__main__":
    main()
