"""The fast engine: prepared SPARQL on the store, one query per constraint family.

Every shape of ``ontology/shapes/`` is evaluated here without pySHACL, on the store itself:

* **core constraints** (cardinalities, ``sh:in``, ``sh:pattern``, ``sh:class``, ``sh:datatype``,
  ``sh:minExclusive``, ``sh:not`` of a pattern) — two aggregate queries fetch, for every node
  the shapes target, the count of each constrained property (``count_validation_properties``)
  and the constrained values (``list_validation_values``); the constraint parameters come from
  the parsed shapes (:mod:`.shapes`), so the Turtle stays the single source of the rules;
* **coverage** — the one coverage rule of :mod:`.coverage` (shared with the gap report, so the
  two cannot disagree), parameterised by the rule model; the generated coverage shapes state the
  same rule for the reference engine;
* **SPARQL constraints** — one ``validate_*.rq`` per family, written aggregate-first (UNION +
  GROUP BY, never a correlated ``FILTER NOT EXISTS``), with the programme bound as a parameter;
  each produces the same message variables as the shape's own SPARQL.

The differential test (tests/validation) proves the results equal the reference engine's
(pySHACL) on every fixture and on a generated corpus.
"""

from __future__ import annotations

import contextvars
import os
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal, InvalidOperation
from functools import cache

from competency_graph.analysis import COVERED, LEVEL_CODES, MISSING, order_issues
from competency_graph.analysis.rules import rule_model
from competency_graph.model import IRI, Literal, Row, Term, value
from competency_graph.namespaces import CG, CGSH, RDF, XSD
from competency_graph.store import GraphStore
from competency_graph.validation.coverage import load_framework, programme_coverage
from competency_graph.validation.results import Finding, fill, number_text
from competency_graph.validation.shapes import (
    COMPONENTS,
    SPARQL_COMPONENT,
    Catalogue,
    Shape,
)

_VALUE_KEYS = ("in", "pattern", "class", "datatype", "minExclusive", "not")
STATEMENT = CG + "statement"
LEARNING_OUTCOME = CG + "LearningOutcome"
_DECIMAL = re.compile(r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$")
_NUMBER = re.compile(r"^[+-]?[0-9]+([.][0-9]*)?$")


def _s(row: Row, name: str) -> str:
    term = row.get(name)
    return "" if term is None else term.value


def _num(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


_WORD_LIST = re.compile(r"^\(\^\|\[\^([^\]]+)\]\)\((.*)\)\(\[\^\1\]\|\$\)$", re.DOTALL)
_ESCAPE = re.compile(r"\\(.)")


class _WordList:
    """A ``(^|[^W])(v1|v2|…)([^W]|$)`` pattern (the wording shapes' form) matched with
    ``str.find`` instead of the regular-expression engine: the same answer for Latin and
    Cyrillic text, without trying every alternative at every position."""

    def __init__(self, chars: str, words: list[str], ignore_case: bool) -> None:
        flags = re.IGNORECASE if ignore_case else 0
        self.word = re.compile(f"[{chars}]", flags)
        self.tokens = re.compile(f"[{chars}]+", flags)
        self.ignore_case = ignore_case
        norm = [w.lower() if ignore_case else w for w in words]
        # a verb made of word characters only matches exactly when it is a token of the text
        self.single = {w for w in norm if self.tokens.fullmatch(w)}
        self.phrases = [w for w in norm if w not in self.single]

    def search(self, text: str) -> bool:
        hay = text.lower() if self.ignore_case else text
        if not self.single.isdisjoint(self.tokens.findall(hay)):
            return True
        size = len(hay)
        for phrase in self.phrases:
            start = hay.find(phrase)
            while start >= 0:
                end = start + len(phrase)
                if (start == 0 or not self.word.match(hay[start - 1])) and \
                        (end == size or not self.word.match(hay[end])):
                    return True
                start = hay.find(phrase, start + 1)
        return False


class _Matcher:
    """``search(text)`` with the semantics of ``re.search(pattern, text, flags)``."""

    def __init__(self, pattern: str, flags: str) -> None:
        self.regex = re.compile(pattern, re.IGNORECASE if "i" in flags else 0)
        match = _WORD_LIST.match(pattern)
        self.words = None
        if match:
            words = [_ESCAPE.sub(r"\1", w) for w in match.group(2).split("|")]
            if all("|" not in w for w in words):
                self.words = _WordList(match.group(1), words, "i" in flags)

    def search(self, text: str) -> bool:
        if self.words is not None and len(text.lower()) == len(text):
            return self.words.search(text)
        return self.regex.search(text) is not None


@cache
def _regex(pattern: str, flags: str) -> _Matcher:
    return _Matcher(pattern, flags)


@cache
def _union(patterns: tuple[str, ...]) -> _Matcher:
    """One matcher for whatever any of the (word-list) patterns matches."""
    lists = [_WORD_LIST.match(p) for p in patterns]
    if patterns and all(lists) and len({m.group(1) for m in lists if m}) == 1:
        chars = lists[0].group(1)  # type: ignore[union-attr]
        words = "|".join(m.group(2) for m in lists if m)
        return _Matcher(f"(^|[^{chars}])({words})([^{chars}]|$)", "i")
    return _Matcher("|".join(f"(?:{p})" for p in patterns) or "(?!)", "i")


# --- the query pool -------------------------------------------------------------------------

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _submit(func: Callable[..., list[Row]], *args: object, **kwargs: object) -> Future[list[Row]]:
    """Run ``func`` on the two-thread query pool, in a copy of the caller's context (its store
    scope)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cg-validation")
        pool = _POOL
    context = contextvars.copy_context()
    return pool.submit(lambda: context.run(func, *args, **kwargs))


def _forget_pool() -> None:
    """In a forked child the pool's threads are gone: start a new one on first use."""
    global _POOL, _POOL_LOCK
    _POOL, _POOL_LOCK = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


class FastEngine:
    """Evaluates the selected profiles' shapes for one programme on the store."""

    def __init__(self, store: GraphStore, catalogue: Catalogue) -> None:
        self.store = store
        self.catalogue = catalogue

    # -- public ---------------------------------------------------------------------------
    def run(self, programme: str, profile_ids: Iterable[str]) -> list[Finding]:
        """Return the findings of the profiles for the programme (IRI)."""
        wanted = {s.iri: s for s in self.catalogue.shapes.values()
                  if s.profile in set(profile_ids)}
        self._wanted = wanted
        self._out: list[Finding] = []
        self._seen: set[tuple[object, ...]] = set()
        prog = IRI(programme)
        core = [s for s in wanted.values() if "sparql" not in s.params]
        valued = [s for s in core if any(k in s.params for k in _VALUE_KEYS)]
        plan: list[tuple[Callable[[], None], str | None]] = []
        if any(("minCount" in s.params or "maxCount" in s.params) for s in core):
            plan.append((lambda: self._cardinalities(prog, core),
                         "count_validation_properties"))
        if any(s.path != STATEMENT for s in valued):
            plan.append((lambda: self._values(prog, [s for s in valued if s.path != STATEMENT]),
                         "list_validation_values"))
        if any(s.path == STATEMENT for s in valued):
            plan.append((lambda: self._statements(prog, [s for s in valued
                                                          if s.path == STATEMENT]),
                         "list_validation_statements"))
        for family, needs, query in self._families():
            if any(wanted.get(CGSH + n) for n in needs) or \
                    (needs == ("coverage",) and any(s.targets for s in wanted.values())):
                plan.append((lambda family=family: family(prog), query))  # type: ignore[misc]
        # the queries run two at a time while the answers are read in order (pyoxigraph and
        # the HTTP client release the GIL while they work: about 1.5x on two cores)
        self._prefetched = {query: _submit(self.store.select, query, programme=prog)
                            for _, query in plan if query}
        for step, _ in plan:
            step()
        return self._out

    def _rows(self, query: str, prog: IRI) -> list[Row]:
        """The answer of one of the programme's validation queries (prefetched by run)."""
        future = self._prefetched.pop(query, None)
        if future is not None:
            return future.result()
        return self.store.select(query, programme=prog)

    # -- helpers --------------------------------------------------------------------------
    def _emit(self, shape_local_or_iri: str, focus: str, value_term: Term | None,
              variables: dict[str, str] | None = None, component: str | None = None,
              path: str | None = None) -> None:
        iri = shape_local_or_iri if shape_local_or_iri.startswith(CGSH) \
            else CGSH + shape_local_or_iri
        shape = self._wanted.get(iri)
        if shape is None:
            return
        if shape.is_property:
            path = shape.path
        elif path is None:
            path = shape.params.get("sparql_path")
            if value_term is None:
                value_term = IRI(focus)
        messages = {lang: fill(shape.message(lang), variables or {})
                    for lang in ("en", "ru", "kk")}
        finding = Finding(shape=iri, severity=shape.severity, focus=focus, path=path,
                          value=value_term, constraint=component or SPARQL_COMPONENT,
                          messages=messages)
        key = (*finding.key(), finding.constraint)
        if key not in self._seen:
            self._seen.add(key)
            self._out.append(finding)

    def _families(self) -> list[tuple[Callable[[IRI], None], tuple[str, ...], str | None]]:
        """Each SPARQL family: its method, the shapes it evaluates, its query."""
        return [
            (self._unique, ("ProgrammeShape-uniqueCourseCode",
                            "ProgrammeShape-uniqueProgrammeOutcomeId",
                            "ProgrammeShape-uniqueOutcomeId"), "validate_structure_unique"),
            (self._language_tags, ("ProgrammeShape-languageTag",),
             "validate_structure_language_tags"),
            (self._fragile, ("ProgrammeOutcomeShape-fragile",), "validate_structure_fragile"),
            (self._prerequisites, ("CourseShape-prerequisiteEarlier",
                                   "CourseShape-prerequisiteCycle"),
             "validate_structure_prerequisites"),
            (self._ects_total, ("ProgrammeEctsShape-sum", "ProgrammeEctsShape-cycleRange",
                                "ProgrammeEctsShape-masterTypical"), "validate_ects_total"),
            (self._semesters, ("ProgrammeEctsShape-semesterLoad",), "validate_ects_semesters"),
            (self._progression, ("ProgressionShape-introducedFirst",
                                 "ProgressionShape-reinforcedBeforeMastered"),
             "validate_progression"),
            (self._progression_prerequisites, ("ProgressionShape-prerequisiteOrder",),
             "validate_progression_prerequisites"),
            (self._english, ("CourseStaffShape-englishFloor",
                             "CourseStaffShape-englishRecommended",
                             "CourseStaffShape-englishUnknown"), "validate_english_teachers"),
            (self._components, ("CourseStaffShape-componentFloor",
                                "CourseStaffShape-componentUnknown"),
             "validate_staff_components"),
            (self._mobility, ("ProgrammeMobilityShape",), "validate_mobility"),
            (self._coverage, ("coverage",), None),
        ]

    def _shapes_for(self, shapes: list[Shape], kind: str, path: str) -> list[Shape]:
        return [s for s in shapes if s.path == path and kind in s.params.get("targetClass", ())]

    # -- core constraints -----------------------------------------------------------------
    def _cardinalities(self, prog: IRI, core: list[Shape]) -> None:
        for row in self._rows("count_validation_properties", prog):
            kind, path = _s(row, "kind"), _s(row, "prop")
            count = int(value(row["n"]) or 0)
            for shape in self._shapes_for(core, kind, path):
                low, high = shape.params.get("minCount"), shape.params.get("maxCount")
                if low is not None and count < low:
                    self._emit(shape.iri, _s(row, "node"), None,
                               component=COMPONENTS["minCount"])
                if high is not None and count > high:
                    self._emit(shape.iri, _s(row, "node"), None,
                               component=COMPONENTS["maxCount"])

    def _values(self, prog: IRI, core: list[Shape]) -> None:
        for row in self._rows("list_validation_values", prog):
            kind, path, node = _s(row, "kind"), _s(row, "prop"), _s(row, "node")
            obj = row.get("o")
            types = set(_s(row, "types").split())
            for shape in self._shapes_for(core, kind, path):
                for component in self._failed(shape.params, obj, types):
                    self._emit(shape.iri, node, obj, component=component)

    def _statements(self, prog: IRI, shapes: list[Shape]) -> None:
        """Outcome texts against the wording shapes. The per-verb ``sh:not`` patterns are
        tried only on texts that match their union (one regular expression per call)."""
        shapes = [s for s in shapes if LEARNING_OUTCOME in s.params.get("targetClass", ())]
        negated = [s for s in shapes if "not" in s.params]
        plain = [s for s in shapes if "not" not in s.params]
        union = _union(tuple(s.params["not"]["pattern"] for s in negated))
        for row in self._rows("list_validation_statements", prog):
            obj = row.get("o")
            if obj is None:
                continue
            node = _s(row, "node")
            for shape in plain:
                for component in self._failed(shape.params, obj, set()):
                    self._emit(shape.iri, node, obj, component=component)
            if negated and union.search(obj.value):
                for shape in negated:
                    for component in self._failed(shape.params, obj, set()):
                        self._emit(shape.iri, node, obj, component=component)

    @staticmethod
    def _failed(params: dict[str, object], obj: Term | None,
                types: set[str]) -> list[str]:
        failed: list[str] = []
        if obj is None:
            return failed
        if "in" in params and obj.value not in params["in"]:  # type: ignore[operator]
            failed.append(COMPONENTS["in"])
        if "pattern" in params:
            rx = _regex(str(params["pattern"]), str(params.get("flags", "")))
            if not isinstance(obj, Literal | IRI) or not rx.search(obj.value):
                failed.append(COMPONENTS["pattern"])
        if "class" in params and (not isinstance(obj, IRI) or params["class"] not in types):
            failed.append(COMPONENTS["class"])
        if "datatype" in params:
            ok = isinstance(obj, Literal) and obj.datatype == params["datatype"] and \
                obj.language is None
            if ok and params["datatype"] == XSD + "decimal":
                ok = bool(_DECIMAL.match(obj.value))
            if not ok:
                failed.append(COMPONENTS["datatype"])
        if "minExclusive" in params:
            number = _num(obj.value) if isinstance(obj, Literal) and \
                obj.datatype in (XSD + "decimal", XSD + "integer", XSD + "double") else None
            if number is None or not number > Decimal(str(params["minExclusive"])):
                failed.append(COMPONENTS["minExclusive"])
        if "not" in params:
            inner: dict[str, object] = params["not"]  # type: ignore[assignment]
            langs = [str(x).lower() for x in inner.get("languageIn", [])]  # type: ignore[attr-defined]
            lang = (obj.language or "").lower() if isinstance(obj, Literal) else None
            lang_ok = not langs or (lang is not None and any(
                lang == x or lang.startswith(x + "-") for x in langs))
            rx = _regex(str(inner["pattern"]), str(inner.get("flags", "")))
            if isinstance(obj, Literal) and lang_ok and rx.search(obj.value):
                failed.append(COMPONENTS["not"])
        return failed

    # -- SPARQL families ------------------------------------------------------------------
    def _unique(self, prog: IRI) -> None:
        for row in self._rows("validate_structure_unique", prog):
            self._emit(_s(row, "shape"), prog.value, row.get("value"),
                       {"code": _s(row, "code"), "count": _s(row, "count"),
                        "course": _s(row, "course")})

    def _fragile(self, prog: IRI) -> None:
        """Programme outcomes addressed by at most ``cg:fragileCourseCount`` courses (rule
        outcome-addressed): a note, fragile evidence."""
        limit = rule_model().fragile_course_count
        for row in self._rows("validate_structure_fragile", prog):
            if 1 <= int(value(row.get("n")) or 0) <= limit:
                self._emit("ProgrammeOutcomeShape-fragile", _s(row, "focus"), None,
                           {"po": _s(row, "po"), "course": _s(row, "course")})

    def _language_tags(self, prog: IRI) -> None:
        for row in self._rows("validate_structure_language_tags", prog):
            self._emit("ProgrammeShape-languageTag", prog.value, row.get("value"),
                       {"where": _s(row, "where"), "tag": _s(row, "tag")},
                       path=_s(row, "path"))

    def _prerequisites(self, prog: IRI) -> None:
        for row in self._rows("validate_structure_prerequisites", prog):
            self._emit(_s(row, "shape"), _s(row, "focus"), row.get("value"),
                       {k: _s(row, k) for k in ("course", "semester", "prerequisite",
                                                "prerequisiteSemester")})

    def _ects_total(self, prog: IRI) -> None:
        for row in self._rows("validate_ects_total", prog):
            declared_text = _s(row, "declared")
            declared = _num(declared_text) if _NUMBER.match(declared_text) else None
            if declared is None:
                continue
            total = _num(_s(row, "total"))
            courses = int(value(row.get("courses")) or 0)
            if courses and total is not None and abs(total - declared) > Decimal("0.001"):
                self._emit("ProgrammeEctsShape-sum", prog.value, None,
                           {"sum": number_text(total), "declared": number_text(declared)})
            cycle = _s(row, "cycle")
            ranges = {"Bachelor": (180, 240), "Master": (60, 120)}
            low_high = ranges.get(cycle.rsplit("#", 1)[-1]) if cycle else None
            if low_high and _s(row, "cycleNotation") and \
                    (declared < low_high[0] or declared > low_high[1]):
                self._emit("ProgrammeEctsShape-cycleRange", prog.value, None,
                           {"declared": number_text(declared), "min": str(low_high[0]),
                            "max": str(low_high[1]), "cycle": _s(row, "cycleNotation")})
            if cycle.endswith("#Master") and 60 <= declared < 90:
                self._emit("ProgrammeEctsShape-masterTypical", prog.value, None,
                           {"declared": number_text(declared)})

    def _semesters(self, prog: IRI) -> None:
        for row in self._rows("validate_ects_semesters", prog):
            total = _num(_s(row, "total"))
            if total is not None and (total < 25 or total > 35):
                self._emit("ProgrammeEctsShape-semesterLoad", prog.value, row.get("value"),
                           {"semester": _s(row, "value"), "load": number_text(total)})

    def _progression(self, prog: IRI) -> None:
        never = Decimal(9999)
        for row in self._rows("validate_progression", prog):
            mins = {k: _num(_s(row, k)) or never for k in ("minI", "minRM", "minR", "minM")}
            focus, po = _s(row, "focus"), _s(row, "id")
            issues = order_issues(*(None if mins[k] >= never else float(mins[k])
                                    for k in ("minI", "minRM", "minR", "minM")))
            if "introduced-late" in issues:
                self._emit("ProgressionShape-introducedFirst", focus, None,
                           {"po": po, "introduced": _s(row, "minI"),
                            "earlier": _s(row, "minRM")})
            if "reinforced-after-mastered" in issues:
                self._emit("ProgressionShape-reinforcedBeforeMastered", focus, None,
                           {"po": po, "reinforced": _s(row, "minR"),
                            "mastered": _s(row, "minM")})

    def _progression_prerequisites(self, prog: IRI) -> None:
        for row in self._rows("validate_progression_prerequisites", prog):
            self._emit("ProgressionShape-prerequisiteOrder", _s(row, "focus"), row.get("value"),
                       {k: _s(row, k) for k in ("po", "course", "lower", "prerequisite",
                                                "higher")})

    def _english(self, prog: IRI) -> None:
        for row in self._rows("validate_english_teachers", prog):
            focus, teacher = _s(row, "focus"), row.get("value")
            names = {"teacher": _s(row, "teacher"), "course": _s(row, "course")}
            key = _s(row, "bestKey")
            if not key:
                self._emit("CourseStaffShape-englishUnknown", focus, teacher, names)
                continue
            best, _, level = key.partition("|")
            rank = int(best)
            floor = int(value(row.get("floorRank")) or 4)
            recommended = int(value(row.get("recommendedRank")) or 5)
            if not level:
                continue  # a rank with no CEFR level of that rank: the shapes cannot name it
            if rank < floor:
                self._emit("CourseStaffShape-englishFloor", focus, teacher,
                           {**names, "level": level, "floor": _s(row, "floor")})
            elif rank < recommended:
                self._emit("CourseStaffShape-englishRecommended", focus, teacher,
                           {**names, "level": level, "recommended": _s(row, "recommended")})

    def _components(self, prog: IRI) -> None:
        """Teachers of courses with an international component against the staff-intl item
        it requires (rule staffing): no level recorded → warning, below the floor →
        violation."""
        levels: dict[tuple[str, int], str] | None = None
        for row in self._rows("validate_staff_components", prog):
            focus, teacher = _s(row, "focus"), row.get("value")
            names = {"teacher": _s(row, "teacher"), "course": _s(row, "course"),
                     "competency": _s(row, "competency"), "floor": _s(row, "floor")}
            own, mean = _num(_s(row, "own")), _num(_s(row, "mean"))
            best = own if own is not None else \
                mean if _s(row, "item").endswith("/SI5") else None
            if levels is None:
                levels = {(_s(r, "scale"), int(value(r["rank"]) or 0)): _s(r, "notation")
                          for r in self.store.select("list_validation_level_notations")}
            level = levels.get((_s(row, "scale"), int(best))) if best is not None else None
            if level is None:
                self._emit("CourseStaffShape-componentUnknown", focus, teacher, names)
            elif best is not None and best < int(value(row.get("floorRank")) or 0):
                self._emit("CourseStaffShape-componentFloor", focus, teacher,
                           {**names, "level": level})

    def _mobility(self, prog: IRI) -> None:
        for row in self._rows("validate_mobility", prog):
            if int(value(row.get("english")) or 0) and not int(value(row.get("mobility")) or 0):
                self._emit("ProgrammeMobilityShape", prog.value, None)

    def _coverage(self, prog: IRI) -> None:
        """Coverage findings from the one coverage rule (:mod:`.coverage`, the code the gap
        report runs): missing → ``-missing``; partial with required full evidence below the
        required level → ``-belowLevel``; any other partial → ``-partial``."""
        for profile in self.catalogue.profiles.values():
            if not profile.framework:
                continue
            shapes = {kind: f"CoverageShape-{profile.id}-{kind}"
                      for kind in ("missing", "partial", "belowLevel")}
            if not any(CGSH + name in self._wanted for name in shapes.values()):
                continue
            targets = set(self.catalogue.shapes[CGSH + shapes["missing"]].targets)
            pc = programme_coverage(self.store, prog.value, profile.id, "en")
            labels = {lang: {i.iri: i.label for i in
                             load_framework(self.store, profile.id, lang)[1]}
                      for lang in ("ru", "kk")}
            for cov in pc.coverage:
                if cov.item not in targets or cov.status == COVERED:
                    continue
                en = cov.label or cov.code
                names = {"code": cov.code, "labelEn": en,
                         "labelRu": labels["ru"].get(cov.item) or en,
                         "labelKk": labels["kk"].get(cov.item) or en}
                if cov.status == MISSING:
                    self._emit(shapes["missing"], cov.item, None, names)
                elif cov.reason == "below-level" and cov.achieved_rank is not None:
                    self._emit(shapes["belowLevel"], cov.item, None,
                               {**names, "achieved": LEVEL_CODES[cov.achieved_rank],
                                "required": LEVEL_CODES[cov.required_rank]})
                else:
                    self._emit(shapes["partial"], cov.item, None, names)


RDF_TYPE = RDF + "type"
