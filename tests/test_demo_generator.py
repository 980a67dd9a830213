"""Specification of the demo data generator (kinerja.demo).

The files are read back here with plain pandas and openpyxl, as a user would
open them, so that these tests do not depend on the loader. They check that
the data are valid, that the structure planted on purpose is visible in the
raw files, and that ``ground_truth.json`` says exactly where the bad rows are.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kinerja.core.nip import InvalidNip, parse_nip
from kinerja.core.periods import WorkCalendar
from kinerja.data.dictionary import BERAKHLAK, PNS_GOLONGAN, PPPK_GOLONGAN, UNSUR
from kinerja.demo import DEMO_FILES, GENERATOR_VERSION, generate_demo

ROLLOUT = date(2024, 10, 1)
REFERENCE = date(2026, 9, 30)
QUARTERS = ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
RATINGS = {"Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"}
UNSUR_LABELS = [label for _, label, _ in UNSUR]
BERAKHLAK_LABELS = [label for _, label in BERAKHLAK]


# --- fixtures ---------------------------------------------------------------

@pytest.fixture(scope="session")
def truth(demo) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))


def bad_rows_of(truth: dict, file: str) -> set[int]:
    return {entry["row"] for entry in truth["bad_rows"] if entry["file"] == file}


def squeeze(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def read_csv(demo: Path, name: str, **options) -> pd.DataFrame:
    """A CSV as text, with the line number of each row (header = line 1)."""
    frame = pd.read_csv(demo / name, dtype=str, keep_default_na=False, **options)
    frame.index = frame.index + 2
    return frame


def read_xlsx(demo: Path, name: str, header_row: int) -> pd.DataFrame:
    """An XLSX sheet below its title rows, indexed by Excel row number."""
    sheet = openpyxl.load_workbook(demo / name, read_only=True).active
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    width = len(rows[0])
    # Read-only sheets drop trailing empty cells; pad the rows back to the header.
    body = [tuple(row) + (None,) * (width - len(row)) for row in rows[1:]]
    frame = pd.DataFrame(body, columns=rows[0], dtype=object)
    frame.index = frame.index + header_row + 1
    return frame


@pytest.fixture(scope="session")
def units(demo) -> pd.DataFrame:
    return read_csv(demo, "unit_kerja.csv")


@pytest.fixture(scope="session")
def unit_code_of(units) -> dict[str, str]:
    """Unit code or name (case and spaces ignored) -> code."""
    lookup = {squeeze(code): code for code in units["Kode Unit"]}
    lookup.update({squeeze(name): code for code, name in zip(units["Kode Unit"], units["Nama Unit"])})
    return lookup


@pytest.fixture(scope="session")
def employee_sheet(demo) -> pd.DataFrame:
    """pegawai.xlsx with the cell values as stored (NIPs keep their cell type)."""
    sheet = openpyxl.load_workbook(demo / "pegawai.xlsx").active
    header = [cell.value for cell in sheet[4]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame.index = frame.index + 5
    return frame


@pytest.fixture(scope="session")
def employees(employee_sheet, truth, unit_code_of) -> pd.DataFrame:
    """Valid employee rows, with the NIP parsed."""
    frame = employee_sheet.drop(index=sorted(bad_rows_of(truth, "pegawai.xlsx"))).copy()
    frame["nip"] = [parse_nip(value, today=REFERENCE).digits for value in frame["NIP"]]
    frame["unit_code"] = [unit_code_of[squeeze(name)] for name in frame["Unit Kerja"]]
    return frame.set_index("nip", drop=False)


@pytest.fixture(scope="session")
def activities(demo) -> pd.DataFrame:
    return read_csv(demo, "aktivitas.csv")


@pytest.fixture(scope="session")
def survey(demo) -> pd.DataFrame:
    return read_xlsx(demo, "survei_perubahan.xlsx", header_row=3)


@pytest.fixture(scope="session")
def survey_resistance(survey, truth) -> pd.Series:
    """Mean of the 17 Oreg items per NIP, the reverse-keyed items reversed, blanks ignored."""
    valid = survey.drop(index=sorted(bad_rows_of(truth, "survei_perubahan.xlsx")))
    items = valid[[f"Q{i}" for i in range(1, 18)]].astype(float)
    # Oreg (2003) keys items 4 and 14 in reverse (issue #16: item 14 was not reversed before).
    assert truth["resistance_adoption"]["reverse_keyed_items"] == [4, 14]
    for number in truth["resistance_adoption"]["reverse_keyed_items"]:
        items[f"Q{number}"] = 7 - items[f"Q{number}"]
    return pd.Series(items.mean(axis=1).to_numpy(), index=valid["NIP"].to_numpy())


# --- determinism and files ---------------------------------------------------

def test_same_arguments_give_byte_identical_files(tmp_path):
    small = {"employees": 60, "quarters": "2026-Q2:2026-Q3"}  # every file, in a quarter of the default's time
    first = generate_demo(tmp_path / "a", seed=7, **small)
    second = generate_demo(tmp_path / "b", seed=7, **small)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()) == sorted(DEMO_FILES)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # Another seed gives other data; generating again overwrites it.
    generate_demo(first, seed=8, **small)
    assert (first / "aktivitas.csv").read_bytes() != (second / "aktivitas.csv").read_bytes()
    generate_demo(first, seed=7, **small)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_too_few_employees_or_quarters_are_refused(tmp_path):
    with pytest.raises(ValueError, match="employees"):
        generate_demo(tmp_path / "x", employees=10)
    with pytest.raises(ValueError, match="two quarters"):
        generate_demo(tmp_path / "y", employees=120, quarters="2026-Q3")


def test_folder_holds_only_the_data_files_and_ground_truth(demo):
    assert sorted(p.name for p in demo.iterdir()) == sorted(DEMO_FILES)


def test_ground_truth_records_how_it_was_made(truth):
    assert truth["generated_with"] == GENERATOR_VERSION
    assert (truth["seed"], truth["employees"], truth["quarters"]) == (0, 1000, QUARTERS)


def test_file_formats_are_those_offices_export(demo):
    assert (demo / "skp.csv").read_bytes().startswith(b"\xef\xbb\xbfNIP;")
    assert b"\r\n" in (demo / "skp.csv").read_bytes()[:500]
    complaints = (demo / "pengaduan.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        complaints.decode("utf-8")
    assert re.search("[“”–é]", complaints.decode("cp1252"))
    assert (demo / "aktivitas.csv").read_bytes().startswith(b"ID Aktivitas,NIP,")


# --- units and employees -----------------------------------------------------

def test_units_are_the_kecamatan_its_ten_kelurahan_puskesmas_and_schools(units):
    by_type = units.groupby("Jenis Unit")["Nama Unit"].apply(list)
    assert by_type["kecamatan"] == ["Kantor Camat Cakranegara"]
    assert len(by_type["kelurahan"]) == 10
    assert "Kantor Lurah Sayang-Sayang" in by_type["kelurahan"]
    assert set(by_type["puskesmas"]) == {"Puskesmas Karang Taliwang", "Puskesmas Cakranegara"}
    assert len(by_type["sekolah"]) >= 10
    days = dict(zip(units["Nama Unit"], units["Hari Kerja"]))
    assert days["Puskesmas Karang Taliwang"] == "6" and days["SD Negeri 1 Cakranegara"] == "5"


def test_nip_cells_are_text_and_every_nip_is_valid_and_unique(employee_sheet, truth):
    mangled = {b["row"] for b in truth["bad_rows"] if b["problem"] == "excel_mangled_nip"}
    duplicate = {b["row"] for b in truth["bad_rows"] if b["problem"] == "duplicate_key"}
    digits = []
    for row, value in employee_sheet["NIP"].items():
        if row in mangled:
            assert isinstance(value, float)
            continue
        assert isinstance(value, str)
        digits.append(parse_nip(value, today=REFERENCE).digits)
        if row not in duplicate:
            assert employee_sheet.at[row, "NIP Atasan"] is None or isinstance(employee_sheet.at[row, "NIP Atasan"], str)
    kept = [d for d, row in zip(digits, [r for r in employee_sheet.index if r not in mangled]) if row not in duplicate]
    assert len(kept) == len(set(kept)) == truth["employees"]


def test_about_85_percent_pns_and_15_percent_pppk(employees):
    kinds = [parse_nip(n).kind for n in employees["nip"]]
    assert kinds == employees["Status Kepegawaian"].tolist()
    share = np.mean([k == "PPPK" for k in kinds])
    assert 0.10 <= share <= 0.20


def test_golongan_fits_the_status(employees):
    pns = employees[employees["Status Kepegawaian"] == "PNS"]
    pppk = employees[employees["Status Kepegawaian"] == "PPPK"]
    assert pns["Golongan"].isin(PNS_GOLONGAN).all()
    assert pppk["Golongan"].isin(PPPK_GOLONGAN).all()
    assert (pppk.loc[pppk["Jabatan"].str.contains("Ahli Pertama"), "Golongan"] == "IX").all()


def test_golongan_rises_with_years_of_service(employees):
    pns = employees[employees["Status Kepegawaian"] == "PNS"]
    tenure = pd.Series([(REFERENCE - parse_nip(n).tmt).days / 365.25 for n in pns["nip"]], index=pns.index)
    senior = pns["Golongan"].isin(["III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"])
    junior = pns["Golongan"].str.startswith("II/")
    assert tenure[senior].mean() > tenure[junior].mean() + 5
    rank = pns["Golongan"].map(PNS_GOLONGAN.index)
    assert np.corrcoef(rank, tenure)[0, 1] > 0.5


def test_tmt_is_at_age_22_to_35_and_before_the_rollout(employees):
    for nip in employees["nip"]:
        parsed = parse_nip(nip)
        if parsed.kind == "PNS":
            age_at_tmt = (parsed.tmt - parsed.birth_date).days / 365.25
            assert 21.9 <= age_at_tmt <= 35.1, nip
        assert parsed.tmt <= ROLLOUT


def test_gender_and_birth_date_agree_with_the_nip(employees):
    for nip, gender, birth in zip(employees["nip"], employees["Jenis Kelamin"], employees["Tanggal Lahir"]):
        parsed = parse_nip(nip)
        assert gender == parsed.gender
        if isinstance(birth, str):
            birth = datetime.strptime(birth, "%d/%m/%Y")
        assert birth.date() == parsed.birth_date
    assert employees["Tanggal Lahir"].map(lambda v: isinstance(v, str)).mean() > 0.03


def test_heads_and_supervisors(employees):
    heads = employees[employees["NIP Atasan"].isna()]
    assert set(heads["Jabatan"]) == {"Camat", "Kepala Puskesmas", "Kepala Sekolah"}
    camat = heads.loc[heads["Jabatan"] == "Camat", "nip"].item()
    camat_row = employees.loc[camat]
    assert camat_row["Golongan"] in ("IV/a", "IV/b")
    assert (REFERENCE - parse_nip(camat).birth_date).days / 365.25 >= 45
    lurah = employees[employees["Jabatan"] == "Lurah"]
    assert len(lurah) == 10 and (lurah["NIP Atasan"] == camat).all()
    assert lurah["Golongan"].isin(["III/d", "IV/a"]).all()
    head_of = dict(zip(employees.loc[employees["Jabatan"].isin(["Camat", "Lurah", "Kepala Puskesmas",
                                                                 "Kepala Sekolah"]), "unit_code"],
                       employees.loc[employees["Jabatan"].isin(["Camat", "Lurah", "Kepala Puskesmas",
                                                                 "Kepala Sekolah"]), "nip"]))
    staff = employees[~employees["Jabatan"].isin(["Camat", "Lurah", "Kepala Puskesmas", "Kepala Sekolah"])]
    assert (staff["NIP Atasan"] == staff["unit_code"].map(head_of)).all()


def test_unit_names_vary_in_case_and_spacing_but_all_resolve(employee_sheet, unit_code_of, units):
    names = employee_sheet["Unit Kerja"]
    assert names.map(lambda n: squeeze(n) in unit_code_of).all()
    assert (~names.isin(units["Nama Unit"])).sum() >= 10
    assert names.str.contains("  ").any()


def test_names_are_plausible_for_lombok(employees):
    names = employees["Nama"]
    for part in ("Lalu ", "Baiq ", "I Made ", "Ni Luh ", "Ida Bagus ", "Siti ", "dr. ", "S.Kep."):
        assert names.str.contains(part, regex=False).any(), part
    bidan = employees[employees["Jabatan"].str.startswith("Bidan")]
    assert (bidan["Jenis Kelamin"] == "P").all()


# --- planted effects --------------------------------------------------------

def test_waiting_time_jumps_at_the_planted_puskesmas_in_the_last_quarter(demo, truth, unit_code_of):
    visits = read_csv(demo, "kunjungan.csv").drop(index=sorted(bad_rows_of(truth, "kunjungan.csv")))
    visits = visits[visits["service_start_at"] != ""]
    arrival = pd.to_datetime(visits["arrival_at"], format="%d/%m/%Y %H.%M")
    start = pd.to_datetime(visits["service_start_at"], format="%d/%m/%Y %H.%M")
    wait = (start - arrival).dt.total_seconds() / 60
    assert (wait >= 0).all()
    unit = visits["unit_code"].map(lambda u: unit_code_of[squeeze(u)])
    quarter = arrival.dt.year.astype(str) + "-Q" + arrival.dt.quarter.astype(str)
    medians = wait.groupby([unit, quarter]).median()
    planted = truth["waiting_time"]
    code, last = planted["unit_code"], planted["quarter"]
    assert (code, last) == ("PKM-KTW", QUARTERS[-1])
    assert medians[(code, last)] > 60
    assert medians[code].drop(last).max() < 50
    assert medians.drop((code, last)).max() < 55
    assert medians[(code, last)] == planted["median_after_minutes"]
    assert medians[code].drop(last).median() == pytest.approx(planted["median_before_minutes"], abs=1)
    kelurahan = medians[[u.startswith("KEL-") for u, _ in medians.index]]
    assert kelurahan.between(8, 18).all()


def test_ikm_of_the_planted_kelurahan_falls_to_grade_c_in_the_last_quarter(demo, truth, unit_code_of):
    skm = read_xlsx(demo, "skm.xlsx", header_row=2).drop(index=sorted(bad_rows_of(truth, "skm.xlsx")))
    assert list(skm.columns[8:17]) == UNSUR_LABELS[:7] + [UNSUR_LABELS[8], UNSUR_LABELS[7]]
    unit = skm["Unit Layanan"].map(lambda u: unit_code_of[squeeze(u)])
    day = pd.to_datetime(skm["Tanggal"])
    quarter = day.dt.year.astype(str) + "-Q" + day.dt.quarter.astype(str)
    answers = skm[UNSUR_LABELS].astype(float)
    assert 0.005 < answers.isna().mean().mean() < 0.05
    ikm = answers.groupby([unit, quarter]).mean().mean(axis=1).mul(25).round(2)
    counts = answers.groupby([unit, quarter]).size()
    assert counts.between(60, 150).all()
    planted = truth["ikm"]
    code, last = planted["unit_code"], planted["quarter"]
    assert (code, last) == ("KEL-MYR", QUARTERS[-1])
    assert 65.0 <= ikm[(code, last)] <= 76.60
    assert ikm.drop((code, last)).min() >= 76.61
    assert ikm[(code, last)] == pytest.approx(planted["ikm_after"], abs=0.005)
    assert ikm[(code, QUARTERS[-2])] == pytest.approx(planted["ikm_before"], abs=0.005)
    assert len(ikm) == 13 * len(QUARTERS)


@pytest.fixture(scope="session")
def features(demo, truth, activities, employees, units) -> pd.DataFrame:
    """Per ASN: on-time share, reporting-day share, Di Bawah share, SKP attainment."""
    bad = bad_rows_of(truth, "aktivitas.csv")
    acts = activities.drop(index=sorted(bad))
    on_time = (acts["Waktu Lapor"].str[:10] == acts["Tanggal Aktivitas"]).groupby(acts["NIP"]).mean()
    first = acts.groupby("NIP")["Tanggal Aktivitas"].min()
    reported_days = acts.groupby("NIP")["Tanggal Aktivitas"].nunique()
    days_per_week = dict(zip(units["Kode Unit"], units["Hari Kerja"].astype(int)))
    calendars = {d: np.array(WorkCalendar(workdays_per_week=d).workdays(ROLLOUT, REFERENCE), dtype="datetime64[D]")
                 for d in (5, 6)}
    possible = pd.Series({
        nip: int(np.sum(calendars[days_per_week[employees.at[nip, "unit_code"]]] >= np.datetime64(first[nip])))
        for nip in first.index
    })
    behaviour = read_xlsx(demo, "perilaku.xlsx", header_row=2).drop(
        index=sorted(bad_rows_of(truth, "perilaku.xlsx")))
    below = (behaviour[["Berorientasi Pelayanan", "Harmonis", "Kolaboratif"]] == "Di Bawah Ekspektasi").mean(axis=1)
    skp = read_csv(demo, "skp.csv", sep=";", encoding="utf-8-sig").drop(index=sorted(bad_rows_of(truth, "skp.csv")))
    target = skp["Target"].str.replace(",", ".").astype(float)
    realisation = skp["Realisasi"].str.replace(",", ".").astype(float)
    ratio = np.where(skp["Arah"] == "turun", target / realisation, realisation / target)
    attainment = pd.Series(ratio, index=skp.index).groupby(skp["NIP"]).mean()
    frame = pd.DataFrame({
        "on_time_rate": on_time,
        "reporting_rate": reported_days / possible,
        "below_share": below.groupby(behaviour["NIP"].to_numpy()).mean(),
        "skp_attainment": attainment,
        "first_report_days": (pd.to_datetime(first) - pd.Timestamp(ROLLOUT)).dt.days,
    })
    frame["group"] = pd.Series(truth["training_needs"])
    return frame


def test_training_need_groups_are_assigned_at_random_in_the_planned_shares(truth, employees):
    groups = pd.Series(truth["training_needs"])
    assert set(groups.index) == set(employees["nip"])
    shares = groups.value_counts(normalize=True)
    for name, share in {"manajemen_waktu": 0.15, "komunikasi_efektif": 0.15, "literasi_digital": 0.12,
                        "kompetensi_teknis": 0.10}.items():
        assert shares[name] == pytest.approx(share, abs=0.02)
    per_unit = pd.crosstab(employees["unit_code"], groups[employees["nip"]].to_numpy())
    assert (per_unit["none"] > 0).all()
    assert set(truth["training_need_features"]) == {"manajemen_waktu", "komunikasi_efektif", "literasi_digital",
                                                    "kompetensi_teknis"}


def test_each_training_need_group_stands_out_on_its_own_feature(features):
    means = features.groupby("group").mean()
    none = means.loc["none"]
    assert means.at["manajemen_waktu", "on_time_rate"] < none["on_time_rate"] - 0.4
    assert means.at["literasi_digital", "reporting_rate"] < none["reporting_rate"] - 0.25
    assert means.at["komunikasi_efektif", "below_share"] > none["below_share"] + 0.5
    assert means.at["kompetensi_teknis", "skp_attainment"] < none["skp_attainment"] - 0.15
    # ... and only on it.
    assert abs(means.at["manajemen_waktu", "reporting_rate"] - none["reporting_rate"]) < 0.05
    assert abs(means.at["literasi_digital", "on_time_rate"] - none["on_time_rate"]) < 0.05
    assert abs(means.at["komunikasi_efektif", "skp_attainment"] - none["skp_attainment"]) < 0.05
    assert abs(means.at["kompetensi_teknis", "below_share"] - none["below_share"]) < 0.05


def test_the_planted_groups_persist_over_the_quarters(demo, truth, activities):
    acts = activities.drop(index=sorted(bad_rows_of(truth, "aktivitas.csv")))
    acts = acts[acts["Tanggal Aktivitas"] >= "2025-01-01"]
    group = acts["NIP"].map(truth["training_needs"])
    day = pd.to_datetime(acts["Tanggal Aktivitas"], format="%Y-%m-%d")
    quarter = day.dt.year.astype(str) + "-Q" + day.dt.quarter.astype(str)
    on_time = (acts["Waktu Lapor"].str[:10] == acts["Tanggal Aktivitas"]).groupby([group, quarter]).mean().unstack()
    assert (on_time.loc["manajemen_waktu"] < on_time.loc["none"] - 0.4).all()


def test_everyone_adopts_e_kinerja_in_the_first_quarter_and_resistance_delays_it(features, survey_resistance, truth):
    assert features["first_report_days"].max() <= 91
    assert truth["resistance_adoption"]["rollout_date"] == "2024-10-01"
    assert truth["resistance_adoption"]["delay_days_per_point"] == 12
    joined = pd.concat([survey_resistance.rename("resistance"), features["first_report_days"]], axis=1,
                       join="inner")
    assert len(joined) > 600
    assert joined.corr(method="spearman").iloc[0, 1] > 0.3


def test_first_report_dates_match_the_ground_truth(features, truth):
    recorded = pd.to_datetime(pd.Series(truth["resistance_adoption"]["first_report_date"]))
    observed = pd.Timestamp(ROLLOUT) + pd.to_timedelta(features["first_report_days"], unit="D")
    assert (observed.sort_index() == recorded.sort_index()).all()


def test_about_70_percent_answer_the_survey_with_pseudonyms(survey, employees):
    assert 0.65 <= len(survey) / len(employees) <= 0.75
    assert survey["Responden"].str.fullmatch(r"R\d{4}").all() and survey["Responden"].is_unique
    # Pseudonyms are numbered in shuffled order, not by NIP.
    number = survey["Responden"].str[1:].astype(int)
    assert abs(number.corr(survey["NIP"].rank(), method="spearman")) < 0.15
    assert set(survey["Tanggal"].str[3:]) == {"11-2024"}


def test_sosialisasi_attendees_resist_about_half_a_point_less(demo, survey_resistance, truth):
    sessions = read_csv(demo, "sosialisasi.csv")
    attended = sessions.set_index("NIP")["Hadir"] == "Ya"
    assert 0.5 <= attended.mean() <= 0.6
    joined = pd.concat([survey_resistance.rename("r"), attended.rename("attended")], axis=1, join="inner")
    difference = joined.loc[~joined["attended"], "r"].mean() - joined.loc[joined["attended"], "r"].mean()
    assert 0.3 <= difference <= 0.7
    assert truth["sosialisasi"]["effect_on_resistance"] == -0.5
    assert set(sessions["Tanggal Sosialisasi"].str[3:]) == {"10-2024"}


def test_a_quarter_of_asn_had_under_20_jp_in_the_last_12_months(demo, employees):
    trainings = read_csv(demo, "pelatihan.csv")
    start = pd.to_datetime(trainings["start_date"], format="%d/%m/%Y")
    recent = trainings[start > pd.Timestamp(REFERENCE) - pd.Timedelta(days=365)]
    jp = recent["jp"].astype(float).groupby(recent["nip"]).sum().reindex(employees["nip"], fill_value=0)
    assert 0.18 <= (jp < 20).mean() <= 0.32
    assert trainings["jp"].astype(float).between(8, 40).all()


def test_complaints_per_quarter_and_their_status(demo, truth):
    complaints = read_csv(demo, "pengaduan.csv", sep=";", encoding="cp1252")
    received = pd.to_datetime(complaints["Tanggal Pengaduan"], format="%d/%m/%Y %H.%M")
    per_quarter = received.dt.to_period("Q").value_counts()
    assert per_quarter.between(15, 50).all() and len(per_quarter) == len(QUARTERS)
    resolved = complaints["Tanggal Selesai"] != ""
    assert ((complaints["Status"] == "Selesai") == resolved).all()
    assert 0.05 < (~resolved).mean() < 0.3


# --- validity of every row that is not listed as bad ----------------------------

def test_every_row_not_listed_as_bad_follows_the_dictionary(demo, truth, employees, unit_code_of, activities):
    nips = set(employees["nip"])

    def valid(file: str, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.drop(index=sorted(bad_rows_of(truth, file)))

    acts = valid("aktivitas.csv", activities)
    assert acts["NIP"].isin(nips).all() and acts["ID Aktivitas"].is_unique
    day = pd.to_datetime(acts["Tanggal Aktivitas"], format="%Y-%m-%d")
    submitted = pd.to_datetime(acts["Waktu Lapor"], format="%Y-%m-%d %H:%M:%S")
    approved = pd.to_datetime(acts["Waktu Persetujuan"].replace("", None), format="%Y-%m-%d %H:%M:%S")
    assert (submitted >= day).all()
    assert (approved.isna() | (approved >= submitted)).all()
    assert ((acts["Status"] == "Disetujui") == approved.notna()).all()
    assert acts["Status"].isin(["Disetujui", "Menunggu Persetujuan", "Ditolak"]).all()
    assert acts["Durasi (menit)"].astype(int).between(0, 1440).all()

    visits = valid("kunjungan.csv", read_csv(demo, "kunjungan.csv"))
    assert visits["visit_id"].is_unique
    assert visits["unit_code"].map(lambda u: squeeze(u) in unit_code_of).all()
    arrival = pd.to_datetime(visits["arrival_at"], format="%d/%m/%Y %H.%M")
    start = pd.to_datetime(visits["service_start_at"].replace("", None), format="%d/%m/%Y %H.%M")
    end = pd.to_datetime(visits["service_end_at"].replace("", None), format="%d/%m/%Y %H.%M")
    assert (start.isna() | (start >= arrival)).all() and (end.isna() | (end >= start)).all()
    assert 0.01 < start.isna().mean() < 0.03

    skm = valid("skm.xlsx", read_xlsx(demo, "skm.xlsx", header_row=2))
    answers = skm[UNSUR_LABELS].astype(float)
    assert ((answers >= 1) & (answers <= 4) | answers.isna()).all().all()
    assert answers.notna().any(axis=1).all()
    assert skm["No Kuesioner"].is_unique and skm["Umur"].between(10, 110).all()

    skp = valid("skp.csv", read_csv(demo, "skp.csv", sep=";", encoding="utf-8-sig"))
    for column in ("Target", "Realisasi"):
        assert skp[column].str.fullmatch(r"\d+(,\d+)?").all(), column
    assert not skp.duplicated(["NIP", "Triwulan", "Indikator Kinerja"]).any()
    assert skp["NIP"].isin(nips).all()
    every = read_csv(demo, "skp.csv", sep=";", encoding="utf-8-sig")
    weights = every["Bobot (%)"].astype(int).groupby([every["NIP"], every["Triwulan"]]).agg(["sum", "size"])
    assert (weights["sum"] == 100).all() and weights["size"].between(3, 5).all()
    assert set(skp["Arah"]) == {"naik", "turun"}

    behaviour = valid("perilaku.xlsx", read_xlsx(demo, "perilaku.xlsx", header_row=2))
    assert behaviour[BERAKHLAK_LABELS + ["Hasil Kerja", "Perilaku Kerja"]].isin(RATINGS).all().all()
    assert not behaviour.duplicated(["NIP", "Triwulan"]).any() and behaviour["NIP"].isin(nips).all()
    assert len(behaviour) + 1 == len(employees) * len(QUARTERS)

    complaints = valid("pengaduan.csv", read_csv(demo, "pengaduan.csv", sep=";", encoding="cp1252"))
    received = pd.to_datetime(complaints["Tanggal Pengaduan"], format="%d/%m/%Y %H.%M")
    resolved = pd.to_datetime(complaints["Tanggal Selesai"].replace("", None), format="%d/%m/%Y %H.%M")
    assert (resolved.isna() | (resolved >= received)).all() and complaints["No Tiket"].is_unique
    assert complaints["Unit"].map(lambda u: squeeze(u) in unit_code_of).all()

    trainings = read_csv(demo, "pelatihan.csv")
    assert trainings["nip"].isin(nips).all() and not trainings.duplicated().any()
    assert (pd.to_datetime(trainings["end_date"], format="%d/%m/%Y")
            >= pd.to_datetime(trainings["start_date"], format="%d/%m/%Y")).all()

    sessions = read_csv(demo, "sosialisasi.csv")
    assert sessions["NIP"].isin(nips).all() and set(sessions["NIP"]) == nips
    assert not sessions.duplicated(["NIP", "Tanggal Sosialisasi", "Materi"]).any()

    survey = valid("survei_perubahan.xlsx", read_xlsx(demo, "survei_perubahan.xlsx", header_row=3))
    items = survey[[f"Q{i}" for i in range(1, 18)]].astype(float)
    assert ((items >= 1) & (items <= 6) | items.isna()).all().all()
    assert survey["NIP"].isin(nips).all() and survey["Umur"].between(17, 80).all()
    assert survey["Masa Kerja"].between(0, 60).all()


# --- the bad rows ------------------------------------------------------------

def test_ground_truth_lists_about_a_dozen_bad_rows_in_every_kind_of_table(truth):
    bad = truth["bad_rows"]
    assert 8 <= len(bad) <= 14
    assert {b["table"] for b in bad} == {"employees", "activities", "visits", "ikm_responses", "skp", "behaviour",
                                         "complaints", "change_survey", "absences", "observations", "forums"}
    assert len({(b["file"], b["row"]) for b in bad}) == len(bad)


def test_each_listed_bad_row_is_in_its_file_with_its_problem(demo, truth, employee_sheet, employees, activities):
    nips = set(employees["nip"])
    readers = {
        "aktivitas.csv": activities,
        "kunjungan.csv": read_csv(demo, "kunjungan.csv"),
        "skp.csv": read_csv(demo, "skp.csv", sep=";", encoding="utf-8-sig"),
        "pengaduan.csv": read_csv(demo, "pengaduan.csv", sep=";", encoding="cp1252"),
        "skm.xlsx": read_xlsx(demo, "skm.xlsx", header_row=2),
        "perilaku.xlsx": read_xlsx(demo, "perilaku.xlsx", header_row=2),
        "survei_perubahan.xlsx": read_xlsx(demo, "survei_perubahan.xlsx", header_row=3),
        "pegawai.xlsx": employee_sheet,
        "ketidakhadiran.csv": read_csv(demo, "ketidakhadiran.csv"),
        "pengamatan.csv": read_csv(demo, "pengamatan.csv"),
        "forum.csv": read_csv(demo, "forum.csv"),
    }
    for bad in truth["bad_rows"]:
        row = readers[bad["file"]].loc[bad["row"]]
        problem = bad["problem"]
        if problem == "excel_mangled_nip":
            assert isinstance(row["NIP"], float) and row["NIP"] > 1e17
            with pytest.raises(InvalidNip, match="Excel"):
                parse_nip(row["NIP"])
        elif problem == "duplicate_key":
            copies = employee_sheet[employee_sheet["NIP"] == row["NIP"]]
            assert list(copies.index) == [copies.index[0], bad["row"]] and copies.index[0] < bad["row"]
            assert copies.drop(columns="No").iloc[0].equals(copies.drop(columns="No").iloc[1])
        elif problem == "unknown_employee":
            assert parse_nip(row["NIP"]).digits not in nips
        elif problem == "submitted_before_activity_date":
            assert row["Waktu Lapor"][:10] < row["Tanggal Aktivitas"]
        elif problem == "service_start_before_arrival":
            parse = lambda text: datetime.strptime(text, "%d/%m/%Y %H.%M")  # noqa: E731
            assert parse(row["service_start_at"]) < parse(row["arrival_at"])
        elif problem == "value_out_of_range" and bad["file"] == "skm.xlsx":
            assert bad["column"] == "waktu_penyelesaian" and row["Waktu Penyelesaian"] == 5
        elif problem == "value_out_of_range":
            assert bad["column"] == "rtc_12" and row["Q12"] == 7
        elif problem == "not_a_number":
            assert bad["column"] == "target" and not re.fullmatch(r"\d+(,\d+)?", row["Target"])
        elif problem == "invalid_choice" and bad["file"] == "pengamatan.csv":
            assert bad["column"] == "core_value" and row["Nilai BerAKHLAK"] == "Disiplin"
        elif problem == "invalid_choice":
            assert bad["column"] == "kompeten" and row["Kompeten"] == "Cukup"
        elif problem == "end_before_start":
            assert bad["column"] == "end_date"
            assert (datetime.strptime(row["Tanggal Selesai"], "%d/%m/%Y")
                    < datetime.strptime(row["Tanggal Mulai"], "%d/%m/%Y"))
        elif problem == "resolved_before_received":
            parse = lambda text: datetime.strptime(text, "%d/%m/%Y %H.%M")  # noqa: E731
            assert parse(row["Tanggal Selesai"]) < parse(row["Tanggal Pengaduan"])
            assert row["Status"] == "Selesai"
        elif problem == "response_before_forum":
            assert bad["column"] == "response_date"
            assert (datetime.strptime(row["Tanggal Tanggapan"], "%d/%m/%Y")
                    < datetime.strptime(row["Tanggal Forum"], "%d/%m/%Y"))
        else:  # pragma: no cover
            pytest.fail(f"unexpected problem {problem}")


def test_the_mangled_nip_belongs_to_nobody_in_the_other_files(demo, truth, activities):
    mangled = next(b for b in truth["bad_rows"] if b["problem"] == "excel_mangled_nip")
    digits = re.search(r"\d{18}", mangled["note"]).group()
    for name in ("aktivitas.csv", "skp.csv", "sosialisasi.csv", "pelatihan.csv"):
        assert digits.encode() not in (demo / name).read_bytes(), name
