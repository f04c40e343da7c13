"""Staff readiness and the development plan on the fixture programme, with hand-checked answers.

The fixture (fixtures/programme.ttl + roster.csv, institution ``testu``):

| course | language / components | teachers (roster levels) |
|---|---|---|
| C101 | en | T1 (English B2), T2 (C2) |
| C102 | en | T3 (B1) |
| C103 | ru, coil | T4 (SI2 L2, SI3 L1) |
| C104 | en, global-platform | T9 (not in the roster) |
| C105 | kk | T2 |
| C106 | en | nobody |
| C107 | en, double-degree | T1 (no SI2/SI3) |
| C108 | ru, global-platform | T5 (DigCompEdu 3.1 B1, 2.1 A2), T2 (SI5 B2) |
"""

from __future__ import annotations

from typing import Any

import pytest

from competency_graph.errors import InputError, NotFoundError
from competency_graph.services import staff as staff_service
from competency_graph.services.staff import StaffPolicy
from competency_graph.store import GraphStore

from .conftest import PROGRAMME, load_fixture

EXPECTED = [
    ("C101", "T1", "SI1", "C1", "B2", "warning", "below-recommended"),
    ("C102", "T3", "SI1", "B2", "B1", "violation", "below-floor"),
    ("C103", "T4", "SI3", "L2", "L1", "violation", "below-floor"),
    ("C104", "T9", "SI1", "B2", None, "warning", "not-in-roster"),
    ("C104", "T9", "SI5", "B1", None, "warning", "not-in-roster"),
    ("C106", None, "SI1", "B2", None, "warning", "no-teacher"),
    ("C107", "T1", "SI1", "C1", "B2", "warning", "below-recommended"),
    ("C107", "T1", "SI2", "L2", None, "warning", "no-assertion"),
    ("C107", "T1", "SI3", "L2", None, "warning", "no-assertion"),
    ("C108", "T5", "SI5", "B1", "A2", "violation", "below-floor"),
]


def table(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(f["course"], f["staff"], f["competency_code"], f["required_level"],
             f["actual_level"], f["severity"], f["reason"]) for f in report["findings"]]


def test_findings_match_the_hand_checked_table(staff_store: GraphStore) -> None:
    """One finding per staff member × course × unmet requirement, exactly as worked out by hand:
    B2 (at the floor) gives a warning only, B1 a violation, C2 none; on C101 with two teachers
    only the B2 teacher appears; a teacher absent from the roster, a teacher with no recorded
    level (both warnings, "no evidence recorded", rule staffing) and a course without a
    teacher are reported."""
    report = staff_service.staff_readiness(staff_store, PROGRAMME)
    assert table(report) == EXPECTED
    first = report["findings"][0]
    assert list(first)[:6] == ["staff", "course", "competency", "required_level",
                               "actual_level", "severity"]
    assert first["competency"] == "https://w3id.org/competency-graph/framework/staff-intl/SI1"
    assert first["staff_name"] == "Aigerim Nurlanovna"
    assert first["department"] == "Computer Science"
    assert (first["actual_evidence"], first["actual_date"]) == ("IELTS 6.0", "2025-06-01")
    c108 = report["findings"][-1]
    assert c108["actual_evidence"] == "DigCompEdu 2.1 A2, 3.1 B1"  # the SI5 fallback


def test_staff_who_meet_everything_produce_no_finding(staff_store: GraphStore) -> None:
    """T2 (English C2, SI5 B2) teaches C101, C105 and C108 and appears in no finding; nor does
    T5's co-teacher rule leak: C108 lists T5 only."""
    report = staff_service.staff_readiness(staff_store, PROGRAMME)
    assert all(f["staff"] != "T2" for f in report["findings"])
    assert report["summary"]["staff_ready"] == 1


def test_summary_and_aggregates(staff_store: GraphStore) -> None:
    """Counts, English-taught courses with a qualified teacher (≥ floor: C101, C107 of C101,
    C102, C104, C106, C107), departments and the institution."""
    s = staff_service.staff_readiness(staff_store, PROGRAMME)["summary"]
    assert s["counts"] == {"violation": 3, "warning": 7}
    assert (s["below_floor"], s["no_evidence"]) == (3, 4)
    assert s["by_competency"] == {"SI1": {"violation": 1, "warning": 4},
                                  "SI2": {"violation": 0, "warning": 1},
                                  "SI3": {"violation": 1, "warning": 1},
                                  "SI5": {"violation": 1, "warning": 1}}
    assert (s["english_taught_courses"], s["english_taught_with_qualified_teacher"],
            s["english_taught_with_recommended_teacher"]) == (5, 2, 1)
    assert s["share_english_qualified"] == 0.4
    assert s["courses_without_teacher"] == ["C106"]
    assert s["staff_not_in_roster"] == ["T9"]
    assert (s["staff"], s["staff_ready"], s["staff_with_findings"]) == (6, 1, 5)
    departments = {d["department"]: d for d in s["departments"]}
    cs, maths = departments["Computer Science"], departments["Mathematics"]
    assert (cs["staff"], cs["english_taught_courses"],
            cs["english_taught_with_qualified_teacher"]) == (3, 2, 2)
    assert (maths["staff"], maths["staff_with_violations"], maths["share_english_qualified"]) \
        == (2, 2, 0.0)
    institutions = {i["institution"]: i for i in s["institutions"]}
    assert set(institutions) == {"testu"}
    assert institutions["testu"]["staff"] == 6
    assert institutions["testu"]["english_taught_courses"] == 4  # C106 has no teacher
    assert s["programme"] == PROGRAMME and s["institution"] == "testu"


def test_requirements_are_derived_from_language_and_components(staff_store: GraphStore) -> None:
    """English → SI1 B2 (C1); COIL / double degree → SI2 and SI3 at L2; global platform → SI5
    B1; a Kazakh-taught course without components needs nothing."""
    courses = {c["course"]: c for c in
               staff_service.staff_readiness(staff_store, PROGRAMME)["courses"]}
    reqs = {code: [(r["competency_code"], r["floor_level"], r["recommended_level"])
                   for r in c["requirements"]] for code, c in courses.items()}
    assert reqs["C101"] == [("SI1", "B2", "C1")]
    assert reqs["C103"] == [("SI2", "L2", "L2"), ("SI3", "L2", "L2")]
    assert reqs["C104"] == [("SI1", "B2", "C1"), ("SI5", "B1", "B1")]
    assert reqs["C105"] == []
    assert courses["C101"]["teachers"] == ["T1", "T2"]


def test_the_policy_is_configurable(staff_store: GraphStore,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """With floor B1 the B1 teacher gets a warning instead of a violation; a policy read from
    the environment applies per institution; an unknown level is an input error."""
    report = staff_service.staff_readiness(
        staff_store, PROGRAMME, policy=StaffPolicy(english_floor="B1"))
    assert ("C102", "T3", "SI1", "C1", "B1", "warning", "below-recommended") in table(report)
    monkeypatch.setenv("COMPETENCY_GRAPH_STAFF_ENGLISH_RECOMMENDED", "B2")
    relaxed = staff_service.staff_readiness(staff_store, PROGRAMME)
    assert not any(f["reason"] == "below-recommended" for f in relaxed["findings"])
    with pytest.raises(InputError, match="'D1' is not a level of 'cefr'"):
        staff_service.staff_readiness(staff_store, PROGRAMME,
                                      policy=StaffPolicy(english_floor="D1"))
    with pytest.raises(InputError, match="below its floor"):
        staff_service.staff_readiness(staff_store, PROGRAMME,
                                      policy=StaffPolicy(english_recommended="B1"))


def test_policy_file_per_institution(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                     staff_store: GraphStore) -> None:
    """COMPETENCY_GRAPH_STAFF_POLICY names a JSON file with defaults ("*") and per-institution
    levels; the programme's institution picks its own."""
    path = tmp_path / "policy.json"
    path.write_text('{"*": {"english_floor": "A2"}, "testu": {"english_recommended": "B2"}}')
    monkeypatch.setenv("COMPETENCY_GRAPH_STAFF_POLICY", str(path))
    s = staff_service.staff_readiness(staff_store, PROGRAMME)["summary"]
    assert (s["policy"]["english_floor"], s["policy"]["english_recommended"]) == ("A2", "B2")


def test_unknown_programme_is_not_found(memory_store: GraphStore) -> None:
    """An id that names no stored programme raises NotFoundError."""
    with pytest.raises(NotFoundError):
        staff_service.staff_readiness(memory_store, "NOPE")


def test_plan_is_the_greedy_set_cover(staff_store: GraphStore) -> None:
    """Hand-checked: T1 first takes the combined lab (SI2+SI3, 48 h, ties with English C1 on
    two findings but is shorter), then English to C1; then the one-finding places by hours.
    Seven places, 540 hours; the course without a teacher stays uncovered."""
    plan = staff_service.development_plan(staff_store, PROGRAMME)
    got = [(p["staff"], p["programme"], [(c["course"], c["competency_code"]) for c in p["covers"]])
           for p in plan["places"]]
    assert got == [
        ("T1", "international-teaching-lab", [("C107", "SI2"), ("C107", "SI3")]),
        ("T1", "english-c1", [("C101", "SI1"), ("C107", "SI1")]),
        ("T4", "internationalising-course-design", [("C103", "SI3")]),
        ("T5", "digcompedu-course", [("C108", "SI5")]),
        ("T9", "digcompedu-course", [("C104", "SI5")]),
        ("T3", "english-c1", [("C102", "SI1")]),
        ("T9", "english-c1", [("C104", "SI1")]),
    ]
    assert plan["summary"] == {"programme": PROGRAMME, "findings": 10, "covered": 9,
                               "uncovered": 1, "places": 7, "staff": 5, "hours": 540,
                               "method": "greedy-set-cover"}
    assert [(f["course"], f["reason"]) for f in plan["uncovered"]] == [("C106", "no-teacher")]
    attendees = {e["programme"]: e["attendees"] for e in plan["by_programme"]}
    assert attendees == {"english-c1": ["T1", "T3", "T9"], "digcompedu-course": ["T5", "T9"],
                         "international-teaching-lab": ["T1"],
                         "internationalising-course-design": ["T4"]}


def test_plan_every_covered_finding_is_really_raised(staff_store: GraphStore) -> None:
    """Each place's programme raises each covered competency to ≥ the finding's required level
    (checked against the bundled programme list), and no finding is covered twice."""
    plan = staff_service.development_plan(staff_store, PROGRAMME, lang="ru")
    rank = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "L1": 1, "L2": 2, "L3": 3}
    seen = set()
    for p in plan["places"]:
        raises = {r["competency"]: r["level"] for r in p["raises"]}
        for c in p["covers"]:
            assert rank[raises[c["competency"]]] >= rank[c["required_level"]]
            key = (p["staff"], c["course"], c["competency_code"])
            assert key not in seen
            seen.add(key)
    assert plan["places"][1]["title"].startswith("Английский язык")
    titles = {d["programme"]: d["title"] for d in plan["development_programmes"]}
    assert len(titles) == 6


def test_lowest_levels_leave_only_structural_findings(staff_store: GraphStore) -> None:
    """With every required level at the bottom of its scale, only findings without any level
    remain: the absent teacher, the course without a teacher, T1's missing SI2/SI3."""
    report = staff_service.staff_readiness(
        staff_store, PROGRAMME, policy=StaffPolicy(english_floor="A1", english_recommended="A1",
                                                   intercultural="L1", course_design="L1",
                                                   digital="A1"))
    assert {f["reason"] for f in report["findings"]} == {"not-in-roster", "no-teacher",
                                                         "no-assertion"}
    assert all(f["actual_level"] is None for f in report["findings"])


@pytest.mark.remote
def test_same_report_on_every_store(any_store: GraphStore) -> None:
    """The queries are standard SPARQL: embedded and remote stores give the same findings."""
    load_fixture(any_store)
    assert table(staff_service.staff_readiness(any_store, PROGRAMME)) == EXPECTED


def test_the_institution_levels_in_the_store_apply(staff_store: GraphStore) -> None:
    """cg:englishFloor / cg:englishRecommended on the institution (shared with validation)
    set the policy; an explicit override still wins."""
    from competency_graph.model import RdfPayload
    from competency_graph.namespaces import CG, data_iri, graph_iri, item_iri

    inst = data_iri("institution", "testu")
    staff_store.replace_graph(graph_iri("institutions-test"), RdfPayload(
        f"<{inst}> <{CG}englishFloor> <{item_iri('cefr', 'B1')}> .\n"
        f"<{inst}> <{CG}englishRecommended> <{item_iri('cefr', 'B2')}> .\n".encode()))
    report = staff_service.staff_readiness(staff_store, PROGRAMME)
    assert report["summary"]["policy"]["english_floor"] == "B1"
    assert [f["staff"] for f in report["findings"] if f["competency_code"] == "SI1"
            and f["reason"] == "below-recommended"] == ["T3"]  # T1 at B2 is fine now
    assert ("C102", "T3", "SI1", "B2", "B1", "warning", "below-recommended") in table(report)
    strict = staff_service.staff_readiness(staff_store, PROGRAMME, english_floor="B2",
                                           english_recommended="C1")
    assert table(strict) == EXPECTED


def test_emi_pedagogy_is_an_optional_requirement(staff_store: GraphStore) -> None:
    """With emi_pedagogy=L2, English-taught courses also need SI4; nobody in the fixture has
    it, so every teacher of an English-taught course gets an SI4 finding and the plan sends
    them to EMI methodology (SI4 → L2)."""
    policy = StaffPolicy(emi_pedagogy="L2")
    report = staff_service.staff_readiness(staff_store, PROGRAMME, policy=policy)
    si4 = {(f["course"], f["staff"]) for f in report["findings"] if f["competency_code"] == "SI4"}
    assert si4 == {("C101", "T1"), ("C101", "T2"), ("C102", "T3"), ("C104", "T9"),
                   ("C106", None), ("C107", "T1")}
    plan = staff_service.development_plan(staff_store, PROGRAMME, report=report)
    emi = next(e for e in plan["by_programme"] if e["programme"] == "emi-methodology")
    assert emi["attendees"] == ["T1", "T2", "T3", "T9"]
    assert report["summary"]["policy"]["emi_pedagogy"] == "L2"
    default = staff_service.staff_readiness(staff_store, PROGRAMME)
    assert default["summary"]["policy"]["emi_pedagogy"] is None
