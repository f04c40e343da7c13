"""Validating and converting the tables: every problem located, nothing returned on error."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import check_id
from competency_graph.io.indicators.model import (
    _QUANTUM,
    AGREEMENT_TOLERANCE,
    COUNTS_COLUMNS,
    INDICATOR_COLUMNS,
    INSTITUTION_COLUMNS,
    INSTITUTION_TYPES,
    RAW_COUNT_COLUMNS,
    RAW_COUNT_FORMULAS,
    YEAR_RANGE,
    IndicatorInput,
    IndicatorSpec,
    InstitutionRecord,
    ObservationRecord,
)
from competency_graph.io.indicators.tables import Table

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


def _row_dict(table: Table, cells: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, name in enumerate(table.header):
        if name:
            out[name] = cells[i].strip() if i < len(cells) else ""
    return out


def _check_header(table: Table, allowed: Iterable[str], required: Iterable[str],
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


def _institution_year(table: Table, number: int, row: dict[str, str], default: str | None,
                      problems: _Collector) -> tuple[str, int | None]:
    """The row's institution (else the default) and year; problems located at their cells."""
    institution = row.get("institution", "") or default or ""
    if not institution:
        problems.add("the institution is empty", table.loc(number, "institution"))
    return institution, _parse_year(row.get("year", ""), table.loc(number, "year"), problems)


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

def _institutions(table: Table, problems: _Collector) -> list[InstitutionRecord]:
    _check_header(table, INSTITUTION_COLUMNS, ("id", "name|name@en", "country", "type"),
                  problems)
    out = []
    for number, cells in table.rows:
        row = _row_dict(table, cells)
        before = len(problems.problems)
        ident = row.get("id", "")
        if not ident:
            problems.add("the institution id is empty", table.loc(number, "id"))
        elif (bad_id := check_id(ident, "institution id", table.loc(number, "id"))) is not None:
            problems.add(bad_id.message, bad_id.location)
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


def _indicators(table: Table, specs: Mapping[str, IndicatorSpec], problems: _Collector,
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
        institution, year = _institution_year(table, number, row, default, problems)
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
                   problems: _Collector, columns: tuple[str, str], table: Table,
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


def _counts(table: Table, specs: Mapping[str, IndicatorSpec], problems: _Collector,
            default: str | None = None) -> list[ObservationRecord]:
    _check_header(table, COUNTS_COLUMNS, ("year",) if default else ("institution", "year"),
                  problems)
    out = []
    for number, cells in table.rows:
        row = _row_dict(table, cells)
        before = len(problems.problems)
        institution, year = _institution_year(table, number, row, default, problems)
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


def parse_tables(tables: list[Table], specs: Mapping[str, IndicatorSpec], *,
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
