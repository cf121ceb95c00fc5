"""A first list of divergences: unmatched sentences, numbers and dates that differ, the least similar beads.

What counts as "low" similarity depends on the document (its style, its
length, the model), so the threshold is calibrated per document: Tukey's
lower fence, ``Q1 - 1.5 * IQR`` of the similarities of its matched beads.
"""

from __future__ import annotations

import numpy as np

from aligner import form
from aligner.model import Alignment, Bead, Divergence, Document
from aligner.values import ValueDifference, compare_dates, compare_numbers, numbers

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
    """Unmatched sentences, value, form and structure differences, low-similarity beads; most serious first.

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
        if bead.is_match:
            items += _value_divergences(alignment, bead)
            items += _form_divergences(alignment, bead)
            items += _structure_divergences(alignment, bead)
        if not bead.tgt:
            items.append(_unmatched(alignment, bead, "omission", "source"))
        elif not bead.src:
            items.append(_unmatched(alignment, bead, "addition", "target"))
        elif fence is not None and bead.similarity is not None and bead.similarity < fence:
            evidence = f"similarity {bead.similarity:.3f} is below this document's low-similarity fence {fence:.3f}"
            items.append(_item(alignment, bead, "meaning_drift", "medium", evidence, round(1.0 - bead.similarity, 4)))
    return sorted(items, key=lambda item: (_SEVERITY_ORDER[item.severity], -item.score, item.src, item.tgt))


def _value_divergences(alignment: Alignment, bead: Bead) -> list[Divergence]:
    """Dates, then numbers, that one side of a matched bead has and the other lacks."""
    src_text, tgt_text = alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt")
    src_lang, tgt_lang = alignment.source.lang, alignment.target.lang
    items = []
    date_difference = compare_dates(src_text, src_lang, tgt_text, tgt_lang)
    if date_difference:
        items.append(_value_item(alignment, bead, "date", date_difference))
    # A day or year already reported inside a date is not reported again as a number.
    in_dates = {v.value for surface in date_difference.only_src for v in numbers(surface, src_lang)}
    in_dates |= {v.value for surface in date_difference.only_tgt for v in numbers(surface, tgt_lang)}
    number_difference = compare_numbers(src_text, src_lang, tgt_text, tgt_lang, ignore=in_dates)
    if number_difference:
        items.append(_value_item(alignment, bead, "number", number_difference))
    return items


def _item(alignment: Alignment, bead: Bead, kind: str, severity: str, evidence: str, score: float = 1.0) -> Divergence:
    """A finding on one bead, with both sides' texts."""
    return Divergence(
        kind=kind,
        severity=severity,
        src=bead.src,
        tgt=bead.tgt,
        src_text=alignment.side_text(bead, "src"),
        tgt_text=alignment.side_text(bead, "tgt"),
        evidence=evidence,
        score=score,
    )


def _form_divergences(alignment: Alignment, bead: Bead) -> list[Divergence]:
    """QA-tool checks on the surface of a matched bead."""
    src_text, tgt_text = alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt")
    items = []
    copied = form.untranslated(src_text, tgt_text)
    if copied:
        items.append(_item(alignment, bead, "form", "high", copied))
    for check in (form.address_mismatch, form.bracket_mismatch):
        evidence = check(src_text, tgt_text)
        if evidence:
            items.append(_item(alignment, bead, "form", "medium", evidence))
    return items


def _kinds(document: Document, ids: tuple[int, ...]) -> set[str]:
    return {document.blocks[document.sentences[i].block].kind for i in ids}


def _structure_divergences(alignment: Alignment, bead: Bead) -> list[Divergence]:
    """A heading matched with body text, a list item with a paragraph."""
    src_kinds = _kinds(alignment.source, bead.src)
    tgt_kinds = _kinds(alignment.target, bead.tgt)
    if src_kinds == tgt_kinds:
        return []
    names = {"head": "heading", "p": "paragraph text", "item": "list item"}
    describe = lambda kinds: " and ".join(sorted(names[kind] for kind in kinds))  # noqa: E731
    severity = "medium" if "head" in src_kinds ^ tgt_kinds else "low"
    return [_item(alignment, bead, "structure", severity, f"{describe(src_kinds)} aligned with {describe(tgt_kinds)}")]


def _value_item(alignment: Alignment, bead: Bead, kind: str, difference: ValueDifference) -> Divergence:
    # A value replaced by another is likely a mistake; a value on one side only
    # is often rewording ("subsection (1)" spelled out in one version only).
    severity = "high" if difference.only_src and difference.only_tgt else "medium"
    return _item(alignment, bead, kind, severity, f"{kind}s differ: {difference}")


def _unmatched(alignment: Alignment, bead: Bead, kind: str, side: str) -> Divergence:
    heading = _is_heading(alignment, bead)
    what = "heading" if heading else "sentence"
    evidence = f"{side} {what} with no counterpart in the other version"
    return _item(alignment, bead, kind, "medium" if heading else "high", evidence)


def _is_heading(alignment: Alignment, bead: Bead) -> bool:
    document, ids = (alignment.source, bead.src) if bead.src else (alignment.target, bead.tgt)
    return all(document.blocks[document.sentences[i].block].kind == "head" for i in ids)
