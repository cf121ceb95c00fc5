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
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity
    from aligner.document import Bead

import numpy as np
from numpy.typing import NDArray

from aligner.checks.cover import CONFIRMED, UNSAID, ClauseCover, Rule
from aligner.checks.words import PairWords
from aligner.embed import Embedder, embed_unique
from aligner.embed.cache import embed_cuts
from aligner.findings import Finding, Spans

#: Where a clause ends.
CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\[\]—–]|\s-\s)\s*")
_DOUBLED_MARK = re.compile(r"([,;:—–])(?:\s*[,;:—–])+")
#: Shorter pieces (a label, "(a)", "in particular") are never reported alone.
MIN_WORDS = 3
#: How much more similar the rest must be once the clause is cut. On the
#: faithful demo Act, the largest gains of genuine clauses reach 0.042; on
#: clauses cut at random from laws-fr-en DEV pairs, see bench/divergence_bench.py.
MIN_GAIN = 0.045
#: A side of a pair, as findings name it.
Side = Literal["src", "tgt"]
_SIDES: tuple[Side, Side] = ("src", "tgt")


@dataclass(frozen=True)
class Unsaid:
    """A clause of one side with no counterpart on the other."""

    side: Side
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

    @property
    def score(self) -> float:
        """How much the pair's meanings differ: 1 - similarity, plus the largest gain from cutting one clause."""
        return round(1.0 - self.similarity + self.gain, 4)


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
    cuts: list[Cut] = []
    for index, pair in enumerate(pairs):
        for side, text in enumerate(pair):
            clauses = clause_spans(text)
            if len(clauses) >= 2:
                words = word_spans(text)
                cuts += [Cut(index, side, span, _words_within(words, span)) for span in clauses]
    similarities, gains = _cut_gains(pairs, cuts, embedder)
    found: list[list[Unsaid]] = [[] for _ in pairs]
    best = np.zeros(len(pairs))
    for cut, gain in zip(cuts, gains, strict=True):
        best[cut.pair] = max(best[cut.pair], gain)
        if gain >= MIN_GAIN:
            found[cut.pair].append(Unsaid(_SIDES[cut.side], *cut.span, round(float(gain), 4)))
    return [
        PairCheck(round(float(similarity), 4), round(float(gain), 4), tuple(unsaid))
        for similarity, gain, unsaid in zip(similarities, best, found, strict=True)
    ]


class Cut(NamedTuple):
    """What one leave-one-out test cuts: a span of one side of one pair, and the words it covers."""

    pair: int
    side: int
    #: Characters ``[start, end)`` of the side's text.
    span: tuple[int, int]
    #: Words ``[first, last)`` of the side's text (its whitespace-separated tokens).
    words: tuple[int, int]


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the whitespace-separated words of ``text``."""
    return [match.span() for match in _WORD.finditer(text)]


def _words_within(words: list[tuple[int, int]], span: tuple[int, int]) -> tuple[int, int]:
    """The words ``[first, last)`` that overlap the character span."""
    start, end = span
    overlapping = [n for n, (a, b) in enumerate(words) if a < end and start < b]
    return (overlapping[0], overlapping[-1] + 1) if overlapping else (0, 0)


def _cut_gains(
    pairs: Sequence[tuple[str, str]], cuts: list[Cut], embedder: Embedder
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each pair's similarity, and for each cut how much the similarity rises when it is made; one batch."""
    if not pairs:
        return np.zeros(0), np.zeros(0)
    whole = embed_unique(embedder, [text for pair in pairs for text in pair]).reshape(len(pairs), 2, -1)
    similarities = np.einsum("ij,ij->i", whole[:, 0], whole[:, 1]).astype(np.float64)
    if not cuts:
        return similarities, np.zeros(0)
    cut_vectors = _cut_vectors(pairs, cuts, embedder)
    others = whole[[cut.pair for cut in cuts], [1 - cut.side for cut in cuts]]
    gains = np.einsum("ij,ij->i", cut_vectors, others) - similarities[[cut.pair for cut in cuts]]
    return similarities, gains


def _cut_vectors(pairs: Sequence[tuple[str, str]], cuts: list[Cut], embedder: Embedder) -> NDArray[np.float32]:
    """The embedding of each cut side: composed from the side's tokens where the embedder can
    (:func:`aligner.embed.cache.embed_cuts`), else the cut text embedded as it stands."""
    sides = list(dict.fromkeys((cut.pair, cut.side) for cut in cuts))
    texts = [pairs[index][side] for index, side in sides]
    per_side: dict[tuple[int, int], list[int]] = {key: [] for key in sides}
    for row, cut in enumerate(cuts):
        per_side[(cut.pair, cut.side)].append(row)
    composed = embed_cuts(embedder, texts, [[cuts[row].words for row in per_side[key]] for key in sides])
    vectors: list[NDArray[np.float32] | None] = [None] * len(cuts)
    missing: list[int] = []
    for key, side_vectors in zip(sides, composed, strict=True):
        rows = per_side[key]
        if side_vectors is None:
            missing += rows
        else:
            for row, vector in zip(rows, side_vectors, strict=True):
                vectors[row] = vector
    if missing:
        rests = [without(pairs[cuts[row].pair][cuts[row].side], cuts[row].span) for row in missing]
        for row, vector in zip(missing, embed_unique(embedder, rests), strict=True):
            vectors[row] = vector
    return np.stack([vector for vector in vectors if vector is not None])


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
    cuts: list[Cut] = []
    words_of: list[list[list[tuple[int, int]]]] = []
    for index, pair in enumerate(pairs):
        sides = []
        for side, text in enumerate(pair):
            words = word_spans(text)
            sides.append(words)
            if len(words) < 2:
                continue
            width = min(WINDOW_WORDS, len(words) - 1)
            for first in range(len(words) - width + 1):
                span = (words[first][0], words[first + width - 1][1])
                cuts.append(Cut(index, side, span, (first, first + width)))
        words_of.append(sides)
    _similarities, cut_gains = _cut_gains(pairs, cuts, embedder)
    gains = [[np.full(len(words), -1.0) for words in sides] for sides in words_of]
    for cut, gain in zip(cuts, cut_gains, strict=True):
        window = gains[cut.pair][cut.side][cut.words[0] : cut.words[1]]
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





#: A clause one side lacks changes what the sentence says, but may be a paraphrase.
SEVERITY: Severity = "medium"
#: Words one side says and the other does not (:mod:`aligner.checks.words`) are reported when their
#: shortfall lies this many interquartile ranges above the document's third quartile...
SHORTFALL_FENCE = 1.5
#: ...and reaches this much at least (a faithful document's outliers stay under it).
SHORTFALL_FLOOR = 0.7
#: Fewer matched beads than this give no meaningful quartiles.
MIN_BEADS_FOR_FENCE = 8
#: A side that lacks a clause is shorter than the document's translations: a partial omission is kept
#: only when the target is shorter than the document's median target/source length ratio predicts,
#: by this much at least (log of the ratio), and a partial addition only when it is that much longer.
#: None: no length test. Chosen among None, 0, 0.05, 0.1 and 0.15 by cross-validation over the Acts
#: of laws DEV2 (bench/heldout_bench.py --grid): 0.05 on each of the five folds.
SHORTER_BY: float | None = 0.05
#: A clause cut from one version takes its comma with it: where the source has more commas than the target,
#: a clause the source sets off by a comma is unsaid from this many unrendered content words, fewer than
#: UNSAID asks of any clause (None: no such rule). Chosen among None, 2 and 3 by cross-validation over
#: the Acts of laws DEV2 (bench/heldout_bench.py --grid): 2 on each of the five folds (3 on four folds of
#: five when the words outside a clause chose their renderings first, see aligner.checks.cover).
COMMA_CLAUSE_WORDS: int | None = 2


def run(pair: AlignedPair) -> list[Finding]:
    """Clauses of one side of a matched bead that the other side does not say.

    Three tests: the clause leave-one-out test; within one document, the
    source clauses whose words the target does not render (:mod:`aligner.checks.cover`),
    once per bead (fewer words for a clause set off by a comma that the target lacks:
    ``COMMA_CLAUSE_WORDS``); and the words with no counterpart, once per side where no
    clause was reported. A clause cut from
    a translation is often no clause of the original (« qu'aux conditions
    fixées pour leur acquisition ou détention » / "in accordance with the
    terms"), so cutting the original's clauses does not reveal it; its words,
    though, have no counterpart. Their shortfall is judged against the
    document's own pairs (an outlier above its fence), so it applies only to
    the beads of one document, not to pairs from anywhere (``aligner compare``).

    Headings are translated freely ("Transfert d'attributions" / "Transfer of
    powers, duties and functions"), so they are not tested.

    Within one document, a finding must also agree with the bead's lengths: a target that lacks a
    clause is shorter than the document's median length ratio predicts, one that adds a clause
    longer (``SHORTER_BY``). Where the lengths are as usual, words stand where the clause stood:
    a rewording the word tests mistook for a gap ("Il est entendu que" / "For greater certainty").
    """
    fences = _shortfall_fences(pair) if pair.threshold is None else None
    ratio = _length_ratio(pair) if pair.threshold is None else None
    findings = []
    beads = zip(pair.matched, pair.texts, pair.clauses, pair.read_as_headings, strict=True)
    for n, (bead, texts, check, heading) in enumerate(beads):
        if heading:
            continue
        # Within one document the target's words tell which source clauses it renders (aligner.checks.cover):
        # when it renders them all, the leave-one-out test's clauses, on either side, were noise, and a source
        # clause it renders word for word was noise too (_confirmed). (The target's own clauses make a worse
        # veto: English says more words than the French it renders.)
        # Pairs from anywhere (aligner compare) are judged by the leave-one-out test alone.
        covers = pair.covers[n] if pair.threshold is None else None  # None too for a bead too long to cover
        confirmed = covers is None or any(CONFIRMED.holds(cover) for cover in covers)
        found: list[Finding] = []
        dropped = _dropped_clause_rule(texts)
        for side, text in zip(_SIDES, texts, strict=True):
            unsaid = [u for u in check.unsaid if u.side == side and _confirmed(u, covers)] if confirmed else []
            for clause in unsaid:
                found.append(
                    _one_sided(
                        pair, bead, side, text[clause.start : clause.end],
                        f"similarity rises by {clause.gain:.3f} without it", clause.gain, ((clause.start, clause.end),),
                    )
                )
            unrendered = [
                cover for cover in (covers if covers is not None and side == "src" else ())
                if (UNSAID.holds(cover) or (dropped and dropped.holds(cover) and _comma_clause(text, cover)))
                and not any(u.start < cover.end and cover.start < u.end for u in unsaid)
            ]
            if unrendered:
                # One finding for a side's clauses, however many: the reviewer reads the bead once.
                counts = " and ".join(f"{c.unrendered} of {c.words}" for c in unrendered)
                reason = f"{counts} words without a translation there"
                quoted = " … ".join(text[c.start : c.end] for c in unrendered)
                share = max(c.unrendered / c.words for c in unrendered)
                spans = tuple((c.start, c.end) for c in unrendered)
                found.append(_one_sided(pair, bead, side, quoted, reason, round(share, 4), spans))
        if fences:
            found += _unmatched_words(pair, bead, pair.words[n], fences, {finding.kind for finding in found})
        if ratio is not None:
            found = [finding for finding in found if _length_agrees(finding, texts, ratio)]
        findings += found
    return findings


#: A source clause of the leave-one-out test whose words the target renders but one is the same clause
#: reworded (« Est édictée la Loi …, dont le texte suit : » / "The … Act is enacted as follows:"); it stands
#: from this many of its own words unrendered. Chosen among 1 and 2 by cross-validation over the Acts of
#: laws DEV2 (bench/heldout_bench.py --grid): 2 on each of the five folds, the same cut clauses found.
OWN_UNRENDERED = 2


def _confirmed(clause: Unsaid, covers: list[ClauseCover] | None) -> bool:
    """Whether the words confirm a source clause of the leave-one-out test: some of its own words, two at
    least (OWN_UNRENDERED), are unrendered (CONFIRMED). A target clause, which the cover does not judge, stands."""
    if clause.side != "src" or covers is None:
        return True
    own = next((c for c in covers if (c.start, c.end) == (clause.start, clause.end)), None)
    return own is None or (CONFIRMED.unsaid_within(own) and own.unrendered >= OWN_UNRENDERED)


def _dropped_clause_rule(texts: tuple[str, str]) -> Rule | None:
    """The cover rule for a source clause whose commas the target lacks, or None when the commas agree."""
    src, tgt = texts
    if COMMA_CLAUSE_WORDS is None or src.count(",") <= tgt.count(","):
        return None
    return Rule(words=COMMA_CLAUSE_WORDS, share=UNSAID.share, rest=UNSAID.rest)


def _comma_clause(text: str, cover: ClauseCover) -> bool:
    """Whether the clause is set off by a comma, before or after it."""
    return text[: cover.start].rstrip().endswith(",") or text[cover.end :].lstrip().startswith(",")


def _length_ratio(pair: AlignedPair) -> float | None:
    """The document's median target/source length ratio over its matched beads that are no headings."""
    ratios = [
        len(tgt) / len(src)
        for (src, tgt), heading in zip(pair.texts, pair.read_as_headings, strict=True)
        if src and tgt and not heading
    ]
    return float(np.median(ratios)) if len(ratios) >= MIN_BEADS_FOR_FENCE and SHORTER_BY is not None else None


def _length_agrees(finding: Finding, texts: tuple[str, str], ratio: float) -> bool:
    """Whether the bead's lengths agree with its finding: the target shorter than the document's ratio
    predicts for a partial omission, longer for a partial addition."""
    src, tgt = texts
    shortfall = float(np.log(ratio * len(src) / len(tgt)))
    margin = SHORTER_BY or 0.0
    return shortfall >= margin if finding.kind == "partial_omission" else -shortfall >= margin


def _one_sided(
    pair: AlignedPair, bead: Bead, side: Side, quoted: str, reason: str, score: float, spans: Spans
) -> Finding:
    """The finding for words of ``side`` that the other side does not say."""
    kind, other = (
        ("partial_omission", pair.alignment.tgt) if side == "src" else ("partial_addition", pair.alignment.src)
    )
    evidence = f"« {quoted} » has no counterpart in the {other.lang} version ({reason})"
    return pair.finding(
        bead, kind, SEVERITY, evidence, score,
        src_spans=spans if side == "src" else (), tgt_spans=spans if side == "tgt" else (),
    )


def _shortfall_fences(pair: AlignedPair) -> dict[Side, float] | None:
    """Per side, the unmatched words' shortfall above which a bead is an outlier in its document."""
    shortfalls = {
        side: [words.side_shortfall(side) for words, heading in zip(pair.words, pair.read_as_headings, strict=True)
               if not heading]
        for side in _SIDES
    }
    if len(shortfalls["src"]) < MIN_BEADS_FOR_FENCE:
        return None
    fences: dict[Side, float] = {}
    for side, values in shortfalls.items():
        q1, q3 = np.percentile(values, [25, 75])
        fences[side] = max(float(q3 + SHORTFALL_FENCE * (q3 - q1)), SHORTFALL_FLOOR)
    return fences


def _unmatched_words(
    pair: AlignedPair,
    bead: Bead,
    words: PairWords,
    fences: dict[Side, float],
    reported: set[str],
) -> list[Finding]:
    """A finding for each side whose unmatched words stand out in the document, unless a clause finding
    already says it (``reported``: the kinds of the bead's findings so far)."""
    findings = []
    sides: tuple[tuple[Side, Spans], ...] = tuple(zip(_SIDES, words.spans(), strict=True))
    for side, spans in sides:
        shortfall = words.side_shortfall(side)
        kind = "partial_omission" if side == "src" else "partial_addition"
        if shortfall <= fences[side] or not spans or kind in reported:
            continue
        text = pair.alignment.side_text(bead, side)
        reason = f"unmatched words' shortfall {shortfall:.2f}, above this document's fence {fences[side]:.2f}"
        quoted = " … ".join(text[start:end] for start, end in spans)
        findings.append(_one_sided(pair, bead, side, quoted, reason, round(shortfall, 4), spans))
    return findings
