"""The store interface and what both implementations share: term conversion, parsing of RDF
payloads into quads (with located errors), and the bounded runner for user queries."""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from competency_graph import resources
from competency_graph.errors import (
    InputError,
    Location,
    Problem,
    QueryBusyError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from competency_graph.model import (
    IRI,
    Bindable,
    BNode,
    Literal,
    QueryOutput,
    RdfPayload,
    Row,
    Term,
    UserQuery,
)
from competency_graph.namespaces import PREFIXES, XSD

#: SPARQL results formats by media type (what ``/sparql`` and ``query --format`` offer).
RESULT_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: RDF formats by media type for CONSTRUCT/DESCRIBE answers and exports.
GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: Formats whose triples all land in the target graph (no named graphs inside).
TRIPLE_FORMATS = frozenset({"ntriples", "turtle", "rdfxml", "jsonld"})
#: File suffix → format name, for ``import --kind rdf``.
SUFFIX_FORMATS: dict[str, str] = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig",
    ".rdf": "rdfxml", ".owl": "rdfxml", ".xml": "rdfxml", ".jsonld": "jsonld", ".json": "jsonld",
}

_PARSE_POSITION = re.compile(r"line (\d+) column (\d+)")
_UPDATE_KEYWORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def bind_values(text: str, bindings: Mapping[str, Bindable | Term | Sequence[Bindable | Term]],
                name: str = "<query>") -> str:
    """Bind query parameters by filling their ``VALUES ?x { UNDEF }`` placeholders.

    A parameter is declared in the ``.rq`` file as ``VALUES ?x { UNDEF }`` placed where the
    pattern should start from (inside a subquery if the subquery needs it; several placeholders
    for one variable are all filled). Unbound, the placeholder leaves ``?x`` free, so every
    ``.rq`` is valid SPARQL on its own. A value is serialised by the engine's own term type
    (IRIs validated, literals escaped), never formatted from user text. A sequence binds
    several values. Measured here, this keeps the planner's join order (0.75 ms) where
    pyoxigraph's ``substitutions`` evaluate the whole query first (12.6 ms).

    :raises ValueError: when a bound parameter has no placeholder in the query.
    """
    for var, bound in bindings.items():
        values = bound if isinstance(bound, list | tuple) else [bound]
        terms = " ".join(str(to_ox(v)) for v in values)
        pattern = re.compile(r"VALUES\s+\?" + re.escape(var) + r"\s*\{\s*UNDEF\s*\}")
        text, count = pattern.subn(lambda _m, v=var, t=terms: f"VALUES ?{v} {{ {t} }}", text)
        if count == 0:
            raise ValueError(f"{name} has no `VALUES ?{var} {{ UNDEF }}` placeholder for the "
                             f"parameter {var!r} (see docs/queries.md)")
    return text


def prefix_block() -> str:
    """Return the PREFIX declarations of :data:`PREFIXES` as SPARQL text."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def user_query(text: str, results_format: str, graph_format: str,
               default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None
               ) -> UserQuery:
    """Check a user's request and bundle it.

    :raises QueryRefusedError: for an update.
    :raises InputError: for a dataset IRI that is not an IRI.
    """
    if looks_like_update(text):
        raise QueryRefusedError("updates are not accepted here: this endpoint is read-only")
    for iri in [*(default_graphs or ()), *(named_graphs or ())]:
        to_ox(IRI(iri))
    return UserQuery(text, results_format, graph_format,
                     tuple(default_graphs) if default_graphs is not None else None,
                     tuple(named_graphs) if named_graphs is not None else None)


def looks_like_update(text: str) -> bool:
    """Whether a request text is a SPARQL Update (after its prologue)."""
    stripped = re.sub(r"#[^\n]*", "", text)
    return bool(_UPDATE_KEYWORDS.match(stripped))


# --- term conversion -------------------------------------------------------------------------

def from_ox(term: Any) -> Term:
    """Convert a pyoxigraph term into a :mod:`competency_graph.model` term."""
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported RDF term {term!r}")


def to_ox(value: Bindable | Term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert a binding value into a pyoxigraph term (IRIs are validated)."""
    if isinstance(value, IRI):
        try:
            return ox.NamedNode(value.value)
        except ValueError as exc:
            raise InputError(f"not a valid IRI: {value.value!r}") from exc
    if isinstance(value, BNode):
        return ox.BlankNode(value.value)
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(value.value, language=value.language)
        if value.datatype:
            return ox.Literal(value.value, datatype=ox.NamedNode(value.datatype))
        return ox.Literal(value.value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    return ox.Literal(str(value))


def solutions_to_rows(solutions: Any) -> list[Row]:
    """Turn pyoxigraph ``QuerySolutions`` into a list of dicts of model terms."""
    names = [v.value for v in solutions.variables]
    rows: list[Row] = []
    for solution in solutions:
        row: Row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = from_ox(term)
        rows.append(row)
    return rows


# --- parsing payloads ------------------------------------------------------------------------

def parse_payload(payload: RdfPayload, default_graph: str | None) -> list[ox.Quad]:
    """Parse a payload completely; triples outside a named graph go to ``default_graph``.
    Blank nodes get fresh identifiers, so two payloads' ``_:b0`` never merge.

    :raises InputError: with the file, line and column of the first syntax error.
    """
    try:
        fmt = RDF_FORMATS[payload.format]
    except KeyError:
        raise InputError(f"{payload.source}: unknown RDF format {payload.format!r}") from None
    target = ox.NamedNode(default_graph) if default_graph else ox.DefaultGraph()
    try:
        quads = list(ox.parse(payload.data, format=fmt, base_iri=None, lenient=False,
                              rename_blank_nodes=True))
    except SyntaxError as exc:
        line = col = None
        if isinstance(exc.args[-1], tuple) and len(exc.args[-1]) >= 3:
            line, col = exc.args[-1][1], exc.args[-1][2]
        else:
            match = _PARSE_POSITION.search(str(exc))
            if match:
                line, col = int(match.group(1)), int(match.group(2))
        if line is None:
            line, col = _locate(payload)
        message = str(exc.args[0]) if exc.args else str(exc)
        raise InputError(Problem(f"invalid {payload.format}: {message}",
                                 Location(file=payload.source, line=line, col=col))) from None
    except (ValueError, OSError) as exc:
        raise InputError(Problem(f"cannot read {payload.format}: {exc}",
                                 Location(file=payload.source))) from None
    return [q if not isinstance(q.graph_name, ox.DefaultGraph)
            else ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]


def _locate(payload: RdfPayload) -> tuple[int | None, int | None]:
    """Find the line and column of a syntax error the RDF parser did not locate, with the
    standard library's XML (expat: no external entities) or JSON parser."""
    if payload.format == "rdfxml":
        from xml.parsers import expat

        parser = expat.ParserCreate()
        try:
            parser.Parse(payload.data, True)
        except expat.ExpatError as exc:
            return exc.lineno, exc.offset + 1
    elif payload.format == "jsonld":
        import json

        try:
            json.loads(payload.data)
        except json.JSONDecodeError as exc:
            return exc.lineno, exc.colno
        except UnicodeDecodeError:
            return None, None
    return None, None


def triple_text(quad: ox.Quad) -> str:
    """Return ``s p o`` of a quad in N-Triples syntax (valid inside SPARQL ``INSERT DATA``)."""
    return f"{quad.subject} {quad.predicate} {quad.object}"


def insert_data_text(quads: Iterable[ox.Quad]) -> str:
    """Return ``INSERT DATA`` blocks grouping quads by graph (no user text reaches this)."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        by_graph.setdefault(str(quad.graph_name), []).append(triple_text(quad))
    blocks = [f"GRAPH {g} {{\n" + " .\n".join(ts) + " .\n}" for g, ts in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}" if blocks else ""


#: A query parameter: one term, or a sequence of terms (several VALUES rows).
Param = Bindable | Term | Sequence[Bindable | Term]


# --- the interface ---------------------------------------------------------------------------

class GraphStore(ABC):
    """A quad store whose queries see the union of its named graphs as the default graph."""

    kind: str = "abstract"

    def __init__(self, *, query_timeout: float = 30.0, user_query_slots: int = 2) -> None:
        self.query_timeout = query_timeout
        self._slots = threading.BoundedSemaphore(user_query_slots)

    # named queries (.rq files) -----------------------------------------------------------
    def select(self, name: str, **bindings: Param) -> list[Row]:
        """Run ``queries/<name>.rq`` (a SELECT); parameters fill its ``VALUES ?x { UNDEF }``
        placeholders (:func:`bind_values`)."""
        return self._select(self._text(name, bindings), {})

    def ask(self, name: str, **bindings: Param) -> bool:
        """Run ``queries/<name>.rq`` (an ASK)."""
        return self._ask(self._text(name, bindings), {})

    def construct(self, name: str, **bindings: Param) -> bytes:
        """Run ``queries/<name>.rq`` (a CONSTRUCT) and return N-Triples."""
        return self._construct(self._text(name, bindings), {})

    def update(self, name: str, **bindings: Param) -> None:
        """Run ``queries/<name>.rq`` (a SPARQL Update) in one transaction."""
        self._update(self._text(name, bindings), {})

    @staticmethod
    def _text(name: str, bindings: Mapping[str, Param]) -> str:
        return bind_values(resources.query_text(name), bindings, f"queries/{name}.rq")

    # user queries ------------------------------------------------------------------------
    def run_user_query(self, text: str, *, results_format: str = "json",
                       graph_format: str = "ntriples", timeout: float | None = None,
                       default_graphs: Sequence[str] | None = None,
                       named_graphs: Sequence[str] | None = None) -> QueryOutput:
        """Run a query a user wrote, read-only and time-limited, serialised as asked.

        Default prefixes (:data:`PREFIXES`) are available. At most a few user queries run at a
        time; past that the request is refused rather than queued.

        :raises QueryRefusedError: for an update, or when every query slot is busy.
        :raises QuerySyntaxError: when the query does not parse.
        :raises QueryTimeoutError: when the answer takes longer than the time limit.
        """
        query = user_query(text, results_format, graph_format, default_graphs, named_graphs)
        if not self._slots.acquire(timeout=1.0):
            raise QueryBusyError("too many queries are running; try again shortly")
        limit = self.query_timeout if timeout is None else timeout
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["out"] = self._user_query(query)
            except BaseException as exc:
                box["err"] = exc
            finally:
                self._slots.release()

        worker = threading.Thread(target=work, name="user-query", daemon=True)
        worker.start()
        worker.join(limit)
        if worker.is_alive():
            raise QueryTimeoutError(f"the query ran longer than the {limit:g} s time limit")
        if "err" in box:
            raise box["err"]
        out: QueryOutput = box["out"]
        return out

    # abstract primitives -----------------------------------------------------------------
    @abstractmethod
    def _select(self, text: str, bindings: Mapping[str, Bindable | Term]) -> list[Row]: ...

    @abstractmethod
    def _ask(self, text: str, bindings: Mapping[str, Bindable | Term]) -> bool: ...

    @abstractmethod
    def _construct(self, text: str, bindings: Mapping[str, Bindable | Term]) -> bytes: ...

    @abstractmethod
    def _update(self, text: str, bindings: Mapping[str, Bindable | Term]) -> None: ...

    @abstractmethod
    def _user_query(self, query: UserQuery) -> QueryOutput: ...

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[str, RdfPayload | None]) -> int:
        """Replace each named graph by its payload (``None`` drops it), all in one transaction.

        Every payload is parsed before anything is written; a parse error raises
        :class:`InputError` and leaves the store as it was. Returns the number of quads written.
        """

    def replace_graph(self, graph: str, payload: RdfPayload) -> int:
        """Replace one named graph atomically (see :meth:`replace_graphs`)."""
        return self.replace_graphs({graph: payload})

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        """Remove named graphs in one transaction."""
        self.replace_graphs(dict.fromkeys(graphs))

    @abstractmethod
    def graph_names(self) -> list[str]:
        """Return the IRIs of all named graphs."""

    @abstractmethod
    def triple_count(self) -> int:
        """Return the number of quads in all named graphs."""

    @abstractmethod
    def export_graph(self, graph: str, fmt: str = "turtle") -> bytes:
        """Serialise one named graph (``turtle``, ``ntriples``, ``rdfxml``, ``jsonld`` …)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store's resources."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def syntax_error(exc: BaseException) -> QuerySyntaxError:
    """Wrap an engine's SPARQL syntax error as a located :class:`QuerySyntaxError`."""
    message = str(exc.args[0]) if exc.args else str(exc)
    match = re.search(r"at (\d+):(\d+)", message)
    location = Location(line=int(match.group(1)), col=int(match.group(2))) if match else Location()
    return QuerySyntaxError(Problem(f"SPARQL syntax error: {message}", location))
