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

The package holds no SPARQL and touches no store: it turns bytes into a :class:`TripleIndex`
(written out through the one N-Triples writer) and a :class:`TripleIndex` into a JSON-ready
dict; ``competency_graph.services.case`` does the rest. One module per job:

* ``check.py`` — :func:`read_package` (the safe JSON pass: size, depth, string caps) and
  :func:`check_package` (every problem with its JSON path; the CFDocument identifier, which is
  the framework id, follows the one id rule of :mod:`competency_graph.ids`);
* ``to_rdf.py`` — :func:`package_to_graph`, a builder with one method per part of the package;
* ``to_case.py`` — :func:`graph_to_package`, a builder with one method per part of the package;
* ``vocab.py`` — the properties, classes and value shapes; ``graph.py`` — :class:`TripleIndex`.

Terms are plain Python values — IRIs are ``str``, literals
:class:`competency_graph.io.ntriples.Literal` — rather than rdflib terms, whose Python-level
hashing and comparison made packages of thousands of items several times slower
(``bench/case.py``).
"""

from competency_graph.io.case.check import (
    check_package,
    parse_date,
    parse_datetime,
    read_package,
    rfc3339,
)
from competency_graph.io.case.graph import TripleIndex
from competency_graph.io.case.to_case import case_uuid, graph_to_package
from competency_graph.io.case.to_rdf import case_node, external_iri, package_to_graph
from competency_graph.io.case.vocab import CASE_TYPES, CASE_URI, FALLBACK_DATETIME, UUID_OK
from competency_graph.io.ntriples import Literal, Node, lit

__all__ = [
    "CASE_TYPES",
    "CASE_URI",
    "FALLBACK_DATETIME",
    "UUID_OK",
    "Literal",
    "Node",
    "TripleIndex",
    "case_node",
    "case_uuid",
    "check_package",
    "external_iri",
    "graph_to_package",
    "lit",
    "package_to_graph",
    "parse_date",
    "parse_datetime",
    "read_package",
    "rfc3339",
]
