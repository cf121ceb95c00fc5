"""Read an existing alignment, a TMX translation memory or this tool's TSV, and re-export it.

A translation memory holds segments, not sentences, and says nothing of the
documents' structure: each side of a unit becomes one segment (numbered from
0 in file order) of a document made of paragraphs, and each unit one bead
(1-1, or 1-0 / 0-1 when a unit has one language only). Once read, an
alignment is exported like any other (TEI, XLSX, ...) and gets a divergence
list; a file that records no similarities, as CAT tools' memories do not, is
scored with the embedding model first, so that unusually dissimilar units
can be flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from lxml import etree

from aligner.checks import compare
from aligner.embed import Embedder, embed_unique, load_embedder
from aligner.read.encoding import decode
from aligner.errors import InputError
from aligner.formats import TSV_COLUMNS, XML_LANG, tsv_unescape, write_outputs
from aligner.read.sniff import Format, collapse_spaces, sniff
from aligner.settings import DEFAULT_FORMATS, DEFAULT_MODEL, FORMATS
from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.pipeline import PairResult
from aligner.read.document import detect_language, read_bytes
from aligner.read.xmlsafe import parse_xml

#: TMX inline elements that hold the original format's codes, not text.
_TMX_CODES = {"bpt", "ept", "it", "ph", "ut"}
#: TMX 1.1 named the language attribute ``lang``; later versions use ``xml:lang``.
_TMX_LANG_ATTRIBUTES = (XML_LANG, "lang")
#: What the alignment engine is called when the file does not say.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class _Unit:
    """One translation unit: its source and target segments ("" when absent), its similarity if given."""

    src: str
    tgt: str
    similarity: float | None


def convert(
    path: Path,
    out_dir: Path,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    model: str = DEFAULT_MODEL,
    formats: Iterable[str] = DEFAULT_FORMATS,
    pairs: bool = False,
    threshold: float | None = None,
) -> PairResult:
    """Read an alignment file, score it if needed, list its divergences and export it.

    With ``pairs`` (``aligner compare``), plain ``source<TAB>target`` lines are
    read too; ``threshold`` replaces the per-document low-similarity fence
    (see :func:`aligner.checks.compare`).
    """
    formats = list(formats)
    stem = path.stem
    outputs = [out_dir / f"{stem}{suffix}" for name in formats for suffix in FORMATS[name]]
    if any(output.resolve() == path.resolve() for output in outputs):
        raise InputError(
            f"{path}: converting it into {out_dir} would overwrite it; choose another folder with -o"
        )
    embedder = load_embedder(model)
    alignment = with_similarities(read_alignment(path, src_lang, tgt_lang, pairs=pairs), embedder)
    comparison = compare(alignment, embedder, threshold)
    files = write_outputs(alignment, comparison, out_dir, stem, formats)
    return PairResult(stem, alignment, comparison, files)


def read_alignment(
    path: Path, src_lang: str | None = None, tgt_lang: str | None = None, *, pairs: bool = False
) -> Alignment:
    """An alignment read from a TMX file or from this tool's TSV, told apart by content;
    with ``pairs``, also from plain ``source<TAB>target`` lines (one pair per line, no header)."""
    data = read_bytes(path)
    file_format = sniff(data)
    if file_format is Format.TMX:
        return _read_tmx(path, src_lang, tgt_lang)
    if file_format is Format.TSV:
        return _read_tsv(data, path, src_lang, tgt_lang)
    if pairs and file_format is Format.TEXT:
        return _read_pairs(data, path, src_lang, tgt_lang)
    raise InputError(
        f"{path}: is a {file_format}, not an alignment; convert reads TMX files and the TSV "
        "that aligner writes (to align two documents, use aligner align)"
    )


def with_similarities(alignment: Alignment, embedder: Embedder) -> Alignment:
    """The alignment itself when every matched bead has a similarity; else every matched
    bead scored with ``embedder``, so that all similarities come from one model."""
    matched = [bead for bead in alignment.beads if bead.is_match]
    if all(bead.similarity is not None for bead in matched):
        return alignment
    sources = embed_unique(embedder, [alignment.side_text(bead, "src") for bead in matched])
    targets = embed_unique(embedder, [alignment.side_text(bead, "tgt") for bead in matched])
    cosines = np.sum(sources * targets, axis=1)
    scores = {id(bead): round(float(cosine), 4) for bead, cosine in zip(matched, cosines, strict=True)}
    beads = [replace(bead, similarity=scores[id(bead)]) if bead.is_match else bead for bead in alignment.beads]
    return replace(alignment, beads=beads, model=embedder.name)


# --- TMX ---------------------------------------------------------------------


def _read_tmx(path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    root = parse_xml(path).getroot()
    # A memory without a header (invalid, but some tools write them) reads as one with an empty header.
    header = root.find("header")
    header = header if header is not None else etree.Element("header")
    props = {prop.get("type"): prop.text or "" for prop in header.iterfind("prop")}
    units = [segments for segments in map(_tmx_segments, root.iterfind("body/tu")) if segments[0]]
    if not units:
        raise InputError(f"{path}: holds no translation unit with text; check that it is the right file")
    languages = list(dict.fromkeys(lang for segments, _ in units for lang in segments))
    source, target = _choose_languages(languages, src_lang or header.get("srclang"), tgt_lang, path)
    return _alignment(
        [_Unit(segments.get(source, ""), segments.get(target, ""), similarity) for segments, similarity in units],
        Document(Path(props.get("x-source-file") or path.name), source, []),
        Document(Path(props.get("x-target-file") or path.name), target, []),
        model=props.get("x-model") or UNKNOWN,
        engine=props.get("x-engine") or header.get("creationtool") or UNKNOWN,
    )


def _tmx_segments(tu: etree._Element) -> tuple[dict[str, str], float | None]:
    """A unit's text per language, and its similarity if it records one."""
    segments = {}
    for tuv in tu.iterfind("tuv"):
        lang = next((tuv.get(attribute) for attribute in _TMX_LANG_ATTRIBUTES if tuv.get(attribute)), None)
        seg = tuv.find("seg")
        text = _clean(_seg_text(seg)) if seg is not None else ""
        if lang and text:
            segments[lang] = text
    similarity = next((prop.text for prop in tu.iterfind("prop") if prop.get("type") == "x-similarity"), None)
    return segments, _number(similarity)


def _seg_text(element: etree._Element) -> str:
    """A segment's text: inline formatting kept, the original format's codes left out."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _TMX_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _choose_languages(
    languages: list[str], source: str | None, target: str | None, path: Path
) -> tuple[str, str]:
    """The file's codes for the source and target languages, matched on the primary subtag
    (``fr`` chooses ``fr-CA``); by default the declared source and the one other language."""

    def primary(code: str) -> str:
        return re.split(r"[-_]", code)[0].lower()

    def find(wanted: str, option: str) -> str:
        match = next((lang for lang in languages if primary(lang) == primary(wanted)), None)
        if match is None:
            raise InputError(
                f"{path}: holds no {wanted} segments (it holds {', '.join(languages)}); choose with {option}"
            )
        return match

    chosen_source = find(source, "--src-lang") if source and source != "*all*" else languages[0]
    if target:
        return chosen_source, find(target, "--tgt-lang")
    others = [lang for lang in languages if primary(lang) != primary(chosen_source)]
    if len(others) != 1:
        found = ", ".join(languages)
        raise InputError(
            f"{path}: holds {len(languages)} language(s) ({found}); name the pair with --src-lang and --tgt-lang"
        )
    return chosen_source, others[0]


# --- TSV ---------------------------------------------------------------------


def _read_tsv(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    text, _encoding, _notes = decode(data, path)
    units = []
    for number, line in enumerate(text.splitlines()[1:], 2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(TSV_COLUMNS):
            raise InputError(
                f"{path}: line {number} has {len(fields)} fields, not {len(TSV_COLUMNS)} "
                f"({', '.join(TSV_COLUMNS)}); fix it or export the alignment again"
            )
        row = dict(zip(TSV_COLUMNS, fields, strict=True))
        unit = _Unit(
            _clean(tsv_unescape(row["src_text"])), _clean(tsv_unescape(row["tgt_text"])), _number(row["similarity"])
        )
        if unit.src or unit.tgt:
            units.append(unit)
    if not units:
        raise InputError(f"{path}: holds no aligned text, only its header line")
    return _detected_alignment(units, path, src_lang, tgt_lang, engine=UNKNOWN)


def _read_pairs(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    """Already aligned pairs, ``source<TAB>target`` per line: line n is bead n (0-based)."""
    text, _encoding, _notes = decode(data, path)
    units = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("\t")
        if len(fields) != 2:
            raise InputError(
                f"{path}: line {number} has {len(fields)} tab-separated fields, not 2; "
                "compare reads one source<TAB>target pair per line"
            )
        unit = _Unit(_clean(fields[0]), _clean(fields[1]), None)
        if not (unit.src or unit.tgt):
            raise InputError(f"{path}: line {number} is empty; remove it so that pair ids stay line numbers")
        units.append(unit)
    if not units:
        raise InputError(f"{path}: holds no pair; compare reads one source<TAB>target pair per line")
    return _detected_alignment(units, path, src_lang, tgt_lang, engine="given")


def _detected_alignment(
    units: list[_Unit], path: Path, src_lang: str | None, tgt_lang: str | None, *, engine: str
) -> Alignment:
    """The units of a file that names no languages, each side's language detected unless given."""
    source = src_lang or detect_language(" ".join(unit.src for unit in units), path)
    target = tgt_lang or detect_language(" ".join(unit.tgt for unit in units), path)
    return _alignment(units, Document(path, source, []), Document(path, target, []), model=UNKNOWN, engine=engine)


# --- Both ----------------------------------------------------------------------


def _alignment(units: list[_Unit], source: Document, target: Document, *, model: str, engine: str) -> Alignment:
    """Fill two empty documents with one segment per unit side, and make a bead per unit."""
    beads = []
    for unit in units:
        if not (unit.src or unit.tgt):
            continue
        src, tgt = _append_segment(source, unit.src), _append_segment(target, unit.tgt)
        beads.append(Bead(src, tgt, unit.similarity if src and tgt else None))
    return Alignment(source, target, beads, model=model, engine=engine)


def _append_segment(document: Document, text: str) -> tuple[int, ...]:
    """Add a segment, as a paragraph of its own, and return its id; nothing for no text."""
    if not text:
        return ()
    document.sentences.append(Sentence(len(document.sentences), text, len(document.blocks)))
    document.blocks.append(Block("p", text, text))
    return (document.sentences[-1].id,)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", collapse_spaces(text))


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
