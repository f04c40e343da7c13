"""The printable page of a benchmarking study (five stages with Camp's steps and PDCA, the
action plan) and its messages in en/ru/kk."""

from __future__ import annotations

from typing import Any

from competency_graph.i18n import register
from competency_graph.reports import render


def render_study_page(study: dict[str, Any], programme_titles: dict[str, str],
                      lang: str = "en") -> str:
    """Render ``benchmark_study.html`` from a study's public JSON (``studies.study_public``)."""
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
