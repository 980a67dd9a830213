"""Feedback pages never contradict themselves, and JP follow the rule of the person's employment type.

Issues #16 and #19. Every demo feedback page is read as its reader would (``tests/feedback_checker.py``): each
statement about the person is checked against the tables of the same page. A strength is at or above its
standard and the unit median; an area names the person's own value, below its standard; a statement about a
training cluster is worded as one about a group; no z-score; a change of a share is in percentage points.
The working days away by kind add up to the days the reporting rate leaves out; minutes, links to SKP
indicators and observations agree with their tables and are never a strength, note or area; a team page
adds up its members' pages.
JP: the right to at least 20 JP a year is a PNS's (PP 11/2017 art. 203(4), as amended by PP 17/2020); a
PPPK's competency development is limited to at most 24 JP a year (PP 49/2018 art. 40), never a denied right.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

import pytest

from kinerja.core.nip import employment_type
from kinerja.core.periods import Quarter
from kinerja.data.dictionary import BERAKHLAK
from kinerja.feedback import build
from kinerja.feedback.pages import asn_page
from kinerja.feedback.records import (
    PPPK_MAX_JP,
    AsnFeedback,
    FeedbackData,
    FeedbackOptions,
    Indicator,
    ProgramAdvice,
    ProgramReason,
    QuarterSnapshot,
)
from tests.feedback_checker import (
    FeedbackPage,
    Standards,
    contradictions,
    team_contradictions,
)

KEY = b"a-key-for-the-consistency-test-of-32+bytes"
PNS_RULE = ("PP 11/2017 pasal 203 ayat (4)", "PP 17/2020")
PPPK_RULE = "PP 49/2018 pasal 40"


# --- every demo page, read once ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def evaluation(demo_evaluation):
    return demo_evaluation


@pytest.fixture(scope="module")
def written(demo_dataset, evaluation, tmp_path_factory):
    folder = tmp_path_factory.mktemp("consistency") / "umpan_balik"
    return build.write_feedback_pages(demo_dataset, evaluation, folder, key=KEY)


@pytest.fixture(scope="module")
def pages(written) -> dict[str, tuple[str, FeedbackPage]]:
    """NIP -> the HTML of that ASN's page and the page as read, for every page written."""
    found = {}
    for path in written.folder.glob("*/asn-*.html"):
        text = path.read_text(encoding="utf-8")
        page = FeedbackPage(text)
        found[page.by_id["nip"]] = (text, page)
    return found


@pytest.fixture(scope="module")
def found(pages, evaluation) -> dict[str, list[str]]:
    """Check -> every contradiction on every page, as ``NIP: why``."""
    standards = Standards(reporting=evaluation.options.reporting_standard,
                          on_time=FeedbackOptions().on_time_standard)
    by_check = defaultdict(list)
    for nip, (_, page) in pages.items():
        for check, why in contradictions(page, standards):
            by_check[check].append(f"{nip}: {why}")
    return by_check


@pytest.fixture(scope="module")
def data(demo_dataset, evaluation):
    return build.build_feedback(demo_dataset, evaluation)


def test_every_demo_asn_has_a_page_that_says_whether_they_are_pns_or_pppk(demo_dataset, pages):
    kinds = dict(zip(demo_dataset.employees["nip"], demo_dataset.employees["employment_type"]))
    assert len(pages) == len(kinds) == 1000
    assert {nip: page.by_id["employment-type"] for nip, (_, page) in pages.items()} == kinds


def test_every_berakhlak_statement_agrees_with_the_persons_own_ratings(found):
    assert found["berakhlak"] == []


def test_every_strength_is_at_or_above_its_standard_and_the_unit_median(found):
    assert found["strength"] == []


def test_every_area_names_the_persons_own_value_below_its_standard(found):
    assert found["area"] == []


def test_every_other_observation_is_true_by_the_pages_figures(found):
    assert found["note"] == []


def test_no_page_shows_a_z_score(pages, found):
    assert found["z_score"] == []
    assert not [nip for nip, (text, _) in pages.items() if "z = " in text]


def test_a_change_of_a_share_is_said_in_percentage_points(pages, found):
    assert found["percentage_points"] == []
    assert sum("poin persen" in text for text, _ in pages.values()) > 50  # rises and gaps of % indicators


def test_a_pppk_page_never_calls_jp_a_right_and_cites_the_pppk_limit(pages, found):
    assert found["jp_pppk_right"] == [] and found["jp_pppk_citation"] == []
    assert sum(page.by_id["employment-type"] == "PPPK" for _, page in pages.values()) == 153


def test_a_pns_page_under_20_jp_cites_the_right_of_a_pns(pages, found):
    assert found["jp_pns_citation"] == []
    under = [text for text, page in pages.values() if page.by_id["employment-type"] == "PNS"
             and "baru mengikuti" in text]
    assert len(under) > 100 and all(all(rule in text for rule in PNS_RULE) for text in under)


def test_days_away_minutes_links_and_observations_agree_with_the_page(pages, found):
    # Issue #19: the days left out by kind add up and are the rate's base; minutes, links and observations agree.
    assert found["absences"] == [] and found["minutes"] == [] and found["skp_links"] == []
    assert found["observations"] == [] and found["work_judged"] == []
    assert sum("id=\"absences\"" in text for text, _ in pages.values()) > 300
    assert sum("id=\"without-activity\"" in text for text, _ in pages.values()) >= 1
    assert sum("id=\"latest-positive\"" in text for text, _ in pages.values()) > 100


def test_every_team_page_adds_up_its_members_pages(written, pages):
    by_nip = {nip: page for nip, (_, page) in pages.items()}
    found = []
    for team in written.folder.glob("*/index.html"):
        members = {}
        for path in team.parent.glob("asn-*.html"):
            page = by_nip[FeedbackPage(path.read_text(encoding="utf-8")).by_id["nip"]]
            members[page.by_id["name"]] = page
        found += [f"{team.parent.name}: {why}" for _, why in
                  team_contradictions(team.read_text(encoding="utf-8"), members)]
    assert found == []


def test_nothing_else_is_contradicted(found):
    assert {check: whys for check, whys in found.items() if whys} == {}


def test_the_records_behind_the_pages_hold_the_same_rules(data):
    for nip, record in data.records.items():
        for finding in record.strengths:
            values = finding.values
            if "median" in values:
                own = values.get("capaian", values.get("rate"))
                assert build._shown(own) >= build._shown(values["median"]), (nip, finding)
                assert own >= values.get("standard", values.get("threshold")), (nip, finding)
        if record.employment_type != "PNS":
            assert not {f.code for f in record.strengths + record.areas} & {"jp_met", "jp_short"}, nip
            assert "below_min_jp" not in record.flags, nip


def test_the_checker_finds_each_kind_of_contradiction_planted_in_a_real_page(pages, data):
    nip, record = next((nip, r) for nip, r in data.records.items()
                       if r.employment_type == "PPPK" and r.reporting_known and r.indicators
                       and any(rating == "Sesuai Ekspektasi" for _, rating in r.berakhlak))
    text = pages[nip][0]
    value = next(label for label, rating in record.berakhlak if rating == "Sesuai Ekspektasi")
    planted = {
        "berakhlak": f"<li>Perilaku {value} di bawah ekspektasi</li>",
        "strength": "<li>1,0% laporan harian Anda dikirim tepat waktu; median unit 99,0%.</li>",
        "area": "<li>Laporan harian e-Kinerja ada pada 12,3% hari kerja, di bawah standar 80%.</li>",
        "z_score": "<li>Unit sering diadukan (z = +1,7)</li>",
        "percentage_points": "<li>Tambah realisasi sebesar 25,5% triwulan depan.</li>",
        "jp_pppk_right": "<li>Anda baru mengikuti 0 JP dari hak paling sedikit 20 JP.</li>",
    }
    section = {"strength": "<h2>Kekuatan</h2>\n<ul>", "area": "<h2>Area pengembangan</h2>\n<ol>"}
    assert contradictions(text) == []
    for check, item in planted.items():
        anchor = section.get(check, "<h2>Kekuatan</h2>\n<ul>")
        assert anchor in text, check
        assert check in {c for c, _ in contradictions(text.replace(anchor, anchor + item, 1))}, check


# --- JP rules on hand-made records ------------------------------------------------------------------

QUARTER = Quarter.parse("2026-Q3")


def _record(**changes) -> AsnFeedback:
    """One ASN with ordinary figures: at the standard and the unit median everywhere, no training this year."""
    base = AsnFeedback(
        nip="198503152010011002", name="Contoh PNS", unit_code="KEL-XYZ", unit_name="Kantor Lurah Contoh",
        position="Pengadministrasi Perkantoran", golongan="III/a", employment_type="PNS", quarter=QUARTER,
        has_data=True, has_skp=True, capaian=1.0, capaian_reason=None, unit_capaian_median=0.98,
        indicators=(Indicator("I1", "Jumlah surat yang diagendakan", "surat", "higher", 100.0, 100.0, 100.0, 1.0,
                              None),),
        hasil_kerja_rating="Sesuai Ekspektasi", hasil_kerja_source="tercatat", perilaku_rating="Sesuai Ekspektasi",
        perilaku_source="tercatat", predikat="Baik",
        berakhlak=tuple((label, "Sesuai Ekspektasi") for _, label in BERAKHLAK),
        reporting_known=True, workdays=64, days_reported=60, reporting_rate=60 / 64, on_time_rate=0.9,
        unit_reporting_median=0.9, unit_on_time_median=0.85, no_recent_report=False,
        trend=(QuarterSnapshot(Quarter.parse("2026-Q2"), 0.99, "Baik", 0.9, 0.9),
               QuarterSnapshot(QUARTER, 1.0, "Baik", 60 / 64, 0.9)),
        jp_year=8.0, jp_last_12_months=8.0, trainings=(), programs=(), strengths=(), notes=(), areas=(), flags=(),
    )
    return replace(base, **changes)


def _judged(record: AsnFeedback, below_min_jp: bool = True) -> AsnFeedback:
    options = FeedbackOptions()
    strengths, notes = build._strengths_and_notes(record, options)
    return replace(record, strengths=strengths, notes=notes, areas=build._areas(record, options),
                   flags=build._flags(record, options, below_min_jp))


def _page(record: AsnFeedback, language: str = "id") -> str:
    data = FeedbackData(QUARTER, FeedbackOptions(), {record.nip: record}, {record.unit_code: record.unit_name},
                        None, None)
    return asn_page(record, data, language)


def _codes(findings) -> set[str]:
    return {finding.code for finding in findings}


def test_a_pns_under_20_jp_is_told_the_shortfall_of_their_right_with_the_articles():
    record = _judged(_record(jp_year=8.0))
    assert "jp_short" in _codes(record.areas) and "below_min_jp" in record.flags
    page = FeedbackPage(_page(record))
    [area] = [item for item in page.sections["Area pengembangan"].items if " JP" in item]
    assert "8 JP" in area and "hak PNS paling sedikit 20 JP setahun" in area and "kurang 12 JP" in area
    assert all(rule in area for rule in PNS_RULE)
    assert page.by_id["jp-rule"].startswith("Hak PNS: paling sedikit 20 JP setahun (PP 11/2017 pasal 203 ayat (4)")


def test_a_pns_with_20_jp_this_year_has_it_as_a_strength():
    record = _judged(_record(jp_year=20.0))
    assert "jp_met" in _codes(record.strengths) and "jp_short" not in _codes(record.areas)
    [strength] = [s for s in FeedbackPage(_page(record)).sections["Kekuatan"].items if " JP" in s]
    assert "20 JP" in strength and all(rule in strength for rule in PNS_RULE)


@pytest.mark.parametrize("jp", [0.0, 8.0, 20.0, 30.0])
def test_a_pppk_sees_their_hours_and_the_pppk_limit_never_a_right(jp):
    record = _judged(_record(nip="199001012024211001", employment_type="PPPK", golongan="IX", jp_year=jp,
                             jp_last_12_months=jp))
    assert not _codes(record.strengths + record.areas) & {"jp_met", "jp_short"}
    assert "below_min_jp" not in record.flags
    text = _page(record)
    page = FeedbackPage(text)
    assert page.by_id["jp-year"] == f"{jp:.0f} JP"
    assert page.by_id["jp-rule"] == f"Bagi PPPK: paling banyak {PPPK_MAX_JP:.0f} JP dalam satu tahun masa perjanjian " \
                                   f"kerja ({PPPK_RULE})"
    assert "hak" not in page.text.lower().split() and "Hak" not in text
    assert contradictions(text) == []


def test_an_asn_whose_type_is_unknown_is_compared_with_no_rule():
    record = _judged(_record(employment_type=None, jp_year=4.0))
    assert not _codes(record.strengths + record.areas) & {"jp_met", "jp_short"}
    assert FeedbackPage(_page(record)).by_id["jp-rule"].startswith("Status PNS/PPPK tidak tercatat")


def test_the_employment_type_comes_from_the_table_else_from_the_nip():
    assert employment_type("PPPK", "198503152010011002") == "PPPK"
    assert employment_type(math.nan, "199001012024211001") == "PPPK"
    assert employment_type(None, "198503152010011002") == "PNS"
    assert employment_type(None, "12345") is None


def test_the_12_month_window_is_labelled_as_such():
    page = FeedbackPage(_page(_judged(_record(jp_last_12_months=32.0))))
    assert page.table("Pengembangan kompetensi")["JP 12 bulan terakhir (dasar usulan pelatihan)"][0] == "32 JP"


# --- strengths, notes and areas on hand-made records ------------------------------------------------


def test_a_rate_at_the_standard_but_under_the_unit_median_is_a_note_not_a_strength():
    record = _judged(_record(on_time_rate=0.82, unit_on_time_median=0.85))
    assert "on_time" not in _codes(record.strengths) and "on_time_under_median" in _codes(record.notes)
    page = FeedbackPage(_page(record))
    assert "82,0% laporan harian Anda dikirim tepat waktu, memenuhi standar 80%, tetapi di bawah median unit 85,0%." \
        in page.sections["Catatan lain"].items


def test_a_capaian_under_the_unit_median_is_not_a_strength_and_its_rise_is_a_note():
    record = _judged(_record(capaian=0.95, unit_capaian_median=0.97, trend=(
        QuarterSnapshot(Quarter.parse("2026-Q2"), 0.85, "Baik", 0.9, 0.9),
        QuarterSnapshot(QUARTER, 0.95, "Baik", 60 / 64, 0.9))))
    assert not _codes(record.strengths) & {"capaian_meets", "capaian_rising"}
    assert _codes(record.notes) >= {"capaian_meets_under_median", "capaian_rising"}
    notes = FeedbackPage(_page(record)).sections["Catatan lain"].items
    assert "Capaian SKP Anda naik 10,0 poin persen, dari 85,0% pada triwulan lalu menjadi 95,0%." in notes


def test_a_rate_shown_as_the_standard_is_not_called_below_it():
    record = _judged(_record(on_time_rate=0.79996, unit_on_time_median=0.7))
    assert "on_time_low" not in _codes(record.areas) and "on_time" in _codes(record.strengths)
    assert contradictions(_page(record)) == []


def test_the_gap_of_a_percentage_indicator_is_in_percentage_points():
    indicator = Indicator("I2", "Persentase layanan tepat waktu", "%", "higher", 90.0, 64.5, 100.0, 64.5 / 90, None)
    record = _judged(_record(indicators=(indicator,), capaian=64.5 / 90))
    [(what, step)] = [(w, s) for w, s in (item.split("Langkah berikutnya:") for item in
                                          FeedbackPage(_page(record)).sections["Area pengembangan"].items)
                      if "Persentase" in w]
    assert "tercapai 71,7% (realisasi 64,5% dari target 90%)" in what
    assert "sebesar 25,5 poin persen" in step


def test_a_programme_reason_names_the_persons_own_figure_and_the_standard():
    advice = ProgramAdvice("kompetensi_teknis", "Kompetensi Teknis", "Teknis.", 32.0,
                           (ProgramReason("own", "capaian", "skp_attainment", 0.85, 0.9),
                            ProgramReason("own", "predikat", "skp_attainment", rating="Butuh Perbaikan",
                                          standard_rating="Butuh Perbaikan"),
                            ProgramReason("unit", text="Masyarakat menilai kompetensi petugas unit rendah (NRR 2,41)")))
    record = _judged(_record(capaian=0.85, programs=(advice,)))
    [item] = FeedbackPage(_page(record)).sections["Program pelatihan yang diusulkan"].items
    assert "capaian SKP Anda 85,0%, di bawah standar 90%" in item
    assert "predikat kinerja Anda Butuh Perbaikan, padahal yang diharapkan lebih baik daripada Butuh Perbaikan" in item
    assert "unit Anda: Masyarakat menilai kompetensi petugas unit rendah (NRR 2,41)" in item
    assert "klaster" not in item and "kelompok" not in item
    assert contradictions(_page(record)) == []


def test_a_value_below_expectation_is_named_as_the_page_rates_it():
    advice = ProgramAdvice("komunikasi_efektif", "Komunikasi Efektif", "Berkomunikasi.", 20.0,
                           (ProgramReason("own", "berakhlak", "kolaboratif", rating="Di Bawah Ekspektasi",
                                          standard_rating="Di Bawah Ekspektasi"),))
    record = _judged(_record(programs=(advice,)))
    assert contradictions(_page(record))  # the record rates Kolaboratif Sesuai Ekspektasi: the checker sees it
    record = _judged(_record(programs=(advice,), berakhlak=tuple(
        (label, "Di Bawah Ekspektasi" if label == "Kolaboratif" else rating) for label, rating in _record().berakhlak)))
    [item] = FeedbackPage(_page(record)).sections["Program pelatihan yang diusulkan"].items
    assert "nilai Kolaboratif Anda Di Bawah Ekspektasi, padahal yang diharapkan lebih baik daripada Di Bawah Ekspektasi" in item
    assert contradictions(_page(record)) == []


def test_an_english_page_says_the_same_in_english():
    record = _judged(_record(jp_year=8.0, on_time_rate=0.82, unit_on_time_median=0.85))
    text = _page(record, "en")
    assert "of the right of a PNS to at least 20 JP a year (PP 11/2017 art. 203(4), as amended by PP 17/2020)" in text
    assert "meeting the standard of 80%, but under the unit median of 85.0%" in text
    assert "By 30 September 2026 you had followed 8 JP of competency development in 2026" in text
