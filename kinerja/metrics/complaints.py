"""Complaints (pengaduan): volume, time to resolution and the open backlog.

The complaints table is an event table: it lives in DuckDB and every function
here builds an Ibis expression and executes it once at the end, so the same
code runs on Spark. Results come back as small pandas DataFrames. The
functions that look at the open backlog (:func:`open_over_standard`,
:func:`open_over_standard_by_unit`, :func:`complaint_summary`) first run one
one-value query, the earliest day of receipt among the open complaints, to
know how far back the working-day calendar must reach.

Conventions
-----------
Open and resolved
    A complaint is resolved when ``resolved_at`` is given and falls on or
    before the ``as_of`` date (the state "known on" that day, end of day);
    otherwise it is open. ``status`` is not read: the loader guarantees that
    a 'resolved' complaint has ``resolved_at``, and an 'open' or
    'in_progress' complaint that already has a ``resolved_at`` counts as
    resolved from that day.
Working days
    Time to resolution and the age of an open complaint are counted in
    working days of an office calendar (:class:`kinerja.core.periods.WorkCalendar`,
    Monday-Friday without Indonesian public holidays and cuti bersama by
    default): the working days *after* the day of receipt, up to and
    including the day of resolution (or the ``as_of`` day). Received and
    resolved the same day: 0. Received Friday, resolved Monday: 1. Received
    Saturday, resolved Monday: 1. Times of day are ignored.
    It is computed without engine-specific date functions: a small table of
    every calendar day with the running count of working days is joined on
    the day of receipt and the day of resolution, and the counts subtracted.
Within the standard
    Resolved within ``standard_days`` working days (default 5), as counted
    above; an open complaint is over the standard once its age exceeds
    ``standard_days``.
Quarter
    Quarter figures are about the complaints *received* in the quarter (up to
    ``as_of`` when that falls inside it). ``as_of`` defaults to the quarter's
    last day, so a quarter's figures do not change when later exports add
    resolutions; pass a later ``as_of`` (e.g. the export date) to count them.
    With the default, a complaint received in the quarter's last days and
    still open at its end counts as open and as not resolved within the
    standard.

The lists returned here never hold the complaint text, which may name
people; :func:`sample_complaint_texts` returns, separately, a small sample of
texts with names masked and HTML escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date

import ibis
import numpy as np
import pandas as pd

from kinerja.core.periods import Quarter, WorkCalendar, as_date
from kinerja.core.privacy import mask_names
from kinerja.data.dataset import Dataset
from kinerja.metrics import known

__all__ = [
    "DEFAULT_STANDARD_DAYS",
    "VOLUME_KEYS",
    "complaint_summary",
    "complaint_trend",
    "complaint_volume",
    "median_resolution_workdays",
    "open_over_standard",
    "open_over_standard_by_unit",
    "resolution_workdays",
    "sample_complaint_texts",
    "share_within_standard",
    "surge_baseline_quarters",
]

DEFAULT_STANDARD_DAYS = 5
"""Working days within which a complaint should be resolved."""

VOLUME_KEYS = ("channel", "category", "unit_code")
"""Columns :func:`complaint_volume` can count by."""

_REQUIRED = ("unit_code", "received_at", "resolved_at")
_LIST_COLUMNS = ("complaint_id", "unit_code", "channel", "category")


# --- inputs ----------------------------------------------------------------------------------------


def _table(complaints: ibis.Table | Dataset) -> ibis.Table:
    """The complaints as an Ibis table, after checking the columns used everywhere."""
    if isinstance(complaints, Dataset):
        complaints = complaints.table("complaints")
    if not isinstance(complaints, ibis.Table):
        raise TypeError(f"complaints must be an Ibis table or a Dataset, not {type(complaints).__name__}; "
                        f"pass dataset.complaints or the dataset itself.")
    missing = [name for name in _REQUIRED if name not in complaints.columns]
    if missing:
        raise ValueError(f"the complaints table lacks the column(s) {', '.join(missing)}; "
                         f"see the complaints table in docs/data-dictionary.md.")
    return complaints


def _require(table: ibis.Table, column: str, purpose: str) -> None:
    if column not in table.columns:
        raise ValueError(f"the complaints table has no {column!r} column, needed {purpose}.")


def _as_of(quarter: Quarter, as_of: date | str | None) -> date:
    """The day the state is read on: ``as_of``, or the quarter's last day."""
    if as_of is None:
        return quarter.end
    try:
        day = as_date(as_of)
    except (TypeError, ValueError):
        raise ValueError(f"as_of must be a date such as 2026-09-30, not {as_of!r}.") from None
    if day < quarter.start:
        raise ValueError(f"as_of {day} is before {quarter} starts ({quarter.start}); "
                         f"give a day in or after the quarter.")
    return day


def _standard(standard_days: int) -> int:
    if isinstance(standard_days, bool) or not isinstance(standard_days, (int, np.integer)) or standard_days < 0:
        raise ValueError(f"standard_days must be a whole number of working days, 0 or more, not {standard_days!r}.")
    return int(standard_days)


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    if calendar is None:
        return WorkCalendar()
    if not isinstance(calendar, WorkCalendar):
        raise TypeError(f"calendar must be a kinerja.core.periods.WorkCalendar, not {type(calendar).__name__}.")
    return calendar


def _day(column: ibis.Value) -> ibis.Value:
    return column if column.type().is_date() else column.date()


# --- working days ----------------------------------------------------------------------------------


def _running_workdays(calendar: WorkCalendar, first: date, last: date) -> pd.DataFrame:
    """Every day from ``first`` to ``last`` with the working days up to and including it."""
    days = pd.date_range(first, last, freq="D", unit="us")
    working = days.isin(calendar.workday_index(first, last))
    return pd.DataFrame({"day": days.date, "workdays_to_date": np.cumsum(working).astype("int64")})


def _with_workdays(table: ibis.Table, calendar: WorkCalendar, first: date, as_of: date) -> ibis.Table:
    """Add the working-day columns, reading the state on ``as_of``.

    Adds ``received_day``, ``resolved_day`` (missing when not resolved by
    ``as_of``), ``is_resolved``, ``workdays_to_resolve`` (resolved ones) and
    ``age_workdays`` (open ones, as of ``as_of``). Every received day must lie
    from ``first`` to ``as_of``.
    """
    running = _running_workdays(calendar, first, max(first, as_of))
    on_as_of = int(running["workdays_to_date"].iloc[-1])
    days = ibis.memtable(running, schema={"day": "date", "workdays_to_date": "int64"})
    at_receipt = days.rename(cal_received_day="day", received_workdays="workdays_to_date")
    at_resolution = days.rename(cal_resolved_day="day", resolved_workdays="workdays_to_date")

    resolved_day = _day(table.resolved_at)
    table = table.mutate(
        received_day=_day(table.received_at),
        resolved_day=ibis.ifelse(resolved_day <= ibis.literal(as_of), resolved_day, ibis.null("date")),
    )
    joined = (table
              .left_join(at_receipt, table.received_day == at_receipt.cal_received_day)
              .left_join(at_resolution, table.resolved_day == at_resolution.cal_resolved_day))
    is_resolved = joined.resolved_day.notnull()
    return joined.mutate(
        is_resolved=is_resolved,
        workdays_to_resolve=joined.resolved_workdays - joined.received_workdays,
        age_workdays=ibis.ifelse(is_resolved, ibis.null("int64"), on_as_of - joined.received_workdays),
    ).drop("cal_received_day", "cal_resolved_day", "received_workdays", "resolved_workdays")


def _received_in(table: ibis.Table, quarter: Quarter, as_of: date) -> ibis.Table:
    day = _day(table.received_at)
    return table.filter(day >= ibis.literal(quarter.start), day <= ibis.literal(min(quarter.end, as_of)))


def _open_on(table: ibis.Table, as_of: date) -> ibis.Expr:
    """Whether a complaint was received by ``as_of`` and not resolved by then."""
    resolved = _day(table.resolved_at)
    return (_day(table.received_at) <= ibis.literal(as_of)) & (resolved.isnull() | (resolved > ibis.literal(as_of)))


def _earliest_received(table: ibis.Table, fallback: date) -> date:
    """The first day of receipt in ``table`` (a one-value query), or ``fallback`` when it is empty."""
    found = table.aggregate(first=_day(table.received_at).min()).execute()["first"].iloc[0]
    return fallback if pd.isna(found) else min(pd.Timestamp(found).date(), fallback)


def _nullable_int(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = frame[column].astype("Int64")
    return frame


def _microseconds(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Times at the precision both engines store: Spark's come back in nanoseconds, DuckDB's in microseconds."""
    for column in columns:
        frame[column] = frame[column].astype("datetime64[us]")
    return frame


def _unit_sorted(frame: pd.DataFrame, by_unit: bool) -> pd.DataFrame:
    if by_unit:
        frame = frame.sort_values("unit_code", kind="stable")
    return frame.reset_index(drop=True)


# --- volume ----------------------------------------------------------------------------------------


def complaint_volume(complaints: ibis.Table | Dataset, quarter: Quarter | str, by: str = "channel",
                     by_unit: bool = False) -> pd.DataFrame:
    """Count the complaints received in a quarter, by channel, category or unit.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        The quarter, a :class:`~kinerja.core.periods.Quarter` or text such as "2026-Q3".
    by
        ``"channel"``, ``"category"`` or ``"unit_code"``.
    by_unit
        Count per unit as well: shares are then within each unit.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_code`` (when ``by_unit``), ``by``, ``complaints`` and
        ``share`` (0-1 of the quarter's complaints, or of the unit's), sorted
        by unit and then most complaints first. A blank category is a group of
        its own with a missing key. No rows when the quarter has no complaints.
    """
    quarter = Quarter.parse(quarter)
    table = _table(complaints)
    if by not in VOLUME_KEYS:
        raise ValueError(f"by must be one of {', '.join(VOLUME_KEYS)}, not {by!r}.")
    _require(table, by, f"to count complaints by {by}")
    keys = ["unit_code", by] if by_unit and by != "unit_code" else [by]
    received = _received_in(table, quarter, quarter.end)
    counts = received.group_by(keys).aggregate(complaints=received.count()).execute()
    counts["complaints"] = counts["complaints"].astype("int64")
    totals = counts.groupby("unit_code")["complaints"].transform("sum") if len(keys) == 2 \
        else counts["complaints"].sum()
    counts["share"] = counts["complaints"] / totals
    order = (["unit_code"] if len(keys) == 2 else []) + ["complaints", by]
    ascending = ([True] if len(keys) == 2 else []) + [False, True]
    return counts.sort_values(order, ascending=ascending, kind="stable", na_position="last")[
        [*keys, "complaints", "share"]].reset_index(drop=True)


# --- time to resolution ----------------------------------------------------------------------------


def resolution_workdays(complaints: ibis.Table | Dataset, quarter: Quarter | str,
                        calendar: WorkCalendar | None = None, as_of: date | str | None = None) -> pd.DataFrame:
    """List the complaints received in a quarter with their working days to resolution.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        The quarter of receipt.
    calendar
        The office calendar; ``WorkCalendar()`` (Monday-Friday, public
        holidays and cuti bersama off) by default.
    as_of
        Resolutions after this day are not counted; default the quarter's end.

    Returns
    -------
    pandas.DataFrame
        One row per complaint, by time of receipt: ``complaint_id``,
        ``unit_code``, ``channel``, ``category`` (those present),
        ``received_at``, ``resolved_at`` (missing while open on ``as_of``) and
        ``workdays_to_resolve`` (working days after the day of receipt up to
        and including the day of resolution; missing while open). No text.
    """
    quarter = Quarter.parse(quarter)
    table = _table(complaints)
    day = _as_of(quarter, as_of)
    timed = _with_workdays(_received_in(table, quarter, day), _calendar(calendar), quarter.start, day)
    keep = [name for name in _LIST_COLUMNS if name in table.columns]
    timed = timed.mutate(resolved_at=ibis.ifelse(timed.is_resolved, timed.resolved_at, ibis.null("timestamp")))
    frame = timed.select(*keep, "received_at", "resolved_at", "workdays_to_resolve").order_by(
        ["received_at", *keep]).execute()
    return _microseconds(_nullable_int(frame, "workdays_to_resolve"), "received_at", "resolved_at")


def _quarter_figures(table: ibis.Table, quarter: Quarter, as_of: date, calendar: WorkCalendar,
                     standard_days: int, by_unit: bool, backlog: bool) -> pd.DataFrame:
    """The per-unit (or overall) figures of :func:`complaint_summary`, in one query.

    With ``backlog`` the complaints open on ``as_of`` from earlier quarters are
    included for ``open_over_standard``, which needs one more small query to
    find how far back the calendar must reach.
    """
    last = min(quarter.end, as_of)
    if backlog:
        day = _day(table.received_at)
        in_quarter = (day >= ibis.literal(quarter.start)) & (day <= ibis.literal(last))
        rows = table.filter(in_quarter | _open_on(table, as_of))
        first = _earliest_received(rows, quarter.start)
    else:
        rows, first = _received_in(table, quarter, as_of), quarter.start
    timed = _with_workdays(rows, calendar, first, as_of)
    received = (timed.received_day >= ibis.literal(quarter.start)) & (timed.received_day <= ibis.literal(last))
    resolved = received & timed.is_resolved
    figures = {
        "received": timed.count(where=received),
        "resolved": timed.count(where=resolved),
        # The filter goes into the argument: Spark rejects ibis's median(where=...) (its percentage is not constant).
        "median_workdays_to_resolve": ibis.ifelse(resolved, timed.workdays_to_resolve, ibis.null("int64")).median(),
        "resolved_within_standard": timed.count(where=resolved & (timed.workdays_to_resolve <= standard_days)),
        "open_over_standard": timed.count(where=~timed.is_resolved & (timed.age_workdays > standard_days)),
    }
    query = timed.group_by("unit_code").aggregate(**figures) if by_unit else timed.aggregate(**figures)
    frame = query.execute()
    counts = ["received", "resolved", "resolved_within_standard", "open_over_standard"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    frame["open"] = frame["received"] - frame["resolved"]
    frame["median_workdays_to_resolve"] = frame["median_workdays_to_resolve"].astype("float64")
    frame["share_within_standard"] = (frame["resolved_within_standard"]
                                      / frame["received"].where(frame["received"] > 0))
    return _unit_sorted(frame, by_unit)


def median_resolution_workdays(complaints: ibis.Table | Dataset, quarter: Quarter | str, by_unit: bool = True,
                               calendar: WorkCalendar | None = None,
                               as_of: date | str | None = None) -> pd.DataFrame:
    """Median working days to resolve the complaints received in a quarter.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        The quarter of receipt.
    by_unit
        One row per unit (default), or one row for all units.
    calendar
        The office calendar; ``WorkCalendar()`` by default.
    as_of
        Resolutions after this day are not counted; default the quarter's end.

    Returns
    -------
    pandas.DataFrame
        ``unit_code`` (when ``by_unit``), ``resolved`` (complaints resolved by
        ``as_of``) and ``median_workdays_to_resolve`` (the middle value, or
        the mean of the two middle values; missing when none was resolved).
    """
    quarter = Quarter.parse(quarter)
    frame = _quarter_figures(_table(complaints), quarter, _as_of(quarter, as_of), _calendar(calendar),
                             DEFAULT_STANDARD_DAYS, by_unit, backlog=False)
    if by_unit:
        frame = frame[frame["received"] > 0]
    keys = ["unit_code"] if by_unit else []
    return frame[[*keys, "resolved", "median_workdays_to_resolve"]].reset_index(drop=True)


def share_within_standard(complaints: ibis.Table | Dataset, quarter: Quarter | str,
                          standard_days: int = DEFAULT_STANDARD_DAYS, by_unit: bool = False,
                          calendar: WorkCalendar | None = None, as_of: date | str | None = None) -> pd.DataFrame:
    """Share of the complaints received in a quarter resolved within the standard.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        The quarter of receipt.
    standard_days
        Working days allowed (default 5): resolved at most this many working
        days after the day of receipt.
    by_unit
        One row per unit, or one row for all units (default).
    calendar
        The office calendar; ``WorkCalendar()`` by default.
    as_of
        Resolutions after this day are not counted; default the quarter's end.

    Returns
    -------
    pandas.DataFrame
        ``unit_code`` (when ``by_unit``), ``received``,
        ``resolved_within_standard`` and ``share_within_standard`` (0-1; missing
        when nothing was received). The denominator is every complaint
        received in the quarter: one still open on ``as_of`` counts as not
        resolved within the standard.
    """
    quarter = Quarter.parse(quarter)
    frame = _quarter_figures(_table(complaints), quarter, _as_of(quarter, as_of), _calendar(calendar),
                             _standard(standard_days), by_unit, backlog=False)
    if by_unit:
        frame = frame[frame["received"] > 0]
    keys = ["unit_code"] if by_unit else []
    return frame[[*keys, "received", "resolved_within_standard", "share_within_standard"]].reset_index(drop=True)


# --- open backlog ----------------------------------------------------------------------------------


def _overdue(table: ibis.Table, as_of: date, calendar: WorkCalendar, standard_days: int) -> ibis.Table:
    open_rows = table.filter(_open_on(table, as_of))
    timed = _with_workdays(open_rows, calendar, _earliest_received(open_rows, as_of), as_of)
    return timed.filter(timed.age_workdays > standard_days)


def open_over_standard(complaints: ibis.Table | Dataset, quarter: Quarter | str, as_of: date | str | None = None,
                       standard_days: int = DEFAULT_STANDARD_DAYS,
                       calendar: WorkCalendar | None = None) -> pd.DataFrame:
    """List the complaints open on a day for longer than the standard.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        Sets the default ``as_of``: its last day.
    as_of
        The day the backlog is read on; default the quarter's end.
    standard_days
        Working days allowed (default 5).
    calendar
        The office calendar; ``WorkCalendar()`` by default.

    Returns
    -------
    pandas.DataFrame
        One row per complaint received on or before ``as_of``, not resolved by
        then, whose ``age_workdays`` (working days after the day of receipt up
        to and including ``as_of``) exceeds ``standard_days``, whatever the
        quarter of receipt: ``complaint_id``, ``unit_code``, ``channel``,
        ``category`` (those present), ``received_at`` and ``age_workdays``,
        oldest first. Never the complaint text.
    """
    quarter = Quarter.parse(quarter)
    table = _table(complaints)
    overdue = _overdue(table, _as_of(quarter, as_of), _calendar(calendar), _standard(standard_days))
    keep = [name for name in _LIST_COLUMNS if name in table.columns]
    frame = overdue.select(*keep, "received_at", "age_workdays").order_by(
        [ibis.desc("age_workdays"), "received_at", *keep]).execute()
    return _microseconds(_nullable_int(frame, "age_workdays"), "received_at")


def open_over_standard_by_unit(complaints: ibis.Table | Dataset, quarter: Quarter | str,
                               as_of: date | str | None = None, standard_days: int = DEFAULT_STANDARD_DAYS,
                               calendar: WorkCalendar | None = None) -> pd.DataFrame:
    """Count per unit the complaints of :func:`open_over_standard`.

    Returns
    -------
    pandas.DataFrame
        ``unit_code``, ``open_over_standard`` and ``oldest_age_workdays``, for
        the units with at least one such complaint, most first.
    """
    quarter = Quarter.parse(quarter)
    overdue = _overdue(_table(complaints), _as_of(quarter, as_of), _calendar(calendar), _standard(standard_days))
    frame = overdue.group_by("unit_code").aggregate(
        open_over_standard=overdue.count(), oldest_age_workdays=overdue.age_workdays.max()).execute()
    frame = _nullable_int(frame, "open_over_standard", "oldest_age_workdays")
    return frame.sort_values(["open_over_standard", "unit_code"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


# --- summary and trend -----------------------------------------------------------------------------


def complaint_summary(complaints: ibis.Table | Dataset, quarter: Quarter | str,
                      standard_days: int = DEFAULT_STANDARD_DAYS, calendar: WorkCalendar | None = None,
                      as_of: date | str | None = None, by_unit: bool = True,
                      units: Sequence[str] | None = None) -> pd.DataFrame:
    """The quarter's complaint figures per unit, in one table.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        The quarter of receipt.
    standard_days
        Working days allowed (default 5).
    calendar
        The office calendar; ``WorkCalendar()`` by default.
    as_of
        The day the state is read on; default the quarter's end.
    by_unit
        One row per unit (default), or one row for all units.
    units
        Unit codes to show even without complaints (e.g. every Puskesmas);
        by default the units with a complaint received in the quarter or open
        over the standard on ``as_of``.

    Returns
    -------
    pandas.DataFrame
        ``unit_code`` (when ``by_unit``); of the complaints received in the
        quarter: ``received``, ``resolved`` and ``open`` on ``as_of``,
        ``median_workdays_to_resolve``, ``resolved_within_standard`` and
        ``share_within_standard`` (of ``received``); and ``open_over_standard``:
        complaints open on ``as_of`` for more than ``standard_days`` working
        days, *including those received in earlier quarters*, so it can exceed
        ``open``.
    """
    quarter = Quarter.parse(quarter)
    frame = _quarter_figures(_table(complaints), quarter, _as_of(quarter, as_of), _calendar(calendar),
                             _standard(standard_days), by_unit, backlog=True)
    columns = ["received", "resolved", "open", "median_workdays_to_resolve", "resolved_within_standard",
               "share_within_standard", "open_over_standard"]
    if not by_unit:
        return frame[columns]
    frame = frame[(frame["received"] > 0) | (frame["open_over_standard"] > 0)]
    if units is not None:
        extra = pd.DataFrame({"unit_code": [code for code in dict.fromkeys(units)
                                            if code not in set(frame["unit_code"])]})
        frame = pd.concat([frame, extra], ignore_index=True)
        counts = ["received", "resolved", "open", "resolved_within_standard", "open_over_standard"]
        frame[counts] = frame[counts].fillna(0).astype("int64")
    return _unit_sorted(frame[["unit_code", *columns]], True)


def complaint_trend(complaints: ibis.Table | Dataset, quarter: Quarter | str, n_quarters: int = 8,
                    by_unit: bool = False) -> pd.DataFrame:
    """Complaints received per quarter, over the ``n_quarters`` ending with ``quarter``.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        The last quarter of the trend.
    n_quarters
        How many quarters, ``quarter`` included (default 8).
    by_unit
        Count per unit: every unit with a complaint in the period gets a row
        for every quarter.

    Returns
    -------
    pandas.DataFrame
        ``quarter`` (label such as "2026-Q3"), ``unit_code`` (when
        ``by_unit``) and ``received`` (nullable integers), oldest quarter
        first; a covered quarter without complaints shows 0, a quarter the
        complaints table does not cover fully shows ``<NA>``: its count is unknown.
    """
    quarter = Quarter.parse(quarter)
    if isinstance(n_quarters, bool) or not isinstance(n_quarters, (int, np.integer)) or n_quarters < 1:
        raise ValueError(f"n_quarters must be a whole number, 1 or more, not {n_quarters!r}.")
    table = _table(complaints)
    first = quarter.previous(int(n_quarters) - 1)
    day = _day(table.received_at)
    rows = table.filter(day >= ibis.literal(first.start), day <= ibis.literal(quarter.end))
    rows = rows.mutate(year=_day(rows.received_at).year(), number=_day(rows.received_at).quarter())
    keys = ["year", "number", *(["unit_code"] if by_unit else [])]
    counts = rows.group_by(keys).aggregate(received=rows.count()).execute()
    counts["quarter"] = [Quarter(int(y), int(n)).label for y, n in zip(counts["year"], counts["number"])]
    labels = [q.label for q in Quarter.range(first, quarter)]
    if by_unit:
        index = pd.MultiIndex.from_product([labels, sorted(counts["unit_code"].unique())],
                                           names=["quarter", "unit_code"])
        series = counts.set_index(["quarter", "unit_code"])["received"]
    else:
        index = pd.Index(labels, name="quarter")
        series = counts.set_index("quarter")["received"]
    span = known.coverage(table, "complaints")
    covered = [q.label for q in known.full_quarters(span, Quarter.range(first, quarter))]
    counts = series.reindex(index, fill_value=0).astype("Int64")
    return counts.mask(~counts.index.get_level_values("quarter").isin(covered)).reset_index()


# --- texts -----------------------------------------------------------------------------------------


def sample_complaint_texts(complaints: ibis.Table | Dataset, quarter: Quarter | str, n: int = 10,
                           random_state: int = 0, unit_code: str | None = None,
                           category: str | None = None, names: Iterable[str] | None = None) -> pd.DataFrame:
    """A reproducible sample of complaint texts of a quarter, names masked, HTML-escaped.

    The texts are written by citizens and may name people. Names are replaced
    by ``[nama]`` with :func:`kinerja.core.privacy.mask_names` (known names, and
    any name after Pak, Bu, ...), which cannot catch every name: show the
    sample only to those entitled to read complaints. The texts are then
    escaped so that a report can show them as HTML without running anything
    written in them.

    Parameters
    ----------
    complaints
        The complaints table (``dataset.complaints``) or the Dataset.
    quarter
        The quarter of receipt.
    n
        At most this many texts.
    random_state
        Seed of the sample; the same seed gives the same sample.
    unit_code, category
        Only complaints of this unit or category.
    names
        Names to mask; by default the employees' names when ``complaints`` is
        a Dataset with an employees table.

    Returns
    -------
    pandas.DataFrame
        ``complaint_id``, ``unit_code``, ``category`` (those present) and
        ``text`` (escaped), for complaints with a text, by complaint id.
    """
    quarter = Quarter.parse(quarter)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a whole number, 0 or more, not {n!r}.")
    if names is None:
        has_employees = isinstance(complaints, Dataset) and complaints.has("employees")
        names = complaints.table("employees")["name"].dropna().tolist() if has_employees else ()
    table = _table(complaints)
    _require(table, "text", "to sample complaint texts")
    rows = _received_in(table, quarter, quarter.end)
    rows = rows.filter(rows.text.notnull() & (rows.text.strip() != ""))
    if unit_code is not None:
        rows = rows.filter(rows.unit_code == unit_code)
    if category is not None:
        _require(table, "category", "to choose texts by category")
        rows = rows.filter(rows.category == category)
    keep = [name for name in ("complaint_id", "unit_code", "category") if name in table.columns]
    frame = rows.select(*keep, "received_at", "text").order_by(["received_at", *keep]).execute()
    frame = frame.sample(n=min(int(n), len(frame)), random_state=random_state).sort_index()
    frame["text"] = mask_names(frame["text"], names).map(html.escape)
    return frame[[*keep, "text"]].reset_index(drop=True)


def surge_baseline_quarters(complaints: ibis.Table | Dataset, quarter: Quarter | str,
                            n_previous: int = 4) -> list[Quarter]:
    """The quarters a surge in ``quarter`` is judged against: those of the ``n_previous`` before it the
    complaints table covers fully (oldest first); empty when ``quarter`` itself is not covered fully or
    fewer than :func:`kinerja.metrics.known.needed_history` are."""
    quarter = Quarter.parse(quarter)
    span = known.coverage(_table(complaints), "complaints")
    before = known.full_quarters(span, Quarter.range(quarter.previous(n_previous), quarter.previous()))
    if span.state(quarter) != "full" or len(before) < known.needed_history(n_previous):
        return []
    return before


def complaint_surges(complaints: ibis.Table | Dataset, quarter: Quarter | str, n_previous: int = 4,
                     factor: float = 2.0, minimum: int = 5) -> pd.DataFrame:
    """Units whose complaints in ``quarter`` jumped against their own recent past.

    A unit surges when it received at least ``minimum`` complaints in the
    quarter and at least ``factor`` times its mean over the quarters before
    it that the complaints table covers, of the last ``n_previous``
    (:func:`surge_baseline_quarters`; covered quarters without complaints
    count as 0). Without enough covered history no unit surges.

    Returns
    -------
    pandas.DataFrame
        ``unit_code``, ``received``, ``previous_mean``, most complaints first;
        empty when no unit surges.
    """
    quarter = Quarter.parse(quarter)
    columns = ["unit_code", "received", "previous_mean"]
    before = [q.label for q in surge_baseline_quarters(complaints, quarter, n_previous)]
    if not before:
        return pd.DataFrame({"unit_code": pd.Series([], dtype="str"), "received": pd.Series([], dtype="int64"),
                             "previous_mean": pd.Series([], dtype="float64")})
    trend = complaint_trend(complaints, quarter, n_quarters=n_previous + 1, by_unit=True)
    wide = trend.pivot(index="unit_code", columns="quarter", values="received").astype("float64")
    current = wide[quarter.label] if quarter.label in wide else pd.Series(0.0, index=wide.index)
    previous = wide[before].mean(axis=1)
    surging = (current >= minimum) & (current >= factor * previous)
    table = pd.DataFrame({"unit_code": wide.index, "received": current.astype(int).to_numpy(),
                          "previous_mean": previous.to_numpy()})[surging.to_numpy()]
    return table[columns].sort_values("received", ascending=False, kind="stable").reset_index(drop=True)
