"""Corpus benchmark: a fixed sample of the laws corpus aligned with --jobs 1, --jobs 2 and on a
local Ray cluster of 2 workers; then one Ray worker killed mid-run.

    python bench/corpus_bench.py                 # every 20th pair (47 of 926), all four runs
    python bench/corpus_bench.py --every 40 --only jobs1,jobs2

The sample is every ``--every``-th pair of ../shared/data/laws-corpus by sorted name, starting
with the first (every 20th: 47 pairs, about 1/20 of the corpus's bytes). Each run is a fresh
process aligning the sample into its own folder with the bundled model and the corpus command's
default formats (the checks included), as ``aligner corpus`` does. Reported: wall time (the whole
run: hashing the inputs, the pairs, the corpus-level files), pairs and sentences (both sides) per
second, each worker's peak resident memory (its own high-water mark: ru_maxrss), the driver's CPU
time per pair (what bounds one driver), the output bytes per pair, and the scaling ratio (the
one-worker wall time over the run's). Figures for the whole corpus are extrapolated from the
sample by input bytes, and said to be.

The kill run ("ray-kill", every ``--kill-every``-th pair) starts a local Ray instance of 2 workers
and, 1 s after the first pair comes back, kills (SIGKILL) the worker process that aligned it,
which by then is aligning another pair. It checks that the run still finishes with every pair
done exactly once: once in the manifest, and in the corpus TMX and JSONL with as many units as
the pair's own files hold. Bounded: every run is stopped after --timeout seconds.

Results: printed, and written to OUTDIR/corpus.md and OUTDIR/corpus.json (default output/bench).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "data" / "laws-corpus"
#: Each run: its workers, and where (None: worker processes here; local: a Ray instance started here).
RUNS: dict[str, tuple[int, str | None]] = {
    "jobs1": (1, None),
    "jobs2": (2, None),
    "ray2": (2, "local"),
    "ray-kill": (2, "local"),
}


def sample(every: int) -> list[str]:
    """Every ``every``-th pair name by sorted name, from the first."""
    stems = [{path.stem for path in (CORPUS / side).iterdir()} for side in ("fr", "en")]
    names = sorted(stems[0] & stems[1])
    return names[::every]


def input_bytes(names: list[str]) -> int:
    return sum((CORPUS / side / f"{name}.txt").stat().st_size for name in names for side in ("fr", "en"))


def run_one(name: str, pairs: list[str], out: Path) -> dict[str, object]:
    """One run in this process (a fresh one: see main); returns its figures."""
    from aligner.cli import CORPUS_FORMATS
    from aligner.corpus_run import CorpusRun, CorpusSettings, PairJob, PairOutcome
    from aligner.manifest import read_manifest
    from aligner.pipeline import PairSettings
    from aligner.settings import DEFAULT_MODEL, AlignParams

    shutil.rmtree(out, ignore_errors=True)
    jobs = [PairJob(pair, CORPUS / "fr" / f"{pair}.txt", CORPUS / "en" / f"{pair}.txt") for pair in pairs]
    settings = CorpusSettings(out, PairSettings("fr", "en", False, DEFAULT_MODEL, AlignParams(), CORPUS_FORMATS))
    killed: list[int] = []

    def kill_after_first(outcome: PairOutcome) -> None:
        if name == "ray-kill" and not killed:
            pid = int(outcome.worker.split(":")[1])
            killed.append(pid)
            threading.Timer(1.0, os.kill, (pid, signal.SIGKILL)).start()

    workers, ray = RUNS[name]
    run = CorpusRun(jobs, settings, workers=workers, ray=ray, show=kill_after_first, progress=False)
    started = time.perf_counter()
    run.run()
    wall = time.perf_counter() - started
    driver = resource.getrusage(resource.RUSAGE_SELF)
    entries = read_manifest(out)
    figures: dict[str, object] = {
        "run": name,
        "pairs": len(pairs),
        "failed": [outcome.pair for outcome in run.failed],
        "sentences": run.sentences,
        "wall_s": round(wall, 1),
        "pairs_loop_s": round(run.seconds, 1),
        "pairs_per_s": round(len(pairs) / wall, 3),
        "sentences_per_s": round(run.sentences / wall, 1),
        "worker_peak_mb": {worker: round(mb) for worker, mb in sorted(run.peaks.items())},
        "driver_cpu_s_per_pair": round((driver.ru_utime + driver.ru_stime) / len(pairs), 3),
        "output_bytes_per_pair": round(
            sum(record.size for entry in entries.values() for record in entry.outputs.values()) / len(pairs)
        ),
    }
    if name == "ray-kill":
        figures["killed_worker_pid"] = killed[0] if killed else None
        figures["every_pair_once"] = every_pair_once(out, pairs)
    if name == "jobs1":  # the driver aligns the pairs itself: its CPU is not the driver's own cost
        figures.pop("driver_cpu_s_per_pair")
    return figures


def every_pair_once(out: Path, pairs: list[str]) -> bool:
    """Each pair done once in the manifest, and in the corpus TMX and JSONL as often as in its own files."""
    from lxml import etree

    from aligner.manifest import MANIFEST_NAME

    lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()]
    if sorted(line["pair"] for line in lines if line["status"] == "done") != sorted(pairs):
        return False
    units = etree.parse(str(out / "corpus.tmx")).iterfind("body/tu/prop[@type='x-document']")
    tmx = Counter(prop.text for prop in units)
    with (out / "corpus.jsonl").open(encoding="utf-8") as stream:
        jsonl = Counter(json.loads(line)["document"] for line in stream)
    for pair in pairs:
        own = len(etree.parse(str(out / f"{pair}.tmx")).findall("body/tu"))
        beads = sum(1 for _line in (out / f"{pair}.jsonl").open(encoding="utf-8"))
        if tmx[pair] != own or jsonl[pair] != beads:
            return False
    return True


def main() -> int:
    global CORPUS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=20, help="sample every Nth pair (default 20)")
    parser.add_argument("--kill-every", type=int, default=60, help="the kill run's sample (default every 60th)")
    parser.add_argument("--only", default=",".join(RUNS), help=f"runs, comma-separated: {', '.join(RUNS)}")
    parser.add_argument("--timeout", type=float, default=3600, help="stop a run after this many seconds")
    parser.add_argument("-o", "--output", type=Path, default=REPO / "output" / "bench")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the laws corpus folder (default %(default)s)")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # one run, in the child process
    parser.add_argument("--pairs", help=argparse.SUPPRESS)
    args = parser.parse_args()
    CORPUS = args.corpus
    if args.run:
        print(json.dumps(run_one(args.run, args.pairs.split(","), args.output / f"corpus-{args.run}")))
        return 0
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is absent: the laws corpus sits in ../shared/data beside the repository")
    everything = sample(1)
    results = []
    for name in args.only.split(","):
        pairs = sample(args.kill_every if name == "ray-kill" else args.every)
        print(f"{name}: {len(pairs)} pairs, {input_bytes(pairs) / 1e6:.1f} MB of input ...", flush=True)
        command = [sys.executable, __file__, "--run", name, "--pairs", ",".join(pairs), "-o", str(args.output),
                   "--corpus", str(CORPUS)]
        try:
            child = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, cwd=REPO, check=False)
        except subprocess.TimeoutExpired:
            results.append({"run": name, "pairs": len(pairs), "stopped_after_s": args.timeout})
            continue
        if child.returncode != 0:
            sys.exit(f"{name} failed:\n{child.stderr[-3000:]}")
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        share = input_bytes(pairs) / input_bytes(everything)
        figures["input_share"] = round(share, 4)
        figures["whole_corpus_wall_h_extrapolated"] = round(float(figures["wall_s"]) / share / 3600, 2)
        results.append(figures)
        print(json.dumps(figures), flush=True)
    base = next((r for r in results if r["run"] == "jobs1" and "wall_s" in r), None)
    for figures in results:
        if base and "wall_s" in figures and figures["run"] != "ray-kill":
            figures["scaling_vs_jobs1"] = round(float(base["wall_s"]) / float(figures["wall_s"]), 2)
    report = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared with other work)",
        "sample": f"every {args.every}th pair of {len(everything)} by sorted name "
        f"(kill run: every {args.kill_every}th)",
        "runs": results,
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "corpus.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.output / "corpus.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return 0


def markdown(report: dict[str, object]) -> str:
    lines = [
        f"Sample: {report['sample']}. Machine: {report['machine']}.",
        "",
        "| run | pairs | sentences | wall s | pairs/s | sentences/s | peak MB per worker | scaling | "
        "driver CPU s/pair | whole corpus, h (extrapolated) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in report["runs"]:  # type: ignore[attr-defined]
        if "wall_s" not in r:
            lines.append(f"| {r['run']} | {r['pairs']} | stopped after {r['stopped_after_s']} s |")
            continue
        peaks = ", ".join(str(mb) for mb in r["worker_peak_mb"].values())
        lines.append(
            f"| {r['run']} | {r['pairs']} | {r['sentences']} | {r['wall_s']} | {r['pairs_per_s']} | "
            f"{r['sentences_per_s']} | {peaks} | {r.get('scaling_vs_jobs1', '—')} | "
            f"{r.get('driver_cpu_s_per_pair', '—')} | {r['whole_corpus_wall_h_extrapolated']} |"
        )
        if r["run"] == "ray-kill":
            lines.append(
                f"\nKill run: worker {r['killed_worker_pid']} killed 1 s after the first pair; failed pairs: "
                f"{r['failed'] or 'none'}; every pair exactly once in the outputs: {r['every_pair_once']}."
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
