"""Workbooks as the offices keep them: title rows above a bold header, dates as dd/mm/yyyy, reproducible bytes.

The demo writes its XLSX files with these, and so does any command that hands a
workbook to a unit to complete (the draft follow-up register). A workbook is
saved with fixed document and zip timestamps, so the same content gives the
same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

__all__ = ["save_workbook", "write_table_xlsx"]

# Fixed timestamps so that XLSX files are byte-identical from run to run.
_DOC_TIME = datetime(2024, 1, 1, 0, 0, 0)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def save_workbook(workbook: Workbook, path: Path, creator: str = "kinerja") -> None:
    """Save an openpyxl workbook with fixed timestamps, so the bytes depend only on the content and ``creator``."""
    workbook.properties.created = _DOC_TIME
    workbook.properties.modified = _DOC_TIME
    workbook.properties.creator = creator
    buffer = io.BytesIO()
    # ExcelWriter directly rather than Workbook.save, which stamps the current time.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))


def _date_cell(sheet: Any, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell


def write_table_xlsx(path: Path, sheet_title: str, title_rows: Sequence[str | None],
                     header: Sequence[str], rows: Iterable[Sequence[Any]], date_columns: Sequence[int] = (),
                     creator: str = "kinerja") -> None:
    """An XLSX with title rows above the header, written in streaming mode; ``date_columns`` shown as dd/mm/yyyy."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    bold = Font(bold=True)
    for title in title_rows:
        if title is None:
            sheet.append([])
        else:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = Font(bold=True, size=12)
            sheet.append([cell])
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    date_set = tuple(date_columns)
    for row in rows:
        values = list(row)
        for index in date_set:
            if isinstance(values[index], date):
                values[index] = _date_cell(sheet, values[index])
        sheet.append(values)
    save_workbook(workbook, path, creator)
