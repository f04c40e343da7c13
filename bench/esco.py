"""ESCO import benchmark (issue 4, item 8): the official v1.1.1 classification + relations zips.

* **project path** — ``services.interop.import_esco``: CSV rows written straight to N-Triples text,
  then the store's bulk loader into the empty version graph (``bulk_load`` + ``optimize``), on
  an on-disk Oxigraph store (what ``competency-graph import --kind esco`` uses) and in memory;
* **naive path** — the same rows mapped to the same triples, but through an rdflib ``Graph``
  built row by row (one ``Graph.add`` per triple), serialised, then loaded with
  ``replace_graphs`` into the same kind of store.

Each run is a fresh process (so peak RSS is that run's own); the table gives medians of
``RUNS`` runs of each, from the same invocation. Run: ``.venv/bin/python -m bench.esco``
(``BENCH_ESCO_DIR`` points at another folder with the two zips; ``BENCH_RUNS`` changes the
number of runs; ``BENCH_ESCO_NAIVE_DISK=1`` adds the naive path on disk, about a minute a run,
to the default naive-in-memory baseline).
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import resource
import statistics
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ESCO_DIR = Path(os.environ.get("BENCH_ESCO_DIR", "/work/shared/data/esco-1.1.1"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
#: the naive path on disk takes about a minute per run; opt in with BENCH_ESCO_NAIVE_DISK=1
NAIVE_DISK = os.environ.get("BENCH_ESCO_NAIVE_DISK", "") == "1"


def _zips() -> list[Path]:
    return sorted(ESCO_DIR.glob("v1.1.1_*.zip"))


def _open_store(kind: str, tmp: str) -> Any:
    from competency_graph.config import Settings
    from competency_graph.services import open_store

    return open_store(Settings(store=":memory:" if kind == "memory" else f"{tmp}/store"))


# --- the naive path ------------------------------------------------------------------------------

def naive_graph(zips: list[Path]) -> Any:
    """The ESCO mapping of :mod:`competency_graph.io.esco`, one ``Graph.add`` per triple."""
    from rdflib import RDF, Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

    from competency_graph.io.esco import ATTRIBUTION, COLLECTIONS, _cells, _labels
    from competency_graph.namespaces import (
        CG,
        ESCO,
        ESCO_PORTAL,
        ESCO_REUSE_LEVEL,
        ESCO_SKILL_TYPE,
        ISOTHES,
        data_iri,
        framework_iri,
    )

    csv.field_size_limit(2**31 - 1)
    g = Graph()
    esco = {n: URIRef(ESCO + n) for n in ("Skill", "Occupation", "skillType", "skillReuseLevel",
                                          "hasEssentialSkill", "hasOptionalSkill",
                                          "regulatedProfessionNote")}
    fw = URIRef(framework_iri("esco-1.1.1-skills"))
    g.add((fw, RDF.type, URIRef(CG + "CompetencyFramework")))
    g.add((fw, DCTERMS.identifier, Literal("esco-1.1.1-skills")))
    g.add((fw, DCTERMS.title, Literal("ESCO skills pillar v1.1.1", lang="en")))
    g.add((fw, OWL.versionInfo, Literal("1.1.1")))
    g.add((fw, DCTERMS.publisher, Literal("European Commission")))
    g.add((fw, DCTERMS.source, URIRef(ESCO_PORTAL)))
    g.add((fw, DCTERMS.rights, Literal(ATTRIBUTION, lang="en")))
    g.add((fw, URIRef(CG + "confirmationStatus"), URIRef(CG + "Confirmed")))
    g.add((fw, DCTERMS.description, Literal(
        "The skills and knowledge concepts of ESCO v1.1.1 (European Skills, Competences, "
        "Qualifications and Occupations), imported from the official CSV download. Concepts "
        "keep ESCO's own IRIs; occupations, ISCO groups, skill groups, collections and the "
        "occupation-skill relations are in the same dataset.", lang="en")))

    def rows(archive: zipfile.ZipFile, name: str) -> Any:
        with archive.open(name) as raw:
            yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))

    def labels(s: URIRef, row: dict[str, str]) -> None:
        if row.get("preferredLabel", "").strip():
            g.add((s, SKOS.prefLabel, Literal(row["preferredLabel"].strip(), lang="en")))
        for label in _labels(row.get("altLabels") or ""):
            g.add((s, SKOS.altLabel, Literal(label, lang="en")))
        for label in _labels(row.get("hiddenLabels") or ""):
            g.add((s, SKOS.hiddenLabel, Literal(label, lang="en")))
        for column, p in (("description", DCTERMS.description), ("definition", SKOS.definition),
                          ("scopeNote", SKOS.scopeNote)):
            if (row.get(column) or "").strip():
                g.add((s, p, Literal(row[column].strip(), lang="en")))
        if (row.get("status") or "").strip():
            g.add((s, URIRef(ISOTHES + "status"), Literal(row["status"].strip())))
        if (row.get("modifiedDate") or "").strip():
            g.add((s, DCTERMS.modified, Literal(row["modifiedDate"].strip(),
                                                datatype=XSD.dateTime)))

    def schemes(s: URIRef, cell: str, p: Any = SKOS.inScheme) -> None:
        for value in _cells(cell):
            g.add((s, p, URIRef(value)))

    classification = zipfile.ZipFile(next(z for z in zips if "classification" in z.name))
    relations = zipfile.ZipFile(next(z for z in zips if "relations" in z.name))
    for row in rows(classification, "skills_en.csv"):
        s = URIRef(row["conceptUri"])
        g.add((s, RDF.type, esco["Skill"]))
        g.add((s, RDF.type, URIRef(CG + "Competency")))
        g.add((s, SKOS.inScheme, fw))
        g.add((s, URIRef(CG + "wordingStatus"), URIRef(CG + "OfficialWording")))
        schemes(s, row["inScheme"])
        kind = row["skillType"].strip()
        if kind:
            short = "skill" if kind == "skill/competence" else "knowledge"
            g.add((s, esco["skillType"], URIRef(ESCO_SKILL_TYPE + short)))
            g.add((s, URIRef(CG + "competencyType"),
                   URIRef(CG + ("Skill" if short == "skill" else "Knowledge"))))
        if row["reuseLevel"].strip():
            g.add((s, esco["skillReuseLevel"], URIRef(ESCO_REUSE_LEVEL + row["reuseLevel"])))
        labels(s, row)
    occupations = set()
    for row in rows(classification, "occupations_en.csv"):
        s = URIRef(row["conceptUri"])
        occupations.add(s)
        g.add((s, RDF.type, esco["Occupation"]))
        schemes(s, row["inScheme"])
        if row["code"].strip():
            g.add((s, SKOS.notation, Literal(row["code"].strip())))
        if row["regulatedProfessionNote"].strip():
            g.add((s, esco["regulatedProfessionNote"], URIRef(row["regulatedProfessionNote"])))
        labels(s, row)
    for name, extra in (("ISCOGroups_en.csv", []), ("skillGroups_en.csv",
                                                   [URIRef(CG + "CompetencyCategory")])):
        for row in rows(classification, name):
            s = URIRef(row["conceptUri"])
            g.add((s, RDF.type, SKOS.Concept))
            for cls in extra:
                g.add((s, RDF.type, cls))
            schemes(s, row["inScheme"])
            if row["code"].strip():
                g.add((s, SKOS.notation, Literal(row["code"].strip())))
            labels(s, row)
    for row in rows(classification, "skillsHierarchy_en.csv"):
        previous = None
        for level in range(4):
            value = (row.get(f"Level {level} URI") or "").strip()
            if not value:
                break
            node = URIRef(value)
            code = (row.get(f"Level {level} code") or "").strip()
            if code:
                g.add((node, SKOS.notation, Literal(code)))
            if previous is not None:
                g.add((node, SKOS.broader, previous))
                g.add((previous, SKOS.narrower, node))
            previous = node
    for row in rows(classification, "conceptSchemes_en.csv"):
        s = URIRef(row["conceptSchemeUri"])
        g.add((s, RDF.type, SKOS.ConceptScheme))
        if row["title"].strip():
            g.add((s, DCTERMS.title, Literal(row["title"].strip(), lang="en")))
        schemes(s, row["hasTopConcept"], SKOS.hasTopConcept)
        labels(s, row)
    for member in classification.namelist():
        name = member.split("_")[0]
        if name not in COLLECTIONS:
            continue
        cid, title = COLLECTIONS[name]
        node = URIRef(data_iri("esco", "1.1.1", "collection", cid))
        g.add((node, RDF.type, SKOS.Collection))
        g.add((node, DCTERMS.identifier, Literal(cid)))
        g.add((node, SKOS.prefLabel, Literal(f"{title} (ESCO v1.1.1)", lang="en")))
        for row in rows(classification, member):
            g.add((node, SKOS.member, URIRef(row["conceptUri"])))
    for name in ("broaderRelationsSkillPillar.csv", "broaderRelationsOccPillar.csv"):
        for row in rows(relations, name):
            s, b = URIRef(row["conceptUri"]), URIRef(row["broaderUri"])
            g.add((s, SKOS.broader, b))
            g.add((b, SKOS.narrower, s))
    related = set()
    for row in rows(relations, "occupationSkillRelations.csv"):
        o = URIRef(row["occupationUri"])
        related.add(o)
        p = esco["hasEssentialSkill" if row["relationType"] == "essential" else "hasOptionalSkill"]
        g.add((o, p, URIRef(row["skillUri"])))
    for row in rows(relations, "skillSkillRelations.csv"):
        p = esco["hasEssentialSkill" if row["relationType"] == "essential" else "hasOptionalSkill"]
        g.add((URIRef(row["originalSkillUri"]), p, URIRef(row["relatedSkillUri"])))
    for o in related - occupations:
        g.add((o, RDF.type, esco["Occupation"]))
    return g


# --- one run per process -------------------------------------------------------------------------

def _run(path: str, kind: str, queue: Any) -> None:
    from competency_graph.model import RdfPayload
    from competency_graph.services.interop.esco import esco_graph, import_esco

    with tempfile.TemporaryDirectory() as tmp:
        store = _open_store(kind, tmp)
        before = store.triple_count()
        started = time.perf_counter()
        cpu = time.process_time()
        if path == "project":
            import_esco(store, _zips())
        else:
            graph = naive_graph(_zips())
            data = graph.serialize(format="nt", encoding="utf-8")
            store.replace_graphs({esco_graph("1.1.1"): RdfPayload(data, "ntriples", "naive")})
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        triples = store.triple_count() - before
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak, triples, cpu))


def measure(path: str, kind: str, runs: int) -> tuple[float, float, int, float]:
    """Median wall seconds, median peak RSS (MiB), the triple count and median CPU seconds
    (all threads of the process) of ``runs`` fresh processes."""
    context = multiprocessing.get_context("spawn")
    results = []
    for _ in range(runs):
        queue = context.Queue()
        process = context.Process(target=_run, args=(path, kind, queue))
        process.start()
        results.append(queue.get())
        process.join()
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            results[0][2], statistics.median(r[3] for r in results))


def main() -> None:
    """Print the Markdown table (medians; project vs naive, same run)."""
    if len(_zips()) != 2:
        print(f"ESCO v1.1.1 zips not found in {ESCO_DIR}; set BENCH_ESCO_DIR")
        return
    rows = []
    for kind in ("disk", "memory"):
        project = measure("project", kind, RUNS)
        naive = None
        if kind == "memory" or NAIVE_DISK:
            naive = measure("naive", kind, RUNS if kind == "memory" else max(1, RUNS - 1))
        rows.append((kind, project, naive))
    load = os.getloadavg()[0]
    print(f"ESCO v1.1.1 classification + relations zips ({ESCO_DIR}); medians of {RUNS} runs "
          "(naive on disk, if asked: one fewer), each in a fresh process; peak = that "
          "process's max RSS; CPU = user+system time of all its threads; load average at the "
          f"end {load:.1f} on {os.cpu_count()} CPUs.\n")
    print("| store | path | import s (wall) | CPU s | peak RSS MiB | triples | naive ÷ project |")
    print("|---|---|---:|---:|---:|---:|---|")
    for kind, project, naive in rows:
        print(f"| {kind} | project (N-Triples text + bulk load) | {project[0]:.1f} | "
              f"{project[3]:.1f} | {project[1]:.0f} | {project[2]:,} | |")
        if naive is None:
            continue
        print(f"| {kind} | naive (rdflib Graph row by row, then load) | {naive[0]:.1f} | "
              f"{naive[3]:.1f} | {naive[1]:.0f} | {naive[2]:,} | {naive[0] / project[0]:.1f}× "
              f"wall, {naive[3] / project[3]:.1f}× CPU, {naive[1] / project[1]:.1f}× memory |")


if __name__ == "__main__":
    main()
