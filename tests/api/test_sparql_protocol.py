"""The W3C SPARQL 1.1 Protocol test suite, replayed against ``/sparql``.

No official runner exists: the manifest is walked with rdflib, each test's graph data is loaded
into named graphs (named by the manifest's labels), and each HTTP request is replayed with its
method, path, headers and body; the status class, the boolean answer and the result format are
checked. The endpoint is read-only by design, so the suite's positive *update* tests are checked
to be refused with 403 instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.collection import Collection

from api.main import create_app
from competency_graph.config import Settings
from competency_graph.model import RdfPayload
from competency_graph.services import open_store

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "w3c-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
MANIFEST = rdflib.Graph().parse(HERE / "manifest.ttl", format="turtle")
TESTS = sorted(MANIFEST.subjects(rdflib.RDF.type, MF.ProtocolTest), key=str)


def test_the_suite_is_there() -> None:
    """All 34 protocol tests are found."""
    assert len(TESTS) == 34


@pytest.fixture(scope="module")
def client() -> Any:
    store = open_store(Settings(store=":memory:"))
    graphs = {}
    for node in MANIFEST.objects(None, UT.graphData):
        name = str(MANIFEST.value(node, rdflib.RDFS.label))
        path = HERE / Path(str(MANIFEST.value(node, UT.graph))).name
        graphs[name] = RdfPayload(path.read_bytes(), "ntriples", str(path))
    store.replace_graphs(graphs)
    with TestClient(create_app(Settings(store=":memory:"), store=store)) as test_client:
        yield test_client
    store.close()


def _requests(test: rdflib.term.Node) -> list[rdflib.term.Node]:
    action = MANIFEST.value(test, MF.action)
    return list(Collection(MANIFEST, MANIFEST.value(action, HT.requests)))


def _is_update(request: rdflib.term.Node) -> bool:
    path = str(MANIFEST.value(request, HT.absolutePath))
    body = MANIFEST.value(request, HT.body)
    text = str(MANIFEST.value(body, CNT.chars)) if body is not None else ""
    header_list = MANIFEST.value(request, HT.headers)
    types = [str(MANIFEST.value(h, HT.fieldValue)) for h in Collection(MANIFEST, header_list)
             ] if header_list is not None else []
    return ("update=" in path or text.startswith("update=")
            or any("sparql-update" in t for t in types))


def _send(client: Any, request: rdflib.term.Node) -> Any:
    method = str(MANIFEST.value(request, HT.methodName))
    path = str(MANIFEST.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    header_list = MANIFEST.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(MANIFEST, header_list):
            headers[str(MANIFEST.value(header, HT.fieldName))] = str(
                MANIFEST.value(header, HT.fieldValue))
    body = MANIFEST.value(request, HT.body)
    content = None
    if body is not None:
        encoding = str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(MANIFEST.value(body, CNT.chars)).encode(encoding)
    return client.request(method, path, headers=headers, content=content)


def _status_ok(status: int, expected: set[str]) -> bool:
    return f"StatusCode{status // 100}xx" in expected


@pytest.mark.parametrize("test", TESTS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_protocol(client: Any, test: rdflib.term.Node) -> None:
    """Each protocol test passes (updates: refused, since the endpoint is read-only)."""
    name = str(test).rsplit("#", 1)[-1]
    for request in _requests(test):
        response = _send(client, request)
        expect = MANIFEST.value(request, HT.resp)
        statuses = {str(s).rsplit("#", 1)[-1] for s in MANIFEST.objects(expect, MF.expectedStatus)}
        if name.startswith("update_"):
            if _is_update(request):  # refused: the endpoint is read-only
                assert response.status_code == 403, response.text
                assert "read-only" in response.json()["detail"]
            else:  # the follow-up query still answers (about data the update did not change)
                assert response.status_code == 200, response.text
            continue
        assert _status_ok(response.status_code, statuses), (response.status_code, response.text)
        media = response.headers.get("content-type", "")
        expected_format = MANIFEST.value(expect, MF.expectedFormat)
        if expected_format is not None:
            kind = str(expected_format)
            if kind in ("boolean", "tabular"):
                assert "sparql-results" in media, media
            else:
                assert any(t in media for t in ("turtle", "n-triples", "rdf+xml", "ld+json")), media
        boolean = MANIFEST.value(expect, MF.expectedBoolean)
        if boolean is not None:
            assert json.loads(response.text)["boolean"] is boolean.toPython()
