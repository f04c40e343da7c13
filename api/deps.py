"""Dependencies: the store and settings held on the app, the write key check (with its
failed-attempt limit), the checked programme id of every ``/programmes/{programme_id}`` route,
and the raw request body of the import routes."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import deque
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Path, Request

from competency_graph import ids
from competency_graph.config import Settings, limits
from competency_graph.errors import Location
from competency_graph.services import curriculum
from competency_graph.services.accounts import has_role, open_accounts


def get_settings(request: Request) -> Settings:
    """Return the settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Any:
    """Return the store opened in the app's lifespan."""
    return request.app.state.store


class FailureLimiter:
    """Counts failed authentications per client address in a sliding window. A client with
    ``limit`` failures within ``window`` seconds gets 429 (with ``Retry-After``) on every
    write until the oldest failure leaves the window, whatever key it sends: guessing stops.
    Per process (each worker counts its own clients)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.setdefault(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again, or None when it may try now."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            if len(times) < self.limit:
                if not times:
                    self._failures.pop(client, None)
                return None
            return max(1, math.ceil(times[0] + self.window - now))

    def fail(self, client: str) -> None:
        """Record one failed attempt of ``client``."""
        now = time.monotonic()
        with self._lock:
            self._recent(client, now).append(now)


def get_limiter(request: Request) -> FailureLimiter:
    """The app's failed-authentication limiter (made on first use)."""
    state = request.app.state
    limiter: FailureLimiter | None = getattr(state, "auth_limiter", None)
    if limiter is None:
        settings = get_settings(request)
        limiter = state.auth_limiter = FailureLimiter(settings.auth_failures,
                                                      settings.auth_window)
    return limiter


def require_write_key(request: Request,
                      x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Refuse writes without the configured API key (401), or when no key is configured (403);
    a client past the failed-attempt limit gets 429.

    A user's key (``competency-graph users key NAME``) is accepted when the user is an editor
    or an admin; a viewer's key gets 403."""
    settings = get_settings(request)
    if x_api_key and x_api_key.startswith("cgk_"):
        accounts = getattr(request.app.state, "accounts", None) or open_accounts(settings)
        user = accounts.user_for_key(x_api_key)
        if user is not None:
            if has_role(user.role, "editor"):
                return
            raise HTTPException(403, f"the key of {user.name!r} carries the role {user.role}; "
                                     "writes need editor or admin")
    if settings.api_key is None:
        if settings.open_writes:
            return
        raise HTTPException(403, "writes are disabled: set COMPETENCY_GRAPH_API_KEY on the server")
    limiter = get_limiter(request)
    client = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(client)
    if wait is not None:
        raise HTTPException(429, f"too many failed API-key attempts; retry in {wait} s",
                            headers={"Retry-After": str(wait)})
    if x_api_key is None or not secrets.compare_digest(x_api_key.encode(),
                                                       settings.api_key.encode()):
        limiter.fail(client)
        raise HTTPException(401, "a valid X-API-Key header is required for writes",
                            headers={"WWW-Authenticate": "ApiKey"})


#: ``ID`` or ``ID@VERSION`` (documented in OpenAPI; checked with located messages by
#: ``curriculum.check_programme_ref``)
_ID = ids.ID_PATTERN.pattern.strip("^$")
PROGRAMME_REF_PATTERN = f"^{_ID}(@{_ID})?$"


def programme_id_path(programme_id: Annotated[str, Path(
        description="A stored programme id, or ID@VERSION (letters, digits, '.', '_', '-'; "
                    "at most 128 characters each); never a path on the server.",
        max_length=2 * limits().max_id_chars + 1,
        json_schema_extra={"pattern": PROGRAMME_REF_PATTERN})]) -> str:
    """The ``{programme_id}`` path parameter, checked against the id rule before any work
    (422 located at ``path/programme_id``); the services resolve it as a stored id only."""
    curriculum.check_programme_ref(programme_id, Location(json_path="path/programme_id"))
    return programme_id


async def read_body(request: Request) -> bytes:
    """The raw request body (the streamed upload cap of ``api.middleware`` applies)."""
    return await request.body()


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Any, Depends(get_store)]
ProgrammeId = Annotated[str, Depends(programme_id_path)]
BodyDep = Annotated[bytes, Depends(read_body)]
WriteKey = Depends(require_write_key)
