"""Institutions, indicator uploads, benchmarks and benchmarking studies."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.schemas.common import Record
from competency_graph import ids

#: the one id rule (``competency_graph.ids.ID_PATTERN``) and an ISO date
ID = ids.ID_PATTERN.pattern
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class InstitutionPublic(Record):
    """An institution with the years it has indicator data for."""

    id: str
    iri: str
    name: str | None = None
    names: dict[str, str] = Field(default_factory=dict)
    country: str | None = None
    type: str | None = None
    students: int | None = None
    years: list[int] = Field(default_factory=list)


class IndicatorImportPublic(Record):
    """What an indicator upload wrote."""

    institutions: Any
    observations: Any
    graphs: Any


class BenchmarkPublic(Record):
    """Per indicator: value, peers, targets, gaps, ranks, trend; and the composite."""

    institution: Record
    year: int
    peer_rule: str | None = None
    peers: list[Record]
    indicators: list[Record]
    composite: Record | None = None


class StageCreate(BaseModel):
    """One stage (1–5) of the five-stage cycle."""

    number: int | None = Field(None, ge=1, le=5)
    kind: str | None = Field(None, description="e.g. DetermineWhatToBenchmark")
    status: Literal["planned", "in-progress", "completed"] = "planned"
    start: str | None = Field(None, description="YYYY-MM-DD", pattern=DATE)
    end: str | None = Field(None, description="YYYY-MM-DD", pattern=DATE)
    note: str | None = None


class StageUpdate(BaseModel):
    """Changes to one stage."""

    status: Literal["planned", "in-progress", "completed"] | None = None
    start: str | None = Field(None, pattern=DATE)
    end: str | None = Field(None, pattern=DATE)
    note: str | None = None


class ActionItemCreate(BaseModel):
    """One action-plan item."""

    indicator: str
    target_value: float | None = None
    deadline: str | None = Field(None, description="YYYY-MM-DD", pattern=DATE)
    owner: str | None = None
    programmes: list[str] = Field(default_factory=list,
                                  description="development programme ids or IRIs")
    note: str | None = None


class StudyUpdate(BaseModel):
    """A benchmarking study (the whole of it)."""

    title: str = Field(min_length=1, max_length=500, pattern=r"\S")
    institution: str = Field(min_length=1, max_length=128, pattern=ID)
    year: int = Field(ge=1900, le=2200)
    peers: list[Annotated[str, Field(max_length=128, pattern=ID)]] = Field(
        default_factory=list, max_length=1000)
    indicators: list[str] = Field(default_factory=list, description="default: the 7 core")
    team: list[str] = Field(default_factory=list)
    description: str | None = None
    stages: list[StageCreate] = Field(default_factory=list)
    action_items: list[ActionItemCreate] = Field(default_factory=list)


class StudyCreate(StudyUpdate):
    """A new study; without an id it becomes ``<institution>-<year>``."""

    id: str | None = Field(None, max_length=128, pattern=ID)


class StudySummaryPublic(Record):
    """A study in the list."""

    id: str
    title: str | None = None


class StudyPublic(Record):
    """A study with its stages and action plan (and suggested development programmes)."""

    id: str
    iri: str
    title: str
    institution: str
    year: int
    stages: list[Record]
    action_items: list[Record]
