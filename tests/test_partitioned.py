"""A data folder whose activities are Parquet partitions: a lazy view, and every row accounted for."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kinerja.core.errors import DataError
from kinerja.data.loading import dataset_from_frames, load_dataset
from kinerja.data.partitioned import attach_partitioned_activities
from kinerja.demo import generate_demo_parquet
from kinerja.metrics import ekinerja
from kinerja.run.cli import main

Q2_PART = "activities/quarter=2026-Q2/part-00000.parquet"
Q3_PART = "activities/quarter=2026-Q3/part-00001.parquet"
STRANGER = "199001012015011001"


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return generate_demo_parquet(tmp_path_factory.mktemp("clean") / "data", employees=120, seed=2,
                                 quarters="2026-Q2:2026-Q3", chunk_employees=60)


def append_rows(path: Path, changes: list[dict]) -> list[int]:
    """Append copies of the file's first rows with ``changes`` applied; return their row numbers (1-based)."""
    table = pq.read_table(path)
    rows = table.slice(0, len(changes)).to_pylist()
    for row, change in zip(rows, changes):
        row.update(change)
    pq.write_table(pa.concat_tables([table, pa.Table.from_pylist(rows, schema=table.schema)]), path)
    return list(range(table.num_rows + 1, table.num_rows + len(changes) + 1))


@pytest.fixture(scope="module")
def planted(clean, tmp_path_factory) -> tuple[Path, set[tuple[str, int, str]]]:
    """The clean folder with bad rows appended to a 2026-Q2 and a 2026-Q3 part: (folder, (file, row, column))."""
    folder = tmp_path_factory.mktemp("planted") / "data"
    shutil.copytree(clean, folder)
    q2 = append_rows(folder / Q2_PART, [{"nip": STRANGER}, {"status": "Disetujui"}])
    q3 = append_rows(folder / Q3_PART, [
        {"activity_date": date(2026, 6, 30)},  # a 2026-Q2 day in the 2026-Q3 partition
        {"submitted_at": datetime(2026, 6, 1, 9, 0)},  # before the activity day
        {"approved_at": datetime(2026, 6, 1, 9, 0)},  # before the submission
        {"status": "approved", "approved_at": None},
        {"nip": STRANGER},
    ])
    expected = {(Q2_PART, q2[0], "nip"), (Q2_PART, q2[1], "status"), (Q3_PART, q3[0], "activity_date"),
                (Q3_PART, q3[1], "submitted_at"), (Q3_PART, q3[2], "approved_at"), (Q3_PART, q3[3], "approved_at"),
                (Q3_PART, q3[4], "nip")}
    return folder, expected


@pytest.fixture(scope="module")
def dataset(planted):
    return load_dataset(planted[0], cache=False)


def stored_rows(folder: Path) -> int:
    return sum(pq.ParquetFile(path).metadata.num_rows for path in (folder / "activities").rglob("*.parquet"))


def test_every_row_is_valid_or_rejected(dataset, planted):
    folder, expected = planted
    count = dataset.counts["activities"]
    assert count.rows == stored_rows(folder)
    assert count.rows == count.valid + count.rejected
    assert count.rejected == len(expected)
    assert count.file == "activities/ (4 Parquet files)"


def test_the_planted_rows_are_rejected_with_file_row_and_column(dataset, planted):
    rejects = dataset.rejects[dataset.rejects["table"] == "activities"]
    assert set(rejects[["file", "row", "column"]].itertuples(index=False, name=None)) == planted[1]
    stranger = rejects[rejects["value"] == STRANGER]
    assert (stranger["reason"] == "is not in the employees table (employees.parquet)").all()
    assert len(stranger) == 2


def test_activities_are_a_lazy_view_of_the_valid_rows(dataset):
    activities = dataset.activities
    assert isinstance(activities, ibis.Table)
    assert activities.count().execute() == dataset.counts["activities"].valid
    assert STRANGER not in set(activities.nip.execute())
    assert "activities" in dataset.tables


def test_metrics_on_the_partitions_equal_metrics_on_the_same_rows_in_memory(dataset):
    in_memory = dataset_from_frames({"units": dataset.units, "employees": dataset.employees,
                                     "activities": dataset.to_pandas("activities")})
    for quarter in ("2026-Q2", "2026-Q3"):
        pd.testing.assert_frame_equal(ekinerja.employee_reporting(dataset, quarter),
                                      ekinerja.employee_reporting(in_memory, quarter))
    pd.testing.assert_frame_equal(ekinerja.unit_reporting(dataset, "2026-Q3"),
                                  ekinerja.unit_reporting(in_memory, "2026-Q3"))


def test_a_clean_folder_has_no_rejects(clean):
    loaded = load_dataset(clean, cache=False)
    assert loaded.counts["activities"].rejected == 0
    assert loaded.counts["activities"].rows == stored_rows(clean)
    assert loaded.rejects.empty


def test_the_reject_sample_limits_the_listed_rows_not_the_counts(copy):
    append_rows(copy / Q3_PART, [{"nip": STRANGER}] * 5)
    loaded = load_dataset(copy, cache=False)
    dimensions = dataset_from_frames({"units": loaded.units, "employees": loaded.employees}, folder=copy)
    sampled = attach_partitioned_activities(dimensions, reject_sample=2)
    assert loaded.counts["activities"].rejected == 5 and len(loaded.rejects) == 5
    assert sampled.counts["activities"].rejected == 5 and len(sampled.rejects) == 2


def test_validate_counts_the_partitioned_activities(planted, capsys):
    folder, expected = planted
    assert main(["validate", str(folder), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    table = summary["tables"]["activities"]
    assert (table["rows"], table["rejected"]) == (stored_rows(folder), len(expected))
    assert {(r["file"], r["row"], r["column"]) for r in summary["rejects"]} == expected


@pytest.fixture
def copy(clean, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(clean, folder)
    return folder


def test_a_corrupt_parquet_file_is_named_in_one_sentence(copy):
    (copy / Q3_PART).write_bytes(b"this is not a parquet file")
    with pytest.raises(DataError, match=rf"^{Q3_PART} is not a readable Parquet file: [^\n]*$"):
        load_dataset(copy, cache=False)


def test_a_file_without_a_required_column_is_named(copy):
    table = pq.read_table(copy / Q3_PART)
    pq.write_table(table.drop_columns(["submitted_at"]), copy / Q3_PART)
    with pytest.raises(DataError, match=rf"^{Q3_PART} has no column 'submitted_at' for the activities table"):
        load_dataset(copy, cache=False)


def test_a_column_of_the_wrong_type_is_named(copy):
    table = pq.read_table(copy / Q3_PART)
    as_text = table.set_column(table.schema.get_field_index("activity_date"), "activity_date",
                               table.column("activity_date").cast(pa.string()))
    pq.write_table(as_text, copy / Q3_PART)
    with pytest.raises(DataError, match=rf"^{Q3_PART} stores the column 'activity_date' \(activity_date\) as "
                                        r"string; expected a date"):
        load_dataset(copy, cache=False)


def test_indonesian_headers_are_read_as_in_any_other_file(copy):
    for path in (copy / "activities").rglob("*.parquet"):
        table = pq.read_table(path)
        pq.write_table(table.rename_columns(["ID Aktivitas", "NIP", "Tanggal Aktivitas", "Waktu Lapor",
                                             "Waktu Persetujuan", "Status", "Kategori", "Durasi (menit)",
                                             "Uraian Aktivitas"]), path)
    loaded = load_dataset(copy, cache=False)
    assert loaded.counts["activities"].rejected == 0
    assert "activity_date" in loaded.activities.columns


def test_a_partition_not_named_by_quarter_is_refused(copy):
    (copy / "activities" / "quarter=2026-Q3").rename(copy / "activities" / "triwulan3")
    with pytest.raises(DataError, match="activities/triwulan3 is not named quarter=YYYY-Qn"):
        load_dataset(copy, cache=False)


def test_an_activities_file_beside_the_partitions_is_refused(copy):
    (copy / "aktivitas.csv").write_text("NIP,Tanggal Aktivitas,Waktu Lapor,Waktu Persetujuan,Status\n", encoding="utf-8")
    with pytest.raises(DataError, match="holds both aktivitas.csv and an activities/ folder"):
        load_dataset(copy, cache=False)
