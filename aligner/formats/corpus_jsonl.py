"""One JSON Lines file of every bead of a corpus: each pair's ``.jsonl`` records, in corpus order,
each beginning with ``"document"``, the pair's name."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from aligner.read.encoding import xml_safe

SUFFIX = ".jsonl"


def chunks(documents: Sequence[tuple[str, Path]]) -> Iterator[bytes]:
    """Each document's records, in the order given."""
    for name, path in documents:
        lines = []
        with path.open(encoding="utf-8") as stream:
            for line in stream:  # JSON escapes line breaks inside strings: a line is a record
                lines.append(json.dumps({"document": xml_safe(name), **json.loads(line)}, ensure_ascii=False) + "\n")
        yield "".join(lines).encode("utf-8")
