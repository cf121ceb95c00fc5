"""The texts being aligned: documents, their blocks and sentences, and the beads that align them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from aligner.findings import Decision, FindingKey

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
    ``None`` when a side is empty. ``checked`` and ``comment`` are what a
    reviewer said of the bead; an aligner's bead has neither.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float | None = None
    #: A reviewer's word on the bead (``aligner review``): looked at and found right, and a comment.
    checked: bool = False
    comment: str = ""

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

    src: Document
    tgt: Document
    beads: list[Bead]
    model: str
    #: The engine that chose the beads, with its version ("aligner 0.5.0").
    engine: str = "unknown"
    #: Each side's sentence embeddings (row i: sentence i), kept from the alignment so that
    #: the checks embed no sentence again; None for an alignment read from a file.
    src_vectors: NDArray[np.float32] | None = field(default=None, repr=False, compare=False)
    tgt_vectors: NDArray[np.float32] | None = field(default=None, repr=False, compare=False)
    #: The reviewer's decisions on findings, read with an alignment from a file or a review: the
    #: checks' findings take them on by key (see :func:`aligner.findings.with_decisions`).
    decisions: dict[FindingKey, Decision] = field(default_factory=dict)

    def side_text(self, bead: Bead, side: Literal["src", "tgt"]) -> str:
        """The text of one side of a bead, its sentences joined by spaces."""
        document = self.src if side == "src" else self.tgt
        ids = bead.src if side == "src" else bead.tgt
        return " ".join(document.sentences[i].text for i in ids)

    def counts(self) -> dict[str, int]:
        """How many beads of each type, most frequent first."""
        counts: dict[str, int] = {}
        for bead in self.beads:
            counts[bead.kind] = counts.get(bead.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
