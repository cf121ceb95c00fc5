"""XLSX, the review sheet: one row per bead, findings in a column, flagged rows filled; read back
with what a reviewer typed in its status and comment columns.

The status cell holds the reviewer's word as short entries separated by
``;`` (see :func:`aligner.formats.fields.review_entries`): ``checked`` for a
bead found right, and ``omission: dismissed`` for a verdict on a finding. Read
back leniently: ``ok``, ``done``, ``yes``, ``x``, ``✓`` (and
:data:`~aligner.formats.fields.CHECKED_WORDS`) check the bead; a verdict alone
(``accepted``, ``dismissed``, ``false positive``...: see
:data:`~aligner.formats.fields.VERDICT_WORDS`) applies to every divergence the
row lists; case does not matter. The comment cell is the bead's comment.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from lxml import etree

from aligner.document import Alignment
from aligner.errors import InputError, shown
from aligner.findings import Comparison
from aligner.formats.fields import bead_ids, ids_field, read_review, status_entries, status_field
from aligner.formats.records import bead_records
from aligner.formats.units import UNKNOWN, SentenceIds, Unit, UnitFile, similarity_value
from aligner.languages import standard
from aligner.read.docx import refuse_bombs
from aligner.read.xmlsafe import parse_xml_data

SUFFIX = ".xlsx"
#: Width in characters of each XLSX column: bead, source ids, target ids,
#: source text, target text, type, similarity, divergences, status, comment.
_XLSX_WIDTHS = (7, 11, 11, 60, 60, 7, 11, 40, 24, 40)
#: The columns whose text wraps (1-based): both texts, the divergences, the status and the comment.
_XLSX_WRAPPED = frozenset({4, 5, 8, 9, 10})
#: The header of each column, the texts' with their language in brackets: ``source (fr)``.
COLUMNS = ("bead", "source ids", "target ids", "source", "target", "type", "similarity", "divergences", "status",
           "comment")
#: The fill of a row that holds a divergence, so that it stands out when scrolling.
FLAGGED_FILL = "FFF2CC"
#: How a cell's text starts when a spreadsheet would read it as a formula once typed in (OWASP's
#: CSV-injection list): such cells are also marked "quote prefix", so that editing one keeps it text.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def write(alignment: Alignment, comparison: Comparison, when: datetime) -> bytes:
    """A review sheet: one row per bead, frozen header, wrapped texts, flagged rows filled.

    The workbook's dates and the archive's timestamps are ``when``, so that the
    same alignment gives the same bytes (see ``SOURCE_DATE_EPOCH``).
    """
    # Imported here: openpyxl takes a while to load and most runs write no XLSX.
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment as CellAlignment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    def clean(text: str) -> str:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "alignment"
    languages = {"source": alignment.src.lang, "target": alignment.tgt.lang}
    sheet.append([f"{name} ({languages[name]})" if name in languages else name for name in COLUMNS])
    for record in bead_records(alignment, comparison):
        sheet.append(
            [
                record.number,
                ids_field(record.bead.src),
                ids_field(record.bead.tgt),
                clean(record.src_text),
                clean(record.tgt_text),
                record.bead.kind,
                record.bead.similarity,
                "; ".join(f"{item.kind} ({item.severity})" for item in record.findings),
                clean(status_field(record.bead, record.findings)),
                clean(record.bead.comment),
            ]
        )
    flagged = PatternFill("solid", fgColor=FLAGGED_FILL)
    for index, width in enumerate(_XLSX_WIDTHS, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:]:
            cell.alignment = CellAlignment(wrap_text=index in _XLSX_WRAPPED, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # openpyxl stores a string that starts with "=" as a formula; every text is the document's
    # own, to be shown as typed: a string cell (written inline, without an added apostrophe).
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.quotePrefix = cell.value.startswith(FORMULA_LEADS)
    for row in sheet.iter_rows(min_row=2):
        row[6].number_format = "0.000"
        if row[7].value:
            for cell in row:
                cell.fill = flagged
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    naive = when.replace(tzinfo=None)
    workbook.properties.creator = "aligner"
    workbook.properties.created = workbook.properties.modified = naive
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_fixed_timestamps(buffer.getvalue(), naive)


def _with_fixed_timestamps(archive: bytes, when: datetime) -> bytes:
    """The same ZIP archive with every member, and the workbook's last-modified date, at ``when``.

    openpyxl stamps ``dcterms:modified`` with the time of saving, whatever
    the workbook's properties say, so that date is set here; reruns are then
    identical.
    """
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    modified = f"\\g<1>{when.strftime('%Y-%m-%dT%H:%M:%SZ')}\\g<2>".encode()
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", modified, data)
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return output.getvalue()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_COLUMN = re.compile(r"[A-Z]+")
_LANGUAGE = re.compile(r"(source|target) \((.+)\)")
#: The columns a sheet must have to be read as this tool's (the others are optional, as in older sheets).
_NEEDED = ("source ids", "target ids", "source", "target")


def open_units(data: bytes, path: Path, src_lang: str | None, tgt_lang: str | None) -> UnitFile:
    """This tool's review sheet, as saved by any spreadsheet, read whole: each row one unit, with
    what the reviewer typed in its status and comment cells."""
    rows = _sheet_rows(data, path)
    # A text column is named by side, its language in brackets: "source (fr)" is the source column.
    names = rows[0].items() if rows else ()
    header = {(_LANGUAGE.fullmatch(name) or [name, name])[1]: column for column, name in names}
    if any(name not in header for name in _NEEDED):
        raise InputError(
            f"{path}: is a spreadsheet but not the review sheet aligner writes (its first row names the columns "
            f"{', '.join(COLUMNS)}); convert reads aligner's own XLSX"
        )
    languages = {found[1]: found[2] for _, name in names if (found := _LANGUAGE.fullmatch(name))}
    units: list[Unit] = []
    unread: list[str] = []
    ids = SentenceIds()
    for number, row in enumerate(rows[1:], 2):
        if not any(value.strip() for value in row.values()):
            continue
        cell = {name: row.get(column, "") for name, column in header.items()}
        src_ids, tgt_ids = bead_ids(cell["source ids"], cell["target ids"], f"{path}: row {number}")
        kinds = [item.partition(" (")[0].strip() for item in cell.get("divergences", "").split(";") if item.strip()]
        review = read_review(status_entries(cell.get("status", "")), src_ids, tgt_ids, kinds, cell.get("comment", ""))
        unread.extend(f"row {number}: {shown(entry)}" for entry in review.unread)
        unit = Unit(
            cell["source"],
            cell["target"],
            similarity_value(cell.get("similarity")),
            src_ids=src_ids,
            tgt_ids=tgt_ids,
            review=review,
        )
        ids.add(unit, len(units) + 1)
        units.append(unit)
    if not units:
        raise InputError(f"{path}: holds no aligned text, only its header row")
    warnings = [warning] if (warning := ids.warning(path)) else []
    if unread:
        warnings.append(
            f"{path}: {len(unread)} status entr{'y' if len(unread) == 1 else 'ies'} not understood and left out "
            f"({'; '.join(unread[:3])}{'; ...' if len(unread) > 3 else ''}); write checked, ok, accepted, "
            "dismissed or a divergence kind and its verdict (omission: dismissed)"
        )
    src_lang = src_lang or languages.get("source")
    tgt_lang = tgt_lang or languages.get("target")
    return UnitFile.held(
        units,
        standard(src_lang) if src_lang else UNKNOWN,
        standard(tgt_lang) if tgt_lang else UNKNOWN,
        path,
        path,
        warnings=warnings,
    )


def _sheet_rows(data: bytes, path: Path) -> list[dict[int, str]]:
    """The first sheet's rows, each a cell text by column (0-based); the package's parts parsed
    safely, after the check that it does not unpack to more than a document needs."""
    try:
        refuse_bombs(data, path, what="a review sheet", remedy="export the alignment again with aligner")
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = set(package.namelist())

            def part(name: str) -> etree._Element:
                return parse_xml_data(package.read(name), path)

            shared = (
                ["".join(si.itertext()) for si in _strings(part("xl/sharedStrings.xml"))]
                if "xl/sharedStrings.xml" in parts
                else []
            )
            sheet = part(_first_sheet(part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels"), parts))
    except (zipfile.BadZipFile, KeyError) as error:
        raise InputError(
            f"{path}: is not a readable XLSX workbook ({error}); open it in a spreadsheet and save it again as .xlsx"
        ) from error
    rows = []
    for row in sheet.iter(f"{_MAIN}row"):
        cells = {}
        for column, cell in enumerate(row.iterfind(f"{_MAIN}c")):
            reference = _CELL_COLUMN.match(cell.get("r", ""))
            if reference:
                column = _column(reference.group())
            cells[column] = _cell_text(cell, shared)
        rows.append(cells)
    return rows


def _strings(table: etree._Element) -> list[etree._Element]:
    """The shared strings, each an ``<si>`` whose text is its runs' (phonetic readings left out)."""
    for phonetic in table.iter(f"{_MAIN}rPh"):
        phonetic.getparent().remove(phonetic)
    return list(table.iterfind(f"{_MAIN}si"))


def _first_sheet(workbook: etree._Element, relationships: etree._Element, parts: set[str]) -> str:
    """The part that holds the workbook's first sheet."""
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in relationships.iter(f"{_PACKAGE_RELATIONSHIPS}Relationship")
    }
    target = targets.get(sheet.get(_RELATIONSHIP) if sheet is not None else None, "")
    name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    if name not in parts:
        raise KeyError(f"its first sheet {name!r} is missing")
    return name


def _column(letters: str) -> int:
    """A cell reference's column (``A``, ``AB``) as a 0-based number."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _cell_text(cell: etree._Element, shared: list[str]) -> str:
    """A cell's value as text: its shared or inline string, or the number or formula result it holds."""
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(f"{_MAIN}is")
        return "".join(inline.itertext()) if inline is not None else ""
    value = cell.findtext(f"{_MAIN}v") or ""
    if kind == "s":
        try:
            return shared[int(value)]
        except (ValueError, IndexError):
            return ""
    return value
