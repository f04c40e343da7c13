"""Moodle competency frameworks: export any framework as Moodle's CSV, import Moodle's CSV as a
framework (docs/elearning.md, "Moodle").

**Language.** Moodle holds one language per framework, so the export is per language
(``--lang en|ru|kk``; a missing label or definition falls back to English). Multilang filter
spans were rejected: they need the filter enabled on the site and Moodle's importer cuts short
names at 100 characters, which would cut three languages in the middle of a span.

**Mapping (export).** Framework row: ``Id number`` = framework id, ``Shortname`` = title,
``Description`` = HTML of the description; the scale is the framework's ``cg:levelScale``
(level names in rank order), default = the first level, proficient = the required level and
above; ``Taxonomy`` per depth: ``domain`` for a depth of categories, else ``competency``.
Competency rows: every item (categories included) with ``Id number`` = its code,
``Parent id number`` = the code of its ``skos:broader`` item in the same framework,
``Shortname`` = label, ``Description`` = HTML of the definition, cross references = its
``skos:related`` items of the same framework.

**Import.** The framework row and every competency become a SKOS framework under the id
number (or ``--id``): items ``cg:Competency`` (``cg:CompetencyCategory`` where the taxonomy of
their depth is ``domain``), parents → ``skos:broader``/``narrower``, cross references →
``skos:related`` both ways, HTML descriptions → plain-text definitions in the chosen language.
The scale values are not turned into a level scale (they are kept as ``rdfs:comment``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT
from rdflib.namespace import RDFS, SKOS

from competency_graph.errors import InputError, Location, NotFoundError, Problem
from competency_graph.ids import natural_key
from competency_graph.io import moodle as mio
from competency_graph.model import IRI
from competency_graph.model import Literal as Lit
from competency_graph.namespaces import CG, framework_iri, item_iri
from competency_graph.services.interop import FrameworkImportResult, read_file, store_framework
from competency_graph.services.system import pick_label
from competency_graph.store import GraphStore

CGN = Namespace(CG)
LANGS = ("en", "ru", "kk")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise InputError(Problem(f"unknown language {lang!r} (en, ru or kk)"))


def moodle_framework(store: GraphStore, framework_id: str, lang: str = "en"
                     ) -> mio.MoodleFramework:
    """The framework as Moodle's CSV holds it, in one language."""
    _check_lang(lang)
    rows = store.select("list_moodle_framework", id=Lit(framework_id))
    if not rows:
        raise NotFoundError(f"no framework or level scale with the id {framework_id!r}")
    scheme = framework_iri(framework_id)
    facts: dict[str, dict[str, list[Any]]] = {}
    for row in rows:
        facts.setdefault(str(row["s"]), {}).setdefault(str(row["fact"]), []).append(row["value"])
    fw = facts.pop(scheme, {}) or next(
        (f for s, f in facts.items() if "title" in f), {})
    items = {s: f for s, f in facts.items() if "code" in f}
    code = {s: str(f["code"][0]) for s, f in items.items()}
    values, default, proficient = _scale(store, fw)
    out = mio.MoodleFramework(
        framework_id, pick_label(fw.get("title", []), lang) or framework_id,
        mio.html_paragraphs(pick_label(fw.get("description", []), lang) or ""), values,
        mio.scale_configuration(values, default, proficient) if values else "")
    depth: dict[str, int] = {}

    def parent_of(s: str) -> str:
        return next((str(b) for b in items[s].get("broader", []) if str(b) in items), "")

    def depth_of(s: str, seen: frozenset[str] = frozenset()) -> int:
        if s not in depth:
            p = parent_of(s)
            depth[s] = 1 if not p or p in seen else depth_of(p, seen | {s}) + 1
        return depth[s]

    order = sorted(items, key=lambda s: (depth_of(s), natural_key(code[s])))
    # parents before children (Moodle builds the tree from the file order)
    placed: list[str] = []
    for s in order:
        placed.append(s)
    max_depth = max((depth_of(s) for s in items), default=0)
    for level in range(1, max_depth + 1):
        at_level = [s for s in items if depth_of(s) == level]
        categories = all(CG + "CompetencyCategory" in {str(c) for c in items[s].get("class", [])}
                         for s in at_level)
        out.taxonomies.append("domain" if categories and at_level else "competency")
    for number, s in enumerate(placed, start=1):
        f = items[s]
        out.competencies.append(mio.MoodleCompetency(
            code[s], pick_label(f.get("label", []), lang) or code[s],
            mio.html_paragraphs(pick_label(f.get("definition", []), lang) or ""),
            code.get(parent_of(s), ""),
            sorted({code[str(r)] for r in f.get("related", []) if str(r) in items},
                   key=natural_key), str(number)))
    return out


def _scale(store: GraphStore, fw: dict[str, list[Any]]) -> tuple[list[str], int, int]:
    scales = fw.get("scale", [])
    if not scales:
        return [], 1, 1
    rows = store.select("list_scale_levels", scale=IRI(str(scales[0])))
    levels: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = levels.setdefault(str(row["level"]), {"notation": str(row["notation"]),
                                                       "labels": []})
        if "label" in row:
            entry["labels"].append(row["label"])
    ordered = list(levels)
    names = [levels[lv]["notation"] for lv in ordered]
    required = str(fw["required"][0]) if fw.get("required") else ""
    proficient = ordered.index(required) + 1 if required in ordered else len(ordered)
    return [n.replace(",", " ") for n in names], 1, proficient


def export_moodle(store: GraphStore, framework_id: str, lang: str = "en") -> bytes:
    """Any framework as a Moodle competency framework CSV in ``lang``."""
    return mio.write_csv(moodle_framework(store, framework_id, lang))


def moodle_to_graph(framework: mio.MoodleFramework, framework_id: str, lang: str
                    ) -> tuple[str, Graph]:
    """The SKOS framework graph of a parsed Moodle CSV (module docstring)."""
    scheme = URIRef(framework_iri(framework_id))
    graph = Graph()
    graph.add((scheme, RDF.type, CGN.CompetencyFramework))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCT.identifier, Literal(framework_id)))
    graph.add((scheme, DCT.title, Literal(framework.shortname or framework_id, lang=lang)))
    text = mio.html_to_text(framework.description)
    if text:
        graph.add((scheme, DCT.description, Literal(text, lang=lang)))
    graph.add((scheme, DCT.source, Literal("Moodle competency framework CSV (tool_lpimportcsv), "
                                           f"id number {framework.idnumber!r}")))
    if framework.scale_values:
        graph.add((scheme, RDFS.comment, Literal(
            "Moodle scale values: " + ", ".join(framework.scale_values), lang="en")))
    node = {c.idnumber: URIRef(item_iri(framework_id, c.idnumber))
            for c in framework.competencies}
    parents = {c.idnumber: c.parent for c in framework.competencies}

    def depth(idnumber: str) -> int:
        d, p = 1, parents.get(idnumber, "")
        while p:
            d, p = d + 1, parents.get(p, "")
        return d

    for comp in framework.competencies:
        s = node[comp.idnumber]
        level = depth(comp.idnumber)
        taxonomy = (framework.taxonomies[level - 1] if level <= len(framework.taxonomies)
                    else "competency")
        graph.add((s, RDF.type, CGN.CompetencyCategory if taxonomy == "domain"
                   else CGN.Competency))
        graph.add((s, SKOS.inScheme, scheme))
        graph.add((s, SKOS.notation, Literal(comp.idnumber)))
        graph.add((s, SKOS.prefLabel, Literal(comp.shortname, lang=lang)))
        definition = mio.html_to_text(comp.description)
        if definition:
            graph.add((s, SKOS.definition, Literal(definition, lang=lang)))
        if comp.parent:
            graph.add((s, SKOS.broader, node[comp.parent]))
            graph.add((node[comp.parent], SKOS.narrower, s))
        else:
            graph.add((s, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, s))
        for other in comp.related:
            graph.add((s, SKOS.related, node[other]))
            graph.add((node[other], SKOS.related, s))
    return str(scheme), graph


def import_moodle_bytes(store: GraphStore, data: bytes, source: str, *,
                        framework_id: str | None = None, lang: str = "en"
                        ) -> FrameworkImportResult:
    """Import a Moodle CSV as a framework (whole or not at all)."""
    _check_lang(lang)
    parsed = mio.read_csv(data, source)
    fid = framework_id or parsed.idnumber
    from competency_graph.io.resources import valid_id

    if not valid_id(fid):
        raise InputError(Problem(f"{fid!r} cannot be a framework id; give --id",
                                 Location(file=source)))
    scheme, graph = moodle_to_graph(parsed, fid, lang)
    return store_framework(store, fid, scheme, graph, source, "moodle")


def import_moodle(store: GraphStore, path: Path, *, framework_id: str | None = None,
                  lang: str = "en") -> FrameworkImportResult:
    """``import FILE --kind moodle``."""
    return import_moodle_bytes(store, read_file(path), str(path), framework_id=framework_id,
                               lang=lang)


# --- optional push over Moodle's web services ------------------------------------------------

def push_moodle(store: GraphStore, framework_id: str, site: str, token: str, *,
                scale_id: int, context_id: int = 1, lang: str = "en",
                client: Any = None) -> dict[str, Any]:
    """Create the framework, its competencies (parents first) and their cross references on a
    Moodle site through its web services (``io.moodle_ws``). ``scale_id`` is the id of an
    existing Moodle scale whose items match the export's scale values.

    Returns ``{"site", "framework", "moodle_framework_id", "competencies", "related"}``.
    :raises MoodleError: Moodle refused a call (the site may then hold a partial framework:
        Moodle's web services have no transaction; delete it in Moodle and push again).
    """
    from competency_graph.io.moodle_ws import MoodleClient

    framework = moodle_framework(store, framework_id, lang)
    own = client is None
    ws = client or MoodleClient(site, token)
    try:
        created = ws.call("core_competency_create_competency_framework", competencyframework={
            "shortname": framework.shortname[:mio.MAX_SHORT],
            "idnumber": framework.idnumber[:mio.MAX_SHORT],
            "description": framework.description, "descriptionformat": 1, "visible": True,
            "scaleid": scale_id, "scaleconfiguration": _with_scale(
                framework.scale_configuration, scale_id),
            "contextid": context_id, "taxonomies": ",".join(framework.taxonomies)})
        fw_id = int(created["id"])
        ids: dict[str, int] = {}
        for comp in framework.competencies:
            answer = ws.call("core_competency_create_competency", competency={
                "shortname": comp.shortname[:mio.MAX_SHORT],
                "idnumber": comp.idnumber[:mio.MAX_SHORT], "description": comp.description,
                "descriptionformat": 1, "competencyframeworkid": fw_id,
                "parentid": ids.get(comp.parent, 0)})
            ids[comp.idnumber] = int(answer["id"])
        pairs = sorted({tuple(sorted((c.idnumber, r))) for c in framework.competencies
                        for r in c.related})
        for a, b in pairs:
            ws.call("core_competency_add_related_competency", competencyid=ids[a],
                    relatedcompetencyid=ids[b])
    finally:
        if own:
            ws.close()
    return {"site": site, "framework": framework_id, "moodle_framework_id": fw_id,
            "competencies": len(ids), "related": len(pairs)}


def _with_scale(configuration: str, scale_id: int) -> str:
    import json

    if not configuration:
        return ""
    parsed = json.loads(configuration)
    parsed[0]["scaleid"] = str(scale_id)
    return json.dumps(parsed, separators=(",", ":"))


__all__ = ["export_moodle", "import_moodle", "import_moodle_bytes", "moodle_framework",
           "moodle_to_graph", "push_moodle"]
