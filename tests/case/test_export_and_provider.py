"""Strict CASE 1.1 export of the bundled frameworks, the CASE HTTP routes and the read-only
CASE 1.1 provider under /ims/case/v1p1 (answers validated against the official schema's
classes)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from competency_graph.config import Settings
from competency_graph.namespaces import framework_iri
from competency_graph.services.interop import case as case_service
from competency_graph.services.interop.registry import EXPORTERS, export_framework
from competency_graph.services.system.bootstrap import open_store
from competency_graph.store import GraphStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "case"
WHAT_STANDARDS = FIXTURES / "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"
SYNTHETIC = FIXTURES / "synthetic-1.1-every-field.json"
V1P1 = "/ims/case/v1p1"
WA_DOC = str(uuid.uuid5(uuid.NAMESPACE_URL, framework_iri("wa-2021")))


def scheme_ids(store: GraphStore) -> list[str]:
    """Every framework and level scale id in a store."""
    return sorted({str(r["id"]) for r in store.select("list_schemes")})


def test_every_bundled_framework_exports_as_strict_case_1_1(
        memory_store: GraphStore, check_case: Callable[..., list[str]]) -> None:
    """Every bundled framework and level scale exports with zero strict CASE 1.1 errors, with one
    CFItem per SKOS item of the scheme."""
    ids = scheme_ids(memory_store)
    assert {"wa-2021", "eur-ace-2015-bachelor", "abet-eac", "cefr", "irm"} <= set(ids)
    failures = {}
    for fid in ids:
        pkg = json.loads(export_framework(memory_store, fid, "case"))
        errors = check_case(pkg)
        if errors:
            failures[fid] = errors[:3]
        count = memory_store.run_user_query(
            f"SELECT (COUNT(?i) AS ?n) WHERE {{ ?i skos:inScheme <{framework_iri(fid)}> }}")
        n = json.loads(count.body)["results"]["bindings"][0]["n"]["value"]
        assert len(pkg.get("CFItems") or []) == int(n), fid
    assert failures == {}


def test_wa_2021_export_has_hierarchy_and_crosswalk_associations(
        memory_store: GraphStore) -> None:
    """WA 2021: 11 items under the document (isChildOf with sequence 1..11 in WA1..WA11 order)
    and its crosswalks to EUR-ACE, ABET and CDIO as associations whose destination is the
    mapped item's IRI; the SKOS relation is kept in notes."""
    pkg = json.loads(case_service.export_case(memory_store, "wa-2021"))
    assert pkg["CFDocument"]["identifier"] == WA_DOC
    assert [i["humanCodingScheme"] for i in pkg["CFItems"]] == [f"WA{n}" for n in range(1, 12)]
    children = [a for a in pkg["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert len(children) == 11
    assert all(a["destinationNodeURI"]["identifier"] == WA_DOC for a in children)
    order = {a["originNodeURI"]["title"]: a["sequenceNumber"] for a in children}
    assert sorted(order.values()) == list(range(1, 12))
    crosswalk = [a for a in pkg["CFAssociations"] if a["associationType"] != "isChildOf"]
    targets = {a["destinationNodeURI"]["uri"] for a in crosswalk}
    assert any("/framework/eur-ace-2015-bachelor/" in t for t in targets)
    assert any("/framework/abet-eac/" in t for t in targets)
    assert {a.get("notes") for a in crosswalk} <= {None, "skos:closeMatch", "skos:broadMatch",
                                                   "skos:narrowMatch", "skos:relatedMatch"}


def test_identifiers_are_stable_across_stores(tmp_path: Path) -> None:
    """Two fresh stores export WA 2021 byte-identically (uuid5 of IRIs, fixed dates)."""
    exports = []
    for name in ("a", "b"):
        store = open_store(Settings(store=str(tmp_path / name)))
        try:
            exports.append(case_service.export_case(store, "wa-2021"))
        finally:
            store.close()
    assert exports[0] == exports[1]


def test_case_exporter_is_registered() -> None:
    """The shared export registry offers "case"."""
    assert "case" in EXPORTERS


# --- HTTP ---------------------------------------------------------------------------------------

def test_post_framework_then_get_case_json(app_client: Any,
                                           check_case: Callable[..., list[str]]) -> None:
    """POST /frameworks imports the CASE JSON body (201); GET /frameworks/{id}.case.json returns
    it as strict CASE 1.1 with 16 items and 39 associations."""
    response = app_client.post("/frameworks", content=WHAT_STANDARDS.read_bytes(),
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["items"] == 16 and body["associations"] == 39
    assert response.headers["location"] == f"/frameworks/{body['framework_id']}.case.json"
    got = app_client.get(response.headers["location"])
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/json")
    pkg = got.json()
    assert check_case(pkg) == []
    assert len(pkg["CFItems"]) == 16 and len(pkg["CFAssociations"]) == 39


def test_get_case_json_of_a_bundled_framework_with_a_dot_in_its_id(
        app_client: Any, check_case: Callable[..., list[str]]) -> None:
    """/frameworks/cdio-2.0.case.json is the CDIO 2.0 package, not a framework called
    "cdio-2.0.case.json"; an unknown id is 404."""
    response = app_client.get("/frameworks/cdio-2.0.case.json")
    assert response.status_code == 200
    assert response.json()["CFDocument"]["title"].startswith("CDIO")
    assert check_case(response.json()) == []
    assert app_client.get("/frameworks/no-such-framework.case.json").status_code == 404


def test_provider_lists_documents_with_paging_and_sorting(
        app_client: Any, check_case: Callable[..., list[str]]) -> None:
    """getAllCFDocuments: every framework is a CFDocument; limit/offset page through them,
    X-Total-Count gives the total, sort/orderBy order them; each validates as CFPckgDocument."""
    everything = app_client.get(f"{V1P1}/CFDocuments", params={"limit": 1000})
    assert everything.status_code == 200
    docs = everything.json()["CFDocuments"]
    total = int(everything.headers["x-total-count"])
    assert len(docs) == total >= 20
    assert WA_DOC in {d["identifier"] for d in docs}
    for doc in docs:
        assert check_case(doc, "CFPckgDocument") == []
    page = app_client.get(f"{V1P1}/CFDocuments",
                          params={"limit": 5, "offset": 3, "sort": "identifier",
                                  "orderBy": "desc"}).json()["CFDocuments"]
    ordered = sorted((d["identifier"] for d in docs), reverse=True)
    assert [d["identifier"] for d in page] == ordered[3:8]


def test_provider_package_item_and_associations_validate(
        app_client: Any, check_case: Callable[..., list[str]]) -> None:
    """CFPackages, CFDocuments, CFItems, CFItemAssociations, CFAssociations and CFLicenses
    answer for WA 2021 and validate against the official schema (package and classes)."""
    package = app_client.get(f"{V1P1}/CFPackages/{WA_DOC}")
    assert package.status_code == 200
    pkg = package.json()
    assert check_case(pkg) == []
    assert app_client.get(f"{V1P1}/CFPackages/wa-2021").json() == pkg  # id alias
    doc = app_client.get(f"{V1P1}/CFDocuments/{WA_DOC}").json()
    assert doc == pkg["CFDocument"]
    item = pkg["CFItems"][0]
    got_item = app_client.get(f"{V1P1}/CFItems/{item['identifier']}").json()
    assert got_item == item and check_case(got_item, "CFPckgItem") == []
    pair = app_client.get(f"{V1P1}/CFItemAssociations/{item['identifier']}").json()
    assert pair["CFItem"] == item
    assert pair["CFAssociations"]
    for assoc in pair["CFAssociations"]:
        assert check_case(assoc, "CFPckgAssociation") == []
        assert item["identifier"] in (assoc["originNodeURI"]["identifier"],
                                      assoc["destinationNodeURI"]["identifier"])
    assoc = pkg["CFAssociations"][0]
    assert app_client.get(f"{V1P1}/CFAssociations/{assoc['identifier']}").json() == assoc
    licence_id = pkg["CFDocument"]["licenseURI"]["identifier"]
    licence = app_client.get(f"{V1P1}/CFLicenses/{licence_id}").json()
    assert check_case(licence, "CFLicense") == []


def test_provider_definitions_and_rubrics_of_an_imported_package(
        app_client: Any, check_case: Callable[..., list[str]]) -> None:
    """CFConcepts/CFSubjects/CFItemTypes return the object plus its hierarchy descendants as a
    set; CFAssociationGroupings and CFRubrics return one object; all validate."""
    assert app_client.post("/frameworks", content=SYNTHETIC.read_bytes()).status_code == 201
    original = json.loads(SYNTHETIC.read_text(encoding="utf-8"))
    defs = original["CFDefinitions"]
    concepts = app_client.get(f"{V1P1}/CFConcepts/{defs['CFConcepts'][0]['identifier']}").json()
    assert [c["hierarchyCode"] for c in concepts["CFConcepts"]] == ["1", "1.1"]
    for concept in concepts["CFConcepts"]:
        assert check_case(concept, "CFConcept") == []
    subjects = app_client.get(f"{V1P1}/CFSubjects/{defs['CFSubjects'][1]['identifier']}").json()
    assert [s["hierarchyCode"] for s in subjects["CFSubjects"]] == ["ENG.CTL"]
    types = app_client.get(f"{V1P1}/CFItemTypes/{defs['CFItemTypes'][0]['identifier']}").json()
    assert check_case(types["CFItemTypes"][0], "CFItemType") == []
    grouping_id = defs["CFAssociationGroupings"][0]["identifier"]
    grouping = app_client.get(f"{V1P1}/CFAssociationGroupings/{grouping_id}").json()
    assert check_case(grouping, "CFAssociationGrouping") == []
    rubric_id = original["CFRubrics"][0]["identifier"]
    rubric = app_client.get(f"{V1P1}/CFRubrics/{rubric_id}").json()
    assert check_case(rubric, "CFRubric") == []
    assert len(rubric["CFRubricCriteria"][0]["CFRubricCriterionLevels"]) == 2


@pytest.mark.parametrize(("path", "status", "minor"), [
    ("/CFItems/00000000-0000-4000-8000-000000000000", 404, "unknownobject"),
    ("/CFDocuments/no-such-document", 404, "unknownobject"),
    ("/CFPackages/no-such-document", 404, "unknownobject"),
    ("/CFDocuments?sort=colour", 400, "invalid_sort_field"),
    ("/CFDocuments?orderBy=sideways", 400, "invalid_selection_field"),
    ("/CFDocuments?limit=0", 400, "invalid_selection_field"),
    ("/CFNothing/x", 404, "unknownobject"),
])
def test_provider_errors_are_imsx_status_info(app_client: Any, path: str, status: int,
                                              minor: str) -> None:
    """Failures answer with the imsx_StatusInfo envelope and the right HTTP status."""
    response = app_client.get(V1P1 + path)
    assert response.status_code == status
    body = response.json()
    assert body["imsx_codeMajor"] == "failure"
    assert body["imsx_severity"] == "error"
    fields = body["imsx_codeMinor"]["imsx_codeMinorField"]
    assert fields[0]["imsx_codeMinorFieldValue"] == minor


def test_import_and_export_work_on_every_store_backend(any_store: GraphStore,
                                                       memory_store: GraphStore) -> None:
    """The CASE import and export give the same package on the embedded stores (memory, disk)
    and on a remote SPARQL endpoint, for an imported and a bundled framework."""
    for store in (any_store, memory_store):
        case_service.import_case(store, WHAT_STANDARDS)
    fid = json.loads(WHAT_STANDARDS.read_text(encoding="utf-8"))["CFDocument"]["identifier"]
    for framework in (fid, "wa-2021"):
        assert case_service.export_case(any_store, framework) == \
            case_service.export_case(memory_store, framework)
