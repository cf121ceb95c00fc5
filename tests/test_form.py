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
