"""Omega-squared describes the groups, not the test (issue #16).

omega^2 = (SS_between - df_between MS_within) / (SS_total + MS_within), from the ANOVA sums of
squares, whichever test (Welch's or the classic F) is used for inference.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.anova import anova_lm

from kinerja.research.groups import _bias_corrected_interval, compare_groups
from kinerja.research.omnibus_tests import (
    omega_squared,
    omega_squared_from_f,
    welch_anova,
)

# Field, A. Discovering Statistics Using IBM SPSS Statistics (4th ed., 2013): the one-way ANOVA
# example of libido by Viagra dose (the same numbers are the puppy-therapy example of the 5th ed.).
# Published: F(2, 12) = 5.12, omega-squared = .35, omega = .60.
VIAGRA = {"placebo": [3, 2, 1, 1, 4], "low": [5, 2, 4, 2, 3], "high": [7, 4, 5, 3, 6]}
PUBLISHED_F, PUBLISHED_OMEGA_SQUARED, PUBLISHED_OMEGA = 5.12, 0.35, 0.60


def test_omega_squared_matches_the_published_textbook_example():
    groups = list(VIAGRA.values())
    assert round(stats.f_oneway(*groups).statistic, 2) == PUBLISHED_F  # the data are transcribed right
    value = omega_squared(*groups)
    assert round(value, 2) == PUBLISHED_OMEGA_SQUARED
    assert round(math.sqrt(value), 2) == PUBLISHED_OMEGA
    # By hand: SS_M = 20.133, SS_R = 23.600 (MS_R = 1.967), SS_T = 43.733:
    # (20.133 - 2 * 1.967) / (43.733 + 1.967) = 16.2 / 45.7.
    assert value == pytest.approx(16.2 / 45.7, rel=1e-12)


def test_omega_squared_from_the_classic_f_is_the_same_number():
    groups = list(VIAGRA.values())
    classic = stats.f_oneway(*groups)
    assert omega_squared_from_f(classic.statistic, 2, 12) == pytest.approx(omega_squared(*groups), rel=1e-12)


def _unequal_variances() -> pd.DataFrame:
    """Four groups, N = 200, spreads from 0.3 to 3: Welch's df2 is far below N - k = 196."""
    rng = np.random.default_rng(16)
    sizes, means, sds = (20, 40, 60, 80), (3.0, 3.4, 3.6, 4.4), (3.0, 1.5, 0.6, 0.3)
    return pd.concat([pd.DataFrame({"band": f"g{i}", "total": rng.normal(m, s, n)})
                      for i, (n, m, s) in enumerate(zip(sizes, means, sds))], ignore_index=True)


def test_with_unequal_variances_omega_squared_does_not_depend_on_the_test():
    table = _unequal_variances()
    samples = [g["total"].to_numpy() for _, g in table.groupby("band")]
    welch = welch_anova(*samples)
    assert welch.df2 < 100  # heteroscedasticity shrinks Welch's df2 well below 196
    # The classic ANOVA's sums of squares, from statsmodels.
    anova = anova_lm(smf.ols("total ~ C(band)", data=table).fit())
    ss_between, ss_within = anova["sum_sq"]
    df_between, df_within = anova["df"]
    classic = (ss_between - df_between * ss_within / df_within) / (ss_between + ss_within + ss_within / df_within)
    reported = compare_groups(table, "band", method="welch")
    assert reported.method == "welch" and reported.test.df2 == pytest.approx(welch.df2)
    assert reported.effect_size == pytest.approx(classic, rel=1e-12)
    assert reported.effect_size == pytest.approx(omega_squared_from_f(anova["F"].iloc[0], df_between, df_within))
    # What issue #16 reported: Welch's F and df2 plugged into the F formula give another, larger number.
    assert omega_squared_from_f(welch.statistic, welch.df1, welch.df2) > 2 * classic


def test_the_bootstrap_interval_resamples_the_same_omega_squared():
    table = _unequal_variances()
    samples = [g["total"].to_numpy() for _, g in table.groupby("band")]
    reported = compare_groups(table, "band", method="welch", n_boot=200, random_state=3)
    rng = np.random.default_rng(3)
    draws = np.array([omega_squared(*[s[rng.integers(0, len(s), len(s))] for s in samples]) for _ in range(200)])
    low, high = _bias_corrected_interval(draws, omega_squared(*samples), 0.95)
    assert (reported.ci_low, reported.ci_high) == pytest.approx((low, high), rel=1e-12)
    assert reported.ci_low <= reported.effect_size <= reported.ci_high


def test_a_negative_estimate_is_reported_as_zero():
    assert omega_squared([1, 2, 3, 4], [1.5, 2.5, 3.5, 2.0]) == 0


def test_omega_squared_refuses_samples_it_cannot_describe():
    with pytest.raises(ValueError, match="every value is the same"):
        omega_squared([2, 2], [2, 2, 2])
    with pytest.raises(ValueError, match="more values than groups"):
        omega_squared([1], [2])
    with pytest.raises(ValueError, match="at least 2 groups"):
        omega_squared([1, 2, 3])
