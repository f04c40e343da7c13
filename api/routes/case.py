"""CASE over HTTP.

* ``POST /frameworks`` — import a CASE package (CFPackage JSON, CASE 1.0 or 1.1) sent as the
  request body (capped while it streams in, like every upload); write key required; 201 with
  ``Location``; 422 problem+json with every JSON path on bad input.
* ``GET /frameworks/{id}.case.json`` — any framework as a strict CASE 1.1 CFPackage.
* ``/ims/case/v1p1/…`` — the read-only CASE 1.1 provider (1EdTech REST binding): CFDocuments
  (paging with ``limit``/``offset``, ``sort``/``orderBy``), CFDocuments/CFPackages/CFItems/
  CFItemAssociations/CFAssociations/CFAssociationGroupings/CFConcepts/CFSubjects/CFItemTypes/
  CFLicenses/CFRubrics by sourcedId. Errors are ``imsx_StatusInfo`` objects.

This router is listed before the frameworks router so ``/frameworks/{id}.case.json`` is matched
here and not taken as a framework id.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from api.deps import BodyDep, StoreDep, WriteKey
from api.schemas.case import (
    CaseObjectPublic,
    CFDocumentListPublic,
    CFItemAssociationsPublic,
    CFPackagePublic,
    ImsxStatusInfo,
)
from api.schemas.common import Record
from api.schemas.frameworks import CaseImportPublic
from competency_graph.services.interop import case as case_service

router = APIRouter(tags=["CASE"])
provider = "/ims/case/v1p1"

#: The provider's errors are ``imsx_StatusInfo`` objects, not problem+json.
_IMSX: dict[int | str, dict[str, Any]] = {"4XX": {
    "description": "CASE provider error (imsx_StatusInfo)", "model": ImsxStatusInfo,
    "content": {"application/json": {}}}}


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(case_service.dump(body), status_code=status,
                    media_type=case_service.CASE_MEDIA_TYPE, headers=headers)


def _failure(exc: case_service.CaseServiceError) -> JSONResponse:
    return JSONResponse(exc.status_info(), status_code=exc.status)


@router.post("/frameworks", status_code=201, dependencies=[WriteKey],
             summary="Import a CASE package (CASE 1.0 or 1.1 CFPackage JSON)",
             response_model=CaseImportPublic,
             responses={201: {"headers": {"Location": {
                 "description": "The framework's CASE export", "schema": {"type": "string"}}}}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object"}}}}})
def create_framework_case(body: BodyDep, response: Response, store: StoreDep) -> dict[str, Any]:
    """Import the CFPackage in the request body as a framework whose id is the CFDocument
    identifier. It lands whole or not at all; a bad package gives 422 with every problem and
    its JSON path. ``Location`` names the framework's CASE export."""
    result = case_service.import_case_bytes(store, body, "request body")
    response.headers["Location"] = f"/frameworks/{quote(result.framework_id, safe='')}.case.json"
    return result.as_dict()


@router.get("/frameworks/{framework_id}.case.json", summary="A framework as CASE 1.1 JSON",
            response_model=CFPackagePublic)
def read_framework_case(framework_id: str, store: StoreDep) -> Response:
    """Export any framework (bundled or imported) as a CASE 1.1 CFPackage that validates against
    the official 1EdTech schema."""
    return Response(case_service.export_case(store, framework_id),
                    media_type=case_service.CASE_MEDIA_TYPE)


@router.get(provider + "/CFDocuments", summary="getAllCFDocuments",
            response_model=CFDocumentListPublic, responses={
                **_IMSX, 200: {"headers": {"X-Total-Count": {
                    "description": "Number of documents", "schema": {"type": "integer"}}}}})
def read_case_documents(
    store: StoreDep,
    limit: Annotated[int, Query(json_schema_extra={"minimum": 1},
                                description="Page size (default 100).")] = 100,
    offset: Annotated[int, Query(json_schema_extra={"minimum": 0},
                                 description="Index of the first record (0-based).")] = 0,
    sort: Annotated[str | None, Query(
        max_length=100, json_schema_extra={"enum": list(case_service.SORTABLE)},
        description="Field to sort by (default title).")] = None,
    order_by: Annotated[str | None, Query(
        alias="orderBy", max_length=10, json_schema_extra={"enum": ["asc", "desc"]},
        description="asc or desc.")] = None,
) -> Response:
    """Every framework and level scale as a CFDocument, one page at a time; the total count is
    in ``X-Total-Count``. Bad paging or sorting parameters are ``imsx_StatusInfo`` 400s, as the
    binding requires (the service checks them)."""
    try:
        page, total = case_service.list_documents(store, limit=limit, offset=offset, sort=sort,
                                                  order_by=order_by)
    except case_service.CaseServiceError as exc:
        return _failure(exc)
    return _json(page, headers={"X-Total-Count": str(total)})


def _answer(call: Any, *args: Any) -> Response:
    try:
        return _json(call(*args))
    except case_service.CaseServiceError as exc:
        return _failure(exc)


@router.get(provider + "/CFDocuments/{sourced_id}", summary="getCFDocument",
            response_model=CaseObjectPublic, responses=_IMSX)
def read_case_document(sourced_id: str, store: StoreDep) -> Response:
    """One CFDocument by sourcedId (a framework id such as ``wa-2021`` also works)."""
    return _answer(case_service.get_document, store, sourced_id)


@router.get(provider + "/CFPackages/{sourced_id}", summary="getCFPackage",
            response_model=CFPackagePublic, responses=_IMSX)
def read_case_package(sourced_id: str, store: StoreDep) -> Response:
    """The whole framework (document, items, associations, definitions, rubrics)."""
    return _answer(case_service.get_package, store, sourced_id)


@router.get(provider + "/CFItemAssociations/{sourced_id}", summary="getCFItemAssociations",
            response_model=CFItemAssociationsPublic, responses=_IMSX)
def read_case_item_associations(sourced_id: str, store: StoreDep) -> Response:
    """A CFItem and every association it is an end of."""
    return _answer(case_service.get_item_associations, store, sourced_id)


def _single(kind: str, operation: str, name: str) -> None:
    def endpoint(sourced_id: str, store: StoreDep) -> Response:
        return _answer(case_service.get_object, store, kind, sourced_id)

    endpoint.__doc__ = f"One {kind[:-1]} by sourcedId."
    endpoint.__name__ = name
    router.add_api_route(f"{provider}/{kind}/{{sourced_id}}", endpoint, methods=["GET"],
                         summary=operation, response_model=CaseObjectPublic, responses=_IMSX,
                         name=name)


def _set(kind: str, operation: str, name: str) -> None:
    def endpoint(sourced_id: str, store: StoreDep) -> Response:
        return _answer(case_service.get_definition_set, store, kind, sourced_id)

    endpoint.__doc__ = f"The {kind[:-1]} and its hierarchy descendants, as a set."
    endpoint.__name__ = name
    router.add_api_route(f"{provider}/{kind}/{{sourced_id}}", endpoint, methods=["GET"],
                         summary=operation, response_model=Record, responses=_IMSX, name=name)


for _kind, _op, _name in (
        ("CFItems", "getCFItem", "read_case_item"),
        ("CFAssociations", "getCFAssociation", "read_case_association"),
        ("CFAssociationGroupings", "getCFAssociationGrouping", "read_case_association_grouping"),
        ("CFLicenses", "getCFLicense", "read_case_license"),
        ("CFRubrics", "getCFRubric", "read_case_rubric")):
    _single(_kind, _op, _name)
for _kind, _op, _name in (("CFConcepts", "getCFConcept", "read_case_concepts"),
                          ("CFSubjects", "getCFSubject", "read_case_subjects"),
                          ("CFItemTypes", "getCFItemType", "read_case_item_types")):
    _set(_kind, _op, _name)


@router.get(provider + "/{rest:path}", include_in_schema=False)
def read_case_unknown(rest: str) -> JSONResponse:
    """Anything else under the provider path: an ``imsx_StatusInfo`` 404."""
    return JSONResponse(case_service.status_info(
        "failure", "error", f"no CASE endpoint {rest!r}", [("path", "unknownobject")]),
        status_code=404)
