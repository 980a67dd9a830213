"""The pass that accounts for every partitioned activity also gives their coverage, as a pass over the view would."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from kinerja.data import coverage
from kinerja.data.loading import load_dataset
from kinerja.demo import generate_demo_parquet
from tests.test_partitioned import Q2_PART, Q3_PART, STRANGER, append_rows


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A partitioned folder with rows of a stranger's NIP, rows failing other checks and a NIP-less row."""
    folder = generate_demo_parquet(tmp_path_factory.mktemp("spans") / "data", employees=90, seed=7,
                                   quarters="2026-Q2:2026-Q3", chunk_employees=50)
    append_rows(folder / Q2_PART, [{"nip": STRANGER, "activity_date": pd.Timestamp("2026-04-01").date()},
                                   {"nip": None}])
    append_rows(folder / Q3_PART, [{"activity_date": pd.Timestamp("2026-06-30").date()},
                                   {"status": "approved", "approved_at": None}, {"nip": STRANGER}])
    return folder


def _by_a_pass_over_the_view(dataset):
    return coverage._coverage(dataset.activities, "activities", ["nip"], dataset)


def _same(left: coverage.Coverage, right: coverage.Coverage) -> None:
    assert (left.table, left.column, left.first, left.last, left.rows) == (
        right.table, right.column, right.first, right.last, right.rows)
    if right.by_unit is None:
        assert left.by_unit is None
    else:
        pd.testing.assert_frame_equal(left.by_unit, right.by_unit)


def test_the_spans_of_the_load_give_the_coverage_of_the_valid_rows(planted):
    dataset = load_dataset(planted, cache=False)
    assert dataset.counts["activities"].rejected == 5
    assert "activities" in dataset.spans and STRANGER not in set(dataset.spans["activities"]["nip"])
    _same(coverage.coverage_of(dataset, "activities"), _by_a_pass_over_the_view(dataset))
    assert coverage.coverage_of(dataset, "activities").rows == dataset.counts["activities"].valid


def test_without_an_employees_table_the_coverage_has_no_units(planted, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(planted, folder)
    (folder / "employees.parquet").unlink()
    dataset = load_dataset(folder, cache=False)
    assert dataset.counts["activities"].rejected == 3  # the NIP-less row and the two failing other checks
    spans = coverage.coverage_of(dataset, "activities")
    assert spans.by_unit is None
    _same(spans, _by_a_pass_over_the_view(dataset))
