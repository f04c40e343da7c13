"""Suggestions and comparisons on one text engine (issue 18; docs/suggestions.md):
alignment suggestions, the ESCO occupation gap, and mobility recognition."""

from __future__ import annotations

from competency_graph.services.suggestions.accept import accept_suggestions
from competency_graph.services.suggestions.engine import (
    MAX_TOP,
    invalidate,
    load_encoder,
)
from competency_graph.services.suggestions.engine import frameworks as target_frameworks
from competency_graph.services.suggestions.occupation import (
    esco_imported,
    has_missing_essential,
    occupation_gap,
    resolve_occupation,
)
from competency_graph.services.suggestions.recognition import (
    MAX_AGREEMENT_BYTES,
    read_agreement,
    recognise,
)
from competency_graph.services.suggestions.suggest import (
    PROGRAMME_OUTCOMES,
    suggest,
    suggest_for_programme,
    write_suggestions_workbook,
)

__all__ = [
    "MAX_AGREEMENT_BYTES",
    "MAX_TOP",
    "PROGRAMME_OUTCOMES",
    "accept_suggestions",
    "esco_imported",
    "has_missing_essential",
    "invalidate",
    "load_encoder",
    "occupation_gap",
    "read_agreement",
    "recognise",
    "resolve_occupation",
    "suggest",
    "suggest_for_programme",
    "target_frameworks",
    "write_suggestions_workbook",
]
