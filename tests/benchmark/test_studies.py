"""Benchmarking studies: the five stages as data, the action plan, CRUD and validation."""

from __future__ import annotations

from typing import Any

import pytest

from competency_graph.errors import InputError, NotFoundError
from competency_graph.namespaces import graph_iri
from competency_graph.services.benchmarking import studies
from competency_graph.store import GraphStore

DP = "https://w3id.org/competency-graph/data/development-programme/"


def _study(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "s1", "title": "Internationalisation 2024", "institution": "u-tech", "year": 2024,
        "peers": ["p1", "p3"], "indicators": ["INT1", "INT2", "INT5"],
        "team": ["Vice-rector", "International office"],
        "stages": [{"number": 1, "status": "completed", "start": "2025-01-10",
                    "end": "2025-01-31", "note": "seven indicators chosen"},
                   {"kind": "FormBenchmarkingTeam", "status": "in-progress",
                    "start": "2025-02-01"}],
        "action_items": [{"indicator": "INT2", "target_value": 12, "deadline": "2027-06-30",
                          "owner": "HR department", "programmes": ["english-c1"]},
                         {"indicator": "INT1", "target_value": 10}],
    }
    data.update(changes)
    return data


def test_a_study_round_trips_with_five_stages(bench_store: GraphStore) -> None:
    """Created stages keep status and dates; the missing ones are added as planned; the status
    and current stage are derived; Camp's steps and PDCA come with each stage."""
    created = studies.create_study(bench_store, _study())
    assert graph_iri("study", "s1") in bench_store.graph_names()
    study = studies.get_study(bench_store, "s1")
    assert study == created
    assert [s.number for s in study.stages] == [1, 2, 3, 4, 5]
    assert [s.status for s in study.stages] == ["completed", "in-progress", "planned",
                                                "planned", "planned"]
    assert (study.status, study.current_stage) == ("in-progress", 2)
    data = study.as_dict()
    assert data["stages"][0]["kind_iri"].endswith("#DetermineWhatToBenchmark")
    assert data["stages"][0]["note"] == "seven indicators chosen"
    assert [c["step"] for c in data["stages"][3]["camp_steps"]] == [3, 4, 5]
    assert data["stages"][4]["pdca"] == ["do", "check", "act"]
    assert study.action_items[0].programmes == [DP + "english-c1"]
    assert study.action_items[0].deadline.isoformat() == "2027-06-30"  # type: ignore[union-attr]
    assert [a.indicator for a in study.action_items] == ["INT2", "INT1"]
    assert study.team == ["International office", "Vice-rector"]


def test_the_stage_data_is_in_the_graph(bench_store: GraphStore) -> None:
    """Stages are cg:BenchmarkingStage with kind, status and xsd:date start; items are
    cg:ActionPlanItem linked to a cg:DevelopmentProgramme."""
    studies.create_study(bench_store, _study())
    out = bench_store.run_user_query("""
        SELECT ?kind ?status ?start ?dp WHERE {
          <https://w3id.org/competency-graph/data/study/s1> cg:hasStage ?st ;
              cg:hasActionPlanItem ?item .
          ?st cg:stageNumber 1 ; cg:stageKind ?kind ; cg:stageStatus ?status ;
              cg:startDate ?start .
          ?item cg:linkedDevelopmentProgramme ?dp . ?dp a cg:DevelopmentProgramme .
          FILTER(datatype(?start) = xsd:date)
        }""", results_format="csv")
    text = out.body.decode()
    assert "DetermineWhatToBenchmark" in text and "StageCompleted" in text
    assert "english-c1" in text


def test_suggested_programmes_follow_the_staff_competences(bench_store: GraphStore) -> None:
    """INT2 depends on SI1/SI2/SI4: the bundled programmes developing them are suggested,
    except the one already linked; INT5 (SI6) gets none of those."""
    data = studies.study_public(bench_store, studies.create_study(bench_store, _study()))
    item = data["action_items"][0]
    assert item["staff_competences"] == ["SI1", "SI2", "SI4"]
    ids = {p["id"] for p in item["suggested_programmes"]}
    assert "english-c1" not in ids and "emi-methodology" in ids
    assert all("digcompedu" not in i for i in ids)


def test_update_stage_delete_and_list(bench_store: GraphStore) -> None:
    """A stage update keeps everything else; list shows progress; delete removes the graph."""
    studies.create_study(bench_store, _study())
    study = studies.update_stage(bench_store, "s1", 2, {"status": "completed",
                                                         "end": "2025-02-20"})
    assert (study.current_stage, study.stages[1].end.isoformat()) == (3, "2025-02-20")  # type: ignore[union-attr]
    assert len(study.action_items) == 2
    assert studies.list_studies(bench_store) == [{
        "id": "s1", "title": "Internationalisation 2024", "institution": "u-tech",
        "year": 2024, "stages": 5, "stages_completed": 2, "action_items": 2}]
    studies.delete_study(bench_store, "s1")
    assert studies.list_studies(bench_store) == []
    with pytest.raises(NotFoundError):
        studies.get_study(bench_store, "s1")
    with pytest.raises(NotFoundError):
        studies.delete_study(bench_store, "s1")


def test_ids_are_generated_and_unique(bench_store: GraphStore) -> None:
    """Without an id a study is <institution>-<year>, then -2; a taken id is refused."""
    first = studies.create_study(bench_store, _study(id=None))
    second = studies.create_study(bench_store, _study(id=None))
    assert (first.id, second.id) == ("u-tech-2024", "u-tech-2024-2")
    with pytest.raises(InputError):
        studies.create_study(bench_store, _study(id="u-tech-2024"))


def test_every_problem_is_reported_by_json_path_and_nothing_stored(
        bench_store: GraphStore) -> None:
    """Bad references, a stage 7, a wrong kind, a bad status, dates in the wrong order, a
    target above 100 % and an unknown programme: all reported; no graph written."""
    before = sorted(bench_store.graph_names())
    bad = _study(title="", institution="ghost", year="2024", peers=["u-tech", "nobody"],
                 indicators=["INT1", "INT42"],
                 stages=[{"number": 7}, {"number": 1, "kind": "TakeAction"},
                         {"number": 2, "status": "done", "start": "2025-03-01",
                          "end": "2025-02-01"}],
                 action_items=[{"indicator": "INT1", "target_value": 140,
                                "programmes": ["no-such-course"], "deadline": "next year"}])
    with pytest.raises(InputError) as info:
        studies.create_study(bench_store, bad)
    paths = [p.location.json_path for p in info.value.problems]
    assert paths == ["/title", "/institution", "/year", "/peers/1", "/indicators/1",
                     "/stages/0/number", "/stages/1/kind", "/stages/2/status", "/stages/2/end",
                     "/action_items/0/target_value", "/action_items/0/programmes/0",
                     "/action_items/0/deadline"]
    assert sorted(bench_store.graph_names()) == before


def test_the_study_benchmark_uses_its_peers_and_targets(bench_store: GraphStore) -> None:
    """The study's benchmark compares with p1 and p3 in 2024, weights only the studied
    indicators and takes the action plan's targets: INT1 target 10 → G = 10 − 5 = 5."""
    studies.create_study(bench_store, _study())
    report = studies.study_benchmark(bench_store, "s1")
    assert [p["id"] for p in report.peers] == ["p1", "p3"]
    int1 = next(r for r in report.indicators if r.code == "INT1")
    assert int1.target == 10 and int1.gaps["target"]["absolute"] == 5
    assert report.weights == {"INT1": pytest.approx(1 / 3), "INT2": pytest.approx(1 / 3),
                              "INT5": pytest.approx(1 / 3)}


def test_studies_on_every_store(any_store: GraphStore, dataset_dir: Any) -> None:
    """Create, read, list, update and delete work on the embedded stores and on the remote
    SPARQL endpoint (the study is read back through GRAPH ?g)."""
    from competency_graph.services.benchmarking import indicators as ind

    ind.import_indicators(any_store, dataset_dir)
    created = studies.create_study(any_store, _study())
    assert studies.get_study(any_store, "s1") == created
    assert [s["id"] for s in studies.list_studies(any_store)] == ["s1"]
    assert studies.update_stage(any_store, "s1", 2, {"status": "completed"}).current_stage == 3
    studies.delete_study(any_store, "s1")
    assert studies.list_studies(any_store) == []
