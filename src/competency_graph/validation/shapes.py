"""The validation profiles: the SHACL files in ``ontology/shapes/``, parsed once and cached.

Each ``<profile>.shapes.ttl`` holds one ``cg:ValidationProfile`` (``cgsh:profile-<id>``, with
``dcterms:identifier`` = the id given to ``validate --profile``) and its shapes, each linked to it
by ``dcterms:isPartOf``. ``framework.shapes.ttl`` (framework data) is not a programme profile and
is skipped. Everything the engines need about a shape — severity, messages per language, path,
the parameters of its core constraints — is read here, so the fast engine and the reference
engine share one source: the Turtle.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from competency_graph import resources
from competency_graph.namespaces import CG, CGSH, DCTERMS

_CG = rdflib.Namespace(CG)
_DCT = rdflib.Namespace(DCTERMS)
SEVERITIES = {str(SH.Violation): "violation", str(SH.Warning): "warning", str(SH.Info): "info"}
#: Profiles run by ``validate`` without ``--profile`` (plus the programme's target frameworks).
ALWAYS_ON = ("structure", "ects", "progression", "wording", "internationalisation")
#: Core constraint parameters → their constraint component (the ``constraint`` of a result).
COMPONENTS = {
    "minCount": str(SH.MinCountConstraintComponent),
    "maxCount": str(SH.MaxCountConstraintComponent),
    "in": str(SH.InConstraintComponent),
    "pattern": str(SH.PatternConstraintComponent),
    "class": str(SH.ClassConstraintComponent),
    "datatype": str(SH.DatatypeConstraintComponent),
    "minExclusive": str(SH.MinExclusiveConstraintComponent),
    "not": str(SH.NotConstraintComponent),
}
SPARQL_COMPONENT = str(SH.SPARQLConstraintComponent)
SKIPPED_FILES = {"framework.shapes.ttl"}
_PATH_BIND = re.compile(r"BIND\((\w+):(\w+) AS \?path\)")
_PREFIXES = {"cg": CG, "dcterms": DCTERMS}


@dataclass(frozen=True)
class Shape:
    """One named shape and what the engines need to know about it."""

    iri: str
    profile: str
    severity: str
    messages: dict[str, str]
    name: str
    description: str
    is_property: bool
    path: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    targets: tuple[str, ...] = ()
    #: ``sh:name`` and ``sh:description`` per language (``name``/``description`` are English)
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        """The rule's title (``sh:name``) in ``lang`` (fallback English)."""
        return self.names.get(lang) or self.name

    def rule(self, lang: str) -> str:
        """The rule's explanation (``sh:description``) in ``lang`` (fallback English)."""
        return self.descriptions.get(lang) or self.description

    @property
    def local(self) -> str:
        """The shape's local name (after ``cgsh:``)."""
        return self.iri[len(CGSH):] if self.iri.startswith(CGSH) else self.iri

    def message(self, lang: str) -> str:
        """The message template in ``lang`` (fallback English)."""
        return self.messages.get(lang) or self.messages.get("en") or self.local


@dataclass(frozen=True)
class Profile:
    """A validation profile: one shapes file."""

    id: str
    iri: str
    file: Path
    labels: dict[str, str]
    description: str
    framework: str | None
    shapes: tuple[str, ...]
    #: the rules of the rule model the profile states (``cg:appliesRule``; docs/rules.md)
    rules: tuple[str, ...] = ()
    #: ``dcterms:description`` per language (``description`` is English)
    descriptions: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The profile's label in ``lang`` (fallback English, then the id)."""
        return self.labels.get(lang) or self.labels.get("en") or self.id


def path_text(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """Render a SHACL path as text: an IRI, ``^<iri>`` or a ``/``-separated sequence."""
    if isinstance(node, rdflib.URIRef):
        return str(node)
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(graph, inverse)
    if (node, RDF.first, None) in graph:
        return "/".join(path_text(graph, item) for item in Collection(graph, node))
    return str(node)


def _texts(graph: rdflib.Graph, node: rdflib.term.Node, prop: rdflib.URIRef) -> dict[str, str]:
    return {(lit.language or "en"): str(lit) for lit in graph.objects(node, prop)
            if isinstance(lit, rdflib.Literal)}


def _params(graph: rdflib.Graph, node: rdflib.term.Node) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key in ("minCount", "maxCount"):
        value = graph.value(node, SH[key])
        if value is not None:
            params[key] = int(str(value))
    value = graph.value(node, SH["in"])
    if value is not None:
        params["in"] = [str(v) for v in Collection(graph, value)]
    for key in ("pattern", "flags", "class", "datatype"):
        value = graph.value(node, SH[key])
        if value is not None:
            params[key] = str(value)
    value = graph.value(node, SH.minExclusive)
    if isinstance(value, rdflib.Literal):
        params["minExclusive"] = value.toPython()
    inner = graph.value(node, SH["not"])
    if inner is not None:
        langs = graph.value(inner, SH.languageIn)
        params["not"] = {
            "pattern": str(graph.value(inner, SH.pattern)),
            "flags": str(graph.value(inner, SH.flags) or ""),
            "languageIn": [str(v) for v in Collection(graph, langs)] if langs is not None else [],
        }
    sparql = graph.value(node, SH.sparql)
    if sparql is not None:
        params["sparql"] = True
        match = _PATH_BIND.search(str(graph.value(sparql, SH.select) or ""))
        if match:
            params["sparql_path"] = _PREFIXES[match.group(1)] + match.group(2)
    classes = set(graph.objects(node, SH.targetClass))
    for parent in graph.subjects(SH.property, node):
        classes |= set(graph.objects(parent, SH.targetClass))
    params["targetClass"] = tuple(sorted(str(c) for c in classes))
    return params


class Catalogue:
    """All profiles and shapes, parsed from ``ontology/shapes/``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.profiles: dict[str, Profile] = {}
        self.shapes: dict[str, Shape] = {}
        self.graphs: dict[str, rdflib.Graph] = {}
        self._combined: dict[tuple[str, ...], rdflib.Graph] = {}
        self._lock = threading.Lock()
        for path in sorted(folder.glob("*.shapes.ttl")):
            if path.name not in SKIPPED_FILES:
                self._load(path)

    def _load(self, path: Path) -> None:
        graph = rdflib.Graph().parse(path, format="turtle")
        profile_node = next(graph.subjects(RDF.type, _CG.ValidationProfile), None)
        if profile_node is None:
            return
        pid = str(graph.value(profile_node, _DCT.identifier))
        framework = graph.value(profile_node, _CG.profileFramework)
        names = []
        for node in sorted(set(graph.subjects(_DCT.isPartOf, profile_node)), key=str):
            if (node, RDF.type, SH.NodeShape) not in graph and \
                    (node, RDF.type, SH.PropertyShape) not in graph:
                continue
            severity = graph.value(node, SH.severity)
            if severity is None:
                continue  # a container node shape (only groups property shapes)
            is_property = (node, RDF.type, SH.PropertyShape) in graph
            path_node = graph.value(node, SH.path)
            targets = tuple(str(t) for t in graph.objects(node, SH.targetNode))
            shape_names = _texts(graph, node, SH.name)
            shape_descriptions = _texts(graph, node, SH.description)
            self.shapes[str(node)] = Shape(
                iri=str(node), profile=pid, severity=SEVERITIES[str(severity)],
                messages=_texts(graph, node, SH.message),
                name=shape_names.get("en", str(node)),
                description=shape_descriptions.get("en", ""),
                names=shape_names, descriptions=shape_descriptions,
                is_property=is_property,
                path=path_text(graph, path_node) if path_node is not None else None,
                params=_params(graph, node), targets=targets)
            names.append(str(node))
        self.profiles[pid] = Profile(
            id=pid, iri=str(profile_node), file=path,
            labels=_texts(graph, profile_node, RDFS.label),
            description=_texts(graph, profile_node, _DCT.description).get("en", ""),
            descriptions=_texts(graph, profile_node, _DCT.description),
            framework=str(framework) if framework is not None else None,
            shapes=tuple(names),
            rules=tuple(sorted(str(r) for r in graph.objects(profile_node, _CG.appliesRule))))
        self.graphs[pid] = graph

    def shapes_graph(self, profile_ids: tuple[str, ...]) -> rdflib.Graph:
        """The union of the profiles' shapes graphs (cached per combination)."""
        key = tuple(sorted(profile_ids))
        with self._lock:
            graph = self._combined.get(key)
            if graph is None:
                graph = rdflib.Graph()
                for pid in key:
                    for triple in self.graphs[pid]:
                        graph.add(triple)
                self._combined[key] = graph
            return graph

    def coverage_profile(self, framework_iri: str) -> Profile | None:
        """The coverage profile of a framework, if one is bundled."""
        return next((p for p in self.profiles.values() if p.framework == framework_iri), None)


@cache
def catalogue(folder: str | None = None) -> Catalogue:
    """Return the parsed profiles (once per process)."""
    return Catalogue(Path(folder) if folder else resources.ontology_dir() / "shapes")
