"""Service health."""

from __future__ import annotations

from api.schemas.common import Record


class HealthPublic(Record):
    """``GET /health``: the service runs; its store and ontology."""

    status: str
    version: str
    store: str
    triples: int
    graphs: int | None = None
    ontology_version: str | None = None
