"""The validation answers on every store implementation (``any_store``: embedded memory and
disk, the remote store over Oxigraph server and over Virtuoso): the hand-built valid programme
has no finding, and each invalid fixture trips exactly the shapes its header names."""

from __future__ import annotations

from competency_graph.namespaces import CGSH
from competency_graph.store import GraphStore
from competency_graph.validation import ALWAYS_ON, run
from tests.validation.test_validation import INVALID_FILES, PROG, header, load


def test_valid_fixture_conforms_on_every_store(any_store: GraphStore) -> None:
    load(any_store)
    report = run(any_store, PROG, [*ALWAYS_ON, "wa-2021"])
    assert [f.key() for f in report.findings] == []


def test_invalid_fixtures_trip_their_shapes_on_every_store(any_store: GraphStore) -> None:
    """Every invalid fixture in turn replaces the programme graph; the shapes that fire are the
    fixture's own and those its header lists under ``also``."""
    fired: dict[str, set[str]] = {}
    expected: dict[str, set[str]] = {}
    for path in INVALID_FILES:
        shape = header(path, "shape").removeprefix("cgsh:")
        also = {a.removeprefix("cgsh:") for a in header(path, "also").split()}
        load(any_store, path.read_text(encoding="utf-8"))
        report = run(any_store, PROG, [header(path, "profile")])
        fired[path.stem] = {f.shape for f in report.findings}
        expected[path.stem] = {CGSH + s for s in {shape} | also}
    assert fired == expected
