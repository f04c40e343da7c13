"""Read API of the frameworks and the search over them.

``GET /frameworks``, ``GET /frameworks/{id}``, ``GET /frameworks/{id}/items``,
``GET /frameworks/{id}/items/{code}`` and ``GET /search?q=&lang=&limit=&offset=&framework=``.
The lists are pages (``limit``, ``offset``, ``total``, ``links``; ``api.paging``). Every
route takes ``?lang=en|ru|kk`` (default ``en``); labels fall back to English when the requested
language is missing, and the answer says which language it used (``label_lang``). An unknown
framework or code is a 404 problem, a bad parameter a 422 problem naming it.

Coexistence with the export/import router: ``GET /frameworks/{id}.case.json`` (and other
``/frameworks/{id}.<format>`` downloads) and ``POST /frameworks`` belong to another router. The
``{id}`` parameter here uses the ``framework_id`` path convertor registered below, which does
not match a segment ending in a file extension (``.json``, ``.jsonld``, ``.ttl``, ``.nt``,
``.rdf``, ``.xml``, ``.csv``), so such a request falls through to that router whatever the
order in which the routers are included. Framework ids never end that way (``cdio-2.0`` ends in
``.0``). This router registers no POST route on ``/frameworks``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.convertors import Convertor, register_url_convertor

from api.deps import StoreDep
from api.paging import Paging, PagingDep, page
from api.schemas.common import Page
from api.schemas.frameworks import (
    FrameworkItemPublic,
    FrameworkItemSummaryPublic,
    FrameworkPublic,
    FrameworkSummaryPublic,
    SearchHitPublic,
)
from competency_graph.services import frameworks

#: The search ranks at most this many hits (the service's cap).
SEARCH_MAX = 200

#: Extensions that mark a download route of another router, never a framework id.
DOWNLOAD_SUFFIXES = ("json", "jsonld", "ttl", "nt", "rdf", "xml", "csv")


class FrameworkIdConvertor(Convertor[str]):
    """A path segment that is a framework id: anything but a ``<id>.<format>`` download."""

    regex = r"(?![^/]*\.(?:" + "|".join(DOWNLOAD_SUFFIXES) + r")$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("framework_id", FrameworkIdConvertor())

router = APIRouter(tags=["frameworks"])

Lang = Query("en", max_length=35, json_schema_extra={"enum": ["en", "ru", "kk"]},
             description="Label language: en, ru or kk (falls back to English).")


@router.get("/frameworks", summary="Every framework and level scale with its item count",
            response_model=Page[FrameworkSummaryPublic])
def read_frameworks(request: Request, store: StoreDep, paging: PagingDep,
                    lang: str = Lang) -> dict[str, Any]:
    """List the bundled and imported frameworks and level scales: id, kind, title (in
    ``lang``), version, confirmation status and number of items."""
    lang = frameworks.check_lang(lang)
    data = [f.as_dict() for f in frameworks.list_frameworks(store, lang=lang)]
    return page(request, data, paging)


@router.get("/frameworks/{framework_id:framework_id}",
            summary="One framework with its provenance", response_model=FrameworkPublic)
def read_framework(framework_id: str, store: StoreDep, lang: str = Lang) -> dict[str, Any]:
    """Metadata and provenance of a framework or level scale: version, publisher, sources,
    rights, confirmation status, description, complementing schemes, level scale (with its
    levels), required level and item counts by class."""
    return frameworks.get_framework(store, framework_id, lang)


@router.get("/frameworks/{framework_id:framework_id}/items",
            summary="The items of one framework (paged)",
            response_model=Page[FrameworkItemSummaryPublic])
def read_framework_items(framework_id: str, request: Request, store: StoreDep,
                         paging: PagingDep, lang: str = Lang) -> dict[str, Any]:
    """The items of the framework in natural order (levels by rank) with code, label,
    kind, broader item, category, wording status and international dimension, one page at
    a time (ESCO has 13,896 skills: follow ``links.next``)."""
    data = frameworks.list_items(store, framework_id, lang)
    return page(request, data, paging, framework=framework_id)


@router.get("/frameworks/{framework_id:framework_id}/items/{code}",
            summary="One item with its labels in every language and its mappings",
            response_model=FrameworkItemPublic)
def read_framework_item(framework_id: str, code: str, store: StoreDep,
                        lang: str = Lang) -> dict[str, Any]:
    """One item: labels in en/ru/kk, definition, wording status, category, broader and
    narrower items, and its crosswalk mappings to and from other frameworks (relation,
    rationale, basis, crosswalk)."""
    return frameworks.get_item(store, framework_id, code, lang)


@router.get("/search", summary="Multilingual search over the items of every framework",
            response_model=Page[SearchHitPublic])
def read_search(
    request: Request,
    store: StoreDep,
    q: str = Query(..., max_length=1000, json_schema_extra={"pattern": r"\S"},
                   description="Code (WA6, wa-2021:WA6), label or words, in any language."),
    lang: str = Lang,
    limit: int = Query(frameworks.DEFAULT_LIMIT, description=(
        f"Page size, 1 to {SEARCH_MAX} (default {frameworks.DEFAULT_LIMIT})."),
        json_schema_extra={"minimum": 1, "maximum": SEARCH_MAX}),
    offset: int = Query(0, ge=0, le=SEARCH_MAX, description="Index of the first hit."),
    framework: str | None = Query(None, max_length=200,
                                  description="Only items of this framework id."),
) -> dict[str, Any]:
    """Search codes, labels and definitions of every framework in every language; exact
    code and label matches first, then label prefixes and words, then definitions. Labels
    are answered in ``lang``. The best 200 hits are ranked and paged (``total`` counts
    them)."""
    # a valid limit ranks the best SEARCH_MAX hits (then paged); a bad one goes to the service,
    # which reports it with any other bad parameter in one 422
    ranked = SEARCH_MAX if 1 <= limit <= SEARCH_MAX else limit
    hits = frameworks.search(store, q, lang=lang, limit=ranked, framework=framework)
    return page(request, [h.as_dict() for h in hits], Paging(limit, offset),
                query=q, lang=lang.strip().lower())
