"""CASE use cases: import a CFPackage, export any framework as strict CASE 1.1, and answer the
read-only CASE 1.1 provider endpoints (``/ims/case/v1p1/…``).

* Import: the whole package is parsed and checked first (every problem, with its JSON path);
  then the framework's named graph ``graph/framework/<CFDocument identifier>`` is replaced in
  one transaction. A package whose identifier names a bundled framework is refused.
* Export: the triples of the framework and its items that a CFPackage is written from, the
  CASE-only nodes of an imported package and the SKOS mapping triples that start at its items
  (crosswalk graphs included) are read with three queries into a plain triple index and turned
  into a CFPackage by :func:`competency_graph.io.case.graph_to_package`.
* Provider: every framework and level scale is a CFDocument. Objects are looked up by their
  exported ``identifier`` (sourcedId); a framework id such as ``wa-2021`` is accepted as an
  alias of its CFDocument sourcedId. CFDocuments are built from the schemes' own triples;
  CFPackages per request; the object index (items, associations, definitions, rubrics) from
  the packages of all frameworks, built once and cached per store until the store's size or
  graph list changes.

Decisions are written down in docs/case.md.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from competency_graph.errors import (
    CompetencyGraphError,
    InputError,
    Location,
    NotFoundError,
    Problem,
)
from competency_graph.io import case as case_io
from competency_graph.model import IRI, BNode, RdfPayload, Row, Term
from competency_graph.namespaces import framework_iri, graph_iri
from competency_graph.services.interop.registry import EXPORTERS
from competency_graph.store import GraphStore

CASE_MEDIA_TYPE = "application/json"


@dataclass(frozen=True)
class CaseImportResult:
    """What a CASE import wrote."""

    framework_id: str
    iri: str
    graph: str
    items: int
    associations: int
    triples: int

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    def message(self) -> str:
        """One line for the CLI."""
        return (f"imported CASE framework {self.framework_id!r}: {self.items} items, "
                f"{self.associations} associations, {self.triples} triples into <{self.graph}>")


# --- import ------------------------------------------------------------------------------------

def import_case(store: GraphStore, path: Path) -> CaseImportResult:
    """Import a CASE package file (CFPackage JSON, CASE 1.0 or 1.1)."""
    if not path.is_file():
        raise InputError(Problem("no such file", Location(file=str(path))))
    return import_case_bytes(store, path.read_bytes(), str(path))


def import_case_bytes(store: GraphStore, data: bytes, source: str) -> CaseImportResult:
    """Import a CASE package given as bytes; ``source`` names it in error locations."""
    pkg, problems = case_io.read_package(data, source)
    if pkg is None:
        raise InputError(problems)
    problems = case_io.check_package(pkg, source)
    if problems:
        raise InputError(problems)
    framework_id, g = case_io.package_to_graph(pkg)
    graph = graph_iri("framework", framework_id)
    bundled = {str(r["graph"]) for r in store.select("list_bundled_graphs")}
    if graph in bundled:
        raise InputError(Problem(
            f"the CFDocument identifier {framework_id!r} names a bundled framework, which an "
            "import may not replace", Location(file=source, json_path="$.CFDocument.identifier")))
    payload = RdfPayload(g.to_ntriples(), "ntriples", source)
    triples = store.replace_graphs({graph: payload})
    _invalidate(store)
    return CaseImportResult(
        framework_id=framework_id,
        iri=framework_iri(framework_id),
        graph=graph,
        items=len(pkg.get("CFItems") or []),
        associations=len(pkg.get("CFAssociations") or []),
        triples=triples,
    )


# --- export ------------------------------------------------------------------------------------

def _term(term: Term) -> case_io.Node:
    """A store term as the exporter's plain term."""
    if isinstance(term, IRI):
        return term.value
    if isinstance(term, BNode):
        return "_:" + term.value
    return case_io.lit(term.value, term.language, term.datatype)


def _add_rows(index: case_io.TripleIndex, rows: list[Row]) -> None:
    for row in rows:
        index.add((_term(row["s"]), _term(row["p"]), _term(row["o"])))


def framework_graph(store: GraphStore,
                    framework_id: str) -> tuple[str, case_io.TripleIndex]:
    """Return the scheme IRI and the triples the CASE export needs: what the framework and its
    items say in the graph(s) that declare it (``list_case_scheme_triples``), the CASE-only
    nodes of an imported package (``list_case_graph_triples``) and the SKOS mappings that start
    at its items, in any graph (``list_framework_mappings``)."""
    rows = store.select("list_framework_graphs", id=framework_id)
    if not rows:
        raise NotFoundError(f"no framework with id {framework_id!r}")
    scheme_term = IRI(str(rows[0]["scheme"]))
    scheme = scheme_term.value
    graphs = [IRI(g) for g in sorted({str(r["g"]) for r in rows})]
    index = case_io.TripleIndex()
    _add_rows(index, store.select("list_case_scheme_triples", scheme=scheme_term, g=graphs))
    if index.objects(scheme, case_io.CASE_URI):  # imported from CASE: read its CASE-only nodes
        _add_rows(index, store.select("list_case_graph_triples", scheme=scheme_term, g=graphs))
    _add_rows(index, store.select("list_framework_mappings", scheme=scheme_term))
    return scheme, index


def case_package(store: GraphStore, framework_id: str) -> dict[str, Any]:
    """Return framework ``framework_id`` as a strict CASE 1.1 CFPackage (a dict)."""
    scheme, g = framework_graph(store, framework_id)
    return case_io.graph_to_package(g, scheme)


def export_case(store: GraphStore, framework_id: str) -> bytes:
    """Serialise framework ``framework_id`` as CASE 1.1 JSON (UTF-8, stable key order)."""
    return dump(case_package(store, framework_id))


def dump(obj: Any) -> bytes:
    """JSON bytes as every CASE answer is written."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


EXPORTERS["case"] = export_case


# --- provider ----------------------------------------------------------------------------------

class CaseServiceError(CompetencyGraphError):
    """A CASE provider request that fails; carries the HTTP status and the imsx code minor."""

    def __init__(self, status: int, code_minor: str, description: str,
                 field: str = "sourcedId") -> None:
        super().__init__(description)
        self.status = status
        self.code_minor = code_minor
        self.description = description
        self.field = field

    def status_info(self) -> dict[str, Any]:
        """The ``imsx_StatusInfo`` body of the error."""
        return status_info("failure", "error", self.description,
                           [(self.field, self.code_minor)])


def status_info(major: str, severity: str, description: str,
                minors: list[tuple[str, str]]) -> dict[str, Any]:
    """Build an ``imsx_StatusInfo`` object."""
    return {
        "imsx_codeMajor": major,
        "imsx_severity": severity,
        "imsx_description": description,
        "imsx_codeMinor": {"imsx_codeMinorField": [
            {"imsx_codeMinorFieldName": name, "imsx_codeMinorFieldValue": value}
            for name, value in minors]},
    }


@dataclass
class _Catalogue:
    stamp: tuple[int, int]
    packages: dict[str, dict[str, Any]]          # framework id → package
    documents: dict[str, str]                    # CFDocument sourcedId → framework id
    objects: dict[str, dict[str, tuple[str, dict[str, Any]]]]  # kind → sourcedId → (fid, obj)


_CACHE: dict[int, _Catalogue] = {}
_LOCK = threading.Lock()
_KINDS = ("CFItems", "CFAssociations", "CFConcepts", "CFSubjects", "CFLicenses", "CFItemTypes",
          "CFAssociationGroupings", "CFRubrics")


def _stamp(store: GraphStore) -> tuple[int, int]:
    return store.triple_count(), hash(tuple(sorted(store.graph_names())))


def _invalidate(store: GraphStore) -> None:
    with _LOCK:
        _CACHE.pop(id(store), None)
        _DOC_CACHE.pop(id(store), None)


def catalogue(store: GraphStore) -> _Catalogue:
    """Build (or reuse) the packages of every framework and the sourcedId index."""
    stamp = _stamp(store)
    with _LOCK:
        cached = _CACHE.get(id(store))
        if cached is not None and cached.stamp == stamp:
            return cached
    packages: dict[str, dict[str, Any]] = {}
    documents: dict[str, str] = {}
    objects: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {k: {} for k in _KINDS}
    ids = sorted({str(r["id"]) for r in store.select("list_schemes")})
    for fid in ids:
        pkg = case_package(store, fid)
        packages[fid] = pkg
        documents[pkg["CFDocument"]["identifier"]] = fid
        for kind in ("CFItems", "CFAssociations", "CFRubrics"):
            for obj in pkg.get(kind) or []:
                objects[kind].setdefault(obj["identifier"], (fid, obj))
        for kind, objs in (pkg.get("CFDefinitions") or {}).items():
            for obj in objs:
                objects[kind].setdefault(obj["identifier"], (fid, obj))
    built = _Catalogue(stamp, packages, documents, objects)
    with _LOCK:
        _CACHE[id(store)] = built
    return built


@dataclass
class _Documents:
    stamp: tuple[int, int]
    by_id: dict[str, tuple[str, dict[str, Any]]]  # CFDocument sourcedId → (framework id, doc)


_DOC_CACHE: dict[int, _Documents] = {}


def documents(store: GraphStore) -> _Documents:
    """The CFDocument of every framework, built from the schemes' own triples only (cheap even
    when a framework has thousands of items); cached like :func:`catalogue`."""
    stamp = _stamp(store)
    with _LOCK:
        cached = _DOC_CACHE.get(id(store))
        if cached is not None and cached.stamp == stamp:
            return cached
    by_id: dict[str, tuple[str, dict[str, Any]]] = {}
    for row in store.select("list_schemes"):
        fid, scheme = str(row["id"]), str(row["scheme"])
        index = case_io.TripleIndex()
        _add_rows(index, store.select("list_scheme_description", scheme=IRI(str(scheme))))
        doc = case_io.graph_to_package(index, scheme)["CFDocument"]
        by_id.setdefault(doc["identifier"], (fid, doc))
    built = _Documents(stamp, by_id)
    with _LOCK:
        _DOC_CACHE[id(store)] = built
    return built


def _framework_for(store: GraphStore, sourced_id: str) -> str:
    docs = documents(store)
    if sourced_id in docs.by_id:
        return docs.by_id[sourced_id][0]
    if any(fid == sourced_id for fid, _doc in docs.by_id.values()):
        return sourced_id
    raise CaseServiceError(404, "unknownobject", f"no CFDocument with sourcedId {sourced_id!r}")


SORTABLE = ("identifier", "title", "creator", "lastChangeDateTime", "publisher", "version",
             "adoptionStatus", "language", "uri")


def list_documents(store: GraphStore, *, limit: int = 100, offset: int = 0,
                   sort: str | None = None,
                   order_by: str | None = None) -> tuple[dict[str, Any], int]:
    """``getAllCFDocuments``: one page of CFDocuments and the total count (for the
    ``X-Total-Count`` header)."""
    if limit < 1 or offset < 0:
        raise CaseServiceError(400, "invalid_selection_field",
                               "limit must be >= 1 and offset >= 0", field="limit")
    if sort is not None and sort not in SORTABLE:
        raise CaseServiceError(400, "invalid_sort_field",
                               f"cannot sort by {sort!r}; use one of {', '.join(SORTABLE)}",
                               field="sort")
    if order_by is not None and order_by not in ("asc", "desc"):
        raise CaseServiceError(400, "invalid_selection_field", "orderBy must be asc or desc",
                               field="orderBy")
    docs = [doc for _fid, doc in documents(store).by_id.values()]
    key = sort or "title"
    docs.sort(key=lambda d: (str(d.get(key, "")), d["identifier"]),
              reverse=order_by == "desc")
    return {"CFDocuments": docs[offset:offset + limit]}, len(docs)


def get_document(store: GraphStore, sourced_id: str) -> dict[str, Any]:
    """``getCFDocument``."""
    fid = _framework_for(store, sourced_id)
    return next(doc for f, doc in documents(store).by_id.values() if f == fid)


def get_package(store: GraphStore, sourced_id: str) -> dict[str, Any]:
    """``getCFPackage``: the whole framework in one answer."""
    return case_package(store, _framework_for(store, sourced_id))


def get_object(store: GraphStore, kind: str, sourced_id: str) -> dict[str, Any]:
    """One CFItem, CFAssociation, CFLicense, CFAssociationGrouping or CFRubric."""
    cat = catalogue(store)
    hit = cat.objects[kind].get(sourced_id)
    if hit is None:
        raise CaseServiceError(404, "unknownobject",
                               f"no {kind[:-1]} with sourcedId {sourced_id!r}")
    return hit[1]


def get_item_associations(store: GraphStore, sourced_id: str) -> dict[str, Any]:
    """``getCFItemAssociations``: the item and every association it is an end of."""
    cat = catalogue(store)
    hit = cat.objects["CFItems"].get(sourced_id)
    if hit is None:
        raise CaseServiceError(404, "unknownobject", f"no CFItem with sourcedId {sourced_id!r}")
    _fid, item = hit
    assocs = []
    for pkg in cat.packages.values():
        for assoc in pkg.get("CFAssociations") or []:
            if sourced_id in (assoc["originNodeURI"]["identifier"],
                              assoc["destinationNodeURI"]["identifier"]):
                assocs.append(assoc)
    return {"CFItem": item, "CFAssociations": assocs}


def get_definition_set(store: GraphStore, kind: str, sourced_id: str) -> dict[str, Any]:
    """``getCFConcept`` / ``getCFSubject`` / ``getCFItemType``: the object and its hierarchy
    descendants (objects whose hierarchyCode extends its own with a dot), as a set."""
    cat = catalogue(store)
    hit = cat.objects[kind].get(sourced_id)
    if hit is None:
        raise CaseServiceError(404, "unknownobject",
                               f"no {kind[:-1]} with sourcedId {sourced_id!r}")
    fid, obj = hit
    code = obj.get("hierarchyCode") or ""
    members = [obj]
    if code:
        for other in (cat.packages[fid].get("CFDefinitions") or {}).get(kind) or []:
            other_code = other.get("hierarchyCode") or ""
            if other is not obj and other_code.startswith(code + "."):
                members.append(other)
    return {kind: members}


__all__ = [
    "CASE_MEDIA_TYPE",
    "CaseImportResult",
    "CaseServiceError",
    "case_package",
    "catalogue",
    "dump",
    "export_case",
    "framework_graph",
    "get_definition_set",
    "get_document",
    "get_item_associations",
    "get_object",
    "get_package",
    "import_case",
    "import_case_bytes",
    "list_documents",
    "status_info",
]
