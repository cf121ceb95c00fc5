"""A first list of divergences: unmatched sentences and the least similar beads.

What counts as "low" similarity depends on the document (its style, its
length, the model), so the threshold is calibrated per document: Tukey's
lower fence, ``Q1 - 1.5 * IQR`` of the similarities of its matched beads.
"""

from __future__ import annotations

import numpy as np

from aligner.model import Alignment, Bead, Divergence

#: How far below the first quartile, in interquartile ranges, a bead is an outlier.
FENCE = 1.5
#: Fewer matched beads than this give no meaningful quartiles.
MIN_BEADS_FOR_FENCE = 8

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def similarity_fence(beads: list[Bead]) -> float | None:
    """The similarity below which a matched bead is unusually low for this document."""
    similarities = [bead.similarity for bead in beads if bead.similarity is not None]
    if len(similarities) < MIN_BEADS_FOR_FENCE:
        return None
    q1, q3 = np.percentile(similarities, [25, 75])
    return float(q1 - FENCE * (q3 - q1))


def find_divergences(alignment: Alignment) -> list[Divergence]:
    """Unmatched sentences and low-similarity beads, most serious first.

    Headings and body text get separate fences: a short heading and its
    translation ("Attributions" / "Powers, duties and functions") are
    naturally less similar than two sentences.
    """
    headings = [bead for bead in alignment.beads if _is_heading(alignment, bead)]
    body = [bead for bead in alignment.beads if not _is_heading(alignment, bead)]
    fences = {id(bead): fence for group in (headings, body) for fence in [similarity_fence(group)] for bead in group}
    items = []
    for bead in alignment.beads:
        fence = fences[id(bead)]
        if not bead.tgt:
            items.append(_unmatched(alignment, bead, "omission", "source"))
        elif not bead.src:
            items.append(_unmatched(alignment, bead, "addition", "target"))
        elif fence is not None and bead.similarity is not None and bead.similarity < fence:
            items.append(
                Divergence(
                    kind="meaning_drift",
                    severity="medium",
                    src=bead.src,
                    tgt=bead.tgt,
                    src_text=alignment.side_text(bead, "src"),
                    tgt_text=alignment.side_text(bead, "tgt"),
                    evidence=(
                        f"similarity {bead.similarity:.3f} is below this document's "
                        f"low-similarity fence {fence:.3f}"
                    ),
                    score=round(1.0 - bead.similarity, 4),
                )
            )
    return sorted(items, key=lambda item: (_SEVERITY_ORDER[item.severity], -item.score, item.src, item.tgt))


def _unmatched(alignment: Alignment, bead: Bead, kind: str, side: str) -> Divergence:
    heading = _is_heading(alignment, bead)
    what = "heading" if heading else "sentence"
    return Divergence(
        kind=kind,
        severity="medium" if heading else "high",
        src=bead.src,
        tgt=bead.tgt,
        src_text=alignment.side_text(bead, "src"),
        tgt_text=alignment.side_text(bead, "tgt"),
        evidence=f"{side} {what} with no counterpart in the other version",
        score=1.0,
    )


def _is_heading(alignment: Alignment, bead: Bead) -> bool:
    document, ids = (alignment.source, bead.src) if bead.src else (alignment.target, bead.tgt)
    return all(document.blocks[document.sentences[i].block].kind == "head" for i in ids)
