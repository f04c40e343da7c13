"""A validation report as a SHACL ``sh:ValidationReport`` in Turtle (rdflib serialisation)."""

from __future__ import annotations

import rdflib
from rdflib.namespace import SH, XSD

from competency_graph.model import IRI, Literal
from competency_graph.namespaces import PREFIXES
from competency_graph.validation.results import Report

_SEVERITY = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def _path(graph: rdflib.Graph, text: str) -> rdflib.term.Node:
    parts = text.split("/https://") if "/https://" in text else [text]
    parts = [parts[0]] + ["https://" + p for p in parts[1:]]
    nodes: list[rdflib.term.Node] = []
    for part in parts:
        if part.startswith("^"):
            node = rdflib.BNode()
            graph.add((node, SH.inversePath, rdflib.URIRef(part[1:])))
            nodes.append(node)
        else:
            nodes.append(rdflib.URIRef(part))
    if len(nodes) == 1:
        return nodes[0]
    head = rdflib.BNode()
    rdflib.collection.Collection(graph, head, nodes)
    return head


def report_turtle(report: Report, lang: str = "en") -> str:
    """Serialise a report as a ``sh:ValidationReport`` (messages in ``lang``)."""
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, rdflib.Namespace(namespace))
    root = rdflib.BNode()
    graph.add((root, rdflib.RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, rdflib.Literal(report.conforms)))
    for finding in report.sorted_findings():
        node = rdflib.BNode()
        graph.add((root, SH.result, node))
        graph.add((node, rdflib.RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, rdflib.URIRef(finding.focus)))
        graph.add((node, SH.sourceShape, rdflib.URIRef(finding.shape)))
        graph.add((node, SH.resultSeverity, _SEVERITY[finding.severity]))
        graph.add((node, SH.sourceConstraintComponent, rdflib.URIRef(finding.constraint)))
        graph.add((node, SH.resultMessage, rdflib.Literal(finding.message(lang), lang=lang)))
        if finding.path:
            graph.add((node, SH.resultPath, _path(graph, finding.path)))
        value = finding.value
        if isinstance(value, IRI):
            graph.add((node, SH.value, rdflib.URIRef(value.value)))
        elif isinstance(value, Literal):
            datatype = rdflib.URIRef(value.datatype) if value.datatype and not value.language \
                and value.datatype != str(XSD.string) else None
            graph.add((node, SH.value, rdflib.Literal(value.value, lang=value.language,
                                                      datatype=datatype)))
    return graph.serialize(format="turtle")
