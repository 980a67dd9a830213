"""Direct observations (pengamatan langsung) of a quarter: counts per value and the latest notes."""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja.data.loading import dataset_from_frames
from kinerja.metrics import observations
from tests.test_ekinerja import A, B, C, employees, units

OBSERVER = "197001012000011001"


def observation_table() -> pd.DataFrame:
    rows = [
        (A, "2025-07-03", "berorientasi_pelayanan", "positive", "Menjelaskan syarat dengan sabar."),
        (A, "2025-08-20", "berorientasi_pelayanan", "positive", "Membantu Pak Budi menata antrean."),
        (A, "2025-09-10", "akuntabel", "needs_improvement", "Laporan terlambat dua hari."),
        (A, "2025-06-30", "akuntabel", "positive", "Triwulan lalu: tidak dihitung."),
        (C, "2025-07-15", "kolaboratif", "needs_improvement", None),
    ]
    frame = pd.DataFrame(rows, columns=["nip", "observation_date", "core_value", "kind", "note"])
    frame.insert(1, "observer_nip", OBSERVER)
    return frame.astype({"nip": "str", "observer_nip": "str", "observation_date": "datetime64[us]",
                         "core_value": "str", "kind": "str", "note": "str"})


@pytest.fixture(scope="module")
def observed():
    return dataset_from_frames({"units": units(), "employees": employees(), "observations": observation_table()})


def test_counts_per_value_and_kind_in_the_quarter(observed):
    counts = observations.observation_counts(observed, "2025-Q3").set_index(["nip", "core_value"])
    assert tuple(counts.loc[(A, "berorientasi_pelayanan")]) == (2, 0)
    assert tuple(counts.loc[(A, "akuntabel")]) == (0, 1)  # the June note belongs to Q2
    assert tuple(counts.loc[(C, "kolaboratif")]) == (0, 1)
    assert counts.groupby(level="nip").size().to_dict() == {A: 7, C: 7}
    assert B not in counts.index.get_level_values("nip")


def test_the_latest_positive_note_with_names_masked(observed):
    latest = observations.latest_notes(observed, "2025-Q3", "positive").set_index("nip")
    assert latest.loc[A, "note"] == "Membantu [nama] menata antrean."
    assert latest.loc[A, "observation_date"] == pd.Timestamp("2025-08-20")
    attention = observations.latest_notes(observed, "2025-Q3", "needs_improvement")
    assert list(attention["nip"]) == [A]  # Citra's has no note
    with pytest.raises(ValueError, match="kind"):
        observations.latest_notes(observed, "2025-Q3", "neutral")
