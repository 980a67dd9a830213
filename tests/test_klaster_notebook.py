"""The training-need notebook as the runner uses it: another quarter, an output folder, a restricted list, HTML.

nbval checks the stored outputs of the default run (2026-Q3, no output folder, so no list is written); these
tests run the notebook once more with papermill on 2026-Q2 with batches of 40 and an output folder, as the
runner does, and once with a fixed k, a Gaussian mixture and the internal privacy level.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest
from openpyxl import load_workbook

from kinerja.present import pages
from kinerja.run import runner, warm_kernels

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "klaster_pelatihan.ipynb"
QUARTER = "2026-Q2"
CAPACITY = 40


def execute(folder: Path, **parameters) -> nbformat.NotebookNode:
    target = folder / "klaster_pelatihan.ipynb"
    with runner._project_kernel(warm_kernels.notebook_imports([NOTEBOOK])) as kernel:  # the runner's kernels
        papermill.execute_notebook(str(NOTEBOOK), str(target), kernel_name=kernel, progress_bar=False,
                                   cwd=str(NOTEBOOK.parent), parameters=parameters)
    return nbformat.read(target, as_version=4)


def render(notebook: nbformat.NotebookNode) -> str:
    html = pages.notebook_page(pages.notebook_title(notebook, "klaster_pelatihan"), pages.notebook_body(notebook),
                               "klaster_pelatihan", None, back="index.html", language="id")
    return re.sub(r"<img[^>]*>", "", html)  # embedded figures are base64, where any letters may occur


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, nbformat.NotebookNode]:
    folder = tmp_path_factory.mktemp("klaster")
    notebook = execute(folder, quarter=QUARTER, output=str(folder), capacity=CAPACITY)
    return folder, notebook


@pytest.fixture(scope="module")
def artefact(run) -> dict:
    folder, _ = run
    return json.loads((folder / "artefacts" / "klaster_pelatihan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workbook(run):
    folder, _ = run
    return load_workbook(folder / "restricted" / f"peserta_pelatihan_{QUARTER}.xlsx")


def test_participant_lists_are_written_to_the_restricted_folder_in_batches_of_the_capacity(workbook, artefact):
    assert artefact["details"]["participant_file"] == f"restricted/peserta_pelatihan_{QUARTER}.xlsx"
    for program in artefact["details"]["programs"]:
        sheet = workbook[program["program"]]
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        assert len(rows) == int(program["participants"])
        batches = [row[0] for row in rows]
        assert max(batches) == int(program["batches"]) == -(-len(rows) // CAPACITY)
        assert max(batches.count(b) for b in set(batches)) <= CAPACITY
        assert all(re.fullmatch(r"\d{18}", row[2]) for row in rows)


def test_the_artefact_carries_the_programs_with_participant_counts_for_the_summary(artefact):
    assert artefact["quarter"] == QUARTER
    names = [program["program"] for program in artefact["details"]["programs"]]
    assert {"Komunikasi Efektif", "Literasi Digital", "Kompetensi Teknis", "Akuntabilitas Kinerja"} <= set(names)
    assert "Manajemen Waktu" not in names  # no rule reads the on-time rate (docs/methods.md section 8)
    assert all(int(program["participants"]) > 0 for program in artefact["details"]["programs"])
    labels = [item["label"] for item in artefact["headlines"]]
    assert "PNS dengan kurang dari 20 JP dalam 12 bulan terakhir" in labels


def test_the_leadership_page_names_the_file_but_shows_no_nip_and_no_employee_name(run, demo_dataset):
    _, notebook = run
    page = render(notebook)
    assert f"peserta\\_pelatihan\\_{QUARTER}.xlsx" in page or f"peserta_pelatihan_{QUARTER}.xlsx" in page
    assert not re.search(r"\d{18}|\d{8} \d{6} \d \d{3}", page)
    cores = {str(name).split(",")[0].strip() for name in demo_dataset.employees["name"].dropna()}
    assert [core for core in cores if core in page] == []


def test_small_counts_are_hidden_on_the_leadership_page(run):
    _, notebook = run
    assert "&lt;5" in render(notebook)


def test_a_fixed_k_a_gaussian_mixture_and_internal_privacy_run_without_hiding_counts(tmp_path):
    notebook = execute(tmp_path, quarter=QUARTER, k=4, method="gmm", privacy="internal")
    page = render(notebook)
    assert "&lt;5" not in page
    assert "Daftar peserta tidak ditulis" in page
    assert not (tmp_path / "restricted").exists()
