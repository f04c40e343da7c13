"""CTDL-ASN and SKOS over HTTP.

* ``GET /frameworks/{id}.ctdl.json`` — any framework as CTDL-ASN JSON-LD;
* ``GET /frameworks/{id}.skos.ttl`` — any framework as SKOS Turtle;
* ``POST /frameworks/ctdl-asn`` — import a CTDL-ASN framework (JSON-LD body, or Turtle with
  ``Content-Type: text/turtle``); ``?id=`` overrides the framework id (default: its CTID);
* ``POST /frameworks/skos`` — import a SKOS concept scheme (Turtle body, or JSON-LD with
  ``Content-Type: application/ld+json``); ``?id=`` overrides the framework id.

Writes need the API key; the body is capped while it streams in (``api.middleware``); an
import answers 201 with ``Location: /frameworks/{id}``. Bad input is a 422 problem naming the
JSON path or line; nothing is stored then. ESCO is imported from the command line (two zips
of 4 MB each: a long import is not a request). Listed before the frameworks router so the
downloads are matched here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response

from api.deps import BodyDep, StoreDep, WriteKey
from api.schemas.frameworks import FrameworkImportPublic
from competency_graph.services import interop

router = APIRouter(tags=["interop"])

FrameworkIdQuery = Query(None, alias="id", max_length=200, description=(
    "Framework id to use instead of the file's own (CTID, dcterms:identifier or the scheme "
    "IRI's last segment)."))
_CREATED: dict[int | str, dict[str, Any]] = {201: {"headers": {"Location": {
    "description": "The imported framework", "schema": {"type": "string"}}}}}


def _media(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _created(response: Response, result: Any) -> dict[str, Any]:
    response.headers["Location"] = f"/frameworks/{quote(result.framework_id, safe='')}"
    return dict(result.as_dict())


@router.get("/frameworks/{framework_id}.ctdl.json", response_class=Response,
            summary="A framework as CTDL-ASN JSON-LD",
            responses={200: {"content": {"application/ld+json": {"schema": {"type": "object"}}}}})
def read_framework_ctdl(framework_id: str, store: StoreDep) -> Response:
    """Export any framework (bundled or imported) as a CTDL-ASN JSON-LD document."""
    return Response(interop.export_ctdl(store, framework_id), media_type="application/ld+json")


@router.get("/frameworks/{framework_id}.skos.ttl", response_class=Response,
            summary="A framework as SKOS Turtle",
            responses={200: {"content": {"text/turtle": {"schema": {"type": "string"}}}}})
def read_framework_skos(framework_id: str, store: StoreDep) -> Response:
    """Export any framework (bundled or imported) as a SKOS concept scheme in Turtle."""
    return Response(interop.export_skos(store, framework_id), media_type="text/turtle")


@router.post("/frameworks/ctdl-asn", status_code=201, dependencies=[WriteKey],
             summary="Import a CTDL-ASN competency framework",
             response_model=FrameworkImportPublic, responses=_CREATED,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/ld+json": {"schema": {"type": "object"}},
                 "text/turtle": {"schema": {"type": "string"}}}}})
def create_framework_ctdl(request: Request, body: BodyDep, store: StoreDep, response: Response,
                          framework_id: str | None = FrameworkIdQuery) -> dict[str, Any]:
    """Import the CTDL-ASN framework in the body (the CTDL-ASN context is supplied locally)."""
    fmt = "turtle" if _media(request) == "text/turtle" else "json-ld"
    return _created(response, interop.import_ctdl_bytes(store, body, "request body", fmt,
                                                        framework_id=framework_id))


@router.post("/frameworks/skos", status_code=201, dependencies=[WriteKey],
             summary="Import a SKOS concept scheme as a framework",
             response_model=FrameworkImportPublic, responses=_CREATED,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "text/turtle": {"schema": {"type": "string"}},
                 "application/ld+json": {"schema": {"type": "object"}}}}})
def create_framework_skos(request: Request, body: BodyDep, store: StoreDep, response: Response,
                          framework_id: str | None = FrameworkIdQuery) -> dict[str, Any]:
    """Import the SKOS concept scheme in the body (Turtle, or JSON-LD)."""
    fmt = "json-ld" if _media(request) in {"application/ld+json", "application/json"} else "turtle"
    return _created(response, interop.import_skos_bytes(store, body, "request body", fmt,
                                                        framework_id=framework_id))
