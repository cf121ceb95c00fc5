"""Parse XML from users' files without letting the file reach anything else.

Translation memories and TEI files come from clients and colleagues. The
parser never loads a DTD, never resolves an entity and never opens a network
connection, and a file that declares entities at all (the ingredient of
"billion laughs" bombs and of external-entity file disclosure) is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from aligner.errors import InputError


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


@contextmanager
def xml_errors(path: Path) -> Iterator[None]:
    """Turn the errors of reading ``path`` as XML into an :class:`InputError` that says what to do."""
    try:
        yield
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error}); check the path and its permissions") from error
    except etree.XMLSyntaxError as error:
        raise InputError(
            f"{path}: is not well-formed XML ({error.msg}, line {error.lineno}); fix or re-export it"
        ) from error


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse an XML file safely, or raise :class:`InputError` saying why not."""
    with xml_errors(path):
        tree = etree.parse(str(path), _parser())
    refuse_entities(tree, path)
    return tree


def refuse_entities(tree: etree._ElementTree, path: Path) -> None:
    """Refuse a file whose DTD declares entities (billion laughs, external entities)."""
    internal = tree.docinfo.internalDTD
    if internal is not None and any(True for _ in internal.iterentities()):
        raise InputError(
            f"{path}: declares XML entities, which this tool refuses for safety; re-export the file without a DTD"
        )


def parse_xml_data(data: bytes, path: Path) -> etree._Element:
    """Parse XML bytes read from ``path`` (a part of a package) safely, or raise :class:`InputError`."""
    with xml_errors(path):
        root = etree.fromstring(data, _parser())
    refuse_entities(root.getroottree(), path)
    return root
