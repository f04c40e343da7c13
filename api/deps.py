"""Dependencies: the store and settings held on the app, and the write key check."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request

from competency_graph.config import Settings
from competency_graph.services.accounts import has_role, open_accounts


def get_settings(request: Request) -> Settings:
    """Return the settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Any:
    """Return the store opened in the app's lifespan."""
    return request.app.state.store


def require_write_key(request: Request,
                      x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Refuse writes without the configured API key (401), or when no key is configured (403).

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
    if x_api_key is None or not secrets.compare_digest(x_api_key, settings.api_key):
        raise HTTPException(401, "a valid X-API-Key header is required for writes",
                            headers={"WWW-Authenticate": "ApiKey"})


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Any, Depends(get_store)]
WriteKey = Depends(require_write_key)
