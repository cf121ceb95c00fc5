"""XLSX, the review sheet: one row per bead, findings in a column, flagged rows filled."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from aligner.document import Alignment
from aligner.findings import Comparison
from aligner.formats.records import bead_records

SUFFIX = ".xlsx"
#: Width in characters of each XLSX column: bead, source ids, target ids,
#: source text, target text, type, similarity, divergences.
_XLSX_WIDTHS = (7, 11, 11, 60, 60, 7, 11, 40)
#: The columns whose text wraps (1-based): both texts and the divergences.
_XLSX_WRAPPED = frozenset({4, 5, 8})
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
    sheet.append(
        [
            "bead", "source ids", "target ids",
            f"source ({alignment.src.lang})", f"target ({alignment.tgt.lang})",
            "type", "similarity", "divergences",
        ]
    )
    for record in bead_records(alignment, comparison):
        sheet.append(
            [
                record.number,
                ",".join(map(str, record.bead.src)),
                ",".join(map(str, record.bead.tgt)),
                clean(record.src_text),
                clean(record.tgt_text),
                record.bead.kind,
                record.bead.similarity,
                "; ".join(f"{item.kind} ({item.severity})" for item in record.findings),
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
