"""Which cells of a NIP column are valid NIPs as written, judged a column at a time.

:func:`kinerja.core.nip.parse_nip` judges one value in Python, about ten
microseconds each: 15 seconds for the 1.5 million employees of a country.
Most cells of an export are already the 18 digits a valid NIP is stored as,
and for those the rules of :mod:`kinerja.core.nip` are comparisons of digit
fields, which numpy makes on the whole column at once. :func:`valid_as_written`
finds those cells; :mod:`kinerja.data.schemas` gives every other cell to
``parse_nip``, which says why it fails, or reads a NIP written with spaces,
dots or an apostrophe. A cell accepted here is one ``parse_nip`` accepts
unchanged (``tests/test_validation_nips.py`` compares the two).

:func:`among` says which NIPs are some employee's and :func:`positions` which
employee's, also a column at a time.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kinerja.core.nip import NIP_LENGTH

__all__ = ["among", "positions", "valid_as_written"]

_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
"""Days of each month (index 1-12) in a common year; index 0 for a month 00."""


def valid_as_written(cells: pd.Series, today: date) -> np.ndarray:
    """Whether each cell is a valid NIP written as its 18 digits, nothing else.

    Parameters
    ----------
    cells
        Text cells (a pandas string column), missing where blank.
    today
        The day the checks against today compare with, as for ``parse_nip``.

    Returns
    -------
    numpy.ndarray
        One boolean per cell: True where ``parse_nip(cell, today)`` returns a
        NIP whose digits are the cell. False says nothing about a cell (it may
        be a valid NIP with separators); ``parse_nip`` judges it.
    """
    plain = cells.str.fullmatch(f"[0-9]{{{NIP_LENGTH}}}", na=False).to_numpy(dtype=bool, copy=True)
    if not plain.any():
        return plain
    # The cells are ASCII digits, NIP_LENGTH bytes each, one after another in the Arrow data buffer.
    text = _large_text(cells[plain]).combine_chunks()
    _, offsets, data = text.buffers()
    first = int(np.frombuffer(offsets, dtype=np.int64)[text.offset])
    digits = (np.frombuffer(data, dtype=np.uint8)[first:first + NIP_LENGTH * len(text)]
              .reshape(-1, NIP_LENGTH) - ord("0"))

    def number(start: int, stop: int) -> np.ndarray:
        value = np.zeros(len(digits), dtype=np.int64)
        for position in range(start, stop):
            value = value * 10 + digits[:, position]
        return value

    year, month, day = number(0, 4), number(4, 6), number(6, 8)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + (leap & (month == 2))
    born = ((month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days) & (year >= 1900)
            & (year * 10_000 + month * 100 + day <= today.year * 10_000 + today.month * 100 + today.day))
    # Digit 13 chooses the layout: a PNS TMT month 01-12, or 2 and a PPPK contract count 1-9.
    tmt_year, tmt_month, layout = number(8, 12), number(12, 14), digits[:, 12]
    pns = ((layout <= 1) & (tmt_month >= 1) & (tmt_month <= 12)
           & (tmt_year * 100 + tmt_month >= (year + 18) * 100 + month)
           & (tmt_year * 100 + tmt_month <= (today.year + 1) * 100 + today.month))
    pppk = (layout == 2) & (digits[:, 13] != 0) & (tmt_year >= year + 18) & (tmt_year <= today.year + 1)
    gender = (digits[:, 14] == 1) | (digits[:, 14] == 2)
    valid = born & (pns | pppk) & gender & (number(15, 18) != 0)
    plain[plain] = valid
    return plain


def among(nips: pd.Series, others: pd.Series) -> np.ndarray:
    """Whether each of ``nips`` is one of ``others`` (a missing NIP is none), as ``nips.isin(others)``.

    Text columns are matched by pyarrow's ``is_in``: pandas' ``isin`` on text
    looks at every value of ``others`` in Python, seconds for a country's
    employees.
    """
    if not (isinstance(nips.dtype, pd.StringDtype) and isinstance(others.dtype, pd.StringDtype)):
        return nips.isin(set(others.dropna())).to_numpy(dtype=bool)
    found = pc.is_in(_large_text(nips), value_set=_large_text(others.dropna()).combine_chunks())
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def positions(nips: pd.Series, others: pd.Series) -> np.ndarray:
    """Where each of ``nips`` is in ``others`` (positions 0, 1, ...; -1 where it is not, or is missing).

    ``others`` holds each NIP once, as an employees table does. Text columns
    are looked up with pyarrow's ``index_in``, which hashes them once in C.
    """
    if not (isinstance(nips.dtype, pd.StringDtype) and isinstance(others.dtype, pd.StringDtype)):
        return pd.Index(others).get_indexer(nips)
    found = pc.index_in(_large_text(nips), value_set=_large_text(others).combine_chunks())
    return found.fill_null(-1).to_numpy(zero_copy_only=False)


def _large_text(cells: pd.Series) -> pa.ChunkedArray:
    """The Arrow array of a pandas string column (no copy), as ``large_string``."""
    array = pa.array(cells)
    return (array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])).cast(pa.large_string())
