"""``/docs`` and ``/redoc`` render in Debian's headless chromium with the network cut off
except 127.0.0.1 (issue 16 item 6): the vendored Swagger UI and ReDoc load from the service
itself and run under the page's Content-Security-Policy (no inline script)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import LiveServer, chromium_binary


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after the page's scripts ran (chromium, only 127.0.0.1 reachable)."""
    command = [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--disable-background-networking", "--disable-sync",
               "--disable-component-update", f"--user-data-dir={profile}",
               "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
               "--virtual-time-budget=20000", "--dump-dom", url]
    done = subprocess.run(command, check=True, capture_output=True, timeout=180)
    return done.stdout.decode("utf-8", "replace")


@pytest.mark.browser
@pytest.mark.parametrize(("page", "operation"), [
    ("/docs", "getAllCFDocuments"),               # Swagger UI lists operation summaries
    ("/redoc", "get /ims/case/v1p1/CFDocuments"),  # ReDoc lists methods and paths
])
def test_docs_render_offline(live_server: LiveServer, tmp_path: Path, page: str,
                             operation: str) -> None:
    """The page's text holds the API description and operation paths: the bundle ran and
    fetched ``/openapi.json`` from the service."""
    dom = dump_dom(live_server.url + page, tmp_path / "profile")
    text = " ".join(re.sub(r"<[^>]+>", " ", dom).split())
    assert "Writes need the X-API-Key header" in text, text[:2000]
    assert operation in text, text[:2000]
