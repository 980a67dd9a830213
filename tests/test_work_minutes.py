"""Minutes reported per day, on a hand-made log (2025-Q3, see ``tests/test_ekinerja.py``).

Ani (five-day office) reports 60 minutes per activity: two activities on Monday
7 July (120), two on Tuesday 8 July (120), one on Wednesday 9 July (60), one on
Saturday 12 July (no working day: left out), and one of 1,000 minutes on
Thursday 10 July (over 16 hours). Her days: 120, 120, 60 and 1,000 minutes, a
median of 120; with a minimum of 100 minutes one day of four is under it.
On Cuti Tahunan on 9 July, that day leaves her figures: 120, 120 and 1,000.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kinerja.data.loading import dataset_from_frames
from kinerja.metrics import work_minutes
from tests.test_absences import absence_table
from tests.test_ekinerja import ANI, CITRA, A, B, activities, employees, units

QUARTER = "2025-Q3"
LONG_DAY = [(A, "2025-07-10", "2025-07-10 23:00", "2025-07-11 08:00", "approved")]


def log() -> pd.DataFrame:
    frame = activities(ANI + CITRA + LONG_DAY)
    frame.loc[frame["activity_date"] == pd.Timestamp("2025-07-10"), "duration_minutes"] = 1000
    return frame


@pytest.fixture(scope="module")
def hand():
    return dataset_from_frames({"units": units(), "employees": employees(), "activities": log()})


def test_median_daily_minutes_over_working_days(hand):
    result = work_minutes.employee_minutes(hand, QUARTER).set_index("nip")
    assert result.loc[A, "days_with_minutes"] == 4
    assert result.loc[A, "median_daily_minutes"] == 120
    assert math.isnan(result.loc[A, "share_under_minimum"])  # no minimum set
    assert result.loc[A, "implausible_days"] == 1
    assert result.loc[B, "days_with_minutes"] == 0 and math.isnan(result.loc[B, "median_daily_minutes"])


def test_share_of_days_under_a_minimum(hand):
    result = work_minutes.employee_minutes(hand, QUARTER, minimum_minutes=100).set_index("nip")
    assert result.loc[A, "days_under_minimum"] == 1
    assert result.loc[A, "share_under_minimum"] == pytest.approx(1 / 4)
    with pytest.raises(ValueError, match="minimum_minutes"):
        work_minutes.employee_minutes(hand, QUARTER, minimum_minutes=0)


def test_days_away_leave_the_minutes():
    data = dataset_from_frames({"units": units(), "employees": employees(), "activities": log(),
                                "absences": absence_table([(A, "2025-07-09", "2025-07-09", "Cuti Tahunan")])})
    result = work_minutes.employee_minutes(data, QUARTER, minimum_minutes=100).set_index("nip")
    assert (result.loc[A, "days_with_minutes"], result.loc[A, "days_under_minimum"]) == (3, 0)


def test_unit_pools_days_and_the_long_day_is_listed(hand):
    per_unit = work_minutes.unit_minutes(hand, QUARTER).set_index("unit_code")
    assert per_unit.loc["KEL", "median_daily_minutes"] == 120
    listed = work_minutes.implausible_days(hand, QUARTER)
    assert listed[["nip", "minutes", "activities"]].values.tolist() == [[A, 1000, 1]]
    assert listed["day"].iloc[0] == pd.Timestamp("2025-07-10")


def test_a_log_without_durations_has_no_minutes(hand):
    plain = dataset_from_frames({"units": units(), "employees": employees(),
                                 "activities": log().drop(columns="duration_minutes")})
    assert work_minutes.has_minutes(hand) and not work_minutes.has_minutes(plain)


def test_the_annex_lists_the_long_day_by_unit_without_the_person(hand):
    from kinerja.present.report import implausible_annex

    shown = implausible_annex(work_minutes.implausible_days(hand, QUARTER), hand.employees, hand.units, "id")
    assert shown.values.tolist() == [["Kantor Lurah", "10/07/2025", "1.000", "1"]]
    assert list(shown.columns) == ["Unit", "Tanggal", "Menit", "Kegiatan"]
    assert A not in shown.to_string()
