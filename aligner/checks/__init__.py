"""What one version says that the other does not: the divergence checks on an aligned pair.

``compare`` runs them all: unmatched sentences (omissions, additions),
clauses said on one side only (see :mod:`aligner.checks.clauses`), numbers, dates
and names that differ, unusually dissimilar beads, structure and form
checks, and the consistency of terms.

What counts as "low" similarity depends on the document (its style, its
length, the model), so the threshold is calibrated per document: Tukey's
lower fence, ``Q1 - 1.5 * IQR`` of the similarities of its matched beads.
"""

from __future__ import annotations

import math

import numpy as np

from aligner.checks import form
from aligner.embed import Embedder, embed_unique
from aligner.document import Alignment, Bead, Document
from aligner.findings import Comparison, Finding, PairScore, Picture
from aligner.checks.names import compare_names
from aligner.checks.clauses import PairCheck, check_pairs, unsaid_words
from aligner.checks.terms import consistency_findings, terminology
from aligner.checks.values import ValueDifference, compare_dates, compare_numbers, numbers
from aligner.checks.words import PairWords, WordMatch, match_words

#: Weight of the unmatched words' shortfall (:mod:`aligner.checks.words`) in a
#: pair's divergence score: the ratio of the spreads (interquartile ranges) of
#: the clause score and of the shortfall over REFreSD DEV's pairs, labels
#: unused, so that the two count alike.
WORD_WEIGHT = 0.65
#: A name one side lacks is translated all the same when its words match the
#: other side's this well: exonyms reach 0.75 to 0.94 with the bundled model
#: (Angleterre/England, Grande-Bretagne/Great Britain, Suède/Swedish), two
#: different places or people at most 0.66 (Ottawa/Toronto, Trudeau/Harper).
NAME_MATCH_FLOOR = 0.74
#: How far below the first quartile, in interquartile ranges, a bead is an outlier.
FENCE = 1.5
#: Fewer matched beads than this give no meaningful quartiles.
MIN_BEADS_FOR_FENCE = 8

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
#: The alignment picture has at most this many cells a side.
PICTURE_CELLS = 400
#: Findings that say a matched bead's two sides do not mean the same.
MEANING_KINDS = frozenset({"partial_omission", "partial_addition", "number", "date", "name", "meaning_drift"})


def compare(alignment: Alignment, embedder: Embedder, threshold: float | None = None) -> Comparison:
    """Every divergence check on an aligned pair, most serious first, with the per-bead scores and the picture.

    A matched bead drifts in meaning when its similarity is unusually low for
    its document (Tukey's fence); pairs that come from no one document
    (``aligner compare``) are held to a fixed ``threshold`` on their score instead.
    """
    matched = [bead for bead in alignment.beads if bead.is_match]
    texts = [(alignment.side_text(b, "src"), alignment.side_text(b, "tgt")) for b in matched]
    checks = check_pairs(texts, embedder)
    words = match_words(texts, (alignment.src.lang, alignment.tgt.lang), embedder)
    scores = [divergence_score(check, pair_words) for check, pair_words in zip(checks, words, strict=True)]
    words_of = {(bead.src, bead.tgt): pair_words for bead, pair_words in zip(matched, words, strict=True)}
    items = [
        item
        for item in find_divergences(alignment, drift_fence=threshold is None)
        if not (item.kind == "name" and _names_translated(item, words_of[item.src, item.tgt]))
    ]
    for bead, check, score in zip(matched, checks, scores, strict=True):
        # Headings are translated freely ("Transfert d'attributions" / "Transfer of powers, duties and functions").
        if not _is_heading(alignment, bead):
            items += _partial_divergences(alignment, bead, check)
            if threshold is not None and score >= threshold:
                evidence = f"divergence score {score:.3f} reaches the threshold {threshold:.2f}"
                items.append(_item(alignment, bead, "meaning_drift", "medium", evidence, score))
    terms = terminology(alignment, embedder)
    items = sort_findings(items + consistency_findings(alignment, terms))
    pairs = pair_scores(alignment, scores, words, items, embedder)
    return Comparison(items, terms, pairs, alignment_picture(alignment, embedder))


def divergence_score(check: PairCheck, words: PairWords) -> float:
    """How much a pair's meanings differ: the clause score plus the weighted shortfall of its unmatched words."""
    return round(check.score + WORD_WEIGHT * words.shortfall, 4)


def sort_findings(items: list[Finding]) -> list[Finding]:
    """Most serious first: by severity, then score, then position."""
    return sorted(items, key=lambda item: (_SEVERITY_ORDER[item.severity], -item.score, item.src, item.tgt))


def findings_per_bead(beads: list[Bead], items: list[Finding]) -> list[list[Finding]]:
    """For each bead, the findings that concern one of its sentences."""
    src_bead = {i: n for n, bead in enumerate(beads) for i in bead.src}
    tgt_bead = {j: n for n, bead in enumerate(beads) for j in bead.tgt}
    found: list[list[Finding]] = [[] for _ in beads]
    for item in items:
        for n in sorted(
            {src_bead[i] for i in item.src if i in src_bead}
            | {tgt_bead[j] for j in item.tgt if j in tgt_bead}
        ):
            found[n].append(item)
    return found


def pair_scores(
    alignment: Alignment,
    scores: list[float],
    words: list[PairWords],
    items: list[Finding],
    embedder: Embedder,
) -> list[PairScore]:
    """How much each matched bead's sides differ, whether they do, and which words.

    ``scores`` are the matched beads' divergence scores and ``words`` their
    word matches, in order.

    A bead is labelled divergent when a meaning finding concerns it; its
    spans are those of its findings (unsaid clauses, values and names that
    differ), the words that the word-level leave-one-out test finds unsaid,
    and the words with no counterpart on the other side.
    """
    positions = [n for n, bead in enumerate(alignment.beads) if bead.is_match]
    matched = [alignment.beads[n] for n in positions]
    per_bead = findings_per_bead(matched, items)
    meaning = [
        [
            item
            for item in findings
            if item.kind in MEANING_KINDS and item.src == bead.src and item.tgt == bead.tgt
        ]
        for bead, findings in zip(matched, per_bead, strict=True)
    ]
    divergent = [n for n, found in enumerate(meaning) if found]
    texts = [
        (alignment.side_text(matched[n], "src"), alignment.side_text(matched[n], "tgt")) for n in divergent
    ]
    unsaid = dict(zip(divergent, unsaid_words(texts, embedder), strict=True))
    pairs = []
    for n, (position, bead, score, pair_words) in enumerate(zip(positions, matched, scores, words, strict=True)):
        src_unsaid, tgt_unsaid = unsaid.get(n, ((), ()))
        src_unmatched, tgt_unmatched = pair_words.spans() if meaning[n] else ((), ())
        pairs.append(
            PairScore(
                position,
                bead.src,
                bead.tgt,
                score,
                "divergent" if meaning[n] else "equivalent",
                _merged([*src_unsaid, *src_unmatched, *(span for item in meaning[n] for span in item.src_spans)]),
                _merged([*tgt_unsaid, *tgt_unmatched, *(span for item in meaning[n] for span in item.tgt_spans)]),
            )
        )
    return pairs


def _merged(spans) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def alignment_picture(alignment: Alignment, embedder: Embedder) -> Picture | None:
    """Sentence-by-sentence similarities, max-pooled to at most ``PICTURE_CELLS`` a side."""
    src_texts, tgt_texts = alignment.src.texts, alignment.tgt.texts
    if not src_texts or not tgt_texts:
        return None
    src_vectors, tgt_vectors = embed_unique(embedder, src_texts), embed_unique(embedder, tgt_texts)
    src_step = math.ceil(len(src_texts) / PICTURE_CELLS)
    tgt_step = math.ceil(len(tgt_texts) / PICTURE_CELLS)
    columns = math.ceil(len(tgt_texts) / tgt_step)
    rows = []
    # One band of source sentences at a time: a 20,000 x 20,000 matrix would not fit in memory.
    for start in range(0, len(src_texts), src_step):
        band = (src_vectors[start : start + src_step] @ tgt_vectors.T).max(axis=0)
        padded = np.pad(band, (0, columns * tgt_step - len(band)), constant_values=-1.0)
        rows.append(padded.reshape(columns, tgt_step).max(axis=1))
    return Picture(np.round(np.array(rows, dtype=np.float32), 3), src_step, tgt_step)


def _partial_divergences(alignment: Alignment, bead: Bead, check: PairCheck) -> list[Finding]:
    """Clauses of one side that the other side does not say."""
    items = []
    src_text, tgt_text = alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt")
    for unsaid in check.unsaid:
        text = src_text if unsaid.side == "src" else tgt_text
        clause = text[unsaid.start : unsaid.end]
        kind, other = (
            ("partial_omission", alignment.tgt)
            if unsaid.side == "src"
            else ("partial_addition", alignment.src)
        )
        evidence = (
            f"« {clause} » has no counterpart in the {other.lang} version "
            f"(similarity rises by {unsaid.gain:.3f} without it)"
        )
        span = ((unsaid.start, unsaid.end),)
        spans = {"src_spans": span} if unsaid.side == "src" else {"tgt_spans": span}
        items.append(_item(alignment, bead, kind, "medium", evidence, unsaid.gain, **spans))
    return items


def similarity_fence(beads: list[Bead]) -> float | None:
    """The similarity below which a matched bead is unusually low for this document."""
    similarities = [bead.similarity for bead in beads if bead.similarity is not None]
    if len(similarities) < MIN_BEADS_FOR_FENCE:
        return None
    q1, q3 = np.percentile(similarities, [25, 75])
    return float(q1 - FENCE * (q3 - q1))


def find_divergences(alignment: Alignment, *, drift_fence: bool = True) -> list[Finding]:
    """Unmatched sentences, value, form and structure differences, low-similarity beads; most serious first.

    Headings and body text get separate fences: a short heading and its
    translation ("Attributions" / "Powers, duties and functions") are
    naturally less similar than two sentences.
    """
    headings = [bead for bead in alignment.beads if _is_heading(alignment, bead)]
    body = [bead for bead in alignment.beads if not _is_heading(alignment, bead)]
    fences = {
        id(bead): fence if drift_fence else None
        for group in (headings, body)
        for fence in [similarity_fence(group)]
        for bead in group
    }
    items = []
    for bead in alignment.beads:
        fence = fences[id(bead)]
        if bead.is_match:
            items += _value_divergences(alignment, bead)
            items += _name_divergences(alignment, bead)
            items += _form_divergences(alignment, bead)
            items += _structure_divergences(alignment, bead)
        if not bead.tgt:
            items.append(_unmatched(alignment, bead, "omission", "source"))
        elif not bead.src:
            items.append(_unmatched(alignment, bead, "addition", "target"))
        elif fence is not None and bead.similarity is not None and bead.similarity < fence:
            evidence = (
                f"similarity {bead.similarity:.3f} is below this document's low-similarity fence {fence:.3f}"
            )
            items.append(
                _item(alignment, bead, "meaning_drift", "medium", evidence, round(1.0 - bead.similarity, 4))
            )
    return sort_findings(items)


def _value_divergences(alignment: Alignment, bead: Bead) -> list[Finding]:
    """Dates, then numbers, that one side of a matched bead has and the other lacks."""
    src_text, tgt_text = alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt")
    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
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


def _name_divergences(alignment: Alignment, bead: Bead) -> list[Finding]:
    """Names, places, organisations and acronyms that one side of a matched bead has and the other lacks."""
    src_text, tgt_text = alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt")
    difference = compare_names(src_text, alignment.src.lang, tgt_text, alignment.tgt.lang)
    if not difference:
        return []
    return [
        _item(
            alignment,
            bead,
            "name",
            "medium",
            str(difference),
            src_spans=difference.src_spans,
            tgt_spans=difference.tgt_spans,
        )
    ]


def _names_translated(item: Finding, words: PairWords) -> bool:
    """Whether every name of a name finding has its translation on the other side (« Angleterre » / "England").

    The name tables cannot hold every exonym; the word matches can.
    """
    spans = [(span, words.src) for span in item.src_spans] + [(span, words.tgt) for span in item.tgt_spans]

    def translated(start: int, end: int, side: tuple[WordMatch, ...]) -> bool:
        overlapping = [word.best for word in side if word.start < end and start < word.end]
        return bool(overlapping) and min(overlapping) >= NAME_MATCH_FLOOR

    return bool(spans) and all(translated(start, end, side) for (start, end), side in spans)


def _item(
    alignment: Alignment,
    bead: Bead,
    kind: str,
    severity: str,
    evidence: str,
    score: float = 1.0,
    **spans: tuple[tuple[int, int], ...],
) -> Finding:
    """A finding on one bead, with both sides' texts (and, where known, the spans that differ)."""
    return Finding(
        kind=kind,
        severity=severity,
        src=bead.src,
        tgt=bead.tgt,
        src_text=alignment.side_text(bead, "src"),
        tgt_text=alignment.side_text(bead, "tgt"),
        evidence=evidence,
        score=score,
        **spans,
    )


def _form_divergences(alignment: Alignment, bead: Bead) -> list[Finding]:
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


def _structure_divergences(alignment: Alignment, bead: Bead) -> list[Finding]:
    """A heading matched with body text, a list item with a paragraph."""
    src_kinds = _kinds(alignment.src, bead.src)
    tgt_kinds = _kinds(alignment.tgt, bead.tgt)
    if src_kinds == tgt_kinds:
        return []
    names = {"head": "heading", "p": "paragraph text", "item": "list item"}
    describe = lambda kinds: " and ".join(sorted(names[kind] for kind in kinds))
    severity = "medium" if "head" in src_kinds ^ tgt_kinds else "low"
    return [
        _item(
            alignment,
            bead,
            "structure",
            severity,
            f"{describe(src_kinds)} aligned with {describe(tgt_kinds)}",
        )
    ]


def _value_item(alignment: Alignment, bead: Bead, kind: str, difference: ValueDifference) -> Finding:
    # A value replaced by another is likely a mistake; a value on one side only
    # is often rewording ("subsection (1)" spelled out in one version only).
    severity = "high" if difference.only_src and difference.only_tgt else "medium"
    src_text, tgt_text = alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt")
    return _item(
        alignment,
        bead,
        kind,
        severity,
        f"{kind}s differ: {difference}",
        src_spans=_spans_of(src_text, difference.only_src),
        tgt_spans=_spans_of(tgt_text, difference.only_tgt),
    )


def _spans_of(text: str, surfaces) -> tuple[tuple[int, int], ...]:
    """Where each surface form first occurs in ``text``."""
    spans = []
    for surface in surfaces:
        start = text.find(surface)
        if start >= 0:
            spans.append((start, start + len(surface)))
    return _merged(spans)


def _unmatched(alignment: Alignment, bead: Bead, kind: str, side: str) -> Finding:
    heading = _is_heading(alignment, bead)
    what = "heading" if heading else "sentence"
    evidence = f"{side} {what} with no counterpart in the other version"
    return _item(alignment, bead, kind, "medium" if heading else "high", evidence)


def _is_heading(alignment: Alignment, bead: Bead) -> bool:
    document, ids = (alignment.src, bead.src) if bead.src else (alignment.tgt, bead.tgt)
    return all(document.blocks[document.sentences[i].block].kind == "head" for i in ids)
