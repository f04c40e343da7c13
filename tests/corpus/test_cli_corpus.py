"""Every malformed input of the corpus through the CLI (``competency-graph import FILE --kind K``
as a subprocess): exit 2, a located message holding the manifest's fragment, no traceback, the
store unchanged (graph list and triple count), and the child's peak memory under
:data:`MAX_RSS_MB` (the child's own ``VmHWM``, written by the child at exit)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from competency_graph.config import Settings
from competency_graph.store import open_store
from tests.corpus.generate import (
    LARGE_COUNT,
    cases,
    committed_cases,
    large_cases,
    small_cases,
)

ROOT = Path(__file__).resolve().parents[2]
#: peak resident memory of one import subprocess (the CLI with rdflib, openpyxl and pyoxigraph
#: loaded; a 1,000,000-row CSV must be refused at the row cap, long before it costs more)
MAX_RSS_MB = 400


def _state(store_path: Path) -> tuple[list[str], int]:
    store = open_store(Settings(store=str(store_path)))
    try:
        return sorted(store.graph_names()), store.triple_count()
    finally:
        store.close()


#: The child writes its own peak resident memory (``VmHWM`` of /proc/self/status) at exit.
#: Not ``ru_maxrss``: Linux carries the parent's high-water mark across fork/exec into the
#: child's rusage, so a large test process would be measured instead of the import.
_CHILD = ("import atexit, os\n"
          "def _peak():\n"
          "    with open('/proc/self/status') as s, open(os.environ['CG_PEAK_FILE'], 'w') as o:\n"
          "        o.write(next(line for line in s if line.startswith('VmHWM')).split()[1])\n"
          "atexit.register(_peak)\n"
          "from competency_graph.cli import main\n"
          "main()\n")


def _run(path: Path, kind: str, store_path: Path) -> tuple[int, str, int]:
    """Run the CLI import in a child process; return (exit code, output, peak RSS in MB)."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        env = {**os.environ, "COMPETENCY_GRAPH_STORE": str(store_path),
               "CG_PEAK_FILE": str(peak_file),
               "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
        done = subprocess.run([sys.executable, "-c", _CHILD, "import", str(path), "--kind", kind],
                              capture_output=True, text=True, env=env, timeout=300)
        peak_kib = int(peak_file.read_text()) if peak_file.exists() else 10**9
    return done.returncode, done.stdout + done.stderr, peak_kib // 1024


def test_the_corpus_holds_at_least_80_inputs(tmp_path: Path) -> None:
    """The manifest lists the committed files, and small + large make at least 80."""
    committed = committed_cases()
    assert len(committed) == len(small_cases())
    assert all(path.is_file() for path, _, _ in committed)
    assert len(list(cases(tmp_path))) >= 80


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "store"
    # the first CLI run on a new store loads the bundled frameworks: do it before any case
    _run(Path(__file__), "case", path)
    return path


@pytest.mark.parametrize("case", range(len(small_cases())))
def test_small_input_is_refused_with_a_located_error(case: int, store_path: Path) -> None:
    path, kind, expected = committed_cases()[case]
    _check(path, kind, expected, store_path)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str, str]]:
    return large_cases(tmp_path_factory.mktemp("large"))


@pytest.mark.parametrize("case", range(LARGE_COUNT))
def test_large_input_is_refused_within_memory(case: int, large: list[tuple[Path, str, str]],
                                             store_path: Path) -> None:
    """1M-row CSVs, zip bombs, a shared-strings bomb, billion laughs, deep JSON, a 16 MiB
    string, 100,000-char ids: refused like the small ones, within :data:`MAX_RSS_MB`."""
    path, kind, expected = large[case]
    _check(path, kind, expected, store_path)


def _check(path: Path, kind: str, expected: str, store_path: Path) -> None:
    before = _state(store_path)
    code, output, peak_mb = _run(path, kind, store_path)
    assert code == 2, f"{path.name}: exit {code}\n{output[-2000:]}"
    assert "Traceback" not in output, f"{path.name}\n{output[-2000:]}"
    assert expected in output, f"{path.name}: {expected!r} not in\n{output[-2000:]}"
    assert path.name in output, f"{path.name}: the message names no file\n{output[-2000:]}"
    assert peak_mb < MAX_RSS_MB, f"{path.name}: peak {peak_mb} MB"
    assert _state(store_path) == before
