"""Form and structure checks: brackets, addresses, untranslated segments, headings aligned with text."""

from __future__ import annotations

from pathlib import Path

from aligner.checks import run_checks
from aligner.checks.form import address_mismatch, bracket_mismatch, untranslated
from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.embed import load_embedder


def test_brackets_and_quotes_open_in_one_version_only() -> None:
    assert bracket_mismatch("Le Forum (FMLT) a dit « oui ».", "The Forum (GCTF) said “yes”.") is None
    assert (
        bracket_mismatch("Le Forum (FMLT a dit « oui ».", "The Forum (GCTF) said “yes”.")
        == "unbalanced in the source: (…)"
    )
    assert (
        bracket_mismatch("Il a dit « oui.", "He said “yes.")
        == "unbalanced in the source: «…»; unbalanced in the target: “…”"
    )
    # French legal citations close a label without opening it.
    assert bracket_mismatch("conformément à l’alinéa 16b) et au a)", "under paragraph 16(b) and (a)") is None
    # The laws corpus: labels with a dot (« b.1) »), after a reference; a parenthesis closing after a digit.
    assert bracket_mismatch("l’alinéa 101(1)b.1) de la Loi", "paragraph 101(1)(b.1) of the Act") is None
    assert bracket_mismatch("aux alinéas 4.1(3)z.4) à z.9)", "in Paragraphs 4.1(3)(z.4) to (z.9)") is None
    assert bracket_mismatch("en vertu de l’alinéa 46.1c) de la Loi", "under paragraph 46.1(c) of the Act") is None
    assert bracket_mismatch("Loi sur les paiements (1982-1987)", "Payments 1982-87 Act") is None
    assert bracket_mismatch("Application de la Loi, 1952 [No. 2]", "Application of the Act, 1952 (No. 2)") is None
    # A label's parenthesis may close one opened before it.
    assert bracket_mismatch("(appelé « autre loi » à l’article 118) est", "(the “other Act”) receives") is None
    assert bracket_mismatch("(voir l’alinéa 16b))", "(see paragraph 16(b))") is None
    assert bracket_mismatch("un texte (non fermé", "a text (closed)") == "unbalanced in the source: (…)"


def test_addresses_given_in_one_version_only() -> None:
    assert address_mismatch("Voir www.canada.ca.", "See www.canada.ca.") is None
    assert address_mismatch("Écrire à info@gc.ca.", "Write to us.") == "source only: info@gc.ca"
    assert address_mismatch("Voir le site.", "See https://www.publicsafety.gc.ca/index-en.aspx.") == (
        "target only: https://www.publicsafety.gc.ca/index-en.aspx"
    )


def test_untranslated_segments() -> None:
    assert untranslated("The ministers met in Ottawa.", "The ministers met in Ottawa.")
    assert untranslated("Ottawa", "Ottawa") is None  # names and short segments are the same in both languages
    assert untranslated("Les ministres se sont réunis.", "The ministers met.") is None


def _document(lang: str, blocks: list[Block]) -> Document:
    return Document(
        path=Path(f"doc.{lang}"), lang=lang, blocks=blocks,
        sentences=[Sentence(i, block.text, i) for i, block in enumerate(blocks)],
    )


def test_a_heading_aligned_with_body_text_and_a_copied_sentence_are_reported() -> None:
    source = _document("fr", [
        Block("head", "Chiffrement", "Chiffrement"),
        Block("p", "The ministers met in Ottawa on Monday.", ""),
    ])
    target = _document("en", [
        Block("p", "Encryption.", "Encryption."),
        Block("p", "The ministers met in Ottawa on Monday.", ""),
    ])
    alignment = Alignment(source, target, [Bead((0,), (0,), 0.8), Bead((1,), (1,), 1.0)], model="test")
    found = [
        (item.kind, item.severity, item.src, item.evidence)
        for item in run_checks(alignment, load_embedder(), checks=("form", "structure")).findings
    ]
    assert found == [
        ("form", "high", (1,), "the target is identical to the source: left untranslated?"),
        ("structure", "medium", (0,), "heading aligned with paragraph text"),
    ]


def test_a_heading_punctuated_as_a_sentence_on_one_side_is_no_structure_finding() -> None:
    # Ten provisions a side, then a heading that the English ends with an abbreviation's dot.
    provisions = [f"Provision {n} sets out what the Minister may do." for n in range(10)]
    body = [Block("p", text, "") for text in provisions]
    source = _document("fr", [*body, Block("head", "Paiements sur le Trésor", "")])
    target = _document("en", [*body, Block("p", "Payments out of C.R.F.", "")])
    similarities = [0.80, 0.82, 0.78, 0.85, 0.81, 0.79, 0.83, 0.80, 0.84, 0.82]

    def structure_findings(last: float) -> list[str]:
        beads = [Bead((n,), (n,), similarity) for n, similarity in enumerate([*similarities, last])]
        alignment = Alignment(source, target, beads, model="test")
        return [f.evidence for f in run_checks(alignment, load_embedder(), checks=("structure",)).findings]

    assert structure_findings(0.80) == []
    # As unlike as no pair of the document: a misalignment, or a lost heading.
    assert structure_findings(0.30) == ["heading aligned with paragraph text"]


def test_a_sentence_unlike_its_translation_drifts_a_short_title_and_a_free_heading_do_not() -> None:
    provisions = [Block("p", f"Provision {n} sets out what the Minister may do.", "") for n in range(8)]
    headings = [Block("head", f"Heading {n}", "") for n in range(9)]
    src_body = [
        Block("p", "Les inondations du printemps ont touché quatre provinces.", ""),
        Block("p", "Loi sur les forêts.", ""),  # a short title as Canadian statutes write it in French
    ]
    tgt_body = [
        Block("p", "The recipe calls for two cups of flour and some sugar.", ""),
        Block("p", "This Act may be cited as the Forestry Act.", ""),
    ]
    source = _document("fr", [*provisions, *src_body, *headings, Block("head", "Recouvrement", "")])
    free = Block("head", "Recovery as debt due to Her Majesty", "")
    target = _document("en", [*provisions, *tgt_body, *headings, free])
    body = [0.80, 0.82, 0.78, 0.85, 0.81, 0.79, 0.83, 0.80, 0.09, 0.36]
    heads = [0.60, 0.65, 0.62, 0.70, 0.58, 0.66, 0.61, 0.63, 0.64, 0.10]
    beads = [Bead((n,), (n,), similarity) for n, similarity in enumerate([*body, *heads])]
    alignment = Alignment(source, target, beads, model="test")
    found = run_checks(alignment, load_embedder(), checks=("drift",)).findings
    # The unrelated sentence drifts; the short title says every word the French says; the heading is free.
    assert [(f.kind, f.src) for f in found] == [("meaning_drift", (8,))]
