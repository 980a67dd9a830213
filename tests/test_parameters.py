"""Parameters files are checked before any kernel starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.data.engines import Engine
from kinerja.run.parameters import read_parameters

NOTEBOOKS = {"kepuasan_masyarakat": {"data", "quarter", "language", "privacy", "output", "weight"}}


def write(tmp_path, text):
    path = tmp_path / "triwulan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_demo_with_defaults():
    params = read_parameters(None, NOTEBOOKS)
    assert (params.data, params.quarter, params.language, params.privacy) == ("demo", None, "id", "leadership")


def test_a_full_file_is_read_with_the_data_folder_relative_to_it(tmp_path):
    (tmp_path / "data").mkdir()
    path = write(tmp_path, "quarter: Triwulan II 2025\ndata: data\nlanguage: en\nprivacy: internal\n"
                           "kepuasan_masyarakat:\n  weight: '0.11'\n")
    params = read_parameters(path, NOTEBOOKS)
    assert params.quarter == Quarter(2025, 2)
    assert params.data == str((tmp_path / "data").resolve())
    assert params.sections == {"kepuasan_masyarakat": {"weight": "0.11"}}


def test_an_unknown_key_lists_the_valid_keys(tmp_path):
    with pytest.raises(DataError, match=r"triwulan\.yaml: unknown key 'quater'; valid keys are quarter, data, "
                                        r"language, privacy, name, engine, spark_master, reject_warning, reject_limit, "
                                        r"timezone, kepuasan_masyarakat\."):
        read_parameters(write(tmp_path, "quater: 2026-Q3\n"), NOTEBOOKS)


def test_an_unknown_key_in_a_notebook_section_lists_that_notebooks_parameters(tmp_path):
    with pytest.raises(DataError, match=r"unknown key 'bobot' in section 'kepuasan_masyarakat'; valid keys are weight\."):
        read_parameters(write(tmp_path, "kepuasan_masyarakat:\n  bobot: 1\n"), NOTEBOOKS)


def test_a_bad_quarter_lists_the_accepted_forms(tmp_path):
    with pytest.raises(DataError, match=r"key 'quarter': '2026-Q5' is not a quarter.*Triwulan III 2026"):
        read_parameters(write(tmp_path, "quarter: 2026-Q5\n"), NOTEBOOKS)


def test_a_missing_data_folder_is_named(tmp_path):
    with pytest.raises(DataError, match=r"the data folder 'tidak-ada' .* does not exist"):
        read_parameters(write(tmp_path, "data: tidak-ada\n"), NOTEBOOKS)


def test_language_and_privacy_must_be_known(tmp_path):
    with pytest.raises(DataError, match=r"language 'fr' is not one of id, en"):
        read_parameters(write(tmp_path, "language: fr\n"), NOTEBOOKS)
    with pytest.raises(DataError, match=r"privacy 'public' is not one of leadership, internal, research"):
        read_parameters(write(tmp_path, "privacy: public\n"), NOTEBOOKS)


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(DataError, match=r"triwulan\.yaml \(line \d+\) is not valid YAML"):
        read_parameters(write(tmp_path, "quarter: 2026-Q3\ndata: [unclosed\n"), NOTEBOOKS)


def test_a_missing_parameters_file_is_named(tmp_path):
    with pytest.raises(DataError, match=r"the parameters file .*nowhere\.yaml does not exist"):
        read_parameters(tmp_path / "nowhere.yaml", NOTEBOOKS)


def test_the_shipped_example_parameters_file_is_valid():
    from kinerja.run.runner import declared_parameters, discover_notebooks

    example = Path(__file__).resolve().parents[1] / "parameters" / "contoh_triwulan.yaml"
    notebooks = {name: declared_parameters(path) for name, path in discover_notebooks().items()}
    params = read_parameters(example, notebooks)
    assert params.data == "demo" and params.sections["kepuasan_masyarakat"]["weight"] == "exact"


def test_the_engine_is_duckdb_unless_the_file_says_spark(tmp_path):
    assert read_parameters(write(tmp_path, "quarter: 2026-Q3\n"), NOTEBOOKS).engine == Engine()
    params = read_parameters(write(tmp_path, "engine: spark\nspark_master: spark://10.0.0.5:7077\n"), NOTEBOOKS)
    assert params.engine == Engine("spark", "spark://10.0.0.5:7077")
    assert (params.as_dict()["engine"], params.as_dict()["spark_master"]) == ("spark", "spark://10.0.0.5:7077")


def test_an_unknown_engine_lists_the_engines(tmp_path):
    with pytest.raises(DataError, match=r"triwulan\.yaml: engine 'postgres' is not one of duckdb, spark\."):
        read_parameters(write(tmp_path, "engine: postgres\n"), NOTEBOOKS)


def test_a_spark_master_needs_engine_spark(tmp_path):
    with pytest.raises(DataError, match=r"triwulan\.yaml: spark_master is only for engine 'spark', not for "
                                        r"engine 'duckdb'\."):
        read_parameters(write(tmp_path, "spark_master: local[2]\n"), NOTEBOOKS)


def test_a_malformed_spark_master_names_the_accepted_forms(tmp_path):
    with pytest.raises(DataError, match=r"triwulan\.yaml: spark_master 'host:7077' is not a Spark master; use local"):
        read_parameters(write(tmp_path, "engine: spark\nspark_master: host:7077\n"), NOTEBOOKS)
