"""The built-in demo data through the loader: exactly the planted bad rows are rejected."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ibis
import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.data import loading
from kinerja.data.dictionary import TABLES
from kinerja.data.loading import load_dataset
from kinerja.demo import catalogue as catalogue_module
from kinerja.demo import demo_folder
from kinerja.demo import folder as folder_module
from kinerja.demo.catalogue import source_files
from kinerja.demo.folder import generate_demo, source_hash
from kinerja.run.cli import main


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
    # From the generator's truth, not a run: one row per ASN generated, plus each planted bad employee row
    # (a transferred ASN whose NIP Excel mangled, a pasted copy of a row), which is rejected.
    truth = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    bad = sum(entry["table"] == "employees" for entry in truth["bad_rows"])
    employees = summary["tables"]["employees"]
    assert (employees["rows"], employees["valid"], employees["rejected"]) == (truth["employees"] + bad,
                                                                              truth["employees"], bad)


def test_demo_folder_is_generated_once_and_then_reused(tmp_path):
    first = demo_folder(employees=80, cache=tmp_path)
    stamp = (first / "ground_truth.json").stat().st_mtime_ns
    again = demo_folder(employees=80, cache=tmp_path)
    assert again == first
    assert (again / "ground_truth.json").stat().st_mtime_ns == stamp
    # No scratch folder is left; the lock file that makes parallel callers wait stays.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, f".{first.name}.lock"])


def test_callers_in_parallel_wait_for_one_generation(tmp_path, monkeypatch):
    generated = []

    def counted(*args, **kwargs):
        generated.append(args)
        return generate_demo(*args, **kwargs)

    monkeypatch.setattr(folder_module, "generate_demo", counted)
    with ThreadPoolExecutor(max_workers=3) as pool:
        folders = list(pool.map(lambda _: demo_folder(employees=60, cache=tmp_path), range(3)))
    assert len(generated) == 1
    assert folders[0] == folders[1] == folders[2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folders[0].name, f".{folders[0].name}.lock"])


def test_the_cache_key_covers_every_module_and_catalogue_of_the_package(tmp_path, monkeypatch):
    package = catalogue_module.FOLDER
    covered = {path.name for path in source_files()}
    assert {path.name for path in package.iterdir() if path.suffix in (".py", ".yaml")} <= covered
    assert {"generator.py", "folder.py", "names.py", "organisation.yaml", "work.yaml"} <= covered
    copy = tmp_path / "demo"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(catalogue_module, "FOLDER", copy)
    before = source_hash()
    for name in ("services.yaml", "performance.py"):
        original = (copy / name).read_bytes()
        (copy / name).write_bytes(original + b"\n")
        assert source_hash() != before, name
        (copy / name).write_bytes(original)
    assert source_hash() == before


def test_a_second_load_reads_the_snapshot_and_returns_the_same_tables(demo_60, tmp_path):
    first = load_dataset(demo_60, cache=tmp_path)
    second = load_dataset(demo_60, cache=tmp_path)
    assert len(_snapshots(tmp_path)) == 1
    for name in first.tables:
        pd.testing.assert_frame_equal(first.to_pandas(name), second.to_pandas(name))
    pd.testing.assert_frame_equal(first.rejects, second.rejects)
    assert first.counts == second.counts


@pytest.fixture(scope="module")
def demo_60_cache(demo_60, tmp_path_factory) -> Path:
    """A cache holding the snapshot of ``demo_60``, built once for the tests that only read it (a load takes 7 s)."""
    cache = tmp_path_factory.mktemp("cache")
    load_dataset(demo_60, cache=cache)
    return cache


def duckdb_tables(dataset) -> set[str]:
    return {name for (name,) in dataset.connection.con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_a_snapshot_puts_an_event_table_in_the_engine_only_when_it_is_first_used(demo_60, demo_60_cache):
    dataset = load_dataset(demo_60, cache=demo_60_cache)
    assert dataset.has("activities") and duckdb_tables(dataset) == set()
    # Threads that ask at once (the runner's notebook lanes and its evaluation) put it in once.
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: dataset.deferred.put(dataset.connection, "activities"), range(4)))
    assert duckdb_tables(dataset) == {"activities"} and "activities" not in dataset.deferred.files
    assert dataset.activities.count().execute() == dataset.counts["activities"].valid


def test_an_event_table_whose_snapshot_file_has_gone_is_an_error_naming_the_file(demo_60, demo_60_cache, tmp_path):
    cache = shutil.copytree(demo_60_cache, tmp_path / "cache")
    dataset = load_dataset(demo_60, cache=cache)
    gone = _snapshots(cache)[0] / "visits.parquet"
    gone.unlink()
    with pytest.raises(DataError, match=f"the file {gone} of the visits table has gone"):
        dataset.table("visits")


def test_reading_a_snapshot_imports_neither_pandera_nor_the_demo_generator(demo_60, demo_60_cache):
    script = (f"import sys; from kinerja.quarter.selection import open_dataset; from kinerja.data.loading import "
              f"load_dataset; load_dataset({str(demo_60)!r}, cache={str(demo_60_cache)!r}); "
              f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {{'pandera', 'kinerja'}}), "
              f"'kinerja.demo.generator' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["['kinerja']", "False"]


def test_a_changed_file_is_read_afresh_not_from_the_snapshot(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "data" / "bad" / "duplicate_rows", folder)
    cache = tmp_path / "cache"
    assert load_dataset(folder, cache=cache).counts["employees"].rejected == 1
    employees = folder / "pegawai.csv"
    lines = employees.read_text().splitlines()
    employees.write_text("\n".join(lines[:-1]) + "\n")
    assert load_dataset(folder, cache=cache).counts["employees"].rejected == 0


def test_a_file_rewritten_with_its_size_and_modification_time_kept_is_read_afresh(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "_STABLE_SECONDS", 0.0)  # remember digests at once, as of files untouched for 2 s
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "data" / "bad" / "duplicate_rows", folder)
    cache = tmp_path / "cache"
    assert load_dataset(folder, cache=cache).counts["employees"].rejected == 1
    assert len(list((cache / "digests").iterdir())) == 2  # one remembered digest per file
    employees = folder / "pegawai.csv"
    before, text = employees.stat(), employees.read_text()
    time.sleep(0.05)  # past a tick of the file system's clock
    at = text.rindex("198503122010012002")  # the repeated NIP becomes another, of the same length
    employees.write_text(text[:at] + "198503122010012003" + text[at + 18:])
    os.utime(employees, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (employees.stat().st_size, employees.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert load_dataset(folder, cache=cache).counts["employees"].rejected == 0


def test_the_remembered_digest_of_a_file_keys_its_snapshot_and_a_damaged_one_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "_STABLE_SECONDS", 0.0)
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "data" / "bad" / "duplicate_rows", folder)
    cache = tmp_path / "cache"
    load_dataset(folder, cache=cache)
    remembered = sorted((cache / "digests").iterdir())
    for memo in remembered:
        memo.write_text("not a digest")
    load_dataset(folder, cache=cache)  # reads the files again, finds the same snapshot
    assert len(_snapshots(cache)) == 1
    assert all(len(memo.read_text()) == 64 for memo in remembered)
    remembered[0].write_text("0" * 64)  # a digest no file has: a snapshot of its own
    load_dataset(folder, cache=cache)
    assert len(_snapshots(cache)) == 2


def _snapshots(cache: Path) -> list[Path]:
    """The snapshots in ``cache``: its folders (the lock file of each is beside it)."""
    return [path for path in (cache / "datasets").iterdir() if path.is_dir()]


def test_loads_of_the_same_new_files_at_once_validate_them_once(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "data" / "bad" / "duplicate_rows", folder)
    validated, validate_and_keep = [], loading._load_and_validate

    def counted(*args, **kwargs):
        validated.append(args)
        time.sleep(0.5)  # so that the other loads arrive while this one validates
        return validate_and_keep(*args, **kwargs)

    monkeypatch.setattr(loading, "_load_and_validate", counted)
    with ThreadPoolExecutor(max_workers=3) as pool:
        loaded = list(pool.map(lambda _: load_dataset(folder, cache=tmp_path / "cache"), range(3)))
    assert len(validated) == 1
    assert [data.counts["employees"].rejected for data in loaded] == [1, 1, 1]
    assert len(_snapshots(tmp_path / "cache")) == 1
