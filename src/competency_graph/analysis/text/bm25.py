"""BM25F over short multilingual documents (framework items, programme outcomes, skills).

A :class:`Document` is one thing that can be suggested (a framework item, a programme outcome,
an ESCO skill); it has *fields* — its labels, alternative labels and definitions in every
language it carries. Every field is analysed in its own language (:func:`.language.analyse`),
so one index answers queries in English, Russian and Kazakh alike: a Russian outcome meets an
item through the item's Russian label, a Kazakh outcome through its Kazakh label.

Score (BM25F, Robertson & Zaragoza 2009, with the common defaults)::

    tf~(t, d)  = Σ_fields  w_field · tf(t, field)
                 (w: label 3, altLabel 2, definition 1, context 1)
    len~(d)    = Σ_fields  w_field · len(field)
    bm25(q, d) = Σ_{t ∈ q}  idf(t) · tf~ (k1 + 1) / (tf~ + k1 (1 − b + b · len~ / avglen~))
    idf(t)     = ln(1 + (N − df + 0.5) / (df + 0.5)),   k1 = 1.2,  b = 0.75

Raw BM25 values are not comparable between queries, so every score the product shows is the
**normalised score**::

    score(q, d) = bm25(q, d) / Σ_{t ∈ q} idf(t) · (k1 + 1)

The denominator is the supremum of ``bm25(q, ·)`` (each term's saturation limit), so the score
lies in [0, 1) and reads as "the IDF-weighted share of the query's terms found in the document,
discounted by how weakly they occur there". A document of average length whose label holds
every query term once scores 3 · 2.2 / (3 + 1.2) / 2.2 ≈ 0.71; a short label holding them all
scores up to ~0.8. Thresholds in the services are on this scale. A query term that no
document has still counts in the denominator (it is information the document lacks), with
``idf = ln(1 + (N + 0.5) / 0.5)``.

The per-posting contribution is computed when the index is built, so a query costs one dict
look-up per term plus one addition per posting.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from competency_graph.analysis.text.language import analyse

__all__ = ["FIELD_WEIGHTS", "K1", "B", "Document", "Hit", "LexicalIndex", "Text"]

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"label": 3.0, "altLabel": 2.0, "definition": 1.0, "context": 1.0}


@dataclass(frozen=True)
class Text:
    """One field of a document, or one variant of a query: the text, its language (or None
    when unknown: guessed from the script) and its kind (a key of :data:`FIELD_WEIGHTS`)."""

    text: str
    lang: str | None = None
    kind: str = "label"


@dataclass
class Document:
    """Something that can be found: ``key`` identifies it to the caller; ``fields`` its texts."""

    key: str
    fields: list[Text]
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One ranked document: its index position, normalised score, and the query terms it
    shares (the surface words of the query that matched, for the reason shown to users)."""

    doc: int
    score: float
    shared: tuple[str, ...]
    lang: str | None


@lru_cache(maxsize=8192)
def _query_terms(text: str, lang: str | None) -> tuple[str, ...]:
    """The distinct terms of a query text (cached: one outcome is searched in many indexes)."""
    return tuple(dict.fromkeys(analyse(text, lang)))


class LexicalIndex:
    """A BM25F index over documents (module doc). Build once, query many times."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = list(documents)
        self.postings: dict[str, dict[int, float]] = {}
        lengths: list[float] = []
        frequencies: list[dict[str, float]] = []
        for doc in self.documents:
            tf: dict[str, float] = {}
            length = 0.0
            for f in doc.fields:
                weight = FIELD_WEIGHTS.get(f.kind, 1.0)
                terms = analyse(f.text, f.lang)
                length += weight * len(terms)
                for term, count in Counter(terms).items():
                    tf[term] = tf.get(term, 0.0) + weight * count
            lengths.append(length)
            frequencies.append(tf)
        self.doc_terms = [frozenset(tf) for tf in frequencies]
        self.size = len(self.documents)
        average = (sum(lengths) / self.size) if self.size else 1.0
        average = average or 1.0
        df: Counter[str] = Counter()
        for tf in frequencies:
            df.update(tf.keys())
        self.idf = {t: self._idf(n) for t, n in df.items()}
        for position, (tf, length) in enumerate(zip(frequencies, lengths, strict=True)):
            norm = K1 * (1 - B + B * length / average)
            for term, freq in tf.items():
                weight = self.idf[term] * freq * (K1 + 1) / (freq + norm)
                self.postings.setdefault(term, {})[position] = weight

    def _idf(self, df: int) -> float:
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def term_idf(self, term: str) -> float:
        """The IDF of ``term`` (that of an unseen term when no document has it)."""
        found = self.idf.get(term)
        return found if found is not None else self._idf(0)

    def _raw(self, text: str, lang: str | None) -> tuple[dict[int, float], float, list[str]]:
        """``({doc: bm25}, normalising denominator, query terms)`` of one query text."""
        terms = list(_query_terms(text, lang))
        if not terms:
            return {}, 1.0, []
        total = sum(self.term_idf(t) for t in terms) * (K1 + 1)
        present = sorted((self.postings[t] for t in terms if t in self.postings), key=len,
                         reverse=True)
        if not present:
            return {}, total, terms
        raw = dict(present[0])  # the longest posting list is copied, not looped over
        get = raw.get
        for postings in present[1:]:
            for doc, weight in postings.items():
                raw[doc] = get(doc, 0.0) + weight
        return raw, total, terms

    def scores(self, text: str, lang: str | None = None) -> tuple[dict[int, float], list[str]]:
        """Return ``({doc: normalised score}, query terms)`` for one query text."""
        raw, total, terms = self._raw(text, lang)
        return {doc: s / total for doc, s in raw.items()}, terms

    def search(self, variants: Iterable[Text], top: int = 10,
               allowed: set[int] | None = None) -> list[Hit]:
        """Rank documents for a query given in one or more language variants (the translations
        of one outcome): a document's score is its best score over the variants. Ties break by
        document order.

        Only each variant's own top ``top`` can be in the overall top ``top`` (a document
        outside a variant's top has ``top`` others at least as good there), so the variants'
        short lists are merged instead of their full score tables."""
        best: dict[int, tuple[float, str | None, list[str]]] = {}
        for variant in variants:
            raw, total, terms = self._raw(variant.text, variant.lang)
            if allowed is not None:
                raw = {d: v for d, v in raw.items() if d in allowed}
            for doc in heapq.nlargest(top, raw, key=raw.__getitem__):
                score = raw[doc] / total
                if doc not in best or score > best[doc][0]:
                    best[doc] = (score, variant.lang, terms)
        ranked = sorted(best.items(), key=lambda e: (-e[1][0], e[0]))[:top]
        return [Hit(doc, round(score, 4), self.shared_terms(doc, terms), lang)
                for doc, (score, lang, terms) in ranked]

    def shared_terms(self, doc: int, terms: Iterable[str]) -> tuple[str, ...]:
        """The query terms (stems or codes) that ``doc`` contains, rarest first."""
        shared = [t for t in terms if t in self.doc_terms[doc]]
        return tuple(sorted(shared, key=lambda t: -self.term_idf(t)))
