"""The text engine shared by alignment suggestions, the ESCO occupation gap and mobility
recognition (issue 18; docs/suggestions.md). Pure: no store, no SPARQL.

* :mod:`.language` — normalisation, tokens, codes and numbers, stop words, stemming (en/ru
  Snowball; kk :mod:`.kazakh`);
* :mod:`.bm25` — the BM25F lexical index and its normalised 0..1 score;
* :mod:`.dense` — optional sentence embeddings from a local model and the hybrid score.
"""

from __future__ import annotations

from competency_graph.analysis.text.bm25 import Document, Hit, LexicalIndex, Text
from competency_graph.analysis.text.dense import (
    ALPHA,
    DenseIndex,
    Encoder,
    HybridIndex,
    SentenceTransformerEncoder,
    embeddings_available,
)
from competency_graph.analysis.text.kazakh import stem_kazakh
from competency_graph.analysis.text.language import (
    STOP_WORDS,
    analyse,
    guess_language,
    normalise,
    stem,
    tokens,
)

__all__ = ["ALPHA", "STOP_WORDS", "DenseIndex", "Document", "Encoder", "Hit", "HybridIndex",
           "LexicalIndex", "SentenceTransformerEncoder", "Text", "analyse",
           "embeddings_available", "guess_language", "normalise", "stem", "stem_kazakh",
           "tokens"]
