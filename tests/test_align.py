"""Alignment: bead types, unmatched sentences, headings kept apart."""

from __future__ import annotations

import pytest

from aligner.align import AlignParams, _split_at_headings, align_embedded, embed_side
from aligner.embed import OverlapEncoder, load_embedder

FRENCH = [
    "Les ministres se sont réunis à Ottawa le 26 juin.",
    "Ils ont discuté de la sécurité nationale.",
    "La menace terroriste reste élevée en Europe et en Amérique du Nord.",
    "Le chiffrement complique les enquêtes.",
    "Ils se reverront l’an prochain à Londres.",
]
ENGLISH = [
    "The ministers met in Ottawa on June 26.",
    "They discussed national security.",
    "Encryption makes investigations harder.",
    "They will meet again next year in London.",
    "The meeting was chaired by the Minister of Public Safety.",
]


@pytest.fixture(scope="module")
def encoder() -> OverlapEncoder:
    return OverlapEncoder(load_embedder())


def test_omitted_and_added_sentences_are_unmatched_beads(encoder) -> None:
    params = AlignParams()
    beads = align_embedded(embed_side(encoder, FRENCH, params), embed_side(encoder, ENGLISH, params), params)
    assert [(b.src, b.tgt) for b in beads] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        ((3,), (2,)),
        ((4,), (3,)),
        ((), (4,)),
    ]
    assert all(b.similarity is not None and 0.4 < b.similarity <= 1 for b in beads if b.is_match)
    assert [b.kind for b in beads if not b.is_match] == ["1-0", "0-1"]


def test_one_sentence_translated_as_two_is_a_one_to_two_bead(encoder) -> None:
    french = [
        "Les ministres se sont réunis à Ottawa et ont discuté de la sécurité nationale.",
        "Ils se reverront à Londres.",
    ]
    english = ["The ministers met in Ottawa.", "They discussed national security.", "They will meet again in London."]
    params = AlignParams()
    beads = align_embedded(embed_side(encoder, french, params), embed_side(encoder, english, params), params)
    assert [(b.src, b.tgt, b.kind) for b in beads] == [((0,), (0, 1), "1-2"), ((1,), (2,), "1-1")]


def test_an_empty_side_leaves_every_sentence_unmatched(encoder) -> None:
    params = AlignParams()
    beads = align_embedded(embed_side(encoder, FRENCH[:2], params), embed_side(encoder, [], params), params)
    assert [(b.src, b.tgt) for b in beads] == [((0,), ()), ((1,), ())]


@pytest.mark.parametrize(
    ("src", "tgt", "src_heads", "tgt_heads", "expected"),
    [
        # Two headings merged into a 2-2 bead become two 1-1 beads.
        ([6, 7], [6, 7], {6, 7}, {6, 7}, [([6], [6]), ([7], [7])]),
        # A heading merged with the sentence after it, on both sides.
        ([3, 4], [3, 4], {3}, {3}, [([3], [3]), ([4], [4])]),
        # Text runs stay together.
        ([3, 4, 5], [3, 4], {3}, {3}, [([3], [3]), ([4, 5], [4])]),
        # Sides that disagree on structure are left as aligned.
        ([3, 4], [3, 4], {3}, set(), [([3, 4], [3, 4])]),
        ([1, 2], [1], set(), set(), [([1, 2], [1])]),
    ],
)
def test_headings_are_split_out_of_merged_beads(src, tgt, src_heads, tgt_heads, expected) -> None:
    assert _split_at_headings(src, tgt, frozenset(src_heads), frozenset(tgt_heads)) == expected
