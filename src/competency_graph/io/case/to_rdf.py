"""CASE → RDF: a checked CFPackage becomes a :class:`TripleIndex` (docs/case.md, the mapping).

One :class:`_GraphBuilder` per package, with one method per part of the package (document,
items, definitions, associations, rubrics) and the shared helpers (``common`` fields, ``link``
objects)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from competency_graph.ids import is_valid_lang
from competency_graph.io.case.check import parse_date, parse_datetime
from competency_graph.io.case.graph import TripleIndex
from competency_graph.io.case.vocab import (
    ALIASES,
    BROADER,
    CASE_URI,
    CG_COMPETENCY,
    CG_FRAMEWORK,
    DEFINITIONS,
    DERIVED_KEYS,
    DESCRIPTION,
    END,
    EXTENSIONS,
    HAS_TOP,
    IDENTIFIER,
    IN_SCHEME,
    KEYWORDS,
    LANGUAGE,
    LICENSE,
    MAPPING_TYPES,
    MODIFIED,
    NARROWER,
    NOTATION,
    NOTE,
    PREF,
    RDF_TYPE,
    RDFS_COMMENT,
    RFC3339,
    RIGHTS,
    START,
    SUBJECT,
    TITLE,
    TOP_OF,
    TYPE,
    UUID_OK,
    VERSION_INFO,
    XSD_ANYURI,
    XSD_DATE,
    XSD_DATETIME,
    XSD_DOUBLE,
    XSD_INTEGER,
    cg,
    dc,
)
from competency_graph.io.ntriples import Literal, lit
from competency_graph.namespaces import framework_iri, item_iri

__all__ = ["case_node", "external_iri", "package_to_graph"]


def case_node(framework_id: str, kind: str, identifier: str) -> str:
    """IRI of a non-item CASE object: ``<framework>/case/<kind>/<identifier>``."""
    return framework_iri(framework_id) + "/case/" + kind + "/" + quote(identifier, safe="-._~")


def external_iri(uri: str, identifier: str) -> str:
    """The IRI an external association end is kept as: its CASE uri (made IRI-safe)."""
    text = uri.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", text):
        return quote(text, safe=":/?#[]@!$&'()*+,;=%-._~")
    return "urn:uuid:" + identifier if UUID_OK.match(identifier) \
        else "urn:case:" + quote(identifier, safe="-._~")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _lang(value: Any) -> str | None:
    """A CASE ``language`` value used as a tag only when it is valid BCP 47 (else kept as text)."""
    return value if isinstance(value, str) and is_valid_lang(value) else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def package_to_graph(pkg: dict[str, Any]) -> tuple[str, TripleIndex]:
    """Turn a checked package into triples; return (framework id, triples)."""
    builder = _GraphBuilder(pkg)
    builder.document()
    builder.items()
    builder.definitions()
    builder.associations()
    builder.rubrics()
    return builder.fid, builder.g


class _GraphBuilder:
    """The triples of one package, built part by part."""

    def __init__(self, pkg: dict[str, Any]) -> None:
        self.pkg = pkg
        self.g = TripleIndex()
        self.doc: dict[str, Any] = pkg["CFDocument"]
        self.fid: str = self.doc["identifier"].strip()
        self.fw = framework_iri(self.fid)
        self.doc_lang = _lang(self.doc.get("language"))
        self.item_nodes = {item["identifier"]: item_iri(self.fid, item["identifier"])
                           for item in pkg.get("CFItems") or []}
        self.definition_nodes: dict[str, str] = {}
        for key, (_cls, seg) in DEFINITIONS.items():
            for obj in self.definition_list(key):
                self.definition_nodes[seg + ":" + obj["identifier"]] = case_node(
                    self.fid, seg, obj["identifier"])

    def definition_list(self, key: str) -> list[dict[str, Any]]:
        return (self.pkg.get("CFDefinitions") or {}).get(key) or []

    def add(self, s: str, p: str, o: str | Literal) -> None:
        self.g.add((s, p, o))

    def link(self, node: str, prop: str, value: Any, seg: str) -> None:
        """A LinkURI: the defined object, or a node holding the link's title and uri."""
        ident = str(value.get("identifier"))
        target = self.definition_nodes.get(seg + ":" + ident)
        if target is None:
            target = self.link_node(case_node(self.fid, seg, ident), ident, value)
        self.add(node, prop, target)

    def link_node(self, target: str, ident: str, value: dict[str, Any]) -> str:
        """A node standing for a link target outside the package: identifier, title, uri."""
        self.add(target, IDENTIFIER, lit(ident))
        if isinstance(value.get("title"), str):
            self.add(target, TITLE, lit(value["title"]))
        if isinstance(value.get("uri"), str):
            self.add(target, CASE_URI, lit(value["uri"], datatype=XSD_ANYURI))
        return target

    def common(self, node: str, obj: dict[str, Any], handled: set[str],
               lang: str | None) -> None:
        """Fields every CASE class shares, and unknown keys kept as cg:note."""
        for key, value in obj.items():
            key = ALIASES.get(key, key)
            if value is None or key in handled or key in DERIVED_KEYS:
                continue
            self.common_field(node, key, value, lang)

    def common_field(self, node: str, key: str, value: Any, lang: str | None) -> None:
        simple = {"notes": RDFS_COMMENT, "language": LANGUAGE}
        if key == "identifier":
            self.add(node, IDENTIFIER, lit(value))
        elif key == "uri":
            self.add(node, CASE_URI, lit(value, datatype=XSD_ANYURI))
        elif key == "lastChangeDateTime":
            self.add(node, MODIFIED, _datetime_literal(value))
        elif key in ("statusStartDate", "statusEndDate"):
            parsed = parse_date(value)
            if parsed is not None:
                self.add(node, START if key == "statusStartDate" else END,
                         lit(parsed.isoformat(), datatype=XSD_DATE))
        elif key == "extensions":
            self.add(node, EXTENSIONS, lit(_json(value)))
        elif key in simple:
            self.add(node, simple[key], lit(_text(value)))
        elif key in ("title", "description"):
            self.add(node, TITLE if key == "title" else DESCRIPTION, lit(_text(value), lang=lang))
        elif key == "subject":
            for v in value if isinstance(value, list) else [value]:
                self.add(node, SUBJECT, lit(v))
        elif key == "subjectURI":
            for v in value if isinstance(value, list) else [value]:
                self.link(node, SUBJECT, v, "subject")
        elif key == "licenseURI":
            self.link(node, LICENSE, value, "license")
        else:
            self.add(node, NOTE, lit(f"{key}: {_text(value)}"))

    def document(self) -> None:
        doc, fw = self.doc, self.fw
        self.add(fw, RDF_TYPE, CG_FRAMEWORK)
        simple = {"creator": dc("creator"), "publisher": dc("publisher"),
                  "version": VERSION_INFO, "adoptionStatus": cg("caseAdoptionStatus"),
                  "frameworkType": cg("caseFrameworkType"), "caseVersion": cg("caseVersion")}
        for key, prop in simple.items():
            if doc.get(key) is not None:
                self.add(fw, prop, lit(_text(doc[key])))
        if isinstance(doc.get("officialSourceURL"), str):
            self.add(fw, dc("source"), lit(doc["officialSourceURL"], datatype=XSD_ANYURI))
        self.common(fw, doc, set(simple) | {"officialSourceURL"}, self.doc_lang)
        if self.pkg.get("extensions") is not None:
            self.add(fw, NOTE, lit("CFPackage.extensions: " + _json(self.pkg["extensions"])))

    def items(self) -> None:
        plain = {"humanCodingScheme": NOTATION, "alternativeLabel": cg("caseAlternativeLabel"),
                 "listEnumeration": cg("caseListEnumeration"),
                 "abbreviatedStatement": cg("caseAbbreviatedStatement"), "CFItemType": TYPE}
        lists = (("conceptKeywords", KEYWORDS), ("educationLevel", dc("educationLevel")),
                 ("educationalLevel", dc("educationLevel")))
        for item in self.pkg.get("CFItems") or []:
            node = self.item_nodes[item["identifier"]]
            lang = _lang(item.get("language")) or self.doc_lang
            self.add(node, RDF_TYPE, CG_COMPETENCY)
            self.add(node, IN_SCHEME, self.fw)
            self.add(node, PREF, lit(_text(item["fullStatement"]), lang=lang))
            for key, prop in plain.items():
                if item.get(key) is not None:
                    self.add(node, prop, lit(_text(item[key])))
            for key, prop in lists:
                value = item.get(key)
                for v in (value if isinstance(value, list) else [value] if value else []):
                    self.add(node, prop, lit(v))
            if isinstance(item.get("CFItemTypeURI"), dict):
                self.link(node, TYPE, item["CFItemTypeURI"], "item-type")
            if isinstance(item.get("conceptKeywordsURI"), dict):
                self.link(node, cg("caseConcept"), item["conceptKeywordsURI"], "concept")
            self.common(node, item, set(plain) | {"fullStatement", "conceptKeywords",
                                                  "educationLevel", "CFItemTypeURI",
                                                  "conceptKeywordsURI"}, lang)

    def definitions(self) -> None:
        fields = (("hierarchyCode", NOTATION), ("keywords", KEYWORDS),
                  ("typeCode", cg("caseTypeCode")), ("licenseText", RIGHTS))
        for key, (cls, seg) in DEFINITIONS.items():
            for obj in self.definition_list(key):
                node = self.definition_nodes[seg + ":" + obj["identifier"]]
                self.add(node, RDF_TYPE, cg(cls))
                for fkey, prop in fields:
                    if obj.get(fkey) is not None:
                        self.add(node, prop, lit(_text(obj[fkey])))
                self.common(node, obj, {f for f, _ in fields}, None)
        extensions = (self.pkg.get("CFDefinitions") or {}).get("extensions")
        if extensions is not None:
            self.add(self.fw, NOTE, lit("CFDefinitions.extensions: " + _json(extensions)))

    def end(self, link_obj: dict[str, Any]) -> tuple[str, bool]:
        """An association end: (node, whether it is inside the package)."""
        ident = str(link_obj.get("identifier", "")).strip()
        if ident in self.item_nodes:
            return self.item_nodes[ident], True
        if ident == self.fid:
            return self.fw, True
        return external_iri(str(link_obj.get("uri", "")), ident), False

    def associations(self) -> None:
        for assoc in self.pkg.get("CFAssociations") or []:
            self.association(assoc)

    def association(self, assoc: dict[str, Any]) -> None:
        node = case_node(self.fid, "association", assoc["identifier"])
        kind = assoc["associationType"]
        self.add(node, RDF_TYPE, cg("CaseAssociation"))
        self.add(node, cg("caseAssociationType"), lit(kind))
        ends = {}
        for key, prefix in (("originNodeURI", "caseOrigin"),
                            ("destinationNodeURI", "caseDestination")):
            link_obj = assoc[key]
            target, _inside = ends[prefix] = self.end(link_obj)
            self.add(node, cg(prefix), target)
            if link_obj.get("title") is not None:
                self.add(node, cg(prefix + "Title"), lit(_text(link_obj["title"])))
            self.add(node, cg(prefix + "Identifier"), lit(str(link_obj["identifier"])))
            if link_obj.get("targetType") is not None:
                self.add(node, cg(prefix + "TargetType"), lit(_text(link_obj["targetType"])))
            for extra in sorted(set(link_obj) - {"title", "identifier", "uri", "targetType"}):
                self.add(node, NOTE, lit(f"{key}.{extra}: {_text(link_obj[extra])}"))
        if assoc.get("sequenceNumber") is not None:
            self.add(node, cg("caseSequenceNumber"),
                     lit(int(assoc["sequenceNumber"]), datatype=XSD_INTEGER))
        if isinstance(assoc.get("CFAssociationGroupingURI"), dict):
            self.link(node, cg("caseAssociationGrouping"), assoc["CFAssociationGroupingURI"],
                      "association-grouping")
        self.common(node, assoc, {"associationType", "originNodeURI", "destinationNodeURI",
                                  "sequenceNumber", "CFAssociationGroupingURI"}, None)
        self.structure(kind, *ends["caseOrigin"], *ends["caseDestination"])

    def structure(self, kind: str, origin: str, o_in: bool, dest: str, d_in: bool) -> None:
        """``isChildOf`` as the SKOS hierarchy, crosswalk types as SKOS mappings."""
        fw = self.fw
        if not o_in or origin == fw:
            return
        if kind == "isChildOf":
            if dest == fw:
                self.add(origin, TOP_OF, fw)
                self.add(fw, HAS_TOP, origin)
            else:
                self.add(origin, BROADER, dest)
                if d_in:
                    self.add(dest, NARROWER, origin)
        elif kind in MAPPING_TYPES and dest != fw:
            inner, outer = MAPPING_TYPES[kind]
            self.add(origin, inner if d_in else outer, dest)

    def rubrics(self) -> None:
        fid = self.fid
        for rubric in self.pkg.get("CFRubrics") or []:
            rnode = case_node(fid, "rubric", rubric["identifier"])
            self.add(rnode, RDF_TYPE, cg("CaseRubric"))
            self.common(rnode, rubric, {"CFRubricCriteria"}, None)
            for crit in rubric.get("CFRubricCriteria") or []:
                cnode = case_node(fid, "rubric-criterion", crit["identifier"])
                self.add(cnode, RDF_TYPE, cg("CaseRubricCriterion"))
                self.add(rnode, cg("caseRubricCriterion"), cnode)
                self.rubric_fields(cnode, crit)
                self.common(cnode, crit, {"CFRubricCriterionLevels", "category", "weight",
                                          "position", "CFItemURI"}, None)
                for level in crit.get("CFRubricCriterionLevels") or []:
                    lnode = case_node(fid, "rubric-criterion-level", level["identifier"])
                    self.add(lnode, RDF_TYPE, cg("CaseRubricCriterionLevel"))
                    self.add(cnode, cg("caseRubricCriterionLevel"), lnode)
                    self.rubric_fields(lnode, level)
                    self.common(lnode, level, {"quality", "score", "feedback", "position"},
                                None)

    def rubric_fields(self, node: str, obj: dict[str, Any]) -> None:
        for key, prop, dtype in (("category", "caseCategory", None),
                                 ("quality", "caseQuality", None),
                                 ("feedback", "caseFeedback", None),
                                 ("weight", "caseWeight", XSD_DOUBLE),
                                 ("score", "caseScore", XSD_DOUBLE),
                                 ("position", "casePosition", XSD_INTEGER)):
            value = obj.get(key)
            if value is None:
                continue
            if dtype is XSD_INTEGER:
                self.add(node, cg(prop), lit(int(value), datatype=XSD_INTEGER))
            elif dtype is XSD_DOUBLE:
                self.add(node, cg(prop), lit(float(value), datatype=XSD_DOUBLE))
            else:
                self.add(node, cg(prop), lit(_text(value)))
        ref = obj.get("CFItemURI")
        if isinstance(ref, dict):
            ident = str(ref.get("identifier"))
            target = self.item_nodes.get(ident) or self.link_node(
                case_node(self.fid, "item-link", ident), ident, ref)
            self.add(node, cg("caseRubricItem"), target)


def _datetime_literal(text: str) -> Literal:
    value = text.strip()
    if RFC3339.match(value):
        return lit(value, datatype=XSD_DATETIME)
    parsed = parse_datetime(value)
    assert parsed is not None  # checked before
    return lit(parsed.isoformat().replace("+00:00", "Z"), datatype=XSD_DATETIME)
