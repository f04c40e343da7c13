"""Bad workbooks (issue 5 "Bad input"): wrong sheet names, missing required columns, a
non-numeric ECTS, an unknown framework code in aligned_to, an unknown level, a duplicate course
code, an unreadable or password-protected file, a CSV in another encoding. Each gives exit 2 on
the command line and HTTP 422 on the API, names file, sheet, row and column for every problem
found, and stores nothing (the store's triple count is unchanged)."""

from __future__ import annotations

import gc
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from competency_graph import services
from competency_graph.config import Settings
from competency_graph.errors import InputError
from competency_graph.io.template import csv_folder_to_workbook
from competency_graph.services import curriculum
from competency_graph.store import GraphStore

BIN = Path(sys.executable).parent / "competency-graph"
Rows = list[list[str]]
Edit = Callable[[Path, str, Callable[[Rows], None]], Path]


@dataclass
class Case:
    """A bad workbook and the problems it must produce: (sheet, row, column, text)."""

    path: Path
    expected: list[tuple[str | None, int | None, str | None, str]]


def _set(sheet_rows: Rows, row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (header = 1) and column name."""
    sheet_rows[row - 1][sheet_rows[0].index(column)] = value


def wrong_sheet_name(folder: Path, edit: Edit, tmp: Path) -> Case:
    (folder / "courses.csv").rename(folder / "course.csv")
    return Case(folder, [("courses", None, None, "'courses' is missing (is 'course' meant")])


def wrong_sheet_name_xlsx(folder: Path, edit: Edit, tmp: Path) -> Case:
    import openpyxl

    path = csv_folder_to_workbook(folder, tmp / "renamed.xlsx")
    book = openpyxl.load_workbook(path)
    book["outcomes"].title = "Outcome list"
    book.save(path)
    return Case(path, [("outcomes", None, None, "the required sheet 'outcomes' is missing")])


def missing_required_column(folder: Path, edit: Edit, tmp: Path) -> Case:
    def drop(rows: Rows) -> None:
        i = rows[0].index("ects")
        for row in rows:
            del row[i]

    edit(folder, "courses", drop)
    return Case(folder, [("courses", 1, "ects", "the required column 'ects' is missing")])


def non_numeric_ects(folder: Path, edit: Edit, tmp: Path) -> Case:
    edit(folder, "courses", lambda r: _set(r, 3, "ects", "five"))
    return Case(folder, [("courses", 3, "ects", "'five'")])


def non_numeric_ects_xlsx(folder: Path, edit: Edit, tmp: Path) -> Case:
    edit(folder, "courses", lambda r: _set(r, 4, "ects", "5 credits"))
    edit(folder, "programme", lambda r: _set(r, 2, "ects", "two hundred forty"))
    path = csv_folder_to_workbook(folder, tmp / "ects.xlsx")
    return Case(path, [("courses", 4, "ects", "'5 credits'"),
                       ("programme", 2, "ects", "'two hundred forty'")])


def unknown_framework_code(folder: Path, edit: Edit, tmp: Path) -> Case:
    def change(rows: Rows) -> None:
        _set(rows, 2, "aligned_to", "wa-2099:WA4@M")
        _set(rows, 3, "aligned_to", "PO6@I; wa-2021:WA99@R")

    edit(folder, "outcomes", change)
    return Case(folder, [("outcomes", 2, "aligned_to", "unknown framework 'wa-2099'"),
                         ("outcomes", 3, "aligned_to", "'wa-2021' has no item 'WA99'")])


def unknown_level(folder: Path, edit: Edit, tmp: Path) -> Case:
    edit(folder, "outcomes", lambda r: _set(r, 4, "aligned_to", "PO1@X"))
    edit(folder, "programme_outcomes", lambda r: _set(r, 3, "aligned_to", "wa-2021:WA2@Expert"))
    return Case(folder, [("outcomes", 4, "aligned_to", "unknown level 'X'"),
                         ("programme_outcomes", 3, "aligned_to", "unknown level 'Expert'")])


def duplicate_course_code(folder: Path, edit: Edit, tmp: Path) -> Case:
    edit(folder, "courses", lambda r: _set(r, 5, "code", r[1][0]))
    return Case(folder, [("courses", 5, "code", "appears twice (first on row 2)")])


def unreadable_file(folder: Path, edit: Edit, tmp: Path) -> Case:
    path = tmp / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    return Case(path, [(None, None, None, "not a readable .xlsx workbook")])


def password_protected(folder: Path, edit: Edit, tmp: Path) -> Case:
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "curriculum"
    return Case(fixture / "password-protected.xlsx", [(None, None, None, "password-protected")])


def csv_in_another_encoding(folder: Path, edit: Edit, tmp: Path) -> Case:
    path = folder / "courses.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    return Case(folder, [("courses", 2, "title@ru", "not UTF-8")])


def many_problems_at_once(folder: Path, edit: Edit, tmp: Path) -> Case:
    def courses(rows: Rows) -> None:
        _set(rows, 3, "ects", "n/a")
        _set(rows, 7, "code", rows[1][0])
        _set(rows, 9, "prerequisites", "XYZ999")
        _set(rows, 10, "components", "erasmus")

    def outcomes(rows: Rows) -> None:
        _set(rows, 2, "aligned_to", "abet:SO1@M")
        _set(rows, 5, "aligned_to", "PO1@Z")
        _set(rows, 6, "bloom", "7")
        _set(rows, 8, "course", "NOPE1")

    edit(folder, "courses", courses)
    edit(folder, "outcomes", outcomes)
    edit(folder, "programme", lambda r: _set(r, 2, "targets", "wa-2021; no-such-framework"))
    return Case(folder, [
        ("courses", 3, "ects", "'n/a'"), ("courses", 7, "code", "appears twice"),
        ("courses", 9, "prerequisites", "XYZ999"), ("courses", 10, "components", "erasmus"),
        ("outcomes", 2, "aligned_to", "unknown framework 'abet'"),
        ("outcomes", 5, "aligned_to", "unknown level 'Z'"), ("outcomes", 6, "bloom", "'7'"),
        ("outcomes", 8, "course", "'NOPE1'"),
        ("programme", 2, "targets", "no-such-framework"),
    ])


def unsafe_zip(folder: Path, edit: Edit, tmp: Path) -> Case:
    path = tmp / "unsafe.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for csv_path in sorted(folder.glob("*.csv")):
            zf.write(csv_path, csv_path.name)
        zf.writestr("../../escape.csv", "id\n1\n")
    return Case(path, [(None, None, None, "unsafe path '../../escape.csv'")])


CASES = [wrong_sheet_name, wrong_sheet_name_xlsx, missing_required_column, non_numeric_ects,
         non_numeric_ects_xlsx, unknown_framework_code, unknown_level, duplicate_course_code,
         unreadable_file, password_protected, csv_in_another_encoding, many_problems_at_once,
         unsafe_zip]


def _matches(problem: dict[str, object], sheet: str | None, row: int | None, column: str | None,
             text: str) -> bool:
    return (problem.get("sheet") == sheet and problem.get("row") == row
            and problem.get("column") == column and text in str(problem.get("message")))


def _check(problems: list[dict[str, object]], case: Case) -> None:
    for sheet, row, column, text in case.expected:
        assert any(_matches(p, sheet, row, column, text) for p in problems), (
            (sheet, row, column, text), problems)
    for p in problems:
        assert p.get("file"), p
        if p.get("sheet") and "sheet" not in str(p.get("message")) and "missing" not in str(
                p.get("message")):
            assert p.get("row") is not None, p


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_service_reports_every_problem_and_stores_nothing(
        make: Callable[..., Case], memory_store: GraphStore, demo_copy: Path,
        edit_csv: Edit, tmp_path: Path) -> None:
    """import_programme raises InputError naming every expected problem with its location;
    the store is unchanged."""
    case = make(demo_copy, edit_csv, tmp_path)
    before = memory_store.triple_count()
    with pytest.raises(InputError) as caught:
        curriculum.import_programme(memory_store, case.path)
    problems = [{"message": p.message, **p.location.as_dict()} for p in caught.value.problems]
    _check(problems, case)
    assert memory_store.triple_count() == before


def _count(store_dir: Path) -> int:
    """The triple count of an on-disk store (opened and released again)."""
    store = services.open_store(Settings(store=str(store_dir)))
    try:
        return store.triple_count()
    finally:
        store.close()
        del store
        gc.collect()  # the embedded store releases its lock when collected


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_cli_exits_2_with_located_errors(make: Callable[..., Case], demo_copy: Path,
                                         edit_csv: Edit, tmp_path: Path) -> None:
    """`competency-graph import PATH --kind curriculum` exits 2, prints one located line per
    problem on stderr, and leaves the on-disk store as it was."""
    case = make(demo_copy, edit_csv, tmp_path)
    store_dir = tmp_path / "store"
    before = _count(store_dir)
    result = subprocess.run([str(BIN), "--store", str(store_dir), "import", str(case.path),
                             "--kind", "curriculum"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert lines
    for sheet, row, column, text in case.expected:
        wanted = [f"sheet {sheet!r}" if sheet else "", f"row {row}" if row else "",
                  f"column {column!r}" if column else "", text]
        assert any(all(w in ln for w in wanted) for ln in lines), (wanted, lines)
    assert _count(store_dir) == before


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_api_answers_422_with_located_errors(make: Callable[..., Case], app_client: object,
                                             memory_store: GraphStore, demo_copy: Path,
                                             edit_csv: Edit, tmp_path: Path) -> None:
    """POST /programmes answers 422 problem+json whose ``errors`` locate every problem (file
    names are the uploaded names); nothing is stored."""
    case = make(demo_copy, edit_csv, tmp_path)
    if case.path.is_dir():
        files = [("file", (p.name, p.read_bytes())) for p in sorted(case.path.glob("*.csv"))]
    else:
        files = [("file", (case.path.name, case.path.read_bytes()))]
    before = memory_store.triple_count()
    response = app_client.post("/programmes", files=files)  # type: ignore[attr-defined]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    _check(errors, case)
    assert all("/tmp" not in str(e.get("file")) for e in errors)  # upload names, not temp paths
    assert memory_store.triple_count() == before


def test_oversized_archive_members_are_refused_before_reading(memory_store: GraphStore,
                                                              tmp_path: Path) -> None:
    """A .zip (or .xlsx) whose members unpack past the size cap, or compress suspiciously
    well, is refused by its declared sizes, before anything is decompressed."""
    from competency_graph.config import limits

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("courses.csv",
                    b"code,title,ects\n" + b"0" * (limits().max_zip_member_bytes + 1))
    assert bomb.stat().st_size < 1_000_000
    as_xlsx = tmp_path / "bomb.xlsx"
    as_xlsx.write_bytes(bomb.read_bytes())
    for path in (bomb, as_xlsx):
        with pytest.raises(InputError) as caught:
            curriculum.import_programme(memory_store, path)
        (problem,) = caught.value.problems
        assert "too large or too compressed" in problem.message
        assert problem.location.file == str(path)


def test_a_broken_programme_sheet_does_not_hide_the_other_sheets_problems(
        memory_store: GraphStore, demo_copy: Path, edit_csv: Edit) -> None:
    """With the programme sheet missing a required column, the problems of the other sheets are
    still reported; a broken programme_outcomes sheet does not make every PO reference an
    error too."""

    def drop(column: str) -> Callable[[Rows], None]:
        def change(rows: Rows) -> None:
            i = rows[0].index(column)
            for row in rows:
                del row[i]
        return change

    edit_csv(demo_copy, "programme", drop("cycle"))
    edit_csv(demo_copy, "programme_outcomes", drop("text"))
    edit_csv(demo_copy, "programme_outcomes", drop("text@ru"))
    edit_csv(demo_copy, "courses", lambda r: _set(r, 3, "ects", "five"))
    with pytest.raises(InputError) as caught:
        curriculum.import_programme(memory_store, demo_copy)
    found = {(p.location.sheet, p.location.row, p.location.column)
             for p in caught.value.problems}
    assert found == {("programme", 1, "cycle"), ("programme_outcomes", 1, "text"),
                     ("courses", 3, "ects")}
