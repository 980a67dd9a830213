"""Reading files: delimiters, encodings, headers, aliases, merged cells, Parquet."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.data.dictionary import TABLES, normalise_header, table_for_file_stem
from kinerja.data.io import read_table_file

UNITS = TABLES["units"]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_detected(tmp_path, delimiter):
    text = delimiter.join(["Kode Unit", "Nama Unit", "Jenis Unit"]) + "\n" + delimiter.join(
        ["KEC", "Kantor Camat Cakranegara", "kecamatan"]) + "\n"
    raw = read_table_file(write(tmp_path / "unit_kerja.csv", text), UNITS)
    assert raw.frame.to_dict(orient="records") == [
        {"unit_code": "KEC", "unit_name": "Kantor Camat Cakranegara", "unit_type": "kecamatan"}]


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path):
    raw = read_table_file(write(tmp_path / "u.csv", "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor,kecamatan\n",
                                "utf-8-sig"), UNITS)
    assert list(raw.frame.columns) == ["unit_code", "unit_name", "unit_type"]


def test_headers_match_ignoring_case_punctuation_and_spaces(tmp_path):
    raw = read_table_file(write(tmp_path / "u.csv", "KODE  UNIT;nama_unit;Jenis-Unit\nKEC;Kantor;kecamatan\n"), UNITS)
    assert list(raw.frame.columns) == ["unit_code", "unit_name", "unit_type"]


def test_unknown_columns_are_kept_under_their_header(tmp_path):
    raw = read_table_file(write(tmp_path / "u.csv", "No,Kode Unit,Nama Unit,Jenis Unit,Keterangan\n"
                                "1,KEC,Kantor,kecamatan,induk\n"), UNITS)
    assert raw.unknown_columns == ["No", "Keterangan"]
    assert raw.frame.loc[2, "Keterangan"] == "induk"


def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_file(tmp_path):
    raw = read_table_file(write(tmp_path / "u.csv", "Kode Unit,Nama Unit,Jenis Unit\n\nKEC,Kantor,kecamatan\n"
                                ",,\nKEL,Kantor Lurah,kelurahan\n"), UNITS)
    assert raw.frame.index.tolist() == [3, 5]


def test_quoted_newlines_keep_row_numbers_of_the_line_where_a_row_starts(tmp_path):
    raw = read_table_file(write(tmp_path / "u.csv", 'Kode Unit,Nama Unit,Jenis Unit\nKEC,"Kantor\nCamat",kecamatan\n'
                                "KEL,Kantor Lurah,kelurahan\n"), UNITS)
    assert raw.frame.index.tolist() == [2, 4]
    assert raw.frame.loc[2, "unit_name"] == "Kantor\nCamat"


def test_merged_cells_in_a_workbook_read_as_their_value_over_the_range(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kode Unit", "Nama Unit", "Jenis Unit"])
    sheet.append(["KEL-A", "Kantor Lurah A", "kelurahan"])
    sheet.append(["KEL-B", "Kantor Lurah B", None])
    sheet.merge_cells("C2:C3")
    book.save(tmp_path / "unit_kerja.xlsx")
    raw = read_table_file(tmp_path / "unit_kerja.xlsx", UNITS)
    assert raw.frame["unit_type"].tolist() == ["kelurahan", "kelurahan"]


def test_parquet_files_are_read_with_record_numbers(tmp_path):
    pd.DataFrame({"unit_code": ["KEC"], "unit_name": ["Kantor"], "unit_type": ["kecamatan"]}).to_parquet(
        tmp_path / "units.parquet")
    raw = read_table_file(tmp_path / "units.parquet", UNITS)
    assert raw.frame.index.tolist() == [1]


def test_an_xlsx_that_is_really_a_csv_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="not a readable Excel workbook"):
        read_table_file(write(tmp_path / "unit_kerja.xlsx", "Kode Unit,Nama Unit\n"), UNITS)


def test_a_csv_that_is_really_a_workbook_is_a_data_error(tmp_path):
    book = openpyxl.Workbook()
    book.save(tmp_path / "unit_kerja.csv")
    with pytest.raises(DataError, match="is an Excel or zip file, not CSV text"):
        read_table_file(tmp_path / "unit_kerja.csv", UNITS)


@pytest.mark.parametrize(("stem", "table"), [("pegawai", "employees"), ("Unit_Kerja", "units"),
                                             ("aktivitas", "activities"), ("SKM", "ikm_responses"),
                                             ("survei-perubahan", "change_survey"), ("catatan", None)])
def test_file_stems_name_tables_in_english_or_indonesian(stem, table):
    found = table_for_file_stem(stem)
    assert (found.name if found else None) == table


def test_normalise_header_reduces_to_lower_case_words():
    assert normalise_header(" Tgl. Lahir ") == normalise_header("tgl_lahir") == "tgl lahir"
