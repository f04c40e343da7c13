"""Bundled demo data for ``serve``: each area registers a loader that puts its fictional,
clearly labelled sample (the demo programme, sample institutions and indicators …) into a store
that lacks it. Loaders must be idempotent: they check first and load only what is missing."""

from __future__ import annotations

from collections.abc import Callable

from competency_graph.store import GraphStore

DemoLoader = Callable[[GraphStore], None]
DEMO_LOADERS: list[DemoLoader] = []


def register_demo(loader: DemoLoader) -> DemoLoader:
    """Register a demo loader (usable as a decorator)."""
    DEMO_LOADERS.append(loader)
    return loader


def ensure_demo(store: GraphStore) -> list[str]:
    """Run every registered demo loader; return their names."""
    for loader in DEMO_LOADERS:
        loader(store)
    return [loader.__name__ for loader in DEMO_LOADERS]
