"""Tell input formats apart by their content, and read the richer ones.

Users rename files, save web pages as ``.txt`` and receive PDFs without an
extension, so the format is decided from the bytes themselves (magic numbers
and the first markup), never from the file name. Each format has its own
module, returning the structures of :mod:`aligner.model`:

* :mod:`aligner.read.pdf`: the text layer of a PDF, as text for the
  structure rebuilding of :func:`aligner.read.document.parse_blocks`;
* :mod:`aligner.read.html`: the main content of a web page, as blocks;
* :mod:`aligner.read.docx`: the paragraphs of a Word file, as blocks.

TMX and this tool's TSV, JSONL, XLSX and TEI hold an alignment, not a
document: they are read by :mod:`aligner.convert`.
"""

from __future__ import annotations

import io
import re
import zipfile
from enum import StrEnum


class Format(StrEnum):
    """What a file holds, as far as reading it is concerned."""

    TEXT = "plain text"
    PDF = "PDF"
    HTML = "web page (HTML)"
    DOCX = "Word document (DOCX)"
    TMX = "TMX translation memory"
    TSV = "aligner TSV alignment"
    JSONL = "aligner JSONL alignment"
    XLSX = "XLSX workbook"
    TEI = "aligner TEI alignment"


#: The formats that hold an alignment rather than one document.
ALIGNMENT_FORMATS = frozenset({Format.TMX, Format.TSV, Format.JSONL, Format.XLSX, Format.TEI})

#: How much of a file's start is enough to recognise its format.
HEAD_BYTES = 4096
#: The columns of the TSV this tool writes (:mod:`aligner.formats.tsv`), named on its first line.
TSV_COLUMNS = ("bead", "src_ids", "tgt_ids", "type", "similarity", "src_text", "tgt_text")
TSV_HEADER = "\t".join(TSV_COLUMNS)

#: A PDF starts with its marker, perhaps after a byte order mark or blank lines.
_PDF_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*%PDF-\d")
#: PDF readers also accept the marker anywhere in the first kilobyte, after
#: junk that some generators put first, when nothing else claims the file; at
#: the start of a line, so that a text that merely mentions "%PDF-1.7" is not
#: taken for one.
_PDF_MARKER = re.compile(rb"(?:\A|[\r\n])%PDF-\d")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: An XML declaration, comments and a doctype may come before the root element.
_PROLOGUE = r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
_TMX_ROOT = re.compile(_PROLOGUE + r"<tmx[\s>]", re.IGNORECASE | re.DOTALL)
#: This tool's TEI: the TEI root, and its alignment links (at the end: the whole file is needed) or,
#: in the header near the start, this tool named as the application that wrote it.
_TEI_ROOT = re.compile(_PROLOGUE + r"<TEI\s[^>]*xmlns=[\"']http://www\.tei-c\.org/ns/1\.0[\"']", re.DOTALL)
_OUR_TEI = (b'<linkGrp type="alignment">', b'<application ident="aligner"')
#: This tool's JSONL: a first line that is a JSON object with sentence ids.
_JSONL_START = re.compile(r'\A\s*\{"bead": \d+, "type": "\d+-\d+", .*?"src_ids": \[')
_HTML_START = re.compile(_PROLOGUE + r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
#: A saved fragment with no <html> still closes the tags of a web page.
_HTML_CLOSING_TAG = re.compile(r"</(?:p|div|h[1-6]|li|ul|ol|table|section|article|main)\s*>", re.IGNORECASE)


def sniff(data: bytes) -> Format:
    """The format of a file, decided from its structure: a ZIP holding ``word/document.xml`` is a
    DOCX whatever its first entries hold, and a PDF marker after other bytes counts only when no
    other format claims the file."""
    if data.startswith(b"PK\x03\x04") and _zip_holds(data, "word/document.xml"):
        return Format.DOCX
    if data.startswith(b"PK\x03\x04") and _zip_holds(data, "xl/workbook.xml"):
        return Format.XLSX
    if _PDF_START.match(data):
        return Format.PDF
    head = _head_text(data)
    if head.startswith(TSV_HEADER):
        return Format.TSV
    if _TMX_ROOT.match(head):
        return Format.TMX
    if _JSONL_START.match(head):
        return Format.JSONL
    if _TEI_ROOT.match(head) and any(mark in data for mark in _OUR_TEI):
        return Format.TEI
    if _HTML_START.match(head) or (head.lstrip().startswith("<") and _HTML_CLOSING_TAG.search(head)):
        return Format.HTML
    if _PDF_MARKER.search(data[:1024]):
        return Format.PDF
    return Format.TEXT


def collapse_spaces(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space, trimmed.

    No-break spaces are kept: French typography puts them before « : ; ! ? »
    and inside guillemets, and the plain-text reader keeps them too.
    """
    return _SPACES.sub(" ", text).strip()


def _zip_holds(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _head_text(data: bytes) -> str:
    """The start of a file as text, good enough to look at its markup."""
    head = data[:HEAD_BYTES]
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="ignore")
    # Markup is ASCII in every encoding these files use; Latin-1 never fails.
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
