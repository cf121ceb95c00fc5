"""The text layer of a PDF, laid out for :func:`aligner.read.document.parse_blocks`.

pdfminer.six does the layout analysis: it groups lines into text boxes (one
per paragraph or heading, usually) and orders the boxes of multi-column pages
in reading order. What it cannot know is what repeats from page to page, so
this module removes running headers and footers (page numbers included) and
decides whether a paragraph continues across a page break. The text it
returns holds one box per block, boxes separated by a blank line, wrapped
lines kept: the structure rebuilding of any extracted text, told that this
is the layout (``parse_blocks(..., blank_line_blocks=True)``), then joins
the lines and finds headings, paragraphs and list items.
"""

from __future__ import annotations

import io
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pdfminer import pdftypes
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
from pdfminer.lzw import CorruptDataError, LZWDecoder, lzwdecode
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfminer.runlength import rldecode

from aligner.errors import InputError
from aligner.read.sniff import collapse_spaces
from aligner.settings import MAX_UNPACKED_BYTES
from aligner.text import TERMINAL

#: How many lines at the top and at the bottom of a page may be running
#: headers or footers.
EDGE_LINES = 2
#: A line at a page edge that recurs (digits aside) on at least this share of
#: the pages, and on two pages at least, is a running header or footer.
RUNNING_SHARE = 0.5
#: Above this share of unmapped glyphs, "(cid:N)", the text layer is unusable.
UNMAPPED_SHARE = 0.05

_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
#: A page number alone on its line: "7", "- 7 -", "Page 7", "7 / 12", "7 of 12", "7 de 12".
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of|de|sur)\s*\d{1,4})?$", re.IGNORECASE
)


@dataclass(frozen=True)
class _Line:
    text: str
    top: float
    width: float


#: A page is its text boxes in reading order, each box its lines.
_Page = list[list[_Line]]


def pdf_text(data: bytes, path: Path | str) -> str:
    """The text of a PDF: one block per text box, running headers and footers removed.

    Raises:
        InputError: If the file is not a readable PDF, is encrypted, or has no
            usable text layer.
    """
    pages = _pages(data, path)
    running = _running_lines(pages)
    kept = [[[line for line in box if line not in running] for box in page] for page in pages]
    kept = [[box for box in page if box] for page in kept]
    widths = [line.width for page in kept for box in page for line in box]
    if not widths:
        raise InputError(
            f"{path}: this PDF has no text layer (a scanned image?); run OCR on it "
            "(e.g. ocrmypdf) or give its text as a plain-text file"
        )
    # Most lines of a text run to its right margin: a high percentile of the
    # widths finds the margin without being thrown by a wide title or table.
    text = _join_pages(kept, full_width=sorted(widths)[int(0.9 * (len(widths) - 1))])
    if len(_UNMAPPED_GLYPH.findall(text)) > UNMAPPED_SHARE * len(text.split()):
        raise InputError(
            f"{path}: this PDF's fonts do not say which characters their glyphs are, so its "
            "text cannot be extracted; export the PDF again from its source, or run OCR on it"
        )
    return text


def _join_pages(pages: list[_Page], full_width: float) -> str:
    """One block per box, a blank line between blocks, pages run together."""
    blocks: list[str] = []
    page_end: _Line | None = None
    for page in pages:
        for index, box in enumerate(page):
            lines = "\n".join(line.text for line in box)
            if index == 0 and page_end is not None and _continues(page_end, box[0], full_width):
                blocks[-1] += "\n" + lines
            else:
                blocks.append(lines)
        if page:
            page_end = page[-1][-1]
    return "\n\n".join(blocks) + "\n"


def _continues(page_end: _Line, page_start: _Line, full_width: float) -> bool:
    """Whether the paragraph that ends a page goes on at the top of the next one.

    It does when its last line has no final punctuation and the first word of
    the next page would not have fitted on it: had the word fitted, the line
    would not have been broken there. So a heading or a lead-in to a list at
    the foot of a page stays apart, and a sentence cut by the page break is
    joined again.
    """
    if TERMINAL.search(page_end.text):
        return False
    glyph_width = page_end.width / len(page_end.text)
    next_word = page_start.text.split(" ", 1)[0]
    return page_end.width + glyph_width * (len(next_word) + 1) > full_width


class _StreamsTooLarge(Exception):
    """The streams of a PDF unpack to more than :data:`MAX_UNPACKED_BYTES`."""


class _BoundedFilters:
    """pdfminer's unpacking filters (Flate, LZW, RunLength), with a bound on what the document's streams
    unpack to, all together: pdfminer has no limit of its own, and keeps every stream it unpacks. An
    LZW stream unpacks to thousands of times its size (each 12-bit code may stand for 4 KB), a
    RunLength one to 64 times; the other filters at most 4 times.
    """

    def __init__(self) -> None:
        self.unpacked = 0
        self.zlib = _BoundedZlib(self)

    def allowed(self) -> int:
        return MAX_UNPACKED_BYTES - self.unpacked

    def take(self, unpacked: int) -> None:
        if unpacked > self.allowed():
            raise _StreamsTooLarge
        self.unpacked += unpacked

    def lzwdecode(self, data: bytes) -> bytes:
        """As pdfminer's ``lzwdecode``, without its debug line: that copies the whole table for each code."""
        decoder = LZWDecoder(io.BytesIO(data))
        pieces, size = [], 0
        while True:
            try:
                piece = decoder.feed(decoder.readbits(decoder.nbits))
            except (EOFError, CorruptDataError):  # pdfminer, too, keeps what precedes damage
                break
            size += len(piece)
            if size > self.allowed():
                raise _StreamsTooLarge
            pieces.append(piece)
        self.take(size)
        return b"".join(pieces)

    def rldecode(self, data: bytes) -> bytes:
        """RunLength (PDF Reference 3.3.4): a length byte, then 1 to 128 bytes copied as they stand (0-127)
        or one byte repeated 2 to 128 times (129-255); 128 ends the data."""
        out = bytearray()
        position = 0
        while position < len(data) and (length := data[position]) != 128:
            if length < 128:
                out += data[position + 1 : position + 2 + length]
                position += 2 + length
            else:
                out += data[position + 1 : position + 2] * (257 - length)
                position += 2
            if len(out) > self.allowed():
                raise _StreamsTooLarge
        self.take(len(out))
        return bytes(out)


class _BoundedZlib:
    """zlib as pdfminer inflates a FlateDecode stream, within the budget of :class:`_BoundedFilters`.

    pdfminer calls ``zlib.decompress`` and, when that fails, inflates the
    stream again byte by byte to keep what precedes the damage (in time
    quadratic in the output). Doing both here, bounded, never fails, so the
    byte-by-byte fallback is never reached.
    """

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    def __init__(self, budget: _BoundedFilters) -> None:
        self.budget = budget

    def decompress(self, data: bytes) -> bytes:
        allowed = self.budget.allowed()
        try:
            inflated = zlib.decompressobj().decompress(data, allowed + 1)
        except zlib.error:
            try:  # a bad checksum, its last 4 bytes: what precedes it
                inflated = zlib.decompressobj().decompress(data[:-4], allowed + 1)
            except zlib.error:  # damaged earlier: pdfminer reads the stream as empty
                inflated = b""
        self.budget.take(len(inflated))
        return inflated


@contextmanager
def _bounded_inflation() -> Iterator[None]:
    """pdfminer's unpacking filters bounded for the time of one extraction (see :class:`_BoundedFilters`)."""
    filters = _BoundedFilters()
    pdftypes.zlib = filters.zlib  # type: ignore[assignment]
    pdftypes.lzwdecode = filters.lzwdecode
    pdftypes.rldecode = filters.rldecode
    try:
        yield
    finally:
        pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode = zlib, lzwdecode, rldecode


def _pages(data: bytes, path: Path | str) -> list[_Page]:
    try:
        with _bounded_inflation():
            return [_page_boxes(page) for page in extract_pages(io.BytesIO(data), laparams=LAParams())]
    except _StreamsTooLarge as error:
        raise InputError(
            f"{path}: this PDF's streams unpack to more than {MAX_UNPACKED_BYTES / 1e6:g} MB, more than a "
            "document's text needs (a damaged file or a decompression bomb?); export the PDF again from "
            "its source, or give its text as a plain-text file"
        ) from error
    except PDFEncryptionError as error:
        raise InputError(
            f"{path}: this PDF is encrypted; remove its password (e.g. qpdf --decrypt) and try again"
        ) from error
    except PSException as error:
        raise InputError(
            f"{path}: is not a readable PDF ({error or type(error).__name__}); it may be damaged or "
            "truncated: download or export it again"
        ) from error


def _page_boxes(page) -> _Page:  # pdfminer's layout objects are untyped
    boxes = []
    for element in page:
        if not isinstance(element, LTTextContainer):
            continue
        lines = [
            _Line(collapse_spaces(line.get_text()), line.y1, line.width)
            for line in element
            if isinstance(line, LTTextLine)
        ]
        lines = [line for line in lines if line.text]
        if lines:
            boxes.append(lines)
    return boxes


def _edge_key(text: str) -> str:
    """A line with its numbers masked: page 3 and page 4 headers look the same."""
    return re.sub(r"\d+", "#", text.casefold())


def _running_lines(pages: list[_Page]) -> set[_Line]:
    """The lines at page edges that recur on most pages (running headers and footers), and
    page numbers, which need no recurrence to be recognised, even on a one-page document."""
    at_edges: list[list[_Line]] = []
    for page in pages:
        lines = sorted((line for box in page for line in box), key=lambda line: -line.top)
        at_edges.append(lines[:EDGE_LINES] + lines[EDGE_LINES:][-EDGE_LINES:])
    pages_with = Counter(key for edges in at_edges for key in {_edge_key(line.text) for line in edges})
    needed = max(2, math.ceil(RUNNING_SHARE * len(pages)))
    return {
        line
        for edges in at_edges
        for line in edges
        if pages_with[_edge_key(line.text)] >= needed or _PAGE_NUMBER.match(line.text)
    }
