"""What several formats write the same way: bead fields as text, XML elements, the export time."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from lxml import etree

from aligner.document import Bead
from aligner.read.encoding import xml_safe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
#: How this tool names itself in the files it writes.
TOOL = "aligner"


def alignment_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else time.time()
    return datetime.fromtimestamp(seconds, UTC).replace(microsecond=0)


def sub_element(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A child element; ``o_tmf`` names the attribute ``o-tmf``; text that XML forbids is replaced."""
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def ids_field(ids: tuple[int, ...]) -> str:
    """Sentence ids as ``3,4``."""
    return ",".join(str(i) for i in ids)


def similarity_field(bead: Bead) -> str:
    """A bead's similarity to four decimals, empty when it has none."""
    return "" if bead.similarity is None else f"{bead.similarity:.4f}"
