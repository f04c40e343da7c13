"""Routers, one module per area; ``api.main`` includes every router listed here, each with the
problem+json error responses (``api.errors.ERROR_RESPONSES``).

Handler names are ``verb_noun``: ``read_*`` (GET), ``create_*`` (POST, 201 + ``Location``),
``update_*`` (PUT / PATCH), ``delete_*`` (DELETE, 204). Routes that do blocking work (the store,
parsers, reports) are plain ``def``: FastAPI runs them in its thread pool. A new area adds its
module here (see docs/http.md, "Adding a route").
"""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import (
    case,
    frameworks,
    gaps,
    health,
    institutions,
    interop,
    programmes,
    resources,
    sparql,
    staff,
    suggestions,
    validation,
)

# case.router first: its /frameworks/{id}.case.json must win over GET /frameworks/{id}
# (likewise interop.router: /frameworks/{id}.ctdl.json and .skos.ttl, resources.router:
# /frameworks/{id}.moodle.csv)
routers: list[APIRouter] = [case.router, interop.router, resources.router, health.router,
                            sparql.router,
                            frameworks.router, staff.router, institutions.router,
                            institutions.studies_router, gaps.router, validation.router,
                            programmes.router, staff.institutions_router, suggestions.router]
