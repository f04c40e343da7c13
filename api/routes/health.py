"""``GET /health``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas.system import HealthPublic
from competency_graph import services

router = APIRouter(tags=["service"])


@router.get("/health", summary="Store kind, size and ontology version",
            response_model=HealthPublic)
def read_health(store: StoreDep) -> dict[str, Any]:
    """Report that the service runs, which store it uses, how many triples it holds and the
    version of the loaded ontology."""
    return services.health(store)
