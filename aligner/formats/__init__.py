"""Write an alignment as TMX 1.4, TEI P5, TSV, XLSX, JSONL and the divergence list (JSON, Markdown).

Every writer returns bytes; :func:`write_outputs` puts all of one pair's files
in place only once all of them have been produced, each through a temporary
file and a rename, so that an interrupted run never leaves a half-written file
that a CAT tool would import.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from aligner import __version__
from aligner.checks import findings_per_bead
from aligner.read.encoding import xml_safe
from aligner.errors import InputError
from aligner.settings import DEFAULT_FORMATS, FORMATS
from aligner.findings import FINDING_KINDS, SEVERITIES, Comparison, Finding
from aligner.document import Alignment, Bead, Document
from aligner.formats.records import to_jsonl, to_xlsx
from aligner.formats.html import to_report_html
from aligner.checks.terms import CorpusTerm

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TOOL = "aligner"

def alignment_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else time.time()
    return datetime.fromtimestamp(seconds, UTC).replace(microsecond=0)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in ids)


def _similarity(bead: Bead) -> str:
    return "" if bead.similarity is None else f"{bead.similarity:.4f}"


# --- TMX -------------------------------------------------------------------


def to_tmx(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """TMX 1.4: one ``<tu>`` per bead, bead type and similarity as ``x-`` props.

    Each divergence found on a bead travels with it: an ``x-divergence`` prop
    (kind and severity, for filtering in a CAT tool) and a ``<note>`` with the
    evidence, which CAT tools show beside the segment.

    A bead with one side empty becomes a ``<tu>`` holding that side's ``<tuv>``
    only: CAT tools skip units that lack the target language instead of
    importing an empty or wrong translation, and the sentence is not lost.
    """
    source, target = alignment.src, alignment.tgt
    tmx = etree.Element("tmx", version="1.4")
    header = _sub(
        tmx,
        "header",
        creationtool=TOOL,
        creationtoolversion=__version__,
        segtype="sentence",
        o_tmf=TOOL,
        adminlang="en",
        srclang=source.lang,
        datatype="plaintext",
        creationdate=when.strftime("%Y%m%dT%H%M%SZ"),
    )
    _sub(header, "prop", source.path.name, type="x-source-file")
    _sub(header, "prop", target.path.name, type="x-target-file")
    _sub(header, "prop", alignment.model, type="x-model")
    _sub(header, "prop", alignment.engine, type="x-engine")
    body = _sub(tmx, "body")
    per_bead = findings_per_bead(alignment.beads, comparison.findings)
    for number, (bead, findings) in enumerate(zip(alignment.beads, per_bead, strict=True), 1):
        tu = _sub(body, "tu", tuid=str(number), srclang=source.lang)
        if not bead.is_match:
            side = "target" if bead.src else "source"
            _sub(tu, "note", f"unmatched: no {side} sentence corresponds")
        for item in findings:
            _sub(tu, "note", f"{item.kind} ({item.severity}): {item.evidence}")
        _sub(tu, "prop", bead.kind, type="x-bead")
        if bead.similarity is not None:
            _sub(tu, "prop", _similarity(bead), type="x-similarity")
        _sub(tu, "prop", _ids(bead.src), type="x-source-ids")
        _sub(tu, "prop", _ids(bead.tgt), type="x-target-ids")
        for item in findings:
            _sub(tu, "prop", f"{item.kind} {item.severity}", type="x-divergence")
        for document, ids in ((source, bead.src), (target, bead.tgt)):
            if ids:
                tuv = _sub(tu, "tuv", **{XML_LANG: document.lang})
                _sub(tuv, "seg", alignment.side_text(bead, "src" if document is source else "tgt"))
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- TEI -------------------------------------------------------------------


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def sentence_xml_id(side: str, sentence_id: int) -> str:
    """The TEI ``xml:id`` of a sentence: ``src-s12``, ``tgt-s3``."""
    return f"{side}-s{sentence_id}"


def to_tei(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """TEI P5: both texts with their structure, and a ``linkGrp`` of the beads.

    The two texts are a ``<group>`` of ``<text>``s; the alignment sits in the
    outer text's ``<back>``, where TEI 3.1 and later both allow it. Matched
    beads are ``<link>``s (type = bead type, ``cert`` = similarity clipped to
    0..1); an unmatched sentence is a ``<ptr>`` of type ``1-0`` or ``0-1``,
    since a ``<link>`` needs two ends. Divergences are ``<interp>``s of an
    ``<interpGrp>`` (type = kind, ``n`` = severity, text = evidence)
    that each link or pointer names in its ``ana`` attribute.
    """
    tei = etree.Element(_t("TEI"), nsmap={None: TEI_NS})
    _tei_header(tei, alignment, when)
    text = _sub(tei, _t("text"))
    group = _sub(text, _t("group"))
    for side, document in (("src", alignment.src), ("tgt", alignment.tgt)):
        _tei_text(group, side, document)
    back = _sub(text, _t("back"))
    interp_ids = _tei_interps(back, comparison.findings)
    links = _sub(back, _t("linkGrp"), type="alignment")
    per_bead = findings_per_bead(alignment.beads, comparison.findings)
    for number, (bead, findings) in enumerate(zip(alignment.beads, per_bead, strict=True), 1):
        targets = " ".join(
            [f"#{sentence_xml_id('src', i)}" for i in bead.src]
            + [f"#{sentence_xml_id('tgt', j)}" for j in bead.tgt]
        )
        analysis = {"ana": " ".join(f"#{interp_ids[id(item)]}" for item in findings)} if findings else {}
        if bead.is_match:
            cert = f"{min(max(bead.similarity or 0.0, 0.0), 1.0):.4f}"
            _sub(links, _t("link"), n=str(number), type=bead.kind, target=targets, cert=cert, **analysis)
        else:
            _sub(links, _t("ptr"), n=str(number), type=bead.kind, target=targets, **analysis)
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _tei_interps(back: etree._Element, items: list[Finding]) -> dict[int, str]:
    """One ``<interp>`` per divergence; returns each finding's xml:id."""
    if not items:
        return {}
    group = _sub(back, _t("interpGrp"), type="divergences")
    ids = {}
    for number, item in enumerate(items, 1):
        ids[id(item)] = f"div{number}"
        _sub(group, _t("interp"), item.evidence, **{XML_ID: ids[id(item)], "type": item.kind, "n": item.severity})
    return ids


def _tei_header(tei: etree._Element, alignment: Alignment, when: datetime) -> None:
    header = _sub(tei, _t("teiHeader"))
    file_desc = _sub(header, _t("fileDesc"))
    title_stmt = _sub(file_desc, _t("titleStmt"))
    _sub(
        title_stmt,
        _t("title"),
        f"Sentence alignment of {alignment.src.path.name} ({alignment.src.lang}) "
        f"and {alignment.tgt.path.name} ({alignment.tgt.lang})",
    )
    publication = _sub(file_desc, _t("publicationStmt"))
    _sub(publication, _t("authority"), f"Generated by {TOOL} {__version__}")
    _sub(publication, _t("date"), when.date().isoformat(), when=when.isoformat().replace("+00:00", "Z"))
    source_desc = _sub(file_desc, _t("sourceDesc"))
    list_bibl = _sub(source_desc, _t("listBibl"))
    for side, document in (("source", alignment.src), ("target", alignment.tgt)):
        bibl = _sub(list_bibl, _t("bibl"), type=side)
        _sub(bibl, _t("title"), _title(document))
        _sub(bibl, _t("idno"), document.path.name, type="file")
        _sub(bibl, _t("textLang"), document.lang, mainLang=document.lang)
    encoding = _sub(header, _t("encodingDesc"))
    app_info = _sub(encoding, _t("appInfo"))
    application = _sub(app_info, _t("application"), ident=TOOL, version=__version__, when=when.date().isoformat())
    _sub(application, _t("label"), TOOL)
    _sub(
        application,
        _t("p"),
        f"Sentence embeddings: {alignment.model}. Alignment engine: "
        f"{alignment.engine}. Link cert: cosine similarity of the two sides.",
    )


def _title(document: Document) -> str:
    heading = next((block.text for block in document.blocks if block.kind == "head"), None)
    return heading or document.stem


def _tei_text(group: etree._Element, side: str, document: Document) -> None:
    """One ``<text>``: a ``<div>`` per heading, holding ``<p>``s and ``<list>``s of ``<s>``."""
    text = _sub(group, _t("text"), **{XML_LANG: document.lang, "type": side})
    body = _sub(text, _t("body"))
    by_block: dict[int, list[int]] = {}
    for sentence in document.sentences:
        by_block.setdefault(sentence.block, []).append(sentence.id)
    div = _sub(body, _t("div"))
    current_list: etree._Element | None = None
    for index, block in enumerate(document.blocks):
        if block.kind == "head":
            # TEI puts headings first in their division: a heading after
            # content opens the next one.
            if any(child.tag != _t("head") for child in div):
                div = _sub(body, _t("div"))
            container = _sub(div, _t("head"))
            current_list = None
        elif block.kind == "item":
            if current_list is None:
                current_list = _sub(div, _t("list"))
            container = _sub(current_list, _t("item"))
        else:
            container = _sub(div, _t("p"))
            current_list = None
        for sentence_id in by_block.get(index, []):
            _sub(
                container,
                _t("s"),
                document.sentences[sentence_id].text,
                **{XML_ID: sentence_xml_id(side, sentence_id), "n": str(sentence_id)},
            )
    if len(div) == 0 or all(child.tag == _t("head") for child in div):
        _sub(div, _t("p"))


# --- TSV and the divergence list --------------------------------------------

TSV_COLUMNS = ("bead", "src_ids", "tgt_ids", "type", "similarity", "src_text", "tgt_text")


def tsv_escape(text: str) -> str:
    """Escape backslashes, tabs and line breaks so that one bead stays one line."""
    return (
        text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


_TSV_ESCAPE = re.compile(r"\\(.)")
_TSV_UNESCAPED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_unescape(text: str) -> str:
    """Undo :func:`tsv_escape`."""
    return _TSV_ESCAPE.sub(lambda match: _TSV_UNESCAPED.get(match.group(1), match.group(0)), text)


def to_tsv(alignment: Alignment) -> bytes:
    """One bead per line, with a header line; ids are 0-based sentence numbers."""
    rows = ["\t".join(TSV_COLUMNS)]
    for number, bead in enumerate(alignment.beads, 1):
        fields = [
            str(number),
            _ids(bead.src),
            _ids(bead.tgt),
            bead.kind,
            _similarity(bead),
            tsv_escape(alignment.side_text(bead, "src")),
            tsv_escape(alignment.side_text(bead, "tgt")),
        ]
        rows.append("\t".join(fields))
    return ("\n".join(rows) + "\n").encode("utf-8")


def _document_summary(document: Document) -> dict[str, object]:
    return {
        "file": document.path.name,
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


def to_divergences_json(alignment: Alignment, comparison: Comparison) -> bytes:
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


def _md_quote(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def to_divergences_md(alignment: Alignment, comparison: Comparison) -> bytes:
    """The divergence list as a Markdown table a reviewer can read."""
    source, target = alignment.src, alignment.tgt
    lines = [
        f"# Divergences: {source.path.name} ({source.lang}) / {target.path.name} ({target.lang})",
        "",
        f"{len(source.sentences)} source and {len(target.sentences)} target sentences, "
        f"{len(alignment.beads)} beads ("
        + ", ".join(f"{kind}: {count}" for kind, count in alignment.counts().items())
        + f"). Model: {alignment.model}.",
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
                f"| {number} | {item.kind} | {item.severity} | {_ids(item.src) or '—'} | "
                f"{_ids(item.tgt) or '—'} | {_md_quote(item.src_text)} | "
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
                {"document": stem, "renderings": [{"text": text, "count": count} for text, count in renderings]}
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


# --- Writing ----------------------------------------------------------------

#: File suffix -> writer, in the order files are listed to the user.
Writer = Callable[[Alignment, Comparison, datetime], bytes]
WRITERS: dict[str, Writer] = {
    ".tmx": to_tmx,
    ".tei.xml": to_tei,
    ".tsv": lambda alignment, _comparison, _when: to_tsv(alignment),
    ".xlsx": to_xlsx,
    ".jsonl": lambda alignment, comparison, _when: to_jsonl(alignment, comparison),
    ".divergences.json": lambda alignment, comparison, _when: to_divergences_json(alignment, comparison),
    ".divergences.md": lambda alignment, comparison, _when: to_divergences_md(alignment, comparison),
    ".report.html": lambda alignment, comparison, _when: to_report_html(alignment, comparison),
}


def write_outputs(
    alignment: Alignment,
    comparison: Comparison,
    out_dir: Path,
    stem: str,
    formats: Iterable[str] = DEFAULT_FORMATS,
) -> list[Path]:
    """Write the chosen exports of one pair into ``out_dir``, all or nothing."""
    when = alignment_time()
    suffixes = {suffix for name in formats for suffix in FORMATS[name]}
    contents = {
        out_dir / f"{stem}{suffix}": writer(alignment, comparison, when)
        for suffix, writer in WRITERS.items()
        if suffix in suffixes
    }
    write_files(contents, out_dir)
    return list(contents)


def write_files(contents: dict[Path, bytes], out_dir: Path) -> None:
    """Write files into ``out_dir``, all or nothing: none is in place until all are written."""
    try:
        _write_all(contents, out_dir)
    except OSError as error:
        raise InputError(
            f"{out_dir}: cannot write the outputs ({error.strerror or error}); nothing was written: "
            "free some space, fix the folder's permissions or choose another with -o"
        ) from error


def _write_all(contents: dict[Path, bytes], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            handle, temporary = tempfile.mkstemp(dir=out_dir, prefix=f".{path.name}.", suffix=".part")
            staged.append((Path(temporary), path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _path in staged:
            temporary.unlink(missing_ok=True)
