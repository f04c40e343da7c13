"""Reading the curriculum workbook into :class:`Table` objects (header + rows of cell text).

The bytes are read by the one table reader, :mod:`competency_graph.io.tables` (size, zip-bomb,
xlsx, CSV and row/cell guards); this module adds the workbook's own rules: which sheets are
expected, how CSV files and sheets are named, the header row, and the problems a designer can
fix (missing or unknown sheets, a sheet given twice). Every problem is collected, not raised.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io import tables as raw
from competency_graph.io.tables import cell_text

__all__ = ["COLUMNS", "IGNORED_SHEETS", "OPTIONAL_SHEETS", "REQUIRED_SHEETS", "TEXT_COLUMNS",
           "Problems", "Table", "cell_text", "read_tables"]

#: Sheet → (required columns, optional columns). ``staff`` columns are io.staff's.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "programme": (("id", "title", "cycle", "ects"),
                  ("institution", "languages", "targets", "isced_f", "version", "components",
                   "description")),
    "courses": (("code", "title", "ects"),
                ("semester", "language", "required", "prerequisites", "teachers", "components")),
    "programme_outcomes": (("id", "text"), ("aligned_to",)),
    "outcomes": (("course", "id", "text"), ("bloom", "aligned_to")),
    "staff": (("id", "name"), ("department", "english", "competences", "foreign_citizen")),
}
REQUIRED_SHEETS = ("programme", "courses", "outcomes")
OPTIONAL_SHEETS = ("programme_outcomes", "staff")
#: Help sheets of the template, ignored silently.
IGNORED_SHEETS = frozenset({"notes", "lists", "readme", "help"})
#: Text columns that may carry ``@lang`` variants, per sheet.
TEXT_COLUMNS = {"programme": ("title", "description"), "courses": ("title",),
                "programme_outcomes": ("text",), "outcomes": ("text",)}


@dataclass
class Problems:
    """Errors (stop the import) and warnings (reported, the import goes on)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: names of sheets (or CSV files) that are not part of the workbook contract
    unknown_sheets: list[str] = field(default_factory=list)

    def error(self, message: str, location: Location) -> None:
        self.errors.append(Problem(message, location))

    def warn(self, message: str, location: Location) -> None:
        self.warnings.append(Problem(message, location))


@dataclass
class Table:
    """One sheet (or CSV file): its header and its rows as lower-cased header → cell text."""

    name: str                      # canonical sheet name ("courses")
    file: str                      # file named in problems
    sheet: str                     # sheet name as in the file (or the CSV file name)
    header: list[str]              # lower-cased, stripped header cells ("" for blank)
    raw_header: list[str]          # header cells as written
    header_row: int                # the header's row number (1-based)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    #: rows with non-empty cells right of the last header cell: (row, number of cells)
    overflow: list[tuple[int, int]] = field(default_factory=list)

    def loc(self, row: int | None = None, column: str | None = None) -> Location:
        """A location in this table; ``column`` is a lower-cased header, shown as written."""
        shown = column
        if column is not None and column in self.header:
            shown = self.raw_header[self.header.index(column)] or column
        return Location(file=self.file, sheet=self.sheet, row=row, column=shown)


def canonical_sheet(name: str) -> str:
    """Sheet names match case-insensitively; spaces and hyphens count as ``_``."""
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def _make_table(name: str, file: str, sheet: str, rows: Iterable[raw.Row]) -> Table | None:
    table: Table | None = None
    for number, cells in rows:
        cells = [c.strip() for c in cells]
        if table is None:
            if not any(cells):
                continue
            header = [c.casefold() for c in cells]
            table = Table(name, file, sheet, header, cells, number)
            continue
        header = table.header
        record = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
        if any(cells[len(header):]):
            table.overflow.append((number, len(cells)))
        table.rows.append((number, record))
    if table is not None:
        while table.rows and not any(table.rows[-1][1].values()):
            table.rows.pop()
    return table


def read_tables(path: Path, *, display: str | None = None) -> tuple[dict[str, Table], Problems]:
    """Read the workbook at ``path`` (``.xlsx``/``.xlsm``, a folder of CSVs, or a ``.zip``).

    ``display`` is the file name used in problems (e.g. an uploaded file's original name).
    Returns the tables found (by canonical sheet name) and every problem met.
    """
    problems = Problems()
    shown = str(path) if display is None else (display or "upload")
    tables: dict[str, Table] = {}
    try:
        if path.is_dir():
            _read_csv_folder(path, tables, problems, display)
        elif not path.is_file():
            problems.error("no such file or folder", Location(file=shown))
        else:
            _read_file(path, shown, tables, problems)
    except InputError as exc:
        problems.errors.extend(exc.problems)
    if not problems.errors:
        for sheet in REQUIRED_SHEETS:
            if sheet not in tables:
                _missing_sheet(sheet, shown, problems)
    return tables, problems


def _read_file(path: Path, shown: str, tables: dict[str, Table], problems: Problems) -> None:
    suffix = path.suffix.casefold()
    if suffix in {".xlsx", ".xlsm"} or raw._head(path) == raw.OLE_MAGIC:
        _read_xlsx(path, shown, tables, problems)
    elif suffix == ".zip":
        _read_zip(path, shown, tables, problems)
    elif suffix == ".csv":
        problems.error("a single CSV file is not a workbook: put programme.csv, courses.csv, "
                       "outcomes.csv … in one folder or .zip", Location(file=shown))
    else:
        problems.error(f"cannot read {suffix or 'this file'!r}: give an .xlsx workbook, a "
                       "folder of CSV files or a .zip of them", Location(file=shown))


def _missing_sheet(sheet: str, file: str, problems: Problems) -> None:
    extra = {canonical_sheet(e): e for e in problems.unknown_sheets}
    close = difflib.get_close_matches(sheet, list(extra), n=1, cutoff=0.6)
    hint = f" (is {extra[close[0]]!r} meant to be {sheet!r}?)" if close else ""
    problems.error(f"the required sheet {sheet!r} is missing{hint}; sheets are: "
                   + ", ".join(sorted(COLUMNS)), Location(file=file, sheet=sheet))


def _add_table(table: Table | None, tables: dict[str, Table], problems: Problems,
               name: str, file: str, sheet: str) -> None:
    if table is None:
        if name in REQUIRED_SHEETS:
            problems.error("the sheet is empty (no header row)", Location(file=file, sheet=sheet))
        return
    if name in tables:
        problems.error(f"sheet {name!r} is given twice", Location(file=file, sheet=sheet))
        return
    tables[name] = table


def _classify(name: str, file: str, sheet: str, problems: Problems) -> str | None:
    canonical = canonical_sheet(name)
    if canonical in COLUMNS:
        return canonical
    if canonical in IGNORED_SHEETS:
        return None
    close = difflib.get_close_matches(canonical, list(COLUMNS), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    problems.unknown_sheets.append(name)
    problems.warn(f"unknown sheet {sheet!r} ignored{hint}", Location(file=file, sheet=sheet))
    return None


def _read_xlsx(path: Path, file: str, tables: dict[str, Table], problems: Problems) -> None:
    names, sheets = raw.xlsx_sheets(
        path, file=file, want=lambda title: canonical_sheet(title) in COLUMNS)
    for title in names:
        name = _classify(title, file, title, problems)
        if name is not None:
            _add_table(_make_table(name, file, title, sheets[title]), tables, problems, name,
                       file, title)


def _read_csv(data: bytes, name: str, file: str, sheet: str, tables: dict[str, Table],
              problems: Problems) -> None:
    try:
        rows = raw.csv_rows(data, file=file, sheet=sheet)
    except InputError as exc:
        problems.errors.extend(exc.problems)
        # keep the sheet "present" so that no misleading "missing sheet" follows
        tables.setdefault(name, Table(name, file, sheet, [], [], 1))
        return
    _add_table(_make_table(name, file, sheet, rows), tables, problems, name, file, sheet)


def _read_csv_folder(folder: Path, tables: dict[str, Table], problems: Problems,
                     display: str | None = None) -> None:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.casefold() == ".csv")
    if not files:
        problems.error("the folder holds no .csv files", Location(file=display or str(folder)))
        return
    for csv_path in files:
        # display "" names each file by its own name (uploads); otherwise folder/name
        shown = str(csv_path) if display is None else (
            f"{display}/{csv_path.name}" if display else csv_path.name)
        name = _classify(csv_path.stem, shown, csv_path.stem, problems)
        if name is None:
            continue
        try:
            data = raw.read_capped(csv_path, file=shown)
        except InputError as exc:
            problems.errors.extend(exc.problems)
            continue
        _read_csv(data, name, shown, csv_path.stem, tables, problems)


def _read_zip(path: Path, file: str, tables: dict[str, Table], problems: Problems) -> None:
    members = raw.zip_members(path, file=file)
    if not members:
        problems.error("the archive holds no .csv files", Location(file=file))
        return
    for member, data in members:
        where = f"{file}:{member}"
        name = _classify(member.stem, where, member.stem, problems)
        if name is not None:
            _read_csv(data, name, where, member.stem, tables, problems)

