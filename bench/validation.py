"""Validation benchmark (issue 5): one 240-ECTS programme (48 courses, 384 learning outcomes,
12 programme outcomes, two target frameworks) against all its profiles, and a university of 50
such programmes in one store.

* **fast** — the product path: prepared SPARQL on the embedded Oxigraph store
  (:class:`competency_graph.validation.fast.FastEngine`), shapes parsed once per process;
* **pyshacl reference** — the reference engine: pySHACL over an rdflib extract built from the
  store, shapes parsed once (cached);
* **naive pyshacl** — what a first implementation does: parse the shape files, the bundled
  frameworks and the programme into rdflib each time, then pySHACL (reference time + the
  measured re-parse time).

Run: ``.venv/bin/python -m bench.validation`` (``BENCH_VALIDATION_RUNS`` fast runs, default 15).
Medians; the machine is shared, so compare rows of one run. The reference and naive paths are
slow (seconds per programme), so they run fewer times, and the university figure for them is
the single-programme time × 50 (marked "extrapolated").
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import rdflib

from bench.synthetic import DEFECTS, programme
from competency_graph import resources
from competency_graph.config import Settings
from competency_graph.model import RdfPayload
from competency_graph.services import open_store
from competency_graph.validation import ALWAYS_ON, catalogue, run

TARGETS = ("wa-2021", "eur-ace-2015-bachelor")
PROFILES = [*ALWAYS_ON, *TARGETS]
UNIVERSITY = 50


def timed(func: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time in ms of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def reparse(turtle: str) -> int:
    """What the naive path parses on every call before pySHACL starts: the shape files, the
    bundled ontology, frameworks and crosswalks, and the programme. Returns the triples read."""
    shapes = rdflib.Graph()
    cat = catalogue()
    for pid in PROFILES:
        shapes.parse(cat.profiles[pid].file, format="turtle")
    data = rdflib.Graph()
    for path in [resources.tbox_file(), *resources.bundled_files("frameworks"),
                 *resources.bundled_files("crosswalks")]:
        data.parse(path, format="turtle")
    data.parse(data=turtle, format="turtle")
    return len(shapes) + len(data)


def main() -> None:
    """Print the Markdown table."""
    runs = int(os.environ.get("BENCH_VALIDATION_RUNS", "15"))
    catalogue()  # shapes parsed once per process, like the service
    store = open_store(Settings(store=":memory:"))
    one = programme(1, defects=("unobservable", "no_teacher", "mid_english", "below_item"),
                    targets=TARGETS)
    store.replace_graph(one.graph, RdfPayload(one.turtle.encode(), "turtle", one.id))
    triples = len(rdflib.Graph().parse(data=one.turtle, format="turtle"))
    run(store, one.iri, PROFILES)  # warm-up
    fast_ms, fast = timed(lambda: run(store, one.iri, PROFILES), runs)
    ref_runs = int(os.environ.get("BENCH_VALIDATION_REFERENCE_RUNS", "1"))
    ref_ms, reference = timed(lambda: run(store, one.iri, PROFILES, engine="pyshacl"), ref_runs)
    parse_ms, _parsed = timed(lambda: reparse(one.turtle), 3)
    naive_ms = ref_ms + parse_ms
    same = sorted(f.key() for f in fast.findings) == sorted(f.key() for f in reference.findings)

    uni = open_store(Settings(store=":memory:"))
    programmes = []
    for seed in range(100, 100 + UNIVERSITY):
        p = programme(seed, targets=TARGETS, n_defects=3 if seed % 2 else 0)
        uni.replace_graph(p.graph, RdfPayload(p.turtle.encode(), "turtle", p.id))
        programmes.append(p)
    uni_runs = max(1, runs // 5)
    uni_ms, _ = timed(lambda: [run(uni, p.iri, PROFILES) for p in programmes], uni_runs)
    uni_one_ms, _ = timed(lambda: run(uni, programmes[0].iri, PROFILES), runs)

    shapes = sum(1 for s in catalogue().shapes.values() if s.profile in PROFILES)
    print(f"One programme: {len(one.turtle.splitlines())} statements, {triples} triples, "
          f"48 courses, 384 learning outcomes; {len(PROFILES)} profiles ({', '.join(PROFILES)}),"
          f" {shapes} reporting shapes; {len(fast.findings)} findings "
          f"(fast and pyshacl identical: {same}).")
    print(f"University: {UNIVERSITY} such programmes in one store "
          f"({sum(len(p.turtle.splitlines()) for p in programmes):,} statements); half have "
          f"3 random defects of {len(DEFECTS)} kinds.\n")
    print("| what | fast (SPARQL on the store) | pyshacl reference | ratio | naive pyshacl "
          "(+ re-parse shapes and data) | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| one 240-ECTS programme, median of {runs} / {ref_runs} runs | {fast_ms:.0f} ms "
          f"| {ref_ms:.0f} ms | {ref_ms / fast_ms:.0f}× | {naive_ms:.0f} ms | "
          f"{naive_ms / fast_ms:.0f}× |")
    print(f"| the same programme in the 50-programme store, median of {runs} | "
          f"{uni_one_ms:.0f} ms | – | – | – | – |")
    print(f"| whole university (50 programmes, sequential), median of {uni_runs} | "
          f"{uni_ms / 1000:.2f} s | {ref_ms * UNIVERSITY / 1000:.0f} s (extrapolated) | "
          f"{ref_ms * UNIVERSITY / uni_ms:.0f}× | {naive_ms * UNIVERSITY / 1000:.0f} s "
          f"(extrapolated) | {naive_ms * UNIVERSITY / uni_ms:.0f}× |")
    print(f"\nRe-parsing shapes, ontology, frameworks, crosswalks and programme: {parse_ms:.0f} ms "
          "(median of 3), added to the reference time for the naive column.")
    print(f"\nTarget: fast path ≤ 100 ms median for one programme — "
          f"{'met' if fast_ms <= 100 else 'NOT met'} in this run ({fast_ms:.0f} ms).")
    store.close()
    uni.close()


if __name__ == "__main__":
    main()
