"""The review page: one self-contained HTML file with both texts bead by bead, the findings and a picture.

A reviewer opens it offline, often from a mail attachment or a shared drive,
so the style, the script and the similarity picture are all inline and
nothing is fetched. The page is built with lxml, whose serialiser escapes
every text and attribute, and holds nothing taken from the clock, so that the
same alignment always gives the same bytes. Its size grows linearly with the
documents: the picture is pooled upstream and the path over it is drawn by the
script from the bead rows themselves.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np
from lxml import html
from lxml.html.builder import E

from aligner.document import Alignment, Bead
from aligner.findings import FINDING_KINDS, SEVERITIES, Comparison, Finding, Picture, Term
from aligner.read.encoding import xml_safe

Side = Literal["src", "tgt"]
#: A highlighted stretch of one side's text: ``[start, end)`` and the finding's number.
Mark = tuple[int, int, int]

#: The picture's longest side, in CSS pixels, before rounding to whole pixels per cell.
SUFFIX = ".report.html"
PICTURE_SIZE = 640
#: Width of the strips left of and above the picture where unmatched sentences are ticked.
PICTURE_MARGIN = 10




def write(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """One self-contained HTML page (UTF-8 bytes) a reviewer opens offline."""
    findings = sorted(
        comparison.findings,
        key=lambda item: (SEVERITIES.index(item.severity), -item.score, item.src, item.tgt),
    )
    concerned = _concerned_beads(alignment, findings)
    source, target = alignment.src, alignment.tgt
    title = f"Alignment review: {source.path.name} ({source.lang}) / {target.path.name} ({target.lang})"
    page = E.html(
        {"lang": "en"},
        E.head(E.meta(charset="utf-8"), E.title(xml_safe(title)), E.style(_package_text("report.css"))),
        E.body(
            E.h1(xml_safe(title)),
            _contents(),
            _summary(alignment, findings),
            _findings_section(findings, concerned),
            _picture_section(comparison.picture),
            _terms_section(comparison.terms),
            _beads_section(alignment, findings, concerned),
            _details_panel(),
            E.script(_package_text("report.js")),
        ),
    )
    return html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")


@cache
def _package_text(name: str) -> str:
    """The page's style sheet or script, kept beside this module as package data."""
    return resources.files("aligner.formats").joinpath(name).read_text(encoding="utf-8")


def _contents() -> html.HtmlElement:
    """Links to the sections: the bead table comes last, since it can run to thousands of rows."""
    sections = (
        ("summary", "Summary"),
        ("findings", "Findings"),
        ("alignment-picture", "Picture"),
        ("terms", "Terminology"),
        ("texts", "The two texts"),
    )
    return E.nav(
        {"aria-label": "Contents"}, *(E.a({"href": f"#{anchor}"}, label) for anchor, label in sections)
    )


def _finding_id(number: int) -> str:
    return f"f{number}"


def _bead_id(index: int) -> str:
    return f"b{index + 1}"


def _ids(ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in ids)


def _kinds(findings: list[Finding]) -> list[str]:
    """The kinds present, in the report order of :data:`FINDING_KINDS`, unknown ones after."""
    present = {item.kind for item in findings}
    return [kind for kind in FINDING_KINDS if kind in present] + sorted(present - set(FINDING_KINDS))


def _concerned_beads(alignment: Alignment, findings: list[Finding]) -> list[list[int]]:
    """For each finding, the indices of the beads whose sentences it shares."""
    src_bead = {i: index for index, bead in enumerate(alignment.beads) for i in bead.src}
    tgt_bead = {j: index for index, bead in enumerate(alignment.beads) for j in bead.tgt}
    return [
        sorted(
            {src_bead[i] for i in item.src if i in src_bead}
            | {tgt_bead[j] for j in item.tgt if j in tgt_bead}
        )
        for item in findings
    ]


def _worst(severities: Iterable[str]) -> str:
    """The most serious of some severities."""
    return min(severities, key=SEVERITIES.index)


def _reason(item: Finding) -> str:
    return f"{item.kind} ({item.severity}): {item.evidence}"


# --- Summary, filters and the findings list ----------------------------------


def _summary(alignment: Alignment, findings: list[Finding]) -> html.HtmlElement:
    """The two files, the model, the bead types and a kind x severity count of the findings."""
    rows = [
        E.tr(
            E.th(label),
            E.td(xml_safe(f"{document.path.name} ({document.lang}), {len(document.sentences)} sentences")),
        )
        for label, document in (("Source", alignment.src), ("Target", alignment.tgt))
    ]
    beads = ", ".join(f"{kind}: {count}" for kind, count in alignment.counts().items())
    rows += [
        E.tr(E.th("Model"), E.td(xml_safe(alignment.model))),
        E.tr(E.th("Beads"), E.td(f"{len(alignment.beads)} ({beads})" if beads else "0")),
        E.tr(E.th("Findings"), E.td(str(len(findings)))),
    ]
    return E.section(
        {"id": "summary"}, E.h2("Summary"), E.table({"class": "facts"}, *rows), _finding_counts(findings)
    )


def _finding_counts(findings: list[Finding]) -> html.HtmlElement:
    """A table of how many findings of each kind and severity."""
    if not findings:
        return E.p("No divergence found.")
    counts: dict[tuple[str, str], int] = {}
    for item in findings:
        counts[item.kind, item.severity] = counts.get((item.kind, item.severity), 0) + 1
    header = E.tr(E.th("Kind"), *(E.th({"scope": "col"}, severity) for severity in SEVERITIES), E.th("All"))
    rows = [
        E.tr(
            E.th({"scope": "row", "class": "kind"}, xml_safe(kind)),
            *(E.td(str(counts.get((kind, severity), 0))) for severity in SEVERITIES),
            E.td(str(sum(counts.get((kind, severity), 0) for severity in SEVERITIES))),
        )
        for kind in _kinds(findings)
    ]
    return E.table(
        {"class": "counts"}, E.caption("Findings by kind and severity"), E.thead(header), E.tbody(*rows)
    )


def _checkbox(filter_name: str, value: str, label: str) -> list[html.HtmlElement]:
    box_id = f"{filter_name}-{value}"
    attributes = {
        "type": "checkbox",
        "id": box_id,
        "value": value,
        "checked": "checked",
        "data-filter": filter_name,
    }
    return [E.input(attributes), E.label({"for": box_id}, xml_safe(label)), E.br()]


def _filters(findings: list[Finding]) -> html.HtmlElement:
    """Checkboxes by kind and by severity, and the switch that hides beads without findings."""
    kinds = [item.kind for item in findings]
    severities: list[str] = [item.severity for item in findings]
    only = E.input({"type": "checkbox", "id": "only-flagged"})
    return E.div(
        {"id": "filters"},
        E.fieldset(
            E.legend("Kind"),
            *(
                part
                for kind in _kinds(findings)
                for part in _checkbox("kind", kind, f"{kind} ({kinds.count(kind)})")
            ),
        ),
        E.fieldset(
            E.legend("Severity"),
            *(
                part
                for severity in SEVERITIES
                for part in _checkbox("severity", severity, f"{severity} ({severities.count(severity)})")
            ),
        ),
        E.fieldset(E.legend("Beads"), only, E.label({"for": "only-flagged"}, "only beads with findings")),
    )


def _findings_section(findings: list[Finding], concerned: list[list[int]]) -> html.HtmlElement:
    """The filters and the findings, most serious first, each linking to its first bead row."""
    items = []
    for number, (item, beads) in enumerate(zip(findings, concerned, strict=True), 1):
        where = (
            E.a({"href": f"#{_bead_id(beads[0])}"}, f"bead {beads[0] + 1}") if beads else E.span("no bead")
        )
        items.append(
            E.li(
                {"id": _finding_id(number), "data-kind": xml_safe(item.kind), "data-severity": item.severity},
                E.span({"class": "sev"}, item.severity),
                " ",
                E.span({"class": "kind"}, xml_safe(item.kind)),
                " ",
                where,
                ": ",
                xml_safe(item.evidence),
            )
        )
    body = E.ol(*items) if items else E.p("No divergence found.")
    return E.section({"id": "findings"}, E.h2("Findings"), _filters(findings), body)


# --- The two texts, bead by bead --------------------------------------------


def _beads_section(
    alignment: Alignment, findings: list[Finding], concerned: list[list[int]]
) -> html.HtmlElement:
    """A table row per bead: number, type and similarity, then the source and target sides."""
    by_bead: dict[int, list[int]] = {}
    for number, beads in enumerate(concerned, 1):
        for index in beads:
            by_bead.setdefault(index, []).append(number)
    source, target = alignment.src, alignment.tgt
    head = E.tr(
        E.th({"scope": "col"}, "Bead"),
        E.th({"scope": "col"}, "Type, similarity"),
        E.th({"scope": "col"}, xml_safe(f"Source ({source.lang}): {source.path.name}")),
        E.th({"scope": "col"}, xml_safe(f"Target ({target.lang}): {target.path.name}")),
    )
    rows = [
        _bead_row(alignment, index, bead, [(n, findings[n - 1]) for n in by_bead.get(index, [])])
        for index, bead in enumerate(alignment.beads)
    ]
    return E.section(
        {"id": "texts"},
        E.h2("The two texts, bead by bead"),
        E.table(
            {"id": "beads"},
            E.colgroup(E.col({"class": "n"}), E.col({"class": "type"}), E.col(), E.col()),
            E.thead(head),
            E.tbody(*rows),
        ),
    )


def _bead_row(
    alignment: Alignment, index: int, bead: Bead, findings: list[tuple[int, Finding]]
) -> html.HtmlElement:
    """One bead's row; a bead with findings names them in ``data-findings`` for the filters."""
    attributes = {"id": _bead_id(index), "data-src": _ids(bead.src), "data-tgt": _ids(bead.tgt)}
    if findings:
        attributes["data-findings"] = " ".join(_finding_id(n) for n, _ in findings)
        # The script sets it again on every filter change; set here, the page reads right without scripts.
        attributes["data-sev"] = _worst(item.severity for _, item in findings)
    similarity = "—" if bead.similarity is None else f"{bead.similarity:.2f}"
    return E.tr(
        attributes,
        E.th({"scope": "row"}, E.a({"href": f"#{_bead_id(index)}"}, str(index + 1))),
        E.td(bead.kind, E.br(), E.span({"class": "sim", "title": "cosine similarity"}, similarity)),
        _side_cell(alignment, bead, "src", findings),
        _side_cell(alignment, bead, "tgt", findings),
    )


def _side_cell(
    alignment: Alignment, bead: Bead, side: Side, findings: list[tuple[int, Finding]]
) -> html.HtmlElement:
    """One side of a bead: its sentence ids, then its text with the findings' spans highlighted."""
    document = alignment.src if side == "src" else alignment.tgt
    ids = bead.src if side == "src" else bead.tgt
    if not ids:
        return E.td({"lang": "en"}, E.span({"class": "none"}, "no counterpart"))
    text = xml_safe(alignment.side_text(bead, side))
    marks = [mark for number, item in findings for mark in _marks(item, number, side, text)]
    return E.td(
        {"lang": document.lang},
        E.span({"class": "ids", "title": "sentence ids"}, _ids(ids)),
        *_highlighted(text, marks, dict(findings)),
    )


def _marks(item: Finding, number: int, side: Side, text: str) -> list[Mark]:
    """Where one finding marks one side of a bead.

    Its spans when it has some for this side and they were measured on this
    very text; when the finding covers other beads too (its offsets then do
    not fit this text), the spanned words wherever they occur in this text,
    else the whole side; the whole side when the finding has no spans at all;
    nothing when it only points at words on the other side.
    """
    spans = item.src_spans if side == "src" else item.tgt_spans
    own_text = xml_safe(item.src_text if side == "src" else item.tgt_text)
    if spans and own_text == text:
        return [(max(0, start), min(len(text), end), number) for start, end in spans if start < end]
    if spans:
        found = [
            (at, at + len(words), number)
            for words in {own_text[start:end] for start, end in spans if start < end}
            if words and (at := text.find(words)) >= 0
        ]
        return found or [(0, len(text), number)]
    if not (item.src_spans or item.tgt_spans):
        return [(0, len(text), number)]
    return []


def _highlighted(
    text: str, marks: list[Mark], findings: dict[int, Finding]
) -> list[str | html.HtmlElement]:
    """``text`` cut at every mark boundary; each marked piece a button naming the findings over it."""
    cuts = sorted({0, len(text)} | {offset for start, end, _ in marks for offset in (start, end)})
    parts: list[str | html.HtmlElement] = []
    for start, end in itertools.pairwise(cuts):
        over = sorted({number for s, e, number in marks if s <= start and end <= e})
        piece = text[start:end]
        if not over:
            parts.append(piece)
            continue
        items = [findings[number] for number in over]
        parts.append(
            E.button(
                {
                    "type": "button",
                    "class": "hl",
                    "data-findings": " ".join(_finding_id(number) for number in over),
                    "data-sev": _worst(item.severity for item in items),
                    "title": xml_safe("\n".join(_reason(item) for item in items)),
                },
                piece,
            )
        )
    return parts


def _details_panel() -> html.HtmlElement:
    """The panel a click on a highlight opens with the reasons; the script fills it."""
    return E.aside(
        {"id": "details", "hidden": "hidden", "aria-live": "polite", "aria-labelledby": "details-title"},
        E.h2({"id": "details-title", "tabindex": "-1"}, "Why this is highlighted"),
        E.ul(),
        E.button({"type": "button", "id": "details-close"}, "Close"),
    )


# --- Terminology and the picture --------------------------------------------


def _terms_section(terms: list[Term]) -> html.HtmlElement:
    """The recurring source terms with their renderings; terms rendered several ways are flagged."""
    section = E.section({"id": "terms"}, E.h2("Terminology"))
    if not terms:
        section.append(E.p("No recurring term was tracked."))
        return section
    head = E.tr(
        *(E.th({"scope": "col"}, label) for label in ("Source term", "Renderings", "Occurrences", "Status"))
    )
    rows = []
    for term in terms:
        renderings = E.ul(
            {"class": "renderings"},
            *(E.li(xml_safe(text), f" ×{count}") for text, count in term.renderings),
        )
        status = E.td("consistent") if term.consistent else E.td({"class": "flag"}, "⚠ inconsistent")
        rows.append(
            E.tr(
                {} if term.consistent else {"class": "inconsistent"},
                E.th({"scope": "row"}, xml_safe(term.source)),
                E.td(renderings if term.renderings else E.span({"class": "none"}, "not found")),
                E.td(str(len(term.src))),
                status,
            )
        )
    section.append(E.table(E.thead(head), E.tbody(*rows)))
    return section


def _picture_section(picture: Picture | None) -> html.HtmlElement:
    """The pooled similarity matrix as a canvas the script paints, with the path over it."""
    section = E.section({"id": "alignment-picture"}, E.h2("Picture of the alignment"))
    if picture is None:
        section.append(E.p("No picture is available for this alignment."))
        return section
    cells = np.nan_to_num(np.asarray(picture.cells, dtype=np.float32), nan=-1.0)
    rows, cols = cells.shape
    scale = max(1, PICTURE_SIZE // max(rows, cols, 1))
    # One byte per cell keeps the page small; the eye cannot tell 256 shades apart anyway.
    quantised = np.rint((np.clip(cells, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)
    canvas = E.canvas(
        {
            "id": "picture",
            "width": str(PICTURE_MARGIN + cols * scale),
            "height": str(PICTURE_MARGIN + rows * scale),
            "role": "img",
            "aria-label": "Similarity of source sentences (rows) and target sentences (columns), "
            "with the alignment path drawn over it",
            "data-cells": base64.b64encode(quantised.tobytes()).decode("ascii"),
            "data-rows": str(rows),
            "data-cols": str(cols),
            "data-src-step": str(picture.src_step),
            "data-tgt-step": str(picture.tgt_step),
            "data-scale": str(scale),
            "data-margin": str(PICTURE_MARGIN),
        },
        "The picture needs a browser with scripts enabled.",
    )
    section.extend(
        [
            E.p(
                "Rows are source sentences, columns target sentences; darker blue means more similar. "
                "The orange line is the chosen alignment; red ticks in the left (source) and top (target) "
                "margins are unmatched sentences. Where the line leaves the dark diagonal, the versions stray. "
                "Click the picture to go to the bead there."
            ),
            canvas,
        ]
    )
    return section
