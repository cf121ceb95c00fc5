"""Align two lists of sentences with Bertalign's two-pass dynamic programme.

Two engines run the programme: ours (:mod:`aligner.align.dp`, numpy, the default)
and the ``bertalign`` package's numba kernels (``--engine bertalign``), which
load torch and know only the whole margin or none; with either, both choose
the same beads. Bertalign's kernels are called directly rather than through
its ``Bertalign`` class, which would re-clean, re-detect and re-split texts
that our own read and segment stages have already prepared.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from aligner import __version__
from aligner.align import dp
from aligner.align.glued import (
    detach_lines_after_run_in_headings,
    join_headings_run_into_items,
    join_run_on_headings,
    pair_lines_of_headings_with_headings,
    pair_run_in_headings,
    reattach_glued_headings,
)
from aligner.align.lines import Lines
from aligner.align.numbers import detach_by_numbers, join_by_numbers, unshift_by_numbers
from aligner.align.orphans import (
    detach_extra_items,
    detach_orphan_headings,
    detach_orphan_lead_ins,
    free_lines_from_headings,
    give_headings_to_headings,
    give_pairs_to_closer_lines,
    join_continued_lines,
    join_items_run_together,
    pair_crossed_headings,
    pair_first_of_twin_labels,
    pair_items_after_lead_ins,
    pair_neighbouring_headings,
    pair_neighbouring_lead_ins,
    pair_twin_labels_in_order,
    separate_strangers,
    split_heading_pairs,
    unshift_headings,
)
from aligner.align.refine import refine_beads
from aligner.document import Bead
from aligner.embed import Embedded, Embedder, OverlapEncoder, embed_unique, measured_bead
from aligner.extras import import_extra
from aligner.settings import AlignParams


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
    engine = _bertalign_beads if params.engine == "bertalign" else _our_beads
    pairs = engine(src, tgt, params)
    beads = []
    for src_ids, tgt_ids in pairs:
        for src_run, tgt_run in _split_at_headings(src_ids, tgt_ids, src_headings, tgt_headings):
            beads.append(measured_bead(src, tgt, src_run, tgt_run))
    if params.refine:
        beads = refine_beads(beads, src, tgt, src_headings, tgt_headings)
    return beads


def engine_label(engine: str) -> str:
    """The engine's name and version, as the exports record it."""
    return f"bertalign {version('bertalign')}" if engine == "bertalign" else f"aligner {__version__}"


def _our_beads(src: Embedded, tgt: Embedded, params: AlignParams) -> list[tuple[list[int], list[int]]]:
    band = dp.diagonal_band(src.size, tgt.size)
    scores, indices = banded_top_k(src.vectors[0], tgt.vectors[0], band, params.top_k)
    # No sure 1-1 pair at all (unrelated texts): the second pass searches the whole table.
    anchors = dp.anchors(scores, indices, band, tgt.size) or [(src.size, tgt.size)]
    return dp.beads(src, tgt, dp.anchor_band(anchors, src.size, tgt.size, params.win), params)


def _bertalign_beads(src: Embedded, tgt: Embedded, params: AlignParams) -> list[tuple[list[int], list[int]]]:
    if params.margin not in (0.0, 1.0):
        raise ValueError(f"Bertalign's kernels take a margin weight of 0 or 1, not {params.margin}")
    corelib = import_extra("bertalign.corelib", "--engine bertalign")  # loads torch: only for this engine

    first_types = corelib.get_alignment_types(2)
    first_w, first_path = corelib.find_first_search_path(src.size, tgt.size)
    scores, indices = banded_top_k(src.vectors[0], tgt.vectors[0], first_path, params.top_k)
    first_pointers = corelib.first_pass_align(
        src.size, tgt.size, first_w, first_path, first_types, scores, indices
    )
    first_alignment = corelib.first_back_track(
        src.size, tgt.size, first_pointers, first_path, first_types
    )
    if not first_alignment:
        first_alignment = [(src.size, tgt.size)]
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
        margin=params.margin == 1.0,
        len_penalty=params.len_penalty,
    )
    pairs = corelib.second_back_track(src.size, tgt.size, second_pointers, second_path, second_types)
    return [([int(i) for i in src_ids], [int(j) for j in tgt_ids]) for src_ids, tgt_ids in pairs]


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


#: Source rows compared at once in the first pass's search (bounds memory).
TOP_K_BLOCK = 512


def banded_top_k(
    src_vectors: NDArray[np.float32], tgt_vectors: NDArray[np.float32], path: NDArray[np.int64], k: int
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """The ``k`` most similar target sentences of each source sentence, within its first-pass window.

    Bertalign searches the whole target text, then its first pass keeps only
    candidates inside each row's window. When a text repeats itself (recurring
    headings, boilerplate, copies), the best matches all lie outside the
    window, the first pass finds no anchor for long stretches, and the second
    pass must search a huge band. Searching the window alone avoids that, and
    never holds the full similarity matrix in memory.
    """
    size = len(src_vectors)
    k = min(k, len(tgt_vectors))
    scores = np.zeros((size, k), dtype=np.float32)
    indices = np.zeros((size, k), dtype=np.int64)
    for start in range(0, size, TOP_K_BLOCK):
        rows = slice(start, min(start + TOP_K_BLOCK, size))
        # Row i + 1 of the DP table is sentence i; its cells j hold target
        # sentence j - 1, for j in path[i + 1] (both ends included).
        windows = path[start + 1 : rows.stop + 1] - [1, 0]
        low, high = max(int(windows[:, 0].min()), 0), int(windows[:, 1].max())
        similarity = src_vectors[rows] @ tgt_vectors[low:high].T
        columns = np.arange(low, high)
        outside = (columns[None, :] < windows[:, :1]) | (columns[None, :] >= windows[:, 1:])
        similarity[outside] = -np.inf
        best = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
        block_scores = np.take_along_axis(similarity, best, axis=1)
        # A window narrower than k leaves empty slots: no candidate, no score.
        empty = np.isinf(block_scores)
        scores[rows] = np.where(empty, 0.0, block_scores)
        indices[rows] = np.where(empty, -2, best + low)
    return scores, indices


# --- Long documents ----------------------------------------------------------

#: Half-width of the window around the diagonal searched for anchors.
ANCHOR_BAND = 300
#: An anchor's similarity must beat the runner-up in its band by this much.
ANCHOR_MARGIN = 0.05


@dataclass(frozen=True)
class AlignedSentences:
    """The beads of two sentence lists, and each side's sentence vectors (row i: sentence i)."""

    beads: list[Bead]
    src_vectors: NDArray[np.float32]
    tgt_vectors: NDArray[np.float32]


def align_sentences(
    embedder: Embedder,
    src_texts: list[str],
    tgt_texts: list[str],
    params: AlignParams = AlignParams(),
    *,
    src_headings: frozenset[int] = frozenset(),
    tgt_headings: frozenset[int] = frozenset(),
    langs: tuple[str | None, str | None] = (None, None),
) -> AlignedSentences:
    """Embed and align two sentence lists, chunk by chunk when they are long; ``langs`` (source, target), when
    known, let the second look read numbers written in words."""
    if params.engine == "bertalign":  # before the embedding, not after: say at once when it is missing
        import_extra("bertalign.corelib", "--engine bertalign")
    encoder = OverlapEncoder(embedder, exact=params.exact_overlaps)
    bounds = [((0, len(src_texts)), (0, len(tgt_texts)))]
    if src_texts and tgt_texts and max(len(src_texts), len(tgt_texts)) > params.chunk:
        bounds = chunk_bounds(embed_unique(embedder, src_texts), embed_unique(embedder, tgt_texts), params.chunk)
    beads: list[Bead] = []
    vectors: tuple[list[NDArray[np.float32]], list[NDArray[np.float32]]] = ([], [])
    for (src_start, src_end), (tgt_start, tgt_end) in bounds:
        texts = (src_texts[src_start:src_end], tgt_texts[tgt_start:tgt_end])
        sides = (embed_side(encoder, texts[0], params), embed_side(encoder, texts[1], params))
        for side, side_vectors in zip(sides, vectors, strict=True):
            if side.size:
                side_vectors.append(side.vectors[0])
        headings = (
            frozenset(i - src_start for i in src_headings if src_start <= i < src_end),
            frozenset(j - tgt_start for j in tgt_headings if tgt_start <= j < tgt_end),
        )
        chunk_beads = align_embedded(*sides, params, src_headings=headings[0], tgt_headings=headings[1])
        if params.refine:
            lines = Lines(texts, sides, embedder, headings, langs)
            chunk_beads = reattach_glued_headings(chunk_beads, lines)
            chunk_beads = separate_strangers(chunk_beads, lines)
            chunk_beads = detach_by_numbers(chunk_beads, lines)
            chunk_beads = detach_orphan_headings(chunk_beads, lines)
            chunk_beads = detach_orphan_lead_ins(chunk_beads, lines)
            chunk_beads = detach_extra_items(chunk_beads, lines)
            chunk_beads = join_items_run_together(chunk_beads, lines)
            chunk_beads = pair_items_after_lead_ins(chunk_beads, lines)
            # A heading the programme paired with another may be said better by one run into a line beside.
            chunk_beads = pair_run_in_headings(chunk_beads, lines)
            # A heading left unmatched may be glued to a neighbouring line on the other side...
            chunk_beads = reattach_glued_headings(chunk_beads, lines)
            chunk_beads = detach_lines_after_run_in_headings(chunk_beads, lines)
            # ...but not to the provision it was just separated from: a line whose opening words mention
            # the heading's subject has no heading run into it for that alone.
            chunk_beads = separate_strangers(chunk_beads, lines)
            # A heading freed from a line may be run into the heading beside it on the other side.
            chunk_beads = free_lines_from_headings(chunk_beads, lines)
            chunk_beads = join_run_on_headings(chunk_beads, lines)
            chunk_beads = pair_lines_of_headings_with_headings(chunk_beads, lines)
            chunk_beads = join_headings_run_into_items(chunk_beads, lines)
            chunk_beads = pair_crossed_headings(chunk_beads, lines)
            chunk_beads = split_heading_pairs(chunk_beads, lines)
            chunk_beads = unshift_headings(chunk_beads, lines)
            chunk_beads = pair_twin_labels_in_order(chunk_beads, lines)
            chunk_beads = pair_first_of_twin_labels(chunk_beads, lines)
            chunk_beads = pair_neighbouring_headings(chunk_beads, lines)
            chunk_beads = give_headings_to_headings(chunk_beads, lines)
            chunk_beads = pair_neighbouring_lead_ins(chunk_beads, lines)
            chunk_beads = unshift_by_numbers(chunk_beads, lines)
            chunk_beads = join_by_numbers(chunk_beads, lines)
            chunk_beads = join_continued_lines(chunk_beads, lines)
            # Last, with every heading placed: two lines competing for one partner.
            chunk_beads = give_pairs_to_closer_lines(chunk_beads, lines)
        beads += [
            Bead(tuple(i + src_start for i in b.src), tuple(j + tgt_start for j in b.tgt), b.similarity)
            for b in chunk_beads
        ]
    src_vectors, tgt_vectors = (np.concatenate(side) if side else np.zeros((0, 0), np.float32) for side in vectors)
    return AlignedSentences(beads, src_vectors, tgt_vectors)


def chunk_bounds(
    src_vectors: NDArray[np.float32], tgt_vectors: NDArray[np.float32], size: int
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Cut two long documents into matching chunks of ``size`` source sentences, give or take half.

    Cuts fall between two consecutive anchors: sentence pairs that are each
    other's clear best match in their search window and form an increasing
    chain, so no bead is split. Where no such pair lies within half a chunk of
    a wanted cut, the cut is proportional from the previous one.
    """
    n, m = len(src_vectors), len(tgt_vectors)
    anchors = _anchor_chain(src_vectors, tgt_vectors)
    following = set(anchors)
    chain = [(i, j) for i, j in anchors if (i + 1, j + 1) in following]
    cuts = [(0, 0)]
    for wanted in range(size, n, size):
        last_i, last_j = cuts[-1]
        near = [
            (i + 1, j + 1) for i, j in chain
            if abs(i + 1 - wanted) <= size // 2 and i + 1 > last_i and j + 1 > last_j
        ]
        if near:
            cuts.append(min(near, key=lambda cut: abs(cut[0] - wanted)))
        elif wanted > last_i:
            cuts.append((wanted, last_j + round((wanted - last_i) * (m - last_j) / (n - last_i))))
    cuts.append((n, m))
    return [((a[0], b[0]), (a[1], b[1])) for a, b in pairwise(cuts) if b != a]


def _anchor_chain(src_vectors: NDArray[np.float32], tgt_vectors: NDArray[np.float32]) -> list[tuple[int, int]]:
    """Confident 1-1 pairs near the diagonal, filtered to an increasing chain."""
    path = dp.diagonal_band(len(src_vectors), len(tgt_vectors), ANCHOR_BAND, share=0.0)
    scores, indices = banded_top_k(src_vectors, tgt_vectors, path, 2)
    if scores.shape[1] < 2:
        return []
    confident = (scores[:, 0] - scores[:, 1] >= ANCHOR_MARGIN) & (indices[:, 0] >= 0)
    return _longest_increasing_chain([(int(i), int(indices[i, 0])) for i in np.flatnonzero(confident)])


def _longest_increasing_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs, sorted by i, whose j strictly increase."""
    import bisect

    tails: list[int] = []  # tails[k]: smallest last j of a chain of length k + 1
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k] = j
            tail_index[k] = index
        previous[index] = tail_index[k - 1] if k else -1
    chain = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]
