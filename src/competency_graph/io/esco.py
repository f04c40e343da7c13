"""ESCO from the official CSV downloads, straight to N-Triples text.

Input: the classification zip (``skills_en.csv``, ``occupations_en.csv``, ``ISCOGroups_en.csv``,
``skillGroups_en.csv``, ``skillsHierarchy_en.csv``, ``conceptSchemes_en.csv`` and the collection
files) and, optionally, the relations zip (``broaderRelationsSkillPillar.csv``,
``broaderRelationsOccPillar.csv``, ``occupationSkillRelations.csv``, ``skillSkillRelations.csv``),
exactly as the EU portal ships them. Members are read from the zips as streams (nothing is
extracted, member sizes are capped); the CSV module's field limit is raised because
``conceptSchemes_en.csv`` holds cells of more than 600,000 characters.

The output is N-Triples written as text, row by row: no RDF library object per row (that is the
naive path, five to six times slower on disk; see ``bench/esco.py``). Every concept keeps
ESCO's own IRI (``conceptUri``). The mapping (docs/interop.md has the table):

* skills: ``esco:Skill`` + ``cg:Competency``, ``skos:inScheme`` the version's framework
  (``fw:esco-<version>-skills``) and every ESCO scheme of the ``inScheme`` cell,
  ``cg:competencyType`` (``skill/competence`` → ``cg:Skill``, ``knowledge`` → ``cg:Knowledge``;
  the six skills with an empty type get none), ``esco:skillType`` and ``esco:skillReuseLevel``
  as ESCO's controlled IRIs, labels (one ``skos:altLabel`` per line of a multi-line cell),
  ``skos:definition``, ``skos:scopeNote``, ``dcterms:description``, ``dcterms:modified``;
* occupations: ``esco:Occupation`` with ``skos:notation`` (the ESCO code);
  ISCO groups and skill groups: ``skos:Concept`` with their codes; skill groups are also
  ``cg:CompetencyCategory``;
* hierarchy: ``skos:broader``/``skos:narrower`` from the broader-relation files and the skills
  hierarchy file; concept schemes with ``skos:hasTopConcept``;
* collections (DigComp, digital/ICT, green, language, transversal, research skills, research
  occupations): one ``skos:Collection`` per file and version with ``skos:member``;
* relations: ``esco:hasEssentialSkill`` / ``esco:hasOptionalSkill`` from occupation to skill
  and from skill to skill.

Every problem (missing member, changed header, bad value) is reported with the zip, the member,
the CSV row (the header is row 1; a multi-line cell counts as one row) and the column.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from competency_graph.config import limits
from competency_graph.errors import InputError, Location, Problem
from competency_graph.io.ntriples import escape
from competency_graph.io.tables import check_archive
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    ESCO,
    ESCO_PORTAL,
    ESCO_REUSE_LEVEL,
    ESCO_SKILL_TYPE,
    ISOTHES,
    OWL,
    RDF,
    SKOS,
    XSD,
    data_iri,
    framework_iri,
)

#: Caps for reading zips safely (DESIGN §9).
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_PROBLEMS = 200

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: required members of the classification zip → the columns the importer reads
CLASSIFICATION: dict[str, tuple[str, ...]] = {
    "skills": ("conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
               "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition",
               "inScheme", "description"),
    "occupations": ("conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
                    "hiddenLabels", "status", "modifiedDate", "regulatedProfessionNote",
                    "scopeNote", "definition", "inScheme", "description", "code"),
    "ISCOGroups": ("conceptType", "conceptUri", "code", "preferredLabel", "altLabels",
                   "inScheme", "description"),
    "skillGroups": ("conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels",
                    "status", "scopeNote", "inScheme", "description", "code"),
    "skillsHierarchy": ("Level 0 URI", "Level 1 URI", "Level 2 URI", "Level 3 URI",
                        "Level 0 code", "Level 1 code", "Level 2 code", "Level 3 code"),
    "conceptSchemes": ("conceptType", "conceptSchemeUri", "preferredLabel", "title",
                       "description", "hasTopConcept"),
}
#: optional collection members → (collection id, English title)
COLLECTIONS: dict[str, tuple[str, str]] = {
    "digCompSkillsCollection": ("digcomp", "DigComp skills collection"),
    "digitalSkillsCollection": ("digital", "Digital skills collection"),
    "ictSkillsCollection": ("ict", "ICT skills collection"),
    "greenSkillsCollection": ("green", "Green skills collection"),
    "languageSkillsCollection": ("language", "Language skills collection"),
    "transversalSkillsCollection": ("transversal", "Transversal skills collection"),
    "researchSkillsCollection": ("research-skills", "Research skills collection"),
    "researchOccupationsCollection": ("research-occupations", "Research occupations collection"),
}
COLLECTION_COLUMNS = ("conceptType", "conceptUri", "preferredLabel")
RELATIONS: dict[str, tuple[str, ...]] = {
    "broaderRelationsSkillPillar": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    "broaderRelationsOccPillar": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    "occupationSkillRelations": ("occupationUri", "relationType", "skillType", "skillUri"),
    "skillSkillRelations": ("originalSkillUri", "originalSkillType", "relationType",
                            "relatedSkillType", "relatedSkillUri"),
}
CONCEPT_TYPES = {"skills": "KnowledgeSkillCompetence", "occupations": "Occupation",
                 "ISCOGroups": "ISCOGroup", "skillGroups": "SkillGroup",
                 "conceptSchemes": "ConceptScheme"}
SKILL_TYPES = {"skill/competence": "skill", "knowledge": "knowledge"}
COMPETENCY_TYPES = {"skill/competence": "Skill", "knowledge": "Knowledge"}
REUSE_LEVELS = {"transversal", "cross-sector", "sector-specific", "occupation-specific"}
RELATION_TYPES = {"essential": "hasEssentialSkill", "optional": "hasOptionalSkill"}

ATTRIBUTION = ("ESCO © European Union, free reuse with attribution (Commission Decision "
               "2011/833/EU). This service uses the ESCO classification of the European "
               "Commission.")

_VERSION = re.compile(r"v(\d+(?:\.\d+){1,3})")
_MEMBER = re.compile(r"^(?P<name>[A-Za-z]+?)(?:_(?P<lang>[a-z]{2,3}))?\.csv$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$")
_SPLIT = re.compile(r"[\n,|]")

#: progress callback: (what is being done, units done, units in all)
Progress = Callable[[str, int, int], None]


# --- finding the inputs ------------------------------------------------------------------------

@dataclass
class EscoZip:
    """One ESCO zip: its path, kind (classification/relations) and members by base name."""

    path: Path
    kind: str
    members: dict[str, zipfile.ZipInfo]
    language: str = "en"


@dataclass
class EscoSource:
    """The zips of one ESCO version."""

    version: str
    classification: EscoZip
    relations: EscoZip | None = None

    @property
    def framework_id(self) -> str:
        """The id of the version's skills-pillar framework, e.g. ``esco-1.1.1-skills``."""
        return f"esco-{self.version}-skills"


def _open_zip(path: Path) -> EscoZip:
    """Read a zip's directory and tell what it is (a located error if it is no ESCO zip)."""
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # zipfile raises many kinds for forged headers
        message = (f"not a zip file ({exc}); --kind esco expects the ESCO CSV zips or a folder "
                   "holding them")
        raise InputError(Problem(message, Location(file=str(path)))) from None
    members: dict[str, zipfile.ZipInfo] = {}
    language = "en"
    with archive:
        # the shared archive guards (entries, ratio, encryption) with ESCO's larger sizes
        check_archive(archive, str(path), limits().with_(
            max_zip_member_bytes=MAX_MEMBER_BYTES, max_zip_total_bytes=4 * MAX_MEMBER_BYTES))
        for info in archive.infolist():
            if info.is_dir():
                continue
            match = _MEMBER.match(Path(info.filename).name)
            if not match:
                continue
            members[match.group("name")] = info
            if match.group("name") == "skills" and match.group("lang"):
                language = match.group("lang")
    if "skills" in members or "occupations" in members:
        kind = "classification"
    elif "occupationSkillRelations" in members or "skillSkillRelations" in members:
        kind = "relations"
    else:
        raise InputError(Problem(
            "not an ESCO classification or relations zip: it holds neither skills_<lang>.csv "
            "nor occupationSkillRelations.csv", Location(file=str(path))))
    return EscoZip(path, kind, members, language)


def detect_version(path: Path) -> str | None:
    """Return the ESCO version named in a file name (``v1.1.1_...zip`` → ``1.1.1``)."""
    match = _VERSION.search(path.name)
    return match.group(1) if match else None


def find_sources(paths: list[Path], version: str | None = None) -> list[EscoSource]:
    """Group the given zips (or the zips in given folders) by ESCO version.

    :raises InputError: a path that does not exist or is no ESCO zip, a version that cannot be
        told from a file name, two classification zips of one version, or relations without
        their classification.
    """
    zips: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".zip")
            if not found:
                problems.append(Problem("the folder holds no .zip file", Location(file=str(path))))
            zips.extend(found)
        elif path.is_file():
            zips.append(path)
        else:
            problems.append(Problem("no such file or folder", Location(file=str(path))))
    if problems:
        raise InputError(problems)
    by_version: dict[str, dict[str, EscoZip]] = {}
    for path in zips:
        try:
            opened = _open_zip(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        found_version = version or detect_version(path)
        if found_version is None:
            problems.append(Problem("cannot tell the ESCO version from the file name (expected "
                                    "e.g. 'v1.1.1' in it, as the portal names its downloads)",
                                    Location(file=str(path))))
            continue
        slot = by_version.setdefault(found_version, {})
        if opened.kind in slot:
            problems.append(Problem(f"a second {opened.kind} zip for ESCO {found_version} "
                                    f"(the first is {slot[opened.kind].path})",
                                    Location(file=str(path))))
            continue
        slot[opened.kind] = opened
    sources = []
    for found_version, slot in sorted(by_version.items()):
        if "classification" not in slot:
            problems.append(Problem(f"the relations zip of ESCO {found_version} needs its "
                                    "classification zip: give both, or the folder holding both",
                                    Location(file=str(slot["relations"].path))))
            continue
        sources.append(EscoSource(found_version, slot["classification"], slot.get("relations")))
    if problems:
        raise InputError(problems)
    return sources


# --- writing N-Triples -------------------------------------------------------------------------

@dataclass
class Counts:
    """What one conversion produced (for the result message and the tests)."""

    skills: int = 0
    occupations: int = 0
    isco_groups: int = 0
    skill_groups: int = 0
    concept_schemes: int = 0
    collections: dict[str, int] = field(default_factory=dict)
    broader: int = 0
    occupation_skill: int = 0
    occupation_skill_essential: int = 0
    skill_skill: int = 0
    triples: int = 0


class _Writer:
    """Accumulates N-Triples lines; validates IRIs once each and collects located problems."""

    def __init__(self, language: str) -> None:
        self.lines: list[str] = []
        self.problems: list[Problem] = []
        self.dropped = 0
        self.lang = "@" + language
        self._iris: dict[str, str] = {}

    def problem(self, message: str, location: Location) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(message, location))
        else:
            self.dropped += 1

    def iri(self, value: str, member: _Member | None = None, row: int = 0,
            column: str | None = None) -> str | None:
        """Return ``<value>`` or None (and a problem located in ``member``) when it is not a
        valid IRI. Locations are built only for problems (this runs 400,000 times)."""
        found = self._iris.get(value)
        if found is not None:
            return found
        if not _IRI.match(value):
            if member is not None:
                self.problem(f"not a valid IRI: {value[:200]!r}", member.loc(row, column))
            return None
        term = self._iris[value] = f"<{value}>"
        return term

    def text(self, value: str) -> str:
        return '"' + escape(value) + '"' + self.lang

    @staticmethod
    def plain(value: str) -> str:
        return '"' + escape(value) + '"'


_A = f"<{RDF}type>"
_PREF = f"<{SKOS}prefLabel>"
_ALT = f"<{SKOS}altLabel>"
_HIDDEN = f"<{SKOS}hiddenLabel>"
_IN_SCHEME = f"<{SKOS}inScheme>"
_NOTATION = f"<{SKOS}notation>"
_BROADER = f"<{SKOS}broader>"
_NARROWER = f"<{SKOS}narrower>"
_DEFINITION = f"<{SKOS}definition>"
_SCOPE = f"<{SKOS}scopeNote>"
_TOP = f"<{SKOS}hasTopConcept>"
_MEMBER_P = f"<{SKOS}member>"
_DESCRIPTION = f"<{DCTERMS}description>"
_MODIFIED = f"<{DCTERMS}modified>"
_TITLE = f"<{DCTERMS}title>"
_IDENT = f"<{DCTERMS}identifier>"
_STATUS = f"<{ISOTHES}status>"
_CONCEPT = f"<{SKOS}Concept>"
_RELATION_PREDICATES = {kind: f"<{ESCO}{local}>" for kind, local in RELATION_TYPES.items()}


def _cells(value: str) -> list[str]:
    """Split a multi-valued cell (newline-, comma- or ``|``-separated), trimmed, no blanks."""
    return [part.strip() for part in _SPLIT.split(value) if part.strip()]


def _labels(value: str) -> list[str]:
    """Split a multi-line label cell: one label per line, trimmed, blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for part in value.replace("\r", "\n").split("\n"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


class _Member:
    """One CSV member of a zip, read as dict rows with a location for every cell."""

    def __init__(self, source: EscoZip, name: str, columns: tuple[str, ...]) -> None:
        self.source = source
        self.info = source.members[name]
        self.name = name
        self.columns = columns
        self.file = f"{source.path}!{self.info.filename}"
        self.header: list[str] = []
        self.index: dict[str, int] = {}

    def loc(self, row: int, column: str | None = None) -> Location:
        return Location(file=self.file, row=row, column=column)

    def rows(self, writer: _Writer) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (row number, row as a dict); see :meth:`cells`."""
        for number, cells in self.cells(writer):
            yield number, dict(zip(self.header, cells, strict=True))

    def cells(self, writer: _Writer) -> Iterator[tuple[int, list[str]]]:
        """Yield (row number, cells) after checking the header (``self.index`` then maps column
        names to positions); rows with too many cells are reported, short rows padded
        (``skillsHierarchy`` ships some)."""
        if self.info.file_size > MAX_MEMBER_BYTES:
            writer.problem(f"member larger than {MAX_MEMBER_BYTES} bytes", self.loc(1))
            return
        try:
            yield from self._read(writer)
        except InputError:
            raise
        except Exception as exc:  # a damaged member: BadZipFile, zlib.error, EOFError …
            writer.problem(f"the archive member cannot be read (damaged?): {exc}", self.loc(1))

    def _read(self, writer: _Writer) -> Iterator[tuple[int, list[str]]]:
        with zipfile.ZipFile(self.source.path) as archive, archive.open(self.info) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            try:
                header = next(reader)
            except StopIteration:
                writer.problem("empty file: no header row", self.loc(1))
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                writer.problem(f"cannot read the header: {exc}", self.loc(1))
                return
            missing = [c for c in self.columns if c not in header]
            for column in missing:
                writer.problem(f"missing column {column!r} in the header (found: "
                               + ", ".join(repr(h) for h in header[:20]) + ")",
                               self.loc(1, column))
            if missing:
                return
            self.header = header
            self.index = {name: i for i, name in enumerate(header)}
            width = len(header)
            row_number = 1
            try:
                for cells in reader:
                    row_number += 1
                    if len(cells) != width:
                        if len(cells) > width and any(c.strip() for c in cells[width:]):
                            writer.problem(f"{len(cells)} cells where the header has {width}",
                                           self.loc(row_number))
                            continue
                        cells = (cells + [""] * width)[:width]
                    yield row_number, cells
            except (csv.Error, UnicodeDecodeError) as exc:
                writer.problem(f"cannot read the CSV: {exc}", self.loc(row_number + 1))


@dataclass
class Conversion:
    """The N-Triples of one ESCO version and what went into them."""

    source: EscoSource
    graph: str
    ntriples: bytes
    counts: Counts


def convert(source: EscoSource, graph: str, progress: Progress | None = None) -> Conversion:
    """Turn one ESCO version into N-Triples text for ``graph``.

    :raises InputError: with every problem found (missing members, changed headers, bad values),
        each located by zip member, row and column.
    """
    writer = _Writer(source.classification.language)
    counts = Counts()
    members: list[tuple[EscoZip, str, tuple[str, ...]]] = []
    for name, columns in CLASSIFICATION.items():
        if name not in source.classification.members:
            writer.problem(f"the classification zip lacks {name}_"
                           f"{source.classification.language}.csv",
                           Location(file=str(source.classification.path)))
        else:
            members.append((source.classification, name, columns))
    for name in COLLECTIONS:
        if name in source.classification.members:
            members.append((source.classification, name, COLLECTION_COLUMNS))
    if source.relations is not None:
        for name, columns in RELATIONS.items():
            if name not in source.relations.members:
                writer.problem(f"the relations zip lacks {name}.csv",
                               Location(file=str(source.relations.path)))
            else:
                members.append((source.relations, name, columns))
    if writer.problems:
        raise InputError(writer.problems)

    total = sum(z.members[n].file_size for z, n, _ in members)
    done = 0
    context = _Context(source, writer, counts)
    for zip_source, name, columns in members:
        member = _Member(zip_source, name, columns)
        if progress:
            progress(f"ESCO {source.version}: {member.info.filename}", done, total)
        context.read(member)
        done += member.info.file_size
    if progress:
        progress(f"ESCO {source.version}: checked", total, total)
    if writer.problems:
        if writer.dropped:
            writer.problems.append(Problem(f"… and {writer.dropped} more problems"))
        raise InputError(writer.problems)
    context.finish()
    counts.triples = len(writer.lines)
    data = ("\n".join(writer.lines) + "\n").encode("utf-8")
    return Conversion(source, graph, data, counts)


class _Context:
    """The per-version state of a conversion: what each file maps to."""

    def __init__(self, source: EscoSource, writer: _Writer, counts: Counts) -> None:
        self.source = source
        self.w = writer
        self.counts = counts
        self.framework = f"<{framework_iri(source.framework_id)}>"
        self.occupations: set[str] = set()
        self.related_occupations: set[str] = set()
        self._framework_triples()

    def _framework_triples(self) -> None:
        w, f, v = self.w, self.framework, self.source.version
        out = w.lines.append
        out(f"{f} {_A} <{CG}CompetencyFramework> .")
        out(f"{f} {_IDENT} {w.plain(self.source.framework_id)} .")
        out(f'{f} {_TITLE} "ESCO skills pillar v{v}"@en .')
        out(f"{f} <{OWL}versionInfo> {w.plain(v)} .")
        out(f'{f} <{DCTERMS}publisher> "European Commission" .')
        out(f"{f} <{DCTERMS}source> <{ESCO_PORTAL}> .")
        out(f"{f} <{DCTERMS}rights> {w.plain(ATTRIBUTION)}@en .")
        out(f"{f} <{CG}confirmationStatus> <{CG}Confirmed> .")
        out(f"{f} {_DESCRIPTION} " + w.text(
            f"The skills and knowledge concepts of ESCO v{v} (European Skills, Competences, "
            "Qualifications and Occupations), imported from the official CSV download. Concepts "
            "keep ESCO's own IRIs; occupations, ISCO groups, skill groups, collections and the "
            "occupation-skill relations are in the same dataset.") + " .")

    # generic concept columns ----------------------------------------------------------------
    def _labels(self, s: str, row: dict[str, str]) -> None:
        w = self.w
        out = w.lines.append
        pref = row.get("preferredLabel", "").strip()
        if pref:
            out(f"{s} {_PREF} {w.text(pref)} .")
        for label in _labels(row.get("altLabels") or ""):
            out(f"{s} {_ALT} {w.text(label)} .")
        for label in _labels(row.get("hiddenLabels") or ""):
            out(f"{s} {_HIDDEN} {w.text(label)} .")
        for column, predicate in (("description", _DESCRIPTION), ("definition", _DEFINITION),
                                  ("scopeNote", _SCOPE)):
            value = (row.get(column) or "").strip()
            if value:
                out(f"{s} {predicate} {w.text(value)} .")
        status = (row.get("status") or "").strip()
        if status:
            out(f"{s} {_STATUS} {w.plain(status)} .")
        modified = (row.get("modifiedDate") or "").strip()
        if modified:
            literal = (w.plain(modified) + f"^^<{XSD}dateTime>" if _DATETIME.match(modified)
                       else w.plain(modified))
            out(f"{s} {_MODIFIED} {literal} .")

    def _schemes(self, s: str, cell: str, member: _Member, row_number: int,
                 column: str = "inScheme", predicate: str = _IN_SCHEME) -> None:
        for value in _cells(cell):
            scheme = self.w.iri(value, member, row_number, column)
            if scheme:
                self.w.lines.append(f"{s} {predicate} {scheme} .")

    def _subject(self, row: dict[str, str], member: _Member, row_number: int,
                 column: str = "conceptUri") -> str | None:
        value = row[column].strip()
        if not value:
            self.w.problem("empty IRI", member.loc(row_number, column))
            return None
        return self.w.iri(value, member, row_number, column)

    def _concept_type(self, row: dict[str, str], member: _Member, row_number: int) -> None:
        expected = CONCEPT_TYPES.get(member.name)
        if expected and row["conceptType"].strip() != expected:
            self.w.problem(f"conceptType {row['conceptType']!r}, expected {expected!r}",
                           member.loc(row_number, "conceptType"))

    # files ------------------------------------------------------------------------------------
    def read(self, member: _Member) -> None:
        handler = getattr(self, f"_read_{member.name}", None)
        if handler is None:
            self._read_collection(member)
        else:
            handler(member)

    def _read_skills(self, member: _Member) -> None:
        w, out, f = self.w, self.w.lines.append, self.framework
        skill_class, competency = f"<{ESCO}Skill>", f"<{CG}Competency>"
        official = f"<{CG}wordingStatus> <{CG}OfficialWording>"
        for n, row in member.rows(w):
            self._concept_type(row, member, n)
            s = self._subject(row, member, n)
            if s is None:
                continue
            self.counts.skills += 1
            out(f"{s} {_A} {skill_class} .")
            out(f"{s} {_A} {competency} .")
            out(f"{s} {_IN_SCHEME} {f} .")
            out(f"{s} {official} .")
            self._schemes(s, row["inScheme"], member, n)
            skill_type = row["skillType"].strip()
            if skill_type:
                if skill_type not in SKILL_TYPES:
                    w.problem(f"unknown skillType {skill_type!r} (expected one of "
                              "'skill/competence', 'knowledge' or empty)",
                              member.loc(n, "skillType"))
                else:
                    out(f"{s} <{ESCO}skillType> <{ESCO_SKILL_TYPE}{SKILL_TYPES[skill_type]}> .")
                    out(f"{s} <{CG}competencyType> <{CG}{COMPETENCY_TYPES[skill_type]}> .")
            reuse = row["reuseLevel"].strip()
            if reuse:
                if reuse not in REUSE_LEVELS:
                    w.problem(f"unknown reuseLevel {reuse!r} (expected one of "
                              + ", ".join(sorted(REUSE_LEVELS)) + " or empty)",
                              member.loc(n, "reuseLevel"))
                else:
                    out(f"{s} <{ESCO}skillReuseLevel> <{ESCO_REUSE_LEVEL}{reuse}> .")
            self._labels(s, row)

    def _read_occupations(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        occupation = f"<{ESCO}Occupation>"
        for n, row in member.rows(w):
            self._concept_type(row, member, n)
            s = self._subject(row, member, n)
            if s is None:
                continue
            self.counts.occupations += 1
            self.occupations.add(s)
            out(f"{s} {_A} {occupation} .")
            self._schemes(s, row["inScheme"], member, n)
            code = row["code"].strip()
            if code:
                out(f"{s} {_NOTATION} {w.plain(code)} .")
            note = row["regulatedProfessionNote"].strip()
            if note:
                target = w.iri(note, member, n, "regulatedProfessionNote")
                if target:
                    out(f"{s} <{ESCO}regulatedProfessionNote> {target} .")
            self._labels(s, row)

    def _read_ISCOGroups(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        for n, row in member.rows(w):
            self._concept_type(row, member, n)
            s = self._subject(row, member, n)
            if s is None:
                continue
            self.counts.isco_groups += 1
            out(f"{s} {_A} {_CONCEPT} .")
            self._schemes(s, row["inScheme"], member, n)
            code = row["code"].strip()
            if code:
                out(f"{s} {_NOTATION} {w.plain(code)} .")
            self._labels(s, row)

    def _read_skillGroups(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        category = f"<{CG}CompetencyCategory>"
        for n, row in member.rows(w):
            self._concept_type(row, member, n)
            s = self._subject(row, member, n)
            if s is None:
                continue
            self.counts.skill_groups += 1
            out(f"{s} {_A} {_CONCEPT} .")
            out(f"{s} {_A} {category} .")
            self._schemes(s, row["inScheme"], member, n)
            code = row["code"].strip()
            if code:
                out(f"{s} {_NOTATION} {w.plain(code)} .")
            self._labels(s, row)

    def _read_skillsHierarchy(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        seen: set[tuple[str, str]] = set()
        for n, row in member.rows(w):
            previous: str | None = None
            for level in range(4):
                column = f"Level {level} URI"
                value = (row.get(column) or "").strip()
                if not value:
                    break
                node = w.iri(value, member, n, column)
                if node is None:
                    break
                code = (row.get(f"Level {level} code") or "").strip()
                if code and (node, code) not in seen:
                    seen.add((node, code))
                    out(f"{node} {_NOTATION} {w.plain(code)} .")
                if previous is not None and (node, previous) not in seen:
                    seen.add((node, previous))
                    out(f"{node} {_BROADER} {previous} .")
                    out(f"{previous} {_NARROWER} {node} .")
                previous = node

    def _read_conceptSchemes(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        scheme_class = f"<{SKOS}ConceptScheme>"
        for n, row in member.rows(w):
            self._concept_type(row, member, n)
            s = self._subject(row, member, n, "conceptSchemeUri")
            if s is None:
                continue
            self.counts.concept_schemes += 1
            out(f"{s} {_A} {scheme_class} .")
            title = row["title"].strip()
            if title:
                out(f"{s} {_TITLE} {w.text(title)} .")
            self._schemes(s, row["hasTopConcept"], member, n, "hasTopConcept", _TOP)
            self._labels(s, row)

    def _read_collection(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        cid, title = COLLECTIONS[member.name]
        node = f"<{data_iri('esco', self.source.version, 'collection', cid)}>"
        out(f"{node} {_A} <{SKOS}Collection> .")
        out(f"{node} {_IDENT} {w.plain(cid)} .")
        out(f"{node} {_PREF} " + w.text(f"{title} (ESCO v{self.source.version})") + " .")
        members = 0
        for n, row in member.rows(w):
            s = self._subject(row, member, n)
            if s is None:
                continue
            members += 1
            out(f"{node} {_MEMBER_P} {s} .")
        self.counts.collections[cid] = members

    def _read_broader(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        iri, counts = w.iri, self.counts
        for n, cells in member.cells(w):  # member.index is set once the header is read
            index = member.index
            s = iri(cells[index["conceptUri"]].strip(), member, n, "conceptUri")
            o = iri(cells[index["broaderUri"]].strip(), member, n, "broaderUri")
            if s is None or o is None:
                continue
            counts.broader += 1
            out(f"{s} {_BROADER} {o} .")
            out(f"{o} {_NARROWER} {s} .")

    _read_broaderRelationsSkillPillar = _read_broader
    _read_broaderRelationsOccPillar = _read_broader

    def _relation(self, kind: str, member: _Member, n: int) -> str | None:
        predicate = _RELATION_PREDICATES.get(kind.strip())
        if predicate is None:
            self.w.problem(f"unknown relationType {kind!r} (expected 'essential' or 'optional')",
                           member.loc(n, "relationType"))
        return predicate

    def _read_occupationSkillRelations(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        iri, counts, related = w.iri, self.counts, self.related_occupations
        predicates = _RELATION_PREDICATES
        essential = predicates["essential"]
        total = essentials = 0
        for n, cells in member.cells(w):
            index = member.index
            o = iri(cells[index["occupationUri"]].strip(), member, n, "occupationUri")
            s = iri(cells[index["skillUri"]].strip(), member, n, "skillUri")
            predicate = predicates.get(cells[index["relationType"]].strip())
            if predicate is None:
                self._relation(cells[index["relationType"]], member, n)
            if o is None or s is None or predicate is None:
                continue
            total += 1
            if predicate is essential:
                essentials += 1
            related.add(o)
            out(f"{o} {predicate} {s} .")
        counts.occupation_skill += total
        counts.occupation_skill_essential += essentials

    def _read_skillSkillRelations(self, member: _Member) -> None:
        w, out = self.w, self.w.lines.append
        iri = w.iri
        for n, cells in member.cells(w):
            index = member.index
            a = iri(cells[index["originalSkillUri"]].strip(), member, n, "originalSkillUri")
            b = iri(cells[index["relatedSkillUri"]].strip(), member, n, "relatedSkillUri")
            predicate = self._relation(cells[index["relationType"]], member, n)
            if a is None or b is None or predicate is None:
                continue
            self.counts.skill_skill += 1
            out(f"{a} {predicate} {b} .")

    def finish(self) -> None:
        """Type the occupations that only the relations file names (67 in v1.1.1)."""
        occupation = f"<{ESCO}Occupation>"
        for o in sorted(self.related_occupations - self.occupations):
            self.w.lines.append(f"{o} {_A} {occupation} .")


__all__ = ["ATTRIBUTION", "Conversion", "Counts", "EscoSource", "EscoZip", "Progress", "convert",
           "detect_version", "find_sources"]
