"""Already aligned pairs, ``source<TAB>target`` per line, as ``aligner compare`` reads them."""

from __future__ import annotations

from pathlib import Path

from aligner.document import Alignment
from aligner.errors import InputError
from aligner.formats.units import Unit, clean_segment, detected_alignment
from aligner.read.encoding import decode


def read(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    """Already aligned pairs, ``source<TAB>target`` per line: line n is bead n (0-based)."""
    text, _encoding, _notes = decode(data, path)
    units = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("\t")
        if len(fields) != 2:
            raise InputError(
                f"{path}: line {number} has {len(fields)} tab-separated fields, not 2; "
                "compare reads one source<TAB>target pair per line"
            )
        unit = Unit(clean_segment(fields[0]), clean_segment(fields[1]), None)
        if not (unit.src or unit.tgt):
            raise InputError(f"{path}: line {number} is empty; remove it so that pair ids stay line numbers")
        units.append(unit)
    if not units:
        raise InputError(f"{path}: holds no pair; compare reads one source<TAB>target pair per line")
    return detected_alignment(units, path, src_lang, tgt_lang, engine="given")
