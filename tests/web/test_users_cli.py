"""``competency-graph users add|list|set-role|key|remove`` on a real accounts file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from competency_graph.cli import app


def test_users_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    accounts = tmp_path / "accounts.json"
    monkeypatch.setenv("COMPETENCY_GRAPH_ACCOUNTS", str(accounts))
    monkeypatch.setenv("COMPETENCY_GRAPH_PASSWORD", "a long password")
    run = CliRunner().invoke
    added = run(app, ["users", "add", "eve", "--role", "editor"])
    assert added.exit_code == 0 and "added eve (editor)" in added.output
    assert run(app, ["users", "add", "eve"]).exit_code == 2          # taken
    assert run(app, ["users", "add", "x", "--role", "root"]).exit_code == 2
    assert run(app, ["users", "set-role", "eve", "admin"]).exit_code == 0
    listed = run(app, ["users", "list"])
    assert listed.output.split()[:3] == ["eve", "admin", "keys=0"]
    key = run(app, ["users", "key", "eve"]).output.strip()
    assert key.startswith("cgk_") and key not in accounts.read_text("utf-8")
    assert "keys=1" in run(app, ["users", "list"]).output
    assert run(app, ["users", "remove", "eve"]).exit_code == 0
    assert run(app, ["users", "remove", "eve"]).exit_code == 2
    assert json.loads(accounts.read_text("utf-8"))["users"] == {}


def test_password_is_prompted_without_the_environment(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPETENCY_GRAPH_ACCOUNTS", str(tmp_path / "accounts.json"))
    monkeypatch.delenv("COMPETENCY_GRAPH_PASSWORD", raising=False)
    result = CliRunner().invoke(app, ["users", "add", "vic"],
                                input="typed password\ntyped password\n")
    assert result.exit_code == 0 and "added vic (viewer)" in result.output
