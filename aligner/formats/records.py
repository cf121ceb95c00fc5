"""One record per bead, for the tools that read rows: XLSX for review, JSONL for pipelines.

A record carries both texts, the bead type, the similarity and the
findings on that bead, so that a reviewer filtering a spreadsheet,
or a script filtering training data, needs no other file.
"""

from __future__ import annotations

from dataclasses import dataclass

from aligner.document import Alignment, Bead
from aligner.findings import Comparison, Finding


@dataclass(frozen=True)
class BeadRecord:
    """A bead with everything a row shows about it."""

    number: int
    bead: Bead
    src_text: str
    tgt_text: str
    findings: tuple[Finding, ...]


def bead_records(alignment: Alignment, comparison: Comparison) -> list[BeadRecord]:
    """The beads in order, numbered from 1, each with the findings that concern it."""
    per_bead = comparison.per_bead(alignment.beads)
    return [
        BeadRecord(number, bead, alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt"), tuple(findings))
        for number, (bead, findings) in enumerate(zip(alignment.beads, per_bead, strict=True), 1)
    ]
