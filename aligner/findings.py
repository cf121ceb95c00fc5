"""What the checks produce: findings, term renderings, pair scores and the alignment picture."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from aligner.document import Bead

#: Character spans ``[start, end)`` in one side's text.
Spans = tuple[tuple[int, int], ...]


#: What a reviewer decided of a finding: a real divergence, or one to set aside.
Verdict = Literal["accepted", "dismissed"]
VERDICTS: tuple[Verdict, ...] = ("accepted", "dismissed")
#: What identifies a finding across runs of the checks: its kind and its sentence ids on each side.
FindingKey = tuple[str, tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Decision:
    """A reviewer's word on a finding (``aligner review``): its verdict and an optional comment."""

    verdict: Verdict
    comment: str = ""


@dataclass(frozen=True)
class Finding:
    """A place where the two versions may not say the same thing."""

    kind: str
    severity: Literal["high", "medium", "low"]
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    evidence: str
    score: float
    #: Character spans ``[start, end)`` in ``src_text`` / ``tgt_text`` of the words that differ.
    src_spans: tuple[tuple[int, int], ...] = ()
    tgt_spans: tuple[tuple[int, int], ...] = ()
    #: The reviewer's decision; None while undecided (and for every finding the checks make).
    decision: Decision | None = None

    @property
    def key(self) -> FindingKey:
        """What identifies this finding when the checks run again: a decision follows it by this key."""
        return self.kind, self.src, self.tgt


def with_decisions(findings: Iterable[Finding], decisions: Mapping[FindingKey, Decision]) -> list[Finding]:
    """The findings, each with the decision recorded for its key (unchanged where there is none)."""
    return [replace(item, decision=decisions[item.key]) if item.key in decisions else item for item in findings]


#: The kinds of finding, in the order a report presents them.
FINDING_KINDS = (
    "omission",
    "addition",
    "partial_omission",
    "partial_addition",
    "number",
    "date",
    "name",
    "meaning_drift",
    "structure",
    "form",
    "consistency",
)
SEVERITIES = ("high", "medium", "low")
#: ``aligner compare``'s default threshold on a pair's divergence score: chosen
#: on the development half of REFreSD (best F1 of divergent vs equivalent there).
COMPARE_THRESHOLD = 0.34


@dataclass(frozen=True)
class Term:
    """A recurring source term and the target renderings found in its aligned sentences."""

    source: str
    #: Source sentence ids where the term occurs.
    src: tuple[int, ...]
    #: Each rendering with how many times it was found, most frequent first.
    renderings: tuple[tuple[str, int], ...]

    @property
    def consistent(self) -> bool:
        """True when the term was rendered one way (or not found at all)."""
        return len(self.renderings) <= 1


@dataclass(frozen=True)
class PairScore:
    """How much the two sides of one matched bead differ, and where."""

    #: The bead's 0-based position in the alignment (for ``aligner compare``, the line).
    bead: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    #: Grows with how much the meanings differ (0 = same meaning).
    score: float
    label: Literal["equivalent", "divergent"]
    #: Character spans ``[start, end)`` of words with no counterpart, in each side's text.
    src_spans: tuple[tuple[int, int], ...] = ()
    tgt_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Picture:
    """The alignment at a glance: sentence similarities pooled into at most N x N cells.

    ``cells[r, c]`` is the highest similarity between source sentences
    ``r * src_step ...`` and target sentences ``c * tgt_step ...``.
    """

    cells: NDArray[np.float32]
    src_step: int
    tgt_step: int


@dataclass(frozen=True)
class CorpusTerm:
    """A term found in several documents of a corpus, with how each document rendered it."""

    source: str
    #: Per document (its stem): the renderings found there, with their counts.
    documents: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    #: All documents together, inflections merged, most frequent first.
    renderings: tuple[tuple[str, int], ...]

    @property
    def consistent(self) -> bool:
        """True when every document rendered the term the same way."""
        return len(self.renderings) <= 1


@dataclass
class Comparison:
    """Everything the checks found about one aligned pair."""

    findings: list[Finding] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    pairs: list[PairScore] = field(default_factory=list)
    picture: Picture | None = None
    _per_bead: list[tuple[Finding, ...]] | None = field(default=None, init=False, repr=False, compare=False)

    def per_bead(self, beads: list[Bead]) -> list[tuple[Finding, ...]]:
        """For each bead, the findings that concern one of its sentences: built once, read by every writer."""
        if self._per_bead is None or len(self._per_bead) != len(beads):
            self._per_bead = findings_per_bead(beads, self.findings)
        return self._per_bead


def findings_per_bead(beads: list[Bead], findings: list[Finding]) -> list[tuple[Finding, ...]]:
    """For each bead, the findings that concern one of its sentences, in the findings' order."""
    src_bead = {i: n for n, bead in enumerate(beads) for i in bead.src}
    tgt_bead = {j: n for n, bead in enumerate(beads) for j in bead.tgt}
    found: list[list[Finding]] = [[] for _ in beads]
    for finding in findings:
        for n in sorted(
            {src_bead[i] for i in finding.src if i in src_bead}
            | {tgt_bead[j] for j in finding.tgt if j in tgt_bead}
        ):
            found[n].append(finding)
    return [tuple(bead_findings) for bead_findings in found]


def merged_spans(spans: Iterable[tuple[int, int]]) -> Spans:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
