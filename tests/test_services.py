"""Services per unit and quarter: volume, waiting time, unserved share and satisfaction."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kinerja.data.loading import dataset_from_frames
from kinerja.metrics import services
from kinerja.metrics.ikm import UNSUR_COLUMNS


def units() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["PKM", "KEL"], "unit_name": ["Puskesmas Contoh", "Kantor Lurah Contoh"],
        "unit_type": ["puskesmas", "kelurahan"], "workdays_per_week": pd.array([6, 5], dtype="Int64"),
    }).astype({"unit_code": "str", "unit_name": "str", "unit_type": "str"})


def visits(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (unit, service type, arrival, waiting minutes or None for unserved)."""
    records = []
    for i, (unit, kind, arrival, wait) in enumerate(rows):
        arrival = pd.Timestamp(arrival)
        start = arrival + pd.Timedelta(minutes=wait) if wait is not None else pd.NaT
        end = start + pd.Timedelta(minutes=5) if wait is not None else pd.NaT
        records.append({"visit_id": f"KJ{i:03d}", "unit_code": unit, "arrival_at": arrival,
                        "service_start_at": start, "service_end_at": end, "service_type": kind})
    frame = pd.DataFrame(records)
    for column in ("arrival_at", "service_start_at", "service_end_at"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    return frame.astype({"visit_id": "str", "unit_code": "str", "service_type": "str"})


def responses(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (unit, survey date, the same answer for all nine unsur)."""
    frame = pd.DataFrame([{"response_id": f"R{i}", "unit_code": unit, "survey_date": pd.Timestamp(day),
                           **{name: float(answer) for name in UNSUR_COLUMNS}}
                          for i, (unit, day, answer) in enumerate(rows)])
    frame["survey_date"] = frame["survey_date"].astype("datetime64[us]")
    return frame.astype({"response_id": "str", "unit_code": "str"})


# Puskesmas, 2026-Q3: four served visits waiting 10, 20, 30 and 90 minutes and one unserved;
# one visit in 2026-Q2 waiting 40 minutes.
VISITS = [
    ("PKM", "Poli Umum", "2026-07-01 08:00", 10),
    ("PKM", "Poli Umum", "2026-07-01 08:05", 20),
    ("PKM", "Poli Gigi", "2026-08-03 09:00", 30),
    ("PKM", "Poli Umum", "2026-09-30 11:00", 90),
    ("PKM", "Poli Gigi", "2026-09-30 11:30", None),
    ("PKM", "Poli Umum", "2026-06-30 10:00", 40),
    ("KEL", "KTP-el", "2026-07-02 10:00", 12),
]


@pytest.fixture(scope="module")
def hand():
    return dataset_from_frames({
        "units": units(), "visits": visits(VISITS),
        "ikm_responses": responses([("PKM", "2026-07-10", 4), ("PKM", "2026-08-10", 4), ("KEL", "2026-07-10", 3),
                                    ("PKM", "2026-05-10", 3)]),
    })


def test_volume_waiting_time_and_unserved_share_per_unit(hand):
    result = services.service_quality(hand, "2026-Q3").set_index("unit_code")
    pkm = result.loc["PKM"]
    assert (pkm["visits"], pkm["served"]) == (5, 4)
    assert pkm["unserved_share"] == pytest.approx(1 / 5)
    assert pkm["waiting_median_minutes"] == pytest.approx(25)  # (20 + 30) / 2
    assert pkm["waiting_p90_minutes"] == pytest.approx(72)  # position 2.7: 30 + 0.7 x 60
    assert pkm["within_standard_share"] == pytest.approx(3 / 4)
    assert pkm["unit_name"] == "Puskesmas Contoh"
    assert pkm["quarter"] == "2026-Q3"


def test_the_waiting_standard_is_a_parameter(hand):
    result = services.service_quality(hand, "2026-Q3", standard_minutes=25).set_index("unit_code")
    assert result.loc["PKM", "within_standard_share"] == pytest.approx(2 / 4)
    assert result.loc["PKM", "standard_minutes"] == 25
    with pytest.raises(ValueError, match="standard_minutes"):
        services.service_quality(hand, "2026-Q3", standard_minutes=0)


def test_a_wait_equal_to_the_standard_is_within_it(hand):
    result = services.service_quality(hand, "2026-Q3", standard_minutes=30).set_index("unit_code")
    assert result.loc["PKM", "within_standard_share"] == pytest.approx(3 / 4)


def test_trend_over_quarters(hand):
    result = services.service_trend(hand, "2026-Q2:2026-Q3")
    pkm = result[result["unit_code"] == "PKM"].set_index("quarter")
    assert pkm["visits"].to_dict() == {"2026-Q2": 1, "2026-Q3": 5}
    assert pkm.loc["2026-Q2", "waiting_median_minutes"] == 40
    assert services.service_trend(hand, ["2026-Q3", "2026-Q2"]).equals(result)


def test_breakdown_by_service_type(hand):
    result = services.by_service_type(hand, "2026-Q3")
    pkm = result[result["unit_code"] == "PKM"].set_index("service_type")
    assert pkm["visits"].to_dict() == {"Poli Gigi": 2, "Poli Umum": 3}
    assert pkm.loc["Poli Gigi", "unserved_share"] == pytest.approx(0.5)
    assert pkm.loc["Poli Umum", "waiting_median_minutes"] == 20


def test_satisfaction_is_the_ikm_of_the_units_responses_in_the_quarter(hand):
    result = services.satisfaction(hand, "2026-Q3").set_index("unit_code")
    assert result.loc["PKM", "n"] == 2  # the May response is in Q2
    assert result.loc["PKM", "ikm"] == pytest.approx(100)
    assert result.loc["PKM", "grade"] == "A"
    assert result.loc["KEL", "ikm"] == pytest.approx(75)
    assert result.loc["KEL", "grade"] == "C"


def test_satisfaction_of_puskesmas_only(hand):
    result = services.satisfaction(hand, "2026-Q3", unit_type="puskesmas")
    assert result["unit_code"].tolist() == ["PKM"]
    assert services.satisfaction(hand, "2026-Q3", units=["KEL"])["unit_code"].tolist() == ["KEL"]
    legacy = services.satisfaction(hand, "2026-Q3", weight="0.11").set_index("unit_code")
    assert legacy.loc["PKM", "ikm"] == pytest.approx(99)
    assert legacy.loc["PKM", "weight"] == "0.11"


def test_demo_waiting_times_and_ikm_match_the_ground_truth(demo, demo_dataset):
    truth = json.loads((demo / "ground_truth.json").read_text())
    quarters = truth["quarters"]
    trend = services.service_trend(demo_dataset, quarters)
    medians = {(row.unit_code, row.quarter): row.waiting_median_minutes for row in trend.itertuples()}
    expected = {(unit, quarter): value for unit, by_quarter in truth["waiting_time"]["median_by_unit_quarter"].items()
                for quarter, value in by_quarter.items()}
    assert medians == pytest.approx(expected)
    ikm = services.satisfaction(demo_dataset, quarters)
    found = {(row.unit_code, row.quarter): row.ikm_rounded for row in ikm.itertuples()}
    expected = {(unit, quarter): value for unit, by_quarter in truth["ikm"]["ikm_by_unit_quarter"].items()
                for quarter, value in by_quarter.items()}
    assert found == pytest.approx(expected)
