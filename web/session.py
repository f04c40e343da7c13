"""Signed session cookies, the CSRF token, the page language and the signed-in user.

The session is a small dict (``u``: user name, ``c``: CSRF token) signed with
``itsdangerous`` (HMAC-SHA1 with a key derived from the accounts file's secret) and sent as the
``cg_session`` cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS, valid
for 12 hours. The server keeps no session state, so several workers share sessions through the
accounts file's secret. Every form carries the session's CSRF token, checked on POST.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

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

    @app.middleware("http")
    async def _sessions(request: Request,
                        call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        raw = request.cookies.get(COOKIE)
        data: dict[str, Any] = {}
        if raw:
            try:
                loaded = _serializer(request).loads(raw, max_age=MAX_AGE)
                data = dict(loaded) if isinstance(loaded, dict) else {}
            except BadSignature:
                data = {}
        before = dict(data)
        request.state.cg_session = data
        response = await call_next(request)
        if data != before:
            if data:
                response.set_cookie(COOKIE, _serializer(request).dumps(data), max_age=MAX_AGE,
                                    httponly=True, samesite="lax", path="/",
                                    secure=request.url.scheme == "https")
            else:
                response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
        return response
