"""What the checks produce: findings, term renderings, pair scores and the alignment picture."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


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


@dataclass
class Comparison:
    """Everything the divergence stage found about one aligned pair."""

    findings: list[Finding]
    terms: list[Term] = field(default_factory=list)
    pairs: list[PairScore] = field(default_factory=list)
    picture: Picture | None = None
