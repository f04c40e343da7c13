"""What every page shares: the template environment, the page context (language, user, CSRF
token), the role gates and the HTML error pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from competency_graph import __version__
from competency_graph.config import Settings
from competency_graph.errors import CompetencyGraphError, InputError, NotFoundError
from competency_graph.i18n import ntranslate, translate
from competency_graph.services.accounts import User, has_role
from web.session import (
    LANGUAGES,
    check_csrf,
    csrf_token,
    current_user,
    get_accounts,
    get_settings,
    page_language,
)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


class PageError(Exception):
    """An error shown as an HTML page (status, message key or text)."""

    def __init__(self, status: int, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.location = status, message, location


@cache
def environment() -> Environment:
    """The template environment of the pages (autoescaping on, undefined names fail)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=__version__, languages=LANGUAGES, language_names=LANGUAGE_NAMES)
    env.filters["urlpart"] = lambda value: quote(str(value), safe="")
    return env


@dataclass
class Page:
    """The context of one page request."""

    request: Request
    lang: str
    user: User | None
    settings: Settings

    @property
    def can_edit(self) -> bool:
        """Whether the user may import and edit programmes and indicators."""
        return self.user is not None and has_role(self.user.role, "editor")

    @property
    def is_admin(self) -> bool:
        """Whether the user may manage users."""
        return self.user is not None and has_role(self.user.role, "admin")

    @property
    def store(self) -> Any:
        """The store opened in the app's lifespan."""
        return self.request.app.state.store

    def t(self, key: str, **kwargs: Any) -> str:
        """The message ``key`` in the page language."""
        return translate(key, self.lang, **kwargs)

    def tn(self, key: str, n: int, **kwargs: Any) -> str:
        """The plural message ``key`` for the number ``n`` (``{n}`` in the text) in the page
        language: each language's plural forms (Russian three, Kazakh one)."""
        return ntranslate(key, n, self.lang, **kwargs)

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """Render ``templates/<template>`` as the response."""
        html = environment().get_template(template).render(
            page=self, lang=self.lang, t=self.t, tn=self.tn, user=self.user,
            csrf=csrf_token(self.request),
            path=self.request.url.path, query=str(self.request.url.query), **context)
        return HTMLResponse(html, status_code=status)

    def require_write(self, token: str | None, role: str = "editor") -> User:
        """Refuse (403) unless a user with ``role`` or more is signed in and ``token`` is the
        session's CSRF token."""
        if self.user is None or not has_role(self.user.role, role):
            raise PageError(403, "web.error.forbidden")
        self.require_csrf(token)
        return self.user

    def require_csrf(self, token: str | None) -> None:
        """Refuse (403) a form whose ``token`` is not the session's CSRF token (also the forms
        that only compute, such as the recognition with an uploaded learning agreement)."""
        if not check_csrf(self.request, token):
            raise PageError(403, "web.error.csrf")


def page(request: Request) -> Page:
    """Dependency: the page context. Reading without a session needs the open-reads setting;
    otherwise the visitor is sent to the sign-in page."""
    settings = get_settings(request)
    get_accounts(request)
    user = current_user(request)
    result = Page(request, page_language(request), user, settings)
    public = request.url.path in ("/", "/ui/sign-in", "/ui/language") or \
        request.url.path.startswith("/ui/language/")
    if user is None and not settings.open_reads and not public:
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        raise PageError(303, "web.signin.required", location=f"/ui/sign-in?next={target}")
    return result


def today() -> str:
    """The generation date printed on reports (UTC)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


class WebRoute(APIRoute):
    """Routes whose domain errors become HTML pages (not problem+json)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except NotFoundError as exc:
                raise PageError(404, str(exc)) from None
            except InputError as exc:
                raise PageError(400, "; ".join(str(p) for p in exc.problems) or str(exc)) from None
            except CompetencyGraphError as exc:
                raise PageError(400, str(exc)) from None

        return run


def error_page(request: Request, exc: PageError) -> Response:
    """Render a :class:`PageError`."""
    if exc.status in (302, 303) and exc.location:
        return Response(status_code=exc.status, headers={"Location": exc.location})
    try:
        user = current_user(request)
    except Exception:  # the accounts file itself failed: show the error without a user
        user = None
    ctx = Page(request, page_language(request), user, get_settings(request))
    message = translate(exc.message, ctx.lang) if exc.message.startswith("web.") else exc.message
    return ctx.render("error.html", status=exc.status, status_code=exc.status, message=message)
