"""Staff competences for internationalisation: roster import, readiness per course, and a
professional-development plan (issue 7; decisions in ``docs/staff.md``).

* :func:`import_staff_roster` — ``import --kind staff``: a CSV/xlsx roster lands in
  ``graph/staff/<institution-id>`` (one graph per institution named in the file), atomically.
* :func:`staff_readiness` — requirements derived from each course of a programme (language of
  instruction, international components), compared with what each teacher's assertions say;
  one finding per staff member × course × unmet requirement (DESIGN §7).
* :func:`development_plan` — a greedy set cover of the findings by programme-places (one staff
  member attending one bundled development programme).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.i18n import register, translate
from competency_graph.io import staff as io_staff
from competency_graph.model import IRI, Literal, RdfPayload, Term, value
from competency_graph.namespaces import DATA, data_iri, graph_iri, item_iri
from competency_graph.namespaces import cg as cg_term
from competency_graph.services.common import pick_label
from competency_graph.store import GraphStore

__all__ = [
    "DEVELOPMENT_GRAPH",
    "StaffImportResult",
    "StaffPolicy",
    "development_plan",
    "import_staff_bytes",
    "import_staff_roster",
    "institution_plan",
    "institution_readiness",
    "known_staff_items",
    "open_programme",
    "render_html",
    "render_text",
    "resolve_programme_iri",
    "staff_graph",
    "staff_readiness",
]

#: The named graph of the bundled development programmes (``ontology/bundled/``).
DEVELOPMENT_GRAPH = graph_iri("development-programmes")

SI = {code: item_iri("staff-intl", code) for code in
      ("SI1", "SI2", "SI3", "SI4", "SI5", "SI6", "SI7")}
DIGCOMPEDU_PREFIX = item_iri("digcompedu", "")

#: Component kind IRI → workbook code (docs/data-model.md).
KIND_CODES: dict[str, str] = {
    cg_term("EnglishMediumInstruction"): "emi",
    cg_term("MobilityWindow"): "mobility-window",
    cg_term("DoubleDegree"): "double-degree",
    cg_term("JointDegree"): "joint-degree",
    cg_term("InternationalInternship"): "international-internship",
    cg_term("VisitingLecturer"): "visiting-lecturer",
    cg_term("VirtualExchange"): "coil",
    cg_term("GlobalPlatformCourse"): "global-platform",
    cg_term("InternationalAccreditation"): "international-accreditation",
}
#: Component kinds that make a course need intercultural competence (SI2) and
#: internationalised course design (SI3).
INTERNATIONAL_KINDS = ("mobility-window", "coil", "double-degree", "joint-degree",
                       "visiting-lecturer")

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
    "staff.reason.no-assertion": {"en": "no recorded level", "ru": "уровень не указан",
                                  "kk": "деңгейі көрсетілмеген"},
    "staff.reason.not-in-roster": {"en": "teacher not in the staff roster",
                                   "ru": "преподавателя нет в списке сотрудников",
                                   "kk": "оқытушы қызметкерлер тізімінде жоқ"},
    "staff.reason.no-teacher": {"en": "course has no teacher", "ru": "у курса нет преподавателя",
                                "kk": "курстың оқытушысы жоқ"},
    "staff.basis.english": {"en": "taught in English", "ru": "преподаётся на английском",
                            "kk": "ағылшын тілінде оқытылады"},
})


# --- policy --------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffPolicy:
    """The levels that requirements ask for (docs/staff.md); each is a notation of the item's
    scale. English has a floor (violation below) and a recommended level (warning below); the
    other requirements have one stated level each (``*_recommended`` default to it)."""

    english_floor: str = "B2"
    english_recommended: str = "C1"
    intercultural: str = "L2"
    course_design: str = "L2"
    digital: str = "B1"
    intercultural_recommended: str | None = None
    course_design_recommended: str | None = None
    digital_recommended: str | None = None

    @classmethod
    def from_env(cls, institution: str | None = None, *,
                 stored: Mapping[str, str] | None = None,
                 **overrides: str | None) -> StaffPolicy:
        """Defaults ← ``stored`` (the institution's ``cg:englishFloor`` / ``cg:englishRecommended``
        in the store, shared with validation) ← ``COMPETENCY_GRAPH_STAFF_POLICY`` (a JSON file
        ``{"*": {…}, "<inst>": {…}}``) ← ``COMPETENCY_GRAPH_STAFF_<FIELD>`` variables ←
        ``overrides`` (None = not given)."""
        values: dict[str, str] = dict(stored or {})
        path = os.environ.get("COMPETENCY_GRAPH_STAFF_POLICY")
        if path:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(Problem(f"cannot read the staff policy: {exc}",
                                         Location(file=path))) from None
            for key in ("*", institution):
                if key and isinstance(data.get(key), dict):
                    values.update({k: str(v) for k, v in data[key].items()})
        known = set(cls.__dataclass_fields__)
        for name in sorted(known):
            env = os.environ.get("COMPETENCY_GRAPH_STAFF_" + name.upper())
            if env:
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v})
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputError("unknown staff policy setting(s): " + ", ".join(unknown))
        return cls(**values)

    def as_dict(self) -> dict[str, str]:
        """Return the effective levels (recommended levels filled in)."""
        return {
            "english_floor": self.english_floor,
            "english_recommended": self.english_recommended,
            "intercultural": self.intercultural,
            "intercultural_recommended": self.intercultural_recommended or self.intercultural,
            "course_design": self.course_design,
            "course_design_recommended": self.course_design_recommended or self.course_design,
            "digital": self.digital,
            "digital_recommended": self.digital_recommended or self.digital,
        }


# --- levels and competences from the store ----------------------------------------------------

@dataclass(frozen=True)
class _Level:
    iri: str
    scale: str  # scale id
    notation: str
    rank: int


@dataclass
class _Levels:
    by_iri: dict[str, _Level] = field(default_factory=dict)
    by_scale: dict[str, dict[str, _Level]] = field(default_factory=dict)

    def get(self, scale: str, notation: str) -> _Level | None:
        levels = self.by_scale.get(scale, {})
        return levels.get(notation) or {k.casefold(): v for k, v in levels.items()}.get(
            notation.casefold())


def _levels(store: GraphStore) -> _Levels:
    out = _Levels()
    for row in store.select("list_staff_levels"):
        level = _Level(str(row["level"]), str(row["scaleId"]), str(row["notation"]),
                       int(value(row["rank"])))  # type: ignore[arg-type]
        out.by_iri[level.iri] = level
        out.by_scale.setdefault(level.scale, {})[level.notation] = level
    return out


@dataclass
class _Item:
    iri: str
    code: str
    labels: list[Term] = field(default_factory=list)

    def label(self, lang: str) -> str:
        return pick_label(self.labels, lang) or self.code


def _items(store: GraphStore) -> dict[str, _Item]:
    """The staff-intl items with their labels (what requirements name)."""
    out: dict[str, _Item] = {}
    for row in store.select("list_staff_competencies"):
        iri = str(row["item"])
        item = out.setdefault(iri, _Item(iri, str(row["code"])))
        if "label" in row:
            item.labels.append(row["label"])
    return out


def known_staff_items(store: GraphStore) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Return (``"framework-id:code"`` → level-scale id, level-scale id → {notation: level IRI})
    for every item in the store that has a level scale: the ``known_items`` / ``known_levels``
    arguments of :func:`competency_graph.io.staff.staff_to_ntriples` (imported frameworks too)."""
    items = {f"{r['framework']}:{r['code']}": str(r["scale"])
             for r in store.select("list_staff_item_scales")}
    levels: dict[str, dict[str, str]] = {}
    for scale, by_notation in _levels(store).by_scale.items():
        levels[scale] = {n: lv.iri for n, lv in by_notation.items()}
    return items, levels


# --- importing a roster ----------------------------------------------------------------------

def staff_graph(institution: str) -> str:
    """Return ``graph/staff/<institution-id>``, the graph of an institution's roster."""
    return graph_iri("staff", institution)


@dataclass(frozen=True)
class StaffImportResult:
    """What a roster import wrote: graphs, staff per institution, warnings."""

    graphs: dict[str, str]
    staff: dict[str, int]
    quads: int
    warnings: list[Problem]

    def as_dict(self) -> dict[str, Any]:
        """JSON for the API: graphs and counts by institution, located warnings."""
        return {"graphs": self.graphs, "staff": self.staff, "quads": self.quads,
                "warnings": [{"message": w.message.removeprefix(io_staff.WARNING_PREFIX),
                              **w.location.as_dict()} for w in self.warnings]}

    def message(self) -> str:
        """A one-paragraph summary for the CLI."""
        parts = [f"imported {n} staff member(s) of {inst!r} into <{self.graphs[inst]}>"
                 for inst, n in sorted(self.staff.items())]
        parts += [f"warning: {w.location}: {w.message.removeprefix(io_staff.WARNING_PREFIX)}"
                  for w in self.warnings]
        return "\n".join(parts)


def import_staff_bytes(store: GraphStore, data: bytes, filename: str, *,
                       institution: str | None = None) -> StaffImportResult:
    """Import an uploaded roster (``.csv`` or ``.xlsx`` by the file name's suffix); messages
    name ``filename``. Same rules as :func:`import_staff_roster`."""
    import tempfile

    safe = Path(filename).name or "upload.csv"
    with tempfile.TemporaryDirectory(prefix="cg-staff-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        return import_staff_roster(store, path, institution=institution, display=filename)


def import_staff_roster(store: GraphStore, path: Path, *, institution: str | None = None,
                        sheet: str | None = None, display: str | None = None
                        ) -> StaffImportResult:
    """Import a staff roster (CSV or xlsx, the workbook ``staff`` columns plus ``institution``).

    Each row's institution is its ``institution`` cell, else ``institution`` (``--institution``).
    Every institution named gets its graph ``graph/staff/<id>`` replaced, all in one
    transaction. Every error in the file is reported (located) and nothing is written.
    """
    file = display or str(path)
    sheet_name, rows = io_staff.read_table(path, sheet=sheet, display=file)
    if not rows:
        raise InputError(Problem("the roster has no rows", Location(file=file, sheet=sheet_name)))
    problems: list[Problem] = []
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if not any((v or "").strip() for v in row.values()):
            continue
        inst = (row.get("institution") or "").strip() or (institution or "")
        if not inst:
            problems.append(Problem(
                "no institution: fill the 'institution' column or pass --institution",
                Location(file=file, sheet=sheet_name, row=i + 2, column="institution")))
            continue
        groups.setdefault(inst, []).append(i)
    known_items, known_levels = known_staff_items(store)
    payloads: dict[str, RdfPayload | None] = {}
    warnings: list[Problem] = []
    counts: dict[str, int] = {}
    for inst, indices in groups.items():
        chosen = set(indices)
        masked = [row if i in chosen else {} for i, row in enumerate(rows)]
        data, found = io_staff.staff_to_ntriples(
            masked, institution=inst, file=file, sheet=sheet_name, first_row=2,
            known_items=known_items, known_levels=known_levels)
        for problem in found:
            (warnings if io_staff.is_warning(problem) else problems).append(problem)
        payloads[staff_graph(inst)] = RdfPayload(data, "ntriples", file)
        counts[inst] = len(indices)
    problems = list(dict.fromkeys(problems))
    if problems:
        raise InputError(problems)
    quads = store.replace_graphs(payloads)
    return StaffImportResult(graphs={i: staff_graph(i) for i in groups}, staff=counts,
                             quads=quads, warnings=list(dict.fromkeys(warnings)))


# --- programme resolution ----------------------------------------------------------------------

def _is_workbook(ref: str) -> bool:
    path = Path(ref)
    return path.exists() and (path.is_dir() or path.suffix.casefold() in {".xlsx", ".xlsm",
                                                                          ".zip"})


def resolve_programme_iri(store: GraphStore, ref: str) -> str:
    """Return the IRI of a *stored* programme version: ``ID`` (its current version, else the
    highest), ``ID@VERSION``, or the programme version IRI itself.

    :raises NotFoundError: when no stored programme matches.
    """
    if ref.startswith(DATA):
        return ref
    rows = store.select("find_staff_programme", identifier=Literal(ref))
    if rows:
        return str(rows[0]["programme"])
    if "@" in ref:
        programme_id, _, version = ref.rpartition("@")
        for row in store.select("find_staff_programme", identifier=Literal(programme_id)):
            if str(row.get("version", "")) == version:
                return str(row["programme"])
    raise NotFoundError(f"no programme with id {ref!r} in the store")


@contextmanager
def open_programme(store: GraphStore, ref: str) -> Iterator[tuple[GraphStore, str]]:
    """Yield (store to query, programme version IRI) for a ``PROGRAMME`` argument.

    A workbook path is read by the curriculum service into a scratch in-memory store (never
    into ``store``); the institution rosters of ``store`` (``graph/staff/<inst>``) are copied
    next to it, so a workbook without a staff sheet is checked against the stored rosters.
    """
    if not _is_workbook(ref):
        yield store, resolve_programme_iri(store, ref)
        return
    from competency_graph.services import curriculum

    resolved = curriculum.resolve_programme(store, ref)
    try:
        rosters = [g for g in store.graph_names()
                   if g.startswith(graph_iri("staff") + "/") and "/programme/" not in g]
        if rosters and resolved.store is not store:
            resolved.store.replace_graphs({
                g: RdfPayload(store.export_graph(g, "ntriples"), "ntriples", g)
                for g in rosters})
        yield resolved.store, resolved.iri
    finally:
        resolved.close()


# --- readiness ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Requirement:
    """What a course asks of each of its teachers for one competency."""

    competency: str
    code: str
    scale: str
    floor: _Level
    recommended: _Level
    basis: tuple[str, ...]


@dataclass
class _Course:
    iri: str
    code: str
    titles: list[Term] = field(default_factory=list)
    languages: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    teachers: list[str] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)


@dataclass
class _Teacher:
    iri: str
    id: str
    names: list[Term] = field(default_factory=list)
    department: str | None = None
    institution: str | None = None
    in_roster: bool = False
    #: competency IRI → level IRIs asserted
    levels: dict[str, list[str]] = field(default_factory=dict)

    def name(self, lang: str) -> str | None:
        return pick_label(self.names, lang)


def _staff_id_from_iri(iri: str) -> str:
    return unquote(iri.rsplit("/staff/", 1)[-1]) if "/staff/" in iri else iri


def _programme_facts(store: GraphStore, programme: str) -> dict[str, list[Term]]:
    facts: dict[str, list[Term]] = {}
    for row in store.select("get_staff_programme", programme=IRI(programme)):
        facts.setdefault(str(row["fact"]), []).append(row["value"])
    if not facts:
        raise NotFoundError(f"no programme <{programme}> in the store")
    return facts


def _stored_policy(facts: Mapping[str, list[Term]]) -> dict[str, str]:
    """The institution's own English levels recorded in the store (cg:englishFloor …)."""
    return {key: str(facts[key][0]) for key in ("english_floor", "english_recommended")
            if facts.get(key)}


def _courses(store: GraphStore, programme: str) -> dict[str, _Course]:
    courses: dict[str, _Course] = {}
    for row in store.select("list_staff_course_facts", programme=IRI(programme)):
        iri = str(row["course"])
        course = courses.setdefault(iri, _Course(iri, str(row["code"])))
        fact, val = str(row["fact"]), row.get("value")
        if val is None:
            continue
        if fact == "title":
            course.titles.append(val)
        elif fact == "language":
            course.languages.add(str(val).strip().lower())
        elif fact == "component":
            course.kinds.add(KIND_CODES.get(str(val), str(val)))
        elif fact == "teacher" and str(val) not in course.teachers:
            course.teachers.append(str(val))
    return courses


def _teachers(store: GraphStore, programme: str) -> dict[str, _Teacher]:
    teachers: dict[str, _Teacher] = {}
    for row in store.select("list_staff_teachers", programme=IRI(programme)):
        iri = str(row["staff"])
        t = teachers.setdefault(iri, _Teacher(iri, _staff_id_from_iri(iri)))
        fact, val = str(row["fact"]), row.get("value")
        if val is None:
            continue
        if fact == "id":
            t.id = str(val)
        elif fact == "name":
            t.names.append(val)
            t.in_roster = True
        elif fact == "department":  # several sources may disagree: keep a stable choice
            t.department = min(filter(None, [t.department, str(val)]))
        elif fact == "institution":
            t.institution = min(filter(None, [t.institution, str(val)]))
        elif fact == "assertion" and "level" in row:
            t.levels.setdefault(str(val), []).append(str(row["level"]))
    return teachers


def _is_english(lang: str) -> bool:
    return lang == "en" or lang.startswith("en-")


def _requirements(course: _Course, programme_languages: set[str], policy: StaffPolicy,
                  levels: _Levels) -> list[Requirement]:
    languages = course.languages or (programme_languages if len(programme_languages) == 1
                                     else set())
    effective = policy.as_dict()
    out: list[Requirement] = []

    def need(code: str, scale: str, floor: str, recommended: str, basis: Iterable[str]) -> None:
        low, high = levels.get(scale, floor), levels.get(scale, recommended)
        if low is None or high is None:
            bad = floor if low is None else recommended
            known = ", ".join(sorted(levels.by_scale.get(scale, {}))) or "none"
            raise InputError(f"staff policy: {bad!r} is not a level of {scale!r} "
                             f"(levels: {known})")
        if high.rank < low.rank:
            raise InputError(f"staff policy: the recommended level {recommended!r} of {code} "
                             f"is below its floor {floor!r}")
        out.append(Requirement(SI[code], code, scale, low, high, tuple(basis)))

    english_basis = [f"language:{lang}" for lang in sorted(languages) if _is_english(lang)]
    if "emi" in course.kinds:
        english_basis.append("emi")
    if english_basis:
        need("SI1", "cefr", effective["english_floor"], effective["english_recommended"],
             english_basis)
    intl = sorted(k for k in course.kinds if k in INTERNATIONAL_KINDS)
    if intl:
        need("SI2", "staff-intl-levels", effective["intercultural"],
             effective["intercultural_recommended"], intl)
        need("SI3", "staff-intl-levels", effective["course_design"],
             effective["course_design_recommended"], intl)
    if "global-platform" in course.kinds:
        need("SI5", "digcompedu-progression", effective["digital"],
             effective["digital_recommended"], ["global-platform"])
    return out


def _actual(teacher: _Teacher, req: Requirement, levels: _Levels) -> _Level | None:
    """The teacher's level for a requirement: the highest asserted level on the item's scale;
    for SI5 without an SI5 assertion, the mean rank (rounded down) of DigCompEdu assertions."""
    found = [levels.by_iri[i] for i in teacher.levels.get(req.competency, [])
             if i in levels.by_iri and levels.by_iri[i].scale == req.scale]
    if found:
        return max(found, key=lambda lv: lv.rank)
    if req.code == "SI5":
        ranks = [levels.by_iri[i].rank for c, ids in teacher.levels.items()
                 if c.startswith(DIGCOMPEDU_PREFIX) for i in ids
                 if i in levels.by_iri and levels.by_iri[i].scale == req.scale]
        if ranks:
            mean = sum(ranks) // len(ranks)
            return next((lv for lv in levels.by_scale[req.scale].values() if lv.rank == mean),
                        None)
    return None


def _label(items: Mapping[str, _Item], iri: str, code: str, lang: str) -> str:
    item = items.get(iri)
    return item.label(lang) if item else code


def staff_readiness(store: GraphStore, programme: str, *, policy: StaffPolicy | None = None,
                    lang: str = "en", **overrides: str | None) -> dict[str, Any]:
    """Return the staff readiness report of a programme (DESIGN §7 shape, extended).

    ``programme`` is a stored programme id (``ID`` or ``ID@VERSION``), a programme IRI or a
    workbook path. Without ``policy`` the levels come from :meth:`StaffPolicy.from_env` for the
    programme's institution, with ``overrides`` (``english_floor="B1"`` …; None = not given).
    Findings are sorted by course code, staff id and competency code.
    """
    with open_programme(store, programme) as (pstore, iri):
        return _readiness(pstore, iri, policy=policy, lang=lang, overrides=overrides)


@dataclass
class _Evaluation:
    report: dict[str, Any]
    courses: dict[str, _Course]
    teachers: dict[str, _Teacher]
    levels: _Levels
    policy: StaffPolicy


def _readiness(store: GraphStore, iri: str, *, policy: StaffPolicy | None, lang: str,
               overrides: Mapping[str, str | None]) -> dict[str, Any]:
    return _evaluate(store, iri, policy=policy, lang=lang, overrides=overrides).report


def _evaluate(store: GraphStore, iri: str, *, policy: StaffPolicy | None, lang: str,
              overrides: Mapping[str, str | None], levels: _Levels | None = None,
              items: Mapping[str, _Item] | None = None) -> _Evaluation:
    facts = _programme_facts(store, iri)
    institution_iri = next((str(v) for v in facts.get("institution", [])), None)
    institution_id = next((str(v) for v in facts.get("institution_id", [])), None)
    policy = policy or StaffPolicy.from_env(institution_id, stored=_stored_policy(facts),
                                            **overrides)
    levels = levels or _levels(store)
    items = items if items is not None else _items(store)
    courses = _courses(store, iri)
    teachers = _teachers(store, iri)
    programme_languages = {str(v).strip().lower() for v in facts.get("language", [])}

    findings: list[dict[str, Any]] = []
    course_rows: list[dict[str, Any]] = []
    for course in sorted(courses.values(), key=lambda c: c.code):
        course.requirements = _requirements(course, programme_languages, policy, levels)
        title = pick_label(course.titles, lang)
        course_findings: list[dict[str, Any]] = []
        for req in course.requirements:
            base = {"course": course.code, "course_title": title, "course_iri": course.iri,
                    "competency": req.competency, "competency_code": req.code,
                    "competency_label": _label(items, req.competency, req.code, lang),
                    "recommended_level": req.recommended.notation,
                    "floor_level": req.floor.notation, "basis": list(req.basis)}
            if not course.teachers:
                course_findings.append({
                    "staff": None, **base, "required_level": req.floor.notation,
                    "actual_level": None, "severity": "warning", "reason": "no-teacher",
                    "staff_name": None, "staff_iri": None, "department": None})
                continue
            for t_iri in course.teachers:
                t = teachers.get(t_iri) or _Teacher(t_iri, _staff_id_from_iri(t_iri))
                actual = _actual(t, req, levels) if t.in_roster else None
                if actual is not None and actual.rank >= req.recommended.rank:
                    continue
                if actual is not None and actual.rank >= req.floor.rank:
                    severity, required, reason = "warning", req.recommended, "below-recommended"
                else:
                    severity, required = "violation", req.floor
                    reason = ("not-in-roster" if not t.in_roster
                              else "no-assertion" if actual is None else "below-floor")
                course_findings.append({
                    "staff": t.id, **base, "required_level": required.notation,
                    "actual_level": actual.notation if actual else None,
                    "severity": severity, "reason": reason,
                    "staff_name": t.name(lang), "staff_iri": t.iri,
                    "department": t.department})
        course_findings.sort(key=lambda f: (f["staff"] or "", f["competency_code"]))
        findings.extend(course_findings)
        course_rows.append({
            "course": course.code, "title": title, "iri": course.iri,
            "languages": sorted(course.languages), "components": sorted(course.kinds),
            "teachers": sorted((teachers.get(t) or _Teacher(t, _staff_id_from_iri(t))).id
                               for t in course.teachers),
            "requirements": [{"competency": r.competency, "competency_code": r.code,
                              "floor_level": r.floor.notation,
                              "recommended_level": r.recommended.notation,
                              "basis": list(r.basis)} for r in course.requirements],
            "findings": len(course_findings),
        })
    # findings keep the contract's six keys first
    ordered = [{k: f[k] for k in ("staff", "course", "competency", "required_level",
                                  "actual_level", "severity")} | f for f in findings]
    summary = _summary(courses, teachers, ordered, levels, policy, lang)
    summary.update({
        "programme": next((str(v) for v in facts.get("id", [])), None),
        "programme_iri": iri,
        "programme_title": pick_label(facts.get("title", []), lang),
        "version": next((str(v) for v in facts.get("version", [])), None),
        "institution": institution_id,
        "institution_iri": institution_iri,
        "policy": policy.as_dict(),
    })
    report = {"findings": ordered, "summary": summary, "courses": course_rows, "lang": lang}
    return _Evaluation(report, courses, teachers, levels, policy)


def institution_readiness(store: GraphStore, institution: str, *,
                          policy: StaffPolicy | None = None, lang: str = "en",
                          **overrides: str | None) -> dict[str, Any]:
    """Return the staff readiness of every current programme an institution offers, with the
    institution- and department-wide aggregates over all of them.

    Findings are the programmes' findings with a ``programme`` key added; a course belongs to
    one programme version, so English-taught courses are counted once each; a staff member who
    teaches in several programmes counts once in ``staff``.

    :raises NotFoundError: when the institution offers no stored programme.
    """
    inst_iri = data_iri("institution", institution)
    programmes = sorted({(str(r["identifier"]), str(r["programme"])) for r in store.select(
        "list_staff_institution_programmes", institution=IRI(inst_iri))})
    if not programmes:
        raise NotFoundError(f"institution {institution!r} offers no stored programme")
    if policy is None:
        stored = _stored_policy(_programme_facts(store, programmes[0][1]))
        policy = StaffPolicy.from_env(institution, stored=stored, **overrides)
    levels, items = _levels(store), _items(store)
    courses: dict[str, _Course] = {}
    teachers: dict[str, _Teacher] = {}
    findings: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for pid, iri in programmes:
        ev = _evaluate(store, iri, policy=policy, lang=lang, overrides={}, levels=levels,
                       items=items)
        courses.update(ev.courses)
        for t_iri, teacher in ev.teachers.items():
            teachers.setdefault(t_iri, teacher)
        findings.extend({**f, "programme": pid} for f in ev.report["findings"])
        s = ev.report["summary"]
        rows.append({"programme": pid, "programme_iri": iri, "title": s["programme_title"],
                     "counts": s["counts"], "staff": s["staff"], "staff_ready": s["staff_ready"],
                     "english_taught_courses": s["english_taught_courses"],
                     "english_taught_with_qualified_teacher":
                         s["english_taught_with_qualified_teacher"],
                     "share_english_qualified": s["share_english_qualified"]})
    summary = _summary(courses, teachers, findings, levels, policy, lang)
    summary.update({"institution": institution, "institution_iri": inst_iri,
                    "programmes": len(rows), "policy": policy.as_dict(),
                    "programme": None, "programme_iri": None, "version": None,
                    "programme_title": translate("staff.all_programmes", lang,
                                                 institution=institution)})
    return {"findings": findings, "summary": summary, "programmes": rows, "courses": [],
            "lang": lang}


def institution_plan(store: GraphStore, institution: str, *, lang: str = "en",
                     report: Mapping[str, Any] | None = None,
                     policy: StaffPolicy | None = None) -> dict[str, Any]:
    """The development plan over every programme of an institution: one greedy set cover of
    all findings, so a lecturer teaching in two programmes gets one place per programme of
    development, not one per programme taught."""
    report = report or institution_readiness(store, institution, lang=lang, policy=policy)
    plan = development_plan(store, "", report=report, lang=lang)
    plan["summary"]["institution"] = institution
    return plan


def _qualified(teacher: _Teacher | None, req: Requirement, levels: _Levels,
               bar: str) -> bool:
    if teacher is None or not teacher.in_roster:
        return False
    actual = _actual(teacher, req, levels)
    target = req.floor if bar == "floor" else req.recommended
    return actual is not None and actual.rank >= target.rank


def _english_counts(courses: Iterable[_Course], teachers: Mapping[str, _Teacher],
                    levels: _Levels, members: set[str] | None = None) -> dict[str, Any]:
    total = qualified = recommended = 0
    for course in courses:
        req = next((r for r in course.requirements if r.code == "SI1"), None)
        if req is None:
            continue
        pool = [t for t in course.teachers if members is None or t in members]
        if members is not None and not pool:
            continue
        total += 1
        if any(_qualified(teachers.get(t), req, levels, "floor") for t in pool):
            qualified += 1
        if any(_qualified(teachers.get(t), req, levels, "recommended") for t in pool):
            recommended += 1
    return {"english_taught_courses": total,
            "english_taught_with_qualified_teacher": qualified,
            "english_taught_with_recommended_teacher": recommended,
            "share_english_qualified": round(qualified / total, 3) if total else None,
            "share_english_recommended": round(recommended / total, 3) if total else None}


def _summary(courses: Mapping[str, _Course], teachers: Mapping[str, _Teacher],
             findings: list[dict[str, Any]], levels: _Levels, policy: StaffPolicy,
             lang: str) -> dict[str, Any]:
    teaching = {t for c in courses.values() for t in c.teachers}
    by_staff: dict[str, set[str]] = {}
    for f in findings:
        if f["staff_iri"]:
            by_staff.setdefault(f["staff_iri"], set()).add(f["severity"])
    counts = {"violation": sum(f["severity"] == "violation" for f in findings),
              "warning": sum(f["severity"] == "warning" for f in findings)}
    departments: dict[str, set[str]] = {}
    institutions: dict[str, set[str]] = {}
    for t_iri in teaching:
        t = teachers.get(t_iri)
        dept = (t.department if t and t.department else None) or "—"
        departments.setdefault(dept, set()).add(t_iri)
        inst = t.institution if t and t.institution else _institution_of_staff(t_iri)
        inst_id = _institution_id(inst) if inst else "—"
        institutions.setdefault(inst_id, set()).add(t_iri)

    def group(name_key: str, name: str, members: set[str]) -> dict[str, Any]:
        return {name_key: name, "staff": len(members),
                "staff_ready": sum(1 for m in members if m not in by_staff),
                "staff_with_violations": sum(1 for m in members
                                             if "violation" in by_staff.get(m, set())),
                "staff_with_warnings_only": sum(1 for m in members
                                                if by_staff.get(m) == {"warning"}),
                **_english_counts(courses.values(), teachers, levels, members)}

    return {
        "counts": counts,
        "findings": len(findings),
        "courses": len(courses),
        "courses_with_requirements": sum(1 for c in courses.values() if c.requirements),
        "staff": len(teaching),
        "staff_ready": sum(1 for t in teaching if t not in by_staff),
        "staff_with_findings": len(by_staff),
        **_english_counts(courses.values(), teachers, levels),
        "courses_without_teacher": sorted(c.code for c in courses.values() if not c.teachers),
        "staff_not_in_roster": sorted((teachers.get(t) or _Teacher(t, _staff_id_from_iri(t))).id
                                      for t in teaching
                                      if not (teachers.get(t) and teachers[t].in_roster)),
        "departments": [group("department", d, m) for d, m in sorted(departments.items())],
        "institutions": [group("institution", i, m) for i, m in sorted(institutions.items())],
    }


def _institution_of_staff(staff_iri: str) -> str | None:
    """``DATA institution/<inst>/staff/<id>`` → the institution IRI (for teachers without a
    roster entry)."""
    prefix = data_iri("institution") + "/"
    if staff_iri.startswith(prefix) and "/staff/" in staff_iri:
        return staff_iri.rsplit("/staff/", 1)[0]
    return None


def _institution_id(iri: str) -> str:
    prefix = data_iri("institution") + "/"
    return unquote(iri[len(prefix):]) if iri.startswith(prefix) else iri


# --- development plan ----------------------------------------------------------------------

@dataclass
class _Programme:
    iri: str
    id: str
    titles: list[Term] = field(default_factory=list)
    hours: int = 0
    #: competency IRI → best level developed
    develops: dict[str, _Level] = field(default_factory=dict)


def _development_programmes(store: GraphStore, levels: _Levels) -> list[_Programme]:
    out: dict[str, _Programme] = {}
    for row in store.select("list_development_programmes"):
        iri = str(row["dp"])
        dp = out.setdefault(iri, _Programme(iri, str(row.get("identifier") or iri)))
        fact, val = str(row["fact"]), row.get("value")
        if val is None:
            continue
        if fact == "title":
            dp.titles.append(val)
        elif fact == "hours":
            dp.hours = int(value(val) or 0)
        elif fact == "develops" and "level" in row:
            level = levels.by_iri.get(str(row["level"]))
            if level is not None:
                best = dp.develops.get(str(val))
                if best is None or level.rank > best.rank:
                    dp.develops[str(val)] = level
    return sorted(out.values(), key=lambda p: p.id)


def _covers(dp: _Programme, finding: Mapping[str, Any], levels: _Levels) -> bool:
    level = dp.develops.get(finding["competency"])
    if level is None:
        return False
    required = levels.get(level.scale, finding["required_level"])
    return required is not None and level.rank >= required.rank


def development_plan(store: GraphStore, programme: str, *, policy: StaffPolicy | None = None,
                     lang: str = "en", report: Mapping[str, Any] | None = None
                     ) -> dict[str, Any]:
    """Return the development plan of a programme: greedy set cover of its findings.

    Elements are the findings that name a staff member; a *place* is (staff member,
    development programme) and covers that member's findings whose competency the programme
    raises to at least the finding's ``required_level``. Greedy: take the place covering the
    most open findings (ties: fewer hours, then programme id, then staff id) until none is
    left. Findings no programme covers (and those of courses without a teacher) are listed in
    ``uncovered``.
    """
    report = report or staff_readiness(store, programme, policy=policy, lang=lang)
    levels = _levels(store)
    dps = _development_programmes(store, levels)
    findings = list(report["findings"])
    open_ids = {i for i, f in enumerate(findings) if f["staff"] is not None}
    candidates: list[tuple[str, _Programme, set[int]]] = []
    staff_keys = sorted({f["staff"] for f in findings if f["staff"] is not None})
    for staff in staff_keys:
        mine = [i for i in open_ids if findings[i]["staff"] == staff]
        for dp in dps:
            covered = {i for i in mine if _covers(dp, findings[i], levels)}
            if covered:
                candidates.append((staff, dp, covered))
    coverable = set().union(*(c[2] for c in candidates)) if candidates else set()
    remaining = open_ids & coverable
    picks: list[tuple[str, _Programme, set[int]]] = []
    while remaining:
        staff, dp, covered = min(
            candidates, key=lambda c: (-len(c[2] & remaining), c[1].hours, c[1].id, c[0]))
        gain = covered & remaining
        if not gain:
            break
        picks.append((staff, dp, gain))
        remaining -= gain
    uncovered = [findings[i] for i in range(len(findings)) if i not in coverable]
    names = {f["staff"]: (f.get("staff_name"), f.get("department")) for f in findings}
    places = []
    for staff, dp, gain in picks:
        places.append({
            "staff": staff, "staff_name": names[staff][0], "department": names[staff][1],
            "programme": dp.id, "programme_iri": dp.iri,
            "title": pick_label(dp.titles, lang) or dp.id, "hours": dp.hours,
            "raises": [{"competency": c, "level": lv.notation}
                       for c, lv in sorted(dp.develops.items())],
            "covers": [{k: findings[i][k] for k in ("programme", "course", "competency",
                                                    "competency_code", "required_level",
                                                    "actual_level", "severity")
                        if k in findings[i]} for i in sorted(gain)],
        })
    by_programme: dict[str, dict[str, Any]] = {}
    for place in places:
        entry = by_programme.setdefault(place["programme"], {
            "programme": place["programme"], "title": place["title"],
            "hours": place["hours"], "attendees": []})
        entry["attendees"].append(place["staff"])
    summary = {
        "programme": report["summary"].get("programme"),
        "findings": len(findings),
        "covered": len(findings) - len(uncovered),
        "uncovered": len(uncovered),
        "places": len(places),
        "staff": len({p["staff"] for p in places}),
        "hours": sum(p["hours"] for p in places),
        "method": "greedy-set-cover",
    }
    return {"summary": summary, "places": places,
            "by_programme": sorted(by_programme.values(), key=lambda e: e["programme"]),
            "uncovered": uncovered,
            "development_programmes": [
                {"programme": dp.id, "title": pick_label(dp.titles, lang) or dp.id,
                 "hours": dp.hours,
                 "raises": [{"competency": c, "level": lv.notation}
                            for c, lv in sorted(dp.develops.items())]} for dp in dps],
            "lang": lang}


# --- output --------------------------------------------------------------------------------

def render_text(report: Mapping[str, Any], plan: Mapping[str, Any] | None = None) -> str:
    """Return a plain-text rendering (for the terminal)."""
    lang = report.get("lang", "en")
    s = report["summary"]
    lines = [f"{translate('staff.title', lang)}: {s.get('programme') or s.get('institution')} "
             f"({s.get('programme_title') or ''})",
             f"violations {s['counts']['violation']}, warnings {s['counts']['warning']}; "
             f"staff {s['staff']} ({s['staff_ready']} ready); "
             f"English-taught courses {s['english_taught_courses']}, with a qualified teacher "
             f"{s['english_taught_with_qualified_teacher']}"]
    if s["courses_without_teacher"]:
        lines.append("courses without a teacher: " + ", ".join(s["courses_without_teacher"]))
    if s["staff_not_in_roster"]:
        lines.append("teachers not in the roster: " + ", ".join(s["staff_not_in_roster"]))
    for f in report["findings"]:
        where = f"{f['programme']}/{f['course']}" if "programme" in f else f["course"]
        lines.append(f"  {f['severity']:<9} {where:<10} {f['staff'] or '-':<8} "
                     f"{f['competency_code']:<4} required {f['required_level']:<3} "
                     f"actual {f['actual_level'] or '-':<3} "
                     f"({translate('staff.reason.' + f['reason'], lang)})")
    if not report["findings"]:
        lines.append(translate("staff.none", lang))
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


def render_html(report: Mapping[str, Any], plan: Mapping[str, Any] | None = None,
                lang: str | None = None) -> str:
    """Return the printable HTML page of a readiness report (and its plan)."""
    from competency_graph.reports import render

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
