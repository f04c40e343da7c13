"""Known answers for the version diff (services.versions) and the accounts service."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from competency_graph.config import Settings
from competency_graph.errors import InputError, NotFoundError
from competency_graph.services import curriculum, ensure_demo, open_store, versions
from competency_graph.services.accounts import Accounts, SignInLimiter, has_role, open_accounts
from tests.web.conftest import covering_wa11, demo_workbook

OLD = "https://w3id.org/competency-graph/data/programme/P/1"
NEW = "https://w3id.org/competency-graph/data/programme/P/2"


def _finding(severity: str, shape: str, focus: str, path: str | None = None) -> dict[str, object]:
    return {"severity": severity, "shape": shape, "focus": focus, "path": path, "value": None,
            "message": f"{shape} at {focus}"}


def test_finding_changes_by_hand() -> None:
    """Old: A at course C1 (violation), B at C2 (warning), D at the programme. New: B at C2
    (same, other version IRI), A at C1 now a warning, E at C3. Hand result: fixed = A/viol
    and D; new = A/warn and E; unchanged = B. Version 10 does not pass for version 1."""
    old = [_finding("violation", "A", f"{OLD}/course/C1"),
           _finding("warning", "B", f"{OLD}/course/C2", "cg:taughtBy"),
           _finding("info", "D", OLD)]
    new = [_finding("warning", "B", f"{NEW}/course/C2", "cg:taughtBy"),
           _finding("warning", "A", f"{NEW}/course/C1"),
           _finding("info", "E", f"{NEW}/course/C3")]
    diff = versions.finding_changes(old, new, old_iri=OLD, new_iri=NEW)
    assert [(f["shape"], f["severity"]) for f in diff["fixed"]] == [("A", "violation"),
                                                                   ("D", "info")]
    assert [(f["shape"], f["severity"]) for f in diff["new"]] == [("A", "warning"),
                                                                 ("E", "info")]
    assert [f["focus"] for f in diff["unchanged"]] == [f"{NEW}/course/C2"]
    other = versions.finding_changes([_finding("info", "X", f"{OLD}0/course/C1")],
                                     [_finding("info", "X", f"{NEW}/course/C1")],
                                     old_iri=OLD, new_iri=NEW)
    assert len(other["fixed"]) == 1 and len(other["new"]) == 1


def test_coverage_changes_by_hand() -> None:
    """X1 missing → covered (better), X2 covered R → covered M (level), X3 partial → missing
    (worse), X10 unchanged (left out), X4 only in the new report (not targeted → partial)."""
    old = {"items": [{"code": "X1", "label": "one", "status": "missing", "achieved_level": None},
                     {"code": "X2", "status": "covered", "achieved_level": "R"},
                     {"code": "X10", "status": "covered", "achieved_level": "M"},
                     {"code": "X3", "status": "partial", "achieved_level": "I"}]}
    new = {"items": [{"code": "X1", "label": "one", "status": "covered", "achieved_level": "M"},
                     {"code": "X2", "status": "covered", "achieved_level": "M"},
                     {"code": "X10", "status": "covered", "achieved_level": "M"},
                     {"code": "X3", "status": "missing", "achieved_level": None},
                     {"code": "X4", "status": "partial", "achieved_level": "I"}]}
    changes = versions.coverage_changes(old, new)
    assert [(c["code"], c["change"]) for c in changes] == [
        ("X1", "better"), ("X2", "level"), ("X3", "worse"), ("X4", "better")]
    assert changes[0]["label"] == "one" and changes[3]["old_status"] == "not-targeted"
    assert versions.coverage_changes(None, None) == []


def test_diff_versions_on_the_store() -> None:
    """The demo and the demo with WA11 mastered in DIP401: the WA11 coverage violation is
    fixed, WA11 goes missing → covered (M), no other wa-2021 item gets worse."""
    store = open_store(Settings(store=":memory:"))
    try:
        ensure_demo(store)
        curriculum.import_upload(store, [("v2.xlsx", demo_workbook(covering_wa11))])
        diff = versions.diff_versions(store, "6B07101", "1", "2")
        fixed = [f for f in diff["findings"]["fixed"] if f["focus"].endswith("/wa-2021/WA11")]
        assert fixed and fixed[0]["severity"] == "violation"
        assert not [f for f in diff["findings"]["new"] if "WA11" in (f["focus"] or "")]
        wa = next(c for c in diff["coverage"] if c["framework"] == "wa-2021")
        wa11 = next(i for i in wa["items"] if i["code"] == "WA11")
        assert (wa11["old_status"], wa11["new_status"], wa11["new_level"]) == (
            "missing", "covered", "M")
        assert all(i["change"] != "worse" for i in wa["items"])
        assert wa["new_summary"]["missing"] == wa["old_summary"]["missing"] - 1
        with pytest.raises(NotFoundError):
            versions.diff_versions(store, "6B07101", "1", "7")
    finally:
        store.close()


def test_accounts_file_roles_keys_and_hashes(tmp_path: Path) -> None:
    path = tmp_path / "store.accounts.json"
    accounts = Accounts(str(path))
    assert accounts.ensure_admin("first-admin-pw") == ("admin", "first-admin-pw")
    assert accounts.ensure_admin() is None  # only on first run
    accounts.add("eve", "editor", "a long password")
    key = accounts.issue_key("eve")
    raw = path.read_text("utf-8")
    assert "a long password" not in raw and key not in raw and "$argon2" in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = Accounts(str(path))  # what another process sees
    assert again.authenticate("eve", "a long password").role == "editor"
    assert again.authenticate("eve", "wrong password") is None
    assert again.authenticate("nobody", "a long password") is None
    assert again.user_for_key(key).name == "eve" and again.user_for_key("cgk_x") is None
    again.set_role("eve", "viewer")
    assert accounts.get("eve").role == "viewer"
    assert again.secret() == accounts.secret() and len(accounts.secret()) > 30
    with pytest.raises(InputError):
        accounts.add("eve", "viewer", "another password")
    with pytest.raises(InputError):
        accounts.add("bad name!", "viewer", "another password")
    with pytest.raises(InputError):
        accounts.add("short", "viewer", "short")
    with pytest.raises(InputError):
        accounts.set_role("eve", "root")
    accounts.remove("eve")
    with pytest.raises(NotFoundError):
        accounts.remove("eve")
    assert [u.name for u in again.users()] == ["admin"]
    assert set(json.loads(path.read_text("utf-8"))) == {"secret", "users"}


def test_accounts_path_beside_the_store(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"))
    assert settings.accounts_path == str(tmp_path / "store.accounts.json")
    assert Settings(store=":memory:").accounts_path == ":memory:"
    assert Settings(store=":memory:", accounts=str(tmp_path / "a.json")).accounts_path == str(
        tmp_path / "a.json")
    assert open_accounts(settings) is open_accounts(settings)


def test_roles_are_ordered() -> None:
    assert has_role("admin", "editor") and has_role("editor", "editor")
    assert not has_role("viewer", "editor") and not has_role(None, "viewer")
    assert not has_role("root", "viewer")


def test_sign_in_limiter_per_name_and_per_address() -> None:
    """Limit 3 in 60 s: the 4th attempt for a name waits until the oldest failure leaves the
    window; another name from the same address is limited too once the address has 3."""
    limiter = SignInLimiter(limit=3, window=60)
    for t in (0, 10, 20):
        assert limiter.retry_after("eve", "10.0.0.1", now=t) == 0
        limiter.failed("eve", "10.0.0.1", now=t)
    assert limiter.retry_after("eve", "10.0.0.2", now=30) == 31   # 0 + 60 - 30, rounded up
    assert limiter.retry_after("bob", "10.0.0.1", now=30) == 31   # same address
    assert limiter.retry_after("bob", "10.0.0.2", now=30) == 0
    assert limiter.retry_after("eve", "10.0.0.2", now=61) == 0    # the first left the window
    limiter.succeeded("eve")
    assert limiter.retry_after("eve", "10.0.0.9", now=30) == 0
