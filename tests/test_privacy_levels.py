"""The research privacy level: a key from the environment, keyed pseudonyms, the key in no output."""

from __future__ import annotations

import hashlib
import hmac
import re

import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.core.pseudonyms import KEY_FILE_VARIABLE, KEY_VARIABLE
from kinerja.feedback.records import FeedbackOptions
from kinerja.research.respondents import respondent_linkage
from kinerja.run import runner
from kinerja.run.parameters import RunParameters

KEY = "kunci-rahasia-penelitian-uji-0123456789abcdef"
NOTEBOOKS = ["resistensi_perubahan", "klaster_pelatihan"]


@pytest.fixture(scope="module")
def research_run(tmp_path_factory, demo):
    output = tmp_path_factory.mktemp("reports")
    params = output.parent / f"{output.name}-research.yaml"
    params.write_text("privacy: research\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_VARIABLE, KEY)
        patch.delenv(KEY_FILE_VARIABLE, raising=False)
        result = runner.run(params, only=NOTEBOOKS, output=output, jobs=2, progress=False)
    return result, output


def test_a_research_run_refuses_to_start_without_a_key(tmp_path, demo, monkeypatch):
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(KEY_FILE_VARIABLE, raising=False)
    params = tmp_path / "research.yaml"
    params.write_text("privacy: research\n", encoding="utf-8")
    with pytest.raises(DataError, match="privacy level research needs a pseudonym key"):
        runner.run(params, output=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_the_research_run_succeeds(research_run):
    result, _ = research_run
    assert result.status == "ok", result.summary_table()


def test_the_key_appears_in_no_output_manifest_or_log(research_run):
    _, output = research_run
    forms = [KEY.encode(), KEY.encode().hex().encode(), KEY[:16].encode()]
    files = [path for path in output.rglob("*") if path.is_file()]
    assert len(files) > 10
    for path in files:
        content = path.read_bytes()
        assert not any(form in content for form in forms), path


def test_the_research_extract_is_keyed_by_the_hmac_of_the_nip(research_run, demo_dataset):
    result, _ = research_run
    [extract_file] = (result.folder / "restricted" / "penelitian").glob("responden_*.csv")
    extract = pd.read_csv(extract_file, dtype=str)
    linkage = respondent_linkage(demo_dataset).dropna()
    expected = {"R-" + hmac.new(KEY.encode(), nip.encode(), hashlib.sha256).hexdigest()[:16]
                for nip in linkage["nip"]}
    assert expected <= set(extract["pseudonym"])
    assert len(extract) == len(demo_dataset.change_survey)
    text = extract_file.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\d)\d{18}(?!\d)", text)
    assert not any(name in text for name in demo_dataset.employees["name"])


def test_restricted_files_of_a_research_run_hold_no_nip_or_name(research_run, demo_dataset):
    result, _ = research_run
    restricted = [p for p in (result.folder / "restricted").rglob("*") if p.is_file()]
    assert not [p for p in restricted if p.suffix == ".xlsx"]  # no named participant lists
    names = {name.split(",")[0] for name in demo_dataset.employees["name"]}
    for path in restricted:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<!\d)\d{18}(?!\d)", text), path.name
        assert not [name for name in names if name in text], path.name


def test_a_research_run_writes_no_feedback_pages_and_stores_no_evaluation(tmp_path, demo_dataset):
    params, options = RunParameters(privacy="research"), FeedbackOptions()
    evaluation, entry = runner._evaluate(demo_dataset, Quarter.parse("2026-Q3"), tmp_path, params)
    assert entry["status"] == "ok" and entry["stored"] is None
    outcome = runner._write_feedback(demo_dataset, evaluation, tmp_path, params, options)
    assert outcome["status"] == "skipped"
    assert list(tmp_path.iterdir()) == []
