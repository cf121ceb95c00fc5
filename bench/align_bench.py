"""Alignment benchmark: our aligner beside the peers, same embeddings, one run.

    python bench/align_bench.py                 # Text+Berg, laws DEV and the perturbed demo Act, every system
    python bench/align_bench.py --scale 1000,5000,20000   # long-document rows too

Each system runs on each data set in a fresh process (so that wall time and
peak memory are the whole process's: imports, model load, embedding,
alignment), and the parent scores the beads with Vecalign's scorer. Results
are printed and written to output/bench/alignment.{md,json}.

Systems, all with the bundled USE model where they embed:
- aligner: this package's default (overlaps composed from sentence parts);
- aligner-exact: this package with --exact-overlaps;
- aligner-norefine: this package with --no-refine (the programme's beads as they are);
- aligner-margin1: this package with --margin 1 (Bertalign's whole margin score);
- aligner-bertalign-engine: this package with --engine bertalign (Bertalign's
  numba kernels run the programme instead of ours, with their whole margin:
  the beads of aligner-margin1, torch loaded);
- bertalign: the bertalign 2.0.1 package's ``Bertalign`` class, fed USE
  through its ``Encoder`` interface;
- vecalign: Vecalign's dynamic programme (package sentalign);
- galechurch: Gale and Church's length-based aligner (package galechurch).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from perturb import write_set

from aligner.evaluate import read_gold, score_alignments

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
SETS = {
    "textberg-de-fr": ("de", "fr"),
    "laws-fr-en-dev": ("fr", "en"),
}
#: The demo Act perturbed as laws DEV was (bench/perturb.py), one document per seed:
#: French–English gold that no setting was chosen on.
PERTURBED_SET = "demo-act-perturbed"
PERTURBED_SEEDS = range(30)
SYSTEMS = (
    "aligner",
    "aligner-exact",
    "aligner-norefine",
    "aligner-margin1",
    "aligner-bertalign-engine",
    "bertalign",
    "vecalign",
    "galechurch",
)
#: The systems that the long-document rows can run (the others are too slow or need no measuring).
SCALE_SYSTEMS = ("aligner", "aligner-bertalign-engine", "bertalign")


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


# --- Workers: one system, one list of document pairs, in this process --------


def _align_with(
    system: str, src: list[str], tgt: list[str], langs: tuple[str, str]
) -> list[tuple[list[int], list[int]]]:
    if system.startswith("aligner"):
        from aligner.align import align_sentences
        from aligner.embed import load_embedder
        from aligner.settings import AlignParams

        params = AlignParams(
            exact_overlaps=system == "aligner-exact",
            refine=system != "aligner-norefine",
            engine="bertalign" if system == "aligner-bertalign-engine" else "aligner",
            margin=1.0 if system in ("aligner-margin1", "aligner-bertalign-engine") else AlignParams.margin,
        )
        return [(list(b.src), list(b.tgt)) for b in align_sentences(load_embedder(), src, tgt, params).beads]
    if system == "bertalign":
        from bertalign import Bertalign, Encoder

        from aligner.embed import OverlapEncoder, load_embedder

        class UseEncoder(OverlapEncoder, Encoder):
            """Bertalign's Encoder interface over the bundled model (Bertalign wants an Encoder)."""

        model = UseEncoder(load_embedder(), exact=True)
        aligner = Bertalign("\n".join(src), "\n".join(tgt), is_split=True, model=model)
        return [([int(i) for i in s], [int(j) for j in t]) for s, t in aligner.align_sents()]
    if system == "vecalign":
        from sentalign import sentalign

        from aligner.embed import load_embedder

        result = sentalign(src, tgt, encoder=load_embedder())
        return [([int(i) for i in a.src_indices], [int(j) for j in a.tgt_indices]) for a in result.alignments]
    if system == "galechurch":
        import galechurch

        result = galechurch.align(src, tgt)
        return [_parse_bead(line) for line in result.to_pharaoh_lines()]
    raise ValueError(system)


def _parse_bead(line: str) -> tuple[list[int], list[int]]:
    left, right = line.split(":")
    return json.loads(left), json.loads(right)


def worker(system: str, pairs_file: Path) -> None:
    """Align the pairs listed in ``pairs_file``; print beads, time and peak memory as JSON."""
    start = time.perf_counter()
    pairs = json.loads(pairs_file.read_text(encoding="utf-8"))
    beads = [_align_with(system, read_lines(Path(s)), read_lines(Path(t)), tuple(langs)) for s, t, langs in pairs]
    seconds = time.perf_counter() - start
    print(json.dumps({"beads": beads, "seconds": seconds, "peak_mb": _peak_kib() / 1024}))


def _peak_kib() -> int:
    """This process's peak resident memory, in KiB.

    Linux keeps ``ru_maxrss`` across exec, so a worker started by a parent
    that already holds torch (after scoring) would report the parent's size;
    the kernel's own high-water mark of the process's memory (``VmHWM``) starts afresh.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


# --- Parent: run every system, score, report ---------------------------------


def run_system(system: str, pairs: list[tuple[str, str, tuple[str, str]]], scratch: Path) -> dict:
    pairs_file = scratch / f"{system}.pairs.json"
    pairs_file.write_text(json.dumps(pairs), encoding="utf-8")
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", system, str(pairs_file)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"{system} failed:\n{completed.stderr[-2000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def unmatched_scores(gold: list, test: list) -> dict[str, float]:
    """Precision and recall of the sentences left unmatched (1-0 and 0-1 beads)."""

    def unmatched(beads: list) -> set[tuple[int, str, int]]:
        found = set()
        for doc, doc_beads in enumerate(beads):
            for src, tgt in doc_beads:
                if not tgt:
                    found |= {(doc, "src", i) for i in src}
                if not src:
                    found |= {(doc, "tgt", j) for j in tgt}
        return found

    gold_set, test_set = unmatched(gold), unmatched(test)
    hits = len(gold_set & test_set)
    return {
        "unmatched_precision": hits / len(test_set) if test_set else 1.0,
        "unmatched_recall": hits / len(gold_set) if gold_set else 1.0,
        "unmatched_gold": len(gold_set),
    }


def gold_sets(scratch: Path) -> list[tuple[str, Path, tuple[str, str]]]:
    """Each gold set's name, folder and languages; the perturbed demo Act is written under ``scratch``."""
    sets = [(name, DATA / name, langs) for name, langs in SETS.items()]
    demo = DATA / "demo-public-safety-act"
    if demo.is_dir():
        sets.append((PERTURBED_SET, write_set(demo, scratch / PERTURBED_SET, PERTURBED_SEEDS), ("fr", "en")))
    else:
        print(f"skipping {PERTURBED_SET}: {demo} is absent", file=sys.stderr)
    return sets


def accuracy_rows(systems: list[str], scratch: Path) -> list[dict]:
    runs = []
    for name, folder, (src_lang, tgt_lang) in gold_sets(scratch):
        if not folder.is_dir():
            print(f"skipping {name}: {folder} is absent", file=sys.stderr)
            continue
        golds = sorted((folder / "gold").iterdir())
        pairs = [
            (str(folder / src_lang / g.name), str(folder / tgt_lang / g.name), (src_lang, tgt_lang)) for g in golds
        ]
        for system in systems:
            runs.append((name, golds, system, run_system(system, pairs, scratch)))
            print(f"{name} {system}: {runs[-1][3]['wall']:.1f} s", file=sys.stderr)
    rows = []
    for name, golds, system, result in runs:
        gold = [read_gold(g) for g in golds]
        scores = score_alignments(gold, result["beads"])
        rows.append({
            "data": name, "system": system, **scores, **unmatched_scores(gold, result["beads"]),
            "seconds": round(result["wall"], 1), "peak_mb": round(result["peak_mb"]),
        })
    return rows


def scale_rows(sizes: list[int], systems: list[str], scratch: Path) -> list[dict]:
    """Text+Berg sentences repeated to ``n`` per side, as in the issue's baseline table."""
    folder = DATA / "textberg-de-fr"
    src = [line for path in sorted((folder / "de").iterdir()) for line in read_lines(path)]
    tgt = [line for path in sorted((folder / "fr").iterdir()) for line in read_lines(path)]
    rows = []
    for size in sizes:
        src_file, tgt_file = scratch / f"scale-{size}.de", scratch / f"scale-{size}.fr"
        src_file.write_text("\n".join((src * (size // len(src) + 1))[:size]) + "\n", encoding="utf-8")
        tgt_file.write_text("\n".join((tgt * (size // len(tgt) + 1))[:size]) + "\n", encoding="utf-8")
        for system in systems:
            result = run_system(system, [(str(src_file), str(tgt_file), ("de", "fr"))], scratch)
            rows.append(
                {"n": size, "system": system, "seconds": round(result["wall"], 1), "peak_mb": round(result["peak_mb"])}
            )
            print(f"scale n={size} {system}: {rows[-1]['seconds']} s, {rows[-1]['peak_mb']} MB", file=sys.stderr)
    return rows


def _accuracy_line(row: dict) -> str:
    return (
        f"| {row['data']} | {row['system']} | {row['precision_strict']:.3f} | {row['recall_strict']:.3f} | "
        f"{row['f1_strict']:.3f} | {row['precision_lax']:.3f} | {row['recall_lax']:.3f} | {row['f1_lax']:.3f} | "
        f"{row['unmatched_precision']:.2f} | {row['unmatched_recall']:.2f} | {row['seconds']} | {row['peak_mb']} |"
    )


def markdown(accuracy: list[dict], scale: list[dict]) -> str:
    lines = [
        "# Alignment benchmark",
        "",
        f"Machine: {_machine()}. Every system uses the bundled USE model where it embeds; "
        "time and memory are whole processes (imports and model load included).",
        "",
        "| data | system | P strict | R strict | F1 strict | P lax | R lax | F1 lax "
        "| unmatched P | unmatched R | wall s | peak MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *map(_accuracy_line, accuracy),
    ]
    if scale:
        lines += ["", "## Long documents (Text+Berg sentences repeated)", "",
                  "| sentences per side | system | wall s | peak MB |", "| --- | --- | --- | --- |"]
        lines += [f"| {r['n']} | {r['system']} | {r['seconds']} | {r['peak_mb']} |" for r in scale]
    return "\n".join(lines) + "\n"


def _machine() -> str:
    import os
    import platform

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker", nargs=2, metavar=("SYSTEM", "PAIRS_JSON"), help=argparse.SUPPRESS)
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ", ".join(SYSTEMS))
    parser.add_argument(
        "--scale", default="",
        help="comma-separated sentence counts for the long-document rows (for those of --systems among "
        + ", ".join(SCALE_SYSTEMS) + ")",
    )
    parser.add_argument("-o", "--output", type=Path, default=REPO / "output" / "bench")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return
    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
    args.output.mkdir(parents=True, exist_ok=True)
    scratch = args.output / "scratch"
    scratch.mkdir(exist_ok=True)
    accuracy = accuracy_rows(systems, scratch)
    sizes = [int(n) for n in args.scale.split(",") if n]
    scale = scale_rows(sizes, [s for s in systems if s in SCALE_SYSTEMS], scratch) if sizes else []
    report = markdown(accuracy, scale)
    (args.output / "alignment.md").write_text(report, encoding="utf-8")
    (args.output / "alignment.json").write_text(
        json.dumps({"accuracy": accuracy, "scale": scale}, indent=2), encoding="utf-8"
    )
    print(report)


if __name__ == "__main__":
    main()
