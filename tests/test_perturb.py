"""The benchmark's perturbed copies of a one-to-one text (bench/perturb.py): gold that covers every line once."""

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def perturbed():
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from perturb import perturbed
    finally:
        sys.path.remove(str(REPO / "bench"))
    return perturbed


FRENCH = [f"Titre {i}" if i % 3 == 0 else f"Disposition {i} du texte, qui s’applique." for i in range(60)]
ENGLISH = [f"Title {i}" if i % 3 == 0 else f"Provision {i} of the text, which applies." for i in range(60)]


@pytest.mark.parametrize("seed", range(5))
def test_every_line_is_in_exactly_one_gold_bead(perturbed, seed: int) -> None:
    fr, en, gold = perturbed(FRENCH, ENGLISH, seed)
    assert sorted(i for src, _tgt in gold for i in src) == list(range(len(fr)))
    assert sorted(j for _src, tgt in gold for j in tgt) == list(range(len(en)))
    shapes = [(len(src), len(tgt)) for src, tgt in gold]
    # About 8% of 60 units joined (5), about 3% deleted (2), each alternating between the languages.
    assert shapes.count((1, 2)) + shapes.count((2, 1)) == 5
    assert abs(shapes.count((1, 2)) - shapes.count((2, 1))) <= 1
    assert sorted([shapes.count((1, 0)), shapes.count((0, 1))]) == [1, 1]


def _unit(line: str) -> int:
    """The number of the first unit in a line."""
    return int(re.search(r"\d+", line).group())


def test_joined_lines_hold_two_units_and_only_provisions_are_deleted(perturbed) -> None:
    fr, en, gold = perturbed(FRENCH, ENGLISH, 7)
    for src, tgt in gold:
        if len(src) == 1 and len(tgt) == 2:
            first = _unit(en[tgt[0]])
            assert fr[src[0]] == f"{FRENCH[first]} {FRENCH[first + 1]}" and _unit(en[tgt[1]]) == first + 1
        if len(src) == 2 and len(tgt) == 1:
            first = _unit(fr[src[0]])
            assert en[tgt[0]] == f"{ENGLISH[first]} {ENGLISH[first + 1]}"
        if not tgt:
            assert fr[src[0]].startswith("Disposition")
        if not src:
            assert en[tgt[0]].startswith("Provision")
