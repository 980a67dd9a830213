"""What the data can say about a period: the quarters a table covers, and why a measure is unknown.

A table that holds no row for a period says nothing about it
(:mod:`kinerja.data.coverage`): a measure over such a period is unknown, not
0, and a baseline, surge or trend uses only the quarters its table covers.
This module states those rules once for every measure:

- a count or a rate over working days (e-Kinerja reporting, complaints
  received, JP followed) needs its quarter covered *fully*
  (:func:`full_quarters`): a quarter covered in part would count too little;
- a baseline needs at least :func:`needed_history` covered quarters before
  the evaluated one; with fewer it is not computed, and the page says
  "riwayat belum cukup: N triwulan" (:func:`history_short`);
- a reason is kept in every language at once (:data:`Reason`), so that a
  stored evaluation can be shown in the page's language.

Examples
--------
>>> needed_history(4), needed_history(1)
(2, 1)
>>> history_short(1)["id"]
'riwayat belum cukup: 1 triwulan'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ibis
import pandas as pd

from kinerja.core.formatting import LANGUAGES
from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.coverage import (
    DATE_COLUMNS,
    Coverage,
    dataset_coverage,
    quarter_note,
    table_coverage,
)
from kinerja.data.dataset import Dataset

__all__ = ["MIN_HISTORY_QUARTERS", "Reason", "coverage", "covers_fully", "full_quarters", "history_short",
           "in_languages", "needed_history", "not_covered", "reason", "units_outside"]

MIN_HISTORY_QUARTERS = 2
"""Covered quarters before the evaluated one a baseline needs (fewer when fewer are compared): one quarter
alone would make a single odd quarter the baseline. A project choice."""

Reason = dict[str, str]
"""Why something is unknown, as one sentence per language (``{"id": ..., "en": ...}``)."""


def in_languages(sentence: Callable[[str], str]) -> Reason:
    """``sentence(language)`` for every language of the catalogue."""
    return {language: sentence(language) for language in LANGUAGES}


def reason(key: str, **values: object) -> Reason:
    """The catalogue entry ``key`` in every language, with ``values`` filled in (numbers, codes: not words)."""
    return in_languages(lambda language: say(key, language, **values))


def coverage(data: Dataset | ibis.Table, table: str) -> Coverage:
    """The coverage of ``table``: from the dataset, or of a bare Ibis table of that kind (no unit spans).

    A dataset without the table gives a coverage without any row, which covers nothing.
    """
    if isinstance(data, Dataset):
        known = dataset_coverage(data).get(table)
        return known if known is not None else Coverage(table, DATE_COLUMNS[table], None, None, 0)
    return table_coverage(data, table)


def full_quarters(span: Coverage, quarters: Iterable[Quarter]) -> list[Quarter]:
    """The quarters of ``quarters`` that ``span`` covers fully, in their order."""
    return [q for q in quarters if span.state(q) == "full"]


def covers_fully(span: Coverage, quarters: Iterable[Quarter]) -> bool:
    """Whether ``span`` covers every quarter of ``quarters`` fully (a window of counts, such as 12 months of JP)."""
    wanted = list(quarters)
    return len(full_quarters(span, wanted)) == len(wanted)


def units_outside(span: Coverage, quarter: Quarter) -> set[str]:
    """The units whose own records end before ``quarter`` or begin after it: they say nothing about it.

    A unit without any row is not among them: when the table covers the
    quarter, its silence is a finding, not a gap.
    """
    if span.by_unit is None or span.by_unit.empty:
        return set()
    rows = span.by_unit
    first, last = pd.to_datetime(rows["first"]).dt.date, pd.to_datetime(rows["last"]).dt.date
    return set(rows.loc[(last < quarter.start) | (first > quarter.end), "unit_code"].astype(str))


def needed_history(compare_quarters: int) -> int:
    """Covered quarters before the evaluated one a baseline of ``compare_quarters`` needs."""
    return min(compare_quarters, MIN_HISTORY_QUARTERS)


def history_short(quarters: int) -> Reason:
    """"riwayat belum cukup: N triwulan", where N counts the covered quarters, the evaluated one included."""
    return reason("coverage.history_short", quarters=quarters)


def not_covered(span: Coverage, quarter: Quarter) -> Reason:
    """Why ``span`` says nothing (or too little) about ``quarter``: what the table covers."""
    return in_languages(lambda language: quarter_note(span, quarter, language) or span.describe(language))
