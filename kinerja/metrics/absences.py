"""Absences: the working days an ASN was away on leave, official travel or training.

A day of cuti, dinas luar or diklat is not a day without a report: the
e-Kinerja measures (:mod:`kinerja.metrics.ekinerja`) count reports on the
*available* days only, the working days of the unit's calendar that no
absence covers. Two tables give absences:

- ``absences`` (cuti, dinas luar, diklat, tugas belajar ...), one spell per row;
- ``trainings``: every day from a training's start to its end (its start
  alone when the end is blank) counts as a day of *Diklat*.

Overlapping spells of one person count each day once. For the counts by
kind, a day covered by two kinds is given to the kind listed first in
:data:`~kinerja.data.dictionary.ABSENCE_KINDS` (then any other kind in
alphabetical order), so the kinds of a person add up to their absence days.

The days of a quarter are held as a two-word bitmask by day of the quarter,
as the e-Kinerja measures hold the days reported, so no (employee, day) pair
is ever built.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from kinerja.core.calendars import unit_calendars
from kinerja.core.periods import Quarter, WorkCalendar
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import ABSENCE_KINDS

__all__ = ["DAY_BITS", "TRAINING_KIND", "absence_masks", "absence_spells", "available_days", "days_in_masks",
           "kind_order", "quarter_masks", "staff_frame"]

DAY_BITS = 62
"""Days of a quarter per 64-bit word of a day bitmask; the two top bits stay clear, so words stay positive."""
TRAINING_KIND = "Diklat"
"""The kind the days of the trainings table count as."""
_QUARTER_DAYS = 92
"""The most days a quarter has."""


def absence_spells(data: Dataset) -> pd.DataFrame:
    """Every absence spell of the dataset: the absences table's rows and the trainings' days.

    Returns
    -------
    pandas.DataFrame
        ``nip``, ``start_date``, ``end_date`` (datetime64) and ``kind``; empty
        when the dataset has neither table.
    """
    parts = []
    if data.has("absences"):
        parts.append(data.absences[["nip", "start_date", "end_date", "kind"]])
    if data.has("trainings"):
        trainings = data.trainings
        end = trainings["end_date"] if "end_date" in trainings.columns else trainings["start_date"]
        parts.append(pd.DataFrame({"nip": trainings["nip"], "start_date": trainings["start_date"],
                                   "end_date": end.fillna(trainings["start_date"]), "kind": TRAINING_KIND}))
    columns = {"nip": "str", "start_date": "datetime64[us]", "end_date": "datetime64[us]", "kind": "str"}
    if not parts:
        return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})
    return pd.concat([part.astype(columns) for part in parts], ignore_index=True)


def kind_order(kinds: pd.Series) -> list[str]:
    """The kinds present, in the order a day covered by two kinds is given: the dictionary's, then alphabetical."""
    present = set(kinds.dropna().astype(str))
    return [kind for kind in ABSENCE_KINDS if kind in present] + sorted(present - set(ABSENCE_KINDS))


def quarter_masks(days: list[int]) -> tuple[int, int]:
    """The two-word bitmask of some days of a quarter, given as offsets from its first day."""
    return (sum(1 << d for d in days if d < DAY_BITS), sum(1 << (d - DAY_BITS) for d in days if d >= DAY_BITS))


def _spell_days(spells: pd.DataFrame, q: Quarter) -> pd.DataFrame:
    """Per spell within ``q``: ``nip``, ``kind`` and one boolean column per day of the quarter (0, 1, ...)."""
    start = pd.Timestamp(q.start)
    first = ((spells["start_date"] - start).dt.days).clip(lower=0).to_numpy()
    last = ((spells["end_date"] - start).dt.days).clip(upper=(q.end - q.start).days).to_numpy()
    inside = first <= last
    offsets = np.arange(_QUARTER_DAYS)
    covered = (offsets >= first[inside, None]) & (offsets <= last[inside, None])
    days = pd.DataFrame(covered, columns=list(offsets))
    days.insert(0, "nip", spells["nip"].to_numpy()[inside])
    days.insert(1, "kind", spells["kind"].to_numpy()[inside])
    return days


def _words(keys: pd.DataFrame, covered: np.ndarray) -> pd.DataFrame:
    """``keys`` with the days of each row packed into ``low`` (days 0-61) and ``high`` (days 62-91)."""
    weights = np.left_shift(np.int64(1), np.arange(DAY_BITS, dtype=np.int64))
    return keys.assign(low=(covered[:, :DAY_BITS] * weights).sum(axis=1, dtype=np.int64),
                       high=(covered[:, DAY_BITS:] * weights[: _QUARTER_DAYS - DAY_BITS]).sum(axis=1, dtype=np.int64))


def absence_masks(data: Dataset, quarter: Quarter | str, *, by_kind: bool = False) -> pd.DataFrame:
    """The days of a quarter each person was absent, as a bitmask by day of the quarter.

    Parameters
    ----------
    data
        The dataset; its ``absences`` and ``trainings`` are read when present.
    quarter
        The quarter.
    by_kind
        Whether to give one row per person and kind, each day given to one
        kind only (see the module notes), instead of one row per person.

    Returns
    -------
    pandas.DataFrame
        ``nip`` (and ``kind``), ``low`` (days 0-61 of the quarter) and
        ``high`` (days 62-91) as int64 bitmasks of calendar days; only
        people with an absence in the quarter.
    """
    q = Quarter.parse(quarter)
    days = _spell_days(absence_spells(data), q)
    day_columns = list(range(_QUARTER_DAYS))
    if not by_kind:
        per_person = days.groupby("nip", sort=True)[day_columns].max()
        return _words(per_person.index.to_frame(index=False), per_person.to_numpy(dtype=bool))
    rank = {kind: i for i, kind in enumerate(kind_order(days["kind"]))}
    per_kind = days.groupby(["nip", "kind"])[day_columns].max().reset_index()
    per_kind = per_kind.assign(rank=per_kind["kind"].map(rank)).sort_values(["nip", "rank"]).reset_index(drop=True)
    covered = per_kind[day_columns].to_numpy(dtype=bool)
    # The days an earlier kind of the same person already holds: a running OR within the person, shifted by one.
    held = pd.DataFrame(covered).groupby(per_kind["nip"].to_numpy()).cummax()
    taken = held.groupby(per_kind["nip"].to_numpy()).shift(1, fill_value=False).to_numpy(dtype=bool)
    kept = covered & ~taken
    masks = _words(per_kind[["nip", "kind"]], kept)[kept.any(axis=1)]
    return masks.sort_values(["nip", "kind"]).reset_index(drop=True)


def days_in_masks(low: pd.Series | np.ndarray, high: pd.Series | np.ndarray) -> np.ndarray:
    """The number of days set in two-word bitmasks."""
    return (np.bitwise_count(np.asarray(low, dtype=np.int64))
            + np.bitwise_count(np.asarray(high, dtype=np.int64))).astype(np.int64)


def staff_frame(data: Dataset) -> pd.DataFrame:
    """Each employee once: ``nip``, ``name`` (missing when the table has none) and ``unit_code``."""
    employees = data.employees
    columns = [c for c in ("nip", "name", "unit_code") if c in employees.columns]
    frame = employees[columns].drop_duplicates("nip").reset_index(drop=True)
    if "name" not in frame.columns:
        frame["name"] = pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame.astype({"nip": "str", "name": "str", "unit_code": "str"})


def available_days(data: Dataset, quarter: Quarter | str, *, include_cuti_bersama: bool = True,
                   extra_holidays: Iterable[date | str] = (),
                   extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Count each employee's working, absence and available days in a quarter.

    The working days are those of the unit's calendar
    (:func:`kinerja.core.calendars.unit_calendars`, with these calendar
    options); the available days are the working days no absence covers.

    Returns
    -------
    pandas.DataFrame
        One row per employee: ``nip``, ``name``, ``unit_code``, ``workdays``,
        ``absence_days``, ``available_days``, and as two-word bitmasks by day
        of the quarter the working days (``workday_low``, ``workday_high``)
        and the available days (``available_low``, ``available_high``).
    """
    q = Quarter.parse(quarter)
    calendar_options = {"include_cuti_bersama": include_cuti_bersama, "extra_holidays": tuple(extra_holidays),
                        "extra_workdays": tuple(extra_workdays)}
    calendars = unit_calendars(data.units, **calendar_options)  # type: ignore[arg-type]
    masks: dict[WorkCalendar, tuple[int, int]] = {
        calendar: quarter_masks([(day - q.start).days for day in calendar.workdays(q.start, q.end)])
        for calendar in set(calendars.values())}
    # Nullable integers: a left join would turn int64 masks with missing rows into float64 and lose their low bits.
    units = pd.DataFrame([(code, *masks[calendar]) for code, calendar in calendars.items()],
                         columns=["unit_code", "workday_low", "workday_high"]).astype(
        {"unit_code": "str", "workday_low": "Int64", "workday_high": "Int64"})
    people = staff_frame(data).merge(units, on="unit_code", how="left")
    absent = absence_masks(data, q).rename(columns={"low": "absent_low", "high": "absent_high"}).astype(
        {"absent_low": "Int64", "absent_high": "Int64"})
    people = people.merge(absent, on="nip", how="left")
    words = people[["workday_low", "workday_high", "absent_low", "absent_high"]].fillna(0).astype("int64")
    people["workdays"] = days_in_masks(words["workday_low"], words["workday_high"])
    people["absence_days"] = days_in_masks(words["workday_low"] & words["absent_low"],
                                           words["workday_high"] & words["absent_high"])
    people["available_days"] = people["workdays"] - people["absence_days"]
    people["available_low"] = words["workday_low"] & ~words["absent_low"]
    people["available_high"] = words["workday_high"] & ~words["absent_high"]
    people["workday_low"], people["workday_high"] = words["workday_low"], words["workday_high"]
    return people[["nip", "name", "unit_code", "workdays", "absence_days", "available_days", "workday_low",
                   "workday_high", "available_low", "available_high"]]
