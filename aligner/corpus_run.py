"""Aligning a whole corpus: pairs in parallel (worker processes here, or Ray tasks on a cluster),
resumable through a manifest, and the corpus-level files at the end.

Who does what:

- A worker (:func:`align_pair`) reads, aligns and checks one pair and hands back its files' bytes,
  its summary and its figures. It writes nothing. Its embedding model is loaded once per worker
  process (:func:`aligner.embed.load_embedder` keeps it).
- The driver (:class:`CorpusRun`) is the only writer: it puts each pair's files in place (all or
  nothing), then records the pair in the manifest (:mod:`aligner.manifest`). A worker killed
  mid-pair (Ctrl-C, SIGTERM, a lost Ray node) thus leaves no file behind, a retried pair is written
  once, and the output folder need exist on the driver's machine only.
- Three ways to run the pairs, one interface (an iterator of outcomes as they finish): in the
  driver's own process (``jobs=1``), a :class:`~concurrent.futures.ProcessPoolExecutor`, or Ray tasks.

Outputs are deterministic: the corpus-level files follow the pairs' names, not the order the
pairs finished in; only dates (``SOURCE_DATE_EPOCH`` fixes them) and measured times differ
from one run to the next.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import resource
import signal
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from threadpoolctl import threadpool_limits

from aligner import __version__, pipeline
from aligner.corpus import CORPUS_STEM
from aligner.embed import Embedder
from aligner.errors import InputError, Terminated, one_line
from aligner.extras import import_extra
from aligner.formats import corpus_jsonl, corpus_summary, corpus_tei, corpus_tmx
from aligner.formats.fields import alignment_time
from aligner.formats.files import StagedFiles, uninterrupted, write_files
from aligner.manifest import Entry, FileRecord, PairStats, append_entry, is_current, read_manifest, write_manifest
from aligner.settings import BLAS_THREADS

#: Pairs handed out ahead of the workers, per worker: enough to keep each busy, few enough that
#: finished pairs' bytes do not pile up in the driver.
AHEAD_PER_WORKER = 2
#: How many times Ray runs a pair again whose worker died (killed, out of memory, node lost).
RAY_RETRIES = 3


@dataclass(frozen=True)
class CorpusSettings:
    """What every pair of a run is aligned with, and where its files go."""

    out_dir: Path
    #: The model is a name (each worker loads it once) or an embedder object (sent to the workers).
    pair: pipeline.PairSettings
    #: The date every file of the run bears, the driver's (a worker's clock or environment may differ).
    when: datetime = field(default_factory=alignment_time)

    @property
    def languages(self) -> tuple[str, str]:
        """The two sides' languages, which a corpus always names (its folders ``fr/``, ``en/``)."""
        src, tgt = self.pair.src_lang, self.pair.tgt_lang
        if not (src and tgt):
            raise ValueError("a corpus run names both languages")
        return src, tgt

    def recorded(self) -> dict[str, Any]:
        """The settings the manifest records: a pair aligned with others is aligned again."""
        pair = self.pair
        return {
            "tool_version": __version__,
            "model": pair.model if isinstance(pair.model, str) else pair.model.name,
            "src_lang": pair.src_lang,
            "tgt_lang": pair.tgt_lang,
            "presplit": pair.presplit,
            "formats": sorted(pair.formats),
            "params": asdict(pair.params),
        }


@dataclass(frozen=True)
class PairJob:
    """One pair to align: the name its files share, and its two inputs."""

    pair: str
    src: Path
    tgt: Path


@dataclass
class PairOutcome:
    """What a worker hands back for one pair."""

    pair: str
    #: Output file name -> bytes; empty when the pair failed.
    contents: dict[str, bytes] = field(default_factory=dict)
    stats: PairStats | None = None
    #: The summary a user reads (names already made safe to print), and the warnings.
    summary: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Why the pair failed, in one line; ``internal`` when not the input's fault.
    error: str | None = None
    internal: bool = False
    #: Which worker process did it (host:pid).
    worker: str = ""


def align_pair(job: PairJob, settings: CorpusSettings) -> PairOutcome:
    """Align one pair in this process; its files come back as bytes. Bad input is a failed outcome,
    not an exception: the other pairs go on."""
    started = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        pair = replace(settings.pair, model=pipeline.load_embedder(settings.pair.model), when=settings.when)
        result, contents = pipeline.prepare_pair(job.src, job.tgt, settings.out_dir, pair, stem=job.pair)
    except InputError as error:
        return PairOutcome(job.pair, error=one_line(str(error)), worker=worker)
    except Exception as error:  # a fault of the tool: said, and the corpus goes on
        return PairOutcome(job.pair, error=one_line(f"{type(error).__name__}: {error}"), internal=True, worker=worker)
    alignment = result.alignment
    findings = None
    if result.comparison is not None:
        findings = dict(sorted(Counter(finding.kind for finding in result.findings).items()))
    stats = PairStats(
        src_sentences=len(alignment.src.sentences),
        tgt_sentences=len(alignment.tgt.sentences),
        beads=alignment.counts(),
        findings=findings,
        seconds=round(time.perf_counter() - started, 3),
        worker_peak_mb=round(peak_memory_mb(), 1),
    )
    return PairOutcome(
        job.pair, {path.name: data for path, data in contents.items()}, stats, str(result), result.warnings,
        worker=worker,
    )


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux counts ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# --- Three ways to run the pairs -------------------------------------------------------------

Outcomes = Generator[PairOutcome, None, None]


def in_this_process(jobs: list[PairJob], settings: CorpusSettings) -> Outcomes:
    """One pair after another in the driver's process (``--jobs 1``)."""
    for job in jobs:
        yield align_pair(job, settings)


def _start_pool_worker(model: str | Embedder) -> None:
    # Ctrl-C at a terminal reaches every process of the group: the driver decides, the worker
    # carries on until told to stop, and then stops at once (it writes nothing) and quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threadpool_limits(BLAS_THREADS, user_api="blas")
    pipeline.load_embedder(model)  # once per worker, before its first pair


def in_worker_processes(jobs: list[PairJob], settings: CorpusSettings, workers: int) -> Outcomes:
    """Pairs in ``workers`` processes of a pool, handed out a few ahead of the workers.

    Workers are forked where the system can (Linux): they start in milliseconds with the
    modules the driver has loaded, instead of importing them again (2 s each here).
    """
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pool = ProcessPoolExecutor(workers, context, _start_pool_worker, (settings.pair.model,))
    waiting = iter(jobs)
    running: dict[Future[PairOutcome], PairJob] = {}
    try:
        while True:
            while len(running) < workers * AHEAD_PER_WORKER and (job := next(waiting, None)):
                running[pool.submit(align_pair, job, settings)] = job
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda future: running[future].pair):
                job = running.pop(future)
                try:
                    outcome = future.result()
                except Exception as error:  # the pool broke: a worker was killed (out of memory?)
                    raise InputError(
                        f"a worker process stopped while aligning {job.pair} ({type(error).__name__}; killed, or "
                        "out of memory?); the pairs finished are recorded: run again with fewer --jobs to carry on"
                    ) from error
                yield outcome
    finally:
        _stop_pool(pool)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, whatever they are doing: they hold nothing that must be kept."""
    # ProcessPoolExecutor has no public way to stop busy workers before Python 3.14.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


def _ray_align(job: PairJob, settings: CorpusSettings) -> PairOutcome:
    threadpool_limits(BLAS_THREADS, user_api="blas")
    return align_pair(job, settings)


def on_ray(jobs: list[PairJob], settings: CorpusSettings, address: str, workers: int) -> Outcomes:
    """Pairs as Ray tasks of one CPU each, on the cluster at ``address`` (``auto``: the one this
    machine has joined), or on a Ray instance started here with ``workers`` CPUs (``local``).

    Inputs are read by the workers at the driver's paths: on a cluster, the corpus folder must be
    at the same path on every machine (a shared file system). Outputs come back to the driver as
    bytes. A task whose worker dies is run again, up to :data:`RAY_RETRIES` times.
    """
    ray = import_extra("ray", "--ray")
    started_here = not ray.is_initialized()
    # ray.init makes SIGTERM exit at once, silently: the driver's own handler stops cleanly.
    on_sigterm = signal.getsignal(signal.SIGTERM)
    if started_here:
        options: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
        try:
            if address == "local":
                ray.init(num_cpus=workers, include_dashboard=False, **options)
            else:
                _check_reachable(address)
                ray.init(address=address, **options)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise InputError(
                f"--ray {address}: cannot connect to a Ray cluster ({one_line(str(error), 150)}); start one with "
                "`ray start --head`, give its address (HOST:6379), or use --ray local"
            ) from error
        finally:
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, on_sigterm)
    task = ray.remote(num_cpus=1, max_retries=RAY_RETRIES)(_ray_align)
    ahead = max(1, int(ray.cluster_resources().get("CPU", workers))) * AHEAD_PER_WORKER
    waiting = iter(jobs)
    running: dict[Any, PairJob] = {}
    shared_settings = ray.put(settings)
    sigterm_seen = _remember_sigterm()
    try:
        while True:
            while len(running) < ahead and (job := next(waiting, None)):
                running[task.remote(job, shared_settings)] = job
            if not running:
                break
            finished, _ = ray.wait(list(running), num_returns=1)
            for reference in finished:
                job = running.pop(reference)
                try:
                    outcome = ray.get(reference)
                except ray.exceptions.RayError as error:
                    outcome = PairOutcome(
                        job.pair, internal=True,
                        error=f"its Ray worker failed {RAY_RETRIES + 1} times ({type(error).__name__}; killed, "
                        "or out of memory?)",
                    )
                yield outcome
    except KeyboardInterrupt as stop:
        # Ray turns whatever a signal handler raises while it waits into a plain KeyboardInterrupt.
        if sigterm_seen and not isinstance(stop, Terminated):
            raise Terminated from stop
        raise
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, on_sigterm)
        for reference in running:
            ray.cancel(reference, force=True)
        if started_here:
            ray.shutdown()


#: How long to wait for a Ray cluster's address to answer; Ray itself retries for minutes.
RAY_CONNECT_TIMEOUT = 5.0


def _check_reachable(address: str) -> None:
    """Refuse at once a ``HOST:PORT`` (or ``ray://HOST:PORT``) where nothing answers."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", or a form Ray knows and checks itself
    try:
        socket.create_connection((host, int(port)), timeout=RAY_CONNECT_TIMEOUT).close()
    except OSError as error:
        raise ConnectionError(f"nothing answers at {host}:{port}: {error.strerror or error}") from error


def _remember_sigterm() -> list[int]:
    """While the list is kept, SIGTERM is noted in it before its handler (when one is set) runs."""
    seen: list[int] = []
    handler = signal.getsignal(signal.SIGTERM)
    if callable(handler) and threading.current_thread() is threading.main_thread():

        def noted(number: int, frame: FrameType | None) -> None:
            seen.append(number)
            handler(number, frame)

        signal.signal(signal.SIGTERM, noted)
    return seen


# --- The driver --------------------------------------------------------------------------------


@dataclass
class CorpusRun:
    """One run over a corpus's pairs; what it has done so far is readable when it is interrupted."""

    jobs: list[PairJob]
    settings: CorpusSettings
    #: Worker processes (1: the driver's own), or the local Ray instance's CPUs.
    workers: int = 1
    #: A Ray cluster's address, ``auto`` or ``local``; None for worker processes here.
    ray: str | None = None
    #: Redo every pair, even those the manifest shows done and intact.
    force: bool = False
    #: Called with each pair's outcome as it is recorded (printing it), while the bar is cleared.
    show: Callable[[PairOutcome], None] = lambda _outcome: None
    #: The progress bar: None shows it on a terminal only.
    progress: bool | None = None

    #: The pairs skipped because they are done and intact, then those recorded by this run.
    up_to_date: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    failed: list[PairOutcome] = field(default_factory=list)
    #: Peak memory of each worker process (host:pid), in MB.
    peaks: dict[str, float] = field(default_factory=dict)
    sentences: int = 0
    seconds: float = 0.0
    corpus_files: list[Path] = field(default_factory=list)

    def run(self) -> None:
        """Align the pairs not yet done, record each as it finishes, then write the corpus files."""
        from tqdm import tqdm

        out_dir = self.settings.out_dir
        recorded = self.settings.recorded()
        entries = read_manifest(out_dir)
        inputs = {job.pair: _inputs(job) for job in self.jobs}
        to_do = []
        for job in self.jobs:
            if not self.force and is_current(entries.get(job.pair), inputs[job.pair], recorded, out_dir):
                self.up_to_date.append(job.pair)
            else:
                to_do.append(job)
        out_dir.mkdir(parents=True, exist_ok=True)
        if entries:
            write_manifest(entries, out_dir)  # one entry per pair before appending again
        started = time.perf_counter()
        # No monitor thread: the pool's workers are forked, which a thread in the driver makes unsafe.
        tqdm.monitor_interval = 0
        disable = None if self.progress is None else not self.progress
        bar = tqdm(total=len(to_do), unit="pair", disable=disable, file=sys.stderr, dynamic_ncols=True)
        with bar, closing(self._outcomes(to_do)) as outcomes:
            for outcome in outcomes:
                entry = self._record(outcome, inputs[outcome.pair], recorded)
                entries[outcome.pair] = entry
                with bar.external_write_mode():
                    self.show(outcome)
                elapsed = time.perf_counter() - started
                bar.set_postfix_str(f"{self.sentences / max(elapsed, 1e-9):.0f} sentences/s", refresh=False)
                bar.update(1)
        self.seconds = time.perf_counter() - started
        write_manifest(entries, out_dir)
        self.corpus_files = write_corpus_files([entries[job.pair] for job in self.jobs if job.pair in entries],
                                               self.settings)

    def _outcomes(self, jobs: list[PairJob]) -> Outcomes:
        if self.ray:
            return on_ray(jobs, self.settings, self.ray, self.workers)
        if self.workers > 1 and len(jobs) > 1:
            return in_worker_processes(jobs, self.settings, min(self.workers, len(jobs)))
        return in_this_process(jobs, self.settings)

    def _record(
        self, outcome: PairOutcome, inputs: dict[str, tuple[str, FileRecord]], recorded: dict[str, Any]
    ) -> Entry:
        out_dir = self.settings.out_dir
        if outcome.error is not None or outcome.stats is None:
            entry = Entry(outcome.pair, "failed", inputs, recorded, {}, error=outcome.error)
            self.failed.append(outcome)
        else:
            write_files({out_dir / name: data for name, data in outcome.contents.items()}, out_dir)
            outputs = {name: FileRecord.of_data(data) for name, data in outcome.contents.items()}
            entry = Entry(outcome.pair, "done", inputs, recorded, outputs, outcome.stats)
            self.sentences += outcome.stats.sentences
            self.peaks[outcome.worker] = max(self.peaks.get(outcome.worker, 0.0), outcome.stats.worker_peak_mb)
        with uninterrupted():  # recorded, and counted as finished, both or neither
            append_entry(entry, out_dir)
            self.finished.append(outcome.pair)
        return entry


def _inputs(job: PairJob) -> dict[str, tuple[str, FileRecord]]:
    records = {}
    for side, path in (("src", job.src), ("tgt", job.tgt)):
        record = FileRecord.of_file(path)
        # An unreadable input is hashed as nothing: the pair is aligned, and its reader says why it fails.
        records[side] = (str(path), record or FileRecord(-1, hashlib.sha256(b"").hexdigest()))
    return records


def write_corpus_files(entries: list[Entry], settings: CorpusSettings) -> list[Path]:
    """The corpus-level files, from the pairs' files on disk (``entries`` in corpus order), all or
    nothing: one TMX, one TEI corpus and one JSONL of every aligned pair (for the formats asked
    for), and the summary as JSON, Markdown and an HTML index."""
    out_dir = settings.out_dir
    done = [entry.pair for entry in entries if entry.status == "done"]
    when = settings.when

    def documents(suffix: str) -> list[tuple[str, Path]]:
        return [(pair, out_dir / f"{pair}{suffix}") for pair in done]

    parts: dict[Path, Iterable[bytes]] = {}
    if done and "tmx" in settings.pair.formats:
        parts[out_dir / f"{CORPUS_STEM}{corpus_tmx.SUFFIX}"] = corpus_tmx.chunks(documents(corpus_tmx.SUFFIX), when)
    if done and "tei" in settings.pair.formats:
        parts[out_dir / f"{CORPUS_STEM}{corpus_tei.SUFFIX}"] = corpus_tei.chunks(
            documents(corpus_tei.SUFFIX), *settings.languages, when
        )
    if done and "jsonl" in settings.pair.formats:
        parts[out_dir / f"{CORPUS_STEM}{corpus_jsonl.SUFFIX}"] = corpus_jsonl.chunks(documents(corpus_jsonl.SUFFIX))
    summary = corpus_summary.summarize(entries, reports="report" in settings.pair.formats)
    parts[out_dir / f"{CORPUS_STEM}{corpus_summary.JSON_SUFFIX}"] = [corpus_summary.write_json(summary)]
    parts[out_dir / f"{CORPUS_STEM}{corpus_summary.MD_SUFFIX}"] = [corpus_summary.write_md(summary)]
    parts[out_dir / f"{CORPUS_STEM}{corpus_summary.HTML_SUFFIX}"] = [corpus_summary.write_html(summary)]
    with StagedFiles(list(parts), out_dir) as staged:
        for path, chunks in parts.items():
            for chunk in chunks:
                staged.write(path, chunk)
        staged.commit()
    return list(parts)

