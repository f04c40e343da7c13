"""The store interface and what both implementations share: term conversion, parsing of RDF
payloads into quads (with located errors), graph ownership, the ledger of issued graph names,
and the bounded runner for user queries (limits, fair slots, result caps).

Guarantees every backend keeps (docs/storage.md "Guarantees"; SECURITY.md):

* **Atomic replacement.** :meth:`GraphStore.replace_graphs` writes all its graphs in one
  transaction whatever their size: the embedded store runs one SPARQL Update (``DROP`` +
  ``INSERT DATA``) or one transactional load; the remote store sends one SPARQL Update request,
  which a SPARQL 1.1 server applies as one operation (Oxigraph server: one transaction).
* **Names never reused.** Before a graph is written its name enters the ledger graph
  (:data:`~competency_graph.namespaces.LEDGER_GRAPH`), in the same request or before it; a
  dropped graph stays in the ledger, so :meth:`GraphStore.issued_graphs` lists every name ever
  issued and a version number once given is never given again (a write killed after the ledger
  entry leaves a gap, never a reuse).
* **Graph ownership.** A payload's quads land only in the graphs the caller named, or (an RDF
  file's own named graphs) in graphs outside the reserved ``…/graph/…`` namespace
  (:data:`~competency_graph.namespaces.GRAPH`). Bundled, ontology, system and ledger graphs are
  written only by the bundle refresh (``system=True``). An ``owner`` (import kind) restricts the
  named graphs to that kind's prefixes (:data:`OWNED_GRAPHS`).
"""

from __future__ import annotations

import contextvars
import json
import re
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from competency_graph import resources
from competency_graph.errors import (
    GraphOwnershipError,
    InputError,
    Location,
    Problem,
    QueryBusyError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    QueryTooLargeError,
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
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    GRAPH,
    LEDGER_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    RESULT_GRAPHS,
    RESULT_NEUTRAL_GRAPHS,
    SYSTEM_GRAPH,
    XSD,
)

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
        values: Sequence[Bindable | Term] = (bound if isinstance(bound, list | tuple)
                                             else [bound])  # type: ignore[list-item]
        terms = " ".join(str(to_ox(v)) for v in values)
        pattern = re.compile(r"VALUES\s+\?" + re.escape(var) + r"\s*\{\s*UNDEF\s*\}")
        replacement = f"VALUES ?{var} {{ {terms} }}".replace("\\", "\\\\")  # no group refs
        text, count = pattern.subn(replacement, text)
        if count == 0:
            raise ValueError(f"{name} has no `VALUES ?{var} {{ UNDEF }}` placeholder for the "
                             f"parameter {var!r} (see docs/queries.md)")
    return text


def prefix_block() -> str:
    """Return the PREFIX declarations of :data:`PREFIXES` as SPARQL text."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@dataclass(frozen=True)
class QueryLimits:
    """The limits on users' SPARQL queries (settings ``COMPETENCY_GRAPH_SPARQL_*``, see
    :mod:`competency_graph.config`; the reasons are in SECURITY.md).

    ``max_query_chars`` caps the query text; ``max_rows`` the solutions (SELECT) or triples
    (CONSTRUCT/DESCRIBE) of an answer and ``max_bytes`` its serialised size — over either the
    query fails with :class:`QueryTooLargeError` (nothing is truncated silently); ``slots``
    queries run at once, at most ``slots_per_client`` of them for one client, and a request
    waits ``slot_wait`` seconds for a slot before it is refused; ``allowed_services`` lists the
    only endpoints a ``SERVICE`` clause may name (none by default: ``SERVICE`` is refused).
    """

    max_query_chars: int = 100_000
    max_rows: int = 100_000
    max_bytes: int = 64 * 2**20
    slots: int = 4
    slots_per_client: int = 1
    slot_wait: float = 2.0
    allowed_services: tuple[str, ...] = ()


_LEXEMES = re.compile(
    r'''(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''''
    r'''|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'''
    r'''|(?P<comment>\#[^\n]*)''',
)
_SERVICE = re.compile(r"(?<![?$:\w-])SERVICE(?![\w:-])\s*(?:SILENT(?![\w:-])\s*)?(\S*)",
                      re.IGNORECASE)


def _code_only(text: str) -> tuple[str, list[str]]:
    """The query text with comments and string literals blanked and each IRI replaced by a
    numbered placeholder ``<n>``; returns the text and the IRIs."""
    iris: list[str] = []

    def blank(match: re.Match[str]) -> str:
        if match.group("iri"):
            iris.append(match.group("iri")[1:-1])
            return f"<{len(iris) - 1}>"
        return '""' if match.group("string") else " "
    return _LEXEMES.sub(blank, text), iris


def check_services(text: str, allowed: Sequence[str] = ()) -> None:
    """Refuse a query that would make the server send a request: a ``SERVICE`` clause whose
    endpoint is not one of ``allowed`` (written as a full ``<IRI>``; a variable or prefixed
    name is refused), and codepoint escapes (``\\u``) outside strings and IRIs, which could
    spell the keyword.

    :raises QueryRefusedError: naming the line of the clause.
    """
    code, iris = _code_only(text)
    if re.search(r"\\[uU]", code):
        raise QueryRefusedError("codepoint escapes (\\u, \\U) are accepted only inside strings "
                                "and IRIs")
    for match in _SERVICE.finditer(code):
        target = match.group(1)
        placeholder = re.fullmatch(r"<(\d+)>\S*", target)
        endpoint = iris[int(placeholder.group(1))] if placeholder else None
        if endpoint is None or endpoint not in allowed:
            line = code.count("\n", 0, match.start()) + 1
            shown = f"<{endpoint}>" if endpoint is not None else target
            raise QueryRefusedError(
                f"line {line}: SERVICE {shown} is not allowed: this endpoint never sends "
                "requests to other servers" + (
                    " except " + ", ".join(f"<{a}>" for a in allowed) if allowed else ""))


def user_query(text: str, results_format: str, graph_format: str,
               default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None,
               limits: QueryLimits | None = None) -> UserQuery:
    """Check a user's request and bundle it.

    :raises QueryTooLargeError: for a query longer than the limit (checked first).
    :raises QueryRefusedError: for an update, or a ``SERVICE`` clause (:func:`check_services`).
    :raises InputError: for a dataset IRI that is not an IRI.
    """
    limits = limits or QueryLimits()
    if len(text) > limits.max_query_chars:
        raise QueryTooLargeError(f"the query has {len(text):,} characters; at most "
                                 f"{limits.max_query_chars:,} are accepted")
    if looks_like_update(text):
        raise QueryRefusedError("updates are not accepted here: this endpoint is read-only")
    check_services(text, limits.allowed_services)
    for iri in [*(default_graphs or ()), *(named_graphs or ())]:
        to_ox(IRI(iri))
    return UserQuery(text, results_format, graph_format,
                     tuple(default_graphs) if default_graphs is not None else None,
                     tuple(named_graphs) if named_graphs is not None else None)


def looks_like_update(text: str) -> bool:
    """Whether a request text is a SPARQL Update (after its prologue)."""
    stripped = re.sub(r"#[^\n]*", "", text)
    return bool(_UPDATE_KEYWORDS.match(stripped))


class SlotPool:
    """Query slots shared fairly: ``slots`` at once, at most ``per_client`` for one client key
    (``None``, an in-process caller, has only the overall limit). A request waits up to
    ``wait`` seconds, then is refused with :class:`QueryBusyError`; a client at its own limit
    waits for its own queries and never takes a slot another client could use."""

    def __init__(self, slots: int, per_client: int, wait: float) -> None:
        self._cond = threading.Condition()
        self._free = max(1, slots)
        self._per_client = max(1, per_client)
        self._wait = wait
        self._held: dict[str, int] = {}

    @contextmanager
    def slot(self, client: str | None) -> Iterator[None]:
        """Hold one slot for ``client`` while the block runs."""
        deadline = time.monotonic() + self._wait
        with self._cond:
            while self._free <= 0 or (client is not None
                                      and self._held.get(client, 0) >= self._per_client):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    mine = client is not None and self._held.get(client, 0) >= self._per_client
                    raise QueryBusyError(
                        "you already have the most queries running at once that one client may "
                        "run; wait for them to finish" if mine else
                        "too many queries are running; try again shortly")
                self._cond.wait(remaining)
            self._free -= 1
            if client is not None:
                self._held[client] = self._held.get(client, 0) + 1
        try:
            yield
        finally:
            with self._cond:
                self._free += 1
                if client is not None:
                    self._held[client] -= 1
                    if not self._held[client]:
                        del self._held[client]
                self._cond.notify_all()


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"unsupported RDF term {term!r}")


def as_bytes(data: bytes | None) -> bytes:
    """The bytes a pyoxigraph serialiser returned (it returns None only when given a file)."""
    assert data is not None
    return bytes(data)


def _too_large(what: str, limit: int) -> QueryTooLargeError:
    return QueryTooLargeError(f"the answer has more than {limit:,} {what}, the limit of this "
                              "endpoint: narrow the query, or page through it with LIMIT and "
                              "OFFSET")


def serialize_answer(result: Any, query: UserQuery, limits: QueryLimits) -> QueryOutput:
    """Serialise a pyoxigraph query result as the user asked, within the row and byte caps.

    Solutions are counted while they are read and the read stops at the first row over the
    cap, so a 2-million-row answer costs ``max_rows`` rows, never the whole answer.

    :raises QueryTooLargeError: over ``limits.max_rows`` or ``limits.max_bytes``.
    """
    if isinstance(result, ox.QueryBoolean):
        fmt = RESULT_FORMATS[query.results_format]
        return QueryOutput(as_bytes(result.serialize(format=fmt)), fmt.media_type, "boolean")
    if isinstance(result, ox.QuerySolutions):
        fmt = RESULT_FORMATS[query.results_format]
        names = [v.value for v in result.variables]
        rows: list[str] = []
        size = 0
        for solution in result:
            if len(rows) >= limits.max_rows:
                raise _too_large("rows", limits.max_rows)
            row = json.dumps({n: _json_term(solution[n]) for n in names
                              if solution[n] is not None}, ensure_ascii=False)
            size += len(row) + 1
            if size > limits.max_bytes:
                raise _too_large("bytes", limits.max_bytes)
            rows.append(row)
        doc = ('{"head":{"vars":' + json.dumps(names, ensure_ascii=False)
               + '},"results":{"bindings":[' + ",".join(rows) + "]}}").encode("utf-8")
        del rows
        parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
        body = as_bytes(parsed.serialize(format=fmt))
        if len(body) > limits.max_bytes:
            raise _too_large("bytes", limits.max_bytes)
        return QueryOutput(body, fmt.media_type, "solutions")
    triples: list[ox.Triple] = []
    for triple in result:
        if len(triples) >= limits.max_rows:
            raise _too_large("triples", limits.max_rows)
        triples.append(triple)
    rdf = RDF_FORMATS[query.graph_format]
    if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        body = as_bytes(ox.serialize(triples, format=rdf, prefixes=PREFIXES))
    else:
        body = as_bytes(ox.serialize(triples, format=rdf))
    if len(body) > limits.max_bytes:
        raise _too_large("bytes", limits.max_bytes)
    return QueryOutput(body, rdf.media_type, "graph")


# --- graph ownership and the ledger ----------------------------------------------------------

#: The graphs each import kind may write (IRI prefixes). A write that names an ``owner`` may
#: name only graphs under that kind's prefixes; the ``rdf`` kind may also write graphs outside
#: the reserved ``…/graph/…`` namespace (a TriG or N-Quads file's own graph names).
OWNED_GRAPHS: dict[str, tuple[str, ...]] = {
    "curriculum": (GRAPH + "programme/", GRAPH + "staff/"),
    "staff": (GRAPH + "staff/",),
    "indicators": (GRAPH + "indicators/", GRAPH + "institutions"),
    "framework": (GRAPH + "framework/",),
    "esco": (GRAPH + "esco",),
    "rdf": (GRAPH + "rdf/",),
    "study": (GRAPH + "study/",),
    "result": (RESULT_GRAPHS,),
}
#: Graphs no import may write: only the bundle refresh (``system=True``) does.
SYSTEM_GRAPHS = frozenset({SYSTEM_GRAPH, ONTOLOGY_GRAPH, LEDGER_GRAPH})


def check_ownership(graphs: Mapping[str, RdfPayload | None], parsed: Iterable[ox.Quad],
                    bundled: Iterable[str], *, owner: str | None, system: bool) -> None:
    """Refuse a write that reaches a graph its caller does not own (see the module docstring).

    :raises GraphOwnershipError: naming the graph and the payload that named it; nothing has
        been written then.
    """
    declared = set(graphs)
    problems: list[Problem] = []
    stray: dict[str, str] = {}
    for quad in parsed:
        name = quad.graph_name.value  # type: ignore[union-attr]
        if name not in declared and name not in stray:
            stray[name] = ""
    sources = {g: (p.source if p is not None else "") for g, p in graphs.items()}
    first_source = next((p.source for p in graphs.values() if p is not None), "")
    for name in stray:
        if name.startswith(GRAPH):
            problems.append(Problem(
                f"the graph <{name}> is in the reserved namespace <{GRAPH}>: a file may not "
                "name graphs there", Location(file=first_source)))
    if owner is not None:
        prefixes = OWNED_GRAPHS[owner]
        for name in declared:
            if not name.startswith(prefixes) and (owner != "rdf" or name.startswith(GRAPH)):
                problems.append(Problem(
                    f"a {owner} import may not write the graph <{name}>: it writes only under "
                    + ", ".join(f"<{p}>" for p in prefixes), Location(file=sources[name])))
        if stray and owner != "rdf":
            problems.append(Problem(f"a {owner} import may not name its own graphs",
                                    Location(file=first_source)))
    if not system:
        protected = SYSTEM_GRAPHS | set(bundled)
        for name in sorted((declared | set(stray)) & protected):
            problems.append(Problem(
                f"the graph <{name}> holds bundled or system data, which an import may not "
                "replace (a framework update does)", Location(file=sources.get(name)
                                                              or first_source)))
    if problems:
        raise GraphOwnershipError(problems)


def ledger_text(graphs: Iterable[str], existing: Iterable[str] = ()) -> str:
    """Return the update that records graph names in the ledger ('' for none) and, when the
    write can change a computed result (:func:`affects_results`; ``existing``: the graphs among
    them that hold data before the write), a new dependency revision (:func:`revision_text`)."""
    graphs = set(graphs)
    # result graphs are derived data, named by what they derive from: no name to reserve
    names = sorted({g for g in graphs if g.startswith(GRAPH) and g not in SYSTEM_GRAPHS
                    and not g.startswith(RESULT_GRAPHS)})
    before = set(existing)
    steps = ([revision_text()] if any(affects_results(g, g in before) for g in graphs)
             else [])
    if names:
        ledger = ox.NamedNode(LEDGER_GRAPH)
        part = ox.NamedNode(DCTERMS + "hasPart")
        body = " .\n".join(f"{ledger} {part} {ox.NamedNode(g)}" for g in names)
        steps.append(f"INSERT DATA {{ GRAPH {ledger} {{\n{body} .\n}} }}")
    return " ;\n".join(steps)


def affects_results(graph: str, existed: bool = False) -> bool:
    """Whether writing ``graph`` can change a computed programme result: creating any graph
    but the :data:`~competency_graph.namespaces.RESULT_NEUTRAL_GRAPHS` (a new programme
    version, ESCO, a study, indicators), and replacing or dropping any graph that ``existed``
    but a result graph (a programme version graph is immutable in the product's own writes,
    but an operator's ``import --graph`` may replace one)."""
    if graph == LEDGER_GRAPH or graph.startswith(RESULT_GRAPHS):
        return False
    return existed or not graph.startswith(RESULT_NEUTRAL_GRAPHS)


def revision_text() -> str:
    """The update that gives the ledger a new ``cg:dependencyRevision`` (a random token):
    every result computed before it is stale (services/system/results.py)."""
    ledger = ox.NamedNode(LEDGER_GRAPH)
    prop = ox.NamedNode(CG + "dependencyRevision")
    token = ox.Literal(uuid.uuid4().hex)
    return (f"DELETE WHERE {{ GRAPH {ledger} {{ {ledger} {prop} ?revision }} }} ;\n"
            f"INSERT DATA {{ GRAPH {ledger} {{ {ledger} {prop} {token} }} }}")


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

@dataclass(frozen=True)
class ReaderSpec:
    """How a worker process opens a read-only view of a store (:meth:`GraphStore.reader`):
    ``snapshot`` (the path of an embedded store's query snapshot) or ``remote`` (the endpoint
    and the options of a remote store). Plain data: it crosses a process boundary."""

    kind: str
    location: str
    options: tuple[tuple[str, Any], ...] = ()


#: Seconds a remote store reuses what it read (``GraphStore.data_version``) when it did not
#: write itself: how long another process's write may go unseen. Within one process, a write
#: is seen at once.
REMOTE_REUSE = 0.5

#: The graphs the named queries of the current context see (``GraphStore.scope``); None: all.
_SCOPE: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar(
    "competency_graph_scope", default=None)


def current_scope() -> tuple[str, ...] | None:
    """The graphs of the innermost :meth:`GraphStore.scope` (None outside any)."""
    return _SCOPE.get()


class GraphStore(ABC):
    """A quad store whose queries see the union of its named graphs as the default graph."""

    kind: str = "abstract"
    #: A store that lives for one command (the CLI's scratch store for a workbook): what is
    #: computed over it is not stored in it (services/system/results.py).
    transient: bool = False

    def __init__(self, *, query_timeout: float = 30.0,
                 limits: QueryLimits | None = None) -> None:
        self.query_timeout = query_timeout
        self.limits = limits or QueryLimits()
        self._slots = SlotPool(self.limits.slots, self.limits.slots_per_client,
                               self.limits.slot_wait)
        #: Called with ``"write-begin"`` right before a replacement's final transaction starts
        #: and ``"write-end"`` right after it committed (crash-safety tests watch it; see
        #: ``COMPETENCY_GRAPH_WRITE_TRACE``).
        self.trace: Callable[[str], None] | None = None
        self._revision: tuple[Hashable, str] | None = None

    def _trace(self, phase: str) -> None:
        if self.trace is not None:
            self.trace(phase)

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

    @contextmanager
    def scope(self, graphs: Iterable[str]) -> Iterator[None]:
        """Within the block, the named queries of this thread (and of the tasks it starts)
        need see only ``graphs``: a store whose queries name their dataset (a remote engine
        without a union default graph) sends just these, their merge as the default graph and
        each as a named graph, instead of every graph it holds (issue 15 item 1: one
        programme's analysis reads its own version graph and what it depends on, so its cost
        does not grow with the number of programmes stored). A store whose union default graph
        is cheaper (the embedded one, measured) may ignore it: the queries of a scope must
        answer the same either way. Scopes nest: the inner one wins."""
        token = _SCOPE.set(tuple(dict.fromkeys(graphs)))
        try:
            yield
        finally:
            _SCOPE.reset(token)

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
                       named_graphs: Sequence[str] | None = None,
                       client: str | None = None) -> QueryOutput:
        """Run a query a user wrote, read-only, time-limited and within :attr:`limits`,
        serialised as asked.

        Default prefixes (:data:`PREFIXES`) are available. A few user queries run at a time,
        at most ``slots_per_client`` for one ``client`` (a key such as the caller's address);
        past that a request waits briefly, then is refused rather than queued.

        :raises QueryTooLargeError: for a query, or an answer, over the limits.
        :raises QueryRefusedError: for an update or a ``SERVICE`` clause.
        :raises QueryBusyError: when no query slot is free in time.
        :raises QuerySyntaxError: when the query does not parse.
        :raises QueryTimeoutError: when the answer takes longer than the time limit.
        """
        query = user_query(text, results_format, graph_format, default_graphs, named_graphs,
                           self.limits)
        limit = self.query_timeout if timeout is None else timeout
        with self._slots.slot(client):
            return self._run_bounded(query, limit)

    def _run_bounded(self, query: UserQuery, limit: float) -> QueryOutput:
        """Run a checked user query under the time limit (here: in a thread that is abandoned
        at the limit; the embedded store kills a child process instead)."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            try:
                box["out"] = self._user_query(query)
            except BaseException as exc:
                # without its frames: engine objects must be dropped on this thread
                box["err"] = exc.with_traceback(None)
            finally:
                done.set()

        worker = threading.Thread(target=work, name="user-query", daemon=True)
        worker.start()
        if not done.wait(limit):
            raise QueryTimeoutError(f"the query ran longer than the {limit:g} s time limit")
        if "err" in box:
            raise box["err"]
        out: QueryOutput = box["out"]
        return out

    @contextmanager
    def reader(self) -> Iterator[ReaderSpec | None]:
        """Within the block, worker processes may open a read-only view of this store with
        ``store.open_reader(spec)``; ``None`` means the store lives in this process only (in
        memory): a worker forked from it reads its copy-on-write copy."""
        yield None

    def data_version(self) -> Hashable:
        """A token that changes whenever what this store holds may have changed: what is
        read from it may be reused while the token stays the same. This base answers a new
        token each time (never reuse); the embedded store, the only writer of its data, counts
        its writes (exact); a remote store counts its own writes and adds a time bucket of
        :data:`REMOTE_REUSE` seconds for the writes of other processes."""
        return object()

    def dependency_revision(self) -> str:
        """The ledger's ``cg:dependencyRevision``: a token renewed with every write to a graph
        that analyses read besides the programme itself (:func:`affects_results`); ``"0"``
        for a store never written since revisions exist. Caches of what is derived from such
        graphs (the crosswalk closure, computed results) are keyed by it. Read again when
        :meth:`data_version` changes."""
        version = self.data_version()
        known = self._revision
        if known is not None and known[0] == version:
            return known[1]
        with self.scope([LEDGER_GRAPH]):
            rows = self.select("get_dependency_revision", ledger=IRI(LEDGER_GRAPH))
        revision = str(rows[0]["revision"]) if rows and "revision" in rows[0] else "0"
        self._revision = (version, revision)
        return revision

    def issued_graphs(self, prefix: str) -> list[str]:
        """Every named graph whose IRI starts with ``prefix`` that the store ever wrote, dropped
        ones included (from the ledger graph)."""
        rows = self.select("list_issued_graphs", ledger=IRI(LEDGER_GRAPH),
                           prefix=Literal(prefix))
        return [str(r["graph"]) for r in rows if "graph" in r]

    def _bundled_graphs(self) -> list[str]:
        return [str(r["graph"]) for r in self.select("list_bundled_graphs") if "graph" in r]

    def _plan_write(self, graphs: Mapping[str, RdfPayload | None], *, owner: str | None,
                    system: bool) -> list[ox.Quad]:
        """Parse every payload completely and check graph ownership; nothing is written.

        :raises InputError: for a syntax error (located) or a graph the writer does not own.
        """
        parsed: list[ox.Quad] = []
        for graph, payload in graphs.items():
            if payload is not None:
                parsed.extend(parse_payload(payload, graph))
        check_ownership(graphs, parsed, self._bundled_graphs(), owner=owner, system=system)
        return parsed

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
    def replace_graphs(self, graphs: Mapping[str, RdfPayload | None], *,
                       owner: str | None = None, system: bool = False) -> int:
        """Replace each named graph by its payload (``None`` drops it), all in one transaction
        whatever the size: a kill at any moment leaves the old graphs or the new ones.

        Every payload is parsed before anything is written; a parse error raises
        :class:`InputError` and leaves the store as it was. Graph ownership is checked then
        (:func:`check_ownership`: ``owner`` is the import kind, ``system`` is for the bundle
        refresh only), and the graph names enter the ledger before the data is written.
        Returns the number of quads written.
        """

    def replace_graph(self, graph: str, payload: RdfPayload, *, owner: str | None = None) -> int:
        """Replace one named graph atomically (see :meth:`replace_graphs`)."""
        return self.replace_graphs({graph: payload}, owner=owner)

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
