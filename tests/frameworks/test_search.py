"""The multilingual search over every framework's items."""

from __future__ import annotations

import pytest

from competency_graph.errors import InputError
from competency_graph.model import RdfPayload
from competency_graph.namespaces import FRAMEWORK, graph_iri
from competency_graph.services import frameworks
from competency_graph.services.frameworks.item_search import MATCH_KINDS, loosen, normalise, stem
from competency_graph.store import GraphStore


def first(store: GraphStore, q: str, lang: str = "en") -> tuple[str, str]:
    hits = frameworks.search(store, q, lang=lang)
    assert hits, f"no result for {q!r}"
    return hits[0].framework, hits[0].code


def test_wa6_first_for_its_code(any_store: GraphStore) -> None:
    """"WA6" finds the Washington Accord 2021 attribute WA6 first (the superseded 2013 WA6
    second), on embedded and remote stores."""
    hits = frameworks.search(any_store, "WA6")
    assert (hits[0].framework, hits[0].code, hits[0].match) == ("wa-2021", "WA6", "code")
    assert (hits[1].framework, hits[1].code, hits[1].superseded) == ("wa-2013", "WA6", True)


def test_wa6_first_for_sustainable_in_english(memory_store: GraphStore) -> None:
    """"sustainable" finds WA6 first: the 2013 attribute "Environment and sustainability" went
    into WA6, and its label counts as a former label of WA6."""
    hits = frameworks.search(memory_store, "sustainable", lang="en")
    assert (hits[0].framework, hits[0].code) == ("wa-2021", "WA6")
    assert hits[0].via == "wa-2013:WA7"
    assert hits[0].label == "The Engineer and the World"
    codes = [(h.framework, h.code) for h in hits]
    # the other items whose text is about sustainability follow
    assert {("wa-2013", "WA7"), ("wa-2021", "WA2"), ("sa-2021", "SA6"),
            ("da-2021", "DA6")} <= set(codes)


def test_wa6_first_for_ustoichiv_in_russian(memory_store: GraphStore) -> None:
    """"устойчив" (Russian stem of sustainable) finds WA6 first, answered in Russian."""
    hits = frameworks.search(memory_store, "устойчив", lang="ru")
    assert (hits[0].framework, hits[0].code) == ("wa-2021", "WA6")
    assert (hits[0].label, hits[0].label_lang) == ("Инженер и мир", "ru")
    assert ("wa-2021", "WA2") in [(h.framework, h.code) for h in hits]


@pytest.mark.parametrize("q", ["wa6", " WA6 ", "wa-2021:WA6", "WA-2021:wa6"])
def test_codes_match_regardless_of_case_and_scope(memory_store: GraphStore, q: str) -> None:
    """Codes match case-insensitively, trimmed, and as <framework>:<code>."""
    assert first(memory_store, q) == ("wa-2021", "WA6")


def test_scoped_code_finds_only_that_framework(memory_store: GraphStore) -> None:
    """"wa-2013:WA6" answers the 2013 attribute only."""
    hits = frameworks.search(memory_store, "wa-2013:WA6")
    assert [(h.framework, h.code) for h in hits] == [("wa-2013", "WA6")]


def test_exact_label_beats_prefix_and_words(memory_store: GraphStore) -> None:
    """"Ethics" finds the items labelled exactly "Ethics" before "Ethics, equity and other
    responsibilities" (a label prefix), and current frameworks before wa-2013."""
    hits = frameworks.search(memory_store, "Ethics")
    kinds = [h.match for h in hits]
    assert kinds[:4] == ["label"] * 4
    assert [h.superseded for h in hits[:4]] == [False, False, False, True]
    assert ("cdio-3.0", "2.5", "prefix") in [(h.framework, h.code, h.match) for h in hits]
    assert kinds == sorted(kinds, key=MATCH_KINDS.index)


def test_kazakh_label_in_any_case(memory_store: GraphStore) -> None:
    """Kazakh text matches case-insensitively, including the letters ә ғ қ ң ө ұ ү һ і."""
    for q in ("Инженер және әлем", "ИНЖЕНЕР ЖӘНЕ ӘЛЕМ", "инженер және әлем"):
        hits = frameworks.search(memory_store, q, lang="kk")
        assert (hits[0].framework, hits[0].code, hits[0].match) == ("wa-2021", "WA6", "label")
        assert hits[0].label == "Инженер және әлем"
        assert hits[0].exact_letters


def test_kazakh_typed_without_kazakh_letters_still_matches(memory_store: GraphStore) -> None:
    """"инженер жане алем" (ә typed as а) finds WA6 through the loose comparison, marked as
    not exact letters, and after nothing better."""
    hits = frameworks.search(memory_store, "инженер жане алем", lang="kk")
    assert (hits[0].framework, hits[0].code) == ("wa-2021", "WA6")
    assert hits[0].exact_letters is False


def test_kazakh_upper_case_letters_fold() -> None:
    """Case folding lowers every Kazakh letter; the loose form maps them to Russian ones."""
    assert normalise("ӘҒҚҢӨҰҮҺІ Ёлка") == "әғқңөұүһі елка"
    assert loosen(normalise("Құзыреттілік")) == "кузыреттилик"
    assert loosen("бiлiм") == "билим"  # Latin i typed inside a Cyrillic word


def test_stems() -> None:
    """Endings are stripped while four letters remain, so inflected forms share a prefix."""
    assert stem("sustainable") == "sustain"
    assert stem("sustainability") == "sustain"
    assert stem("устойчивое") == "устойчив"
    assert stem("устойчивость") == "устойчив"
    assert stem("мәселелерді") == "мәселе"
    assert stem("data") == "data"


def test_answers_in_the_requested_language_with_fallback(memory_store: GraphStore) -> None:
    """Labels and definitions come in the requested language; the definition falls back to
    English when the item has no definition in that language (WK definitions are en only)."""
    kk = frameworks.search(memory_store, "WA6", lang="kk")[0]
    assert (kk.label, kk.label_lang) == ("Инженер және әлем", "kk")
    assert kk.definition is not None and kk.definition.startswith("Күрделі инженерлік")
    ru = frameworks.search(memory_store, "WA6", lang="ru")[0]
    assert ru.definition is not None and ru.definition.startswith("При решении")
    wk = frameworks.search(memory_store, "WK1", lang="kk")[0]
    assert (wk.code, wk.label_lang) == ("WK1", "kk")
    assert wk.definition is not None and wk.definition.startswith("A systematic")


def test_words_in_any_order_and_in_definitions(memory_store: GraphStore) -> None:
    """Every word must match (in any order); definition matches come after label matches."""
    hits = frameworks.search(memory_store, "intercultural competence")
    assert (hits[0].framework, hits[0].code, hits[0].match) == ("staff-intl", "SI2", "label")
    hits = frameworks.search(memory_store, "competence intercultural")
    assert (hits[0].framework, hits[0].code, hits[0].match) == ("staff-intl", "SI2",
                                                               "label-words")
    assert all("zzz" not in (h.label or "") for h in hits)
    assert frameworks.search(memory_store, "intercultural zzzqqq") == []


def test_framework_filter_and_limit(memory_store: GraphStore) -> None:
    """``framework`` keeps only that framework's items; ``limit`` caps the answer."""
    hits = frameworks.search(memory_store, "engineering", framework="abet-eac", limit=3)
    assert 0 < len(hits) <= 3
    assert {h.framework for h in hits} == {"abet-eac"}


def test_levels_and_indicators_are_searchable(memory_store: GraphStore) -> None:
    """Level scales and indicators are searched too: "B2" finds the CEFR and DigCompEdu
    levels by code, "Vantage" the CEFR level by its label."""
    codes = [(h.framework, h.code) for h in frameworks.search(memory_store, "B2")[:2]]
    assert set(codes) == {("cefr", "B2"), ("digcompedu-progression", "B2")}
    assert first(memory_store, "Vantage") == ("cefr", "B2")
    assert first(memory_store, "INT1") == ("int-indicators", "INT1")


def test_bad_parameters_are_reported_together(memory_store: GraphStore) -> None:
    """An empty text, an unknown language and a bad limit are all reported, each located."""
    with pytest.raises(InputError) as caught:
        frameworks.search(memory_store, "  ", lang="de", limit=0)
    where = sorted(p.location.json_path or "" for p in caught.value.problems)
    assert where == ["lang", "limit", "q"]


def test_the_index_follows_the_store(memory_store: GraphStore) -> None:
    """A framework imported after the first search is found by the next one (the index is
    rebuilt when the named graphs change), and gone again when its graph is dropped."""
    assert frameworks.search(memory_store, "Quuxology") == []
    ttl = f"""
    @prefix cg: <https://w3id.org/competency-graph/ontology#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    <{FRAMEWORK}demo-x> a cg:CompetencyFramework ; dcterms:identifier "demo-x" .
    <{FRAMEWORK}demo-x/Q1> a cg:Competency ; skos:inScheme <{FRAMEWORK}demo-x> ;
        skos:notation "Q1" ; skos:prefLabel "Quuxology basics"@en , "Основы квуксологии"@ru .
    """.encode()
    graph = graph_iri("framework", "demo-x")
    memory_store.replace_graph(graph, RdfPayload(ttl, "turtle", "demo-x.ttl"))
    assert first(memory_store, "Quuxology") == ("demo-x", "Q1")
    hit = frameworks.search(memory_store, "Q1", lang="kk")[0]
    assert (hit.label, hit.label_lang) == ("Quuxology basics", "en")  # kk falls back to en
    memory_store.drop_graphs([graph])
    assert frameworks.search(memory_store, "Quuxology") == []


def test_superseded_versions_are_detected(memory_store: GraphStore) -> None:
    """wa-2013 is superseded by wa-2021, cdio-2.0 by cdio-3.0 and the 2019-25 ABET text by the
    current cycle's (same publisher, later version, a crosswalk between them); the Sydney and
    Dublin Accords are not (same version)."""
    assert frameworks.succession(memory_store) == {("wa-2013", "wa-2021"),
                                                   ("cdio-2.0", "cdio-3.0"),
                                                   ("abet-eac-2019", "abet-eac")}


def test_a_framework_replaced_in_place_is_noticed(memory_store: GraphStore,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Replacing a framework graph under the same name (a re-import) changes the answers once
    the content fingerprint is rechecked, without an explicit invalidation."""
    from competency_graph.services.frameworks import item_search as framework_search

    def payload(label: str) -> RdfPayload:
        return RdfPayload(f"""
        @prefix cg: <https://w3id.org/competency-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <{FRAMEWORK}demo-y> a cg:CompetencyFramework ; dcterms:identifier "demo-y" .
        <{FRAMEWORK}demo-y/Y1> a cg:Competency ; skos:inScheme <{FRAMEWORK}demo-y> ;
            skos:notation "Y1" ; skos:prefLabel "{label}"@en .
        """.encode(), "turtle", "demo-y.ttl")

    graph = graph_iri("framework", "demo-y")
    memory_store.replace_graph(graph, payload("Frobnication"))
    assert first(memory_store, "Frobnication") == ("demo-y", "Y1")
    memory_store.replace_graph(graph, payload("Defenestration"))
    monkeypatch.setattr(framework_search, "RECHECK_SECONDS", 0.0)
    assert frameworks.search(memory_store, "Frobnication") == []
    assert first(memory_store, "Defenestration") == ("demo-y", "Y1")
