"""Validate every stored programme (issue 15 item 4: the whole university).

``validate_all(store, jobs=N)`` validates the current version of every stored programme (or
every version, ``all_versions=True``) with a pool of ``N`` worker processes (default: the
machine's cores) and reports progress through a callback. Each worker opens a read-only view of
the store (``GraphStore.reader``: the query snapshot of an on-disk store, its own client of a
remote endpoint, or — in memory — the copy-on-write copy a forked worker inherits), computes
the reports, and sends their documents back; the parent stores them as computed results
(:func:`competency_graph.services.system.keep_computed`), a hundred per transaction, with the
dependency stamp read before the work began. Results already current are served, not computed
again, so a second run costs a lookup per programme.

A programme that fails (a broken programme graph) is reported with its error; the others go on.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from competency_graph.errors import CompetencyGraphError
from competency_graph.services.curriculum import (
    ProgrammeRef,
    list_programmes,
    resolve_programme,
)
from competency_graph.services.system import (
    current_result,
    dependency_stamp,
    keep_computed,
    programme_scope,
)
from competency_graph.services.validation.run import (
    compute_document,
    requested_profiles,
    result_params,
)
from competency_graph.store import GraphStore, ReaderSpec, open_reader

#: results stored per transaction
BATCH = 100
#: called after each programme: (done, total, "ID@VERSION", entry)
Progress = Callable[[int, int, str, "Entry"], None]


@dataclass
class Entry:
    """One programme's outcome in a batch."""

    programme: str
    version: str
    conforms: bool | None = None
    counts: dict[str, int] = field(default_factory=dict)
    ms: float = 0.0
    served: bool = False
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"programme": self.programme, "version": self.version,
                "conforms": self.conforms, "counts": self.counts, "ms": round(self.ms, 1),
                "served": self.served, "error": self.error}


def validate_all(store: GraphStore, *, jobs: int | None = None, lang: str = "en",
                 profiles: list[str] | str | None = None, engine: str = "fast",
                 all_versions: bool = False, progress: Progress | None = None) -> list[Entry]:
    """Validate the stored programmes (module docstring); entries in programme order."""
    requested = requested_profiles(profiles)
    params = result_params(requested, engine, lang)
    refs = [f"{p['id']}@{v['version']}" for p in list_programmes(store)
            for v in (p["versions"] if all_versions else [p])]
    entries: dict[str, Entry] = {}
    todo: list[str] = []
    total = len(refs)
    programmes = {ref: resolve_programme(store, ref) for ref in refs}
    # what is current already is served here (a lookup each)
    for ref in refs:
        programme = programmes[ref]
        held = current_result(programme, "validation", params)
        if held is None:
            todo.append(ref)
            continue
        entries[ref] = _entry(programme, held, 0.0, served=True)
        if progress:
            progress(len(entries), total, ref, entries[ref])
    stamp = dependency_stamp(store)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    pending: list[tuple[ProgrammeRef, str, dict[str, Any], Any]] = []
    with _workers(store, jobs, (requested, engine, lang)) as run:
        for ref, document, ms, error in run(todo):
            programme = programmes[ref]
            if error is not None or document is None:
                entries[ref] = Entry(programme.id, programme.version, error=error, ms=ms)
            else:
                pending.append((programme, "validation", params, document))
                entries[ref] = _entry(programme, document, ms, served=False)
            if len(pending) >= BATCH:
                keep_computed(pending, stamp)
                pending = []
            if progress:
                progress(len(entries), total, ref, entries[ref])
    keep_computed(pending, stamp)
    return [entries[ref] for ref in refs]


def _entry(programme: ProgrammeRef, document: dict[str, Any], ms: float, *,
           served: bool) -> Entry:
    counts = {"violation": 0, "warning": 0, "info": 0}
    for finding in document["findings"]:
        counts[finding["severity"]] += 1
    return Entry(programme.id, programme.version, conforms=counts["violation"] == 0,
                 counts=counts, ms=ms, served=served)


# --- the worker processes -------------------------------------------------------------------

Outcome = tuple[str, dict[str, Any] | None, float, str | None]
_WORKER: dict[str, Any] = {}


@contextmanager
def _workers(store: GraphStore, jobs: int,
             options: tuple[list[str] | None, str, str]) -> Iterator[Callable[[list[str]],
                                                                           Iterator[Outcome]]]:
    with store.reader() as spec:
        if jobs == 1:
            _init(None, store, options)
            yield lambda refs: map(_validate_one, refs)
            return
        # fork in memory (the copy is the reader); otherwise fresh interpreters, which open
        # the reader themselves (forking RocksDB or an HTTP client is unsafe)
        context = multiprocessing.get_context("fork" if spec is None else "spawn")
        with context.Pool(jobs, initializer=_init,
                          initargs=(spec, store if spec is None else None, options)) as pool:
            yield lambda refs: pool.imap_unordered(_validate_one, refs, chunksize=2)


def _init(spec: ReaderSpec | None, store: GraphStore | None,
          options: tuple[list[str] | None, str, str]) -> None:
    _WORKER["store"] = store if spec is None else open_reader(spec)
    _WORKER["options"] = options


def _validate_one(ref: str) -> Outcome:
    started = time.perf_counter()
    requested, engine, lang = _WORKER["options"]
    try:
        programme = resolve_programme(_WORKER["store"], ref)
        with programme_scope(programme):  # as the service computes it
            document = compute_document(programme, requested, engine, lang)
    except CompetencyGraphError as exc:
        return ref, None, (time.perf_counter() - started) * 1000, str(exc)
    return ref, document, (time.perf_counter() - started) * 1000, None
