"""Headings glued to a neighbouring line go to the bead whose line says them (real sentences, bundled model)."""

import pytest

from aligner.align import align_sentences, embed_side
from aligner.align.glued import reattach_glued_headings
from aligner.align.lines import Lines
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


def _lines(embedder, french: list[str], english: list[str]) -> Lines:
    """Both sides embedded as the aligner embeds them."""
    encoder = OverlapEncoder(embedder)
    sides = embed_side(encoder, french, AlignParams()), embed_side(encoder, english, AlignParams())
    return Lines((french, english), sides, embedder, langs=("fr", "en"))


def _measured(sides: tuple, beads: list[Bead]) -> list[Bead]:
    """The beads with their similarities, as the programme hands them on (None for an unmatched one)."""
    return [Bead(b.src, b.tgt, sides[0].similarity(b.src, sides[1], b.tgt) if b.is_match else None) for b in beads]


def _passed(step, embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    """The beads, measured, after one pass over both sides' lines."""
    lines = _lines(embedder, french, english)
    return [(b.src, b.tgt) for b in step(_measured(lines.sides, beads), lines)]


def _reattached(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    return _passed(reattach_glued_headings, embedder, french, english, beads)


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


def test_a_heading_beyond_an_unmatched_line_of_the_other_side_joins_the_line_it_is_glued_to(embedder) -> None:
    # The English lost the provision after the French line that the heading is glued to; the English heading
    # stands after that provision, unmatched. A 1-0 and a 0-1 side by side may stand in either order.
    report = "Le ministre présente chaque année un rapport sur l’application de la présente loi."
    french = [f"{report} Comités consultatifs", FRENCH[2], "Le ministre nomme les membres de chaque comité."]
    english = ["The Minister shall report every year on the administration of this Act.", "Advisory committees",
               "The Minister may appoint the members of each committee."]
    wrong = [Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,)), Bead((2,), (2,))]
    assert _reattached(embedder, french, english, wrong) == [((0,), (0, 1)), ((1,), ()), ((2,), (2,))]
    # The other way round: the heading first, then the unmatched line, then the line the heading opens.
    french = [report, "Le ministre dépose le rapport au Parlement.",
              "Comités consultatifs Le ministre nomme les membres de chaque comité."]
    wrong = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), ()), Bead((2,), (2,))]
    assert _reattached(embedder, french, english, wrong) == [((0,), (0,)), ((1,), ()), ((2,), (1, 2))]


# --- Orphan headings (aligner.align.orphans) -----------------------------------------------

ORPHAN_FRENCH = [
    "Constitution",
    "Est constituée l’Agence canadienne de l’eau, chargée d’assister le ministre dans l’exercice de ses attributions.",
]
# The English lost its marginal note: the provision opens straight away.
ORPHAN_ENGLISH = [
    "The Canada Water Agency is established for the purpose of assisting the Minister in exercising the Minister’s "
    "powers."
]
# The same, with the note run into the provision's line.
GLUED_ENGLISH = [
    "Establishment The Canada Water Agency is established for the purpose of assisting the Minister in exercising "
    "the Minister’s powers."
]


def _detached(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.orphans import detach_orphan_headings

    return _passed(detach_orphan_headings, embedder, french, english, beads)


def test_a_heading_the_other_side_does_not_say_is_left_unmatched(embedder) -> None:
    beads = [Bead((0, 1), (0,))]
    assert _detached(embedder, ORPHAN_FRENCH, ORPHAN_ENGLISH, beads) == [((0,), ()), ((1,), (0,))]


def test_a_heading_is_not_glued_to_a_line_whose_opening_only_mentions_it(embedder) -> None:
    # "There may be paid out of the Consolidated" says « Paiement maximal » a little better than the
    # French provision's opening (the clauses come in another order); but the line without those words
    # says the provision less well, so they are the provision's, not a heading's.
    french = [
        "Paiement maximal de 1 000 000 000 $",
        "À la demande du ministre de l’Industrie et selon les modalités approuvées par le Conseil du Trésor, il "
        "peut être payé sur le Trésor une somme n’excédant pas un milliard de dollars pour la construction, la "
        "rénovation, la remise à neuf ou la réparation d’établissements d’enseignement postsecondaire.",
    ]
    english = [
        "There may be paid out of the Consolidated Revenue Fund, on the requisition of the Minister of Industry, "
        "in accordance with terms and conditions approved by the Treasury Board, a sum not exceeding one billion "
        "dollars for the construction, renovation, refurbishment or repair of buildings and facilities at "
        "post-secondary institutions."
    ]
    assert _detached(embedder, french, english, [Bead((0, 1), (0,))]) == [((0,), ()), ((1,), (0,))]
    glued = [f"Maximum payment of $1,000,000,000 {english[0]}"]
    assert _detached(embedder, french, glued, [Bead((0, 1), (0,))]) == [((0, 1), (0,))]


def test_a_heading_run_into_the_other_sides_line_stays_in_its_bead(embedder) -> None:
    beads = [Bead((0, 1), (0,))]
    assert _detached(embedder, ORPHAN_FRENCH, GLUED_ENGLISH, beads) == [((0, 1), (0,))]


def test_a_heading_at_the_end_stays_only_when_the_other_line_ends_with_it(embedder) -> None:
    french = ["Le ministre présente un rapport annuel au Parlement sur l’application de la loi.", "Comités"]
    ended = ["The Minister shall report to Parliament every year on the administration of this Act. Committees"]
    plain = ["The Minister shall report to Parliament every year on the administration of this Act."]
    beads = [Bead((0, 1), (0,))]
    assert _detached(embedder, french, ended, beads) == [((0, 1), (0,))]
    assert _detached(embedder, french, plain, beads) == [((0,), (0,)), ((1,), ())]


def test_the_text_tells_a_heading_run_into_a_line() -> None:
    from aligner.align.glued import ends_with_heading, opens_with_heading, runs_two_headings
    from aligner.align.orphans import heading_like

    assert opens_with_heading("Décret Les articles 68 à 85 entrent en vigueur à la date fixée par décret.")
    assert opens_with_heading("Governor in Council The Governor in Council may make regulations.")
    assert not opens_with_heading("Debts due to Her Majesty in right of Canada are recoverable.")
    assert not opens_with_heading("The Canada Water Agency is established.")
    assert opens_with_heading("Travel, living and other expenses Members of those committees are entitled to …")
    assert not opens_with_heading("Pour l’application de la présente partie, Accord s’entend de l’accord …")
    assert not opens_with_heading("Any person who holds the office of Solicitor General of Canada …")
    assert not opens_with_heading("For greater certainty, Part 4.1 of the new Act applies to any violation …")
    # A provision may open on a preposition or pronoun that is no function word.
    assert opens_with_heading("Interdiction Sauf dans les cas prévus au paragraphe (2), il est interdit …")
    assert opens_with_heading("Prohibition Except as provided in subsection (2), no person shall …")
    assert opens_with_heading("Employees Nothing in this Act shall be construed as affecting the status of …")
    assert ends_with_heading("... in right of that province. Orders re Article XIII.18")
    assert ends_with_heading("Her Majesty ... enacts as follows: Short Title")
    assert not ends_with_heading("Les définitions qui suivent s’appliquent à la présente loi.")
    assert runs_two_headings("Attributions du ministre Attributions") and runs_two_headings("Limit Limit")
    assert not runs_two_headings("Application de la Loi sur les Indiens")
    assert heading_like("Renouvellement de mandat") and heading_like("1er avril 2018")
    assert heading_like("Clarification — Loi sur la protection des renseignements personnels")
    assert heading_like("Présomption de remboursement — redevances sur les combustibles")
    assert not heading_like("In this Act,") and not heading_like("Son mandat est renouvelable une seule fois. Intérim")
    # Older Acts set a dash after a lead-in's colon.
    assert not heading_like("The purposes of the Society shall be:—")


def test_an_orphan_heading_is_not_glued_back_to_a_line_with_no_break_near_its_start(embedder) -> None:
    # « Précision » has no counterpart: the English provision opens straight into its sentence, so no
    # heading can be run into it, whatever one word of it happens to resemble.
    french = [
        "Aucune action civile ne peut être intentée contre Sa Majesté pour les faits accomplis de bonne foi.",
        "Précision",
        "Il est entendu que le paragraphe (1) ne s’applique pas aux demandes de révision judiciaire.",
    ]
    english = [
        "No civil action lies against His Majesty in respect of anything done in good faith.",
        "For greater certainty, subsection (1) does not apply in respect of applications for judicial review.",
    ]
    beads = align_sentences(embedder, french, english).beads
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_a_sentence_with_a_heading_run_on_takes_the_other_sides_heading(embedder) -> None:
    # The French line ends with the heading « Intérim »; the English heading belongs with it.
    french = [
        "Son mandat est renouvelable une seule fois. Intérim",
        "En cas d’absence ou d’empêchement du défenseur, le ministre peut désigner un intérimaire.",
    ]
    english = [
        "The term may be renewed for one further term.",
        "Advocate absent or unable to act",
        "If the Advocate is absent or unable to act, the Minister may designate another person to act.",
    ]
    wrong = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _reattached(embedder, french, english, wrong) == [((0,), (0, 1)), ((1,), (2,))]


def test_a_noun_phrase_over_a_list_is_a_heading_and_a_sentence_start_a_lead_in() -> None:
    from aligner.align.orphans import _is_heading

    item = ["the foreign national holds 50% or more of the shares of the entity;"]
    assert _is_heading(["Criteria", *item], 0, frozenset())
    assert _is_heading(["Powers, duties and functions", *item], 0, frozenset())
    assert not _is_heading(["The Minister shall", *item], 0, frozenset())
    assert not _is_heading(["Unless a contrary intention appears, in this Act", *item], 0, frozenset())
    assert not _is_heading(["A review panel must", *item], 0, frozenset())


def test_a_line_that_stops_mid_sentence_is_no_heading() -> None:
    from aligner.align.orphans import _is_heading

    # Before a capitalised line too: "Canada and the United States ..." is the first item of a list.
    after = ["Canada and the United States have a common interest in the security of the area."]
    assert not _is_heading(["It is recognized and declared that", *after], 0, frozenset())
    assert not _is_heading(["Le ministre peut", *after], 0, frozenset())
    # A heading may end on a preposition, a conjunction or a capital letter that numbers it.
    for heading in ("Protest dispensed with", "Deux infractions ou plus", "PART I", "SOUS-SECTION A"):
        assert _is_heading([heading, *after], 0, frozenset()), heading


# --- Orphan lead-ins ---------------------------------------------------------------------


def _lead_ins_detached(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.orphans import detach_orphan_lead_ins

    return _passed(detach_orphan_lead_ins, embedder, french, english, beads)


def test_a_lead_in_against_an_item_is_left_unmatched(embedder) -> None:
    # The English lost its lead-in: its line opens in lower case, with no sentence start to hold it.
    french = [
        "Dès la nomination d’un liquidateur :",
        "les administrateurs cessent d’exercer leur charge;",
        "les règlements administratifs sont réputés sans effet.",
    ]
    english = ["the directors cease to hold their offices; and", "the by-laws are deemed to be revoked."]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_a_nested_lead_in_is_marked_by_its_colon(embedder) -> None:
    # An item holds a lead-in of its own, in lower case; the English lost it ("for greater certainty,").
    french = [
        "il est entendu :",
        "que tout acte accompli en vue de remplir une exigence du règlement administratif est valide;",
        "que tout pouvoir exercé en vertu du règlement administratif est valide.",
    ]
    english = [
        "where a person does anything to satisfy a requirement of the by-law, the thing is valid; and",
        "where a person exercises an authority under the by-law, the exercise is valid.",
    ]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_a_lead_in_of_two_clauses_joined_by_a_semicolon_is_still_a_lead_in(embedder) -> None:
    # The colon at its end makes the line a lead-in; the semicolon before joins its clauses, ends no item.
    french = [
        "Le ministre peut assortir l’autorisation de conditions; ces conditions peuvent notamment exiger :",
        "que le participant tienne des registres;",
        "que le participant fasse rapport au ministre.",
    ]
    english = ["that the participant keep records; and", "that the participant report to the Minister."]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_an_item_after_a_heading_and_a_lead_in_against_a_lead_in_alone_is_left_unmatched(embedder) -> None:
    # The French runs its heading into the lead-in; the English has one item more than the French list.
    french = [
        "Interdiction Sous réserve des paragraphes (2) à (4), nul ne peut, à l’exception de la société, fournir :",
        "des services de contrôle de la circulation aérienne;",
    ]
    english = [
        "Prohibition",
        "Subject to subsections (2) to (4), no person, other than the Corporation, shall provide",
        "aeronautical information services,",
        "air traffic control services, or",
    ]
    beads = [Bead((0,), (0, 1, 2)), Bead((1,), (3,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0,), (0, 1)), ((), (2,)), ((1,), (3,))]


def test_an_item_after_a_heading_and_a_lead_in_stays_for_the_other_lists_unmatched_item(embedder) -> None:
    from aligner.align.orphans import detach_orphan_lead_ins, pair_items_after_lead_ins

    french = [
        "Approbation non requise L’accord n’est pas subordonné à l’approbation du gouverneur en conseil lorsque "
        "l’aide spéciale qu’il prévoit répond à l’un ou l’autre des critères suivants :",
        "elle ne dépasse pas le montant réglementaire;",
    ]
    english = [
        "Approval of Governor in Council not required",
        "The approval of the Governor in Council is not required of an agreement where",
        "the amount of the special assistance does not exceed such amount as is prescribed by regulation; or",
    ]
    beads = [Bead((0,), (0, 1, 2)), Bead((1,), ())]

    def both(beads: list[Bead], lines: Lines) -> list[Bead]:
        return pair_items_after_lead_ins(detach_orphan_lead_ins(beads, lines), lines)

    assert _passed(both, embedder, french, english, beads) == [((0,), (0, 1)), ((1,), (2,))]


def test_an_item_that_runs_the_lead_in_into_it_keeps_both(embedder) -> None:
    # The English says the lead-in and the first item on one line: the bead says more with the lead-in.
    french = [
        "élabore une stratégie de développement durable qui, à la fois :",
        "énonce ses objectifs et plans,",
        "est conforme à la stratégie fédérale.",
    ]
    english = [
        "prepare a sustainable development strategy that contains objectives and plans for the entity,",
        "complies with the federal strategy.",
    ]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0, 1), (0,)), ((2,), (1,))]


def test_an_item_against_a_lead_in_alone_is_left_unmatched(embedder) -> None:
    # The English lead-in is on a line of its own, its items after it: it holds no French item.
    french = [
        "Dans le cadre de sa mission, l’Institut peut :",
        "utiliser les sommes acquises au titre de legs ou dons;",
        "avec l’approbation du Conseil du Trésor, utiliser les recettes provenant de ses activités.",
    ]
    english = [
        "For the purpose of achieving its objective, the Institute may expend",
        "with the approval of Treasury Board, any money it receives through conducting its operations.",
    ]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_a_lead_in_run_into_its_first_item_keeps_both(embedder) -> None:
    french = [
        "Le ministre ne peut accorder une aide que s’il est convaincu de ce qui suit :",
        "l’État a conclu un accord avec le Fonds monétaire international;",
        "d’autres pays participeront à l’aide.",
    ]
    english = [
        "The Minister may provide assistance only if satisfied that the state has a Fund arrangement; and",
        "other countries will be participating in the assistance.",
    ]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_heading_alone_against_a_heading_and_a_provision_leaves_the_provision_unmatched(embedder) -> None:
    # The French lost the provision under the heading: a heading holds no provision.
    french = ["Nomination d’un représentant à la Commission"]
    english = ["Commission", "The Minister for International Trade is the principal representative on the Commission."]
    assert _detached(embedder, french, english, [Bead((0,), (0, 1))]) == [((0,), (0,)), ((), (1,))]


def test_a_heading_against_two_headings_keeps_the_bead(embedder) -> None:
    # Two headings run into one line ("Short Title Short title") say both of the other side's.
    french = ["Titre abrégé", "Titre abrégé"]
    english = ["Short Title Short title"]
    assert _detached(embedder, french, english, [Bead((0, 1), (0,))]) == [((0, 1), (0,))]


def _items_detached(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.orphans import detach_extra_items

    return _passed(detach_extra_items, embedder, french, english, beads)


def test_an_item_the_other_list_lacks_is_left_unmatched(embedder) -> None:
    french = ["des représentants de groupes de défense des personnes atteintes de la maladie d’Alzheimer;"]
    english = [
        "representatives from the federal, provincial and territorial governments responsible for public health;",
        "representatives from Alzheimer advocacy groups;",
    ]
    assert _items_detached(embedder, french, english, [Bead((0,), (0, 1))]) == [((), (0,)), ((0,), (1,))]


def test_a_line_running_two_items_together_keeps_both(embedder) -> None:
    french = ["des professionnels de la santé;", "des personnes atteintes de démence ou leurs aidants."]
    english = ["health care professionals; and people living with dementia or their caregivers."]
    assert _items_detached(embedder, french, english, [Bead((0, 1), (0,))]) == [((0, 1), (0,))]


def _crossed_paired(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.orphans import pair_crossed_headings

    return _passed(pair_crossed_headings, embedder, french, english, beads)


# The English lost the provision before « Rang », the French the one after "Status of Chief Administrator".
CROSSED_FRENCH = [
    "Consultation obligatoire",
    "La décision de nommer l’administrateur en chef ne peut être prise qu’après consultation des juges en chef.",
    "Rang",
    "Absence ou empêchement",
]
CROSSED_ENGLISH = [
    "Consultations",
    "Status of Chief Administrator",
    "The Chief Administrator has the rank and status of a deputy head of a department.",
    "Absence or incapacity",
]


def test_two_unmatched_headings_across_a_pair_of_provisions_pair_and_leave_the_provisions(embedder) -> None:
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), ()), Bead((3,), (3,))]
    assert _crossed_paired(embedder, CROSSED_FRENCH, CROSSED_ENGLISH, beads) == [
        ((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,)), ((3,), (3,))
    ]
    # The same crossing the other way round: the French heading first.
    mirrored = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((), (2,)), Bead((3,), (3,))]
    french = [CROSSED_FRENCH[0], "Statut", CROSSED_FRENCH[1], CROSSED_FRENCH[3]]
    english = [CROSSED_ENGLISH[0], CROSSED_ENGLISH[2], "Rank", CROSSED_ENGLISH[3]]
    assert _crossed_paired(embedder, french, english, mirrored) == [
        ((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), ()), ((3,), (3,))
    ]


def test_headings_unmatched_on_one_side_only_or_beside_a_heading_pair_stay(embedder) -> None:
    # Both lost headings on the same side: no crossing.
    same_side = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((), (3,))]
    french = CROSSED_FRENCH[:2]
    assert _crossed_paired(embedder, french, CROSSED_ENGLISH, same_side) == [(b.src, b.tgt) for b in same_side]
    # The pair between them is itself a heading: nothing crosses a section boundary.
    french = ["Consultation obligatoire", "Nomination", "Rang"]
    english = ["Consultations", "Status of Chief Administrator", "Appointment"]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), ())]
    assert _crossed_paired(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_the_second_of_twin_labels_does_not_cross(embedder) -> None:
    # « Titre abrégé » twice (a heading and its note), "Short title" once: the second is no crossing heading.
    french = [
        "Titre abrégé", "Titre abrégé", "Loi sur l’Agence du revenu du Canada.", "Définitions",
    ]
    english = [
        "Short title", "This Act may be cited as the Canada Revenue Agency Act.", "Interpretation", "Definitions",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((), (2,)), Bead((3,), (3,))]
    assert _crossed_paired(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def _heading_pairs_split(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.orphans import split_heading_pairs

    return _passed(split_heading_pairs, embedder, french, english, beads)


def test_two_headings_against_one_beside_an_unmatched_heading_are_two_pairs(embedder) -> None:
    french = ["Mise en place", "Constitution", "Est constitué le ministère des Femmes."]
    english = ["Establishment of Department", "Department established", "There is established a Department."]
    beads = [Bead((), (0,)), Bead((0, 1), (1,)), Bead((2,), (2,))]
    assert _heading_pairs_split(embedder, french, english, beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    # The unmatched heading after the bead takes the second heading.
    french = ["Constitution", "Ministre", "Est constitué le ministère des Femmes."]
    english = ["Department established", "Minister", "There is established a Department."]
    beads = [Bead((0, 1), (0,)), Bead((), (1,)), Bead((2,), (2,))]
    assert _heading_pairs_split(embedder, french, english, beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    # The other version's heading may stand past an unmatched line of this side: a 1-0 and a 0-1 come in
    # either order.
    french = ["Mise en place", "Constitution", "Est constitué le ministère des Services aux Autochtones.", "Ministre"]
    english = ["Establishment of Department", "Department established", "Minister"]
    beads = [Bead((0, 1), (0,)), Bead((2,), ()), Bead((), (1,)), Bead((3,), (2,))]
    assert _heading_pairs_split(embedder, french, english, beads) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))
    ]


def test_two_headings_against_one_with_no_unmatched_heading_beside_stay_one_bead(embedder) -> None:
    french = ["Mise en place", "Constitution", "Est constitué le ministère des Femmes."]
    english = ["Department established", "There is established a Department."]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _heading_pairs_split(embedder, french, english, beads) == [((0, 1), (0,)), ((2,), (1,))]


_PADDING = [
    ("Le bureau principal est situé à Ottawa.", "The head office is in Ottawa."),
    ("Les comptes sont vérifiés chaque année.", "The accounts are audited every year."),
    ("Le conseil se réunit deux fois par an.", "The Board meets twice a year."),
    ("Les membres reçoivent une rémunération.", "Members are paid a salary."),
    ("La présente loi lie l’État.", "This Act is binding on the Crown."),
    ("Les pêcheurs doivent déclarer leurs prises.", "Fishers must report their catch."),
    ("Le tribunal peut imposer une amende.", "The court may impose a fine."),
    ("Les écoles publiques sont gratuites.", "Public schools are free."),
    ("Le musée conserve des œuvres d’art.", "The museum keeps works of art."),
    ("Les trains de voyageurs circulent la nuit.", "Passenger trains run at night."),
    ("La banque prête de l’argent aux entreprises.", "The bank lends money to businesses."),
    ("Les forêts couvrent le nord du pays.", "Forests cover the north of the country."),
]


def _unshifted(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.orphans import unshift_headings

    return _padded(unshift_headings, embedder, french, english, beads)


def _padded(step, embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    """The beads after one pass, the lines after twelve pairs on other subjects: the document's chance
    similarity needs sentences far apart."""
    pad_fr, pad_en = [fr for fr, _ in _PADDING], [en for _, en in _PADDING]
    french, english = pad_fr + french, pad_en + english
    shifted = [Bead((i,), (i,)) for i in range(12)] + [
        Bead(tuple(i + 12 for i in b.src), tuple(j + 12 for j in b.tgt)) for b in beads
    ]
    lines = _lines(embedder, french, english)
    after = step(_measured(lines.sides, shifted), lines)
    return [(tuple(i - 12 for i in b.src), tuple(j - 12 for j in b.tgt)) for b in after[12:]]


SHIFT_FRENCH = [
    "Attributions du ministre",
    "Responsabilités du ministre",
    "Les responsabilités suivantes incombent au ministre :",
    "la collecte et la publication de statistiques sur les industries minières.",
]
SHIFT_ENGLISH = [
    "Powers, Duties and Functions of the Minister",
    "Duties of the Minister",
    "The Minister shall",
    "collect and publish statistics of the mining industries.",
]


def test_a_run_shifted_by_one_that_pairs_a_heading_with_a_provision_is_unshifted(embedder) -> None:
    shifted = [Bead((), (0,)), Bead((0,), (1,)), Bead((1,), (2,)), Bead((2,), ()), Bead((3,), (3,))]
    assert _unshifted(embedder, SHIFT_FRENCH, SHIFT_ENGLISH, shifted) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))
    ]


def test_a_run_whose_shift_pairs_like_with_like_stays(embedder) -> None:
    # The French lost a heading and the English a provision: unshifting would pair a provision with a heading.
    french = ["Mandat", "Le ministre exerce ses attributions.", "Le ministre dépose un rapport annuel.", "Rapport"]
    english = ["Term of office", "Powers of the Minister", "The Minister exercises the powers.", "Report"]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), ()), Bead((3,), (3,))]
    assert _unshifted(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_run_of_headings_before_a_pair_of_provisions_is_unshifted_whatever_its_similarities(embedder) -> None:
    # A section's heading and marginal note stand in the same order in both versions; the model finds the
    # French heading closer to the English note than « Prorogation » to the note that translates it.
    french = [
        "Les employés doivent se conformer à l’alinéa 3b).",
        "Prorogation de la convention collective",
        "Prorogation",
        "La convention collective est prorogée jusqu’à la prise d’effet de la nouvelle convention collective.",
    ]
    english = [
        "Employees must comply with paragraph 3(b).",
        "Extension of Collective Agreement",
        "Extension of collective agreement",
        "The term of the collective agreement is extended until a new collective agreement takes effect.",
    ]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), ()), Bead((3,), (3,))]
    assert _unshifted(embedder, french, english, beads) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))
    ]
    # Before a heading, not a provision, the run stays as it is.
    heading_after = [*french[:3], "Rapport"], [*english[:3], "Report"]
    assert _unshifted(embedder, *heading_after, beads) == [(b.src, b.tgt) for b in beads]


def test_a_heading_run_into_a_lead_in_with_no_colon_is_no_heading(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings, heading_like

    # An old Act's lead-in may end with no mark; its note run into it makes a line no heading.
    assert not heading_like("Idem An agreement may include as unemployment assistance costs")
    assert heading_like("Idem") and heading_like("Short Title")
    french = ["Idem", "Un accord peut comprendre comme frais d’assistance-chômage :"]
    english = ["Idem An agreement may include as unemployment assistance costs"]
    beads = [Bead((0, 1), (0,))]
    assert _passed(detach_orphan_headings, embedder, french, english, beads) == [((0, 1), (0,))]


def test_one_label_against_a_heading_and_a_note_of_the_same_words_pairs_with_the_heading(embedder) -> None:
    from aligner.align.orphans import pair_first_of_twin_labels

    # « Titre abrégé » says "Short Title" and "Short title" equally (0.791): structure decides.
    french = ["Titre abrégé", "Loi sur la protection de l’assurance hypothécaire résidentielle."]
    english = ["Short Title", "Short title", "This Act may be cited as the Protection of Residential Mortgage Act."]
    beads = [Bead((), (0,)), Bead((0,), (1,)), Bead((1,), (2,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [
        ((0,), (0,)), ((), (1,)), ((1,), (2,))
    ]
    # Labels that say different words, right before a provision, are a heading and its note as well: the one
    # label goes to the heading when the heading says it as a glued heading must (0.53; the note 0.44).
    french = [
        "Définitions et interprétation",
        "Définitions",
        "Les définitions qui suivent s’appliquent à la présente loi.",
    ]
    english = ["Interpretation", "The following definitions apply in this Act."]
    noted = [Bead((0,), ()), Bead((1,), (0,)), Bead((2,), (1,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, noted) == [
        ((0,), (0,)), ((1,), ()), ((2,), (1,))
    ]
    # Below that, the model's choice stands (« Définitions » is "Definitions" at 0.75, "Interpretation" at 0.44)...
    french = ["Définitions", "Les définitions qui suivent s’appliquent à la présente loi."]
    english = ["Interpretation", "Definitions", "The following definitions apply in this Act."]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]
    # ...and so it does before another heading: the two are headings, not a heading and its note.
    french[0], french[1] = "Définitions et interprétation", "Ministre"
    english[2] = "Minister"
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]



def test_a_note_of_other_words_than_its_heading_goes_to_the_line_that_runs_it_in(embedder) -> None:
    from aligner.align.orphans import pair_first_of_twin_labels

    # The English ran its note into its provision ("Offence A person …"): once the one label pairs with the
    # French heading, the French note, « Infraction », goes to that line, as any heading glued there does.
    french = [
        "Infractions",
        "Infraction",
        "Toute personne qui contrevient à l’article 7 commet une infraction punissable sur déclaration de "
        "culpabilité par procédure sommaire.",
    ]
    english = [
        "Offences",
        "Offence A person who contravenes section 7 is guilty of an offence punishable on summary conviction.",
    ]
    beads = [Bead((0,), ()), Bead((1,), (0,)), Bead((2,), (1,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [((0,), (0,)), ((1, 2), (1,))]

def test_a_note_run_into_a_list_item_takes_the_unmatched_note_before_it(embedder) -> None:
    from aligner.align.glued import join_headings_run_into_items

    # An item opens in lower case in both versions: « Emploi d’argent » before « recevoir » is a note run in.
    french = ["La Commission peut", "Emploi d’argent recevoir et employer toutes sommes affectées par le Parlement;"]
    english = ["The commission may,", "Expenditure of moneys", "receive and expend any moneys from Parliament;"]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _passed(join_headings_run_into_items, embedder, french, english, beads) == [((0,), (0,)), ((1,), (1, 2))]
    # An item that opens in lower case on both sides leaves the note unmatched.
    french[1] = "recevoir et employer toutes sommes affectées par le Parlement;"
    assert _passed(join_headings_run_into_items, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_marginal_note_may_end_with_etc() -> None:
    from aligner.align.glued import ends_sentence
    from aligner.align.orphans import heading_like

    # "etc." closes a note's list, not a sentence; a comma or a full stop after a sentence still ends one.
    assert heading_like("Prohibited policies — affiliates, etc.") and heading_like("Contracts, etc.")
    assert not ends_sentence("Logistic support, etc.") and ends_sentence("In this Act,")
    assert ends_sentence("The Minister may make regulations.") and not heading_like("Definitions.")


def test_initials_end_no_sentence() -> None:
    from aligner.align.glued import closing_heading
    from aligner.align.orphans import heading_like

    # The full stop of "U.K." is no sentence's end: the words after it are no heading glued to a sentence.
    assert heading_like("Canadian representative on Canada–U.K. Joint Committee")
    assert heading_like("Approbation et représentation au sein du Comité mixte Canada–R.-U.")
    assert closing_heading("Canadian representative on Canada–U.K. Joint Committee") == ""
    # A sentence's own stop still ends it, and a heading after it may hold initials.
    assert closing_heading("The Agreement is approved. Canada–U.K. Joint Committee") == "Canada–U.K. Joint Committee"
    assert closing_heading("It applies to Part I. Short title") == "Short title"


def _joined(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.glued import join_run_on_headings

    return _passed(join_run_on_headings, embedder, french, english, beads)


def test_a_heading_run_into_the_heading_beside_it_joins_that_bead(embedder) -> None:
    # A Part's label and its title on one English line: the French title joins the label's bead.
    french = [
        "SECTION 2",
        "Loi sur l’accord concernant la Banque asiatique d’investissement dans les infrastructures",
        "Édiction de la loi",
        "Est édictée la Loi sur l’accord concernant la Banque asiatique d’investissement dans les infrastructures.",
    ]
    english = [
        "DIVISION 2 Asian Infrastructure Investment Bank Agreement Act",
        "Enactment of Act",
        "The Asian Infrastructure Investment Bank Agreement Act is enacted.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((3,), (2,))]
    assert _joined(embedder, french, english, beads) == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,))]


def test_a_line_that_visibly_runs_two_headings_takes_the_heading_beside_its_pair(embedder) -> None:
    from aligner.align.glued import runs_two_headings

    # « Décret » / "Order in council" are unlike to the model (0.28); the capital after « vigueur » shows
    # the French line holds two headings, and its bead only one English heading.
    french = ["Entrée en vigueur Décret", "L’article 159 entre en vigueur à la date fixée par décret."]
    english = [
        "Coming into Force",
        "Order in council",
        "Section 159 comes into force on a day to be fixed by order of the Governor in Council.",
    ]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _joined(embedder, french, english, beads) == [((0,), (0, 1)), ((1,), (2,))]
    assert runs_two_headings("Entrée en vigueur Décret")
    assert not runs_two_headings("Loi sur les Indiens") and not runs_two_headings("Titre abrégé")
    assert not runs_two_headings("Le ministre peut, par décret, fixer la date.")


def test_a_heading_whose_counterpart_is_lost_stays_unmatched_beside_a_heading(embedder) -> None:
    # "Short Title" adds nothing that « Titre abrégé » says beyond "Short title".
    french = ["Titre abrégé", "Loi sur l’Agence canadienne de l’eau."]
    english = ["Short Title", "Short title", "This Act may be cited as the Canada Water Agency Act."]
    beads = [Bead((), (0,)), Bead((0,), (1,)), Bead((1,), (2,))]
    assert _joined(embedder, french, english, beads) == [((), (0,)), ((0,), (1,)), ((1,), (2,))]


def test_a_line_paired_with_a_heading_goes_to_the_unmatched_line_that_says_it(embedder) -> None:
    from aligner.align.orphans import free_lines_from_headings

    french = [
        "Pouvoirs du ministre",
        "Le ministre peut prendre les mesures suivantes :",
        "nommer les représentants du Canada aux comités prévus par l’Accord;",
    ]
    english = ["The Minister may", "appoint representatives of Canada to any committee under the Agreement;"]
    lines = _lines(embedder, french, english)
    beads = _measured(lines.sides, [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))])
    freed = [(b.src, b.tgt) for b in free_lines_from_headings(beads, lines)]
    assert freed == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_a_lead_in_paired_with_a_heading_goes_to_the_lead_in_beside_it(embedder) -> None:
    from aligner.align.orphans import free_lines_from_headings

    # The English lost the note « Énoncé »; its lead-in ends with "that" and so is no heading.
    french = [
        "Énoncé",
        "Les principes ci-après sont reconnus et proclamés :",
        "le Canada et les États-Unis ont un intérêt mutuel pour la sécurité des eaux limitrophes;",
    ]
    english = ["It is recognized and declared that",
               "Canada and the United States have a common interest in the security of boundary waters;"]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))]
    assert _passed(free_lines_from_headings, embedder, french, english, beads) == [
        ((0,), ()), ((1,), (0,)), ((2,), (1,))
    ]



def test_a_run_of_pairs_whose_numbers_agree_only_shifted_by_one_is_paired_shifted(embedder) -> None:
    from aligner.align.numbers import unshift_by_numbers

    # The English lost Nova Scotia, the French Manitoba: similar words, other amounts.
    french = [
        "Québec : 225 603 000 $;",
        "Nouvelle-Écosse : 25 755 000 $;",
        "Nouveau-Brunswick : 20 549 000 $;",
        "Colombie-Britannique : 135 447 000 $.",
    ]
    english = [
        "to Quebec, $225,603,000;",
        "to New Brunswick, $20,549,000;",
        "to Manitoba, $36,302,000;",
        "to British Columbia, $135,447,000.",
    ]
    shifted = [Bead((i,), (i,)) for i in range(4)]
    assert _padded(unshift_by_numbers, embedder, french, english, shifted) == [
        ((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,)), ((3,), (3,)),
    ]
    # Pairs whose numbers agree stay as they are.
    same = [Bead((i,), (i,)) for i in range(4)]
    english_same = [english[0], "to Nova Scotia, $25,755,000;", english[1], english[3]]
    assert _padded(unshift_by_numbers, embedder, french, english_same, same) == [((i,), (i,)) for i in range(4)]


def test_notes_and_provisions_whose_sums_agree_only_re_paired_are_re_paired(embedder) -> None:
    from aligner.align.numbers import unshift_by_numbers

    # The English lost the Quebec provision, the French the note of the last: each provision spells its sum.
    grant = "il peut être payé sur le Trésor une somme n’excédant pas {} de dollars."
    paid = "There may be paid out of the Consolidated Revenue Fund a sum not exceeding {} dollars."
    french = [
        "Paiement maximal de 106 000 000 $",
        "À la demande du ministre d’État (Québec), " + grant.format("cent six millions"),
        "Paiement maximal de 175 000 000 $",
        "À la demande du ministre de l’Industrie, " + grant.format("cent soixante-quinze millions"),
        "À la demande du ministre des Affaires indiennes, " + grant.format("dix-sept millions"),
    ]
    english = [
        "Maximum payment of $106,000,000",
        "Maximum payment of $175,000,000",
        "On the requisition of the Minister of Industry, " + paid.format("one hundred and seventy-five million"),
        "Maximum payment of $17,000,000",
        "On the requisition of the Minister of Indian Affairs, " + paid.format("seventeen million"),
    ]
    programme = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), (3,)), Bead((3,), ()), Bead((4,), (4,))]
    assert _padded(unshift_by_numbers, embedder, french, english, programme) == [
        ((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)), ((), (3,)), ((4,), (4,)),
    ]
    # Numbers that agree nowhere else leave the run as it is.
    english[1] = "Maximum payment of $99,000,000"
    assert _padded(unshift_by_numbers, embedder, french, english, programme) == [(b.src, b.tgt) for b in programme]


# --- A heading against a provision that does not say it (aligner.align.orphans.separate_strangers) ---------

STRANGER_FRENCH = [
    "Composition",
    "Le conseil d’administration de la Banque se compose du président et de huit à onze autres administrateurs.",
    "Les administrateurs, à l’exception du président, sont nommés à titre amovible par le gouverneur en conseil "
    "pour des mandats de quatre ans au maximum.",
]
# The English lost the provision on the Board's membership, and the French the note "Appointment of directors".
STRANGER_ENGLISH = [
    "Membership of Board",
    "Appointment of directors",
    "Each director, other than the Chairperson, is to be appointed by the Governor in Council to hold office "
    "during pleasure for a term of not more than four years.",
]


def _separated(beads: list[Bead], lines) -> list[Bead]:
    """The two passes as the programme runs them: a heading left unmatched may be glued back to a line, then
    strangers are separated again."""
    from aligner.align.orphans import separate_strangers

    return separate_strangers(reattach_glued_headings(beads, lines), lines)


def test_a_heading_paired_with_a_provision_that_does_not_say_it_is_left_unmatched(embedder) -> None:
    paired = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))]
    assert _padded(_separated, embedder, STRANGER_FRENCH, STRANGER_ENGLISH, paired) == [
        ((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))
    ]


def test_a_heading_freed_from_a_stranger_is_not_glued_back_to_it(embedder) -> None:
    # The provision's opening words (« Le conseil d'administration ») mention the heading's subject: that
    # alone does not make them a heading run into the line.
    freed = [Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,)), Bead((2,), (2,))]
    assert _padded(_separated, embedder, STRANGER_FRENCH, STRANGER_ENGLISH, freed) == [
        ((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))
    ]


def test_a_heading_paired_with_its_translation_stays(embedder) -> None:
    from aligner.align.orphans import separate_strangers

    french = ["Composition", STRANGER_FRENCH[1]]
    english = ["Membership of Board", "The Board of Directors of the Bank consists of the Chairperson and eight "
               "to eleven other directors."]
    paired = [Bead((0,), (0,)), Bead((1,), (1,))]
    assert _padded(separate_strangers, embedder, french, english, paired) == [((0,), (0,)), ((1,), (1,))]


# --- Two lines competing for one partner (aligner.align.orphans.give_pairs_to_closer_lines) --------------


def _closer(embedder, french: list[str], english: list[str], beads: list[Bead]) -> list[tuple]:
    from aligner.align.orphans import give_pairs_to_closer_lines

    return _passed(give_pairs_to_closer_lines, embedder, french, english, beads)


LEAD_IN_FR = "Le gouverneur en conseil peut, par décret, prendre les mesures suivantes :"
LEAD_IN_EN = "The Governor in Council may, by order, do any one or more of the following:"


def test_an_unmatched_item_takes_the_partner_it_says_better(embedder) -> None:
    # The French lost the item on rights and privileges; the programme paired the survivor with it.
    french = [
        LEAD_IN_FR,
        "modifier ou suspendre l’application d’un texte législatif fédéral au Royaume-Uni ou à des marchandises, "
        "fournisseurs de services, investisseurs ou investissements d’investisseurs du Royaume-Uni;",
    ]
    english = [
        LEAD_IN_EN,
        "suspend rights or privileges granted by Canada to the United Kingdom or to goods, service suppliers, "
        "investors or investments of investors of the United Kingdom;",
        "modify or suspend the application of any federal law with respect to the United Kingdom or to goods, "
        "service suppliers, investors or investments of investors of the United Kingdom;",
    ]
    wrong = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,))]
    assert _closer(embedder, french, english, wrong) == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_a_line_that_drops_the_negation_does_not_take_the_partner(embedder) -> None:
    # The embeddings barely tell "is permitted" from "is not permitted"; the negation does.
    french = [
        LEAD_IN_FR,
        "les ministères et sociétés d’État auxquels le ministre ne peut fournir un service par l’intermédiaire de "
        "Services partagés Canada;",
    ]
    english = [
        LEAD_IN_EN,
        "the departments and Crown corporations to which the Minister is permitted to provide services through "
        "Shared Services Canada;",
        "the departments and Crown corporations to which the Minister is not permitted to provide services "
        "through Shared Services Canada; and",
    ]
    right = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _closer(embedder, french, english, right) == [(b.src, b.tgt) for b in right]


def test_a_heading_run_into_a_line_already_paired_with_a_heading_takes_no_second(embedder) -> None:
    # The French lost the note « Infraction »: its one glued heading is paired with "Sanctions" already.
    french = [
        "Au moins une fois par année civile, le surintendant avise le ministre du montant total des prêts. Peines",
        "Commet une infraction toute personne morale qui contrevient aux dispositions de la présente loi.",
    ]
    english = [
        "At least once in each calendar year, the Superintendent must notify the Minister of the total of loans.",
        "Sanctions",
        "Offence",
        "Every corporation that contravenes any provision of this Act is guilty of an offence.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((), (2,)), Bead((1,), (3,))]
    assert _reattached(embedder, french, english, beads) == [((0,), (0, 1)), ((), (2,)), ((1,), (3,))]
    # A line that visibly runs two headings (a capital after a lower-case word) takes both.
    french[0] = french[0].replace("Peines", "Peines applicables Infraction")
    assert _reattached(embedder, french, english, beads) == [((0,), (0, 1, 2)), ((1,), (3,))]


def test_an_edge_sentence_whose_figures_the_other_side_lacks_is_left_unmatched(embedder) -> None:
    from aligner.align.numbers import detach_by_numbers

    # The English lost the second provision: the same words, other section numbers.
    french = [
        "Les articles 140 et 143 à 148 entrent en vigueur à la date fixée par décret.",
        "Les articles 141 et 142 entrent en vigueur à la date fixée par décret.",
    ]
    english = ["Sections 140 and 143 to 148 come into force on a day to be fixed by order of the Governor in Council."]
    assert _padded(detach_by_numbers, embedder, french, english, [Bead((0, 1), (0,))]) == [((0,), (0,)), ((1,), ())]
    # Figures the other side holds too, or none at all, leave the bead as it is.
    english_both = ["Sections 140 to 148 come into force on a day to be fixed by order of the Governor in Council."]
    assert _padded(detach_by_numbers, embedder, french, english_both, [Bead((0, 1), (0,))]) == [((0, 1), (0,))]
    words = [line.replace("140 et 143 à 148", "premiers") for line in french]
    assert _padded(detach_by_numbers, embedder, words, english, [Bead((0, 1), (0,))]) == [((0, 1), (0,))]
    # A lead-in cut before its item is no provision: its figures are a reference, and the French runs the item in.
    french = ["La responsabilité de Sa Majesté ne peut excéder : 600 000 000 $ par exposition itinérante;"]
    english = [
        "Her Majesty’s liability under agreements referred to in subsection (1) may not exceed",
        "$600,000,000 in respect of each travelling exhibition; and",
    ]
    assert _padded(detach_by_numbers, embedder, english, french, [Bead((0, 1), (0,))]) == [((0, 1), (0,))]


def test_a_first_item_held_with_its_lead_in_pairs_with_the_other_versions_first_item(embedder) -> None:
    from aligner.align.orphans import pair_items_after_lead_ins

    french = [
        "L’accord n’est pas subordonné à l’approbation du gouverneur en conseil lorsque l’aide spéciale qu’il "
        "prévoit répond à l’un ou l’autre des critères suivants :",
        "elle ne dépasse pas le montant réglementaire;",
        "elle est destinée à une entreprise commerciale appartenant à une catégorie fixée par règlement.",
    ]
    english = [
        "The approval of the Governor in Council is not required of an agreement where",
        "the amount of the special assistance does not exceed such amount as is prescribed by regulation; or",
        "the special assistance is for a commercial undertaking that comes within a class prescribed by regulation.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), ()), Bead((2,), (2,))]
    assert _passed(pair_items_after_lead_ins, embedder, french, english, beads) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,))
    ]
    # An unmatched line that is no item, or a bead whose other side holds an item too, stays as it is.
    french_note = [french[0], "Critères", french[2]]
    assert _passed(pair_items_after_lead_ins, embedder, french_note, english, beads) == [(b.src, b.tgt) for b in beads]
    both = [Bead((0, 1), (0, 1)), Bead((2,), (2,))]
    assert _passed(pair_items_after_lead_ins, embedder, french, english, both) == [(b.src, b.tgt) for b in both]


def test_one_heading_run_into_a_line_takes_the_first_of_two_headings_after_the_other_sides_provision(
    embedder,
) -> None:
    from aligner.align.orphans import detach_orphan_headings

    french = [
        "Sa Majesté, sur l’avis et avec le consentement du Sénat et de la Chambre des communes du Canada, "
        "édicte : Titre abrégé",
        "Loi sur la responsabilité en matière d’aide au développement officielle.",
    ]
    english = [
        "Her Majesty, by and with the advice and consent of the Senate and House of Commons of Canada, "
        "enacts as follows:",
        "Short Title",
        "Short title",
        "This Act may be cited as the Official Development Assistance Accountability Act.",
    ]
    beads = [Bead((0,), (0, 1, 2)), Bead((1,), (3,))]
    assert _passed(detach_orphan_headings, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((), (2,)), ((1,), (3,))
    ]
    # A line that runs no heading into it says neither: both are left to the other rules.
    french_plain = [french[0].removesuffix(" Titre abrégé"), french[1]]
    assert _passed(detach_orphan_headings, embedder, french_plain, english, beads) == [
        ((0,), (0, 1, 2)), ((1,), (3,))
    ]


def test_function_words_alone_say_no_heading(embedder) -> None:
    # « Décret » lost its English note; "The" opening the provision after it is no translation of it (0.59).
    french = [
        "Entrée en vigueur",
        "Décret",
        "Les dispositions de la Loi canadienne sur l’épargne-invalidité, édictée par l’article 136, ainsi que "
        "l’article 137 entrent en vigueur à la date ou aux dates fixées par décret.",
    ]
    english = [
        "Coming into Force",
        "The provisions of the Canada Disability Savings Act, as enacted by section 136, and section 137 come "
        "into force on a day or days to be fixed by order of the Governor in Council.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))]
    assert _reattached(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_headings_figures_tell_no_provision_from_another(embedder) -> None:
    from aligner.align.numbers import detach_by_numbers

    # "(1)" is no figure of the French, but the rest, "PART 3", is the heading the French runs into its line.
    french = ["Le décret s’applique, sauf abrogation, pendant la période qui y est précisée. PARTIE 3"]
    english = [
        "Unless repealed, an order made under subsection (1) has effect for the period specified in the order.",
        "PART 3",
    ]
    assert _padded(detach_by_numbers, embedder, french, english, [Bead((0,), (0, 1))]) == [((0,), (0, 1))]


def test_a_note_that_names_a_sum_the_other_side_does_not_say_is_no_part_of_its_heading(embedder) -> None:
    from aligner.align.glued import join_run_on_headings
    from aligner.align.numbers import detach_by_numbers

    # The French lost the note of the provision after its heading; the English note was run into that heading.
    french = ["Entente sur les paiements annuels de ristournes liées au projet Hibernia"]
    english = ["Hibernia Dividend Backed Annuity Agreement", "Maximum amount of $3,056,491,000"]
    assert _padded(detach_by_numbers, embedder, french, english, [Bead((0,), (0, 1))]) == [((0,), (0,)), ((), (1,))]
    # Joining run-on headings leaves it unmatched...
    beads = [Bead((0,), (0,)), Bead((), (1,))]
    assert _passed(join_run_on_headings, embedder, french, english, beads) == [((0,), (0,)), ((), (1,))]
    # ...but a note whose sum the other side writes, in words here, is its.
    french = ["Paiement maximal de cent six millions de dollars"]
    english = ["Maximum payment", "Maximum payment of $106,000,000"]
    assert _padded(detach_by_numbers, embedder, french, english, [Bead((0,), (0, 1))]) == [((0,), (0, 1))]


def test_twin_labels_go_to_the_line_that_runs_the_other_label_in(embedder) -> None:
    from aligner.align.orphans import pair_first_of_twin_labels

    # The French runs its note into the provision: the English note goes there, the heading to the heading.
    french = ["Titre abrégé", "Titre abrégé Loi sur la croissance économique et la prospérité — Canada-Jordanie."]
    english = [
        "Short Title",
        "Short title",
        "This Act may be cited as the Canada–Jordan Economic Growth and Prosperity Act.",
    ]
    beads = [Bead((), (0,)), Bead((0,), (1,)), Bead((1,), (2,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [((0,), (0,)), ((1,), (1, 2))]
    # The French runs its heading into the title before: the English heading goes there, the note stays.
    french = [
        "Loi portant aide aux régions du Canada où s’imposent des mesures spéciales Titre abrégé",
        "Titre abrégé",
    ]
    english = ["An Act to provide assistance to areas of Canada requiring special measures", *english[:2]]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [((0,), (0, 1)), ((1,), (2,))]


def test_a_marginal_note_may_say_re() -> None:
    from aligner.align.orphans import heading_like

    # "re" is a preposition: a capital after it starts no sentence, and the line is a marginal note.
    assert heading_like("Orders re Article 14-13")
    assert not heading_like("Orders made An order may")


def test_a_line_ending_with_a_comma_and_a_conjunction_runs_its_lead_in_into_an_item(embedder) -> None:
    from aligner.align.orphans import detach_orphan_lead_ins

    french = [
        "Si l’article 34 de l’autre loi entre en vigueur durant l’année qui suit l’entrée en vigueur du présent "
        "article :",
        "l’examen requis par le paragraphe (1) est fait cinq ans après l’entrée en vigueur de l’article 34;",
        "les deux examens sont faits par le même comité.",
    ]
    english = [
        "If section 34 of the other Act comes into force during the year after this section comes into force, "
        "then the review required by subsection (1) is to be undertaken five years after section 34 comes into "
        "force, and",
        "the two reviews are to be undertaken by the same committee.",
    ]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _passed(detach_orphan_lead_ins, embedder, french, english, beads) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_heading_said_better_by_a_heading_run_into_the_line_beside_moves_there(embedder) -> None:
    from aligner.align.glued import pair_run_in_headings

    # The English runs "Coming into Force" into its line; "September 26, 2021" lost its French note.
    french = [
        "Il est entendu que les paragraphes 153(3) à (9) de la Loi sur l’assurance-emploi ne s’appliquent pas.",
        "Entrée en vigueur",
        "Les articles 356 et 357 entrent en vigueur le 26 septembre 2021.",
    ]
    english = [
        "For greater certainty, subsections 153(3) to (9) of the Employment Insurance Act do not apply. "
        "Coming into Force",
        "September 26, 2021",
        "Sections 356 and 357 come into force on September 26, 2021.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))]
    assert _passed(pair_run_in_headings, embedder, french, english, beads) == [
        ((0, 1), (0,)), ((), (1,)), ((2,), (2,))
    ]
    # The partner left behind pairs with the unmatched heading beyond: « Particuliers » is "Individuals".
    french = [
        "Contrôle d’application",
        "Particuliers",
        "Le particulier qui contrevient à la présente loi est coupable d’une infraction.",
    ]
    english = ["Enforcement", "Individuals An individual who contravenes this Act is guilty of an offence."]
    beads = [Bead((0,), ()), Bead((1,), (0,)), Bead((2,), (1,))]
    assert _passed(pair_run_in_headings, embedder, french, english, beads) == [((0,), (0,)), ((1, 2), (1,))]
    # An unmatched line of the partner's side between them does not part them (its French was lost).
    twins = ["Définitions", "Définitions", "Les définitions qui suivent s’appliquent à la présente loi."]
    english_twins = [
        "This Act may be cited as the Integrated Cross-border Law Enforcement Operations Act.",
        "Interpretation",
        "Definitions The following definitions apply in this Act.",
    ]
    beads_twins = [Bead((0,), ()), Bead((), (0,)), Bead((1,), (1,)), Bead((2,), (2,))]
    assert _passed(pair_run_in_headings, embedder, twins, english_twins, beads_twins) == [
        ((), (0,)), ((0,), (1,)), ((1, 2), (2,))
    ]
    # A heading pair with no heading run in beside it stands.
    english[1] = "An individual who contravenes any provision of this Act is guilty of an offence."
    assert _passed(pair_run_in_headings, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_heading_run_into_the_line_before_takes_the_one_label_and_its_twin_is_left(embedder) -> None:
    from aligner.align.orphans import pair_first_of_twin_labels

    # The French runs its heading into the enacting words; its note, the same words, is what the English lacks.
    french = [
        "Sa Majesté, sur l’avis et avec le consentement du Sénat et de la Chambre des communes du Canada, "
        "édicte : Titre abrégé",
        "Titre abrégé",
        "Loi sur les possibilités de la mise en valeur de la réserve de charbon Donkin.",
    ]
    english = [
        "Her Majesty, by and with the advice and consent of the Senate and House of Commons of Canada, "
        "enacts as follows:",
        "Short Title",
        "This Act may be cited as the Donkin Coal Block Development Opportunity Act.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((1,), ()), ((2,), (2,))
    ]
    # The line before may be a heading that visibly runs the twin in as a second heading: it takes the label
    # all the same, though the line before the label is a heading too.
    french = ["Mise en oeuvre de l’accord et des accords connexes Approbation", "Approbation", french[2]]
    english = ["Implementation of the Agreement and the Related Agreements", "Approval", english[2]]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((1,), ()), ((2,), (2,))
    ]
    # Not when the other side has twins too, the first already in that line's bead: it has its label.
    french = [
        "Loi concernant un pont franchissant la rivière Détroit entre Windsor et Detroit et certains autres "
        "ouvrages Titre abrégé",
        "Titre abrégé",
        "Loi concernant un pont destiné à favoriser le commerce.",
    ]
    english = [
        "An Act respecting a bridge spanning the Detroit River between Windsor and Detroit and other works",
        "Short Title",
        "Short title",
        "This Act may be cited as the Bridge To Strengthen Trade Act.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,)), Bead((2,), (3,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_twin_labels_on_both_sides_pair_in_order_when_one_is_run_into_the_line_before(embedder) -> None:
    from aligner.align.orphans import pair_first_of_twin_labels

    # The English runs its heading into the long title: the French heading goes there, the notes pair.
    french = [
        "Loi régissant le développement des forêts et la recherche sylvicole",
        "Titre abrégé",
        "Titre abrégé",
        "Loi sur les forêts.",
    ]
    english = [
        "An Act respecting forestry development and research Short Title",
        "Short title",
        "This Act may be cited as the Forestry Act.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ()), Bead((3,), (2,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [
        ((0, 1), (0,)), ((2,), (1,)), ((3,), (2,))
    ]


def test_a_line_that_says_a_word_twice_runs_a_note_after_its_heading(embedder) -> None:
    from aligner.align.glued import join_run_on_headings, runs_two_headings

    assert runs_two_headings("Protected Loan Limit Limit")
    assert not runs_two_headings("Protected Loan Limit")
    french = [
        "Plafond des prêts protégés",
        "Plafond",
        "Ne peut à aucun moment excéder 300 000 000 000 $ le total des prêts protégés.",
    ]
    english = [
        "Protected Loan Limit Limit",
        "The aggregate principal amount of protected loans must not at any time exceed $300,000,000,000.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))]
    assert _passed(join_run_on_headings, embedder, french, english, beads) == [((0, 1), (0,)), ((2,), (1,))]


def test_a_capital_letter_that_names_a_division_starts_no_sentence() -> None:
    from aligner.align.glued import opens_with_heading

    # « section C »: a division's name, not a heading « Sous réserve de la section » run into a sentence.
    assert not opens_with_heading(
        "Sous réserve de la section C du chapitre 9 de l’Accord, le droit de poursuite ne peut s’exercer …"
    )
    assert not opens_with_heading("Subject to Part B of Schedule 2, no person has any cause of action …")
    # The article still starts one.
    assert opens_with_heading("Offence A person who contravenes section 5 is guilty of an offence.")


def test_a_note_run_in_after_a_sentence_may_open_with_a_quoted_term() -> None:
    from aligner.align.glued import closing_heading

    line = "Nothing in Part I shall be construed to abrogate any human right. \"Law of Canada\" defined"
    assert closing_heading(line) == "\"Law of Canada\" defined"


def test_a_line_of_two_headings_pairs_with_the_headings_not_the_provision_that_names_them(embedder) -> None:
    from aligner.align.glued import pair_lines_of_headings_with_headings

    french = [
        "Loi sur le Bureau de transition vers un régime canadien de réglementation des valeurs mobilières "
        "Édiction de la loi",
    ]
    english = [
        "Canadian Securities Regulation Regime Transition Office Act",
        "Enactment of Act",
        "The Canadian Securities Regulation Regime Transition Office Act is enacted as follows:",
    ]
    beads = [Bead((), (0,)), Bead((), (1,)), Bead((0,), (2,))]
    assert _passed(pair_lines_of_headings_with_headings, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((), (2,))
    ]
    # A line of one heading is left to the other passes.
    french = ["Édiction de la loi"]
    assert _passed(pair_lines_of_headings_with_headings, embedder, french, english, beads) == [
        (b.src, b.tgt) for b in beads
    ]


def test_a_note_that_repeats_its_provision_is_still_a_note_run_into_it(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    # The French note says the provision's opening again (0.67) better than the English note (0.58), but the
    # French line says the provision better without it: it is the note, run in.
    french = [
        "Les membres de la Commission non plus que le secrétaire ne peuvent être intéressés dans les entreprises "
        "Nul membre de la Commission non plus que le secrétaire ne peut avoir de contrat avec la Commission, ni "
        "être intéressé pécuniairement, directement ou indirectement, dans un contrat avec la Commission.",
    ]
    english = [
        "Commissioners and secretary not to be interested in contracts",
        "No member of the commission shall have, nor shall the secretary have, any contract with the commission, "
        "or be pecuniarily interested, directly or indirectly, in any contract with the commission.",
    ]
    assert _passed(detach_orphan_headings, embedder, french, english, [Bead((0,), (0, 1))]) == [((0,), (0, 1))]


def test_an_item_said_by_a_line_that_runs_two_items_together_joins_that_line(embedder) -> None:
    from aligner.align.orphans import join_items_run_together

    french = [
        "recevoir les propositions non sollicitées de projets d’infrastructures provenant d’investisseurs du "
        "secteur privé ou d’investisseurs institutionnels;",
        "soutenir les projets d’infrastructures, notamment en encourageant des prises de décision fondées sur "
        "des données probantes;",
    ]
    english = [
        "receive unsolicited proposals for infrastructure projects that come from private sector investors or "
        "from institutional investors; support infrastructure projects by, among other things, fostering "
        "evidence-based decision making;",
        "act as a centre of expertise on infrastructure projects in which private sector investors or "
        "institutional investors are making a significant investment;",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,))]
    assert _passed(join_items_run_together, embedder, french, english, beads) == [((0, 1), (0,)), ((), (1,))]
    # A line of one item holds one: the pairs stand.
    english[0] = english[0].split("; ")[0] + ";"
    assert _passed(join_items_run_together, embedder, french, english, beads) == [((0,), (0,)), ((1,), (1,))]


def test_an_unmatched_item_said_by_a_line_that_runs_two_items_joins_that_line(embedder) -> None:
    from aligner.align.orphans import join_items_run_together

    french = [
        "au ministère des Relations Couronne-Autochtones et des Affaires du Nord;",
        "à tout ministère mentionné à l’annexe I de la Loi sur la gestion des finances publiques;",
    ]
    english = [
        "the Department of Crown-Indigenous Relations and Northern Affairs; a department named in Schedule I to "
        "the Financial Administration Act;",
    ]
    beads = [Bead((0,), ()), Bead((1,), (0,))]
    assert _passed(join_items_run_together, embedder, french, english, beads) == [((0, 1), (0,))]


def test_a_version_that_capitalises_its_items_runs_no_note_into_them_for_that(embedder) -> None:
    from aligner.align.glued import join_headings_run_into_items

    french = [
        "succéder à l’association non constituée en corporation connue sous le nom de la Société canadienne de "
        "la Croix-Rouge;",
        "Opérations en temps de paix",
        "poursuivre ses opérations en temps de paix et en temps de guerre;",
    ]
    english = [
        "To succeed to the unincorporated association known as the Canadian Red Cross Society;",
        "In time of peace or war to carry on and assist in work for the improvement of health;",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))]
    assert _passed(join_headings_run_into_items, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_three_headings_against_a_line_that_runs_two_leave_the_third(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    french = [
        "Loi sur le recyclage des produits de la criminalité et le financement des activités terroristes "
        "Dispositions transitoires",
        "Les définitions qui suivent s’appliquent au présent article et aux articles 122 et 123.",
    ]
    english = [
        "Proceeds of Crime (Money Laundering) and Terrorist Financing Act",
        "Transitional Provisions",
        "Definitions",
        "The following definitions apply in this section and in sections 122 and 123.",
    ]
    beads = [Bead((0,), (0, 1, 2)), Bead((1,), (3,))]
    assert _passed(detach_orphan_headings, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((), (2,)), ((1,), (3,))
    ]


def test_the_second_of_twin_labels_after_the_one_label_is_the_note_the_other_version_lacks(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    # « Est édictée » says "Enactment of Act" (0.6 and more), but the first twin took « Édiction de la loi ».
    french = ["Édiction de la loi", "Est édictée la Loi canadienne sur l’épargne-invalidité, dont le texte suit :"]
    english = ["Enactment of Act", "Enactment of Act", "The Canada Disability Savings Act is enacted as follows:"]
    beads = [Bead((0,), (0,)), Bead((1,), (1, 2))]
    assert _passed(detach_orphan_headings, embedder, french, english, beads) == [
        ((0,), (0,)), ((), (1,)), ((1,), (2,))
    ]


def test_a_note_that_says_its_provisions_first_words_is_not_glued_by_them(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    # Any translation of the provision opens with « Les articles 410, 429 et 442 »: no sign of a note run in.
    french = [
        "Entrée en vigueur",
        "Les articles 410, 429 et 442 entrent en vigueur un an après la date de sanction de la présente loi.",
    ]
    english = [
        "Coming into Force",
        "Sections 410, 429 and 442",
        "Sections 410, 429 and 442 come into force one year after the day on which this Act receives royal assent.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1, 2))]
    detached = [((0,), (0,)), ((), (1,)), ((1,), (2,))]
    assert _passed(detach_orphan_headings, embedder, french, english, beads) == detached
    assert _reattached(embedder, french, english, [Bead(*pair) for pair in detached]) == detached


def test_a_provision_that_opens_on_its_headings_subject_has_no_heading_run_in(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    # "The first report" says « Premiers rapports », but says the French provision's opening better still.
    french = [
        "Premiers rapports",
        "Le premier rapport présenté par le nouvel office en application du paragraphe 32(1) de la Loi sur "
        "l’Office de surveillance des activités en matière de sécurité nationale et de renseignement doit "
        "comprendre des renseignements sur les activités de l’ancien comité.",
    ]
    english = [
        "The first report that the new Agency submits under subsection 32(1) of the National Security and "
        "Intelligence Review Agency Act must include information on the activities of the former Committee.",
    ]
    assert _passed(detach_orphan_headings, embedder, french, english, [Bead((0, 1), (0,))]) == [
        ((0,), ()), ((1,), (0,))
    ]


def test_two_headings_against_one_leave_the_one_it_does_not_say(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    # The English heading's marginal note, "Application", is what the French lacks.
    french = [
        "Modifications relatives à l’impôt sur le revenu",
        "Les articles 101 à 129 s’appliquent aux années d’imposition 2008 et suivantes.",
    ]
    english = [
        "Amendments Relating to Income Tax",
        "Application",
        "Sections 101 to 129 apply to the 2008 and subsequent taxation years.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,))]
    assert _passed(detach_orphan_headings, embedder, french, english, beads) == [
        ((0,), (0,)), ((), (1,)), ((1,), (2,))
    ]
    # A line that runs the two headings in a few words keeps both: « Saisies Bateaux … » has a capital inside,
    # « Objet de la loi Objet » says "Purpose" whole.
    for line, headings in (
        ("Saisies Bateaux et objets saisis au Canada", ["Seizure", "Vessel, etc., seized in Canada"]),
        ("Objet de la loi Objet", ["Purpose of Act", "Purpose"]),
    ):
        beads = [Bead((0,), (0, 1)), Bead((1,), (2,))]
        french, english = [line, french[1]], [*headings, english[2]]
        assert _passed(detach_orphan_headings, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_twin_labels_on_both_sides_pair_in_order_when_the_first_is_run_into_the_line_before(embedder) -> None:
    from aligner.align.orphans import pair_first_of_twin_labels

    # The French runs its heading into the short title's provision; the English has both labels on lines.
    french = ["Loi visant à bâtir le Canada. Définitions", "Définitions", "Les définitions qui suivent s’appliquent."]
    english = [
        "This Act may be cited as the Building Canada Act.",
        "Definitions",
        "Definitions",
        "The following definitions apply.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,)), Bead((2,), (3,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((1,), (2,)), ((2,), (3,))
    ]


def test_a_provision_that_opens_with_its_headings_words_takes_the_other_versions_note(embedder) -> None:
    from aligner.align.orphans import pair_first_of_twin_labels

    # « Définitions » twice, the second run into the provision: the French heading pairs with "Interpretation".
    french = ["Définitions", "Définitions Les définitions qui suivent s’appliquent à la présente loi."]
    english = ["Interpretation", "Definitions", "The following definitions apply in this Act."]
    beads = [Bead((), (0,)), Bead((0,), (1,)), Bead((1,), (2,))]
    assert _passed(pair_first_of_twin_labels, embedder, french, english, beads) == [((0,), (0,)), ((1,), (1, 2))]


def test_a_note_run_into_an_item_is_not_read_where_the_list_capitalises_its_items(embedder) -> None:
    from aligner.align.glued import join_headings_run_into_items

    # The English opens every item with a capital; the item after the next heading shows it.
    french = [
        "Devoirs nationaux selon le traité de Genève",
        "accomplir tous les devoirs attribués à une société nationale;",
        "Succession de l’ancienne association",
        "succéder à l’association non constituée en corporation;",
    ]
    english = [
        "To perform all the duties devolved upon a national society;",
        "Succession to former association",
        "To succeed to the unincorporated association;",
    ]
    beads = [Bead((0,), ()), Bead((1,), (0,)), Bead((2,), (1,)), Bead((3,), (2,))]
    assert _passed(join_headings_run_into_items, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_heading_is_not_glued_to_opening_words_that_say_its_own_provisions_opening(embedder) -> None:
    # « Le ministre du Travail peut » says "Powers of the Minister of Labour", but "The Minister of Labour may"
    # better: it is that provision's opening, and the French lacks the heading.
    french = ["nommer un membre par groupe spécial;", "Le ministre du Travail peut prendre les mesures suivantes :"]
    english = ["appoint a panellist;", "Powers of the Minister of Labour", "The Minister of Labour may"]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _reattached(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_words_with_a_modal_verb_open_a_sentence_not_a_heading() -> None:
    from aligner.align.glued import opens_with_heading, runs_two_headings

    # "Indigenous" after "support" is a name's capital: "The Minister may support" is no heading run in.
    assert not opens_with_heading("The Minister may support Indigenous bodies that specialize in research.")
    assert opens_with_heading("Entrée en vigueur Décret Les articles 3 à 5 entrent en vigueur à la date fixée.")
    # A lead-in with no colon is no line of headings.
    assert not runs_two_headings("Le gouverneur en conseil peut établir des règlements Règlements")


def test_a_line_of_two_headings_takes_the_second_from_a_heading_pair_beside_it(embedder) -> None:
    from aligner.align.glued import pair_run_in_headings

    # « … abrogation Dispositions transitoires » runs the Division's heading and its first heading together.
    french = [
        "Dispositions transitoires, modifications corrélatives et abrogation Dispositions transitoires",
        "Définition de ancienne loi",
    ]
    english = ["Transitional Provisions, Consequential Amendments and Repeal", "Transitional Provisions"]
    beads = [Bead((0,), (0,)), Bead((1,), (1,))]
    assert _passed(pair_run_in_headings, embedder, french, english, beads) == [((0,), (0, 1)), ((1,), ())]


def test_a_heading_with_a_name_in_it_is_one_heading_against_two(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    # A name stands after an article or a preposition: « à la Nouvelle-Écosse » runs no second heading.
    french = [
        "Paiement à la Nouvelle-Écosse — stockage du dioxyde de carbone",
        "À la demande du ministre des Finances, peut être payée sur le Trésor à la Nouvelle-Écosse une somme.",
    ]
    english = [
        "Payment to Nova Scotia for Carbon Storage",
        "Maximum payment of $5,000,000",
        "There may be paid out of the Consolidated Revenue Fund a sum to Nova Scotia.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,))]
    assert _passed(detach_orphan_headings, embedder, french, english, beads) == [
        ((0,), (0,)), ((), (1,)), ((1,), (2,))
    ]


def test_two_unmatched_headings_side_by_side_before_a_pair_of_provisions_pair(embedder) -> None:
    from aligner.align.orphans import pair_neighbouring_headings

    french = [
        "Les définitions qui suivent s’appliquent à la présente loi.",
        "Terminologie",
        "Sauf indication contraire du contexte, les autres termes s’entendent au sens de la Loi sur les Indiens.",
    ]
    english = [
        "The following definitions apply in this Act.",
        "Indian Act definitions",
        "Unless the context otherwise requires, words used in this Act have the same meaning as in the Indian Act.",
    ]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), ()), Bead((2,), (2,))]
    paired = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert _passed(pair_neighbouring_headings, embedder, french, english, beads) == paired
    # The provision after may be one version's alone: the version that lost it keeps its heading.
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), ()), Bead((2,), ())]
    assert _passed(pair_neighbouring_headings, embedder, french, english[:2], beads) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ())
    ]
    # Before another heading, they may be a heading and a note that each version lacks once.
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), ()), Bead((2,), (2,))]
    english_heading = [*english[:2], "Application of Indian Act"]
    french_heading = [*french[:2], "Application de la Loi sur les Indiens"]
    assert _passed(pair_neighbouring_headings, embedder, french_heading, english_heading, beads) == [
        ((0,), (0,)), ((), (1,)), ((1,), ()), ((2,), (2,))
    ]


    # A provision that the other version lost may stand between the two, before its own version's heading: it
    # comes under the heading before, and is left unmatched.
    french = [
        "Précision",
        "Attributions",
        "Tout membre du personnel visé à l’article 53 qui était autorisé par l’ancien commissaire à exercer "
        "toute attribution continue de l’exercer.",
    ]
    english = [
        "For greater certainty",
        "For greater certainty, a person’s status includes whether or not they occupy a managerial or "
        "confidential position.",
        "Powers, duties and functions",
        "A person referred to in section 53 who was authorized by the former Commissioner to exercise any power "
        "continues to be so authorized.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,)), Bead((), (2,)), Bead((2,), (3,))]
    assert _passed(pair_neighbouring_headings, embedder, french, english, beads) == [
        ((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))
    ]
    # A line of the first heading's version after it is what that heading labels: the two stay apart.
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), ()), Bead((2,), ()), Bead((), (2,)), Bead((), (3,))]
    assert _passed(pair_neighbouring_headings, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]

def test_a_heading_run_into_a_line_inside_a_bead_takes_the_unmatched_heading(embedder) -> None:
    # The French lost the provision after « Primauté de la présente loi »; the English ran its heading,
    # "Conflict with Act", into the line before. The line after a heading follows it: it leaves the bead.
    french = [
        "Primauté de l’accord",
        "En cas d’incompatibilité, les dispositions de l’accord l’emportent sur celles de la présente loi, de même "
        "que sur toute autre règle de droit fédérale.",
        "Primauté de la présente loi",
        "Affectation de fonds",
    ]
    english = [
        "Inconsistency with Agreement",
        "The Agreement prevails over this Act and any other federal law to the extent of any inconsistency between "
        "them. Conflict with Act",
        "This Act prevails over any other federal law to the extent of any conflict between them.",
        "Appropriation",
    ]
    wrong = [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), ()), Bead((3,), (3,))]
    assert _reattached(embedder, french, english, wrong) == [
        ((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,)),
    ]


def test_a_french_note_may_hold_a_spaced_colon() -> None:
    from aligner.align.glued import closing_heading

    line = "Les dispositions de tout accord l’emportent sur celles de toute loi fédérale. Conflits : présente loi"
    assert closing_heading(line) == "Conflits : présente loi"
    # A sentence opens with a function word: no note.
    assert closing_heading("Il le fait. Le ministre peut : nommer des agents") == ""


def test_a_lead_in_running_its_first_item_in_holds_that_item(embedder) -> None:
    # The French joined its lead-in and first item (itself a lead-in); the English item is its translation.
    french = [
        "Est autorisée la prise des empreintes digitales sur les personnes suivantes : les personnes qui sont "
        "légalement détenues parce qu’elles sont inculpées de l’une des infractions suivantes :",
        "un acte criminel;",
        "une infraction à la Loi sur les secrets officiels.",
    ]
    english = [
        "The following persons may be fingerprinted:",
        "any person who is in lawful custody charged with or convicted of",
        "an indictable offence; or",
        "an offence under the Official Secrets Act.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,)), Bead((2,), (3,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0,), (0, 1)), ((1,), (2,)), ((2,), (3,))]


def test_a_label_set_off_by_a_colon_is_the_lines_own_not_a_glued_heading(embedder) -> None:
    from aligner.align.orphans import detach_orphan_headings

    # « Titre abrégé : Loi … » is how the French words its short title provision; its label is no marginal
    # note run in, so the English note beside it is the one the French lacks.
    french = ["Titre abrégé : Loi de 2002 sur l’accord fiscal Canada — Koweït."]
    english = ["Short title", "This Act may be cited as the Canada — Kuwait Tax Agreement Act, 2002."]
    assert _passed(detach_orphan_headings, embedder, french, english, [Bead((0,), (0, 1))]) == [
        ((), (0,)), ((0,), (1,))
    ]
    # A note that holds a colon of its own, run in before its provision's first sentence, is no label of the line.
    from aligner.align.glued import opens_with_own_label

    note_run_in = "Contenu : document visé à l’alinéa (1)d) Le document visé à l’alinéa (1)d) inclut :"
    assert not opens_with_own_label(note_run_in)
    assert opens_with_own_label(french[0])
    # The same note run in with no mark is said by the line, and stays.
    french = ["Titre abrégé Loi de 2002 sur l’accord fiscal Canada — Koweït."]
    assert _passed(detach_orphan_headings, embedder, french, english, [Bead((0,), (0, 1))]) == [((0,), (0, 1))]


def test_a_line_that_ends_as_a_sentence_takes_no_heading_at_its_end(embedder) -> None:
    # The last words of « … de l'Accord de Kelowna. » say the next provision's note, which the French lost; but
    # a heading run in at a line's end ends the line with no mark.
    french = [
        "Titre abrégé : Loi de mise en oeuvre de l’Accord de Kelowna.",
        "Le gouvernement du Canada prend sans délai toutes les mesures nécessaires à la mise en oeuvre de "
        "l’accord, connu sous le nom d’Accord de Kelowna.",
    ]
    english = [
        "This Act may be cited as the Kelowna Accord Implementation Act.",
        "Implementation of Kelowna Accord",
        "The Government of Canada shall immediately take all measures necessary to implement the terms of "
        "the accord, known as the “Kelowna Accord”.",
    ]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _reattached(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_name_after_a_noun_an_elided_article_opens_starts_no_second_heading() -> None:
    from aligner.align.glued import runs_two_headings

    assert not runs_two_headings("Loi portant mise en oeuvre de l’accord fiscal Canada — Koweït")
    assert runs_two_headings("Entrée en vigueur Décret")


def test_twin_labels_pair_in_order_with_the_other_versions_twins(embedder) -> None:
    from aligner.align.orphans import pair_twin_labels_in_order

    french = ["Journée canadienne de l’alimentation", "Journée canadienne de l’alimentation"]
    english = [
        "Food Day in Canada",
        "Food Day in Canada",
        "Throughout Canada, in each and every year, the Saturday before the first Monday in August is to be "
        "known as “Food Day in Canada”.",
    ]
    # Both English twins held with the first French one, the second paired with the provision the French lost.
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,))]
    assert _passed(pair_twin_labels_in_order, embedder, french, english, beads) == [
        ((0,), (0,)), ((1,), (1,)), ((), (2,))
    ]
    # The provision before the twins, the first French twin paired with it.
    provision = english.pop()
    english.insert(0, provision)
    beads = [Bead((0,), (0,)), Bead((1,), (1, 2))]
    assert _passed(pair_twin_labels_in_order, embedder, french, english, beads) == [
        ((), (0,)), ((0,), (1,)), ((1,), (2,))
    ]
    # Two labels of the same words with a provision between them are no twins: nothing moves.
    french = ["Décret", "Les articles 2 à 4 entrent en vigueur à la date fixée par décret.", "Décret"]
    english = ["Order in council", "Order in council", "Sections 2 to 4 come into force on a day to be fixed by order."]
    beads = [Bead((0,), (0,)), Bead((1,), (2,)), Bead((2,), (1,))]
    assert _passed(pair_twin_labels_in_order, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_the_lines_after_a_heading_the_other_side_runs_in_before_a_heading_are_unmatched(embedder) -> None:
    from aligner.align.glued import detach_lines_after_run_in_headings

    # The French ran « Approbation » into its line, then lost the provision after it: its next line is a heading.
    french = [
        "Pour l’application de la présente loi, Convention s’entend de la convention conclue entre le "
        "gouvernement du Canada et le gouvernement de la République d’Arménie, dont le texte figure à l’annexe. "
        "Approbation",
        "Incompatibilité — principe",
    ]
    english = [
        "In this Act, Convention means the Convention between the Government of Canada and the Government of "
        "the Republic of Armenia set out in the schedule.",
        "Convention approved",
        "The Convention is approved and has the force of law in Canada during the period that the Convention, "
        "by its terms, is in force.",
        "Inconsistent laws — general rule",
    ]
    beads = [Bead((0,), (0, 1, 2)), Bead((1,), (3,))]
    assert _passed(detach_lines_after_run_in_headings, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((), (2,)), ((1,), (3,))
    ]
    # Where the line after is the provision's, the French did not lose it: nothing moves.
    french[1] = "La convention est approuvée et a force de loi au Canada pendant la durée de son application."
    assert _passed(detach_lines_after_run_in_headings, embedder, french, english, beads) == [
        (b.src, b.tgt) for b in beads
    ]


def test_a_heading_and_its_note_in_the_plural_and_the_singular_are_two_headings() -> None:
    from aligner.align.glued import runs_two_headings

    assert runs_two_headings("Décrets Décret : article 22.13 de l’Accord")
    assert not runs_two_headings("Décret : article 22.13 de l’Accord")


def test_a_heading_paired_with_a_provision_goes_to_the_line_that_runs_it_in(embedder) -> None:
    from aligner.align.glued import pair_run_in_headings

    # The English lost the provision after its note; the programme paired the note with the French provision.
    french = [
        "Le président est nommé à titre amovible par le gouverneur en conseil. Comité pour aviser le ministre désigné",
        "Le ministre désigné peut constituer un comité chargé de lui donner des conseils sur la nomination des "
        "administrateurs.",
    ]
    english = [
        "The Chairperson is to be appointed by the Governor in Council to hold office during pleasure.",
        "Committee to advise designated Minister",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,))]
    assert _passed(pair_run_in_headings, embedder, french, english, beads) == [((0,), (0, 1)), ((1,), ())]



#: Eight unrelated provisions and their translations: enough 1-1 pairs for a document's norms.
PROVISIONS = [
    ("Le ministre présente chaque année un rapport au Parlement.", "The Minister shall report to Parliament yearly."),
    ("Le gouverneur en conseil peut prendre des règlements.", "The Governor in Council may make regulations."),
    ("Les frais sont payés sur le Trésor.", "The costs are paid out of the Treasury."),
    ("La présente loi lie Sa Majesté du chef du Canada.", "This Act binds His Majesty in right of Canada."),
    ("Quiconque contrevient à l’article 5 commet une infraction.", "Whoever contravenes section 5 commits an offence."),
    ("Le conseil se réunit au moins deux fois par an.", "The board shall meet at least twice a year."),
    ("Le siège de la société est fixé à Ottawa.", "The head office of the corporation is in Ottawa."),
    ("Les membres du comité sont nommés pour trois ans.", "Committee members are appointed for three years."),
]


def test_provisions_unmatched_across_a_pair_of_unrelated_headings_stay_paired(embedder) -> None:
    from aligner.align.orphans import pair_crossed_headings

    # Each version lost a heading: the English "Support for Indigenous bodies", the French « Délégation ». The
    # headings left say each other no better than chance; the provisions between them say each other, better
    # than the French one says the English provision after "Delegation": they are not crossed.
    french = [f for f, _ in PROVISIONS] + [
        "Appui aux organismes autochtones",
        "Le ministre peut appuyer des organismes autochtones spécialisés en recherche ou en statistique.",
        "Le ministre peut déléguer ses attributions au ministre des Relations Couronne-Autochtones.",
    ]
    english = [e for _, e in PROVISIONS] + [
        "The Minister may support Indigenous bodies that specialize in research or statistics.",
        "Delegation",
        "The Minister may delegate his or her powers to the Minister of Crown-Indigenous Relations.",
    ]
    before = [Bead((n,), (n,)) for n in range(8)]
    kept = [*before, Bead((8,), ()), Bead((9,), (8,)), Bead((), (9,)), Bead((10,), (10,))]
    assert _passed(pair_crossed_headings, embedder, french, english, kept)[8:] == [
        ((8,), ()), ((9,), (8,)), ((), (9,)), ((10,), (10,))
    ]
    # Where the French provision says the one after the English heading, the headings translate each other.
    english[8:] = [
        "The Minister must publish the list of Indigenous bodies supported each year.",
        "Support for Indigenous bodies",
        "The Minister may support Indigenous bodies that specialize in research or statistics.",
    ]
    assert _passed(pair_crossed_headings, embedder, french, english, kept)[8:] == [
        ((), (8,)), ((8,), (9,)), ((9,), ()), ((10,), (10,))
    ]


def test_a_short_item_run_into_the_other_versions_line_joins_its_neighbour(embedder) -> None:
    from aligner.align.orphans import join_items_run_together

    # The whole line barely moves with the short item; each part of it, cut at its semicolon, says its own item.
    french = [
        "la Loi sur l’Office de surveillance des activités en matière de sécurité nationale et de renseignement;",
        "la Loi sur le commissaire au renseignement.",
    ]
    english = ["the National Security and Intelligence Review Agency Act; and the Intelligence Commissioner Act."]
    beads = [Bead((0,), (0,)), Bead((1,), ())]
    assert _passed(join_items_run_together, embedder, french, english, beads) == [((0, 1), (0,))]


def test_a_line_in_lower_case_joins_the_pair_before_when_the_other_line_holds_it(embedder) -> None:
    from aligner.align.orphans import join_continued_lines

    # The French layout cut the sentence; the English runs it on one line, far too long for the first part alone.
    french = [f for f, _ in PROVISIONS] + [
        "Sa Majesté peut passer contrat pour la vente",
        "d’une rente à jouissance immédiate ou différée à toute personne résidant ou domiciliée au Canada, pour la "
        "vie du rentier ou pour une durée déterminée,",
    ]
    english = [e for _, e in PROVISIONS] + [
        "His Majesty may contract for the sale of an immediate or deferred annuity to any person resident or "
        "domiciled in Canada, for the life of the annuitant or for a term certain,",
    ]
    beads = [*(Bead((n,), (n,)) for n in range(8)), Bead((8,), (8,)), Bead((9,), ())]
    assert _passed(join_continued_lines, embedder, french, english, beads)[8:] == [((8, 9), (8,))]
    # A line the other version lacks leaves the pair's lengths as they were: it stays unmatched.
    english[8] = "His Majesty may contract for the sale of annuities"
    assert _passed(join_continued_lines, embedder, french, english, beads)[8:] == [((8,), (8,)), ((9,), ())]


def test_an_unmatched_heading_beside_an_unmatched_heading_is_glued_to_no_line(embedder) -> None:
    # « Plafonds » and "Maximum liability" translate each other; the French line opens on the heading's subject.
    french = [
        "Les accords d’indemnisation ne peuvent couvrir les périodes où l’exposition est présentée à l’étranger.",
        "Plafonds",
        "La responsabilité de Sa Majesté ne peut excéder :",
    ]
    english = [
        "Agreements may not provide for indemnification in respect of any period when the exhibition is abroad.",
        "Maximum liability",
        "His Majesty’s liability under agreements may not exceed $600,000,000 in respect of any exhibition.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,)), Bead((2,), (2,))]
    assert _reattached(embedder, french, english, beads) == [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))]


def test_a_line_whose_partner_its_figures_contradict_joins_the_bead_that_holds_them(embedder) -> None:
    from aligner.align.numbers import join_by_numbers

    # The English ran the lead-in and its first item into one line and lost the French second item.
    french = [
        "La responsabilité de Sa Majesté ne peut excéder :",
        "600 000 000 $ par exposition itinérante;",
    ]
    english = [
        "His Majesty’s liability under agreements may not exceed $600,000,000 in respect of any travelling exhibition;",
        "$3,000,000,000 at any given time in respect of all travelling exhibitions.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,))]
    assert _passed(join_by_numbers, embedder, french, english, beads) == [((0, 1), (0,)), ((), (1,))]
    # Figures the partner shares keep the pair.
    english[1] = "$600,000,000 at any given time in respect of all travelling exhibitions."
    assert _passed(join_by_numbers, embedder, french, english, beads) == [((0,), (0,)), ((1,), (1,))]


def test_a_capital_after_an_adjective_a_comma_opens_is_a_defined_term_not_a_heading() -> None:
    from aligner.align.glued import opens_with_heading

    assert not opens_with_heading("In sections 26 and 27, former Corporation means the Canada Development Corporation.")
    assert opens_with_heading("Interpretation of terms Commission means the Canadian Transportation Commission.")


def test_an_item_the_other_version_lacks_beside_two_items_it_runs_together_is_unmatched(embedder) -> None:
    from aligner.align.orphans import detach_extra_items

    french = [
        "avant de livrer le bateau saisi, les agents désignés doivent intervenir dans une situation d’urgence;",
        "en raison de mauvaises conditions météorologiques, il est nécessaire de passer par les eaux des États-Unis;",
        "les canaux de navigation entre ces endroits passent par les eaux des États-Unis.",
    ]
    english = [
        "due to poor weather, it is necessary to transit through the waters of the United States; or the navigable "
        "shipping channels between those places pass through the waters of the United States."
    ]
    beads = [Bead((0, 1, 2), (0,))]
    assert _passed(detach_extra_items, embedder, french, english, beads) == [((0,), ()), ((1, 2), (0,))]


def test_a_heading_glued_before_a_sentence_that_opens_with_an_elided_article_joins_that_bead(embedder) -> None:
    from aligner.align.glued import opens_with_heading

    # « L’arbitre » opens a sentence: its « L » is an elided article, not a division's letter ("section C").
    glued = (
        "Attributions de l’arbitre L’arbitre est investi, compte tenu des adaptations nécessaires, des attributions "
        "que prévoient les alinéas 60(1)a) et a.2) à a.4) et l’article 61 du Code canadien du travail."
    )
    assert opens_with_heading(glued)
    assert not opens_with_heading("Accords visés à la section C de l’annexe I conclus avant cette date.")
    french = [
        "Après l’entrée en vigueur de la présente loi, le ministre nomme un arbitre à l’égard de chacune des "
        "conventions collectives et lui soumet toutes les questions qui font l’objet d’un différend entre les parties.",
        glued,
    ]
    english = [
        "The Minister must, after the coming into force of this Act, appoint an arbitrator in respect of each "
        "collective agreement and refer to the arbitrator all matters that are in dispute between the parties to it.",
        "Powers and duties",
        "An arbitrator has, with any modifications that the circumstances require, all the powers and duties of an "
        "arbitrator under paragraphs 60(1)(a) and (a.2) to (a.4) and section 61 of the Canada Labour Code.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,))]
    assert _reattached(embedder, french, english, beads) == [((0,), (0,)), ((1,), (1, 2))]


def test_a_lead_in_with_no_colon_is_no_heading_to_glue_elsewhere(embedder) -> None:
    # English writes a lead-in with no colon; followed by an item, it stays with the French lead-in.
    french = [
        "Résiliation des accords",
        "Définition de accord Aux articles 44 à 48, accord s’entend de l’un ou l’autre des accords suivants :",
        "l’accord entre Sa Majesté et The Mortgage Insurance Company of Canada, conclu le 1er janvier 1991;",
    ]
    english = [
        "Termination of Agreements",
        "Definition of agreement",
        "In sections 44 to 48, agreement means",
        "the agreement entered into by Her Majesty and The Mortgage Insurance Company of Canada that was made on "
        "January 1, 1991;",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), (3,))]
    assert _reattached(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_lead_in_paired_with_a_heading_goes_to_the_lead_in_beside_it_whatever_the_model_says(embedder) -> None:
    from aligner.align.orphans import free_lines_from_headings

    # The model finds the heading closer to "The Minister of Labour may" (0.65) than the French lead-in (0.62).
    french = [
        "Pouvoirs du ministre du Travail",
        "Le ministre du Travail peut prendre les mesures suivantes :",
        "nommer les représentants du Canada aux comités, groupes de travail ou groupes d’experts visés à l’article 7 "
        "de l’Accord de coopération dans le domaine du travail entre le Canada et le Royaume hachémite de Jordanie;",
    ]
    english = [
        "The Minister of Labour may",
        "appoint representatives of Canada to any committee, working group or expert group referred to in Article 7 "
        "of the Agreement on Labour Cooperation between Canada and the Hashemite Kingdom of Jordan;",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,))]
    assert _passed(free_lines_from_headings, embedder, french, english, beads) == [
        ((0,), ()), ((1,), (0,)), ((2,), (1,))
    ]
    # A short line before an item that reads as no sentence's start is a heading whose lead-in was lost.
    french = [
        "Non-application pendant un an",
        "le contrat conclu, avant cette date, entre un entrepreneur et Sa Majesté ou un fournisseur de services;",
    ]
    english = [
        "Non-application for one year",
        "For one year after the day on which this Act comes into force, this Act does not apply in respect of the "
        "following contracts to perform construction work:",
        "a contract entered into by a contractor, before the day on which this Act comes into force, with Her "
        "Majesty or a service provider; and",
    ]
    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    assert _passed(free_lines_from_headings, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_lead_in_the_other_version_runs_into_its_first_item_joins_that_pair(embedder) -> None:
    from aligner.align.glued import join_headings_run_into_items

    french = [
        "Énoncé",
        "Les principes ci-après sont reconnus et proclamés :",
        "le Canada et les États-Unis ont un intérêt mutuel pour le maintien de la sécurité dans les zones non "
        "contestées de la mer ou des eaux internes longeant la frontière internationale;",
        "les opérations transfrontalières intégrées doivent :",
    ]
    english = [
        "Statement",
        "It is recognized and declared that Canada and the United States have a common interest in the security "
        "of the undisputed areas of the sea or internal waters along the international boundary;",
        "integrated cross-border operations must",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((3,), (2,))]
    joined = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert _passed(join_headings_run_into_items, embedder, french, english, beads) == joined
    # An item that opens with a name has a capital of its own: no lead-in is run into it.
    english[1] = english[1].removeprefix("It is recognized and declared that ")
    assert _passed(join_headings_run_into_items, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_note_the_other_version_lacks_is_left_unmatched_though_its_provision_opens_on_its_word(embedder) -> None:
    # "The purpose of the" could be no heading run in before "College": no heading ends with an article.
    french = [
        "Collège",
        "Mission",
        "Le Collège a pour mission, d’une part, de régir les consultants en immigration et en citoyenneté dans "
        "l’intérêt public et, d’autre part, de protéger le public, notamment :",
    ]
    english = [
        "College",
        "The purpose of the College is to regulate immigration and citizenship consultants in the public interest "
        "and protect the public, including by",
    ]
    beads = [Bead((0,), (0,)), Bead((1, 2), (1,))]
    assert _detached(embedder, french, english, beads) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    # Nor on "this" before "Act", nor on "and" before "Part".
    french = [
        "Primauté de la présente loi",
        "Les dispositions de la présente loi l’emportent sur les dispositions incompatibles de la partie X de la Loi "
        "sur la gestion des finances publiques.",
    ]
    english = [
        "In the event of any inconsistency between this Act and Part X of the Financial Administration Act, this Act "
        "prevails to the extent of the inconsistency."
    ]
    assert _detached(embedder, french, english, [Bead((0, 1), (0,))]) == [((0,), ()), ((1,), (0,))]


def test_a_lead_in_that_opens_a_sentence_is_no_part_of_an_item_that_repeats_its_words(embedder) -> None:
    # The English item repeats "deputy head", so the bead says more with the French lead-in; but the lead-in
    # opens with a capital and the English line in lower case: the English lost its lead-in.
    french = [
        "Sauf indication contraire du contexte, dans la présente loi, administrateur général désigne :",
        "par rapport à un fonctionnaire, l’administrateur général du ministère ou de l’autre administration dont "
        "relève ce fonctionnaire;",
        "par rapport à une nomination, l’administrateur général du ministère ou de l’autre administration dans "
        "laquelle la nomination se fait.",
    ]
    english = [
        "a reference to a deputy head in relation to an employee shall be construed as a reference to the deputy "
        "head of the department or other organization, as the case may be, in which the employee is employed; and",
        "a reference to a deputy head in relation to an appointment shall be construed as a reference to the "
        "deputy head of the department or other organization, as the case may be, in which the appointment is made.",
    ]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,))]
    assert _lead_ins_detached(embedder, french, english, beads) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]
    # A short line may be a note run into the other version's line: the bead that says more with it keeps it.
    french = [
        "de régulariser et contrôler le débit des eaux dans le lac Seul, quand le niveau du lac Seul s’élève "
        "au-dessus de 1169 pieds dans les mois de janvier et juin; Rivière Winnipeg et rivière des Anglais",
        "de régulariser et contrôler le débit des eaux de la rivière Winnipeg entre la jonction de cette rivière "
        "avec la rivière des Anglais et le lac des Bois; et",
    ]
    english = [
        "to regulate and control the flow of waters into Lac Seul when the level of Lac Seul rises above 1169 feet "
        "in the months of January and June;",
        "As to Winnipeg river and English river",
        "to regulate and control the flow of the waters of the Winnipeg river between its junction with the English "
        "river and the Lake of the Woods; and",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1, 2))]
    assert _lead_ins_detached(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_heading_paired_with_a_full_sentence_goes_to_the_unmatched_heading_before_it(embedder) -> None:
    from aligner.align.orphans import give_headings_to_headings

    # The English lost the provision; its note was paired with the French provision, the French note unmatched.
    french = [
        "Approbation",
        "Approbation",
        "L’Accord et les accords connexes sont approuvés.",
        "Dispositions institutionnelles et administratives",
    ]
    english = ["Approval", "Agreements approved", "Administrative and Institutional Provisions"]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((3,), (2,))]
    assert _passed(give_headings_to_headings, embedder, french, english, beads) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)),
    ]
    # A heading after the sentence labels what follows: the pairing stands.
    beads = [Bead((0,), (0,)), Bead((2,), (1,)), Bead((1,), ()), Bead((3,), (2,))]
    assert _passed(give_headings_to_headings, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]
    # The French note run into the heading above it, paired with the English heading, goes to the English note.
    french = [
        "Approbation et représentation au sein du Comité mixte de l’AÉCG",
        "Approbation",
        "L’Accord est approuvé.",
        "Représentation canadienne au Comité mixte de l’AÉCG",
    ]
    english = [
        "Approval and Representation on the CETA Joint Committee",
        "Agreement approved",
        "Canadian representative on CETA Joint Committee",
    ]
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,)), Bead((3,), (2,))]
    assert _passed(give_headings_to_headings, embedder, french, english, beads) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)),
    ]


def test_two_headings_against_one_pair_past_a_provision_the_other_version_lost(embedder) -> None:
    french = [
        "Exclusion de l’emprisonnement",
        "Malgré le paragraphe 787(2) du Code criminel, la peine d’emprisonnement est exclue en cas de défaut de "
        "paiement de l’amende infligée pour une infraction prévue à l’article 18.",
        "Recouvrement",
        "En cas de défaut de paiement de l’amende infligée pour une infraction prévue à l’article 18, le poursuivant "
        "peut déposer la déclaration de culpabilité auprès de toute juridiction supérieure.",
    ]
    english = [
        "No imprisonment",
        "Recovery of fines",
        "If a person is convicted of an offence under section 18 and the fine that is imposed is not paid when "
        "required, the prosecutor may file the conviction in any superior court.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), ()), Bead((2,), ()), Bead((3,), (2,))]
    assert _heading_pairs_split(embedder, french, english, beads) == [
        ((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)),
    ]


def test_a_heading_paired_with_a_full_sentence_goes_to_a_run_in_heading_that_says_it_as_well(embedder) -> None:
    from aligner.align.glued import pair_run_in_headings

    # The English provision repeats the heading's words as well as the run-in heading says them (0.55 and 0.56):
    # against a sentence, no margin is asked of a heading run in.
    french = [
        "Pour l’application des articles 17 à 21, personne morale s’entend de toute personne morale constituée en "
        "vertu de l’article 29 de la Loi sur les ponts et tunnels internationaux à toute fin liée à la construction "
        "ou à l’exploitation du pont ou d’un ouvrage connexe.",
        "Autorisation de construire et d’exploiter le pont ou ouvrage connexe",
    ]
    english = [
        "For the purposes of sections 17 to 21, corporation means a corporation established under section 29 of the "
        "International Bridges and Tunnels Act for any purpose relating to the construction or operation of the "
        "bridge or any related work. Authorization to construct and operate",
        "Subject to its letters patent, a corporation is authorized to construct and operate the bridge or any "
        "related work.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,))]
    assert _passed(pair_run_in_headings, embedder, french, english, beads) == [((0, 1), (0,)), ((), (1,))]


def test_a_heading_joins_the_line_of_headings_past_an_unmatched_line_of_the_other_side(embedder) -> None:
    # The French lost the enacting words; « Abrogations », unmatched before them, belongs with « Abrogation »
    # to "Repeals Repeal", a Part's heading and its note on one line.
    french = [
        "Édiction de la loi",
        "Abrogations",
        "Abrogation",
        "La Loi sur le marquage des bois, chapitre T-11 des Lois révisées du Canada (1985), est abrogée.",
    ]
    english = [
        "Enactment of Act",
        "The Canadian Free Trade Agreement Implementation Act is enacted as follows:",
        "Repeals Repeal",
        "The Timber Marking Act, chapter T-11 of the Revised Statutes of Canada, 1985, is repealed.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,)), Bead((2,), (2,)), Bead((3,), (3,))]
    assert _joined(embedder, french, english, beads) == [
        ((0,), (0,)), ((), (1,)), ((1, 2), (2,)), ((3,), (3,)),
    ]


def test_a_heading_paired_with_a_long_lead_in_that_does_not_say_it_is_left_unmatched(embedder) -> None:
    from aligner.align.orphans import separate_strangers

    # The English lost the note, the French the lead-in: « Inadmissibilité » against "An individual is not
    # eligible …" (0.12), a lead-in longer than any heading that reads as a sentence's start.
    french = [
        "Sous réserve des règlements administratifs du conseil, le premier dirigeant peut assister aux réunions du "
        "conseil ou de tout comité de celui-ci.",
        "Inadmissibilité",
        "qui est âgée de moins de dix-huit ans;",
    ]
    english = [
        "Subject to any by-law of the Board, the Chief Executive Officer may attend meetings of the Board or any "
        "committee of the Board.",
        "An individual is not eligible to be appointed as the Chief Executive Officer, the Chairperson or a director "
        "if the individual",
        "is less than 18 years of age;",
    ]
    paired = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))]
    assert _padded(separate_strangers, embedder, french, english, paired) == [
        ((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))
    ]


def test_two_unmatched_lead_ins_side_by_side_pair(embedder) -> None:
    from aligner.align.orphans import pair_neighbouring_lead_ins

    french = [
        "désigner le président d’un groupe spécial, conformément à ce paragraphe. Pouvoirs du ministre du Travail",
        "Le ministre du Travail peut prendre les mesures suivantes :",
        "nommer les représentants du Canada aux comités visés à l’article 7 de l’Accord;",
    ]
    english = [
        "select the chair of a panel, in accordance with that paragraph.",
        "Powers of the Minister of Labour",
        "The Minister of Labour may",
        "appoint representatives of Canada to any committee referred to in Article 7 of the Agreement;",
    ]
    beads = [Bead((0,), (0, 1)), Bead((), (2,)), Bead((1,), ()), Bead((2,), (3,))]
    assert _passed(pair_neighbouring_lead_ins, embedder, french, english, beads) == [
        ((0,), (0, 1)), ((1,), (2,)), ((2,), (3,)),
    ]
    # A lead-in beside a heading it is no translation of stays unmatched.
    english[2] = "Powers"
    assert _passed(pair_neighbouring_lead_ins, embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]


def test_a_number_that_follows_a_division_s_name_ends_no_heading(embedder) -> None:
    from aligner.align.glued import numbers_division

    # "The amount for the purpose of subsection 16(2) is …" runs no note in before "16(2)": the English lost
    # « Calcul de la somme — sinistre survenu ».
    assert numbers_division(["for", "the", "purpose", "of", "subsection", "16(2)", "is"], 5)
    assert numbers_division(["Pour", "l’application", "de", "l’alinéa", "16(2),"], 4)
    assert not numbers_division(["Coming", "into", "force", "2019"], 3)
    french = [
        "Calcul de la somme — sinistre survenu",
        "Pour l’application de l’alinéa 16(2), la somme est calculée selon la formule suivante :",
    ]
    english = ["The amount for the purpose of subsection 16(2) is the amount determined by the formula"]
    assert _detached(embedder, french, english, [Bead((0, 1), (0,))]) == [((0,), ()), ((1,), (0,))]


# The French enacting words' heading and note, on two lines, against one English line of headings; the English
# line was paired with the enacting words, and the French headings with the French provision.
COMING_FRENCH = [
    "Est édictée la Loi sur le Bureau de transition vers un régime canadien de réglementation des valeurs "
    "mobilières, dont le texte suit :",
    "Entrée en vigueur",
    "Décret",
    "L’article 297 entre en vigueur à la date fixée par décret.",
]
COMING_ENGLISH = [
    "The Canadian Securities Regulation Regime Transition Office Act is enacted as follows:",
    "Coming into Force Order in council",
    "Section 297 comes into force on a day to be fixed by order of the Governor in Council.",
]


def test_a_heading_and_its_note_that_the_other_line_does_not_say_are_both_left_unmatched(embedder) -> None:
    beads = [Bead((0,), (0, 1)), Bead((1, 2, 3), (2,))]
    assert _detached(embedder, COMING_FRENCH, COMING_ENGLISH, beads) == [
        ((0,), (0,)), ((), (1,)), ((1,), ()), ((2,), ()), ((3,), (2,)),
    ]


def test_a_line_of_headings_pairs_with_two_unmatched_headings_when_it_says_both_better(embedder) -> None:
    from aligner.align.orphans import pair_neighbouring_headings

    beads = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), ()), Bead((2,), ()), Bead((3,), (2,))]
    assert _passed(pair_neighbouring_headings, embedder, COMING_FRENCH, COMING_ENGLISH, beads) == [
        ((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)),
    ]


def test_a_line_of_two_headings_is_a_heading_and_a_heading_run_into_a_sentence_is_not() -> None:
    from aligner.align.orphans import heading_like

    # "Disposal of property" after "… of property" starts anew, but reads as no sentence: a heading and its note.
    assert heading_like("Acquisition and holding of property Disposal of property")
    assert not heading_like("Idem An agreement may include as unemployment assistance costs")
    # A company's name ends with its suffix, not a sentence.
    assert heading_like("Canada Health Infoway Inc.") and not heading_like("Definitions.")


def test_a_sentence_opens_after_a_note_though_a_comma_follows_its_first_word() -> None:
    from aligner.align.glued import opens_with_heading

    assert opens_with_heading(
        "Lorsque la période n’est pas expirée Quand, en vertu du contrat de rente, cette rente est payable pendant "
        "un nombre d’années déterminé"
    )


def test_two_headings_against_a_line_that_runs_two_stay_together(embedder) -> None:
    # Read as a heading now, the French line of two headings translates both English ones: the unmatched
    # « Décret » beside them is the note the English lacks.
    french = [
        "Dispositions de coordination et entrée en vigueur Entrée en vigueur",
        "Décret",
        "Sous réserve des paragraphes (2) à (5), les dispositions de la présente loi entrent en vigueur à la date "
        "fixée par décret.",
    ]
    english = [
        "Coordinating Amendments and Coming into Force",
        "Coming into Force",
        "Subject to subsections (2) to (5), the provisions of this Act come into force on a day to be fixed by order "
        "of the Governor in Council.",
    ]
    beads = [Bead((0,), (0, 1)), Bead((1,), ()), Bead((2,), (2,))]
    assert _heading_pairs_split(embedder, french, english, beads) == [(b.src, b.tgt) for b in beads]
