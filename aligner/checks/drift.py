"""Matched beads whose two sides drift apart in meaning: ``meaning_drift``.

What counts as "low" similarity depends on the document (its style, its
length, the model), so the threshold is calibrated per document: Tukey's
lower fence, ``Q1 - 1.5 * IQR`` of the similarities of its matched beads of
body text; a pair under the fence drifts only when some clause of its source
has words that no word of its target renders (:mod:`aligner.checks.cover`),
as a clause finding must. Pairs that come from no one document (``aligner
compare``) are held to a fixed threshold on their divergence score instead
(:mod:`aligner.checks.scores`). Headings are tested in neither way: they are
translated freely, and a word or two embed loosely (« Recouvrement » /
"Recovery as debt due to Her Majesty" 0.10, « Définitions » /
"Interpretation" 0.44, on official translations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from aligner.checks.cover import CONFIRMED
from aligner.document import Bead
from aligner.findings import Finding

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity

#: Two sides that drift apart may be a mistranslation, or a free rendering.
SEVERITY: Severity = "medium"
#: How far below the first quartile, in interquartile ranges, a bead is an outlier.
FENCE = 1.5
#: Fewer matched beads than this give no meaningful quartiles.
MIN_BEADS_FOR_FENCE = 8


def run(pair: AlignedPair) -> list[Finding]:
    """Beads under their document's fence or, with a fixed threshold, pairs whose score reaches it."""
    if pair.threshold is not None:
        return _over_threshold(pair, pair.threshold)
    fence = document_fences(pair)[False]
    if fence is None:
        return []
    findings = []
    for n, bead in enumerate(pair.matched):
        if bead.similarity is None or bead.similarity >= fence or pair.is_heading(bead):
            continue
        # As for a clause (aligner.checks.clauses), a low similarity stands only where the words confirm a gap:
        # some source clause with words that no target word renders. Canadian statutes give a short title as
        # « Loi sur les forêts. » and "This Act may be cited as the Forestry Act." (0.36), every word rendered.
        # (The covers are asked for only here: a document with no low pair needs none.)
        covers = pair.covers[n]
        if covers is None or any(CONFIRMED.unsaid_within(cover) for cover in covers):
            evidence = f"similarity {bead.similarity:.3f} is below this document's low-similarity fence {fence:.3f}"
            findings.append(pair.finding(bead, "meaning_drift", SEVERITY, evidence, round(1.0 - bead.similarity, 4)))
    return findings


def document_fences(pair: AlignedPair) -> dict[bool, float | None]:
    """The document's fence for beads of headings (True) and for the others (False): a heading and its
    translation are naturally less similar than two sentences (« Attributions » / "Powers, duties and
    functions")."""
    return {
        heading: similarity_fence([bead for bead in pair.alignment.beads if pair.is_heading(bead) == heading])
        for heading in (True, False)
    }


def similarity_fence(beads: list[Bead]) -> float | None:
    """The similarity below which a matched bead is unusually low for this document."""
    similarities = [bead.similarity for bead in beads if bead.similarity is not None]
    if len(similarities) < MIN_BEADS_FOR_FENCE:
        return None
    q1, q3 = np.percentile(similarities, [25, 75])
    return float(q1 - FENCE * (q3 - q1))


def _over_threshold(pair: AlignedPair, threshold: float) -> list[Finding]:
    findings = []
    for bead, score in zip(pair.matched, pair.scores, strict=True):
        if score >= threshold and not pair.is_heading(bead):
            evidence = f"divergence score {score:.3f} reaches the threshold {threshold:.2f}"
            findings.append(pair.finding(bead, "meaning_drift", SEVERITY, evidence, score))
    return findings
