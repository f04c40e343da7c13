"""The crosswalk changes of issue 13 (and the SA/DA data part of issue 12 item 2), pinned as a
table of (crosswalk, source, target) → SKOS relation, plus the rationale and basis rules each
change brings. Each row is hand-copied from the issue text."""

from __future__ import annotations

import pytest

from competency_graph.store import GraphStore
from tests.frameworks.conftest import sparql

SKOS = "http://www.w3.org/2004/02/skos/core#"

#: (crosswalk id, source "framework:code", target "framework:code", relation)
EXPECTED: list[tuple[str, str, str, str]] = [
    # WA ↔ EUR-ACE: three demoted, eleven added
    *[("wa-2021--eur-ace-2015-bachelor", f"wa-2021:{wa}", f"eur-ace-2015-bachelor:{b}",
       "relatedMatch")
      for wa, b in (("WA6", "B5.5"), ("WA7", "B6.1"), ("WA10", "B5.6"),
                    ("WA1", "B1.3"), ("WA6", "B1.3"), ("WA3", "B4.2"), ("WA7", "B4.2"),
                    ("WA3", "B5.2"), ("WA4", "B5.2"), ("WA5", "B5.2"), ("WA5", "B4.1"),
                    ("WA4", "B6.1"))],
    # WA ↔ ABET
    ("wa-2021--abet-eac", "wa-2021:WA6", "abet-eac:SO2", "relatedMatch"),
    ("wa-2021--abet-eac", "wa-2021:WA5", "abet-eac:SO1", "relatedMatch"),
    ("wa-2021--abet-eac", "wa-2021:WA8", "abet-eac:SO5", "closeMatch"),
    # WA 2013 → 2021
    ("wa-2013--wa-2021", "wa-2013:WA4", "wa-2021:WA4", "closeMatch"),
    ("wa-2013--wa-2021", "wa-2013:WA7", "wa-2021:WA2", "relatedMatch"),
    ("wa-2013--wa-2021", "wa-2013:WA7", "wa-2021:WA3", "relatedMatch"),
    ("wa-2013--wa-2021", "wa-2013:WA6", "wa-2021:WA7", "relatedMatch"),
    # CDIO 2.0 → 3.0 and WA ↔ CDIO 3.0
    ("cdio-2.0--cdio-3.0", "cdio-2.0:2.2", "cdio-3.0:5.3", "relatedMatch"),
    *[("wa-2021--cdio-3.0", f"wa-2021:{wa}", f"cdio-3.0:{c}", "relatedMatch")
      for wa, c in (("WA4", "5.3"), ("WA8", "5.1"), ("WA10", "5.1"), ("WA8", "5.2"),
                    ("WA10", "5.2"), ("WA2", "2.3"), ("WA3", "2.3"))],
    # SA/DA → WA (issue 12 item 2): all related, SA8/DA8 included
    *[(f"{acc}-2021--wa-2021", f"{acc}-2021:{acc.upper()}{i}", f"wa-2021:WA{i}", "relatedMatch")
      for acc in ("sa", "da") for i in range(1, 12)],
    # EUR-ACE areas 6–8 ↔ QF-EHEA, per cycle
    *[("eur-ace-2015-bachelor--qf-ehea", f"eur-ace-2015-bachelor:{b}", f"qf-ehea:C1-{el}", rel)
      for b, el, rel in (("B6.1", "MJ", "closeMatch"), ("B6.2", "MJ", "relatedMatch"),
                         ("B7.1", "CS", "closeMatch"), ("B7.2", "CS", "relatedMatch"),
                         ("B8.1", "LS", "closeMatch"), ("B8.2", "LS", "relatedMatch"))],
    *[("eur-ace-2015-master--qf-ehea", f"eur-ace-2015-master:{m}", f"qf-ehea:C2-{el}", rel)
      for m, el, rel in (("M6.1", "MJ", "closeMatch"), ("M6.2", "MJ", "relatedMatch"),
                         ("M7.1", "CS", "closeMatch"), ("M7.2", "CS", "relatedMatch"),
                         ("M8.1", "LS", "closeMatch"), ("M8.2", "LS", "relatedMatch"))],
    # QF-EHEA cycles → EQF levels 6/7/8
    *[("qf-ehea--eqf", f"qf-ehea:{c}-{el}", f"eqf:{lvl}", "broadMatch")
      for c, lvl in (("C1", "6"), ("C2", "7"), ("C3", "8"))
      for el in ("KU", "AKU", "MJ", "CS", "LS")],
]

MAPPINGS = """
SELECT ?cw ?sfw ?scode ?tfw ?tcode ?rel ?why ?basis WHERE {
  ?m a cg:Mapping ; cg:inCrosswalk/dcterms:identifier ?cw ; cg:mappingSource ?s ;
     cg:mappingTarget ?t ; cg:mappingRelation ?rel ; cg:rationale ?why ; cg:mappingBasis ?basis .
  ?s skos:notation ?scode ; skos:inScheme/dcterms:identifier ?sfw .
  ?t skos:notation ?tcode ; skos:inScheme/dcterms:identifier ?tfw .
  ?s ?rel ?t .
}"""


@pytest.fixture
def mappings(memory_store: GraphStore) -> dict[tuple[str, str, str], dict[str, str]]:
    """(crosswalk, source, target) → the reified mapping whose direct triple also exists."""
    return {(r["cw"], f"{r['sfw']}:{r['scode']}", f"{r['tfw']}:{r['tcode']}"): r
            for r in sparql(memory_store, MAPPINGS)}


@pytest.mark.parametrize(("crosswalk", "source", "target", "relation"), EXPECTED,
                         ids=[f"{e[1]}->{e[2]}" for e in EXPECTED])
def test_the_mapping_has_the_issue_relation(
        mappings: dict[tuple[str, str, str], dict[str, str]], crosswalk: str, source: str,
        target: str, relation: str) -> None:
    found = mappings[(crosswalk, source, target)]
    assert found["rel"] == SKOS + relation
    assert found["why"]


def test_sa_and_da_never_map_strongly_to_wa(
        mappings: dict[tuple[str, str, str], dict[str, str]]) -> None:
    """No SA/DA → WA mapping is exact or close, and every rationale names the level of problem
    (broadly-/well-defined versus complex), the reason the IEA separates the accords."""
    rows = [(k, v) for k, v in mappings.items() if k[0] in ("sa-2021--wa-2021",
                                                          "da-2021--wa-2021")]
    assert len(rows) == 22
    assert all(v["rel"] == SKOS + "relatedMatch" for _k, v in rows)
    for (cw, _s, _t), v in rows:
        level = "broadly-defined" if cw.startswith("sa") else "well-defined"
        assert level in v["why"] and "complex" in v["why"]


def test_wa8_so5_does_not_rest_on_inclusion(
        mappings: dict[tuple[str, str, str], dict[str, str]]) -> None:
    why = mappings[("wa-2021--abet-eac", "wa-2021:WA8", "abet-eac:SO5")]["why"]
    assert "inclusive teams" not in why and "teamwork and leadership" in why


def test_wa_2013_basis_is_an_agency_appendix_not_an_iea_crosswalk(
        memory_store: GraphStore) -> None:
    rows = sparql(memory_store, """SELECT ?c ?status WHERE { ?cw dcterms:identifier
        "wa-2013--wa-2021" ; rdfs:comment ?c ; cg:confirmationStatus ?status }""")
    comment = " ".join(r["c"] for r in rows)
    assert "accreditation body" in comment and "not an IEA crosswalk" in comment
    assert rows[0]["status"].endswith("PartlyConfirmed")


def test_cycle_crosswalks_never_cross_cycles(
        mappings: dict[tuple[str, str, str], dict[str, str]]) -> None:
    """EUR-ACE bachelor → C1 only, master → C2 only; C1 → EQF 6, C2 → 7, C3 → 8 only."""
    level = {"C1": "6", "C2": "7", "C3": "8"}
    for cw, source, target in mappings:
        if cw == "eur-ace-2015-bachelor--qf-ehea":
            assert target.startswith("qf-ehea:C1-")
        elif cw == "eur-ace-2015-master--qf-ehea":
            assert target.startswith("qf-ehea:C2-")
        elif cw == "qf-ehea--eqf":
            assert target == f"eqf:{level[source.split(':')[1][:2]]}"
