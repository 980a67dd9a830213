"""Sections that need absent or uncovered tables are left out with one sentence; a notebook without data is skipped."""

from __future__ import annotations

from datetime import date

import nbformat
import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.data.coverage import Coverage, coverage_of, dataset_coverage, require_quarter_covered
from kinerja.data.loading import dataset_from_frames, load_dataset
from kinerja.data.quality import withhold_unusable
from kinerja.present.report import coverage_annex, unit_coverage_annex
from kinerja.run.runner import discover_notebooks, in_language
from kinerja.run.sections import needed_tables, plan_notebook

Q3 = Quarter.parse("2026-Q3")


def _complaints(first: str, last: str, n: int) -> pd.DataFrame:
    days = pd.date_range(first, last, periods=n)
    return pd.DataFrame({"complaint_id": [f"P{i}" for i in range(n)], "unit_code": "KEL01", "channel": "langsung",
                         "received_at": days, "status": "resolved", "resolved_at": days})


def _dataset(**tables: pd.DataFrame):
    units = pd.DataFrame({"unit_code": ["KEL01"], "unit_name": ["Kelurahan Cakranegara Barat"],
                          "unit_type": ["kelurahan"]})
    return dataset_from_frames({"units": units, **tables})


def _notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Laporan"),
        nbformat.v4.new_code_cell("setup = 1"),
        nbformat.v4.new_markdown_cell("## Pengaduan", metadata={"tags": ["needs-complaints"]}),
        nbformat.v4.new_code_cell("complaints()", metadata={"tags": ["needs-complaints"]}),
        nbformat.v4.new_markdown_cell("## Kunjungan", metadata={"tags": ["needs-visits"]}),
        nbformat.v4.new_code_cell("visits()", metadata={"tags": ["needs-visits"]}),
        nbformat.v4.new_code_cell("headlines()"),
    ]
    return notebook


def test_a_section_whose_table_is_absent_keeps_its_heading_and_says_why():
    plan = plan_notebook(_notebook(), _dataset(complaints=_complaints("2026-07-01", "2026-09-30", 40)), Q3)
    sources = [cell.source for cell in plan.notebook.cells]
    assert sources == ["# Laporan", "setup = 1", "## Pengaduan", "complaints()", "## Kunjungan",
                       "> ⚠ Data kunjungan tidak tersedia dalam folder data. Bagian ini dilewati.", "headlines()"]
    assert plan.skipped_sections == ["Kunjungan"] and plan.unusable == ["visits"] and not plan.skipped


def test_a_quarter_the_table_does_not_reach_skips_the_section_naming_the_span():
    plan = plan_notebook(_notebook(), _dataset(complaints=_complaints("2025-01-02", "2025-06-30", 40)), Q3, "id")
    note = plan.notebook.cells[3].source
    assert note == ("> ⚠ Data pengaduan mencakup 02/01/2025–30/06/2025; Triwulan III 2026 tidak tercakup. "
                    "Bagian ini dilewati.")


def test_a_partly_covered_quarter_runs_under_a_warning():
    plan = plan_notebook(_notebook(), _dataset(complaints=_complaints("2026-04-01", "2026-08-10", 80)), Q3, "en")
    assert plan.notebook.cells[3].source == (
        "> ⚠ The complaint data cover 01/04/2026–10/08/2026, so only part of Q3 2026 is covered; figures "
        "from these data for Q3 2026 are incomplete.")
    assert plan.notebook.cells[4].source == "complaints()"
    assert len(plan.warnings) == 1


def test_a_notebook_none_of_whose_sections_can_run_is_skipped():
    plan = plan_notebook(_notebook(), _dataset(), Q3)
    assert plan.skipped
    assert plan.reason(plan.unusable) == "Data kunjungan dan pengaduan tidak tersedia dalam folder data."


def test_a_tag_naming_no_table_is_refused():
    notebook = _notebook()
    notebook.cells[3].metadata["tags"] = ["needs-complaint"]
    with pytest.raises(ValueError, match="needs-complaint names no table"):
        needed_tables(notebook)


def test_every_report_declares_the_tables_its_sections_need():
    needs = {name: needed_tables(in_language(path, "id")) for name, path in discover_notebooks().items()}
    assert needs["kepuasan_masyarakat"] == ["ikm_responses", "complaints", "forums", "follow_ups"]
    assert needs["indikator_triwulan"] == ["skp", "behaviour", "activities", "visits", "follow_ups"]
    assert set(needs["resistensi_perubahan"]) == {"activities", "change_survey", "sosialisasi"}
    assert needs["ringkasan_pimpinan"] == []


def test_sparse_events_near_the_quarter_end_still_cover_it():
    # 11 complaints a quarter: the last one on 20 September says nothing about the last ten days.
    sparse = Coverage("complaints", "received_at", date(2024, 10, 9), date(2026, 9, 20), 88)
    assert sparse.state(Q3) == "full"
    # A dense log that stops on 20 September covers only part of the quarter.
    dense = Coverage("activities", "activity_date", date(2024, 10, 1), date(2026, 9, 20), 400_000)
    assert dense.state(Q3) == "partial"
    assert dense.state(Quarter.parse("2026-Q4")) == "none"


def test_coverage_per_unit_and_the_refusal_of_a_quarter_outside_the_data():
    units = pd.DataFrame({"unit_code": ["A", "B"], "unit_name": ["Kelurahan A", "Kelurahan B"],
                          "unit_type": ["kelurahan", "kelurahan"]})
    complaints = pd.concat([_complaints("2025-01-01", "2025-12-31", 30).assign(unit_code="A"),
                            _complaints("2025-07-01", "2026-03-31", 30).assign(unit_code="B")], ignore_index=True)
    dataset = dataset_from_frames({"units": units, "complaints": complaints})
    span = coverage_of(dataset, "complaints")
    assert (span.first, span.last, span.rows) == (date(2025, 1, 1), date(2026, 3, 31), 60)
    assert span.by_unit.set_index("unit_code")["last"].to_dict() == {"A": date(2025, 12, 31), "B": date(2026, 3, 31)}
    assert dataset_coverage(dataset)["complaints"] is dataset_coverage(dataset)["complaints"]
    with pytest.raises(DataError) as refused:
        require_quarter_covered(dataset, Quarter.parse("2026-Q3"))
    assert str(refused.value) == (
        "Quarter 2026-Q3 lies outside the data, which cover 01/01/2025–31/03/2026 (complaints; kinerja validate "
        "shows each table's span); choose a quarter inside that span.")
    require_quarter_covered(dataset, Quarter.parse("2026-Q1"))


def test_the_annex_lists_a_unit_whose_log_stops_before_its_table_does():
    units = pd.DataFrame({"unit_code": ["A", "B"], "unit_name": ["Kelurahan A", "Kelurahan B"],
                          "unit_type": ["kelurahan", "kelurahan"]})
    employees = pd.DataFrame({"nip": ["198807142014031001", "199001012015011001"], "unit_code": ["A", "B"]})
    days = {"198807142014031001": pd.bdate_range("2026-07-01", "2026-09-30"),
            "199001012015011001": pd.bdate_range("2026-07-01", "2026-08-14")}
    activities = pd.DataFrame([{"activity_id": f"{nip}-{day:%m%d}", "nip": nip, "activity_date": day,
                                "submitted_at": day, "status": "approved"}
                               for nip, span in days.items() for day in span])
    dataset = dataset_from_frames({"units": units, "employees": employees, "activities": activities})
    # 66 weekdays of the quarter for A, 33 up to 14 August for B.
    annex = unit_coverage_annex(dataset, Q3, units, "id")
    assert annex.to_dict("records") == [{"Tabel": "aktivitas", "Unit": "Kelurahan B", "Tanggal pertama": "01/07/2026",
                                         "Tanggal terakhir": "14/08/2026", "Triwulan ini": "tercakup sebagian"}]
    assert coverage_annex(dataset, Q3, "en").iloc[0].tolist() == ["activities", "activities.parquet", "01/07/2026",
                                                                   "30/09/2026", "99", "fully covered"]


def test_a_table_whose_rows_were_mostly_rejected_is_withheld_and_its_sections_cannot_be_judged(tmp_path):
    units = "Kode Unit,Nama Unit,Jenis Unit\nKEL01,Kelurahan Cakranegara Barat,kelurahan\n"
    staff = "NIP,Nama,Unit Kerja,Golongan,Jabatan,Jenis Kelamin\n198807142014031001,Ani,KEL01,III/a,Pengadministrasi,L\n"
    days = pd.bdate_range("2026-07-01", "2026-09-30")
    # 25 reports: one approved, 24 with a status word no export uses (96 % rejected).
    rows = [f"A{i},198807142014031001,{day:%d/%m/%Y},{day:%d/%m/%Y} 16:00,{day:%d/%m/%Y} 17:00,"
            f"{'Disetujui' if i == 0 else 'Selesai'}" for i, day in enumerate(days[:25])]
    (tmp_path / "unit_kerja.csv").write_text(units, encoding="utf-8")
    (tmp_path / "pegawai.csv").write_text(staff, encoding="utf-8")
    (tmp_path / "aktivitas.csv").write_text("ID,NIP,Tanggal,Waktu Lapor,Waktu Persetujuan,Status\n" + "\n".join(rows) + "\n",
                                            encoding="utf-8")
    dataset = withhold_unusable(load_dataset(tmp_path, cache=False))
    assert not dataset.has("activities") and dataset.counts["activities"].rejected == 24
    with pytest.raises(DataError, match="96% of the rows of the e-Kinerja activity data"):
        dataset.table("activities")
    notebook = _notebook()
    notebook.cells[2].metadata["tags"] = notebook.cells[3].metadata["tags"] = ["needs-activities"]
    plan = plan_notebook(notebook, dataset, Q3)
    assert plan.notebook.cells[3].source == (
        "> ⚠ 96% baris data aktivitas e-Kinerja (aktivitas.csv) ditolak: 24 dari 25. Angka dari baris yang tersisa "
        "tidak dapat dinilai. Bagian ini dilewati.")
    # Under the limit, the section runs under warnings: one valid day covers part of the quarter, and the share.
    kept = withhold_unusable(load_dataset(tmp_path, cache=False), limit=0.99)
    assert kept.has("activities")
    warning = plan_notebook(notebook, kept, Q3).notebook.cells[3].source
    assert warning.startswith("> ⚠ Data aktivitas e-Kinerja mencakup 01/07/2026–01/07/2026, sehingga hanya sebagian")
    assert warning.endswith("96% baris data aktivitas e-Kinerja (aktivitas.csv) ditolak: 24 dari 25.")
