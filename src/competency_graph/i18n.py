"""Messages in English, Russian and Kazakh, held as gettext catalogues.

The catalogues are ``locale/<lang>/LC_MESSAGES/messages.po`` inside the package, one per
language, edited with any PO editor and kept in step with the code by Babel (``make messages``
extracts ``locale/messages.pot`` from the Python code and the Jinja2 templates and updates the
three catalogues; ``babel.cfg`` names the keywords). Decisions, written once here:

* **Message ids are stable keys** (``validation.title``, ``gaps.reason.weak-only``), not the
  English text: a key survives a rewording of the English, and the English catalogue holds the
  English text like any other language. A key is always a string literal at its call site,
  except where a key is composed from a closed set of values (``"validation." + severity``);
  those families are listed in the catalogue and checked by the tests.
* **Plural forms follow each language's grammar**, from the catalogue's ``Plural-Forms``
  header: English two forms, Russian three ("1 нарушение, 3 нарушения, 5 нарушений"), Kazakh
  one, because a Kazakh noun after a numeral stays singular ("5 бұзушылық"). A plural message
  has the key as ``msgid`` and ``<key>.plural`` as ``msgid_plural``; call :func:`ntranslate`.
* ``{name}`` placeholders are filled with ``str.format``; the count is available as ``{n}``.
* The catalogues are compiled in memory on first use (Babel's MO writer, read back by the
  standard library's :mod:`gettext`), so the package ships only the ``.po`` sources and a test
  proves that they compile.
* SHACL messages are not here: they stay in the shapes as language-tagged ``sh:message``,
  ``sh:name`` and ``sh:description`` (``ontology/shapes/``).

:func:`translate` falls back to English, then to the key itself.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("en", "ru", "kk")
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: the suffix of a plural message's ``msgid_plural``
PLURAL_SUFFIX = ".plural"


def catalogue_path(lang: str) -> Path:
    """Return the PO file of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: str) -> Catalog:
    """Return the parsed PO catalogue of ``lang`` (Babel's :class:`Catalog`)."""
    with catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        return _translations("en")
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(lang))
    buffer.seek(0)
    compiled = gettext.GNUTranslations(buffer)
    if lang != "en":
        compiled.add_fallback(_translations("en"))
    return compiled


def translate(key: str, lang: str = "en", **kwargs: Any) -> str:
    """Return the message ``key`` in ``lang`` (fallback English, then the key)."""
    text = _translations(lang).gettext(key)
    return text.format(**kwargs) if kwargs else text


def ntranslate(key: str, n: int, lang: str = "en", **kwargs: Any) -> str:
    """Return the plural message ``key`` in the form ``lang`` uses for the number ``n``; the
    text may use ``{n}`` and the other ``kwargs``."""
    text = _translations(lang).ngettext(key, key + PLURAL_SUFFIX, n)
    return text.format(n=n, **kwargs)


def missing_translations() -> list[tuple[str, str]]:
    """Return (key, language) pairs that the English catalogue has and another lacks, or that
    have an empty form (used by a test)."""
    missing: list[tuple[str, str]] = []
    keys = [m.id for m in catalogue("en") if m.id]
    for lang in LANGUAGES:
        cat = catalogue(lang)
        for key in keys:
            message = cat.get(key)
            forms = ([] if message is None else
                     list(message.string) if isinstance(message.string, tuple | list)
                     else [message.string])
            if not forms or not all(forms):
                missing.append((key if isinstance(key, str) else key[0], lang))
    return missing
