"""Numbers and dates compared as values across French and English conventions."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.checks.values import compare_dates, compare_numbers, dates, numbers

SAME_NUMBERS = [
    ("L’attaque a touché plus de 150 pays.", "The attack hit more than 150 countries."),
    ("Une hausse de 18 % des saisies.", "An 18% increase in seizures."),
    ("Une hausse de dix-huit pour cent.", "An increase of eighteen percent."),
    ("le 1er juillet", "on July 1st"),
    ("1 000 000 de dollars", "$1,000,000"),
    ("1\u202f000\u202f000 de dollars", "1,000,000 dollars"),
    ("12,5 millions", "12.5 million"),
    ("les quatre pays", "the four countries"),
    ("à 10 h 30", "at 10:30"),
    ("au XIXe siècle", "in the 19th century"),
    ("les XIe et XIIe siècles", "the eleventh and twelfth centuries"),
    ("sous la Ve République", "under the Fifth Republic"),
    ("Il met son veto à deux résolutions.", "He vetoed the 2 resolutions."),
    ("deux fois", "twice"),
]


@pytest.mark.parametrize(("french", "english"), SAME_NUMBERS)
def test_the_same_values_written_each_way_do_not_differ(french: str, english: str) -> None:
    assert not compare_numbers(french, "fr", english, "en"), (french, english)


def test_a_different_number_is_reported_with_both_surfaces() -> None:
    difference = compare_numbers("plus de 150 000 signalements", "fr", "more than 105,000 reports", "en")
    assert difference.only_src == ["150 000"] and difference.only_tgt == ["105,000"]
    assert str(difference) == "source only: 150 000; target only: 105,000"


def test_a_number_missing_on_one_side_is_reported() -> None:
    difference = compare_numbers("Les 5 pays se réuniront en 2025.", "fr", "The countries will meet in 2025.", "en")
    assert difference.only_src == ["5"] and difference.only_tgt == []


def test_a_different_century_in_roman_numerals_is_reported() -> None:
    difference = compare_numbers("au XVIIIe siècle", "fr", "in the 19th century", "en")
    assert difference.only_src == ["XVIIIe"] and difference.only_tgt == ["19th"]


def test_capitalised_words_are_not_roman_numerals() -> None:
    assert numbers("Ce livre, Le roi et Louis XIV.", "fr") == []


def test_a_small_figure_the_other_side_lacks_is_still_reported() -> None:
    assert compare_numbers("Les 2 pays", "fr", "The countries", "en").only_src == ["2"]


def test_values_keep_their_kind() -> None:
    assert [(v.kind, v.value) for v in numbers("5 %, 1er, 3 000,5", "fr")] == [
        ("percent", 5.0), ("ordinal", 1.0), ("number", 3000.5),
    ]
    assert [(v.kind, v.value) for v in numbers("5%, 1st, 3,000.5", "en")] == [
        ("percent", 5.0), ("ordinal", 1.0), ("number", 3000.5),
    ]


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("le 12 mai", "on May 12"),
        ("le 26 juin 2017", "June 26, 2017"),
        ("Ottawa, le 27 juin 2017", "Ottawa, June 27, 2017"),
        ("le 1er juillet", "July 1"),
    ],
)
def test_the_same_date_written_each_way_does_not_differ(french: str, english: str) -> None:
    assert not compare_dates(french, "fr", english, "en")
    assert dates(french, "fr") and dates(english, "en")


def test_a_different_month_is_reported_as_a_date() -> None:
    difference = compare_dates("réunis le 26 juin 2017", "fr", "met on July 26, 2017", "en")
    assert difference.only_src == ["26 juin 2017"] and difference.only_tgt == ["July 26, 2017"]


def test_figures_that_are_not_dates_are_not_read_as_dates() -> None:
    assert dates("Une hausse de 18 % et dix-huit mesures.", "fr") == []
    assert dates("An 18% rise and 12.5 million.", "en") == []


def test_a_bare_month_word_is_not_a_date() -> None:
    assert dates("The Minister may appoint officers in May.", "en") == []


def test_a_date_difference_is_not_reported_twice() -> None:
    from aligner.checks import run_checks
    from aligner.document import Alignment, Bead, Block, Document, Sentence
    from aligner.embed import load_embedder

    def document(lang: str, texts: list[str]) -> Document:
        return Document(
            path=Path(f"x.{lang}"), lang=lang, blocks=[Block("p", t, t) for t in texts],
            sentences=[Sentence(i, t, i) for i, t in enumerate(texts)],
        )

    source = document("fr", ["Le logiciel a frappé le 12 mai dans 150 pays.", "Ils étaient 5."])
    target = document("en", ["The software struck on May 21 in 150 countries.", "There were 6."])
    alignment = Alignment(source, target, [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)], model="test")
    items = [
        (item.kind, item.src, item.evidence)
        for item in run_checks(alignment, load_embedder(), checks=("values",)).findings
    ]
    assert items == [
        ("date", (0,), "dates differ: source only: 12 mai; target only: May 21"),
        ("number", (1,), "numbers differ: source only: 5; target only: 6"),
    ]
