"""Each distinct text embedded once per run, in large batches; the alignment's sentence vectors reused."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from aligner.document import Alignment
from aligner.embed import BATCH_SIZE, RUN_TEXT_LIMIT, CutComposer, Embedder, OverlapComposer, embed_unique

#: Texts kept at most (2 kB each); past this the oldest half is forgotten, so that memory stays bounded.
CACHE_LIMIT = 100_000


class EmbeddingCache:
    """An embedder that remembers: a text it has seen is never embedded again.

    The checks make many strings (a bead's sides, its sides less a clause,
    its words and word pairs) and several checks make the same ones; through
    this cache each is embedded once, and the new ones of one request go to
    the model together in batches of ``BATCH_SIZE``.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.name = embedder.name
        self._vectors: dict[str, NDArray[np.float32]] = {}

    @classmethod
    def for_alignment(cls, embedder: Embedder, alignment: Alignment) -> EmbeddingCache:
        """A cache that already knows the sentence vectors the alignment kept."""
        cache = embedder if isinstance(embedder, EmbeddingCache) else cls(embedder)
        for document, vectors in ((alignment.src, alignment.src_vectors), (alignment.tgt, alignment.tgt_vectors)):
            if vectors is not None:
                cache.remember(document.texts, vectors)
        return cache

    def remember(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> None:
        """Record ``vectors`` as the embeddings of ``texts``, row by row.

        The aligner embeds a sentence stripped and cut at ``RUN_TEXT_LIMIT``
        characters: a sentence it did not embed as it stands is not recorded.
        """
        for text, vector in zip(texts, vectors, strict=True):
            if text and text == text.strip() and len(text) <= RUN_TEXT_LIMIT:
                self._vectors.setdefault(text, vector)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed ``texts``: those already seen from memory, the others in batches."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        wanted = dict.fromkeys(texts)
        new = [text for text in wanted if text not in self._vectors]
        if len(self._vectors) + len(new) > CACHE_LIMIT:
            self._forget_oldest_half(keep=wanted)
        found = {text: self._vectors[text] for text in wanted if text in self._vectors}
        for start in range(0, len(new), BATCH_SIZE):
            batch = new[start : start + BATCH_SIZE]
            vectors = self.embedder.encode(batch)
            found.update(zip(batch, vectors, strict=True))
            self._vectors.update(zip(batch, vectors, strict=True))
        return np.stack([found[text] for text in texts])

    def _forget_oldest_half(self, keep: dict[str, None]) -> None:
        for text in list(self._vectors)[: len(self._vectors) // 2]:
            if text not in keep:
                del self._vectors[text]


def embed_word_pairs(embedder: Embedder, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
    """The embedding of each two-word text ``"a b"``.

    An embedder that composes runs (the bundled one) composes each from its
    two words' parts, as it composes runs of sentences: each distinct word
    goes through the network once. Others embed each two-word text.
    """
    model = _model_of(embedder)
    if not pairs:
        return np.zeros((0, 0), dtype=np.float32)
    if isinstance(model, OverlapComposer):
        return model.encode_pairs(pairs)
    return embed_unique(embedder, [f"{a} {b}" for a, b in pairs])


def embed_cuts(
    embedder: Embedder, texts: Sequence[str], cuts: Sequence[Sequence[tuple[int, int]]]
) -> list[NDArray[np.float32] | None]:
    """Per text, the embeddings of the text less each word range of ``cuts``, composed where the
    model can (:class:`~aligner.embed.CutComposer`); None where it cannot: the caller embeds the cut texts."""
    model = _model_of(embedder)
    if isinstance(model, CutComposer):
        return model.encode_cuts(texts, cuts)
    return [None] * len(texts)


def _model_of(embedder: Embedder) -> Embedder:
    """The model behind a cache, whose abilities to compose decide how a text is embedded."""
    return embedder.embedder if isinstance(embedder, EmbeddingCache) else embedder
