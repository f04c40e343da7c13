"""Gap analysis of a stored programme (issue 6; docs/gaps.md).

* ``GET /programmes/{id}/gaps?framework=&lang=`` — the gap report (DESIGN §7 JSON, the HTML
  page, CSV or text);
* ``GET /programmes/{id}/matrix?framework=`` — the curriculum map (JSON, CSV, HTML heat map;
  without ``framework``: course × programme outcome);
* ``GET /programmes/{id}/progression?framework=`` — timelines, prerequisite cycles and chain
  (JSON, HTML);
* ``GET /programmes/{id}/impact?from=&to=`` — impact of a framework version change (JSON, text).

Formats by the ``Accept`` header or ``format=`` (``api.negotiation``). The programme is a
stored id (``ID`` or ``ID@VERSION``); workbook paths are a CLI feature only. The JSON equals the
CLI's ``--format json``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from api.deps import ProgrammeId, StoreDep
from api.negotiation import negotiator, respond
from api.schemas.reports import GapReportPublic, ImpactPublic, MatrixPublic, ProgressionPublic
from competency_graph.reports import gaps as reports
from competency_graph.services import gaps as gap_service

router = APIRouter(prefix="/programmes", tags=["gaps"])

Lang = Literal["en", "ru", "kk"]
REPORT = negotiator("json", "html", "csv", "text")
ReportFormat = Annotated[str, Depends(REPORT.dependency)]
TABLE = negotiator("json", "html", "csv")
TableFormat = Annotated[str, Depends(TABLE.dependency)]
PAGE = negotiator("json", "html")
PageFormat = Annotated[str, Depends(PAGE.dependency)]
TEXT = negotiator("json", "text")
TextFormat = Annotated[str, Depends(TEXT.dependency)]
FrameworkId = Annotated[str, Query(max_length=200, description=(
    "target framework id, e.g. wa-2021, abet-eac"))]


@router.get("/{programme_id}/gaps", summary="Gap report of a programme against a framework",
            response_model=GapReportPublic, responses=REPORT.openapi(GapReportPublic))
def read_programme_gaps(
        programme_id: ProgrammeId, store: StoreDep, fmt: ReportFormat, framework: FrameworkId,
        lang: Lang = "en",
        evidence: Annotated[Literal["best", "all"], Query(
            description="JSON: the best evidence path per item (default) or every path")]
        = "best") -> Any:
    """Each item of the framework covered / partial / missing, with required and achieved
    level and the best evidence path (course outcome → programme outcome → item, or through
    crosswalks; ``evidence=all``: every path). ``metadata.rule`` states the coverage rule and
    ``metadata.rules`` cites the rules applied."""
    report = gap_service.gap_report(store, programme_id, framework, lang=lang,
                                    all_evidence=evidence == "all" or fmt != "json")
    return respond(fmt, lambda: report, filename=f"{programme_id}-{framework}-gaps",
                   html=lambda: reports.render_gaps_html(report, lang),
                   csv=lambda: reports.render_gaps_csv(report),
                   text=lambda: reports.render_gaps_text(report, lang))


@router.get("/{programme_id}/matrix", summary="Curriculum map (course × item or outcome)",
            response_model=MatrixPublic, responses=TABLE.openapi(MatrixPublic))
def read_programme_matrix(
    programme_id: ProgrammeId, store: StoreDep, fmt: TableFormat,
    framework: Annotated[str | None, Query(max_length=200, description=(
        "columns: this framework's items (default: the programme outcomes)"))] = None,
    lang: Lang = "en",
) -> Any:
    """I/R/M cells per course (rows in semester order) and framework item or programme outcome;
    ``text/html`` is the heat map."""
    data = gap_service.matrix(store, programme_id, framework=framework, lang=lang)
    return respond(fmt, lambda: data, filename=f"{programme_id}-matrix",
                   html=lambda: reports.render_matrix_html(data, lang),
                   csv=lambda: reports.render_matrix_csv(data))


@router.get("/{programme_id}/progression", summary="Progression and prerequisites",
            response_model=ProgressionPublic, responses=PAGE.openapi(ProgressionPublic))
def read_programme_progression(
    programme_id: ProgrammeId, store: StoreDep, fmt: PageFormat,
    framework: Annotated[str | None, Query(max_length=200, description=(
        "timelines per item of this framework (default: per programme outcome)"))] = None,
    lang: Lang = "en",
) -> Any:
    """Semester timeline of I/R/M per target, prerequisite cycles, the longest prerequisite
    chain and the courses that contribute to nothing."""
    data = gap_service.progression(store, programme_id, framework=framework, lang=lang)
    return respond(fmt, lambda: data, html=lambda: reports.render_progression_html(data, lang))


@router.get("/{programme_id}/impact", summary="Impact of a framework version change",
            response_model=ImpactPublic, responses=TEXT.openapi(ImpactPublic))
def read_programme_impact(
    programme_id: ProgrammeId, store: StoreDep, fmt: TextFormat,
    old: Annotated[str, Query(alias="from", max_length=200,
                              description="the version the programme is mapped to")],
    new: Annotated[str, Query(alias="to", max_length=200, description="the new version")],
    lang: Lang = "en",
) -> Any:
    """Alignments that point at merged, split, changed or removed items, and the courses to
    review."""
    data = gap_service.impact(store, programme_id, old=old, new=new, lang=lang)
    return respond(fmt, lambda: data, text=lambda: reports.render_impact_text(data))
