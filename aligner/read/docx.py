"""The paragraphs of a Word document (DOCX) as blocks.

python-docx reads the package and resolves styles. A paragraph is a heading
when its style (or a style it is based on) is a heading, title or subtitle,
or when it carries an outline level; a list item when it is numbered or has
a list style. Tracked changes are read as if accepted, as a translator would
review the final text: inserted text is kept, deleted text dropped.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from aligner.document import Block, BlockKind
from aligner.errors import InputError
from aligner.read.sniff import collapse_spaces
from aligner.settings import MAX_UNPACKED_BYTES

#: Style names, or their beginnings, that make a paragraph a heading.
HEADING_STYLES = ("Heading", "Title", "Subtitle")
#: Style names beginning so are list items, except list continuation paragraphs.
LIST_STYLE = "List"
LIST_CONTINUATION_STYLE = "List Continue"
#: Outline levels 0-8 are headings; 9 is body text.
BODY_OUTLINE_LEVEL = 9

#: A ZIP local file header: 30 bytes, the name's and the extra field's lengths at byte 26.
_LOCAL_HEADER_SIZE = 30
_NAME_LENGTH_AT = 26
#: Parts are inflated this much at a time when their size is counted.
_PIECE = 1 << 20

#: The text of a paragraph as accepted: what its runs hold, but nothing that a
#: tracked change deleted or moved away.
_ACCEPTED_TEXT = (
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom)]"
    "/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]"
)


def docx_blocks(data: bytes, path: Path | str) -> list[Block]:
    """The blocks of a Word document's body, tables included, in reading order.

    Raises:
        InputError: If the file is not a readable DOCX or holds no text.
    """
    try:
        refuse_bombs(data, path)
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise InputError(
            f"{path}: is not a readable Word document ({error}); open it in Word or LibreOffice "
            "and save it again as .docx"
        ) from error
    blocks = [
        block
        for paragraph in _paragraphs(document.element.body, document)
        for block in _block(paragraph)
    ]
    if not blocks:
        raise InputError(f"{path}: this Word document holds no text; check that it is the right file")
    return blocks


#: What a Word document's reader says to do with one it cannot read.
_SAVE_AS_TEXT = "open it in Word or LibreOffice and save its text as a plain-text file"


def refuse_bombs(
    data: bytes, path: Path | str, *, what: str = "a Word document", remedy: str = _SAVE_AS_TEXT
) -> None:
    """Refuse an Office package (``what``: a Word document, a workbook) whose parts unpack to
    more than :data:`MAX_UNPACKED_BYTES`, saying the ``remedy``.

    The sizes the ZIP directory declares may lie, and zipfile, which python-docx
    reads with, inflates a part whole before cutting it to its declared size: what
    the parts truly unpack to is counted here, inflating them piece by piece.
    """
    unpacked = 0
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for member in package.infolist():
            unpacked += _unpacked_size(data, member, MAX_UNPACKED_BYTES - unpacked)
            if unpacked > MAX_UNPACKED_BYTES:
                raise InputError(
                    f"{path}: unpacks to more than {MAX_UNPACKED_BYTES / 1e6:g} MB, more than {what} "
                    f"needs (a damaged file or a decompression bomb?); {remedy}"
                )


def _unpacked_size(data: bytes, member: zipfile.ZipInfo, limit: int) -> int:
    """The bytes a part of the package inflates to, counted up to just past ``limit``."""
    if member.compress_type == zipfile.ZIP_STORED:
        return min(member.file_size, member.compress_size)
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"{member.filename} is compressed in a way Office does not write")
    try:
        name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + _NAME_LENGTH_AT)
    except struct.error as error:
        raise zipfile.BadZipFile(f"{member.filename} lies outside the file") from error
    start = member.header_offset + _LOCAL_HEADER_SIZE + name_length + extra_length
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # a ZIP's deflate data has no zlib header
    try:
        size = len(inflater.decompress(data[start : start + member.compress_size], _PIECE))
        while inflater.unconsumed_tail and size <= limit:
            size += len(inflater.decompress(inflater.unconsumed_tail, _PIECE))
    except zlib.error as error:
        raise zipfile.BadZipFile(f"{member.filename} is damaged ({error})") from error
    return size


def _paragraphs(container: etree._Element, parent) -> Iterator[Paragraph]:  # parent: python-docx, untyped
    """Every paragraph under ``container`` in order, inside tables and content controls too."""
    for element in container.iterchildren():
        if element.tag == qn("w:p"):
            yield Paragraph(element, parent)
        elif element.tag == qn("w:tbl"):
            seen = set()
            for row in Table(element, parent).rows:
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        yield from _paragraphs(cell._tc, cell)
        elif element.tag == qn("w:sdt"):
            for content in element.iterchildren(qn("w:sdtContent")):
                yield from _paragraphs(content, parent)


def _block(paragraph: Paragraph) -> list[Block]:
    original = "".join(_piece(node) for node in paragraph._p.xpath(_ACCEPTED_TEXT)).strip()
    text = collapse_spaces(original)
    return [Block(_kind(paragraph), text, original)] if text else []


def _piece(node: etree._Element) -> str:
    if node.tag == qn("w:t"):
        return node.text or ""
    if node.tag == qn("w:noBreakHyphen"):
        return "-"
    if node.tag == qn("w:tab"):
        return "\t"
    return "\n"


def _kind(paragraph: Paragraph) -> BlockKind:
    styles = list(_style_chain(paragraph.style))
    names = [style.name or "" for style in styles]
    outline = _first(paragraph._p, styles, "./w:pPr/w:outlineLvl/@w:val")
    if any(name.startswith(HEADING_STYLES) for name in names) or (
        outline is not None and outline.isdigit() and int(outline) < BODY_OUTLINE_LEVEL
    ):
        return "head"
    numbering = _first(paragraph._p, styles, "./w:pPr/w:numPr/w:numId/@w:val")
    if numbering not in (None, "0"):
        return "item"
    if names and names[0].startswith(LIST_STYLE) and not names[0].startswith(LIST_CONTINUATION_STYLE):
        return "item"
    return "p"


def _style_chain(style: ParagraphStyle | None) -> Iterator[ParagraphStyle]:
    """A paragraph's style and the styles it is based on, nearest first."""
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = style.base_style


def _first(paragraph: etree._Element, styles: list[ParagraphStyle], xpath: str) -> str | None:
    """A property set on the paragraph itself, or else on the nearest style that sets it."""
    for element in (paragraph, *(style.element for style in styles)):
        values = element.xpath(xpath)
        if values:
            return str(values[0])
    return None
