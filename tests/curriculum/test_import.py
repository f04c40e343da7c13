"""Curriculum import: the demo programme from CSV, .xlsx and .zip gives identical graphs; the
data follows docs/data-model.md "A programme"; versions; resolve_programme; the demo loader."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from competency_graph.errors import InputError, NotFoundError
from competency_graph.io.template import COMPONENT_CODES, csv_folder_to_workbook
from competency_graph.namespaces import CG, DCTERMS, data_iri, graph_iri, item_iri
from competency_graph.services import curriculum, system
from competency_graph.store import GraphStore

PROG = "6B07101"


def _sorted_lines(data: bytes) -> list[str]:
    return sorted(line for line in data.decode("utf-8").splitlines() if line.strip())


def _graphs(store: GraphStore, path: Path) -> dict[str, list[str]]:
    data = curriculum.read_workbook(path, store)
    return {g: _sorted_lines(p.data) for g, p in data.graphs.items() if p is not None}


def _zip_folder(folder: Path, out: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.glob("*.csv")):
            zf.write(path, prefix + path.name)
    return out


def test_demo_imports_identically_from_csv_xlsx_and_zip(memory_store: GraphStore,
                                                         demo_copy: Path, demo_xlsx: Path,
                                                         tmp_path: Path) -> None:
    """The CSV folder, the committed .xlsx, a freshly written .xlsx and a .zip of the CSVs
    (inside a folder) convert into the same triples, graph by graph (no blank nodes, sorted
    N-Triples compared)."""
    from_csv = _graphs(memory_store, demo_copy)
    assert set(from_csv) == {graph_iri("programme", PROG, "1"),
                             graph_iri("staff", "demo-steppe-tech", "programme", PROG)}
    assert not any("_:" in line for lines in from_csv.values() for line in lines)
    fresh = csv_folder_to_workbook(demo_copy, tmp_path / "fresh.xlsx")
    zipped = _zip_folder(demo_copy, tmp_path / "demo.zip", prefix="demo-programme/")
    for other in (demo_xlsx, fresh, zipped):
        assert _graphs(memory_store, other) == from_csv, other


def test_demo_programme_matches_the_data_model(memory_store: GraphStore) -> None:
    """The demo programme is a 240-ECTS bachelor with ~50 courses over 8 semesters, PO1–PO12
    aligned to stored wa-2021 items, the realistic gaps it promises, and it says it is
    fictional."""
    summary = curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    assert summary.version == "1" and summary.previous_version is None
    prog = curriculum.get_programme(memory_store, PROG)
    assert "fictional" in prog["title"] and "вымышленная" in prog["titles"]["ru"]
    assert "ойдан шығарылған" in prog["titles"]["kk"]
    assert prog["cycle"] == "bachelor" and prog["ects"] == 240.0
    assert prog["targets"] == ["eur-ace-2015-bachelor", "wa-2021"]
    assert prog["languages"] == ["en", "kk", "ru"]
    assert set(prog["titles"]) == {"en", "ru", "kk"}
    courses = prog["courses"]
    assert 45 <= len(courses) <= 55
    assert prog["course_ects"] == 240.0
    loads: dict[int, float] = {}
    for c in courses:
        loads[c["semester"]] = loads.get(c["semester"], 0) + c["ects"]
    assert sorted(loads) == list(range(1, 9))
    assert loads[5] == 36 and loads[6] == 24  # semester loads off 30 (25-35), on purpose
    assert [p["id"] for p in prog["programme_outcomes"]] == [f"PO{i}" for i in range(1, 13)]
    # alignment targets are stored framework items
    wa_targets = {a["target"] for p in prog["programme_outcomes"] for a in p["aligned_to"]
                  if a["target"].startswith("wa-2021:")}
    assert "wa-2021:WA11" not in wa_targets  # lifelong learning: missing on purpose
    assert {f"wa-2021:WA{i}" for i in range(1, 11)} <= wa_targets
    # PO10 (-> WA10) is only ever introduced by course outcomes
    po10 = {a["level"] for c in courses for o in c["outcomes"] for a in o["aligned_to"]
            if a["target"] == "PO10"}
    assert po10 == {"I"}
    assert any(not c["teachers"] for c in courses)  # a course without a teacher
    english = [c for c in courses if c["languages"] == ["en"]]
    assert len(english) >= 15
    assert any("mobility-window" in c["components"] for c in courses)
    texts = [o["text"] for c in courses for o in c["outcomes"]]
    assert any(t.lower().startswith(("understand", "know")) for t in texts)
    assert 6 <= len(texts) / len(courses) <= 8
    inferred = [o for c in courses for o in c["outcomes"] if o["bloom_inferred"]]
    assert len(inferred) > 150
    assert len(summary.warnings) == 3  # the three unobservable-verb outcomes (en, ru, kk)


def test_rdf_terms_resolve_as_the_contract_says(memory_store: GraphStore) -> None:
    """Levels are irm items, Bloom levels bloom items, cycle cg:Bachelor, components the cg:
    kind individuals, prerequisites course IRIs, languages plain strings, teachers staff IRIs
    of the institution, and exactly one current version."""
    curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    nt = memory_store.export_graph(graph_iri("programme", PROG, "1"), "ntriples").decode()
    base = data_iri("programme", PROG, "1")
    assert f"<{base}> <{CG}cycle> <{CG}Bachelor> ." in nt
    assert f"<{CG}level> <{item_iri('irm', 'M')}> ." in nt
    assert f"<{CG}bloomLevel> <{item_iri('bloom', '6')}> ." in nt
    assert f"<{CG}alignmentTarget> <{item_iri('wa-2021', 'WA4')}> ." in nt
    assert f"<{CG}componentKind> <{CG}MobilityWindow> ." in nt
    assert (f"<{base}/course/CSE201> <{CG}hasPrerequisite> <{base}/course/CSE103> .") in nt
    assert f'<{base}/course/CSE201> <{CG}languageOfInstruction> "en" .' in nt
    assert (f"<{base}/course/CSE201> <{CG}taughtBy> "
            f"<{data_iri('institution', 'demo-steppe-tech', 'staff', 'T08')}> .") in nt
    assert f'<{base}> <{DCTERMS}title> "Есептеу техникасы' in nt
    assert nt.count(f"<{CG}isCurrentVersion>") == 1
    staff = memory_store.export_graph(
        graph_iri("staff", "demo-steppe-tech", "programme", PROG), "ntriples").decode()
    assert data_iri("institution", "demo-steppe-tech", "staff", "T08") in staff
    assert staff.count(f"<{CG}StaffMember>") == 25


def test_component_codes_of_the_template_are_the_ontologys(memory_store: GraphStore) -> None:
    """The template's drop-down list of components equals the ontology's kind notations."""
    rows = memory_store.select("list_component_kinds")
    assert sorted(str(r["code"]) for r in rows) == sorted(COMPONENT_CODES)


def test_reimport_adds_a_version_and_keeps_the_old_one(memory_store: GraphStore) -> None:
    """A second import of the same id is version 2; version 1 stays, with its flag flipped in
    the same write; only version 2 is current."""
    curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    second = curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    assert (second.version, second.previous_version) == ("2", "1")
    versions = curriculum.programme_versions(memory_store, PROG)
    assert [(v, c) for v, _, c in versions] == [("1", False), ("2", True)]
    listed = curriculum.list_programmes(memory_store)
    assert [p["id"] for p in listed] == [PROG]
    assert listed[0]["version"] == "2" and len(listed[0]["versions"]) == 2
    assert listed[0]["courses"] == 48
    old = curriculum.get_programme(memory_store, PROG, version="1")
    assert old["current"] is False and len(old["courses"]) == 48


def test_an_explicit_existing_version_is_refused(memory_store: GraphStore, demo_copy: Path,
                                                 edit_csv: Callable[..., Path]) -> None:
    """A workbook naming a version that is stored is a located error; nothing is written."""

    def set_version(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("version")] = "2025"

    edit_csv(demo_copy, "programme", set_version)
    curriculum.import_programme(memory_store, demo_copy)
    before = memory_store.triple_count()
    with pytest.raises(InputError) as caught:
        curriculum.import_programme(memory_store, demo_copy)
    (problem,) = caught.value.problems
    assert problem.location.sheet == "programme" and problem.location.column == "version"
    assert problem.location.row == 2 and "2025" in problem.message
    assert memory_store.triple_count() == before


def test_unknown_columns_become_notes_with_a_warning(memory_store: GraphStore, demo_copy: Path,
                                                     edit_csv: Callable[..., Path]) -> None:
    """An unknown column is kept as cg:note "column: value" on the row's node and reported
    once as a warning located at its header cell."""

    def add_column(rows: list[list[str]]) -> None:
        rows[0].append("Room")
        for row in rows[1:]:
            row.append("B-204")

    edit_csv(demo_copy, "courses", add_column)
    data = curriculum.read_workbook(demo_copy, memory_store)
    notes = [w for w in data.warnings if "room" in w.message]
    assert len(notes) == 1
    assert (notes[0].location.sheet, notes[0].location.row, notes[0].location.column) == (
        "courses", 1, "Room")
    nt = data.graphs[data.graph].data.decode()  # type: ignore[union-attr]
    assert f'<{data_iri("programme", PROG, "1", "course", "CSE201")}> <{CG}note> "room: B-204"' \
        in nt


def test_missing_teacher_is_a_warning(memory_store: GraphStore, demo_copy: Path,
                                      edit_csv: Callable[..., Path]) -> None:
    """A teacher id that is neither in the staff sheet nor stored is a warning; the course
    still points at that staff IRI."""

    def add_teacher(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("teachers")] = "T20; T99"

    edit_csv(demo_copy, "courses", add_teacher)
    data = curriculum.read_workbook(demo_copy, memory_store)
    (warning,) = [w for w in data.warnings if "T99" in w.message]
    assert (warning.location.sheet, warning.location.row, warning.location.column) == (
        "courses", 2, "teachers")
    nt = data.graphs[data.graph].data.decode()  # type: ignore[union-attr]
    assert data_iri("institution", "demo-steppe-tech", "staff", "T99") in nt


def test_bloom_levels_given_as_names_and_inferred(memory_store: GraphStore, demo_copy: Path,
                                                  edit_csv: Callable[..., Path]) -> None:
    """Bloom accepts 1–6, C1–C6 and level names in any language; an empty cell is inferred
    from the verb (English, Russian infinitive, Kazakh verb-final) and flagged as inferred."""

    def rewrite(rows: list[list[str]]) -> None:
        h = rows[0]
        rows[1][h.index("bloom")] = "Применение"
        rows[2][h.index("bloom")] = "C4"
        rows[3][h.index("bloom")] = "evaluate"
        rows[4][h.index("text")] = "Students will be able to design a parser"
        rows[4][h.index("bloom")] = ""

    edit_csv(demo_copy, "outcomes", rewrite)
    data = curriculum.read_workbook(demo_copy, memory_store)
    nt = data.graphs[data.graph].data.decode()  # type: ignore[union-attr]
    lo = data_iri("programme", PROG, "1", "course", "HIK101", "outcome")
    assert f"<{lo}/LO1> <{CG}bloomLevel> <{item_iri('bloom', '3')}> ." in nt
    assert f"<{lo}/LO2> <{CG}bloomLevel> <{item_iri('bloom', '4')}> ." in nt
    assert f"<{lo}/LO3> <{CG}bloomLevel> <{item_iri('bloom', '5')}> ." in nt
    assert f"<{lo}/LO4> <{CG}bloomLevel> <{item_iri('bloom', '6')}> ." in nt
    assert f"<{lo}/LO4> <{CG}bloomLevelInferred>" in nt
    assert f"<{lo}/LO1> <{CG}bloomLevelInferred>" not in nt


@pytest.mark.parametrize(("text", "level", "verb"), [
    ("Analyse the time complexity of algorithms", "4", "analyse"),
    ("Upon completion of the course, students can explain X", "2", "explain"),
    ("Designs digital circuits", "6", "design"),
    ("Способен анализировать данные", "4", "анализировать"),
    ("Разрабатывает встроенные системы", "6", "разрабатывать"),
    ("Приводить примеры алгоритмов", "2", "приводить примеры"),
    ("Схемаларды талдай алады", "4", "талдау"),
    ("Кәсіби мәтіндерді түсіндіру", "2", "түсіндіру"),
    ("Know the basic laws", None, "know"),
    ("Be familiar with tools", None, "be familiar with"),
    ("Понимать принципы работы", None, "понимать"),
    ("Negotiate contracts", None, None),
])
def test_bloom_inference_reads_the_verb_lists_from_the_store(
        memory_store: GraphStore, text: str, level: str | None, verb: str | None) -> None:
    """The verb lists come from the stored bloom scale (cg:measurableVerb /
    cg:unobservableVerb); unobservable or unknown verbs give no level."""
    from competency_graph.io.workbook import infer_bloom

    vocab = curriculum.build_vocabulary(memory_store)
    assert infer_bloom(text, vocab.bloom) == (level, verb)


def test_open_workbook_uses_a_scratch_store(memory_store: GraphStore,
                                            demo_xlsx: Path) -> None:
    """A workbook path (a CLI argument) is imported into a scratch in-memory store; the user's
    store is not touched, and the stored-id resolver never reads it."""
    before = memory_store.triple_count()
    with pytest.raises(InputError):  # a path is not an id
        curriculum.resolve_programme(memory_store, str(demo_xlsx))
    ref = curriculum.open_workbook(memory_store, demo_xlsx)
    try:
        assert ref.scratch and ref.store is not memory_store
        assert (ref.id, ref.version) == (PROG, "1")
        assert ref.iri == data_iri("programme", PROG, "1")
        assert ref.graph in ref.store.graph_names()
        assert memory_store.triple_count() == before
        assert curriculum.list_programmes(memory_store) == []
    finally:
        ref.close()


def test_resolve_programme_by_id_and_version(memory_store: GraphStore) -> None:
    """An id resolves to its current version, ID@VERSION to that version; unknown ids are
    NotFoundError."""
    curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    ref = curriculum.resolve_programme(memory_store, PROG)
    assert (ref.store, ref.version, ref.scratch) == (memory_store, "2", False)
    assert ref.iri == data_iri("programme", PROG, "2")
    old = curriculum.resolve_programme(memory_store, f"{PROG}@1")
    assert old.iri == data_iri("programme", PROG, "1")
    with pytest.raises(NotFoundError):
        curriculum.resolve_programme(memory_store, "NO-SUCH-PROGRAMME")
    with pytest.raises(NotFoundError):
        curriculum.resolve_programme(memory_store, f"{PROG}@9")


def test_delete_one_version_then_all(memory_store: GraphStore) -> None:
    """Deleting the current version makes the newest remaining one current; deleting the
    programme removes every version and its staff graph."""
    curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    curriculum.import_programme(memory_store, curriculum.DEMO_PROGRAMME_DIR)
    curriculum.delete_programme(memory_store, PROG, "2")
    assert [(v, c) for v, _, c in curriculum.programme_versions(memory_store, PROG)] == [
        ("1", True)]
    curriculum.delete_programme(memory_store, PROG)
    assert curriculum.programme_versions(memory_store, PROG) == []
    assert not [g for g in memory_store.graph_names() if PROG in g]
    with pytest.raises(NotFoundError):
        curriculum.delete_programme(memory_store, PROG)


def test_demo_loader_is_idempotent(memory_store: GraphStore) -> None:
    """The registered demo loader imports the demo programme once."""
    assert curriculum.load_demo_programme in system.DEMO_LOADERS
    curriculum.load_demo_programme(memory_store)
    curriculum.load_demo_programme(memory_store)
    assert [v for v, _, _ in curriculum.programme_versions(memory_store, PROG)] == ["1"]


def test_semicolon_csv_and_decimal_commas_are_read(memory_store: GraphStore, demo_copy: Path,
                                                   tmp_path: Path) -> None:
    """A CSV saved by Excel in a Russian locale (';' separators, decimal commas) reads the
    same."""
    path = demo_copy / "courses.csv"
    text = path.read_text(encoding="utf-8")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    rows[1][rows[0].index("ects")] = "5,0"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    assert _graphs(memory_store, demo_copy) == _graphs(memory_store,
                                                       curriculum.DEMO_PROGRAMME_DIR)


def test_the_import_works_on_every_store(any_store: GraphStore, tmp_path: Path) -> None:
    """Import, new version, listing, JSON and delete behave the same on the embedded stores and
    on a remote SPARQL endpoint."""
    small = tmp_path / "small"
    shutil.copytree(curriculum.DEMO_PROGRAMME_DIR, small)
    curriculum.import_programme(any_store, small)
    curriculum.import_programme(any_store, small)
    listed = curriculum.list_programmes(any_store)
    assert [(p["id"], p["version"], p["courses"]) for p in listed] == [(PROG, "2", 48)]
    prog = curriculum.get_programme(any_store, PROG)
    assert prog["current"] and len(prog["programme_outcomes"]) == 12
    assert [v["current"] for v in prog["versions"]] == [False, True]
    curriculum.delete_programme(any_store, PROG)
    assert curriculum.list_programmes(any_store) == []
    assert not [g for g in any_store.graph_names() if re.search(PROG, g)]


def test_concurrent_imports_of_one_id_get_distinct_versions(memory_store: GraphStore) -> None:
    """Two imports of the same programme at once become versions 1 and 2 (neither overwrites
    the other) and exactly one is current."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(curriculum.import_programme, memory_store,
                               curriculum.DEMO_PROGRAMME_DIR) for _ in range(2)]
        versions = sorted(f.result().version for f in futures)
    assert versions == ["1", "2"]
    stored = curriculum.programme_versions(memory_store, PROG)
    assert [(v, c) for v, _, c in stored] == [("1", False), ("2", True)]


def test_a_text_column_given_only_in_another_language(memory_store: GraphStore,
                                                      demo_copy: Path,
                                                      edit_csv: Callable[..., Path]) -> None:
    """A required text column may be given only as ``column@lang`` (a Russian-only workbook
    with ``title@ru``): the import accepts it and tags the text with that language."""

    def only_ru(rows: list[list[str]]) -> None:
        i = rows[0].index("title")
        for row in rows:
            del row[i]

    edit_csv(demo_copy, "courses", only_ru)
    data = curriculum.read_workbook(demo_copy, memory_store)
    nt = data.graphs[data.graph].data.decode()  # type: ignore[union-attr]
    course = data_iri("programme", PROG, "1", "course", "CSE201")
    assert f'<{course}> <{DCTERMS}title> "Структуры данных и алгоритмы"@ru .' in nt
    assert f'<{course}> <{DCTERMS}title> "Data Structures' not in nt


def test_spreadsheet_habits_are_read(memory_store: GraphStore, demo_copy: Path,
                                     edit_csv: Callable[..., Path], tmp_path: Path) -> None:
    """Language names become tags, an empty `required` means required, 'elective' means not,
    cycle words in Russian are understood, and a header below blank rows keeps the sheet's row
    numbers in messages."""
    import openpyxl

    def courses(rows: list[list[str]]) -> None:
        h = rows[0]
        rows[1][h.index("language")] = "English"
        rows[2][h.index("language")] = "қазақ"
        rows[1][h.index("required")] = ""
        rows[2][h.index("required")] = "elective"
        rows[3][h.index("ects")] = "oops"

    edit_csv(demo_copy, "courses", courses)
    edit_csv(demo_copy, "programme", lambda r: r[1].__setitem__(r[0].index("cycle"),
                                                                "Бакалавриат"))
    path = csv_folder_to_workbook(demo_copy, tmp_path / "habits.xlsx")
    book = openpyxl.load_workbook(path)
    book["courses"].insert_rows(1, amount=2)  # a blank band above the header
    book.save(path)
    with pytest.raises(InputError) as caught:
        curriculum.read_workbook(path, memory_store)
    (problem,) = caught.value.problems
    assert (problem.location.sheet, problem.location.row, problem.location.column) == (
        "courses", 6, "ects")  # header on row 3, the third course on row 6
    edit_csv(demo_copy, "courses", lambda r: r[3].__setitem__(r[0].index("ects"), "5"))
    data = curriculum.read_workbook(demo_copy, memory_store)
    nt = data.graphs[data.graph].data.decode()  # type: ignore[union-attr]
    first = data_iri("programme", PROG, "1", "course", "HIK101")
    second = data_iri("programme", PROG, "1", "course", "ENG101")
    assert f'<{first}> <{CG}languageOfInstruction> "en" .' in nt
    assert f'<{second}> <{CG}languageOfInstruction> "kk" .' in nt
    assert f'<{first}> <{CG}isRequired> "true"' in nt
    assert f'<{second}> <{CG}isRequired> "false"' in nt
    assert f"<{CG}cycle> <{CG}Bachelor>" in nt
