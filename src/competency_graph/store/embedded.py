"""The embedded store: pyoxigraph, on disk (RocksDB) or in memory.

Writes: every :meth:`OxigraphStore.replace_graphs` is one RocksDB transaction (one SPARQL
Update, or one transactional ``extend``/``load`` when no target graph exists yet), whatever the
size; the ledger entry goes first. Measured here, 300,000 triples replacing a graph of the same
size take 24 s as one update against 17 s as the drop + insert pair this module used to run
above 200,000 triples, which lost the old graph when killed between the two.

User queries on disk run in a worker process against a *query snapshot*: a RocksDB checkpoint
(:meth:`pyoxigraph.Store.backup`, hard links to the immutable table files, taken under the write
lock) in the sibling folder ``<store>.query-snapshots``. The worker never opens the live store,
so the compaction the writer runs in the background can no longer delete a table file a
read-only reader was opening ("Corruption … .sst"; pyoxigraph documents a read-only instance
next to a writing one as undefined behaviour). One snapshot serves every query until the next
write; an old one is removed when its last query ends.
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Hashable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from competency_graph import resources
from competency_graph.errors import QueryTimeoutError, StoreError
from competency_graph.model import Bindable, QueryOutput, RdfPayload, Row, Term, UserQuery
from competency_graph.namespaces import PREFIXES, USER_QUERY_BASE
from competency_graph.store.base import (
    RDF_FORMATS,
    TRIPLE_FORMATS,
    GraphStore,
    QueryLimits,
    ReaderSpec,
    as_bytes,
    bind_values,
    check_ownership,
    insert_data_text,
    ledger_text,
    parse_payload,
    serialize_answer,
    solutions_to_rows,
    syntax_error,
)


def _as_nquads(ntriples: bytes, graph: str) -> bytes:
    """Turn N-Triples into N-Quads in ``graph`` (line by line; comments and blanks dropped)."""
    suffix = f" <{graph}> .\n".encode()
    out = []
    for line in ntriples.splitlines():
        line = line.strip()
        if line and not line.startswith(b"#") and line.endswith(b"."):
            out.append(line[:-1].rstrip() + suffix)
        elif line and not line.startswith(b"#"):
            out.append(line + b"\n")  # let the parser report it
    return b"".join(out)


class OxigraphStore(GraphStore):
    """pyoxigraph used directly. ``path=None`` gives an in-memory store (tests, notebooks)."""

    def __init__(self, path: str | Path | None = None, *, query_timeout: float = 30.0,
                 limits: QueryLimits | None = None) -> None:
        super().__init__(query_timeout=query_timeout, limits=limits)
        self.path = str(path) if path is not None else None
        self.kind = "oxigraph-disk" if path is not None else "oxigraph-memory"
        self._write_lock = threading.Lock()
        self._generation = 0
        self._snapshot: _Snapshot | None = None
        self._snapshot_seq = 0
        try:
            if path is None:
                self._store = ox.Store()
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            hint = ""
            if "lock" in str(exc).lower():
                hint = (" — another process (a running `competency-graph serve`?) has it open; "
                        "stop it or point this command at the service's SPARQL endpoint")
            raise StoreError(f"cannot open the store at {path}: {exc}{hint}") from exc
        if self.path is not None:  # this process owns the store: earlier snapshots are stale
            shutil.rmtree(self._snapshot_root, ignore_errors=True)

    @property
    def _snapshot_root(self) -> Path:
        assert self.path is not None
        store = Path(self.path)
        return store.parent / (store.name + ".query-snapshots")

    @classmethod
    def read_only(cls, path: str | Path) -> OxigraphStore:
        """Open an on-disk store read-only (next to a process that writes it)."""
        self = cls.__new__(cls)
        GraphStore.__init__(self)
        self.path, self.kind = str(path), "oxigraph-disk"
        self._write_lock = threading.Lock()
        self._generation, self._snapshot, self._snapshot_seq = 0, None, 0
        self._store = ox.Store.read_only(str(path))
        return self

    # queries ------------------------------------------------------------------------------
    def _query(self, text: str, bindings: Mapping[str, Bindable | Term]) -> Any:
        if bindings:
            text = bind_values(text, bindings)
        try:
            # ``GraphStore.scope`` is a hint this store does not need: its union default graph
            # answers the analyses' queries, bound to a programme version's own IRIs, by index
            # lookups whose cost does not grow with the other programmes (bench table), while
            # an explicit default graph of some 60 graphs made the validation 6x slower here
            return self._store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise syntax_error(exc) from None

    def _select(self, text: str, bindings: Mapping[str, Bindable | Term]) -> list[Row]:
        return solutions_to_rows(self._query(text, bindings))

    def _ask(self, text: str, bindings: Mapping[str, Bindable | Term]) -> bool:
        return bool(self._query(text, bindings))

    def _construct(self, text: str, bindings: Mapping[str, Bindable | Term]) -> bytes:
        triples = self._query(text, bindings)
        return bytes(triples.serialize(format=ox.RdfFormat.N_TRIPLES))

    def _update(self, text: str, bindings: Mapping[str, Bindable | Term]) -> None:
        if bindings:
            raise ValueError("pyoxigraph updates take no substitutions; pass IRIs in VALUES")
        with self._write_lock:
            try:
                self._store.update(text, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise syntax_error(exc) from None
            finally:
                self._generation += 1

    def _user_query(self, query: UserQuery) -> QueryOutput:
        kwargs: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": USER_QUERY_BASE}
        if query.default_graphs is None and query.named_graphs is None:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in query.default_graphs or ()]
            if query.named_graphs is not None:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in query.named_graphs]
        try:
            result = self._store.query(query.text, **kwargs)
        except SyntaxError as exc:
            raise syntax_error(exc) from None
        return serialize_answer(result, query, self.limits)

    def _run_bounded(self, query: UserQuery, limit: float) -> QueryOutput:
        """Run a user query in a child process that is killed at the time limit.

        In memory, the child is forked: it sees a copy-on-write snapshot of the store and sends
        the serialised answer back through a pipe. On disk, forking is unsafe (RocksDB's
        background threads may hold locks at the fork), so a fresh worker process opens the
        current query snapshot read-only (:mod:`competency_graph.store._worker`, about 50 ms
        more). Either way a runaway query costs nothing once killed. Without ``os.fork`` (not
        POSIX) the query runs in a thread (see the base class).
        """
        if not hasattr(os, "fork"):
            return super()._run_bounded(query, limit)
        if self.path is None:
            return self._forked(query, limit)
        snapshot = self._acquire_snapshot()
        try:
            return self._spawned(query, limit, snapshot.path)
        finally:
            self._release_snapshot(snapshot)

    def data_version(self) -> Hashable:
        """The count of this store's writes: no other process writes its data."""
        return self._generation

    @contextmanager
    def reader(self) -> Iterator[ReaderSpec | None]:
        """On disk: the query snapshot of the current generation (held for the block), which
        workers open read-only; in memory: None (fork)."""
        if self.path is None:
            yield None
            return
        snapshot = self._acquire_snapshot()
        try:
            yield ReaderSpec("snapshot", snapshot.path)
        finally:
            self._release_snapshot(snapshot)

    def _acquire_snapshot(self) -> _Snapshot:
        """The query snapshot of the current generation (taken now if there is none)."""
        with self._write_lock:
            current = self._snapshot
            if current is None or current.generation != self._generation:
                self._snapshot_seq += 1
                target = self._snapshot_root / f"{os.getpid()}-{self._snapshot_seq}"
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    self._store.backup(str(target))
                except OSError as exc:
                    raise StoreError(f"cannot take a query snapshot in {target}: {exc}") from exc
                fresh = _Snapshot(str(target), self._generation)
                self._snapshot = fresh
                if current is not None and current.users == 0:
                    shutil.rmtree(current.path, ignore_errors=True)
                current = fresh
            current.users += 1
            return current

    def _release_snapshot(self, snapshot: _Snapshot) -> None:
        with self._write_lock:
            snapshot.users -= 1
            if snapshot is not self._snapshot and snapshot.users == 0:
                shutil.rmtree(snapshot.path, ignore_errors=True)

    def _spawned(self, query: UserQuery, limit: float, path: str) -> QueryOutput:
        command = [sys.executable, "-m", "competency_graph.store._worker", path]
        with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) as process:
            try:
                stdout, stderr = process.communicate(pickle.dumps((query, self.limits)),
                                                     timeout=limit)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                raise QueryTimeoutError(
                    f"the query ran longer than the {limit:g} s time limit") from None
        if not stdout:
            raise StoreError("the query worker ended without an answer: "
                             + stderr.decode("utf-8", "replace")[-500:])
        return self._unpickle(stdout)

    @staticmethod
    def _unpickle(data: bytes) -> QueryOutput:
        status, result = pickle.loads(data)  # our own child's output, never user bytes
        if status == "error":
            raise result
        output: QueryOutput = result
        return output

    def _forked(self, query: UserQuery, limit: float) -> QueryOutput:
        read_fd, write_fd = os.pipe()
        with self._write_lock:  # no write is half-done in the snapshot
            pid = os.fork()
        if pid == 0:  # the child: answer, write, leave without running any cleanup
            code = 0
            try:
                os.close(read_fd)
                try:
                    payload = pickle.dumps(("ok", self._user_query(query)))
                except BaseException as exc:
                    payload = pickle.dumps(("error", exc))
                view = memoryview(payload)
                while view:
                    written = os.write(write_fd, view)
                    view = view[written:]
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        chunks: list[bytes] = []
        deadline = time.monotonic() + limit
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    os.kill(pid, signal.SIGKILL)
                    raise QueryTimeoutError(f"the query ran longer than the {limit:g} s time limit")
                ready, _, _ = select.select([read_fd], [], [], remaining)
                if ready:
                    chunk = os.read(read_fd, 1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
        finally:
            os.close(read_fd)
            os.waitpid(pid, 0)
        if not chunks:
            raise StoreError("the query worker ended without an answer")
        return self._unpickle(b"".join(chunks))

    # writes -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[str, RdfPayload | None], *,
                       owner: str | None = None, system: bool = False) -> int:
        with self._write_lock:
            try:
                return self._replace(graphs, owner=owner, system=system)
            finally:
                self._generation += 1

    def _replace(self, graphs: Mapping[str, RdfPayload | None], *, owner: str | None,
                 system: bool) -> int:
        bundled = self._bundled_graphs()
        written = [g for g, p in graphs.items() if p is not None]
        if self._fast_path(graphs):
            # triple formats put every triple in the named graph: nothing stray to look for
            check_ownership(graphs, [], bundled, owner=owner, system=system)
            count = self._load_new_graphs(graphs)
            # after the load, so that a payload the loader refuses leaves no trace; a kill in
            # between leaves a graph without a ledger entry, which its drop writes (below)
            self._write_ledger(written)
            return count
        parsed: list[ox.Quad] = []
        for graph, payload in graphs.items():
            if payload is not None:
                parsed.extend(parse_payload(payload, graph))
        check_ownership(graphs, parsed, bundled, owner=owner, system=system)
        targets = {ox.NamedNode(g) for g in graphs} | {q.graph_name for q in parsed}
        existing = [g for g in targets if self._store.contains_named_graph(g)]
        # every graph written or dropped here, in the same transaction where one is run
        ledger = ledger_text([*written, *(str(q.graph_name)[1:-1] for q in parsed),
                              *(str(g)[1:-1] for g in existing)],
                             existing=[str(g)[1:-1] for g in existing])
        if not existing:
            if ledger:
                self._store.update(ledger)
            self._trace("write-begin")
            self._store.extend(parsed)
            self._trace("write-end")
            return len(parsed)
        # One SPARQL Update: one transaction, whatever the size (see the module docstring).
        steps = [ledger] if ledger else []
        steps += [f"DROP SILENT GRAPH {g}" for g in sorted(existing, key=str)]
        insert = insert_data_text(parsed)
        if insert:
            steps.append(insert)
        text = " ;\n".join(steps)
        del insert
        self._trace("write-begin")
        self._store.update(text)
        self._trace("write-end")
        return len(parsed)

    def _write_ledger(self, graphs: list[str]) -> None:
        text = ledger_text(graphs)
        if text:
            self._store.update(text)

    def _fast_path(self, graphs: Mapping[str, RdfPayload | None]) -> bool:
        """Whether :meth:`_load_new_graphs` can write these graphs: no target graph exists yet,
        every payload is a triple format, and several payloads are N-Triples without blank
        nodes (whose labels would otherwise meet)."""
        items = [(g, p) for g, p in graphs.items() if p is not None]
        if (not items or len(items) != len(graphs)
                or any(p.format not in TRIPLE_FORMATS for _, p in items)
                or any(self._store.contains_named_graph(ox.NamedNode(g)) for g in graphs)):
            return False
        return len(items) == 1 or all(p.format == "ntriples" and b"_:" not in p.data
                                      for _, p in items)

    def _load_new_graphs(self, graphs: Mapping[str, RdfPayload | None]) -> int:
        """The fast path for new graphs (:meth:`_fast_path`): one transactional ``load``
        straight from the bytes (no Python object per triple); several N-Triples payloads are
        joined as N-Quads."""
        items = [(g, p) for g, p in graphs.items() if p is not None]
        if len(items) == 1:
            graph, payload = items[0]
            data, fmt, target = payload.data, RDF_FORMATS[payload.format], ox.NamedNode(graph)
        else:
            data = b"".join(_as_nquads(p.data, g) for g, p in items)
            fmt, target = ox.RdfFormat.N_QUADS, None
        self._trace("write-begin")
        try:
            if target is None:
                self._store.load(data, format=fmt)
            else:
                self._store.load(data, format=fmt, to_graph=target)
        except SyntaxError:
            for graph, payload in items:  # locate the error in the payload that has it
                parse_payload(payload, graph)
            raise
        self._trace("write-end")
        counts = self._select(resources.query_text("count_graph_triples"), {})
        wanted = {g for g, _ in items}
        return sum(int(str(r["triples"])) for r in counts if str(r.get("graph")) in wanted)

    def bulk_load_file(self, path: str | Path, fmt: str, graph: str) -> None:
        """Load a big file into an empty named graph fast (not transactional; used by
        importers of large open datasets such as ESCO, followed by :meth:`optimize`)."""
        with self._write_lock:
            self._generation += 1
            self._store.bulk_load(path=str(path), format=RDF_FORMATS[fmt],
                                  to_graph=ox.NamedNode(graph))
            self._write_ledger([graph])

    def optimize(self) -> None:
        """Compact the on-disk store (call after bulk loads)."""
        if self.path is not None:
            self._store.optimize()

    # reads --------------------------------------------------------------------------------
    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self) -> int:
        return len(self._store)

    def export_graph(self, graph: str, fmt: str = "turtle") -> bytes:
        rdf = RDF_FORMATS[fmt]
        quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        triples = (q.triple for q in quads)
        if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            return as_bytes(ox.serialize(triples, format=rdf, prefixes=PREFIXES))
        return as_bytes(ox.serialize(triples, format=rdf))

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
            with self._write_lock:
                if self._snapshot is not None and self._snapshot.users == 0:
                    shutil.rmtree(self._snapshot.path, ignore_errors=True)
                    self._snapshot = None


class _Snapshot:
    """A query snapshot folder, the store generation it shows and how many queries use it."""

    def __init__(self, path: str, generation: int) -> None:
        self.path = path
        self.generation = generation
        self.users = 0
