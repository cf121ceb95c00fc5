"""Speed benchmark: the "before" code beside the current code, through the CLI, in one run.

    python bench/speed_bench.py                              # every workload
    python bench/speed_bench.py --only demo,compare          # a subset
    python bench/speed_bench.py --scale 5000,20000 --baseline /work/baseline

Every measurement is one fresh ``aligner`` process (the console script named in
the checkout's pyproject.toml, run with PYTHONPATH set to the checkout, so the
layout of the package does not matter), first for the "before" checkout
(--baseline), then for the current one (--current, by default this script's own
checkout). Wall time is the whole process: start, imports, model load, work and
writing the outputs; peak memory is the child's own high-water mark (VmHWM in
/proc/PID/status, polled while it runs). A run past its timeout is stopped and
reported as "> N s (stopped)".

Workloads (--only takes their names):
- demo: the demo Act, ``align`` with the default outputs (with report) and
  with ``--format tmx`` (alignment only);
- textberg: every Text+Berg document concatenated into one pair, ``align --presplit``, both ways;
- scale: Text+Berg sentences repeated to n per side (--scale), ``align --presplit``, both ways;
- compare: REFreSD's 519 development pairs through ``compare`` (pairs per second);
- convert: a TMX 1.4 file of --tmx-units unique units through ``convert`` (units per second);
- corners: one pair of ~40,000 characters a side through ``compare``, and 50,000
  tiny repetitive sentences a side through ``align --presplit --format tmx``
  (their own --corner-timeout).

With --repeat N each row runs N times per checkout, the two checkouts taking
turns, and the table keeps each one's fastest run (the least disturbed by other
work on the machine); speed.json lists every wall time.

Results are printed and written to OUTDIR/speed.md and OUTDIR/speed.json.
Before measuring, each checkout is checked to import its own ``aligner`` and is
warmed up once (bytecode compiled into a cache of this run's, so the baseline
checkout is never written to, and the model read from disk).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from align_bench import DATA, REPO, read_lines

DEMO = DATA / "demo-public-safety-act"
TEXTBERG = DATA / "textberg-de-fr"
REFRESD_PAIRS = DATA / "refresd-dev" / "pairs.tsv"
WORKLOADS = ("demo", "textberg", "scale", "compare", "convert", "corners")
#: The report may cost at most this many times the alignment alone (the project's goal).
REPORT_RATIO_GOAL = 2.0
CORNER_CHARS = 40_000
CORNER_SENTENCES = 50_000
CORNER_FR = ("Article 1.", "Article 2.", "Section 1.", "Chapitre 3.", "Annexe.")
CORNER_EN = ("Section 1.", "Section 2.", "Article 1.", "Chapter 3.", "Schedule.")
POLL_SECONDS = 0.05
TAIL_CHARS = 2000
WARM_UP_TIMEOUT = 600


# --- What to run -------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One row of the table: a CLI command line (without ``-o``) run once per checkout."""

    workload: str
    label: str
    args: tuple[str, ...]
    timeout: float
    #: Items processed, for a throughput (0: no throughput), and what they are.
    units: int = 0
    unit_name: str = ""
    #: Rows of one group compare "with report" against "alignment only".
    group: str = ""
    variant: str = ""


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def repeat_to[T](items: list[T], size: int) -> list[T]:
    """``items`` repeated and cut to ``size`` items, as align_bench builds its long documents."""
    return (items * (size // len(items) + 1))[:size]


def concatenated(folder: Path) -> list[str]:
    """The lines of every file in ``folder``, in file-name order."""
    return [line for path in sorted(folder.iterdir()) for line in read_lines(path)]


def textberg_sides() -> tuple[list[str], list[str]]:
    """Every Text+Berg document as one German and one French list of sentences."""
    return concatenated(TEXTBERG / "de"), concatenated(TEXTBERG / "fr")


def refresd_pairs() -> list[tuple[str, str]]:
    """REFreSD's development pairs, (French, English): the first two columns of pairs.tsv."""
    return [(columns[0], columns[1]) for columns in (line.split("\t") for line in read_lines(REFRESD_PAIRS))]


def write_pairs(path: Path, pairs: list[tuple[str, str]]) -> Path:
    return write_lines(path, [f"{src}\t{tgt}" for src, tgt in pairs])


def align_tasks(workload: str, group: str, src: Path, tgt: Path, timeout: float, presplit: bool) -> list[Task]:
    """``align`` with the default outputs (report included) and with the TMX alone."""
    args = (str(src), str(tgt), *(("--presplit",) if presplit else ()))
    return [
        Task(workload, f"{group}, with report", ("align", *args), timeout, group=group, variant="report"),
        Task(workload, f"{group}, alignment only", ("align", *args, "--format", "tmx"), timeout,
             group=group, variant="alignment"),
    ]


def demo_tasks(scratch: Path, options: argparse.Namespace) -> list[Task]:
    return align_tasks("demo", "demo Act", DEMO / "fr.txt", DEMO / "en.txt", options.timeout, presplit=False)


def textberg_tasks(scratch: Path, options: argparse.Namespace) -> list[Task]:
    de, fr = textberg_sides()
    src, tgt = write_lines(scratch / "textberg.de", de), write_lines(scratch / "textberg.fr", fr)
    return align_tasks("textberg", f"Text+Berg as one pair ({len(de)}/{len(fr)} sentences)", src, tgt,
                       options.timeout, presplit=True)


def scale_tasks(scratch: Path, options: argparse.Namespace) -> list[Task]:
    de, fr = textberg_sides()
    tasks = []
    for size in options.scale:
        src = write_lines(scratch / f"scale-{size}.de", repeat_to(de, size))
        tgt = write_lines(scratch / f"scale-{size}.fr", repeat_to(fr, size))
        tasks += align_tasks("scale", f"Text+Berg repeated, {size} sentences a side", src, tgt,
                             options.timeout, presplit=True)
    return tasks


def compare_tasks(scratch: Path, options: argparse.Namespace) -> list[Task]:
    pairs = refresd_pairs()
    path = write_pairs(scratch / "refresd.tsv", pairs)
    return [Task("compare", f"compare, REFreSD dev ({len(pairs)} pairs)", ("compare", str(path)),
                 options.timeout, units=len(pairs), unit_name="pairs")]


def tmx_document(pairs: list[tuple[str, str]], src_lang: str, tgt_lang: str) -> str:
    """A TMX 1.4 document with one unit per pair."""
    units = "".join(
        f'<tu><tuv xml:lang="{src_lang}"><seg>{escape(src)}</seg></tuv>'
        f'<tuv xml:lang="{tgt_lang}"><seg>{escape(tgt)}</seg></tuv></tu>\n'
        for src, tgt in pairs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        f'<header creationtool="speed_bench" creationtoolversion="1" datatype="plaintext" segtype="sentence" '
        f'adminlang="en" srclang="{src_lang}" o-tmf="none"/>\n<body>\n{units}</body>\n</tmx>\n'
    )


def convert_tasks(scratch: Path, options: argparse.Namespace) -> list[Task]:
    pairs = repeat_to(refresd_pairs(), options.tmx_units)
    # A number makes every unit's text unique, so that no cache of texts can shorten the work.
    unique = [(f"{src} [{number}]", f"{tgt} [{number}]") for number, (src, tgt) in enumerate(pairs, 1)]
    path = scratch / "refresd.tmx"
    path.write_text(tmx_document(unique, "fr", "en"), encoding="utf-8")
    return [Task("convert", f"convert, TMX of {len(unique)} units (tmx,report)",
                 ("convert", str(path), "--format", "tmx,report"), options.timeout,
                 units=len(unique), unit_name="units")]


def one_line(path: Path, size: int) -> str:
    """The document at ``path`` joined onto one line and repeated to about ``size`` characters."""
    text = " ".join(line.strip() for line in read_lines(path) if line.strip())
    return (" ".join([text] * (size // len(text) + 1)))[:size].rsplit(" ", 1)[0]


def corner_tasks(scratch: Path, options: argparse.Namespace) -> list[Task]:
    long_pair = write_pairs(scratch / "long-pair.tsv",
                            [(one_line(DEMO / "fr.txt", CORNER_CHARS), one_line(DEMO / "en.txt", CORNER_CHARS))])
    src = write_lines(scratch / "tiny.fr", repeat_to(list(CORNER_FR), CORNER_SENTENCES))
    tgt = write_lines(scratch / "tiny.en", repeat_to(list(CORNER_EN), CORNER_SENTENCES))
    timeout = options.corner_timeout
    return [
        Task("corners", f"corner: compare, one pair of ~{CORNER_CHARS} characters a side",
             ("compare", str(long_pair)), timeout),
        Task("corners", f"corner: align, {CORNER_SENTENCES} tiny repetitive sentences a side (tmx)",
             ("align", str(src), str(tgt), "--presplit", "--format", "tmx"), timeout),
    ]


BUILDERS = {
    "demo": demo_tasks,
    "textberg": textberg_tasks,
    "scale": scale_tasks,
    "compare": compare_tasks,
    "convert": convert_tasks,
    "corners": corner_tasks,
}


# --- How to run it -----------------------------------------------------------


@dataclass(frozen=True)
class Checkout:
    """A checkout of the project, run through its own ``aligner`` console script."""

    label: str
    root: Path
    command: tuple[str, ...]
    env: dict[str, str]

    def python(self, *args: str) -> str:
        """Run this checkout's Python with ``args``; its stdout (an error stops the benchmark)."""
        completed = subprocess.run([self.command[0], *args], env=self.env, cwd=self.root,
                                   capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise SystemExit(f"{self.label} ({self.root}): {args} failed:\n{completed.stderr[-TAIL_CHARS:]}")
        return completed.stdout.strip()


def console_command(python: str, root: Path) -> tuple[str, ...]:
    """The command line that runs the ``aligner`` console script declared in ``root``'s pyproject.toml."""
    with (root / "pyproject.toml").open("rb") as file:
        module, function = tomllib.load(file)["project"]["scripts"]["aligner"].split(":")
    code = f"import sys; from {module} import {function} as main; sys.argv[0] = 'aligner'; sys.exit(main())"
    return (python, "-c", code)


def make_checkout(label: str, root: Path, python: str, pycache: Path) -> Checkout:
    """A checkout whose ``aligner`` comes from ``root`` (PYTHONPATH, and ``root`` as working folder).

    Bytecode goes to ``pycache``, shared by both checkouts (the venv's modules
    are compiled once for both) and away from the checkouts themselves.
    """
    root = root.resolve()
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": str(pycache)}
    return Checkout(label, root, console_command(python, root), env)


def check_imports(checkout: Checkout) -> str:
    """The file ``aligner`` is imported from, which must lie in the checkout."""
    found = Path(checkout.python("-c", "import aligner; print(aligner.__file__)")).resolve()
    if not found.is_relative_to(checkout.root):
        raise SystemExit(f"{checkout.label}: aligner is imported from {found}, not from {checkout.root}")
    return str(found)


def describe(root: Path) -> str:
    """The checkout's commit, and whether it has uncommitted changes."""

    def git(*args: str) -> str:
        completed = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        return completed.stdout.strip() if completed.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    return commit + (" + uncommitted changes" if git("status", "--porcelain") else "")


def identify(checkout: Checkout) -> dict[str, str]:
    """Where the checkout is, its commit and the ``aligner`` it imports, as the runs start."""
    return {"root": str(checkout.root), "commit": describe(checkout.root), "aligner": check_imports(checkout)}


@dataclass
class Run:
    """One process's measurement."""

    wall: float
    #: The highest VmHWM read while it ran, and the kernel's ru_maxrss for it (a cross-check), in MB.
    peak_mb: float
    maxrss_mb: float
    #: None when it was stopped at its timeout.
    exit_code: int | None
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def vmhwm_kib(pid: int) -> int:
    """The process's peak resident memory so far, in KiB (0 once it has exited)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def tail(file) -> str:
    file.seek(0)
    return file.read().decode("utf-8", errors="replace")[-TAIL_CHARS:]


def measure(command: list[str], env: dict[str, str], cwd: Path, timeout: float) -> Run:
    """Run ``command`` to its end or its timeout, polling its memory; reap it with its own resource usage.

    ``os.wait4`` gives this child's ``ru_maxrss`` alone (``RUSAGE_CHILDREN``
    would give the largest of every child so far).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        peak, exit_code = 0, None
        try:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    exit_code = os.waitstatus_to_exitcode(status)
                    break
                if time.perf_counter() - start > timeout:
                    break
                peak = max(peak, vmhwm_kib(process.pid))
                time.sleep(POLL_SECONDS)
        finally:
            if exit_code is None:  # past its timeout, or the benchmark itself was interrupted
                os.killpg(process.pid, signal.SIGKILL)
                _, _, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = exit_code if exit_code is not None else -signal.SIGKILL  # reaped here, not by Popen
        return Run(wall, peak / 1024, usage.ru_maxrss / 1024, exit_code, tail(out), tail(err))


def run_task(checkout: Checkout, task: Task, output: Path) -> Run:
    output.mkdir(parents=True)
    return measure([*checkout.command, *task.args, "-o", str(output)], checkout.env, checkout.root, task.timeout)


def measure_task(task: Task, checkouts: list[Checkout], output: Path, repeat: int) -> dict[str, list[Run]]:
    """Each checkout's runs of ``task``, ``repeat`` each, the checkouts taking turns.

    A run that fails or is stopped at its timeout is not repeated.
    """
    runs: dict[str, list[Run]] = {checkout.label: [] for checkout in checkouts}
    for attempt in range(repeat):
        for checkout in checkouts:
            done = runs[checkout.label]
            if not done or done[-1].ok:
                done.append(run_task(checkout, task, output / checkout.label / str(attempt)))
    return runs


def fastest(runs: list[Run]) -> Run:
    """The run least slowed by whatever else the machine was doing; a failed or stopped run if any."""
    return runs[-1] if not runs[-1].ok else min(runs, key=lambda run: run.wall)


def first_lines(path: Path, count: int) -> list[str]:
    return [line for line in read_lines(path) if line.strip()][:count]


def warm_up(checkout: Checkout, scratch: Path) -> None:
    """Compile the checkout's package, then align a small pair once: bytecode and model are ready for the first row."""
    checkout.python("-m", "compileall", "-q", str(checkout.root / "aligner"))
    src, tgt = (write_lines(scratch / f"warm.{lang}", first_lines(DEMO / f"{lang}.txt", 5)) for lang in ("fr", "en"))
    run = run_task(checkout, Task("", "warm-up", ("align", str(src), str(tgt), "--presplit"), WARM_UP_TIMEOUT),
                   scratch / f"warm-{checkout.label}")
    if not run.ok:
        raise SystemExit(f"{checkout.label}: the warm-up run failed:\n{run.stderr}")


# --- What it says ------------------------------------------------------------


def wall_text(run: Run, task: Task) -> str:
    if run.exit_code is None:
        return f"> {task.timeout:g} s (stopped)"
    if not run.ok:
        return f"failed (exit {run.exit_code})"
    rate = f" ({task.units / run.wall:.1f} {task.unit_name}/s)" if task.units else ""
    return f"{run.wall:.1f} s{rate}"


def cell(run: Run, task: Task) -> str:
    peak = f"{run.peak_mb:.0f} MB" + (" so far" if run.exit_code is None else "")
    return f"{wall_text(run, task)}, {peak}"


def speedup(before: Run, now: Run) -> str:
    """Before's wall time over now's: how many times faster the current code is."""
    if not now.ok or before.exit_code not in (0, None):
        return "—"
    ratio = before.wall / now.wall
    return f"> {ratio:.1f}×" if before.exit_code is None else f"{ratio:.2f}×"


def report_ratios(rows: list[dict]) -> list[dict]:
    """For each group, each checkout's wall time with the report over that of the alignment alone."""
    walls: dict[str, dict[str, dict[str, Run]]] = {}
    for row in rows:
        if row["task"].group:
            walls.setdefault(row["task"].group, {})[row["task"].variant] = row["runs"]
    ratios = []
    for group, variants in walls.items():
        if set(variants) != {"report", "alignment"}:
            continue
        ratio = {
            label: variants["report"][label].wall / variants["alignment"][label].wall
            if variants["report"][label].ok and variants["alignment"][label].ok else None
            for label in variants["report"]
        }
        ratios.append({"group": group, **ratio})
    return ratios


def ratio_text(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}"


def machine() -> str:
    """The machine, and how busy it is now (other processes share its cores with the runs)."""
    load = os.getloadavg()[0]
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.1f}"


def markdown(rows: list[dict], ratios: list[dict], identities: dict[str, dict[str, str]],
             machine_line: str, repeat: int) -> str:
    runs = f"the fastest of {repeat} fresh `aligner` processes" if repeat > 1 else "one fresh `aligner` process"
    lines = [
        "# Speed: before and now",
        "",
        f"Machine: {machine_line} before the runs.",
        "",
        *(f"- {label}: {who['root']} ({who['commit']}); aligner imported from {who['aligner']}"
          for label, who in identities.items()),
        "",
        (
            f"Each cell is {runs}: wall time includes process start, imports and model load "
            "(so do the pairs/s and units/s throughputs); peak is the process's resident high-water mark "
            "(VmHWM). The last column is before's wall time over now's."
        ),
        "",
        "| workload | before: wall, peak | now: wall, peak | before/now |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        task, before, now = row["task"], row["runs"]["before"], row["runs"]["now"]
        lines.append(f"| {task.label} | {cell(before, task)} | {cell(now, task)} | {speedup(before, now)} |")
    if ratios:
        lines += [
            "",
            f"## Cost of the report: wall time with report / alignment only (goal: now ≤ {REPORT_RATIO_GOAL:g})",
            "",
            "| workload | before | now | goal met |",
            "| --- | --- | --- | --- |",
        ]
        for ratio in ratios:
            met = "—" if ratio["now"] is None else ("yes" if ratio["now"] <= REPORT_RATIO_GOAL else "no")
            lines.append(f"| {ratio['group']} | {ratio_text(ratio['before'])} | {ratio_text(ratio['now'])} | {met} |")
    return "\n".join(lines) + "\n"


def json_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            **asdict(row["task"]),
            "runs": {label: asdict(run) for label, run in row["runs"].items()},
            "walls": row["walls"],
        }
        for row in rows
    ]


# --- Main ----------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(WORKLOADS), help="comma-separated subset of " + ", ".join(WORKLOADS))
    parser.add_argument("--baseline", type=Path, default=Path("/work/baseline"), help="the 'before' checkout")
    parser.add_argument("--current", type=Path, default=REPO, help="the 'now' checkout (default: this one)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter both checkouts run on")
    parser.add_argument("--scale", default="5000", help="comma-separated sentence counts for the scale rows")
    parser.add_argument("--tmx-units", type=int, default=2000, help="units in the convert workload's TMX")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is stopped")
    parser.add_argument("--corner-timeout", type=float, default=120, help="the same for the corner cases")
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="runs of each row per checkout, taking turns; the table keeps the fastest (default 1)",
    )
    parser.add_argument("-o", "--output", type=Path, default=REPO / "output" / "bench")
    args = parser.parse_args()
    args.only = [name for name in args.only.split(",") if name]
    unknown = set(args.only) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    args.scale = [int(n) for n in args.scale.split(",") if n]
    return args


def run_rows(tasks: list[Task], checkouts: list[Checkout], scratch: Path, repeat: int) -> list[dict]:
    """Every task's fastest run per checkout, each row told on stderr as it ends."""
    rows = []
    for number, task in enumerate(tasks):
        attempts = measure_task(task, checkouts, scratch / "runs" / str(number), repeat)
        runs = {label: fastest(done) for label, done in attempts.items()}
        walls = {label: [round(run.wall, 2) for run in done] for label, done in attempts.items()}
        rows.append({"task": task, "runs": runs, "walls": walls})
        print(f"{task.label}: " + "; ".join(f"{label} {cell(run, task)}" for label, run in runs.items()),
              file=sys.stderr)
        for label, run in runs.items():
            if run.exit_code not in (0, None):
                print(f"  {label} failed:\n{run.stderr}", file=sys.stderr)
    return rows


def main() -> None:
    args = parse_args()
    machine_line = machine()
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="speed_bench-") as tmp:
        scratch = Path(tmp)
        checkouts = [make_checkout(label, root, args.python, scratch / "pycache")
                     for label, root in (("before", args.baseline), ("now", args.current))]
        identities = {checkout.label: identify(checkout) for checkout in checkouts}
        for checkout in checkouts:
            print(f"{checkout.label}: {identities[checkout.label]}; warming up", file=sys.stderr)
            warm_up(checkout, scratch)
        tasks = [task for name in WORKLOADS if name in args.only for task in BUILDERS[name](scratch, args)]
        rows = run_rows(tasks, checkouts, scratch, args.repeat)
    ratios = report_ratios(rows)
    report = markdown(rows, ratios, identities, machine_line, args.repeat)
    summary = {"machine": machine_line, "checkouts": identities, "rows": json_rows(rows), "report_ratios": ratios}
    (args.output / "speed.md").write_text(report, encoding="utf-8")
    (args.output / "speed.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
