"""Fixtures of the web workspace tests: an app on an in-memory store with the demo data and
in-memory accounts (admin, editor, viewer), workbooks made from the demo workbook."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from api.main import create_app  # registers every demo loader before ensure_demo runs
from competency_graph.config import Settings
from competency_graph.services import curriculum, ensure_demo, open_store
from competency_graph.services.accounts import Accounts
from competency_graph.store import GraphStore

PASSWORD = "correct horse battery"
USERS = {"ada": "admin", "eve": "editor", "vic": "viewer"}
DEMO_WORKBOOK = Path(curriculum.DEMO_PROGRAMME_DIR).parent / "demo-programme.xlsx"


@pytest.fixture(scope="module")
def demo_store() -> Iterator[GraphStore]:
    """An in-memory store with the bundled data and the demo (one per test module)."""
    store = open_store(Settings(store=":memory:"))
    ensure_demo(store)
    yield store
    store.close()


def make_accounts() -> Accounts:
    """In-memory accounts with one user per role, all with :data:`PASSWORD`."""
    accounts = Accounts(":memory:")
    for name, role in USERS.items():
        accounts.add(name, role, PASSWORD)
    return accounts


def make_app(store: GraphStore, **settings: Any) -> Any:
    """The app over ``store`` with in-memory accounts."""
    app = create_app(Settings(store=":memory:", **settings), store=store)
    app.state.accounts = make_accounts()
    return app


@pytest.fixture
def client(demo_store: GraphStore) -> Iterator[Any]:
    """A TestClient on the app (reading open, the default)."""
    from fastapi.testclient import TestClient

    with TestClient(make_app(demo_store)) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    """The CSRF token of the first form in a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: Any, name: str, password: str = PASSWORD) -> Any:
    """Sign in through the form; return the response of the POST (not followed)."""
    token = csrf_of(client.get("/ui/sign-in").text)
    return client.post("/ui/sign-in", data={"name": name, "password": password,
                                            "csrf_token": token, "next": "/ui/programmes"},
                       follow_redirects=False)


def demo_workbook(change: Any = None) -> bytes:
    """The demo workbook, changed by ``change(workbook)`` when given, as bytes."""
    book = openpyxl.load_workbook(DEMO_WORKBOOK)
    if change is not None:
        change(book)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def broken_workbook(book: Any) -> None:
    """Plant two located errors: a course's ECTS is not a number (courses, row 3, ects) and an
    outcome aligns to an unknown framework item (outcomes, row 2, aligned_to)."""
    courses = book["courses"]
    header = [c.value for c in courses[1]]
    courses.cell(row=3, column=header.index("ects") + 1, value="five")
    outcomes = book["outcomes"]
    header = [c.value for c in outcomes[1]]
    outcomes.cell(row=2, column=header.index("aligned_to") + 1, value="wa-2021:WA99@M")


def covering_wa11(book: Any) -> None:
    """Version 2 of the demo: the diploma project's first outcome also masters WA11 (lifelong
    learning, which version 1 never addresses)."""
    sheet = book["programme"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("version") + 1, value="2")
    outcomes = book["outcomes"]
    header = [c.value for c in outcomes[1]]
    course, aligned = header.index("course"), header.index("aligned_to")
    for row in outcomes.iter_rows(min_row=2):
        if row[course].value == "DIP401":
            row[aligned].value = f"{row[aligned].value}; wa-2021:WA11@M"
            return
    raise AssertionError("the demo has no DIP401 outcome")
