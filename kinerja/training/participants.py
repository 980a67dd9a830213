"""Participant lists: who follows which program in which batch, and counts safe to show leadership.

:func:`participant_lists` cuts each program's participants into batches
(angkatan) of at most ``capacity``; :func:`write_participant_lists` writes
them to a restricted XLSX file (names and NIP); :func:`program_counts` gives
counts per program and unit, without names, for the HTML report (a page hides
its small cells with :func:`kinerja.core.privacy.suppress_small_counts`).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

__all__ = [
    "DEFAULT_CAPACITY",
    "participant_lists",
    "program_counts",
    "safe_text",
    "write_participant_lists",
]

DEFAULT_CAPACITY = 30
"""Participants per batch (angkatan) when none is given."""


# --- participant lists -----------------------------------------------------------------------------


_LIST_COLUMNS = ["program", "program_name", "batch", "nip", "name", "unit_code", "unit_name", "jp_last_12_months",
                 "below_min_jp"]


def _long(recommendations: pd.DataFrame, people: pd.DataFrame | None) -> pd.DataFrame:
    if "programs" not in recommendations.columns:
        raise ValueError("recommendations lack the 'programs' column; pass the result of recommend().")
    frame = recommendations.copy()
    if people is not None:
        for column in ("name", "unit_code", "unit_name"):
            if column in people.columns:
                frame[column] = people[column].reindex(frame.index)
    for column in ("name", "unit_code", "unit_name"):
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    if "jp_last_12_months" not in frame.columns:
        frame["jp_last_12_months"] = np.nan
    if "below_min_jp" not in frame.columns:
        frame["below_min_jp"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    frame = frame.rename_axis("nip").reset_index()
    frame["program"] = frame["programs"].map(lambda codes: list(codes) if codes else [])
    return frame.explode("program").dropna(subset=["program"])


def participant_lists(recommendations: pd.DataFrame, people: pd.DataFrame | None = None,
                      capacity: int = DEFAULT_CAPACITY, *,
                      program_names: Mapping[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """Cut each program's participants into batches (angkatan) of at most ``capacity``.

    Within a program, ASN below the JP minimum come first (their right to
    training is not yet met), then by unit and name, so that colleagues tend
    to share a batch; batches are filled in that order.

    Parameters
    ----------
    recommendations
        The result of :func:`recommend` (index NIP, ``programs``).
    people
        Index NIP: ``name``, ``unit_code``, ``unit_name``; only needed when
        the recommendations lack them.
    capacity
        Most participants per batch (a whole number, 1 or more).
    program_names
        Code -> name; default ``recommendations.attrs["program_names"]``.

    Returns
    -------
    dict of str to pandas.DataFrame
        Per program code with participants, in catalogue order: ``program``,
        ``program_name``, ``batch`` (1, 2, ...), ``nip``, ``name``,
        ``unit_code``, ``unit_name``, ``jp_last_12_months``,
        ``below_min_jp``.
    """
    if isinstance(capacity, bool) or not isinstance(capacity, (int, np.integer)) or capacity < 1:
        raise ValueError(f"capacity must be a whole number of participants, 1 or more, not {capacity!r}.")
    names = dict(program_names or recommendations.attrs.get("program_names") or {})
    long = _long(recommendations, people)
    order = list(names) + sorted(set(long["program"]) - set(names))
    lists: dict[str, pd.DataFrame] = {}
    for code in order:
        rows = long[long["program"] == code].copy()
        if rows.empty:
            continue
        rows["_first"] = ~rows["below_min_jp"].fillna(False).astype(bool)
        rows = rows.sort_values(["_first", "unit_code", "name", "nip"], kind="stable", na_position="last")
        rows["batch"] = np.arange(len(rows)) // int(capacity) + 1
        rows["program_name"] = names.get(code, code)
        lists[code] = rows[_LIST_COLUMNS].reset_index(drop=True)
    return lists


def program_counts(recommendations: pd.DataFrame, people: pd.DataFrame | None = None, *,
                   program_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Count the recommended participants per program and unit, without names, for reports.

    Returns
    -------
    pandas.DataFrame
        One row per program and unit with participants: ``program``,
        ``program_name``, ``unit_code``, ``unit_name``, ``participants`` and
        ``below_min_jp`` (of them, how many had fewer JP than the minimum),
        sorted by program (catalogue order) and unit.
    """
    names = dict(program_names or recommendations.attrs.get("program_names") or {})
    long = _long(recommendations, people)
    long["below"] = long["below_min_jp"].fillna(False).astype(bool)
    counts = long.groupby(["program", "unit_code"], sort=False, dropna=False).agg(
        unit_name=("unit_name", "first"), participants=("nip", "size"), below_min_jp=("below", "sum"),
    ).reset_index()
    rank = {code: i for i, code in enumerate(names)}
    counts["_rank"] = counts["program"].map(lambda code: rank.get(code, len(rank)))
    counts = counts.sort_values(["_rank", "program", "unit_code"], kind="stable")
    counts["program_name"] = counts["program"].map(lambda code: names.get(code, code))
    counts = counts.astype({"participants": "int64", "below_min_jp": "int64"})
    return counts[["program", "program_name", "unit_code", "unit_name", "participants", "below_min_jp"]] \
        .reset_index(drop=True)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters with which a spreadsheet may read a text as a formula."""
_RESTRICTED_NOTICE = ("TERBATAS - berisi nama dan NIP. Hanya untuk pengelola kepegawaian dan penyelenggara pelatihan; "
                      "jangan diunggah atau dibagikan lebih luas.")
_HEADERS = {"batch": "Angkatan", "no": "No", "nip": "NIP", "name": "Nama", "unit_code": "Kode Unit",
            "unit_name": "Unit Kerja", "jp_last_12_months": "JP 12 bulan terakhir",
            "below_min_jp": "Di bawah 20 JP"}


def safe_text(value: str) -> str:
    """Return text that no spreadsheet reads as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe (OWASP's advice against CSV/formula
    injection); the cell is still written as text. The apostrophe stays
    visible, and survives a later export to CSV.
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _sheet_title(name: str, used: set[str]) -> str:
    cleaned = "".join(" " if c in '[]:*?/\\' else c for c in name).strip().strip("'") or "Program"
    title, i = cleaned[:31], 2
    while title.lower() in used:
        suffix = f" ({i})"
        title, i = cleaned[:31 - len(suffix)] + suffix, i + 1
    used.add(title.lower())
    return title


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "ya" if value else "tidak"
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return safe_text(value)
    return safe_text(str(value))


def write_participant_lists(lists: Mapping[str, pd.DataFrame], path: str | os.PathLike[str]) -> Path:
    """Write participant lists to a restricted XLSX file: one sheet per program.

    Each sheet starts with a line saying the list is restricted, then a
    header and one row per participant: angkatan, number, NIP (as text, so
    Excel keeps all 18 digits), name, unit, JP of the last 12 months and
    whether it is below 20 JP. Every text goes through :func:`safe_text`,
    so a name or unit that starts with ``=``, ``+``, ``-`` or ``@`` is shown
    as text with a leading apostrophe and never runs as a formula. The file
    is written next to ``path`` and renamed into place, readable by its
    owner only (mode 600).

    Parameters
    ----------
    lists
        The result of :func:`participant_lists`.
    path
        The XLSX file to write; put it in a run's ``restricted/`` folder.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    columns = ["batch", "no", "nip", "name", "unit_code", "unit_name", "jp_last_12_months", "below_min_jp"]
    for code, frame in lists.items():
        name = str(frame["program_name"].iloc[0]) if len(frame) and "program_name" in frame else str(code)
        sheet = workbook.create_sheet(_sheet_title(name, used))
        sheet.append([_cell(_RESTRICTED_NOTICE)])
        sheet["A1"].font = Font(bold=True, color="C00000")
        sheet.append([_cell(f"Program: {name}")])
        sheet.append([_HEADERS[c] for c in columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        numbered = frame.assign(no=frame.groupby("batch").cumcount() + 1) if len(frame) else frame.assign(no=[])
        for row in numbered.itertuples(index=False):
            values = [_cell(getattr(row, c, None)) for c in columns]
            sheet.append(values)
            sheet.cell(row=sheet.max_row, column=3).number_format = "@"
        for letter, width in zip("ABCDEFGH", (9, 5, 21, 32, 11, 36, 12, 10)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A4"
    if not workbook.sheetnames:
        sheet = workbook.create_sheet("Peserta")
        sheet.append([_RESTRICTED_NOTICE])
        sheet.append(["Tidak ada peserta yang direkomendasikan."])
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        workbook.save(scratch)
        os.chmod(scratch, 0o600)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return target
