"""Fixtures of the gap-analysis tests: hand-built programmes with known answers
(``fixtures/*.ttl``, written to docs/data-model.md) loaded into a store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.store import GraphStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def load_fixtures(store: GraphStore) -> None:
    """Put GAP1, both versions of GAP2 and the gap-test framework into ``store``."""
    def payload(name: str) -> RdfPayload:
        return RdfPayload((FIXTURES / name).read_bytes(), "turtle", name)

    store.replace_graphs({
        graph_iri("programme", "GAP1", "1"): payload("gap-programme.ttl"),
        graph_iri("programme", "GAP2", "1"): payload("gap-programme-2-v1.ttl"),
        graph_iri("programme", "GAP2", "2"): payload("gap-programme-2.ttl"),
        graph_iri("framework", "gap-test"): payload("test-framework.ttl"),
    })


@pytest.fixture
def gap_store(memory_store: GraphStore) -> GraphStore:
    """The in-memory store (bundled data) with the gap fixtures."""
    load_fixtures(memory_store)
    return memory_store


def schema(name: str) -> dict[str, Any]:
    """Return a published JSON Schema from docs/schemas/."""
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


def by_code(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Index a gap report's items by code."""
    return {item["code"]: item for item in report["items"]}
