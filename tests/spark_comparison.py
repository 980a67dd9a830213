"""What the Spark tests share: the demo data, the metrics compared and how they are compared.

``tests/test_spark.py`` compares DuckDB with Spark on ``local[1]`` in the test
process; ``tests/test_spark_cluster.py`` with a standalone Spark cluster. A
process runs Spark with one master only, so the cluster's driver is a child
process running this module (:func:`main`).

The medians and 90th percentiles are compared to 1e-12 relative, not to the
last bit: both engines compute them exactly (Spark's ``percentile``, not
``approx_percentile``) from the same two order statistics, but interpolate
with different floating-point formulas (DuckDB: lo + (hi - lo) * d; Spark:
(ceil - pos) * lo + (pos - floor) * hi).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.data.dataset import Dataset
from kinerja.data.engines import Engine
from kinerja.data.loading import load_dataset
from kinerja.demo import demo_folder
from kinerja.metrics import complaints, ekinerja, services
from kinerja.quarter import selection

QUARTER = "2026-Q3"
QUANTILE_COLUMNS = re.compile(r"median|_p\d+_")
"""Columns holding a median or a percentile: equal to 1e-12 relative, not to the last bit."""

METRICS: dict[str, Callable[[Dataset], pd.DataFrame]] = {
    "employee_reporting": lambda data: ekinerja.employee_reporting(data, QUARTER, late_tolerance_days=1),
    "unit_reporting": lambda data: ekinerja.unit_reporting(data, QUARTER),
    "organisation_reporting": lambda data: ekinerja.organisation_reporting(data, QUARTER),
    "weekly_reporting": lambda data: ekinerja.weekly_reporting(data, QUARTER),
    "no_recent_report": lambda data: ekinerja.no_recent_report(data, QUARTER, 2, until="2026-08-14"),
    "no_recent_report_per_unit": lambda data: ekinerja.no_recent_report_per_unit(data, QUARTER, 2,
                                                                                 until="2026-08-14"),
    "service_trend": lambda data: services.service_trend(data, "2026-Q1:2026-Q3"),
    "by_service_type": lambda data: services.by_service_type(data, QUARTER, standard_minutes=30),
    "satisfaction": lambda data: services.satisfaction(data, "2026-Q1:2026-Q3"),
    "complaint_volume": lambda data: complaints.complaint_volume(data, QUARTER, by="category", by_unit=True),
    "complaint_summary": lambda data: complaints.complaint_summary(data, QUARTER, as_of="2026-10-15"),
    "resolution_workdays": lambda data: complaints.resolution_workdays(data, QUARTER),
    "open_over_standard": lambda data: complaints.open_over_standard(data, QUARTER),
    "complaint_trend": lambda data: complaints.complaint_trend(data, QUARTER, n_quarters=3, by_unit=True),
    "last_data_day": lambda data: pd.DataFrame({"day": [selection.last_data_day(data)]}),
}
"""The quarter's e-Kinerja, services and complaints metrics, by name."""


@contextmanager
def spark_or_skip() -> Iterator[None]:
    """Skip the test when the block finds no Spark here (no pyspark or Java); under CI (``CI`` set) fail it."""
    try:
        yield
    except DataError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Spark tests: {error}")
        pytest.skip(f"Spark cannot start here: {error}")


# Fixtures of the Spark test modules, which bind them as names of their own (small_demo = ...small_demo).
@pytest.fixture(scope="module")
def small_demo() -> str:
    """A small demo data set (120 ASN, 2026-Q1 to 2026-Q3).

    Generated once per test session, in the session's demo cache
    (``KINERJA_CACHE``, set by ``tests/conftest.py``), which both modules share.
    """
    return str(demo_folder(employees=120, quarters="2026-Q1:2026-Q3"))


@pytest.fixture(scope="module")
def on_duckdb(small_demo) -> Dataset:
    """The small demo data set on DuckDB: the expected results."""
    return load_dataset(small_demo, cache=False)


def assert_same_results(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    """Equal values, types and order; medians and percentiles to 1e-12 relative."""
    quantiles = [column for column in expected.columns if QUANTILE_COLUMNS.search(column)]
    pd.testing.assert_frame_equal(expected.drop(columns=quantiles), actual.drop(columns=quantiles, errors="ignore"),
                                  check_exact=True)
    for column in quantiles:
        pd.testing.assert_series_equal(expected[column], actual[column], check_exact=False, rtol=1e-12, atol=0)


def main(argv: Sequence[str] | None = None) -> None:
    """Compute every metric of a data folder on a Spark master and pickle them: the cluster test's driver.

    ``python -m tests.spark_comparison DATA MASTER RESULTS`` writes to the
    file RESULTS a pickled dict: ``"master"``, the master the session ran on,
    and ``"metrics"``, metric name -> DataFrame. Pickle keeps every dtype
    (Parquet would turn ``datetime64[s]`` into ``datetime64[ms]``).
    """
    data, master, results = argv if argv is not None else sys.argv[1:]
    dataset = load_dataset(data, cache=False, engine=Engine("spark", master))
    # Three at a time: Spark runs the jobs of several threads at once, so the driver plans one query while
    # the executors run another (about a third less time than one by one).
    with ThreadPoolExecutor(max_workers=3) as pool:
        metrics = dict(zip(METRICS, pool.map(lambda metric: metric(dataset), METRICS.values()), strict=True))
    pd.to_pickle({"master": dataset.connection._session.sparkContext.master, "metrics": metrics}, Path(results))


if __name__ == "__main__":
    main()
