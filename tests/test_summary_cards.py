"""The summary's first screen: key-figure cards, the unit x indicator grid and what needs attention.

Cards are checked against the tables of the quarter's evaluation of a small demo (60 ASN), and against planted
values where the rule matters (arrows, "highest in five quarters", unknown sources).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kinerja.core.periods import Quarter
from kinerja.data.loading import dataset_from_frames
from kinerja.demo import load_demo
from kinerja.present import summary, summary_cards
from kinerja.present.pages import notebook_body
from kinerja.quarter.evaluation import QuarterOptions, QuarterResults, evaluate_quarter

QUARTER = Quarter(2026, 3)
OPTIONS = QuarterOptions(n_boot=20)
NO_LINKS = dict.fromkeys(summary_cards.SECTIONS, "")
NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


@pytest.fixture(scope="module")
def small():
    return load_demo(employees=60)


@pytest.fixture(scope="module")
def results(small) -> QuarterResults:
    return evaluate_quarter(small, QUARTER, OPTIONS)


def card(results: QuarterResults, key: str, artefacts: list | None = None) -> summary_cards.Card:
    return next(c for c in summary_cards.cards(results, artefacts or [], NO_LINKS) if c.key == key)


def with_complaints(results: QuarterResults, trend: list[int], surges: int = 0) -> QuarterResults:
    """``results`` with a planted complaint count per quarter of the window (oldest first) and ``surges`` surges."""
    quarters = [q.label for q in results.window]
    satisfaction = replace(
        results.satisfaction,
        complaint_trend=pd.DataFrame({"quarter": quarters, "received": trend}),
        complaints_overall=pd.DataFrame({"received": [trend[-1]], "share_within_standard": [0.5]}),
        surges=pd.DataFrame({"unit_code": ["PKM-KTW"] * surges, "received": [9] * surges,
                             "previous_mean": [2.0] * surges}))
    return replace(results, satisfaction=satisfaction)


def test_the_arrow_and_change_follow_the_difference_at_the_shown_precision():
    assert summary_cards.change(73, 39, 0, " menit") == ("↑", "+34 menit")
    assert summary_cards.change(0.851, 0.855, 1, " poin persen", 100) == ("↓", "−0,4 poin persen")
    assert summary_cards.change(0.8551, 0.8549, 1, " poin persen", 100) == ("→", "tetap")
    assert summary_cards.change(None, 3) == ("", "–")


def test_the_reporting_card_is_the_organisations_rate_against_the_previous_quarter(results):
    rates = results.units.organisation_reporting.set_index("quarter")["reporting_rate"]
    now, before = rates["2026-Q3"], rates["2026-Q2"]
    shown = card(results, "reporting")
    assert shown.value == f"{now * 100:.1f}%".replace(".", ",")
    points = round((now - before) * 100, 1)
    written = "tetap" if points == 0 else f"{'+' if points > 0 else '−'}{abs(points):.1f} poin persen".replace(".", ",")
    assert shown.change == f"{written} dari Triwulan II 2026"
    assert shown.status == ("good" if now >= 0.8 else "attention")


def test_the_ikm_card_is_the_ikm_of_all_responses_and_names_the_units_below_the_standard(results):
    overall = results.satisfaction.overall.iloc[0]
    below = results.satisfaction.per_unit.query("ikm_rounded < 76.61")["unit_code"]
    shown = card(results, "ikm")
    assert shown.value == f"{overall['ikm_rounded']:.2f} (mutu {overall['grade']})".replace(".", ",")
    assert shown.change.startswith(f"{len(below)} dari {len(results.satisfaction.per_unit)} unit di bawah standar")
    assert shown.status == ("attention" if len(below) else "good")


def test_the_predikat_card_counts_baik_and_sangat_baik_among_the_rated(results):
    rated = results.predikat[(results.predikat["quarter"] == "2026-Q3") & results.predikat["predikat"].notna()]
    share = rated["predikat"].isin(["Baik", "Sangat Baik"]).sum() / len(rated)
    assert card(results, "predikat").value == f"{share * 100:.1f}%".replace(".", ",")


def test_the_predikat_card_is_not_judged_without_the_check_of_the_quarterly_report(results):
    checked = [{"notebook": "indikator_triwulan", "details": {"organisation_predikat": "Baik", "predikat_check": {
        "holds": False, "rules": [{"rule": "Baik paling banyak 70%", "holds": False}]}}}]
    assert card(results, "predikat").status == "unknown"
    failing = card(results, "predikat", checked)
    assert (failing.status, failing.meaning) == ("attention", "Tidak sesuai pola: Baik paling banyak 70%.")


def test_the_waiting_card_is_the_longest_median_wait_of_any_service_unit(results):
    services = results.units.services.query("quarter == '2026-Q3'")
    longest = services.loc[services["waiting_median_minutes"].idxmax()]
    shown = card(results, "waiting")
    assert shown.value == f"{longest['waiting_median_minutes']:.0f} menit"
    assert shown.change.startswith(f"{longest['unit_name']}: ")


def test_complaints_rising_to_the_highest_of_five_quarters_need_attention(results):
    shown = card(with_complaints(results, [21, 38, 39, 19, 44]), "complaints")
    assert (shown.value, shown.arrow, shown.status) == ("44", "↑", "attention")
    assert shown.change == "19 → 44 (+25 dari Triwulan II 2026)"
    assert shown.meaning.startswith("tertinggi dalam 5 triwulan; ")


def test_complaints_that_fell_without_a_surge_are_good(results):
    shown = card(with_complaints(results, [21, 38, 39, 44, 19]), "complaints")
    assert (shown.arrow, shown.status) == ("↓", "good")
    assert "tertinggi" not in shown.meaning


def test_the_kecamatan_wide_rise_in_complaints_comes_first_in_what_needs_attention(results):
    planted = with_complaints(results, [21, 38, 39, 19, 44])
    _, rows = summary_cards.status_grid(planted, NO_LINKS)
    first = summary_cards.attention_items(planted, rows, NO_LINKS)[0]
    assert first.unit == "Seluruh kecamatan"
    assert first.findings[0][0] == "Pengaduan di seluruh kecamatan naik dari 19 menjadi 44, tertinggi dalam 5 triwulan"


def test_a_card_whose_table_is_absent_is_unknown_with_the_reason(small):
    frames = {name: small.to_pandas(name).drop(columns="source_row", errors="ignore")
              for name in small.tables if name != "complaints"}
    without = evaluate_quarter(dataset_from_frames(frames), QUARTER, OPTIONS)
    shown = card(without, "complaints")
    assert (shown.value, shown.status) == ("tidak diketahui", "unknown")
    assert shown.meaning == without.why("complaints") and "pengaduan" in shown.meaning
    _, rows = summary_cards.status_grid(without, NO_LINKS)
    assert {row.cells[-1].symbol for row in rows} == {"?"}


def test_the_grid_marks_exactly_the_units_that_what_needs_attention_lists(results):
    _, rows = summary_cards.status_grid(results, NO_LINKS)
    listed = {item.unit for item in summary_cards.attention_items(results, rows, NO_LINKS)} - {"Seluruh kecamatan"}
    flags = results.units.flags.query("quarter == '2026-Q3' and flagged")
    names = dict(zip(results.units.flags["unit_code"], results.units.flags["unit_name"], strict=False))
    expected = set(flags["unit_name"]) | {names[code] for code in results.satisfaction.surges["unit_code"]}
    assert {row.unit for row in rows if row.needs_attention} == listed == expected
    assert listed  # the demo plants a longer wait at Puskesmas Karang Taliwang and a fall in IKM at Mayura


def test_a_cell_of_an_indicator_the_data_cannot_give_is_a_question_mark_saying_why(results):
    flags = results.units.flags[~results.units.flags["metric"].isin(["waiting_median_minutes"])]
    reason = {"id": "tidak dapat dihitung: folder data tidak memuat kunjungan", "en": "no visits"}
    planted = replace(results, units=replace(results.units, flags=flags),
                      unavailable={**results.unavailable, "indicators.services": reason})
    columns, rows = summary_cards.status_grid(planted, NO_LINKS)
    cell = rows[0].cells[columns.index("Waktu tunggu")]
    assert (cell.status, cell.symbol) == ("unknown", "?")
    assert cell.note == "Waktu tunggu: tidak diketahui, tidak dapat dihitung: folder data tidak memuat kunjungan"


def test_the_section_id_is_the_one_nbconvert_gives_the_heading():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Predikat dan pemeriksaan distribusi")])
    assert f'id="{summary_cards.heading_id("Predikat dan pemeriksaan distribusi")}"' in notebook_body(notebook)


@pytest.mark.parametrize("topic", list(summary_cards.SECTIONS))
def test_every_linked_section_is_a_heading_of_its_notebook(topic):
    name, heading = summary_cards.SECTIONS[topic]
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert re.search(rf"^#+ {re.escape(heading)}$", text, re.MULTILINE)


def test_a_section_the_report_left_out_links_to_the_top_of_its_page(tmp_path):
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Evaluasi\n\n## Layanan")]),
                   tmp_path / "notebooks" / "indikator_triwulan.ipynb")
    links = summary_cards.section_links(tmp_path)
    assert links["waiting_median_minutes"] == "indikator_triwulan.html#Layanan"
    assert links["capaian_median"] == "indikator_triwulan.html"
    assert links["ikm"] == ""  # kepuasan_masyarakat did not run


def test_the_key_numbers_leave_research_statistics_to_the_research_pages():
    artefacts = [
        {"notebook": "resistensi_perubahan", "title": "Resistensi", "headlines": [
            {"label": "Reliabilitas skala resistensi", "value": "α = 0,93", "change": ""}]},
        {"notebook": "klaster_pelatihan", "title": "Klaster", "headlines": [
            {"label": "Klaster kebutuhan pelatihan", "value": "5 klaster, sangat stabil (ARI 1,00)", "change": ""},
            {"label": "ASN yang diusulkan mengikuti pelatihan", "value": "610 dari 1.000 ASN", "change": ""}]},
    ]
    assert summary.key_numbers(artefacts)["Ukuran"].tolist() == ["ASN yang diusulkan mengikuti pelatihan"]
