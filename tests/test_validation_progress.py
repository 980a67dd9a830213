"""A load reports each table file before and after reading it; a long command says so on stderr, a short one not."""

from __future__ import annotations

import re

import pytest

from kinerja.data.loading import FileStep, load_dataset
from kinerja.demo import generate_demo_parquet
from kinerja.run import cli

UNITS = "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\n"
EMPLOYEES = ("NIP;Nama;Unit Kerja;Golongan;Jabatan;Jenis Kelamin;Tanggal Lahir\n"
             "196608011988031001;Lalu Ahmad Zaini;KEC;IV/b;Camat;L;01/08/1966\n"
             "198503122010012002;Baiq Nurul Aini;KEC;III/c;Lurah;P;12/03/1985\n"
             "not a nip;Somebody;KEC;III/a;Staf;L;01/01/1990\n")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "unit_kerja.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "pegawai.csv").write_text(EMPLOYEES, encoding="utf-8")
    return tmp_path


def test_each_file_is_announced_then_reported_with_its_rows_read(folder):
    steps: list[FileStep] = []
    dataset = load_dataset(folder, cache=False, progress=steps.append)
    assert [(step.table, step.file, step.rows) for step in steps] == [
        ("units", "unit_kerja.csv", None), ("units", "unit_kerja.csv", 1),
        ("employees", "pegawai.csv", None), ("employees", "pegawai.csv", 3)]  # the rejected row was read too
    assert all(step.seconds is None for step in steps[::2]) and all(step.seconds >= 0 for step in steps[1::2])
    assert dataset.counts["employees"].rows == 3 and dataset.validate_seconds > 0


def test_partitioned_activities_are_reported_with_every_row_of_every_partition(tmp_path):
    data = generate_demo_parquet(tmp_path / "data", employees=60, seed=3, quarters="2026-Q2:2026-Q3")
    steps: list[FileStep] = []
    dataset = load_dataset(data, cache=False, progress=steps.append)
    activities = [step for step in steps if step.table == "activities"]
    assert [step.file for step in activities] == ["activities/", dataset.counts["activities"].file]
    assert activities[1].rows == dataset.counts["activities"].rows > 0


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A snapshot cache of the test's own: a snapshot of the same files is read without reading any file."""
    monkeypatch.setenv("KINERJA_CACHE", str(tmp_path / "cache"))


def test_a_short_validate_prints_no_progress(folder, own_cache, capsys):
    assert cli.main(["validate", str(folder)]) == 0
    assert "Read:" not in capsys.readouterr().err


def test_a_long_validate_names_each_file_with_its_rows_and_seconds(folder, own_cache, monkeypatch, capsys):
    monkeypatch.setattr(cli, "READING_NOTICE_SECONDS", 0.0)
    assert cli.main(["validate", str(folder)]) == 0
    lines = [re.sub(r"\d+[.,]\d s$", "S s", line) for line in capsys.readouterr().err.splitlines()]
    assert [line for line in lines if line.startswith("Read")] == [
        "Reading data: unit_kerja.csv …", "Read: unit_kerja.csv, rows: 1, in S s",
        "Reading data: pegawai.csv …", "Read: pegawai.csv, rows: 3, in S s"]
