"""The second look at the beads: each check on hand-made vectors, where the right answer is known."""

import numpy as np

from aligner.align.refine import refine_beads
from aligner.document import Bead
from aligner.embed import Embedded

DIM = 64
LONG = 100


def _orthonormal(count: int, seed: int = 1) -> np.ndarray:
    matrix = np.random.default_rng(seed).normal(size=(DIM, DIM))
    basis, _ = np.linalg.qr(matrix)
    return basis[:count].astype(np.float32)


def _side(vectors: np.ndarray, lengths: list[int]) -> Embedded:
    """Run vectors for runs of up to 3 sentences: the normalised sum of the parts."""
    n = len(vectors)
    runs = np.zeros((3, n, DIM), dtype=np.float32)
    for size in range(1, 4):
        for last in range(n):
            parts = vectors[max(0, last - size + 1) : last + 1].sum(axis=0)
            runs[size - 1, last] = parts / np.linalg.norm(parts)
    length_rows = np.array([lengths] * 3, dtype=np.int64)
    return Embedded(runs, length_rows)


def _parallel(count: int) -> tuple[np.ndarray, np.ndarray]:
    """Two sides whose sentence i are translations of each other (similar, not identical)."""
    meanings = _orthonormal(count)
    noise = np.random.default_rng(2).normal(scale=0.05, size=meanings.shape).astype(np.float32)
    tgt = meanings + noise
    return meanings, tgt / np.linalg.norm(tgt, axis=1, keepdims=True)


def _ones(count: int, skip: set[int] = frozenset()) -> list[Bead]:
    return [Bead((i,), (i,), 0.99) for i in range(count) if i not in skip]


def test_a_faithful_alignment_is_left_alone() -> None:
    src, tgt = _parallel(30)
    beads = _ones(30)
    assert refine_beads(beads, _side(src, [LONG] * 30), _side(tgt, [LONG] * 30)) == beads


def _target_lost(tgt_length: int) -> list[Bead]:
    """Target sentence 10 is gone, the programme merged source 10 into source 11's bead: the beads refined,
    with target 10 (source 11's translation) ``tgt_length`` long."""
    src, tgt = _parallel(30)
    tgt_sides = np.delete(tgt, 10, axis=0)
    beads = [Bead((i,), (i,), 0.99) for i in range(10)]
    beads += [Bead((10, 11), (10,), 0.8)]
    beads += [Bead((i,), (i - 1,), 0.99) for i in range(12, 30)]
    tgt_lengths = [LONG] * 10 + [tgt_length] + [LONG] * 18
    return refine_beads(beads, _side(src, [LONG] * 30), _side(tgt_sides, tgt_lengths))


def test_a_sentence_the_target_lacks_is_detached_from_its_neighbour() -> None:
    refined = _target_lost(LONG)
    assert Bead((10,), ()) in refined
    assert any(bead.src == (11,) and bead.tgt == (10,) for bead in refined)


def test_a_sentence_the_target_lacks_is_detached_when_the_bead_says_clearly_more_without_it() -> None:
    # Target 10's length lies as far from one source's as from both (141 = sqrt(100 x 200)): the length ratio
    # gives no sign, the similarity does.
    refined = _target_lost(141)
    assert Bead((10,), ()) in refined
    assert any(bead.src == (11,) and bead.tgt == (10,) for bead in refined)


def test_a_genuine_two_to_one_bead_is_kept() -> None:
    src, tgt = _parallel(30)
    # Target 10 translates source 10 and 11 together: as long as both.
    joined = src[10] + src[11]
    tgt_sides = np.vstack([tgt[:10], joined / np.linalg.norm(joined), tgt[12:]])
    beads = _ones(10) + [Bead((10, 11), (10,), 0.99)] + [Bead((i,), (i - 1,), 0.99) for i in range(12, 30)]
    refined = refine_beads(
        beads, _side(src, [LONG] * 30), _side(tgt_sides, [LONG] * 10 + [2 * LONG] + [LONG] * 18)
    )
    assert refined == beads


def test_two_unrelated_sentences_in_the_same_place_are_separated() -> None:
    src, tgt = _parallel(30)
    tgt[15] = -src[15]  # a sentence that says something else
    lengths = [LONG] * 30
    tgt_lengths = [*lengths[:15], 6 * LONG, *lengths[16:]]
    refined = refine_beads(_ones(30), _side(src, lengths), _side(tgt, tgt_lengths))
    assert Bead((15,), ()) in refined and Bead((), (15,)) in refined


def test_short_sentences_and_headings_are_never_detached() -> None:
    src, tgt = _parallel(30)
    tgt[15] = -src[15]
    tgt_lengths = [LONG] * 15 + [6 * LONG] + [LONG] * 14
    as_heading = refine_beads(_ones(30), _side(src, [LONG] * 30), _side(tgt, tgt_lengths), frozenset({15}))
    assert as_heading == _ones(30)
    short = refine_beads(_ones(30), _side(src, [LONG] * 15 + [12] + [LONG] * 14), _side(tgt, tgt_lengths))
    assert short == _ones(30)


def test_a_two_to_two_bead_of_a_reordered_translation_is_kept() -> None:
    src, tgt = _parallel(30)
    tgt[[5, 6]] = tgt[[6, 5]]  # the translation says the two things the other way round
    beads = _ones(30, skip={5, 6})
    beads.insert(5, Bead((5, 6), (5, 6), 0.9))
    refined = refine_beads(beads, _side(src, [LONG] * 30), _side(tgt, [LONG] * 30))
    assert Bead((5, 6), (5, 6), 0.9) in refined


def test_a_translation_left_unmatched_on_both_sides_is_paired() -> None:
    # Source 10 and target 10 translate each other but their lengths are far apart: the programme left
    # both unmatched, side by side.
    src, tgt = _parallel(30)
    beads = _ones(30, skip={10})
    beads.insert(10, Bead((10,), ()))
    beads.insert(11, Bead((), (10,)))
    refined = refine_beads(beads, _side(src, [LONG] * 30), _side(tgt, [LONG] * 10 + [3 * LONG] + [LONG] * 19))
    assert [(b.src, b.tgt) for b in refined] == [((i,), (i,)) for i in range(30)]


def test_two_units_deleted_in_the_same_place_stay_unmatched() -> None:
    # Source 10 and target 10 are unrelated: each is the other's neighbour's translation no less.
    src, tgt = _parallel(30)
    tgt = tgt.copy()
    tgt[10] = (src[9] + src[11]) / np.linalg.norm(src[9] + src[11])
    beads = _ones(30, skip={10})
    beads.insert(10, Bead((10,), ()))
    beads.insert(11, Bead((), (10,)))
    refined = refine_beads(beads, _side(src, [LONG] * 30), _side(tgt, [LONG] * 30))
    assert Bead((10,), ()) in refined and Bead((), (10,)) in refined


def _near_twins() -> tuple[np.ndarray, np.ndarray]:
    """Source 10 lost its translation; source 11 is translated by targets 10 and 11 together, and source 10
    resembles target 10 (two near-identical provisions)."""
    src, tgt = _parallel(30)
    src, tgt = src.copy(), tgt.copy()
    src[10] = (src[10] + 0.7 * tgt[10]) / np.linalg.norm(src[10] + 0.7 * tgt[10])
    src[11] = (tgt[10] + tgt[11]) / np.linalg.norm(tgt[10] + tgt[11])
    return src, tgt


def test_a_lone_sentence_that_says_a_pair_and_a_lone_line_together_takes_them() -> None:
    src, tgt = _near_twins()
    beads = _ones(12) + [Bead((i,), (i,), 0.99) for i in range(12, 30)]
    beads[10:12] = [Bead((10,), (10,), 0.57), Bead((11,), ()), Bead((), (11,))]
    refined = refine_beads(beads, _side(src, [LONG] * 30), _side(tgt, [LONG] * 30))
    assert [(b.src, b.tgt) for b in refined[9:13]] == [((9,), (9,)), ((10,), ()), ((11,), (10, 11)), ((12,), (12,))]


def test_a_pair_that_says_more_than_the_lone_sentences_would_stays() -> None:
    src, tgt = _near_twins()
    src[11] = (src[11] + 2 * src[29]) / np.linalg.norm(src[11] + 2 * src[29])  # now mostly about something else
    beads = _ones(12) + [Bead((i,), (i,), 0.99) for i in range(12, 30)]
    beads[10:12] = [Bead((10,), (10,), 0.57), Bead((11,), ()), Bead((), (11,))]
    refined = refine_beads(beads, _side(src, [LONG] * 30), _side(tgt, [LONG] * 30))
    assert [(b.src, b.tgt) for b in refined[10:13]] == [((10,), (10,)), ((11,), ()), ((), (11,))]
