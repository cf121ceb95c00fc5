"""Translation units read from an alignment file, turned into an :class:`~aligner.document.Alignment`.

A translation memory holds segments, not sentences, and says nothing of the
documents' structure: each side of a unit becomes one segment (numbered from
0 in file order) of a document made of paragraphs, and each unit one bead
(1-1, or 1-0 / 0-1 when a unit has one language only).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.read.document import detect_language
from aligner.read.sniff import collapse_spaces

#: What the alignment engine or model is called when the file does not say.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Unit:
    """One translation unit: its source and target segments ("" when absent), its similarity if given."""

    src: str
    tgt: str
    similarity: float | None


def units_alignment(units: list[Unit], src: Document, tgt: Document, *, model: str, engine: str) -> Alignment:
    """Fill two empty documents with one segment per unit side, and make a bead per unit."""
    beads = []
    for unit in units:
        if not (unit.src or unit.tgt):
            continue
        src_ids, tgt_ids = _append_segment(src, unit.src), _append_segment(tgt, unit.tgt)
        beads.append(Bead(src_ids, tgt_ids, unit.similarity if src_ids and tgt_ids else None))
    return Alignment(src, tgt, beads, model=model, engine=engine)


def detected_alignment(
    units: list[Unit], path: Path, src_lang: str | None, tgt_lang: str | None, *, engine: str
) -> Alignment:
    """The units of a file that names no languages, each side's language detected unless given."""
    src = src_lang or detect_language(" ".join(unit.src for unit in units), path)
    tgt = tgt_lang or detect_language(" ".join(unit.tgt for unit in units), path)
    return units_alignment(units, Document(path, src, []), Document(path, tgt, []), model=UNKNOWN, engine=engine)


def _append_segment(document: Document, text: str) -> tuple[int, ...]:
    """Add a segment, as a paragraph of its own, and return its id; nothing for no text."""
    if not text:
        return ()
    document.sentences.append(Sentence(len(document.sentences), text, len(document.blocks)))
    document.blocks.append(Block("p", text, text))
    return (document.sentences[-1].id,)


def clean_segment(text: str) -> str:
    """A segment's text with its spaces collapsed, NFC-normalised."""
    return unicodedata.normalize("NFC", collapse_spaces(text))


def similarity_value(text: str | None) -> float | None:
    """A recorded similarity, or None when it is absent or not a finite number."""
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None
