"""Segmentation: French and English rules, headings and list items as their own segments."""

from __future__ import annotations

import pytest

from aligner.document import Block, Document
from aligner.pipeline import load_document
from aligner.segment import segment, split_sentences

from .conftest import shared_path


@pytest.mark.parametrize(
    ("lang", "text", "sentences"),
    [
        (
            "fr",
            "M. Dupont a rencontré Mme Martin. Ils ont parlé, p. ex., de sécurité. La séance est levée.",
            ["M. Dupont a rencontré Mme Martin.", "Ils ont parlé, p. ex., de sécurité.", "La séance est levée."],
        ),
        (
            "fr",
            "Le logiciel « WannaCry » a frappé 150 pays. Selon M. Lefebvre, « aucun pays n’est à l’abri ».",
            ["Le logiciel « WannaCry » a frappé 150 pays.", "Selon M. Lefebvre, « aucun pays n’est à l’abri »."],
        ),
        (
            "fr",
            "Sont constitués en corporation Mme. Harrington, Dorchester; Mlle. Smith, Moncton, et Mgr. Roy. "
            "La Société a pour but de :",
            [
                "Sont constitués en corporation Mme. Harrington, Dorchester; Mlle. Smith, Moncton, et Mgr. Roy.",
                "La Société a pour but de :",
            ],
        ),
        (
            "en",
            "Mr. Smith met the U.S. delegation, e.g. the Secretary. They met in Ottawa. "
            "Dr. Jones left at 5 p.m. sharp.",
            [
                "Mr. Smith met the U.S. delegation, e.g. the Secretary.",
                "They met in Ottawa.",
                "Dr. Jones left at 5 p.m. sharp.",
            ],
        ),
    ],
)
def test_abbreviations_do_not_end_sentences(lang: str, text: str, sentences: list[str]) -> None:
    assert split_sentences(text, lang) == sentences


def test_headings_and_items_are_segments_of_their_own() -> None:
    blocks = [
        Block("head", "Mesures. Priorités", "Mesures. Priorités"),
        Block("p", "Ils ont convenu. Voici les mesures :", ""),
        Block("item", "agir vite.", ""),
        Block("item", "agir ensemble.", ""),
    ]
    document = segment(Document(path=None, lang="fr", blocks=blocks))  # type: ignore[arg-type]
    assert [(s.id, s.block, s.text) for s in document.sentences] == [
        (0, 0, "Mesures. Priorités"),
        (1, 1, "Ils ont convenu."),
        (2, 1, "Voici les mesures :"),
        (3, 2, "agir vite."),
        (4, 3, "agir ensemble."),
    ]
    assert document.headings == frozenset({0})


def test_presplit_sentences_are_line_numbers(tmp_path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("Eins. Zwei.\n\nDrei\n", encoding="utf-8")
    document = load_document(path, "de", presplit=True)
    assert [(s.id, s.text) for s in document.sentences] == [(0, "Eins. Zwei."), (1, ""), (2, "Drei")]


# The sentences a careful reader cuts in the French communiqué, written from
# the text itself: (first words, last words) of each, in order.
COMMUNIQUE_SENTENCES = [
    ('Communiqué Conjoint', 'Communiqué Conjoint'),
    ('Nous, les ministres de', 'proactifs de collaboration.'),
    ('Notre partenariat de cinq', 'primauté du droit.'),
    ('Lutter contre l’extrémisme violent', 'contre l’extrémisme violent'),
    ('La sécurité de nos', 'qui les soutiennent.'),
    ('Les attentats récents à', 'qui les soutiennent.'),
    ('Au cours de notre', 'atteindre leurs objectifs.'),
    ('Les ministres se sont', 'mesures suivantes :'),
    ('Des approches partagées pour', 'Microsoft et Twitter.'),
    ('Accroître collectivement les connaissances', 'de leurs familles.'),
    ('Examiner le rôle des', 'la propagande terroriste.'),
    ('Promouvoir la recherche sur', 'et les amplifier.'),
    ('Systèmes d’immigration et d’octroi', 'de l’asile mondiaux'),
    ('Nous reconnaissons le droit', 'à la société.'),
    ('Les ministres ont affirmé', 'de la personne.'),
    ('Les ministres ont discuté', 'et des réfugiés.'),
    ('Les ministres se sont', 'fins de vérification.'),
    ('Nous reconnaissons l’importance de', 'demeurer au pays.'),
    ('Les Ministres ont également', 'zones de conflits.'),
    ('La coopération en matière', 'traite de personnes'),
    ('La rencontre commune de', 'traite de personnes.'),
    ('Les récentes attaques brutales', 'dans l’espace public.'),
    ('Afin d’aider à prévenir', 'connus est essentiel.'),
    ('Par conséquent, nous nous', 'de renseignements criminels.'),
    ('Nous avons également discuté', 'traite de personnes.'),
    ('Pour permettre une action', 'possibilités d’opérations conjointes.'),
    ('Les ministres se sont', 'les menaces terroristes.'),
    ('Cybermenaces', 'Cybermenaces'),
    ('Les ministres et les', 'de nos pays.'),
    ('L’attaque du logiciel rançonneur', 'croissance des cyber-attaques.'),
    ('Pour aborder les menaces', 'réagir aux cybermenaces.'),
    ('Chiffrement', 'Chiffrement'),
    ('Les ministres et les', 'compris le terrorisme.'),
    ('En réaction à ces', 'et libertés individuels.'),
    ('Conclusion', 'Conclusion'),
    ('Nous avons convenu aujourd’hui', 'et le chiffrement.'),
    ('Alors que nos cinq', 'de valeurs communes.'),
    ('Nous sommes déterminés à', 'de prendre aujourd’hui.'),
    ('Tout au long de', 'de sécurité nationale.'),
    ('Les protections améliorées et', 'à cet égard.'),
    ('La réunion ministérielle des', 'l’honorable Ahmed Hussen.'),
    ('Ils ont rencontré leurs', 'et du Royaume-Uni.'),
    ('Ces homologues comprennent George', 'général des États-Unis.'),
    ('Ottawa, le 27 juin', '27 juin 2017'),
]


def test_communique_is_cut_where_a_careful_reader_would() -> None:
    document = load_document(shared_path("data/communique-fcm-2017/fr.txt"), "fr")
    cuts = [(" ".join(s.text.split()[:4]), " ".join(s.text.split()[-3:])) for s in document.sentences]
    assert cuts == COMMUNIQUE_SENTENCES
