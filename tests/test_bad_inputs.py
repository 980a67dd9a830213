"""The bad-input corpus (tests/data/bad/, written by tests/data/make_bad_corpus.py).

Each case is a data folder with one realistic problem; the loader must give a
reason a user can act on, and account for every row.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kinerja.core.errors import DataError
from kinerja.data.loading import load_dataset

BAD = Path(__file__).parent / "data" / "bad"
REFUSED = {"wrong_delimiter", "missing_column", "empty_file", "unknown_file_name"}
"""Cases the loader refuses as a whole with one DataError; each has its own test of the sentence."""


def refusal(case: str) -> str:
    """The sentence of the DataError that loading ``case`` raises: one line, one full stop at its end."""
    with pytest.raises(DataError) as raised:
        load_dataset(BAD / case)
    sentence = str(raised.value)
    assert "\n" not in sentence and sentence.endswith(".") and ". " not in sentence, sentence
    return sentence


def only_reject(case: str) -> dict:
    dataset = load_dataset(BAD / case)
    assert len(dataset.rejects) == 1, dataset.rejects
    return dataset.rejects.iloc[0].to_dict()


def test_wrong_delimiter_names_the_single_column_it_found():
    assert refusal("wrong_delimiter") == ("unit_kerja.csv has a single column 'Kode Unit|Nama Unit|Jenis Unit'; "
                                          "expected columns separated by commas or semicolons.")


def test_missing_required_column_names_file_and_column():
    sentence = refusal("missing_column")
    # The file and its header row, the column and its table, the headers expected, and those found.
    assert sentence.startswith("pegawai.csv (header in row 1) has no column 'nip' for the employees table; ")
    assert "expected a header such as 'NIP', 'NIP/NI PPPK'" in sentence
    assert sentence.endswith("found: Nama, Unit Kerja, Golongan, Jabatan, Jenis Kelamin, Tanggal Lahir.")


def test_excel_mangled_nips_are_rejected_with_the_excel_explanation():
    dataset = load_dataset(BAD / "excel_mangled_nip")
    rejects = dataset.rejects.set_index("row")
    assert list(rejects.index) == [5, 6]
    assert (rejects["column"] == "nip").all()
    assert rejects["reason"].str.contains("lost its last digits in Excel").all()
    assert dataset.counts["employees"].valid == 3


def test_three_date_formats_are_read_and_an_impossible_date_in_an_optional_column_is_blanked_with_a_note():
    dataset = load_dataset(BAD / "date_formats")
    births = dataset.employees.set_index("nip")["birth_date"].dt.strftime("%Y-%m-%d").fillna("").to_dict()
    assert births == {"196608011988031001": "1966-08-01", "198503122010012002": "1985-03-12",
                      "199207152019031005": "1992-07-15", "199402202020122001": ""}
    assert dataset.rejects.empty
    (note,) = dataset.notes.to_dict("records")
    assert (note["row"], note["column"], note["value"]) == (5, "birth_date", "30/02/1994")
    assert "is not a date" in note["reason"]


def test_likert_answer_out_of_range_is_rejected_naming_the_unsur():
    reject = only_reject("likert_out_of_range")
    assert (reject["file"], reject["row"], reject["column"], reject["value"]) == (
        "skm.csv", 3, "waktu_penyelesaian", "5")
    assert reject["reason"] == "is outside 1 to 4"


def test_duplicate_row_names_the_first_occurrence():
    reject = only_reject("duplicate_rows")
    assert reject["row"] == 5
    assert reject["reason"].startswith("duplicate of row 3")


def test_empty_file_is_a_data_error_naming_it():
    assert refusal("empty_file") == ("pegawai.csv is empty; expected a header row with the columns of the employees "
                                     "table (NIP, Nama, Unit Kerja, Golongan, Jabatan, Jenis Kelamin).")


def test_cp1252_file_is_decoded_with_its_accents_and_quotes():
    dataset = load_dataset(BAD / "cp1252_accents")
    texts = dataset.to_pandas("complaints").sort_values("complaint_id")["text"].tolist()
    assert texts[0] == "Petugas bilang “besok saja” – antre di depan café"
    assert dataset.rejects.empty


def test_xlsx_header_below_title_rows_is_found_and_rows_keep_excel_numbers():
    dataset = load_dataset(BAD / "xlsx_title_row")
    assert dataset.rejects.empty
    # Two title rows (the first merged), a blank row, the header in row 4: data starts in row 5.
    assert dataset.employees["source_row"].tolist() == [5, 6, 7]
    assert dataset.employees["No"].tolist() == ["1", "2", "3"]


def test_row_with_more_fields_than_the_header_is_rejected_not_shifted():
    reject = only_reject("ragged_row")
    assert reject["row"] == 4
    assert "8 fields where the header has 7" in reject["reason"]


def test_file_named_after_no_table_is_ignored_and_listed_not_a_stop():
    dataset = load_dataset(BAD / "unknown_file_name")
    assert dataset.ignored == ["catatan_rapat.csv"]
    assert "units" in dataset.tables


def test_folder_named_like_a_table_file_is_a_data_error(tmp_path):
    shutil.copytree(BAD / "unknown_file_name", tmp_path / "data")
    (tmp_path / "data" / "pegawai.csv").mkdir()
    with pytest.raises(DataError) as raised:
        load_dataset(tmp_path / "data", cache=False)
    assert str(raised.value) == (f"pegawai.csv in {tmp_path / 'data'} is a folder, not a file; the employees table "
                                 f"must be one .csv file.")


def test_references_to_unknown_units_and_employees_are_rejected():
    dataset = load_dataset(BAD / "unknown_references")
    reasons = dataset.rejects.set_index(["file", "row"])["reason"]
    assert "unit 'Kantor Lurah Cilinaya' is not in the units table" in reasons[("pegawai.csv", 3)]
    assert "is not in the employees table" in reasons[("aktivitas.csv", 3)]
    # The employee of row 4 exists in the file but was rejected: the reason says so.
    assert "its row 3 there was rejected" in reasons[("aktivitas.csv", 4)]


def test_an_absence_ending_before_it_starts_is_rejected_on_its_end_date():
    reject = only_reject("absence_end_before_start")
    assert (reject["table"], reject["file"], reject["row"], reject["column"], reject["value"]) == (
        "absences", "cuti.csv", 3, "end_date", "02/08/2026")
    assert reject["reason"] == "is before start_date"


def test_an_observation_by_the_employee_observed_is_rejected_on_the_observer():
    reject = only_reject("observer_is_observed")
    assert (reject["table"], reject["file"], reject["row"], reject["column"]) == (
        "observations", "pengamatan.csv", 3, "observer_nip")
    assert reject["reason"] == "is the observed employee's own NIP"


def test_an_activity_naming_an_indicator_outside_its_skp_is_rejected_naming_nip_quarter_and_file():
    reject = only_reject("unknown_skp_indicator")
    assert (reject["table"], reject["row"], reject["column"], reject["value"]) == (
        "activities", 3, "skp_indicator", "RHK-2")
    assert reject["reason"] == ("names indicator 'RHK-2', which NIP 199207152019031005 does not have in the SKP of "
                                "2026-Q3 (skp.csv)")


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.iterdir() if p.is_dir() and p.name not in REFUSED))
def test_every_readable_row_is_valid_or_rejected(case):
    dataset = load_dataset(BAD / case)  # any DataError here fails: only the REFUSED cases may raise
    for name, count in dataset.counts.items():
        assert count.rows == count.valid + count.rejected, name
        assert count.rejected == dataset.rejects.loc[dataset.rejects["table"] == name, "row"].nunique()


def test_the_refused_cases_are_cases_of_the_corpus():
    assert REFUSED <= {p.name for p in BAD.iterdir() if p.is_dir()}
