"""Models of the suggestion routes (``api/routes/suggestions.py``, docs/suggestions.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import Record


class SuggestionsPublic(Record):
    """Alignment candidates per outcome, each with a score (0..1) and a reason."""

    suggestions: list[dict[str, Any]]


class OccupationGapPublic(Record):
    """ESCO skills of an occupation: covered, partly or missing, with matched outcomes."""


class RecognitionPublic(Record):
    """Per home course: full, partial or no recognition, ECTS recognised, outcomes uncovered."""


class AcceptedSuggestion(BaseModel):
    """One accepted suggestion: the outcome id, the target (``framework:CODE`` or a programme
    outcome id), and optionally the I/R/M level and the score it had."""

    outcome: str = Field(max_length=300)
    target: str = Field(max_length=300)
    level: str | None = Field(None, max_length=16)
    score: float | None = None


class AcceptedSuggestionsCreate(BaseModel):
    """The accepted suggestions to record as alignments of a new programme version."""

    alignments: list[AcceptedSuggestion] = Field(min_length=1, max_length=2000)
    attributed_to: str = Field("accepted suggestion", max_length=200)


class AcceptedSuggestionsPublic(Record):
    """The summary of the new programme version."""
