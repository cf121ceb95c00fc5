"""Build a French→English word lexicon from the laws corpus, leaving out every Act we measure on.

    python bench/lexicon_build.py                       # writes output/bench/lexicon/lexicon_fr_en.tsv.gz
    python bench/lexicon_build.py -o aligner/checks/lexicon_fr_en.tsv.gz

Training text: ../shared/data/laws-corpus (926 French–English Act pairs, one
provision per block, blank lines between blocks), minus the Acts of laws DEV,
laws DEV2 (their README tables name the codes) and the demo Act, so that the
figures measured on them stay honest.

1. Blocks are paired. When both versions of an Act have as many blocks, the
   n-th goes with the n-th. Otherwise (the structures differ, e.g. a
   provision in one block here and two there) the blocks are aligned by
   length, as Gale and Church (1993) aligned sentences: 1-1, 1-2, 2-1, 1-0
   and 0-1 beads in a band around the diagonal; only the 1-1 beads are used,
   since a merged bead pairs words from two provisions.
2. Each block becomes its set of content words: lower-cased runs of letters,
   function words (:func:`aligner.text.function_words`) and one-letter
   words dropped. Numbers are not translated: the coverage test matches them
   as they are.
3. Block × word binary matrices; their product counts, for every French and
   English word, the blocks that hold both.
4. The association is Dice's coefficient, 2·both / (French blocks + English
   blocks): it is high only when the two words occur in the same blocks, not
   merely often (the log-likelihood ratio ranks « loi » × "minister" high
   because both are everywhere). Dice gives a pair seen once in two rare
   words 1.0 by chance, so a pair must share ``MIN_BLOCKS`` blocks.
5. For each French word, its ``TOP`` best English words whose Dice reaches
   ``MIN_DICE`` of its best one's. Wide on purpose: in the coverage test
   (bench/lexicon_eval.py) a translation the lexicon lacks makes a faithful
   word look missing, a false flag, while a spurious one only hides a cut
   when that very word is in the English; the wide lexicon (10, 0.2) beat
   the narrow one (4, 0.5) at every precision on DEV2.
"""

from __future__ import annotations

import argparse
import gzip
import math
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from perturb import held_out_codes
from scipy import sparse, special

from aligner.text import function_words

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
CORPUS = DATA / "laws-corpus"
OUT = REPO / "output" / "bench" / "lexicon" / "lexicon_fr_en.tsv.gz"

#: A pair of words seen together in fewer blocks than this is as likely chance as translation.
MIN_BLOCKS = 3
#: English words kept per French word (inflections and synonyms: « règlement » is "regulation",
#: "regulations", "prescribed", "by-law"...).
TOP = 10
#: A runner-up is kept when its Dice reaches this share of the best translation's.
MIN_DICE = 0.2
#: And no translation at all below this Dice: a word whose best partner shares under a
#: twentieth of its blocks has no consistent translation (a function word the lists miss).
FLOOR_DICE = 0.05
#: Blocks of more content words than this (a long enumeration run together) pair too many words.
MAX_BLOCK_WORDS = 120

_LETTERS = re.compile(r"[^\W\d_]+")


def content_words(text: str, stop: frozenset[str]) -> list[str]:
    """The content words of ``text``: lower-cased runs of letters, function words and single letters dropped."""
    return [w for w in _LETTERS.findall(text.lower()) if len(w) > 1 and w not in stop]


# --- Which Acts ------------------------------------------------------------------


# --- Pairing the blocks ------------------------------------------------------------


def blocks(path: Path) -> list[str]:
    return [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n") if block.strip()]


#: Gale and Church's length model: English characters per French character, and the variance per character.
_CHAR_RATIO = 0.9
_VARIANCE = 6.8
#: Their priors on bead shapes, as costs (-log p).
_SHAPES = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2}
_SHAPE_COST = {shape: -math.log(p) for shape, p in _SHAPES.items()}
#: Half-width of the band around the diagonal, beyond the difference in block counts.
_BAND = 20


def paired_blocks(fr: list[str], en: list[str]) -> Iterator[tuple[str, str]]:
    """The 1-1 pairs of blocks: by position when the counts agree, else by Gale–Church on lengths."""
    if len(fr) == len(en):
        yield from zip(fr, en, strict=True)
        return
    for i, j in _gale_church(np.array([len(b) for b in fr]), np.array([len(b) for b in en])):
        yield fr[i], en[j]


def _gale_church(fr_len: NDArray[np.int64], en_len: NDArray[np.int64]) -> list[tuple[int, int]]:
    """The 1-1 beads (French block, English block) of the cheapest path; one numpy row at a time,
    in a band around the diagonal."""
    n, m = len(fr_len), len(en_len)
    if not n or not m:
        return []
    fr_cum, en_cum = np.r_[0, np.cumsum(fr_len)], np.r_[0, np.cumsum(en_len)]
    band = abs(n - m) + _BAND
    lows = [max(0, i * m // n - band) for i in range(n + 1)]
    highs = [min(m, i * m // n + band) for i in range(n + 1)]
    costs: list[NDArray[np.float64]] = []
    moves: list[NDArray[np.int8]] = []
    shapes = [shape for shape in _SHAPE_COST if shape[0]]
    for i in range(n + 1):
        columns = np.arange(lows[i], highs[i] + 1)
        best = np.full(len(columns), np.inf)
        move = np.full(len(columns), -1, dtype=np.int8)
        if i == 0:
            best[columns == 0] = 0.0
        for index, (di, dj) in enumerate(shapes):
            if i - di < 0:
                continue
            before = columns - dj
            inside = (before >= lows[i - di]) & (before <= highs[i - di])
            previous = np.full(len(columns), np.inf)
            previous[inside] = costs[i - di][before[inside] - lows[i - di]]
            step = np.full(len(columns), _SHAPE_COST[(di, dj)])
            if dj:
                fr_chars = fr_cum[i] - fr_cum[i - di]
                en_chars = en_cum[np.maximum(columns, dj)] - en_cum[np.maximum(columns - dj, 0)]
                delta = (en_chars - fr_chars * _CHAR_RATIO) / np.sqrt(max(fr_chars, 1) * _VARIANCE)
                step += -np.log(np.maximum(special.erfc(np.abs(delta) / np.sqrt(2)), 1e-300))
                step[columns < dj] = np.inf
            total = previous + step
            better = total < best
            best[better], move[better] = total[better], index
        # 0-1 beads chain along the row: cost[j] = min over k <= j of best[k] + (j - k) * skip.
        skip = _SHAPE_COST[(0, 1)]
        offsets = np.arange(len(columns)) * skip
        chained = np.minimum.accumulate(best - offsets) + offsets
        move[chained < best] = len(shapes)
        costs.append(np.minimum(chained, best))
        moves.append(move)
    i, j, beads = n, m, []
    while i or j:
        index = int(moves[i][j - lows[i]])
        if index < 0:
            return []
        di, dj = shapes[index] if index < len(shapes) else (0, 1)
        if (di, dj) == (1, 1):
            beads.append((i - 1, j - 1))
        i, j = i - di, j - dj
    return beads[::-1]


# --- Counting ----------------------------------------------------------------------


def _binary(rows: list[list[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for words in rows:
        ids = sorted({vocabulary[w] for w in words if w in vocabulary})
        indices += ids
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))


def _vocabulary(rows: list[list[str]]) -> dict[str, int]:
    """Words in at least MIN_BLOCKS blocks (rarer ones cannot reach MIN_BLOCKS shared blocks)."""
    counts: dict[str, int] = {}
    for words in rows:
        for w in set(words):
            counts[w] = counts.get(w, 0) + 1
    kept = sorted(w for w, c in counts.items() if c >= MIN_BLOCKS)
    return {w: n for n, w in enumerate(kept)}


def build(codes_left_out: set[str]) -> tuple[list[tuple[str, str, float]], dict[str, int]]:
    stop_fr, stop_en = function_words("fr"), function_words("en")
    fr_rows: list[list[str]] = []
    en_rows: list[list[str]] = []
    stats = {"acts": 0, "acts_left_out": 0, "acts_by_position": 0, "block_pairs": 0}
    for en_path in sorted((CORPUS / "en").glob("*.txt")):
        code = en_path.stem
        if code in codes_left_out:
            stats["acts_left_out"] += 1
            continue
        fr, en = blocks(CORPUS / "fr" / en_path.name), blocks(en_path)
        stats["acts"] += 1
        stats["acts_by_position"] += len(fr) == len(en)
        for fr_block, en_block in paired_blocks(fr, en):
            fr_words, en_words = content_words(fr_block, stop_fr), content_words(en_block, stop_en)
            if fr_words and en_words and max(len(fr_words), len(en_words)) <= MAX_BLOCK_WORDS:
                fr_rows.append(fr_words)
                en_rows.append(en_words)
    stats["block_pairs"] = len(fr_rows)
    fr_vocab, en_vocab = _vocabulary(fr_rows), _vocabulary(en_rows)
    fr_matrix, en_matrix = _binary(fr_rows, fr_vocab), _binary(en_rows, en_vocab)
    both = (fr_matrix.T @ en_matrix).tocoo()
    fr_blocks = np.asarray(fr_matrix.sum(axis=0)).ravel()
    en_blocks = np.asarray(en_matrix.sum(axis=0)).ravel()
    keep = both.data >= MIN_BLOCKS
    rows, cols, shared = both.row[keep], both.col[keep], both.data[keep]
    dice = 2 * shared / (fr_blocks[rows] + en_blocks[cols])
    fr_words, en_words = sorted(fr_vocab, key=fr_vocab.__getitem__), sorted(en_vocab, key=en_vocab.__getitem__)
    entries = []
    order = np.lexsort((-dice, rows))
    starts = np.flatnonzero(np.r_[True, rows[order][1:] != rows[order][:-1]])
    for start, end in zip(starts, np.r_[starts[1:], len(order)], strict=True):
        best = dice[order[start]]
        if best < FLOOR_DICE:
            continue
        for k in order[start : min(end, start + TOP)]:
            if dice[k] >= MIN_DICE * best:
                entries.append((fr_words[rows[k]], en_words[cols[k]], float(dice[k])))
    stats.update(fr_vocabulary=len(fr_vocab), en_vocabulary=len(en_vocab), entries=len(entries),
                 fr_words=len({fr for fr, _, _ in entries}))
    return entries, stats


def write(entries: list[tuple[str, str, float]], path: Path, stats: dict[str, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# French->English word lexicon (Dice over paired provisions) built by bench/lexicon_build.py from "
        f"{stats['acts']} Acts of justicecanada/laws-lois-xml (commit d6853c4af2ae0b7ab8c205a0e95ee734b9945c31); "
        "Open Government Licence - Canada, Copyright (c) 2020 Government of Canada. "
        "Columns: french, english, dice.\n"
    )
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as stream:
        stream.write(header)
        for fr, en, dice in entries:
            stream.write(f"{fr}\t{en}\t{dice:.3f}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    start = time.perf_counter()
    entries, stats = build(held_out_codes())
    write(entries, args.output, stats)
    seconds = time.perf_counter() - start
    print(f"{stats}; {args.output} {args.output.stat().st_size / 1e6:.2f} MB; {seconds:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
