"""What the forum and follow-up registers share: their table, the rows of a quarter, the day they are read on.

Both registers are small tables kept by hand (one row per forum topic, one
per action); their measures read them as pandas DataFrames, from a dataset
or given directly, and judge them on a day in or after the evaluated quarter.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kinerja.core.periods import Quarter, as_date
from kinerja.data.dataset import Dataset

__all__ = ["reading_day", "register", "rows_in_quarter", "shown_columns"]


def register(source: pd.DataFrame | Dataset, table: str) -> pd.DataFrame:
    """The register ``table`` as a DataFrame: ``source`` itself, or the dataset's table.

    Raises
    ------
    DataError
        When ``source`` is a dataset without that table (the dataset names the file to add).
    TypeError
        When ``source`` is neither a DataFrame nor a dataset.
    """
    if isinstance(source, Dataset):
        return source.to_pandas(table)
    if not isinstance(source, pd.DataFrame):
        raise TypeError(f"{table} must be a DataFrame or a Dataset, not {type(source).__name__}; "
                        f"pass dataset.{table} or the dataset itself.")
    return source


def reading_day(quarter: Quarter, as_of: date | str | None) -> pd.Timestamp:
    """The day a register is read on: ``as_of``, by default the quarter's last day; never before the quarter.

    Raises
    ------
    ValueError
        When ``as_of`` is before the quarter starts.
    """
    day = quarter.end if as_of is None else as_date(as_of)
    if day < quarter.start:
        raise ValueError(f"as_of {day} is before {quarter} starts ({quarter.start}); give a day in or after it.")
    return pd.Timestamp(day)


def rows_in_quarter(frame: pd.DataFrame, column: str, quarter: Quarter) -> pd.DataFrame:
    """The rows whose date ``column`` falls in ``quarter``."""
    days = frame[column].dt.normalize()
    return frame[(days >= pd.Timestamp(quarter.start)) & (days <= pd.Timestamp(quarter.end))]


def shown_columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The ``columns`` of ``frame`` that it has, in that order (a register may leave optional ones out)."""
    return frame[[name for name in columns if name in frame.columns]]
