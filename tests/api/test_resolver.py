"""No programme id reaches the file system (issues 11 and 14): every ``/programmes/{id}…``
route resolves the id as a stored id through the one resolver
(``services.curriculum.resolve_programme``), after the id rule.

Hand-derived answers: ``docs`` matches the id rule (letters) but no programme is stored under
it, so it is 404 "no programme docs"; ``../x`` cannot be one path segment (the client or the
router splits it), so no route matches: 404; ``/etc/passwd`` likewise; ``demo.xlsx`` matches the
id rule and names a real workbook in the server's working folder, and must still be 404 (the
workbook is never read); ids with spaces or ``<>"{}|^\\``` break the rule: 422 located at
``path/programme_id``; a 100,000-character id passes the path length cap: 422 before any work.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient

from competency_graph.services import curriculum
from tests.api.conftest import asgi_request

DEMO_XLSX = curriculum.DEMO_PROGRAMME_DIR.parent / "demo-programme.xlsx"

#: every GET route of a programme, with the query it needs
PROGRAMME_ROUTES = [
    ("", {}), ("/validation", {}), ("/staff", {}), ("/staff/plan", {}),
    ("/gaps", {"framework": "wa-2021"}), ("/matrix", {}), ("/progression", {}),
    ("/impact", {"from": "wa-2013", "to": "wa-2021"}),
    ("/suggestions", {}), ("/occupation-gap", {"occupation": "2512"}),
    ("/recognition", {"partner": "6B07101"}),
]


def test_every_programme_route_is_listed(demo_client: TestClient) -> None:
    """The list above covers every GET route under ``/programmes/{programme_id}``."""
    spec = demo_client.get("/openapi.json").json()
    found = {path.removeprefix("/programmes/{programme_id}") for path, methods in
             spec["paths"].items() if path.startswith("/programmes/{programme_id}")
             and "get" in methods}
    assert found == {suffix for suffix, _ in PROGRAMME_ROUTES}


@pytest.fixture
def server_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The server's working folder holds a workbook and a folder named like ids."""
    shutil.copy(DEMO_XLSX, tmp_path / "demo.xlsx")
    shutil.copytree(curriculum.DEMO_PROGRAMME_DIR, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


class FileAccess:
    """Records the file-system audit events (``open``, ``os.listdir``, ``os.scandir``) whose
    path contains a marker (Python's audit hooks cannot be removed: the hook checks a flag)."""

    def __init__(self) -> None:
        self.marker: str | None = None
        self.events: list[tuple[str, str]] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if (self.marker and event in ("open", "os.listdir", "os.scandir") and args
                and self.marker in str(args[0])):
            self.events.append((event, str(args[0])))


_ACCESS = FileAccess()


@pytest.mark.parametrize(("suffix", "params"), PROGRAMME_ROUTES)
@pytest.mark.parametrize("name", ["docs", "demo.xlsx"])
def test_a_file_name_is_not_a_programme(demo_client: TestClient, server_folder: Path,
                                        name: str, suffix: str, params: dict[str, str]) -> None:
    """A workbook and a folder of CSV files in the working folder are never read: 404 naming
    the id, and no file access under the working folder."""
    _ACCESS.marker, _ACCESS.events = str(server_folder), []
    try:
        response = demo_client.get(f"/programmes/{name}{suffix}", params=params)
    finally:
        _ACCESS.marker = None
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith(f"no programme {name}")
    assert _ACCESS.events == []


def test_docs_validation_is_the_issue_answer(demo_client: TestClient) -> None:
    """The issue's own example, word for word."""
    response = demo_client.get("/programmes/docs/validation")
    assert response.status_code == 404
    assert "no programme docs" in response.json()["detail"]


@pytest.mark.parametrize("raw", ["../x", "..%2Fx", "/etc/passwd", "%2Fetc%2Fpasswd",
                                 "..%2F..%2Fetc%2Fpasswd"])
def test_paths_match_no_route(demo_client: TestClient, raw: str) -> None:
    """Path-like ids cannot be one segment: 404 problem+json, never a file."""
    response = demo_client.get(f"/programmes/{raw}/validation")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "root:" not in response.text


@pytest.mark.parametrize(("suffix", "params"), PROGRAMME_ROUTES)
@pytest.mark.parametrize("bad", ["a b", "x<y>", 'q"', "{id}", "a|b", "a^b", "a`b", "a\\b",
                                 ".hidden", "x" * 129])
def test_ids_breaking_the_rule_are_422_located(demo_client: TestClient, bad: str, suffix: str,
                                               params: dict[str, str]) -> None:
    """Every invalid id is refused by the id rule, located at the path parameter."""
    response = demo_client.get(f"/programmes/{quote(bad, safe='')}{suffix}", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["errors"][0]["json_path"] == "path/programme_id"
    assert "Traceback" not in response.text


@pytest.mark.parametrize(("suffix", "params"), PROGRAMME_ROUTES)
def test_a_100000_character_id_is_refused(demo_client: TestClient, suffix: str,
                                          params: dict[str, str]) -> None:
    """A 100,000-character id is refused by its length (422 located), before any work (sent
    straight to the app: HTTP clients refuse such long URLs themselves)."""
    answer = asgi_request(demo_client.app, "GET", f"/programmes/{'x' * 100_000}{suffix}",
                          query=urlencode(params))
    assert answer.status == 422
    assert json.loads(answer.body)["errors"][0]["json_path"] == "path/programme_id"
    assert len(answer.body) < 2000  # the id is not echoed back in full


def test_writes_use_the_same_rule(demo_client: TestClient) -> None:
    """PUT and DELETE check the id the same way (422 before the key matters)."""
    headers = {"X-API-Key": "test-key"}
    assert demo_client.delete("/programmes/a%20b", headers=headers).status_code == 422
    assert demo_client.delete("/programmes/docs", headers=headers).status_code == 404


def test_the_stored_programme_still_resolves(demo_client: TestClient) -> None:
    """``ID`` and ``ID@VERSION`` of the stored demo programme answer 200."""
    assert demo_client.get("/programmes/6B07101/validation").status_code == 200
    versions = demo_client.get("/programmes/6B07101").json()["versions"]
    ref = f"6B07101@{versions[0]['version']}"
    assert demo_client.get(f"/programmes/{ref}/matrix").status_code == 200
    missing = demo_client.get("/programmes/6B07101@999/matrix")
    assert missing.status_code == 404 and "has no version 999" in missing.json()["detail"]


@pytest.mark.parametrize("ref", ["docs", "../x", "a b", "x" * 100_000, "/etc/passwd"])
def test_the_service_resolver_never_reads_a_path(demo_store: Any, server_folder: Path,
                                                 ref: str) -> None:
    """The one resolver itself: an invalid id is an InputError, a valid unknown one a
    NotFoundError, even when a file of that name exists."""
    from competency_graph.errors import InputError, NotFoundError

    expected = NotFoundError if ref == "docs" else InputError
    with pytest.raises(expected):
        curriculum.resolve_programme(demo_store, ref)
