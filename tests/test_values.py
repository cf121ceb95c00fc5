"""Numbers and dates compared as values across languages' conventions (French and English, German, Spanish...)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.checks import run_checks
from aligner.checks.values import compare_dates, compare_numbers, dates, numbers, severity_of
from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.embed import load_embedder

SAME_NUMBERS = [
    ("le troisième fournisseur mondial", "the third-largest supplier worldwide"),
    ("lors du cinquième Orange Bowl", "at the fifth-annual Orange Bowl"),
    ("à une cinquantaine de mètres", "fifty meters away"),
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
#: How statutes write the same values in each language (the laws corpus's official versions).
SAME_NUMBERS_IN_STATUTES = [
    ("Paiement de 830 000 000 $", "Payment of $830 million"),
    ("un paiement de 30 500 000 $", "a payment of $30.5 million"),
    ("la somme de deux milliards de dollars", "the amount of $2 billion"),
    ("Le ministre peut communiquer le renseignement à un tiers.", "The Minister may disclose it to a third party."),
    ("égal aux deux tiers du paiement", "equal to two thirds of the payment"),
    ("égal au tiers du paiement", "equal to one-third of the payment"),
    ("trois quarts des membres", "three quarters of the members"),
    ("au quatrième trimestre", "in the fourth quarter"),  # an ordinal, no fraction
    ("des première et seconde pensions", "of the first and second pensions"),
    ("toute filiale à cent pour cent de celle-ci", "any of its wholly-owned subsidiaries"),
    ("pour toute période de quatre semaines", "for any four-week period"),
    ("Examen quinquennal", "Five-year review"),
    ("le recensement décennal", "the decennial census"),
    ("Loi sur les paiements (1982-1987)", "Payments 1982-87 Act"),
    ("la somme de trente et un millions deux cent quatre mille dollars",
     "the sum of thirty-one million, two hundred and four thousand dollars"),
    ("contenant deux cent soixante et six mille, cent cinquante et un pieds carrés",
     "containing two hundred and sixty-six thousand one hundred and fifty-one square feet"),
    ("pas plus tard que trois heures", "not later than three o’clock"),
    ("le taux de change est de 15,075 francs", "the rate of one Special Drawing Right for 15.075 francs"),
    ("un taux de 0,005 par baril", "a rate of 0.005 per barrel"),
    ("au maximum de $1,200 par année", "in excess of $1,200 a year"),  # written the English way
]


@pytest.mark.parametrize(("french", "english"), SAME_NUMBERS)
def test_the_same_values_written_each_way_do_not_differ(french: str, english: str) -> None:
    assert not compare_numbers(french, "fr", english, "en"), (french, english)


@pytest.mark.parametrize(("french", "english"), SAME_NUMBERS_IN_STATUTES)
def test_the_same_values_written_as_statutes_write_them_do_not_differ(french: str, english: str) -> None:
    assert not compare_numbers(french, "fr", english, "en"), (french, english)


def test_a_comma_before_three_digits_is_a_french_decimal_unless_the_other_side_reads_thousands() -> None:
    assert [v.value for v in numbers("0,005 et 15,075 et 1,000,000 et 1,000.5", "fr")] == [0.005, 15.075, 1e6, 1000.5]
    assert [v.value for v in numbers("15,075 francs", "en")] == [15075.0]
    assert [v.value for v in numbers("4,450 Euro", "de")] == [4.45]
    difference = compare_numbers("un taux de 15,075 francs", "fr", "a rate of 15.75 francs", "en")
    assert difference.only_src == ["15,075"] and difference.only_tgt == ["15.75"]
    assert not compare_numbers("une concession de 150,000 acres", "fr", "a grant of 150,000 acres", "en")


def test_a_different_sum_with_a_power_word_is_still_reported() -> None:
    difference = compare_numbers("Paiement de 830 000 000 $", "fr", "Payment of $803 million", "en")
    assert difference.only_src == ["830 000 000"] and difference.only_tgt == ["803000000"]
    assert compare_numbers("la période de cinq semaines", "fr", "the four-week period", "en")


def test_numbers_that_only_name_a_provision_on_one_side_come_last() -> None:
    french = "Les accords d’indemnisation ne peuvent couvrir les périodes en cause."
    english = "Agreements referred to in subsection (1) may not provide for indemnification in respect of any period."
    difference = compare_numbers(french, "fr", english, "en")
    assert difference.only_tgt == ["1"]
    assert severity_of("number", difference, french, "fr", english, "en") == "low"
    # The same number outside the reference is a value said on one side only.
    english = english.replace("any period", "any period of 1 year")
    assert severity_of("number", compare_numbers(french, "fr", english, "en"), french, "fr", english, "en") == "medium"
    replaced = compare_numbers("au paragraphe (2)", "fr", "in subsection (1)", "en")
    assert severity_of("number", replaced, "au paragraphe (2)", "fr", "in subsection (1)", "en") == "high"


def test_a_value_both_sides_state_is_not_missing_however_often_each_states_it() -> None:
    french = "au plus tard au troisième anniversaire et tous les trois ans après ce troisième anniversaire"
    english = "no later than the third anniversary and every three years following that anniversary"
    assert not compare_numbers(french, "fr", english, "en")
    assert compare_numbers(french, "fr", english.replace("three years", "four years"), "en").only_tgt == ["4"]


def test_an_ordinal_compound_still_differs_from_another_number() -> None:
    assert compare_numbers("le deuxième fournisseur", "fr", "the third-largest supplier", "en")
    assert compare_numbers("mise en quarantaine pendant 40 jours", "fr", "quarantined", "en").only_src == ["40"]


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


def value_findings(src_lang: str, src_texts: list[str], tgt_lang: str, tgt_texts: list[str]) -> list[tuple]:
    """The values check's findings, as (kind, source sentences, evidence), on documents aligned line by line."""

    def document(lang: str, texts: list[str]) -> Document:
        return Document(
            path=Path(f"x.{lang}"), lang=lang, blocks=[Block("p", t, t) for t in texts],
            sentences=[Sentence(i, t, i) for i, t in enumerate(texts)],
        )

    beads = [Bead((i,), (i,), 0.9) for i in range(len(src_texts))]
    alignment = Alignment(document(src_lang, src_texts), document(tgt_lang, tgt_texts), beads, model="test")
    return [
        (item.kind, item.src, item.evidence)
        for item in run_checks(alignment, load_embedder(), checks=("values",)).findings
    ]


def test_a_date_difference_is_not_reported_twice() -> None:
    items = value_findings(
        "fr", ["Le logiciel a frappé le 12 mai dans 150 pays.", "Ils étaient 5."],
        "en", ["The software struck on May 21 in 150 countries.", "There were 6."],
    )
    assert items == [
        ("date", (0,), "dates differ: source only: 12 mai; target only: May 21"),
        ("number", (1,), "numbers differ: source only: 5; target only: 6"),
    ]


# Other languages: how they write numbers and months comes from Babel's locale data.

SAME_NUMBERS_IN_OTHER_LANGUAGES = [
    ("de", "Die Wand ist 4,45 m hoch.", "fr", "La paroi fait 4,45 m."),
    ("de", "Die Wand ist 4,45 m hoch.", "en", "The wall is 4.45 m high."),
    ("de", "Es kostet 1.000,5 Franken.", "fr", "Cela coûte 1 000,5 francs."),
    ("de", "1.000.000 Einwohner", "fr", "1\u202f000\u202f000 d’habitants"),
    ("de", "Aufstehen um 4.45 Uhr", "fr", "lever à 4 h 45"),
    ("es", "1.234,5 toneladas", "it", "1.234,5 tonnellate"),
    ("nl", "1.234,5 euro", "fr", "1 234,5 euros"),
    ("de-CH", "Es kostet 1'000.50 Franken.", "fr-CH", "Cela coûte 1 000,50 francs."),
    ("de_CH", "1’000.50", "en-US", "1,000.50"),
]


@pytest.mark.parametrize(("src_lang", "src", "tgt_lang", "tgt"), SAME_NUMBERS_IN_OTHER_LANGUAGES)
def test_the_same_numbers_in_other_languages_do_not_differ(src_lang: str, src: str, tgt_lang: str, tgt: str) -> None:
    assert not compare_numbers(src, src_lang, tgt, tgt_lang), (src, tgt)


SAME_DATES_IN_OTHER_LANGUAGES = [
    ("de", "am 3. März 2017", "fr", "le 3 mars 2017"),
    ("de", "am 12. Mai", "fr", "le 12 mai"),
    ("de", "am 3. Jan. 2017", "fr", "le 3 janv. 2017"),
    ("de", "vom 3. bis 5. Dez. 1988", "fr", "du 3 au 5 décembre 1988"),
    ("es", "el 3 de marzo de 2017", "it", "il 3 marzo 2017"),
    ("es", "los días 3 y 4 de mayo", "it", "il 3 e 4 maggio"),
    ("nl", "op 3 maart 2017", "fr", "le 3 mars 2017"),
]


@pytest.mark.parametrize(("src_lang", "src", "tgt_lang", "tgt"), SAME_DATES_IN_OTHER_LANGUAGES)
def test_the_same_dates_in_other_languages_do_not_differ(src_lang: str, src: str, tgt_lang: str, tgt: str) -> None:
    assert not compare_dates(src, src_lang, tgt, tgt_lang), (src, tgt)
    assert dates(src, src_lang) and dates(tgt, tgt_lang)
    # The day and the year are read as the same numbers too.
    assert not compare_numbers(src, src_lang, tgt, tgt_lang), (src, tgt)


def test_german_numbers_and_months_are_read_as_german() -> None:
    assert [v.value for v in numbers("1.000,5 und 1.000 und 4,45 und 2.5", "de")] == [1000.5, 1000.0, 4.45, 2.5]
    assert [(d.month, d.days, d.year) for d in dates("am 3. März 2017 und am 1. Okt. 2018", "de")] == [
        (3, frozenset({3}), 2017), (10, frozenset({1}), 2018),
    ]


@pytest.mark.parametrize(
    ("src_lang", "src", "tgt_lang", "tgt", "only_src", "only_tgt"),
    [
        ("de", "Die Wand ist 4,45 m hoch.", "fr", "La paroi fait 4,54 m.", ["4,45"], ["4,54"]),
        ("de", "Es kostet 1.000,5 Franken.", "fr", "Cela coûte 1 000,05 francs.", ["1.000,5"], ["1 000,05"]),
        ("de", "Aufstehen um 4.45 Uhr", "fr", "lever à 5 h 45", ["4"], ["5"]),
        ("nl", "1.234,5 euro", "fr", "1 243,5 euros", ["1.234,5"], ["1 243,5"]),
    ],
)
def test_a_different_number_in_other_languages_is_reported(
    src_lang: str, src: str, tgt_lang: str, tgt: str, only_src: list[str], only_tgt: list[str]
) -> None:
    difference = compare_numbers(src, src_lang, tgt, tgt_lang)
    assert (difference.only_src, difference.only_tgt) == (only_src, only_tgt)


@pytest.mark.parametrize(
    ("src_lang", "src", "tgt_lang", "tgt", "only_src", "only_tgt"),
    [
        ("de", "am 3. März 2017", "fr", "le 3 avril 2017", ["3. März 2017"], ["3 avril 2017"]),
        ("de", "am 12. Mai", "fr", "le 12 juin", ["12. Mai"], ["12 juin"]),
        ("es", "el 3 de marzo de 2017", "it", "il 3 aprile 2017", ["3 de marzo de 2017"], ["3 aprile 2017"]),
        ("nl", "op 3 maart", "fr", "le 4 mars", ["3 maart"], ["4 mars"]),
    ],
)
def test_a_different_date_in_other_languages_is_reported(
    src_lang: str, src: str, tgt_lang: str, tgt: str, only_src: list[str], only_tgt: list[str]
) -> None:
    difference = compare_dates(src, src_lang, tgt, tgt_lang)
    assert (difference.only_src, difference.only_tgt) == (only_src, only_tgt)


def test_a_german_french_pair_gets_findings_only_where_values_differ() -> None:
    items = value_findings(
        "de", ["Um 4.45 Uhr, am 3. März 2017, lag der Wert bei 1.000,5.", "Der Pegel stieg um 4,45 m."],
        "fr", ["À 4 h 45, le 3 mars 2017, la valeur était de 1 000,5.", "Le niveau est monté de 4,54 m."],
    )
    assert items == [("number", (1,), "numbers differ: source only: 4,45; target only: 4,54")]


def test_region_tags_read_as_their_language() -> None:
    assert not compare_dates("le 5 mars 2017", "fr-CA", "March 5, 2017", "en-US")
    assert dates("le 5 mars 2017", "fr_CA") and dates("March 5, 2017", "EN-us")
    assert [v.value for v in numbers("quatre pays au XIXe siècle", "fr-CA")] == [19.0, 4.0]


@pytest.mark.parametrize("lang", ["zz", "x-klingon", "", "not a tag"])
def test_a_language_babel_does_not_know_is_read_as_before(lang: str) -> None:
    assert [v.value for v in numbers("3,5 et 1 000 et 1,000.5", lang)] == [3.5, 1000.0, 1000.5]
    assert dates("le 5 mars 2017, March 5, 2017", lang) == []


def test_a_month_in_capitals_that_lower_cases_to_another_spelling_is_skipped() -> None:
    # Turkish « EKİM ».lower() is not « ekim »: matched regardless of case, then not found among the names.
    assert dates("3 EKİM 2017", "tr") == []
    assert [d.month for d in dates("3 Ekim 2017", "tr")] == [10]


def test_a_region_babel_does_not_know_is_read_as_its_language() -> None:
    assert [v.value for v in numbers("1.000,5", "de-XX")] == [1000.5]
    assert [d.month for d in dates("am 3. März 2017", "de-XX-x-private")] == [3]


def test_figures_for_the_aligner_read_sums_written_in_words_in_the_language_given() -> None:
    from aligner.text import figures

    assert figures("une somme n’excédant pas cent six millions de dollars", "fr") == ("106000000",)
    assert figures("a sum not exceeding one hundred and six million dollars", "en") == ("106000000",)
    assert figures("Maximum payment of $106,000,000", "en") == ("106000000",)
    assert figures("Payment of $130.3 million", "en") == figures("Paiement de 130 300 000 $", "fr") == ("130300000",)
    # Three and under stay words; a language text2num does not read gives the figures alone.
    assert figures("one of the members, section 12", "en") == ("12",)
    assert figures("zwanzig Mitglieder, Artikel 12", "xx") == ("12",)


def test_a_run_of_number_words_longer_than_any_number_is_left_unread() -> None:
    from aligner.text import figures

    # text2num reads such a run in time that grows with its square: a line of 100,000 took 30 s a reading.
    assert figures("deux " * 100, "fr") == ()
    assert [v.value for v in numbers("Le ministre verse deux cents dollars. " + "deux " * 100, "fr")] == [200.0]


def test_number_spans_give_each_number_once_with_its_digits_however_written() -> None:
    from aligner.text import number_spans

    french = "la somme de cent soixante-quatorze millions cinq cent mille dollars, en vertu de l’article 12"
    english = "the amount of $174,500,000 under section 12, or $830 million"
    assert [(french[a:b], digits) for a, b, digits in number_spans(french, "fr")] == [
        ("cent soixante-quatorze millions cinq cent mille", "174500000"), ("12", "12"),
    ]
    assert [(english[a:b], digits) for a, b, digits in number_spans(english, "en")] == [
        ("174,500,000", "174500000"), ("12", "12"), ("830 million", "830000000"),
    ]
    # An article is no number; two numbers in one run of words are left as words, and so is a run longer than
    # any one number, unread (reading it would cost time in proportion to its square).
    assert number_spans("un avis, les articles trente-six et trente-sept", "fr") == []
    assert number_spans("deux " * 100, "fr") == []


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("par acte en date du 31 mai 1954", "by indenture made on the 31st day of May, 1954"),
        ("existant le 30 décembre 1974", "on the thirtieth day of December, 1974"),
        ("le premier jour de mai de chaque année", "the first day of May of each year"),
        ("le vingt-deuxième jour d’août 1864", "the twenty-second day of August, 1864"),
        ("conclue le treize juillet 1961", "made on the thirteenth day of July, 1961"),
        ("du traité de Genève du vingt-deux août 1864", "the treaty of Geneva of August twenty-second, 1864"),
        ("le 31 décembre de l’année du dépôt, à moins qu’il soit en vigueur à cette date",
         "on December 31 of the year, unless in force on or before that December 31"),
    ],
)
def test_the_formal_dates_of_statutes_are_read(french: str, english: str) -> None:
    assert dates(french, "fr") and dates(english, "en")
    assert not compare_dates(french, "fr", english, "en"), (french, english)


def test_a_month_name_that_is_a_verb_is_no_date() -> None:
    assert dates("a text re-enacted under section 3 or 4 may use that power", "en") == []
    assert [d.days for d in dates("on or before the 4 May", "en")] == [frozenset({4})]
