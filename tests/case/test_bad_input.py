"""Bad CASE input: a missing required field, a file that is not CASE at all, a file of another
kind given with --kind case. Exit 2 / HTTP 422 with the file and every JSON path; the store is
unchanged. Also the happy path of ``import FILE --kind case`` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from competency_graph.errors import InputError
from competency_graph.services.interop import case as case_service
from competency_graph.store import GraphStore

BIN = Path(sys.executable).parent / "competency-graph"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "case"
WHAT_STANDARDS = FIXTURES / "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"
TURTLE = Path(__file__).resolve().parents[2] / "ontology" / "frameworks" / "wa-2021.ttl"


def run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``competency-graph`` script."""
    return subprocess.run([str(BIN), "--store", str(store), *args], capture_output=True,
                          text=True, timeout=300)


def broken_package(tmp_path: Path) -> Path:
    """What Standards Could Be without the document title, item 3's fullStatement and
    association 5's destination identifier."""
    pkg = json.loads(WHAT_STANDARDS.read_text(encoding="utf-8"))
    del pkg["CFDocument"]["title"]
    del pkg["CFItems"][3]["fullStatement"]
    del pkg["CFAssociations"][5]["destinationNodeURI"]["identifier"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(pkg), encoding="utf-8")
    return path


def test_missing_required_fields_are_all_reported_and_nothing_is_stored(
        memory_store: GraphStore, tmp_path: Path) -> None:
    """Every missing required field is reported with its JSON path; the store is unchanged."""
    before = memory_store.triple_count()
    with pytest.raises(InputError) as caught:
        case_service.import_case(memory_store, broken_package(tmp_path))
    paths = {p.location.json_path for p in caught.value.problems}
    assert paths == {"$.CFDocument.title", "$.CFItems[3].fullStatement",
                     "$.CFAssociations[5].destinationNodeURI.identifier"}
    assert all(p.location.file and p.location.file.endswith("broken.json")
               for p in caught.value.problems)
    assert memory_store.triple_count() == before


@pytest.mark.parametrize(("content", "where"), [
    (b"not json at all", "line"),
    (b'{"@context": "https://credreg.net/ctdlasn/schema/context/json", "@graph": []}', "$"),
    (b"[1, 2, 3]", "$"),
])
def test_not_case_at_all_is_refused(memory_store: GraphStore, content: bytes,
                                    where: str) -> None:
    """Text that is not JSON is located by line and column; JSON that is not a CFPackage at $."""
    before = memory_store.triple_count()
    with pytest.raises(InputError) as caught:
        case_service.import_case_bytes(memory_store, content, "upload.json")
    problem = caught.value.problems[0]
    assert problem.location.file == "upload.json"
    if where == "line":
        assert problem.location.line == 1
    else:
        assert problem.location.json_path == "$"
    assert memory_store.triple_count() == before


def test_a_bundled_framework_cannot_be_replaced(memory_store: GraphStore) -> None:
    """A package whose CFDocument identifier is a bundled framework id is refused."""
    pkg = json.loads(WHAT_STANDARDS.read_text(encoding="utf-8"))
    pkg["CFDocument"]["identifier"] = "wa-2021"
    with pytest.raises(InputError) as caught:
        case_service.import_case_bytes(memory_store, json.dumps(pkg).encode(), "x.json")
    assert caught.value.problems[0].location.json_path == "$.CFDocument.identifier"


def test_http_422_lists_every_json_path_and_stores_nothing(app_client: Any,
                                                           tmp_path: Path) -> None:
    """POST /frameworks with a broken package: 422 problem+json with one error per JSON path;
    the framework does not appear."""
    response = app_client.post("/frameworks", content=broken_package(tmp_path).read_bytes())
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    paths = {e["json_path"] for e in response.json()["errors"]}
    assert "$.CFItems[3].fullStatement" in paths and len(paths) == 3
    pkg_id = json.loads(WHAT_STANDARDS.read_text(encoding="utf-8"))["CFDocument"]["identifier"]
    assert app_client.get(f"/frameworks/{pkg_id}.case.json").status_code == 404
    not_case = app_client.post("/frameworks", content=b"<rdf:RDF/>")
    assert not_case.status_code == 422
    assert not_case.json()["errors"][0]["file"] == "request body"


def test_cli_import_case_and_bad_input(tmp_path: Path) -> None:
    """``import FILE --kind case`` imports (exit 0); a broken package and a Turtle file given
    as --kind case exit 2 naming the file and the JSON path or line; the store is unchanged."""
    store = tmp_path / "store"
    ok = run("import", str(WHAT_STANDARDS), "--kind", "case", store=store)
    assert ok.returncode == 0, ok.stderr
    assert "16 items, 39 associations" in ok.stdout
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = run("query", "--format", "csv", count, store=store).stdout
    broken = run("import", str(broken_package(tmp_path)), "--kind", "case", store=store)
    assert broken.returncode == 2
    output = broken.stdout + broken.stderr
    assert "broken.json" in output and "$.CFItems[3].fullStatement" in output
    wrong_kind = run("import", str(TURTLE), "--kind", "case", store=store)
    assert wrong_kind.returncode == 2
    assert "wa-2021.ttl" in wrong_kind.stdout + wrong_kind.stderr
    assert "line" in wrong_kind.stdout + wrong_kind.stderr
    assert run("query", "--format", "csv", count, store=store).stdout == before
