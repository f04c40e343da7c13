"""Framework search benchmark (issue 3): the in-process index of
``services/frameworks/item_search.py`` (what ``GET /search`` uses) against the naive baseline,
the same search written in SPARQL with ``LCASE``/``CONTAINS`` and a computed score
(``bench/queries/search_framework_items_naive.rq``), in the same run on the same store (embedded
Oxigraph in memory with the bundled frameworks). Also: building the index once (cold), the
read API calls, and which item each approach puts first for the issue's example queries.

Run: ``.venv/bin/python -m bench.frameworks``. Medians of several runs; the machine is shared.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from competency_graph.config import Settings
from competency_graph.model import Literal, Row
from competency_graph.services import frameworks as service
from competency_graph.services import open_store
from competency_graph.services.frameworks import item_search as framework_search
from competency_graph.store import GraphStore
from competency_graph.store.base import bind_values

RUNS = 15
#: The naive baseline lives with the benchmark, not in the package (the product never runs it).
NAIVE_QUERY = Path(__file__).resolve().parent / "queries" / "search_framework_items_naive.rq"
QUERIES = [("WA6", "en"), ("sustainable", "en"), ("устойчив", "ru"),
           ("Инженер және әлем", "kk"), ("communication", "en"), ("B2", "en"),
           ("intercultural competence", "en"), ("білім", "kk")]



def naive_search(store: GraphStore, q: str) -> list[Row]:
    """Run the naive SPARQL search the way ``GraphStore.select`` runs a packaged query: the
    parameter bound into the ``VALUES`` placeholder, then the store's SELECT."""
    text = bind_values(NAIVE_QUERY.read_text(encoding="utf-8"), {"q": Literal(q)},
                       "bench/queries/search_framework_items_naive.rq")
    return store._select(text, {})  # what select() does after loading a packaged query


def median_ms(func: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    store = open_store(Settings(store=":memory:"))
    try:
        def cold() -> None:
            framework_search.invalidate_search_index(store)
            service.search(store, "WA6")

        build = median_ms(cold, 5)
        service.search(store, "warm-up")
        print("## Framework search: in-process index vs SPARQL (embedded Oxigraph, in memory)\n")
        print(f"Index build (cold, one query over all items + two small ones): {build:.1f} ms\n")
        print("| query | lang | index p50 ms | SPARQL p50 ms | ratio | index top | SPARQL top |")
        print("|---|---|---:|---:|---:|---|---|")
        ratios = []
        for q, lang in QUERIES:
            fast = median_ms(lambda q=q, lang=lang: service.search(store, q, lang=lang))
            slow = median_ms(lambda q=q: naive_search(store, q))
            top = service.search(store, q, lang=lang)
            rows = naive_search(store, q)
            top_index = f"{top[0].framework} {top[0].code}" if top else "–"
            top_sparql = f"{rows[0]['framework']} {rows[0]['code']}" if rows else "–"
            ratios.append(slow / fast)
            print(f"| {q} | {lang} | {fast:.2f} | {slow:.1f} | {slow / fast:.0f}× | "
                  f"{top_index} | {top_sparql} |")
        print(f"\nMedian speed-up of the index over SPARQL: {statistics.median(ratios):.0f}×\n")
        print("## Read API service calls (embedded, in memory)\n")
        print("| call | p50 ms |")
        print("|---|---:|")
        calls: list[tuple[str, Callable[[], object]]] = [
            ("list_frameworks", lambda: service.list_frameworks(store)),
            ("get_framework wa-2021", lambda: service.get_framework(store, "wa-2021")),
            ("list_items eur-ace-2015-bachelor",
             lambda: service.list_items(store, "eur-ace-2015-bachelor")),
            ("get_item wa-2021 WA6 (kk)", lambda: service.get_item(store, "wa-2021", "WA6",
                                                                   "kk")),
        ]
        for name, call in calls:
            print(f"| {name} | {median_ms(call):.1f} |")
    finally:
        store.close()


if __name__ == "__main__":
    main()
