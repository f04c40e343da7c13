"""Output formats of a benchmark report: JSON, CSV, a plain-text table and the HTML page with
the radar chart; the page's messages in en/ru/kk (docs/benchmarking.md §4)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from markupsafe import Markup

from competency_graph.analysis.benchmark import BenchmarkReport
from competency_graph.i18n import register, translate
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
    lines = [f"{translate('bench.title', lang)}: {inst['name']} ({inst['id']}), {report.year}",
             f"{translate('bench.peers', lang)} ({report.peer_rule}): "
             + (", ".join(p["id"] for p in report.peers) or "—")]
    header = ["indicator", "value", "median", "best", "target", "gap_best", "gap_%", "attain",
              "rank", "minmax", "z", "cagr_%", f"gap_{report.year + report.horizon}"]
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
                 + (f"rank {comp['rank']}/{comp['rank_of']}" if comp["rank"] else ""))
    lines.extend(f"note: {n}" for n in report.notes)
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

def render_study_html(study: dict[str, Any], programme_titles: dict[str, str],
                      lang: str = "en") -> str:
    """The printable study page (``benchmark_study.html``) from a study's public JSON
    (``services.benchmarking.study_page_data``)."""
    return render("benchmark_study.html", lang=lang, study=study,
                  programme_titles=programme_titles)


register({
    "study.title": {"en": "Benchmarking study", "ru": "Бенчмаркинговое исследование",
                    "kk": "Бенчмаркинг зерттеуі"},
    "study.institution": {"en": "Institution", "ru": "Организация", "kk": "Ұйым"},
    "study.status": {"en": "Status", "ru": "Статус", "kk": "Мәртебесі"},
    "study.current": {"en": "Current stage", "ru": "Текущий этап", "kk": "Ағымдағы кезең"},
    "study.team": {"en": "Team", "ru": "Команда", "kk": "Топ"},
    "study.stages": {"en": "The five stages (Spendolini)", "ru": "Пять этапов (Спендолини)",
                     "kk": "Бес кезең (Спендолини)"},
    "study.plan": {"en": "Action plan", "ru": "План действий", "kk": "Іс-қимыл жоспары"},
    "study.deadline": {"en": "Deadline", "ru": "Срок", "kk": "Мерзімі"},
    "study.owner": {"en": "Owner", "ru": "Ответственный", "kk": "Жауапты"},
    "study.programmes": {"en": "Linked development programmes",
                         "ru": "Связанные программы повышения квалификации",
                         "kk": "Байланысты біліктілікті арттыру бағдарламалары"},
    "study.suggested": {"en": "Suggested programmes", "ru": "Рекомендуемые программы",
                        "kk": "Ұсынылатын бағдарламалар"},
    "study.status.planned": {"en": "planned", "ru": "запланирован", "kk": "жоспарланған"},
    "study.status.in-progress": {"en": "in progress", "ru": "выполняется", "kk": "орындалуда"},
    "study.status.completed": {"en": "completed", "ru": "завершён", "kk": "аяқталған"},
    "study.kind.DetermineWhatToBenchmark": {
        "en": "Determine what to benchmark", "ru": "Определение объекта бенчмаркинга",
        "kk": "Бенчмаркинг нысанын анықтау"},
    "study.kind.FormBenchmarkingTeam": {
        "en": "Form a benchmarking team", "ru": "Формирование команды бенчмаркинга",
        "kk": "Бенчмаркинг тобын құру"},
    "study.kind.IdentifyPartners": {
        "en": "Identify benchmarking partners", "ru": "Выбор партнёров по бенчмаркингу",
        "kk": "Бенчмаркинг серіктестерін анықтау"},
    "study.kind.CollectAndAnalyseInformation": {
        "en": "Collect and analyse information", "ru": "Сбор и анализ информации",
        "kk": "Ақпаратты жинау және талдау"},
    "study.kind.TakeAction": {"en": "Take action", "ru": "Принятие мер",
                              "kk": "Шаралар қабылдау"},
    "study.method": {
        "en": "Stages after Spendolini (1992); Camp's steps (1989) and the PDCA phase are shown "
              "as the finer grain (the PDCA mapping is the project's own). Suggested programmes "
              "develop the staff competences the indicator depends on.",
        "ru": "Этапы по Спендолини (1992); шаги Кэмпа (1989) и фаза цикла PDCA показаны как "
              "более детальный уровень (соответствие PDCA предложено проектом). Рекомендуемые "
              "программы развивают компетенции ППС, от которых зависит показатель.",
        "kk": "Кезеңдер Спендолини (1992) бойынша; Кэмп қадамдары (1989) мен PDCA фазасы "
              "егжей-тегжейлі деңгей ретінде көрсетілген (PDCA сәйкестігін жоба ұсынған). "
              "Ұсынылатын бағдарламалар көрсеткіш тәуелді ПОҚ құзыреттерін дамытады."},
})
