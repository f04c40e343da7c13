"""The researchers' notebooks (notebooks/*.py, jupytext percent scripts) run as plain scripts on
an in-memory store and print the facts they are meant to show; they use only the public API."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))

#: Facts each notebook must print (a notebook that stops showing them fails).
EXPECTED: dict[str, list[str]] = {
    "01_explore_frameworks.py": [
        "wa-2021 ",                                   # the framework list
        "title@kk: IEA түлек атрибуттары, Вашингтон келісімі (GAPC 2021)",
        "WA6   Skill",                                # the trilingual item table …
        "Инженер және әлем",                          # … with WA6's Kazakh label
        "WA6: The Engineer and the World  [Paraphrase]",
        "definition@kk: Күрделі инженерлік есептерді шешу",  # definitions in every language
        "экономику, устойчивость,",                   # … the ru one lists sustainability
        "WA6 closeMatch abet-eac:SO4",                # the crosswalk WA 2021 → ABET
        "wa-2021--eur-ace-2015-bachelor   closeMatch",
        "search 'устойчивое развитие' (ru)",
        "search 'тұрақты даму' (kk)",
        "staff-intl ",                                # the ad-hoc SPARQL table
        "WA7  Этика",                                 # WA → EUR-ACE in Russian
    ],
    "02_programme_coverage.py": [
        "6B07101 v1: Computer Engineering",
        "conforms: False",
        "CoverageShape-wa-2021-missing",
        "WA11 Lifelong Learning is not reached by any course",
        "WA 2021: {'total': 11,",
        "EUR-ACE bachelor: {'total': 22,",
        "evidence that reached EUR-ACE through the crosswalk:",
        "wa-2021:WA4  closeMatch",
        "DIP401  8    req   M",                       # a row of the curriculum matrix
        "WA10  s4:I",                                 # the progression view
        "staff ready: ",
        "'method': 'greedy-set-cover'",
    ],
    "03_internationalisation_benchmark.py": [
        "demo-steppe-tech    Steppe Technical University (fictional)",
        "INT7    Global digital presence",
        "2024 INT1 = 5.020604 = 731 / 14560",
        "Internationalisation benchmark: Steppe Technical University (fictional)",
        "Composite index:",
        "is behind the peer median on",
        "projected 2027:",
        "equal weights, same country",
        "demo-novus-tu       0.967",                  # the composite ranking
        "KZ       2024  4",                           # the ad-hoc SPARQL table
    ],
}

#: The only competency_graph modules a notebook may import (public API: the use cases, the
#: renderers of their reports, and their value types).
ALLOWED_PREFIXES = ("competency_graph.services", "competency_graph.reports",
                    "competency_graph.config", "competency_graph.model")


def test_every_notebook_is_listed() -> None:
    """The glob finds the notebooks, and each has a list of expected facts (and vice versa)."""
    assert NOTEBOOKS, "no notebooks/NN_*.py found"
    assert {p.name for p in NOTEBOOKS} == set(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_only_the_public_api(path: Path) -> None:
    """Notebooks import only competency_graph.services and .reports (and config/model), never a
    private module (a path part starting with an underscore) or a store engine directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            # ``from a.b import c`` is checked as ``a.b.c`` (c may be a module or a name).
            modules += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
    ours = [m for m in modules if m.split(".")[0] == "competency_graph"]
    assert ours, "a notebook must use competency_graph"
    assert [m for m in ours if not m.startswith(ALLOWED_PREFIXES)] == []
    assert [m for m in ours if any(part.startswith("_") for part in m.split("."))] == []
    engines = {"pyoxigraph", "rdflib", "pyshacl", "owlready2", "networkx"}
    assert [m for m in modules if m.split(".")[0] in engines] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_shows_its_facts(path: Path, tmp_path: Path) -> None:
    """Run as ``python notebook.py`` from the repository root: exit 0, no traceback, and the
    printed output contains the facts the notebook's narrative promises."""
    env = dict(os.environ)
    # A notebook must not touch the user's default store or the network.
    env["COMPETENCY_GRAPH_STORE"] = str(tmp_path / "unused-store")
    env["HTTP_PROXY"] = env["HTTPS_PROXY"] = "http://127.0.0.1:9"
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr
    missing = [fact for fact in EXPECTED[path.name] if fact not in result.stdout]
    assert missing == [], f"missing {missing} in:\n{result.stdout[-3000:]}"
    assert not (tmp_path / "unused-store").exists()
