"""Write the files of tests/data/real_shapes/ (run once; the files are committed).

Small files shaped like the exports offices hand over: an e-Kinerja log worded
in Indonesian with its twin in canonical words, a Google Forms SKM export
(``Timestamp`` month-first, answer labels with option letters, headers with
unsur codes), an SKM sheet whose dates mix both orders, and unit lists without
a unit type. The people are invented. tests/test_real_shapes.py reads them.
Run: .venv/bin/python tests/data/real_shapes/make_real_shapes.py
"""

from __future__ import annotations

import csv
import random
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent

NIPS = ("196608011988031001", "198503122010012002", "199207152019031005")

# (activity date, submitted, approved, canonical status, Indonesian status, minutes, duration as written)
ACTIVITIES = [
    ("2026-08-03", "2026-08-03 15:10", "2026-08-04 08:00", "approved", "Disetujui", 90, "1:30"),
    ("2026-08-03", "2026-08-03 16:00", "2026-08-04 09:12", "approved", "DISETUJUI  ATASAN", 60, "1 jam"),
    ("2026-08-04", "2026-08-04 15:45", "2026-08-05 07:30", "approved", "diterima", 45, "45 menit"),
    ("2026-08-04", "2026-08-04 16:20", "", "submitted", "Diajukan", 150, "2 jam 30 menit"),
    ("2026-08-05", "2026-08-05 14:00", "", "submitted", "Dikirim", 90, "1,5 jam"),
    ("2026-08-05", "2026-08-05 15:30", "", "submitted", "Menunggu", 30, "00:30"),
    ("2026-08-06", "2026-08-06 16:05", "", "submitted", "menunggu persetujuan", 120, "02:00:00"),
    ("2026-08-06", "2026-08-06 16:40", "", "submitted", "Draft", 75, "75"),
    ("2026-08-07", "2026-08-07 11:00", "", "rejected", "Ditolak", 240, "4 jam"),
    ("2026-08-07", "2026-08-07 15:00", "", "rejected", "Ditolak Atasan", 20, "20 mnt"),
    ("2026-08-10", "2026-08-10 15:50", "", "rejected", " dikembalikan ", 100, "1 jam 40 menit"),
    ("2026-08-10", "2026-08-10 16:30", "", "rejected", "REVISI", 15, "0:15"),
]


def activities() -> None:
    """The same log twice: as e-Kinerja words it (title rows, dd/mm/yyyy) and in canonical words."""
    with (HERE / "aktivitas_ekinerja.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["LAPORAN AKTIVITAS HARIAN PEGAWAI - AGUSTUS 2026"])
        out.writerow([])
        out.writerow(["No", "ID Aktivitas", "NIP", "Tanggal Aktivitas", "Waktu Input", "Waktu Persetujuan",
                      "Status", "Durasi", "Uraian Kegiatan"])
        for i, (day, submitted, approved, _, status, _, duration) in enumerate(ACTIVITIES, start=1):
            out.writerow([i, f"AKT-{i:04d}", NIPS[i % 3], _dmy(day), _dmy(submitted), _dmy(approved), status,
                          duration, f"Kegiatan {i}"])
    with (HERE / "activities_canonical.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["activity_id", "nip", "activity_date", "submitted_at", "approved_at", "status",
                      "duration_minutes", "description"])
        for i, (day, submitted, approved, status, _, minutes, _) in enumerate(ACTIVITIES, start=1):
            out.writerow([f"AKT-{i:04d}", NIPS[i % 3], day, submitted, approved, status, minutes, f"Kegiatan {i}"])


def _dmy(text: str) -> str:
    if not text:
        return ""
    day, _, clock = text.partition(" ")
    year, month, date = day.split("-")
    return f"{date}/{month}/{year}" + (f" {clock}" if clock else "")


LABELS = [
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ("Buruk", "Cukup", "Baik", "Sangat baik"),
]
FORM_HEADERS = ["U1. Persyaratan", "U2 - Sistem, Mekanisme, dan Prosedur", "3. Waktu Penyelesaian",
                "U4) Biaya/Tarif", "U5: Produk Spesifikasi Jenis Pelayanan", "U6. Kompetensi Pelaksana",
                "U7. Perilaku Pelaksana", "U8. Penanganan Pengaduan, Saran dan Masukan", "U9. Sarana dan Prasarana"]
LETTERS = ("a. {}", "b) {}", "(c) {}", "D. {}")


def google_form() -> None:
    """140 responses of 2026-Q1 and Q2; Timestamp month-first, 41 of them with a day of 12 or less."""
    rng = random.Random(14_2017)
    days = [rng.randint(1, 12) for _ in range(41)] + [rng.randint(13, 28) for _ in range(99)]
    rng.shuffle(days)
    with (HERE / "skm_google_form.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Timestamp", "Unit Layanan", "Jenis Kelamin", "Umur", *FORM_HEADERS, "Saran dan Masukan"])
        for i, day in enumerate(days):
            moment = datetime(2026, 1 + i % 6, day, 8 + i % 8, (i * 7) % 60, (i * 13) % 60)
            stamp = f"{moment.month}/{moment.day}/{moment.year} {moment.hour}:{moment.minute:02d}:{moment.second:02d}"
            answers = [rng.choice((2, 3, 3, 4, 4)) for _ in LABELS]
            written = [LETTERS[answer - 1].format(labels[answer - 1]) if (i + k) % 5 else labels[answer - 1].upper()
                       for k, (labels, answer) in enumerate(zip(LABELS, answers))]
            age = "dua puluh" if i == 7 else str(18 + i % 50)
            out.writerow([stamp, "Kantor Lurah Mayura", "Laki-laki" if i % 2 else "Perempuan", age, *written,
                          "" if i % 4 else "Terima kasih"])


def mixed_dates() -> None:
    """A hand-kept SKM sheet whose dates were typed by two people, one day-first and one month-first."""
    rows = [("14/03/2026", 4), ("03/14/2026", 3), ("2026-03-16", 4), ("05/03/2026", 3), ("3/5/2026", 2)]
    with (HERE / "skm_tanggal_campur.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Tanggal", "Unit", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"])
        for date, answer in rows:
            out.writerow([date, "KEL-MY", *[answer] * 9])


UNITS = [
    ("KEC", "Kantor Camat Cakranegara", ""),
    ("KEL-MY", "Kantor Lurah Mayura", ""),
    ("KEL-CL", "KELURAHAN  CILINAYA", ""),
    ("PKM-CK", "UPT Puskesmas Cakranegara", ""),
    ("PUSTU-SS", "Puskesmas Pembantu Sayang Sayang", ""),
    ("SD2", "SD Negeri 2 Mataram", ""),
    ("SMP1", "SMPN 1 Mataram", ""),
    ("UPTD-PS", "UPTD Pengelolaan Sampah", ""),
    ("UMUM", "Bagian Umum", ""),
]


def units() -> None:
    """Unit lists as offices keep them: one without the type column, one with some types left blank."""
    with (HERE / "unit_kerja_tanpa_jenis.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["No", "Kode Unit", "Nama Unit Kerja"])
        for i, (code, name, _) in enumerate(UNITS, start=1):
            out.writerow([i, code, name])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DAFTAR UNIT KERJA KECAMATAN CAKRANEGARA"])
    sheet.append(["Kode Unit", "Nama Unit", "Jenis Unit", "Hari Kerja"])
    for code, name, kind, days in [("KEC", "Kantor Camat Cakranegara", "Kecamatan", 5),
                                   ("KEL-MY", "Kantor Lurah Mayura", None, 5),
                                   ("PKM-CK", "UPT Puskesmas Cakranegara", "kantor", 6),
                                   ("MPP", "Mal Pelayanan Publik", "  ", 6),
                                   ("SEKRE", "Sekretariat", None, 5)]:
        sheet.append([code, name, kind, days])
    book.properties.created = book.properties.modified = datetime(2026, 8, 1)
    book.save(HERE / "unit_kerja_jenis_kosong.xlsx")


if __name__ == "__main__":
    activities()
    google_form()
    mixed_dates()
    units()
