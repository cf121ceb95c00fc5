"""Reading PDF, HTML and DOCX files made by the tests, and telling formats apart by content."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from aligner.document import Block
from aligner.errors import InputError
from aligner.read.document import parse_blocks, read_document
from aligner.read.docx import docx_blocks
from aligner.read.html import html_blocks
from aligner.read.pdf import pdf_text
from aligner.read.sniff import Format, sniff

from .conftest import shared_path
from .documents import ENGLISH, RUNNING_HEADER, gc_page, write_docx, write_pdf


def _kinds_and_texts(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in blocks]


# --- Detection from content --------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", Format.PDF),
        (b"\r\n%PDF-1.4\n", Format.PDF),
        (b"<!DOCTYPE html>\n<html lang='fr'><body><p>x</p></body></html>", Format.HTML),
        (b"\xef\xbb\xbf  <html><head><title>t</title></head></html>", Format.HTML),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', Format.HTML),
        (b"<p>Un paragraphe.</p>\n<p>Un autre.</p>\n", Format.HTML),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">', Format.TMX),
        ("<?xml version='1.0'?><tmx version='1.4'>".encode("utf-16"), Format.TMX),
        (b"bead\tsrc_ids\ttgt_ids\ttype\tsimilarity\tsrc_text\ttgt_text\n1\t0\t0\t1-1\t0.9\ta\tb\n", Format.TSV),
        ("Le ministre <b>n'est</b> pas là.\nDeuxième ligne.".encode(), Format.TEXT),
        (b"Plain text, < and > inside.\n", Format.TEXT),
    ],
)
def test_formats_are_told_apart_by_content(data: bytes, expected: Format) -> None:
    assert sniff(data) is expected


def test_docx_is_recognised_whatever_its_name(tmp_path: Path) -> None:
    path = write_docx(ENGLISH, tmp_path / "communique.txt")
    assert sniff(path.read_bytes()) is Format.DOCX
    assert _kinds_and_texts(read_document(path, "en").blocks) == _kinds_and_texts(ENGLISH)


def test_a_zip_that_is_not_a_word_document_is_not_taken_for_one() -> None:
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("content.xml", "<office:document/>")
    assert sniff(archive.getvalue()) is Format.TEXT


def test_an_alignment_given_as_a_document_points_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"is an alignment \(TMX translation memory\).*aligner convert"):
        read_document(path, "fr")


def test_presplit_takes_plain_text_only(tmp_path: Path) -> None:
    path = write_docx(ENGLISH, tmp_path / "doc.docx")
    with pytest.raises(InputError, match=r"is a Word document.*--presplit reads plain text"):
        read_document(path, "en", presplit=True)


# --- PDF -----------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595, 842
LEFT, RIGHT, TOP, BOTTOM = 72, 523, 770, 72
LEADING = 14


def _wrap(canvas, text: str, width: float) -> list[str]:  # canvas: a reportlab canvas
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if canvas.stringWidth(candidate, "Helvetica", 11) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def _draw_pages(path: Path, pages: list[list[tuple[str, str]]], *, columns: int = 1) -> Path:
    """A PDF drawn line by line: each page a list of (kind, text) blocks, wrapped to the
    column width, with a running header and a page number on every page."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    gutter = 24
    column_width = (RIGHT - LEFT - gutter * (columns - 1)) / columns
    for number, blocks in enumerate(pages, 1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(LEFT, PAGE_HEIGHT - 40, RUNNING_HEADER)
        canvas.drawCentredString(PAGE_WIDTH / 2, 30, f"Page {number}")
        x, y = LEFT, TOP
        for kind, text in blocks:
            if kind == "column":
                x, y = x + column_width + gutter, TOP
                continue
            canvas.setFont("Helvetica-Bold" if kind == "head" else "Helvetica", 11)
            for line in _wrap(canvas, text, column_width):
                canvas.drawString(x, y, line)
                y -= LEADING
            y -= 10
        canvas.showPage()
    canvas.save()
    return path


LONG = (
    "The ministers discussed the threats their nations face and agreed that cooperation between "
    "their services is the best defence against them, now and in the years to come."
)


def test_pdf_running_headers_and_page_numbers_are_removed(tmp_path: Path) -> None:
    sections = [
        ("head", "Countering violent extremism"), ("p", LONG),
        ("head", "Cyber threats"), ("p", f"Ransomware attacks such as WannaCry show the threat. {LONG}"),
        ("head", "Encryption"), ("p", f"Encryption protects citizens but can hide criminals. {LONG}"),
    ]
    pages = [sections[0:2], sections[2:4], sections[4:6]]
    text = pdf_text(_draw_pages(tmp_path / "doc.pdf", pages).read_bytes(), tmp_path / "doc.pdf")
    assert RUNNING_HEADER not in text
    assert "Page" not in text
    assert _kinds_and_texts(parse_blocks(text, "en")) == sections


def test_pdf_sentence_cut_by_a_page_break_is_joined_and_a_heading_at_a_page_foot_is_not(
    tmp_path: Path,
) -> None:
    from reportlab.pdfgen.canvas import Canvas

    cut = LONG + " " + LONG
    lines = _wrap(Canvas(io.BytesIO()), cut, RIGHT - LEFT)
    pages = [
        [("p", LONG), ("p", " ".join(lines[:2]))],
        [("p", " ".join(lines[2:])), ("head", "Cyber threats")],
        [("p", "Ransomware attacks such as WannaCry show the threat."), ("p", LONG)],
    ]
    text = pdf_text(_draw_pages(tmp_path / "doc.pdf", pages).read_bytes(), tmp_path / "doc.pdf")
    assert _kinds_and_texts(parse_blocks(text, "en")) == [
        ("p", LONG),
        ("p", cut),
        ("head", "Cyber threats"),
        ("p", "Ransomware attacks such as WannaCry show the threat."),
        ("p", LONG),
    ]


def test_pdf_columns_are_read_in_reading_order(tmp_path: Path) -> None:
    left = "The left column comes first and its text is long enough to wrap over several lines of the column."
    right = "The right column comes second and it wraps over several lines of its own column too."
    pages = [[("p", left), ("column", ""), ("p", right)], [("p", LONG)]]
    text = pdf_text(_draw_pages(tmp_path / "doc.pdf", pages, columns=2).read_bytes(), tmp_path / "doc.pdf")
    assert [block.text for block in parse_blocks(text, "en")] == [left, right, LONG]


def test_pdf_made_by_reportlab_reads_back_as_its_blocks(tmp_path: Path) -> None:
    # One page: nothing repeats to tell a running header from content, but a
    # page number alone at the foot is still dropped.
    path = write_pdf(ENGLISH, tmp_path / "doc.pdf", running_header="")
    document = read_document(path, "en")
    assert _kinds_and_texts(document.blocks) == _kinds_and_texts(ENGLISH)


def test_pdf_without_text_layer_is_a_clear_error(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(tmp_path / "scan.pdf"))
    canvas.rect(100, 100, 300, 500, fill=1)
    canvas.save()
    with pytest.raises(InputError, match=r"scan\.pdf: this PDF has no text layer.*OCR"):
        read_document(tmp_path / "scan.pdf", "en")


def test_truncated_pdf_is_a_clear_error(tmp_path: Path) -> None:
    data = write_pdf(ENGLISH, tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match=r"cut\.pdf: .*(not a readable PDF|no text layer)"):
        read_document(tmp_path / "cut.pdf", "en")


def test_encrypted_pdf_is_a_clear_error(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(tmp_path / "locked.pdf"), encrypt=StandardEncryption("secret", canPrint=0))
    canvas.drawString(100, 700, "Secret text.")
    canvas.save()
    with pytest.raises(InputError, match=r"locked\.pdf: this PDF is encrypted"):
        read_document(tmp_path / "locked.pdf", "en")


# --- HTML ----------------------------------------------------------------------


def test_html_main_content_keeps_headings_paragraphs_and_lists() -> None:
    blocks = html_blocks(gc_page(ENGLISH), "page.html")
    assert _kinds_and_texts(blocks) == _kinds_and_texts(ENGLISH)


def test_html_drops_navigation_footer_and_date_modified() -> None:
    text = " ".join(block.text for block in html_blocks(gc_page(ENGLISH), "page.html"))
    for furniture in ("Skip to main content", "Topics menu", "National Security", "You are here",
                      "Report a problem", "Date modified", "2018-01-31", "Terms and conditions"):
        assert furniture not in text


def test_html_file_is_read_with_its_encoding(tmp_path: Path) -> None:
    french = [Block("head", "Communiqué conjoint", ""), Block("p", "Les ministres se sont réunis à Montréal.", "")]
    path = tmp_path / "page.htm"
    path.write_bytes(gc_page(french, lang="fr").replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252"))
    document = read_document(path, "fr")
    assert _kinds_and_texts(document.blocks) == _kinds_and_texts(french)


def test_html_without_main_text_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no main text found"):
        html_blocks("<html><body><nav><ul><li><a href='/'>Home</a></li></ul></nav></body></html>", "empty.html")


# --- DOCX ----------------------------------------------------------------------


def _tracked_change(kind: str, text: str):  # returns an lxml element
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    tag = "w:t" if kind == "ins" else "w:delText"
    return parse_xml(
        f'<w:{kind} {nsdecls("w")} w:id="1" w:author="Reviewer" w:date="2024-01-01T00:00:00Z">'
        f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r></w:{kind}>'
    )


def test_docx_headings_paragraphs_lists_and_tracked_changes_accepted() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Joint communiqué", style="Title")
    document.add_heading("Countering violent extremism", level=1)
    paragraph = document.add_paragraph("The ministers ")
    paragraph._p.append(_tracked_change("ins", "have "))
    paragraph._p.append(_tracked_change("del", "never "))
    paragraph.add_run("agreed.")
    document.add_paragraph("shared approaches;", style="List Bullet")
    document.add_paragraph("more research.", style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Canada"
    table.cell(0, 1).text = "Ottawa"
    buffer = io.BytesIO()
    document.save(buffer)
    assert _kinds_and_texts(docx_blocks(buffer.getvalue(), "doc.docx")) == [
        ("head", "Joint communiqué"),
        ("head", "Countering violent extremism"),
        ("p", "The ministers have agreed."),
        ("item", "shared approaches;"),
        ("item", "more research."),
        ("p", "Canada"),
        ("p", "Ottawa"),
    ]


def test_docx_numbered_paragraph_is_a_list_item() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("A numbered paragraph in Normal style.")
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )
    buffer = io.BytesIO()
    document.save(buffer)
    assert [block.kind for block in docx_blocks(buffer.getvalue(), "doc.docx")] == ["item"]


def test_damaged_docx_is_a_clear_error(tmp_path: Path) -> None:
    data = write_docx(ENGLISH, tmp_path / "whole.docx").read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"cut\.docx: "):
        read_document(tmp_path / "cut.docx", "en")


# --- The demo Act in every format aligns as the plain text does -----------------


class _RememberingEmbedder:
    """The bundled embedder, remembering each text's vector: the converted documents
    hold the plain text's sentences, which need not be embedded four times."""

    def __init__(self, embedder) -> None:  # an aligner.embed.Embedder
        self.name = embedder.name
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def encode(self, texts):  # the Embedder protocol
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._embedder.encode(missing), strict=True))
        return np.stack([self._vectors[text] for text in texts])


@pytest.fixture(scope="module")
def demo_act(tmp_path_factory):
    """The demo Act written as PDF, HTML and DOCX, and the beads of its plain text."""
    from aligner.embed import load_embedder
    from aligner.pipeline import align_documents, load_document

    folder = shared_path("data/demo-public-safety-act")
    embedder = _RememberingEmbedder(load_embedder())
    out = tmp_path_factory.mktemp("demo-formats")
    plain = {lang: load_document(folder / f"{lang}.txt", lang) for lang in ("fr", "en")}
    files: dict[str, dict[str, Path]] = {"pdf": {}, "docx": {}, "html": {}}
    for lang, document in plain.items():
        files["pdf"][lang] = write_pdf(document.blocks, out / f"{lang}.pdf")
        files["docx"][lang] = write_docx(document.blocks, out / f"{lang}.docx")
        files["html"][lang] = out / f"{lang}.html"
        files["html"][lang].write_text(gc_page(document.blocks, lang=lang), encoding="utf-8")
    reference = align_documents(plain["fr"], plain["en"], embedder)

    def align(file_format: str):  # returns an Alignment
        paths = files[file_format]
        return align_documents(load_document(paths["fr"], "fr"), load_document(paths["en"], "en"), embedder)

    return reference, align


@pytest.mark.parametrize("file_format", ["pdf", "html", "docx"])
def test_demo_act_aligns_to_the_same_beads_in_every_format(demo_act, file_format: str) -> None:
    reference, align = demo_act
    alignment = align(file_format)
    assert alignment.src.texts == reference.src.texts
    assert alignment.tgt.texts == reference.tgt.texts
    assert alignment.src.headings == reference.src.headings
    assert [(bead.src, bead.tgt) for bead in alignment.beads] == [(bead.src, bead.tgt) for bead in reference.beads]
    assert alignment.counts() == {"1-1": 45, "2-1": 1}
