"""The staff readiness report and its development plan as text and as a printable HTML page,
with the messages in en/ru/kk. Input: the dicts of :mod:`competency_graph.services.staff`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from competency_graph.i18n import register, translate
from competency_graph.reports.html import render, rules_footer

register({
    "staff.title": {"en": "Staff readiness for internationalisation",
                    "ru": "Готовность ППС к интернационализации",
                    "kk": "ПОҚ-тың интернационалдандыруға дайындығы"},
    "staff.plan": {"en": "Professional development plan",
                   "ru": "План повышения квалификации",
                   "kk": "Біліктілікті арттыру жоспары"},
    "staff.findings": {"en": "Findings", "ru": "Замечания", "kk": "Ескертулер"},
    "staff.none": {"en": "Every teacher meets every requirement.",
                   "ru": "Все преподаватели соответствуют всем требованиям.",
                   "kk": "Барлық оқытушылар барлық талаптарға сай."},
    "staff.staff": {"en": "Staff member", "ru": "Сотрудник", "kk": "Қызметкер"},
    "staff.course": {"en": "Course", "ru": "Курс", "kk": "Курс"},
    "staff.competency": {"en": "Competency", "ru": "Компетенция", "kk": "Құзыреттілік"},
    "staff.required": {"en": "Required", "ru": "Требуется", "kk": "Талап етіледі"},
    "staff.actual": {"en": "Actual", "ru": "Фактически", "kk": "Нақты"},
    "staff.severity": {"en": "Severity", "ru": "Уровень", "kk": "Деңгей"},
    "staff.reason": {"en": "Why", "ru": "Причина", "kk": "Себебі"},
    "staff.department": {"en": "Department", "ru": "Кафедра", "kk": "Кафедра"},
    "staff.all_programmes": {"en": "{institution}: all programmes",
                             "ru": "{institution}: все программы",
                             "kk": "{institution}: барлық бағдарламалар"},
    "staff.programmes": {"en": "Programmes", "ru": "Программы", "kk": "Бағдарламалар"},
    "staff.ready": {"en": "ready", "ru": "готовы", "kk": "дайын"},
    "staff.departments": {"en": "Departments", "ru": "Кафедры", "kk": "Кафедралар"},
    "staff.courses": {"en": "Courses and requirements", "ru": "Курсы и требования",
                      "kk": "Курстар және талаптар"},
    "staff.teachers": {"en": "Teachers", "ru": "Преподаватели", "kk": "Оқытушылар"},
    "staff.requirements": {"en": "Requirements", "ru": "Требования", "kk": "Талаптар"},
    "staff.english_share": {
        "en": "English-taught courses with a qualified teacher",
        "ru": "Курсы на английском языке с квалифицированным преподавателем",
        "kk": "Білікті оқытушысы бар ағылшын тіліндегі курстар"},
    "staff.violation": {"en": "violation", "ru": "нарушение", "kk": "бұзушылық"},
    "staff.warning": {"en": "warning", "ru": "предупреждение", "kk": "ескерту"},
    "staff.places": {"en": "Programme places", "ru": "Места в программах",
                     "kk": "Бағдарламалардағы орындар"},
    "staff.hours": {"en": "Hours", "ru": "Часы", "kk": "Сағат"},
    "staff.attendees": {"en": "Attendees", "ru": "Участники", "kk": "Қатысушылар"},
    "staff.covers": {"en": "Covers", "ru": "Закрывает", "kk": "Жабады"},
    "staff.uncovered": {"en": "Not covered by any programme",
                        "ru": "Не закрыто ни одной программой",
                        "kk": "Ешбір бағдарлама жаппайды"},
    "staff.method": {
        "en": "Greedy set cover: repeatedly pick the (staff member, programme) place that "
              "covers the most open findings; ties go to the shorter programme.",
        "ru": "Жадное покрытие множества: на каждом шаге выбирается место (сотрудник, "
              "программа), закрывающее больше всего открытых замечаний; при равенстве — "
              "более короткая программа.",
        "kk": "Ашкөз жиынды жабу: әр қадамда ең көп ашық ескертуді жабатын (қызметкер, "
              "бағдарлама) орны таңдалады; тең болса — қысқарақ бағдарлама."},
    "staff.reason.below-floor": {"en": "below the floor", "ru": "ниже минимума",
                                 "kk": "ең төменгі деңгейден төмен"},
    "staff.reason.below-recommended": {"en": "below the recommended level",
                                       "ru": "ниже рекомендуемого уровня",
                                       "kk": "ұсынылған деңгейден төмен"},
    "staff.reason.no-assertion": {"en": "no evidence recorded", "ru": "нет данных",
                                  "kk": "дерек жоқ"},
    "staff.reason.not-in-roster": {"en": "no evidence recorded: teacher not in the staff roster",
                                   "ru": "нет данных: преподавателя нет в списке сотрудников",
                                   "kk": "дерек жоқ: оқытушы қызметкерлер тізімінде жоқ"},
    "staff.reason.no-teacher": {"en": "course has no teacher", "ru": "у курса нет преподавателя",
                                "kk": "курстың оқытушысы жоқ"},
    "staff.basis.english": {"en": "taught in English", "ru": "преподаётся на английском",
                            "kk": "ағылшын тілінде оқытылады"},
})



def render_staff_text(report: Mapping[str, Any], plan: Mapping[str, Any] | None = None) -> str:
    """Return a plain-text rendering (for the terminal)."""
    lang = report.get("lang", "en")
    s = report["summary"]
    lines = [f"{translate('staff.title', lang)}: {s.get('programme') or s.get('institution')} "
             f"({s.get('programme_title') or ''})",
             f"violations {s['counts']['violation']}, warnings {s['counts']['warning']}; "
             f"staff {s['staff']} ({s['staff_ready']} ready); "
             f"English-taught courses {s['english_taught_courses']}, with a qualified teacher "
             f"{s['english_taught_with_qualified_teacher']}"]
    if "below_floor" in s:
        lines.append(f"below the floor {s['below_floor']}; no evidence recorded "
                     f"{s['no_evidence']}")
    if s["courses_without_teacher"]:
        lines.append("courses without a teacher: " + ", ".join(s["courses_without_teacher"]))
    if s["staff_not_in_roster"]:
        lines.append("teachers not in the roster: " + ", ".join(s["staff_not_in_roster"]))
    for f in report["findings"]:
        where = f"{f['programme']}/{f['course']}" if "programme" in f else f["course"]
        lines.append(f"  {f['severity']:<9} {where:<10} {f['staff'] or '-':<8} "
                     f"{f['competency_code']:<4} required {f['required_level']:<3} "
                     f"actual {f['actual_level'] or '-':<3} "
                     f"({translate('staff.reason.' + f['reason'], lang)})"
                     + (f" — {f['staff_name']}" if f.get("staff_name") else ""))
    if not report["findings"]:
        lines.append(translate("staff.none", lang))
    if report.get("rules"):
        lines.append(rules_footer(report["rules"]))
    if plan is not None:
        ps = plan["summary"]
        lines.append("")
        lines.append(f"{translate('staff.plan', lang)}: {ps['places']} place(s), "
                     f"{ps['staff']} staff, {ps['hours']} h; covers {ps['covered']} of "
                     f"{ps['findings']} finding(s)")
        for p in plan["places"]:
            covers = ", ".join(f"{c['course']}/{c['competency_code']}" for c in p["covers"])
            lines.append(f"  {p['staff']:<8} → {p['title']} ({p['hours']} h): {covers}")
        for f in plan["uncovered"]:
            lines.append(f"  uncovered: {f['course']} {f['staff'] or '-'} "
                         f"{f['competency_code']}")
    return "\n".join(lines) + "\n"


def render_staff_html(report: Mapping[str, Any], plan: Mapping[str, Any] | None = None,
                lang: str | None = None) -> str:
    """Return the printable HTML page of a readiness report (and its plan)."""
    lang = lang or report.get("lang", "en")
    return render("staff.html", lang=lang, report=report, plan=plan,
                  chart=_share_chart(report["summary"]["departments"]))


def _share_chart(departments: list[dict[str, Any]]) -> str:
    """An inline SVG bar chart: share of English-taught courses with a qualified teacher."""
    rows = [d for d in departments if d["english_taught_courses"]]
    if not rows:
        return ""
    width, bar_h, gap, label_w = 560, 18, 8, 200
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg width="{width}" height="{height}" '
             'role="img" class="chart">']
    for i, d in enumerate(rows):
        y = gap + i * (bar_h + gap)
        share = d["share_english_qualified"] or 0.0
        w = int((width - label_w - 60) * share)
        label = str(d["department"])
        name = _esc(label if len(label) <= 30 else label[:29] + "…")
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{name}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{width - label_w - 60}" '
                     f'height="{bar_h}" fill="#eef1f6"/>')
        colour = "#2e7d32" if share >= 1 else "#b26a00" if share >= 0.5 else "#b3261e"
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{width - 55}" y="{y + 13}" font-size="12">'
                     f'{round(share * 100)}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
