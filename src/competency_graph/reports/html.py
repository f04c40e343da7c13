"""The Jinja2 environment and the ``render`` function."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from competency_graph import __version__
from competency_graph.i18n import translate

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> Environment:
    """Return the shared template environment (autoescaping on)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    return env


def rules_footer(rules: Iterable[Mapping[str, Any]]) -> str:
    """The footer line citing the rules of the rule model a report applied (docs/rules.md):
    ``rules: coverage v2, progression v2``."""
    return "rules: " + ", ".join(f"{r['id']} v{r['version']}" for r in rules)


def rules_of(data: Any) -> list[Mapping[str, Any]]:
    """The rules a report cites: its ``rules`` or ``metadata.rules`` (empty when none)."""
    if isinstance(data, Mapping):
        found = data.get("rules")
        if found is None and isinstance(data.get("metadata"), Mapping):
            found = data["metadata"].get("rules")
        if isinstance(found, list):
            return found
    rules = getattr(data, "rules", None)
    return list(rules) if isinstance(rules, list) else []


def render(template: str, *, lang: str = "en", **context: Any) -> str:
    """Render ``templates/<template>`` with ``t(key)`` bound to the page language; the footer
    cites the rules of the report in the context (``rules_footer``)."""
    env = environment()

    def t(key: str, **kwargs: Any) -> str:
        return translate(key, lang, **kwargs)

    cited: list[Mapping[str, Any]] = []
    for item in context.values():
        for rule in rules_of(item):
            if rule not in cited:
                cited.append(rule)
    footer = rules_footer(cited) if cited else ""
    return env.get_template(template).render(lang=lang, t=t, rules_footer_text=footer,
                                             **context)
