"""The real run on the demo data, as `make report` does it, read as leadership would read it."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.browser import find_chromium, open_browser


def pages_of(result, output) -> list[Path]:
    return [output / "index.html", *sorted(result.folder.glob("*.html"))]


def test_every_notebook_of_the_demo_run_succeeds(demo_run):
    result, _ = demo_run
    assert result.status == "ok", result.summary_table()
    assert result.notebooks[-1].name == "ringkasan_pimpinan"


def test_the_run_index_opens_with_what_needs_attention(demo_run):
    result, _ = demo_run
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    assert index.index("Yang perlu perhatian") < index.index("Laporan rinci")
    assert "Kantor Lurah Mayura" in index


def test_the_run_index_is_the_summary_opening_with_cards_and_the_grid_without_research_statistics(demo_run):
    result, _ = demo_run
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    main = index[index.index("<main"):]  # the table of contents before it names the sections too
    assert main.index('class="kpi-cards"') < main.index('class="status-grid"') < main.index("Laporan rinci")
    assert "19 menjadi 44, tertinggi dalam 5 triwulan" in index  # the demo's complaints, kecamatan-wide
    assert "α =" not in index and "ARI" not in index
    assert not (result.folder / "ringkasan_pimpinan.html").exists()  # the index is the summary, not a copy of it


def test_no_leadership_page_carries_a_nip_or_an_employee_name(demo_run, demo_dataset):
    result, output = demo_run
    names = {name.split(",")[0] for name in demo_dataset.employees["name"]}
    for page in pages_of(result, output):
        # An embedded figure's base64 is no text a reader sees, and may hold any short name by chance.
        text = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "", page.read_text(encoding="utf-8"))
        assert not re.search(r"(?<!\d)\d{18}(?!\d)", text), page.name
        found = [name for name in names if name in text]
        assert not found, (page.name, found[:3])


@pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"),
                    reason="chromium is not installed (.ci/run installs it)")
def test_pages_open_offline_in_chromium_without_errors(demo_run, tmp_path):
    result, output = demo_run
    feedback = result.folder / "restricted" / "umpan_balik"
    unit = feedback / "KEL-MYR"
    restricted = [feedback / "index.html", unit / "index.html", sorted(unit.glob("asn-*.html"))[0]]
    browser = open_browser()
    try:
        for page in [*pages_of(result, output), *restricted]:
            visit = browser.visit(page, tmp_path / f"{page.parent.name}-{page.stem}.png")
            assert [url for url in visit.requests if not url.startswith(("file://", "data:"))] == [], page.name
            assert visit.errors == [], page.name
            assert visit.dialogs == [], page.name
            assert visit.screenshot.stat().st_size > 1000
    finally:
        browser.close()


def test_the_summary_states_the_planted_effects_of_the_demo(demo_run, demo):
    """The leadership summary's own figures, against the demo's ground truth (not against the package's functions)."""
    result, _ = demo_run
    truth = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    page = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", (result.folder / "index.html").read_text(
        encoding="utf-8"))))
    waiting, ikm = truth["waiting_time"], truth["ikm"]
    before = sorted(waiting["median_by_quarter"][q] for q in ("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"))
    baseline = (before[1] + before[2]) / 2
    assert (f"Waktu tunggu di {waiting['unit_name']} naik dari {baseline:.0f} ke {waiting['median_after_minutes']:.0f}"
            f" menit (pembanding: median 4 triwulan sebelumnya)") in page
    assert f"Waktu tunggu (median), {waiting['unit_name']} {waiting['median_after_minutes']:.0f} menit" in page
    ikm_after = f"{ikm['ikm_after']:.2f}".replace(".", ",")
    assert re.search(rf"{re.escape(ikm['unit_name'])} {ikm_after} {ikm['grade_after']} ", page)


def test_units_staff_and_a_survey_alone_give_the_ikm_report_and_skip_the_rest(tmp_path, demo, demo_evaluation):
    from kinerja.core.formatting import number
    from kinerja.run import runner

    data = tmp_path / "data"
    data.mkdir()
    for name in ("unit_kerja.csv", "pegawai.xlsx", "skm.xlsx"):
        shutil.copy(demo / name, data / name)
    (tmp_path / "run.yaml").write_text("data: data\n", encoding="utf-8")
    result = runner.run(tmp_path / "run.yaml", output=tmp_path / "out", progress=False)
    assert result.status == "ok"
    assert {r.name: r.status for r in result.notebooks} == {
        "indikator_triwulan": "skipped", "kepuasan_masyarakat": "ok", "klaster_pelatihan": "skipped",
        "resistensi_perubahan": "skipped", "ringkasan_pimpinan": "ok"}
    index = html.unescape((result.folder / "index.html").read_text(encoding="utf-8"))
    assert ("Evaluasi Kinerja Triwulanan</a></strong>: dilewati. Data SKP, perilaku kerja, aktivitas, kunjungan dan "
            "tindak lanjut tidak tersedia dalam folder data.") in index
    assert "Tidak ada unit yang perlu perhatian khusus" not in index
    assert "4 laporan tidak berjalan utuh" in index  # three skipped, and the IKM report without complaints
    page = html.unescape((result.folder / "kepuasan_masyarakat.html").read_text(encoding="utf-8"))
    assert "Data pengaduan tidak tersedia dalam folder data. Bagian ini dilewati." in page
    assert "Pengaduan</strong> tidak diketahui — tidak dapat dihitung: folder data tidak memuat data pengaduan" in page
    # The IKM page is complete: the organisation's IKM is the full data's.
    assert str(demo_evaluation.quarter) == result.folder.name
    full = demo_evaluation.satisfaction.overall.iloc[0]
    assert f"{number(full['ikm_rounded'], 2)} (mutu {full['grade']}" in page


def test_a_quarter_outside_the_data_stops_before_any_kernel(tmp_path, demo, monkeypatch):
    from kinerja.core.errors import DataError
    from kinerja.run import runner

    monkeypatch.setattr(runner.papermill, "execute_notebook", lambda *args, **kwargs: pytest.fail("a kernel ran"))
    (tmp_path / "run.yaml").write_text(f"data: {demo}\nquarter: 2027-Q1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^Quarter 2027-Q1 lies outside the data, which cover 01/10/2024–30/09/2026 "):
        runner.run(tmp_path / "run.yaml", output=tmp_path / "out", progress=False)
    assert not (tmp_path / "out" / "2027-Q1").exists()
