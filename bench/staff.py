"""Staff readiness benchmark (issue 7): the readiness report and development plan of one
programme in a store holding a whole university (``BENCH_STAFF_PROGRAMMES`` programmes of 60
courses, one roster of 400 staff), on the project's path (embedded Oxigraph, the UNION-shaped
``*staff*.rq`` queries) and on the naive baseline (the same queries and service code over an
rdflib in-memory ``Dataset``), in the same run. It also checks the greedy set cover against the
exact minimum number of places (brute force per staff member; places of different people never
overlap, so the optimum splits per person).

Run: ``.venv/bin/python -m bench.staff``. Medians of several runs; the machine is shared.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

import rdflib

from competency_graph import resources
from competency_graph.config import Settings
from competency_graph.io.staff import staff_to_ntriples
from competency_graph.model import IRI, BNode, Literal, RdfPayload, Row
from competency_graph.namespaces import CG, DCTERMS, RDF, data_iri, graph_iri
from competency_graph.services import open_store
from competency_graph.services import staff as staff_service
from competency_graph.services.frameworks import load_levels
from competency_graph.services.staff import plan as staff_plan
from competency_graph.services.staff import readiness as staff_readiness
from competency_graph.services.system import bootstrap

RUNS = 7
COURSES = 60
STAFF = 400
KINDS = ["MobilityWindow", "VirtualExchange", "DoubleDegree", "GlobalPlatformCourse",
         "EnglishMediumInstruction", "VisitingLecturer"]


def median_time(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def programme_nt(n: int, rng: random.Random) -> tuple[str, str]:
    """One fictional programme version as N-Triples; returns (programme IRI, text)."""
    pid = f"6B{n:05d}"
    prog = data_iri("programme", pid, "1")
    lines = [f"<{prog}> <{RDF}type> <{CG}EducationalProgramme> .",
             f'<{prog}> <{DCTERMS}identifier> "{pid}" .',
             f'<{prog}> <{CG}versionNumber> "1" .',
             f"<{prog}> <{CG}offeredBy> <{data_iri('institution', 'benchu')}> ."]
    for c in range(COURSES):
        course = f"{prog}/course/C{c:03d}"
        lines += [f"<{prog}> <{CG}hasCourse> <{course}> .",
                  f"<{course}> <{RDF}type> <{CG}Course> .",
                  f'<{course}> <{CG}courseCode> "C{c:03d}" .',
                  f'<{course}> <{DCTERMS}title> "Course {c}"@en .',
                  f'<{course}> <{CG}languageOfInstruction> "{rng.choice(["en", "ru", "kk"])}" .']
        for kind in rng.sample(KINDS, rng.choice([0, 0, 1, 2])):
            ic = f"{course}/component/{kind}"
            lines += [f"<{course}> <{CG}hasInternationalComponent> <{ic}> .",
                      f"<{ic}> <{CG}componentKind> <{CG}{kind}> ."]
        for _ in range(rng.choice([0, 1, 1, 2])):
            sid = f"S{rng.randrange(STAFF + 10):04d}"  # a few ids are not in the roster
            lines.append(f"<{course}> <{CG}taughtBy> "
                         f"<{data_iri('institution', 'benchu', 'staff', sid)}> .")
    return prog, "\n".join(lines) + "\n"


def roster_nt(rng: random.Random) -> bytes:
    rows = []
    for s in range(STAFF):
        comps = [f"staff-intl:SI{k}@{rng.choice(['L1', 'L2', 'L3'])}" for k in (2, 3)
                 if rng.random() < 0.6]
        if rng.random() < 0.5:
            comps.append(f"staff-intl:SI5@{rng.choice(['A2', 'B1', 'B2', 'C1'])}")
        rows.append({"id": f"S{s:04d}", "name": f"Staff {s}",
                     "department": f"Dept {s % 12}",
                     "english": rng.choice(["", "A2", "B1", "B2", "B2", "C1", "C2"]),
                     "competences": "; ".join(comps)})
    data, problems = staff_to_ntriples(rows, institution="benchu", file="bench", sheet="staff")
    assert not problems, problems[:3]
    return data


class NaiveStore:
    """The baseline: the project's .rq files over an rdflib Dataset with a union default graph
    (parameters filled into the same ``VALUES ?x { UNDEF }`` placeholders)."""

    def __init__(self, dataset: rdflib.Dataset) -> None:
        self.dataset = dataset

    def select(self, name: str, **bindings: Any) -> list[Row]:
        text = resources.query_text(name)
        for var, bound in bindings.items():
            term = f"<{bound.value}>" if isinstance(bound, IRI) else f'"{bound.value}"'
            text = re.sub(r"VALUES\s+\?" + var + r"\s*\{\s*UNDEF\s*\}",
                          f"VALUES ?{var} {{ {term} }}", text)
        out: list[Row] = []
        result = self.dataset.query(text)
        names = [str(v) for v in result.vars or []]
        for solution in result:
            row: Row = {}
            for var_name, term in zip(names, solution, strict=True):
                if isinstance(term, rdflib.URIRef):
                    row[var_name] = IRI(str(term))
                elif isinstance(term, rdflib.Literal):
                    row[var_name] = Literal(str(term), str(term.datatype) if term.datatype
                                            else None, term.language)
                elif isinstance(term, rdflib.BNode):
                    row[var_name] = BNode(str(term))
            out.append(row)
        return out


def optimum_places(report: dict[str, Any], dps: list[Any], levels: Any) -> int:
    """The exact minimum number of places: per staff member, the smallest set of programmes
    that covers all their coverable findings (brute force over the small catalogue)."""
    total = 0
    by_staff: dict[str, list[dict[str, Any]]] = {}
    for f in report["findings"]:
        if f["staff"] is not None:
            by_staff.setdefault(f["staff"], []).append(f)
    for findings in by_staff.values():
        cover = [{i for i, f in enumerate(findings) if staff_plan._covers(dp, f, levels)}
                 for dp in dps]
        needed = set().union(*cover)
        for k in range(len(dps) + 1):
            if any(set().union(*combo) >= needed
                   for combo in itertools.combinations(cover, k)):
                total += k
                break
    return total


def main() -> None:
    """Print the Markdown table."""
    programmes = int(os.environ.get("BENCH_STAFF_PROGRAMMES", "20"))
    rng = random.Random(7)
    graphs: dict[str, bytes] = {}
    first = ""
    for n in range(programmes):
        prog, text = programme_nt(n, rng)
        first = first or prog
        graphs[graph_iri("programme", f"6B{n:05d}", "1")] = text.encode()
    graphs[staff_service.staff_graph("benchu")] = roster_nt(rng)
    triples = sum(g.count(b"\n") for g in graphs.values())

    store = open_store(Settings(store=":memory:"))
    store.replace_graphs({g: RdfPayload(t, "ntriples") for g, t in graphs.items()})
    report = staff_service.staff_readiness(store, first)
    plan = staff_service.development_plan(store, first, report=report)
    t_report = median_time(lambda: staff_service.staff_readiness(store, first), RUNS)
    t_plan = median_time(lambda: staff_service.development_plan(store, first, report=report),
                         RUNS)

    dataset = rdflib.Dataset(default_union=True)
    for g, path in bootstrap.bundled_graphs().items():
        dataset.graph(rdflib.URIRef(g)).parse(path, format="turtle")
    for g, text in graphs.items():
        dataset.graph(rdflib.URIRef(g)).parse(data=text, format="nt")
    naive = NaiveStore(dataset)
    naive_report = staff_readiness._readiness(naive, first, policy=None, lang="en",  # type: ignore[arg-type]
                                            overrides={})
    assert naive_report["findings"] == report["findings"], "baseline disagrees"
    t_naive = median_time(lambda: staff_readiness._readiness(  # type: ignore[arg-type]
        naive, first, policy=None, lang="en", overrides={}), 3)

    levels = load_levels(store)
    dps = staff_plan._development_programmes(store, levels)
    optimum = optimum_places(report, dps, levels)

    s = report["summary"]
    print(f"{programmes} programmes × {COURSES} courses, roster of {STAFF} staff, "
          f"{triples:,} generated triples (+ bundled standards). Programme 0: "
          f"{len(report['findings'])} findings ({s['counts']['violation']} violations, "
          f"{s['counts']['warning']} warnings), {s['staff']} teachers; both paths give the same "
          "findings.\n")
    print("| operation | project (embedded Oxigraph) | naive (rdflib Dataset) | naive ÷ project |")
    print("|---|---|---|---|")
    print(f"| readiness report, one programme (ms, median of {RUNS} / 3) | "
          f"{t_report * 1000:.1f} | {t_naive * 1000:.0f} | {t_naive / t_report:.0f}× |")
    print(f"| development plan incl. catalogue query (ms, median of {RUNS}) | "
          f"{t_plan * 1000:.1f} | – | – |")
    print(f"\nSet cover: greedy {plan['summary']['places']} places "
          f"({plan['summary']['hours']} h) vs exact minimum {optimum} places "
          "(brute force per staff member).")
    store.close()


if __name__ == "__main__":
    main()
