"""Both sides of a chunk as the passes over headings, lead-ins and list items see them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aligner.document import Bead
from aligner.embed import Embedded, Embedder, measured_bead


@dataclass(frozen=True)
class Lines:
    """The sentences of both sides, each pair (source, target) and indexed by side ``x`` (0: source, 1: target):
    their texts, their run embeddings, the ids of those known to be headings, and the model that embeds
    any other text a pass compares (a heading against a line's opening words)."""

    texts: tuple[Sequence[str], Sequence[str]]
    sides: tuple[Embedded, Embedded]
    embedder: Embedder
    headings: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())

    def measured(self, x: int, ids: tuple[int, ...], other: tuple[int, ...]) -> Bead:
        """The bead of ``ids`` on side ``x`` and ``other`` on the other side, its similarity measured."""
        src_ids, tgt_ids = (ids, other) if x == 0 else (other, ids)
        return measured_bead(self.sides[0], self.sides[1], src_ids, tgt_ids)
