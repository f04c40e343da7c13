"""Validation profiles: every shape is named and trilingual, the valid fixture conforms, each
invalid fixture trips exactly its shape, and the fast engine agrees with pySHACL (differential)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from competency_graph.model import RdfPayload
from competency_graph.namespaces import CGSH
from competency_graph.reports.validation import render_validation, render_validation_ttl
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
INVALID_DIR = HERE / "fixtures" / "invalid"
INVALID_FILES = sorted(INVALID_DIR.glob("*.ru"))


def header(path: Path, key: str) -> str:
    """A ``# key: value`` line of an invalid fixture's header."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return ""


def invalid(shape: str) -> str:
    """The SPARQL Update of the invalid fixture of a shape."""
    return (INVALID_DIR / f"{shape}.ru").read_text(encoding="utf-8")


def load(store, update: str | None = None, extra: str | None = None) -> None:
    """Put the valid fixture, changed by ``update``, into the programme's named graph."""
    graph = rdflib.Graph().parse(BASE, format="turtle")
    if extra:
        graph.parse(data=extra, format="turtle")
    if update:
        graph.update(update if update.lstrip().startswith(("#", "PREFIX")) else PFX + update)
    store.replace_graph(GRAPH, RdfPayload(graph.serialize(format="nt").encode(), "ntriples",
                                          "fixture"))


def assert_same(store, profiles: list[str]) -> list:
    """Run both engines; assert the same findings; return the fast engine's."""
    fast = run(store, PROG, profiles, engine="fast")
    reference = run(store, PROG, profiles, engine="pyshacl")
    assert sorted((*f.key(), f.constraint) for f in fast.findings) == \
        sorted((*f.key(), f.constraint) for f in reference.findings)
    for lang in ("ru", "kk"):
        assert sorted(f.message(lang) for f in fast.findings) == \
            sorted(f.message(lang) for f in reference.findings)
    return fast.findings


def test_fixture_lists_are_not_empty() -> None:
    """The shape catalogue and the fixture lists are not empty (no vacuous tests)."""
    assert len(catalogue().shapes) >= 60
    assert len(INVALID_FILES) >= 40
    assert len(UNOBSERVABLE) >= 20
    # issue 13 added abet-eac-2019 (ABET per cycle) and the three Kazakh state standards
    assert len(COVERAGE) == 11


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


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.stem)
def test_invalid_fixture_trips_exactly_its_shape(memory_store, path) -> None:
    """Each invalid fixture makes exactly its shape fire (plus the shapes its header names as
    firing with it), and pySHACL agrees with the fast engine on focus, path, shape, severity,
    value, constraint and the messages in every language (the differential test)."""
    shape = header(path, "shape").removeprefix("cgsh:")
    assert path.stem == shape
    also = {a.removeprefix("cgsh:") for a in header(path, "also").split()}
    load(memory_store, path.read_text(encoding="utf-8"))
    findings = assert_same(memory_store, [header(path, "profile")])
    assert {f.shape for f in findings} == {CGSH + s for s in {shape} | also}


def test_every_programme_shape_has_an_invalid_fixture() -> None:
    """Every reporting shape of the non-generated profiles has its invalid fixture; wording and
    coverage shapes of other frameworks get generated ones below."""
    named = {p.stem for p in INVALID_FILES}
    for shape in catalogue().shapes.values():
        if shape.profile in {"structure", "ects", "progression", "internationalisation",
                             "wa-2021"} or shape.local == "WordingShape-measurableVerb":
            assert shape.local in named, shape.local


UNOBSERVABLE = sorted(s.local for s in catalogue().shapes.values()
                      if s.local.startswith("WordingShape-unobservable-"))


@pytest.mark.parametrize("shape", UNOBSERVABLE)
def test_each_unobservable_verb_shape_fires(memory_store, shape) -> None:
    """An outcome text that uses the verb (in its language) trips exactly that verb's shape,
    and the message names the verb; both engines agree."""
    spec = catalogue().shapes[CGSH + shape].params["not"]
    lang = spec["languageIn"][0]
    verb = spec["pattern"].split(")(", 1)[1].split(")(", 1)[0].replace("\\", "")
    text = {"en": f"{verb.capitalize()} and apply calculus.",
            "ru": f"{verb.capitalize()} и применять математический анализ.",
            "kk": f"Математиканы {verb} және қолдану."}[lang]
    load(memory_store, "INSERT DATA { <https://w3id.org/competency-graph/data/programme/VAL1/1/"
         f'course/C101/outcome/LO1> cg:statement "{text}"@{lang} }}')
    findings = assert_same(memory_store, ["wording"])
    assert {f.shape for f in findings} == {CGSH + shape}
    assert verb in findings[0].message("en")


COVERAGE = sorted(p.id for p in catalogue().profiles.values() if p.framework)


def coverage_programme(framework_id: str, drop: int | None = None, lower: int | None = None) -> str:
    """Turtle adding PO3 aligned to every item of the framework at M (item ``drop`` left out,
    item ``lower`` only at R), and C402's outcome aligned to PO3 at M."""
    profile = catalogue().profiles[framework_id]
    items = list(catalogue().shapes[CGSH + f"CoverageShape-{framework_id}-missing"].targets)
    base = "https://w3id.org/competency-graph/data/programme/VAL1/1/"
    lines = [f"<{PROG}> cg:hasProgrammeOutcome <{base}po/PO3> ;",
             f"  cg:targetFramework <{profile.framework}> .",
             f'<{base}po/PO3> a cg:ProgrammeOutcome ; dcterms:identifier "PO3" ; '
             'cg:statement "Meet the standard."@en .',
             f"<{base}alignment/300> a cg:Alignment ; cg:alignmentSource "
             f"<{base}course/C402/outcome/LO1> ; cg:alignmentTarget <{base}po/PO3> ;",
             "  cg:level irm:M ."]
    for n, item in enumerate(items):
        if n == drop:
            continue
        level = "R" if n == lower else "M"
        lines.append(f"<{base}alignment/{301 + n}> a cg:Alignment ; cg:alignmentSource "
                     f"<{base}po/PO3> ; cg:alignmentTarget <{item}> ; cg:level irm:{level} .")
    return PFX.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + "\n".join(lines)


@pytest.mark.parametrize("framework_id", COVERAGE)
def test_coverage_profile_valid_missing_and_below(memory_store, framework_id) -> None:
    """For each bundled coverage profile: a programme covering every item at M conforms; leaving
    one item out trips -missing for that item only; one item at R trips -belowLevel only."""
    items = catalogue().shapes[CGSH + f"CoverageShape-{framework_id}-missing"].targets
    assert items
    load(memory_store, extra=coverage_programme(framework_id))
    assert assert_same(memory_store, [framework_id]) == []
    load(memory_store, extra=coverage_programme(framework_id, drop=0))
    missing = assert_same(memory_store, [framework_id])
    missing_shapes = {(f.shape, f.focus) for f in missing}
    # the dropped item may still be reached through a crosswalk from wa-2021 (the base
    # fixture): fully (nothing reported) or only weakly (partial)
    assert missing_shapes <= {(CGSH + f"CoverageShape-{framework_id}-{kind}", items[0])
                              for kind in ("missing", "partial")}
    assert len(missing_shapes) <= 1
    load(memory_store, extra=coverage_programme(framework_id, lower=1))
    below = assert_same(memory_store, [framework_id])
    assert {(f.shape, f.focus) for f in below} <= \
        {(CGSH + f"CoverageShape-{framework_id}-belowLevel", items[1])}


def test_coverage_through_a_crosswalk(memory_store) -> None:
    """EUR-ACE bachelor items reached only through wa-2021 closeMatch mappings count as covered:
    B7.1 (closeMatch of WA9) and B1.1 (of WA1) are not reported, while items no WA item maps to
    strongly are missing. Since issue 13, WA6–B5.5, WA7–B6.1 and WA10–B5.6 are relatedMatch
    (awareness-only or judgement outcomes), so B5.5, B5.6 and B6.1, covered before through those
    close mappings, are now reported."""
    load(memory_store)
    findings = assert_same(memory_store, ["eur-ace-2015-bachelor"])
    foci = {f.focus.rsplit("/", 1)[-1] for f in findings}
    assert "B7.1" not in foci and "B1.1" not in foci
    assert {"B5.5", "B5.6", "B6.1"} <= foci
    assert foci, "items without a mapping from WA are missing"


def test_messages_name_the_item_and_both_numbers(memory_store) -> None:
    """Coverage messages name the item's code and label; the ECTS sum message gives both sums."""
    load(memory_store, invalid("CoverageShape-wa-2021-missing"))
    report = run(memory_store, PROG, ["wa-2021"])
    assert [f.message("en") for f in report.findings] == \
        ["WA6 The Engineer and the World is not reached by any course"]
    assert report.findings[0].message("ru").startswith("WA6 ")
    assert "ни одним курсом" in report.findings[0].message("ru")
    load(memory_store, invalid("ProgrammeEctsShape-sum"))
    report = run(memory_store, PROG, ["ects"])
    assert [f.message("en") for f in report.findings] == \
        ["The course credits add up to 240 ECTS, but the programme declares 239 ECTS"]


def test_json_report_has_the_design_shape(memory_store) -> None:
    """The JSON report has exactly the keys of docs/validation.md, stable shape IRIs and
    localised messages."""
    load(memory_store, invalid("ProgrammeEctsShape-sum"))
    report = service.validate(memory_store, "VAL1", "ects", lang="kk")
    data = json.loads(render_validation(report, "json", "kk"))
    assert {"conforms", "profiles", "counts", "results"} <= set(data)
    assert data["conforms"] is False and data["counts"]["violation"] == 1
    result = data["results"][0]
    assert set(result) == {"severity", "focus", "focus_label", "path", "value", "message",
                           "shape", "constraint"}
    assert result["shape"] == CGSH + "ProgrammeEctsShape-sum"
    assert "ECTS деп көрсетеді" in result["message"]


def test_turtle_report_parses(memory_store) -> None:
    """The Turtle report is a SHACL validation report with the results."""
    load(memory_store, invalid("CourseShape-title"))
    report = service.validate(memory_store, "VAL1", "structure")
    graph = rdflib.Graph().parse(data=render_validation_ttl(report), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(list(graph.subjects(rdflib.RDF.type, sh.ValidationResult))) == 1


DEMO = Path(__file__).resolve().parents[2] / "src/competency_graph/data/demo/programme"


def test_cli_exit_codes(tmp_path) -> None:
    """validate exits 1 when the programme has violations (the demo workbook, checked without
    being stored), 0 when it conforms for the chosen profile, 2 for bad input."""
    from typer.testing import CliRunner

    from competency_graph.cli import app

    runner = CliRunner()
    fails = runner.invoke(app, ["--store", ":memory:", "validate", str(DEMO), "--format", "json"])
    assert fails.exit_code == 1, fails.output
    data = json.loads(fails.output)
    assert data["counts"]["violation"] >= 1
    assert any(r["shape"] == CGSH + "CoverageShape-wa-2021-missing" for r in data["results"])
    ok = runner.invoke(app, ["--store", ":memory:", "validate", str(DEMO), "--profile",
                             "progression"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["--store", ":memory:", "validate", str(DEMO), "--profile", "nope"])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["--store", ":memory:", "validate", str(tmp_path / "no.xlsx")])
    assert missing.exit_code == 2


def test_api_content_negotiation(app_client, memory_store) -> None:
    """GET /programmes/{id}/validation answers JSON, Turtle and HTML."""
    load(memory_store, invalid("ProgrammeMobilityShape"))
    response = app_client.get("/programmes/VAL1/validation", params={"lang": "ru"})
    assert response.status_code == 200
    assert response.json()["counts"]["warning"] == 1
    ttl = app_client.get("/programmes/VAL1/validation", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    html = app_client.get("/programmes/VAL1/validation", headers={"Accept": "text/html"})
    assert "mobility" in html.text.lower() or "мобильност" in html.text.lower()
    missing = app_client.get("/programmes/NOPE/validation")
    assert missing.status_code == 404


CORPUS = [(seed, n) for seed, n in zip(range(1, 9), [0, 3, 4, 5, 6, 4, 3, 8], strict=True)]


@pytest.mark.parametrize(("seed", "n_defects"), CORPUS, ids=[f"seed{s}" for s, _ in CORPUS])
def test_differential_on_generated_programmes(memory_store, seed, n_defects) -> None:
    """On generated programmes with random planted defects, the fast engine and pySHACL give
    the same results for every default profile and both target frameworks."""
    from bench.synthetic import programme

    synthetic = programme(seed, courses=8, outcomes_per_course=3, programme_outcomes=4,
                          targets=("wa-2021", "eur-ace-2015-bachelor"), n_defects=n_defects)
    memory_store.replace_graph(synthetic.graph, RdfPayload(synthetic.turtle.encode(), "turtle",
                                                           synthetic.id))
    profiles = [*ALWAYS_ON, "wa-2021", "eur-ace-2015-bachelor"]
    fast = run(memory_store, synthetic.iri, profiles, engine="fast")
    reference = run(memory_store, synthetic.iri, profiles, engine="pyshacl")
    assert sorted((*f.key(), f.constraint) for f in fast.findings) == \
        sorted((*f.key(), f.constraint) for f in reference.findings)
    if n_defects:
        assert fast.findings, synthetic.defects


def test_fast_engine_assumptions_hold() -> None:
    """count_validation_properties.rq reports only empty properties and properties limited to
    one value: so every sh:minCount must be 1 and every sh:maxCount property listed there."""
    from competency_graph import resources

    text = resources.query_text("count_validation_properties")
    for shape in catalogue().shapes.values():
        assert shape.params.get("minCount", 1) == 1, shape.iri
        if "maxCount" in shape.params:
            assert shape.params["maxCount"] == 1
            local = shape.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            assert f"cg:{local}" in text.split("HAVING", 1)[1], shape.iri


def test_generated_shapes_are_up_to_date() -> None:
    """The committed coverage and wording shapes are what scripts/generate-coverage-shapes.py
    writes from the bundled framework files."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("gen", root / "scripts" /
                                                  "generate-coverage-shapes.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    shapes = root / "ontology" / "shapes"
    for fid in gen.DEFAULT_FRAMEWORKS:
        assert (shapes / f"coverage-{fid}.shapes.ttl").read_text(encoding="utf-8") == \
            gen.coverage_shapes(fid)
    assert (shapes / "wording.shapes.ttl").read_text(encoding="utf-8") == gen.wording_shapes()


def test_docs_list_every_shape() -> None:
    """docs/validation.md names every reporting shape of the hand-written profiles with its
    severity, and describes the generated ones."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "validation.md").read_text(
        encoding="utf-8")
    for shape in catalogue().shapes.values():
        if shape.profile in {"structure", "ects", "progression", "internationalisation"}:
            assert f"`cgsh:{shape.local}`" in doc, shape.local
    assert "CoverageShape-<id>-missing" in doc and "WordingShape-unobservable-" in doc


@pytest.mark.browser
def test_html_report_of_the_demo_programme_renders(memory_store, live_server, tmp_path) -> None:
    """The printable report of the demo programme renders in headless Chromium: summary,
    findings by clause, the standard's provenance."""
    import httpx

    from competency_graph.services.curriculum import load_demo_programme
    from tests.conftest import png_variety, screenshot

    load_demo_programme(memory_store)
    url = f"{live_server.url}/programmes/6B07101/validation?lang=en"
    response = httpx.get(url, headers={"Accept": "text/html"}, timeout=120)
    assert response.status_code == 200
    page = response.text
    assert "WA11 Lifelong Learning is not reached by any course" in page
    assert "rules: Is an item covered, and at what level (coverage v2)" in page
    assert "International Engineering Alliance" in page
    png = screenshot(url + "&format=html", tmp_path / "validation.png")
    assert png_variety(png) > 200
