"""Reading the tables of a CSV file, an xlsx workbook or a folder of CSV files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io import tables
from competency_graph.io.indicators.model import RAW_COUNT_COLUMNS

# --- reading tables --------------------------------------------------------------------------

@dataclass
class Table:
    name: str  # institutions | indicators | counts
    file: str
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (1-based row number, cells)

    def loc(self, row: int | None = None, column: str | None = None) -> Location:
        return Location(file=self.file, sheet=self.sheet, row=row, column=column)


def _norm_header(text: object) -> str:
    return str(text or "").strip().lower().replace(" ", "_")


def _stripped(rows: list[tables.Row]) -> list[list[str]]:
    """Cells stripped, numbered from 1 as the reader numbered them."""
    return [[c.strip() for c in cells] for _, cells in rows]


def _classify(header: list[str]) -> str | None:
    cols = set(header)
    if "indicator" in cols:
        return "indicators"
    if "id" in cols and ("name" in cols or "name@en" in cols):
        return "institutions"
    if cols & set(RAW_COUNT_COLUMNS):
        return "counts"
    return None


def _table(kind: str | None, file: str, sheet: str | None, raw: list[list[str]]) -> Table | None:
    # drop fully empty rows but keep the 1-based numbering
    numbered = [(i + 1, row) for i, row in enumerate(raw)]
    numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r)]
    if not numbered:
        return None
    header_row, header_cells = numbered[0]
    header = [_norm_header(c) for c in header_cells]
    kind = kind or _classify(header)
    if kind is None:
        raise InputError(Problem(
            "cannot tell what this table holds: expected an 'indicator' column (indicators), "
            "raw-count columns such as 'foreign_students' (counts) or 'id' and 'name' "
            "(institutions)", Location(file=file, sheet=sheet, row=header_row)))
    return Table(kind, file, sheet, header, numbered[1:])


def read_tables(path: Path, display: str | None = None) -> list[Table]:
    """Read the tables of a CSV file, an xlsx workbook or a folder of CSV files (through the one
    table reader, :mod:`competency_graph.io.tables`, with its size and row guards)."""
    name = display or str(path)
    if path.is_dir():
        found = []
        for stem in ("institutions", "indicators", "counts"):
            file = path / f"{stem}.csv"
            if file.is_file():
                rows = tables.csv_rows(tables.read_capped(file, file=str(file)), file=str(file))
                table = _table(stem, str(file), None, _stripped(rows))
                if table:
                    found.append(table)
        if not found:
            raise InputError(Problem("the folder holds none of institutions.csv, "
                                     "indicators.csv, counts.csv", Location(file=name)))
        return found
    if not path.is_file():
        raise InputError(Problem("no such file", Location(file=name)))
    return read_bytes(tables.read_capped(path, file=name), name)


def read_bytes(data: bytes, name: str) -> list[Table]:
    """Read the tables of an uploaded CSV or xlsx (told apart by the zip signature)."""
    if data[:2] == b"PK" or data[:8] == tables.OLE_MAGIC:
        return _xlsx_tables(data, name)
    table = _table(None, name, None, _stripped(tables.csv_rows(data, file=name)))
    if table is None:
        raise InputError(Problem("the file is empty", Location(file=name)))
    return [table]


_SHEETS = ("institutions", "indicators", "counts")


def _xlsx_tables(data: bytes, name: str) -> list[Table]:
    _, sheets = tables.xlsx_sheets(data, file=name,
                                   want=lambda title: title.strip().lower() in _SHEETS)
    found = []
    for title, rows in sheets.items():
        table = _table(title.strip().lower(), name, title, _stripped(rows))
        if table:
            found.append(table)
    if not found:
        raise InputError(Problem("the workbook has none of the sheets institutions, "
                                 "indicators, counts", Location(file=name)))
    return found
