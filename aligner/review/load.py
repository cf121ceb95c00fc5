"""What a review starts from: the alignment ``aligner align`` wrote for one pair, and its findings.

A pair is named ``OUT/NAME``: its output folder and its files' stem. The
alignment is read from the first of :data:`ALIGNMENT_SUFFIXES` that is there
and readable; the findings from the divergence report (``NAME.divergences.json``)
when it is there and describes that alignment, else by running the checks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.document import Alignment
from aligner.embed import Embedder
from aligner.errors import InputError
from aligner.findings import SEVERITIES, Decision, Finding, with_decisions
from aligner.formats.report import JSON_SUFFIX
from aligner.settings import DEFAULT_MODEL

#: The files an alignment is read from, the most faithful first (TEI and JSONL keep every bead and sentence).
ALIGNMENT_SUFFIXES = (".tei.xml", ".jsonl", ".tmx", ".tsv", ".xlsx")


@dataclass
class Loaded:
    """One pair's alignment and findings (with the decisions the files recorded), and where they came from."""

    alignment: Alignment
    findings: list[Finding]
    #: The file the alignment was read from.
    source: Path


def load(target: Path, model: str | Embedder = DEFAULT_MODEL) -> Loaded:
    """The alignment and findings of the pair ``target`` (``OUT/NAME``); the checks run with ``model``
    only when no divergence report describes the alignment."""
    from aligner.convert import read_alignment

    out_dir, stem = target.parent, target.name
    candidates = [out_dir / f"{stem}{suffix}" for suffix in ALIGNMENT_SUFFIXES]
    errors: list[InputError] = []
    for path in candidates:
        if not path.is_file():
            continue
        try:
            alignment = read_alignment(path)
        except InputError as error:  # a format this version cannot read back: the next one may do
            errors.append(error)
            continue
        reported = read_findings(out_dir / f"{stem}{JSON_SUFFIX}", alignment)
        # The checks give their findings the alignment's decisions themselves; a report's take them here.
        findings = _checked(alignment, model) if reported is None else with_decisions(reported, alignment.decisions)
        return Loaded(alignment, findings, path)
    if errors:
        raise errors[0]
    raise InputError(
        f"no aligned output for {stem} in {out_dir} (looked for {stem}{', '.join(ALIGNMENT_SUFFIXES)}): "
        "run aligner align first, or give an aligned pair's folder and stem (output/report for output/report.tmx)"
    )


def read_findings(path: Path, alignment: Alignment) -> list[Finding] | None:
    """The findings of a divergence report, spans as the report showed them; None when there is no
    report or it describes other sentences than the alignment's (an older run, another reading)."""
    if not path.is_file():
        return None
    try:
        payload = json.loads(path.read_bytes())
        counts = payload["source"]["sentences"], payload["target"]["sentences"]
        findings = [finding_from_json(item) for item in payload["items"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(
            f"{path}: is not a divergence report aligner can read ({type(error).__name__}: {error}); "
            "remove it and the checks run again"
        ) from error
    sizes = len(alignment.src.sentences), len(alignment.tgt.sentences)
    if counts != sizes or not all(_within(finding, *sizes) for finding in findings):
        return None
    return findings


def finding_from_json(item: dict[str, Any]) -> Finding:
    """A finding as the divergence report writes it (see :func:`aligner.formats.report.write_json`)."""
    decision = item.get("decision")
    if item["severity"] not in SEVERITIES:
        raise ValueError(f"unknown severity {item['severity']!r}")
    return Finding(
        kind=str(item["kind"]),
        severity=item["severity"],
        src=tuple(int(i) for i in item["src"]),
        tgt=tuple(int(i) for i in item["tgt"]),
        src_text=str(item["src_text"]),
        tgt_text=str(item["tgt_text"]),
        evidence=str(item["evidence"]),
        score=float(item["score"]),
        src_spans=tuple((int(start), int(end)) for start, end in item["src_spans"]),
        tgt_spans=tuple((int(start), int(end)) for start, end in item["tgt_spans"]),
        decision=Decision(decision["verdict"], decision.get("comment", "")) if isinstance(decision, dict) else None,
    )


def _within(finding: Finding, src_count: int, tgt_count: int) -> bool:
    return all(0 <= i < src_count for i in finding.src) and all(0 <= j < tgt_count for j in finding.tgt)


def _checked(alignment: Alignment, model: str | Embedder) -> list[Finding]:
    from aligner.checks import run_checks
    from aligner.embed import load_embedder

    embedder = load_embedder(model)
    return run_checks(alignment, embedder).findings
