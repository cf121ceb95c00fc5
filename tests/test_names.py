"""Names present on one side only (aligner.checks.names)."""

import pytest

from aligner.checks.names import NameDifference, compare_names, fold, is_common_word


@pytest.mark.parametrize(
    ("fr", "en"),
    [
        ("Le Royaume-Uni a signé l’accord.", "The United Kingdom signed the agreement."),
        ("Les États-Unis ont signé l’accord.", "The United States signed the agreement."),
        ("La Nouvelle-Zélande a signé l’accord.", "New Zealand signed the agreement."),
        ("Ils ont condamné les attentats de Daech.", "They condemned the Daesh attacks."),
        ("Le rôle de l’ONU reste essentiel.", "The role of the UN remains essential."),
        ("Les membres de l’OTAN se sont réunis.", "NATO members met."),
        (
            "Les ministres ont convenu de renforcer la coopération.",
            "Ministers agreed to strengthen cooperation.",
        ),
        ("Lutter contre l’extrémisme violent", "Countering Violent Extremism"),
        ("PROTÉGER LES ENFANTS EN LIGNE", "PROTECTING CHILDREN ONLINE"),
        (
            "Les ministres de l’Australie, du Canada, de la Nouvelle-Zélande, du Royaume-Uni et des États-Unis.",
            "Ministers from Australia, Canada, New Zealand, the United Kingdom and the United States.",
        ),
        ("Le Conseil de sécurité des Nations Unies s’est réuni.", "The United Nations Security Council met."),
        (
            "La politique du gouvernement fédéral consiste :",
            "It is the policy of the Government of Canada to",
        ),
        ("la politique canadienne du multiculturalisme", "the multiculturalism policy of Canada"),
        ("Avis de démolition", "Notice of demolition"),
        ("M. Lefebvre a pris la parole.", "Mr. Lefebvre spoke."),
        ("Le SCRS a transmis son rapport.", "CSIS sent its report."),
        # The same name as French and English spell it.
        ("Le comte apprend la nouvelle à Salamanque.", "The Count hears the news in Salamanca."),
        ("Le roi Alphonse reçoit le duc Venceslav.", "King Alfonso receives Duke Wenceslas."),
        # As Canadian statutes write them (the laws corpus).
        ("Mention de l’AÉCG", "References to CETA provisions"),
        (
            "SA MAJESTÉ, sur l’avis et du consentement du Sénat, décrète :",
            "NOW, THEREFORE, Her Majesty, by and with the advice and consent of the Senate, enacts as follows:",
        ),
        (
            "SA Majesté, sur l’avis et du consentement du Sénat, décrète :",
            "HER Majesty, by and with the advice and consent of the Senate, enacts as follows:",
        ),
        ("sous le contrôle exclusif du Parlement du Canada", "subject to the exclusive authority of Parliament"),
        ("un pont franchissant le fleuve Saint-Laurent", "a bridge over the St. Lawrence River"),
        ("Loi sur La Société canadienne de la Croix-Rouge", "Canadian Red Cross Society Act"),
        ("la société affiliée à la Grande-Bretagne", "the Society affiliated to Great Britain"),
        ("la province du Nouveau-Brunswick", "the Province of New Brunswick"),
        ("le gouvernement de la Colombie-Britannique", "the Government of British Columbia"),
        ("les différends entre le Canada et la Colombie-Britannique", "differences between Canada and B.C."),
        ("les eaux de Terre-Neuve", "the waters of Newfoundland"),
        # A hyphen at the end of a PDF's line:
        ("Examen de l’Entente Canada — Nouvelle- Écosse", "Review of the Canada–Nova Scotia Arrangement"),
        ("les ordonnances des territoires du Nord-Ouest", "the ordinances of the Northwest Territories"),
        # Words the lexicon's French lacks, the same in the singular and the plural, or abbreviated.
        ("les membres du Corps féminin de la Marine royale", "the members of the Women’s Royal Naval Service"),
        ("Avis au ministre", "Notice to the Minister"),
        ("Mme Tremblay a pris la parole.", "Mrs. Tremblay spoke."),
        ("La Corporation du Pont international, Ltée", "The International Bridge Corporation, Limited"),
        ("le sous-surintendant général adjoint", "the Deputy Supt. General"),
    ],
)
def test_same_names_are_no_difference(fr: str, en: str) -> None:
    difference = compare_names(fr, "fr", en, "en")
    assert not difference, str(difference)


def test_name_in_target_only_is_reported_with_its_span() -> None:
    en = "They condemned the attack claimed by Daesh."
    difference = compare_names("Ils ont condamné l’attentat.", "fr", en, "en")
    assert difference.only_src == ()
    assert difference.only_tgt == ("Daesh",)
    ((start, end),) = difference.tgt_spans
    assert en[start:end] == "Daesh"


def test_place_in_source_only_is_reported() -> None:
    fr = "La réunion a eu lieu à Ottawa les 13 et 14 mars."
    difference = compare_names(fr, "fr", "The meeting took place on March 13 and 14.", "en")
    assert difference.only_src == ("Ottawa",)
    assert [fr[a:b] for a, b in difference.src_spans] == ["Ottawa"]
    assert difference.only_tgt == ()


def test_names_that_merely_sound_close_stay_apart() -> None:
    from aligner.checks.names import _similar

    assert _similar(fold("Salamanque"), fold("Salamanca")) and _similar(fold("Yucatèques"), fold("Yucatecans"))
    for a, b in [("Ottawa", "Toronto"), ("Paris", "Prague"), ("Trudeau", "Harper"), ("Lyon", "Leeds")]:
        assert not _similar(fold(a), fold(b)), (a, b)
    difference = compare_names("La réunion a eu lieu à Ottawa.", "fr", "The meeting took place in Toronto.", "en")
    assert difference.only_src == ("Ottawa",)


def test_an_accented_acronym_or_a_country_after_du_is_still_reported_when_the_other_side_lacks_it() -> None:
    assert compare_names("Mention de l’AÉCG", "fr", "References to these provisions", "en").only_src == ("AÉCG",)
    assert compare_names("Le Mexique et le Canada", "fr", "Canada", "en").only_src == ("Mexique",)


def test_acronym_in_one_side_only_is_reported() -> None:
    difference = compare_names("Le GAFI a publié un rapport.", "fr", "A report was published.", "en")
    assert difference.only_src == ("GAFI",)


def test_country_missing_from_target_is_reported() -> None:
    fr = "Ils ont salué la campagne lancée en Nouvelle-Zélande."
    difference = compare_names(fr, "fr", "They welcomed the campaign.", "en")
    assert difference.only_src == ("Nouvelle-Zélande",)


def test_a_function_word_in_capitals_is_an_acronym_away_from_a_sentence_start() -> None:
    difference = compare_names("Elle vend les actions de la société SA Majesté.", "fr", "She sells the shares.", "en")
    assert difference.only_src == ("SA",)


def test_a_province_named_in_one_version_only_is_reported() -> None:
    fr, en = "au Nouveau-Brunswick et en Colombie-Britannique", "in New Brunswick and Nova Scotia"
    difference = compare_names(fr, "fr", en, "en")
    assert difference.only_src == ("Colombie-Britannique",) and difference.only_tgt == ("Nova Scotia",)


def test_every_occurrence_is_located() -> None:
    en = "Daesh and again Daesh."
    difference = compare_names("Encore et encore.", "fr", en, "en")
    assert difference.only_tgt == ("Daesh",)
    assert [en[a:b] for a, b in difference.tgt_spans] == ["Daesh", "Daesh"]


def test_german_and_french_country_names_match() -> None:
    assert not compare_names("Die Schweiz ist schön.", "de", "La Suisse est belle.", "fr")


def test_german_nouns_are_not_names() -> None:
    assert not compare_names("Die Seillänge war schwierig.", "de", "La longueur était difficile.", "fr")


def test_text_and_truth() -> None:
    difference = NameDifference(("Daech",), (), ((0, 5),), ())
    assert difference
    assert str(difference) == "names on one side only: source « Daech »; target —"
    assert not NameDifference((), (), (), ())


def test_fold_keeps_offsets() -> None:
    text = "États-Unis’ Zélande"
    assert len(fold(text)) == len(text)
    assert fold(text) == "etats-unis' zelande"


def test_common_words_are_told_from_names() -> None:
    assert is_common_word("Ministers", "en")
    assert is_common_word("Sous-ministre", "fr")
    assert not is_common_word("Ottawa", "fr")
    assert not is_common_word("Daesh", "en")


def test_the_lexicon_is_kept_in_the_cache_folder_and_read_back_the_same(tmp_path, monkeypatch) -> None:
    from aligner.checks import names

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    names._lexicon.cache_clear()
    built = names._lexicon("en")
    assert [path.name for path in (tmp_path / "aligner").iterdir()] == [names._lexicon_cache("en").name]
    names._lexicon.cache_clear()
    assert names._lexicon("en") == built
    names._lexicon.cache_clear()
