"""Large re-import benchmark (issue 14): what atomic replacement costs on the embedded on-disk
store. Writes N triples into a new graph, then replaces that graph with N other triples through
``replace_graphs`` (one transaction: the project's path), against the drop-then-insert pair the
store used above 200,000 triples before (two transactions: not atomic, the baseline).

Run: ``.venv/bin/python -m bench.store_replace`` (``BENCH_TRIPLES`` sets N, default 250,000).
One run each (each takes tens of seconds); the machine is shared and noisy.
"""

from __future__ import annotations

import os
import tempfile
import time

import pyoxigraph as ox

from competency_graph.config import Settings
from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.store import open_store

EX = "http://example.org/"
GRAPH = graph_iri("bench", "replace")


def payload(tag: str, n: int) -> RdfPayload:
    text = "".join(f'<{EX}s{i}> <{EX}p> "{tag} {i}" .\n' for i in range(n))
    return RdfPayload(text.encode(), "ntriples")


def timed(func) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def main() -> None:
    """Print the Markdown table."""
    n = int(os.environ.get("BENCH_TRIPLES", "250000"))
    old, new = payload("old", n), payload("new", n)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Settings(store=f"{tmp}/project"))
        first = timed(lambda: store.replace_graphs({GRAPH: old}))
        atomic = timed(lambda: store.replace_graphs({GRAPH: new}))
        store.close()

        raw = ox.Store(f"{tmp}/baseline")
        node = ox.NamedNode(GRAPH)
        raw.load(old.data, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
        quads = [ox.Quad(q.subject, q.predicate, q.object, node)
                 for q in ox.parse(new.data, format=ox.RdfFormat.N_TRIPLES)]

        def pair() -> None:
            raw.update(f"DROP SILENT GRAPH {node}")
            raw.extend(quads)

        two_step = timed(pair)
        raw.flush()
    print(f"Large re-import on disk, {n:,} triples (one run each)\n")
    print("| write | transactions | seconds |")
    print("|---|---|---|")
    print(f"| new graph (`replace_graphs`, transactional load) | 1 | {first:.1f} |")
    print(f"| replace the graph (`replace_graphs`: one SPARQL Update) | 1 | {atomic:.1f} |")
    print(f"| baseline: DROP, then extend (the old path; a kill between loses the graph) "
          f"| 2 | {two_step:.1f} |")


if __name__ == "__main__":
    main()
