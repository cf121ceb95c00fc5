"""This tool's TSV: one bead per line, for spreadsheets and scripts; written and read back."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from aligner.document import Alignment
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats.fields import ids_field, similarity_field
from aligner.formats.units import UNKNOWN, Unit, clean_segment, detected_alignment, similarity_value
from aligner.read.encoding import decode
from aligner.read.sniff import TSV_COLUMNS

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
    rows = ["\t".join(TSV_COLUMNS)]
    for number, bead in enumerate(alignment.beads, 1):
        fields = [
            str(number),
            ids_field(bead.src),
            ids_field(bead.tgt),
            bead.kind,
            similarity_field(bead),
            tsv_escape(alignment.side_text(bead, "src")),
            tsv_escape(alignment.side_text(bead, "tgt")),
        ]
        rows.append("\t".join(fields))
    return ("\n".join(rows) + "\n").encode("utf-8")


def read(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    text, _encoding, _notes = decode(data, path)
    units = []
    for number, line in enumerate(text.splitlines()[1:], 2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(TSV_COLUMNS):
            raise InputError(
                f"{path}: line {number} has {len(fields)} fields, not {len(TSV_COLUMNS)} "
                f"({', '.join(TSV_COLUMNS)}); fix it or export the alignment again"
            )
        row = dict(zip(TSV_COLUMNS, fields, strict=True))
        unit = Unit(
            clean_segment(tsv_unescape(row["src_text"])),
            clean_segment(tsv_unescape(row["tgt_text"])),
            similarity_value(row["similarity"]),
        )
        if unit.src or unit.tgt:
            units.append(unit)
    if not units:
        raise InputError(f"{path}: holds no aligned text, only its header line")
    return detected_alignment(units, path, src_lang, tgt_lang, engine=UNKNOWN)
