"""Suggestions and comparisons of a stored programme (issue 18; docs/suggestions.md).

* ``GET /programmes/{id}/suggestions?to=&top=&all=&lang=`` — alignment candidates per outcome;
* ``POST /programmes/{id}/suggestions`` (write key) — record accepted suggestions
  (``{"alignments": [{"outcome", "target", "level"?, "score"?}]}``) as alignments in a NEW
  programme version; 201 with the import summary and ``Location``;
* ``GET /programmes/{id}/occupation-gap?occupation=`` — ESCO skills covered / partly / missing;
* ``GET /programmes/{id}/recognition?partner=`` — mobility recognition against a partner
  programme; ``POST`` the same with a learning-agreement CSV upload (``agreement``; a
  computation, nothing is written).

JSON, or the printable page (``text/html``), by the ``Accept`` header or ``format=``
(``api.negotiation``). The JSON equals the CLI's ``--format json``. Programmes are stored ids
(``ID``/``ID@VERSION``); the dense encoder is a CLI option only (the API process loads no model).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile

from api.deps import ProgrammeId, StoreDep, WriteKey
from api.negotiation import negotiator, respond
from api.schemas.suggestions import (
    AcceptedSuggestionsCreate,
    AcceptedSuggestionsPublic,
    OccupationGapPublic,
    RecognitionPublic,
    SuggestionsPublic,
)
from competency_graph.reports import suggestions as render
from competency_graph.services import suggestions as service

router = APIRouter(prefix="/programmes", tags=["suggestions"])

Lang = Literal["en", "ru", "kk"]
PAGE = negotiator("json", "html")
PageFormat = Annotated[str, Depends(PAGE.dependency)]
Partner = Annotated[str, Query(max_length=300, description="the partner programme's stored id")]


def _answer(fmt: str, report: dict[str, Any], kind: str, lang: str) -> Any:
    return respond(fmt, lambda: report, html=lambda: render.suggestions_html(report, kind, lang))


@router.get("/{programme_id}/suggestions", summary="Alignment suggestions",
            response_model=SuggestionsPublic, responses=PAGE.openapi(SuggestionsPublic))
def read_suggestions(
        programme_id: ProgrammeId, store: StoreDep, fmt: PageFormat,
        to: Annotated[str | None, Query(max_length=200, description=(
            "'programme-outcomes' or a framework id"))] = None,
        top: Annotated[int, Query(ge=1, le=service.MAX_TOP,
                                  description="candidates per outcome")] = 5,
        all: Annotated[bool, Query(description="also outcomes already aligned")] = False,
        lang: Lang = "en") -> Any:
    """Top-k framework items and programme outcomes per unaligned outcome, each with a score
    (0..1) and a reason (shared terms, alignments already in the programme)."""
    report = service.suggest(store, programme_id, to=to, top=top, include_all=all, lang=lang)
    return _answer(fmt, report, "suggest", lang)


@router.post("/{programme_id}/suggestions", summary="Accept suggestions as a new version",
             status_code=201, dependencies=[WriteKey], response_model=AcceptedSuggestionsPublic,
             responses={201: {"headers": {"Location": {
                 "description": "The programme's new current version",
                 "schema": {"type": "string"}}}}})
def create_accepted_suggestions(programme_id: ProgrammeId, store: StoreDep,
                                body: AcceptedSuggestionsCreate,
                                response: Response) -> dict[str, Any]:
    """Write the accepted suggestions as alignments of a new version of the programme (the
    current version is kept and demoted, like a workbook import)."""
    summary = service.accept_suggestions(
        store, programme_id, [a.model_dump(exclude_none=True) for a in body.alignments],
        attributed_to=body.attributed_to)
    response.headers["Location"] = f"/programmes/{quote(programme_id, safe='')}"
    return summary


@router.get("/{programme_id}/occupation-gap", summary="ESCO occupation gap",
            response_model=OccupationGapPublic, responses=PAGE.openapi(OccupationGapPublic))
def read_occupation_gap(
        programme_id: ProgrammeId, store: StoreDep, fmt: PageFormat,
        occupation: Annotated[str, Query(max_length=300, description=(
            "ESCO occupation IRI, ESCO code or ISCO code"))],
        lang: Lang = "en") -> Any:
    """Essential and optional skills of the occupation: covered, partly, missing, with the
    matched outcomes and scores. 422 when ESCO is not imported."""
    report = service.occupation_gap(store, programme_id, occupation, lang=lang)
    return _answer(fmt, report, "occupation", lang)


@router.get("/{programme_id}/recognition", summary="Mobility recognition",
            response_model=RecognitionPublic, responses=PAGE.openapi(RecognitionPublic))
def read_recognition(programme_id: ProgrammeId, store: StoreDep, fmt: PageFormat,
                     partner: Partner, lang: Lang = "en") -> Any:
    """Per home course: full, partial or no recognition by the partner's courses, with the
    matched outcomes, ECTS recognised and the home outcomes left uncovered."""
    report = service.recognise(store, programme_id, partner, lang=lang)
    return _answer(fmt, report, "recognition", lang)


@router.post("/{programme_id}/recognition", summary="Mobility recognition with an agreement",
             response_model=RecognitionPublic, responses=PAGE.openapi(RecognitionPublic))
def read_recognition_with_agreement(
        programme_id: ProgrammeId, store: StoreDep, fmt: PageFormat, partner: Partner,
        agreement: UploadFile = File(..., description="learning agreement CSV: home_course, "
                                     "partner_course"),
        lang: Lang = "en") -> Any:
    """As ``GET``, for the course pairs of an uploaded learning agreement (a computation:
    nothing is written; the upload cap applies while the body streams in)."""
    data = agreement.file.read()
    with tempfile.TemporaryDirectory(prefix="cg-agreement-") as tmp:
        path = Path(tmp) / "agreement.csv"
        path.write_bytes(data)
        report = service.recognise(store, programme_id, partner, agreement=path, lang=lang)
    report["agreement"] = agreement.filename or "agreement.csv"
    return _answer(fmt, report, "recognition", lang)
