"""Reading the tables of a CSV file, an xlsx workbook or a folder of CSV files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from competency_graph.errors import InputError, Location, Problem
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
    name = str(text or "").strip().lower().replace(" ", "_")
    return name


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes, source: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text: {exc}", Location(file=source))) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") and "\t" not in sample else ","
    if sample.count("\t") > sample.count(delimiter):
        delimiter = "\t"
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


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
    """Read the tables of a CSV file, an xlsx workbook or a folder of CSV files."""
    name = display or str(path)
    if path.is_dir():
        tables = []
        for stem in ("institutions", "indicators", "counts"):
            file = path / f"{stem}.csv"
            if file.is_file():
                table = _table(stem, str(file), None, _csv_rows(file.read_bytes(), str(file)))
                if table:
                    tables.append(table)
        if not tables:
            raise InputError(Problem("the folder holds none of institutions.csv, "
                                     "indicators.csv, counts.csv", Location(file=name)))
        return tables
    if not path.is_file():
        raise InputError(Problem("no such file", Location(file=name)))
    return read_bytes(path.read_bytes(), name)


def read_bytes(data: bytes, name: str) -> list[Table]:
    """Read the tables of an uploaded CSV or xlsx (told apart by the zip signature)."""
    if data[:2] == b"PK":
        return _xlsx_tables(data, name)
    table = _table(None, name, None, _csv_rows(data, name))
    if table is None:
        raise InputError(Problem("the file is empty", Location(file=name)))
    return [table]


def _xlsx_tables(data: bytes, name: str) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(Problem(f"not a readable xlsx workbook: {exc}",
                                 Location(file=name))) from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            kind = sheet.title.strip().lower()
            if kind not in ("institutions", "indicators", "counts"):
                continue
            raw = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            table = _table(kind, name, sheet.title, raw)
            if table:
                tables.append(table)
    finally:
        workbook.close()
    if not tables:
        raise InputError(Problem("the workbook has none of the sheets institutions, "
                                 "indicators, counts", Location(file=name)))
    return tables
