"""Specification of the demo's absences, the SKP indicators activities name, and observations (issue #19).

The files are read back with plain pandas and openpyxl, as a user would open them, so that
these tests depend neither on the loader nor on the metrics. They check the structure
``ground_truth.json`` says was planted: a maternity leave with no report during it, no report
on any day of an absence, a unit whose activities seldom name an SKP indicator, an indicator
no activity names, and observations whose tone follows the behaviour ratings.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kinerja.core.nip import parse_nip
from kinerja.core.periods import Quarter, WorkCalendar
from kinerja.demo import generate_demo
from kinerja.demo.generator import Generator

ABSENCE_KINDS = {"Cuti Tahunan", "Cuti Sakit", "Cuti Melahirkan", "Cuti Besar", "Cuti Alasan Penting",
                 "Cuti di Luar Tanggungan Negara", "Dinas Luar", "Diklat", "Tugas Belajar"}
CORE_VALUES = ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"]
RATINGS = ["Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi"]
REFERENCE = date(2026, 9, 30)
LAST = "2026-Q3"
NEW_FILES = ("ketidakhadiran.csv", "pengamatan.csv")


# --- fixtures ---------------------------------------------------------------

@pytest.fixture(scope="module")
def truth(demo: Path) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))


def bad_rows_of(truth: dict, file: str) -> list[int]:
    return sorted(entry["row"] for entry in truth["bad_rows"] if entry["file"] == file)


def read_csv(demo: Path, name: str) -> pd.DataFrame:
    """A CSV as text, indexed by line number (header = line 1)."""
    frame = pd.read_csv(demo / name, dtype=str, keep_default_na=False)
    frame.index = frame.index + 2
    return frame


def squeeze(text: object) -> str:
    """A unit name as typed by hand, compared: lower case, single spaces."""
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def quarter_of(days: pd.Series) -> pd.Series:
    return days.dt.year.astype(str) + "-Q" + days.dt.quarter.astype(str)


@pytest.fixture(scope="module")
def employees(demo: Path) -> pd.DataFrame:
    """pegawai.xlsx (the planted bad rows dropped): NIP digits, gender, supervisor and days worked a week."""
    sheet = openpyxl.load_workbook(demo / "pegawai.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    frame = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    frame = frame[frame["NIP"].map(lambda value: isinstance(value, str))].drop_duplicates("NIP")
    frame["nip"] = [parse_nip(value).digits for value in frame["NIP"]]
    units = pd.read_csv(demo / "unit_kerja.csv", dtype=str)
    days = {squeeze(name): int(d) for name, d in zip(units["Nama Unit"], units["Hari Kerja"])}
    frame["wpw"] = frame["Unit Kerja"].map(lambda name: days[squeeze(name)])
    return frame.set_index("nip")


@pytest.fixture(scope="module")
def calendars() -> dict[int, pd.DatetimeIndex]:
    return {d: pd.DatetimeIndex(WorkCalendar(workdays_per_week=d).workdays(date(2024, 10, 1), REFERENCE))
            for d in (5, 6)}


@pytest.fixture(scope="module")
def activities(demo: Path, truth: dict) -> pd.DataFrame:
    frame = read_csv(demo, "aktivitas.csv").drop(index=bad_rows_of(truth, "aktivitas.csv"))
    frame["day"] = pd.to_datetime(frame["Tanggal Aktivitas"], format="%Y-%m-%d")
    frame["quarter"] = quarter_of(frame["day"])
    return frame


@pytest.fixture(scope="module")
def absences(demo: Path, truth: dict) -> pd.DataFrame:
    frame = read_csv(demo, "ketidakhadiran.csv").drop(index=bad_rows_of(truth, "ketidakhadiran.csv"))
    frame["start"] = pd.to_datetime(frame["Tanggal Mulai"], format="%d/%m/%Y")
    frame["end"] = pd.to_datetime(frame["Tanggal Selesai"], format="%d/%m/%Y")
    return frame


@pytest.fixture(scope="module")
def observations(demo: Path, truth: dict) -> pd.DataFrame:
    frame = read_csv(demo, "pengamatan.csv").drop(index=bad_rows_of(truth, "pengamatan.csv"))
    frame["day"] = pd.to_datetime(frame["Tanggal Pengamatan"], format="%Y-%m-%d")
    frame["quarter"] = quarter_of(frame["day"])
    return frame


@pytest.fixture(scope="module")
def skp(demo: Path) -> pd.DataFrame:
    frame = pd.read_csv(demo / "skp.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    numeral = {"I": 1, "II": 2, "III": 3, "IV": 4}
    parts = frame["Triwulan"].str.split(" ")
    frame["quarter"] = parts.str[2] + "-Q" + parts.str[1].map(numeral).astype(str)
    return frame


def working_days(calendar: pd.DatetimeIndex, start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    return calendar[(calendar >= start) & (calendar <= end)]


# --- files -------------------------------------------------------------------

def test_the_new_files_have_indonesian_headers_and_activities_an_rhk_column(demo):
    assert (demo / "ketidakhadiran.csv").read_text(encoding="utf-8").startswith(
        "NIP,Tanggal Mulai,Tanggal Selesai,Jenis,Keterangan\n")
    assert (demo / "pengamatan.csv").read_text(encoding="utf-8").startswith(
        "NIP,NIP Pengamat,Tanggal Pengamatan,Nilai BerAKHLAK,Jenis,Catatan\n")
    with (demo / "aktivitas.csv").open(encoding="utf-8") as file:
        assert file.readline().rstrip("\n").split(",")[-1] == "RHK"


def test_the_new_bad_rows_are_in_their_files(demo, truth):
    absences = read_csv(demo, "ketidakhadiran.csv")
    observations = read_csv(demo, "pengamatan.csv")
    bad = {entry["file"]: entry for entry in truth["bad_rows"] if entry["file"] in NEW_FILES}
    assert set(bad) == set(NEW_FILES)
    row = absences.loc[bad["ketidakhadiran.csv"]["row"]]
    assert bad["ketidakhadiran.csv"]["column"] == "end_date"
    assert (pd.to_datetime(row["Tanggal Selesai"], format="%d/%m/%Y")
            < pd.to_datetime(row["Tanggal Mulai"], format="%d/%m/%Y"))
    row = observations.loc[bad["pengamatan.csv"]["row"]]
    assert bad["pengamatan.csv"]["column"] == "core_value" and row["Nilai BerAKHLAK"] == "Disiplin"
    # The valid rows are all fine.
    valid = absences.drop(index=bad["ketidakhadiran.csv"]["row"])
    assert (pd.to_datetime(valid["Tanggal Selesai"], format="%d/%m/%Y")
            >= pd.to_datetime(valid["Tanggal Mulai"], format="%d/%m/%Y")).all()
    assert set(observations.drop(index=bad["pengamatan.csv"]["row"])["Nilai BerAKHLAK"]) == set(CORE_VALUES)


# --- absences ----------------------------------------------------------------

def test_absences_are_of_the_known_kinds_and_their_counts_are_recorded(demo, truth, absences, employees):
    every = read_csv(demo, "ketidakhadiran.csv")
    assert set(every["Jenis"]) <= ABSENCE_KINDS
    assert truth["absences"]["rows_by_kind"] == every["Jenis"].value_counts().to_dict()
    assert truth["rows"]["absences"] == len(every)
    assert absences["NIP"].isin(employees.index).all()


def test_about_a_third_of_asn_take_annual_leave_of_one_to_five_working_days(absences, employees, calendars):
    length = pd.Series([len(working_days(calendars[employees.at[nip, "wpw"]], start, end))
                        for nip, start, end in zip(absences["NIP"], absences["start"], absences["end"])],
                       index=absences.index)
    annual = absences["Jenis"] == "Cuti Tahunan"
    assert length[annual].between(1, 5).all()
    year = absences[annual & (absences["start"] > pd.Timestamp(REFERENCE) - pd.Timedelta(days=365))]
    assert 0.25 <= year["NIP"].nunique() / len(employees) <= 0.42
    assert year.groupby("NIP").size().max() <= 3
    assert length[annual].groupby(year["NIP"]).sum().max() <= 12
    for kind in ("Cuti Sakit", "Dinas Luar"):
        spells = absences["Jenis"] == kind
        assert spells.sum() > 0.05 * len(employees) and length[spells].between(1, 3).all(), kind


def test_no_activity_falls_on_a_day_an_absence_covers(activities, absences):
    joined = activities[["NIP", "day"]].merge(absences[["NIP", "start", "end"]], on="NIP")
    inside = joined[(joined["day"] >= joined["start"]) & (joined["day"] <= joined["end"])]
    assert inside.empty, inside.head()


def test_the_planted_maternity_leave_covers_half_the_quarter_and_silences_her_reports(
        truth, absences, activities, employees, calendars):
    leave = truth["absences"]["maternity_leave"]
    assert (leave["quarter"], leave["kind"]) == (LAST, "Cuti Melahirkan")
    nip = leave["nip"]
    parsed = parse_nip(nip)
    assert parsed.gender == "P" and employees.at[nip, "Jenis Kelamin"] == "P"
    assert 22 <= (REFERENCE - parsed.birth_date).days / 365.25 <= 42
    row = absences[(absences["NIP"] == nip) & (absences["Jenis"] == "Cuti Melahirkan")]
    assert len(row) == 1 and (absences["Jenis"] == "Cuti Melahirkan").sum() == 1
    start, end = row["start"].iat[0], row["end"].iat[0]
    assert (start.date().isoformat(), end.date().isoformat()) == (leave["start_date"], leave["end_date"])
    quarter = Quarter.parse(LAST)
    calendar = calendars[employees.at[nip, "wpw"]]
    in_quarter = working_days(calendar, pd.Timestamp(quarter.start), pd.Timestamp(quarter.end))
    on_leave = working_days(in_quarter, start, end)
    assert 0.4 <= len(on_leave) / len(in_quarter) <= 0.6
    assert (len(on_leave), len(in_quarter)) == (leave["working_days_in_quarter"], leave["quarter_working_days"])
    hers = activities[activities["NIP"] == nip]
    assert not hers["day"].between(start, end).any()
    before = in_quarter[in_quarter < start]
    reported = hers.loc[hers["quarter"] == LAST, "day"].nunique()
    assert reported >= 0.6 * len(before)  # she reported as usual until her leave
    assert hers["quarter"].nunique() == len(truth["quarters"])


# --- SKP indicators named by activities ---------------------------------------

def test_an_rhk_names_an_indicator_of_the_asn_in_its_quarter(activities, skp):
    named = activities[activities["RHK"] != ""]
    keys = set(zip(skp["NIP"], skp["quarter"], skp["Kode Indikator"]))
    assert all(key in keys for key in zip(named["NIP"], named["quarter"], named["RHK"]))


def test_the_low_link_unit_names_an_indicator_for_a_quarter_of_its_activities(truth, activities, employees):
    links = truth["skp_links"]
    code = links["low_link_unit"]
    assert code in truth["units"] and code not in ("KEC-CKR", "KEL-MYR", "PKM-KTW")
    sizes = sorted(unit["employees"] for unit in truth["units"].values())
    assert sizes[len(sizes) // 4] <= truth["units"][code]["employees"] <= sizes[3 * len(sizes) // 4]
    in_unit = activities["NIP"].map(employees["Unit Kerja"].map(squeeze)) == squeeze(truth["units"][code]["name"])
    named = activities["RHK"] != ""
    share = named.groupby([in_unit, activities["quarter"]]).mean().unstack()
    assert share.loc[True, LAST] == pytest.approx(links["low_link_share"], abs=5e-5)
    assert share.loc[False, LAST] == pytest.approx(links["other_share"], abs=5e-5)
    assert share.loc[True].between(0.18, 0.32).all()
    assert share.loc[False].between(0.80, 0.90).all()


def test_the_planted_indicator_is_named_by_no_activity_while_the_others_usually_are(truth, activities, skp):
    planted = truth["skp_links"]["indicator_without_activity"]
    assert planted["quarter"] == LAST
    last = activities[activities["quarter"] == LAST]
    hers = last[last["NIP"] == planted["nip"]]
    assert len(hers) > 30 and not (hers["RHK"] == planted["indicator"]).any()
    own = skp[(skp["NIP"] == planted["nip"]) & (skp["quarter"] == LAST)]
    assert planted["indicator"] in set(own["Kode Indikator"])
    assert set(hers["RHK"]) - {""} == set(own["Kode Indikator"]) - {planted["indicator"]}
    # Elsewhere nearly every indicator of an ASN who reported in the quarter has an activity.
    indicators = skp.loc[(skp["quarter"] == LAST) & skp["NIP"].isin(set(last["NIP"])), ["NIP", "Kode Indikator"]]
    used = set(zip(last["NIP"], last["RHK"]))
    covered = [key in used for key in zip(indicators["NIP"], indicators["Kode Indikator"])]
    assert np.mean(covered) > 0.95


# --- observations -------------------------------------------------------------

def test_supervisors_observe_about_40_percent_of_asn_one_to_four_times_a_quarter(truth, observations, employees):
    assert observations["NIP"].isin(employees.index).all()
    assert (observations["NIP"] != observations["NIP Pengamat"]).all()
    assert 0.33 <= observations["NIP"].nunique() / len(employees) <= 0.47
    assert observations.groupby(["NIP", "quarter"]).size().between(1, 4).all()
    assert observations["NIP Pengamat"].isin(employees.index).all()
    # The supervisor of the register; for the unit heads without one the camat (for the camat, the sekcam).
    supervisor = observations["NIP"].map(employees["NIP Atasan"])
    own = observations["NIP Pengamat"] == supervisor
    assert own.mean() > 0.9 and supervisor[~own].isna().all()
    assert observations.loc[~own, "NIP Pengamat"].nunique() <= 2
    assert set(observations["Jenis"]) == {"Positif", "Perlu Perbaikan"} and observations["Catatan"].ne("").all()


def test_no_observation_falls_on_a_day_the_asn_is_away(observations, absences):
    joined = observations[["NIP", "day"]].merge(absences[["NIP", "start", "end"]], on="NIP")
    assert not ((joined["day"] >= joined["start"]) & (joined["day"] <= joined["end"])).any()


def test_the_share_of_positive_observations_rises_with_the_behaviour_rating(demo, truth, observations):
    sheet = openpyxl.load_workbook(demo / "perilaku.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    behaviour = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    behaviour.index = behaviour.index + 3
    behaviour = behaviour.drop(index=bad_rows_of(truth, "perilaku.xlsx"))
    behaviour["quarter"] = behaviour["Triwulan"].str[-4:] + "-Q" + behaviour["Triwulan"].str.split("/").str[0].map(
        {"TW I": "1", "TW II": "2", "TW III": "3", "TW IV": "4"})
    ratings = behaviour.melt(id_vars=["NIP", "quarter"], value_vars=CORE_VALUES, var_name="Nilai BerAKHLAK",
                             value_name="rating")
    joined = observations.merge(ratings, on=["NIP", "quarter", "Nilai BerAKHLAK"], validate="many_to_one")
    assert len(joined) == len(observations)
    share = (joined["Jenis"] == "Positif").groupby(joined["rating"]).mean()[RATINGS]
    assert share.is_monotonic_increasing and share.iloc[-1] - share.iloc[0] > 0.5
    recorded = truth["observations"]["positive_share_by_rating"]
    assert share.to_numpy() == pytest.approx([recorded[label] for label in RATINGS], abs=0.02)


# --- determinism and the streams of their own ---------------------------------

SMALL = {"employees": 80, "seed": 3, "quarters": "2026-Q2:2026-Q3"}


def test_the_new_tables_are_the_same_from_the_same_arguments(tmp_path):
    first = generate_demo(tmp_path / "a", **SMALL)
    second = generate_demo(tmp_path / "b", **SMALL)
    for name in (*NEW_FILES, "aktivitas.csv", "ground_truth.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_new_tables_leave_every_other_table_as_it_was(tmp_path, monkeypatch):
    """Their own streams: drawn otherwise, the absences and the rest change, the other files do not."""
    first = generate_demo(tmp_path / "a", **SMALL)
    original = Generator.stream
    monkeypatch.setattr(Generator, "stream", lambda self, name: original(self, f"{name}, drawn otherwise"))
    second = generate_demo(tmp_path / "b", **SMALL)
    changed = {path.name for path in first.iterdir() if path.read_bytes() != (second / path.name).read_bytes()}
    # The forums and follow-ups too; the improvement after the planted action (its own stream) moves the survey
    # and the IKM realisation in the SKP of that unit's head.
    assert changed == {*NEW_FILES, "aktivitas.csv", "ground_truth.json", "forum.csv", "tindak_lanjut.xlsx",
                       "skm.xlsx", "skp.csv"}
    # The activities differ only by the days now away and the indicators named.
    before = read_csv(first, "aktivitas.csv").drop(columns="RHK")
    after = read_csv(second, "aktivitas.csv").drop(columns="RHK")
    kept = set(before["ID Aktivitas"]) & set(after["ID Aktivitas"])
    assert len(kept) > 0.95 * len(before)
    pd.testing.assert_frame_equal(before[before["ID Aktivitas"].isin(kept)].reset_index(drop=True),
                                  after[after["ID Aktivitas"].isin(kept)].reset_index(drop=True))


@pytest.mark.parametrize("seed", [0, 1])
def test_the_smallest_demo_plants_it_all(tmp_path, seed):
    folder = generate_demo(tmp_path / "d", employees=60, seed=seed, quarters="2026-Q2:2026-Q3")
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    assert truth["absences"]["maternity_leave"]["quarter"] == LAST
    assert truth["skp_links"]["low_link_share"] < 0.5 < truth["skp_links"]["other_share"]
    assert truth["observations"]["positive_share_by_rating"]
    assert {entry["file"] for entry in truth["bad_rows"]} >= set(NEW_FILES)
