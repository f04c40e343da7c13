"""The e-learning space over HTTP (docs/elearning.md).

* ``GET /resources`` — the catalogue (bundled and imported learning resources);
* ``GET /resources/recommendations/{programme}`` — resources per missing/partial item and per
  staff member, with reasons (``?framework=`` repeatable, ``?lang=``, ``?limit=``);
* ``GET /resources/path?from=B1&to=C1&lang=en&field=`` — a learning path with total hours;
* ``GET /resources/coverage`` — catalogue analytics (items × languages × levels);
* ``POST /resources?name=&format=csv|jsonld`` — import a resource file (API key; whole or not at
  all; 422 problems located by row/column or JSON path);
* ``GET /frameworks/{id}.moodle.csv?lang=en`` — a framework as Moodle's competency framework
  CSV (``text/csv``). Listed before the frameworks router so the download is matched here.

Plain ``def`` handlers: the work is blocking store access and runs in the thread pool.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response

from api.deps import StoreDep, WriteKey
from competency_graph.services import elearning
from competency_graph.services.elearning import moodle

router = APIRouter(tags=["e-learning"])


@router.get("/resources", summary="The learning-resource catalogue")
def list_resources(store: StoreDep, lang: str = Query("en")) -> dict[str, Any]:
    """Every stored learning resource."""
    return {"resources": [r.as_dict(lang) for r in elearning.load_catalogue(store)]}


@router.get("/resources/recommendations/{programme}",
            summary="Learning resources for a programme's gaps and its staff")
def get_recommendations(programme: str, store: StoreDep,
                        framework: list[str] = Query(None),
                        lang: str = Query("en"), language: str = Query("en"),
                        limit: int = Query(5, ge=1, le=50)) -> dict[str, Any]:
    """Resources per missing or partial item (each target framework) and per staff member."""
    from competency_graph.services.gaps import programme_ref

    with programme_ref(store, programme, allow_paths=False):
        pass  # a stored programme only: never a server path
    return elearning.recommend_for_programme(store, programme, frameworks=framework or None,
                                             language=language, lang=lang, limit=limit)


@router.get("/resources/path", summary="A learning path between two CEFR levels")
def get_path(store: StoreDep, start: str = Query(..., alias="from"),
             end: str = Query(..., alias="to"), lang: str = Query("en"),
             field: str | None = Query(None),
             framework: str = Query("esp-engineering")) -> dict[str, Any]:
    """Resources ordered by level and prerequisite, with the total hours."""
    return elearning.learning_path(store, start, end, language=lang, field=field,
                                   framework=framework)


@router.get("/resources/coverage", summary="Catalogue coverage: items × languages × levels")
def get_coverage(store: StoreDep, framework: list[str] = Query(None),
                 lang: str = Query("en")) -> dict[str, Any]:
    """How the catalogue covers the items of the frameworks it serves."""
    return elearning.coverage(store, frameworks=framework or None, lang=lang)


@router.post("/resources", status_code=201, dependencies=[WriteKey],
             summary="Import learning resources (CSV or JSON-LD)")
def post_resources(store: StoreDep, body: bytes = Body(..., media_type="text/csv"),
                   name: str = Query("uploaded"), fmt: str = Query("csv", alias="format")
                   ) -> dict[str, Any]:
    """Import a resource CSV or JSON-LD document into ``graph/learning-resources/<name>``."""
    return elearning.import_resources_bytes(store, body, f"upload.{fmt}", fmt=fmt,
                                            name=name).as_dict()


@router.get("/frameworks/{framework_id}.moodle.csv", response_class=Response,
            summary="A framework as a Moodle competency framework CSV")
def get_framework_moodle(framework_id: str, store: StoreDep,
                         lang: str = Query("en")) -> Response:
    """The Moodle "Import competency framework" CSV of any framework, in one language."""
    return Response(moodle.export_moodle(store, framework_id, lang), media_type="text/csv")
