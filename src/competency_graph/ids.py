"""Identifier and literal hygiene: the one id rule, the one language-tag check, the one text check,
and the one natural sort key. A leaf module (imports only ``errors`` and ``config``), so every
layer — io parsers, services, the CLI and the HTTP API — calls the same rule.

**Ids** (programme, course, outcome, programme outcome, institution, staff, framework, indicator
…) match :data:`ID_PATTERN`::

    ^[A-Za-z0-9][A-Za-z0-9._-]*$      at most Limits.max_id_chars (128) characters

ASCII letters and digits, then letters, digits, ``.``, ``_`` and ``-``: every id becomes one
segment of an IRI (``…/programme/6B07101/1/course/CS101``), so spaces, ``/``, ``#``, ``?``, ``%``
and the characters IRIs forbid (``<>"{}|^`\\``) are refused, and so is an id starting with ``.``
(``..`` would read as a path step). The ids found in the demo and the bundled frameworks all
match (``6B07101``, ``CS101``, ``PO3``, ``LO1``, ``T01``, ``wa-2021``, ``kz-goso-bachelor``,
``demo-steppe-tech``). docs/data-model.md states the same rule for users.

**Language tags** are checked against BCP 47 (RFC 5646) with ``langcodes`` (well-formed and
registered subtags); one message, :data:`LANG_MESSAGE`.

**Text** (a cell, a JSON string, a literal) must not hold NUL or other control characters
(tab, line feed and carriage return excepted) and is capped at ``Limits.max_literal_chars``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from competency_graph.config import Limits, limits
from competency_graph.errors import InputError, Location, Problem

__all__ = [
    "CONTROL_CHARS",
    "ID_PATTERN",
    "LANG_COLUMN",
    "LANG_MESSAGE",
    "check_id",
    "check_iri",
    "check_lang",
    "check_text",
    "is_valid_id",
    "is_valid_lang",
    "natural_key",
    "validate_id",
]

#: The one id rule (length capped separately by ``Limits.max_id_chars``).
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Control characters refused in text: C0 except TAB, LF, CR; DEL.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Characters an IRI may not hold (RFC 3987 excludes them; N-Triples cannot write them).
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
#: A column header ``base@tag`` (``title@ru``, ``name@kk``): group 1 the base, group 2 the tag,
#: which the caller checks with :func:`check_lang`.
LANG_COLUMN = re.compile(r"^([a-z_]+)@([A-Za-z0-9-]{1,64})$")
#: The one message for a bad language tag ({tag} is filled in).
LANG_MESSAGE = "{tag!r} is not a valid BCP 47 language tag (e.g. en, ru, kk, en-GB, kk-Cyrl)"


def _show(value: str, cap: int = 40) -> str:
    """A value for a message: quoted, and shortened when long (a 100,000-char id stays short)."""
    return repr(value if len(value) <= cap else value[:cap] + "…") + (
        f" ({len(value)} characters)" if len(value) > cap else "")


def check_id(value: str, kind: str = "id", location: Location | None = None, *,
             caps: Limits | None = None) -> Problem | None:
    """Return the problem with ``value`` as an id of ``kind`` (``programme id`` …), or None."""
    cap = (caps or limits()).max_id_chars
    where = location or Location()
    if not value:
        return Problem(f"the {kind} is empty", where)
    if len(value) > cap:
        return Problem(f"the {kind} {_show(value)} is longer than {cap} characters", where)
    if not ID_PATTERN.match(value):
        return Problem(f"the {kind} {_show(value)} is not a valid id: use ASCII letters, digits, "
                       "'.', '_' and '-', starting with a letter or digit (no spaces, '/' or "
                       "<>\"{}|^`\\)", where)
    return None


def is_valid_id(value: str) -> bool:
    """Whether ``value`` is a valid id under the current limits."""
    return check_id(value) is None


def validate_id(value: str, kind: str = "id", location: Location | None = None) -> str:
    """Return ``value`` when it is a valid id; raise a located :class:`InputError` otherwise."""
    problem = check_id(value, kind, location)
    if problem is not None:
        raise InputError(problem)
    return value


@lru_cache(maxsize=4096)
def is_valid_lang(tag: str) -> bool:
    """Whether ``tag`` is a well-formed, registered BCP 47 language tag."""
    if not tag or len(tag) > 64 or not tag.isascii():
        return False
    import langcodes

    try:
        return bool(langcodes.tag_is_valid(tag))
    except Exception:  # langcodes raises on some malformed input instead of answering False
        return False


def check_lang(tag: str, location: Location | None = None) -> Problem | None:
    """Return the one located problem for an invalid language tag, or None."""
    if is_valid_lang(tag):
        return None
    return Problem(LANG_MESSAGE.format(tag=tag if len(tag) <= 40 else tag[:40] + "…"),
                   location or Location())


def check_text(value: str, location: Location | None = None, *, what: str = "the text",
               cap: int | None = None) -> Problem | None:
    """Return the problem with a text value (control characters, length), or None."""
    limit = cap if cap is not None else limits().max_literal_chars
    if len(value) > limit:
        return Problem(f"{what} is {len(value)} characters long (at most {limit})",
                       location or Location())
    bad = CONTROL_CHARS.search(value)
    if bad:
        return Problem(f"{what} holds the control character U+{ord(bad.group()):04X} at "
                       f"character {bad.start() + 1}; remove it", location or Location())
    return None


def check_iri(value: str, location: Location | None = None, *,
              what: str = "the IRI") -> Problem | None:
    """Return the problem with an absolute IRI (scheme, forbidden characters, length), or None."""
    cap = limits().max_iri_chars
    where = location or Location()
    if len(value) > cap:
        return Problem(f"{what} is {len(value)} characters long (at most {cap})", where)
    if not _IRI_SCHEME.match(value) or _IRI_BAD.search(value):
        return Problem(f"{what} {_show(value, 80)} is not a valid absolute IRI", where)
    return None


_NUMBER_RUN = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that orders digit runs by value: ``PO2`` < ``PO10``, ``WA1.2`` < ``WA1.10``.

    Text parts compare case-insensitively (NFKC, casefold); a number sorts before text at the
    same position so that mixed keys never compare ``int`` with ``str``.
    """
    key: list[Any] = []
    for i, part in enumerate(_NUMBER_RUN.split(unicodedata.normalize("NFKC", text or ""))):
        if i % 2:
            key.append((0, int(part), ""))
        elif part:
            key.append((1, 0, part.casefold()))
    return tuple(key)
