"""The e-learning space (issue 17): ranking with known answers, learning paths, the bundled
catalogue, resource import errors, Moodle CSV export/import, and the demo recommendations."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from competency_graph.errors import InputError
from competency_graph.io import moodle as mio
from competency_graph.io import resources as rio
from competency_graph.namespaces import item_iri
from competency_graph.services import elearning
from competency_graph.services.curriculum import DEMO_PROGRAMME_DIR, import_programme
from competency_graph.services.elearning import moodle
from competency_graph.services.elearning.catalogue import Item, Level, StoredResource
from competency_graph.services.elearning.recommend import Target, rank, score
from competency_graph.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
B1, B2, C1 = (Level(item_iri("cefr", c), c, r, "cefr") for c, r in (("B1", 3), ("B2", 4),
                                                                     ("C1", 5)))
ITEM = Item(item_iri("esp-engineering", "WR-B2"), "WR-B2", "esp-engineering", [], B2)


def res(rid: str, *, teaches: bool = True, level: Level | None = None, language: str = "en",
        free: bool = False, estimated: bool = False, hours: int = 10) -> StoredResource:
    out = StoredResource(rid, rid, url=f"https://example.org/{rid}", language=language,
                         level=level, estimated=estimated, free=free, hours=Decimal(hours))
    (out.teaches if teaches else out.assesses).add(ITEM.iri)
    return out


def test_score_known_answers() -> None:
    """Each term of the documented formula, hand-computed."""
    target = Target(ITEM, B2)
    assert score(res("a", level=B2, free=True), target, "en")[0] == 3 + 2 + 1 + 1
    assert score(res("b", level=B1), target, "en")[0] == 3 + 1 + 1
    assert score(res("c", level=C1, estimated=True), target, "en")[0] == 3 + 1 + 1 - 0.5
    assert score(res("d", teaches=False, level=B2), target, "ru")[0] == 1 + 2
    assert score(res("e", level=Level("x", "L2", 2, "staff-intl-levels")), target,
                 "en")[0] == 3 + 1
    other = StoredResource("f", "f", language="en")
    assert score(other, target, "en") == (0.0, [])


def test_rank_orders_by_score_then_hours_then_id() -> None:
    catalogue = [res("slow", level=B2, hours=30), res("fast", level=B2, hours=5),
                 res("low", level=B1), res("also-fast", level=B2, hours=5),
                 res("kk", level=B2, language="kk", hours=1)]
    got = rank(catalogue, Target(ITEM, B2), language="en", limit=4)
    assert [r["id"] for r in got] == ["also-fast", "fast", "slow", "kk"]
    assert got[0]["score"] == 6
    assert "teaches WR-B2" in got[0]["reason"] and "level B2 = target B2" in got[0]["reason"]
    ru = rank(catalogue, Target(ITEM, B2), language="en", limit=1, lang="ru")
    assert "развивает WR-B2" in ru[0]["reason"]


def test_bundled_catalogue_matches_its_csv_and_has_40_real_resources(
        memory_store: GraphStore) -> None:
    source = ROOT / "ontology" / "bundled" / "learning-resources.csv"
    resources = rio.read_csv(source.read_bytes(), source.name)
    assert len(resources) >= 40
    assert all(r.url.startswith("https://") and r.provider for r in resources)
    assert all(r.level_estimated or not r.level or r.level for r in resources)
    import importlib.util
    spec = importlib.util.spec_from_file_location("mk", ROOT / "scripts" /
                                                  "make-learning-resources.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == (ROOT / "ontology" / "bundled" /
                               "learning-resources.ttl").read_bytes()
    stored = elearning.load_catalogue(memory_store)
    assert len(stored) == len(resources)
    elearning.catalogue.check_references(memory_store, resources)  # every item exists


def test_learning_path_is_ordered_by_level_and_prerequisite_with_total_hours(
        memory_store: GraphStore) -> None:
    path = elearning.learning_path(memory_store, "B1", "C1", language="en")
    steps = path["steps"]
    ranks = {"B2": 4, "C1": 5}
    assert [ranks[s["level"]] for s in steps] == sorted(ranks[s["level"]] for s in steps)
    assert all(s["level"] in ("B2", "C1") for s in steps)  # nothing at or below B1
    by_id = {r.id: r for r in elearning.load_catalogue(memory_store)}
    position = {s["id"]: i for i, s in enumerate(steps)}
    for s in steps:
        for pre in by_id[s["id"]].prerequisites:
            if pre in position:
                assert position[pre] < position[s["id"]]
    assert path["total_hours"] == sum(s["hours"] for s in steps)
    covered = {c for s in steps for c in s["items"]}
    assert {"RD-B2", "WR-B2", "PR-B2", "MN-B2", "RD-C1", "WR-C1"} <= covered
    with pytest.raises(InputError):
        elearning.learning_path(memory_store, "C1", "B1")


def test_coverage_counts_items_per_language(memory_store: GraphStore) -> None:
    data = elearning.coverage(memory_store, frameworks=["esp-engineering"])
    rows = {r["code"]: r for r in data["items"]}
    expected = sum(1 for r in elearning.load_catalogue(memory_store)
                   if item_iri("esp-engineering", "RD-B2") in r.teaches | r.assesses)
    assert rows["RD-B2"]["by_language"]["en"] == expected > 0
    assert "esp-engineering:RD-B2" in data["without_resource"]["kk"]


BAD_CSV = (b"id,name,url,language,teaches,hours\n"
           b"ok-1,Fine,https://example.org/1,en,esp-engineering:RD-B2,5\n"
           b"bad id,Name,ftp://x,english,nothing,-3\n")


def test_bad_resource_csv_gives_located_errors_and_stores_nothing(
        memory_store: GraphStore) -> None:
    before = len(elearning.load_catalogue(memory_store))
    with pytest.raises(InputError) as caught:
        elearning.import_resources_bytes(memory_store, BAD_CSV, "bad.csv")
    where = {(p.location.row, p.location.column) for p in caught.value.problems}
    assert {(3, "id"), (3, "url"), (3, "language"), (3, "teaches"), (3, "hours")} <= where
    unknown = BAD_CSV.replace(b"bad id,Name,ftp://x,english,nothing,-3",
                              b"two,Two,https://e.org/2,en,wa-2021:WA99,2")
    with pytest.raises(InputError) as caught:
        elearning.import_resources_bytes(memory_store, unknown, "unknown.csv")
    assert caught.value.problems[0].location.row == 3
    taken = BAD_CSV.replace(b"ok-1,", b"bc-reading-b1,").split(b"\nbad")[0] + b"\n"
    with pytest.raises(InputError, match="already a resource") as caught:
        elearning.import_resources_bytes(memory_store, taken, "taken.csv")
    assert (caught.value.problems[0].location.row, caught.value.problems[0].location.column) \
        == (2, "id")
    assert len(elearning.load_catalogue(memory_store)) == before


def test_bad_jsonld_gives_located_errors_and_stores_nothing(memory_store: GraphStore) -> None:
    before = len(elearning.load_catalogue(memory_store))
    with pytest.raises(InputError) as caught:
        elearning.import_resources_bytes(memory_store, b'{"@context": "https://schema.org",\n'
                                         b' "@type": "LearningResource", "name": }', "x.jsonld")
    assert caught.value.problems[0].location.line == 2
    doc = {"@context": "https://schema.org", "@id": "https://example.org/r/1",
           "@type": "LearningResource", "name": "No url"}
    with pytest.raises(InputError) as caught:
        elearning.import_resources_bytes(memory_store, json.dumps(doc).encode(), "y.jsonld")
    assert all(p.location.json_path == "@id=https://example.org/r/1"
               for p in caught.value.problems)
    remote = {"@context": "https://example.org/ctx", "@type": "LearningResource"}
    with pytest.raises(InputError):
        elearning.import_resources_bytes(memory_store, json.dumps(remote).encode(), "z.jsonld")
    assert len(elearning.load_catalogue(memory_store)) == before


def test_resource_csv_and_jsonld_round_trip_and_import(memory_store: GraphStore) -> None:
    source = ROOT / "ontology" / "bundled" / "learning-resources.csv"
    resources = rio.read_csv(source.read_bytes(), source.name)[:5]
    again = rio.read_jsonld(rio.write_jsonld(resources), "doc.jsonld")
    assert [(r.id, r.url, r.teaches, r.level and rio.level_iri(r.level), r.hours)
            for r in again] == sorted(
        [(r.id, r.url, sorted(r.teaches), r.level and rio.level_iri(r.level), r.hours)
         for r in resources])
    assert rio.read_csv(rio.write_csv(resources), "x.csv")[0].teaches == resources[0].teaches
    for r in resources:  # the bundled ids are taken: a copy under new ids
        r.id, r.prerequisites = "copy-" + r.id, ["copy-" + p for p in r.prerequisites]
    result = elearning.import_resources_bytes(memory_store, rio.write_jsonld(resources),
                                              "mine.jsonld")
    assert result.resources == 5 and result.graph.endswith("/learning-resources/mine")


def test_moodle_header_is_exactly_moodles(memory_store: GraphStore) -> None:
    text = moodle.export_moodle(memory_store, "wa-2021").decode()
    assert text.splitlines()[0] == (
        "Parent id number,Id number,Shortname,Description,Description format,Scale values,"
        "Scale configuration,Rule type (optional),Rule outcome (optional),"
        "Rule config (optional),Cross referenced competency id numbers,"
        "Exported id (optional),Is framework,Taxonomy")
    rows = list(csv.reader(io.StringIO(text)))
    framework = [r for r in rows[1:] if r[12] == "1"]
    assert len(framework) == 1 and framework[0][5] == "I,R,M"
    config = json.loads(framework[0][6])
    assert config[1:] == [{"id": 1, "scaledefault": 1, "proficient": 0},
                          {"id": 2, "scaledefault": 0, "proficient": 0},
                          {"id": 3, "scaledefault": 0, "proficient": 1}]


def _framework(store: GraphStore, fid: str) -> dict[str, tuple[str, str, str, tuple[str, ...]]]:
    parsed = moodle.moodle_framework(store, fid)
    return {c.idnumber: (c.shortname, c.description, c.parent, tuple(c.related))
            for c in parsed.competencies}


@pytest.mark.parametrize("fid", ["wa-2021", "esp-engineering"])
def test_moodle_export_reimports_into_an_equal_framework(memory_store: GraphStore,
                                                          fid: str) -> None:
    """Items, hierarchy, cross references and descriptions survive the round trip (wa-2021
    has no skos:related, so esp-engineering checks the cross references)."""
    data = moodle.export_moodle(memory_store, fid)
    moodle.import_moodle_bytes(memory_store, data, f"{fid}.csv", framework_id=f"{fid}-copy")
    original, copy = _framework(memory_store, fid), _framework(memory_store, f"{fid}-copy")
    assert copy == original
    if fid == "esp-engineering":
        assert original["MD-B2"][3] == ("RD-B2",) and original["RD-B2"][2] == "RD"


MOODLE_STYLE = (
    '"Parent id number","Id number",Shortname,Description,"Description format","Scale values",'
    '"Scale configuration","Rule type (optional)","Rule outcome (optional)",'
    '"Rule config (optional)","Cross referenced competency id numbers",'
    '"Exported id (optional)","Is framework",Taxonomy\n'
    ',FW-1,"My framework","<p>Line one\nline two</p>",1,"Not yet competent,Competent",'
    '"[{""scaleid"":""2""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,'
    '"competency,competency"\n'
    ',top,Top,"<p>Top level</p>",1,,,,0,null,"a%2Cb",1,,\n'
    'top,"a,b","Comma id","<p>Has a comma\nin the id</p>",1,,,,0,null,top,2,,\n')


def test_lenient_import_of_a_moodle_style_file(memory_store: GraphStore) -> None:
    parsed = mio.read_csv(MOODLE_STYLE.encode(), "moodle.csv")
    assert parsed.idnumber == "FW-1" and parsed.scale_values == ["Not yet competent",
                                                                  "Competent"]
    by_id = {c.idnumber: c for c in parsed.competencies}
    assert by_id["top"].related == ["a,b"] and by_id["a,b"].parent == "top"
    assert mio.html_to_text(by_id["a,b"].description) == "Has a comma\nin the id"
    result = moodle.import_moodle_bytes(memory_store, MOODLE_STYLE.encode(), "moodle.csv",
                                        framework_id="moodle-test")
    assert result.items == 2
    with pytest.raises(InputError) as caught:
        mio.read_csv(MOODLE_STYLE.replace(",top,2,,", ",nowhere,2,,").encode(), "m.csv")
    assert caught.value.problems[0].location.line == 5  # where the multi-line record starts


def test_recommend_demo_programme_and_staff_with_reasons(memory_store: GraphStore) -> None:
    import_programme(memory_store, DEMO_PROGRAMME_DIR)
    data = elearning.recommend_for_programme(memory_store, "6B07101", frameworks=["wa-2021"])
    recs = {r["code"]: r for r in data["recommendations"]}
    assert recs["WA11"]["status"] == "missing" and recs["WA10"]["status"] == "partial"
    wa11 = {r["url"] for r in recs["WA11"]["resources"]}
    assert "https://www.coursera.org/learn/learning-how-to-learn" in wa11
    assert all({"name", "url", "level", "reason"} <= set(r) and "WA11" in r["reason"]
               for r in recs["WA11"]["resources"])
    assert data["staff"]
    for person in data["staff"]:
        for need in person["needs"]:
            assert need["reason"].startswith(person["staff"])
    english = [n for p in data["staff"] for n in p["needs"] if n["code"] == "SI1"]
    assert english and all(n["resources"] for n in english)


def test_push_over_web_services_to_a_fake_moodle(memory_store: GraphStore) -> None:
    """The client against the fake Moodle on 127.0.0.1 (not a real Moodle): the framework, all
    15 + 5 competencies with their parents and the 6 cross references arrive; a bad token is a
    MoodleError."""
    from competency_graph.io.moodle_ws import MoodleError
    from tests.elearning.moodle_fake import TOKEN, FakeMoodle

    with FakeMoodle() as site:
        result = moodle.push_moodle(memory_store, "esp-engineering", site.url, TOKEN,
                                    scale_id=7)
        assert result["competencies"] == 20 and result["related"] == 6
        (fw,) = site.frameworks.values()
        assert fw["idnumber"] == "esp-engineering" and fw["scaleid"] == 7
        assert json.loads(fw["scaleconfiguration"])[0] == {"scaleid": "7"}
        by_idnumber = {c["idnumber"]: c for c in site.competencies.values()}
        assert by_idnumber["RD-B2"]["parentid"] == by_idnumber["RD"]["id"]
        assert by_idnumber["RD"]["parentid"] == 0
        pair = tuple(sorted((by_idnumber["MD-B2"]["id"], by_idnumber["RD-B2"]["id"])))
        assert pair in site.related
        assert [c[0] for c in site.calls][:2] == ["core_competency_create_competency_framework",
                                                  "core_competency_create_competency"]
        with pytest.raises(MoodleError, match="invalidtoken"):
            moodle.push_moodle(memory_store, "esp-engineering", site.url, "wrong", scale_id=7)


def test_catalogue_exports_as_csv_and_jsonld_equal_to_the_source(
        memory_store: GraphStore) -> None:
    """The stored bundled catalogue, exported, reads back into the same resources as the
    bundled CSV."""
    source = ROOT / "ontology" / "bundled" / "learning-resources.csv"

    def key(r: rio.Resource) -> tuple[object, ...]:
        return (r.id, r.names, r.url, r.description, r.provider, r.platform, r.language,
                r.type, r.level and rio.level_iri(r.level), r.level_estimated,
                sorted(r.teaches), sorted(r.assesses), r.field, r.hours, r.free, r.access,
                r.license, sorted(r.prerequisites))

    expected = sorted(key(r) for r in rio.read_csv(source.read_bytes(), source.name))
    as_csv = rio.read_csv(elearning.export_catalogue(memory_store, "csv"), "out.csv")
    as_jsonld = rio.read_jsonld(elearning.export_catalogue(memory_store, "jsonld"), "o.jsonld")
    assert sorted(key(r) for r in as_csv) == expected
    assert sorted(key(r) for r in as_jsonld) == expected
