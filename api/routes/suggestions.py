"""Suggestions and comparisons of a stored programme (issue 18; docs/suggestions.md).

* ``GET /programmes/{id}/suggestions?to=&top=&all=&lang=`` — alignment candidates per outcome;
* ``POST /programmes/{id}/suggestions`` (API key) — record accepted suggestions
  (``{"alignments": [{"outcome", "target", "level"?, "score"?}]}``) as alignments in a NEW
  programme version; 201 with the import summary;
* ``GET /programmes/{id}/occupation-gap?occupation=`` — ESCO skills covered / partly / missing;
* ``GET /programmes/{id}/recognition?partner=`` — mobility recognition against a partner
  programme; ``POST`` the same with a learning-agreement CSV upload (``agreement``; a
  computation, nothing is written).

JSON by default, ``text/html`` when the ``Accept`` header asks for it (or ``format=html``).
The JSON equals the CLI's ``--format json``. Programmes are stored ids (``ID``/``ID@VERSION``);
the dense encoder is a CLI option only (the API process loads no model).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Body, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import SettingsDep, StoreDep, WriteKey
from api.routes.gaps import _json, _negotiate
from competency_graph.reports import suggestions as render
from competency_graph.services import suggestions as service

router = APIRouter(prefix="/programmes", tags=["suggestions"])

Lang = Literal["en", "ru", "kk"]
Format = Literal["json", "html"]


def _respond(request: Request, fmt: str | None, report: dict[str, Any], kind: str,
             lang: str) -> Response:
    if _negotiate(request, fmt, ("json", "html")) == "html":
        return HTMLResponse(render.suggestions_html(report, kind, lang))
    return _json(report)


@router.get("/{programme_id}/suggestions", summary="Alignment suggestions", response_model=None)
def read_suggestions(
    programme_id: str, store: StoreDep, request: Request,
    to: str | None = Query(None, description="'programme-outcomes' or a framework id"),
    top: int = Query(5, description=f"candidates per outcome, 1–{service.MAX_TOP}"),
    all: bool = Query(False, description="also outcomes that are already aligned"),
    lang: Lang = "en", format: Format | None = None,
) -> Response:
    """Top-k framework items and programme outcomes per unaligned outcome, each with a score
    (0..1) and a reason (shared terms, alignments already in the programme)."""
    report = service.suggest(store, programme_id, to=to, top=top, include_all=all, lang=lang,
                             allow_paths=False)
    return _respond(request, format, report, "suggest", lang)


@router.post("/{programme_id}/suggestions", summary="Accept suggestions as a new version",
             status_code=201, dependencies=[WriteKey], response_model=None)
def accept_suggestions(programme_id: str, store: StoreDep,
                       alignments: list[Any] = Body(..., embed=True),
                       attributed_to: str = Body("accepted suggestion", embed=True,
                                                 max_length=200)) -> JSONResponse:
    """Write the accepted suggestions as alignments of a new version of the programme (the
    current version is kept and demoted, like a workbook import)."""
    summary = service.accept_suggestions(store, programme_id, alignments,
                                         attributed_to=attributed_to)
    return JSONResponse(summary, status_code=201,
                        headers={"Location": f"/programmes/{programme_id}"})


@router.get("/{programme_id}/occupation-gap", summary="ESCO occupation gap",
            response_model=None)
def read_occupation_gap(
    programme_id: str, store: StoreDep, request: Request,
    occupation: str = Query(..., description="ESCO occupation IRI, ESCO code or ISCO code"),
    lang: Lang = "en", format: Format | None = None,
) -> Response:
    """Essential and optional skills of the occupation: covered, partly, missing, with the
    matched outcomes and scores. 400 when ESCO is not imported."""
    report = service.occupation_gap(store, programme_id, occupation, lang=lang,
                                    allow_paths=False)
    return _respond(request, format, report, "occupation", lang)


@router.get("/{programme_id}/recognition", summary="Mobility recognition",
            response_model=None)
def read_recognition(
    programme_id: str, store: StoreDep, request: Request,
    partner: str = Query(..., description="the partner programme's stored id"),
    lang: Lang = "en", format: Format | None = None,
) -> Response:
    """Per home course: full, partial or no recognition by the partner's courses, with the
    matched outcomes, ECTS recognised and the home outcomes left uncovered."""
    report = service.recognise(store, programme_id, partner, lang=lang, allow_paths=False)
    return _respond(request, format, report, "recognition", lang)


@router.post("/{programme_id}/recognition", summary="Mobility recognition with an agreement",
             response_model=None)
def recognise_with_agreement(
    programme_id: str, store: StoreDep, settings: SettingsDep, request: Request,
    partner: str = Query(..., description="the partner programme's stored id"),
    agreement: UploadFile = File(..., description="learning agreement CSV: home_course, "
                                 "partner_course"),
    lang: Lang = "en", format: Format | None = None,
) -> Response:
    """As ``GET``, for the course pairs of an uploaded learning agreement."""
    data = agreement.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(413, "the agreement is larger than the upload limit")
    with tempfile.TemporaryDirectory(prefix="cg-agreement-") as tmp:
        path = Path(tmp) / "agreement.csv"
        path.write_bytes(data)
        report = service.recognise(store, programme_id, partner, agreement=path, lang=lang,
                                   allow_paths=False)
    report["agreement"] = agreement.filename or "agreement.csv"
    return _respond(request, format, report, "recognition", lang)
