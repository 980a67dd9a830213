"""How the demo's files are written: timestamps and dates as the offices' exports spell them, CSV, XLSX.

Timestamps travel through the generator as int64 seconds since 1970 (:data:`MISSING` for a
blank) and days as ``datetime64[D]``; the formatters turn whole columns into text at once.
XLSX files are saved with fixed document and zip timestamps, so the same content gives the
same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

# Fixed timestamps so that XLSX files are byte-identical from run to run.
_DOC_TIME = datetime(2024, 1, 1, 0, 0, 0)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

MISSING = np.iinfo(np.int64).min
"""Marks a missing timestamp in the int64 second arrays."""


def format_timestamps(seconds: np.ndarray, style: str) -> np.ndarray:
    """Format int64 seconds since 1970 (``MISSING`` for blank) as text, vectorised.

    ``iso``: ``2025-01-06 16:32:10``; ``dmy_hm``: ``06/01/2025 16.32``.
    """
    seconds = np.asarray(seconds, dtype=np.int64)
    missing = seconds == MISSING
    text = np.datetime_as_string(np.where(missing, 0, seconds).astype("datetime64[s]"), unit="s")
    raw = text.astype("S19").view(np.uint8).reshape(-1, 19)
    if style == "iso":
        layout: list[int | str] = list(range(10)) + [" "] + list(range(11, 19))
    elif style == "dmy_hm":
        layout = [8, 9, "/", 5, 6, "/", 0, 1, 2, 3, " ", 11, 12, ".", 14, 15]
    else:
        raise ValueError(f"unknown timestamp style {style!r}")
    out = np.empty((len(seconds), len(layout)), dtype=np.uint8)
    for position, source in enumerate(layout):
        out[:, position] = ord(source) if isinstance(source, str) else raw[:, source]
    result = out.view(f"S{len(layout)}").ravel().astype(str).astype(object)
    result[missing] = ""
    return result


def format_days(days: np.ndarray, style: str) -> np.ndarray:
    """Format datetime64[D] values as ``iso`` (2025-01-06), ``dmy`` (06/01/2025) or ``dmy_dash``."""
    raw = np.datetime_as_string(np.asarray(days, dtype="datetime64[D]"), unit="D").astype("S10")
    raw = raw.view(np.uint8).reshape(-1, 10)
    if style == "iso":
        return raw.copy().view("S10").ravel().astype(str).astype(object)
    separator = "/" if style == "dmy" else "-"
    layout: list[int | str] = [8, 9, separator, 5, 6, separator, 0, 1, 2, 3]
    out = np.empty_like(raw)
    for position, source in enumerate(layout):
        out[:, position] = ord(source) if isinstance(source, str) else raw[:, source]
    return out.view("S10").ravel().astype(str).astype(object)


def to_seconds(days: np.ndarray) -> np.ndarray:
    """Seconds since 1970 of the start of each day (datetime64[D]), as int64."""
    return np.asarray(days, dtype="datetime64[D]").astype("datetime64[s]").astype(np.int64)


def to_datetime(seconds: int) -> datetime:
    return datetime(1970, 1, 1) + timedelta(seconds=int(seconds))


def number_text(value: float, decimals: int) -> str:
    """A number with a decimal comma, as Indonesian Excel exports it; no thousands separator."""
    text = f"{value:.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def write_csv(frame: pd.DataFrame, path: Path, *, sep: str = ",", encoding: str = "utf-8",
              lineterminator: str = "\n") -> None:
    frame.to_csv(path, index=False, sep=sep, encoding=encoding, lineterminator=lineterminator)


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save an openpyxl workbook with fixed timestamps, so the bytes depend only on the content."""
    workbook.properties.created = _DOC_TIME
    workbook.properties.modified = _DOC_TIME
    workbook.properties.creator = "kinerja demo"
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
                     header: Sequence[str], rows: Iterable[Sequence[Any]], date_columns: Sequence[int] = ()) -> None:
    """An XLSX with title rows above the header, written in streaming mode."""
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
    save_workbook(workbook, path)
