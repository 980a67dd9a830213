"""A figure shown on several pages of a run is the same number on each, and the number of the quarter's evaluation.

The demo run writes the leadership summary (the run's index), the notebooks' pages and the feedback pages; the
evaluation they all read is stored in ``restricted/evaluasi``. Each test reads one figure off two or more pages, as
a reader would, and compares the readings with each other and with the stored evaluation.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kinerja.core.formatting import number, percent
from kinerja.quarter.evaluation import QuarterResults
from kinerja.training import load_catalogue


def _text(path: Path) -> str:
    """A page's visible text: no figures, styles or tags; entities decoded; spaces collapsed."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<img[^>]*>|<style.*?</style>", " ", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _read(pattern: str, text: str, page: str) -> str:
    found = re.search(pattern, text)
    assert found, f"{page}: {pattern!r} not found"
    return found.group(1)


@pytest.fixture(scope="module")
def run(demo_run):
    result, _ = demo_run
    assert result.status == "ok", result.summary_table()
    return result.folder


@pytest.fixture(scope="module")
def results(run) -> QuarterResults:
    return QuarterResults.load(run / "restricted" / "evaluasi")


@pytest.fixture(scope="module")
def pages(run) -> dict[str, str]:
    return {name: _text(run / f"{name}.html") for name in ("index", "indikator_triwulan", "kepuasan_masyarakat",
                                                          "klaster_pelatihan")}


def _flag(results: QuarterResults, unit: str, metric: str):
    judged = results.units.flags.set_index(["unit_code", "metric"])
    return judged.loc[(unit, metric)]


def test_the_waiting_time_baseline_is_one_number_on_the_summary_the_quarterly_page_and_the_team_page(
        run, results, pages):
    flag = _flag(results, "PKM-KTW", "waiting_median_minutes")
    pattern = r"Waktu tunggu di Puskesmas Karang Taliwang naik dari (\d+) ke \d+ menit \(pembanding: median"
    readings = {page: _read(pattern, pages[page], page) for page in ("index", "indikator_triwulan")}
    # The attention table names the same baseline in its own column.
    readings["column"] = _read(r"Puskesmas Karang Taliwang Waktu tunggu \d+ menit (\d+) menit", pages["indikator_triwulan"],
                               "indikator_triwulan")
    team = _text(run / "restricted" / "umpan_balik" / "PKM-KTW" / "index.html")
    readings["team"] = _read(r"Indikator unit triwulan ini .*?Waktu tunggu \d+ menit (\d+) menit", team, "team page")
    assert set(readings.values()) == {number(flag["baseline"])}


def test_the_waiting_time_of_the_quarter_is_one_number_everywhere(results, pages):
    value = number(_flag(results, "PKM-KTW", "waiting_median_minutes")["value"])
    readings = [_read(r"Waktu tunggu \(median\), Puskesmas Karang Taliwang (\d+) menit", pages[page], page)
                for page in ("index", "indikator_triwulan")]
    assert set(readings) == {value}


def test_the_ikm_of_a_unit_is_one_number_on_the_ikm_page_the_summary_and_the_quarterly_page(results, pages):
    ikm = results.satisfaction.per_unit.set_index("unit_code").loc["KEL-MYR", "ikm_rounded"]
    readings = [_read(r"Kantor Lurah Mayura \d+ ([\d,]+) [\d,]+–[\d,]+ C", pages["kepuasan_masyarakat"], "IKM table"),
                _read(r"Kantor Lurah Mayura ([\d,]+) C Kurang Baik", pages["index"], "summary grades"),
                _read(r"Kantor Lurah Mayura IKM ([\d,]+) \(mutu C\)", pages["indikator_triwulan"], "attention")]
    assert set(readings) == {number(ikm, 2)}


def test_the_organisation_ikm_is_one_number_on_the_ikm_page_and_the_summary(results, pages):
    ikm = results.satisfaction.overall.iloc[0]["ikm_rounded"]
    units = len(results.satisfaction.per_unit)
    readings = [_read(rf"IKM {units} unit yang disurvei, Triwulan III 2026: ([\d,]+)", pages["kepuasan_masyarakat"],
                      "IKM page"),
                _read(rf"IKM {units} unit yang disurvei ([\d,]+) \(mutu", pages["index"], "summary")]
    assert set(readings) == {number(ikm, 2)}


def test_the_reporting_rate_of_the_organisation_is_one_number_everywhere(results, pages):
    rows = results.units.organisation_reporting.set_index("quarter")
    rate = percent(rows.loc[results.quarter.label, "reporting_rate"], 1)
    readings = [_read(r"Tingkat pelaporan e-Kinerja \(seluruh ASN\) ([\d,]+%)", pages["indikator_triwulan"], "table"),
                _read(r"tingkat pelaporan seluruh ASN ([\d,]+%)", pages["indikator_triwulan"], "sentence"),
                _read(r"Tingkat pelaporan e-Kinerja seluruh ASN ([\d,]+%)", pages["index"], "summary")]
    assert set(readings) == {rate}


def test_the_units_meeting_the_reporting_standard_are_one_count_everywhere(results, pages):
    reporting = results.units.reporting
    now = reporting[reporting["quarter"] == results.quarter.label]
    expected = f"{int((now['reporting_rate'] >= results.options.reporting_standard).sum())} dari {len(now)}"
    readings = [_read(r"\(≥ 80%\) (\d+ dari \d+)", pages["indikator_triwulan"], "table"),
                _read(r"\(≥ 80%\) (\d+ dari \d+) unit", pages["index"], "summary")]
    assert set(readings) == {expected}


def test_the_complaints_received_are_one_count_on_the_ikm_page_and_the_summary(results, pages):
    received = number(results.satisfaction.complaints_overall.iloc[0]["received"])
    readings = [_read(r"(\d+) pengaduan diterima pada", pages["kepuasan_masyarakat"], "IKM page"),
                _read(r"Pengaduan diterima (\d+)", pages["index"], "summary")]
    assert set(readings) == {received}


def test_the_share_rated_baik_is_one_number_on_the_quarterly_page_and_the_summary(results, pages):
    rated = results.of_quarter("predikat", results.quarter)["predikat"]
    share = percent((rated == "Baik").sum() / rated.notna().sum(), 1)
    readings = [_read(r"Sangat Baik [\d,]+%, Baik ([\d,]+%)", pages["indikator_triwulan"], "quarterly page"),
                _read(r"Baik \d+ ([\d,]+%) Butuh Perbaikan", pages["index"], "summary table")]
    assert set(readings) == {share}


def _person_pages(run: Path, results: QuarterResults, unit: str) -> tuple[str, str, str]:
    """A person of ``unit`` with capaian and reporting: (name, their page, their team's page)."""
    folder = run / "restricted" / "umpan_balik" / unit
    # Page names are random without a pseudonym key, so the person is chosen by what the evaluation holds: the
    # measured ASN with the lowest NIP, the same person in every run of the demo.
    measured = set(results.capaian.dropna(subset=["capaian"])["nip"]) & set(
        results.of_quarter("reporting", results.quarter).dropna(subset=["reporting_rate"]).index)
    pages = {_read(r"NIP (\d{18})", page, "ASN page"): page
             for page in (_text(path) for path in folder.glob("asn-*.html"))}
    candidates = measured & set(pages)
    assert candidates, f"no ASN of {unit} has both a capaian and a reporting rate"
    page = pages[min(candidates)]
    return _read(r"Nama (.+?) NIP", page, "ASN page"), page, _text(folder / "index.html")


def test_a_persons_capaian_is_one_number_on_their_page_their_teams_page_and_in_the_evaluation(run, results):
    name, page, team = _person_pages(run, results, "KEL-MYR")
    nip = _read(r"NIP (\d{18})", page, "ASN page")
    capaian = results.capaian.set_index("nip").loc[nip, "capaian"]
    readings = [_read(r"Penilaian triwulan ini Ukuran Anda Median unit Capaian SKP ([\d,]+%)", page, "ASN page table"),
                _read(rf"{re.escape(name)} .+? ([\d,]+%) (?:Sangat Baik|Baik|Butuh|Kurang|Sangat Kurang)", team,
                      "team page")]
    # Every sentence of the page that names the person's capaian, whichever form it takes (above or meeting the
    # expectation, rising from last quarter, the reason for a proposed training); a capaian under 90 % that did not
    # rise has none.
    sentences = re.findall(r"[Cc]apaian SKP Anda (?:naik [\d,]+ poin persen, dari [\d,]+% pada triwulan lalu menjadi )?"
                           r"([\d,]+%)", page)
    readings += sentences
    assert set(readings) == {percent(capaian, 1)}


def test_a_persons_reporting_rate_and_jp_agree_with_the_evaluation(run, results):
    _, page, _ = _person_pages(run, results, "KEL-MYR")
    nip = _read(r"NIP (\d{18})", page, "ASN page")
    reporting = results.of_quarter("reporting", results.quarter).loc[nip]
    readings = [_read(r"e-Kinerja (?:ada )?pada ([\d,]+%) hari kerja", page, "strength or area"),
                _read(r"Hari kerja dengan laporan ([\d,]+%)", page, "table")]
    assert set(readings) == {percent(reporting["reporting_rate"], 1)}
    jp = results.training_need.recommendations.loc[nip, "jp_last_12_months"]
    assert _read(r"JP 12 bulan terakhir \(dasar usulan pelatihan\) (\d+) JP", page, "ASN page") == number(jp)


def test_every_flag_on_the_quarterly_page_is_a_flag_of_the_evaluation(results, pages):
    flagged = results.units.flags[results.units.flags["flagged"]]
    assert len(flagged) > 0
    for message in flagged["message"]:
        assert message in pages["indikator_triwulan"] and message in pages["index"]
    shown = re.findall(r"\(pembanding: median", pages["indikator_triwulan"])
    assert len(shown) == len(flagged)



def test_programme_participants_and_asn_under_20_jp_agree_on_the_summary_the_training_page_and_the_evaluation(
        results, pages):
    need = results.training_need.recommendations
    under = int(need["below_min_jp"].sum())
    reading = _read(r"([\d.]+) dari [\d.]+ PNS \([\d,]+%\) mengikuti kurang dari 20 JP", pages["klaster_pelatihan"],
                    "training page")
    assert reading == number(under)
    names = {code: program.name for code, program in load_catalogue(results.options.catalogue).programs.items()}
    for program, members in need.explode("programs").dropna(subset=["programs"]).groupby("programs"):
        row = rf"{re.escape(names[program])} {len(members)} \d+ {int(members['below_min_jp'].sum())} "
        assert re.search(row, pages["index"]), f"summary row of {program}"
        assert re.search(rf"{re.escape(names[program])} .*?{len(members)} \d+ {int(members['below_min_jp'].sum())} ",
                         pages["klaster_pelatihan"]), f"training page row of {program}"
