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

import gc
import json
import os
import random
import shutil
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
