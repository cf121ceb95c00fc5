"""Which clauses of one side of a pair the other side's words render: the model as a word lexicon.

The bundled model is multilingual down to single words (« mandat » / "term" 0.57, « durée » /
"period" 0.78; unrelated words stay under 0.4). Each content word of one side takes the closest
still unused content word of the other side, at ``RENDERED_SIMILARITY`` or more; the words outside a
clause choose first, so that a clause counts as rendered only by what the rest of the sentence leaves
over: "the Minister" said once does not cover « ministre » twice.

A clause is unsaid when enough of its words find nothing while the rest of the sentence is rendered
(``UNSAID``). The leave-one-out test of :mod:`aligner.checks.clauses` reports a clause only when some
clause of its side has a word left unrendered (``CONFIRMED``): when the other side renders every
clause, the similarity that rose without one was noise.

The rules were chosen by cross-validation over the 40 Acts of laws DEV2 with clauses planted as cut
from the English (``bench/lexicon_eval.py --model-words``): the same rule was chosen on four folds of
five, on each fold held out in turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aligner.embed import Embedder, embed_unique
from aligner.text import function_words, number_spans

#: A word renders another from this cosine up (chosen among 0.4, 0.5 and 0.6 by the same cross-validation).
RENDERED_SIMILARITY = 0.4
#: A pair with more content words than this on a side is not covered: its clauses' linking costs the
#: square of its words, and a bead that long is a run of provisions, whose similarity test stands alone.
MAX_COVER_WORDS = 300
#: Words as compared: runs of letters, or of digits.
_WORD = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class Rule:
    """When a clause counts: at least ``words`` of its content words unrendered, making at least ``share`` of
    them, while at least ``rest`` of the rest of the sentence's content words are rendered."""

    words: int
    share: float
    rest: float

    def holds(self, cover: ClauseCover) -> bool:
        rest_rendered = cover.rest_words > 0 and cover.rest_rendered >= self.rest * cover.rest_words
        return self.unsaid_within(cover) and rest_rendered

    def unsaid_within(self, cover: ClauseCover) -> bool:
        """The clause's own condition, whatever the rest of the sentence: enough of its words unrendered."""
        return cover.unrendered >= self.words and cover.unrendered >= self.share * cover.words


#: A clause the other side does not say.
UNSAID = Rule(words=4, share=0.5, rest=0.5)
#: Some clause of a side with a word unrendered: the leave-one-out test's clauses stand.
CONFIRMED = Rule(words=1, share=0.34, rest=0.0)


@dataclass(frozen=True)
class ClauseCover:
    """One clause of one side: its span, its content words unrendered, and the rest's rendered."""

    start: int
    end: int
    words: int
    unrendered: int
    rest_words: int
    rest_rendered: int


def clause_covers(
    pairs: Sequence[tuple[str, str]],
    clauses: Sequence[Sequence[tuple[int, int]]],
    langs: tuple[str, str],
    embedder: Embedder,
) -> list[list[ClauseCover] | None]:
    """For each (source, target) pair, how the target renders each of the source's clauses; None for a
    pair past ``MAX_COVER_WORDS``.

    ``clauses`` gives each pair's source clause spans. Every distinct word is embedded once. (Only the
    source's clauses are judged: on the target's the rules fail on faithful Acts, English saying more
    words than the French it renders.)
    """
    words = [tuple(_content_words(text, lang) for text, lang in zip(pair, langs, strict=True)) for pair in pairs]
    too_long = [max(map(len, sides)) > MAX_COVER_WORDS for sides in words]
    words = [([], []) if long else sides for sides, long in zip(words, too_long, strict=True)]
    distinct = list(dict.fromkeys(word for sides in words for side in sides for _, word in side))
    vectors = embed_unique(embedder, distinct) if distinct else np.zeros((0, 0), np.float32)
    row = {word: n for n, word in enumerate(distinct)}
    return [
        None if long else [_cover(span, src, _similarities(src, tgt, vectors, row)) for span in spans]
        for (src, tgt), spans, long in zip(words, clauses, too_long, strict=True)
    ]


def _content_words(text: str, lang: str) -> list[tuple[int, str]]:
    """The content words of ``text`` (lower-cased), each with where it starts; a number is one word, its digits,
    however it is written (« deux cent cinquante dollars » / "$250")."""
    stop = function_words(lang)
    numbers = number_spans(text, lang)  # in order, apart
    words = [(start, digits) for start, _, digits in numbers]
    n = 0
    for match in _WORD.finditer(text):
        while n < len(numbers) and numbers[n][1] <= match.start():
            n += 1
        inside = n < len(numbers) and numbers[n][0] <= match.start()
        if not inside and (word := match.group().lower()) not in stop and (len(word) > 1 or word.isdigit()):
            words.append((match.start(), word))
    return sorted(words)


def _similarities(
    src: list[tuple[int, str]], tgt: list[tuple[int, str]], vectors: NDArray[np.float32], row: dict[str, int]
) -> NDArray[np.float32]:
    """Cosines of every source word with every target word; 1 for the same word."""
    if not src or not tgt:
        return np.zeros((len(src), len(tgt)), np.float32)
    src_words, tgt_words = [w for _, w in src], [w for _, w in tgt]
    similarity = vectors[[row[w] for w in src_words]] @ vectors[[row[w] for w in tgt_words]].T
    same = np.array(src_words, dtype=object)[:, None] == np.array(tgt_words, dtype=object)[None, :]
    return np.where(same, np.float32(1.0), similarity)


def _cover(span: tuple[int, int], words: list[tuple[int, str]], similarity: NDArray[np.float32]) -> ClauseCover:
    """How the other side renders the clause ``span``, its words choosing after the rest's."""
    start, end = span
    inside = np.array([start <= position < end for position, _ in words], dtype=bool)
    order = [*np.flatnonzero(~inside), *np.flatnonzero(inside)]
    free = np.ones(similarity.shape[1], dtype=bool)
    rendered = np.zeros(len(words), dtype=bool)
    for n in order:
        if not free.any():
            break
        scores = np.where(free, similarity[n], -np.inf)
        best = int(np.argmax(scores))
        if scores[best] >= RENDERED_SIMILARITY:
            rendered[n], free[best] = True, False
    return ClauseCover(
        start, end,
        words=int(inside.sum()), unrendered=int((inside & ~rendered).sum()),
        rest_words=int((~inside).sum()), rest_rendered=int((~inside & rendered).sum()),
    )
