"""Staff readiness and development plan of a programme or an institution (issue 7;
docs/staff.md).

``GET /programmes/{id}/staff`` returns the readiness report (DESIGN §7: ``findings`` and
``summary``), ``GET /programmes/{id}/staff/plan`` the development plan; ``format=html`` gives
the printable page instead of JSON. The JSON equals ``competency-graph staff ID --format json``
(with ``--plan`` for the plan). ``GET /institutions/{id}/staff`` and ``…/staff/plan``
(``institutions_router``) do the same over every current programme of an institution;
``POST /institutions/{id}/staff`` (write key) uploads a roster.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import HTMLResponse

from api.deps import SettingsDep, StoreDep, WriteKey
from competency_graph.errors import InputError, Location, Problem
from competency_graph.reports import staff as reports
from competency_graph.services import staff as staff_service

router = APIRouter(prefix="/programmes", tags=["staff"])

Lang = Literal["en", "ru", "kk"]
Format = Literal["json", "html"]


@router.get("/{programme_id}/staff", summary="Staff readiness per course of a programme",
            response_model=None)
def read_programme_staff(
    programme_id: str, store: StoreDep,
    lang: Lang = "en", format: Format = "json",
    english_floor: str | None = Query(None, description="CEFR floor (default B2)"),
    english_recommended: str | None = Query(None, description="recommended CEFR (default C1)"),
) -> dict[str, Any] | HTMLResponse:
    """One finding per staff member, course and unmet requirement (violation below the floor,
    warning below the recommended level), with department and institution aggregates."""
    report = staff_service.staff_readiness(store, programme_id, lang=lang,
                                           english_floor=english_floor,
                                           english_recommended=english_recommended)
    if format == "html":
        return HTMLResponse(reports.render_staff_html(report, None, lang=lang))
    return report


@router.get("/{programme_id}/staff/plan", summary="Professional development plan",
            response_model=None)
def read_programme_staff_plan(
    programme_id: str, store: StoreDep,
    lang: Lang = "en", format: Format = "json",
    english_floor: str | None = Query(None, description="CEFR floor (default B2)"),
    english_recommended: str | None = Query(None, description="recommended CEFR (default C1)"),
) -> dict[str, Any] | HTMLResponse:
    """The fewest programme-places (greedy set cover) that cover every finding, listing who
    attends which bundled development programme."""
    report = staff_service.staff_readiness(store, programme_id, lang=lang,
                                           english_floor=english_floor,
                                           english_recommended=english_recommended)
    plan = staff_service.development_plan(store, programme_id, report=report, lang=lang)
    if format == "html":
        return HTMLResponse(reports.render_staff_html(report, plan, lang=lang))
    return plan


institutions_router = APIRouter(prefix="/institutions", tags=["staff"])


@institutions_router.get("/{institution_id}/staff", summary="Staff readiness over an institution",
                  response_model=None)
def read_institution_staff(
    institution_id: str, store: StoreDep,
    lang: Lang = "en", format: Format = "json",
    english_floor: str | None = Query(None, description="CEFR floor (default B2)"),
    english_recommended: str | None = Query(None, description="recommended CEFR (default C1)"),
) -> dict[str, Any] | HTMLResponse:
    """Every current programme of the institution: findings (with their programme), and
    institution- and department-wide aggregates."""
    report = staff_service.institution_readiness(store, institution_id, lang=lang,
                                                 english_floor=english_floor,
                                                 english_recommended=english_recommended)
    if format == "html":
        return HTMLResponse(reports.render_staff_html(report, None, lang=lang))
    return report


@institutions_router.get("/{institution_id}/staff/plan", summary="Institution development plan",
                  response_model=None)
def read_institution_staff_plan(
    institution_id: str, store: StoreDep,
    lang: Lang = "en", format: Format = "json",
    english_floor: str | None = Query(None, description="CEFR floor (default B2)"),
    english_recommended: str | None = Query(None, description="recommended CEFR (default C1)"),
) -> dict[str, Any] | HTMLResponse:
    """One greedy set cover of all the institution's findings."""
    report = staff_service.institution_readiness(store, institution_id, lang=lang,
                                                 english_floor=english_floor,
                                                 english_recommended=english_recommended)
    plan = staff_service.institution_plan(store, institution_id, report=report, lang=lang)
    if format == "html":
        return HTMLResponse(reports.render_staff_html(report, plan, lang=lang))
    return plan


@institutions_router.post("/{institution_id}/staff", summary="Upload a staff roster",
                          dependencies=[WriteKey])
async def create_institution_staff(institution_id: str, store: StoreDep,
                                   settings: SettingsDep,
                                   file: UploadFile = File(...)) -> dict[str, Any]:
    """A roster (CSV or xlsx with the workbook staff columns) replaces the institution's
    roster graph ``graph/staff/<id>``; rows with their own ``institution`` cell go to that
    institution. Every error is reported (422, located) and nothing is stored."""
    limit = settings.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise InputError(Problem(f"the upload is larger than {limit // 2**20} MiB",
                                 Location(file=file.filename)))
    result = staff_service.import_staff_bytes(store, data, file.filename or "roster.csv",
                                              institution=institution_id)
    return result.as_dict()
