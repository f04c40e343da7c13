"""The application factory. Nothing is done at import time: the store is opened in
``lifespan`` (and closed after), so tests and several workers each build their own app.

The stack, outermost first: the security headers (``api.middleware.SecurityHeaders``), gzip
(Starlette's ``GZipMiddleware``: answers of 1 KiB or more to a client that sends
``Accept-Encoding: gzip``; issue 15 item 3), CORS
(only when ``COMPETENCY_GRAPH_CORS_ORIGINS`` is set; off otherwise), the streamed upload cap
(``api.middleware.BodyLimit``), then the routers with the problem+json handlers
(``api.errors``). ``/docs`` and ``/redoc`` use locally served assets (``api.docs``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.routing import APIRoute

import web
from api import docs, errors
from api.middleware import BodyLimit, SecurityHeaders
from api.routes import routers
from competency_graph import __version__, services
from competency_graph.config import Settings

#: Answers at least this large (bytes) are gzip-compressed for clients that accept it: a gap
#: report of a large programme is hundreds of KB of JSON and compresses about tenfold.
GZIP_MINIMUM = 1024

DESCRIPTION = """\
competency-graph holds competency frameworks (Washington Accord, EUR-ACE, ABET, CDIO, CEFR,
DigCompEdu …), curricula, staff competences and internationalisation indicators in one knowledge
graph. Errors are RFC 9457 problem details (`application/problem+json`). Lists are paged
(`limit`, `offset`, `total`, `links`). Reports honour the `Accept` header (q-values) and
`format=`. Writes need the `X-API-Key` header. See docs/http.md.
"""


def _operation_id(route: APIRoute) -> str:
    """The operationId of a route: its handler's ``verb_noun`` name."""
    return route.name


def create_app(settings: Settings | None = None, *, store: object | None = None) -> FastAPI:
    """Build the app. ``store`` lets a caller (tests, notebooks) hand in an open store, which
    the app then does not close."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        app.state.settings = settings
        app.state.store = services.open_store(settings) if own else store
        try:
            if settings.load_demo:
                services.ensure_demo(app.state.store)
            yield
        finally:
            if own:
                app.state.store.close()

    app = FastAPI(title="competency-graph", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None,
                  generate_unique_id_function=_operation_id)
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    errors.install(app)
    errors.document(app)
    for router in routers:
        app.include_router(router, responses=errors.ERROR_RESPONSES)
    web.install(app)  # the web workspace at / (issue 16, docs/web.md); before /static
    docs.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Accept", "Content-Type", "X-API-Key"],
                           expose_headers=["Location", "X-Total-Count"])
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=3)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (used by ``competency-graph serve``)."""
    return create_app(Settings.from_env())
