"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

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
_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 406: "Not acceptable", 413: "Payload too large",
           415: "Unsupported media type", 422: "Invalid input", 503: "Service unavailable",
           500: "Internal error"}


def problem(status: int, detail: str, *, type_: str = "about:blank", instance: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """Return a problem+json response."""
    body: dict[str, Any] = {"type": type_, "title": _TITLES.get(status, "Error"),
                            "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
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


def install(app: FastAPI) -> None:
    """Register the exception handlers on an app."""

    @app.exception_handler(CompetencyGraphError)
    async def _domain(request: Request, exc: CompetencyGraphError) -> JSONResponse:
        status = _status_for(exc)
        extra: dict[str, Any] = {}
        if isinstance(exc, InputError):
            extra["errors"] = [{"message": p.message, **p.location.as_dict()}
                               for p in exc.problems]
        headers = {"Retry-After": "2"} if isinstance(exc, QueryBusyError) else None
        return problem(status, str(exc), instance=request.url.path, headers=headers, **extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), instance=request.url.path,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"message": e.get("msg"), "json_path": "/".join(str(p) for p in e.get("loc", ()))}
                  for e in exc.errors()]
        return problem(422, "the request is not valid", instance=request.url.path, errors=errors)
