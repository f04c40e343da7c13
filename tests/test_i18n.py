"""Every message has English, Russian and Kazakh text."""

from __future__ import annotations

import importlib
import pkgutil

import competency_graph
from competency_graph import i18n


def test_every_registered_message_has_three_languages() -> None:
    """Import every module (each registers its catalogue), then no message lacks a language."""
    for module in pkgutil.walk_packages(competency_graph.__path__, "competency_graph."):
        if not module.name.endswith("__main__") and ".store._worker" not in module.name:
            importlib.import_module(module.name)
    assert len(i18n._CATALOGUE) > 100
    assert i18n.missing_translations() == []
