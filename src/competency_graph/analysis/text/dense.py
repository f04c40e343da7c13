"""Optional dense sentence embeddings behind the lexical index's interface.

The encoder is a sentence-transformers model loaded from a **local folder the user gives**
(``--model PATH`` / ``COMPETENCY_GRAPH_EMBEDDING_MODEL``). Nothing is downloaded at run time:
``HF_HUB_OFFLINE=1`` and ``TRANSFORMERS_OFFLINE=1`` are set before the model is loaded, and a
path that is not a folder is refused. The libraries (sentence-transformers, torch, numpy) come
with the optional extra ``competency-graph[embeddings]``; without them the lexical engine is the
whole engine and nothing here is imported.

Hybrid score (what :class:`HybridIndex` ranks by)::

    hybrid(q, d) = α · lexical(q, d) + (1 − α) · max(0, cos(q, d)),   α = 0.5

``lexical`` is the normalised BM25F score of :mod:`.bm25` (0..1), ``cos`` the best cosine
between an embedding of a query variant and an embedding of one of the document's label or
alternative-label texts (each language separately; definitions are not embedded). Both terms
are on [0, 1], so the hybrid score is too and the services' thresholds apply unchanged. Every
document is scored by both parts (the dense part is one matrix product), so the dense part can
find a document with no shared term.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from competency_graph.analysis.text.bm25 import Document, Hit, LexicalIndex, Text

__all__ = ["ALPHA", "DenseIndex", "Encoder", "HybridIndex", "SentenceTransformerEncoder",
           "embeddings_available"]

ALPHA = 0.5
_EMBEDDED_KINDS = ("label", "altLabel")


class Encoder(Protocol):
    """Anything that maps texts to unit-length vectors (a list of rows)."""

    name: str

    def encode(self, texts: Sequence[str]) -> Any:
        """Return one L2-normalised vector per text (a numpy array of shape (n, dim))."""


def embeddings_available() -> bool:
    """True when the optional ``[embeddings]`` libraries are installed."""
    try:
        import numpy  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


class SentenceTransformerEncoder:
    """A sentence-transformers model from a local folder (never downloaded)."""

    def __init__(self, path: str | Path) -> None:
        folder = Path(path)
        if not folder.is_dir() or not (folder / "config.json").is_file():
            raise FileNotFoundError(f"{folder}: not a folder holding a sentence-transformers "
                                    "model (config.json missing)")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self.name = folder.name

    def encode(self, texts: Sequence[str]) -> Any:
        """Embed ``texts`` (normalised to unit length)."""
        return self.model.encode(list(texts), batch_size=64, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)


class DenseIndex:
    """Embeddings of every label text of every document, and the document each belongs to."""

    def __init__(self, encoder: Encoder, documents: Sequence[Document]) -> None:
        import numpy as np

        self.encoder = encoder
        texts: list[str] = []
        owners: list[int] = []
        for position, doc in enumerate(documents):
            for f in doc.fields:
                if f.kind in _EMBEDDED_KINDS and f.text.strip():
                    texts.append(f.text)
                    owners.append(position)
        self.size = len(documents)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.matrix = encoder.encode(texts) if texts else np.zeros((0, 1))

    def similarities(self, variants: Iterable[Text]) -> Any:
        """Return, per document, the best cosine over the query variants and its labels."""
        import numpy as np

        queries = [v.text for v in variants if v.text.strip()]
        best = np.zeros(self.size)
        if not queries or len(self.owners) == 0:
            return best
        cos = (self.encoder.encode(queries) @ self.matrix.T).max(axis=0)
        np.maximum.at(best, self.owners, np.clip(cos, 0.0, 1.0))
        return best


class HybridIndex:
    """The lexical index, optionally mixed with a dense one (module doc); same ``search``."""

    def __init__(self, lexical: LexicalIndex, dense: DenseIndex | None = None,
                 alpha: float = ALPHA) -> None:
        self.lexical = lexical
        self.dense = dense
        self.alpha = alpha
        self.documents = lexical.documents

    @property
    def mode(self) -> str:
        """``lexical`` or ``hybrid``."""
        return "lexical" if self.dense is None else "hybrid"

    def search(self, variants: Iterable[Text], top: int = 10,
               allowed: set[int] | None = None) -> list[Hit]:
        """Rank documents; with no dense part this is :meth:`LexicalIndex.search`."""
        variants = list(variants)
        if self.dense is None:
            return self.lexical.search(variants, top, allowed)
        lexical = {h.doc: h for h in self.lexical.search(variants, self.lexical.size, allowed)}
        dense = self.dense.similarities(variants)
        scored = []
        for doc in range(self.lexical.size):
            if allowed is not None and doc not in allowed:
                continue
            lex = lexical[doc].score if doc in lexical else 0.0
            scored.append((self.alpha * lex + (1 - self.alpha) * float(dense[doc]), doc))
        scored.sort(key=lambda e: (-e[0], e[1]))
        out = []
        for score, doc in scored[:top]:
            hit = lexical.get(doc)
            out.append(Hit(doc, round(score, 4), hit.shared if hit else (),
                           hit.lang if hit else None))
        return out
