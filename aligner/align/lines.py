"""Both sides of a chunk as the passes over headings, lead-ins and list items see them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aligner.align.refine import document_norms
from aligner.document import Bead
from aligner.embed import Embedded, Embedder, measured_bead
from aligner.text import figures


@dataclass(frozen=True)
class Lines:
    """The sentences of both sides, each pair (source, target) and indexed by side ``x`` (0: source, 1: target):
    their texts, their run embeddings, the ids of those known to be headings, and the model that embeds
    any other text a pass compares (a heading against a line's opening words)."""

    texts: tuple[Sequence[str], Sequence[str]]
    sides: tuple[Embedded, Embedded]
    embedder: Embedder
    headings: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())
    #: Each side's language, when known: numbers written in words are read in it (:meth:`figures`).
    langs: tuple[str | None, str | None] = (None, None)

    @property
    def longest_run(self) -> int:
        """The most sentences one side of a bead may hold: the longest run the embeddings hold."""
        return int(self.sides[0].vectors.shape[0])

    def figures(self, x: int, i: int) -> tuple[str, ...]:
        """The numbers of sentence ``i`` of side ``x``, in figures or in words (:func:`aligner.text.figures`)."""
        return figures(self.texts[x][i], self.langs[x])

    def measured(self, x: int, ids: tuple[int, ...], other: tuple[int, ...]) -> Bead:
        """The bead of ``ids`` on side ``x`` and ``other`` on the other side, its similarity measured."""
        src_ids, tgt_ids = (ids, other) if x == 0 else (other, ids)
        return measured_bead(self.sides[0], self.sides[1], src_ids, tgt_ids)


#: A sum of money: a currency's sign or name.
_SUM = re.compile(r"[$€£]|\b(?:dollars?|cents?|euros?)\b", re.IGNORECASE)


def unsaid_sum(lines: Lines, x: int, sentence: int, other: Sequence[int]) -> bool:
    """Whether sentence ``sentence`` of side ``x`` names a sum whose figures none of the other side's lines
    ``other`` holds. Unlike a Part's number, a sum is what a line that names it says: its translation writes
    it too, in figures or in words; a line that does not translates another."""
    figures = set(lines.figures(x, sentence))
    return (
        bool(figures) and _SUM.search(lines.texts[x][sentence]) is not None
        and all(figures.isdisjoint(lines.figures(1 - x, j)) for j in other)
    )


def lone_bead(sentence: int, x: int) -> Bead:
    """Sentence ``sentence`` of side ``x`` (0: source, 1: target), unmatched."""
    return Bead((sentence,), ()) if x == 0 else Bead((), (sentence,))


def side_ids(bead: Bead, x: int) -> tuple[int, ...]:
    """Side ``x``'s sentences of a bead (0: source, 1: target)."""
    return bead.src if x == 0 else bead.tgt


def sides_of(bead: Bead, x: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Side ``x``'s sentences of a bead, then the other side's."""
    return side_ids(bead, x), side_ids(bead, 1 - x)


#: What a pass over runs of beads finds at bead ``k``, given the document's null similarity: how many beads
#: to replace and their replacement, or None.
Rewrite = Callable[[list[Bead], int, float], tuple[int, list[Bead]] | None]


def rewrite_runs(beads: list[Bead], lines: Lines, rewrite: Rewrite) -> list[Bead]:
    """The beads with every run that ``rewrite`` finds replaced, left to right, none looked at twice.

    ``rewrite`` is given the document's null similarity (the chance similarity of sentences far apart);
    a document too short to have one is left as it is.
    """
    norms = document_norms(beads, *lines.sides)
    if norms is None:
        return beads
    refined = list(beads)
    k = 0
    while k < len(refined):
        found = rewrite(refined, k, norms.null_similarity)
        if found is None:
            k += 1
            continue
        size, rebuilt = found
        refined[k : k + size] = rebuilt
        k += len(rebuilt)
    return refined
