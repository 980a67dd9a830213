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


# A log that says something about the whole quarter starts with it: Citra's report of 1 July.
LOG_START = (C, "2025-07-01", "2025-07-01 09:00", None, "submitted")


def test_no_recent_report_window_follows_the_unit_calendar():
    # A Saturday report counts for the six-day puskesmas but not for the five-day office.
    data = dataset([LOG_START, (A, "2025-09-27", "2025-09-27 09:00", None, "submitted"),
                    (C, "2025-09-27", "2025-09-27 09:00", None, "submitted")])
    assert set(ekinerja.no_recent_report(data, "2025-Q3")["nip"]) == {A, B}


def test_no_recent_report_n_is_a_parameter():
    data = dataset([LOG_START, (A, "2025-09-22", "2025-09-22 09:00", None, "submitted")])
    assert A in set(ekinerja.no_recent_report(data, "2025-Q3", n=5)["nip"])
    assert A not in set(ekinerja.no_recent_report(data, "2025-Q3", n=7)["nip"])  # 22 Sep is the 7th last
    with pytest.raises(ValueError, match="n must be"):
        ekinerja.no_recent_report(data, "2025-Q3", n=0)


# --- units of several employees ------------------------------------------------------------------
# A five-day kelurahan office of three ASN and a six-day puskesmas of two. Every report falls in the
# week of Monday 14 - Saturday 19 July 2025 (ISO week 29), which has no national holiday and no cuti
# bersama, so the office works Monday-Friday and the puskesmas Monday-Saturday of it. The quarter's
# working days stay those counted in the module docstring: 64 for the office, 77 for the puskesmas.
# Each ASN reports on a different number of days and submits a different share on time, and the two
# units differ in size and calendar, so a rate over the wrong denominator, or an unweighted mean of
# employees' or units' rates, gives another number than the pooled one.

DEWI, EKA, FAJAR = "198703152011012004", "199105202015032001", "198811022012121003"  # KEL-MYR
GEDE, HANA = "198202142006041002", "199306302019032005"  # PKM-KTW
LEFT = "197905122003121001"  # left before the export: in the log, not on the roster


def several_per_unit():
    units = pd.DataFrame({
        "unit_code": ["KEL-MYR", "PKM-KTW"],
        "unit_name": ["Kantor Lurah Mayura", "Puskesmas Karang Taliwang"],
        "unit_type": ["kelurahan", "puskesmas"],
        "workdays_per_week": pd.array([pd.NA, pd.NA], dtype="Int64"),
    }).astype({"unit_code": "str", "unit_name": "str", "unit_type": "str"})
    staff = pd.DataFrame({"nip": [DEWI, EKA, FAJAR, GEDE, HANA],
                          "name": ["Dewi", "Eka", "Fajar", "Gede", "Hana"],
                          "unit_code": ["KEL-MYR"] * 3 + ["PKM-KTW"] * 2}).astype("str")
    rows = [
        # Dewi: 5 activities on 4 days (Mon-Thu), 4 on time (Wednesday's is sent a day late).
        (DEWI, "2025-07-14", "2025-07-14 10:00", "2025-07-14 11:00", "approved"),
        (DEWI, "2025-07-14", "2025-07-14 15:00", "2025-07-14 16:00", "approved"),
        (DEWI, "2025-07-15", "2025-07-15 15:00", "2025-07-15 16:00", "approved"),
        (DEWI, "2025-07-16", "2025-07-17 08:00", "2025-07-17 09:00", "approved"),
        (DEWI, "2025-07-17", "2025-07-17 15:00", "2025-07-17 16:00", "approved"),
        # Eka: 3 activities, on 2 working days (Mon, Wed) and a Saturday the office does not work;
        # 2 on time (Monday's is sent on Tuesday).
        (EKA, "2025-07-14", "2025-07-15 08:00", "2025-07-15 09:00", "approved"),
        (EKA, "2025-07-16", "2025-07-16 15:00", "2025-07-16 16:00", "approved"),
        (EKA, "2025-07-19", "2025-07-19 10:00", "2025-07-19 11:00", "approved"),
        # Fajar: 1 activity on 1 day (Friday), sent on Monday: 0 on time.
        (FAJAR, "2025-07-18", "2025-07-21 08:00", "2025-07-21 09:00", "approved"),
        # Gede: 5 activities on 5 days (Mon-Thu and Saturday, a puskesmas working day), 4 on time.
        (GEDE, "2025-07-14", "2025-07-14 13:00", "2025-07-14 14:00", "approved"),
        (GEDE, "2025-07-15", "2025-07-15 13:00", "2025-07-15 14:00", "approved"),
        (GEDE, "2025-07-16", "2025-07-16 13:00", "2025-07-16 14:00", "approved"),
        (GEDE, "2025-07-17", "2025-07-18 08:00", "2025-07-18 09:00", "approved"),
        (GEDE, "2025-07-19", "2025-07-19 12:00", "2025-07-19 13:00", "approved"),
        # Hana: 3 activities on 3 days (Tue, Thu, Sat), 2 on time (Saturday's is sent on Monday).
        (HANA, "2025-07-15", "2025-07-15 13:00", "2025-07-15 14:00", "approved"),
        (HANA, "2025-07-17", "2025-07-17 13:00", "2025-07-17 14:00", "approved"),
        (HANA, "2025-07-19", "2025-07-21 08:00", "2025-07-21 09:00", "approved"),
        # The export also holds the reports of an ASN who has since left (not on the roster) on the
        # quarter's first and last days, so the log covers the whole quarter; they count for nobody.
        (LEFT, "2025-07-01", "2025-07-01 10:00", "2025-07-01 11:00", "approved"),
        (LEFT, "2025-09-30", "2025-09-30 10:00", "2025-09-30 11:00", "approved"),
    ]
    return dataset_from_frames({"units": units, "employees": staff, "activities": activities(rows)})


@pytest.fixture(scope="module")
def pooled():
    return several_per_unit()


def test_each_employee_of_the_pooled_units_reports_on_a_different_number_of_days(pooled):
    result = ekinerja.employee_reporting(pooled, "2025-Q3").set_index("nip")
    assert result["days_reported"].to_dict() == {DEWI: 4, EKA: 2, FAJAR: 1, GEDE: 5, HANA: 3}
    assert result["workdays"].to_dict() == {DEWI: 64, EKA: 64, FAJAR: 64, GEDE: 77, HANA: 77}


def test_unit_reporting_rate_is_days_reported_over_employees_times_working_days(pooled):
    result = ekinerja.unit_reporting(pooled, "2025-Q3").set_index("unit_code")
    kel, pkm = result.loc["KEL-MYR"], result.loc["PKM-KTW"]
    # Office: 4 + 2 + 1 = 7 days over 3 ASN x 64 days = 192, i.e. 7/192 = 0.0365 (not 7/64 = 0.109).
    assert (kel["employees"], kel["workdays"], kel["employee_days"], kel["days_reported"]) == (3, 64, 192, 7)
    assert kel["reporting_rate"] == pytest.approx(7 / 192)
    # Puskesmas: 5 + 3 = 8 days over 2 ASN x 77 days = 154, i.e. 8/154 = 0.0519 (not 8/77 = 0.104).
    assert (pkm["employees"], pkm["workdays"], pkm["employee_days"], pkm["days_reported"]) == (2, 77, 154, 8)
    assert pkm["reporting_rate"] == pytest.approx(8 / 154)
    assert result["employees_without_report"].to_dict() == {"KEL-MYR": 0, "PKM-KTW": 0}


def test_unit_on_time_rate_pools_the_units_activities(pooled):
    result = ekinerja.unit_reporting(pooled, "2025-Q3").set_index("unit_code")
    # Office: (4 + 2 + 0) of (5 + 3 + 1) = 6/9 = 0.667; the mean of the ASN's rates,
    # (4/5 + 2/3 + 0/1) / 3 = 0.489, would weigh Fajar's single report like Dewi's five.
    assert result.loc["KEL-MYR", "activities"] == 9
    assert result.loc["KEL-MYR", "on_time_rate"] == pytest.approx(6 / 9)
    # Puskesmas: (4 + 2) of (5 + 3) = 6/8 = 0.75; the mean of the ASN's rates would be 0.733.
    assert result.loc["PKM-KTW", "activities"] == 8
    assert result.loc["PKM-KTW", "on_time_rate"] == pytest.approx(6 / 8)


def test_organisation_rates_pool_units_of_different_size_and_calendar(pooled):
    row = ekinerja.organisation_reporting(pooled, "2025-Q3").iloc[0]
    # 7 + 8 = 15 days over 192 + 154 = 346 employee working days: 15/346 = 0.04335. Not the mean of
    # the two units' rates, (7/192 + 8/154) / 2 = 0.04420, nor of the five ASN's rates,
    # (4/64 + 2/64 + 1/64 + 5/77 + 3/77) / 5 = 0.04265, nor 15 / (5 x 77) = 0.03896.
    assert (row["units"], row["employees"], row["employee_days"], row["days_reported"]) == (2, 5, 346, 15)
    assert row["reporting_rate"] == pytest.approx(15 / 346)
    # 6 + 6 = 12 on time of 9 + 8 = 17 activities: 12/17 = 0.70588 (the units' mean would be 0.70833).
    assert row["activities"] == 17
    assert row["on_time_rate"] == pytest.approx(12 / 17)
    assert row["employees_without_report"] == 0


def test_weekly_rate_of_a_week_without_holidays_is_over_employees_times_its_working_days(pooled):
    weeks = ekinerja.weekly_reporting(pooled, "2025-Q3").set_index(["unit_code", "iso_week"])
    # ISO week 29: the office's 3 ASN x 5 days = 15, of which 7 reported: 7/15 = 0.467;
    # the puskesmas's 2 ASN x 6 days = 12, of which 8 reported: 8/12 = 0.667.
    kel, pkm = weeks.loc[("KEL-MYR", 29)], weeks.loc[("PKM-KTW", 29)]
    assert (kel["employees"], kel["workdays"], kel["days_reported"]) == (3, 5, 7)
    assert kel["reporting_rate"] == pytest.approx(7 / 15)
    assert (pkm["employees"], pkm["workdays"], pkm["days_reported"]) == (2, 6, 8)
    assert pkm["reporting_rate"] == pytest.approx(8 / 12)


# --- demo data -------------------------------------------------------------------------------------


def test_demo_reporting_finds_the_planted_training_needs(demo, demo_dataset):
    result = ekinerja.employee_reporting(demo_dataset, "2026-Q3")
    assert len(result) == len(demo_dataset.employees)
    needs = json.loads((demo / "ground_truth.json").read_text())["training_needs"]
    group = result["nip"].map(needs)
    digital = result.loc[group == "literasi_digital", "reporting_rate"].mean()
    others = result.loc[group == "none", "reporting_rate"].mean()
    assert digital < 0.65 and others > 0.8
    late = result.loc[group == "manajemen_waktu", "on_time_rate"].mean()
    assert late < 0.3 and result.loc[group == "none", "on_time_rate"].mean() > 0.8
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
