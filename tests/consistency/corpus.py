"""A generated corpus of programmes with random defects for the consistency tests (issue 12):
:func:`bench.synthetic.programme` (the validation corpus generator) plus
defects that exercise the rules where validate, gaps, progression and staff could disagree —
electives, weak crosswalk routes, assessment maps using only M, international components (SI2,
SI3, SI5 requirements), EMI courses, teachers with no evidence recorded or not in the roster,
programme-level required-level targets. Deterministic for a seed."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from bench.synthetic import DEFECTS, FRAMEWORKS, programme
from competency_graph.namespaces import CG, SKOS, item_iri

LANGS = ("en", "ru", "kk")
EXTRA = ("elective_only", "weak_route", "two_close", "m_only", "visiting", "global_platform",
         "emi", "no_si2", "ghost_teacher", "target_r", "intro_late", "mastered_early")


@dataclass(frozen=True)
class Case:
    """One corpus programme: its IRI, graph, Turtle, the language it is checked in, the
    defects planted, and its target frameworks."""

    id: str
    iri: str
    graph: str
    turtle: str
    #: mapping triples of a local crosswalk (its own graph ``graph/crosswalk/<id>``), or ""
    crosswalk: str
    lang: str
    defects: tuple[str, ...]
    targets: tuple[str, ...]


def case(seed: int) -> Case:
    """The corpus programme of ``seed``: a small synthetic programme with 0–6 random defects of
    the validation generator and 0–4 of :data:`EXTRA`."""
    rnd = random.Random(seed * 7919)
    targets = ("wa-2021", "eur-ace-2015-bachelor")
    base = programme(seed, courses=8 + seed % 5, outcomes_per_course=2 + seed % 2,
                     programme_outcomes=3 + seed % 3, targets=targets,
                     n_defects=rnd.randint(0, 6))
    extra = tuple(sorted(rnd.sample(EXTRA, rnd.randint(0, 4))))
    prog, lines, mappings = base.iri, [base.turtle], []
    courses = sorted(set(re.findall(rf"<({re.escape(prog)}/course/C\d+)>", base.turtle)))
    pos = sorted(set(re.findall(rf"<({re.escape(prog)}/po/PO\d+)>", base.turtle)))
    turtle = base.turtle
    if "m_only" in extra:  # an assessment map: every course outcome aligned at M
        turtle = re.sub(r"(/outcome/LO\d+> ; <[^>]+alignmentTarget> <[^>]+/po/PO\d+> ; "
                        r"<[^>]+#level> <[^>]+/irm/)[IR]>", r"\1M>", turtle)
        lines = [turtle]
    alignment = 10_000

    def align(source: str, target: str, level: str) -> None:
        nonlocal alignment
        alignment += 1
        lines.append(f"<{prog}/alignment/{alignment}> a <{CG}Alignment> ; "
                     f"<{CG}alignmentSource> <{source}> ; <{CG}alignmentTarget> <{target}> ; "
                     f"<{CG}level> <{item_iri('irm', level)}> .")

    pick = rnd.choice
    if "elective_only" in extra and courses:  # a course made elective that aligns to an item
        course = pick(courses)
        lines.append(f"<{course}> <{CG}isRequired> false .")
        align(f"{course}/outcome/LO1", item_iri("wa-2021", pick(FRAMEWORKS["wa-2021"])), "M")
    if "weak_route" in extra and pos:  # a programme outcome aligned to a local concept that
        concept = f"{prog}/concept/K1"  # is only relatedMatch / broadMatch of an item
        mappings.append(f"<{concept}> <{SKOS}relatedMatch> "
                        f"<{item_iri('eur-ace-2015-bachelor', 'B8.2')}> .")
        mappings.append(f"<{concept}> <{SKOS}broadMatch> <{item_iri('wa-2021', 'WA10')}> .")
        align(pick(pos), concept, "M")
    if "two_close" in extra and pos:  # two closeMatch steps: never full evidence
        a, b = f"{prog}/concept/A", f"{prog}/concept/B"
        mappings.append(f"<{a}> <{SKOS}closeMatch> <{b}> .")
        mappings.append(f"<{b}> <{SKOS}closeMatch> "
                        f"<{item_iri('eur-ace-2015-bachelor', 'B2.1')}> .")
        align(pick(pos), a, "M")
    comps = {"visiting": "VisitingLecturer", "global_platform": "GlobalPlatformCourse",
             "emi": "EnglishMediumInstruction"}
    for n, (defect, kind) in enumerate(comps.items()):
        if defect in extra and courses:
            course = pick(courses)
            node = f"{course}/component/{defect}"
            lines.append(f"<{course}> <{CG}hasInternationalComponent> <{node}> .")
            lines.append(f"<{node}> a <{CG}InternationalComponent> ; "
                         f"<{CG}componentKind> <{CG}{kind}> .")
            if defect != "emi" and "no_si2" not in extra:
                staff = re.search(rf"<{re.escape(course)}> <{CG}taughtBy> <([^>]+)>", turtle)
                if staff:
                    for m, (item, scale, level) in enumerate(
                            (("SI2", "staff-intl-levels", pick(["L1", "L2", "L3"])),
                             ("SI3", "staff-intl-levels", pick(["L1", "L2"])),
                             ("SI5", "digcompedu-progression", pick(["A2", "B1", "B2"])))):
                        node = f"{staff.group(1)}/assertion/x{n}{m}"
                        lines.append(f"<{staff.group(1)}> <{CG}hasCompetenceAssertion> <{node}> .")
                        lines.append(f"<{node}> a <{CG}StaffCompetenceAssertion> ; "
                                     f"<{CG}competency> <{item_iri('staff-intl', item)}> ; "
                                     f"<{CG}level> <{item_iri(scale, level)}> .")
    orders = {"intro_late": ("M", "I"), "mastered_early": ("M", "R")}
    for n, (defect, (first, later)) in enumerate(orders.items()):
        if defect in extra and len(courses) > 2:  # a programme outcome out of I → R → M order
            po = f"{prog}/po/X{n}"
            lines.append(f"<{prog}> <{CG}hasProgrammeOutcome> <{po}> .")
            lines.append(f"<{po}> a <{CG}ProgrammeOutcome> ; "
                         f"<http://purl.org/dc/terms/identifier> \"X{n}\" ; "
                         f"<{CG}statement> \"Out of order {n}.\"@en .")
            align(f"{courses[0]}/outcome/LO1", po, first)
            align(f"{courses[-1]}/outcome/LO1", po, later)
    if "ghost_teacher" in extra and courses:  # a teacher id no roster names
        lines.append(f"<{pick(courses)}> <{CG}taughtBy> "
                     f"<{prog.rsplit('/programme/', 1)[0]}/institution/syn-tech/staff/GHOST> .")
    if "target_r" in extra:  # the programme's own required level for two items
        for n, code in enumerate(("WA2", "WA7")):
            node = f"{prog}/target/{n}"
            lines.append(f"<{prog}> <{CG}coverageTarget> <{node}> .")
            lines.append(f"<{node}> <{CG}competency> <{item_iri('wa-2021', code)}> ; "
                         f"<{CG}requiredLevel> <{item_iri('irm', 'R')}> .")
    lines[0] = turtle
    return Case(base.id, prog, base.graph, "\n".join(lines) + "\n",
                "\n".join(mappings) + "\n" if mappings else "", LANGS[seed % 3],
                (*base.defects, *extra), targets)


def corpus(n: int, start: int = 1) -> list[Case]:
    """``n`` corpus programmes (seeds ``start`` … ``start + n - 1``)."""
    return [case(seed) for seed in range(start, start + n)]


__all__ = ["DEFECTS", "EXTRA", "Case", "case", "corpus"]
