"""``competency-graph frameworks`` (list), ``frameworks show ID`` and ``frameworks search Q``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from competency_graph.cli import app

runner = CliRunner()


def invoke(*args: str, store: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.output


def test_list_keeps_its_options(tmp_path: Path) -> None:
    """``frameworks --format json --lang ru`` lists every framework with Russian titles."""
    code, output = invoke("frameworks", "--format", "json", "--lang", "ru", store=tmp_path / "s")
    assert code == 0, output
    entries = {e["id"]: e for e in json.loads(output)}
    assert entries["wa-2021"]["items"] == 11
    assert entries["wa-2021"]["title"].startswith("Атрибуты выпускника IEA")


def test_show_text_prints_provenance_and_the_tree(tmp_path: Path) -> None:
    """``frameworks show cdio-3.0`` prints the provenance and the items under their parts,
    marking unconfirmed wording and the international dimension."""
    code, output = invoke("frameworks", "show", "cdio-3.0", store=tmp_path / "s")
    assert code == 0, output
    assert "publisher:" in output and "CDIO Initiative" in output
    assert "PartlyConfirmed" in output
    assert "replaces:" in output and "cdio-2.0" in output
    lines = output.splitlines()
    part5 = next(i for i, line in enumerate(lines) if "5  Leadership" in line)
    assert "5.1  Leadership  [wording unconfirmed]" in lines[part5 + 1]
    assert any("3.3" in line and "[international]" in line for line in lines)


def test_show_json_in_kazakh(tmp_path: Path) -> None:
    """``frameworks show wa-2021 --lang kk --format json`` gives metadata and the 11 items."""
    code, output = invoke("frameworks", "show", "wa-2021", "--lang", "kk", "--format", "json",
                          store=tmp_path / "s")
    assert code == 0, output
    body = json.loads(output)
    assert body["id"] == "wa-2021"
    assert [i["code"] for i in body["items"]] == [f"WA{i}" for i in range(1, 12)]
    assert body["items"][5]["label"] == "Инженер және әлем"


def test_show_unknown_framework_exits_2(tmp_path: Path) -> None:
    """An unknown id is bad input: exit code 2 and a message naming it."""
    code, output = invoke("frameworks", "show", "nope", store=tmp_path / "s")
    assert code == 2
    assert "nope" in output


def test_search(tmp_path: Path) -> None:
    """``frameworks search устойчив --lang ru --format json`` answers WA6 first."""
    code, output = invoke("frameworks", "search", "устойчив", "--lang", "ru", "--format",
                          "json", store=tmp_path / "s")
    assert code == 0, output
    hits = json.loads(output)
    assert (hits[0]["framework"], hits[0]["code"], hits[0]["label"]) == ("wa-2021", "WA6",
                                                                         "Инженер и мир")
