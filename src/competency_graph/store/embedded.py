"""The embedded store: pyoxigraph, on disk (RocksDB) or in memory."""

from __future__ import annotations

import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from competency_graph import resources
from competency_graph.errors import QueryBusyError, QueryTimeoutError, StoreError
from competency_graph.model import Bindable, QueryOutput, RdfPayload, Row, Term, UserQuery
from competency_graph.namespaces import PREFIXES, USER_QUERY_BASE
from competency_graph.store.base import (
    RDF_FORMATS,
    RESULT_FORMATS,
    TRIPLE_FORMATS,
    GraphStore,
    bind_values,
    insert_data_text,
    parse_payload,
    solutions_to_rows,
    syntax_error,
    user_query,
)

#: Above this many quads a replacement of existing graphs is done as drop + add (two
#: transactions) instead of one SPARQL update, which is slow for big data on disk.
LARGE_REPLACEMENT = 200_000


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

    def __init__(self, path: str | Path | None = None, *, query_timeout: float = 30.0) -> None:
        super().__init__(query_timeout=query_timeout)
        self.path = str(path) if path is not None else None
        self.kind = "oxigraph-disk" if path is not None else "oxigraph-memory"
        self._write_lock = threading.Lock()
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

    @classmethod
    def read_only(cls, path: str | Path) -> OxigraphStore:
        """Open an on-disk store read-only (next to a process that writes it)."""
        self = cls.__new__(cls)
        GraphStore.__init__(self)
        self.path, self.kind = str(path), "oxigraph-disk"
        self._write_lock = threading.Lock()
        self._store = ox.Store.read_only(str(path))
        return self

    # queries ------------------------------------------------------------------------------
    def _query(self, text: str, bindings: Mapping[str, Bindable | Term]) -> Any:
        if bindings:
            text = bind_values(text, bindings)
        try:
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

    def _user_query(self, query: UserQuery) -> QueryOutput:
        results_format, graph_format = query.results_format, query.graph_format
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
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            fmt = RESULT_FORMATS[results_format]
            kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
            return QueryOutput(bytes(result.serialize(format=fmt)), fmt.media_type, kind)
        rdf = RDF_FORMATS[graph_format]
        if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            body = ox.serialize(result, format=rdf, prefixes=PREFIXES)
        else:
            body = ox.serialize(result, format=rdf)
        return QueryOutput(bytes(body), rdf.media_type, "graph")

    def run_user_query(self, text: str, *, results_format: str = "json",
                       graph_format: str = "ntriples", timeout: float | None = None,
                       default_graphs: Sequence[str] | None = None,
                       named_graphs: Sequence[str] | None = None) -> QueryOutput:
        """Run a user query in a child process that is killed at the time limit.

        In memory, the child is forked: it sees a copy-on-write snapshot of the store and sends
        the serialised answer back through a pipe. On disk, forking is unsafe (RocksDB's
        background threads may hold locks at the fork), so a fresh worker process opens the
        store read-only (:mod:`competency_graph.store._worker`, about 50 ms more). Either way a
        runaway query costs nothing once killed. Without ``os.fork`` (not POSIX) the query runs
        in a thread (see the base class).
        """
        if not hasattr(os, "fork"):
            return super().run_user_query(text, results_format=results_format,
                                          graph_format=graph_format, timeout=timeout,
                                          default_graphs=default_graphs,
                                          named_graphs=named_graphs)
        query = user_query(text, results_format, graph_format, default_graphs, named_graphs)
        if not self._slots.acquire(timeout=1.0):
            raise QueryBusyError("too many queries are running; try again shortly")
        try:
            limit = self.query_timeout if timeout is None else timeout
            if self.path is None:
                return self._forked(query, limit)
            return self._spawned(query, limit)
        finally:
            self._slots.release()

    def _spawned(self, query: UserQuery, limit: float) -> QueryOutput:
        assert self.path is not None
        self._store.flush()
        command = [sys.executable, "-m", "competency_graph.store._worker", self.path]
        with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) as process:
            try:
                stdout, stderr = process.communicate(pickle.dumps(query), timeout=limit)
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
    def replace_graphs(self, graphs: Mapping[str, RdfPayload | None]) -> int:
        with self._write_lock:
            fast = self._load_new_graphs(graphs)
            if fast is not None:
                return fast
            parsed: list[ox.Quad] = []
            for graph, payload in graphs.items():
                if payload is not None:
                    parsed.extend(parse_payload(payload, graph))
            targets = {ox.NamedNode(g) for g in graphs} | {q.graph_name for q in parsed}
            existing = [g for g in targets if self._store.contains_named_graph(g)]
            if not existing:
                self._store.extend(parsed)
            elif len(parsed) <= LARGE_REPLACEMENT:
                drops = " ;\n".join(f"DROP SILENT GRAPH {g}" for g in existing)
                insert = insert_data_text(parsed)
                self._store.update(drops + (" ;\n" + insert if insert else ""))
            else:
                # Too big for one fast transaction: each step is atomic on its own.
                self._store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in existing))
                self._store.extend(parsed)
            for graph, payload in graphs.items():
                node = ox.NamedNode(graph)
                if payload is None and self._store.contains_named_graph(node):
                    self._store.remove_graph(node)
        return len(parsed)

    def _load_new_graphs(self, graphs: Mapping[str, RdfPayload | None]) -> int | None:
        """The fast path for new graphs: one transactional ``load`` straight from the bytes
        (no Python object per triple). Taken when no target graph exists yet and every payload
        is a triple format; several payloads are joined as N-Quads when they are N-Triples
        without blank nodes (whose labels would otherwise meet). Returns None when not taken."""
        items = [(g, p) for g, p in graphs.items() if p is not None]
        if (not items or len(items) != len(graphs)
                or any(p.format not in TRIPLE_FORMATS for _, p in items)
                or any(self._store.contains_named_graph(ox.NamedNode(g)) for g in graphs)):
            return None
        if len(items) == 1:
            graph, payload = items[0]
            data, fmt, target = payload.data, RDF_FORMATS[payload.format], ox.NamedNode(graph)
        elif all(p.format == "ntriples" and b"_:" not in p.data for _, p in items):
            data = b"".join(_as_nquads(p.data, g) for g, p in items)
            fmt, target = ox.RdfFormat.N_QUADS, None
        else:
            return None
        try:
            if target is None:
                self._store.load(data, format=fmt)
            else:
                self._store.load(data, format=fmt, to_graph=target)
        except SyntaxError:
            for graph, payload in items:  # locate the error in the payload that has it
                parse_payload(payload, graph)
            raise
        counts = self._select(resources.query_text("count_graph_triples"), {})
        wanted = {g for g, _ in items}
        return sum(int(str(r["triples"])) for r in counts if str(r.get("graph")) in wanted)

    def bulk_load_file(self, path: str | Path, fmt: str, graph: str) -> None:
        """Load a big file into an empty named graph fast (not transactional; used by
        importers of large open datasets such as ESCO, followed by :meth:`optimize`)."""
        with self._write_lock:
            self._store.bulk_load(path=str(path), format=RDF_FORMATS[fmt],
                                  to_graph=ox.NamedNode(graph))

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
            return bytes(ox.serialize(triples, format=rdf, prefixes=PREFIXES))
        return bytes(ox.serialize(triples, format=rdf))

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
