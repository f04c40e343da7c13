"""The SHACL profile for framework data (ontology/shapes/framework.shapes.ttl): every bundled
framework, level scale and crosswalk conforms, and each shape fires on a copy broken for it.

pyshacl runs here directly (tests may import it); the product's own pyshacl home is
competency_graph.validation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pyshacl
import pytest
import rdflib
from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from competency_graph.namespaces import CG, CGSH, FRAMEWORK
from tests.frameworks.conftest import SHAPES_FILE

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
WA6 = URIRef(FRAMEWORK + "wa-2021/WA6")
WA2021 = URIRef(FRAMEWORK + "wa-2021")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


def validate(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, set[str], rdflib.Graph]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, rdflib.Graph)
    fired = {str(s) for s in report.objects(None, SH.sourceShape)}
    return bool(conforms), fired, report


def test_every_bundled_framework_and_crosswalk_conforms(bundled_graph: rdflib.Graph,
                                                        shapes: rdflib.Graph) -> None:
    """All 25 schemes, their items and the 7 crosswalks pass the framework-data profile."""
    schemes = set(bundled_graph.subjects(RDF.type, URIRef(CG + "CompetencyFramework")))
    schemes |= set(bundled_graph.subjects(RDF.type, URIRef(CG + "LevelScale")))
    assert len(schemes) == 25
    conforms, fired, _ = validate(bundled_graph, shapes)
    assert fired == set()
    assert conforms


def test_every_shape_is_named_and_speaks_three_languages(shapes: rdflib.Graph) -> None:
    """Node and property shapes are IRIs in cgsh:, and every shape with a message has it in
    en, ru and kk."""
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(nodes) > 30
    assert all(isinstance(n, URIRef) and str(n).startswith(CGSH) for n in nodes)
    for node in nodes:
        langs = {m.language for m in shapes.objects(node, SH.message)}
        if langs or (node, SH.path, None) in shapes:
            assert langs == {"en", "ru", "kk"}, node


# --- each shape fires on data broken for it ----------------------------------------------------

def _drop(s: URIRef, p: URIRef, lang: str | None = None) -> Callable[[rdflib.Graph], None]:
    def change(g: rdflib.Graph) -> None:
        for o in list(g.objects(s, p)):
            if lang is None or getattr(o, "language", None) == lang:
                g.remove((s, p, o))
    return change


def _add(*triples: tuple[URIRef, URIRef, object]) -> Callable[[rdflib.Graph], None]:
    def change(g: rdflib.Graph) -> None:
        for t in triples:
            g.add(t)  # type: ignore[arg-type]
    return change


def _first_mapping(g: rdflib.Graph) -> URIRef:
    return sorted(g.subjects(RDF.type, URIRef(CG + "Mapping")))[0]  # type: ignore[return-value]


def _retarget_mapping(g: rdflib.Graph) -> None:
    mapping = _first_mapping(g)
    g.set((mapping, URIRef(CG + "mappingTarget"), URIRef(FRAMEWORK + "wa-2021/WA99")))


def _drop_rationale(g: rdflib.Graph) -> None:
    mapping = _first_mapping(g)
    g.remove((mapping, URIRef(CG + "rationale"), None))


CEFR_B2 = URIRef(FRAMEWORK + "cefr/B2")
CDIO_31 = URIRef(FRAMEWORK + "cdio-3.0/3.1")
CDIO_3 = URIRef(FRAMEWORK + "cdio-3.0/3")
INT1 = URIRef(FRAMEWORK + "int-indicators/INT1")
CROSSWALK = URIRef("https://w3id.org/competency-graph/crosswalk/wa-2021--abet-eac")

BREAKS: dict[str, Callable[[rdflib.Graph], None]] = {
    "SchemeShape-identifier": _add((WA2021, DCTERMS.identifier, Literal("WA 2021"))),
    "SchemeShape-titleEn": _drop(WA2021, DCTERMS.title, "en"),
    "SchemeShape-titleRu": _drop(WA2021, DCTERMS.title, "ru"),
    "SchemeShape-titleKk": _drop(WA2021, DCTERMS.title, "kk"),
    "SchemeShape-version": _drop(WA2021, OWL.versionInfo),
    "SchemeShape-publisher": _drop(WA2021, DCTERMS.publisher),
    "SchemeShape-source": _drop(WA2021, DCTERMS.source),
    "SchemeShape-rights": _drop(WA2021, DCTERMS.rights),
    "SchemeShape-confirmationStatus": _add((WA2021, URIRef(CG + "confirmationStatus"),
                                            URIRef(CG + "Paraphrase"))),
    "SchemeShape-levelScale": _add((WA2021, URIRef(CG + "levelScale"),
                                    URIRef(FRAMEWORK + "nope"))),
    "SchemeShape-requiredLevel": _add((WA2021, URIRef(CG + "requiredLevel"), CEFR_B2)),
    "SchemeShape-complements": _add((WA2021, URIRef(CG + "complements"),
                                     URIRef(FRAMEWORK + "nope"))),
    "SchemeShape-uniqueNotation": _add((URIRef(FRAMEWORK + "wa-2021/X"), SKOS.inScheme, WA2021),
                                       (URIRef(FRAMEWORK + "wa-2021/X"), SKOS.notation,
                                        Literal("WA6"))),
    "SchemeShape-broaderCycle": _add((CDIO_3, SKOS.broader, CDIO_31)),
    "SchemeShape-uniqueRank": _add((URIRef(FRAMEWORK + "cefr/B1"), URIRef(CG + "rank"),
                                    Literal(4))),
    "FrameworkItemShape-notation": _drop(WA6, SKOS.notation),
    "FrameworkItemShape-prefLabelEn": _drop(WA6, SKOS.prefLabel, "en"),
    "FrameworkItemShape-prefLabelRu": _drop(WA6, SKOS.prefLabel, "ru"),
    "FrameworkItemShape-prefLabelKk": _drop(WA6, SKOS.prefLabel, "kk"),
    "FrameworkItemShape-uniqueLabelLanguage": _add((WA6, SKOS.prefLabel,
                                                    Literal("Engineer and world", lang="en"))),
    "FrameworkItemShape-inScheme": _add((WA6, SKOS.inScheme, URIRef(FRAMEWORK + "nope"))),
    "FrameworkItemShape-definition": _drop(WA6, SKOS.definition, "en"),
    "FrameworkItemShape-wordingStatus": _add((WA6, URIRef(CG + "wordingStatus"),
                                              URIRef(CG + "Confirmed"))),
    "FrameworkItemShape-broader": _add((WA6, SKOS.broader, URIRef(FRAMEWORK + "wa-2021/WA0"))),
    "FrameworkItemShape-internationalDimension": _add((WA6, URIRef(CG + "internationalDimension"),
                                                       Literal("yes"))),
    "FrameworkItemRefShape-inScheme": _add((WA6, SKOS.broader, URIRef(FRAMEWORK + "x/Y"))),
    "CompetencyShape-wordingStatus": _drop(WA6, URIRef(CG + "wordingStatus")),
    "CompetencyShape-competencyType": _add((WA6, URIRef(CG + "competencyType"),
                                            URIRef(CG + "Knowledge"))),
    "LevelShape-rank": _add((CEFR_B2, URIRef(CG + "rank"), Literal("4", datatype=XSD_STRING))),
    "LevelShape-scale": _add((CEFR_B2, SKOS.inScheme, WA2021)),
    "IndicatorShape-unit": _drop(INT1, URIRef(CG + "unit")),
    "IndicatorShape-higherIsBetter": _drop(INT1, URIRef(CG + "higherIsBetter")),
    "IndicatorShape-formula": _drop(INT1, URIRef(CG + "formula"), "en"),
    "CrosswalkShape-fromFramework": _drop(CROSSWALK, URIRef(CG + "fromFramework")),
    "CrosswalkShape-toFramework": _add((CROSSWALK, URIRef(CG + "toFramework"), CEFR_B2)),
    "CrosswalkShape-titleEn": _drop(CROSSWALK, DCTERMS.title, "en"),
    "CrosswalkShape-confirmationStatus": _drop(CROSSWALK, URIRef(CG + "confirmationStatus")),
    "CrosswalkShape-attribution": _drop(CROSSWALK,
                                        URIRef("http://www.w3.org/ns/prov#wasAttributedTo")),
    "MappingShape-crosswalk": lambda g: g.remove((_first_mapping(g), URIRef(CG + "inCrosswalk"),
                                                  None)),
    "MappingShape-source": lambda g: g.remove((_first_mapping(g), URIRef(CG + "mappingSource"),
                                               None)),
    "MappingShape-target": _retarget_mapping,
    "MappingShape-relation": lambda g: g.set((_first_mapping(g), URIRef(CG + "mappingRelation"),
                                              SKOS.broader)),
    "MappingShape-rationale": _drop_rationale,
    "MappingShape-basis": lambda g: g.remove((_first_mapping(g), URIRef(CG + "mappingBasis"),
                                              None)),
}


def test_every_constraint_shape_has_a_breaking_case(shapes: rdflib.Graph) -> None:
    """Each shape that carries a constraint (a property shape or a SPARQL shape) is broken by
    one case below, so no shape is left that never fires."""
    constraint_shapes = {str(s)[len(CGSH):] for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    constraint_shapes |= {str(s)[len(CGSH):] for s in shapes.subjects(SH.sparql, None)}
    assert constraint_shapes == set(BREAKS)


@pytest.fixture(scope="module")
def small_graph(bundled_graph: rdflib.Graph) -> rdflib.Graph:
    """The schemes the breaking cases touch, with the crosswalk wa-2021--abet-eac (faster than
    validating all 24 schemes per case)."""
    keep = ("wa-2021", "wa-2021-wk", "wa-2021-wp", "wa-2021-ea", "abet-eac", "cefr", "irm",
            "cdio-3.0", "int-indicators", "crosswalk/wa-2021--abet-eac")
    names = "|".join(re.escape(k) for k in keep)
    pattern = re.compile(r"/(framework/(" + names + r")(/|$)|crosswalk/wa-2021--abet-eac)")
    graph = rdflib.Graph()
    for s, p, o in bundled_graph:
        if pattern.search(str(s)):
            graph.add((s, p, o))
    return graph


def test_the_small_graph_conforms(small_graph: rdflib.Graph, shapes: rdflib.Graph) -> None:
    """The unbroken subset used by the cases below conforms, so each case's report is due to
    its own change."""
    conforms, fired, _ = validate(small_graph, shapes)
    assert (conforms, fired) == (True, set())


#: Breaks that touch the same node and property (or could mask each other) go to different
#: batches; a batch applies several breaks at once so pyshacl runs a handful of times, not 44.
TOUCHES: dict[str, str] = {
    "SchemeShape-titleEn": "wa title", "SchemeShape-titleRu": "wa title",
    "SchemeShape-titleKk": "wa title",
    "FrameworkItemShape-notation": "wa6 notation", "SchemeShape-uniqueNotation": "wa6 notation",
    "FrameworkItemShape-prefLabelEn": "wa6 label", "FrameworkItemShape-prefLabelRu": "wa6 label",
    "FrameworkItemShape-prefLabelKk": "wa6 label",
    "FrameworkItemShape-uniqueLabelLanguage": "wa6 label",
    "FrameworkItemShape-inScheme": "wa6 scheme", "LevelShape-scale": "wa6 scheme",
    "FrameworkItemShape-wordingStatus": "wa6 wording",
    "CompetencyShape-wordingStatus": "wa6 wording",
    "FrameworkItemShape-broader": "wa6 broader", "FrameworkItemRefShape-inScheme": "wa6 broader",
    "SchemeShape-uniqueRank": "cefr rank", "LevelShape-rank": "cefr rank",
    "SchemeShape-requiredLevel": "cefr b2", "CrosswalkShape-toFramework": "cefr b2",
    "MappingShape-target": "mapping", "MappingShape-source": "mapping",
    "MappingShape-crosswalk": "mapping", "MappingShape-relation": "mapping",
    "MappingShape-rationale": "mapping", "MappingShape-basis": "mapping",
}


def batches() -> list[list[str]]:
    out: list[list[str]] = []
    for shape in sorted(BREAKS):
        key = TOUCHES.get(shape, shape)
        for batch in out:
            if all(TOUCHES.get(other, other) != key for other in batch):
                batch.append(shape)
                break
        else:
            out.append([shape])
    return out


@pytest.mark.parametrize("batch", batches(), ids=lambda b: f"{len(b)}-shapes-{b[0]}")
def test_each_shape_fires_on_its_break(small_graph: rdflib.Graph, shapes: rdflib.Graph,
                                       batch: list[str]) -> None:
    """Breaking the data for a shape makes that shape report a violation with its message
    (pyshacl drops the language tag of a message once it fills in {?value})."""
    broken = rdflib.Graph()
    for t in small_graph:
        broken.add(t)
    for shape in batch:
        BREAKS[shape](broken)
    conforms, fired, report = validate(broken, shapes)
    assert not conforms
    assert {CGSH + shape for shape in batch} - fired == set()
    for shape in batch:
        messages = {m for r in report.subjects(SH.sourceShape, URIRef(CGSH + shape))
                    for m in report.objects(r, SH.resultMessage)}
        assert len(messages) >= 3, shape  # en, ru and kk
