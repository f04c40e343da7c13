"""Known answers of the coverage rule (docs/rules.md, rule coverage v2) on small hand-built
crosswalks: full evidence is a direct alignment, a path through a programme outcome, or a chain
with at most one closeMatch step (longer chains only through exactMatch); broad/narrow/related
and two closeMatch steps are weak: partial, never covered. The crosswalks are built here, not
taken from the bundled data."""

from __future__ import annotations

import pytest

from competency_graph.analysis import (
    AlignmentEdge,
    CourseInfo,
    CrosswalkClosure,
    MappingEdge,
    compute_coverage,
)
from competency_graph.analysis.rules import rule_model

T = "urn:t:"  # the target framework's items
T1, T2 = T + "T1", T + "T2"
COURSE, LO, PO = "urn:c:C1", "urn:c:C1/LO1", "urn:p:PO1"


def status(mappings: list[tuple[str, str, str]], target_of_lo: str, *,
           via_po: bool = False, required: bool = True, rank: int = 3,
           required_rank: int = 3) -> tuple[str, str]:
    """The status and reason of T1 when C1/LO1 aligns (at ``rank``) to ``target_of_lo``."""
    params = rule_model().coverage
    closure = CrosswalkClosure.build(
        (MappingEdge(a, rel, b) for a, rel, b in mappings), max_steps=params.max_steps,
        max_close_steps=params.max_close_steps, full_relations=params.full_relations,
        weak_relations=params.weak_relations)
    if via_po:
        edges = [AlignmentEdge(LO, PO, rank, COURSE), AlignmentEdge(PO, target_of_lo, 3)]
    else:
        edges = [AlignmentEdge(LO, target_of_lo, rank, COURSE)]
    items = [(T1, "T1", None, required_rank), (T2, "T2", None, 3)]
    routes = closure.routes_into([T1, T2])
    cov = {c.code: c for c in compute_coverage(
        edges, {COURSE: CourseInfo(COURSE, "C1", required=required)}, items, routes)}
    return cov["T1"].status, cov["T1"].reason


def test_the_bundled_rule_parameters() -> None:
    """The rule model states the parameters these answers depend on."""
    params = rule_model().coverage
    assert params.max_close_steps == 1 and params.max_steps == 2
    assert params.full_relations == {"exactMatch", "closeMatch"}
    assert params.weak_relations == {"broadMatch", "narrowMatch", "relatedMatch"}


def test_direct_alignment_covers() -> None:
    assert status([], T1) == ("covered", "covered")


def test_path_through_a_programme_outcome_covers() -> None:
    assert status([], T1, via_po=True) == ("covered", "covered")


@pytest.mark.parametrize("relation", ["exactMatch", "closeMatch"])
def test_one_exact_or_close_step_covers(relation: str) -> None:
    assert status([("urn:x:A", relation, T1)], "urn:x:A") == ("covered", "covered")


def test_two_exact_steps_cover() -> None:
    """exactMatch is transitive: a longer chain through exactMatch is full."""
    chain = [("urn:x:A", "exactMatch", "urn:y:B"), ("urn:y:B", "exactMatch", T1)]
    assert status(chain, "urn:x:A") == ("covered", "covered")


@pytest.mark.parametrize("first, second", [("exactMatch", "closeMatch"),
                                           ("closeMatch", "exactMatch")])
def test_one_close_step_in_an_exact_chain_covers(first: str, second: str) -> None:
    chain = [("urn:x:A", first, "urn:y:B"), ("urn:y:B", second, T1)]
    assert status(chain, "urn:x:A") == ("covered", "covered")


def test_two_close_steps_are_partial_not_covered() -> None:
    """closeMatch is not transitive: A close B close T1 is weak evidence."""
    chain = [("urn:x:A", "closeMatch", "urn:y:B"), ("urn:y:B", "closeMatch", T1)]
    assert status(chain, "urn:x:A") == ("partial", "weak-only")


@pytest.mark.parametrize("relation", ["broadMatch", "narrowMatch", "relatedMatch"])
def test_a_weak_mapping_alone_is_partial(relation: str) -> None:
    assert status([("urn:x:A", relation, T1)], "urn:x:A") == ("partial", "weak-only")
    # read backwards too (T1 broader than A is A narrower than T1): still weak
    assert status([(T1, relation, "urn:x:A")], "urn:x:A") == ("partial", "weak-only")


def test_chains_longer_than_the_rule_allows_are_no_evidence() -> None:
    chain = [("urn:x:A", "exactMatch", "urn:y:B"), ("urn:y:B", "exactMatch", "urn:z:C"),
             ("urn:z:C", "exactMatch", T1)]
    assert status(chain, "urn:x:A") == ("missing", "missing")


def test_a_chain_never_passes_through_another_target_item() -> None:
    """A → T2 → T1 would make T2's evidence count for its neighbour T1."""
    chain = [("urn:x:A", "exactMatch", T2), (T2, "exactMatch", T1)]
    assert status(chain, "urn:x:A") == ("missing", "missing")


def test_full_chain_wins_over_a_weak_one() -> None:
    chain = [("urn:x:A", "relatedMatch", T1), ("urn:x:A", "closeMatch", "urn:y:B"),
             ("urn:y:B", "exactMatch", T1)]
    assert status(chain, "urn:x:A") == ("covered", "covered")


def test_elective_only_and_below_level_are_partial() -> None:
    assert status([], T1, required=False) == ("partial", "elective-only")
    assert status([], T1, rank=2) == ("partial", "below-level")
    assert status([], T1, rank=2, required_rank=2) == ("covered", "covered")


def test_awareness_items_require_reinforced_with_a_rationale() -> None:
    params = rule_model().coverage
    base = "https://w3id.org/competency-graph/framework/eur-ace-2015-bachelor/"
    for code in ("B1.3", "B5.5", "B5.6"):
        rank, rule = params.item_ranks[base + code]
        assert rank == 2
        assert set(params.rationale[rule]) == {"en", "ru", "kk"}


CYCLES_FRAMEWORK = """
@prefix cg:   <https://w3id.org/competency-graph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix fw:   <https://w3id.org/competency-graph/framework/> .
@prefix irm:  <https://w3id.org/competency-graph/framework/irm/> .
@prefix x:    <https://w3id.org/competency-graph/framework/cycle-test/> .
fw:cycle-test a cg:CompetencyFramework ; dcterms:identifier "cycle-test" ;
    cg:requiredLevel irm:M .
fw:cycle-test-second a skos:ConceptScheme ; cg:cycle cg:Master .
x:B1 a cg:Competency ; skos:inScheme fw:cycle-test ; skos:notation "B1" ; cg:cycle cg:Bachelor .
x:M1 a cg:Competency ; skos:inScheme fw:cycle-test ; skos:notation "M1" ; cg:cycle cg:Master .
x:M2 a cg:Competency ; skos:inScheme fw:cycle-test , fw:cycle-test-second ; skos:notation "M2" .
x:A1 a cg:Competency ; skos:inScheme fw:cycle-test ; skos:notation "A1" .
"""


def test_a_bachelor_never_reports_second_cycle_items(memory_store) -> None:
    """Items stated for the second cycle (their own cg:cycle, or a scheme's) are no coverage
    targets of a bachelor programme; first-cycle and cycle-less items are."""
    from competency_graph.model import RdfPayload
    from competency_graph.namespaces import graph_iri
    from competency_graph.services import gaps
    from competency_graph.validation.coverage import forget_graph_list
    from tests.gaps.conftest import load_fixtures

    load_fixtures(memory_store)
    memory_store.replace_graph(graph_iri("framework", "cycle-test"),
                               RdfPayload(CYCLES_FRAMEWORK.encode(), "turtle", "cycle-test"))
    forget_graph_list(memory_store)
    report = gaps.gap_report(memory_store, "GAP1", "cycle-test")  # GAP1 is a bachelor
    assert [i["code"] for i in report["items"]] == ["A1", "B1"]
