"""ASGI middleware of the service: the streamed upload cap and the security headers.

**Upload cap** (:class:`BodyLimit`). Every request body (multipart uploads, CASE / CTDL / SKOS
bodies, SPARQL queries) is counted while it streams in: a declared ``Content-Length`` over the
cap is refused before a byte is read, and a chunked body is refused at the first chunk that
passes the cap, so no more than the cap plus one chunk is ever read. The answer is 413
problem+json naming the cap and the setting (``COMPETENCY_GRAPH_MAX_UPLOAD_MB``).

**Security headers** (:class:`SecurityHeaders`). Every response gets
``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``; HTML responses also
get a Content-Security-Policy without inline script (``script-src 'self'``; the report pages
carry no script at all, the API docs pages load their scripts from ``/static``) and
``frame-ancestors 'none'`` (with ``X-Frame-Options: DENY`` for older browsers). Styles may be
inline (``style-src 'self' 'unsafe-inline'``): the printable reports embed their stylesheet and
inline SVG charts, and styles cannot run code.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Content-Security-Policy of HTML answers.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
_ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
_HTML = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY")]


def too_large_detail(limit: int) -> str:
    """The message of a 413."""
    return (f"the request body is larger than {limit} bytes ({limit / 2**20:g} MiB, "
            "COMPETENCY_GRAPH_MAX_UPLOAD_MB)")


class UploadTooLarge(HTTPException):
    """The request body passed the cap (raised by the counting ``receive``). An HTTP exception,
    so that the body parsers pass it on and the problem handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_detail(limit))


def _too_large_body(limit: int, path: str) -> bytes:
    return json.dumps({"type": "about:blank", "title": "Content too large", "status": 413,
                       "detail": too_large_detail(limit), "instance": path}).encode()


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes while they stream in (413 problem+json)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = _too_large_body(self.limit, scope.get("path", ""))
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.limit:
                    await self._refuse(scope, send)
                    return
        received = 0
        started = False
        exceeded = False
        replaced = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise UploadTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started, replaced
            if replaced:
                return  # the app's own answer to the cut body is dropped
            if message["type"] == "http.response.start":
                if exceeded:
                    # a framework that turns the aborted read into its own error (400 "error
                    # parsing the body") still answers 413: the body was over the cap
                    replaced = True
                    await self._refuse(scope, send)
                    return
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception as exc:  # the cut, possibly wrapped by a middleware's task group
            if started or not _is_too_large(exc):
                raise
            if not replaced:
                await self._refuse(scope, send)


def _is_too_large(exc: BaseException) -> bool:
    """Whether ``exc`` is the cut of an over-cap body, alone or inside an exception group."""
    if isinstance(exc, UploadTooLarge):
        return True
    return isinstance(exc, BaseExceptionGroup) and any(_is_too_large(e)
                                                       for e in exc.exceptions)


class SecurityHeaders:
    """Add the security headers (see the module docstring) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = list(_ALWAYS)
                content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    extra += _HTML
                headers += [(n, v) for n, v in extra if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
