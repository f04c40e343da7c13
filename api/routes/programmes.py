"""Programmes (issue 5; docs/workbook.md).

* ``POST /programmes`` — upload a curriculum workbook (multipart field ``file``: one ``.xlsx`` or
  ``.zip`` of CSV files, or the CSV files themselves as several ``file`` parts). A stored id gets
  a NEW version. 201 with the import summary (warnings included) and a ``Location`` header.
* ``GET /programmes`` — every programme (paged): id, title, current version, cycle, ECTS,
  course count and every version.
* ``GET /programmes/{id}?version=&lang=`` — JSON by default; Turtle, N-Triples, JSON-LD or
  RDF/XML of the version's named graph by the ``Accept`` header (or ``format=``).
* ``PUT /programmes/{id}`` — replace: the upload becomes a new version (the old versions stay
  and are listed); 404 for an unknown id; 422 when the workbook carries another id.
* ``DELETE /programmes/{id}?version=`` — every version (or one); 204.

Writes need the API key. Uploads larger than ``max_upload_bytes`` get 413 while they stream in
(``api.middleware``). Bad workbooks get 422 with every problem located (file, sheet, row,
column) and nothing is stored. ``{programme_id}`` is checked against the id rule and resolved
as a stored id only (``api.deps.ProgrammeId``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response

from api.deps import ProgrammeId, StoreDep, WriteKey
from api.negotiation import negotiator, rendered
from api.paging import PagingDep, page
from api.schemas.common import Page
from api.schemas.programmes import ProgrammeImportPublic, ProgrammePublic, ProgrammeSummaryPublic
from competency_graph.services import curriculum

router = APIRouter(prefix="/programmes", tags=["programmes"])

Lang = Literal["en", "ru", "kk"]
GRAPH = negotiator("json", "turtle", "ntriples", "jsonld", "rdfxml")
GraphFormat = Annotated[str, Depends(GRAPH.dependency)]


def _uploads(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    """The parts' names and bytes (the total is capped by ``api.middleware.BodyLimit``)."""
    return [(upload.filename or "upload", upload.file.read()) for upload in files]


@router.get("", summary="List programmes", response_model=Page[ProgrammeSummaryPublic])
def read_programmes(request: Request, store: StoreDep, paging: PagingDep,
                    lang: Lang = "en") -> dict[str, Any]:
    """Every stored programme with its current version, cycle, declared ECTS, number of
    courses, and every version (old versions are kept after a replacement)."""
    return page(request, curriculum.list_programmes(store, lang=lang), paging)


@router.post("", summary="Import a curriculum workbook", status_code=201,
             dependencies=[WriteKey], response_model=ProgrammeImportPublic,
             responses={201: {"headers": {"Location": {
                 "description": "The new programme", "schema": {"type": "string"}}}}})
def create_programme(store: StoreDep, response: Response,
                     file: list[UploadFile] = File(...)) -> dict[str, Any]:
    """Upload an ``.xlsx`` workbook, a ``.zip`` of CSV files, or the CSV files (several
    ``file`` parts). The programme lands in its own named graph, atomically; a stored id gets
    a new version."""
    summary = curriculum.import_upload(store, _uploads(file))
    response.headers["Location"] = f"/programmes/{quote(summary.programme_id, safe='')}"
    return summary.as_dict()


@router.get("/{programme_id}", summary="One programme (JSON or RDF)",
            response_model=ProgrammePublic, responses=GRAPH.openapi(ProgrammePublic))
def read_programme(programme_id: ProgrammeId, store: StoreDep, fmt: GraphFormat,
                   version: str | None = None, lang: Lang = "en") -> Any:
    """The current version (or ``version``) as JSON, or its named graph as Turtle,
    N-Triples, JSON-LD or RDF/XML (``Accept`` header or ``format=``)."""
    if fmt != "json":
        return rendered(fmt, curriculum.export_programme(store, programme_id, fmt,
                                                         version=version))
    return curriculum.get_programme(store, programme_id, version=version, lang=lang)


@router.put("/{programme_id}", summary="Replace a programme (adds a new version)",
            dependencies=[WriteKey], response_model=ProgrammeImportPublic)
def update_programme(programme_id: ProgrammeId, store: StoreDep,
                     file: list[UploadFile] = File(...)) -> dict[str, Any]:
    """Upload a new workbook for a stored programme: it becomes the new current version and
    the previous versions are kept (``GET /programmes/{id}`` lists them)."""
    summary = curriculum.import_upload(store, _uploads(file), programme_id=programme_id)
    return summary.as_dict()


@router.delete("/{programme_id}", summary="Delete a programme", status_code=204,
               dependencies=[WriteKey], response_class=Response)
def delete_programme(programme_id: ProgrammeId, store: StoreDep,
                     version: str | None = None) -> Response:
    """Delete every version (or only ``version``; the newest remaining one becomes current)."""
    curriculum.delete_programme(store, programme_id, version)
    return Response(status_code=204)
