"""Hostile conditions on the process and command-line side: a signal at any step of writing,
file names a terminal would act on, messages megabytes long, loops of links in a corpus, and
output folders that cannot take the outputs.

Signals and raw bytes on a terminal are only real in a separate process: those cases run the
command line in a subprocess (with the fast stand-in embedder, bounded by TIMEOUT) and check
the exit status, that stderr says one line, and that the output folder holds, for each pair,
either all the outputs of the earlier run or all of the new one, and no temporary file.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import aligner.convert
import aligner.fetch
import aligner.formats.files
import aligner.pipeline
from aligner.cli import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, main
from aligner.errors import LINE_LIMIT, one_line, shown

from .conftest import REPO

FRENCH = "Les ministres se sont réunis à Ottawa.\n\nIls ont discuté de sécurité.\n"
ENGLISH = "The ministers met in Ottawa.\n\nThey discussed security.\n"
SUFFIXES = (".tmx", ".tei.xml", ".tsv", ".divergences.json", ".divergences.md", ".report.html")
OLD = b"an output of an earlier run"
TIMEOUT = 60

# The command line with the stand-in embedder, and hooks that act around the Nth call of a
# function: "after os.replace 1 TERM" sends SIGTERM to the process itself just after the first
# rename; "after os.replace * 0.5" sleeps half a second after every one; "before os.replace 1
# until:PATH" waits for PATH to exist before the first.
DRIVER = """
import os, signal, sys, time
import aligner.pipeline, tempfile
from tests.conftest import HashEmbedder

aligner.pipeline.load_embedder = lambda _name: HashEmbedder()
MODULES = {"os": os, "tempfile": tempfile, "pipeline": aligner.pipeline}

def hook(when, target, nth, action):
    module_name, name = target.split(".")
    module = MODULES[module_name]
    real, calls = getattr(module, name), []

    def act():
        if nth in ("*", str(len(calls))):
            if action in ("TERM", "INT"):
                os.kill(os.getpid(), getattr(signal, "SIG" + action))
            elif action.startswith("until:"):
                deadline = time.monotonic() + 60
                while not os.path.exists(action.removeprefix("until:")) and time.monotonic() < deadline:
                    time.sleep(0.01)
            else:
                time.sleep(float(action))

    def hooked(*args, **kwargs):
        calls.append(1)
        if when == "before":
            act()
        result = real(*args, **kwargs)
        if when == "after":
            act()
        return result

    setattr(module, name, hooked)

for spec in filter(None, os.environ.get("HOOKS", "").split(";")):
    hook(*spec.split())
from aligner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def command(*args: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-c", DRIVER, *args]


def run(*args: str | bytes, hooks: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        command(*args), capture_output=True, cwd=REPO, timeout=TIMEOUT, check=False, env={**os.environ, "HOOKS": hooks}
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def corpus_of(root: Path, *stems: str | bytes) -> Path:
    for stem in stems:
        name = os.fsdecode(stem) + ".txt"
        write(root / "fr" / name, FRENCH)
        write(root / "en" / name, ENGLISH)
    return root


def old_outputs(out: Path, stem: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for suffix in SUFFIXES:
        (out / f"{stem}{suffix}").write_bytes(OLD)


def state_of(out: Path, stem: str) -> str:
    """'old', 'new' or 'none' when the pair's outputs are all of one kind; fails on a mixture."""
    contents = [(out / f"{stem}{suffix}").read_bytes() if (out / f"{stem}{suffix}").exists() else None
                for suffix in SUFFIXES]
    kinds = {"none" if data is None else "old" if data == OLD else "new" for data in contents}
    assert len(kinds) == 1, f"{stem}: a mixture of outputs {kinds}"
    return kinds.pop()


def no_temporary_files(out: Path) -> bool:
    return not [path for path in out.iterdir() if path.name.endswith(".part")] if out.is_dir() else True


def one_error_line(stderr: bytes) -> str:
    assert stderr.count(b"\n") == 1 and b"Traceback" not in stderr, stderr[-2000:]
    return stderr.decode()


# --- Item 3: a signal at any step of writing -------------------------------------------------

# (hook, the signal's exit status, what the folder then holds). The first mkstemp is the
# check of the output folder; the outputs' temporary files are the 2nd to the 7th.
SIGNALLED = [
    ("after tempfile.mkstemp 3 TERM", EXIT_TERMINATED, "old"),
    ("after tempfile.mkstemp 3 INT", EXIT_INTERRUPTED, "old"),
    ("after os.fsync 2 TERM", EXIT_TERMINATED, "old"),
    ("after os.replace 1 TERM", EXIT_TERMINATED, "new"),
    ("after os.replace 1 INT", EXIT_INTERRUPTED, "new"),
]


@pytest.mark.parametrize(("hooks", "status", "state"), SIGNALLED, ids=[hooks for hooks, _s, _t in SIGNALLED])
def test_a_signal_while_writing_leaves_all_old_or_all_new_outputs(tmp_path, hooks, status, state) -> None:
    src, tgt = write(tmp_path / "pair.txt", FRENCH), write(tmp_path / "en" / "pair.txt", ENGLISH)
    out = tmp_path / "out"
    old_outputs(out, "pair")
    result = run("align", str(src), str(tgt), "-o", str(out), "--src-lang", "fr", "--tgt-lang", "en", hooks=hooks)
    assert result.returncode == status
    assert "interrupted; no partial output was written" in one_error_line(result.stderr)
    assert state_of(out, "pair") == state
    assert no_temporary_files(out)


def test_sigterm_from_outside_during_the_renames_lets_them_finish(tmp_path) -> None:
    src, tgt = write(tmp_path / "pair.txt", FRENCH), write(tmp_path / "en" / "pair.txt", ENGLISH)
    out = tmp_path / "out"
    old_outputs(out, "pair")
    process = subprocess.Popen(
        command("align", str(src), str(tgt), "-o", str(out), "--src-lang", "fr", "--tgt-lang", "en"),
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "HOOKS": "after os.replace * 0.3"},
    )
    deadline = time.monotonic() + TIMEOUT
    while (out / "pair.tmx").read_bytes() == OLD and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == EXIT_TERMINATED
    assert "interrupted; no partial output was written" in one_error_line(err)
    assert state_of(out, "pair") == "new" and no_temporary_files(out)


def test_a_signal_during_a_corpus_says_which_pairs_were_finished(tmp_path) -> None:
    corpus = corpus_of(tmp_path / "corpus", "a", "b", "c")
    out = tmp_path / "out"
    result = run("corpus", str(corpus), "-o", str(out), "--jobs", "1", hooks="before pipeline.prepare_pair 2 TERM")
    assert result.returncode == EXIT_TERMINATED
    assert "interrupted; 1 of 3 pair(s) to align were finished (a) and recorded in" in one_error_line(result.stderr)
    assert [state_of(out, stem) for stem in "abc"] == ["new", "none", "none"]
    assert no_temporary_files(out)


@pytest.mark.parametrize("delay", [0.0, 0.15, 0.4])
def test_sigterm_from_outside_at_any_moment_of_a_corpus_leaves_whole_pairs(tmp_path, delay) -> None:
    corpus = corpus_of(tmp_path / "corpus", "a", "b", "c", "d")
    out = tmp_path / "out"
    for stem in "abcd":
        old_outputs(out, stem)
    process = subprocess.Popen(
        command("corpus", str(corpus), "-o", str(out)),
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "HOOKS": "after os.fsync * 0.05"},
    )
    deadline = time.monotonic() + TIMEOUT
    while (out / "a.tmx").read_bytes() == OLD and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode in (EXIT_OK, EXIT_TERMINATED)
    if process.returncode == EXIT_TERMINATED:
        assert "no partial output was written" in one_error_line(err)
    states = [state_of(out, stem) for stem in "abcd"]
    assert states[0] == "new" and set(states) <= {"old", "new"}
    assert no_temporary_files(out)


def test_two_runs_into_one_folder_put_whole_sets_in_place(tmp_path) -> None:
    """The second run to rename waits for the first to finish renaming, instead of mixing its set in."""
    out, flag = tmp_path / "out", tmp_path / "first-run-is-renaming"
    old_outputs(out, "pair")
    runs = []
    for name, french, hooks in [
        ("first", FRENCH, "after os.replace * 0.3"),
        ("second", FRENCH + "Un troisième point fut abordé.\n", f"before os.fsync 1 until:{flag}"),
    ]:
        src, tgt = write(tmp_path / name / "pair.txt", french), write(tmp_path / name / "en" / "pair.txt", ENGLISH)
        runs.append(subprocess.Popen(
            command("align", str(src), str(tgt), "-o", str(out), "--src-lang", "fr", "--tgt-lang", "en"),
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "HOOKS": hooks},
        ))
    deadline = time.monotonic() + TIMEOUT
    while (out / "pair.tmx").read_bytes() == OLD and time.monotonic() < deadline:
        time.sleep(0.01)
    flag.touch()
    assert [run.wait(timeout=TIMEOUT) for run in runs] == [EXIT_OK, EXIT_OK]
    second = ["troisième" in (out / f"pair{suffix}").read_text(encoding="utf-8")
              for suffix in (".tmx", ".tei.xml", ".tsv", ".report.html")]
    assert second == [True] * 4
    assert no_temporary_files(out)


def test_a_reader_of_stdout_that_goes_away_is_no_error(tmp_path) -> None:
    src, tgt = write(tmp_path / "pair.txt", FRENCH), write(tmp_path / "en" / "pair.txt", ENGLISH)
    read, written = os.pipe()
    os.close(read)
    with os.fdopen(written, "wb") as closed_pipe:
        result = subprocess.run(
            command("align", str(src), str(tgt), "-o", str(tmp_path / "out"), "--src-lang", "fr", "--tgt-lang", "en"),
            cwd=REPO, stdout=closed_pipe, stderr=subprocess.PIPE, timeout=TIMEOUT, check=False,
        )
    assert result.returncode == 128 + signal.SIGPIPE and result.stderr == b""
    assert state_of(tmp_path / "out", "pair") == "new"


# --- Item 6: names a terminal would act on ---------------------------------------------------


def test_shown_escapes_controls_and_undecodable_bytes() -> None:
    assert shown("\x1b]0;X\x07") == "\\x1b]0;X\\x07"
    assert shown(os.fsdecode(b"caf\xe9\xff")) == "caf\\xe9\\xff"
    assert shown("a\nb\tc\u202ed\x9b") == "a\\nb\\tc\\u202ed\\x9b"
    assert shown("réunis à Ottawa 名前") == "réunis à Ottawa 名前"
    assert shown(shown("\x1b[31m")) == shown("\x1b[31m")


def test_names_with_escape_sequences_and_undecodable_bytes_reach_the_terminal_escaped(tmp_path) -> None:
    corpus = corpus_of(tmp_path / "corpus", b"\x1b]0;X\x07", b"caf\xe9", "good")
    empty = os.fsencode(tmp_path / "corpus") + b"/fr/vide\xff\x1b[31m.txt"
    Path(os.fsdecode(empty)).write_bytes(b"")
    write(tmp_path / "corpus" / "en" / os.fsdecode(b"vide\xff\x1b[31m.txt"), ENGLISH)
    out = tmp_path / "out"
    result = run("corpus", str(corpus), "-o", str(out))
    terminal = result.stdout + result.stderr
    assert result.returncode == EXIT_INPUT  # the empty pair
    assert not {0x1B, 0x07, 0xE9, 0xFF} & set(terminal)
    assert b"\\x1b]0;X\\x07: 2 fr / 2 en sentences" in result.stdout
    assert b"caf\\xe9: 2 fr / 2 en sentences" in result.stdout
    assert b"vide\\xff\\x1b[31m.txt: is empty" in result.stderr
    assert b"3 pair(s) aligned, 1 failed" in result.stdout
    for stem in ("\x1b]0;X\x07", os.fsdecode(b"caf\xe9"), "good"):
        assert state_of(out, stem) == "new"


def test_a_file_name_that_is_not_utf8_aligns_end_to_end(tmp_path) -> None:
    folder = os.fsencode(tmp_path)
    src, tgt = folder + b"/fr-\xe9t\xe9.txt", folder + b"/en-\xe9t\xe9.txt"
    Path(os.fsdecode(src)).write_text(FRENCH, encoding="utf-8")
    Path(os.fsdecode(tgt)).write_text(ENGLISH, encoding="utf-8")
    result = run("align", src, tgt, "-o", str(tmp_path / "out"), "--src-lang", "fr", "--tgt-lang", "en")
    assert result.returncode == EXIT_OK, result.stderr[-2000:]
    assert b"fr-\\xe9t\\xe9-en-\\xe9t\\xe9: 2 fr / 2 en" in result.stdout
    assert state_of(tmp_path / "out", os.fsdecode(b"fr-\xe9t\xe9-en-\xe9t\xe9")) == "new"


# --- Item 13: one short line, always ----------------------------------------------------------


def test_one_line_keeps_the_beginning_and_the_end() -> None:
    message = "/corpus/x.tmx: holds 10000 language(s) (" + ", ".join(f"x{i}" for i in range(10_000)) + "); fix it"
    line = one_line(message)
    assert len(line) <= LINE_LIMIT and "\n" not in line
    assert line.startswith("/corpus/x.tmx: holds 10000 language(s) (x0, x1") and line.endswith("x9999); fix it")


def test_a_nine_megabyte_attribute_gives_one_short_error_line(tmp_path) -> None:
    big = "A" * 9_000_000
    tmx = tmp_path / "big.tmx"
    tmx.write_text(
        f'<?xml version="1.0"?><tmx version="1.4"><header srclang="{big}" adminlang="en" segtype="sentence" '
        'o-tmf="x" creationtool="x" creationtoolversion="1" datatype="plaintext"/><body><tu>'
        '<tuv xml:lang="fr"><seg>Bonjour.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    result = run("convert", str(tmx), "-o", str(tmp_path / "out"))
    assert result.returncode == EXIT_INPUT
    line = one_error_line(result.stderr)
    assert len(line) <= LINE_LIMIT + len("aligner: \n") and line.startswith(f"aligner: error: {tmx}: ")
    assert not (tmp_path / "out").exists()


def test_a_message_over_two_lines_is_printed_as_one(tmp_path, capsys) -> None:
    empty = tmp_path / "a\nb.txt"
    empty.write_bytes(b"")
    status = main(["align", str(empty), str(write(tmp_path / "en.txt", ENGLISH)), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == EXIT_INPUT and err.count("\n") == 1 and "a\\nb.txt: is empty" in err


# --- Item 15: loops of links in a corpus folder -------------------------------------------------


def test_loops_of_links_in_a_corpus_are_skipped_with_one_warning_each(tmp_path, capsys, monkeypatch, hash_embedder):
    monkeypatch.setattr(aligner.pipeline, "load_embedder", lambda _name: hash_embedder)
    corpus = corpus_of(tmp_path / "corpus", "good")
    (corpus / "fr" / "self.txt").symlink_to("self.txt")
    (corpus / "fr" / "ping.txt").symlink_to("pong.txt")
    (corpus / "fr" / "pong.txt").symlink_to("ping.txt")
    (corpus / "en" / "into.txt").symlink_to("../fr/ping.txt")  # leads into the same loop
    (corpus / "en" / "gone.txt").symlink_to("nowhere.txt")
    started = time.monotonic()
    status = main(["corpus", str(corpus), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == EXIT_OK and time.monotonic() - started < TIMEOUT
    warnings = [line for line in err.splitlines() if line.startswith("aligner: warning:")]
    assert len(warnings) == 3
    assert sum("is a link in a loop of links; skipped" in line for line in warnings) == 2
    assert any("gone.txt: is a link to nowhere.txt, which does not exist" in line for line in warnings)
    assert state_of(tmp_path / "out", "good") == "new"


# --- Item 16: an output folder that cannot take the outputs is refused first -----------------


def _no_work(monkeypatch) -> None:
    def work(*_args, **_kwargs):
        raise AssertionError("the work started before the output folder was checked")

    for module, name in [(aligner.pipeline, "process_pair"), (aligner.convert, "convert"), (aligner.fetch, "fetch")]:
        monkeypatch.setattr(module, name, work)


def _every_command(tmp_path: Path, out: Path) -> list[list[str]]:
    src, tgt = write(tmp_path / "fr.txt", FRENCH), write(tmp_path / "en.txt", ENGLISH)
    return [
        ["align", str(src), str(tgt), "-o", str(out)],
        ["corpus", str(tmp_path), "-o", str(out)],
        ["convert", str(tmp_path / "any.tmx"), "-o", str(out)],
        ["compare", str(tmp_path / "any.tsv"), "-o", str(out)],
        ["fetch", "https://example.org/x", "--lang", "fr", "-o", str(out)],
    ]


def _simulate_read_only(monkeypatch) -> None:
    # Tests run as root, who may write into any folder: make creating a file fail as it would.
    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(aligner.formats.files.tempfile, "mkstemp", denied)


def _simulate_full(monkeypatch) -> None:
    monkeypatch.setattr(aligner.formats.files.os, "statvfs", lambda _path: SimpleNamespace(f_bavail=0, f_frsize=4096))


# (case, how to make the output folder unusable, the reason expected in the message)
UNUSABLE = [
    ("a file", lambda out, _m: out.write_text("x"), "is not a folder"),
    ("under a file", lambda out, _m: out.parent.write_text("x"), "blocker is not a folder"),
    ("read-only", lambda out, m: _simulate_read_only(m), "Permission denied"),
    ("full", lambda out, m: _simulate_full(m), "0 bytes free"),
]


@pytest.mark.parametrize(("case", "make", "reason"), UNUSABLE, ids=[case for case, _m, _r in UNUSABLE])
def test_an_unusable_output_folder_is_refused_before_any_work(tmp_path, capsys, monkeypatch, case, make, reason):
    _no_work(monkeypatch)
    out = tmp_path / "blocker" / "out" if case == "under a file" else tmp_path / "out"
    for args in _every_command(tmp_path, out):
        make(out, monkeypatch)
        started = time.monotonic()
        status = main(args)
        err = capsys.readouterr().err
        assert status == EXIT_INPUT, (args[0], err)
        assert "cannot write the outputs" in err and reason in err and err.count("\n") == 1
        assert time.monotonic() - started < 5


def test_an_output_name_too_long_for_the_folder_is_refused_before_any_work(tmp_path, capsys, monkeypatch) -> None:
    _no_work(monkeypatch)
    stem = "n" * 240
    src, tgt = write(tmp_path / "fr" / f"{stem}.txt", FRENCH), write(tmp_path / "en" / f"{stem}.txt", ENGLISH)
    assert main(["align", str(src), str(tgt), "-o", str(tmp_path / "out")]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "cannot be longer than 255 bytes here" in err and "give the input files shorter names" in err
    assert not (tmp_path / "out").exists()


def test_an_output_name_near_the_longest_is_written(tmp_path, capsys, monkeypatch, hash_embedder) -> None:
    # 230 + ".divergences.json" fits in 255 bytes; the temporary file's longer name must fit too.
    monkeypatch.setattr(aligner.pipeline, "load_embedder", lambda _name: hash_embedder)
    stem = "n" * 230
    src, tgt = write(tmp_path / "fr" / f"{stem}.txt", FRENCH), write(tmp_path / "en" / f"{stem}.txt", ENGLISH)
    assert main(["align", str(src), str(tgt), "-o", str(tmp_path / "out")]) == EXIT_OK
    assert state_of(tmp_path / "out", stem) == "new" and no_temporary_files(tmp_path / "out")


def test_a_folder_in_the_place_of_an_output_replaces_nothing(tmp_path, capsys, monkeypatch, hash_embedder) -> None:
    monkeypatch.setattr(aligner.pipeline, "load_embedder", lambda _name: hash_embedder)
    out = tmp_path / "out"
    old_outputs(out, "pair")
    (out / "pair.tsv").unlink()
    (out / "pair.tsv").mkdir()
    src, tgt = write(tmp_path / "pair.txt", FRENCH), write(tmp_path / "en" / "pair.txt", ENGLISH)
    assert main(["align", str(src), str(tgt), "-o", str(out)]) == EXIT_INPUT
    assert "(pair.tsv is a folder)" in capsys.readouterr().err
    assert all((out / f"pair{suffix}").read_bytes() == OLD for suffix in SUFFIXES if suffix != ".tsv")
    assert no_temporary_files(out)
