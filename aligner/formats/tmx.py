"""TMX 1.4, the translation-memory format every CAT tool imports: written and read back.

Written: one ``<tu>`` per bead, bead type, similarity and sentence ids as
``x-`` props, findings as notes. Read: each ``<tu>`` becomes one bead (see
:mod:`aligner.formats.units`), over the sentence ids this tool recorded;
a file that names no similarities is scored by ``aligner convert``. What a
unit holds beyond its plain text (``tuid``, dates, notes, properties, inline
codes) is written back as it was.

A side of several sentences also records their lengths (``x-source-lengths``:
``52,61``, in characters), so that they come back exactly. A reviewer's word
is an ``x-review`` prop per entry (``checked``, ``omission: dismissed``: see
:func:`aligner.formats.fields.review_entries`) and the bead's comment a
``<note>`` that begins ``reviewer:``. Units nobody reviewed have none of them.

Both ways stream for large files: the reader parses incrementally
(:func:`open_units`), and :func:`frame` and :func:`units` write a file chunk
by chunk, byte for byte as :func:`write` writes it whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from lxml import etree

from aligner import __version__
from aligner.document import Alignment
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats.fields import (
    TOOL,
    XML_LANG,
    ids_field,
    parse_ids,
    read_review,
    review_entries,
    similarity_field,
    sub_element,
)
from aligner.formats.units import (
    UNKNOWN,
    Original,
    Position,
    SentenceIds,
    Unit,
    UnitAlignment,
    UnitFile,
    clean_segment,
    is_unusable_similarity,
    similarity_value,
    unusable_similarities_warning,
)
from aligner.languages import Match, group, language, match, standard
from aligner.read.xmlsafe import refuse_entities, xml_errors

SUFFIX = ".tmx"
#: TMX inline elements that hold the original format's codes, not text.
_TMX_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
#: The codes that stand alone for something in the text (a break, an image, a field).
_PLACEHOLDERS = frozenset({"ph", "ut"})
#: A unit's variant with text: its segment's plain text, and the ``<tuv>``.
_Variant = tuple[str, etree._Element]
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
    for name, value in (
        ("x-source-file", source.path.name),
        ("x-target-file", target.path.name),
        ("x-model", alignment.model),
        ("x-engine", alignment.engine),
    ):
        if value:  # an empty property is invalid to strict readers
            sub_element(header, "prop", value, type=name)
    if isinstance(alignment, UnitAlignment) and alignment.header:
        header.extend(etree.fromstring(alignment.header))  # the memory's own: memoQ's client, notes
    return tmx


def _append_units(body: etree._Element, alignment: Alignment, comparison: Comparison, start: Position) -> None:
    """One ``<tu>`` per bead, numbered and with sentence ids from ``start``.

    A bead read from a TMX unit is written back with what the file holds of
    it (see :class:`~aligner.formats.units.Original`): its ``tuid``, dates,
    notes and properties, and each side's ``<tuv>`` as it was, inline codes
    included; only the ``x-`` properties this tool writes are its own.
    No element is written empty: strict TMX readers refuse them.
    """
    source, target = alignment.src, alignment.tgt
    per_bead = comparison.per_bead(alignment.beads)
    originals = alignment.originals if isinstance(alignment, UnitAlignment) else []
    for index, (bead, findings) in enumerate(zip(alignment.beads, per_bead, strict=True)):
        original = originals[index] if originals else None
        kept = etree.fromstring(original.unit) if original else etree.Element("tu")
        tu = sub_element(body, "tu", tuid=kept.get("tuid") or str(start.bead + index))
        tu.attrib.update(kept.attrib)
        tu.set("srclang", source.lang)  # the side this alignment reads as source, as the header says
        tu.extend(kept)
        if not bead.is_match:
            sub_element(tu, "note", _UNMATCHED_NOTE.format("target" if bead.src else "source"))
        for item in findings:
            sub_element(tu, "note", _finding_note(item.kind, item.severity, item.evidence))
        if bead.comment:
            sub_element(tu, "note", _COMMENT_NOTE + bead.comment)
        sub_element(tu, "prop", bead.kind, type="x-bead")
        if bead.similarity is not None:
            sub_element(tu, "prop", similarity_field(bead), type="x-similarity")
        for side, name, ids, document in (("src", "source", bead.src, source), ("tgt", "target", bead.tgt, target)):
            if ids:
                sub_element(tu, "prop", ids_field(start.shift(ids, side)), type=f"x-{name}-ids")
            if len(ids) > 1:
                lengths = ids_field(tuple(len(document.sentences[i].text) for i in ids))
                sub_element(tu, "prop", lengths, type=f"x-{name}-lengths")
        for item in findings:
            sub_element(tu, "prop", f"{item.kind} {item.severity}", type="x-divergence")
        for entry in review_entries(bead, findings):
            sub_element(tu, "prop", entry, type="x-review")
        for side in _SIDES:
            variant = (original.src if side == "src" else original.tgt) if original else None
            if variant is not None:
                tu.append(_kept_variant(variant))
            elif bead.src if side == "src" else bead.tgt:
                tuv = sub_element(tu, "tuv", **{XML_LANG: (source if side == "src" else target).lang})
                sub_element(tuv, "seg", alignment.side_text(bead, side))


#: The note on a unit with one side only, which side it lacks in the braces.
_UNMATCHED_NOTE = "unmatched: no {} sentence corresponds"


def _finding_note(kind: str, severity: str, evidence: str) -> str:
    """The note that shows a finding beside its unit in a CAT tool."""
    return f"{kind} ({severity}): {evidence}"


#: How the note that holds a reviewer's comment on a bead begins.
_COMMENT_NOTE = "reviewer: "
_SIDES: tuple[Literal["src", "tgt"], ...] = ("src", "tgt")
#: The unit properties this tool writes: a unit read back gets them anew, not twice.
_OWN_PROPS = frozenset(
    {"x-bead", "x-similarity", "x-source-ids", "x-target-ids", "x-source-lengths", "x-target-lengths",
     "x-divergence", "x-review"}
)


def _kept_variant(variant: bytes) -> etree._Element:
    """A ``<tuv>`` kept from the file, as it will be written: inside its ``<seg>``, an element
    holding only elements gets an empty text, so that pretty printing adds no space to the segment."""
    tuv = etree.fromstring(variant)
    seg = tuv.find("seg")
    for element in seg.iter() if seg is not None else ():
        if len(element) and not element.text:
            element.text = ""
    return tuv


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

    Language tags are matched as BCP 47 says (see :mod:`aligner.languages`);
    how, when not exactly, is said in :attr:`UnitFile.warnings`, with the
    units left out for holding neither side and the similarities set aside
    as unusable.
    """
    header: etree._Element | None = None
    languages: dict[str, None] = {}
    #: (the languages a unit has text in, whether it records a similarity) -> how many units
    kinds: Counter[tuple[frozenset[str], bool]] = Counter()
    unusable, reviewed = 0, False
    #: The units as this tool numbers their sentences, checked in a pass of their own once the
    #: languages are known: this pass cannot yet tell which side a unit's text is.
    numbered: list[tuple[dict[str, int], tuple[int, ...], tuple[int, ...]]] = []
    for element in _elements(path):
        if element.tag == "header":
            header = deepcopy(element) if header is None else header
            continue
        variants, similarity = _variants(element), _similarity(element)
        languages.update(dict.fromkeys(variants))
        if variants:
            kinds[frozenset(variants), similarity_value(similarity) is not None] += 1
            unusable += is_unusable_similarity(similarity)
            recorded = _recorded(element)
            reviewed = reviewed or bool(recorded.entries or recorded.comment)
            spaces = {tag: text.count(" ") for tag, (text, _) in variants.items()}
            numbered.append((spaces, recorded.src_ids, recorded.tgt_ids))
    if not kinds:
        raise InputError(f"{path}: holds no translation unit with text; check that it is the right file")
    # A memory without a header (invalid, but some tools write them) reads as one with an empty header.
    header = header if header is not None else etree.Element("header")
    props = {prop.get("type"): prop.text or "" for prop in header.iterfind("prop")}
    source, target = _choose_languages(list(languages), src_lang or header.get("srclang"), tgt_lang, path)
    warnings = [f"{path}: {match.notice}" for match in (source, target) if match.notice]
    chosen = set(source.tags) | set(target.tags)
    unread = [langs for langs, _ in kinds if not langs & chosen]
    if unread:
        left_out = [lang for lang in languages if any(lang in langs for langs in unread)]
        count = sum(n for (langs, _), n in kinds.items() if langs in unread)
        warnings.append(
            f"{path}: {count:,} unit(s) hold neither {source.name} nor {target.name} text "
            f"(only {', '.join(left_out)}); they are left out (name their language with --src-lang or --tgt-lang)"
        )
    if unusable:
        warnings.append(unusable_similarities_warning(path, unusable))
    # This tool's source ids name the header's source language: swapped when the user reads it as target.
    swapped = bool(header.get("srclang")) and standard(header.get("srclang", "")) in target.tags
    ids = SentenceIds()
    for number, (spaces, src_ids, tgt_ids) in enumerate(numbered, 1):
        src_spaces = next((count for tag, count in spaces.items() if tag in source.tags), None)
        tgt_spaces = next((count for tag, count in spaces.items() if tag in target.tags), None)
        if src_spaces is not None or tgt_spaces is not None:
            ids.add_sides(number, (tgt_ids, src_ids) if swapped else (src_ids, tgt_ids), (src_spaces, tgt_spaces))
    if warning := ids.warning(path):
        warnings.append(warning)
    del numbered

    def units() -> Iterator[Unit]:
        for element in _elements(path):
            if element.tag == "tu":
                variants = _variants(element)
                src = next((variant for tag, variant in variants.items() if tag in source.tags), None)
                tgt = next((variant for tag, variant in variants.items() if tag in target.tags), None)
                if src or tgt:
                    sides = [(variant, side.name) for variant, side in ((src, source), (tgt, target)) if variant]
                    recorded = _recorded(element, swapped)
                    src_text, tgt_text = src[0] if src else "", tgt[0] if tgt else ""
                    yield Unit(
                        src_text,
                        tgt_text,
                        similarity_value(_similarity(element)),
                        None if _is_plain(element, sides) else _original(element, src, tgt),
                        src_ids=recorded.src_ids,
                        tgt_ids=recorded.tgt_ids,
                        src_sentences=_exact_sentences(src_text, recorded.src_lengths),
                        tgt_sentences=_exact_sentences(tgt_text, recorded.tgt_lengths),
                        review=read_review(
                            recorded.entries, recorded.src_ids, recorded.tgt_ids, recorded.kinds, recorded.comment
                        ),
                    )

    return UnitFile(
        src_lang=source.name,
        tgt_lang=target.name,
        src_path=Path(props.get("x-source-file") or path.name),
        tgt_path=Path(props.get("x-target-file") or path.name),
        model=props.get("x-model") or UNKNOWN,
        engine=props.get("x-engine") or header.get("creationtool") or UNKNOWN,
        count=sum(n for (langs, _), n in kinds.items() if langs & chosen),
        unscored=any(
            langs & set(source.tags) and langs & set(target.tags) and not scored for langs, scored in kinds
        ),
        units=units,
        warnings=tuple(warnings),
        header=_kept_header(header),
        reviewed=reviewed,
    )


#: The header properties this tool writes (see :func:`_tmx_root`): written anew, not kept.
_OWN_HEADER_PROPS = frozenset({"x-source-file", "x-target-file", "x-model", "x-engine"})


def _kept_header(header: etree._Element) -> bytes | None:
    """The header's notes and properties that are written back, as a ``<header>``; None if none."""
    kept = etree.Element("header")
    kept.extend(
        _copy(child) for child in header if _is_kept(child) and child.get("type") not in _OWN_HEADER_PROPS
    )
    return etree.tostring(kept) if len(kept) else None


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


def _variants(tu: etree._Element) -> dict[str, _Variant]:
    """A unit's variants that hold text, by language tag (standard form), in file order: the
    segment's plain text (see :func:`_plain_text`) and the ``<tuv>``; the first one of a tag."""
    variants: dict[str, _Variant] = {}
    for tuv in tu.iterfind("tuv"):
        lang = next((tuv.get(attribute) for attribute in _TMX_LANG_ATTRIBUTES if tuv.get(attribute)), None)
        seg = tuv.find("seg")
        text = clean_segment(_plain_text(seg)) if seg is not None else ""
        if lang and text:
            variants.setdefault(standard(lang), (text, tuv))
    return variants


@dataclass(frozen=True)
class _Recorded:
    """What this tool recorded of a unit besides its text: each side's sentence ids and lengths, the
    kinds of the findings on it, and the reviewer's entries and comment."""

    src_ids: tuple[int, ...] = ()
    tgt_ids: tuple[int, ...] = ()
    src_lengths: tuple[int, ...] = ()
    tgt_lengths: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()
    comment: str = ""


def _recorded(tu: etree._Element, swapped: bool = False) -> _Recorded:
    """What this tool recorded of a unit (nothing for another tool's); sides swapped with ``swapped``.
    Ids that are not numbers are taken as none (the unit then reads as another tool's)."""
    props: dict[str, list[str]] = {}
    for prop in tu.iterfind("prop"):
        props.setdefault(prop.get("type", ""), []).append(prop.text or "")
    if "x-bead" not in props:
        return _Recorded()

    def numbers(name: str) -> tuple[int, ...]:
        try:
            return parse_ids(props.get(name, [""])[0])
        except ValueError:
            return ()

    sides = [(numbers(f"x-{side}-ids"), numbers(f"x-{side}-lengths")) for side in ("source", "target")]
    (src_ids, src_lengths), (tgt_ids, tgt_lengths) = sides[::-1] if swapped else sides
    notes = [note.text or "" for note in tu.iterfind("note")]
    comment = next((note.removeprefix(_COMMENT_NOTE) for note in notes if note.startswith(_COMMENT_NOTE)), "")
    return _Recorded(
        src_ids,
        tgt_ids,
        src_lengths,
        tgt_lengths,
        tuple(text.partition(" ")[0] for text in props.get("x-divergence", [])),
        tuple(props.get("x-review", [])),
        comment,
    )


def _exact_sentences(text: str, lengths: tuple[int, ...]) -> tuple[str, ...]:
    """A side's sentences cut by their recorded lengths, if the lengths fit its text (joined by spaces)."""
    pieces, start = [], 0
    for length in lengths:
        pieces.append(text[start : start + length])
        start += length + 1
    return tuple(pieces) if lengths and " ".join(pieces) == text else ()


def _similarity(tu: etree._Element) -> str | None:
    """The similarity a unit records, as the file writes it, if it records one."""
    return next((prop.text for prop in tu.iterfind("prop") if prop.get("type") == "x-similarity"), None)


def _plain_text(element: etree._Element) -> str:
    """A segment's text as the checks and the embedder read it: formatting (``<hi>``) kept, and each
    code as what it stands for in the text, so that no two words are glued.

    A code whose content is whitespace (a line break, a tab) is a space. A
    placeholder (``<ph>``, ``<ut>``: a break, an image, a field) is a space
    too. A paired or isolated tag (``<bpt>``, ``<ept>``, ``<it>``) opens or
    closes formatting, often inside a word (``un<bpt/>bold<ept/>ed``), and
    is nothing. The text of a ``<sub>`` in a code is another flow (a
    footnote, an alt text) and is left out.
    """
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_code_text(child) if child.tag in _TMX_CODES else _plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_text(code: etree._Element) -> str:
    """What a code stands for in a segment's plain text (see :func:`_plain_text`)."""
    native = (code.text or "") + "".join(sub.tail or "" for sub in code)
    return " " if (native and not native.strip()) or code.tag in _PLACEHOLDERS else ""


def _is_plain(tu: etree._Element, sides: list[tuple[_Variant, str]]) -> bool:
    """Whether a unit holds nothing but what the writer writes of it from its text alone: no
    attribute, no note or property but this tool's, and each side's ``<tuv>`` a segment of text
    only, tagged with that side's very name. Most units of a large memory are: keeping nothing
    for them spares a third of the time it takes to convert one."""
    own_notes = _own_notes(tu)
    if tu.attrib or any(_is_kept(child, own_notes) for child in tu):
        return False
    for (text, tuv), name in sides:
        if dict(tuv.attrib) != {XML_LANG: name} or len(tuv) != 1 or len(tuv[0]) or tuv[0].text != text:
            return False
    return True


def _original(tu: etree._Element, src: _Variant | None, tgt: _Variant | None) -> Original:
    """What the file holds of a unit beyond its text: the ``<tu>``'s attributes, notes and
    properties but this tool's own, and the chosen sides' ``<tuv>``. Empty notes and properties
    are dropped: strict TMX readers refuse them."""
    unit = etree.Element("tu", dict(tu.attrib))
    own_notes = _own_notes(tu)
    unit.extend(_copy(child) for child in tu if _is_kept(child, own_notes))
    return Original(
        etree.tostring(unit), _variant_bytes(src[1]) if src else None, _variant_bytes(tgt[1]) if tgt else None
    )


def _own_notes(tu: etree._Element) -> tuple[str, ...]:
    """How the notes this tool wrote on a unit begin, known by its ``x-`` properties: the
    unmatched note, one note per ``x-divergence`` (``kind severity``) and the reviewer's
    comment. They are written anew."""
    props = [(prop.get("type"), prop.text or "") for prop in tu.iterfind("prop")]
    if not any(kind == "x-bead" for kind, _ in props):
        return ()
    divergences = [text.partition(" ") for kind, text in props if kind == "x-divergence"]
    findings = [_finding_note(kind, severity, "") for kind, _, severity in divergences]
    return (*(_UNMATCHED_NOTE.format(side) for side in ("source", "target")), *findings, _COMMENT_NOTE)


def _is_kept(child: etree._Element, own_notes: tuple[str, ...] = ()) -> bool:
    """Whether a note or property of a unit or variant is written back: not empty, not one of
    this tool's properties, nor a note beginning as one of ``own_notes``."""
    text = (child.text or "").strip()
    if child.tag not in ("note", "prop") or not text:
        return False
    return child.get("type") not in _OWN_PROPS if child.tag == "prop" else not text.startswith(own_notes)


def _variant_bytes(tuv: etree._Element) -> bytes:
    """A ``<tuv>`` as it will be written back: ``xml:lang`` for TMX 1.1's ``lang``, no empty note or property."""
    variant = etree.Element("tuv", dict(tuv.attrib))
    if variant.get(XML_LANG) is None:
        variant.set(XML_LANG, variant.attrib.pop("lang"))
    variant.extend(_copy(child) for child in tuv if child.tag == "seg" or _is_kept(child))
    return etree.tostring(variant)


def _copy(element: etree._Element) -> etree._Element:
    """An element and what it holds, without the layout that followed it in the file."""
    copy = deepcopy(element)
    copy.tail = None
    return copy


def _choose_languages(
    languages: list[str], source: str | None, target: str | None, path: Path
) -> tuple[Match, Match]:
    """The file's tags (standard forms) read as each side (see :func:`aligner.languages.match`); by
    default the declared source and the one other language (all its variants).

    A side asked for by its very tag is matched first, then one with a region
    the file lacks, then a bare language, so that each takes what is left:
    ``--src-lang en --tgt-lang en-GB`` reads en-GB as target and en-US as source.
    """

    def find(wanted: str, option: str, taken: tuple[str, ...]) -> Match:
        found = match(wanted, [lang for lang in languages if lang not in taken])
        if found is None:
            raise InputError(
                f"{path}: holds no {wanted} segments{' besides the other side' if taken else ''} "
                f"(it holds {', '.join(languages)}); choose with {option}"
            )
        return found

    def order(wanted: str) -> int:
        tag = standard(wanted)
        if tag == language(tag):
            return 2
        return 0 if tag in languages else 1

    wanted_source = source if source and source != "*all*" else None
    if wanted_source and target:
        if order(target) < order(wanted_source):
            chosen_target = find(target, "--tgt-lang", ())
            return find(wanted_source, "--src-lang", chosen_target.tags), chosen_target
        chosen_source = find(wanted_source, "--src-lang", ())
        return chosen_source, find(target, "--tgt-lang", chosen_source.tags)
    chosen_source = find(wanted_source, "--src-lang", ()) if wanted_source else Match(languages[0], (languages[0],))
    if target:
        return chosen_source, find(target, "--tgt-lang", chosen_source.tags)
    others = group([lang for lang in languages if lang not in chosen_source.tags])
    if others is None:
        found = ", ".join(languages)
        raise InputError(
            f"{path}: holds {len(languages)} language(s) ({found}); name the pair with --src-lang and --tgt-lang"
        )
    return chosen_source, others
