"""Reading a pair's own files back, to build the corpus-level files from them."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def read_pair_xml(path: Path) -> etree._Element:
    """The root of a pair's TMX or TEI file: this tool's own output (no entity to refuse, but maybe
    large), read by Python, which takes any file name, even one that is not UTF-8 (lxml does not)."""
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    return etree.fromstring(path.read_bytes(), parser)
