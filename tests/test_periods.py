"""Specification of quarters (triwulan) and the working-day calendar.

Holiday facts come from the SKB on national holidays and cuti bersama for
2025 and 2026, as published by the `holidays` package.
"""

from datetime import date, datetime

import pandas as pd
import pytest

from kinerja.core import periods
from kinerja.core.errors import KinerjaError
from kinerja.core.periods import (
    InvalidQuarter,
    Quarter,
    WorkCalendar,
    parse_quarter_range,
)

Q3_2026 = Quarter(2026, 3)


# --- Quarter: reading --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-Q3",
        "2026Q3",
        "2026 Q3",
        "Q3 2026",
        "Q3-2026",
        "Triwulan III 2026",
        "Triwulan 3 2026",
        "TW 3 2026",
        "TW3 2026",
        "TW III/2026",
        "TW III 2026",
        "triwulan iii/2026",
        "Triwulan III-2026",
    ],
)
def test_every_accepted_form_reads_as_the_same_quarter(text):
    assert Quarter.parse(text) == Q3_2026


@pytest.mark.parametrize(
    "text", ["2026-q3", "q3 2026", "tw iii/2026", "TRIWULAN III 2026", "TrIwUlAn 3 2026"]
)
def test_case_does_not_matter(text):
    assert Quarter.parse(text) == Q3_2026


@pytest.mark.parametrize(
    "text", ["  2026 - Q3  ", "Q3   2026", "Triwulan   III  /  2026", "TW\t3\t2026"]
)
def test_any_amount_of_whitespace_is_accepted(text):
    assert Quarter.parse(text) == Q3_2026


@pytest.mark.parametrize("numeral, number", [("I", 1), ("II", 2), ("III", 3), ("IV", 4)])
def test_roman_numerals_give_the_quarter_number(numeral, number):
    assert Quarter.parse(f"Triwulan {numeral} 2026") == Quarter(2026, number)


def test_parsing_a_quarter_returns_it_unchanged():
    assert Quarter.parse(Q3_2026) is Q3_2026


@pytest.mark.parametrize("text", ["2026-Q5", "Q0 2026", "Triwulan V 2026", "", "kuartal 3", "2026-13"])
def test_unreadable_text_is_rejected_naming_it_and_the_accepted_forms(text):
    with pytest.raises(InvalidQuarter) as raised:
        Quarter.parse(text)
    assert repr(text) in str(raised.value)
    assert "Triwulan III 2026" in str(raised.value)


@pytest.mark.parametrize("text", ["1899-Q4", "3000-Q1"])
def test_years_outside_1900_to_2999_are_rejected(text):
    with pytest.raises(InvalidQuarter):
        Quarter.parse(text)


def test_invalid_quarter_is_a_value_error_the_command_line_can_report():
    assert issubclass(InvalidQuarter, ValueError)
    assert issubclass(InvalidQuarter, KinerjaError)


@pytest.mark.parametrize("number", [0, 5])
def test_a_quarter_number_outside_1_to_4_is_rejected(number):
    with pytest.raises(ValueError, match=str(number)):
        Quarter(2026, number)


# --- Quarter: labels ---------------------------------------------------------


def test_labels():
    assert str(Q3_2026) == Q3_2026.label == "2026-Q3"
    assert Q3_2026.label_id == "Triwulan III 2026"
    assert Q3_2026.label_en == "Q3 2026"
    assert repr(Q3_2026) == "Quarter('2026-Q3')"


def test_label_reads_back_as_the_same_quarter():
    for quarter in Quarter.range("2025-Q1", "2025-Q4"):
        for label in (quarter.label, quarter.label_id, quarter.label_en):
            assert Quarter.parse(label) == quarter


# --- Quarter: dates ----------------------------------------------------------


@pytest.mark.parametrize(
    "number, start, end",
    [
        (1, date(2024, 1, 1), date(2024, 3, 31)),
        (2, date(2024, 4, 1), date(2024, 6, 30)),
        (3, date(2024, 7, 1), date(2024, 9, 30)),
        (4, date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_start_and_end_of_each_quarter_of_2024(number, start, end):
    assert Quarter(2024, number).start == start
    assert Quarter(2024, number).end == end


@pytest.mark.parametrize(
    "when",
    [date(2026, 7, 1), date(2026, 9, 30), datetime(2026, 8, 17, 7, 30), pd.Timestamp("2026-09-30 23:59")],
)
def test_of_gives_the_quarter_containing_a_date_datetime_or_timestamp(when):
    assert Quarter.of(when) == Q3_2026


def test_of_a_missing_timestamp_is_an_error():
    with pytest.raises(ValueError, match="NaT"):
        Quarter.of(pd.NaT)


# --- Quarter: stepping, ordering, ranges -------------------------------------


def test_previous_crosses_into_the_year_before():
    assert Quarter(2026, 1).previous(1) == Quarter(2025, 4)


def test_previous_four_is_the_same_quarter_a_year_earlier():
    assert Q3_2026.previous(4) == Quarter(2025, 3)


def test_next_crosses_into_the_year_after():
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Q3_2026.next(6) == Quarter(2028, 1)


def test_quarters_order_by_year_then_number():
    assert Quarter(2025, 4) < Quarter(2026, 1) < Quarter(2026, 2)
    unsorted = [Quarter(2026, 1), Quarter(2024, 4), Quarter(2025, 2)]
    assert sorted(unsorted) == [Quarter(2024, 4), Quarter(2025, 2), Quarter(2026, 1)]


def test_quarters_are_dict_keys_equal_by_value():
    scores = {Quarter(2026, 3): 92.5}
    assert scores[Quarter.parse("Triwulan III 2026")] == 92.5


def test_range_includes_both_ends_and_crosses_years():
    quarters = Quarter.range("2024-Q4", Q3_2026)
    assert len(quarters) == 8
    assert quarters[0] == Quarter(2024, 4)
    assert quarters[-1] == Q3_2026
    assert quarters == sorted(quarters)


def test_range_of_one_quarter():
    assert Quarter.range(Q3_2026, "TW III/2026") == [Q3_2026]


def test_range_with_first_after_last_is_an_error():
    with pytest.raises(ValueError, match="2026-Q3 comes after 2024-Q4"):
        Quarter.range("2026-Q3", "2024-Q4")


def test_quarter_range_text_gives_eight_quarters():
    assert parse_quarter_range("2024-Q4:2026-Q3") == Quarter.range("2024-Q4", "2026-Q3")
    assert len(parse_quarter_range("2024-Q4:2026-Q3")) == 8


def test_each_side_of_a_quarter_range_may_be_any_form():
    assert parse_quarter_range("Triwulan IV 2024 : Q3 2026") == Quarter.range("2024-Q4", "2026-Q3")


@pytest.mark.parametrize(
    "text",
    ["2024-Q4-2026-Q3", "2024-Q4:2026-Q5", "2026-Q3:2024-Q4", "2024-Q4:2025-Q1:2026-Q3", ""],
)
def test_bad_quarter_range_is_rejected_naming_it(text):
    with pytest.raises(InvalidQuarter) as raised:
        parse_quarter_range(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 11, 27), Quarter(2026, 3)),
        (date(2026, 10, 1), Quarter(2026, 3)),
        (date(2026, 9, 30), Quarter(2026, 2)),
        (date(2026, 1, 1), Quarter(2025, 4)),
    ],
)
def test_latest_complete_quarter_ended_before_today(today, expected):
    assert Quarter.latest_complete(today) == expected


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 11, 27), Quarter(2026, 3)),
        (date(2026, 7, 1), Quarter(2026, 2)),
        (date(2026, 3, 31), Quarter(2025, 4)),
    ],
)
def test_latest_complete_defaults_to_today(monkeypatch, today, expected):
    class Clock(date):
        """A date class whose today() is the test's fixed day."""

        @classmethod
        def today(cls):
            return today

    monkeypatch.setattr(periods, "date", Clock)
    assert Quarter.latest_complete() == expected


# --- WorkCalendar: construction ----------------------------------------------


@pytest.mark.parametrize("days", [4, 7])
def test_only_five_or_six_workdays_per_week(days):
    with pytest.raises(ValueError, match=f"not {days}"):
        WorkCalendar(workdays_per_week=days)


def test_extra_dates_may_be_iso_strings_in_any_iterable():
    calendar = WorkCalendar(
        extra_holidays=["2025-07-15", date(2025, 7, 14)], extra_workdays={"2025-07-12"}
    )
    assert calendar.extra_holidays == (date(2025, 7, 14), date(2025, 7, 15))
    assert calendar.extra_workdays == (date(2025, 7, 12),)
    same = WorkCalendar(extra_holidays=("2025-07-14", "2025-07-15"), extra_workdays=["2025-07-12"])
    assert calendar == same
    assert hash(calendar) == hash(same)


def test_a_single_string_is_not_taken_for_a_list_of_dates():
    with pytest.raises(TypeError, match="extra_holidays"):
        WorkCalendar(extra_holidays="2025-07-14")


def test_an_unreadable_extra_date_is_rejected_naming_it():
    with pytest.raises(ValueError, match="14-07-2025"):
        WorkCalendar(extra_holidays=["14-07-2025"])


def test_a_date_cannot_be_both_extra_holiday_and_extra_workday():
    with pytest.raises(ValueError, match="2025-07-12"):
        WorkCalendar(extra_holidays=["2025-07-12"], extra_workdays=["2025-07-12"])


@pytest.mark.parametrize("unit_type", ["puskesmas", "layanan", " Puskesmas "])
def test_service_units_work_six_days(unit_type):
    assert WorkCalendar.for_unit_type(unit_type).workdays_per_week == 6


@pytest.mark.parametrize("unit_type", ["kecamatan", "kelurahan", "sekolah", "dinas lain"])
def test_other_units_work_five_days(unit_type):
    assert WorkCalendar.for_unit_type(unit_type).workdays_per_week == 5


def test_for_unit_type_passes_options_on_and_explicit_days_win():
    calendar = WorkCalendar.for_unit_type("puskesmas", include_cuti_bersama=False, workdays_per_week=5)
    assert calendar == WorkCalendar(workdays_per_week=5, include_cuti_bersama=False)


# --- WorkCalendar: working days ----------------------------------------------

OFFICE = WorkCalendar()


def test_office_working_days_of_april_2025():
    # April 2025 starts on a Tuesday and has 30 days: Monday-Friday days are
    # 1-4 (4), 7-11, 14-18, 21-25 (5 each) and 28-30 (3), 22 in all.
    # Off on weekdays: 04-01 Idul Fitri day two, 04-02, 04-03, 04-04 and 04-07
    # cuti bersama Idul Fitri, 04-18 Good Friday; 6 days.  22 - 6 = 16.
    assert OFFICE.count_workdays(date(2025, 4, 1), date(2025, 4, 30)) == 16


def test_without_cuti_bersama_april_2025_has_its_four_joint_leave_days_back():
    calendar = WorkCalendar(include_cuti_bersama=False)
    assert calendar.count_workdays(date(2025, 4, 1), date(2025, 4, 30)) == 16 + 4


def test_six_day_calendar_adds_the_saturdays_of_april_2025():
    # Saturdays 5, 12, 19 and 26 April 2025; none is a holiday.
    calendar = WorkCalendar(workdays_per_week=6)
    assert calendar.count_workdays(date(2025, 4, 1), date(2025, 4, 30)) == 16 + 4
    assert calendar.is_workday(date(2025, 4, 5))
    assert not OFFICE.is_workday(date(2025, 4, 5))


def test_sundays_are_never_workdays():
    assert not WorkCalendar(workdays_per_week=6).is_workday(date(2025, 4, 6))


def test_independence_day_2025_falls_on_sunday_and_the_monday_after_is_cuti_bersama():
    assert date(2025, 8, 17).weekday() == 6
    assert not OFFICE.is_workday(date(2025, 8, 18))
    assert WorkCalendar(include_cuti_bersama=False).is_workday(date(2025, 8, 18))


def test_independence_day_2026_on_a_monday_is_not_a_workday():
    assert date(2026, 8, 17).weekday() == 0
    assert not OFFICE.is_workday(date(2026, 8, 17))


def test_office_working_days_of_the_second_quarter_of_2025():
    # April 2025: 16 (see the April test).
    # May 2025 starts on a Thursday: weekdays 1-2 (2), 5-9, 12-16, 19-23,
    # 26-30 (5 each) = 22; off: 05-01 Labour Day, 05-12 Waisak, 05-13 cuti
    # bersama Waisak, 05-29 Ascension, 05-30 cuti bersama Ascension = 5;
    # 22 - 5 = 17.
    # June 2025 starts on a Sunday: weekdays 2-6, 9-13, 16-20, 23-27 (5 each)
    # and 30 (1) = 21; off: 06-06 Idul Adha, 06-09 cuti bersama Idul Adha,
    # 06-27 Islamic New Year = 3 (Pancasila Day 06-01 is a Sunday); 21 - 3 = 18.
    # 16 + 17 + 18 = 51.
    assert len(OFFICE.workdays_in(Quarter(2025, 2))) == 51
    assert len(OFFICE.workdays_in("Triwulan II 2025")) == 51


def test_extra_holiday_removes_a_workday():
    # Monday 14 July 2025 is an ordinary working day.
    calendar = WorkCalendar(extra_holidays=[date(2025, 7, 14)])
    assert OFFICE.is_workday(date(2025, 7, 14))
    assert not calendar.is_workday(date(2025, 7, 14))
    assert calendar.count_workdays("2025-07-14", "2025-07-18") == 4


def test_extra_workday_adds_a_saturday_to_an_office():
    calendar = WorkCalendar(extra_workdays=[date(2025, 7, 12)])
    assert calendar.is_workday(date(2025, 7, 12))
    assert calendar.count_workdays("2025-07-07", "2025-07-13") == 6
    assert OFFICE.count_workdays("2025-07-07", "2025-07-13") == 5


def test_workdays_lists_dates_in_order_inclusive():
    # 1 and 4 April 2025 are holidays; from Monday 7 April (cuti bersama) the
    # first working day is Tuesday 8 April.
    assert OFFICE.workdays("2025-04-07", "2025-04-10") == [
        date(2025, 4, 8),
        date(2025, 4, 9),
        date(2025, 4, 10),
    ]


def test_datetimes_count_as_their_date():
    assert not OFFICE.is_workday(datetime(2025, 4, 2, 8, 0))
    assert not OFFICE.is_workday(pd.Timestamp("2025-04-02 08:00"))


def test_start_after_end_is_an_error():
    with pytest.raises(ValueError, match="2025-04-30"):
        OFFICE.workdays("2025-04-30", "2025-04-01")


def test_is_workday_agrees_with_workdays_for_every_day_of_2025():
    calendar = WorkCalendar(
        workdays_per_week=6, extra_holidays=["2025-07-14"], extra_workdays=["2025-07-13"]
    )
    listed = set(calendar.workdays("2025-01-01", "2025-12-31"))
    every_day = pd.date_range("2025-01-01", "2025-12-31").date
    assert {day for day in every_day if calendar.is_workday(day)} == listed


def test_workday_index_holds_the_same_days_as_workdays():
    index = OFFICE.workday_index(Quarter(2025, 2).start, Quarter(2025, 2).end)
    assert isinstance(index, pd.DatetimeIndex)
    assert index.date.tolist() == OFFICE.workdays_in(Quarter(2025, 2))


def test_workday_index_honours_extra_dates():
    calendar = WorkCalendar(extra_holidays=["2025-07-14"], extra_workdays=["2025-07-12"])
    index = calendar.workday_index("2025-07-07", "2025-07-14")
    assert index.date.tolist() == calendar.workdays("2025-07-07", "2025-07-14")
    assert pd.Timestamp("2025-07-12") in index
    assert pd.Timestamp("2025-07-14") not in index


def test_workday_index_joins_with_an_event_table():
    events = pd.DataFrame({"tanggal": pd.to_datetime(["2025-04-08", "2025-04-08", "2025-04-10"])})
    days = OFFICE.workday_index("2025-04-07", "2025-04-11")
    per_day = events.groupby("tanggal").size().reindex(days, fill_value=0)
    assert per_day.tolist() == [2, 0, 1, 0]  # 8, 9, 10 and 11 April


def test_last_workdays_before_a_monday_reach_back_over_the_weekend():
    # Monday 14 July 2025; no holiday from 10 to 14 July 2025.
    assert OFFICE.last_workdays(3, date(2025, 7, 14)) == [
        date(2025, 7, 10),
        date(2025, 7, 11),
        date(2025, 7, 14),
    ]


def test_last_workdays_skip_holidays():
    # Tuesday 8 April 2025 is the first working day after Idul Fitri.  Going
    # back: 7, 4, 3 and 2 April cuti bersama Idul Fitri, 1 April and Monday
    # 31 March Idul Fitri, 29-30 March a weekend (Nyepi on the Saturday),
    # Friday 28 March cuti bersama Nyepi; Thursday 27 March is worked.
    assert OFFICE.last_workdays(2, "2025-04-08") == [date(2025, 3, 27), date(2025, 4, 8)]


def test_zero_last_workdays_is_empty():
    assert OFFICE.last_workdays(0, "2025-07-14") == []


# --- WorkCalendar: holidays --------------------------------------------------


def test_holidays_between_names_each_holiday_of_april_2025():
    assert OFFICE.holidays_between("2025-04-01", "2025-04-30") == {
        date(2025, 4, 1): "Hari kedua dari Hari Raya Idul Fitri",
        date(2025, 4, 2): "Cuti Bersama Hari Raya Idul Fitri",
        date(2025, 4, 3): "Cuti Bersama Hari Raya Idul Fitri",
        date(2025, 4, 4): "Cuti Bersama Hari Raya Idul Fitri",
        date(2025, 4, 7): "Cuti Bersama Hari Raya Idul Fitri",
        date(2025, 4, 18): "Wafat Yesus Kristus",
        date(2025, 4, 20): "Kebangkitan Yesus Kristus",  # Easter Sunday
    }


def test_holidays_between_leaves_out_cuti_bersama_when_they_are_worked():
    names = WorkCalendar(include_cuti_bersama=False).holidays_between("2025-04-01", "2025-04-30")
    assert sorted(names) == [date(2025, 4, 1), date(2025, 4, 18), date(2025, 4, 20)]


def test_extra_holidays_are_named_libur_tambahan():
    calendar = WorkCalendar(extra_holidays=["2025-07-14"])
    assert calendar.holidays_between("2025-07-01", "2025-07-31") == {date(2025, 7, 14): "Libur tambahan"}


def test_holiday_names_do_not_depend_on_the_locale(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(variable, "en_US.UTF-8")
    periods._official_holidays.cache_clear()
    try:
        assert OFFICE.holidays_between("2025-12-25", "2025-12-26") == {
            date(2025, 12, 25): "Hari Raya Natal",
            date(2025, 12, 26): "Cuti Bersama Hari Raya Natal",
        }
    finally:
        periods._official_holidays.cache_clear()
