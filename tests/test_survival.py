"""Kaplan-Meier and the log-rank test, checked by hand and against published R output."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from kinerja.research.survival import format_p, kaplan_meier, logrank_test

# Hand example, six subjects (time, event): 1, 2, 2+, 3, 4+, 5 ("+" censored).
#   t=1: n=6, d=1  S = 5/6                 Greenwood sum 1/(6*5)            = 1/30
#   t=2: n=5, d=1  S = 5/6 * 4/5 = 2/3     sum 1/30 + 1/(5*4)               = 1/12
#        (the subject censored at 2 is still at risk at 2)
#   t=3: n=3, d=1  S = 2/3 * 2/3 = 4/9     sum 1/12 + 1/(3*2)               = 1/4
#   t=4: n=2, censored only, S stays 4/9
#   t=5: n=1, d=1  S = 0
# Var S = S^2 * sum: 25/36 * 1/30 = 5/216;  4/9 * 1/12 = 1/27;  16/81 * 1/4 = 4/81.
HAND_TIME = [1, 2, 2, 3, 4, 5]
HAND_EVENT = [1, 1, 0, 1, 0, 1]

# Freireich et al. (1963) 6-MP arm of the leukaemia trial (Gehan, 1965), weeks in remission.
MP6_TIME = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
MP6_EVENT = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
PLACEBO_TIME = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


def test_kaplan_meier_matches_the_hand_example():
    table = kaplan_meier(HAND_TIME, HAND_EVENT).table
    assert table["time"].tolist() == [1, 2, 3, 4, 5]
    assert table["n_at_risk"].tolist() == [6, 5, 3, 2, 1]
    assert table["n_events"].tolist() == [1, 1, 1, 0, 1]
    assert table["n_censored"].tolist() == [0, 1, 0, 1, 0]
    assert table["survival"].tolist() == pytest.approx([5 / 6, 2 / 3, 4 / 9, 4 / 9, 0.0])


def test_greenwood_variance_matches_the_hand_example():
    se = kaplan_meier(HAND_TIME, HAND_EVENT).table["se"].to_numpy()
    assert se[:4] ** 2 == pytest.approx([5 / 216, 1 / 27, 4 / 81, 4 / 81])


def test_standard_error_and_interval_are_missing_once_survival_reaches_zero():
    last = kaplan_meier(HAND_TIME, HAND_EVENT).table.iloc[-1]
    assert last["survival"] == 0
    assert math.isnan(last["se"]) and math.isnan(last["ci_low"]) and math.isnan(last["ci_high"])


def test_log_log_interval_follows_its_formula():
    # At t=3: S = 4/9, sigma^2 = 1/4, tau = sigma / |log S|; bounds S ** exp(+-z tau).
    row = kaplan_meier(HAND_TIME, HAND_EVENT, ci_transform="log-log").table.iloc[2]
    z = stats.norm.ppf(0.975)
    s, tau = 4 / 9, 0.5 / abs(math.log(4 / 9))
    assert row["ci_low"] == pytest.approx(s ** math.exp(z * tau))
    assert row["ci_high"] == pytest.approx(s ** math.exp(-z * tau))


def test_plain_interval_is_clipped_to_zero_and_one():
    table = kaplan_meier(HAND_TIME, HAND_EVENT, ci_transform="plain").table.iloc[:4]
    assert (table["ci_low"] >= 0).all() and (table["ci_high"] <= 1).all()
    z = stats.norm.ppf(0.975)
    # At t=2: 2/3 -+ z sqrt(1/27) = 0.289 and 1.044, the upper bound clipped to 1.
    assert table["ci_low"].iloc[1] == pytest.approx(2 / 3 - z * math.sqrt(1 / 27))
    assert table["ci_high"].iloc[1] == 1.0


def test_kaplan_meier_matches_r_survfit_on_the_6mp_data():
    # R: summary(survfit(Surv(time, status) ~ 1)) on the 6-MP arm (conf.type "log", R's default),
    # as printed in many survival courses, e.g. Klein & Moeschberger's drug6mp example:
    #  time n.risk n.event survival std.err lower 95% CI upper 95% CI
    #     6     21       3    0.857  0.0764        0.720        1.000
    #     7     17       1    0.807  0.0869        0.653        0.996
    #    10     15       1    0.753  0.0963        0.586        0.968
    #    13     12       1    0.690  0.1068        0.510        0.935
    #    16     11       1    0.627  0.1141        0.439        0.896
    #    22      7       1    0.538  0.1282        0.337        0.858
    #    23      6       1    0.448  0.1346        0.249        0.807
    table = kaplan_meier(MP6_TIME, MP6_EVENT, ci_transform="log").table
    events = table[table["n_events"] > 0]
    assert events["time"].tolist() == [6, 7, 10, 13, 16, 22, 23]
    assert events["n_at_risk"].tolist() == [21, 17, 15, 12, 11, 7, 6]
    assert events["survival"].round(3).tolist() == [0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448]
    assert events["se"].round(4).tolist() == [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346]
    assert events["ci_low"].round(3).tolist() == [0.720, 0.653, 0.586, 0.510, 0.439, 0.337, 0.249]
    assert events["ci_high"].round(3).tolist() == [1.000, 0.996, 0.968, 0.935, 0.896, 0.858, 0.807]


def test_survival_at_is_a_right_continuous_step_function():
    km = kaplan_meier(HAND_TIME, HAND_EVENT)
    assert km.survival_at([0, 0.99, 1, 1.5, 2, 4.5, 9]).tolist() == pytest.approx(
        [1, 1, 5 / 6, 5 / 6, 2 / 3, 4 / 9, 0])


def test_median_is_the_first_time_survival_is_at_or_below_half():
    assert kaplan_meier(HAND_TIME, HAND_EVENT).median() == 3
    assert math.isnan(kaplan_meier([1, 2, 3], [1, 0, 0]).median())
    # 6-MP: published median 23 weeks.
    assert kaplan_meier(MP6_TIME, MP6_EVENT).median() == 23


def test_kaplan_meier_without_events_stays_at_one():
    table = kaplan_meier([3, 5], [0, 0]).table
    assert table["survival"].tolist() == [1.0, 1.0]
    assert table["se"].tolist() == [0.0, 0.0]
    assert table["ci_low"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize(("time", "event", "message"), [
    ([1, 2], [1], "same length"),
    ([1, -2], [1, 1], "negative"),
    ([1, None], [1, 1], "missing"),
    ([1, 2], [1, 2], "True/False"),
    ([], [], "empty"),
])
def test_kaplan_meier_refuses_bad_input(time, event, message):
    with pytest.raises(ValueError, match=message):
        kaplan_meier(time, event)


def test_kaplan_meier_refuses_an_unknown_interval_transform():
    with pytest.raises(ValueError, match="ci_transform"):
        kaplan_meier([1, 2], [1, 1], ci_transform="arcsine")


def test_logrank_matches_the_hand_example():
    # A: 1, 3+, 4;  B: 2, 5, 6+.
    #  t=1: n=6 (A3 B3), d=1 in A: E_A = 3/6,  V = 1*5/5 * 1/2 * 1/2  = 1/4
    #  t=2: n=5 (A2 B3), d=1 in B: E_A = 2/5,  V = 1*4/4 * 2/5 * 3/5  = 6/25
    #  t=4: n=3 (A1 B2), d=1 in A: E_A = 1/3,  V = 1*2/2 * 1/3 * 2/3  = 2/9
    #  t=5: n=2 (A0 B2), d=1 in B: E_A = 0,    V = 0
    # O_A = 2, E_A = 37/30, O - E = 23/30, V = 641/900, chi2 = (23/30)^2 / (641/900) = 529/641.
    result = logrank_test([1, 3, 4, 2, 5, 6], [1, 0, 1, 1, 1, 0], list("AAABBB"))
    assert result.statistic == pytest.approx(529 / 641)
    assert result.df == 1
    assert result.p_value == pytest.approx(stats.chi2.sf(529 / 641, 1))
    a = result.table.set_index("group").loc["A"]
    assert (a["observed"], a["expected"], a["variance"]) == pytest.approx((2, 37 / 30, 641 / 900))


def test_logrank_matches_r_survdiff_on_the_leukaemia_trial():
    # R: survdiff(Surv(time, status) ~ group) on the Freireich data:
    #   group=6-MP     21  Observed 9   Expected 19.3
    #   group=placebo  21  Observed 21  Expected 10.7
    #   Chisq= 16.8  on 1 degrees of freedom, p= 4e-05  (16.79 in Kleinbaum & Klein)
    result = logrank_test(MP6_TIME + PLACEBO_TIME, MP6_EVENT + [1] * 21, ["6-MP"] * 21 + ["placebo"] * 21)
    table = result.table.set_index("group")
    assert table.loc["6-MP", "observed"] == 9
    assert round(table.loc["6-MP", "expected"], 1) == 19.3
    assert round(table.loc["placebo", "expected"], 1) == 10.7
    assert round(result.statistic, 2) == 16.79
    assert result.p_value == pytest.approx(4.17e-05, rel=0.01)
    assert result.apa() == "χ²(1) = 16.79, p < .001"


def test_logrank_of_identical_groups_is_zero():
    result = logrank_test([1, 2, 3, 1, 2, 3, 1, 2, 3], [1] * 9, list("AAABBBCCC"))
    assert result.df == 2
    assert result.statistic == pytest.approx(0, abs=1e-12)


def test_logrank_with_three_groups_has_two_degrees_of_freedom_and_orders_a_categorical():
    import pandas as pd

    groups = pd.Categorical(list("hhhmmmlll"), categories=["l", "m", "h"], ordered=True)
    result = logrank_test([9, 8, 7, 5, 4, 6, 1, 2, 3], [1] * 9, groups)
    assert result.table["group"].tolist() == ["l", "m", "h"]
    assert result.df == 2
    assert result.p_value < 0.05


@pytest.mark.parametrize(("group", "event", "message"), [
    (list("AAA"), [1, 1, 1], "at least 2"),
    (["A", None, "B"], [1, 1, 1], "missing"),
    (list("ABB"), [0, 0, 0], "no events"),
])
def test_logrank_refuses_what_it_cannot_test(group, event, message):
    with pytest.raises(ValueError, match=message):
        logrank_test([1, 2, 3], event, group)


@pytest.mark.parametrize(("p", "text"), [(0.0004, "p < .001"), (0.007, "p = .007"), (0.05, "p = .050"),
                                         (0.5, "p = .500"), (1.0, "p = 1.000")])
def test_p_values_are_written_apa_style(p, text):
    assert format_p(p) == text


def test_random_data_give_a_survival_curve_that_never_rises():
    rng = np.random.default_rng(3)
    km = kaplan_meier(rng.exponential(10, 200).round(), rng.random(200) < 0.7)
    assert (np.diff(km.table["survival"]) <= 1e-15).all()
    inside = km.table.dropna()
    assert ((inside["ci_low"] <= inside["survival"]) & (inside["survival"] <= inside["ci_high"])).all()
