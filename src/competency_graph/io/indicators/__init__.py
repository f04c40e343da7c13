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

from competency_graph.io.indicators.model import (
    AGREEMENT_TOLERANCE,
    COUNTS_COLUMNS,
    INDICATOR_COLUMNS,
    INSTITUTION_COLUMNS,
    INSTITUTION_TYPES,
    RAW_COUNT_COLUMNS,
    RAW_COUNT_FORMULAS,
    TYPE_CODES,
    YEAR_RANGE,
    IndicatorInput,
    IndicatorSpec,
    InstitutionRecord,
    ObservationRecord,
    RawCountFormula,
)
from competency_graph.io.indicators.rdf import (
    dataset_iri,
    institution_iri,
    institutions_ntriples,
    nt_decimal,
    nt_literal,
    nt_typed,
    observation_iri,
    observations_ntriples,
)
from competency_graph.io.indicators.tables import Table, read_bytes, read_tables
from competency_graph.io.indicators.validate import parse_number, parse_tables, ratio_value, show

__all__ = [
    "AGREEMENT_TOLERANCE",
    "COUNTS_COLUMNS",
    "INDICATOR_COLUMNS",
    "INSTITUTION_COLUMNS",
    "INSTITUTION_TYPES",
    "RAW_COUNT_COLUMNS",
    "RAW_COUNT_FORMULAS",
    "TYPE_CODES",
    "YEAR_RANGE",
    "IndicatorInput",
    "IndicatorSpec",
    "InstitutionRecord",
    "ObservationRecord",
    "RawCountFormula",
    "Table",
    "dataset_iri",
    "institution_iri",
    "institutions_ntriples",
    "nt_decimal",
    "nt_literal",
    "nt_typed",
    "observation_iri",
    "observations_ntriples",
    "parse_number",
    "parse_tables",
    "ratio_value",
    "read_bytes",
    "read_tables",
    "show",
]
