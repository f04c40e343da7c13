"""The e-learning space over HTTP (docs/elearning.md).

* ``GET /resources`` — the catalogue (bundled and imported learning resources), paged JSON;
  ``format=csv|jsonld`` (or the ``Accept`` header) gives the whole catalogue in a form that
  imports back;
* ``GET /resources/recommendations/{programme_id}`` — resources per missing/partial item and
  per staff member, with reasons (``?framework=`` repeatable, ``?lang=``, ``?limit=``);
* ``GET /resources/path?from=B1&to=C1&lang=en&field=`` — a learning path with total hours;
* ``GET /resources/coverage`` — catalogue analytics (items × languages × levels);
* ``POST /resources?name=&format=csv|jsonld`` — import a resource file (write key; whole or not
  at all; 422 problems located by row/column or JSON path); 201 + ``Location``;
* the three reports are web pages too (``format=html`` or ``Accept: text/html``; the coverage
  page is a heat map);
* ``GET /frameworks/{id}.moodle.csv?lang=en`` — a framework as Moodle's competency framework
  CSV (``text/csv``). Listed before the frameworks router so the download is matched here.

Plain ``def`` handlers: the work is blocking store access and runs in the thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from api.deps import BodyDep, ProgrammeId, StoreDep, WriteKey
from api.negotiation import negotiator, respond
from api.paging import PagingDep, page
from api.schemas.common import Page
from api.schemas.resources import (
    CatalogueCoveragePublic,
    LearningPathPublic,
    RecommendationsPublic,
    ResourceImportPublic,
    ResourcePublic,
)
from competency_graph.reports.elearning import render as render_page
from competency_graph.services import elearning
from competency_graph.services.elearning import moodle

router = APIRouter(tags=["e-learning"])

Lang = Literal["en", "ru", "kk"]
REPORT = negotiator("json", "html")
ReportFormat = Annotated[str, Depends(REPORT.dependency)]
CATALOGUE = negotiator("json", "csv", "jsonld")
CatalogueFormat = Annotated[str, Depends(CATALOGUE.dependency)]
#: a CEFR level (the path runs between two of them)
CEFR = r"^(A1|A2|B1|B2|C1|C2)$"
Frameworks = Annotated[list[str] | None, Query(description="framework ids (repeatable)")]


def _answer(fmt: str, data: dict[str, Any], kind: str, lang: str) -> Any:
    return respond(fmt, lambda: data, html=lambda: render_page(data, kind, "html", lang))


@router.get("/resources", summary="The learning-resource catalogue",
            response_model=Page[ResourcePublic],
            responses=CATALOGUE.openapi(Page[ResourcePublic]))
def read_resources(request: Request, store: StoreDep, paging: PagingDep,
                   fmt: CatalogueFormat, lang: Lang = "en") -> Any:
    """Every stored learning resource: a paged JSON summary, or the whole catalogue as the
    importable CSV / JSON-LD."""
    if fmt != "json":
        return respond(fmt, lambda: None, filename="learning-resources",
                       csv=lambda: elearning.export_catalogue(store, "csv"),
                       jsonld=lambda: elearning.export_catalogue(store, "jsonld"))
    items = [r.as_dict(lang) for r in elearning.load_catalogue(store)]
    return page(request, items, paging)


@router.get("/resources/recommendations/{programme_id}",
            summary="Learning resources for a programme's gaps and its staff",
            response_model=RecommendationsPublic,
            responses=REPORT.openapi(RecommendationsPublic))
def read_recommendations(programme_id: ProgrammeId, store: StoreDep, fmt: ReportFormat,
                         framework: Frameworks = None, lang: Lang = "en",
                         language: Lang = "en",
                         limit: Annotated[int, Query(ge=1, le=50)] = 5) -> Any:
    """Resources per missing or partial item (each target framework) and per staff member."""
    data = elearning.recommend_for_programme(store, programme_id, frameworks=framework or None,
                                             language=language, lang=lang, limit=limit)
    return _answer(fmt, data, "recommend", lang)


@router.get("/resources/path", summary="A learning path between two CEFR levels",
            response_model=LearningPathPublic, responses=REPORT.openapi(LearningPathPublic))
def read_learning_path(store: StoreDep, fmt: ReportFormat,
                       start: Annotated[str, Query(alias="from", pattern=CEFR,
                                                   description="CEFR level, e.g. B1")],
                       end: Annotated[str, Query(alias="to", pattern=CEFR,
                                                 description="CEFR level, e.g. C1")],
                       lang: Lang = "en",
                       field: Annotated[str | None, Query(max_length=64)] = None,
                       framework: Annotated[str, Query(max_length=128)] = "esp-engineering",
                       ) -> Any:
    """Resources ordered by level and prerequisite, with the total hours."""
    data = elearning.learning_path(store, start, end, language=lang, field=field,
                                   framework=framework)
    return _answer(fmt, data, "path", "en")


@router.get("/resources/coverage", summary="Catalogue coverage: items × languages × levels",
            response_model=CatalogueCoveragePublic,
            responses=REPORT.openapi(CatalogueCoveragePublic))
def read_catalogue_coverage(store: StoreDep, fmt: ReportFormat, framework: Frameworks = None,
                            lang: Lang = "en") -> Any:
    """How the catalogue covers the items of the frameworks it serves (HTML: a heat map)."""
    data = elearning.coverage(store, frameworks=framework or None, lang=lang)
    return _answer(fmt, data, "coverage", lang)


@router.post("/resources", status_code=201, dependencies=[WriteKey],
             summary="Import learning resources (CSV or JSON-LD)",
             response_model=ResourceImportPublic,
             responses={201: {"headers": {"Location": {"description": "The catalogue",
                                                       "schema": {"type": "string"}}}}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "text/csv": {"schema": {"type": "string"}},
                 "application/ld+json": {"schema": {"type": "string"}}}}})
def create_resources(store: StoreDep, body: BodyDep, response: Response,
                     name: Annotated[str, Query(max_length=64,
                                                pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
                     = "uploaded",
                     fmt: Annotated[Literal["csv", "jsonld"], Query(alias="format")] = "csv",
                     ) -> dict[str, Any]:
    """Import a resource CSV or JSON-LD document into ``graph/learning-resources/<name>``."""
    result = elearning.import_resources_bytes(store, body, f"upload.{fmt}", fmt=fmt,
                                              name=name).as_dict()
    response.headers["Location"] = f"/resources?source={quote(name, safe='')}"
    return result


@router.get("/frameworks/{framework_id}.moodle.csv", response_class=Response,
            summary="A framework as a Moodle competency framework CSV",
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def read_framework_moodle(framework_id: Annotated[str, Path(max_length=128)], store: StoreDep,
                          lang: Lang = "en") -> Response:
    """The Moodle "Import competency framework" CSV of any framework, in one language."""
    return Response(moodle.export_moodle(store, framework_id, lang), media_type="text/csv")
