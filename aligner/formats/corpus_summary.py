"""A corpus run's summary: pairs, sentences, beads by type, findings by kind, the slowest and the most
divergent documents; as JSON (for scripts), Markdown (for reading) and an HTML index linking each
pair's report.

Built from the manifest's entries, so that pairs aligned by an earlier, interrupted run count as
much as this run's. Times and memory are measured, so they differ from run to run: they are the
only part of these files that does.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from aligner.findings import FINDING_KINDS
from aligner.formats.html import SUFFIX as REPORT_SUFFIX
from aligner.formats.report import md_text
from aligner.manifest import Entry
from aligner.read.encoding import xml_safe

JSON_SUFFIX = ".summary.json"
MD_SUFFIX = ".summary.md"
HTML_SUFFIX = ".index.html"
#: How many documents the slowest and most divergent lists name.
TOP = 10


def summarize(entries: Sequence[Entry], reports: bool) -> dict[str, Any]:
    """The summary of the corpus's pairs (``entries`` in corpus order); ``reports``: whether each
    aligned pair has an HTML report to link to."""
    done = [entry for entry in entries if entry.status == "done" and entry.stats]
    beads: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    checked = any(entry.stats.findings is not None for entry in done if entry.stats)
    documents = []
    for entry in entries:
        stats = entry.stats
        record: dict[str, Any] = {"document": xml_safe(entry.pair), "status": entry.status}
        if stats and entry.status == "done":
            beads.update(stats.beads)
            findings.update(stats.findings or {})
            total = sum(stats.beads.values())
            found = sum((stats.findings or {}).values())
            rate = round(100 * found / total, 1) if total and stats.findings is not None else None
            record |= {
                "src_sentences": stats.src_sentences,
                "tgt_sentences": stats.tgt_sentences,
                "beads": total,
                "findings": found if stats.findings is not None else None,
                "findings_per_100_beads": rate,
                "seconds": round(stats.seconds, 2),
                # A relative URL: the file's name as bytes, percent-encoded (it may not be UTF-8).
                "report_href": quote(os.fsencode(entry.pair + REPORT_SUFFIX)) if reports else None,
            }
        else:
            record["error"] = xml_safe(entry.error or "")
        documents.append(record)
    aligned = [record for record in documents if record["status"] == "done"]
    slowest = sorted(aligned, key=lambda record: (-record["seconds"], record["document"]))[:TOP]
    divergent = sorted(
        (record for record in aligned if record["findings_per_100_beads"] is not None),
        key=lambda record: (-record["findings_per_100_beads"], record["document"]),
    )[:TOP]
    return {
        "pairs": {"aligned": len(aligned), "failed": len(documents) - len(aligned)},
        "sentences": {
            "src": sum(record["src_sentences"] for record in aligned),
            "tgt": sum(record["tgt_sentences"] for record in aligned),
        },
        "beads": dict(sorted(beads.items(), key=lambda item: (-item[1], item[0]))),
        "findings": {kind: findings[kind] for kind in FINDING_KINDS if findings[kind]} if checked else None,
        "seconds": round(sum(record["seconds"] for record in aligned), 2),
        "slowest": [_brief(record, "seconds", "src_sentences", "tgt_sentences") for record in slowest],
        "most_divergent": [_brief(record, "findings_per_100_beads", "findings", "beads") for record in divergent],
        "failed": [{"document": record["document"], "error": record["error"]} for record in documents
                   if record["status"] != "done"],
        "documents": documents,
    }


def _brief(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {"document": record["document"], **{key: record[key] for key in keys}}


def write_json(summary: dict[str, Any]) -> bytes:
    return (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_md(summary: dict[str, Any]) -> bytes:
    pairs, sentences = summary["pairs"], summary["sentences"]
    lines = [
        "# Corpus summary",
        "",
        f"{pairs['aligned']} pair(s) aligned, {pairs['failed']} failed; {sentences['src']} source and "
        f"{sentences['tgt']} target sentences; {summary['seconds']:.1f} s of alignment work in all.",
        "",
        "## Beads by type",
        "",
        "| type | beads |",
        "| --- | --- |",
        *(f"| {kind} | {count} |" for kind, count in summary["beads"].items()),
        "",
        "## Findings by kind",
        "",
    ]
    if summary["findings"] is None:
        lines.append("Not checked (ask for --format report, xlsx or jsonl).")
    else:
        lines += ["| kind | findings |", "| --- | --- |", *(f"| {k} | {n} |" for k, n in summary["findings"].items())]
    lines += ["", f"## Slowest {TOP} documents", "", "| document | seconds | source sentences | target sentences |",
              "| --- | --- | --- | --- |"]
    lines += [
        f"| {md_text(r['document'])} | {r['seconds']:.2f} | {r['src_sentences']} | {r['tgt_sentences']} |"
        for r in summary["slowest"]
    ]
    if summary["most_divergent"]:
        lines += ["", f"## Most divergent {TOP} documents", "",
                  "| document | findings per 100 beads | findings | beads |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {md_text(r['document'])} | {r['findings_per_100_beads']} | {r['findings']} | {r['beads']} |"
            for r in summary["most_divergent"]
        ]
    if summary["failed"]:
        lines += ["", "## Failed", "", "| document | error |", "| --- | --- |"]
        lines += [f"| {md_text(r['document'])} | {md_text(r['error'] or '')} |" for r in summary["failed"]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_html(summary: dict[str, Any]) -> bytes:
    """A small page: the totals, and a row per document linking its report."""
    pairs, sentences = summary["pairs"], summary["sentences"]
    rows = []
    for record in summary["documents"]:
        name = html.escape(record["document"])
        if record["status"] != "done":
            rows.append(f'<tr class="failed"><td>{name}</td><td colspan="5">failed: '
                        f'{html.escape(record.get("error") or "")}</td></tr>')
            continue
        link = f'<a href="{html.escape(record["report_href"])}">{name}</a>' if record["report_href"] else name
        findings = "—" if record["findings"] is None else str(record["findings"])
        rows.append(
            f"<tr><td>{link}</td><td>{record['src_sentences']}</td><td>{record['tgt_sentences']}</td>"
            f"<td>{record['beads']}</td><td>{findings}</td><td>{record['seconds']:.2f}</td></tr>"
        )
    beads = ", ".join(f"{kind} {count}" for kind, count in summary["beads"].items())
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Corpus alignment: {pairs['aligned']} pair(s)</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }}
td:first-child, th:first-child {{ text-align: left; }}
tr.failed td {{ color: #a00; text-align: left; }}
</style>
</head>
<body>
<h1>Corpus alignment</h1>
<p>{pairs['aligned']} pair(s) aligned, {pairs['failed']} failed; {sentences['src']} source and {sentences['tgt']}
target sentences. Beads: {html.escape(beads)}. Details in corpus{MD_SUFFIX} and corpus{JSON_SUFFIX}.</p>
<table>
<thead><tr><th>document</th><th>source sentences</th><th>target sentences</th><th>beads</th><th>findings</th>
<th>seconds</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
    return page.encode("utf-8")
