"""Each notebook's options have one pydantic model, whose defaults its parameters cell repeats."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from kinerja.core.errors import DataError
from kinerja.run.parameters import (
    NOTEBOOK_OPTIONS,
    RUNNER_SUPPLIED,
    CommonParameters,
    RunParameters,
    read_parameters,
)
from kinerja.run.runner import NOTEBOOKS, declared_parameters, discover_notebooks

NOTEBOOK_FILES = discover_notebooks(NOTEBOOKS)
DECLARED = {name: declared_parameters(path) for name, path in NOTEBOOK_FILES.items()}


def cell_defaults(path: Path) -> dict[str, object]:
    """The literal values the ``parameters`` cell assigns, read as `declared_parameters` reads the names."""
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells
                if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", []))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(cell.source).body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}


def write(tmp_path, text):
    path = tmp_path / "triwulan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path, text) -> str:
    with pytest.raises(DataError) as caught:
        read_parameters(write(tmp_path, text), DECLARED)
    return str(caught.value)


def test_every_notebook_has_an_options_model_and_every_model_a_notebook():
    assert set(NOTEBOOK_OPTIONS) == set(NOTEBOOK_FILES)


@pytest.mark.parametrize("name", sorted(NOTEBOOK_FILES))
def test_the_model_has_a_field_for_each_option_the_notebook_declares(name):
    assert set(NOTEBOOK_OPTIONS[name].model_fields) == DECLARED[name] - set(RUNNER_SUPPLIED)


@pytest.mark.parametrize("name", sorted(NOTEBOOK_FILES))
def test_the_parameters_cell_holds_the_models_defaults(name):
    defaults = cell_defaults(NOTEBOOK_FILES[name])
    options = NOTEBOOK_OPTIONS[name]()
    for key, value in defaults.items():
        if key in ("output", "evaluation"):
            assert value is None, f"{name}: {key}"  # set by the runner
        elif key in RUNNER_SUPPLIED:
            assert value == getattr(CommonParameters(), key), f"{name}: {key}"
        else:
            assert value == getattr(options, key), f"{name}: {key}"


def test_run_parameters_take_their_defaults_from_the_common_model():
    common, params = CommonParameters(), RunParameters()
    assert (params.data, params.quarter, params.language, params.privacy, params.name) == (
        common.data, common.quarter, common.language, common.privacy, common.name)
    assert params.engine == common.run_engine()


def test_a_share_out_of_range_is_one_sentence_naming_file_and_key_path(tmp_path):
    message = error_of(tmp_path, "indikator_triwulan:\n  reporting_standard: 1.5\n")
    assert message == ("triwulan.yaml: indikator_triwulan.reporting_standard must be a share between 0 and 1 "
                       "(0.8 is 80 percent), not 1.5.")


@pytest.mark.parametrize("text, expected", [
    ("indikator_triwulan:\n  compare_quarters: 0\n",
     "indikator_triwulan.compare_quarters must be a whole number of earlier quarters, at least 1, not 0."),
    ("indikator_triwulan:\n  compare_quarters: yes\n", "compare_quarters must be a whole number"),
    ("indikator_triwulan:\n  no_report_days: 2.5\n", "no_report_days must be a whole number of working days"),
    ("indikator_triwulan:\n  late_tolerance_days: -1\n", "late_tolerance_days must be a whole number of calendar"),
    ("indikator_triwulan:\n  units: 5\n", "indikator_triwulan.units must be a list of unit codes"),
    ("indikator_triwulan:\n  organisation_predikat: Hebat\n",
     ("indikator_triwulan.organisation_predikat 'Hebat' is not one of Istimewa, Baik, Butuh Perbaikan, Kurang, "
      "Sangat Kurang.")),
    ("kepuasan_masyarakat:\n  weight: 0.2\n", "kepuasan_masyarakat.weight 0.2 is not one of exact, 0.11, 0.111."),
    ("kepuasan_masyarakat:\n  populations: {PKM-KTW: 0}\n",
     "kepuasan_masyarakat.populations must be unit codes with their number of service users"),
    ("klaster_pelatihan:\n  k: 1\n",
     "klaster_pelatihan.k must be 'auto' or a whole number of clusters, at least 2, not 1."),
    ("klaster_pelatihan:\n  k: otomatis\n", "klaster_pelatihan.k must be 'auto' or a whole number"),
    ("klaster_pelatihan:\n  method: dbscan\n", "klaster_pelatihan.method 'dbscan' is not one of kmeans, gmm."),
    ("resistensi_perubahan:\n  ci: 95\n", "resistensi_perubahan.ci must be a confidence level between 0 and 1"),
    ("resistensi_perubahan:\n  rollout: 1 Oktober 2024\n",
     ("resistensi_perubahan.rollout must be a date such as 2024-10-01, or blank for the first activity in the "
      "log, not '1 Oktober 2024'.")),
    ("resistensi_perubahan:\n  rollout: 2024-10-01\n  observed_until: 2024-09-30\n",
     "resistensi_perubahan.observed_until (2024-09-30) is before the rollout (2024-10-01)."),
    ("resistensi_perubahan:\n  day_unit: weeks\n", "day_unit 'weeks' is not one of workdays, calendar."),
    ("resistensi_perubahan:\n  sosialisasi_randomised: ya\n", "sosialisasi_randomised must be true or false"),
    ("resistensi_perubahan:\n  group_attributes: []\n", "group_attributes must be a list of one or more of age_band"),
    ("resistensi_perubahan:\n  group_attributes: [age_band, eselon]\n",
     "employment_type, not ['age_band', 'eselon']."),
    ("resistensi_perubahan:\n  instrument: utaut\n",
     "resistensi_perubahan.instrument 'utaut' is not an instrument of parameters/instruments; use one of "),
])
def test_an_option_its_model_refuses_is_one_sentence_saying_what_it_must_be(tmp_path, text, expected):
    message = error_of(tmp_path, text)
    assert message.startswith("triwulan.yaml: ")
    assert expected in message
    assert "\n" not in message and message.endswith(".")


def test_a_section_key_the_notebook_does_not_declare_lists_its_options(tmp_path):
    assert error_of(tmp_path, "klaster_pelatihan:\n  clusters: 4\n") == (
        "triwulan.yaml: unknown key 'clusters' in section 'klaster_pelatihan'; valid keys are capacity, "
        "capaian_standard, catalogue, k, method, min_cell_size, predikat_standard, random_state.")


def test_valid_options_reach_the_notebook_as_plain_yaml_values(tmp_path):
    params = read_parameters(write(tmp_path, (
        "indikator_triwulan:\n  units: [PKM-KTW, KEL-MYR]\n  reporting_standard: 0.9\n"
        "kepuasan_masyarakat:\n  weight: 0.11\n  populations: {PKM-KTW: 1200}\n"
        "klaster_pelatihan:\n  k: 4\n"
        "resistensi_perubahan:\n  rollout: 2024-10-01\n  instrument: tam_pu\n  controls: []\n")), DECLARED)
    assert params.sections == {
        "indikator_triwulan": {"units": ["PKM-KTW", "KEL-MYR"], "reporting_standard": 0.9},
        # An unquoted 0.11 is a YAML number; the weight is named as written.
        "kepuasan_masyarakat": {"weight": "0.11", "populations": {"PKM-KTW": 1200}},
        "klaster_pelatihan": {"k": 4},
        # papermill writes a date as text; the notebook reads it as one.
        "resistensi_perubahan": {"rollout": "2024-10-01", "instrument": "tam_pu", "controls": []},
    }


def test_k_auto_and_a_blank_option_are_accepted(tmp_path):
    params = read_parameters(write(tmp_path, "klaster_pelatihan:\n  k: auto\n  catalogue:\n"), DECLARED)
    assert params.sections["klaster_pelatihan"] == {"k": "auto", "catalogue": None}
