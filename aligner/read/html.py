"""The main content of a web page as blocks: headings, paragraphs, list items.

trafilatura finds the main content and drops navigation, menus, footers and
boilerplate; it returns that content as a small element tree (``head``,
``p``, ``list/item``, ``quote``, ``table/row/cell``) from which the blocks
are read.
Government of Canada pages (the Web Experience Toolkit template) also carry a
"Date modified" box and a "Report a problem" form inside ``<main>``: they are
pruned before extraction, since no extractor can tell them from content.

The extraction runs in a child process with a CPU-time limit
(``python -m aligner.read.html SECONDS`` reads the page on stdin and writes the
extracted tree on stdout): some pages cost trafilatura time that grows with
the square of their size, and only a separate process can be stopped.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from lxml import etree

from aligner.document import Block, BlockKind
from aligner.errors import InputError
from aligner.read.sniff import collapse_spaces
from aligner.settings import HTML_CPU_SECONDS, HTML_MAX_CHARS

#: Page furniture inside the main content of Government of Canada pages.
GC_PAGE_DETAILS = [
    "//*[@id='wb-dtmd']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' pagedetails ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' gc-pg-hlpfl ')]",
]

#: Elements of trafilatura's output that hold blocks rather than text.
_CONTAINERS = {"p", "head", "list", "quote", "table", "row", "cell"}


def html_blocks(html: str, path: Path | str) -> list[Block]:
    """The blocks of a web page's main content, in reading order.

    Raises:
        InputError: If the page is over :data:`HTML_MAX_CHARS` or no main content can be found in it.
    """
    if len(html) > HTML_MAX_CHARS:
        raise InputError(
            f"{path}: is a web page of {len(html) / 1e6:.1f} million characters, more than the "
            f"{HTML_MAX_CHARS / 1e6:g} million this tool reads; save the page's text from a browser "
            "(Save as, Text) and give that file instead"
        )
    body = _extracted_body(html, path)
    blocks = _blocks(body) if body is not None else []
    if not blocks:
        raise InputError(
            f"{path}: no main text found in this web page; save the page's text as a "
            "plain-text file and give that instead"
        )
    return blocks


def _extracted_body(html: str, path: Path | str) -> etree._Element | None:
    """trafilatura's tree of the page's main content, extracted in a child process within
    :data:`HTML_CPU_SECONDS`."""
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "aligner.read.html", str(HTML_CPU_SECONDS)],
            input=html.encode("utf-8", "surrogatepass"),
            capture_output=True,
            # Wall time is CPU time on a busy machine times the waiting: the CPU limit is the bound.
            timeout=HTML_CPU_SECONDS * 10,
            check=False,
        )
    except subprocess.TimeoutExpired:
        completed = None
    if completed is None or completed.returncode < 0:
        raise InputError(
            f"{path}: reading this web page's main text takes more than {HTML_CPU_SECONDS} s (a page built "
            "to be slow?); save the page's text from a browser (Save as, Text) and give that file instead"
        )
    if completed.returncode != 0:
        last = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"the web page extraction failed: {last[0]}")
    if not completed.stdout:
        return None
    return etree.fromstring(completed.stdout, etree.XMLParser(huge_tree=True, resolve_entities=False))


def _extract(html: str) -> bytes:
    """The main content's tree as XML bytes (empty when there is none): the child's work."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html,
        config=_trafilatura_config(),
        include_comments=False,
        include_tables=True,
        include_images=False,
        prune_xpath=GC_PAGE_DETAILS,
    )
    assert not isinstance(extracted, dict)  # as_dict is left False: a Document or None
    if extracted is None or extracted.body is None:
        return b""
    return etree.tostring(extracted.body, encoding="utf-8")


def _trafilatura_config():  # unannotated: trafilatura's ConfigParser
    from trafilatura.settings import use_config

    config = use_config()
    # A short notice is content too. Below this size trafilatura would try
    # its fallback extractors, which return the whole page as one paragraph.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "0")
    return config


def _blocks(container: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    for element in container:
        if element.tag == "head":
            blocks += _block("head", element)
        elif element.tag == "list":
            blocks += _items(element)
        elif any(child.tag in _CONTAINERS for child in element):
            # A quotation or a table cell that holds paragraphs of its own.
            blocks += _blocks(element)
        else:
            blocks += _block("p", element)
    return blocks


def _items(list_element: etree._Element) -> list[Block]:
    """The items of a list, those of nested lists after their parent item."""
    blocks: list[Block] = []
    for item in list_element.findall("item"):
        blocks += _block("item", item)
        for nested in item.findall("list"):
            blocks += _items(nested)
    return blocks


def _block(kind: BlockKind, element: etree._Element) -> list[Block]:
    """The element as a block, or nothing when it holds no text."""
    original = _text(element).strip()
    text = collapse_spaces(original)
    return [Block(kind, text, original)] if text else []


def _text(element: etree._Element) -> str:
    """An element's text, line breaks as newlines, nested lists left to their own blocks."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "list":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


if __name__ == "__main__":
    # SIGXCPU ends the child past the limit; the parent sees a negative return code.
    seconds = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    sys.stdout.buffer.write(_extract(sys.stdin.buffer.read().decode("utf-8", "surrogatepass")))
