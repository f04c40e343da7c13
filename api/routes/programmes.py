"""Programmes (issue 5; docs/workbook.md).

* ``POST /programmes`` — upload a curriculum workbook (multipart field ``file``: one ``.xlsx`` or
  ``.zip`` of CSV files, or the CSV files themselves as several ``file`` parts). A stored id gets
  a NEW version. 201 with the import summary (warnings included) and a ``Location`` header.
* ``GET /programmes`` — every programme: id, title, current version, cycle, ECTS, course count
  and every version.
* ``GET /programmes/{id}?version=&lang=`` — JSON by default; Turtle, N-Triples, JSON-LD or
  RDF/XML of the version's named graph by the ``Accept`` header (or ``format=``).
* ``PUT /programmes/{id}`` — replace: the upload becomes a new version (the old versions stay
  and are listed); 404 for an unknown id; 422 when the workbook carries another id.
* ``DELETE /programmes/{id}?version=`` — every version (or one); 204.

Writes need the API key. Uploads larger than ``max_upload_bytes`` get 413. Bad workbooks get
422 with every problem located (file, sheet, row, column) and nothing is stored.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from api.deps import SettingsDep, StoreDep, WriteKey
from competency_graph.services import curriculum

router = APIRouter(prefix="/programmes", tags=["programmes"])

Lang = Literal["en", "ru", "kk"]
RdfFormat = Literal["json", "turtle", "ntriples", "jsonld", "rdfxml"]

#: media type → export format of the programme graph
RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
_FORMAT_MEDIA = {v: k for k, v in RDF_MEDIA.items()}


def _read_uploads(files: list[UploadFile], limit: int) -> list[tuple[str, bytes]]:
    uploads: list[tuple[str, bytes]] = []
    total = 0
    for upload in files:
        data = upload.file.read(limit + 1 - total)
        total += len(data)
        if total > limit:
            raise HTTPException(413, f"the upload is larger than {limit} bytes "
                                     "(COMPETENCY_GRAPH_MAX_UPLOAD_MB)")
        uploads.append((upload.filename or "upload", data))
    return uploads


def _negotiate(request: Request, fmt: RdfFormat | None) -> str:
    if fmt:
        return fmt
    accept = request.headers.get("accept", "")
    best, best_q = "json", 0.0
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        name = "json" if media in {"application/json", "*/*", "application/*"} else (
            RDF_MEDIA.get(media))
        if name and q > best_q:
            best, best_q = name, q
    return best


@router.get("", summary="List programmes")
def read_programmes(store: StoreDep, lang: Lang = "en") -> dict[str, Any]:
    """Every stored programme with its current version, cycle, declared ECTS, number of
    courses, and every version (old versions are kept after a replacement)."""
    items = curriculum.list_programmes(store, lang=lang)
    return {"data": items, "count": len(items)}


@router.post("", summary="Import a curriculum workbook", status_code=201,
             dependencies=[WriteKey])
def create_programme(store: StoreDep, settings: SettingsDep,
                     file: list[UploadFile] = File(...)) -> JSONResponse:
    """Upload an ``.xlsx`` workbook, a ``.zip`` of CSV files, or the CSV files (several
    ``file`` parts). The programme lands in its own named graph, atomically; a stored id gets
    a new version."""
    summary = curriculum.import_upload(
        store, _read_uploads(file, settings.max_upload_bytes))
    return JSONResponse(summary.as_dict(), status_code=201,
                        headers={"Location": f"/programmes/{summary.programme_id}"})


@router.get("/{programme_id}", summary="One programme (JSON or RDF)",
            responses={200: {"content": {m: {} for m in RDF_MEDIA}}})
def read_programme(programme_id: str, request: Request, store: StoreDep,
                   version: str | None = None, lang: Lang = "en",
                   format: RdfFormat | None = None) -> Response:
    """The current version (or ``version``) as JSON, or its named graph as Turtle,
    N-Triples, JSON-LD or RDF/XML (``Accept`` header or ``format=``)."""
    chosen = _negotiate(request, format)
    if chosen == "json":
        body = curriculum.get_programme(store, programme_id, version=version, lang=lang)
        return JSONResponse(body, headers={"Vary": "Accept"})
    data = curriculum.export_programme(store, programme_id, chosen, version=version)
    return Response(data, media_type=_FORMAT_MEDIA[chosen], headers={"Vary": "Accept"})


@router.put("/{programme_id}", summary="Replace a programme (adds a new version)",
            dependencies=[WriteKey])
def replace_programme(programme_id: str, store: StoreDep, settings: SettingsDep,
                      file: list[UploadFile] = File(...)) -> dict[str, Any]:
    """Upload a new workbook for a stored programme: it becomes the new current version and
    the previous versions are kept (``GET /programmes/{id}`` lists them)."""
    summary = curriculum.import_upload(
        store, _read_uploads(file, settings.max_upload_bytes), programme_id=programme_id)
    return summary.as_dict()


@router.delete("/{programme_id}", summary="Delete a programme", status_code=204,
               dependencies=[WriteKey])
def delete_programme(programme_id: str, store: StoreDep, version: str | None = None) -> Response:
    """Delete every version (or only ``version``; the newest remaining one becomes current)."""
    curriculum.delete_programme(store, programme_id, version)
    return Response(status_code=204)
