"""Working calendars per unit: which days of a quarter each unit's staff are expected at work."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd

from kinerja.core.periods import Quarter, WorkCalendar


def unit_calendars(units: pd.DataFrame, *, include_cuti_bersama: bool = True,
                   extra_holidays: Iterable[date | str] = (),
                   extra_workdays: Iterable[date | str] = ()) -> dict[str, WorkCalendar]:
    """Return the working calendar of every unit.

    A unit's ``workdays_per_week`` (5 or 6) is used when given; otherwise
    :meth:`WorkCalendar.for_unit_type` decides from ``unit_type`` (6 days for
    puskesmas and layanan, 5 for the others).

    Parameters
    ----------
    units
        The units table (``unit_code``, ``unit_type``, optionally
        ``workdays_per_week``).
    include_cuti_bersama, extra_holidays, extra_workdays
        Passed to :class:`~kinerja.core.periods.WorkCalendar`; they apply to every unit.
    """
    missing = [c for c in ("unit_code", "unit_type") if c not in units.columns]
    if missing:
        raise ValueError(f"units lacks the column(s) {', '.join(missing)}.")
    options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
               "extra_workdays": tuple(extra_workdays)}
    per_week = units["workdays_per_week"] if "workdays_per_week" in units.columns else pd.Series(pd.NA, units.index)
    calendars = {}
    for code, unit_type, days in zip(units["unit_code"], units["unit_type"], per_week):
        if pd.isna(days):
            calendars[code] = WorkCalendar.for_unit_type(str(unit_type), **options)
        else:
            calendars[code] = WorkCalendar(workdays_per_week=int(days), **options)
    return calendars


def unit_workdays(units: pd.DataFrame, quarter: Quarter | str, **calendar_options: object) -> pd.DataFrame:
    """List the working days of a quarter for every unit.

    Parameters
    ----------
    units
        The units table.
    quarter
        The quarter.
    **calendar_options
        ``include_cuti_bersama``, ``extra_holidays``, ``extra_workdays`` (see
        :func:`unit_calendars`).

    Returns
    -------
    pandas.DataFrame
        One row per unit and working day: ``unit_code``, ``day`` (a
        ``datetime.date``), ``iso_year``, ``iso_week`` and ``week_start``
        (the Monday of the ISO week).
    """
    q = Quarter.parse(quarter)
    calendars = unit_calendars(units, **calendar_options)  # type: ignore[arg-type]
    cache: dict[WorkCalendar, list[date]] = {}
    rows = []
    for code, calendar in calendars.items():
        if calendar not in cache:
            cache[calendar] = calendar.workdays(q.start, q.end)
        rows.extend((code, day) for day in cache[calendar])
    table = pd.DataFrame(rows, columns=["unit_code", "day"])
    iso = pd.to_datetime(table["day"]).dt.isocalendar()
    table["iso_year"] = iso["year"].astype("int64")
    table["iso_week"] = iso["week"].astype("int64")
    table["week_start"] = [day - timedelta(days=day.weekday()) for day in table["day"]]
    return table
