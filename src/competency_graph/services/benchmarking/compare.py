"""Benchmarking an institution against its peers on the internationalisation indicators.

For an institution *u*, a peer set *P* and a year, per indicator: the value, the peer median,
best in class, the policy target (given, else the recorded one: the institution's study's
action plan), absolute and relative gaps and attainment against each of them, the rank in the
comparison group ``G = {u} ∪ P``, min–max and z-score normalisation over ``G``, the growth
rates (CAGR), the projected gap ``horizon`` years ahead, and the trend over the years; and a
weighted composite. Formulas:
:mod:`competency_graph.analysis.benchmark` and ``docs/benchmarking.md``.

Peer selection: an explicit list of ids, or a rule — ``type`` (same institution type, the
default), ``country``, ``type+country`` or ``all``. The institution itself is never its own peer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from competency_graph.analysis import benchmark as bm
from competency_graph.analysis.benchmark import BenchmarkReport, IndicatorResult
from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.io.indicators import IndicatorSpec
from competency_graph.services.benchmarking.indicators import (
    Institution,
    indicator_catalogue,
    indicator_values,
    list_institutions,
)
from competency_graph.store import GraphStore

PEER_RULES = ("type", "country", "type+country", "all")
DEFAULT_HORIZON = 3
FORMATS = ("text", "json", "csv", "html")
__all__ = ["DEFAULT_HORIZON", "FORMATS", "PEER_RULES", "BenchmarkReport", "IndicatorResult",
           "benchmark", "choose_peers", "parse_assignments"]


# --- parameters ------------------------------------------------------------------------------

def parse_assignments(text: str | None, option: str, known: Sequence[str]) -> dict[str, float]:
    """Parse ``INT1=2,INT5=0.5`` into a dict; every problem is reported with the option name."""
    out: dict[str, float] = {}
    if not text:
        return out
    problems = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        code, sep, raw = part.partition("=")
        code = code.strip()
        if not sep:
            problems.append(Problem(f"{part!r} is not CODE=NUMBER", Location(json_path=option)))
            continue
        if code not in known:
            problems.append(Problem(f"unknown indicator {code!r}; known: {', '.join(known)}",
                                    Location(json_path=option)))
            continue
        try:
            number = float(raw.strip().replace(",", "."))
        except ValueError:
            problems.append(Problem(f"{raw!r} is not a number", Location(json_path=option)))
            continue
        if number != number or number in (float("inf"), float("-inf")):
            problems.append(Problem(f"{raw!r} is not a finite number", Location(json_path=option)))
            continue
        out[code] = number
    if problems:
        raise InputError(problems)
    return out


# --- the report ------------------------------------------------------------------------------

def _inst_dict(inst: Institution) -> dict[str, Any]:
    return {"id": inst.id, "name": inst.name, "country": inst.country, "type": inst.type}


def choose_peers(institution: Institution, everyone: Mapping[str, Institution],
                 peers: Sequence[str] | str | None) -> tuple[str, list[Institution]]:
    """Return (rule, peers): an explicit id list, or a rule of :data:`PEER_RULES`."""
    if peers is None or peers == "" or peers == []:
        peers = "type"
    if isinstance(peers, str) and peers in PEER_RULES:
        rule = peers
        chosen = [i for i in everyone.values() if i.id != institution.id and (
            rule == "all"
            or (rule == "type" and i.type == institution.type)
            or (rule == "country" and i.country == institution.country)
            or (rule == "type+country" and i.type == institution.type
                and i.country == institution.country))]
        return rule, sorted(chosen, key=lambda i: i.id)
    ids = [p.strip() for p in peers.split(",")] if isinstance(peers, str) else list(peers)
    ids = [p for p in ids if p]
    unknown = [p for p in ids if p not in everyone]
    if unknown:
        raise InputError([Problem(f"unknown peer institution {p!r}", Location(json_path="peers"))
                          for p in unknown])
    chosen = [everyone[p] for p in dict.fromkeys(ids) if p != institution.id]
    return "explicit", chosen


def benchmark(store: GraphStore, institution: str, *, year: int,
              peers: Sequence[str] | str | None = None,
              weights: Mapping[str, float] | None = None,
              targets: Mapping[str, float] | None = None,
              horizon: int = DEFAULT_HORIZON, lang: str = "en") -> BenchmarkReport:
    """Benchmark ``institution`` in ``year`` against its peers (see the module docstring).

    :raises NotFoundError: for an unknown institution.
    :raises InputError: for unknown peers, bad weights or targets, or a year without data.
    """
    specs = indicator_catalogue(store)
    if targets is None:
        # Without explicit targets, the institution's recorded policy targets (its study's
        # action plan) fill the target column; before this the column stayed empty unless a
        # caller passed --targets, so the benchmark page never showed a target.
        from competency_graph.services.benchmarking.studies import stored_targets
        targets = stored_targets(store, institution, year)
    everyone = {i.id: i for i in list_institutions(store, lang, with_years=False)}
    if institution not in everyone:
        raise NotFoundError(f"no institution with the id {institution!r}")
    inst = everyone[institution]
    rule, peer_list = choose_peers(inst, everyone, peers)
    problems = []
    for label, given in (("weights", weights or {}), ("targets", targets or {})):
        problems += [Problem(f"unknown indicator {c!r}", Location(json_path=label))
                     for c in given if c not in specs]
    problems += [Problem(f"the weight of {c} is negative", Location(json_path="weights"))
                 for c, w in (weights or {}).items() if w < 0]
    for c, target in (targets or {}).items():
        spec = specs.get(c)
        if spec is not None and (
                (spec.min_value is not None and target < float(spec.min_value))
                or (spec.max_value is not None and target > float(spec.max_value))):
            problems.append(Problem(f"the target {target:g} is outside {c}'s range "
                                    f"{spec.min_value}–{spec.max_value}",
                                    Location(json_path="targets")))
    if horizon < 1 or horizon > 50:
        problems.append(Problem("the horizon must be 1–50 years", Location(json_path="horizon")))
    if problems:
        raise InputError(problems)
    group_ids = [inst.id, *(p.id for p in peer_list)]
    data: dict[tuple[str, str], dict[int, float]] = {}
    years_with_data: set[int] = set()
    for member, code, obs_year, amount in indicator_values(store, group_ids):
        years_with_data.add(obs_year)
        if obs_year <= year:
            data.setdefault((member, code), {})[obs_year] = amount
    if year not in years_with_data:
        years = sorted(years_with_data)
        raise InputError(Problem(
            f"no indicator data for {year} for {institution} or its peers"
            + (f"; years with data: {', '.join(map(str, years))}" if years else ""),
            Location(json_path="year")))
    codes = [c for c, s in sorted(specs.items(), key=lambda kv: _code_order(kv[0]))
             if s.is_core or any((m, c) in data and year in data[(m, c)] for m in group_ids)]
    raw_weights = {c: (1.0 if specs[c].is_core else 0.0) for c in codes}
    raw_weights.update({c: w for c, w in (weights or {}).items() if c in raw_weights})
    if weights and not any(w > 0 for w in raw_weights.values()):
        raise InputError(Problem("every weight is zero", Location(json_path="weights")))
    results = [_indicator(specs[c], inst.id, [p.id for p in peer_list], data, year,
                          (targets or {}).get(c), raw_weights.get(c, 0.0), horizon, lang)
               for c in codes]
    comp = _composite(results, group_ids, data, year, raw_weights, specs)
    notes = []
    if not peer_list:
        notes.append("the peer set is empty: medians, best in class and gaps to them are "
                     "undefined")
    return BenchmarkReport(
        institution=_inst_dict(inst), year=year, peer_rule=rule,
        peers=[_inst_dict(p) for p in peer_list], horizon=horizon,
        weights=bm.normalised_weights(raw_weights, list(codes)), indicators=results,
        composite=comp, notes=notes)


def _code_order(code: str) -> tuple[int, str]:
    return (1 if "-S" in code else 0, code.rjust(8))


def _values_in(data: Mapping[tuple[str, str], Mapping[int, float]], members: Sequence[str],
               code: str, year: int) -> dict[str, float]:
    return {m: data[(m, code)][year] for m in members
            if (m, code) in data and year in data[(m, code)]}


def _gap_set(x: float | None, b: float | None, hib: bool) -> dict[str, Any]:
    if x is None or b is None:
        return {"benchmark": b, "absolute": None, "relative": None, "attainment": None,
                "class": None}
    gap = bm.absolute_gap(x, b, hib)
    return {"benchmark": b, "absolute": gap, "relative": bm.relative_gap(x, b, hib),
            "attainment": bm.attainment(x, b, hib), "class": bm.gap_class(gap)}


def _indicator(spec: IndicatorSpec, me: str, peers: list[str],
               data: Mapping[tuple[str, str], Mapping[int, float]], year: int,
               target: float | None, weight: float, horizon: int, lang: str) -> IndicatorResult:
    hib = spec.higher_is_better
    peer_values = _values_in(data, peers, spec.code, year)
    x = data.get((me, spec.code), {}).get(year)
    group = list(peer_values.values()) + ([x] if x is not None else [])
    med = bm.median(list(peer_values.values()))
    top = bm.best(list(peer_values.values()), hib)
    top_ids = sorted(k for k, v in peer_values.items() if v == top) if top is not None else []
    norm_mm: dict[str, float | None] = {"value": None, "peer_median": None, "best_in_class": None}
    norm_z: dict[str, float | None] = dict(norm_mm)
    if group:
        for key, v in (("value", x), ("peer_median", med), ("best_in_class", top)):
            if v is not None:
                norm_mm[key] = bm.min_max(v, group, hib)
                norm_z[key] = bm.z_score(v, group, hib)
    # trend and growth
    years = sorted({y for m in [me, *peers] for y in data.get((m, spec.code), {})})
    trend = []
    own_series: dict[int, float] = {}
    best_series: dict[int, float] = {}
    for y in years:
        pv = list(_values_in(data, peers, spec.code, y).values())
        own = data.get((me, spec.code), {}).get(y)
        if own is not None:
            own_series[y] = own
        b = bm.best(pv, hib)
        if b is not None:
            best_series[y] = b
        trend.append({"year": y, "value": own, "peer_median": bm.median(pv),
                      "best_in_class": b, "peers_reporting": len(pv)})
    r_u, r_b = bm.cagr(own_series), bm.cagr(best_series)
    projection = None
    if x is not None and top is not None and r_u is not None and r_b is not None:
        low = float(spec.min_value) if spec.min_value is not None else None
        high = float(spec.max_value) if spec.max_value is not None else None
        px, pb, pg = bm.projected_gap(x, r_u, top, r_b, horizon, hib, low, high)
        projection = {"year": year + horizon, "value": px, "best_in_class": pb, "gap": pg}
    return IndicatorResult(
        code=spec.code, iri=spec.iri, label=spec.label(lang), unit=spec.unit,
        higher_is_better=hib, is_core=spec.is_core, weight=weight, value=x,
        peers_reporting=len(peer_values), peer_median=med, best_in_class=top,
        best_in_class_institutions=top_ids, target=target,
        gaps={"peer_median": _gap_set(x, med, hib), "best_in_class": _gap_set(x, top, hib),
              "target": _gap_set(x, target, hib)},
        rank=bm.competition_rank(x, group, hib) if x is not None else None,
        rank_of=len(group),
        minimum=min(group) if group else None, maximum=max(group) if group else None,
        mean=bm.mean(group) if group else None, sd=bm.population_sd(group) if group else None,
        min_max=norm_mm, z_score=norm_z, growth_rate=r_u, benchmark_growth_rate=r_b,
        projection=projection, trend=trend)


def _composite(results: list[IndicatorResult], members: list[str],
               data: Mapping[tuple[str, str], Mapping[int, float]], year: int,
               weights: Mapping[str, float], specs: Mapping[str, IndicatorSpec]) -> dict[str, Any]:
    scores_mm: dict[str, dict[str, float]] = {m: {} for m in members}
    scores_z: dict[str, dict[str, float]] = {m: {} for m in members}
    for r in results:
        if weights.get(r.code, 0) <= 0:
            continue
        values = _values_in(data, members, r.code, year)
        if not values:
            continue
        hib = specs[r.code].higher_is_better
        group = list(values.values())
        low, high = min(group), max(group)
        mu, sd = bm.mean(group), bm.population_sd(group)
        for m, v in values.items():
            # the same as bm.min_max / bm.z_score, with the group statistics computed once
            share = 0.5 if high == low else (v - low) / (high - low)
            scores_mm[m][r.code] = share if hib or high == low else 1 - share
            z = 0.0 if sd == 0 else (v - mu) / sd
            scores_z[m][r.code] = z if hib else -z
    by_member: dict[str, dict[str, Any]] = {
        m: {"institution": m, "min_max": bm.composite(scores_mm[m], weights),
            "z_score": bm.composite(scores_z[m], weights), "indicators": sorted(scores_mm[m])}
        for m in members}
    me = by_member[members[0]]
    mine: float | None = me["min_max"]
    scored: list[float] = [v["min_max"] for v in by_member.values() if v["min_max"] is not None]
    weighted = [c for c, w in weights.items() if w > 0]
    return {
        "min_max": mine, "z_score": me["z_score"],
        "rank": bm.competition_rank(mine, scored) if mine is not None else None,
        "rank_of": len(scored), "indicators_used": me["indicators"],
        "indicators_missing": sorted(set(weighted) - set(me["indicators"])),
        "members": sorted(by_member.values(),
                          key=lambda v: (v["min_max"] is None, -(v["min_max"] or 0),
                                         v["institution"])),
    }
