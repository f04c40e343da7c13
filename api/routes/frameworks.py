"""Read API of the frameworks and the search over them.

``GET /frameworks``, ``GET /frameworks/{id}``, ``GET /frameworks/{id}/items``,
``GET /frameworks/{id}/items/{code}`` and ``GET /search?q=&lang=&limit=&framework=``. Every
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

from fastapi import APIRouter, Query
from starlette.convertors import Convertor, register_url_convertor

from api.deps import StoreDep
from competency_graph.services import frameworks

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

Lang = Query("en", description="Label language: en, ru or kk (falls back to English).")


@router.get("/frameworks", summary="Every framework and level scale with its item count")
def read_frameworks(store: StoreDep, lang: str = Lang) -> dict[str, Any]:
    """List the bundled and imported frameworks and level scales: id, kind, title (in
    ``lang``), version, confirmation status and number of items."""
    lang = frameworks.check_lang(lang)
    data = [f.as_dict() for f in frameworks.list_frameworks(store, lang=lang)]
    return {"count": len(data), "data": data}


@router.get("/frameworks/{framework_id:framework_id}",
            summary="One framework with its provenance")
def read_framework(framework_id: str, store: StoreDep, lang: str = Lang) -> dict[str, Any]:
    """Metadata and provenance of a framework or level scale: version, publisher, sources,
    rights, confirmation status, description, complementing schemes, level scale (with its
    levels), required level and item counts by class."""
    return frameworks.get_framework(store, framework_id, lang)


@router.get("/frameworks/{framework_id:framework_id}/items",
            summary="The items of one framework")
def read_framework_items(framework_id: str, store: StoreDep,
                         lang: str = Lang) -> dict[str, Any]:
    """Every item of the framework in natural order (levels by rank) with code, label,
    kind, broader item, category, wording status and international dimension."""
    data = frameworks.list_items(store, framework_id, lang)
    return {"framework": framework_id, "count": len(data), "data": data}


@router.get("/frameworks/{framework_id:framework_id}/items/{code}",
            summary="One item with its labels in every language and its mappings")
def read_framework_item(framework_id: str, code: str, store: StoreDep,
                        lang: str = Lang) -> dict[str, Any]:
    """One item: labels in en/ru/kk, definition, wording status, category, broader and
    narrower items, and its crosswalk mappings to and from other frameworks (relation,
    rationale, basis, crosswalk)."""
    return frameworks.get_item(store, framework_id, code, lang)


@router.get("/search", summary="Multilingual search over the items of every framework")
def read_search(
    store: StoreDep,
    q: str = Query(..., description="Code (WA6, wa-2021:WA6), label or words, in any language."),
    lang: str = Lang,
    limit: int = Query(frameworks.DEFAULT_LIMIT,
                       description="Maximum number of results (1-200)."),
    framework: str | None = Query(None, description="Only items of this framework id."),
) -> dict[str, Any]:
    """Search codes, labels and definitions of every framework in every language; exact
    code and label matches first, then label prefixes and words, then definitions. Labels
    are answered in ``lang``."""
    hits = frameworks.search(store, q, lang=lang, limit=limit, framework=framework)
    return {"query": q, "lang": lang.strip().lower(), "count": len(hits),
            "data": [h.as_dict() for h in hits]}
