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


def test_first_run_of_serve_creates_admin_and_prints_its_password(tmp_path: Path) -> None:
    """`competency-graph serve` on a new store: the one-time admin password is printed once,
    it signs in through the web form; a second start creates nobody."""
    import os
    import re
    import subprocess
    import sys
    import time

    import httpx

    from tests.conftest import ROOT, free_port

    env = {**os.environ, "COMPETENCY_GRAPH_STORE": str(tmp_path / "store"),
           "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    env.pop("COMPETENCY_GRAPH_PASSWORD", None)
    env.pop("COMPETENCY_GRAPH_ACCOUNTS", None)

    def start() -> tuple[subprocess.Popen[str], int]:
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-c", "from competency_graph.cli import main; main()", "serve",
             "--no-demo", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
        return proc, port

    proc, port = start()
    try:
        first = proc.stderr.readline() if proc.stderr else ""
        found = re.search(r"created the user 'admin' \(admin\) with the one-time password (\S+)",
                          first)
        assert found, first
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                try:
                    if client.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
            form = client.get("/ui/sign-in").text
            token = re.findall(r'name="csrf_token" value="([^"]+)"', form)[0]
            signed = client.post("/ui/sign-in", data={"name": "admin", "password": found.group(1),
                                                      "csrf_token": token, "next": "/ui/users"})
            assert signed.status_code == 303 and signed.headers["location"] == "/ui/users"
            users = client.get("/ui/users")
            assert users.status_code == 200 and "<h1>Users</h1>" in users.text
    finally:
        proc.terminate()
        proc.wait(30)
    assert (tmp_path / "store.accounts.json").is_file()
    proc, _port = start()
    try:
        again = proc.stderr.readline() if proc.stderr else ""
        assert again.startswith("store:") and "one-time password" not in again
    finally:
        proc.terminate()
        proc.wait(30)
