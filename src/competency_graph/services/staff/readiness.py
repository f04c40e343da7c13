"""Requirements per course and the readiness report of a programme or an institution."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from competency_graph.analysis.rules import rule_model
from competency_graph.errors import InputError, NotFoundError
from competency_graph.i18n import translate
from competency_graph.model import IRI, Term
from competency_graph.namespaces import DATA, data_iri
from competency_graph.reports import staff as _messages  # noqa: F401  (registers staff.*)
from competency_graph.services import curriculum
from competency_graph.services.frameworks import Level, Levels, load_levels
from competency_graph.services.staff.common import (
    DIGCOMPEDU_PREFIX,
    INTERNATIONAL_KINDS,
    KIND_CODES,
    SI,
    Item,
    StaffPolicy,
    load_items,
)
from competency_graph.services.system import computed, pick_label
from competency_graph.store import GraphStore

# --- programme resolution ----------------------------------------------------------------------

def resolve_programme_iri(store: GraphStore, ref: str) -> str:
    """Return the IRI of a *stored* programme version: ``ID`` (its current version, else the
    highest), ``ID@VERSION`` (both through the curriculum service's one resolver), or the
    programme version IRI itself.

    :raises InputError: not a valid id. :raises NotFoundError: no stored programme matches.
    """
    if ref.startswith(DATA):
        return ref
    return curriculum.resolve_programme(store, ref).iri


@contextmanager
def open_programme(store: GraphStore, ref: str) -> Iterator[tuple[GraphStore, str]]:
    """Yield (store to query, programme version IRI) for a stored programme ``ref``. A workbook
    path is the CLI's business: it hands in the scratch store of
    :func:`competency_graph.services.curriculum.open_workbook`, which holds the stored rosters."""
    yield store, resolve_programme_iri(store, ref)


#: reasons of the "no evidence recorded" warnings (rule staffing), apart from "below the floor"
NO_EVIDENCE = ("no-assertion", "not-in-roster")

# --- readiness ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Requirement:
    """What a course asks of each of its teachers for one competency."""

    competency: str
    code: str
    scale: str
    floor: Level
    recommended: Level
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
    #: (competency IRI, level IRI) → (evidence, date) of that assertion
    evidence: dict[tuple[str, str], tuple[str | None, str | None]] = field(
        default_factory=dict)

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
            key = (str(val), str(row["level"]))
            t.levels.setdefault(key[0], []).append(key[1])
            got = (str(row["evidence"]) if "evidence" in row else None,
                   str(row["date"]) if "date" in row else None)
            if any(got) and not any(t.evidence.get(key, (None, None))):
                t.evidence[key] = got
    return teachers


def _is_english(lang: str) -> bool:
    return lang == "en" or lang.startswith("en-")


def _requirements(course: _Course, programme_languages: set[str], policy: StaffPolicy,
                  levels: Levels) -> list[Requirement]:
    languages = course.languages or (programme_languages if len(programme_languages) == 1
                                     else set())
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
        need("SI1", "cefr", policy.english_floor, policy.english_recommended, english_basis)
        if policy.emi_pedagogy:
            need("SI4", "staff-intl-levels", policy.emi_pedagogy,
                 policy.emi_pedagogy_recommended or policy.emi_pedagogy, english_basis)
    intl = sorted(k for k in course.kinds if k in INTERNATIONAL_KINDS)
    if intl:
        need("SI2", "staff-intl-levels", policy.intercultural,
             policy.intercultural_recommended or policy.intercultural, intl)
        need("SI3", "staff-intl-levels", policy.course_design,
             policy.course_design_recommended or policy.course_design, intl)
    if "global-platform" in course.kinds:
        need("SI5", "digcompedu-progression", policy.digital,
             policy.digital_recommended or policy.digital, ["global-platform"])
    return out


def _actual(teacher: _Teacher, req: Requirement, levels: Levels) -> Level | None:
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


def _evidence(teacher: _Teacher, req: Requirement, actual: Level | None
              ) -> tuple[str | None, str | None]:
    """(evidence, date) behind ``actual``: the assertion's own, or for the SI5 fallback the
    DigCompEdu levels it was derived from."""
    if actual is None:
        return None, None
    if actual.iri in teacher.levels.get(req.competency, []):
        return teacher.evidence.get((req.competency, actual.iri), (None, None))
    parts = [f"{c.removeprefix(DIGCOMPEDU_PREFIX)} {iri.rsplit('/', 1)[-1]}"
             for c, iris in sorted(teacher.levels.items())
             if c.startswith(DIGCOMPEDU_PREFIX) for iri in iris]
    return "DigCompEdu " + ", ".join(parts), None


def _label(items: Mapping[str, Item], iri: str, code: str, lang: str) -> str:
    item = items.get(iri)
    return item.label(lang) if item else code


def staff_readiness(store: GraphStore, programme: str, *, policy: StaffPolicy | None = None,
                    lang: str = "en", **overrides: str | None) -> dict[str, Any]:
    """Return the staff readiness report of a programme (JSON in docs/staff.md).

    ``programme`` is a stored programme id (``ID`` or ``ID@VERSION``) or a programme IRI.
    Without ``policy`` the levels come from :meth:`StaffPolicy.from_env` for the
    programme's institution, with ``overrides`` (``english_floor="B1"`` …; None = not given).
    Findings are sorted by course code, staff id and competency code.
    """
    if policy is None and not programme.startswith(DATA):
        # computed once per programme version, language and policy, then served
        ref = curriculum.resolve_programme(store, programme)
        params = {"lang": lang, "overrides": {k: v for k, v in overrides.items() if v},
                  "environment": StaffPolicy.environment()}
        report: dict[str, Any] = computed(
            ref, "staff", params,
            lambda: _readiness(ref.store, ref.iri, policy=None, lang=lang, overrides=overrides))
        return report
    with open_programme(store, programme) as (pstore, iri):
        return _readiness(pstore, iri, policy=policy, lang=lang, overrides=overrides)


@dataclass
class _Evaluation:
    report: dict[str, Any]
    courses: dict[str, _Course]
    teachers: dict[str, _Teacher]
    levels: Levels
    policy: StaffPolicy


def _readiness(store: GraphStore, iri: str, *, policy: StaffPolicy | None, lang: str,
               overrides: Mapping[str, str | None]) -> dict[str, Any]:
    return _evaluate(store, iri, policy=policy, lang=lang, overrides=overrides).report


def _teacher(teachers: Mapping[str, _Teacher], iri: str) -> _Teacher:
    """The roster entry of a course's teacher, or a stand-in for one not in the roster."""
    return teachers.get(iri) or _Teacher(iri, _staff_id_from_iri(iri))


def _course_findings(course: _Course, title: str | None, teachers: Mapping[str, _Teacher],
                     levels: Levels, items: Mapping[str, Item],
                     lang: str) -> list[dict[str, Any]]:
    """One finding per teacher × unmet requirement of the course (one per requirement when the
    course has no teacher), sorted by staff id and competency code."""
    out: list[dict[str, Any]] = []
    for req in course.requirements:
        base = {"course": course.code, "course_title": title, "course_iri": course.iri,
                "competency": req.competency, "competency_code": req.code,
                "competency_label": _label(items, req.competency, req.code, lang),
                "recommended_level": req.recommended.notation,
                "floor_level": req.floor.notation, "basis": list(req.basis)}
        if not course.teachers:
            out.append({
                "staff": None, **base, "required_level": req.floor.notation,
                "actual_level": None, "actual_evidence": None, "actual_date": None,
                "severity": "warning", "reason": "no-teacher",
                "staff_name": None, "staff_iri": None, "department": None})
            continue
        for t_iri in course.teachers:
            t = _teacher(teachers, t_iri)
            actual = _actual(t, req, levels) if t.in_roster else None
            if actual is not None and actual.rank >= req.recommended.rank:
                continue
            # rule staffing (docs/rules.md): no recorded level is a warning, "no evidence
            # recorded", kept apart from "below the floor" (a violation)
            if actual is not None and actual.rank >= req.floor.rank:
                severity, required, reason = "warning", req.recommended, "below-recommended"
            elif actual is None:
                severity, required = "warning", req.floor
                reason = "not-in-roster" if not t.in_roster else "no-assertion"
            else:
                severity, required, reason = "violation", req.floor, "below-floor"
            evidence, when = _evidence(t, req, actual)
            out.append({
                "staff": t.id, **base, "required_level": required.notation,
                "actual_level": actual.notation if actual else None,
                "actual_evidence": evidence, "actual_date": when,
                "severity": severity, "reason": reason,
                "staff_name": t.name(lang), "staff_iri": t.iri,
                "department": t.department})
    out.sort(key=lambda f: (f["staff"] or "", f["competency_code"]))
    return out


def _course_row(course: _Course, title: str | None, teachers: Mapping[str, _Teacher],
                findings: int) -> dict[str, Any]:
    """The course's line of the report: languages, components, teachers, requirements."""
    return {
        "course": course.code, "title": title, "iri": course.iri,
        "languages": sorted(course.languages), "components": sorted(course.kinds),
        "teachers": sorted(_teacher(teachers, t).id for t in course.teachers),
        "requirements": [{"competency": r.competency, "competency_code": r.code,
                          "floor_level": r.floor.notation,
                          "recommended_level": r.recommended.notation,
                          "basis": list(r.basis)} for r in course.requirements],
        "findings": findings,
    }


def _evaluate(store: GraphStore, iri: str, *, policy: StaffPolicy | None, lang: str,
              overrides: Mapping[str, str | None], levels: Levels | None = None,
              items: Mapping[str, Item] | None = None) -> _Evaluation:
    facts = _programme_facts(store, iri)
    institution_iri = next((str(v) for v in facts.get("institution", [])), None)
    institution_id = next((str(v) for v in facts.get("institution_id", [])), None)
    policy = policy or StaffPolicy.from_env(institution_id, stored=_stored_policy(facts),
                                            **overrides)
    levels = levels or load_levels(store)
    items = items if items is not None else load_items(store)
    courses = _courses(store, iri)
    teachers = _teachers(store, iri)
    programme_languages = {str(v).strip().lower() for v in facts.get("language", [])}

    findings: list[dict[str, Any]] = []
    course_rows: list[dict[str, Any]] = []
    for course in sorted(courses.values(), key=lambda c: c.code):
        course.requirements = _requirements(course, programme_languages, policy, levels)
        title = pick_label(course.titles, lang)
        course_findings = _course_findings(course, title, teachers, levels, items, lang)
        findings.extend(course_findings)
        course_rows.append(_course_row(course, title, teachers, len(course_findings)))
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
    summary["no_evidence"] = sum(f["reason"] in NO_EVIDENCE for f in ordered)
    summary["below_floor"] = sum(f["reason"] == "below-floor" for f in ordered)
    report = {"findings": ordered, "summary": summary, "courses": course_rows, "lang": lang,
              "rules": rule_model().cite("staffing")}
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
    levels, items = load_levels(store), load_items(store)
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


def _qualified(teacher: _Teacher | None, req: Requirement, levels: Levels,
               bar: str) -> bool:
    if teacher is None or not teacher.in_roster:
        return False
    actual = _actual(teacher, req, levels)
    target = req.floor if bar == "floor" else req.recommended
    return actual is not None and actual.rank >= target.rank


def _english_counts(courses: Iterable[_Course], teachers: Mapping[str, _Teacher],
                    levels: Levels, members: set[str] | None = None) -> dict[str, Any]:
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
             findings: list[dict[str, Any]], levels: Levels, policy: StaffPolicy,
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

    by_competency: dict[str, dict[str, int]] = {}
    for f in findings:
        entry = by_competency.setdefault(f["competency_code"], {"violation": 0, "warning": 0})
        entry[f["severity"]] += 1
    return {
        "counts": counts,
        "by_competency": dict(sorted(by_competency.items())),
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
