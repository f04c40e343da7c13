"""Architecture rules (docs/architecture.md), checked on the source tree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from competency_graph import resources
from competency_graph.config import Settings
from competency_graph.services import open_store

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "competency_graph"
API = ROOT / "api"
PY_FILES = sorted(SRC.rglob("*.py")) + sorted(API.rglob("*.py"))
RQ_FILES = sorted((SRC / "queries").glob("*.rq"))


def test_fixture_lists_are_not_empty() -> None:
    """The globs match files, so the checks below are not vacuous."""
    assert len(PY_FILES) > 20
    assert len(RQ_FILES) > 3


def test_import_contracts() -> None:
    """import-linter (pyproject.toml, docs/architecture.md): the layers api/cli > services >
    reports > engines > store > io/analysis > foundations; io, analysis and reports never import
    the store or the services; the domains of services/ in their own layers, each reached only
    through its ``__init__``; api never imports RDF/SHACL/OWL/graph libraries; the core never
    imports FastAPI or api."""
    binary = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(binary)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert "Domains: analyses > curriculum" in result.stdout  # the contracts were read


LIBRARY_HOMES = {
    "pyoxigraph": ("store",),
    "pyshacl": ("validation",),
    "owlready2": ("reasoning.py",),
    "networkx": ("analysis",),
}


@pytest.mark.parametrize("library", sorted(LIBRARY_HOMES))
def test_each_library_has_one_home(library: str) -> None:
    """pyoxigraph only in store/, pyshacl only in validation/, owlready2 only in reasoning.py,
    networkx only in analysis/."""
    pattern = re.compile(rf"^\s*(?:import|from)\s+{library}\b", re.MULTILINE)
    homes = LIBRARY_HOMES[library]
    strays = [str(p.relative_to(ROOT)) for p in PY_FILES
              if pattern.search(p.read_text(encoding="utf-8"))
              and p.relative_to(SRC).parts[0] not in homes
              if p.is_relative_to(SRC)]
    strays += [str(p.relative_to(ROOT)) for p in PY_FILES
               if p.is_relative_to(API) and pattern.search(p.read_text(encoding="utf-8"))]
    assert strays == []


def test_no_base_iris_outside_namespaces() -> None:
    """IRIs are spelled in namespaces.py (and settings' docs) only."""
    allowed = {SRC / "namespaces.py", SRC / "config.py"}
    iri = re.compile(r"""["'](https?://[^"'\s]+)""")
    strays = {}
    for path in PY_FILES:
        if path in allowed:
            continue
        found = [m for m in iri.findall(path.read_text(encoding="utf-8"))
                 if "127.0.0.1" not in m and "localhost" not in m]
        if found:
            strays[str(path.relative_to(ROOT))] = found
    assert strays == {}


def test_no_sparql_in_python() -> None:
    """SPARQL lives in .rq files: no query text in Python modules of src/ or api/."""
    keyword = re.compile(r"""["']\s*(?:PREFIX\s|SELECT\s|CONSTRUCT\s*\{|ASK\s*\{|DESCRIBE\s)""")
    allowed = {SRC / "store" / "remote.py", SRC / "store" / "base.py"}
    strays = [str(p.relative_to(ROOT)) for p in PY_FILES
              if p not in allowed and keyword.search(p.read_text(encoding="utf-8"))]
    assert strays == []


@pytest.fixture(scope="module")
def store():  # type: ignore[no-untyped-def]
    store = open_store(Settings(store=":memory:"))
    yield store
    store.close()


@pytest.mark.parametrize("path", RQ_FILES, ids=lambda p: p.stem)
def test_every_query_file_parses_and_runs(store, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each .rq parses on the engine and runs unbound on the bundled data (so a broken query
    fails here, not on a request); names follow <verb>_<noun>."""
    assert re.fullmatch(r"[a-z]+_[a-z0-9_]+", path.stem), path.stem
    text = resources.query_text(path.stem)
    assert text.lstrip().startswith("#"), "start with a comment saying what the query does"
    head = re.sub(r"#[^\n]*", "", text).strip().upper()
    if re.search(r"\b(INSERT|DELETE)\b", head) and not head.startswith(("SELECT", "PREFIX")):
        return  # updates are exercised by the tests of the service that runs them
    body = re.sub(r"(?im)^\s*PREFIX[^\n]*\n", "", re.sub(r"#[^\n]*", "", text)).strip().upper()
    if body.startswith("SELECT"):
        store.select(path.stem)
    elif body.startswith("ASK"):
        store.ask(path.stem)
    elif body.startswith(("CONSTRUCT", "DESCRIBE")):
        store.construct(path.stem)
    else:
        pytest.fail(f"{path.name}: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")


def test_api_holds_no_rdf_or_sparql() -> None:
    """api/ has no rdflib/pyoxigraph import and no .rq files."""
    assert not list(API.rglob("*.rq"))
    for path in API.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "rdflib" not in text and "pyoxigraph" not in text, path


def test_version_lives_only_in_pyproject() -> None:
    """The package version comes from the installed metadata, i.e. pyproject.toml."""
    import tomllib

    from competency_graph import __version__

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared
    hits = [p for p in PY_FILES if re.search(rf"""["']{re.escape(declared)}["']""",
                                            p.read_text(encoding="utf-8"))]
    assert hits == []
