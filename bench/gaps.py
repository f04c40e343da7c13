"""Gap-report benchmark (issue 6): 1,000 generated programmes in the store, the gap report of
one programme p50 in process (target ≤ 5 ms) and over HTTP through a live uvicorn server
(target ≤ 10 ms), against the naive path in the same run: the same report computed from an
rdflib in-memory graph holding the same data (see :class:`NaiveRdflib`).

Data: ``bench.datagen`` — programme P0000 (the one queried) full size (50 courses × 8 outcomes
× 2 alignments, ~5.5k triples); the other 999 smaller (12 courses × 4 outcomes, ~0.8k triples)
so the rdflib baseline loads in well under a minute. ``BENCH_GAPS_PROGRAMMES`` changes the count.

Run: ``.venv/bin/python -m bench.gaps``.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

import httpx
import rdflib

from bench.datagen import programme_graph, programme_id, programme_ntriples
from competency_graph import resources
from competency_graph.analysis import (
    AlignmentEdge,
    CourseInfo,
    CrosswalkClosure,
    MappingEdge,
    compute_coverage,
)
from competency_graph.analysis.rules import rule_model
from competency_graph.config import Settings
from competency_graph.ids import natural_key
from competency_graph.model import RdfPayload
from competency_graph.namespaces import CG, DCTERMS, RDF, SKOS
from competency_graph.services import gaps, open_store
from competency_graph.services.gaps.report import build_report

CGNS, DCT, RDFNS, SKOSNS = (rdflib.Namespace(n) for n in (CG, DCTERMS, RDF, SKOS))

QUERIED = 0
FRAMEWORKS = ("wa-2021", "eur-ace-2015-bachelor")


def p50(samples: list[float]) -> float:
    """Median in milliseconds."""
    return statistics.median(samples) * 1000


CPU: dict[int, list[float]] = {}


def timed(func: Callable[[], Any], runs: int) -> list[float]:
    """Run ``func`` ``runs`` times; return the wall-clock durations in seconds (the process
    CPU times of the same runs are kept in ``CPU[id(result)]``)."""
    out: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        out.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[id(out)] = cpu
    return out


def generate(count: int) -> dict[str, RdfPayload]:
    """The programme graphs as N-Triples payloads."""
    payloads = {}
    for i in range(count):
        text = programme_ntriples(i) if i == QUERIED else programme_ntriples(i, courses=12,
                                                                             outcomes=4)
        payloads[programme_graph(i)] = RdfPayload(text.encode(), "ntriples", programme_id(i))
    return payloads


class NaiveRdflib:
    """The naive baseline: the whole store parsed into one rdflib in-memory ``Graph`` and the
    programme read with rdflib graph lookups (``objects``/``subjects``/``value``); the same
    coverage rule and JSON builder as the project, so the answers can be compared.

    (Running the project's own ``.rq`` files through rdflib's SPARQL engine instead is far
    slower: 16.7 s for the alignments query alone with only 3 programmes loaded, and ~35 s per
    report with 20, measured while writing this benchmark; so that path is not timed here.)
    """

    def __init__(self, payloads: Mapping[str, RdfPayload]) -> None:
        graph = rdflib.Graph()
        graph.parse(resources.tbox_file(), format="turtle")
        for sub in ("frameworks", "crosswalks"):
            for path in resources.bundled_files(sub):
                graph.parse(path, format="turtle")
        for payload in payloads.values():
            graph.parse(data=payload.data, format="nt")
        self.g = graph
        self.closure: CrosswalkClosure | None = None

    def _closure(self) -> CrosswalkClosure:
        if self.closure is None:
            edges = [MappingEdge(str(s), rel, str(o)) for rel in
                     ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
                     for s, o in self.g.subject_objects(SKOSNS[rel])]
            params = rule_model().coverage
            self.closure = CrosswalkClosure.build(
                edges, max_steps=params.max_steps, max_close_steps=params.max_close_steps,
                full_relations=params.full_relations, weak_relations=params.weak_relations)
        return self.closure

    def gap_report(self, programme: str, framework: str, lang: str = "en") -> dict[str, Any]:
        """The gap report of ``programme`` against ``framework``, read with rdflib lookups."""
        g, cg = self.g, CGNS
        prog = next(s for s in g.subjects(DCT.identifier, rdflib.Literal(programme))
                    if (s, RDFNS.type, cg.EducationalProgramme) in g)
        fw = next(s for s in g.subjects(DCT.identifier, rdflib.Literal(framework))
                  if (s, RDFNS.type, cg.CompetencyFramework) in g)
        fw_req = g.value(fw, cg.requiredLevel)
        fw_rank = int(g.value(fw_req, cg.rank)) if fw_req is not None else 3
        items = []
        for item in g.subjects(SKOSNS.inScheme, fw):
            if (item, RDFNS.type, cg.Competency) not in g:
                continue
            labels = {(lab.language or ""): str(lab) for lab in g.objects(item, SKOSNS.prefLabel)}
            own = g.value(item, cg.requiredLevel)
            ruled = rule_model().coverage.item_ranks.get(str(item))  # the rule model's levels
            rank = int(g.value(own, cg.rank)) if own is not None else \
                ruled[0] if ruled else fw_rank
            items.append((str(item), str(g.value(item, SKOSNS.notation)),
                          labels.get(lang) or labels.get("en"), rank))
        items.sort(key=lambda i: natural_key(i[1]))

        def rank_of(al: Any) -> int:
            lvl = g.value(al, cg.level)
            return int(g.value(lvl, cg.rank)) if lvl is not None else 1

        alignments, courses = [], {}
        for course in g.objects(prog, cg.hasCourse):
            required = g.value(course, cg.isRequired)
            semester = g.value(course, cg.semester)
            courses[str(course)] = CourseInfo(
                str(course), str(g.value(course, cg.courseCode)), None,
                int(str(semester)) if semester is not None else None,
                required is None or str(required) not in ("false", "0"))
            for lo in g.objects(course, cg.hasLearningOutcome):
                for al in g.subjects(cg.alignmentSource, lo):
                    alignments.append(AlignmentEdge(str(lo), str(g.value(al, cg.alignmentTarget)),
                                                    rank_of(al), str(course)))
        for po in g.objects(prog, cg.hasProgrammeOutcome):
            for al in g.subjects(cg.alignmentSource, po):
                alignments.append(AlignmentEdge(str(po), str(g.value(al, cg.alignmentTarget)),
                                                rank_of(al)))
        routes = self._closure().routes_into(i[0] for i in items)
        coverage = compute_coverage(alignments, courses, items, routes)
        ref = SimpleNamespace(id=programme, iri=str(prog), version=None)
        return build_report(ref, framework, str(fw), coverage, courses, alignments, lang)


class Server:
    """uvicorn serving the API on a free loopback port, in a thread."""

    def __init__(self, store: Any) -> None:
        import socket

        import uvicorn

        from api.main import create_app

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        app = create_app(Settings(store=":memory:", load_demo=False), store=store)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def main() -> None:
    """Load the programmes, time the gap report three ways, print the table."""
    count = int(os.environ.get("BENCH_GAPS_PROGRAMMES", "1000"))
    runs, http_runs, naive_runs = 300, 300, 20
    started = time.perf_counter()
    payloads = generate(count)
    generated = time.perf_counter() - started

    store = open_store(Settings(store=":memory:"))
    started = time.perf_counter()
    store.replace_graphs(payloads)
    loaded = time.perf_counter() - started
    triples = store.triple_count()
    target = programme_id(QUERIED)

    rows: list[tuple[str, float, float]] = []
    results: dict[str, Any] = {}
    for framework in FRAMEWORKS:
        results[framework] = gaps.gap_report(store, target, framework)  # warm: closure cached
        def report(f: str = framework) -> Any:
            return gaps.gap_report(store, target, f)

        samples = timed(report, runs)
        rows.append((f"gap report {framework}, in process", p50(samples),
                     p50(CPU[id(samples)])))
    small = programme_id(QUERIED + 1)
    samples = timed(lambda: gaps.gap_report(store, small, "wa-2021"), runs)
    rows.append((f"gap report wa-2021, in process, small programme {small} (12 courses × 4 "
                 "outcomes)", p50(samples), p50(CPU[id(samples)])))

    with Server(store) as server, \
            httpx.Client(base_url=f"http://127.0.0.1:{server.port}") as client:

        def get(url: str, params: dict[str, str]) -> Any:
            return client.get(url, params=params).raise_for_status()

        for framework in FRAMEWORKS:
            url, params = f"/programmes/{target}/gaps", {"framework": framework}
            assert get(url, params).json()["summary"] == results[framework]["summary"]
            samples = timed(lambda u=url, p=params: get(u, p), http_runs)
            rows.append((f"gap report {framework}, HTTP (uvicorn, httpx)", p50(samples),
                         p50(CPU[id(samples)])))
        matrix = timed(lambda: get(f"/programmes/{target}/matrix", {"framework": "wa-2021"}),
                       http_runs // 3)
        rows.append(("curriculum map wa-2021, HTTP", p50(matrix), p50(CPU[id(matrix)])))

    started = time.perf_counter()
    naive = NaiveRdflib(payloads)
    naive_loaded = time.perf_counter() - started
    naive_ms: dict[str, tuple[float, float]] = {}
    for framework in FRAMEWORKS:
        answer = naive.gap_report(target, framework)
        assert answer["summary"] == results[framework]["summary"], (framework, answer["summary"])
        assert len(answer["items"]) == len(results[framework]["items"])

        def naive_report(f: str = framework) -> Any:
            return naive.gap_report(target, f)

        samples = timed(naive_report, naive_runs)
        naive_ms[framework] = (p50(samples), p50(CPU[id(samples)]))

    summary = results["wa-2021"]["summary"]
    evidence = sum(len(i["evidence"]) for i in results["wa-2021"]["items"])
    print(f"{count} programmes, {triples:,} triples in the store (generated in {generated:.1f} s,"
          f" loaded in {loaded:.1f} s; rdflib baseline parsed in {naive_loaded:.1f} s). "
          f"Queried: {target} ({len(results['wa-2021']['metadata']['courses'])} courses, "
          f"{evidence} evidence entries for wa-2021); wa-2021 summary {summary}.")
    print(f"p50 of {runs} runs in process, {http_runs} over HTTP, {naive_runs} for the naive "
          "baseline (rdflib in-memory graph read with graph lookups, same rule and JSON "
          "builder). Wall clock, and the process CPU time of the same runs (server and client "
          f"share the process over HTTP). Load average at the end: {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs.\n")
    print("| operation | p50 ms (wall) | p50 ms (CPU) | target | naive rdflib p50 ms wall (CPU) "
          "| naive ÷ project (wall) |")
    print("|---|---|---|---|---|---|")
    for label, ms, cpu in rows:
        framework = next((f for f in FRAMEWORKS if f in label), "")
        target_ms = "≤ 5" if "in process" in label else ("≤ 10" if "gap report" in label else "")
        baseline = naive_ms.get(framework) if label.endswith("in process") else None
        ratio = f"{baseline[0] / ms:,.0f}×" if baseline else ""
        base_text = f"{baseline[0]:,.1f} ({baseline[1]:,.1f})" if baseline else ""
        print(f"| {label} | {ms:.2f} | {cpu:.2f} | {target_ms} | {base_text} | {ratio} |")
    store.close()


if __name__ == "__main__":
    main()
