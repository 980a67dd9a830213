"""The built-in demo data through the loader: exactly the planted bad rows are rejected."""

from __future__ import annotations

import json

import ibis
import pandas as pd

from kinerja.cli import main
from kinerja.demo import demo_folder
from kinerja.dictionary import TABLES


def planted(demo) -> set[tuple[str, str, int, str]]:
    truth = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    return {(bad["table"], bad["file"], bad["row"], bad["column"]) for bad in truth["bad_rows"]}


def test_loader_rejects_exactly_the_planted_bad_rows(demo, demo_dataset):
    found = set(demo_dataset.rejects[["table", "file", "row", "column"]].itertuples(index=False, name=None))
    assert found == planted(demo)


def test_every_row_of_every_demo_file_is_valid_or_rejected(demo_dataset):
    assert set(demo_dataset.counts) == set(TABLES)
    for name, count in demo_dataset.counts.items():
        assert count.rows == count.valid + count.rejected, name
        table = demo_dataset.table(name)
        stored = table.count().execute() if isinstance(table, ibis.Table) else len(table)
        assert stored == count.valid, name


def test_event_tables_are_ibis_tables_and_the_others_dataframes(demo_dataset):
    for name, table in TABLES.items():
        expected = ibis.Table if table.event else pd.DataFrame
        assert isinstance(demo_dataset.table(name), expected), name


def test_units_given_by_name_in_any_case_are_stored_as_codes(demo_dataset):
    codes = set(demo_dataset.units["unit_code"])
    assert set(demo_dataset.employees["unit_code"]) <= codes
    assert set(demo_dataset.to_pandas("ikm_responses")["unit_code"]) <= codes


def test_validate_json_on_the_demo_lists_the_planted_rows(demo, capsys):
    assert main(["validate", str(demo), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    listed = {(r["table"], r["file"], r["row"], r["column"]) for r in summary["rejects"]}
    assert listed == planted(demo)
    assert summary["tables"]["employees"]["rows"] == 1002


def test_demo_folder_is_generated_once_and_then_reused(tmp_path):
    first = demo_folder(employees=80, cache=tmp_path)
    stamp = (first / "ground_truth.json").stat().st_mtime_ns
    again = demo_folder(employees=80, cache=tmp_path)
    assert again == first
    assert (again / "ground_truth.json").stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.name]
