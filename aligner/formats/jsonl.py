"""JSON Lines: one JSON object per bead, for pipelines and MT training data; written and read back.

A record holds the bead's sentence ids and both texts; a side of several
sentences also holds them one by one (``src_sentences``, ``tgt_sentences``),
so that the sentences come back exactly. A reviewed bead holds ``checked``
and ``comment``, and a decided finding its ``decision`` (with the finding's
own ``src_ids`` and ``tgt_ids`` where they are not the bead's). Nothing of
these is written where there is nothing to say.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from aligner.document import Alignment
from aligner.errors import InputError
from aligner.findings import VERDICTS, Comparison, Decision, Finding, FindingKey
from aligner.formats.fields import Review
from aligner.formats.records import bead_records
from aligner.formats.units import SentenceIds, Unit, UnitFile, similarity_value
from aligner.languages import standard
from aligner.read.document import detect_language
from aligner.read.encoding import decode

SUFFIX = ".jsonl"


def write(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """One JSON object per bead and per line, UTF-8, in bead order."""
    lines = []
    for record in bead_records(alignment, comparison):
        bead = record.bead
        fields: dict[str, Any] = {
            "bead": record.number,
            "type": bead.kind,
            "src_lang": alignment.src.lang,
            "tgt_lang": alignment.tgt.lang,
            "src_ids": list(bead.src),
            "tgt_ids": list(bead.tgt),
            "src_text": record.src_text,
            "tgt_text": record.tgt_text,
        }
        for side, ids, document in (("src", bead.src, alignment.src), ("tgt", bead.tgt, alignment.tgt)):
            if len(ids) > 1:
                fields[f"{side}_sentences"] = [document.sentences[i].text for i in ids]
        fields["similarity"] = bead.similarity
        fields["divergences"] = [_divergence(item, bead.src, bead.tgt) for item in record.findings]
        if bead.checked:
            fields["checked"] = True
        if bead.comment:
            fields["comment"] = bead.comment
        lines.append(json.dumps(fields, ensure_ascii=False))
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _divergence(item: Finding, src: tuple[int, ...], tgt: tuple[int, ...]) -> dict[str, Any]:
    """A finding on a bead: kind, severity, evidence, and the reviewer's decision if any."""
    fields: dict[str, Any] = {"kind": item.kind, "severity": item.severity, "evidence": item.evidence}
    if item.decision is not None:
        if (item.src, item.tgt) != (src, tgt):
            fields.update(src_ids=list(item.src), tgt_ids=list(item.tgt))
        fields["decision"] = {"verdict": item.decision.verdict, "comment": item.decision.comment}
    return fields


def open_units(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> UnitFile:
    """This tool's JSONL, read whole: each record one unit, with its sentences and review."""
    text, _encoding, _notes = decode(data, path)
    lines = enumerate(text.splitlines(), 1)
    records = [(number, _record(line, number, path)) for number, line in lines if line.strip()]
    units = [_unit(record, number, path) for number, record in records]
    if not units:
        raise InputError(f"{path}: holds no bead; check that it is the right file")
    ids = SentenceIds()
    for number, unit in enumerate(units, 1):
        ids.add(unit, number)
    warning = ids.warning(path)
    number, first = records[0]
    src_lang = src_lang or _text(first, "src_lang", number, path)
    tgt_lang = tgt_lang or _text(first, "tgt_lang", number, path)
    return UnitFile.held(
        units,
        standard(src_lang) if src_lang else detect_language(" ".join(unit.src for unit in units), path),
        standard(tgt_lang) if tgt_lang else detect_language(" ".join(unit.tgt for unit in units), path),
        path,
        path,
        warnings=[warning] if warning else [],
    )


def _record(line: str, number: int, path: Path) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: line {number} is not JSON ({error.msg}); fix it or export the alignment again"
        ) from None
    if not isinstance(record, dict):
        raise InputError(f"{path}: line {number} is not a JSON object; fix it or export the alignment again")
    return record


def _unit(record: dict[str, Any], number: int, path: Path) -> Unit:
    """One record as a unit, its fields checked for what they hold."""
    src_ids, tgt_ids = _ids(record, "src_ids", number, path), _ids(record, "tgt_ids", number, path)
    similarity = record.get("similarity")
    decisions: list[tuple[FindingKey, Decision]] = []
    for item in record.get("divergences") or []:
        decision = item.get("decision") if isinstance(item, dict) else None
        if isinstance(decision, dict) and decision.get("verdict") in VERDICTS:
            key = (
                str(item.get("kind", "")),
                _ids(item, "src_ids", number, path) if "src_ids" in item else src_ids,
                _ids(item, "tgt_ids", number, path) if "tgt_ids" in item else tgt_ids,
            )
            decisions.append((key, Decision(decision["verdict"], str(decision.get("comment") or ""))))
    return Unit(
        _text(record, "src_text", number, path),
        _text(record, "tgt_text", number, path),
        similarity_value(str(similarity)) if isinstance(similarity, int | float) else None,
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        src_sentences=_texts(record, "src_sentences", number, path),
        tgt_sentences=_texts(record, "tgt_sentences", number, path),
        review=Review(record.get("checked") is True, _text(record, "comment", number, path), tuple(decisions)),
    )


def _ids(record: dict[str, Any], name: str, number: int, path: Path) -> tuple[int, ...]:
    ids = record.get(name) or []
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in ids):
        raise InputError(f"{path}: line {number}: {name} is not a list of sentence numbers; fix it or export again")
    return tuple(ids)


def _text(record: dict[str, Any], name: str, number: int, path: Path) -> str:
    text = record.get(name) or ""
    if not isinstance(text, str):
        raise InputError(f"{path}: line {number}: {name} is not a string; fix it or export the alignment again")
    return text


def _texts(record: dict[str, Any], name: str, number: int, path: Path) -> tuple[str, ...]:
    texts = record.get(name) or []
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        raise InputError(f"{path}: line {number}: {name} is not a list of strings; fix it or export again")
    return tuple(texts)
