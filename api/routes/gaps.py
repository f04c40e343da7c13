"""Gap analysis of a stored programme (issue 6; docs/gaps.md).

* ``GET /programmes/{id}/gaps?framework=&lang=`` — the gap report (DESIGN §7 JSON; ``text/html``
  or ``text/csv`` when the ``Accept`` header asks for them, or ``format=html|csv``);
* ``GET /programmes/{id}/matrix?framework=`` — the curriculum map (JSON, CSV, HTML heat map;
  without ``framework``: course × programme outcome);
* ``GET /programmes/{id}/progression?framework=`` — timelines, prerequisite cycles and chain;
* ``GET /programmes/{id}/impact?from=&to=`` — impact of a framework version change.

The programme is a stored id (``ID`` or ``ID@VERSION``); workbook paths are a CLI feature only.
The JSON equals the CLI's ``--format json``.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep
from competency_graph.reports import gaps as reports
from competency_graph.services import gaps as gap_service

router = APIRouter(prefix="/programmes", tags=["gaps"])

Lang = Literal["en", "ru", "kk"]
Format = Literal["json", "html", "csv"]
_MEDIA = {"json": "application/json", "html": "text/html", "csv": "text/csv"}


def _negotiate(request: Request, fmt: str | None, offered: tuple[str, ...]) -> str:
    """Pick the output format: ``format=`` wins, else the first offered type the Accept header
    names (by quality), else JSON."""
    if fmt is not None:
        return fmt
    best, best_q = "json", 0.0
    for part in request.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        for name in offered:
            if media == _MEDIA[name] and q > best_q:
                best, best_q = name, q
    return best


def _json(data: dict[str, Any]) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{name}.csv"'})


@router.get("/{programme_id}/gaps", summary="Gap report of a programme against a framework",
            response_model=None)
def read_programme_gaps(
    programme_id: str, store: StoreDep, request: Request,
    framework: str = Query(..., description="target framework id, e.g. wa-2021, abet-eac"),
    lang: Lang = "en", format: Format | None = None,
    evidence: Literal["best", "all"] = Query(
        "best", description="JSON: the best evidence path per item (default) or every path"),
) -> Response:
    """Each item of the framework covered / partial / missing, with required and achieved
    level and the best evidence path (course outcome → programme outcome → item, or through
    crosswalks; ``evidence=all``: every path). ``metadata.rule`` states the coverage rule and
    ``metadata.rules`` cites the rules applied."""
    chosen = _negotiate(request, format, ("json", "html", "csv"))
    report = gap_service.gap_report(store, programme_id, framework, lang=lang, allow_paths=False,
                                    all_evidence=evidence == "all" or chosen != "json")
    if chosen == "html":
        return HTMLResponse(reports.render_gaps_html(report, lang))
    if chosen == "csv":
        return _csv(reports.render_gaps_csv(report), f"{programme_id}-{framework}-gaps")
    return _json(report)


@router.get("/{programme_id}/matrix", summary="Curriculum map (course × item or outcome)",
            response_model=None)
def read_programme_matrix(
    programme_id: str, store: StoreDep, request: Request,
    framework: str | None = Query(None, description="columns: this framework's items "
                                  "(default: the programme outcomes)"),
    lang: Lang = "en", format: Format | None = None,
) -> Response:
    """I/R/M cells per course (rows in semester order) and framework item or programme outcome;
    ``text/html`` is the heat map."""
    data = gap_service.matrix(store, programme_id, framework=framework, lang=lang,
                              allow_paths=False)
    chosen = _negotiate(request, format, ("json", "html", "csv"))
    if chosen == "html":
        return HTMLResponse(reports.render_matrix_html(data, lang))
    if chosen == "csv":
        return _csv(reports.render_matrix_csv(data), f"{programme_id}-matrix")
    return _json(data)


@router.get("/{programme_id}/progression", summary="Progression and prerequisites",
            response_model=None)
def read_programme_progression(
    programme_id: str, store: StoreDep, request: Request,
    framework: str | None = Query(None, description="timelines per item of this framework "
                                  "(default: per programme outcome)"),
    lang: Lang = "en", format: Literal["json", "html"] | None = None,
) -> Response:
    """Semester timeline of I/R/M per target, prerequisite cycles, the longest prerequisite
    chain and the courses that contribute to nothing."""
    data = gap_service.progression(store, programme_id, framework=framework, lang=lang,
                                   allow_paths=False)
    if _negotiate(request, format, ("json", "html")) == "html":
        return HTMLResponse(reports.render_progression_html(data, lang))
    return _json(data)


@router.get("/{programme_id}/impact", summary="Impact of a framework version change",
            response_model=None)
def read_programme_impact(
    programme_id: str, store: StoreDep,
    old: str = Query(..., alias="from", description="the version the programme is mapped to"),
    new: str = Query(..., alias="to", description="the new version"),
    lang: Lang = "en",
) -> Response:
    """Alignments that point at merged, split, changed or removed items, and the courses to
    review."""
    return _json(gap_service.impact(store, programme_id, old=old, new=new, lang=lang,
                                    allow_paths=False))
