"""Resistance to change and e-Kinerja adoption: hand-checked units, then the demo's planted truth."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.oneway import anova_oneway

from kinerja.core.errors import DataError
from kinerja.data.loading import dataset_from_frames
from kinerja.research import (
    GROUP_ATTRIBUTES,
    adoption_logit,
    adoption_regression,
    adoption_survival,
    compare_groups,
    compare_sosialisasi,
    describe_by_group,
    design_statement,
    epsilon_squared,
    kruskal_wallis,
    mean_difference,
    omega_squared_from_f,
    regression_terms,
    research_extract,
    respondent_linkage,
    respondent_table,
    sample_summary,
    survey_schema,
    tertiles,
    welch_anova,
    with_survey,
)
from kinerja.research.reliability import cronbach_alpha
from kinerja.research.scales import load_instrument

# --------------------------------------------------------------------------------------
# A small linked data set, worked by hand
# --------------------------------------------------------------------------------------
# Rollout Tuesday 1 October 2024; October 2024 has no holiday.
NIP_A = "198001012005011001"  # PNS III/b, kelurahan office (5-day week), born 1 Jan 1980, TMT CPNS Jan 2005
NIP_B = "198502022010012002"  # PNS II/c, kecamatan office (5-day week), never reports
NIP_C = "199001012021211002"  # PPPK IX, puskesmas (6-day week from its type)
ITEMS = [f"rtc_{i}" for i in range(1, 18)]


def _survey() -> pd.DataFrame:
    answers = {
        # A: 4 everywhere, item 1 blank, items 4 and 14 (reverse-keyed) answered 3, i.e. keyed 4.
        # (Issue #16: item 14 is reverse-keyed too, so each respondent answers it against the trait.)
        "R1": [None, 4, 4, 3, 4] + [4] * 8 + [3, 4, 4, 4],
        # C: items 6 and 7 blank: emotional reaction (4 items) has no score, total is prorated.
        "R2": [2, 2, 2, 5, 2, None, None, 2, 2] + [2] * 4 + [5, 2, 2, 2],
        # No NIP: attributes only from the survey.
        "R3": [5, 5, 5, 2, 5] + [5] * 8 + [2, 5, 5, 5],
        # B, with no pseudonym in the file.
        None: [3, 3, 3, 4, 3] + [3] * 8 + [4, 3, 3, 3],
    }
    rows = []
    for respondent, values in answers.items():
        rows.append({"respondent_id": respondent, **dict(zip(ITEMS, values))})
    frame = pd.DataFrame(rows)
    frame["nip"] = [NIP_A, NIP_C, None, NIP_B]
    frame["survey_date"] = pd.to_datetime(["2024-11-15"] * 4).astype("datetime64[us]")
    frame["unit_code"] = [None, "PKM", "KEL", None]
    frame["age"] = pd.array([None, 34, 52, None], dtype="Int64")
    frame["tenure_years"] = pd.array([None, 3.5, 25.0, None], dtype="Float64")
    frame["golongan"] = [None, "IX", "IV/a", None]
    frame["employment_type"] = [None, "PPPK", "PNS", None]
    for item in ITEMS:
        frame[item] = frame[item].astype("Int64")
    return frame.astype({"respondent_id": "str", "nip": "str", "unit_code": "str", "golongan": "str",
                         "employment_type": "str"})


def _frames() -> dict[str, pd.DataFrame]:
    units = pd.DataFrame({
        "unit_code": ["KEL", "KEC", "PKM"],
        "unit_name": ["Kantor Lurah", "Kantor Camat", "Puskesmas"],
        "unit_type": ["kelurahan", "kecamatan", "puskesmas"],
        "workdays_per_week": pd.array([5, pd.NA, pd.NA], dtype="Int64"),
    }).astype({"unit_code": "str", "unit_name": "str", "unit_type": "str"})
    employees = pd.DataFrame({
        "nip": [NIP_A, NIP_B, NIP_C], "name": ["Ani", "Budi", "Citra"], "unit_code": ["KEL", "KEC", "PKM"],
        "employment_type": ["PNS", "PNS", "PPPK"], "golongan": ["III/b", "II/c", "IX"],
        "birth_date": pd.to_datetime(["1980-01-01", "1985-02-02", "1990-01-01"]).astype("datetime64[us]"),
    }).astype({"nip": "str", "name": "str", "unit_code": "str", "employment_type": "str", "golongan": "str"})
    activities = pd.DataFrame([
        # A: first report Monday 7 October (working days 1-4 Oct before it: day 4), on time;
        # the next report is one day late.
        (NIP_A, "2024-10-07", "2024-10-07 15:00"),
        (NIP_A, "2024-10-08", "2024-10-09 08:00"),
        # C: also Monday 7 October, but a 6-day week also counts Saturday 5 October: day 5.
        (NIP_C, "2024-10-07", "2024-10-07 12:00"),
    ], columns=["nip", "activity_date", "submitted_at"])
    activities.insert(0, "activity_id", [f"EK{i}" for i in range(len(activities))])
    activities["activity_date"] = pd.to_datetime(activities["activity_date"]).astype("datetime64[us]")
    activities["submitted_at"] = pd.to_datetime(activities["submitted_at"]).astype("datetime64[us]")
    activities["approved_at"] = pd.Series(pd.NaT, index=activities.index, dtype="datetime64[us]")
    activities["status"] = "submitted"
    activities = activities.astype({"activity_id": "str", "nip": "str", "status": "str"})
    sosialisasi = pd.DataFrame({
        "nip": [NIP_A, NIP_C, NIP_B],
        "session_date": pd.to_datetime(["2024-10-02", "2024-10-03", "2024-12-01"]).astype("datetime64[us]"),
        "topic": ["e-Kinerja", "e-Kinerja", "e-Kinerja"],
        "attended": ["yes", "no", "yes"],  # B's session comes after the survey
    }).astype("str").assign(session_date=lambda f: f["session_date"].astype("datetime64[us]"))
    return {"units": units, "employees": employees, "activities": activities, "sosialisasi": sosialisasi,
            "change_survey": _survey()}


@pytest.fixture(scope="module")
def small():
    return dataset_from_frames(_frames())


@pytest.fixture(scope="module")
def small_table(small):
    return respondent_table(small, rollout="2024-10-01", observed_until="2024-10-31", adoption_within_days=10)


def test_respondent_table_is_indexed_by_pseudonym_and_holds_no_nip(small_table):
    assert list(small_table.index) == ["R1", "R2", "R3", "_row3"]
    assert small_table.index.name == "respondent_id"
    assert "nip" not in small_table.columns
    cells = small_table.astype(str).to_numpy().ravel().tolist() + list(small_table.index)
    assert not {NIP_A, NIP_B, NIP_C} & set(cells)


def test_linkage_key_is_a_separate_frame(small):
    key = respondent_linkage(small)
    assert key.set_index("respondent_id")["nip"].to_dict()["R1"] == NIP_A
    assert pd.isna(key.set_index("respondent_id")["nip"]["R3"])


def test_research_extract_keys_linked_respondents_by_the_keyed_hash_of_the_nip(small, small_table):
    key = b"a-research-key-of-thirty-two-bytes!"
    extract = research_extract(small, small_table, key)

    def hashed(text):
        return "R-" + hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:16]

    assert extract["pseudonym"].tolist()[0] == hashed(NIP_A)  # R1 is linked to employee A
    assert extract["pseudonym"].tolist()[2] == hashed("survey:R3")  # R3 names no employee
    assert "respondent_id" not in extract.columns and "nip" not in extract.columns
    assert not {NIP_A, NIP_B, NIP_C, "R1", "R2"} & set(extract.astype(str).to_numpy().ravel())
    assert extract.drop(columns="pseudonym").equals(small_table.reset_index(drop=True))


def test_scores_pass_through_the_instrument_with_proration(small, small_table):
    instrument = load_instrument("oreg_rtc")
    survey = _survey()
    expected = instrument.score(survey).scores
    for column in expected.columns:
        assert small_table[column].tolist() == pytest.approx(expected[column].tolist(), nan_ok=True)
    # R1: item 1 blank is prorated away, items 4 and 14 answered 3 are keyed 4: every score is 4.
    assert small_table.loc["R1", "routine_seeking"] == 4
    assert small_table.loc["R1", "total"] == 4
    # R2: two of four emotional-reaction items blank: no subscale score; total over 15 items.
    assert math.isnan(small_table.loc["R2", "emotional_reaction"])
    assert small_table.loc["R2", "total"] == pytest.approx(2)
    assert small_table["items_missing"].tolist() == [1, 2, 0, 0]


def test_attributes_come_from_the_survey_else_from_employees_and_the_nip(small_table):
    r1 = small_table.loc["R1"]
    assert r1["age"] == 44  # born 1 Jan 1980, surveyed 15 Nov 2024
    assert r1["tenure_years"] == pytest.approx((pd.Timestamp("2024-11-15") - pd.Timestamp("2005-01-01")).days / 365.25)
    assert (r1["age_band"], r1["tenure_band"]) == ("40-49", "10-19")
    assert (r1["golongan"], r1["golongan_group"], r1["employment_type"]) == ("III/b", "III", "PNS")
    assert (r1["unit_code"], r1["unit_type"]) == ("KEL", "kelurahan")
    r2 = small_table.loc["R2"]
    assert (r2["age"], r2["tenure_years"], r2["golongan_group"], r2["unit_type"]) == (34, 3.5, "PPPK", "puskesmas")
    r3 = small_table.loc["R3"]
    assert (r3["age_band"], r3["tenure_band"], r3["golongan_group"], bool(r3["linked"])) == ("50+", "20+", "IV", False)


def test_bands_are_left_closed():
    table = pd.DataFrame({"age": [29.9, 30, 39, 40, 49, 50]})
    from kinerja.research.attributes import _bands

    assert _bands(table["age"], (30, 40, 50)).tolist() == ["<30", "30-39", "30-39", "40-49", "40-49", "50+"]


def test_sosialisasi_counts_attended_sessions_before_the_survey(small_table):
    assert small_table["sosialisasi_attended"].tolist() == [True, False, pd.NA, False]
    assert small_table["sosialisasi_invited"].tolist() == [True, True, pd.NA, False]
    assert small_table["sosialisasi_sessions"].tolist() == [1, 0, pd.NA, 0]


def test_days_to_first_report_count_working_days_of_the_unit(small_table):
    assert small_table.loc["R1", "days_to_first_report"] == 4  # 1-4 October, Monday-Friday
    assert small_table.loc["R2", "days_to_first_report"] == 5  # plus Saturday 5 October
    assert small_table.loc["R1", "first_report_date"] == pd.Timestamp("2024-10-07")


def test_an_employee_without_report_is_censored_at_the_end_of_follow_up(small_table):
    never = small_table.loc["_row3"]
    assert not never["reported"]
    assert math.isnan(never["days_to_first_report"])
    assert never["followup_days"] == 22  # 23 working days in October 2024, day 0 to day 22
    assert not never["adopted_within"]  # followed beyond 10 days without a report
    assert small_table.loc["R1", "adopted_within"]
    assert pd.isna(small_table.loc["R3", "adopted_within"])  # not linked


def test_adopted_within_is_unknown_when_follow_up_is_shorter(small):
    table = respondent_table(small, rollout="2024-10-01", observed_until="2024-10-31", adoption_within_days=30)
    assert pd.isna(table.loc["_row3", "adopted_within"])


def test_calendar_days_are_an_option(small):
    table = respondent_table(small, rollout="2024-10-01", observed_until="2024-10-31", day_unit="calendar")
    assert table.loc[["R1", "R2"], "days_to_first_report"].tolist() == [6, 6]
    assert table.loc["_row3", "followup_days"] == 30


def test_rollout_defaults_to_the_earliest_activity(small):
    table = respondent_table(small)
    assert table.loc["R1", "days_to_first_report"] == 0


def test_on_time_rate_uses_the_late_tolerance(small):
    strict = respondent_table(small, rollout="2024-10-01")
    lenient = respondent_table(small, rollout="2024-10-01", late_tolerance_days=1)
    assert strict.loc["R1", ["reports_in_window", "on_time_rate"]].tolist() == [2, 0.5]
    assert lenient.loc["R1", "on_time_rate"] == 1.0
    assert strict.loc["_row3", "reports_in_window"] == 0 and math.isnan(strict.loc["_row3", "on_time_rate"])


def test_a_repeated_pseudonym_is_refused():
    frames = _frames()
    frames["change_survey"].loc[1, "respondent_id"] = "R1"
    with pytest.raises(DataError, match="respondent_id 'R1' is on more than one row"):
        respondent_table(dataset_from_frames(frames))


def test_a_nip_answering_twice_is_refused_without_showing_it():
    frames = _frames()
    frames["change_survey"].loc[1, "nip"] = NIP_A
    with pytest.raises(DataError, match="same NIP") as error:
        respondent_table(dataset_from_frames(frames))
    assert NIP_A not in str(error.value)


@pytest.mark.parametrize(("argument", "value"), [("adoption_within_days", -1), ("day_unit", "hours"),
                                                 ("late_tolerance_days", 1.5), ("age_bands", (40, 30))])
def test_respondent_table_names_a_bad_parameter(small, argument, value):
    with pytest.raises(ValueError, match=argument):
        respondent_table(small, **{argument: value})


def test_respondent_table_needs_a_survey():
    frames = _frames()
    del frames["change_survey"]
    with pytest.raises(DataError, match="change_survey"):
        respondent_table(dataset_from_frames(frames))


# --------------------------------------------------------------------------------------
# Tertiles and descriptives
# --------------------------------------------------------------------------------------

def test_tertiles_split_nine_values_in_three():
    # Cut points: numpy quantiles 1/3 and 2/3 of 1..9 are 3.67 and 6.33.
    assert tertiles(range(1, 10)).tolist() == ["low"] * 3 + ["middle"] * 3 + ["high"] * 3


def test_tertiles_keep_ties_together_and_missing_missing():
    # Quantiles of [1, 2, 2, 2, 3, 4] are 2 and 2.33: every 2 is "low", whatever its position.
    result = tertiles(pd.Series([2, 1, 2, None, 3, 4, 2]))
    assert result.tolist()[:3] == ["low", "low", "low"]
    assert pd.isna(result.iloc[3])
    assert result.tolist()[4:] == ["high", "high", "low"]
    assert list(result.cat.categories) == ["low", "middle", "high"] and result.cat.ordered


def test_tertiles_take_other_labels():
    assert tertiles([1, 2, 3], labels=("rendah", "sedang", "tinggi")).tolist() == ["rendah", "sedang", "tinggi"]


def test_groups_under_five_are_suppressed_and_kept_as_rows():
    table = pd.DataFrame({"unit": ["a"] * 4 + ["b"] * 5 + [None],
                          "total": [1, 2, 3, 4, 1, 2, 3, 4, 10, 3]})
    described = describe_by_group(table, "unit")
    assert pd.isna(described["group"].iloc[-1])  # the unknown unit, a row of its own (suppressed too)
    assert bool(described["suppressed"].iloc[-1])
    out = described.iloc[:-1].set_index("group")
    a = out.loc["a"]
    assert bool(a["suppressed"]) and pd.isna(a["n"]) and a["n_label"] == "<5"
    assert a[["mean", "sd", "median", "ci_low", "ci_high"]].isna().all()
    b = out.loc["b"]
    # b: mean 4, variance (9 + 4 + 1 + 0 + 36) / 4 = 12.5, median 3,
    # CI 4 +- t(0.975, 4) * sqrt(12.5 / 5) = 4 +- 2.7764 * 1.5811.
    half = stats.t.ppf(0.975, 4) * math.sqrt(12.5 / 5)
    assert (b["n"], b["n_label"], bool(b["suppressed"])) == (5, "5", False)
    assert [b["mean"], b["sd"], b["median"], b["ci_low"], b["ci_high"]] == pytest.approx(
        [4, math.sqrt(12.5), 3, 4 - half, 4 + half])
    assert described["attribute"].unique().tolist() == ["unit"]


def test_descriptives_stack_several_attributes_in_category_order(small_table):
    out = describe_by_group(small_table, ["age_band", "employment_type"], min_n=1)
    assert out.loc[out["attribute"] == "age_band", "group"].tolist() == ["<30", "30-39", "40-49", "50+"]
    assert out.loc[out["attribute"] == "employment_type", "group"].tolist()[:2] == ["PNS", "PPPK"]


def test_descriptives_name_an_unknown_column(small_table):
    with pytest.raises(ValueError, match="by 'rank'"):
        describe_by_group(small_table, "rank")
    with pytest.raises(ValueError, match="score 'resistance'"):
        describe_by_group(small_table, "age_band", score="resistance")


# --------------------------------------------------------------------------------------
# Welch's ANOVA, Kruskal-Wallis and effect sizes
# --------------------------------------------------------------------------------------

SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
# mtcars mpg by number of cylinders (R's datasets::mtcars).
MPG_4 = [22.8, 24.4, 22.8, 32.4, 30.4, 33.9, 21.5, 27.3, 26.0, 30.4, 21.4]
MPG_6 = [21.0, 21.0, 21.4, 18.1, 19.2, 17.8, 19.7]
MPG_8 = [18.7, 14.3, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 15.5, 15.2, 13.3, 19.2, 15.8, 15.0]


def test_welch_anova_matches_the_hand_example():
    # Groups [1, 2, 3], [2, 4, 6], [3, 5, 7, 9]: means 2, 4, 6; variances 1, 4, 20/3; n 3, 3, 4.
    # w = n / s^2 = 3, 3/4, 3/5; W = 87/20; weighted mean m = (6 + 3 + 18/5) / W = 84/29.
    # A = sum w (mean - m)^2 / (k - 1) = 132/29.
    # lambda = sum (1 - w/W)^2 / (n - 1) = 3221/5046; B = 1 + 2 (k - 2) lambda / (k^2 - 1) = 23405/20184.
    # F = A / B = 91872/23405 = 3.92532; df2 = (k^2 - 1) / (3 lambda) = 13456/3221 = 4.17758.
    result = welch_anova([1, 2, 3], [2, 4, 6], [3, 5, 7, 9])
    assert result.statistic == pytest.approx(float(Fraction(91872, 23405)), rel=1e-12)
    assert (result.df1, result.df2) == pytest.approx((2, float(Fraction(13456, 3221))), rel=1e-12)
    assert result.p_value == pytest.approx(stats.f.sf(result.statistic, 2, result.df2))


def test_welch_anova_matches_r_oneway_test_on_mtcars():
    # R: oneway.test(mpg ~ cyl, data = mtcars)
    #   F = 31.624, num df = 2.000, denom df = 18.032, p-value = 1.271e-06
    result = welch_anova(MPG_4, MPG_6, MPG_8)
    assert round(result.statistic, 3) == 31.624
    assert round(result.df2, 3) == 18.032
    assert result.p_value == pytest.approx(1.271e-06, rel=1e-3)


def test_welch_anova_of_two_groups_is_the_square_of_welchs_t():
    # R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939
    result = welch_anova(SLEEP_1, SLEEP_2)
    assert result.statistic == pytest.approx(1.8608 ** 2, rel=1e-4)
    assert round(result.df2, 3) == 17.776
    assert round(result.p_value, 5) == 0.07939


def test_welch_anova_agrees_with_statsmodels_on_random_groups():
    rng = np.random.default_rng(11)
    groups = [rng.normal(0, 1, 17), rng.normal(0.4, 2, 25), rng.normal(0.1, 0.5, 40), rng.gamma(2, 1, 30)]
    ours = welch_anova(*groups)
    theirs = anova_oneway(groups, use_var="unequal", welch_correction=True)
    assert (ours.statistic, ours.df2, ours.p_value) == pytest.approx(
        (theirs.statistic, theirs.df_denom, theirs.pvalue), rel=1e-10)


def test_welch_anova_refuses_a_group_without_spread():
    with pytest.raises(ValueError, match="sample 1 has no variance"):
        welch_anova([1, 2, 3], [2, 2, 2])


def test_omega_squared_from_f_is_the_formula_of_effectsize():
    # The formula of effectsize's F_to_omega2. Issue #16: compare_groups no longer feeds it Welch's F
    # and df2 (that is not the omega-squared of the data; see test_omega_squared.py); the values below
    # only check the formula. ggstatsplot (effectsize) on oneway.test(mpg ~ cyl): Omega2 = 0.744.
    result = welch_anova(MPG_4, MPG_6, MPG_8)
    assert round(omega_squared_from_f(result.statistic, result.df1, result.df2), 3) == 0.744
    # The example: F(3, 210.4) = 4.12 gives omega-squared .04.
    assert round(omega_squared_from_f(4.12, 3, 210.4), 2) == 0.04
    assert omega_squared_from_f(0.5, 3, 100) == 0


def test_kruskal_wallis_matches_scipy_with_ties():
    rng = np.random.default_rng(5)
    groups = [rng.integers(1, 7, n).astype(float) for n in (12, 30, 7, 21)]
    ours = kruskal_wallis(*groups)
    theirs = stats.kruskal(*groups)
    assert (ours.statistic, ours.p_value) == pytest.approx((theirs.statistic, theirs.pvalue), rel=1e-12)
    assert ours.df1 == 3


def test_epsilon_squared_is_h_over_n_minus_one():
    assert epsilon_squared(7.5, 31) == pytest.approx(7.5 / 30)


def _groups_table(sizes: dict[str, int], seed: int = 0, shift: float = 0.5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = [pd.DataFrame({"band": name, "total": rng.normal(3 + shift * i, 0.8, n)})
             for i, (name, n) in enumerate(sizes.items())]
    return pd.concat(parts, ignore_index=True)


def test_welch_is_used_when_every_group_has_fifteen():
    result = compare_groups(_groups_table({"a": 15, "b": 20, "c": 30}), "band")
    assert result.method == "welch" and result.effect_size_name == "omega_squared"
    assert "at least 15" in result.rule
    assert re.fullmatch(r"F\(2, \d+\.\d\) = \d+\.\d\d, p [<=] \.\d{3}, ω² = \.\d\d, 95% CI \[\.\d\d, \.\d\d\]",
                        result.apa())


def test_kruskal_wallis_is_used_when_a_group_is_small():
    table = _groups_table({"a": 14, "b": 20, "c": 30})
    result = compare_groups(table, "band")
    assert result.method == "kruskal" and result.effect_size_name == "epsilon_squared"
    samples = [g["total"].to_numpy() for _, g in table.groupby("band")]
    assert result.test.statistic == pytest.approx(stats.kruskal(*samples).statistic)
    assert result.effect_size == pytest.approx(result.test.statistic / (len(table) - 1))
    assert result.apa().startswith("H(2) = ")


def test_groups_under_five_are_left_out_of_the_comparison():
    result = compare_groups(_groups_table({"a": 4, "b": 20, "c": 30}), "band")
    assert result.groups == ("b", "c") and result.excluded == ("a",)
    assert result.method == "welch" and "left out with fewer than 5: a" in result.rule


def test_a_group_without_spread_switches_to_kruskal_wallis():
    table = pd.concat([_groups_table({"a": 20, "b": 20}), pd.DataFrame({"band": "c", "total": [3.0] * 20})])
    assert compare_groups(table, "band").method == "kruskal"
    with pytest.raises(ValueError, match="no variance"):
        compare_groups(table, "band", method="welch")


def test_bootstrap_interval_is_seeded_and_holds_the_estimate():
    table = _groups_table({"a": 30, "b": 30, "c": 30})
    first = compare_groups(table, "band", random_state=1)
    again = compare_groups(table, "band", random_state=1)
    other = compare_groups(table, "band", random_state=2)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert (first.ci_low, first.ci_high) != (other.ci_low, other.ci_high)
    assert first.ci_low <= first.effect_size <= first.ci_high


def test_comparison_needs_two_groups_of_five():
    with pytest.raises(ValueError, match="1 group"):
        compare_groups(_groups_table({"a": 4, "b": 20}), "band")


def test_comparison_to_frame_has_one_row():
    frame = compare_groups(_groups_table({"a": 20, "b": 20}), "band").to_frame()
    assert len(frame) == 1 and frame.loc[0, "method"] == "welch"


# --------------------------------------------------------------------------------------
# Regressions, survival and sosialisasi on synthetic data
# --------------------------------------------------------------------------------------

def _synthetic(n: int = 600, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    total = rng.normal(3.3, 0.8, n)
    age = rng.uniform(24, 58, n)
    unit_type = rng.choice(["kelurahan", "puskesmas", "sekolah"], n)
    employment = np.where(rng.random(n) < 0.2, "PPPK", "PNS")
    tenure = np.clip(age - 24 - rng.uniform(0, 5, n), 0, None)
    # Planted: 12 days per point, noise growing with resistance (heteroscedastic).
    days = 3 + 12 * (total - 1) + 0.1 * age + 2 * (unit_type == "puskesmas") + rng.normal(0, 2 + 3 * total, n)
    return pd.DataFrame({"total": total, "age": age, "tenure_years": tenure, "unit_type": unit_type,
                         "employment_type": employment, "days_to_first_report": days})


def test_regression_recovers_a_planted_slope_with_hc3_errors():
    data = _synthetic()
    result = adoption_regression(data)
    assert result.ci_low < 12 < result.ci_high
    assert result.n == 600 and result.cov_type == "HC3"
    assert result.formula == ("days_to_first_report ~ total + age + tenure_years + C(employment_type) "
                              "+ C(unit_type)")
    own = smf.ols(result.formula, data=data).fit(cov_type="HC3")
    assert result.coefficients["se"].to_numpy() == pytest.approx(own.bse.to_numpy(), rel=1e-12)
    # HC3 by hand: (X'X)^-1 X' diag(e^2 / (1 - h)^2) X (X'X)^-1.
    x = own.model.exog
    bread = np.linalg.inv(x.T @ x)
    leverage = np.einsum("ij,jk,ik->i", x, bread, x)
    meat = x.T @ (x * (own.resid.to_numpy() ** 2 / (1 - leverage) ** 2)[:, None])
    by_hand = np.sqrt(np.diag(bread @ meat @ bread))
    assert result.coefficients["se"].to_numpy() == pytest.approx(by_hand, rel=1e-10)
    assert result.apa().startswith("b = 1") and "SE (HC3)" in result.apa()


def test_regression_leaves_out_incomplete_rows_and_constant_controls():
    data = _synthetic().assign(employment_type="PNS")
    data.loc[:9, "days_to_first_report"] = np.nan
    result = adoption_regression(data)
    assert result.n == 590 and result.n_excluded == 10
    assert result.dropped_controls == ("employment_type",)
    assert "employment_type" not in result.formula


def test_regression_names_an_unknown_column():
    with pytest.raises(ValueError, match="controls 'rank'"):
        adoption_regression(_synthetic(), controls=("rank",))


def test_logit_recovers_a_planted_log_odds_slope():
    rng = np.random.default_rng(8)
    data = _synthetic(3000, seed=8)
    probability = 1 / (1 + np.exp(-(4 - 1.5 * data["total"])))
    data["adopted_within"] = rng.random(len(data)) < probability
    result = adoption_logit(data)
    assert result.ci_low < -1.5 < result.ci_high
    row = result.coefficients.loc["total"]
    assert row["odds_ratio"] == pytest.approx(math.exp(result.estimate))
    assert result.apa().startswith("OR = 0.")


def test_survival_by_tertile_gives_curves_and_a_logrank_test():
    data = _synthetic(300, seed=3)
    data["resistance_tertile"] = tertiles(data["total"])
    data["reported"] = data["days_to_first_report"] < 60
    data["followup_days"] = data["days_to_first_report"].clip(lower=0, upper=60)
    result = adoption_survival(data)
    assert list(result.curves) == ["low", "middle", "high"]
    medians = result.medians().set_index("group")["median_days"]
    assert medians["low"] < medians["middle"] < medians["high"]
    assert result.logrank.df == 2 and result.logrank.p_value < 0.001
    frame = result.to_frame()
    assert (frame["adopted"] == 1 - frame["survival"]).all()


def test_mean_difference_matches_r_welch_t_test():
    # R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, 95% CI -3.3654832 0.2054832.
    result = mean_difference(SLEEP_1, SLEEP_2)
    assert (result.difference, result.ci_low, result.ci_high) == pytest.approx((-1.58, -3.3654832, 0.2054832),
                                                                              abs=1e-6)
    assert round(result.statistic, 4) == -1.8608 and round(result.df, 3) == 17.776


def test_sosialisasi_comparison_reports_numbers_and_what_the_design_cannot_show():
    data = _synthetic(400, seed=9)
    rng = np.random.default_rng(9)
    data["sosialisasi_attended"] = pd.array(rng.random(400) < 0.5, dtype="boolean")
    data.loc[data["sosialisasi_attended"].to_numpy(dtype=bool), "total"] -= 0.5
    result = compare_sosialisasi(data)
    assert result.difference.ci_low < -0.5 < result.difference.ci_high
    assert result.regression.exposure == "sosialisasi_attended"
    english, indonesian = result.statement("en"), result.statement("id")
    assert "lower" in english and "cannot show" in english and "selection" in english and "baseline" in english
    assert "lebih rendah" in indonesian and "tidak dapat" in indonesian and "seleksi" in indonesian
    assert "pengukuran awal" in indonesian
    assert result.to_frame().loc[0, "randomised"] == False  # noqa: E712


def test_a_randomised_design_changes_the_statement_not_the_numbers():
    data = _synthetic(200, seed=4).assign(sosialisasi_attended=lambda f: f.index % 2 == 0)
    observational = compare_sosialisasi(data)
    randomised = compare_sosialisasi(data, randomised=True)
    assert observational.difference == randomised.difference
    assert "assigned at random" in randomised.design.en and "cannot show" not in randomised.design.en
    assert "secara acak" in randomised.design.id
    assert design_statement().get("en") == observational.design.en
    with pytest.raises(ValueError, match="language"):
        design_statement().get("fr")


# --------------------------------------------------------------------------------------
# The demo data: the planted structure is found
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def truth(demo) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_table(demo_dataset, truth) -> pd.DataFrame:
    return respondent_table(demo_dataset, rollout=truth["resistance_adoption"]["rollout_date"])


def test_demo_first_reports_match_the_ground_truth(demo_dataset, demo_table, truth):
    nips = respondent_linkage(demo_dataset).set_index("respondent_id")["nip"]
    expected = pd.to_datetime(nips.map(truth["resistance_adoption"]["first_report_date"]))
    assert (demo_table["first_report_date"] == expected.reindex(demo_table.index)).all()
    assert "nip" not in demo_table.columns


def test_demo_resistance_predicts_later_adoption(demo_dataset, demo_table, truth):
    """The planted 12 working days per point, seen through the survey's measurement error.

    Two things pull the OLS slope below the generator's 12:

    - measurement error: the total score is the latent resistance plus item
      noise, so the slope is multiplied by the reliability of the total
      (Spearman's attenuation), estimated by Cronbach's alpha (about .93);
    - the cap: the generator stops the delay at the end of the first quarter
      (61 working days for a 5-day week, 74 for a 6-day week), and floors it.
      The slope of the *expected* capped delay on the latent resistance of the
      respondents is computed from the rule in ground_truth.json by
      quadrature over the gamma noise (about 11.2 instead of 12).

    So the estimate should sit near 12 * (cap factor) * alpha (about 10.4),
    and dividing its interval by alpha (the classical correction for
    attenuation) should give an interval containing 12.
    """
    rule = truth["resistance_adoption"]
    result = adoption_regression(demo_table)
    assert result.estimate > 0 and result.ci_low > 0  # right sign, interval excludes 0

    instrument = load_instrument("oreg_rtc")
    alpha = cronbach_alpha(instrument.keyed_items(demo_dataset.change_survey)).alpha
    assert result.ci_low / alpha < rule["delay_days_per_point"] < result.ci_high / alpha

    nips = respondent_linkage(demo_dataset).set_index("respondent_id")["nip"].reindex(demo_table.index)
    latent = nips.map(rule["resistance"]).to_numpy(dtype=float)
    six_day = demo_table["unit_type"].isin(["puskesmas", "layanan"]).to_numpy()
    cap = np.where(six_day, rule["cap_working_days"]["6"], rule["cap_working_days"]["5"])
    shape = rule["delay_gamma_shape"]
    gamma = stats.gamma.ppf((np.arange(4000) + 0.5) / 4000, shape, scale=1 / shape)
    mean_delay = rule["delay_intercept_days"] + rule["delay_days_per_point"] * (latent - 1)
    expected_delay = np.minimum(np.floor(mean_delay[:, None] * gamma[None, :]), cap[:, None]).mean(axis=1)
    capped_slope = np.polyfit(latent, expected_delay, 1)[0]
    assert result.ci_low < capped_slope * alpha < result.ci_high


def test_demo_resistance_lowers_the_odds_of_early_adoption(demo_table):
    result = adoption_logit(demo_table)
    row = result.coefficients.loc["total"]
    assert row["or_ci_high"] < 1


def test_demo_adoption_curves_separate_by_tertile(demo_table):
    result = adoption_survival(demo_table)
    medians = result.medians().set_index("group")["median_days"]
    assert medians["low"] < medians["middle"] < medians["high"]
    assert result.logrank.p_value < 0.001


def test_demo_sosialisasi_difference_recovers_the_planted_half_point(demo_table, truth):
    """Attendees' Oreg total is lower by about the planted 0.5 latent points.

    Attendance was drawn at random in the generator, so the comparison is
    unconfounded here (the code does not know that, and says so).  Items are
    rounded and clipped to 1-6, which shrinks differences on the total by a
    few per cent (the total rises 0.97 per latent point in the demo).  The
    tolerance is therefore the sampling error: the 95% interval (half-width
    about 0.12 with about 690 respondents) must exclude 0 and contain -0.5,
    and the estimate must lie within 0.15 of it (2.5 standard errors).
    """
    effect = truth["sosialisasi"]["effect_on_resistance"]
    result = compare_sosialisasi(demo_table)
    d = result.difference
    assert d.difference < 0 and d.ci_high < 0
    assert d.ci_low < effect < d.ci_high
    assert abs(d.difference - effect) < 0.15
    r = result.regression
    assert r.ci_high < 0 and r.ci_low < effect < r.ci_high
    assert not result.design.randomised and "cannot show" in result.statement("en")


def test_demo_sosialisasi_goes_with_earlier_adoption(demo_table, truth):
    # The generator's delay grows 12 working days per point, so -0.5 points is -6 days before the cap.
    result = compare_sosialisasi(demo_table, "days_to_first_report")
    expected = truth["sosialisasi"]["effect_on_adoption_delay_days"]
    assert result.difference.ci_high < 0
    assert result.difference.ci_low < expected < result.difference.ci_high


def test_demo_resistance_rises_with_age(demo_table):
    # Planted 0.015 points per year of age.
    result = adoption_regression(demo_table, outcome="total", exposure="age", controls=())
    assert result.ci_low < 0.015 < result.ci_high and result.ci_low > 0


def test_demo_group_comparisons_run_for_every_attribute(demo_table):
    for attribute in GROUP_ATTRIBUTES:
        comparison = compare_groups(demo_table, attribute, n_boot=200)
        assert comparison.n > 0
    described = describe_by_group(demo_table)
    assert set(described["attribute"]) == set(GROUP_ATTRIBUTES)
    assert (described.loc[described["suppressed"], "n_label"] == "<5").all()


def test_demo_measurement_error_note_goes_only_with_a_score_exposure(demo_table):
    assert any("measured with error" in note for note in adoption_regression(demo_table).notes)
    assert not any("measured with error" in note for note in compare_sosialisasi(demo_table).regression.notes)


# --------------------------------------------------------------------------------------
# Follow-up recorded, sample summary, survey files, labelled regression terms
# --------------------------------------------------------------------------------------

def test_respondent_table_records_the_follow_up_it_used(small, small_table):
    assert small_table.attrs["rollout"] == pd.Timestamp("2024-10-01")
    assert small_table.attrs["observed_until"] == pd.Timestamp("2024-10-31")
    assert small_table.attrs["day_unit"] == "workdays"
    default = respondent_table(small)
    assert default.attrs["rollout"] == pd.Timestamp("2024-10-07")  # the earliest activity


def test_sample_summary_counts_respondents_against_employees(small):
    summary = sample_summary(small, ["employment_type", "unit_type"], min_n=1)
    # Four survey rows, three of them linked (R3 has no NIP), three employees.
    assert (summary.respondents, summary.linked, summary.employees) == (4, 3, 3)
    assert summary.response_rate == pytest.approx(4 / 3)
    assert summary.at == pd.Timestamp("2024-11-15")
    rows = summary.by_group.set_index(["attribute", "group"])
    assert rows.loc[("employment_type", "PNS"), "employees"] == 2
    assert rows.loc[("employment_type", "PNS"), "respondents"] == 2
    assert rows.loc[("unit_type", "puskesmas"), "response_rate"] == 1.0
    assert "nip" not in summary.by_group.columns


def test_sample_summary_suppresses_groups_under_five(small):
    groups = sample_summary(small, "employment_type").by_group
    assert groups["suppressed"].all()
    assert (groups["respondents_label"] == "<5").all()
    assert groups["respondents"].isna().all() and groups["response_rate"].isna().all()
    assert groups["employees"].tolist() == [2, 1]  # the staff count stays visible


def test_sample_summary_names_an_unknown_attribute(small):
    with pytest.raises(ValueError, match="by 'rank'"):
        sample_summary(small, "rank")


def _survey_csv(path, header, rows):
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_survey_file_replaces_the_change_survey_and_is_validated(small, tmp_path):
    header = ["Responden", "NIP", "Tanggal Survei", "Unit"] + [f"RTC{i}" for i in range(1, 18)]
    path = _survey_csv(tmp_path / "gelombang2.csv", header, [
        ["W1", f"'{NIP_A}", "2025-05-02", "KEL"] + [3] * 17,
        ["W2", "", "2025-05-02", "Puskesmas"] + [5] * 17,             # unit given by its name
        ["W3", "", "2025-05-02", "KEL"] + [7] + [3] * 16,             # answer out of range
        ["W4", "199912312020121001", "2025-05-02", ""] + [2] * 17,  # NIP of no employee
    ])
    swapped = with_survey(small, path)
    survey = swapped.change_survey
    assert survey["respondent_id"].tolist() == ["W1", "W2"]
    assert survey["unit_code"].tolist() == ["KEL", "PKM"]
    rejects = swapped.rejects
    assert set(rejects["table"]) == {"change_survey"} and set(rejects["file"]) == {"gelombang2.csv"}
    assert set(rejects["column"]) == {"rtc_1", "nip"}
    assert swapped.counts["change_survey"].file == "gelombang2.csv"
    assert swapped.counts["change_survey"].rejected == 2
    # The original dataset is unchanged, and the other tables are shared.
    assert small.change_survey["respondent_id"].tolist()[:3] == ["R1", "R2", "R3"]
    assert swapped.table("activities") is not None and swapped.employees is small.employees
    table = respondent_table(swapped, rollout="2024-10-01")
    # Fifteen answers of 3 and the reverse-keyed items 4 and 14 answered 3, i.e. keyed 4
    # (53/17; 52/17 before issue #16, when only item 4 was reverse-keyed).
    assert table.loc["W1", "total"] == pytest.approx(53 / 17) and bool(table.loc["W1", "reported"])


def test_a_survey_file_of_another_instrument_is_read_with_its_items(small, tmp_path):
    schema = survey_schema("tam_pu")
    assert [c.name for c in schema.columns if c.name.startswith("tam_pu_")] == [f"tam_pu_{i}" for i in range(1, 5)]
    assert not any(c.name.startswith("rtc_") for c in schema.columns)
    assert survey_schema("oreg_rtc").name == "change_survey"
    header = ["Responden", "Tanggal", "Item 1", "tam_pu_2", "tam_pu_3", "tam_pu_4"]
    path = _survey_csv(tmp_path / "tam.csv", header, [
        ["T1", "2025-05-02", 7, 6, 7, 6],
        ["T2", "2025-05-02", None, None, None, None],  # nothing answered
        ["T3", "2025-05-02", 8, 6, 7, 6],             # 8 is beyond the 7-point scale
        ["T4", "2025-05-02", 2, 3, None, 2],
    ])
    swapped = with_survey(small, path, "tam_pu")
    assert swapped.change_survey["respondent_id"].tolist() == ["T1", "T4"]
    reasons = swapped.rejects.set_index("row")["reason"]
    assert "no item is answered" in reasons[3] and "outside" in reasons[4]
    assert set(swapped.rejects["table"]) == {"change_survey"}
    table = respondent_table(swapped, "tam_pu")
    assert table.loc["T1", "total"] == 6.5 and table.loc["T4", "perceived_usefulness"] == pytest.approx(7 / 3)


def test_a_missing_survey_file_is_named(small, tmp_path):
    with pytest.raises(DataError, match="survey file .*nowhere.csv"):
        with_survey(small, tmp_path / "nowhere.csv")


def test_regression_terms_name_variable_level_and_reference():
    result = adoption_regression(_synthetic())
    terms = regression_terms(result)
    assert list(terms.index) == list(result.coefficients.index)
    assert terms.loc["C(unit_type)[T.sekolah]"].tolist() == ["unit_type", "sekolah", "kelurahan"]
    assert terms.loc["C(employment_type)[T.PPPK]", "reference"] == "PNS"
    assert terms.loc["total", "variable"] == "total" and pd.isna(terms.loc["total", "level"])
    assert terms.loc["Intercept", "variable"] == "Intercept"


def test_golongan_group_is_missing_when_nothing_tells_the_employment_type():
    survey = _survey().assign(employment_type=None, golongan=None).astype({"employment_type": "str",
                                                                          "golongan": "str"})
    frames = {**_frames(), "change_survey": survey}
    table = respondent_table(dataset_from_frames(frames), rollout="2024-10-01")
    assert pd.isna(table.loc["R3", "golongan_group"]) and pd.isna(table.loc["R3", "employment_type"])
    assert table.loc["R1", "golongan_group"] == "III"  # from the employees table
