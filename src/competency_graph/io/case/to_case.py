"""RDF → CASE 1.1: a framework's triples become a strict CFPackage (validates against the 1EdTech
JSON Schema: optional fields omitted rather than null, UUID identifiers, RFC 3339 date-times).

:class:`_PackageBuilder` builds the package part by part (document, items, associations,
definitions, rubrics) with shared helpers for identifiers, links and optional fields; the
associations the SKOS structure implies are added by :func:`_implied_associations`."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from typing import Any

from competency_graph.ids import natural_key
from competency_graph.io.case.check import parse_date, parse_datetime, rfc3339
from competency_graph.io.case.graph import TripleIndex
from competency_graph.io.case.vocab import (
    BROADER,
    CASE_TYPES,
    CASE_URI,
    CG_CATEGORY,
    CG_COMPETENCY,
    DEFINITION,
    DEFINITIONS,
    DESCRIPTION,
    END,
    EXT_TYPE,
    EXTENSIONS,
    FALLBACK_DATETIME,
    HAS_TOP,
    IDENTIFIER,
    IN_SCHEME,
    KEYWORDS,
    LANGUAGE,
    LICENSE,
    MODIFIED,
    NARROWER,
    NOTATION,
    NOTE,
    PREF,
    RDF_TYPE,
    RDFS_COMMENT,
    RIGHTS,
    SKOS_TO_CASE,
    START,
    SUBJECT,
    TITLE,
    TOP_OF,
    TYPE,
    UUID_OK,
    VERSION_INFO,
    cg,
    dc,
    sk,
)
from competency_graph.io.ntriples import Literal, Node
from competency_graph.namespaces import SKOS

__all__ = ["case_uuid", "graph_to_package"]

#: keys whose empty value is still written (the schema requires them)
_KEEP_EMPTY = ("hierarchyCode", "licenseText", "description")


def case_uuid(node: Node, stored: str | None = None) -> str:
    """The identifier a node is exported with: its stored identifier when that is a UUID of the
    allowed form (lower-cased), else ``uuid5(NAMESPACE_URL, <node IRI>)``."""
    if stored:
        low = stored.strip().lower()
        if UUID_OK.match(low):
            return low
    return str(uuid.uuid5(uuid.NAMESPACE_URL, str(node)))


class _Reader:
    """Small helpers over a :class:`TripleIndex`."""

    def __init__(self, g: TripleIndex, prefer: Iterable[str | None]) -> None:
        self.g = g
        self.prefer: list[str | None] = [p for p in prefer if p]
        self.prefer += [None, "en"]

    def values(self, s: Node, p: str) -> list[Node]:
        return sorted(self.g.objects(s, p), key=lambda o: (str(o), getattr(o, "lang", None)
                                                           or ""))

    def first(self, s: Node, p: str) -> str | None:
        vals = self.values(s, p)
        return str(vals[0]) if vals else None

    def text(self, s: Node, p: str, prefer: str | None = None) -> str | None:
        """The best literal: the preferred language, untagged, English, else the first."""
        vals = [v for v in self.values(s, p) if isinstance(v, Literal)]
        if not vals:
            return None
        order = ([prefer] if prefer else []) + self.prefer
        for lang in order:
            for v in vals:
                if v.lang == lang:
                    return str(v)
        return str(vals[0])

    def literals(self, s: Node, p: str) -> list[str]:
        return sorted({str(v) for v in self.g.objects(s, p) if isinstance(v, Literal)})

    def iris(self, s: Node, p: str) -> list[str]:
        return sorted({v for v in self.g.objects(s, p) if isinstance(v, str)})

    def integer(self, s: Node, p: str) -> int | None:
        return _int(self.first(s, p))


def graph_to_package(g: TripleIndex, scheme: str) -> dict[str, Any]:
    """Build a strict CASE 1.1 CFPackage for the concept scheme ``scheme`` held in ``g``."""
    builder = _PackageBuilder(g, scheme)
    package: dict[str, Any] = {"CFDocument": builder.document()}
    for key, value in (("CFItems", builder.items()), ("CFAssociations", builder.associations()),
                       ("CFDefinitions", builder.definitions()), ("CFRubrics", builder.rubrics())):
        if value:
            package[key] = value
    extensions = builder.package_extensions()
    if extensions is not None:
        package["extensions"] = extensions
    return package


def _put(obj: dict[str, Any], key: str, value: Any) -> None:
    """Set an optional field: None, [] and "" are omitted (an empty string is kept for the
    fields the schema requires)."""
    if value is None or ((value == [] or value == "") and key not in _KEEP_EMPTY):
        return
    obj[key] = value


class _PackageBuilder:
    """The CFPackage of one scheme, built part by part."""

    def __init__(self, g: TripleIndex, scheme: str) -> None:
        self.g, self.scheme = g, scheme
        self.doc_lang = _Reader(g, []).first(scheme, LANGUAGE)
        self.r = _Reader(g, [self.doc_lang])
        self.doc_changed = _changed(self.r, scheme, None)
        self.members = sorted(set(g.subjects(IN_SCHEME, scheme)), key=lambda n: (
            natural_key(self.r.first(n, NOTATION) or ""), str(n)))
        self.member_set = set(self.members)
        self.synthetic_license: dict[str, Any] | None = None
        self._idents: dict[Node, str] = {}

    # --- shared helpers
    def ident(self, node: Node) -> str:
        if node not in self._idents:
            self._idents[node] = case_uuid(node, self.r.first(node, IDENTIFIER))
        return self._idents[node]

    def uri(self, node: Node) -> str:
        return self.r.first(node, CASE_URI) or str(node)

    def title(self, node: Node) -> str:
        r = self.r
        return r.text(node, TITLE) or r.text(node, PREF) or r.first(node, NOTATION) or str(node)

    def link(self, node: Node) -> dict[str, str]:
        return {"title": self.title(node), "identifier": self.ident(node), "uri": self.uri(node)}

    def base(self, node: Node) -> dict[str, Any]:
        return {"identifier": self.ident(node), "uri": self.uri(node)}

    def changed(self, node: Node) -> str:
        return _changed(self.r, node, self.doc_changed)

    def extensions(self, node: Node) -> dict[str, Any] | None:
        value = _json_or_none(self.r.first(node, EXTENSIONS))
        return value if isinstance(value, dict) else None

    def dates(self, obj: dict[str, Any], node: Node) -> None:
        for key, prop in (("statusStartDate", START), ("statusEndDate", END)):
            value = self.r.first(node, prop)
            parsed = parse_date(value) if value else None
            if parsed is not None:
                obj[key] = parsed.isoformat()

    # --- the parts
    def document(self) -> dict[str, Any]:
        r, scheme = self.r, self.scheme
        doc = self.base(scheme)
        _put(doc, "frameworkType", r.first(scheme, cg("caseFrameworkType")))
        doc["caseVersion"] = "1.1"
        doc["creator"] = (r.text(scheme, dc("creator")) or r.text(scheme, dc("publisher"))
                          or "unknown")
        doc["title"] = r.text(scheme, TITLE) or r.text(scheme, PREF) or str(scheme)
        doc["lastChangeDateTime"] = self.doc_changed
        source = r.first(scheme, dc("source"))
        if source and re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$", source):
            doc["officialSourceURL"] = source
        _put(doc, "publisher", r.text(scheme, dc("publisher")))
        _put(doc, "description", r.text(scheme, DESCRIPTION))
        _put(doc, "subject", r.literals(scheme, SUBJECT))
        _put(doc, "subjectURI", [self.link(n) for n in r.iris(scheme, SUBJECT)])
        _put(doc, "language", self.doc_lang)
        _put(doc, "version", r.first(scheme, VERSION_INFO))
        _put(doc, "adoptionStatus", r.first(scheme, cg("caseAdoptionStatus")))
        self.dates(doc, scheme)
        self.document_license(doc)
        _put(doc, "notes", r.text(scheme, RDFS_COMMENT))
        _put(doc, "extensions", self.extensions(scheme))
        return doc

    def document_license(self, doc: dict[str, Any]) -> None:
        """The license link; a ``dcterms:rights`` text becomes a synthetic CFLicense."""
        r, scheme = self.r, self.scheme
        licenses = r.iris(scheme, LICENSE)
        if licenses:
            doc["licenseURI"] = self.link(licenses[0])
            return
        rights = r.text(scheme, RIGHTS)
        if not rights:
            return
        lic = scheme + "/case/license/rights"
        self.synthetic_license = {"identifier": self.ident(lic), "uri": lic,
                                  "title": "Rights: " + doc["title"], "licenseText": rights,
                                  "lastChangeDateTime": self.doc_changed}
        doc["licenseURI"] = {key: self.synthetic_license[key]
                             for key in ("title", "identifier", "uri")}

    def items(self) -> list[dict[str, Any]]:
        return [self.item(node) for node in self.members]

    def item(self, node: Node) -> dict[str, Any]:
        r = self.r
        lang = r.first(node, LANGUAGE)
        definition, label = r.text(node, DEFINITION, lang), r.text(node, PREF, lang)
        item = self.base(node)
        item["fullStatement"] = definition or label or r.first(node, NOTATION) or str(node)
        _put(item, "alternativeLabel", r.first(node, cg("caseAlternativeLabel")))
        type_labels = r.literals(node, TYPE)
        if type_labels:
            item["CFItemType"] = type_labels[0]
        elif r.first(node, CASE_URI) is None:  # not from a CASE package: name its class
            _put(item, "CFItemType", _class_label(self.g, node))
        _put(item, "humanCodingScheme", r.first(node, NOTATION))
        _put(item, "listEnumeration", r.first(node, cg("caseListEnumeration")))
        abbreviated = r.first(node, cg("caseAbbreviatedStatement"))
        if abbreviated is None and definition and label and label != definition:
            abbreviated = label
        _put(item, "abbreviatedStatement", abbreviated)
        _put(item, "conceptKeywords", r.literals(node, KEYWORDS))
        for key, prop in (("conceptKeywordsURI", cg("caseConcept")), ("CFItemTypeURI", TYPE),
                          ("licenseURI", LICENSE)):
            targets = r.iris(node, prop)
            if targets:
                item[key] = self.link(targets[0])
        _put(item, "notes", r.text(node, RDFS_COMMENT))
        _put(item, "subject", r.literals(node, SUBJECT))
        _put(item, "subjectURI", [self.link(n) for n in r.iris(node, SUBJECT)])
        _put(item, "language", lang)
        _put(item, "educationLevel", r.literals(node, dc("educationLevel")))
        self.dates(item, node)
        item["lastChangeDateTime"] = self.changed(node)
        _put(item, "extensions", self.extensions(node))
        return _ordered(item, _ITEM_ORDER)

    def associations(self) -> list[dict[str, Any]]:
        """Stored associations first, then the ones the SKOS structure implies."""
        covered: set[tuple[Node, str, Node]] = set()
        stored = [self.association(node, covered) for node in
                  sorted(self.g.subjects(RDF_TYPE, cg("CaseAssociation")), key=str)]
        return stored + _implied_associations(self, covered)

    def association(self, node: Node, covered: set[tuple[Node, str, Node]]) -> dict[str, Any]:
        r = self.r
        kind = r.first(node, cg("caseAssociationType")) or "isRelatedTo"
        if kind not in CASE_TYPES and not EXT_TYPE.match(kind):
            kind = "isRelatedTo"
        assoc = self.base(node)
        assoc["associationType"] = kind
        _put(assoc, "sequenceNumber", r.integer(node, cg("caseSequenceNumber")))
        ends = []
        for prefix, key in (("caseOrigin", "originNodeURI"),
                            ("caseDestination", "destinationNodeURI")):
            target = next(iter(r.iris(node, cg(prefix))), "urn:case:missing")
            ends.append(target)
            assoc[key] = self.association_end(node, prefix, target)
        covered.add((ends[0], kind, ends[1]))
        groupings = r.iris(node, cg("caseAssociationGrouping"))
        if groupings:
            assoc["CFAssociationGroupingURI"] = self.link(groupings[0])
        assoc["lastChangeDateTime"] = self.changed(node)
        _put(assoc, "notes", r.text(node, RDFS_COMMENT))
        _put(assoc, "extensions", self.extensions(node))
        return assoc

    def association_end(self, node: Node, prefix: str, target: str) -> dict[str, str]:
        r = self.r
        inside = target == self.scheme or target in self.member_set
        end_link = {
            "title": r.first(node, cg(prefix + "Title")) or self.title(target),
            "identifier": self.ident(target) if inside else (
                r.first(node, cg(prefix + "Identifier")) or self.ident(target)),
            "uri": self.uri(target),
        }
        target_type = r.first(node, cg(prefix + "TargetType"))
        if target_type and (target_type == "CASE" or EXT_TYPE.match(target_type)):
            end_link["targetType"] = target_type
        return end_link

    def definitions(self) -> dict[str, Any]:
        definitions: dict[str, Any] = {}
        for key, (cls, _seg) in DEFINITIONS.items():
            objs = [self.definition(key, node)
                    for node in sorted(self.g.subjects(RDF_TYPE, cg(cls)), key=str)]
            if key == "CFLicenses" and self.synthetic_license:
                objs.append(self.synthetic_license)
            if objs:
                definitions[key] = objs
        return definitions

    def definition(self, key: str, node: Node) -> dict[str, Any]:
        r = self.r
        obj = self.base(node)
        obj["title"] = r.text(node, TITLE) or ""
        if key == "CFConcepts":
            _put(obj, "keywords", r.first(node, KEYWORDS))
        if key in ("CFConcepts", "CFSubjects", "CFItemTypes"):
            obj["hierarchyCode"] = r.first(node, NOTATION) or ""
        if key == "CFItemTypes":
            obj["description"] = r.text(node, DESCRIPTION) or obj["title"]
            _put(obj, "typeCode", r.first(node, cg("caseTypeCode")))
        else:
            _put(obj, "description", r.text(node, DESCRIPTION))
        if key == "CFLicenses":
            obj["licenseText"] = r.text(node, RIGHTS) or ""
        obj["lastChangeDateTime"] = self.changed(node)
        _put(obj, "extensions", self.extensions(node))
        return obj

    def by_position(self, nodes: list[str]) -> list[str]:
        return sorted(nodes, key=lambda n: (self.r.integer(n, cg("casePosition")) or 0, str(n)))

    def rubrics(self) -> list[dict[str, Any]]:
        rubrics = []
        for node in sorted(self.g.subjects(RDF_TYPE, cg("CaseRubric")), key=str):
            rubric = self.base(node)
            _put(rubric, "title", self.r.text(node, TITLE))
            _put(rubric, "description", self.r.text(node, DESCRIPTION))
            rubric["lastChangeDateTime"] = self.changed(node)
            _put(rubric, "CFRubricCriteria", [
                self.criterion(cnode, rubric["identifier"])
                for cnode in self.by_position(self.r.iris(node, cg("caseRubricCriterion")))])
            _put(rubric, "extensions", self.extensions(node))
            rubrics.append(rubric)
        return rubrics

    def criterion(self, cnode: str, rubric_id: str) -> dict[str, Any]:
        r = self.r
        crit = self.base(cnode)
        _put(crit, "category", r.first(cnode, cg("caseCategory")))
        _put(crit, "description", r.text(cnode, DESCRIPTION))
        targets = r.iris(cnode, cg("caseRubricItem"))
        if targets:
            crit["CFItemURI"] = self.link(targets[0])
        _put(crit, "weight", _float(r.first(cnode, cg("caseWeight"))))
        _put(crit, "position", r.integer(cnode, cg("casePosition")))
        crit["rubricId"] = rubric_id
        crit["lastChangeDateTime"] = self.changed(cnode)
        _put(crit, "CFRubricCriterionLevels", [
            self.level(lnode, crit["identifier"])
            for lnode in self.by_position(r.iris(cnode, cg("caseRubricCriterionLevel")))])
        _put(crit, "extensions", self.extensions(cnode))
        return crit

    def level(self, lnode: str, criterion_id: str) -> dict[str, Any]:
        r = self.r
        level = self.base(lnode)
        _put(level, "description", r.text(lnode, DESCRIPTION))
        _put(level, "quality", r.first(lnode, cg("caseQuality")))
        _put(level, "score", _float(r.first(lnode, cg("caseScore"))))
        _put(level, "feedback", r.first(lnode, cg("caseFeedback")))
        _put(level, "position", r.integer(lnode, cg("casePosition")))
        level["rubricCriterionId"] = criterion_id
        level["lastChangeDateTime"] = self.changed(lnode)
        value = _json_or_none(r.first(lnode, EXTENSIONS))
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            level["extensions"] = value
        return level

    def package_extensions(self) -> dict[str, Any] | None:
        found = None
        for note in self.r.literals(self.scheme, NOTE):
            if note.startswith("CFPackage.extensions: "):
                value = _json_or_none(note.split(": ", 1)[1])
                if isinstance(value, dict):
                    found = value
        return found


#: the key order of an exported CFItem (the order the fields were written before the split)
_ITEM_ORDER = ("identifier", "uri", "fullStatement", "alternativeLabel", "CFItemType",
               "humanCodingScheme", "listEnumeration", "abbreviatedStatement", "conceptKeywords",
               "conceptKeywordsURI", "notes", "subject", "subjectURI", "language",
               "educationLevel", "CFItemTypeURI", "licenseURI", "statusStartDate",
               "statusEndDate", "lastChangeDateTime", "extensions")


def _ordered(obj: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {key: obj[key] for key in order if key in obj}


def _json_or_none(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _implied_associations(b: _PackageBuilder,
                          covered: set[tuple[Node, str, Node]]) -> list[dict[str, Any]]:
    """isChildOf from the SKOS hierarchy, crosswalk types from SKOS mapping triples."""
    out: list[dict[str, Any]] = []
    for parent, kids in sorted(_children(b).items(), key=lambda kv: str(kv[0])):
        for position, node in enumerate(kids, start=1):
            if (node, "isChildOf", parent) not in covered:
                out.append(_implied(b, node, "isChildOf", parent, position, None))
    for node in b.members:
        for prop, kind in SKOS_TO_CASE.items():
            for target in b.r.iris(node, prop):
                if (node, kind, target) in covered or (node, "isPeerOf", target) in covered:
                    continue
                note = None if prop == sk("exactMatch") else "skos:" + prop[len(SKOS):]
                out.append(_implied(b, node, kind, target, None, note))
                covered.add((node, kind, target))
    return out


def _children(b: _PackageBuilder) -> dict[Node, list[Node]]:
    """Parent → children in the scheme: skos:broader/narrower, else cg:category, else top."""
    g, r, scheme, member_set = b.g, b.r, b.scheme, b.member_set
    children: dict[Node, list[Node]] = {}
    for node in b.members:
        parents: list[Node] = [p for p in r.iris(node, BROADER) if p in member_set]
        parents += [p for p in g.subjects(NARROWER, node) if p in member_set and p not in parents]
        if not parents:
            parents = [p for p in r.iris(node, CG_CATEGORY) if p in member_set]
        if not parents and ((node, TOP_OF, scheme) in g or (scheme, HAS_TOP, node) in g):
            parents = [scheme]
        for parent in parents:
            children.setdefault(parent, []).append(node)
    return children


def _implied(b: _PackageBuilder, origin: Node, kind: str, dest: Node, seq: int | None,
             note: str | None) -> dict[str, Any]:
    ident_value = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{origin}|{kind}|{dest}"))
    assoc: dict[str, Any] = {
        "identifier": ident_value,
        "associationType": kind,
        "uri": str(b.scheme) + "/case/association/" + ident_value,
        "originNodeURI": b.link(origin),
        "destinationNodeURI": b.link(dest),
        "lastChangeDateTime": b.doc_changed,
    }
    if seq is not None:
        assoc["sequenceNumber"] = seq
    if note:
        assoc["notes"] = note
    return assoc


def _class_label(g: TripleIndex, node: Node) -> str | None:
    for cls, label in ((CG_COMPETENCY, "Competency"), (cg("CompetencyCategory"), "Category"),
                       (cg("Level"), "Level"), (cg("Indicator"), "Indicator")):
        if (node, RDF_TYPE, cls) in g:
            return label
    return None


def _changed(r: _Reader, node: Node, default: str | None) -> str:
    for prop in (MODIFIED, dc("created"), dc("date")):
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
