"""Second look at the dynamic programme's beads: undo merges the evidence does not support.

Bertalign's programme scores a bead by the similarity of its two sides'
embeddings. A sentence that one version lacks does little harm to that
similarity once it is merged with a neighbour, so the programme tends to
hide an omission inside a 2-1 or 2-2 bead, and to pair two unrelated
sentences that sit in the same place (one deleted on each side). Four checks,
each calibrated on the document itself:

- *unrelated pair*: a 1-1 bead whose similarity is no higher than that of
  sentences far apart in the document (the "null" similarity, its 99th
  percentile) and whose lengths are far out of proportion becomes a 1-0 and
  a 0-1 bead;
- *detached edge*: in a bead with two or more sentences on one side, a
  first or last sentence that is no more similar to the other side than
  unrelated sentences are, and whose removal keeps the bead's similarity
  and brings its length ratio back towards the document's norm, is left
  unmatched;
- *lone neighbours*: a 1-0 beside a 0-1 whose two sentences resemble each
  other more than either resembles the other's neighbours is one 1-1 bead:
  the programme leaves a translation unmatched when its length is far out
  of proportion;
- *regrouped*: a 1-1 followed by a 1-0 and a 0-1, when the lone sentence of
  one side is more similar to the pair's other side together with the other
  lone sentence than the pair's sentences are to each other, becomes a 1-2
  (or 2-1) with the pair's sentence of that side left unmatched.

Short sentences (titles, marginal notes, "In this Act,") embed poorly and
their lengths say little, so none of this applies to a sentence under
``MIN_CHARS``; headings are never detached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aligner.document import Bead
from aligner.embed import Embedded

#: Percentile of far-apart sentence pairs' similarities below which a pair is no better than chance.
NULL_PERCENTILE = 99.0
#: Sentences (bytes of UTF-8) shorter than this are never detached.
MIN_CHARS = 40
#: A 1-1 bead this many standard deviations from the document's length ratio may be unrelated.
UNRELATED_LENGTH_Z = 4.0
#: Detaching an edge sentence must bring the length ratio this much closer to the norm ...
DETACH_LENGTH_GAIN = 0.8
#: ... while the bead's similarity drops by at most this much; or it must raise the similarity by as much,
#: more than the noise a tolerated loss allows for (the other side then says less with it than without),
#: and move the length ratio no further from the norm than DETACH_LENGTH_GAIN.
DETACH_SIMILARITY_LOSS = 0.03
#: Far-apart pairs sampled for the null similarity (bounded memory on long documents).
NULL_SAMPLE = 20_000


@dataclass(frozen=True)
class Norms:
    """The document's own yardsticks: log length ratio (median, spread) and the null similarity."""

    log_ratio: float
    spread: float
    null_similarity: float


def document_norms(beads: list[Bead], src: Embedded, tgt: Embedded) -> Norms | None:
    """Yardsticks from the document's 1-1 beads and far-apart sentence pairs; None when too short."""
    ones = [bead for bead in beads if bead.kind == "1-1"]
    n, m = src.vectors.shape[1], tgt.vectors.shape[1]
    if len(ones) < 8 or min(n, m) < 8:
        return None
    ratios = np.array([_log_ratio(src.length(bead.src), tgt.length(bead.tgt)) for bead in ones])
    median = float(np.median(ratios))
    # Scaled median absolute deviation: a standard deviation that the odd outlier does not inflate.
    spread = max(1.4826 * float(np.median(np.abs(ratios - median))), 0.08)
    rng = np.random.default_rng(0)
    rows, cols = rng.integers(0, n, NULL_SAMPLE), rng.integers(0, m, NULL_SAMPLE)
    far = np.abs(rows * m / n - cols) > max(5.0, 0.02 * max(n, m))
    if far.sum() < 100:
        return None
    rows, cols = rows[far], cols[far]
    # In slices: gathering all sampled vectors at once would cost tens of megabytes.
    similarities = np.concatenate(
        [
            np.einsum(
                "ij,ij->i", src.vectors[0][rows[start : start + 1000]], tgt.vectors[0][cols[start : start + 1000]]
            )
            for start in range(0, len(rows), 1000)
        ]
    )
    return Norms(median, spread, float(np.percentile(similarities, NULL_PERCENTILE)))


def refine_beads(
    beads: list[Bead],
    src: Embedded,
    tgt: Embedded,
    src_headings: frozenset[int] = frozenset(),
    tgt_headings: frozenset[int] = frozenset(),
) -> list[Bead]:
    """The beads with unrelated pairs separated and unsupported edge sentences detached.

    ``src_headings`` and ``tgt_headings`` are the ids of heading sentences, never detached.
    """
    norms = document_norms(beads, src, tgt)
    if norms is None:
        return beads
    refined: list[Bead] = []
    for bead in beads:
        refined += (
            _unrelated(bead, src, tgt, norms, src_headings, tgt_headings)
            or _detach_edge(bead, src, tgt, norms, src_headings, tgt_headings)
            or [bead]
        )
    return _regrouped(_paired_neighbours(refined, src, tgt), src, tgt)


def _paired_neighbours(beads: list[Bead], src: Embedded, tgt: Embedded) -> list[Bead]:
    """The beads with each 1-0 and 0-1 side by side made one 1-1 when each is the other's closest.

    The programme leaves a translation unmatched when its length is far out of proportion ("de six à
    douze mois", "not less than six months and not more than twelve months"). Two units deleted at the
    same place are unrelated: each resembles a neighbour of the other at least as much as the other.
    """
    paired: list[Bead] = []
    for bead in beads:
        last = paired[-1] if paired else None
        if last is not None and _lone_pair(last, bead):
            (i,) = last.src or bead.src
            (j,) = last.tgt or bead.tgt
            similarity = src.similarity((i,), tgt, (j,))
            rivals = [src.similarity((i,), tgt, (k,)) for k in (j - 1, j + 1) if 0 <= k < tgt.size] + [
                src.similarity((k,), tgt, (j,)) for k in (i - 1, i + 1) if 0 <= k < src.size
            ]
            if min(src.length((i,)), tgt.length((j,))) >= MIN_CHARS and similarity > max(rivals, default=1.0):
                paired[-1] = Bead((i,), (j,), similarity)
                continue
        paired.append(bead)
    return paired


def _regrouped(beads: list[Bead], src: Embedded, tgt: Embedded) -> list[Bead]:
    """The beads with a 1-1 followed by a 1-0 and a 0-1 regrouped where the lone sentences say more.

    Of two near-identical provisions one of which lost its translation, the programme may pair the wrong
    one and leave the other beside an unmatched line (« donne à un membre … » / "gives a copy of any
    rules …", then « donne à quelqu’un une copie des règles … » and "is guilty of an indictable offence").
    When the lone sentence of one side is more similar to the pair's other side together with the other
    lone sentence than the pair's sentences are to each other, those are its translation, and the pair's
    sentence of its side is the one left unmatched.
    """
    regrouped = list(beads)
    for k in range(len(regrouped) - 2):
        pair, first, second = regrouped[k : k + 3]
        if pair.kind != "1-1" or not _lone_pair(first, second):
            continue
        (i,), (j,) = pair.src, pair.tgt
        (lone_src,), (lone_tgt,) = first.src or second.src, first.tgt or second.tgt
        current = src.similarity((i,), tgt, (j,))
        by_source = src.similarity((lone_src,), tgt, (j, lone_tgt))
        by_target = src.similarity((i, lone_src), tgt, (lone_tgt,))
        if max(by_source, by_target) <= current:
            continue
        if by_source >= by_target:
            regrouped[k : k + 3] = [Bead((i,), ()), Bead((lone_src,), (j, lone_tgt), by_source), Bead((), ())]
        else:
            regrouped[k : k + 3] = [Bead((), (j,)), Bead((i, lone_src), (lone_tgt,), by_target), Bead((), ())]
    return [bead for bead in regrouped if bead.src or bead.tgt]


def _lone_pair(first: Bead, second: Bead) -> bool:
    """Whether two beads are one source sentence alone and one target sentence alone, in either order."""
    return {first.kind, second.kind} == {"1-0", "0-1"}


def _log_ratio(src_length: int, tgt_length: int) -> float:
    # The +10 keeps very short sentences from dominating the spread.
    return float(np.log((tgt_length + 10) / (src_length + 10)))


def length_z(
    src: Embedded, src_ids: tuple[int, ...], tgt: Embedded, tgt_ids: tuple[int, ...], norms: Norms
) -> float:
    """How many standard deviations a bead's length ratio lies from the document's."""
    return abs(_log_ratio(src.length(src_ids), tgt.length(tgt_ids)) - norms.log_ratio) / norms.spread


def _unrelated(
    bead: Bead,
    src: Embedded,
    tgt: Embedded,
    norms: Norms,
    src_headings: frozenset[int],
    tgt_headings: frozenset[int],
) -> list[Bead] | None:
    if bead.kind != "1-1":
        return None
    (i,), (j,) = bead.src, bead.tgt
    if i in src_headings or j in tgt_headings or min(src.length(bead.src), tgt.length(bead.tgt)) < MIN_CHARS:
        return None
    if (
        src.similarity(bead.src, tgt, bead.tgt) < norms.null_similarity
        and length_z(src, bead.src, tgt, bead.tgt, norms) > UNRELATED_LENGTH_Z
    ):
        return [Bead(bead.src, ()), Bead((), bead.tgt)]
    return None


def _detach_edge(
    bead: Bead,
    src: Embedded,
    tgt: Embedded,
    norms: Norms,
    src_headings: frozenset[int],
    tgt_headings: frozenset[int],
) -> list[Bead] | None:
    """Leave unmatched the edge sentence, no more similar to the other side than far-apart sentences, whose
    removal best keeps the bead's similarity: when the length ratio comes closer to the document's, or the
    similarity rises with the length ratio not much further off (a translation whose length lies between
    one sentence's and both may still say only one)."""
    if not bead.src or not bead.tgt or len(bead.src) + len(bead.tgt) < 3:
        return None
    bead_similarity = src.similarity(bead.src, tgt, bead.tgt)
    bead_z = length_z(src, bead.src, tgt, bead.tgt, norms)
    best: tuple[float, list[Bead]] | None = None
    sides = (("src", src, bead.src, src_headings), ("tgt", tgt, bead.tgt, tgt_headings))
    for side_name, side, ids, headings in sides:
        if len(ids) < 2:
            continue
        for edge, rest in ((ids[0], ids[1:]), (ids[-1], ids[:-1])):
            if edge in headings or side.length((edge,)) < MIN_CHARS:
                continue
            src_ids, tgt_ids = (rest, bead.tgt) if side_name == "src" else (bead.src, rest)
            edge_similarity = (
                src.similarity((edge,), tgt, bead.tgt)
                if side_name == "src"
                else src.similarity(bead.src, tgt, (edge,))
            )
            if edge_similarity >= norms.null_similarity:
                continue
            similarity = src.similarity(src_ids, tgt, tgt_ids)
            if similarity < bead_similarity - DETACH_SIMILARITY_LOSS:
                continue
            # Length closer to the norm; or clearly more similar, the length no further off than a detach by
            # length must bring it closer: in prose a short sentence the model reads badly may belong to a
            # translation as long as both ("Den Schrecken kann man sich vorstellen.").
            shift = length_z(src, src_ids, tgt, tgt_ids, norms) - bead_z
            gained = similarity >= bead_similarity + DETACH_SIMILARITY_LOSS and shift <= DETACH_LENGTH_GAIN
            if not gained and shift > -DETACH_LENGTH_GAIN:
                continue
            lone = Bead((edge,), ()) if side_name == "src" else Bead((), (edge,))
            kept = Bead(src_ids, tgt_ids, similarity)
            candidate = [lone, kept] if edge == ids[0] else [kept, lone]
            if best is None or similarity > best[0]:
                best = (similarity, candidate)
    return best[1] if best else None
