"""Translation units read from an alignment file, turned into an :class:`~aligner.document.Alignment`.

A translation memory holds segments, not sentences, and says nothing of the
documents' structure: each side of a unit becomes one segment (numbered from
0 in file order) of a document made of paragraphs, and each unit one bead
(1-1, or 1-0 / 0-1 when a unit has one language only).

A large file is read twice, unit by unit, and never held whole: a first
pass learns what the whole file says (its languages, how many units, whether
any needs scoring), and a :class:`UnitFile` then gives the units again, as a
stream, for ``aligner convert`` to cut into chunks (:class:`Position` says
where a chunk starts in the whole file).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.languages import standard
from aligner.read.document import DETECT_CHARS, detect_language
from aligner.read.sniff import collapse_spaces

#: What the alignment engine or model is called when the file does not say.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Original:
    """What a TMX file holds of one unit beyond its plain text, as XML, for the TMX writer to
    write back: the ``<tu>`` with its attributes, notes and properties but no variant, and each
    side's ``<tuv>`` (its own attributes, notes, properties and the ``<seg>`` with its inline
    codes), None for a side the unit lacks."""

    unit: bytes
    src: bytes | None
    tgt: bytes | None


@dataclass(frozen=True)
class Unit:
    """One translation unit: its source and target segments ("" when absent), its similarity if
    given, and what the file holds of it beyond the text, when the file is a TMX."""

    src: str
    tgt: str
    similarity: float | None
    original: Original | None = None


@dataclass
class UnitAlignment(Alignment):
    """An alignment read from a file of units: per bead, what the file holds of its unit beyond the text."""

    originals: list[Original | None] = field(default_factory=list)
    #: The file header's notes and properties but this tool's own, as a ``<header>`` element, if any.
    header: bytes | None = None


@dataclass(frozen=True)
class UnitFile:
    """An alignment file read unit by unit: what a first pass over it learned, and its units again.

    ``units`` starts a new pass over the file each time it is called and
    yields only the units that have text on one of the chosen sides, in
    file order; ``count`` is how many it yields.
    """

    #: Each side's language tag (BCP 47, standard form), and the file it names as that side's.
    src_lang: str
    tgt_lang: str
    src_path: Path
    tgt_path: Path
    model: str
    engine: str
    count: int
    #: Whether some unit with both sides has no similarity: then every matched unit is scored
    #: with the embedding model, so that all similarities come from one model.
    unscored: bool
    units: Callable[[], Iterable[Unit]]
    #: What the user should know of the file: how its languages were matched, units left out,
    #: similarities that could not be used.
    warnings: tuple[str, ...] = ()
    #: The file header's notes and properties but this tool's own (see :class:`UnitAlignment`).
    header: bytes | None = None

    def alignment(self, units: Iterable[Unit]) -> UnitAlignment:
        """The alignment of ``units``: fresh documents with sentence ids from 0, one bead per unit."""
        return units_alignment(
            list(units),
            Document(self.src_path, self.src_lang, []),
            Document(self.tgt_path, self.tgt_lang, []),
            model=self.model,
            engine=self.engine,
            header=self.header,
        )

    def read(self) -> UnitAlignment:
        """The whole file as one alignment."""
        return self.alignment(self.units())


@dataclass(frozen=True)
class Position:
    """Where a chunk of units starts in the whole file: the number of its first bead (from 1)
    and how many source and target sentences come before it, so that numbers and sentence
    ids written chunk by chunk are those of the whole file."""

    bead: int = 1
    src: int = 0
    tgt: int = 0

    def after(self, alignment: Alignment) -> Position:
        """Where the chunk that follows ``alignment`` starts."""
        return Position(
            self.bead + len(alignment.beads),
            self.src + len(alignment.src.sentences),
            self.tgt + len(alignment.tgt.sentences),
        )

    def shift(self, ids: tuple[int, ...], side: str) -> tuple[int, ...]:
        """A chunk's sentence ids as ids in the whole file."""
        offset = self.src if side == "src" else self.tgt
        return tuple(i + offset for i in ids) if offset else ids


class LanguageSample:
    """The start of one side's text, as much as language detection looks at.

    ``" ".join`` of every unit's side, cut at ``DETECT_CHARS``, is what
    :func:`detected_alignment` detects the language of; this keeps only the
    units that reach into that cut, so a file read as a stream gets the very
    same answer without being held whole.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = -1

    def add(self, text: str) -> None:
        """Take one more unit's side, while the joined text is shorter than detection reads."""
        if self._length < DETECT_CHARS:
            self._parts.append(text)
            self._length += len(text) + 1

    @property
    def text(self) -> str:
        """The units' sides joined by spaces."""
        return " ".join(self._parts)


def units_alignment(
    units: list[Unit], src: Document, tgt: Document, *, model: str, engine: str, header: bytes | None = None
) -> UnitAlignment:
    """Fill two empty documents with one segment per unit side, and make a bead per unit."""
    beads, originals = [], []
    for unit in units:
        if not (unit.src or unit.tgt):
            continue
        src_ids, tgt_ids = _append_segment(src, unit.src), _append_segment(tgt, unit.tgt)
        beads.append(Bead(src_ids, tgt_ids, unit.similarity if src_ids and tgt_ids else None))
        originals.append(unit.original)
    return UnitAlignment(src, tgt, beads, model=model, engine=engine, originals=originals, header=header)


def detected_alignment(
    units: list[Unit], path: Path, src_lang: str | None, tgt_lang: str | None, *, engine: str
) -> UnitAlignment:
    """The units of a file that names no languages, each side's language detected unless given."""
    src = standard(src_lang) if src_lang else detect_language(" ".join(unit.src for unit in units), path)
    tgt = standard(tgt_lang) if tgt_lang else detect_language(" ".join(unit.tgt for unit in units), path)
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
    """A recorded similarity, or None when it is absent or unusable (see :func:`is_unusable_similarity`)."""
    try:
        value = float(text) if text and text.strip() else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and -1 <= value <= 1 else None


def is_unusable_similarity(text: str | None) -> bool:
    """Whether a recorded similarity is there but unusable: not a number, not finite (``nan``,
    ``inf``), or out of a cosine's range [-1, 1]."""
    return bool(text and text.strip()) and similarity_value(text) is None


def unusable_similarities_warning(path: Path, count: int) -> str:
    """The line that says a file's unusable similarities were set aside, and what was done instead."""
    return (
        f"{path}: {count:,} unit(s) record a similarity that is not a number in [-1, 1] (such as nan or inf); "
        "they are read as unscored, so every matched unit is scored again with the model"
    )
