"""Use case: import ESCO from the official CSV zips, one dataset (named graph) per version.

``graph/esco/<version>`` holds one ESCO version: the skills-pillar framework
``fw:esco-<version>-skills`` (listed by ``frameworks``), every skill, occupation, ISCO group,
skill group, concept scheme and collection with ESCO's own IRIs, and the relations. Importing a
version again replaces its graph; other versions stay, so v1.1.0 and v1.1.1 can coexist (ESCO
reuses concept IRIs across versions, so ask ``GRAPH ?g`` or ``skos:inScheme`` of the version's
framework when the version matters).

Loading: the whole conversion is checked before anything is written (bad input leaves the store
unchanged). Then, per version:

* **embedded store, version not yet present** (the usual first import): the N-Triples go to a
  temporary file that ``OxigraphStore.bulk_load_file`` loads into the empty graph, followed by
  ``optimize()``. Bulk loading is not transactional, so it is bracketed by a marker graph
  ``graph/esco/<version>/incomplete`` written (transactionally) before and dropped after. If the
  process dies in between, the marker stays: ``incomplete_esco_versions()`` reports it, and the
  next import of that version sees the marker and replaces the partial graph through the
  transactional path below (then drops the marker).
* **otherwise** (a re-import over an existing version, a half-loaded version, or a remote SPARQL
  store): ``GraphStore.replace_graphs`` — parsed completely first, written in one transaction
  whatever the size (docs/storage.md): a crash leaves the old version or the new one.

How long each path takes is measured by ``bench/esco.py`` (``make bench``); docs/interop.md
keeps a measured table.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from competency_graph.io.esco import Conversion, Progress, convert, find_sources
from competency_graph.model import IRI, RdfPayload
from competency_graph.namespaces import RDFS, graph_iri
from competency_graph.store import GraphStore


def esco_graph(version: str) -> str:
    """Return the named graph of one ESCO version, ``.../graph/esco/<version>``."""
    return graph_iri("esco", version)


def _marker_graph(version: str) -> str:
    return graph_iri("esco", version, "incomplete")


def incomplete_esco_versions(store: GraphStore) -> list[str]:
    """Return the ESCO versions whose bulk load was interrupted (their marker graph remains)."""
    prefix, suffix = graph_iri("esco") + "/", "/incomplete"
    return sorted(g[len(prefix):-len(suffix)] for g in store.graph_names()
                  if g.startswith(prefix) and g.endswith(suffix))


def _marker(graph: str) -> RdfPayload:
    text = (f"<{graph}> <{RDFS}comment> \"ESCO bulk import in progress; if this remains, the "
            "graph is incomplete: import the version again\" .\n")
    return RdfPayload(text.encode(), "ntriples", "esco import marker")


def _bulk_load(store: GraphStore, conversion: Conversion) -> int:
    """Load one version into its empty graph with the store's bulk loader (see module doc)."""
    marker = _marker_graph(conversion.source.version)
    store.replace_graphs({marker: _marker(conversion.graph)})
    handle, name = tempfile.mkstemp(suffix=".nt", prefix="esco-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(conversion.ntriples)
        store.bulk_load_file(name, "ntriples", conversion.graph)  # type: ignore[attr-defined]
        store.optimize()  # type: ignore[attr-defined]
    finally:
        Path(name).unlink(missing_ok=True)
    store.replace_graphs({marker: None})
    return conversion.counts.triples


@dataclass(frozen=True)
class EscoImportResult:
    """What an ESCO import wrote, per version."""

    conversions: tuple[Conversion, ...]
    quads: int

    def message(self) -> str:
        """A one-paragraph summary for the command line."""
        parts = []
        for c in self.conversions:
            n = c.counts
            relations = ("" if c.source.relations is None else
                         f", {n.occupation_skill:,} occupation–skill relations "
                         f"({n.occupation_skill_essential:,} essential), "
                         f"{n.skill_skill:,} skill–skill relations, {n.broader:,} broader links")
            parts.append(
                f"ESCO {c.source.version}: {n.skills:,} skills, {n.occupations:,} occupations, "
                f"{n.isco_groups:,} ISCO groups, {n.skill_groups:,} skill groups, "
                f"{len(n.collections)} collections{relations} → <{c.graph}> "
                f"(framework {c.source.framework_id})")
        return "\n".join(parts) + f"\n{self.quads:,} triples written"


def esco_counts(store: GraphStore, version: str) -> dict[str, int]:
    """Count what the stored dataset of one ESCO version holds: ``skills``, ``occupations``,
    ``isco_groups``, ``skill_groups``, ``occupation_skill`` (and ``…_essential`` /
    ``…_optional``), ``skill_skill``; zeros when the version is absent."""
    counts = dict.fromkeys(("skills", "occupations", "isco_groups", "skill_groups",
                            "occupation_skill_essential", "occupation_skill_optional",
                            "skill_skill"), 0)
    for row in store.select("count_esco_dataset", g=IRI(esco_graph(version))):
        counts[str(row["kind"])] = int(str(row["n"]))
    counts["occupation_skill"] = (counts["occupation_skill_essential"]
                                  + counts["occupation_skill_optional"])
    return counts


def convert_esco(paths: list[Path], *, version: str | None = None,
                 progress: Progress | None = None) -> list[Conversion]:
    """Check and convert ESCO zips (or folders of them) without touching a store."""
    return [convert(source, esco_graph(source.version), progress)
            for source in find_sources(paths, version)]


def import_esco(store: GraphStore, path: Path | list[Path], *, version: str | None = None,
                progress: Progress | None = None) -> EscoImportResult:
    """Import ESCO: a classification zip, a classification and a relations zip, or a folder
    holding the zips of one or more versions (the version comes from the file names, as the
    portal names them, or from ``version``).

    :raises InputError: every problem found, located; the store is then unchanged.
    """
    paths = path if isinstance(path, list) else [path]
    conversions = convert_esco(paths, version=version, progress=progress)
    existing = set(store.graph_names())
    bulk = hasattr(store, "bulk_load_file")
    quads = 0
    payloads: dict[str, RdfPayload | None] = {}
    for step, c in enumerate(conversions):
        if progress:
            progress(f"ESCO {c.source.version}: loading into the store", step, len(conversions))
        marker = _marker_graph(c.source.version)
        if bulk and c.graph not in existing and marker not in existing:
            quads += _bulk_load(store, c)
            continue
        payloads[c.graph] = RdfPayload(c.ntriples, "ntriples", str(c.source.classification.path))
        if marker in existing:
            payloads[marker] = None
    if payloads:
        quads += store.replace_graphs(payloads)
    if progress:
        progress("loaded", len(conversions), len(conversions))
    return EscoImportResult(tuple(conversions), quads)


__all__ = ["EscoImportResult", "convert_esco", "esco_counts", "esco_graph", "import_esco",
           "incomplete_esco_versions"]
