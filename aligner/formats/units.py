"""Translation units read from an alignment file, turned into an :class:`~aligner.document.Alignment`.

A translation memory holds segments, not sentences, and says nothing of the
documents' structure: each side of a unit becomes one segment (numbered from
0 in file order) of a document made of paragraphs, and each unit one bead
(1-1, or 1-0 / 0-1 when a unit has one language only).

A file this tool wrote records more: each side's sentence ids, so that a
unit is the bead it was (a 2-1 stays 2-1), each side one paragraph of its
sentences, and, where it was reviewed, the reviewer's word. The sentences
are numbered in file order, from 0, as this tool writes them; a file whose
ids run otherwise (edited, or merged from several) is read with a warning.

A large file is read twice, unit by unit, and never held whole: a first
pass learns what the whole file says (its languages, how many units, whether
any needs scoring), and a :class:`UnitFile` then gives the units again, as a
stream, for ``aligner convert`` to cut into chunks (:class:`Position` says
where a chunk starts in the whole file).
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.findings import Comparison, Decision, FindingKey
from aligner.formats.fields import Review, ids_field
from aligner.languages import standard
from aligner.read.document import DETECT_CHARS, detect_language
from aligner.read.sniff import collapse_spaces
from aligner.segment import split_sentences

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
    given, and what the file holds of it beyond the text, when the file is a TMX.

    A file this tool wrote also gives each side's sentence ids, its sentences
    where the file records where they end (else they are found again, see
    :func:`sentence_pieces`), and the reviewer's word on the bead.
    """

    src: str
    tgt: str
    similarity: float | None
    original: Original | None = None
    src_ids: tuple[int, ...] = ()
    tgt_ids: tuple[int, ...] = ()
    src_sentences: tuple[str, ...] = ()
    tgt_sentences: tuple[str, ...] = ()
    review: Review = field(default_factory=Review)


@dataclass
class UnitAlignment(Alignment):
    """An alignment read from a file of units: per bead, what the file holds of its unit beyond the text."""

    originals: list[Original | None] = field(default_factory=list)
    #: The file header's notes and properties but this tool's own, as a ``<header>`` element, if any.
    header: bytes | None = None
    #: Whether the file records a reviewer's word anywhere, so that every chunk of it is written
    #: with the same columns (see :func:`is_reviewed`).
    reviewed: bool = False


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
    #: Whether some unit records a reviewer's word.
    reviewed: bool = False
    #: The whole file as one alignment, for a format read whole that holds more than its units
    #: can (TEI: the documents' structure); ``units`` then gives its beads for chunking.
    whole: Alignment | None = None

    @classmethod
    def held(
        cls,
        units: list[Unit],
        src_lang: str,
        tgt_lang: str,
        src_path: Path,
        tgt_path: Path,
        *,
        model: str = UNKNOWN,
        engine: str = UNKNOWN,
        warnings: Iterable[str] = (),
        whole: Alignment | None = None,
    ) -> UnitFile:
        """A file read whole, its units held in memory and given again on each pass."""
        return cls(
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            src_path=src_path,
            tgt_path=tgt_path,
            model=model,
            engine=engine,
            count=len(units),
            unscored=any(unit.src and unit.tgt and unit.similarity is None for unit in units),
            units=lambda: iter(units),
            warnings=tuple(warnings),
            whole=whole,
        )

    @classmethod
    def of(cls, alignment: Alignment, warnings: Iterable[str] = ()) -> UnitFile:
        """An alignment read whole, as a unit file whose :meth:`read` gives it back as it is."""
        return cls.held(
            alignment_units(alignment),
            alignment.src.lang,
            alignment.tgt.lang,
            alignment.src.path,
            alignment.tgt.path,
            model=alignment.model,
            engine=alignment.engine,
            warnings=warnings,
            whole=alignment,
        )

    def alignment(self, units: Iterable[Unit]) -> UnitAlignment:
        """The alignment of ``units``: fresh documents with sentence ids from 0, one bead per unit."""
        alignment = units_alignment(
            list(units),
            Document(self.src_path, self.src_lang, []),
            Document(self.tgt_path, self.tgt_lang, []),
            model=self.model,
            engine=self.engine,
            header=self.header,
        )
        alignment.reviewed = self.reviewed
        return alignment

    def read(self) -> Alignment:
        """The whole file as one alignment."""
        return self.whole if self.whole is not None else self.alignment(self.units())


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
    """Fill two empty documents with each unit side's sentences, as a paragraph, and make a bead
    per unit, with the reviewer's word on it; the reviewer's decisions on findings are keyed by
    the ids given here to the sentences the file numbered (a decision on others is left out)."""
    beads, originals = [], []
    renumbered: tuple[dict[int, int], dict[int, int]] = ({}, {})
    decisions: list[tuple[FindingKey, Decision]] = []
    for unit in units:
        if not (unit.src or unit.tgt or unit.src_ids or unit.tgt_ids):
            continue
        src_ids = _append_sentences(src, unit.src, unit.src_ids, unit.src_sentences, renumbered[0])
        tgt_ids = _append_sentences(tgt, unit.tgt, unit.tgt_ids, unit.tgt_sentences, renumbered[1])
        similarity = unit.similarity if src_ids and tgt_ids else None
        beads.append(Bead(src_ids, tgt_ids, similarity, checked=unit.review.checked, comment=unit.review.comment))
        originals.append(unit.original)
        decisions.extend(unit.review.decisions)
    alignment = UnitAlignment(src, tgt, beads, model=model, engine=engine, originals=originals, header=header)
    for (kind, src_key, tgt_key), decision in decisions:
        if all(i in renumbered[0] for i in src_key) and all(j in renumbered[1] for j in tgt_key):
            key = kind, tuple(renumbered[0][i] for i in src_key), tuple(renumbered[1][j] for j in tgt_key)
            alignment.decisions[key] = decision
    return alignment


def is_reviewed(alignment: Alignment, comparison: Comparison) -> bool:
    """Whether a reviewer said anything of the alignment (a bead checked or commented, a finding
    decided), or of the file it was read from: the formats that give the reviewer's word columns
    of their own (TSV) add them only then."""
    return (
        (isinstance(alignment, UnitAlignment) and alignment.reviewed)
        or bool(alignment.decisions)
        or any(bead.checked or bead.comment for bead in alignment.beads)
        or any(item.decision is not None for item in comparison.findings)
    )


def alignment_units(alignment: Alignment) -> list[Unit]:
    """An alignment already read whole, as the units that give it again (each bead one unit),
    for ``aligner convert`` to cut into chunks."""
    bead_of = {("src", i): n for n, bead in enumerate(alignment.beads) for i in bead.src}
    bead_of.update({("tgt", j): n for n, bead in enumerate(alignment.beads) for j in bead.tgt})
    decisions: dict[int, list[tuple[FindingKey, Decision]]] = {}
    for key, decision in alignment.decisions.items():  # each goes with the bead of its first sentence
        first = ("src", key[1][0]) if key[1] else ("tgt", key[2][0]) if key[2] else None
        if first in bead_of:
            decisions.setdefault(bead_of[first], []).append((key, decision))
    units = []
    for number, bead in enumerate(alignment.beads):
        src = tuple(alignment.src.sentences[i].text for i in bead.src)
        tgt = tuple(alignment.tgt.sentences[j].text for j in bead.tgt)
        units.append(
            Unit(
                " ".join(src),
                " ".join(tgt),
                bead.similarity,
                src_ids=bead.src,
                tgt_ids=bead.tgt,
                src_sentences=src,
                tgt_sentences=tgt,
                review=Review(bead.checked, bead.comment, tuple(decisions.get(number, ()))),
            )
        )
    return units


def detected_alignment(
    units: list[Unit], path: Path, src_lang: str | None, tgt_lang: str | None, *, engine: str
) -> UnitAlignment:
    """The units of a file that names no languages, each side's language detected unless given."""
    src = standard(src_lang) if src_lang else detect_language(" ".join(unit.src for unit in units), path)
    tgt = standard(tgt_lang) if tgt_lang else detect_language(" ".join(unit.tgt for unit in units), path)
    return units_alignment(units, Document(path, src, []), Document(path, tgt, []), model=UNKNOWN, engine=engine)


def _append_sentences(
    document: Document, text: str, file_ids: tuple[int, ...], sentences: tuple[str, ...], renumbered: dict[int, int]
) -> tuple[int, ...]:
    """Add one unit side's sentences, as a paragraph, and return their ids; nothing for no text and no id.
    ``renumbered`` learns the id given to each sentence the file numbers."""
    if not (text or file_ids):
        return ()
    if " ".join(sentences) != text or (file_ids and len(sentences) != len(file_ids)):
        sentences = sentence_pieces(text, len(file_ids) or 1, document.lang)
    ids = tuple(range(len(document.sentences), len(document.sentences) + len(sentences)))
    document.sentences.extend(
        Sentence(i, sentence, len(document.blocks)) for i, sentence in zip(ids, sentences, strict=True)
    )
    document.blocks.append(Block("p", text, text))
    if len(file_ids) == len(ids):
        renumbered.update(zip(file_ids, ids, strict=True))
    return ids


def _spaces(text: str) -> int | None:
    return text.count(" ") if text else None


def sentence_pieces(text: str, count: int, lang: str) -> tuple[str, ...]:
    """``text`` cut at spaces into ``count`` sentences (fewer if it has too few spaces), so that
    joined with spaces they are ``text`` again: where the sentence segmenter ends sentences
    first (the nearest to an even share of the text each), then at the middle of the longest piece."""
    if count <= 1 or " " not in text:
        return (text,)
    spaces = [index for index, char in enumerate(text) if char == " "]
    ends, start = set(), 0
    for sentence in split_sentences(text, lang):
        found = text.find(sentence, start)
        if found < 0:
            break
        start = found + len(sentence)
        if start < len(text) and text[start] == " ":
            ends.add(start)
    cuts: set[int] = set()
    for share in range(1, min(count, len(spaces) + 1)):
        free = ends - cuts
        if not free:
            break
        cuts.add(min(free, key=lambda end: abs(end - share * len(text) / count)))
    while len(cuts) < min(count - 1, len(spaces)):
        bounds = [-1, *sorted(cuts), len(text)]
        low, high = max(itertools.pairwise(bounds), key=lambda pair: pair[1] - pair[0])
        middle = (low + high) / 2
        cuts.add(min((i for i in spaces if low < i < high), key=lambda i: abs(i - middle)))
    bounds = [-1, *sorted(cuts), len(text)]
    return tuple(text[low + 1 : high] for low, high in itertools.pairwise(bounds))


class SentenceIds:
    """Checks, unit by unit in file order, that the sentence ids a file records are as this tool
    writes them: on each side 0, 1, 2... with none missing or twice, every side with text numbered,
    as many sentences as its text can hold. Anything else is said in :meth:`warning`."""

    def __init__(self) -> None:
        self._next = [0, 0]
        self.numbered = False
        self._unnumbered: int | None = None
        self._problem: str | None = None

    def add(self, unit: Unit, number: int) -> None:
        """Look at the unit ``number`` (from 1, as a user counts them in the file)."""
        self.add_sides(number, (unit.src_ids, unit.tgt_ids), (_spaces(unit.src), _spaces(unit.tgt)))

    def add_sides(self, number: int, ids: tuple[tuple[int, ...], ...], spaces: tuple[int | None, ...]) -> None:
        """Look at a unit by what is checked of it: each side's ids, and how many spaces its text
        holds (None for no text), for a reader that keeps no text in its first pass."""
        for side, name in enumerate(("source", "target")):
            if not ids[side]:
                if spaces[side] is not None and self._unnumbered is None:
                    self._unnumbered = number
                continue
            self.numbered = True
            given = ids[side]
            expected = tuple(range(self._next[side], self._next[side] + len(given)))
            if self._problem is None and given != expected:
                self._problem = f"unit {number} has {name} ids {ids_field(given)} where {ids_field(expected)} were due"
            elif self._problem is None and (spaces[side] or 0) < len(given) - 1:
                self._problem = f"unit {number} has {len(given)} {name} ids but too few words for as many sentences"
            self._next[side] = max(self._next[side], max(given) + 1)

    def warning(self, path: Path) -> str | None:
        """The line that says how the file's ids were not as this tool writes them, if they were not."""
        problem = self._problem
        if self.numbered and self._unnumbered is not None:
            problem = problem or f"unit {self._unnumbered} has no sentence ids, where others have"
        if problem is None:
            return None
        return f"{path}: {problem}; its sentences are numbered again in file order (ids may differ from the file's)"


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
