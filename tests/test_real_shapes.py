"""Files shaped like real exports (tests/data/real_shapes/) validate to what they mean.

Indonesian status words and spoken durations of an e-Kinerja log, a Google
Forms SKM export (month-first ``Timestamp``, answer labels with option
letters, headers with unsur codes), dates mixing both orders, unit lists
without a unit type, and notes for the cells of optional columns left blank.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kinerja.data.dictionary import ANSWER_LABELS, TABLES, UNSUR
from kinerja.data.io import read_table_file
from kinerja.data.reasons import reason_in
from kinerja.data.schemas import REJECT_COLUMNS, Validated, validate
from kinerja.metrics.ikm_survey import responses_from_file, survey_report

SHAPES = Path(__file__).parent / "data" / "real_shapes"
UNSUR_COLUMNS = [name for name, _, _ in UNSUR]


def checked(name: str, table: str) -> Validated:
    result = validate(read_table_file(SHAPES / name, TABLES[table]))
    assert result.rows_read == len(result.frame) + result.rejected_rows
    assert list(result.notes.columns) == REJECT_COLUMNS
    return result


# --- e-Kinerja activities -----------------------------------------------------------------------


def test_an_ekinerja_log_worded_in_indonesian_validates_as_its_canonical_twin():
    indonesian = checked("aktivitas_ekinerja.csv", "activities")
    canonical = checked("activities_canonical.csv", "activities")
    assert indonesian.rejects.empty and canonical.rejects.empty
    assert indonesian.notes.empty and canonical.notes.empty
    columns = [column.name for column in TABLES["activities"].columns if column.name in canonical.frame.columns]
    # The Indonesian export has a title row, a blank line and a "No" column: compare by position.
    pd.testing.assert_frame_equal(indonesian.frame[columns].reset_index(drop=True),
                                  canonical.frame[columns].reset_index(drop=True))
    assert indonesian.frame["status"].value_counts().to_dict() == {"submitted": 5, "rejected": 4, "approved": 3}


def test_an_unknown_status_word_lists_the_indonesian_words(tmp_path):
    path = tmp_path / "aktivitas.csv"
    path.write_text("NIP,Tanggal,Waktu Lapor,Waktu Persetujuan,Status\n"
                    "198503122010012002,03/08/2026,03/08/2026 15:10,,Selesai\n", encoding="utf-8")
    (reject,) = validate(read_table_file(path, TABLES["activities"])).rejects.to_dict(orient="records")
    assert reject["reason"] == (
        "'Selesai' is not an allowed value; expected one of Disetujui, Disetujui Atasan, Diterima, ACC (approved); "
        "Diajukan, Dikirim, Menunggu, Menunggu Persetujuan, Draft, Pending (submitted); Ditolak, Ditolak Atasan, "
        "Dikembalikan, Revisi (rejected)")
    assert len(reject["reason"]) <= 300
    assert reason_in(pd.DataFrame([reject]), "id")[0].startswith(
        "'Selesai' bukan nilai yang diizinkan; harus salah satu dari Disetujui, Disetujui Atasan")


# --- the Google Forms SKM export -----------------------------------------------------------------


def _timestamps() -> list[str]:
    with (SHAPES / "skm_google_form.csv").open(encoding="utf-8") as handle:
        return [row["Timestamp"] for row in csv.DictReader(handle)]


def test_a_month_first_timestamp_column_puts_every_response_in_its_quarter():
    stamps = _timestamps()
    assert len(stamps) == 140
    assert sum(int(stamp.split("/")[1]) <= 12 for stamp in stamps) == 41
    result = checked("skm_google_form.csv", "ikm_responses")
    assert result.rejects.empty
    truth = pd.Series([datetime.strptime(stamp, "%m/%d/%Y %H:%M:%S").date() for stamp in stamps],
                      index=result.frame.index)
    assert (result.frame["survey_date"].dt.date == truth).all()
    assert (result.frame["survey_date"].dt.quarter == [1 + (date.month - 1) // 3 for date in truth]).all()


def test_answer_labels_with_option_letters_read_as_1_to_4_and_headers_with_codes_map_to_unsur():
    result = checked("skm_google_form.csv", "ikm_responses")
    assert set(UNSUR_COLUMNS) <= set(result.frame.columns)
    with (SHAPES / "skm_google_form.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    for position, name in enumerate(UNSUR_COLUMNS, start=4):
        labels = [label.lower() for label in ANSWER_LABELS[name]]
        expected = [1 + labels.index(row[position].split(maxsplit=1)[-1].lower()
                                     if row[position].lower() not in labels else row[position].lower())
                    for row in rows]
        assert result.frame[name].tolist() == expected, name


def test_a_bad_value_in_an_optional_column_is_blanked_with_a_note_and_the_row_kept():
    result = checked("skm_google_form.csv", "ikm_responses")
    (note,) = result.notes.to_dict(orient="records")
    assert note == {"table": "ikm_responses", "file": "skm_google_form.csv", "row": 9, "column": "age",
                    "value": "dua puluh", "reason": "'dua puluh' is not a whole number"}
    assert 9 in result.frame.index and pd.isna(result.frame.at[9, "age"])
    assert len(result.frame) == 140


def test_kinerja_ikm_and_the_data_folder_read_a_survey_export_alike():
    valid, rejects = responses_from_file(SHAPES / "skm_google_form.csv")
    result = checked("skm_google_form.csv", "ikm_responses")
    assert rejects.empty
    pd.testing.assert_frame_equal(valid[[*UNSUR_COLUMNS, "survey_date"]],
                                  result.frame[[*UNSUR_COLUMNS, "survey_date"]])


def test_an_unknown_answer_names_the_unsur_and_its_labels(tmp_path):
    path = tmp_path / "skm.csv"
    path.write_text("Tanggal,Unit,U1,U2,U3,U4,U5,U6,U7,U8,U9\n"
                    "05/08/2026,KEL-MY,4,3,b. Lumayan cepat,4,3,4,4,3,3\n", encoding="utf-8")
    (reject,) = validate(read_table_file(path, TABLES["ikm_responses"])).rejects.to_dict(orient="records")
    assert (reject["column"], reject["reason"]) == (
        "waktu_penyelesaian", ("'b. Lumayan cepat' is not an answer to U3 Waktu Penyelesaian; expected 1 to 4 "
                               "or one of Tidak cepat, Kurang cepat, Cepat, Sangat cepat"))


# --- dates in both orders ------------------------------------------------------------------------


def test_a_column_with_both_date_orders_rejects_its_slashed_dates_and_reads_iso_ones():
    result = checked("skm_tanggal_campur.csv", "ikm_responses")
    assert result.frame.index.tolist() == [4]
    assert result.frame.at[4, "survey_date"] == pd.Timestamp("2026-03-16")
    assert result.rejects["row"].tolist() == [2, 3, 5, 6]
    assert set(result.rejects["reason"]) == {
        ("has day-first dates ('14/03/2026') and month-first dates ('03/14/2026') in column survey_date; write "
         "every date of the column in one order")}


# --- units without a type ------------------------------------------------------------------------


def test_unit_types_are_read_from_names_and_noted_and_a_name_without_one_is_rejected():
    result = checked("unit_kerja_tanpa_jenis.csv", "units")
    assert result.frame.set_index("unit_code")["unit_type"].to_dict() == {
        "KEC": "kecamatan", "KEL-MY": "kelurahan", "KEL-CL": "kelurahan", "PKM-CK": "puskesmas",
        "PUSTU-SS": "puskesmas", "SD2": "sekolah", "SMP1": "sekolah", "UPTD-PS": "layanan"}
    assert result.notes["reason"].tolist()[:2] == [
        "is blank; read as kecamatan from the unit name 'Kantor Camat Cakranegara'",
        "is blank; read as kelurahan from the unit name 'Kantor Lurah Mayura'"]
    assert len(result.notes) == 8 and set(result.notes["column"]) == {"unit_type"}
    (reject,) = result.rejects.to_dict(orient="records")
    assert (reject["row"], reject["column"], reject["reason"]) == (
        10, "unit_type", ("is blank and the unit name 'Bagian Umum' does not say the kind of unit; add a column "
                          "Jenis Unit (kecamatan, kelurahan, puskesmas, sekolah or layanan)"))


def test_blank_or_unreadable_unit_types_in_a_workbook_are_read_from_names():
    result = checked("unit_kerja_jenis_kosong.xlsx", "units")
    assert result.frame.set_index("unit_code")["unit_type"].to_dict() == {
        "KEC": "kecamatan", "KEL-MY": "kelurahan", "PKM-CK": "puskesmas", "MPP": "layanan"}
    notes = result.notes.set_index("row")
    assert notes.loc[5, "value"].tolist() == ["kantor", ""]
    assert notes.loc[5, "reason"].iloc[0].startswith("'kantor' is not an allowed value; expected one of kantor "
                                                     "camat, kantor kecamatan (kecamatan)")
    assert result.rejects["row"].tolist() == [7]


ACTIVITY_HEADER = "NIP;Tanggal;Waktu Lapor;Waktu Persetujuan;Status;Durasi"
ACTIVITY_ROW = "198503122010012002;03/08/2026;03/08/2026 15:10;;Diajukan"


# --- durations -----------------------------------------------------------------------------------


@pytest.mark.parametrize("written, minutes", [
    ("90", 90), ("1:30", 90), ("01:30:00", 90), ("0:15", 15), ("90 menit", 90), ("20 mnt", 20),
    ("1 jam 30 menit", 90), ("1 jam", 60), ("1,5 jam", 90), ("1.5 jam", 90), ("2 JAM  5 MENIT", 125)])
def test_durations_are_read_as_whole_minutes(tmp_path, written, minutes):
    path = tmp_path / "aktivitas.csv"
    path.write_text(f"{ACTIVITY_HEADER}\n{ACTIVITY_ROW};{written}\n", encoding="utf-8")
    result = validate(read_table_file(path, TABLES["activities"]))
    assert result.frame["duration_minutes"].tolist() == [minutes]


def test_an_unreadable_duration_is_blanked_with_a_note(tmp_path):
    path = tmp_path / "aktivitas.csv"
    path.write_text(f"{ACTIVITY_HEADER}\n{ACTIVITY_ROW};sebentar\n", encoding="utf-8")
    result = validate(read_table_file(path, TABLES["activities"]))
    assert result.rejects.empty and len(result.frame) == 1
    assert result.notes[["row", "column", "value"]].values.tolist() == [[2, "duration_minutes", "sebentar"]]
    assert result.notes["reason"][0].startswith("'sebentar' is not a duration")


# --- absences and observations --------------------------------------------------------------------


def test_a_leave_register_workbook_with_title_rows_and_excel_dates_validates(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["REKAP CUTI DAN DINAS LUAR PEGAWAI KECAMATAN CAKRANEGARA"])
    sheet.append(["Periode: Agustus 2026"])
    sheet.append([])
    sheet.append(["No", "NIP", "Nama", "Jenis Cuti", "Tgl Mulai", "s.d.", "Keterangan"])
    sheet.append([1, "198503122010012002", "Baiq Nurul Aini", "C.T.", datetime(2026, 8, 3), datetime(2026, 8, 7),
                  "Urusan keluarga"])
    sheet.append([2, "199207152019031005", "I Made Suarta", "Dinas Luar Daerah", datetime(2026, 8, 10),
                  datetime(2026, 8, 11), None])
    sheet.append([3, "199207152019031005", "I Made Suarta", "Izin ", "12/08/2026", "12/08/2026", "Anak sakit"])
    sheet.append([4, "196608011988031001", "Lalu Ahmad Zaini", None, datetime(2026, 8, 20), datetime(2026, 8, 21),
                  None])
    book.save(tmp_path / "cuti.xlsx")
    result = validate(read_table_file(tmp_path / "cuti.xlsx", TABLES["absences"]))
    assert result.rejects.empty and result.notes.empty
    assert result.rows_read == len(result.frame) == 4
    assert result.frame["kind"].tolist() == ["Cuti Tahunan", "Dinas Luar", "Izin", "Lainnya"]
    assert result.frame["start_date"].tolist() == [pd.Timestamp(day) for day in
                                                   ("2026-08-03", "2026-08-10", "2026-08-12", "2026-08-20")]
    assert result.frame["Nama"].tolist()[0] == "Baiq Nurul Aini"


def test_a_web_form_of_observations_validates_with_its_extra_columns_kept(tmp_path):
    path = tmp_path / "pengamatan.csv"
    path.write_text(
        "Timestamp;Tanggal Pengamatan;NIP;NIP Penilai;Nilai BerAKHLAK;Kategori Pengamatan;Uraian\n"
        "8/5/2026 10:02:11;05/08/2026;199207152019031005;198503122010012002;Kolaboratif;Apresiasi;"
        "Membantu rekan di loket KTP\n"
        "8/6/2026 09:40:00;06/08/2026;199207152019031005;198503122010012002;Akuntabel;Perlu Ditingkatkan;\n",
        encoding="utf-8")
    result = validate(read_table_file(path, TABLES["observations"]))
    assert result.rejects.empty and result.rows_read == 2
    assert result.frame[["core_value", "kind"]].values.tolist() == [["kolaboratif", "positive"],
                                                                    ["akuntabel", "needs_improvement"]]
    assert result.frame["Timestamp"].tolist() == ["8/5/2026 10:02:11", "8/6/2026 09:40:00"]


# The answer labels of the sample questionnaire (PermenPANRB 14/2017), 1 to 4, as the issue tables them:
# written out here, independently of the dictionary, so that a wrong label in the code fails.
QUESTIONNAIRE = {
    1: ["tidak sesuai", "kurang sesuai", "sesuai", "sangat sesuai"],
    2: ["tidak mudah", "kurang mudah", "mudah", "sangat mudah"],
    3: ["tidak cepat", "kurang cepat", "cepat", "sangat cepat"],
    4: ["sangat mahal", "cukup mahal", "murah", "gratis"],
    5: ["tidak sesuai", "kurang sesuai", "sesuai", "sangat sesuai"],
    6: ["tidak kompeten", "kurang kompeten", "kompeten", "sangat kompeten"],
    7: ["tidak sopan dan ramah", "kurang sopan dan ramah", "sopan dan ramah", "sangat sopan dan ramah"],
    8: ["tidak ada", "ada tetapi tidak berfungsi", "berfungsi kurang maksimal", "dikelola dengan baik"],
    9: ["buruk", "cukup", "baik", "sangat baik"],
}


def test_a_web_form_export_gives_the_ikm_of_the_same_answers_written_as_numbers(tmp_path):
    with (SHAPES / "skm_google_form.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    numeric = [rows[0]]
    for row in rows[1:]:
        answers = [re.sub(r"^\(?[a-dA-D][.)]\s*", "", cell).strip().lower() for cell in row[4:13]]
        numeric.append(row[:4] + [str(QUESTIONNAIRE[i].index(answer) + 1) for i, answer in enumerate(answers, 1)]
                       + row[13:])
    twin = tmp_path / "skm_angka.csv"
    with twin.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(numeric)
    labelled, numbers = survey_report(SHAPES / "skm_google_form.csv"), survey_report(twin)
    assert labelled.to_dict() == numbers.to_dict()
    assert labelled.to_dict()["ikm"] == numbers.to_dict()["ikm"] and numbers.to_dict()["rejected"] == 0
