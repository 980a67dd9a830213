"""Specification of Cronbach's alpha, its Feldt interval and the item statistics.

The published answers are pingouin's documented results on its example
datasets, in tests/data/reference (see its README); pingouin
itself is not used.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kinerja.research.reliability import AlphaResult, cronbach_alpha

REFERENCE = Path(__file__).parent / "data" / "reference"


def _likert_long() -> pd.DataFrame:
    long = pd.read_csv(REFERENCE / "cronbach_alpha.csv")
    return long.pivot(index="Subj", columns="Items", values="Scores")


def _binary_with_missing() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "cronbach_wide_missing.csv", encoding="utf-8-sig")


# --- published answers --------------------------------------------------------


def test_reference_tables_have_the_documented_shape():
    assert _likert_long().shape == (15, 10)
    wide = _binary_with_missing()
    assert wide.shape == (12, 11)
    assert list(wide.columns) == [f"Q{i}" for i in range(1, 12)]
    assert wide.isna().any().any()


def test_likert_example_reproduces_published_alpha_and_interval():
    result = cronbach_alpha(_likert_long())
    assert result.alpha == pytest.approx(0.591719, abs=1e-6)
    assert result.ci_low == pytest.approx(0.195, abs=1e-3)
    assert result.ci_high == pytest.approx(0.840, abs=1e-3)
    assert (result.n_respondents, result.n_items) == (15, 10)


def test_pairwise_deletion_reproduces_published_alpha_and_interval():
    result = cronbach_alpha(_binary_with_missing(), nan_policy="pairwise")
    assert result.alpha == pytest.approx(0.732661, abs=1e-6)
    assert result.ci_low == pytest.approx(0.435, abs=1e-3)
    assert result.ci_high == pytest.approx(0.909, abs=1e-3)
    assert (result.n_respondents, result.n_items, result.n_complete) == (12, 11, 9)


def test_listwise_deletion_reproduces_published_alpha_and_interval():
    # The published interval uses n = all 12 respondents (as R's psych::alpha does),
    # although alpha itself comes from the 9 complete ones.
    result = cronbach_alpha(_binary_with_missing(), nan_policy="listwise")
    assert result.alpha == pytest.approx(0.801695, abs=1e-6)
    assert result.ci_low == pytest.approx(0.581, abs=1e-3)
    assert result.ci_high == pytest.approx(0.933, abs=1e-3)
    assert (result.n_respondents, result.n_complete) == (12, 9)


def test_listwise_interval_on_complete_rows_matches_later_pingouin():
    # pingouin's later releases document [0.533, 0.947] for n = the 9 complete rows.
    result = cronbach_alpha(_binary_with_missing(), nan_policy="listwise", ci_n="complete")
    assert result.alpha == pytest.approx(0.801695, abs=1e-6)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.533, 0.947), abs=1e-3)
    assert result.n_respondents == 9


def test_listwise_alpha_is_pairwise_alpha_of_the_complete_rows():
    wide = _binary_with_missing()
    assert cronbach_alpha(wide, nan_policy="listwise").alpha == pytest.approx(
        cronbach_alpha(wide.dropna()).alpha, abs=1e-12)


# --- alpha by hand ------------------------------------------------------------


def test_perfectly_parallel_items_have_alpha_one():
    true_score = np.array([1.0, 3, 2, 5, 4, 6, 2])
    items = pd.DataFrame({"a": true_score, "b": true_score + 1, "c": true_score - 0.5})
    result = cronbach_alpha(items)
    assert result.alpha == pytest.approx(1.0)
    assert (result.ci_low, result.ci_high) == pytest.approx((1.0, 1.0))


def test_two_items_by_hand():
    # var(a) = var(b) = 5/3, cov(a, b) = 1, var(a + b) = 16/3:
    # alpha = 2 * (1 - (10/3) / (16/3)) = 0.75.
    items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 1, 4, 3]})
    result = cronbach_alpha(items)
    assert result.alpha == pytest.approx(0.75)
    assert result.items["item_total_r"].tolist() == pytest.approx([0.6, 0.6])
    assert result.items["alpha_if_deleted"].isna().all()


def test_feldt_interval_follows_the_f_distribution():
    items = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 1, 4, 3, 5], "c": [1, 3, 3, 5, 4]})
    result = cronbach_alpha(items, ci=0.90)
    n, k = 5, 3
    assert result.ci_low == pytest.approx(
        1 - (1 - result.alpha) * stats.f.ppf(0.95, n - 1, (n - 1) * (k - 1)))
    assert result.ci_high == pytest.approx(
        1 - (1 - result.alpha) * stats.f.ppf(0.05, n - 1, (n - 1) * (k - 1)))
    assert result.ci == 0.90


def test_array_input_gives_the_same_alpha_as_a_table():
    table = _likert_long()
    from_array = cronbach_alpha(table.to_numpy())
    assert from_array.alpha == pytest.approx(cronbach_alpha(table).alpha)
    assert list(from_array.items.index) == [f"item_{i}" for i in range(1, 11)]


def test_a_row_with_no_answer_is_not_a_respondent():
    items = pd.DataFrame({"a": [1, 2, 3, 4, np.nan], "b": [2, 1, 4, 3, np.nan]})
    result = cronbach_alpha(items)
    assert result.n_respondents == 4
    assert result.alpha == pytest.approx(0.75)


def test_nullable_integer_columns_are_accepted():
    items = pd.DataFrame({"a": [1, 2, 3, 4, pd.NA], "b": [2, 1, 4, 3, 2]}, dtype="Int64")
    assert cronbach_alpha(items).n_respondents == 5


# --- item statistics ----------------------------------------------------------


def _small_table() -> pd.DataFrame:
    return pd.DataFrame({
        "a": [4, 5, 3, 2, 5, 4, 1, 3],
        "b": [3, 5, 4, 2, 4, 4, 2, 2],
        "c": [5, 4, 3, 1, 5, 3, 2, 3],
        "d": [2, 4, 4, 3, 3, 5, 1, 2],
    }, index=[f"R{i}" for i in range(8)])


def test_corrected_item_total_correlation_is_item_against_the_other_items():
    table = _small_table()
    result = cronbach_alpha(table)
    for item in table.columns:
        rest = table.drop(columns=item).sum(axis=1)
        expected = np.corrcoef(table[item], rest)[0, 1]
        assert result.item_total_r[item] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("with_missing", [False, True])
def test_alpha_if_deleted_is_alpha_of_the_reduced_table(with_missing):
    table = _small_table().astype(float)
    if with_missing:
        table.iloc[1, 0] = table.iloc[4, 2] = table.iloc[6, 3] = np.nan
    result = cronbach_alpha(table)
    for item in table.columns:
        reduced = cronbach_alpha(table.drop(columns=item))
        assert result.alpha_if_deleted[item] == pytest.approx(reduced.alpha, abs=1e-12)


def test_item_table_reports_answers_mean_and_sd():
    table = _small_table().astype(float)
    table.iloc[0, 0] = np.nan
    items = cronbach_alpha(table).items
    assert items.loc["a", "n_answered"] == 7
    assert items.loc["b", "mean"] == pytest.approx(table["b"].mean())
    assert items.loc["c", "sd"] == pytest.approx(table["c"].std(ddof=1))


def test_standardised_alpha_uses_the_mean_inter_item_correlation():
    table = _small_table()
    k = table.shape[1]
    r = np.corrcoef(table.to_numpy(), rowvar=False)
    mean_r = r[np.triu_indices(k, 1)].mean()
    expected = k * mean_r / (1 + (k - 1) * mean_r)
    assert cronbach_alpha(table).standardised_alpha == pytest.approx(expected, abs=1e-12)


def test_standardised_alpha_ignores_the_scale_of_each_item():
    # r(a, b) = 0.6, so standardised alpha = 2 * 0.6 / 1.6 = 0.75 whatever the item scales;
    # raw alpha falls when one item's variance dominates.
    items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [20, 10, 40, 30]})
    result = cronbach_alpha(items)
    assert result.standardised_alpha == pytest.approx(0.75)
    assert result.alpha < 0.75


# --- simulated scale ------------------------------------------------------------


def test_alpha_of_simulated_parallel_items_is_near_its_population_value():
    # Six parallel items x = 0.7 F + sqrt(1 - 0.49) e: inter-item correlation
    # rho = 0.49, population alpha = k rho / (1 + (k - 1) rho) = 0.852.
    # Tolerance: under this normal model (1 - alpha) / (1 - sample alpha) follows
    # F(n - 1, (n - 1)(k - 1)) (Feldt), so 99.9% of samples of 500 fall within the
    # bounds below (about -0.034/+0.030); the seed is fixed, so the test is stable.
    n, k, loading = 500, 6, 0.7
    rng = np.random.default_rng(20030801)
    factor = rng.standard_normal((n, 1))
    items = loading * factor + np.sqrt(1 - loading**2) * rng.standard_normal((n, k))
    rho = loading**2
    population = k * rho / (1 + (k - 1) * rho)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - population) / stats.f.ppf(0.0005, df1, df2)
    high = 1 - (1 - population) / stats.f.ppf(0.9995, df1, df2)
    result = cronbach_alpha(items)
    assert low < result.alpha < high
    assert result.alpha == pytest.approx(population, abs=0.035)
    assert result.ci_low < population < result.ci_high


# --- bad input ----------------------------------------------------------------


def test_one_item_is_refused():
    with pytest.raises(ValueError, match="1 column.*at least 2 items"):
        cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]}))


def test_one_respondent_is_refused():
    with pytest.raises(ValueError, match=r"1 respondent\(s\).*at least 2"):
        cronbach_alpha(pd.DataFrame({"a": [1], "b": [2]}))


def test_listwise_deletion_leaving_one_row_is_refused():
    items = pd.DataFrame({"a": [1, 2, np.nan], "b": [2, np.nan, 3]})
    with pytest.raises(ValueError, match=r"1 complete respondent\(s\)"):
        cronbach_alpha(items, nan_policy="listwise")


def test_non_numeric_column_is_named():
    items = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    with pytest.raises(ValueError, match="column 'b' is not numeric"):
        cronbach_alpha(items)


def test_unknown_nan_policy_lists_the_accepted_values():
    with pytest.raises(ValueError, match="'pairwise', 'listwise'.*'omit'"):
        cronbach_alpha(_small_table(), nan_policy="omit")


@pytest.mark.parametrize("ci", [0, 1, 95, -0.5, "0.95"])
def test_confidence_level_outside_zero_one_is_refused(ci):
    with pytest.raises(ValueError, match="ci must be"):
        cronbach_alpha(_small_table(), ci=ci)


def test_unknown_ci_n_is_refused():
    with pytest.raises(ValueError, match="ci_n must be one of 'respondents', 'complete'"):
        cronbach_alpha(_small_table(), ci_n="rows")


def test_one_dimensional_array_is_refused():
    with pytest.raises(ValueError, match="2-D"):
        cronbach_alpha(np.arange(5.0))


def test_items_never_answered_together_are_named():
    items = pd.DataFrame({"a": [1, 2, np.nan, np.nan], "b": [np.nan, np.nan, 3, 4],
                          "c": [1, 2, 3, 4]})
    with pytest.raises(ValueError, match="items 'a' and 'b' are answered together by 0"):
        cronbach_alpha(items)


def test_total_without_variance_is_refused():
    with pytest.raises(ValueError, match="no variance"):
        cronbach_alpha(pd.DataFrame({"a": [3, 3, 3], "b": [2, 2, 2]}))


def test_result_is_a_small_dataclass():
    result = cronbach_alpha(_small_table())
    assert isinstance(result, AlphaResult)
    assert result.nan_policy == "pairwise"
    assert list(result.items.columns) == [
        "n_answered", "mean", "sd", "item_total_r", "alpha_if_deleted"]


# --- APA style and whole instruments ------------------------------------------------


def test_apa_style_gives_alpha_and_interval_without_leading_zeros():
    from dataclasses import replace

    result = replace(cronbach_alpha(_small_table()), alpha=0.9274, ci_low=0.9192, ci_high=0.9351)
    assert result.apa() == "α = .93, 95% CI [.92, .94]"
    assert replace(result, alpha=-0.052, ci_low=-0.31, ci=0.9).apa() == "α = -.05, 90% CI [-.31, .94]"


def _oreg_answers(n: int = 300, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trait = rng.normal(3.5, 1, n)
    answers = pd.DataFrame({f"rtc_{i}": np.clip(np.rint(trait + rng.normal(0, 1, n)), 1, 6)
                            for i in range(1, 18)})
    answers["rtc_4"] = 7 - answers["rtc_4"]  # answered against the trait: reverse-keyed
    answers.iloc[5, 2] = np.nan
    return answers


def test_scale_reliability_is_cronbach_alpha_of_each_keyed_subscale_and_the_total():
    from kinerja.research.reliability import scale_reliability
    from kinerja.research.scales import load_instrument

    instrument = load_instrument("oreg_rtc")
    answers = _oreg_answers()
    keyed = instrument.keyed_items(answers)
    result = scale_reliability(instrument, answers)
    scales = result.scales.set_index("scale")
    assert list(scales.index) == [s.key for s in instrument.subscales] + ["total"]
    for subscale in instrument.subscales:
        expected = cronbach_alpha(keyed[list(subscale.items)])
        assert scales.at[subscale.key, "alpha"] == pytest.approx(expected.alpha, abs=1e-12)
        assert scales.at[subscale.key, "ci_low"] == pytest.approx(expected.ci_low, abs=1e-12)
        assert scales.at[subscale.key, "apa"] == expected.apa()
    assert scales.at["total", "alpha"] == pytest.approx(cronbach_alpha(keyed).alpha, abs=1e-12)
    assert scales.at["total", "n_items"] == 17 and scales.at["total", "n_complete"] == 299
    # The reverse-keyed item correlates positively once keyed back.
    items = result.items.set_index("item")
    assert items.at["rtc_4", "reverse"] and items.at["rtc_4", "total_r"] > 0.3
    assert items.at["rtc_4", "mean"] == pytest.approx((7 - answers["rtc_4"]).mean())


def test_item_table_holds_subscale_and_total_item_statistics():
    from kinerja.research.reliability import scale_reliability
    from kinerja.research.scales import load_instrument

    instrument = load_instrument("oreg_rtc")
    answers = _oreg_answers()
    keyed = instrument.keyed_items(answers)
    items = scale_reliability(instrument, answers).items.set_index("item")
    emotional = cronbach_alpha(keyed[["rtc_6", "rtc_7", "rtc_8", "rtc_9"]])
    assert items.at["rtc_7", "subscale"] == "emotional_reaction"
    assert items.at["rtc_7", "subscale_r"] == pytest.approx(emotional.item_total_r["rtc_7"], abs=1e-12)
    assert items.at["rtc_7", "subscale_alpha_if_deleted"] == pytest.approx(
        cronbach_alpha(keyed[["rtc_6", "rtc_8", "rtc_9"]]).alpha, abs=1e-12)
    total = cronbach_alpha(keyed)
    assert items["total_r"].to_numpy() == pytest.approx(total.item_total_r.to_numpy(), abs=1e-12)
    assert items.at["rtc_3", "n_answered"] == 299


def test_a_one_item_subscale_has_no_alpha_but_keeps_its_row():
    from kinerja.research.reliability import scale_reliability
    from kinerja.research.scales import Instrument, Item, Subscale, Text

    instrument = Instrument(
        name="Two subscales", citation="-", minimum=1, maximum=5, labels={},
        items=(Item("a", Text("a", "a")), Item("b", Text("b", "b")), Item("c", Text("c", "c"))),
        subscales=(Subscale("pair", Text("Pasangan", "Pair"), ("a", "b")),
                   Subscale("single", Text("Tunggal", "Single"), ("c",))),
    )
    answers = _small_table()[["a", "b", "c"]].clip(upper=5)
    result = scale_reliability(instrument, answers)
    single = result.scales.set_index("scale").loc["single"]
    assert np.isnan(single["alpha"]) and single["apa"] == "NA" and single["n_respondents"] == 8
    assert "single" not in result.results
    assert np.isnan(result.items.set_index("item").at["c", "subscale_r"])
