"""An import killed at any moment leaves the store as it was or with the whole new graph
(DESIGN §9, issue 14 "Crash safety, proven").

The child is the real command line (``competency-graph import``) re-importing a graph that is
already stored. It runs with ``COMPETENCY_GRAPH_WRITE_TRACE``: the store appends ``write-begin``
to that file (synced) right before the replacement's final transaction starts and ``write-end``
right after it committed. Each kill waits for ``write-begin``, sleeps a random part of a measured
write's duration and sends SIGKILL; it counts only when ``write-end`` is still absent once the
child is dead, which proves the kill landed inside the write. After each kill the store opens,
the graph is exactly the old version or exactly the new one, and queries answer.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from competency_graph.config import Settings
from competency_graph.errors import StoreError
from competency_graph.model import IRI, RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services import open_store
from competency_graph.store import GraphStore

BIN = Path(sys.executable).parent / "competency-graph"
#: Triples in each version: enough for a write of several seconds here (a replacement runs as
#: one SPARQL Update: about 5 s for 60,000 triples on this machine), short enough for 20 kills.
TRIPLES = 50_000
KILLS = 20
GRAPH = graph_iri("rdf", "big")
EX = "http://example.org/"


def write_version(folder: Path, tag: str) -> Path:
    """``folder/big.nt``: TRIPLES triples whose literals all say ``tag``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(TRIPLES):
            out.write(f'<{EX}s{i}> <{EX}p> "{tag} {i}" .\n')
    return path


def graph_state(store_path: Path) -> tuple[int, int, int]:
    """Open the store and return (triples in the graph, "old" literals, "new" literals), after
    checking that a user query answers."""
    store = open_store(Settings(store=str(store_path)))
    try:
        rows = store.select("count_graph_triples", graph=IRI(GRAPH))
        size = int(str(rows[0]["triples"])) if rows else 0
        counts = []
        for tag in ("old", "new"):
            output = store.run_user_query(
                f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o '
                f'FILTER(STRSTARTS(?o, "{tag} ")) }} }}')
            counts.append(int(json.loads(output.body)["results"]["bindings"][0]["n"]["value"]))
        return size, counts[0], counts[1]
    finally:
        store.close()
        del store
        gc.collect()


def start_import(store_path: Path, data: Path, trace: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COMPETENCY_GRAPH_WRITE_TRACE": str(trace)}
    return subprocess.Popen([str(BIN), "--store", str(store_path), "import", str(data)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def phases(trace: Path) -> list[str]:
    return trace.read_text().split() if trace.exists() else []


def wait_for(trace: Path, phase: str, process: subprocess.Popen[bytes], limit: float) -> float:
    """Poll until ``phase`` is in the trace; return the moment it was seen."""
    deadline = time.monotonic() + limit
    while phase not in phases(trace):
        if process.poll() is not None and phase not in phases(trace):
            raise AssertionError(f"the import ended ({process.returncode}) before {phase}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {phase} within {limit} s")
        time.sleep(0.005)
    return time.monotonic()


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, float]:
    """A closed store holding the old version, the new version's file, and how long the write
    of the new version takes here (measured on a copy)."""
    root = tmp_path_factory.mktemp("crash")
    old = write_version(root / "old", "old")
    new = write_version(root / "new", "new")
    template = root / "template"
    graph_state(template)  # create and bootstrap the store
    assert start_import(template, old, root / "t0").wait(timeout=300) == 0
    assert graph_state(template) == (TRIPLES, TRIPLES, 0)
    measured = root / "measured"
    shutil.copytree(template, measured)
    process = start_import(measured, new, root / "t1")
    began = wait_for(root / "t1", "write-begin", process, 300)
    ended = wait_for(root / "t1", "write-end", process, 300)
    assert process.wait(timeout=60) == 0
    assert graph_state(measured) == (TRIPLES, 0, TRIPLES)
    return template, old, new, ended - began


def test_kills_inside_the_write_leave_old_or_new(tmp_path: Path,
                                                 versions: tuple[Path, Path, Path, float]
                                                 ) -> None:
    """20 SIGKILLs, each provably inside the final write transaction of a re-import: the
    store opens, the graph is the old version or the new one whole, queries answer."""
    template, _old, new, duration = versions
    rng = random.Random(20261205)
    inside = attempts = 0
    outcomes: list[str] = []
    while inside < KILLS:
        attempts += 1
        assert attempts <= 3 * KILLS, f"only {inside} of {attempts} kills landed in the write"
        store_path, trace = tmp_path / f"store-{attempts}", tmp_path / f"trace-{attempts}"
        shutil.copytree(template, store_path)
        process = start_import(store_path, new, trace)
        wait_for(trace, "write-begin", process, 300)
        time.sleep(rng.uniform(0.0, 0.95) * duration)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
        if "write-end" in phases(trace):
            shutil.rmtree(store_path)
            continue  # the write had finished: not a kill inside it, draw again
        inside += 1
        size, old_count, new_count = graph_state(store_path)
        assert (size, old_count, new_count) in ((TRIPLES, TRIPLES, 0), (TRIPLES, 0, TRIPLES)), (
            f"kill {inside}: the graph has {size} triples, {old_count} old and {new_count} new")
        outcomes.append("old" if old_count else "new")
        shutil.rmtree(store_path)
    assert len(outcomes) == KILLS


# --- the remote backend: kill the SPARQL server mid-request ------------------------------------

REMOTE_KILLS = 5


def _serve(location: Path, port: int) -> subprocess.Popen[bytes]:
    """Start an Oxigraph server on 127.0.0.1:port over ``location``; wait until it answers."""
    import httpx

    from tests.conftest import oxigraph_binary

    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/query", params={"query": "ASK {}"},
                         timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("oxigraph serve did not start")
        time.sleep(0.05)


def test_killing_the_sparql_server_mid_replacement_leaves_old_or_new(tmp_path: Path) -> None:
    """The remote backend's guarantee: one replacement is one SPARQL Update request, which
    Oxigraph server applies as one transaction. SIGKILL the server at random moments after the
    client began the write (its ``write-begin``): after a restart the graph is the old version
    or the new one whole, and queries answer."""
    from competency_graph.store.remote import SparqlEndpointStore
    from tests.conftest import free_port

    location, port = tmp_path / "server", free_port()
    url = f"http://127.0.0.1:{port}"
    old = RdfPayload(write_version(tmp_path / "old", "old").read_bytes())
    new = RdfPayload(write_version(tmp_path / "new", "new").read_bytes())
    rng = random.Random(14)
    server = _serve(location, port)
    store = SparqlEndpointStore(f"{url}/query", update_url=f"{url}/update")
    outcomes: list[str] = []
    try:
        store.replace_graph(GRAPH, old)
        for _ in range(REMOTE_KILLS):
            began = threading.Event()
            store.trace = lambda phase, e=began: e.set() if phase == "write-begin" else None
            writer = threading.Thread(target=_replace_quietly, args=(store, new))
            writer.start()
            assert began.wait(60)
            time.sleep(rng.uniform(0.05, 1.5))
            os.kill(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
            writer.join(60)
            server = _serve(location, port)
            store.trace = None
            output = store.run_user_query(
                'SELECT (COUNT(*) AS ?n) (SUM(IF(STRSTARTS(?o, "old "), 1, 0)) AS ?old) '
                f"WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
            row = json.loads(output.body)["results"]["bindings"][0]
            state = (int(row["n"]["value"]), int(row["old"]["value"]))
            assert state in ((TRIPLES, TRIPLES), (TRIPLES, 0)), state
            outcomes.append("old" if state[1] else "new")
            if outcomes[-1] == "new":  # put the old version back for the next kill
                store.replace_graph(GRAPH, old)
    finally:
        store.close()
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    assert len(outcomes) == REMOTE_KILLS


def _replace_quietly(store: GraphStore, payload: RdfPayload) -> None:
    """Replace the graph; the error of a server killed under the request is expected."""
    with contextlib.suppress(StoreError):
        store.replace_graph(GRAPH, payload)


# --- the HTTP service: kill it during an upload ------------------------------------------------

UPLOAD_KILLS = 3


def _start_service(store_path: Path, port: int, trace: Path) -> subprocess.Popen[bytes]:
    """``competency-graph serve`` on 127.0.0.1:port over an on-disk store, writes keyed."""
    import httpx

    env = {**os.environ, "COMPETENCY_GRAPH_API_KEY": "crash-test-key",
           "COMPETENCY_GRAPH_WRITE_TRACE": str(trace)}
    process = subprocess.Popen(
        [str(BIN), "--store", str(store_path), "serve", "--no-demo", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("competency-graph serve did not start")
        time.sleep(0.1)


def _upload(port: int) -> object:
    import httpx

    from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR

    files = [("file", (p.name, p.read_bytes(), "text/csv"))
             for p in sorted(DEMO_PROGRAMME_DIR.glob("*.csv"))]
    return httpx.post(f"http://127.0.0.1:{port}/programmes", files=files,
                      headers={"X-API-Key": "crash-test-key"}, timeout=120)


def test_killing_the_service_mid_upload_loses_no_acknowledged_version(tmp_path: Path) -> None:
    """The reported loss: the server died mid-upload, an acknowledged version was gone and the
    next upload reused its number. Kill ``serve`` inside the write of a new version (proven by
    the trace) several times: after each restart every acknowledged version is stored, the
    programme is whole, and the next upload gets a number above every acknowledged one."""
    import httpx

    from competency_graph.services.curriculum import DEMO_PROGRAMME_ID
    from tests.conftest import free_port

    store_path, trace, port = tmp_path / "store", tmp_path / "trace", free_port()
    server = _start_service(store_path, port, trace)
    acknowledged: list[int] = []
    try:
        first = _upload(port)
        assert first.status_code == 201, first.text  # type: ignore[attr-defined]
        acknowledged.append(int(first.json()["version"]))  # type: ignore[attr-defined]
        inside = attempts = 0
        while inside < UPLOAD_KILLS:
            attempts += 1
            assert attempts <= 6 * UPLOAD_KILLS, f"only {inside} kills landed in the write"
            seen = len(phases(trace))
            answers: list[object] = []
            uploader = threading.Thread(target=_upload_into, args=(port, answers))
            uploader.start()
            deadline = time.monotonic() + 120
            while "write-begin" not in phases(trace)[seen:]:
                assert time.monotonic() < deadline, "the upload never began its write"
                time.sleep(0.002)
            os.kill(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
            uploader.join(60)
            landed_inside = "write-end" not in phases(trace)[seen:]
            done = [a for a in answers if a.status_code == 201]  # type: ignore[attr-defined]
            acknowledged += [int(a.json()["version"]) for a in done]  # type: ignore[attr-defined]
            server = _start_service(store_path, port, trace)
            listed = httpx.get(f"http://127.0.0.1:{port}/programmes/{DEMO_PROGRAMME_ID}",
                               timeout=30).json()
            stored = {int(v["version"]) for v in listed["versions"]}
            assert set(acknowledged) <= stored, (acknowledged, stored)
            assert int(listed["version"]) == max(stored)
            assert len(listed["courses"]) == 48
            inside += landed_inside
        after = _upload(port)
        assert int(after.json()["version"]) > max(acknowledged)  # type: ignore[attr-defined]
    finally:
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


def _upload_into(port: int, answers: list[object]) -> None:
    """One upload, its response appended to ``answers`` (nothing when the server died under
    it)."""
    import httpx

    with contextlib.suppress(httpx.HTTPError):
        answers.append(_upload(port))
