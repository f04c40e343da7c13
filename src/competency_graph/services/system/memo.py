"""What a process may reuse of what it read from a store: answers remembered per store and
``GraphStore.data_version`` (exact on the embedded store, which is the only writer of its data;
at most ``store.base.REMOTE_REUSE`` seconds behind another process's write on a remote one).

``reused(store, area, key, read)`` returns the answer remembered for ``(area, key)`` while the
store's data version stays the same, else ``read()`` (remembered then). Used on the paths every
request takes — finding a programme's version, a framework item — so that a served request
sends no query it has already sent since the store last changed. Errors are not remembered.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from competency_graph.store import GraphStore

T = TypeVar("T")

#: answers remembered per store and area (beyond it the area starts afresh)
AREA_SIZE = 4096

_lock = threading.Lock()
_memo: weakref.WeakKeyDictionary[GraphStore, tuple[Hashable, dict[str, dict[Hashable, Any]]]] \
    = weakref.WeakKeyDictionary()


def reused(store: GraphStore, area: str, key: Hashable, read: Callable[[], T]) -> T:
    """The answer to ``read()`` remembered for ``(area, key)`` (module docstring)."""
    version = store.data_version()
    with _lock:
        known = _memo.get(store)
        if known is None or known[0] != version:
            known = (version, {})
            _memo[store] = known
        answers = known[1].setdefault(area, {})
        if key in answers:
            found: T = answers[key]
            return found
    answer = read()
    with _lock:
        if len(answers) >= AREA_SIZE:
            answers.clear()
        answers[key] = answer
    return answer
