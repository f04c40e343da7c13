"""``GET /programmes/{id}/validation``: the validation report of a stored programme.

Content negotiation: ``application/json`` (DESIGN §7, default), ``text/turtle`` (a SHACL
``sh:ValidationReport``), ``text/html`` (the printable page for an accreditation panel) or
``text/plain``. ``?profile=a,b`` picks profiles (default: the always-on ones plus the
programme's target frameworks), ``?lang=en|ru|kk`` the message language, ``?engine=fast|pyshacl``
the engine. The status is 200 whatever the findings; ``conforms`` says whether there is a
violation.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from competency_graph.reports import validation as reports
from competency_graph.services import validation as service

router = APIRouter(prefix="/programmes", tags=["validation"])

_MEDIA = {"application/json": "json", "text/turtle": "ttl", "text/html": "html",
          "text/plain": "text"}


def _choose(accept: str | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in _MEDIA:
            return _MEDIA[media]
    return "json"


@router.get("/{programme_id}/validation", summary="Validate a stored programme")
async def read_validation(programme_id: str, request: Request, store: StoreDep,
                          profile: str | None = None, lang: str = "en", engine: str = "fast",
                          format: str | None = None) -> Response:
    """Validate the programme (its current version, or ``ID@VERSION``) against the profiles."""
    fmt = _choose(request.headers.get("accept"), format)
    report = await run_in_threadpool(service.validate, store, programme_id, profile,
                                     engine=engine, lang=lang)
    if fmt == "html":
        return HTMLResponse(reports.render_validation_html(report, lang),
                            headers={"Vary": "Accept"})
    if fmt == "json":
        return JSONResponse(report.as_json(lang), headers={"Vary": "Accept"})
    body = reports.render_validation(report, fmt, lang)
    media = "text/turtle" if fmt == "ttl" else "text/plain"
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})
