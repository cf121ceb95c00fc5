"""The divergence report as JSON (for scripts) and Markdown (for reading); corpus terminology too."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from aligner.document import Alignment, Document
from aligner.findings import FINDING_KINDS, SEVERITIES, Comparison, CorpusTerm, Finding
from aligner.formats.fields import ids_field
from aligner.formats.files import write_files
from aligner.read.encoding import xml_safe

JSON_SUFFIX = ".divergences.json"
MD_SUFFIX = ".divergences.md"


def _name(name: str) -> str:
    """A file name (or stem) as UTF-8 can write it.

    A name that is not UTF-8 reaches Python with each bad byte as a lone surrogate
    (``os.fsdecode``), which no UTF-8 file can hold: each becomes the replacement
    character U+FFFD, as in the TMX, TEI and HTML outputs (their ``xml_safe``).
    """
    return xml_safe(name)


def _document_summary(document: Document) -> dict[str, object]:
    return {
        "file": _name(document.path.name),
        "lang": document.lang,
        "encoding": document.encoding,
        "sentences": len(document.sentences),
    }


def finding_counts(items: list[Finding]) -> dict[str, dict[str, int]]:
    """How many findings of each kind, and of each severity."""
    kinds = {kind: count for kind in FINDING_KINDS if (count := sum(item.kind == kind for item in items))}
    severities = {level: count for level in SEVERITIES if (count := sum(item.severity == level for item in items))}
    return {"kinds": kinds, "severities": severities}


def _spans(spans: tuple[tuple[int, int], ...]) -> list[list[int]]:
    return [list(span) for span in spans]


def write_json(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """The divergence list as JSON: both documents, a summary, the items, the terms and the pair scores."""
    counts = finding_counts(comparison.findings)
    payload = {
        "source": _document_summary(alignment.src),
        "target": _document_summary(alignment.tgt),
        "model": alignment.model,
        "summary": {"beads": alignment.counts(), "items": counts["kinds"], "severities": counts["severities"]},
        "items": [
            {
                **asdict(item),
                "src": list(item.src),
                "tgt": list(item.tgt),
                "src_spans": _spans(item.src_spans),
                "tgt_spans": _spans(item.tgt_spans),
            }
            for item in comparison.findings
        ],
        "terms": [
            {
                "source": term.source,
                "src": list(term.src),
                "renderings": [{"text": text, "count": count} for text, count in term.renderings],
                "consistent": term.consistent,
            }
            for term in comparison.terms
        ],
        "pairs": [
            {
                "id": pair.bead,
                "src": list(pair.src),
                "tgt": list(pair.tgt),
                "score": pair.score,
                "label": pair.label,
                "spans": {"src": _spans(pair.src_spans), "tgt": _spans(pair.tgt_spans)},
            }
            for pair in comparison.pairs
        ],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: Characters of quoted document text that Markdown would read as syntax, backslash-escaped:
#: emphasis and strikethrough, code, links and images, table cells. The text always sits inside
#: a table cell or the title, where only this inline syntax counts (a leading "#" or "1." does not).
_MD_SPECIAL = re.compile(r"([\\`*_~\[\]|])")
#: HTML is written as entities, so that a viewer that renders raw HTML shows a ``<script>`` as text.
_HTML_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md_text(text: str) -> str:
    """Document text (or a file name) as Markdown that renders as the text itself, on one line.

    Line breaks become spaces, so that a table row stays one row; what UTF-8 cannot
    hold is replaced as in a file name (see :func:`_name`).
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(_name(text).splitlines())).translate(_HTML_ENTITIES)


def _md_quote(text: str) -> str:
    return md_text(text) or "—"


def write_md(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """The divergence list as a Markdown table a reviewer can read."""
    source, target = alignment.src, alignment.tgt
    lines = [
        f"# Divergences: {md_text(source.path.name)} ({md_text(source.lang)}) / "
        f"{md_text(target.path.name)} ({md_text(target.lang)})",
        "",
        f"{len(source.sentences)} source and {len(target.sentences)} target sentences, "
        f"{len(alignment.beads)} beads ("
        + ", ".join(f"{kind}: {count}" for kind, count in alignment.counts().items())
        + f"). Model: {md_text(alignment.model)}.",
        "",
    ]
    divergences = comparison.findings
    if not divergences:
        lines.append("No divergence found.")
    else:
        lines += [
            "| # | kind | severity | source ids | target ids | source | target | evidence |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for number, item in enumerate(divergences, 1):
            lines.append(
                f"| {number} | {item.kind} | {item.severity} | {ids_field(item.src) or '—'} | "
                f"{ids_field(item.tgt) or '—'} | {_md_quote(item.src_text)} | "
                f"{_md_quote(item.tgt_text)} | {_md_quote(item.evidence)} |"
            )
    if comparison.terms:
        lines += [
            "",
            "## Terminology",
            "",
            "| source term | occurrences | renderings | consistent |",
            "| --- | --- | --- | --- |",
        ]
        for term in comparison.terms:
            renderings = "; ".join(f"{text} ({count}×)" for text, count in term.renderings) or "—"
            lines.append(
                f"| {_md_quote(term.source)} | {len(term.src)} | {_md_quote(renderings)} | "
                f"{'yes' if term.consistent else '**no**'} |"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_corpus_terms_json(terms: list[CorpusTerm]) -> bytes:
    """The terminology shared by a corpus's documents, as JSON."""
    payload = [
        {
            "source": term.source,
            "consistent": term.consistent,
            "renderings": [{"text": text, "count": count} for text, count in term.renderings],
            "documents": [
                {
                    "document": _name(stem),
                    "renderings": [{"text": text, "count": count} for text, count in renderings],
                }
                for stem, renderings in term.documents
            ],
        }
        for term in terms
    ]
    return (json.dumps({"terms": payload}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_corpus_terms_md(terms: list[CorpusTerm]) -> bytes:
    """The terminology shared by a corpus's documents, terms rendered differently first."""
    lines = [
        "# Terminology across the corpus",
        "",
        f"{len(terms)} term(s) occur in two or more documents; "
        f"{sum(not term.consistent for term in terms)} of them are rendered differently.",
        "",
        "| source term | consistent | renderings | by document |",
        "| --- | --- | --- | --- |",
    ]
    for term in terms:
        overall = "; ".join(f"{text} ({count}×)" for text, count in term.renderings) or "—"
        per_document = "; ".join(
            f"{stem}: " + (", ".join(f"{text} ({count}×)" for text, count in renderings) or "—")
            for stem, renderings in term.documents
        )
        lines.append(
            f"| {_md_quote(term.source)} | {'yes' if term.consistent else '**no**'} | "
            f"{_md_quote(overall)} | {_md_quote(per_document)} |"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_corpus_terms(terms: list[CorpusTerm], out_dir: Path) -> list[Path]:
    """Write ``corpus.terms.json`` and ``corpus.terms.md`` into ``out_dir``, both or neither."""
    contents = {
        out_dir / "corpus.terms.json": to_corpus_terms_json(terms),
        out_dir / "corpus.terms.md": to_corpus_terms_md(terms),
    }
    write_files(contents, out_dir)
    return list(contents)
