"""Local SPARQL servers this project starts itself, on 127.0.0.1, stopped by their PID.

* :class:`StoreServer` — the Oxigraph server over the service's on-disk store, for
  ``serve --workers N``;
* :class:`VirtuosoServer` — Debian's Virtuoso with a throwaway database, for the remote-store
  tests and the benchmarks (the second real SPARQL engine).

**One process owns an on-disk store; several API workers use it over loopback HTTP.**

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
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

from competency_graph import resources
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


def endpoint_answers(query_url: str) -> bool:
    """Whether the SPARQL endpoint answers the check query (while a server starts)."""
    try:
        answer = httpx.post(query_url, timeout=2,
                            data={"query": resources.query_text("check_endpoint")},
                            headers={"Accept": "application/sparql-results+json"})
    except httpx.HTTPError:
        return False
    return answer.status_code == 200


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
            if endpoint_answers(self.query_url):
                return self
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


VIRTUOSO_INI = """\
; Generated by competency_graph.store.server.VirtuosoServer (see docs/deployment.md).
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {db}
AllowOSCalls = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


class VirtuosoServer:
    """Debian's Virtuoso (``virtuoso-t``) with its own temporary database folder and a
    generated ``virtuoso.ini``: SQL and HTTP on free 127.0.0.1 ports, no DAV pages, no proxy,
    a result limit far above the service's queries.

    Decision: SPARQL Update is granted to Virtuoso's anonymous ``SPARQL`` user with ``isql``
    (``GRANT SPARQL_UPDATE TO "SPARQL"``), so the store uses the plain ``/sparql`` endpoint and
    ``/sparql-graph-crud`` without digest authentication. That is safe only because this
    server listens on loopback and lives for one run; a shared Virtuoso keeps updates behind
    ``/sparql-auth`` (docs/deployment.md).
    """

    def __init__(self, folder: str | Path | None = None, *, start_timeout: float = 120.0) -> None:
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="cg-virtuoso-")
        self.folder = Path(folder or self._tmp.name)  # type: ignore[union-attr]
        self.sql_port, self.http_port = free_port(), free_port()
        self.query_url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def installed() -> bool:
        """Whether ``virtuoso-t`` and its ``isql`` are on the path."""
        return bool(shutil.which("virtuoso-t")
                    and (shutil.which("isql-vt") or shutil.which("isql")))

    def start(self) -> VirtuosoServer:
        """Write the ini, start the server, wait until it answers, grant SPARQL Update.

        :raises StoreError: when Virtuoso is missing or does not start.
        """
        binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
        if binary is None or isql is None:
            raise StoreError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=self.folder, sql_port=self.sql_port,
                                           http_port=self.http_port), encoding="utf-8")
        self.process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=self.folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + self.start_timeout
        while True:
            if endpoint_answers(self.query_url):
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = self.folder / "virtuoso.log"
                tail = log.read_text(errors="replace")[-1000:] if log.exists() else ""
                raise StoreError(f"virtuoso did not start: {tail}")
            time.sleep(0.2)
        try:
            subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", "dba",
                     'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                    check=True, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            self.stop()
            raise StoreError(f"could not grant SPARQL_UPDATE on virtuoso: {exc}") from exc
        return self

    def stop(self) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL after 30 s); remove a temporary
        database folder."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
