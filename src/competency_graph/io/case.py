"""1EdTech CASE packages (CFPackage JSON) to RDF and back.

Import (:func:`read_package`, :func:`check_package`, :func:`package_to_graph`) is lenient about
the CASE version: 1.0 and 1.1 packages are accepted (real OpenSALT 1.0 exports do not validate
against 1.1), keys are checked for presence and type only where the data could not be stored
otherwise, and every problem is reported with its JSON path. Every field of CFDocument, CFItem,
CFAssociation, CFDefinitions and CFRubrics is kept in the graph (the mapping is the table in
docs/case.md):

* the CFDocument is the framework (``cg:CompetencyFramework``), its id is the CFDocument
  identifier, its IRI ``framework_iri(identifier)``;
* CFItems are ``cg:Competency`` items ``item_iri(document id, item identifier)``;
* every CFAssociation is kept as a ``cg:CaseAssociation`` node (type, ends, link titles, order,
  grouping); ``isChildOf`` is also stated as ``skos:broader``/``skos:narrower`` (or
  ``skos:topConceptOf``/``skos:hasTopConcept`` for children of the document), the crosswalk
  types as SKOS mappings (``exactMatchOf`` → ``skos:exactMatch``, ``isRelatedTo`` and ``isPeerOf``
  → ``skos:relatedMatch`` across frameworks / ``skos:related`` inside the package);
* association ends outside the package are kept as external IRIs (their CASE ``uri``);
* definitions and rubrics are nodes of the classes cg:CaseConcept, cg:CaseRubric and so on,
  under ``<framework IRI>/case/<kind>/<id>``.

Export (:func:`graph_to_package`) is strict CASE 1.1: it produces a CFPackage that validates
against the official 1EdTech JSON Schema with zero errors for any framework (bundled ones
included): optional fields are omitted rather than null, no extra keys, identifiers are UUIDs
of version 1–5 / variant 8–b (a stored identifier of another form is replaced by
``uuid5(NAMESPACE_URL, <node IRI>)``, which is stable across exports), date-times are RFC 3339
with an offset and dates are ``YYYY-MM-DD``.

This module holds no SPARQL and touches no store: it turns bytes into a :class:`TripleIndex`
(written out as N-Triples) and a :class:`TripleIndex` into a JSON-ready dict.
``competency_graph.services.case`` does the rest. Terms are plain Python values (:class:`Iri`, a
``str``; :class:`Lit`, a named tuple) rather than rdflib terms, whose Python-level hashing and
comparison made packages of thousands of items several times slower (``bench/case.py``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from urllib.parse import quote

from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import check_id
from competency_graph.io.safe import load_json
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    OWL,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    framework_iri,
    item_iri,
)

# --- terms: plain Python values (hashing and comparing rdflib terms dominated large packages) --

class Iri(str):
    """An IRI (a ``str``, so hashing and equality stay native)."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical value, language tag or datatype IRI (``None`` for a plain string)."""

    value: str
    lang: str | None = None
    datatype: str | None = None

    def __str__(self) -> str:
        return self.value


Node = Iri | Lit


def lit(value: Any, lang: str | None = None, datatype: str | None = None) -> Lit:
    """A literal from a Python value (numbers get their canonical lexical form)."""
    if lang:
        return Lit(str(value), lang, None)
    if datatype == XSD + "string":
        datatype = None
    return Lit(value if isinstance(value, str) else str(value), None, datatype)
URIRef = Iri
XSD_ANYURI, XSD_DATETIME, XSD_DATE = XSD + "anyURI", XSD + "dateTime", XSD + "date"
XSD_INTEGER, XSD_DOUBLE = XSD + "integer", XSD + "double"
RDF_TYPE, RDFS_COMMENT = Iri(RDF + "type"), Iri(RDFS + "comment")

# --- vocabulary --------------------------------------------------------------------------------


def _cg(local: str) -> URIRef:
    return URIRef(CG + local)


def _sk(local: str) -> URIRef:
    return URIRef(SKOS + local)


def _dc(local: str) -> URIRef:
    return URIRef(DCTERMS + local)


CG_FRAMEWORK = _cg("CompetencyFramework")
CG_LEVEL_SCALE = _cg("LevelScale")
CG_COMPETENCY = _cg("Competency")
CG_CATEGORY = _cg("category")
CASE_URI = _cg("caseUri")
NOTE = _cg("note")
EXTENSIONS = _cg("caseExtensions")
IN_SCHEME, TOP_OF, HAS_TOP = _sk("inScheme"), _sk("topConceptOf"), _sk("hasTopConcept")
BROADER, NARROWER = _sk("broader"), _sk("narrower")
PREF, DEFINITION, NOTATION = _sk("prefLabel"), _sk("definition"), _sk("notation")
IDENTIFIER, TITLE, DESCRIPTION = _dc("identifier"), _dc("title"), _dc("description")
MODIFIED, SUBJECT = _dc("modified"), _dc("subject")
LANGUAGE, LICENSE = _dc("language"), _dc("license")
TYPE, RIGHTS = _dc("type"), _dc("rights")
VERSION_INFO = URIRef(OWL + "versionInfo")
KEYWORDS = URIRef(SCHEMA + "keywords")
START, END = _cg("startDate"), _cg("endDate")

#: association type → direct SKOS property (inside the package, across frameworks)
MAPPING_TYPES: dict[str, tuple[URIRef, URIRef]] = {
    "exactMatchOf": (_sk("exactMatch"), _sk("exactMatch")),
    "isRelatedTo": (_sk("related"), _sk("relatedMatch")),
    "isPeerOf": (_sk("related"), _sk("relatedMatch")),
}
#: SKOS mapping property of a generated association → (CASE type, note)
SKOS_TO_CASE: dict[URIRef, str] = {
    _sk("exactMatch"): "exactMatchOf",
    _sk("closeMatch"): "isRelatedTo",
    _sk("relatedMatch"): "isRelatedTo",
    _sk("broadMatch"): "isRelatedTo",
    _sk("narrowMatch"): "isRelatedTo",
}

#: definition list key → (class local name, IRI path segment)
DEFINITIONS: dict[str, tuple[str, str]] = {
    "CFConcepts": ("CaseConcept", "concept"),
    "CFSubjects": ("CaseSubject", "subject"),
    "CFLicenses": ("CaseLicense", "license"),
    "CFItemTypes": ("CaseItemType", "item-type"),
    "CFAssociationGroupings": ("CaseAssociationGrouping", "association-grouping"),
}

#: keys that only echo where an object sits (standalone REST forms, OpenSALT links); derivable,
#: not stored (docs/case.md, normalisations)
DERIVED_KEYS = {"CFDocumentURI", "CFPackageURI", "CFItemAssociationURI", "rubricId",
                "rubricCriterionId"}
#: OpenSALT spellings read as the CASE key
ALIASES = {"educationalLevel": "educationLevel"}

UUID_OK = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_EXT_TYPE = re.compile(r"^ext:[A-Za-z0-9.\-_|]+$")
CASE_TYPES = ("isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
              "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf")
#: lastChangeDateTime of an export when the graph records no modification time
FALLBACK_DATETIME = "1970-01-01T00:00:00Z"


# --- reading and checking ----------------------------------------------------------------------

def read_package(data: bytes, source: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse JSON bytes; unwrap ``{"CFPackage": {...}}``. Return the package or the problems."""
    try:
        doc = load_json(data, source)
    except InputError as exc:
        return None, [Problem(p.message.replace("invalid JSON", "not JSON, so not a CASE "
                                                "package"), p.location) for p in exc.problems]
    if isinstance(doc, dict) and isinstance(doc.get("CFPackage"), dict):
        doc = doc["CFPackage"]
    if not isinstance(doc, dict) or "CFDocument" not in doc:
        kind = type(doc).__name__ if not isinstance(doc, dict) else "an object without CFDocument"
        return None, [Problem(f"not a CASE package: the top level is {kind} (a CFPackage needs "
                              "a CFDocument object)", Location(file=source, json_path="$"))]
    return doc, []


_REQUIRED = {
    "CFDocument": ("identifier", "uri", "creator", "title", "lastChangeDateTime"),
    "CFItem": ("identifier", "fullStatement", "uri", "lastChangeDateTime"),
    "CFAssociation": ("identifier", "associationType", "uri", "originNodeURI",
                      "destinationNodeURI", "lastChangeDateTime"),
    "definition": ("identifier", "uri"),
    "rubric": ("identifier", "uri"),
}
_STRING_ARRAYS = {"subject", "conceptKeywords", "educationLevel", "educationalLevel"}
_DATETIMES = {"lastChangeDateTime"}
_DATES = {"statusStartDate", "statusEndDate"}
_LINKS = {"subjectURI", "licenseURI", "CFItemTypeURI", "conceptKeywordsURI",
          "CFAssociationGroupingURI", "CFItemURI"}


def check_package(pkg: dict[str, Any], source: str) -> list[Problem]:
    """Return every problem that would stop the package from being stored faithfully."""
    problems: list[Problem] = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(message, Location(file=source, json_path=path)))

    def check_object(obj: Any, path: str, required: Iterable[str]) -> bool:
        if not isinstance(obj, dict):
            bad(path, f"expected an object, found {type(obj).__name__}")
            return False
        for key in required:
            value = obj.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                bad(f"{path}.{key}", f"required field {key!r} is missing or empty")
        for key, value in obj.items():
            sub = f"{path}.{key}"
            if value is None:
                continue
            if key in _STRING_ARRAYS:
                if isinstance(value, str):
                    continue  # 1.0 exporters sometimes write one string; kept as one value
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    bad(sub, "expected an array of strings")
            elif key in _DATETIMES and isinstance(value, str) and value.strip():
                if parse_datetime(value) is None:
                    bad(sub, f"not an ISO 8601 date-time: {value!r}")
            elif key in _DATES:
                if not isinstance(value, str) or parse_date(value) is None:
                    bad(sub, f"not an ISO 8601 date: {value!r}")
            elif key in _LINKS:
                links = value if key == "subjectURI" and isinstance(value, list) else [value]
                for i, link in enumerate(links):
                    lp = f"{sub}[{i}]" if key == "subjectURI" and isinstance(value, list) else sub
                    if not isinstance(link, dict) or not link.get("identifier"):
                        bad(lp, "expected a link object with an identifier")
            elif key == "sequenceNumber" and not _is_int(value):
                bad(sub, f"sequenceNumber must be an integer, found {value!r}")
            elif key in ("identifier", "uri", "title", "fullStatement", "creator") \
                    and not isinstance(value, str):
                bad(sub, f"{key} must be a string, found {type(value).__name__}")
        return True

    document = pkg.get("CFDocument")
    if document is None:
        bad("$.CFDocument", "required field 'CFDocument' is missing")
    else:
        check_object(document, "$.CFDocument", _REQUIRED["CFDocument"])
        fid = document.get("identifier") if isinstance(document, dict) else None
        if isinstance(fid, str) and fid.strip():
            bad_id = check_id(fid.strip(), "framework id (CFDocument identifier)",
                              Location(file=source, json_path="$.CFDocument.identifier"))
            if bad_id is not None:
                problems.append(bad_id)
    seen: dict[str, str] = {}

    def unique(obj: Any, path: str) -> None:
        if isinstance(obj, dict) and isinstance(obj.get("identifier"), str):
            ident = obj["identifier"]
            if ident in seen:
                bad(f"{path}.identifier", f"identifier {ident!r} is also used at {seen[ident]}")
            else:
                seen[ident] = path

    for key, required in (("CFItems", "CFItem"), ("CFAssociations", "CFAssociation")):
        values = pkg.get(key)
        if values is None:
            continue
        if not isinstance(values, list):
            bad(f"$.{key}", "expected an array")
            continue
        for i, obj in enumerate(values):
            path = f"$.{key}[{i}]"
            if check_object(obj, path, _REQUIRED[required]):
                unique(obj, path)
                if key == "CFAssociations":
                    _check_association(obj, path, bad)
    definitions = pkg.get("CFDefinitions")
    if definitions is not None:
        if not isinstance(definitions, dict):
            bad("$.CFDefinitions", "expected an object")
        else:
            for key in DEFINITIONS:
                values = definitions.get(key)
                if values is None:
                    continue
                if not isinstance(values, list):
                    bad(f"$.CFDefinitions.{key}", "expected an array")
                    continue
                for i, obj in enumerate(values):
                    check_object(obj, f"$.CFDefinitions.{key}[{i}]", _REQUIRED["definition"])
    rubrics = pkg.get("CFRubrics")
    if rubrics is not None:
        if not isinstance(rubrics, list):
            bad("$.CFRubrics", "expected an array")
        else:
            for i, rubric in enumerate(rubrics):
                path = f"$.CFRubrics[{i}]"
                if not check_object(rubric, path, _REQUIRED["rubric"]):
                    continue
                for j, crit in enumerate(rubric.get("CFRubricCriteria") or []):
                    cpath = f"{path}.CFRubricCriteria[{j}]"
                    if not check_object(crit, cpath, _REQUIRED["rubric"]):
                        continue
                    for k, level in enumerate(crit.get("CFRubricCriterionLevels") or []):
                        check_object(level, f"{cpath}.CFRubricCriterionLevels[{k}]",
                                     _REQUIRED["rubric"])
    return problems


def _check_association(obj: dict[str, Any], path: str, bad: Any) -> None:
    kind = obj.get("associationType")
    if isinstance(kind, str) and kind and kind not in CASE_TYPES and not _EXT_TYPE.match(kind):
        bad(f"{path}.associationType",
            f"unknown association type {kind!r} (CASE types: {', '.join(CASE_TYPES)}, or ext:…)")
    for end in ("originNodeURI", "destinationNodeURI"):
        link = obj.get(end)
        if link is None:
            continue
        if not isinstance(link, dict):
            bad(f"{path}.{end}", "expected a link object {title, identifier, uri}")
            continue
        for key in ("identifier", "uri"):
            if not isinstance(link.get(key), str) or not link[key].strip():
                bad(f"{path}.{end}.{key}", f"required field {key!r} is missing or empty")


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().lstrip("-").isdigit()


def parse_datetime(text: str) -> datetime | None:
    """Parse an ISO 8601 date-time (``Z``, offsets, no offset = UTC, a space for ``T``)."""
    value = text.strip().replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def parse_date(text: str) -> date | None:
    """Parse a date, or the date part of a date-time."""
    value = text.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def rfc3339(text: str) -> str:
    """Return ``text`` if it is an RFC 3339 date-time, else its normalised UTC form."""
    if _RFC3339.match(text):
        return text
    parsed = parse_datetime(text)
    if parsed is None:
        return FALLBACK_DATETIME
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + "Z"


# --- CASE → RDF ----------------------------------------------------------------------------------

def case_node(framework_id: str, kind: str, identifier: str) -> URIRef:
    """IRI of a non-item CASE object: ``<framework>/case/<kind>/<identifier>``."""
    return URIRef(framework_iri(framework_id) + "/case/" + kind + "/"
                  + quote(identifier, safe="-._~"))


def external_iri(uri: str, identifier: str) -> URIRef:
    """The IRI an external association end is kept as: its CASE uri (made IRI-safe)."""
    text = uri.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", text):
        return URIRef(quote(text, safe=":/?#[]@!$&'()*+,;=%-._~"))
    return URIRef("urn:uuid:" + identifier) if UUID_OK.match(identifier) \
        else URIRef("urn:case:" + quote(identifier, safe="-._~"))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _lang(value: Any) -> str | None:
    return value if isinstance(value, str) and _LANG.match(value) else None


def package_to_graph(pkg: dict[str, Any]) -> tuple[str, TripleIndex]:
    """Turn a checked package into an rdflib graph; return (framework id, graph)."""
    g = TripleIndex()
    doc = pkg["CFDocument"]
    fid = doc["identifier"].strip()
    fw = URIRef(framework_iri(fid))
    doc_lang = _lang(doc.get("language"))
    items: dict[str, URIRef] = {}
    for item in pkg.get("CFItems") or []:
        items[item["identifier"]] = URIRef(item_iri(fid, item["identifier"]))
    definitions: dict[str, URIRef] = {}
    for key, (_cls, seg) in DEFINITIONS.items():
        for obj in (pkg.get("CFDefinitions") or {}).get(key) or []:
            definitions[seg + ":" + obj["identifier"]] = case_node(fid, seg, obj["identifier"])

    def link(node: URIRef, prop: URIRef, value: Any, seg: str) -> None:
        """A LinkURI: the defined object, or a node holding the link's title and uri."""
        ident = str(value.get("identifier"))
        target = definitions.get(seg + ":" + ident)
        if target is None:
            target = case_node(fid, seg, ident)
            g.add((target, IDENTIFIER, lit(ident)))
            if isinstance(value.get("title"), str):
                g.add((target, TITLE, lit(value["title"])))
            if isinstance(value.get("uri"), str):
                g.add((target, CASE_URI, lit(value["uri"], datatype=XSD_ANYURI)))
        g.add((node, prop, target))

    def common(node: URIRef, obj: dict[str, Any], handled: set[str], lang: str | None) -> None:
        """Fields every CASE class shares, and unknown keys kept as cg:note."""
        for key, value in obj.items():
            key = ALIASES.get(key, key)
            if value is None or key in handled or key in DERIVED_KEYS:
                continue
            if key == "identifier":
                g.add((node, IDENTIFIER, lit(value)))
            elif key == "uri":
                g.add((node, CASE_URI, lit(value, datatype=XSD_ANYURI)))
            elif key == "lastChangeDateTime":
                g.add((node, MODIFIED, _datetime_literal(value)))
            elif key in ("statusStartDate", "statusEndDate"):
                parsed = parse_date(value)
                g.add((node, START if key == "statusStartDate" else END,
                       lit(parsed.isoformat(), datatype=XSD_DATE)))
            elif key == "extensions":
                g.add((node, EXTENSIONS, lit(json.dumps(value, ensure_ascii=False,
                                                             sort_keys=True))))
            elif key == "notes":
                g.add((node, RDFS_COMMENT, lit(_text(value))))
            elif key == "title":
                g.add((node, TITLE, lit(_text(value), lang=lang)))
            elif key == "description":
                g.add((node, DESCRIPTION, lit(_text(value), lang=lang)))
            elif key == "language":
                g.add((node, LANGUAGE, lit(_text(value))))
            elif key == "subject":
                for v in value if isinstance(value, list) else [value]:
                    g.add((node, SUBJECT, lit(v)))
            elif key == "subjectURI":
                for v in value if isinstance(value, list) else [value]:
                    link(node, SUBJECT, v, "subject")
            elif key == "licenseURI":
                link(node, LICENSE, value, "license")
            else:
                g.add((node, NOTE, lit(f"{key}: {_text(value)}")))

    # the document
    g.add((fw, RDF_TYPE, CG_FRAMEWORK))
    simple = {"creator": _dc("creator"), "publisher": _dc("publisher"),
              "version": VERSION_INFO, "adoptionStatus": _cg("caseAdoptionStatus"),
              "frameworkType": _cg("caseFrameworkType"), "caseVersion": _cg("caseVersion")}
    for key, prop in simple.items():
        if doc.get(key) is not None:
            g.add((fw, prop, lit(_text(doc[key]))))
    if isinstance(doc.get("officialSourceURL"), str):
        g.add((fw, _dc("source"), lit(doc["officialSourceURL"], datatype=XSD_ANYURI)))
    common(fw, doc, set(simple) | {"officialSourceURL"}, doc_lang)
    if pkg.get("extensions") is not None:
        g.add((fw, NOTE, lit("CFPackage.extensions: " + json.dumps(
            pkg["extensions"], ensure_ascii=False, sort_keys=True))))

    # items
    for item in pkg.get("CFItems") or []:
        node = items[item["identifier"]]
        lang = _lang(item.get("language")) or doc_lang
        g.add((node, RDF_TYPE, CG_COMPETENCY))
        g.add((node, IN_SCHEME, fw))
        g.add((node, PREF, lit(_text(item["fullStatement"]), lang=lang)))
        plain = {"humanCodingScheme": NOTATION, "alternativeLabel": _cg("caseAlternativeLabel"),
                 "listEnumeration": _cg("caseListEnumeration"),
                 "abbreviatedStatement": _cg("caseAbbreviatedStatement"), "CFItemType": TYPE}
        for key, prop in plain.items():
            if item.get(key) is not None:
                g.add((node, prop, lit(_text(item[key]))))
        for key, prop in (("conceptKeywords", KEYWORDS), ("educationLevel", _dc("educationLevel")),
                          ("educationalLevel", _dc("educationLevel"))):
            value = item.get(key)
            for v in (value if isinstance(value, list) else [value] if value else []):
                g.add((node, prop, lit(v)))
        if isinstance(item.get("CFItemTypeURI"), dict):
            link(node, TYPE, item["CFItemTypeURI"], "item-type")
        if isinstance(item.get("conceptKeywordsURI"), dict):
            link(node, _cg("caseConcept"), item["conceptKeywordsURI"], "concept")
        common(node, item, set(plain) | {"fullStatement", "conceptKeywords", "educationLevel",
                                         "CFItemTypeURI", "conceptKeywordsURI"}, lang)

    # definitions
    for key, (cls, seg) in DEFINITIONS.items():
        for obj in (pkg.get("CFDefinitions") or {}).get(key) or []:
            node = definitions[seg + ":" + obj["identifier"]]
            g.add((node, RDF_TYPE, _cg(cls)))
            for fkey, prop in (("hierarchyCode", NOTATION), ("keywords", KEYWORDS),
                               ("typeCode", _cg("caseTypeCode")), ("licenseText", RIGHTS)):
                if obj.get(fkey) is not None:
                    g.add((node, prop, lit(_text(obj[fkey]))))
            common(node, obj, {"hierarchyCode", "keywords", "typeCode", "licenseText"}, None)
    if (pkg.get("CFDefinitions") or {}).get("extensions") is not None:
        g.add((fw, NOTE, lit("CFDefinitions.extensions: " + json.dumps(
            pkg["CFDefinitions"]["extensions"], ensure_ascii=False, sort_keys=True))))

    # associations
    def end(link_obj: dict[str, Any]) -> tuple[URIRef, bool]:
        ident = str(link_obj.get("identifier", "")).strip()
        if ident in items:
            return items[ident], True
        if ident == fid:
            return fw, True
        return external_iri(str(link_obj.get("uri", "")), ident), False

    for assoc in pkg.get("CFAssociations") or []:
        node = case_node(fid, "association", assoc["identifier"])
        kind = assoc["associationType"]
        g.add((node, RDF_TYPE, _cg("CaseAssociation")))
        g.add((node, _cg("caseAssociationType"), lit(kind)))
        ends = {}
        for key, prefix in (("originNodeURI", "caseOrigin"),
                            ("destinationNodeURI", "caseDestination")):
            link_obj = assoc[key]
            target, inside = end(link_obj)
            ends[prefix] = (target, inside)
            g.add((node, _cg(prefix), target))
            if link_obj.get("title") is not None:
                g.add((node, _cg(prefix + "Title"), lit(_text(link_obj["title"]))))
            g.add((node, _cg(prefix + "Identifier"), lit(str(link_obj["identifier"]))))
            if link_obj.get("targetType") is not None:
                g.add((node, _cg(prefix + "TargetType"), lit(_text(link_obj["targetType"]))))
            for extra in sorted(set(link_obj) - {"title", "identifier", "uri", "targetType"}):
                g.add((node, NOTE, lit(f"{key}.{extra}: {_text(link_obj[extra])}")))
        if assoc.get("sequenceNumber") is not None:
            g.add((node, _cg("caseSequenceNumber"),
                   lit(int(assoc["sequenceNumber"]), datatype=XSD_INTEGER)))
        if isinstance(assoc.get("CFAssociationGroupingURI"), dict):
            link(node, _cg("caseAssociationGrouping"), assoc["CFAssociationGroupingURI"],
                 "association-grouping")
        common(node, assoc, {"associationType", "originNodeURI", "destinationNodeURI",
                             "sequenceNumber", "CFAssociationGroupingURI"}, None)
        (origin, o_in), (dest, d_in) = ends["caseOrigin"], ends["caseDestination"]
        if not o_in or origin == fw:
            continue
        if kind == "isChildOf":
            if dest == fw:
                g.add((origin, TOP_OF, fw))
                g.add((fw, HAS_TOP, origin))
            else:
                g.add((origin, BROADER, dest))
                if d_in:
                    g.add((dest, NARROWER, origin))
        elif kind in MAPPING_TYPES and dest != fw:
            inner, outer = MAPPING_TYPES[kind]
            g.add((origin, inner if d_in else outer, dest))

    # rubrics
    for rubric in pkg.get("CFRubrics") or []:
        rnode = case_node(fid, "rubric", rubric["identifier"])
        g.add((rnode, RDF_TYPE, _cg("CaseRubric")))
        common(rnode, rubric, {"CFRubricCriteria"}, None)
        for crit in rubric.get("CFRubricCriteria") or []:
            cnode = case_node(fid, "rubric-criterion", crit["identifier"])
            g.add((cnode, RDF_TYPE, _cg("CaseRubricCriterion")))
            g.add((rnode, _cg("caseRubricCriterion"), cnode))
            _rubric_fields(g, cnode, crit, items, fid)
            common(cnode, crit, {"CFRubricCriterionLevels", "category", "weight", "position",
                                 "CFItemURI"}, None)
            for level in crit.get("CFRubricCriterionLevels") or []:
                lnode = case_node(fid, "rubric-criterion-level", level["identifier"])
                g.add((lnode, RDF_TYPE, _cg("CaseRubricCriterionLevel")))
                g.add((cnode, _cg("caseRubricCriterionLevel"), lnode))
                _rubric_fields(g, lnode, level, items, fid)
                common(lnode, level, {"quality", "score", "feedback", "position"}, None)
    return fid, g


def _rubric_fields(g: TripleIndex, node: URIRef, obj: dict[str, Any], items: dict[str, URIRef],
                   fid: str) -> None:
    for key, prop, dtype in (("category", "caseCategory", None), ("quality", "caseQuality", None),
                             ("feedback", "caseFeedback", None),
                             ("weight", "caseWeight", XSD_DOUBLE),
                             ("score", "caseScore", XSD_DOUBLE),
                             ("position", "casePosition", XSD_INTEGER)):
        value = obj.get(key)
        if value is None:
            continue
        if dtype is XSD_INTEGER:
            g.add((node, _cg(prop), lit(int(value), datatype=XSD_INTEGER)))
        elif dtype is XSD_DOUBLE:
            g.add((node, _cg(prop), lit(float(value), datatype=XSD_DOUBLE)))
        else:
            g.add((node, _cg(prop), lit(_text(value))))
    ref = obj.get("CFItemURI")
    if isinstance(ref, dict):
        ident = str(ref.get("identifier"))
        target = items.get(ident)
        if target is None:
            target = case_node(fid, "item-link", ident)
            g.add((target, IDENTIFIER, lit(ident)))
            if isinstance(ref.get("title"), str):
                g.add((target, TITLE, lit(ref["title"])))
            if isinstance(ref.get("uri"), str):
                g.add((target, CASE_URI, lit(ref["uri"], datatype=XSD_ANYURI)))
        g.add((node, _cg("caseRubricItem"), target))


def _datetime_literal(text: str) -> Lit:
    value = text.strip()
    if _RFC3339.match(value):
        return lit(value, datatype=XSD_DATETIME)
    parsed = parse_datetime(value)
    assert parsed is not None  # checked before
    return lit(parsed.isoformat().replace("+00:00", "Z"), datatype=XSD_DATETIME)


# --- RDF → CASE 1.1 ------------------------------------------------------------------------------

class TripleIndex:
    """A minimal read-only triple set with the part of rdflib's ``Graph`` API the exporter uses
    (``objects``, ``subjects``, ``in``). Filling it from query rows is several times faster than
    parsing N-Triples into an rdflib ``Graph``, which matters for frameworks with thousands of
    items."""

    def __init__(self) -> None:
        self._sp: dict[Node, dict[Node, dict[Node, None]]] = {}  # dicts as ordered sets
        self._po: dict[tuple[Node, Node], list[Node]] = {}
        self._size = 0

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Add one triple (duplicates are ignored)."""
        s, p, o = triple
        objs = self._sp.setdefault(s, {}).setdefault(p, {})
        if o in objs:
            return
        objs[o] = None
        self._po.setdefault((p, o), []).append(s)
        self._size += 1

    def objects(self, s: Node, p: Node) -> list[Node]:
        """The objects of ``s p ?o``."""
        return list(self._sp.get(s, {}).get(p, ()))

    def subjects(self, p: Node, o: Node) -> list[Node]:
        """The subjects of ``?s p o``."""
        return list(self._po.get((p, o), ()))

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return o in self._sp.get(s, {}).get(p, ())

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        for s, by_p in self._sp.items():
            for p, objs in by_p.items():
                for o in objs:
                    yield s, p, o

    def to_ntriples(self) -> bytes:
        """Serialise as N-Triples (UTF-8)."""
        return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in self).encode("utf-8")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE_RE = re.compile(r'[\\"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def _nt(term: Node) -> str:
    """One term in N-Triples syntax."""
    if isinstance(term, Lit):
        body = '"' + _escape(term.value) + '"'
        if term.lang:
            return body + "@" + term.lang
        return body + (f"^^<{term.datatype}>" if term.datatype else "")
    if term.startswith("_:"):
        return term
    return "<" + term + ">"


def case_uuid(node: Node, stored: str | None = None) -> str:
    """The identifier a node is exported with: its stored identifier when that is a UUID of the
    allowed form (lower-cased), else ``uuid5(NAMESPACE_URL, <node IRI>)``."""
    if stored:
        low = stored.strip().lower()
        if UUID_OK.match(low):
            return low
    return str(uuid.uuid5(uuid.NAMESPACE_URL, str(node)))


class _Reader:
    """Small helpers over an rdflib graph."""

    def __init__(self, g: TripleIndex, prefer: Iterable[str | None]) -> None:
        self.g = g
        self.prefer = [p for p in prefer if p] + [None, "en"]

    def values(self, s: Node, p: URIRef) -> list[Node]:
        return sorted(self.g.objects(s, p), key=lambda o: (str(o), getattr(o, "lang", None)
                                                           or ""))

    def first(self, s: Node, p: URIRef) -> str | None:
        vals = self.values(s, p)
        return str(vals[0]) if vals else None

    def text(self, s: Node, p: URIRef, prefer: str | None = None) -> str | None:
        """The best literal: the preferred language, untagged, English, else the first."""
        vals = [v for v in self.values(s, p) if isinstance(v, Lit)]
        if not vals:
            return None
        order = ([prefer] if prefer else []) + self.prefer
        for lang in order:
            for v in vals:
                if v.lang == lang:
                    return str(v)
        return str(vals[0])

    def literals(self, s: Node, p: URIRef) -> list[str]:
        return sorted({str(v) for v in self.g.objects(s, p) if isinstance(v, Lit)})

    def iris(self, s: Node, p: URIRef) -> list[URIRef]:
        return sorted({v for v in self.g.objects(s, p) if isinstance(v, URIRef)}, key=str)


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text))


def graph_to_package(g: TripleIndex, scheme: URIRef) -> dict[str, Any]:
    """Build a strict CASE 1.1 CFPackage for the concept scheme ``scheme`` held in ``g``."""
    r = _Reader(g, [])
    doc_lang = r.first(scheme, LANGUAGE)
    r = _Reader(g, [doc_lang])
    doc_changed = _changed(r, scheme, None)
    ident_cache: dict[Node, str] = {}

    def ident(node: Node) -> str:
        if node not in ident_cache:
            ident_cache[node] = case_uuid(node, r.first(node, IDENTIFIER))
        return ident_cache[node]

    def uri(node: Node) -> str:
        return r.first(node, CASE_URI) or str(node)

    def title(node: Node) -> str:
        return (r.text(node, TITLE) or r.text(node, PREF) or r.first(node, NOTATION)
                or str(node))

    def link(node: Node) -> dict[str, str]:
        return {"title": title(node), "identifier": ident(node), "uri": uri(node)}

    def put(obj: dict[str, Any], key: str, value: Any) -> None:
        if value is None or value == [] or value == "":
            if key not in ("hierarchyCode", "licenseText", "description"):
                return
            if value is None:
                return
        obj[key] = value

    def extensions(node: Node) -> dict[str, Any] | None:
        text = r.first(node, EXTENSIONS)
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def base(node: Node, changed_default: str) -> dict[str, Any]:
        return {"identifier": ident(node), "uri": uri(node)}

    def dates(obj: dict[str, Any], node: Node) -> None:
        for key, prop in (("statusStartDate", START), ("statusEndDate", END)):
            value = r.first(node, prop)
            if value and parse_date(value):
                obj[key] = parse_date(value).isoformat()  # type: ignore[union-attr]

    # --- document
    doc: dict[str, Any] = base(scheme, doc_changed)
    put(doc, "frameworkType", r.first(scheme, _cg("caseFrameworkType")))
    doc["caseVersion"] = "1.1"
    doc["creator"] = (r.text(scheme, _dc("creator")) or r.text(scheme, _dc("publisher"))
                      or "unknown")
    doc["title"] = r.text(scheme, TITLE) or r.text(scheme, PREF) or str(scheme)
    doc["lastChangeDateTime"] = doc_changed
    source = r.first(scheme, _dc("source"))
    if source and re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$", source):
        doc["officialSourceURL"] = source
    put(doc, "publisher", r.text(scheme, _dc("publisher")))
    put(doc, "description", r.text(scheme, DESCRIPTION))
    put(doc, "subject", r.literals(scheme, SUBJECT))
    subject_nodes = r.iris(scheme, SUBJECT)
    put(doc, "subjectURI", [link(n) for n in subject_nodes])
    put(doc, "language", doc_lang)
    put(doc, "version", r.first(scheme, VERSION_INFO))
    put(doc, "adoptionStatus", r.first(scheme, _cg("caseAdoptionStatus")))
    dates(doc, scheme)
    licenses = r.iris(scheme, LICENSE)
    synthetic_license: dict[str, Any] | None = None
    if licenses:
        doc["licenseURI"] = link(licenses[0])
    elif r.text(scheme, RIGHTS):
        lic = URIRef(str(scheme) + "/case/license/rights")
        synthetic_license = {"identifier": ident(lic), "uri": str(lic),
                             "title": "Rights: " + doc["title"],
                             "licenseText": r.text(scheme, RIGHTS),
                             "lastChangeDateTime": doc_changed}
        doc["licenseURI"] = {"title": synthetic_license["title"],
                             "identifier": synthetic_license["identifier"],
                             "uri": synthetic_license["uri"]}
    put(doc, "notes", r.text(scheme, RDFS_COMMENT))
    put(doc, "extensions", extensions(scheme))

    # --- items
    members = sorted(set(g.subjects(IN_SCHEME, scheme)), key=lambda n: (
        _natural(r.first(n, NOTATION) or ""), str(n)))
    member_set = set(members)
    items: list[dict[str, Any]] = []
    for node in members:
        lang = r.first(node, LANGUAGE)
        definition = r.text(node, DEFINITION, lang)
        label = r.text(node, PREF, lang)
        item = base(node, doc_changed)
        item["fullStatement"] = definition or label or r.first(node, NOTATION) or str(node)
        put(item, "alternativeLabel", r.first(node, _cg("caseAlternativeLabel")))
        type_labels = r.literals(node, TYPE)
        if type_labels:
            item["CFItemType"] = type_labels[0]
        elif r.first(node, CASE_URI) is None:  # not from a CASE package: name its class
            put(item, "CFItemType", _class_label(g, node))
        put(item, "humanCodingScheme", r.first(node, NOTATION))
        put(item, "listEnumeration", r.first(node, _cg("caseListEnumeration")))
        abbreviated = r.first(node, _cg("caseAbbreviatedStatement"))
        if abbreviated is None and definition and label and label != definition:
            abbreviated = label
        put(item, "abbreviatedStatement", abbreviated)
        put(item, "conceptKeywords", r.literals(node, KEYWORDS))
        concepts = r.iris(node, _cg("caseConcept"))
        if concepts:
            item["conceptKeywordsURI"] = link(concepts[0])
        put(item, "notes", r.text(node, RDFS_COMMENT))
        put(item, "subject", r.literals(node, SUBJECT))
        put(item, "subjectURI", [link(n) for n in r.iris(node, SUBJECT)])
        put(item, "language", lang)
        put(item, "educationLevel", r.literals(node, _dc("educationLevel")))
        type_nodes = r.iris(node, TYPE)
        if type_nodes:
            item["CFItemTypeURI"] = link(type_nodes[0])
        item_licenses = r.iris(node, LICENSE)
        if item_licenses:
            item["licenseURI"] = link(item_licenses[0])
        dates(item, node)
        item["lastChangeDateTime"] = _changed(r, node, doc_changed)
        put(item, "extensions", extensions(node))
        items.append(item)

    # --- associations: stored ones first, then the ones the SKOS structure implies
    associations: list[dict[str, Any]] = []
    covered: set[tuple[Node, str, Node]] = set()
    stored = sorted(g.subjects(RDF_TYPE, _cg("CaseAssociation")), key=str)
    for node in stored:
        kind = r.first(node, _cg("caseAssociationType")) or "isRelatedTo"
        if kind not in CASE_TYPES and not _EXT_TYPE.match(kind):
            kind = "isRelatedTo"
        assoc = base(node, doc_changed)
        assoc["associationType"] = kind
        put(assoc, "sequenceNumber", _int(r.first(node, _cg("caseSequenceNumber"))))
        ends = []
        for prefix, key in (("caseOrigin", "originNodeURI"), ("caseDestination",
                                                              "destinationNodeURI")):
            target = next(iter(r.iris(node, _cg(prefix))), None)
            if target is None:
                target = URIRef("urn:case:missing")
            ends.append(target)
            inside = target == scheme or target in member_set
            end_link = {
                "title": r.first(node, _cg(prefix + "Title")) or title(target),
                "identifier": ident(target) if inside else (
                    r.first(node, _cg(prefix + "Identifier")) or ident(target)),
                "uri": uri(target),
            }
            target_type = r.first(node, _cg(prefix + "TargetType"))
            if target_type and (target_type == "CASE" or _EXT_TYPE.match(target_type)):
                end_link["targetType"] = target_type
            assoc[key] = end_link
        covered.add((ends[0], kind, ends[1]))
        groupings = r.iris(node, _cg("caseAssociationGrouping"))
        if groupings:
            assoc["CFAssociationGroupingURI"] = link(groupings[0])
        assoc["lastChangeDateTime"] = _changed(r, node, doc_changed)
        put(assoc, "notes", r.text(node, RDFS_COMMENT))
        put(assoc, "extensions", extensions(node))
        associations.append(assoc)
    associations.extend(_implied_associations(g, r, scheme, members, member_set, covered,
                                              ident, uri, title, doc_changed))

    package: dict[str, Any] = {"CFDocument": doc}
    if items:
        package["CFItems"] = items
    if associations:
        package["CFAssociations"] = associations

    # --- definitions
    definitions: dict[str, Any] = {}
    for key, (cls, _seg) in DEFINITIONS.items():
        objs = []
        for node in sorted(g.subjects(RDF_TYPE, _cg(cls)), key=str):
            obj = base(node, doc_changed)
            obj["title"] = r.text(node, TITLE) or ""
            if key == "CFConcepts":
                put(obj, "keywords", r.first(node, KEYWORDS))
            if key in ("CFConcepts", "CFSubjects", "CFItemTypes"):
                obj["hierarchyCode"] = r.first(node, NOTATION) or ""
            if key == "CFItemTypes":
                obj["description"] = r.text(node, DESCRIPTION) or obj["title"]
                put(obj, "typeCode", r.first(node, _cg("caseTypeCode")))
            else:
                put(obj, "description", r.text(node, DESCRIPTION))
            if key == "CFLicenses":
                obj["licenseText"] = r.text(node, RIGHTS) or ""
            obj["lastChangeDateTime"] = _changed(r, node, doc_changed)
            put(obj, "extensions", extensions(node))
            objs.append(obj)
        if key == "CFLicenses" and synthetic_license:
            objs.append(synthetic_license)
        if objs:
            definitions[key] = objs
    if definitions:
        package["CFDefinitions"] = definitions

    # --- rubrics
    rubrics = []
    for node in sorted(g.subjects(RDF_TYPE, _cg("CaseRubric")), key=str):
        rubric = base(node, doc_changed)
        put(rubric, "title", r.text(node, TITLE))
        put(rubric, "description", r.text(node, DESCRIPTION))
        rubric["lastChangeDateTime"] = _changed(r, node, doc_changed)
        criteria = []
        for cnode in sorted(r.iris(node, _cg("caseRubricCriterion")),
                            key=lambda n: (_int(r.first(n, _cg("casePosition"))) or 0, str(n))):
            crit = base(cnode, doc_changed)
            put(crit, "category", r.first(cnode, _cg("caseCategory")))
            put(crit, "description", r.text(cnode, DESCRIPTION))
            targets = r.iris(cnode, _cg("caseRubricItem"))
            if targets:
                crit["CFItemURI"] = link(targets[0])
            put(crit, "weight", _float(r.first(cnode, _cg("caseWeight"))))
            put(crit, "position", _int(r.first(cnode, _cg("casePosition"))))
            crit["rubricId"] = rubric["identifier"]
            crit["lastChangeDateTime"] = _changed(r, cnode, doc_changed)
            levels = []
            for lnode in sorted(r.iris(cnode, _cg("caseRubricCriterionLevel")),
                                key=lambda n: (_int(r.first(n, _cg("casePosition"))) or 0,
                                               str(n))):
                level = base(lnode, doc_changed)
                put(level, "description", r.text(lnode, DESCRIPTION))
                put(level, "quality", r.first(lnode, _cg("caseQuality")))
                put(level, "score", _float(r.first(lnode, _cg("caseScore"))))
                put(level, "feedback", r.first(lnode, _cg("caseFeedback")))
                put(level, "position", _int(r.first(lnode, _cg("casePosition"))))
                level["rubricCriterionId"] = crit["identifier"]
                level["lastChangeDateTime"] = _changed(r, lnode, doc_changed)
                ext = r.first(lnode, EXTENSIONS)
                if ext:
                    try:
                        value = json.loads(ext)
                        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                            level["extensions"] = value
                    except ValueError:
                        pass
                levels.append(level)
            put(crit, "CFRubricCriterionLevels", levels)
            put(crit, "extensions", extensions(cnode))
            criteria.append(crit)
        put(rubric, "CFRubricCriteria", criteria)
        put(rubric, "extensions", extensions(node))
        rubrics.append(rubric)
    if rubrics:
        package["CFRubrics"] = rubrics
    for note in r.literals(scheme, NOTE):
        if note.startswith("CFPackage.extensions: "):
            try:
                value = json.loads(note.split(": ", 1)[1])
            except ValueError:
                continue
            if isinstance(value, dict):
                package["extensions"] = value
    return package


def _implied_associations(g: TripleIndex, r: _Reader, scheme: URIRef, members: list[Node],
                          member_set: set[Node], covered: set[tuple[Node, str, Node]],
                          ident: Any, uri: Any, title: Any, changed: str) -> list[dict[str, Any]]:
    """isChildOf from the SKOS hierarchy, crosswalk types from SKOS mapping triples."""
    out: list[dict[str, Any]] = []
    children: dict[Node, list[Node]] = {}
    for node in members:
        parents = [p for p in r.iris(node, BROADER) if p in member_set]
        parents += [p for p in g.subjects(NARROWER, node) if p in member_set and p not in parents]
        if not parents:
            parents = [p for p in r.iris(node, CG_CATEGORY) if p in member_set]
        if not parents and ((node, TOP_OF, scheme) in g or (scheme, HAS_TOP, node) in g):
            parents = [scheme]
        for parent in parents:
            children.setdefault(parent, []).append(node)

    def make(origin: Node, kind: str, dest: Node, seq: int | None, note: str | None,
             dest_inside: bool) -> dict[str, Any]:
        key = f"{origin}|{kind}|{dest}"
        ident_value = str(uuid.uuid5(uuid.NAMESPACE_URL, key))
        assoc: dict[str, Any] = {
            "identifier": ident_value,
            "associationType": kind,
            "uri": str(scheme) + "/case/association/" + ident_value,
            "originNodeURI": {"title": title(origin), "identifier": ident(origin),
                              "uri": uri(origin)},
            "destinationNodeURI": {"title": title(dest), "identifier": ident(dest),
                                   "uri": uri(dest)},
            "lastChangeDateTime": changed,
        }
        if seq is not None:
            assoc["sequenceNumber"] = seq
        if note:
            assoc["notes"] = note
        return assoc

    for parent in sorted(children, key=str):
        kids = children[parent]
        for position, node in enumerate(kids, start=1):
            if (node, "isChildOf", parent) in covered:
                continue
            out.append(make(node, "isChildOf", parent, position, None, True))
    for node in members:
        for prop, kind in SKOS_TO_CASE.items():
            for target in r.iris(node, prop):
                if (node, kind, target) in covered or (node, "isPeerOf", target) in covered:
                    continue
                note = None if prop == _sk("exactMatch") else "skos:" + str(prop)[len(SKOS):]
                out.append(make(node, kind, target, None, note, target in member_set))
                covered.add((node, kind, target))
    return out


def _class_label(g: TripleIndex, node: Node) -> str | None:
    for cls, label in ((CG_COMPETENCY, "Competency"), (_cg("CompetencyCategory"), "Category"),
                       (_cg("Level"), "Level"), (_cg("Indicator"), "Indicator")):
        if (node, RDF_TYPE, cls) in g:
            return label
    return None


def _changed(r: _Reader, node: Node, default: str | None) -> str:
    for prop in (MODIFIED, _dc("created"), _dc("date")):
        value = r.first(node, prop)
        if value and parse_datetime(value):
            return rfc3339(value)
    if default is not None:
        return default
    version = r.first(node, VERSION_INFO) or ""
    if re.fullmatch(r"\d{4}", version.strip()):
        return f"{version.strip()}-01-01T00:00:00Z"
    return FALLBACK_DATETIME


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
