"""Write the bad-input corpus in tests/data/bad/ (run once; the files are committed).

Each case is a small data folder with one problem, as offices produce them.
tests/test_bad_inputs.py checks the reason the loader gives for each.
Run: .venv/bin/python tests/data/make_bad_corpus.py
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl

BAD = Path(__file__).parent / "bad"

UNITS = "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\nKEL-MY,Kantor Lurah Mayura,kelurahan\n"
HEADER = "NIP,Nama,Unit Kerja,Golongan,Jabatan,Jenis Kelamin,Tanggal Lahir"
ROWS = [
    "19660801 198803 1 001,Lalu Ahmad Zaini,KEC,IV/b,Camat,L,01/08/1966",
    "198503122010012002,Baiq Nurul Aini,Kantor Lurah Mayura,III/c,Lurah,P,12/03/1985",
    "199207152019031005,I Made Suarta,KEL-MY,III/a,Pengadministrasi Umum,L,15/07/1992",
]


def write(case: str, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder = BAD / case
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def employees_csv(rows: list[str], header: str = HEADER, delimiter: str = ",") -> str:
    lines = [header, *rows]
    return "\n".join(line.replace(",", delimiter) for line in lines) + "\n"


def workbook(case: str, name: str, rows: list[list[object]], title_rows: int = 0) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    if title_rows:
        sheet.append(["DAFTAR PEGAWAI KECAMATAN CAKRANEGARA"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        sheet.append(["Keadaan per 30 September 2026"])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    folder = BAD / case
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / name)


def main() -> None:
    shutil.rmtree(BAD, ignore_errors=True)
    # 1 wrong delimiter: a pipe-separated export reads as one column
    write("wrong_delimiter", "unit_kerja.csv", UNITS.replace(",", "|"))
    # 2 missing required column: no NIP
    header = HEADER.replace("NIP,", "")
    write("missing_column", "unit_kerja.csv", UNITS)
    write("missing_column", "pegawai.csv", employees_csv([r.split(",", 1)[1] for r in ROWS], header))
    # 3 Excel-mangled NIPs: a numeric cell, and text that went through a float
    write("excel_mangled_nip", "unit_kerja.csv", UNITS)
    rows: list[list[object]] = [HEADER.split(",")] + [r.split(",") for r in ROWS]
    rows.append([1.99001012015032e17, "Ni Luh Sukerti", "KEL-MY", "III/a", "Perawat", "P", "01/01/1990"])
    rows.append(["1.98807142014031E+17", "Lalu Hamdi", "KEC", "III/a", "Staf", "L", "14/07/1988"])
    workbook("excel_mangled_nip", "pegawai.xlsx", rows)
    # 4 three date formats, and one impossible date
    write("date_formats", "unit_kerja.csv", UNITS)
    write("date_formats", "pegawai.csv", employees_csv([
        ROWS[0],
        ROWS[1].replace("12/03/1985", "12-03-1985"),
        ROWS[2].replace("15/07/1992", "1992-07-15"),
        "199402202020122001,Ni Kadek Ayu,KEL-MY,III/a,Bidan,P,30/02/1994",
    ]))
    # 5 a Likert answer out of range in the IKM survey (U3 = 5)
    write("likert_out_of_range", "unit_kerja.csv", UNITS)
    write("likert_out_of_range", "skm.csv",
          "Tanggal,Unit Layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,Saran\n"
          "05/08/2026,Kantor Lurah Mayura,4,3,3,4,3,4,4,3,3,Pelayanan cepat\n"
          "05/08/2026,Kantor Lurah Mayura,3,3,5,4,3,3,4,3,3,\n"
          "06/08/2026,KEL-MY,2,3,3,4,3,3,3,3,2,Antrean panjang\n")
    # 6 duplicate rows
    write("duplicate_rows", "unit_kerja.csv", UNITS)
    write("duplicate_rows", "pegawai.csv", employees_csv([ROWS[0], ROWS[1], ROWS[2], ROWS[1]]))
    # 7 an empty file
    write("empty_file", "unit_kerja.csv", UNITS)
    write("empty_file", "pegawai.csv", "")
    # 8 cp1252 with accents and Windows quotes, semicolons (Excel on Windows)
    write("cp1252_accents", "unit_kerja.csv", UNITS)
    write("cp1252_accents", "pengaduan.csv",
          "No Pengaduan;Unit;Saluran;Kategori;Tanggal Diterima;Tanggal Selesai;Status;Isi Pengaduan\n"
          "P-001;KEL-MY;WhatsApp;Pelayanan;03/08/2026 09.15;05/08/2026 14.00;Selesai;"
          "Petugas bilang “besok saja” – antre di depan café\n"
          "P-002;KEC;SP4N-LAPOR!;Sarana;04/08/2026 10.30;;Diproses;Toilet rusak\n",
          encoding="cp1252")
    # 9 an XLSX with title rows above the header, merged across the columns
    write("xlsx_title_row", "unit_kerja.csv", UNITS)
    workbook("xlsx_title_row", "pegawai.xlsx", [["No", *HEADER.split(",")]]
             + [[i, *r.split(",")] for i, r in enumerate(ROWS, start=1)], title_rows=3)
    # 10 a row with more fields than the header (unquoted comma in a name)
    write("ragged_row", "unit_kerja.csv", UNITS)
    write("ragged_row", "pegawai.csv", employees_csv([
        ROWS[0], ROWS[1], "199207152019031005,Suarta, S.Sos.,KEL-MY,III/a,Staf,L,15/07/1992"]))
    # 11 a file named after no table
    write("unknown_file_name", "unit_kerja.csv", UNITS)
    write("unknown_file_name", "catatan_rapat.csv", "Tanggal,Catatan\n01/08/2026,Rapat evaluasi\n")
    # 12 references to a unit and an employee that do not exist
    write("unknown_references", "unit_kerja.csv", UNITS)
    write("unknown_references", "pegawai.csv", employees_csv([ROWS[0], ROWS[1].replace("Kantor Lurah Mayura",
                                                                                           "Kantor Lurah Cilinaya")]))
    write("unknown_references", "aktivitas.csv",
          "NIP,Tanggal,Waktu Lapor,Waktu Persetujuan,Status,Uraian\n"
          "196608011988031001,2026-08-03,2026-08-03 15:10:00,2026-08-04 08:00:00,disetujui,Rapat koordinasi\n"
          "199207152019031005,2026-08-03,2026-08-03 16:00:00,,diajukan,Input data penduduk\n"
          "198503122010012002,2026-08-03,2026-08-03 16:30:00,,diajukan,Rapat lingkungan\n")
    # 13 an absence that ends before it starts (the end typed with the month it started in)
    write("absence_end_before_start", "unit_kerja.csv", UNITS)
    write("absence_end_before_start", "pegawai.csv", employees_csv(ROWS))
    write("absence_end_before_start", "cuti.csv",
          "NIP,Jenis Cuti,Tgl Mulai,Tgl Selesai,Keterangan\n"
          "198503122010012002,Cuti Tahunan,03/08/2026,07/08/2026,Urusan keluarga\n"
          "199207152019031005,Dinas Luar,28/08/2026,02/08/2026,Rapat di provinsi\n")
    # 14 a supervisor's observation that names the observer as the employee observed
    write("observer_is_observed", "unit_kerja.csv", UNITS)
    write("observer_is_observed", "pegawai.csv", employees_csv(ROWS))
    write("observer_is_observed", "pengamatan.csv",
          "NIP,NIP Pengamat,Tanggal Pengamatan,Nilai BerAKHLAK,Sifat,Catatan\n"
          "199207152019031005,198503122010012002,05/08/2026,Berorientasi Pelayanan,Positif,Sabar melayani warga\n"
          "198503122010012002,198503122010012002,05/08/2026,Akuntabel,Perlu Perbaikan,Laporan terlambat\n")
    # 15 an activity naming an indicator its employee does not have in the quarter's SKP
    write("unknown_skp_indicator", "unit_kerja.csv", UNITS)
    write("unknown_skp_indicator", "pegawai.csv", employees_csv(ROWS))
    write("unknown_skp_indicator", "skp.csv",
          "NIP,Triwulan,Kode Indikator,Indikator,Target,Realisasi\n"
          "199207152019031005,2026-Q3,RHK-1,Dokumen kependudukan diproses,120,96\n")
    write("unknown_skp_indicator", "aktivitas.csv",
          "NIP,Tanggal,Waktu Lapor,Waktu Persetujuan,Status,RHK,Uraian\n"
          "199207152019031005,2026-08-03,2026-08-03 15:10:00,,diajukan,RHK-1,Input data penduduk\n"
          "199207152019031005,2026-08-04,2026-08-04 15:10:00,,diajukan,RHK-2,Rapat lingkungan\n")
    forum_and_follow_up_cases()


def forum_and_follow_up_cases() -> None:
    """The cases of the forums and follow_ups tables (issue 18): each has one bad row among good ones."""
    forum_header = "No Topik,Tanggal Forum,Unit,Jenis Forum,Jumlah Peserta,Topik,Unsur,Status,Tanggal Tanggapan\n"
    # 16 a forum topic at a unit the units table does not have
    write("forum_unknown_unit", "unit_kerja.csv", UNITS)
    write("forum_unknown_unit", "forum.csv", forum_header
          + "FRM-1,03/08/2026,KEL-MY,Rembug Warga,40,Antrean lama di loket,U3,Dijawab,10/08/2026\n"
          + "FRM-2,04/08/2026,Kelurahan Cilinaya,Rembug Warga,25,Lampu jalan mati,,Belum Ditanggapi,\n")
    # 17 a response dated before its forum (typed a month early)
    write("forum_response_before_forum", "unit_kerja.csv", UNITS)
    write("forum_response_before_forum", "forum.csv", forum_header
          + "FRM-1,03/08/2026,KEL-MY,Musrenbang Kelurahan,40,Antrean lama di loket,U3,Dijawab,10/07/2026\n"
          + "FRM-2,03/08/2026,KEC,Forum Konsultasi Publik,60,Ruang tunggu panas,U9,Selesai,20/08/2026\n")
    # 18 a follow-up action with a status the register does not know
    write("follow_up_unknown_status", "unit_kerja.csv", UNITS)
    write("follow_up_unknown_status", "tindak_lanjut.csv",
          "No,Sumber,Rujukan,Unit,Penanggung Jawab,Tindakan,Triwulan,Batas Waktu,Status,Tanggal Selesai\n"
          "TL-1,Unsur IKM,U3,KEL-MY,Sekretaris Kelurahan,Menambah loket,2026-Q3,30/09/2026,Selesai,15/09/2026\n"
          "TL-2,Topik Forum,FRM-1,KEL-MY,Lurah,Memperbaiki lampu,2026-Q3,30/09/2026,Menunggu Anggaran,\n")


if __name__ == "__main__":
    main()
