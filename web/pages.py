"""The routers of the workspace and its HTML error pages."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from web.render import STATIC, PageError, WebRoute, error_page
from web.routes import frameworks, home, institutions, programmes, suggestions

router = APIRouter(route_class=WebRoute, include_in_schema=False)
for module in (home, programmes, suggestions, frameworks, institutions):
    router.include_router(module.router)


@router.get("/ui/{rest:path}")
def not_found(rest: str) -> Response:
    """Any other address under /ui: an HTML 404 page (not the API's problem+json)."""
    raise PageError(404, "web.error.not_found")


def install_errors(app: FastAPI) -> None:
    """Render :class:`PageError` as an HTML page (or a redirect)."""

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        return error_page(request, exc)


__all__ = ["STATIC", "install_errors", "router"]
