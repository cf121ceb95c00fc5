"""A corpus run's manifest: what each pair was aligned from, with what, into which files.

It lives in the output folder as JSON Lines, one entry per pair. While a run goes, the driver
appends an entry as each pair's files are in place (a line is appended whole and made durable
before the next pair is recorded, so an interruption loses at most the pairs under way); the
last entry of a pair counts. Each run starts and ends by rewriting the file with one entry per
pair, in the order of the pairs' names.

A rerun skips a pair whose entry is ``done`` with the same settings, the same input hashes,
and outputs that are all there with the recorded sizes and hashes: :func:`is_current`.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from aligner.formats.files import write_files

MANIFEST_NAME = "corpus.manifest.jsonl"
Status = Literal["done", "failed"]
_READ_BLOCK = 1 << 20


@dataclass(frozen=True)
class FileRecord:
    """A file as the manifest knows it: its size and SHA-256."""

    size: int
    sha256: str

    @classmethod
    def of_data(cls, data: bytes) -> FileRecord:
        return cls(len(data), hashlib.sha256(data).hexdigest())

    @classmethod
    def of_file(cls, path: Path) -> FileRecord | None:
        """The record of the file at ``path``, or None where there is no readable file."""
        digest = hashlib.sha256()
        try:
            with path.open("rb") as stream:
                while block := stream.read(_READ_BLOCK):
                    digest.update(block)
        except OSError:
            return None
        return cls(path.stat().st_size, digest.hexdigest())


@dataclass(frozen=True)
class PairStats:
    """What the corpus summary reports about one aligned pair."""

    src_sentences: int
    tgt_sentences: int
    #: Beads by type (``1-1``, ``2-1``, ``1-0``...).
    beads: dict[str, int]
    #: Findings by kind; None when no check ran (no format that shows them was asked for).
    findings: dict[str, int] | None
    #: Wall time of the pair's work in its worker, and that worker's peak memory so far.
    seconds: float
    worker_peak_mb: float

    @property
    def sentences(self) -> int:
        return self.src_sentences + self.tgt_sentences


@dataclass(frozen=True)
class Entry:
    """One pair in the manifest."""

    pair: str
    status: Status
    #: ``src`` and ``tgt``: the input files and their records.
    inputs: dict[str, tuple[str, FileRecord]]
    #: The settings that shape the outputs (see :func:`aligner.corpus_run.CorpusSettings.recorded`).
    settings: dict[str, Any]
    #: Output file name (in the output folder) -> its record; empty for a failed pair.
    outputs: dict[str, FileRecord]
    stats: PairStats | None = None
    #: Why a failed pair failed, in one line.
    error: str | None = None

    def to_json(self) -> str:
        payload = {
            "pair": self.pair,
            "status": self.status,
            "inputs": {
                side: {"file": name, **asdict(record)} for side, (name, record) in self.inputs.items()
            },
            "settings": self.settings,
            "outputs": {name: asdict(record) for name, record in self.outputs.items()},
            "stats": asdict(self.stats) if self.stats else None,
            "error": self.error,
        }
        # ASCII: a file name that is not UTF-8 (lone surrogates) is kept exactly, as \udcxx escapes.
        return json.dumps(payload, ensure_ascii=True, sort_keys=True)

    @classmethod
    def from_json(cls, line: str) -> Entry:
        payload = json.loads(line)
        return cls(
            pair=payload["pair"],
            status=payload["status"],
            inputs={
                side: (value["file"], FileRecord(value["size"], value["sha256"]))
                for side, value in payload["inputs"].items()
            },
            settings=payload["settings"],
            outputs={name: FileRecord(**value) for name, value in payload["outputs"].items()},
            stats=PairStats(**payload["stats"]) if payload["stats"] else None,
            error=payload["error"],
        )


def read_manifest(out_dir: Path) -> dict[str, Entry]:
    """The last entry of each pair; an unreadable line (the end of a run killed while appending,
    or a hand edit) is left out, so that its pair is aligned again."""
    entries: dict[str, Entry] = {}
    try:
        text = (out_dir / MANIFEST_NAME).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return entries
    for line in text.splitlines():
        try:
            entry = Entry.from_json(line)
        except (ValueError, KeyError, TypeError):
            continue
        entries[entry.pair] = entry
    return entries


def write_manifest(entries: dict[str, Entry], out_dir: Path) -> None:
    """Rewrite the manifest with one entry per pair, in the order of their names, all or nothing."""
    text = "".join(entries[pair].to_json() + "\n" for pair in sorted(entries))
    write_files({out_dir / MANIFEST_NAME: text.encode("utf-8")}, out_dir)


def append_entry(entry: Entry, out_dir: Path) -> None:
    """Record one pair: the line is on disk when this returns."""
    with (out_dir / MANIFEST_NAME).open("a", encoding="utf-8") as stream:
        stream.write(entry.to_json() + "\n")
        stream.flush()
        os.fsync(stream.fileno())


def is_current(
    entry: Entry | None, inputs: dict[str, tuple[str, FileRecord]], settings: dict[str, Any], out_dir: Path
) -> bool:
    """Whether ``entry`` shows the pair done from these inputs and settings, with every output intact."""
    if entry is None or entry.status != "done" or entry.settings != settings:
        return False
    if {side: record for side, (_name, record) in entry.inputs.items()} != {
        side: record for side, (_name, record) in inputs.items()
    }:
        return False
    return all(FileRecord.of_file(out_dir / name) == record for name, record in entry.outputs.items())
