"""The process that answers one user query against an on-disk store, read-only.

Run as ``python -m competency_graph.store._worker PATH`` with the pickled
:class:`~competency_graph.model.UserQuery` on standard input (written by the parent process);
writes a pickled ``("ok", QueryOutput)`` or ``("error", exception)`` to standard output. The
parent kills it at the time limit. RocksDB allows a read-only instance next to the read-write
one the service holds; it sees every committed write.
"""

from __future__ import annotations

import pickle
import sys


def main() -> None:
    """Answer the query on stdin."""
    path = sys.argv[1]
    query = pickle.loads(sys.stdin.buffer.read())  # from our own parent process
    try:
        from competency_graph.store.embedded import OxigraphStore

        store = OxigraphStore.read_only(path)
        payload = pickle.dumps(("ok", store._user_query(query)))
    except BaseException as exc:
        payload = pickle.dumps(("error", exc))
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
