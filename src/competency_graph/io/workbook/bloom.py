"""Bloom's taxonomy in the workbook: the scale read from the store and the inference of a level
from an outcome's verb (docs/workbook.md "Bloom").

The first word(s) after an optional lead-in ("Students will be able to", "Способен", "Умеет" …)
are matched against the scale's ``cg:measurableVerb`` lists; Kazakh is verb-final, so its last
word(s) are tried too. English verbs match with -s/-es/-d/-ed; Russian infinitives and Kazakh
verbal nouns match by stem once no exact form matched. An unobservable verb (know, понимать …)
gives no level.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

__all__ = ["BloomScale", "infer_bloom"]


@dataclass
class BloomScale:
    """The Bloom scale as read from the store: levels, names and verbs."""

    levels: dict[str, str]                     # notation ("3") → level IRI
    names: dict[str, str]                      # casefolded level name (any language) → notation
    verbs: list[tuple[str, str]]               # (casefolded verb phrase, notation)
    unobservable: list[str]                    # casefolded verb phrases

    @cached_property
    def candidates(self) -> list[tuple[str, str | None]]:
        """Unobservable and measurable phrases, longest first (unobservable first on ties)."""
        found = [(v, None) for v in self.unobservable] + [(v, n) for v, n in self.verbs]
        found.sort(key=lambda c: -len(c[0].split()))
        return found  # type: ignore[return-value]

    @cached_property
    def by_first_word(self) -> dict[str, list[tuple[str, str | None]]]:
        """Candidates by every exact form of their first word (English -s/-es/-d/-ed)."""
        index: dict[str, list[tuple[str, str | None]]] = {}
        for verb, notation in self.candidates:
            first = verb.split()[0]
            forms = {first}
            if verb.isascii():
                forms |= {first + "s", first + "es", first + "d", first + "ed"}
            for form in forms:
                index.setdefault(form, []).append((verb, notation))
        return index

    @cached_property
    def non_latin(self) -> list[tuple[str, str | None]]:
        """Candidates in Russian or Kazakh (the ones stems and verb-final order apply to)."""
        return [c for c in self.candidates if not c[0].isascii()]


_LEAD_INS = [
    r"(?:on|upon|after) (?:successful )?completion(?: of (?:the|this) (?:course|module))?,?\s*",
    r"(?:the )?(?:students?|learners?|graduates?) (?:will|should|shall|is|are|can)?\s*"
    r"(?:be )?(?:able to)?\s*",
    r"(?:will |should |shall )?be able to\s+", r"able to\s+", r"(?:can|will|should|shall)\s+",
    r"(?:студент|обучающийся|выпускник|магистрант)\w*\s*", r"(?:должен|должна|будет)\s+",
    r"(?:быть\s+)?(?:способен|способна|способны|умеет|уметь|умение|может|сможет|"
    r"в состоянии)\s+",
    r"(?:білім алушы|студент|түлек)\w*\s*",
]
_LEAD_IN = re.compile(r"^(?:" + "|".join(_LEAD_INS) + r")", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def _normalise(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    for _ in range(4):
        stripped = _LEAD_IN.sub("", text.strip(" \t-–—•*:;.,0123456789)"), count=1)
        if stripped == text:
            break
        text = stripped
    return _WORD.findall(text)


def _word_matches(word: str, verb: str, *, stem: bool) -> bool:
    """Whether a word of the text is a form of ``verb``: exactly (English -s/-es/-d/-ed too),
    or with ``stem`` by the stem of a Russian infinitive or Kazakh verbal noun."""
    if word == verb:
        return True
    if verb.isascii():
        return word in (verb + "s", verb + "es", verb + "d", verb + "ed")
    if not stem:
        return False
    base = verb
    for ending in ("ться", "ть", "у"):
        if base.endswith(ending):
            base = base[: -len(ending)]
            break
    else:
        return False
    if base.endswith(("ова", "ева")) and len(base) > 6:
        base = base[:-3]
    elif base.endswith(("и", "е")):
        base = base[:-1]
    return len(base) >= 4 and word.startswith(base)


def _phrase_at(words: list[str], phrase: str, start: int, *, stem: bool) -> bool:
    parts = phrase.split()
    if start < 0 or start + len(parts) > len(words):
        return False
    if not _word_matches(words[start], parts[0], stem=stem):
        return False
    return all(words[start + i] == p for i, p in enumerate(parts[1:], start=1))


def infer_bloom(text: str, scale: BloomScale) -> tuple[str | None, str | None]:
    """Return (Bloom notation, verb) from the outcome's leading verb (trailing for Kazakh).

    The notation is None when the verb is unobservable or unknown; the verb is then the
    unobservable verb found (or None).
    """
    words = _normalise(text)
    if not words:
        return None, None
    for stem in (False, True):  # exact forms first, then stems (түсіндіру is not түсіну)
        pool = scale.non_latin if stem else scale.by_first_word.get(words[0], [])
        for verb, notation in pool:
            if _phrase_at(words, verb, 0, stem=stem):
                return notation, verb
        if not text.isascii():  # Kazakh is verb-final: try the last word(s) too
            for verb, notation in scale.non_latin:
                n = len(verb.split())
                for start in (len(words) - n, len(words) - n - 1):
                    if start > 0 and _phrase_at(words, verb, start, stem=stem):
                        return notation, verb
    return None, None
