"""Results computed once per programme version (issue 15 item 2, services/system/results.py):
stored with their provenance, served from then on, recomputed when a graph they depend on
changes, dropped with the programme, and read back by another process's store object."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from competency_graph.analysis.rules import rule_model
from competency_graph.config import Settings
from competency_graph.model import IRI, RdfPayload
from competency_graph.namespaces import CG, PROV, graph_iri, item_iri
from competency_graph.services import curriculum, gaps, staff, validation
from competency_graph.services.system import dependency_stamp, ensure_demo, open_store
from competency_graph.store import GraphStore

DEMO = "6B07101"


def _result_graphs(store: GraphStore, kind: str) -> list[str]:
    prefix = graph_iri("result", DEMO) + "/"
    return [g for g in store.graph_names() if g.startswith(prefix) and f"/{kind}-" in g]


def _objects(store: GraphStore, graph: str, prop: str) -> set[str]:
    text = store.export_graph(graph, "ntriples").decode()
    out = set()
    for line in text.splitlines():
        if f"<{prop}>" in line:
            obj = line.split(f"<{prop}> ", 1)[1].rstrip(" .")
            out.add(obj.strip("<>").split('"^^')[0].strip('"'))
    return out


@pytest.fixture
def demo_store(memory_store: GraphStore) -> GraphStore:
    ensure_demo(memory_store)
    return memory_store


def test_a_result_is_stored_with_its_provenance_and_served(demo_store: GraphStore) -> None:
    first = gaps.gap_report(demo_store, DEMO, "wa-2021")
    [graph] = _result_graphs(demo_store, "gaps")
    programme = curriculum.resolve_programme(demo_store, DEMO)
    sources = _objects(demo_store, graph, PROV + "wasDerivedFrom")
    assert programme.iri in sources and programme.graph in sources
    assert graph_iri("framework", "wa-2021") in sources
    assert any("/crosswalk/" in s for s in sources)
    assert rule_model().rules["coverage"].iri in sources
    # no other programme, no other result
    assert not any(s.startswith(graph_iri("result")) for s in sources)
    assert _objects(demo_store, graph, CG + "dependencyStamp") == {dependency_stamp(demo_store)}
    assert _objects(demo_store, graph, CG + "resultKind") == {"gaps"}
    # served: the same document, no second graph
    assert gaps.gap_report(demo_store, DEMO, "wa-2021") is first
    assert _result_graphs(demo_store, "gaps") == [graph]
    # other parameters are another result
    gaps.gap_report(demo_store, DEMO, "wa-2021", lang="ru")
    assert len(_result_graphs(demo_store, "gaps")) == 2


def test_a_changed_crosswalk_recomputes_every_surface(demo_store: GraphStore) -> None:
    """WA11 is missing in the demo; a crosswalk (an RDF import) from an EUR-ACE item the demo
    covers to WA11 gives it evidence: the stored gap report and validation are stale then."""
    before = gaps.gap_report(demo_store, DEMO, "wa-2021")
    status = {i["code"]: i["status"] for i in before["items"]}
    assert status["WA11"] == "missing"
    report = validation.validate(demo_store, DEMO, "wa-2021")
    assert any(f.focus == item_iri("wa-2021", "WA11") for f in report.findings)
    stamp = dependency_stamp(demo_store)

    mapping = (f"<{item_iri('eur-ace-2015-bachelor', 'B1.1')}> "
               f"<http://www.w3.org/2004/02/skos/core#exactMatch> "
               f"<{item_iri('wa-2021', 'WA11')}> .\n").encode()
    demo_store.replace_graphs({graph_iri("rdf", "test-crosswalk"):
                               RdfPayload(mapping, "ntriples", "crosswalk.nt")}, owner="rdf")
    assert dependency_stamp(demo_store) != stamp

    after = gaps.gap_report(demo_store, DEMO, "wa-2021")
    wa11 = next(i for i in after["items"] if i["code"] == "WA11")
    assert wa11["status"] != "missing"
    assert any(step["relation"] == "exactMatch" for step in wa11["evidence"][0]["path"])
    report = validation.validate(demo_store, DEMO, "wa-2021")
    assert not any(f.focus == item_iri("wa-2021", "WA11") and "coverage" in f.shape.lower()
                   and f.severity == "violation" for f in report.findings)
    [graph] = _result_graphs(demo_store, "gaps")  # replaced, not added
    assert _objects(demo_store, graph, CG + "dependencyStamp") == {dependency_stamp(demo_store)}


def test_programme_versions_and_results_are_dropped_together(demo_store: GraphStore) -> None:
    validation.validate(demo_store, DEMO)
    staff.staff_readiness(demo_store, DEMO)
    assert _result_graphs(demo_store, "validation") and _result_graphs(demo_store, "staff")
    curriculum.delete_programme(demo_store, DEMO)
    assert not [g for g in demo_store.graph_names() if g.startswith(graph_iri("result"))]


def test_another_process_reads_the_stored_result(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A second store object on the same on-disk store (another worker, a restart) serves the
    stored result without computing it; its validation report round-trips every field."""
    path = str(tmp_path / "store")
    store = open_store(Settings(store=path))
    try:
        ensure_demo(store)
        report = validation.validate(store, DEMO, lang="kk")
        gap = gaps.gap_report(store, DEMO, "wa-2021")
    finally:
        store.close()
    del store
    gc.collect()  # RocksDB's lock goes with the last reference to the store

    def no_computing(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr("competency_graph.validation.run", no_computing)
    monkeypatch.setattr("competency_graph.services.gaps.report.programme_coverage", no_computing)
    again = open_store(Settings(store=path))
    try:
        served = validation.validate(again, DEMO, lang="kk")
        assert served.as_json("kk") == report.as_json("kk")
        assert served.findings == report.findings and served.extras == report.extras
        assert gaps.gap_report(again, DEMO, "wa-2021") == gap
        assert _stored_stamp(again, _result_graphs(again, "validation")[0]) == \
            dependency_stamp(again)
    finally:
        again.close()


def test_a_workbook_is_never_stored(demo_store: GraphStore) -> None:
    """A programme read from a workbook (the CLI's scratch store) is computed, not stored."""
    from competency_graph.resources import DEMO_DIR

    ref = curriculum.open_workbook(demo_store, DEMO_DIR / "demo-programme.xlsx")
    try:
        report = validation.validate(ref.store, f"{ref.id}@{ref.version}")
        assert report.programme == ref.iri
        assert not [g for g in ref.store.graph_names() if g.startswith(graph_iri("result"))]
    finally:
        ref.close()


def _stored_stamp(store: GraphStore, graph: str) -> str:
    """The stamp of a stored result (result graphs are read by name, within a scope)."""
    with store.scope([graph]):
        rows = store.select("get_computed_result", graph=IRI(graph))
    return str(rows[0]["stamp"])


def test_results_on_every_store(any_store: GraphStore) -> None:
    """On every backend (embedded memory and disk, the Oxigraph server with an explicit
    dataset and with its union flag, Virtuoso): a gap report is stored with its stamp, served
    again, and computed afresh after a write to a graph it depends on; another client of the
    same endpoint serves the stored one."""
    from competency_graph.store import open_store as open_raw
    from tests.gaps.conftest import load_fixtures

    load_fixtures(any_store)
    first = gaps.gap_report(any_store, "GAP1", "gap-test")
    prefix = graph_iri("result", "GAP1") + "/"
    [graph] = [g for g in any_store.graph_names() if g.startswith(prefix)]
    assert _stored_stamp(any_store, graph) == dependency_stamp(any_store)
    assert gaps.gap_report(any_store, "GAP1", "gap-test") == first
    if any_store.kind == "sparql-endpoint":  # a second client (another worker) reads it
        other = open_raw(Settings(store=any_store.query_url,  # type: ignore[attr-defined]
                                  update_url=any_store.update_url,  # type: ignore[attr-defined]
                                  sparql_dialect=any_store.dialect.name))  # type: ignore[attr-defined]
        try:
            assert dependency_stamp(other) == dependency_stamp(any_store)
            assert gaps.gap_report(other, "GAP1", "gap-test") == first
        finally:
            other.close()
    stamp = dependency_stamp(any_store)
    note = b'<urn:x:note> <http://www.w3.org/2000/01/rdf-schema#comment> "a change" .\n'
    any_store.replace_graphs({graph_iri("rdf", "note"): RdfPayload(note, "ntriples", "n.nt")},
                             owner="rdf")
    assert dependency_stamp(any_store) != stamp
    assert gaps.gap_report(any_store, "GAP1", "gap-test") == first  # same answer, recomputed
    assert _stored_stamp(any_store, graph) == dependency_stamp(any_store)


def test_which_writes_renew_the_dependency_revision(demo_store: GraphStore) -> None:
    """A new programme version, ESCO, study or indicators graph leaves results valid; replacing
    an existing version graph (an operator's ``import --graph``) or writing any framework,
    roster or RDF graph makes them stale; storing a result does not."""
    stamp = dependency_stamp(demo_store)
    programme = curriculum.resolve_programme(demo_store, DEMO)
    text = demo_store.export_graph(programme.graph, "ntriples")
    new = graph_iri("programme", "OTHER", "1")
    demo_store.replace_graphs({new: RdfPayload(b"<urn:x:a> <urn:x:b> <urn:x:c> .\n",
                                               "ntriples", "new.nt")})
    validation.validate(demo_store, DEMO)  # stores a result
    assert dependency_stamp(demo_store) == stamp
    demo_store.replace_graphs({programme.graph: RdfPayload(text, "ntriples", "same.nt")})
    assert dependency_stamp(demo_store) != stamp
