"""e-Kinerja: how regularly and how promptly ASN report their daily activities.

ASN report each day's activities in e-Kinerja, ideally the same day; their
supervisor (atasan) approves them. For a quarter this module measures, per
employee and per unit:

- working days: by the unit's calendar (``workdays_per_week`` from the units
  table, else :meth:`~kinerja.core.periods.WorkCalendar.for_unit_type`), public
  holidays and cuti bersama excluded;
- absence days: working days a spell of leave, official travel or training
  covers (:mod:`kinerja.metrics.absences`); the *available days* are the
  working days without them;
- days with a report: distinct activity dates that are available days;
- reporting rate: days with a report / available days (missing, not 0,
  for an employee away on every working day);
- on-time rate: share of activities submitted on the activity day, or at
  most ``late_tolerance_days`` calendar days later (default 0: same day);
- approval lag: hours from ``submitted_at`` to ``approved_at``, median and
  90th percentile (linear interpolation), over approved activities;
- share never approved: activities whose status is not ``approved`` (still
  waiting or rejected) or that have no ``approved_at``.

The activities table can be large, so everything is expressed in Ibis and
executed once per function; the working days enter as a small in-memory
table (one row per unit and working day) that is joined with the
activities. Results come back as pandas DataFrames. Employees without any
activity in the quarter are kept (left join from the employees table), with
a reporting rate of 0.

Known and unknown
-----------------
A log that holds no row for a period says nothing about it. Reporting in a
quarter is *known* for a unit when the activities table covers the quarter
fully (:mod:`kinerja.data.coverage`) and the unit's own rows do not end
before it, nor begin after it (:func:`kinerja.metrics.known.units_outside`):
such a unit is unknown, not silent. Every table
here has a column ``known``; where it is False, rates are missing (NaN) and
counts of reports are missing (``<NA>``), never 0, and nobody of the unit is
listed as without reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from kinerja.core.calendars import unit_calendars
from kinerja.core.periods import Quarter, WorkCalendar
from kinerja.data.dataset import Dataset
from kinerja.data.engines import elapsed
from kinerja.metrics import known
from kinerja.metrics.absences import (
    DAY_BITS,
    absence_masks,
    absence_spells,
    available_days,
    days_in_masks,
    quarter_masks,
    staff_frame,
)

__all__ = [
    "DEFAULT_LATE_TOLERANCE_DAYS",
    "DEFAULT_NO_REPORT_DAYS",
    "absence_days_by_kind",
    "employee_reporting",
    "known_units",
    "no_recent_report",
    "no_recent_report_per_unit",
    "organisation_reporting",
    "unit_reporting",
    "weekly_reporting",
]

DEFAULT_LATE_TOLERANCE_DAYS = 0
"""Calendar days after the activity day a report still counts as on time (0: the same day)."""
DEFAULT_NO_REPORT_DAYS = 5
"""Working days without any report after which an ASN is listed by :func:`no_recent_report`."""


# --- shared expressions ----------------------------------------------------------------------------


def _check_tolerance(late_tolerance_days: int) -> None:
    if isinstance(late_tolerance_days, bool) or not isinstance(late_tolerance_days, int) or late_tolerance_days < 0:
        raise ValueError(f"late_tolerance_days must be a whole number of 0 or more, not {late_tolerance_days!r}.")


def _staff(data: Dataset) -> ir.Table:
    return ibis.memtable(staff_frame(data))


def _activities(data: Dataset, q: Quarter, late_tolerance_days: int) -> ir.Table:
    """The quarter's activities with per-row on-time, approval and lag (hours)."""
    acts = data.activities
    acts = acts.filter(acts.activity_date.between(q.start, q.end))
    approved = (acts.status == "approved") & acts.approved_at.notnull()
    lag = elapsed(acts.submitted_at, acts.approved_at, "hour")
    late_by = acts.submitted_at.date().delta(acts.activity_date, unit="day")
    return acts.select(
        nip=acts.nip,
        day=acts.activity_date,
        on_time=(late_by <= late_tolerance_days).cast("int64"),
        approved=approved.cast("int64"),
        lag_hours=ibis.ifelse(approved, lag, ibis.null("float64")),
    )


def _activity_stats(acts: ir.Table, key: str, **more: ir.Value) -> ir.Table:
    """Activities, on-time and approved counts and the approval lags per ``key``, plus the ``more`` aggregates."""
    stats = acts.group_by(key).agg(
        activities=acts.count(),
        on_time=acts.on_time.sum(),
        approved=acts.approved.sum(),
        # Both quantiles from one sort of each group's lags, not two.
        approval_lags=acts.lag_hours.quantile([0.5, 0.9]),
        **more,
    )
    return stats.mutate(approval_lag_median_hours=stats.approval_lags[0],
                        approval_lag_p90_hours=stats.approval_lags[1]).drop("approval_lags")


@ibis.udf.scalar.builtin
def bit_count(value: int) -> int:
    """Number of bits set in an integer (a function of DuckDB and Spark SQL alike)."""


@ibis.udf.agg.builtin
def bit_or(value: int) -> int:
    """Bitwise OR of a group's integers (DuckDB and Spark SQL alike; ibis's own has no Spark rule)."""


def _day_bits(offset: ir.IntegerValue) -> tuple[ir.IntegerValue, ir.IntegerValue]:
    """The bit of a day of the quarter (0 = its first day) in a two-word mask: (days 0-61, days 62-91)."""
    one = ibis.literal(1).cast("int64")  # a cast, not a typed literal: Spark reads a bare 1 as a 32-bit int
    return (ibis.ifelse(offset < DAY_BITS, one << offset, 0),
            ibis.ifelse(offset >= DAY_BITS, one << (offset - DAY_BITS), 0))


def _reported_day_masks(data: Dataset, q: Quarter) -> ir.Table:
    """Per employee: the days of the quarter with at least one activity, as a two-word bitmask."""
    acts = _activities(data, q, DEFAULT_LATE_TOLERANCE_DAYS)
    low, high = _day_bits(acts.day.delta(ibis.literal(q.start, "date"), unit="day"))
    return acts.group_by("nip").agg(days_low=bit_or(low), days_high=bit_or(high))


def _without_report(employees: ir.Table) -> ir.BooleanValue:
    """Employees with available days and no report on any of them (one away all quarter is not counted)."""
    return (employees.days_reported == 0) & (employees.available_days > 0)


def _rate(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    return ibis.ifelse(denominator > 0, numerator.cast("float64") / denominator, ibis.null("float64"))


def _employee_expr(data: Dataset, q: Quarter, late_tolerance_days: int,
                   calendar_options: dict[str, object]) -> ir.Table:
    # One pass over the activities: the days an employee reported are collected as bits of a
    # day-of-quarter mask (bit_or), so no (employee, day) pairs are ever materialised, and
    # counted against the employee's available-day mask.
    acts = _activities(data, q, late_tolerance_days)
    low, high = _day_bits(acts.day.delta(ibis.literal(q.start, "date"), unit="day"))
    stats = _activity_stats(acts, "nip", days_low=bit_or(low), days_high=bit_or(high))
    table = ibis.memtable(available_days(data, q, **calendar_options).drop(columns=["workday_low", "workday_high"]))
    table = table.join(stats, "nip", how="left").drop("nip_right")
    activities = table.activities.fill_null(0)
    approved = table.approved.fill_null(0)
    days_reported = (bit_count(table.days_low & table.available_low)
                     + bit_count(table.days_high & table.available_high)).fill_null(0)
    return table.select(
        "nip", "name", "unit_code",
        quarter=ibis.literal(q.label),
        workdays=table.workdays,
        absence_days=table.absence_days,
        available_days=table.available_days,
        days_reported=days_reported,
        reporting_rate=_rate(days_reported, table.available_days),
        activities=activities,
        on_time_rate=_rate(table.on_time.fill_null(0), activities),
        approval_lag_median_hours=table.approval_lag_median_hours,
        approval_lag_p90_hours=table.approval_lag_p90_hours,
        never_approved_share=_rate(activities - approved, activities),
    )


_REPORT_COUNTS = ("days_reported", "activities", "employees_without_report", "without_report")
"""Counts of reports (or of people without any): missing, not 0, where reporting is unknown."""
_REPORT_RATES = ("reporting_rate", "on_time_rate", "approval_lag_median_hours", "approval_lag_p90_hours",
                 "never_approved_share", "share")


def known_units(data: Dataset, quarter: Quarter | str) -> set[str]:
    """The units whose e-Kinerja reporting in ``quarter`` is known (see the module notes).

    Empty when the activities table does not cover the quarter fully; else
    every unit but those whose own records end before the quarter or begin
    after it (:func:`kinerja.metrics.known.units_outside`).
    """
    q = Quarter.parse(quarter)
    span = known.coverage(data, "activities")
    if span.state(q) != "full":
        return set()
    return set(data.units["unit_code"].astype(str)) - known.units_outside(span, q)


def _mark_known(frame: pd.DataFrame, known_rows: pd.Series | bool) -> pd.DataFrame:
    """Add ``known``, and blank the rates and report counts of the rows whose reporting is unknown."""
    frame["known"] = known_rows
    frame["known"] = frame["known"].astype(bool)
    unknown = ~frame["known"]
    for column in _REPORT_COUNTS:
        if column in frame.columns:
            frame[column] = frame[column].astype("Int64").mask(unknown)
    for column in _REPORT_RATES:
        if column in frame.columns:
            frame[column] = frame[column].astype("float64").mask(unknown)
    return frame


def _finish(frame: pd.DataFrame, order: list[str] | None) -> pd.DataFrame:
    """Give counts whole-number and text string types, and sort the rows by ``order``.

    ``order`` is None for rows the engine has sorted already: sorting a country's employees costs pandas
    seconds, the engine a fraction of one.
    """
    for column in frame.columns:
        if column in _REPORT_COUNTS and frame[column].dtype == "Int64":
            continue
        if column in ("workdays", "absence_days", "available_days", "days_reported", "activities", "employees",
                      "employees_without_report", "employee_days"):
            frame[column] = frame[column].astype("int64")
        elif frame[column].dtype == object and column not in ("week_start", "window_start", "window_end",
                                                                "last_activity_date"):
            frame[column] = frame[column].astype("str")
    return frame if order is None else frame.sort_values(order, kind="stable").reset_index(drop=True)


# --- public functions ------------------------------------------------------------------------------


def employee_reporting(data: Dataset, quarter: Quarter | str, *,
                       late_tolerance_days: int = DEFAULT_LATE_TOLERANCE_DAYS,
                       include_cuti_bersama: bool = True, extra_holidays: Iterable[date | str] = (),
                       extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Measure each employee's e-Kinerja reporting in a quarter.

    Parameters
    ----------
    data
        A Dataset with ``units``, ``employees`` and ``activities``.
    quarter
        The quarter, e.g. ``"2026-Q3"``.
    late_tolerance_days
        Calendar days after the activity day a submission still counts as
        on time; 0 (default) means the same day.
    include_cuti_bersama, extra_holidays, extra_workdays
        Calendar options (see :class:`~kinerja.core.periods.WorkCalendar`).

    Returns
    -------
    pandas.DataFrame
        One row per employee of the employees table, sorted by unit and NIP:
        ``nip``, ``name``, ``unit_code``, ``quarter``, ``workdays`` (of the
        unit's calendar), ``absence_days`` (working days an absence covers,
        :mod:`kinerja.metrics.absences`), ``available_days`` (workdays -
        absence_days), ``days_reported`` (available days with a report),
        ``reporting_rate`` (days_reported / available_days), ``activities``,
        ``on_time_rate``, ``approval_lag_median_hours``,
        ``approval_lag_p90_hours``, ``never_approved_share`` and ``known``.
        Rates are 0-1; an employee with no activity has ``days_reported`` 0,
        reporting rate 0 and missing on-time rate, lags and never-approved
        share; one with no available day has a missing reporting rate; an
        employee whose unit's reporting is unknown (``known`` False) has
        every rate and count missing (:func:`known_units`).
    """
    _check_tolerance(late_tolerance_days)
    q = Quarter.parse(quarter)
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    frame = _employee_expr(data, q, late_tolerance_days, options).order_by("unit_code", "nip").to_pandas()
    frame = _mark_known(frame, frame["unit_code"].astype(str).isin(known_units(data, q)))
    return _finish(frame, None)


def absence_days_by_kind(data: Dataset, quarter: Quarter | str, *, include_cuti_bersama: bool = True,
                         extra_holidays: Iterable[date | str] = (),
                         extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Count each employee's working days away in a quarter, by kind of absence.

    A day covered by two kinds counts once, for the kind
    :func:`kinerja.metrics.absences.absence_masks` gives it, so the kinds of
    a person add up to their ``absence_days`` in :func:`employee_reporting`.

    Returns
    -------
    pandas.DataFrame
        ``nip``, ``unit_code``, ``kind`` and ``days`` (working days of the
        unit's calendar), one row per employee and kind with at least one
        such day, sorted by unit, NIP and kind.
    """
    q = Quarter.parse(quarter)
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    people = available_days(data, q, **options)[["nip", "unit_code", "workday_low", "workday_high"]]
    kinds = absence_masks(data, q, by_kind=True).merge(people, on="nip")
    kinds["days"] = days_in_masks(kinds["low"] & kinds["workday_low"], kinds["high"] & kinds["workday_high"])
    kinds = kinds.loc[kinds["days"] > 0, ["nip", "unit_code", "kind", "days"]]
    return kinds.sort_values(["unit_code", "nip", "kind"]).reset_index(drop=True)


def unit_reporting(data: Dataset, quarter: Quarter | str, *,
                   late_tolerance_days: int = DEFAULT_LATE_TOLERANCE_DAYS,
                   include_cuti_bersama: bool = True, extra_holidays: Iterable[date | str] = (),
                   extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Measure e-Kinerja reporting per unit in a quarter.

    Parameters
    ----------
    data, quarter, late_tolerance_days, include_cuti_bersama, extra_holidays, extra_workdays
        As for :func:`employee_reporting`.

    Returns
    -------
    pandas.DataFrame
        One row per unit with employees: ``unit_code``, ``unit_name``,
        ``quarter``, ``employees``, ``workdays`` (of the unit's calendar),
        ``absence_days`` (the employees' working days away, summed),
        ``employee_days`` (the employees' available days, summed),
        ``days_reported``, ``reporting_rate`` (days_reported /
        employee_days), ``employees_without_report`` (with available days
        and no report on any), ``activities``,
        ``on_time_rate`` (pooled over the unit's activities),
        ``approval_lag_median_hours``, ``approval_lag_p90_hours`` (pooled
        over approved activities), ``never_approved_share`` and ``known``
        (False: the unit's reporting is unknown, its rates and report counts
        missing; :func:`known_units`).
    """
    _check_tolerance(late_tolerance_days)
    q = Quarter.parse(quarter)
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    employees = _employee_expr(data, q, late_tolerance_days, options)
    per_unit = employees.group_by("unit_code").agg(
        employees=employees.count(),
        workdays=employees.workdays.max(),
        absence_days=employees.absence_days.sum(),
        employee_days=employees.available_days.sum(),
        days_reported=employees.days_reported.sum(),
        employees_without_report=_without_report(employees).cast("int64").sum(),
    )
    staff = _staff(data)
    acts = _activities(data, q, late_tolerance_days).join(staff.select("nip", "unit_code"), "nip")
    stats = _activity_stats(acts, "unit_code")
    units = ibis.memtable(data.units[["unit_code", "unit_name"]].astype("str"))
    table = per_unit.join(units, "unit_code", how="left").drop("unit_code_right")
    table = table.join(stats, "unit_code", how="left").drop("unit_code_right")
    activities = table.activities.fill_null(0)
    result = table.select(
        "unit_code", "unit_name",
        quarter=ibis.literal(q.label),
        employees=table.employees,
        workdays=table.workdays,
        absence_days=table.absence_days,
        employee_days=table.employee_days,
        days_reported=table.days_reported,
        reporting_rate=_rate(table.days_reported, table.employee_days),
        employees_without_report=table.employees_without_report,
        activities=activities,
        on_time_rate=_rate(table.on_time.fill_null(0), activities),
        approval_lag_median_hours=table.approval_lag_median_hours,
        approval_lag_p90_hours=table.approval_lag_p90_hours,
        never_approved_share=_rate(activities - table.approved.fill_null(0), activities),
    )
    frame = result.to_pandas()
    return _finish(_mark_known(frame, frame["unit_code"].astype(str).isin(known_units(data, q))), ["unit_code"])


def organisation_reporting(data: Dataset, quarter: Quarter | str, *, units: Iterable[str] | None = None,
                           late_tolerance_days: int = DEFAULT_LATE_TOLERANCE_DAYS,
                           include_cuti_bersama: bool = True, extra_holidays: Iterable[date | str] = (),
                           extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Measure e-Kinerja reporting of several units taken together (the whole organisation).

    The measures of :func:`unit_reporting`, pooled over the employees and the
    activities of every unit (or of ``units``): the reporting rate is all
    days reported over all employee working days, the on-time rate and the
    approval lags are over all activities. This is not the mean of the
    units' rates, which would weigh a unit of 15 ASN like one of 85.

    Parameters
    ----------
    data, quarter, late_tolerance_days, include_cuti_bersama, extra_holidays, extra_workdays
        As for :func:`employee_reporting`.
    units
        Unit codes to pool; None (default) for every unit.

    Returns
    -------
    pandas.DataFrame
        One row: ``quarter``, ``units`` (units with employees), ``employees``,
        ``absence_days``, ``employee_days`` (available days),
        ``days_reported``, ``reporting_rate``,
        ``employees_without_report``, ``activities``, ``on_time_rate``,
        ``approval_lag_median_hours``, ``approval_lag_p90_hours``,
        ``never_approved_share``, ``unknown_units`` (units with employees
        whose reporting is unknown, left out of the pool) and ``known``
        (False when no unit's reporting is known: rates and report counts
        missing); rates are missing when nothing was counted.

    Raises
    ------
    ValueError
        When ``units`` names a unit that is not in the units table.
    """
    _check_tolerance(late_tolerance_days)
    q = Quarter.parse(quarter)
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    employees = _employee_expr(data, q, late_tolerance_days, options)
    acts = _activities(data, q, late_tolerance_days).join(_staff(data).select("nip", "unit_code"), "nip")
    if units is not None:
        codes = [units] if isinstance(units, str) else [str(code) for code in units]
        known = set(data.units["unit_code"].astype(str))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValueError(f"units names {unknown[0]!r}, which is not in the units table.")
        employees = employees.filter(employees.unit_code.isin(codes))
        acts = acts.filter(acts.unit_code.isin(codes))
    staffed = set(employees.select("unit_code").distinct().to_pandas()["unit_code"].astype(str))
    covered = sorted(known_units(data, q) & staffed)
    employees = employees.filter(employees.unit_code.isin(covered))
    acts = acts.filter(acts.unit_code.isin(covered))
    people = employees.aggregate(
        units=employees.unit_code.nunique(),
        employees=employees.count(),
        absence_days=employees.absence_days.sum(),
        employee_days=employees.available_days.sum(),
        days_reported=employees.days_reported.sum(),
        employees_without_report=_without_report(employees).cast("int64").sum(),
    ).to_pandas().iloc[0]
    stats = acts.aggregate(
        activities=acts.count(),
        on_time=acts.on_time.sum(),
        approved=acts.approved.sum(),
        approval_lag_median_hours=acts.lag_hours.median(),
        approval_lag_p90_hours=acts.lag_hours.quantile(0.9),
    ).to_pandas().iloc[0]

    def whole(value: object) -> int:
        return 0 if pd.isna(value) else int(value)

    def share(numerator: int, denominator: int) -> float:
        return numerator / denominator if denominator > 0 else float("nan")

    employee_days, days_reported = whole(people["employee_days"]), whole(people["days_reported"])
    activities = whole(stats["activities"])
    row = {
        "quarter": q.label,
        "units": whole(people["units"]),
        "employees": whole(people["employees"]),
        "absence_days": whole(people["absence_days"]),
        "employee_days": employee_days,
        "days_reported": days_reported,
        "reporting_rate": share(days_reported, employee_days),
        "employees_without_report": whole(people["employees_without_report"]),
        "activities": activities,
        "on_time_rate": share(whole(stats["on_time"]), activities),
        "approval_lag_median_hours": float(stats["approval_lag_median_hours"])
        if pd.notna(stats["approval_lag_median_hours"]) else float("nan"),
        "approval_lag_p90_hours": float(stats["approval_lag_p90_hours"])
        if pd.notna(stats["approval_lag_p90_hours"]) else float("nan"),
        "never_approved_share": share(activities - whole(stats["approved"]), activities),
        "unknown_units": len(staffed) - len(covered),
    }
    return _mark_known(pd.DataFrame([row]).astype({"quarter": "str", "unknown_units": "int64"}), bool(covered))


def weekly_reporting(data: Dataset, quarter: Quarter | str, *, include_cuti_bersama: bool = True,
                     extra_holidays: Iterable[date | str] = (),
                     extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Reporting rate per unit and ISO week of a quarter: the weekly trend.

    Only the quarter's own working days count, so the first and last weeks
    of a quarter may be short. Weeks without any working day for a unit
    (e.g. a week of holidays) do not appear for it. As for the quarter, a
    day an employee was away (:mod:`kinerja.metrics.absences`) counts
    neither as reported nor as expected.

    Returns
    -------
    pandas.DataFrame
        One row per unit and week: ``unit_code``, ``iso_year``, ``iso_week``,
        ``week_start`` (the Monday, datetime64), ``employees``,
        ``workdays`` (of the unit's calendar in the week), ``employee_days``
        (the employees' available days in the week), ``days_reported`` and
        ``reporting_rate`` (days_reported / employee_days).
    """
    q = Quarter.parse(quarter)
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    days = pd.date_range(q.start, q.end)
    iso = days.isocalendar()
    weeks = pd.DataFrame({"iso_year": iso["year"].to_numpy(), "iso_week": iso["week"].to_numpy(),
                          "week_start": (days - pd.to_timedelta(days.day_of_week, unit="D")).to_numpy(),
                          "offset": range(len(days))})
    weeks = weeks.groupby(["iso_year", "iso_week", "week_start"], as_index=False)["offset"].agg(list)
    masks = [quarter_masks(offsets) for offsets in weeks.pop("offset")]
    weeks["week_low"], weeks["week_high"] = [m[0] for m in masks], [m[1] for m in masks]
    weeks = weeks.astype({"iso_year": "int64", "iso_week": "int64", "week_start": "datetime64[us]"})
    people = available_days(data, q, **options)
    # One row per employee and week (never per employee and day), inside the engine.
    table = ibis.memtable(people[["nip", "unit_code", "available_low", "available_high"]])
    table = table.join(_reported_day_masks(data, q), "nip", how="left").drop("nip_right")
    table = table.cross_join(ibis.memtable(weeks))
    available_low, available_high = table.available_low & table.week_low, table.available_high & table.week_high
    per_employee = table.select(
        "unit_code", "iso_year", "iso_week",
        available=bit_count(available_low) + bit_count(available_high),
        reported=(bit_count(table.days_low & available_low) + bit_count(table.days_high & available_high))
        .fill_null(0),
    )
    reported = per_employee.group_by("unit_code", "iso_year", "iso_week").agg(
        employee_days=per_employee.available.sum(), days_reported=per_employee.reported.sum()).to_pandas()
    base = people[["unit_code", "workday_low", "workday_high"]].drop_duplicates("unit_code").merge(weeks, how="cross")
    base["workdays"] = days_in_masks(base["workday_low"] & base["week_low"], base["workday_high"] & base["week_high"])
    base = base[base["workdays"] > 0].merge(people.groupby("unit_code").size().rename("employees").reset_index(),
                                             on="unit_code")
    result = base.merge(reported, on=["unit_code", "iso_year", "iso_week"], how="left")
    result["employee_days"] = result["employee_days"].fillna(0).astype("int64")
    result["days_reported"] = result["days_reported"].fillna(0).astype("int64")
    result["reporting_rate"] = (result["days_reported"] / result["employee_days"]).where(result["employee_days"] > 0)
    columns = ["unit_code", "iso_year", "iso_week", "week_start", "employees", "workdays", "employee_days",
               "days_reported", "reporting_rate"]
    return _finish(result[columns].copy(), ["unit_code", "iso_year", "iso_week"])


def no_recent_report(data: Dataset, quarter: Quarter | str, n: int = DEFAULT_NO_REPORT_DAYS, *,
                     until: date | str | None = None, include_cuti_bersama: bool = True,
                     extra_holidays: Iterable[date | str] = (),
                     extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """List the ASN with no report on any of the last ``n`` working days up to the quarter's end.

    A report counts for the day of the activity (``activity_date``), whenever
    it was submitted. The working days are those of the employee's unit.

    Parameters
    ----------
    data
        A Dataset with ``units``, ``employees`` and ``activities``.
    quarter
        The quarter; the window ends on its last day unless ``until`` is given.
    n
        Working days in the window (default 5, a working week).
    until
        Last day of the window, instead of the quarter's end.
    include_cuti_bersama, extra_holidays, extra_workdays
        Calendar options.

    Returns
    -------
    pandas.DataFrame
        One row per ASN without a report in the window, sorted by unit and
        NIP: ``nip``, ``name``, ``unit_code``, ``window_start``,
        ``window_end`` (datetime64), ``workdays_in_window``,
        ``last_activity_date`` (the latest activity on or before the window's
        end, missing if none) and ``days_since_last_activity`` (calendar days
        from it to the window's end). ``workdays_in_window`` counts the
        window's days the person was not away (:mod:`kinerja.metrics.absences`);
        one away on every day of the window is not listed. ASN of units
        whose reporting in the quarter is unknown (:func:`known_units`) are
        never listed.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of working days, 1 or more, not {n!r}.")
    q = Quarter.parse(quarter)
    end = q.end if until is None else pd.Timestamp(until).date()
    calendars = unit_calendars(data.units, include_cuti_bersama=include_cuti_bersama,
                               extra_holidays=extra_holidays, extra_workdays=extra_workdays)
    windows = {}
    rows = []
    for code, calendar in calendars.items():
        if calendar not in windows:
            windows[calendar] = calendar.last_workdays(n, end)
        rows.extend((code, day, windows[calendar][0], windows[calendar][-1]) for day in windows[calendar])
    window = ibis.memtable(pd.DataFrame(rows, columns=["unit_code", "day", "window_start", "window_end"])
                           .astype({"unit_code": "str"}))
    staff = _staff(data)
    acts = data.activities
    before = acts.filter(acts.activity_date <= end)
    # Per employee, never per employee and day: the latest activity, and whether any activity of the
    # windows' days falls on a day of the employee's own window.
    last = before.group_by("nip").agg(last_activity_date=before.activity_date.max())
    recent = before.filter(before.activity_date >= min((days[0] for days in windows.values()), default=end))
    in_window = (recent.select(nip=recent.nip, day=recent.activity_date)
                 .join(staff.select("nip", "unit_code"), "nip").join(window, ["unit_code", "day"]))
    reporters = in_window.select("nip").distinct().mutate(reported=ibis.literal(1))
    bounds = window.group_by("unit_code").agg(window_start=window.window_start.min(),
                                              window_end=window.window_end.max(),
                                              workdays_in_window=window.count())
    table = staff.join(bounds, "unit_code", how="left").drop("unit_code_right")
    table = table.join(reporters, "nip", how="left").drop("nip_right")
    table = table.filter(table.reported.isnull() & table.unit_code.isin(sorted(known_units(data, q))))
    table = table.join(last, "nip", how="left").drop("nip_right")
    result = table.select(
        "nip", "name", "unit_code", "window_start", "window_end", "workdays_in_window", "last_activity_date",
        days_since_last_activity=table.window_end.delta(table.last_activity_date, unit="day"),
    )
    frame = result.to_pandas()
    frame["days_since_last_activity"] = frame["days_since_last_activity"].astype("Int64")
    frame["workdays_in_window"] = _available_in_window(frame, absence_spells(data), {
        code: windows[calendar] for code, calendar in calendars.items()})
    return _finish(frame[frame["workdays_in_window"] > 0].copy(), ["unit_code", "nip"])


def _available_in_window(listed: pd.DataFrame, spells: pd.DataFrame, windows: dict[str, list[date]]) -> pd.Series:
    """For each listed person, the days of their unit's window that no absence of theirs covers.

    One row per spell of a listed person, against the days of the person's window (a few): the
    days a spell covers are a boolean matrix, ORed per person.
    """
    counts = listed["workdays_in_window"].astype("int64")
    own = (listed[["nip", "unit_code"]].rename_axis("listed").reset_index()
           .merge(spells[["nip", "start_date", "end_date"]], on="nip"))
    if own.empty:
        return counts
    codes = pd.Index(sorted(set(own["unit_code"])))
    days = np.full((len(codes), max(len(windows[code]) for code in codes)), np.datetime64("NaT"), "datetime64[us]")
    for position, code in enumerate(codes):
        days[position, :len(windows[code])] = windows[code]
    days = days[codes.get_indexer(own["unit_code"])]
    covered = ((days >= own["start_date"].to_numpy()[:, None]) & (days <= own["end_date"].to_numpy()[:, None]))
    away = pd.DataFrame(covered).groupby(own["listed"].to_numpy()).any().sum(axis=1)
    counts.loc[away.index] -= away.to_numpy()
    return counts


def no_recent_report_per_unit(data: Dataset, quarter: Quarter | str, n: int = DEFAULT_NO_REPORT_DAYS, *,
                              until: date | str | None = None, include_cuti_bersama: bool = True,
                              extra_holidays: Iterable[date | str] = (),
                              extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Count, per unit, the ASN with no report on any of the last ``n`` working days.

    The counts of :func:`no_recent_report` without anyone's name or NIP, for
    pages many people read: every unit with employees gets a row, with 0
    when everyone reported.

    Parameters
    ----------
    data, quarter, n, until, include_cuti_bersama, extra_holidays, extra_workdays
        As for :func:`no_recent_report`.

    Returns
    -------
    pandas.DataFrame
        One row per unit with employees, sorted by unit: ``unit_code``,
        ``unit_name``, ``employees``, ``without_report``, ``share`` (of the
        unit's employees), ``window_start``, ``window_end`` (datetime64; the
        unit's own last ``n`` working days), ``workdays_in_window`` and
        ``known`` (False: the unit's reporting is unknown, ``without_report``
        and ``share`` missing).
    """
    listed = no_recent_report(data, quarter, n, until=until, include_cuti_bersama=include_cuti_bersama,
                              extra_holidays=extra_holidays, extra_workdays=extra_workdays)
    end = Quarter.parse(quarter).end if until is None else pd.Timestamp(until).date()
    calendars = unit_calendars(data.units, include_cuti_bersama=include_cuti_bersama,
                               extra_holidays=extra_holidays, extra_workdays=extra_workdays)
    headcount = data.employees.drop_duplicates("nip").groupby("unit_code").size()
    names = data.units.set_index("unit_code")["unit_name"]
    rows = []
    windows: dict[WorkCalendar, list[date]] = {}
    counts = listed.groupby("unit_code").size()
    for code in sorted(code for code in headcount.index if code in calendars):
        calendar = calendars[code]
        if calendar not in windows:
            windows[calendar] = calendar.last_workdays(n, end)
        days = windows[calendar]
        employees = int(headcount[code])
        without = int(counts.get(code, 0))
        rows.append({"unit_code": code, "unit_name": names.get(code), "employees": employees,
                     "without_report": without, "share": without / employees,
                     "window_start": pd.Timestamp(days[0]), "window_end": pd.Timestamp(days[-1]),
                     "workdays_in_window": len(days)})
    columns = ["unit_code", "unit_name", "employees", "without_report", "share", "window_start", "window_end",
               "workdays_in_window"]
    table = pd.DataFrame(rows, columns=columns).astype({
        "unit_code": "str", "unit_name": "str", "employees": "int64", "without_report": "int64", "share": "float64",
        "window_start": "datetime64[us]", "window_end": "datetime64[us]", "workdays_in_window": "int64"})
    return _mark_known(table, table["unit_code"].isin(known_units(data, quarter)))
