"""The small dataclasses every pipeline stage takes and returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: The name under which the bundled embedding model is chosen and recorded.
DEFAULT_MODEL = "use-multilingual-v3"
#: The outputs a user chooses with ``--format``, and the file suffixes each one writes.
FORMATS: dict[str, tuple[str, ...]] = {
    "tmx": (".tmx",),
    "tei": (".tei.xml",),
    "tsv": (".tsv",),
    "xlsx": (".xlsx",),
    "jsonl": (".jsonl",),
    "report": (".divergences.json", ".divergences.md", ".report.html"),
}
DEFAULT_FORMATS = ("tmx", "tei", "tsv", "report")
#: ``aligner fetch`` gives up on a download after this many seconds, all told.
FETCH_TIMEOUT = 20.0
#: ``aligner fetch`` refuses responses larger than this many bytes (20 MB):
#: official pages and PDFs are far smaller.
FETCH_MAX_BYTES = 20_000_000

#: The implementations of the alignment programme (``--engine``).
ENGINES = ("aligner", "bertalign")
Engine = Literal["aligner", "bertalign"]

#: What a block is in the document's structure.
BlockKind = Literal["head", "p", "item"]


@dataclass(frozen=True)
class Block:
    """A structural unit of a document: a heading, a paragraph or a list item.

    ``text`` is the rebuilt text (wrapped lines joined, whitespace collapsed);
    ``original`` is the block exactly as it stood in the input, kept so that a
    reviewer can always trace a sentence back to its source lines.
    """

    kind: BlockKind
    text: str
    original: str


@dataclass(frozen=True)
class Sentence:
    """One segment of a document, the unit that is aligned.

    ``id`` is the 0-based position of the sentence in its document; in
    presplit mode it is the line number.
    """

    id: int
    text: str
    block: int


@dataclass
class Document:
    """A text read from one file, with its structure and its sentences."""

    path: Path
    lang: str
    blocks: list[Block]
    sentences: list[Sentence] = field(default_factory=list)
    encoding: str = "utf-8"
    #: What reading or segmenting had to repair, for the user to know.
    notes: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """The name that pairs this file with its translation in corpus mode."""
        return self.path.stem

    @property
    def headings(self) -> frozenset[int]:
        """The ids of the sentences that are headings."""
        return frozenset(s.id for s in self.sentences if self.blocks[s.block].kind == "head")

    @property
    def texts(self) -> list[str]:
        """The sentence texts, in order."""
        return [sentence.text for sentence in self.sentences]


@dataclass(frozen=True)
class Bead:
    """One alignment link: source sentence ids aligned with target sentence ids.

    Either side may be empty (an unmatched sentence on the other side).
    ``similarity`` is the cosine similarity of the two sides' embeddings, or
    ``None`` when a side is empty.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float | None = None

    @property
    def kind(self) -> str:
        """The bead type as aligners write it: ``1-1``, ``2-1``, ``0-1``..."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_match(self) -> bool:
        """True when both sides hold at least one sentence."""
        return bool(self.src) and bool(self.tgt)


@dataclass
class Alignment:
    """Two documents and the beads that align their sentences."""

    source: Document
    target: Document
    beads: list[Bead]
    model: str
    #: The engine that chose the beads, with its version ("aligner 0.5.0").
    engine: str = "unknown"

    def side_text(self, bead: Bead, side: Literal["src", "tgt"]) -> str:
        """The text of one side of a bead, its sentences joined by spaces."""
        document = self.source if side == "src" else self.target
        ids = bead.src if side == "src" else bead.tgt
        return " ".join(document.sentences[i].text for i in ids)

    def counts(self) -> dict[str, int]:
        """How many beads of each type, most frequent first."""
        counts: dict[str, int] = {}
        for bead in self.beads:
            counts[bead.kind] = counts.get(bead.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class Divergence:
    """A place where the two versions may not say the same thing."""

    kind: str
    severity: Literal["high", "medium", "low"]
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    evidence: str
    score: float
    #: Character spans ``[start, end)`` in ``src_text`` / ``tgt_text`` of the words that differ.
    src_spans: tuple[tuple[int, int], ...] = ()
    tgt_spans: tuple[tuple[int, int], ...] = ()


#: The kinds of finding, in the order a report presents them.
DIVERGENCE_KINDS = (
    "omission",
    "addition",
    "partial_omission",
    "partial_addition",
    "number",
    "date",
    "name",
    "meaning_drift",
    "structure",
    "form",
    "consistency",
)
SEVERITIES = ("high", "medium", "low")
#: ``aligner compare``'s default threshold on a pair's divergence score: chosen
#: on the development half of REFreSD (best F1 of divergent vs equivalent there).
COMPARE_THRESHOLD = 0.34


@dataclass(frozen=True)
class Term:
    """A recurring source term and the target renderings found in its aligned sentences."""

    source: str
    #: Source sentence ids where the term occurs.
    src: tuple[int, ...]
    #: Each rendering with how many times it was found, most frequent first.
    renderings: tuple[tuple[str, int], ...]

    @property
    def consistent(self) -> bool:
        """True when the term was rendered one way (or not found at all)."""
        return len(self.renderings) <= 1


@dataclass(frozen=True)
class PairScore:
    """How much the two sides of one matched bead differ, and where."""

    #: The bead's 0-based position in the alignment (for ``aligner compare``, the line).
    bead: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    #: Grows with how much the meanings differ (0 = same meaning).
    score: float
    label: Literal["equivalent", "divergent"]
    #: Character spans ``[start, end)`` of words with no counterpart, in each side's text.
    src_spans: tuple[tuple[int, int], ...] = ()
    tgt_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Picture:
    """The alignment at a glance: sentence similarities pooled into at most N x N cells.

    ``cells[r, c]`` is the highest similarity between source sentences
    ``r * src_step ...`` and target sentences ``c * tgt_step ...``.
    """

    cells: NDArray[np.float32]
    src_step: int
    tgt_step: int


@dataclass
class Comparison:
    """Everything the divergence stage found about one aligned pair."""

    items: list[Divergence]
    terms: list[Term] = field(default_factory=list)
    pairs: list[PairScore] = field(default_factory=list)
    picture: Picture | None = None


@dataclass(frozen=True)
class AlignParams:
    """Bertalign's parameters, with its defaults, and our own."""

    #: Which implementation runs the dynamic programme: ``aligner`` (ours,
    #: numpy) or ``bertalign`` (the package's numba kernels, which load torch).
    #: With ``margin`` 0 or 1 both choose the same beads; Bertalign's kernels
    #: know no other margin weight.
    engine: Engine = "aligner"
    #: Most sentences in one bead, both sides together.
    max_align: int = 5
    #: Candidate target sentences per source sentence in the first pass.
    top_k: int = 3
    #: Half-width of the second pass's search band around the first path.
    win: int = 5
    #: Score of leaving a sentence unmatched; higher means more 1-0/0-1 beads.
    skip: float = -0.1
    #: Weight of the neighbours' mean similarity subtracted from a bead's
    #: similarity: 1 is Bertalign's margin score, 0 plain cosine. The whole
    #: margin punishes a sentence for resembling its neighbours (two headings,
    #: repeated wording) and merges good pairs; 0.4 keeps most of its
    #: correction for sentences that resemble everything (README, "Accuracy").
    margin: float = 0.4
    #: Penalise beads whose two sides' lengths are out of proportion.
    len_penalty: bool = True
    #: Embed each run of sentences as one text (Bertalign's way) even when the
    #: model can compose runs from per-sentence parts (the bundled one can).
    exact_overlaps: bool = False
    #: Take a second look at the beads: separate unrelated pairs and detach
    #: sentences the other side lacks (aligner.refine), give headings glued
    #: to a neighbouring line to the bead whose line says them (aligner.glued).
    refine: bool = True
    #: Longer documents are cut at confident 1-1 anchors into chunks of about
    #: this many sentences, aligned one after the other: memory stays bounded.
    chunk: int = 5000
