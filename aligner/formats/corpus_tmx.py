"""One TMX 1.4 file holding every pair of a corpus, each unit tagged with its document.

Built from the pairs' own ``.tmx`` files, one at a time, so that memory holds one pair
whatever the corpus's size. Each ``<tu>`` gets a ``<prop type="x-document">`` naming its
pair (the name its files share) and a ``tuid`` made unique across the corpus
(``NAME:N``); the rest of the unit is the pair's file's, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from lxml import etree

from aligner.formats.corpus_parts import read_pair_xml
from aligner.formats.fields import TOOL, sub_element
from aligner.read.encoding import xml_safe

SUFFIX = ".tmx"
#: The header properties that name one pair's files: a corpus has many.
_PAIR_PROPS = frozenset({"x-source-file", "x-target-file"})


def chunks(documents: Sequence[tuple[str, Path]], when: datetime) -> Iterator[bytes]:
    """The corpus TMX in pieces: the header (the first pair's, less its file names, dated
    ``when``), then each document's units in the order given, then the end."""
    if not documents:
        return
    first = read_pair_xml(documents[0][1])
    tmx = etree.Element("tmx", version=first.get("version", "1.4"))
    header = first.find("header")
    if header is None:
        header = sub_element(tmx, "header", creationtool=TOOL)
    for prop in header.findall("prop"):
        if prop.get("type") in _PAIR_PROPS:
            header.remove(prop)
    header.set("creationdate", when.strftime("%Y%m%dT%H%M%SZ"))
    tmx.append(header)
    sub_element(tmx, "body")
    text = etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    yield text[: text.index(b"<body/>")] + b"<body>\n"
    for name, path in documents:
        yield _units(name, path)
    yield b"  </body>\n</tmx>\n"


def _units(name: str, path: Path) -> bytes:
    body = read_pair_xml(path).find("body")
    pieces = []
    for tu in body if body is not None else ():
        if not isinstance(tu.tag, str):
            continue  # a comment
        tu.set("tuid", f"{xml_safe(name)}:{tu.get('tuid', '')}")
        document = sub_element(tu, "prop", name, type="x-document")
        document.tail = tu.text  # the indentation before the unit's first child
        tu.insert(0, document)
        pieces.append(b"    " + etree.tostring(tu, encoding="UTF-8", with_tail=False) + b"\n")
    return b"".join(pieces)
