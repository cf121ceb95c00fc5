"""Reading files: encodings, and the structure rebuilt from plain and PDF-extracted text."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.read.document import parse_blocks, read_document, read_text

from .conftest import shared_path

TEXT = "Le ministre a déclaré : « Ça coûte 5 € ».\nSecond paragraphe, œuvre.\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(encoded)
    text, detected, notes = read_text(path)
    assert notes == []
    assert text == TEXT
    assert detected.replace("_", "-").lower() in {encoding, "windows-1252"}


def test_nfd_input_is_normalised_to_nfc(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("e\u0301te\u0301.", encoding="utf-8")
    assert read_text(path)[0] == "été."


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file"),
        (lambda tmp: tmp, "not a regular file"),
    ],
)
def test_unreadable_paths_are_input_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_text(make(tmp_path))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\xff\xfe\x80")
    with pytest.raises(InputError, match="binary"):
        read_text(path)


def test_one_block_per_line_with_headings_and_items() -> None:
    text = (
        "Communiqué conjoint\n\nLes ministres se sont réunis.\n\nMesures\n\n"
        "Ils ont convenu de ce qui suit :\n\n• agir vite ;\n\n• agir ensemble.\n\nOttawa, le 14 mars 2024\n"
    )
    blocks = parse_blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("head", "Communiqué conjoint"),
        ("p", "Les ministres se sont réunis."),
        ("head", "Mesures"),
        ("p", "Ils ont convenu de ce qui suit :"),
        ("item", "agir vite ;"),
        ("item", "agir ensemble."),
        ("p", "Ottawa, le 14 mars 2024"),
    ]
    assert blocks[4].original == "• agir vite ;"


def test_hard_wrapped_paragraphs_separated_by_blank_lines() -> None:
    text = (
        "The ministers met in Ottawa and discussed\nthe threats facing their nations.\n\n"
        "They agreed to work together on\nsecurity and on migration.\n"
    )
    assert [b.text for b in parse_blocks(text, "en")] == [
        "The ministers met in Ottawa and discussed the threats facing their nations.",
        "They agreed to work together on security and on migration.",
    ]


def test_a_statute_with_one_block_a_line_keeps_its_list_items_apart() -> None:
    # Blank lines after every line say nothing; the short lines that run on into a lowercase item
    # end list items, not lines wrapped at a margin.
    lines = [
        "Regulations",
        "The Governor in Council may make regulations for carrying out the purposes and provisions of this Act "
        "and, without limiting the generality of the foregoing, may make regulations respecting",
        "the minimum total value of the objects in a travelling exhibition;",
        "the assessment criteria for applications, including",
        "the standards of security and handling,",
        "the educational quality of the exhibition, and",
        "the extent of public access to the exhibition;",
        "the process for submitting and settling claims; and",
        "the conditions governing the payment of claims.",
        "Review",
        "The administration of this Act shall, five years after the coming into force of this Act, be reviewed "
        "by the parliamentary committee that may be designated or established by Parliament for that purpose.",
    ]
    assert [b.text for b in parse_blocks("\n\n".join(lines) + "\n", "en")] == lines


def _pdf_layout(lines: list[str]) -> str:
    """Lay lines out as the PDF extraction does: an empty line after every line."""
    return "".join(f"{line} \n\n" for line in lines)


WIDE = "x" * 60


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        # The document writes the word elsewhere with its hyphen: keep it.
        ("des cyber-", "attaques et des cyber-attaques.", "des cyber-attaques et des cyber-attaques."),
        # A capital after the hyphen marks a compound name.
        ("la Nouvelle-", "Zélande et le Canada.", "la Nouvelle-Zélande et le Canada."),
        # A word split between syllables is rejoined.
        ("les gouverne-", "ments se sont réunis.", "les gouvernements se sont réunis."),
    ],
)
def test_line_end_hyphens_are_undone_only_where_a_word_was_split(left: str, right: str, joined: str) -> None:
    text = _pdf_layout(
        [f"{WIDE} au début", f"de la phrase {WIDE}", f"{WIDE} {left}", f"{right} {WIDE}", "et la fin."]
    )
    [block] = parse_blocks(text, "fr")
    assert block.text == f"{WIDE} au début de la phrase {WIDE} {WIDE} {joined} {WIDE} et la fin."


def test_presplit_keeps_every_line_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("Erste Zeile .\n\n  eingerückt  \nLetzte\n", encoding="utf-8")
    document = read_document(path, "de", presplit=True)
    assert [b.text for b in document.blocks] == ["Erste Zeile .", "", "  eingerückt  ", "Letzte"]


# The structure a careful reader sees in the French communiqué, written from
# the text itself: (kind, first words) of every block.
COMMUNIQUE_BLOCKS = [
    ("head", "Communiqué Conjoint"),
    ("p", "Nous, les ministres de l’intérieur"),
    ("head", "Lutter contre l’extrémisme violent"),
    ("p", "La sécurité de nos citoyens"),
    ("item", "Des approches partagées"),
    ("item", "Accroître collectivement"),
    ("item", "Examiner le rôle des médias"),
    ("item", "Promouvoir la recherche"),
    ("head", "Systèmes d’immigration et d’octroi de l’asile mondiaux"),
    ("p", "Nous reconnaissons le droit souverain"),
    ("head", "La coopération en matière de sécurité sur la gestion des frontières et la traite de personnes"),
    ("p", "La rencontre commune"),
    ("head", "Cybermenaces"),
    ("p", "Les ministres et les procureurs généraux ont fait part"),
    ("head", "Chiffrement"),
    ("p", "Les ministres et les procureurs généraux ont noté"),
    ("head", "Conclusion"),
    ("p", "Nous avons convenu aujourd’hui"),
    ("p", "La réunion ministérielle des cinq pays et la réunion du Quintet des procureurs généraux ont été"),
    ("p", "Ottawa, le 27 juin 2017"),
]


def test_communique_structure_is_rebuilt_from_the_pdf_extraction() -> None:
    document = read_document(shared_path("data/communique-fcm-2017/fr.txt"), "fr")
    assert len(document.blocks) == len(COMMUNIQUE_BLOCKS)
    for block, (kind, start) in zip(document.blocks, COMMUNIQUE_BLOCKS, strict=True):
        assert (block.kind, block.text[: len(start)]) == (kind, start)
    # Wrapped lines are joined, page-break lines dropped, the bullet removed
    # from the text but kept in the original.
    first_item = document.blocks[4]
    assert "propagande terroriste en ligne et pour soutenir" in first_item.text
    assert first_item.original.startswith("• Des approches")
    assert "cyber-attaques" in document.blocks[1].text
    assert "\n" not in "".join(block.text for block in document.blocks)
