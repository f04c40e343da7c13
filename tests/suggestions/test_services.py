"""Suggestions, occupation gap and recognition on small hand-written programmes (issue 18)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from competency_graph.errors import InputError, NotFoundError
from competency_graph.services.suggestions import (
    PROGRAMME_OUTCOMES,
    occupation_gap,
    recognise,
    suggest,
)
from competency_graph.store import GraphStore
from tests.suggestions.conftest import DEVELOPER, HOME, PARTNER, stored

SOFTWARE_DEVELOPER = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"


# --- suggestions ----------------------------------------------------------------------------


def _workbook(
    folder: Path,
    outcomes: list[tuple[str, str, str, str]],
    pos: list[tuple[str, str, str, str]] | None = None,
) -> Path:
    folder.mkdir()
    (folder / "programme.csv").write_text(
        "id,title,cycle,ects,targets\nSUG-T,Test,bachelor,5,wa-2021\n", encoding="utf-8"
    )
    (folder / "courses.csv").write_text("code,title,ects\nC1,Course,5\n", encoding="utf-8")
    with (folder / "outcomes.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["course", "id", "text", "text@ru", "aligned_to"])
        writer.writerows(outcomes)
    if pos is not None:
        with (folder / "programme_outcomes.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["id", "text", "text@kk", "aligned_to"])
            writer.writerows(pos)
    return folder


def test_suggest_finds_the_wa_attribute_by_its_english_and_russian_label(
    memory_store: GraphStore, tmp_path: Path
) -> None:
    # WA10 "Project Management and Finance" / «Управление проектами и финансы» (wa-2021);
    # the second outcome is Russian only: it can only match through the Russian label
    book = _workbook(
        tmp_path / "wb",
        [
            ("C1", "LO1", "Apply project management and finance principles", "", ""),
            ("C1", "LO2", "", "Применять принципы управления проектами и финансами", ""),
            ("C1", "LO3", "Cook pasta", "", "wa-2021:WA1@I"),
        ],
    )
    report = suggest(memory_store, stored(memory_store, book), to="wa-2021", top=3)
    by_id = {s["outcome"]: s for s in report["suggestions"]}
    assert set(by_id) == {"C1/LO1", "C1/LO2"}  # LO3 is aligned: left out without --all
    for outcome in ("C1/LO1", "C1/LO2"):
        first = by_id[outcome]["candidates"][0]
        assert (first["target"], first["framework"]) == ("WA10", "wa-2021")
        assert 0 < first["score"] < 1
    assert "(ru text)" in by_id["C1/LO2"]["candidates"][0]["reason"]
    assert "manag" in by_id["C1/LO1"]["candidates"][0]["reason"]
    in_russian = suggest(memory_store, stored(memory_store, book), to="wa-2021", top=1, lang="ru")
    assert in_russian["suggestions"][1]["candidates"][0]["reason"].startswith("общие термины: ")
    everything = suggest(
        memory_store, stored(memory_store, book), to="wa-2021", top=3, include_all=True
    )
    assert [s["outcome"] for s in everything["suggestions"]] == ["C1/LO1", "C1/LO2", "C1/LO3"]


def test_suggest_to_programme_outcomes_through_the_kazakh_text(
    memory_store: GraphStore, tmp_path: Path
) -> None:
    book = _workbook(
        tmp_path / "wb",
        [
            ("C1", "LO1", "", "", ""),
        ],
        pos=[
            ("PO1", "Analyse data", "Деректерді талдау", "wa-2021:WA4@M"),
            ("PO2", "Communicate in writing", "Жазбаша қарым-қатынас жасау", ""),
        ],
    )
    # a Kazakh outcome text (an untagged cell is tagged by its script)
    (book / "outcomes.csv").write_text(
        "course,id,text\nC1,LO1,Тарихи деректерді талдау\n", encoding="utf-8"
    )
    report = suggest(memory_store, stored(memory_store, book), to=PROGRAMME_OUTCOMES, top=2)
    [entry] = report["suggestions"]
    first = entry["candidates"][0]
    assert (first["target"], first["framework"]) == ("PO1", None)
    assert "(kk text)" in first["reason"] and "wa-2021:WA4" in first["reason"]


def test_a_kazakh_outcome_finds_an_english_programme_outcome_through_its_aligned_item(
    memory_store: GraphStore, tmp_path: Path
) -> None:
    # PO1 is written in English only, but aligned to WA10, whose Kazakh label is «Жобаларды
    # басқару және қаржы»; PO2 is English only and aligned to nothing
    book = _workbook(
        tmp_path / "wb",
        [("C1", "LO1", "", "", "")],
        pos=[
            ("PO1", "Lead engineering teams", "", "wa-2021:WA10@M"),
            ("PO2", "Lead research teams", "", ""),
        ],
    )
    (book / "outcomes.csv").write_text(
        "course,id,text\nC1,LO1,Жобаларды басқару\n", encoding="utf-8"
    )
    report = suggest(memory_store, stored(memory_store, book), to=PROGRAMME_OUTCOMES, top=2)
    [entry] = report["suggestions"]
    assert [c["target"] for c in entry["candidates"]] == ["PO1"]
    assert "(kk text)" in entry["candidates"][0]["reason"]


def test_suggest_errors_are_located(memory_store: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="no programme NOPE"):
        suggest(memory_store, "NOPE")
    with pytest.raises(InputError) as caught:
        suggest(memory_store, stored(memory_store, HOME), top=0)
    assert caught.value.problems[0].location.json_path == "top"
    with pytest.raises(NotFoundError, match="unknown framework 'nope-fw'"):
        suggest(memory_store, stored(memory_store, HOME), to="nope-fw")


# --- occupation gap --------------------------------------------------------------------------


def test_occupation_gap_on_the_esco_excerpt(esco_store: GraphStore) -> None:
    report = occupation_gap(
        esco_store, stored(esco_store, DEVELOPER), "2512"
    )  # the one ESCO 2512.* here
    assert report["occupation"]["iri"] == SOFTWARE_DEVELOPER
    assert report["occupation"]["code"] == "2512.4"
    skills = {s["label"]: s for s in report["skills"]}
    # the excerpt holds 24 essential and 80 optional skills of the software developer
    assert report["summary"]["essential"]["total"] == 24
    assert report["summary"]["optional"]["total"] == 80
    # every term of the label in one outcome: covered
    assert skills["debug software"]["status"] == "covered"
    assert skills["debug software"]["matches"][0]["outcome"] == "SE101/LO1"
    assert skills["engineering principles"]["status"] == "covered"
    # one of two informative terms: partly
    assert skills["engineering processes"]["status"] == "partly"
    assert skills["engineering processes"]["matches"][0]["outcome"] == "SE101/LO2"
    assert skills["technical drawings"]["status"] == "partly"
    # nothing shared: missing, no match listed
    assert skills["computer programming"]["status"] == "missing"
    assert skills["computer programming"]["matches"] == []
    assert report["summary"]["essential"]["covered"] == 2
    same = occupation_gap(esco_store, stored(esco_store, DEVELOPER), SOFTWARE_DEVELOPER)
    assert same["skills"] == report["skills"]


def test_occupation_gap_errors(memory_store: GraphStore) -> None:
    with pytest.raises(InputError, match="ESCO is not imported") as caught:
        occupation_gap(memory_store, stored(memory_store, DEVELOPER), "2512")
    assert caught.value.problems[0].location.json_path == "occupation"


def test_occupation_gap_unknown_and_ambiguous_occupations(esco_store: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="no ESCO occupation with code '9999'"):
        occupation_gap(esco_store, stored(esco_store, DEVELOPER), "9999")
    with pytest.raises(NotFoundError, match="no ESCO occupation"):
        occupation_gap(
            esco_store, stored(esco_store, DEVELOPER), "http://data.europa.eu/esco/occupation/x"
        )
    # ISCO 2635 has three ESCO occupations in the excerpt: the error lists them
    with pytest.raises(InputError, match="ISCO group 2635 has 3 ESCO occupations"):
        occupation_gap(esco_store, stored(esco_store, DEVELOPER), "2635")
    with pytest.raises(InputError, match="neither an ESCO IRI"):
        occupation_gap(esco_store, stored(esco_store, DEVELOPER), "software developer")
    with pytest.raises(NotFoundError, match="no programme"):
        occupation_gap(esco_store, "NOPE", "2512")


# --- recognition -----------------------------------------------------------------------------


def test_recognition_without_agreement(memory_store: GraphStore) -> None:
    report = recognise(memory_store, stored(memory_store, HOME), stored(memory_store, PARTNER))
    courses = {c["home_course"]: c for c in report["courses"]}
    # DB201: all three outcomes restated by P-DB (6 ECTS ≥ 0.8 × 5): full
    assert courses["DB201"]["status"] == "full"
    assert courses["DB201"]["partner_courses"] == ["P-DB"]
    assert courses["DB201"]["coverage"] == 1.0
    # NET301: all outcomes matched by P-NET, but 3 ECTS < 0.8 × 5: partial, with the reason
    assert courses["NET301"]["status"] == "partial"
    assert "partner ECTS 3 < 0.8" in courses["NET301"]["notes"][0]
    kk = recognise(
        memory_store, stored(memory_store, HOME), stored(memory_store, PARTNER), lang="kk"
    )
    assert next(c for c in kk["courses"] if c["home_course"] == "NET301")["notes"] == [
        "серіктес ECTS 3 < 0.8 × үй пәнінің ECTS 5"
    ]
    # ML401: one outcome of three matched by P-ML (1/3 ≥ the partial threshold)
    assert courses["ML401"]["status"] == "partial"
    assert courses["ML401"]["coverage"] == pytest.approx(1 / 3, abs=1e-4)
    # HIS101: nothing comparable (Renaissance painting is not the scientific revolution)
    assert courses["HIS101"]["status"] == "none"
    assert courses["HIS101"]["partner_courses"] == []
    assert report["summary"]["ects_recognised"] == 5.0
    assert (report["summary"]["full"], report["summary"]["partial"], report["summary"]["none"]) == (
        1,
        2,
        1,
    )
    assert [u["outcome"] for u in report["uncovered"]] == [
        "HIS101/LO1",
        "HIS101/LO2",
        "ML401/LO2",
        "ML401/LO3",
    ]


def test_recognition_with_an_agreement_groups_partner_courses(
    memory_store: GraphStore, tmp_path: Path
) -> None:
    agreement = tmp_path / "la.csv"
    agreement.write_text(
        "home_course,partner_course\nNET301,P-NET\nNET301,P-ART\nDB201,P-DB\n", encoding="utf-8"
    )
    report = recognise(
        memory_store, stored(memory_store, HOME), stored(memory_store, PARTNER), agreement=agreement
    )
    courses = {c["home_course"]: c for c in report["courses"]}
    assert set(courses) == {"NET301", "DB201"}  # only the agreement's home courses
    # 3 + 4 ECTS of the group ≥ 0.8 × 5, every outcome matched: full
    assert courses["NET301"]["status"] == "full"
    assert courses["NET301"]["partner_ects"] == 7.0
    assert report["summary"]["ects_recognised"] == 10.0


def test_recognition_bad_agreement_is_located(memory_store: GraphStore, tmp_path: Path) -> None:
    agreement = tmp_path / "la.csv"
    agreement.write_text(
        "home_course,partner_course\nDB201,P-DB\nDB201,P-NOPE\n,P-DB\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        recognise(
            memory_store,
            stored(memory_store, HOME),
            stored(memory_store, PARTNER),
            agreement=agreement,
        )
    located = [(p.location.row, p.location.column) for p in caught.value.problems]
    assert located == [(3, "partner_course"), (4, "home_course")]
    assert "no course 'P-NOPE'" in caught.value.problems[0].message
    agreement.write_text("home,partner\nDB201,P-DB\n", encoding="utf-8")
    with pytest.raises(InputError, match="required column 'home_course'"):
        recognise(
            memory_store,
            stored(memory_store, HOME),
            stored(memory_store, PARTNER),
            agreement=agreement,
        )
    agreement.write_bytes("home_course,partner_course\nDB\xe9".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        recognise(
            memory_store,
            stored(memory_store, HOME),
            stored(memory_store, PARTNER),
            agreement=agreement,
        )
    with pytest.raises(NotFoundError, match="no programme NOPE"):
        recognise(memory_store, stored(memory_store, HOME), "NOPE")
