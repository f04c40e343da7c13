"""CASE benchmark: import and export a generated CASE package of N items (and N isChildOf
associations) through the project's path, against the naive path in the same run.

* ours: package → plain-Python triple index → our N-Triples writer → store; export with three
  SELECT queries into the triple index → strict CASE 1.1 JSON;
* naive: the same triples through an rdflib ``Graph`` (``Graph.add`` then
  ``serialize(format="nt")``) on import, and the framework's whole named graph exported and
  parsed with rdflib on export (what the first version of the exporter did).

Run: ``.venv/bin/python -m bench.case`` (``BENCH_CASE_ITEMS`` sets N, default 3000). Medians of
``BENCH_RUNS`` runs (default 3) on an in-memory store; the machine is shared and noisy.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

import rdflib

from competency_graph.config import Settings
from competency_graph.io import case as case_io
from competency_graph.model import RdfPayload
from competency_graph.namespaces import framework_iri, graph_iri
from competency_graph.services import open_store
from competency_graph.services.interop import case as case_service

BASE = "urn:example:case-bench:"


def package(n: int) -> dict[str, Any]:
    """A CASE 1.1 package with ``n`` items in a 100-wide tree and ``n`` isChildOf links."""
    def u(key: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, BASE + key))

    stamp = "2024-01-01T00:00:00Z"
    doc = u("doc")
    items, assocs = [], []
    for i in range(n):
        iid = u(f"i{i}")
        items.append({"identifier": iid, "uri": BASE + iid, "lastChangeDateTime": stamp,
                      "fullStatement": f"Statement {i}: apply a measurable skill in context.",
                      "humanCodingScheme": f"C.{i // 100}.{i % 100}",
                      "educationLevel": ["09", "10"]})
        parent = doc if i < 100 else u(f"i{i // 100 - 1}")
        aid = u(f"a{i}")
        assocs.append({"identifier": aid, "uri": BASE + aid, "associationType": "isChildOf",
                       "originNodeURI": {"title": "o", "identifier": iid, "uri": BASE + iid},
                       "destinationNodeURI": {"title": "d", "identifier": parent,
                                              "uri": BASE + parent},
                       "sequenceNumber": i % 100 + 1, "lastChangeDateTime": stamp})
    return {"CFDocument": {"identifier": doc, "uri": BASE + doc, "creator": "bench",
                           "title": "Bench", "lastChangeDateTime": stamp},
            "CFItems": items, "CFAssociations": assocs}


def _rdflib_term(term: case_io.Node) -> rdflib.term.Node:
    if isinstance(term, case_io.Literal):
        if term.lang:
            return rdflib.Literal(term.value, lang=term.lang)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype)
                              if term.datatype else None)
    return rdflib.URIRef(term)


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn`` over ``runs`` runs, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the Markdown table."""
    n = int(os.environ.get("BENCH_CASE_ITEMS", "3000"))
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    pkg = package(n)
    data = json.dumps(pkg).encode()
    store = open_store(Settings(store=":memory:"))
    fid = pkg["CFDocument"]["identifier"]
    graph = graph_iri("framework", fid)

    def ours_import() -> None:
        case_service.import_case_bytes(store, data, "bench.json")

    def naive_import() -> None:
        parsed, _ = case_io.read_package(data, "bench.json")
        assert parsed is not None and not case_io.check_package(parsed, "bench.json")
        _fid, index = case_io.package_to_graph(parsed)
        g = rdflib.Graph()
        for s, p, o in index:
            g.add((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)))
        store.replace_graphs({graph: RdfPayload(g.serialize(format="nt", encoding="utf-8"),
                                                "ntriples", "bench.json")})

    def ours_export() -> None:
        case_service.export_case(store, fid)

    def naive_export() -> None:
        scheme = framework_iri(fid)
        g = rdflib.Graph().parse(data=store.export_graph(graph, "ntriples"), format="nt")
        index = case_io.TripleIndex()
        for s, p, o in g:
            index.add((str(s) if not isinstance(s, rdflib.Literal) else s,
                       str(p),
                       case_io.lit(str(o), o.language, str(o.datatype) if o.datatype else None)
                       if isinstance(o, rdflib.Literal) else str(o)))
        case_service.dump(case_io.graph_to_package(index, scheme))

    ours_import()  # warm up; the package is in the store for the exports
    rows = [
        ("import (JSON → store)", median_time(ours_import, runs), median_time(naive_import, runs)),
        ("export (store → CASE 1.1 JSON)", median_time(ours_export, runs),
         median_time(naive_export, runs)),
    ]
    store.close()
    print(f"CASE package: {n} items, {n} associations; median of {runs} runs, in-memory store\n")
    print("| step | ours (s) | naive rdflib (s) | naive / ours |")
    print("|---|---:|---:|---:|")
    for name, ours, naive in rows:
        print(f"| {name} | {ours:.2f} | {naive:.2f} | {naive / ours:.1f}× |")


if __name__ == "__main__":
    main()
