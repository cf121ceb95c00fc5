"""Pairs that their numbers contradict: a run of pairs shifted by one.

Numbers are not translated: « 20 549 000 $ » is "$20,549,000" in the other
version, « cent six millions de dollars » "one hundred and six million dollars".
In a list of amounts or dates where each version lost a different item, the
programme pairs the items shifted by one (« Nouvelle-Écosse : 25 755 000 $; »
with "to New Brunswick, $20,549,000;"): similar words, other numbers. When
every pair of such a run holds numbers that differ, and the run re-paired so
that numbers agree leaves at most one line of each side over, it is paired so,
those lines left unmatched (:func:`unshift_by_numbers`).

Likewise, a bead that holds two near-identical provisions against one
translation keeps both, to the similarity tests; the figures tell which one
the translation says (:func:`detach_by_numbers`). And a line paired with a
stranger whose figures the line beside its partner holds belongs with that
line (:func:`join_by_numbers`).
"""

from __future__ import annotations

import itertools
from functools import partial

from aligner.align.lines import Lines, lone_bead, rewrite_runs, side_ids, sides_of, unsaid_sum
from aligner.align.orphans import ends_open, heading_at
from aligner.document import Bead

#: The longest run of beads looked at.
MAX_RUN = 6


def unshift_by_numbers(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with each run of pairs that its numbers contradict re-paired as its numbers agree.

    A run is 1-1 pairs whose two lines hold numbers that differ, and lines left unmatched that hold numbers,
    among or around them: a list of amounts that lost an item on each side, or notes and provisions that
    each name a sum (« Paiement maximal de 175 000 000 $ », then the provision that grants « cent
    soixante-quinze millions de dollars ») where each version lost a different one. Its lines are re-paired
    in order, each new pair's numbers the same on both sides (as many pairs as can be, the most similar on
    a tie); it is taken when that leaves at most one line of each side unmatched, what a loss on each side
    leaves, and every new pair is more similar than chance (the document's null similarity).
    """
    return rewrite_runs(beads, lines, partial(_repaired_run, lines))


def _repaired_run(lines: Lines, beads: list[Bead], k: int, null_similarity: float) -> tuple[int, list[Bead]] | None:
    """How many beads from ``k`` form a run to re-pair, and the beads that replace them; or None."""
    contradicted = False
    for size in range(1, MAX_RUN + 1):
        if k + size > len(beads):
            return None
        bead = beads[k + size - 1]
        if not _in_run(bead, lines):
            return None
        contradicted = contradicted or bool(bead.src and bead.tgt)
        if not contradicted:
            continue
        run = beads[k : k + size]
        ids = ([i for b in run for i in b.src], [j for b in run for j in b.tgt])
        pairs = _agreeing_pairs(lines, ids)
        if not pairs or len(ids[0]) - len(pairs) > 1 or len(ids[1]) - len(pairs) > 1:
            continue  # no pair whose numbers agree, or more lines left over than one loss a side leaves
        if not all((pair.similarity or 0.0) >= null_similarity for pair in pairs):
            continue
        return size, _in_order(pairs, ids)
    return None


def _in_run(bead: Bead, lines: Lines) -> bool:
    """Whether a bead may stand in a run: a 1-1 pair whose numbers differ, or one line that holds numbers."""
    if bead.kind == "1-1":
        src, tgt = lines.figures(0, bead.src[0]), lines.figures(1, bead.tgt[0])
        return bool(src) and bool(tgt) and src != tgt
    if bead.kind == "1-0":
        return bool(lines.figures(0, bead.src[0]))
    return bead.kind == "0-1" and bool(lines.figures(1, bead.tgt[0]))


def _agreeing_pairs(lines: Lines, ids: tuple[list[int], list[int]]) -> list[Bead]:
    """The most 1-1 pairs, in order, of lines whose numbers are the same, the most similar on a tie."""
    src, tgt = ids
    # best[a][b]: (how many pairs, their summed similarity, the pairs) over src[a:] and tgt[b:].
    best: list[list[tuple[int, float, list[Bead]]]] = [[(0, 0.0, [])] * (len(tgt) + 1) for _ in range(len(src) + 1)]
    for a in reversed(range(len(src))):
        for b in reversed(range(len(tgt))):
            options = [best[a + 1][b], best[a][b + 1]]
            if lines.figures(0, src[a]) == lines.figures(1, tgt[b]):
                pair = lines.measured(0, (src[a],), (tgt[b],))
                count, similarity, rest = best[a + 1][b + 1]
                options.append((count + 1, similarity + (pair.similarity or 0.0), [pair, *rest]))
            best[a][b] = max(options, key=lambda option: (option[0], option[1]))
    return best[0][0][2]


def _in_order(pairs: list[Bead], ids: tuple[list[int], list[int]]) -> list[Bead]:
    """The pairs and every other line of ``ids`` unmatched, in document order."""
    beads: list[Bead] = []
    left = (list(ids[0]), list(ids[1]))
    for pair in [*pairs, None]:
        for x in (0, 1):
            before = [i for i in left[x] if pair is None or i < side_ids(pair, x)[0]]
            beads += [lone_bead(i, x) for i in before]
            left[x][:] = [i for i in left[x] if i not in before]
        if pair is not None:
            beads.append(pair)
            for x in (0, 1):
                left[x].remove(side_ids(pair, x)[0])
    return beads


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
            if _sum_note_unsaid(lines, x, edge, other):
                lone = lone_bead(edge, x)
                pair = lines.measured(x, rest, other)
                return [lone, pair] if edge == ids[0] else [pair, lone]
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


def _sum_note_unsaid(lines: Lines, x: int, edge: int, other: tuple[int, ...]) -> bool:
    """Whether sentence ``edge`` of side ``x`` is a heading that names a sum ("Maximum amount of
    $3,056,491,000") that the other side's lines ``other`` do not say (:func:`aligner.align.lines.unsaid_sum`):
    the note was run into the heading above it (« Entente sur les paiements annuels … » against "Hibernia
    Dividend Backed Annuity Agreement" and the note of a provision the French lost)."""
    return heading_at(lines, x, edge) and unsaid_sum(lines, x, edge, other)


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
