"""Curriculum use cases: import a workbook as a new programme version, list, show, export,
replace and delete programmes, and resolve ``PROGRAMME`` arguments (a stored id or a workbook).

Storage (docs/data-model.md "A programme"):

* each version lives in ``graph/programme/<id>/<version>``; exactly one version of an id carries
  ``cg:isCurrentVersion true`` (the newest import). Importing a workbook whose id is stored adds
  a NEW version and flips the previous current version's flag, in the same ``replace_graphs``
  transaction (the old graph is rewritten with ``false``); old versions stay and are listed.
* a workbook's ``staff`` sheet lands in ``graph/staff/<institution>/programme/<id>`` in that same
  transaction (the institution id is the slugified ``institution`` column, ``unknown`` when
  empty). It belongs to the programme id, not to a version: a later import replaces it, and an
  import without a staff sheet removes it. Staff rosters imported on their own
  (``graph/staff/<institution>``) are untouched.
* nothing is written when the workbook has any error (:class:`InputError` carries all of them,
  located by file, sheet, row and column); warnings are returned with the summary.

Codes are resolved against the store: framework items by framework ``dcterms:identifier`` and
item ``skos:notation``; Bloom levels, names and verbs from the bundled ``bloom`` scale; I/R/M
from ``irm``; component kinds from the ontology (``skos:notation`` of
``cg:InternationalComponentKind``).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from competency_graph import resources
from competency_graph.config import Settings
from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.io import workbook as wb
from competency_graph.io.staff import staff_to_ntriples
from competency_graph.model import IRI, Literal, RdfPayload, value
from competency_graph.namespaces import (
    CG,
    DCTERMS,
    GRAPH,
    XSD,
    data_iri,
    framework_iri,
    graph_iri,
)
from competency_graph.services.frameworks import scaled_items
from competency_graph.services.system import open_store, pick_label, register_demo
from competency_graph.store import GraphStore

__all__ = [
    "DEMO_PROGRAMME_DIR",
    "DEMO_PROGRAMME_ID",
    "ImportSummary",
    "ProgrammeData",
    "ProgrammeRef",
    "build_vocabulary",
    "delete_programme",
    "export_programme",
    "get_programme",
    "import_programme",
    "import_upload",
    "list_programmes",
    "load_demo_programme",
    "programme_versions",
    "read_workbook",
    "replace_programme",
    "resolve_programme",
]

Progress = Callable[[str], None]
#: The steps an import reports to its ``progress`` callback, in order.
IMPORT_STEPS = ("reading the workbook", "writing the programme")
#: Serialises imports and deletes in this process, so that two concurrent imports of one id
#: cannot pick the same new version number (several API workers on a remote store are not
#: covered: there the later write of the same version would replace the earlier one).
_WRITE_LOCK = threading.RLock()


@dataclass
class ProgrammeData:
    """A parsed and converted workbook, not yet written."""

    programme_id: str
    version: str
    programme_iri: str
    graph: str
    graphs: dict[str, RdfPayload | None]
    warnings: list[Problem] = field(default_factory=list)
    institution: str = "unknown"
    counts: dict[str, int] = field(default_factory=dict)
    #: the file (and sheet) the programme row came from, for located problems
    programme_file: str = ""
    programme_sheet: str = "programme"
    programme_row: int = 2


@dataclass
class ImportSummary:
    """What an import wrote."""

    programme_id: str
    version: str
    programme_iri: str
    graph: str
    triples: int
    previous_version: str | None
    warnings: list[Problem]
    counts: dict[str, int]

    def message(self) -> str:
        """A one-paragraph human summary."""
        c = self.counts
        text = (f"imported programme {self.programme_id!r} version {self.version} "
                f"({c.get('courses', 0)} courses, {c.get('outcomes', 0)} learning outcomes, "
                f"{c.get('programme_outcomes', 0)} programme outcomes, "
                f"{c.get('alignments', 0)} alignments, {c.get('staff', 0)} staff; "
                f"{self.triples} triples) into <{self.graph}>")
        if self.previous_version:
            text += f"; version {self.previous_version} is kept as a previous version"
        return text

    def as_dict(self) -> dict[str, Any]:
        """JSON form for the API."""
        return {
            "id": self.programme_id, "version": self.version, "iri": self.programme_iri,
            "graph": self.graph, "triples": self.triples,
            "previous_version": self.previous_version, "counts": self.counts,
            "warnings": [{"message": w.message, **w.location.as_dict()} for w in self.warnings],
        }


@dataclass
class ProgrammeRef:
    """A programme to validate or analyse: in the user's store or in a scratch store."""

    store: GraphStore
    iri: str
    id: str
    version: str
    graph: str
    scratch: bool = False
    warnings: list[Problem] = field(default_factory=list)

    def close(self) -> None:
        """Close the scratch store (a stored programme's store is the caller's)."""
        if self.scratch:
            self.store.close()


# --- the vocabulary --------------------------------------------------------------------------

def _scale_words(store: GraphStore, scale_id: str) -> tuple[dict[str, str], dict[str, str],
                                                          list[tuple[str, str]], list[str]]:
    levels: dict[str, str] = {}
    names: dict[str, str] = {}
    verbs: list[tuple[str, str]] = []
    unobservable: list[str] = []
    for row in store.select("list_level_vocabulary", scale=IRI(framework_iri(scale_id))):
        kind, text = str(row["kind"]), str(row["text"]).strip().casefold()
        if kind == "unobservable":
            unobservable.append(text)
            continue
        notation = str(row["notation"])
        levels[notation] = str(row["level"])
        if kind == "name":
            names[text] = notation
        else:
            verbs.append((text, notation))
    return levels, names, sorted(set(verbs)), sorted(set(unobservable))


def build_vocabulary(store: GraphStore) -> wb.Vocabulary:
    """Read what the importer resolves codes with from the store (cached per call)."""
    items_cache: dict[str, tuple[str, dict[str, str]] | None] = {}

    def lookup(fw: str) -> tuple[str, dict[str, str]] | None:
        if fw not in items_cache:
            rows = store.select("list_framework_item_codes", id=Literal(fw))
            if not rows:
                items_cache[fw] = None
            else:
                items = {str(r["code"]): str(r["item"]) for r in rows if "item" in r}
                items_cache[fw] = (str(rows[0]["scheme"]), items)
        return items_cache[fw]

    def framework_items(fw: str) -> Mapping[str, str] | None:
        found = lookup(fw)
        return None if found is None else found[1]

    def frameworks(fw: str) -> str | None:
        found = lookup(fw)
        return None if found is None else found[0]

    levels, names, verbs, unobservable = _scale_words(store, "bloom")
    irm_levels, _, _, _ = _scale_words(store, "irm")
    kinds = {str(r["code"]).casefold(): str(r["kind"])
             for r in store.select("list_component_kinds")}
    staff_cache: dict[str, set[str]] = {}

    def staff_known(institution: str, sid: str) -> bool:
        if institution not in staff_cache:
            rows = store.select("list_institution_staff_ids",
                                institution=IRI(data_iri("institution", institution)))
            staff_cache[institution] = {str(r["id"]) for r in rows}
        return sid in staff_cache[institution]

    def existing_versions(pid: str) -> list[str]:
        return [v for v, _, _ in programme_versions(store, pid)]

    known_items, known_levels = scaled_items(store)  # imported frameworks too
    converter = functools.partial(staff_to_ntriples, known_items=known_items,
                                  known_levels=known_levels)

    return wb.Vocabulary(
        framework_items=framework_items, frameworks=frameworks,
        bloom=wb.BloomScale(levels=levels, names=names, verbs=verbs, unobservable=unobservable),
        irm=irm_levels, component_kinds=kinds, existing_versions=existing_versions,
        staff_known=staff_known, staff_converter=converter)


# --- reading and importing -------------------------------------------------------------------

def programme_versions(store: GraphStore, programme_id: str) -> list[tuple[str, str, bool]]:
    """Return the stored versions of a programme: (version, programme IRI, is current)."""
    rows = store.select("list_programme_versions", id=Literal(programme_id))
    out = [(str(r["version"]), str(r["programme"]), bool(value(r.get("current"))))
           for r in rows]
    return sorted(out, key=lambda v: _version_key(v[0]))


def _version_key(version: str) -> tuple[int, int | str]:
    return (0, int(version)) if version.isdigit() else (1, version)


def read_workbook(path: Path, store: GraphStore, *, display: str | None = None) -> ProgrammeData:
    """Parse and convert a workbook (``.xlsx``, CSV folder or ``.zip``) without writing.

    ``display`` names the file in problems (an upload's original name).

    :raises InputError: with every problem found, each located.
    """
    tables, problems = wb.read_tables(Path(path), display=display)
    shown = display or str(path)
    converted = None
    if not problems.errors:
        converted = wb.convert(tables, build_vocabulary(store), problems)
    elif tables:
        # report the problems of the readable sheets too, without converting
        wb.convert(tables, build_vocabulary(store), problems)
    if problems.errors or converted is None:
        if not problems.errors:
            problems.error("the workbook holds no programme", Location(file=shown))
        raise InputError(problems.errors)
    graphs: dict[str, RdfPayload | None] = {
        converted.graph: RdfPayload(converted.ntriples, "ntriples", shown),
    }
    if converted.staff_graph and converted.staff_ntriples is not None:
        graphs[converted.staff_graph] = RdfPayload(converted.staff_ntriples, "ntriples",
                                                   shown + " (staff)")
    return ProgrammeData(
        programme_id=converted.programme_id, version=converted.version,
        programme_iri=converted.programme_iri, graph=converted.graph, graphs=graphs,
        warnings=list(problems.warnings), institution=converted.institution,
        counts=converted.counts, programme_file=tables["programme"].file,
        programme_sheet=tables["programme"].sheet,
        programme_row=next((n for n, r in tables["programme"].rows if any(r.values())), 2))


def _staff_graphs_of(store: GraphStore, programme_id: str) -> list[str]:
    suffix = graph_iri("x", "programme", programme_id)[len(graph_iri("x")):]
    prefix = GRAPH + "staff/"
    return [g for g in store.graph_names() if g.startswith(prefix) and g.endswith(suffix)]


def _demoted(store: GraphStore, graph: str, programme: str) -> RdfPayload:
    """The graph of a previous version with its current-version flag set to false."""
    data = store.export_graph(graph, "ntriples").decode("utf-8")
    flag = f"<{programme}> <{CG}isCurrentVersion> "
    lines = [line for line in data.splitlines() if line.strip() and not line.startswith(flag)]
    lines.append(f'{flag}"false"^^<{XSD}boolean> .')
    return RdfPayload(("\n".join(lines) + "\n").encode("utf-8"), "ntriples", graph)


def _write(store: GraphStore, data: ProgrammeData) -> ImportSummary:
    graphs: dict[str, RdfPayload | None] = dict(data.graphs)
    previous = None
    for version, iri, current in programme_versions(store, data.programme_id):
        if current:
            graphs[graph_iri("programme", data.programme_id, version)] = _demoted(
                store, graph_iri("programme", data.programme_id, version), iri)
            previous = version
    for staff_graph in _staff_graphs_of(store, data.programme_id):
        graphs.setdefault(staff_graph, None)
    store.replace_graphs(graphs)
    triples = len(data.graphs[data.graph].data.splitlines())  # type: ignore[union-attr]
    return ImportSummary(
        programme_id=data.programme_id, version=data.version, programme_iri=data.programme_iri,
        graph=data.graph, triples=triples, previous_version=previous,
        warnings=data.warnings, counts=data.counts)


def import_programme(store: GraphStore, path: Path, *, display: str | None = None,
                     progress: Progress | None = None) -> ImportSummary:
    """Import a workbook as a new version of its programme, atomically.

    :raises InputError: with every problem found; nothing is written then.
    """
    with _WRITE_LOCK:
        if progress:
            progress(IMPORT_STEPS[0])
        data = read_workbook(path, store, display=display)
        if progress:
            progress(IMPORT_STEPS[1])
        return _write(store, data)


def replace_programme(store: GraphStore, programme_id: str, path: Path, *,
                      display: str | None = None) -> ImportSummary:
    """``PUT``: import a workbook as a new version of ``programme_id`` (which must exist and
    must be the workbook's id)."""
    with _WRITE_LOCK:
        if not programme_versions(store, programme_id):
            raise NotFoundError(f"no programme {programme_id!r}")
        data = read_workbook(path, store, display=display)
        if data.programme_id != programme_id:
            raise InputError(Problem(
                f"the workbook is programme {data.programme_id!r}, not {programme_id!r}",
                Location(file=data.programme_file, sheet=data.programme_sheet,
                         row=data.programme_row, column="id")))
        return _write(store, data)


def delete_programme(store: GraphStore, programme_id: str, version: str | None = None) -> list[str]:
    """Delete every version of a programme (or one ``version``) with its staff graph.

    Deleting the current version makes the newest remaining version current.
    """
    with _WRITE_LOCK:
        return _delete(store, programme_id, version)


def _delete(store: GraphStore, programme_id: str, version: str | None) -> list[str]:
    versions = programme_versions(store, programme_id)
    if not versions:
        raise NotFoundError(f"no programme {programme_id!r}")
    if version is not None and version not in {v for v, _, _ in versions}:
        raise NotFoundError(f"programme {programme_id!r} has no version {version!r}")
    drop = [v for v in versions if version is None or v[0] == version]
    graphs: dict[str, RdfPayload | None] = {
        graph_iri("programme", programme_id, v): None for v, _, _ in drop}
    remaining = [v for v in versions if v not in drop]
    if remaining and any(current for _, _, current in drop):
        newest = remaining[-1]
        g = graph_iri("programme", programme_id, newest[0])
        data = store.export_graph(g, "ntriples").decode("utf-8")
        flag = f"<{newest[1]}> <{CG}isCurrentVersion> "
        lines = [ln for ln in data.splitlines() if ln.strip() and not ln.startswith(flag)]
        lines.append(f'{flag}"true"^^<{XSD}boolean> .')
        graphs[g] = RdfPayload(("\n".join(lines) + "\n").encode(), "ntriples", g)
    if not remaining:
        for staff_graph in _staff_graphs_of(store, programme_id):
            graphs[staff_graph] = None
    store.replace_graphs(graphs)
    return [g for g, p in graphs.items() if p is None]


_UPLOAD_SUFFIXES = {".xlsx", ".xlsm", ".zip", ".csv"}


def import_upload(store: GraphStore, uploads: list[tuple[str, bytes]], *,
                  programme_id: str | None = None) -> ImportSummary:
    """Import uploaded bytes: one ``.xlsx`` / ``.zip`` file, or several ``.csv`` files (the
    sheets of one workbook). With ``programme_id`` this is a replacement (``PUT``): the
    programme must exist and the workbook must carry that id.

    Files are written to a private temporary folder under sanitised names and removed after.

    :raises InputError: bad input (every problem, located by the uploaded file names).
    :raises NotFoundError: ``programme_id`` is not stored.
    """
    import tempfile

    if not uploads:
        raise InputError("no file was uploaded (multipart field 'file')")
    names = [Path((name or "upload").replace("\\", "/")).name or "upload" for name, _ in uploads]
    suffixes = {Path(n).suffix.casefold() for n in names}
    bad = [n for n in names if Path(n).suffix.casefold() not in _UPLOAD_SUFFIXES]
    if bad:
        raise InputError([Problem("upload an .xlsx workbook, a .zip of CSV files, or the CSV "
                                  "files themselves", Location(file=n)) for n in bad])
    if len(uploads) > 1 and suffixes != {".csv"}:
        raise InputError("several files can only be the CSV files of one workbook; send an "
                         ".xlsx or a .zip as a single file")
    with tempfile.TemporaryDirectory(prefix="cg-upload-") as tmp:
        folder = Path(tmp)
        if suffixes == {".csv"}:
            target = folder / "workbook"
            target.mkdir()
            for name, (_, data) in zip(names, uploads, strict=True):
                (target / name).write_bytes(data)
            display = ""
        else:
            target = folder / names[0]
            target.write_bytes(uploads[0][1])
            display = names[0]
        if programme_id is not None:
            return replace_programme(store, programme_id, target, display=display)
        return import_programme(store, target, display=display)


# --- resolving PROGRAMME arguments -----------------------------------------------------------

def _find_version(store: GraphStore, programme_id: str,
                  version: str | None = None) -> tuple[str, str]:
    versions = programme_versions(store, programme_id)
    if not versions:
        raise NotFoundError(f"no programme {programme_id!r} in the store, and no workbook at "
                            "that path")
    if version is not None:
        for v, iri, _ in versions:
            if v == version:
                return v, iri
        raise NotFoundError(f"programme {programme_id!r} has no version {version!r} (versions: "
                            + ", ".join(v for v, _, _ in versions) + ")")
    current = [(v, iri) for v, iri, c in versions if c]
    return current[-1] if current else (versions[-1][0], versions[-1][1])


def resolve_programme(store: GraphStore, ref: str) -> ProgrammeRef:
    """Resolve a ``PROGRAMME`` argument: a workbook path (imported into a scratch in-memory
    store, never into ``store``) or a stored programme id (``ID`` = its current version,
    ``ID@VERSION`` = that version).

    :raises InputError: the workbook has problems. :raises NotFoundError: no such programme.
    """
    path = Path(ref)
    if path.exists() and not programme_versions(store, ref):
        data = read_workbook(path, store)
        scratch = open_store(Settings(store=":memory:"))
        try:
            # the scratch store has the bundled data; the programme is its only version there
            scratch.replace_graphs(data.graphs)
        except Exception:
            scratch.close()
            raise
        return ProgrammeRef(store=scratch, iri=data.programme_iri, id=data.programme_id,
                            version=data.version, graph=data.graph, scratch=True,
                            warnings=data.warnings)
    programme_id, version = ref, None
    if not programme_versions(store, ref) and "@" in ref:
        programme_id, _, version = ref.rpartition("@")
    version_found, iri = _find_version(store, programme_id, version)
    return ProgrammeRef(store=store, iri=iri, id=programme_id, version=version_found,
                        graph=graph_iri("programme", programme_id, version_found))


# --- reading stored programmes ---------------------------------------------------------------

def _natural(text: str) -> list[Any]:
    """Sort key that puts PO2 before PO10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def list_programmes(store: GraphStore, lang: str = "en") -> list[dict[str, Any]]:
    """Every stored programme (current version first in each entry) with its versions."""
    by_version: dict[str, dict[str, Any]] = {}
    titles: dict[str, list[Any]] = {}
    for row in store.select("list_programmes"):
        iri = str(row["programme"])
        titles.setdefault(iri, []).append(row.get("title"))
        if iri in by_version:
            continue
        ects = value(row.get("ects"))
        by_version[iri] = {
            "id": str(row["id"]), "version": str(row["version"]), "iri": iri,
            "current": bool(value(row.get("current"))),
            "cycle": _local(str(row["cycle"])).lower() if "cycle" in row else None,
            "ects": float(ects) if ects is not None else None,
            "courses": int(value(row["courses"]) or 0),
        }
    programmes: dict[str, dict[str, Any]] = {}
    for iri, entry in by_version.items():
        entry["title"] = pick_label(titles[iri], lang)
        programmes.setdefault(entry["id"], {"versions": []})["versions"].append(entry)
    out = []
    for pid, group in sorted(programmes.items()):
        versions = sorted(group["versions"], key=lambda e: _version_key(e["version"]))
        current = next((v for v in reversed(versions) if v["current"]), versions[-1])
        out.append({
            "id": pid, "title": current["title"], "version": current["version"],
            "iri": current["iri"], "cycle": current["cycle"], "ects": current["ects"],
            "courses": current["courses"],
            "versions": [{"version": v["version"], "iri": v["iri"], "current": v["current"],
                          "courses": v["courses"]} for v in versions],
        })
    return out


def _lit_value(term: Any) -> Any:
    v = value(term)
    if v is not None and type(v).__name__ == "Decimal":
        return float(v)
    return v


def _texts(values: list[Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for term in values:
        if isinstance(term, Literal):
            out.setdefault(term.language or "", term.value)
    return out


def get_programme(store: GraphStore, programme_id: str, *, version: str | None = None,
                  lang: str = "en") -> dict[str, Any]:
    """A programme version as JSON: metadata, courses with outcomes and alignments, programme
    outcomes, and every stored version.

    :raises NotFoundError: no such programme or version.
    """
    found_version, iri = _find_version(store, programme_id, version)
    rows = store.select("list_programme_statements", programme=IRI(iri))
    nodes: dict[str, dict[str, list[Any]]] = {}
    kinds: dict[str, str] = {}
    owners: dict[str, str] = {}
    for row in rows:
        node = str(row["node"])
        kinds[node] = str(row["kind"])
        if "owner" in row:
            owners[node] = str(row["owner"])
        nodes.setdefault(node, {}).setdefault(str(row["property"]), []).append(row["value"])

    alignments: dict[str, list[dict[str, Any]]] = {}
    for row in store.select("list_programme_alignments", programme=IRI(iri)):
        if "poId" in row:
            target = str(row["poId"])
        elif "code" in row:
            target = f"{row['framework']}:{row['code']}"
        else:
            target = str(row["target"])
        entry = {"target": target, "target_iri": str(row["target"]),
                 "level": str(row.get("levelCode") or _local(str(row["level"])))}
        bucket = alignments.setdefault(str(row["source"]), [])
        if entry not in bucket:
            bucket.append(entry)

    def one(props: Mapping[str, list[Any]], prop: str) -> Any:
        vals = props.get(prop)
        return _lit_value(vals[0]) if vals else None

    def many(props: Mapping[str, list[Any]], prop: str) -> list[Any]:
        return sorted(str(_lit_value(v)) for v in props.get(prop, []))

    def idents(props: Mapping[str, list[Any]], prop: str, key: str) -> list[str]:
        out = []
        for target in props.get(prop, []):
            t = nodes.get(str(target), {})
            out.append(str(one(t, key) or _local(str(target))))
        return sorted(out)

    prog = nodes.get(iri, {})
    courses = []
    for node, props in nodes.items():
        if kinds.get(node) != "course":
            continue
        outcomes = []
        for lo in props.get(CG + "hasLearningOutcome", []):
            lp = nodes.get(str(lo), {})
            bloom = one(lp, CG + "bloomLevel")
            outcomes.append({
                "id": one(lp, DCTERMS + "identifier"),
                "text": pick_label(lp.get(CG + "statement", []), lang),
                "texts": _texts(lp.get(CG + "statement", [])),
                "bloom": _local(str(bloom)) if bloom else None,
                "bloom_inferred": bool(one(lp, CG + "bloomLevelInferred")),
                "aligned_to": alignments.get(str(lo), []),
                "notes": many(lp, CG + "note"),
            })
        outcomes.sort(key=lambda o: str(o["id"]))
        courses.append({
            "code": one(props, CG + "courseCode"),
            "iri": node,
            "title": pick_label(props.get(DCTERMS + "title", []), lang),
            "titles": _texts(props.get(DCTERMS + "title", [])),
            "ects": one(props, CG + "ects"),
            "semester": one(props, CG + "semester"),
            "languages": many(props, CG + "languageOfInstruction"),
            "required": one(props, CG + "isRequired"),
            "prerequisites": idents(props, CG + "hasPrerequisite", CG + "courseCode"),
            "teachers": sorted(_local(str(t)) for t in props.get(CG + "taughtBy", [])),
            "components": sorted(str(c).rsplit("/component/", 1)[-1]
                                 for c in props.get(CG + "hasInternationalComponent", [])),
            "outcomes": outcomes,
            "notes": many(props, CG + "note"),
        })
    courses.sort(key=lambda c: (c["semester"] or 99, str(c["code"])))
    pos = []
    for node, props in nodes.items():
        if kinds.get(node) != "po":
            continue
        pos.append({
            "id": one(props, DCTERMS + "identifier"),
            "text": pick_label(props.get(CG + "statement", []), lang),
            "texts": _texts(props.get(CG + "statement", [])),
            "aligned_to": alignments.get(node, []),
        })
    pos.sort(key=lambda p: _natural(str(p["id"])))
    cycle = one(prog, CG + "cycle")
    institution = one(prog, CG + "offeredBy")
    return {
        "id": programme_id, "version": found_version, "iri": iri,
        "graph": graph_iri("programme", programme_id, found_version),
        "current": bool(one(prog, CG + "isCurrentVersion")),
        "title": pick_label(prog.get(DCTERMS + "title", []), lang),
        "titles": _texts(prog.get(DCTERMS + "title", [])),
        "cycle": _local(str(cycle)).lower() if cycle else None,
        "ects": one(prog, CG + "declaredEcts"),
        "course_ects": sum(float(c["ects"] or 0) for c in courses),
        "institution": _local(str(institution)) if institution else None,
        "languages": many(prog, CG + "languageOfInstruction"),
        "targets": sorted(_local(str(t)) for t in prog.get(CG + "targetFramework", [])),
        "isced_f": one(prog, CG + "iscedF"),
        "components": sorted(str(c).rsplit("/component/", 1)[-1]
                             for c in prog.get(CG + "hasInternationalComponent", [])),
        "notes": many(prog, CG + "note"),
        "programme_outcomes": pos,
        "courses": courses,
        "versions": [{"version": v, "iri": i, "current": c}
                     for v, i, c in programme_versions(store, programme_id)],
    }


def export_programme(store: GraphStore, programme_id: str, fmt: str = "turtle", *,
                     version: str | None = None) -> bytes:
    """The named graph of a programme version serialised as ``fmt`` (turtle, ntriples, jsonld,
    rdfxml).

    :raises NotFoundError: no such programme or version.
    """
    found_version, _ = _find_version(store, programme_id, version)
    return store.export_graph(graph_iri("programme", programme_id, found_version), fmt)



# --- the demo programme ----------------------------------------------------------------------

#: The bundled demo programme: a FICTIONAL Kazakh computer-engineering bachelor (CSV files).
DEMO_PROGRAMME_DIR = resources.DEMO_DIR / "programme"
DEMO_PROGRAMME_ID = "6B07101"


@register_demo
def load_demo_programme(store: GraphStore) -> None:
    """Import the fictional demo programme into a store that has no programme of its id."""
    if programme_versions(store, DEMO_PROGRAMME_ID):
        return
    import_programme(store, DEMO_PROGRAMME_DIR, display="demo programme")


def workbook_template() -> bytes:
    """The empty curriculum workbook template (the CLI's ``template``) as ``.xlsx`` bytes."""
    import tempfile

    from competency_graph.io.template import write_template

    with tempfile.TemporaryDirectory(prefix="cg-template-") as tmp:
        path = write_template(Path(tmp) / "curriculum-template.xlsx")
        return path.read_bytes()
