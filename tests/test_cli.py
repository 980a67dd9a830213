"""The command line: validate and its exit codes, output and promises."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from kinerja.run.cli import main

BAD = Path(__file__).parent / "data" / "bad"


def test_validate_json_counts_rows_per_table_with_canonical_names(capsys):
    assert main(["validate", str(BAD / "duplicate_rows"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tables"]["employees"] == {"file": "pegawai.csv", "rows": 4, "valid": 3, "rejected": 1}
    assert summary["tables"]["units"]["rejected"] == 0
    (reject,) = summary["rejects"]
    assert reject == {"table": "employees", "file": "pegawai.csv", "row": 5, "column": "nip",
                      "value": "198503122010012002", "reason": "duplicate of row 3 (the same nip)"}


def test_validate_text_lists_rejects_with_file_row_and_reason(capsys):
    assert main(["validate", str(BAD / "likert_out_of_range")]) == 0
    out = capsys.readouterr().out
    assert "ikm_responses" in out
    assert "skm.csv row 3, column waktu_penyelesaian ('5'): is outside 1 to 4" in out


def test_validate_exits_1_with_one_sentence_on_a_data_error(capsys):
    assert main(["validate", str(BAD / "missing_column")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("kinerja validate: pegawai.csv (header in row 1) has no column 'nip'")


def test_validate_writes_all_rejects_to_csv_and_leaves_the_folder_untouched(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(BAD / "unknown_references", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = tmp_path / "out" / "rejects.csv"
    assert main(["validate", str(folder), "--rejects", str(out)]) == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    rejects = pd.read_csv(out)
    assert list(rejects.columns) == ["table", "file", "row", "column", "value", "reason"]
    assert len(rejects) == 3


def test_validate_refuses_to_write_rejects_into_the_input_folder(tmp_path, capsys):
    folder = tmp_path / "data"
    shutil.copytree(BAD / "duplicate_rows", folder)
    assert main(["validate", str(folder), "--rejects", str(folder / "rejects.csv")]) == 1
    assert "never written to" in capsys.readouterr().err
    assert not (folder / "rejects.csv").exists()


def test_validate_on_a_missing_folder_names_it(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    assert "nowhere does not exist" in capsys.readouterr().err


def test_demo_data_refuses_impossible_arguments_in_one_sentence(tmp_path, capsys):
    assert main(["demo-data", "--out", str(tmp_path / "d"), "--employees", "10"]) == 1
    assert capsys.readouterr().err.startswith("kinerja demo-data: employees must be a whole number of at least 60")


def test_a_folder_that_cannot_be_created_is_named_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["demo-data", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kinerja demo-data: cannot use") and "sub" in err and "\n" == err[-1]


def test_validate_strict_exits_2_when_a_table_passes_the_warning_share(capsys):
    # pegawai.csv: 1 of 4 rows rejected (25 %), past the 5 % warning.
    assert main(["validate", str(BAD / "duplicate_rows")]) == 0
    assert "Warning: 25% of the rows of the staff list (pegawai.csv) were rejected: 1 of 4." in capsys.readouterr().out
    assert main(["validate", str(BAD / "duplicate_rows"), "--strict"]) == 2
    assert main(["validate", str(BAD / "duplicate_rows"), "--strict", "--json"]) == 2
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["warnings"] == [
        "25% of the rows of the staff list (pegawai.csv) were rejected: 1 of 4."]
    assert main(["validate", str(BAD / "unknown_file_name"), "--strict"]) == 0


def test_validate_lists_ignored_files_and_the_sections_an_absent_table_would_feed(capsys):
    assert main(["validate", str(BAD / "unknown_file_name")]) == 0
    out = capsys.readouterr().out
    assert "Files not read (their names are no table's): catatan_rapat.csv" in out
    assert "  complaints: kepuasan_masyarakat (Pengaduan)" in out
    assert main(["validate", str(BAD / "unknown_file_name"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["ignored"] == ["catatan_rapat.csv"] and "complaints" in summary["absent"]


def test_a_bug_is_one_line_exit_3_and_its_traceback_in_a_file(monkeypatch, capsys):
    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("kinerja.run.cli._validate", broken)
    assert main(["validate", str(BAD / "duplicate_rows")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("kinerja validate: internal error (ZeroDivisionError: division by zero); this is a bug in "
                          "kinerja, not a problem with your data; the details are in ")
    traceback_file = Path(err.strip().rsplit(" ", 1)[1].rstrip("."))
    assert "ZeroDivisionError" in traceback_file.read_text()
