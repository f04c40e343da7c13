"""The curriculum workbook (DESIGN §5) → N-Triples of one programme version.

Two steps, both free of any store:

1. :func:`read_tables` reads an ``.xlsx`` workbook (openpyxl), a folder of UTF-8 CSV files, or a
   ``.zip`` of them into :class:`Table` objects (header + rows of cell text), reporting every
   problem it meets (missing sheets, unreadable or encrypted files, non-UTF-8 CSV …).
2. :func:`convert` turns the tables into the RDF of docs/data-model.md "A programme", resolving
   codes through a :class:`Vocabulary` that the caller builds from the store (framework items,
   the Bloom and I/R/M scales, the international component kinds). Every problem is collected
   with its file, sheet, row and column; nothing is raised until the end.

Decisions (the contract in docs/workbook.md is the user-facing version of this list):

* Sheets are matched case-insensitively (spaces and hyphens count as ``_``); CSV files by their
  stem. ``programme``, ``courses`` and ``outcomes`` are required; ``programme_outcomes`` and
  ``staff`` are optional; ``notes`` / ``lists`` (the template's help sheets) are ignored; any other
  sheet is reported as a warning and ignored.
* The header is the first non-empty row. Row numbers are those a spreadsheet shows (header = 1
  in a CSV). Columns are named by their header text in problems.
* An untagged text column (``title``, ``text``) gets a language tag from its script: Latin → ``en``,
  Cyrillic with Kazakh letters (ә ғ қ ң ө ұ ү һ і) → ``kk``, other Cyrillic → ``ru``;
  ``title@ru`` etc. give the tag explicitly.
* ``required`` defaults to yes; ``version`` defaults to the next free number (decided by the
  caller through :attr:`Vocabulary.existing_versions`); a version that already exists is an error
  (an import never overwrites a stored version).
* ECTS accept a decimal comma (``7,5``). Zero or negative credits, cycles in prerequisites and
  invalid language tags are left to SHACL validation (they are findings, not unreadable input).
* Language names (English, русский, қазақ …) in ``languages`` / ``language`` become ``en``/``ru``/
  ``kk``; other values are kept as written for validation to judge.
* ``aligned_to`` of a programme outcome must name framework items; of a course outcome, framework
  items or programme outcomes. An empty level means ``I``; the same target twice keeps the highest
  level (warning).
* Bloom: ``1``–``6``, ``C1``–``C6`` or a level name in any language of the scale; when empty it is
  inferred from the outcome's verb (the scale's ``cg:measurableVerb`` lists, read from the store)
  and marked ``cg:bloomLevelInferred true``: the first word(s) after an optional lead-in ("Students
  will be able to", "Способен", "Умеет" …), or, for Kazakh (verb-final), the last word. A text
  that starts with an unobservable verb (know, понимать …) or with no known verb gets no level and
  a warning.
* Teachers resolve to staff IRIs of the programme's institution; an id found neither in the
  staff sheet nor in the store is a warning (the staff readiness report flags it).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path, PurePosixPath

from competency_graph.errors import Location, Problem
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    PROV,
    RDF,
    SKOS,
    XSD,
    data_iri,
    graph_iri,
)

__all__ = [
    "COLUMNS",
    "OPTIONAL_SHEETS",
    "REQUIRED_SHEETS",
    "BloomScale",
    "Converted",
    "Problems",
    "Table",
    "Vocabulary",
    "convert",
    "infer_bloom",
    "read_tables",
    "slugify",
]

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

#: Caps for reading archives (DESIGN §9: size caps, no path escapes).
MAX_MEMBER_BYTES = 20 * 2**20
MAX_TOTAL_BYTES = 100 * 2**20
MAX_MEMBERS = 2000
MAX_RATIO = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_YES = {"yes", "y", "true", "1", "да", "иә", "ия", "required", "обязательный", "міндетті"}
_NO = {"no", "n", "false", "0", "нет", "жоқ", "elective", "элективный", "таңдау"}
_CYCLES = {
    "bachelor": "Bachelor", "bachelor's": "Bachelor", "ba": "Bachelor", "bsc": "Bachelor",
    "бакалавриат": "Bachelor", "бакалавр": "Bachelor",
    "master": "Master", "master's": "Master", "msc": "Master", "магистратура": "Master",
    "магистр": "Master", "магистратура (научно-педагогическая)": "Master",
    "doctorate": "Doctorate", "doctoral": "Doctorate", "phd": "Doctorate",
    "докторантура": "Doctorate", "доктор": "Doctorate",
}
_LANGUAGE_NAMES = {
    "english": "en", "английский": "en", "ағылшын": "en", "ағылшынша": "en", "eng": "en",
    "russian": "ru", "русский": "ru", "орыс": "ru", "орысша": "ru", "rus": "ru",
    "kazakh": "kk", "казахский": "kk", "қазақ": "kk", "қазақша": "kk", "kaz": "kk", "kz": "kk",
}
_LANG_COLUMN = re.compile(r"^([a-z_]+)@([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)$")
_KK_LETTER = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")
_LIST_SPLIT = re.compile(r"[;\n]|,(?=\s*[^\s])")


# --- problems ----------------------------------------------------------------------------------

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


# --- reading -----------------------------------------------------------------------------------

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


def _canonical_sheet(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def cell_text(value: object) -> str:
    """Turn a spreadsheet cell value into the text a CSV would hold."""
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


def _make_table(name: str, file: str, sheet: str,
                rows: Iterable[tuple[int, list[str]]]) -> Table | None:
    header_row = 0
    header: list[str] = []
    raw: list[str] = []
    table: Table | None = None
    for number, cells in rows:
        cells = [c.strip() for c in cells]
        if table is None:
            if not any(cells):
                continue
            header_row = number
            raw = cells
            header = [c.casefold() for c in cells]
            table = Table(name, file, sheet, header, raw, header_row)
            continue
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
    if path.is_dir():
        _read_csv_folder(path, tables, problems, display)
    elif not path.is_file():
        problems.error("no such file or folder", Location(file=shown))
    else:
        head = path.open("rb").read(8)
        suffix = path.suffix.casefold()
        if head == _OLE_MAGIC:
            problems.error(
                "the workbook is password-protected (encrypted) or in the old .xls format: "
                "remove the password / save it as .xlsx and import it again", Location(file=shown))
        elif suffix in {".xlsx", ".xlsm"}:
            _read_xlsx(path, shown, tables, problems)
        elif suffix == ".zip":
            _read_zip(path, shown, tables, problems)
        elif suffix == ".csv":
            problems.error("a single CSV file is not a workbook: put programme.csv, courses.csv, "
                           "outcomes.csv … in one folder or .zip", Location(file=shown))
        else:
            problems.error(f"cannot read {suffix or 'this file'!r}: give an .xlsx workbook, a "
                           "folder of CSV files or a .zip of them", Location(file=shown))
    if not problems.errors:
        for sheet in REQUIRED_SHEETS:
            if sheet not in tables:
                _missing_sheet(sheet, shown, tables, problems)
    return tables, problems


def _missing_sheet(sheet: str, file: str, tables: Mapping[str, Table], problems: Problems) -> None:
    extra = {_canonical_sheet(e): e for e in problems.unknown_sheets}
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
    canonical = _canonical_sheet(name)
    if canonical in COLUMNS:
        return canonical
    if canonical in IGNORED_SHEETS:
        return None
    close = difflib.get_close_matches(canonical, list(COLUMNS), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    problems.unknown_sheets.append(name)
    problems.warn(f"unknown sheet {sheet!r} ignored{hint}", Location(file=file, sheet=sheet))
    return None


def _check_zip(zf: zipfile.ZipFile, file: str, problems: Problems) -> bool:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        problems.error(f"the archive holds {len(infos)} files (at most {MAX_MEMBERS})",
                       Location(file=file))
        return False
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        problems.error(f"the archive unpacks to {total} bytes (at most {MAX_TOTAL_BYTES})",
                       Location(file=file))
        return False
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 2**20):
            problems.error(f"{info.filename!r} is too large or too compressed to be read safely",
                           Location(file=file))
            return False
    return True


def _read_xlsx(path: Path, file: str, tables: dict[str, Table], problems: Problems) -> None:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as zf:
            if not _check_zip(zf, file, problems):
                return
    except zipfile.BadZipFile:
        problems.error("the file is not a readable .xlsx workbook (damaged, or not an Excel "
                       "file)", Location(file=file))
        return
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        problems.error(f"cannot read the workbook: {exc}", Location(file=file))
        return
    try:
        for title in book.sheetnames:
            name = _classify(title, file, title, problems)
            if name is None:
                continue
            sheet = book[title]
            rows = ((n, [cell_text(v) for v in r])
                    for n, r in enumerate(sheet.iter_rows(values_only=True), start=1))
            _add_table(_make_table(name, file, title, rows), tables, problems, name, file, title)
    except Exception as exc:  # a damaged sheet part
        problems.error(f"cannot read the workbook: {exc}", Location(file=file))
    finally:
        book.close()


def _decode_csv(data: bytes, file: str, sheet: str, problems: Problems) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error("the CSV file is UTF-16; save it as 'CSV UTF-8'",
                       Location(file=file, sheet=sheet))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        row, column, cells = _first_bad_cell(data)
        problems.error(f"the CSV file is not UTF-8 (byte 0x{data[exc.start]:02X}; {cells} "
                       "cell(s) affected); save it as 'CSV UTF-8' (it looks like a legacy "
                       "encoding such as Windows-1251)",
                       Location(file=file, sheet=sheet, row=row or line, column=column,
                                line=line, col=col))
        return None


def _first_bad_cell(data: bytes) -> tuple[int | None, str | None, int]:
    """Locate the first cell with undecodable bytes: (row, header name, number of cells)."""
    text = data.decode("utf-8", errors="replace")
    try:
        rows = _csv_rows(text)
    except csv.Error:
        return None, None, 0
    header = rows[0][1] if rows else []
    found: tuple[int | None, str | None] = (None, None)
    count = 0
    for number, cells in rows:
        for i, cell in enumerate(cells):
            if "\ufffd" in cell:
                count += 1
                if found[0] is None:
                    name = header[i].replace("\ufffd", "?") if i < len(header) else None
                    found = (number, name)
    return found[0], found[1], count


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(n, row) for n, row in enumerate(reader, start=1)]


def _read_csv(data: bytes, name: str, file: str, sheet: str, tables: dict[str, Table],
              problems: Problems) -> None:
    text = _decode_csv(data, file, sheet, problems)
    if text is None:
        # keep the sheet "present" so that no misleading "missing sheet" follows
        tables.setdefault(name, Table(name, file, sheet, [], [], 1))
        return
    try:
        rows = _csv_rows(text)
    except csv.Error as exc:
        problems.error(f"the CSV file cannot be parsed: {exc}", Location(file=file, sheet=sheet))
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
        if csv_path.stat().st_size > MAX_MEMBER_BYTES:
            problems.error("the file is too large", Location(file=shown))
            continue
        _read_csv(csv_path.read_bytes(), name, shown, csv_path.stem, tables, problems)


def _read_zip(path: Path, file: str, tables: dict[str, Table], problems: Problems) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        problems.error("the file is not a readable .zip archive", Location(file=file))
        return
    with zf:
        if not _check_zip(zf, file, problems):
            return
        members = []
        for info in zf.infolist():
            member = PurePosixPath(info.filename.replace("\\", "/"))
            if member.is_absolute() or ".." in member.parts:
                problems.error(f"unsafe path {info.filename!r} in the archive",
                               Location(file=file))
                continue
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in member.parts):
                continue
            if member.suffix.casefold() == ".csv":
                members.append((member, info))
        if not members:
            problems.error("the archive holds no .csv files", Location(file=file))
            return
        for member, info in sorted(members, key=lambda m: str(m[0])):
            where = f"{file}:{member}"
            name = _classify(member.stem, where, member.stem, problems)
            if name is None:
                continue
            with zf.open(info) as handle:
                data = handle.read(MAX_MEMBER_BYTES + 1)
            if len(data) > MAX_MEMBER_BYTES:
                problems.error("the file is too large", Location(file=where))
                continue
            _read_csv(data, name, where, member.stem, tables, problems)


# --- the vocabulary the conversion resolves codes with -----------------------------------------

@dataclass
class BloomScale:
    """The Bloom scale as read from the store: levels, names and verbs."""

    levels: dict[str, str]                     # notation ("3") → level IRI
    names: dict[str, str]                      # casefolded level name (any language) → notation
    verbs: list[tuple[str, str]]               # (casefolded verb phrase, notation)
    unobservable: list[str]                    # casefolded verb phrases

    @cached_property
    def candidates(self) -> list[tuple[str, str | None]]:
        """Unobservable and measurable phrases, longest first (unobservable first on ties)."""
        found = [(v, None) for v in self.unobservable] + [(v, n) for v, n in self.verbs]
        found.sort(key=lambda c: -len(c[0].split()))
        return found  # type: ignore[return-value]

    @cached_property
    def by_first_word(self) -> dict[str, list[tuple[str, str | None]]]:
        """Candidates by every exact form of their first word (English -s/-es/-d/-ed)."""
        index: dict[str, list[tuple[str, str | None]]] = {}
        for verb, notation in self.candidates:
            first = verb.split()[0]
            forms = {first}
            if verb.isascii():
                forms |= {first + "s", first + "es", first + "d", first + "ed"}
            for form in forms:
                index.setdefault(form, []).append((verb, notation))
        return index

    @cached_property
    def non_latin(self) -> list[tuple[str, str | None]]:
        """Candidates in Russian or Kazakh (the ones stems and verb-final order apply to)."""
        return [c for c in self.candidates if not c[0].isascii()]


@dataclass
class Vocabulary:
    """What :func:`convert` resolves codes with; built by the services from the store."""

    #: framework id → {item code: IRI}, or None when no such framework is stored
    framework_items: Callable[[str], Mapping[str, str] | None]
    #: framework ids that are stored frameworks (for cg:targetFramework)
    frameworks: Callable[[str], str | None]
    bloom: BloomScale
    irm: dict[str, str]                        # "I"/"R"/"M" → level IRI
    component_kinds: dict[str, str]            # workbook code ("emi") → kind IRI
    existing_versions: Callable[[str], list[str]] = lambda _id: []
    staff_known: Callable[[str, str], bool] = lambda _inst, _sid: False
    staff_converter: Callable[..., tuple[bytes, list[Problem]]] | None = None


@dataclass
class Converted:
    """One programme version as N-Triples, ready for ``replace_graphs``."""

    programme_id: str
    version: str
    programme_iri: str
    graph: str
    ntriples: bytes
    institution: str
    staff_graph: str | None = None
    staff_ntriples: bytes | None = None
    counts: dict[str, int] = field(default_factory=dict)


# --- small parsers -----------------------------------------------------------------------------

def slugify(text: str) -> str:
    """Return an id from a name: lower case, runs of non-word characters → ``-``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "unknown"


def split_list(text: str) -> list[str]:
    """Split a ``;``-separated cell (newlines and commas also separate)."""
    return [p.strip() for p in _LIST_SPLIT.split(text or "") if p.strip()]


def parse_decimal(text: str) -> Decimal | None:
    """A decimal from ``5``, ``7.5`` or ``7,5``; None when not a finite number."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[+-]?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def decimal_lexical(number: Decimal) -> str:
    """The canonical xsd:decimal form (``240.0``, ``7.5``)."""
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"


def text_language(text: str) -> str:
    """Guess the language tag of an untagged text by its script (en / ru / kk)."""
    if _KK_LETTER.search(text):
        return "kk"
    return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def language_code(text: str) -> str:
    """Map a language name to its tag; other values are kept as written."""
    cleaned = text.strip()
    return _LANGUAGE_NAMES.get(cleaned.casefold(), cleaned.lower() if len(cleaned) <= 3
                               else cleaned)


# --- Bloom inference ---------------------------------------------------------------------------

_LEAD_INS = [
    r"(?:on|upon|after) (?:successful )?completion(?: of (?:the|this) (?:course|module))?,?\s*",
    r"(?:the )?(?:students?|learners?|graduates?) (?:will|should|shall|is|are|can)?\s*"
    r"(?:be )?(?:able to)?\s*",
    r"(?:will |should |shall )?be able to\s+", r"able to\s+", r"(?:can|will|should|shall)\s+",
    r"(?:студент|обучающийся|выпускник|магистрант)\w*\s*", r"(?:должен|должна|будет)\s+",
    r"(?:быть\s+)?(?:способен|способна|способны|умеет|уметь|умение|может|сможет|"
    r"в состоянии)\s+",
    r"(?:білім алушы|студент|түлек)\w*\s*",
]
_LEAD_IN = re.compile(r"^(?:" + "|".join(_LEAD_INS) + r")", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def _normalise(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    for _ in range(4):
        stripped = _LEAD_IN.sub("", text.strip(" \t-–—•*:;.,0123456789)"), count=1)
        if stripped == text:
            break
        text = stripped
    return _WORD.findall(text)


def _word_matches(word: str, verb: str, *, stem: bool) -> bool:
    """Whether a word of the text is a form of ``verb``: exactly (English -s/-es/-d/-ed too),
    or with ``stem`` by the stem of a Russian infinitive or Kazakh verbal noun."""
    if word == verb:
        return True
    if verb.isascii():
        return word in (verb + "s", verb + "es", verb + "d", verb + "ed")
    if not stem:
        return False
    base = verb
    for ending in ("ться", "ть", "у"):
        if base.endswith(ending):
            base = base[: -len(ending)]
            break
    else:
        return False
    if base.endswith(("ова", "ева")) and len(base) > 6:
        base = base[:-3]
    elif base.endswith(("и", "е")):
        base = base[:-1]
    return len(base) >= 4 and word.startswith(base)


def _phrase_at(words: list[str], phrase: str, start: int, *, stem: bool) -> bool:
    parts = phrase.split()
    if start < 0 or start + len(parts) > len(words):
        return False
    if not _word_matches(words[start], parts[0], stem=stem):
        return False
    return all(words[start + i] == p for i, p in enumerate(parts[1:], start=1))


def infer_bloom(text: str, scale: BloomScale) -> tuple[str | None, str | None]:
    """Return (Bloom notation, verb) from the outcome's leading verb (trailing for Kazakh).

    The notation is None when the verb is unobservable or unknown; the verb is then the
    unobservable verb found (or None).
    """
    words = _normalise(text)
    if not words:
        return None, None
    for stem in (False, True):  # exact forms first, then stems (түсіндіру is not түсіну)
        pool = scale.non_latin if stem else scale.by_first_word.get(words[0], [])
        for verb, notation in pool:
            if _phrase_at(words, verb, 0, stem=stem):
                return notation, verb
        if not text.isascii():  # Kazakh is verb-final: try the last word(s) too
            for verb, notation in scale.non_latin:
                n = len(verb.split())
                for start in (len(words) - n, len(words) - n - 1):
                    if start > 0 and _phrase_at(words, verb, start, stem=stem):
                        return notation, verb
    return None, None


# --- N-Triples writing -------------------------------------------------------------------------

def _lit(text: str, *, datatype: str | None = None, lang: str | None = None) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} .\n")

    def iri(self, s: str, p: str, o: str) -> None:
        self.add(s, p, f"<{o}>")

    def text(self, s: str, p: str, value: str, lang: str) -> None:
        self.add(s, p, _lit(value, lang=lang))

    def plain(self, s: str, p: str, value: str) -> None:
        self.add(s, p, _lit(value))

    def typed(self, s: str, p: str, value: str, datatype: str) -> None:
        self.add(s, p, _lit(value, datatype=XSD + datatype))

    def data(self) -> bytes:
        return "".join(self.lines).encode("utf-8")


# --- conversion --------------------------------------------------------------------------------

def _check_columns(table: Table, problems: Problems) -> tuple[bool, list[str]]:
    """Report missing required columns (error) and unknown ones (warning); return (ok, unknown)."""
    required, optional = COLUMNS[table.name]
    base_names = {h: (_LANG_COLUMN.match(h).group(1) if _LANG_COLUMN.match(h) else h)  # type: ignore[union-attr]
                  for h in table.header if h}
    ok = True
    for col in required:
        if col not in table.header and not (
                col in TEXT_COLUMNS.get(table.name, ())
                and any(base_names.get(h) == col for h in table.header if h)):
            close = difflib.get_close_matches(col, [h for h in table.header if h], n=1,
                                              cutoff=0.7)
            hint = f" (is {close[0]!r} meant to be {col!r}?)" if close else ""
            problems.error(f"the required column {col!r} is missing{hint}",
                           Location(file=table.file, sheet=table.sheet, row=table.header_row,
                                    column=col))
            ok = False
    unknown: list[str] = []
    text_col = TEXT_COLUMNS.get(table.name, ())
    seen: set[str] = set()
    for h in table.header:
        if not h:
            continue
        if h in seen:
            problems.error(f"the column {h!r} appears twice", table.loc(table.header_row, h))
            ok = False
        seen.add(h)
        if h in required or h in optional:
            continue
        if _LANG_COLUMN.match(h) and base_names[h] in text_col:
            continue
        unknown.append(h)
        problems.warn(f"unknown column {h!r}: its values are kept as notes (cg:note)",
                      table.loc(table.header_row, h))
    return ok, unknown


def _filled(row: Mapping[str, str], column: str) -> bool:
    """Whether a cell is filled; a text column also counts as filled by a ``column@lang``."""
    if row.get(column):
        return True
    prefix = column + "@"
    return any(v for k, v in row.items() if k.startswith(prefix))


def _texts(table: Table, row: dict[str, str], column: str,
           hint: list[str] | None = None) -> list[tuple[str, str]]:
    """Return (text, language) of ``column`` and its ``column@lang`` variants.

    The untagged column's language comes from its script; Cyrillic without Kazakh letters is
    ``kk`` when ``hint`` (the course's languages) has ``kk`` but not ``ru``.
    """
    out: list[tuple[str, str]] = []
    if row.get(column):
        lang = text_language(row[column])
        if lang == "ru" and hint and "kk" in hint and "ru" not in hint:
            lang = "kk"
        out.append((row[column], lang))
    for h in table.header:
        match = _LANG_COLUMN.match(h)
        if match and match.group(1) == column and row.get(h):
            out.append((row[h], match.group(2).lower()))
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in out:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


@dataclass
class _Alignment:
    source: str
    target: str
    level: str


def convert(tables: Mapping[str, Table], vocab: Vocabulary, problems: Problems) -> Converted | None:
    """Convert the tables into one programme version; None when errors stop it.

    Every problem is added to ``problems``; conversion goes on after an error so that all are
    reported at once.
    """
    checked: dict[str, list[str]] = {}
    usable: dict[str, bool] = {}
    for name, table in tables.items():
        if name == "staff" or not table.header:
            continue
        usable[name], checked[name] = _check_columns(table, problems)
        for number, count in table.overflow:
            problems.error(f"the row has {count} cells but the header only "
                           f"{len(table.header)} columns (a separator inside an unquoted value?)",
                           table.loc(number))

    # the programme row; when it is unusable the other sheets are still checked (with a
    # placeholder id) so that every problem is reported, and nothing is returned
    prog_table = tables.get("programme") or Table("programme", "", "programme", [], [], 1)
    prow: dict[str, str] = {}
    pnum = prog_table.header_row + 1
    if prog_table.header and usable.get("programme"):
        prog_rows = [(n, r) for n, r in prog_table.rows if any(r.values())]
        if not prog_rows:
            problems.error("the programme sheet has no data row", prog_table.loc(pnum))
        elif len(prog_rows) > 1:
            problems.error("the programme sheet must have exactly one data row, not "
                           f"{len(prog_rows)}", prog_table.loc(prog_rows[1][0]))
        if prog_rows:
            pnum, prow = prog_rows[0]
            for col in COLUMNS["programme"][0]:
                if not _filled(prow, col):
                    problems.error(f"the required column {col!r} is empty",
                                   prog_table.loc(pnum, col))
    programme_id = prow.get("id", "")
    if "/" in programme_id:
        problems.error("the programme id must not contain '/'", prog_table.loc(pnum, "id"))
    if not programme_id:
        programme_id = "unknown"  # an error was reported: nothing will be returned

    existing = vocab.existing_versions(programme_id) if prow.get("id") else []
    version = prow.get("version", "")
    if version:
        if version in existing:
            problems.error(f"version {version!r} of programme {programme_id!r} is already stored; "
                           "leave 'version' empty to add the next version, or give a new one",
                           prog_table.loc(pnum, "version"))
    else:
        numbers = [int(v) for v in existing if v.isdigit()]
        version = str(max(numbers, default=0) + 1)
        while version in existing:
            version = str(int(version) + 1)

    inst_text = prow.get("institution", "")
    institution = slugify(inst_text) if inst_text else "unknown"
    prog = data_iri("programme", programme_id, version)
    graph = graph_iri("programme", programme_id, version)
    out = _Writer()
    out.iri(prog, RDF + "type", CG + "EducationalProgramme")
    out.plain(prog, DCTERMS + "identifier", programme_id)
    out.plain(prog, CG + "versionNumber", version)
    out.typed(prog, CG + "isCurrentVersion", "true", "boolean")
    for text, lang in _texts(prog_table, prow, "title"):
        out.text(prog, DCTERMS + "title", text, lang)
    for text, lang in _texts(prog_table, prow, "description"):
        out.text(prog, DCTERMS + "description", text, lang)
    cycle = prow.get("cycle", "")
    if cycle:
        kind = _CYCLES.get(cycle.casefold())
        if kind is None:
            problems.error(f"cycle must be bachelor, master or doctorate, not {cycle!r}",
                           prog_table.loc(pnum, "cycle"))
        else:
            out.iri(prog, CG + "cycle", CG + kind)
    if prow.get("ects"):
        ects = parse_decimal(prow["ects"])
        if ects is None:
            problems.error(f"ects must be a number, not {prow['ects']!r}",
                           prog_table.loc(pnum, "ects"))
        else:
            out.typed(prog, CG + "declaredEcts", decimal_lexical(ects), "decimal")
    inst = data_iri("institution", institution)
    if inst_text:
        out.iri(prog, CG + "offeredBy", inst)
        out.iri(inst, RDF + "type", CG + "Institution")
        out.plain(inst, DCTERMS + "identifier", institution)
        if inst_text != institution:
            out.text(inst, SKOS + "prefLabel", inst_text, text_language(inst_text))
    for code in split_list(prow.get("languages", "")):
        out.plain(prog, CG + "languageOfInstruction", language_code(code))
    for target in split_list(prow.get("targets", "")):
        if ":" in target:  # framework-id:item@LEVEL, the programme's own required level
            coverage_target(out, prog, target, vocab, problems, prog_table.loc(pnum, "targets"))
            continue
        iri = vocab.frameworks(target)
        if iri is None:
            problems.error(f"unknown framework {target!r} in targets (see `competency-graph "
                           "frameworks` for the ids)", prog_table.loc(pnum, "targets"))
        else:
            out.iri(prog, CG + "targetFramework", iri)
    if prow.get("isced_f"):
        out.plain(prog, CG + "iscedF", prow["isced_f"])
    _components(out, prog, prog, prow.get("components", ""), vocab, problems,
                prog_table.loc(pnum, "components"))
    _notes(out, prog, prow, checked.get("programme", []))

    # staff (optional sheet): io.staff converts it into its own graph
    staff_ids: set[str] = set()
    staff_graph = staff_nt = None
    staff_table = tables.get("staff")
    if staff_table is not None and staff_table.header and vocab.staff_converter is not None:
        rows = [r for _, r in staff_table.rows]
        staff_nt, staff_problems = vocab.staff_converter(
            rows, institution=institution, file=staff_table.file, sheet=staff_table.sheet,
            first_row=staff_table.header_row + 1)
        for p in staff_problems:
            if p.message.startswith("warning: "):
                problems.warnings.append(Problem(p.message[len("warning: "):], p.location))
            else:
                problems.errors.append(p)
        staff_ids = {r.get("id", "") for r in rows if r.get("id")}
        staff_graph = graph_iri("staff", institution, "programme", programme_id)

    # programme outcomes
    po_iris: dict[str, str] = {}
    alignments: list[_Alignment] = []
    po_table = tables.get("programme_outcomes")
    # a programme_outcomes sheet with its own errors: do not also flag every reference to it
    po_sheet_ok = po_table is None or bool(usable.get("programme_outcomes"))
    if po_table is not None and usable.get("programme_outcomes"):
        for num, row in po_table.rows:
            if not any(row.values()):
                continue
            missing = [c for c in ("id", "text") if not _filled(row, c)]
            for col in missing:
                problems.error(f"the required column {col!r} is empty", po_table.loc(num, col))
            po_id = row.get("id", "")
            if not po_id:
                continue
            if po_id in po_iris:
                problems.error(f"programme outcome {po_id!r} appears twice",
                               po_table.loc(num, "id"))
                continue
            po = data_iri("programme", programme_id, version, "po", po_id)
            po_iris[po_id] = po
            out.iri(prog, CG + "hasProgrammeOutcome", po)
            out.iri(po, RDF + "type", CG + "ProgrammeOutcome")
            out.plain(po, DCTERMS + "identifier", po_id)
            for text, lang in _texts(po_table, row, "text"):
                out.text(po, CG + "statement", text, lang)
            _notes(out, po, row, checked.get("programme_outcomes", []))
            alignments.extend(_parse_aligned(row.get("aligned_to", ""), po, {}, vocab, problems,
                                             po_table.loc(num, "aligned_to"), allow_po=False))

    # courses
    course_table = tables.get("courses")
    courses: dict[str, str] = {}
    course_langs: dict[str, list[str]] = {}
    course_rows: list[tuple[int, dict[str, str], str]] = []
    if course_table is not None and usable.get("courses"):
        for num, row in course_table.rows:
            if not any(row.values()):
                continue
            for col in COLUMNS["courses"][0]:
                if not _filled(row, col):
                    problems.error(f"the required column {col!r} is empty",
                                   course_table.loc(num, col))
            code = row.get("code", "")
            if not code:
                continue
            if code in courses:
                first = next(n for n, r, c in course_rows if c == code)
                problems.error(f"course code {code!r} appears twice (first on row {first})",
                               course_table.loc(num, "code"))
                continue
            courses[code] = data_iri("programme", programme_id, version, "course", code)
            course_langs[code] = [language_code(x) for x in split_list(row.get("language", ""))]
            course_rows.append((num, row, code))
        for num, row, code in course_rows:
            course = courses[code]
            loc = course_table.loc
            out.iri(prog, CG + "hasCourse", course)
            out.iri(course, RDF + "type", CG + "Course")
            out.plain(course, CG + "courseCode", code)
            for text, lang in _texts(course_table, row, "title"):
                out.text(course, DCTERMS + "title", text, lang)
            if row.get("ects"):
                ects = parse_decimal(row["ects"])
                if ects is None:
                    problems.error(f"ects must be a number, not {row['ects']!r}",
                                   loc(num, "ects"))
                else:
                    out.typed(course, CG + "ects", decimal_lexical(ects), "decimal")
            if row.get("semester"):
                sem = parse_decimal(row["semester"])
                if sem is None or sem != sem.to_integral_value() or sem < 1:
                    problems.error(f"semester must be a whole number from 1, not "
                                   f"{row['semester']!r}", loc(num, "semester"))
                else:
                    out.typed(course, CG + "semester", str(int(sem)), "integer")
            for code_lang in split_list(row.get("language", "")):
                out.plain(course, CG + "languageOfInstruction", language_code(code_lang))
            required = row.get("required", "")
            if required and required.casefold() not in _YES | _NO:
                problems.error(f"required must be yes or no, not {required!r}",
                               loc(num, "required"))
            else:
                flag = "false" if required.casefold() in _NO else "true"
                out.typed(course, CG + "isRequired", flag, "boolean")
            for pre in split_list(row.get("prerequisites", "")):
                if pre not in courses:
                    problems.error(f"prerequisite {pre!r} is not a course code of this programme",
                                   loc(num, "prerequisites"))
                else:
                    out.iri(course, CG + "hasPrerequisite", courses[pre])
            for sid in split_list(row.get("teachers", "")):
                if sid not in staff_ids and not vocab.staff_known(institution, sid):
                    problems.warn(f"teacher {sid!r} is not in the staff sheet nor among the stored "
                                  f"staff of {institution!r}", loc(num, "teachers"))
                out.iri(course, CG + "taughtBy", data_iri("institution", institution, "staff",
                                                           sid))
            _components(out, course, course, row.get("components", ""), vocab, problems,
                        loc(num, "components"))
            _notes(out, course, row, checked.get("courses", []))

    # course learning outcomes
    lo_table = tables.get("outcomes")
    lo_seen: dict[tuple[str, str], int] = {}
    if lo_table is not None and usable.get("outcomes"):
        for num, row in lo_table.rows:
            if not any(row.values()):
                continue
            for col in COLUMNS["outcomes"][0]:
                if not _filled(row, col):
                    problems.error(f"the required column {col!r} is empty", lo_table.loc(num, col))
            code, lo_id = row.get("course", ""), row.get("id", "")
            if not code or not lo_id:
                continue
            if code not in courses:
                if course_table is not None and usable.get("courses"):
                    problems.error(f"course {code!r} is not in the courses sheet",
                                   lo_table.loc(num, "course"))
                continue
            if (code, lo_id) in lo_seen:
                problems.error(f"outcome {lo_id!r} of course {code!r} appears twice (first on row "
                               f"{lo_seen[(code, lo_id)]})", lo_table.loc(num, "id"))
                continue
            lo_seen[(code, lo_id)] = num
            lo = data_iri("programme", programme_id, version, "course", code, "outcome", lo_id)
            out.iri(courses[code], CG + "hasLearningOutcome", lo)
            out.iri(lo, RDF + "type", CG + "LearningOutcome")
            out.plain(lo, DCTERMS + "identifier", lo_id)
            texts = _texts(lo_table, row, "text", course_langs.get(code))
            for text, lang in texts:
                out.text(lo, CG + "statement", text, lang)
            _bloom(out, lo, row.get("bloom", ""), texts, vocab.bloom, problems,
                   lo_table.loc(num, "bloom"))
            _notes(out, lo, row, checked.get("outcomes", []))
            alignments.extend(_parse_aligned(row.get("aligned_to", ""), lo, po_iris, vocab,
                                             problems, lo_table.loc(num, "aligned_to"),
                                             allow_po=True, check_po=po_sheet_ok))

    for number, al in enumerate(alignments, start=1):
        node = data_iri("programme", programme_id, version, "alignment", str(number))
        out.iri(node, RDF + "type", CG + "Alignment")
        out.iri(node, CG + "alignmentSource", al.source)
        out.iri(node, CG + "alignmentTarget", al.target)
        out.iri(node, CG + "level", al.level)
        out.plain(node, PROV + "wasAttributedTo", "curriculum workbook")
        out.typed(node, CG + "confidence", "1.0", "decimal")

    if problems.errors or not prow.get("id"):
        return None
    return Converted(
        programme_id=programme_id, version=version, programme_iri=prog, graph=graph,
        ntriples=out.data(), institution=institution, staff_graph=staff_graph,
        staff_ntriples=staff_nt,
        counts={"courses": len(courses), "outcomes": len(lo_seen),
                "programme_outcomes": len(po_iris), "alignments": len(alignments),
                "staff": len(staff_ids)})


def _notes(out: _Writer, node: str, row: Mapping[str, str], unknown: list[str]) -> None:
    for col in unknown:
        if row.get(col):
            out.plain(node, CG + "note", f"{col}: {row[col]}")


def _components(out: _Writer, owner: str, base: str, cell: str, vocab: Vocabulary,
                problems: Problems, loc: Location) -> None:
    for code in split_list(cell):
        kind = vocab.component_kinds.get(code.casefold())
        if kind is None:
            problems.error(f"unknown international component {code!r}; use one of "
                           + ", ".join(sorted(vocab.component_kinds)), loc)
            continue
        node = f"{base}/component/{code.casefold()}"
        out.iri(owner, CG + "hasInternationalComponent", node)
        out.iri(node, RDF + "type", CG + "InternationalComponent")
        out.iri(node, CG + "componentKind", kind)


def _bloom(out: _Writer, lo: str, cell: str, texts: list[tuple[str, str]], scale: BloomScale,
           problems: Problems, loc: Location) -> None:
    if cell:
        key = cell.strip().casefold()
        match = re.fullmatch(r"c?([1-6])(?:\.0)?", key)
        notation = match.group(1) if match else scale.names.get(key)
        if notation is None or notation not in scale.levels:
            problems.error(f"bloom must be 1–6 or a level name (Remember … Create), not {cell!r}",
                           loc)
            return
        out.iri(lo, CG + "bloomLevel", scale.levels[notation])
        return
    if not texts:
        return
    notation, verb = infer_bloom(texts[0][0], scale)
    if notation is not None and notation in scale.levels:
        out.iri(lo, CG + "bloomLevel", scale.levels[notation])
        out.typed(lo, CG + "bloomLevelInferred", "true", "boolean")
    elif verb is not None:
        problems.warn(f"no Bloom level: the outcome uses the unobservable verb {verb!r}",
                      loc)
    else:
        problems.warn("no Bloom level given and none could be inferred from the outcome's verb",
                      loc)


def coverage_target(out: _Writer, prog: str, entry: str, vocab: Vocabulary,
                    problems: Problems, loc: Location) -> None:
    """One ``framework-id:item@LEVEL`` entry of the programme's ``targets`` (docs/workbook.md):
    the programme requires the item at that I/R/M level (``cg:coverageTarget``, which overrides
    every other required level; docs/rules.md), and the framework becomes a target framework."""
    target_text, at, level_text = entry.partition("@")
    fw, _, code = (p.strip() for p in target_text.partition(":"))
    level = {"i": "I", "r": "R", "m": "M", "1": "I", "2": "R", "3": "M", "introduced": "I",
             "reinforced": "R", "mastered": "M"}.get(level_text.strip().casefold())
    if not at or level is None or level not in vocab.irm:
        problems.error(f"{entry!r}: a target item needs a level, e.g. {fw or 'wa-2021'}:"
                       f"{code or 'WA1'}@R (I, R or M)", loc)
        return
    items, fw_iri = vocab.framework_items(fw), vocab.frameworks(fw)
    if items is None or fw_iri is None:
        problems.error(f"unknown framework {fw!r} in {entry!r} (see `competency-graph "
                       "frameworks` for the ids)", loc)
        return
    if code not in items:
        close = difflib.get_close_matches(code, list(items), n=1, cutoff=0.6)
        hint = f" (did you mean {fw}:{close[0]}?)" if close else ""
        problems.error(f"framework {fw!r} has no item {code!r}{hint}", loc)
        return
    node = f"{prog}/target/{slugify(fw)}/{slugify(code)}"
    out.iri(prog, CG + "targetFramework", fw_iri)
    out.iri(prog, CG + "coverageTarget", node)
    out.iri(node, CG + "competency", items[code])
    out.iri(node, CG + "requiredLevel", vocab.irm[level])


def _parse_aligned(cell: str, source: str, po_iris: Mapping[str, str], vocab: Vocabulary,
                   problems: Problems, loc: Location, *, allow_po: bool,
                   check_po: bool = True) -> list[_Alignment]:
    found: dict[str, tuple[int, str, str]] = {}
    ranks = {"I": 1, "R": 2, "M": 3}
    for entry in split_list(cell):
        target_text, _, level_text = entry.partition("@")
        target_text, level_text = target_text.strip(), level_text.strip()
        level = {"1": "I", "2": "R", "3": "M", "i": "I", "r": "R", "m": "M",
                 "introduced": "I", "reinforced": "R", "mastered": "M",
                 "": "I"}.get(level_text.casefold())
        ok = True
        if level is None or level not in vocab.irm:
            problems.error(f"unknown level {level_text!r} in {entry!r}: use I, R or M "
                           "(or 1–3)", loc)
            ok = False
        target: str | None = None
        if ":" in target_text:
            fw, _, code = (p.strip() for p in target_text.partition(":"))
            items = vocab.framework_items(fw)
            if items is None:
                problems.error(f"unknown framework {fw!r} in {entry!r} (see `competency-graph "
                               "frameworks` for the ids)", loc)
                ok = False
            elif code not in items:
                close = difflib.get_close_matches(code, list(items), n=1, cutoff=0.6)
                hint = f" (did you mean {fw}:{close[0]}?)" if close else ""
                problems.error(f"framework {fw!r} has no item {code!r}{hint}", loc)
                ok = False
            else:
                target = items[code]
        elif not allow_po:
            problems.error(f"{entry!r}: a programme outcome aligns to framework items "
                           "(framework-id:code, e.g. wa-2021:WA4)", loc)
            ok = False
        elif target_text in po_iris:
            target = po_iris[target_text]
        elif not check_po:
            ok = False
        else:
            known = "; ".join(po_iris) or "none"
            problems.error(f"{entry!r}: {target_text!r} is not a programme outcome id (known: "
                           f"{known}) nor a framework item (framework-id:code)", loc)
            ok = False
        if not ok or target is None or level is None:
            continue
        if target in found:
            problems.warn(f"{target_text!r} is given twice; the higher level counts", loc)
            if ranks[level] <= found[target][0]:
                continue
        found[target] = (ranks[level], level, target_text)
    return [_Alignment(source, t, vocab.irm[lv]) for t, (_, lv, _) in found.items()]

