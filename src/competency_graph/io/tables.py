"""The one spreadsheet/CSV table reader of every upload: the curriculum workbook (``.xlsx``, a
folder or a ``.zip`` of CSV files), the staff roster and the indicator tables.

It returns rows of cell text — ``(row number, [cell, …])`` with 1-based numbers as a
spreadsheet shows them — and leaves the meaning of the columns to the caller. Every guard runs
before the work it protects, and every refusal is an ``InputError`` located by file, sheet,
row/line and column (the limits are :class:`competency_graph.config.Limits`):

* **archives** (``.zip`` and ``.xlsx``, which is a zip): entry count, declared decompressed size
  per entry and in total, compression ratio of entries over 1 MiB, encrypted entries, and (for a
  zip of CSVs) entry names that are absolute or climb out with ``..``. Reading an entry never
  returns more than its declared size (``zipfile`` stops there), so the declared sizes bound
  the work.
* **xlsx**: the shared-strings table is counted while streaming (a "shared-strings bomb" is
  refused before openpyxl builds the table); openpyxl reads in ``read_only`` mode (rows streamed)
  with its XML parsed by defusedxml (no entities, no DTDs); the sheet's claimed dimensions are
  ignored (``reset_dimensions``) so a forged ``A1:XFD1048576`` creates no empty cells; a damaged
  sheet is a located error naming the sheet and the row reached; a workbook without sheets is a
  located error.
* **CSV**: size before decoding; UTF-16 and non-UTF-8 bytes located by line, column and cell;
  a bare carriage return (CR not followed by LF, which ``csv`` cannot read reliably) located by
  line; ``_csv.Error`` mapped to a located error; the delimiter (``,`` ``;`` or tab) is taken from
  the first line.
* **every table**: rows, columns, cells and cell length are capped; rows are counted while they
  stream, so a 1,000,000-row file is refused at the row cap without building a million rows;
  NUL and other control characters (tab and line ends excepted) are refused with their cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath

from competency_graph.config import Limits, limits
from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import CONTROL_CHARS

__all__ = [
    "OLE_MAGIC",
    "Row",
    "cell_text",
    "check_archive",
    "csv_rows",
    "read_capped",
    "sniff_delimiter",
    "xlsx_sheets",
    "zip_members",
]

#: ``(1-based row number, cells)``
Row = tuple[int, list[str]]
#: The signature of OLE2 files: legacy ``.xls`` and password-protected (encrypted) workbooks.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BARE_CR = re.compile(r"\r(?!\n)")
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")


def _fail(message: str, file: str, sheet: str | None = None, *, row: int | None = None,
          column: str | None = None, line: int | None = None,
          col: int | None = None) -> InputError:
    return InputError(Problem(message, Location(file=file, sheet=sheet, row=row, column=column,
                                                line=line, col=col)))


# --- cells -------------------------------------------------------------------------------------

def cell_text(value: object) -> str:
    """Turn a spreadsheet cell value into the text a CSV would hold (stripped)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if hasattr(value, "hour") and text.endswith("T00:00:00") else text
    return str(value).strip()


class _Counter:
    """Applies the per-table caps while rows stream in."""

    def __init__(self, caps: Limits, file: str, sheet: str | None, check_controls: bool) -> None:
        self.caps, self.file, self.sheet = caps, file, sheet
        self.check_controls = check_controls
        self.cells = 0
        self.header: list[str] = []

    def _column(self, index: int) -> str:
        if index < len(self.header) and self.header[index]:
            return self.header[index]
        return _column_letter(index)

    def row(self, number: int, cells: list[str]) -> list[str]:
        caps = self.caps
        if number > caps.max_rows:
            raise _fail(f"too many rows: the table has more than {caps.max_rows} rows (the "
                        "limit COMPETENCY_GRAPH_MAX_ROWS); split it or raise the limit",
                        self.file, self.sheet, row=number)
        self.cells += len(cells)
        if self.cells > caps.max_cells:
            raise _fail(f"too many cells: the table has more than {caps.max_cells} cells",
                        self.file, self.sheet, row=number)
        if len(cells) > caps.max_columns:
            if any(cells[caps.max_columns:]):
                raise _fail(f"too many columns: the row has more than {caps.max_columns} "
                            "columns", self.file, self.sheet, row=number,
                            column=_column_letter(caps.max_columns))
            cells = cells[:caps.max_columns]
        for index, cell in enumerate(cells):
            if len(cell) > caps.max_cell_chars:
                raise _fail(f"the cell is {len(cell)} characters long (at most "
                            f"{caps.max_cell_chars})", self.file, self.sheet, row=number,
                            column=self._column(index))
            if self.check_controls:
                bad = CONTROL_CHARS.search(cell)
                if bad:
                    raise _fail(f"the cell holds the control character "
                                f"U+{ord(bad.group()):04X}; remove it", self.file, self.sheet,
                                row=number, column=self._column(index))
        if not self.header and any(cells):
            self.header = [c.strip() for c in cells]
        return cells


def _column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# --- CSV ---------------------------------------------------------------------------------------

def sniff_delimiter(first_line: str) -> str:
    """``,``, ``;`` or tab: whichever of them the first line holds most (``,`` on ties)."""
    counts = {",": first_line.count(","), ";": first_line.count(";"),
              "\t": first_line.count("\t")}
    best = max(counts.values())
    if best == 0 or counts[","] == best:
        return ","
    return ";" if counts[";"] == best else "\t"


def _decode(data: bytes, file: str, sheet: str | None, caps: Limits) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail("the CSV file is UTF-16; save it as 'CSV UTF-8'", file, sheet)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        row, column, cells = _first_bad_cell(data, caps)
        raise InputError(Problem(
            f"the CSV file is not UTF-8 (byte 0x{data[exc.start]:02X}; {cells} cell(s) "
            "affected); save it as 'CSV UTF-8' (it looks like a legacy encoding such as "
            "Windows-1251)",
            Location(file=file, sheet=sheet, row=row or line, column=column, line=line,
                     col=col))) from None


def _first_bad_cell(data: bytes, caps: Limits) -> tuple[int | None, str | None, int]:
    """Locate the first cell with undecodable bytes: (row, header name, cells affected),
    looking at most at ``max_rows`` rows."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    found: tuple[int | None, str | None] = (None, None)
    count = 0
    header: list[str] = []
    try:
        reader = csv.reader(_lines(text), delimiter=sniff_delimiter(text.split("\n", 1)[0]),
                            strict=True)
        for number, cells in enumerate(reader, start=1):
            if number > caps.max_rows:
                break
            if number == 1:
                header = cells
            for i, cell in enumerate(cells):
                if "\ufffd" in cell:
                    count += 1
                    if found[0] is None:
                        name = header[i].replace("\ufffd", "?") if i < len(header) else None
                        found = (number, name)
    except csv.Error:
        pass
    return found[0], found[1], count


_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line ends, made one at a time (``io.StringIO`` would copy
    the whole text into a four-bytes-per-character buffer first)."""
    return (match.group() for match in _LINE.finditer(text))


def csv_rows(data: bytes, *, file: str, sheet: str | None = None,
             caps: Limits | None = None) -> list[Row]:
    """Read UTF-8 CSV bytes into numbered rows of cell text (cells as written, not stripped).

    :raises InputError: located, for any guard above or unparseable CSV.
    """
    caps = caps or limits()
    if len(data) > caps.max_input_bytes:
        raise _fail(f"the file is {len(data)} bytes (at most {caps.max_input_bytes})", file, sheet)
    text = _decode(data, file, sheet, caps)
    bare = _BARE_CR.search(text)
    if bare:
        line = text.count("\n", 0, bare.start()) + 1
        raise _fail("the file holds a bare carriage return (CR without LF, old Mac line ends "
                    "or a CR inside a cell); save it with LF or CRLF line ends", file, sheet,
                    line=line, col=bare.start() - (text.rfind("\n", 0, bare.start()) + 1) + 1)
    counter = _Counter(caps, file, sheet, check_controls=bool(CONTROL_CHARS.search(text)))
    reader = csv.reader(_lines(text), delimiter=sniff_delimiter(text.split("\n", 1)[0]),
                        strict=True)
    rows: list[Row] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, counter.row(number, cells)))
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a cell is longer than {caps.max_cell_chars} characters"
        raise _fail(f"the CSV file cannot be parsed: {message}", file, sheet,
                    row=number + 1, line=reader.line_num) from None
    return rows


# --- archives ----------------------------------------------------------------------------------

def _open_zip(source: Path | bytes, file: str, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except Exception:  # zipfile raises many kinds for forged headers (IndexError, struct.error …)
        raise _fail(f"the file is not a readable {what} (damaged, or not that kind of file)",
                    file) from None


def check_archive(zf: zipfile.ZipFile, file: str, caps: Limits | None = None) -> None:
    """Refuse an archive over the entry, size or ratio caps, or with encrypted entries."""
    caps = caps or limits()
    infos = zf.infolist()
    if len(infos) > caps.max_zip_entries:
        raise _fail(f"the archive holds {len(infos)} entries (at most {caps.max_zip_entries})",
                    file)
    total = sum(i.file_size for i in infos)
    if total > caps.max_zip_total_bytes:
        raise _fail(f"the archive unpacks to {total} bytes (at most {caps.max_zip_total_bytes})",
                    file)
    for info in infos:
        too_big = info.file_size > caps.max_zip_member_bytes
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > 2**20 and ratio > caps.max_zip_ratio):
            raise _fail(f"the entry {info.filename[:200]!r} unpacks to {info.file_size} bytes "
                        f"(ratio {ratio:.0f}): too large or too compressed to be read safely "
                        f"(at most {caps.max_zip_member_bytes} bytes, ratio "
                        f"{caps.max_zip_ratio})", file)
        if info.flag_bits & 0x1:
            raise _fail(f"the entry {info.filename[:200]!r} is encrypted (password-protected)",
                        file)


def zip_members(source: Path | bytes, *, file: str, suffixes: Iterable[str] = (".csv",),
                caps: Limits | None = None) -> list[tuple[PurePosixPath, bytes]]:
    """Return the entries of a zip whose names end with ``suffixes`` (sorted by name), after
    the archive checks; hidden entries and ``__MACOSX`` are skipped.

    :raises InputError: an unsafe entry name (absolute, ``..``) or any archive guard.
    """
    caps = caps or limits()
    wanted = tuple(s.casefold() for s in suffixes)
    found: list[tuple[PurePosixPath, bytes]] = []
    with _open_zip(source, file, ".zip archive") as zf:
        check_archive(zf, file, caps)
        for info in zf.infolist():
            name = info.filename.replace("\\", "/")
            member = PurePosixPath(name)
            if name.startswith("/") or member.is_absolute() or ".." in member.parts or (
                    member.parts and ":" in member.parts[0]):
                raise _fail(f"unsafe path {info.filename[:200]!r} in the archive", file)
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in member.parts):
                continue
            if member.suffix.casefold() not in wanted:
                continue
            try:
                with zf.open(info) as handle:
                    data = handle.read(caps.max_zip_member_bytes + 1)
            except Exception as exc:  # a damaged entry: BadZipFile, zlib.error, EOFError …
                raise _fail(f"the entry cannot be read: {type(exc).__name__}: {exc}",
                            f"{file}:{member}") from None
            if len(data) > caps.max_zip_member_bytes:
                raise _fail("the entry is too large", f"{file}:{member}")
            found.append((member, data))
    return sorted(found, key=lambda m: str(m[0]))


def read_capped(path: Path, *, file: str, caps: Limits | None = None) -> bytes:
    """Read a file after checking its size against ``max_input_bytes``."""
    caps = caps or limits()
    try:
        size = path.stat().st_size
        if size > caps.max_input_bytes:
            raise _fail(f"the file is {size} bytes (at most {caps.max_input_bytes})", file)
        with path.open("rb") as handle:
            data = handle.read(caps.max_input_bytes + 1)
    except OSError as exc:
        raise _fail(f"cannot read the file: {exc.strerror or exc}", file) from None
    if len(data) > caps.max_input_bytes:
        raise _fail(f"the file is larger than {caps.max_input_bytes} bytes", file)
    return data


# --- xlsx --------------------------------------------------------------------------------------

def _count_shared_strings(zf: zipfile.ZipFile, file: str, caps: Limits) -> None:
    for info in zf.infolist():
        if not info.filename.casefold().endswith("sharedstrings.xml"):
            continue
        count = 0
        tail = b""
        with zf.open(info) as handle:
            while chunk := handle.read(1 << 20):
                block = tail + chunk
                # a tag wholly inside the kept tail was counted with the previous chunk
                count += sum(1 for m in _SHARED_STRING.finditer(block) if m.end() > len(tail))
                tail = block[-32:]
                if count > caps.max_shared_strings:
                    raise _fail(f"the workbook holds more than {caps.max_shared_strings} shared "
                                "strings (an xlsx 'shared-strings bomb'?)", file)


def _check_parts(zf: zipfile.ZipFile, file: str) -> None:
    """Stream every XML part through expat: a damaged part, a DTD or an entity declaration is a
    located error naming the part (``xl/worksheets/sheet2.xml``) before openpyxl reads it."""
    from xml.parsers import expat

    from competency_graph.io.safe import xml_guard

    for info in zf.infolist():
        if not info.filename.casefold().endswith((".xml", ".rels")):
            continue
        parser = xml_guard()
        with zf.open(info) as handle:
            try:
                parser.ParseFile(handle)
            except expat.ExpatError as exc:
                raise _fail(f"the workbook part is damaged: {expat.ErrorString(exc.code)}",
                            f"{file}:{info.filename}", line=exc.lineno,
                            col=exc.offset + 1) from None
            except ValueError as exc:  # refused DTD / entity
                raise _fail(str(exc), f"{file}:{info.filename}",
                            line=parser.CurrentLineNumber) from None


def xlsx_sheets(source: Path | bytes, *, file: str, want: Callable[[str], bool] | None = None,
                caps: Limits | None = None) -> tuple[list[str], dict[str, list[Row]]]:
    """Read an ``.xlsx`` workbook: (every sheet name in order, rows of the wanted sheets).

    Cells become text with :func:`cell_text`; trailing empty cells are dropped.

    :raises InputError: encrypted or legacy ``.xls``, a damaged archive or sheet, no sheets, or
        any guard above — located by file, sheet and row.
    """
    caps = caps or limits()
    head = source[:8] if isinstance(source, bytes) else _head(source)
    if head == OLE_MAGIC:
        raise _fail("the workbook is password-protected (encrypted) or in the old .xls format: "
                    "remove the password / save it as .xlsx and import it again", file)
    with _open_zip(source, file, ".xlsx workbook") as zf:
        check_archive(zf, file, caps)
        try:
            _count_shared_strings(zf, file, caps)
            _check_parts(zf, file)
        except InputError:
            raise
        except Exception as exc:  # a damaged entry: BadZipFile, zlib.error, EOFError …
            raise _fail(f"the workbook is damaged: {type(exc).__name__}: {exc}", file) from None
    import openpyxl

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source,
            read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ParseError …) when damaged
        raise _fail(f"cannot read the workbook (damaged, or not an Excel file): "
                    f"{type(exc).__name__}: {str(exc)[:200]}", file) from None
    try:
        names = list(book.sheetnames)
        if not names:
            raise _fail("the workbook has no sheets", file)
        if len(names) > caps.max_sheets:
            raise _fail(f"the workbook has {len(names)} sheets (at most {caps.max_sheets})", file)
        tables = {title: _sheet_rows(book, title, file, caps)
                  for title in names if want is None or want(title)}
    finally:
        book.close()
    return names, tables


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError:
        return b""


def _sheet_rows(book: object, title: str, file: str, caps: Limits) -> list[Row]:
    counter = _Counter(caps, file, title, check_controls=True)
    rows: list[Row] = []
    number = 0
    try:
        sheet = book[title]  # type: ignore[index]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # ignore a forged <dimension>: no padding to its size
        if not hasattr(sheet, "iter_rows"):  # a chart sheet holds no cells
            return rows
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if len(cells) > caps.max_columns and not any(
                    v is not None for v in cells[caps.max_columns:]):
                cells = cells[:caps.max_columns]
            texts = [cell_text(v) for v in cells]
            while texts and not texts[-1]:
                texts.pop()
            rows.append((number, counter.row(number, texts)))
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet part: ParseError, KeyError, ValueError …
        raise _fail(f"the sheet cannot be read (damaged?): {type(exc).__name__}: "
                    f"{str(exc)[:200]}", file, title, row=number + 1) from None
    return rows
