"""Held-out benchmark: alignment, omissions and cut clauses on Acts no setting was chosen on.

    python bench/heldout_bench.py                         # laws DEV, DEV2 in 5 folds, the demo Act
    python bench/heldout_bench.py --systems aligner,aligner-norefine
    python bench/heldout_bench.py --grid aligner.align.refine.MIN_CHARS=30,40,50   # cross-validated choice
    python bench/heldout_bench.py --misses                # print every missed and false finding
    python bench/heldout_bench.py --only dev2,corpus-a    # some of the sets

Each Act of laws DEV (3 Acts) and laws DEV2 (40 Acts, in 5 fixed folds: Act
n goes to fold (n - 1) mod 5 + 1) is run as a user runs it: read with
``--presplit``, French to English, the default model, aligned, checked.
Three figures:

(a) strict and lax F1 of the beads against the gold (Vecalign's scorer);
(b) omissions and additions on the right sentence: a unit deleted from one
    version (omissions.tsv) must come out as an ``omission`` (French kept)
    or ``addition`` (English kept) finding on the kept unit; precision is
    over every omission/addition finding;
(c) planted cut clauses: the English of about a quarter of the gold 1-1
    beads (seeded per Act) loses one inner comma-delimited clause of 3-12
    words or a trailing clause of 4 words or more, as the held-out set's
    plant does; the whole Act is run again and each planted pair must get a
    ``partial_omission``; precision is over every bead with a partial finding.

The demo Act (../shared/data/demo-public-safety-act, faithful, not
perturbed) is run as plain text: every omission, addition or partial finding
on it is false.

Two more sets are built as DEV2 was, from Acts of ../shared/data/laws-corpus
whose two versions are one-to-one and that no gold set holds (bench/perturb.py):
corpus-a (40 Acts of DEV2's size), whose misses may be read when a rule is
designed, and corpus-b (the 57 others), only ever measured: ``--misses``
never prints its misses. corpus-b is the estimate, on Acts no rule was
designed on, of the figures measured on Acts we do not have. A third,
corpus-a2, is corpus-a's Acts perturbed again with other seeds: more misses
to read, from the same Acts; corpus-a3 to corpus-a18 are a third to an eighteenth such copy,
each measured once before its misses were read, when those of the sets before
it had been. Two
more, corpus-s and corpus-s2, are corpus-a's Acts cut to their first 20-45
units and perturbed again, each with seeds of its own: small Acts, as most of
corpus-b's are, to read. corpus-l holds other Acts again: the openings of the
Acts too long for the others (at most 150 blocks, up to the first block that
does not pair by position), measured once before its misses were read; corpus-m
the openings, cut the same way, of the Acts of 20-310 units whose blocks do
not pair one-to-one throughout (other Acts again); corpus-t the one-to-one
Acts of 8-19 units (other Acts again), measured once before its misses were
read. corpus-b2 is corpus-b's Acts perturbed again with other seeds, a second
estimate from the same unread Acts: ``--misses`` never prints its misses either.

Only the checks that make these findings run (omissions, clauses, drift,
structure: each check's findings are its own), unless ``--full`` runs
:func:`aligner.pipeline.process_pair` with every check. Embeddings are
deterministic, so each Act's are kept on disk (output/bench/cache/heldout)
and a rerun embeds only the texts a change has made new.

With ``--grid MODULE.NAME=V1,V2,...`` every value is run; the report then
chooses the value on four folds (the mean of the three F1s) and gives the
fifth fold's figures, for each fold in turn: cross-validated figures.

Results are printed and written to output/bench/heldout.{md,json}.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import json
import pickle
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from perturb import CORPUS, CORPUS_PARTS, MEASURED_ONLY, write_corpus_set, write_set

from aligner.evaluate import read_gold

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
DEV = DATA / "laws-fr-en-dev"
DEV2 = DATA / "laws-fr-en-dev2"
DEMO = DATA / "demo-public-safety-act"
OUT = REPO / "output" / "bench"
CACHE = OUT / "cache" / "heldout"
FOLDS = 5
#: The demo Act perturbed as laws DEV was (bench/perturb.py), as bench/align_bench.py does.
PERTURBED_SEEDS = range(30)
#: Share of gold 1-1 beads whose English loses a clause, and the seed (per Act) that picks them.
PLANT_SHARE = 0.25
PLANT_SEED = 2027
#: The held-out plant's clauses: inner ones of 3-12 words, trailing ones of 4 words or more.
INNER_WORDS = (3, 12)
TRAILING_WORDS = 4
SYSTEMS = {"aligner": {}, "aligner-norefine": {"refine": False}}
CHECKS = ("omissions", "clauses", "drift", "structure")
UNMATCHED = ("omission", "addition")
PARTIAL = ("partial_omission", "partial_addition")


# --- The plant ---------------------------------------------------------------


def clause_cuts(text: str) -> list[tuple[int, int]]:
    """Character spans that the held-out plant may cut from ``text``: an inner comma-delimited
    clause of 3-12 words (with its leading comma), or a trailing clause of 4 words or more
    (with its leading comma, the final punctuation kept)."""
    commas = [match.start() for match in re.finditer(",", text)]
    cuts = []
    for first, second in pairwise(commas):
        if INNER_WORDS[0] <= len(text[first + 1 : second].split()) <= INNER_WORDS[1]:
            cuts.append((first, second))
    if commas:
        last = commas[-1]
        end = len(text.rstrip(".;:!? "))
        if len(text[last + 1 : end].split()) >= TRAILING_WORDS:
            cuts.append((last, end))
    return cuts


def planted(english: list[str], gold: Sequence[tuple[Sequence[int], Sequence[int]]], key: str) -> dict[int, str]:
    """The English lines of gold 1-1 beads that lose a clause, as {line: text after the cut}."""
    rng = random.Random(f"{PLANT_SEED}:{key}")
    cut_lines = {}
    for src, tgt in gold:
        if len(src) != 1 or len(tgt) != 1 or rng.random() >= PLANT_SHARE:
            continue
        text = english[tgt[0]]
        cuts = clause_cuts(text)
        if cuts:
            start, end = rng.choice(cuts)
            cut_lines[tgt[0]] = text[:start] + text[end:]
    return cut_lines


# --- Embeddings kept on disk ---------------------------------------------------


class DiskCachedModel:
    """The bundled model, with what it embedded for one Act kept in a file: reruns embed only new texts."""

    def __init__(self, model: Any, path: Path) -> None:
        self.model, self.name, self.path = model, model.name, path
        self.store: dict[Any, Any] = pickle.loads(path.read_bytes()) if path.exists() else {}
        self.added = 0

    def save(self) -> None:
        if self.added:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.store, protocol=pickle.HIGHEST_PROTOCOL))

    def _items(self, kind: str, items: Sequence[Any], compute: Any) -> list[Any]:
        keys = [(kind, item) for item in items]
        missing = list(dict.fromkeys(item for item, key in zip(items, keys, strict=True) if key not in self.store))
        if missing:
            self.store.update(zip(((kind, item) for item in missing), compute(missing), strict=True))
            self.added += len(missing)
        return [self.store[key] for key in keys]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack(self._items("text", list(texts), self.model.encode))

    def encode_pairs(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.stack(self._items("pair", [tuple(pair) for pair in pairs], self.model.encode_pairs))

    def encode_overlaps(self, texts: Sequence[str], num_overlaps: int) -> np.ndarray:
        digest = hashlib.sha1(json.dumps([list(texts), num_overlaps]).encode()).hexdigest()
        return self._items("overlaps", [digest], lambda _: [self.model.encode_overlaps(texts, num_overlaps)])[0]

    def encode_cuts(self, texts: Sequence[str], cuts: Sequence[Sequence[tuple[int, int]]]) -> list[Any]:
        items = [(text, tuple(tuple(cut) for cut in text_cuts)) for text, text_cuts in zip(texts, cuts, strict=True)]
        return self._items("cuts", items, lambda new: self.model.encode_cuts([t for t, _ in new], [c for _, c in new]))


# --- One Act -------------------------------------------------------------------


def run_act(task: dict[str, Any]) -> dict[str, Any]:
    """Align and check one Act (plain and planted) with each system; beads and findings, by system."""
    for setting, value in task["settings"].items():
        module, name = setting.rsplit(".", 1)
        setattr(importlib.import_module(module), name, value)
    from aligner.checks import run_checks
    from aligner.embed import load_embedder
    from aligner.pipeline import PairSettings, align_documents, load_document, process_pair
    from aligner.settings import AlignParams

    model = DiskCachedModel(load_embedder(), CACHE / f"{task['key']}.pkl")
    results: dict[str, Any] = {}
    for system in task["systems"]:
        params = AlignParams(**SYSTEMS[system])
        for variant, (src_path, tgt_path) in task["variants"].items():
            start = time.perf_counter()
            if task["full"]:
                out = Path(task["scratch"]) / "out" / system / variant
                settings = PairSettings("fr", "en", task["presplit"], model, params, ("jsonl",))  # type: ignore[arg-type]
                result = process_pair(Path(src_path), Path(tgt_path), out, settings)
                alignment, findings = result.alignment, result.findings
            else:
                source = load_document(Path(src_path), "fr", presplit=task["presplit"])
                target = load_document(Path(tgt_path), "en", presplit=task["presplit"])
                alignment = align_documents(source, target, model, params)  # type: ignore[arg-type]
                findings = run_checks(alignment, model, checks=CHECKS).findings  # type: ignore[arg-type]
            results[f"{system}/{variant}"] = {
                "beads": [[list(b.src), list(b.tgt)] for b in alignment.beads],
                "similarities": [b.similarity for b in alignment.beads],
                "findings": [
                    [f.kind, list(f.src), list(f.tgt)] for f in findings if f.kind in UNMATCHED + PARTIAL
                ],
                "seconds": round(time.perf_counter() - start, 2),
            }
    model.save()
    return results


# --- The tasks -------------------------------------------------------------------


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def act_tasks(
    scratch: Path, systems: list[str], settings: dict[str, Any], full: bool, only: set[str] | None = None
) -> list[dict[str, Any]]:
    """One task per Act of DEV and DEV2 and per perturbed copy of the demo Act, with its planted English
    written under ``scratch``; and the demo Act as it is."""
    tasks = []
    sets = [("dev", DEV), ("dev2", DEV2)]
    if DEMO.is_dir():
        sets.append(("demo-perturbed", write_set(DEMO, scratch / "demo-perturbed", PERTURBED_SEEDS)))
    if CORPUS.is_dir():
        sets += [(f"corpus-{part}", write_corpus_set(scratch / f"corpus-{part}", part)) for part in CORPUS_PARTS]
    for name, folder in sets:
        if only is not None and name not in only:
            continue
        for gold_file in sorted((folder / "gold").iterdir()):
            doc = gold_file.name
            gold = read_gold(gold_file)
            english = read_lines(folder / "en" / doc)
            cut_lines = planted(english, gold, f"{name}:{doc}")
            planted_file = scratch / name / "en-planted" / doc
            planted_file.parent.mkdir(parents=True, exist_ok=True)
            planted_file.write_text(
                "\n".join(cut_lines.get(j, line) for j, line in enumerate(english)) + "\n", encoding="utf-8"
            )
            fold = f"fold {(int(doc) - 1) % FOLDS + 1}" if name == "dev2" else name
            tasks.append({
                "set": name, "doc": doc, "fold": fold, "key": f"{name}-{doc}", "presplit": True,
                "gold": [[list(s), list(t)] for s, t in gold], "planted": sorted(cut_lines), "folder": str(folder),
                "variants": {
                    "plain": (str(folder / "fr" / doc), str(folder / "en" / doc)),
                    "planted": (str(folder / "fr" / doc), str(planted_file)),
                },
                "systems": systems, "settings": settings, "full": full, "scratch": str(scratch),
            })
    if DEMO.is_dir() and (only is None or "demo" in only):
        tasks.append({
            "set": "demo", "doc": "demo", "fold": "demo", "key": "demo", "presplit": False,
            "variants": {"plain": (str(DEMO / "fr.txt"), str(DEMO / "en.txt"))},
            "systems": systems, "settings": settings, "full": full, "scratch": str(scratch),
        })
    return tasks


def expected_unmatched(task: dict[str, Any]) -> set[tuple[str, str, int]]:
    """(doc, finding kind, kept line) of every unit deleted from one version of the task's Act:
    from omissions.tsv where the set has one, else from the gold's 1-0 and 0-1 beads."""
    table = Path(task["folder"]) / "omissions.tsv"
    if table.exists():
        with table.open(encoding="utf-8") as stream:
            return {
                (row["doc"], "omission" if row["kept_lang"] == "fr" else "addition", int(row["kept_index"]))
                for row in csv.DictReader(stream, delimiter="\t")
                if row["doc"] == task["doc"]
            }
    return {
        (task["doc"], "omission" if src else "addition", (src or tgt)[0])
        for src, tgt in task["gold"]
        if not (src and tgt)
    }


# --- Scores --------------------------------------------------------------------


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return _ratio(2 * p * r, p + r)


def score_acts(tasks: list[dict[str, Any]], results: list[dict[str, Any]], system: str) -> dict[str, Any]:
    """Strict/lax F1, omissions + additions, planted cut clauses over a group of Acts."""
    from aligner.evaluate import score_alignments

    gold, test = [], []
    expected, found = set(), set()
    planted_count = partial_correct = 0
    flagged: set[tuple[str, tuple[int, ...], tuple[int, ...]]] = set()
    flagged_right: set[tuple[str, tuple[int, ...], tuple[int, ...]]] = set()
    flagged_omission: set[tuple[str, tuple[int, ...], tuple[int, ...]]] = set()
    for task, result in zip(tasks, results, strict=True):
        doc = task["doc"]
        plain = result[f"{system}/plain"]
        gold.append([(tuple(s), tuple(t)) for s, t in task["gold"]])
        test.append([(tuple(s), tuple(t)) for s, t in plain["beads"]])
        expected |= expected_unmatched(task)
        for kind, src, tgt in plain["findings"]:
            if kind in UNMATCHED:
                found |= {(doc, kind, line) for line in (src or tgt)}
        cut = set(task["planted"])
        planted_count += len(cut)
        omitted: set[int] = set()
        for kind, src, tgt in result[f"{system}/planted"]["findings"]:
            if kind in PARTIAL:
                bead = (doc, tuple(src), tuple(tgt))
                flagged.add(bead)
                if kind == "partial_omission":
                    flagged_omission.add(bead)
                if kind == "partial_omission" and cut & set(tgt):
                    flagged_right.add(bead)
                    omitted |= cut & set(tgt)
        partial_correct += len(omitted)
    beads = score_alignments(gold, test)
    hits = len(expected & found)
    scores = {
        "acts": len(tasks),
        "f1_strict": beads["f1_strict"], "f1_lax": beads["f1_lax"],
        "precision_strict": beads["precision_strict"], "recall_strict": beads["recall_strict"],
        "unmatched_expected": len(expected), "unmatched_found": len(found), "unmatched_correct": hits,
        "unmatched_recall": _ratio(hits, len(expected)), "unmatched_precision": _ratio(hits, len(found)),
        "partial_planted": planted_count, "partial_flagged": len(flagged), "partial_correct": partial_correct,
        "partial_recall": _ratio(partial_correct, planted_count),
        "partial_precision": _ratio(len(flagged_right), len(flagged)),
        "partial_omission_precision": _ratio(len(flagged_right), len(flagged_omission)),
    }
    scores["unmatched_f1"] = _f1(scores["unmatched_precision"], scores["unmatched_recall"])
    scores["partial_f1"] = _f1(scores["partial_precision"], scores["partial_recall"])
    scores["objective"] = (scores["f1_strict"] + scores["unmatched_f1"] + scores["partial_f1"]) / 3
    return scores


def demo_false(result: dict[str, Any], system: str) -> dict[str, int]:
    """The demo Act's findings of each kind: all false, since it is faithful."""
    counts = dict.fromkeys(UNMATCHED + PARTIAL, 0)
    for kind, _src, _tgt in result[f"{system}/plain"]["findings"]:
        counts[kind] += 1
    return counts


FIGURES = (
    ("F1 strict", "f1_strict", "{:.3f}"),
    ("F1 lax", "f1_lax", "{:.3f}"),
    ("omis+add R", "unmatched_recall", "{:.2f}"),
    ("omis+add P", "unmatched_precision", "{:.2f}"),
    ("cut R", "partial_recall", "{:.2f}"),
    ("cut P", "partial_precision", "{:.2f}"),
    ("cut P (partial_omission only)", "partial_omission_precision", "{:.2f}"),
)


def _row(label: str, scores: dict[str, Any]) -> str:
    cells = [fmt.format(scores[key]) for _, key, fmt in FIGURES]
    counts = (
        f"{scores['unmatched_correct']}/{scores['unmatched_expected']} ({scores['unmatched_found']} found); "
        f"{scores['partial_correct']}/{scores['partial_planted']} ({scores['partial_flagged']} flagged)"
    )
    return f"| {label} | {scores['acts']} | " + " | ".join(cells) + f" | {counts} |"


def _spread(label: str, folds: list[dict[str, Any]]) -> list[str]:
    lines = []
    for name, summary in (("mean", statistics.mean), ("min", min), ("max", max), ("std", statistics.pstdev)):
        cells = [fmt.format(summary([fold[key] for fold in folds])) for _, key, fmt in FIGURES]
        lines.append(f"| {label} {name} | | " + " | ".join(cells) + " | |")
    return lines


def report_system(
    system: str, tasks: list[dict[str, Any]], results: list[dict[str, Any]]
) -> tuple[list[str], dict[str, Any]]:
    groups = ["dev"] + [f"fold {k}" for k in range(1, FOLDS + 1)]
    groups += ["demo-perturbed"] + [f"corpus-{part}" for part in CORPUS_PARTS if part not in MEASURED_ONLY]
    groups += [f"corpus-{part}" for part in MEASURED_ONLY]
    groups = [group for group in groups if any(task["fold"] == group for task in tasks)]
    scores = {}
    for group in groups:
        chosen = [n for n, task in enumerate(tasks) if task["fold"] == group]
        scores[group] = score_acts([tasks[n] for n in chosen], [results[n] for n in chosen], system)
    dev2 = [n for n, task in enumerate(tasks) if task["set"] == "dev2"]
    if dev2:
        scores["dev2 pooled"] = score_acts([tasks[n] for n in dev2], [results[n] for n in dev2], system)
    demo = [results[n] for n, task in enumerate(tasks) if task["set"] == "demo"]
    false = demo_false(demo[0], system) if demo else {}
    header = "| " + system + " | Acts | " + " | ".join(label for label, _, _ in FIGURES) + " | omissions; cuts |"
    lines = [header, "|" + " --- |" * (len(FIGURES) + 3)]
    lines += [_row(group, scores[group]) for group in groups]
    if dev2:
        lines += _spread("DEV2 folds", [scores[f"fold {k}"] for k in range(1, FOLDS + 1)])
        lines.append(_row("DEV2 pooled", scores["dev2 pooled"]))
    if false:
        lines += ["", "Demo Act (faithful), false findings: " + ", ".join(f"{k} {v}" for k, v in false.items())]
    return lines, {"folds": scores, "demo_false": false}


def cross_validated(grid: dict[str, list[dict[str, Any]]], system: str) -> tuple[list[str], dict[str, Any]]:
    """For each fold, the grid value best on the other four folds, and its figures on that fold."""
    held_out = []
    lines = ["| held-out fold | chosen on the other four | " + " | ".join(label for label, _, _ in FIGURES) + " |",
             "|" + " --- |" * (len(FIGURES) + 2)]
    for k in range(1, FOLDS + 1):
        def training(value: str, k: int = k) -> float:
            folds = grid[value][0]["folds"]
            return statistics.mean(folds[f"fold {j}"]["objective"] for j in range(1, FOLDS + 1) if j != k)

        best = max(grid, key=training)
        fold = grid[best][0]["folds"][f"fold {k}"]
        held_out.append(fold)
        lines.append(f"| fold {k} | {best} | " + " | ".join(fmt.format(fold[key]) for _, key, fmt in FIGURES) + " |")
    lines += [line.replace("| |", "| |", 1) for line in _spread("held-out", held_out)]
    return lines, {"held_out": held_out}


def run_all(tasks: list[dict[str, Any]], jobs: int) -> list[dict[str, Any]]:
    # Largest Acts first, so that the last worker is not left with the longest.
    order = sorted(range(len(tasks)), key=lambda n: -Path(tasks[n]["variants"]["plain"][0]).stat().st_size)
    results: list[dict[str, Any]] = [{} for _ in tasks]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for n, result in zip(order, pool.map(run_act, [tasks[n] for n in order]), strict=True):
            results[n] = result
    return results


def print_misses(tasks: list[dict[str, Any]], results: list[dict[str, Any]], system: str) -> None:
    """Every missed or false omission/addition, and missed or false cut clause, with the beads around it."""
    for task, result in zip(tasks, results, strict=True):
        if task["set"] == "demo" or task["set"] in {f"corpus-{part}" for part in MEASURED_ONLY}:
            continue  # corpus-b and corpus-b2 are only ever measured: no rule is designed from their misses
        folder = Path(task["folder"])
        fr, en = read_lines(folder / "fr" / task["doc"]), read_lines(folder / "en" / task["doc"])
        plain = result[f"{system}/plain"]
        expected = {(kind, line) for _doc, kind, line in expected_unmatched(task)}
        found = {(kind, line) for kind, s, t in plain["findings"] if kind in UNMATCHED for line in (s or t)}
        beads = plain["beads"]
        for kind, line in sorted(expected ^ found, key=lambda item: item[1]):
            where = 0 if kind == "omission" else 1
            n = next(n for n, bead in enumerate(beads) if line in bead[where])
            label = "MISSED" if (kind, line) in expected else "FALSE"
            print(f"== {task['set']} {task['doc']} {label} {kind} line {line}")
            gold = {(tuple(s), tuple(t)) for s, t in task["gold"]}
            around = slice(max(0, n - 1), n + 2)
            for bead, similarity in zip(beads[around], plain["similarities"][around], strict=True):
                mark = "  " if (tuple(bead[0]), tuple(bead[1])) in gold else "x "
                print(f"  {mark}{bead[0]}:{bead[1]} sim {similarity}")
                for i in bead[0]:
                    print(f"      fr {i}: {fr[i][:150]}")
                for j in bead[1]:
                    print(f"      en {j}: {en[j][:150]}")
        cut = set(task["planted"])
        hit = {line for kind, s, t in result[f"{system}/planted"]["findings"] if kind == "partial_omission"
               for line in t if line in cut}
        for kind, s, t in result[f"{system}/planted"]["findings"]:
            if kind in PARTIAL and not (kind == "partial_omission" and cut & set(t)):
                print(f"== {task['set']} {task['doc']} FALSE {kind} {s}:{t}: {' | '.join(en[j][:100] for j in t)}")
        for line in sorted(cut - hit):
            print(f"== {task['set']} {task['doc']} MISSED cut en {line}: {en[line][:160]}")


def _parse_setting(text: str) -> tuple[str, list[Any]]:
    name, _, values = text.partition("=")
    return name, [json.loads(value) for value in values.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", default="aligner", help="comma-separated subset of " + ", ".join(SYSTEMS))
    parser.add_argument("--grid", help="MODULE.NAME=V1,V2,...: run each value, report cross-validated figures")
    parser.add_argument("--set", action="append", default=[], help="MODULE.NAME=VALUE for every run (repeatable)")
    parser.add_argument("--full", action="store_true", help="run process_pair with every check (slower)")
    parser.add_argument("--misses", action="store_true", help="print every missed and false finding")
    parser.add_argument("--jobs", type=int, default=2, help="Acts run at once (default 2)")
    parser.add_argument(
        "--only",
        help="comma-separated sets: dev, dev2, demo-perturbed, demo, "
        + ", ".join(f"corpus-{part}" for part in CORPUS_PARTS),
    )
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    if not DEV2.is_dir():
        print(f"{DEV2}: not found; the benchmark needs ../shared/data beside the repository", file=sys.stderr)
        return 2
    systems = [s for s in args.systems.split(",") if s]
    fixed = {name: values[0] for name, values in map(_parse_setting, args.set)}
    grid_name, grid_values = _parse_setting(args.grid) if args.grid else ("", [None])
    scratch = args.output / "scratch" / "heldout"
    start = time.perf_counter()
    lines = ["# Held-out benchmark", "", f"Settings: {fixed or 'defaults'}; " + ("--full" if args.full else
             "checks " + ", ".join(CHECKS)), ""]
    everything: dict[str, Any] = {"settings": {k: v for k, v in fixed.items()}, "grid": grid_name, "runs": {}}
    by_value: dict[str, dict[str, Any]] = {}
    for value in grid_values:
        settings = dict(fixed) | ({grid_name: value} if grid_name else {})
        tasks = act_tasks(scratch, systems, settings, args.full, set(args.only.split(",")) if args.only else None)
        results = run_all(tasks, args.jobs)
        label = f"{grid_name}={value}" if grid_name else "run"
        by_value[json.dumps(value)] = {}
        for system in systems:
            table, data = report_system(system, tasks, results)
            lines += [f"## {label}" if grid_name else "", *table, ""]
            everything["runs"].setdefault(label, {})[system] = data
            by_value[json.dumps(value)][system] = data
            if args.misses:
                print_misses(tasks, results, system)
    if grid_name:
        for system in systems:
            table, data = cross_validated({v: [d[system]] for v, d in by_value.items()}, system)
            lines += [f"## Cross-validated over the folds: {grid_name} ({system})", "", *table, ""]
            everything.setdefault("cross_validated", {})[system] = data
    everything["seconds"] = round(time.perf_counter() - start, 1)
    lines.append(f"{everything['seconds']} s, command: python bench/heldout_bench.py {' '.join(sys.argv[1:])}")
    report = "\n".join(lines) + "\n"
    print(report)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "heldout.md").write_text(report, encoding="utf-8")
    (args.output / "heldout.json").write_text(json.dumps(everything, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
