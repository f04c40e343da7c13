"""Errors as RFC 9457 problem details (``application/problem+json``), mapped once.

* package errors (``competency_graph.errors``): ``InputError`` → 422 with every located
  problem in ``errors``, ``NotFoundError`` → 404, busy / timeout / store → 503 …;
* HTTP errors (404 route, 405, 401 …) and request validation (422, with ``json_path``);
* anything else → 500 with an ``error_id``: the traceback is logged server-side under that id
  (logger ``competency_graph.api``); the body holds no traceback, no exception text and no
  server path.

:data:`ERROR_RESPONSES` documents the problem model for 4XX (422 named) and 5XX in OpenAPI;
it replaces FastAPI's ``HTTPValidationError``, which this service never sends.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas.common import Problem
from competency_graph.errors import (
    CompetencyGraphError,
    InputError,
    NotFoundError,
    QueryBusyError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
)

PROBLEM = "application/problem+json"
#: Longest ``instance`` (request path) echoed in a problem.
MAX_INSTANCE = 200
LOG = logging.getLogger("competency_graph.api")
_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 406: "Not acceptable", 413: "Content too large",
           415: "Unsupported media type", 422: "Invalid input", 429: "Too many requests",
           503: "Service unavailable", 500: "Internal error"}

_PROBLEM_CONTENT = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
#: The error responses of every operation (added to each router in ``api.main``).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input: every problem located (problem+json)",
          "model": Problem, "content": _PROBLEM_CONTENT},
    "4XX": {"description": "Client error (problem+json)", "model": Problem,
            "content": _PROBLEM_CONTENT},
    "5XX": {"description": "Server error or store busy (problem+json)", "model": Problem,
            "content": _PROBLEM_CONTENT},
}


def document(app: FastAPI) -> None:
    """Make ``app.openapi()`` document problem+json only: error responses (4XX, 5XX and the
    named 4xx/5xx codes) list ``application/problem+json`` and not the ``application/json``
    copy FastAPI adds for a response model (the CASE provider's ``imsx_StatusInfo`` errors,
    which are JSON, keep theirs)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = generate()
        for operations in spec.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(status)[0] in "45" and PROBLEM in content:
                        content.pop("application/json", None)
        schemas = spec.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def problem(status: int, detail: str, *, type_: str = "about:blank", instance: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """Return a problem+json response."""
    body: dict[str, Any] = {"type": type_, "title": _TITLES.get(status, "Error"),
                            "status": status, "detail": detail}
    if instance:
        # the request path, shortened: a 100,000-character id is not echoed back
        body["instance"] = instance if len(instance) <= MAX_INSTANCE else (
            instance[:MAX_INSTANCE] + "…")
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _status_for(exc: CompetencyGraphError) -> int:
    if isinstance(exc, QuerySyntaxError):
        return 400
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, QueryBusyError | QueryTimeoutError | StoreError):
        return 503
    if isinstance(exc, QueryRefusedError):
        return 403
    return 400


def domain_problem(exc: CompetencyGraphError, instance: str | None) -> JSONResponse:
    """The problem+json answer for a package error."""
    status = _status_for(exc)
    extra: dict[str, Any] = {}
    if isinstance(exc, InputError):
        extra["errors"] = [{"message": p.message, **p.location.as_dict()}
                           for p in exc.problems]
    headers = {"Retry-After": "2"} if isinstance(exc, QueryBusyError) else None
    return problem(status, str(exc), instance=instance, headers=headers, **extra)


def install(app: FastAPI) -> None:
    """Register the exception handlers on an app."""

    @app.exception_handler(CompetencyGraphError)
    async def _domain(request: Request, exc: CompetencyGraphError) -> JSONResponse:
        return domain_problem(exc, request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), instance=request.url.path,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"message": e.get("msg"), "json_path": "/".join(str(p) for p in e.get("loc", ()))}
                  for e in exc.errors()]
        return problem(422, "the request is not valid", instance=request.url.path, errors=errors)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        error_id = uuid.uuid4().hex
        LOG.error("unhandled error %s on %s %s", error_id, request.method, request.url.path,
                  exc_info=exc)
        return problem(500, f"an internal error occurred; it was logged as {error_id}",
                       instance=request.url.path, error_id=error_id)
