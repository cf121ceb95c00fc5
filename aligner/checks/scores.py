"""How much each matched bead's two sides differ, whether they do, and in which words.

A bead's divergence score is 1 - the cosine of its sides, plus the largest
rise in similarity from cutting one clause (:mod:`aligner.checks.clauses`),
plus the weighted shortfall of its words with no counterpart
(:mod:`aligner.checks.words`). A bead is labelled divergent when a finding
about its meaning concerns it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aligner.checks.clauses import PairCheck, unsaid_words
from aligner.checks.words import PairWords
from aligner.findings import Finding, PairScore, merged_spans

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair

#: Weight of the unmatched words' shortfall (:mod:`aligner.checks.words`) in a
#: pair's divergence score: the ratio of the spreads (interquartile ranges) of
#: the clause score and of the shortfall over REFreSD DEV's pairs, labels
#: unused, so that the two count alike.
WORD_WEIGHT = 0.65
#: Findings that say a matched bead's two sides do not mean the same.
MEANING_KINDS = frozenset({"partial_omission", "partial_addition", "number", "date", "name", "meaning_drift"})


def divergence_score(check: PairCheck, words: PairWords) -> float:
    """How much a pair's meanings differ: the clause score plus the weighted shortfall of its unmatched words."""
    return round(check.score + WORD_WEIGHT * words.shortfall, 4)


def pair_scores(pair: AlignedPair, findings: list[Finding]) -> list[PairScore]:
    """Each matched bead's score, label and spans.

    A divergent bead's spans are those of its meaning findings (unsaid
    clauses, values and names that differ), the words that the word-level
    leave-one-out test finds unsaid, and the words with no counterpart.
    """
    positions = [n for n, bead in enumerate(pair.alignment.beads) if bead.is_match]
    meaning: dict[tuple[tuple[int, ...], tuple[int, ...]], list[Finding]] = {}
    for finding in findings:
        if finding.kind in MEANING_KINDS:
            meaning.setdefault((finding.src, finding.tgt), []).append(finding)
    divergent = [n for n, bead in enumerate(pair.matched) if (bead.src, bead.tgt) in meaning]
    unsaid = dict(zip(divergent, unsaid_words([pair.texts[n] for n in divergent], pair.embedder), strict=True))
    scores = []
    for n, (position, bead, score, words) in enumerate(
        zip(positions, pair.matched, pair.scores, pair.words, strict=True)
    ):
        found = meaning.get((bead.src, bead.tgt), [])
        src_unsaid, tgt_unsaid = unsaid.get(n, ((), ()))
        src_unmatched, tgt_unmatched = words.spans() if found else ((), ())
        scores.append(
            PairScore(
                position,
                bead.src,
                bead.tgt,
                score,
                "divergent" if found else "equivalent",
                merged_spans([*src_unsaid, *src_unmatched, *(span for f in found for span in f.src_spans)]),
                merged_spans([*tgt_unsaid, *tgt_unmatched, *(span for f in found for span in f.tgt_spans)]),
            )
        )
    return scores
