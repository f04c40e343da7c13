"""The process that answers one user query against an on-disk store, read-only.

Run as ``python -m competency_graph.store._worker PATH RESULTS_FORMAT GRAPH_FORMAT`` with the
query on standard input; writes a pickled ``("ok", QueryOutput)`` or ``("error", exception)`` to
standard output. The parent kills it at the time limit. RocksDB allows a read-only instance next
to the read-write one the service holds; it sees every committed write.
"""

from __future__ import annotations

import pickle
import sys


def main() -> None:
    """Answer the query on stdin."""
    path, results_format, graph_format = sys.argv[1:4]
    text = sys.stdin.buffer.read().decode("utf-8")
    try:
        from competency_graph.store.embedded import OxigraphStore

        store = OxigraphStore.read_only(path)
        payload = pickle.dumps(("ok", store._user_query(text, results_format, graph_format)))
    except BaseException as exc:
        payload = pickle.dumps(("error", exc))
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
