"""Form checks a reviewer expects from translation QA tools, on one aligned pair of segments.

Each check returns evidence (a short sentence) or None. They look at the
surface only: brackets and quotes left open, an address or e-mail that one
version drops, a segment left untranslated.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aligner.findings import Finding

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity

#: Pairs of opening and closing marks whose counts should match within a segment.
PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>«»\"”)]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
#: Shorter segments (a name, a number, "Ottawa") are the same in both languages.
UNTRANSLATED_MIN_LETTERS = 20


#: Enumeration labels closed by a lone parenthesis: « alinéa 16b) », « 46.1c) », « a) », "2)",
#: « 101(1)b.1) », « 4.1(3)z.4) ».
_LABEL = re.compile(r"(?<![\w.])(?:\d+(?:\.\d+)*[a-z]?|[a-z]{1,2}|[ivxlc]+)(?:\.\d+)?\)$")
_PARENTHESIS = re.compile(r"[()]")


def unbalanced(text: str) -> list[str]:
    """The marks of ``text`` opened and not closed, or closed and not opened."""
    return [
        f"{open_}…{close}"
        for open_, close in PAIRS
        if (_parentheses_unbalanced(text) if open_ == "(" else text.count(open_) != text.count(close))
    ]


def _parentheses_unbalanced(text: str) -> bool:
    """Whether the parentheses of ``text`` cannot all pair, a parenthesis that ends a label pairing or not.

    A label's parenthesis may also close one opened before it (« (appelé … à l'article 118) », « (voir
    l'alinéa 16b)) »), so each depth the text may have reached is followed.
    """
    depths = {0}
    for mark in _PARENTHESIS.finditer(text):
        if mark.group(0) == "(":
            depths = {depth + 1 for depth in depths}
            continue
        closing = {depth - 1 for depth in depths if depth}
        depths = closing | depths if _LABEL.search(text, 0, mark.end()) else closing
        if not depths:
            return True
    return 0 not in depths


def bracket_mismatch(src: str, tgt: str) -> str | None:
    """Brackets or quotes balanced in one version and not in the other."""
    src_open, tgt_open = unbalanced(src), unbalanced(tgt)
    if src_open == tgt_open:
        return None
    parts = []
    if src_open:
        parts.append("unbalanced in the source: " + ", ".join(src_open))
    if tgt_open:
        parts.append("unbalanced in the target: " + ", ".join(tgt_open))
    return "; ".join(parts)


def _addresses(text: str) -> set[str]:
    return {match.rstrip(".,;:").lower() for match in _URL.findall(text) + _EMAIL.findall(text)}


def address_mismatch(src: str, tgt: str) -> str | None:
    """Web addresses or e-mails that only one version gives."""
    src_addresses, tgt_addresses = _addresses(src), _addresses(tgt)
    parts = []
    if src_addresses - tgt_addresses:
        parts.append("source only: " + ", ".join(sorted(src_addresses - tgt_addresses)))
    if tgt_addresses - src_addresses:
        parts.append("target only: " + ", ".join(sorted(tgt_addresses - src_addresses)))
    return "; ".join(parts) or None


def untranslated(src: str, tgt: str) -> str | None:
    """The target is the source, unchanged (a segment left untranslated)."""
    letters = sum(character.isalpha() for character in src)
    if letters >= UNTRANSLATED_MIN_LETTERS and " ".join(src.split()).casefold() == " ".join(tgt.split()).casefold():
        return "the target is identical to the source: left untranslated?"
    return None


#: A segment left untranslated is certainly wrong.
UNTRANSLATED_SEVERITY: Severity = "high"
#: An address or a bracket lost in one version may be a typo or layout.
MISMATCH_SEVERITY: Severity = "medium"


def run(pair: AlignedPair) -> list[Finding]:
    """The form checks on every matched bead."""
    findings = []
    for bead, (src_text, tgt_text) in zip(pair.matched, pair.texts, strict=True):
        copied = untranslated(src_text, tgt_text)
        if copied:
            findings.append(pair.finding(bead, "form", UNTRANSLATED_SEVERITY, copied))
        for check in (address_mismatch, bracket_mismatch):
            evidence = check(src_text, tgt_text)
            if evidence:
                findings.append(pair.finding(bead, "form", MISMATCH_SEVERITY, evidence))
    return findings
