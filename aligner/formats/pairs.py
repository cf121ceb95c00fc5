"""Already aligned pairs, ``source<TAB>target`` per line, as ``aligner compare`` reads them."""

from __future__ import annotations

from pathlib import Path

from aligner.document import Alignment
from aligner.errors import InputError
from aligner.formats.units import Unit, clean_segment, detected_alignment
from aligner.read.encoding import decode
from aligner.segment import cut_long

#: Longest cell compared whole. A pair is a sentence or a paragraph a side; a longer cell
#: (a file whose line breaks were lost) would cost the model time and memory without bound
#: (10 MB: over 10 GiB), so only its start, cut at a space near this length, is kept.
MAX_CELL_CHARS = 50_000


def read(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    """Already aligned pairs, ``source<TAB>target`` per line: line n is bead n (0-based).

    A cell cut to :data:`MAX_CELL_CHARS` is told in its side's document notes.
    """
    text, _encoding, _notes = decode(data, path)
    units = []
    cuts: dict[str, list[str]] = {"source": [], "target": []}
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("\t")
        if len(fields) != 2:
            raise InputError(
                f"{path}: line {number} has {len(fields)} tab-separated fields, not 2; "
                "compare reads one source<TAB>target pair per line"
            )
        src = _bounded(clean_segment(fields[0]), number, "source", cuts["source"])
        tgt = _bounded(clean_segment(fields[1]), number, "target", cuts["target"])
        if not (src or tgt):
            raise InputError(f"{path}: line {number} is empty; remove it so that pair ids stay line numbers")
        units.append(Unit(src, tgt, None))
    if not units:
        raise InputError(f"{path}: holds no pair; compare reads one source<TAB>target pair per line")
    alignment = detected_alignment(units, path, src_lang, tgt_lang, engine="given")
    alignment.src.notes.extend(cuts["source"])
    alignment.tgt.notes.extend(cuts["target"])
    return alignment


def _bounded(cell: str, number: int, side: str, notes: list[str]) -> str:
    """The cell, or its first :data:`MAX_CELL_CHARS` characters cut as ``align`` cuts a long
    sentence, said in ``notes``: the pair keeps its line number and stays 1-1."""
    if len(cell) <= MAX_CELL_CHARS:
        return cell
    kept = cut_long(cell[: MAX_CELL_CHARS + 1], MAX_CELL_CHARS)[0]
    notes.append(
        f"line {number}: the {side} cell holds {len(cell):,} characters; only its first {len(kept):,} "
        "are compared and written (a pair is a sentence or a paragraph a side: check the file for lost line breaks)"
    )
    return kept
