"""Shared fixtures: in-memory stores, a real Oxigraph SPARQL server on 127.0.0.1, the app."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from competency_graph.config import Settings
from competency_graph.services import open_store
from competency_graph.store import GraphStore
from competency_graph.store.server import free_port, oxigraph_binary

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: the test that is running now (set by ``pytest_runtest_setup``), so that a helper that starts
#: a browser or a server can check that the test carries the matching marker
_CURRENT: list[pytest.Item] = []
#: ``any_store`` parameters that start a real SPARQL server (Oxigraph, or Virtuoso)
REMOTE_STORE_KINDS = ("remote", "remote-union-param", "virtuoso")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a real SPARQL server ``remote``: those that use the
    ``oxigraph_server`` or ``virtuoso_server`` fixture and the remote parameters of
    ``any_store``, so that ``-m "not remote"`` deselects exactly them; those on Virtuoso are
    also marked ``virtuoso``."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        store_kind = callspec.params.get("any_store") if callspec else None
        names = getattr(item, "fixturenames", ())
        on_virtuoso = "virtuoso_server" in names and (store_kind in (None, "virtuoso"))
        if "oxigraph_server" in names or store_kind in REMOTE_STORE_KINDS or on_virtuoso:
            item.add_marker(pytest.mark.remote)
        if store_kind == "virtuoso" or (on_virtuoso and store_kind is None):
            item.add_marker(pytest.mark.virtuoso)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    _CURRENT[:] = [item]
    yield


def require_marker(name: str, why: str) -> None:
    """Fail the running test unless it carries marker ``name``: every test that needs a
    browser, a server or Java says so, so that it can be selected or deselected."""
    if _CURRENT and _CURRENT[0].get_closest_marker(name) is None:
        pytest.fail(f"{_CURRENT[0].nodeid} {why} but lacks @pytest.mark.{name}")


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


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[str]:
    """A real Virtuoso (Debian's ``virtuoso-opensource``) for the whole session, with its own
    temporary database folder and generated ``virtuoso.ini`` (SQL and HTTP on free 127.0.0.1
    ports, no DAV pages, no proxy; SPARQL Update granted to the anonymous ``SPARQL`` user with
    ``isql``: see :class:`competency_graph.store.server.VirtuosoServer`). Yields the ``/sparql``
    URL and stops the server by its PID. Skips when Virtuoso is not installed."""
    from competency_graph.store.server import VirtuosoServer

    if not VirtuosoServer.installed():
        pytest.skip("Virtuoso is not installed (`apt-get install virtuoso-opensource`; "
                    "`make test` runs scripts/ensure-system-deps.sh, which does)")
    with VirtuosoServer() as server:
        yield server.query_url


def clear_virtuoso(url: str) -> None:
    """Drop every data graph, bundled and ledger included, between tests (Virtuoso's own system
    graphs stay): the test server's reset, so it writes as the system."""
    from competency_graph.store.remote import SparqlEndpointStore

    with SparqlEndpointStore(url, dialect="virtuoso") as store:
        names = store.graph_names()
        if names:
            store.replace_graphs(dict.fromkeys(names), system=True)


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


@pytest.fixture(params=["embedded-memory", "embedded-disk", "remote", "remote-union-param",
                        "virtuoso"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The same tests on every implementation: pyoxigraph in memory and on disk, and the remote
    SPARQL endpoint store against a real Oxigraph server (explicit dataset, and Oxigraph's
    union-default-graph parameter) and a real Virtuoso (explicit dataset, the portable path).
    Each store starts with the bundled data."""
    kind = request.param
    if kind == "embedded-memory":
        settings = Settings(store=":memory:")
    elif kind == "embedded-disk":
        settings = Settings(store=str(tmp_path / "store"))
    elif kind == "virtuoso":
        url = request.getfixturevalue("virtuoso_server")
        clear_virtuoso(url)
        settings = Settings(store=url, sparql_dialect="virtuoso")
    else:
        base = request.getfixturevalue("oxigraph_server")
        clear_remote(base)
        settings = Settings(store=f"{base}/query", update_url=f"{base}/update",
                            union_param=kind == "remote-union-param")
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture
def app_client(memory_store: GraphStore) -> Iterator[object]:
    """A FastAPI TestClient on an app holding the in-memory store, writes open."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    app = create_app(Settings(store=":memory:", open_writes=True), store=memory_store)
    with TestClient(app) as client:
        yield client


class LiveServer:
    """A real uvicorn server on 127.0.0.1 in a thread."""

    def __init__(self, app: object) -> None:
        import threading

        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def live_server(memory_store: GraphStore) -> Iterator[LiveServer]:
    """The app over real HTTP on a free loopback port (in-memory store, writes open)."""
    from api.main import create_app

    app = create_app(Settings(store=":memory:", open_writes=True), store=memory_store)
    with LiveServer(app) as server:
        yield server


def chromium_binary() -> str:
    """Return Debian's chromium (``make test`` installs it when missing)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("chromium is missing: `apt-get install chromium` (make test does)")


def screenshot(url: str, out: Path, *, width: int = 1280, height: int = 1600) -> Path:
    """Render a page in headless chromium and save a PNG; return its path.

    Fails when chromium writes no image, so a page that cannot render fails the test.
    """
    require_marker("browser", "starts chromium")
    profile = out.parent / f".chromium-{out.stem}"
    command = [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--window-size={width},{height}",
               f"--screenshot={out}", url]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    if not out.is_file() or out.stat().st_size < 1000:
        raise AssertionError(f"chromium produced no screenshot of {url}")
    return out


def png_variety(path: Path) -> int:
    """Return how many distinct pixel byte patterns a sample of a PNG's (filtered) scanlines
    holds: a blank or single-colour page gives a handful, a rendered report hundreds."""
    import struct
    import zlib

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, _depth, colour_type = struct.unpack(">IIBB", header[:10])
    channels = {2: 3, 6: 4, 0: 1, 4: 2}.get(colour_type, 3)
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels + 1
    seen: set[bytes] = set()
    for row in range(0, height, max(1, height // 200)):
        line = raw[row * stride + 1:(row + 1) * stride]
        for col in range(0, len(line), channels * max(1, width // 200)):
            seen.add(line[col:col + channels])
    return len(seen)
