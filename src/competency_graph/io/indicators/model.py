"""The reference tables of indicator input (institution types, accepted columns, raw-count
formulas) and the records the reader produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from competency_graph.errors import Location

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
