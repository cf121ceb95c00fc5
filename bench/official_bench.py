"""Findings on official translations: number, date, name and form findings where the two versions agree.

    python bench/official_bench.py [--only read,blind] [--whole]

Official French and English versions of a statute state the same sums,
sections, days and names, and close what they open, so a ``number``,
``date``, ``name`` or form finding on two blocks that translate each other
is nearly always one a reviewer has to dismiss (or, rarely, a real
difference of the versions). The pairs are the
blocks of the laws corpus's Acts whose blocks pair by position (the test
that built the perturbed sets, ``perturb.one_to_one``), every block pair of
each Act, aligned one to one and run through the values, names and form
checks as ``aligner align`` runs them (``checks.run_checks``, the bundled
model).

- read: the Acts at even places in name order, whose findings may be read
  when a rule is designed;
- blind: those at odd places, counted, and read only to judge a finished rule.

Results go to output/bench/official.{md,json}: per set the pairs, the pairs
with a finding, the findings by kind and by severity, then every finding,
one line each ("code block kind severity: evidence"), to diff between two
versions of the code.

``--whole`` runs the same Acts as a user would, ``aligner align`` on each
pair of files (read, segmented and aligned by the programme, every check),
and counts every finding by kind: on official translations nearly each one
is a finding a reviewer has to dismiss. Results go to
output/bench/official-whole.{md,json}, one line a finding ("code
sentences kind severity: evidence").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data" / "laws-corpus"
OUT = REPO / "output" / "bench"


def acts() -> dict[str, list[Path]]:
    """The French files of the Acts whose blocks pair by position, in name order, dealt to "read" and "blind"."""
    from bench.perturb import one_to_one, read_units

    paired = []
    for path in sorted((DATA / "fr").glob("*.txt")):
        english = DATA / "en" / path.name
        if english.exists() and one_to_one(read_units(path), read_units(english)):
            paired.append(path)
    return {"read": paired[0::2], "blind": paired[1::2]}


#: The checks measured: those whose findings say the versions differ in what both must state alike.
CHECKS = ("values", "names", "form")
#: The kinds of their findings, in the order the table gives them.
KINDS = ("number", "date", "name", "form")


def findings_of(paths: list[Path]) -> tuple[int, list[str]]:
    """How many block pairs ``paths`` hold, and each finding of CHECKS on them, one line each."""
    from aligner.checks import run_checks
    from aligner.document import Alignment, Bead, Block, Document, Sentence
    from aligner.embed import load_embedder
    from aligner.read.encoding import INVISIBLE
    from bench.perturb import read_units

    def document(path: Path, lang: str) -> Document:
        # Without the invisible characters that reading removes ("Sched\u00adule"), as `aligner align` sees them.
        blocks = [INVISIBLE.sub("", block) for block in read_units(path)]
        sentences = [Sentence(n, text, n) for n, text in enumerate(blocks)]
        return Document(path=path, lang=lang, blocks=[Block("p", t, t) for t in blocks], sentences=sentences)

    embedder = load_embedder()
    pairs, lines = 0, []
    for path in paths:
        src, tgt = document(path, "fr"), document(DATA / "en" / path.name, "en")
        beads = [Bead((n,), (n,)) for n in range(len(src.sentences))]
        pairs += len(beads)
        found = run_checks(Alignment(src, tgt, beads, model=embedder.name), embedder, checks=CHECKS).findings
        lines += [f"{path.stem} {f.src[0] + 1} {f.kind} {f.severity}: {f.evidence}" for f in found]
    return pairs, sorted(lines, key=lambda line: (line.split()[0], int(line.split()[1])))


def whole_findings_of(paths: list[Path]) -> tuple[int, list[str]]:
    """How many beads ``aligner align`` makes of ``paths``, and each of its findings, one line each."""
    from aligner.checks import run_checks
    from aligner.embed import load_embedder
    from aligner.pipeline import align_documents, load_document

    embedder = load_embedder()
    beads, lines = 0, []
    for path in paths:
        alignment = align_documents(load_document(path, "fr"), load_document(DATA / "en" / path.name, "en"), embedder)
        beads += len(alignment.beads)
        for f in run_checks(alignment, embedder).findings:
            where = ",".join(map(str, f.src)) or "-" + ",".join(map(str, f.tgt))
            lines.append(f"{path.stem} {where} {f.kind} {f.severity}: {f.evidence}")
    return beads, sorted(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated sets: read, blind")
    parser.add_argument("--whole", action="store_true", help="aligner align on each Act, every check")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    from aligner.findings import FINDING_KINDS, SEVERITIES
    if not (DATA / "fr").is_dir():
        print(f"no data: {DATA} is missing; the laws corpus is read from ../shared/data", file=sys.stderr)
        return 1
    started = time.perf_counter()
    chosen = acts()
    only = set(args.only.split(",")) if args.only else set(chosen)
    measure, unit, stem = (
        (whole_findings_of, "beads", "official-whole") if args.whole else (findings_of, "block pairs", "official")
    )
    results = {}
    for name, paths in chosen.items():
        if name in only:
            pairs, lines = measure(paths)
            flagged = len({tuple(line.split()[:2]) for line in lines})
            results[name] = {"acts": len(paths), "pairs": pairs, "flagged": flagged, "findings": lines}
    kinds = FINDING_KINDS if args.whole else KINDS  # --whole: every kind, in the report's order
    report = [
        f"| set | Acts | {unit} | {unit} with a finding | {' / '.join(kinds)} findings | {' / '.join(SEVERITIES)} |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, result in results.items():
        counts = Counter(line.split()[2] for line in result["findings"])
        severities = Counter(line.split()[3].rstrip(":") for line in result["findings"])
        by_kind = " / ".join(str(counts[kind]) for kind in kinds)
        by_severity = " / ".join(str(severities[severity]) for severity in SEVERITIES)
        report.append(
            f"| {name} | {result['acts']} | {result['pairs']} | {result['flagged']} | {by_kind} | {by_severity} |"
        )
    report.append("")
    for name, result in results.items():
        findings = result["findings"]
        report += [f"## {name}: {len(findings)} findings", "", *(f"- {line}" for line in findings), ""]
    report.append(f"{time.perf_counter() - started:.1f} s, command: python {' '.join(sys.argv)}")
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"{stem}.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    (args.output / f"{stem}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print("\n".join(report[: report.index("") + 1]))
    print(report[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
