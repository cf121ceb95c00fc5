"""Sentences with no counterpart in the other version: omissions (source only) and additions (target only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aligner.findings import Finding

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity

#: A sentence the other version lacks is what a reviewer must not miss.
SEVERITY: Severity = "high"
#: A heading alone is often restructured rather than lost (merged into another, turned into a note).
HEADING_SEVERITY: Severity = "medium"


def run(pair: AlignedPair) -> list[Finding]:
    """One finding per unmatched bead: an omission when only the source has it, an addition otherwise."""
    findings = []
    for bead in pair.alignment.beads:
        if bead.is_match:
            continue
        kind, side = ("omission", "source") if bead.src else ("addition", "target")
        heading = pair.is_heading(bead)
        evidence = f"{side} {'heading' if heading else 'sentence'} with no counterpart in the other version"
        findings.append(pair.finding(bead, kind, HEADING_SEVERITY if heading else SEVERITY, evidence))
    return findings
