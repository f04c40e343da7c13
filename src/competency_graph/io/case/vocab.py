"""The CASE vocabulary of the package: the RDF properties and classes a CFPackage maps to, the
association types, the definition lists, and the shapes of CASE values (docs/case.md holds the
mapping table). IRIs are plain ``str``; literals are :class:`competency_graph.io.ntriples.Literal`.
"""

from __future__ import annotations

import re

from competency_graph.namespaces import CG, DCTERMS, OWL, RDF, RDFS, SCHEMA, SKOS, XSD

XSD_ANYURI, XSD_DATETIME, XSD_DATE = XSD + "anyURI", XSD + "dateTime", XSD + "date"
XSD_INTEGER, XSD_DOUBLE = XSD + "integer", XSD + "double"
RDF_TYPE, RDFS_COMMENT = RDF + "type", RDFS + "comment"


def cg(local: str) -> str:
    return CG + local


def sk(local: str) -> str:
    return SKOS + local


def dc(local: str) -> str:
    return DCTERMS + local


CG_FRAMEWORK = cg("CompetencyFramework")
CG_LEVEL_SCALE = cg("LevelScale")
CG_COMPETENCY = cg("Competency")
CG_CATEGORY = cg("category")
CASE_URI = cg("caseUri")
NOTE = cg("note")
EXTENSIONS = cg("caseExtensions")
IN_SCHEME, TOP_OF, HAS_TOP = sk("inScheme"), sk("topConceptOf"), sk("hasTopConcept")
BROADER, NARROWER = sk("broader"), sk("narrower")
PREF, DEFINITION, NOTATION = sk("prefLabel"), sk("definition"), sk("notation")
IDENTIFIER, TITLE, DESCRIPTION = dc("identifier"), dc("title"), dc("description")
MODIFIED, SUBJECT = dc("modified"), dc("subject")
LANGUAGE, LICENSE = dc("language"), dc("license")
TYPE, RIGHTS = dc("type"), dc("rights")
VERSION_INFO = OWL + "versionInfo"
KEYWORDS = SCHEMA + "keywords"
START, END = cg("startDate"), cg("endDate")

#: association type → direct SKOS property (inside the package, across frameworks)
MAPPING_TYPES: dict[str, tuple[str, str]] = {
    "exactMatchOf": (sk("exactMatch"), sk("exactMatch")),
    "isRelatedTo": (sk("related"), sk("relatedMatch")),
    "isPeerOf": (sk("related"), sk("relatedMatch")),
}
#: SKOS mapping property of a generated association → (CASE type, note)
SKOS_TO_CASE: dict[str, str] = {
    sk("exactMatch"): "exactMatchOf",
    sk("closeMatch"): "isRelatedTo",
    sk("relatedMatch"): "isRelatedTo",
    sk("broadMatch"): "isRelatedTo",
    sk("narrowMatch"): "isRelatedTo",
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
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
EXT_TYPE = re.compile(r"^ext:[A-Za-z0-9.\-_|]+$")
CASE_TYPES = ("isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
              "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf")
#: lastChangeDateTime of an export when the graph records no modification time
FALLBACK_DATETIME = "1970-01-01T00:00:00Z"
