"""The frameworks browser: the list, a framework's items, an item, and the search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from competency_graph.services import frameworks
from web.render import Page, WebRoute, page

router = APIRouter(route_class=WebRoute, prefix="/ui/frameworks")
PageDep = Annotated[Page, Depends(page)]
MAX_QUERY = 200


@router.get("")
def frameworks_page(p: PageDep) -> Response:
    """Every framework with its item count and confirmation status."""
    return p.render("frameworks.html", frameworks=frameworks.list_frameworks(p.store, p.lang))


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
