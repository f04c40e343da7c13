"""Opening a store and loading the bundled data into it on first use.

A new store receives the ontology, every bundled framework and every crosswalk, each in its own
named graph, in one transaction, together with the bundled catalogues in ``ontology/bundled/``
(``<name>.ttl`` lands in ``graph/<name>``, e.g. the development programmes). The bundle's
fingerprint (a hash of those files) is recorded in the system graph; when a newer package brings
changed files, the next open replaces the bundled graphs (user data is untouched).
"""

from __future__ import annotations

from pathlib import Path

from competency_graph import resources
from competency_graph.config import Settings
from competency_graph.model import RdfPayload
from competency_graph.namespaces import CG, ONTOLOGY_GRAPH, SYSTEM_GRAPH, graph_iri
from competency_graph.store import GraphStore
from competency_graph.store import open_store as _open_raw


def bundled_graphs(settings: Settings | None = None) -> dict[str, Path]:
    """Return the named graph → file map of the bundled data."""
    override = settings.ontology_dir if settings else None
    graphs: dict[str, Path] = {ONTOLOGY_GRAPH: resources.tbox_file(override)}
    for path in resources.bundled_files("frameworks", override):
        graphs[graph_iri("framework", path.stem)] = path
    for path in resources.bundled_files("crosswalks", override):
        graphs[graph_iri("crosswalk", path.stem)] = path
    for path in resources.bundled_files("bundled", override):
        graphs[graph_iri(path.stem)] = path
    return graphs


def ensure_bundled(store: GraphStore, settings: Settings | None = None) -> bool:
    """Load or refresh the bundled graphs when the store lacks them; return True if it loaded."""
    graphs = bundled_graphs(settings)
    fingerprint = resources.fingerprint(list(graphs.values()))
    rows = store.select("get_bundle_fingerprint")
    if rows and str(rows[0]["fingerprint"]) == fingerprint:
        return False
    record = (f"<{SYSTEM_GRAPH}#bundle> <{CG}bundleFingerprint> \"{fingerprint}\" .\n").encode()
    payloads: dict[str, RdfPayload | None] = {
        graph: RdfPayload(path.read_bytes(), "turtle", str(path)) for graph, path in graphs.items()
    }
    previously = _previously_bundled(store)
    stale = [g for g in store.graph_names() if g not in graphs and g in previously]
    payloads.update(dict.fromkeys(stale))
    payloads[SYSTEM_GRAPH] = RdfPayload(record + _bundled_list(graphs), "ntriples", "system")
    store.replace_graphs(payloads, system=True)  # the one writer of bundled graphs
    return True


def _bundled_list(graphs: dict[str, Path]) -> bytes:
    lines = [f"<{SYSTEM_GRAPH}#bundle> <{CG}bundledGraph> <{g}> .\n" for g in graphs]
    return "".join(lines).encode()


def _previously_bundled(store: GraphStore) -> set[str]:
    return {str(r["graph"]) for r in store.select("list_bundled_graphs")}


def open_store(settings: Settings | None = None, *, bootstrap: bool = True) -> GraphStore:
    """Open the store named by ``settings`` (default: from the environment) and make sure it
    holds the bundled ontology, frameworks and crosswalks."""
    settings = settings or Settings.from_env()
    store = _open_raw(settings)
    if bootstrap:
        try:
            ensure_bundled(store, settings)
        except BaseException:
            store.close()
            raise
    return store
