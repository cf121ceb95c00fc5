"""Pairs that their numbers contradict: a run of 1-1 pairs shifted by one.

Numbers are not translated: « 20 549 000 $ » is "$20,549,000" in the other
version, « cent six millions de dollars » "one hundred and six million dollars". In a list of amounts or dates where each version lost a different
item, the programme pairs the items shifted by one (« Nouvelle-Écosse :
25 755 000 $; » with "to New Brunswick, $20,549,000;"): similar words, other
numbers. When every pair of such a run holds numbers that differ, and the run
shifted by one pairs numbers that all agree, the run is paired shifted, its
first line on one side and its last on the other left unmatched.

Likewise, a bead that holds two near-identical provisions against one
translation keeps both, to the similarity tests; the figures tell which one
the translation says (:func:`detach_by_numbers`). And a line paired with a
stranger whose figures the line beside its partner holds belongs with that
line (:func:`join_by_numbers`).
"""

from __future__ import annotations

import itertools
from functools import partial

from aligner.align.lines import Lines, lone_bead, rewrite_runs, sides_of
from aligner.align.orphans import ends_open, heading_at
from aligner.document import Bead

#: The longest run of 1-1 pairs looked at.
MAX_RUN = 4


def unshift_by_numbers(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with each run of 1-1 pairs that its numbers contradict, and shifted by one they confirm,
    paired shifted; each new pair must also be more similar than chance (the document's null similarity)."""
    return rewrite_runs(beads, lines, partial(_shifted_run, lines))


def _shifted_run(lines: Lines, beads: list[Bead], k: int, null_similarity: float) -> tuple[int, list[Bead]] | None:
    """How many beads from ``k`` form a run to pair shifted, and the beads that replace them; or None."""
    for size in range(2, MAX_RUN + 1):
        pairs = beads[k : k + size]
        if len(pairs) < size or not all(bead.kind == "1-1" for bead in pairs):
            return None
        ids = ([bead.src[0] for bead in pairs], [bead.tgt[0] for bead in pairs])
        found = [[lines.figures(x, i) for i in ids[x]] for x in (0, 1)]
        if not all(all(side) for side in found) or any(a == b for a, b in zip(*found, strict=True)):
            return None  # a line without figures, or a pair its numbers confirm: no run here or beyond
        for x in (0, 1):
            y = 1 - x
            if all(found[x][n + 1] == found[y][n] for n in range(size - 1)):
                shifted = [lines.measured(x, (ids[x][n + 1],), (ids[y][n],)) for n in range(size - 1)]
                if all((bead.similarity or 0.0) >= null_similarity for bead in shifted):
                    return size, [lone_bead(ids[x][0], x), *shifted, lone_bead(ids[y][-1], y)]
    return None


def detach_by_numbers(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with an edge sentence whose figures the other side lacks left unmatched.

    In a bead of two provisions or more on one side, an edge sentence that holds figures, none of which the
    other side holds, while every figure of the rest of its side is there, says something the other side
    does not: « Les articles 141 et 142 entrent en vigueur … » beside « Les articles 140 et 143 à 148 … »,
    against "Sections 140 and 143 to 148 come into force …" alone. Two near-identical provisions resemble
    each other's translation, so the similarity tests keep them together; their figures tell them apart.
    """
    refined: list[Bead] = []
    for bead in beads:
        refined += _detached_by_numbers(bead, lines) or [bead]
    return refined


def _detached_by_numbers(bead: Bead, lines: Lines) -> list[Bead] | None:
    """The bead as an unmatched edge sentence and the rest, when the figures say so; or None."""
    for x in (0, 1):
        y = 1 - x
        ids, other = sides_of(bead, x)
        if len(ids) < 2 or not other:
            continue
        said = {run for j in other for run in lines.figures(y, j)}
        for edge, rest in ((ids[0], ids[1:]), (ids[-1], ids[:-1])):
            # A heading's figures number a Part or a section ("PART 3"): they tell no provision from another. A
            # line that ends with no mark is a lead-in cut before its item ("… referred to in subsection (1) may
            # not exceed"), which the other side may run into that item's line; its figures are a reference.
            if heading_at(lines, x, edge) or all(heading_at(lines, x, i) for i in rest):
                continue
            if ends_open(lines.texts[x][edge]):
                continue
            figures = lines.figures(x, edge)
            kept = [run for i in rest for run in lines.figures(x, i)]
            if figures and kept and said.isdisjoint(figures) and said.issuperset(kept):
                lone = lone_bead(edge, x)
                pair = lines.measured(x, rest, other)
                return [lone, pair] if edge == ids[0] else [pair, lone]
    return None


def join_by_numbers(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a line that its 1-1 partner's figures contradict joined to the bead beside, whose other
    side holds every figure of it that its own side does not: the partner is left unmatched.

    A version may run a lead-in and its first item into one line ("Her Majesty's liability … may not exceed
    $600,000,000, or …") where the other has two (« … ne peut excéder : », « 600 000 000 $ — ou … »); when
    it lost the next item, the programme pairs the first item with the next one ("$3,000,000,000, or …"):
    similar words, other figures. The figures say where the item is.
    """
    refined = list(beads)
    for k in range(len(refined) - 1):
        for x, (beside, held) in itertools.product((0, 1), ((k, k + 1), (k + 1, k))):
            pair, bead = refined[beside], refined[held]
            if bead.kind != "1-1" or not pair.src or not pair.tgt:
                continue
            ((line,), (partner,)), (mine, other) = sides_of(bead, x), sides_of(pair, x)
            figures = set(lines.figures(x, line))
            theirs = {run for j in other for run in lines.figures(1 - x, j)}
            ours = {run for i in mine for run in lines.figures(x, i)}
            if not figures or not figures.isdisjoint(lines.figures(1 - x, partner)):
                continue
            if not figures <= theirs - ours or len(mine) + 1 > lines.longest_run:
                continue
            joined = lines.measured(x, tuple(sorted((*mine, line))), other)
            if (joined.similarity or 0.0) >= (pair.similarity or 0.0):
                refined[beside], refined[held] = joined, lone_bead(partner, 1 - x)
                break
    return [bead for bead in refined if bead.src or bead.tgt]
