"""Programmes (curriculum workbooks)."""

from __future__ import annotations

from pydantic import Field

from api.schemas.common import ProblemLocation, Record


class ProgrammeVersionPublic(Record):
    """One stored version of a programme."""

    version: str
    iri: str
    current: bool


class ProgrammeSummaryPublic(Record):
    """A programme in the list: its current version and every version."""

    id: str
    title: str | None = None
    version: str
    iri: str
    cycle: str | None = None
    ects: float | None = None
    courses: int
    versions: list[ProgrammeVersionPublic]


class ProgrammePublic(Record):
    """One programme version: courses, outcomes, alignments (``GET /programmes/{id}``)."""

    id: str
    version: str
    iri: str
    graph: str
    current: bool
    title: str | None = None
    titles: dict[str, str] = Field(default_factory=dict)
    courses: list[Record] = Field(default_factory=list)
    programme_outcomes: list[Record] = Field(default_factory=list)
    versions: list[ProgrammeVersionPublic] = Field(default_factory=list)


class ProgrammeImportPublic(Record):
    """What an import wrote (``POST`` / ``PUT /programmes``)."""

    id: str
    version: str
    iri: str
    graph: str
    triples: int
    previous_version: str | None = None
    counts: dict[str, int]
    warnings: list[ProblemLocation]
