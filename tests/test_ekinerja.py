"""e-Kinerja reporting metrics, computed through Ibis on small hand-made tables.

The quarter used by hand is 2025-Q3 (1 July - 30 September 2025):

- Monday-Friday: July 23, August 21, September 22 weekdays = 66. Holidays on
  weekdays: Monday 18 August (cuti bersama of Independence Day) and Friday
  5 September (Maulid Nabi). 17 August is a Sunday. 66 - 2 = 64 working days.
- Monday-Saturday: plus 13 Saturdays (4 in July, 5 in August, 4 in
  September) = 79, minus the same two holidays = 77.
"""

from __future__ import annotations

import json
import math
import time
from datetime import date

import numpy as np
import pandas as pd
import pytest

from kinerja.core import calendars
from kinerja.data.loading import dataset_from_frames
from kinerja.metrics import ekinerja

A = "198001012005011001"  # kelurahan office, 5-day week
B = "198502022010012002"  # kecamatan office, no activity at all
C = "199003032015031003"  # puskesmas, 6-day week (from its type)


def units() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["KEL", "KEC", "PKM"],
        "unit_name": ["Kantor Lurah", "Kantor Camat", "Puskesmas"],
        "unit_type": ["kelurahan", "kecamatan", "puskesmas"],
        "workdays_per_week": pd.array([5, pd.NA, pd.NA], dtype="Int64"),
    }).astype({"unit_code": "str", "unit_name": "str", "unit_type": "str"})


def employees() -> pd.DataFrame:
    return pd.DataFrame({"nip": [A, B, C], "name": ["Ani", "Budi", "Citra"],
                         "unit_code": ["KEL", "KEC", "PKM"]}).astype("str")


def activities(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (nip, activity date, submitted at, approved at or None, status)."""
    frame = pd.DataFrame(rows, columns=["nip", "activity_date", "submitted_at", "approved_at", "status"])
    frame.insert(0, "activity_id", [f"EK{i:03d}" for i in range(len(frame))])
    frame["activity_date"] = pd.to_datetime(frame["activity_date"]).astype("datetime64[us]")
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"]).astype("datetime64[us]")
    frame["approved_at"] = pd.to_datetime(frame["approved_at"]).astype("datetime64[us]")
    frame["category"] = "Tugas Jabatan"
    frame["duration_minutes"] = 60
    frame["description"] = "x"
    return frame.astype({"activity_id": "str", "nip": "str", "status": "str", "category": "str",
                         "description": "str"})


def dataset(rows: list[tuple]):
    return dataset_from_frames({"units": units(), "employees": employees(), "activities": activities(rows)})


# Ani reports in the week of Monday 7 July 2025 on Monday, Tuesday and Wednesday (3 of 5
# working days), plus once on Saturday 12 July, which is no working day of her office.
ANI = [
    (A, "2025-07-07", "2025-07-07 16:00", "2025-07-07 17:00", "approved"),  # same day, lag 1 h
    (A, "2025-07-07", "2025-07-07 18:00", "2025-07-07 20:00", "approved"),  # same day, lag 2 h
    (A, "2025-07-08", "2025-07-09 08:00", "2025-07-09 11:00", "approved"),  # 1 day late, lag 3 h
    (A, "2025-07-09", "2025-07-11 08:00", "2025-07-11 18:00", "approved"),  # 2 days late, lag 10 h
    (A, "2025-07-08", "2025-07-08 15:00", None, "submitted"),               # same day, waiting
    (A, "2025-07-12", "2025-07-12 10:00", None, "rejected"),                # Saturday, same day
]
# Citra (six-day puskesmas) reports on Saturday 12 July (a working day for her), on the
# cuti bersama of Monday 18 August (not a working day), on Saturday 27 September and
# once in June (another quarter).
CITRA = [
    (C, "2025-07-12", "2025-07-12 12:00", "2025-07-12 13:00", "approved"),
    (C, "2025-08-18", "2025-08-18 12:00", "2025-08-19 12:00", "approved"),
    (C, "2025-09-27", "2025-09-27 12:00", "2025-09-29 12:00", "approved"),
    (C, "2025-06-30", "2025-06-30 12:00", "2025-06-30 13:00", "approved"),
]


@pytest.fixture(scope="module")
def hand():
    return dataset(ANI + CITRA)


# --- working days ----------------------------------------------------------------------------------


def test_working_days_of_a_five_and_a_six_day_unit(hand):
    days = calendars.unit_workdays(hand.units, "2025-Q3")
    counts = days.groupby("unit_code").size()
    assert counts.to_dict() == {"KEC": 64, "KEL": 64, "PKM": 77}
    kel = set(days.loc[days["unit_code"] == "KEL", "day"])
    assert date(2025, 8, 18) not in kel and date(2025, 9, 5) not in kel and date(2025, 8, 15) in kel
    pkm = set(days.loc[days["unit_code"] == "PKM", "day"])
    assert date(2025, 7, 12) in pkm and date(2025, 7, 13) not in pkm


def test_working_days_follow_the_calendar_options(hand):
    counts = calendars.unit_workdays(hand.units, "2025-Q3", include_cuti_bersama=False).groupby("unit_code").size()
    assert counts.to_dict() == {"KEC": 65, "KEL": 65, "PKM": 78}
    counts = calendars.unit_workdays(hand.units, "2025-Q3", extra_holidays=["2025-07-07"]).groupby("unit_code").size()
    assert counts.to_dict() == {"KEC": 63, "KEL": 63, "PKM": 76}


def test_a_units_workdays_per_week_overrides_its_type():
    table = units()
    table.loc[2, "workdays_per_week"] = 5
    assert calendars.unit_calendars(table)["PKM"].workdays_per_week == 5
    assert calendars.unit_calendars(units())["PKM"].workdays_per_week == 6


# --- per employee ----------------------------------------------------------------------------------


def test_days_reported_are_distinct_working_days(hand):
    result = ekinerja.employee_reporting(hand, "2025-Q3").set_index("nip")
    assert result.loc[A, "workdays"] == 64
    assert result.loc[A, "days_reported"] == 3  # 7, 8, 9 July; Saturday 12 July is not a working day
    assert result.loc[A, "reporting_rate"] == pytest.approx(3 / 64)
    assert result.loc[C, "workdays"] == 77
    assert result.loc[C, "days_reported"] == 2  # Saturdays 12 July and 27 September; 18 August is cuti bersama
    assert result.loc[C, "activities"] == 3  # the June report belongs to Q2


def test_an_employee_without_activity_is_kept_with_rate_zero(hand):
    result = ekinerja.employee_reporting(hand, "2025-Q3").set_index("nip")
    assert list(result.index) == [B, A, C]  # sorted by unit: KEC, KEL, PKM
    assert result.loc[B, "days_reported"] == 0
    assert result.loc[B, "reporting_rate"] == 0
    assert result.loc[B, "activities"] == 0
    assert math.isnan(result.loc[B, "on_time_rate"])
    assert math.isnan(result.loc[B, "approval_lag_median_hours"])


def test_on_time_rate_with_tolerance_zero_and_one(hand):
    strict = ekinerja.employee_reporting(hand, "2025-Q3").set_index("nip")
    assert strict.loc[A, "on_time_rate"] == pytest.approx(4 / 6)
    lenient = ekinerja.employee_reporting(hand, "2025-Q3", late_tolerance_days=1).set_index("nip")
    assert lenient.loc[A, "on_time_rate"] == pytest.approx(5 / 6)
    assert lenient.loc[A, "reporting_rate"] == strict.loc[A, "reporting_rate"]


def test_approval_lag_median_and_90th_percentile(hand):
    result = ekinerja.employee_reporting(hand, "2025-Q3").set_index("nip")
    # Approved lags 1, 2, 3 and 10 hours: median 2.5; p90 at position 2.7 = 3 + 0.7 x 7 = 7.9.
    assert result.loc[A, "approval_lag_median_hours"] == pytest.approx(2.5)
    assert result.loc[A, "approval_lag_p90_hours"] == pytest.approx(7.9)


def test_never_approved_share(hand):
    result = ekinerja.employee_reporting(hand, "2025-Q3").set_index("nip")
    assert result.loc[A, "never_approved_share"] == pytest.approx(2 / 6)
    assert result.loc[C, "never_approved_share"] == 0


def test_negative_tolerance_is_refused(hand):
    with pytest.raises(ValueError, match="late_tolerance_days"):
        ekinerja.employee_reporting(hand, "2025-Q3", late_tolerance_days=-1)


# --- per unit and per week -------------------------------------------------------------------------


def test_unit_reporting_pools_employees(hand):
    result = ekinerja.unit_reporting(hand, "2025-Q3").set_index("unit_code")
    assert result.loc["KEL", "reporting_rate"] == pytest.approx(3 / 64)
    assert result.loc["KEC", "employees_without_report"] == 1
    assert result.loc["KEC", "reporting_rate"] == 0
    assert result.loc["KEL", "approval_lag_median_hours"] == pytest.approx(2.5)
    assert result.loc["PKM", "employee_days"] == 77
    assert result.loc["KEL", "unit_name"] == "Kantor Lurah"


def test_reporting_on_three_of_five_working_days_is_60_percent(hand):
    weeks = ekinerja.weekly_reporting(hand, "2025-Q3")
    week = weeks[(weeks["unit_code"] == "KEL") & (weeks["iso_week"] == 28)].iloc[0]
    assert (week["workdays"], week["days_reported"]) == (5, 3)
    assert week["reporting_rate"] == pytest.approx(0.6)
    assert pd.Timestamp(week["week_start"]) == pd.Timestamp("2025-07-07")


def test_weekly_trend_counts_short_weeks_and_holidays(hand):
    weeks = ekinerja.weekly_reporting(hand, "2025-Q3")
    kel = weeks[weeks["unit_code"] == "KEL"].set_index("iso_week")
    assert kel.loc[27, "workdays"] == 4  # Tuesday 1 - Friday 4 July
    assert kel.loc[34, "workdays"] == 4  # week of Monday 18 August, cuti bersama
    assert kel.loc[36, "workdays"] == 4  # week of Friday 5 September, Maulid
    assert kel["workdays"].sum() == 64
    assert (weeks.loc[weeks["unit_code"] == "KEC", "reporting_rate"] == 0).all()


# --- no recent report ------------------------------------------------------------------------------


def test_no_recent_report_lists_who_did_not_report_in_the_last_working_days(hand):
    result = ekinerja.no_recent_report(hand, "2025-Q3").set_index("nip")
    # Citra reported on Saturday 27 September, within her unit's last five working days.
    assert sorted(result.index) == sorted([A, B])
    assert pd.Timestamp(result.loc[A, "window_start"]) == pd.Timestamp("2025-09-24")
    assert pd.Timestamp(result.loc[A, "last_activity_date"]) == pd.Timestamp("2025-07-12")
    assert result.loc[A, "days_since_last_activity"] == (date(2025, 9, 30) - date(2025, 7, 12)).days
    assert pd.isna(result.loc[B, "last_activity_date"])


def test_no_recent_report_window_follows_the_unit_calendar():
    # A Saturday report counts for the six-day puskesmas but not for the five-day office.
    data = dataset([(A, "2025-09-27", "2025-09-27 09:00", None, "submitted"),
                    (C, "2025-09-27", "2025-09-27 09:00", None, "submitted")])
    assert set(ekinerja.no_recent_report(data, "2025-Q3")["nip"]) == {A, B}


def test_no_recent_report_n_is_a_parameter():
    data = dataset([(A, "2025-09-22", "2025-09-22 09:00", None, "submitted")])
    assert A in set(ekinerja.no_recent_report(data, "2025-Q3", n=5)["nip"])
    assert A not in set(ekinerja.no_recent_report(data, "2025-Q3", n=7)["nip"])  # 22 Sep is the 7th last
    with pytest.raises(ValueError, match="n must be"):
        ekinerja.no_recent_report(data, "2025-Q3", n=0)


# --- demo data -------------------------------------------------------------------------------------


def test_demo_reporting_finds_the_planted_training_needs(demo, demo_dataset):
    started = time.perf_counter()
    result = ekinerja.employee_reporting(demo_dataset, "2026-Q3")
    elapsed = time.perf_counter() - started
    assert len(result) == len(demo_dataset.employees)
    needs = json.loads((demo / "ground_truth.json").read_text())["training_needs"]
    group = result["nip"].map(needs)
    digital = result.loc[group == "literasi_digital", "reporting_rate"].mean()
    others = result.loc[group == "none", "reporting_rate"].mean()
    assert digital < 0.65 < 0.8 < others
    late = result.loc[group == "manajemen_waktu", "on_time_rate"].mean()
    assert late < 0.3 < 0.8 < result.loc[group == "none", "on_time_rate"].mean()
    assert elapsed < 30
    assert np.isfinite(result["reporting_rate"]).all()


# --- the organisation and counts per unit ----------------------------------------------------------


def test_organisation_reporting_pools_every_employee_and_activity(hand):
    row = ekinerja.organisation_reporting(hand, "2025-Q3").iloc[0]
    assert (row["units"], row["employees"], row["employee_days"]) == (3, 3, 64 + 64 + 77)
    assert row["days_reported"] == 3 + 0 + 2
    assert row["reporting_rate"] == pytest.approx(5 / 205)
    assert row["employees_without_report"] == 1
    assert row["activities"] == 9
    assert row["on_time_rate"] == pytest.approx(7 / 9)  # Ani 4 of 6, Citra 3 of 3
    assert row["approval_lag_median_hours"] == pytest.approx(3.0)  # lags 1, 1, 2, 3, 10, 24, 48
    assert row["never_approved_share"] == pytest.approx(2 / 9)


def test_organisation_reporting_of_one_unit_equals_its_unit_reporting(hand):
    pooled = ekinerja.organisation_reporting(hand, "2025-Q3", units=["KEL"]).iloc[0]
    unit = ekinerja.unit_reporting(hand, "2025-Q3").set_index("unit_code").loc["KEL"]
    for column in ("employees", "employee_days", "days_reported", "reporting_rate", "activities", "on_time_rate",
                   "approval_lag_median_hours", "approval_lag_p90_hours", "never_approved_share"):
        assert pooled[column] == pytest.approx(unit[column])
    with pytest.raises(ValueError, match="'XYZ', which is not in the units table"):
        ekinerja.organisation_reporting(hand, "2025-Q3", units=["KEL", "XYZ"])


def test_no_recent_report_per_unit_counts_without_names(hand):
    result = ekinerja.no_recent_report_per_unit(hand, "2025-Q3").set_index("unit_code")
    assert result["without_report"].to_dict() == {"KEC": 1, "KEL": 1, "PKM": 0}
    assert result.loc["KEL", "share"] == 1.0 and result.loc["PKM", "share"] == 0.0
    assert pd.Timestamp(result.loc["KEL", "window_start"]) == pd.Timestamp("2025-09-24")
    assert pd.Timestamp(result.loc["PKM", "window_start"]) == pd.Timestamp("2025-09-25")  # six-day week
    assert not {"nip", "name"} & set(result.columns)
