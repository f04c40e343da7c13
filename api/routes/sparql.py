"""The SPARQL 1.1 Protocol endpoint, for queries only.

``GET /sparql?query=…`` and ``POST /sparql`` (form-encoded ``query=…``, or a body of type
``application/sparql-query``). Results by content negotiation: SPARQL JSON, XML, CSV or TSV for
SELECT/ASK; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT/DESCRIBE. Updates are refused
(403): the endpoint is read-only. Each query runs under the configured time limit (503 past it).
Without a dataset, queries see the union of all named graphs as their default graph and reach
each named graph with ``GRAPH``; the protocol's ``default-graph-uri`` / ``named-graph-uri``
parameters choose another dataset (they override ``FROM`` / ``FROM NAMED`` in the query). The W3C
protocol test suite is replayed against this endpoint in ``tests/api/test_sparql_protocol.py``.

Limits (settings ``COMPETENCY_GRAPH_SPARQL_*``, SECURITY.md): a query longer than the limit is
refused with 413 before its body is read whole; ``SERVICE`` is refused (403) unless its endpoint
is on the configured list; an answer over the row or byte cap fails with 422 (never truncated);
each client address holds a fair share of the query slots (503 with ``Retry-After`` past it),
so one client's runaway queries cannot take every slot.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request, Response

from api.deps import StoreDep
from competency_graph import services

router = APIRouter(tags=["sparql"])

#: The media types of the answers (SPARQL results for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE).
_MEDIA = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
          "text/tab-separated-values", "text/turtle", "application/n-triples",
          "application/ld+json", "application/rdf+xml")
_RESULTS: dict[int | str, dict[str, Any]] = {200: {
    "description": "Query results in the negotiated format",
    "content": {media: {"schema": {"type": "object"} if "json" in media else {"type": "string"}}
                for media in _MEDIA}}}
_QUERY: dict[str, Any] = {
    "name": "query", "in": "query", "required": False, "schema": {"type": "string"},
    "description": "The SPARQL query (GET; or a form field of POST)."}

_DESCRIPTION = ("Read-only SPARQL 1.1 query endpoint over the union of all named graphs. "
                "Prefixes cg:, skos:, dcterms:, … are predeclared.")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limit(store: object) -> int:
    """The longest query the store accepts (its ``limits``, from the settings)."""
    return int(store.limits.max_query_chars)  # type: ignore[attr-defined]


def _answer(store: object, text: str, accept: str | None,
            params: list[tuple[str, str]], client: str) -> Response:
    results = services.negotiate(accept, services.RESULT_MEDIA_TYPES, "json")
    graph = services.negotiate(accept, services.GRAPH_MEDIA_TYPES, "turtle")
    defaults = [v for k, v in params if k == "default-graph-uri"]
    named = [v for k, v in params if k == "named-graph-uri"]
    dataset = bool(defaults or named)
    output = services.run_query(store, text, results_format=results,  # type: ignore[arg-type]
                                graph_format=graph,
                                default_graphs=defaults if dataset else None,
                                named_graphs=named if dataset else None, client=client)
    media = output.media_type
    if media.startswith("text/") and "charset" not in media:
        media += "; charset=utf-8"
    return Response(output.body, media_type=media, headers={"Vary": "Accept"})


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise HTTPException(400, f"the {name!r} parameter was given more than once")
    return values[0] if values else None


def _check(params: list[tuple[str, str]]) -> None:
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise HTTPException(403, "updates are not accepted: this endpoint is read-only")


@router.get("/sparql", summary="SPARQL query (GET)", description=_DESCRIPTION,
            response_class=Response, responses=_RESULTS,
            openapi_extra={"parameters": [_QUERY]})
def read_sparql(request: Request, store: StoreDep) -> Response:
    """Answer a query passed as the ``query`` URL parameter."""
    params = list(request.query_params.multi_items())
    _check(params)
    text = _one(params, "query")
    if text is None:
        raise HTTPException(400, "missing the 'query' parameter")
    return _answer(store, text, request.headers.get("accept"), params, _client(request))


@router.post("/sparql", summary="SPARQL query (POST)", description=_DESCRIPTION,
             response_class=Response, responses=_RESULTS,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "properties": {"query": {"type": "string"}},
                     "required": ["query"]}},
                 "application/sparql-query": {"schema": {"type": "string"}}}}})
async def read_sparql_by_post(request: Request, store: StoreDep) -> Response:
    """Answer a query sent form-encoded or as ``application/sparql-query``."""
    header = request.headers.get("content-type", "")
    content_type = header.split(";")[0].strip().lower()
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in header.split(";")[1:]
                    if p.strip().lower().startswith("charset=")), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise HTTPException(400, f"the request body must be UTF-8, not {charset}")
    # a form-encoded query is at most 12 bytes per character (%XX of 4-byte UTF-8)
    cap = _limit(store) * (12 if content_type == "application/x-www-form-urlencoded" else 4)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise HTTPException(413, f"the query is larger than the limit of {_limit(store):,} "
                            "characters")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise HTTPException(413, f"the query is larger than the limit of "
                                f"{_limit(store):,} characters")
        chunks.append(chunk)
    body = b"".join(chunks)
    url_params = list(request.query_params.multi_items())
    if content_type == "application/sparql-update":
        raise HTTPException(403, "updates are not accepted: this endpoint is read-only")
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8") from None
    if content_type == "application/x-www-form-urlencoded":
        try:
            params = url_params + parse_qsl(decoded, keep_blank_values=True,
                                            encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            raise HTTPException(400, "the form is not UTF-8") from None
        _check(params)
        text = _one(params, "query")
        if text is None:
            raise HTTPException(400, "missing the 'query' form field")
    elif content_type == "application/sparql-query":
        _check(url_params)
        if _one(url_params, "query") is not None:
            raise HTTPException(400, "a query in both the URL and the body")
        text = decoded
        params = url_params
    else:
        raise HTTPException(415, "send application/x-www-form-urlencoded or "
                            "application/sparql-query")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_answer, store, text, request.headers.get("accept"), params,
                                   _client(request))
