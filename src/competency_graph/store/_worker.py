"""The process that answers one user query against an on-disk store, read-only.

Run as ``python -m competency_graph.store._worker PATH`` with the pickled
``(UserQuery, QueryLimits)`` on standard input (written by the parent process); writes a pickled
``("ok", QueryOutput)`` or ``("error", exception)`` to standard output. The parent kills it at
the time limit. ``PATH`` is a query snapshot (a RocksDB checkpoint the parent took under its
write lock), never the live store: nothing writes or compacts it while the worker reads.
"""

from __future__ import annotations

import pickle
import sys


def main() -> None:
    """Answer the query on stdin."""
    path = sys.argv[1]
    query, limits = pickle.loads(sys.stdin.buffer.read())  # from our own parent process
    try:
        from competency_graph.store.embedded import OxigraphStore

        store = OxigraphStore.read_only(path)
        store.limits = limits
        payload = pickle.dumps(("ok", store._user_query(query)))
    except BaseException as exc:
        payload = pickle.dumps(("error", exc))
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
