"""Results computed once per programme version, stored with their provenance, served from then on
(issue 15 item 2; docs/storage.md "Computed results").

A programme version is immutable, so what an analysis says about it can change only when
something else it reads changes: a framework, a crosswalk, the rule model or the shapes, a staff
roster, the institution. :func:`computed` is the one place that decides whether a stored result
still holds:

1. it reads the store's **dependency stamp**: the ledger's ``cg:dependencyRevision`` (the store
   sets a new random token on every write to a graph that results depend on, in the same
   transaction as the write: ``store.base.affects_results``) joined with the **code stamp** (the
   package version and a hash of the bundled shapes and rules), one small query;
2. it returns the result this process already holds for (store, programme version, kind,
   parameters) when its stamp is the current one — *served*: no analysis query runs;
3. else it reads the stored result graph and uses it when its stamp is the current one;
4. else it computes the result and stores it as the named graph
   ``…/graph/result/<programme>/<version>/<kind>-<parameters hash>``: a ``cg:ComputedResult``
   with the JSON document (``rdf:JSON``), the stamp, ``prov:generatedAtTime``,
   ``prov:wasGeneratedBy`` the package version, and ``prov:wasDerivedFrom`` the programme version
   and every graph it read besides (frameworks, crosswalks, ontology and rules, staff rosters,
   institutions) and each rule of the rule model it applied (by its versioned IRI).

Programme versions read from a workbook (the CLI's scratch store, ``GraphStore.transient``) are
computed and never stored.
A store that cannot be written (a read-only reader) still answers: the result is computed and kept
in the process only. Deleting a programme drops its results (:func:`result_graphs`).

Every result is a JSON document (dicts, lists, strings, numbers); callers must treat what they
get as read-only, since the same object is served to the next caller.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any, Protocol

from competency_graph import __version__, resources
from competency_graph.errors import StoreError
from competency_graph.io.ntriples import iri_term, literal
from competency_graph.model import IRI, RdfPayload, value
from competency_graph.namespaces import (
    CG,
    PROV,
    RDF,
    XSD,
    graph_iri,
)
from competency_graph.store import GraphStore, affects_results

log = logging.getLogger(__name__)

__all__ = ["ProgrammeVersion", "code_stamp", "computed", "current_result", "dependency_stamp",
           "keep_computed", "programme_scope", "result_graph", "result_graphs"]

#: results kept per store in this process (least recently used beyond it are forgotten)
MEMO_SIZE = 512


class ProgrammeVersion(Protocol):
    """What :func:`computed` needs of a resolved programme
    (``services.curriculum.ProgrammeRef``)."""

    store: GraphStore
    iri: str
    id: str
    version: str
    graph: str


_lock = threading.Lock()
_flights: dict[tuple[int, str], list[Any]] = {}
_scopes: weakref.WeakKeyDictionary[GraphStore, tuple[str, list[str]]] = \
    weakref.WeakKeyDictionary()
_memo: weakref.WeakKeyDictionary[GraphStore, OrderedDict[str, tuple[str, Any]]] = \
    weakref.WeakKeyDictionary()


@cache
def code_stamp() -> str:
    """The package version and a hash of the shapes and rules it validates with."""
    folder = resources.ontology_dir()
    files = sorted(folder.glob("shapes/*.ttl")) + sorted(folder.glob("rules/*.ttl"))
    return f"{__version__}:{resources.fingerprint(files)[:16]}"


def dependency_stamp(store: GraphStore) -> str:
    """The stamp a result computed now carries (module docstring, step 1)."""
    return f"{store.dependency_revision()}|{code_stamp()}"


def result_graph(programme: ProgrammeVersion, kind: str, params: Mapping[str, Any]) -> str:
    """The named graph that holds one result."""
    digest = hashlib.sha256(_canonical(params).encode()).hexdigest()[:20]
    return graph_iri("result", programme.id, programme.version, f"{kind}-{digest}")


def computed(programme: ProgrammeVersion, kind: str, params: Mapping[str, Any],
             compute: Callable[[], Any]) -> Any:
    """The result ``kind`` of ``programme`` for ``params``: served when a current one is held
    or stored, else ``compute()`` (a JSON document), stored with the rules it cites (the
    ``rules`` lists of docs/rules.md, at its top or in its ``metadata``) among its sources
    (module docstring)."""
    if programme.store.transient:
        return compute()
    store = programme.store
    stamp = dependency_stamp(store)
    graph = result_graph(programme, kind, params)
    document = _current(store, graph, stamp)
    if document is not None:
        return document
    # one computation per result at a time in this process: concurrent requests for it wait
    # for the first one instead of computing it again
    with _flight(store, graph):
        document = _held(store, graph, stamp)
        if document is None:
            with programme_scope(programme, stamp):
                document = compute()
            _store_result(programme, graph, kind, params, stamp, document)
            _hold(store, graph, stamp, document)
    return document


@contextmanager
def _flight(store: GraphStore, graph: str) -> Iterator[None]:
    key = (id(store), graph)
    with _lock:
        entry = _flights.setdefault(key, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            yield
    finally:
        with _lock:
            entry[1] -= 1
            if entry[1] == 0:
                _flights.pop(key, None)


def current_result(programme: ProgrammeVersion, kind: str, params: Mapping[str, Any]) -> Any:
    """The current result held or stored (steps 1–3 of the module docstring), else None:
    nothing is computed."""
    if programme.store.transient:
        return None
    store = programme.store
    return _current(store, result_graph(programme, kind, params), dependency_stamp(store))


def _current(store: GraphStore, graph: str, stamp: str) -> Any:
    held = _held(store, graph, stamp)
    if held is not None:
        return held
    with store.scope([graph]):
        rows = store.select("get_computed_result", graph=IRI(graph))
    if not rows or str(value(rows[0].get("stamp"))) != stamp:
        return None
    document = json.loads(str(rows[0]["document"]))
    _hold(store, graph, stamp, document)
    return document


@contextmanager
def programme_scope(programme: ProgrammeVersion, stamp: str | None = None) -> Iterator[None]:
    """Within the block, the store's named queries see only the programme version's graph and
    the graphs results depend on (``GraphStore.scope``): not the other programmes, their
    results, ESCO, studies or indicators. A scratch store holds one programme: no scope."""
    if programme.store.transient:
        yield
        return
    store = programme.store
    stamp = stamp or dependency_stamp(store)
    with store.scope([programme.graph, *_dependency_graphs(store, stamp)]):
        yield


def result_graphs(store: GraphStore, programme_id: str, version: str | None = None) -> list[str]:
    """The stored result graphs of a programme (every version, or one): a programme's deletion
    drops them with its version graphs, in the same write. (A version number is never issued
    twice, so results this process holds for a deleted version are never asked for again.)"""
    prefix = graph_iri("result", programme_id, *([version] if version else [])) + "/"
    return [g for g in store.graph_names() if g.startswith(prefix)]


# --- the process-local copies ---------------------------------------------------------------

def _held(store: GraphStore, graph: str, stamp: str) -> Any:
    with _lock:
        held = _memo.get(store)
        entry = held.get(graph) if held is not None else None
        if entry is None or entry[0] != stamp:
            return None
        held.move_to_end(graph)  # type: ignore[union-attr]
        return entry[1]


def _hold(store: GraphStore, graph: str, stamp: str, document: Any) -> None:
    with _lock:
        held = _memo.setdefault(store, OrderedDict())
        held[graph] = (stamp, document)
        held.move_to_end(graph)
        while len(held) > MEMO_SIZE:
            held.popitem(last=False)


# --- the stored result graph ----------------------------------------------------------------

def _cited_rules(document: Any) -> list[str]:
    """The IRIs of the rules a report cites (``rules`` at its top or in ``metadata``)."""
    if not isinstance(document, dict):
        return []
    found: list[str] = []
    for holder in (document, document.get("metadata")):
        cited = holder.get("rules") if isinstance(holder, dict) else None
        if isinstance(cited, list):
            found += [r["iri"] for r in cited if isinstance(r, dict) and r.get("iri")]
    return found


def _canonical(params: Mapping[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def _store_result(programme: ProgrammeVersion, graph: str, kind: str,
                  params: Mapping[str, Any], stamp: str, document: Any) -> None:
    payload = _payload(programme, graph, kind, params, stamp, document,
                       _dependency_graphs(programme.store, stamp))
    _write(programme.store, {graph: payload})


def _dependency_graphs(store: GraphStore, stamp: str) -> list[str]:
    with _lock:
        known = _scopes.get(store)
    if known is None or known[0] != stamp:
        # the list changes only with a write to such a graph, which renews the stamp
        known = (stamp, [g for g in store.graph_names() if affects_results(g)])
        with _lock:
            _scopes[store] = known
    return known[1]


def _write(store: GraphStore, payloads: dict[str, RdfPayload | None]) -> None:
    try:
        store.replace_graphs(payloads, owner="result")
    except (StoreError, OSError) as exc:  # a read-only reader: keep it in the process only
        log.info("results not stored (%s): %s", ", ".join(payloads), exc)


def _payload(programme: ProgrammeVersion, graph: str, kind: str, params: Mapping[str, Any],
             stamp: str, document: Any, dependencies: list[str]) -> RdfPayload:
    sources = [programme.iri, programme.graph, *dependencies, *_cited_rules(document)]
    node = iri_term(graph + "#result")
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"{node} <{RDF}type> <{CG}ComputedResult> .",
        f"{node} <{CG}resultKind> {literal(kind)} .",
        f"{node} <{CG}resultParameters> {literal(_canonical(params))} .",
        f"{node} <{CG}dependencyStamp> {literal(stamp)} .",
        f"{node} <{CG}resultOf> {iri_term(programme.iri)} .",
        f"{node} <{PROV}generatedAtTime> {literal(now, datatype=XSD + 'dateTime')} .",
        f"{node} <{PROV}wasGeneratedBy> {literal('competency-graph ' + __version__)} .",
        f"{node} <{CG}resultDocument> {literal(text, datatype=RDF + 'JSON')} .",
    ]
    lines += [f"{node} <{PROV}wasDerivedFrom> {iri_term(s)} ." for s in dict.fromkeys(sources)]
    return RdfPayload(("\n".join(lines) + "\n").encode("utf-8"), "ntriples", graph)


def keep_computed(entries: Iterable[tuple[ProgrammeVersion, str, Mapping[str, Any], Any]],
                  stamp: str) -> None:
    """Store results computed elsewhere (the worker processes of a batch) with the stamp read
    before they were computed: ``(programme, kind, params, document)`` each, one transaction
    per store (the caller chooses how many at a time). A result whose stamp is no longer
    current when it is next asked for is computed again, as any other."""
    pending: dict[GraphStore, dict[str, RdfPayload | None]] = {}
    for programme, kind, params, document in entries:
        store = programme.store
        if store.transient:
            continue
        graph = result_graph(programme, kind, params)
        pending.setdefault(store, {})[graph] = _payload(
            programme, graph, kind, params, stamp, document, _dependency_graphs(store, stamp))
        _hold(store, graph, stamp, document)
    for store, batch in pending.items():
        _write(store, batch)
