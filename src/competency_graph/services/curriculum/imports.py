"""Writing programmes: import a workbook as a new programme version, replace and delete
programmes, and the demo programme. Reading them back is :mod:`.read`.

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
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from competency_graph import resources
from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.io import workbook as wb
from competency_graph.io.ntriples import literal
from competency_graph.io.staff import staff_to_ntriples
from competency_graph.model import IRI, Literal, RdfPayload
from competency_graph.namespaces import (
    CG,
    GRAPH,
    XSD,
    data_iri,
    framework_iri,
    graph_iri,
)
from competency_graph.services.curriculum.versions import find_version, programme_versions
from competency_graph.services.frameworks import scaled_items
from competency_graph.services.system import register_demo, result_graphs
from competency_graph.store import GraphStore

__all__ = [
    "DEMO_PROGRAMME_DIR",
    "DEMO_PROGRAMME_ID",
    "ImportSummary",
    "ProgrammeData",
    "add_alignments",
    "build_vocabulary",
    "delete_programme",
    "import_programme",
    "import_upload",
    "load_demo_programme",
    "read_workbook",
    "replace_programme",
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
        return issued_versions(store, pid)

    known_items, known_levels = scaled_items(store)  # imported frameworks too
    converter = functools.partial(staff_to_ntriples, known_items=known_items,
                                  known_levels=known_levels)

    return wb.Vocabulary(
        framework_items=framework_items, frameworks=frameworks,
        bloom=wb.BloomScale(levels=levels, names=names, verbs=verbs, unobservable=unobservable),
        irm=irm_levels, component_kinds=kinds, existing_versions=existing_versions,
        staff_known=staff_known, staff_converter=converter)


# --- reading and importing -------------------------------------------------------------------

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


def _with_current_flag(store: GraphStore, graph: str, programme: str,
                       current: bool) -> RdfPayload:
    """The stored graph of a programme version with its ``cg:isCurrentVersion`` set."""
    data = store.export_graph(graph, "ntriples").decode("utf-8")
    flag = f"<{programme}> <{CG}isCurrentVersion> "
    lines = [line for line in data.splitlines() if line.strip() and not line.startswith(flag)]
    lines.append(f'{flag}"{"true" if current else "false"}"^^<{XSD}boolean> .')
    return RdfPayload(("\n".join(lines) + "\n").encode("utf-8"), "ntriples", graph)


def _write(store: GraphStore, data: ProgrammeData) -> ImportSummary:
    graphs: dict[str, RdfPayload | None] = dict(data.graphs)
    previous = None
    for version, iri, current in programme_versions(store, data.programme_id):
        if current:
            graph = graph_iri("programme", data.programme_id, version)
            graphs[graph] = _with_current_flag(store, graph, iri, current=False)
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
        newest_version, newest_iri, _ = remaining[-1]
        graph = graph_iri("programme", programme_id, newest_version)
        graphs[graph] = _with_current_flag(store, graph, newest_iri, current=True)
    if not remaining:
        for staff_graph in _staff_graphs_of(store, programme_id):
            graphs[staff_graph] = None
    for dropped, _, _ in drop:  # with their computed results
        graphs.update(dict.fromkeys(result_graphs(store, programme_id, dropped)))
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


# --- a new version with added alignments -----------------------------------------------------

def issued_versions(store: GraphStore, programme_id: str) -> list[str]:
    """The stored versions of a programme and every version ever issued (the store's ledger
    keeps dropped and lost ones), so that a version number is never given twice."""
    prefix = graph_iri("programme", programme_id) + "/"
    issued = [g[len(prefix):] for g in store.issued_graphs(prefix)]
    return sorted({v for v, _, _ in programme_versions(store, programme_id)}
                  | {v for v in issued if v and "/" not in v})


def add_alignments(store: GraphStore, programme_id: str,
                   alignments: list[tuple[str, str, str, float | None]], *,
                   attributed_to: str) -> ImportSummary:
    """Write a NEW version of ``programme_id``: its current version plus ``alignments``
    (``(source IRI in the current version, target IRI, level IRI, confidence)``).

    The current version's graph is copied with its node IRIs moved to the new version
    (``…/programme/<id>/<old>/…`` → ``…/<new>/…``); the alignments get
    ``prov:wasAttributedTo attributed_to``; the previous version is kept and demoted, and the
    programme's staff graph is kept as it is, in the same transaction as an import.

    :raises NotFoundError: no such programme. :raises InputError: a source is not in the
        current version.
    """
    from competency_graph.namespaces import PROV, RDF

    with _WRITE_LOCK:
        old_version, old_iri = find_version(store, programme_id)
        existing = set(issued_versions(store, programme_id))
        new_version = str(max((int(v) for v in existing if v.isdigit()), default=0) + 1)
        while new_version in existing:
            new_version = str(int(new_version) + 1)
        old_prefix = data_iri("programme", programme_id, old_version)
        new_prefix = data_iri("programme", programme_id, new_version)
        old_graph = graph_iri("programme", programme_id, old_version)
        text = store.export_graph(old_graph, "ntriples").decode("utf-8")
        skip = (f"<{old_iri}> <{CG}versionNumber> ", f"<{old_iri}> <{CG}isCurrentVersion> ")
        lines, subjects, numbers = [], set(), [0]
        alignment_prefix = f"<{old_prefix}/alignment/"
        for line in text.splitlines():
            if not line.strip() or line.startswith(skip):
                continue
            subjects.add(line.split(" ", 1)[0])
            if line.startswith(alignment_prefix):
                tail = line[len(alignment_prefix):].split(">", 1)[0]
                numbers.append(int(tail) if tail.isdigit() else 0)
            lines.append(line.replace(f"<{old_prefix}>", f"<{new_prefix}>")
                         .replace(f"<{old_prefix}/", f"<{new_prefix}/"))
        missing = [s for s, _, _, _ in alignments if f"<{s}>" not in subjects]
        if missing:
            raise InputError([Problem(f"{s} is not an outcome of the current version "
                                      f"{old_version}", Location(json_path="alignments"))
                              for s in missing])
        new_iri = new_prefix
        lines.append(f'<{new_iri}> <{CG}versionNumber> "{new_version}" .')
        lines.append(f'<{new_iri}> <{CG}isCurrentVersion> "true"^^<{XSD}boolean> .')
        attributed = literal(attributed_to)
        for number, (source, target, level, confidence) in enumerate(alignments,
                                                                     start=max(numbers) + 1):
            node = f"<{new_prefix}/alignment/{number}>"
            moved = new_prefix + source[len(old_prefix):]
            lines += [f"{node} <{RDF}type> <{CG}Alignment> .",
                      f"{node} <{CG}alignmentSource> <{moved}> .",
                      f"{node} <{CG}alignmentTarget> <{target}> .",
                      f"{node} <{CG}level> <{level}> .",
                      f"{node} <{PROV}wasAttributedTo> {attributed} ."]
            if confidence is not None:
                lines.append(f"{node} <{CG}confidence> "
                             f"{literal(f'{confidence:.4f}', datatype=XSD + 'decimal')} .")
        graph = graph_iri("programme", programme_id, new_version)
        graphs: dict[str, RdfPayload | None] = {
            graph: RdfPayload(("\n".join(lines) + "\n").encode("utf-8"), "ntriples", graph)}
        for staff_graph in _staff_graphs_of(store, programme_id):
            graphs[staff_graph] = RdfPayload(store.export_graph(staff_graph, "ntriples"),
                                             "ntriples", staff_graph)
        data = ProgrammeData(programme_id=programme_id, version=new_version,
                             programme_iri=new_iri, graph=graph, graphs=graphs,
                             counts={"alignments": len(alignments)})
        return _write(store, data)


def workbook_template() -> bytes:
    """The empty curriculum workbook template (the CLI's ``template``) as ``.xlsx`` bytes."""
    import tempfile

    from competency_graph.io.template import write_template

    with tempfile.TemporaryDirectory(prefix="cg-template-") as tmp:
        path = write_template(Path(tmp) / "curriculum-template.xlsx")
        return path.read_bytes()
