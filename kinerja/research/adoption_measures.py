"""How soon and how punctually each respondent took up e-Kinerja, from the activity log.

`kinerja.research.respondents.respondent_table` adds these columns to every
respondent:

- ``first_report_date``: the earliest ``activity_date`` of the employee in
  the activity log, whatever the report's status (a rejected report still
  shows that the person used the application); reports after
  ``observed_until`` are ignored.
- ``days_to_first_report``: working days of the unit's calendar
  (`kinerja.core.calendars.unit_calendars`: the units table's
  ``workdays_per_week``, else 6 for puskesmas/layanan and 5 otherwise;
  public holidays and cuti bersama excluded) from
  the rollout (day 0) to the first report: the number of working days ``d``
  with ``rollout <= d < first report``, the convention of the demo's ground
  truth.  With ``day_unit="calendar"``, calendar days.  A first report
  before the rollout counts as day 0.  NaN for an employee with no report
  by ``observed_until``.
- ``reported`` and ``followup_days``: the event flag and the time for
  survival analysis; ``followup_days`` is ``days_to_first_report`` or, for
  those who had not reported, the day number of ``observed_until``
  (censored).
- ``adopted_within``: ``days_to_first_report <= adoption_within_days``;
  NA when the employee had not reported and was followed for fewer days.
- ``on_time_rate``: among reports with an ``activity_date`` in the window,
  the share submitted on the activity's day or at most
  ``late_tolerance_days`` calendar days later (the definition of
  `kinerja.metrics.ekinerja`); ``reports_in_window`` is the denominator.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import ibis
import numpy as np
import pandas as pd

from kinerja.core.calendars import unit_calendars
from kinerja.core.periods import WorkCalendar
from kinerja.data.dataset import Dataset

__all__: list[str] = []


def _as_date(value: date | str | pd.Timestamp, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date such as '2024-10-01', got {value!r}.") from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date such as '2024-10-01', got {value!r}.")
    return stamp.normalize()


def _adoption(dataset: Dataset, survey: pd.DataFrame, unit_code: pd.Series, unit_type: pd.Series, *,
              rollout: date | str | None, observed_until: date | str | None, within: int,
              day_unit: str, window: tuple[date | str, date | str] | None, tolerance: int) -> pd.DataFrame:
    """The adoption columns of every survey row; ``attrs`` holds the rollout and ``observed_until`` used."""
    index = survey.index
    columns = {
        "first_report_date": pd.Series(pd.NaT, index=index, dtype="datetime64[us]"),
        "days_to_first_report": pd.Series(np.nan, index=index),
        "reported": pd.Series(pd.NA, index=index, dtype="boolean"),
        "followup_days": pd.Series(np.nan, index=index),
        "adopted_within": pd.Series(pd.NA, index=index, dtype="boolean"),
        "reports_in_window": pd.Series(pd.NA, index=index, dtype="Int64"),
        "on_time_rate": pd.Series(np.nan, index=index),
    }
    if not dataset.has("activities"):
        return pd.DataFrame(columns, index=index)
    activities = dataset.table("activities")
    bounds = activities.aggregate(first=activities.activity_date.min(),
                                  last=activities.activity_date.max()).to_pandas()
    if bounds.empty or pd.isna(bounds.at[0, "first"]):
        return pd.DataFrame(columns, index=index)
    start = _as_date(rollout, "rollout") if rollout is not None else pd.Timestamp(bounds.at[0, "first"]).normalize()
    end = (_as_date(observed_until, "observed_until") if observed_until is not None
           else pd.Timestamp(bounds.at[0, "last"]).normalize())
    if end < start:
        raise ValueError(f"observed_until ({end.date()}) is before the rollout ({start.date()}).")
    if window is None:
        window_start, window_end = start, end
    else:
        if not isinstance(window, (tuple, list)) or len(window) != 2:
            raise ValueError(f"on_time_window must be a pair (first day, last day), got {window!r}.")
        window_start = _as_date(window[0], "on_time_window[0]")
        window_end = _as_date(window[1], "on_time_window[1]")
        if window_end < window_start:
            raise ValueError(f"on_time_window ends ({window_end.date()}) before it starts ({window_start.date()}).")

    kept = activities.filter(activities.activity_date <= ibis.literal(end.date()))
    first = kept.group_by("nip").aggregate(first_report=kept.activity_date.min()).to_pandas()
    in_window = activities.filter((activities.activity_date >= ibis.literal(window_start.date()))
                                  & (activities.activity_date <= ibis.literal(window_end.date())))
    on_time = in_window.submitted_at.date() <= in_window.activity_date + ibis.interval(days=tolerance)
    timeliness = in_window.group_by("nip").aggregate(reports=in_window.count(),
                                                     on_time=on_time.cast("int64").sum()).to_pandas()

    nips = survey["nip"]
    linked = nips.notna()
    first_date = pd.to_datetime(nips.map(first.set_index("nip")["first_report"])).dt.normalize()
    reported = first_date.notna()
    calendars = _calendars(dataset, unit_code, unit_type)
    days = pd.Series(np.nan, index=index)
    followup = pd.Series(np.nan, index=index)
    for calendar, members in calendars.items():
        members = members[linked[members].to_numpy()]
        if len(members) == 0:
            continue
        if day_unit == "workdays":
            workdays = calendar.workday_index(start.date(), end.date()).as_unit("ns")
            end_day = float(np.searchsorted(workdays, end.as_unit("ns"), side="right") - 1)
            firsts = first_date[members].dt.as_unit("ns")
            counted = np.searchsorted(workdays, firsts.to_numpy(), side="left").astype(float)
        else:
            end_day = float((end - start).days)
            counted = (first_date[members] - start).dt.days.to_numpy(dtype=float)
        counted = np.where(reported[members].to_numpy(), np.maximum(counted, 0.0), np.nan)
        days[members] = counted
        followup[members] = np.where(reported[members].to_numpy(), counted, max(end_day, 0.0))

    tally = timeliness.set_index("nip")
    reports = nips.map(tally["reports"]).astype("Float64").fillna(0).astype("Int64").where(linked, pd.NA)
    on_time_count = nips.map(tally["on_time"]).astype("Float64").fillna(0)
    rate = (on_time_count / reports.astype("Float64")).astype("Float64")
    rate = rate.where(reports.astype("Float64") > 0).to_numpy(dtype=float, na_value=np.nan)

    within_flag = pd.Series(pd.NA, index=index, dtype="boolean")
    within_flag[reported & (days <= within)] = True
    within_flag[linked & ((reported & (days > within)) | (~reported & (followup >= within)))] = False
    result = pd.DataFrame({
        "first_report_date": first_date.where(linked),
        "days_to_first_report": days,
        "reported": reported.astype("boolean").where(linked, pd.NA),
        "followup_days": followup,
        "adopted_within": within_flag,
        "reports_in_window": reports,
        "on_time_rate": pd.Series(rate, index=index),
    }, index=index)
    result.attrs.update(rollout=start, observed_until=end)
    return result


def _calendars(dataset: Dataset, unit_code: pd.Series, unit_type: pd.Series) -> dict[WorkCalendar, pd.Index]:
    """Respondents grouped by the working-day calendar of their unit (as `kinerja.metrics.ekinerja`)."""
    per_unit = unit_calendars(dataset.to_pandas("units")) if dataset.has("units") else {}
    calendars = []
    for code, kind in zip(unit_code, unit_type):
        if isinstance(code, str) and code in per_unit:
            calendars.append(per_unit[code])
        elif isinstance(kind, str):
            calendars.append(WorkCalendar.for_unit_type(kind))
        else:
            calendars.append(WorkCalendar())
    found: dict[WorkCalendar, list[Any]] = {}
    for respondent, calendar in zip(unit_code.index, calendars):
        found.setdefault(calendar, []).append(respondent)
    return {calendar: pd.Index(members) for calendar, members in found.items()}
