"""Models of the e-learning routes (``api/routes/resources.py``, docs/elearning.md)."""

from __future__ import annotations

from typing import Any

from api.schemas.common import Record


class ResourcePublic(Record):
    """One learning resource (schema.org/LRMI ``LearningResource``)."""

    id: str
    name: str
    url: str
    provider: str | None = None
    language: str | None = None
    level: str | None = None
    teaches: list[Any] | None = None


class RecommendationsPublic(Record):
    """Resources per missing or partial item, and per staff member, each with a reason."""

    programme: str
    frameworks: list[Any]
    recommendations: list[dict[str, Any]]
    staff: list[dict[str, Any]]


class LearningPathPublic(Record):
    """Resources ordered by CEFR level and prerequisite, with the total hours."""

    steps: list[dict[str, Any]]
    total_hours: float | int | None = None


class CatalogueCoveragePublic(Record):
    """How the catalogue covers items × languages × levels."""

    frameworks: list[Any]
    items: list[dict[str, Any]]
    without_resource: Any


class ResourceImportPublic(Record):
    """The summary of a resource import."""

    graph: str | None = None
