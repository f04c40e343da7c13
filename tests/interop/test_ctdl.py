"""CTDL-ASN: import (JSON-LD with the context supplied locally, Turtle), field-by-field round trip,
export of any framework, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from competency_graph.config import Settings
from competency_graph.errors import InputError
from competency_graph.io.jsonld import parse_jsonld
from competency_graph.services import open_store
from competency_graph.services.frameworks import list_frameworks
from competency_graph.services.interop.ctdl_asn import export_ctdl, import_ctdl
from competency_graph.services.interop.registry import export_framework
from competency_graph.store import GraphStore
from tests.interop.conftest import CTDL_FIXTURE, SHARED_CTDL, run_cli
from tests.shared_data import needs_shared_data

BASIC = "ce-07c25f74-9119-11e8-b852-782bcb5df6ac"
#: the one field an export adds to a CTDL-ASN competency that lacks it (docs/interop.md)
ADDED_FIELDS = {"ceasn:inLanguage"}


def normalise(value: Any) -> set[Any]:
    """The documented normalisations: arrays are sets, a single value is a one-element set,
    language maps are sets of (lower-cased tag, text)."""
    if isinstance(value, dict):
        return {(lang.lower(), text) for lang, texts in value.items()
                for text in (texts if isinstance(texts, list) else [texts])}
    if isinstance(value, list):
        return set(value)
    return {value}


def compare(original: dict[str, Any], exported: dict[str, Any]) -> list[str]:
    """Every field of every original node, compared with the export; returns the differences."""
    diffs = []
    if original.get("@id") != exported.get("@id"):
        diffs.append(f"document @id {original.get('@id')} != {exported.get('@id')}")
    ours = {n["@id"]: n for n in exported["@graph"]}
    for node in original["@graph"]:
        other = ours.get(node["@id"])
        if other is None:
            diffs.append(f"{node['@id']} missing")
            continue
        for key, value in node.items():
            if normalise(value) != normalise(other.get(key)):
                diffs.append(f"{node['@id']} {key}: {value!r} != {other.get(key)!r}")
        extra = set(other) - set(node) - ADDED_FIELDS
        if extra:
            diffs.append(f"{node['@id']} added {sorted(extra)}")
    if len(ours) != len(original["@graph"]):
        diffs.append(f"{len(ours)} nodes exported, {len(original['@graph'])} imported")
    return diffs


def test_import_maps_framework_and_hierarchy(memory_store: GraphStore) -> None:
    """The O*NET Basic Skills framework becomes a cg:CompetencyFramework (id = its CTID) with
    12 competencies; isChildOf becomes skos:broader; CTDL-ASN's own triples stay."""
    result = import_ctdl(memory_store, CTDL_FIXTURE)
    assert result.framework_id == BASIC
    assert result.items == 12
    found = {f.id: f for f in list_frameworks(memory_store)}[BASIC]
    assert found.title == ("O*NET Content Model Worker Requirements - Basic Skills: "
                           "U.S. Department of Labor (DOL)")
    assert found.items == 12
    answer = json.loads(memory_store.run_user_query("""
        PREFIX ceasn: <https://purl.org/ctdlasn/terms/>
        SELECT ?code ?parent ?text WHERE {
          ?c a cg:Competency ; skos:notation ?code ; skos:broader/skos:notation ?parent ;
             ceasn:competencyText ?text ; skos:definition ?text }
        ORDER BY ?code LIMIT 1""").body)["results"]["bindings"]
    assert answer[0]["code"]["value"] == "2.A.1.a"
    assert answer[0]["parent"]["value"] == "2.A.1"
    assert answer[0]["text"]["xml:lang"] == "en-us"


def test_round_trip_field_by_field(memory_store: GraphStore) -> None:
    """CTDL-ASN → graph → CTDL-ASN keeps every field of every node (normalisations only)."""
    original = json.loads(CTDL_FIXTURE.read_text(encoding="utf-8"))
    import_ctdl(memory_store, CTDL_FIXTURE)
    exported = json.loads(export_ctdl(memory_store, BASIC))
    assert exported["@context"] == "https://credreg.net/ctdlasn/schema/context/json"
    assert compare(original, exported) == []
    top = exported["@graph"][1]
    assert top["ceasn:codedNotation"] == "2.A.1"
    assert exported["@graph"][0]["@type"] == "ceasn:CompetencyFramework"


@needs_shared_data
@pytest.mark.parametrize("path", sorted(SHARED_CTDL.glob("ONET*.json")) if SHARED_CTDL.is_dir()
                         else [], ids=lambda p: p.name.split(" Competency")[0])
def test_every_onet_framework_round_trips(path: Path, memory_store: GraphStore) -> None:
    """Each of the four O*NET frameworks imports and comes back field by field."""
    original = json.loads(path.read_text(encoding="utf-8"))
    result = import_ctdl(memory_store, path)
    assert result.items == len(original["@graph"]) - 1
    assert compare(original, json.loads(export_ctdl(memory_store, result.framework_id))) == []


def test_shared_folder_has_the_four_onet_frameworks() -> None:
    """The parametrised round trip above is not vacuous where the shared data exists."""
    if SHARED_CTDL.is_dir():
        assert len(list(SHARED_CTDL.glob("ONET*.json"))) == 4
    else:
        assert not SHARED_CTDL.exists()


def test_bundled_framework_exports_and_reimports(memory_store: GraphStore,
                                                tmp_path: Path) -> None:
    """WA 2021 (bundled, SKOS) exports as CTDL-ASN with every required field; the export imports
    again with the same items, notations and hierarchy."""
    document = json.loads(export_framework(memory_store, "wa-2021", "ctdl-asn"))
    framework, *items = document["@graph"]
    assert framework["@type"] == "ceasn:CompetencyFramework"
    assert framework["ceasn:name"]["en"].startswith("IEA Graduate Attributes")
    assert framework["ceterms:ctid"].startswith("ce-")
    assert len(items) == 11
    for item in items:
        for key in ("@id", "@type", "ceterms:ctid", "ceasn:competencyText", "ceasn:inLanguage",
                    "ceasn:isPartOf"):
            assert key in item, (item["@id"], key)
    assert [i["ceasn:codedNotation"] for i in items][:3] == ["WA1", "WA2", "WA3"]
    again = export_framework(memory_store, "wa-2021", "ctdl-asn")
    assert json.loads(again) == document, "exports are stable (CTIDs included)"
    path = tmp_path / "wa.json"
    path.write_bytes(again)
    other = open_store(Settings(store=":memory:"), bootstrap=False)
    try:
        with pytest.raises(InputError):  # same store: the scheme IRI is wa-2021's already
            import_ctdl(memory_store, path, framework_id="wa-2021-ctdl")
        result = import_ctdl(other, path, framework_id="wa-2021-ctdl")
        assert result.items == 11
        assert compare(document, json.loads(export_ctdl(other, "wa-2021-ctdl"))) == []
    finally:
        other.close()


def test_turtle_ctdl_imports(memory_store: GraphStore, tmp_path: Path) -> None:
    """CTDL-ASN in Turtle imports like the JSON-LD."""
    graph = parse_jsonld(CTDL_FIXTURE.read_bytes(), str(CTDL_FIXTURE))
    path = tmp_path / "basic.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    result = import_ctdl(memory_store, path)
    assert (result.framework_id, result.items) == (BASIC, 12)


# --- bad input ---------------------------------------------------------------------------------

def test_unresolvable_context_is_located(memory_store: GraphStore, tmp_path: Path) -> None:
    """A context URL with no local copy: an error naming the file and the JSON path; nothing is
    fetched and nothing stored."""
    document = json.loads(CTDL_FIXTURE.read_text(encoding="utf-8"))
    document["@context"] = ["https://credreg.net/ctdlasn/schema/context/json",
                            "https://example.org/unknown-context.json"]
    document["@graph"][3]["@context"] = "https://example.org/other.json"
    path = tmp_path / "ctx.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = memory_store.triple_count()
    with pytest.raises(InputError) as exc:
        import_ctdl(memory_store, path)
    located = [(p.location.file, p.location.json_path) for p in exc.value.problems]
    assert located == [(str(path), "$['@context'][1]"),
                       (str(path), "$['@graph'][3]['@context']")]
    assert memory_store.triple_count() == before


def test_invalid_json_and_not_ctdl(memory_store: GraphStore, tmp_path: Path) -> None:
    """Broken JSON is located by line and column; a JSON file without a CTDL-ASN framework (a
    CASE package given as --kind ctdl-asn) is refused; the store is unchanged."""
    before = memory_store.triple_count()
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "@context": "https://credreg.net/ctdlasn/schema/context/json",\n'
                      '  "@graph": [,]\n}', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        import_ctdl(memory_store, broken)
    assert (exc.value.problems[0].location.line, exc.value.problems[0].location.col) == (3, 14)
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"CFDocument": {"identifier": "x"}, "CFItems": []}),
                    encoding="utf-8")
    with pytest.raises(InputError) as exc:
        import_ctdl(memory_store, case)
    assert "not a CTDL-ASN competency framework" in str(exc.value)
    assert exc.value.problems[0].location.json_path == "$"
    assert memory_store.triple_count() == before


def test_cli_import_and_export(tmp_path: Path) -> None:
    """``import --kind ctdl-asn`` then ``export ID --format ctdl-asn --output FILE``; a bad file
    exits 2 with its location."""
    store = tmp_path / "store"
    result = run_cli("import", str(CTDL_FIXTURE), "--kind", "ctdl-asn", store=store)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out.json"
    exported = run_cli("export", BASIC, "--format", "ctdl-asn", "--output", str(out), store=store)
    assert exported.returncode == 0, exported.stderr
    assert compare(json.loads(CTDL_FIXTURE.read_text(encoding="utf-8")),
                   json.loads(out.read_text(encoding="utf-8"))) == []
    bad = tmp_path / "bad.json"
    bad.write_text('{"@context": "https://example.org/ctx", "@graph": []}', encoding="utf-8")
    refused = run_cli("import", str(bad), "--kind", "ctdl-asn", store=store)
    assert refused.returncode == 2
    assert "$['@context']" in refused.stderr and str(bad) in refused.stderr


def test_parsed_fixture_is_not_empty() -> None:
    """The fixture parses to the triples the tests rely on (guards against a silent empty
    parse when a context is missing)."""
    graph: Graph = parse_jsonld(CTDL_FIXTURE.read_bytes(), str(CTDL_FIXTURE))
    assert len(graph) == 143
