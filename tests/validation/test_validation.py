"""Validation profiles: every shape is named and trilingual, the valid fixture conforms, each
invalid fixture trips exactly its shape, and the fast engine agrees with pySHACL (differential)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from competency_graph.model import RdfPayload
from competency_graph.namespaces import CGSH
from competency_graph.services import validation as service
from competency_graph.validation import ALWAYS_ON, catalogue, run

HERE = Path(__file__).resolve().parent
BASE = HERE / "fixtures" / "valid" / "programme.ttl"
PROG = "https://w3id.org/competency-graph/data/programme/VAL1/1"
GRAPH = "https://w3id.org/competency-graph/graph/programme/VAL1/1"
PFX = """PREFIX cg: <https://w3id.org/competency-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX irm: <https://w3id.org/competency-graph/framework/irm/>
PREFIX cefr: <https://w3id.org/competency-graph/framework/cefr/>
PREFIX p: <https://w3id.org/competency-graph/data/programme/VAL1/1/>
PREFIX inst: <https://w3id.org/competency-graph/data/institution/>
PREFIX wa: <https://w3id.org/competency-graph/framework/wa-2021/>
"""
PR = "<https://w3id.org/competency-graph/data/programme/VAL1/1>"
C = "<https://w3id.org/competency-graph/data/programme/VAL1/1/course/"
AL = "<https://w3id.org/competency-graph/data/programme/VAL1/1/alignment/"

#: shape local name -> (profile, SPARQL Update turning the valid fixture into an invalid one)
INVALID: dict[str, tuple[str, str]] = {
    "ProgrammeShape-title": ("structure", f"DELETE WHERE {{ {PR} dcterms:title ?t }}"),
    "ProgrammeShape-identifier": ("structure",
                                  f"DELETE WHERE {{ {PR} dcterms:identifier ?t }}"),
    "ProgrammeShape-cycle": ("structure", f"DELETE WHERE {{ {PR} cg:cycle ?t }}"),
    "ProgrammeShape-declaredEcts": ("structure", f"DELETE WHERE {{ {PR} cg:declaredEcts ?t }}"),
    "ProgrammeShape-languageOfInstruction": (
        "structure", f'INSERT DATA {{ {PR} cg:languageOfInstruction "english" }}'),
    "ProgrammeShape-uniqueCourseCode": (
        "structure", f'DELETE DATA {{ {C}C102> cg:courseCode "C102" }} ;'
                     f' INSERT DATA {{ {C}C102> cg:courseCode "C101" }}'),
    "ProgrammeShape-uniqueProgrammeOutcomeId": (
        "structure", 'DELETE DATA { p:po\\/PO2 dcterms:identifier "PO2" } ;'
                     ' INSERT DATA { p:po\\/PO2 dcterms:identifier "PO1" }'),
    "ProgrammeShape-uniqueOutcomeId": (
        "structure", f'INSERT DATA {{ {C}C101> cg:hasLearningOutcome p:x . p:x a '
                     f'cg:LearningOutcome ; dcterms:identifier "LO1" ; cg:statement "Apply x."@en .'
                     f' {AL}99> a cg:Alignment ; cg:alignmentSource p:x ; '
                     f'cg:alignmentTarget p:po\\/PO1 ; cg:level irm:I }}'),
    "ProgrammeShape-languageTag": (
        "structure", f'INSERT DATA {{ {C}C101> dcterms:title "Calculus"@english }}'),
    "CourseShape-title": ("structure", f"DELETE WHERE {{ {C}C102> dcterms:title ?t }}"),
    "CourseShape-ects": ("structure", f"DELETE WHERE {{ {C}C102> cg:ects ?t }}"),
    "CourseShape-learningOutcome": (
        "structure", f"DELETE WHERE {{ {C}C102> cg:hasLearningOutcome ?t }}"),
    "CourseShape-prerequisite": (
        "structure", f"INSERT DATA {{ {C}C201> cg:hasPrerequisite p:course\\/NOPE }}"),
    "CourseShape-prerequisiteEarlier": (
        "structure", f"INSERT DATA {{ {C}C102> cg:hasPrerequisite {C}C202> }}"),
    "LearningOutcomeShape-statement": (
        "structure", "DELETE WHERE { p:course\\/C102\\/outcome\\/LO1 cg:statement ?t }"),
    "AlignmentShape-level": ("structure", f"DELETE WHERE {{ {AL}12> cg:level ?t }}"),
    "CourseEctsShape-positive": (
        "ects", f"DELETE DATA {{ {C}C101> cg:ects 30.0 }} ; INSERT DATA {{ {C}C101> cg:ects 0.0 }}"),
    "ProgrammeEctsShape-sum": (
        "ects", f"DELETE DATA {{ {PR} cg:declaredEcts 240.0 }} ;"
                f" INSERT DATA {{ {PR} cg:declaredEcts 239.0 }}"),
    "ProgressionShape-reinforcedBeforeMastered": (
        "progression", f"DELETE DATA {{ {C}C401> cg:semester 7 }} ;"
                       f" INSERT DATA {{ {C}C401> cg:semester 3 }}"),
    "WordingShape-unobservable-en-understand": (
        "wording", 'INSERT DATA { p:course\\/C101\\/outcome\\/LO1 cg:statement '
                   '"Understand and apply calculus."@en }'),
    "CourseStaffShape-teacher": ("internationalisation",
                                 f"DELETE WHERE {{ {C}C102> cg:taughtBy ?t }}"),
    "CourseStaffShape-englishRecommended": (
        "internationalisation",
        "DELETE WHERE { ?a cg:level cefr:C1 } ; INSERT DATA { "
        "inst:valinst\\/staff\\/T2\\/assertion\\/1 cg:level cefr:B2 }"),
    "CourseStaffShape-englishFloor": (
        "internationalisation",
        "DELETE WHERE { ?a cg:level cefr:C1 } ; INSERT DATA { "
        "inst:valinst\\/staff\\/T2\\/assertion\\/1 cg:level cefr:B1 }"),
    "CourseStaffShape-englishUnknown": (
        "internationalisation", "DELETE WHERE { ?s cg:hasCompetenceAssertion ?a }"),
    "ProgrammeMobilityShape": (
        "internationalisation", f"DELETE WHERE {{ {PR} cg:hasInternationalComponent ?c }}"),
    "CoverageShape-wa-2021-belowLevel": (
        "wa-2021", f"DELETE WHERE {{ {AL}14> cg:level ?l }} ;"
                   f" INSERT DATA {{ {AL}14> cg:level irm:R }}"),
    "CoverageShape-wa-2021-missing": ("wa-2021", f"DELETE WHERE {{ {AL}14> ?p ?o }}"),
}


#: shapes that cannot fire alone: a zero-credit course also changes the sum and its semester load
ALSO: dict[str, set[str]] = {
    "CourseEctsShape-positive": {"ProgrammeEctsShape-sum", "ProgrammeEctsShape-semesterLoad"},
}


def load(store, update: str | None = None) -> None:
    graph = rdflib.Graph().parse(BASE, format="turtle")
    if update:
        graph.update(PFX + update)
    store.replace_graph(GRAPH, RdfPayload(graph.serialize(format="nt").encode(), "ntriples",
                                          "fixture"))


def test_fixture_lists_are_not_empty() -> None:
    """The shape catalogue and the invalid fixtures are not empty (no vacuous tests)."""
    assert len(catalogue().shapes) >= 40
    assert len(INVALID) >= 25


def test_every_shape_is_named_and_trilingual() -> None:
    """No blank-node shapes; every reporting shape has en/ru/kk messages and a severity."""
    for pid, graph in catalogue().graphs.items():
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        for kind in (sh.NodeShape, sh.PropertyShape):
            for node in graph.subjects(rdflib.RDF.type, kind):
                assert isinstance(node, rdflib.URIRef) and str(node).startswith(CGSH), (pid, node)
    for shape in catalogue().shapes.values():
        assert {"en", "ru", "kk"} <= set(shape.messages), shape.iri
        assert shape.severity in {"violation", "warning", "info"}


def test_every_coverage_profile_is_bundled() -> None:
    """One coverage profile per bundled framework named in the issue."""
    ids = set(catalogue().profiles)
    assert {"wa-2021", "sa-2021", "da-2021", "eur-ace-2015-bachelor", "eur-ace-2015-master",
            "abet-eac", "cdio-3.0", *ALWAYS_ON} <= ids


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_valid_fixture_conforms(memory_store, engine) -> None:
    """The hand-built programme has no finding in any default profile, on both engines."""
    load(memory_store)
    report = run(memory_store, PROG, [*ALWAYS_ON, "wa-2021"], engine=engine)
    assert [f.key() for f in report.findings] == []


@pytest.mark.parametrize("shape", sorted(INVALID))
def test_invalid_fixture_trips_exactly_its_shape(memory_store, shape) -> None:
    """Each invalid fixture makes exactly its shape fire, and pySHACL agrees with the fast engine
    on focus, path, shape, severity, value and message."""
    profile, update = INVALID[shape]
    load(memory_store, update)
    fast = run(memory_store, PROG, [profile], engine="fast")
    expected = {CGSH + s for s in {shape} | ALSO.get(shape, set())}
    assert {f.shape for f in fast.findings} == expected
    reference = run(memory_store, PROG, [profile], engine="pyshacl")
    assert sorted(f.key() for f in fast.findings) == sorted(f.key() for f in reference.findings)
    assert sorted(f.constraint for f in fast.findings) == \
        sorted(f.constraint for f in reference.findings)


def test_messages_name_the_item_and_both_numbers(memory_store) -> None:
    """Coverage messages name the item's code and label; the ECTS sum message gives both sums."""
    load(memory_store, INVALID["CoverageShape-wa-2021-missing"][1] + " ; "
         + INVALID["ProgrammeEctsShape-sum"][1])
    report = run(memory_store, PROG, ["wa-2021", "ects"])
    messages = {f.message("en") for f in report.findings}
    assert "WA4 Investigation is not covered by any required course" in messages
    assert "The course credits add up to 240 ECTS, but the programme declares 239 ECTS" in messages
    ru = {f.message("ru") for f in report.findings}
    assert any(m.startswith("WA4 ") and "обязательным" in m for m in ru)


def test_json_report_has_the_design_shape(memory_store) -> None:
    """The JSON report has exactly the DESIGN §7 keys, stable shape IRIs and localised messages."""
    load(memory_store, INVALID["ProgrammeEctsShape-sum"][1])
    report = service.validate(memory_store, "VAL1", "ects", lang="kk")
    data = json.loads(service.render_report(report, "json", "kk"))
    assert {"conforms", "profiles", "counts", "results"} <= set(data)
    assert data["conforms"] is False and data["counts"]["violation"] == 1
    result = data["results"][0]
    assert set(result) == {"severity", "focus", "focus_label", "path", "value", "message",
                           "shape", "constraint"}
    assert result["shape"] == CGSH + "ProgrammeEctsShape-sum"
    assert "ECTS деп көрсетеді" in result["message"]


def test_turtle_report_parses(memory_store) -> None:
    """The Turtle report is a SHACL validation report with the results."""
    load(memory_store, INVALID["CourseShape-title"][1])
    report = service.validate(memory_store, "VAL1", "structure")
    graph = rdflib.Graph().parse(data=service.report_ttl(report), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(list(graph.subjects(rdflib.RDF.type, sh.ValidationResult))) == 1


def test_cli_exit_codes(memory_store, tmp_path, monkeypatch) -> None:
    """validate exits 0 when the programme conforms, 1 with violations, 2 for bad input."""
    from typer.testing import CliRunner

    from competency_graph.cli import app

    store_dir = tmp_path / "store"
    runner = CliRunner()
    from competency_graph.config import Settings
    from competency_graph.services import open_store

    store = open_store(Settings(store=str(store_dir)))
    load(store)
    store.close()
    ok = runner.invoke(app, ["--store", str(store_dir), "validate", "VAL1"])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    bad = runner.invoke(app, ["--store", str(store_dir), "validate", "VAL1", "--profile",
                              "nope"])
    assert bad.exit_code == 2
    store = open_store(Settings(store=str(store_dir)))
    load(store, INVALID["ProgrammeEctsShape-sum"][1])
    store.close()
    fails = runner.invoke(app, ["--store", str(store_dir), "validate", "VAL1", "--format",
                                "json"])
    assert fails.exit_code == 1
    assert json.loads(fails.output)["counts"]["violation"] == 1


def test_api_content_negotiation(app_client, memory_store) -> None:
    """GET /programmes/{id}/validation answers JSON, Turtle and HTML."""
    load(memory_store, INVALID["ProgrammeMobilityShape"][1])
    response = app_client.get("/programmes/VAL1/validation", params={"lang": "ru"})
    assert response.status_code == 200
    assert response.json()["counts"]["warning"] == 1
    ttl = app_client.get("/programmes/VAL1/validation", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    html = app_client.get("/programmes/VAL1/validation", headers={"Accept": "text/html"})
    assert "mobility" in html.text.lower() or "мобильност" in html.text.lower()
    missing = app_client.get("/programmes/NOPE/validation")
    assert missing.status_code == 404
