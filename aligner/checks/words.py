"""Words of one side of a pair that have no counterpart on the other side.

The bundled model is multilingual down to single words: « ministre » and
"minister" embed close together. Each word of one side is compared with
every word and every two-word sequence of the other side (so « fédérales »
can meet "Federal institutions"); a word that occurs verbatim on the other
side (a name, a number) matches fully. A content word whose best match stays
under ``MATCH_FLOOR`` has no counterpart.

How far each such word falls short of the floor, summed over the side that
lacks the most, measures how much one side says that the other does not; it
complements the sentence similarity, which a few missing or substituted
words barely move. Each distinct word and word pair is embedded once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from aligner.embed import Embedder, embed_unique
from aligner.embed.cache import embed_word_pairs
from aligner.text import function_words, is_content_word

#: A word's best match across the pair must reach this cosine for the word to
#: have a counterpart. Chosen on synthetic divergences (2 to 6 words deleted
#: or replaced on one side of laws-fr-en DEV pairs), not on judged data.
MATCH_FLOOR = 0.55
_TOKEN = re.compile(r"\S+")
#: Words compared with the other side at once, which bounds memory on long pairs.
MATCH_BLOCK = 512

#: One side's spans: ``((start, end), ...)``, end exclusive.
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class WordMatch:
    """A word of one side and how well the other side matches it."""

    start: int
    end: int
    #: False for function words ("the", « de »), which are never reported alone.
    content: bool
    #: The best cosine with a word or word pair of the other side (1 when it occurs there as it is).
    best: float

    @property
    def unmatched(self) -> bool:
        """A content word that the other side does not say."""
        return self.content and self.best < MATCH_FLOOR


@dataclass(frozen=True)
class PairWords:
    """Both sides' words of one pair, with their best matches."""

    src: tuple[WordMatch, ...]
    tgt: tuple[WordMatch, ...]

    @property
    def shortfall(self) -> float:
        """How far the unmatched words fall short of the floor, summed, on the side that lacks the most."""
        return round(max(self.side_shortfall("src"), self.side_shortfall("tgt")), 4)

    def side_shortfall(self, side: str) -> float:
        """How far one side's (``src`` or ``tgt``) unmatched words fall short of the floor, summed."""
        return _shortfall(self.src if side == "src" else self.tgt)

    def spans(self) -> tuple[Spans, Spans]:
        """Each side's unmatched words, runs of them joined across the function words between."""
        return _unmatched_spans(self.src), _unmatched_spans(self.tgt)


def match_words(pairs: Sequence[tuple[str, str]], langs: tuple[str, str], embedder: Embedder) -> list[PairWords]:
    """Every word of every (source, target) pair with its best match on the other side; one batch."""
    sides = [(_words(src), _words(tgt)) for src, tgt in pairs]
    singles = list(dict.fromkeys(word.text for src, tgt in sides for side in (src, tgt) for word in side))
    doubles = list(dict.fromkeys(double for src, tgt in sides for side in (src, tgt) for double in _doubles(side)))
    row = {text: index for index, text in enumerate([*singles, *(f"{a} {b}" for a, b in doubles)])}
    vectors = embed_unique(embedder, singles)
    if doubles:
        # Two-word texts composed from their words where the model can (see embed_word_pairs).
        vectors = np.concatenate([vectors, embed_word_pairs(embedder, doubles)])
    stops = [function_words(lang) for lang in langs]
    matched = []
    for src, tgt in sides:
        matched.append(
            PairWords(
                _best_matches(src, tgt, stops[0], vectors, row),
                _best_matches(tgt, src, stops[1], vectors, row),
            )
        )
    return matched


class _Word(NamedTuple):
    """A word, its span, and its position among the text's whitespace tokens."""

    text: str
    start: int
    end: int
    position: int


def _words(text: str) -> list[_Word]:
    """The whitespace tokens of ``text`` that hold a letter or digit."""
    return [
        _Word(m.group(), m.start(), m.end(), position)
        for position, m in enumerate(_TOKEN.finditer(text))
        if _is_word(m.group())
    ]


def _is_word(token: str) -> bool:
    return any(character.isalnum() for character in token)


def _doubles(words: list[_Word]) -> list[tuple[str, str]]:
    """Each pair of words with no other token between them."""
    return [(a.text, b.text) for a, b in pairwise(words) if b.position == a.position + 1]


def _texts(words: list[_Word]) -> list[str]:
    """The words, and each pair of words with no other token between them as one text."""
    return [word.text for word in words] + [f"{a} {b}" for a, b in _doubles(words)]


def _best_matches(
    words: list[_Word],
    other: list[_Word],
    stops: frozenset[str],
    vectors: np.ndarray,
    row: dict[str, int],
) -> tuple[WordMatch, ...]:
    best = [0.0] * len(words)  # no word on the other side: nothing matches
    if words and other:
        # Each distinct word against each distinct candidate, a block of words at a time: a long
        # pair's matrix of similarities would not fit in memory.
        distinct = list(dict.fromkeys(word.text for word in words))
        candidates = vectors[[row[text] for text in dict.fromkeys(_texts(other))]].T
        highest: dict[str, float] = {}
        for start in range(0, len(distinct), MATCH_BLOCK):
            block = distinct[start : start + MATCH_BLOCK]
            highest.update(zip(block, (vectors[[row[text] for text in block]] @ candidates).max(axis=1), strict=True))
        verbatim = {word.text.lower() for word in other}
        best = [1.0 if word.text.lower() in verbatim else float(highest[word.text]) for word in words]
    return tuple(
        WordMatch(word.start, word.end, is_content_word(word.text, stops), round(float(score), 4))
        for word, score in zip(words, best, strict=True)
    )


def _shortfall(words: tuple[WordMatch, ...]) -> float:
    return float(sum(MATCH_FLOOR - word.best for word in words if word.unmatched))


def _unmatched_spans(words: tuple[WordMatch, ...]) -> Spans:
    flagged = [word.unmatched for word in words]
    marked = [n for n, flag in enumerate(flagged) if flag]
    for first, last in pairwise(marked):
        if not any(words[k].content for k in range(first + 1, last)):
            flagged[first + 1 : last] = [True] * (last - first - 1)
    spans: list[tuple[int, int]] = []
    for word, flag in zip(words, flagged, strict=True):
        if flag:
            spans.append((word.start, word.end))
    return tuple(spans)
