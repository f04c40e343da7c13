"""The web workspace: server-rendered pages for designers, reviewers and quality units
(issue 16; docs/web.md).

Jinja2 templates with progressive enhancement (a few lines of local JavaScript; every page
works without it), every asset served from ``/static/web``. Pages call only the public
functions of :mod:`competency_graph.services` and the report renderers; they hold no business
logic. ``api.main`` mounts the workspace with :func:`install`.

URL layout: ``/`` is the home page; every other page lives under ``/ui`` so that the JSON
routes of ``api/`` (``/programmes``, ``/frameworks`` …) keep their paths.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from web.pages import STATIC, install_errors, router
from web.session import install_sessions


def install(app: FastAPI) -> None:
    """Add the pages, the static assets, the session cookie and the HTML error pages."""
    app.include_router(router)
    app.mount("/static/web", StaticFiles(directory=str(STATIC)), name="web-static")
    install_sessions(app)
    install_errors(app)


__all__ = ["install"]
