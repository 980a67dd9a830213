"""What the resistance report shows: numbers in the report's language, groups in words, reasons in sentences."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from kinerja.present.research_tables import (
    comparison_reason,
    comparisons_table,
    group_label,
    headlines,
    interval,
    limitations_markdown,
    logit_markdown,
    ols_markdown,
    p_value,
    sample_markdown,
    summary_markdown,
)
from kinerja.research import RegressionResult
from kinerja.research.study import resistance_study
from tests.synthetic_survey import survey_only_dataset


@pytest.fixture(scope="module")
def study():
    return resistance_study(survey_only_dataset(), group_attributes=["unit_code", "employment_type"], n_boot=100)


def _ols(estimate: float, low: float, high: float) -> RegressionResult:
    coefficients = pd.DataFrame({"estimate": [estimate], "se": [0.5], "statistic": [estimate / 0.5],
                                 "p_value": [0.01], "ci_low": [low], "ci_high": [high]}, index=["total"])
    return RegressionResult(kind="ols", outcome="days_to_first_report", exposure="total", formula="", n=100,
                            n_excluded=0, cov_type="HC3", ci=0.95, coefficients=coefficients, fit_statistic=0.3)


def test_an_interval_separates_its_ends_by_the_language_of_the_report():
    assert interval(0.92, 0.944, "id") == "[0,92; 0,94]"
    assert interval(-1.5, 2, "en", decimals=1) == "[\u22121.5, 2.0]"


def test_a_p_value_below_one_in_a_thousand_is_a_bound_and_a_missing_one_a_dash():
    assert p_value(0.0004, "id") == "< 0,001"
    assert p_value(0.0213, "en") == "0.021"
    assert p_value(float("nan")) == p_value(None) == "–"


def test_groups_are_named_in_words(study):
    assert group_label(study, "unit_code", "PKM", "id") == "Puskesmas"
    assert group_label(study, "resistance_tertile", "high", "id") == "tinggi"
    assert group_label(study, "age_band", pd.NA, "en") == "unknown"
    assert group_label(study, "age_band", "30-39", "en") == "30-39"


def test_the_reason_for_a_test_names_the_small_group_and_the_groups_left_out(study):
    # Units of 45, 10 and 3 respondents: the 3 are left out, and 10 < 15 calls for Kruskal-Wallis.
    assert comparison_reason(study, study.comparisons["unit_code"], "en") == (
        "smallest group 10 respondents (< 15); left out (n < 5): Puskesmas")


def test_an_attribute_that_could_not_be_compared_has_its_reason_in_its_row(study):
    table = comparisons_table(study, "en").set_index("Attribute")
    assert table.at["Unit", "Test"] == "Kruskal-Wallis"
    assert table.at["Employment type", "Test"] == "cannot be tested"
    assert table.at["Employment type", "Why this test"].startswith("by 'employment_type' has 1 group(s)")
    assert table.loc["Employment type"].drop(["Test", "Why this test"]).isna().all()


def test_a_model_that_could_not_be_estimated_is_said_so_with_its_reason(study):
    assert ols_markdown(study, "en").startswith("The model could not be estimated: exposure")
    assert logit_markdown(study, "id").startswith(
        "### 6.2 Regresi logistik: adopsi dalam 30 hari\n\nModel tidak dapat diestimasi: exposure")


def test_the_summary_has_a_line_only_for_analyses_with_a_result(study):
    lines = summary_markdown(study, "en").splitlines()
    # No activity log and no sosialisasi table: no slope, curves, odds ratio or attendance line.
    assert len(lines) == 2 and lines[0].startswith("- 58 respondents")
    assert lines[1] == "- No group difference with p < .05 on the attributes compared."


SLOWER = "Resistensi lebih tinggi, adopsi e-Kinerja lebih lambat"
FASTER = "Resistensi lebih tinggi, adopsi e-Kinerja lebih cepat"
UNCLEAR = "Hubungan resistensi dengan kecepatan adopsi e-Kinerja tidak jelas"


@pytest.mark.parametrize(("estimate", "low", "high", "expected"), [
    (10.54, 9.52, 11.56, f"{SLOWER}: +10,5 hari kerja per poin (IK 95% [9,5; 11,6])"),
    (-2.0, -3.0, -1.0, f"{FASTER}: \u22122,0 hari kerja per poin (IK 95% [\u22123,0; \u22121,0])"),
    (0.4, -1.2, 2.0, f"{UNCLEAR}: +0,4 hari kerja per poin (IK 95% [\u22121,2; 2,0])"),
])
def test_the_headline_says_slower_only_when_the_whole_interval_is_above_zero(study, estimate, low, high, expected):
    [slope, _alpha] = headlines(replace(study, ols=_ols(estimate, low, high)), "id")
    assert slope["value"] == expected


def test_respondents_without_a_nip_are_said_to_be_outside_the_group_rows(study):
    assert sample_markdown(study, "en").endswith("58 respondents without a linked NIP are not in these group rows.")


def test_the_synthetic_data_limitation_is_listed_only_for_the_demo_data(study):
    assert "Synthetic demo data" in limitations_markdown(study, demo=True, language="en")
    assert "Synthetic demo data" not in limitations_markdown(study, demo=False, language="en")
