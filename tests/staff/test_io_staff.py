"""The staff-row converter (io/staff.py): N-Triples per docs/data-model.md, located problems."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import rdflib

from competency_graph.io import staff as io_staff
from competency_graph.namespaces import CG, DCTERMS, SCHEMA, XSD, item_iri

T01 = "https://w3id.org/competency-graph/data/institution/kaztech/staff/T01"


def convert(rows: list[dict[str, str]], **kw: object) -> tuple[rdflib.Graph, list]:  # type: ignore[type-arg]
    data, problems = io_staff.staff_to_ntriples(rows, institution="kaztech", file="w.xlsx",
                                                sheet="staff", **kw)  # type: ignore[arg-type]
    return rdflib.Graph().parse(data=data, format="nt"), problems


def test_a_row_becomes_a_staff_member_with_assertions() -> None:
    """id, names, department, institution, citizenship and one assertion per competence, with
    level, evidence and date; English lands on staff-intl SI1 at a CEFR level."""
    g, problems = convert([{
        "id": "T01", "name": "Aida Bekova", "name@ru": "Аида Бекова", "department": "CS",
        "english": "c1", "english_evidence": "IELTS 7.5", "english_date": "2025-06-01",
        "competences": "digcompedu:3.1@B1; staff-intl:SI2@L2", "evidence": "certificate",
        "assessed_on": "01.03.2025", "foreign_citizen": "yes"}])
    assert problems == []
    s = rdflib.URIRef(T01)
    assert (s, rdflib.RDF.type, rdflib.URIRef(CG + "StaffMember")) in g
    assert str(g.value(s, rdflib.URIRef(DCTERMS + "identifier"))) == "T01"
    names = {(str(o), o.language) for o in g.objects(s, rdflib.URIRef(SCHEMA + "name"))}
    assert names == {("Aida Bekova", None), ("Аида Бекова", "ru")}
    assert g.value(s, rdflib.URIRef(CG + "foreignCitizen")).toPython() is True
    assert str(g.value(s, rdflib.URIRef(CG + "memberOf"))).endswith("/data/institution/kaztech")
    found = {}
    for a in g.objects(s, rdflib.URIRef(CG + "hasCompetenceAssertion")):
        assert str(a).startswith(T01 + "/assertion/")
        found[str(g.value(a, rdflib.URIRef(CG + "competency")))] = (
            str(g.value(a, rdflib.URIRef(CG + "level"))),
            str(g.value(a, rdflib.URIRef(CG + "evidence"))),
            g.value(a, rdflib.URIRef(DCTERMS + "date")))
    assert found[item_iri("staff-intl", "SI1")][:2] == (item_iri("cefr", "C1"), "IELTS 7.5")
    assert found[item_iri("staff-intl", "SI1")][2].datatype == rdflib.URIRef(XSD + "date")
    assert str(found[item_iri("staff-intl", "SI1")][2]) == "2025-06-01"
    assert found[item_iri("digcompedu", "3.1")][0] == item_iri("digcompedu-progression", "B1")
    assert str(found[item_iri("digcompedu", "3.1")][2]) == "2025-03-01"
    assert found[item_iri("staff-intl", "SI2")][0] == item_iri("staff-intl-levels", "L2")


def test_every_problem_is_reported_with_its_place() -> None:
    """Bad cells give errors located by file, sheet, row and column; all of them, not the
    first only; the bad row is left out."""
    rows = [{"id": "T01", "name": "A", "english": "B2"},
            {"id": "T01", "name": "", "english": "D1", "foreign_citizen": "maybe",
             "competences": "foo:1@A; staff-intl:SI9@L1; staff-intl:SI2@C1; digcompedu:3.1; x",
             "assessed_on": "yesterday"}]
    g, problems = convert(rows)
    assert not any(io_staff.is_warning(p) for p in problems)
    where = {(p.location.row, p.location.column) for p in problems}
    assert where == {(3, "name"), (3, "id"), (3, "english"), (3, "foreign_citizen"),
                     (3, "competences"), (3, "assessed_on")}
    messages = " | ".join(p.message for p in problems)
    for part in ("unknown framework 'foo'", "no item 'SI9'", "'C1' is not a level of "
                 "'staff-intl-levels'", "has no level", "appears again (first on row 2)"):
        assert part in messages
    assert all(p.location.file == "w.xlsx" and p.location.sheet == "staff" for p in problems)
    assert len({str(s) for s in g.subjects(rdflib.RDF.type, None)
                if "/assertion/" not in str(s)}) == 1


def test_unknown_columns_are_notes_and_warnings() -> None:
    """An unknown column is kept as cg:note and reported once as a warning on the header."""
    g, problems = convert([{"id": "T01", "name": "A", "office": "301"},
                           {"id": "T02", "name": "B", "office": ""}])
    assert [(io_staff.is_warning(p), p.location.row, p.location.column) for p in problems] == [
        (True, 1, "office")]
    assert str(g.value(rdflib.URIRef(T01), rdflib.URIRef(CG + "note"))) == "office: 301"


def test_known_items_extend_the_bundled_lookup() -> None:
    """Items of an imported framework resolve when the caller passes known_items/known_levels."""
    rows = [{"id": "T01", "name": "A", "competences": "myfw:K1@2"}]
    _, problems = convert(rows)
    assert problems and "unknown framework 'myfw'" in problems[0].message
    g, problems = convert(rows, known_items={"myfw:K1": "myscale"},
                          known_levels={"myscale": {"2": "https://example.org/l/2"}})
    assert problems == []
    levels = {str(o) for o in g.objects(None, rdflib.URIRef(CG + "level"))}
    assert levels == {"https://example.org/l/2"}


def test_assertion_iris_are_stable_and_content_derived() -> None:
    """The same row converts to the same IRIs; a different level gives a different assertion."""
    row = {"id": "T01", "name": "A", "english": "B2"}
    first, _ = io_staff.staff_to_ntriples([row], institution="i", file="f", sheet="s")
    again, _ = io_staff.staff_to_ntriples([dict(row)], institution="i", file="f", sheet="s")
    other, _ = io_staff.staff_to_ntriples([{**row, "english": "C1"}], institution="i",
                                          file="f", sheet="s")
    assert first == again
    assert first != other


def test_read_table_reads_csv_and_xlsx(tmp_path: Path) -> None:
    """A roster is read from CSV (UTF-8, BOM tolerated) or the 'staff' sheet of an xlsx; dates
    from spreadsheet cells become ISO text."""
    import datetime

    csv_path = tmp_path / "r.csv"
    csv_path.write_bytes("\ufeffID,Name,English\nT1,Әлия,B2\n".encode())
    assert io_staff.read_table(csv_path) == ("r", [{"id": "T1", "name": "Әлия",
                                                    "english": "B2"}])
    book = openpyxl.Workbook()
    book.active.title = "other"
    sheet = book.create_sheet("staff")
    sheet.append(["id", "name", "assessed_on"])
    sheet.append(["T1", "A", datetime.datetime(2025, 6, 1)])
    book.save(tmp_path / "r.xlsx")
    assert io_staff.read_table(tmp_path / "r.xlsx") == (
        "staff", [{"id": "T1", "name": "A", "assessed_on": "2025-06-01"}])
    with pytest.raises(io_staff.InputError):
        io_staff.read_table(tmp_path / "r.txt")
