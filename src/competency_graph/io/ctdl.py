"""CTDL-ASN competency frameworks in (JSON-LD or Turtle) and out (JSON-LD).

**Import.** The JSON-LD context is supplied locally (``data/contexts/ctdlasn.json`` stands in
for ``https://credreg.net/ctdlasn/schema/context/json``; no network at run time; any other remote
context is a located error). Every CTDL-ASN triple is kept as it is. Added, so that the rest of
the product (gaps, search, exports) sees a framework like any other:

* ``ceasn:CompetencyFramework``: ``a cg:CompetencyFramework``; ``dcterms:identifier`` = the
  CTID (or the caller's id); ``dcterms:title`` ← ``ceasn:name``; ``dcterms:description`` ←
  ``ceasn:description``; ``dcterms:publisher`` ← ``ceasn:publisherName``; ``dcterms:license`` ←
  ``ceasn:license``; ``dcterms:source`` ← ``ceasn:source``; ``skos:hasTopConcept`` ←
  ``ceasn:hasTopChild``;
* ``ceasn:Competency`` (``ceasn:isPartOf`` the framework, or nothing): ``a cg:Competency``;
  ``skos:inScheme``; ``skos:prefLabel`` ← ``ceasn:competencyLabel`` (else ``competencyText``);
  ``skos:definition`` ← ``ceasn:competencyText``; ``skos:notation`` ← ``ceasn:codedNotation``;
  ``skos:broader`` ← ``ceasn:isChildOf``; ``skos:narrower`` ← ``ceasn:hasChild``;
  ``skos:topConceptOf`` ← ``ceasn:isTopChildOf``.

**Export** of any framework (bundled, SKOS, CASE, ESCO, CTDL-ASN): one JSON-LD document with the
published context URL, the framework node first, then its competencies depth-first in
``skos:notation`` order. Per node and property the stored CTDL-ASN triples win; a property with
no stored triple is derived from SKOS / Dublin Core (the table above, read backwards; plus
``skos:exactMatch`` → ``ceasn:exactAlignment``, ``closeMatch`` → ``majorAlignment``,
``broadMatch`` → ``broadAlignment``, ``narrowMatch`` → ``narrowAlignment``, ``relatedMatch`` →
``minorAlignment``, ``skos:scopeNote`` → ``ceasn:comment``). The normalisations a round trip
CTDL-ASN → graph → CTDL-ASN shows (docs/interop.md):

* multi-valued properties are sets: array order is not kept (``hasChild``/``hasTopChild`` come
  out in notation order), a one-element array of a single-valued property comes out as a value;
* language tags are written as stored (``en-us`` stays ``en-us``); text without a language
  in a language-map property is written under ``en``;
* ``ceterms:ctid`` is kept; a node without one gets ``ce-`` + a UUID v5 of its IRI (stable);
* ``ceasn:inLanguage`` is added to competencies that lack it (required by CTDL-ASN), from the
  languages of their text;
* the document's ``@id`` (the Registry's graph envelope) is rebuilt from the framework IRI
  (``/resources/ce-…`` → ``/graph/ce-…``) and omitted for other IRIs;
* dates stay the strings they were (the local context gives them no datatype).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import natural_key, validate_id
from competency_graph.io.jsonld import local_context
from competency_graph.io.skos import check_graph_terms
from competency_graph.namespaces import CEASN, CETERMS, CG, CTDLASN_CONTEXT

CE = {name: URIRef(CEASN + name) for name in (
    "CompetencyFramework", "Competency", "name", "description", "publisherName", "publisher",
    "license", "source", "hasTopChild", "isTopChildOf", "isPartOf", "isChildOf", "hasChild",
    "competencyText", "competencyLabel", "codedNotation", "inLanguage", "comment", "rights",
    "dateCreated", "dateModified", "exactAlignment", "majorAlignment", "broadAlignment",
    "narrowAlignment", "minorAlignment")}
CTID = URIRef(CETERMS + "ctid")
FRAMEWORK = URIRef(CG + "CompetencyFramework")
COMPETENCY = URIRef(CG + "Competency")

#: compact-IRI prefixes used in the exported document
_COMPACT = (("ceasn:", CEASN), ("ceterms:", CETERMS))
#: properties always written as arrays (as the Credential Registry writes them)
ARRAY_TERMS = {"ceasn:inLanguage", "ceasn:source", "ceasn:publisher", "ceasn:hasTopChild",
               "ceasn:isChildOf", "ceasn:hasChild", "ceasn:creator", "ceasn:exactAlignment",
               "ceasn:majorAlignment", "ceasn:broadAlignment", "ceasn:narrowAlignment",
               "ceasn:minorAlignment", "ceasn:alignTo", "ceasn:alignFrom", "ceasn:conceptTerm"}
#: language-map properties whose per-language values are arrays
LANG_ARRAY_TERMS = {"ceasn:publisherName", "ceasn:conceptKeyword", "ceasn:author",
                    "ceasn:localSubject"}
#: SKOS mapping relation → CTDL-ASN alignment property
ALIGNMENTS = {SKOS.exactMatch: "exactAlignment", SKOS.closeMatch: "majorAlignment",
              SKOS.broadMatch: "broadAlignment", SKOS.narrowMatch: "narrowAlignment",
              SKOS.relatedMatch: "minorAlignment"}
_CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


# --- import ------------------------------------------------------------------------------------

def find_framework(graph: Graph, source: str) -> URIRef:
    """Return the one ``ceasn:CompetencyFramework`` of a file.

    :raises InputError: when there is none (the file is not CTDL-ASN) or several.
    """
    found = sorted(s for s in graph.subjects(RDF.type, CE["CompetencyFramework"])
                   if isinstance(s, URIRef))
    if not found:
        raise InputError(Problem("not a CTDL-ASN competency framework: no node of type "
                                 "ceasn:CompetencyFramework (with an @id)",
                                 Location(file=source, json_path="$")))
    if len(found) > 1:
        raise InputError(Problem("several ceasn:CompetencyFramework nodes ("
                                 + ", ".join(str(f) for f in found)
                                 + "); import one framework per file",
                                 Location(file=source, json_path="$")))
    return found[0]


def framework_id_of(graph: Graph, framework: URIRef, override: str | None = None) -> str:
    """The framework id: override, else the CTID, else the last segment of the IRI."""
    if override:
        return override
    ctid = graph.value(framework, CTID)
    if ctid is not None and str(ctid).strip():
        return str(ctid).strip()
    return str(framework).rstrip("/").rsplit("/", 1)[-1]


def competencies_of(graph: Graph, framework: URIRef) -> list[URIRef]:
    """The framework's competencies: ``ceasn:Competency`` nodes part of it (or of nothing)."""
    out = []
    for node in graph.subjects(RDF.type, CE["Competency"]):
        if not isinstance(node, URIRef):
            continue
        parts = set(graph.objects(node, CE["isPartOf"]))
        if not parts or framework in parts:
            out.append(node)
    return sorted(out)


def ctdl_to_framework(graph: Graph, source: str,
                      framework_id: str | None = None) -> tuple[str, URIRef, Graph]:
    """Add the framework reading (cg/SKOS/Dublin Core) to a parsed CTDL-ASN graph."""
    framework = find_framework(graph, source)
    fid = framework_id_of(graph, framework, framework_id)
    validate_id(fid, "framework id (pass another with id=)", Location(file=source))
    check_graph_terms(graph, source)
    out = Graph()
    for triple in graph:
        out.add(triple)
    add = out.add
    add((framework, RDF.type, FRAMEWORK))
    add((framework, DCTERMS.identifier, Literal(fid)))
    for ce, dc in (("name", DCTERMS.title), ("description", DCTERMS.description),
                   ("publisherName", DCTERMS.publisher), ("license", DCTERMS.license),
                   ("source", DCTERMS.source)):
        for value in graph.objects(framework, CE[ce]):
            add((framework, dc, value))
    items = competencies_of(graph, framework)
    members = set(items)
    for top in graph.objects(framework, CE["hasTopChild"]):
        add((framework, SKOS.hasTopConcept, top))
        add((top, SKOS.topConceptOf, framework))
    for item in items:
        add((item, RDF.type, COMPETENCY))
        add((item, SKOS.inScheme, framework))
        labels = list(graph.objects(item, CE["competencyLabel"]))
        texts = list(graph.objects(item, CE["competencyText"]))
        for label in labels or texts:
            add((item, SKOS.prefLabel, label))
        for text in texts:
            add((item, SKOS.definition, text))
        for notation in graph.objects(item, CE["codedNotation"]):
            add((item, SKOS.notation, Literal(str(notation))))
        for parent in graph.objects(item, CE["isChildOf"]):
            if parent in members:
                add((item, SKOS.broader, parent))
                add((parent, SKOS.narrower, item))
        for child in graph.objects(item, CE["hasChild"]):
            if child in members:
                add((item, SKOS.narrower, child))
                add((child, SKOS.broader, item))
        if (item, CE["isTopChildOf"], framework) in graph:
            add((item, SKOS.topConceptOf, framework))
            add((framework, SKOS.hasTopConcept, item))
    return fid, framework, out


# --- export ------------------------------------------------------------------------------------

def _compact(iri: str) -> str | None:
    for prefix, namespace in _COMPACT:
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return None


def _term_kind(term: str) -> str:
    """``lang``, ``id`` or ``plain`` from the local context's definition of a compact term."""
    context = local_context(CTDLASN_CONTEXT) or {}
    definition = context.get(term)
    if isinstance(definition, dict):
        if definition.get("@container") == "@language":
            return "lang"
        if definition.get("@type") == "@id":
            return "id"
    return "plain"


def ctid_for(graph: Graph, node: URIRef) -> str:
    """The stored CTID, else ``ce-`` + UUID v5 of the IRI (stable across exports)."""
    stored = graph.value(node, CTID)
    if stored is not None and str(stored).strip():
        return str(stored).strip()
    return "ce-" + str(uuid.uuid5(uuid.NAMESPACE_URL, str(node)))


def _shape(term: str, values: list[Node], key: Any = None) -> Any:
    """The JSON value of one property from its RDF values, per the context's term kind;
    ``key`` orders IRI values (the framework's notation order), else they sort as text."""
    kind = _term_kind(term)
    if kind == "lang":
        by_lang: dict[str, list[str]] = {}
        for value in values:
            lang = value.language if isinstance(value, Literal) and value.language else "en"
            by_lang.setdefault(lang, []).append(str(value))
        return {lang: (sorted(texts) if term in LANG_ARRAY_TERMS or len(texts) > 1
                       else texts[0]) for lang, texts in sorted(by_lang.items())}
    items: list[Any] = []
    for value in values:
        if kind == "id":
            items.append(str(value))
        elif isinstance(value, URIRef):
            items.append({"@id": str(value)})
        elif isinstance(value, Literal) and value.language:
            items.append({"@value": str(value), "@language": value.language})
        elif isinstance(value, Literal) and value.datatype is not None and not \
                str(value.datatype).endswith("#string"):
            items.append({"@value": str(value), "@type": str(value.datatype)})
        else:
            items.append(str(value))
    if kind == "id" and key is not None:
        items.sort(key=key)
    else:
        items.sort(key=lambda v: json.dumps(v, sort_keys=True))
    if term in ARRAY_TERMS or len(items) > 1:
        return items
    return items[0]


class _Node:
    """The JSON object of one exported node: stored CTDL-ASN values win, derived fill gaps."""

    def __init__(self, graph: Graph, node: URIRef, type_: str) -> None:
        self.fields: dict[str, list[Node]] = {}
        self.derived: dict[str, list[Node]] = {}
        self.node = node
        self.type = type_
        for predicate, value in graph.predicate_objects(node):
            term = _compact(str(predicate))
            if term is not None and term != "ceterms:ctid":
                self.fields.setdefault(term, []).append(value)
        self.ctid = ctid_for(graph, node)

    def derive(self, term: str, values: Iterable[Node]) -> None:
        found = list(dict.fromkeys(values))
        if found and term not in self.fields:
            self.derived.setdefault(term, []).extend(found)

    def has(self, term: str) -> bool:
        return term in self.fields or term in self.derived

    def values(self, term: str) -> list[Node]:
        return self.fields.get(term) or self.derived.get(term) or []

    def as_json(self, first: tuple[str, ...], key: Any = None) -> dict[str, Any]:
        out: dict[str, Any] = {"@id": str(self.node), "@type": self.type,
                               "ceterms:ctid": self.ctid}
        merged = {**self.derived, **self.fields}
        for term in [*(t for t in first if t in merged),
                     *sorted(t for t in merged if t not in first)]:
            out[term] = _shape(term, merged[term], key)
        return out


def _languages(values: Iterable[Node]) -> list[Literal]:
    langs = {v.language for v in values if isinstance(v, Literal) and v.language}
    return [Literal(lang) for lang in sorted(langs)]


def framework_to_ctdl(graph: Graph, scheme: URIRef) -> dict[str, Any]:
    """Build the CTDL-ASN JSON-LD document of one framework from its stored triples."""
    items = sorted({s for s in graph.subjects(SKOS.inScheme, scheme) if isinstance(s, URIRef)}
                   | {s for s in graph.subjects(CE["isPartOf"], scheme) if isinstance(s, URIRef)})
    members = set(items)
    notation = {i: str(graph.value(i, SKOS.notation) or graph.value(i, CE["codedNotation"]) or "")
                for i in items}

    def order(nodes: Iterable[Node]) -> list[URIRef]:
        return sorted((n for n in nodes if isinstance(n, URIRef) and n in members),
                      key=lambda n: (natural_key(notation[n]), str(n)))

    parents, children = _hierarchy(graph, items, members)
    tops = order(i for i in items if not parents[i])
    fw = _framework_node(graph, scheme, tops)
    nodes = [_item_node(graph, item, scheme, notation[item], order(parents[item]),
                        order(children[item])) for item in items]
    languages = {value for node in nodes for value in node.values("ceasn:inLanguage")}
    fw.derive("ceasn:inLanguage", sorted(languages, key=str)
              or _languages(fw.values("ceasn:name")))
    by_iri = {n.node: n for n in nodes}
    ordered = [by_iri[item] for item in _depth_first(tops, order(items), children, order)]

    first_fw = ("ceasn:name", "ceasn:description", "ceasn:inLanguage", "ceasn:hasTopChild")
    first_item = ("ceasn:competencyLabel", "ceasn:competencyText", "ceasn:codedNotation",
                  "ceasn:isPartOf", "ceasn:isTopChildOf", "ceasn:isChildOf", "ceasn:hasChild")
    document: dict[str, Any] = {"@context": CTDLASN_CONTEXT}
    if "/resources/ce-" in str(scheme):
        document["@id"] = str(scheme).replace("/resources/ce-", "/graph/ce-")
    by_text = {str(i): (0, natural_key(notation[i]), str(i)) for i in items}

    def key(value: str) -> tuple[int, tuple[Any, ...], str]:
        return by_text.get(value, (1, (), value))

    document["@graph"] = [fw.as_json(first_fw, key),
                          *(n.as_json(first_item, key) for n in ordered)]
    return document


def _hierarchy(graph: Graph, items: list[URIRef], members: set[URIRef]
               ) -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, set[URIRef]]]:
    """(parents, children) of every item from skos:broader/narrower and ceasn:isChildOf/hasChild."""
    parents: dict[URIRef, set[URIRef]] = {i: set() for i in items}
    children: dict[URIRef, set[URIRef]] = {i: set() for i in items}
    for item in items:
        for parent in [*graph.objects(item, SKOS.broader), *graph.objects(item, CE["isChildOf"])]:
            if parent in members and isinstance(parent, URIRef):
                parents[item].add(parent)
                children[parent].add(item)
        for child in [*graph.objects(item, SKOS.narrower), *graph.objects(item, CE["hasChild"])]:
            if child in members and isinstance(child, URIRef):
                children[item].add(child)
                parents[child].add(item)
    return parents, children


def _framework_node(graph: Graph, scheme: URIRef, tops: list[URIRef]) -> _Node:
    fw = _Node(graph, scheme, "ceasn:CompetencyFramework")
    for dc, term in ((DCTERMS.title, "ceasn:name"), (DCTERMS.description, "ceasn:description"),
                     (DCTERMS.license, "ceasn:license"), (DCTERMS.source, "ceasn:source"),
                     (DCTERMS.rights, "ceasn:rights"), (DCTERMS.created, "ceasn:dateCreated"),
                     (DCTERMS.modified, "ceasn:dateModified")):
        fw.derive(term, graph.objects(scheme, dc))
    for publisher in graph.objects(scheme, DCTERMS.publisher):
        fw.derive("ceasn:publisher" if isinstance(publisher, URIRef) else "ceasn:publisherName",
                  [publisher])
    fw.derive("ceasn:hasTopChild", tops)
    return fw


def _item_node(graph: Graph, item: URIRef, scheme: URIRef, notation: str,
               parents: list[URIRef], children: list[URIRef]) -> _Node:
    node = _Node(graph, item, "ceasn:Competency")
    definitions = list(graph.objects(item, SKOS.definition))
    labels = list(graph.objects(item, SKOS.prefLabel))
    node.derive("ceasn:competencyText", definitions or labels)
    if definitions and {str(v) for v in labels} != {str(v) for v in definitions}:
        node.derive("ceasn:competencyLabel", labels)
    node.derive("ceasn:codedNotation", [Literal(notation)] if notation else [])
    node.derive("ceasn:isPartOf", [scheme])
    node.derive("ceasn:isChildOf", parents)
    node.derive("ceasn:hasChild", children)
    if not parents:
        node.derive("ceasn:isTopChildOf", [scheme])
    node.derive("ceasn:comment", graph.objects(item, SKOS.scopeNote))
    for relation, term in ALIGNMENTS.items():
        node.derive("ceasn:" + term, graph.objects(item, relation))
    node.derive("ceasn:inLanguage", _languages(
        [*node.values("ceasn:competencyText"), *node.values("ceasn:competencyLabel")]))
    return node


def _depth_first(tops: list[URIRef], rest: list[URIRef], children: dict[URIRef, set[URIRef]],
                 order: Callable[[Iterable[Node]], list[URIRef]]) -> list[URIRef]:
    """Items in document order: each top item then its descendants (pre-order), then items
    reachable only through a cycle. Iterative, so a deep hierarchy cannot exhaust the stack."""
    seen: set[URIRef] = set()
    out: list[URIRef] = []
    for root in [*tops, *rest]:
        stack = [root]
        while stack:
            item = stack.pop()
            if item in seen:
                continue
            seen.add(item)
            out.append(item)
            stack.extend(reversed(order(children[item])))
    return out


def dumps(document: dict[str, Any]) -> bytes:
    """The exported document as UTF-8 JSON (indented, non-ASCII kept)."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


__all__ = [
    "competencies_of",
    "ctdl_to_framework",
    "ctid_for",
    "dumps",
    "find_framework",
    "framework_id_of",
    "framework_to_ctdl",
    "natural_key",
]
