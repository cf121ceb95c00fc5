"""Divergence benchmark: are omissions, additions and one-sided clauses found, and little else?

    python bench/divergence_bench.py

1. Omissions and additions on laws-fr-en DEV: every unit deleted from one
   version (omissions.tsv) must come out as an ``omission`` (French kept,
   English deleted) or an ``addition`` (English kept) on the kept sentence.
   Precision counts every omission/addition finding of the three documents.
2. Planted partial omissions: the gold 1-1 pairs of the same documents, in
   half of which (seeded) one clause is cut from one side. The other side
   then says something this side does not, so the pair must get a
   ``partial_omission`` (clause cut from the English) or ``partial_addition``
   (cut from the French) finding; the intact pairs must get none.

Results are printed and written to output/bench/divergence.{md,json}.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "laws-fr-en-dev"
OUT = REPO / "output" / "bench"
#: The share of gold pairs that get a clause cut, and the seed that picks them.
PLANT_SHARE = 0.5
SEED = 2026


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def gold_beads(path: Path) -> list[tuple[list[int], list[int]]]:
    beads = []
    for line in read_lines(path):
        src, tgt = line.split(":")
        beads.append((json.loads(src), json.loads(tgt)))
    return beads


def unmatched_scores() -> dict[str, float]:
    """Recall and precision of omissions and additions against omissions.tsv."""
    from aligner.diverge import compare
    from aligner.embed import load_embedder
    from aligner.pipeline import align_documents, load_document

    embedder = load_embedder()
    with (DATA / "omissions.tsv").open(encoding="utf-8") as stream:
        expected = {
            (row["doc"], "omission" if row["kept_lang"] == "fr" else "addition", int(row["kept_index"]))
            for row in csv.DictReader(stream, delimiter="\t")
        }
    found = set()
    for doc in sorted(path.name for path in (DATA / "gold").iterdir()):
        source = load_document(DATA / "fr" / doc, "fr", presplit=True)
        target = load_document(DATA / "en" / doc, "en", presplit=True)
        for item in compare(align_documents(source, target, embedder), embedder).items:
            if item.kind in ("omission", "addition"):
                for sentence in item.src or item.tgt:
                    found.add((doc, item.kind, sentence))
    hits = len(expected & found)
    return {"expected": len(expected), "found": len(found), "correct": hits,
            "recall": hits / len(expected), "precision": hits / max(len(found), 1)}


def planted_pairs() -> list[tuple[str, str, str | None]]:
    """Gold 1-1 pairs, half with one clause cut from one side: (fr, en, side cut or None)."""
    from aligner.partial import clause_spans, without

    rng = random.Random(SEED)
    pairs = []
    for doc in sorted(path.name for path in (DATA / "gold").iterdir()):
        french, english = read_lines(DATA / "fr" / doc), read_lines(DATA / "en" / doc)
        for src, tgt in gold_beads(DATA / "gold" / doc):
            if len(src) != 1 or len(tgt) != 1:
                continue
            fr_text, en_text = french[src[0]], english[tgt[0]]
            side = rng.choice(["fr", "en"])
            spans = clause_spans(fr_text if side == "fr" else en_text)
            if rng.random() < PLANT_SHARE and len(spans) >= 2:
                span = rng.choice(spans)
                if side == "fr":
                    fr_text = without(fr_text, span)
                else:
                    en_text = without(en_text, span)
                pairs.append((fr_text, en_text, side))
            else:
                pairs.append((fr_text, en_text, None))
    return pairs


def partial_scores() -> dict[str, float]:
    """Pair-level recall and precision of partial omissions/additions on the planted set."""
    from aligner.diverge import compare
    from aligner.embed import load_embedder
    from aligner.model import Alignment, Bead, Block, Document, Sentence

    embedder = load_embedder()
    pairs = planted_pairs()

    def document(texts: list[str], lang: str) -> Document:
        blocks = [Block("p", text, text) for text in texts]
        return Document(Path(f"planted.{lang}"), lang, blocks, [Sentence(i, t, i) for i, t in enumerate(texts)])

    source = document([fr for fr, _en, _side in pairs], "fr")
    target = document([en for _fr, en, _side in pairs], "en")
    beads = [Bead((i,), (i,)) for i in range(len(pairs))]
    items = compare(Alignment(source, target, beads, embedder.name), embedder).items
    # A clause cut from the English leaves the French saying more: a partial omission.
    wanted = {"en": "partial_omission", "fr": "partial_addition"}
    flagged = {item.src[0]: item.kind for item in items if item.kind in wanted.values()}
    planted = {i: wanted[side] for i, (_fr, _en, side) in enumerate(pairs) if side}
    correct = sum(1 for i, kind in planted.items() if flagged.get(i) == kind)
    return {"pairs": len(pairs), "planted": len(planted), "flagged": len(flagged), "correct": correct,
            "recall": correct / max(len(planted), 1), "precision": correct / max(len(flagged), 1)}


def main() -> int:
    if not DATA.is_dir():
        print(f"{DATA}: not found; the benchmark needs ../shared/data beside the repository", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results = {"omissions_additions": unmatched_scores(), "planted_partial": partial_scores()}
    results["seconds"] = round(time.perf_counter() - start, 1)
    unmatched, partial = results["omissions_additions"], results["planted_partial"]
    table = "\n".join([
        "| laws-fr-en DEV | expected | found | correct | recall | precision |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| omissions + additions | {unmatched['expected']} | {unmatched['found']} | {unmatched['correct']} | "
        f"{unmatched['recall']:.2f} | {unmatched['precision']:.2f} |",
        f"| planted partial omissions/additions ({partial['pairs']} pairs) | {partial['planted']} | "
        f"{partial['flagged']} | {partial['correct']} | {partial['recall']:.2f} | {partial['precision']:.2f} |",
    ])
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "divergence.md").write_text(table + "\n", encoding="utf-8")
    (OUT / "divergence.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
