"""One process owns an on-disk store; several API workers use it over loopback HTTP.

RocksDB (under Oxigraph) lets one process open a store for writing. ``competency-graph serve
--workers N`` with an on-disk store therefore does not open the store in the workers. It
starts the Oxigraph server (the ``oxigraph`` binary of the same 0.5 release as pyoxigraph, so
the same on-disk format) on the store folder, bound to a free 127.0.0.1 port, and the N uvicorn
workers use it as a remote SPARQL endpoint (:class:`~competency_graph.store.remote.
SparqlEndpointStore` with Oxigraph's union-default-graph flag). That one process answers
every read (in parallel, Rust threads) and applies every write (one SPARQL Update request per
replacement, one transaction), so there is exactly one writer and no read-only instance racing
the writer's compactions (the 500 "Corruption … .sst" of issue 14). The workers do the Python
work — reports, JSON, HTML — in parallel. The Oxigraph server's own time limit
(``--timeout-s``) stops a runaway user query. See ``docs/deployment.md``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

from competency_graph.errors import StoreError


def oxigraph_binary() -> str:
    """Return the ``oxigraph`` server binary (the ``oxigraph`` package, a dependency).

    :raises StoreError: when it is not installed.
    """
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the oxigraph server binary is missing (`pip install oxigraph`); it is "
                         "needed to serve an on-disk store with several workers")
    return found


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StoreServer:
    """The Oxigraph server over one on-disk store folder, on 127.0.0.1, for a ``with`` block.

    The store must not be open in this or any other process while it runs.
    """

    def __init__(self, path: str | Path, *, query_timeout: float = 30.0,
                 start_timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_timeout = query_timeout
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint."""
        return f"{self.base}/update"

    def start(self) -> StoreServer:
        """Start the server and wait until it answers.

        :raises StoreError: when it does not start (e.g. the store is open elsewhere).
        """
        self.path.mkdir(parents=True, exist_ok=True)
        command = [oxigraph_binary(), "serve", "--location", str(self.path),
                   "--bind", f"127.0.0.1:{self.port}",
                   "--timeout-s", str(max(1, round(self.query_timeout)))]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                answer = httpx.post(self.query_url, data={"query": "ASK {}"}, timeout=2,
                                    headers={"Accept": "application/sparql-results+json"})
                if answer.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                stderr = b""
                if self.process.poll() is None:
                    self.process.kill()
                if self.process.stderr is not None:
                    stderr = self.process.stderr.read()
                self.process.wait()
                raise StoreError(f"the store server for {self.path} did not start: "
                                 + stderr.decode("utf-8", "replace").strip()[-500:])
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL after 10 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> StoreServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
