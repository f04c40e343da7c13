"""The one content-negotiation dependency of the HTTP layer.

Every report route offers its formats from one vocabulary (:data:`MEDIA`): ``json``, ``html``,
``csv``, ``text``, ``turtle`` (and, for a programme's graph, ``ntriples``, ``jsonld`` and
``rdfxml``). A client picks one with the ``Accept`` header (RFC 9110 §12.5.1: q-values
honoured, the most specific matching range gives a format its quality, ``q=0`` refuses it,
ties go to the route's order, JSON first) or with ``?format=``, which wins over ``Accept``.
No acceptable format gives 406 problem+json; every negotiated answer carries
``Vary: Accept``.

A route declares what it offers once::

    REPORT = negotiator("json", "html", "csv")
    ReportFormat = Annotated[str, Depends(REPORT.dependency)]

    @router.get("/x", response_model=Model, responses=REPORT.openapi(Model))
    def read_x(fmt: ReportFormat) -> Any:
        return respond(fmt, lambda: data, html=lambda: render_html(data))

and answers with :func:`respond`, which renders only the chosen format. The SPARQL endpoint's
result formats follow the SPARQL protocol through the same parser (:func:`parse_accept`).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional

from fastapi import HTTPException, Query, Request
from fastapi.responses import Response

#: format name → media type (one vocabulary for every route)
MEDIA: dict[str, str] = {
    "json": "application/json",
    "html": "text/html",
    "csv": "text/csv",
    "text": "text/plain",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: text formats get ``; charset=utf-8``
_TEXT = {"html", "csv", "text", "turtle", "ntriples"}


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float

    def matches(self, media: str) -> int:
        """Specificity of the match with ``media`` (3 exact, 2 ``type/*``, 1 ``*/*``), 0 when
        it does not match."""
        kind, _, sub = media.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == kind and self.subtype == "*":
            return 2
        return 3 if (self.type, self.subtype) == (kind, sub) else 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; malformed entries are skipped, a malformed ``q`` counts as 0."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, val = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(val.strip())
                except ValueError:
                    q = 0.0
                q = q if 0.0 <= q <= 1.0 else 0.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def quality(ranges: list[MediaRange], media: str) -> float:
    """The quality the client gives ``media``: that of the most specific matching range."""
    best, best_q = 0, 0.0
    for r in ranges:
        spec = r.matches(media)
        if spec > best:
            best, best_q = spec, r.q
    return best_q if best else 0.0


def choose(header: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered format (a key of :data:`MEDIA`) the Accept header prefers; the first offered
    one when the header is absent or empty; None when the client accepts none of them."""
    ranges = parse_accept(header)
    if not ranges:
        return offered[0]
    scored = [(quality(ranges, MEDIA[name]), -i, name) for i, name in enumerate(offered)]
    q, _, name = max(scored)
    return name if q > 0 else None


class Negotiator:
    """A FastAPI dependency: the chosen format of a route that offers ``offered``."""

    def __init__(self, *offered: str) -> None:
        unknown = [o for o in offered if o not in MEDIA]
        if unknown or not offered:
            raise ValueError(f"unknown formats {unknown}")
        self.offered = offered
        choices = Literal[offered]  # type: ignore[valid-type]

        def dependency(request: Request, response: Response, format: str | None = None) -> str:
            response.headers["Vary"] = "Accept"
            if format is not None:
                return str(format)
            chosen = choose(request.headers.get("accept"), self.offered)
            if chosen is None:
                raise HTTPException(406, "none of the formats this resource offers is "
                                    "acceptable: " + ", ".join(MEDIA[o] for o in self.offered),
                                    headers={"Vary": "Accept"})
            return chosen

        # the signature FastAPI reads (built here: the offered formats are known only now)
        dependency.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                              annotation=Request),
            inspect.Parameter("response", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                              annotation=Response),
            inspect.Parameter("format", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
                              annotation=Annotated[Optional[choices], Query(  # noqa: UP045
                                  description="Output format; overrides the Accept header.")]),
        ], return_annotation=str)
        self.dependency = dependency

    def openapi(self, model: Any = None) -> dict[int | str, dict[str, Any]]:
        """The ``responses`` entry documenting every offered media type of the 200 answer."""
        content: dict[str, Any] = {}
        for name in self.offered:
            if name == "json" and model is not None:
                continue  # FastAPI documents the JSON model itself
            schema: dict[str, Any] = {"type": "string"} if name in _TEXT else {}
            content[MEDIA[name]] = {"schema": schema}
        return {200: {"content": content, "headers": {"Vary": {
            "description": "Always Accept", "schema": {"type": "string"}}}}}


def negotiator(*offered: str) -> Negotiator:
    """Build the dependency of a route offering ``offered`` (first = default)."""
    return Negotiator(*offered)


def media_type(name: str) -> str:
    """The Content-Type of a format (with ``charset=utf-8`` for text)."""
    return MEDIA[name] + ("; charset=utf-8" if name in _TEXT else "")


def respond(fmt: str, data: Callable[[], Any], *, filename: str | None = None,
            **renderers: Callable[[], str | bytes]) -> Response | Any:
    """Answer in ``fmt``: JSON returns ``data()`` (FastAPI serialises it through the route's
    response model, and the dependency has set ``Vary``); any other format calls
    its renderer. ``filename`` names CSV downloads."""
    if fmt == "json":
        return data()
    return rendered(fmt, renderers[fmt](), filename=filename)


def rendered(fmt: str, body: str | bytes, *, filename: str | None = None) -> Response:
    """A rendered (non-JSON) answer in ``fmt``, with ``Vary: Accept``."""
    headers = {"Vary": "Accept"}
    if fmt == "csv" and filename:
        headers["Content-Disposition"] = f'inline; filename="{filename}.csv"'
    return Response(body, media_type=media_type(fmt), headers=headers)


def json_response(body: Any) -> Response:
    """JSON that is not validated against a model (a raw dict), with ``Vary: Accept``."""
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json",
                    headers={"Vary": "Accept"})
