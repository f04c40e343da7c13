"""Report answers of a stored programme: validation, gaps, curriculum map, progression,
impact. The JSON equals the CLI's ``--format json``."""

from __future__ import annotations

from api.schemas.common import Record


class ValidationReportPublic(Record):
    """``GET /programmes/{id}/validation`` (DESIGN §7): ``conforms`` is false when any result
    is a violation."""

    conforms: bool
    programme: str
    profiles: list[str]
    counts: dict[str, int]
    results: list[Record]
    engine: str


class GapSummary(Record):
    """Counts of the gap report."""

    total: int
    covered: int
    partial: int
    missing: int


class GapReportPublic(Record):
    """``GET /programmes/{id}/gaps``: each framework item covered, partial or missing."""

    programme: str
    framework: str
    summary: GapSummary
    items: list[Record]
    metadata: Record


class MatrixPublic(Record):
    """``GET /programmes/{id}/matrix``: I/R/M cells per course and column."""

    programme: str
    mode: str
    framework: str | None = None
    columns: list[Record]
    rows: list[Record]
    metadata: Record


class ProgressionPublic(Record):
    """``GET /programmes/{id}/progression``: timelines, prerequisites, chain."""

    programme: str
    mode: str
    framework: str | None = None
    semesters: list[int]
    targets: list[Record]
    prerequisites: Record
    courses_without_contribution: list[str | Record]
    metadata: Record


class ImpactPublic(Record):
    """``GET /programmes/{id}/impact``: alignments hit by a framework version change."""

    programme: str
    crosswalks: list[str]
    summary: dict[str, int]
    items: list[Record]
    courses_to_review: list[str | Record]
    metadata: Record
