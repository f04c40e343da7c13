"""Output formats of a benchmark report: JSON, CSV, a plain-text table and the HTML page with
the radar chart; the page's messages in en/ru/kk (docs/benchmarking.md §4)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from competency_graph.i18n import register

if TYPE_CHECKING:
    from competency_graph.services.benchmark import BenchmarkReport


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def report_json(report: BenchmarkReport) -> str:
    """The report as JSON text."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


CSV_COLUMNS = ("indicator", "label", "unit", "value", "peers_reporting", "peer_median",
               "best_in_class", "target", "gap_median", "gap_best", "relative_gap_best_pct",
               "attainment_best", "gap_target", "attainment_target", "rank", "rank_of",
               "min_max", "z_score", "cagr", "cagr_best", "projected_year", "projected_value",
               "projected_best", "projected_gap", "weight")


def report_rows(report: BenchmarkReport) -> list[dict[str, Any]]:
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


def report_csv(report: BenchmarkReport) -> str:
    """The report as CSV, one row per indicator (numbers unrounded)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def report_text(report: BenchmarkReport, lang: str = "en") -> str:
    """A plain-text summary table (rounded) for the terminal."""
    from competency_graph.i18n import translate as t

    inst = report.institution
    lines = [f"{t('bench.title', lang)}: {inst['name']} ({inst['id']}), {report.year}",
             f"{t('bench.peers', lang)} ({report.peer_rule}): "
             + (", ".join(p["id"] for p in report.peers) or "—")]
    header = ["indicator", "value", "median", "best", "target", "gap_best", "gap_%", "attain",
              "rank", "minmax", "z", "cagr_%", f"gap_{report.year + report.horizon}"]
    table = [header]
    for row in report_rows(report):
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
    lines.append(f"{t('bench.composite', lang)}: {_fmt(comp['min_max'], 3)} (min–max), "
                 f"{_fmt(comp['z_score'], 3)} (z); "
                 + (f"rank {comp['rank']}/{comp['rank_of']}" if comp["rank"] else ""))
    lines.extend(f"note: {n}" for n in report.notes)
    return "\n".join(lines) + "\n"


def render_html(report: BenchmarkReport, lang: str = "en") -> str:
    """The benchmark page: a radar chart of the normalised core indicators and the gap table."""
    from markupsafe import Markup

    from competency_graph.reports import render
    from competency_graph.reports.radar import radar_svg

    core = [r for r in report.indicators if r.is_core]
    series = [
        (translate_label("bench.best", lang),
         [r.min_max["best_in_class"] for r in core], "#2e7d32", "6 4"),
        (translate_label("bench.median", lang),
         [r.min_max["peer_median"] for r in core], "#b26a00", "2 3"),
        (report.institution["name"], [r.min_max["value"] for r in core], "#1f5fa8", ""),
    ]
    svg = radar_svg([r.code for r in core], series,
                    title=translate_label("bench.radar", lang))
    return render("benchmark.html", lang=lang, report=report, rows=report_rows(report),
                  radar=Markup(svg), fmt=_fmt)


def translate_label(key: str, lang: str) -> str:
    """Return a message of this module's catalogue."""
    from competency_graph.i18n import translate

    return translate(key, lang)


register({
    "bench.title": {"en": "Internationalisation benchmark", "ru": "Бенчмаркинг интернационализации",
                    "kk": "Интернационалдандыру бенчмаркингі"},
    "bench.peers": {"en": "Peers", "ru": "Организации для сравнения",
                    "kk": "Салыстырылатын ұйымдар"},
    "bench.year": {"en": "Year", "ru": "Год", "kk": "Жыл"},
    "bench.indicator": {"en": "Indicator", "ru": "Показатель", "kk": "Көрсеткіш"},
    "bench.value": {"en": "Value", "ru": "Значение", "kk": "Мәні"},
    "bench.median": {"en": "Peer median", "ru": "Медиана партнёров",
                     "kk": "Серіктестер медианасы"},
    "bench.best": {"en": "Best in class", "ru": "Лучший результат", "kk": "Үздік нәтиже"},
    "bench.target": {"en": "Target", "ru": "Целевое значение", "kk": "Мақсатты мән"},
    "bench.gap": {"en": "Gap to best", "ru": "Разрыв с лучшим", "kk": "Үздікпен алшақтық"},
    "bench.gap_median": {"en": "Gap to median", "ru": "Разрыв с медианой",
                         "kk": "Медианамен алшақтық"},
    "bench.relative": {"en": "Relative gap, %", "ru": "Относительный разрыв, %",
                       "kk": "Салыстырмалы алшақтық, %"},
    "bench.attainment": {"en": "Attainment", "ru": "Степень достижения", "kk": "Қол жеткізу"},
    "bench.rank": {"en": "Rank", "ru": "Место", "kk": "Орын"},
    "bench.zscore": {"en": "z-score", "ru": "z-оценка", "kk": "z-бағасы"},
    "bench.minmax": {"en": "Min–max score", "ru": "Нормированное значение (min–max)",
                     "kk": "Нормаланған мән (min–max)"},
    "bench.cagr": {"en": "Growth per year, %", "ru": "Среднегодовой рост, %",
                   "kk": "Жылдық өсім, %"},
    "bench.projected": {"en": "Projected gap", "ru": "Прогнозный разрыв",
                        "kk": "Болжамды алшақтық"},
    "bench.composite": {"en": "Composite index", "ru": "Интегральный индекс",
                        "kk": "Интегралдық индекс"},
    "bench.radar": {"en": "Normalised core indicators (min–max over the comparison group)",
                    "ru": "Нормированные основные показатели (min–max по группе сравнения)",
                    "kk": "Нормаланған негізгі көрсеткіштер (салыстыру тобы бойынша min–max)"},
    "bench.trend": {"en": "Trend over the years", "ru": "Динамика по годам",
                    "kk": "Жылдар бойынша серпін"},
    "bench.gaps": {"en": "Gaps", "ru": "Разрывы", "kk": "Алшақтықтар"},
    "bench.fictional": {
        "en": "Institutions whose id starts with 'demo-' are FICTIONAL demo data.",
        "ru": "Организации с идентификатором «demo-…» — ВЫМЫШЛЕННЫЕ демо-данные.",
        "kk": "«demo-…» идентификаторы бар ұйымдар — ОЙДАН ШЫҒАРЫЛҒАН демо-деректер."},
    "bench.method": {"en": "Gaps are benchmark − value (positive = behind). Rank: competition "
                           "ranking (1, 2, 2, 4). Normalisation over the institution and its "
                           "peers; z-scores use the population standard deviation.",
                     "ru": "Разрыв = эталон − значение (положительный — отставание). Место: "
                           "спортивный ранг (1, 2, 2, 4). Нормирование по организации и её "
                           "партнёрам; z-оценки — по стандартному отклонению генеральной "
                           "совокупности.",
                     "kk": "Алшақтық = эталон − мән (оң мән — артта қалу). Орын: жарыс рангі "
                           "(1, 2, 2, 4). Нормалау ұйым мен оның серіктестері бойынша; "
                           "z-бағалары бас жиынтықтың стандартты ауытқуымен есептеледі."},
})
