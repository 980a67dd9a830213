"""How the demo's files are written: timestamps and dates as the offices' exports spell them, and CSV.

Timestamps travel through the generator as int64 seconds since 1970 (:data:`MISSING` for a
blank) and days as ``datetime64[D]``; the formatters turn whole columns into text at once.
Workbooks are written by :mod:`kinerja.data.workbooks`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

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
