"""The workbook's tables → N-Triples of one programme version, one function per sheet.

:func:`convert` resolves codes through a :class:`Vocabulary` that the services build from the
store and collects every problem with its file, sheet, row and column; it goes on after an
error so that all problems are reported at once. The decisions are listed in the package
docstring (:mod:`competency_graph.io.workbook`) and, for users, in docs/workbook.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from competency_graph.errors import Location, Problem
from competency_graph.ids import LANG_COLUMN, check_id, check_lang
from competency_graph.io.ntriples import NTriples
from competency_graph.io.workbook.bloom import BloomScale, infer_bloom
from competency_graph.io.workbook.read import COLUMNS, TEXT_COLUMNS, Problems, Table
from competency_graph.namespaces import CG, DCTERMS, PROV, RDF, SKOS, data_iri, graph_iri

__all__ = ["Converted", "Vocabulary", "convert", "decimal_lexical", "language_code",
           "parse_decimal", "slugify", "split_list", "text_language"]

_YES = {"yes", "y", "true", "1", "да", "иә", "ия", "required", "обязательный", "міндетті"}
_NO = {"no", "n", "false", "0", "нет", "жоқ", "elective", "элективный", "таңдау"}
_CYCLES = {
    "bachelor": "Bachelor", "bachelor's": "Bachelor", "ba": "Bachelor", "bsc": "Bachelor",
    "бакалавриат": "Bachelor", "бакалавр": "Bachelor",
    "master": "Master", "master's": "Master", "msc": "Master", "магистратура": "Master",
    "магистр": "Master", "магистратура (научно-педагогическая)": "Master",
    "doctorate": "Doctorate", "doctoral": "Doctorate", "phd": "Doctorate",
    "докторантура": "Doctorate", "доктор": "Doctorate",
}
_LANGUAGE_NAMES = {
    "english": "en", "английский": "en", "ағылшын": "en", "ағылшынша": "en", "eng": "en",
    "russian": "ru", "русский": "ru", "орыс": "ru", "орысша": "ru", "rus": "ru",
    "kazakh": "kk", "казахский": "kk", "қазақ": "kk", "қазақша": "kk", "kaz": "kk", "kz": "kk",
}
_KK_LETTER = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")
_LIST_SPLIT = re.compile(r"[;\n]|,(?=\s*[^\s])")


# --- the vocabulary the conversion resolves codes with -----------------------------------------

@dataclass
class Vocabulary:
    """What :func:`convert` resolves codes with; built by the services from the store."""

    #: framework id → {item code: IRI}, or None when no such framework is stored
    framework_items: Callable[[str], Mapping[str, str] | None]
    #: framework ids that are stored frameworks (for cg:targetFramework)
    frameworks: Callable[[str], str | None]
    bloom: BloomScale
    irm: dict[str, str]                        # "I"/"R"/"M" → level IRI
    component_kinds: dict[str, str]            # workbook code ("emi") → kind IRI
    existing_versions: Callable[[str], list[str]] = lambda _id: []
    staff_known: Callable[[str, str], bool] = lambda _inst, _sid: False
    staff_converter: Callable[..., tuple[bytes, list[Problem]]] | None = None


@dataclass
class Converted:
    """One programme version as N-Triples, ready for ``replace_graphs``."""

    programme_id: str
    version: str
    programme_iri: str
    graph: str
    ntriples: bytes
    institution: str
    staff_graph: str | None = None
    staff_ntriples: bytes | None = None
    counts: dict[str, int] = field(default_factory=dict)


# --- small parsers -----------------------------------------------------------------------------

def slugify(text: str) -> str:
    """Return an id from a name: lower case, runs of non-word characters → ``-``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "unknown"


def split_list(text: str) -> list[str]:
    """Split a ``;``-separated cell (newlines and commas also separate)."""
    return [p.strip() for p in _LIST_SPLIT.split(text or "") if p.strip()]


def parse_decimal(text: str) -> Decimal | None:
    """A decimal from ``5``, ``7.5`` or ``7,5``; None when not a finite number."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[+-]?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def decimal_lexical(number: Decimal) -> str:
    """The canonical xsd:decimal form (``240.0``, ``7.5``)."""
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"


def text_language(text: str) -> str:
    """Guess the language tag of an untagged text by its script (en / ru / kk)."""
    if _KK_LETTER.search(text):
        return "kk"
    return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def language_code(text: str) -> str:
    """Map a language name to its tag; other values are kept as written."""
    cleaned = text.strip()
    return _LANGUAGE_NAMES.get(cleaned.casefold(), cleaned.lower() if len(cleaned) <= 3
                               else cleaned)


# --- conversion --------------------------------------------------------------------------------

def _check_columns(table: Table, problems: Problems) -> tuple[bool, list[str]]:
    """Report missing required columns (error) and unknown ones (warning); return (ok, unknown)."""
    required, optional = COLUMNS[table.name]
    base_names = {h: (LANG_COLUMN.match(h).group(1) if LANG_COLUMN.match(h) else h)  # type: ignore[union-attr]
                  for h in table.header if h}
    ok = True
    for col in required:
        if col not in table.header and not (
                col in TEXT_COLUMNS.get(table.name, ())
                and any(base_names.get(h) == col for h in table.header if h)):
            close = difflib.get_close_matches(col, [h for h in table.header if h], n=1,
                                              cutoff=0.7)
            hint = f" (is {close[0]!r} meant to be {col!r}?)" if close else ""
            problems.error(f"the required column {col!r} is missing{hint}",
                           Location(file=table.file, sheet=table.sheet, row=table.header_row,
                                    column=col))
            ok = False
    unknown: list[str] = []
    text_col = TEXT_COLUMNS.get(table.name, ())
    seen: set[str] = set()
    for h in table.header:
        if not h:
            continue
        if h in seen:
            problems.error(f"the column {h!r} appears twice", table.loc(table.header_row, h))
            ok = False
        seen.add(h)
        if h in required or h in optional:
            continue
        match = LANG_COLUMN.match(h)
        if match and base_names[h] in text_col:
            bad_tag = check_lang(match.group(2), table.loc(table.header_row, h))
            if bad_tag is not None:
                problems.errors.append(bad_tag)
                ok = False
            continue
        unknown.append(h)
        problems.warn(f"unknown column {h!r}: its values are kept as notes (cg:note)",
                      table.loc(table.header_row, h))
    return ok, unknown


def _filled(row: Mapping[str, str], column: str) -> bool:
    """Whether a cell is filled; a text column also counts as filled by a ``column@lang``."""
    if row.get(column):
        return True
    prefix = column + "@"
    return any(v for k, v in row.items() if k.startswith(prefix))


def _texts(table: Table, row: dict[str, str], column: str,
           hint: list[str] | None = None) -> list[tuple[str, str]]:
    """Return (text, language) of ``column`` and its ``column@lang`` variants.

    The untagged column's language comes from its script; Cyrillic without Kazakh letters is
    ``kk`` when ``hint`` (the course's languages) has ``kk`` but not ``ru``.
    """
    out: list[tuple[str, str]] = []
    if row.get(column):
        lang = text_language(row[column])
        if lang == "ru" and hint and "kk" in hint and "ru" not in hint:
            lang = "kk"
        out.append((row[column], lang))
    for h in table.header:
        match = LANG_COLUMN.match(h)
        if match and match.group(1) == column and row.get(h):
            out.append((row[h], match.group(2).lower()))
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in out:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


@dataclass
class _Alignment:
    source: str
    target: str
    level: str


@dataclass
class _Run:
    """State shared by the per-sheet converters of one :func:`convert` call."""

    tables: Mapping[str, Table]
    vocab: Vocabulary
    problems: Problems
    out: NTriples = field(default_factory=NTriples)
    checked: dict[str, list[str]] = field(default_factory=dict)   # sheet → unknown columns
    usable: dict[str, bool] = field(default_factory=dict)         # sheet → columns are usable
    programme_id: str = "unknown"
    version: str = ""
    institution: str = "unknown"
    prog: str = ""
    staff_ids: set[str] = field(default_factory=set)
    staff_graph: str | None = None
    staff_nt: bytes | None = None
    po_iris: dict[str, str] = field(default_factory=dict)
    po_sheet_ok: bool = True
    courses: dict[str, str] = field(default_factory=dict)
    course_langs: dict[str, list[str]] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], int] = field(default_factory=dict)
    alignments: list[_Alignment] = field(default_factory=list)

    def usable_table(self, name: str) -> Table | None:
        table = self.tables.get(name)
        return table if table is not None and self.usable.get(name) else None

    def node(self, *segments: str) -> str:
        return data_iri("programme", self.programme_id, self.version, *segments)


#: Kazakh programme codes of the classifier of educational programmes: the cycle digit-letter pair
#: (6B bachelor, 7M master, 8D doctorate) and five digits, e.g. 6B07101.
_KZ_PROGRAMME_CODE = re.compile(r"(6B|7M|8D)\d{5}")
_KZ_STATE_STANDARD = {"6B": "kz-goso-bachelor", "7M": "kz-goso-master", "8D": "kz-goso-doctorate"}


def default_targets(programme_id: str) -> list[str]:
    """Target framework ids of a programme whose ``targets`` cell is empty.

    A Kazakh programme (id such as ``6B07101``, ``7M…``, ``8D…``) targets its cycle's state
    compulsory standard (``kz-goso-bachelor``/``-master``/``-doctorate``); any other programme
    gets none. Targets given on the sheet replace this default (docs/frameworks.md)."""
    match = _KZ_PROGRAMME_CODE.fullmatch(programme_id.strip().upper())
    return [_KZ_STATE_STANDARD[match.group(1)]] if match else []


def coverage_target(out: NTriples, prog: str, entry: str, vocab: Vocabulary,
                    problems: Problems, loc: Location) -> None:
    """One ``framework-id:item@LEVEL`` entry of the programme's ``targets`` (docs/workbook.md):
    the programme requires the item at that I/R/M level (``cg:coverageTarget``, which overrides
    every other required level; docs/rules.md), and the framework becomes a target framework."""
    target_text, at, level_text = entry.partition("@")
    fw, _, code = (p.strip() for p in target_text.partition(":"))
    level = {"i": "I", "r": "R", "m": "M", "1": "I", "2": "R", "3": "M", "introduced": "I",
             "reinforced": "R", "mastered": "M"}.get(level_text.strip().casefold())
    if not at or level is None or level not in vocab.irm:
        problems.error(f"{entry!r}: a target item needs a level, e.g. {fw or 'wa-2021'}:"
                       f"{code or 'WA1'}@R (I, R or M)", loc)
        return
    items, fw_iri = vocab.framework_items(fw), vocab.frameworks(fw)
    if items is None or fw_iri is None:
        problems.error(f"unknown framework {fw!r} in {entry!r} (see `competency-graph "
                       "frameworks` for the ids)", loc)
        return
    if code not in items:
        close = difflib.get_close_matches(code, list(items), n=1, cutoff=0.6)
        hint = f" (did you mean {fw}:{close[0]}?)" if close else ""
        problems.error(f"framework {fw!r} has no item {code!r}{hint}", loc)
        return
    node = f"{prog}/target/{slugify(fw)}/{slugify(code)}"
    out.iri(prog, CG + "targetFramework", fw_iri)
    out.iri(prog, CG + "coverageTarget", node)
    out.iri(node, CG + "competency", items[code])
    out.iri(node, CG + "requiredLevel", vocab.irm[level])


def convert(tables: Mapping[str, Table], vocab: Vocabulary, problems: Problems) -> Converted | None:
    """Convert the tables into one programme version; None when errors stop it.

    Every problem is added to ``problems``; conversion goes on after an error so that all are
    reported at once.
    """
    run = _Run(tables, vocab, problems)
    _check_sheets(run)
    prow = _programme(run)
    _staff(run)
    _programme_outcomes(run)
    _courses(run)
    _outcomes(run)
    _alignments(run)
    if problems.errors or not prow.get("id"):
        return None
    return Converted(
        programme_id=run.programme_id, version=run.version, programme_iri=run.prog,
        graph=graph_iri("programme", run.programme_id, run.version), ntriples=run.out.data(),
        institution=run.institution, staff_graph=run.staff_graph, staff_ntriples=run.staff_nt,
        counts={"courses": len(run.courses), "outcomes": len(run.outcomes),
                "programme_outcomes": len(run.po_iris), "alignments": len(run.alignments),
                "staff": len(run.staff_ids)})


def _check_sheets(run: _Run) -> None:
    """Columns of every sheet (required, unknown, twice, language tags) and overflowing rows."""
    for name, table in run.tables.items():
        if name == "staff" or not table.header:
            continue
        run.usable[name], run.checked[name] = _check_columns(table, run.problems)
        for number, count in table.overflow:
            run.problems.error(f"the row has {count} cells but the header only "
                               f"{len(table.header)} columns (a separator inside an unquoted "
                               "value?)", table.loc(number))


def _id(run: _Run, value: str, kind: str, location: Location) -> bool:
    """Check an id against the one id rule (:mod:`competency_graph.ids`); report and say so."""
    problem = check_id(value, kind, location)
    if problem is not None:
        run.problems.errors.append(problem)
    return problem is None


def _programme_row(run: _Run, table: Table) -> tuple[int, dict[str, str]]:
    pnum = table.header_row + 1
    if not (table.header and run.usable.get("programme")):
        return pnum, {}
    rows = [(n, r) for n, r in table.rows if any(r.values())]
    if not rows:
        run.problems.error("the programme sheet has no data row", table.loc(pnum))
        return pnum, {}
    if len(rows) > 1:
        run.problems.error("the programme sheet must have exactly one data row, not "
                           f"{len(rows)}", table.loc(rows[1][0]))
    pnum, prow = rows[0]
    for col in COLUMNS["programme"][0]:
        if not _filled(prow, col):
            run.problems.error(f"the required column {col!r} is empty", table.loc(pnum, col))
    return pnum, prow


def _version(run: _Run, table: Table, pnum: int, prow: Mapping[str, str]) -> str:
    existing = run.vocab.existing_versions(run.programme_id) if prow.get("id") else []
    version = prow.get("version", "")
    if version:
        if version in existing:
            run.problems.error(
                f"version {version!r} of programme {run.programme_id!r} is already stored; "
                "leave 'version' empty to add the next version, or give a new one",
                table.loc(pnum, "version"))
        _id(run, version, "version", table.loc(pnum, "version"))
        return version
    numbers = [int(v) for v in existing if v.isdigit()]
    version = str(max(numbers, default=0) + 1)
    while version in existing:
        version = str(int(version) + 1)
    return version


def _programme(run: _Run) -> dict[str, str]:
    """The programme sheet: id, version, titles, cycle, credits, institution, targets.

    When the row is unusable the other sheets are still checked (with a placeholder id) so that
    every problem is reported, and nothing is returned.
    """
    table = run.tables.get("programme") or Table("programme", "", "programme", [], [], 1)
    pnum, prow = _programme_row(run, table)
    loc = table.loc
    programme_id = prow.get("id", "")
    if programme_id and _id(run, programme_id, "programme id", loc(pnum, "id")):
        run.programme_id = programme_id
    run.version = _version(run, table, pnum, prow)
    inst_text = prow.get("institution", "")
    if inst_text:
        run.institution = slugify(inst_text)
        _id(run, run.institution, "institution id", loc(pnum, "institution"))
    run.prog = prog = run.node()
    out = run.out
    out.iri(prog, RDF + "type", CG + "EducationalProgramme")
    out.plain(prog, DCTERMS + "identifier", run.programme_id)
    out.plain(prog, CG + "versionNumber", run.version)
    out.typed(prog, CG + "isCurrentVersion", "true", "boolean")
    for column, prop in (("title", DCTERMS + "title"), ("description", DCTERMS + "description")):
        for text, lang in _texts(table, prow, column):
            out.text(prog, prop, text, lang)
    cycle = prow.get("cycle", "")
    if cycle:
        kind = _CYCLES.get(cycle.casefold())
        if kind is None:
            run.problems.error(f"cycle must be bachelor, master or doctorate, not {cycle!r}",
                               loc(pnum, "cycle"))
        else:
            out.iri(prog, CG + "cycle", CG + kind)
    _decimal(run, prog, CG + "declaredEcts", prow.get("ects", ""), loc(pnum, "ects"))
    if inst_text:
        inst = data_iri("institution", run.institution)
        out.iri(prog, CG + "offeredBy", inst)
        out.iri(inst, RDF + "type", CG + "Institution")
        out.plain(inst, DCTERMS + "identifier", run.institution)
        if inst_text != run.institution:
            out.text(inst, SKOS + "prefLabel", inst_text, text_language(inst_text))
    for code in split_list(prow.get("languages", "")):
        out.plain(prog, CG + "languageOfInstruction", language_code(code))
    # no targets on the sheet: a Kazakh programme code targets its cycle's state standard, if stored
    defaults = [t for t in default_targets(run.programme_id or "")
                if run.vocab.frameworks(t) is not None]
    for target in split_list(prow.get("targets", "")) or defaults:
        if ":" in target:  # framework-id:item@LEVEL, the programme's own required level
            coverage_target(out, prog, target, run.vocab, run.problems, loc(pnum, "targets"))
            continue
        iri = run.vocab.frameworks(target)
        if iri is None:
            run.problems.error(f"unknown framework {target!r} in targets (see `competency-graph "
                               "frameworks` for the ids)", loc(pnum, "targets"))
        else:
            out.iri(prog, CG + "targetFramework", iri)
    if prow.get("isced_f"):
        out.plain(prog, CG + "iscedF", prow["isced_f"])
    _components(out, prog, prog, prow.get("components", ""), run.vocab, run.problems,
                loc(pnum, "components"))
    _notes(out, prog, prow, run.checked.get("programme", []))
    return prow


def _decimal(run: _Run, node: str, prop: str, cell: str, location: Location) -> None:
    if not cell:
        return
    number = parse_decimal(cell)
    if number is None:
        run.problems.error(f"ects must be a number, not {cell!r}", location)
    else:
        run.out.typed(node, prop, decimal_lexical(number), "decimal")


def _staff(run: _Run) -> None:
    """The optional staff sheet: io.staff converts it into its own graph."""
    table = run.tables.get("staff")
    if table is None or not table.header or run.vocab.staff_converter is None:
        return
    rows = [r for _, r in table.rows]
    run.staff_nt, staff_problems = run.vocab.staff_converter(
        rows, institution=run.institution, file=table.file, sheet=table.sheet,
        first_row=table.header_row + 1)
    for p in staff_problems:
        if p.message.startswith("warning: "):
            run.problems.warnings.append(Problem(p.message[len("warning: "):], p.location))
        else:
            run.problems.errors.append(p)
    run.staff_ids = {r.get("id", "") for r in rows if r.get("id")}
    run.staff_graph = graph_iri("staff", run.institution, "programme", run.programme_id)


def _programme_outcomes(run: _Run) -> None:
    """The optional programme_outcomes sheet."""
    run.po_sheet_ok = "programme_outcomes" not in run.tables or bool(
        run.usable.get("programme_outcomes"))
    table = run.usable_table("programme_outcomes")
    if table is None:
        return
    out = run.out
    for num, row in table.rows:
        if not any(row.values()):
            continue
        for col in ("id", "text"):
            if not _filled(row, col):
                run.problems.error(f"the required column {col!r} is empty", table.loc(num, col))
        po_id = row.get("id", "")
        if not po_id or not _id(run, po_id, "programme outcome id", table.loc(num, "id")):
            continue
        if po_id in run.po_iris:
            run.problems.error(f"programme outcome {po_id!r} appears twice",
                               table.loc(num, "id"))
            continue
        po = run.po_iris[po_id] = run.node("po", po_id)
        out.iri(run.prog, CG + "hasProgrammeOutcome", po)
        out.iri(po, RDF + "type", CG + "ProgrammeOutcome")
        out.plain(po, DCTERMS + "identifier", po_id)
        for text, lang in _texts(table, row, "text"):
            out.text(po, CG + "statement", text, lang)
        _notes(out, po, row, run.checked.get("programme_outcomes", []))
        run.alignments.extend(_parse_aligned(row.get("aligned_to", ""), po, {}, run.vocab,
                                             run.problems, table.loc(num, "aligned_to"),
                                             allow_po=False))


def _courses(run: _Run) -> None:
    """The courses sheet: codes first (prerequisites may point forward), then each course."""
    table = run.usable_table("courses")
    if table is None:
        return
    rows: list[tuple[int, dict[str, str], str]] = []
    for num, row in table.rows:
        if not any(row.values()):
            continue
        for col in COLUMNS["courses"][0]:
            if not _filled(row, col):
                run.problems.error(f"the required column {col!r} is empty", table.loc(num, col))
        code = row.get("code", "")
        if not code or not _id(run, code, "course code", table.loc(num, "code")):
            continue
        if code in run.courses:
            first = next(n for n, _r, c in rows if c == code)
            run.problems.error(f"course code {code!r} appears twice (first on row {first})",
                               table.loc(num, "code"))
            continue
        run.courses[code] = run.node("course", code)
        run.course_langs[code] = [language_code(x) for x in split_list(row.get("language", ""))]
        rows.append((num, row, code))
    for num, row, code in rows:
        _course(run, table, num, row, code)


def _course(run: _Run, table: Table, num: int, row: dict[str, str], code: str) -> None:
    course, out, loc = run.courses[code], run.out, table.loc
    out.iri(run.prog, CG + "hasCourse", course)
    out.iri(course, RDF + "type", CG + "Course")
    out.plain(course, CG + "courseCode", code)
    for text, lang in _texts(table, row, "title"):
        out.text(course, DCTERMS + "title", text, lang)
    _decimal(run, course, CG + "ects", row.get("ects", ""), loc(num, "ects"))
    if row.get("semester"):
        sem = parse_decimal(row["semester"])
        if sem is None or sem != sem.to_integral_value() or sem < 1:
            run.problems.error(f"semester must be a whole number from 1, not "
                               f"{row['semester']!r}", loc(num, "semester"))
        else:
            out.typed(course, CG + "semester", str(int(sem)), "integer")
    for code_lang in split_list(row.get("language", "")):
        out.plain(course, CG + "languageOfInstruction", language_code(code_lang))
    required = row.get("required", "")
    if required and required.casefold() not in _YES | _NO:
        run.problems.error(f"required must be yes or no, not {required!r}",
                           loc(num, "required"))
    else:
        flag = "false" if required.casefold() in _NO else "true"
        out.typed(course, CG + "isRequired", flag, "boolean")
    for pre in split_list(row.get("prerequisites", "")):
        if pre not in run.courses:
            run.problems.error(f"prerequisite {pre!r} is not a course code of this programme",
                               loc(num, "prerequisites"))
        else:
            out.iri(course, CG + "hasPrerequisite", run.courses[pre])
    for sid in split_list(row.get("teachers", "")):
        if not _id(run, sid, "staff id", loc(num, "teachers")):
            continue
        if sid not in run.staff_ids and not run.vocab.staff_known(run.institution, sid):
            run.problems.warn(f"teacher {sid!r} is not in the staff sheet nor among the stored "
                              f"staff of {run.institution!r}", loc(num, "teachers"))
        out.iri(course, CG + "taughtBy", data_iri("institution", run.institution, "staff", sid))
    _components(out, course, course, row.get("components", ""), run.vocab, run.problems,
                loc(num, "components"))
    _notes(out, course, row, run.checked.get("courses", []))


def _outcomes(run: _Run) -> None:
    """The outcomes sheet: course learning outcomes, their Bloom level and alignments."""
    table = run.usable_table("outcomes")
    if table is None:
        return
    courses_ok = run.usable_table("courses") is not None
    out = run.out
    for num, row in table.rows:
        if not any(row.values()):
            continue
        for col in COLUMNS["outcomes"][0]:
            if not _filled(row, col):
                run.problems.error(f"the required column {col!r} is empty", table.loc(num, col))
        code, lo_id = row.get("course", ""), row.get("id", "")
        if not code or not lo_id or not _id(run, lo_id, "outcome id", table.loc(num, "id")):
            continue
        if code not in run.courses:
            if courses_ok:
                run.problems.error(f"course {code!r} is not in the courses sheet",
                                   table.loc(num, "course"))
            continue
        if (code, lo_id) in run.outcomes:
            run.problems.error(f"outcome {lo_id!r} of course {code!r} appears twice (first on "
                               f"row {run.outcomes[(code, lo_id)]})", table.loc(num, "id"))
            continue
        run.outcomes[(code, lo_id)] = num
        lo = run.node("course", code, "outcome", lo_id)
        out.iri(run.courses[code], CG + "hasLearningOutcome", lo)
        out.iri(lo, RDF + "type", CG + "LearningOutcome")
        out.plain(lo, DCTERMS + "identifier", lo_id)
        texts = _texts(table, row, "text", run.course_langs.get(code))
        for text, lang in texts:
            out.text(lo, CG + "statement", text, lang)
        _bloom(out, lo, row.get("bloom", ""), texts, run.vocab.bloom, run.problems,
               table.loc(num, "bloom"))
        _notes(out, lo, row, run.checked.get("outcomes", []))
        run.alignments.extend(_parse_aligned(row.get("aligned_to", ""), lo, run.po_iris,
                                             run.vocab, run.problems,
                                             table.loc(num, "aligned_to"), allow_po=True,
                                             check_po=run.po_sheet_ok))


def _alignments(run: _Run) -> None:
    for number, al in enumerate(run.alignments, start=1):
        node = run.node("alignment", str(number))
        run.out.iri(node, RDF + "type", CG + "Alignment")
        run.out.iri(node, CG + "alignmentSource", al.source)
        run.out.iri(node, CG + "alignmentTarget", al.target)
        run.out.iri(node, CG + "level", al.level)
        run.out.plain(node, PROV + "wasAttributedTo", "curriculum workbook")
        run.out.typed(node, CG + "confidence", "1.0", "decimal")


def _notes(out: NTriples, node: str, row: Mapping[str, str], unknown: list[str]) -> None:
    for col in unknown:
        if row.get(col):
            out.plain(node, CG + "note", f"{col}: {row[col]}")


def _components(out: NTriples, owner: str, base: str, cell: str, vocab: Vocabulary,
                problems: Problems, loc: Location) -> None:
    for code in split_list(cell):
        kind = vocab.component_kinds.get(code.casefold())
        if kind is None:
            problems.error(f"unknown international component {code!r}; use one of "
                           + ", ".join(sorted(vocab.component_kinds)), loc)
            continue
        node = f"{base}/component/{code.casefold()}"
        out.iri(owner, CG + "hasInternationalComponent", node)
        out.iri(node, RDF + "type", CG + "InternationalComponent")
        out.iri(node, CG + "componentKind", kind)


def _bloom(out: NTriples, lo: str, cell: str, texts: list[tuple[str, str]], scale: BloomScale,
           problems: Problems, loc: Location) -> None:
    if cell:
        key = cell.strip().casefold()
        match = re.fullmatch(r"c?([1-6])(?:\.0)?", key)
        notation = match.group(1) if match else scale.names.get(key)
        if notation is None or notation not in scale.levels:
            problems.error(f"bloom must be 1–6 or a level name (Remember … Create), not {cell!r}",
                           loc)
            return
        out.iri(lo, CG + "bloomLevel", scale.levels[notation])
        return
    if not texts:
        return
    notation, verb = infer_bloom(texts[0][0], scale)
    if notation is not None and notation in scale.levels:
        out.iri(lo, CG + "bloomLevel", scale.levels[notation])
        out.typed(lo, CG + "bloomLevelInferred", "true", "boolean")
    elif verb is not None:
        problems.warn(f"no Bloom level: the outcome uses the unobservable verb {verb!r}",
                      loc)
    else:
        problems.warn("no Bloom level given and none could be inferred from the outcome's verb",
                      loc)


def _parse_aligned(cell: str, source: str, po_iris: Mapping[str, str], vocab: Vocabulary,
                   problems: Problems, loc: Location, *, allow_po: bool,
                   check_po: bool = True) -> list[_Alignment]:
    found: dict[str, tuple[int, str, str]] = {}
    ranks = {"I": 1, "R": 2, "M": 3}
    for entry in split_list(cell):
        target_text, _, level_text = entry.partition("@")
        target_text, level_text = target_text.strip(), level_text.strip()
        level = {"1": "I", "2": "R", "3": "M", "i": "I", "r": "R", "m": "M",
                 "introduced": "I", "reinforced": "R", "mastered": "M",
                 "": "I"}.get(level_text.casefold())
        ok = True
        if level is None or level not in vocab.irm:
            problems.error(f"unknown level {level_text!r} in {entry!r}: use I, R or M "
                           "(or 1–3)", loc)
            ok = False
        target: str | None = None
        if ":" in target_text:
            fw, _, code = (p.strip() for p in target_text.partition(":"))
            items = vocab.framework_items(fw)
            if items is None:
                problems.error(f"unknown framework {fw!r} in {entry!r} (see `competency-graph "
                               "frameworks` for the ids)", loc)
                ok = False
            elif code not in items:
                close = difflib.get_close_matches(code, list(items), n=1, cutoff=0.6)
                hint = f" (did you mean {fw}:{close[0]}?)" if close else ""
                problems.error(f"framework {fw!r} has no item {code!r}{hint}", loc)
                ok = False
            else:
                target = items[code]
        elif not allow_po:
            problems.error(f"{entry!r}: a programme outcome aligns to framework items "
                           "(framework-id:code, e.g. wa-2021:WA4)", loc)
            ok = False
        elif target_text in po_iris:
            target = po_iris[target_text]
        elif not check_po:
            ok = False
        else:
            known = "; ".join(po_iris) or "none"
            problems.error(f"{entry!r}: {target_text!r} is not a programme outcome id (known: "
                           f"{known}) nor a framework item (framework-id:code)", loc)
            ok = False
        if not ok or target is None or level is None:
            continue
        if target in found:
            problems.warn(f"{target_text!r} is given twice; the higher level counts", loc)
            if ranks[level] <= found[target][0]:
                continue
        found[target] = (ranks[level], level, target_text)
    return [_Alignment(source, t, vocab.irm[lv]) for t, (_, lv, _) in found.items()]

