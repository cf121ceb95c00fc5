"""The ``aligner`` command: a thin layer over :mod:`aligner.pipeline`, :mod:`aligner.evaluate`,
:mod:`aligner.convert` and :mod:`aligner.fetch`.

Exit status: 0 on success, 1 for an internal error, 2 for bad input or usage
(with a one-line message on stderr; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

from threadpoolctl import threadpool_limits

from aligner import __version__
from aligner.errors import InputError, Terminated, one_line, shown
from aligner.findings import COMPARE_THRESHOLD
from aligner.formats import DEFAULT_FORMATS, FORMATS, output_paths
from aligner.formats.files import check_output_folder
from aligner.manifest import MANIFEST_NAME
from aligner.settings import BLAS_THREADS, DEFAULT_MODEL, ENGINES, FETCH_MAX_BYTES, FETCH_TIMEOUT, AlignParams

if TYPE_CHECKING:  # the pipeline pulls in torch: import it only when a command runs
    from aligner.convert import StreamedResult
    from aligner.corpus_run import PairOutcome
    from aligner.pipeline import PairResult

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
#: Stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + the signal's number, as a shell reports it.
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
#: A corpus adds the JSONL, from which the corpus-wide JSONL is made.
CORPUS_FORMATS = (*DEFAULT_FORMATS, "jsonl")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {one_line(message)}\n")


def _add_alignment_options(parser: argparse.ArgumentParser) -> None:
    defaults = AlignParams()
    group = parser.add_argument_group("alignment")
    group.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        metavar="NAME_OR_PATH",
        help=f"embedding model: {DEFAULT_MODEL!r} (bundled, the default) or any "
        "sentence-transformers model already on this machine, by name or folder",
    )
    group.add_argument("--src-lang", metavar="CODE", help="source language, ISO 639-1 (detected when absent)")
    group.add_argument("--tgt-lang", metavar="CODE", help="target language, ISO 639-1 (detected when absent)")
    group.add_argument(
        "--max-align", type=int, default=defaults.max_align, metavar="N",
        help=f"most sentences in one bead, both sides together (default {defaults.max_align})",
    )
    group.add_argument(
        "--top-k", type=int, default=defaults.top_k, metavar="K",
        help=f"candidate target sentences per source sentence in the first pass (default {defaults.top_k})",
    )
    group.add_argument(
        "--win", type=int, default=defaults.win, metavar="W",
        help=f"width of the second pass's search band (default {defaults.win})",
    )
    group.add_argument(
        "--skip", type=float, default=defaults.skip, metavar="S",
        help=f"score of an unmatched sentence; higher gives more 1-0/0-1 beads (default {defaults.skip})",
    )
    group.add_argument(
        "--chunk", type=int, default=defaults.chunk, metavar="N",
        help=f"align documents longer than N sentences in chunks cut at sure 1-1 pairs, "
        f"to bound memory (default {defaults.chunk})",
    )
    group.add_argument(
        "--exact-overlaps", action="store_true",
        help="embed every run of sentences as one text, as Bertalign does, instead of composing runs "
        "from per-sentence parts (the bundled model only; about 6 times slower, same accuracy)",
    )
    group.add_argument(
        "--engine", choices=ENGINES, default=defaults.engine,
        help="what runs the dynamic programme: aligner (ours, numpy; the default) or bertalign "
        "(the bertalign package's numba kernels, which load torch: about 0.85 GB and 9 s more, "
        "and know only --margin 0 or 1, their default 1); with the same margin both choose the same beads",
    )
    group.add_argument(
        "--margin", type=float, metavar="W",
        help=f"weight of the neighbours' mean similarity subtracted from a bead's: 1 is Bertalign's margin "
        f"score, 0 plain cosine (default {defaults.margin}; 1 with --engine bertalign)",
    )
    group.add_argument("--no-len-penalty", action="store_true", help="do not penalise beads of disproportionate length")
    group.add_argument(
        "--no-refine", action="store_true",
        help="keep the dynamic programme's beads as they are: do not separate unrelated pairs, "
        "detach sentences the other version lacks, or move headings glued to a neighbouring line (see README)",
    )


def _format_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or repr(value)}; choose from {', '.join(FORMATS)}"
        )
    return names


def _add_format_option(parser: argparse.ArgumentParser, default: tuple[str, ...] = DEFAULT_FORMATS) -> None:
    parser.add_argument(
        "--format", dest="formats", type=_format_list, action="extend", metavar="LIST",
        help=f"the outputs to write, comma-separated: any of {', '.join(FORMATS)} "
        f"(report = .divergences.json, .divergences.md and .report.html; default {','.join(default)}); "
        "the checks run only when report, xlsx or jsonl is asked for",
    )


def _params(args: argparse.Namespace) -> AlignParams:
    if args.max_align < 2 or args.top_k < 1 or args.win < 1 or args.chunk < 10:
        raise InputError("--max-align must be at least 2, --top-k and --win at least 1, --chunk at least 10")
    margin = args.margin
    if margin is None:
        margin = 1.0 if args.engine == "bertalign" else AlignParams.margin
    elif not 0 <= margin <= 1:
        raise InputError(f"--margin {margin}: give a weight between 0 and 1")
    elif args.engine == "bertalign" and margin not in (0, 1):
        raise InputError(f"--margin {margin}: Bertalign's kernels know only 0 and 1; drop --engine bertalign")
    return AlignParams(
        max_align=args.max_align,
        top_k=args.top_k,
        win=args.win,
        skip=args.skip,
        margin=margin,
        len_penalty=not args.no_len_penalty,
        chunk=args.chunk,
        exact_overlaps=args.exact_overlaps,
        refine=not args.no_refine,
        engine=args.engine,
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a sub-command for each task."""
    parser = _Parser(
        prog="aligner",
        description="Align a document with its translation sentence by sentence and export "
        "TMX, TEI, TSV, XLSX, JSONL and a report on their divergences.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the traceback of any error")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    align = commands.add_parser(
        "align", parents=[common], help="align one pair of files", description="Align SRC with its translation TGT."
    )
    align.add_argument("src", type=Path, metavar="SRC_FILE", help="source document (e.g. French)")
    align.add_argument("tgt", type=Path, metavar="TGT_FILE", help="target document (e.g. English)")
    align.add_argument(
        "-o", "--output", type=Path, default=Path("output"), metavar="DIR", help="output folder (default output/)"
    )
    align.add_argument("--presplit", action="store_true", help="the files hold one sentence per line; do not segment")
    _add_format_option(align)
    _add_alignment_options(align)

    corpus = commands.add_parser(
        "corpus", parents=[common], help="align every pair of a corpus folder",
        description="Align every ROOT/<src-lang>/X.* with ROOT/<tgt-lang>/X.* (paired by file stem X).",
    )
    corpus.add_argument("root", type=Path, metavar="ROOT", help="corpus folder holding one sub-folder per language")
    corpus.add_argument(
        "-o", "--output", type=Path, default=Path("output"), metavar="DIR", help="output folder (default output/)"
    )
    corpus.add_argument("--presplit", action="store_true", help="the files hold one sentence per line; do not segment")
    _add_format_option(corpus, default=CORPUS_FORMATS)
    run = corpus.add_argument_group("running")
    run.add_argument(
        "--jobs", type=int, metavar="N",
        help="align N pairs at a time, in N worker processes each loading the model once "
        "(default: the cores available; 1 runs in this process)",
    )
    run.add_argument(
        "--ray", metavar="ADDRESS",
        help="send the pairs to a Ray cluster as tasks of one CPU each: its address (HOST:6379), auto (the "
        "cluster this machine has joined) or local (a Ray instance started here with --jobs CPUs); needs "
        "pip install 'aligner[ray]' and the corpus folder at the same path on every machine",
    )
    run.add_argument(
        "--force", action="store_true",
        help=f"align every pair again, even those the output folder's {MANIFEST_NAME} shows done with the "
        "same inputs and settings and whose outputs are intact (a rerun skips those)",
    )
    _add_alignment_options(corpus)
    corpus.set_defaults(src_lang_default="fr", tgt_lang_default="en")

    evaluate = commands.add_parser(
        "evaluate", parents=[common], help="score alignments against gold beads",
        description="Align SRC_DIR/X with TGT_DIR/X for every gold file GOLD_DIR/X and print "
        "strict and lax precision, recall and F1 (Vecalign's scorer).",
    )
    evaluate.add_argument("src_dir", type=Path, metavar="SRC_DIR")
    evaluate.add_argument("tgt_dir", type=Path, metavar="TGT_DIR")
    evaluate.add_argument(
        "gold_dir", type=Path, metavar="GOLD_DIR", help="one file per document, lines like [0, 1]:[2]"
    )
    evaluate.add_argument(
        "--presplit", action="store_true", help="required: gold indices are line numbers of one-sentence-per-line files"
    )
    evaluate.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    _add_alignment_options(evaluate)

    convert = commands.add_parser(
        "convert", parents=[common], help="re-export an existing alignment (TMX or aligner's TSV)",
        description="Read an existing alignment, a TMX translation memory or the TSV aligner writes, "
        "list its divergences and export it in the chosen formats. Units without a similarity "
        "are scored with the embedding model. A file of more units than one chunk (2,000) is read "
        "as a stream and converted chunk by chunk, into tmx, tsv and jsonl only.",
    )
    convert.add_argument("alignment", type=Path, metavar="IN", help="a .tmx file or an aligner .tsv file")
    convert.add_argument(
        "-o", "--output", type=Path, default=Path("output"), metavar="DIR", help="output folder (default output/)"
    )
    _add_format_option(convert)
    convert.add_argument(
        "--src-lang", metavar="CODE", help="source language (default: the TMX's srclang; detected in a TSV)"
    )
    convert.add_argument(
        "--tgt-lang", metavar="CODE", help="target language (default: the TMX's other language; detected in a TSV)"
    )
    convert.add_argument(
        "--model", default=DEFAULT_MODEL, metavar="NAME_OR_PATH",
        help="embedding model that scores units without a similarity",
    )

    compare = commands.add_parser(
        "compare", parents=[common], help="run the divergence checks on pairs that are already aligned",
        description="Run every divergence check on already aligned pairs, without re-aligning: "
        "a TSV with one source<TAB>target pair per line (no header; pair id = 0-based line number), "
        "a TMX file or aligner's TSV. Writes the divergence report, with a score, a label and the "
        "differing spans of every pair.",
    )
    compare.add_argument("pairs", type=Path, metavar="PAIRS", help="source<TAB>target lines, a .tmx or an aligner .tsv")
    compare.add_argument(
        "-o", "--output", type=Path, default=Path("output"), metavar="DIR", help="output folder (default output/)"
    )
    _add_format_option(compare, default=("report",))
    compare.add_argument("--src-lang", metavar="CODE", help="source language (default: detected)")
    compare.add_argument("--tgt-lang", metavar="CODE", help="target language (default: detected)")
    compare.add_argument("--model", default=DEFAULT_MODEL, metavar="NAME_OR_PATH", help="embedding model")
    compare.add_argument(
        "--threshold", type=float, default=COMPARE_THRESHOLD, metavar="T",
        help="a pair whose divergence score (1 - similarity + the largest gain from cutting one clause) "
        f"reaches T is labelled divergent (default {COMPARE_THRESHOLD}, chosen on REFreSD's development half)",
    )

    fetch = commands.add_parser(
        "fetch", parents=[common], help="download official versions into a corpus folder",
        description="Download each URL (a web page or a PDF), extract its text and store it as "
        "DIR/<lang>/<stem>.txt, with where it came from in DIR/<lang>/<stem>.source.json.",
    )
    fetch.add_argument("urls", nargs="+", metavar="URL", help="address of a web page or a PDF")
    fetch.add_argument(
        "--lang", required=True, metavar="CODE", help="language of the documents (ISO 639-1): they go into DIR/CODE/"
    )
    fetch.add_argument(
        "-o", "--output", type=Path, default=Path("corpora"), metavar="DIR", help="corpus folder (default corpora/)"
    )
    fetch.add_argument(
        "--name", metavar="STEM",
        help="file stem to store the document under, to pair it with its translation "
        "(one URL only; default: from the address)",
    )
    fetch.add_argument(
        "--timeout", type=float, default=FETCH_TIMEOUT, metavar="SECONDS",
        help=f"give up on a download after this long (default {FETCH_TIMEOUT:g})",
    )
    fetch.add_argument(
        "--max-size", type=float, default=FETCH_MAX_BYTES / 1e6, metavar="MB",
        help=f"refuse larger responses (default {FETCH_MAX_BYTES / 1e6:g})",
    )
    fetch.add_argument("--force", action="store_true", help="replace a document already in the folder")

    export = commands.add_parser(
        "export", parents=[common], help="write a reviewed pair as its reviewer corrected it",
        description="Write the pair OUT/NAME as its review (aligner review OUT/NAME, kept in "
        "OUT/NAME.review.sqlite) corrected it: the corrected beads with the reviewer's checks and comments, "
        "the findings with their decisions. Findings are recomputed only for the beads the corrections "
        "changed (the embedding model scores those beads and runs the checks); a dismissed finding found "
        "again stays dismissed. Never writes over the pair's own outputs in OUT.",
    )
    export.add_argument(
        "target", type=Path, metavar="OUT/NAME",
        help="the pair's output folder and file stem, as aligner align wrote them (output/report for "
        "output/report.tei.xml, output/report.tmx, ...)",
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="output folder (default OUT/reviewed/; not OUT itself)"
    )
    _add_format_option(export)
    export.add_argument(
        "--model", default=DEFAULT_MODEL, metavar="NAME_OR_PATH",
        help="embedding model that scores corrected beads and runs the checks",
    )

    review = commands.add_parser(
        "review", parents=[common], help="correct an alignment and decide its findings in the browser",
        description="Serve a local page on which to correct the pair OUT/NAME's alignment (merge, split, "
        "move, unmatch) and accept or dismiss its findings, or every pair of an output folder OUT; every "
        "decision is saved at once in OUT/NAME.review.sqlite, and the page's Export button writes "
        "OUT/reviewed/ as aligner export does. Prints the address (with its access token) and opens the "
        "browser; Ctrl-C stops it.",
    )
    review.add_argument(
        "target", type=Path, metavar="OUT/NAME",
        help="the pair's output folder and file stem, as aligner align wrote them, or an output folder",
    )
    review.add_argument(
        "--host", default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; any other lets whoever reaches it "
        "and has the address edit the review)",
    )
    review.add_argument("--port", type=int, default=0, metavar="N", help="port to listen on (default: a free one)")
    review.add_argument("--no-browser", action="store_true", help="print the address only; open no browser")
    review.add_argument(
        "--model", default=DEFAULT_MODEL, metavar="NAME_OR_PATH",
        help="embedding model that runs the checks when the outputs hold no report, and scores an export's "
        "corrected beads",
    )
    return parser


def _say(message: str) -> None:
    """Print an error or a warning on stderr: one line, whatever the message holds (see one_line)."""
    print(f"aligner: {one_line(message)}", file=sys.stderr)


def _show(text: object) -> None:
    """Print a summary on stdout, its lines as they are but with any name in them made safe."""
    print("\n".join(shown(line) for line in str(text).split("\n")))


def _listed(names: list[str], most: int = 5) -> str:
    if len(names) > most:
        return f"{', '.join(names[:most])} and {len(names) - most} more"
    return ", ".join(names) or "none"


def _run_align(args: argparse.Namespace) -> int:
    from aligner.pipeline import PairSettings, pair_name, process_pair

    params = _params(args)
    formats = args.formats or DEFAULT_FORMATS
    names = [path.name for path in output_paths(args.output, pair_name(args.src, args.tgt), formats)]
    check_output_folder(args.output, names)
    settings = PairSettings(args.src_lang, args.tgt_lang, args.presplit, args.model, params, tuple(formats))
    result = process_pair(args.src, args.tgt, args.output, settings)
    _print_result(result)
    return EXIT_OK


def _print_result(result: PairResult | StreamedResult) -> None:
    for warning in result.warnings:
        _say(f"warning: {warning}")
    _show(result)


def _run_corpus(args: argparse.Namespace) -> int:
    from aligner.corpus import pair_corpus, write_corpus_terminology
    from aligner.corpus_run import CorpusRun, CorpusSettings, PairJob, default_jobs
    from aligner.formats.report import JSON_SUFFIX
    from aligner.pipeline import PairSettings, pair_name

    src_lang = args.src_lang or args.src_lang_default
    tgt_lang = args.tgt_lang or args.tgt_lang_default
    params = _params(args)
    formats = tuple(dict.fromkeys(args.formats or CORPUS_FORMATS))
    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"--jobs {args.jobs}: give at least 1")
    check_output_folder(args.output)
    corpus = pair_corpus(args.root, src_lang, tgt_lang)
    for message in corpus.skipped:
        _say(f"warning: {message}")
    run = CorpusRun(
        [PairJob(pair_name(src_path, tgt_path), src_path, tgt_path) for src_path, tgt_path in corpus.pairs],
        CorpusSettings(args.output, PairSettings(src_lang, tgt_lang, args.presplit, args.model, params, formats)),
        workers=args.jobs or default_jobs(), ray=args.ray, force=args.force, show=_print_outcome,
    )
    try:
        run.run()
        aligned = [job.pair for job in run.jobs if job.pair not in {outcome.pair for outcome in run.failed}]
        if len(aligned) >= 2 and "report" in formats:
            reports = {pair: args.output / f"{pair}{JSON_SUFFIX}" for pair in aligned}
            _show(write_corpus_terminology(reports, src_lang, tgt_lang, args.output))
    except KeyboardInterrupt as stop:
        return _interrupted(
            stop, f"; {len(run.finished)} of {len(run.jobs) - len(run.up_to_date)} pair(s) to align were finished "
            f"({_listed(run.finished)}) and recorded in {args.output / MANIFEST_NAME}: run the same command again "
            "to carry on from there",
        )
    for message in corpus.refused:
        _say(f"error: {message}")
    for message in corpus.unpaired:
        _show(f"not aligned: {message}")
    if run.up_to_date:
        _show(
            f"{len(run.up_to_date)} pair(s) already aligned with these inputs and settings, skipped "
            "(--force redoes them)"
        )
    if run.corpus_files:
        suffixes = ",".join(path.name.removeprefix("corpus.") for path in run.corpus_files)
        _show(f"wrote {run.settings.out_dir}/corpus.{{{suffixes}}}")
    if run.peaks:
        _show(
            f"this run: {len(run.finished) - len(run.failed)} pair(s) aligned in {run.seconds:.1f} s, "
            f"{run.sentences / max(run.seconds, 1e-9):.0f} sentences/s; peak memory per worker: "
            f"{max(run.peaks.values()):.0f} MB ({len(run.peaks)} worker(s))"
        )
    failed = len(run.failed) + len(corpus.refused)
    print(
        f"{len(corpus.pairs) - len(run.failed)} pair(s) aligned, {failed} failed, "
        f"{len(corpus.unpaired)} file(s) without a counterpart"
    )
    if any(outcome.internal for outcome in run.failed):
        return EXIT_INTERNAL
    return EXIT_INPUT if failed else EXIT_OK


def _print_outcome(outcome: PairOutcome) -> None:
    for warning in outcome.warnings:
        _say(f"warning: {warning}")
    if outcome.internal:
        _say(f"internal error: {outcome.pair}: {outcome.error} (run it alone with aligner align --debug and report it)")
    elif outcome.error is not None:
        _say(f"error: {outcome.error}")
    else:
        _show(outcome.summary)


def _run_evaluate(args: argparse.Namespace) -> int:
    from aligner.evaluate import evaluate

    if not args.presplit:
        raise InputError(
            "evaluate compares line numbers with the gold beads: add --presplit (files hold one sentence per line)"
        )
    evaluation = evaluate(
        args.src_dir, args.tgt_dir, args.gold_dir,
        src_lang=args.src_lang, tgt_lang=args.tgt_lang, model=args.model, params=_params(args),
    )
    _show(evaluation.to_json() if args.json else evaluation)
    return EXIT_OK


def _run_convert(args: argparse.Namespace) -> int:
    from aligner.convert import convert

    check_output_folder(args.output)
    result = convert(
        args.alignment, args.output, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
        model=args.model, formats=args.formats or DEFAULT_FORMATS,
    )
    _print_result(result)
    return EXIT_OK


def _run_compare(args: argparse.Namespace) -> int:
    from aligner.convert import convert

    check_output_folder(args.output)
    result = convert(
        args.pairs, args.output, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
        model=args.model, formats=args.formats or ("report",), pairs=True, threshold=args.threshold,
    )
    _print_result(result)
    return EXIT_OK


def _run_fetch(args: argparse.Namespace) -> int:
    from aligner.fetch import fetch

    if args.name and len(args.urls) > 1:
        raise InputError("--name stores one document: give one URL with it, or leave it out")
    if not re.fullmatch(r"[a-z]{2,3}", args.lang):
        raise InputError(f"--lang {args.lang}: give the language as an ISO 639-1 code such as fr or en")
    if args.timeout <= 0 or args.max_size <= 0:
        raise InputError("--timeout and --max-size must be positive")
    check_output_folder(args.output / args.lang)
    failed = 0
    for url in args.urls:
        try:
            fetched = fetch(
                url, args.lang, args.output, stem=args.name, timeout=args.timeout,
                max_bytes=int(args.max_size * 1e6), force=args.force,
            )
        except InputError as error:
            failed += 1
            _say(f"error: {error}")
            continue
        _show(fetched)
    return EXIT_INPUT if failed else EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    from aligner.pipeline import wrote_line
    from aligner.review.export import export, export_folder

    out_dir = args.output or export_folder(args.target)
    formats = args.formats or DEFAULT_FORMATS
    check_output_folder(out_dir, [path.name for path in output_paths(out_dir, args.target.name, formats)])
    files = export(args.target, out_dir, formats, model=args.model)
    _show(wrote_line(args.target.name, files))
    return EXIT_OK


def _run_review(args: argparse.Namespace) -> int:
    import webbrowser

    from aligner.review.server import ReviewServer, is_loopback

    if not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port}: give a port between 1 and 65535, or 0 for a free one")
    if not is_loopback(args.host):
        _say(f"warning: --host {args.host}: anyone who can reach this address and has the token can edit the review")
    try:
        server = ReviewServer(args.target, args.host, args.port, model=args.model)
    except OSError as error:
        raise InputError(f"cannot listen on {args.host} port {args.port}: {error.strerror or error}") from error
    names = list(server.documents)
    what = names[0] if len(names) == 1 else f"{len(names)} documents in {args.target}"
    _show(f"Reviewing {what}: {server.url}")
    print("Every decision is saved as it is made; Ctrl-C stops the server.", flush=True)
    if not args.no_browser:
        # In a thread: a browser that takes its time to start must not hold the server back.
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt as stop:
        print("aligner review stopped; the review is saved.", flush=True)
        return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_OK
    return EXIT_OK


COMMANDS = {
    "align": _run_align,
    "corpus": _run_corpus,
    "evaluate": _run_evaluate,
    "convert": _run_convert,
    "compare": _run_compare,
    "fetch": _run_fetch,
    "export": _run_export,
    "review": _run_review,
}


def _terminate(_number: int, _frame: FrameType | None) -> NoReturn:
    raise Terminated


@contextmanager
def _sigterm_stops_cleanly() -> Iterator[None]:
    """While a command runs, SIGTERM stops it as Ctrl-C does: outputs not yet complete are removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted(stop: KeyboardInterrupt, where: str = "") -> int:
    _say(f"interrupted{where}; no partial output was written")
    return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        with _sigterm_stops_cleanly(), threadpool_limits(BLAS_THREADS, user_api="blas"):
            return COMMANDS[args.command](args)
    except InputError as error:
        if args.debug:
            traceback.print_exc()
        _say(f"error: {error}")
        return EXIT_INPUT
    except KeyboardInterrupt as stop:
        return _interrupted(stop)
    except BrokenPipeError:
        # Whoever read stdout has gone (``| head``): the outputs are written; say no more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:  # an internal error: say so in one line unless asked for more
        if args.debug:
            traceback.print_exc()
        what = f"{type(error).__name__}: {error}"
        _say(f"internal error: {what} (run again with --debug for the traceback and report it)")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
