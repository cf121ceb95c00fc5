"""Clauses of one side of an aligned pair that the other side does not say.

A sentence pair can be well aligned and still differ: a clause, a
parenthetical or a list member present in one version only. The test used
here is leave-one-out: cut a clause out of one side and embed what is left.
If the rest is *more* similar to the other side than the whole was, the
clause was pulling the two apart, so the other side most likely lacks it.
For a clause the other side does say, cutting it lowers the similarity.

Clauses are cut at punctuation that marks one (``, ; : ( ) [ ] — –`` and a
spaced hyphen); a side with fewer than two clauses of ``MIN_WORDS`` words or
more is not tested. All cut texts of a document are embedded in one batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.embed import Embedder, embed_unique

#: Where a clause ends.
CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\[\]—–]|\s-\s)\s*")
_DOUBLED_MARK = re.compile(r"([,;:—–])(?:\s*[,;:—–])+")
#: Shorter pieces (a label, "(a)", "in particular") are never reported alone.
MIN_WORDS = 3
#: How much more similar the rest must be once the clause is cut. On the
#: faithful demo Act, the largest gains of genuine clauses reach 0.042; on
#: clauses cut at random from laws-fr-en DEV pairs, see bench/divergence_bench.py.
MIN_GAIN = 0.045


@dataclass(frozen=True)
class Unsaid:
    """A clause of one side with no counterpart on the other."""

    side: str
    start: int
    end: int
    #: How much the pair's similarity rises when the clause is cut.
    gain: float


@dataclass(frozen=True)
class PairCheck:
    """What the leave-one-out test found in one pair."""

    similarity: float
    #: The largest rise in similarity from cutting one clause (0 when none was tested).
    gain: float
    unsaid: tuple[Unsaid, ...]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the clauses of ``text`` that are long enough to test."""
    spans, start = [], 0
    for match in CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if len(text[a:b].split()) >= MIN_WORDS]


def without(text: str, span: tuple[int, int]) -> str:
    """``text`` with the span cut out and the seam tidied."""
    start, end = span
    joined = re.sub(r"\s+", " ", f"{text[:start]} {text[end:]}")
    # The cut leaves the marks on both sides of the clause side by side: keep one.
    return _DOUBLED_MARK.sub(r"\1", joined).strip(" ,;:")


def check_pairs(pairs: Sequence[tuple[str, str]], embedder: Embedder) -> list[PairCheck]:
    """The leave-one-out test on every (source, target) pair, embedded in one batch."""
    cuts: list[tuple[int, str, tuple[int, int], str]] = []
    for index, (src_text, tgt_text) in enumerate(pairs):
        for side, text in (("src", src_text), ("tgt", tgt_text)):
            spans = clause_spans(text)
            if len(spans) >= 2:
                cuts += [(index, side, span, without(text, span)) for span in spans]
    texts = [text for pair in pairs for text in pair] + [rest for *_, rest in cuts]
    vectors = embed_unique(embedder, texts) if texts else np.zeros((0, 0), dtype=np.float32)
    whole = vectors[: 2 * len(pairs)].reshape(len(pairs), 2, -1)
    similarities = np.einsum("ij,ij->i", whole[:, 0], whole[:, 1])
    found: list[list[Unsaid]] = [[] for _ in pairs]
    gains = np.zeros(len(pairs))
    for row, (index, side, (start, end), _rest) in enumerate(cuts):
        other = whole[index, 1 if side == "src" else 0]
        gain = float(vectors[2 * len(pairs) + row] @ other) - float(similarities[index])
        gains[index] = max(gains[index], gain)
        if gain >= MIN_GAIN:
            found[index].append(Unsaid(side, start, end, round(gain, 4)))
    return [
        PairCheck(round(float(similarity), 4), round(float(gain), 4), tuple(unsaid))
        for similarity, gain, unsaid in zip(similarities, gains, found, strict=True)
    ]


#: Words cut out at a time when looking for the words a pair does not share.
WINDOW_WORDS = 3
#: A word is unsaid when cutting some window that holds it raises the similarity this much.
MIN_WORD_GAIN = 0.01
_WORD = re.compile(r"\S+")


def unsaid_words(
    pairs: Sequence[tuple[str, str]], embedder: Embedder
) -> list[tuple[tuple[tuple[int, int], ...], ...]]:
    """For each pair, the spans of each side's words the other side does not say: ``[src spans, tgt spans]``.

    Leave-one-out again, at the scale of words: every window of
    ``WINDOW_WORDS`` words is cut in turn; a word's gain is the best gain of
    the windows that hold it, and runs of words whose gain reaches
    ``MIN_WORD_GAIN`` are the spans. One batch for all pairs.
    """
    cuts: list[tuple[int, int, int, int, str]] = []  # pair, side, first word, last word, rest
    words_of: list[list[list[tuple[int, int]]]] = []
    for index, pair in enumerate(pairs):
        sides = []
        for side, text in enumerate(pair):
            words = [match.span() for match in _WORD.finditer(text)]
            sides.append(words)
            if len(words) < 2:
                continue
            width = min(WINDOW_WORDS, len(words) - 1)
            for first in range(len(words) - width + 1):
                start, end = words[first][0], words[first + width - 1][1]
                cuts.append((index, side, first, first + width, without(text, (start, end))))
        words_of.append(sides)
    texts = [text for pair in pairs for text in pair] + [rest for *_, rest in cuts]
    if not texts:
        return []
    vectors = embed_unique(embedder, texts)
    whole = vectors[: 2 * len(pairs)].reshape(len(pairs), 2, -1)
    base = np.einsum("ij,ij->i", whole[:, 0], whole[:, 1])
    gains = [[np.full(len(words), -1.0) for words in sides] for sides in words_of]
    for row, (index, side, first, last, _rest) in enumerate(cuts):
        gain = float(vectors[2 * len(pairs) + row] @ whole[index, 1 - side]) - float(base[index])
        window = gains[index][side][first:last]
        np.maximum(window, gain, out=window)
    return [
        tuple(_runs(words, side_gains) for words, side_gains in zip(sides, pair_gains, strict=True))
        for sides, pair_gains in zip(words_of, gains, strict=True)
    ]


def _runs(words: list[tuple[int, int]], gains: np.ndarray) -> tuple[tuple[int, int], ...]:
    """Character spans of the runs of consecutive words whose gain reaches MIN_WORD_GAIN."""
    spans: list[tuple[int, int]] = []
    previous = -2
    for position, ((start, end), gain) in enumerate(zip(words, gains, strict=True)):
        if gain < MIN_WORD_GAIN:
            continue
        if position == previous + 1 and spans:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous = position
    return tuple(spans)
