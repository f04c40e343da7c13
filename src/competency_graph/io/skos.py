"""SKOS concept schemes in and out.

**Import.** Any SKOS concept scheme in Turtle or JSON-LD (contexts supplied locally, see
:mod:`competency_graph.io.jsonld`) becomes a framework. Every triple of the file is kept; added:

* the scheme: ``a cg:CompetencyFramework`` and ``dcterms:identifier`` = the framework id (the
  caller's override, else the scheme's own ``dcterms:identifier``, else the last segment of
  its IRI); ``dcterms:title`` copied from ``skos:prefLabel`` / ``rdfs:label`` when it has none;
* its concepts (``skos:inScheme``, ``skos:topConceptOf``, ``skos:hasTopConcept``; in a file with
  one scheme also every ``skos:Concept`` without a scheme): ``a cg:Competency`` (SKOS does not
  tell assessed items from grouping nodes, so all are competencies) and ``skos:inScheme``;
* the inverses ``skos:broader``/``skos:narrower`` and ``skos:topConceptOf``/``skos:hasTopConcept``
  within the scheme, so that queries may follow either direction.

A file must hold exactly one ``skos:ConceptScheme`` (or a subclass named in the file); none or
several is an error naming the schemes found.

**Export.** Any framework (bundled, imported, ESCO) as SKOS Turtle: the scheme and its items with
every stored triple, plus ``a skos:ConceptScheme`` / ``a skos:Concept`` (explicit, since the
``cg:`` classes only imply them through the ontology), the inverses above, and
``skos:hasTopConcept`` for items without a broader item in the scheme when the scheme lists no
top concepts.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.plugins.parsers.notation3 import BadSyntax

from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import check_iri, check_lang, check_text, validate_id
from competency_graph.io.jsonld import parse_jsonld
from competency_graph.io.safe import check_rdf
from competency_graph.namespaces import CEASN, CETERMS, CG, ESCO, ISOTHES, PREFIXES, data_iri

FRAMEWORK = URIRef(CG + "CompetencyFramework")
LEVEL_SCALE = URIRef(CG + "LevelScale")
COMPETENCY = URIRef(CG + "Competency")
CATEGORY = URIRef(CG + "CompetencyCategory")
#: classes that already make a concept a framework item (no cg:Competency added)
ITEM_CLASSES = {COMPETENCY, CATEGORY, URIRef(CG + "Level"), URIRef(CG + "Indicator")}

FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".jsonld": "json-ld", ".json": "json-ld",
           ".nt": "nt", ".rdf": "xml", ".xml": "xml"}


#: The base IRI relative references of an uploaded file resolve against (never ``file://…``).
UPLOAD_BASE = data_iri("upload") + "/"


def rdf_format(path: Path, explicit: str | None = None) -> str:
    """Return the rdflib format name for a file (Turtle, JSON-LD, N-Triples, RDF/XML)."""
    fmt = explicit or FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(Problem(f"cannot tell the RDF format from the suffix {path.suffix!r}; "
                                 "use .ttl or .jsonld", Location(file=str(path))))
    return {"jsonld": "json-ld", "ntriples": "nt"}.get(fmt, fmt)


def parse_rdf(data: bytes, fmt: str, source: str) -> Graph:
    """Parse Turtle, N-Triples, RDF/XML or JSON-LD (local contexts only) into a graph.

    :raises InputError: located by line (Turtle) or JSON path / line and column (JSON-LD).
    """
    if fmt == "json-ld":
        return parse_jsonld(data, source)
    check_rdf(data, fmt, source)  # size; RDF/XML: no DTD, no entities
    graph = Graph()
    try:
        # a fixed base: relative IRIs must never resolve against the server's working folder
        graph.parse(data=data, format=fmt, publicID=UPLOAD_BASE)
    except BadSyntax as exc:
        line = int(getattr(exc, "lines", 0)) + 1
        why = getattr(exc, "_why", str(exc))
        raise InputError(Problem(f"invalid {fmt}: {why}", Location(file=source, line=line))) \
            from None
    except Exception as exc:  # rdflib raises many types for broken input
        raise InputError(Problem(f"invalid {fmt}: {exc}", Location(file=source))) from None
    return graph


def bind_prefixes(graph: Graph) -> None:
    """Bind the project's prefixes plus the interop vocabularies for readable Turtle."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for prefix, iri in (("esco", ESCO), ("isothes", ISOTHES), ("ceasn", CEASN),
                        ("ceterms", CETERMS)):
        graph.bind(prefix, iri, override=True)


def _last_segment(iri: str) -> str:
    tail = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return tail or iri


def scheme_members(graph: Graph, scheme: URIRef, only_scheme: bool) -> set[URIRef]:
    """Return the concepts of a scheme (see the module docstring for the rule)."""
    members = {s for s in graph.subjects(SKOS.inScheme, scheme) if isinstance(s, URIRef)}
    members |= {s for s in graph.subjects(SKOS.topConceptOf, scheme) if isinstance(s, URIRef)}
    members |= {o for o in graph.objects(scheme, SKOS.hasTopConcept) if isinstance(o, URIRef)}
    if only_scheme:
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            if isinstance(concept, URIRef) and graph.value(concept, SKOS.inScheme) is None:
                members.add(concept)
    return members


def find_scheme(graph: Graph, source: str) -> URIRef:
    """Return the one concept scheme of a file.

    :raises InputError: when the file holds none (it is not SKOS) or several.
    """
    classes = {SKOS.ConceptScheme, FRAMEWORK, LEVEL_SCALE}
    classes |= {c for c in graph.subjects(RDFS.subClassOf, SKOS.ConceptScheme)
                if isinstance(c, URIRef)}
    schemes = sorted({s for c in classes for s in graph.subjects(RDF.type, c)
                      if isinstance(s, URIRef)})
    if not schemes:
        raise InputError(Problem("not a SKOS concept scheme: the file declares no "
                                 "skos:ConceptScheme (with an IRI)", Location(file=source)))
    if len(schemes) > 1:
        raise InputError(Problem("the file holds several concept schemes ("
                                 + ", ".join(str(s) for s in schemes)
                                 + "); import one scheme per file", Location(file=source)))
    return schemes[0]


def framework_id_of(graph: Graph, scheme: URIRef, override: str | None = None) -> str:
    """The framework id: override, else ``dcterms:identifier``, else the IRI's last segment."""
    if override:
        return override
    identifier = graph.value(scheme, DCTERMS.identifier)
    if identifier is not None and str(identifier).strip():
        return str(identifier).strip()
    return _last_segment(str(scheme))


#: at most this many term problems are listed before the import is refused
MAX_TERM_PROBLEMS = 20


def check_graph_terms(graph: Graph, source: str) -> None:
    """Literal and IRI hygiene of an imported graph: language tags valid BCP 47, text without
    control characters and within ``max_literal_chars``, IRIs within ``max_iri_chars``.

    :raises InputError: the first :data:`MAX_TERM_PROBLEMS` problems, each naming its subject.
    """
    problems: list[Problem] = []
    for s, _p, o in graph:
        where = Location(file=source, json_path=f"<{str(s)[:200]}>")
        for node in (s, o):
            if isinstance(node, URIRef):
                bad_iri = check_iri(str(node), where, what="an IRI")
                if bad_iri is not None:
                    problems.append(bad_iri)
        if isinstance(o, Literal):
            if o.language is not None:
                bad = check_lang(o.language, where)
                if bad is not None:
                    problems.append(bad)
            bad = check_text(str(o), where, what="a literal")
            if bad is not None:
                problems.append(bad)
        if len(problems) >= MAX_TERM_PROBLEMS:
            break
    if problems:
        raise InputError(problems)


def skos_to_framework(graph: Graph, source: str,
                      framework_id: str | None = None) -> tuple[str, URIRef, Graph]:
    """Turn a parsed SKOS file into a framework graph; return (id, scheme IRI, graph)."""
    scheme = find_scheme(graph, source)
    fid = framework_id_of(graph, scheme, framework_id)
    validate_id(fid, "framework id (pass another with --id / id=)", Location(file=source))
    check_graph_terms(graph, source)
    out = Graph()
    for triple in graph:
        out.add(triple)
    out.add((scheme, RDF.type, FRAMEWORK))
    out.remove((scheme, DCTERMS.identifier, None))
    out.add((scheme, DCTERMS.identifier, Literal(fid)))
    if graph.value(scheme, DCTERMS.title) is None:
        for predicate in (SKOS.prefLabel, RDFS.label):
            labels = list(graph.objects(scheme, predicate))
            for label in labels:
                out.add((scheme, DCTERMS.title, label))
            if labels:
                break
    complete_scheme(out, scheme, scheme_members(graph, scheme, only_scheme=True),
                    add_competency=True)
    return fid, scheme, out


def complete_scheme(graph: Graph, scheme: URIRef, members: set[URIRef], *,
                    add_competency: bool = False, add_skos_types: bool = False) -> None:
    """Add scheme membership, item classes and the SKOS inverses inside one scheme."""
    for item in members:
        graph.add((item, SKOS.inScheme, scheme))
        if add_skos_types:
            graph.add((item, RDF.type, SKOS.Concept))
        if add_competency and not any((item, RDF.type, c) in graph for c in ITEM_CLASSES):
            graph.add((item, RDF.type, COMPETENCY))
        for broader in list(graph.objects(item, SKOS.broader)):
            if broader in members:
                graph.add((broader, SKOS.narrower, item))
        for narrower in list(graph.objects(item, SKOS.narrower)):
            if narrower in members:
                graph.add((narrower, SKOS.broader, item))
        if (item, SKOS.topConceptOf, scheme) in graph:
            graph.add((scheme, SKOS.hasTopConcept, item))
    for top in list(graph.objects(scheme, SKOS.hasTopConcept)):
        graph.add((top, SKOS.topConceptOf, scheme))


def framework_to_skos(graph: Graph, scheme: URIRef) -> bytes:
    """Serialise a framework (the triples of its scheme and items) as SKOS Turtle."""
    members = {s for s in graph.subjects(SKOS.inScheme, scheme) if isinstance(s, URIRef)}
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    complete_scheme(graph, scheme, members, add_skos_types=True)
    if graph.value(scheme, SKOS.hasTopConcept) is None:
        for item in members:
            if not any(b in members for b in graph.objects(item, SKOS.broader)):
                graph.add((scheme, SKOS.hasTopConcept, item))
                graph.add((item, SKOS.topConceptOf, scheme))
    bind_prefixes(graph)
    return graph.serialize(format="turtle").encode("utf-8")


__all__ = ["bind_prefixes", "complete_scheme", "find_scheme", "framework_id_of",
           "framework_to_skos", "parse_rdf", "rdf_format", "scheme_members", "skos_to_framework"]
