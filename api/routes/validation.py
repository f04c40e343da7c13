"""``GET /programmes/{id}/validation``: the validation report of a stored programme.

Formats (``api.negotiation``): ``application/json`` (DESIGN §7, default), ``text/html`` (the
printable page for an accreditation panel), ``text/plain``, or ``text/turtle`` (a SHACL
``sh:ValidationReport``), by the ``Accept`` header or ``format=``. ``?profile=a,b`` picks
profiles (default: the always-on ones plus the programme's target frameworks),
``?lang=en|ru|kk`` the message language, ``?engine=fast|pyshacl`` the engine. The status is 200
whatever the findings; ``conforms`` says whether there is a violation.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from api.deps import ProgrammeId, StoreDep
from api.negotiation import negotiator, respond
from api.schemas.reports import ValidationReportPublic
from competency_graph.reports import validation as reports
from competency_graph.services import validation as service

router = APIRouter(prefix="/programmes", tags=["validation"])

REPORT = negotiator("json", "html", "text", "turtle")
ReportFormat = Annotated[str, Depends(REPORT.dependency)]
Lang = Literal["en", "ru", "kk"]


@router.get("/{programme_id}/validation", summary="Validate a stored programme",
            response_model=ValidationReportPublic,
            responses=REPORT.openapi(ValidationReportPublic))
def read_validation(programme_id: ProgrammeId, store: StoreDep, fmt: ReportFormat,
                    profile: str | None = Query(None, max_length=2000, description=(
                        "Profile ids, comma-separated (default: the always-on profiles and "
                        "the programme's target frameworks).")),
                    lang: Lang = "en", engine: Literal["fast", "pyshacl"] = "fast") -> Any:
    """Validate the programme (its current version, or ``ID@VERSION``) against the profiles."""
    report = service.validate(store, programme_id, profile, engine=engine, lang=lang)
    return respond(fmt, lambda: report.as_json(lang),
                   html=lambda: reports.render_validation_html(report, lang),
                   text=lambda: reports.render_validation(report, "text", lang),
                   turtle=lambda: reports.render_validation(report, "ttl", lang))
