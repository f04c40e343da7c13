"""An import killed mid-way leaves the store as it was or with the whole graph (DESIGN §9)."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from competency_graph.config import Settings
from competency_graph.model import IRI
from competency_graph.namespaces import graph_iri
from competency_graph.services import open_store

BIN = Path(sys.executable).parent / "competency-graph"
TRIPLES = 150_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(TRIPLES):
            out.write(f'<http://example.org/s{i}> <http://example.org/p> "value {i}" .\n')
    return path


def graph_size(store_path: Path, graph: str) -> int:
    store = open_store(Settings(store=str(store_path)))
    try:
        rows = store.select("count_graph_triples", graph=IRI(graph))
        return int(str(rows[0]["triples"])) if rows else 0
    finally:
        store.close()
        del store
        gc.collect()


def run_import(store_path: Path, big_file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(BIN), "--store", str(store_path), "import", str(big_file)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def import_seconds(tmp_path_factory: pytest.TempPathFactory, big_file: Path) -> float:
    """How long a complete import takes here (start-up included)."""
    store_path = tmp_path_factory.mktemp("timing") / "store"
    graph_size(store_path, graph_iri("rdf", "unused"))
    started = time.monotonic()
    assert run_import(store_path, big_file).wait(timeout=300) == 0
    elapsed = time.monotonic() - started
    assert graph_size(store_path, graph_iri("rdf", "big")) == TRIPLES
    return elapsed


@pytest.mark.parametrize("fraction", [0.5, 0.75, 0.9])
def test_kill_during_import(tmp_path: Path, big_file: Path, import_seconds: float,
                            fraction: float) -> None:
    """SIGKILL at a fraction of a complete import's duration: the process dies, the store opens
    again, and the graph is absent or complete, never partial."""
    store_path = tmp_path / "store"
    graph_size(store_path, graph_iri("rdf", "unused"))  # create and bootstrap the store
    process = run_import(store_path, big_file)
    time.sleep(import_seconds * fraction)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    code = process.wait(timeout=60)
    size = graph_size(store_path, graph_iri("rdf", "big"))
    if code == -signal.SIGKILL:
        assert size in (0, TRIPLES)  # killed mid-way: all or nothing
    else:
        assert code == 0 and size == TRIPLES  # finished before the kill (a loaded machine)
