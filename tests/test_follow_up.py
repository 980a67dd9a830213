"""The follow-up register (issue 18, item 3): how it is read and judged, and what kinerja.metrics.follow_up says."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.data.dictionary import table_for_file_stem
from kinerja.data.loading import load_dataset
from kinerja.data.reasons import reason_in
from kinerja.metrics import follow_up
from kinerja.metrics.ikm import UNSUR_COLUMNS

BAD = Path(__file__).parent / "data" / "bad"
UNITS = "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\nKEL-MY,Kantor Lurah Mayura,kelurahan\n"
HEADER = "No,Sumber,Rujukan,Unit,Penanggung Jawab,Tindakan,Triwulan,Batas Waktu,Status,Tanggal Selesai\n"


def load(tmp_path: Path, rows: str):
    (tmp_path / "unit_kerja.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "tindak_lanjut.csv").write_text(HEADER + rows, encoding="utf-8")
    return load_dataset(tmp_path, cache=False)


# --- reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["tindak_lanjut", "Rencana Tindak Lanjut", "rtl"])
def test_indonesian_file_names_are_the_follow_ups_table(stem):
    assert table_for_file_stem(stem).name == "follow_ups"


def test_sources_quarters_and_statuses_are_read_from_their_indonesian_spellings(tmp_path):
    dataset = load(tmp_path,
                   "1,Unsur IKM,U3,KEL-MY,Sekretaris Kelurahan,Tambah loket,Triwulan II 2026,30/06/2026,Selesai,"
                   "10/06/2026\n"
                   "2,Topik Forum,FRM-1,KEC,Sekretaris Camat,Jawab usulan,TW III/2026,30/09/2026,Sedang Berjalan,\n"
                   "3,Lonjakan Pengaduan,Waktu Tunggu,KEC,Sekretaris Camat,Tambah petugas,2026-Q3,30/09/2026,"
                   "Dibatalkan,\n")
    assert dataset.rejects.empty
    actions = dataset.follow_ups
    assert actions["source_kind"].tolist() == ["ikm_unsur", "forum_topic", "complaint_surge"]
    assert actions["quarter"].tolist() == ["2026-Q2", "2026-Q3", "2026-Q3"]
    assert actions["status"].tolist() == ["done", "in_progress", "dropped"]


# --- rejects -------------------------------------------------------------------------------------


def test_an_unknown_status_is_rejected_naming_file_row_column_in_both_languages():
    dataset = load_dataset(BAD / "follow_up_unknown_status", cache=False)
    reject = dataset.rejects.iloc[0]
    assert len(dataset.rejects) == 1 and dataset.follow_ups["action_id"].tolist() == ["TL-1"]
    assert (reject["table"], reject["file"], reject["row"], reject["column"], reject["value"]) == (
        "follow_ups", "tindak_lanjut.csv", 3, "status", "Menunggu Anggaran")
    assert reject["reason"].startswith("'Menunggu Anggaran' is not an allowed value; expected one of direncanakan")
    assert reason_in(dataset.rejects, "id").iloc[0].startswith(
        "'Menunggu Anggaran' bukan nilai yang diizinkan; harus salah satu dari direncanakan")


def test_a_done_action_without_its_done_date_is_rejected(tmp_path):
    dataset = load(tmp_path, "1,Unsur IKM,U3,KEL-MY,Lurah,Tambah loket,2026-Q3,30/09/2026,Selesai,\n")
    assert dataset.rejects[["row", "column", "reason"]].values.tolist() == [
        [2, "done_date", "is blank but the status is done"]]
    assert reason_in(dataset.rejects, "id").tolist() == ["kosong padahal statusnya selesai dilaksanakan (done)"]


def test_due_and_done_dates_before_the_actions_quarter_are_rejected(tmp_path):
    dataset = load(tmp_path, "1,Unsur IKM,U3,KEL-MY,Lurah,Tambah loket,2026-Q3,30/06/2026,Direncanakan,\n"
                             "2,Unsur IKM,U3,KEL-MY,Lurah,Tambah loket,2026-Q3,30/09/2026,Selesai,30/06/2026\n"
                             "3,Unsur IKM,U3,KEL-MY,Lurah,Tambah loket,2026-Q3,01/07/2026,Selesai,01/07/2026\n")
    assert dataset.rejects[["row", "column", "reason"]].values.tolist() == [
        [2, "due_date", "is before the first day of its quarter"],
        [3, "done_date", "is before the first day of its quarter"]]


def test_an_ikm_unsur_action_must_name_an_unsur_but_other_sources_need_not(tmp_path):
    dataset = load(tmp_path, "1,Unsur IKM,Antrean,KEL-MY,Lurah,Tambah loket,2026-Q3,30/09/2026,Direncanakan,\n"
                             "2,Temuan,Antrean,KEL-MY,Lurah,Tambah loket,2026-Q3,30/09/2026,Direncanakan,\n")
    assert dataset.rejects[["row", "column", "reason"]].values.tolist() == [
        [2, "source_ref", "does not name an IKM unsur; expected a code U1..U9 or the unsur's name"]]


# --- metrics -------------------------------------------------------------------------------------


def actions(*rows: tuple) -> pd.DataFrame:
    """Actions: (action_id, quarter, unit_code, source_ref, due_date, status, done_date), all from an IKM unsur."""
    frame = pd.DataFrame(rows, columns=["action_id", "quarter", "unit_code", "source_ref", "due_date", "status",
                                        "done_date"])
    for column in ("due_date", "done_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.assign(source_kind="ikm_unsur", owner_position="Lurah", action="tindakan")


REGISTER = actions(
    ("on-time", "2026-Q2", "KEL-MY", "U3", "2026-06-30", "done", "2026-06-30"),
    ("late", "2026-Q2", "KEL-MY", "U3", "2026-05-31", "done", "2026-06-15"),
    ("overdue", "2026-Q2", "KEC", "U9", "2026-06-30", "in_progress", None),
    ("dropped", "2026-Q2", "KEC", "U9", "2026-05-31", "dropped", None),
    ("not-due", "2026-Q2", "KEC", "U1", "2026-10-31", "planned", None),
    ("done-after-as-of", "2026-Q2", "KEC", "U1", "2026-09-15", "done", "2026-10-05"),
    ("old-overdue", "2026-Q1", "KEL-MY", "U1", "2026-03-31", "planned", None),
    ("new", "2026-Q3", "KEL-MY", "U3", "2026-09-30", "planned", None),
    ("next", "2026-Q4", "KEL-MY", "U3", "2026-08-30", "planned", None),
)


def test_each_outcome_follows_status_done_date_and_due_date_on_the_as_of_day():
    found = dict(zip(REGISTER["action_id"], follow_up.outcomes(REGISTER, "2026-09-30")))
    assert found == {"on-time": "done_on_time", "late": "done_late", "overdue": "overdue", "dropped": "dropped",
                     "not-due": "not_yet_due", "done-after-as-of": "overdue", "old-overdue": "overdue",
                     "new": "not_yet_due", "next": "overdue"}


def test_last_quarters_actions_are_those_planned_in_the_quarter_before_with_their_outcome():
    found = follow_up.previous_quarter_actions(REGISTER, "2026-Q3")
    assert dict(zip(found["action_id"], found["outcome"])) == {
        "on-time": "done_on_time", "late": "done_late", "overdue": "overdue", "dropped": "dropped",
        "not-due": "not_yet_due", "done-after-as-of": "overdue"}


def test_overdue_actions_of_this_and_earlier_quarters_are_flagged_longest_first():
    found = follow_up.overdue_actions(REGISTER, "2026-Q3")
    assert found[["action_id", "days_overdue"]].values.tolist() == [
        ["old-overdue", 183], ["overdue", 92], ["done-after-as-of", 15]]


def test_new_actions_are_those_planned_in_the_quarter():
    assert follow_up.new_actions(REGISTER, "2026-Q3")["action_id"].tolist() == ["new"]


def survey(unit: str, day: str, answers_to_u3: list[int]) -> pd.DataFrame:
    return pd.DataFrame([{"unit_code": unit, "survey_date": pd.Timestamp(day),
                          **{name: answer if name == "waktu_penyelesaian" else 4 for name in UNSUR_COLUMNS}}
                         for answer in answers_to_u3])


def test_the_nrr_of_a_done_actions_unsur_is_set_before_and_after_the_quarter_it_was_done_in():
    responses = pd.concat([survey("KEL-MY", "2026-05-02", [2, 3]), survey("KEL-MY", "2026-08-02", [3, 4, 4, 3]),
                           survey("KEC", "2026-08-02", [1])], ignore_index=True)
    found = follow_up.unsur_after_actions(REGISTER, responses, "2026-Q3")
    # Only the IKM actions done in 2026-Q2 count; "done-after-as-of" was done in Q4.
    assert found[["action_id", "code", "nrr_before", "nrr_after", "change"]].values.tolist() == [
        ["late", "U3", 2.5, 3.5, 1.0], ["on-time", "U3", 2.5, 3.5, 1.0]]


def test_without_a_follow_ups_table_the_metrics_say_the_table_is_absent(tmp_path):
    (tmp_path / "unit_kerja.csv").write_text(UNITS, encoding="utf-8")
    dataset = load_dataset(tmp_path, cache=False)
    with pytest.raises(DataError, match="has no follow_ups table; add a file such as follow_ups.csv, tindak_lanjut"):
        follow_up.overdue_actions(dataset, "2026-Q3")
