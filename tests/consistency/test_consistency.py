"""One question, one answer (issue 12, docs/rules.md): for the same programme, focus, item and
severity, validate's findings equal those of the command that answers the same question —

* coverage: validate's ``CoverageShape-<fw>-*`` findings == gaps' missing (violation) and
  partial (warning) items;
* progression: validate's ``ProgressionShape-*`` findings == ``progression``'s findings
  (programme-outcome mode);
* staffing: validate's teacher findings (``CourseStaffShape-english*``,
  ``-component*``) == ``staff``'s findings that name a teacher, and ``staff``'s no-teacher
  findings are courses validate reports without a teacher —

on every fixture (validation, gaps), the demo, and a generated corpus of 200 programmes with
random defects (``corpus.py``), each checked in one of en/ru/kk (every language in turn), on the
in-memory store, and a 20-programme subset on every store backend (disk, remote).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import rdflib

from competency_graph.model import RdfPayload
from competency_graph.namespaces import CGSH, graph_iri
from competency_graph.services import gaps, staff
from competency_graph.services import validation as validation_service
from competency_graph.store import GraphStore
from competency_graph.validation import ALWAYS_ON, run
from competency_graph.validation.coverage import forget_graph_list
from tests.consistency.corpus import Case, corpus

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("wa-2021", "eur-ace-2015-bachelor")
STAFF_SHAPES = ("CourseStaffShape-englishFloor", "CourseStaffShape-englishRecommended",
                "CourseStaffShape-englishUnknown", "CourseStaffShape-componentFloor",
                "CourseStaffShape-componentUnknown")
SEVERITY = {"missing": "violation", "partial": "warning"}


def local(shape: str) -> str:
    return shape.removeprefix(CGSH)


def check(store: GraphStore, programme: str, lang: str = "en",
          frameworks: tuple[str, ...] = FRAMEWORKS) -> dict[str, int]:
    """Assert that validate agrees with gaps, progression and staff on one stored programme
    (its IRI); return how many findings of each kind were compared (so a caller can check
    the comparison was not vacuous)."""
    report = run(store, programme, [*ALWAYS_ON, *frameworks])
    findings = report.findings
    compared: Counter[str] = Counter()
    # coverage
    for fw in frameworks:
        prefix = f"CoverageShape-{fw}-"
        validate = {(f.focus, f.severity) for f in findings if local(f.shape).startswith(prefix)}
        report_ = gaps.gap_report(store, programme, fw, lang=lang)
        gap = {(i["competency"], SEVERITY[i["status"]]) for i in report_["items"]
               if i["status"] in SEVERITY}
        assert validate == gap, (fw, validate ^ gap)
        compared["coverage"] += len(gap)
    # progression
    validate_p = Counter((f.focus, local(f.shape)) for f in findings
                         if local(f.shape).startswith("ProgressionShape-"))
    view = gaps.progression(store, programme, lang=lang)
    progression_p = Counter((f["focus"], f["shape"]) for f in view["findings"])
    assert validate_p == progression_p, validate_p ^ progression_p
    compared["progression"] += sum(progression_p.values())
    # staffing
    validate_s = Counter((f.focus, f.value.value if f.value else None, f.severity)
                         for f in findings if local(f.shape) in STAFF_SHAPES)
    readiness = staff.staff_readiness(store, programme, lang=lang)
    staff_s = Counter((f["course_iri"], f["staff_iri"], f["severity"])
                      for f in readiness["findings"] if f["staff"] is not None)
    assert validate_s == staff_s, (validate_s - staff_s, staff_s - validate_s)
    no_teacher = {f["course_iri"] for f in readiness["findings"] if f["staff"] is None}
    without = {f.focus for f in findings if local(f.shape) == "CourseStaffShape-teacher"}
    assert no_teacher <= without
    compared["staffing"] += sum(staff_s.values())
    return dict(compared)


@contextmanager
def loaded(store: GraphStore, case: Case) -> Iterator[None]:
    """The case's programme (and local crosswalk) in the store while the block runs; dropped
    afterwards, so that every case is checked in a store of the same size."""
    payloads: dict[str, RdfPayload | None] = {
        case.graph: RdfPayload(case.turtle.encode(), "turtle", case.id)}
    if case.crosswalk:
        payloads[graph_iri("crosswalk", f"corpus-{case.id}")] = RdfPayload(
            case.crosswalk.encode(), "turtle", case.id)
    store.replace_graphs(payloads)
    forget_graph_list(store)
    try:
        yield
    finally:
        store.replace_graphs(dict.fromkeys(payloads))
        forget_graph_list(store)


CORPUS = corpus(200)


def test_the_corpus_plants_every_kind_of_defect() -> None:
    """The generated corpus is not vacuous: every defect kind is planted somewhere, and every
    language is used."""
    from tests.consistency.corpus import DEFECTS, EXTRA

    planted = {d for c in CORPUS for d in c.defects}
    assert planted == set(DEFECTS) | set(EXTRA)
    assert {c.lang for c in CORPUS} == {"en", "ru", "kk"}


def test_corpus_on_the_memory_store(memory_store: GraphStore) -> None:
    """200 generated programmes: validate agrees with gaps, progression and staff."""
    total: Counter[str] = Counter()
    for case in CORPUS:
        with loaded(memory_store, case):
            total.update(check(memory_store, case.iri, case.lang))
    assert total["coverage"] and total["progression"] and total["staffing"], total


@pytest.mark.remote
def test_corpus_subset_on_every_backend(any_store: GraphStore,
                                        request: pytest.FixtureRequest) -> None:
    """Programmes of the corpus on every store backend: 20 on the embedded stores, 5 over a
    SPARQL endpoint, where every query is an HTTP round trip (the full 200 run on the memory
    store above; the backends share one query set, so a subset proves the answers agree)."""
    remote = request.node.callspec.params["any_store"].startswith(("remote", "virtuoso"))
    total: Counter[str] = Counter()
    for case in CORPUS[:5] if remote else CORPUS[:20]:
        with loaded(any_store, case):
            total.update(check(any_store, case.iri, case.lang))
    assert total["coverage"] and total["staffing"], total


VALIDATION = ROOT / "validation" / "fixtures"


@pytest.mark.parametrize("fixture", [None, *sorted((VALIDATION / "invalid").glob("*.ru"))],
                         ids=lambda p: p.stem if p else "valid")
def test_validation_fixtures(memory_store: GraphStore, fixture: Path | None) -> None:
    """The valid fixture and every invalid one (tests/validation/fixtures)."""
    from tests.validation.test_validation import GRAPH, PROG, load

    load(memory_store, fixture.read_text(encoding="utf-8") if fixture else None)
    assert GRAPH in memory_store.graph_names()
    check(memory_store, PROG, "en", ("wa-2021", "eur-ace-2015-bachelor"))


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_gap_fixtures(memory_store: GraphStore, lang: str) -> None:
    """The hand-built gap fixtures (tests/gaps/fixtures), both versions of GAP2."""
    from tests.gaps.conftest import load_fixtures

    load_fixtures(memory_store)
    forget_graph_list(memory_store)
    base = "https://w3id.org/competency-graph/data/programme/"
    check(memory_store, base + "GAP1/1", lang, ("wa-2021", "eur-ace-2015-bachelor", "abet-eac"))
    check(memory_store, base + "GAP2/2", lang, ("wa-2021",))


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_demo(memory_store: GraphStore, lang: str) -> None:
    """The demo programme: the same findings item by item, and staff and validate count the
    same staffing findings by severity."""
    from competency_graph.services.curriculum import load_demo_programme

    load_demo_programme(memory_store)
    with gaps.programme_ref(memory_store, "6B07101") as ref:
        iri = ref.iri
    counts = check(memory_store, iri, lang)
    assert counts["coverage"] and counts["staffing"]
    report = validation_service.validate(memory_store, "6B07101", lang=lang)
    readiness = staff.staff_readiness(memory_store, "6B07101", lang=lang)
    staffing = [f for f in report.findings
                if local(f.shape).startswith("CourseStaffShape-")]
    assert Counter(f.severity for f in staffing) == \
        Counter(f["severity"] for f in readiness["findings"])
    assert readiness["summary"]["counts"] == {
        s: sum(1 for f in staffing if f.severity == s) for s in ("violation", "warning")}


def test_rdflib_parses_the_corpus() -> None:
    """Every corpus programme is valid Turtle (a generator error fails here, not deep in a
    store)."""
    for case in CORPUS[:50]:
        assert len(rdflib.Graph().parse(data=case.turtle, format="turtle")) > 100
