"""Malformed uploads through HTTP (issue 14 item 6, HTTP side).

Each row of a manifest (``file,kind,expected``) is sent to the upload route of its kind. The
test asserts: a 4xx problem+json answer, located (``errors`` with a file / row / line / JSON
path, or a detail naming it), no traceback, the store unchanged (graph list and triple count)
and the server still answering.

Two manifests run: ``tests/api/bad_uploads/manifest.csv`` (this folder's small set; each
``expected`` is a piece of the located message, read off by hand from the input) and, when it
is present, the shared corpus ``tests/corpus/manifest.csv`` (its files in
``tests/corpus/files/``; its ``expected`` texts are written for the CLI, so only the
invariants are checked here). To add a case: drop the file in ``bad_uploads/`` and add a row;
a new upload kind adds one entry to :data:`ROUTES`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from competency_graph.config import Settings
from competency_graph.services import open_store
from tests.api.conftest import KEY, make_client

HERE = Path(__file__).resolve().parent
OWN = HERE / "bad_uploads" / "manifest.csv"
SHARED = HERE.parent / "corpus" / "manifest.csv"


@dataclass(frozen=True)
class Route:
    """How an upload kind reaches the server."""

    path: str
    raw: bool = False          # the body itself (else a multipart ``file`` part)
    media: str = "application/octet-stream"


ROUTES = {
    "case": Route("/frameworks", raw=True, media="application/json"),
    "ctdl-asn": Route("/frameworks/ctdl-asn", raw=True, media="application/ld+json"),
    "skos": Route("/frameworks/skos", raw=True, media="text/turtle"),
    "curriculum": Route("/programmes"),
    "indicators": Route("/institutions"),
    "staff": Route("/institutions/corpus-inst/staff"),
}


@dataclass(frozen=True)
class Case:
    file: Path
    kind: str
    expected: str | None


def _read(manifest: Path, check_expected: bool) -> list[Case]:
    if not manifest.is_file():
        return []
    folder = manifest.parent / ("files" if manifest == SHARED else "")
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [Case(folder / r["file"], r["kind"], r["expected"] if check_expected else None)
            for r in rows if r["kind"] in ROUTES and (folder / r["file"]).is_file()]


CASES = _read(OWN, True) + _read(SHARED, False)


@pytest.fixture(scope="module")
def upload_client() -> Iterator[tuple[TestClient, Any]]:
    store = open_store(Settings(store=":memory:"))
    with make_client(store) as client:
        yield client, store
    store.close()


def test_the_own_set_is_there() -> None:
    assert len(_read(OWN, True)) == 12


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.kind}:{c.file.name}")
def test_bad_upload(upload_client: tuple[TestClient, Any], case: Case) -> None:
    client, store = upload_client
    before = (sorted(store.graph_names()), store.triple_count())
    route = ROUTES[case.kind]
    data = case.file.read_bytes()
    headers = {"X-API-Key": KEY}
    if route.raw:
        answer = client.post(route.path, content=data,
                             headers={**headers, "Content-Type": route.media})
    else:
        answer = client.post(route.path, headers=headers,
                             files={"file": (case.file.name, data, route.media)})
    assert 400 <= answer.status_code < 500, answer.text[:500]
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert "Traceback" not in answer.text and 'File "/' not in answer.text
    located = [e for e in body.get("errors") or [] if set(e) - {"message"}]
    assert located or answer.status_code == 413, body
    if case.expected:
        assert case.expected in answer.text, body
    assert (sorted(store.graph_names()), store.triple_count()) == before
    assert client.get("/health").status_code == 200
