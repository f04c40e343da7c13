"""The stored versions of a programme: listing them and finding one (shared by the import and
the read side).

:func:`find_version` (the read side: every request that names a programme) reuses the version
list it read while the store has not changed (``services.system.reused``).
The import allocates version numbers from :func:`programme_versions`, which always asks.
"""

from __future__ import annotations

from competency_graph.errors import NotFoundError
from competency_graph.model import Literal, value
from competency_graph.services.system import reused
from competency_graph.store import GraphStore


def programme_versions(store: GraphStore, programme_id: str) -> list[tuple[str, str, bool]]:
    """Return the stored versions of a programme: (version, programme IRI, is current)."""
    rows = store.select("list_programme_versions", id=Literal(programme_id))
    out = [(str(r["version"]), str(r["programme"]), bool(value(r.get("current"))))
           for r in rows]
    return sorted(out, key=lambda v: version_key(v[0]))


def version_key(version: str) -> tuple[int, int | str]:
    """Sort key of version labels: numbers in numeric order, then other labels."""
    return (0, int(version)) if version.isdigit() else (1, version)


def find_version(store: GraphStore, programme_id: str,
                 version: str | None = None) -> tuple[str, str]:
    """Return (version, programme IRI) of ``version``, or of the current version.

    :raises NotFoundError: no such programme or version.
    """
    versions = _versions(store, programme_id)
    if not versions:
        raise NotFoundError(f"no programme {programme_id} in the store")
    if version is not None:
        for v, iri, _ in versions:
            if v == version:
                return v, iri
        raise NotFoundError(f"programme {programme_id} has no version {version} (versions: "
                            + ", ".join(v for v, _, _ in versions) + ")")
    current = [(v, iri) for v, iri, c in versions if c]
    return current[-1] if current else (versions[-1][0], versions[-1][1])


def _versions(store: GraphStore, programme_id: str) -> list[tuple[str, str, bool]]:
    return reused(store, "programme-versions", programme_id,
                  lambda: programme_versions(store, programme_id))
