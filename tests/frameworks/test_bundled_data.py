"""The bundled frameworks and crosswalks as a fresh store holds them: exact item counts, three
labels and a code on every item, existing crosswalk endpoints, no broader cycle, and the
issue's "done when" SPARQL checks (also on the remote SPARQL store)."""

from __future__ import annotations

import re

import pytest

from competency_graph.namespaces import FRAMEWORK
from competency_graph.store import GraphStore
from tests.frameworks.conftest import CROSSWALK_FILES, FRAMEWORK_FILES, sparql

CG = "https://w3id.org/competency-graph/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

#: framework id → {class local name: number of items} (ontology/frameworks/README.md)
EXPECTED_COUNTS: dict[str, dict[str, int]] = {
    "wa-2021": {"Competency": 11},
    "wa-2021-wk": {"Competency": 9},
    "wa-2021-wp": {"Concept": 7},
    "wa-2021-ea": {"Concept": 5},
    "wa-2013": {"Competency": 12},
    "sa-2021": {"Competency": 11},
    "da-2021": {"Competency": 11},
    "eur-ace-2015-bachelor": {"Competency": 22, "CompetencyCategory": 8},
    "eur-ace-2015-master": {"Competency": 27, "CompetencyCategory": 8},
    "abet-eac": {"Competency": 7},
    "abet-eac-2019": {"Competency": 7},
    "cdio-2.0": {"Competency": 19, "CompetencyCategory": 4},
    "cdio-3.0": {"Competency": 21, "CompetencyCategory": 5},
    "qf-ehea": {"Competency": 15, "CompetencyCategory": 5},
    "digcompedu": {"Competency": 22, "CompetencyCategory": 6},
    "unesco-ict-cft-3": {"Competency": 18, "CompetencyCategory": 6},
    "staff-intl": {"Competency": 7},
    "esp-engineering": {"Competency": 15, "CompetencyCategory": 5},
    "int-indicators": {"Indicator": 11},
    "kz-goso-bachelor": {"Competency": 5},
    "kz-goso-master": {"Competency": 5},
    "kz-goso-doctorate": {"Competency": 5},
    "kz-nqf": {"Level": 8},
    "kz-credit-system": {"Concept": 7},
    "irm": {"Level": 3},
    "cefr": {"Level": 6},
    "bloom": {"Level": 6},
    "eqf": {"Level": 3},
    "digcompedu-progression": {"Level": 6},
    "staff-intl-levels": {"Level": 3},
    "unesco-ict-cft-levels": {"Level": 3},
}

COUNTS_QUERY = """
SELECT ?id ?class (COUNT(DISTINCT ?item) AS ?n) WHERE {
  ?scheme dcterms:identifier ?id .
  { ?scheme a cg:CompetencyFramework } UNION { ?scheme a cg:LevelScale }
  ?item skos:inScheme ?scheme ; a ?class .
} GROUP BY ?id ?class
"""


def test_the_expectations_cover_every_bundled_file() -> None:
    """Every framework file has an expected count and every expected id has a file (so the
    table below cannot silently miss a framework)."""
    assert FRAMEWORK_FILES and CROSSWALK_FILES
    assert {p.stem for p in FRAMEWORK_FILES} == set(EXPECTED_COUNTS)


def test_each_framework_has_exactly_its_items(memory_store: GraphStore) -> None:
    """Per framework and class, the store holds exactly the counted items (WA 2021 11,
    WA 2013 12, DigCompEdu 22 + 6 areas, CEFR 6 levels …)."""
    found: dict[str, dict[str, int]] = {}
    for row in sparql(memory_store, COUNTS_QUERY):
        local = re.split(r"[#/]", row["class"])[-1]
        found.setdefault(row["id"], {})[local] = int(row["n"])
    assert found == EXPECTED_COUNTS


def test_int_indicators_has_seven_core_indicators(memory_store: GraphStore) -> None:
    """INT1–INT7 are the core indicators; the four supplementary ones are not core."""
    rows = sparql(memory_store, """
        SELECT ?code ?core WHERE { ?i skos:inScheme fw:int-indicators ;
          skos:notation ?code ; cg:isCore ?core ; cg:higherIsBetter ?dir ; cg:unit ?unit }
    """)
    core = sorted(r["code"] for r in rows if r["core"] == "true")
    assert core == [f"INT{i}" for i in range(1, 8)]
    assert len(rows) == 11


def test_every_item_has_a_code_and_three_labels(memory_store: GraphStore) -> None:
    """Every item of every scheme has a skos:notation and a prefLabel in en, ru and kk."""
    rows = sparql(memory_store, """
        SELECT ?item ?code (GROUP_CONCAT(DISTINCT LANG(?label); separator=" ") AS ?langs)
        WHERE {
          ?item skos:inScheme ?scheme .
          OPTIONAL { ?item skos:notation ?code }
          OPTIONAL { ?item skos:prefLabel ?label }
        } GROUP BY ?item ?code
    """)
    assert len(rows) == sum(sum(c.values()) for c in EXPECTED_COUNTS.values())
    missing_code = [r["item"] for r in rows if "code" not in r]
    missing_labels = [(r["item"], r.get("langs")) for r in rows
                      if set((r.get("langs") or "").split()) != {"en", "ru", "kk"}]
    assert missing_code == []
    assert missing_labels == []


def test_every_item_iri_is_its_framework_iri_plus_its_code(memory_store: GraphStore) -> None:
    """A bundled item's IRI is .../framework/<id>/<code> (ontology/README.md "IRI policy")."""
    rows = sparql(memory_store, """
        SELECT ?item ?id ?code WHERE { ?item skos:inScheme ?s ; skos:notation ?code .
          ?s dcterms:identifier ?id }
    """)
    wrong = [r["item"] for r in rows if r["item"] != f"{FRAMEWORK}{r['id']}/{r['code']}"]
    assert rows and wrong == []


def test_every_crosswalk_endpoint_exists(memory_store: GraphStore) -> None:
    """Both ends of every SKOS mapping triple and every cg:Mapping are items of some scheme."""
    rows = sparql(memory_store, """
        SELECT ?end WHERE {
          VALUES ?rel { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch
                        skos:relatedMatch }
          { ?end ?rel ?x } UNION { ?x ?rel ?end }
          UNION { ?m cg:mappingSource ?end } UNION { ?m cg:mappingTarget ?end }
        }
    """)
    ends = {r["end"] for r in rows}
    items = {r["item"] for r in sparql(memory_store,
                                       "SELECT ?item WHERE { ?item skos:inScheme ?s }")}
    assert len(ends) > 50
    assert ends - items == set()


def test_every_reified_mapping_matches_a_direct_skos_triple(memory_store: GraphStore) -> None:
    """Each cg:Mapping has its direct SKOS triple (what queries use) and vice versa."""
    reified = {(r["s"], r["rel"], r["t"]) for r in sparql(memory_store, """
        SELECT ?s ?rel ?t WHERE { ?m a cg:Mapping ; cg:mappingSource ?s ;
          cg:mappingTarget ?t ; cg:mappingRelation ?rel }""")}
    direct = {(r["s"], r["rel"], r["t"]) for r in sparql(memory_store, """
        SELECT ?s ?rel ?t WHERE {
          VALUES ?rel { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch
                        skos:relatedMatch }
          ?s ?rel ?t }""")}
    assert len(reified) == 172
    assert reified == direct


def test_no_broader_cycle(memory_store: GraphStore) -> None:
    """No item is its own (transitively) broader item."""
    rows = sparql(memory_store, "SELECT ?item WHERE { ?item skos:broader+ ?item }")
    broader = sparql(memory_store, "SELECT (COUNT(*) AS ?n) WHERE { ?a skos:broader ?b }")
    assert int(broader[0]["n"]) > 100  # the hierarchy is there to check
    assert rows == []


def test_broader_and_narrower_are_inverse(memory_store: GraphStore) -> None:
    """Every skos:broader has its skos:narrower and the other way round."""
    rows = sparql(memory_store, """
        SELECT ?a ?b WHERE { { ?a skos:broader ?b FILTER NOT EXISTS { ?b skos:narrower ?a } }
          UNION { ?b skos:narrower ?a FILTER NOT EXISTS { ?a skos:broader ?b } } }""")
    assert rows == []


# --- the issue's "done when" --------------------------------------------------------------------

def test_done_when_wa_2021_is_exactly_wa1_to_wa11_with_three_labels(
        any_store: GraphStore) -> None:
    """In a fresh store (embedded and remote), SPARQL finds exactly WA1–WA11 under
    .../framework/wa-2021/, each with en/ru/kk skos:prefLabel."""
    prefix = FRAMEWORK + "wa-2021/"
    rows = sparql(any_store, """
        SELECT ?item (GROUP_CONCAT(DISTINCT LANG(?label); separator=" ") AS ?langs) WHERE {
          ?item a cg:Competency ; skos:prefLabel ?label .
          FILTER(STRSTARTS(STR(?item), "$PREFIX"))
        } GROUP BY ?item
    """.replace("$PREFIX", prefix))
    assert sorted(r["item"][len(prefix):] for r in rows) == sorted(f"WA{i}" for i in range(1, 12))
    assert all(set(r["langs"].split()) == {"en", "ru", "kk"} for r in rows)


def test_done_when_abet_is_so1_to_so7(any_store: GraphStore) -> None:
    """SPARQL finds exactly SO1–SO7 under .../framework/abet-eac/."""
    prefix = FRAMEWORK + "abet-eac/"
    rows = sparql(any_store, """
        SELECT DISTINCT ?item WHERE { ?item skos:prefLabel ?l
          FILTER(STRSTARTS(STR(?item), "$PREFIX")) }""".replace("$PREFIX", prefix))
    assert sorted(r["item"][len(prefix):] for r in rows) == [f"SO{i}" for i in range(1, 8)]


def test_done_when_eur_ace_bachelor_outcomes(any_store: GraphStore) -> None:
    """The EUR-ACE bachelor scheme holds its 22 outcomes B<area>.<n> in 8 learning areas, each
    outcome under its area."""
    rows = sparql(any_store, """
        SELECT ?code ?area WHERE {
          ?item skos:inScheme fw:eur-ace-2015-bachelor ; a cg:Competency ;
                skos:notation ?code ; cg:category/skos:notation ?area }""")
    assert len(rows) == 22
    assert all(re.fullmatch(r"B[1-8]\.\d", r["code"]) for r in rows)
    assert all(r["area"] == "cat-" + r["code"].split(".")[0] for r in rows)
    assert len({r["area"] for r in rows}) == 8


def test_done_when_every_wa_2021_attribute_maps_to_eur_ace_bachelor(
        any_store: GraphStore) -> None:
    """Each of WA1–WA11 takes part in the wa-2021--eur-ace-2015-bachelor crosswalk with a
    rationale. Since issue 13, WA6 and WA7 do so through relatedMatch only: their one close
    mapping each (WA6–B5.5, WA7–B6.1) became relatedMatch (B5.5 asks for awareness only, B6.1
    is about judgement, not professional ethics), so the exact/close set is WA1–WA11 minus
    WA6 and WA7."""
    rows = sparql(any_store, """
        SELECT DISTINCT ?code ?rel WHERE {
          ?wa skos:inScheme fw:wa-2021 ; skos:notation ?code .
          ?m cg:mappingSource ?wa ; cg:mappingTarget ?ea ; cg:rationale ?why ;
             cg:mappingRelation ?rel ;
             cg:inCrosswalk/dcterms:identifier "wa-2021--eur-ace-2015-bachelor" .
          ?wa ?rel ?ea . ?ea skos:inScheme fw:eur-ace-2015-bachelor .
        }""")
    assert sorted({r["code"] for r in rows}) == sorted(f"WA{i}" for i in range(1, 12))
    strong = {r["code"] for r in rows if r["rel"] in (SKOS + "exactMatch", SKOS + "closeMatch")}
    assert sorted(strong) == sorted(f"WA{i}" for i in range(1, 12) if i not in (6, 7))


def test_every_eur_ace_bachelor_outcome_takes_part_in_the_wa_crosswalk(
        memory_store: GraphStore) -> None:
    """After issue 13's additions (B1.3, B4.2, B5.2 …) every one of the 22 EUR-ACE bachelor
    outcomes is the target of at least one WA 2021 mapping with a rationale."""
    outcomes = {r["code"] for r in sparql(memory_store, """
        SELECT ?code WHERE { ?o skos:inScheme fw:eur-ace-2015-bachelor ; a cg:Competency ;
          skos:notation ?code }""")}
    mapped = {r["code"] for r in sparql(memory_store, """
        SELECT DISTINCT ?code WHERE {
          ?m cg:inCrosswalk/dcterms:identifier "wa-2021--eur-ace-2015-bachelor" ;
             cg:mappingTarget ?o ; cg:rationale ?why .
          ?o skos:notation ?code }""")}
    assert len(outcomes) == 22
    assert outcomes - mapped == set()


def test_the_required_crosswalks_exist(memory_store: GraphStore) -> None:
    """The crosswalks the issue asks for are loaded, each in its own named graph."""
    rows = sparql(memory_store, """
        SELECT ?id ?g WHERE { GRAPH ?g { ?cw a cg:Crosswalk ; dcterms:identifier ?id } }""")
    found = {r["id"]: r["g"] for r in rows}
    for cw in ("wa-2013--wa-2021", "wa-2021--eur-ace-2015-bachelor", "wa-2021--abet-eac",
               "wa-2021--cdio-3.0", "sa-2021--wa-2021", "da-2021--wa-2021",
               "abet-eac-2019--abet-eac", "eur-ace-2015-bachelor--qf-ehea",
               "eur-ace-2015-master--qf-ehea", "qf-ehea--eqf"):
        assert found[cw].endswith("/graph/crosswalk/" + cw)


@pytest.mark.parametrize("framework_id", sorted(EXPECTED_COUNTS))
def test_each_framework_is_in_its_own_named_graph(memory_store: GraphStore,
                                                  framework_id: str) -> None:
    """Framework <id> and all its items sit in GRAPH .../graph/framework/<id> only."""
    rows = sparql(memory_store, """
        SELECT DISTINCT ?g WHERE { ?s dcterms:identifier "$ID" .
          { GRAPH ?g { ?s a ?t } } UNION { GRAPH ?g { ?i skos:inScheme ?s } } }"""
                  .replace("$ID", framework_id))
    assert [r["g"].rsplit("/graph/", 1)[-1] for r in rows] == [f"framework/{framework_id}"]


def test_level_scales_are_ordered(memory_store: GraphStore) -> None:
    """CEFR ranks A1..C2 as 1..6, IRM ranks I, R, M as 1..3, Bloom's levels 1..6 carry
    measurable verbs in en and ru and the scale lists unobservable verbs such as know/знать."""
    def codes(scale: str) -> list[str]:
        rows = sparql(memory_store, """
            SELECT ?code ?rank WHERE { ?l skos:inScheme <$SCALE> ; skos:notation ?code ;
              cg:rank ?rank } ORDER BY ?rank""".replace("$SCALE", FRAMEWORK + scale))
        return [r["code"] for r in rows]
    assert codes("cefr") == ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert codes("irm") == ["I", "R", "M"]
    assert codes("bloom") == ["1", "2", "3", "4", "5", "6"]
    verbs = sparql(memory_store, """
        SELECT ?level (LANG(?v) AS ?lang) WHERE { ?level skos:inScheme fw:bloom ;
          cg:measurableVerb ?v }""")
    assert {(r["level"].rsplit("/", 1)[-1], r["lang"]) for r in verbs} >= {
        (str(i), lang) for i in range(1, 7) for lang in ("en", "ru")}
    unobservable = {r["v"] for r in sparql(memory_store, """
        SELECT ?v WHERE { fw:bloom cg:unobservableVerb ?v }""")}
    assert {"know", "understand", "знать", "понимать"} <= unobservable
