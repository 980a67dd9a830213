"""Evaluation periods (triwulan) and the working-day calendar of the kecamatan.

ASN performance in Kecamatan Cakranegara is evaluated per quarter
(triwulan).  `Quarter` names such a period and reads the ways people write
it; `WorkCalendar` says which days of a period were working days, from
Indonesia's public holidays and cuti bersama as published by the `holidays`
package.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any

import holidays
import pandas as pd

from kinerja.core.errors import KinerjaError
from kinerja.core.formatting import quoted

__all__ = [
    "EXTRA_HOLIDAY_NAME",
    "InvalidQuarter",
    "Quarter",
    "WorkCalendar",
    "parse_quarter_range",
]

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_NUMBERS = {"1": 1, "2": 2, "3": 3, "4": 4, "I": 1, "II": 2, "III": 3, "IV": 4}

_ACCEPTED_FORMS = "2026-Q3, 2026Q3, Q3 2026, Triwulan III 2026, TW 3 2026 or TW III/2026"

# Matched against the stripped, upper-cased text.  Between a quarter number
# and the year a separator is required so that "TW32026" is not read as a
# quarter and a year run together.
_YEAR = r"(?P<year>19\d\d|2\d\d\d)"
_NUMBER_THEN_YEAR = r"(?:\s+|\s*[-/]\s*)"
_QUARTER_FORMS = (
    re.compile(rf"{_YEAR}\s*[-/]?\s*Q\s*(?P<number>[1-4])"),
    re.compile(rf"Q\s*(?P<number>[1-4]){_NUMBER_THEN_YEAR}{_YEAR}"),
    re.compile(rf"(?:TRIWULAN|TW)\s*(?P<number>[1-4]|IV|I{{1,3}}){_NUMBER_THEN_YEAR}{_YEAR}"),
)

EXTRA_HOLIDAY_NAME = "Libur tambahan"
"""Name given by `WorkCalendar.holidays_between` to an extra holiday."""

_SIX_DAY_UNIT_TYPES = frozenset({"puskesmas", "layanan"})


class InvalidQuarter(KinerjaError, ValueError):
    """A quarter or quarter range that cannot be read; the message names it."""


def _not_a_quarter(value: object) -> InvalidQuarter:
    return InvalidQuarter(f"{quoted(value)} is not a quarter; write it as {_ACCEPTED_FORMS}.")


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter (triwulan) of a calendar year.

    Parameters
    ----------
    year : int
        Calendar year.
    number : int
        Quarter of the year, 1 (January-March) to 4 (October-December).

    Raises
    ------
    ValueError
        If `number` is not 1, 2, 3 or 4.
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A quarter number is 1, 2, 3 or 4, not {self.number!r}.")

    @classmethod
    def parse(cls, text: str | Quarter) -> Quarter:
        """Read a quarter written as e.g. "2026-Q3" or "Triwulan III 2026".

        Case and whitespace do not matter.  Accepted forms are "2026-Q3",
        "2026Q3", "2026 Q3", "Q3 2026", "Q3-2026", and "Triwulan" or "TW"
        followed by 1-4 or I-IV and the year, separated by spaces, "-" or "/"
        ("Triwulan III 2026", "TW 3 2026", "TW III/2026").  Years run from
        1900 to 2999.

        Raises
        ------
        InvalidQuarter
            If `text` is in none of these forms.
        """
        if isinstance(text, Quarter):
            return text
        if not isinstance(text, str):
            raise _not_a_quarter(text)
        normalised = text.strip().upper()
        for form in _QUARTER_FORMS:
            found = form.fullmatch(normalised)
            if found:
                return cls(int(found["year"]), _NUMBERS[found["number"]])
        raise _not_a_quarter(text)

    @classmethod
    def of(cls, when: date) -> Quarter:
        """Return the quarter containing a date, datetime or `pandas.Timestamp`."""
        # NaT passes for a datetime but has no year; say so rather than fail obscurely.
        if when is pd.NaT:
            raise ValueError("A missing date (NaT) has no quarter.")
        return cls(when.year, (when.month - 1) // 3 + 1)

    @classmethod
    def range(cls, first: str | Quarter, last: str | Quarter) -> list[Quarter]:
        """Return the quarters from `first` to `last`, both included.

        Raises
        ------
        ValueError
            If `first` comes after `last`.
        """
        start, stop = cls.parse(first), cls.parse(last)
        if start > stop:
            raise ValueError(f"{start} comes after {stop}; give the earlier quarter first.")
        return [cls._from_index(i) for i in range(start._index, stop._index + 1)]

    @classmethod
    def latest_complete(cls, today: date | None = None) -> Quarter:
        """Return the last quarter that ended before `today` (default: today)."""
        return cls.of(today if today is not None else date.today()).previous()

    @classmethod
    def _from_index(cls, index: int) -> Quarter:
        year, offset = divmod(index, 4)
        return cls(year, offset + 1)

    @property
    def _index(self) -> int:
        # Quarters counted from year 0, so that stepping across years is arithmetic.
        return self.year * 4 + self.number - 1

    def previous(self, n: int = 1) -> Quarter:
        """Return the quarter `n` quarters before this one."""
        return self._from_index(self._index - n)

    def next(self, n: int = 1) -> Quarter:
        """Return the quarter `n` quarters after this one."""
        return self._from_index(self._index + n)

    @property
    def start(self) -> date:
        """First day of the quarter."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter."""
        month = 3 * self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """The quarter as "2026-Q3"."""
        return f"{self.year}-Q{self.number}"

    @property
    def label_id(self) -> str:
        """The quarter in Indonesian, "Triwulan III 2026"."""
        return f"Triwulan {_ROMAN[self.number]} {self.year}"

    @property
    def label_en(self) -> str:
        """The quarter in English, "Q3 2026"."""
        return f"Q{self.number} {self.year}"

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"Quarter({self.label!r})"


def parse_quarter_range(text: str) -> list[Quarter]:
    """Read a range of quarters written "FIRST:LAST", e.g. "2024-Q4:2026-Q3".

    Each side may be written in any form `Quarter.parse` accepts.

    Returns
    -------
    list of Quarter
        The quarters from FIRST to LAST, both included.

    Raises
    ------
    InvalidQuarter
        If `text` is not two quarters separated by ":", or FIRST comes after LAST.
    """

    def invalid(reason: str) -> InvalidQuarter:
        return InvalidQuarter(
            f"{text!r} is not a quarter range because {reason}; write it as FIRST:LAST, "
            f"e.g. 2024-Q4:2026-Q3, each side written as {_ACCEPTED_FORMS}."
        )

    sides = text.split(":") if isinstance(text, str) else []
    if len(sides) != 2:
        raise invalid("it is not two quarters separated by ':'")
    quarters = []
    for side in sides:
        try:
            quarters.append(Quarter.parse(side))
        except InvalidQuarter:
            raise invalid(f"{side.strip()!r} is not a quarter") from None
    first, last = quarters
    if first > last:
        raise invalid(f"{first} comes after {last}")
    return Quarter.range(first, last)


@functools.lru_cache(maxsize=None)
def _official_holidays(year: int, include_cuti_bersama: bool) -> Mapping[date, str]:
    """Indonesia's public holidays (and cuti bersama) of one year, by date."""
    categories = ("public", "government") if include_cuti_bersama else ("public",)
    # Left unset, the language follows the machine's locale, so names would
    # differ between computers; the official Indonesian names are pinned.
    found = holidays.Indonesia(years=year, categories=categories, language="id")
    # Read-only, because every caller shares the cached mapping.
    return MappingProxyType(dict(found))


def as_date(value: date | str) -> date:
    """Return a date from a date, datetime, `pandas.Timestamp` or ISO string.

    Raises
    ------
    ValueError
        For a string that is not an ISO date; TypeError for anything else.
    """
    # A datetime never equals a date, so it would silently miss every lookup.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-04-02."
            ) from None
    raise TypeError(f"{value!r} is not a date.")


def _span(start: date | str, end: date | str) -> tuple[date, date]:
    first, last = as_date(start), as_date(end)
    if first > last:
        raise ValueError(f"The start {first} is after the end {last}.")
    return first, last


def _as_dates(values: Iterable[date | str], field: str) -> tuple[date, ...]:
    # A single string would otherwise be read character by character.
    if isinstance(values, (str, date)):
        raise TypeError(f"{field} must be a collection of dates, not the single value {values!r}.")
    return tuple(sorted({as_date(value) for value in values}))


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days for a unit of the kecamatan.

    Parameters
    ----------
    workdays_per_week : int
        5 for Monday-Friday (offices) or 6 for Monday-Saturday (service units
        such as a Puskesmas).
    include_cuti_bersama : bool
        Whether the cuti bersama (joint leave days) are non-working days, as
        well as the public holidays.
    extra_holidays : iterable of date or ISO string
        Further non-working days, e.g. a local cuti bersama.
    extra_workdays : iterable of date or ISO string
        Days worked although they fall on a weekend or holiday.

    Raises
    ------
    ValueError
        If `workdays_per_week` is not 5 or 6, or a date is both an extra
        holiday and an extra workday.

    Notes
    -----
    The extra dates may be given as any iterable of dates or ISO strings;
    they are stored as sorted tuples of dates, so calendars compare and hash
    by value.
    """

    workdays_per_week: int = 5
    include_cuti_bersama: bool = True
    extra_holidays: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if self.workdays_per_week not in (5, 6):
            raise ValueError(
                "workdays_per_week must be 5 (Monday-Friday) or 6 (Monday-Saturday), "
                f"not {self.workdays_per_week!r}."
            )
        # Frozen, so normalise through object.__setattr__.
        object.__setattr__(self, "extra_holidays", _as_dates(self.extra_holidays, "extra_holidays"))
        object.__setattr__(self, "extra_workdays", _as_dates(self.extra_workdays, "extra_workdays"))
        both = sorted(set(self.extra_holidays) & set(self.extra_workdays))
        if both:
            listed = ", ".join(day.isoformat() for day in both)
            raise ValueError(f"{listed} cannot be both an extra holiday and an extra workday.")

    @classmethod
    def for_unit_type(cls, unit_type: str, **kwargs: Any) -> WorkCalendar:
        """Return the calendar usual for a type of unit.

        Service units, "puskesmas" and "layanan", work 6 days a week
        (Monday-Saturday); "kecamatan", "kelurahan", "sekolah" and any other
        type work 5 (Monday-Friday).  Case and surrounding whitespace of
        `unit_type` do not matter.  `kwargs` are passed to `WorkCalendar`; an
        explicit `workdays_per_week` overrides the default for the type.
        """
        days = 6 if unit_type.strip().lower() in _SIX_DAY_UNIT_TYPES else 5
        kwargs.setdefault("workdays_per_week", days)
        return cls(**kwargs)

    def _non_working(self, first_year: int, last_year: int) -> dict[date, str]:
        """Holidays observed by this calendar in the given years, by date."""
        names: dict[date, str] = {}
        for year in range(first_year, last_year + 1):
            names.update(_official_holidays(year, self.include_cuti_bersama))
        for day in self.extra_holidays:
            names.setdefault(day, EXTRA_HOLIDAY_NAME)
        for day in self.extra_workdays:
            names.pop(day, None)
        return names

    def is_workday(self, day: date | str) -> bool:
        """Whether `day` is a working day."""
        day = as_date(day)
        if day in self.extra_workdays:
            return True
        if day.weekday() >= self.workdays_per_week:
            return False
        return day not in self._non_working(day.year, day.year)

    def workday_index(self, start: date | str, end: date | str) -> pd.DatetimeIndex:
        """The working days from `start` to `end`, both included, as an index.

        The index has dtype ``datetime64[us]``, pandas' own resolution for
        parsed dates, ready to join with tables of events.

        Raises
        ------
        ValueError
            If `start` is after `end`.
        """
        first, last = _span(start, end)
        days = pd.date_range(first, last, freq="D", unit="us")
        # isin needs a DatetimeIndex: against plain dates it silently matches nothing.
        holidays_index = pd.DatetimeIndex(list(self._non_working(first.year, last.year)))
        working = (days.day_of_week < self.workdays_per_week) & ~days.isin(holidays_index)
        working |= days.isin(pd.DatetimeIndex(self.extra_workdays))
        return days[working]

    def workdays(self, start: date | str, end: date | str) -> list[date]:
        """The working days from `start` to `end`, both included, in order.

        Raises
        ------
        ValueError
            If `start` is after `end`.
        """
        return self.workday_index(start, end).date.tolist()

    def workdays_in(self, quarter: Quarter | str) -> list[date]:
        """The working days of a quarter, in order."""
        quarter = Quarter.parse(quarter)
        return self.workdays(quarter.start, quarter.end)

    def count_workdays(self, start: date | str, end: date | str) -> int:
        """The number of working days from `start` to `end`, both included."""
        return len(self.workday_index(start, end))

    def holidays_between(self, start: date | str, end: date | str) -> dict[date, str]:
        """The holidays this calendar observes from `start` to `end`, by date.

        Names are the official Indonesian ones; extra holidays that are not
        official ones are named "Libur tambahan".  Holidays falling on a
        weekend are included; extra workdays are not.

        Raises
        ------
        ValueError
            If `start` is after `end`.
        """
        first, last = _span(start, end)
        names = self._non_working(first.year, last.year)
        return {day: names[day] for day in sorted(names) if first <= day <= last}

    def last_workdays(self, n: int, until: date | str) -> list[date]:
        """The last `n` working days up to and including `until`, oldest first.

        Raises
        ------
        ValueError
            If `n` is negative.
        """
        if n < 0:
            raise ValueError(f"n must be zero or more, not {n}.")
        found: list[date] = []
        day = as_date(until)
        while len(found) < n:
            if self.is_workday(day):
                found.append(day)
            day -= timedelta(days=1)
        return found[::-1]
