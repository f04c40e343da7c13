"""Level scales of framework items (CEFR, DigCompEdu progression, staff-intl levels …): every
level with its notation and rank, and which items carry which scale. Staff rosters and the
workbook's staff sheet name levels on these scales."""

from __future__ import annotations

from dataclasses import dataclass, field

from competency_graph.model import value
from competency_graph.store import GraphStore


@dataclass(frozen=True)
class Level:
    """One level of a level scale (CEFR, DigCompEdu progression …) with its rank."""

    iri: str
    scale: str  # scale id
    notation: str
    rank: int


@dataclass
class Levels:
    """Every level of every level scale, by IRI and by scale id and notation."""

    by_iri: dict[str, Level] = field(default_factory=dict)
    by_scale: dict[str, dict[str, Level]] = field(default_factory=dict)

    def get(self, scale: str, notation: str) -> Level | None:
        levels = self.by_scale.get(scale, {})
        return levels.get(notation) or {k.casefold(): v for k, v in levels.items()}.get(
            notation.casefold())


def load_levels(store: GraphStore) -> Levels:
    """Read every level of every level scale in the store."""
    out = Levels()
    for row in store.select("list_staff_levels"):
        level = Level(str(row["level"]), str(row["scaleId"]), str(row["notation"]),
                       int(value(row["rank"])))  # type: ignore[arg-type]
        out.by_iri[level.iri] = level
        out.by_scale.setdefault(level.scale, {})[level.notation] = level
    return out


def scaled_items(store: GraphStore) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Return (``"framework-id:code"`` → level-scale id, level-scale id → {notation: level IRI})
    for every item in the store that has a level scale (imported frameworks too): the
    ``known_items`` / ``known_levels`` arguments of
    :func:`competency_graph.io.staff.staff_to_ntriples`, which converts staff rosters and the
    workbook's staff sheet."""
    items = {f"{r['framework']}:{r['code']}": str(r["scale"])
             for r in store.select("list_staff_item_scales")}
    levels: dict[str, dict[str, str]] = {}
    for scale, by_notation in load_levels(store).by_scale.items():
        levels[scale] = {n: lv.iri for n, lv in by_notation.items()}
    return items, levels
