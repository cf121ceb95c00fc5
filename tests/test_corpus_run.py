"""A whole corpus: in parallel, resumable, on Ray; the corpus-level files (issue 16).

The stand-in embedder keeps these tests fast; pairs run in forked worker processes, which
inherit it, or on a local Ray instance, to which it is sent.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from aligner.cli import EXIT_INPUT, main
from aligner.corpus_run import CorpusRun, CorpusSettings, PairJob
from aligner.manifest import MANIFEST_NAME, read_manifest
from aligner.pipeline import PairSettings
from aligner.settings import AlignParams

from .conftest import REPO

EPOCH = "1700000000"
TIMEOUT = 60
FRENCH = [
    "Loi sur la protection des phares.",
    "Les ministres se sont réunis à Ottawa le 3 mars 2020.",
    "Ils ont discuté de sécurité publique et de coopération.",
    "Le gardien du phare tient un registre des navires.",
    "Le registre est remis au ministre chaque année.",
]
ENGLISH = [
    "Lighthouse Protection Act.",
    "The ministers met in Ottawa on March 3, 2020.",
    "They discussed public safety and cooperation.",
    "The lighthouse keeper keeps a register of ships.",
    "The register is given to the minister every year.",
]
#: Files measured, hence different from one run to the next: compared apart.
MEASURED = {MANIFEST_NAME, "corpus.summary.json", "corpus.summary.md", "corpus.index.html"}


def corpus_of(root: Path, count: int, bad: tuple[str, ...] = ()) -> Path:
    """``count`` pairs of different lengths (pair k holds the first 2 + k % 4 sentences), and
    ``bad`` pairs whose French file is empty."""
    for side in ("fr", "en"):
        (root / side).mkdir(parents=True, exist_ok=True)
    for number in range(count):
        length = 2 + number % 4
        (root / "fr" / f"act-{number:02d}.txt").write_text("\n\n".join(FRENCH[:length]) + "\n", encoding="utf-8")
        (root / "en" / f"act-{number:02d}.txt").write_text("\n\n".join(ENGLISH[:length]) + "\n", encoding="utf-8")
    for stem in bad:
        (root / "fr" / f"{stem}.txt").write_bytes(b"")
        (root / "en" / f"{stem}.txt").write_text("Some text.\n", encoding="utf-8")
    return root


def jobs_of(root: Path) -> list[PairJob]:
    return [PairJob(path.stem, path, root / "en" / path.name) for path in sorted((root / "fr").iterdir())]


def run_corpus(root: Path, out: Path, model, **options) -> CorpusRun:
    formats = ("tmx", "tei", "tsv", "jsonl", "report")
    pair = PairSettings("fr", "en", False, model, options.pop("params", AlignParams()), formats)
    settings = CorpusSettings(out, pair)
    run = CorpusRun(jobs_of(root), settings, progress=False, **options)
    run.run()
    return run


def comparable(out: Path) -> dict[str, bytes]:
    """Every output, the measured ones less their measures (times, memory)."""
    files = {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.name not in MEASURED}
    summary = json.loads((out / "corpus.summary.json").read_text(encoding="utf-8"))
    for record in [summary, *summary["documents"], *summary["slowest"]]:
        record.pop("seconds", None)
    summary["slowest"] = sorted(record["document"] for record in summary["slowest"])
    files["corpus.summary.json"] = json.dumps(summary, sort_keys=True).encode()
    return files


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_two_workers_write_what_one_writes(tmp_path, hash_embedder) -> None:
    corpus = corpus_of(tmp_path / "corpus", 6)
    one = run_corpus(corpus, tmp_path / "one", hash_embedder, workers=1)
    two = run_corpus(corpus, tmp_path / "two", hash_embedder, workers=2)
    # The pairs ran in worker processes (one may have taken them all on a busy machine), not here.
    assert 1 <= len(two.peaks) <= 2 and os.getpid() not in {int(worker.split(":")[1]) for worker in two.peaks}
    assert sorted(one.finished) == sorted(two.finished) == [f"act-{n:02d}" for n in range(6)]
    assert comparable(tmp_path / "one") == comparable(tmp_path / "two")
    # Not masked away: the manifests record the same inputs, settings and outputs.
    strip = [{**entry.__dict__, "stats": None} for entry in read_manifest(tmp_path / "one").values()]
    assert strip == [{**entry.__dict__, "stats": None} for entry in read_manifest(tmp_path / "two").values()]


def test_the_corpus_files_hold_every_pair_once_and_are_valid(tmp_path, hash_embedder, tmx_dtd, tei_schema) -> None:
    corpus = corpus_of(tmp_path / "corpus", 4)
    out = tmp_path / "out"
    run_corpus(corpus, out, hash_embedder, workers=2)
    tmx = etree.parse(str(out / "corpus.tmx"))
    assert tmx_dtd.validate(tmx), tmx_dtd.error_log.filter_from_errors()[:3]
    units = tmx.findall("body/tu")
    documents = [unit.find("prop[@type='x-document']").text for unit in units]
    for number in range(4):
        pair = f"act-{number:02d}"
        own = etree.parse(str(out / f"{pair}.tmx")).findall("body/tu")
        assert documents.count(pair) == len(own) > 0
    assert len({unit.get("tuid") for unit in units}) == len(units)
    tei = etree.parse(str(out / "corpus.tei.xml"))
    assert tei_schema.validate(tei), tei_schema.error_log.filter_from_errors()[:3]
    assert [element.get("n") for element in tei.getroot()[1:]] == [f"act-{n:02d}" for n in range(4)]
    records = [json.loads(line) for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record["document"] for record in records] == documents
    summary = json.loads((out / "corpus.summary.json").read_text(encoding="utf-8"))
    assert summary["pairs"] == {"aligned": 4, "failed": 0}
    assert sum(summary["beads"].values()) == len(units)
    assert summary["sentences"]["src"] == sum(2 + n % 4 for n in range(4))
    assert 'href="act-03.report.html"' in (out / "corpus.index.html").read_text(encoding="utf-8")


def test_a_failing_pair_is_reported_and_the_others_finish(tmp_path, hash_embedder) -> None:
    corpus = corpus_of(tmp_path / "corpus", 3, bad=("broken",))
    out = tmp_path / "out"
    run = run_corpus(corpus, out, hash_embedder, workers=2)
    assert [outcome.pair for outcome in run.failed] == ["broken"]
    assert "broken.txt: is empty" in (run.failed[0].error or "") and not run.failed[0].internal
    assert sorted(run.finished) == ["act-00", "act-01", "act-02", "broken"]
    summary = json.loads((out / "corpus.summary.json").read_text(encoding="utf-8"))
    assert summary["pairs"] == {"aligned": 3, "failed": 1} and summary["failed"][0]["document"] == "broken"
    assert not (out / "broken.tmx").exists()
    # A rerun tries the failed pair again (its input may have been mended), and only it.
    again = run_corpus(corpus, out, hash_embedder, workers=2)
    assert again.up_to_date == ["act-00", "act-01", "act-02"] and again.finished == ["broken"]


def test_a_rerun_redoes_exactly_the_pairs_whose_inputs_settings_or_outputs_changed(tmp_path, hash_embedder) -> None:
    corpus = corpus_of(tmp_path / "corpus", 4)
    out = tmp_path / "out"
    run_corpus(corpus, out, hash_embedder)
    assert run_corpus(corpus, out, hash_embedder).finished == []
    (corpus / "en" / "act-01.txt").write_text("\n\n".join(ENGLISH[:2]) + "\n\nOne more sentence.\n", encoding="utf-8")
    (out / "act-02.tsv").write_bytes(b"edited by hand")
    (out / "act-03.tei.xml").unlink()
    assert run_corpus(corpus, out, hash_embedder).finished == ["act-01", "act-02", "act-03"]
    assert run_corpus(corpus, out, hash_embedder, params=AlignParams(skip=-0.2)).up_to_date == []
    assert run_corpus(corpus, out, hash_embedder, params=AlignParams(skip=-0.2), force=True).up_to_date == []
    assert len(read_manifest(out)) == 4
    assert len((out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()) == 4


# The command line in a subprocess, with the stand-in embedder (forked workers inherit it) and
# each pair slowed down by SLOW seconds, so that a signal can come while pairs are under way.
DRIVER = """
import os, sys, time
import aligner.pipeline
from tests.conftest import HashEmbedder

aligner.pipeline.load_embedder = lambda _name: HashEmbedder()
prepare, slow = aligner.pipeline.prepare_pair, float(os.environ.get("SLOW", "0"))

def slowed(*args, **kwargs):
    time.sleep(slow)
    return prepare(*args, **kwargs)

aligner.pipeline.prepare_pair = slowed
from aligner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def aligner_command(*args: str) -> list[str]:
    return [sys.executable, "-c", DRIVER, "corpus", *args]


def test_an_interrupted_run_carries_on_and_ends_as_an_uninterrupted_one(tmp_path) -> None:
    corpus = corpus_of(tmp_path / "corpus", 8)
    out = tmp_path / "out"
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    process = subprocess.Popen(
        aligner_command(str(corpus), "-o", str(out), "--jobs", "2"), cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**environment, "SLOW": "0.4"},
    )
    deadline = time.monotonic() + TIMEOUT
    manifest = out / MANIFEST_NAME
    while (not manifest.exists() or manifest.read_text().count("\n") < 2) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 128 + signal.SIGINT, err
    finished = sorted(read_manifest(out))
    assert 2 <= len(finished) < 8
    lines = err.decode().splitlines()
    assert len(lines) == 1 and f"interrupted; {len(finished)} of 8 pair(s) to align were finished" in lines[0]
    assert b"\r" not in err  # no progress bar without a terminal
    assert not [path for path in out.iterdir() if path.name.endswith(".part")]
    assert not (out / "corpus.tmx").exists()

    rerun = subprocess.run(
        aligner_command(str(corpus), "-o", str(out)), cwd=REPO, capture_output=True, timeout=TIMEOUT, env=environment,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    said = rerun.stdout.decode()
    assert f"{len(finished)} pair(s) already aligned with these inputs and settings, skipped" in said
    assert not [pair for pair in finished if f"{pair}: " in said]
    whole = subprocess.run(
        aligner_command(str(corpus), "-o", str(tmp_path / "whole"), "--jobs", "1"), cwd=REPO, capture_output=True,
        timeout=TIMEOUT, env=environment, check=False,
    )
    assert whole.returncode == 0, whole.stderr
    assert comparable(out) == comparable(tmp_path / "whole")


def test_a_ray_address_where_nothing_answers_is_one_error_line_at_once(tmp_path, capsys) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    corpus = corpus_of(tmp_path / "corpus", 1)
    started = time.monotonic()
    status = main(["corpus", str(corpus), "-o", str(tmp_path / "out"), "--ray", f"127.0.0.1:{port}"])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("aligner:")]
    assert status == EXIT_INPUT and time.monotonic() - started < 20
    assert len(errors) == 1 and f"--ray 127.0.0.1:{port}: cannot connect to a Ray cluster" in errors[0]


def test_ray_missing_says_what_to_install(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    corpus = corpus_of(tmp_path / "corpus", 1)
    assert main(["corpus", str(corpus), "-o", str(tmp_path / "out"), "--ray", "local"]) == EXIT_INPUT
    assert "pip install 'aligner[ray]'" in capsys.readouterr().err


# --- Ray: a local instance in a subprocess, so that none of its threads stay in this one (the
# worker processes of the other tests are forked) -------------------------------------------------

RAY_DRIVER = """
import json, os, sys
from pathlib import Path
from tests.conftest import HashEmbedder
from tests.test_corpus_run import run_corpus
from aligner.errors import InputError
try:
    import ray
    # Started by the run (--ray local); its workers unpickle the stand-in embedder from the tests.
    run = run_corpus(Path(sys.argv[1]), Path(sys.argv[2]), HashEmbedder(), ray="local", workers=2)
except (ImportError, InputError) as error:  # not installed, no shared memory, no free port...
    print(json.dumps({"skip": f"{type(error).__name__}: {error}"}))
    sys.exit(0)
print(json.dumps({"failed": [outcome.pair for outcome in run.failed], "workers": list(run.peaks),
                  "driver": os.getpid(), "still_up": ray.is_initialized()}))
"""


def test_ray_tasks_write_what_one_process_writes(tmp_path, hash_embedder) -> None:
    corpus = corpus_of(tmp_path / "corpus", 5, bad=("broken",))
    result = subprocess.run(
        [sys.executable, "-c", RAY_DRIVER, str(corpus), str(tmp_path / "ray")], cwd=REPO, capture_output=True,
        timeout=120, check=False, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    said = json.loads(result.stdout.splitlines()[-1])
    if "skip" in said:
        pytest.skip(f"a local Ray instance cannot start here: {said['skip']}")
    assert said["failed"] == ["broken"]
    assert said["workers"] and said["driver"] not in {int(worker.split(":")[1]) for worker in said["workers"]}
    assert not said["still_up"]  # the instance the run started is shut down
    run_corpus(corpus, tmp_path / "one", hash_embedder, workers=1)
    assert comparable(tmp_path / "one") == comparable(tmp_path / "ray")
