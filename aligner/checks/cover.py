"""Which clauses of one side of a pair the other side's words render: the model as a word lexicon.

The bundled model is multilingual down to single words (« mandat » / "term" 0.57, « durée » /
"period" 0.78; unrelated words stay under 0.4). Each content word of one side is rendered by at most
one content word of the other side, at ``RENDERED_SIMILARITY`` or more, the closest pairs first: a
loose neighbour does not take the word that renders another (« suivant » and "entry" 0.43 against
« entrée » and "entry" 0.88). A word written both inside and outside a clause is rendered outside first,
so that "the Minister" said once does not cover « ministre » twice.

A clause is unsaid when enough of its words find nothing while the rest of the sentence is rendered
(``UNSAID``). The leave-one-out test of :mod:`aligner.checks.clauses` reports a clause only when some
source clause has a word left unrendered (``CONFIRMED``), and a source clause only when some of its own
words are: when the other side renders a clause word for word, the similarity that rose without it was
noise.

The rules were chosen by cross-validation over the 40 Acts of laws DEV2 with clauses planted as cut
from the English (``bench/lexicon_eval.py --model-words``): the same rule was chosen on four folds of
five, on each fold held out in turn. The closest pairs first, rather than every word outside the clause
first, was measured with ``bench/heldout_bench.py``: on DEV2's planted cuts precision 0.65 → 0.77 (recall
0.66 → 0.62), and on official translations of the laws corpus 124 → 51 partial omissions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aligner.embed import Embedder, embed_unique
from aligner.text import function_words, number_spans, points

#: A word renders another from this cosine up (chosen among 0.4, 0.5 and 0.6 by the same cross-validation,
#: and again on each fold with the closest pairs first: ``bench/heldout_bench.py --grid``).
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
        None if long else _covers(spans, src, _rendered_counts([w for _, w in src], [w for _, w in tgt], vectors, row))
        for (src, tgt), spans, long in zip(words, clauses, too_long, strict=True)
    ]


def _content_words(text: str, lang: str) -> list[tuple[int, str]]:
    """The content words of ``text`` (lower-cased), each with where it starts; a number is one word, its digits,
    however it is written (« deux cent cinquante dollars » / "$250"); a pointing word after a determiner is none."""
    stop = function_words(lang)
    numbers = number_spans(text, lang)  # in order, apart
    words = [(start, digits) for start, _, digits in numbers]
    n, previous, previous_end = 0, "", 0
    for match in _WORD.finditer(text):
        while n < len(numbers) and numbers[n][1] <= match.start():
            n += 1
        inside = n < len(numbers) and numbers[n][0] <= match.start()
        word = match.group().lower()
        # « la présente loi » is "this Act": after a determiner « présente » points, as "this" does.
        pointing = points(word, previous, text[previous_end : match.start()], lang)
        if not inside and not pointing and word not in stop and (len(word) > 1 or word.isdigit()):
            words.append((match.start(), word))
        previous, previous_end = word, match.end()
    return sorted(words)


def _rendered_counts(
    src: list[str], tgt: list[str], vectors: NDArray[np.float32], row: dict[str, int]
) -> Counter[str]:
    """How many occurrences of each source word the target renders: each target word renders one source
    word, at RENDERED_SIMILARITY or more, the closest pairs first. The same word written twice has the same
    cosines, so words are matched as distinct words with their counts."""
    wanted, offered = Counter(src), Counter(tgt)
    rendered: Counter[str] = Counter()
    if not wanted or not offered:
        return rendered
    src_words, tgt_words = list(wanted), list(offered)
    similarity = vectors[[row[w] for w in src_words]] @ vectors[[row[w] for w in tgt_words]].T
    same = np.array(src_words, dtype=object)[:, None] == np.array(tgt_words, dtype=object)[None, :]
    similarity = np.where(same, np.float32(1.0), similarity)
    rows, cols = np.nonzero(similarity >= RENDERED_SIMILARITY)
    for n in np.argsort(-similarity[rows, cols], kind="stable"):
        word, other = src_words[rows[n]], tgt_words[cols[n]]
        matched = min(wanted[word], offered[other])
        if matched:
            rendered[word] += matched
            wanted[word] -= matched
            offered[other] -= matched
    return rendered


def _covers(
    spans: Sequence[tuple[int, int]], words: list[tuple[int, str]], rendered: Counter[str]
) -> list[ClauseCover]:
    """How the other side renders each clause: a word written both inside and outside a clause is rendered
    outside first, so that a clause counts as rendered only by what the rest of the sentence leaves over
    ("the Minister" said once does not cover « ministre » twice)."""
    covers = []
    every = Counter(word for _, word in words)
    for start, end in spans:
        inside = Counter(word for position, word in words if start <= position < end)
        outside = every - inside
        inside_rendered = sum(min(max(rendered[word] - outside[word], 0), n) for word, n in inside.items())
        outside_rendered = sum(min(rendered[word], n) for word, n in outside.items())
        clause_words = sum(inside.values())
        covers.append(
            ClauseCover(
                start, end,
                words=clause_words, unrendered=clause_words - inside_rendered,
                rest_words=len(words) - clause_words, rest_rendered=outside_rendered,
            )
        )
    return covers
