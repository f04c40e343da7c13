"""The whole university (issue 15 item 4): ``validate_all`` with worker processes gives each
programme the answer ``validate`` gives, stores it, and serves it on the next run; the CLI
``validate-all`` shows progress and exits 1 when a programme has violations."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from competency_graph.config import Settings
from competency_graph.services import validation
from competency_graph.services.system import ensure_demo, open_store
from competency_graph.store import GraphStore
from tests.gaps.conftest import load_fixtures

BIN = Path(sys.executable).parent / "competency-graph"
#: the current versions: GAP2's current one is version 2
EXPECTED = ["6B07101@1", "GAP1@1", "GAP2@2"]


def _fill(store: GraphStore) -> None:
    ensure_demo(store)
    load_fixtures(store)


def _answers(store: GraphStore) -> dict[str, tuple[bool, dict[str, int]]]:
    """What ``validate`` answers for each programme (the one answer validate_all must give)."""
    out = {}
    for ref in EXPECTED:
        report = validation.validate(store, ref)
        out[ref] = (report.conforms, report.counts)
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_in_memory_workers_give_validate_s_answers(memory_store: GraphStore, jobs: int) -> None:
    _fill(memory_store)
    seen: list[tuple[int, int, str]] = []
    entries = validation.validate_all(memory_store, jobs=jobs,
                                      progress=lambda d, t, ref, e: seen.append((d, t, ref)))
    assert [f"{e.programme}@{e.version}" for e in entries] == EXPECTED
    assert not any(e.served or e.error for e in entries)
    assert [d for d, _, _ in seen] == [1, 2, 3] and {t for _, t, _ in seen} == {3}
    expected = _answers(memory_store)  # served now: validate_all stored them
    for e in entries:
        assert (e.conforms, e.counts) == expected[f"{e.programme}@{e.version}"]
    again = validation.validate_all(memory_store, jobs=jobs)
    assert all(e.served for e in again)
    assert [(e.conforms, e.counts) for e in again] == [(e.conforms, e.counts) for e in entries]


def test_on_disk_workers_read_a_snapshot(tmp_path: Path) -> None:
    """Spawned workers open the store's query snapshot read-only; the parent stores."""
    with open_store(Settings(store=str(tmp_path / "s"))) as store:
        _fill(store)
        entries = validation.validate_all(store, jobs=2, all_versions=True)
        assert [f"{e.programme}@{e.version}" for e in entries] == \
            ["6B07101@1", "GAP1@1", "GAP2@1", "GAP2@2"]
        assert not any(e.error for e in entries)
        assert {f"{e.programme}@{e.version}": (e.conforms, e.counts)
                for e in entries if f"{e.programme}@{e.version}" in EXPECTED} == \
            _answers(store)


def test_the_command_shows_progress_and_exits_1_on_violations(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = open_store(Settings(store=str(path)))
    try:
        _fill(store)
        expected = _answers(store)
    finally:
        store.close()
    del store
    gc.collect()
    result = subprocess.run([str(BIN), "--store", str(path), "validate-all", "--jobs", "2",
                             "--format", "json"], capture_output=True, text=True, timeout=300)
    data = json.loads(result.stdout)
    got = {f"{p['programme']}@{p['version']}": (p["conforms"], p["counts"])
           for p in data["programmes"]}
    assert got == expected
    assert all(p["served"] for p in data["programmes"])  # _answers stored them first
    assert "validated 3/3" in result.stderr
    assert result.returncode == (0 if all(c for c, _ in expected.values()) else 1)
    text = subprocess.run([str(BIN), "--store", str(path), "validate-all", "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert text.stderr == ""
    assert [line.split("\t")[0] for line in text.stdout.splitlines()] == EXPECTED
