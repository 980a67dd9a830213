"""Synthetic, deterministic demo data for Kecamatan Cakranegara, Kota Mataram (NTB).

`generate_demo` writes a data folder that looks like what the offices of the
kecamatan export (CSV and XLSX files with Indonesian headers, title rows,
several date formats, a cp1252 file, a semicolon file with decimal commas)
and that follows `kinerja.data.dictionary`, so the loader reads every row but a
handful of planted bad ones. Structure is planted on purpose so that the
analyses have something true to find; ``ground_truth.json`` in the folder
records it:

1. training-need groups (late reporting, poor service behaviour, low
   reporting rate, low SKP attainment), assigned at random;
2. adoption of e-Kinerja delayed in proportion to each ASN's latent
   resistance to change, which the Oreg survey measures;
3. sosialisasi, attended at random, lowering resistance by 0.5 points;
4. the outpatient waiting time of one Puskesmas jumping above the 60-minute
   standard in the last quarter;
5. one kelurahan office falling to IKM grade C in the last quarter;
6. about a dozen realistic bad rows, listed by file and row.

The same arguments give byte-identical files: all randomness comes from
``numpy.random.default_rng(seed)``, nothing reads the clock, and XLSX files
are written with fixed document and zip timestamps.

`generate_demo_parquet` writes the e-Kinerja part of the same model at any
scale, up to national: units, employees and activities as Parquet, the
activities partitioned by quarter and drawn and written in chunks of
employees (`draw_activities` is the model both writers call).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from kinerja.core.nip import parse_nip
from kinerja.core.periods import Quarter, WorkCalendar, parse_quarter_range
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import BERAKHLAK, PNS_GOLONGAN, UNSUR
from kinerja.data.engines import Engine
from kinerja.data.loading import load_dataset
from kinerja.demo import names as _names
from kinerja.demo.names import person_name
from kinerja.metrics.ikm import UNSUR_COLUMNS, grade, ikm_from_nrr

__all__ = ["DEFAULT_CHUNK_EMPLOYEES", "DEFAULT_QUARTERS", "DEMO_FILES", "GENERATOR_VERSION", "demo_folder",
           "draw_activities", "generate_demo", "generate_demo_parquet", "load_demo"]

GENERATOR_VERSION = "kinerja.demo 1.0"
"""Version of the generator, recorded in ``ground_truth.json``; bump it when the output changes."""

DEFAULT_QUARTERS = "2024-Q4:2026-Q3"

DEMO_FILES: tuple[str, ...] = (
    "unit_kerja.csv",
    "pegawai.xlsx",
    "skp.csv",
    "perilaku.xlsx",
    "aktivitas.csv",
    "kunjungan.csv",
    "skm.xlsx",
    "pengaduan.csv",
    "pelatihan.csv",
    "sosialisasi.csv",
    "survei_perubahan.xlsx",
    "ground_truth.json",
)
"""The files `generate_demo` writes (and overwrites) in the output folder."""

MIN_EMPLOYEES = 60
"""Fewer ASN cannot staff the kecamatan office, ten kelurahan and two Puskesmas."""

DEFAULT_CHUNK_EMPLOYEES = 20_000
"""Employees whose activities `generate_demo_parquet` draws and writes at once."""

# Fixed timestamps so that XLSX files are byte-identical from run to run.
_DOC_TIME = datetime(2024, 1, 1, 0, 0, 0)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

_MISSING = np.iinfo(np.int64).min
"""Marks a missing timestamp in the int64 second arrays."""

_G = {name: index for index, name in enumerate(PNS_GOLONGAN)}
"""Index of each PNS golongan/ruang, I/a = 0 ... IV/e = 16."""

# --- planted structure -------------------------------------------------------

TRAINING_NEED_SHARES: dict[str, float] = {
    "manajemen_waktu": 0.15,
    "komunikasi_efektif": 0.15,
    "literasi_digital": 0.12,
    "kompetensi_teknis": 0.10,
}
TRAINING_NEED_FEATURES: dict[str, list[str]] = {
    "manajemen_waktu": ["on_time_rate"],
    "komunikasi_efektif": ["berorientasi_pelayanan", "harmonis", "kolaboratif"],
    "literasi_digital": ["reporting_rate"],
    "kompetensi_teknis": ["skp_attainment"],
}
RESISTANCE_MEAN = 3.4
RESISTANCE_SD = 0.75
RESISTANCE_AGE_PER_YEAR = 0.015
DELAY_INTERCEPT_DAYS = 3.0
DELAY_DAYS_PER_POINT = 12.0
DELAY_GAMMA_SHAPE = 6.0
ON_TIME_PER_POINT = -0.03
SOSIALISASI_EFFECT = -0.5
SOSIALISASI_ATTENDANCE = 0.55
WAITING_STANDARD_MINUTES = 60
WAITING_PLANTED_UNIT = "PKM-KTW"
WAITING_BEFORE_MEDIAN = 38.0
WAITING_AFTER_MEDIAN = 70.0
IKM_PLANTED_UNIT = "KEL-MYR"
IKM_PLANTED_TARGET = 72.0

# --- units -------------------------------------------------------------------

_KECAMATAN = ("KEC-CKR", "Kantor Camat Cakranegara", 45)
_KELURAHAN: tuple[tuple[str, str, int], ...] = (
    ("KEL-CKB", "Cakranegara Barat", 18),
    ("KEL-CKS", "Cakranegara Selatan", 17),
    ("KEL-CSB", "Cakranegara Selatan Baru", 15),
    ("KEL-CKT", "Cakranegara Timur", 17),
    ("KEL-CKU", "Cakranegara Utara", 19),
    ("KEL-CLN", "Cilinaya", 16),
    ("KEL-KTW", "Karang Taliwang", 18),
    ("KEL-MYR", "Mayura", 17),
    ("KEL-SPM", "Sapta Marga", 15),
    ("KEL-SYS", "Sayang-Sayang", 16),
)
_PUSKESMAS: tuple[tuple[str, str, int], ...] = (
    ("PKM-KTW", "Puskesmas Karang Taliwang", 85),
    ("PKM-CKR", "Puskesmas Cakranegara", 75),
)
_SCHOOL_SIZE = 25
_SCHOOL_SIZE_PATTERN = (3, -3, 1, -1, 5, -5, 2, -2, 4, -4, 0)


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    unit_type: str
    workdays_per_week: int
    size: int


def _plan_units(employees: int) -> list[_Unit]:
    """Units and their staff numbers, scaled from about 1,000 ASN to `employees`."""
    scale = employees / 1000

    def unit(code: str, name: str, unit_type: str, size: int) -> _Unit:
        days = WorkCalendar.for_unit_type(unit_type).workdays_per_week
        return _Unit(code, name, unit_type, days, size)

    units = [unit(_KECAMATAN[0], _KECAMATAN[1], "kecamatan", max(4, round(_KECAMATAN[2] * scale)))]
    units += [unit(code, f"Kantor Lurah {name}", "kelurahan", max(3, round(size * scale)))
              for code, name, size in _KELURAHAN]
    units += [unit(code, name, "puskesmas", max(6, round(size * scale))) for code, name, size in _PUSKESMAS]
    rest = employees - sum(u.size for u in units)
    schools = max(1, round(rest / _SCHOOL_SIZE))
    if rest < 3 * schools:
        raise ValueError(f"employees must be at least {MIN_EMPLOYEES}, not {employees}.")
    sizes = [rest // schools + (1 if i < rest % schools else 0) for i in range(schools)]
    # Vary school sizes by a pattern of paired offsets, keeping the total.
    for i in range(0, schools - 1, 2):
        offset = _SCHOOL_SIZE_PATTERN[(i // 2) % len(_SCHOOL_SIZE_PATTERN)]
        offset = max(-(sizes[i] - 3), min(offset, sizes[i + 1] - 3))
        sizes[i] += offset
        sizes[i + 1] -= offset
    units += [unit(f"SDN-{i + 1:02d}", f"SD Negeri {i + 1} Cakranegara", "sekolah", size)
              for i, size in enumerate(sizes)]
    return units


# --- roles -------------------------------------------------------------------

_S1_KANTOR = ("S.Sos.", "S.E.", "S.AP.", "S.H.", "S.IP.", "S.Kom.", "S.Ak.")
_D3_KANTOR = ("A.Md.", "A.Md.Kom.", "A.Md.Ak.")


@dataclass(frozen=True)
class _Variant:
    positions: tuple[str, ...]
    position_class: str
    start: int
    lo: int
    hi: int
    degrees: tuple[str, ...]
    pppk: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class _Role:
    variants: tuple[_Variant, ...]
    group: str
    age_min: float = 22
    female: float = 0.45
    prefix: str = ""
    head: bool = False
    entry_min: float = 22
    entry_max: float = 35


def _v(positions: str | tuple[str, ...], cls: str, start: str, lo: str, hi: str,
       degrees: tuple[str, ...], pppk: str | None = None, weight: float = 1.0) -> _Variant:
    if isinstance(positions, str):
        positions = (positions,)
    return _Variant(positions, cls, _G[start], _G[lo], _G[hi], degrees, pppk, weight)


def _pelaksana(group: str, sma: tuple[str, ...], d3: tuple[str, ...], s1: tuple[str, ...]) -> _Role:
    return _Role((
        _v(sma, "pelaksana", "II/a", "II/a", "III/b", ("",), "V", 0.4),
        _v(d3, "pelaksana", "II/c", "II/c", "III/b", _D3_KANTOR, "VII", 0.25),
        _v(s1, "pelaksana", "III/a", "III/a", "III/b", _S1_KANTOR, "IX", 0.35),
    ), group)


def _kasi(title: str, group: str = "kasi", degrees: tuple[str, ...] = _S1_KANTOR) -> _Role:
    return _Role((_v(title, "pengawas", "III/a", "III/c", "III/d", degrees),), group, age_min=33)


def _profession(name: str, group: str, female: float, terampil: str | None, ahli: str | None,
                prefix: str = "", ahli_master: str | None = None, entry_min: float = 22) -> _Role:
    variants: list[_Variant] = []
    if terampil:
        variants += [
            _v(f"{name} Terampil", "fungsional_terampil", "II/c", "II/c", "II/d", (terampil,), "VII", 0.2),
            _v(f"{name} Mahir", "fungsional_terampil", "II/c", "III/a", "III/b", (terampil,), None, 0.15),
            _v(f"{name} Penyelia", "fungsional_terampil", "II/c", "III/c", "III/d", (terampil,), None, 0.1),
        ]
    if ahli is not None:
        variants += [
            _v(f"{name} Ahli Pertama", "fungsional_ahli", "III/a", "III/a", "III/b", (ahli,), "IX", 0.35),
            _v(f"{name} Ahli Muda", "fungsional_ahli", "III/a", "III/c", "III/d",
               (ahli, ahli_master or ahli), None, 0.2),
        ]
    return _Role(tuple(variants), group, female=female, prefix=prefix, entry_min=entry_min)


_ROLES: dict[str, _Role] = {
    # Kantor Camat
    "camat": _Role((_v("Camat", "administrator", "III/a", "IV/a", "IV/b",
                       ("S.STP., M.Si.", "S.Sos., M.AP.", "S.IP., M.Si.", "S.H., M.H.", "S.STP., M.M.")),),
                   "pimpinan_kecamatan", age_min=45, female=0.2, head=True),
    "sekcam": _Role((_v("Sekretaris Camat", "administrator", "III/a", "III/d", "IV/a",
                        ("S.STP., M.AP.", "S.Sos., M.Si.", "S.E., M.M.", "S.IP.")),),
                    "pimpinan_kecamatan", age_min=40, female=0.3),
    "kasubag_umum": _kasi("Kepala Subbagian Umum dan Kepegawaian"),
    "kasubag_keu": _kasi("Kepala Subbagian Perencanaan dan Keuangan", degrees=("S.E.", "S.Ak.", "S.E., M.M.")),
    "kasi_pem": _kasi("Kepala Seksi Pemerintahan"),
    "kasi_trantib": _kasi("Kepala Seksi Ketentraman dan Ketertiban Umum"),
    "kasi_pm": _kasi("Kepala Seksi Pemberdayaan Masyarakat"),
    "kasi_pelayanan": _kasi("Kepala Seksi Pelayanan Umum"),
    "pranata_komputer": _Role((
        _v("Pranata Komputer Ahli Pertama", "fungsional_ahli", "III/a", "III/a", "III/b", ("S.Kom.", "S.T."), "IX"),
        _v("Pranata Komputer Ahli Muda", "fungsional_ahli", "III/a", "III/c", "III/d", ("S.Kom.", "S.Kom., M.T.")),
    ), "pelaksana_kantor"),
    "arsiparis": _Role((
        _v("Arsiparis Terampil", "fungsional_terampil", "II/c", "II/c", "II/d", ("A.Md.",), "VII"),
        _v("Arsiparis Mahir", "fungsional_terampil", "II/c", "III/a", "III/b", ("A.Md.",)),
    ), "pelaksana_kantor"),
    "analis_kebijakan": _Role((
        _v("Analis Kebijakan Ahli Muda", "fungsional_ahli", "III/a", "III/c", "III/d",
           ("S.Sos., M.Si.", "S.IP., M.AP.", "S.H., M.H.")),
    ), "kasi", age_min=30),
    "pelaksana_kantor": _pelaksana(
        "pelaksana_kantor",
        ("Pengadministrasi Perkantoran", "Operator Layanan Operasional", "Pengadministrasi Umum"),
        ("Pengelola Layanan Operasional", "Pengolah Data dan Informasi", "Pengadministrasi Keuangan"),
        ("Penata Layanan Operasional", "Penelaah Teknis Kebijakan", "Pengelola Keuangan"),
    ),
    # Kantor Lurah
    "lurah": _Role((_v("Lurah", "administrator", "III/a", "III/d", "IV/a",
                       ("S.STP.", "S.Sos.", "S.IP.", "S.H.", "S.Sos., M.AP.")),),
                   "pimpinan_kelurahan", age_min=38, female=0.3, head=True),
    "seklur": _kasi("Sekretaris Kelurahan"),
    "kasi_kel_pem": _kasi("Kepala Seksi Pemerintahan dan Ketentraman"),
    "kasi_kel_ekbang": _kasi("Kepala Seksi Ekonomi dan Pembangunan"),
    "kasi_kel_kesos": _kasi("Kepala Seksi Kesejahteraan Sosial"),
    # Puskesmas
    "kapus": _Role((_v("Kepala Puskesmas", "administrator", "III/b", "III/d", "IV/b",
                       ("", "M.Kes.", "MPH", "M.Kes.")),),
                   "kapus", age_min=38, female=0.5, prefix="dr.", head=True, entry_min=25),
    "kasubag_tu": _kasi("Kepala Subbagian Tata Usaha", group="admin_puskesmas",
                        degrees=("S.KM.", "S.E.", "S.Sos.", "S.KM., M.Kes.")),
    "dokter": _Role((
        _v("Dokter Ahli Pertama", "fungsional_ahli", "III/b", "III/b", "III/c", ("",), "IX", 0.55),
        _v("Dokter Ahli Muda", "fungsional_ahli", "III/b", "III/c", "III/d", ("", "M.Kes."), None, 0.35),
        _v("Dokter Ahli Madya", "fungsional_ahli", "III/b", "IV/a", "IV/b", ("M.Kes.", "Sp.KKLP"), None, 0.1),
    ), "dokter", female=0.6, prefix="dr.", entry_min=25),
    "dokter_gigi": _Role((
        _v("Dokter Gigi Ahli Pertama", "fungsional_ahli", "III/b", "III/b", "III/c", ("",), "IX", 0.6),
        _v("Dokter Gigi Ahli Muda", "fungsional_ahli", "III/b", "III/c", "III/d", ("",), None, 0.4),
    ), "dokter", female=0.7, prefix="drg.", entry_min=25),
    "perawat": _profession("Perawat", "perawat", 0.65, "A.Md.Kep.", "S.Kep., Ns.", ahli_master="S.Kep., Ns., M.Kep."),
    "bidan": _profession("Bidan", "bidan", 1.0, "A.Md.Keb.", "S.Tr.Keb.", ahli_master="S.ST., M.Kes."),
    "apoteker": _profession("Apoteker", "farmasi", 0.7, None, "S.Farm., Apt."),
    "asisten_apoteker": _profession("Asisten Apoteker", "farmasi", 0.7, "A.Md.Farm.", None),
    "pranata_lab": _profession("Pranata Laboratorium Kesehatan", "lab", 0.6, "A.Md.AK.", "S.Tr.Kes."),
    "nutrisionis": _profession("Nutrisionis", "kesmas", 0.8, "A.Md.Gz.", "S.Gz."),
    "sanitarian": _profession("Sanitarian", "kesmas", 0.5, "A.Md.KL.", "S.KM."),
    "penyuluh": _profession("Penyuluh Kesehatan Masyarakat", "kesmas", 0.6, None, "S.KM.", ahli_master="S.KM., M.Kes."),
    "epidemiolog": _profession("Epidemiolog Kesehatan", "kesmas", 0.5, None, "S.KM."),
    "perekam_medis": _profession("Perekam Medis", "admin_puskesmas", 0.6, "A.Md.Kes.", None),
    "pelaksana_puskesmas": _pelaksana(
        "admin_puskesmas",
        ("Pengadministrasi Perkantoran", "Pengemudi Ambulans", "Petugas Pendaftaran"),
        ("Pengolah Data dan Informasi", "Pengadministrasi Keuangan"),
        ("Penata Layanan Operasional", "Pengelola Keuangan"),
    ),
    # Sekolah
    "kepsek": _Role((_v("Kepala Sekolah", "fungsional_ahli", "III/a", "IV/a", "IV/b",
                        ("S.Pd., M.Pd.", "S.Pd.", "S.Pd.SD.", "S.Pd.I., M.Pd.")),),
                    "kepsek", age_min=45, female=0.55, head=True),
    "guru": _Role((
        _v("Guru Ahli Pertama", "fungsional_ahli", "III/a", "III/a", "III/b",
           ("S.Pd.", "S.Pd.SD.", "S.Pd.I.", "S.Pd.", "S.Or."), "IX", 0.35),
        _v("Guru Ahli Muda", "fungsional_ahli", "III/a", "III/c", "III/d", ("S.Pd.", "S.Pd.SD.", "S.Pd.I."),
           None, 0.35),
        _v("Guru Ahli Madya", "fungsional_ahli", "III/a", "IV/a", "IV/c", ("S.Pd.", "S.Pd., M.Pd.", "S.Pd.SD."),
           None, 0.3),
    ), "guru", female=0.7),
    "admin_sekolah": _Role((
        _v(("Pengadministrasi Perkantoran", "Operator Layanan Operasional", "Penjaga Sekolah"), "pelaksana",
           "II/a", "II/a", "III/b", ("",), "V", 0.6),
        _v(("Pengolah Data dan Informasi",), "pelaksana", "II/c", "II/c", "III/b", _D3_KANTOR, "VII", 0.4),
    ), "admin_sekolah"),
}

_PUSKESMAS_MIX: tuple[tuple[str, float], ...] = (
    ("dokter", 0.06), ("dokter_gigi", 0.03), ("perawat", 0.27), ("bidan", 0.24), ("apoteker", 0.02),
    ("asisten_apoteker", 0.03), ("pranata_lab", 0.04), ("nutrisionis", 0.03), ("sanitarian", 0.03),
    ("penyuluh", 0.03), ("epidemiolog", 0.01), ("perekam_medis", 0.04), ("pelaksana_puskesmas", 0.17),
)
_PPPK_SHARE = {"sekolah": 0.2, "puskesmas": 0.15, "kecamatan": 0.05, "kelurahan": 0.05}


def _allocate(total: int, shares: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `shares` by largest remainder."""
    raw = np.asarray(shares, dtype=float) / float(np.sum(shares)) * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts.tolist()


def _unit_roles(unit: _Unit, rng: np.random.Generator) -> list[str]:
    """Role keys of the staff of a unit, the head first."""
    if unit.unit_type == "kecamatan":
        fixed = ["camat", "sekcam", "kasubag_umum", "kasubag_keu", "kasi_pem", "kasi_trantib", "kasi_pm",
                 "kasi_pelayanan", "pranata_komputer", "arsiparis", "analis_kebijakan"]
        rest = "pelaksana_kantor"
    elif unit.unit_type == "kelurahan":
        fixed = ["lurah", "seklur", "kasi_kel_pem", "kasi_kel_ekbang", "kasi_kel_kesos"]
        rest = "pelaksana_kantor"
    elif unit.unit_type == "puskesmas":
        fixed = ["kapus", "kasubag_tu", "dokter", "perawat", "bidan"]
        others = _allocate(max(0, unit.size - len(fixed)), [share for _, share in _PUSKESMAS_MIX])
        fixed += [role for (role, _), count in zip(_PUSKESMAS_MIX, others) for _ in range(count)]
        rest = "pelaksana_puskesmas"
    else:
        admin = max(1, round(0.12 * unit.size)) if unit.size >= 4 else 0
        fixed = ["kepsek"] + ["guru"] * (unit.size - 1 - admin) + ["admin_sekolah"] * admin
        rest = "guru"
    roles = fixed[: unit.size]
    roles += [rest] * (unit.size - len(roles))
    return roles


# --- activity descriptions and SKP indicators ------------------------------

_ACTIVITY_TEXT: dict[str, tuple[str, ...]] = {
    "pimpinan_kecamatan": (
        "Memimpin rapat koordinasi dengan para lurah", "Menandatangani surat dan rekomendasi layanan",
        "Melakukan pembinaan ke kantor kelurahan", "Menghadiri musrenbang tingkat kelurahan",
        "Memimpin apel pagi dan pengarahan pegawai", "Memverifikasi laporan kinerja kelurahan",
        "Rapat koordinasi Forkopimcam", "Memantau pelayanan administrasi terpadu kecamatan",
    ),
    "pimpinan_kelurahan": (
        "Menandatangani surat keterangan warga", "Memimpin rapat staf kelurahan",
        "Memfasilitasi musyawarah warga tingkat lingkungan",
        "Monitoring kebersihan lingkungan bersama kepala lingkungan",
        "Menghadiri rapat koordinasi di kantor camat", "Memverifikasi data penerima bantuan sosial",
        "Mediasi perselisihan warga", "Memantau pelayanan di loket kelurahan",
    ),
    "kasi": (
        "Memverifikasi berkas permohonan layanan", "Menyusun laporan bulanan seksi",
        "Menyiapkan bahan rapat koordinasi", "Monitoring kegiatan di lapangan",
        "Membina staf pelaksana seksi", "Menindaklanjuti pengaduan masyarakat",
        "Menyusun rencana kerja seksi", "Mengoreksi konsep surat dinas",
    ),
    "pelaksana_kantor": (
        "Melayani pembuatan surat keterangan domisili", "Melayani pembuatan surat pengantar nikah",
        "Menginput data kependudukan ke SIAK", "Mengagendakan surat masuk dan keluar",
        "Melayani permohonan surat keterangan tidak mampu", "Menata arsip surat",
        "Melayani perekaman KTP-el", "Menyusun daftar hadir pegawai",
        "Melayani permohonan surat keterangan usaha", "Mengetik konsep surat dinas",
        "Memperbarui data penduduk pindah datang", "Menyiapkan ruang rapat",
    ),
    "kapus": (
        "Memimpin lokakarya mini Puskesmas", "Memeriksa pasien poli umum",
        "Memverifikasi laporan bulanan program", "Supervisi pelayanan di unit pendaftaran",
        "Rapat koordinasi dengan Dinas Kesehatan", "Menandatangani surat rujukan dan laporan",
        "Memantau waktu tunggu pasien rawat jalan", "Membina kader posyandu",
    ),
    "dokter": (
        "Pemeriksaan pasien poli umum", "Pemeriksaan pasien poli gigi", "Membuat surat rujukan pasien",
        "Konsultasi pasien penyakit kronis (Prolanis)", "Pemeriksaan kesehatan calon pengantin",
        "Visum dan surat keterangan sehat", "Penyuluhan kesehatan di posyandu",
    ),
    "perawat": (
        "Melakukan triase pasien di IGD", "Asuhan keperawatan pasien poli umum", "Perawatan luka pasien",
        "Kunjungan rumah pasien perkesmas", "Mengukur tanda vital pasien", "Membantu tindakan dokter",
        "Mendokumentasikan asuhan keperawatan",
    ),
    "bidan": (
        "Pemeriksaan kehamilan (ANC)", "Pelayanan KB suntik dan implan", "Kunjungan nifas",
        "Penimbangan balita di posyandu", "Pelayanan imunisasi bayi", "Kelas ibu hamil",
        "Mencatat kohort ibu dan bayi",
    ),
    "farmasi": (
        "Melayani resep pasien", "Menyusun laporan pemakaian dan lembar permintaan obat",
        "Stock opname obat di gudang farmasi", "Konseling obat kepada pasien", "Memeriksa tanggal kedaluwarsa obat",
    ),
    "lab": (
        "Pemeriksaan darah lengkap", "Pemeriksaan urin dan feses", "Pemeriksaan BTA dahak",
        "Pemantapan mutu internal laboratorium", "Mencatat hasil pemeriksaan laboratorium",
    ),
    "kesmas": (
        "Penyuluhan PHBS di sekolah", "Inspeksi sanitasi tempat-tempat umum", "Pemantauan status gizi balita",
        "Penyelidikan epidemiologi kasus DBD", "Menyusun laporan surveilans mingguan", "Konseling gizi pasien",
    ),
    "admin_puskesmas": (
        "Mendaftarkan pasien di loket pendaftaran", "Mengelola berkas rekam medis",
        "Menginput data kunjungan ke SIMPUS", "Menyusun laporan keuangan BLUD",
        "Mengagendakan surat masuk dan keluar", "Mengantar pasien rujukan dengan ambulans",
    ),
    "kepsek": (
        "Supervisi akademik guru kelas", "Memimpin rapat dewan guru", "Menyusun RKAS sekolah",
        "Menerima kunjungan pengawas sekolah", "Menandatangani dokumen administrasi sekolah",
    ),
    "guru": (
        "Mengajar mata pelajaran di kelas", "Menyusun modul ajar", "Mengoreksi tugas dan ulangan siswa",
        "Membimbing kegiatan ekstrakurikuler", "Mengolah nilai rapor", "Melaksanakan asesmen formatif",
        "Mendampingi siswa kegiatan P5",
    ),
    "admin_sekolah": (
        "Memperbarui data Dapodik", "Mengagendakan surat masuk dan keluar", "Menata arsip sekolah",
        "Menyiapkan administrasi BOS", "Membersihkan dan menjaga lingkungan sekolah",
    ),
}
_GENERIC_ACTIVITY: tuple[tuple[str, str], ...] = (
    ("Mengikuti apel pagi", "Tugas Tambahan"),
    ("Mengikuti rapat koordinasi internal", "Tugas Tambahan"),
    ("Menyusun laporan kinerja bulanan", "Tugas Tambahan"),
    ("Mengikuti kegiatan Jumat bersih", "Tugas Tambahan"),
    ("Mengikuti pelatihan daring", "Pengembangan Kompetensi"),
    ("Mempelajari modul e-learning ASN", "Pengembangan Kompetensi"),
)
_ACTIVITY_TEXTS = np.array([t for texts in _ACTIVITY_TEXT.values() for t in texts]
                           + [t for t, _ in _GENERIC_ACTIVITY], dtype=object)
"""Every activity description: the groups' own in ``_ACTIVITY_TEXT`` order, then the generic ones."""
_ACTIVITY_CATEGORIES = np.array(["Tugas Jabatan"] * (len(_ACTIVITY_TEXTS) - len(_GENERIC_ACTIVITY))
                                + [c for _, c in _GENERIC_ACTIVITY], dtype=object)
"""The category of each description of ``_ACTIVITY_TEXTS``."""
_ACTIVITY_TEXT_LENGTHS = np.array([len(texts) for texts in _ACTIVITY_TEXT.values()])
_ACTIVITY_TEXT_OFFSETS = np.concatenate([[0], np.cumsum(_ACTIVITY_TEXT_LENGTHS)[:-1]])
"""Where each group's descriptions start in ``_ACTIVITY_TEXTS``."""

# (indicator, measure unit, target low, target high, direction, kind)
_SKP: dict[str, tuple[tuple[str, str, float, float, str, str], ...]] = {
    "pimpinan_kecamatan": (
        ("Persentase layanan administrasi kecamatan diselesaikan tepat waktu", "%", 90, 95, "naik", "pct"),
        ("Jumlah rapat koordinasi lintas sektor tingkat kecamatan", "kegiatan", 6, 12, "naik", "count"),
        ("Persentase kelurahan yang menyampaikan laporan kinerja tepat waktu", "%", 90, 100, "naik", "pct"),
        ("Jumlah pembinaan dan pengawasan ke kelurahan", "kegiatan", 10, 20, "naik", "count"),
        ("Jumlah dokumen perencanaan kecamatan yang disusun", "dokumen", 2, 4, "naik", "count"),
    ),
    "pimpinan_kelurahan": (
        ("Jumlah surat keterangan yang diterbitkan", "dokumen", 150, 400, "naik", "count"),
        ("Persentase permohonan layanan diselesaikan dalam 1 hari kerja", "%", 85, 95, "naik", "pct"),
        ("Jumlah musyawarah warga yang difasilitasi", "kegiatan", 3, 8, "naik", "count"),
        ("Persentase RT yang menyampaikan data kependudukan", "%", 90, 100, "naik", "pct"),
        ("Jumlah kegiatan pemberdayaan masyarakat", "kegiatan", 3, 6, "naik", "count"),
    ),
    "kasi": (
        ("Jumlah laporan seksi yang disusun", "laporan", 3, 6, "naik", "count"),
        ("Jumlah dokumen yang diverifikasi", "dokumen", 60, 200, "naik", "count"),
        ("Persentase tindak lanjut pengaduan masyarakat", "%", 80, 95, "naik", "pct"),
        ("Jumlah kegiatan monitoring lapangan", "kegiatan", 6, 15, "naik", "count"),
        ("Jumlah bahan rapat yang disiapkan", "dokumen", 6, 12, "naik", "count"),
    ),
    "pelaksana_kantor": (
        ("Jumlah surat masuk dan keluar yang diagendakan", "surat", 150, 400, "naik", "count"),
        ("Jumlah dokumen layanan yang diproses", "dokumen", 100, 300, "naik", "count"),
        ("Jumlah data kependudukan yang diinput", "data", 200, 600, "naik", "count"),
        ("Jumlah arsip yang ditata", "berkas", 100, 300, "naik", "count"),
        ("Jumlah laporan harian layanan yang disusun", "laporan", 55, 62, "naik", "count"),
    ),
    "kapus": (
        ("Cakupan kunjungan rawat jalan", "kunjungan", 4000, 5000, "naik", "count"),
        ("Persentase ibu hamil mendapat pelayanan K6", "%", 85, 95, "naik", "pct"),
        ("Cakupan imunisasi dasar lengkap", "%", 90, 95, "naik", "pct"),
        ("Jumlah lokakarya mini yang dilaksanakan", "kegiatan", 3, 3, "naik", "count"),
    ),
    "dokter": (
        ("Jumlah pasien yang diperiksa", "pasien", 600, 1000, "naik", "count"),
        ("Jumlah rujukan yang ditangani sesuai prosedur", "dokumen", 20, 50, "naik", "count"),
        ("Jumlah kegiatan penyuluhan kesehatan", "kegiatan", 3, 6, "naik", "count"),
        ("Persentase rekam medis yang lengkap", "%", 90, 98, "naik", "pct"),
    ),
    "perawat": (
        ("Jumlah pasien yang diberikan asuhan keperawatan", "pasien", 300, 600, "naik", "count"),
        ("Jumlah tindakan keperawatan", "tindakan", 200, 500, "naik", "count"),
        ("Jumlah kunjungan rumah perkesmas", "kunjungan", 10, 30, "naik", "count"),
        ("Persentase dokumentasi asuhan keperawatan lengkap", "%", 90, 98, "naik", "pct"),
    ),
    "bidan": (
        ("Jumlah pelayanan antenatal care", "ibu hamil", 100, 250, "naik", "count"),
        ("Jumlah pelayanan KB", "akseptor", 60, 150, "naik", "count"),
        ("Jumlah kunjungan nifas", "kunjungan", 30, 80, "naik", "count"),
        ("Jumlah balita yang ditimbang di posyandu", "balita", 150, 400, "naik", "count"),
    ),
    "farmasi": (
        ("Jumlah resep yang dilayani", "resep", 2000, 4000, "naik", "count"),
        ("Jumlah laporan pemakaian dan lembar permintaan obat", "laporan", 3, 3, "naik", "count"),
        ("Persentase ketersediaan obat sesuai formularium", "%", 90, 98, "naik", "pct"),
        ("Jumlah pasien yang mendapat konseling obat", "pasien", 100, 300, "naik", "count"),
    ),
    "lab": (
        ("Jumlah pemeriksaan laboratorium", "pemeriksaan", 800, 1500, "naik", "count"),
        ("Persentase hasil laboratorium diserahkan tepat waktu", "%", 90, 98, "naik", "pct"),
        ("Jumlah kegiatan pemantapan mutu internal", "kegiatan", 6, 12, "naik", "count"),
    ),
    "kesmas": (
        ("Jumlah kegiatan penyuluhan dan pemantauan", "kegiatan", 10, 25, "naik", "count"),
        ("Jumlah rumah dan tempat umum yang diinspeksi", "lokasi", 40, 100, "naik", "count"),
        ("Jumlah balita gizi kurang yang dipantau", "balita", 20, 60, "naik", "count"),
        ("Jumlah laporan surveilans mingguan", "laporan", 12, 13, "naik", "count"),
    ),
    "admin_puskesmas": (
        ("Jumlah pasien yang didaftarkan", "pasien", 1500, 3000, "naik", "count"),
        ("Jumlah berkas rekam medis yang ditata", "berkas", 1000, 2500, "naik", "count"),
        ("Jumlah laporan administrasi yang disusun", "laporan", 6, 12, "naik", "count"),
        ("Jumlah surat yang diagendakan", "surat", 80, 200, "naik", "count"),
    ),
    "kepsek": (
        ("Persentase siswa yang naik kelas", "%", 95, 100, "naik", "pct"),
        ("Jumlah supervisi akademik guru", "kegiatan", 6, 15, "naik", "count"),
        ("Persentase guru yang menyusun modul ajar", "%", 90, 100, "naik", "pct"),
        ("Jumlah rapat dewan guru", "kegiatan", 3, 6, "naik", "count"),
    ),
    "guru": (
        ("Jumlah jam tatap muka", "jam", 288, 336, "naik", "count"),
        ("Jumlah modul ajar yang disusun", "dokumen", 6, 12, "naik", "count"),
        ("Persentase siswa tuntas KKTP", "%", 80, 90, "naik", "pct"),
        ("Jumlah penilaian hasil belajar yang diolah", "dokumen", 4, 8, "naik", "count"),
        ("Jumlah siswa yang dibimbing", "siswa", 28, 32, "naik", "count"),
    ),
    "admin_sekolah": (
        ("Jumlah data Dapodik yang diperbarui", "data", 100, 300, "naik", "count"),
        ("Jumlah surat yang diagendakan", "surat", 50, 150, "naik", "count"),
        ("Jumlah laporan administrasi sekolah", "laporan", 3, 6, "naik", "count"),
    ),
}
_WAITING_INDICATOR = "Rata-rata waktu tunggu pasien rawat jalan"
_WAITING_TARGET = 45
_IKM_INDICATOR = {
    "pimpinan_kecamatan": "Indeks Kepuasan Masyarakat layanan kecamatan",
    "pimpinan_kelurahan": "Indeks Kepuasan Masyarakat layanan kelurahan",
    "kapus": "Indeks Kepuasan Masyarakat Puskesmas",
}
_IKM_TARGET = 82
_SKP_WEIGHTS: dict[int, tuple[tuple[int, ...], ...]] = {
    3: ((40, 30, 30), (50, 25, 25), (40, 35, 25)),
    4: ((30, 25, 25, 20), (25, 25, 25, 25), (40, 20, 20, 20)),
    5: ((20, 20, 20, 20, 20), (30, 20, 20, 15, 15), (25, 20, 20, 20, 15)),
}

# --- services ------------------------------------------------------------------

_VISIT_TYPES = {
    "puskesmas": (("Poli Umum", "KIA/KB", "Poli Gigi", "Laboratorium", "Imunisasi"),
                  (0.45, 0.2, 0.1, 0.15, 0.1)),
    "kelurahan": (("KTP-el", "Kartu Keluarga", "Surat Keterangan Domisili", "Surat Pengantar Nikah",
                   "Surat Keterangan Tidak Mampu", "Surat Keterangan Usaha", "Surat Keterangan Kematian",
                   "Surat Pengantar Akta Kelahiran"),
                  (0.2, 0.18, 0.2, 0.08, 0.12, 0.1, 0.04, 0.08)),
    "kecamatan": (("Rekomendasi Izin Usaha", "Legalisasi Dokumen", "Surat Keterangan Ahli Waris",
                   "Rekomendasi Dispensasi Nikah", "Pelayanan Administrasi Kependudukan"),
                  (0.2, 0.3, 0.15, 0.1, 0.25)),
}
_SKM_EDUCATION = (("SD", "SMP", "SMA/SMK", "D3", "S1", "S2"), (0.1, 0.15, 0.4, 0.1, 0.22, 0.03))
_SKM_OCCUPATION = (("PNS/TNI/Polri", "Pegawai Swasta", "Wiraswasta", "Pelajar/Mahasiswa", "Ibu Rumah Tangga",
                    "Petani/Nelayan", "Lainnya"), (0.1, 0.2, 0.25, 0.12, 0.2, 0.05, 0.08))
_SARAN_GOOD = (
    "Pelayanan sudah baik, pertahankan.", "Petugas ramah dan cepat.", "Terima kasih, prosesnya cepat.",
    "Mohon antrean lebih tertib.", "Ruang tunggu kurang nyaman, perlu kipas angin.",
    "Perlu papan informasi persyaratan yang jelas.", "Mohon jam pelayanan dimulai tepat waktu.",
    "Tempat parkir perlu diperluas.", "Toilet perlu lebih sering dibersihkan.", "Sudah bagus, tingkatkan lagi.",
)
_SARAN_PUSKESMAS = (
    "Waktu tunggu di poli umum masih lama.", "Dokter ramah dan menjelaskan dengan jelas.",
    "Obat kadang kosong di apotek.", "Tambah petugas di loket pendaftaran.",
)
_SARAN_BAD = (
    "Petugas sering tidak ada di tempat.", "Surat lama selesainya, harus bolak-balik.",
    "Persyaratan berubah-ubah, tolong diseragamkan.", "Petugas kurang ramah.",
    "Antrean tidak jelas, yang datang belakangan dilayani duluan.",
)
_COMPLAINT_CHANNELS = (("SP4N-LAPOR!", "WhatsApp", "Kotak Saran", "Langsung", "Media Sosial"),
                       (0.3, 0.3, 0.15, 0.15, 0.1))
_COMPLAINTS: dict[str, tuple[str, ...]] = {
    "Waktu Tunggu/Antrean": (
        "Antrean di loket pendaftaran sangat panjang, sudah menunggu lebih dari satu jam belum dipanggil.",
        "Nomor antrean sudah dipanggil tapi petugas tidak ada di tempat.",
        "Pasien lansia menunggu terlalu lama di ruang tunggu – mohon ada jalur prioritas.",
        "Datang jam 08.00, baru dilayani menjelang siang. Mohon ditambah petugas.",
    ),
    "Sikap Petugas": (
        "Petugas loket kurang ramah, bilang “besok saja” padahal berkas sudah lengkap.",
        "Petugas sibuk dengan HP saat melayani warga.",
        "Saya ditegur dengan nada tinggi waktu bertanya soal persyaratan.",
    ),
    "Persyaratan Layanan": (
        "Persyaratan surat keterangan domisili di papan informasi berbeda dengan yang diminta petugas.",
        "Diminta fotokopi KK berulang kali padahal sudah dilampirkan.",
        "Tidak jelas syarat pengantar nikah untuk warga pendatang.",
    ),
    "Sarana dan Prasarana": (
        "Toilet di ruang tunggu rusak dan tidak ada air.",
        "Kursi ruang tunggu kurang, banyak warga berdiri.",
        "Parkiran sempit, motor warga terpaksa diparkir di bahu jalan.",
    ),
    "Informasi Layanan": (
        "Jam buka layanan di media sosial tidak sesuai kenyataan.",
        "Tidak ada informasi kapan KTP-el bisa diambil.",
        "Nomor WhatsApp pengaduan tidak pernah dibalas.",
    ),
    "Pungutan Biaya": (
        "Ada oknum yang meminta uang “administrasi” untuk surat pengantar, padahal gratis.",
    ),
    "Sistem/Aplikasi": (
        "Sistem “offline” sejak pagi sehingga KTP-el tidak bisa dicetak.",
        "Aplikasi antrean daring error, tidak bisa mengambil nomor.",
    ),
}
_WAITING_COMPLAINT_CATEGORY = "Waktu Tunggu/Antrean"

# --- trainings -------------------------------------------------------------

# (program, JP, organiser, unit types or None for all)
_PROGRAMS: tuple[tuple[str, int, str, tuple[str, ...] | None], ...] = (
    ("Pelayanan Prima", 24, "BKPSDM Kota Mataram", None),
    ("Manajemen Waktu dan Produktivitas Kerja", 16, "BPSDMD Provinsi NTB", None),
    ("Literasi Digital bagi ASN", 12, "LAN RI (e-learning)", None),
    ("Komunikasi Efektif dalam Pelayanan Publik", 16, "BPSDMD Provinsi NTB", None),
    ("Bimtek Penyusunan SKP dan e-Kinerja", 8, "BKPSDM Kota Mataram", None),
    ("Penguatan Integritas dan Anti Korupsi", 10, "Inspektorat Kota Mataram", None),
    ("Pengelolaan Arsip Dinamis", 24, "Dinas Perpustakaan dan Kearsipan Kota Mataram", ("kecamatan", "kelurahan")),
    ("Bimtek Administrasi Kependudukan (SIAK)", 24, "Disdukcapil Kota Mataram", ("kecamatan", "kelurahan")),
    ("Pelatihan Teknis Pengelolaan Keuangan Daerah", 32, "BPSDMD Provinsi NTB", ("kecamatan", "kelurahan")),
    ("Pelatihan Basic Trauma Cardiac Life Support", 40, "Bapelkes Mataram", ("puskesmas",)),
    ("Pelatihan Asuhan Persalinan Normal", 40, "Bapelkes Mataram", ("puskesmas",)),
    ("Pelatihan Tata Laksana Gizi Buruk", 32, "Dinas Kesehatan Kota Mataram", ("puskesmas",)),
    ("Pelatihan Pencegahan dan Pengendalian Infeksi", 24, "Dinas Kesehatan Kota Mataram", ("puskesmas",)),
    ("Pelatihan Implementasi Kurikulum Merdeka", 32, "Dinas Pendidikan Kota Mataram", ("sekolah",)),
    ("Pelatihan Asesmen Pembelajaran", 24, "Balai Guru Penggerak NTB", ("sekolah",)),
    ("Pelatihan Pembelajaran Berdiferensiasi", 16, "Balai Guru Penggerak NTB", ("sekolah",)),
)
_TRAININGS_PER_YEAR = (0.08, 0.27, 0.38, 0.27)

_SOSIALISASI_TOPIC = "Tata Cara Pelaporan Aktivitas Harian melalui Aplikasi e-Kinerja"


# --- formatting helpers -----------------------------------------------------

def _format_timestamps(seconds: np.ndarray, style: str) -> np.ndarray:
    """Format int64 seconds since 1970 (``_MISSING`` for blank) as text, vectorised.

    ``iso``: ``2025-01-06 16:32:10``; ``dmy_hm``: ``06/01/2025 16.32``.
    """
    seconds = np.asarray(seconds, dtype=np.int64)
    missing = seconds == _MISSING
    text = np.datetime_as_string(np.where(missing, 0, seconds).astype("datetime64[s]"), unit="s")
    raw = text.astype("S19").view(np.uint8).reshape(-1, 19)
    if style == "iso":
        layout: list[int | str] = list(range(10)) + [" "] + list(range(11, 19))
    elif style == "dmy_hm":
        layout = [8, 9, "/", 5, 6, "/", 0, 1, 2, 3, " ", 11, 12, ".", 14, 15]
    else:
        raise ValueError(f"unknown timestamp style {style!r}")
    out = np.empty((len(seconds), len(layout)), dtype=np.uint8)
    for position, source in enumerate(layout):
        out[:, position] = ord(source) if isinstance(source, str) else raw[:, source]
    result = out.view(f"S{len(layout)}").ravel().astype(str).astype(object)
    result[missing] = ""
    return result


def _format_days(days: np.ndarray, style: str) -> np.ndarray:
    """Format datetime64[D] values as ``iso`` (2025-01-06), ``dmy`` (06/01/2025) or ``dmy_dash``."""
    raw = np.datetime_as_string(np.asarray(days, dtype="datetime64[D]"), unit="D").astype("S10")
    raw = raw.view(np.uint8).reshape(-1, 10)
    if style == "iso":
        return raw.copy().view("S10").ravel().astype(str).astype(object)
    separator = "/" if style == "dmy" else "-"
    layout: list[int | str] = [8, 9, separator, 5, 6, separator, 0, 1, 2, 3]
    out = np.empty_like(raw)
    for position, source in enumerate(layout):
        out[:, position] = ord(source) if isinstance(source, str) else raw[:, source]
    return out.view("S10").ravel().astype(str).astype(object)


def _seconds(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="datetime64[D]").astype("datetime64[s]").astype(np.int64)


def _to_datetime(seconds: int) -> datetime:
    return datetime(1970, 1, 1) + timedelta(seconds=int(seconds))


def _number_text(value: float, decimals: int) -> str:
    """A number with a decimal comma, as Indonesian Excel exports it; no thousands separator."""
    text = f"{value:.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _write_csv(frame: pd.DataFrame, path: Path, *, sep: str = ",", encoding: str = "utf-8",
               lineterminator: str = "\n") -> None:
    frame.to_csv(path, index=False, sep=sep, encoding=encoding, lineterminator=lineterminator)


def _save_workbook(workbook: Workbook, path: Path) -> None:
    """Save an openpyxl workbook with fixed timestamps, so the bytes depend only on the content."""
    workbook.properties.created = _DOC_TIME
    workbook.properties.modified = _DOC_TIME
    workbook.properties.creator = "kinerja demo"
    buffer = io.BytesIO()
    # ExcelWriter directly rather than Workbook.save, which stamps the current time.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))


def _date_cell(sheet: Any, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell


def _write_table_xlsx(path: Path, sheet_title: str, title_rows: Sequence[str | None],
                      header: Sequence[str], rows: Iterable[Sequence[Any]], date_columns: Sequence[int] = ()) -> None:
    """An XLSX with title rows above the header, written in streaming mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    bold = Font(bold=True)
    for title in title_rows:
        if title is None:
            sheet.append([])
        else:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = Font(bold=True, size=12)
            sheet.append([cell])
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    date_set = tuple(date_columns)
    for row in rows:
        values = list(row)
        for index in date_set:
            if isinstance(values[index], date):
                values[index] = _date_cell(sheet, values[index])
        sheet.append(values)
    _save_workbook(workbook, path)


def _expected_answer(mean: np.ndarray, sd: float) -> np.ndarray:
    """E[clip(round(mean + N(0, sd)), 1, 4)], for turning a target NRR into a latent mean."""
    def cdf(x: np.ndarray) -> np.ndarray:
        return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))

    p_at_least = [cdf((mean - (k - 0.5)) / sd) for k in (2, 3, 4)]
    return 1 + p_at_least[0] + p_at_least[1] + p_at_least[2]


_LATENT_GRID = np.linspace(-1.0, 6.0, 701)


def _latent_for(target: np.ndarray, sd: float) -> np.ndarray:
    return np.interp(target, _expected_answer(_LATENT_GRID, sd), _LATENT_GRID)


def _ikm(answers: np.ndarray) -> float:
    """IKM with weight 1/9 from an (n, 9) array of answers (NaN = blank), unsur in regulation order."""
    return ikm_from_nrr(pd.Series(np.nanmean(answers, axis=0), index=UNSUR_COLUMNS))


# --- e-Kinerja activities -----------------------------------------------------

def draw_activities(frame: pd.DataFrame, workdays: dict[int, np.ndarray], rng: np.random.Generator) -> pd.DataFrame:
    """Draw the e-Kinerja activities of some employees: the model behind every demo activity.

    Each employee reports on a working day of the unit's calendar with probability ``p_report``
    from the adoption day on (always on the adoption day itself), one or (with probability 0.2)
    two activities a day; an activity is submitted the same afternoon or evening with probability
    ``p_on_time``, else 1-3 days later (2-6 for the ``manajemen_waktu`` group); 96% are approved,
    0-3 days after submission, 3% still wait and 1% are rejected.

    Parameters
    ----------
    frame
        Employees, with ``wpw``, ``adopt_index``, ``p_report``, ``p_on_time``, ``training_need``
        and ``group`` (as made by the generator).
    workdays
        Working days (datetime64[D]) from the rollout, per number of working days a week.
    rng
        The random stream; the draws depend only on it, ``frame`` and ``workdays``.

    Returns
    -------
    pandas.DataFrame
        One row per activity, in employee-group order: ``employee`` (position in ``frame``),
        ``day`` (datetime64[D]), ``submitted`` and ``approved`` (int64 seconds since 1970;
        ``_MISSING`` when not approved), ``status`` (Indonesian, as e-Kinerja exports it),
        ``text_index`` (into ``_ACTIVITY_TEXTS``), ``duration`` (minutes) and ``on_time``.
    """
    employee_parts, day_parts = [], []
    wpw = frame["wpw"].to_numpy()
    adopt = frame["adopt_index"].to_numpy()
    p_report = frame["p_report"].to_numpy()
    for days_per_week, days in workdays.items():
        members = np.flatnonzero(wpw == days_per_week)
        if not len(members):
            continue
        reported = rng.random((len(members), len(days))) < p_report[members, None]
        reported &= np.arange(len(days))[None, :] >= adopt[members, None]
        reported[np.arange(len(members)), adopt[members]] = True  # the first report is on adoption day
        e, d = np.nonzero(reported)
        employee_parts.append(members[e])
        day_parts.append(days[d])
    employee = np.concatenate(employee_parts)
    day = np.concatenate(day_parts)
    per_day = 1 + (rng.random(len(employee)) < 0.2)
    employee = np.repeat(employee, per_day)
    day = np.repeat(day, per_day)
    n = len(employee)

    # Per-employee lookups, then indexed: comparing text once per employee, not once per activity.
    time_management = (frame["training_need"] == "manajemen_waktu").to_numpy()[employee]
    on_time = rng.random(n) < frame["p_on_time"].to_numpy()[employee]
    late_days = np.where(time_management, rng.integers(2, 7, n), rng.integers(1, 4, n))
    afternoon = rng.random(n) < 0.85
    same_day_time = np.where(afternoon, 13 * 3600 + rng.integers(0, 5 * 3600, n),
                             18 * 3600 + rng.integers(0, 4 * 3600 + 1800, n))
    late_time = 7 * 3600 + rng.integers(0, 15 * 3600, n)
    day_seconds = _seconds(day)
    submitted = np.where(on_time, day_seconds + same_day_time, day_seconds + late_days * 86400 + late_time)
    status_draw = rng.random(n)
    status = np.where(status_draw < 0.03, "Menunggu Persetujuan",
                      np.where(status_draw < 0.04, "Ditolak", "Disetujui")).astype(object)
    # Supervisors approve 0-3 days later, in the day or evening, never before the report.
    approval_day = submitted - submitted % 86400 + rng.choice(4, n, p=[0.45, 0.3, 0.15, 0.1]) * 86400
    approved = approval_day + 7 * 3600 + 1800 + rng.integers(0, 12 * 3600 + 1800, n)
    approved = np.where(approved <= submitted, submitted + rng.integers(300, 7200, n), approved)
    approved = np.where(status == "Disetujui", approved, _MISSING)

    lengths = _ACTIVITY_TEXT_LENGTHS
    group_id = pd.Index(list(_ACTIVITY_TEXT)).get_indexer(frame["group"].to_numpy())[employee]
    specific = _ACTIVITY_TEXT_OFFSETS[group_id] + np.floor(rng.random(n) * lengths[group_id]).astype(int)
    generic = lengths.sum() + rng.integers(0, len(_GENERIC_ACTIVITY), n)
    text_index = np.where(rng.random(n) < 0.82, specific, generic)
    durations = rng.choice(np.array([30, 45, 60, 90, 120, 150, 180, 240]), n,
                           p=[0.1, 0.1, 0.2, 0.2, 0.2, 0.08, 0.08, 0.04])
    return pd.DataFrame({
        "employee": employee, "day": day, "submitted": submitted, "approved": approved,
        "status": status, "text_index": text_index, "duration": durations, "on_time": on_time,
    })


# --- the generator ----------------------------------------------------------

class _Generator:
    def __init__(self, employees: int, seed: int, quarters: list[Quarter], *, unique_names: bool = True) -> None:
        self.n_requested = employees
        self.seed = seed
        # Redrawing a name until it is unused, as the kecamatan demo does, stalls at national
        # scale, where the name pool runs out (and real names repeat anyway).
        self.unique_names = unique_names
        self.quarters = quarters
        self.rng = np.random.default_rng(seed)
        self.rollout = quarters[0].start
        self.reference = quarters[-1].end
        self.units = _plan_units(employees)
        self.unit_by_code = {unit.code: unit for unit in self.units}
        self.workdays: dict[int, np.ndarray] = {}
        for wpw in sorted({unit.workdays_per_week for unit in self.units} | {5}):
            days = WorkCalendar(workdays_per_week=wpw).workdays(self.rollout, self.reference)
            self.workdays[wpw] = np.array(days, dtype="datetime64[D]")
        self.quarter_starts = np.array([q.start for q in quarters], dtype="datetime64[D]")
        self.bad_rows: list[dict[str, Any]] = []
        self.nips_used: set[str] = set()

    # -- helpers --
    def quarter_index(self, days: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.quarter_starts, np.asarray(days, dtype="datetime64[D]"), side="right") - 1

    def years_before_reference(self, when: date) -> float:
        return (self.reference - when).days / 365.25

    def new_nip(self, birth: date, tmt_year: int, tmt_month: int | None, female: bool) -> str:
        """A valid, unused NIP (PNS when `tmt_month` is given, else PPPK)."""
        gender = "2" if female else "1"
        while True:
            sequence = 1 + min(998, int(self.rng.exponential(6.0)))
            if tmt_month is None:
                nip = f"{birth:%Y%m%d}{tmt_year:04d}21{gender}{sequence:03d}"
            else:
                nip = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender}{sequence:03d}"
            if nip not in self.nips_used:
                self.nips_used.add(nip)
                parse_nip(nip, today=self.reference)  # a generator bug if this raises
                return nip

    # -- employees --
    def person(self, role: _Role, unit: _Unit, pppk: bool, names: set[str]) -> dict[str, Any]:
        rng = self.rng
        variants = [v for v in role.variants if not pppk or v.pppk]
        weights = np.array([v.weight for v in variants])
        variant = variants[int(rng.choice(len(variants), p=weights / weights.sum()))]
        position = variant.positions[int(rng.integers(len(variant.positions)))]
        degree = variant.degrees[int(rng.integers(len(variant.degrees)))]
        female = bool(rng.random() < role.female)
        min_tenure = self.years_before_reference(self.rollout) + 0.1
        if pppk:
            age = float(rng.uniform(24, 48))
            # PPPK were appointed from 2021, and no later than the rollout year, so that every
            # ASN is in post for the whole period (a January rollout: the year before).
            last_year = min(2025, self.rollout.year - (1 if self.rollout.month == 1 else 0))
            first_year = min(2021, last_year)
            tmt_year = int(rng.integers(first_year, last_year + 1))
            tmt = date(tmt_year, 1, 1)
            golongan = variant.pppk
            g_index = None
        else:
            g_index = int(rng.integers(variant.lo, variant.hi + 1))
            tenure = (g_index - variant.start) * 4 + float(rng.uniform(0, 4))
            if g_index == variant.hi:
                tenure += float(rng.uniform(0, 10))  # stuck at the top of the range for the position
            tenure = max(tenure, min_tenure + float(rng.uniform(0, 0.5)))
            entry = float(rng.uniform(role.entry_min, role.entry_max))
            age = entry + tenure
            if age < role.age_min:
                age = role.age_min + float(rng.uniform(0, 6))
                entry = min(age - tenure, role.entry_max - float(rng.uniform(0, 3)))
                tenure = age - entry
            if age > 57.5:
                age = 57.5 - float(rng.uniform(0, 3))
                entry = max(age - tenure, role.entry_min + float(rng.uniform(0, 2)))
                tenure = max(age - entry, min_tenure)
            tmt_day = self.reference - timedelta(days=int(tenure * 365.25))
            tmt = date(tmt_day.year, tmt_day.month, 1)
            golongan = PNS_GOLONGAN[g_index]
        birth = self.reference - timedelta(days=int(age * 365.25))
        nip = self.new_nip(birth, tmt.year, None if pppk else tmt.month, female)
        for _ in range(50 if self.unique_names else 1):
            name = person_name(rng, female, age, degree, role.prefix)
            if name not in names:
                break
        names.add(name)
        return {
            "nip": nip, "name": name, "unit_code": unit.code, "unit_name": unit.name,
            "unit_type": unit.unit_type, "wpw": unit.workdays_per_week,
            "employment_type": "PPPK" if pppk else "PNS", "golongan": golongan, "g_index": g_index,
            "position": position, "position_class": variant.position_class, "gender": "P" if female else "L",
            "birth_date": birth, "tmt": tmt, "group": role.group, "head": role.head,
        }

    def make_employees(self) -> pd.DataFrame:
        rng = self.rng
        records: list[dict[str, Any]] = []
        names: set[str] = set()
        for unit in self.units:
            for role_key in _unit_roles(unit, rng):
                role = _ROLES[role_key]
                eligible = not role.head and any(v.pppk for v in role.variants)
                pppk = eligible and bool(rng.random() < _PPPK_SHARE[unit.unit_type])
                records.append(self.person(role, unit, pppk, names))
        frame = pd.DataFrame.from_records(records)
        frame["order"] = np.arange(len(frame))
        # Supervisors: the head of the unit; the camat for the lurah.
        heads = frame[frame["head"]].set_index("unit_code")["nip"]
        camat = heads.get(_KECAMATAN[0])
        frame["supervisor_nip"] = [
            (camat if unit_type == "kelurahan" else "") if head else heads.get(code, "")
            for code, unit_type, head in zip(frame["unit_code"], frame["unit_type"], frame["head"])
        ]
        frame["age"] = [(self.reference - b).days / 365.25 for b in frame["birth_date"]]
        frame["tenure"] = [(self.reference - t).days / 365.25 for t in frame["tmt"]]
        return frame

    def assign_training_needs(self, frame: pd.DataFrame) -> None:
        """Training-need groups at random, spread evenly over the units."""
        rng = self.rng
        groups = np.array(["none"] * len(frame), dtype=object)
        carry = {name: float(rng.random()) for name in TRAINING_NEED_SHARES}
        # Rows per unit in one pass: a mask per unit would cost units x employees, hours at national scale.
        rows_of = frame.groupby("unit_code", sort=False).indices
        for unit in self.units:
            members = frame.index.to_numpy()[rows_of.get(unit.code, np.empty(0, dtype=np.int64))]
            members = members[rng.permutation(len(members))]
            position = 0
            for name, share in TRAINING_NEED_SHARES.items():
                wanted = carry[name] + share * len(members)
                count = min(int(wanted), len(members) - position)
                carry[name] = wanted - count
                groups[members[position:position + count]] = name
                position += count
        frame["training_need"] = groups

    def assign_resistance(self, frame: pd.DataFrame) -> None:
        rng = self.rng
        n = len(frame)
        baseline = RESISTANCE_MEAN + RESISTANCE_AGE_PER_YEAR * (frame["age"].to_numpy() - 40) \
            + rng.normal(0, RESISTANCE_SD, n)
        attended = rng.random(n) < SOSIALISASI_ATTENDANCE
        frame["resistance_baseline"] = np.clip(baseline, 1, 6)
        frame["sosialisasi"] = attended
        frame["resistance"] = np.clip(baseline + SOSIALISASI_EFFECT * attended, 1, 6)
        # Adoption: working days from rollout to the first report grow with resistance.
        mean_delay = DELAY_INTERCEPT_DAYS + DELAY_DAYS_PER_POINT * (frame["resistance"].to_numpy() - 1)
        delay = mean_delay * rng.gamma(DELAY_GAMMA_SHAPE, 1 / DELAY_GAMMA_SHAPE, n)
        first_quarter_end = np.datetime64(self.quarters[0].end)
        caps = {wpw: int(np.sum(days <= first_quarter_end)) - 2 for wpw, days in self.workdays.items()}
        self.adoption_caps = caps
        cap = np.array([caps[w] for w in frame["wpw"]])
        frame["adopt_index"] = np.minimum(np.floor(delay).astype(int), cap)
        frame["adopt_date"] = [self.workdays[w][i] for w, i in zip(frame["wpw"], frame["adopt_index"])]
        need = frame["training_need"].to_numpy()
        p_report = np.where(need == "literasi_digital", rng.uniform(0.45, 0.60, n), rng.uniform(0.85, 0.95, n))
        on_time = np.where(need == "manajemen_waktu", rng.uniform(0.12, 0.25, n), rng.uniform(0.83, 0.93, n))
        on_time = on_time + ON_TIME_PER_POINT * (frame["resistance"].to_numpy() - RESISTANCE_MEAN)
        frame["p_report"] = p_report
        frame["p_on_time"] = np.clip(on_time, 0.02, 0.99)

    # -- e-Kinerja activities --
    def make_activities(self, frame: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng
        activities = draw_activities(frame, self.workdays, rng)
        need = frame["training_need"].to_numpy()[activities["employee"].to_numpy()]
        day = activities["day"].to_numpy()
        day_seconds = _seconds(day)
        on_time = activities["on_time"].to_numpy()
        status = activities["status"].to_numpy()
        activities = activities.drop(columns="on_time").assign(bad=np.int8(0))
        offsets = _ACTIVITY_TEXT_OFFSETS
        group_names = list(_ACTIVITY_TEXT)
        # Planted: a report whose clock says it was submitted the evening before the activity.
        candidates = np.flatnonzero((need == "none") & on_time & (status == "Disetujui")
                                    & (self.quarter_index(day) == len(self.quarters) // 2))
        pick = int(candidates[int(rng.integers(len(candidates)))])
        activities.loc[pick, "submitted"] = day_seconds[pick] - 86400 + 23 * 3600 + 48 * 60 + 12
        activities.loc[pick, "bad"] = 1
        # Planted: two reports of an ASN who moved away and is not in the employees file.
        moved = self.moved_away_employee()
        extra_days = self.workdays[5][[4, 5]]
        extra = pd.DataFrame({
            "employee": -1, "day": extra_days,
            "submitted": _seconds(extra_days) + np.array([15 * 3600 + 5 * 60 + 31, 16 * 3600 + 12 * 60 + 4]),
            "approved": _seconds(extra_days) + 86400 + np.array([9 * 3600 + 2 * 60 + 50, 9 * 3600 + 3 * 60 + 7]),
            "status": "Disetujui", "text_index": [int(offsets[group_names.index("pelaksana_kantor")]),
                                                  int(offsets[group_names.index("pelaksana_kantor")]) + 2],
            "duration": [90, 120], "bad": np.int8(2),
        })
        activities = pd.concat([activities, extra], ignore_index=True)
        order_of_employee = np.append(frame["order"].to_numpy(), -1)
        activities = activities.iloc[np.lexsort((
            activities["submitted"].to_numpy(), order_of_employee[activities["employee"].to_numpy()],
            activities["day"].to_numpy(),
        ))].reset_index(drop=True)
        nips = np.append(frame["nip"].to_numpy(dtype=object), moved).astype(object)
        out = pd.DataFrame({
            "ID Aktivitas": "EK" + pd.Series(np.arange(1, len(activities) + 1)).astype(str).str.zfill(7),
            "NIP": nips[activities["employee"].to_numpy()],
            "Tanggal Aktivitas": _format_days(activities["day"].to_numpy(), "iso"),
            "Waktu Lapor": _format_timestamps(activities["submitted"].to_numpy(), "iso"),
            "Waktu Persetujuan": _format_timestamps(activities["approved"].to_numpy(), "iso"),
            "Status": activities["status"].to_numpy(),
            "Kategori": _ACTIVITY_CATEGORIES[activities["text_index"].to_numpy()],
            "Durasi (menit)": activities["duration"].to_numpy(),
            "Uraian Aktivitas": _ACTIVITY_TEXTS[activities["text_index"].to_numpy()],
        })
        bad = activities["bad"].to_numpy()
        for position in np.flatnonzero(bad == 2):
            self.bad_rows.append(self._bad("activities", "aktivitas.csv", int(position) + 2, "nip",
                                           "unknown_employee", out.at[position, "NIP"],
                                           "ASN who moved away; not in the employees file"))
        position = int(np.flatnonzero(bad == 1)[0])
        self.bad_rows.append(self._bad("activities", "aktivitas.csv", position + 2, "submitted_at",
                                       "submitted_before_activity_date", out.at[position, "Waktu Lapor"],
                                       f"activity date {out.at[position, 'Tanggal Aktivitas']}"))
        return out

    def moved_away_employee(self) -> str:
        birth = date(1988, 4, 17)
        return self.new_nip(birth, 2014, 3, female=False)

    @staticmethod
    def _bad(table: str, file: str, row: int, column: str, problem: str, value: Any, note: str = "") -> dict[str, Any]:
        entry = {"table": table, "file": file, "row": row, "column": column, "problem": problem,
                 "value": value if isinstance(value, (int, float, str)) else str(value)}
        if note:
            entry["note"] = note
        return entry

    # -- visits --
    def make_visits(self) -> pd.DataFrame:
        rng = self.rng
        service_units = [u for u in self.units if u.unit_type in ("kelurahan", "puskesmas")]
        first_month = self.rollout.year * 12 + self.rollout.month - 1
        n_months = self.reference.year * 12 + self.reference.month - first_month
        last_quarter = len(self.quarters) - 1
        parts = []
        self.waiting_medians: dict[str, dict[str, float]] = {}
        for unit_number, unit in enumerate(service_units):
            days = self.workdays[unit.workdays_per_week]
            weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
            if unit.unit_type == "puskesmas":
                counts = rng.integers(60, 101, len(days))
                counts = np.where(weekday >= 4, np.rint(counts * 0.6), counts).astype(int)
                open_minute = np.full(len(days), 7 * 60 + 30)
                close_minute = np.select([weekday == 4, weekday == 5], [10 * 60 + 30, 11 * 60], 12 * 60)
                base = WAITING_BEFORE_MEDIAN if unit.code == WAITING_PLANTED_UNIT else float(rng.uniform(33, 40))
                sigma, service_median = 0.5, 8.0
            else:
                counts = rng.integers(10, 21, len(days))
                counts = np.where(weekday == 4, np.rint(counts * 0.6), counts).astype(int)
                open_minute = np.full(len(days), 8 * 60)
                close_minute = np.where(weekday == 4, 11 * 60, 15 * 60)
                base = float(rng.uniform(10, 15))
                sigma, service_median = 0.55, 7.0
            month_factor = np.exp(rng.normal(0, 0.05, n_months))
            visit_day = np.repeat(np.arange(len(days)), counts)
            n = len(visit_day)
            day = days[visit_day]
            arrival_minute = open_minute[visit_day] + np.floor(
                (close_minute - open_minute)[visit_day] * rng.beta(1.4, 2.2, n)).astype(int)
            month = day.astype("datetime64[M]").astype(np.int64) - (first_month - 1970 * 12)
            quarter = self.quarter_index(day)
            median = base * month_factor[month]
            if unit.code == WAITING_PLANTED_UNIT:
                jump = WAITING_AFTER_MEDIAN / WAITING_BEFORE_MEDIAN
                median = np.where(quarter == last_quarter, median * jump, median)
            wait = np.maximum(0, np.rint(median * np.exp(rng.normal(0, sigma, n)))).astype(np.int64)
            service = np.maximum(2, np.rint(service_median * np.exp(rng.normal(0, 0.4, n)))).astype(np.int64)
            unserved = rng.random(n) < 0.02
            names, probabilities = _VISIT_TYPES[unit.unit_type]
            kind = rng.choice(len(names), n, p=probabilities)
            arrival = _seconds(day) + arrival_minute * 60
            start = np.where(unserved, _MISSING, arrival + wait * 60)
            end = np.where(unserved, _MISSING, arrival + (wait + service) * 60)
            parts.append(pd.DataFrame({
                "unit": unit_number, "arrival": arrival, "start": start, "end": end, "kind": kind,
                "quarter": quarter, "wait": wait,
                "served": ~unserved, "bad": np.zeros(n, dtype=np.int8),
            }))
        visits = pd.concat(parts, ignore_index=True)
        # Planted: a service start typed before the arrival (clerk's clock error).
        other = [i for i, u in enumerate(service_units)
                 if u.unit_type == "puskesmas" and u.code != WAITING_PLANTED_UNIT]
        candidates = np.flatnonzero((visits["unit"].to_numpy() == other[0]) & visits["served"].to_numpy()
                                    & (visits["quarter"].to_numpy() == len(self.quarters) // 2))
        pick = int(candidates[int(rng.integers(len(candidates)))])
        visits.loc[pick, "start"] = visits.at[pick, "arrival"] - 7 * 60
        visits.loc[pick, "end"] = visits.at[pick, "arrival"] + 6 * 60
        visits.loc[pick, "bad"] = 1

        valid = visits[visits["served"] & (visits["bad"] == 0)]
        self.waiting_means: dict[str, dict[str, float]] = {}
        for unit_number, unit in enumerate(service_units):
            mine = valid[valid["unit"] == unit_number]
            waits = [mine.loc[mine["quarter"] == q, "wait"].to_numpy() for q in range(len(self.quarters))]
            labels = [q.label for q in self.quarters]
            self.waiting_medians[unit.code] = {label: float(np.median(w)) for label, w in zip(labels, waits)}
            self.waiting_means[unit.code] = {label: float(np.mean(w)) for label, w in zip(labels, waits)}
        self.check_waiting()

        visits = visits.sort_values(["unit", "arrival"], kind="stable").reset_index(drop=True)
        unit_label = np.array([u.name if u.unit_type == "puskesmas" else u.code for u in service_units], dtype=object)
        kind_text = np.empty(len(visits), dtype=object)
        for unit_number, unit in enumerate(service_units):
            mask = visits["unit"].to_numpy() == unit_number
            names = np.array(_VISIT_TYPES[unit.unit_type][0], dtype=object)
            kind_text[mask] = names[visits["kind"].to_numpy()[mask]]
        out = pd.DataFrame({
            # The queue machine exports the dictionary's canonical English headers.
            "visit_id": "KJ" + pd.Series(np.arange(1, len(visits) + 1)).astype(str).str.zfill(7),
            "unit_code": unit_label[visits["unit"].to_numpy()],
            "service_type": kind_text,
            "arrival_at": _format_timestamps(visits["arrival"].to_numpy(), "dmy_hm"),
            "service_start_at": _format_timestamps(visits["start"].to_numpy(), "dmy_hm"),
            "service_end_at": _format_timestamps(visits["end"].to_numpy(), "dmy_hm"),
        })
        position = int(np.flatnonzero(visits["bad"].to_numpy() == 1)[0])
        self.bad_rows.append(self._bad("visits", "kunjungan.csv", position + 2, "service_start_at",
                                       "service_start_before_arrival", out.at[position, "service_start_at"],
                                       f"arrival {out.at[position, 'arrival_at']}"))
        return out

    def check_waiting(self) -> None:
        last = self.quarters[-1].label
        for code, medians in self.waiting_medians.items():
            for label, value in medians.items():
                planted = code == WAITING_PLANTED_UNIT and label == last
                if planted and value <= WAITING_STANDARD_MINUTES + 2:
                    raise RuntimeError(f"planted waiting time too low: {value}")
                if not planted and value >= WAITING_STANDARD_MINUTES - 10:
                    raise RuntimeError(f"waiting time of {code} in {label} too high: {value}")

    # -- IKM survey --
    def make_skm(self) -> list[list[Any]]:
        rng = self.rng
        service_units = [u for u in self.units if u.unit_type in ("kecamatan", "kelurahan", "puskesmas")]
        last_quarter = len(self.quarters) - 1
        sd = 0.55
        self.ikm: dict[str, dict[str, float]] = {}
        records: list[tuple[_Unit, int, np.ndarray, np.ndarray]] = []
        offsets = np.array([0.05, -0.05, -0.15, 0.0, 0.0, 0.05, 0.05, -0.1, -0.1])
        for unit in service_units:
            base = float(rng.uniform(80.5, 87.5))
            for q, quarter in enumerate(self.quarters):
                planted = unit.code == IKM_PLANTED_UNIT and q == last_quarter
                target = IKM_PLANTED_TARGET if planted else float(np.clip(base + rng.normal(0, 1.0), 80, 89))
                cost = 3.6 if planted else 3.85
                rest = (target / 25 * 9 - cost) / 8
                nrr = rest + offsets - offsets[[0, 1, 2, 4, 5, 6, 7, 8]].mean()
                nrr[3] = cost
                latent = _latent_for(nrr, sd)
                days = self.workdays[unit.workdays_per_week]
                in_quarter = days[self.quarter_index(days) == q]
                n = int(rng.integers(60, 151))
                for _attempt in range(200):
                    answers = np.clip(np.rint(latent + rng.normal(0, sd, (n, 9))), 1, 4)
                    answers[rng.random((n, 9)) < 0.02] = np.nan
                    value = _ikm(answers)
                    low, high = (70.5, 73.5) if planted else (78.5, 91.0)
                    if low <= value <= high and not np.isnan(answers).all(axis=1).any():
                        break
                else:  # pragma: no cover - the bands are wide
                    raise RuntimeError(f"could not draw IKM answers for {unit.code} {quarter}")
                survey_days = np.sort(in_quarter[rng.integers(0, len(in_quarter), n)])
                records.append((unit, q, answers, survey_days))
        rows: list[list[Any]] = []
        bad_unit, bad_quarter = _KECAMATAN[0], len(self.quarters) // 2
        excel_row = 3  # title in row 1, header in row 2
        for unit, q, answers, survey_days in records:
            n = len(answers)
            names, probabilities = _VISIT_TYPES[unit.unit_type]
            kinds = rng.choice(len(names), n, p=probabilities)
            female = rng.random(n) < 0.55
            ages = rng.integers(17, 71, n)
            education = rng.choice(len(_SKM_EDUCATION[0]), n, p=_SKM_EDUCATION[1])
            occupation = rng.choice(len(_SKM_OCCUPATION[0]), n, p=_SKM_OCCUPATION[1])
            low = unit.code == IKM_PLANTED_UNIT and q == last_quarter
            comment_draw = rng.random(n)
            comment_pick = rng.integers(0, 1000, n)
            bad_pick = int(rng.integers(n)) if (unit.code == bad_unit and q == bad_quarter) else -1
            quarter_code = self.quarters[q].label.replace("-", "")
            valid_answers = answers
            for i in range(n):
                if comment_draw[i] < 0.55:
                    comment = None
                elif low and comment_draw[i] < 0.85:
                    comment = _SARAN_BAD[comment_pick[i] % len(_SARAN_BAD)]
                elif unit.unit_type == "puskesmas" and comment_draw[i] < 0.75:
                    comment = _SARAN_PUSKESMAS[comment_pick[i] % len(_SARAN_PUSKESMAS)]
                else:
                    comment = _SARAN_GOOD[comment_pick[i] % len(_SARAN_GOOD)]
                row_answers = [None if np.isnan(a) else int(a) for a in answers[i]]
                if i == bad_pick:
                    row_answers[2] = 5
                    valid_answers = np.delete(answers, i, axis=0)
                    self.bad_rows.append(self._bad("ikm_responses", "skm.xlsx", excel_row, "waktu_penyelesaian",
                                                   "value_out_of_range", 5, "answers are 1 to 4"))
                # Unsur 8 and 9 swapped in column order, as some forms have them.
                ordered = row_answers[:7] + [row_answers[8], row_answers[7]]
                unit_label = unit.code if (i % 7 == 3) else unit.name
                rows.append([
                    f"{unit.code}-{quarter_code}-{i + 1:03d}", survey_days[i].astype(object), unit_label,
                    names[kinds[i]], "Perempuan" if female[i] else "Laki-laki", int(ages[i]),
                    _SKM_EDUCATION[0][education[i]], _SKM_OCCUPATION[0][occupation[i]], *ordered, comment,
                ])
                excel_row += 1
            self.ikm.setdefault(unit.code, {})[self.quarters[q].label] = round(_ikm(valid_answers), 2)
        return rows

    # -- SKP and behaviour --
    def make_skp(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
        rng = self.rng
        n_q = len(self.quarters)
        need = frame["training_need"].to_numpy()
        level = np.where(need == "kompetensi_teknis", rng.normal(0.75, 0.03, len(frame)),
                         rng.normal(1.0, 0.035, len(frame)))
        attainment = np.zeros((len(frame), n_q))
        rows: list[list[str]] = []
        bad_candidates: list[tuple[int, int, int]] = []  # (preference, row index, target)
        for e, employee in enumerate(frame.itertuples(index=False)):
            options = list(_SKP[employee.group])
            special: list[tuple[str, str, float, float, str, str]] = []
            if employee.group == "kapus":
                special.append((_WAITING_INDICATOR, "menit", _WAITING_TARGET, _WAITING_TARGET, "turun", "waiting"))
            if employee.head and employee.group in _IKM_INDICATOR:
                special.append((_IKM_INDICATOR[employee.group], "nilai", _IKM_TARGET, _IKM_TARGET, "naik", "ikm"))
            k = int(rng.integers(3, min(5, len(options) + len(special)) + 1))
            chosen = [options[i] for i in sorted(rng.choice(len(options), k - len(special), replace=False))]
            indicators = special + chosen
            weights = _SKP_WEIGHTS[k][int(rng.integers(3))]
            targets = []
            for _, _, lo, hi, _, kind in indicators:
                value = float(rng.uniform(lo, hi))
                targets.append(round(value) if kind in ("count", "waiting", "ikm") else round(value, 0))
            unit = employee.unit_code
            for q, quarter in enumerate(self.quarters):
                quarter_level = level[e] + rng.normal(0, 0.035)
                total = 0.0
                for j, (indicator, measure, _, _, direction, kind) in enumerate(indicators):
                    target = targets[j]
                    draw = quarter_level + rng.normal(0, 0.06)
                    if kind == "waiting":
                        realisation = round(self.waiting_means[unit][quarter.label], 1)
                        text = _number_text(realisation, 1)
                    elif kind == "ikm":
                        realisation = self.ikm[unit][quarter.label]
                        text = _number_text(realisation, 2)
                    elif kind == "pct":
                        realisation = round(min(100.0, target * draw), 1)
                        text = _number_text(realisation, 1)
                    else:
                        realisation = max(0, round(target * draw))
                        text = str(realisation)
                    ratio = target / realisation if direction == "turun" else realisation / target
                    total += weights[j] * ratio / 100
                    rows.append([employee.nip, quarter.label_id, f"IKI-{j + 1}", indicator, measure,
                                 _number_text(target, 0), text, direction, str(weights[j])])
                    if need[e] == "none" and kind == "count" and q == n_q // 2 and 3 <= target <= 9:
                        preference = 0 if unit.startswith("KEL-") and not employee.head else 1
                        bad_candidates.append((preference, len(rows) - 1, int(target)))
                attainment[e, q] = total
        words = {3: "tiga", 4: "empat", 5: "lima", 6: "enam", 7: "tujuh", 8: "delapan", 9: "sembilan"}
        _, index, target = min(bad_candidates)
        rows[index][5] = words[target]
        # utf-8-sig with a header line: the header is line 1, data from line 2.
        self.bad_rows.append(self._bad("skp", "skp.csv", index + 2, "target", "not_a_number", words[target],
                                       "target written in words"))
        out = pd.DataFrame(rows, columns=["NIP", "Triwulan", "Kode Indikator", "Indikator Kinerja", "Satuan",
                                          "Target", "Realisasi", "Arah", "Bobot (%)"])
        return out, attainment

    def make_behaviour(self, frame: pd.DataFrame, attainment: np.ndarray) -> list[list[Any]]:
        rng = self.rng
        n, n_q = len(frame), len(self.quarters)
        need = frame["training_need"].to_numpy()
        excellence = rng.choice(np.array([0.05, 0.15, 0.35]), n, p=[0.4, 0.45, 0.15])
        draws = rng.random((n, n_q, 7))
        # 0 = Di Bawah, 1 = Sesuai, 2 = Di Atas
        p_below = np.full((n, n_q, 7), 0.04)
        communication = [i for i, (name, _) in enumerate(BERAKHLAK)
                         if name in TRAINING_NEED_FEATURES["komunikasi_efektif"]]
        for i in communication:
            p_below[need == "komunikasi_efektif", :, i] = 0.75
        p_above = np.where(p_below > 0.5, 0.0, excellence[:, None, None])
        ratings = np.where(draws < p_below, 0, np.where(draws > 1 - p_above, 2, 1))
        below = (ratings == 0).sum(axis=2)
        above = (ratings == 2).sum(axis=2)
        perilaku = np.where(below >= 2, 0, np.where((above >= 3) & (below == 0), 2, 1))
        hasil = np.where(attainment >= 1.08, 2, np.where(attainment >= 0.9, 1, 0))
        labels = np.array(["Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi"], dtype=object)
        rows: list[list[Any]] = []
        plain = np.flatnonzero(need == "none")
        bad_employee, bad_quarter = int(plain[len(plain) // 2]), n_q // 2
        excel_row = 3  # title in row 1, header in row 2
        for q, quarter in enumerate(self.quarters):
            tw = f"TW {quarter.label_id.split()[1]}/{quarter.year}"
            for e, (nip, name) in enumerate(zip(frame["nip"], frame["name"])):
                values = list(labels[ratings[e, q]])
                if (e, q) == (bad_employee, bad_quarter):
                    values[2] = "Cukup"
                    self.bad_rows.append(self._bad("behaviour", "perilaku.xlsx", excel_row, "kompeten",
                                                   "invalid_choice", "Cukup", "not a rating"))
                rows.append([nip, name, tw, *values, labels[hasil[e, q]], labels[perilaku[e, q]]])
                excel_row += 1
        return rows

    # -- complaints --
    def make_complaints(self) -> pd.DataFrame:
        rng = self.rng
        candidates = [u for u in self.units if u.unit_type != "sekolah"] + \
            [u for u in self.units if u.unit_type == "sekolah"][:3]
        weights = np.array([3.0 if u.unit_type == "puskesmas" else 1.5 if u.unit_type == "kecamatan"
                            else 1.0 if u.unit_type == "kelurahan" else 0.3 for u in candidates])
        categories = list(_COMPLAINTS)
        category_p = np.array([0.25, 0.2, 0.15, 0.15, 0.12, 0.05, 0.08])
        extraction = _seconds(np.array([self.reference], dtype="datetime64[D]"))[0] + 86400 - 60
        records = []
        for q, quarter in enumerate(self.quarters):
            count = int(rng.integers(15, 41))
            units = [candidates[i] for i in rng.choice(len(candidates), count, p=weights / weights.sum())]
            kinds = [categories[i] for i in rng.choice(len(categories), count, p=category_p)]
            if q == len(self.quarters) - 1:
                planted = self.unit_by_code[WAITING_PLANTED_UNIT]
                units += [planted] * 8
                kinds += [_WAITING_COMPLAINT_CATEGORY] * 8
            span = (quarter.end - quarter.start).days + 1
            for unit, kind in zip(units, kinds):
                received = _seconds(np.array([quarter.start], dtype="datetime64[D]"))[0] \
                    + int(rng.integers(0, span)) * 86400 + int(rng.integers(7 * 3600, 22 * 3600))
                received -= received % 60
                days = int(np.clip(np.rint(np.exp(rng.normal(math.log(3.0), 0.6))), 0, 20))
                resolved = received - received % 86400 + days * 86400 + int(rng.integers(8 * 3600, 16 * 3600))
                resolved = max(resolved - resolved % 60, received + 3600)
                stays_open = rng.random() < 0.1
                text_pick = int(rng.integers(0, 1000))
                channel = _COMPLAINT_CHANNELS[0][int(rng.choice(5, p=_COMPLAINT_CHANNELS[1]))]
                if stays_open or resolved > extraction:
                    status = "Baru" if extraction - received < 3 * 86400 else "Diproses"
                    resolved = _MISSING
                else:
                    status = "Selesai"
                texts = _COMPLAINTS[kind]
                if kind == _WAITING_COMPLAINT_CATEGORY and unit.unit_type != "puskesmas":
                    texts = texts[1:2]
                records.append((received, unit, channel, kind, resolved, status, texts[text_pick % len(texts)]))
        records.sort(key=lambda r: (r[0], r[1].code))
        ids, numbers = [], {}
        for received, *_ in records:
            year = _to_datetime(received).year
            numbers[year] = numbers.get(year, 0) + 1
            ids.append(f"ADU-{year}-{numbers[year]:04d}")
        received = np.array([r[0] for r in records], dtype=np.int64)
        resolved = np.array([r[4] for r in records], dtype=np.int64)
        # Planted: a resolution date typed a month too early.
        middle = self.quarters[len(self.quarters) // 2]
        middle_start = _seconds(np.array([middle.start], dtype="datetime64[D]"))[0]
        pick = int(np.flatnonzero((resolved != _MISSING) & (received >= middle_start))[0])
        resolved[pick] = resolved[pick] - 31 * 86400
        resolved[pick] = min(resolved[pick], received[pick] - 86400)
        out = pd.DataFrame({
            "No Tiket": ids,
            "Unit": [r[1].code for r in records],
            "Saluran": [r[2] for r in records],
            "Kategori": [r[3] for r in records],
            "Tanggal Pengaduan": _format_timestamps(received, "dmy_hm"),
            "Tanggal Selesai": _format_timestamps(resolved, "dmy_hm"),
            "Status": [r[5] for r in records],
            "Isi Pengaduan": [r[6] for r in records],
        })
        self.bad_rows.append(self._bad("complaints", "pengaduan.csv", pick + 2, "resolved_at",
                                       "resolved_before_received", out.at[pick, "Tanggal Selesai"],
                                       f"received {out.at[pick, 'Tanggal Pengaduan']}"))
        return out

    # -- trainings --
    def make_trainings(self, frame: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng
        days = self.workdays[5]
        windows = []
        end = self.reference
        while end >= self.rollout:
            start = max(self.rollout, end - timedelta(days=364))
            windows.append((start, end))
            end = start - timedelta(days=1)
        windows.reverse()
        rows = []
        for employee in frame.itertuples(index=False):
            eligible = [p for p in _PROGRAMS if p[3] is None or employee.unit_type in p[3]]
            for start, end in windows:
                fraction = ((end - start).days + 1) / 365
                count = int(rng.choice(4, p=_TRAININGS_PER_YEAR))
                count = int(round(count * fraction)) if fraction < 0.99 else count
                choice = rng.choice(len(eligible), count, replace=False)
                in_window = days[(days >= np.datetime64(start)) & (days <= np.datetime64(end - timedelta(days=6)))]
                for i in sorted(choice):
                    program, jp, organiser, _ = eligible[i]
                    first = in_window[int(rng.integers(len(in_window)))].astype(object)
                    last = first + timedelta(days=math.ceil(jp / 8) - 1)
                    rows.append((employee.order, first, program, last, jp, organiser, employee.nip))
        rows.sort(key=lambda r: (r[1], r[0], r[2]))
        # Exported from the national ASN system with the canonical English headers.
        return pd.DataFrame({
            "nip": [r[6] for r in rows],
            "program": [r[2] for r in rows],
            "start_date": [f"{r[1]:%d/%m/%Y}" for r in rows],
            "end_date": [f"{r[3]:%d/%m/%Y}" for r in rows],
            "jp": [r[4] for r in rows],
            "organiser": [r[5] for r in rows],
        })

    # -- sosialisasi --
    def make_sosialisasi(self, frame: pd.DataFrame) -> pd.DataFrame:
        days = self.workdays[5]
        session = {"kecamatan": days[1], "kelurahan": days[1], "puskesmas": days[3], "sekolah": days[5]}
        self.session_dates = sorted({str(d) for d in session.values()})
        dates = np.array([session[t] for t in frame["unit_type"]], dtype="datetime64[D]")
        order = np.lexsort((frame["order"].to_numpy(), dates))
        return pd.DataFrame({
            "NIP": frame["nip"].to_numpy()[order],
            "Tanggal Sosialisasi": _format_days(dates[order], "dmy_dash"),
            "Materi": _SOSIALISASI_TOPIC,
            "Hadir": np.where(frame["sosialisasi"].to_numpy()[order], "Ya", "Tidak"),
        })

    # -- change survey --
    def make_survey(self, frame: pd.DataFrame) -> list[list[Any]]:
        rng = self.rng
        n = len(frame)
        answered = np.flatnonzero(rng.random(n) < 0.7)
        answered = answered[rng.permutation(len(answered))]
        days = self.workdays[5]
        window = days[(days >= np.datetime64(self.rollout + timedelta(days=41)))
                      & (days <= np.datetime64(self.rollout + timedelta(days=52)))]
        survey_days = np.sort(window[rng.integers(0, len(window), len(answered))])
        resistance = frame["resistance"].to_numpy()[answered]
        items = np.clip(np.rint(resistance[:, None] + rng.normal(0, 0.9, (len(answered), 17))), 1, 6)
        items[:, 3] = 7 - items[:, 3]  # item 4 is reverse-keyed
        blank = rng.random(items.shape) < 0.01
        bad_index = int(rng.integers(len(answered) // 3, 2 * len(answered) // 3))
        rows = []
        for i, e in enumerate(answered):
            employee = frame.iloc[e]
            survey_day = survey_days[i].astype(object)
            values: list[Any] = [None if blank[i, j] else int(items[i, j]) for j in range(17)]
            if i == bad_index:
                values[11] = 7
                # Title in row 1, blank row 2, header in row 3: respondent i is in row i + 4.
                self.bad_rows.append(self._bad("change_survey", "survei_perubahan.xlsx", i + 4, "rtc_12",
                                               "value_out_of_range", 7, "items are 1 to 6"))
            age = int((survey_day - employee["birth_date"]).days // 365.25)
            tenure = round((survey_day - employee["tmt"]).days / 365.25, 1)
            rows.append([f"R{i + 1:04d}", employee["nip"], f"{survey_day:%d-%m-%Y}", *values,
                         employee["unit_code"], age, tenure, employee["golongan"], employee["employment_type"]])
        return rows


# --- employees workbook -------------------------------------------------------

_EMPLOYEE_HEADER = ("No", "NIP", "Nama", "Unit Kerja", "Status Kepegawaian", "Golongan", "Jabatan",
                    "Jenis Jabatan", "Jenis Kelamin", "Tanggal Lahir", "NIP Atasan")
_CLASS_LABEL = {"administrator": "Administrator", "pengawas": "Pengawas", "pelaksana": "Pelaksana",
                "fungsional_ahli": "Fungsional Ahli", "fungsional_terampil": "Fungsional Terampil"}
_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember")


def _unit_name_variant(name: str, draw: float) -> str:
    """The unit name as typed by hand: other case or a double space, which name matching must absorb."""
    if draw < 0.03:
        return name.upper()
    if draw < 0.05:
        return name.lower()
    if draw < 0.08:
        first, _, rest = name.partition(" ")
        return f"{first.upper()}  {rest}"
    return name


def _write_employees(generator: _Generator, frame: pd.DataFrame, path: Path) -> dict[str, Any]:
    rng = generator.rng
    n = len(frame)
    name_draw = rng.random(n)
    spaced = rng.random(n) < 0.12
    text_birth = rng.random(n) < 0.1
    rows: list[list[Any]] = []
    for i, employee in enumerate(frame.itertuples(index=False)):
        nip = parse_nip(employee.nip, today=generator.reference).formatted() if spaced[i] else employee.nip
        birth: Any = f"{employee.birth_date:%d/%m/%Y}" if text_birth[i] else employee.birth_date
        rows.append([nip, employee.name, _unit_name_variant(employee.unit_name, name_draw[i]),
                     employee.employment_type, employee.golongan, employee.position,
                     _CLASS_LABEL[employee.position_class], employee.gender, birth, employee.supervisor_nip or None])

    # Planted: an ASN transferred in, whose NIP was typed into a numeric cell and lost its last digits.
    kecamatan_size = int((frame["unit_type"] == "kecamatan").sum())
    birth = date(1977, 3, 12)
    digits = generator.new_nip(birth, 2005, 1, female=False)
    mangled = float(f"{int(digits):.14e}")
    camat = frame.loc[frame["head"] & (frame["unit_type"] == "kecamatan"), "nip"].iloc[0]
    transferred_name = person_name(rng, False, 49, "S.Sos.")
    transferred = [mangled, transferred_name, "Kantor Camat Cakranegara", "PNS", "III/c",
                   "Penata Layanan Operasional", "Pelaksana", "L", birth, camat]
    rows.insert(kecamatan_size, transferred)
    mangled_row = 5 + kecamatan_size
    # Planted: a row pasted twice; the copy at the end is the duplicate.
    staff = np.flatnonzero((frame["unit_type"] == "kelurahan").to_numpy() & ~frame["head"].to_numpy()
                           & (frame["training_need"] == "none").to_numpy())
    original = int(staff[int(rng.integers(len(staff)))])
    original_position = original + (1 if original >= kecamatan_size else 0)
    rows.append(list(rows[original_position]))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "DUK ASN"
    last_column = len(_EMPLOYEE_HEADER)
    end = generator.reference
    sheet.cell(row=1, column=1, value="DAFTAR ASN KECAMATAN CAKRANEGARA").font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=f"Keadaan per {end.day} {_MONTHS_ID[end.month - 1]} {end.year}")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_column)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.cell(row=2, column=1).alignment = Alignment(horizontal="center")
    for column, text in enumerate(_EMPLOYEE_HEADER, start=1):
        cell = sheet.cell(row=4, column=column, value=text)
        cell.font = Font(bold=True)
    for offset, values in enumerate(rows):
        excel_row = 5 + offset
        sheet.cell(row=excel_row, column=1, value=offset + 1)
        for column, value in enumerate(values, start=2):
            cell = sheet.cell(row=excel_row, column=column, value=value)
            if column in (2, 11) and isinstance(value, str):
                cell.number_format = "@"
            elif column == 10 and isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
    widths = (5, 24, 36, 30, 12, 10, 40, 20, 8, 14, 24)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(ord("A") + column - 1)].width = width
    _save_workbook(workbook, path)

    generator.bad_rows.insert(0, generator._bad("employees", "pegawai.xlsx", mangled_row, "nip", "excel_mangled_nip",
                                                mangled, f"transferred ASN, NIP {digits} in a numeric cell; "
                                                "appears in no other file"))
    generator.bad_rows.insert(1, generator._bad("employees", "pegawai.xlsx", 5 + len(rows) - 1, "nip",
                                                "duplicate_key", rows[-1][0],
                                                f"exact copy of row {5 + original_position}"))
    return {"rows": len(rows)}


# --- entry point ---------------------------------------------------------------

def _parse_quarters(quarters: str) -> list[Quarter]:
    if ":" in quarters:
        found = parse_quarter_range(quarters)
    else:
        found = [Quarter.parse(quarters)]
    if len(found) < 2:
        raise ValueError(f"quarters must span at least two quarters, e.g. {DEFAULT_QUARTERS}; got {quarters!r}.")
    return found


def generate_demo(out: str | Path, employees: int = 1000, seed: int = 0,
                  quarters: str = DEFAULT_QUARTERS) -> Path:
    """Write the synthetic demo data set of Kecamatan Cakranegara into a folder.

    Parameters
    ----------
    out : str or Path
        Folder to write into; created when missing. Demo files already there
        are overwritten, other files are left alone.
    employees : int
        Number of ASN (at least 60). The units are scaled to it: the
        kecamatan office, ten kelurahan offices, two Puskesmas and enough
        primary schools to employ the rest.
    seed : int
        Seed of ``numpy.random.default_rng``; the same arguments give
        byte-identical files.
    quarters : str
        Quarter range "FIRST:LAST" (e.g. "2024-Q4:2026-Q3"), at least two
        quarters. e-Kinerja is rolled out on the first day of FIRST.

    Returns
    -------
    Path
        The folder, holding the files in `DEMO_FILES`.

    Raises
    ------
    ValueError
        If `employees` is below 60 or `quarters` is not a range of two or more quarters.
    """
    if isinstance(employees, bool) or not isinstance(employees, (int, np.integer)) or employees < MIN_EMPLOYEES:
        raise ValueError(f"employees must be a whole number of at least {MIN_EMPLOYEES}, not {employees!r}.")
    quarter_list = _parse_quarters(quarters)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    generator = _Generator(int(employees), int(seed), quarter_list)
    frame = generator.make_employees()
    generator.assign_training_needs(frame)
    generator.assign_resistance(frame)

    units = pd.DataFrame({
        "Kode Unit": [u.code for u in generator.units],
        "Nama Unit": [u.name for u in generator.units],
        "Jenis Unit": [u.unit_type for u in generator.units],
        "Hari Kerja": [u.workdays_per_week for u in generator.units],
    })
    _write_csv(units, folder / "unit_kerja.csv")

    employee_info = _write_employees(generator, frame, folder / "pegawai.xlsx")

    visits = generator.make_visits()
    _write_csv(visits, folder / "kunjungan.csv")

    skm_rows = generator.make_skm()
    unsur_labels = [label for _, label, _ in UNSUR]
    skm_header = ["No Kuesioner", "Tanggal", "Unit Layanan", "Jenis Layanan", "Jenis Kelamin", "Umur", "Pendidikan",
                  "Pekerjaan", *unsur_labels[:7], unsur_labels[8], unsur_labels[7], "Saran"]
    first, last = quarter_list[0], quarter_list[-1]
    _write_table_xlsx(folder / "skm.xlsx", "SKM",
                      [f"REKAPITULASI SURVEI KEPUASAN MASYARAKAT {first.label_id.upper()} - {last.label_id.upper()}"],
                      skm_header, skm_rows, date_columns=[1])

    skp, attainment = generator.make_skp(frame)
    _write_csv(skp, folder / "skp.csv", sep=";", encoding="utf-8-sig", lineterminator="\r\n")

    behaviour_rows = generator.make_behaviour(frame, attainment)
    behaviour_header = ["NIP", "Nama", "Triwulan", *[label for _, label in BERAKHLAK], "Hasil Kerja",
                        "Perilaku Kerja"]
    _write_table_xlsx(folder / "perilaku.xlsx", "Perilaku",
                      ["REKAPITULASI PENILAIAN PERILAKU KERJA (BerAKHLAK) ASN KECAMATAN CAKRANEGARA"],
                      behaviour_header, behaviour_rows)

    activities = generator.make_activities(frame)
    _write_csv(activities, folder / "aktivitas.csv")

    complaints = generator.make_complaints()
    _write_csv(complaints, folder / "pengaduan.csv", sep=";", encoding="cp1252", lineterminator="\r\n")

    trainings = generator.make_trainings(frame)
    _write_csv(trainings, folder / "pelatihan.csv")

    sosialisasi = generator.make_sosialisasi(frame)
    _write_csv(sosialisasi, folder / "sosialisasi.csv")

    survey_rows = generator.make_survey(frame)
    survey_header = ["Responden", "NIP", "Tanggal", *[f"Q{i}" for i in range(1, 18)], "Unit Kerja", "Umur",
                     "Masa Kerja", "Golongan", "Status Kepegawaian"]
    _write_table_xlsx(folder / "survei_perubahan.xlsx", "Survei",
                      ["SURVEI KESIAPAN MENGHADAPI PERUBAHAN (SKALA RESISTENSI OREG) - ASN KECAMATAN CAKRANEGARA",
                       None], survey_header, survey_rows)

    truth = _ground_truth(generator, frame, {
        "units": len(units), "employees": employee_info["rows"], "skp": len(skp),
        "behaviour": len(behaviour_rows), "activities": len(activities), "visits": len(visits),
        "ikm_responses": len(skm_rows), "complaints": len(complaints), "trainings": len(trainings),
        "sosialisasi": len(sosialisasi), "change_survey": len(survey_rows),
    })
    text = json.dumps(truth, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    (folder / "ground_truth.json").write_text(text, encoding="utf-8", newline="\n")
    return folder


def generate_demo_parquet(out: str | Path, employees: int = 1000, seed: int = 0, quarters: str = DEFAULT_QUARTERS,
                          *, chunk_employees: int = DEFAULT_CHUNK_EMPLOYEES) -> Path:
    """Write the demo's units, employees and e-Kinerja activities as Parquet, at any scale.

    The layout a national data warehouse would export: ``units.parquet`` and
    ``employees.parquet`` with canonical columns, and the activities
    partitioned by quarter, Hive style
    (``activities/quarter=2026-Q3/part-00000.parquet``), one part per chunk
    of ``chunk_employees`` employees. The activities are drawn, written and
    dropped chunk by chunk, so memory grows with the employees (the
    dimension tables) but not with the activities.

    How this relates to :func:`generate_demo` with the same ``employees``
    and ``seed``: the units are the same; the employees follow the same
    model, drawn from the same stream except that names are not redrawn
    until unused (a name may repeat), so they are the same people only as
    long as the CSV demo drew no repeated name; the activities follow the
    same model (:func:`draw_activities`, the function the CSV demo calls),
    drawn from one random stream per chunk
    (``numpy.random.SeedSequence(seed).spawn``) instead of the CSV demo's
    single stream. The same arguments give the same rows. No bad rows are
    planted, and the other tables of the CSV demo are not written.

    Parameters
    ----------
    out
        Folder to write into; created when missing. ``units.parquet``,
        ``employees.parquet``, ``activities/`` and ``ground_truth.json`` are
        replaced, other files are left alone.
    employees, seed, quarters
        As for :func:`generate_demo`.
    chunk_employees
        Employees whose activities are drawn and written at once: the memory
        the activities take grows with it, not with ``employees`` (the model
        gives about 68 activities per employee in a quarter after the
        rollout one).

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    ValueError
        If ``employees`` is below 60, ``chunk_employees`` below 1 or
        ``quarters`` is not a range of two or more quarters.
    """
    if isinstance(employees, bool) or not isinstance(employees, (int, np.integer)) or employees < MIN_EMPLOYEES:
        raise ValueError(f"employees must be a whole number of at least {MIN_EMPLOYEES}, not {employees!r}.")
    if isinstance(chunk_employees, bool) or not isinstance(chunk_employees, (int, np.integer)) or chunk_employees < 1:
        raise ValueError(f"chunk_employees must be a whole number of at least 1, not {chunk_employees!r}.")
    quarter_list = _parse_quarters(quarters)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    generator = _Generator(int(employees), int(seed), quarter_list, unique_names=False)
    frame = generator.make_employees()
    generator.assign_training_needs(frame)
    generator.assign_resistance(frame)

    units = pa.table({
        "unit_code": [u.code for u in generator.units], "unit_name": [u.name for u in generator.units],
        "unit_type": [u.unit_type for u in generator.units],
        "workdays_per_week": pa.array([u.workdays_per_week for u in generator.units], pa.int64()),
    })
    pq.write_table(units, folder / "units.parquet")
    staff = frame[["nip", "name", "unit_code", "employment_type", "golongan", "position", "position_class",
                   "gender", "birth_date", "supervisor_nip"]]
    staff = staff.assign(supervisor_nip=staff["supervisor_nip"].replace("", None))
    pq.write_table(pa.Table.from_pandas(staff, preserve_index=False), folder / "employees.parquet")

    scratch = Path(tempfile.mkdtemp(prefix=".activities-", dir=folder))
    try:
        rows = _write_activity_parts(generator, frame, scratch, int(seed), int(chunk_employees))
        target = folder / "activities"
        if target.exists():
            shutil.rmtree(target)
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary = {
        "generated_with": GENERATOR_VERSION,
        "format": "parquet",
        "seed": generator.seed,
        "employees": generator.n_requested,
        "quarters": [q.label for q in generator.quarters],
        "chunk_employees": int(chunk_employees),
        "rows": {"units": units.num_rows, "employees": len(staff), "activities": rows},
        "bad_rows": [],
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    (folder / "ground_truth.json").write_text(text, encoding="utf-8", newline="\n")
    return folder


_STATUS_CANONICAL = {"Disetujui": "approved", "Menunggu Persetujuan": "submitted", "Ditolak": "rejected"}
"""The e-Kinerja export's status spellings and the dictionary's canonical values."""


def _write_activity_parts(generator: _Generator, frame: pd.DataFrame, folder: Path, seed: int,
                          chunk_employees: int) -> dict[str, int]:
    """Draw and write the activities chunk by chunk; return the rows written per quarter."""
    chunks = range(0, len(frame), chunk_employees)
    streams = np.random.SeedSequence(seed).spawn(len(chunks))
    labels = [q.label for q in generator.quarters]
    rows = dict.fromkeys(labels, 0)
    statuses = pa.array(list(_STATUS_CANONICAL.values()))
    categories, texts = pa.array(_ACTIVITY_CATEGORIES.tolist()), pa.array(_ACTIVITY_TEXTS.tolist())
    next_id = 1
    for part, (start, stream) in enumerate(zip(chunks, streams)):
        members = frame.iloc[start:start + chunk_employees]
        drawn = draw_activities(members, generator.workdays, np.random.default_rng(stream))
        employee, day = drawn["employee"].to_numpy(), drawn["day"].to_numpy()
        order = np.lexsort((drawn["submitted"].to_numpy(), employee, day))
        employee, day = employee[order], day[order]
        submitted = drawn["submitted"].to_numpy()[order]
        approved = drawn["approved"].to_numpy()[order]
        status = pd.Index(list(_STATUS_CANONICAL)).get_indexer(drawn["status"].to_numpy()[order])
        text_index = drawn["text_index"].to_numpy()[order]
        ids = pc.utf8_lpad(pa.array(np.arange(next_id, next_id + len(order))).cast(pa.string()), 7, "0")
        next_id += len(order)
        table = pa.table({
            "activity_id": pc.binary_join_element_wise("EK", ids, ""),
            "nip": pa.DictionaryArray.from_arrays(employee.astype(np.int32), pa.array(members["nip"].tolist())),
            "activity_date": pa.array(day.astype("datetime64[D]")),
            "submitted_at": pa.array(submitted * 1_000_000, pa.timestamp("us")),
            "approved_at": pa.array(np.where(approved == _MISSING, 0, approved) * 1_000_000, pa.timestamp("us"),
                                    mask=approved == _MISSING),
            "status": pa.DictionaryArray.from_arrays(status.astype(np.int32), statuses),
            "category": pa.DictionaryArray.from_arrays(text_index.astype(np.int32), categories),
            "duration_minutes": pa.array(drawn["duration"].to_numpy()[order], pa.int64()),
            "description": pa.DictionaryArray.from_arrays(text_index.astype(np.int32), texts),
        })
        quarter = generator.quarter_index(day)
        bounds = np.searchsorted(quarter, np.arange(len(labels) + 1))  # rows are sorted by day, hence by quarter
        for index, label in enumerate(labels):
            if bounds[index + 1] > bounds[index]:
                partition = folder / f"quarter={label}"
                partition.mkdir(exist_ok=True)
                piece = table.slice(bounds[index], bounds[index + 1] - bounds[index])
                pq.write_table(piece, partition / f"part-{part:05d}.parquet")
                rows[label] += piece.num_rows
    return rows


def _ground_truth(generator: _Generator, frame: pd.DataFrame, rows: dict[str, int]) -> dict[str, Any]:
    last = generator.quarters[-1].label
    before_quarters = [q.label for q in generator.quarters[:-1]]
    waiting = generator.waiting_medians[WAITING_PLANTED_UNIT]
    ikm = generator.ikm[IKM_PLANTED_UNIT]
    order = ["employees", "activities", "visits", "ikm_responses", "skp", "behaviour", "complaints", "change_survey"]
    bad_rows = sorted(generator.bad_rows, key=lambda b: (order.index(b["table"]), b["row"]))
    return {
        "generated_with": GENERATOR_VERSION,
        "seed": generator.seed,
        "employees": generator.n_requested,
        "quarters": [q.label for q in generator.quarters],
        "rows": rows,
        "units": {u.code: {"name": u.name, "type": u.unit_type, "workdays_per_week": u.workdays_per_week,
                           "employees": u.size} for u in generator.units},
        "training_needs": dict(zip(frame["nip"], frame["training_need"])),
        "training_need_features": TRAINING_NEED_FEATURES,
        "training_need_rules": {
            "manajemen_waktu": "most daily reports submitted 2-6 days late (same-day probability 0.12-0.25)",
            "komunikasi_efektif": "Berorientasi Pelayanan, Harmonis and Kolaboratif rated Di Bawah Ekspektasi "
                                  "with probability 0.75 each quarter",
            "literasi_digital": "45-60% of working days reported after adoption (others 85-95%)",
            "kompetensi_teknis": "SKP attainment about 75% (others about 100%)",
        },
        "resistance_adoption": {
            "rollout_date": generator.rollout.isoformat(),
            "delay_rule": "working days from rollout to the first report = floor((delay_intercept_days + "
                          "delay_days_per_point * (resistance - 1)) * Gamma(shape, 1/shape)), capped",
            "delay_intercept_days": DELAY_INTERCEPT_DAYS,
            "delay_days_per_point": DELAY_DAYS_PER_POINT,
            "delay_gamma_shape": DELAY_GAMMA_SHAPE,
            "delay_unit": "working days of the unit's calendar, counted from the rollout date (day 0)",
            "cap_working_days": generator.adoption_caps,
            "on_time_probability_per_point": ON_TIME_PER_POINT,
            "resistance_scale": "1-6, as the Oreg items",
            "resistance_baseline": {"mean": RESISTANCE_MEAN, "sd": RESISTANCE_SD,
                                    "age_effect_per_year_over_40": RESISTANCE_AGE_PER_YEAR, "clipped_to": [1, 6]},
            "survey_item_rule": "item = clip(round(resistance + N(0, 0.9)), 1, 6); item 4 answered as 7 minus that",
            "reverse_keyed_items": [4],
            "resistance": {nip: round(float(r), 4) for nip, r in zip(frame["nip"], frame["resistance"])},
            "first_report_date": {nip: pd.Timestamp(d).strftime("%Y-%m-%d")
                                  for nip, d in zip(frame["nip"], frame["adopt_date"])},
        },
        "sosialisasi": {
            "effect_on_resistance": SOSIALISASI_EFFECT,
            "effect_on_adoption_delay_days": SOSIALISASI_EFFECT * DELAY_DAYS_PER_POINT,
            "attendance_probability": SOSIALISASI_ATTENDANCE,
            "assignment": "independent random draw per ASN",
            "topic": _SOSIALISASI_TOPIC,
            "session_dates": generator.session_dates,
            "attended": int(frame["sosialisasi"].sum()),
        },
        "waiting_time": {
            "unit_code": WAITING_PLANTED_UNIT,
            "unit_name": generator.unit_by_code[WAITING_PLANTED_UNIT].name,
            "quarter": last,
            "standard_minutes": WAITING_STANDARD_MINUTES,
            "median_before_minutes": float(np.median([waiting[q] for q in before_quarters])),
            "median_after_minutes": waiting[last],
            "generated_median_before": WAITING_BEFORE_MEDIAN,
            "generated_median_after": WAITING_AFTER_MEDIAN,
            "median_by_quarter": waiting,
            "median_by_unit_quarter": generator.waiting_medians,
            "note": "medians of service start minus arrival, in minutes, over served visits (bad rows excluded)",
        },
        "ikm": {
            "unit_code": IKM_PLANTED_UNIT,
            "unit_name": generator.unit_by_code[IKM_PLANTED_UNIT].name,
            "quarter": last,
            "ikm_before": ikm[before_quarters[-1]],
            "ikm_after": ikm[last],
            "grade_before": grade(ikm[before_quarters[-1]]).letter,
            "grade_after": grade(ikm[last]).letter,
            "weight": "1/9",
            "ikm_by_quarter": ikm,
            "ikm_by_unit_quarter": generator.ikm,
            "note": "IKM = mean over the nine unsur of NRR x 25, NRR ignoring blanks; bad rows excluded",
        },
        "bad_rows": bad_rows,
    }


def demo_folder(employees: int = 1000, seed: int = 0, quarters: str = DEFAULT_QUARTERS,
                cache: str | Path | None = None) -> Path:
    """Return a folder holding the demo data, generating it on first use.

    Parameters
    ----------
    employees, seed, quarters
        As for :func:`generate_demo`.
    cache
        Folder for generated data sets; default ``$KINERJA_CACHE`` or
        ``~/.cache/kinerja``. Each data set is keyed by its arguments and a
        hash of the generator's code, so a changed generator never serves
        stale data.

    Notes
    -----
    The data are generated in a temporary folder and renamed into place, so
    notebooks started in parallel never see a half-written folder.
    """
    root = Path(cache or os.environ.get("KINERJA_CACHE") or Path.home() / ".cache" / "kinerja")
    code = hashlib.sha256(b"".join(Path(module.__file__).read_bytes() for module in (sys.modules[__name__], _names)))
    name = f"demo-{code.hexdigest()[:12]}-n{employees}-s{seed}-{quarters.replace(':', '_')}"
    folder = root / name
    if (folder / "ground_truth.json").is_file():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        generate_demo(scratch, employees=employees, seed=seed, quarters=quarters)
        try:
            scratch.rename(folder)
        except OSError:
            if not (folder / "ground_truth.json").is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def load_demo(employees: int = 1000, seed: int = 0, quarters: str = DEFAULT_QUARTERS,
              cache: str | Path | None = None, engine: Engine = Engine()) -> Dataset:
    """Load the built-in demo data set as a validated :class:`~kinerja.data.dataset.Dataset`.

    The data are synthetic (names and NIPs are made up) and are generated
    into a cache on first use (see :func:`demo_folder`); ``engine`` holds the
    event tables (:mod:`kinerja.data.engines`).
    """
    return load_dataset(demo_folder(employees, seed, quarters, cache), engine=engine)
