"""Wording findings a reviewer would strike out must not appear (regressions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from competency_graph.services import validation
from competency_graph.services.curriculum import import_programme
from competency_graph.store import GraphStore

DEMO = Path(__file__).resolve().parents[2] / "src/competency_graph/data/demo/programme"


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_hyphenated_name_is_not_an_unobservable_verb(memory_store: GraphStore,
                                                       engine: str) -> None:
    """"…with scikit-learn" does not use the verb "learn"; the demo's real unobservable verbs
    (understand, знать, білу) are still found, by both engines."""
    import_programme(memory_store, DEMO)
    report = validation.validate(memory_store, "6B07101", "wording", engine=engine).as_json()
    messages = [r["message"] for r in report["results"]]
    assert not any('"learn"' in m for m in messages)
    for verb in ("understand", "знать", "білу"):
        assert any(f'"{verb}"' in m for m in messages), verb
