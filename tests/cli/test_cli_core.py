"""The command line of the foundation: query, import --kind rdf, frameworks, --help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "competency-graph"


def run(*args: str, store: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``competency-graph`` script as a user would."""
    return subprocess.run([str(BIN), "--store", str(store), *args], capture_output=True,
                          text=True, input=stdin, timeout=120)


def test_query_json_in_a_brand_new_store_returns_the_ontology_classes(tmp_path: Path) -> None:
    """A new on-disk store is bootstrapped; the JSON answer is SPARQL 1.1 Query Results JSON."""
    result = run("query", "--format", "json",
                 "SELECT ?class WHERE { GRAPH <https://w3id.org/competency-graph/graph/ontology> "
                 "{ ?class a owl:Class } FILTER(STRSTARTS(STR(?class), STR(cg:))) } "
                 "ORDER BY ?class",
                 store=tmp_path / "new-store")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["class"]
    classes = [b["class"]["value"] for b in data["results"]["bindings"]]
    assert "https://w3id.org/competency-graph/ontology#Course" in classes
    assert "https://w3id.org/competency-graph/ontology#CompetencyFramework" in classes
    assert len(classes) >= 30


def test_query_table_and_csv(tmp_path: Path) -> None:
    """The table and CSV formats print the rows."""
    store = tmp_path / "s"
    query = "SELECT ?n WHERE { cg:Course rdfs:label ?n FILTER(lang(?n) = 'kk') }"
    table = run("query", query, store=store)
    assert table.returncode == 0, table.stderr
    assert "1 row(s)" in table.stdout
    csv = run("query", "--format", "csv", query, store=store)
    assert csv.stdout.splitlines()[0] == "n"
    assert len(csv.stdout.splitlines()) == 2


def test_query_from_stdin_and_syntax_error(tmp_path: Path) -> None:
    """A query can come from standard input; a syntax error exits 2 with its position."""
    ok = run("query", "-", store=tmp_path / "s", stdin="ASK { ?s a owl:Class }")
    assert ok.returncode == 0
    assert "true" in ok.stdout
    bad = run("query", "SELEC ?x WHERE {}", store=tmp_path / "s")
    assert bad.returncode == 2
    assert "line 1" in bad.stderr


def test_query_refuses_updates(tmp_path: Path) -> None:
    """The query command is read-only."""
    result = run("query", "DROP ALL", store=tmp_path / "s")
    assert result.returncode == 2
    assert "read-only" in result.stderr


def test_import_rdf_then_query_it(tmp_path: Path) -> None:
    """An RDF file lands in its own named graph and is queryable."""
    data = tmp_path / "my-framework.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b 'c' , 'd' .\n",
                    encoding="utf-8")
    result = run("import", str(data), "--kind", "rdf", store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    assert "imported 2 triples" in result.stdout
    assert "graph/rdf/my-framework" in result.stdout
    count = run("query", "--format", "csv",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/competency-graph/graph/"
                "rdf/my-framework> { ?s ?p ?o } }", store=tmp_path / "s")
    assert count.stdout.splitlines()[1] == "2"


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".rdf"])
def test_malformed_file_exits_2_with_location_and_changes_nothing(tmp_path: Path,
                                                                  suffix: str) -> None:
    """A malformed file names file, line and column; the store is unchanged."""
    store = tmp_path / "s"
    before = run("query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                 store=store)
    assert before.returncode == 0, before.stderr
    bad = tmp_path / f"broken{suffix}"
    turtle = '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n'
    bad.write_text({".ttl": turtle,
                    ".jsonld": '{"@id": "http://example.org/a", "http://example.org/b": [',
                    ".rdf": "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
                            "<rdf:Description rdf:about='http://e/a'>\n</rdf:RDF>\n"}[suffix],
                   encoding="utf-8")
    result = run("import", str(bad), "--kind", "rdf", store=store)
    assert result.returncode == 2
    assert str(bad) in result.stderr
    assert "line" in result.stderr
    if suffix == ".ttl":
        assert "line 3, column" in result.stderr
    after = run("query", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                store=store)
    assert after.stdout == before.stdout


def test_import_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    """Bad paths are usage errors (exit 2) with the file named."""
    missing = run("import", str(tmp_path / "nope.ttl"), store=tmp_path / "s")
    assert missing.returncode == 2
    assert "nope.ttl" in missing.stderr
    odd = tmp_path / "data.xyz"
    odd.write_text("x", encoding="utf-8")
    result = run("import", str(odd), store=tmp_path / "s")
    assert result.returncode == 2
    assert "suffix" in result.stderr


def test_frameworks_json_lists_the_bundled_standards(tmp_path: Path) -> None:
    """Each entry has id, title, version and items; WA 2021 has its 11 attributes."""
    result = run("frameworks", "--format", "json", store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    entries = {e["id"]: e for e in json.loads(result.stdout)}
    assert {"id", "title", "version", "items"} <= set(entries["wa-2021"])
    assert entries["wa-2021"]["items"] == 11
    assert entries["cefr"]["items"] == 6


def test_store_from_the_environment(tmp_path: Path) -> None:
    """COMPETENCY_GRAPH_STORE chooses the store when --store is absent."""
    import os

    env = {**os.environ, "COMPETENCY_GRAPH_STORE": str(tmp_path / "env-store")}
    result = subprocess.run([str(BIN), "query", "ASK { ?s ?p ?o }"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env-store").is_dir()


def test_every_command_has_help() -> None:
    """--help works on the app and on every command, and names the default store."""
    from typer.testing import CliRunner

    from competency_graph.cli import app

    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    assert "COMPETENCY_GRAPH_STORE" in top.output
    import typer.main

    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert {"serve", "import", "query", "frameworks"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage" in result.output


def test_import_detects_the_kind(tmp_path: Path) -> None:
    """Without --kind, a workbook folder is a curriculum and a .ttl is RDF; an unknown file asks
    for --kind (exit 2)."""
    from competency_graph.cli.core import detect_kind

    demo = Path(__file__).resolve().parents[2] / "src/competency_graph/data/demo/programme"
    assert detect_kind(demo) == "curriculum"
    assert detect_kind(tmp_path / "x.ttl") == "rdf"
    case = tmp_path / "pkg.json"
    case.write_text('{"CFDocument": {"identifier": "x"}}', encoding="utf-8")
    assert detect_kind(case) == "case"
    result = run("import", str(demo), store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    assert "imported programme" in result.stdout
    odd = tmp_path / "data.bin"
    odd.write_bytes(b"\x00")
    unknown = run("import", str(odd), store=tmp_path / "s")
    assert unknown.returncode == 2
    assert "--kind" in unknown.stderr


def test_import_with_an_explicit_framework_id(tmp_path: Path) -> None:
    """--id stores a SKOS scheme under the id given; --id on another kind is a usage error."""
    scheme = tmp_path / "scheme.ttl"
    scheme.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<http://example.org/s> a skos:ConceptScheme ; skos:prefLabel 'Demo scheme'@en .\n"
        "<http://example.org/c1> a skos:Concept ; skos:inScheme <http://example.org/s> ;\n"
        "  skos:prefLabel 'Concept one'@en ; skos:notation 'C1' .\n", encoding="utf-8")
    result = run("import", str(scheme), "--kind", "skos", "--id", "my-scheme",
                 store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    listed = json.loads(run("frameworks", "--format", "json", store=tmp_path / "s").stdout)
    assert "my-scheme" in {f["id"] for f in listed}
    wrong = run("import", str(scheme), "--kind", "rdf", "--id", "x", store=tmp_path / "s")
    assert wrong.returncode == 2
