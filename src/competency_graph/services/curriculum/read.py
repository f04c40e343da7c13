"""Reading stored programmes: list, show (JSON) and export a programme version, and resolve a
``PROGRAMME`` argument — a stored id (``ID``, ``ID@VERSION``) or a workbook path checked in a
scratch store without being stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from competency_graph.config import Settings, limits
from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import check_id, natural_key
from competency_graph.model import IRI, Literal, RdfPayload, value
from competency_graph.namespaces import CG, DCTERMS, graph_iri
from competency_graph.services.curriculum.imports import read_workbook
from competency_graph.services.curriculum.versions import (
    find_version,
    programme_versions,
    version_key,
)
from competency_graph.services.system import open_store, pick_label
from competency_graph.store import GraphStore

__all__ = ["ProgrammeRef", "check_programme_ref",
           "export_programme", "get_programme", "list_programmes", "open_workbook",
           "resolve_programme"]


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


# --- resolving PROGRAMME arguments -----------------------------------------------------------
#
# One resolver for stored programme ids (``resolve_programme``): every service that takes a
# programme (validation, gaps, staff, the HTTP routes) resolves it here, and it never looks at
# the file system. A workbook path is a CLI feature only: the CLI turns it into a scratch store
# with ``open_workbook`` (one place, ``competency_graph.cli.app.opened_programme``) and then
# calls the services with the scratch store and the programme's id.

def check_programme_ref(ref: str, location: Location | None = None) -> tuple[str, str | None]:
    """Check a programme reference ``ID`` or ``ID@VERSION`` against the one id rule
    (:func:`competency_graph.ids.check_id`) before any work (a 100,000-character reference is
    refused by its length alone), and split it.

    :raises InputError: located at ``location`` (e.g. the HTTP path parameter).
    """
    where = location or Location()
    cap = limits().max_id_chars
    if len(ref) > 2 * cap + 1:
        raise InputError(Problem(f"the programme id {ref[:40]!r}… ({len(ref)} characters) is "
                                 f"longer than {cap} characters", where))
    programme_id, at, version = ref.partition("@")
    parts = [("programme id", programme_id)] + ([("programme version", version)] if at else [])
    for kind, part in parts:
        problem = check_id(part, kind, where)
        if problem is not None:
            raise InputError(problem)
    return programme_id, (version if at else None)


def resolve_programme(store: GraphStore, ref: str, *,
                      location: Location | None = None) -> ProgrammeRef:
    """Resolve a stored programme reference: ``ID`` (its current version, else the highest) or
    ``ID@VERSION``. The reference is checked against the id rule first; it is never read as a
    path.

    :raises InputError: not a valid id (located at ``location``).
    :raises NotFoundError: no such programme or version in ``store``.
    """
    programme_id, version = check_programme_ref(ref, location)
    version_found, iri = find_version(store, programme_id, version)
    return ProgrammeRef(store=store, iri=iri, id=programme_id, version=version_found,
                        graph=graph_iri("programme", programme_id, version_found))


def open_workbook(store: GraphStore, path: Path) -> ProgrammeRef:
    """Read the workbook at ``path`` (checked against ``store``'s vocabulary) into a scratch
    in-memory store, never into ``store``; the institution staff rosters of ``store``
    (``graph/staff/<institution>``) are copied next to it, so a workbook without a staff sheet
    is checked against the stored rosters. The caller closes the result (``ProgrammeRef.close``).
    For the CLI only: HTTP never names a server path.

    :raises InputError: the workbook has problems.
    """
    data = read_workbook(path, store)
    scratch = open_store(Settings(store=":memory:"))
    scratch.transient = True
    try:
        rosters = [g for g in store.graph_names()
                   if g.startswith(graph_iri("staff") + "/") and "/programme/" not in g]
        payloads: dict[str, RdfPayload | None] = {
            g: RdfPayload(store.export_graph(g, "ntriples"), "ntriples", g) for g in rosters}
        payloads.update(data.graphs)
        scratch.replace_graphs(payloads)
    except Exception:
        scratch.close()
        raise
    return ProgrammeRef(store=scratch, iri=data.programme_iri, id=data.programme_id,
                        version=data.version, graph=data.graph, scratch=True,
                        warnings=data.warnings)


# --- reading stored programmes ---------------------------------------------------------------

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
        versions = sorted(group["versions"], key=lambda e: version_key(e["version"]))
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


_Nodes = dict[str, dict[str, list[Any]]]


def _one(props: Mapping[str, list[Any]], prop: str) -> Any:
    vals = props.get(prop)
    return _lit_value(vals[0]) if vals else None


def _many(props: Mapping[str, list[Any]], prop: str) -> list[Any]:
    return sorted(str(_lit_value(v)) for v in props.get(prop, []))


def _components(props: Mapping[str, list[Any]]) -> list[str]:
    return sorted(str(c).rsplit("/component/", 1)[-1]
                  for c in props.get(CG + "hasInternationalComponent", []))


def _programme_nodes(store: GraphStore, iri: str) -> tuple[_Nodes, dict[str, str]]:
    """Every node of the programme graph with its properties, and each node's kind."""
    nodes: _Nodes = {}
    kinds: dict[str, str] = {}
    for row in store.select("list_programme_statements", programme=IRI(iri)):
        node = str(row["node"])
        kinds[node] = str(row["kind"])
        nodes.setdefault(node, {}).setdefault(str(row["property"]), []).append(row["value"])
    return nodes, kinds


def _programme_alignments(store: GraphStore, iri: str) -> dict[str, list[dict[str, Any]]]:
    """Source IRI → its alignments (target as ``PO1`` or ``framework:code``, and level)."""
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
    return alignments


def _outcome_json(lo: str, nodes: _Nodes, alignments: Mapping[str, list[dict[str, Any]]],
                  lang: str) -> dict[str, Any]:
    lp = nodes.get(lo, {})
    bloom = _one(lp, CG + "bloomLevel")
    return {
        "id": _one(lp, DCTERMS + "identifier"),
        "text": pick_label(lp.get(CG + "statement", []), lang),
        "texts": _texts(lp.get(CG + "statement", [])),
        "bloom": _local(str(bloom)) if bloom else None,
        "bloom_inferred": bool(_one(lp, CG + "bloomLevelInferred")),
        "aligned_to": alignments.get(lo, []),
        "notes": _many(lp, CG + "note"),
    }


def _course_json(node: str, props: Mapping[str, list[Any]], nodes: _Nodes,
                 alignments: Mapping[str, list[dict[str, Any]]], lang: str) -> dict[str, Any]:
    outcomes = [_outcome_json(str(lo), nodes, alignments, lang)
                for lo in props.get(CG + "hasLearningOutcome", [])]
    outcomes.sort(key=lambda o: str(o["id"]))
    prerequisites = sorted(str(_one(nodes.get(str(p), {}), CG + "courseCode") or _local(str(p)))
                           for p in props.get(CG + "hasPrerequisite", []))
    return {
        "code": _one(props, CG + "courseCode"),
        "iri": node,
        "title": pick_label(props.get(DCTERMS + "title", []), lang),
        "titles": _texts(props.get(DCTERMS + "title", [])),
        "ects": _one(props, CG + "ects"),
        "semester": _one(props, CG + "semester"),
        "languages": _many(props, CG + "languageOfInstruction"),
        "required": _one(props, CG + "isRequired"),
        "prerequisites": prerequisites,
        "teachers": sorted(_local(str(t)) for t in props.get(CG + "taughtBy", [])),
        "components": _components(props),
        "outcomes": outcomes,
        "notes": _many(props, CG + "note"),
    }


def _po_json(node: str, props: Mapping[str, list[Any]],
             alignments: Mapping[str, list[dict[str, Any]]], lang: str) -> dict[str, Any]:
    return {
        "id": _one(props, DCTERMS + "identifier"),
        "text": pick_label(props.get(CG + "statement", []), lang),
        "texts": _texts(props.get(CG + "statement", [])),
        "aligned_to": alignments.get(node, []),
    }


def get_programme(store: GraphStore, programme_id: str, *, version: str | None = None,
                  lang: str = "en") -> dict[str, Any]:
    """A programme version as JSON: metadata, courses with outcomes and alignments, programme
    outcomes, and every stored version.

    :raises NotFoundError: no such programme or version.
    """
    found_version, iri = find_version(store, programme_id, version)
    nodes, kinds = _programme_nodes(store, iri)
    alignments = _programme_alignments(store, iri)
    courses = [_course_json(node, props, nodes, alignments, lang)
               for node, props in nodes.items() if kinds.get(node) == "course"]
    courses.sort(key=lambda c: (c["semester"] or 99, str(c["code"])))
    pos = [_po_json(node, props, alignments, lang)
           for node, props in nodes.items() if kinds.get(node) == "po"]
    pos.sort(key=lambda p: natural_key(str(p["id"])))
    prog = nodes.get(iri, {})
    cycle = _one(prog, CG + "cycle")
    institution = _one(prog, CG + "offeredBy")
    return {
        "id": programme_id, "version": found_version, "iri": iri,
        "graph": graph_iri("programme", programme_id, found_version),
        "current": bool(_one(prog, CG + "isCurrentVersion")),
        "title": pick_label(prog.get(DCTERMS + "title", []), lang),
        "titles": _texts(prog.get(DCTERMS + "title", [])),
        "cycle": _local(str(cycle)).lower() if cycle else None,
        "ects": _one(prog, CG + "declaredEcts"),
        "course_ects": sum(float(c["ects"] or 0) for c in courses),
        "institution": _local(str(institution)) if institution else None,
        "languages": _many(prog, CG + "languageOfInstruction"),
        "targets": sorted(_local(str(t)) for t in prog.get(CG + "targetFramework", [])),
        "isced_f": _one(prog, CG + "iscedF"),
        "components": _components(prog),
        "notes": _many(prog, CG + "note"),
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
    found_version, _ = find_version(store, programme_id, version)
    return store.export_graph(graph_iri("programme", programme_id, found_version), fmt)
