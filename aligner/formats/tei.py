"""TEI P5, for corpus linguists: both texts with their structure, and the alignment as links;
written and read back exactly (blocks, sentences and their ids, beads, the reviewer's word)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from lxml import etree

from aligner import __version__
from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.errors import InputError, shown
from aligner.findings import VERDICTS, Comparison, Decision, Finding
from aligner.formats.fields import TOOL, XML_ID, XML_LANG, sub_element
from aligner.formats.units import UNKNOWN, UnitFile, similarity_value
from aligner.languages import standard
from aligner.read.xmlsafe import parse_xml

SUFFIX = ".tei.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def sentence_xml_id(side: str, sentence_id: int) -> str:
    """The TEI ``xml:id`` of a sentence: ``src-s12``, ``tgt-s3``."""
    return f"{side}-s{sentence_id}"


def write(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """TEI P5: both texts with their structure, and a ``linkGrp`` of the beads.

    The two texts are a ``<group>`` of ``<text>``s; the alignment sits in the
    outer text's ``<back>``, where TEI 3.1 and later both allow it. Matched
    beads are ``<link>``s (type = bead type, ``cert`` = similarity clipped to
    0..1); an unmatched sentence is a ``<ptr>`` of type ``1-0`` or ``0-1``,
    since a ``<link>`` needs two ends. Divergences are ``<interp>``s of an
    ``<interpGrp>`` (type = kind, ``n`` = severity, text = evidence)
    that each link or pointer names in its ``ana`` attribute.

    A reviewer's word: a checked bead's link has ``subtype="checked"``, a
    bead's comment is an ``<interp type="comment">`` of an ``<interpGrp
    type="comments">`` that its link names in ``ana``, and a decided
    finding's ``<interp>`` holds a ``<desc>`` typed by the verdict (its text
    the reviewer's comment) and names its sentences in ``corresp``.
    """
    tei = etree.Element(_t("TEI"), nsmap={None: TEI_NS})
    _tei_header(tei, alignment, when)
    text = sub_element(tei, _t("text"))
    group = sub_element(text, _t("group"))
    for side, document in (("src", alignment.src), ("tgt", alignment.tgt)):
        _tei_text(group, side, document)
    back = sub_element(text, _t("back"))
    interp_ids = _tei_interps(back, comparison.findings)
    comments = [(number, bead.comment) for number, bead in enumerate(alignment.beads, 1) if bead.comment]
    if comments:
        group = sub_element(back, _t("interpGrp"), type="comments")
        for number, comment in comments:
            sub_element(group, _t("interp"), comment, **{XML_ID: _comment_id(number), "type": "comment"})
    links = sub_element(back, _t("linkGrp"), type="alignment")
    per_bead = comparison.per_bead(alignment.beads)
    for number, (bead, findings) in enumerate(zip(alignment.beads, per_bead, strict=True), 1):
        named = [interp_ids[id(item)] for item in findings] + ([_comment_id(number)] if bead.comment else [])
        attributes = {"n": str(number), "type": bead.kind, "target": _targets(bead.src, bead.tgt)}
        if bead.checked:
            attributes["subtype"] = "checked"
        if bead.is_match:
            attributes["cert"] = f"{min(max(bead.similarity or 0.0, 0.0), 1.0):.4f}"
        if named:
            attributes["ana"] = " ".join(f"#{name}" for name in named)
        sub_element(links, _t("link" if bead.is_match else "ptr"), **attributes)
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _targets(src: tuple[int, ...], tgt: tuple[int, ...]) -> str:
    """Pointers to sentences of both sides: ``#src-s3 #tgt-s4``."""
    return " ".join([f"#{sentence_xml_id('src', i)}" for i in src] + [f"#{sentence_xml_id('tgt', j)}" for j in tgt])


def _comment_id(number: int) -> str:
    return f"comment{number}"


def _tei_interps(back: etree._Element, items: list[Finding]) -> dict[int, str]:
    """One ``<interp>`` per divergence; returns each finding's xml:id."""
    if not items:
        return {}
    group = sub_element(back, _t("interpGrp"), type="divergences")
    ids = {}
    for number, item in enumerate(items, 1):
        ids[id(item)] = f"div{number}"
        attributes = {XML_ID: ids[id(item)], "type": item.kind, "n": item.severity}
        if item.decision is not None:
            attributes["corresp"] = _targets(item.src, item.tgt)
        interp = sub_element(group, _t("interp"), item.evidence, **attributes)
        if item.decision is not None:
            sub_element(interp, _t("desc"), item.decision.comment or None, type=item.decision.verdict)
    return ids


def _tei_header(tei: etree._Element, alignment: Alignment, when: datetime) -> None:
    header = sub_element(tei, _t("teiHeader"))
    file_desc = sub_element(header, _t("fileDesc"))
    title_stmt = sub_element(file_desc, _t("titleStmt"))
    sub_element(
        title_stmt,
        _t("title"),
        f"Sentence alignment of {alignment.src.path.name} ({alignment.src.lang}) "
        f"and {alignment.tgt.path.name} ({alignment.tgt.lang})",
    )
    publication = sub_element(file_desc, _t("publicationStmt"))
    sub_element(publication, _t("authority"), f"Generated by {TOOL} {__version__}")
    sub_element(publication, _t("date"), when.date().isoformat(), when=when.isoformat().replace("+00:00", "Z"))
    source_desc = sub_element(file_desc, _t("sourceDesc"))
    list_bibl = sub_element(source_desc, _t("listBibl"))
    for side, document in (("source", alignment.src), ("target", alignment.tgt)):
        bibl = sub_element(list_bibl, _t("bibl"), type=side)
        sub_element(bibl, _t("title"), _title(document))
        sub_element(bibl, _t("idno"), document.path.name, type="file")
        sub_element(bibl, _t("textLang"), document.lang, mainLang=document.lang)
    encoding = sub_element(header, _t("encodingDesc"))
    app_info = sub_element(encoding, _t("appInfo"))
    application = sub_element(
        app_info, _t("application"), ident=TOOL, version=__version__, when=when.date().isoformat()
    )
    sub_element(application, _t("label"), TOOL)
    sub_element(
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
    text = sub_element(group, _t("text"), **{XML_LANG: document.lang, "type": side})
    body = sub_element(text, _t("body"))
    by_block: dict[int, list[int]] = {}
    for sentence in document.sentences:
        by_block.setdefault(sentence.block, []).append(sentence.id)
    div = sub_element(body, _t("div"))
    current_list: etree._Element | None = None
    for index, block in enumerate(document.blocks):
        if block.kind == "head":
            # TEI puts headings first in their division: a heading after
            # content opens the next one.
            if any(child.tag != _t("head") for child in div):
                div = sub_element(body, _t("div"))
            container = sub_element(div, _t("head"))
            current_list = None
        elif block.kind == "item":
            if current_list is None:
                current_list = sub_element(div, _t("list"))
            container = sub_element(current_list, _t("item"))
        else:
            container = sub_element(div, _t("p"))
            current_list = None
        for sentence_id in by_block.get(index, []):
            sub_element(
                container,
                _t("s"),
                document.sentences[sentence_id].text,
                **{XML_ID: sentence_xml_id(side, sentence_id), "n": str(sentence_id)},
            )
    if len(div) == 0 or all(child.tag == _t("head") for child in div):
        sub_element(div, _t("p"))


def open_units(path: Path, src_lang: str | None, tgt_lang: str | None) -> UnitFile:
    """This tool's TEI, read whole and exactly: each side's blocks (heading, paragraph, list item)
    and sentences, the beads, and the reviewer's word; ``src_lang``/``tgt_lang`` replace the file's."""
    alignment, warnings = read(path)
    if src_lang:
        alignment.src.lang = standard(src_lang)
    if tgt_lang:
        alignment.tgt.lang = standard(tgt_lang)
    return UnitFile.of(alignment, warnings)


def read(path: Path) -> tuple[Alignment, list[str]]:
    """The alignment a TEI file of this tool holds, and what the user should know of it."""
    tree = parse_xml(path).getroot()
    links = tree.find(f"{_t('text')}/{_t('back')}/{_t('linkGrp')}[@type='alignment']")
    texts = {text.get("type"): text for text in tree.iterfind(f"{_t('text')}/{_t('group')}/{_t('text')}")}
    if tree.tag != _t("TEI") or links is None or set(texts) != {"src", "tgt"}:
        raise InputError(
            f"{path}: is a TEI file but not an alignment that aligner wrote (no source and target texts and "
            "alignment linkGrp); convert reads aligner's own TEI"
        )
    files = {bibl.get("type"): bibl.findtext(_t("idno")) or path.name for bibl in tree.iter(_t("bibl"))}
    warnings: list[str] = []
    documents, sentence_ids = {}, {}
    for side, name in (("src", "source"), ("tgt", "target")):
        documents[side], sentence_ids[side] = _document(texts[side], Path(files.get(name) or path.name), path)
        if any(f"{side}-s{i}" != xml_id for xml_id, i in sentence_ids[side].items()):
            warnings.append(
                f"{path}: the {name} sentences' ids do not run 0, 1, 2... in document order; "
                "they are numbered again in that order"
            )
    description = tree.findtext(f".//{_t('application')}[@ident='{TOOL}']/{_t('p')}") or ""
    found = _DESCRIPTION.match(description)
    alignment = Alignment(
        documents["src"],
        documents["tgt"],
        [],
        model=found["model"] if found else UNKNOWN,
        engine=found["engine"] if found else UNKNOWN,
    )
    comments = {
        interp.get(XML_ID): interp.text or ""
        for interp in tree.iterfind(f".//{_t('interpGrp')}[@type='comments']/{_t('interp')}")
    }
    named: dict[str, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for link in links:
        if link.tag not in (_t("link"), _t("ptr")):
            continue
        src, tgt = _pointed(link.get("target", ""), sentence_ids, path)
        ana = [name.removeprefix("#") for name in link.get("ana", "").split()]
        for name in ana:
            named.setdefault(name, []).append((src, tgt))
        alignment.beads.append(
            Bead(
                src,
                tgt,
                similarity_value(link.get("cert")) if src and tgt else None,
                checked=link.get("subtype") == "checked",
                comment="".join(comments[name] for name in ana if name in comments),
            )
        )
    for interp in tree.iterfind(f".//{_t('interpGrp')}[@type='divergences']/{_t('interp')}"):
        desc = interp.find(_t("desc"))
        if desc is None or desc.get("type") not in VERDICTS:
            continue
        pointed = named.get(interp.get(XML_ID, ""), [])
        src, tgt = (
            _pointed(interp.get("corresp", ""), sentence_ids, path)
            if interp.get("corresp")
            else (_union(ids for ids, _ in pointed), _union(ids for _, ids in pointed))
        )
        alignment.decisions[(interp.get("type", ""), src, tgt)] = Decision(desc.get("type"), desc.text or "")
    return alignment, warnings


#: How :func:`_tei_header` describes the model and the engine.
_DESCRIPTION = re.compile(r"Sentence embeddings: (?P<model>.*?)\. Alignment engine: (?P<engine>.*)\. Link cert: ")


def _document(text: etree._Element, file: Path, path: Path) -> tuple[Document, dict[str, int]]:
    """One side's document: a block per heading, paragraph and list item, in document order, and
    the id each sentence's ``xml:id`` now names."""
    document = Document(file, text.get(XML_LANG) or UNKNOWN, [])
    ids: dict[str, int] = {}
    for container in text.iter(_t("head"), _t("p"), _t("item")):
        sentences = [s for s in container if s.tag == _t("s")]
        block_text = " ".join(s.text or "" for s in sentences)
        kind = etree.QName(container).localname
        for sentence in sentences:
            ids[sentence.get(XML_ID, "")] = len(document.sentences)
            document.sentences.append(Sentence(len(document.sentences), sentence.text or "", len(document.blocks)))
        document.blocks.append(Block(kind, block_text, block_text))
    return document, ids


def _pointed(targets: str, ids: dict[str, dict[str, int]], path: Path) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The sentence ids of each side that pointers (``#src-s3 #tgt-s4``) name."""
    sides: dict[str, list[int]] = {"src": [], "tgt": []}
    for target in targets.split():
        name = target.removeprefix("#")
        side = name.partition("-")[0]
        if side not in sides or name not in ids[side]:
            raise InputError(f"{path}: a link points to {shown(target)}, which is no sentence; fix or re-export it")
        sides[side].append(ids[side][name])
    return tuple(sides["src"]), tuple(sides["tgt"])


def _union(sides: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    return tuple(sorted({i for ids in sides for i in ids}))
