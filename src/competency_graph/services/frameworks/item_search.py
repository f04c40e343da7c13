"""Multilingual search over the items of every framework and level scale.

What is searched
    The ``skos:notation``, every ``skos:prefLabel`` and ``skos:altLabel`` and every
    ``skos:definition`` of every item (``skos:inScheme``) of every ``cg:CompetencyFramework`` and
    ``cg:LevelScale``, in every language, whatever the requested language is. The answer gives
    labels and definitions in the requested language with a fallback to English, then to any
    (``label_lang`` says which).

How a query matches
    * Text is compared after Unicode NFKC normalisation and ``str.casefold()`` (which lowers
      Cyrillic and the Kazakh letters ә ғ қ ң ө ұ ү һ і like Latin ones), with ё read as е.
    * Words are split on non-word characters (``sustainable-development`` is two words).
      Each query word is reduced by stripping one common inflectional ending (English: -able,
      -ity, -ing, -s …; Russian: -ое, -ого, -ость, -ия …; Kazakh: plural and case endings,
      stripped twice) while at least four letters remain, and then matches every word of the
      text that *starts with* that stem. So "sustainable" finds "sustainability", "устойчивое"
      finds "устойчивого", and a Kazakh stem finds its inflected forms. Every query word must
      match (AND).
    * A second, *loose* comparison folds the Kazakh letters into their nearest Russian ones
      (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і and a Latin i inside a Cyrillic word →и), so a
      query typed on a Russian keyboard still finds Kazakh text. Loose-only matches rank after
      exact-letter matches of the same kind.

How results are ranked (first key first)
    1. the kind of match: exact code (``WA6``, also ``wa-2021:WA6``) > exact label > label or
       code prefix > every query word in one label > every query word in one definition >
       the query words spread over several fields;
    2. items of current framework versions before items of superseded ones;
    3. the item's own text before a *former label* (below);
    4. exact letters before loose letters;
    5. a match in the requested language (or on the code) before one in another language;
    6. more matching fields (across languages) first; then competencies, categories, levels,
       other concepts; then framework id and natural code order (WA2 before WA10).

Superseded versions and former labels
    A framework is *superseded* when ``dcterms:isReplacedBy`` says so, or when a crosswalk leads
    from it to a framework of the same ``dcterms:publisher`` with a later ``owl:versionInfo``
    (compared by the first number in it): ``wa-2013`` → ``wa-2021`` and ``cdio-2.0`` →
    ``cdio-3.0`` in the bundled data; ``sa-2021`` → ``wa-2021`` is not (same version). When an
    item of a superseded version maps by exact, close or broad match into an item of its
    successor (the 2013 attribute "Environment and sustainability" went into WA6), its labels
    become *former labels* of that successor item and are searched like labels, ranked just
    after the item's own labels. This is the thesaurus practice of keeping the label of a merged
    concept as an alternative label, and it is why "устойчив" finds WA6 ("Инженер и мир")
    ahead of the 2013 attribute itself.

Design choice: an in-process index, not SPARQL (compared by ``bench/frameworks.py``, ``make bench``)
    The index is built from one SPARQL query over the store (plus two small ones for versions
    and mappings) and cached per store object; it is rebuilt when the store's named graphs
    change (a framework imported or dropped) and, checked at most every 30 s by a cheap
    count-and-length fingerprint query, when the indexed text changed under the same graph
    names (a framework re-imported in place, possibly by another process on a shared store).
    A writer in this process can call :func:`invalidate_search_index` to make the change visible
    at once. The same search written in SPARQL (``bench/queries/search_framework_items_naive.rq``:
    ``LCASE``/``CONTAINS`` and a computed score) is slower per query and ranks worse: it cannot
    stem, fold Kazakh letters or use former labels, so it puts wa-2013 WA6 first for "WA6" and
    DA6 first for "sustainable". Building the index is one pass, paid on the first search after
    a change. On a remote SPARQL store the index also saves an HTTP round trip per search.
    ``bench/frameworks.py`` measures both; docs/frameworks.md keeps a measured table.
"""

from __future__ import annotations

import bisect
import re
import threading
import time
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import natural_key
from competency_graph.model import Literal, value
from competency_graph.namespaces import CG, SKOS
from competency_graph.services.system import LANGUAGES
from competency_graph.store import GraphStore

__all__ = ["SearchHit", "invalidate_search_index", "search", "succession"]

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
MAX_QUERY_LENGTH = 200

# --- text normalisation ----------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH = re.compile(r"[әғқңөұүһі]")
_LOOSE = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у",
                        "һ": "х", "і": "и"})

_EN_ENDINGS = sorted(["abilities", "ability", "ibility", "ations", "ation", "ments", "ment",
                      "nesses", "ness", "ables", "able", "ibles", "ible", "ings", "ing", "ities",
                      "ity", "ies", "ied", "ed", "es", "s", "ly", "al", "ive", "ic", "y", "e"],
                     key=len, reverse=True)
_RU_ENDINGS = ["иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "остью", "ости",
               "ость", "ением", "ению", "ения", "ение", "аний", "ания", "ание", "ий", "ый",
               "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ую", "юю", "ом", "ем",
               "ам", "ям", "ах", "ях", "ов", "ев", "ия", "ию", "а", "я", "о", "е", "ы", "и",
               "у", "ю", "ь"]
_KK_ENDINGS = ["лардың", "лердің", "дардың", "дердің", "тардың", "тердің", "ның", "нің", "дың",
               "дің", "тың", "тің", "лар", "лер", "дар", "дер", "тар", "тер", "нан", "нен",
               "дан", "ден", "тан", "тен", "мен", "бен", "пен", "ға", "ге", "қа", "ке", "на",
               "не", "да", "де", "та", "те", "ды", "ді", "ты", "ті", "ны", "ні", "сы", "сі",
               "ы", "і"]
_CYR_ENDINGS = sorted(set(_RU_ENDINGS) | set(_KK_ENDINGS), key=len, reverse=True)
_MIN_STEM = 4


def normalise(text: str) -> str:
    """Return ``text`` NFKC-normalised, case-folded, with ё read as е and spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(folded.split())


def loosen(text: str) -> str:
    """Fold Kazakh letters (and a Latin i inside a Cyrillic word) into Russian ones."""
    def word(match: re.Match[str]) -> str:
        w = match.group(0)
        if _CYRILLIC.search(w):
            w = w.replace("i", "и")
        return w.translate(_LOOSE)
    return _WORD.sub(word, text)


def words(normalised: str) -> list[str]:
    """Split normalised text into words."""
    return _WORD.findall(normalised)


def stem(word: str) -> str:
    """Strip one common ending (two for Kazakh words) while four letters remain."""
    if _CYRILLIC.search(word):
        endings, rounds = _CYR_ENDINGS, 2 if _KAZAKH.search(word) else 1
    else:
        endings, rounds = _EN_ENDINGS, 1
    for _ in range(rounds):
        for ending in endings:
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


# --- the index -------------------------------------------------------------------------------

_LABEL_FIELDS = ("prefLabel", "altLabel", "former")
_KIND_ORDER = {CG + "Competency": 0, CG + "Indicator": 1, CG + "CompetencyCategory": 2,
               CG + "Level": 3, SKOS + "Concept": 4}
_KINDS = {CG + "Competency": "competency", CG + "CompetencyCategory": "category",
          CG + "Level": "level", CG + "Indicator": "indicator", SKOS + "Concept": "concept"}


@dataclass
class _Field:
    item: int
    kind: str          # prefLabel, altLabel, definition, former
    lang: str
    text: str
    norm: str
    loose: str
    via: str | None = None  # "wa-2013:WA7" for a former label


@dataclass
class _Item:
    iri: str
    framework: str
    code: str
    classes: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    superseded: bool = False

    @property
    def kind_order(self) -> int:
        return min((_KIND_ORDER.get(c, 5) for c in self.classes), default=5)

    @property
    def kind(self) -> str:
        for iri in _KIND_ORDER:
            if iri in self.classes:
                return _KINDS[iri]
        return "concept"


class _Vocabulary:
    """Words → the fields they occur in, with prefix look-up by bisection."""

    def __init__(self, postings: dict[str, set[int]]) -> None:
        self.words = sorted(postings)
        self.postings = postings

    def fields_with_prefix(self, prefix: str) -> set[int]:
        out: set[int] = set()
        start = bisect.bisect_left(self.words, prefix)
        for word in self.words[start:]:
            if not word.startswith(prefix):
                break
            out |= self.postings[word]
        return out


class SearchIndex:
    """The searchable text of every framework item, built once per store state."""

    def __init__(self, items: list[_Item], fields: list[_Field],
                 succession: set[tuple[str, str]]) -> None:
        self.items = items
        self.fields = fields
        self.succession = succession
        self.by_item: dict[int, list[int]] = {}
        strict: dict[str, set[int]] = {}
        loose: dict[str, set[int]] = {}
        self.labels: dict[str, list[int]] = {}
        self.loose_labels: dict[str, list[int]] = {}
        for idx, f in enumerate(fields):
            self.by_item.setdefault(f.item, []).append(idx)
            for w in words(f.norm):
                strict.setdefault(w, set()).add(idx)
            for w in words(f.loose):
                loose.setdefault(w, set()).add(idx)
            if f.kind in _LABEL_FIELDS:
                self.labels.setdefault(f.norm, []).append(idx)
                self.loose_labels.setdefault(f.loose, []).append(idx)
        self.strict = _Vocabulary(strict)
        self.loose = _Vocabulary(loose)
        self.label_keys = sorted(self.labels)
        self.loose_label_keys = sorted(self.loose_labels)
        self.codes: dict[str, list[int]] = {}
        for idx, item in enumerate(items):
            self.codes.setdefault(normalise(item.code).replace(" ", ""), []).append(idx)
        self.code_keys = sorted(self.codes)


def _version_number(text: str | None) -> float | None:
    match = re.search(r"\d+(?:\.\d+)?", text or "")
    return float(match.group(0)) if match else None


def _succession(store: GraphStore) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for row in store.select("list_framework_succession"):
        old, new = str(row["old"]), str(row["new"])
        if value(row.get("explicit")):
            pairs.add((old, new))
            continue
        pub_old, pub_new = row.get("oldPublisher"), row.get("newPublisher")
        v_old = _version_number(str(row["oldVersion"]) if "oldVersion" in row else None)
        v_new = _version_number(str(row["newVersion"]) if "newVersion" in row else None)
        if (pub_old is not None and pub_new is not None and str(pub_old) == str(pub_new)
                and v_old is not None and v_new is not None and v_new > v_old):
            pairs.add((old, new))
    return pairs


def build_index(store: GraphStore) -> SearchIndex:
    """Read the searchable text of every framework item from the store into an index."""
    items: list[_Item] = []
    position: dict[str, int] = {}
    texts: list[tuple[int, str, Literal]] = []
    for row in store.select("list_search_entries"):
        iri = str(row["item"])
        idx = position.get(iri)
        if idx is None:
            idx = position[iri] = len(items)
            items.append(_Item(iri, str(row["framework"]), str(row["code"])))
        item = items[idx]
        item.classes.add(str(row["class"]))
        text = row.get("text")
        if isinstance(text, Literal):
            kind = str(row["field"])
            texts.append((idx, kind, text))
            lang = (text.language or "").lower()
            if kind == "prefLabel":
                item.labels.setdefault(lang, text.value)
            elif kind == "definition":
                item.definitions.setdefault(lang, text.value)
    succession = _succession(store)
    superseded = {old for old, _ in succession}
    for item in items:
        item.superseded = item.framework in superseded
    fields: list[_Field] = []
    seen: set[tuple[int, str, str, str]] = set()

    def add(idx: int, kind: str, text: Literal, via: str | None = None) -> None:
        key = (idx, kind, text.language or "", text.value)
        if key in seen:
            return
        seen.add(key)
        norm = normalise(text.value)
        fields.append(_Field(idx, kind, (text.language or "").lower(), text.value, norm,
                             loosen(norm), via))

    for idx, kind, text in texts:
        add(idx, kind, text)
    # former labels: labels of a superseded version's item on the item it went into
    label_texts: dict[int, list[Literal]] = {}
    for idx, kind, text in texts:
        if kind in ("prefLabel", "altLabel"):
            label_texts.setdefault(idx, []).append(text)
    for row in store.select("list_item_matches"):
        source, target = position.get(str(row["source"])), position.get(str(row["target"]))
        if source is None or target is None:
            continue
        relation = str(row["relation"]).rsplit("#", 1)[-1]
        old, new = (source, target) if relation != "narrowMatch" else (target, source)
        if (items[old].framework, items[new].framework) not in succession:
            if relation not in ("exactMatch", "closeMatch"):
                continue
            old, new = new, old
            if (items[old].framework, items[new].framework) not in succession:
                continue
        via = f"{items[old].framework}:{items[old].code}"
        for text in label_texts.get(old, []):
            add(new, "former", text, via)
    return SearchIndex(items, fields, succession)


#: Seconds after which a cached index is checked against the store's content fingerprint.
RECHECK_SECONDS = 30.0


@dataclass
class _Cached:
    names: tuple[str, ...]
    fingerprint: tuple[int, int]
    checked: float
    index: SearchIndex


_CACHE: weakref.WeakKeyDictionary[GraphStore, _Cached] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _fingerprint(store: GraphStore) -> tuple[int, int]:
    rows = store.select("get_search_fingerprint")
    row = rows[0] if rows else {}
    return int(value(row.get("count")) or 0), int(value(row.get("chars")) or 0)


def index_for(store: GraphStore) -> SearchIndex:
    """Return the store's search index.

    It is rebuilt when the set of named graphs changed (a framework imported or dropped), and,
    at most every :data:`RECHECK_SECONDS`, when the fingerprint of the indexed text changed (a
    framework graph replaced in place, also by another process on a shared store).
    """
    names = tuple(sorted(store.graph_names()))
    now = time.monotonic()
    with _LOCK:
        cached = _CACHE.get(store)
    if cached is not None and cached.names == names:
        if now - cached.checked < RECHECK_SECONDS:
            return cached.index
        fingerprint = _fingerprint(store)
        if fingerprint == cached.fingerprint:
            cached.checked = now
            return cached.index
    fingerprint = _fingerprint(store)
    index = build_index(store)
    with _LOCK:
        _CACHE[store] = _Cached(names, fingerprint, now, index)
    return index


def invalidate_search_index(store: GraphStore) -> None:
    """Forget the store's search index (call after replacing a framework graph in place)."""
    with _LOCK:
        _CACHE.pop(store, None)


def succession(store: GraphStore) -> set[tuple[str, str]]:
    """Return the ``(superseded framework id, successor id)`` pairs the search uses."""
    return set(index_for(store).succession)


# --- searching -------------------------------------------------------------------------------

#: Match kinds from best to worst (the tier is the position from the end).
MATCH_KINDS = ("code", "label", "prefix", "label-words", "definition", "text")
_TIER = {kind: len(MATCH_KINDS) - i for i, kind in enumerate(MATCH_KINDS)}


@dataclass(frozen=True)
class SearchHit:
    """One search result."""

    framework: str
    code: str
    iri: str
    kind: str
    label: str | None
    label_lang: str | None
    definition: str | None
    match: str                 # one of MATCH_KINDS
    matched_field: str         # notation, prefLabel, altLabel, definition, former, several
    matched_lang: str | None
    matched_text: str | None
    via: str | None            # the superseded item whose former label matched
    superseded: bool
    exact_letters: bool

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass
class _Candidate:
    tier: int
    own: bool
    strict: bool
    lang_match: bool
    field: int | None          # index of the matched field (None for code matches)


def _pick(by_lang: dict[str, str], lang: str) -> tuple[str | None, str | None]:
    for choice in (lang, "en", ""):
        if choice in by_lang:
            return by_lang[choice], choice or None
    for choice, text in sorted(by_lang.items()):
        return text, choice or None
    return None, None


def _check(q: str, lang: str, limit: int) -> tuple[str, str, int]:
    problems = []
    query = (q or "").strip()
    if not query:
        problems.append(Problem("the search text is empty", Location(json_path="q")))
    elif len(query) > MAX_QUERY_LENGTH:
        problems.append(Problem(f"the search text is longer than {MAX_QUERY_LENGTH} characters",
                                Location(json_path="q")))
    chosen = (lang or "en").strip().lower()
    if chosen not in LANGUAGES:
        problems.append(Problem(f"unknown language {lang!r}; use one of: "
                                + ", ".join(LANGUAGES), Location(json_path="lang")))
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(Problem(f"limit must be between 1 and {MAX_LIMIT}",
                                Location(json_path="limit")))
    if problems:
        raise InputError(problems)
    return query, chosen, limit


def _prefixed(keys: list[str], prefix: str) -> Iterable[str]:
    start = bisect.bisect_left(keys, prefix)
    for key in keys[start:]:
        if not key.startswith(prefix):
            break
        yield key


class _Matches:
    """The best candidate per item found so far, and per item how many of its fields match at
    least one query word (a tie-breaker)."""

    def __init__(self, index: SearchIndex, lang: str, framework: str | None) -> None:
        self.index, self.lang, self.framework = index, lang, framework
        self.best: dict[int, _Candidate] = {}
        self.hits: dict[int, int] = {}

    def offer(self, item: int, cand: _Candidate) -> None:
        if self.framework is not None and self.index.items[item].framework != self.framework:
            return
        current = self.best.get(item)
        if current is None or _rank(cand) < _rank(current):
            self.best[item] = cand

    def offer_field(self, idx: int, tier: int, strict: bool) -> None:
        f = self.index.fields[idx]
        self.offer(f.item, _Candidate(tier, f.kind != "former", strict, f.lang == self.lang, idx))

    def ranked(self, limit: int) -> list[SearchHit]:
        index = self.index

        def order(entry: tuple[int, _Candidate]) -> tuple[Any, ...]:
            item, cand = entry
            it = index.items[item]
            return (-cand.tier, it.superseded, *_rank(cand)[1:], -self.hits.get(item, 0),
                    it.kind_order, it.framework, natural_key(it.code))

        ranked = sorted(self.best.items(), key=order)
        return [_hit(index, item, cand, self.lang) for item, cand in ranked[:limit]]


def _match_codes(m: _Matches, norm: str) -> None:
    """Codes: exact, ``<framework>:<code>``, prefix."""
    index = m.index
    code = norm.replace(" ", "")
    scoped = None
    if ":" in code:
        fw, _, rest = code.partition(":")
        scoped, code = fw, rest
    for item in index.codes.get(code, []):
        if scoped is None or normalise(index.items[item].framework) == scoped:
            m.offer(item, _Candidate(_TIER["code"], True, True, True, None))
    if code and scoped is None:
        for key in _prefixed(index.code_keys, code):
            for item in index.codes[key]:
                m.offer(item, _Candidate(_TIER["prefix"], True, True, True, None))


def _match_labels(m: _Matches, norm: str, loose_norm: str) -> None:
    """Labels: exact and prefix, with exact then loose letters."""
    index = m.index
    for keys, table, probe, strict in ((index.label_keys, index.labels, norm, True),
                                       (index.loose_label_keys, index.loose_labels, loose_norm,
                                        False)):
        for idx in table.get(probe, []):
            m.offer_field(idx, _TIER["label"], strict)
        for key in _prefixed(keys, probe):
            for idx in table[key]:
                m.offer_field(idx, _TIER["prefix"], strict)


def _match_words(m: _Matches, norm: str, loose_norm: str) -> None:
    """Words: every query word (stemmed) starts a word of the field."""
    index = m.index
    stems = [stem(w) for w in words(norm)]
    loose_stems = [stem(w) for w in words(loose_norm)]
    if not stems:
        return
    for vocab, probes, strict in ((index.strict, stems, True),
                                  (index.loose, loose_stems, False)):
        per_word = [vocab.fields_with_prefix(s) for s in probes]
        matched = set.intersection(*per_word) if per_word else set()
        for idx in matched:
            f = index.fields[idx]
            tier = _TIER["definition"] if f.kind == "definition" else _TIER["label-words"]
            m.offer_field(idx, tier, strict)
        # the words spread over several fields of one item (own fields only)
        items_per_word = [{index.fields[i].item for i in s
                           if index.fields[i].kind != "former"} for s in per_word]
        spread = set.intersection(*items_per_word) if items_per_word else set()
        for item in spread:
            m.offer(item, _Candidate(_TIER["text"], True, strict, False, None))
        if strict:
            for idx in set().union(*per_word):
                it = index.fields[idx].item
                m.hits[it] = m.hits.get(it, 0) + 1


def search(store: GraphStore, q: str, lang: str = "en", limit: int = DEFAULT_LIMIT,
           framework: str | None = None) -> list[SearchHit]:
    """Search the items of every framework (or of ``framework`` only); best match first.

    :raises InputError: for an empty or overlong ``q``, an unknown ``lang`` or a ``limit``
        outside 1..200 (every problem at once, each naming its parameter).
    """
    query, lang, limit = _check(q, lang, limit)
    matches = _Matches(index_for(store), lang, framework)
    norm = normalise(query)
    loose_norm = loosen(norm)
    _match_codes(matches, norm)
    _match_labels(matches, norm, loose_norm)
    _match_words(matches, norm, loose_norm)
    return matches.ranked(limit)


def _rank(cand: _Candidate) -> tuple[int, bool, bool, bool]:
    return (-cand.tier, not cand.own, not cand.strict, not cand.lang_match)


def _hit(index: SearchIndex, item: int, cand: _Candidate, lang: str) -> SearchHit:
    it = index.items[item]
    label, label_lang = _pick(it.labels, lang)
    definition, _ = _pick(it.definitions, lang)
    kind = next(k for k, t in _TIER.items() if t == cand.tier)
    if cand.field is None:
        matched_field = "notation" if kind in ("code", "prefix") else "several"
        matched_lang, matched_text, via = None, (it.code if matched_field == "notation"
                                                 else None), None
    else:
        f = index.fields[cand.field]
        matched_field, matched_lang, via = f.kind, f.lang or None, f.via
        matched_text = f.text
    return SearchHit(
        framework=it.framework, code=it.code, iri=it.iri, kind=it.kind, label=label,
        label_lang=label_lang, definition=definition, match=kind, matched_field=matched_field,
        matched_lang=matched_lang, matched_text=matched_text, via=via,
        superseded=it.superseded, exact_letters=cand.strict,
    )
