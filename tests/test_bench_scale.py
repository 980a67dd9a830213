"""The pandas baseline of benchmarks/bench_scale.py computes what employee_reporting computes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kinerja.data.loading import load_dataset
from kinerja.demo import generate_demo_parquet
from kinerja.metrics import absences, ekinerja

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_scale.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_scale", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    """A Parquet demo with a rejected row, so that the valid rows are not simply every row."""
    folder = generate_demo_parquet(tmp_path_factory.mktemp("bench") / "data", employees=200, seed=4,
                                   quarters="2026-Q2:2026-Q3", chunk_employees=80)
    part = folder / "activities" / "quarter=2026-Q3" / "part-00001.parquet"
    table = pq.read_table(part)
    row = table.slice(0, 1).to_pylist()[0] | {"nip": "199001012015011001"}
    pq.write_table(pa.concat_tables([table, pa.Table.from_pylist([row], schema=table.schema)]), part)
    return load_dataset(folder, cache=False)


def baseline(bench, dataset, quarter, tolerance=0):
    return bench.pandas_employee_reporting(dataset.units, dataset.employees, dataset.to_pandas("activities"),
                                           quarter, late_tolerance_days=tolerance,
                                           absences=absences.absence_spells(dataset))


@pytest.mark.parametrize("quarter", ["2026-Q2", "2026-Q3"])
@pytest.mark.parametrize("tolerance", [0, 1])
def test_pandas_and_ibis_agree_per_employee_on_partitioned_data(bench, partitioned, quarter, tolerance):
    ours = ekinerja.employee_reporting(partitioned, quarter, late_tolerance_days=tolerance)
    assert bench.compare(ours, baseline(bench, partitioned, quarter, tolerance)) is None


@pytest.mark.parametrize("quarter", ["2024-Q4", "2026-Q3"])
def test_pandas_and_ibis_agree_on_the_demo_with_its_holidays_and_six_day_units(bench, demo_dataset, quarter):
    ours = ekinerja.employee_reporting(demo_dataset, quarter)
    assert bench.compare(ours, baseline(bench, demo_dataset, quarter)) is None


def test_the_comparison_reports_a_differing_number(bench, partitioned):
    ours = ekinerja.employee_reporting(partitioned, "2026-Q3")
    theirs = baseline(bench, partitioned, "2026-Q3")
    theirs.loc[5, "approval_lag_p90_hours"] += 1e-6
    assert bench.compare(ours, theirs).startswith(f"approval_lag_p90_hours differs for NIP {ours['nip'][5]}")
    theirs = baseline(bench, partitioned, "2026-Q3")
    theirs.loc[7, "days_reported"] -= 1
    assert bench.compare(ours, theirs).startswith("days_reported differs")


def test_the_benchmark_prints_one_json_line_with_both_paths(bench, partitioned, capsys):
    assert bench.main(["--data", str(partitioned.folder), "--rows", "1000", "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert set(line) >= {"rows", "duckdb_s", "pandas_s", "duckdb_peak_rss_mb", "pandas_peak_rss_mb", "duckdb_open_s",
                         "duckdb_validate_s", "duckdb_total_s", "duckdb_cpu_s", "target_met"}
    # Open, validate and measure are three parts of one run, each timed once.
    parts = line["duckdb_open_s"] + line["duckdb_validate_s"] + line["duckdb_s"]
    assert line["duckdb_validate_s"] > 0 and abs(line["duckdb_total_s"] - parts) <= 0.02
    assert line["target_met"] is None  # judged at 100 million rows only
    stored = sum(pq.ParquetFile(path).metadata.num_rows
                 for path in (partitioned.folder / "activities" / "quarter=2026-Q3").glob("*.parquet"))
    assert line["rows"] == stored
    assert line["results_agree"] is True  # the rejected row names no employee, so pandas drops it too


def test_the_table_shows_open_validate_measure_and_the_total_against_the_target(bench, partitioned, capsys):
    assert bench.main(["--data", str(partitioned.folder), "--rows", "1000"]) == 0
    out = capsys.readouterr().out
    for label in ("duckdb: open", "duckdb: validate", "duckdb: measure", "duckdb: total", "pandas:"):
        assert label in out
    assert "target at 100,000,000 rows: total at most 30 s" in out and "not judged at 1,000 rows" in out
