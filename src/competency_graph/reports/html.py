"""The Jinja2 environment and the ``render`` function."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from competency_graph import __version__
from competency_graph.analysis.rules import rule_model
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


def rules_footer(rules: Iterable[Mapping[str, Any]], lang: str = "en") -> str:
    """The footer line citing the rules of the rule model a report applied (docs/rules.md):
    each rule's label in ``lang`` with its id and version, e.g. ``rules: Is an item covered,
    and at what level (coverage v2)``."""
    model = rule_model().rules
    return f"{translate('report.rules', lang)}: " + "; ".join(
        translate("report.rule_cited", lang, id=r["id"], version=r["version"],
                  label=(model[r["id"]].label.get(lang) or model[r["id"]].label.get("en", r["id"]))
                  if r["id"] in model else r["id"])
        for r in rules)


def basis_text(code: str, lang: str = "en") -> str:
    """Why a staff requirement applies, in ``lang``: ``language:en`` (a language of
    instruction) or an international component kind (``mobility-window`` …)."""
    kind, _, value = code.partition(":")
    if kind == "language" and value:
        return translate("staff.basis.language", lang, code=value)
    text = translate(f"staff.basis.{code}", lang)
    return code if text == f"staff.basis.{code}" else text


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
    """Render ``templates/<template>`` with ``t(key)`` and ``tn(key, n)`` (plural forms) bound
    to the page language; the footer cites the rules of the report in the context
    (``rules_footer``)."""
    env = environment()

    def t(key: str, **kwargs: Any) -> str:
        return translate(key, lang, **kwargs)

    def tn(key: str, n: int, **kwargs: Any) -> str:
        return ntranslate(key, n, lang, **kwargs)

    cited: list[Mapping[str, Any]] = []
    for item in context.values():
        for rule in rules_of(item):
            if rule not in cited:
                cited.append(rule)
    footer = rules_footer(cited, lang) if cited else ""
    return env.get_template(template).render(lang=lang, t=t, tn=tn, rules_footer_text=footer,
                                             basis=lambda code: basis_text(code, lang),
                                             **context)
