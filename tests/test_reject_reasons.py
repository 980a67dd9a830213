"""Reject reasons come from the text catalogue: every reason the loader gives is an entry, said in either language."""

from __future__ import annotations

import shutil
import string
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.core.errors import DataError
from kinerja.core.nip import InvalidNip, parse_nip
from kinerja.core.text import catalogue
from kinerja.data import loading
from kinerja.data.dictionary import TABLES, Column
from kinerja.data.loading import dataset_from_frames, load_dataset
from kinerja.data.partitioned import attach_partitioned_activities
from kinerja.data.reasons import english, read_reason, reason_in, reason_keys, say_in
from kinerja.data.rules import rules_for
from kinerja.data.io import read_table_file
from kinerja.data.schemas import read_cells, validate
from kinerja.present import pages
from kinerja.present.report import HIDDEN, quality_annex

BAD = Path(__file__).parent / "data" / "bad"
REAL_SHAPES = Path(__file__).parent / "data" / "real_shapes"
TODAY = date(2026, 1, 1)
NIP = "198807142014031001"
REFUSED_NIPS = [
    "  ", True, date(1988, 7, 14), 198807142014031001, 1.98807142014031e17, "1.98807142014031E+17",
    "1988071420140310.5", "19880714A014031001", "1988071420140310", "198802302014031001", "189901012014031001",
    "209901012014031001", "198807142014301001", "198807142014131001", "198807142024201001", "198807142000011001",
    "198807142000211001", "198807142099011001", "198807142014033001", "198807142014031000",
]
"""One NIP for each way kinerja.core.nip refuses one (as of TODAY)."""
BAD_CELLS = [
    (Column("target", "number", "target", nullable=True), ["empat"]),
    (Column("u1", "integer", "answer", nullable=True), ["3,5", "99999999999999999999"]),
    (Column("name", "text", "name"), [None]),
    (TABLES["behaviour"].column("kompeten"), ["Cukup"]),
    (TABLES["activities"].column("activity_date"), ["30/02/1994", "01/01/1800", True]),
    (TABLES["activities"].column("submitted_at"), ["kemarin sore"]),
    (TABLES["skp"].column("quarter"), ["Q5 2026"]),
    (TABLES["activities"].column("duration_minutes"), ["sebentar"]),
    (TABLES["ikm_responses"].column("persyaratan"), ["Lumayan"]),
    (TABLES["ikm_responses"].column("survey_date"), ["14/03/2026", "03/14/2026"]),
]
"""Cells each column's reader refuses, one per reason of reading."""
ACTIVITY_SCHEMA = pa.schema([("nip", pa.string()), ("activity_date", pa.date32()), ("submitted_at", pa.timestamp("us")),
                             ("approved_at", pa.timestamp("us")), ("status", pa.string()),
                             ("skp_indicator", pa.string())])
SKP = f"NIP,Triwulan,Kode Indikator,Indikator,Target,Realisasi\n{NIP},2026-Q3,RHK-1,Surat diproses,10,8\n"


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def _folder_reasons(tmp: Path) -> list[str]:
    """Reasons and notes of small data folders for what the corpus lacks: repeated rows and names, rows in one
    field, overlapping absences."""
    folder = tmp / "folder"
    _write(folder, "unit_kerja.csv", "Keadaan per;30/09/2026\nKode Unit;Nama Unit;Jenis Unit\nKEC;Kantor Camat;kecamatan\n"
                                     "KEL;Kantor Camat;kelurahan\nPKM,Puskesmas,puskesmas\nSD;SD 1;sekolah;5\n")
    _write(folder, "pelatihan.csv", f"NIP,Nama Pelatihan,Tanggal Mulai,JP\n{NIP},Latsar,01/08/2026,8\n"
                                    f"{NIP},Latsar,01/08/2026,8\n")
    _write(folder, "cuti.csv", f"NIP,Jenis Cuti,Tgl Mulai,Tgl Selesai\n{NIP},CT,03/08/2026,10/08/2026\n"
                               f"{NIP},DL,07/08/2026,12/08/2026\n")
    dataset = load_dataset(folder, cache=False)
    return [*dataset.rejects["reason"], *dataset.notes["reason"]]


def _unit_type_reasons() -> list[str]:
    """Reasons of a units list without a type column: types read from the names, and a name that tells none."""
    validated = validate(read_table_file(REAL_SHAPES / "unit_kerja_tanpa_jenis.csv", TABLES["units"]))
    return [*validated.rejects["reason"], *validated.notes["reason"]]


def _partition_reasons(tmp: Path) -> list[str]:
    """Reasons of activities as Parquet partitions, judged through Ibis."""
    good = {"nip": NIP, "activity_date": date(2026, 8, 3), "submitted_at": datetime(2026, 8, 3, 16),
            "approved_at": datetime(2026, 8, 4, 8), "status": "approved", "skp_indicator": "RHK-1"}
    rows = [good, {**good, "status": "Disetujui"}, {**good, "activity_date": date(1800, 1, 1)},
            {**good, "activity_date": date(2026, 5, 4)}, {**good, "nip": "199001012015011001"},
            {**good, "skp_indicator": "RHK-9"}]
    part = tmp / "partitions" / "activities" / "quarter=2026-Q3" / "part-0.parquet"
    part.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=ACTIVITY_SCHEMA), part)
    _write(tmp / "skp", "skp.csv", SKP)
    skp = validate(read_table_file(tmp / "skp" / "skp.csv", TABLES["skp"])).frame
    tables = dataset_from_frames({"employees": pd.DataFrame({"nip": [NIP]}), "skp": skp}, folder=part.parents[2])
    return list(attach_partitioned_activities(tables).rejects["reason"])


def _refusal(value: object) -> str:
    with pytest.raises(InvalidNip) as refused:
        parse_nip(value, TODAY)
    return str(refused.value)


@pytest.fixture(scope="module")
def given_reasons(tmp_path_factory) -> dict[str, list[str]]:
    """Every reason the code gives, by where it comes from."""
    tmp = tmp_path_factory.mktemp("reasons")
    corpus = []
    for case in sorted(path for path in BAD.iterdir() if path.is_dir()):
        try:
            corpus += list(load_dataset(case, cache=False).rejects["reason"])
        except DataError:
            pass
    reading = [reason for column, values in BAD_CELLS
               for reason in read_cells(pd.Series(values, index=range(2, 2 + len(values)), dtype=object),
                                        column)[1].values()]
    return {
        "rules": [rule.reason for table in TABLES.values() for rule in rules_for(table)],
        "reading": reading,
        "nip": [_refusal(value) for value in REFUSED_NIPS],
        "corpus": corpus,
        "folders": _folder_reasons(tmp),
        "partitions": _partition_reasons(tmp),
        "unit types": _unit_type_reasons(),
    }


def test_every_reason_the_code_gives_is_an_entry_of_the_catalogue(given_reasons):
    unread = {source: [reason for reason in reasons if read_reason(reason) is None]
              for source, reasons in given_reasons.items()}
    assert unread == {source: [] for source in given_reasons}


def test_every_reason_of_the_catalogue_is_one_the_code_gives(given_reasons):
    given = {read_reason(reason)[0] for reasons in given_reasons.values() for reason in reasons}
    assert given == set(reason_keys())


def test_every_reason_is_said_in_indonesian_unlike_in_english(given_reasons):
    for reasons in given_reasons.values():
        for reason in reasons:
            assert say_in(reason, "id") != reason
            assert say_in(reason, "en") == reason


def test_a_rule_reason_reads_back_as_its_key_and_values():
    for table in TABLES.values():
        for rule in rules_for(table):
            assert read_reason(rule.reason) == (rule.reason_key, dict(rule.values)), rule


def test_each_english_text_reads_back_as_its_own_entry_and_nothing_else():
    for key in reason_keys():
        names = [name for _, name, _, _ in string.Formatter().parse(catalogue()[f"rejects.reason.{key}"]["en"])
                 if name]
        # Without spaces: "TMT {kind} {tmt}" splits at the first space, which the core's words never hold.
        values = {name: f"<{name}-{i}>" for i, name in enumerate(names)}
        assert read_reason(english(key, **values)) == (key, values)


def test_a_nip_refused_by_the_core_is_said_in_indonesian():
    assert say_in(_refusal("1988071420140310"), "id") == (
        "NIP '1988071420140310' terdiri atas 16 digit; NIP terdiri atas 18 digit.")


def test_a_delimiter_and_a_decimal_bound_are_said_in_the_language():
    assert say_in(english("not_separated", delimiter="semicolons"), "id") == (
        "baris tidak dipisahkan dengan titik koma seperti header")
    assert say_in("is outside 0.5 to 1000", "id") == "di luar rentang 0,5 sampai 1000"
    assert say_in("is outside 0.5 to 1000", "en") == "is outside 0.5 to 1000"


def test_a_reason_the_catalogue_does_not_word_stays_as_it_is():
    assert say_in("a reason from elsewhere", "id") == "a reason from elsewhere"


def test_reasons_in_a_language_keep_the_rejects_index():
    rejects = pd.DataFrame({"reason": ["is outside 1 to 4", "'empat' is not a number"]}, index=[7, 3])
    said = reason_in(rejects, "id")
    assert said.to_dict() == {7: "di luar rentang 1 sampai 4", 3: "'empat' bukan angka"}
    with pytest.raises(ValueError, match="'fr'"):
        reason_in(rejects, "fr")


def test_the_annex_of_a_bad_file_is_in_indonesian():
    annex = quality_annex(load_dataset(BAD / "likert_out_of_range", cache=False), ["ikm_responses"])
    assert list(annex.columns) == ["Tabel", "Berkas", "Baris", "Kolom", "Nilai", "Alasan"]
    assert annex["Alasan"].tolist() == ["di luar rentang 1 sampai 4"]


def test_the_annex_in_english_keeps_the_english_reasons():
    dataset = load_dataset(BAD / "likert_out_of_range", cache=False)
    annex = quality_annex(dataset, ["ikm_responses"], language="en")
    assert list(annex.columns) == ["Table", "File", "Row", "Column", "Value", "Reason"]
    assert annex["Reason"].tolist() == dataset.rejects["reason"].tolist() == ["is outside 1 to 4"]


def test_the_indonesian_annex_still_hides_nips_in_reasons():
    annex = quality_annex(load_dataset(BAD / "unknown_references", cache=False), ["activities"])
    assert annex["Alasan"].tolist() == [
        f"NIP {HIDDEN} tidak ada di tabel pegawai (pegawai.csv)",
        f"NIP {HIDDEN} tidak ada di tabel pegawai (pegawai.csv) (baris 3 di berkas itu ditolak)",
    ]


def test_the_demo_annex_is_in_indonesian_with_nips_hidden(demo_dataset):
    annex = quality_annex(demo_dataset, list(demo_dataset.counts))
    assert [read_reason(reason) for reason in demo_dataset.rejects["reason"] if read_reason(reason) is None] == []
    nip_rows = annex[annex["Kolom"] == "NIP"]
    assert len(nip_rows) >= 1 and (nip_rows["Nilai"] == HIDDEN).all()
    assert not annex["Alasan"].str.contains(r"\d{15}|e\+17").any()
    # Tables as readers call them, columns by the headers exports give them; no dictionary name left.
    assert {"pegawai", "aktivitas"} <= set(annex["Tabel"]) and "Waktu Lapor" in set(annex["Kolom"])
    for shown in (annex["Tabel"], annex["Kolom"], annex["Alasan"]):
        assert not shown.str.contains(r"\b[a-z]+_[a-z_]+\b").any(), shown[shown.str.contains(r"\b[a-z]+_[a-z_]+\b")]
    english_annex = quality_annex(demo_dataset, list(demo_dataset.counts), language="en")
    assert not set(annex["Alasan"]) & set(english_annex["Reason"])


def test_the_annex_page_shows_a_planted_bad_file_in_indonesian(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(BAD / "excel_mangled_nip", folder)
    dataset = load_dataset(folder, cache=False)
    counts = pd.DataFrame([{"table": name, "file": c.file, "rows": c.rows, "valid": c.valid, "rejected": c.rejected}
                           for name, c in dataset.counts.items()])
    page = pages.annex_page(counts, quality_annex(dataset, list(dataset.counts)), language="id", back="index.html")
    assert "<th>Alasan</th>" in page and "<th>Berkas</th>" in page
    assert "jadi digit terakhirnya hilang di Excel (sel angka); simpan NIP sebagai teks." in page
    assert "lost its last digits" not in page


def test_a_snapshot_is_rebuilt_when_the_reasons_or_any_loader_module_change():
    package = Path(loading.__file__).parents[1]
    hashed = {str(path.relative_to(package)) for pattern in loading._LOADER_MODULES for path in package.glob(pattern)}
    assert {"data/reasons.py", "data/io.py", "data/schemas.py", "core/text/rejects.yaml"} <= hashed
    assert all(list(package.glob(pattern)) for pattern in loading._LOADER_MODULES)


HEADER = "NIP;Nama;Unit Kerja;Golongan;Jabatan;Jenis Kelamin;Tanggal Lahir;Kode Unit"
cell = st.one_of(st.text(max_size=20), st.sampled_from([
    "19660801 198803 1 001", "1.96608011988031E+17", "31/02/2026", "III/a", "IV", "L", "P", "kec", "1850-01-01",
    "198807142014031000", "199001012015011001", "1.250,5", "\"", ";"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=9), max_size=6))
def test_random_bad_cells_get_reasons_from_the_catalogue(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("random")
    _write(folder, "unit_kerja.csv", "Kode Unit;Nama Unit;Jenis Unit\nKEC;Kantor Camat Cakranegara;kecamatan\n")
    _write(folder, "pegawai.csv", "\n".join([HEADER] + [";".join(row) for row in rows]))
    try:
        dataset = load_dataset(folder, cache=False)
    except DataError:
        return
    assert [reason for reason in dataset.rejects["reason"] if read_reason(reason) is None] == []
