"""Survey export files and ``kinerja ikm``: reading an export and reporting its IKM, checkable by hand."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from kinerja.core.errors import DataError
from kinerja.metrics.ikm import nrr
from kinerja.metrics.ikm_survey import responses_from_file
from kinerja.run.cli import main

DATA = Path(__file__).parent / "data" / "ikm"
SURVEY = DATA / "skm_kelurahan.csv"
SWAPPED = DATA / "skm_urutan_8_9_tertukar.csv"
LACKING_8_AND_9 = DATA / "skm_tanpa_u8_u9.csv"

# skm_kelurahan.csv: 7 rows; file row 4 answers U3 with 5 and is rejected. The six valid:
#   row  service U1 U2 U3 U4 U5 U6 U7 U8 U9
#    2   KTP-el   4  4  3  4  3  4  4  3  3
#    3   KTP-el   3  3  3  4  3  3  4  3  3
#    5   KK       3  3  2  4  3  3  3  3  2
#    6   KK       3  2  3  4  3  3  3  -  2
#    7   KK       4  3  3  4  4  4  4  4  3
#    8   KTP-el   4  4  4  4  4  4  4  4  4   (30/06/2026, the only 2026-Q2 row)
# NRR: 21/6, 19/6, 18/6, 24/6, 20/6, 21/6, 22/6, 17/5 (one blank), 17/6; sum 27 + 3.4 = 30.4.
# IKM exact 30.4 x 25 / 9 = 84.4444 -> 84.44 B; with 0.11: 30.4 x 0.11 x 25 = 83.60.
# KK: NRR sum 75/3 + 7/2 = 28.5 -> 79.1667 -> 79.17 B. KTP-el: 97/3 -> 89.8148 -> 89.81 A.
SURVEY_NRR = {
    "persyaratan": 3.5,
    "sistem_mekanisme_prosedur": 3.1667,
    "waktu_penyelesaian": 3.0,
    "biaya_tarif": 4.0,
    "produk_spesifikasi_jenis_pelayanan": 3.3333,
    "kompetensi_pelaksana": 3.5,
    "perilaku_pelaksana": 3.6667,
    "penanganan_pengaduan_saran_masukan": 3.4,
    "sarana_prasarana": 2.8333,
}


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["ikm", *args, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return json.loads(out)


# --- survey files --------------------------------------------------------------------------------


def test_unsur_are_matched_by_name_when_a_form_swaps_8_and_9():
    # Sarana dan Prasarana comes before Penanganan Pengaduan in the file: 2, 2, 1 and 4, 4, 3.
    values = nrr(responses_from_file(SWAPPED)[0])
    assert (values["sarana_prasarana"], values["penanganan_pengaduan_saran_masukan"]) == (
        pytest.approx(5 / 3), pytest.approx(11 / 3))


def test_an_answer_5_in_a_file_is_rejected_with_a_reason():
    valid, rejects = responses_from_file(SURVEY)
    (reject,) = rejects.to_dict(orient="records")
    assert (reject["row"], reject["column"], reject["value"], reject["reason"]) == (
        4, "waktu_penyelesaian", "5", "is outside 1 to 4")
    assert 4 not in valid.index


def test_a_file_lacking_unsur_names_all_of_them_in_one_sentence():
    with pytest.raises(DataError) as raised:
        responses_from_file(LACKING_8_AND_9)
    assert str(raised.value) == (
        "skm_tanpa_u8_u9.csv lacks the unsur columns U8 Penanganan Pengaduan, Saran dan Masukan and "
        "U9 Sarana dan Prasarana; expected headers U1..U9 or the unsur names.")


def test_a_file_without_unit_or_date_columns_is_read(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,3,3,4,3,4,4,3,3\n")
    assert len(responses_from_file(path)[0]) == 1


def test_identical_answers_without_questionnaire_numbers_all_count(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "4,4,4,4,4,4,4,4,4\n" * 3)
    valid, rejects = responses_from_file(path)
    assert (len(valid), len(rejects)) == (3, 0)


def test_a_repeated_questionnaire_number_is_rejected_as_a_duplicate(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("No Kuesioner,U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "17,4,4,4,4,4,4,4,4,4\n" * 2)
    assert responses_from_file(path)[1]["reason"].tolist() == ["duplicate of row 2 (the same response_id)"]


def test_a_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="survei.csv does not exist"):
        responses_from_file(tmp_path / "survei.csv")


def write_titled_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SURVEI KEPUASAN MASYARAKAT KELURAHAN MAYURA"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    sheet.append(["Triwulan III 2026"])
    sheet.append([])
    sheet.append(["No", "Unsur 1", "Unsur 2", "Unsur 3", "Unsur 4", "Unsur 5", "Unsur 6", "Unsur 7", "Unsur 9",
                  "Unsur 8"])
    sheet.append([1, 4, 4, 4, 4, 4, 4, 4, 2, 4])
    sheet.append([2, 4, 4, 4, 4, 4, 4, 4, 3, 4])
    book.save(path)


def test_an_xlsx_with_title_rows_is_read_from_its_header(tmp_path):
    path = tmp_path / "skm.xlsx"
    write_titled_workbook(path)
    valid, _ = responses_from_file(path)
    assert (valid.index.tolist(), valid["sarana_prasarana"].tolist()) == ([5, 6], [2, 3])


# --- command line --------------------------------------------------------------------------------


def test_cli_json_gives_n_ikm_grade_label_weight_nrr_and_rejected(capsys):
    assert run_json(capsys, str(SURVEY)) == {
        "n": 6, "ikm": 84.44, "grade": "B", "label": "Baik", "weight": "exact", "nrr": SURVEY_NRR, "rejected": 1,
        "notes": [],
    }


def test_cli_weight_0_11_matches_the_legacy_hand_calculation(capsys):
    summary = run_json(capsys, str(SURVEY), "--weight", "0.11")
    assert (summary["ikm"], summary["weight"]) == (83.60, "0.11")


def test_cli_by_a_header_of_the_file_gives_one_group_per_value(capsys):
    groups = run_json(capsys, str(SURVEY), "--by", "Jenis Layanan")["groups"]
    assert [(g["group"], g["n"], g["ikm"], g["grade"], g["label"]) for g in groups] == [
        ("KK", 3, 79.17, "B", "Baik"), ("KTP-el", 3, 89.81, "A", "Sangat Baik")]


def test_cli_group_has_the_same_keys_as_the_whole(capsys):
    summary = run_json(capsys, str(SURVEY), "--by", "service_type")
    assert list(summary["groups"][0]) == ["group", "n", "ikm", "grade", "label", "weight", "nrr"]


def test_cli_by_matches_an_unknown_header_ignoring_case(capsys):
    groups = run_json(capsys, str(SURVEY), "--by", "LOKET")["groups"]
    assert [(g["group"], g["n"]) for g in groups] == [("A", 2), ("B", 4)]


def test_cli_by_quarter_derives_quarters_from_the_survey_date(capsys):
    groups = run_json(capsys, str(SURVEY), "--by", "quarter")["groups"]
    assert [(g["group"], g["n"], g["ikm"]) for g in groups] == [("2026-Q2", 1, 100.0), ("2026-Q3", 5, 81.25)]


def test_cli_population_adds_the_minimum_sample_and_whether_it_is_met(capsys):
    summary = run_json(capsys, str(SURVEY), "--population", "10")
    assert (summary["minimum_sample"], summary["sample_adequate"]) == (10, False)


def test_cli_text_shows_ikm_grade_weight_nrr_and_rejected_rows(capsys):
    assert main(["ikm", str(SURVEY)]) == 0
    out = capsys.readouterr().out
    assert "IKM: 84.44, grade B (Baik); weight exact (1/9)" in out
    assert "U8  Penanganan Pengaduan, Saran dan Masukan  3.4000" in out
    assert "skm_kelurahan.csv row 4, column waktu_penyelesaian ('5'): is outside 1 to 4" in out


def test_cli_text_warns_in_indonesian_when_the_sample_is_too_small(capsys):
    assert main(["ikm", str(SURVEY), "--population", "10"]) == 0
    assert "Sampel 6 responden kurang dari minimum 10 (Krejcie-Morgan, populasi 10)" in capsys.readouterr().out


def test_cli_file_lacking_unsur_8_and_9_exits_1_naming_them(capsys):
    assert main(["ikm", str(LACKING_8_AND_9)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "lacks the unsur columns U8 Penanganan Pengaduan, Saran dan Masukan and U9 Sarana dan Prasarana" in (
        captured.err)


def test_cli_unknown_by_column_exits_1_listing_the_columns(capsys):
    assert main(["ikm", str(SURVEY), "--by", "kelurahan"]) == 1
    assert "has no column 'kelurahan' to group by; expected one of survey_date, service_type" in (
        capsys.readouterr().err)


def test_cli_reads_an_xlsx_with_title_rows(tmp_path, capsys):
    path = tmp_path / "skm.xlsx"
    write_titled_workbook(path)
    summary = run_json(capsys, str(path))
    assert (summary["n"], summary["nrr"]["sarana_prasarana"], summary["nrr"]["penanganan_pengaduan_saran_masukan"]) == (
        2, 2.5, 4.0)


def test_a_survey_date_that_cannot_be_read_is_said_and_the_answers_still_count(tmp_path, capsys):
    lines = SURVEY.read_text(encoding="utf-8").splitlines()
    date_column = lines[0].split(",").index(next(h for h in lines[0].split(",") if "Tanggal" in h))
    cells = lines[1].split(",")
    cells[date_column] = "tiga puluh Juni"
    broken = tmp_path / "skm_tanggal_rusak.csv"
    broken.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    summary = run_json(capsys, str(broken))
    assert summary["n"] == 6 and summary["rejected"] == 1  # the answers of file row 2 still count
    (note,) = summary["notes"]
    assert (note["row"], note["value"]) == (2, "tiga puluh Juni")
    assert main(["ikm", str(broken)]) == 0
    text = capsys.readouterr().out
    assert "Cells left blank in rows that count (1):" in text
    assert "skm_tanggal_rusak.csv row 2, column survey_date ('tiga puluh Juni'): " in text
