"""Library-neutral value types shared by every layer: RDF terms and query results.

The store converts its engine's terms into these, so services and the API never see pyoxigraph
or rdflib objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from competency_graph.namespaces import XSD

_NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                              "positiveInteger", "decimal", "double", "float", "gYear")}


@dataclass(frozen=True, slots=True)
class IRI:
    """An IRI."""

    value: str

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class BNode:
    """A blank node, by its store-local identifier."""

    value: str

    def __str__(self) -> str:
        return "_:" + self.value


@dataclass(frozen=True, slots=True)
class Literal:
    """A literal with its lexical form, datatype IRI and language tag."""

    value: str
    datatype: str | None = None
    language: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_python(self) -> str | int | float | bool | Decimal:
        """Return the natural Python value (numbers, booleans), else the lexical form."""
        dt = self.datatype
        try:
            if dt == XSD + "boolean":
                return self.value.strip() in {"true", "1"}
            if dt in (XSD + "decimal",):
                return Decimal(self.value)
            if dt in (XSD + "double", XSD + "float"):
                return float(self.value)
            if dt in _NUMERIC:
                return int(self.value)
        except (ValueError, ArithmeticError):
            return self.value
        return self.value


Term = IRI | BNode | Literal
Row = dict[str, Term]
#: What a query parameter may be bound to.
Bindable = IRI | Literal | str | int | float | bool | Decimal


def value(term: Term | None) -> str | int | float | bool | Decimal | None:
    """Return the Python value of a term: the IRI string, the literal's value, or None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.to_python()
    return term.value


@dataclass(frozen=True)
class RdfPayload:
    """RDF data to write, with its format (``turtle``, ``ntriples``, ``nquads``, ``trig``,
    ``rdfxml``, ``jsonld``) and a name for error messages."""

    data: bytes
    format: str = "ntriples"
    source: str = "<data>"


@dataclass(frozen=True)
class UserQuery:
    """A query a user sent, with the answer formats and an optional dataset.

    ``default_graphs`` / ``named_graphs`` (SPARQL Protocol ``default-graph-uri`` /
    ``named-graph-uri``) replace the usual dataset — the union of all named graphs as the default
    graph, every named graph reachable with ``GRAPH`` — when given.
    """

    text: str
    results_format: str = "json"
    graph_format: str = "turtle"
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class QueryOutput:
    """A serialised answer to a user query."""

    body: bytes
    media_type: str
    kind: str  # "solutions", "boolean" or "graph"
