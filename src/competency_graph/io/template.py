"""Writing curriculum workbooks: the empty template (``competency-graph template FILE.xlsx``) and
a filled workbook from tables (the demo programme's ``.xlsx`` is written from its CSV files).

A workbook written here has the sheets of DESIGN §5 in order, a bold frozen header row, a
``notes`` sheet that explains every column in English, Russian and Kazakh, and drop-down lists
(data validations) where the values are closed: programme ``cycle``; course ``language``,
``required`` and ``components``; outcome ``bloom`` levels; staff ``english`` (CEFR) and
``foreign_citizen``; programme ``languages``. Single-valued closed columns (cycle, required,
foreign_citizen, english) refuse other values; columns that take a ``;`` list or an
alternative spelling (languages, components, bloom names) only warn.

The importer ignores the ``notes`` sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from competency_graph.io.workbook import COLUMNS, parse_decimal

__all__ = ["COMPONENT_CODES", "NOTES", "SHEET_ORDER", "VALIDATIONS", "csv_folder_to_workbook",
           "write_template", "write_workbook"]

SHEET_ORDER = ("programme", "courses", "programme_outcomes", "outcomes", "staff")

#: The international component codes (skos:notation of the cg:InternationalComponentKind
#: individuals; a test keeps this list equal to the ontology's).
COMPONENT_CODES = ("emi", "mobility-window", "double-degree", "joint-degree",
                   "international-internship", "visiting-lecturer", "coil", "global-platform",
                   "international-accreditation")

#: Template columns per sheet (required first; the staff sheet as io.staff reads it).
TEMPLATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "programme": ("id", "title", "title@ru", "title@kk", "cycle", "ects", "institution",
                  "languages", "targets", "isced_f", "version", "components", "description"),
    "courses": ("code", "title", "title@ru", "title@kk", "ects", "semester", "language",
                "required", "prerequisites", "teachers", "components"),
    "programme_outcomes": ("id", "text", "text@ru", "text@kk", "aligned_to"),
    "outcomes": ("course", "id", "text", "bloom", "aligned_to"),
    "staff": ("id", "name", "name@ru", "department", "english", "competences",
              "foreign_citizen"),
}

#: (sheet, column) → (values, refuse other values?)
VALIDATIONS: dict[tuple[str, str], tuple[tuple[str, ...], bool]] = {
    ("programme", "cycle"): (("bachelor", "master", "doctorate"), True),
    ("programme", "languages"): (("en", "ru", "kk", "kk; ru", "kk; ru; en", "ru; en"), False),
    ("programme", "components"): (COMPONENT_CODES, False),
    ("courses", "language"): (("en", "ru", "kk"), False),
    ("courses", "required"): (("yes", "no"), True),
    ("courses", "components"): (COMPONENT_CODES, False),
    ("outcomes", "bloom"): (("1", "2", "3", "4", "5", "6"), False),
    ("staff", "english"): (("A1", "A2", "B1", "B2", "C1", "C2"), True),
    ("staff", "foreign_citizen"): (("yes", "no"), True),
}

_ALIGNED_EN = ("';'-separated <target>@<level>: a programme outcome id (PO3) or a framework item "
               "framework-id:code (wa-2021:WA4); level I, R or M (Introduced, Reinforced, "
               "Mastered; also 1-3); no level = I")
_ALIGNED_RU = ("Список через ';' вида <цель>@<уровень>: код результата программы (PO3) или "
               "элемент рамки код-рамки:код (wa-2021:WA4); уровень I, R или M (введение, "
               "закрепление, освоение; также 1–3); без уровня — I")
_ALIGNED_KK = ("';' арқылы <мақсат>@<деңгей> тізімі: бағдарлама нәтижесінің коды (PO3) немесе "
               "шеңбер элементі шеңбер-коды:код (wa-2021:WA4); деңгей I, R немесе M (енгізу, "
               "бекіту, меңгеру; сондай-ақ 1–3); деңгейсіз — I")

#: (sheet, column) → (English, Russian, Kazakh, example)
NOTES: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("programme", "id"): (
        "Programme code, unique in the store (no '/')", "Код программы, уникальный (без '/')",
        "Бағдарлама коды, бірегей ('/' белгісіз)", "6B07101"),
    ("programme", "title"): (
        "Programme title; title@ru / title@kk give other languages",
        "Название программы; title@ru / title@kk — на других языках",
        "Бағдарлама атауы; title@ru / title@kk — басқа тілдерде", "Computer Engineering"),
    ("programme", "cycle"): (
        "Cycle: bachelor, master or doctorate", "Уровень: bachelor, master или doctorate",
        "Деңгей: bachelor, master немесе doctorate", "bachelor"),
    ("programme", "ects"): (
        "Declared total ECTS credits (a number)", "Заявленный объём в кредитах ECTS (число)",
        "ECTS кредиттерінің жарияланған жалпы көлемі (сан)", "240"),
    ("programme", "institution"): (
        "Institution id (or name; it is turned into an id)",
        "Идентификатор (или название) организации", "Ұйымның идентификаторы (немесе атауы)",
        "demo-steppe-tech"),
    ("programme", "languages"): (
        "Languages of instruction, ';'-separated tags", "Языки обучения через ';'",
        "Оқыту тілдері ';' арқылы", "kk; ru; en"),
    ("programme", "targets"): (
        "Target frameworks, ';'-separated ids (see `competency-graph frameworks`)",
        "Целевые рамки через ';' (см. `competency-graph frameworks`)",
        "Мақсатты шеңберлер ';' арқылы (`competency-graph frameworks` қараңыз)",
        "wa-2021; eur-ace-2015-bachelor"),
    ("programme", "isced_f"): (
        "ISCED-F 2013 field code", "Код области образования ISCED-F 2013",
        "ISCED-F 2013 білім беру саласының коды", "0714"),
    ("programme", "version"): (
        "Version; empty = the next number. An existing version is never overwritten",
        "Версия; пусто — следующий номер. Существующая версия не перезаписывается",
        "Нұсқа; бос болса — келесі нөмір. Бар нұсқа қайта жазылмайды", "2025"),
    ("programme", "components"): (
        "International components of the whole programme (codes as in courses)",
        "Международные компоненты всей программы (коды как в courses)",
        "Бүкіл бағдарламаның халықаралық компоненттері (кодтар courses сияқты)",
        "double-degree"),
    ("programme", "description"): (
        "Free description; description@ru / description@kk allowed",
        "Описание; допускаются description@ru / description@kk",
        "Сипаттама; description@ru / description@kk рұқсат", ""),
    ("courses", "code"): (
        "Course code, unique in the programme", "Код дисциплины, уникальный в программе",
        "Пән коды, бағдарламада бірегей", "CSE201"),
    ("courses", "title"): (
        "Course title; title@ru / title@kk give other languages",
        "Название дисциплины; title@ru / title@kk — на других языках",
        "Пән атауы; title@ru / title@kk — басқа тілдерде", "Data Structures and Algorithms"),
    ("courses", "ects"): ("ECTS credits (a number; 7,5 allowed)",
                          "Кредиты ECTS (число; допускается 7,5)",
                          "ECTS кредиттері (сан; 7,5 рұқсат)", "5"),
    ("courses", "semester"): ("Semester, a whole number from 1", "Семестр, целое число от 1",
                              "Семестр, 1-ден бастап бүтін сан", "3"),
    ("courses", "language"): ("Language of instruction (en, ru, kk; several with ';')",
                              "Язык обучения (en, ru, kk; несколько через ';')",
                              "Оқыту тілі (en, ru, kk; бірнешеуі ';' арқылы)", "en"),
    ("courses", "required"): ("yes = required, no = elective; empty = yes",
                              "yes — обязательная, no — элективная; пусто — yes",
                              "yes — міндетті, no — таңдау пәні; бос — yes", "yes"),
    ("courses", "prerequisites"): ("Prerequisite course codes, ';'-separated",
                                   "Пререквизиты — коды дисциплин через ';'",
                                   "Пререквизиттер — пән кодтары ';' арқылы", "CSE103; MAT201"),
    ("courses", "teachers"): ("Teacher staff ids (staff sheet), ';'-separated",
                              "Идентификаторы преподавателей (лист staff) через ';'",
                              "Оқытушылардың идентификаторлары (staff парағы) ';' арқылы",
                              "T08; T10"),
    ("courses", "components"): (
        "International components: " + ", ".join(COMPONENT_CODES),
        "Международные компоненты: " + ", ".join(COMPONENT_CODES),
        "Халықаралық компоненттер: " + ", ".join(COMPONENT_CODES), "emi; mobility-window"),
    ("programme_outcomes", "id"): ("Programme outcome id", "Код результата программы",
                                   "Бағдарлама нәтижесінің коды", "PO3"),
    ("programme_outcomes", "text"): (
        "Statement; text@ru / text@kk give other languages",
        "Формулировка; text@ru / text@kk — на других языках",
        "Тұжырым; text@ru / text@kk — басқа тілдерде",
        "Design hardware and software systems …"),
    ("programme_outcomes", "aligned_to"): (
        "Framework items, ';'-separated framework-id:code@level (level I, R, M; none = I)",
        "Элементы рамок через ';': код-рамки:код@уровень (I, R, M; без уровня — I)",
        "Шеңбер элементтері ';' арқылы: шеңбер-коды:код@деңгей (I, R, M; деңгейсіз — I)",
        "wa-2021:WA3@M; eur-ace-2015-bachelor:B3.1@M"),
    ("outcomes", "course"): ("Course code (courses sheet)", "Код дисциплины (лист courses)",
                             "Пән коды (courses парағы)", "CSE201"),
    ("outcomes", "id"): ("Outcome id, unique within its course",
                         "Код результата, уникальный в дисциплине",
                         "Нәтиже коды, пән ішінде бірегей", "LO1"),
    ("outcomes", "text"): (
        "Learning outcome starting with a measurable verb; text@ru / text@kk allowed",
        "Результат обучения, начинающийся с измеримого глагола; допускаются text@ru / text@kk",
        "Өлшенетін етістікпен тұжырымдалған оқыту нәтижесі; text@ru / text@kk рұқсат",
        "Analyse the time complexity of algorithms"),
    ("outcomes", "bloom"): (
        "Bloom level 1-6 or its name; empty = inferred from the verb",
        "Уровень Блума 1–6 или его название; пусто — по глаголу",
        "Блум деңгейі 1–6 немесе атауы; бос болса — етістік бойынша", "4"),
    ("outcomes", "aligned_to"): (_ALIGNED_EN, _ALIGNED_RU, _ALIGNED_KK,
                                 "PO2@R; wa-2021:WA2@R"),
    ("staff", "id"): ("Staff id, unique", "Идентификатор сотрудника, уникальный",
                      "Қызметкер идентификаторы, бірегей", "T08"),
    ("staff", "name"): ("Full name; name@ru / name@kk allowed",
                        "ФИО; допускаются name@ru / name@kk",
                        "Аты-жөні; name@ru / name@kk рұқсат", "Timur Kassymov"),
    ("staff", "department"): ("Department", "Кафедра", "Кафедра", "Computer Engineering"),
    ("staff", "english"): ("English level, CEFR A1-C2", "Уровень английского, CEFR A1–C2",
                           "Ағылшын тілі деңгейі, CEFR A1–C2", "C1"),
    ("staff", "competences"): (
        "Other competences: framework-id:code@LEVEL, ';'-separated",
        "Другие компетенции: код-рамки:код@УРОВЕНЬ через ';'",
        "Басқа құзыреттер: шеңбер-коды:код@ДЕҢГЕЙ ';' арқылы",
        "digcompedu:3.1@B1; staff-intl:SI2@L2"),
    ("staff", "foreign_citizen"): ("yes / no", "yes / no (иностранный гражданин)",
                                   "yes / no (шетел азаматы)", "no"),
}
_SHEET_NOTES = {
    "programme": "one row / одна строка / бір жол",
    "courses": "one row per course / строка на дисциплину / әр пәнге бір жол",
    "programme_outcomes": "optional / необязательный / міндетті емес",
    "outcomes": "one row per learning outcome / строка на результат / әр нәтижеге бір жол",
    "staff": "optional / необязательный / міндетті емес",
}


def _note(sheet: str, column: str) -> tuple[str, str, str, str]:
    if (sheet, column) in NOTES:
        return NOTES[(sheet, column)]
    base, _, lang = column.partition("@")
    en, ru, kk, _ = NOTES.get((sheet, base), ("", "", "", ""))
    return (f"{en} — in '{lang}'", f"{ru} — на языке '{lang}'", f"{kk} — '{lang}' тілінде", "")


def _number(text: str) -> int | float | str:
    """Write numeric cells as numbers (as a spreadsheet user would have them)."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    value = parse_decimal(text)
    if value is None or "," in text or text.strip() != text:
        return text
    if value == value.to_integral_value() and "." not in text:
        return int(value)
    return float(value) if isinstance(value, Decimal) else text


NUMERIC_COLUMNS = {("programme", "ects"), ("courses", "ects"), ("courses", "semester"),
                   ("outcomes", "bloom")}


def write_workbook(path: Path, tables: Mapping[str, tuple[Sequence[str], Sequence[Sequence[str]]]],
                   *, notes: bool = True, rows_with_lists: int = 500) -> Path:
    """Write sheets (name → (header, rows of text)) as an ``.xlsx`` with the notes sheet and
    drop-down lists. Numeric columns are written as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="F8CBAD")
    for name in [s for s in SHEET_ORDER if s in tables] + [s for s in tables
                                                           if s not in SHEET_ORDER]:
        header, rows = tables[name]
        sheet = book.create_sheet(name)
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = fill
        required = COLUMNS.get(name, ((), ()))[0]
        for i, column in enumerate(header, start=1):
            letter = get_column_letter(i)
            sheet.column_dimensions[letter].width = max(10, min(60, len(column) + 6))
            if column in required:
                sheet.cell(row=1, column=i).fill = required_fill
            values = VALIDATIONS.get((name, column))
            if values:
                options, strict = values
                dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                                    allow_blank=True, showErrorMessage=True,
                                    errorStyle="stop" if strict else "warning",
                                    error="Choose a value from the list",
                                    errorTitle=column, prompt=_note(name, column)[0],
                                    promptTitle=column, showInputMessage=True)
                dv.add(f"{letter}2:{letter}{max(rows_with_lists, len(rows) + 1)}")
                sheet.add_data_validation(dv)
        for row in rows:
            cells: list[object] = []
            for column, text in zip(header, row, strict=False):
                cells.append(_number(text) if (name, column) in NUMERIC_COLUMNS else text)
            sheet.append(cells)
        sheet.freeze_panes = "A2"
    if notes:
        _notes_sheet(book, bold, fill)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _notes_sheet(book: Any, bold: Any, fill: Any) -> None:
    """The ``notes`` sheet: every column of every sheet, required or not, in en/ru/kk."""
    from openpyxl.styles import Alignment

    sheet = book.create_sheet("notes")
    sheet.append(["sheet", "column", "required", "meaning (en)", "значение (ru)",
                  "мағынасы (kk)", "example"])
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
    for name in SHEET_ORDER:
        sheet.append([name, "", "", _SHEET_NOTES[name], "", "", ""])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        required = COLUMNS[name][0]
        for column in TEMPLATE_COLUMNS[name]:
            en, ru, kk, example = _note(name, column)
            sheet.append([name, column, "yes" if column in required else "no", en, ru, kk,
                          example])
    sheet.append([])
    sheet.append(["", "", "", "Unknown columns are kept as notes (cg:note) and reported as "
                  "warnings. Save CSV files as UTF-8.",
                  "Неизвестные столбцы сохраняются как примечания (cg:note) с "
                  "предупреждением. CSV сохраняйте в UTF-8.",
                  "Белгісіз бағандар ескертпе (cg:note) ретінде сақталып, ескерту беріледі. "
                  "CSV файлдарын UTF-8 форматында сақтаңыз.", ""])
    for letter, width in zip("ABCDEFG", (20, 18, 9, 60, 60, 60, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_template(path: Path) -> Path:
    """Write the empty curriculum workbook template."""
    return write_workbook(path, {name: (TEMPLATE_COLUMNS[name], []) for name in SHEET_ORDER})


def csv_folder_to_workbook(folder: Path, path: Path) -> Path:
    """Write the CSV files of a workbook folder as one ``.xlsx`` (same sheets, same cells;
    numbers as numbers), with the notes sheet and drop-down lists.

    :raises InputError: when the folder cannot be read as a workbook.
    """
    from competency_graph.errors import InputError
    from competency_graph.io.workbook import read_tables

    tables, problems = read_tables(folder)
    if problems.errors:
        raise InputError(problems.errors)
    out: dict[str, tuple[Sequence[str], Sequence[Sequence[str]]]] = {}
    for name, table in tables.items():
        rows = [[row.get(h, "") for h in table.header] for _, row in table.rows]
        out[name] = (table.raw_header, rows)
    return write_workbook(path, out)
