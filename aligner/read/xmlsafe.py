"""Parse XML from users' files without letting the file reach anything else.

Translation memories and TEI files come from clients and colleagues. The
parser never loads a DTD, never resolves an entity and never opens a network
connection, and a file that declares entities at all (the ingredient of
"billion laughs" bombs and of external-entity file disclosure) is refused.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner.errors import InputError


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse an XML file safely, or raise :class:`InputError` saying why not."""
    try:
        tree = etree.parse(str(path), _parser())
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error}); check the path and its permissions") from error
    except etree.XMLSyntaxError as error:
        raise InputError(
            f"{path}: is not well-formed XML ({error.msg}, line {error.lineno}); fix or re-export it"
        ) from error
    internal = tree.docinfo.internalDTD
    if internal is not None and any(True for _ in internal.iterentities()):
        raise InputError(
            f"{path}: declares XML entities, which this tool refuses for safety; re-export the file without a DTD"
        )
    return tree
