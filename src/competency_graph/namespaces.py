"""The one home of base IRIs (ontology/README.md "IRI policy"; docs/data-model.md).

Everything is a plain ``str`` so that every layer can use these names without pulling in an RDF
library. ``PREFIXES`` is the prefix table that SPARQL queries are parsed with and that Turtle
output is written with.
"""

from __future__ import annotations

from urllib.parse import quote

BASE = "https://w3id.org/competency-graph/"
ONTOLOGY_IRI = BASE + "ontology"
CG = ONTOLOGY_IRI + "#"
CGSH = BASE + "shapes#"
FRAMEWORK = BASE + "framework/"
CROSSWALK = BASE + "crosswalk/"
DATA = BASE + "data/"
GRAPH = BASE + "graph/"
RULES = BASE + "rules#"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
QB = "http://purl.org/linked-data/cube#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "cg": CG,
    "cgsh": CGSH,
    "cgr": RULES,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "schema": SCHEMA,
    "org": ORG,
    "qb": QB,
    "sh": SH,
}

#: The base IRI that relative IRIs in a user's SPARQL query resolve against.
USER_QUERY_BASE = DATA

#: The named graph that holds the TBox.
ONTOLOGY_GRAPH = GRAPH + "ontology"
#: The named graph that records what the store holds (bundle fingerprint, imports).
SYSTEM_GRAPH = GRAPH + "system"
#: The named graph that lists every named graph the store ever wrote (``dcterms:hasPart``), kept
#: when a graph is dropped, so that a dropped version's name is never issued again.
LEDGER_GRAPH = GRAPH + "system/ledger"
#: Where the results computed once per programme version live, one named graph each
#: (``result/<programme>/<version>/<kind>-<parameters hash>``; services/system/results.py).
RESULT_GRAPHS = GRAPH + "result/"
#: Writes to graphs under these prefixes leave every computed programme result valid: a
#: programme version is immutable, and ESCO, studies and indicators feed no programme result.
#: A write to any other graph (frameworks, crosswalks, rules, staff rosters, institutions,
#: RDF imports) sets a new ``cg:dependencyRevision`` on the ledger, which makes every stored
#: result stale (docs/storage.md).
RESULT_NEUTRAL_GRAPHS = (GRAPH + "programme/", RESULT_GRAPHS, GRAPH + "esco",
                         GRAPH + "study/", GRAPH + "indicators/")


def _segment(text: str) -> str:
    """Percent-encode one path segment (codes such as ``3.1`` or ``WA6`` stay readable)."""
    return quote(text, safe="-._~:@!$'()*+,;=")


def framework_iri(framework_id: str) -> str:
    """Return the IRI of a framework or level scale, e.g. ``.../framework/wa-2021``."""
    return FRAMEWORK + _segment(framework_id)


def item_iri(framework_id: str, code: str) -> str:
    """Return the IRI of a framework item, e.g. ``.../framework/wa-2021/WA6``."""
    return framework_iri(framework_id) + "/" + _segment(code)


def data_iri(*segments: str) -> str:
    """Return an instance IRI under ``DATA`` built from path segments."""
    return DATA + "/".join(_segment(s) for s in segments)


def graph_iri(*segments: str) -> str:
    """Return a named-graph IRI under ``GRAPH`` built from path segments."""
    return GRAPH + "/".join(_segment(s) for s in segments)


def cg(local: str) -> str:
    """Return the IRI of an ontology term."""
    return CG + local


def cgsh(local: str) -> str:
    """Return the IRI of a shape."""
    return CGSH + local


# --- interop vocabularies (ESCO, CTDL-ASN, SKOS extras; see docs/interop.md) -------------------
#: ESCO: the model namespace and the base of its concept IRIs and controlled values.
ESCO = "http://data.europa.eu/esco/model#"
ESCO_BASE = "http://data.europa.eu/esco/"
ESCO_SKILL_TYPE = ESCO_BASE + "skill-type/"
ESCO_REUSE_LEVEL = ESCO_BASE + "skill-reuse-level/"
ESCO_CONCEPT_SCHEME = ESCO_BASE + "concept-scheme/"
#: Where the ESCO downloads come from (the framework's dcterms:source).
ESCO_PORTAL = "https://esco.ec.europa.eu/en/use-esco/download"
#: ISO 25964 SKOS extension (ESCO's concept status).
ISOTHES = "http://purl.org/iso25964/skos-thes#"
#: CTDL-ASN (competency frameworks) and CTDL (credentials) terms.
CEASN = "https://purl.org/ctdlasn/terms/"
CETERMS = "https://purl.org/ctdl/terms/"
#: The published CTDL-ASN JSON-LD context; its content ships in competency_graph/data/contexts/.
CTDLASN_CONTEXT = "https://credreg.net/ctdlasn/schema/context/json"
CTDLASN_CONTEXTS = (CTDLASN_CONTEXT, "http://credreg.net/ctdlasn/schema/context/json",
                    CTDLASN_CONTEXT + "/", "https://credreg.net/ctdlasn/schema/context/json-ld")

# --- e-learning (docs/elearning.md) -----------------------------------------------------------
#: schema.org context URLs; a compact copy ships in competency_graph/data/contexts/ (never fetched)
#: the older http: form of the schema.org namespace, read as SCHEMA
SCHEMA_HTTP = "http://schema.org/"
SCHEMA_CONTEXTS = ("https://schema.org", "https://schema.org/", "http://schema.org",
                   "http://schema.org/", "https://schema.org/docs/jsonldcontext.jsonld")

#: Named graphs a Virtuoso server keeps for itself (its RDF views, the LDP and URIQA
#: descriptions): never the project's data, never dropped (store/dialects.py).
VIRTUOSO_SYSTEM_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
})
