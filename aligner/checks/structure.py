"""A heading matched with body text, a list item with a paragraph: ``structure``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aligner.checks.drift import document_fences
from aligner.document import Document
from aligner.findings import Finding

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity

#: A heading aligned with body text is most likely a misalignment or a lost heading.
HEADING_SEVERITY: Severity = "medium"
#: A list item rendered as a paragraph (or the reverse) is usually layout.
SEVERITY: Severity = "low"
_NAMES = {"head": "heading", "p": "paragraph text", "item": "list item"}


def run(pair: AlignedPair) -> list[Finding]:
    """One finding per matched bead whose two sides are different kinds of block, but where only their
    punctuation differs.

    Reading tells a heading by its punctuation, which the two versions do not always share (« Paiements sur
    le Trésor » / "Payments out of C.R.F.", a lead-in to a formula with its colon and one without): one
    sentence a side, translating each other as well as the document's pairs do (its drift fence), is
    neither a misalignment nor a lost heading.
    """
    known = [fence for fence in document_fences(pair).values() if fence is not None]
    fence = min(known) if known else None
    findings = []
    for bead in pair.matched:
        src_kinds = _kinds(pair.alignment.src, bead.src)
        tgt_kinds = _kinds(pair.alignment.tgt, bead.tgt)
        if src_kinds == tgt_kinds:
            continue
        one_line = len(bead.src) == len(bead.tgt) == 1
        if one_line and fence is not None and bead.similarity is not None and bead.similarity >= fence:
            continue
        severity = HEADING_SEVERITY if "head" in src_kinds ^ tgt_kinds else SEVERITY
        evidence = f"{_describe(src_kinds)} aligned with {_describe(tgt_kinds)}"
        findings.append(pair.finding(bead, "structure", severity, evidence))
    return findings


def _kinds(document: Document, ids: tuple[int, ...]) -> set[str]:
    return {document.blocks[document.sentences[i].block].kind for i in ids}


def _describe(kinds: set[str]) -> str:
    return " and ".join(sorted(_NAMES[kind] for kind in kinds))
