"""Messages in English, Russian and Kazakh.

Each area keeps its own catalogue in its own module and registers it with :func:`register`::

    register({"gaps.missing": {"en": "missing", "ru": "отсутствует", "kk": "жоқ"}})

:func:`translate` falls back to English, then to the key itself. ``{name}`` placeholders are
filled with ``str.format``.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "ru", "kk")
_CATALOGUE: dict[str, dict[str, str]] = {}


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add messages (key → {lang: text}); every message must have an English text."""
    for key, texts in messages.items():
        if "en" not in texts:
            raise ValueError(f"message {key!r} has no English text")
        _CATALOGUE[key] = texts


def translate(key: str, lang: str = "en", **kwargs: Any) -> str:
    """Return the message ``key`` in ``lang`` (fallback English, then the key)."""
    texts = _CATALOGUE.get(key)
    text = key if texts is None else texts.get(lang) or texts["en"]
    return text.format(**kwargs) if kwargs else text


def missing_translations() -> list[tuple[str, str]]:
    """Return (key, language) pairs without a text (used by a test)."""
    return [(k, lang) for k, texts in _CATALOGUE.items()
            for lang in LANGUAGES if not texts.get(lang)]
