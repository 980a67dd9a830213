"""The evaluation of one quarter: computed once, the same numbers as the metric functions, saved and read back."""

from __future__ import annotations

import json
from dataclasses import asdict

import numpy as np
import pandas as pd
import pytest

from kinerja import training
from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.feedback.build import build_feedback
from kinerja.metrics import ekinerja, skp
from kinerja.quarter import evaluation
from kinerja.quarter.evaluation import (
    QuarterOptions,
    QuarterResults,
    evaluate_quarter,
    results_for,
)
from kinerja.quarter.figures import frames_of

QUARTER = Quarter(2026, 3)


@pytest.fixture(scope="module")
def results(demo_evaluation) -> QuarterResults:
    assert demo_evaluation.quarter == QUARTER and demo_evaluation.options == QuarterOptions()
    return demo_evaluation


def test_previous_quarter_and_trend_are_named_once(results):
    assert results.previous == Quarter(2026, 2)
    assert results.trend == [Quarter(2025, 4), Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3)]
    assert sorted(results.predikat["quarter"].unique()) == [q.label for q in results.trend]


def test_predikat_of_every_trend_quarter_is_the_metric_functions(results, demo_dataset):
    for quarter in results.trend:
        expected = skp.employee_predikat(demo_dataset.skp, demo_dataset.behaviour, quarter,
                                         demo_dataset.employees).set_index("nip")
        assert set(expected["quarter"].astype(str)) <= {quarter.label}
        expected = expected.drop(columns="quarter")
        pd.testing.assert_frame_equal(results.of_quarter("predikat", quarter).sort_index(), expected.sort_index(),
                                      check_like=True)


def test_reporting_uses_the_late_tolerance_asked_for(results, demo_dataset):
    strict = results  # the default: on time means on the activity's day
    assert strict.options.late_tolerance_days == 0
    lenient = evaluate_quarter(demo_dataset, QUARTER, QuarterOptions(trend_quarters=1, n_boot=10,
                                                                     late_tolerance_days=3))
    expected = ekinerja.employee_reporting(demo_dataset, QUARTER, late_tolerance_days=3).set_index("nip")
    pd.testing.assert_series_equal(lenient.of_quarter("reporting", QUARTER)["on_time_rate"].sort_index(),
                                   expected["on_time_rate"].sort_index())
    assert (lenient.of_quarter("reporting", QUARTER)["on_time_rate"].mean()
            > strict.of_quarter("reporting", QUARTER)["on_time_rate"].mean())


def test_a_quarter_before_the_activity_log_has_unknown_reporting_and_nobody_silent(demo_dataset):
    early = evaluate_quarter(demo_dataset, Quarter(2023, 1), QuarterOptions(trend_quarters=1, n_boot=10))
    assert not early.reporting_known(Quarter(2023, 1))
    assert early.silent.empty


def test_saved_results_read_back_equal(results, tmp_path):
    files = results.save(tmp_path / "evaluasi")
    assert sorted(files) == sorted(path.name for path in (tmp_path / "evaluasi").iterdir())
    loaded = QuarterResults.load(tmp_path / "evaluasi")
    assert loaded.quarter == results.quarter and loaded.options == results.options
    for name in ("predikat", "reporting", "indicators", "capaian", "unit_capaian", "silent"):
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(results, name), check_dtype=False)
    pd.testing.assert_frame_equal(loaded.training_need.recommendations, results.training_need.recommendations,
                                  check_dtype=False)
    assert loaded.training_need.stability == results.training_need.stability
    for group in ("units", "satisfaction"):
        for name, frame in frames_of(getattr(results, group)).items():
            pd.testing.assert_frame_equal(getattr(getattr(loaded, group), name), frame, check_dtype=False,
                                          obj=f"{group}.{name}")


def test_the_clustering_diagnostics_are_a_fresh_fit_with_the_same_options_and_read_back_equal(results, demo_dataset,
                                                                                               tmp_path):
    options = results.options
    features = training.build_features(demo_dataset, QUARTER)
    clusterer = training.TrainingNeedClusterer(k=options.k, method=options.method, random_state=options.random_state)
    clusterer.fit(features.cluster_features)
    components = training.principal_components(features.cluster_features, random_state=options.random_state)
    results.save(tmp_path / "evaluasi")
    loaded = QuarterResults.load(tmp_path / "evaluasi").training_need
    for need in (results.training_need, loaded):
        assert need.features.quarter == QUARTER and need.features.unavailable == features.unavailable
        for name in ("features", "imputed", "missing"):
            pd.testing.assert_frame_equal(getattr(need.features, name), getattr(features, name), check_exact=True)
        pd.testing.assert_frame_equal(need.features.cluster_features, features.cluster_features, check_exact=True)
        pd.testing.assert_frame_equal(need.features.people, features.people, check_dtype=False)
        pd.testing.assert_frame_equal(need.scores, clusterer.scores_, check_exact=True)
        np.testing.assert_array_equal(need.stability_scores, clusterer.stability_scores_)
        assert need.stability == clusterer.stability_ and need.silhouette == clusterer.silhouette_
        pd.testing.assert_frame_equal(need.components.points, components.points, check_exact=True)
        pd.testing.assert_series_equal(need.components.explained, components.explained, check_exact=True)
        pd.testing.assert_frame_equal(need.components.loadings, components.loadings, check_exact=True)


def test_a_training_need_saved_without_the_diagnostics_asks_for_a_new_evaluation(results, tmp_path):
    folder = tmp_path / "evaluasi"
    results.save(folder)
    # What a folder saved before the evaluation kept the clustering's diagnostics holds.
    added = ("training_features", "training_people", "training_imputed", "training_scores", "training_points",
             "training_loadings")
    about = json.loads((folder / evaluation.RESULTS_FILE).read_text(encoding="utf-8"))
    about["tables"] = [name for name in about["tables"] if name.removesuffix(".parquet") not in added]
    for key in ("training_stability_scores", "training_explained", "training_unavailable_features"):
        del about[key]
    (folder / evaluation.RESULTS_FILE).write_text(json.dumps(about), encoding="utf-8")
    for name in added:
        (folder / f"{name}.parquet").unlink()
    with pytest.raises(DataError, match=r"without training_features\.parquet, .*evaluate the quarter again"):
        QuarterResults.load(folder)


@pytest.mark.parametrize("change", ["without a table", "with an option this version does not know"])
def test_an_evaluation_of_another_version_asks_for_a_new_evaluation(results, tmp_path, change):
    folder = tmp_path / "evaluasi"
    results.save(folder)
    about = json.loads((folder / evaluation.RESULTS_FILE).read_text(encoding="utf-8"))
    if change == "without a table":
        about["tables"].remove("work.minutes.parquet" if "work.minutes.parquet" in about["tables"]
                               else next(name for name in about["tables"] if name.startswith("work.")))
    else:
        about["options"]["observed_from"] = "2026-07-01"
    (folder / evaluation.RESULTS_FILE).write_text(json.dumps(about), encoding="utf-8")
    with pytest.raises(DataError, match=r"cannot read .*another version, or is incomplete; evaluate the quarter again"):
        QuarterResults.load(folder)


def test_feedback_from_saved_results_equals_feedback_computed_in_place(results, demo_dataset, tmp_path):
    results.save(tmp_path / "evaluasi")
    units = ["KEL-MYR", "PKM-KTW"]
    from_saved = build_feedback(demo_dataset, QuarterResults.load(tmp_path / "evaluasi"), units=units)
    in_place = build_feedback(demo_dataset, QUARTER, units=units)
    assert from_saved.records.keys() == in_place.records.keys()
    for nip, record in in_place.records.items():
        # NaN is not equal to itself; the records' text forms are.
        assert repr(asdict(from_saved.records[nip])) == repr(asdict(record)), nip


def test_an_unreadable_folder_is_one_sentence(tmp_path):
    with pytest.raises(DataError, match="holds no readable quarter evaluation"):
        QuarterResults.load(tmp_path)


def test_a_notebook_reads_the_stored_evaluation_when_its_options_are_the_runs(results, demo_dataset, tmp_path,
                                                                               monkeypatch):
    results.save(tmp_path / "evaluasi")
    computed = []
    monkeypatch.setattr(evaluation, "evaluate_quarter", lambda *args: computed.append(args) or "computed here")
    stored = results_for(demo_dataset, QUARTER, stored=tmp_path / "evaluasi",
                         compare_quarters=results.options.compare_quarters)
    assert isinstance(stored, QuarterResults) and computed == []
    assert results_for(demo_dataset, QUARTER, stored=tmp_path / "evaluasi", compare_quarters=2) == "computed here"
    assert results_for(demo_dataset, Quarter(2026, 2), stored=tmp_path / "evaluasi") == "computed here"
    assert [args[2].compare_quarters for args in computed] == [2, results.options.compare_quarters]


def test_organisation_figures_pool_only_the_units_asked_for(demo_dataset):
    units = ("KEL-MYR", "PKM-KTW")
    chosen = evaluate_quarter(demo_dataset, QUARTER,
                              QuarterOptions(trend_quarters=1, n_boot=10, units="KEL-MYR, PKM-KTW"))
    assert chosen.options.units == units
    row = chosen.units.organisation_reporting.set_index("quarter").loc[QUARTER.label]
    per_unit = chosen.units.reporting[chosen.units.reporting["quarter"] == QUARTER.label].set_index("unit_code")
    assert row["employees"] == per_unit.loc[list(units), "employees"].sum()
    assert row["days_reported"] == per_unit.loc[list(units), "days_reported"].sum()


def test_a_unit_not_in_the_units_table_is_one_sentence_naming_it(demo_dataset):
    with pytest.raises(DataError, match="units names 'KEL-XXX', which is not in the units table"):
        evaluate_quarter(demo_dataset, QUARTER, QuarterOptions(units=["KEL-XXX"]))
