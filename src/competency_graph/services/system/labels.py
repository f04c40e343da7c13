"""Small helpers the use cases share: language choice for labels, row values."""

from __future__ import annotations

from collections.abc import Iterable

from competency_graph.model import Literal, Term

LANGUAGES = ("en", "ru", "kk")


def pick_label(terms: Iterable[Term | None], lang: str = "en") -> str | None:
    """Return the label in ``lang``, else English, else an untagged one, else any."""
    by_lang: dict[str, str] = {}
    for term in terms:
        if isinstance(term, Literal):
            by_lang.setdefault((term.language or "").lower(), term.value)
    for choice in (lang, "en", ""):
        if choice in by_lang:
            return by_lang[choice]
    return next(iter(by_lang.values()), None)


def labels_by_lang(terms: Iterable[Term | None]) -> dict[str, str]:
    """Return ``{language: label}`` from language-tagged literals (untagged as ``""``)."""
    out: dict[str, str] = {}
    for term in terms:
        if isinstance(term, Literal):
            out.setdefault(term.language or "", term.value)
    return out
