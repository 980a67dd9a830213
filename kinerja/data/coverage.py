"""Which period each dated table covers, overall and per unit.

A table that holds no row for a period says nothing about it: an e-Kinerja
log that ends in September cannot tell whether anyone reported in October.
The coverage of a table is the span from its first to its last valid date.
Measures, baselines and trends use only quarters inside it, and a run for a
quarter outside every table's coverage stops before any kernel starts
(:func:`require_quarter_covered`).

Examples
--------
>>> from datetime import date
>>> span = Coverage("complaints", "received_at", date(2026, 7, 1), date(2026, 9, 30), 11)
>>> span.state(Quarter.parse("2026-Q3")), span.state(Quarter.parse("2026-Q2"))
('full', 'none')
>>> span.quarters()
[Quarter('2026-Q3')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import ibis
import pandas as pd

from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.dataset import Dataset

__all__ = ["DATE_COLUMNS", "PERIODIC", "PER_UNIT", "Coverage", "CoverageState", "coverage_of", "dataset_coverage",
           "quarter_note", "require_quarter_covered", "table_coverage"]

CoverageState = Literal["full", "partial", "none"]

DATE_COLUMNS: dict[str, str] = {
    "activities": "activity_date",
    "visits": "arrival_at",
    "ikm_responses": "survey_date",
    "complaints": "received_at",
    "trainings": "start_date",
    "sosialisasi": "session_date",
    "change_survey": "survey_date",
    "skp": "quarter",
    "behaviour": "quarter",
    "absences": "start_date",
    "observations": "observation_date",
    "forums": "forum_date",
    "follow_ups": "quarter",
}
"""The column that dates each row of a dated table (``quarter`` for tables kept per quarter)."""
PERIODIC = ("activities", "visits", "ikm_responses", "complaints", "trainings", "skp", "behaviour")
"""Tables kept as a running record, period after period; the others (a survey, sosialisasi sessions) are
one-off collections, whose dates do not decide which quarters the data cover."""
PER_UNIT = ("activities", "visits", "skp", "behaviour")
"""Periodic tables every unit fills period after period (daily reports, visits, quarterly SKP and ratings): a unit
whose own rows stop early is unknown after that, not silent. Complaints and trainings come when they come, so a unit
without one is simply a unit without one."""
MIN_SLACK_DAYS = 7
SLACK_GAPS = 5


@dataclass(frozen=True)
class Coverage:
    """The span of dates one table covers.

    Attributes
    ----------
    table
        Canonical table name.
    column
        The column that dates its rows.
    first, last
        First and last day covered; None when the table has no valid row.
    rows
        Valid rows.
    by_unit
        Per unit: ``unit_code``, ``first``, ``last``, ``rows`` (empty when the
        table names no unit, directly or through the NIP).
    """

    table: str
    column: str
    first: date | None
    last: date | None
    rows: int
    by_unit: pd.DataFrame | None = None

    @property
    def slack(self) -> timedelta:
        """How far the first or last row may lie from a quarter's edge by chance.

        Rows are events: a complaint log whose last complaint came on 29
        September still covers September. The slack is five mean gaps between
        rows, and at least a week; with events at a steady rate, a gap that
        long at an edge happens by chance less than once in a hundred
        quarters (e^-5).
        """
        if self.first is None or self.last is None or self.rows < 2:
            return timedelta(days=MIN_SLACK_DAYS)
        mean_gap = (self.last - self.first).days / (self.rows - 1)
        return timedelta(days=max(MIN_SLACK_DAYS, SLACK_GAPS * mean_gap))

    def state(self, quarter: Quarter) -> CoverageState:
        """Whether ``quarter`` is covered fully, in part, or not at all."""
        if self.first is None or self.last is None or self.last < quarter.start or self.first > quarter.end:
            return "none"
        starts_in_time = self.first <= quarter.start + self.slack
        runs_to_end = self.last >= quarter.end - self.slack
        return "full" if starts_in_time and runs_to_end else "partial"

    def quarters(self) -> list[Quarter]:
        """Every quarter the table covers at least in part, oldest first."""
        if self.first is None or self.last is None:
            return []
        return Quarter.range(Quarter.of(self.first), Quarter.of(self.last))

    def covers(self, quarter: Quarter) -> bool:
        """Whether the table says anything about ``quarter`` (covered at least in part)."""
        return self.state(quarter) != "none"

    def describe(self, language: str = "id") -> str:
        """``data aktivitas e-Kinerja mencakup 01/10/2024–30/09/2026`` (or that it has no valid row)."""
        name = say(f"coverage.table.{self.table}", language)
        if self.first is None or self.last is None:
            return say("coverage.no_rows", language, table=name)
        return say("coverage.covers", language, table=name, first=_short(self.first), last=_short(self.last))


def _short(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def coverage_of(dataset: Dataset, table: str) -> Coverage:
    """The coverage of one dated table of ``dataset``, overall and per unit.

    Raises
    ------
    DataError
        When the dataset has no such table, or the table is not dated.
    """
    rows = dataset.table(table)
    if table in dataset.spans:  # counted per NIP, with its unit, when the load checked the rows
        spans = dataset.spans[table]
        return _from_spans(spans, table, ["unit_code"] if "unit_code" in spans.columns else ["nip"], dataset)
    keys = ["unit_code"] if "unit_code" in rows.columns else (["nip"] if "nip" in rows.columns else [])
    return _coverage(rows, table, keys, dataset)


def table_coverage(rows: ibis.Table | pd.DataFrame, table: str) -> Coverage:
    """The overall coverage of rows of the dated table ``table`` held outside a dataset (no spans per unit).

    Raises
    ------
    DataError
        When ``table`` is not dated.
    """
    return _coverage(rows, table, [], None)


def _coverage(rows: ibis.Table | pd.DataFrame, table: str, keys: list[str], dataset: Dataset | None) -> Coverage:
    if table not in DATE_COLUMNS:
        raise DataError(f"the {table} table has no date column; dated tables are {', '.join(DATE_COLUMNS)}.")
    column = DATE_COLUMNS[table]
    if isinstance(rows, ibis.Table):
        present = rows.filter(rows[column].notnull())
        spans = present.aggregate(by=keys, first=present[column].min(), last=present[column].max(),
                                  rows=present.count()).to_pandas()
    else:
        present = rows[rows[column].notna()]
        spans = (present.groupby(keys, dropna=False)[column].agg(first="min", last="max", rows="size").reset_index()
                 if keys else pd.DataFrame({"first": [present[column].min()], "last": [present[column].max()],
                                            "rows": [len(present)]}))
    return _from_spans(spans, table, keys, dataset)


def _from_spans(spans: pd.DataFrame, table: str, keys: list[str], dataset: Dataset | None) -> Coverage:
    """The coverage of ``table`` from the first and last date and the rows of its valid rows per ``keys``."""
    column = DATE_COLUMNS[table]
    if column == "quarter":
        first = spans["first"].map(lambda q: Quarter.parse(q).start if isinstance(q, str) else None)
        last = spans["last"].map(lambda q: Quarter.parse(q).end if isinstance(q, str) else None)
    else:
        first, last = spans["first"], spans["last"]
    # As timestamps while many rows are compared (a span per NIP), as dates once per unit.
    spans = spans.assign(first=pd.to_datetime(first), last=pd.to_datetime(last))
    by_unit = _per_unit(spans, keys, dataset) if dataset is not None else None
    if by_unit is not None:
        by_unit = by_unit.assign(first=by_unit["first"].dt.date, last=by_unit["last"].dt.date)
    valid = spans.dropna(subset=["first"])
    return Coverage(table, column, None if valid.empty else valid["first"].min().date(),
                    None if valid.empty else valid["last"].max().date(), int(spans["rows"].sum()), by_unit)


def _per_unit(spans: pd.DataFrame, keys: list[str], dataset: Dataset) -> pd.DataFrame | None:
    """Spans per unit: directly by ``unit_code``, or through each NIP's unit."""
    if keys == ["unit_code"]:
        frame = spans
    elif keys == ["nip"] and dataset.has("employees"):
        units = dataset.employees.set_index("nip")["unit_code"]
        frame = spans.assign(unit_code=spans["nip"].map(units))
    else:
        return None
    frame = frame.dropna(subset=["unit_code", "first"])
    return (frame.groupby("unit_code").agg(first=("first", "min"), last=("last", "max"), rows=("rows", "sum"))
            .reset_index())


def dataset_coverage(dataset: Dataset) -> dict[str, Coverage]:
    """The coverage of every dated table the dataset has, computed once per dataset."""
    known = getattr(dataset, "_coverage", None)
    if known is None:
        known = {name: coverage_of(dataset, name) for name in DATE_COLUMNS if dataset.has(name)}
        setattr(dataset, "_coverage", known)  # noqa: B010 - a cache beside the dataclass fields
    return known


def quarter_note(coverage: Coverage, quarter: Quarter, language: str = "id") -> str | None:
    """The sentence a page shows when ``quarter`` is not, or only partly, covered; None when it is covered."""
    state = coverage.state(quarter)
    if state == "full":
        return None
    label = quarter.label_id if language == "id" else quarter.label_en
    return say(f"coverage.{'partial' if state == 'partial' else 'not_covered'}", language,
               covers=coverage.describe(language), quarter=label)


def require_quarter_covered(dataset: Dataset, quarter: Quarter, language: str = "en") -> None:
    """Stop when no periodic table of ``dataset`` covers ``quarter``, naming what the data cover.

    Raises
    ------
    DataError
        One sentence naming the quarter and each dated table's span.
    """
    spans = [span for name, span in dataset_coverage(dataset).items() if name in PERIODIC and span.first is not None]
    if not spans or any(span.covers(quarter) for span in spans):
        return
    first, last = min(span.first for span in spans), max(span.last for span in spans)
    raise DataError(say("coverage.outside", language, quarter=str(quarter), first=_short(first), last=_short(last),
                        tables=", ".join(say(f"coverage.short.{span.table}", language) for span in spans)))
