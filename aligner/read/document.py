"""Read a text file and rebuild its structure: headings, paragraphs, list items.

Three layouts are recognised, because that is what users hand over:

* one block per line (blank lines between blocks or not), as in the demo Act;
* hard-wrapped paragraphs separated by blank lines;
* text extracted from a PDF, where *every* wrapped line is followed by a blank
  line, so blank lines mean nothing and paragraphs must be inferred from the
  lines themselves (final punctuation, capitals, bullets, line length).

In ``presplit`` mode each line is one sentence, untouched: that is the form of
the gold standards, whose line numbers are the sentence ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import pyphen
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from aligner.document import Block, BlockKind, Document
from aligner.errors import InputError
from aligner.read.encoding import clean, decode
from aligner.read.sniff import ALIGNMENT_FORMATS, Format, sniff
from aligner.text import TERMINAL

BULLET = re.compile(r"^\s*(?:[•◦▪‣●○■□–—*-]|\d{1,2}[.)]|[a-z][.)])\s+")
DATELINE = re.compile(r"^[A-ZÀ-Ý][\w .’'-]*,\s+(?:le\s+)?[\w\s,.]*\b\d{4}$")
#: A hyphen at the end of a line, after a letter.
LINE_END_HYPHEN = re.compile(r"(\w+)-$")
WORD = re.compile(r"\w[\w’'-]*")

#: How far ahead of the runner-up a language must be to count as recognised.
CONFIDENCE_DISTANCE = 0.25
#: The share of lines followed by a blank line above which blank lines are
#: layout noise (a PDF extraction), not paragraph breaks.
NOISY_BLANKS = 0.8
#: The share of lines that reach the margin and run on into a lowercase line
#: above which the text is hard-wrapped.
WRAPPED = 0.2
#: A heading line, or the last line of a paragraph, is shorter than this
#: share of the text's usual line width.
SHORT_LINE = 0.75


def read_bytes(path: Path, limit: int = -1) -> bytes:
    """The bytes of a file (its first ``limit`` when given), or a clear error saying why it cannot be read."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if not path.is_file():
        raise InputError(f"{path}: is not a regular file; give the path of a text file")
    try:
        with path.open("rb") as stream:
            return stream.read(limit)
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}); check its permissions") from error


def read_text(path: Path) -> tuple[str, str, list[str]]:
    """Read a file as clean text.

    Returns:
        The text, the encoding it was read with, and notes on what was repaired.
    """
    return _plain_text(read_bytes(path), path)


def _plain_text(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    text, encoding, decode_notes = decode(data, path)
    text, clean_notes = clean(text)
    return text, encoding, decode_notes + clean_notes


@dataclass(frozen=True)
class _Line:
    text: str
    blank_before: bool


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = False
    for raw in text.splitlines():
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if not line:
            blank = True
            continue
        lines.append(_Line(line, blank))
        blank = False
    return lines


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def parse_blocks(text: str, lang: str = "fr", *, blank_line_blocks: bool = False) -> list[Block]:
    """Rebuild the headings, paragraphs and list items of a plain text.

    ``blank_line_blocks`` says that blank lines separate the blocks and every
    other line break is a wrap, as in the PDF reader's output, instead of
    inferring the layout: a short text has too few wrapped lines to tell.
    """
    lines = _lines(text)
    if not lines:
        return []
    pairs = list(pairwise(lines))
    blanks_are_breaks = blank_line_blocks or (
        sum(n.blank_before for n in lines[1:]) < NOISY_BLANKS * max(len(lines) - 1, 1)
    )
    width = _usual_width(lines)
    # A wrapped line reached the margin, as a paragraph's lines but its last do. In a text of one paragraph
    # a line, short lines run on into a lowercase one too: a statute's list items ("…, and").
    wraps = sum(
        not TERMINAL.search(a.text) and _starts_lower(b.text) and len(a.text) >= SHORT_LINE * width for a, b in pairs
    )
    hard_wrapped = blank_line_blocks or wraps >= WRAPPED * max(len(pairs), 1)

    groups: list[list[str]] = [[lines[0].text]]
    for index in range(1, len(lines)):
        if _breaks(lines, index, groups[-1], blanks_are_breaks, hard_wrapped, width):
            groups.append([lines[index].text])
        else:
            groups[-1].append(lines[index].text)

    blocks = []
    for index, group in enumerate(groups):
        joined = _join(group, text, lang)
        following = groups[index + 1][0] if index + 1 < len(groups) else None
        kind = _kind(joined, len(group), following, width if hard_wrapped else None)
        if kind == "item":
            joined = BULLET.sub("", joined, count=1)
        blocks.append(Block(kind, joined, "\n".join(group)))
    return blocks


def _usual_width(lines: list[_Line]) -> int:
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(0.9 * (len(lengths) - 1))]


def _breaks(
    lines: list[_Line],
    index: int,
    group: list[str],
    blanks_are_breaks: bool,
    hard_wrapped: bool,
    width: int,
) -> bool:
    """Whether ``lines[index]`` starts a new block after the current ``group``."""
    line, following = lines[index - 1], lines[index]
    if BULLET.match(following.text):
        return True
    if blanks_are_breaks and hard_wrapped:
        return following.blank_before
    if not hard_wrapped:
        return True
    # A PDF extraction: infer the break from the lines themselves.
    if _starts_lower(following.text):
        return False
    short = len(line.text) < SHORT_LINE * width
    if TERMINAL.search(line.text):
        # A full-width line that ends a sentence is usually a wrap inside a
        # paragraph; a short one ends the paragraph, and so does a heading
        # coming next.
        return short or _heading_starts(lines, index, width)
    # No final punctuation and a capital next: a heading ends here, or a wrap
    # before a proper noun. A heading's lines are short; a paragraph's are not.
    heading_so_far = all(len(text) < SHORT_LINE * width for text in group)
    return short and heading_so_far and not BULLET.match(group[0])


def _heading_starts(lines: list[_Line], index: int, width: int) -> bool:
    """Whether a heading of one or two short unpunctuated lines starts at ``index``."""

    def heading_like(line: _Line) -> bool:
        return len(line.text) < SHORT_LINE * width and not TERMINAL.search(line.text)

    def capital_or_end(position: int) -> bool:
        return position >= len(lines) or not _starts_lower(lines[position].text)

    if not heading_like(lines[index]):
        return False
    if capital_or_end(index + 1):
        return True
    return heading_like(lines[index + 1]) and capital_or_end(index + 2)


def _kind(text: str, n_lines: int, following: str | None, width: int | None) -> BlockKind:
    """Classify a block; ``following`` is the first line of the next block, if any."""
    if BULLET.match(text):
        return "item"
    if TERMINAL.search(text) or _starts_lower(text) or not text[:1].isalnum():
        return "p"
    if following is None and DATELINE.match(text):
        return "p"
    if following is not None and (_starts_lower(following) or BULLET.match(following)):
        # A lead-in to a list ("... the Minister may"), not a heading.
        return "p"
    too_long = len(text) > 200 or (width is not None and n_lines > 2)
    return "p" if too_long else "head"


def _join(group: list[str], document: str, lang: str) -> str:
    """Join a block's wrapped lines, undoing hyphenation only where a word was split."""
    joined = group[0]
    for text in group[1:]:
        hyphen = LINE_END_HYPHEN.search(joined)
        if hyphen and text[:1].isalpha():
            right = WORD.match(text)
            if right and _is_split_word(hyphen.group(1), right.group(0), document, lang):
                joined = joined[:-1] + text
                continue
            joined += text
            continue
        joined += " " + text
    return joined


def _is_split_word(left: str, right: str, document: str, lang: str) -> bool:
    """Whether ``left-`` + ``right`` at a line end is one word that was split.

    The document itself is the best witness: if it writes the word elsewhere
    with or without the hyphen, do the same. Otherwise a capital after the
    hyphen marks a compound (Nouvelle-Zélande), and the language's
    hyphenation dictionary says whether the break falls between syllables.
    """
    hyphenated = re.compile(rf"\b{re.escape(left)}-{re.escape(right)}\b", re.IGNORECASE)
    whole = re.compile(rf"\b{re.escape(left + right)}\b", re.IGNORECASE)
    flat = document.replace("-\n", "-")
    if hyphenated.search(flat.replace("\n", " ")) and not whole.search(document):
        return False
    if whole.search(document):
        return True
    if right[:1].isupper():
        return False
    dictionary = _hyphenator(lang)
    return dictionary is not None and len(left) in dictionary.positions(left + right)


@cache
def _hyphenator(lang: str) -> pyphen.Pyphen | None:
    try:
        return pyphen.Pyphen(lang=lang)
    except KeyError:
        return None


#: How much of a text the language detector reads, in characters.
DETECT_CHARS = 2000


def detect_language(text: str, path: Path) -> str:
    """The ISO 639-1 code of a text's language (lingua, offline), or a clear error."""
    language = _detector(0.0).detect_language_of(text[:DETECT_CHARS])
    if language is None:
        raise InputError(f"{path}: cannot tell which language this is; pass --src-lang/--tgt-lang")
    return _splitter_code(language.iso_code_639_1.name.lower())


def guess_language(text: str) -> str | None:
    """The language of ``text`` when it is clear, else None (short or mixed text)."""
    language = _detector(CONFIDENCE_DISTANCE).detect_language_of(text[:DETECT_CHARS])
    return None if language is None else _splitter_code(language.iso_code_639_1.name.lower())


@cache
def _detector(minimum_distance: float) -> LanguageDetector:
    """A detector over the languages the sentence splitter has rules for (lingua calls Norwegian nb/nn)."""
    codes = [code for lang in splitter_languages() for code in (("nb", "nn") if lang == "no" else (lang,))]
    languages = [getattr(IsoCode639_1, code.upper()) for code in codes]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*languages)
        .with_minimum_relative_distance(minimum_distance)
        .build()
    )


def _splitter_code(code: str) -> str:
    return "no" if code in ("nb", "nn") else code


@cache
def splitter_languages() -> tuple[str, ...]:
    """The ISO 639-1 codes of the languages sentence-splitter has rules for."""
    prefixes = resources.files("sentence_splitter") / "non_breaking_prefixes"
    return tuple(sorted(entry.name.removesuffix(".txt") for entry in prefixes.iterdir() if entry.name.endswith(".txt")))


def read_document(path: Path, lang: str | None = None, *, presplit: bool = False) -> Document:
    """Read a file into a :class:`Document` with its blocks (no sentences yet).

    Plain text, PDF, HTML and DOCX are told apart by their content
    (:func:`aligner.read.sniff.sniff`). The language is detected when not given.
    In presplit mode each line is one block and, later, one sentence, so that
    line numbers stay sentence ids.
    """
    data = read_bytes(path)
    file_format = sniff(data)
    if file_format in ALIGNMENT_FORMATS:
        raise InputError(
            f"{path}: is an alignment ({file_format}), not a document; "
            f"re-export it or list its divergences with: aligner convert {path} -o DIR"
        )
    if presplit and file_format is not Format.TEXT:
        raise InputError(
            f"{path}: is a {file_format}, but --presplit reads plain text with one sentence per "
            "line; drop --presplit, or give the text file"
        )
    text, encoding, notes, blocks = _content(data, file_format, path)
    if not text.strip():
        raise InputError(f"{path}: is empty; give a file with text in it")
    lang = lang or detect_language(text, path)
    if presplit:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        blocks = [Block("p", line, line) for line in lines]
    elif blocks is None:
        blocks = parse_blocks(text, lang, blank_line_blocks=file_format is Format.PDF)
    return Document(path=path, lang=lang, blocks=blocks, encoding=encoding, notes=notes)


def _content(data: bytes, file_format: Format, path: Path) -> tuple[str, str, list[str], list[Block] | None]:
    """A file's clean text, its encoding, notes on what was repaired, and its blocks
    where the format gives them.

    PDF text goes through the same structure rebuilding as plain text, in the
    layout the PDF reader gives it; HTML and DOCX mark their headings,
    paragraphs and lists themselves. Each format's library is imported only
    when a file needs it: they are slow to load, and most files are plain text.
    """
    if file_format is Format.PDF:
        from aligner.read.pdf import pdf_text

        text, notes = clean(pdf_text(data, path))
        return text, "utf-8", notes, None
    if file_format is Format.DOCX:
        from aligner.read.docx import docx_blocks

        return _cleaned(docx_blocks(data, path), "utf-8", [])
    if file_format is Format.HTML:
        from aligner.read.html import html_blocks

        text, encoding, decode_notes = decode(data, path)
        return _cleaned(html_blocks(text, path), encoding, decode_notes)
    return (*_plain_text(data, path), None)


def _cleaned(
    blocks: list[Block], encoding: str, notes: list[str]
) -> tuple[str, str, list[str], list[Block]]:
    """Blocks given by a format, cleaned as any text is, with their text joined."""
    text, clean_notes = clean("\n\n".join(block.text for block in blocks))
    blocks = [Block(block.kind, clean(block.text)[0], clean(block.original)[0]) for block in blocks]
    return text, encoding, notes + clean_notes, blocks
