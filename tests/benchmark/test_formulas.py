"""The benchmarking formulas (docs/benchmarking.md §4) on hand-computed values."""

from __future__ import annotations

import math

import pytest

from competency_graph.analysis import benchmark as bm


def test_median_of_odd_and_even_counts() -> None:
    """The median is the middle value, or the mean of the two middle values."""
    assert bm.median([10, 5, 20]) == 10  # sorted 5, 10, 20
    assert bm.median([9, 20]) == 14.5  # (9 + 20) / 2
    assert bm.median([]) is None


def test_best_in_class_follows_the_direction() -> None:
    """Best in class is the maximum, or the minimum when lower is better."""
    assert bm.best([10, 5, 20]) == 20
    assert bm.best([10, 5, 20], higher_is_better=False) == 5
    assert bm.best([]) is None


def test_gaps_and_attainment_against_best_in_class() -> None:
    """x = 5, B = 20: G = 20 − 5 = 15; g = 15 / 20 × 100 = 75 %; a = 5 / 20 = 0.25."""
    assert bm.absolute_gap(5, 20) == 15
    assert bm.relative_gap(5, 20) == pytest.approx(75.0)
    assert bm.attainment(5, 20) == pytest.approx(0.25)


def test_a_negative_gap_means_ahead_of_the_benchmark() -> None:
    """x = 72, B = 60: G = 60 − 72 = −12 (ahead); g = −12 / 60 × 100 = −20 %; a = 1.2."""
    assert bm.absolute_gap(72, 60) == -12
    assert bm.relative_gap(72, 60) == pytest.approx(-20.0)
    assert bm.attainment(72, 60) == pytest.approx(1.2)


def test_gap_classes() -> None:
    """G > 0 behind (the benchmark's practice is better), G = 0 parity, G < 0 ahead."""
    assert [bm.gap_class(g) for g in (15, 0.0, -12)] == ["behind", "parity", "ahead"]


def test_lower_is_better_flips_the_signs() -> None:
    """Lower is better, x = 8, B = 4: G = 8 − 4 = 4 (behind); g = 4 / 4 × 100 = 100 %;
    a = B / x = 4 / 8 = 0.5."""
    assert bm.absolute_gap(8, 4, higher_is_better=False) == 4
    assert bm.relative_gap(8, 4, higher_is_better=False) == pytest.approx(100.0)
    assert bm.attainment(8, 4, higher_is_better=False) == pytest.approx(0.5)


def test_a_zero_benchmark_leaves_relative_gap_and_attainment_undefined() -> None:
    """B = 0: g and a divide by zero, so they are None; G is still B − x."""
    assert bm.absolute_gap(3, 0) == -3
    assert bm.relative_gap(3, 0) is None
    assert bm.attainment(3, 0) is None
    assert bm.attainment(0, 4, higher_is_better=False) is None


def test_competition_ranking_gives_ties_the_same_rank_and_skips_the_next() -> None:
    """Values 20, 10, 5, 5 rank 1, 2, 3, 3 (no rank 4 for a tie at 3); with 7, 7, 7, 1 the
    ranks are 1, 1, 1, 4."""
    group = [5, 10, 5, 20]
    assert [bm.competition_rank(v, group) for v in (20, 10, 5)] == [1, 2, 3]
    assert [bm.competition_rank(v, [7, 7, 7, 1]) for v in (7, 1)] == [1, 4]
    # lower is better: 5, 5 → 1; 10 → 3; 20 → 4
    assert [bm.competition_rank(v, group, higher_is_better=False) for v in (5, 10, 20)] == [1, 3, 4]


def test_min_max_normalisation() -> None:
    """Over 5, 10, 5, 20 (min 5, max 20): s(5) = 0, s(10) = 5 / 15 = 1/3, s(20) = 1; lower is
    better: s(10) = 1 − 1/3 = 2/3."""
    group = [5, 10, 5, 20]
    assert bm.min_max(5, group) == 0
    assert bm.min_max(10, group) == pytest.approx(1 / 3)
    assert bm.min_max(20, group) == 1
    assert bm.min_max(10, group, higher_is_better=False) == pytest.approx(2 / 3)


def test_zero_spread_normalises_to_the_midpoint_and_zero_z() -> None:
    """All equal (8, 8, 8, 8) or a single member: min–max 0.5 for everyone, z = 0."""
    assert bm.min_max(8, [8, 8, 8, 8]) == 0.5
    assert bm.z_score(8, [8, 8, 8, 8]) == 0
    assert bm.min_max(3, [3]) == 0.5
    assert bm.z_score(3, [3]) == 0


def test_z_score_uses_the_population_standard_deviation() -> None:
    """Over 5, 10, 5, 20: μ = 40 / 4 = 10; σ = √((25 + 0 + 25 + 100) / 4) = √37.5 = 6.1237;
    z(5) = −5 / 6.1237 = −0.8165; z(20) = 10 / 6.1237 = 1.6330. (A sample SD, √(150 / 3) =
    7.0711, would give −0.7071 — not what we compute.)"""
    group = [5, 10, 5, 20]
    assert bm.mean(group) == 10
    assert bm.population_sd(group) == pytest.approx(math.sqrt(37.5))
    assert bm.z_score(5, group) == pytest.approx(-0.816497, abs=1e-6)
    assert bm.z_score(20, group) == pytest.approx(1.632993, abs=1e-6)
    assert bm.z_score(20, group, higher_is_better=False) == pytest.approx(-1.632993, abs=1e-6)


def test_single_peer_gives_plus_and_minus_one() -> None:
    """Two members 5 and 10: μ = 7.5, σ = 2.5; z = ∓1; min–max 0 and 1."""
    assert bm.z_score(5, [5, 10]) == pytest.approx(-1)
    assert bm.z_score(10, [5, 10]) == pytest.approx(1)
    assert (bm.min_max(5, [5, 10]), bm.min_max(10, [5, 10])) == (0, 1)


def test_weights_are_renormalised_over_the_available_indicators() -> None:
    """Weights INT1 = 2, INT2 = 1, INT5 = 1, INT3 = 1 with INT3 missing: 2/4, 1/4, 1/4; a zero
    weight drops an indicator."""
    w = bm.normalised_weights({"INT1": 2, "INT2": 1, "INT5": 1, "INT3": 1},
                              ["INT1", "INT2", "INT5"])
    assert w == {"INT1": 0.5, "INT2": 0.25, "INT5": 0.25}
    assert bm.normalised_weights({"INT1": 0, "INT2": 1}, ["INT1", "INT2"]) == {"INT2": 1.0}
    assert bm.normalised_weights({"INT1": 0}, ["INT1"]) == {}


def test_composite_is_the_weighted_sum_of_scores() -> None:
    """Scores 0, 0.5, 0.8 with equal weights: (0 + 0.5 + 0.8) / 3 = 0.43333; with INT1 = 2:
    0.5·0 + 0.25·0.5 + 0.25·0.8 = 0.325."""
    scores = {"INT1": 0.0, "INT2": 0.5, "INT5": 0.8}
    equal = dict.fromkeys(["INT1", "INT2", "INT3", "INT4", "INT5", "INT6", "INT7"], 1.0)
    assert bm.composite(scores, equal) == pytest.approx(1.3 / 3)
    assert bm.composite(scores, {**equal, "INT1": 2.0}) == pytest.approx(0.325)
    assert bm.composite({}, equal) is None


def test_cagr_uses_the_real_distance_between_years() -> None:
    """3.2 in 2022 and 5 in 2024 (2023 missing): r = (5 / 3.2)^(1/2) − 1 = 1.25 − 1 = 0.25;
    50, 60, 72: r = (72 / 50)^(1/2) − 1 = 1.2 − 1 = 0.2."""
    assert bm.cagr({2022: 3.2, 2024: 5.0}) == pytest.approx(0.25)
    assert bm.cagr({2022: 50, 2023: 60, 2024: 72}) == pytest.approx(0.2)
    assert bm.cagr({2022: 20, 2023: 20, 2024: 20}) == 0


def test_cagr_is_undefined_for_one_year_or_a_zero_start() -> None:
    """One year has no growth; growth from 0 is undefined."""
    assert bm.cagr({2024: 5.0}) is None
    assert bm.cagr({}) is None
    assert bm.cagr({2022: 0.0, 2024: 5.0}) is None


def test_projected_gap_per_camp_step_5() -> None:
    """x = 5, r_u = 0.25, B = 20, r_B = 0, k = 3: x·1.25³ = 9.765625; B = 20;
    G = 20 − 9.765625 = 10.234375."""
    px, pb, gap = bm.projected_gap(5, 0.25, 20, 0.0, 3)
    assert (px, pb) == (pytest.approx(9.765625), 20)
    assert gap == pytest.approx(10.234375)


def test_projection_is_clamped_to_the_indicator_range() -> None:
    """72·1.2³ = 124.416 would pass 100 %, so it is clamped to 100."""
    assert bm.project(72, 0.2, 3, 0, 100) == 100
    assert bm.project(72, 0.2, 3) == pytest.approx(124.416)
    assert bm.project(10, -0.9, 2, 0, 100) == pytest.approx(0.1)


def test_page_messages_exist_in_three_languages() -> None:
    """Every message of the benchmark and study pages has English, Russian and Kazakh text."""
    from competency_graph import i18n

    ours = [m.id for m in i18n.catalogue("en")
            if isinstance(m.id, str) and m.id.startswith(("bench.", "study."))]
    assert len(ours) > 30
    assert [m for m in i18n.missing_translations() if m[0] in ours] == []
