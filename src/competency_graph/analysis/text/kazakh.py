"""A documented suffix stripper for Kazakh (Cyrillic script).

Why not a package
    ``kazstem`` 0.2.1 (PyPI; import name ``qazmorph``) installs and analyses, but it is licensed
    GPL-3.0-or-later. competency-graph is Apache-2.0 and a required runtime dependency under the
    GPL would make every distribution of the service a GPL work, so it is not used. No other
    maintained Kazakh stemmer is on PyPI (checked 2026-12). This module is the fallback the issue
    asks for: a small, deterministic stripper, good enough for matching (it conflates the
    inflected forms of a word; it is not a morphological analyser).

How it works
    Kazakh is agglutinative: ``stem + (derivation) + (plural) + (possessive) + (case)``. The
    stripper removes at most one suffix per layer, from the outside in:

    1. **case**: genitive ``-ның/-нің/-дың/-дің/-тың/-тің``, accusative ``-ны/-ні/-ды/-ді/-ты/-ті``
       (and ``-н`` after a possessive ``-ы/-і``), dative ``-ға/-ге/-қа/-ке`` (``-на/-не``
       after ``-ы/-і``), locative ``-да/-де/-та/-те/-нда/-нде``, ablative
       ``-дан/-ден/-тан/-тен/-нан/-нен``, instrumental ``-мен/-бен/-пен``, and the locative
       adjective ``-дағы/-дегі/-тағы/-тегі``;
    2. **possessive, third person**: ``-сы/-сі/-ы/-і`` (first and second person endings are
       left alone: outcome texts are impersonal, and ``-ім`` would eat the stem of білім);
    3. **plural**: ``-лар/-лер/-дар/-дер/-тар/-тер``;
    4. **derivation**: abstract/adjective ``-лық/-лік/-дық/-дік/-тық/-тік``, participles
       ``-атын/-етін/-йтын/-йтін/-ған/-ген/-қан/-кен``, agent ``-шы/-ші``, the verbal noun
       ``-у/-ю`` and, only after it, the verb-forming ``-ла/-ле/-да/-де/-та/-те``
       (бағдарламалау → бағдарлама, есептеу → есеп).

    A case, possessive or plural suffix is removed only when at least four letters remain, a
    derivational one when at least three remain, so bare words that merely end like a suffix
    (карта, орта) keep their shape and their inflected forms map onto them. Words ending in
    ``-стан`` (Қазақстан) are place names and are kept whole (their ``-тан`` is no ablative).

Known limits: vowel-harmony errors in the input are not repaired; verb conjugation (person,
tense) beyond the forms above is not stripped; a word whose stem itself ends like a
derivational suffix may be over-stripped (талдау → тал), which is harmless for matching as long
as all its forms are stripped the same way.
"""

from __future__ import annotations

__all__ = ["stem_kazakh"]

_CASE = ("дағы", "дегі", "тағы", "тегі", "ның", "нің", "дың", "дің", "тың", "тің",
         "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен", "нда", "нде",
         "ны", "ні", "ды", "ді", "ты", "ті", "ға", "ге", "қа", "ке", "да", "де", "та", "те")
#: suffixes taken only after a possessive -ы/-і (the letter before them must be ы or і)
_CASE_AFTER_POSSESSIVE = ("на", "не", "н")
_POSSESSIVE = ("сы", "сі", "ы", "і")
_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
_DERIVATION = ("атын", "етін", "йтын", "йтін", "лық", "лік", "дық", "дік", "тық", "тік",
               "ған", "ген", "қан", "кен", "шы", "ші", "у", "ю")
_VERB_FORMING = ("ла", "ле", "да", "де", "та", "те")

_MIN_INFLECTED = 4
_MIN_DERIVED = 3


def _strip(word: str, suffixes: tuple[str, ...], keep: int) -> tuple[str, str]:
    for suffix in sorted(suffixes, key=len, reverse=True):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)], suffix
    return word, ""


def stem_kazakh(word: str) -> str:
    """Return the stem of one lower-case Kazakh word (see the module doc for the rules)."""
    if word.endswith("стан"):  # Қазақстан, Пәкістан: a place name, not an ablative -тан
        return word
    word, found = _strip(word, _CASE, _MIN_INFLECTED)
    if not found:
        for suffix in _CASE_AFTER_POSSESSIVE:
            rest = word[: -len(suffix)]
            if (word.endswith(suffix) and rest[-1:] in ("ы", "і")
                    and len(rest) >= _MIN_INFLECTED):
                word = rest
                break
    word, _ = _strip(word, _POSSESSIVE, _MIN_INFLECTED)
    word, _ = _strip(word, _PLURAL, _MIN_INFLECTED)
    word, found = _strip(word, _DERIVATION, _MIN_DERIVED)
    if found in ("у", "ю"):
        word, _ = _strip(word, _VERB_FORMING, _MIN_DERIVED)
    return word
