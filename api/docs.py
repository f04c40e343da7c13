"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) served with locally bundled assets.

The scripts and styles come from ``api/static/vendor/`` (copied from the npm registry packages
``swagger-ui-dist`` and ``redoc`` by ``scripts/vendor-docs-assets.sh``; versions and licences in
``api/static/vendor/README.md``) and are served under ``/static``. The pages hold no inline
script: Swagger UI is started by ``/static/docs/swagger-init.js``, ReDoc reads its
``spec-url`` attribute (ReDoc 3's bundle is an ES module: ``type="module"``; its telemetry is
switched off with ``disable-telemetry``). Their Content-Security-Policy allows scripts from this
server only (ReDoc also gets ``worker-src blob:`` for its search worker and ``font-src data:``
for its icon font); ``connect-src 'self'`` and ``img-src 'self' data:`` stop anything else the
bundles would fetch from elsewhere (ReDoc's CDN logo). Nothing is fetched from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.middleware import CSP

STATIC = Path(__file__).resolve().parent / "static"

router = APIRouter(include_in_schema=False)

_SWAGGER = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>competency-graph API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs/swagger-init.js"></script>
</body>
</html>
"""

_REDOC = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>competency-graph API reference</title>
</head>
<body>
<redoc spec-url="/openapi.json" hide-download-button disable-telemetry="true"></redoc>
<script type="module" src="/static/vendor/redoc/redoc.standalone.js"></script>
</body>
</html>
"""

#: ReDoc runs its search index in a worker made from a blob URL and embeds its icon font as
#: a data: URL.
REDOC_CSP = CSP.replace("font-src 'self'", "font-src 'self' data:") + "; worker-src 'self' blob:"


@router.get("/docs")
def read_swagger_ui() -> HTMLResponse:
    """Swagger UI over ``/openapi.json``."""
    return HTMLResponse(_SWAGGER)


@router.get("/redoc")
def read_redoc() -> HTMLResponse:
    """ReDoc over ``/openapi.json``."""
    return HTMLResponse(_REDOC, headers={"Content-Security-Policy": REDOC_CSP})


def install(app: FastAPI) -> None:
    """Serve the pages and ``/static``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)
