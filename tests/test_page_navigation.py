"""A page's table of contents, its list of the run's reports, the demo banner and long tables folded."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kinerja.present import pages
from kinerja.present.long_tables import fold_long_tables, mark_rows
from kinerja.present.report import table

FRAME = pages.RunFrame((("Ringkasan pimpinan", "index.html"), ("Indikator", "indikator_triwulan.html"),
                        ("Lampiran mutu data", "data_quality.html")))


def nav_of(page_html: str) -> str:
    return re.search(r'<nav class="toc".*?</nav>', page_html, re.DOTALL).group(0)


def test_a_heading_without_an_id_gets_its_words_as_one():
    fragment, sections = pages.section_anchors("<h2>Kepatuhan e-Kinerja</h2>")
    assert fragment == '<h2 id="Kepatuhan-e-Kinerja">Kepatuhan e-Kinerja</h2>'
    assert sections == [pages.Section(2, "Kepatuhan-e-Kinerja", "Kepatuhan e-Kinerja")]


def test_a_heading_keeps_the_id_nbconvert_gave_it_and_loses_the_pilcrow_in_its_title():
    fragment = '<h3 id="Angka-utama">Angka utama<a class="anchor-link" href="#Angka-utama">¶</a></h3>'
    shown, sections = pages.section_anchors(fragment)
    assert shown == fragment
    assert sections == [pages.Section(3, "Angka-utama", "Angka utama")]


def test_headings_with_the_same_words_get_numbered_ids_in_order():
    _, sections = pages.section_anchors("<h2>Ringkasan</h2><h3>Ringkasan</h3><h2>Ringkasan</h2>")
    assert [s.anchor for s in sections] == ["Ringkasan", "Ringkasan-2", "Ringkasan-3"]


def test_a_heading_does_not_take_an_id_another_element_holds():
    _, sections = pages.section_anchors('<p id="Pengaduan">x</p><h2>Pengaduan</h2>')
    assert sections[0].anchor == "Pengaduan-2"


def test_only_h2_and_h3_are_sections():
    _, sections = pages.section_anchors("<h1>Judul</h1><h2>A</h2><h4>B</h4>")
    assert [s.title for s in sections] == ["A"]


def test_the_contents_link_each_section_and_each_report_and_mark_the_page_itself():
    page_html = pages.with_contents(pages.page("T", "<h2>Layanan</h2>", language="id"),
                                    here="indikator_triwulan.html", frame=FRAME, language="id")
    nav = nav_of(page_html)
    assert nav.count('href="#Layanan"') == 2  # folded on phones, a sidebar on wide screens
    assert nav.count('href="index.html"') == 2
    assert nav.count('<a href="indikator_triwulan.html" aria-current="page">') == 2
    assert page_html.index("<nav") < page_html.index("<main>")


def test_a_page_without_headings_or_reports_gets_no_contents():
    page_html = pages.with_contents(pages.page("T", "<p>x</p>", language="id"), here="x.html", frame=None,
                                    language="id")
    assert "<nav" not in page_html


def test_the_demo_banner_shows_only_on_a_demo_run():
    demo = pages.annex_page(pd.DataFrame(columns=["table", "file", "rows", "valid", "rejected"]), pd.DataFrame(),
                            language="id", back="index.html", frame=pages.RunFrame(demo=True))
    real = pages.annex_page(pd.DataFrame(columns=["table", "file", "rows", "valid", "rejected"]), pd.DataFrame(),
                            language="id", back="index.html", frame=pages.RunFrame(demo=False))
    assert "DATA CONTOH (sintetis)" in demo
    assert "DATA CONTOH" not in real


def test_the_runs_index_has_the_banner_when_every_run_read_the_demo_and_names_the_demo_runs():
    demo = {"name": "2026-Q3", "quarter": "2026-Q3", "status": "ok", "parameters": {"data": "demo"}}
    real = {"name": "2026-Q2", "quarter": "2026-Q2", "status": "ok", "parameters": {"data": "/data/2026-Q2"}}
    assert "DATA CONTOH (sintetis)" in pages.runs_index([demo])
    mixed = pages.runs_index([demo, real])
    assert "DATA CONTOH (sintetis)" not in mixed
    assert mixed.count("data contoh (sintetis)") == 1


def test_the_run_frame_lists_the_summary_then_the_reports_then_the_annex():
    frame = pages.run_frame([("Indikator", "indikator_triwulan.html", "ok", 1.0)], language="id", demo=False)
    assert frame.reports == (("Ringkasan pimpinan", "index.html"), ("Indikator", "indikator_triwulan.html"),
                             ("Lampiran mutu data", "data_quality.html"))


def units_table(rates: list[float]) -> str:
    frame = pd.DataFrame({"Unit": [f"U{i}" for i in range(len(rates))], "Tingkat": rates})
    return table(frame, misses=[rate < 0.85 for rate in rates]).data


def test_rows_that_miss_the_standard_are_marked_and_the_others_not():
    shown = units_table([0.9, 0.8, 0.95])
    assert re.findall(r'<tr class="(\w+)">', shown) == ["meets", "misses", "meets"]


def test_marking_needs_one_value_per_row():
    frame = pd.DataFrame({"Unit": ["A", "B"]})
    with pytest.raises(ValueError, match="misses has 1 values for a table of 2 rows"):
        mark_rows(frame.to_html(index=False), [True])


def test_a_long_marked_table_shows_the_missing_rows_first_and_folds_the_others():
    rates = [0.9] * 10 + [0.8, 0.7] + [0.95] * 3
    folded = fold_long_tables(units_table(rates), "id")
    shown, hidden = folded.split("<details", 1)
    assert re.findall(r"<td>(U\d+)</td>", shown) == ["U10", "U11"]
    assert len(re.findall(r"<td>U\d+</td>", hidden)) == 13
    assert "13 baris lainnya, semuanya memenuhi standar" in hidden


def test_a_long_table_where_every_row_meets_the_standard_says_so():
    folded = fold_long_tables(units_table([0.9] * 13), "id")
    assert folded.index("Semua 13 baris memenuhi standar.") < folded.index("<details")
    assert "<summary>Tampilkan 13 baris</summary>" in folded


def test_short_and_unmarked_tables_stay_as_they_are():
    short = units_table([0.8] * 12)
    unmarked = pd.DataFrame({"Unit": range(30)}).to_html(index=False)
    assert fold_long_tables(short, "id") == short
    assert fold_long_tables(unmarked, "id") == unmarked
