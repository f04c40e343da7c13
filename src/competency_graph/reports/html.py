"""The Jinja2 environment and the ``render`` function."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from competency_graph import __version__
from competency_graph.i18n import ntranslate, translate

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> Environment:
    """Return the shared template environment (autoescaping on)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    return env


def render(template: str, *, lang: str = "en", **context: Any) -> str:
    """Render ``templates/<template>`` with ``t(key)`` and ``tn(key, n)`` (plural forms) bound
    to the page language."""
    env = environment()

    def t(key: str, **kwargs: Any) -> str:
        return translate(key, lang, **kwargs)

    def tn(key: str, n: int, **kwargs: Any) -> str:
        return ntranslate(key, n, lang, **kwargs)

    return env.get_template(template).render(lang=lang, t=t, tn=tn, **context)
