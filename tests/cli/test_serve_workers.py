"""``serve --workers 2`` over an on-disk store: an Oxigraph server owns the store, two uvicorn
workers answer; reads in parallel and a write both succeed (docs/deployment.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from competency_graph.config import Settings
from competency_graph.services import curriculum, open_store
from competency_graph.store.server import free_port

BIN = Path(sys.executable).parent / "competency-graph"
DEMO = Path(curriculum.DEMO_PROGRAMME_DIR)
PROGRAMME = curriculum.DEMO_PROGRAMME_ID


@pytest.mark.remote
def test_two_workers_over_a_disk_store_read_in_parallel_and_write(tmp_path: Path) -> None:
    store, port = tmp_path / "store", free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COMPETENCY_GRAPH_OPEN_WRITES": "true"}
    env.pop("COMPETENCY_GRAPH_STORE", None)
    process = subprocess.Popen([str(BIN), "--store", str(store), "serve", "--port", str(port),
                                "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "serve --workers 2 did not start"
            time.sleep(0.5)
        health = httpx.get(f"{base}/health", timeout=30).json()
        assert "sparql-endpoint" in str(health)  # the workers use the store server

        reads = [f"/programmes/{PROGRAMME}/validation",
                 f"/programmes/{PROGRAMME}/gaps?framework=wa-2021",
                 f"/programmes/{PROGRAMME}/staff", "/health", "/frameworks"] * 2
        files = [("file", (p.name, p.read_bytes(), "text/csv")) for p in sorted(DEMO.glob("*.csv"))]

        def get(path: str) -> int:
            return httpx.get(base + path, timeout=120).status_code

        def put() -> int:
            return httpx.put(f"{base}/programmes/{PROGRAMME}", files=files,
                             timeout=120).status_code

        with ThreadPoolExecutor(6) as pool:
            written = pool.submit(put)
            statuses = list(pool.map(get, reads))
        assert statuses == [200] * len(reads)
        assert written.result() == 200
        versions = httpx.get(f"{base}/programmes/{PROGRAMME}", timeout=60).json()
        assert len(versions["versions"]) == 2, versions
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    # the store server stopped with the service: the store opens again, holding both versions
    with open_store(Settings(store=str(store))) as reopened:
        listed = [p for p in curriculum.list_programmes(reopened) if p["id"] == PROGRAMME]
    assert len(listed) == 1 and len(listed[0]["versions"]) == 2, listed
