"""JSON Lines: one JSON object per bead, for pipelines and MT training data."""

from __future__ import annotations

import json
from datetime import datetime

from aligner.document import Alignment
from aligner.findings import Comparison
from aligner.formats.records import bead_records

SUFFIX = ".jsonl"


def write(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """One JSON object per bead and per line, UTF-8, in bead order."""
    lines = []
    for record in bead_records(alignment, comparison):
        lines.append(
            json.dumps(
                {
                    "bead": record.number,
                    "type": record.bead.kind,
                    "src_lang": alignment.src.lang,
                    "tgt_lang": alignment.tgt.lang,
                    "src_ids": list(record.bead.src),
                    "tgt_ids": list(record.bead.tgt),
                    "src_text": record.src_text,
                    "tgt_text": record.tgt_text,
                    "similarity": record.bead.similarity,
                    "divergences": [
                        {"kind": item.kind, "severity": item.severity, "evidence": item.evidence}
                        for item in record.findings
                    ],
                },
                ensure_ascii=False,
            )
        )
    return "".join(line + "\n" for line in lines).encode("utf-8")
