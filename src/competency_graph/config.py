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
| ``COMPETENCY_GRAPH_CORS_ORIGINS`` | origins allowed to call the API from a browser, comma-separated (CORS is off when unset) | unset |
| ``COMPETENCY_GRAPH_AUTH_FAILURES`` | failed API-key attempts a client may make per ``COMPETENCY_GRAPH_AUTH_WINDOW`` seconds before it gets 429 | ``10`` |
| ``COMPETENCY_GRAPH_AUTH_WINDOW`` | the window of that count, in seconds | ``60`` |
| ``COMPETENCY_GRAPH_DEMO`` | load the bundled demo data when the store is new | ``true`` for ``serve`` |
| ``COMPETENCY_GRAPH_SPARQL_MAX_QUERY_CHARS`` | longest accepted user query (characters); the endpoint refuses a longer body with 413 before reading it | ``100000`` |
| ``COMPETENCY_GRAPH_SPARQL_MAX_ROWS`` | most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in a user query's answer; past it the query fails with 422, nothing is truncated silently | ``100000`` |
| ``COMPETENCY_GRAPH_SPARQL_MAX_RESULT_MB`` | largest serialised answer to a user query | ``64`` |
| ``COMPETENCY_GRAPH_SPARQL_SLOTS`` | user queries that run at once (each in its own process on the embedded store) | ``4`` |
| ``COMPETENCY_GRAPH_SPARQL_SLOTS_PER_CLIENT`` | of those, how many one client (address) may hold | ``1`` |
| ``COMPETENCY_GRAPH_SPARQL_SLOT_WAIT`` | seconds a query waits for a free slot before 503 | ``2`` |
| ``COMPETENCY_GRAPH_SPARQL_SERVICES`` | space-separated endpoint IRIs a ``SERVICE`` clause may name; none by default (``SERVICE`` is refused, like ``LOAD``) | empty |
| ``COMPETENCY_GRAPH_WRITE_TRACE`` | testing aid: a file to which the store appends ``write-begin`` / ``write-end`` around each replacement's final transaction (the crash-safety test proves its kills land inside the write with it) | unset |

Input limits (:class:`Limits`, read by every parser in ``competency_graph.io`` through
:func:`limits`; an input over a limit is refused with a located ``InputError`` before the work
that the limit protects; docs/limits.md explains each):

| variable | meaning | default |
|---|---|---|
| ``COMPETENCY_GRAPH_MAX_ROWS`` | rows of one table (sheet or CSV file), header included | ``100000`` |
| ``COMPETENCY_GRAPH_MAX_COLUMNS`` | columns of one table | ``256`` |
| ``COMPETENCY_GRAPH_MAX_CELLS`` | cells of one table (rows × columns read) | ``2000000`` |
| ``COMPETENCY_GRAPH_MAX_CELL_CHARS`` | characters of one cell (Excel's own limit) | ``32767`` |
| ``COMPETENCY_GRAPH_MAX_SHEETS`` | sheets of one workbook | ``64`` |
| ``COMPETENCY_GRAPH_MAX_SHARED_STRINGS`` | shared strings of one xlsx workbook | ``1000000`` |
| ``COMPETENCY_GRAPH_MAX_ZIP_ENTRIES`` | entries of one zip or xlsx archive | ``2000`` |
| ``COMPETENCY_GRAPH_MAX_ZIP_MEMBER_MB`` | decompressed size of one archive entry | ``20`` |
| ``COMPETENCY_GRAPH_MAX_ZIP_TOTAL_MB`` | decompressed size of a whole archive | ``100`` |
| ``COMPETENCY_GRAPH_MAX_ZIP_RATIO`` | decompressed / compressed size of an entry over 1 MiB | ``200`` |
| ``COMPETENCY_GRAPH_MAX_INPUT_MB`` | one file given to a parser (CSV, JSON, RDF; ESCO archives excepted) | ``50`` |
| ``COMPETENCY_GRAPH_MAX_JSON_DEPTH`` | nesting depth of a JSON document | ``64`` |
| ``COMPETENCY_GRAPH_MAX_ID_CHARS`` | characters of an id (programme, course, outcome, staff …) | ``128`` |
| ``COMPETENCY_GRAPH_MAX_IRI_CHARS`` | characters of an IRI | ``2048`` |
| ``COMPETENCY_GRAPH_MAX_LITERAL_CHARS`` | characters of a text value (a JSON string, an RDF literal) | ``100000`` |
| ``COMPETENCY_GRAPH_ACCOUNTS`` | the accounts file of the web workspace (users, password hashes, key hashes, the session secret; docs/web.md) | ``<store>.accounts.json`` beside an on-disk store; in memory for ``:memory:``; ``<user data dir>/accounts.json`` for a remote store |
| ``COMPETENCY_GRAPH_OPEN_READS`` | the web pages can be read without signing in (writing always needs an editor or admin) | ``true`` |
| ``COMPETENCY_GRAPH_PASSWORD`` | the password of the first admin (created on first run) and of ``users add`` | generated and printed once |
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
    cors_origins: tuple[str, ...] = ()
    auth_failures: int = 10
    auth_window: float = 60.0
    ontology_dir: str | None = None
    sparql_max_query_chars: int = 100_000
    sparql_max_rows: int = 100_000
    sparql_max_result_bytes: int = 64 * 2**20
    sparql_slots: int = 4
    sparql_slots_per_client: int = 1
    sparql_slot_wait: float = 2.0
    sparql_services: tuple[str, ...] = ()
    write_trace: str | None = None
    accounts: str | None = None
    open_reads: bool = True

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

    @property
    def limits(self) -> Limits:
        """The input limits (from the environment; see :class:`Limits`)."""
        return limits()

    @property
    def accounts_path(self) -> str:
        """The accounts file (``:memory:`` when the store lives in memory)."""
        if self.accounts:
            return self.accounts
        if self.is_memory:
            return MEMORY
        if self.is_remote:
            return str(Path(user_data_dir("competency-graph", appauthor=False)) / "accounts.json")
        store = Path(self.store)
        return str(store.with_name(store.name + ".accounts.json"))

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
            "cors_origins": tuple(o.strip() for o in
                                  (env.get("COMPETENCY_GRAPH_CORS_ORIGINS") or "").split(",")
                                  if o.strip()),
            "auth_failures": int(env.get("COMPETENCY_GRAPH_AUTH_FAILURES") or 10),
            "auth_window": float(env.get("COMPETENCY_GRAPH_AUTH_WINDOW") or 60),
            "ontology_dir": env.get("COMPETENCY_GRAPH_ONTOLOGY_DIR") or None,
            "sparql_max_query_chars": int(env.get("COMPETENCY_GRAPH_SPARQL_MAX_QUERY_CHARS")
                                          or 100_000),
            "sparql_max_rows": int(env.get("COMPETENCY_GRAPH_SPARQL_MAX_ROWS") or 100_000),
            "sparql_max_result_bytes": int(float(env.get("COMPETENCY_GRAPH_SPARQL_MAX_RESULT_MB")
                                                 or 64) * 2**20),
            "sparql_slots": int(env.get("COMPETENCY_GRAPH_SPARQL_SLOTS") or 4),
            "sparql_slots_per_client": int(env.get("COMPETENCY_GRAPH_SPARQL_SLOTS_PER_CLIENT")
                                           or 1),
            "sparql_slot_wait": float(env.get("COMPETENCY_GRAPH_SPARQL_SLOT_WAIT") or 2),
            "sparql_services": tuple((env.get("COMPETENCY_GRAPH_SPARQL_SERVICES") or "").split()),
            "write_trace": env.get("COMPETENCY_GRAPH_WRITE_TRACE") or None,
            "accounts": env.get("COMPETENCY_GRAPH_ACCOUNTS") or None,
            "open_reads": _env_bool("COMPETENCY_GRAPH_OPEN_READS", True),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


# --- input limits (one block: the parsers' caps; see the table in the module docstring) -----------

_MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Caps every parser applies before the work they protect (defaults in the docstring table)."""

    max_rows: int = 100_000
    max_columns: int = 256
    max_cells: int = 2_000_000
    max_cell_chars: int = 32_767
    max_sheets: int = 64
    max_shared_strings: int = 1_000_000
    max_zip_entries: int = 2000
    max_zip_member_bytes: int = 20 * _MB
    max_zip_total_bytes: int = 100 * _MB
    max_zip_ratio: int = 200
    max_input_bytes: int = 50 * _MB
    max_json_depth: int = 64
    max_id_chars: int = 128
    max_iri_chars: int = 2048
    max_literal_chars: int = 100_000

    def with_(self, **changes: int) -> Limits:
        """Return a copy with some limits changed (tests, callers with their own caps)."""
        return replace(self, **changes)


#: (field, variable, scale): the environment variables of :class:`Limits`
_LIMIT_VARIABLES = (
    ("max_rows", "COMPETENCY_GRAPH_MAX_ROWS", 1),
    ("max_columns", "COMPETENCY_GRAPH_MAX_COLUMNS", 1),
    ("max_cells", "COMPETENCY_GRAPH_MAX_CELLS", 1),
    ("max_cell_chars", "COMPETENCY_GRAPH_MAX_CELL_CHARS", 1),
    ("max_sheets", "COMPETENCY_GRAPH_MAX_SHEETS", 1),
    ("max_shared_strings", "COMPETENCY_GRAPH_MAX_SHARED_STRINGS", 1),
    ("max_zip_entries", "COMPETENCY_GRAPH_MAX_ZIP_ENTRIES", 1),
    ("max_zip_member_bytes", "COMPETENCY_GRAPH_MAX_ZIP_MEMBER_MB", _MB),
    ("max_zip_total_bytes", "COMPETENCY_GRAPH_MAX_ZIP_TOTAL_MB", _MB),
    ("max_zip_ratio", "COMPETENCY_GRAPH_MAX_ZIP_RATIO", 1),
    ("max_input_bytes", "COMPETENCY_GRAPH_MAX_INPUT_MB", _MB),
    ("max_json_depth", "COMPETENCY_GRAPH_MAX_JSON_DEPTH", 1),
    ("max_id_chars", "COMPETENCY_GRAPH_MAX_ID_CHARS", 1),
    ("max_iri_chars", "COMPETENCY_GRAPH_MAX_IRI_CHARS", 1),
    ("max_literal_chars", "COMPETENCY_GRAPH_MAX_LITERAL_CHARS", 1),
)


def limits() -> Limits:
    """Return the input limits: defaults, overridden by ``COMPETENCY_GRAPH_MAX_*`` variables.

    Read on every call (cheap), so a test or a server started with other variables sees them.
    A variable that is not a positive number is ignored (the default stays).
    """
    values: dict[str, int] = {}
    for name, variable, scale in _LIMIT_VARIABLES:
        raw = os.environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            number = float(raw)
        except ValueError:
            continue
        if number > 0:
            values[name] = int(number * scale)
    return Limits(**values)
