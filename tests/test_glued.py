"""Headings glued to a neighbouring line go to the bead whose line says them (real sentences, bundled model)."""

import pytest

from aligner.align import align_sentences, embed_side
from aligner.align.glued import reattach_glued_headings
from aligner.document import Bead
from aligner.embed import OverlapEncoder, load_embedder
from aligner.settings import AlignParams

FRENCH = [
    "Le ministre présente chaque année un rapport sur l’application de la présente loi.",
    "Comités consultatifs",
    "Le ministre peut constituer des comités consultatifs et en fixer la composition.",
]

# A freely translated heading, glued to the end of the English line before.
POSTES_FRENCH = [
    "La présente loi ne porte pas atteinte aux droits acquis des fonctionnaires.",
    "Postes",
    "Les fonctionnaires conservent leur poste à l’entrée en vigueur de la présente loi.",
]
POSTES_ENGLISH = [
    "Nothing in this Act affects the acquired rights of employees. Employees",
    "Employees keep their positions when this Act comes into force.",
]


@pytest.fixture(scope="module")
def embedder():
    return load_embedder()


def _reattached(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    encoder = OverlapEncoder(embedder)
    sides = (embed_side(encoder, french, AlignParams()), embed_side(encoder, english, AlignParams()))
    return [(b.src, b.tgt) for b in reattach_glued_headings(beads, (french, english), sides, embedder)]


def test_a_heading_glued_to_the_end_of_the_line_before_joins_that_bead(embedder) -> None:
    english = [
        "The Minister shall report every year on the administration of this Act. Advisory committees",
        "The Minister may establish advisory committees and set their membership.",
    ]
    wrong = [Bead((0,), (0,)), Bead((1, 2), (1,))]
    assert _reattached(embedder, FRENCH, english, wrong) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_freely_translated_heading_follows_a_visible_glue(embedder) -> None:
    # « Postes » and "Employees" say the same thing only in context; the line
    # before visibly ends with a fragment after its last sentence.
    wrong = [Bead((0,), (0,)), Bead((1, 2), (1,))]
    assert _reattached(embedder, POSTES_FRENCH, POSTES_ENGLISH, wrong) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_heading_glued_to_the_start_of_the_line_after_joins_that_bead(embedder) -> None:
    english = [
        "The Minister shall report every year on the administration of this Act.",
        "Advisory committees The Minister may establish advisory committees and set their membership.",
    ]
    wrong = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _reattached(embedder, FRENCH, english, wrong) == [((0,), (0,)), ((1, 2), (1,))]


def test_a_heading_on_a_line_of_its_own_stays(embedder) -> None:
    english = [
        "The Minister shall report every year on the administration of this Act.",
        "Advisory committees",
        "The Minister may establish advisory committees and set their membership.",
    ]
    right = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))]
    assert _reattached(embedder, FRENCH, english, right) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_the_aligner_gives_an_unmatched_glued_heading_to_its_line(embedder) -> None:
    programme = align_sentences(embedder, POSTES_FRENCH, POSTES_ENGLISH, AlignParams(refine=False)).beads
    assert [(b.src, b.tgt) for b in programme] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    beads = align_sentences(embedder, POSTES_FRENCH, POSTES_ENGLISH).beads
    assert [(b.src, b.tgt) for b in beads] == [((0, 1), (0,)), ((2,), (1,))]
    assert all(b.similarity is not None for b in beads)
