"""SKOS: any concept scheme (Turtle, JSON-LD) imports as a framework; any framework exports as
SKOS Turtle; the ``export`` command and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from competency_graph.config import Settings
from competency_graph.errors import InputError, NotFoundError
from competency_graph.services import open_store
from competency_graph.services.frameworks import list_frameworks
from competency_graph.services.interop.esco import import_esco
from competency_graph.services.interop.registry import available_formats, export_framework
from competency_graph.services.interop.skos import export_skos, import_skos
from competency_graph.store import GraphStore
from tests.interop.conftest import ESCO_FIXTURES, run_cli

SCHEME_TTL = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/thesaurus/> .
ex:digital-skills a skos:ConceptScheme ;
    skos:prefLabel "Digital skills"@en, "Цифровые навыки"@ru ;
    skos:hasTopConcept ex:data .
ex:data a skos:Concept ; skos:prefLabel "Data literacy"@en ; skos:notation "D" ;
    skos:inScheme ex:digital-skills .
ex:data-viz a skos:Concept ; skos:prefLabel "Data visualisation"@en ; skos:notation "D.1" ;
    skos:broader ex:data .
ex:data-clean a skos:Concept ; skos:prefLabel "Data cleaning"@en ; skos:notation "D.2" ;
    skos:broader ex:data .
"""

SCHEME_JSONLD = {
    "@context": {"skos": "http://www.w3.org/2004/02/skos/core#",
                 "dct": "http://purl.org/dc/terms/",
                 "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
                 "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"}},
    "@graph": [
        {"@id": "https://example.org/s/green", "@type": "skos:ConceptScheme",
         "dct:identifier": "green-skills", "prefLabel": {"en": "Green skills"}},
        {"@id": "https://example.org/s/green/1", "@type": "skos:Concept",
         "inScheme": "https://example.org/s/green", "prefLabel": {"en": "Save energy"}},
    ],
}


def test_turtle_scheme_imports_with_id_from_the_iri(memory_store: GraphStore,
                                                   tmp_path: Path) -> None:
    """A scheme without dcterms:identifier gets its IRI's last segment as id; concepts found
    through hasTopConcept and unschemed skos:Concepts join it; broader gets its inverse."""
    path = tmp_path / "digital.ttl"
    path.write_text(SCHEME_TTL, encoding="utf-8")
    result = import_skos(memory_store, path)
    assert (result.framework_id, result.items) == ("digital-skills", 3)
    listed = {f.id: f for f in list_frameworks(memory_store)}["digital-skills"]
    assert listed.title == "Digital skills"
    assert listed.items == 3
    exported = Graph().parse(data=export_skos(memory_store, "digital-skills"), format="turtle")
    data = URIRef("https://example.org/thesaurus/data")
    assert set(exported.objects(data, SKOS.narrower)) == {
        URIRef("https://example.org/thesaurus/data-viz"),
        URIRef("https://example.org/thesaurus/data-clean")}


def test_jsonld_scheme_with_identifier_and_override(memory_store: GraphStore,
                                                   tmp_path: Path) -> None:
    """JSON-LD with an inline context imports; dcterms:identifier gives the id, an explicit id
    overrides it."""
    path = tmp_path / "green.jsonld"
    path.write_text(json.dumps(SCHEME_JSONLD), encoding="utf-8")
    assert import_skos(memory_store, path, framework_id="green-2").framework_id == "green-2"
    assert "green-2" in {f.id for f in list_frameworks(memory_store)}
    other = open_store(Settings(store=":memory:"))
    try:
        assert import_skos(other, path).framework_id == "green-skills"
    finally:
        other.close()


def test_every_bundled_framework_exports_as_skos(memory_store: GraphStore) -> None:
    """Each bundled framework's SKOS Turtle parses, declares one skos:ConceptScheme and as many
    skos:Concepts as the framework has items, each with skos:inScheme."""
    frameworks = list_frameworks(memory_store)
    assert len(frameworks) > 10
    for framework in frameworks:
        graph = Graph().parse(data=export_skos(memory_store, framework.id), format="turtle")
        [scheme] = list(graph.subjects(RDF.type, SKOS.ConceptScheme))
        concepts = set(graph.subjects(RDF.type, SKOS.Concept))
        assert len(concepts) == framework.items, framework.id
        assert all((c, SKOS.inScheme, scheme) in graph for c in concepts)
        assert framework.items == 0 or set(graph.objects(scheme, SKOS.hasTopConcept))


def test_exported_skos_reimports(memory_store: GraphStore, tmp_path: Path) -> None:
    """SKOS export of WA 2021 imports into another store without the bundled data with the same
    items; into a store that bundles it, it is refused (a user import never replaces a bundled
    graph, issue 14); into the same store under another id it is refused (the scheme IRI is
    taken), store unchanged."""
    path = tmp_path / "wa.ttl"
    path.write_bytes(export_framework(memory_store, "wa-2021", "skos"))
    other = open_store(Settings(store=":memory:"), bootstrap=False)
    try:
        assert import_skos(other, path).items == 11
        assert import_skos(other, path).framework_id == "wa-2021"  # same graph: replaced
    finally:
        other.close()
    with pytest.raises(InputError, match="bundled"):
        import_skos(memory_store, path)
    before = memory_store.triple_count()
    with pytest.raises(InputError) as exc:
        import_skos(memory_store, path, framework_id="wa-2021-again")
    assert "already framework 'wa-2021'" in str(exc.value)
    assert memory_store.triple_count() == before


def test_esco_exports_as_skos_and_ttl(memory_store: GraphStore) -> None:
    """The ESCO excerpt's skills pillar exports as SKOS (199 concepts); ttl gives the whole
    version dataset, occupations included."""
    import_esco(memory_store, ESCO_FIXTURES)
    graph = Graph().parse(data=export_skos(memory_store, "esco-1.1.1-skills"), format="turtle")
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == 199
    whole = Graph().parse(data=export_framework(memory_store, "esco-1.1.1-skills", "ttl"),
                          format="turtle")
    occupation = URIRef("http://data.europa.eu/esco/model#Occupation")
    assert len(set(whole.subjects(RDF.type, occupation))) == 6


def test_bad_skos_input(memory_store: GraphStore, tmp_path: Path) -> None:
    """No scheme, several schemes, a Turtle syntax error (with its line) and an unresolvable
    JSON-LD context are refused; the store is unchanged."""
    before = memory_store.triple_count()
    cases = {
        "none.ttl": ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     "<https://e.org/c> a skos:Concept .\n", "not a SKOS concept scheme"),
        "two.ttl": ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "<https://e.org/a> a skos:ConceptScheme .\n"
                    "<https://e.org/b> a skos:ConceptScheme .\n", "several concept schemes"),
        "syntax.ttl": ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                       "<https://e.org/a> a skos:ConceptScheme ;\n  skos:prefLabel .\n",
                       "invalid turtle"),
        "ctx.jsonld": (json.dumps({"@context": "https://example.org/skos-context.jsonld",
                                   "@id": "https://e.org/a"}), "cannot be resolved"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as exc:
            import_skos(memory_store, path)
        problem = exc.value.problems[0]
        assert message in problem.message, name
        assert problem.location.file == str(path)
        if name == "syntax.ttl":
            assert problem.location.line == 3
        if name == "ctx.jsonld":
            assert problem.location.json_path == "$['@context']"
    assert memory_store.triple_count() == before


def test_export_errors(memory_store: GraphStore) -> None:
    """An unknown framework is NotFoundError; an unknown format lists the known ones."""
    assert {"ctdl-asn", "skos", "ttl"} <= set(available_formats())
    with pytest.raises(NotFoundError):
        export_framework(memory_store, "no-such-framework", "skos")
    with pytest.raises(InputError) as exc:
        export_framework(memory_store, "wa-2021", "xml")
    assert "ctdl-asn" in str(exc.value)


def test_cli_export_formats(tmp_path: Path) -> None:
    """``export`` writes each format to stdout or --output; unknown id or format exits 2."""
    store = tmp_path / "store"
    skos = run_cli("export", "cefr", "--format", "skos", store=store)
    assert skos.returncode == 0, skos.stderr
    assert len(Graph().parse(data=skos.stdout, format="turtle")) > 20
    ttl = tmp_path / "cefr.ttl"
    written = run_cli("export", "cefr", "--format", "ttl", "-o", str(ttl), store=store)
    assert written.returncode == 0
    assert len(Graph().parse(ttl, format="turtle")) > 20
    missing = run_cli("export", "nope", "--format", "skos", store=store)
    assert missing.returncode == 2
    assert "nope" in missing.stderr
    wrong = run_cli("export", "cefr", "--format", "xml", store=store)
    assert wrong.returncode == 2
    skos_import = run_cli("import", str(ttl), "--kind", "skos", store=tmp_path / "other")
    assert skos_import.returncode == 2  # cefr is bundled there: a user import may not replace it
    assert "bundled" in skos_import.stderr and "Traceback" not in skos_import.stderr
