# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. Benchmarking internationalisation against peers
#
# This notebook follows an international office. It uses the bundled sample of eight
# **fictional** technical universities (every name and figure is invented for the demo) with
# three years (2022–2024) of the internationalisation indicators of the `int-indicators`
# framework, and it:
#
# 1. lists the institutions and the indicator catalogue (units, direction, core or supplementary);
# 2. tabulates the indicator values of one year;
# 3. benchmarks one institution, *Steppe Technical University*, against its peers: peer median,
#    best in class, gaps, rank, normalised scores;
# 4. follows the trend of one indicator and projects the gap three years ahead;
# 5. compares the weighted composite index under two weightings and two peer groups;
# 6. asks an ad-hoc SPARQL question of the observations.
#
# Formulas and their sources are in `docs/benchmarking.md`. Everything runs offline on an
# in-memory store through `competency_graph.services`.

# %%
from statistics import median

from competency_graph import services
from competency_graph.config import Settings
from competency_graph.reports.benchmarking import render_benchmark_text
from competency_graph.reports.query import query_table
from competency_graph.services import benchmarking as benchmark
from competency_graph.services.benchmarking import indicators

store = services.open_store(Settings(store=":memory:"))
print("demo loaders run:", services.ensure_demo(store))

ME = "demo-steppe-tech"
YEAR = 2024


def table(headers, rows, width=48):
    """Print rows as a plain-text table (cells cut to ``width`` characters)."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    sizes = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(s) for h, s in zip(headers, sizes, strict=True)))
    print("  ".join("-" * s for s in sizes))
    for row in cells:
        print("  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)))
    print()


def fmt(number, digits=2):
    """Round for display; a dash for a missing value."""
    return "-" if number is None else f"{number:.{digits}f}"


# %% [markdown]
# ## 1. The sample institutions and the indicators
#
# Names come in English, Russian and Kazakh.

# %%
institutions = indicators.list_institutions(store)
table(["id", "name", "name (kk)", "country", "type", "students", "years"],
      [(i.id, i.name, i.names.get("kk"), i.country, i.type, i.students,
        f"{min(i.years)}–{max(i.years)}" if i.years else "-") for i in institutions], width=52)

catalogue = indicators.indicator_catalogue(store)
CORE = sorted((code for code, spec in catalogue.items() if spec.is_core),
              key=lambda c: int(c[3:]))
table(["code", "label", "label (ru)", "unit", "higher is better", "core"],
      [(code, spec.labels.get("en"), spec.labels.get("ru"), spec.unit,
        "yes" if spec.higher_is_better else "no", "core" if spec.is_core else "supplementary")
       for code, spec in sorted(catalogue.items(), key=lambda kv: (not kv[1].is_core, kv[0]))],
      width=52)

# %% [markdown]
# ## 2. The values of one year
#
# `indicators.indicator_values` is the lean read the benchmark itself uses:
# (institution, indicator, year, value) tuples. Here the seven core indicators in 2024.

# %%
values = indicators.indicator_values(store, [i.id for i in institutions])
by_key = {(inst, code, year): value for inst, code, year, value in values}
rows = []
for inst in institutions:
    rows.append((inst.id, *(fmt(by_key.get((inst.id, code, YEAR))) for code in CORE)))
rows.append(("median", *(fmt(median(by_key[(i.id, code, YEAR)] for i in institutions
                                     if (i.id, code, YEAR) in by_key)) for code in CORE)))
table(["institution", *CORE], rows)

# %% [markdown]
# Each stored observation keeps its numerator, denominator and source, so a figure can be
# traced back (here the international student share, INT1, of Steppe Technical University):

# %%
int1_by_year = {record.year: record for record in indicators.observations(store, ME)
                if record.indicator == "INT1"}
for year, record in sorted(int1_by_year.items()):
    print(f"{year} INT1 = {record.value} = {record.numerator} / {record.denominator}"
          f" × 100   (source: {record.source})")

# %% [markdown]
# ## 3. The benchmark of Steppe Technical University, 2024
#
# `benchmark.benchmark` chooses the peers by a rule (by default: the same institution type) or
# takes an explicit list, then computes per indicator the peer median, the best in class, the
# gaps to both, the rank in the comparison group, min–max and z-score normalisation, growth
# rates and a projection. `render_benchmark_text` is what the `benchmark` CLI command prints.

# %%
report = benchmark.benchmark(store, ME, year=YEAR)
print(render_benchmark_text(report))

# %% [markdown]
# The same report as data. `gaps` classifies each indicator as *behind*, at *parity* or *ahead*
# of the peer median and of the best in class, respecting the indicator's direction.

# %%
table(["indicator", "label", "value", "peer median", "vs median", "best", "best in class",
       "rank"],
      [(r.code, r.label, fmt(r.value), fmt(r.peer_median), r.gaps["peer_median"]["class"],
        fmt(r.best_in_class), ", ".join(r.best_in_class_institutions), f"{r.rank}/{r.rank_of}")
       for r in report.indicators], width=40)
behind = [r.code for r in report.indicators if r.gaps["peer_median"]["class"] == "behind"]
print(f"{ME} is behind the peer median on {len(behind)} of {len(report.indicators)} "
      f"indicators: {', '.join(behind)}")

# %% [markdown]
# ## 4. Trend and projection
#
# Each indicator carries its trend over the years with the peer median and the best in class,
# the compound annual growth rate of the institution and of the best in class, and the gap
# projected `horizon` years ahead if both keep growing at those rates.

# %%
int1 = next(r for r in report.indicators if r.code == "INT1")
print(f"INT1 {int1.label}:")
table(["year", "value", "peer median", "best in class", "peers reporting"],
      [(t["year"], fmt(t["value"]), fmt(t["peer_median"]), fmt(t["best_in_class"]),
        t["peers_reporting"]) for t in int1.trend])
print(f"growth (CAGR): {int1.growth_rate:.1%} a year against {int1.benchmark_growth_rate:.1%} "
      f"for the best in class")
projection = int1.projection
print(f"projected {projection['year']}: {fmt(projection['value'])} against "
      f"{fmt(projection['best_in_class'])}; gap {fmt(projection['gap'])} "
      f"(today {fmt(int1.gaps['best_in_class']['absolute'])})")

# %% [markdown]
# ## 5. The composite index
#
# The composite is a weighted mean of the normalised indicator scores of each member of the
# comparison group (equal weights by default). Changing the weights or the peer group changes
# the picture: here the default, then a weighting that stresses student mobility (INT1, INT5),
# then only the peers in the same country.

# %%
def composite_line(name, rep):
    comp = rep.composite
    return (name, ", ".join(p["id"] for p in rep.peers), fmt(comp["min_max"], 3),
            fmt(comp["z_score"], 3), f"{comp['rank']}/{comp['rank_of']}")


stressed = benchmark.benchmark(store, ME, year=YEAR, weights={"INT1": 3, "INT5": 2})
domestic = benchmark.benchmark(store, ME, year=YEAR, peers="country")
table(["variant", "peers", "min-max", "z-score", "rank"],
      [composite_line("equal weights, same type", report),
       composite_line("INT1×3, INT5×2", stressed),
       composite_line("equal weights, same country", domestic)], width=70)
print("weights used (INT1×3, INT5×2):",
      {code: round(w, 3) for code, w in stressed.weights.items()})

print("\ncomposite ranking (equal weights):")
table(["institution", "min-max", "z-score"],
      [(m["institution"], fmt(m["min_max"], 3), fmt(m["z_score"], 3))
       for m in report.composite["members"]])

# %% [markdown]
# ## 6. An ad-hoc SPARQL question
#
# The observations are W3C Data Cube observations (`cg:IndicatorObservation`, see
# `docs/data-model.md`), so any question the services do not answer is one SPARQL query away.
# Here: the mean international student share (INT1) per country and year.

# %%
INT1_BY_COUNTRY = """
PREFIX cg: <https://w3id.org/competency-graph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?country ?year (COUNT(?observation) AS ?institutions)
       (ROUND(AVG(?value) * 100) / 100 AS ?meanShare)
WHERE {
  ?observation a cg:IndicatorObservation ;
               cg:refIndicator/skos:notation "INT1" ;
               cg:refInstitution/cg:country ?country ;
               cg:refYear ?year ;
               cg:value ?value .
}
GROUP BY ?country ?year
ORDER BY ?country ?year
"""
headers, rows = query_table(services.run_query(store, INT1_BY_COUNTRY))
table(headers, rows)

# %% [markdown]
# ## Where next
#
# * Record your own institution's indicators with `indicators.import_indicators` (CSV; the
#   layout is in `docs/benchmarking.md`) and run the same benchmark with explicit peers,
#   targets (`targets={"INT1": 10}`) and another horizon.
# * A full five-stage benchmarking study with an action plan lives in `services.studies`.
# * The figures here are invented: do not read them as statements about real universities.
