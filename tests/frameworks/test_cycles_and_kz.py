"""Cycles and the Kazakh national layer (issue 13): EQF level 8, the QF-EHEA third cycle with
every item's cycle as data, the Kazakh state standards per cycle, the national qualifications
framework, the credit-system rules, and a Kazakh programme code that targets its cycle's
state standard by default."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from competency_graph.io.workbook import default_targets
from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR
from competency_graph.store import GraphStore
from tests.curriculum.conftest import Table, read_csv, write_csv
from tests.frameworks.conftest import sparql

ROOT = Path(__file__).resolve().parents[2]
CG = "https://w3id.org/competency-graph/ontology#"
KZ = ("kz-goso-bachelor", "kz-goso-master", "kz-goso-doctorate")


def cli(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    """Run the command line of this checkout against an on-disk store."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-c", "from competency_graph.cli import main; main()",
         "--store", str(store), *args], capture_output=True, text=True, env=env, timeout=600,
        check=False)


def test_frameworks_json_lists_the_national_layer_and_the_cycles(tmp_path: Path) -> None:
    """`frameworks --format json` lists the three state standards, kz-nqf, EQF with three
    levels (6, 7, 8) and QF-EHEA with 15 items (5 elements × 3 cycles)."""
    done = cli("frameworks", "--format", "json", store=tmp_path / "store")
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in json.loads(done.stdout)}
    for fid in (*KZ, "kz-nqf", "kz-credit-system"):
        assert fid in rows
    assert rows["kz-nqf"]["items"] == 8
    assert rows["eqf"]["items"] == 3
    assert rows["qf-ehea"]["items"] == 15 + 5  # 15 cycle descriptors + 5 element groups


def test_eqf_has_level_8_ranked_after_7(memory_store: GraphStore) -> None:
    rows = sparql(memory_store, """SELECT ?code ?rank ?cycle WHERE { ?l skos:inScheme fw:eqf ;
        skos:notation ?code ; cg:rank ?rank ; dcterms:educationLevel ?cycle } ORDER BY ?rank""")
    assert [(r["code"], r["rank"], r["cycle"].rsplit("#", 1)[-1]) for r in rows] == [
        ("6", "1", "Bachelor"), ("7", "2", "Master"), ("8", "3", "Doctorate")]


def test_every_qf_ehea_item_names_its_cycle(memory_store: GraphStore) -> None:
    """C1-* are first cycle (cg:Bachelor), C2-* second, C3-* third: each of the 15 items has
    exactly one dcterms:educationLevel, and it agrees with its code — the property a coverage
    rule uses so that a bachelor programme never reports second-cycle items."""
    rows = sparql(memory_store, """SELECT ?code (GROUP_CONCAT(STR(?c)) AS ?cycles) WHERE {
        ?i skos:inScheme fw:qf-ehea ; a cg:Competency ; skos:notation ?code .
        OPTIONAL { ?i dcterms:educationLevel ?c } } GROUP BY ?code""")
    expected = {"C1": CG + "Bachelor", "C2": CG + "Master", "C3": CG + "Doctorate"}
    assert len(rows) == 15
    assert all(r["cycles"] == expected[r["code"][:2]] for r in rows), rows


def test_a_bachelor_programme_gets_only_first_cycle_items(memory_store: GraphStore) -> None:
    """Selecting a framework's items by the programme's cycle (cg:cycle of the programme =
    dcterms:educationLevel of the item) leaves a bachelor with the five C1 items and no C2/C3
    item; the same join gives a doctorate the five C3 items."""
    query = """SELECT ?code WHERE { ?i skos:inScheme fw:qf-ehea ; a cg:Competency ;
        skos:notation ?code ; dcterms:educationLevel cg:$CYCLE }"""
    bachelor = sorted(r["code"] for r in sparql(memory_store, query.replace("$CYCLE", "Bachelor")))
    doctorate = sorted(r["code"] for r in sparql(memory_store,
                                                 query.replace("$CYCLE", "Doctorate")))
    assert bachelor == ["C1-AKU", "C1-CS", "C1-KU", "C1-LS", "C1-MJ"]
    assert doctorate == ["C3-AKU", "C3-CS", "C3-KU", "C3-LS", "C3-MJ"]


@pytest.mark.parametrize(("fid", "cycle"), zip(KZ, ("Bachelor", "Master", "Doctorate"),
                                                strict=True))
def test_state_standards_are_per_cycle_trilingual_and_unconfirmed(
        memory_store: GraphStore, fid: str, cycle: str) -> None:
    """Each ГОСО scheme has the five Dublin elements of its own cycle, with ru/kk/en labels and
    definitions, marked UnconfirmedWording, and a comment naming the source used."""
    rows = sparql(memory_store, """SELECT ?code ?status ?cycle
        (GROUP_CONCAT(DISTINCT LANG(?d)) AS ?langs) WHERE {
        ?i skos:inScheme fw:$FW ; skos:notation ?code ; cg:wordingStatus ?status ;
           dcterms:educationLevel ?cycle ; skos:definition ?d } GROUP BY ?code ?status ?cycle"""
                  .replace("$FW", fid))
    assert sorted(r["code"] for r in rows) == ["AKU", "CS", "KU", "LS", "MJ"]
    assert all(r["status"] == CG + "UnconfirmedWording" for r in rows)
    assert all(r["cycle"] == CG + cycle for r in rows)
    assert all(set(r["langs"].split()) == {"en", "ru", "kk"} for r in rows)
    comment = sparql(memory_store, f"SELECT ?c WHERE {{ fw:{fid} rdfs:comment ?c }}")
    assert "adilet.zan.kz" in comment[0]["c"] and "NOT reached" in comment[0]["c"]


def test_credit_rules_are_citable_and_state_the_numbers(memory_store: GraphStore) -> None:
    """The credit-system rules have stable IRIs the ECTS profile can cite, in three languages,
    with the numbers in the text: 30 hours a credit, 60 credits a year, 1 credit = 1 ECTS."""
    rows = {r["code"]: r["d"] for r in sparql(memory_store, """SELECT ?code ?d WHERE {
        ?r skos:inScheme fw:kz-credit-system ; skos:notation ?code ; skos:definition ?d
        FILTER(LANG(?d) = "en") }""")}
    assert {"CR-HOURS", "CR-YEAR", "CR-ECTS", "CR-BACHELOR", "CR-MASTER",
            "CR-DOCTORATE"} <= set(rows)
    assert "30 academic hours" in rows["CR-HOURS"]
    assert "60 academic credits" in rows["CR-YEAR"]
    assert "one ECTS credit" in rows["CR-ECTS"] and "1,500-1,800" in rows["CR-ECTS"]


@pytest.mark.parametrize(("programme_id", "expected"), [
    ("6B07101", ["kz-goso-bachelor"]), ("7M07102", ["kz-goso-master"]),
    ("8D07103", ["kz-goso-doctorate"]), (" 6b07101 ", ["kz-goso-bachelor"]),
    ("6B0710", []), ("6B071011", []), ("5B070400", []), ("CS-BSC", []), ("", [])])
def test_default_targets_from_a_kazakh_programme_code(programme_id: str,
                                                      expected: list[str]) -> None:
    """6B/7M/8D + five digits → that cycle's state standard; the pre-2019 5B codes, wrong
    lengths and other ids → no default."""
    assert default_targets(programme_id) == expected


def _edit_programme(folder: Path, change: Callable[[Table], None]) -> None:
    rows = read_csv(folder / "programme.csv")
    change(rows)
    write_csv(folder / "programme.csv", rows)


def test_an_imported_kazakh_programme_without_targets_targets_its_standard(
        tmp_path: Path) -> None:
    """The demo workbook with id 7M07102 and an empty targets cell imports with
    cg:targetFramework kz-goso-master only; with targets given, the sheet's targets win."""
    def retarget(programme_id: str, targets: str) -> Callable[[Table], None]:
        def change(rows: Table) -> None:
            head = rows[0]
            rows[1][head.index("id")] = programme_id
            rows[1][head.index("targets")] = targets
        return change

    store = tmp_path / "store"
    demo_copy = tmp_path / "workbook"
    shutil.copytree(DEMO_PROGRAMME_DIR, demo_copy)
    _edit_programme(demo_copy, retarget("7M07102", ""))
    done = cli("import", str(demo_copy), store=store)
    assert done.returncode == 0, done.stderr
    _edit_programme(demo_copy, retarget("8D07103", "wa-2021"))
    assert cli("import", str(demo_copy), store=store).returncode == 0
    done = cli("query", "--format", "json", """
        PREFIX cg: <https://w3id.org/competency-graph/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?t WHERE { GRAPH ?g { ?p cg:targetFramework ?t ; dcterms:identifier ?id } }
        """, store=store)
    assert done.returncode == 0, done.stderr
    found = sorted((b["id"]["value"], b["t"]["value"].rsplit("/", 1)[-1])
                   for b in json.loads(done.stdout)["results"]["bindings"])
    assert found == [("7M07102", "kz-goso-master"), ("8D07103", "wa-2021")]
