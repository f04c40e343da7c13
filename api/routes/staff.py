"""Staff readiness and development plan of a programme or an institution (issue 7;
docs/staff.md).

``GET /programmes/{id}/staff`` returns the readiness report (DESIGN §7: ``findings`` and
``summary``), ``GET /programmes/{id}/staff/plan`` the development plan; ``text/html`` gives the
printable page and ``text/plain`` the text report, by the ``Accept`` header or ``format=``
(``api.negotiation``). The JSON equals ``competency-graph staff ID --format json`` (with
``--plan`` for the plan). ``GET /institutions/{id}/staff`` and ``…/staff/plan``
(``institutions_router``) do the same over every current programme of an institution;
``POST /institutions/{id}/staff`` (write key) uploads a roster (201, ``Location`` = the
institution's readiness report).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile

from api.deps import ProgrammeId, StoreDep, WriteKey
from api.negotiation import negotiator, respond
from api.schemas.staff import StaffImportPublic, StaffPlanPublic, StaffReadinessPublic
from competency_graph.reports import staff as reports
from competency_graph.services import staff as staff_service

router = APIRouter(prefix="/programmes", tags=["staff"])
institutions_router = APIRouter(prefix="/institutions", tags=["staff"])

Lang = Literal["en", "ru", "kk"]
REPORT = negotiator("json", "html", "text")
ReportFormat = Annotated[str, Depends(REPORT.dependency)]
Floor = Annotated[str | None, Query(max_length=8, description="CEFR floor (default B2)")]
Recommended = Annotated[str | None, Query(max_length=8,
                                          description="recommended CEFR (default C1)")]


def _answer(fmt: str, report: dict[str, Any], plan: dict[str, Any] | None, lang: str) -> Any:
    return respond(fmt, lambda: plan if plan is not None else report,
                   html=lambda: reports.render_staff_html(report, plan, lang=lang),
                   text=lambda: reports.render_staff_text(report, plan))


@router.get("/{programme_id}/staff", summary="Staff readiness per course of a programme",
            response_model=StaffReadinessPublic,
            responses=REPORT.openapi(StaffReadinessPublic))
def read_programme_staff(programme_id: ProgrammeId, store: StoreDep, fmt: ReportFormat,
                         lang: Lang = "en", english_floor: Floor = None,
                         english_recommended: Recommended = None) -> Any:
    """One finding per staff member, course and unmet requirement (violation below the floor,
    warning below the recommended level), with department and institution aggregates."""
    report = staff_service.staff_readiness(store, programme_id, lang=lang,
                                           english_floor=english_floor,
                                           english_recommended=english_recommended)
    return _answer(fmt, report, None, lang)


@router.get("/{programme_id}/staff/plan", summary="Professional development plan",
            response_model=StaffPlanPublic, responses=REPORT.openapi(StaffPlanPublic))
def read_programme_staff_plan(programme_id: ProgrammeId, store: StoreDep, fmt: ReportFormat,
                              lang: Lang = "en", english_floor: Floor = None,
                              english_recommended: Recommended = None) -> Any:
    """The fewest programme-places (greedy set cover) that cover every finding, listing who
    attends which bundled development programme."""
    report = staff_service.staff_readiness(store, programme_id, lang=lang,
                                           english_floor=english_floor,
                                           english_recommended=english_recommended)
    plan = staff_service.development_plan(store, programme_id, report=report, lang=lang)
    return _answer(fmt, report, plan, lang)


@institutions_router.get("/{institution_id}/staff",
                         summary="Staff readiness over an institution",
                         response_model=StaffReadinessPublic,
                         responses=REPORT.openapi(StaffReadinessPublic))
def read_institution_staff(institution_id: str, store: StoreDep, fmt: ReportFormat,
                           lang: Lang = "en", english_floor: Floor = None,
                           english_recommended: Recommended = None) -> Any:
    """Every current programme of the institution: findings (with their programme), and
    institution- and department-wide aggregates."""
    report = staff_service.institution_readiness(store, institution_id, lang=lang,
                                                 english_floor=english_floor,
                                                 english_recommended=english_recommended)
    return _answer(fmt, report, None, lang)


@institutions_router.get("/{institution_id}/staff/plan",
                         summary="Institution development plan",
                         response_model=StaffPlanPublic,
                         responses=REPORT.openapi(StaffPlanPublic))
def read_institution_staff_plan(institution_id: str, store: StoreDep, fmt: ReportFormat,
                                lang: Lang = "en", english_floor: Floor = None,
                                english_recommended: Recommended = None) -> Any:
    """One greedy set cover of all the institution's findings."""
    report = staff_service.institution_readiness(store, institution_id, lang=lang,
                                                 english_floor=english_floor,
                                                 english_recommended=english_recommended)
    plan = staff_service.institution_plan(store, institution_id, report=report, lang=lang)
    return _answer(fmt, report, plan, lang)


@institutions_router.post("/{institution_id}/staff", summary="Upload a staff roster",
                          status_code=201, dependencies=[WriteKey],
                          response_model=StaffImportPublic,
                          responses={201: {"headers": {"Location": {
                              "description": "The institution's staff readiness",
                              "schema": {"type": "string"}}}}})
def create_institution_staff(institution_id: str, store: StoreDep, response: Response,
                             file: UploadFile = File(...)) -> dict[str, Any]:
    """A roster (CSV or xlsx with the workbook staff columns) replaces the institution's
    roster graph ``graph/staff/<id>``; rows with their own ``institution`` cell go to that
    institution. Every error is reported (422, located) and nothing is stored."""
    result = staff_service.import_staff_bytes(store, file.file.read(),
                                              file.filename or "roster.csv",
                                              institution=institution_id)
    response.headers["Location"] = f"/institutions/{quote(institution_id, safe='')}/staff"
    return result.as_dict()
