"""Staff rows (the workbook's ``staff`` sheet or a standalone roster) → N-Triples.

:func:`staff_to_ntriples` is the one converter both paths use: the curriculum workbook importer
calls it for its ``staff`` sheet, and ``import --kind staff`` (services.staff) for a roster.
It follows docs/data-model.md "Staff" and never writes to a store.

Columns (header names lower-cased; DESIGN §5 plus optional evidence/date columns):

| column | meaning |
|---|---|
| **id** | staff id, unique in the sheet → ``data_iri("institution", inst, "staff", id)`` |
| **name** | full name → ``schema:name``; ``name@ru`` / ``name@kk`` add tagged names |
| department | → ``cg:department`` |
| english | CEFR ``A1``–``C2`` → an assertion on ``staff-intl/SI1`` at ``cefr/<level>`` |
| english_evidence | ``cg:evidence`` of the English assertion (``IELTS 7.5``) |
| english_date | ``dcterms:date`` of the English assertion (default: ``assessed_on``) |
| competences | ``fw:code@LEVEL; …`` (``digcompedu:3.1@B1; staff-intl:SI2@L2``); the level |
|  | is a notation of the item's own ``cg:levelScale`` (else its framework's) |
| evidence | ``cg:evidence`` of every assertion from ``competences`` |
| assessed_on | ``dcterms:date`` of every assertion of the row (``2025-06-01``, ``01.06.2025``, |
|  | or a spreadsheet date) |
| foreign_citizen | yes/no (also true/false, 1/0, да/нет, иә/жоқ) → ``cg:foreignCitizen`` |
| institution | roster only (ignored here: the caller passes ``institution``) |

Assertion IRIs are ``…/staff/<id>/assertion/<n>`` with ``<n>`` a 12-hex-digit hash of the
assertion's content (competency, level, evidence, date), see :func:`_assertion_key`.

Other columns are kept as ``cg:note "column: value"`` on the staff node and reported as a warning.

Problems: every problem found is returned, located by file, sheet, row and column. A problem
whose message starts with :data:`WARNING_PREFIX` (``"warning: "``) is a warning (an unknown
column, the same competency given twice); every other problem is an error that must stop the
import. :func:`is_warning` tells them apart. The N-Triples are returned in every case, but hold
only the rows/cells that converted cleanly.

Resolving codes: a ``framework-id:code`` must name an item of a framework that has a level scale,
and the level must be a notation of that scale. By default both come from the *bundled* framework
files (``ontology/frameworks/*.ttl``), read once with rdflib and cached. A caller with a store can
pass ``known_items`` (``"framework-id:code"`` → level-scale id, e.g. built by
``services.staff.known_staff_items(store)``, which also covers imported frameworks) and
``known_levels`` (level-scale id → {notation: level IRI}); the given mappings win, the bundled
lookup fills in the rest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from competency_graph import resources
from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import LANG_COLUMN, check_id, check_lang
from competency_graph.io import tables
from competency_graph.io.ntriples import NTriples, literal
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    RDF,
    SCHEMA,
    data_iri,
    item_iri,
)

__all__ = [
    "ENGLISH_ITEM",
    "KNOWN_COLUMNS",
    "WARNING_PREFIX",
    "FrameworkLookup",
    "bundled_lookup",
    "is_warning",
    "read_table",
    "staff_iri",
    "staff_to_ntriples",
]

WARNING_PREFIX = "warning: "
#: The staff-intl item that the ``english`` column asserts (on the CEFR scale).
ENGLISH_ITEM = ("staff-intl", "SI1")
ENGLISH_SCALE = "cefr"
#: Columns this converter understands (others become notes, with a warning).
KNOWN_COLUMNS = frozenset({
    "id", "name", "department", "english", "english_evidence", "english_date", "competences",
    "evidence", "assessed_on", "foreign_citizen", "institution",
})
_REQUIRED = ("id", "name")
_YES = {"yes", "y", "true", "1", "да", "иә", "ия"}
_NO = {"no", "n", "false", "0", "нет", "жоқ"}
_ENTRY = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*:\s*([^@\s]+)\s*(?:@\s*(\S+))?\s*$")


def _name_lang(column: str) -> str | None:
    """The tag of a ``name@xx`` column (any tag: :func:`check_lang` judges it), else None."""
    match = LANG_COLUMN.match(column)
    return match.group(2) if match and match.group(1) == "name" else None


def is_warning(problem: Problem) -> bool:
    """Whether a problem returned by :func:`staff_to_ntriples` is only a warning."""
    return problem.message.startswith(WARNING_PREFIX)


def staff_iri(institution: str, staff_id: str) -> str:
    """Return the IRI of a staff member (docs/data-model.md)."""
    return data_iri("institution", institution, "staff", staff_id)


# --- the framework lookup --------------------------------------------------------------------

@dataclass(frozen=True)
class FrameworkLookup:
    """Which framework items exist (with their level scale) and which levels each scale has."""

    #: ``"framework-id:code"`` → level-scale id
    items: Mapping[str, str] = field(default_factory=dict)
    #: level-scale id → {notation: level IRI}
    levels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: framework ids known at all (to tell "unknown framework" from "unknown code")
    frameworks: frozenset[str] = frozenset()


@cache
def bundled_lookup() -> FrameworkLookup:
    """Build the lookup from the bundled framework files (read once, cached)."""
    import rdflib
    from rdflib.namespace import SKOS as RSKOS

    graph = rdflib.Graph()
    for path in resources.bundled_files("frameworks"):
        graph.parse(path, format="turtle")
    ident = rdflib.URIRef(DCTERMS + "identifier")
    scale_p = rdflib.URIRef(CG + "levelScale")
    rank_p = rdflib.URIRef(CG + "rank")
    scheme_id: dict[rdflib.term.Node, str] = {
        s: str(o) for s, o in graph.subject_objects(ident)
    }
    scheme_scale: dict[rdflib.term.Node, str] = {}
    for s, o in graph.subject_objects(scale_p):
        if o in scheme_id:
            scheme_scale[s] = scheme_id[o]
    items: dict[str, str] = {}
    levels: dict[str, dict[str, str]] = {}
    for concept, scheme in graph.subject_objects(RSKOS.inScheme):
        fw = scheme_id.get(scheme)
        notation = graph.value(concept, RSKOS.notation)
        if fw is None or notation is None:
            continue
        if graph.value(concept, rank_p) is not None:
            levels.setdefault(fw, {})[str(notation)] = str(concept)
        scale = scheme_scale.get(concept) or scheme_scale.get(scheme)
        if scale:
            items[f"{fw}:{notation}"] = scale
    return FrameworkLookup(items=items, levels=levels, frameworks=frozenset(scheme_id.values()))


def _merged_lookup(known_items: Mapping[str, str] | None,
                   known_levels: Mapping[str, Mapping[str, str]] | None) -> FrameworkLookup:
    base = bundled_lookup()
    if not known_items and not known_levels:
        return base
    items = dict(base.items)
    items.update(known_items or {})
    levels = {k: dict(v) for k, v in base.levels.items()}
    for scale, notations in (known_levels or {}).items():
        levels.setdefault(scale, {}).update(notations)
    frameworks = set(base.frameworks) | {k.split(":", 1)[0] for k in items} | set(levels)
    return FrameworkLookup(items=items, levels=levels, frameworks=frozenset(frameworks))


# --- cell parsing ----------------------------------------------------------------------------

def _parse_date(text: str) -> date | None:
    text = text.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", text)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", text)
        if not match:
            return None
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _level_iri(lookup: FrameworkLookup, scale: str, level: str) -> str | None:
    notations = lookup.levels.get(scale, {})
    if level in notations:
        return notations[level]
    folded = {k.casefold(): v for k, v in notations.items()}
    return folded.get(level.casefold())


@dataclass
class _Assertion:
    competency: str
    level: str
    evidence: str | None
    when: date | None


def staff_to_ntriples(
    rows: list[dict[str, str]],
    *,
    institution: str,
    file: str,
    sheet: str,
    first_row: int = 2,
    known_items: Mapping[str, str] | None = None,
    known_levels: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[bytes, list[Problem]]:
    """Convert staff rows into N-Triples (docs/data-model.md "Staff") and located problems.

    ``rows`` are dicts of lower-cased header → cell text (empty cells as ``""`` or missing);
    ``rows[0]`` sits on spreadsheet row ``first_row``. ``institution`` is the institution id
    (``"unknown"`` when the programme names none). See the module docstring for the columns,
    the warning/error split (:func:`is_warning`) and ``known_items`` / ``known_levels``.
    """
    conv = _Roster(_merged_lookup(known_items, known_levels), institution, file, sheet)
    conv.columns(rows, first_row)
    for offset, raw in enumerate(rows):
        row = {(k or "").strip().lower(): ("" if v is None else str(v)).strip()
               for k, v in raw.items()}
        if any(row.values()):  # skip a blank line
            conv.row(first_row + offset, row)
    return conv.out.data(), conv.problems


class _Roster:
    """The state of one roster conversion: problems, ids seen, the triples written."""

    def __init__(self, lookup: FrameworkLookup, institution: str, file: str, sheet: str) -> None:
        self.lookup, self.institution, self.file, self.sheet = lookup, institution, file, sheet
        self.inst_iri = data_iri("institution", institution)
        self.out = NTriples()
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, int] = {}
        self.unknown: list[str] = []

    def loc(self, row: int, column: str | None = None) -> Location:
        return Location(file=self.file, sheet=self.sheet, row=row, column=column)

    def error(self, message: str, row: int, column: str | None = None) -> None:
        self.problems.append(Problem(message, self.loc(row, column)))

    def warn(self, message: str, row: int, column: str | None = None) -> None:
        self.problems.append(Problem(WARNING_PREFIX + message, self.loc(row, column)))

    def columns(self, rows: list[dict[str, str]], first_row: int) -> None:
        """Language tags of ``name@xx`` columns; unknown columns (kept as notes, a warning)."""
        found: set[str] = set()
        for r in rows:
            found.update(k for k in r if k is not None)
        self.unknown = sorted(c for c in found
                              if c not in KNOWN_COLUMNS and not _name_lang(c) and c.strip())
        for c in sorted(found):
            tag = _name_lang(c)
            bad_tag = check_lang(tag, self.loc(first_row - 1, c)) if tag else None
            if bad_tag is not None:
                self.problems.append(bad_tag)
        if rows:
            for c in self.unknown:
                self.warn(f"unknown column {c!r}: kept as a note on each staff member",
                          first_row - 1, c)

    def row(self, rownum: int, row: dict[str, str]) -> None:
        ok = self.identity(rownum, row)
        foreign = self.foreign(rownum, row)
        row_date: date | None = None
        if row.get("assessed_on"):
            row_date = _parse_date(row["assessed_on"])
            if row_date is None:
                self.error(f"assessed_on {row['assessed_on']!r} is not a date (use 2025-06-01)",
                           rownum, "assessed_on")
        assertions = self.assertions(rownum, row, row_date)
        if ok:
            self.write(row, foreign, assertions)

    def identity(self, rownum: int, row: dict[str, str]) -> bool:
        """Required columns and the staff id (the one id rule, unique in the roster)."""
        ok = True
        for col in _REQUIRED:
            if not row.get(col):
                self.error(f"the required column {col!r} is empty", rownum, col)
                ok = False
        sid = row.get("id", "")
        if not sid:
            return ok
        bad_id = check_id(sid, "staff id", self.loc(rownum, "id"))
        if bad_id is not None:
            self.problems.append(bad_id)
            return False
        if sid in self.seen_ids:
            self.error(f"staff id {sid!r} appears again (first on row {self.seen_ids[sid]})",
                       rownum, "id")
            return False
        self.seen_ids[sid] = rownum
        return ok

    def foreign(self, rownum: int, row: dict[str, str]) -> bool | None:
        if not row.get("foreign_citizen"):
            return None
        value = row["foreign_citizen"].casefold()
        if value in _YES or value in _NO:
            return value in _YES
        self.error(f"foreign_citizen must be yes or no, not {row['foreign_citizen']!r}",
                   rownum, "foreign_citizen")
        return None

    def assertions(self, rownum: int, row: dict[str, str],
                   row_date: date | None) -> list[_Assertion]:
        """The ``english`` level and the ``competences`` entries of one row."""
        found: list[_Assertion] = []
        given: dict[str, str] = {}
        english = self.english(rownum, row, row_date)
        if english is not None:
            given[english.competency] = "english"
            found.append(english)
        for entry in _split(row.get("competences", "")):
            parsed = _parse_entry(entry, self.lookup)
            if isinstance(parsed, str):
                self.error(parsed, rownum, "competences")
                continue
            competency, level = parsed
            if competency in given:
                self.warn(f"{entry!r} repeats a competency already given in column "
                          f"{given[competency]!r}; the higher level counts", rownum,
                          "competences")
            given.setdefault(competency, "competences")
            found.append(_Assertion(competency, level, row.get("evidence") or None, row_date))
        return found

    def english(self, rownum: int, row: dict[str, str],
                row_date: date | None) -> _Assertion | None:
        if not row.get("english"):
            if row.get("english_evidence") or row.get("english_date"):
                self.warn("english_evidence/english_date given without an english level: "
                          "ignored", rownum, "english")
            return None
        level = _level_iri(self.lookup, ENGLISH_SCALE, row["english"])
        if level is None:
            self.error(f"english must be a CEFR level A1–C2, not {row['english']!r}",
                       rownum, "english")
            return None
        when = row_date
        if row.get("english_date"):
            when = _parse_date(row["english_date"])
            if when is None:
                self.error(f"english_date {row['english_date']!r} is not a date "
                           "(use 2025-06-01)", rownum, "english_date")
        return _Assertion(item_iri(*ENGLISH_ITEM), level, row.get("english_evidence") or None,
                          when)

    def write(self, row: dict[str, str], foreign: bool | None,
              assertions: list[_Assertion]) -> None:
        out = self.out
        subject = staff_iri(self.institution, row["id"])
        out.iri(subject, RDF + "type", CG + "StaffMember")
        out.add(subject, DCTERMS + "identifier", literal(row["id"]))
        out.add(subject, SCHEMA + "name", literal(row["name"]))
        for col, text in row.items():
            tag = _name_lang(col)
            if tag and text:
                out.add(subject, SCHEMA + "name", literal(text, lang=tag))
        if row.get("department"):
            out.add(subject, CG + "department", literal(row["department"]))
        out.iri(subject, CG + "memberOf", self.inst_iri)
        if foreign is not None:
            out.typed(subject, CG + "foreignCitizen", "true" if foreign else "false", "boolean")
        for col in self.unknown:
            if row.get(col):
                out.add(subject, CG + "note", literal(f"{col}: {row[col]}"))
        for a in assertions:
            node = f"{subject}/assertion/{_assertion_key(a)}"
            out.iri(subject, CG + "hasCompetenceAssertion", node)
            out.iri(node, RDF + "type", CG + "StaffCompetenceAssertion")
            out.iri(node, CG + "competency", a.competency)
            out.iri(node, CG + "level", a.level)
            if a.evidence:
                out.add(node, CG + "evidence", literal(a.evidence))
            if a.when:
                out.typed(node, DCTERMS + "date", a.when.isoformat(), "date")


def _assertion_key(a: _Assertion) -> str:
    """The ``<n>`` of ``…/assertion/<n>``: a short hash of the assertion's content, so that the
    same staff member described by a roster and by a workbook never mixes two assertions in
    one node (equal assertions from both sources coincide harmlessly)."""
    text = "\x1f".join([a.competency, a.level, a.evidence or "",
                         a.when.isoformat() if a.when else ""])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


def _parse_entry(entry: str, lookup: FrameworkLookup) -> tuple[str, str] | str:
    """Return (competency IRI, level IRI) or an error message."""
    match = _ENTRY.match(entry)
    if not match:
        return (f"{entry!r} is not framework:code@LEVEL (e.g. digcompedu:3.1@B1; "
                "staff-intl:SI2@L2)")
    fw, code, level = match.groups()
    if level is None:
        return f"{entry!r} has no level: write {fw}:{code}@LEVEL"
    key = f"{fw}:{code}"
    scale = lookup.items.get(key)
    if scale is None:
        if fw not in lookup.frameworks:
            return f"{entry!r}: unknown framework {fw!r}"
        return f"{entry!r}: {fw!r} has no item {code!r} assessed on a level scale"
    level_iri = _level_iri(lookup, scale, level)
    if level_iri is None:
        known = ", ".join(sorted(lookup.levels.get(scale, {}))) or "none"
        return f"{entry!r}: {level!r} is not a level of {scale!r} (levels: {known})"
    return item_iri(fw, code), level_iri


# --- reading a standalone roster -------------------------------------------------------------

def read_table(path: Path, *, sheet: str | None = None,
               display: str | None = None) -> tuple[str, list[dict[str, str]]]:
    """Read a roster (``.csv`` UTF-8, or ``.xlsx``: the sheet named ``staff`` else the first)
    into (sheet name, rows of lower-cased header → cell text) with the one table reader
    (:mod:`competency_graph.io.tables`: size, archive, row and cell guards). A CSV's sheet name is
    its file stem. ``display`` names the file in messages (default: the path).

    :raises InputError: when the file cannot be read, located by file (and sheet, row, column).
    """
    name = display or str(path)
    if not path.is_file():
        raise InputError(Problem("no such file", Location(file=name)))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = tables.csv_rows(tables.read_capped(path, file=name), file=name)
        return Path(name).stem, _rows(cells for _, cells in rows)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet, name)
    raise InputError(Problem(f"a staff roster must be .csv or .xlsx, not {suffix!r}",
                             Location(file=name)))


def _read_xlsx(path: Path, sheet: str | None, name: str) -> tuple[str, list[dict[str, str]]]:
    first: list[str] = []

    def want(title: str) -> bool:  # the named sheet, else "staff" and the first sheet
        first.append(title)
        return title == sheet if sheet else title in ("staff", first[0])

    names, found = tables.xlsx_sheets(path, file=name, want=want)
    chosen = sheet or ("staff" if "staff" in names else names[0])
    if chosen not in found:
        raise InputError(Problem(f"no sheet {chosen!r}; the workbook has: " + ", ".join(names),
                                 Location(file=name)))
    return chosen, _rows(cells for _, cells in found[chosen])


def _rows(table: Iterable[list[str]]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for cells in table:
        if header is None:
            header = [(h or "").strip().lower() for h in cells]
            continue
        rows.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
    return rows
