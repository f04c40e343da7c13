"""CTDL-ASN and SKOS over HTTP: downloads of any framework, uploads with 422 problems."""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from tests.interop.conftest import CTDL_FIXTURE

BASIC = "ce-07c25f74-9119-11e8-b852-782bcb5df6ac"


def test_download_ctdl_and_skos_of_a_bundled_framework(app_client: Any) -> None:
    """``/frameworks/wa-2021.ctdl.json`` and ``.skos.ttl`` answer with the exports, not with the
    framework page; an unknown id is a 404 problem."""
    ctdl = app_client.get("/frameworks/wa-2021.ctdl.json")
    assert ctdl.status_code == 200
    assert ctdl.headers["content-type"].startswith("application/ld+json")
    assert len(ctdl.json()["@graph"]) == 12
    skos = app_client.get("/frameworks/wa-2021.skos.ttl")
    assert skos.status_code == 200
    graph = Graph().parse(data=skos.text, format="turtle")
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == 11
    missing = app_client.get("/frameworks/nope.ctdl.json")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    plain = app_client.get("/frameworks/wa-2021")
    assert plain.status_code == 200


def test_upload_ctdl_and_round_trip(app_client: Any) -> None:
    """POST /frameworks/ctdl-asn imports; the download gives back every original field."""
    created = app_client.post("/frameworks/ctdl-asn", content=CTDL_FIXTURE.read_bytes(),
                              headers={"Content-Type": "application/ld+json"})
    assert created.status_code == 201, created.text
    assert created.json()["framework_id"] == BASIC
    assert created.json()["items"] == 12
    exported = app_client.get(f"/frameworks/{BASIC}.ctdl.json").json()
    original = json.loads(CTDL_FIXTURE.read_text(encoding="utf-8"))
    ours = {n["@id"]: n for n in exported["@graph"]}
    for node in original["@graph"]:
        assert set(node) <= set(ours[node["@id"]])


def test_bad_uploads_are_422_with_locations(app_client: Any) -> None:
    """An unresolvable context gives 422 with the JSON path; a Turtle syntax error 422 with the
    line; the store keeps its frameworks."""
    before = app_client.get("/frameworks").json()["count"]
    bad = app_client.post("/frameworks/ctdl-asn",
                          content=b'{"@context": "https://example.org/c.json", "@graph": []}')
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["json_path"] == "$['@context']"
    broken = app_client.post("/frameworks/skos", content=b"<a> <b> .\n",
                             headers={"Content-Type": "text/turtle"})
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["line"] == 1
    assert app_client.get("/frameworks").json()["count"] == before


def test_upload_skos_with_an_id(app_client: Any) -> None:
    """POST /frameworks/skos?id= imports a scheme under the given id."""
    body = (b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            b"<https://example.org/s> a skos:ConceptScheme ; skos:prefLabel \"S\"@en .\n"
            b"<https://example.org/s/1> a skos:Concept ; skos:inScheme <https://example.org/s> .\n")
    created = app_client.post("/frameworks/skos?id=tiny", content=body,
                              headers={"Content-Type": "text/turtle"})
    assert created.status_code == 201, created.text
    assert (created.json()["framework_id"], created.json()["items"]) == ("tiny", 1)
    assert app_client.get("/frameworks/tiny").status_code == 200
