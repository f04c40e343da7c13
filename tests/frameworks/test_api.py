"""The read API: GET /frameworks, /frameworks/{id}, /frameworks/{id}/items,
/frameworks/{id}/items/{code} and /search."""

from __future__ import annotations

from typing import Any


def test_wa6_in_kazakh_has_the_kazakh_label_and_the_mappings(app_client: Any) -> None:
    """GET /frameworks/wa-2021/items/WA6?lang=kk answers with the Kazakh label, the labels in
    every language and the mappings to EUR-ACE, ABET, CDIO and from WA 2013, SA and DA."""
    response = app_client.get("/frameworks/wa-2021/items/WA6", params={"lang": "kk"})
    assert response.status_code == 200
    body = response.json()
    assert (body["label"], body["label_lang"]) == ("Инженер және әлем", "kk")
    assert body["labels"] == {"en": "The Engineer and the World", "ru": "Инженер и мир",
                              "kk": "Инженер және әлем"}
    assert body["wording_status"] == "Paraphrase"
    assert body["definition"].startswith("Күрделі инженерлік")  # the kk paraphrase
    assert body["definition_lang"] == "kk"
    by_framework: dict[str, list[dict[str, Any]]] = {}
    for mapping in body["mappings"]:
        by_framework.setdefault(mapping["framework"], []).append(mapping)
    assert {"eur-ace-2015-bachelor", "abet-eac", "cdio-3.0", "wa-2013", "sa-2021",
            "da-2021"} <= set(by_framework)
    to_eurace = by_framework["eur-ace-2015-bachelor"]
    assert all(m["direction"] == "out" and m["crosswalk"] == "wa-2021--eur-ace-2015-bachelor"
               and m["basis"] == "EditorialJudgement" and m["rationale"] for m in to_eurace)
    # issue 13 made WA6–B5.5 relatedMatch (B5.5 asks only for awareness) and added B1.3, so
    # WA6 reaches EUR-ACE through weak mappings only: B1.3, B2.2 and B5.5
    assert sorted((m["code"], m["relation"]) for m in to_eurace) == [
        ("B1.3", "relatedMatch"), ("B2.2", "relatedMatch"), ("B5.5", "relatedMatch")]
    assert all(m["label"] for m in body["mappings"])
    # the 2013 attribute "Environment and sustainability" went into WA6 (broadMatch), seen
    # from WA6 as a narrower match coming in
    wa13 = {m["code"]: m for m in by_framework["wa-2013"]}
    assert (wa13["WA7"]["direction"], wa13["WA7"]["stated_relation"],
            wa13["WA7"]["relation"]) == ("in", "broadMatch", "narrowMatch")
    wa13_wa7 = app_client.get("/frameworks/wa-2013/items/WA7").json()
    assert wa13["WA7"]["label"] == wa13_wa7["labels"]["kk"]


def test_item_with_hierarchy_shows_broader_and_narrower(app_client: Any) -> None:
    """A EUR-ACE learning area lists its outcomes as narrower; an outcome its area as broader
    and category, with codes and labels in the requested language."""
    area = app_client.get("/frameworks/eur-ace-2015-bachelor/items/cat-B7",
                          params={"lang": "ru"}).json()
    assert [n["code"] for n in area["narrower"]] == ["B7.1", "B7.2"]
    outcome = app_client.get("/frameworks/eur-ace-2015-bachelor/items/B7.2").json()
    assert [b["code"] for b in outcome["broader"]] == ["cat-B7"]
    assert outcome["category"][0]["code"] == "cat-B7"
    assert outcome["international_dimension"] is True
    assert outcome["wording_status"] == "UnconfirmedWording"


def test_framework_metadata_and_provenance(app_client: Any) -> None:
    """GET /frameworks/wa-2021 gives version, publisher, source, rights, status, level scale
    with its levels, required level, the complementing schemes and the counts."""
    body = app_client.get("/frameworks/wa-2021", params={"lang": "ru"}).json()
    assert body["title"].startswith("Атрибуты выпускника IEA")
    assert body["version"] == "2021"
    assert body["publisher"] == "International Engineering Alliance"
    assert body["sources"] and body["sources"][0].startswith("https://")
    assert body["rights"] and body["confirmation_status"] == "Confirmed"
    assert [c["id"] for c in body["complements"]] == ["wa-2021-ea", "wa-2021-wk", "wa-2021-wp"]
    assert body["level_scale"]["id"] == "irm"
    assert [lv["code"] for lv in body["level_scale"]["levels"]] == ["I", "R", "M"]
    assert body["required_level"]["code"] == "M"
    assert body["counts"] == {"Competency": 11}
    assert body["items"] == 11
    assert body["replaces"] == ["wa-2013"]
    assert app_client.get("/frameworks/wa-2013").json()["replaced_by"] == ["wa-2021"]


def test_framework_items_in_natural_order(app_client: Any) -> None:
    """GET /frameworks/wa-2021/items lists WA1..WA11 in that order (WA10 after WA9)."""
    body = app_client.get("/frameworks/wa-2021/items", params={"lang": "kk"}).json()
    assert body["count"] == 11
    assert [i["code"] for i in body["data"]] == [f"WA{i}" for i in range(1, 12)]
    assert all(i["label_lang"] == "kk" for i in body["data"])


def test_level_scale_items_by_rank(app_client: Any) -> None:
    """A level scale's items come in rank order."""
    body = app_client.get("/frameworks/cefr/items").json()
    assert [(i["code"], i["rank"]) for i in body["data"]] == [
        ("A1", 1), ("A2", 2), ("B1", 3), ("B2", 4), ("C1", 5), ("C2", 6)]


def test_list_frameworks(app_client: Any) -> None:
    """GET /frameworks lists every bundled framework with its count and title language."""
    body = app_client.get("/frameworks", params={"lang": "kk"}).json()
    entries = {f["id"]: f for f in body["data"]}
    assert body["count"] == len(body["data"]) >= 24
    assert entries["wa-2021"]["items"] == 11
    assert entries["wa-2021"]["title"].startswith("IEA түлек атрибуттары")


def test_unknown_framework_or_code_is_404(app_client: Any) -> None:
    """Unknown ids and codes are 404 problem details naming what is missing."""
    for path in ("/frameworks/nope", "/frameworks/nope/items", "/frameworks/wa-2021/items/WA99",
                 "/frameworks/nope/items/WA1"):
        response = app_client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "nope" in response.json()["detail"] or "WA99" in response.json()["detail"]


def test_bad_language_is_422(app_client: Any) -> None:
    """An unsupported language is a 422 problem naming the parameter."""
    response = app_client.get("/frameworks/wa-2021", params={"lang": "de"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["json_path"] == "lang"


def test_search_endpoint(app_client: Any) -> None:
    """GET /search ranks WA6 first for "WA6", "sustainable" and (in Russian) "устойчив"."""
    for q, lang, label in (("WA6", "en", "The Engineer and the World"),
                           ("sustainable", "en", "The Engineer and the World"),
                           ("устойчив", "ru", "Инженер и мир")):
        body = app_client.get("/search", params={"q": q, "lang": lang}).json()
        top = body["data"][0]
        assert (top["framework"], top["code"], top["label"]) == ("wa-2021", "WA6", label), q
        assert body["count"] == len(body["data"])


def test_search_limit_and_bad_parameters(app_client: Any) -> None:
    """``limit`` caps the results; an empty q, unknown lang and bad limit are one 422."""
    assert app_client.get("/search", params={"q": "engineering", "limit": 2}).json()["count"] == 2
    response = app_client.get("/search", params={"q": "", "lang": "xx", "limit": 0})
    assert response.status_code == 422
    assert sorted(e["json_path"] for e in response.json()["errors"]) == ["lang", "limit", "q"]


def test_case_download_is_not_taken_for_a_framework_id(app_client: Any) -> None:
    """GET /frameworks/wa-2021.case.json is not answered by the read API as a framework
    called "wa-2021.case.json" (the path convertor leaves it to the CASE router)."""
    response = app_client.get("/frameworks/wa-2021.case.json")
    assert "no framework or level scale with id" not in response.text
    from api.routes.frameworks import FrameworkIdConvertor

    pattern = FrameworkIdConvertor.regex
    import re

    assert re.fullmatch(pattern, "cdio-2.0")
    assert re.fullmatch(pattern, "wa-2021")
    assert not re.fullmatch(pattern, "wa-2021.case.json")
    assert not re.fullmatch(pattern, "wa-2021.ttl")


def test_every_item_of_every_framework_can_be_shown(memory_store: Any) -> None:
    """get_framework, list_items and get_item answer for every bundled framework and every
    item in it, in all three languages of labels, with the item's own code and labels."""
    from competency_graph.services import frameworks

    listed = frameworks.list_frameworks(memory_store)
    assert len(listed) >= 24
    shown = 0
    for summary in listed:
        meta = frameworks.get_framework(memory_store, summary.id, "ru")
        assert meta["items"] == summary.items
        for item in frameworks.list_items(memory_store, summary.id, "kk"):
            detail = frameworks.get_item(memory_store, summary.id, item["code"], "kk")
            assert detail["code"] == item["code"]
            assert set(detail["labels"]) == {"en", "ru", "kk"}
            assert detail["label"] == item["label"] == detail["labels"]["kk"]
            shown += 1
    assert shown == sum(f.items for f in listed)


def test_item_and_framework_on_every_store(any_store: Any) -> None:
    """The read services answer the same on embedded (memory, disk) and remote stores: WA6 in
    Kazakh with its mappings, the WA 2021 metadata and its 11 items."""
    from competency_graph.services import frameworks

    item = frameworks.get_item(any_store, "wa-2021", "WA6", "kk")
    assert (item["label"], item["label_lang"]) == ("Инженер және әлем", "kk")
    assert any(m["framework"] == "eur-ace-2015-bachelor" and m["rationale"]
               for m in item["mappings"])
    meta = frameworks.get_framework(any_store, "wa-2021")
    assert (meta["version"], meta["confirmation_status"], meta["items"]) == ("2021",
                                                                             "Confirmed", 11)
    codes = [i["code"] for i in frameworks.list_items(any_store, "eur-ace-2015-bachelor")]
    assert codes[:3] == ["B1.1", "B1.2", "B1.3"] and len(codes) == 30
