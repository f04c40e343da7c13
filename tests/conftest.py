"""Shared fixtures: in-memory stores, a real Oxigraph SPARQL server on 127.0.0.1, the app."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from competency_graph.config import Settings
from competency_graph.services import open_store
from competency_graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """Return the ``oxigraph`` server binary installed with the dev dependencies."""
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is missing: `pip install oxigraph` "
                           "(make test does)")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on a free 127.0.0.1 port, for the whole session; yields its base
    URL and stops it by its PID."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stderr = process.stderr.read().decode() if process.stderr else ""
            process.kill()
            raise RuntimeError(f"oxigraph serve did not start: {stderr}")
        time.sleep(0.05)
    try:
        yield base
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def clear_remote(base: str) -> None:
    """Empty the server between tests."""
    httpx.post(f"{base}/update", content=b"DROP ALL",
               headers={"Content-Type": "application/sparql-update"}, timeout=30).raise_for_status()


@pytest.fixture
def memory_store() -> Iterator[GraphStore]:
    """An in-memory embedded store with the bundled ontology, frameworks and crosswalks."""
    store = open_store(Settings(store=":memory:"))
    yield store
    store.close()


@pytest.fixture(params=["embedded-memory", "embedded-disk", "remote", "remote-union-param"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The same tests on every implementation: pyoxigraph in memory and on disk, and the remote
    SPARQL endpoint store against a real Oxigraph server (explicit dataset, and Oxigraph's
    union-default-graph parameter). Each store starts with the bundled data."""
    kind = request.param
    if kind == "embedded-memory":
        settings = Settings(store=":memory:")
    elif kind == "embedded-disk":
        settings = Settings(store=str(tmp_path / "store"))
    else:
        base = request.getfixturevalue("oxigraph_server")
        clear_remote(base)
        settings = Settings(store=f"{base}/query", update_url=f"{base}/update",
                            union_param=kind == "remote-union-param")
    store = open_store(settings)
    yield store
    store.close()
