"""The typed HTTP contract (issue 11 part 4): walk ``/openapi.json`` and the routes.

* every operation declares a 2xx answer with a schema (JSON model, or the media types it
  sends), and problem+json (the RFC 9457 model) for 422, 4XX and 5XX; FastAPI's
  ``HTTPValidationError`` is gone;
* operation ids are the handlers' ``verb_noun`` names, and the verb fits the method;
* every POST that creates something answers 201 with a ``Location`` header;
* no route that does blocking work is ``async def``;
* every list is a page (``limit`` ≤ the documented max, ``offset``, ``total``, ``links``).
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.paging import MAX_LIMIT
from tests.api.conftest import operations

VERBS = {"get": "read", "post": "create", "put": "update", "patch": "update",
         "delete": "delete"}
#: POST operations that create nothing (a SPARQL query sent by POST)
NOT_CREATES = {"read_sparql_by_post", "read_recognition_with_agreement"}
#: async handlers that do no blocking work themselves (the SPARQL POST decodes the body, then
#: runs the query in the thread pool)
ASYNC_ALLOWED = {"read_sparql_by_post"}
PROBLEM_REF = "#/components/schemas/Problem"


@pytest.fixture(scope="module")
def spec(demo_client: TestClient) -> dict[str, Any]:
    answer = demo_client.get("/openapi.json")
    assert answer.status_code == 200
    return dict(answer.json())


def test_every_operation_has_a_2xx_schema(spec: dict[str, Any]) -> None:
    """53 operations when this was written; each documents what its success answer holds."""
    missing = []
    for path, method, op in operations(spec):
        ok = [(code, answer) for code, answer in op["responses"].items()
              if str(code).startswith("2")]
        assert ok, f"{method} {path}: no 2xx answer"
        for code, answer in ok:
            if code == "204":
                continue
            content = answer.get("content", {})
            if not content or any(not media.get("schema") and not media.get("example")
                                  for name, media in content.items()
                                  if name.startswith("application/json")):
                missing.append(f"{method} {path} {code}")
    assert missing == []
    assert len(operations(spec)) >= 53


def test_errors_are_problem_json(spec: dict[str, Any]) -> None:
    """422, 4XX and 5XX name the Problem model as application/problem+json on every operation
    (the CASE provider documents its imsx_StatusInfo 4XX as JSON, per its standard)."""
    for path, method, op in operations(spec):
        responses = op["responses"]
        for code in ("422", "5XX"):
            assert responses[code]["content"]["application/problem+json"]["schema"] == {
                "$ref": PROBLEM_REF}, (method, path, code)
            assert "application/json" not in responses[code]["content"]
        content = responses["4XX"]["content"]
        if path.startswith("/ims/case/"):
            assert "application/json" in content
        else:
            assert content["application/problem+json"]["schema"] == {"$ref": PROBLEM_REF}
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    problem = schemas["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem)
    assert "HTTPValidationError" not in str(spec)


def test_operation_ids_are_verb_noun(spec: dict[str, Any]) -> None:
    """``read_*`` for GET, ``create_*`` for POST, ``update_*`` for PUT/PATCH, ``delete_*``
    for DELETE (the SPARQL POST is a read)."""
    for path, method, op in operations(spec):
        name = op["operationId"]
        assert re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", name), name
        verb = "read" if name in NOT_CREATES else VERBS[method]
        assert name.startswith(verb + "_"), (method, path, name)


def test_every_create_is_201_with_location(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        if method != "post" or op["operationId"] in NOT_CREATES:
            continue
        assert "201" in op["responses"], (path, op["responses"].keys())
        assert "Location" in op["responses"]["201"].get("headers", {}), path


def test_blocking_routes_are_plain_def(demo_client: TestClient) -> None:
    """FastAPI runs plain ``def`` handlers in its thread pool; an ``async def`` handler that
    touched the store or a parser would block the event loop."""
    offenders = [route.name for route in demo_client.app.routes
                 if isinstance(route, APIRoute) and inspect.iscoroutinefunction(route.endpoint)
                 and route.name not in ASYNC_ALLOWED]
    assert offenders == []


LISTS = ["/programmes", "/frameworks", "/frameworks/esco-skills/items", "/institutions",
         "/studies", "/search", "/resources"]


def test_every_list_is_a_page(spec: dict[str, Any]) -> None:
    """Every GET whose answer holds a list of records is a Page (data, total, limit, offset,
    links) with ``limit`` and ``offset`` parameters."""
    pages = {path for path, method, op in operations(spec) if method == "get"
             and "Page_" in str(op["responses"].get("200", {}))}
    assert pages == {"/programmes", "/frameworks", "/frameworks/{framework_id}/items",
                     "/institutions", "/studies", "/search", "/resources"}
    for path in pages:
        params = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert {"limit", "offset"} <= params


def test_items_are_paged_with_links(demo_client: TestClient) -> None:
    """WA 2021 has 11 graduate attributes (WA1 … WA11): pages of 5 are 5, 5, 1, linked."""
    first = demo_client.get("/frameworks/wa-2021/items", params={"limit": 5}).json()
    assert (first["total"], first["count"], first["offset"]) == (11, 5, 0)
    assert first["framework"] == "wa-2021"
    assert first["links"]["prev"] is None
    assert first["links"]["next"] == "/frameworks/wa-2021/items?limit=5&offset=5"
    second = demo_client.get(first["links"]["next"]).json()
    third = demo_client.get(second["links"]["next"]).json()
    assert third["count"] == 1 and third["links"]["next"] is None
    assert third["links"]["prev"] == "/frameworks/wa-2021/items?limit=5&offset=5"
    codes = [i["code"] for page in (first, second, third) for i in page["data"]]
    assert sorted(codes, key=lambda c: int(c[2:])) == [f"WA{n}" for n in range(1, 12)]


def test_page_limits(demo_client: TestClient) -> None:
    """``limit`` above the documented maximum, or below 1, is 422; the default is 100."""
    too_big = demo_client.get("/frameworks", params={"limit": MAX_LIMIT + 1})
    assert too_big.status_code == 422
    assert too_big.json()["errors"][0]["json_path"] == "query/limit"
    assert demo_client.get("/frameworks", params={"offset": -1}).status_code == 422
    assert demo_client.get("/frameworks").json()["limit"] == 100


def test_links_keep_the_other_parameters(demo_client: TestClient) -> None:
    page = demo_client.get("/search", params={"q": "engineering", "limit": 2,
                                              "lang": "ru"}).json()
    assert page["links"]["next"] == "/search?q=engineering&lang=ru&limit=2&offset=2"
    assert page["query"] == "engineering" and page["lang"] == "ru"


def test_create_answers_location(demo_store: Any) -> None:
    """A study is created with 201 and a Location that reads it back."""
    from tests.api.conftest import KEY, make_client

    with make_client(demo_store) as client:
        created = client.post("/studies", headers={"X-API-Key": KEY}, json={
            "title": "Contract study", "institution": "demo-steppe-tech", "year": 2024})
        if created.status_code == 404:
            pytest.skip("the demo store has no demo institutions")
        assert created.status_code == 201, created.text
        location = created.headers["location"]
        assert client.get(location).json()["title"] == "Contract study"
        assert client.delete(location, headers={"X-API-Key": KEY}).status_code == 204
