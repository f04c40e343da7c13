"""Staff readiness, development plans and roster uploads."""

from __future__ import annotations

from api.schemas.common import ProblemLocation, Record


class StaffReadinessPublic(Record):
    """Readiness report (DESIGN §7): one finding per staff member, course and unmet
    requirement, with the summary and its aggregates."""

    findings: list[Record]
    summary: Record
    lang: str


class StaffPlanPublic(Record):
    """Development plan: the fewest programme places covering every finding."""

    summary: Record
    places: list[Record]
    uncovered: list[Record]
    lang: str


class StaffImportPublic(Record):
    """What a roster upload wrote: graph and number of staff per institution."""

    graphs: dict[str, str]
    staff: dict[str, int]
    quads: int
    warnings: list[ProblemLocation]
