"""The workbook template (sheets, headers, trilingual notes, drop-down lists read back with
openpyxl) and the /programmes API (upload, list, JSON and RDF by content negotiation, PUT as a
new version, DELETE, write key, upload size)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from competency_graph.config import Settings
from competency_graph.io.template import COMPONENT_CODES, TEMPLATE_COLUMNS, write_template
from competency_graph.io.workbook import COLUMNS
from competency_graph.services import curriculum
from competency_graph.store import GraphStore

BIN = Path(sys.executable).parent / "competency-graph"
PROG = "6B07101"


def _validations(sheet: object) -> dict[str, tuple[str, str]]:
    """Column letter → (list formula, error style) of a sheet's list validations."""
    out: dict[str, tuple[str, str]] = {}
    for dv in sheet.data_validations.dataValidation:  # type: ignore[attr-defined]
        assert dv.type == "list"
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = (dv.formula1, dv.errorStyle)
    return out


def test_template_has_sheets_headers_notes_and_drop_down_lists(tmp_path: Path) -> None:
    """The template has the five contract sheets with every required column, a notes sheet
    with en/ru/kk explanations of every column, and list validations for the closed values."""
    path = write_template(tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["programme", "courses", "programme_outcomes", "outcomes", "staff",
                               "notes"]
    for name, (required, _optional) in COLUMNS.items():
        header = [c.value for c in book[name][1]]
        assert header == list(TEMPLATE_COLUMNS[name])
        assert set(required) <= set(header)
        assert book[name].max_row == 1
    notes = list(book["notes"].iter_rows(values_only=True))
    assert notes[0][:6] == ("sheet", "column", "required", "meaning (en)", "значение (ru)",
                            "мағынасы (kk)")
    explained = {(r[0], r[1]): r for r in notes[1:] if r[0] and r[1]}
    for name, columns in TEMPLATE_COLUMNS.items():
        for column in columns:
            row = explained[(name, column)]
            assert all(row[3:6]), (name, column)  # en, ru and kk text
    assert any("ә" in str(r[5]) or "і" in str(r[5]) for r in explained.values())  # Kazakh
    assert explained[("courses", "code")][2] == "yes"

    programme = _validations(book["programme"])
    courses = _validations(book["courses"])
    outcomes = _validations(book["outcomes"])
    staff = _validations(book["staff"])
    assert programme["E"] == ('"bachelor,master,doctorate"', "stop")  # cycle
    assert "en" in programme["H"][0]  # languages
    assert courses["G"] == ('"en,ru,kk"', "warning")  # language (a list may hold several)
    assert courses["H"] == ('"yes,no"', "stop")  # required
    assert courses["K"][0] == '"' + ",".join(COMPONENT_CODES) + '"'  # components
    assert outcomes["D"] == ('"1,2,3,4,5,6"', "warning")  # bloom levels
    assert staff["E"] == ('"A1,A2,B1,B2,C1,C2"', "stop")  # english (CEFR)
    assert staff["G"] == ('"yes,no"', "stop")  # foreign_citizen


def test_template_command_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    """`competency-graph template FILE.xlsx` writes the template; a second run without --force
    exits 2 and leaves the file alone; importing the empty template is a located error."""
    target = tmp_path / "my-programme.xlsx"
    store = ["--store", str(tmp_path / "store")]
    first = subprocess.run([str(BIN), *store, "template", str(target)], capture_output=True,
                           text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert openpyxl.load_workbook(target).sheetnames[0] == "programme"
    again = subprocess.run([str(BIN), *store, "template", str(target)], capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 2 and "--force" in again.stderr
    empty = subprocess.run([str(BIN), *store, "import", str(target), "--kind", "curriculum"],
                           capture_output=True, text=True, timeout=120)
    assert empty.returncode == 2
    assert "sheet 'programme', row 2" in empty.stderr and "no data row" in empty.stderr


def test_cli_import_prints_summary_and_warnings_without_progress_when_piped(
        tmp_path: Path) -> None:
    """A piped import prints the summary on stdout, located warnings on stderr, and no
    progress display; `programmes --format json` then lists the programme."""
    store = ["--store", str(tmp_path / "store")]
    result = subprocess.run([str(BIN), *store, "import", str(curriculum.DEMO_PROGRAMME_DIR),
                             "--kind", "curriculum"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "imported programme '6B07101' version 1 (48 courses" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines and all(ln.startswith("warning: ") for ln in lines)
    assert any("sheet 'outcomes', row" in ln and "'understand'" in ln for ln in lines)
    listed = subprocess.run([str(BIN), *store, "programmes", "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    data = json.loads(listed.stdout)
    assert [(p["id"], p["version"], p["courses"]) for p in data] == [(PROG, "1", 48)]


# --- the API ---------------------------------------------------------------------------------

def _csv_files() -> list[tuple[str, tuple[str, bytes]]]:
    return [("file", (p.name, p.read_bytes()))
            for p in sorted(curriculum.DEMO_PROGRAMME_DIR.glob("*.csv"))]


def test_api_crud_with_versions(app_client: object, memory_store: GraphStore,
                                demo_xlsx: Path) -> None:
    """POST an .xlsx (201 + Location), list, read JSON, PUT the CSVs as version 2 (version 1
    kept and listed), read version 1, DELETE one version, then the programme."""
    client = app_client
    created = client.post("/programmes", files={  # type: ignore[attr-defined]
        "file": ("demo-programme.xlsx", demo_xlsx.read_bytes())})
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/programmes/{PROG}"
    body = created.json()
    assert (body["id"], body["version"], body["counts"]["courses"]) == (PROG, "1", 48)
    assert body["warnings"][0]["file"] == "demo-programme.xlsx"

    listed = client.get("/programmes").json()  # type: ignore[attr-defined]
    assert listed["count"] == 1
    entry = listed["data"][0]
    assert (entry["id"], entry["version"], entry["cycle"], entry["ects"], entry["courses"]) == (
        PROG, "1", "bachelor", 240.0, 48)
    assert "fictional" in entry["title"]

    replaced = client.put(f"/programmes/{PROG}", files=_csv_files())  # type: ignore[attr-defined]
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["version"], replaced.json()["previous_version"]) == ("2", "1")
    versions = client.get("/programmes").json()["data"][0]["versions"]  # type: ignore
    assert [(v["version"], v["current"]) for v in versions] == [("1", False), ("2", True)]

    current = client.get(f"/programmes/{PROG}", params={"lang": "ru"})  # type: ignore
    assert current.status_code == 200
    assert current.json()["version"] == "2" and "Вычислительная" in current.json()["title"]
    old = client.get(f"/programmes/{PROG}", params={"version": "1"}).json()  # type: ignore
    assert old["version"] == "1" and old["current"] is False

    gone = client.delete(f"/programmes/{PROG}", params={"version": "2"})  # type: ignore
    assert gone.status_code == 204
    assert client.get(f"/programmes/{PROG}").json()["version"] == "1"  # type: ignore
    assert client.delete(f"/programmes/{PROG}").status_code == 204  # type: ignore
    assert client.get(f"/programmes/{PROG}").status_code == 404  # type: ignore
    assert client.get("/programmes").json()["count"] == 0  # type: ignore


@pytest.mark.parametrize(("accept", "media", "marker"), [
    ("text/turtle", "text/turtle", "@prefix"),
    ("application/n-triples", "application/n-triples", "<https://w3id.org/competency-graph/"),
    ("application/ld+json", "application/ld+json", '"@id"'),
    ("application/json", "application/json", '"programme_outcomes"'),
    ("text/html;q=0.9, text/turtle;q=0.5", "text/turtle", "@prefix"),
])
def test_api_content_negotiation(app_client: object, accept: str, media: str,
                                 marker: str) -> None:
    """GET /programmes/{id} answers JSON by default and the version's named graph as Turtle,
    N-Triples or JSON-LD by the Accept header."""
    client = app_client
    assert client.post("/programmes", files=_csv_files()).status_code == 201  # type: ignore
    response = client.get(f"/programmes/{PROG}", headers={"accept": accept})  # type: ignore
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert marker in response.text
    if media == "application/n-triples":
        assert "isCurrentVersion" in response.text and "/course/CSE201>" in response.text


def test_api_put_for_an_unknown_or_different_programme(app_client: object, tmp_path: Path,
                                                       memory_store: GraphStore) -> None:
    """PUT on an unknown id is 404; PUT of a workbook whose id differs is a located 422; both
    store nothing."""
    client = app_client
    before = memory_store.triple_count()
    assert client.put("/programmes/OTHER", files=_csv_files()).status_code == 404  # type: ignore
    client.post("/programmes", files=_csv_files())  # type: ignore[attr-defined]
    files = _csv_files()
    files = [f if f[1][0] != "programme.csv" else
             ("file", ("programme.csv", f[1][1].replace(PROG.encode(), b"6B99999", 1)))
             for f in files]
    client.post("/programmes", files=files)  # type: ignore[attr-defined]
    after_two = memory_store.triple_count()
    assert after_two > before
    mismatch = client.put(f"/programmes/{PROG}", files=files)  # type: ignore[attr-defined]
    assert mismatch.status_code == 422
    (error,) = mismatch.json()["errors"]
    assert (error["file"], error["sheet"], error["row"], error["column"]) == (
        "programme.csv", "programme", 2, "id")
    assert memory_store.triple_count() == after_two


@pytest.fixture
def locked_client(memory_store: GraphStore) -> Iterator[object]:
    """An app with an API key and a small upload limit."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    settings = Settings(store=":memory:", api_key="k3y", max_upload_bytes=20_000)
    with TestClient(create_app(settings, store=memory_store)) as client:
        yield client


def test_api_writes_need_the_key_and_uploads_are_size_limited(locked_client: object,
                                                               demo_xlsx: Path) -> None:
    """Without X-API-Key a write is 401; an upload over max_upload_bytes is 413 (with or
    without the key: the body is refused while it streams in); reads need no key."""
    client = locked_client
    files = {"file": ("demo-programme.xlsx", demo_xlsx.read_bytes())}
    small = {"file": ("demo-programme.xlsx", b"PK")}
    assert client.post("/programmes", files=small).status_code == 401  # type: ignore
    too_big = client.post("/programmes", files=files,  # type: ignore[attr-defined]
                          headers={"X-API-Key": "k3y"})
    assert too_big.status_code == 413
    assert client.delete(f"/programmes/{PROG}").status_code == 401  # type: ignore
    assert client.get("/programmes").status_code == 200  # type: ignore


def test_serve_with_demo_lists_the_demo_programme(memory_store: GraphStore) -> None:
    """An app started with the demo option loads the fictional demo programme into a store
    that lacks it; GET /programmes lists it."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(Settings(store=":memory:", load_demo=True),
                               store=memory_store)) as client:
        data = client.get("/programmes").json()["data"]
    assert [(p["id"], p["courses"]) for p in data if p["id"] == PROG] == [(PROG, 48)]
    assert "fictional" in next(p["title"] for p in data if p["id"] == PROG)


def test_open_a_single_csv_path_is_a_located_error(memory_store: GraphStore,
                                                   tmp_path: Path) -> None:
    """A PROGRAMME argument naming an existing file that is not a workbook gets the importer's
    located error, not "no such programme"."""
    from competency_graph.errors import InputError

    single = tmp_path / "courses.csv"
    single.write_text("code,title,ects\nC1,A,5\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        curriculum.open_workbook(memory_store, single)
    assert caught.value.problems[0].location.file == str(single)
