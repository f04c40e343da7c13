"""CTDL-ASN and SKOS over HTTP.

* ``GET /frameworks/{id}.ctdl.json`` — any framework as CTDL-ASN JSON-LD;
* ``GET /frameworks/{id}.skos.ttl`` — any framework as SKOS Turtle;
* ``POST /frameworks/ctdl-asn`` — import a CTDL-ASN framework (JSON-LD body, or Turtle with
  ``Content-Type: text/turtle``); ``?id=`` overrides the framework id (default: its CTID);
* ``POST /frameworks/skos`` — import a SKOS concept scheme (Turtle body, or JSON-LD with
  ``Content-Type: application/ld+json``); ``?id=`` overrides the framework id.

Writes need the API key. Bad input is a 422 problem naming the JSON path or line; nothing is
stored then. ESCO is imported from the command line (two zips of 4 MB each, a minute of work
on a busy machine is not a request). Listed before the frameworks router so the downloads are
matched here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep, WriteKey
from competency_graph.errors import InputError
from competency_graph.services import interop
from competency_graph.services.interop import skos

router = APIRouter(tags=["interop"])

FrameworkIdQuery = Query(None, alias="id", description="Framework id to use instead of the "
                         "file's own (CTID, dcterms:identifier or the scheme IRI's last segment).")


async def _body(request: Request) -> tuple[bytes, str]:
    body = await request.body()
    if len(body) > skos.MAX_FILE_BYTES:
        raise InputError(f"request body: larger than {skos.MAX_FILE_BYTES // (1024 * 1024)} MiB")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return body, media


@router.get("/frameworks/{framework_id}.ctdl.json", response_class=Response,
            summary="A framework as CTDL-ASN JSON-LD")
def get_framework_ctdl(framework_id: str, store: StoreDep) -> Response:
    """Export any framework (bundled or imported) as a CTDL-ASN JSON-LD document."""
    return Response(interop.export_ctdl(store, framework_id), media_type="application/ld+json")


@router.get("/frameworks/{framework_id}.skos.ttl", response_class=Response,
            summary="A framework as SKOS Turtle")
def get_framework_skos(framework_id: str, store: StoreDep) -> Response:
    """Export any framework (bundled or imported) as a SKOS concept scheme in Turtle."""
    return Response(interop.export_skos(store, framework_id), media_type="text/turtle")


@router.post("/frameworks/ctdl-asn", status_code=201, dependencies=[WriteKey],
             summary="Import a CTDL-ASN competency framework")
async def post_framework_ctdl(request: Request, store: StoreDep,
                              framework_id: str | None = FrameworkIdQuery) -> dict[str, Any]:
    """Import the CTDL-ASN framework in the body (the CTDL-ASN context is supplied locally)."""
    body, media = await _body(request)
    fmt = "turtle" if media == "text/turtle" else "json-ld"
    return interop.import_ctdl_bytes(store, body, "request body", fmt,
                                      framework_id=framework_id).as_dict()


@router.post("/frameworks/skos", status_code=201, dependencies=[WriteKey],
             summary="Import a SKOS concept scheme as a framework")
async def post_framework_skos(request: Request, store: StoreDep,
                              framework_id: str | None = FrameworkIdQuery) -> dict[str, Any]:
    """Import the SKOS concept scheme in the body (Turtle, or JSON-LD)."""
    body, media = await _body(request)
    fmt = "json-ld" if media in {"application/ld+json", "application/json"} else "turtle"
    return interop.import_skos_bytes(store, body, "request body", fmt,
                                  framework_id=framework_id).as_dict()
