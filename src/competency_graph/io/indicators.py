"""Reading internationalisation indicator data (CSV / xlsx) into W3C Data Cube observations.

Accepted input (``docs/benchmarking.md`` has the full reference):

* an ``.xlsx`` workbook with any of the sheets ``institutions``, ``indicators`` and ``counts``;
* a ``.csv`` file, whose header tells which of the three tables it is (``indicator`` column →
  indicators; raw-count columns such as ``foreign_students`` → counts; ``id`` + ``name`` →
  institutions);
* a folder holding ``institutions.csv``, ``indicators.csv`` and/or ``counts.csv``.

Tables (header row first; header names are case-insensitive, spaces count as ``_``):

``institutions``: **id**, **name** (or ``name@en``), ``name@ru``, ``name@kk``, **country**
(ISO 3166-1 alpha-2), **type** (technical / classical / research / other), ``students``
(head-count), ``description``.

``indicators`` (long layout, one observation per row): **institution**, **year**,
**indicator** (``INT1`` … ``INT7``, ``INT-S1`` … ``INT-S4``), and either ``value`` or
``numerator`` + ``denominator`` (value = numerator ÷ denominator × 100 for a ``%`` indicator);
``source``, ``note``. When both are given they must agree within 0.05.

``counts`` (raw counts, one row per institution and year): **institution**, **year**, and any of
the count columns of :data:`RAW_COUNT_FORMULAS`; each indicator whose inputs are all present
becomes an observation with its numerator and denominator.

Numbers accept a decimal comma (``7,5``), spaces as thousands separators and a trailing ``%``.
Every problem is reported with its file, sheet, row (1-based, header = row 1) and column; when
any problem is found :class:`~competency_graph.errors.InputError` is raised and nothing is
returned (so nothing is stored). Nothing here writes to the store.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from competency_graph.errors import InputError, Location, Problem
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    QB,
    RDF,
    RDFS,
    SKOS,
    XSD,
    data_iri,
)

# --- the reference tables --------------------------------------------------------------------

#: Institution type codes of the ``type`` column → the controlled individual's local name.
INSTITUTION_TYPES: dict[str, str] = {
    "technical": "TechnicalUniversity",
    "classical": "ClassicalUniversity",
    "research": "ResearchUniversity",
    "other": "OtherInstitution",
}
TYPE_CODES: dict[str, str] = {v: k for k, v in INSTITUTION_TYPES.items()}

INSTITUTION_COLUMNS = ("id", "name", "name@en", "name@ru", "name@kk", "country", "type",
                       "students", "description")
INDICATOR_COLUMNS = ("institution", "year", "indicator", "value", "numerator", "denominator",
                     "source", "note")


@dataclass(frozen=True)
class RawCountFormula:
    """How one indicator is computed from raw-count columns: Σ numerator ÷ denominator × 100.

    ``required`` numerator columns must all be present; ``optional`` ones count as 0 when empty
    (at least one numerator column must be given for the indicator to be computed).
    """

    indicator: str
    numerator: tuple[str, ...]
    denominator: str
    optional: tuple[str, ...] = ()


#: The accepted raw-count columns (``counts`` table) and the indicator formulas they feed.
RAW_COUNT_FORMULAS: tuple[RawCountFormula, ...] = (
    RawCountFormula("INT1", ("foreign_students",), "students"),
    RawCountFormula("INT2", ("foreign_staff_fte", "visiting_foreign_professors"), "staff_fte",
                    optional=("visiting_foreign_professors",)),
    RawCountFormula("INT3", ("staff_abroad",), "academic_staff"),
    RawCountFormula("INT4", ("outgoing_exchange", "incoming_exchange"), "students",
                    optional=("outgoing_exchange", "incoming_exchange")),
    RawCountFormula("INT5", ("intl_copublications",), "publications"),
    RawCountFormula("INT6", ("intl_grant_income",), "research_income"),
    RawCountFormula("INT-S1", ("foreign_language_programmes",), "programmes"),
    RawCountFormula("INT-S2", ("double_degree_programmes",), "programmes"),
    RawCountFormula("INT-S3", ("accredited_programmes",), "programmes"),
    RawCountFormula("INT-S4", ("emi_teachers_c1",), "emi_teachers"),
)
RAW_COUNT_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(
    c for f in RAW_COUNT_FORMULAS for c in (*f.numerator, f.denominator)))
COUNTS_COLUMNS = ("institution", "year", *RAW_COUNT_COLUMNS, "source", "note")

#: Tolerance when both a value and numerator/denominator are given.
AGREEMENT_TOLERANCE = Decimal("0.05")
YEAR_RANGE = (1900, 2100)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_QUANTUM = Decimal("0.000001")


@dataclass(frozen=True)
class IndicatorSpec:
    """What the importer and the benchmark need to know about one indicator."""

    code: str
    iri: str
    unit: str = "%"
    higher_is_better: bool = True
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    is_core: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """Return the label in ``lang`` (fallback English, then the code)."""
        return self.labels.get(lang) or self.labels.get("en") or self.code


@dataclass(frozen=True)
class InstitutionRecord:
    """One institution (row of the ``institutions`` table or read back from the store)."""

    id: str
    names: Mapping[str, str]
    country: str | None
    type: str | None  # a key of INSTITUTION_TYPES
    students: int | None = None
    description: str | None = None
    location: Location = field(default_factory=Location, compare=False)


@dataclass(frozen=True)
class ObservationRecord:
    """One indicator value of one institution in one year."""

    institution: str
    year: int
    indicator: str
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source: str | None = None
    note: str | None = None
    location: Location = field(default_factory=Location, compare=False)

    @property
    def key(self) -> tuple[str, int, str]:
        """The identity of an observation: institution, year, indicator."""
        return (self.institution, self.year, self.indicator)


@dataclass
class IndicatorInput:
    """Everything read from one input: institutions and observations."""

    institutions: list[InstitutionRecord] = field(default_factory=list)
    observations: list[ObservationRecord] = field(default_factory=list)


# --- reading tables --------------------------------------------------------------------------

@dataclass
class _Table:
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


def _table(kind: str | None, file: str, sheet: str | None, raw: list[list[str]]) -> _Table | None:
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
    return _Table(kind, file, sheet, header, numbered[1:])


def read_tables(path: Path, display: str | None = None) -> list[_Table]:
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


def read_bytes(data: bytes, name: str) -> list[_Table]:
    """Read the tables of an uploaded CSV or xlsx (told apart by the zip signature)."""
    if data[:2] == b"PK":
        return _xlsx_tables(data, name)
    table = _table(None, name, None, _csv_rows(data, name))
    if table is None:
        raise InputError(Problem("the file is empty", Location(file=name)))
    return [table]


def _xlsx_tables(data: bytes, name: str) -> list[_Table]:
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


# --- parsing values --------------------------------------------------------------------------

def parse_number(text: str) -> Decimal | None:
    """Parse ``7.5``, ``7,5``, ``12 000``, ``7.5%``; return None when it is not a number."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").rstrip("%")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class _Collector:
    """Collects located problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, location: Location) -> None:
        self.problems.append(Problem(message, location))


def _row_dict(table: _Table, cells: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, name in enumerate(table.header):
        if name:
            out[name] = cells[i].strip() if i < len(cells) else ""
    return out


def _check_header(table: _Table, allowed: Iterable[str], required: Iterable[str],
                  problems: _Collector) -> None:
    allowed_set = set(allowed)
    header_row = table.rows[0][0] - 1 if table.rows else 1
    seen: set[str] = set()
    for name in table.header:
        if not name:
            continue
        if name in seen:
            problems.add(f"the column {name!r} appears twice", table.loc(header_row, name))
        seen.add(name)
        if name not in allowed_set:
            problems.add(f"unknown column {name!r}; accepted: {', '.join(allowed)}",
                         table.loc(header_row, name))
    for name in required:
        options = name.split("|")
        if not any(o in seen for o in options):
            problems.add(f"the required column {options[0]!r} is missing",
                         table.loc(header_row, options[0]))


def _parse_year(text: str, loc: Location, problems: _Collector) -> int | None:
    number = parse_number(text) if text else None
    if not text:
        problems.add("the year is empty", loc)
    elif number is None or number != number.to_integral_value():
        problems.add(f"the year {text!r} is not a whole number", loc)
    elif not YEAR_RANGE[0] <= int(number) <= YEAR_RANGE[1]:
        problems.add(f"the year {text!r} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}", loc)
    else:
        return int(number)
    return None


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(_QUANTUM).normalize() if value != 0 else Decimal(0)


def ratio_value(numerator: Decimal, denominator: Decimal, unit: str) -> Decimal:
    """Return numerator ÷ denominator (× 100 for a ``%`` indicator), to 6 decimals."""
    ratio = numerator / denominator
    return _quantize(ratio * 100 if unit == "%" else ratio)


def show(value: Decimal) -> str:
    """Return a decimal in plain notation (``120``, not ``1.2E+2``)."""
    return format(value.normalize(), "f")


def _check_range(spec: IndicatorSpec, value: Decimal, loc: Location, problems: _Collector,
                 how: str = "") -> bool:
    low, high = spec.min_value, spec.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '−∞'}–{high if high is not None else '∞'}"
        problems.add(f"{spec.code}: the value {show(value)}{how} is outside the "
                     f"indicator's range {bounds} {spec.unit}".rstrip(), loc)
        return False
    return True


# --- the three tables ------------------------------------------------------------------------

def _institutions(table: _Table, problems: _Collector) -> list[InstitutionRecord]:
    _check_header(table, INSTITUTION_COLUMNS, ("id", "name|name@en", "country", "type"),
                  problems)
    out = []
    for number, cells in table.rows:
        row = _row_dict(table, cells)
        before = len(problems.problems)
        ident = row.get("id", "")
        if not ident:
            problems.add("the institution id is empty", table.loc(number, "id"))
        elif not _ID.match(ident):
            problems.add(f"the id {ident!r} may hold only letters, digits, '-', '_' and '.' "
                         "(at most 64)", table.loc(number, "id"))
        names: dict[str, str] = {}
        for column, lang in (("name", "en"), ("name@en", "en"), ("name@ru", "ru"),
                             ("name@kk", "kk")):
            if row.get(column):
                names.setdefault(lang, row[column])
        if "en" not in names:
            problems.add("the English name (name or name@en) is empty",
                         table.loc(number, "name" if "name" in table.header else "name@en"))
        country = row.get("country", "").upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            problems.add(f"the country {row.get('country', '')!r} is not an ISO 3166-1 "
                         "alpha-2 code such as KZ", table.loc(number, "country"))
        kind = row.get("type", "").lower()
        if kind not in INSTITUTION_TYPES:
            problems.add(f"the type {row.get('type', '')!r} is not one of "
                         + ", ".join(INSTITUTION_TYPES), table.loc(number, "type"))
        students: int | None = None
        if row.get("students"):
            count = parse_number(row["students"])
            if count is None or count < 0 or count != count.to_integral_value():
                problems.add(f"students {row['students']!r} is not a whole number ≥ 0",
                             table.loc(number, "students"))
            else:
                students = int(count)
        if len(problems.problems) == before:
            out.append(InstitutionRecord(ident, names, country, kind, students,
                                         row.get("description") or None,
                                         table.loc(number)))
    return out


def _indicators(table: _Table, specs: Mapping[str, IndicatorSpec], problems: _Collector,
                default: str | None = None) -> list[ObservationRecord]:
    required = ("year", "indicator") if default else ("institution", "year", "indicator")
    _check_header(table, INDICATOR_COLUMNS, required, problems)
    if not any(c in table.header for c in ("value", "numerator")):
        problems.add("give a 'value' column or 'numerator' and 'denominator' columns",
                     table.loc(1))
    out = []
    for number, cells in table.rows:
        row = _row_dict(table, cells)
        before = len(problems.problems)
        institution = row.get("institution", "") or default or ""
        if not institution:
            problems.add("the institution is empty", table.loc(number, "institution"))
        year = _parse_year(row.get("year", ""), table.loc(number, "year"), problems)
        code = row.get("indicator", "").strip()
        spec = specs.get(code) or specs.get(code.upper())
        if not code:
            problems.add("the indicator is empty", table.loc(number, "indicator"))
        elif spec is None:
            problems.add(f"unknown indicator {code!r}; known: {', '.join(sorted(specs))}",
                         table.loc(number, "indicator"))
        numbers: dict[str, Decimal | None] = {}
        for column in ("value", "numerator", "denominator"):
            text = row.get(column, "")
            if not text:
                numbers[column] = None
                continue
            parsed = parse_number(text)
            if parsed is None:
                problems.add(f"{column} {text!r} is not a number", table.loc(number, column))
            numbers[column] = parsed
        value, num, den = numbers["value"], numbers["numerator"], numbers["denominator"]
        has_ratio = bool(row.get("numerator") or row.get("denominator"))
        if not row.get("value") and not has_ratio:
            problems.add("give a value, or a numerator and a denominator",
                         table.loc(number, "value"))
        if has_ratio and spec is not None:
            if spec.unit != "%":
                problems.add(f"{spec.code} is measured as {spec.unit!r}, not a share: give "
                             "its value, not a numerator and denominator",
                             table.loc(number, "numerator"))
            elif not row.get("numerator"):
                problems.add("the numerator is empty", table.loc(number, "numerator"))
            elif not row.get("denominator"):
                problems.add("the denominator is empty", table.loc(number, "denominator"))
            elif num is not None and den is not None:
                computed = _ratio_checked(spec, num, den, table.loc(number, "denominator"),
                                          problems, ("numerator", "denominator"),
                                          table, number)
                if computed is not None and value is not None:
                    if abs(computed - value) > AGREEMENT_TOLERANCE:
                        problems.add(f"the value {show(value)} disagrees with numerator ÷ "
                                     f"denominator = {computed}", table.loc(number, "value"))
                elif computed is not None:
                    value = computed
        if (spec is not None and value is not None and not has_ratio
                and len(problems.problems) == before):
            _check_range(spec, value, table.loc(number, "value"), problems)
        if len(problems.problems) == before and spec is not None and value is not None \
                and year is not None:
            out.append(ObservationRecord(institution, year, spec.code, _quantize(value),
                                         num, den, row.get("source") or None,
                                         row.get("note") or None, table.loc(number)))
    return out


def _ratio_checked(spec: IndicatorSpec, num: Decimal, den: Decimal, loc: Location,
                   problems: _Collector, columns: tuple[str, str], table: _Table,
                   number: int) -> Decimal | None:
    if num < 0:
        problems.add(f"{spec.code}: the numerator {show(num)} is negative",
                     table.loc(number, columns[0]))
        return None
    if den < 0:
        problems.add(f"{spec.code}: the denominator {show(den)} is negative",
                     table.loc(number, columns[1]))
        return None
    if den == 0:
        which = "" if columns[1] == "denominator" else f" ({columns[1]})"
        problems.add(f"{spec.code}: the denominator{which} is zero", loc)
        return None
    computed = ratio_value(num, den, spec.unit)
    if not _check_range(spec, computed, loc, problems,
                        f" (= {show(num)} ÷ {show(den)} × 100)"):
        return None
    return computed


def _counts(table: _Table, specs: Mapping[str, IndicatorSpec], problems: _Collector,
            default: str | None = None) -> list[ObservationRecord]:
    _check_header(table, COUNTS_COLUMNS, ("year",) if default else ("institution", "year"),
                  problems)
    out = []
    for number, cells in table.rows:
        row = _row_dict(table, cells)
        before = len(problems.problems)
        institution = row.get("institution", "") or default or ""
        if not institution:
            problems.add("the institution is empty", table.loc(number, "institution"))
        year = _parse_year(row.get("year", ""), table.loc(number, "year"), problems)
        counts: dict[str, Decimal] = {}
        for column in RAW_COUNT_COLUMNS:
            text = row.get(column, "")
            if not text:
                continue
            parsed = parse_number(text)
            if parsed is None:
                problems.add(f"{column} {text!r} is not a number", table.loc(number, column))
            elif parsed < 0:
                problems.add(f"{column} {text!r} is negative", table.loc(number, column))
            else:
                counts[column] = parsed
        row_records = []
        for formula in RAW_COUNT_FORMULAS:
            spec = specs.get(formula.indicator)
            given = [c for c in formula.numerator if c in counts]
            if spec is None or not given:
                continue
            missing = [c for c in formula.numerator
                       if c not in counts and c not in formula.optional]
            if missing:
                problems.add(f"{formula.indicator} needs {', '.join(missing)} as well",
                             table.loc(number, missing[0]))
                continue
            if formula.denominator not in counts:
                if not row.get(formula.denominator):
                    problems.add(f"{formula.indicator} needs the denominator "
                                 f"{formula.denominator!r}",
                                 table.loc(number, formula.denominator))
                continue
            num = sum((counts[c] for c in given), Decimal(0))
            den = counts[formula.denominator]
            computed = _ratio_checked(spec, num, den, table.loc(number, formula.denominator),
                                      problems, (given[0], formula.denominator), table, number)
            if computed is not None:
                row_records.append((spec.code, computed, num, den))
        if len(problems.problems) == before and year is not None:
            if not row_records:
                problems.add("no indicator can be computed from this row's counts",
                             table.loc(number))
            for code, value, num, den in row_records:
                out.append(ObservationRecord(institution, year, code, value, num, den,
                                             row.get("source") or None,
                                             row.get("note") or None, table.loc(number)))
    return out


def parse_tables(tables: list[_Table], specs: Mapping[str, IndicatorSpec], *,
                 known_institutions: Iterable[str] = (),
                 only_institution: str | None = None) -> IndicatorInput:
    """Validate and convert tables; raise :class:`InputError` with EVERY problem found.

    ``known_institutions`` are the ids already in the store; an observation must name one of
    them or an institution of the same input. ``only_institution`` (the API's
    ``/institutions/{id}/indicators``) requires every observation to be about that institution;
    rows may then leave the ``institution`` column out or empty. Problems are sorted by file,
    sheet and row (stable, so a row's problems keep their column order).
    """
    problems = _Collector()
    result = IndicatorInput()
    for table in tables:
        if table.name == "institutions":
            result.institutions.extend(_institutions(table, problems))
        elif table.name == "indicators":
            result.observations.extend(_indicators(table, specs, problems, only_institution))
        else:
            result.observations.extend(_counts(table, specs, problems, only_institution))
    seen_inst: dict[str, InstitutionRecord] = {}
    for record in result.institutions:
        if record.id in seen_inst:
            problems.add(f"the institution {record.id!r} is listed twice (first at "
                         f"{seen_inst[record.id].location})",
                         replace(record.location, column="id"))
        seen_inst.setdefault(record.id, record)
    known = set(known_institutions) | set(seen_inst)
    seen_obs: dict[tuple[str, int, str], ObservationRecord] = {}
    for obs in result.observations:
        where = obs.location
        if only_institution is not None and obs.institution != only_institution:
            problems.add(f"this upload is for {only_institution!r}, but the row is about "
                         f"{obs.institution!r}", replace(where, column="institution"))
        elif obs.institution not in known:
            problems.add(f"unknown institution {obs.institution!r}: describe it in an "
                         "institutions table first", replace(where, column="institution"))
        if obs.key in seen_obs:
            first = seen_obs[obs.key]
            problems.add(f"duplicate: {obs.institution} {obs.year} {obs.indicator} was already "
                         f"given at {first.location}", replace(where, column="indicator"))
        seen_obs.setdefault(obs.key, obs)
    if problems.problems:
        raise InputError(sorted(problems.problems, key=_problem_order))
    return result


def _problem_order(problem: Problem) -> tuple[str, str, int]:
    loc = problem.location
    return (loc.file or "", loc.sheet or "", loc.row or 0)


# --- writing N-Triples -----------------------------------------------------------------------

def nt_literal(text: str, lang: str | None = None) -> str:
    """Return an N-Triples literal (escaped), language-tagged when ``lang`` is given."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def nt_typed(value: object, datatype: str) -> str:
    """Return an N-Triples literal of an XSD datatype (``integer``, ``date`` …)."""
    return f'"{value}"^^<{XSD}{datatype}>'


def nt_decimal(value: Decimal) -> str:
    """Return an ``xsd:decimal`` N-Triples literal."""
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return nt_typed(text, "decimal")


def institution_iri(institution_id: str) -> str:
    """Return ``DATA institution/<id>``."""
    return data_iri("institution", institution_id)


def observation_iri(institution_id: str, year: int, code: str) -> str:
    """Return ``DATA institution/<inst>/observation/<year>/<indicator>``."""
    return data_iri("institution", institution_id, "observation", str(year), code)


def dataset_iri(institution_id: str) -> str:
    """Return the IRI of an institution's indicator dataset, ``…/institution/<id>/indicators``."""
    return data_iri("institution", institution_id, "indicators")


def institutions_ntriples(records: Iterable[InstitutionRecord]) -> bytes:
    """Return the N-Triples of institutions (for ``graph/institutions``)."""
    lines: list[str] = []
    for r in records:
        s = f"<{institution_iri(r.id)}>"
        lines.append(f"{s} <{RDF}type> <{CG}Institution> .")
        lines.append(f"{s} <{DCTERMS}identifier> {nt_literal(r.id)} .")
        for lang, name in sorted(r.names.items()):
            lines.append(f"{s} <{SKOS}prefLabel> {nt_literal(name, lang)} .")
        if r.country:
            lines.append(f"{s} <{CG}country> {nt_literal(r.country)} .")
        if r.type:
            lines.append(f"{s} <{CG}institutionType> <{CG}{INSTITUTION_TYPES[r.type]}> .")
        if r.students is not None:
            lines.append(f"{s} <{CG}studentCount> {nt_typed(r.students, 'integer')} .")
        if r.description:
            lines.append(f"{s} <{DCTERMS}description> {nt_literal(r.description, 'en')} .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def observations_ntriples(institution_id: str, records: Iterable[ObservationRecord],
                          specs: Mapping[str, IndicatorSpec]) -> bytes:
    """Return the N-Triples of one institution's dataset (for ``graph/indicators/<id>``)."""
    ds = f"<{dataset_iri(institution_id)}>"
    inst = f"<{institution_iri(institution_id)}>"
    lines = [f"{ds} <{RDF}type> <{CG}IndicatorDataset> .",
             f"{ds} <{RDFS}label> {nt_literal('Indicators of ' + institution_id, 'en')} ."]
    for r in records:
        o = f"<{observation_iri(institution_id, r.year, r.indicator)}>"
        lines += [f"{o} <{RDF}type> <{CG}IndicatorObservation> .",
                  f"{o} <{QB}dataSet> {ds} .",
                  f"{o} <{CG}refInstitution> {inst} .",
                  f"{o} <{CG}refIndicator> <{specs[r.indicator].iri}> .",
                  f"{o} <{CG}refYear> {nt_typed(r.year, 'integer')} .",
                  f"{o} <{CG}value> {nt_decimal(r.value)} ."]
        if r.numerator is not None:
            lines.append(f"{o} <{CG}numerator> {nt_decimal(r.numerator)} .")
        if r.denominator is not None:
            lines.append(f"{o} <{CG}denominator> {nt_decimal(r.denominator)} .")
        if r.source:
            lines.append(f"{o} <{DCTERMS}source> {nt_literal(r.source)} .")
        if r.note:
            lines.append(f"{o} <{RDFS}comment> {nt_literal(r.note)} .")
    return ("\n".join(lines) + "\n").encode("utf-8")

