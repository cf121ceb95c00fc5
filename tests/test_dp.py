"""Our dynamic programme (aligner.align.dp) against Bertalign's numba kernels, and what it spares."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from aligner.align import _bertalign_beads, _our_beads, align_embedded, dp, embed_side
from aligner.embed import Embedded, OverlapEncoder, load_embedder, run_texts
from aligner.settings import AlignParams

DIM = 16


def _side(vectors: np.ndarray, lengths: np.ndarray, longest: int) -> Embedded:
    """Run embeddings built the way a composing embedder builds them: normalised sums."""
    n = len(vectors)
    runs = np.zeros((longest, n, vectors.shape[1]), dtype=np.float32)
    run_lengths = np.zeros((longest, n), dtype=np.int64)
    for size in range(1, longest + 1):
        for last in range(n):
            first = max(0, last - size + 1)
            total = vectors[first : last + 1].sum(axis=0)
            runs[size - 1, last] = total / np.linalg.norm(total)
            run_lengths[size - 1, last] = lengths[first : last + 1].sum() + size - 1
    return Embedded(runs, run_lengths)


def _translation_pair(rng: np.random.Generator, longest: int) -> tuple[Embedded, Embedded]:
    """A source and a noisy "translation" with sentences dropped, added and merged."""
    n = int(rng.integers(1, 45))
    source = rng.normal(size=(n, DIM)).astype(np.float32)
    target = []
    for vector in source:
        roll = rng.random()
        if roll < 0.15:
            continue  # omitted
        if roll < 0.25 and target:
            target[-1] = target[-1] + vector  # merged into the previous sentence
            continue
        target.append(vector + 0.5 * rng.normal(size=DIM))
        if rng.random() < 0.1:
            target.append(rng.normal(size=DIM))  # added
    target = np.array(target or [rng.normal(size=DIM)], dtype=np.float32)
    return (
        _side(source, rng.integers(5, 200, size=n), longest),
        _side(target, rng.integers(5, 200, size=len(target)), longest),
    )


@pytest.mark.parametrize("seed", range(60))
def test_same_beads_as_bertalign_kernels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    params = AlignParams(
        max_align=int(rng.integers(2, 7)),
        top_k=int(rng.integers(1, 5)),
        win=int(rng.integers(1, 8)),
        skip=float(rng.choice([-0.3, -0.1, 0.0])),
        margin=float(seed % 2),
        len_penalty=bool(seed % 3),
    )
    src, tgt = _translation_pair(rng, params.max_align - 1)
    assert _our_beads(src, tgt, params) == _bertalign_beads(src, tgt, params)


def test_bead_types_in_the_order_ties_are_settled() -> None:
    assert dp.bead_types(3) == [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)]


def test_first_pass_chains_the_heaviest_candidates() -> None:
    # Candidates: 0->0 (0.9), 1->2 (0.8), 2->1 (0.3, crosses 1->2), 3->3 (0.7).
    scores = np.array([[0.9], [0.8], [0.3], [0.7]], dtype=np.float32)
    indices = np.array([[0], [2], [1], [3]])
    cells = dp.anchors(scores, indices, dp.diagonal_band(4, 4), 4)
    assert cells == [(1, 1), (2, 3), (4, 4)]


def test_second_band_follows_the_anchors() -> None:
    band = dp.anchor_band([(2, 2), (4, 5)], 6, 6, win=1)
    assert band.tolist() == [[0, 3], [0, 3], [0, 3], [1, 6], [1, 6], [4, 6], [4, 6]]


def test_run_texts_hold_every_run_and_no_impossible_one() -> None:
    assert run_texts(["A.", " ", "C."], 2) == ["A.", "BLANK_LINE", "C.", "A.", "A. BLANK_LINE", "BLANK_LINE C."]


def test_real_sentences_align_the_same_with_either_engine() -> None:
    encoder = OverlapEncoder(load_embedder())
    french = [
        "Les ministres se sont réunis à Ottawa et ont discuté de la sécurité nationale.",
        "La menace terroriste reste élevée.",
        "Ils se reverront à Londres.",
    ]
    english = ["The ministers met in Ottawa.", "They discussed national security.", "They will meet again in London."]
    params = AlignParams(margin=1.0)
    src, tgt = embed_side(encoder, french, params), embed_side(encoder, english, params)
    ours = align_embedded(src, tgt, params)
    assert ours == align_embedded(src, tgt, AlignParams(engine="bertalign", margin=1.0))
    assert [(b.src, b.tgt) for b in ours] == [((0,), (0, 1)), ((1,), ()), ((2,), (2,))]
    with pytest.raises(ValueError, match="margin weight of 0 or 1"):
        align_embedded(src, tgt, AlignParams(engine="bertalign", margin=0.4))


def test_a_lighter_margin_keeps_two_similar_titles_apart() -> None:
    """Bertalign's whole margin punishes a sentence for resembling its neighbour and merges two good pairs."""
    encoder = OverlapEncoder(load_embedder())
    french = [
        "Loi sur la protection des forêts anciennes",
        "Loi visant à protéger les forêts anciennes du Canada",
        "Sa Majesté, sur l’avis et avec le consentement du Sénat et de la Chambre des communes, édicte :",
        "Titre abrégé",
        "Loi sur la protection des forêts anciennes.",
        "Le ministre désigne les forêts à protéger après consultation des provinces.",
    ]
    english = [
        "Old Forest Protection Act",
        "An Act to protect the old forests of Canada",
        "Her Majesty, by and with the advice and consent of the Senate and House of Commons, enacts as follows:",
        "Short title",
        "This Act may be cited as the Old Forest Protection Act.",
        "The Minister shall designate the forests to be protected after consulting the provinces.",
    ]
    src, tgt = embed_side(encoder, french, AlignParams()), embed_side(encoder, english, AlignParams())
    whole = align_embedded(src, tgt, AlignParams(margin=1.0, refine=False))
    assert (whole[0].src, whole[0].tgt) == ((0, 1), (0, 1))
    default = align_embedded(src, tgt, AlignParams(refine=False))
    assert [(b.src, b.tgt) for b in default] == [((i,), (i,)) for i in range(6)]


def test_default_alignment_never_loads_torch(tmp_path) -> None:
    """Our engine is the default so that an alignment does not pay for torch (0.85 GB, seconds)."""
    (tmp_path / "fr.txt").write_text("Les ministres se sont réunis.\nIls ont parlé de sécurité.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The ministers met.\nThey talked about security.\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from aligner.cli import main\n"
        f"status = main(['align', r'{tmp_path / 'fr.txt'}', r'{tmp_path / 'en.txt'}', '-o', r'{tmp_path / 'out'}'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'bertalign'))\n"
        "print(status, loaded)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.strip().splitlines()[-1] == "0 []"
    assert "aligner " in (tmp_path / "out" / "fr-en.tmx").read_text(encoding="utf-8")
