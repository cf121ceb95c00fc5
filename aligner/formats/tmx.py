"""TMX 1.4, the translation-memory format every CAT tool imports: written and read back.

Written: one ``<tu>`` per bead, bead type and similarity as ``x-`` props,
findings as notes. Read: each ``<tu>`` becomes one bead (see
:mod:`aligner.formats.units`); a file that names no similarities is scored
by ``aligner convert``.

Both ways stream for large files: the reader parses incrementally
(:func:`open_units`), and :func:`frame` and :func:`units` write a file chunk
by chunk, byte for byte as :func:`write` writes it whole.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from copy import deepcopy
from datetime import datetime
from pathlib import Path

from lxml import etree

from aligner import __version__
from aligner.document import Alignment
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats.fields import TOOL, XML_LANG, ids_field, similarity_field, sub_element
from aligner.formats.units import UNKNOWN, Position, Unit, UnitFile, clean_segment, similarity_value
from aligner.read.xmlsafe import refuse_entities, xml_errors

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
    tmx = _tmx_root(alignment, when)
    _append_units(sub_element(tmx, "body"), alignment, comparison, Position())
    return etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def frame(alignment: Alignment, when: datetime) -> tuple[bytes, bytes]:
    """What a TMX written chunk by chunk holds before its first ``<tu>`` and after its last:
    the very bytes :func:`write` puts there."""
    tmx = _tmx_root(alignment, when)
    sub_element(tmx, "body").append(etree.Comment(_UNITS_MARK))
    text = etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    mark = text.index(f"<!--{_UNITS_MARK}-->".encode())
    return text[: text.rindex(b"\n", 0, mark) + 1], text[text.index(b"\n", mark) + 1 :]


def units(alignment: Alignment, comparison: Comparison, start: Position) -> bytes:
    """The ``<tu>`` elements of one chunk, numbered and with sentence ids from ``start``,
    as :func:`write` lays them out in a whole file."""
    tmx = etree.Element("tmx")
    _append_units(sub_element(tmx, "body"), alignment, comparison, start)
    text = etree.tostring(tmx, encoding="UTF-8", pretty_print=True)
    return text[text.index(b"<body>\n") + len(b"<body>\n") : text.rindex(b"  </body>")] if alignment.beads else b""


#: Stands where the units go in :func:`frame`.
_UNITS_MARK = "aligner: units"


def _tmx_root(alignment: Alignment, when: datetime) -> etree._Element:
    """The ``<tmx>`` element with its ``<header>``."""
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
    return tmx


def _append_units(body: etree._Element, alignment: Alignment, comparison: Comparison, start: Position) -> None:
    """One ``<tu>`` per bead, numbered and with sentence ids from ``start``."""
    source, target = alignment.src, alignment.tgt
    per_bead = comparison.per_bead(alignment.beads)
    for number, (bead, findings) in enumerate(zip(alignment.beads, per_bead, strict=True), start.bead):
        tu = sub_element(body, "tu", tuid=str(number), srclang=source.lang)
        if not bead.is_match:
            side = "target" if bead.src else "source"
            sub_element(tu, "note", f"unmatched: no {side} sentence corresponds")
        for item in findings:
            sub_element(tu, "note", f"{item.kind} ({item.severity}): {item.evidence}")
        sub_element(tu, "prop", bead.kind, type="x-bead")
        if bead.similarity is not None:
            sub_element(tu, "prop", similarity_field(bead), type="x-similarity")
        sub_element(tu, "prop", ids_field(start.shift(bead.src, "src")), type="x-source-ids")
        sub_element(tu, "prop", ids_field(start.shift(bead.tgt, "tgt")), type="x-target-ids")
        for item in findings:
            sub_element(tu, "prop", f"{item.kind} {item.severity}", type="x-divergence")
        for document, ids in ((source, bead.src), (target, bead.tgt)):
            if ids:
                tuv = sub_element(tu, "tuv", **{XML_LANG: document.lang})
                sub_element(tuv, "seg", alignment.side_text(bead, "src" if document is source else "tgt"))


def read(path: Path, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    """The whole file as one alignment (see :func:`open_units`)."""
    return open_units(path, src_lang, tgt_lang).read()


def open_units(path: Path, src_lang: str | None, tgt_lang: str | None) -> UnitFile:
    """A TMX file read unit by unit, after a first pass over the whole of it.

    The first pass keeps nothing but the header and, per set of languages a
    unit has text in, how many units have it and whether they are scored.
    A whole pass rather than the header's ``srclang`` and the first units,
    because the language choice, and its errors, must be the file's and not
    its start's: a memory may name no ``srclang`` (or ``*all*``), begin with
    units in the source language only, or hold a third language first met
    far in; and a file must either be scored whole or not at all, so that
    all similarities come from one model. The pass also finds a malformed or
    empty file before the embedding model is loaded or anything is written.
    It costs one more parse (7 s of CPU for 200,000 short units), in bounded memory.
    """
    header: etree._Element | None = None
    languages: dict[str, None] = {}
    #: (the languages a unit has text in, whether it records a similarity) -> how many units
    kinds: Counter[tuple[frozenset[str], bool]] = Counter()
    for element in _elements(path):
        if element.tag == "header":
            header = deepcopy(element) if header is None else header
            continue
        segments, similarity = _tmx_segments(element)
        languages.update(dict.fromkeys(segments))
        if segments:
            kinds[frozenset(segments), similarity is not None] += 1
    if not kinds:
        raise InputError(f"{path}: holds no translation unit with text; check that it is the right file")
    # A memory without a header (invalid, but some tools write them) reads as one with an empty header.
    header = header if header is not None else etree.Element("header")
    props = {prop.get("type"): prop.text or "" for prop in header.iterfind("prop")}
    source, target = _choose_languages(list(languages), src_lang or header.get("srclang"), tgt_lang, path)

    def units() -> Iterator[Unit]:
        for element in _elements(path):
            if element.tag == "tu":
                segments, similarity = _tmx_segments(element)
                unit = Unit(segments.get(source, ""), segments.get(target, ""), similarity)
                if unit.src or unit.tgt:
                    yield unit

    return UnitFile(
        src_lang=source,
        tgt_lang=target,
        src_path=Path(props.get("x-source-file") or path.name),
        tgt_path=Path(props.get("x-target-file") or path.name),
        model=props.get("x-model") or UNKNOWN,
        engine=props.get("x-engine") or header.get("creationtool") or UNKNOWN,
        count=sum(n for (langs, _), n in kinds.items() if source in langs or target in langs),
        unscored=any(source in langs and target in langs and not scored for langs, scored in kinds),
        units=units,
    )


def _elements(path: Path) -> Iterator[etree._Element]:
    """The root's ``<header>`` and the ``<tu>`` elements of its ``<body>``, read incrementally.

    Each is cleared once the caller has looked at it, so that memory holds
    one unit at a time. The parser is set as :mod:`aligner.read.xmlsafe`
    sets it (no DTD loaded, no entity resolved, no network, no huge trees),
    and a file that declares entities is refused as it is there.
    """
    context = etree.iterparse(
        str(path),
        events=("end",),
        tag=("header", "tu"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    checked = False
    with xml_errors(path):
        for _event, element in context:
            if not checked:
                refuse_entities(element.getroottree(), path)
                checked = True
            parent = element.getparent()
            if parent is None or (element.tag == "tu" and (parent.tag != "body" or parent.getparent() is None)):
                continue
            if (parent if element.tag == "header" else parent.getparent()).getparent() is None:
                yield element
            if element.tag == "tu":
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del parent[0]
        if not checked and context.root is not None:
            refuse_entities(context.root.getroottree(), path)


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
