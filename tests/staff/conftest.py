"""Fixtures of the staff tests: the fixture programme and roster loaded into a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services import staff as staff_service
from competency_graph.store import GraphStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROGRAMME = "6B99901"
PROGRAMME_GRAPH = graph_iri("programme", PROGRAMME, "1")


def load_fixture(store: GraphStore) -> None:
    """Put the fixture programme (Turtle) and its roster (CSV import) into ``store``."""
    store.replace_graph(PROGRAMME_GRAPH, RdfPayload((FIXTURES / "programme.ttl").read_bytes(),
                                                    "turtle", "programme.ttl"))
    staff_service.import_staff_roster(store, FIXTURES / "roster.csv")


@pytest.fixture
def staff_store(memory_store: GraphStore) -> GraphStore:
    """The in-memory store with the fixture programme and roster."""
    load_fixture(memory_store)
    return memory_store
