"""The resistance study in one call: it finds what the demo plants, and says why an analysis is missing."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kinerja.demo.planted import DELAY_DAYS_PER_POINT, SOSIALISASI_EFFECT
from kinerja.research import (
    adoption_regression,
    compare_groups,
    compare_sosialisasi,
    describe_by_group,
)
from kinerja.research.scales import TOTAL
from kinerja.research.study import WEAK_ITEM_R, resistance_study
from tests.synthetic_survey import RANDOM_ITEM, survey_only_dataset

N_BOOT = 200  # the smallest the comparisons take is 100; the notebook's 1000 only narrows the intervals


@pytest.fixture(scope="module")
def rollout(demo) -> str:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))["resistance_adoption"]["rollout_date"]


@pytest.fixture(scope="module")
def study(demo_dataset, rollout):
    return resistance_study(demo_dataset, rollout=rollout, n_boot=N_BOOT)


@pytest.fixture(scope="module")
def survey_only():
    return resistance_study(survey_only_dataset(), group_attributes=["unit_code", "employment_type"], n_boot=100)


# --------------------------------------------------------------------------------------
# The demo's planted structure is found
# --------------------------------------------------------------------------------------

def test_the_study_finds_resistance_slowing_adoption_by_the_planted_days_per_point(study):
    # The planted 12 working days per point, attenuated by the total score's reliability
    # (see tests/test_resistance.py): correcting the interval by alpha brings 12 back in.
    alpha = study.reliability.results[TOTAL].alpha
    assert study.ols.ci_low > 0
    assert study.ols.ci_low / alpha < DELAY_DAYS_PER_POINT < study.ols.ci_high / alpha


def test_the_more_resistant_third_adopts_last(study):
    medians = study.survival.medians().set_index("group")["median_days"]
    assert medians["low"] < medians["middle"] < medians["high"]
    assert study.survival.logrank.p_value < 0.001
    assert study.logit.coefficients.at[study.logit.exposure_term, "or_ci_high"] < 1


def test_sosialisasi_attendees_are_less_resistant_by_the_planted_half_point(study):
    difference = study.sosialisasi[TOTAL].difference
    assert difference.ci_low < SOSIALISASI_EFFECT < difference.ci_high < 0
    assert set(study.sosialisasi) == {TOTAL, "days_to_first_report"} and study.errors == {}


def test_the_sosialisasi_finding_writes_its_intervals_as_the_language_does(study):
    result = study.sosialisasi[TOTAL]
    d, r = result.difference, result.regression
    two = lambda value, mark: f"{value:.2f}".replace("-", "−").replace(".", mark)  # noqa: E731
    assert (f"IK 95% [{two(d.ci_low, ',')}; {two(d.ci_high, ',')}]; dengan variabel kontrol {two(r.estimate, ',')}, "
            f"IK 95% [{two(r.ci_low, ',')}; {two(r.ci_high, ',')}] (n = {r.n})") in result.finding("id")
    assert f"95% CI [{two(d.ci_low, '.')}, {two(d.ci_high, '.')}]" in result.finding("en")


def test_the_study_holds_the_results_of_the_functions_it_chains(study):
    table, options = study.table, study.options
    assert study.comparisons["age_band"] == compare_groups(table, "age_band", n_boot=N_BOOT,
                                                           random_state=options.random_state)
    pd.testing.assert_frame_equal(study.ols.coefficients,
                                  adoption_regression(table, controls=options.controls).coefficients)
    assert study.sosialisasi[TOTAL].difference == compare_sosialisasi(table).difference
    pd.testing.assert_frame_equal(study.by_group, describe_by_group(table, options.group_attributes))
    total = study.overall.set_index("score").loc[TOTAL]
    assert total["mean"] == pytest.approx(table[TOTAL].mean()) and total["n"] == table[TOTAL].notna().sum()


def test_the_study_records_the_follow_up_it_used(study, rollout):
    assert study.rollout == pd.Timestamp(rollout)
    assert study.options.rollout == rollout and study.options.n_boot == N_BOOT
    linked = study.table[study.table["linked"]]
    assert study.reported == int(linked["reported"].sum())
    assert study.early_adoption_share == pytest.approx(linked["adopted_within"].dropna().astype(float).mean())


def test_the_comparisons_follow_the_group_attributes_asked_for(demo_dataset):
    study = resistance_study(demo_dataset, group_attributes=["unit_type", "age_band"], n_boot=100)
    assert list(study.comparisons) == ["unit_type", "age_band"]
    assert list(pd.unique(study.by_group["attribute"])) == ["unit_type", "age_band"]


# --------------------------------------------------------------------------------------
# What the data cannot support
# --------------------------------------------------------------------------------------

def test_a_model_the_data_cannot_support_is_a_sentence_not_a_failure(survey_only):
    # No activity log: no adoption outcome, so no model; no sosialisasi table: no comparison.
    assert survey_only.ols is None and survey_only.logit is None and survey_only.survival is None
    assert "nothing to estimate" in survey_only.errors["ols"]
    assert "a comparison needs 2" in survey_only.errors["survival"]
    assert survey_only.sosialisasi == {}
    assert {"sosialisasi:total", "sosialisasi:days_to_first_report"} <= set(survey_only.errors)


def test_an_attribute_with_one_group_is_not_compared_and_says_why(survey_only):
    assert list(survey_only.comparisons) == ["unit_code"]
    assert survey_only.errors["comparison:employment_type"].startswith("by 'employment_type' has 1 group(s)")


def test_an_item_answered_at_random_is_flagged_weak(survey_only):
    items = survey_only.reliability.items.set_index("item")
    assert items.at[RANDOM_ITEM, "subscale_r"] < WEAK_ITEM_R
    assert survey_only.weak_items == [RANDOM_ITEM]


def test_a_bad_follow_up_parameter_stops_the_study():
    with pytest.raises(ValueError, match="day_unit"):
        resistance_study(survey_only_dataset(), day_unit="weeks")


def test_a_survey_file_is_analysed_instead_of_the_change_survey(tmp_path):
    header = ["Responden", "Tanggal Survei", "Unit"] + [f"RTC{i}" for i in range(1, 18)]
    rows = [[f"W{i}", "2025-05-02", "KEL"] + [2 + i % 3] * 17 for i in range(12)]
    path = tmp_path / "gelombang2.csv"
    path.write_text("\n".join(",".join(map(str, row)) for row in [header, *rows]) + "\n", encoding="utf-8")
    dataset = survey_only_dataset()
    study = resistance_study(dataset, survey=str(path), group_attributes=["unit_code"], n_boot=100)
    assert study.dataset.counts["change_survey"].file == "gelombang2.csv"
    assert sorted(study.table.index) == sorted(f"W{i}" for i in range(12))
    assert study.options.survey == str(path)
    assert len(dataset.change_survey) == 58  # the dataset passed in is unchanged
