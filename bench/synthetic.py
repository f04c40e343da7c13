"""Synthetic programmes for the differential test corpus and the benchmark.

:func:`programme` writes one programme version as Turtle that follows docs/data-model.md: a
bachelor (or master) with courses spread over semesters, learning outcomes aligned to programme
outcomes at I/R/M by semester, programme outcomes aligned to the items of its target frameworks,
prerequisites, English-taught courses with teachers and their CEFR levels, and a mobility window.
``defects`` (a random subset, seeded) plants the problems the profiles look for, so a corpus
exercises every constraint family. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from competency_graph.io.ntriples import literal
from competency_graph.namespaces import data_iri, framework_iri, graph_iri, item_iri

DEFECTS = ("unobservable", "no_verb", "no_teacher", "ects_sum", "semester_load", "late_prereq",
           "prereq_cycle", "duplicate_code", "bad_tag", "low_english", "mid_english",
           "no_english", "no_mobility", "unaligned_outcome", "unaddressed_po", "missing_item",
           "below_item", "late_intro", "no_outcomes", "master_range", "no_level")

#: (framework id, item codes) the generator aligns to (bundled frameworks).
FRAMEWORKS = {
    "wa-2021": [f"WA{i}" for i in range(1, 12)],
    "eur-ace-2015-bachelor": ["B1.1", "B1.2", "B2.1", "B2.2", "B3.1", "B3.2", "B4.1", "B4.3",
                              "B5.1", "B5.3", "B5.5", "B6.1", "B6.2", "B7.1", "B7.2", "B8.1"],
}
VERBS = {"en": ["Apply", "Analyse", "Design", "Calculate", "Evaluate", "Explain", "Implement",
                "Compare", "Develop", "Plan"],
         "ru": ["Применять", "Анализировать", "Проектировать", "Рассчитывать", "Оценивать",
                "Объяснять", "Разрабатывать", "Сравнивать"]}


@dataclass(frozen=True)
class Synthetic:
    """A generated programme: its id, IRI, named graph and Turtle."""

    id: str
    iri: str
    graph: str
    turtle: str
    defects: tuple[str, ...]


def _lit(text: str, lang: str | None = None) -> str:
    return literal(text, lang=lang)


def programme(seed: int, *, courses: int = 48, outcomes_per_course: int = 8,
              programme_outcomes: int = 12, targets: tuple[str, ...] = ("wa-2021",),
              defects: tuple[str, ...] | None = None, n_defects: int = 0) -> Synthetic:
    """Generate one programme (Turtle). ``defects`` or ``n_defects`` random ones are planted."""
    rnd = random.Random(seed)
    if defects is None:
        defects = tuple(sorted(rnd.sample(DEFECTS, n_defects))) if n_defects else ()
    pid = f"SYN{seed:04d}"
    prog = data_iri("programme", pid, "1")
    inst = data_iri("institution", "syn-tech")
    master = "master_range" in defects
    semesters = 8
    per_sem = max(1, courses // semesters)
    ects = 240 / (per_sem * semesters)
    lines: list[str] = []
    add = lines.append
    course_iris = [f"{prog}/course/C{i:03d}" for i in range(courses)]
    po_iris = [f"{prog}/po/PO{i + 1}" for i in range(programme_outcomes)]
    staff = [f"{inst}/staff/T{i:02d}" for i in range(max(4, courses // 2))]
    levels = ["B1", "B2", "C1", "C2"]
    english_teacher_level: dict[str, str] = {}
    for n, teacher in enumerate(staff):
        add(f"<{teacher}> a <{_cg('StaffMember')}> ; <{_dct('identifier')}> {_lit(f'T{n:02d}')} ; "
            f"<{_schema('name')}> {_lit(f'Teacher {n}')} ; <{_cg('memberOf')}> <{inst}> .")
        level = "C1" if n % 3 else "C2"
        english_teacher_level[teacher] = level
    if "low_english" in defects:
        english_teacher_level[staff[0]] = "B1"
    if "mid_english" in defects:
        english_teacher_level[staff[0]] = "B2"
    for n, teacher in enumerate(staff):
        if "no_english" in defects and n == 0:
            continue
        assertion = f"{teacher}/assertion/1"
        add(f"<{teacher}> <{_cg('hasCompetenceAssertion')}> <{assertion}> .")
        add(f"<{assertion}> a <{_cg('StaffCompetenceAssertion')}> ; "
            f"<{_cg('competency')}> <{item_iri('staff-intl', 'SI1')}> ; "
            f"<{_cg('level')}> <{item_iri('cefr', english_teacher_level[teacher])}> .")
    del levels
    add(f"<{inst}> a <{_cg('Institution')}> ; <{_dct('identifier')}> \"syn-tech\" .")
    declared = 240  # for a master programme (defect master_range) 240 ECTS is out of range
    if "ects_sum" in defects:
        declared += 5
    add(f"<{prog}> a <{_cg('EducationalProgramme')}> ; <{_dct('identifier')}> {_lit(pid)} ; "
        f"<{_cg('versionNumber')}> \"1\" ; <{_cg('isCurrentVersion')}> true ; "
        f"<{_dct('title')}> {_lit(f'Synthetic programme {seed}', 'en')} , "
        f"{_lit(f'Синтетическая программа {seed}', 'ru')} ; "
        f"<{_cg('cycle')}> <{_cg('Master' if master else 'Bachelor')}> ; "
        f"<{_cg('declaredEcts')}> \"{declared}.0\"^^<{_xsd('decimal')}> ; "
        f"<{_cg('offeredBy')}> <{inst}> ; <{_cg('languageOfInstruction')}> \"ru\" , \"en\" .")
    for fid in targets:
        add(f"<{prog}> <{_cg('targetFramework')}> <{framework_iri(fid)}> .")
    if "no_mobility" not in defects:
        comp = f"{prog}/component/mobility-window"
        add(f"<{prog}> <{_cg('hasInternationalComponent')}> <{comp}> .")
        add(f"<{comp}> a <{_cg('InternationalComponent')}> ; "
            f"<{_cg('componentKind')}> <{_cg('MobilityWindow')}> .")
    # programme outcomes and their alignments to framework items
    alignment = 0

    def align(source: str, target: str, level: str | None) -> None:
        nonlocal alignment
        alignment += 1
        node = f"{prog}/alignment/{alignment}"
        add(f"<{node}> a <{_cg('Alignment')}> ; <{_cg('alignmentSource')}> <{source}> ; "
            f"<{_cg('alignmentTarget')}> <{target}>"
            + (f" ; <{_cg('level')}> <{item_iri('irm', level)}>" if level else "") + " .")

    items = [(fid, code) for fid in targets for code in FRAMEWORKS.get(fid, [])]
    n_pos = programme_outcomes + (1 if "unaddressed_po" in defects else 0)
    for i in range(n_pos):
        po = f"{prog}/po/PO{i + 1}"
        add(f"<{prog}> <{_cg('hasProgrammeOutcome')}> <{po}> .")
        add(f"<{po}> a <{_cg('ProgrammeOutcome')}> ; <{_dct('identifier')}> {_lit(f'PO{i + 1}')} ;"
            f" <{_cg('statement')}> {_lit(f'Graduates meet outcome {i + 1}.', 'en')} .")
    for k, (fid, code) in enumerate(items):
        if "missing_item" in defects and k == 0:
            continue
        level = "R" if "below_item" in defects and k == 1 else "M"
        align(po_iris[k % programme_outcomes], item_iri(fid, code), level)
    for c, course in enumerate(course_iris):
        sem = 1 + c // per_sem if c < per_sem * semesters else semesters
        code = f"C{c:03d}"
        if "duplicate_code" in defects and c == 1:
            code = "C000"
        lang = "en" if c % 5 == 2 else "ru"
        teacher = staff[c % len(staff)] if lang == "ru" else staff[0]
        course_ects = ects
        if "semester_load" in defects and c == 0:
            course_ects = ects + 10
        add(f"<{prog}> <{_cg('hasCourse')}> <{course}> .")
        title_lang = "english" if "bad_tag" in defects and c == 0 else "en"
        add(f"<{course}> a <{_cg('Course')}> ; <{_cg('courseCode')}> {_lit(code)} ; "
            f"<{_dct('title')}> {_lit(f'Course {c}', title_lang)} ; "
            f"<{_cg('ects')}> \"{course_ects:.1f}\"^^<{_xsd('decimal')}> ; "
            f"<{_cg('semester')}> {sem} ; <{_cg('languageOfInstruction')}> \"{lang}\" ; "
            f"<{_cg('isRequired')}> {'false' if c % 11 == 10 else 'true'} .")
        if not ("no_teacher" in defects and c == 3):
            add(f"<{course}> <{_cg('taughtBy')}> <{teacher}> .")
        if c >= per_sem:
            prereq = course_iris[c - per_sem - (c % per_sem if c % 3 == 0 else 0)]
            add(f"<{course}> <{_cg('hasPrerequisite')}> <{prereq}> .")
        if "late_prereq" in defects and c == per_sem:
            add(f"<{course}> <{_cg('hasPrerequisite')}> <{course_iris[-1]}> .")
        if "prereq_cycle" in defects and c == 0:
            add(f"<{course}> <{_cg('hasPrerequisite')}> <{course_iris[per_sem]}> .")
        if "no_outcomes" in defects and c == 5:
            continue
        for o in range(outcomes_per_course):
            lo = f"{course}/outcome/LO{o + 1}"
            verb_en = rnd.choice(VERBS["en"])
            verb_ru = rnd.choice(VERBS["ru"])
            text_en = f"{verb_en} the methods of topic {o + 1} of course {c}."
            if "unobservable" in defects and c == 2 and o == 0:
                text_en = f"Know and {verb_en.lower()} the methods of topic {o + 1}."
            if "no_verb" in defects and c == 4 and o == 0:
                text_en = f"Good results in topic {o + 1}."
            add(f"<{course}> <{_cg('hasLearningOutcome')}> <{lo}> .")
            add(f"<{lo}> a <{_cg('LearningOutcome')}> ; "
                f"<{_dct('identifier')}> {_lit(f'LO{o + 1}')} ;"
                f" <{_cg('statement')}> {_lit(text_en, 'en')} , "
                f"{_lit(f'{verb_ru} методы темы {o + 1}.', 'ru')} .")
            if "unaligned_outcome" in defects and c == 6 and o == 0:
                continue
            level = "I" if sem <= 3 else ("R" if sem <= 6 else "M")
            if "late_intro" in defects and c == courses - 1 and o == 0:
                level = "I"
            po = po_iris[(c * outcomes_per_course + o) % programme_outcomes]
            align(lo, po, None if ("no_level" in defects and c == 7 and o == 0) else level)
    body = "\n".join(lines) + "\n"
    return Synthetic(pid, prog, graph_iri("programme", pid, "1"), body, tuple(defects))


def _cg(local: str) -> str:
    from competency_graph.namespaces import CG

    return CG + local


def _dct(local: str) -> str:
    from competency_graph.namespaces import DCTERMS

    return DCTERMS + local


def _schema(local: str) -> str:
    from competency_graph.namespaces import SCHEMA

    return SCHEMA + local


def _xsd(local: str) -> str:
    from competency_graph.namespaces import XSD

    return XSD + local
