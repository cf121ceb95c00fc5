"""This tool's TSV: one bead per line, for spreadsheets and scripts; written and read back,
whole or, for large files, line by line and chunk by chunk.

A file that records a reviewer's word has two more columns, ``status`` (the
entries of :func:`aligner.formats.fields.review_entries`, joined by ``; ``)
and ``comment``; others keep the columns of :data:`TSV_COLUMNS`, and both read
back. A side of several sentences is cut again into as many (see
:func:`aligner.formats.units.sentence_pieces`): a line does not say where they end.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from aligner.document import Alignment
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats.fields import bead_ids, ids_field, read_review, similarity_field, status_entries, status_field
from aligner.formats.units import (
    UNKNOWN,
    LanguageSample,
    Position,
    SentenceIds,
    Unit,
    UnitFile,
    clean_segment,
    detected_alignment,
    is_reviewed,
    is_unusable_similarity,
    similarity_value,
    unusable_similarities_warning,
)
from aligner.languages import standard
from aligner.read.document import detect_language, read_bytes
from aligner.read.encoding import decode
from aligner.read.sniff import TSV_COLUMNS, TSV_HEADER

SUFFIX = ".tsv"


def tsv_escape(text: str) -> str:
    """Escape backslashes, tabs and line breaks so that one bead stays one line."""
    return (
        text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


_TSV_ESCAPE = re.compile(r"\\(.)")
_TSV_UNESCAPED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_unescape(text: str) -> str:
    """Undo :func:`tsv_escape`."""
    return _TSV_ESCAPE.sub(lambda match: _TSV_UNESCAPED.get(match.group(1), match.group(0)), text)


def write(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """One bead per line, with a header line; ids are 0-based sentence numbers."""
    return _head(is_reviewed(alignment, comparison)) + units(alignment, comparison, Position())


#: The columns a reviewed alignment has after :data:`TSV_COLUMNS`.
REVIEW_COLUMNS = ("status", "comment")


def _head(reviewed: bool) -> bytes:
    """The header line, which :func:`write` puts first."""
    return ("\t".join((*TSV_COLUMNS, *REVIEW_COLUMNS)) if reviewed else TSV_HEADER).encode("utf-8") + b"\n"


def frame(alignment: Alignment, when: datetime) -> tuple[bytes, bytes]:
    """What a TSV written chunk by chunk holds before its first bead and after its last."""
    return _head(is_reviewed(alignment, Comparison())), b""


def units(alignment: Alignment, comparison: Comparison, start: Position) -> bytes:
    """The lines of one chunk's beads, numbered and with sentence ids from ``start``."""
    rows = []
    reviewed = is_reviewed(alignment, comparison)
    per_bead = comparison.per_bead(alignment.beads) if reviewed else []
    for number, bead in enumerate(alignment.beads, start.bead):
        fields = [
            str(number),
            ids_field(start.shift(bead.src, "src")),
            ids_field(start.shift(bead.tgt, "tgt")),
            bead.kind,
            similarity_field(bead),
            tsv_escape(alignment.side_text(bead, "src")),
            tsv_escape(alignment.side_text(bead, "tgt")),
        ]
        if reviewed:
            fields += [tsv_escape(status_field(bead, per_bead[number - start.bead])), tsv_escape(bead.comment)]
        rows.append("\t".join(fields) + "\n")
    return "".join(rows).encode("utf-8")


def read(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    """An alignment from the bytes of this tool's TSV (see :func:`open_units` for a file of any size)."""
    text, _encoding, _notes = decode(data, path)
    lines = enumerate(text.splitlines()[1:], 2)
    units = [unit for number, line in lines if (unit := _unit(_row(line, number, path), number, path))]
    if not units:
        raise InputError(f"{path}: holds no aligned text, only its header line")
    return detected_alignment(units, path, src_lang, tgt_lang, engine=UNKNOWN)


def open_units(path: Path, src_lang: str | None, tgt_lang: str | None) -> UnitFile:
    """This tool's TSV read line by line, after a first pass that checks every line, counts the
    units and detects each side's language from the start of its text (as :func:`read` does)."""
    count, unscored, unusable, reviewed = 0, False, 0, False
    samples = LanguageSample(), LanguageSample()
    ids = SentenceIds()
    for number, line in enumerate(_lines(path), 1):
        row = _row(line, number, path) if number > 1 else None
        unit = _unit(row, number, path)
        if row is not None and unit is not None:
            count += 1
            unscored = unscored or bool(unit.src and unit.tgt and unit.similarity is None)
            unusable += is_unusable_similarity(row["similarity"])
            reviewed = reviewed or "status" in row
            samples[0].add(unit.src)
            samples[1].add(unit.tgt)
            ids.add(unit, count)
    if not count:
        raise InputError(f"{path}: holds no aligned text, only its header line")
    warnings = [unusable_similarities_warning(path, unusable)] if unusable else []
    if warning := ids.warning(path):
        warnings.append(warning)

    def units() -> Iterator[Unit]:
        for number, line in enumerate(_lines(path), 1):
            unit = _unit(_row(line, number, path), number, path) if number > 1 else None
            if unit is not None:
                yield unit

    return UnitFile(
        src_lang=standard(src_lang) if src_lang else detect_language(samples[0].text, path),
        tgt_lang=standard(tgt_lang) if tgt_lang else detect_language(samples[1].text, path),
        src_path=path,
        tgt_path=path,
        model=UNKNOWN,
        engine=UNKNOWN,
        count=count,
        unscored=unscored,
        units=units,
        warnings=tuple(warnings),
        reviewed=reviewed,
    )


def _row(line: str, number: int, path: Path) -> dict[str, str] | None:
    """The fields on line ``number`` (from 1) by column name, None for a blank line; the
    reviewer's columns are there or not."""
    if not line.strip():
        return None
    fields = line.split("\t")
    columns = (*TSV_COLUMNS, *REVIEW_COLUMNS)[: len(fields)]
    if len(fields) not in (len(TSV_COLUMNS), len(TSV_COLUMNS) + len(REVIEW_COLUMNS)):
        raise InputError(
            f"{path}: line {number} has {len(fields)} fields, not {len(TSV_COLUMNS)} "
            f"({', '.join(TSV_COLUMNS)}) or {len(TSV_COLUMNS) + len(REVIEW_COLUMNS)} "
            f"(and {', '.join(REVIEW_COLUMNS)}); fix it or export the alignment again"
        )
    return dict(zip(columns, fields, strict=True))


def _unit(row: dict[str, str] | None, number: int, path: Path) -> Unit | None:
    """The unit of a line's fields, None for a blank line or one with no text."""
    if row is None:
        return None
    src_ids, tgt_ids = bead_ids(row["src_ids"], row["tgt_ids"], f"{path}: line {number}")
    entries = status_entries(tsv_unescape(row.get("status", "")))
    unit = Unit(
        clean_segment(tsv_unescape(row["src_text"])),
        clean_segment(tsv_unescape(row["tgt_text"])),
        similarity_value(row["similarity"]),
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        review=read_review(entries, src_ids, tgt_ids, comment=tsv_unescape(row.get("comment", ""))),
    )
    return unit if unit.src or unit.tgt else None


#: A file up to this size is decoded whole, its encoding detected from all of it;
#: a larger one is decoded as a stream, in the encoding detected from its first
#: ``STREAM_SAMPLE_BYTES``.
WHOLE_BYTES = 4 << 20
STREAM_SAMPLE_BYTES = 1 << 20
_BLOCK_BYTES = 1 << 16


def _lines(path: Path) -> Iterator[str]:
    """The lines of a text file, as ``str.splitlines`` cuts them, without holding a large file whole."""
    if _size(path) <= WHOLE_BYTES:
        text, _encoding, _notes = decode(read_bytes(path), path)
        yield from text.splitlines()
        return
    with path.open("rb") as stream:
        sample = stream.read(STREAM_SAMPLE_BYTES)
        # Detect on whole lines, so that the sample does not end inside a character
        # (in UTF-16-LE a line ends with the NUL byte after the newline).
        cut = sample.rfind(b"\n") + 1
        cut += cut < len(sample) and sample[cut : cut + 1] == b"\x00"
        _text, encoding, _notes = decode(sample[: cut or None], path)
        # UTF-8 with a few bad bytes is repaired, as decode repairs it; another encoding must fit the whole file.
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace" if encoding == "utf-8" else "strict")
        stream.seek(0)
        pending = ""
        try:
            for block in iter(lambda: stream.read(_BLOCK_BYTES), b""):
                lines = (pending + decoder.decode(block)).splitlines(keepends=True)
                # The last line may go on in the next block (a CR there may be the first half of CRLF).
                pending = lines.pop() if lines else ""
                yield from (line.splitlines()[0] for line in lines)
            yield from (pending + decoder.decode(b"", final=True)).splitlines()
        except UnicodeDecodeError as error:
            raise InputError(
                f"{path}: starts as {encoding} text but is not {encoding} throughout ({error.reason} "
                f"near byte {stream.tell()}); re-save it as UTF-8"
            ) from error


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_bytes says why the file cannot be read
