"""The benchmark of the hand-made dataset (see conftest.py) against hand-computed values.

Comparison group G = {u-tech} ∪ peers; peers by default = same type (p1, p2, p3; not cls).
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from competency_graph.errors import InputError, NotFoundError
from competency_graph.reports import benchmarking as bench_reports
from competency_graph.services import benchmarking as bench
from competency_graph.services.benchmarking import indicators as ind
from competency_graph.store import GraphStore

A = pytest.approx


def _by_code(report: bench.BenchmarkReport) -> dict[str, bench.IndicatorResult]:
    return {r.code: r for r in report.indicators}


def test_peers_by_default_are_the_institutions_of_the_same_type(bench_store: GraphStore) -> None:
    """The classical university is not a peer of a technical one; the institution itself never
    is one."""
    report = bench.benchmark(bench_store, "u-tech", year=2024)
    assert report.peer_rule == "type"
    assert [p["id"] for p in report.peers] == ["p1", "p2", "p3"]


@pytest.mark.parametrize(("rule", "expected"), [
    ("country", ["cls", "p1", "p2"]),          # KZ (p2's "kz" was upper-cased on import)
    ("type+country", ["p1", "p2"]),
    ("all", ["cls", "p1", "p2", "p3"]),
    ("p3,u-tech,p1", ["p3", "p1"]),             # explicit list, itself dropped, order kept
])
def test_peer_rules(bench_store: GraphStore, rule: str, expected: list[str]) -> None:
    """Peers by rule (type, country, type+country, all) or as an explicit id list."""
    report = bench.benchmark(bench_store, "u-tech", year=2024, peers=rule)
    assert [p["id"] for p in report.peers] == expected


def test_int1_values_gaps_rank_and_normalisation(bench_store: GraphStore) -> None:
    """INT1 2024: x = 250 / 5000 × 100 = 5 (raw counts); peers 10, 5, 20.
    median = 10; best = 20 (p3); to the median G = 10 − 5 = 5, g = 5 / 10 × 100 = 50 %,
    a = 5 / 10 = 0.5; to best G = 15, g = 75 %, a = 0.25.
    Rank in 20, 10, 5, 5 (competition): 3 of 4 — p2 ties at 3.
    min–max over G (min 5, max 20): s(x) = 0, s(median) = 5 / 15 = 0.3333, s(best) = 1.
    z: μ = 10, σ = √37.5 = 6.1237 → z(x) = −0.8165, z(median) = 0, z(best) = 1.6330."""
    r = _by_code(bench.benchmark(bench_store, "u-tech", year=2024))["INT1"]
    assert (r.value, r.peer_median, r.best_in_class) == (5.0, 10.0, 20.0)
    assert r.best_in_class_institutions == ["p3"]
    assert r.peers_reporting == 3
    assert r.gaps["peer_median"] == {"benchmark": 10.0, "absolute": 5.0, "relative": A(50.0),
                                     "attainment": A(0.5), "class": "behind"}
    assert r.gaps["best_in_class"] == {"benchmark": 20.0, "absolute": 15.0,
                                       "relative": A(75.0), "attainment": A(0.25),
                                       "class": "behind"}
    assert (r.rank, r.rank_of) == (3, 4)
    assert r.min_max == {"value": 0.0, "peer_median": A(1 / 3), "best_in_class": 1.0}
    assert r.mean == 10 and r.sd == A(math.sqrt(37.5))
    assert r.z_score == {"value": A(-0.816497, abs=1e-6), "peer_median": A(0.0),
                         "best_in_class": A(1.632993, abs=1e-6)}


def test_int1_growth_with_a_missing_year_and_projection(bench_store: GraphStore) -> None:
    """u-tech has INT1 for 2022 (3.2) and 2024 (5) but not 2023: r_u = (5 / 3.2)^(1/2) − 1 =
    0.25. Best in class per year: 2022 max(8, 4, 20) = 20, 2023 max(9, 20) = 20 (p2 missing),
    2024 20 → r_B = 0. Projected to 2027: x = 5·1.25³ = 9.765625, B = 20, G = 10.234375.
    Trend 2023: no own value; peer median of 9 and 20 = 14.5."""
    r = _by_code(bench.benchmark(bench_store, "u-tech", year=2024))["INT1"]
    assert r.growth_rate == A(0.25)
    assert r.benchmark_growth_rate == 0
    assert r.projection == {"year": 2027, "value": A(9.765625), "best_in_class": 20.0,
                            "gap": A(10.234375)}
    assert r.trend == [
        {"year": 2022, "value": 3.2, "peer_median": 8.0, "best_in_class": 20.0,
         "peers_reporting": 3},
        {"year": 2023, "value": None, "peer_median": 14.5, "best_in_class": 20.0,
         "peers_reporting": 2},
        {"year": 2024, "value": 5.0, "peer_median": 10.0, "best_in_class": 20.0,
         "peers_reporting": 3},
    ]


def test_zero_spread_indicator(bench_store: GraphStore) -> None:
    """INT2 2024 is 8 for everyone: gaps 0, attainment 1, everyone ranks 1, min–max 0.5, z 0;
    with one year only, growth and projection are undefined."""
    r = _by_code(bench.benchmark(bench_store, "u-tech", year=2024))["INT2"]
    assert r.gaps["best_in_class"] == {"benchmark": 8.0, "absolute": 0.0, "relative": 0.0,
                                       "attainment": 1.0, "class": "parity"}
    assert r.best_in_class_institutions == ["p1", "p2", "p3"]
    assert (r.rank, r.rank_of) == (1, 4)
    assert r.min_max == {"value": 0.5, "peer_median": 0.5, "best_in_class": 0.5}
    assert r.z_score == {"value": 0.0, "peer_median": 0.0, "best_in_class": 0.0}
    assert r.growth_rate is None and r.projection is None


def test_int5_ahead_of_the_median_and_clamped_projection(bench_store: GraphStore) -> None:
    """INT5 2024: x = 72; peers 60, 40, 80 → median 60, best 80.
    To the median G = 60 − 72 = −12 (ahead), g = −20 %, a = 1.2; to best G = 8, g = 10 %,
    a = 0.9; rank 2 of 4. min–max over 40..80: s(x) = 32 / 40 = 0.8, s(median) = 0.5.
    z: μ = 252 / 4 = 63, σ = √(908 / 4) = √227 = 15.0665 → z(x) = 9 / 15.0665 = 0.5973.
    r_u = (72 / 50)^(1/2) − 1 = 0.2; r_B = (80 / 64)^(1/2) − 1 = √1.25 − 1 = 0.118034.
    In 3 years both pass 100 % and are clamped: 72·1.728 = 124.4 → 100, 80·1.3975 = 111.8 →
    100, G = 0. In 1 year: 86.4 and 89.442719 → G = 3.042719."""
    r = _by_code(bench.benchmark(bench_store, "u-tech", year=2024))["INT5"]
    assert r.gaps["peer_median"] == {"benchmark": 60.0, "absolute": -12.0,
                                     "relative": A(-20.0), "attainment": A(1.2),
                                     "class": "ahead"}
    assert r.gaps["best_in_class"] == {"benchmark": 80.0, "absolute": 8.0,
                                       "relative": A(10.0), "attainment": A(0.9),
                                       "class": "behind"}
    assert (r.rank, r.rank_of) == (2, 4)
    assert r.min_max["value"] == A(0.8) and r.min_max["peer_median"] == A(0.5)
    assert r.sd == A(math.sqrt(227))
    assert r.z_score["value"] == A(9 / math.sqrt(227))
    assert r.growth_rate == A(0.2) and r.benchmark_growth_rate == A(math.sqrt(1.25) - 1)
    assert r.projection == {"year": 2027, "value": 100.0, "best_in_class": 100.0, "gap": 0.0}
    one = _by_code(bench.benchmark(bench_store, "u-tech", year=2024, horizon=1))["INT5"]
    assert one.projection == {"year": 2025, "value": A(86.4), "best_in_class": A(89.442719),
                              "gap": A(3.042719)}


def test_composite_with_equal_and_custom_weights(bench_store: GraphStore) -> None:
    """Equal weights over the 7 core indicators, renormalised over those u-tech has (INT1,
    INT2, INT5): C = (0 + 0.5 + 0.8) / 3 = 0.433333; z composite = (−0.816497 + 0 + 0.597354)
    / 3 = −0.073048. Members: p1 = (1/3 + 0.5 + 0.5) / 3 = 0.444444, p2 = (0 + 0.5 + 0) / 3 =
    0.166667, p3 = (1 + 0.5 + 1) / 3 = 0.833333 → u-tech ranks 3 of 4.
    With INT1 = 2: 0.5·0 + 0.25·0.5 + 0.25·0.8 = 0.325."""
    report = bench.benchmark(bench_store, "u-tech", year=2024)
    comp = report.composite
    assert comp["min_max"] == A(1.3 / 3)
    assert comp["z_score"] == A((-0.816497 + 0 + 9 / math.sqrt(227)) / 3, abs=1e-6)
    assert (comp["rank"], comp["rank_of"]) == (3, 4)
    assert comp["indicators_used"] == ["INT1", "INT2", "INT5"]
    assert comp["indicators_missing"] == ["INT3", "INT4", "INT6", "INT7"]
    members = {m["institution"]: m["min_max"] for m in comp["members"]}
    assert members == {"p3": A(2.5 / 3), "p1": A(4 / 9), "u-tech": A(1.3 / 3),
                       "p2": A(0.5 / 3)}
    assert report.weights == {c: A(1 / 7) for c in
                              ("INT1", "INT2", "INT3", "INT4", "INT5", "INT6", "INT7")}
    weighted = bench.benchmark(bench_store, "u-tech", year=2024, weights={"INT1": 2})
    assert weighted.composite["min_max"] == A(0.325)
    assert weighted.weights["INT1"] == A(2 / 8)


def test_policy_target(bench_store: GraphStore) -> None:
    """Target INT1 = 10: G = 10 − 5 = 5, g = 50 %, a = 0.5."""
    r = _by_code(bench.benchmark(bench_store, "u-tech", year=2024, targets={"INT1": 10}))
    assert r["INT1"].target == 10
    assert r["INT1"].gaps["target"] == {"benchmark": 10, "absolute": 5.0, "relative": A(50.0),
                                        "attainment": A(0.5), "class": "behind"}
    assert r["INT2"].gaps["target"]["absolute"] is None


def test_single_peer(bench_store: GraphStore) -> None:
    """Peer p1 only, INT1: G = {5, 10}; median = best = 10; rank 2 of 2; min–max 0 and 1;
    z = ∓1 (μ = 7.5, σ = 2.5)."""
    r = _by_code(bench.benchmark(bench_store, "u-tech", year=2024, peers=["p1"]))["INT1"]
    assert (r.peer_median, r.best_in_class, r.rank, r.rank_of) == (10.0, 10.0, 2, 2)
    assert r.min_max == {"value": 0.0, "peer_median": 1.0, "best_in_class": 1.0}
    assert r.z_score == {"value": A(-1.0), "peer_median": A(1.0), "best_in_class": A(1.0)}


def test_an_institution_without_peers_gets_undefined_benchmarks(bench_store: GraphStore) -> None:
    """The classical university has no same-type peer: medians and gaps are None, it ranks
    1 of 1 with min–max 0.5 (zero spread), and the report says why."""
    report = bench.benchmark(bench_store, "cls", year=2024)
    r = _by_code(report)["INT1"]
    assert report.peers == [] and r.peer_median is None and r.best_in_class is None
    assert r.gaps["best_in_class"]["absolute"] is None
    assert (r.rank, r.rank_of, r.min_max["value"]) == (1, 1, 0.5)
    assert report.notes


def test_bad_requests_are_located(bench_store: GraphStore) -> None:
    """Unknown institution → NotFoundError; unknown peer, unknown weight code, negative weight,
    all-zero weights, a target above 100 % or a year without data → InputError naming the
    parameter."""
    with pytest.raises(NotFoundError):
        bench.benchmark(bench_store, "nope", year=2024)
    with pytest.raises(InputError) as info:
        bench.benchmark(bench_store, "u-tech", year=2024, peers="p1,ghost")
    assert [p.location.json_path for p in info.value.problems] == ["peers"]
    with pytest.raises(InputError) as info:
        bench.benchmark(bench_store, "u-tech", year=2024, weights={"INT99": 1, "INT1": -1})
    assert len(info.value.problems) == 2
    with pytest.raises(InputError):
        bench.benchmark(bench_store, "u-tech", year=2024,
                        weights=dict.fromkeys(("INT1", "INT2", "INT3", "INT4", "INT5", "INT6",
                                               "INT7"), 0.0))
    with pytest.raises(InputError) as info:
        bench.benchmark(bench_store, "u-tech", year=2024, targets={"INT1": 120})
    assert info.value.problems[0].location.json_path == "targets"
    with pytest.raises(InputError) as info:
        bench.benchmark(bench_store, "u-tech", year=2019)
    assert "2022, 2023, 2024" in info.value.problems[0].message


def test_parse_assignments_reports_every_problem() -> None:
    """`INT1=2,INT5=0.5` parses; bad codes, missing '=' and non-numbers are all reported."""
    codes = ["INT1", "INT5"]
    assert bench.parse_assignments("INT1=2, INT5=0.5", "weights", codes) == {"INT1": 2.0,
                                                                           "INT5": 0.5}
    with pytest.raises(InputError) as info:
        bench.parse_assignments("INT9=1,INT1,INT5=x", "weights", codes)
    assert len(info.value.problems) == 3


def test_output_formats(bench_store: GraphStore) -> None:
    """JSON round-trips; CSV has one row per indicator with unrounded numbers; text is a
    table; HTML holds the radar SVG with three polygons of data and the gap table."""
    report = bench.benchmark(bench_store, "u-tech", year=2024, targets={"INT1": 10})
    data = json.loads(bench_reports.render_benchmark_json(report))
    assert data["institution"]["id"] == "u-tech" and len(data["indicators"]) == 7
    rows = list(csv.DictReader(io.StringIO(bench_reports.render_benchmark_csv(report))))
    int1 = next(r for r in rows if r["indicator"] == "INT1")
    assert float(int1["gap_best"]) == 15 and int1["rank"] == "3" and int1["gap_target"] == "5.0"
    assert next(r for r in rows if r["indicator"] == "INT3")["value"] == ""
    text = bench_reports.render_benchmark_text(report)
    assert "INT1" in text and "3/4" in text and "15.00" in text
    page = bench_reports.render_benchmark_html(report, "ru")
    assert page.count("<polygon") == 4 + 3  # 4 rings + 3 series
    assert "Медиана партнёров" in page and "Test Technical University" in page


def test_the_demo_sample_matches_hand_computed_values(memory_store: GraphStore) -> None:
    """Demo data (fictional), Caspian vs Steppe in 2024.
    INT1: Caspian 172 / 5200 × 100 = 3.307692, Steppe 731 / 14560 × 100 = 5.020604 (6 dp);
    G = 5.020604 − 3.307692 = 1.712912; a = 3.307692 / 5.020604 = 0.658824.
    INT6: Caspian has 2022 (70 / 1750 = 4.0) and 2024 (87 / 1966 = 4.425229), 2023 missing:
    r = (4.425229 / 4)^(1/2) − 1 = 1.0518114 − 1 = 0.0518114."""
    ind.load_demo_indicators(memory_store)
    report = bench.benchmark(memory_store, "demo-caspian-eng", year=2024,
                             peers="demo-steppe-tech")
    r = _by_code(report)
    assert r["INT1"].value == A(3.307692) and r["INT1"].best_in_class == A(5.020604)
    assert r["INT1"].gaps["best_in_class"]["absolute"] == A(1.712912)
    assert r["INT1"].gaps["best_in_class"]["attainment"] == A(0.658824, abs=1e-6)
    assert r["INT6"].growth_rate == A(0.0518114, abs=1e-7)
    assert [t["year"] for t in r["INT6"].trend] == [2022, 2023, 2024]
    assert r["INT6"].trend[1]["value"] is None


def test_recorded_targets_fill_the_target_column(bench_store: GraphStore) -> None:
    """Issue 16: the target column was empty unless the caller passed targets. A study's
    action plan (INT1 → 10) is the institution's recorded policy target: the plain benchmark
    now shows it (G = 10 − 5 = 5, a = 0.5), in the study's year and later years, not before;
    explicit targets still win, and another institution is not affected."""
    bench.create_study(bench_store, {
        "title": "Plan", "institution": "u-tech", "year": 2023,
        "action_items": [{"indicator": "INT1", "target_value": 10}]})
    r = _by_code(bench.benchmark(bench_store, "u-tech", year=2024))
    assert r["INT1"].target == 10
    assert r["INT1"].gaps["target"]["absolute"] == A(5.0)
    assert r["INT1"].gaps["target"]["attainment"] == A(0.5)
    assert r["INT2"].target is None
    assert _by_code(bench.benchmark(bench_store, "u-tech", year=2022))["INT1"].target is None
    assert _by_code(bench.benchmark(bench_store, "u-tech", year=2024,
                                    targets={}))["INT1"].target is None
    assert _by_code(bench.benchmark(bench_store, "p1", year=2024))["INT1"].target is None


def test_radar_axes_carry_the_indicator_names(bench_store: GraphStore) -> None:
    """Issue 16: the radar is labelled with names, not only codes (wrapped under the code)."""
    report = bench.benchmark(bench_store, "u-tech", year=2024)
    svg = bench_reports.benchmark_radar(report)
    for r in report.indicators:
        if r.is_core:
            assert f'<tspan font-weight="600">{r.code}</tspan>' in svg
            assert all(word in svg for word in r.label.split()[:2]), r.label
