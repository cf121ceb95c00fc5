"""Turn a file's bytes into clean text: detect the encoding, refuse binaries, tidy characters.

Whatever is changed is said: each step returns notes that the command line
prints, so that a reviewer knows why a sentence holds U+FFFD or lost an
invisible character.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from aligner.errors import InputError

#: Leading bytes of file types users mistake for text, with what to call them.
MAGIC = {
    b"%PDF-": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a DOCX/XLSX/ODT document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: The code page preferred when it decodes about as cleanly as the detector's best guess.
WESTERN_CODE_PAGE = "cp1252"
CHAOS_TOLERANCE = 0.05
#: Above this share of NUL bytes a file without a BOM is UTF-16 or binary.
NUL_SHARE = 0.1
REPLACEMENT = "\ufffd"
#: Characters XML 1.0 forbids (C0 controls but tab and line breaks, U+FFFE/F,
#: lone surrogates). They cannot reach TMX or TEI, so they are replaced.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Invisible format characters (zero-width spaces and joiners, bidi controls,
#: soft hyphens, stray BOMs): they split words for the embedder and the
#: splitter without being seen, so they are removed.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD, one for one (spans still fit).

    Reading already replaces them (and says so); this guards exports of
    alignments built in other ways (aligner convert, the library API).
    """
    return XML_ILLEGAL.sub(REPLACEMENT, text)


def _code_points(characters: Counter[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}×{n}" if n > 1 else f"U+{ord(c):04X}" for c, n in characters.most_common(5))


def decode(data: bytes, path: Path | str) -> tuple[str, str, list[str]]:
    """Decode bytes, detecting the encoding rather than assuming it.

    Returns:
        The text, the encoding it was read with, and notes on what was repaired.

    Raises:
        InputError: If the bytes are a binary file or no encoding fits them.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, encoding, path), encoding, []
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{path}: is {kind}, not a text file; give its text as a plain-text file")
    if data.count(0) > NUL_SHARE * len(data):
        utf16 = _decode_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf-8", errors="replace")
    if any(ord(c) > 0x7F and c != REPLACEMENT for c in repaired):
        # Valid multi-byte sequences beside the bad ones: UTF-8 with a few
        # corrupt bytes, not another encoding.
        bad = repaired.count(REPLACEMENT) - data.decode("utf-8", errors="ignore").count(REPLACEMENT)
        return repaired, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"]
    if 0 in data:
        # No single-byte text encoding holds NUL bytes.
        raise InputError(f"{path}: looks like a binary file, not text; give a plain-text file")
    return _detect(data, path)


def _decode_with_bom(data: bytes, encoding: str, path: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: starts with a {encoding} byte-order mark but is not valid {encoding} "
            f"({error.reason} at byte {error.start}); re-save it as UTF-8"
        ) from error


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 text of Latin script has a NUL in every other byte."""
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    encoding = "utf-16-le" if odd_nuls > 2 * even_nuls else "utf-16-be" if even_nuls > 2 * odd_nuls else None
    if encoding is None or len(data) % 2:
        return None
    try:
        return data.decode(encoding), encoding, []
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, path: Path | str) -> tuple[str, str, list[str]]:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(f"{path}: cannot detect the text encoding; save the file as UTF-8 and try again")
    # Short texts decode about as well in several code pages, and the
    # detector's language guess then picks a Baltic or Central European one;
    # for the languages this tool serves, Windows-1252 is by far the likeliest.
    western = [m for m in matches if m.encoding == WESTERN_CODE_PAGE and m.chaos <= best.chaos + CHAOS_TOLERANCE]
    best = western[0] if western else best
    return str(best), best.encoding, []


def clean(text: str) -> tuple[str, list[str]]:
    """NFC-normalise, drop invisible format characters, replace characters XML forbids.

    Line endings (CRLF, CR) are unified to LF. No-break spaces, narrow or not,
    stay: French typography needs them.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    notes = []
    invisible = Counter(INVISIBLE.findall(text))
    if invisible:
        text = INVISIBLE.sub("", text)
        notes.append(f"removed {sum(invisible.values())} invisible format character(s) ({_code_points(invisible)})")
    illegal = Counter(XML_ILLEGAL.findall(text))
    if illegal:
        text = XML_ILLEGAL.sub(REPLACEMENT, text)
        notes.append(
            f"replaced {sum(illegal.values())} character(s) not allowed in XML ({_code_points(illegal)}) by U+FFFD"
        )
    return text, notes
