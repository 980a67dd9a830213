"""Feedback pages show e-Kinerja as offices live it: days away, minutes, SKP links and direct observation (#19).

A hand-made office of 2025-Q3 (64 working days in a five-day office, see ``tests/test_ekinerja.py`` and
``tests/test_absences.py``):

- Ani (kelurahan): away 10 working days (Cuti Tahunan 7, Cuti Sakit 1, Dinas Luar 2); reports on 3 of her
  54 available days. Three SKP indicators, one ("Laporan bulanan") without any activity.
- Dewi (kelurahan): on Cuti Melahirkan from 1 July to 15 August (34 working days: the 23 of July and 11 of
  August) and on Dinas Luar on 4 and 8 September (2): 36 days away, 28 available. She reports on 26 of them:
  92,9%, above the standard of 80% (26 of all 64 working days would be 40,6%, below it). Her SKP has "Layanan
  KTP" (named by 25 activities) and an indicator with a hostile name and no activity; on 20 August she
  entered 1.000 minutes (over 16 hours). A supervisor noted two positive behaviours and one to improve.
- Budi (kecamatan): on Cuti Besar all quarter; he sent one late report while on leave.
- Citra (puskesmas, six days): 3 days of training (the trainings table).
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from kinerja.data.loading import dataset_from_frames
from kinerja.feedback.build import build_feedback, write_feedback_pages
from kinerja.feedback.pages import asn_page, unit_page
from kinerja.quarter.evaluation import QuarterOptions, evaluate_quarter
from tests.feedback_checker import (
    FeedbackPage,
    absences,
    contradictions,
    observation_counts,
    team_contradictions,
)
from tests.test_absences import LEAVE, absence_table, training_table
from tests.test_ekinerja import ANI, CITRA, A, B, C, activities, employees, units
from tests.test_observations import OBSERVER

QUARTER = "2025-Q3"
D = "199205052019032004"
SCRIPT = "<script>alert(1)</script>"
HOSTILE_INDICATOR = f"Arsip {SCRIPT}"
HOSTILE_NOTE = f"Sabar melayani {SCRIPT} warga"
ATTENTION_NOTE = 'Terlambat rapat <img src=x onerror="alert(1)"> bersama Pak Budi'
# Dewi's available days: the working days from 16 August (18 August is cuti bersama), less Maulid (5 September)
# and her Dinas Luar (4 and 8 September): 9 in August and 19 in September.
DEWI_DAYS = [day for day in pd.bdate_range("2025-08-16", "2025-09-30").strftime("%Y-%m-%d")
             if day not in ("2025-08-18", "2025-09-04", "2025-09-05", "2025-09-08")]
DEWI_LEAVE = [(D, "2025-07-01", "2025-08-15", "Cuti Melahirkan"), (D, "2025-09-04", "2025-09-08", "Dinas Luar")]
BUDI_ON_LEAVE = [(B, "2025-08-14", "2025-08-20 09:00", "2025-08-21 09:00", "approved")]


def staff() -> pd.DataFrame:
    dewi = pd.DataFrame({"nip": [D], "name": ["Dewi"], "unit_code": ["KEL"]}).astype("str")
    return pd.concat([employees(), dewi], ignore_index=True)


def log(*, minutes: bool = True, links: bool = True) -> pd.DataFrame:
    """The activities: Ani's and Citra's of tests/test_ekinerja.py, Dewi's 26 days and Budi's one report on leave."""
    dewi = [(D, day, f"{day} 15:00", f"{day} 16:00", "approved") for day in DEWI_DAYS[:26]]
    frame = activities(ANI + CITRA + dewi + BUDI_ON_LEAVE)  # 60 minutes each
    dewis = frame["nip"] == D
    frame.loc[dewis & (frame["activity_date"] == pd.Timestamp("2025-08-20")), "duration_minutes"] = 1000
    frame.loc[dewis & (frame["activity_date"] == pd.Timestamp("2025-08-21")), "duration_minutes"] = 30
    named = {A: ["K1", "K1", "K2", None, None, None], D: ["S1"] * 25 + [None]}
    frame["skp_indicator"] = pd.Series(
        [named[nip].pop(0) if named.get(nip) else None for nip in frame["nip"]], dtype="str")
    if not minutes:
        frame = frame.drop(columns="duration_minutes")
    if not links:
        frame = frame.drop(columns="skp_indicator")
    return frame


def skp_table() -> pd.DataFrame:
    return pd.DataFrame({
        "nip": [A, A, A, D, D], "quarter": [QUARTER] * 5, "indicator_id": ["K1", "K2", None, "S1", "S2"],
        "indicator": ["Dokumen layanan", "Rapat koordinasi", "Laporan bulanan", "Layanan KTP", HOSTILE_INDICATOR],
        "target": [10.0, 3.0, 3.0, 100.0, 12.0], "realisation": [10.0, 3.0, 3.0, 100.0, 12.0],
    }).astype({"nip": "str", "quarter": "str", "indicator_id": "str", "indicator": "str"})


def observation_table() -> pd.DataFrame:
    rows = [
        (D, "2025-07-03", "akuntabel", "positive", "Laporan rapi walau sedang cuti."),
        (D, "2025-09-10", "berorientasi_pelayanan", "positive", HOSTILE_NOTE),
        (D, "2025-09-12", "harmonis", "needs_improvement", ATTENTION_NOTE),
        (A, "2025-08-20", "akuntabel", "needs_improvement", "Laporan terlambat dua hari."),
        (A, "2025-06-30", "kolaboratif", "needs_improvement", "Triwulan lalu: tidak dihitung."),
    ]
    frame = pd.DataFrame(rows, columns=["nip", "observation_date", "core_value", "kind", "note"])
    frame.insert(1, "observer_nip", OBSERVER)
    return frame.astype({"nip": "str", "observer_nip": "str", "observation_date": "datetime64[us]",
                         "core_value": "str", "kind": "str", "note": "str"})


def office(*, leave: bool = True, observed: bool = True, minutes: bool = True, links: bool = True):
    frames = {"units": units(), "employees": staff(), "activities": log(minutes=minutes, links=links),
              "skp": skp_table(), "trainings": training_table()}
    if leave:
        frames["absences"] = absence_table(LEAVE + DEWI_LEAVE)
    if observed:
        frames["observations"] = observation_table()
    return dataset_from_frames(frames)


def feedback(dataset, minimum: int | None = 45):
    return build_feedback(dataset, evaluate_quarter(dataset, QUARTER, QuarterOptions(minimum_daily_minutes=minimum)))


@pytest.fixture(scope="module")
def data():
    return feedback(office())


@pytest.fixture(scope="module")
def pages(data) -> dict[str, str]:
    return {nip: asn_page(record, data) for nip, record in data.records.items()}


@pytest.fixture(scope="module")
def read(pages) -> dict[str, FeedbackPage]:
    return {nip: FeedbackPage(text) for nip, text in pages.items()}


def _team(data, unit: str = "KEL", language: str = "id") -> str:
    members = data.by_unit()[unit]
    return unit_page(unit, members, {m.nip: f"{m.name}.html" for m in members}, data, language)


def _codes(findings) -> set[str]:
    return {finding.code for finding in findings}


# --- days away ---------------------------------------------------------------------------------------


def test_a_person_on_leave_half_the_quarter_sees_the_days_left_out_by_kind(data, read):
    record = data.records[D]
    assert (record.workdays, record.absence_days, record.available_days, record.days_reported) == (64, 36, 28, 26)
    assert record.absences == (("Cuti Melahirkan", 34), ("Dinas Luar", 2))
    page = read[D]
    assert page.by_id["absences"] == (
        "36 hari kerja tidak dihitung: Cuti Melahirkan 34, Dinas Luar 2. Hari kerja dengan laporan dihitung atas "
        "28 hari kerja tersedia, yaitu 64 hari kerja dikurangi 36 hari tersebut.")
    assert page.by_id["reporting-rate"] == "92,9%" and page.by_id["reporting-days"] == "26 dari 28 hari kerja tersedia"


def test_the_adjusted_rate_meeting_the_standard_is_no_area_and_no_flag(data, read):
    record = data.records[D]
    assert not _codes(record.areas) & {"reporting_low", "on_time_low"}
    assert "reporting_below_standard" not in record.flags
    assert "reporting" in _codes(record.strengths)
    assert "Anda melaporkan kegiatan di e-Kinerja pada 92,9% hari kerja (26 dari 28 hari kerja tersedia), memenuhi " \
           "standar 80%" in " ".join(read[D].sections["Kekuatan"].items)


def test_kinds_are_in_the_order_a_shared_day_is_given_and_add_up(read):
    assert absences(read[A]) == (10, {"Cuti Tahunan": 7, "Cuti Sakit": 1, "Dinas Luar": 2})
    assert absences(read[C]) == (3, {"Diklat": 3})


def test_someone_away_all_quarter_has_an_unknown_rate_and_no_area(data, read):
    record = data.records[B]
    assert record.available_days == 0 and record.has_data  # one report sent while on leave
    assert not _codes(record.areas + record.strengths + record.notes) & {
        "reporting_low", "on_time_low", "reporting", "on_time", "reporting_under_median", "on_time_under_median"}
    assert not {"reporting_below_standard", "on_time_below_standard"} & set(record.flags)
    page = read[B]
    assert page.by_id["reporting-rate"] == "–" and page.by_id["reporting-days"] == "tidak ada hari kerja tersedia"
    assert page.by_id["absences"] == (
        "64 hari kerja tidak dihitung: Cuti Besar 64. Karena seluruh 64 hari kerja triwulan ini tertutup cuti, dinas "
        "luar atau diklat, hari kerja dengan laporan tidak diketahui (–), bukan 0, dan bukan area pengembangan.")
    assert page.sections["Area pengembangan"].items == []


def test_without_an_absences_table_leave_is_not_subtracted_and_the_page_says_why():
    data = feedback(office(leave=False))
    record = data.records[D]
    assert record.absence_days == 0 and "absences" in record.unknown  # Citra's training still counts
    assert "reporting_low" in _codes(record.areas)  # 26 of 64: true over every working day, as the page says
    page = FeedbackPage(asn_page(record, data))
    assert page.by_id["absences-unknown"] == ("Cuti dan dinas luar tidak dikurangkan dari hari kerja triwulan ini: "
                                              "folder data tidak memuat data cuti dan ketidakhadiran.")
    assert page.by_id["reporting-days"] == "26 dari 64 hari" and "absences" not in page.by_id
    assert not [s for s in page.sections["Catatan lain"].items if "cuti" in s]  # said once, in its own place
    assert absences(FeedbackPage(asn_page(data.records[C], data))) == (3, {"Diklat": 3})


# --- minutes -----------------------------------------------------------------------------------------


def test_minutes_show_the_median_the_share_under_the_minimum_and_days_over_16_hours(data, read):
    minutes = data.records[D].minutes
    assert (minutes.days, minutes.median, minutes.days_under, minutes.implausible_days) == (26, 60.0, 1, 1)
    page = read[D]
    rows = page.table("Menit kerja yang dilaporkan")
    assert rows["Median menit kegiatan per hari"] == ["60 menit", "dari 26 hari kerja tersedia dengan durasi tercatat"]
    assert rows["Hari dengan kurang dari 45 menit (aturan setempat)"] == ["3,8%", "1 dari 26 hari"]
    assert page.by_id["minutes-implausible"].startswith("Catatan entri data: pada 1 hari tercatat lebih dari 16 jam")
    assert "bukan penilaian" in page.by_id["minutes-implausible"]


def test_without_a_minimum_no_share_under_it_is_shown():
    page = FeedbackPage(asn_page((data := feedback(office(), minimum=None)).records[D], data))
    assert list(page.table("Menit kerja yang dilaporkan")) == ["Ukuran", "Median menit kegiatan per hari"]
    assert "Tidak ada batas minimum menit harian yang ditetapkan" in page.text


def test_minutes_and_links_the_log_cannot_give_are_unknown_with_the_reason():
    data = feedback(office(minutes=False, links=False))
    record = data.records[D]
    assert record.minutes is None and record.links is None and {"minutes", "skp_links"} <= set(record.unknown)
    page = FeedbackPage(asn_page(record, data))
    assert page.by_id["minutes-unknown"] == ("Tidak diketahui (–): tidak dapat dihitung: data aktivitas e-Kinerja "
                                             "tidak mencatat durasi kegiatan.")
    assert page.by_id["links-unknown"] == ("Tidak diketahui (–): tidak dapat dihitung: data aktivitas e-Kinerja tidak "
                                           "menyebut indikator SKP (RHK) kegiatan.")
    assert contradictions(page) == []


# --- SKP links ---------------------------------------------------------------------------------------


def test_indicators_without_activity_are_listed_as_a_question(data, read, pages):
    assert data.records[A].links.without_activity == ("Laporan bulanan",)
    assert data.records[D].links.without_activity == (HOSTILE_INDICATOR,)
    page = read[A]
    assert page.table("Kegiatan dan indikator SKP")["Kegiatan yang menyebut indikator SKP"] == ["50,0%",
                                                                                               "3 dari 6 kegiatan"]
    assert page.sections["Kegiatan dan indikator SKP"].items == ["Laporan bulanan"]
    assert "Indikator tanpa kegiatan tercatat:" in page.text and "bukan penilaian" in page.text
    assert not [item for item in page.sections["Area pengembangan"].items if "Laporan bulanan" in item]
    assert f"<li>{html.escape(HOSTILE_INDICATOR)}</li>" in pages[D]


# --- direct observation ------------------------------------------------------------------------------


def test_observations_are_counted_beside_the_ratings_and_the_latest_positive_note_is_quoted(read, pages):
    page = read[D]
    counts = observation_counts(page)
    assert counts["Berorientasi Pelayanan"] == (1, 0) and counts["Akuntabel"] == (1, 0)
    assert counts["Harmonis"] == (0, 1) and sum(map(sum, counts.values())) == 3
    assert page.by_id["observations"] == ("Bukti perilaku dari pengamatan langsung atasan triwulan ini: 2 pengamatan "
                                          "positif dan 1 pengamatan perlu perbaikan.")
    assert page.by_id["latest-positive"] == (f"Pengamatan positif terbaru (10 September 2025, Berorientasi Pelayanan): "
                                             f"{HOSTILE_NOTE}")
    assert f"<q>{html.escape(HOSTILE_NOTE)}</q>" in pages[D]
    assert "Belum ada pengamatan langsung yang tercatat untuk Anda triwulan ini." in read[C].text


def test_hostile_text_in_notes_and_indicators_never_becomes_markup(data, pages):
    for text in [*pages.values(), _team(data)]:
        assert not re.search(r"<script|<img|<[^>]*\sonerror\s*=", text, re.IGNORECASE)
    assert html.escape(ATTENTION_NOTE.replace("Pak Budi", "[nama]")) in _team(data)


def test_without_an_observations_table_the_page_says_there_are_no_data():
    data = feedback(office(observed=False))
    page = FeedbackPage(text := asn_page(data.records[D], data))
    assert page.by_id["observations-unknown"] == (
        "Tidak ada data pengamatan langsung untuk triwulan ini (folder data tidak memuat data pengamatan langsung), "
        "sehingga tidak ada bukti perilaku yang ditampilkan.")
    assert observation_counts(page) == {} and "Pengamatan positif" not in text
    assert "Belum ada pengamatan" not in text  # never a count of 0 the data cannot give
    team = FeedbackPage(_team(data))
    assert "Tidak ada data pengamatan langsung" in team.by_id["observations-unknown"]


def test_observations_covering_part_of_the_quarter_say_so_and_none_of_it_say_unknown():
    frames = {"units": units(), "employees": staff(), "activities": log(), "skp": skp_table()}
    part = feedback(dataset_from_frames({**frames, "observations": observation_table().iloc[1:3]}))
    said = FeedbackPage(asn_page(part.records[D], part)).sections["Nilai perilaku BerAKHLAK"].paragraphs
    assert "Data pengamatan langsung mencakup 10/09/2025–12/09/2025, sehingga hanya sebagian Triwulan III 2025 " \
           "tercakup; angka dari data ini untuk Triwulan III 2025 belum lengkap." in said
    before = feedback(dataset_from_frames({**frames, "observations": observation_table().iloc[4:5]}))
    page = FeedbackPage(asn_page(before.records[D], before))
    assert "Triwulan III 2025 tidak tercakup" in page.by_id["observations-unknown"] and not observation_counts(page)


def test_observations_and_notes_needing_attention_are_on_no_other_page(tmp_path, pages):
    result = write_feedback_pages(office(), QUARTER, tmp_path / "pages", key=b"k" * 32)
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    assert "pengamatan" not in index.lower() and "Sabar melayani" not in index
    assert not [nip for nip, text in pages.items() if nip != D and "Sabar melayani" in text]
    assert not [nip for nip, text in pages.items() if "Terlambat rapat" in text]  # a team page's only
    assert not [path for path in (result.folder / "PKM").glob("*.html")
                if "Sabar melayani" in path.read_text(encoding="utf-8")]


# --- the team page -----------------------------------------------------------------------------------


def test_the_team_page_adds_up_its_members_figures(data, read):
    team = FeedbackPage(_team(data))
    members = {data.records[nip].name: read[nip] for nip in (A, D)}
    assert team_contradictions(team, members) == []
    rows = team.table("Hari kerja tidak dihitung dan kegiatan e-Kinerja")
    assert rows["Cuti Melahirkan"] == ["34", "1"] and rows["Dinas Luar"] == ["4", "2"]
    assert rows["Cuti Tahunan"] == ["7", "1"] and rows["Jumlah"][0] == "46"
    work = {row[1]: row[2:] for row in team.sections["Hari kerja tidak dihitung dan kegiatan e-Kinerja"].rows
            if len(row) == 5}
    assert work["Dewi"] == ["36 (Cuti Melahirkan 34, Dinas Luar 2)", "96,2%", "1 dari 2 indikator"]
    assert work["Ani"] == ["10 (Cuti Tahunan 7, Cuti Sakit 1, Dinas Luar 2)", "50,0%", "1 dari 3 indikator"]
    seen = {row[0]: row[1:] for row in team.sections["Pengamatan langsung yang perlu perhatian"].rows}
    assert seen["Akuntabel"] == ["1", "1"] and seen["Harmonis"] == ["0", "1"]
    assert seen["Dewi"][1:] == ["Harmonis", "Terlambat rapat <img src=x onerror=\"alert(1)\"> bersama [nama]"]
    assert seen["Ani"][1:] == ["Akuntabel", "Laporan terlambat dua hari."]


def test_the_team_checker_finds_a_figure_its_members_pages_do_not_show(data, read):
    text = _team(data)
    members = {data.records[nip].name: read[nip] for nip in (A, D)}
    for old, new in (("<td class=\"number\">34</td>", "<td class=\"number\">35</td>"), ("96,2%", "96,3%"),
                     ("1 dari 2 indikator", "0 dari 2 indikator")):
        assert old in text
        assert team_contradictions(text.replace(old, new, 1), members), old


# --- every statement agrees with the page ------------------------------------------------------------


def test_no_page_of_the_office_contradicts_itself(read):
    assert {nip: found for nip, page in read.items() if (found := contradictions(page))} == {}


@pytest.mark.parametrize(("old", "new", "check"), [
    ("Cuti Melahirkan 34, Dinas Luar 2.", "Cuti Melahirkan 33, Dinas Luar 2.", "absences"),
    ("26 dari 28 hari kerja tersedia</td>", "26 dari 30 hari kerja tersedia</td>", "absences"),
    ("1 dari 26 hari", "2 dari 26 hari", "minutes"),
    ("2 pengamatan positif", "3 pengamatan positif", "observations"),
    ("<h2>Kekuatan</h2>\n<ul>", "<h2>Kekuatan</h2>\n<ul><li>Ada 1 indikator tanpa kegiatan tercatat.</li>",
     "work_judged"),
])
def test_the_checker_finds_each_new_kind_of_contradiction(pages, old, new, check):
    text = pages[D]
    assert old in text and contradictions(text) == []
    assert check in {c for c, _ in contradictions(text.replace(old, new, 1))}


def test_the_checker_finds_an_indicator_listed_that_the_page_does_not_have(pages):
    text = pages[A]
    planted = text.replace("<li>Laporan bulanan</li>", "<li>Laporan bulanan</li>\n<li>Indikator lain</li>", 1)
    assert {c for c, _ in contradictions(planted)} == {"skp_links"}


# --- languages ---------------------------------------------------------------------------------------

INDONESIAN = ("hari kerja tidak dihitung", "hari kerja tersedia", "Menit kerja", "menit", "Indikator tanpa kegiatan",
              "Pengamatan positif", "perlu perbaikan", "Bukti perilaku", "pengamatan langsung", "Jumlah",
              "Kegiatan yang menyebut", "Tidak diketahui")
ENGLISH = ("working days are not counted", "available working days", "Minutes of work", "minutes",
           "without any activity", "Positive observations", "needing improvement", "Behaviour evidence",
           "direct observation", "Total", "naming an SKP indicator", "annual leave", "maternity leave")


def _parts(text: str) -> str:
    """What the page says from the e-Kinerja part on, without indicators and notes from data."""
    said = FeedbackPage(text).text
    for value in ("Laporan bulanan", "Layanan KTP", HOSTILE_INDICATOR, HOSTILE_NOTE,
                  ATTENTION_NOTE.replace("Pak Budi", "[nama]"), "Laporan terlambat dua hari."):
        said = said.replace(value, "")
    return said[said.index("e-Kinerja"):]


def test_english_pages_say_these_parts_in_english_and_indonesian_pages_in_indonesian(data):
    english = {nip: asn_page(record, data, "en") for nip, record in data.records.items()}
    english_team, team = _team(data, language="en"), _team(data)
    for text in [*english.values(), english_team]:
        assert not [word for word in INDONESIAN if word in _parts(text)]
    for text in [asn_page(record, data) for record in data.records.values()] + [team]:
        assert not [word for word in ENGLISH if word in _parts(text)]
    page = english[D]
    assert ("36 working days are not counted: Cuti Melahirkan (maternity leave) 34, Dinas Luar (official travel) 2. "
            "Working days with a report are counted over 28 available working days") in page
    assert "Indicators without any activity recorded:" in page and "Positive observations" in page
    assert "92.9%" in page and "26 of 28 available working days" in page
    assert "Cuti Melahirkan (maternity leave)" in english_team
