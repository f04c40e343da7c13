"""The benchmarking formulas (docs/benchmarking.md §4), as small pure functions on floats.

Every formula is written down in ``docs/benchmarking.md``; the tests in ``tests/benchmark``
check each one against hand-computed values. Notation: ``x`` the institution's value, ``B`` a
benchmark (peer median, best in class or a policy target), ``d = +1`` for a higher-is-better
indicator and ``-1`` otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median as _median
from typing import Any


def median(values: Sequence[float]) -> float | None:
    """The median (mean of the two middle values for an even count); None for no values."""
    return float(_median(values)) if values else None


def best(values: Sequence[float], higher_is_better: bool = True) -> float | None:
    """Best in class: the maximum (minimum for a lower-is-better indicator)."""
    if not values:
        return None
    return max(values) if higher_is_better else min(values)


def absolute_gap(x: float, benchmark: float, higher_is_better: bool = True) -> float:
    """``G = d·(B − x)``: positive when the institution is behind the benchmark."""
    return (benchmark - x) if higher_is_better else (x - benchmark)


def gap_class(gap: float, tolerance: float = 1e-9) -> str:
    """``behind`` (G > 0: the benchmark's practice is better — Camp's "negative gap"),
    ``parity`` (G = 0) or ``ahead`` (G < 0: own practice better — Camp's "positive gap")."""
    if gap > tolerance:
        return "behind"
    if gap < -tolerance:
        return "ahead"
    return "parity"


def relative_gap(x: float, benchmark: float, higher_is_better: bool = True) -> float | None:
    """``g = G / |B| × 100`` (percent of the benchmark); None when ``B = 0``."""
    if benchmark == 0:
        return None
    return absolute_gap(x, benchmark, higher_is_better) / abs(benchmark) * 100


def attainment(x: float, benchmark: float, higher_is_better: bool = True) -> float | None:
    """``a = x / B`` (``B / x`` when lower is better); None when the divisor is 0."""
    if higher_is_better:
        return None if benchmark == 0 else x / benchmark
    return None if x == 0 else benchmark / x


def competition_rank(x: float, values: Sequence[float], higher_is_better: bool = True) -> int:
    """Standard competition ranking ("1224"): 1 + the number of values strictly better than x.

    ``values`` is the whole comparison group (the institution included).
    """
    if higher_is_better:
        return 1 + sum(1 for v in values if v > x)
    return 1 + sum(1 for v in values if v < x)


def min_max(x: float, values: Sequence[float], higher_is_better: bool = True) -> float:
    """``s = (x − min) / (max − min)`` over the comparison group, 1 = best.

    Lower-is-better indicators use ``(max − x) / (max − min)``. Zero spread (every value equal,
    or a group of one) gives 0.5 to everyone: nobody is better or worse.
    """
    low, high = min(values), max(values)
    if high == low:
        return 0.5
    share = (x - low) / (high - low)
    return share if higher_is_better else 1 - share


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean."""
    return math.fsum(values) / len(values)


def population_sd(values: Sequence[float]) -> float:
    """The population standard deviation ``σ = √(Σ(x − μ)² / n)``.

    Population, not sample (n − 1): the comparison group is the whole population compared,
    not a sample drawn from a larger one.
    """
    mu = mean(values)
    return math.sqrt(math.fsum((v - mu) ** 2 for v in values) / len(values))


def z_score(x: float, values: Sequence[float], higher_is_better: bool = True) -> float:
    """``z = d·(x − μ) / σ`` over the comparison group; 0 when σ = 0 (zero spread, one member)."""
    sd = population_sd(values)
    if sd == 0:
        return 0.0
    z = (x - mean(values)) / sd
    return z if higher_is_better else -z


def normalised_weights(weights: Mapping[str, float], available: Sequence[str]) -> dict[str, float]:
    """Weights ``w_i / Σ w_j`` over the indicators that are available (and weighted > 0)."""
    used = {k: w for k, w in weights.items() if k in available and w > 0}
    total = math.fsum(used.values())
    return {k: w / total for k, w in used.items()} if total > 0 else {}


def composite(scores: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """``C = Σ w_i s_i`` with the weights renormalised over the indicators that have a score."""
    w = normalised_weights(weights, list(scores))
    if not w:
        return None
    return math.fsum(w[k] * scores[k] for k in w)


def cagr(series: Mapping[int, float]) -> float | None:
    """Compound annual growth rate between the first and last year of a series.

    ``r = (x_last / x_first)^(1 / (t_last − t_first)) − 1``. Missing years in between do not
    matter: the exponent is the real distance in years. None with fewer than two years or a
    first value ≤ 0 (growth from zero is undefined).
    """
    if len(series) < 2:
        return None
    years = sorted(series)
    first, last = series[years[0]], series[years[-1]]
    if first <= 0 or last < 0:
        return None
    return (last / first) ** (1 / (years[-1] - years[0])) - 1


def project(x: float, rate: float, years: int, low: float | None = None,
            high: float | None = None) -> float:
    """``x·(1 + r)^k``, clamped to the indicator's range (a share never passes 100 %)."""
    value = x * (1 + rate) ** years
    if high is not None:
        value = min(value, high)
    if low is not None:
        value = max(value, low)
    return value


def projected_gap(x: float, rate_x: float, benchmark: float, rate_b: float, years: int,
                  higher_is_better: bool = True, low: float | None = None,
                  high: float | None = None) -> tuple[float, float, float]:
    """Camp step 5: ``G(t+k) = B(t)(1 + r_B)^k − x(t)(1 + r_u)^k`` (sign by direction).

    Returns (projected value, projected benchmark, projected gap).
    """
    px = project(x, rate_x, years, low, high)
    pb = project(benchmark, rate_b, years, low, high)
    return px, pb, absolute_gap(px, pb, higher_is_better)


# --- the report's shape (plain data; built by services.benchmarking, read by reports) ------

@dataclass
class IndicatorResult:
    """One indicator's line of the benchmark."""

    code: str
    iri: str
    label: str
    unit: str
    higher_is_better: bool
    is_core: bool
    weight: float
    value: float | None
    peers_reporting: int
    peer_median: float | None
    best_in_class: float | None
    best_in_class_institutions: list[str]
    target: float | None
    gaps: dict[str, dict[str, Any]]
    rank: int | None
    rank_of: int
    minimum: float | None
    maximum: float | None
    mean: float | None
    sd: float | None
    min_max: dict[str, float | None]
    z_score: dict[str, float | None]
    growth_rate: float | None
    benchmark_growth_rate: float | None
    projection: dict[str, Any] | None
    trend: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return dict(self.__dict__)


@dataclass
class BenchmarkReport:
    """The benchmark of one institution in one year."""

    institution: dict[str, Any]
    year: int
    peer_rule: str
    peers: list[dict[str, Any]]
    horizon: int
    weights: dict[str, float]
    indicators: list[IndicatorResult]
    composite: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of the report (``docs/benchmarking.md``)."""
        return {"institution": self.institution, "year": self.year, "peer_rule": self.peer_rule,
                "peers": self.peers, "horizon": self.horizon, "weights": self.weights,
                "indicators": [i.as_dict() for i in self.indicators],
                "composite": self.composite, "notes": self.notes}
