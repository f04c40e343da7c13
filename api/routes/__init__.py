"""Routers, one module per area; ``api.main`` includes every router listed here."""

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
    sparql,
    staff,
    suggestions,
    validation,
)

# case.router first: its /frameworks/{id}.case.json must win over GET /frameworks/{id}
# (likewise interop.router: /frameworks/{id}.ctdl.json and .skos.ttl)
routers: list[APIRouter] = [case.router, interop.router, health.router, sparql.router,
                            frameworks.router, staff.router, institutions.router,
                            institutions.studies_router, gaps.router, validation.router,
                            programmes.router, staff.institutions_router, suggestions.router]
