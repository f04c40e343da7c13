"""Frameworks: the catalogue of stored competency frameworks, their items, item search,
and the level scales of items (docs/frameworks.md).
"""

from __future__ import annotations

from competency_graph.services.frameworks.catalogue import (
    FrameworkSummary,
    check_lang,
    get_framework,
    get_item,
    list_frameworks,
    list_items,
)
from competency_graph.services.frameworks.item_search import (
    DEFAULT_LIMIT,
    SearchHit,
    invalidate_search_index,
    search,
    succession,
)
from competency_graph.services.frameworks.levels import Level, Levels, load_levels, scaled_items

__all__ = [
    "DEFAULT_LIMIT",
    "FrameworkSummary",
    "Level",
    "Levels",
    "SearchHit",
    "check_lang",
    "get_framework",
    "get_item",
    "invalidate_search_index",
    "list_frameworks",
    "list_items",
    "load_levels",
    "scaled_items",
    "search",
    "succession",
]
