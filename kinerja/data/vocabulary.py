"""The words the tables use: ratings, BerAKHLAK values, kinds of absence, the IKM unsur, golongan, kinds of
unit and of forum, and how a header or a value is compared (:func:`normalise_header`).

:mod:`kinerja.data.dictionary` builds its tables from these and makes each name available there too.
"""

from __future__ import annotations

import re

__all__ = [
    "ABSENCE_KINDS", "ABSENCE_SPELLINGS", "ANSWER_LABELS", "BERAKHLAK", "FOLLOW_UP_HEADERS",
    "FOLLOW_UP_SOURCE_WORDS", "FOLLOW_UP_STATUS_WORDS", "FORUM_GROUPS", "FORUM_KINDS", "OREG_ITEMS", "OTHER_ABSENCE",
    "PNS_GOLONGAN", "PPPK_GOLONGAN", "RATINGS", "UNIT_TYPES", "UNIT_TYPE_WORDS",
    "UNSUR", "UNSUR_NAMES", "UNSUR_SPELLINGS", "normalise_header", "unit_type_from_name", "unsur_named",
]

RATINGS: dict[str, tuple[str, ...]] = {
    "Di Atas Ekspektasi": ("di atas", "diatas", "atas", "above expectations", "above"),
    "Sesuai Ekspektasi": ("sesuai", "meets expectations", "as expected"),
    "Di Bawah Ekspektasi": ("di bawah", "dibawah", "bawah", "below expectations", "below"),
}
"""Ratings of hasil kerja, perilaku kerja and each BerAKHLAK value (PermenPANRB 6/2022)."""

BERAKHLAK: tuple[tuple[str, str], ...] = (
    ("berorientasi_pelayanan", "Berorientasi Pelayanan"),
    ("akuntabel", "Akuntabel"),
    ("kompeten", "Kompeten"),
    ("harmonis", "Harmonis"),
    ("loyal", "Loyal"),
    ("adaptif", "Adaptif"),
    ("kolaboratif", "Kolaboratif"),
)
"""The seven BerAKHLAK core values: (column name, label)."""

ABSENCE_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Cuti Tahunan": ("CT", "Tahunan"),
    "Cuti Sakit": ("CS", "Sakit"),
    "Cuti Melahirkan": ("CM", "Melahirkan", "Cuti Bersalin", "Bersalin"),
    "Cuti Besar": ("CB",),
    "Cuti Alasan Penting": ("CAP", "Alasan Penting", "Cuti Karena Alasan Penting"),
    "Cuti di Luar Tanggungan Negara": ("CLTN", "Di Luar Tanggungan Negara"),
    "Dinas Luar": ("DL", "DLK", "DLD", "Dinas Luar Kota", "Dinas Luar Daerah", "Perjalanan Dinas", "SPPD", "SPD"),
    "Diklat": ("Pelatihan", "Pendidikan dan Pelatihan", "Bimtek", "Bimbingan Teknis"),
    "Tugas Belajar": ("Tubel", "TB"),
}
"""Kinds of absence (cuti of PP 11/2017, official travel, training, study leave) -> spellings read as them."""

ABSENCE_KINDS: tuple[str, ...] = tuple(ABSENCE_SPELLINGS)
"""The canonical labels of the kinds of absence; the absences table keeps any other kind as written."""

OTHER_ABSENCE = "Lainnya"
"""The kind of an absence whose kind is blank or absent."""

UNSUR: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("persyaratan", "Persyaratan", ()),
    (
        "sistem_mekanisme_prosedur",
        "Sistem, Mekanisme, dan Prosedur",
        ("Sistem Mekanisme Prosedur", "Prosedur"),
    ),
    ("waktu_penyelesaian", "Waktu Penyelesaian", ()),
    ("biaya_tarif", "Biaya/Tarif", ("Biaya", "Tarif")),
    (
        "produk_spesifikasi_jenis_pelayanan",
        "Produk Spesifikasi Jenis Pelayanan",
        ("Produk Layanan", "Spesifikasi Jenis Pelayanan"),
    ),
    ("kompetensi_pelaksana", "Kompetensi Pelaksana", ()),
    ("perilaku_pelaksana", "Perilaku Pelaksana", ()),
    (
        "penanganan_pengaduan_saran_masukan",
        "Penanganan Pengaduan, Saran dan Masukan",
        ("Penanganan Pengaduan", "Penanganan Pengaduan Saran Masukan"),
    ),
    ("sarana_prasarana", "Sarana dan Prasarana", ("Sarana Prasarana",)),
)
"""The nine SKM unsur of PermenPANRB 14/2017 in the regulation's order:
(column name, label, further aliases). ``U1``..``U9`` follow this order."""

ANSWER_LABELS: dict[str, tuple[str, str, str, str]] = {
    "persyaratan": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "sistem_mekanisme_prosedur": ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    "waktu_penyelesaian": ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    "biaya_tarif": ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    "produk_spesifikasi_jenis_pelayanan": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "kompetensi_pelaksana": ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    "perilaku_pelaksana": ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
                           "Sangat sopan dan ramah"),
    "penanganan_pengaduan_saran_masukan": ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
                                           "Dikelola dengan baik"),
    "sarana_prasarana": ("Buruk", "Cukup", "Baik", "Sangat baik"),
}
"""The answers 1 to 4 of each unsur as the sample questionnaire of PermenPANRB 14/2017 words them."""

UNSUR_SPELLINGS: dict[str, tuple[str, ...]] = {
    name: (f"U{i}", label, *more, f"U{i} {label}")
    for i, (name, label, more) in enumerate(UNSUR, start=1)
}
"""Each unsur (column name) -> how a table that names an unsur writes it: ``U3``, ``Waktu Penyelesaian``,
``U3 Waktu Penyelesaian`` (any case, spaces and punctuation)."""


def unsur_named(text: object) -> str | None:
    """The unsur (column name) ``text`` names as :data:`UNSUR_SPELLINGS` writes it, or None.

    Examples
    --------
    >>> unsur_named("u3"), unsur_named("U3. Waktu Penyelesaian"), unsur_named("Biaya")
    ('waktu_penyelesaian', 'waktu_penyelesaian', 'biaya_tarif')
    >>> unsur_named("Antrean") is None
    True
    """
    written = normalise_header(text)
    for name, spellings in UNSUR_SPELLINGS.items():
        if written in (normalise_header(name), *map(normalise_header, spellings)):
            return name
    return None


UNSUR_NAMES: dict[str, str] = {name: f"U{i} {label}" for i, (name, label, _) in enumerate(UNSUR, start=1)}
"""Each unsur column's code and label, as a reason names it: ``"U3 Waktu Penyelesaian"``."""

OREG_ITEMS: tuple[str, ...] = tuple(f"rtc_{i}" for i in range(1, 18))
"""Column names of the 17 items of Oreg's Resistance to Change Scale."""

PNS_GOLONGAN: tuple[str, ...] = tuple(
    f"{roman}/{letter}"
    for roman, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for letter in letters
)
"""The 17 golongan/ruang of a PNS, lowest first."""

PPPK_GOLONGAN: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)
"""The 17 golongan of a PPPK, lowest first."""

UNIT_TYPES: dict[str, tuple[str, ...]] = {
    "kecamatan": ("kantor camat", "kantor kecamatan"),
    "kelurahan": ("kantor lurah", "kantor kelurahan"),
    "puskesmas": ("pustu", "puskesmas pembantu"),
    "sekolah": ("sd", "smp", "school"),
    "layanan": ("unit layanan", "service"),
}
"""Kinds of unit. Puskesmas and other service units (``layanan``) work six
days a week by default; offices and schools five."""

UNIT_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("puskesmas", r"puskesmas|pustu"),
    ("sekolah", r"(sd|smp|sma|smk|tk|slb)( ?n(egeri)?)?|sekolah"),
    ("kelurahan", r"kelurahan|(kantor )?lurah"),
    ("kecamatan", r"kecamatan|(kantor )?camat"),
    ("layanan", r"uptd?|unit layanan|unit pelayanan|mal pelayanan publik|mpp|samsat"),
)
"""Words of a unit's name that give its kind when ``unit_type`` is absent or blank,
tried in this order (whole words, any case): "UPT Puskesmas Ampenan" is a
Puskesmas, "Kelurahan Mayura Kecamatan Cakranegara" a kelurahan."""


def unit_type_from_name(name: str) -> str | None:
    """The kind of unit a unit's name gives (:data:`UNIT_TYPE_WORDS`), or None.

    Examples
    --------
    >>> unit_type_from_name("Kantor Lurah Mayura"), unit_type_from_name("SD Negeri 2 Mataram")
    ('kelurahan', 'sekolah')
    >>> unit_type_from_name("Bagian Umum") is None
    True
    """
    words = normalise_header(name)
    for unit_type, pattern in UNIT_TYPE_WORDS:
        if re.search(rf"\b(?:{pattern})\b", words):
            return unit_type
    return None


FORUM_KINDS: dict[str, tuple[str, ...]] = {
    "forum_konsultasi_publik": ("Forum Konsultasi Publik", "FKP", "Konsultasi Publik"),
    "musrenbang_kelurahan": ("Musrenbang Kelurahan", "Musrenbang", "Musyawarah Perencanaan Pembangunan Kelurahan"),
    "rembug_warga": ("Rembug Warga", "Rembuk Warga", "Rembug", "Rembuk"),
    "lainnya": ("Lainnya", "Lain-lain", "Lain lain", "Other"),
}
"""Kinds of forum: Forum Konsultasi Publik (PermenPANRB 16/2017), musrenbang kelurahan, rembug warga, others."""

FORUM_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("participants_women", "women", ("Peserta Perempuan", "Perempuan", "Jumlah Perempuan")),
    ("participants_disability", "persons with disabilities",
     ("Peserta Disabilitas", "Disabilitas", "Penyandang Disabilitas")),
    ("participants_community_leaders", "community and religious leaders",
     ("Tokoh Masyarakat", "Peserta Tokoh Masyarakat", "Toma/Toga")),
    ("participants_youth", "young people (karang taruna)", ("Pemuda", "Peserta Pemuda", "Karang Taruna")),
)
"""Groups of forum participants counted where known: (column, who, Indonesian headers)."""

FOLLOW_UP_HEADERS: tuple[str, ...] = ("No", "Triwulan", "Unit Kerja", "Sumber", "Rujukan", "Penanggung Jawab",
                                      "Rencana Tindak Lanjut", "Batas Waktu", "Status", "Tanggal Selesai",
                                      "Bukti Dukung")
"""The header row of a follow-up register (``tindak_lanjut.xlsx``) as kinerja writes one: action_id, quarter,
unit, source_kind, source_ref, owner_position, action, due_date, status, done_date, evidence."""
FOLLOW_UP_SOURCE_WORDS: dict[str, str] = {"ikm_unsur": "Unsur IKM", "complaint_surge": "Lonjakan Pengaduan",
                                          "flag": "Temuan", "forum_topic": "Topik Forum"}
"""Each ``source_kind`` of an action as a register writes it."""
FOLLOW_UP_STATUS_WORDS: dict[str, str] = {"planned": "Direncanakan", "in_progress": "Sedang Berjalan",
                                          "done": "Selesai", "dropped": "Dibatalkan"}
"""Each ``status`` of an action as a register writes it."""

def normalise_header(text: object) -> str:
    """Return a header reduced to lower-case words, for alias matching.

    ``"Tgl. Lahir"``, ``"tgl_lahir"`` and ``" TGL  LAHIR "`` all become
    ``"tgl lahir"``.
    """
    return re.sub(r"[^0-9a-z]+", " ", str(text).lower()).strip()
