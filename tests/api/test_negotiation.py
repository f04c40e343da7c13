"""The one content-negotiation dependency (``api.negotiation``): known answers for the Accept
parser and for the routes. Expected values are derived by hand from RFC 9110 §12.5.1: the
most specific matching range gives a format its quality, ``q=0`` refuses, ties go to the
route's order (JSON first), ``format=`` wins, nothing acceptable is 406."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.negotiation import choose, parse_accept, quality

OFFERED = ("json", "html", "csv", "text")


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "json"),                                           # no header: the first offered
    ("", "json"),
    ("*/*", "json"),                                          # tie at q=1: route order
    ("text/html", "html"),
    ("text/csv;q=0.5, text/html;q=0.4", "csv"),               # higher q wins
    ("text/html;q=0.4, text/csv;q=0.5", "csv"),               # whatever the order
    ("text/*;q=0.8, application/json;q=0.5", "html"),         # text/* → first text format
    ("text/*, text/html;q=0", "csv"),                         # specific q=0 refuses html
    ("application/json;q=0, */*;q=0.1", "html"),              # json refused, rest at 0.1
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),  # a browser
    ("text/plain; q=0.9, application/json; q=0.2", "text"),   # spaces around params
    ("text/csv;q=abc, text/html;q=0.1", "html"),              # malformed q counts as 0
    ("text/csv;q=2", None),                                   # q out of range counts as 0
    ("application/xml", None),                                # nothing offered is accepted
    ("garbage", "json"),                                      # no valid range: like no header
])
def test_choose(accept: str | None, expected: str | None) -> None:
    assert choose(accept, OFFERED) == expected


def test_quality_of_the_most_specific_range() -> None:
    """``text/html;level`` aside, exact beats ``type/*`` beats ``*/*``."""
    ranges = parse_accept("*/*;q=0.1, text/*;q=0.5, text/csv;q=0.9")
    assert quality(ranges, "text/csv") == 0.9
    assert quality(ranges, "text/html") == 0.5
    assert quality(ranges, "application/json") == 0.1


#: every report route, with its query and its offered formats → media type
REPORT_ROUTES = [
    ("/programmes/6B07101/validation", {}, {"json": "application/json", "html": "text/html",
                                            "text": "text/plain", "turtle": "text/turtle"}),
    ("/programmes/6B07101/gaps", {"framework": "wa-2021"},
     {"json": "application/json", "html": "text/html", "csv": "text/csv",
      "text": "text/plain"}),
    ("/programmes/6B07101/matrix", {}, {"json": "application/json", "html": "text/html",
                                        "csv": "text/csv"}),
    ("/programmes/6B07101/progression", {}, {"json": "application/json",
                                             "html": "text/html"}),
    ("/programmes/6B07101/staff", {}, {"json": "application/json", "html": "text/html",
                                       "text": "text/plain"}),
    ("/programmes/6B07101/staff/plan", {}, {"json": "application/json", "html": "text/html",
                                            "text": "text/plain"}),
    ("/programmes/6B07101", {}, {"json": "application/json", "turtle": "text/turtle",
                                 "ntriples": "application/n-triples",
                                 "jsonld": "application/ld+json",
                                 "rdfxml": "application/rdf+xml"}),
]


@pytest.mark.parametrize(("path", "params", "offered"), REPORT_ROUTES)
def test_every_format_by_accept_and_by_format(demo_client: TestClient, path: str,
                                              params: dict[str, str],
                                              offered: dict[str, str]) -> None:
    """Each offered format is reachable by its media type and by ``format=`` (which wins over
    an Accept header naming none of them); both carry ``Vary: Accept``."""
    for name, media in offered.items():
        by_accept = demo_client.get(path, params=params, headers={"Accept": media})
        by_param = demo_client.get(path, params={**params, "format": name},
                                   headers={"Accept": "application/xml;q=0.1"})
        for answer in (by_accept, by_param):
            assert answer.status_code == 200, (name, answer.text[:300])
            assert answer.headers["content-type"].split(";")[0] == media
            assert "Accept" in _vary(answer)
        # the same document (reports carry their run time, so compare the opening)
        assert by_accept.content[:40] == by_param.content[:40]


@pytest.mark.parametrize(("path", "params", "offered"), REPORT_ROUTES)
def test_q_values_and_406(demo_client: TestClient, path: str, params: dict[str, str],
                          offered: dict[str, str]) -> None:
    """The higher q wins over the order; nothing acceptable is 406 problem+json."""
    names = list(offered)
    low, high = names[0], names[-1]
    accept = f"{offered[low]};q=0.3, {offered[high]};q=0.7"
    answer = demo_client.get(path, params=params, headers={"Accept": accept})
    assert answer.headers["content-type"].split(";")[0] == offered[high]
    refused = demo_client.get(path, params=params, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
    assert "Accept" in _vary(refused)


def test_unknown_format_is_422(demo_client: TestClient) -> None:
    """``format=`` takes only the route's formats (422 located at ``query/format``)."""
    answer = demo_client.get("/programmes/6B07101/progression", params={"format": "csv"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["json_path"] == "query/format"


def test_benchmark_and_study_routes_share_the_vocabulary(demo_client: TestClient) -> None:
    """The institution routes offer the same names (``csv``, ``text``, ``html``)."""
    institutions = demo_client.get("/institutions").json()["data"]
    if not institutions:
        pytest.skip("the demo programme store has no institutions")
    spec = demo_client.get("/openapi.json").json()
    op = spec["paths"]["/institutions/{institution_id}/benchmark"]["get"]
    fmt = next(p for p in op["parameters"] if p["name"] == "format")
    assert fmt["schema"]["anyOf"][0]["enum"] == ["json", "html", "csv", "text"]


def test_large_answers_are_gzipped_for_clients_that_ask(demo_client: TestClient) -> None:
    """Issue 15 item 3: a gap report (tens of KB) is compressed when the client accepts gzip,
    and the decompressed body is the same report; a client that does not ask gets it plain."""
    import json

    path = "/programmes/6B07101/gaps?framework=wa-2021&evidence=all"
    zipped = demo_client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert {"Accept", "Accept-Encoding"} <= _vary(zipped)
    plain = demo_client.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert json.loads(plain.content) == zipped.json()  # httpx decompressed it
    assert zipped.num_bytes_downloaded < len(plain.content) / 3  # what went over the wire


def _vary(response: Any) -> set[str]:
    """The header names of ``Vary`` (gzip adds ``Accept-Encoding`` to large answers)."""
    return {name.strip() for name in response.headers.get("vary", "").split(",") if name.strip()}
