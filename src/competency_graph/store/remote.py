"""The remote store: any SPARQL 1.1 Query + Update endpoint over HTTP.

Union default graph: SPARQL has no standard switch for it, so by default every query names the
dataset explicitly — each named graph once as ``default-graph-uri`` (their merge is the default
graph) and once as ``named-graph-uri`` (so ``GRAPH ?g`` still reaches each dataset). The graph
list is cached for one second. With ``union_param=True`` the store sends Oxigraph server's own
``union-default-graph`` parameter instead (one fewer round trip; Oxigraph only).

Parameters of named queries fill their ``VALUES ?x { UNDEF }`` placeholders with validated terms
(:func:`~competency_graph.store.base.bind_values`), as on the embedded store.
Replacements are one SPARQL Update request (ledger ``INSERT DATA`` + ``DROP SILENT GRAPH`` +
``INSERT DATA``), whatever the size: SPARQL 1.1 Update asks a server to apply one request as one
operation, and Oxigraph server runs it as one transaction, so a server killed mid-request keeps
the old graphs or has the new ones (``tests/store/test_crash_safety.py`` kills one). A server
that applies the operations of a request one by one (check its documentation) gives no such
guarantee; docs/storage.md lists what is known. With a Graph Store Protocol endpoint
(``gsp_url``, or the dialect's, as on Virtuoso: :mod:`competency_graph.store.dialects`) each graph
is replaced by one ``PUT`` instead: atomic per graph, not across the graphs of one replacement
(docs/deployment.md).

User queries ask the server for SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE),
read the answer as it streams in and stop past :attr:`QueryLimits.max_bytes`, then count rows
and serialise as the user asked (:func:`~competency_graph.store.base.serialize_answer`), so the
caps are the same as on the embedded store. ``SERVICE`` is refused before the request is sent.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from urllib.parse import urljoin

import httpx
import pyoxigraph as ox

from competency_graph import resources
from competency_graph.errors import QuerySyntaxError, QueryTooLargeError, StoreError
from competency_graph.model import Bindable, QueryOutput, RdfPayload, Row, Term, UserQuery
from competency_graph.namespaces import RESULT_GRAPHS, USER_QUERY_BASE
from competency_graph.store.base import (
    RDF_FORMATS,
    REMOTE_REUSE,
    GraphStore,
    QueryLimits,
    ReaderSpec,
    affects_results,
    as_bytes,
    bind_values,
    current_scope,
    insert_data_text,
    ledger_text,
    prefix_block,
    revision_text,
    serialize_answer,
    solutions_to_rows,
)
from competency_graph.store.dialects import Dialect, get_dialect, query_form

_JSON = "application/sparql-results+json"


class SparqlEndpointStore(GraphStore):
    """A store behind SPARQL 1.1 Query and Update endpoints."""

    kind = "sparql-endpoint"

    def __init__(self, query_url: str, *, update_url: str | None = None,
                 union_param: bool = False, query_timeout: float = 30.0,
                 client: httpx.Client | None = None, limits: QueryLimits | None = None,
                 dialect: str | Dialect | None = None,
                 graph_store_url: str | None = None) -> None:
        super().__init__(query_timeout=query_timeout, limits=limits)
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.union_param = union_param
        self.dialect = dialect if isinstance(dialect, Dialect) else get_dialect(dialect)
        path = self.dialect.graph_store_path
        self.graph_store_url = (graph_store_url or (urljoin(query_url, path) if path else None))
        self._client = client or httpx.Client(timeout=httpx.Timeout(query_timeout + 5))
        self._graphs: tuple[float, list[str]] | None = None
        self._writes = 0

    def data_version(self) -> Hashable:
        """This client's write count and a :data:`REMOTE_REUSE`-second time bucket (other
        processes may write the endpoint)."""
        return self._writes, int(time.monotonic() / REMOTE_REUSE)

    @contextmanager
    def reader(self) -> Iterator[ReaderSpec | None]:
        """Workers open their own client of the same endpoint."""
        yield ReaderSpec("remote", self.query_url, (
            ("update_url", self.update_url), ("union_param", self.union_param),
            ("query_timeout", self.query_timeout), ("dialect", self.dialect.name),
            ("graph_store_url", self.graph_store_url), ("limits", self.limits)))

    # HTTP ---------------------------------------------------------------------------------
    def _dataset_form(self) -> dict[str, list[str]]:
        # With Oxigraph's union default graph a scope is not needed (as on the embedded
        # store, the bound queries cost the same whatever else is stored, and an explicit
        # dataset of some 60 graphs is several times slower there); without it, the scope
        # keeps the dataset of one programme's analysis from growing with the store.
        if self.union_param:
            return {}
        scope = current_scope()
        # result graphs are read by name only, within a scope (services/system/results.py)
        graphs = (list(scope) if scope is not None else
                  [g for g in self.graph_names() if not g.startswith(RESULT_GRAPHS)])
        return {"default-graph-uri": graphs, "named-graph-uri": graphs} if graphs else {}

    def _post_query(self, text: str, accept: str, dataset: bool = True,
                    timeout: float | None = None,
                    form: dict[str, list[str]] | None = None) -> httpx.Response:
        data: dict[str, str | list[str]] = {"query": text,
                                            **(self._dataset_form() if dataset else {}),
                                            **(form or {})}
        url_params = {"union-default-graph": ""} if dataset and self.union_param else None
        try:
            response = self._client.post(self.query_url, data=data, params=url_params,
                                         headers={"Accept": accept},
                                         timeout=timeout or self.query_timeout + 5)
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL endpoint {self.query_url} did not answer: {exc}") from exc
        if response.status_code == 400:
            raise QuerySyntaxError(f"the endpoint refused the query: {response.text.strip()}")
        if response.status_code >= 300:
            raise StoreError(f"the SPARQL endpoint answered {response.status_code}: "
                             f"{response.text.strip()[:500]}")
        return response

    def _post_update(self, text: str) -> None:
        try:
            response = self._client.post(
                self.update_url, content=text.encode("utf-8"),
                headers={"Content-Type": "application/sparql-update"},
                timeout=max(self.query_timeout, 300))
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL update endpoint did not answer: {exc}") from exc
        if response.status_code >= 300:
            raise StoreError(f"the SPARQL update endpoint answered {response.status_code}: "
                             f"{response.text.strip()[:500]}")
        self._graphs = None
        self._writes += 1

    @staticmethod
    def _bind(text: str, bindings: Mapping[str, Bindable | Term]) -> str:
        return bind_values(text, bindings) if bindings else text

    # queries ------------------------------------------------------------------------------
    def _select(self, text: str, bindings: Mapping[str, Bindable | Term]) -> list[Row]:
        response = self._post_query(prefix_block() + self._bind(text, bindings), _JSON)
        return solutions_to_rows(ox.parse_query_results(response.content,
                                                        format=ox.QueryResultsFormat.JSON))

    def _ask(self, text: str, bindings: Mapping[str, Bindable | Term]) -> bool:
        response = self._post_query(prefix_block() + self._bind(text, bindings), _JSON)
        return bool(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON))

    def _construct(self, text: str, bindings: Mapping[str, Bindable | Term]) -> bytes:
        response = self._post_query(prefix_block() + self._bind(text, bindings),
                                    "application/n-triples")
        return response.content

    def _update(self, text: str, bindings: Mapping[str, Bindable | Term]) -> None:
        if bindings:
            raise ValueError("updates take no bindings")
        self._post_update(prefix_block() + text)

    def _user_query(self, query: UserQuery) -> QueryOutput:
        accept = f"{_JSON}, application/n-triples;q=0.9"
        if self.dialect.canonical_results:  # an engine that ignores q-values (Virtuoso)
            kind = query_form(query.text)
            accept = _JSON if kind in ("SELECT", "ASK", None) else "application/n-triples"
        text = f"BASE <{USER_QUERY_BASE}>\n" + prefix_block() + query.text
        if query.default_graphs is None and query.named_graphs is None:
            form = {"query": text, **self._dataset_form()}
            params = {"union-default-graph": ""} if self.union_param else None
        else:
            form = {"query": text, "default-graph-uri": list(query.default_graphs or ()),
                    "named-graph-uri": list(query.named_graphs or ())}
            params = None
        media_type, body = self._stream_answer(form, params, accept)
        if media_type == "application/n-triples":
            result: object = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        else:
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return serialize_answer(result, query, self.limits)

    def _stream_answer(self, form: Mapping[str, str | Sequence[str]],
                       params: dict[str, str] | None,
                       accept: str) -> tuple[str, bytes]:
        """POST a user query and read the answer, stopping past the byte cap."""
        cap = self.limits.max_bytes
        try:
            with self._client.stream("POST", self.query_url, data=form, params=params,
                                     headers={"Accept": accept},
                                     timeout=self.query_timeout + 5) as response:
                if response.status_code >= 300:
                    response.read()
                    if response.status_code == 400:
                        raise QuerySyntaxError(
                            f"the endpoint refused the query: {response.text.strip()}")
                    raise StoreError(f"the SPARQL endpoint answered {response.status_code}: "
                                     f"{response.text.strip()[:500]}")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise QueryTooLargeError(
                            f"the answer has more than {cap:,} bytes, the limit of this "
                            "endpoint: narrow the query, or page through it with LIMIT and "
                            "OFFSET")
                    chunks.append(chunk)
                media_type = response.headers.get("content-type", "").split(";")[0].strip()
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL endpoint {self.query_url} did not answer: {exc}") from exc
        return media_type, b"".join(chunks)

    # writes -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[str, RdfPayload | None], *,
                       owner: str | None = None, system: bool = False) -> int:
        parsed = self._plan_write(graphs, owner=owner, system=system)
        targets = sorted(set(graphs) | {q.graph_name.value for q in parsed})  # type: ignore[union-attr]
        self._graphs = None
        existing = set(self.graph_names())
        ledger = ledger_text([g for g in targets if g in existing
                              or graphs.get(g) is not None or g not in graphs],
                             existing=[g for g in targets if g in existing])
        if self.graph_store_url is not None:
            if ledger:
                self._post_update(ledger)
            self._trace("write-begin")
            self._put_graphs(targets, parsed)
            self._trace("write-end")
            if any(affects_results(g, g in existing) for g in targets):
                # again after the graphs: a result computed while they were being written
                # carries the first revision, and is stale now
                self._post_update(revision_text())
            return len(parsed)
        steps = [ledger] if ledger else []
        steps += [f"DROP SILENT GRAPH <{g}>" for g in targets]
        insert = insert_data_text(parsed)
        if insert:
            steps.append(insert)
        self._trace("write-begin")
        self._post_update(" ;\n".join(steps))
        self._trace("write-end")
        return len(parsed)

    def _put_graphs(self, targets: list[str], quads: list[ox.Quad]) -> None:
        """Write through the Graph Store Protocol: each target graph is replaced by its
        triples (``PUT``) or removed (``DELETE``), each in the engine's own transaction."""
        assert self.graph_store_url is not None
        by_graph: dict[str, list[ox.Triple]] = {}
        for quad in quads:
            if isinstance(quad.graph_name, ox.NamedNode):
                by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
        param = self.dialect.graph_store_param
        try:
            for graph in targets:
                triples = by_graph.get(graph)
                if triples:
                    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                    response = self._client.put(
                        self.graph_store_url, params={param: graph}, content=body,
                        headers={"Content-Type": "application/n-triples"},
                        timeout=max(self.query_timeout, 300))
                else:
                    response = self._client.delete(self.graph_store_url, params={param: graph},
                                                   timeout=max(self.query_timeout, 300))
                    if response.status_code == 404:
                        continue
                if response.status_code >= 300:
                    raise StoreError(f"the graph store endpoint answered {response.status_code} "
                                     f"for <{graph}>: {response.text.strip()[:500]}")
        except httpx.HTTPError as exc:
            raise StoreError(f"the graph store endpoint did not answer: {exc}") from exc
        finally:
            self._graphs = None
            self._writes += 1

    # reads --------------------------------------------------------------------------------
    def graph_names(self) -> list[str]:
        if self._graphs and time.monotonic() - self._graphs[0] < 1.0:
            return self._graphs[1]
        response = self._post_query(resources.query_text(self.dialect.graph_query), _JSON,
                                    dataset=False)
        rows = solutions_to_rows(ox.parse_query_results(response.content,
                                                        format=ox.QueryResultsFormat.JSON))
        names = sorted(str(r["g"]) for r in rows
                       if "g" in r and str(r["g"]) not in self.dialect.system_graphs)
        self._graphs = (time.monotonic(), names)
        return names

    def triple_count(self) -> int:
        if not self.dialect.system_graphs:
            response = self._post_query(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", _JSON, dataset=False)
            rows = solutions_to_rows(ox.parse_query_results(response.content,
                                                            format=ox.QueryResultsFormat.JSON))
            return int(str(rows[0]["n"])) if rows else 0
        response = self._post_query(resources.query_text("count_graph_triples"), _JSON,
                                    dataset=False)
        rows = solutions_to_rows(ox.parse_query_results(response.content,
                                                        format=ox.QueryResultsFormat.JSON))
        return sum(int(str(r["triples"])) for r in rows
                   if str(r.get("graph")) not in self.dialect.system_graphs)

    def export_graph(self, graph: str, fmt: str = "turtle") -> bytes:
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"
        nt = self._post_query(text, "application/n-triples", dataset=False).content
        if fmt == "ntriples" and not self.dialect.canonical_results:
            return nt
        triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
        from competency_graph.namespaces import PREFIXES

        rdf = RDF_FORMATS[fmt]
        if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            return as_bytes(ox.serialize(triples, format=rdf, prefixes=PREFIXES))
        return as_bytes(ox.serialize(triples, format=rdf))

    def close(self) -> None:
        self._client.close()

