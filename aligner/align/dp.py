"""Our alignment engine: Bertalign's two-pass dynamic programme, one table row at a time in numpy.

The algorithm is Liu & Zhu's (2022), as the ``bertalign`` package runs it:

1. First pass: each source sentence's ``top_k`` most similar target sentences
   within a wide band around the diagonal are candidate 1-1 pairs; the
   heaviest increasing chain of candidates gives the anchors.
2. Second pass: a banded programme around the anchors chooses beads of up to
   ``max_align`` sentences (1-0, 0-1, 1-1, 1-2, 2-1, ...). A bead scores the
   cosine of its two sides' embeddings, less the mean similarity of their
   neighbours (the margin; Bertalign subtracts all of it, we a share, see
   ``AlignParams.margin``), times a penalty for disproportionate lengths; an
   unmatched sentence scores ``skip``.

Bertalign runs both passes as numba loops over cells, and importing it loads
torch (about 0.85 GB of memory and 9 seconds before any work). Here every
cell of a row is computed at once: a row depends on earlier rows and, through
0-1 beads only, on its own left neighbour, which a running maximum resolves.
Ties go to the bead type Bertalign tries first, so with the whole margin (or
none) both engines choose the same beads up to floating-point rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aligner.embed import Embedded
from aligner.settings import AlignParams

#: Half-width of the first pass's band around the diagonal: at least this
#: many sentences, or this fraction of the longer text.
FIRST_BAND = 250
FIRST_BAND_SHARE = 0.06
#: Table cells (times bead lengths) whose scores are computed at once: their
#: run embeddings are gathered, so this bounds memory (about 64 MB).
SCORE_CELLS = 32_768

#: A band: for each table row i (i sentences of the source consumed), the
#: first and last table column (target sentences consumed) it may reach.
Band = NDArray[np.int64]


def bead_types(max_align: int) -> list[tuple[int, int]]:
    """Every bead shape of at most ``max_align`` sentences, in the order ties are settled.

    0-1 and 1-0 come first, then the matched shapes by source count and target count.
    """
    matched = [(a, b) for a in range(1, max_align) for b in range(1, max_align) if a + b <= max_align]
    return [(0, 1), (1, 0), *matched]


def diagonal_band(n: int, m: int, half_width: int = FIRST_BAND, share: float = FIRST_BAND_SHARE) -> Band:
    """The columns each row may reach around the table's diagonal."""
    width = max(half_width, int(max(n, m) * share))
    centre = (np.arange(n + 1) * (m / n)).astype(np.int64) if n else np.zeros(1, dtype=np.int64)
    return np.stack([np.maximum(centre - width, 0), np.minimum(centre + width, m)], axis=1)


def anchors(scores: NDArray[np.float32], indices: NDArray[np.int64], band: Band, m: int) -> list[tuple[int, int]]:
    """First pass: the heaviest increasing chain of candidate pairs, as table cells ``(i, j)``.

    Cell ``(i, j)`` pairs source sentence ``i - 1`` with target sentence
    ``j - 1``; ``scores[i - 1, k]`` is its similarity when ``indices[i - 1, k]``
    is ``j - 1``. Skipping a sentence costs nothing in this pass.
    """
    n = len(scores)
    width = int((band[:, 1] - band[:, 0]).max()) + 1
    # Pointers: 0 = 0-1 (left), 1 = 1-0 (up), 2 = 1-1 (diagonal, an anchor).
    pointers = np.zeros((n + 1, width), dtype=np.uint8)
    previous = np.zeros(band[0, 1] - band[0, 0] + 1)
    for i in range(1, n + 1):
        low, high = band[i]
        columns = np.arange(low, high + 1)
        weight = np.zeros(len(columns))
        for k in range(indices.shape[1]):
            cell = indices[i - 1, k] + 1
            if low <= cell <= high and indices[i - 1, k] >= 0:
                weight[cell - low] = scores[i - 1, k]
        up = _shifted(previous, band[i - 1, 0], columns)
        diagonal = _shifted(previous, band[i - 1, 0], columns - 1) + weight
        step = np.where(diagonal > up, 2, 1).astype(np.uint8)
        best = np.maximum(up, diagonal)
        cost = np.maximum.accumulate(best)
        step[1:][cost[:-1] >= best[1:]] = 0
        pointers[i, : len(columns)] = step
        previous = cost
    cells = []
    i, j = n, m
    while i > 0 and j > 0:
        step = pointers[i, j - band[i, 0]]
        if step == 2:
            cells.append((i, j))
        i, j = i - (step != 0), j - (step != 1)
    return cells[::-1]


def _shifted(row: NDArray[np.float64], row_low: int, columns: NDArray[np.int64]) -> NDArray[np.float64]:
    """``row``'s values at absolute ``columns``; -inf outside the row's band."""
    offsets = columns - row_low
    inside = (offsets >= 0) & (offsets < len(row))
    return np.where(inside, row[np.clip(offsets, 0, len(row) - 1)], -np.inf)


def anchor_band(cells: list[tuple[int, int]], n: int, m: int, win: int) -> Band:
    """The second pass's band: between consecutive anchors, ``win`` columns either side.

    Between two anchors far apart (a text that repeats itself, or unrelated
    texts, gives none for long stretches) the rows keep to a corridor of
    ``max(win, FIRST_BAND)`` columns either side of the straight line from one
    anchor to the next, as the first pass keeps to the diagonal: the table
    then grows with the text, not with its square. Anchors closer than that
    (any ordinary translation) leave the band as Bertalign makes it.
    """
    ends = [(i, j) for i, j in cells if i < n and j < m] + [(n, m)]
    band = np.zeros((n + 1, 2), dtype=np.int64)
    previous_i, previous_j = 0, 0
    for i, j in ends:
        rows = np.arange(previous_i + 1, i + 1)
        # A steep stretch (many target sentences a row) widens the corridor so that each row
        # still reaches the next one's.
        corridor = max(win, FIRST_BAND, -(-(j - previous_j) // max(i - previous_i, 1)) + win)
        centre = previous_j + (rows - previous_i) * (j - previous_j) // max(i - previous_i, 1)
        band[previous_i + 1 : i + 1, 0] = np.maximum(max(0, previous_j - win), centre - corridor)
        band[previous_i + 1 : i + 1, 1] = np.minimum(min(m, j + win), centre + corridor)
        previous_i, previous_j = i, j
    band[0] = band[1] if n else (0, m)
    return band


def beads(src: Embedded, tgt: Embedded, band: Band, params: AlignParams) -> list[tuple[list[int], list[int]]]:
    """Second pass: the best sequence of beads inside ``band``, as (source ids, target ids)."""
    n, m = src.size, tgt.size
    types = np.array(bead_types(params.max_align))
    # 0-1 beads are settled by the running maximum; the others are compared here.
    rise, run = types[1:, 0], types[1:, 1]
    width = int((band[:, 1] - band[:, 0]).max()) + 1
    lows, widths = band[:, 0], band[:, 1] - band[:, 0] + 1
    cost = np.full((n + 1, width), -np.inf)
    pointers = np.zeros((n + 1, width), dtype=np.uint8)
    # Row 0 starts at the origin (the band's lower bound there is 0) and holds 0-1 beads only.
    cost[0, : widths[0]] = params.skip * np.arange(widths[0])
    char_ratio = float(src.lengths[0].sum() / max(tgt.lengths[0].sum(), 1))
    longest = params.max_align - 1
    src_runs, tgt_runs = _Runs.of(src, longest), _Runs.of(tgt, longest, char_ratio)
    start = 1
    while start <= n:
        # A block of rows as wide as its widest row, not as the band's widest: a few wide
        # stretches (anchors far apart) then cost only their own rows.
        running = np.maximum.accumulate(widths[start : start + SCORE_CELLS // longest])
        fits = (np.arange(1, len(running) + 1) * running * longest <= SCORE_CELLS).sum()
        rows = np.arange(start, start + max(1, int(fits)))
        block_width = int(widths[rows].max())
        start = int(rows[-1]) + 1
        offsets = np.arange(block_width)
        block = _bead_scores(src_runs, tgt_runs, rows, lows[rows], block_width, types[2:], params)
        for row, scores in zip(rows, block, strict=True):
            columns = lows[row] + offsets
            earlier = row - rise
            reachable = (earlier >= 0)[:, None] & (columns[None, :] - run[:, None] >= 0)
            earlier = np.maximum(earlier, 0)
            cells = columns[None, :] - run[:, None] - lows[earlier][:, None]
            reachable &= (cells >= 0) & (cells < widths[earlier][:, None])
            candidates = np.where(reachable, cost[earlier[:, None], np.clip(cells, 0, width - 1)], -np.inf)
            candidates[0] += params.skip
            candidates[1:] += scores
            choice = np.argmax(candidates, axis=0)
            best = candidates[choice, offsets][: widths[row]]
            # A run of 0-1 beads: cost[j] = max(best[j], cost[j - 1] + skip).
            steps = params.skip * np.arange(widths[row])
            row_cost = np.maximum.accumulate(best - steps) + steps
            step = (choice[: widths[row]] + 1).astype(np.uint8)
            step[1:][row_cost[:-1] + params.skip >= best[1:]] = 0
            cost[row, : widths[row]] = row_cost
            pointers[row, : widths[row]] = step
    found = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = types[pointers[i, j - lows[i]]]
        found.append((list(range(i - a, i)), list(range(j - b, j))))
        i, j = i - a, j - b
    return found[::-1]


def _bead_scores(
    src: _Runs,
    tgt: _Runs,
    rows: NDArray[np.int64],
    lows: NDArray[np.int64],
    width: int,
    matched: NDArray[np.int64],
    params: AlignParams,
) -> NDArray[np.float64]:
    """Scores ``[row, bead type, column offset]`` of the matched bead types ending at each cell.

    The bead of type ``(a, b)`` ending at cell ``(i, j)`` joins source
    sentences ``i - a .. i - 1`` with target sentences ``j - b .. j - 1``.
    Cells that no bead of the type can end at hold any value: the programme
    never reaches them.
    """
    longest = params.max_align - 1
    columns = lows[:, None] + np.arange(width)[None, :]  # [row, offset]
    src_runs = src.runs[rows - 1]  # [row, a - 1, dim]: the runs ending at source sentence i - 1
    tgt_runs = tgt.runs[np.clip(columns - 1, 0, tgt.size - 1)]  # [row, offset, b - 1, dim]
    flat_tgt_runs = tgt_runs.reshape(len(rows), -1, tgt_runs.shape[-1])
    similarity = (flat_tgt_runs @ src_runs.transpose(0, 2, 1)).reshape(len(rows), width, longest, longest)
    if params.margin:
        # Each source run against the single target sentences from the one
        # before the longest run ending at the cell to the one after the cell.
        shift = np.arange(-longest - 1, width)
        tgt_near = tgt.singles(lows[:, None] + shift[None, :])
        src_vs_tgt = tgt_near @ src_runs.transpose(0, 2, 1)  # [row, shift, a - 1]
        # Each target run against the single source sentences around the row.
        src_near = src.singles(rows[:, None] + np.arange(-longest - 1, 1)[None, :])
        tgt_vs_src = (flat_tgt_runs @ src_near.transpose(0, 2, 1)).reshape(len(rows), width, longest, -1)
    if params.len_penalty:
        src_lengths = src.lengths[rows - 1]  # [row, a - 1]
        tgt_lengths = tgt.lengths[np.clip(columns - 1, 0, tgt.size - 1)] * tgt.ratio  # [row, offset, b - 1]
    scores = np.empty((len(rows), len(matched), width))
    offsets = np.arange(width)
    for t, (a, b) in enumerate(matched):
        score = similarity[:, :, b - 1, a - 1]
        if params.margin:
            # The sentences just after and just before each side's run.
            around_tgt = _neighbours(
                src_vs_tgt[:, offsets + longest + 1, a - 1], src_vs_tgt[:, offsets + longest - b, a - 1]
            )
            around_src = _neighbours(tgt_vs_src[:, :, b - 1, longest + 1], tgt_vs_src[:, :, b - 1, longest - a])
            score = score - params.margin * (around_tgt + around_src) / 2
        if params.len_penalty:
            source_length = src_lengths[:, a - 1][:, None]
            target_length = tgt_lengths[:, :, b - 1]
            shorter = np.minimum(source_length, target_length)
            longer = np.maximum(np.maximum(source_length, target_length), 1e-9)
            score = score * np.log2(1 + shorter / longer)
        scores[:, t] = score
    return scores


@dataclass(frozen=True)
class _Runs:
    """One side's run embeddings and lengths by position: ``[last sentence, run length - 1]``."""

    runs: NDArray[np.float32]
    singles_padded: NDArray[np.float32]
    lengths: NDArray[np.float64]
    ratio: float

    @classmethod
    def of(cls, side: Embedded, longest: int, ratio: float = 1.0) -> _Runs:
        runs = np.ascontiguousarray(side.vectors[:longest].transpose(1, 0, 2))
        # A zero vector on either side stands for "no such sentence": its similarity is 0.
        zero = np.zeros((1, side.vectors.shape[2]), dtype=np.float32)
        singles = np.concatenate([zero, side.vectors[0], zero])
        return cls(runs, singles, side.lengths[:longest].T.astype(np.float64), ratio)

    @property
    def size(self) -> int:
        return len(self.runs)

    def singles(self, positions: NDArray[np.int64]) -> NDArray[np.float32]:
        """Single-sentence embeddings at ``positions``; zero vectors outside the text."""
        return self.singles_padded[np.clip(positions, -1, self.size) + 1]


def _neighbours(after: NDArray[np.floating], before: NDArray[np.floating]) -> NDArray[np.floating]:
    """Bertalign's neighbour similarity: the mean of the two, or the one that exists (0 when absent)."""
    both = (after != 0) & (before != 0)
    return np.where(both, (after + before) / 2, after + before)
