"""Minutes of work reported in e-Kinerja: per day, per person and per unit.

Each activity may record the minutes it took (``duration_minutes``). A
person's *daily minutes* are the minutes of all their activities of one day.
For a quarter this module measures, over the days a person reported with a
duration on an *available* day (a working day no absence covers,
:mod:`kinerja.metrics.absences`):

- the median daily minutes, per person and pooled over a unit's days;
- with a minimum set (``minimum_minutes``, e.g. the effective minutes a
  local rule asks for), the share of those days under it. There is no
  national minimum: the default is unset and the share is then missing;
- days over 16 hours (:data:`IMPLAUSIBLE_MINUTES`), which no one works: a
  mistake in the entry, counted here and listed by :func:`implausible_days`
  on any day of the quarter.

Days without any report are left to the reporting rate
(:mod:`kinerja.metrics.ekinerja`) and do not enter these figures. Where the
e-Kinerja reporting of a unit is unknown (:func:`kinerja.metrics.ekinerja.known_units`)
its figures are missing, and where the log has no ``duration_minutes``
column :func:`has_minutes` is False and nothing is measured.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import ibis
import ibis.expr.types as ir
import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.metrics.absences import DAY_BITS, available_days
from kinerja.metrics.ekinerja import known_units

__all__ = ["IMPLAUSIBLE_MINUTES", "employee_minutes", "has_minutes", "implausible_days", "unit_minutes"]

IMPLAUSIBLE_MINUTES = 16 * 60
"""Daily minutes above which a day is implausible (16 hours)."""


def has_minutes(data: Dataset) -> bool:
    """Whether the dataset's e-Kinerja log records the minutes of its activities."""
    return data.has("activities") and "duration_minutes" in data.activities.columns


def _daily(data: Dataset, q: Quarter) -> ir.Table:
    """Minutes per person and day of the quarter, over the activities with a duration."""
    acts = data.activities
    acts = acts.filter(acts.activity_date.between(q.start, q.end) & acts.duration_minutes.notnull())
    return acts.group_by(nip=acts.nip, day=acts.activity_date).agg(minutes=acts.duration_minutes.sum())


def _available_daily(data: Dataset, q: Quarter, calendar_options: dict[str, object],
                     minimum_minutes: int | None) -> ir.Table:
    """The daily minutes of available days, with the person's unit and whether the day is under the minimum."""
    people = available_days(data, q, **calendar_options)[["nip", "unit_code", "available_low", "available_high"]]
    daily = _daily(data, q).join(ibis.memtable(people), "nip")
    offset = daily.day.delta(ibis.literal(q.start, "date"), unit="day")
    bit = ibis.ifelse(offset < DAY_BITS, (daily.available_low >> offset) & 1,
                      (daily.available_high >> (offset - DAY_BITS)) & 1)
    under = (daily.minutes < minimum_minutes).cast("int64") if minimum_minutes is not None else ibis.null("int64")
    return daily.filter(bit == 1).select("nip", "unit_code", "minutes", under=under,
                                         implausible=(daily.minutes > IMPLAUSIBLE_MINUTES).cast("int64"))


def _check_minimum(minimum_minutes: int | None) -> None:
    if minimum_minutes is not None and (isinstance(minimum_minutes, bool) or not isinstance(minimum_minutes, int)
                                        or not 0 < minimum_minutes <= 24 * 60):
        raise ValueError(f"minimum_minutes must be a whole number of minutes from 1 to 1440, or unset, "
                         f"not {minimum_minutes!r}.")


def _measure(days: ir.Table, key: str, minimum_minutes: int | None) -> pd.DataFrame:
    stats = days.group_by(key).agg(
        days_with_minutes=days.count(),
        median_daily_minutes=days.minutes.median(),
        days_under_minimum=days.under.sum(),
        implausible_days=days.implausible.sum(),
    ).to_pandas()
    stats["days_with_minutes"] = stats["days_with_minutes"].astype("int64")
    stats["implausible_days"] = stats["implausible_days"].astype("int64")
    stats["median_daily_minutes"] = stats["median_daily_minutes"].astype("float64")
    if minimum_minutes is None:
        stats["days_under_minimum"] = pd.array([pd.NA] * len(stats), dtype="Int64")
    stats["days_under_minimum"] = stats["days_under_minimum"].astype("Int64")
    stats["share_under_minimum"] = (stats["days_under_minimum"].astype("Float64")
                                    / stats["days_with_minutes"]).astype("float64")
    return stats


def _finish(base: pd.DataFrame, stats: pd.DataFrame, key: str, q: Quarter, known: set[str]) -> pd.DataFrame:
    table = base.merge(stats, on=key, how="left")
    table.insert(table.columns.get_loc("unit_code") + 1, "quarter", q.label)
    table["days_with_minutes"] = table["days_with_minutes"].fillna(0).astype("int64")
    table["implausible_days"] = table["implausible_days"].fillna(0).astype("int64")
    table["known"] = table["unit_code"].isin(known)
    unknown = ~table["known"]
    for column in ("median_daily_minutes", "share_under_minimum"):
        table[column] = table[column].astype("float64").mask(unknown)
    for column in ("days_with_minutes", "days_under_minimum", "implausible_days"):
        table[column] = table[column].astype("Int64").mask(unknown)
    return table.sort_values(list(dict.fromkeys(["unit_code", key]))).reset_index(drop=True)


def employee_minutes(data: Dataset, quarter: Quarter | str, *, minimum_minutes: int | None = None,
                     include_cuti_bersama: bool = True, extra_holidays: Iterable[date | str] = (),
                     extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Measure each employee's reported minutes per available day in a quarter.

    Parameters
    ----------
    data
        A Dataset with ``units``, ``employees`` and ``activities`` holding ``duration_minutes``.
    quarter
        The quarter.
    minimum_minutes
        The daily minutes a day should reach; None (default): no minimum.
    include_cuti_bersama, extra_holidays, extra_workdays
        Calendar options (see :class:`~kinerja.core.periods.WorkCalendar`).

    Returns
    -------
    pandas.DataFrame
        One row per employee, sorted by unit and NIP: ``nip``, ``unit_code``,
        ``quarter``, ``days_with_minutes`` (available days with a reported
        duration), ``median_daily_minutes``, ``days_under_minimum``,
        ``share_under_minimum`` (missing without a minimum),
        ``implausible_days`` (over 16 hours) and ``known``.
    """
    _check_minimum(minimum_minutes)
    q = Quarter.parse(quarter)
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    stats = _measure(_available_daily(data, q, options, minimum_minutes), "nip", minimum_minutes)
    base = available_days(data, q, **options)[["nip", "unit_code"]]
    return _finish(base, stats, "nip", q, known_units(data, q))


def unit_minutes(data: Dataset, quarter: Quarter | str, *, minimum_minutes: int | None = None,
                 include_cuti_bersama: bool = True, extra_holidays: Iterable[date | str] = (),
                 extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Measure the reported minutes per available day of each unit, pooled over its employees' days.

    Parameters
    ----------
    data, quarter, minimum_minutes, include_cuti_bersama, extra_holidays, extra_workdays
        As for :func:`employee_minutes`.

    Returns
    -------
    pandas.DataFrame
        One row per unit with employees: ``unit_code``, ``quarter`` and the
        columns of :func:`employee_minutes`, over all the unit's days.
    """
    _check_minimum(minimum_minutes)
    q = Quarter.parse(quarter)
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    stats = _measure(_available_daily(data, q, options, minimum_minutes), "unit_code", minimum_minutes)
    base = available_days(data, q, **options)[["unit_code"]].drop_duplicates()
    return _finish(base, stats, "unit_code", q, known_units(data, q))


def implausible_days(data: Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """List the days of a quarter on which a person reported more than 16 hours of activities.

    Returns
    -------
    pandas.DataFrame
        ``nip``, ``day`` (datetime64), ``minutes`` and ``activities``,
        sorted by NIP and day; for the restricted annex of a run.
    """
    q = Quarter.parse(quarter)
    acts = data.activities
    acts = acts.filter(acts.activity_date.between(q.start, q.end) & acts.duration_minutes.notnull())
    daily = acts.group_by(nip=acts.nip, day=acts.activity_date).agg(minutes=acts.duration_minutes.sum(),
                                                                     activities=acts.count())
    frame = daily.filter(daily.minutes > IMPLAUSIBLE_MINUTES).to_pandas()
    frame = frame.astype({"nip": "str", "minutes": "int64", "activities": "int64"})
    frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[us]")
    return frame.sort_values(["nip", "day"]).reset_index(drop=True)
