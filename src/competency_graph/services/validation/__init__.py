"""Validation: check a programme against validation profiles (docs/validation.md). The
report's renderings are in :mod:`competency_graph.reports.validation`.
"""

from __future__ import annotations

from competency_graph.reports.validation import FORMATS
from competency_graph.services.validation.batch import Entry, validate_all
from competency_graph.services.validation.run import resolve_profiles, validate

__all__ = [
    "FORMATS",
    "Entry",
    "resolve_profiles",
    "validate",
    "validate_all",
]
