"""The planted structure of issue #19 in the demo, found by the metrics (``ground_truth.json``).

- An ASN on maternity leave for half a quarter has an ordinary adjusted
  reporting rate; counted over every working day it would look like a failure.
- A unit where few activities name an SKP indicator has the lowest share.
- An SKP indicator without any activity is listed as such.
- Observations are positive more often the higher the person's rating of
  that value.
- Without absences, every e-Kinerja figure is what it was without the
  absence and training tables, in every quarter of the demo.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from kinerja.core.periods import Quarter
from kinerja.metrics import ekinerja, observations, skp_links


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))


def test_half_a_quarter_of_maternity_leave_leaves_an_ordinary_rate(demo_dataset, truth):
    leave = truth["absences"]["maternity_leave"]
    rates = ekinerja.employee_reporting(demo_dataset, leave["quarter"]).set_index("nip")
    person = rates.loc[leave["nip"]]
    assert person["absence_days"] >= leave["working_days_in_quarter"]
    colleagues = rates[rates["unit_code"] == person["unit_code"]]["reporting_rate"]
    low, high = colleagues.quantile([0.25, 0.75])
    assert low <= person["reporting_rate"] <= high + 0.05
    # Over every working day the same reports would be under half: the failure the absences table prevents.
    assert person["days_reported"] / person["workdays"] < 0.5
    kinds = ekinerja.absence_days_by_kind(demo_dataset, leave["quarter"])
    own = kinds[kinds["nip"] == leave["nip"]].set_index("kind")["days"]
    assert own["Cuti Melahirkan"] == leave["working_days_in_quarter"]


def test_the_low_link_unit_has_the_lowest_share(demo_dataset, truth):
    planted = truth["skp_links"]
    quarter = planted["indicator_without_activity"]["quarter"]
    units = skp_links.unit_links(demo_dataset, quarter).set_index("unit_code")
    assert units["linked_share"].idxmin() == planted["low_link_unit"]
    assert units.loc[planted["low_link_unit"], "linked_share"] == pytest.approx(planted["low_link_share"], abs=0.01)


def test_the_indicator_without_activity_is_found(demo_dataset, truth):
    planted = truth["skp_links"]["indicator_without_activity"]
    table = skp_links.indicator_activities(demo_dataset, planted["quarter"])
    own = table[table["nip"] == planted["nip"]]
    assert set(own.loc[own["activities"] == 0, "key"]) == {planted["indicator"]}


def test_observations_follow_the_ratings(demo_dataset, truth):
    quarter = Quarter.parse("2026-Q3")
    counts = observations.observation_counts(demo_dataset, quarter)
    ratings = demo_dataset.behaviour[demo_dataset.behaviour["quarter"] == quarter.label].set_index("nip")
    counts["rating"] = [ratings.at[nip, value] if nip in ratings.index else None
                        for nip, value in zip(counts["nip"], counts["core_value"])]
    by_rating = counts.dropna(subset=["rating"]).groupby("rating")[["positive", "needs_improvement"]].sum()
    share = by_rating["positive"] / by_rating.sum(axis=1)
    assert list(share.sort_values().index) == ["Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi"]


def test_without_absences_every_reporting_figure_is_unchanged_in_every_quarter(demo_dataset):
    plain = dataclasses.replace(demo_dataset, frames={name: frame for name, frame in demo_dataset.frames.items()
                                                      if name not in ("absences", "trainings")})
    quarters = Quarter.range("2024-Q4", "2026-Q3")
    compared = 0
    for quarter in quarters:
        adjusted = ekinerja.employee_reporting(demo_dataset, quarter).set_index("nip")
        before = ekinerja.employee_reporting(plain, quarter).set_index("nip")
        never_away = adjusted.index[adjusted["absence_days"] == 0]
        compared += len(never_away)
        pd.testing.assert_frame_equal(adjusted.loc[never_away], before.loc[never_away])
    assert compared > 1000 and len(quarters) == 8
