"""The application factory. Nothing is done at import time: the store is opened in
``lifespan`` (and closed after), so tests and several workers each build their own app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import web
from api import errors
from api.routes import routers
from competency_graph import __version__, services
from competency_graph.config import Settings

DESCRIPTION = """\
competency-graph holds competency frameworks (Washington Accord, EUR-ACE, ABET, CDIO, CEFR,
DigCompEdu …), curricula, staff competences and internationalisation indicators in one knowledge
graph. Errors are RFC 9457 problem details. Writes need the `X-API-Key` header.
"""


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
                  lifespan=lifespan)
    errors.install(app)
    for router in routers:
        app.include_router(router)
    web.install(app)  # the web workspace at / (issue 16, docs/web.md)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (used by ``competency-graph serve``)."""
    return create_app(Settings.from_env())
