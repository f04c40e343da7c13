"""Fixtures of the HTTP tests: an app over an in-memory store that holds the demo programme,
and helpers to read the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from competency_graph.config import Settings
from competency_graph.services import curriculum, open_store
from competency_graph.store import GraphStore

KEY = "test-key"


@pytest.fixture(scope="module")
def demo_store() -> Iterator[GraphStore]:
    """An in-memory store with the bundled data and the demo programme (one per module)."""
    store = open_store(Settings(store=":memory:"))
    curriculum.load_demo_programme(store)
    yield store
    store.close()


def make_client(store: GraphStore, **settings: Any) -> TestClient:
    """A TestClient over an app with ``settings`` (API key ``KEY`` unless told otherwise)."""
    options: dict[str, Any] = {"store": ":memory:", "api_key": KEY, **settings}
    return TestClient(create_app(Settings(**options), store=store))


@pytest.fixture(scope="module")
def demo_client(demo_store: GraphStore) -> Iterator[TestClient]:
    """A client over the demo store (writes need ``X-API-Key: test-key``)."""
    with make_client(demo_store) as client:
        yield client


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of an OpenAPI document."""
    return [(path, method, op) for path, methods in spec["paths"].items()
            for method, op in methods.items()]


class AsgiAnswer:
    """What :func:`asgi_request` got back, and how much of the body the app consumed."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""
        self.consumed = 0
        self.chunks_read = 0


def asgi_request(app: Any, method: str, path: str, *, headers: dict[str, str] | None = None,
                 chunks: Iterator[bytes] | None = None, query: str = "") -> AsgiAnswer:
    """Send one request straight to the ASGI app (no HTTP client, so neither a URL length
    limit nor a client that buffers the body first): ``chunks`` are handed over one
    ``http.request`` message at a time, and the answer records how many were read."""
    import anyio

    answer = AsgiAnswer()
    source = iter(chunks or [])
    pending: list[bytes] = []

    def next_chunk() -> bytes | None:
        if pending:
            return pending.pop()
        return next(source, None)

    async def receive() -> dict[str, Any]:
        chunk = next_chunk()
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        answer.consumed += len(chunk)
        answer.chunks_read += 1
        following = next_chunk()
        if following is not None:
            pending.append(following)
        return {"type": "http.request", "body": chunk, "more_body": following is not None}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "root_path": "", "query_string": query.encode(), "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 8000),
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}

    async def run() -> None:
        await app(scope, receive, send)

    anyio.run(run)
    return answer
