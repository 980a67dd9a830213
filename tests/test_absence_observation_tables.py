"""Absences, supervisors' observations and the SKP indicator of an activity (issue #19): read, checked, counted."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import ABSENCE_KINDS, BERAKHLAK, TABLES
from kinerja.data.loading import load_dataset, with_table_file
from kinerja.data.reasons import reason_in
from kinerja.data.schemas import read_cells

CAMAT = "196608011988031001"
LURAH = "198503122010012002"
STAFF = "199207152019031005"
OUTSIDER = "197001011995031002"
"""A valid NIP that is no employee of the folder (an observer from the district office)."""
UNITS = "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\n"
EMPLOYEES = ("NIP,Nama,Unit Kerja,Golongan,Jabatan,Jenis Kelamin\n"
             f"{CAMAT},Lalu Ahmad Zaini,KEC,IV/b,Camat,L\n"
             f"{LURAH},Baiq Nurul Aini,KEC,III/c,Lurah,P\n"
             f"{STAFF},I Made Suarta,KEC,III/a,Pengadministrasi Umum,L\n")
SKP = ("NIP;Triwulan;Kode Indikator;Indikator;Target;Realisasi\n"
       f"{STAFF};2026-Q3;RHK-1;Dokumen kependudukan diproses;120;96\n"
       f"{STAFF};2026-Q3;;Layanan KTP-el tepat waktu;100;90\n"
       f"{STAFF};Triwulan II 2026;RHK-7;Arsip ditata;10;10\n")
ACTIVITY_HEADER = "NIP;Tanggal;Waktu Lapor;Waktu Persetujuan;Status;RHK"


def loaded(folder: Path, **files: str) -> Dataset:
    """Load a folder of the units, the employees and ``files`` (name -> text); every row read is valid or rejected."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {"unit_kerja.csv": UNITS, "pegawai.csv": EMPLOYEES, **files}.items():
        (folder / name).write_text(text, encoding="utf-8")
    dataset = load_dataset(folder, cache=False)
    for name, count in dataset.counts.items():
        assert count.rows == count.valid + count.rejected, name
        assert count.rejected == dataset.rejects.loc[dataset.rejects["table"] == name, "row"].nunique(), name
    return dataset


def kinds(*written: object) -> list[str]:
    values, errors = read_cells(pd.Series(list(written), index=range(2, 2 + len(written)), dtype=object),
                                TABLES["absences"].column("kind"))
    assert errors == {}
    return values.tolist()


def activity(nip: str, day: str, indicator: str) -> str:
    return f"{nip};{day};{day} 15:10;;Diajukan;{indicator}"


# --- absences ----------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", TABLES["absences"].file_names)
def test_absences_load_from_each_file_name_with_indonesian_headers(tmp_path, stem):
    dataset = loaded(tmp_path / "data", **{f"{stem}.csv": (
        "NIP;Jenis Cuti;Tgl Mulai;s.d.;Keterangan\n"
        f"{STAFF};Cuti Tahunan;03/08/2026;07/08/2026;Pulang kampung\n")})
    (row,) = dataset.absences.to_dict("records")
    assert (row["nip"], row["start_date"], row["end_date"], row["kind"], row["note"]) == (
        STAFF, pd.Timestamp("2026-08-03"), pd.Timestamp("2026-08-07"), "Cuti Tahunan", "Pulang kampung")


def test_other_indonesian_headers_name_the_same_columns(tmp_path):
    dataset = loaded(tmp_path / "data", **{"ketidakhadiran.csv": (
        "NIP Pegawai,Jenis Ketidakhadiran,Dari Tanggal,Sampai Tanggal,Alasan\n"
        f"{STAFF},DL,2026-08-03,2026-08-04,Rapat di provinsi\n")})
    assert dataset.absences[["kind", "note"]].values.tolist() == [["Dinas Luar", "Rapat di provinsi"]]


@pytest.mark.parametrize("written, label", [
    ("CT", "Cuti Tahunan"), ("cuti tahunan", "Cuti Tahunan"), ("C.T.", "Cuti Tahunan"),
    ("CUTI  TAHUNAN", "Cuti Tahunan"), ("Sakit", "Cuti Sakit"), ("CS", "Cuti Sakit"),
    ("Melahirkan", "Cuti Melahirkan"), ("CM", "Cuti Melahirkan"), ("CB", "Cuti Besar"),
    ("CAP", "Cuti Alasan Penting"), ("cuti alasan penting", "Cuti Alasan Penting"),
    ("CLTN", "Cuti di Luar Tanggungan Negara"), ("Cuti Di Luar Tanggungan Negara", "Cuti di Luar Tanggungan Negara"),
    ("DL", "Dinas Luar"), ("Dinas Luar Kota", "Dinas Luar"), ("Dinas Luar Daerah", "Dinas Luar"),
    ("Perjalanan Dinas", "Dinas Luar"), ("SPPD", "Dinas Luar"), ("Pelatihan", "Diklat"), ("DIKLAT", "Diklat"),
    ("Tubel", "Tugas Belajar"), ("tugas-belajar", "Tugas Belajar"),
])
def test_each_spelling_of_a_known_kind_is_written_as_its_label(written, label):
    assert kinds(written) == [label]


def test_the_labels_are_the_nine_kinds_and_read_as_themselves():
    assert ABSENCE_KINDS == ("Cuti Tahunan", "Cuti Sakit", "Cuti Melahirkan", "Cuti Besar", "Cuti Alasan Penting",
                             "Cuti di Luar Tanggungan Negara", "Dinas Luar", "Diklat", "Tugas Belajar")
    assert kinds(*ABSENCE_KINDS) == list(ABSENCE_KINDS)


def test_another_kind_is_kept_as_written_and_a_blank_one_is_lainnya():
    assert kinds("  Izin  khusus ", "Isoman", "", None) == ["Izin khusus", "Isoman", "Lainnya", "Lainnya"]


def test_a_file_without_a_kind_column_gives_every_absence_lainnya(tmp_path):
    dataset = loaded(tmp_path / "data", **{"cuti.csv": f"NIP,Tanggal Mulai,Tanggal Selesai\n"
                                                       f"{STAFF},03/08/2026,04/08/2026\n"})
    assert dataset.absences["kind"].tolist() == ["Lainnya"]


def test_overlapping_absences_of_one_person_are_kept_each_with_a_note_naming_the_other(tmp_path):
    dataset = loaded(tmp_path / "data", **{"cuti.csv": (
        "NIP,Jenis,Mulai,Selesai\n"
        f"{STAFF},CT,03/08/2026,10/08/2026\n"      # row 2
        f"{STAFF},DL,07/08/2026,12/08/2026\n"      # row 3: shares 7-10 August with row 2
        f"{STAFF},Diklat,12/08/2026,12/08/2026\n"  # row 4: shares 12 August with row 3
        f"{STAFF},CS,13/08/2026,14/08/2026\n"      # row 5: the day after, no overlap
        f"{LURAH},CT,03/08/2026,10/08/2026\n")})   # row 6: another person
    assert dataset.absences["source_row"].tolist() == [2, 3, 4, 5, 6]
    assert dataset.rejects.empty
    notes = dataset.notes[["table", "file", "row", "column", "value", "reason"]].values.tolist()
    same = "for the same NIP; the days are counted once"
    assert notes == [
        ["absences", "cuti.csv", 2, "start_date", "03/08/2026", f"overlaps row 3 (2026-08-07 to 2026-08-12) {same}"],
        ["absences", "cuti.csv", 3, "start_date", "07/08/2026", f"overlaps row 2 (2026-08-03 to 2026-08-10) {same}"],
        ["absences", "cuti.csv", 3, "start_date", "07/08/2026", f"overlaps row 4 (2026-08-12 to 2026-08-12) {same}"],
        ["absences", "cuti.csv", 4, "start_date", "12/08/2026", f"overlaps row 3 (2026-08-07 to 2026-08-12) {same}"],
    ]
    assert reason_in(dataset.notes.head(1), "id")[0] == (
        "tumpang tindih dengan baris 3 (2026-08-07 s.d. 2026-08-12) untuk NIP yang sama; harinya dihitung sekali")


def test_a_repeated_absence_is_a_duplicate_not_an_overlap(tmp_path):
    spell = f"{STAFF},CT,03/08/2026,10/08/2026\n"
    dataset = loaded(tmp_path / "data", **{"cuti.csv": "NIP,Jenis,Mulai,Selesai\n" + spell + spell})
    (reject,) = dataset.rejects.to_dict("records")
    assert (reject["row"], reject["reason"]) == (3, "duplicate of row 2 (every cell the same)")
    assert dataset.notes.empty


def test_an_absence_of_someone_not_employed_is_rejected(tmp_path):
    dataset = loaded(tmp_path / "data", **{"cuti.csv": f"NIP,Mulai,Selesai\n{OUTSIDER},03/08/2026,04/08/2026\n"})
    (reject,) = dataset.rejects.to_dict("records")
    assert (reject["column"], reject["reason"]) == (
        "nip", f"NIP {OUTSIDER} is not in the employees table (pegawai.csv)")


# --- observations ------------------------------------------------------------------------------


OBSERVATION_HEADER = "NIP,NIP Pengamat,Tanggal Pengamatan,Nilai BerAKHLAK,Sifat,Catatan Pengamatan"


@pytest.mark.parametrize("stem", TABLES["observations"].file_names)
def test_observations_load_from_each_file_name_with_indonesian_headers(tmp_path, stem):
    dataset = loaded(tmp_path / "data", **{f"{stem}.csv": (
        f"{OBSERVATION_HEADER}\n{STAFF},{LURAH},05/08/2026,Berorientasi Pelayanan,Positif,Sabar melayani warga\n")})
    (row,) = dataset.observations.to_dict("records")
    assert (row["nip"], row["observer_nip"], row["observation_date"], row["core_value"], row["kind"], row["note"]) == (
        STAFF, LURAH, pd.Timestamp("2026-08-05"), "berorientasi_pelayanan", "positive", "Sabar melayani warga")


def test_core_values_are_read_from_their_labels_and_kinds_from_words_and_signs(tmp_path):
    labels = [label for _, label in BERAKHLAK]
    signs = ["+", "-", "Apresiasi", "Perlu Perbaikan", "Baik", "Kurang", "Negatif"]
    rows = "".join(f"{STAFF},{LURAH},05/08/2026,{label.upper()},{sign},\n" for label, sign in zip(labels, signs))
    dataset = loaded(tmp_path / "data", **{"pengamatan.csv": f"NIP,Pengamat,Tanggal,Nilai,Jenis,Catatan\n{rows}"})
    assert dataset.observations["core_value"].tolist() == [name for name, _ in BERAKHLAK]
    assert dataset.observations["kind"].tolist() == ["positive", "needs_improvement", "positive", "needs_improvement",
                                                     "positive", "needs_improvement", "needs_improvement"]
    assert dataset.observations["note"].isna().all()


def test_an_observer_need_not_be_an_employee_but_must_not_be_the_observed(tmp_path):
    dataset = loaded(tmp_path / "data", **{"observasi.csv": (
        f"{OBSERVATION_HEADER}\n"
        f"{STAFF},{OUTSIDER},05/08/2026,Akuntabel,Positif,Laporan tepat waktu\n"
        f"{STAFF},{STAFF},05/08/2026,Akuntabel,Positif,Menilai diri sendiri\n")})
    assert dataset.observations["observer_nip"].tolist() == [OUTSIDER]
    (reject,) = dataset.rejects.to_dict("records")
    assert (reject["file"], reject["row"], reject["column"], reject["value"], reject["reason"]) == (
        "observasi.csv", 3, "observer_nip", STAFF, "is the observed employee's own NIP")
    assert reason_in(dataset.rejects, "id")[0] == "sama dengan NIP pegawai yang diamati; pengamat adalah orang lain"


def test_an_observer_that_is_not_a_nip_is_rejected_with_the_nip_reason(tmp_path):
    dataset = loaded(tmp_path / "data", **{"pengamatan.csv": (
        f"{OBSERVATION_HEADER}\n{STAFF},Pak Camat,05/08/2026,Akuntabel,Positif,\n")})
    (reject,) = dataset.rejects.to_dict("records")
    assert (reject["column"], reject["value"]) == ("observer_nip", "Pak Camat")
    assert reject["reason"].startswith("NIP 'Pak Camat' contains characters other than digits")


def test_an_unknown_core_value_is_rejected_listing_the_seven(tmp_path):
    dataset = loaded(tmp_path / "data", **{"pengamatan.csv": (
        f"{OBSERVATION_HEADER}\n{STAFF},{LURAH},05/08/2026,Jujur,Positif,\n")})
    (reject,) = dataset.rejects.to_dict("records")
    assert (reject["row"], reject["column"], reject["value"]) == (2, "core_value", "Jujur")
    assert reject["reason"] == (
        "'Jujur' is not an allowed value; expected one of Berorientasi Pelayanan (berorientasi_pelayanan); "
        "Akuntabel (akuntabel); Kompeten (kompeten); Harmonis (harmonis); Loyal (loyal); Adaptif (adaptif); "
        "Kolaboratif (kolaboratif)")


# --- the SKP indicator of an activity ----------------------------------------------------------


@pytest.fixture
def indicators(tmp_path) -> Dataset:
    return loaded(tmp_path / "data", **{"skp.csv": SKP, "aktivitas.csv": "\n".join([
        ACTIVITY_HEADER,
        activity(STAFF, "03/08/2026", "rhk 1"),                          # row 2: the code, written otherwise
        activity(STAFF, "04/08/2026", "Dokumen Kependudukan Diproses"),  # row 3: the text of a coded indicator
        activity(STAFF, "05/08/2026", "layanan ktp el tepat waktu"),     # row 4: the text of one without a code
        activity(STAFF, "06/08/2026", "RHK-7"),                          # row 5: an indicator of 2026-Q2
        activity(STAFF, "04/05/2026", "rhk-7"),                          # row 6: ... on a day of 2026-Q2
        activity(LURAH, "03/08/2026", "  Rapat  koordinasi "),           # row 7: no SKP rows for the person
        activity(STAFF, "07/08/2026", ""),                               # row 8: none named
    ]) + "\n"})


def test_an_indicator_named_by_code_or_text_is_stored_as_its_key(indicators):
    named = indicators.to_pandas("activities").set_index("source_row")["skp_indicator"]
    assert named.loc[[2, 3, 4, 6]].tolist() == ["RHK-1", "RHK-1", "Layanan KTP-el tepat waktu", "RHK-7"]


def test_an_indicator_without_skp_rows_for_the_person_and_quarter_is_kept_as_written(indicators):
    named = indicators.to_pandas("activities").set_index("source_row")["skp_indicator"]
    assert named[7] == "Rapat koordinasi"
    assert pd.isna(named[8])


def test_an_indicator_the_person_does_not_have_in_the_quarter_is_rejected(indicators):
    (reject,) = indicators.rejects.to_dict("records")
    assert (reject["table"], reject["file"], reject["row"], reject["column"], reject["value"]) == (
        "activities", "aktivitas.csv", 5, "skp_indicator", "RHK-7")
    assert reject["reason"] == (
        f"names indicator 'RHK-7', which NIP {STAFF} does not have in the SKP of 2026-Q3 (skp.csv)")
    assert reason_in(indicators.rejects, "id")[0] == (
        f"menyebut indikator 'RHK-7', yang tidak ada di SKP NIP {STAFF} untuk 2026-Q3 (skp.csv)")
    assert indicators.counts["activities"].valid == 6


def test_without_an_skp_table_indicators_are_kept_as_written(tmp_path):
    dataset = loaded(tmp_path / "data",
                     **{"aktivitas.csv": f"{ACTIVITY_HEADER}\n{activity(STAFF, '06/08/2026', 'RHK-7')}\n"})
    assert dataset.to_pandas("activities")["skp_indicator"].tolist() == ["RHK-7"]


def test_a_replaced_activities_file_is_checked_against_the_skp(indicators, tmp_path):
    other = tmp_path / "aktivitas_lain.csv"
    other.write_text(f"{ACTIVITY_HEADER}\n{activity(STAFF, '03/08/2026', 'RHK 1')}\n"
                     f"{activity(STAFF, '03/08/2026', 'RHK 2')}\n", encoding="utf-8")
    replaced = with_table_file(indicators, other, TABLES["activities"])
    assert replaced.to_pandas("activities")["skp_indicator"].tolist() == ["RHK-1"]
    (reject,) = replaced.rejects.to_dict("records")
    assert (reject["file"], reject["row"], reject["column"]) == ("aktivitas_lain.csv", 3, "skp_indicator")


def test_partitioned_activities_check_and_store_indicators_as_the_files_do(tmp_path):
    folder = tmp_path / "data"
    loaded(folder, **{"skp.csv": SKP})
    good = {"nip": STAFF, "activity_date": date(2026, 8, 3), "submitted_at": datetime(2026, 8, 3, 16),
            "approved_at": None, "status": "submitted"}
    rows = [{**good, "skp_indicator": written}
            for written in ("rhk 1", "Dokumen Kependudukan Diproses", "layanan ktp el tepat waktu", "RHK-7", None)]
    rows.append({**good, "nip": LURAH, "skp_indicator": "Rapat koordinasi"})
    part = folder / "activities" / "quarter=2026-Q3" / "part-0.parquet"
    part.parent.mkdir(parents=True)
    schema = pa.schema([("nip", pa.string()), ("activity_date", pa.date32()), ("submitted_at", pa.timestamp("us")),
                        ("approved_at", pa.timestamp("us")), ("status", pa.string()), ("skp_indicator", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), part)
    dataset = load_dataset(folder, cache=False)
    count = dataset.counts["activities"]
    assert (count.rows, count.valid, count.rejected) == (6, 5, 1)
    (reject,) = dataset.rejects.to_dict("records")
    assert (reject["file"], reject["row"], reject["column"], reject["value"]) == (
        "activities/quarter=2026-Q3/part-0.parquet", 4, "skp_indicator", "RHK-7")
    assert reject["reason"] == "is not an indicator of the employee's SKP in the quarter of the activity (skp.csv)"
    stored = dataset.to_pandas("activities").sort_values("skp_indicator", na_position="last")["skp_indicator"]
    assert stored.fillna("").tolist() == ["Layanan KTP-el tepat waktu", "RHK-1", "RHK-1", "Rapat koordinasi", ""]


# --- every row accounted for -------------------------------------------------------------------


def test_rows_read_are_the_valid_rows_and_the_rejected_rows(tmp_path):
    dataset = loaded(tmp_path / "data", **{
        "cuti.csv": (f"NIP,Jenis,Mulai,Selesai\n{STAFF},CT,03/08/2026,10/08/2026\n{STAFF},CS,12/08/2026,11/08/2026\n"
                     f"{OUTSIDER},DL,03/08/2026,03/08/2026\n{STAFF},Izin,05/08/2026,06/08/2026\n"),
        "pengamatan.csv": (f"{OBSERVATION_HEADER}\n{STAFF},{LURAH},05/08/2026,Loyal,Baik,\n"
                           f"{STAFF},{STAFF},05/08/2026,Loyal,Baik,\n{STAFF},{LURAH},05/08/2026,Loyal,Sedang,\n"),
    })
    assert {name: (c.rows, c.valid, c.rejected) for name, c in dataset.counts.items()
            if name in ("absences", "observations")} == {"absences": (4, 2, 2), "observations": (3, 1, 2)}
    assert len(dataset.notes) == 2  # the CT and the Izin overlap on 5-6 August
