"""Score alignments against gold beads exactly as Vecalign's and Bertalign's scorer does."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from aligner.document import Bead
from aligner.errors import InputError
from aligner.pipeline import align_documents, load_document
from aligner.settings import DEFAULT_MODEL, AlignParams


@dataclass
class Evaluation:
    """Strict and lax precision, recall and F1 over a set of documents."""

    scores: dict[str, float]
    documents: int
    seconds: float

    def as_dict(self) -> dict[str, float | int]:
        """The fields of ``--json`` output."""
        return {**self.scores, "documents": self.documents, "seconds": round(self.seconds, 2)}

    def to_json(self) -> str:
        """One JSON object, the contract other tools read."""
        return json.dumps(self.as_dict())

    def __str__(self) -> str:
        s = self.scores
        return "\n".join(
            [
                f"{self.documents} documents, {self.seconds:.1f} s",
                "            strict    lax",
                f"precision   {s['precision_strict']:.3f}   {s['precision_lax']:.3f}",
                f"recall      {s['recall_strict']:.3f}   {s['recall_lax']:.3f}",
                f"F1          {s['f1_strict']:.3f}   {s['f1_lax']:.3f}",
            ]
        )


def _as_pairs(beads: list[Bead]) -> list[tuple[list[int], list[int]]]:
    return [(list(bead.src), list(bead.tgt)) for bead in beads]


def evaluate(
    src_dir: Path,
    tgt_dir: Path,
    gold_dir: Path,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    model: str = DEFAULT_MODEL,
    params: AlignParams = AlignParams(),
) -> Evaluation:
    """Align every ``src_dir/X`` with ``tgt_dir/X`` and score against ``gold_dir/X``.

    The files hold one sentence per line (presplit): gold indices are line numbers.
    """
    for folder in (src_dir, tgt_dir, gold_dir):
        if not folder.is_dir():
            raise InputError(f"{folder}: is not a folder; evaluate takes SRC_DIR TGT_DIR GOLD_DIR")
    gold_files = sorted(path for path in gold_dir.iterdir() if path.is_file() and not path.name.startswith("."))
    if not gold_files:
        raise InputError(f"{gold_dir}: holds no gold alignment files")
    # Bertalign's scorer (Vecalign's) is the reference; importing it loads torch.
    from bertalign.eval import InvalidAlignmentLineError, read_alignments, score_multiple

    start = time.perf_counter()
    gold, test = [], []
    for gold_file in gold_files:
        source = load_document(src_dir / gold_file.name, src_lang, presplit=True)
        target = load_document(tgt_dir / gold_file.name, tgt_lang, presplit=True)
        try:
            gold.append(read_alignments(gold_file))
        except (InvalidAlignmentLineError, UnicodeDecodeError) as error:
            raise InputError(f"{gold_file}: {error}; gold lines look like [0, 1]:[2]") from error
        test.append(_as_pairs(align_documents(source, target, model, params).beads))
    scores = score_multiple(gold_list=gold, test_list=test)
    return Evaluation(scores, len(gold_files), time.perf_counter() - start)
