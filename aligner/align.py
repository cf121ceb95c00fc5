"""Align two lists of sentences with Bertalign's two-pass dynamic programme.

Bertalign's kernels are called directly rather than through its ``Bertalign``
class, which would re-clean, re-detect and re-split texts that our own read
and segment stages have already prepared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from bertalign import corelib
from numpy.typing import NDArray

from aligner.embed import OverlapEncoder
from aligner.model import Bead


@dataclass(frozen=True)
class AlignParams:
    """Bertalign's parameters, with its defaults."""

    #: Most sentences in one bead, both sides together.
    max_align: int = 5
    #: Candidate target sentences per source sentence in the first pass.
    top_k: int = 3
    #: Half-width of the second pass's search band around the first path.
    win: int = 5
    #: Score of leaving a sentence unmatched; higher means more 1-0/0-1 beads.
    skip: float = -0.1
    #: Subtract the neighbours' mean similarity (Bertalign's margin score).
    margin: bool = True
    #: Penalise beads whose two sides' lengths are out of proportion.
    len_penalty: bool = True


@dataclass(frozen=True)
class Embedded:
    """The overlap embeddings and byte lengths of one side."""

    vectors: NDArray[np.float32]
    lengths: NDArray[np.int64]

    @property
    def size(self) -> int:
        """The number of sentences."""
        return self.vectors.shape[1]


def embed_side(encoder: OverlapEncoder, sentences: list[str], params: AlignParams) -> Embedded:
    """Embed one side's sentences and their overlaps."""
    vectors, lengths = encoder.transform(sentences, params.max_align - 1)
    return Embedded(vectors, lengths)


def align_embedded(
    src: Embedded,
    tgt: Embedded,
    params: AlignParams = AlignParams(),
    *,
    src_headings: frozenset[int] = frozenset(),
    tgt_headings: frozenset[int] = frozenset(),
) -> list[Bead]:
    """Align two embedded sentence lists; every sentence appears in exactly one bead.

    ``src_headings`` and ``tgt_headings`` are the ids of heading sentences: a
    heading is never merged with its neighbours into one bead.
    """
    if src.size == 0 or tgt.size == 0:
        return [Bead((i,), ()) for i in range(src.size)] + [Bead((), (j,)) for j in range(tgt.size)]
    scores, indices = corelib.find_top_k_sents(src.vectors[0], tgt.vectors[0], k=params.top_k)
    first_types = corelib.get_alignment_types(2)
    first_w, first_path = corelib.find_first_search_path(src.size, tgt.size)
    first_pointers = corelib.first_pass_align(
        src.size, tgt.size, first_w, first_path, first_types, scores, indices
    )
    first_alignment = corelib.first_back_track(
        src.size, tgt.size, first_pointers, first_path, first_types
    )
    second_types = corelib.get_alignment_types(params.max_align)
    second_w, second_path = corelib.find_second_search_path(
        first_alignment, params.win, src.size, tgt.size
    )
    char_ratio = float(np.sum(src.lengths[0]) / max(np.sum(tgt.lengths[0]), 1))
    second_pointers = corelib.second_pass_align(
        src.vectors,
        tgt.vectors,
        src.lengths,
        tgt.lengths,
        second_w,
        second_path,
        second_types,
        char_ratio,
        params.skip,
        margin=params.margin,
        len_penalty=params.len_penalty,
    )
    pairs = corelib.second_back_track(
        src.size, tgt.size, second_pointers, second_path, second_types
    )
    beads = []
    for src_ids, tgt_ids in pairs:
        for src_run, tgt_run in _split_at_headings(
            [int(i) for i in src_ids], [int(j) for j in tgt_ids], src_headings, tgt_headings
        ):
            beads.append(_bead(src, tgt, src_run, tgt_run))
    return beads


def _runs(ids: list[int], headings: frozenset[int]) -> list[tuple[bool, list[int]]]:
    """Split ids into maximal runs of headings / non-headings; each heading is its own run."""
    runs: list[tuple[bool, list[int]]] = []
    for i in ids:
        heading = i in headings
        if runs and not heading and not runs[-1][0]:
            runs[-1][1].append(i)
        else:
            runs.append((heading, [i]))
    return runs


def _split_at_headings(
    src_ids: list[int], tgt_ids: list[int], src_headings: frozenset[int], tgt_headings: frozenset[int]
) -> list[tuple[list[int], list[int]]]:
    """Undo a bead that merges headings with other sentences, when both sides agree.

    The dynamic programme sometimes joins a heading with the next heading or
    sentence (a 2-2 bead of two headings, say). When both sides of the bead
    hold the same sequence of headings and text runs, pair them run by run.
    """
    src_runs = _runs(src_ids, src_headings)
    tgt_runs = _runs(tgt_ids, tgt_headings)
    if len(src_runs) <= 1 and len(tgt_runs) <= 1:
        return [(src_ids, tgt_ids)]
    if [heading for heading, _ in src_runs] != [heading for heading, _ in tgt_runs]:
        return [(src_ids, tgt_ids)]
    return [(src_run, tgt_run) for (_, src_run), (_, tgt_run) in zip(src_runs, tgt_runs, strict=True)]


def _bead(src: Embedded, tgt: Embedded, src_ids: list[int], tgt_ids: list[int]) -> Bead:
    if not src_ids or not tgt_ids:
        return Bead(tuple(src_ids), tuple(tgt_ids))
    return Bead(tuple(src_ids), tuple(tgt_ids), _similarity(src, src_ids, tgt, tgt_ids))


def _similarity(src: Embedded, src_ids: list[int], tgt: Embedded, tgt_ids: list[int]) -> float:
    """Cosine of the two sides' embeddings (overlap vectors are indexed by last sentence)."""
    src_vector = src.vectors[len(src_ids) - 1, src_ids[-1]]
    tgt_vector = tgt.vectors[len(tgt_ids) - 1, tgt_ids[-1]]
    return round(float(np.dot(src_vector, tgt_vector)), 4)
