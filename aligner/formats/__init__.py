"""The files an alignment is written as, one module per format, and the registry that names them.

Each module writes its format from an :class:`~aligner.document.Alignment`
and the checks' :class:`~aligner.findings.Comparison` (``write``), and the
alignment formats read it back as well (``read``): :mod:`~aligner.formats.tmx`,
:mod:`~aligner.formats.tsv`, and :mod:`~aligner.formats.pairs` for
``aligner compare``'s input. A user chooses formats by the names of
:data:`FORMATS`; :func:`write_outputs` writes one pair's files all or nothing.
The formats of :data:`STREAMED` can also be written chunk by chunk, for
alignments too large to hold whole (``aligner convert`` on a large memory).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aligner.document import Alignment
from aligner.findings import Comparison
from aligner.formats import html, jsonl, report, tei, tmx, tsv, xlsx
from aligner.formats.fields import alignment_time
from aligner.formats.files import write_files
from aligner.formats.units import Position

#: Writes one file's bytes; the time is when the alignment was made.
Writer = Callable[[Alignment, Comparison, datetime], bytes]


@dataclass(frozen=True)
class Format:
    """An output a user chooses with ``--format``: its files, and whether it shows the checks' findings."""

    name: str
    #: File suffix -> writer, in the order files are listed to the user.
    files: dict[str, Writer]
    #: A run that asks for no format showing findings runs no check.
    shows_findings: bool

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The suffixes of the files this format writes."""
        return tuple(self.files)


#: Every output format by name. TMX and TEI carry the findings as notes when a
#: format that shows them was asked for too; alone they are the alignment only.
FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("tmx", {tmx.SUFFIX: tmx.write}, shows_findings=False),
        Format("tei", {tei.SUFFIX: tei.write}, shows_findings=False),
        Format("tsv", {tsv.SUFFIX: tsv.write}, shows_findings=False),
        Format("xlsx", {xlsx.SUFFIX: xlsx.write}, shows_findings=True),
        Format("jsonl", {jsonl.SUFFIX: jsonl.write}, shows_findings=True),
        Format(
            "report",
            {report.JSON_SUFFIX: report.write_json, report.MD_SUFFIX: report.write_md, html.SUFFIX: html.write},
            shows_findings=True,
        ),
    )
}
DEFAULT_FORMATS = ("tmx", "tei", "tsv", "report")


def shows_findings(formats: Iterable[str]) -> bool:
    """Whether any of the chosen formats shows the checks' findings, so that the checks must run."""
    return any(FORMATS[name].shows_findings for name in formats)


def output_paths(out_dir: Path, stem: str, formats: Iterable[str]) -> list[Path]:
    """The files the chosen formats write for ``stem``."""
    return [out_dir / f"{stem}{suffix}" for name in formats for suffix in FORMATS[name].suffixes]


def write_outputs(
    alignment: Alignment,
    comparison: Comparison,
    out_dir: Path,
    stem: str,
    formats: Iterable[str] = DEFAULT_FORMATS,
) -> list[Path]:
    """Write the chosen exports of one pair into ``out_dir``, all or nothing."""
    contents = output_contents(alignment, comparison, out_dir, stem, formats)
    write_files(contents, out_dir)
    return list(contents)


def output_contents(
    alignment: Alignment,
    comparison: Comparison,
    out_dir: Path,
    stem: str,
    formats: Iterable[str] = DEFAULT_FORMATS,
    when: datetime | None = None,
) -> dict[Path, bytes]:
    """The chosen exports of one pair, by the path each will have in ``out_dir``; nothing is written.
    They are dated ``when``, by default now (see :func:`~aligner.formats.fields.alignment_time`)."""
    when = when or alignment_time()
    chosen = {name for name in formats}
    return {
        out_dir / f"{stem}{suffix}": writer(alignment, comparison, when)
        for fmt in FORMATS.values()
        if fmt.name in chosen
        for suffix, writer in fmt.files.items()
    }


@dataclass(frozen=True)
class Streamed:
    """A format written chunk by chunk: what comes before the units and after them (from the
    first chunk, once), then each chunk's units, numbered and with ids from where it starts."""

    frame: Callable[[Alignment, datetime], tuple[bytes, bytes]]
    units: Callable[[Alignment, Comparison, Position], bytes]


def _jsonl_frame(alignment: Alignment, when: datetime) -> tuple[bytes, bytes]:
    return b"", b""


def _jsonl_units(alignment: Alignment, comparison: Comparison, start: Position) -> bytes:
    """One chunk's JSON lines as :func:`jsonl.write` writes them, bead numbers and ids moved to ``start``."""
    data = jsonl.write(alignment, comparison, alignment_time())
    if start == Position():
        return data
    lines = []
    for line in data.splitlines():  # JSON escapes line breaks inside strings: a b"\n" ends a record
        record = json.loads(line)
        record["bead"] += start.bead - 1
        record["src_ids"] = list(start.shift(tuple(record["src_ids"]), "src"))
        record["tgt_ids"] = list(start.shift(tuple(record["tgt_ids"]), "tgt"))
        for item in record["divergences"]:  # a decided finding's own ids, where they are not the bead's
            if "src_ids" in item:
                item["src_ids"] = list(start.shift(tuple(item["src_ids"]), "src"))
                item["tgt_ids"] = list(start.shift(tuple(item["tgt_ids"]), "tgt"))
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines).encode("utf-8")


#: The formats that can be written chunk by chunk, byte for byte as they are written whole.
STREAMED: dict[str, Streamed] = {
    "tmx": Streamed(tmx.frame, tmx.units),
    "tsv": Streamed(tsv.frame, tsv.units),
    "jsonl": Streamed(_jsonl_frame, _jsonl_units),
}
