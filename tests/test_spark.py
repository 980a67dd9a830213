"""The Ibis metrics give the same results on Spark as on DuckDB.

A small demo data set (120 ASN, three quarters) is loaded once into DuckDB
and once into Spark (``local[1]``, one SparkSession for the module), and
every metric is compared: exactly, except the medians and 90th percentiles,
which the engines interpolate with different floating-point formulas and are
compared to 1e-12 relative. The metrics, the data and the comparison are in
``tests/spark_comparison.py``, shared with ``tests/test_spark_cluster.py``,
which runs them on a standalone Spark cluster.

Spark needs pyspark and Java 17 or newer. Without them the tests are skipped
on a developer's machine and fail under CI (``CI`` set), where ``.ci/run``
installs Java.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.data.dataset import Dataset
from kinerja.data.engines import ENGINE_VARIABLE, SPARK_MASTER_VARIABLE, Engine
from kinerja.data.loading import dataset_from_frames, load_dataset
from kinerja.demo import generate_demo_parquet
from kinerja.metrics import ekinerja, services
from kinerja.quarter import selection
from tests import spark_comparison
from tests.spark_comparison import METRICS, QUARTER, assert_same_results, spark_or_skip

SPARK = Engine("spark", "local[1]")
small_demo = spark_comparison.small_demo  # shared fixtures, bound here so that the tests can request them
on_duckdb = spark_comparison.on_duckdb


@pytest.fixture(scope="module")
def spark() -> Engine:
    """The Spark engine, started once for the module; skipped (or, under CI, failed) when it cannot start."""
    with spark_or_skip():
        SPARK.connect()
    return SPARK


@pytest.fixture(scope="module")
def on_spark(small_demo, spark) -> Dataset:
    return load_dataset(small_demo, cache=False, engine=spark)


@pytest.mark.parametrize("metric", METRICS, ids=list(METRICS))
def test_the_metric_is_the_same_on_spark_as_on_duckdb(metric, on_duckdb, on_spark):
    expected = METRICS[metric](on_duckdb)
    assert len(expected) > 0, "the comparison needs rows"
    assert_same_results(expected, METRICS[metric](on_spark))


def test_the_event_tables_live_in_spark(on_spark):
    assert on_spark.connection.name == "pyspark"
    assert on_spark.engine == SPARK
    assert on_spark.activities.count().execute() == on_spark.counts["activities"].valid


def test_a_notebook_opens_its_data_in_the_engine_the_runner_chose(small_demo, spark, monkeypatch):
    monkeypatch.setenv(ENGINE_VARIABLE, "spark")
    monkeypatch.setenv(SPARK_MASTER_VARIABLE, "local[1]")
    assert selection.open_dataset(small_demo).connection.name == "pyspark"
    monkeypatch.delenv(ENGINE_VARIABLE)
    monkeypatch.delenv(SPARK_MASTER_VARIABLE)
    assert selection.open_dataset(small_demo).connection.name == "duckdb"


def test_a_second_spark_master_in_one_process_is_one_sentence(spark):
    with pytest.raises(DataError, match=r"already runs Spark with master 'local\[1\]'; restart it"):
        Engine("spark", "local[2]").connect()


# Known answers where the engines differ by nature: fractions of a second, and interpolated percentiles.
NIP = "198001012005011001"


def _fractional_seconds(engine: Engine) -> Dataset:
    units = pd.DataFrame({"unit_code": ["PKM"], "unit_name": ["Puskesmas"], "unit_type": ["puskesmas"]})
    employees = pd.DataFrame({"nip": [NIP], "name": ["Ani"], "unit_code": ["PKM"]})
    submitted = pd.Timestamp("2026-07-01 16:00:00.750")
    activities = pd.DataFrame({
        "activity_id": [f"EK{hour}" for hour in range(1, 11)], "nip": NIP,
        "activity_date": pd.Timestamp("2026-07-01"), "submitted_at": submitted,
        # Lags of 1 to 10 hours, each half a second short: 16:00:00.750 -> 17:00:00.250, ...
        "approved_at": [submitted + pd.Timedelta(hours=hour, seconds=-0.5) for hour in range(1, 11)],
        "status": "approved", "category": "Tugas Jabatan", "duration_minutes": 60, "description": "x",
    })
    # The log runs to the quarter's end (a report of an ASN no longer on the roster), so the quarter is covered.
    closing = pd.Timestamp("2026-09-30 16:00")
    activities = pd.concat([activities, activities.iloc[[0]].assign(
        activity_id="EK-LEFT", nip="197905122003121001", activity_date=pd.Timestamp("2026-09-30"),
        submitted_at=closing, approved_at=closing + pd.Timedelta(hours=1))], ignore_index=True)
    visits = pd.DataFrame({
        "visit_id": ["V1"], "unit_code": ["PKM"], "service_type": ["poli umum"],
        "arrival_at": [pd.Timestamp("2026-07-01 08:00:00.500")], "service_start_at": [pd.Timestamp("2026-07-01 09:00")],
        "service_end_at": [pd.Timestamp("2026-07-01 09:10")],
    })
    times = {"activity_date": "datetime64[us]", "submitted_at": "datetime64[us]", "approved_at": "datetime64[us]"}
    return dataset_from_frames({
        "units": units.astype("str"), "employees": employees.astype("str"),
        "activities": activities.astype({**times, "duration_minutes": "int64"}),
        "visits": visits.astype({"arrival_at": "datetime64[us]", "service_start_at": "datetime64[us]",
                                 "service_end_at": "datetime64[us]"}),
    }, engine=engine)


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_durations_count_fractions_of_a_second_on_either_engine(engine, request):
    data = _fractional_seconds(request.getfixturevalue("spark") if engine == "spark" else Engine())
    lags = ekinerja.employee_reporting(data, QUARTER).iloc[0]
    # Lags 1 - 10 h less half a second; the 90th percentile lies at 9.1 of them (linear interpolation).
    half_second = 0.5 / 3600
    assert lags["approval_lag_median_hours"] == pytest.approx(5.5 - half_second, rel=1e-12)
    assert lags["approval_lag_p90_hours"] == pytest.approx(9.1 - half_second, rel=1e-12)
    waiting = services.service_quality(data, QUARTER).iloc[0]
    assert waiting["waiting_median_minutes"] == pytest.approx(60 - 0.5 / 60, rel=1e-12)
    assert waiting["within_standard_share"] == 1.0


def test_datasets_on_spark_keep_their_own_tables(on_spark, spark):
    assert _fractional_seconds(spark).activities.count().execute() == 11  # ten of Ani and the closing report
    assert on_spark.activities.count().execute() == on_spark.counts["activities"].valid


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory) -> str:
    """A Parquet demo folder with a row of an unknown employee appended to the 2026-Q3 partition."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = generate_demo_parquet(tmp_path_factory.mktemp("parquet") / "data", employees=60, seed=3,
                                   quarters="2026-Q2:2026-Q3", chunk_employees=30)
    part = min((folder / "activities" / "quarter=2026-Q3").glob("*.parquet"))
    table = pq.read_table(part)
    stranger = table.slice(0, 1).to_pylist()
    stranger[0]["nip"] = "199001012015011001"
    pq.write_table(pa.concat_tables([table, pa.Table.from_pylist(stranger, schema=table.schema)]), part)
    return str(folder)


def test_partitioned_activities_give_the_same_counts_and_metrics_on_spark(partitioned, spark):
    on_duckdb = load_dataset(partitioned, cache=False)
    on_spark = load_dataset(partitioned, cache=False, engine=spark)
    assert on_spark.counts["activities"] == on_duckdb.counts["activities"]
    assert on_spark.counts["activities"].rejected == 1
    assert_same_results(ekinerja.employee_reporting(on_duckdb, QUARTER),
                        ekinerja.employee_reporting(on_spark, QUARTER))
    # Nothing written to Spark's warehouse folder: every table of the session is a temporary view.
    assert all(table.isTemporary for table in on_spark.connection._session.catalog.listTables())
