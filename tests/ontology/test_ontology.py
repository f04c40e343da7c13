"""Ontology QC (ODK style): parsing, declared terms, labels, checks, and HermiT."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib

from competency_graph import reasoning, resources
from competency_graph.namespaces import CG

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
TTL_FILES = sorted(ONTOLOGY.rglob("*.ttl"))
CHECKS = sorted((ONTOLOGY / "checks").glob("*-violation.rq"))
TBOX = resources.tbox_file()


def test_fixture_lists_are_not_empty() -> None:
    """The globs below match files, so the parametrised tests are not vacuous."""
    assert len(TTL_FILES) >= 30
    assert len(CHECKS) >= 8


@pytest.fixture(scope="module")
def tbox() -> rdflib.Graph:
    return rdflib.Graph().parse(TBOX, format="turtle")


def declared_terms(graph: rdflib.Graph) -> set[str]:
    kinds = {rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty,
             rdflib.OWL.AnnotationProperty, rdflib.OWL.NamedIndividual}
    return {str(s) for s, _, o in graph.triples((None, rdflib.RDF.type, None))
            if o in kinds and str(s).startswith(CG)}


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: str(p.relative_to(ONTOLOGY)))
def test_every_turtle_file_parses(path: Path) -> None:
    """Each .ttl under ontology/ is valid Turtle and not empty."""
    graph = rdflib.Graph().parse(path, format="turtle")
    assert len(graph) > 0


def _terms_used_in_text(text: str) -> set[str]:
    names = set(re.findall(r"(?<![\w/#])cg:([A-Za-z][A-Za-z0-9_]*)", text))
    names |= set(re.findall(re.escape(CG) + r"([A-Za-z][A-Za-z0-9_]*)", text))
    names |= set(re.findall(r"""\bcg\(\s*["']([A-Za-z][A-Za-z0-9_]*)["']\s*\)""", text))
    names |= set(re.findall(r"""\bCG\s*\+\s*["']([A-Za-z][A-Za-z0-9_]*)["']""", text))
    return {CG + n for n in names}


def used_terms() -> dict[str, set[str]]:
    """Every cg: term used in Turtle (parsed), SPARQL, Python and the data-model doc."""
    used: dict[str, set[str]] = {}
    for path in TTL_FILES:
        graph = rdflib.Graph().parse(path, format="turtle")
        for triple in graph:
            for term in triple:
                if isinstance(term, rdflib.URIRef) and str(term).startswith(CG):
                    used.setdefault(str(term), set()).add(str(path.relative_to(ROOT)))
    sources = [*ROOT.glob("src/**/*.rq"), *ONTOLOGY.glob("**/*.rq"), *ROOT.glob("src/**/*.py"),
               *ROOT.glob("api/**/*.py"), ROOT / "docs" / "data-model.md"]
    for path in sources:
        for term in _terms_used_in_text(path.read_text(encoding="utf-8")):
            used.setdefault(term, set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_used_cg_term_is_declared(tbox: rdflib.Graph) -> None:
    """A cg: term used anywhere (Turtle, .rq, Python, the data model) is declared in the TBox,
    which catches typos such as cg:hasCourses."""
    declared = declared_terms(tbox)
    used = used_terms()
    assert len(used) > 100
    undeclared = {t: sorted(files) for t, files in used.items() if t not in declared}
    assert undeclared == {}


def test_every_term_has_three_labels_and_a_definition(tbox: rdflib.Graph) -> None:
    """Labels in en, ru and kk, a definition and rdfs:isDefinedBy on every cg: term."""
    problems = []
    for term in sorted(declared_terms(tbox)):
        node = rdflib.URIRef(term)
        langs = {lit.language for lit in tbox.objects(node, rdflib.RDFS.label)}
        if not {"en", "ru", "kk"} <= langs:
            problems.append((term, "labels", sorted(str(x) for x in langs)))
        if (node, rdflib.SKOS.definition, None) not in tbox:
            problems.append((term, "definition", []))
        if (node, rdflib.RDFS.isDefinedBy, None) not in tbox:
            problems.append((term, "isDefinedBy", []))
    assert problems == []
    assert len(declared_terms(tbox)) > 100


def test_no_object_property_has_a_datatype_range(tbox: rdflib.Graph) -> None:
    """Object properties range over classes (ORG's org:location pitfall)."""
    bad = [str(p) for p in tbox.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty)
           for r in tbox.objects(p, rdflib.RDFS.range)
           if str(r).startswith(str(rdflib.XSD)) or r == rdflib.RDFS.Literal]
    assert bad == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_qc_check_returns_no_rows(tbox: rdflib.Graph, check: Path) -> None:
    """Each checks/*-violation.rq finds nothing on the TBox."""
    rows = list(tbox.query(check.read_text(encoding="utf-8")))
    assert rows == []


#: one planted defect per QC check: each check must find at least one row on the TBox plus its
#: defect. Every ``checks/*-violation.rq`` must have an entry (see the test below the table).
#: Each defect is a complete, well-formed term except for the one thing its check looks for.
_OK = ("rdfs:isDefinedBy <https://w3id.org/competency-graph/ontology> ; "
       "skos:definition 'a planted term'@en ; "
       "rdfs:label 'planted {n}'@en, 'посаженный {n}'@ru, 'отырғызылған {n}'@kk")
PLANTED_DEFECTS = {
    "datatype-property-class-range-violation":
        f"cg:plantedA a owl:DatatypeProperty ; rdfs:range cg:Course ; {_OK.format(n='a')} .",
    "duplicate-label-violation":
        "cg:plantedB a owl:Class ; rdfs:label 'Course'@en ; "
        "rdfs:isDefinedBy <https://w3id.org/competency-graph/ontology> .",
    "individual-without-class-violation":
        f"cg:plantedC a owl:NamedIndividual ; {_OK.format(n='c')} .",
    "label-language-duplicate-violation":
        f"cg:plantedD a owl:Class ; rdfs:label 'another planted d'@en ; {_OK.format(n='d')} .",
    "label-script-violation":
        "cg:plantedE a owl:Class ; rdfs:label 'planted e'@en, 'latin only'@ru, 'қ'@kk ; "
        "skos:definition 'x'@en ; "
        "rdfs:isDefinedBy <https://w3id.org/competency-graph/ontology> .",
    "lang-text-property-range-violation":
        "cg:rationale rdfs:range xsd:string .",
    "missing-defined-by-violation":
        "cg:plantedF a owl:Class ; skos:definition 'x'@en ; "
        "rdfs:label 'planted f'@en, 'посаженный f'@ru, 'отырғызылған f'@kk .",
    "missing-definition-violation":
        "cg:plantedG a owl:Class ; rdfs:isDefinedBy <https://w3id.org/competency-graph/ontology> ; "
        "rdfs:label 'planted g'@en, 'посаженный g'@ru, 'отырғызылған g'@kk .",
    "missing-label-en-violation":
        "cg:plantedH a owl:Class ; rdfs:label 'посаженный h'@ru, 'отырғызылған h'@kk ; "
        "skos:definition 'x'@en ; "
        "rdfs:isDefinedBy <https://w3id.org/competency-graph/ontology> .",
    "missing-label-kk-violation":
        "cg:Oops a owl:Class ; rdfs:label 'oops'@en, 'ой'@ru .",
    "missing-label-ru-violation":
        "cg:plantedI a owl:Class ; rdfs:label 'planted i'@en, 'отырғызылған i'@kk ; "
        "skos:definition 'x'@en ; "
        "rdfs:isDefinedBy <https://w3id.org/competency-graph/ontology> .",
    "object-property-datatype-range-violation":
        "cg:badProp a owl:ObjectProperty ; rdfs:range xsd:string .",
    "undeclared-reference-violation":
        f"cg:plantedJ a owl:Class ; rdfs:subClassOf cg:Course, <http://example.org/NotAClass> ; "
        f"{_OK.format(n='j')} .",
    "undeclared-term-violation":
        "cg:Cours rdfs:label 'a misspelt, undeclared term'@en .",
}


def test_every_check_has_a_planted_defect() -> None:
    """A new QC check without a planted defect would be unproven: the table must name every
    check file, and nothing else."""
    assert sorted(PLANTED_DEFECTS) == [c.stem for c in CHECKS]


@pytest.mark.parametrize(("check", "defect"), sorted(PLANTED_DEFECTS.items()))
def test_qc_checks_catch_defects(tbox: rdflib.Graph, check: str, defect: str) -> None:
    """The checks fire on a TBox with a planted defect (they are not vacuous)."""
    broken = rdflib.Graph()
    for triple in tbox:
        broken.add(triple)
    prefixes = (f"@prefix cg: <{CG}> . @prefix owl: <http://www.w3.org/2002/07/owl#> . "
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
                "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
                "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n")
    broken.parse(data=prefixes + defect, format="turtle")
    query = (ONTOLOGY / "checks" / f"{check}.rq").read_text(encoding="utf-8")
    assert list(tbox.query(query)) == []  # the defect, not the TBox, makes it fire
    rows = list(broken.query(query))
    subject = CG + defect.split()[0].removeprefix("cg:")
    assert any(subject in str(cell) for row in rows for cell in row), rows


@pytest.mark.reasoner
def test_hermit_finds_the_ontology_consistent() -> None:
    """owlready2 + HermiT load the TBox and the WA 2021 framework: consistent, nothing
    unsatisfiable."""
    if not reasoning.java_available():
        pytest.skip("HermiT needs Java and no `java` is on the PATH (install default-jre-headless)")
    report = reasoning.check([ONTOLOGY / "frameworks" / "wa-2021.ttl",
                              ONTOLOGY / "crosswalks" / "wa-2021--eur-ace-2015-bachelor.ttl"])
    assert report.consistent, report.message
    assert report.unsatisfiable == []
    assert report.classes >= 30
    course = CG + "Course"
    assert "https://schema.org/Course" in report.inferred_superclasses[course]
