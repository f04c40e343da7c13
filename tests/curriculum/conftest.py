"""Fixtures of the curriculum tests: copies of the demo programme's CSV files to edit, and
helpers to rewrite one CSV file."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "curriculum"
DEMO_XLSX = DEMO_PROGRAMME_DIR.parent / "demo-programme.xlsx"

Table = list[list[str]]


def read_csv(path: Path) -> Table:
    """The rows of a CSV file (header first)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [list(r) for r in csv.reader(fh)]


def write_csv(path: Path, rows: Table, encoding: str = "utf-8") -> None:
    """Write rows as CSV in ``encoding``."""
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo programme's CSV folder."""
    target = tmp_path / "workbook"
    shutil.copytree(DEMO_PROGRAMME_DIR, target)
    return target


@pytest.fixture
def edit_csv() -> Callable[[Path, str, Callable[[Table], None]], Path]:
    """Return ``edit(folder, sheet, change)``: apply ``change`` to the rows of ``sheet.csv``."""

    def edit(folder: Path, sheet: str, change: Callable[[Table], None]) -> Path:
        path = folder / f"{sheet}.csv"
        rows = read_csv(path)
        change(rows)
        write_csv(path, rows)
        return path

    return edit


@pytest.fixture
def demo_xlsx() -> Path:
    """The committed demo workbook (written from the CSV files by scripts/make-demo-workbook.py)."""
    return DEMO_XLSX


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures/curriculum."""
    return FIXTURES
