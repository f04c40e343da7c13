"""The upload cap is enforced while the body streams in (issue 14 items 1 and 9), on every
route that takes a body, ``POST /frameworks`` included.

The requests go straight to the ASGI app (``asgi_request``) with a body generator that counts
what the app consumed: HTTP clients buffer a body before sending, which would hide whether the
server read it all. With a cap of 256 KiB and chunks of 64 KiB, a refused body is read to at
most the cap plus one chunk (320 KiB) of its 64 MiB; a declared ``Content-Length`` over the
cap is refused before a single chunk is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from competency_graph.config import Settings
from competency_graph.services import open_store
from tests.api.conftest import KEY, asgi_request, make_client

CAP = 256 * 1024
CHUNK = 64 * 1024
TOTAL = 64 * 1024 * 1024
BOUNDARY = "capboundary"

#: every route that takes a body: (method, path, content type, multipart?)
UPLOAD_ROUTES = [
    ("POST", "/programmes", "multipart", ".xlsx"),
    ("PUT", "/programmes/6B07101", "multipart", ".xlsx"),
    ("POST", "/frameworks", "application/json", None),
    ("POST", "/frameworks/ctdl-asn", "application/ld+json", None),
    ("POST", "/frameworks/skos", "text/turtle", None),
    ("POST", "/institutions", "multipart", ".csv"),
    ("POST", "/institutions/demo-x/indicators", "multipart", ".csv"),
    ("POST", "/institutions/demo-x/staff", "multipart", ".csv"),
    ("POST", "/studies", "application/json", None),
    ("PUT", "/studies/s1", "application/json", None),
    ("PATCH", "/studies/s1/stages/1", "application/json", None),
    ("POST", "/sparql", "application/sparql-query", None),
    ("POST", "/resources", "text/csv", None),
    ("POST", "/programmes/6B07101/suggestions", "application/json", None),
    ("POST", "/programmes/6B07101/recognition", "multipart", ".csv"),
]


@pytest.fixture(scope="module")
def capped_app() -> Iterator[Any]:
    store = open_store(Settings(store=":memory:"))
    with make_client(store, max_upload_bytes=CAP) as client:
        yield client.app
    store.close()


def body_chunks(kind: str, suffix: str | None) -> Iterator[bytes]:
    """A 64 MiB body in 64 KiB chunks (a multipart file part when ``kind`` says so)."""
    sent = 0
    if kind == "multipart":
        head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"big{suffix}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        yield head.encode()
        sent += len(head)
    while sent < TOTAL:
        yield b"a" * CHUNK
        sent += CHUNK


def _headers(kind: str) -> dict[str, str]:
    media = f"multipart/form-data; boundary={BOUNDARY}" if kind == "multipart" else kind
    return {"content-type": media, "x-api-key": KEY, "transfer-encoding": "chunked"}


def test_every_body_route_is_listed(capped_app: Any) -> None:
    """The list above covers every operation with a request body or an upload."""
    spec = capped_app.openapi()
    with_body = {(method.upper(), path) for path, methods in spec["paths"].items()
                 for method, op in methods.items() if "requestBody" in op}
    listed = {(m, p.replace("6B07101", "{programme_id}").replace("demo-x", "{institution_id}")
               .replace("s1/stages/1", "{study_id}/stages/{number}").replace("s1", "{study_id}"))
              for m, p, _, _ in UPLOAD_ROUTES}
    assert with_body == listed


@pytest.mark.parametrize(("method", "path", "kind", "suffix"), UPLOAD_ROUTES)
def test_a_streamed_body_is_cut_at_the_cap(capped_app: Any, method: str, path: str, kind: str,
                                           suffix: str | None) -> None:
    answer = asgi_request(capped_app, method, path, headers=_headers(kind),
                          chunks=body_chunks(kind, suffix))
    assert answer.status == 413, answer.body[:300]
    assert answer.headers["content-type"] == "application/problem+json"
    assert f"larger than {CAP} bytes" in json.loads(answer.body)["detail"]
    assert answer.consumed <= CAP + CHUNK + 1024
    assert answer.consumed < TOTAL


@pytest.mark.parametrize(("method", "path", "kind", "suffix"), UPLOAD_ROUTES)
def test_a_declared_length_over_the_cap_reads_nothing(capped_app: Any, method: str, path: str,
                                                      kind: str, suffix: str | None) -> None:
    headers = {**_headers(kind), "content-length": str(TOTAL)}
    del headers["transfer-encoding"]
    answer = asgi_request(capped_app, method, path, headers=headers,
                          chunks=body_chunks(kind, suffix))
    assert answer.status == 413
    assert answer.chunks_read == 0


def test_a_body_under_the_cap_goes_through(capped_app: Any) -> None:
    """Just under the cap is read whole and judged on its content (422: not a CASE package)."""
    body = json.dumps({"x": "a" * (CAP - 100)}).encode()
    answer = asgi_request(capped_app, "POST", "/frameworks",
                          headers={"content-type": "application/json", "x-api-key": KEY,
                                   "content-length": str(len(body))},
                          chunks=iter([body[i:i + CHUNK] for i in range(0, len(body), CHUNK)]))
    assert answer.status == 422
    assert answer.consumed == len(body)


def test_through_http_too(capped_app: Any) -> None:
    """An ordinary client gets the same 413 problem (Content-Length is declared)."""
    with TestClient(capped_app) as client:
        answer = client.post("/frameworks", content=b"{" + b" " * CAP + b"}",
                             headers={"X-API-Key": KEY, "Content-Type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["status"] == 413
