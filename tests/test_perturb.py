"""The benchmark's perturbed copies of a one-to-one text (bench/perturb.py): gold that covers every line once."""

import re
from pathlib import Path

import pytest

from .conftest import bench_module


@pytest.fixture(scope="module")
def perturbed():
    return bench_module("perturb").perturbed


# Every sixth unit a heading, then a marginal note, then provisions.
FRENCH = [
    f"Partie {i}" if i % 6 == 0 else f"Titre {i}" if i % 6 == 1 else f"Disposition {i} du texte, qui s’applique."
    for i in range(60)
]
ENGLISH = [
    f"Part {i}" if i % 6 == 0 else f"Title {i}" if i % 6 == 1 else f"Provision {i} of the text, which applies."
    for i in range(60)
]


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


@pytest.mark.parametrize("seed", range(20))
def test_joined_lines_hold_two_units_and_no_title_or_heading_is_deleted(perturbed, seed: int) -> None:
    fr, en, gold = perturbed(FRENCH, ENGLISH, seed)
    for src, tgt in gold:
        if len(src) == 1 and len(tgt) == 2:
            first = _unit(en[tgt[0]])
            assert fr[src[0]] == f"{FRENCH[first]} {FRENCH[first + 1]}" and _unit(en[tgt[1]]) == first + 1
        if len(src) == 2 and len(tgt) == 1:
            first = _unit(fr[src[0]])
            assert en[tgt[0]] == f"{ENGLISH[first]} {ENGLISH[first + 1]}"
        # As in DEV2, a marginal note (a label before text) may be deleted; a heading or the titles never.
        if not tgt:
            assert not fr[src[0]].startswith("Partie") and _unit(fr[src[0]]) >= 2
        if not src:
            assert not en[tgt[0]].startswith("Part ") and _unit(en[tgt[0]]) >= 2


def test_marginal_notes_are_deleted_too(perturbed) -> None:
    deleted = set()
    for seed in range(40):
        fr, en, gold = perturbed(FRENCH, ENGLISH, seed)
        deleted |= {(fr[src[0]] if src else en[tgt[0]]).split()[0] for src, tgt in gold if not (src and tgt)}
    assert {"Titre", "Title", "Disposition", "Provision"} <= deleted and not deleted & {"Partie", "Part"}


def test_the_corpus_parts_are_disjoint_and_hold_no_act_of_a_gold_set(tmp_path: Path) -> None:
    perturb = bench_module("perturb")
    if not perturb.CORPUS.is_dir() or not all(folder.is_dir() for folder in perturb.GOLD_SETS):
        pytest.skip(f"{perturb.CORPUS} or a gold set is absent (../shared/data beside the repository)")
    codes = {}
    for part in ("a", "b"):
        folder = perturb.write_corpus_set(tmp_path / part, part)
        rows = (folder / "codes.tsv").read_text(encoding="utf-8").splitlines()[1:]
        codes[part] = {row.split("\t")[1] for row in rows}
        assert len(list((folder / "gold").iterdir())) == len(rows)
    assert 0 < len(codes["a"]) <= perturb.CORPUS_ACTS and codes["b"]
    assert not codes["a"] & codes["b"] and not (codes["a"] | codes["b"]) & perturb.held_out_codes()
    # Part a2: part a's Acts, perturbed with other seeds.
    again = perturb.write_corpus_set(tmp_path / "a2", "a2")
    rows = (again / "codes.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split("\t")[1] for row in rows} == codes["a"]
    golds = [(tmp_path / part / "gold" / "001").read_text(encoding="utf-8") for part in ("a", "a2")]
    assert golds[0] != golds[1]
    # Part s: part a's Acts, cut to their first units as small Acts are.
    small = perturb.write_corpus_set(tmp_path / "s", "s")
    rows = [row.split("\t") for row in (small / "codes.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert {code for _, code, _ in rows} == codes["a"]
    low, high = perturb.SMALL_UNITS
    assert all(low <= int(units) <= high for _, _, units in rows)
