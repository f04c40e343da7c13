"""Helpers for the framework tests: ad-hoc SPARQL over a store, the bundled files as rdflib."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rdflib

from competency_graph.namespaces import FRAMEWORK
from competency_graph.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK_FILES = sorted((ROOT / "ontology" / "frameworks").glob("*.ttl"))
CROSSWALK_FILES = sorted((ROOT / "ontology" / "crosswalks").glob("*.ttl"))
SHAPES_FILE = ROOT / "ontology" / "shapes" / "framework.shapes.ttl"


def sparql(store: GraphStore, text: str) -> list[dict[str, Any]]:
    """Run a read-only query through the store's user-query path; return ``{var: value}`` rows
    (IRIs and literals as strings, with ``<var>@lang`` for language tags). ``fw:`` is the
    framework namespace."""
    output = store.run_user_query(f"PREFIX fw: <{FRAMEWORK}>\n" + text, results_format="json")
    body = json.loads(output.body)
    rows = []
    for binding in body["results"]["bindings"]:
        row: dict[str, Any] = {}
        for name, term in binding.items():
            row[name] = term["value"]
            if "xml:lang" in term:
                row[name + "@lang"] = term["xml:lang"]
        rows.append(row)
    return rows


@pytest.fixture(scope="session")
def bundled_graph() -> rdflib.Graph:
    """Every bundled framework and crosswalk file in one rdflib graph."""
    assert FRAMEWORK_FILES and CROSSWALK_FILES
    graph = rdflib.Graph()
    for path in FRAMEWORK_FILES + CROSSWALK_FILES:
        graph.parse(path, format="turtle")
    return graph
