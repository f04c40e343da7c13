"""Signed session cookies, the CSRF token, the page language and the signed-in user.

The session is a small dict (``u``: user name, ``c``: CSRF token) signed with
``itsdangerous`` (HMAC-SHA1 with a key derived from the accounts file's secret) and sent as the
``cg_session`` cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS, valid
for 12 hours. The server keeps no session state, so several workers share sessions through the
accounts file's secret. Every form carries the session's CSRF token, checked on POST.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import FastAPI, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from competency_graph.config import Settings
from competency_graph.services.accounts import Accounts, User, open_accounts

COOKIE = "cg_session"
LANG_COOKIE = "cg_lang"
MAX_AGE = 12 * 3600
LANGUAGES = ("en", "ru", "kk")


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_accounts(request: Request) -> Accounts:
    """The accounts of this app (opened once, kept on the app; shared with ``api.deps``)."""
    state = request.app.state
    accounts: Accounts | None = getattr(state, "accounts", None)
    if accounts is None:
        accounts = open_accounts(get_settings(request))
        state.accounts = accounts
    return accounts


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_accounts(request).secret(), salt="cg-session")


def session(request: Request) -> dict[str, Any]:
    """The request's session dict (changes are written back to the cookie)."""
    data: dict[str, Any] = request.state.cg_session
    return data


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    data = session(request)
    if not data.get("c"):
        data["c"] = secrets.token_urlsafe(24)
    return str(data["c"])


def check_csrf(request: Request, token: str | None) -> bool:
    """Whether ``token`` is the session's CSRF token."""
    expected = session(request).get("c")
    return bool(expected and token and secrets.compare_digest(str(expected), token))


def current_user(request: Request) -> User | None:
    """The signed-in user, or None (a removed user's session ends at once)."""
    name = session(request).get("u")
    if not name:
        return None
    user = get_accounts(request).get(str(name))
    if user is None:
        session(request).pop("u", None)
    return user


def sign_in(request: Request, user: User) -> None:
    """Start a signed-in session (a fresh CSRF token: no fixation across sign-in)."""
    data = session(request)
    data.clear()
    data.update({"u": user.name, "c": secrets.token_urlsafe(24)})


def sign_out(request: Request) -> None:
    """End the session."""
    session(request).clear()


def page_language(request: Request) -> str:
    """The cookie's language, else the best of ``Accept-Language``, else English."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return str(chosen)
    return accept_language(request.headers.get("accept-language", ""))


def accept_language(header: str) -> str:
    """The supported language with the highest q in an ``Accept-Language`` header."""
    best, best_q = "en", 0.0
    for part in header.split(","):
        tag, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        primary = tag.lower().split("-")[0]
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best


def install_sessions(app: FastAPI) -> None:
    """Read the session cookie before each request and write it back when it changed."""
    app.add_middleware(SessionCookie)


class SessionCookie:
    """The session cookie as a plain ASGI middleware (Starlette's ``BaseHTTPMiddleware`` copies
    every answer through a stream and costs each API request too; measured in ``bench load``):
    the signed cookie is read into ``request.state.cg_session`` before the route runs, and a
    changed session is written back as a ``Set-Cookie`` header of the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        raw = request.cookies.get(COOKIE)
        data: dict[str, Any] = {}
        if raw:
            try:
                loaded = _serializer(request).loads(raw, max_age=MAX_AGE)
                data = dict(loaded) if isinstance(loaded, dict) else {}
            except BadSignature:
                data = {}
        before = dict(data)
        scope.setdefault("state", {})["cg_session"] = data

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and data != before:
                cookie = Response()
                if data:
                    cookie.set_cookie(COOKIE, _serializer(request).dumps(data), max_age=MAX_AGE,
                                      httponly=True, samesite="lax", path="/",
                                      secure=request.url.scheme == "https")
                else:
                    cookie.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
                headers = list(message.get("headers", []))
                headers += [(n, v) for n, v in cookie.raw_headers if n == b"set-cookie"]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
