"""Fixtures of the suggestion tests: small hand-written workbooks (``fixtures/``) and the ESCO
excerpt of tests/fixtures/esco."""

from __future__ import annotations

from pathlib import Path

import pytest

from competency_graph.services.curriculum import import_programme
from competency_graph.services.interop.esco import import_esco
from competency_graph.store import GraphStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ESCO = Path(__file__).resolve().parents[1] / "fixtures" / "esco"
HOME = FIXTURES / "home"
PARTNER = FIXTURES / "partner"
DEVELOPER = FIXTURES / "developer"


@pytest.fixture
def esco_store(memory_store: GraphStore) -> GraphStore:
    """The in-memory store with the ESCO v1.1.1 excerpt imported."""
    import_esco(memory_store, ESCO)
    return memory_store


def stored(store: GraphStore, workbook: Path) -> str:
    """Import a fixture workbook into ``store`` (the services take stored programmes only; a
    workbook path is the CLI's business) and return its id."""
    return import_programme(store, workbook).programme_id
