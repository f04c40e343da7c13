"""Regression tests for the audit corrections of issue 13 ("English data and status", items 1–8):
each pins the corrected wording, status or mapping, and that the correction's provenance
(an ``rdfs:comment`` naming what it rests on) is in the data. ABET EAC is held per accreditation
cycle: ``abet-eac`` is the current (2025–26) text, ``abet-eac-2019`` the 2019–25 text."""

from __future__ import annotations

from pathlib import Path

import pytest

from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services import gaps
from competency_graph.store import GraphStore
from tests.frameworks.conftest import sparql

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _item(store: GraphStore, framework: str, code: str) -> dict[str, object]:
    """The English definition, wording status, comments and international flag of one item."""
    rows = sparql(store, """
        SELECT ?def ?status ?comment ?intl WHERE {
          ?i skos:inScheme fw:$FW ; skos:notation "$CODE" ; skos:definition ?def ;
             cg:wordingStatus ?status .
          FILTER(LANG(?def) = "en")
          OPTIONAL { ?i rdfs:comment ?comment }
          OPTIONAL { ?i cg:internationalDimension ?intl }
        }""".replace("$FW", framework).replace("$CODE", code))
    assert rows, (framework, code)
    return {"def": rows[0]["def"], "status": rows[0]["status"].rsplit("#", 1)[-1],
            "comments": " ".join(r.get("comment", "") for r in rows),
            "intl": rows[0].get("intl")}


def _scheme_status(store: GraphStore, framework: str) -> str:
    rows = sparql(store, """SELECT ?s WHERE { fw:$FW cg:confirmationStatus ?s }"""
                  .replace("$FW", framework))
    return rows[0]["s"].rsplit("#", 1)[-1]


def test_item_1_sa7_says_national_and_international_laws(memory_store: GraphStore) -> None:
    """SA7: 'national and international laws' (not DA7's 'relevant laws'), international."""
    sa7 = _item(memory_store, "sa-2021", "SA7")
    assert "national and international laws" in str(sa7["def"])
    assert "relevant laws" not in str(sa7["def"])
    assert sa7["intl"] == "true"
    assert "issue 13, audit item 1" in str(sa7["comments"])
    assert "relevant laws" in str(_item(memory_store, "da-2021", "DA7")["def"])


def test_item_2_da1_has_no_computing(memory_store: GraphStore) -> None:
    """DA1 lists mathematics, natural science, engineering fundamentals, not computing."""
    da1 = _item(memory_store, "da-2021", "DA1")
    assert "computing" not in str(da1["def"])
    assert "engineering fundamentals" in str(da1["def"])
    assert "audit item 2" in str(da1["comments"])


def test_item_3_sa3_restores_health_safety_and_considerations(memory_store: GraphStore) -> None:
    sa3 = str(_item(memory_store, "sa-2021", "SA3")["def"])
    for phrase in ("public health and safety", "resource, cultural, societal and environmental",
                   "whole-life cost", "net-zero carbon"):
        assert phrase in sa3


@pytest.mark.parametrize("framework", ["sa-2021", "da-2021"])
def test_item_4_sa_and_da_are_partly_confirmed(memory_store: GraphStore, framework: str) -> None:
    assert _scheme_status(memory_store, framework) == "PartlyConfirmed"


def test_item_5_abet_is_held_per_accreditation_cycle(memory_store: GraphStore) -> None:
    """The current cycle (abet-eac, 2025–26) has SO5 without 'inclusive', unconfirmed; the
    2019–25 text (abet-eac-2019) keeps it, confirmed; the versions point at each other."""
    current = _item(memory_store, "abet-eac", "SO5")
    old = _item(memory_store, "abet-eac-2019", "SO5")
    assert "inclusive" not in str(current["def"]) and "collaborative environment" in str(
        current["def"])
    assert current["status"] == "UnconfirmedWording"
    assert "collaborative and inclusive environment" in str(old["def"])
    assert old["status"] == "Paraphrase"
    assert _scheme_status(memory_store, "abet-eac") == "Unconfirmed"
    assert _scheme_status(memory_store, "abet-eac-2019") == "Confirmed"
    rows = sparql(memory_store, """SELECT ?a ?b WHERE {
        fw:abet-eac dcterms:replaces fw:abet-eac-2019 .
        fw:abet-eac-2019 dcterms:isReplacedBy fw:abet-eac . BIND(1 AS ?a) BIND(2 AS ?b) }""")
    assert len(rows) == 1
    ru_kk = sparql(memory_store, """SELECT ?d WHERE { fw:abet-eac skos:hasTopConcept ?i .
        ?i skos:notation "SO5" ; skos:definition ?d FILTER(LANG(?d) != "en") }""")
    assert len(ru_kk) == 2
    assert all("инклюзив" not in r["d"] for r in ru_kk)


@pytest.fixture
def abet_store(memory_store: GraphStore) -> GraphStore:
    memory_store.replace_graphs({graph_iri("programme", "ABETP", "1"): RdfPayload(
        (FIXTURES / "abet-cycle-programme.ttl").read_bytes(), "turtle",
        "abet-cycle-programme.ttl")})
    return memory_store


def test_item_5_impact_between_the_abet_cycles(abet_store: GraphStore) -> None:
    """ABETP aligns TEAM201 to the 2019 SO5 (closeMatch to the current SO5: changed) and DES301
    to the 2019 SO2 (exactMatch: unchanged, not listed), so only TEAM201 is to be reviewed."""
    data = gaps.impact(abet_store, "ABETP", old="abet-eac-2019", new="abet-eac")
    items = {i["code"]: i for i in data["items"]}
    assert set(items) == {"abet-eac-2019:SO5"}
    assert items["abet-eac-2019:SO5"]["changes"] == ["changed"]
    assert [c["code"] for c in data["courses_to_review"]] == ["TEAM201"]
    assert data["crosswalks"] == [
        "https://w3id.org/competency-graph/crosswalk/abet-eac-2019--abet-eac"]


def test_item_6_eur_ace_master_description_has_no_bachelor_exception(
        memory_store: GraphStore) -> None:
    rows = sparql(memory_store, """SELECT ?d WHERE { fw:eur-ace-2015-master
        dcterms:description ?d FILTER(LANG(?d) = "en") }""")
    assert "(except B1.1)" not in rows[0]["d"]
    assert "All 27 outcome paraphrases" in rows[0]["d"]


@pytest.mark.parametrize("framework", ["cdio-2.0", "cdio-3.0"])
def test_item_7_cdio_part_4_is_the_innovation_process(memory_store: GraphStore,
                                                      framework: str) -> None:
    rows = sparql(memory_store, """SELECT ?l WHERE { ?p skos:inScheme fw:$FW ;
        skos:notation "4" ; skos:prefLabel ?l FILTER(LANG(?l) = "en") }"""
                  .replace("$FW", framework))
    assert rows[0]["l"].endswith("– The Innovation Process")


def test_item_7_cdio_3_part_1_title_is_unverified(memory_store: GraphStore) -> None:
    assert _item(memory_store, "cdio-3.0", "1")["status"] == "UnconfirmedWording"
    assert _item(memory_store, "cdio-2.0", "1")["status"] == "Paraphrase"


def test_item_8_wa_2013_wa4_has_analysis_and_valid_conclusions(memory_store: GraphStore) -> None:
    wa4 = str(_item(memory_store, "wa-2013", "WA4")["def"])
    assert "analysis and interpretation of data" in wa4
    assert "valid conclusions" in wa4
