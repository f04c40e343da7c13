"""Importing indicator data: Data Cube observations, raw counts, institutions, merge/replace,
and bad input (every problem located, nothing stored)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from competency_graph.errors import InputError, NotFoundError
from competency_graph.io import indicators as io_ind
from competency_graph.namespaces import graph_iri
from competency_graph.services.benchmarking import indicators as ind
from competency_graph.store import GraphStore

from .conftest import write_dataset

OBS_QUERY = """
SELECT ?year ?value ?num ?den ?ds ?source WHERE {
  GRAPH <https://w3id.org/competency-graph/graph/indicators/u-tech> {
    ?o a cg:IndicatorObservation ; qb:dataSet ?ds ; cg:refYear ?year ; cg:value ?value ;
       cg:refInstitution <https://w3id.org/competency-graph/data/institution/u-tech> ;
       cg:refIndicator <https://w3id.org/competency-graph/framework/int-indicators/INT1> .
    ?ds a cg:IndicatorDataset .
    OPTIONAL { ?o cg:numerator ?num } OPTIONAL { ?o cg:denominator ?den }
    OPTIONAL { ?o dcterms:source ?source }
  }
} ORDER BY ?year
"""


def _select(store: GraphStore, query: str) -> list[dict[str, str]]:
    out = store.run_user_query(query, results_format="json")
    rows = json.loads(out.body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def _snapshot(store: GraphStore) -> tuple[list[str], int]:
    return sorted(store.graph_names()), store.triple_count()


def test_import_writes_data_cube_observations_per_institution(bench_store: GraphStore) -> None:
    """Each institution's observations land in graph/indicators/<id> as cg:IndicatorObservation
    (qb:Observation) of the institution's cg:IndicatorDataset, with the value computed from the
    raw counts (160 / 5000 × 100 = 3.2; 250 / 5000 × 100 = 5) and the counts kept."""
    rows = _select(bench_store, OBS_QUERY)
    assert [(r["year"], float(r["value"]), float(r["num"]), float(r["den"])) for r in rows] \
        == [("2022", 3.2, 160.0, 5000.0), ("2024", 5.0, 250.0, 5000.0)]
    assert rows[0]["source"] == "registrar"
    assert rows[0]["ds"].endswith("/data/institution/u-tech/indicators")
    graphs = bench_store.graph_names()
    for inst in ("u-tech", "p1", "p2", "p3", "cls"):
        assert graph_iri("indicators", inst) in graphs
    assert graph_iri("institutions") in graphs


def test_institutions_are_listed_with_names_country_type_and_years(
        bench_store: GraphStore) -> None:
    """Names in three languages, the country upper-cased, the type lower-cased, the size and
    the years with data."""
    items = {i.id: i for i in ind.list_institutions(bench_store, "ru")}
    assert sorted(items) == ["cls", "p1", "p2", "p3", "u-tech"]
    u = items["u-tech"]
    assert u.name == "Тестовый техуниверситет"
    assert set(u.names) == {"en", "ru", "kk"}
    assert (u.country, u.type, u.students, u.years) == ("KZ", "technical", 5000,
                                                        [2022, 2023, 2024])
    assert (items["p2"].country, items["p2"].type) == ("KZ", "technical")
    assert items["p2"].name == "Peer Two"  # falls back to English
    assert items["cls"].type == "classical"


def test_a_second_import_merges_by_year_and_indicator(bench_store: GraphStore,
                                                      tmp_path: Path) -> None:
    """A row replaces the stored observation of the same year and indicator; others stay.
    replace=True makes the file the institution's whole dataset."""
    file = tmp_path / "more.csv"
    file.write_text("institution,year,indicator,value\nu-tech,2024,INT2,9\n"
                    "u-tech,2025,INT2,10\n", encoding="utf-8")
    result = ind.import_indicators(bench_store, file)
    assert result.observations == 2 and result.institutions == ["u-tech"]
    values = {(o.year, o.indicator): float(o.value) for o in ind.observations(bench_store,
                                                                               "u-tech")}
    assert values[(2024, "INT2")] == 9 and values[(2025, "INT2")] == 10
    assert values[(2022, "INT5")] == 50  # untouched
    ind.import_indicators(bench_store, file, replace=True)
    assert sorted(ind.observations(bench_store, "u-tech"), key=lambda o: o.year)[0].year == 2024
    assert len(ind.observations(bench_store, "u-tech")) == 2
    assert len(ind.observations(bench_store, "p1")) > 0  # other institutions untouched


def test_reimporting_institutions_upserts_and_keeps_other_statements(
        bench_store: GraphStore, tmp_path: Path) -> None:
    """A re-import replaces what the importer manages (names, country, type, size) for the
    institutions in the file, keeps the other institutions, and keeps statements other areas
    made about an institution in graph/institutions (here an rdfs:comment)."""
    from competency_graph.model import RdfPayload

    graph = graph_iri("institutions")
    extra = (b"<https://w3id.org/competency-graph/data/institution/u-tech> "
             b"<http://www.w3.org/2000/01/rdf-schema#comment> \"kept\" .\n")
    bench_store.replace_graph(graph, RdfPayload(bench_store.export_graph(graph, "ntriples")
                                                + extra, "ntriples"))
    file = tmp_path / "inst.csv"
    file.write_text("id,name,country,type,students\nu-tech,Renamed Tech,KZ,research,6000\n",
                    encoding="utf-8")
    ind.import_indicators(bench_store, file)
    items = {i.id: i for i in ind.list_institutions(bench_store)}
    assert len(items) == 5
    u = items["u-tech"]
    assert (u.name, u.type, u.students, u.names) == ("Renamed Tech", "research", 6000,
                                                     {"en": "Renamed Tech"})
    assert items["p1"].names["ru"] == "Партнёр 1"
    assert b'"kept"' in bench_store.export_graph(graph, "ntriples")


def test_xlsx_with_three_sheets(memory_store: GraphStore, tmp_path: Path) -> None:
    """A workbook with institutions, indicators and counts sheets imports like the folder."""
    book = Workbook()
    sheet = book.active
    sheet.title = "institutions"
    sheet.append(["id", "name", "country", "type", "students"])
    sheet.append(["x-tech", "X Tech", "KZ", "technical", 1000])
    ind_sheet = book.create_sheet("indicators")
    ind_sheet.append(["institution", "year", "indicator", "value", "numerator", "denominator"])
    ind_sheet.append(["x-tech", 2024, "INT7", 42.5, None, None])
    ind_sheet.append(["x-tech", 2024, "INT3", None, 30, 200])
    counts = book.create_sheet("counts")
    counts.append(["institution", "year", "foreign_staff_fte", "visiting_foreign_professors",
                   "staff_fte", "outgoing_exchange", "students"])
    counts.append(["x-tech", 2024, 12, 3, 100, 20, 1000])
    book.create_sheet("notes").append(["ignored sheet"])
    path = tmp_path / "data.xlsx"
    book.save(path)
    result = ind.import_indicators(memory_store, path)
    values = {o.indicator: float(o.value) for o in ind.observations(memory_store, "x-tech")}
    # INT3 = 30 / 200 × 100 = 15; INT2 = (12 + 3) / 100 × 100 = 15; INT4 = 20 / 1000 × 100 = 2
    assert values == {"INT7": 42.5, "INT3": 15.0, "INT2": 15.0, "INT4": 2.0}
    assert result.observations == 4


def test_comma_decimals_percent_signs_and_semicolons(memory_store: GraphStore,
                                                    tmp_path: Path) -> None:
    """A semicolon-separated CSV with decimal commas, '%' and spaced thousands is read."""
    write_dataset(tmp_path / "d")
    ind.import_indicators(memory_store, tmp_path / "d" / "institutions.csv")
    file = tmp_path / "semi.csv"
    file.write_text("institution;year;indicator;value;numerator;denominator\n"
                    "u-tech;2024;INT1;7,5%;;\np1;2024;INT3;;1 200;12 000\n", encoding="utf-8")
    ind.import_indicators(memory_store, file)
    got = {(o.institution, o.indicator): float(o.value) for o in ind.observations(memory_store)}
    assert got == {("u-tech", "INT1"): 7.5, ("p1", "INT3"): 10.0}


BAD_CSV = """\
institution,year,indicator,value,numerator,denominator,source
u-tech,2024,INT1,,800,0,s
u-tech,2024,INT2,120,,,s
u-tech,2024,INT99,1,,,s
ghost,2024,INT3,5,,,s
u-tech,2024,INT4,abc,,,s
u-tech,20x4,INT5,40,,,s
u-tech,2024,INT6,40,,,s
u-tech,2024,INT6,41,,,s
u-tech,2024,INT3,,300,200,s
u-tech,2024,INT7,,1,2,s
u-tech,2024,INT5,,,,s
"""


def test_bad_csv_reports_every_problem_located_and_stores_nothing(
        bench_store: GraphStore, tmp_path: Path) -> None:
    """Zero denominator, a share above 100 %, an unknown indicator, an unknown institution, a
    non-numeric value, a bad year, a duplicate row, a numerator above its denominator, a
    numerator/denominator for an index, and an empty value: all reported with file, row and
    column; the store is unchanged."""
    file = tmp_path / "bad.csv"
    file.write_text(BAD_CSV, encoding="utf-8")
    before = _snapshot(bench_store)
    with pytest.raises(InputError) as info:
        ind.import_indicators(bench_store, file)
    found = [(p.location.row, p.location.column) for p in info.value.problems]
    assert found == [(2, "denominator"), (3, "value"), (4, "indicator"), (5, "institution"),
                     (6, "value"), (7, "year"), (9, "indicator"), (10, "denominator"),
                     (11, "numerator"), (12, "value")]
    messages = [p.message for p in info.value.problems]
    assert "zero" in messages[0]
    assert "outside the indicator's range 0–100" in messages[1]
    assert "INT99" in messages[2] and "ghost" in messages[3]
    assert "duplicate" in messages[6] and "row 8" in messages[6]
    assert "300 ÷ 200" in messages[7]
    assert all(p.location.file == str(file) for p in info.value.problems)
    assert _snapshot(bench_store) == before


def test_bad_institutions_and_counts_in_xlsx_are_located_by_sheet(
        memory_store: GraphStore, tmp_path: Path) -> None:
    """Problems in two sheets carry the sheet name; a duplicate institution, a bad country and
    type, a negative count and a zero denominator are all reported; nothing is stored."""
    book = Workbook()
    sheet = book.active
    sheet.title = "institutions"
    sheet.append(["id", "name", "country", "type", "students", "colour"])
    sheet.append(["a", "A", "Kazakhstan", "technical", 10, "red"])
    sheet.append(["a", "A again", "KZ", "poly", -1, ""])
    sheet.append(["b", "", "KZ", "technical", 5, ""])
    counts = book.create_sheet("counts")
    counts.append(["institution", "year", "foreign_students", "students", "staff_abroad",
                   "academic_staff"])
    counts.append(["a", 2024, 10, 0, -3, 100])
    counts.append(["a", 2024, 10, None, None, None])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    before = _snapshot(memory_store)
    with pytest.raises(InputError) as info:
        ind.import_indicators(memory_store, path)
    located = {(p.location.sheet, p.location.row, p.location.column)
               for p in info.value.problems}
    assert ("institutions", 1, "colour") in located          # unknown column
    assert ("institutions", 2, "country") in located
    assert ("institutions", 3, "type") in located
    assert ("institutions", 3, "students") in located
    assert ("institutions", 4, "name") in located
    assert ("counts", 2, "students") in located              # INT1 denominator zero
    assert ("counts", 2, "staff_abroad") in located          # negative
    assert ("counts", 3, "students") in located              # INT1 needs its denominator
    assert _snapshot(memory_store) == before


def test_an_upload_for_one_institution(bench_store: GraphStore) -> None:
    """The API upload: rows may omit the institution; a row about another one is refused; an
    unknown institution is 404."""
    result = ind.import_indicator_bytes(bench_store, b"year,indicator,value\n2025,INT1,6\n",
                                        "up.csv", institution="u-tech")
    assert result.observations == 1
    with pytest.raises(InputError) as info:
        ind.import_indicator_bytes(bench_store, b"institution,year,indicator,value\n"
                                   b"p1,2025,INT1,6\n", "up.csv", institution="u-tech")
    assert info.value.problems[0].location.column == "institution"
    with pytest.raises(NotFoundError):
        ind.import_indicator_bytes(bench_store, b"year,indicator,value\n2025,INT1,6\n",
                                   "up.csv", institution="nobody")
    with pytest.raises(InputError):
        ind.import_indicator_bytes(bench_store, b"  ", "empty.csv", institution="u-tech")


def test_header_only_problems(memory_store: GraphStore, tmp_path: Path) -> None:
    """A table that is none of the three kinds, or a broken xlsx, is refused with its file."""
    file = tmp_path / "what.csv"
    file.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        ind.import_indicators(memory_store, file)
    assert info.value.problems[0].location.file == str(file)
    with pytest.raises(InputError):
        io_ind.read_bytes(b"PK\x03\x04 not really a zip", "broken.xlsx")
    with pytest.raises(InputError):
        ind.import_indicators(memory_store, tmp_path / "missing.csv")


def test_demo_loader_is_idempotent(memory_store: GraphStore) -> None:
    """The fictional demo lands once; a second run changes nothing."""
    ind.load_demo_indicators(memory_store)
    first = _snapshot(memory_store)
    items = ind.list_institutions(memory_store)
    assert len(items) == 8 and all(i.id.startswith("demo-") for i in items)
    assert all("fictional" in i.name for i in items)
    assert {i.country for i in items} >= {"KZ", "DE"}
    assert all(i.years == [2022, 2023, 2024] for i in items)
    ind.load_demo_indicators(memory_store)
    assert _snapshot(memory_store) == first


def test_templates_for_real_data_import_cleanly(memory_store: GraphStore) -> None:
    """docs/templates/*.csv are valid input (institutions first, then indicators)."""
    root = Path(__file__).resolve().parents[2] / "docs" / "templates"
    ind.import_indicators(memory_store, root / "institutions-template.csv")
    result = ind.import_indicators(memory_store, root / "indicators-template.csv")
    assert result.observations == 7
    counts = ind.import_indicators(memory_store, root / "counts-template.csv")
    assert counts.observations == 10  # INT1–INT6 and INT-S1–INT-S4 from one row of counts
    got = {o.indicator: float(o.value) for o in ind.observations(memory_store, "my-university")}
    # INT2 = (24 + 8) / 800 × 100 = 4; INT4 = (130 + 80) / 10000 × 100 = 2.1
    assert (got["INT2"], got["INT4"], got["INT7"]) == (4.0, 2.1, 48.5)


def test_import_and_benchmark_on_every_store(any_store: GraphStore, dataset_dir: Path) -> None:
    """The queries work on the embedded store (memory, disk) and the remote SPARQL endpoint."""
    from competency_graph.reports import benchmarking as bench_reports
    from competency_graph.services import benchmarking as bench

    ind.import_indicators(any_store, dataset_dir)
    report = bench.benchmark(any_store, "u-tech", year=2024)
    int1 = next(r for r in report.indicators if r.code == "INT1")
    assert (int1.value, int1.peer_median, int1.best_in_class, int1.rank) == (5.0, 10.0, 20.0, 3)
    first_line = io.StringIO(bench_reports.render_benchmark_csv(report)).readline()
    assert first_line.startswith("indicator,")
