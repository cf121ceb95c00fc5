"""What several formats write the same way: bead fields as text, XML elements, the export time, a reviewer's word."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from aligner.document import Bead
from aligner.errors import InputError
from aligner.findings import Decision, Finding, FindingKey, Verdict
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


# A reviewer's word, written as the same short entries by every format that has no element of its own for
# it (a TMX prop each, the XLSX and TSV status cell joined by "; "), and read back leniently from hand edits:
#   checked                                   the bead was looked at and found right
#   omission: accepted                        a finding on the bead's own sentences, and its verdict
#   consistency (src 3,9 / tgt 4,10): dismissed "a term of art"
#                                             a finding over other sentences, a verdict and a comment (JSON)
#: What a reviewer may type for a checked bead (lower case; English and French).
CHECKED_WORDS = frozenset(
    {"checked", "check", "ok", "okay", "done", "reviewed", "good", "correct", "yes", "y", "x", "✓", "✔", "true",
     "1", "vérifié", "verifie", "vu", "oui"}
)
#: What a reviewer may type for each verdict on a finding (lower case; English and French).
VERDICT_WORDS: dict[str, Verdict] = {
    **dict.fromkeys(("accepted", "accept", "confirmed", "confirm", "real", "divergent", "accepté", "accepte"),
                    "accepted"),
    **dict.fromkeys(("dismissed", "dismiss", "rejected", "reject", "false positive", "wrong", "ignore", "ignored",
                     "no", "rejeté", "rejete", "non"), "dismissed"),
}
CHECKED = "checked"
_ENTRY_SEPARATOR = "; "
#: Entries of a status cell: split at ";" and line breaks outside a quoted comment.
_ENTRY = re.compile(r'(?:"(?:[^"\\\n]|\\.)*"|[^;\n"])+|"')
_DECISION = re.compile(
    r"(?P<kind>[a-z_ ]+?)\s*(?:\(\s*src\s*(?P<src>[\d,\s]*)/\s*tgt\s*(?P<tgt>[\d,\s]*)\))?\s*:\s*"
    r"(?P<verdict>[^\s\"]+(?: positive)?)\s*(?P<comment>.*)",
    re.IGNORECASE | re.DOTALL,
)


def review_entries(bead: Bead, findings: Iterable[Finding]) -> list[str]:
    """What a reviewer said of a bead and of its findings, one entry each; none when nothing was reviewed."""
    entries = [CHECKED] if bead.checked else []
    for item in findings:
        if item.decision is not None:
            ids = "" if (item.src, item.tgt) == (bead.src, bead.tgt) else (
                f" (src {ids_field(item.src)} / tgt {ids_field(item.tgt)})"
            )
            comment = f" {json.dumps(item.decision.comment, ensure_ascii=False)}" if item.decision.comment else ""
            entries.append(f"{item.kind}{ids}: {item.decision.verdict}{comment}")
    return entries


def status_field(bead: Bead, findings: Iterable[Finding]) -> str:
    """A bead's review entries as one cell."""
    return _ENTRY_SEPARATOR.join(review_entries(bead, findings))


def status_entries(text: str) -> list[str]:
    """The entries of a status cell, as a reviewer may have typed them (``;`` or line breaks between)."""
    return [entry.strip() for entry in _ENTRY.findall(text) if entry.strip()]


@dataclass(frozen=True)
class Review:
    """What a file records of a reviewer's word on one bead, sentence ids as the file numbers them."""

    checked: bool = False
    comment: str = ""
    decisions: tuple[tuple[FindingKey, Decision], ...] = ()
    #: Entries that were not understood, for a warning.
    unread: tuple[str, ...] = ()


def read_review(
    entries: Iterable[str], src: tuple[int, ...], tgt: tuple[int, ...], kinds: Iterable[str] = (), comment: str = ""
) -> Review:
    """A bead's review from its entries (see :func:`review_entries`), read leniently: any word of
    :data:`CHECKED_WORDS` checks the bead, and a verdict alone applies to each finding ``kinds`` lists."""
    checked = False
    decisions: list[tuple[FindingKey, Decision]] = []
    unread: list[str] = []
    for entry in entries:
        word = entry.strip().lower()
        if word in CHECKED_WORDS:
            checked = True
        elif word in VERDICT_WORDS:
            decisions.extend(((kind, src, tgt), Decision(VERDICT_WORDS[word])) for kind in dict.fromkeys(kinds))
        elif (found := _DECISION.fullmatch(entry.strip())) and found["verdict"].lower() in VERDICT_WORDS:
            ids = (src, tgt) if found["src"] is None else (parse_ids(found["src"]), parse_ids(found["tgt"]))
            key = (found["kind"].strip().lower().replace(" ", "_"), *ids)
            decisions.append((key, Decision(VERDICT_WORDS[found["verdict"].lower()], _comment(found["comment"]))))
        else:
            unread.append(entry)
    return Review(checked, comment, tuple(decisions), tuple(unread))


def _comment(text: str) -> str:
    """A decision's comment: a JSON string as written, or the text as a reviewer typed it."""
    text = text.strip()
    try:
        value = json.loads(text) if text.startswith('"') else text
    except json.JSONDecodeError:
        value = text
    return value if isinstance(value, str) else text


def parse_ids(text: str) -> tuple[int, ...]:
    """Sentence ids written as ``3,4`` (spaces allowed); ValueError for anything else."""
    return tuple(int(part) for part in text.replace(" ", "").split(",") if part)


def bead_ids(src: str, tgt: str, place: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A bead's source and target ids as a row of a file writes them (see :func:`parse_ids`);
    an InputError naming the ``place`` (``FILE: line 3``) when they are not ids."""
    try:
        return parse_ids(src), parse_ids(tgt)
    except ValueError:
        raise InputError(f"{place}: the sentence ids are not numbers such as 3,4; fix them or export again") from None
