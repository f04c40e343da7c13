"""Deterministic generator of programme data shaped as docs/data-model.md (N-Triples text).

Programme *i* is the same at every scale. Used by the store benchmark; other benchmarks may use
it too. Framework items are the bundled WA 2021 and EUR-ACE bachelor items; levels are IRM.
"""

from __future__ import annotations

import random

from competency_graph.namespaces import CG, DCTERMS, RDF, XSD, data_iri, graph_iri, item_iri

WA = [item_iri("wa-2021", f"WA{n}") for n in range(1, 12)]
IRM = [item_iri("irm", c) for c in ("I", "R", "M")]


def programme_id(i: int) -> str:
    """The identifier of generated programme ``i``."""
    return f"P{i:04d}"


def programme_iri(i: int) -> str:
    """The IRI of generated programme ``i`` (version 1)."""
    return data_iri("programme", programme_id(i), "1")


def programme_graph(i: int) -> str:
    """The named graph of generated programme ``i``."""
    return graph_iri("programme", programme_id(i), "1")


def programme_ntriples(i: int, courses: int = 50, outcomes: int = 8) -> str:
    """Return one programme as N-Triples (~5.5k triples with the defaults)."""
    rnd = random.Random(i)
    prog = programme_iri(i)
    lines: list[str] = []

    def t(s: str, p: str, o: str) -> None:
        lines.append(f"<{s}> <{p}> {o} .")

    def lit(value: object, dt: str | None = None) -> str:
        return f'"{value}"^^<{XSD}{dt}>' if dt else f'"{value}"'

    t(prog, RDF + "type", f"<{CG}EducationalProgramme>")
    t(prog, DCTERMS + "identifier", lit(programme_id(i)))
    t(prog, CG + "isCurrentVersion", lit("true", "boolean"))
    t(prog, CG + "versionNumber", lit("1"))
    t(prog, CG + "declaredEcts", lit("240.0", "decimal"))
    pos = [f"{prog}/po/PO{n}" for n in range(1, 13)]
    for n, po in enumerate(pos, 1):
        t(po, RDF + "type", f"<{CG}ProgrammeOutcome>")
        t(po, DCTERMS + "identifier", lit(f"PO{n}"))
        t(prog, CG + "hasProgrammeOutcome", f"<{po}>")
        al = f"{prog}/alignment/po{n}"
        t(al, RDF + "type", f"<{CG}Alignment>")
        t(al, CG + "alignmentSource", f"<{po}>")
        t(al, CG + "alignmentTarget", f"<{WA[(n - 1) % len(WA)]}>")
        t(al, CG + "level", f"<{IRM[2]}>")
    counter = 0
    for c in range(courses):
        course = f"{prog}/course/C{c:03d}"
        t(prog, CG + "hasCourse", f"<{course}>")
        t(course, RDF + "type", f"<{CG}Course>")
        t(course, CG + "courseCode", lit(f"C{c:03d}"))
        t(course, CG + "ects", lit("5.0", "decimal"))
        t(course, CG + "semester", lit(c % 8 + 1, "integer"))
        t(course, CG + "isRequired", lit("true" if rnd.random() < 0.85 else "false", "boolean"))
        t(course, CG + "languageOfInstruction", lit("en" if rnd.random() < 0.3 else "ru"))
        for o in range(outcomes):
            lo = f"{course}/outcome/LO{o}"
            t(course, CG + "hasLearningOutcome", f"<{lo}>")
            t(lo, RDF + "type", f"<{CG}LearningOutcome>")
            t(lo, DCTERMS + "identifier", lit(f"LO{o}"))
            t(lo, CG + "statement", f'"Analyse a generated engineering problem number {o}"@en')
            t(lo, CG + "bloomLevel", f"<{item_iri('bloom', str(rnd.randint(1, 6)))}>")
            for _ in range(2):
                counter += 1
                al = f"{prog}/alignment/{counter}"
                target = rnd.choice(pos) if rnd.random() < 0.5 else rnd.choice(WA[:-1])
                t(al, RDF + "type", f"<{CG}Alignment>")
                t(al, CG + "alignmentSource", f"<{lo}>")
                t(al, CG + "alignmentTarget", f"<{target}>")
                t(al, CG + "level", f"<{rnd.choice(IRM)}>")
    return "\n".join(lines) + "\n"
