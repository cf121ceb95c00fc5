"""Consistency benchmark: which terminology findings a reviewer gets, to read one by one.

    python bench/consistency_bench.py [--only dev2,corpus-read,corpus-blind]

There is no gold for consistency: a finding is right when a translator would
accept it, which a person judges. This writes every consistency finding of
three sets, one line each, so that two versions of the code can be compared
finding by finding (``diff``) and the new ones read:

- dev2: the 40 Acts of laws DEV2, as ``aligner corpus … --presplit`` runs them;
- corpus-read: 30 small Acts of the laws corpus (French under 50 KB: every
  25th from the 8th in name order), read when a rule was designed;
- corpus-blind: 30 others (every 25th from the 20th, those of corpus-read
  left out), counted but read only to judge a finished rule.

Results go to output/bench/consistency.{md,json}: per set the number of
findings, then the findings.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data"
OUT = REPO / "output" / "bench"
#: Acts of the laws corpus small enough for a quick run, and the stride through them.
SMALL_BYTES = 50_000
STRIDE = 25


def corpus_acts(start: int, leave_out: frozenset[str] = frozenset()) -> list[str]:
    """Every STRIDE-th small Act (French under SMALL_BYTES) of the laws corpus from ``start``, 30 at most, those in
    ``leave_out`` left out."""
    folder = DATA / "laws-corpus"
    small = [
        path.name
        for path in sorted((folder / "fr").iterdir())
        if path.stat().st_size < SMALL_BYTES and (folder / "en" / path.name).exists()
    ]
    return [name for name in small[start::STRIDE] if name not in leave_out][:30]


def sets() -> dict[str, tuple[Path, list[str], bool]]:
    """Each set: its folder (fr/, en/), the file names, and whether its files are one sentence per line."""
    found: dict[str, tuple[Path, list[str], bool]] = {}
    dev2 = DATA / "laws-fr-en-dev2"
    if dev2.is_dir():
        names = sorted(p.name for p in (dev2 / "fr").iterdir() if p.is_file())
        found["dev2"] = (dev2, names, True)
    if (DATA / "laws-corpus").is_dir():
        read = corpus_acts(7)
        found["corpus-read"] = (DATA / "laws-corpus", read, False)
        found["corpus-blind"] = (DATA / "laws-corpus", corpus_acts(19, frozenset(read)), False)
    return found


def findings_of(folder: Path, names: list[str], presplit: bool) -> list[str]:
    """Each document's consistency findings, as "name severity evidence"."""
    from aligner.checks.base import AlignedPair
    from aligner.checks.terms import consistency_findings
    from aligner.embed import load_embedder
    from aligner.embed.cache import EmbeddingCache
    from aligner.pipeline import align_documents, load_document

    embedder = load_embedder()
    lines = []
    for name in names:
        src = load_document(folder / "fr" / name, "fr", presplit=presplit)
        tgt = load_document(folder / "en" / name, "en", presplit=presplit)
        alignment = align_documents(src, tgt, embedder)
        pair = AlignedPair(alignment, EmbeddingCache.for_alignment(embedder, alignment))
        found = consistency_findings(alignment, pair.terms, pair.embedder)
        lines += [f"{name} {finding.severity} {finding.evidence}" for finding in found]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated sets: dev2, corpus-read, corpus-blind")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    chosen = sets()
    if not chosen:
        print(f"no data: {DATA} holds neither laws-fr-en-dev2 nor laws-corpus", file=sys.stderr)
        return 1
    only = set(args.only.split(",")) if args.only else set(chosen)
    started = time.perf_counter()
    results = {name: findings_of(*chosen[name]) for name in chosen if name in only}
    report = []
    for name, lines in results.items():
        report += [f"## {name}: {len(lines)} consistency findings", "", *(f"- {line}" for line in lines), ""]
    report.append(f"{time.perf_counter() - started:.1f} s, command: python {' '.join(sys.argv)}")
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "consistency.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    (args.output / "consistency.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
