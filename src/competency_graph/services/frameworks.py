"""Use cases on frameworks: list them with item counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from competency_graph.model import value
from competency_graph.services.common import pick_label
from competency_graph.store import GraphStore


@dataclass(frozen=True)
class FrameworkSummary:
    """One framework or level scale as listed by ``frameworks``."""

    id: str
    iri: str
    kind: str
    title: str | None
    version: str | None
    status: str | None
    items: int

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return asdict(self)


def list_frameworks(store: GraphStore, lang: str = "en") -> list[FrameworkSummary]:
    """Return every framework and level scale, bundled and imported, sorted by id."""
    grouped: dict[str, list[dict[str, object]]] = {}
    rows = store.select("list_frameworks")
    for row in rows:
        grouped.setdefault(str(row["scheme"]), []).append(row)  # type: ignore[arg-type]
    out = []
    for iri, group in grouped.items():
        first = group[0]
        status = first.get("status")
        out.append(FrameworkSummary(
            id=str(first["id"]),
            iri=iri,
            kind=str(first["kind"]),
            title=pick_label([r.get("title") for r in group], lang),  # type: ignore[misc]
            version=str(first["version"]) if first.get("version") else None,
            status=str(status).rsplit("#", 1)[-1] if status else None,
            items=int(value(first["items"]) or 0),  # type: ignore[arg-type]
        ))
    return sorted(out, key=lambda f: f.id)
