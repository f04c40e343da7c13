"""The frameworks browser: the list, a framework's items, an item, and the search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import Response

from competency_graph.errors import InputError, Location, Problem
from competency_graph.services import frameworks, interop
from web.render import Page, WebRoute, page
from web.routes.programmes import read_uploads

router = APIRouter(route_class=WebRoute, prefix="/ui/frameworks")
PageDep = Annotated[Page, Depends(page)]
MAX_QUERY = 200
#: what an admin may upload: kind → (label, suffix → parser format)
KINDS = {"case": "CASE 1.1 JSON", "skos": "SKOS (Turtle or JSON-LD)",
         "ctdl-asn": "CTDL-ASN (JSON-LD or Turtle)"}


def _list_page(p: Page, *, problems: list[Problem] | None = None, message: str | None = None,
               status: int = 200) -> Response:
    return p.render("frameworks.html", status=status,
                    frameworks=frameworks.list_frameworks(p.store, p.lang), kinds=KINDS,
                    problems=problems or [], message=message)


@router.get("")
def frameworks_page(p: PageDep) -> Response:
    """Every framework with its item count and confirmation status; the import form for
    admins."""
    return _list_page(p)


def _import(p: Page, kind: str, name: str, data: bytes) -> Any:
    rdf = "json-ld" if name.lower().endswith((".json", ".jsonld")) else "turtle"
    if kind == "case":
        return interop.import_case_bytes(p.store, data, name)
    if kind == "skos":
        return interop.import_skos_bytes(p.store, data, name, rdf)
    if kind == "ctdl-asn":
        return interop.import_ctdl_bytes(p.store, data, name, rdf)
    raise InputError(Problem(f"unknown kind {kind!r}", Location(file=name)))


@router.post("")
def import_framework(p: PageDep, file: Annotated[list[UploadFile], File()],
                     kind: Annotated[str, Form()] = "case",
                     csrf_token: Annotated[str, Form()] = "") -> Response:
    """Import a framework (admins): CASE, SKOS or CTDL-ASN; errors listed, nothing stored."""
    p.require_write(csrf_token, role="admin")
    try:
        (name, data), *_rest = read_uploads(file[:1], p.settings.max_upload_bytes)
        result = _import(p, kind, name, data)
    except InputError as exc:
        return _list_page(p, problems=list(exc.problems), status=422)
    frameworks.invalidate_search_index(p.store)
    fid = getattr(result, "framework_id", "")
    return _list_page(p, message=p.t("web.fw.imported", id=fid))


@router.get("/search")
def search_page(p: PageDep, q: str = "") -> Response:
    """The multilingual search over every framework's items."""
    q = q.strip()[:MAX_QUERY]
    hits = frameworks.search(p.store, q, p.lang) if q else []
    return p.render("search.html", q=q, hits=hits)


@router.get("/{framework_id}")
def framework_page(p: PageDep, framework_id: str) -> Response:
    """One framework: provenance and its items."""
    return p.render("framework.html", fw=frameworks.get_framework(p.store, framework_id, p.lang),
                    items=frameworks.list_items(p.store, framework_id, p.lang))


@router.get("/{framework_id}/items/{code}")
def item_page(p: PageDep, framework_id: str, code: str) -> Response:
    """One item: labels and definitions in the three languages, provenance, mappings both
    ways."""
    return p.render("item.html", fw=frameworks.get_framework(p.store, framework_id, p.lang),
                    item=frameworks.get_item(p.store, framework_id, code, p.lang))
