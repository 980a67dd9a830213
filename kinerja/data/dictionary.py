"""The data dictionary: every table the workbench reads, as data.

Each table has canonical English column names, a kind for each column (how
its text is read), whether the column must be present and whether a value may
be blank, the allowed values, and the Indonesian headers accepted as aliases.
The loader (:mod:`kinerja.data.io`), the validation schemas
(:mod:`kinerja.data.schemas`) and ``docs/data-dictionary.md`` are all derived from
these definitions, so they cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from kinerja.data.vocabulary import (
    ABSENCE_KINDS,
    ABSENCE_SPELLINGS,
    ANSWER_LABELS,
    BERAKHLAK,
    FORUM_GROUPS,
    FORUM_KINDS,
    OREG_ITEMS,
    OTHER_ABSENCE,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    RATINGS,
    UNIT_TYPE_WORDS,
    UNIT_TYPES,
    UNSUR,
    UNSUR_NAMES,
    UNSUR_SPELLINGS,
    normalise_header,
    unit_type_from_name,
    unsur_named,
)

__all__ = [
    "ABSENCES", "ABSENCE_KINDS", "ABSENCE_SPELLINGS", "ACTIVITIES", "ANSWER_LABELS", "BEHAVIOUR", "BERAKHLAK",
    "CHANGE_SURVEY", "COMPLAINTS", "EMPLOYEES", "FOLLOW_UPS", "FORUMS", "FORUM_GROUPS", "FORUM_KINDS",
    "IKM_RESPONSES", "KIND_DESCRIPTIONS", "OBSERVATIONS", "OREG_ITEMS", "OTHER_ABSENCE", "PNS_GOLONGAN",
    "PPPK_GOLONGAN", "RATINGS", "SKP", "SOSIALISASI", "TABLES", "TRAININGS", "UNITS", "UNIT_TYPES",
    "UNIT_TYPE_WORDS", "UNSUR", "UNSUR_NAMES", "UNSUR_SPELLINGS", "VISITS", "Column", "ColumnKind", "Table",
    "choices_shown", "header_lookup", "normalise_header", "plain_number", "render_markdown",
    "table_for_file_stem", "unit_type_from_name", "unsur_named",
]

ColumnKind = Literal[
    "text", "nip", "unit", "choice", "integer", "number", "date", "datetime", "quarter"
]


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Parameters
    ----------
    name
        Canonical English name.
    kind
        How the text of a cell is read (see ``KIND_DESCRIPTIONS``).
    description
        What the column holds, in a few words.
    required
        The column must be present in the file.
    nullable
        A cell may be blank. A required, non-nullable column needs a value in
        every row.
    aliases
        Headers accepted for the column besides its canonical name; matched
        ignoring case, punctuation and repeated spaces.
    choices
        Canonical value -> accepted spellings. For ``kind="choice"`` the
        allowed values; for ``kind="text"`` the known values, written in
        their canonical form, while any other text is kept as written.
        Matched ignoring case, spaces and punctuation.
    minimum, maximum
        Inclusive bounds for numbers.
    default
        Value used when an optional column is absent or a cell is blank.
    labels
        For ``kind="integer"``: answer labels read as 1, 2, ... in order, in
        place of the number (any case; an option letter ``a.``-``d.`` before
        the label is ignored).
    duration
        For ``kind="integer"``: the column holds minutes and also reads
        durations (``1:30``, ``90 menit``, ``1 jam 30 menit``, ``1,5 jam``).
    """

    name: str
    kind: ColumnKind
    description: str
    required: bool = True
    nullable: bool = False
    aliases: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: str | float | None = None
    labels: tuple[str, ...] = ()
    duration: bool = False


@dataclass(frozen=True)
class Table:
    """One table of a data folder.

    Parameters
    ----------
    name
        Canonical English name, also the key in ``Dataset`` and in
        ``kinerja validate --json``.
    file_names
        File stems accepted for the table (English and Indonesian).
    description
        What one row is.
    columns
        The columns the dictionary knows.
    key
        Columns that identify a row; a repeated key is a duplicate. Empty:
        a row is a duplicate only when every cell repeats an earlier row.
    event
        Event tables (large logs) are held in DuckDB and exposed through Ibis.
    one_of
        Groups of columns of which at least one must be present and filled.
    answered
        Answer columns of a questionnaire: a row needs at least one of them
        filled, or it holds no answer at all.
    whole_row_duplicates
        Whether a row without its key that repeats every cell of an earlier
        row is a duplicate. False where identical rows are legitimate.
    """

    name: str
    file_names: tuple[str, ...]
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    event: bool = False
    one_of: tuple[tuple[str, ...], ...] = ()
    answered: tuple[str, ...] = ()
    whole_row_duplicates: bool = True
    rules: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Names of the columns that must be present."""
        return tuple(c.name for c in self.columns if c.required)


KIND_DESCRIPTIONS: dict[str, str] = {
    "text": "text; surrounding spaces removed",
    "nip": "NIP (PNS) or NI PPPK, 18 digits stored as text; spaces and dots between groups allowed",
    "unit": "unit code or unit name from the units table (case and repeated spaces ignored)",
    "choice": "one of the allowed values (any case; spaces and punctuation ignored)",
    "integer": "whole number",
    "number": "number; decimal point or decimal comma",
    "date": ("date: yyyy-mm-dd, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or an Excel date; a time after the date "
             "is ignored. The order of day and month is decided per column: a column with a value whose "
             "second part is over 12 (3/14/2026) is read month-first, otherwise day-first (the Indonesian "
             "convention, also when every value has both parts up to 12); a column with both orders "
             "(14/3/2026 and 3/14/2026) has its rows rejected, as no order can be chosen"),
    "datetime": "date and time: a date as above followed by HH:MM[:SS] or HH.MM, or an Excel date-time",
    "quarter": "quarter: 2026-Q3, Q3 2026, Triwulan III 2026, TW III/2026 ...",
}

def _golongan_choices() -> dict[str, tuple[str, ...]]:
    choices: dict[str, tuple[str, ...]] = {}
    for golongan in PNS_GOLONGAN:
        roman, letter = golongan.split("/")
        arabic = {"I": "1", "II": "2", "III": "3", "IV": "4"}[roman]
        choices[golongan] = (f"{roman}{letter}", f"{roman} {letter}", f"{roman}-{letter}", f"{arabic}{letter}")
    for golongan in PPPK_GOLONGAN:
        choices[golongan] = (str(PPPK_GOLONGAN.index(golongan) + 1),)
    return choices


def _nip(name: str = "nip", *aliases: str, required: bool = True, nullable: bool = False,
         description: str = "NIP of the employee") -> Column:
    return Column(name, "nip", description, required=required, nullable=nullable,
                  aliases=("NIP", "NIP/NI PPPK", "NIP Pegawai", "NI PPPK", *aliases))


def _unit(*aliases: str) -> Column:
    return Column(
        "unit_code", "unit", "the unit, by code or by name",
        aliases=("Unit", "Kode Unit", "Unit Kerja", "Unit Layanan", "Satuan Kerja", *aliases),
    )


_GENDER = Column(
    "gender", "choice", "L (laki-laki, male) or P (perempuan, female)", required=False,
    nullable=True, aliases=("Jenis Kelamin", "JK", "L/P", "Sex"),
    choices={"L": ("laki-laki", "laki laki", "lk", "pria", "male", "m"),
             "P": ("perempuan", "pr", "wanita", "female", "f")},
)

_EMPLOYMENT_TYPE = Column(
    "employment_type", "choice", "PNS or PPPK; when absent, read from the NIP",
    required=False, nullable=True,
    aliases=("Status Kepegawaian", "Status ASN", "Jenis ASN", "Status Pegawai", "Jenis Pegawai"),
    choices={"PNS": ("cpns", "pegawai negeri sipil"), "PPPK": ("p3k", "pegawai pemerintah dengan perjanjian kerja")},
)

_GOLONGAN = Column(
    "golongan", "choice", "golongan/ruang: I/a..IV/e for a PNS, I..XVII for a PPPK",
    aliases=("Golongan", "Gol", "Gol/Ruang", "Golongan/Ruang", "Pangkat/Golongan", "Gol. Ruang"),
    choices=_golongan_choices(),
)


def _unsur_headers(number: int, label: str, more: tuple[str, ...]) -> tuple[str, ...]:
    """Headers of unsur ``number``: its code, its name, and its name after the code ("U1. Persyaratan", "1) ...")."""
    names = (label, *more)
    return (f"U{number}", f"Unsur {number}", *names,
            *(f"{code} {name}" for code in (f"U{number}", str(number)) for name in names))


def _rating(name: str, label: str, required: bool = True, nullable: bool = False) -> Column:
    return Column(name, "choice", f"rating of {label}", required=required, nullable=nullable,
                  aliases=(label, f"Nilai {label}", f"Perilaku {label}"), choices=RATINGS)


TABLES: dict[str, Table] = {}


def _register(table: Table) -> Table:
    TABLES[table.name] = table
    return table


UNITS = _register(Table(
    "units", ("units", "unit_kerja", "unit"),
    "one organisational unit: the kecamatan office, a kelurahan office, a Puskesmas, a school or another service unit",
    (
        Column("unit_code", "text", "short unique code of the unit",
               aliases=("Kode Unit", "Kode", "Kode Unit Kerja", "Kode Satker")),
        Column("unit_name", "text", "name of the unit",
               aliases=("Nama Unit", "Nama Unit Kerja", "Unit Kerja", "Nama Satker")),
        Column("unit_type", "choice",
               "kind of unit; when the column is absent or a cell blank, read from the unit name: Puskesmas "
               "or Pustu (also Puskesmas Pembantu, UPT Puskesmas) -> puskesmas; SD, SMP, SMA, SMK, TK, SLB "
               "(Negeri) or Sekolah -> sekolah; Kelurahan or Kantor Lurah -> kelurahan; Kecamatan or Kantor "
               "Camat -> kecamatan; UPT, UPTD, Unit Layanan, Mal Pelayanan Publik -> layanan. A blank type "
               "the name does not give rejects the row; every type read from a name is noted",
               required=False, nullable=True, aliases=("Jenis Unit", "Jenis", "Tipe Unit"), choices=UNIT_TYPES),
        Column("workdays_per_week", "integer",
               "5 (Monday-Friday) or 6 (Monday-Saturday); blank: 6 for puskesmas and layanan, 5 otherwise",
               required=False, nullable=True, aliases=("Hari Kerja", "Hari Kerja per Minggu"),
               minimum=5, maximum=6),
        Column("parent_code", "text", "code of the unit it reports to", required=False, nullable=True,
               aliases=("Kode Induk", "Induk", "Unit Induk")),
    ),
    key=("unit_code",),
    rules=("unit names are unique, ignoring case and repeated spaces",),
))

EMPLOYEES = _register(Table(
    "employees", ("employees", "pegawai", "asn"),
    "one ASN (PNS or PPPK)",
    (
        _nip(description="NIP (PNS) or NI PPPK"),
        Column("name", "text", "full name", aliases=("Nama", "Nama Pegawai", "Nama Lengkap", "Nama ASN")),
        Column("unit_code", "unit", "the unit the employee works in, by code or by name",
               aliases=("Unit Kerja", "Unit", "Kode Unit", "Satuan Kerja", "Nama Unit")),
        _EMPLOYMENT_TYPE,
        _GOLONGAN,
        Column("position", "text", "jabatan, e.g. Lurah, Perawat Ahli Pertama, Pengadministrasi Umum",
               aliases=("Jabatan", "Nama Jabatan")),
        Column("position_class", "choice", "class of the jabatan", required=False, nullable=True,
               aliases=("Jenis Jabatan", "Kelompok Jabatan", "Eselon/Jenis Jabatan"),
               choices={
                   "jpt": ("jabatan pimpinan tinggi", "pimpinan tinggi"),
                   "administrator": (),
                   "pengawas": (),
                   "pelaksana": (),
                   "fungsional_ahli": ("fungsional ahli", "jft ahli", "ahli"),
                   "fungsional_terampil": ("fungsional terampil", "jft terampil", "terampil"),
               }),
        Column("gender", "choice", "L or P; must agree with the NIP", aliases=("Jenis Kelamin", "JK", "L/P"),
               choices=_GENDER.choices),
        Column("birth_date", "date", "date of birth; must agree with the NIP", required=False, nullable=True,
               aliases=("Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir")),
        _nip("supervisor_nip", "NIP Atasan", "NIP Atasan Langsung", required=False, nullable=True,
             description="NIP of the direct supervisor (atasan langsung)"),
    ),
    key=("nip",),
    rules=(
        "unit_code names a unit in the units table",
        "gender and birth_date agree with the NIP",
        "golongan fits the employment type (I/a..IV/e for PNS, I..XVII for PPPK)",
        "employment_type, when given, agrees with the NIP",
    ),
))

SKP = _register(Table(
    "skp", ("skp", "sasaran_kinerja"),
    "one SKP result indicator of one employee in one quarter",
    (
        _nip(),
        Column("quarter", "quarter", "the quarter evaluated", aliases=("Triwulan", "Periode", "Periode Penilaian")),
        Column("indicator_id", "text", "code of the indicator", required=False, nullable=True,
               aliases=("Kode Indikator", "No Indikator")),
        Column("indicator", "text", "the result indicator",
               aliases=("Indikator", "Indikator Kinerja", "Indikator Kinerja Individu", "Uraian Indikator")),
        Column("target", "number", "target for the quarter; blank or 0 gives no attainment",
               nullable=True, aliases=("Target",)),
        Column("realisation", "number", "realisation in the quarter; blank while not reported",
               nullable=True, aliases=("Realisasi", "Capaian Realisasi")),
        Column("measure_unit", "text", "unit of measure (dokumen, orang, menit, %)", required=False,
               nullable=True, aliases=("Satuan", "Satuan Target")),
        Column("direction", "choice", "higher or lower is better; blank or absent: higher",
               required=False, nullable=True, default="higher", aliases=("Arah", "Polaritas", "Arah Indikator"),
               choices={"higher": ("naik", "maksimal", "maksimum", "positif", "max", "lebih tinggi lebih baik"),
                        "lower": ("turun", "minimal", "minimum", "negatif", "min", "lebih rendah lebih baik")}),
        Column("weight", "number", "weight of the indicator in percent", required=False, nullable=True,
               aliases=("Bobot", "Bobot (%)"), minimum=0, maximum=100),
    ),
    key=("nip", "quarter", "indicator"),
    rules=("nip is an employee",),
))

BEHAVIOUR = _register(Table(
    "behaviour", ("behaviour", "behavior", "perilaku", "perilaku_kerja"),
    "the behaviour ratings of one employee in one quarter",
    (
        _nip(),
        Column("quarter", "quarter", "the quarter evaluated", aliases=("Triwulan", "Periode", "Periode Penilaian")),
        *(_rating(name, label) for name, label in BERAKHLAK),
        _rating("hasil_kerja_rating", "Hasil Kerja", required=False, nullable=True),
        _rating("perilaku_rating", "Perilaku Kerja", required=False, nullable=True),
    ),
    key=("nip", "quarter"),
    rules=("nip is an employee",),
))

OBSERVATIONS = _register(Table(
    "observations", ("observations", "pengamatan", "observasi"),
    "one supervisor's note of a behaviour of an employee observed directly (pengamatan langsung)",
    (
        _nip(description="NIP of the employee observed"),
        Column("observer_nip", "nip", "NIP of who observed; need not be in the employees table (a camat may observe)",
               aliases=("NIP Pengamat", "NIP Atasan", "NIP Penilai", "Pengamat")),
        Column("observation_date", "date", "day of the observation",
               aliases=("Tanggal", "Tanggal Pengamatan", "Tgl Pengamatan")),
        Column("core_value", "choice", "the BerAKHLAK core value the behaviour shows",
               aliases=("Nilai", "Nilai Dasar", "Nilai BerAKHLAK", "Nilai Inti"),
               choices={name: (label,) for name, label in BERAKHLAK}),
        Column("kind", "choice", "whether the behaviour is one to appreciate or one to improve",
               aliases=("Jenis", "Sifat", "Kategori Pengamatan"),
               choices={"positive": ("Positif", "Baik", "+", "Apresiasi"),
                        "needs_improvement": ("Perlu Perbaikan", "Perlu Ditingkatkan", "Negatif", "-", "Kurang")}),
        Column("note", "text", "what was observed", nullable=True,
               aliases=("Catatan", "Uraian", "Keterangan", "Catatan Pengamatan")),
    ),
    rules=("nip is an employee", "observer_nip is a valid NIP and not nip"),
))

ACTIVITIES = _register(Table(
    "activities", ("activities", "aktivitas", "ekinerja", "e_kinerja", "laporan_harian"),
    "one daily activity reported in e-Kinerja",
    (
        Column("activity_id", "text", "identifier in e-Kinerja", required=False, nullable=True,
               aliases=("ID", "ID Aktivitas", "No Aktivitas")),
        _nip(),
        Column("activity_date", "date", "day the activity was done",
               aliases=("Tanggal", "Tanggal Aktivitas", "Tgl Aktivitas", "Tanggal Kegiatan")),
        Column("submitted_at", "datetime", "when it was reported",
               aliases=("Waktu Lapor", "Waktu Input", "Tanggal Input", "Dilaporkan", "Waktu Pelaporan")),
        Column("approved_at", "datetime", "when the supervisor approved it; blank while not approved",
               nullable=True, aliases=("Waktu Persetujuan", "Disetujui Pada", "Tanggal Persetujuan")),
        Column("status", "choice", "state of the report; the words of e-Kinerja exports in any case and spacing",
               aliases=("Status", "Status Persetujuan"),
               choices={"approved": ("Disetujui", "Disetujui Atasan", "Diterima", "ACC"),
                        "submitted": ("Diajukan", "Dikirim", "Menunggu", "Menunggu Persetujuan", "Draft",
                                      "Pending"),
                        "rejected": ("Ditolak", "Ditolak Atasan", "Dikembalikan", "Revisi")}),
        Column("category", "text", "kind of activity", required=False, nullable=True,
               aliases=("Kategori", "Jenis Aktivitas", "Jenis Kegiatan")),
        Column("duration_minutes", "integer",
               "minutes spent: whole minutes (90), H:MM or HH:MM[:SS] (1:30, 01:30:00; seconds rounded), "
               "90 menit (or mnt), 1 jam, 1 jam 30 menit, or hours with a decimal comma or point (1,5 jam) "
               "that make whole minutes; an Excel time or duration cell",
               required=False, nullable=True, duration=True,
               aliases=("Durasi", "Durasi (menit)", "Durasi Menit", "Waktu (menit)"), minimum=0, maximum=1440),
        Column("description", "text", "what was done", required=False, nullable=True,
               aliases=("Uraian", "Uraian Aktivitas", "Uraian Kegiatan", "Kegiatan", "Deskripsi")),
        Column("skp_indicator", "text",
               "the indicator of the employee's SKP the activity serves, by its code or its text; stored as "
               "the SKP's code of the indicator, or its text when the SKP gives no code",
               required=False, nullable=True,
               aliases=("Indikator", "RHK", "Kode Indikator", "Kode RHK", "Indikator SKP", "Rencana Hasil Kerja",
                        "Indikator Kinerja")),
    ),
    key=("activity_id",),
    event=True,
    rules=(
        "nip is an employee",
        "submitted_at is not before activity_date",
        "approved_at, when given, is not before submitted_at",
        "an approved activity has approved_at",
        ("skp_indicator, when the skp table has indicators of the NIP in the quarter of activity_date, is the "
         "indicator_id or the indicator of one of them (case, spaces and punctuation ignored)"),
    ),
))

VISITS = _register(Table(
    "visits", ("visits", "kunjungan", "antrian"),
    "one visit of a service user (a patient at a Puskesmas, a resident at a kelurahan counter)",
    (
        Column("visit_id", "text", "identifier of the visit", required=False, nullable=True,
               aliases=("ID", "ID Kunjungan", "No Kunjungan")),
        _unit("Puskesmas"),
        Column("arrival_at", "datetime", "when the user arrived or registered",
               aliases=("Waktu Datang", "Jam Datang", "Waktu Kedatangan", "Waktu Daftar", "Waktu Registrasi")),
        Column("service_start_at", "datetime", "when service began; blank if the user left unserved",
               nullable=True, aliases=("Waktu Dilayani", "Mulai Dilayani", "Jam Dilayani", "Waktu Mulai Layanan")),
        Column("service_end_at", "datetime", "when service ended", required=False, nullable=True,
               aliases=("Waktu Selesai", "Selesai Dilayani", "Jam Selesai")),
        Column("service_type", "text", "kind of service (poli umum, KIA, KTP-el, ...)",
               aliases=("Jenis Layanan", "Layanan", "Poli", "Jenis Pelayanan")),
    ),
    key=("visit_id",),
    event=True,
    rules=(
        "unit_code names a unit",
        "service_start_at is not before arrival_at",
        "service_end_at is not before service_start_at",
    ),
))

IKM_RESPONSES = _register(Table(
    "ikm_responses", ("ikm_responses", "skm", "ikm", "survei_kepuasan"),
    "one respondent's answers to the community satisfaction survey (SKM, PermenPANRB 14/2017)",
    (
        Column("response_id", "text", "identifier of the questionnaire", required=False, nullable=True,
               aliases=("ID", "No Kuesioner", "ID Responden", "No Responden")),
        _unit(),
        Column("survey_date", "date", "day of the survey; a web form's timestamp gives its day",
               aliases=("Tanggal", "Tanggal Survei", "Tgl Survei", "Timestamp", "Cap waktu")),
        Column("service_type", "text", "service received", required=False, nullable=True,
               aliases=("Jenis Layanan", "Layanan", "Jenis Pelayanan")),
        _GENDER,
        Column("age", "integer", "age in years", required=False, nullable=True, aliases=("Umur", "Usia"),
               minimum=10, maximum=110),
        Column("education", "text", "highest education", required=False, nullable=True,
               aliases=("Pendidikan", "Pendidikan Terakhir")),
        Column("occupation", "text", "occupation", required=False, nullable=True, aliases=("Pekerjaan",)),
        *(
            Column(name, "integer",
                   f"U{i}: {label}, 1 (worst) to 4 (best) or the questionnaire's answer "
                   f"({', '.join(ANSWER_LABELS[name])}), with or without an option letter a.-d.; "
                   f"blank: not answered",
                   nullable=True, aliases=_unsur_headers(i, label, more), labels=ANSWER_LABELS[name],
                   minimum=1, maximum=4)
            for i, (name, label, more) in enumerate(UNSUR, start=1)
        ),
        Column("comment", "text", "the respondent's suggestion or comment", required=False, nullable=True,
               aliases=("Saran", "Komentar", "Saran dan Masukan", "Kritik dan Saran")),
        Column("comment_public", "choice", "whoever moderates the comments marked this one fit for the public page; "
               "blank: not published", required=False, nullable=True,
               aliases=("Boleh Dipublikasikan", "Layak Tayang", "Tampilkan"),
               choices={"yes": ("ya", "y", "boleh", "layak", "tampilkan", "true", "1"),
                        "no": ("tidak", "t", "n", "jangan", "false", "0")}),
    ),
    key=("response_id",),
    event=True,
    answered=tuple(name for name, _, _ in UNSUR),
    # Two citizens can give the same answers on the same day; without questionnaire
    # numbers such rows are two respondents, not a double import.
    whole_row_duplicates=False,
    rules=("unit_code names a unit", "at least one unsur is answered"),
))

COMPLAINTS = _register(Table(
    "complaints", ("complaints", "pengaduan", "aduan"),
    "one complaint from a citizen",
    (
        Column("complaint_id", "text", "ticket number", required=False, nullable=True,
               aliases=("No Pengaduan", "ID Pengaduan", "Nomor Tiket", "No Tiket")),
        _unit(),
        Column("channel", "text", "channel: SP4N-LAPOR!, kotak saran, WhatsApp, langsung, ...",
               aliases=("Saluran", "Kanal", "Media", "Media Pengaduan")),
        Column("category", "text", "subject of the complaint", required=False, nullable=True,
               aliases=("Kategori", "Jenis Pengaduan", "Topik")),
        Column("received_at", "datetime", "when the complaint was received",
               aliases=("Tanggal Diterima", "Tanggal Masuk", "Waktu Masuk", "Tanggal Pengaduan")),
        Column("resolved_at", "datetime", "when it was resolved; blank while open", nullable=True,
               aliases=("Tanggal Selesai", "Waktu Selesai", "Tanggal Penyelesaian")),
        Column("status", "choice", "state of the complaint", aliases=("Status", "Status Pengaduan"),
               choices={"open": ("baru", "terbuka", "belum ditindaklanjuti", "belum diproses"),
                        "in_progress": ("diproses", "proses", "dalam proses", "sedang diproses", "in progress"),
                        "resolved": ("selesai", "tuntas", "ditutup", "closed")}),
        Column("text", "text", "the complaint as written", required=False, nullable=True,
               aliases=("Isi Pengaduan", "Isi", "Uraian Pengaduan", "Uraian")),
    ),
    key=("complaint_id",),
    event=True,
    rules=("unit_code names a unit", "resolved_at is not before received_at",
           "a resolved complaint has resolved_at"),
))

TRAININGS = _register(Table(
    "trainings", ("trainings", "pelatihan", "diklat", "pengembangan_kompetensi"),
    "one training (competency development) attended by an employee",
    (
        _nip(),
        Column("program", "text", "name of the training",
               aliases=("Nama Pelatihan", "Pelatihan", "Nama Diklat", "Diklat", "Program")),
        Column("start_date", "date", "first day", aliases=("Tanggal Mulai", "Tanggal", "Tgl Mulai")),
        Column("end_date", "date", "last day", required=False, nullable=True,
               aliases=("Tanggal Selesai", "Tgl Selesai")),
        Column("jp", "number", "jam pelajaran (lesson hours)", aliases=("JP", "Jam Pelajaran", "Jumlah JP"),
               minimum=0.5, maximum=1000),
        Column("organiser", "text", "who ran it", required=False, nullable=True,
               aliases=("Penyelenggara",)),
    ),
    rules=("nip is an employee", "end_date is not before start_date"),
))

ABSENCES = _register(Table(
    "absences", ("absences", "ketidakhadiran", "cuti"),
    "one spell of leave (cuti), official travel (dinas luar) or training of one employee",
    (
        _nip(),
        Column("start_date", "date", "first day", aliases=("Tanggal Mulai", "Tgl Mulai", "Mulai", "Dari Tanggal")),
        Column("end_date", "date", "last day",
               aliases=("Tanggal Selesai", "Tgl Selesai", "Selesai", "Sampai Tanggal", "s.d.")),
        Column("kind", "text",
               "kind of absence; the kinds listed are written as listed, also when given in another case or "
               "spacing or as a usual short form (CT, CS, CM, CB, CAP, CLTN, DL, SPPD, Perjalanan Dinas, "
               f"Pelatihan, Tubel ...); any other kind is kept as written; blank or absent: {OTHER_ABSENCE}",
               required=False, nullable=True, default=OTHER_ABSENCE,
               aliases=("Jenis", "Jenis Cuti", "Jenis Ketidakhadiran", "Jenis Absen"), choices=ABSENCE_SPELLINGS),
        Column("note", "text", "remarks", required=False, nullable=True, aliases=("Keterangan", "Catatan", "Alasan")),
    ),
    rules=("nip is an employee", "end_date is not before start_date",
           "spells of one NIP that overlap are kept, each with a note naming the other; their days count once"),
))

CHANGE_SURVEY = _register(Table(
    "change_survey", ("change_survey", "survei_perubahan", "resistensi"),
    "one respondent's answers to Oreg's Resistance to Change Scale (17 items, 1-6)",
    (
        Column("respondent_id", "text", "pseudonym of the respondent", required=False, nullable=True,
               aliases=("Responden", "ID Responden", "Kode Responden", "Pseudonim")),
        _nip(required=False, nullable=True, description="NIP, when the survey is linked to employees"),
        Column("survey_date", "date", "day of the answers", aliases=("Tanggal", "Tanggal Survei", "Tgl Survei")),
        *(
            Column(name, "integer", f"Oreg item {i}, 1 (strongly disagree) to 6 (strongly agree)",
                   nullable=True, aliases=(f"RTC{i}", f"Q{i}", f"P{i}", f"Item {i}", f"Butir {i}"),
                   minimum=1, maximum=6)
            for i, name in enumerate(OREG_ITEMS, start=1)
        ),
        Column("unit_code", "unit", "unit of the respondent", required=False, nullable=True,
               aliases=("Unit", "Unit Kerja")),
        Column("age", "integer", "age in years", required=False, nullable=True, aliases=("Umur", "Usia"),
               minimum=17, maximum=80),
        Column("tenure_years", "number", "years of service", required=False, nullable=True,
               aliases=("Masa Kerja", "Masa Kerja (tahun)"), minimum=0, maximum=60),
        Column("golongan", "choice", _GOLONGAN.description, required=False, nullable=True,
               aliases=_GOLONGAN.aliases, choices=_GOLONGAN.choices),
        Column("employment_type", "choice", "PNS or PPPK", required=False, nullable=True,
               aliases=_EMPLOYMENT_TYPE.aliases, choices=_EMPLOYMENT_TYPE.choices),
    ),
    one_of=(("respondent_id", "nip"),),
    answered=OREG_ITEMS,
    rules=("nip, when given, is an employee", "respondent_id or nip is given",
           "at least one item is answered"),
))

SOSIALISASI = _register(Table(
    "sosialisasi", ("sosialisasi", "socialisation", "socialization"),
    "one employee's attendance at one sosialisasi session (explaining a new procedure)",
    (
        _nip(),
        Column("session_date", "date", "day of the session", aliases=("Tanggal", "Tanggal Sosialisasi")),
        Column("topic", "text", "what was explained", aliases=("Topik", "Materi", "Judul", "Tema")),
        Column("attended", "choice", "whether the employee attended; absent or blank: yes", required=False,
               nullable=True, default="yes", aliases=("Hadir", "Kehadiran"),
               choices={"yes": ("ya", "hadir", "y", "1", "true"), "no": ("tidak", "tidak hadir", "t", "0", "false")}),
    ),
    key=("nip", "session_date", "topic"),
    rules=("nip is an employee",),
))

FORUMS = _register(Table(
    "forums", ("forums", "forum", "forum_warga", "musrenbang", "forum_konsultasi_publik"),
    "one topic raised by citizens at a forum session (forum konsultasi publik, musrenbang kelurahan, rembug warga)",
    (
        Column("topic_id", "text", "number of the topic, as the follow-up register refers to it", required=False,
               nullable=True, aliases=("No Topik", "ID Topik", "Kode Topik", "No Usulan")),
        Column("forum_date", "date", "day of the session",
               aliases=("Tanggal Forum", "Tanggal", "Tgl Forum", "Tanggal Pelaksanaan")),
        _unit(),
        Column("kind", "choice", "kind of forum", aliases=("Jenis Forum", "Jenis", "Forum"), choices=FORUM_KINDS),
        Column("participants", "integer", "people present at the session", required=False, nullable=True,
               aliases=("Peserta", "Jumlah Peserta", "Jumlah Hadir"), minimum=0, maximum=100000),
        *(Column(name, "integer", f"participants who are {who}; not more than the participants", required=False,
                 nullable=True, aliases=aliases, minimum=0, maximum=100000)
          for name, who, aliases in FORUM_GROUPS),
        Column("topic", "text", "the topic or proposal as raised",
               aliases=("Topik", "Usulan", "Uraian Topik", "Masukan", "Isu", "Permasalahan")),
        Column("unsur", "choice", "the IKM unsur the topic concerns, by code (U1..U9) or name", required=False,
               nullable=True, aliases=("Unsur", "Unsur IKM", "Unsur SKM", "Unsur Pelayanan"),
               choices=UNSUR_SPELLINGS),
        Column("service_type", "text", "the service the topic concerns", required=False, nullable=True,
               aliases=("Jenis Layanan", "Layanan", "Jenis Pelayanan")),
        Column("category", "text", "subject, in the words of the complaints' categories, so that both can be "
               "compared", required=False, nullable=True, aliases=("Kategori", "Kategori Masalah")),
        Column("status", "choice", "state of the topic",
               aliases=("Status", "Status Tindak Lanjut", "Status Topik"),
               choices={"open": ("terbuka", "baru", "belum ditanggapi", "belum dijawab"),
                        "answered": ("dijawab", "ditanggapi", "sudah dijawab", "sudah ditanggapi"),
                        "in_follow_up": ("ditindaklanjuti", "dalam tindak lanjut", "proses tindak lanjut",
                                         "sedang ditindaklanjuti"),
                        "closed": ("selesai", "ditutup", "tuntas")}),
        Column("response_date", "date", "day the unit answered the topic; blank while it is open", nullable=True,
               aliases=("Tanggal Tanggapan", "Tanggal Jawaban", "Tgl Tanggapan", "Tanggal Respon")),
    ),
    key=("topic_id",),
    rules=("unit_code names a unit", "response_date is not before forum_date",
           "an answered or closed topic has response_date",
           "the participants of a group are not more than the participants"),
))

FOLLOW_UPS = _register(Table(
    "follow_ups", ("follow_ups", "tindak_lanjut", "rencana_tindak_lanjut", "rtl"),
    "one follow-up action (tindak lanjut) a unit plans in a quarter in answer to a finding",
    (
        Column("action_id", "text", "number of the action", required=False, nullable=True,
               aliases=("No", "No Tindakan", "Kode Tindakan", "ID Tindakan")),
        Column("source_kind", "choice", "what the action answers",
               aliases=("Sumber", "Jenis Sumber", "Asal Temuan"),
               choices={"ikm_unsur": ("unsur ikm", "ikm", "skm", "hasil skm", "unsur skm"),
                        "complaint_surge": ("lonjakan pengaduan", "pengaduan", "aduan"),
                        "flag": ("temuan", "tanda", "peringatan"),
                        "forum_topic": ("topik forum", "forum", "forum warga", "musrenbang")}),
        Column("source_ref", "text",
               "which finding: the unsur (U1..U9 or its name) for ikm_unsur, the topic_id of a forum topic, "
               "the category of a complaint surge or the flag's name", required=False, nullable=True,
               aliases=("Rujukan", "Rujukan Sumber", "Referensi", "Uraian Temuan", "Temuan")),
        _unit(),
        Column("owner_position", "text", "the jabatan responsible for the action (a position, never a name)",
               aliases=("Penanggung Jawab", "Jabatan Penanggung Jawab", "Jabatan PJ", "PIC")),
        Column("action", "text", "what will be done",
               aliases=("Tindakan", "Rencana Tindak Lanjut", "Tindak Lanjut", "Uraian Tindakan", "Kegiatan")),
        Column("quarter", "quarter", "the quarter the action is planned in",
               aliases=("Triwulan", "Triwulan Rencana", "Periode")),
        Column("due_date", "date", "the day by which it is to be done",
               aliases=("Batas Waktu", "Tenggat", "Target Selesai", "Tanggal Target")),
        Column("status", "choice", "state of the action", aliases=("Status", "Status Tindak Lanjut"),
               choices={"planned": ("direncanakan", "rencana", "belum dimulai", "belum dilaksanakan"),
                        "in_progress": ("sedang berjalan", "berjalan", "dalam proses", "proses",
                                        "sedang dilaksanakan"),
                        "done": ("selesai", "terlaksana", "sudah dilaksanakan", "tuntas"),
                        "dropped": ("dibatalkan", "batal", "tidak dilanjutkan")}),
        Column("done_date", "date", "day the action was done; blank while it is not", nullable=True,
               aliases=("Tanggal Selesai", "Tgl Selesai", "Tanggal Realisasi", "Tanggal Terlaksana")),
        Column("evidence", "text", "evidence that it was done (a document, a photo, a link)", required=False,
               nullable=True, aliases=("Bukti", "Bukti Dukung", "Keterangan")),
    ),
    key=("action_id",),
    rules=("unit_code names a unit", "a done action has done_date",
           "due_date and done_date are not before the first day of quarter",
           "source_ref of an ikm_unsur action names an unsur (U1..U9 or its name)"),
))


def header_lookup(table: Table) -> dict[str, str]:
    """Map every accepted header (normalised) of ``table`` to its canonical column."""
    lookup: dict[str, str] = {}
    for column in table.columns:
        for header in (column.name, *column.aliases):
            lookup.setdefault(normalise_header(header), column.name)
    return lookup


def choices_shown(column: Column) -> str:
    """The allowed values of a choice column as a reason and the data dictionary list them.

    Canonical values that are codes (lower-case words such as ``approved``)
    follow the words files write: ``Disetujui, Diterima (approved); ...``.
    Canonical values written as files write them (``Di Atas Ekspektasi``,
    ``III/a``, ``L``) are listed alone.
    """
    choices = column.choices or {}
    if not all(re.fullmatch(r"[a-z_]+", value) for value in choices):
        return ", ".join(choices)
    return "; ".join(f"{', '.join(spellings)} ({value})" if spellings else value
                     for value, spellings in choices.items())


def table_for_file_stem(stem: str) -> Table | None:
    """Return the table a file stem names (``pegawai`` -> employees), or None."""
    wanted = normalise_header(stem).replace(" ", "_")
    for table in TABLES.values():
        if wanted in table.file_names:
            return table
    return None


def render_markdown() -> str:
    """Render the dictionary as the Markdown of ``docs/data-dictionary.md``."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `kinerja/data/dictionary.py` by `kinerja dictionary > docs/data-dictionary.md`;",
        "a test checks that this page and the code agree.",
        "",
        "A data folder holds one file per table, named after the table in English or Indonesian",
        "(`.csv`, `.xlsx` or `.parquet`). Headers are matched ignoring case, punctuation and repeated",
        "spaces. Columns the dictionary does not know are kept as they are. A row that breaks a rule",
        "is listed in the rejects with file, row, column, value and reason; it is never dropped silently.",
        "A value that cannot be read in an optional column (required: no) is left blank and listed in the",
        "notes with file, row, column, value and reason; the row is kept. A value that breaks a rule rejects",
        "its row whatever the column.",
        "A row whose key repeats an earlier row is rejected as a duplicate naming the first occurrence;",
        "a table without a key column treats a row as a duplicate when every cell repeats an earlier row.",
        "",
        "## Kinds of value",
        "",
        "| kind | how it is read |",
        "|---|---|",
        *(f"| {kind} | {text} |" for kind, text in KIND_DESCRIPTIONS.items()),
        "",
    ]
    for table in TABLES.values():
        files = ", ".join(f"`{stem}`" for stem in table.file_names)
        lines += [
            f"## `{table.name}`",
            "",
            f"One row is {table.description}. File names: {files}."
            + (" Held in DuckDB and used through Ibis." if table.event else ""),
            "",
            "| column | kind | required | blank allowed | allowed values | Indonesian headers accepted | meaning |",
            "|---|---|---|---|---|---|---|",
        ]
        for column in table.columns:
            allowed = ""
            if column.choices:
                allowed = choices_shown(column) + ("; any other text as written" if column.kind == "text" else "")
            elif column.minimum is not None or column.maximum is not None:
                allowed = f"{plain_number(column.minimum)} to {plain_number(column.maximum)}"
            aliases = ", ".join(f"`{alias}`" for alias in column.aliases)
            lines.append(
                f"| `{column.name}` | {column.kind} | {'yes' if column.required else 'no'} | "
                f"{'yes' if column.nullable else 'no'} | {allowed} | {aliases} | {column.description} |"
            )
        rules = list(table.rules)
        if table.key:
            fallback = ("a repeated whole row is a duplicate" if table.whole_row_duplicates
                        else "repeated whole rows are kept: they are different respondents")
            rules.insert(0, "key: " + ", ".join(f"`{name}`" for name in table.key)
                         + f" (when the key columns are absent, {fallback})")
        lines += ["", "Rules: " + "; ".join(rules) + ".", ""]
    return "\n".join(lines)


def plain_number(value: float | None) -> str:
    """A bound as the dictionary writes it: ``4``, ``0.5``, or ``any`` for no bound."""
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else str(value)
