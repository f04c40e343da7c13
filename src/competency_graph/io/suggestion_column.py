"""Write alignment suggestions into a COPY of a curriculum workbook (``suggest
--write-workbook OUT``).

The copy gets, on the ``outcomes`` and ``programme_outcomes`` sheets, two columns after the
last one:

* ``aligned_to_suggested`` — the candidates in the ``aligned_to`` syntax (DESIGN §5), best
  first, each at level ``I`` (``wa-2021:WA4@I; PO3@I``);
* ``suggestion_scores`` — their scores in the same order (``0.52; 0.41``).

Nothing is accepted silently: a designer moves the entries they accept into ``aligned_to``
(and sets the level), then imports the copy; the two extra columns are read as notes on import
(with a warning), or can be deleted. Existing columns of those names are overwritten. The
original workbook is never modified; ``OUT`` must not exist yet. ``.xlsx`` (``.xlsm``) files
and CSV folders are supported; a ``.zip`` is refused (unzip it to a folder first).
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Mapping
from pathlib import Path

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io.tables import csv_rows
from competency_graph.io.workbook import read_tables

SUGGESTED = "aligned_to_suggested"
SCORES = "suggestion_scores"
_SHEETS = ("outcomes", "programme_outcomes")

__all__ = ["SCORES", "SUGGESTED", "write_suggestion_columns"]


def _key(sheet: str, row: Mapping[str, str]) -> str:
    if sheet == "outcomes":
        return f"{row.get('course', '').strip()}/{row.get('id', '').strip()}"
    return row.get("id", "").strip()


def write_suggestion_columns(source: Path, out: Path,
                             cells: Mapping[str, tuple[str, str]]) -> int:
    """Copy ``source`` to ``out`` with the two columns filled from ``cells`` (outcome id →
    (suggested, scores)); return the number of rows filled.

    :raises InputError: an unsupported or unreadable workbook, or ``out`` exists.
    """
    where = Location(file=str(out))
    if out.exists():
        raise InputError(Problem("the output already exists; give a new path", where))
    suffix = source.suffix.casefold()
    if not (source.is_dir() or suffix in (".xlsx", ".xlsm")):
        raise InputError(Problem("--write-workbook needs an .xlsx workbook or a CSV folder "
                                 "(unzip a .zip first)", Location(file=str(source))))
    if not source.is_dir() and out.suffix.casefold() != suffix:
        raise InputError(Problem(f"the copy of a {suffix} workbook must end in {suffix}",
                                 where))
    tables, problems = read_tables(source)
    if problems.errors:
        raise InputError(problems.errors)
    filled = 0
    if source.is_dir():
        shutil.copytree(source, out)
        for name in _SHEETS:
            table = tables.get(name)
            if table is None:
                continue
            target = out / Path(table.file).name
            # read as the importer reads (the one table reader); written back comma-separated
            rows = [list(row) for _, row in csv_rows(target.read_bytes(), file=table.file)]
            header_index = table.header_row - 1
            header = rows[header_index]
            columns = [c.strip().casefold() for c in header]
            for column in (SUGGESTED, SCORES):
                if column not in columns:
                    header.append(column)
                    columns.append(column)
            suggested_at, scores_at = columns.index(SUGGESTED), columns.index(SCORES)
            by_row = dict(table.rows)
            for number in range(header_index + 1, len(rows)):
                row = rows[number]
                row += [""] * (len(header) - len(row))
                data = by_row.get(number + 1)
                value = cells.get(_key(name, data)) if data is not None else None
                if value:
                    row[suggested_at], row[scores_at] = value
                    filled += 1
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            target.write_text(buffer.getvalue(), encoding="utf-8")
        return filled
    import openpyxl

    book = openpyxl.load_workbook(source, keep_vba=suffix == ".xlsm")
    try:
        for name in _SHEETS:
            table = tables.get(name)
            if table is None:
                continue
            sheet = book[table.sheet]
            header = [str(c.value or "").strip().casefold() for c in sheet[table.header_row]]
            at: dict[str, int] = {}
            for column in (SUGGESTED, SCORES):
                if column in header:
                    at[column] = header.index(column) + 1
                else:
                    header.append(column)
                    at[column] = len(header)
                    sheet.cell(row=table.header_row, column=at[column], value=column)
            for number, data in table.rows:
                value = cells.get(_key(name, data))
                if value:
                    sheet.cell(row=number, column=at[SUGGESTED], value=value[0])
                    sheet.cell(row=number, column=at[SCORES], value=value[1])
                    filled += 1
        book.save(out)
    finally:
        book.close()
    return filled
