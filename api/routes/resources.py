"""The e-learning space over HTTP (docs/elearning.md).

* ``GET /resources?format=json|csv|jsonld`` — the catalogue (bundled and imported learning
  resources; csv and jsonld import back);
* ``GET /resources/recommendations/{programme}`` — resources per missing/partial item and per
  staff member, with reasons (``?framework=`` repeatable, ``?lang=``, ``?limit=``);
* ``GET /resources/path?from=B1&to=C1&lang=en&field=`` — a learning path with total hours;
* ``GET /resources/coverage`` — catalogue analytics (items × languages × levels);
* ``POST /resources?name=&format=csv|jsonld`` — import a resource file (API key; whole or not at
  all; 422 problems located by row/column or JSON path);
* the three reports are web pages (``format=html`` or ``Accept: text/html``; the coverage page
  is a heat map);
* ``GET /frameworks/{id}.moodle.csv?lang=en`` — a framework as Moodle's competency framework
  CSV (``text/csv``). Listed before the frameworks router so the download is matched here.

Plain ``def`` handlers: the work is blocking store access and runs in the thread pool.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep, WriteKey
from api.routes.gaps import _negotiate as negotiate
from competency_graph.reports.elearning import render as render_page
from competency_graph.services import elearning
from competency_graph.services.elearning import moodle

Format = Literal["json", "html"] | None


def _answer(request: Request, fmt: Format, data: dict[str, Any], kind: str,
            lang: str) -> Any:
    """JSON, or the HTML page when ``format=html`` or the Accept header asks for it."""
    if negotiate(request, fmt, ("json", "html")) == "html":
        return HTMLResponse(render_page(data, kind, "html", lang))
    return data

router = APIRouter(tags=["e-learning"])


@router.get("/resources", summary="The learning-resource catalogue")
def list_resources(store: StoreDep, lang: str = Query("en"),
                   fmt: Literal["json", "csv", "jsonld"] = Query("json", alias="format")
                   ) -> Any:
    """Every stored learning resource: a JSON summary, or the importable CSV / JSON-LD."""
    if fmt != "json":
        media = "text/csv" if fmt == "csv" else "application/ld+json"
        return Response(elearning.export_catalogue(store, fmt), media_type=media)
    return {"resources": [r.as_dict(lang) for r in elearning.load_catalogue(store)]}


@router.get("/resources/recommendations/{programme}",
            summary="Learning resources for a programme's gaps and its staff")
def get_recommendations(programme: str, store: StoreDep, request: Request,
                        framework: list[str] = Query(None),
                        lang: str = Query("en"), language: str = Query("en"),
                        limit: int = Query(5, ge=1, le=50), format: Format = None) -> Any:
    """Resources per missing or partial item (each target framework) and per staff member."""
    from competency_graph.services.gaps import programme_ref

    with programme_ref(store, programme, allow_paths=False):
        pass  # a stored programme only: never a server path
    data = elearning.recommend_for_programme(store, programme, frameworks=framework or None,
                                             language=language, lang=lang, limit=limit)
    return _answer(request, format, data, "recommend", lang)


@router.get("/resources/path", summary="A learning path between two CEFR levels")
def get_path(store: StoreDep, request: Request, start: str = Query(..., alias="from"),
             end: str = Query(..., alias="to"), lang: str = Query("en"),
             field: str | None = Query(None),
             framework: str = Query("esp-engineering"), format: Format = None) -> Any:
    """Resources ordered by level and prerequisite, with the total hours."""
    data = elearning.learning_path(store, start, end, language=lang, field=field,
                                   framework=framework)
    return _answer(request, format, data, "path", "en")


@router.get("/resources/coverage", summary="Catalogue coverage: items × languages × levels")
def get_coverage(store: StoreDep, request: Request, framework: list[str] = Query(None),
                 lang: str = Query("en"), format: Format = None) -> Any:
    """How the catalogue covers the items of the frameworks it serves (HTML: a heat map)."""
    data = elearning.coverage(store, frameworks=framework or None, lang=lang)
    return _answer(request, format, data, "coverage", lang)


@router.post("/resources", status_code=201, dependencies=[WriteKey],
             summary="Import learning resources (CSV or JSON-LD)")
def post_resources(store: StoreDep, body: bytes = Body(..., media_type="text/csv"),
                   name: str = Query("uploaded"), fmt: str = Query("csv", alias="format")
                   ) -> dict[str, Any]:
    """Import a resource CSV or JSON-LD document into ``graph/learning-resources/<name>``."""
    return elearning.import_resources_bytes(store, body, f"upload.{fmt}", fmt=fmt,
                                            name=name).as_dict()


@router.get("/frameworks/{framework_id}.moodle.csv", response_class=Response,
            summary="A framework as a Moodle competency framework CSV")
def get_framework_moodle(framework_id: str, store: StoreDep,
                         lang: str = Query("en")) -> Response:
    """The Moodle "Import competency framework" CSV of any framework, in one language."""
    return Response(moodle.export_moodle(store, framework_id, lang), media_type="text/csv")
