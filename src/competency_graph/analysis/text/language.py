"""Text analysis for matching short competence statements in English, Russian and Kazakh.

``analyse(text, lang)`` turns a text into the terms the lexical index compares:

1. **Normalisation**: Unicode NFKC, ``str.casefold()`` (lowers Cyrillic and the Kazakh letters
   ә ғ қ ң ө ұ ү һ і like Latin ones), ``ё`` read as ``е``.
2. **Tokens**: runs of letters and digits, joined across ``.``, ``-``, ``/`` and ``+`` inside
   the run (``B1.1``, ``ISO-9001``, ``C++``, ``problem-solving``).
3. **Codes and numbers**: a token with a digit in it is a *code*, kept whole and never
   stemmed (``b1.1`` stays ``b1.1``; hyphens and slashes are dropped: ``iso-9001`` →
   ``iso9001``), so ``WA6`` matches ``WA6`` only; a bare number of one or two digits (list
   numbers, "2 languages") is dropped, a longer one (a year, a standard's number) is a code.
   A hyphenated token without digits is split into its words (``problem-solving`` → problem,
   solving); ``c++`` and ``c#`` keep their symbol.
4. **Language of a token**: Latin letters → English; Cyrillic → the text's declared language
   when it is ``ru`` or ``kk``, else Kazakh when the text has any of ә ғ қ ң ө ұ ү һ і, else
   Russian.
5. **Stop words** of that language are dropped (function words, and the words every outcome
   shares: "student", "able", "студент", "способен", "білім алушы" …; :data:`STOP_WORDS`).
6. **Stemming**: Snowball (``snowballstemmer``) for English and Russian; the suffix stripper of
   :mod:`.kazakh` for Kazakh. Words of one or two letters are dropped after stop words.

Terms carry no language tag: a Russian stem only meets Russian text in practice, because the
scripts and stems differ, and an English code or acronym (``SQL``) matches in any text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from competency_graph.analysis.text.kazakh import stem_kazakh

__all__ = ["STOP_WORDS", "analyse", "guess_language", "normalise", "stem", "tokens"]

LANGS = ("en", "ru", "kk")

_TOKEN = re.compile(r"[^\W_]+(?:[.\-/][^\W_]+)*(?:\+\+|#)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH = re.compile(r"[әғқңөұүһі]")
_DIGIT = re.compile(r"\d")



def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _word_set("""
        a about above after again against all also am an and any are as at be because been
        before being below between both but by can could did do does doing down during each
        etc few for from further had has have having he her here hers him his how i if in
        into is it its itself just may me might more most must my no nor not of off on once
        only or other our ours out over own same shall she should so some such than that the
        their theirs them then there these they this those through to too under until up upon
        us very via was we were what when where which while who whom why will with within
        without would you your yours
        student students learner learners graduate graduates able ability abilities
        successfully upon completion demonstrate
        """),
    "ru": _word_set("""
        а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да
        даже для до его ее если есть еще же за здесь и из или им их к как ко когда кто ли либо
        между меня мне может мы на над надо наш не него нее нет ни них но ну о об однако он она
        они оно от очень по под при про с со так также такой там те тем то того тоже той только
        том ты у уже хотя чего чей чем что чтобы чье эта эти это этого этой этом я
        студент студента студенты обучающийся обучающиеся выпускник выпускники способен
        способна способны умение умения уметь должен должны освоения дисциплины курса
        """),
    "kk": _word_set("""
        және мен пен бен да де та те ал бірақ немесе не үшін бойынша арқылы туралы сияқты
        осы сол бұл ол олар біз сіз мен сен оның олардың әр әрбір барлық кейбір көп аз өз
        жəне ретінде кезінде дейін кейін бар жоқ емес болу болып болады қабілетті қабілеті
        студент студенттер білім алушы алушы түлек түлектер меңгеру
        """),
}

_SNOWBALL = {"en": snowballstemmer.stemmer("english"), "ru": snowballstemmer.stemmer("russian")}


def normalise(text: str) -> str:
    """Return ``text`` NFKC-normalised and case-folded, with ё read as е."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def guess_language(text: str) -> str:
    """Guess ``en``/``ru``/``kk`` from the script: Kazakh letters → kk, mostly Cyrillic → ru."""
    if _KAZAKH.search(text.casefold()):
        return "kk"
    cyrillic = len(_CYRILLIC.findall(text))
    latin = sum(1 for c in text if "a" <= c.casefold() <= "z")
    return "ru" if cyrillic > latin else "en"


def tokens(text: str) -> list[str]:
    """Split normalised text into tokens (see the module doc, step 2 and 3)."""
    out: list[str] = []
    for token in _TOKEN.findall(normalise(text)):
        if _DIGIT.search(token):
            if token.isdigit() and len(token) <= 2:
                continue
            out.append(token.replace("-", "").replace("/", ""))
        elif any(sep in token for sep in ".-/"):
            out.extend(t for t in re.split(r"[.\-/]", token) if t)
        else:
            out.append(token)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Stem one normalised word in ``lang`` (Snowball for en/ru, :mod:`.kazakh` for kk)."""
    if lang == "kk":
        return stem_kazakh(word)
    return str(_SNOWBALL["ru" if lang == "ru" else "en"].stemWord(word))


def _token_language(token: str, cyrillic_lang: str) -> str:
    return cyrillic_lang if _CYRILLIC.search(token) else "en"


def analyse(text: str, lang: str | None = None) -> list[str]:
    """Return the index terms of ``text`` (module doc); ``lang`` is its declared language."""
    norm = normalise(text)
    cyrillic_lang = lang if lang in ("ru", "kk") else "kk" if _KAZAKH.search(norm) else "ru"
    terms: list[str] = []
    for token in tokens(norm):
        if _DIGIT.search(token) or token.endswith(("++", "#")):
            terms.append(token)
            continue
        token_lang = _token_language(token, cyrillic_lang)
        if token in STOP_WORDS[token_lang] or len(token) < 2:
            continue
        stemmed = stem(token, token_lang)
        if len(stemmed) >= 2:
            terms.append(stemmed)
    return terms
