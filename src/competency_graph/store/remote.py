"""The remote store: any SPARQL 1.1 Query + Update endpoint over HTTP.

Union default graph: SPARQL has no standard switch for it, so by default every query names the
dataset explicitly — each named graph once as ``default-graph-uri`` (their merge is the default
graph) and once as ``named-graph-uri`` (so ``GRAPH ?g`` still reaches each dataset). The graph
list is cached for one second. With ``union_param=True`` the store sends Oxigraph server's own
``union-default-graph`` parameter instead (one fewer round trip; Oxigraph only).

Parameters of named queries fill their ``VALUES ?x { UNDEF }`` placeholders with validated terms
(:func:`~competency_graph.store.base.bind_values`), as on the embedded store.
Replacements are one SPARQL Update request (``DROP SILENT GRAPH`` + ``INSERT DATA``), which the
server applies as one transaction. With a Graph Store Protocol endpoint (``gsp_url``, or the
dialect's, as on Virtuoso: :mod:`competency_graph.store.dialects`) each graph is replaced by one
``PUT`` instead — atomic per graph, not across the graphs of one replacement.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from urllib.parse import urljoin

import httpx
import pyoxigraph as ox

from competency_graph import resources
from competency_graph.errors import QuerySyntaxError, StoreError
from competency_graph.model import Bindable, QueryOutput, RdfPayload, Row, Term, UserQuery
from competency_graph.namespaces import PREFIXES, USER_QUERY_BASE
from competency_graph.store.base import (
    RDF_FORMATS,
    RESULT_FORMATS,
    GraphStore,
    bind_values,
    insert_data_text,
    parse_payload,
    prefix_block,
    solutions_to_rows,
)
from competency_graph.store.dialects import Dialect, get_dialect, query_form

_JSON = "application/sparql-results+json"


class SparqlEndpointStore(GraphStore):
    """A store behind SPARQL 1.1 Query and Update endpoints."""

    kind = "sparql-endpoint"

    def __init__(self, query_url: str, *, update_url: str | None = None,
                 union_param: bool = False, query_timeout: float = 30.0,
                 client: httpx.Client | None = None,
                 dialect: str | Dialect | None = None,
                 graph_store_url: str | None = None) -> None:
        super().__init__(query_timeout=query_timeout)
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.union_param = union_param
        self.dialect = dialect if isinstance(dialect, Dialect) else get_dialect(dialect)
        path = self.dialect.graph_store_path
        self.graph_store_url = (graph_store_url or (urljoin(query_url, path) if path else None))
        self._client = client or httpx.Client(timeout=httpx.Timeout(query_timeout + 5))
        self._graphs: tuple[float, list[str]] | None = None

    # HTTP ---------------------------------------------------------------------------------
    def _dataset_form(self) -> dict[str, list[str]]:
        if self.union_param:
            return {}
        graphs = self.graph_names()
        return {"default-graph-uri": graphs, "named-graph-uri": graphs} if graphs else {}

    def _post_query(self, text: str, accept: str, dataset: bool = True,
                    timeout: float | None = None,
                    form: dict[str, list[str]] | None = None) -> httpx.Response:
        form = {"query": text, **(self._dataset_form() if dataset else {}), **(form or {})}
        url_params = {"union-default-graph": ""} if dataset and self.union_param else None
        try:
            response = self._client.post(self.query_url, data=form, params=url_params,
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
        results_format = query.results_format
        result_type = RESULT_FORMATS[results_format].media_type
        graph_type = RDF_FORMATS[query.graph_format].media_type
        accept = f"{result_type}, {graph_type};q=0.9"
        text = f"BASE <{USER_QUERY_BASE}>\n" + prefix_block() + query.text
        if self.dialect.canonical_results:
            form_kind = query_form(query.text)
            accept = _JSON if form_kind in ("SELECT", "ASK", None) else "application/n-triples"
        if query.default_graphs is None and query.named_graphs is None:
            response = self._post_query(text, accept)
        else:
            response = self._post_query(text, accept, dataset=False,
                                        form={"default-graph-uri": list(query.default_graphs
                                                                        or ()),
                                              "named-graph-uri": list(query.named_graphs or ())})
        if self.dialect.canonical_results:
            return self._reserialised(response.content, accept, query)
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        kind = "graph" if media_type == graph_type else "solutions"
        head = response.content[:200]
        if kind == "solutions" and results_format == "json" and b'"boolean"' in head:
            kind = "boolean"
        return QueryOutput(response.content, media_type or result_type, kind)

    @staticmethod
    def _reserialised(body: bytes, received: str, query: UserQuery) -> QueryOutput:
        """Serialise a canonical answer (results JSON or N-Triples) in the asked format."""
        if received == _JSON:
            results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            fmt = RESULT_FORMATS[query.results_format]
            kind = "boolean" if isinstance(results, ox.QueryBoolean) else "solutions"
            return QueryOutput(results.serialize(format=fmt) or b"", fmt.media_type, kind)
        triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        rdf = RDF_FORMATS[query.graph_format]
        if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            out = ox.serialize(triples, format=rdf, prefixes=PREFIXES)
        else:
            out = ox.serialize(triples, format=rdf)
        return QueryOutput(out or b"", rdf.media_type, "graph")

    # writes -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[str, RdfPayload | None]) -> int:
        parsed: list[ox.Quad] = []
        for graph, payload in graphs.items():
            if payload is not None:
                parsed.extend(parse_payload(payload, graph))
        targets = sorted(set(graphs) | {q.graph_name.value for q in parsed})
        drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in targets)
        if self.graph_store_url is not None:
            self._put_graphs(targets, parsed)
            return len(parsed)
        insert = insert_data_text(parsed)
        self._post_update(drops + (" ;\n" + insert if insert else ""))
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
            return bytes(ox.serialize(triples, format=rdf, prefixes=PREFIXES))
        return bytes(ox.serialize(triples, format=rdf))

    def close(self) -> None:
        self._client.close()

