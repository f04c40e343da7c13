"""A small hand-made dataset whose benchmark is computed by hand in the tests.

Institutions: ``u-tech`` (the one benchmarked; KZ, technical), peers ``p1`` (KZ, technical),
``p2`` (KZ, technical), ``p3`` (DE, technical) and ``cls`` (KZ, classical — not a same-type peer).

Indicator values (%), as the tests use them:

| indicator | year | u-tech | p1 | p2 | p3 | cls |
|---|---|---|---|---|---|---|
| INT1 | 2022 | 3.2 (160/5000, counts) | 8 | 4 | 20 | 30 |
| INT1 | 2023 | — (missing year) | 9 | — | 20 | 30 |
| INT1 | 2024 | 5 (250/5000, counts) | 10 | 5 | 20 | 50 |
| INT2 | 2024 | 8 | 8 | 8 | 8 | — |
| INT5 | 2022 | 50 | 50 | 30 | 64 | — |
| INT5 | 2023 | 60 | 55 | 35 | 72 | — |
| INT5 | 2024 | 72 | 60 | 40 | 80 | — |
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from competency_graph.services.benchmarking import indicators as ind
from competency_graph.store import GraphStore

INSTITUTIONS_CSV = """\
id,name,name@ru,name@kk,country,type,students,description
u-tech,Test Technical University,Тестовый техуниверситет,Тест техуниверситеті,KZ,technical,5000,test
p1,Peer One,Партнёр 1,Серіктес 1,KZ,technical,8000,
p2,Peer Two,,,kz,Technical,3000,
p3,Peer Three,,,DE,technical,20000,
cls,Classical Peer,,,KZ,classical,9000,
"""

INDICATORS_CSV = """\
institution,year,indicator,value,numerator,denominator,source,note
p1,2022,INT1,8,,,test,
p1,2023,INT1,9,,,test,
p1,2024,INT1,,1000,10000,test,
p2,2022,INT1,4,,,test,
p2,2024,INT1,5,,,test,
p3,2022,INT1,20,,,test,
p3,2023,INT1,20,,,test,
p3,2024,INT1,20,,,test,
cls,2022,INT1,30,,,test,
cls,2023,INT1,30,,,test,
cls,2024,INT1,50,,,test,
u-tech,2024,INT2,8,,,test,
p1,2024,INT2,8,,,test,
p2,2024,INT2,8,,,test,
p3,2024,INT2,8,,,test,
u-tech,2022,INT5,50,,,test,
u-tech,2023,INT5,60,,,test,
u-tech,2024,INT5,72,,,test,
p1,2022,INT5,50,,,test,
p1,2023,INT5,55,,,test,
p1,2024,INT5,60,,,test,
p2,2022,INT5,30,,,test,
p2,2023,INT5,35,,,test,
p2,2024,INT5,40,,,test,
p3,2022,INT5,64,,,test,
p3,2023,INT5,72,,,test,
p3,2024,INT5,80,,,test,
"""

COUNTS_CSV = """\
institution,year,foreign_students,students,source
u-tech,2022,160,5000,registrar
u-tech,2024,250,5000,registrar
"""


def write_dataset(folder: Path) -> Path:
    """Write the three CSV files of the test dataset into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "institutions.csv").write_text(INSTITUTIONS_CSV, encoding="utf-8")
    (folder / "indicators.csv").write_text(INDICATORS_CSV, encoding="utf-8")
    (folder / "counts.csv").write_text(COUNTS_CSV, encoding="utf-8")
    return folder


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """The test dataset as a folder of CSV files."""
    return write_dataset(tmp_path / "dataset")


@pytest.fixture
def bench_store(memory_store: GraphStore, dataset_dir: Path) -> Iterator[GraphStore]:
    """An in-memory store holding the test dataset."""
    ind.import_indicators(memory_store, dataset_dir)
    yield memory_store
