"""The checks' small contract: an aligned pair as every check sees it, and how a finding is made.

A check is a module with one entry point, ``run(pair: AlignedPair) ->
list[Finding]``, and the severity of its findings declared beside it. What
several checks need (each bead's texts, the clause leave-one-out test, the
word matches, the terms) is computed once, on first use, by
:class:`AlignedPair`; every text is embedded through one
:class:`~aligner.embed.cache.EmbeddingCache`, so that no string is embedded
twice in a run and the alignment's sentence vectors are reused.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal, Protocol

from aligner.checks.clauses import PairCheck, check_pairs, clause_spans
from aligner.checks.cover import ClauseCover, clause_covers
from aligner.checks.scores import divergence_score
from aligner.checks.terms import terminology
from aligner.checks.words import PairWords, match_words
from aligner.document import Alignment, Bead
from aligner.embed.cache import EmbeddingCache
from aligner.findings import Finding, Spans, Term

Severity = Literal["high", "medium", "low"]
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


class AlignedPair:
    """One aligned pair of documents, with what the checks share about its matched beads."""

    def __init__(self, alignment: Alignment, embedder: EmbeddingCache, threshold: float | None = None) -> None:
        self.alignment = alignment
        self.embedder = embedder
        #: ``aligner compare``'s fixed threshold on a pair's divergence score; None: each
        #: document's own low-similarity fence decides (see :mod:`aligner.checks.drift`).
        self.threshold = threshold
        self.matched = [bead for bead in alignment.beads if bead.is_match]
        #: The matched beads' (source, target) texts, in order.
        self.texts = [(alignment.side_text(b, "src"), alignment.side_text(b, "tgt")) for b in self.matched]

    @cached_property
    def clauses(self) -> list[PairCheck]:
        """The clause leave-one-out test on each matched bead (see :mod:`aligner.checks.clauses`)."""
        return check_pairs(self.texts, self.embedder)

    @cached_property
    def covers(self) -> list[list[ClauseCover] | None]:
        """How each matched bead's target renders its source's clauses (see :mod:`aligner.checks.cover`)."""
        spans = [clause_spans(src) for src, _ in self.texts]
        langs = (self.alignment.src.lang, self.alignment.tgt.lang)
        return clause_covers(self.texts, spans, langs, self.embedder)

    @cached_property
    def words(self) -> list[PairWords]:
        """Each matched bead's words with their best match on the other side (see :mod:`aligner.checks.words`)."""
        return match_words(self.texts, (self.alignment.src.lang, self.alignment.tgt.lang), self.embedder)

    @cached_property
    def scores(self) -> list[float]:
        """Each matched bead's divergence score (see :func:`aligner.checks.scores.divergence_score`)."""
        return [divergence_score(check, words) for check, words in zip(self.clauses, self.words, strict=True)]

    @cached_property
    def terms(self) -> list[Term]:
        """The recurring source terms and their renderings (see :mod:`aligner.checks.terms`)."""
        return terminology(self.alignment, self.embedder)

    def is_heading(self, bead: Bead) -> bool:
        """Whether every sentence of the bead's first non-empty side is a heading."""
        document, ids = (self.alignment.src, bead.src) if bead.src else (self.alignment.tgt, bead.tgt)
        return all(document.blocks[document.sentences[i].block].kind == "head" for i in ids)

    @cached_property
    def unstructured(self) -> bool:
        """Whether this is one document whose lines carry no structure (one unit per line, ``--presplit``):
        neither version marks a heading, so headings are known only by how they read."""
        documents = (self.alignment.src, self.alignment.tgt)
        return self.threshold is None and not any(block.kind == "head" for d in documents for block in d.blocks)

    @cached_property
    def read_as_headings(self) -> list[bool]:
        """Whether each matched bead is a heading: marked so, or, in an unstructured document, every line
        of it on both sides reads as one (:func:`aligner.align.orphans.heading_like`)."""
        # Imported here: the aligner's glued-heading rules themselves read the checks' function words.
        from aligner.align.orphans import heading_like

        def reads_as_heading(bead: Bead) -> bool:
            if self.is_heading(bead):
                return True
            src, tgt = self.alignment.src.texts, self.alignment.tgt.texts
            lines = [src[i] for i in bead.src] + [tgt[j] for j in bead.tgt]
            return self.unstructured and all(heading_like(line) for line in lines)

        return [reads_as_heading(bead) for bead in self.matched]

    def finding(
        self,
        bead: Bead,
        kind: str,
        severity: Severity,
        evidence: str,
        score: float = 1.0,
        *,
        src_spans: Spans = (),
        tgt_spans: Spans = (),
    ) -> Finding:
        """A finding on one bead, with both sides' texts and, where known, the spans that differ."""
        return Finding(
            kind=kind,
            severity=severity,
            src=bead.src,
            tgt=bead.tgt,
            src_text=self.alignment.side_text(bead, "src"),
            tgt_text=self.alignment.side_text(bead, "tgt"),
            evidence=evidence,
            score=score,
            src_spans=src_spans,
            tgt_spans=tgt_spans,
        )


class Check(Protocol):
    """What the registry holds: a function from an aligned pair to its findings."""

    def __call__(self, pair: AlignedPair) -> list[Finding]: ...


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most serious first: by severity, then score, then position."""
    return sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], -f.score, f.src, f.tgt))
