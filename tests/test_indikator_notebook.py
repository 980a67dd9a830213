"""The quarterly evaluation notebook as the runner uses it: another quarter, parameters, an output folder, HTML.

nbval checks the stored outputs of the default run; these tests run the notebook once more with papermill on
2025-Q2 with a stricter reporting standard and a larger smallest group, so that flags appear and some of them
belong to units too small to be shown on their own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest

from kinerja.metrics import flags
from kinerja.present import pages
from kinerja.run import runner, warm_kernels

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "indikator_triwulan.ipynb"
QUARTER = "2025-Q2"
STANDARD = 0.86
MIN_GROUP = 20


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("indikator")
    with runner._project_kernel(warm_kernels.notebook_imports([NOTEBOOK])) as kernel:  # the runner's kernels
        papermill.execute_notebook(
            str(NOTEBOOK), str(folder / "indikator_triwulan.ipynb"), kernel_name=kernel, progress_bar=False,
            cwd=str(NOTEBOOK.parent), parameters={"quarter": QUARTER, "output": str(folder),
                                                  "reporting_standard": STANDARD, "min_group_size": MIN_GROUP},
        )
    return folder


@pytest.fixture(scope="module")
def artefact(run) -> dict:
    return json.loads((run / "artefacts" / "indikator_triwulan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(run) -> str:
    notebook = nbformat.read(run / "indikator_triwulan.ipynb", as_version=4)
    html = pages.notebook_page(pages.notebook_title(notebook, "indikator_triwulan"), pages.notebook_body(notebook),
                               "indikator_triwulan", None, back="index.html", language="id")
    return re.sub(r"<img[^>]*>", "", html)  # embedded figures are base64, where any digit run may occur


def test_attention_lists_the_flags_of_the_quarter_with_the_parameters(artefact, demo_dataset):
    expected = flags.quarter_flags(demo_dataset, QUARTER, standards={"reporting_rate": STANDARD})
    assert artefact["quarter"] == QUARTER
    assert len(expected) > 0
    assert [item["unit"] for item in artefact["attention"]] == expected["unit_name"].tolist()


def test_flags_of_small_units_keep_the_unit_but_hide_the_numbers(artefact, demo_dataset):
    expected = flags.quarter_flags(demo_dataset, QUARTER, standards={"reporting_rate": STANDARD})
    size = demo_dataset.employees.groupby("unit_code").size()
    small = expected["unit_code"].map(size) < MIN_GROUP
    assert small.any() and (~small).any()
    for item, message, hidden in zip(artefact["attention"], expected["message"], small):
        if hidden:
            assert "angka tidak ditampilkan" in item["why"] and not re.search(r"\d+(,\d+)?%", item["why"])
        else:
            assert item["why"] == message


def test_headlines_give_reporting_waiting_time_and_the_predikat_check(artefact):
    labels = " | ".join(item["label"] for item in artefact["headlines"])
    assert "standar pelaporan e-Kinerja (≥ 86%)" in labels
    assert "Waktu tunggu (median), Puskesmas Karang Taliwang" in labels
    assert "SE MenPANRB 3/2023" in labels
    check = artefact["details"]["predikat_check"]
    assert [row["predikat"] for row in check["distribution"]] == [
        "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"]


def test_the_leadership_page_shows_no_nip_and_no_employee_name(page, demo_dataset):
    assert "Triwulan II 2025" in page
    assert not re.search(r"\d{18}|\d{8} \d{6} \d \d{3}", page)
    cores = {str(name).split(",")[0].strip() for name in demo_dataset.employees["name"].dropna()}
    found = [core for core in cores if len(core) >= 5 and re.search(rf"\b{re.escape(core)}\b", page)]
    assert found == []
