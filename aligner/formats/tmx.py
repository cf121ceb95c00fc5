"""TMX 1.4, the translation-memory format every CAT tool imports: written and read back.

Written: one ``<tu>`` per bead, bead type and similarity as ``x-`` props,
findings as notes. Read: each ``<tu>`` becomes one bead (see
:mod:`aligner.formats.units`); a file that names no similarities is scored
by ``aligner convert``.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from lxml import etree

from aligner import __version__
from aligner.document import Alignment, Document
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats.fields import TOOL, XML_LANG, ids_field, similarity_field, sub_element
from aligner.formats.units import UNKNOWN, Unit, clean_segment, similarity_value, units_alignment
from aligner.read.xmlsafe import parse_xml

SUFFIX = ".tmx"
#: TMX inline elements that hold the original format's codes, not text.
_TMX_CODES = {"bpt", "ept", "it", "ph", "ut"}
#: TMX 1.1 named the language attribute ``lang``; later versions use ``xml:lang``.
_TMX_LANG_ATTRIBUTES = (XML_LANG, "lang")


def write(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
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
    header = sub_element(
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
    sub_element(header, "prop", source.path.name, type="x-source-file")
    sub_element(header, "prop", target.path.name, type="x-target-file")
    sub_element(header, "prop", alignment.model, type="x-model")
    sub_element(header, "prop", alignment.engine, type="x-engine")
    body = sub_element(tmx, "body")
    per_bead = comparison.per_bead(alignment.beads)
    for number, (bead, findings) in enumerate(zip(alignment.beads, per_bead, strict=True), 1):
        tu = sub_element(body, "tu", tuid=str(number), srclang=source.lang)
        if not bead.is_match:
            side = "target" if bead.src else "source"
            sub_element(tu, "note", f"unmatched: no {side} sentence corresponds")
        for item in findings:
            sub_element(tu, "note", f"{item.kind} ({item.severity}): {item.evidence}")
        sub_element(tu, "prop", bead.kind, type="x-bead")
        if bead.similarity is not None:
            sub_element(tu, "prop", similarity_field(bead), type="x-similarity")
        sub_element(tu, "prop", ids_field(bead.src), type="x-source-ids")
        sub_element(tu, "prop", ids_field(bead.tgt), type="x-target-ids")
        for item in findings:
            sub_element(tu, "prop", f"{item.kind} {item.severity}", type="x-divergence")
        for document, ids in ((source, bead.src), (target, bead.tgt)):
            if ids:
                tuv = sub_element(tu, "tuv", **{XML_LANG: document.lang})
                sub_element(tuv, "seg", alignment.side_text(bead, "src" if document is source else "tgt"))
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read(path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
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
    return units_alignment(
        [Unit(segments.get(source, ""), segments.get(target, ""), similarity) for segments, similarity in units],
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
        text = clean_segment(_seg_text(seg)) if seg is not None else ""
        if lang and text:
            segments[lang] = text
    similarity = next((prop.text for prop in tu.iterfind("prop") if prop.get("type") == "x-similarity"), None)
    return segments, similarity_value(similarity)


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
