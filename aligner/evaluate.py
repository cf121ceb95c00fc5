"""Score alignments against gold beads exactly as Vecalign's and Bertalign's scorer does.

The scorer is ours so that ``evaluate`` runs on the default install (Bertalign's
module loads torch on import); ``tests/test_pipeline.py`` checks that both give
the same figures.
"""

from __future__ import annotations

import json
import time
from ast import literal_eval
from collections import defaultdict
from collections.abc import Sequence
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


#: One bead as the scorer sees it: source sentence ids, target sentence ids.
IdPair = tuple[tuple[int, ...], tuple[int, ...]]


def read_gold(path: Path) -> list[IdPair]:
    """Read a gold alignment: one bead a line, as ``[0, 1]:[2]`` (an empty side is ``[]``)."""
    beads = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            bead = _parse_bead(line)
            if bead is None:
                raise InputError(
                    f"{path}: line {number} is not a bead ({line.strip()[:60]!r}); gold lines look like [0, 1]:[2]"
                )
            beads.append(bead)
    return beads


def _parse_bead(line: str) -> IdPair | None:
    sides = line.split(":")
    if len(sides) != 2:
        return None
    try:
        src, tgt = (literal_eval(side.strip()) for side in sides)
        return tuple(int(i) for i in src), tuple(int(j) for j in tgt)
    except (SyntaxError, ValueError, TypeError):
        return None


def score_alignments(gold: Sequence[Sequence[IdPair]], test: Sequence[Sequence[IdPair]]) -> dict[str, float]:
    """Strict and lax precision, recall and F1 over documents (Vecalign's definitions).

    Strict: a bead counts when it is exactly a gold bead. Lax: when it shares
    a target sentence with the gold beads of one of its source sentences.
    Precision is over the test beads; recall over the gold beads, leaving out
    unmatched ones (1-0, 0-1) on both sides.
    """
    found = [0, 0, 0, 0]  # precision: strict hits, strict misses, lax hits, lax misses
    recalled = [0, 0, 0, 0]  # the same with gold and test swapped
    for gold_beads, test_beads in zip(gold, test, strict=True):
        _add(found, _hits(gold_beads, test_beads))
        _add(recalled, _hits([b for b in test_beads if b[0] and b[1]], [b for b in gold_beads if b[0] and b[1]]))
    scores = {}
    for name, (strict_hits, strict_misses, lax_hits, lax_misses) in (("precision", found), ("recall", recalled)):
        scores[f"{name}_strict"] = _ratio(strict_hits, strict_hits + strict_misses)
        scores[f"{name}_lax"] = _ratio(lax_hits, lax_hits + lax_misses)
    for kind in ("strict", "lax"):
        precision, recall = scores[f"precision_{kind}"], scores[f"recall_{kind}"]
        scores[f"f1_{kind}"] = _ratio(2 * precision * recall, precision + recall)
    return scores


def _add(total: list[int], counts: list[int]) -> None:
    for i, count in enumerate(counts):
        total[i] += count


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _hits(reference: Sequence[IdPair], beads: Sequence[IdPair]) -> list[int]:
    """Strict hits, strict misses, lax hits and lax misses of ``beads`` against ``reference``."""
    reference_set = {(tuple(src), tuple(tgt)) for src, tgt in reference if src or tgt}
    targets_of: defaultdict[int, set[int]] = defaultdict(set)
    for src, tgt in reference_set:
        for i in src:
            targets_of[i].update(tgt)
    counts = [0, 0, 0, 0]
    for bead in {(tuple(src), tuple(tgt)) for src, tgt in beads if src or tgt}:
        if bead in reference_set:
            counts[0] += 1
            counts[2] += 1
            continue
        counts[1] += 1
        near = set().union(*(targets_of[i] for i in bead[0])) if bead[0] else set()
        counts[2 if near & set(bead[1]) else 3] += 1
    return counts


def _as_pairs(beads: list[Bead]) -> list[IdPair]:
    return [(tuple(bead.src), tuple(bead.tgt)) for bead in beads]


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
    start = time.perf_counter()
    gold, test = [], []
    for gold_file in gold_files:
        source = load_document(src_dir / gold_file.name, src_lang, presplit=True)
        target = load_document(tgt_dir / gold_file.name, tgt_lang, presplit=True)
        try:
            gold.append(read_gold(gold_file))
        except UnicodeDecodeError as error:
            raise InputError(f"{gold_file}: is not UTF-8 text; gold lines look like [0, 1]:[2]") from error
        test.append(_as_pairs(align_documents(source, target, model, params).beads))
    scores = score_alignments(gold, test)
    return Evaluation(scores, len(gold_files), time.perf_counter() - start)
