"""Absences and the e-Kinerja measures, on a hand-made log whose days are counted by hand.

The quarter is 2025-Q3 (see ``tests/test_ekinerja.py``): 64 working days in a
five-day office, 77 in a six-day puskesmas. Holidays on weekdays: Monday
18 August (cuti bersama of Independence Day) and Friday 5 September (Maulid
Nabi).

Ani (kelurahan office, five days):

- Cuti Tahunan, Wednesday 13 - Friday 22 August: 13, 14, 15, 19, 20, 21, 22
  (18 August is cuti bersama) = 7 working days;
- Cuti Sakit, Thursday 21 - Monday 25 August, overlapping it: only Monday
  25 August is new = 1 working day;
- Dinas Luar, Thursday 4 - Monday 8 September: 4 and 8 September (5 September
  is Maulid, 6-7 a weekend) = 2 working days.

So 10 absence days, 54 available days; she reported on 7, 8 and 9 July and
on 14 August (while on leave, not counted): 3 / 54.

Budi (kecamatan office) is on Cuti Besar for the whole quarter: 64 absence
days, no available day, no reporting rate.

Citra (puskesmas, six days) attends a training from Thursday 10 to Saturday
12 July (the trainings table): 3 working days, 74 available. She reported on
Saturday 12 July (in training), on 18 August (not a working day) and on
Saturday 27 September: 1 / 74.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kinerja.data.loading import dataset_from_frames
from kinerja.metrics import absences, ekinerja
from tests.test_ekinerja import ANI, CITRA, A, B, C, activities, employees, units

QUARTER = "2025-Q3"
LEAVE = [
    (A, "2025-08-13", "2025-08-22", "Cuti Tahunan"),
    (A, "2025-08-21", "2025-08-25", "Cuti Sakit"),
    (A, "2025-09-04", "2025-09-08", "Dinas Luar"),
    (B, "2025-06-01", "2025-10-31", "Cuti Besar"),
]
ON_LEAVE = [(A, "2025-08-14", "2025-08-14 16:00", "2025-08-14 17:00", "approved")]


def absence_table(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["nip", "start_date", "end_date", "kind"])
    frame["note"] = pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame.astype({"nip": "str", "start_date": "datetime64[us]", "end_date": "datetime64[us]",
                         "kind": "str"})


def training_table() -> pd.DataFrame:
    return pd.DataFrame({"nip": [C], "program": ["Pelayanan Prima"], "start_date": ["2025-07-10"],
                         "end_date": ["2025-07-12"], "jp": [24.0], "organiser": ["BPSDM NTB"]}).astype(
        {"nip": "str", "program": "str", "start_date": "datetime64[us]", "end_date": "datetime64[us]",
         "organiser": "str"})


@pytest.fixture(scope="module")
def away():
    return dataset_from_frames({"units": units(), "employees": employees(),
                                "activities": activities(ANI + CITRA + ON_LEAVE),
                                "absences": absence_table(LEAVE), "trainings": training_table()})


def test_absence_and_available_days_equal_the_hand_count(away):
    result = ekinerja.employee_reporting(away, QUARTER).set_index("nip")
    assert (result.loc[A, "workdays"], result.loc[A, "absence_days"], result.loc[A, "available_days"]) == (64, 10, 54)
    assert (result.loc[B, "absence_days"], result.loc[B, "available_days"]) == (64, 0)
    assert (result.loc[C, "workdays"], result.loc[C, "absence_days"], result.loc[C, "available_days"]) == (77, 3, 74)


def test_the_reporting_rate_counts_available_days_only(away):
    result = ekinerja.employee_reporting(away, QUARTER).set_index("nip")
    assert result.loc[A, "days_reported"] == 3
    assert result.loc[A, "reporting_rate"] == pytest.approx(3 / 54)
    assert result.loc[A, "activities"] == 7  # the report written on leave is still an activity
    assert result.loc[C, "days_reported"] == 1
    assert result.loc[C, "reporting_rate"] == pytest.approx(1 / 74)


def test_no_available_day_gives_no_rate_not_zero(away):
    result = ekinerja.employee_reporting(away, QUARTER).set_index("nip")
    assert math.isnan(result.loc[B, "reporting_rate"])
    units_ = ekinerja.unit_reporting(away, QUARTER).set_index("unit_code")
    assert math.isnan(units_.loc["KEC", "reporting_rate"])
    assert units_.loc["KEC", "employees_without_report"] == 0
    assert B not in set(ekinerja.no_recent_report(away, QUARTER)["nip"])


def test_unit_and_organisation_rates_pool_available_days(away):
    result = ekinerja.unit_reporting(away, QUARTER).set_index("unit_code")
    assert (result.loc["KEL", "absence_days"], result.loc["KEL", "employee_days"]) == (10, 54)
    assert result.loc["KEL", "reporting_rate"] == pytest.approx(3 / 54)
    whole = ekinerja.organisation_reporting(away, QUARTER).iloc[0]
    assert (whole["absence_days"], whole["employee_days"], whole["days_reported"]) == (10 + 64 + 3, 54 + 74, 4)
    assert whole["reporting_rate"] == pytest.approx(4 / 128)
    assert whole["employees_without_report"] == 0


def test_weekly_rates_leave_out_the_days_away(away):
    weeks = ekinerja.weekly_reporting(away, QUARTER)
    kel = weeks[weeks["unit_code"] == "KEL"].set_index("iso_week")
    # Week of 11 August: 5 working days, away 13-15 August; the report of the 14th does not count.
    assert (kel.loc[33, "workdays"], kel.loc[33, "employee_days"], kel.loc[33, "days_reported"]) == (5, 2, 0)
    # Week of 18 August: 4 working days, away on all of them.
    assert (kel.loc[34, "workdays"], kel.loc[34, "employee_days"]) == (4, 0)
    assert math.isnan(kel.loc[34, "reporting_rate"])
    assert kel.loc[28, "reporting_rate"] == pytest.approx(0.6)
    assert kel["employee_days"].sum() == 54


def test_the_window_without_reports_leaves_out_the_days_away():
    leave = absence_table([(A, "2025-09-29", "2025-09-30", "Dinas Luar")])
    data = dataset_from_frames({"units": units(), "employees": employees(), "activities": activities(ANI + CITRA),
                                "absences": leave})
    listed = ekinerja.no_recent_report(data, QUARTER).set_index("nip")
    assert listed.loc[A, "workdays_in_window"] == 3  # 24-26 September; away 29-30
    gone = absence_table([(A, "2025-09-20", "2025-10-03", "Cuti Tahunan")])
    data = dataset_from_frames({"units": units(), "employees": employees(), "activities": activities(ANI + CITRA),
                                "absences": gone})
    assert A not in set(ekinerja.no_recent_report(data, QUARTER)["nip"])


def test_days_by_kind_add_up_and_give_an_overlap_to_the_first_kind(away):
    kinds = ekinerja.absence_days_by_kind(away, QUARTER)
    ani = kinds[kinds["nip"] == A].set_index("kind")["days"].to_dict()
    # 21-22 August are both Cuti Tahunan and Cuti Sakit: Cuti Tahunan comes first.
    assert ani == {"Cuti Sakit": 1, "Cuti Tahunan": 7, "Dinas Luar": 2}
    assert kinds[kinds["nip"] == C].set_index("kind")["days"].to_dict() == {absences.TRAINING_KIND: 3}
    reported = ekinerja.employee_reporting(away, QUARTER).set_index("nip")["absence_days"]
    assert kinds.groupby("nip")["days"].sum().to_dict() == reported[reported > 0].to_dict()


def test_the_same_log_without_the_absence_tables_counts_every_working_day(away):
    # The demo-wide check that nobody without absences changes is tests/test_demo_work_truth.py.
    plain = dataset_from_frames({"units": units(), "employees": employees(),
                                 "activities": activities(ANI + CITRA + ON_LEAVE)})
    before = ekinerja.employee_reporting(plain, QUARTER).set_index("nip")
    after = ekinerja.employee_reporting(away, QUARTER).set_index("nip")
    assert (before["absence_days"] == 0).all()
    assert before.loc[A, "reporting_rate"] == pytest.approx(4 / 64)
    assert after.loc[A, "reporting_rate"] != before.loc[A, "reporting_rate"]


def test_masks_keep_every_day_of_a_quarter_through_the_joins():
    # Days early in the quarter are the low bits of a word; a float round trip of a word above 2**53 loses them.
    rows = [(A, "2025-07-01", "2025-07-04", "Diklat"), (A, "2025-08-25", "2025-08-29", "Dinas Luar"),
            (A, "2025-09-29", "2025-09-30", "Cuti Tahunan")]
    data = dataset_from_frames({"units": units(), "employees": employees(), "activities": activities(ANI + CITRA),
                                "absences": absence_table(rows)})
    days = absences.available_days(data, QUARTER).set_index("nip")
    assert days.loc[A, "absence_days"] == 4 + 5 + 2
    kinds = ekinerja.absence_days_by_kind(data, QUARTER)
    assert kinds[kinds["nip"] == A].set_index("kind")["days"].to_dict() == {"Diklat": 4, "Dinas Luar": 5,
                                                                          "Cuti Tahunan": 2}
