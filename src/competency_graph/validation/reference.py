"""The reference engine: pySHACL over an rdflib extract of one programme.

The extract is built from the store by three CONSTRUCT queries: the programme's named graph with
its teachers and institution (``construct_validation_programme``), the levels, cycles and
crosswalk triples the shapes read (``construct_validation_context``), and each target framework
(``construct_validation_framework``). pySHACL runs with ``inference="none"`` (types are asserted
at import; RDFS inference would dominate the run), ``advanced=False`` and
``allow_warnings=True`` (warnings and infos do not break conformance), on the shapes graph of the
selected profiles, parsed once per process (:func:`.shapes.catalogue`). This module is the only
place that imports pyshacl; it is the oracle of the differential test, not the product path.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

import pyshacl
import rdflib
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql import processor as _processor

from competency_graph.model import IRI, BNode, Literal, Term
from competency_graph.namespaces import XSD
from competency_graph.store import GraphStore
from competency_graph.validation.results import Finding
from competency_graph.validation.shapes import SEVERITIES, Catalogue, path_text

_PATCH_LOCK = threading.Lock()


@lru_cache(maxsize=1024)
def _prepared(text: str) -> Any:
    return prepareQuery(text)


@lru_cache(maxsize=4096)
def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[?$][A-Za-z_][A-Za-z0-9_]*\})", template)
    return re.compile("".join(".*?" if re.fullmatch(r"\{[?$]\w+\}", p) else re.escape(p)
                              for p in parts), re.DOTALL)


@contextmanager
def _cached_sparql() -> Iterator[None]:
    """Let rdflib reuse the parsed form of each SPARQL text while pySHACL runs.

    pySHACL hands rdflib the same constraint text once per focus node, and rdflib parses it
    every time; parsing, not evaluation, then dominates the run (``bench/validation.py``).
    Evaluation is unchanged (a prepared query with the same initial bindings).
    """
    original = _processor.SPARQLProcessor.query

    def query(self: Any, str_or_query: Any, initBindings: Any = None,
              initNs: Any = None, base: Any = None, DEBUG: bool = False) -> Any:
        if isinstance(str_or_query, str) and base is None:
            with suppress(Exception):  # an undeclared prefix: rdflib parses it with initNs
                str_or_query = _prepared(str_or_query)
        return original(self, str_or_query, initBindings or {}, initNs, base, DEBUG)

    with _PATCH_LOCK:
        _processor.SPARQLProcessor.query = query  # type: ignore[method-assign, assignment]
        try:
            yield
        finally:
            _processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def _term(node: rdflib.term.Node | None) -> Term | None:
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return IRI(str(node))
    if isinstance(node, rdflib.Literal):
        datatype = str(node.datatype) if node.datatype else None
        if datatype is None and not node.language:
            datatype = XSD + "string"
        return Literal(str(node), datatype, node.language)
    return BNode(str(node))


def extract(store: GraphStore, programme: str, frameworks: Iterable[str]) -> rdflib.Graph:
    """Return the rdflib graph pySHACL validates for one programme and its frameworks."""
    graph = rdflib.Graph()
    prog = IRI(programme)
    graph.parse(data=store.construct("construct_validation_programme", programme=prog),
                format="nt")
    graph.parse(data=store.construct("construct_validation_context"), format="nt")
    for framework in sorted(set(frameworks)):
        graph.parse(data=store.construct("construct_validation_framework",
                                         framework=IRI(framework)), format="nt")
    return graph


class ReferenceEngine:
    """Validates one programme with pySHACL."""

    def __init__(self, store: GraphStore, catalogue: Catalogue) -> None:
        self.store = store
        self.catalogue = catalogue

    def run(self, programme: str, profile_ids: Iterable[str]) -> list[Finding]:
        """Return pySHACL's findings for the profiles and the programme (IRI)."""
        ids = tuple(sorted(set(profile_ids)))
        frameworks = [p.framework for pid in ids
                      if (p := self.catalogue.profiles[pid]).framework]
        data = extract(self.store, programme, frameworks)
        shapes = self.catalogue.shapes_graph(ids)
        with _cached_sparql():
            _conforms, report, _text = pyshacl.validate(
                data, shacl_graph=shapes, inference="none", advanced=False,
                allow_warnings=True, abort_on_first=False)
        return self._findings(report)

    def _language(self, shape_iri: str, text: str) -> str:
        shape = self.catalogue.shapes.get(shape_iri)
        if shape is not None:
            for lang, template in shape.messages.items():
                if _template_regex(template).fullmatch(text):
                    return lang
        return "en"

    def _findings(self, report: rdflib.Graph) -> list[Finding]:
        out: list[Finding] = []
        seen: set[tuple[object, ...]] = set()
        for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
            shape = str(report.value(result, SH.sourceShape))
            focus = str(report.value(result, SH.focusNode))
            path_node = report.value(result, SH.resultPath)
            messages: dict[str, str] = {}
            for message in report.objects(result, SH.resultMessage):
                # pySHACL drops the language tag when it fills SPARQL variables in: recognise
                # the language by the shape's template the text matches
                tagged = message.language if isinstance(message, rdflib.Literal) else None
                lang = tagged or self._language(shape, str(message))
                messages[lang] = str(message)
            finding = Finding(
                shape=shape,
                severity=SEVERITIES[str(report.value(result, SH.resultSeverity))],
                focus=focus,
                path=path_text(report, path_node) if path_node is not None else None,
                value=_term(report.value(result, SH.value)),
                constraint=str(report.value(result, SH.sourceConstraintComponent)),
                messages=messages)
            key = (*finding.key(), finding.constraint)
            if key not in seen:
                seen.add(key)
                out.append(finding)
        return out
