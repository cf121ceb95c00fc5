"""The terminology table and the consistency findings, on small hand-built French/English pairs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from aligner.checks.terms import consistency_findings, find_phrase, terminology, tokens
from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.findings import Term

from .conftest import shared_path


def _document(lang: str, texts: list[str]) -> Document:
    """A document of one paragraph per sentence."""
    blocks = [Block("p", text, text) for text in texts]
    sentences = [Sentence(i, text, i) for i, text in enumerate(texts)]
    return Document(Path(f"test.{lang}.txt"), lang, blocks, sentences)


def _aligned(pairs: list[tuple[str, str]]) -> Alignment:
    """A one-to-one alignment of the given (French, English) sentence pairs."""
    source = _document("fr", [fr for fr, _ in pairs])
    target = _document("en", [en for _, en in pairs])
    beads = [Bead((i,), (i,), 0.9) for i in range(len(pairs))]
    return Alignment(source, target, beads, model="test")


@pytest.fixture(scope="module")
def model():
    """The bundled model, loaded once (about two seconds)."""
    from aligner.embed import load_embedder

    return load_embedder()


FIGHTERS = [
    ("Les combattants terroristes étrangers reviennent dans leur pays d’origine.",
     "Foreign terrorist fighters are returning to their countries of origin."),
    ("Les ministres ont discuté du retour des combattants terroristes étrangers.",
     "Ministers discussed the return of foreign terrorist fighters."),
    ("La menace que posent les combattants terroristes étrangers demeure élevée.",
     "The threat posed by foreign terrorist fighters remains high."),
]
OFFENDERS = [
    ("Le délinquant dangereux doit être surveillé après sa libération.",
     "The dangerous offender must be monitored after release."),
    ("Chaque délinquant dangereux fait l’objet d’une évaluation annuelle.",
     "Each dangerous offender is assessed every year."),
    ("La Commission peut refuser la libération du délinquant dangereux.",
     "The Board may refuse to release the dangerous criminal."),
]


def test_a_consistently_rendered_multiword_term_is_in_the_table_and_not_flagged(model) -> None:
    alignment = _aligned(FIGHTERS)
    table = {term.source.casefold(): term for term in terminology(alignment, model)}
    term = table["combattants terroristes étrangers"]
    assert term.src == (0, 1, 2)
    assert [(text.casefold(), count) for text, count in term.renderings] == [("foreign terrorist fighters", 3)]
    assert term.consistent
    # Its parts occur in the same sentences: they are no terms of their own.
    assert "combattants terroristes" not in table and "terroristes" not in table
    assert not [f for f in consistency_findings(alignment, list(table.values()), model) if "combattants" in f.evidence]


def test_a_term_rendered_two_ways_is_flagged_with_both_renderings_and_counts(model) -> None:
    alignment = _aligned(OFFENDERS)
    terms = terminology(alignment, model)
    term = next(t for t in terms if t.source.casefold() == "délinquant dangereux")
    assert not term.consistent
    renderings = {text.casefold(): count for text, count in term.renderings}
    assert renderings["dangerous offender"] == 2
    assert renderings["dangerous criminal"] == 1
    finding = next(f for f in consistency_findings(alignment, terms, model) if "délinquant dangereux" in f.evidence)
    assert finding.kind == "consistency"
    assert "'dangerous offender' (2×)" in finding.evidence and "(1×)" in finding.evidence
    # The renderings share a word: a variant, not a different term.
    assert finding.severity == "low"
    assert 2 in finding.src and 2 in finding.tgt


def test_spans_point_at_the_term_and_its_renderings(model) -> None:
    alignment = _aligned(OFFENDERS)
    term = Term("délinquant dangereux", (0, 1, 2), (("dangerous offender", 2), ("dangerous criminal", 1)))
    (finding,) = consistency_findings(alignment, [term], model)
    assert finding.src_text == " ".join(alignment.src.sentences[i].text for i in finding.src)
    assert finding.tgt_text == " ".join(alignment.tgt.sentences[i].text for i in finding.tgt)
    assert {finding.src_text[a:b] for a, b in finding.src_spans} == {"délinquant dangereux"}
    assert {finding.tgt_text[a:b] for a, b in finding.tgt_spans} == {"dangerous offender", "dangerous criminal"}
    # One example bead per rendering: the first with the usual one, the one with the other.
    assert finding.src == (0, 2)


def test_the_same_source_sentence_translated_two_ways_is_flagged(model) -> None:
    alignment = _aligned(
        [
            ("Le ministre peut conclure des accords avec les provinces.",
             "The Minister may enter into agreements with the provinces."),
            ("Les comités se réunissent chaque année.", "The committees meet every year."),
            ("Le ministre peut conclure des accords avec les provinces.",
             "Provincial arrangements can be signed by the Minister."),
        ]
    )
    (finding,) = consistency_findings(alignment, [], model)
    assert finding.src == (0, 2) and finding.tgt == (0, 2)
    assert "translated two ways" in finding.evidence
    highlighted = {finding.tgt_text[a:b] for a, b in finding.tgt_spans}
    assert {"enter", "agreements", "arrangements", "signed"} <= highlighted
    assert "Minister" not in highlighted


def test_the_same_sentence_translated_the_same_way_is_not_flagged(model) -> None:
    sentence = ("Le ministre peut conclure des accords avec les provinces.",
                "The Minister may enter into agreements with the provinces.")
    alignment = _aligned([sentence, ("Titre abrégé", "Short Title"), sentence, ("Titre abrégé", "Short title")])
    assert consistency_findings(alignment, [], model) == []


def test_stopword_only_ngrams_are_not_terms(hash_embedder) -> None:
    alignment = _aligned(
        [
            (
                "Il est de la plus haute importance que le ministre agisse.",
                "It is of the utmost importance that the Minister act.",
            ),
            (
                "Il est de la plus haute importance que le ministre réponde.",
                "It is of the utmost importance that the Minister answer.",
            ),
            ("Le 12 mars, il est de la plus haute importance.", "On March 12, it is of the utmost importance."),
        ]
    )
    sources = {term.source.casefold() for term in terminology(alignment, hash_embedder)}
    # « que » opens a clause, so no term runs over it; « haute importance » is no term either, « haute »
    # being never written after a determiner (« la plus haute »): only « ministre » is left.
    assert sources == {"ministre"}
    for term in sources:
        words = tokens(term, "fr")
        assert not words[0].weak and not words[-1].weak, term


def test_different_source_names_collapsed_into_one_rendering_are_flagged(model) -> None:
    alignment = _aligned(
        [
            ("Le Conseil du Trésor approuve.", "The Treasury Board approves."),
            ("Le Conseil du Trésor refuse.", "The Treasury Board refuses."),
            ("La Commission des finances décide.", "The Treasury Board decides."),
            ("La Commission des finances attend.", "The Treasury Board waits."),
            ("La compétence du ministre est large.", "The Minister's jurisdiction is broad."),
            ("Cette compétence est exclusive.", "This jurisdiction is exclusive."),
            ("Le ressort du tribunal est limité.", "The court's jurisdiction is limited."),
            ("Ce ressort est territorial.", "This jurisdiction is territorial."),
        ]
    )
    terms = [
        Term("Conseil du Trésor", (0, 1), (("Treasury Board", 2),)),
        Term("Commission des finances", (2, 3), (("Treasury Board", 2),)),
        # One word rendering two (a single English word for near-synonyms) is translation, not a lost name.
        Term("compétence", (4, 5), (("jurisdiction", 2),)),
        Term("ressort", (6, 7), (("jurisdiction", 2),)),
    ]
    (finding,) = consistency_findings(alignment, terms, model)
    assert finding.severity == "low"
    assert "are both rendered 'Treasury Board'" in finding.evidence
    assert {finding.src_text[a:b] for a, b in finding.src_spans} == {"Conseil du Trésor", "Commission des finances"}


def test_find_phrase_ignores_case_and_plural_but_not_punctuation() -> None:
    text = "Foreign terrorist fighters, fighters. Foreign Terrorist Fighter"
    assert [text[a:b] for a, b in find_phrase(text, "foreign terrorist fighters", "en")] == [
        "Foreign terrorist fighters",
        "Foreign Terrorist Fighter",
    ]
    assert find_phrase("fighters, foreign", "fighters foreign", "en") == []


def test_terminology_on_the_sample(sample_alignment, model) -> None:
    terms = terminology(sample_alignment, model)
    for term in terms[:25]:
        print(("  " if term.consistent else "! ") + f"{term.source} ({len(term.src)}): {term.renderings}")
    table = {term.source.casefold(): term for term in terms}
    assert table["ministres"].renderings[0][0].casefold() == "ministers"
    assert table["extrémisme violent"].renderings[0][0].casefold() == "violent extremism"
    # « sécurité publique » is "Public Safety": its « sécurité » is no "Safety" rendering of « sécurité ».
    assert "Safety" not in dict(table["sécurité"].renderings)
    assert table["sécurité publique"].renderings == (("Public Safety", 2),)
    # "Counterterrorism" renders « lutte contre le terrorisme »: its "terrorism" is the usual rendering.
    assert table["terrorisme"].consistent


def test_terminology_on_the_demo_act(model) -> None:
    from aligner.pipeline import align_documents, load_document

    folder = shared_path("data/demo-public-safety-act")
    alignment = align_documents(load_document(folder / "fr.txt", "fr"), load_document(folder / "en.txt", "en"))
    started = time.perf_counter()
    terms = terminology(alignment, model)
    findings = consistency_findings(alignment, terms, model)
    print(f"{len(terms)} terms, {len(findings)} findings in {time.perf_counter() - started:.2f} s")
    for term in terms[:20]:
        print(("  " if term.consistent else "! ") + f"{term.source} ({len(term.src)}): {term.renderings}")
    for finding in findings:
        print(finding.severity, finding.evidence)
    table = {term.source.casefold(): term for term in terms}
    # « ministre » inside « ministre de la Sécurité publique ... » belongs to that longer term.
    assert table["ministre"].renderings == (("Minister", 7),)
    department = table["ministère de la sécurité publique et de la protection civile"]
    assert department.renderings[0][0] == "Department of Public Safety and Emergency Preparedness"
    assert table["gouverneur en conseil"].renderings[0][0] == "Governor in Council"
    # Only ever inside the Department's name: no term of its own, so no "Safety and Emergency" for it.
    assert "protection civile" not in table
    assert table["entrée en vigueur"].renderings == (("coming into force", 2),)
    # "Deputy Minister" is two words for one: the name is not cut short to keep to the term's length.
    assert table["sous-ministre de la sécurité publique et de la protection civile"].renderings[0][0] == (
        "Deputy Minister of Public Safety and Emergency Preparedness"
    )
    # The whole rendering, where a part of it embeds closer to the term: "Short Title", not "Title";
    # "Deputy Solicitor General of Canada" for « sous-solliciteur », whose « solliciteur général » keeps its own.
    assert table["titre abrégé"].renderings == (("Short Title", 2),)
    assert table["sous-solliciteur général du canada"].renderings[0][0] == "Deputy Solicitor General of Canada"
    assert table["solliciteur général du canada"].renderings[0][0] == "Solicitor General of Canada"
    # A translator should not have to wade through false alarms on an official Act.
    assert len(findings) <= 3


def test_a_long_document_takes_seconds(hash_embedder) -> None:
    pairs = [
        (f"Le ministre {i % 7} du dossier {i % 13} examine la demande numéro {i} avec soin.",
         f"Minister {i % 7} of file {i % 13} carefully reviews application number {i}.")
        for i in range(1000)
    ]
    alignment = _aligned(pairs)
    started = time.perf_counter()
    consistency_findings(alignment, terminology(alignment, hash_embedder), hash_embedder)
    assert time.perf_counter() - started < 20


def test_a_term_rendered_differently_from_one_document_to_the_next_is_flagged_across_the_corpus() -> None:
    from aligner.checks.terms import corpus_terms
    from aligner.formats.report import to_corpus_terms_md

    fighters = "combattants terroristes étrangers"
    tables = {
        "a": [
            Term(fighters, (1, 4), (("foreign terrorist fighters", 2),)),
            Term("ministres", (0,), (("Ministers", 3),)),
        ],
        "b": [
            Term(fighters.capitalize(), (7,), (("foreign fighters", 1),)),
            Term("ministre", (2,), (("minister", 2),)),
        ],
        "c": [Term("frontière", (3,), (("border", 1),))],
    }
    terms = corpus_terms(tables, "fr", "en")
    assert [(term.source, term.consistent) for term in terms] == [(fighters, False), ("ministres", True)]
    assert terms[0].renderings == (("foreign terrorist fighters", 2), ("foreign fighters", 1))
    assert terms[0].documents == (("a", (("foreign terrorist fighters", 2),)), ("b", (("foreign fighters", 1),)))
    assert terms[1].renderings == (("Ministers", 5),)
    markdown = to_corpus_terms_md(terms).decode("utf-8")
    assert "| combattants terroristes étrangers | **no** |" in markdown and "b: foreign fighters (1×)" in markdown


def test_a_term_whose_renderings_each_occur_once_has_no_usual_rendering_to_depart_from(model) -> None:
    alignment = _aligned(
        [("Il faut prendre une décision.", "A decision must be made."), ("Il faut prendre des mesures.", "Take steps.")]
    )
    once_each = Term("prendre", (0, 1), (("made", 1), ("Take", 1)))
    assert consistency_findings(alignment, [once_each], model) == []
    usual = Term("prendre", (0, 1), (("take", 2), ("make", 1)))
    (finding,) = consistency_findings(alignment, [usual], model)
    assert "'take' (2×) and 'make' (1×)" in finding.evidence


def test_renderings_holding_the_same_words_are_one_rendering_named_by_the_best_cut() -> None:
    from collections import Counter

    from aligner.checks.terms import _merged_variants

    # A neighbouring word taken along, function words that differ, a fused prefix: one rendering each time.
    found = Counter({"obligation of the government of canada": 2, "government of canada": 1})
    assert _merged_variants(found, "en", 2) == Counter({"government of canada": 3})
    found = Counter({"approval of the treasury board": 2, "approval of treasury board": 1})
    assert _merged_variants(found, "en", 3) == Counter({"approval of the treasury board": 3})
    assert _merged_variants(Counter({"counterterrorism": 1, "terrorism": 1}), "en", 1) == Counter({"terrorism": 2})
    # Different words stay apart.
    assert len(_merged_variants(Counter({"employee": 3, "officer": 1}), "en", 1)) == 2


def test_a_translation_that_holds_the_other_whole_is_not_a_second_translation(model) -> None:
    title = "Loi sur l’Agence canadienne de l’eau"
    alignment = _aligned(
        [
            (title, "Canada Water Agency Act"),
            ("Les définitions suivantes s’appliquent à la présente loi.", "The following definitions apply."),
            (title + ".", "This Act may be cited as the Canada Water Agency Act."),
        ]
    )
    assert consistency_findings(alignment, [], model) == []


def test_a_one_word_rendering_of_another_term_does_not_bar_a_name(model) -> None:
    from aligner.pipeline import align_documents, load_document

    folder = shared_path("data/laws-fr-en-dev2")
    alignment = align_documents(
        load_document(folder / "fr" / "036", "fr", presplit=True),
        load_document(folder / "en" / "036", "en", presplit=True),
    )
    table = {term.source.casefold(): term for term in terminology(alignment, model)}
    # « élaboration » is rendered "development" too; that does not make "development" foreign to « développement ».
    assert table["développement durable"].renderings[0][0] == "Sustainable Development"
    assert table["conseil consultatif sur le développement durable"].renderings[0][0] == (
        "Sustainable Development Advisory Council"
    )


def test_a_word_that_renders_a_neighbour_is_no_second_rendering(model) -> None:
    # « réputé » is "deemed": that "deemed" stands where « relativement » does not say "respect" makes no
    # second rendering of « relativement ».
    alignment = _aligned([
        ("Le ministre fait rapport relativement à ces activités.",
         "The Minister reports in respect of those activities."),
        ("Le comité décide relativement aux frais.", "The committee decides in respect of the costs."),
        ("Le bien est réputé acquis relativement au contrat.", "The property is deemed acquired under the contract."),
    ])
    table = {term.source.casefold(): term for term in terminology(alignment, model)}
    assert "deemed" not in dict(table["relativement"].renderings)


def test_a_phrase_always_found_beside_the_term_that_renders_a_neighbour_is_no_rendering(model) -> None:
    # "million" co-occurs with « montant » in every bead, as « millions » does; it says « millions ».
    alignment = _aligned([
        ("Le montant ne peut dépasser cinq millions de dollars.", "The limit may not exceed five million dollars."),
        ("Le montant est fixé à deux millions de dollars.", "The sum is set at two million dollars."),
        ("Le montant global atteint trois millions de dollars.", "The total reaches three million dollars."),
    ])
    table = {term.source.casefold(): term for term in terminology(alignment, model)}
    assert "million" not in dict(table["montant"].renderings)
    assert not consistency_findings(alignment, list(table.values()), model)


def test_a_rendering_found_once_that_the_document_pairs_with_another_word_is_that_words(model) -> None:
    # "pursuant" is closer to « établir » (0.72) than to « application », but the Act pairs it with « application ».
    pairs = [
        ("Le ministre peut établir des normes.", "The Minister may establish standards."),
        ("La Commission doit établir des comités.", "The Commission shall establish committees."),
        (
            "Il incombe au directeur d’établir les frais à payer en application du paragraphe (2).",
            "The Director shall prescribe the fees to be paid pursuant to subsection (2).",
        ),
        ("Les sommes sont versées en application du paragraphe (1).", "The sums are paid pursuant to subsection (1)."),
        ("Les rapports sont déposés en application de l’article 5.", "The reports are tabled pursuant to section 5."),
        ("Les avis sont donnés en application de l’article 7.", "Notices are given pursuant to section 7."),
    ]
    alignment = _aligned(pairs)
    terms = {term.source: term for term in terminology(alignment, model)}
    assert terms["établir"].renderings == (("establish", 2),)
    assert not consistency_findings(alignment, list(terms.values()), model)


def test_renderings_that_share_a_phrase_saying_the_term_better_are_that_phrase(model) -> None:
    # Each English sentence repeats its neighbours' words, so the longer phrases co-occur with the term too.
    pairs = [
        ("La sécurité publique vise à protéger les enfants.", "The purpose of public safety is to protect children."),
        ("La sécurité publique aide les familles.", "The purpose of public safety is to help families."),
        ("Ces définitions valent pour la sécurité publique.", "These definitions apply in public safety."),
        ("Les règles valent aussi pour la sécurité publique.", "The rules also apply in public safety."),
        ("Le ministre dépose un rapport annuel.", "The Minister tables an annual report."),
    ]
    alignment = _aligned(pairs)
    terms = {term.source: term for term in terminology(alignment, model)}
    assert terms["sécurité publique"].renderings == (("public safety", 4),)
    assert not consistency_findings(alignment, list(terms.values()), model)


def test_a_pointing_adjective_after_a_determiner_is_a_function_word(model) -> None:
    # « la présente loi » is "this Act": the term is « loi », rendered "Act", not a phrase of two content words.
    pairs = [
        ("La présente loi vise à protéger les enfants.", "The purpose of this Act is to protect children."),
        ("La présente loi a pour but de soutenir les familles.", "The purpose of this Act is to support families."),
        ("Ces définitions valent pour la présente loi.", "These definitions apply in this Act."),
        ("Le ministre dépose un rapport annuel.", "The Minister tables an annual report."),
    ]
    terms = {term.source: term for term in terminology(_aligned(pairs), model)}
    assert "présente loi" not in terms
    assert terms["loi"].renderings == (("Act", 3),)
    # After a noun it is an adjective that says something: « conseillers présents », "councillors present".
    assert [t.weak for t in tokens("le présent article", "fr")] == [True, True, False]
    assert [t.weak for t in tokens("les conseillers présents", "fr")] == [True, False, False]


def test_a_rendering_loses_the_words_at_its_ends_that_render_a_neighbour_of_the_term() -> None:
    """'debt due to Her Majesty' for « créance » took along "Majesty" (« Majesté ») and "due" (« exigible »);
    "due" goes only if it says « exigible » as closely as a rendering says its term (cosines given here)."""
    from aligner.checks.terms import _index, _Rendering, _trim_words_of_neighbours

    source = _index(["La créance de Sa Majesté est exigible."], "fr", 6)
    target = _index(["The debt due to Her Majesty is payable."], "en", 7)

    class Meaning:
        def __init__(self, text: str, cosines: dict[frozenset[str], float]) -> None:
            self.text, self.cosines = text, cosines

        def __matmul__(self, other: Meaning) -> float:
            return 1.0 if other.text == self.text else self.cosines.get(frozenset([self.text, other.text]), 0.0)

    for due_says_due, kept in ((0.7, "debt"), (0.5, "debt due")):
        cosines = {
            frozenset(pair): cosine
            for pair, cosine in (
                (("Majesty", "Majesté"), 0.95),
                (("due", "exigible"), due_says_due),
                (("due", "créance"), 0.3),
                (("debt", "créance"), 0.8),
                (("debt due to Her Majesty", "créance"), 0.5),
                (("debt due", "créance"), 0.7),
                (("debt", "créance"), 0.8),
            )
        }
        texts = ["créance", "Majesté", "exigible", "debt", "due", "Majesty", "debt due to Her Majesty", "debt due"]
        vectors = {text: Meaning(text, cosines) for text in texts}
        renderings = {"créance": {0: _Rendering("debt due to her majesty", 1.0)}}
        _trim_words_of_neighbours(renderings, {"créance": "créance"}, (source, target), ("fr", "en"), vectors, None)
        assert renderings["créance"][0].key == kept


def test_renderings_that_differ_in_a_word_rendering_the_term_stay_apart() -> None:
    """The shared words must say the term at least as well as each rendering (cosines given here)."""
    import numpy as np

    from aligner.checks.terms import _index, _name_by_shared_phrase, _Rendering

    target = _index(["Health systems are funded.", "Health services are funded."], "en", 7)

    def unit(cosine: float) -> np.ndarray:
        return np.array([cosine, np.sqrt(1 - cosine**2)], dtype=np.float32)

    term = np.array([1.0, 0.0], dtype=np.float32)
    for health, kept in ((0.67, ["health system", "health service"]), (0.98, ["health", "health"])):
        vectors = {"systèmes de santé": term, "Health systems": unit(0.97), "Health services": unit(0.67),
                   "Health": unit(health)}
        renderings = {"système de santé": {0: _Rendering("health system", 1.0), 1: _Rendering("health service", 1.0)}}
        _name_by_shared_phrase(renderings, {"système de santé": "systèmes de santé"}, target, "en", vectors, None)
        assert [r.key for r in renderings["système de santé"].values() if r] == kept


def test_renderings_of_a_long_phrase_cut_at_different_places_are_one() -> None:
    """Half the content words of each in one run: the same translation, cut elsewhere; not so for a short term."""
    from collections import Counter

    from aligner.checks.terms import _merged_variants

    whole = "force on a day to be fixed by order of the governor in council"
    cut = Counter({whole: 8, "come into force on a day to be fixed": 1})
    assert len(_merged_variants(cut, "en", 5)) == 1
    assert len(_merged_variants(cut, "en", 3)) == 2
    assert len(_merged_variants(Counter({"health system": 2, "health service": 1}), "en", 2)) == 2
    apart = Counter({"force of section 1 of this act continues in office": 2, "tax court of canada on the coming": 1})
    assert len(_merged_variants(apart, "en", 6)) == 2


def test_renderings_that_are_one_word_in_two_parts_of_speech_are_one_rendering() -> None:
    """« vente » as "the sale of" or "to sell": the sentence's construction picks the part of speech (laws DEV2
    002, 004, 023, 037); words that only share letters, or nothing, stay apart."""
    from collections import Counter

    from aligner.checks.terms import _merged_variants

    for same in (("sell", "sale"), ("management", "managerial"), ("power", "empowered"), ("loan", "lend")):
        assert len(_merged_variants(Counter(dict.fromkeys(same, 2)), "en", 1)) == 1, same
    for apart in (("detention", "determination"), ("offence", "office"), ("assist", "help"), ("correction", "rectify")):
        assert len(_merged_variants(Counter(dict.fromkeys(apart, 2)), "en", 1)) == 2, apart


def test_renderings_in_two_senses_are_no_inconsistency(model) -> None:
    # « avis » is "notice" (avis public) and "advice" (sur l’avis du conseil): two senses, each said one way.
    alignment = _aligned(OFFENDERS)
    senses = Term("avis", (0, 1, 2), (("notice", 2), ("advice", 1)))
    assert consistency_findings(alignment, [senses], model) == []
    ways = Term("fonctionnaire", (0, 1, 2), (("employee", 2), ("officer", 1)))
    (finding,) = consistency_findings(alignment, [ways], model)
    assert "'employee' (2×) and 'officer' (1×)" in finding.evidence


def test_a_rendering_written_as_a_name_and_one_written_as_a_common_noun_are_two_senses(model) -> None:
    # « loi » is "this Act", the statute the text names with a capital, and "the force of law", the common noun.
    alignment = _aligned([
        ("La présente loi s’applique au Canada.", "This Act applies in Canada."),
        ("Le ministre applique la présente loi.", "The Minister administers this Act."),
        ("L’accord a force de loi au Canada.", "The Agreement has the force of law in Canada."),
        ("Le ministre est chargé de l’application de la loi.", "The Minister administers the Act."),
    ])
    senses = Term("loi", (0, 1, 2, 3), (("Act", 3), ("law", 1)))
    assert consistency_findings(alignment, [senses], model) == []
    # Both written as common nouns, the two words are one thing said two ways.
    alignment = _aligned([
        ("Le ministre fixe les frais.", "The Minister fixes the costs."),
        ("Les frais sont payés.", "The costs are paid."),
        ("Les frais sont publiés par le ministre.", "The expenditures are published by the Minister."),
    ])
    (finding,) = consistency_findings(alignment, [Term("frais", (0, 1, 2), (("costs", 2), ("expenditures", 1)))], model)
    assert "'costs' (2×) and 'expenditures' (1×)" in finding.evidence


def test_a_rendering_written_only_inside_a_longer_name_renders_the_name(model) -> None:
    # « le conseil » of a corporation is "the Board"; « gouverneur en conseil » is "Governor in Council", a name
    # translated as a whole, whose "Council" is no second way of saying the Board.
    alignment = _aligned([
        ("Le conseil se réunit chaque mois.", "The Board meets every month."),
        ("Le conseil nomme le directeur.", "The Board appoints the Director."),
        ("Le gouverneur en conseil peut prendre des règlements.", "The Governor in Council may make regulations."),
    ])
    assert consistency_findings(alignment, [Term("conseil", (0, 1, 2), (("Board", 2), ("Council", 1)))], model) == []
    # A heading's title case is no name: its "Duties" is one more way of rendering « fonctions ».
    alignment = _aligned([
        ("Pouvoirs et fonctions de la commission", "Powers and Duties of Commission"),
        ("La commission exerce les fonctions prévues.", "The Commission performs the functions set out."),
        ("Le président exerce les fonctions de la commission.", "The President performs the functions of the "
         "Commission."),
    ])
    terms = [Term("fonctions", (0, 1, 2), (("functions", 2), ("duties", 1)))]
    (finding,) = consistency_findings(alignment, terms, model)
    assert "'functions' (2×) and 'duties' (1×)" in finding.evidence


def test_a_phrase_opened_by_a_word_never_written_after_a_determiner_is_no_term(model) -> None:
    # « liés » is a participle: the phrase it opens modifies a noun and names nothing; its words stay its own.
    alignment = _aligned([
        ("Le ministre encourage les objectifs liés à la sécurité publique.",
         "The Minister promotes public safety objectives."),
        ("Les programmes liés à la sécurité publique sont publiés.",
         "Programs related to public safety are published."),
        ("La sécurité publique relève du ministre.", "Public safety is the Minister’s responsibility."),
    ])
    table = {term.source.casefold() for term in terminology(alignment, model)}
    assert "liés à la sécurité publique" not in table
    assert "ministre" in table  # written after « le »


def test_a_term_runs_over_no_word_that_opens_a_subordinate_clause() -> None:
    words = tokens("la taxe d’accise si la taxe imposée", "fr")
    assert [w.key for w in words if w.after_break] == ["la"]  # the words after « si » start anew
    assert not any(w.after_break for w in tokens("day on which this section comes into force", "en"))


def test_numbers_written_as_words_are_figures_not_terms() -> None:
    # « deux pensions » is "both pensions", « une ou plusieurs personnes » "one or more": a quantity, which the
    # value checks compare, and no part of a term or of its rendering.
    assert [t.weak for t in tokens("deux pensions", "fr")] == [True, False]
    assert [t.weak for t in tokens("vingt-cinq dollars", "fr")] == [True, False]
    assert [t.weak for t in tokens("one or more persons", "en")] == [True, True, True, False]


def test_a_rendering_with_a_neighbour_joined_by_a_hyphen_is_the_same_rendering() -> None:
    from collections import Counter

    from aligner.checks.terms import _merged_variants

    merged = _merged_variants(Counter({"costa rica": 4, "canada-costa rica": 1}), "en", 2)
    assert merged == Counter({"costa rica": 5})


def test_a_source_words_usual_partner_is_the_phrase_the_document_pairs_most_with_it() -> None:
    # "section" goes with « article » wherever it stands; "Part" with « partie ».
    from aligner.checks.terms import _index, _usual_partner

    french = ["L’article 1 s’applique.", "L’article 2 de la partie 1 s’applique.", "La partie 2 est abrogée."]
    english = ["Section 1 applies.", "Section 2 of Part 1 applies.", "Part 2 is repealed."]
    sides = (_index(french, "fr", 6), _index(english, "en", 7))
    lexicon: dict = {}
    assert _usual_partner("article", 1, sides, lexicon) == "section"
    assert _usual_partner("partie", 1, sides, lexicon) == "part"


def test_the_noun_of_a_locution_or_a_label_is_no_occurrence_of_the_term(model) -> None:
    # « au nom de » is "on behalf of", « a (le) droit » "is entitled": « nom » and « droit » there are no names
    # and no rights, so "behalf" and "entitled" are no second renderings of them.
    pairs = [
        ("Le nom du demandeur figure au registre.", "The name of the applicant appears in the register."),
        ("Le registre indique le nom de chaque membre.", "The register shows the name of each member."),
        ("Le ministre agit au nom de la Couronne.", "The Minister acts on behalf of the Crown."),
        ("Le droit d’appel est maintenu.", "The right of appeal is preserved."),
        ("Ce droit s’éteint après un an.", "This right lapses after one year."),
        ("Le membre n’a pas droit à une indemnité.", "The member is not entitled to an allowance."),
        ("Le témoin a le droit d’être entendu.", "The witness is entitled to be heard."),
    ]
    alignment = _aligned(pairs)
    terms = {term.source: term for term in terminology(alignment, model)}
    assert terms["nom"].renderings == (("name", 2),)
    assert terms["droit"].renderings == (("right", 2),)
    assert not consistency_findings(alignment, list(terms.values()), model)
    # A negation may stand inside the locution: « ne font pas partie de » is "form no part of".
    assert [t.key for t in tokens("les notes ne font pas partie de la loi, en tout ou en partie", "fr") if t.fixed] == [
        "partie", "partie",
    ]
    # « droits de la personne » is "human rights": its « personne » is no person.
    assert [t.key for t in tokens("un droit fondamental de la personne; la personne visée", "fr") if t.fixed] == [
        "personne"
    ]
    # « en son nom » is "on his behalf", as « au nom de » is.
    assert [t.key for t in tokens("les personnes agissant en son nom ou sous son autorité", "fr") if t.fixed] == ["nom"]
    # « jusqu'à concurrence d'un montant de » is "not exceeding": English writes no amount there.
    assert [t.key for t in tokens("jusqu’à concurrence d’un montant de 5 $; le montant versé", "fr") if t.fixed] == [
        "concurrence", "montant",
    ]
    # A word before a number is a label (« partie 2 », "Part 2"), not the common noun (« une partie »).
    assert [t.fixed for t in tokens("la partie 2 et une partie de l’annexe III", "fr")] == [
        False, True, False, False, False, False, False, False, True, False,
    ]


def test_en_application_de_is_a_locution_as_en_vertu_de_is(model) -> None:
    # « en application de la présente loi » is "by this Act", "under this Act": its « application » is no
    # application, and 'Majesty by this Act' (the neighbour « Sa Majesté » taken along) no rendering of a term.
    alignment = _aligned([
        ("Si le ministre décide qu’une invention est, en application de la présente loi, dévolue à Sa Majesté, "
         "l’inventeur peut en appeler.",
         "If the Minister determines that an invention is vested in Her Majesty by this Act, the inventor may appeal."),
        ("la décision quant à la dévolution d’une invention à Sa Majesté en application de la présente loi;",
         "the determination of whether an invention is vested in Her Majesty by this Act;"),
        ("Le gouverneur en conseil peut prendre des règlements en vue de l’application de la présente loi.",
         "The Governor in Council may make regulations for carrying out the provisions of this Act."),
    ])
    terms = terminology(alignment, model)
    assert "application de la présente loi" not in {term.source for term in terms}
    assert not consistency_findings(alignment, terms, model)


def test_a_bead_whose_target_writes_the_usual_rendering_renders_the_term_that_way() -> None:
    # 'peace or judge' took a neighbour along; the sentence does say "justice of the peace".
    from aligner.checks.terms import _index, _Lexicon, _Rendering, _take_usual_where_written

    source = _index(
        [
            "Le juge de paix peut délivrer un mandat.",
            "Le juge de paix peut ordonner la confiscation.",
            "La demande est présentée à un juge de paix ou à un juge.",
            "Un juge peut entendre l’appel.",
        ],
        "fr",
        6,
    )
    target = _index(
        [
            "The justice of the peace may issue a warrant.",
            "A justice of the peace may order the forfeiture.",
            "The application is made to a justice of the peace or judge.",
            "A judge may hear the appeal.",
        ],
        "en",
        7,
    )
    usual, other = "justice of the peace", "peace or judge"
    renderings = {"juge de paix": {
        0: _Rendering(usual, 0.9), 1: _Rendering(usual, 0.9), 2: _Rendering(other, 0.8), 3: _Rendering("judge", 0.7),
    }}
    _take_usual_where_written(renderings, _Lexicon((source, target)))
    # Bead 3 does not write the usual rendering: whatever renders the term there stays.
    assert [r.key for r in renderings["juge de paix"].values() if r] == [usual, usual, usual, "judge"]


def test_a_word_used_as_a_noun_and_as_an_adjective_and_rendered_apart_is_two_words(model) -> None:
    # « le personnel » is "staff", « renseignements personnels » "personal": no inconsistency. « une seule
    # société » is a noun after an adjective French writes before its noun.
    pairs = [
        ("Le ministre gère le personnel du Bureau.", "The Minister manages the staff of the Office."),
        ("Le directeur nomme son personnel.", "The director appoints his staff."),
        ("Le Bureau protège les renseignements personnels.", "The Office protects personal information."),
        ("Nul ne saisit les biens personnels du débiteur.", "No one may seize the personal property of the debtor."),
    ]
    alignment = _aligned(pairs)
    terms = terminology(alignment, model)
    rows = [(term.source, term.renderings) for term in terms if term.source.startswith("personnel")]
    assert rows == [("personnel", (("staff", 2),)), ("personnels", (("personal", 2),))]
    assert not [f for f in consistency_findings(alignment, terms, model) if "personnel" in f.evidence]
    # After a preposition it is a noun too (« dotation en personnel », "staffing"), and a heading alone says
    # nothing of its use: the noun, rendered "Personnel" and "staffing", is no "personal".
    pairs = [
        ("Personnel", "Personnel"),
        (
            "établir des normes et méthodes régissant la dotation en personnel, notamment la nomination, la mise "
            "en disponibilité ou le licenciement autre que celui qui est motivé.",
            "establish standards and processes governing staffing, including the appointment, lay-off or "
            "termination of employment otherwise than for cause, of employees.",
        ),
        *pairs[2:],
    ]
    alignment = _aligned(pairs)
    terms = terminology(alignment, model)
    rows = [term.renderings for term in terms if term.source.startswith("personnel")]
    assert (("personal", 2),) in rows
    assert any(rendering == "staffing" for row in rows for rendering, _ in row)
    assert not [f for f in consistency_findings(alignment, terms, model) if "personnel" in f.evidence]


def test_a_name_s_word_and_the_common_noun_rendered_apart_are_two_words(model) -> None:
    # « du Conseil », with a capital inside its sentence, names the Council; « des conseils » is advice. The
    # last bead says both: it goes with the use whose rendering it holds.
    alignment = _aligned([
        ("Les membres du Conseil sont nommés par le ministre.",
         "The members of the Council are appointed by the Minister."),
        ("Le président du Conseil convoque les réunions.", "The Chairperson of the Council calls the meetings."),
        ("Le ministre peut demander des conseils aux experts.", "The Minister may seek advice from experts."),
        ("Les experts fournissent des conseils techniques au Conseil.",
         "The experts provide technical advice to the Council."),
    ])
    rows = {(term.source, term.src, term.renderings) for term in terminology(alignment, model)}
    assert ("Conseil", (0, 1, 3), (("Council", 3),)) in rows
    assert ("conseils", (2,), (("advice", 1),)) in rows


def test_a_whole_name_one_word_longer_than_the_term_is_its_rendering_when_the_word_renders_one_of_the_term_s(
    model,
) -> None:
    # "Royal Canadian Mounted Police" is four words for three of the name's; "Act" is one more, but it is what
    # the document renders « loi » by: the whole name is the rendering, not the part the model likes best.
    alignment = _aligned([
        ("La Loi sur la Gendarmerie royale du Canada est modifiée.",
         "The Royal Canadian Mounted Police Act is amended."),
        ("L’article 5 de la Loi sur la Gendarmerie royale du Canada est abrogé.",
         "Section 5 of the Royal Canadian Mounted Police Act is repealed."),
        ("La présente loi entre en vigueur le 1er janvier.", "This Act comes into force on January 1."),
        ("Le ministre applique la présente loi.", "The Minister administers this Act."),
    ])
    table = {term.source: term for term in terminology(alignment, model)}
    assert table["Loi sur la Gendarmerie royale du Canada"].renderings == (("Royal Canadian Mounted Police Act", 2),)


def test_per_cent_is_a_number_s_unit_and_no_rendering(model) -> None:
    # "cent" of "per cent" stands beside « dollars » wherever the term does, and embeds near "dollars";
    # "dollars" is written in beads where French writes « $ ». « pour cent » is a number; "per cent" too.
    alignment = _aligned([
        ("quatre-vingt-dix pour cent de la tranche allant jusqu’à cent mille dollars;",
         "ninety per cent of that part that does not exceed one hundred thousand dollars;"),
        ("cinquante pour cent de la tranche comprise entre cent mille dollars et deux cent mille dollars;",
         "fifty per cent of that part that exceeds one hundred thousand dollars but does not exceed two hundred "
         "thousand dollars;"),
        ("dix pour cent de la tranche dépassant deux cent mille dollars.",
         "ten per cent of that part that exceeds two hundred thousand dollars."),
        ("Le droit d’inscription est de 500 $.", "The registration fee is five hundred dollars."),
        ("Le droit de renouvellement est de 200 $.", "The renewal fee is two hundred dollars."),
        ("L’amende maximale est de 1 000 $.", "The maximum fine is one thousand dollars."),
        ("Le prêt ne peut dépasser 250 000 $.", "The loan may not exceed two hundred and fifty thousand dollars."),
    ])
    table = {term.source: term for term in terminology(alignment, model)}
    assert table["dollars"].renderings == (("dollars", 3),)


def test_a_rendering_that_leaves_out_a_word_its_target_renders_is_cut_at_the_wrong_place() -> None:
    # "Act" is what this document writes for « loi », and « loi » for "Act"; the target of bead 2 writes it, so
    # 'offence has been committed' is « infraction à la présente loi » cut short, not a second rendering.
    from aligner.checks.terms import _drop_renderings_short_of_a_word, _index, _Lexicon, _Rendering

    pairs = [
        ("Une infraction à la présente loi est punissable.", "An offence under this Act is punishable."),
        (
            "Les poursuites pour infraction à la présente loi sont engagées.",
            "Proceedings for an offence under this Act are brought.",
        ),
        (
            "L’agent croit qu’une infraction à la présente loi a été commise.",
            "The officer believes that an offence has been committed under this Act.",
        ),
        ("La loi s’applique au Canada.", "The Act applies in Canada."),
        (
            "En cas d’infraction à la présente loi, l’amende est doublée.",
            "For a contravention of any provision of this Act, the fine is doubled.",
        ),
        ("Toute infraction est punie.", "Every offence is punished."),
    ]
    sides = (_index([fr for fr, _ in pairs], "fr", 6), _index([en for _, en in pairs], "en", 7))
    term = "infraction à la présente loi"
    renderings = {term: {
        0: _Rendering("offence under this act", 0.9),
        1: _Rendering("offence under this act", 0.9),
        2: _Rendering("offence has been committed", 0.8),
        4: _Rendering("provision of this act", 0.7),
    }}
    _drop_renderings_short_of_a_word(renderings, {term: term}, _Lexicon(sides), "fr")
    # Bead 4 writes no "offence": 'provision of this Act' leaves out nothing its target holds.
    assert {bead: r.key for bead, r in renderings[term].items() if r} == {
        0: "offence under this act", 1: "offence under this act", 4: "provision of this act",
    }


def test_a_word_is_rendered_where_written_as_the_document_renders_it_not_as_its_own_beads_count() -> None:
    # « règlement » stands inside « décret ou règlement » ("order or regulation") as often as alone, and the
    # document renders it "regulation" throughout; two beads that also write "provisions", which is how the
    # document renders « dispositions », do not make it so.
    from aligner.checks.terms import _index, _Lexicon, _Rendering, _take_usual_where_written

    pairs = [
        ("Le décret ou règlement est déposé.", "The order or regulation is tabled."),
        ("Le décret ou règlement est publié.", "The order or regulation is published."),
        ("Le décret ou règlement s’applique.", "The order or regulation applies."),
        ("Règlements", "Regulations"),
        (
            "Le gouverneur en conseil peut, par règlement, prendre les mesures nécessaires.",
            "The Governor in Council may make regulations for carrying out the purposes and provisions.",
        ),
        (
            "Le ministre fournit les renseignements utiles au règlement.",
            "The Minister provides the information relevant to the regulation. Provision of information",
        ),
        ("Les dispositions de la présente loi s’appliquent.", "The provisions of this Act apply."),
        ("Les dispositions transitoires sont abrogées.", "The transitional provisions are repealed."),
    ]
    sides = (_index([fr for fr, _ in pairs], "fr", 6), _index([en for _, en in pairs], "en", 7))
    renderings = {"règlement": {
        3: _Rendering("regulation", 0.9), 4: _Rendering("provision", 1.1), 5: _Rendering("provision", 1.1),
    }}
    _take_usual_where_written(renderings, _Lexicon(sides))
    assert [r.key for r in renderings["règlement"].values() if r] == ["regulation"] * 3


def test_a_variant_the_model_does_not_vouch_for_is_the_word_the_document_renders_by_it(model) -> None:
    # "purpose" is how the document renders « mission », both ways; in « fournir du soutien … à vocation
    # analogue », "may support … a similar purpose", it renders no « fournir » (cosine 0.61).
    from aligner.checks.terms import _drop_renderings_of_neighbours, _embed_missing, _index, _Lexicon, _Rendering

    pairs = [
        ("Sa mission est de conserver les collections.", "Its purpose is to keep the collections."),
        ("La mission comprend l’éducation du public.", "The purpose includes educating the public."),
        (
            "L’établissement peut fournir des services aux organismes à vocation analogue.",
            "The institution may provide services to organizations that have a similar purpose.",
        ),
        ("L’établissement peut fournir des renseignements.", "The institution may provide information."),
        (
            "L’établissement peut fournir du soutien aux organismes à vocation analogue.",
            "The institution may support organizations that have a similar purpose.",
        ),
        ("La mission est fixée par la loi.", "The purpose is set by law."),
    ]
    sides = (_index([fr for fr, _ in pairs], "fr", 6), _index([en for _, en in pairs], "en", 7))
    found = {2: _Rendering("provide", 1.0), 3: _Rendering("provide", 1.0), 4: _Rendering("purpose", 0.61)}
    vectors: dict = {}
    _embed_missing(vectors, {"fournir"}, model)
    renderings = {"fournir": dict(found)}
    _drop_renderings_of_neighbours(renderings, {"fournir": "fournir"}, _Lexicon(sides), vectors, model)
    assert renderings["fournir"] == {**found, 4: None}
    # The usual rendering stays, whatever else the document renders by it.
    renderings = {"fournir": {**found, 4: _Rendering("provide", 1.0)}}
    _drop_renderings_of_neighbours(renderings, {"fournir": "fournir"}, _Lexicon(sides), vectors, model)
    assert None not in renderings["fournir"].values()
