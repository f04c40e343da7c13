"""Output formats of a benchmark report: JSON, CSV, a plain-text table and the HTML page with
the radar chart; the page's messages in en/ru/kk (docs/benchmarking.md §4)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from markupsafe import Markup

from competency_graph.analysis.benchmark import BenchmarkReport
from competency_graph.i18n import translate
from competency_graph.reports.html import render
from competency_graph.reports.radar import radar_svg


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def render_benchmark_json(report: BenchmarkReport) -> str:
    """The report as JSON text."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


CSV_COLUMNS = ("indicator", "label", "unit", "value", "peers_reporting", "peer_median",
               "best_in_class", "target", "gap_median", "gap_best", "relative_gap_best_pct",
               "attainment_best", "gap_target", "attainment_target", "rank", "rank_of",
               "min_max", "z_score", "cagr", "cagr_best", "projected_year", "projected_value",
               "projected_best", "projected_gap", "weight")


def benchmark_rows(report: BenchmarkReport) -> list[dict[str, Any]]:
    """One flat row per indicator (the CSV and text layouts)."""
    rows = []
    for r in report.indicators:
        p = r.projection or {}
        rows.append({
            "indicator": r.code, "label": r.label, "unit": r.unit, "value": r.value,
            "peers_reporting": r.peers_reporting, "peer_median": r.peer_median,
            "best_in_class": r.best_in_class, "target": r.target,
            "gap_median": r.gaps["peer_median"]["absolute"],
            "gap_best": r.gaps["best_in_class"]["absolute"],
            "relative_gap_best_pct": r.gaps["best_in_class"]["relative"],
            "attainment_best": r.gaps["best_in_class"]["attainment"],
            "gap_target": r.gaps["target"]["absolute"],
            "attainment_target": r.gaps["target"]["attainment"],
            "rank": r.rank, "rank_of": r.rank_of, "min_max": r.min_max["value"],
            "z_score": r.z_score["value"], "cagr": r.growth_rate,
            "cagr_best": r.benchmark_growth_rate, "projected_year": p.get("year"),
            "projected_value": p.get("value"), "projected_best": p.get("best_in_class"),
            "projected_gap": p.get("gap"), "weight": report.weights.get(r.code, 0.0),
        })
    return rows


def render_benchmark_csv(report: BenchmarkReport) -> str:
    """The report as CSV, one row per indicator (numbers unrounded)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in benchmark_rows(report):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def render_benchmark_text(report: BenchmarkReport, lang: str = "en") -> str:
    """A plain-text summary table (rounded) for the terminal."""
    inst = report.institution
    rule = translate(f"bench.peer_rule.{report.peer_rule}", lang)
    lines = [f"{translate('bench.title', lang)}: {inst['name']} ({inst['id']}), {report.year}",
             f"{translate('bench.peers', lang)} ({rule}): "
             + (", ".join(p["id"] for p in report.peers) or "—")]
    header = [translate(f"bench.col.{key}", lang)
              for key in ("indicator", "value", "median", "best", "target", "gap_best",
                          "gap_pct", "attain", "rank")]
    header += ["min–max", "z", translate("bench.col.cagr", lang),
               translate("bench.col.projected", lang, year=report.year + report.horizon)]
    table = [header]
    for row in benchmark_rows(report):
        table.append([
            row["indicator"], _fmt(row["value"]), _fmt(row["peer_median"]),
            _fmt(row["best_in_class"]), _fmt(row["target"]), _fmt(row["gap_best"]),
            _fmt(row["relative_gap_best_pct"], 1), _fmt(row["attainment_best"], 3),
            f"{row['rank']}/{row['rank_of']}" if row["rank"] is not None else "",
            _fmt(row["min_max"], 3), _fmt(row["z_score"], 3),
            _fmt(row["cagr"] * 100 if row["cagr"] is not None else None, 1),
            _fmt(row["projected_gap"]),
        ])
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for r in table:
        lines.append("  ".join(c.rjust(w) if i else c.ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    comp = report.composite
    lines.append(f"{translate('bench.composite', lang)}: {_fmt(comp['min_max'], 3)} (min–max), "
                 f"{_fmt(comp['z_score'], 3)} (z); "
                 + (translate("bench.rank_of", lang, rank=comp["rank"], of=comp["rank_of"])
                    if comp["rank"] else ""))
    lines.extend(f"{translate('bench.note', lang)}: {n}" for n in report.notes)
    return "\n".join(lines) + "\n"


def benchmark_radar(report: BenchmarkReport, lang: str = "en") -> str:
    """The radar chart (inline SVG) of the normalised core indicators, each axis labelled with
    the indicator's code and name."""
    core = [r for r in report.indicators if r.is_core]
    series = [
        (translate("bench.best", lang),
         [r.min_max["best_in_class"] for r in core], "#2e7d32", "6 4"),
        (translate("bench.median", lang),
         [r.min_max["peer_median"] for r in core], "#b26a00", "2 3"),
        (report.institution["name"], [r.min_max["value"] for r in core], "#1f5fa8", ""),
    ]
    return radar_svg([f"{r.code}\n{r.label}" for r in core], series, size=560,
                     title=translate("bench.radar", lang))


def render_benchmark_html(report: BenchmarkReport, lang: str = "en") -> str:
    """The benchmark page: a radar chart of the normalised core indicators and the gap table."""
    svg = benchmark_radar(report, lang)
    return render("benchmark.html", lang=lang, report=report, rows=benchmark_rows(report),
                  radar=Markup(svg), fmt=_fmt)


def render_study_html(study: dict[str, Any], programme_titles: dict[str, str],
                      lang: str = "en") -> str:
    """The printable study page (``benchmark_study.html``) from a study's public JSON
    (``services.benchmarking.study_page_data``)."""
    return render("benchmark_study.html", lang=lang, study=study,
                  programme_titles=programme_titles)


