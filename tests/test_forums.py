"""The forums table (issue 18, item 2): how it is read and judged, and what kinerja.metrics.forums finds in it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import table_for_file_stem, unsur_named
from kinerja.data.loading import load_dataset
from kinerja.data.reasons import reason_in
from kinerja.metrics import forums
from kinerja.metrics.ikm import UNSUR_COLUMNS

BAD = Path(__file__).parent / "data" / "bad"
UNITS = "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\nKEL-MY,Kantor Lurah Mayura,kelurahan\n"
HEADER = "No Topik,Tanggal Forum,Unit,Jenis Forum,Jumlah Peserta,Perempuan,Topik,Unsur,Kategori,Status,Tanggal Tanggapan\n"


def load(tmp_path: Path, rows: str, name: str = "forum.csv") -> Dataset:
    (tmp_path / "unit_kerja.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / name).write_text(HEADER + rows, encoding="utf-8")
    return load_dataset(tmp_path, cache=False)


# --- reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["forum", "forum_warga", "musrenbang", "Forum Konsultasi Publik"])
def test_indonesian_file_names_are_the_forums_table(stem):
    assert table_for_file_stem(stem).name == "forums"


def test_unsur_is_read_by_code_name_or_both_and_kinds_by_their_usual_spellings(tmp_path):
    dataset = load(tmp_path,
                   "F1,03/08/2026,KEL-MY,Musrenbang,40,12,Antrean lama,u3,,Dijawab,10/08/2026\n"
                   "F2,03/08/2026,KEL-MY,FKP,40,12,Kursi kurang,Sarana dan Prasarana,,Terbuka,\n"
                   "F3,03/08/2026,Kantor Lurah Mayura,Rembuk Warga,40,12,Biaya,U4. Biaya/Tarif,,Selesai,11/08/2026\n")
    assert dataset.rejects.empty
    assert dataset.forums["unsur"].tolist() == ["waktu_penyelesaian", "sarana_prasarana", "biaya_tarif"]
    assert dataset.forums["kind"].tolist() == ["musrenbang_kelurahan", "forum_konsultasi_publik", "rembug_warga"]
    assert dataset.forums["status"].tolist() == ["answered", "open", "closed"]
    assert dataset.forums["unit_code"].tolist() == ["KEL-MY", "KEL-MY", "KEL-MY"]


def test_unsur_named_reads_codes_and_names_and_nothing_else():
    assert [unsur_named(text) for text in ("U1", "persyaratan", "U8 Penanganan Pengaduan, Saran dan Masukan",
                                           "Antrean", None)] == [
        "persyaratan", "persyaratan", "penanganan_pengaduan_saran_masukan", None, None]


def test_hostile_topic_text_is_kept_as_written(tmp_path):
    hostile = ['"<script>alert(1)</script>"', '"=HYPERLINK(""http://x"",""klik"")"']
    dataset = load(tmp_path, "".join(f"F{i},03/08/2026,KEL-MY,FKP,40,12,{text},,,Terbuka,\n"
                                     for i, text in enumerate(hostile)))
    assert dataset.rejects.empty
    assert dataset.forums["topic"].tolist() == ["<script>alert(1)</script>", '=HYPERLINK("http://x","klik")']


# --- rejects -------------------------------------------------------------------------------------


def test_a_topic_at_an_unknown_unit_is_rejected_naming_file_row_column_in_both_languages():
    dataset = load_dataset(BAD / "forum_unknown_unit", cache=False)
    reject = dataset.rejects.iloc[0]
    assert len(dataset.rejects) == 1 and len(dataset.forums) == 1
    assert (reject["table"], reject["file"], reject["row"], reject["column"], reject["value"]) == (
        "forums", "forum.csv", 3, "unit_code", "Kelurahan Cilinaya")
    assert reject["reason"] == "unit 'Kelurahan Cilinaya' is not in the units table (unit_kerja.csv), by code or by name"
    assert reason_in(dataset.rejects, "id").iloc[0] == (
        "unit 'Kelurahan Cilinaya' tidak ada di tabel unit (unit_kerja.csv), baik menurut kode maupun nama")


def test_a_response_before_its_forum_is_rejected_on_the_response_date_in_both_languages():
    dataset = load_dataset(BAD / "forum_response_before_forum", cache=False)
    reject = dataset.rejects.iloc[0]
    assert len(dataset.rejects) == 1 and dataset.forums["topic_id"].tolist() == ["FRM-2"]
    assert (reject["table"], reject["file"], reject["row"], reject["column"], reject["value"]) == (
        "forums", "forum.csv", 2, "response_date", "10/07/2026")
    assert reject["reason"] == "is before forum_date"
    assert reason_in(dataset.rejects, "id").iloc[0].startswith("lebih awal daripada ")


@pytest.mark.parametrize(("status", "english", "indonesian"), [
    ("Dijawab", "is blank but the status is answered", "kosong padahal statusnya dijawab (answered)"),
    ("Selesai", "is blank but the status is closed", "kosong padahal statusnya selesai (closed)"),
])
def test_an_answered_or_closed_topic_without_a_response_date_is_rejected(tmp_path, status, english, indonesian):
    dataset = load(tmp_path, f"F1,03/08/2026,KEL-MY,FKP,40,12,Antrean,U3,,{status},\n")
    assert dataset.rejects[["row", "column", "reason"]].values.tolist() == [[2, "response_date", english]]
    assert reason_in(dataset.rejects, "id").tolist() == [indonesian]


def test_a_group_larger_than_the_participants_is_rejected_on_the_group(tmp_path):
    dataset = load(tmp_path, "F1,03/08/2026,KEL-MY,FKP,40,45,Antrean,U3,,Terbuka,\n"
                             "F2,03/08/2026,KEL-MY,FKP,40,40,Antrean,U3,,Terbuka,\n")
    assert dataset.rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [2, "participants_women", "45", "is more than the participants"]]


# --- metrics -------------------------------------------------------------------------------------


def topics(*rows: tuple) -> pd.DataFrame:
    """Forum topics: (topic_id, forum_date, unit_code, unsur, category, response_date)."""
    frame = pd.DataFrame(rows, columns=["topic_id", "forum_date", "unit_code", "unsur", "category", "response_date"])
    frame["forum_date"] = pd.to_datetime(frame["forum_date"])
    frame["response_date"] = pd.to_datetime(frame["response_date"])
    return frame.assign(kind="rembug_warga", topic=[f"topik {i}" for i in range(len(frame))])


def responses(unit: str, day: str, weak: str, n: int = 4) -> pd.DataFrame:
    """``n`` respondents of ``unit`` answering 4 to every unsur but ``weak``, answered 2."""
    return pd.DataFrame([{"unit_code": unit, "survey_date": pd.Timestamp(day),
                          **{name: 2 if name == weak else 4 for name in UNSUR_COLUMNS}} for _ in range(n)])


FORUMS = topics(
    ("A", "2026-08-03", "KEL-MY", "waktu_penyelesaian", "Waktu Tunggu", "2026-08-13"),
    ("B", "2026-08-03", "KEL-MY", "waktu_penyelesaian", None, None),
    ("C", "2026-08-20", "KEL-MY", "sarana_prasarana", "Sarana", "2026-08-24"),
    ("D", "2026-09-01", "KEC", None, "waktu tunggu", None),
    ("E", "2026-05-10", "KEL-MY", "waktu_penyelesaian", None, None),  # the quarter before
)
SURVEY = pd.concat([responses("KEL-MY", "2026-08-05", "waktu_penyelesaian"),
                    responses("KEC", "2026-08-05", "sarana_prasarana"),
                    responses("KEL-MY", "2026-05-05", "persyaratan")], ignore_index=True)


def test_topics_are_counted_per_unit_and_unsur_in_the_quarter_only():
    counted = forums.topics_by_unit_unsur(FORUMS, "2026-Q3")
    assert counted.astype(object).where(counted.notna(), None).values.tolist() == [
        ["KEC", None, None, 1],
        ["KEL-MY", "waktu_penyelesaian", "U3", 2],
        ["KEL-MY", "sarana_prasarana", "U9", 1],
    ]


def test_the_topics_on_a_units_weakest_unsur_of_the_quarter_are_found():
    found = forums.topics_on_weakest_unsur(FORUMS, SURVEY, "2026-Q3")
    assert found[["topic_id", "unit_code", "code", "nrr"]].values.tolist() == [
        ["A", "KEL-MY", "U3", 2.0], ["B", "KEL-MY", "U3", 2.0]]


def test_the_overlap_per_unit_counts_all_topics_and_those_on_the_weakest_unsur():
    overlap = forums.weakest_unsur_overlap(FORUMS, SURVEY, "2026-Q3")
    assert overlap[["unit_code", "code", "nrr", "topics", "topics_on_weakest"]].values.tolist() == [
        ["KEC", "U9", 2.0, 1, 0], ["KEL-MY", "U3", 2.0, 3, 2]]


def test_categories_are_matched_with_the_complaints_of_the_same_unit_and_quarter_ignoring_case():
    complaints = pd.DataFrame({
        "unit_code": ["KEL-MY", "KEL-MY", "KEC", "KEC", "KEC"],
        "category": ["waktu tunggu", "Sarana", "Waktu Tunggu", "Waktu Tunggu", "Waktu Tunggu"],
        "received_at": pd.to_datetime(["2026-09-30 15:00", "2026-10-01 08:00", "2026-07-02 09:00",
                                       "2026-08-02 09:00", "2026-06-30 09:00"]),
    })
    overlap = forums.category_overlap(FORUMS, complaints, "2026-Q3")
    assert overlap.values.tolist() == [["KEC", "waktu tunggu", 1, 2], ["KEL-MY", "Sarana", 1, 0],
                                       ["KEL-MY", "Waktu Tunggu", 1, 1]]


def test_days_to_response_and_the_age_of_open_topics_are_counted_on_the_as_of_day():
    days = forums.response_days(FORUMS, "2026-Q3", as_of="2026-08-31")
    # KEL-MY: A answered after 10 days, C after 4 (median 7); B open for 28 days. D comes after as_of.
    assert days.astype(object).values.tolist() == [["KEL-MY", 3, 2, 7.0, 1, 28]]


def test_a_topic_answered_after_as_of_is_still_open_on_as_of():
    still = forums.open_topics(FORUMS, "2026-Q3", as_of="2026-08-10")
    assert still[["topic_id", "age_days"]].values.tolist() == [["E", 92], ["A", 7], ["B", 7]]


def test_open_topics_default_to_the_quarters_last_day_and_include_older_quarters():
    still = forums.open_topics(FORUMS, "2026-Q3")
    assert still[["topic_id", "code", "age_days"]].astype(object).where(still.notna(), None).values.tolist() == [
        ["E", "U3", 143], ["B", "U3", 58], ["D", None, 29]]


def test_without_a_forums_table_the_metrics_say_the_table_is_absent(tmp_path):
    (tmp_path / "unit_kerja.csv").write_text(UNITS, encoding="utf-8")
    dataset = load_dataset(tmp_path, cache=False)
    with pytest.raises(DataError, match="has no forums table; add a file such as forums.csv, forum.csv"):
        forums.open_topics(dataset, "2026-Q3")
