"""Settings, read from the environment (``COMPETENCY_GRAPH_*``) or given in code.

| variable | meaning | default |
|---|---|---|
| ``COMPETENCY_GRAPH_STORE`` | on-disk store folder, ``:memory:`` for an in-memory store, or an ``http(s)://`` SPARQL endpoint URL (the remote backend) | ``<user data dir>/competency-graph`` |
| ``COMPETENCY_GRAPH_UPDATE_URL`` | remote backend: the SPARQL Update endpoint | the query URL |
| ``COMPETENCY_GRAPH_GSP_URL`` | remote backend: the Graph Store Protocol endpoint | none (updates are used) |
| ``COMPETENCY_GRAPH_UNION_PARAM`` | remote backend: send Oxigraph's ``union-default-graph`` parameter instead of listing the graphs | ``false`` |
| ``COMPETENCY_GRAPH_SPARQL_DIALECT`` | remote backend: the engine behind the endpoint, ``generic`` or ``virtuoso`` (see ``docs/deployment.md``) | ``generic`` |
| ``COMPETENCY_GRAPH_QUERY_TIMEOUT`` | time limit of a user query in seconds | ``30`` |
| ``COMPETENCY_GRAPH_API_KEY`` | key required for writes over HTTP (``X-API-Key``); writes are refused when unset unless ``COMPETENCY_GRAPH_OPEN_WRITES=true`` | unset |
| ``COMPETENCY_GRAPH_MAX_UPLOAD_MB`` | largest accepted upload | ``50`` |
| ``COMPETENCY_GRAPH_DEMO`` | load the bundled demo data when the store is new | ``true`` for ``serve`` |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_data_dir

MEMORY = ":memory:"


def default_store_path() -> str:
    """Return the default on-disk store folder (in the user's data directory)."""
    return str(Path(user_data_dir("competency-graph", appauthor=False)) / "store")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything that configures a store and the service."""

    store: str = field(default_factory=default_store_path)
    update_url: str | None = None
    gsp_url: str | None = None
    union_param: bool = False
    sparql_dialect: str | None = None
    query_timeout: float = 30.0
    api_key: str | None = None
    open_writes: bool = False
    max_upload_bytes: int = 50 * 1024 * 1024
    load_demo: bool = False
    ontology_dir: str | None = None

    @property
    def is_remote(self) -> bool:
        """Whether the store is a remote SPARQL endpoint."""
        return self.store.startswith(("http://", "https://"))

    @property
    def is_memory(self) -> bool:
        """Whether the store lives in memory only."""
        return self.store == MEMORY

    @property
    def store_kind(self) -> str:
        """``oxigraph-memory``, ``oxigraph-disk`` or ``sparql-endpoint``."""
        if self.is_remote:
            return "sparql-endpoint"
        return "oxigraph-memory" if self.is_memory else "oxigraph-disk"

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Build settings from ``COMPETENCY_GRAPH_*`` variables; ``overrides`` win when not None."""
        env = os.environ
        values: dict[str, object] = {
            "store": env.get("COMPETENCY_GRAPH_STORE") or default_store_path(),
            "update_url": env.get("COMPETENCY_GRAPH_UPDATE_URL") or None,
            "gsp_url": env.get("COMPETENCY_GRAPH_GSP_URL") or None,
            "union_param": _env_bool("COMPETENCY_GRAPH_UNION_PARAM", False),
            "sparql_dialect": env.get("COMPETENCY_GRAPH_SPARQL_DIALECT") or None,
            "query_timeout": float(env.get("COMPETENCY_GRAPH_QUERY_TIMEOUT") or 30),
            "api_key": env.get("COMPETENCY_GRAPH_API_KEY") or None,
            "open_writes": _env_bool("COMPETENCY_GRAPH_OPEN_WRITES", False),
            "max_upload_bytes": int(float(env.get("COMPETENCY_GRAPH_MAX_UPLOAD_MB") or 50) * 2**20),
            "load_demo": _env_bool("COMPETENCY_GRAPH_DEMO", False),
            "ontology_dir": env.get("COMPETENCY_GRAPH_ONTOLOGY_DIR") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
