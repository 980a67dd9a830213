"""Activities linked to SKP indicators (RHK), on a hand-made log (2025-Q3, see ``tests/test_ekinerja.py``).

Ani has three SKP indicators in 2025-Q3: K1, K2 and one without a code
("Laporan bulanan", known by its text). Of her six activities of the quarter
two name K1, one names K2 and three name none: 3 of 6 linked, and "Laporan
bulanan" has no activity. Citra has no SKP; one of her three activities of
the quarter names an indicator all the same.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kinerja.data.loading import dataset_from_frames
from kinerja.metrics import skp_links
from tests.test_ekinerja import ANI, CITRA, A, B, C, activities, employees, units

QUARTER = "2025-Q3"


def skp_table() -> pd.DataFrame:
    return pd.DataFrame({
        "nip": [A, A, A], "quarter": [QUARTER] * 3, "indicator_id": ["K1", "K2", None],
        "indicator": ["Dokumen layanan", "Rapat koordinasi", "Laporan bulanan"],
        "target": [10.0, 3.0, 3.0], "realisation": [10.0, 3.0, 3.0],
    }).astype({"nip": "str", "quarter": "str", "indicator_id": "str", "indicator": "str"})


@pytest.fixture(scope="module")
def linked():
    log = activities(ANI + CITRA)
    log["skp_indicator"] = pd.Series(["K1", "K1", "K2", None, None, None, "X9", None, None, None], dtype="str")
    return dataset_from_frames({"units": units(), "employees": employees(), "activities": log, "skp": skp_table()})


def test_each_indicator_counts_its_activities(linked):
    table = skp_links.indicator_activities(linked, QUARTER)
    assert table[["key", "indicator", "activities"]].values.tolist() == [
        ["K1", "Dokumen layanan", 2], ["K2", "Rapat koordinasi", 1], ["Laporan bulanan", "Laporan bulanan", 0]]


def test_per_person_share_linked_and_indicators_without_activity(linked):
    people = skp_links.employee_links(linked, QUARTER).set_index("nip")
    assert (people.loc[A, "activities"], people.loc[A, "linked"], people.loc[A, "indicators"],
            people.loc[A, "indicators_without_activity"]) == (6, 3, 3, 1)
    assert people.loc[A, "linked_share"] == pytest.approx(0.5)
    assert (people.loc[C, "activities"], people.loc[C, "linked"], people.loc[C, "indicators"]) == (3, 1, 0)
    assert people.loc[B, "activities"] == 0 and math.isnan(people.loc[B, "linked_share"])


def test_per_unit_shares(linked):
    units_ = skp_links.unit_links(linked, QUARTER).set_index("unit_code")
    assert units_.loc["KEL", "linked_share"] == pytest.approx(0.5)
    assert units_.loc["KEL", "indicators_without_activity"] == 1
    assert units_.loc["PKM", "linked_share"] == pytest.approx(1 / 3)


def test_links_need_the_column_and_the_skp(linked):
    plain = dataset_from_frames({"units": units(), "employees": employees(), "activities": activities(ANI + CITRA),
                                 "skp": skp_table()})
    assert skp_links.has_links(linked) and not skp_links.has_links(plain)
