"""Community satisfaction (IKM, PermenPANRB 14/2017): values checkable by hand."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kinerja.metrics.ikm import (
    UNSUR_COLUMNS,
    UNSUR_MEANING,
    bootstrap_ci,
    compute_ikm,
    grade,
    ikm_by,
    ikm_from_nrr,
    ikm_with_ci,
    krejcie_morgan,
    nrr,
    period_of,
    round_half_up,
    sample_adequacy,
    weakest_unsur,
)


def responses(rows: list[list[float | None]], **columns: list[object]) -> pd.DataFrame:
    """Answers in regulation order (U1..U9) under the canonical names; None is blank."""
    frame = pd.DataFrame(rows, columns=list(UNSUR_COLUMNS), dtype="Float64")
    return frame.assign(**columns)


# Four respondents, three blanks (-):
#        U1 U2 U3 U4 U5 U6 U7 U8 U9
#   R1    4  3  3  4  3  4  4  3  3
#   R2    3  3  -  4  3  3  4  3  2
#   R3    2  3  3  4  3  3  3  -  2
#   R4    4  2  3  4  4  3  3  3  -
# NRR: U1 13/4 = 3.25, U2 11/4 = 2.75, U3 9/3 = 3.0, U4 16/4 = 4.0, U5 13/4 = 3.25,
#      U6 13/4 = 3.25, U7 14/4 = 3.5, U8 9/3 = 3.0, U9 7/3 = 2.3333; sum 85/3.
# IKM exact: 85/3 x 1/9 x 25 = 2125/27 = 78.7037 -> 78.70, B (Baik).
# IKM 0.11:  85/3 x 0.11 x 25 = 77.9167 -> 77.92, B.
HAND = [
    [4, 3, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, None, 4, 3, 3, 4, 3, 2],
    [2, 3, 3, 4, 3, 3, 3, None, 2],
    [4, 2, 3, 4, 4, 3, 3, 3, None],
]
HAND_NRR = [3.25, 2.75, 3.0, 4.0, 3.25, 3.25, 3.5, 3.0, 7 / 3]


# --- grade -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ikm", "letter"), [
    (100.0, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.00, "C"), (64.99, "D"), (25.0, "D"),
])
def test_grade_follows_the_regulation_table_at_its_boundaries(ikm, letter):
    assert grade(ikm).letter == letter


def test_grade_reads_88_305_as_88_31_rounded_half_up_so_a():
    assert grade(88.305).letter == "A"


def test_grade_reads_64_995_as_65_00_so_c():
    assert grade(64.995).letter == "C"


def test_grade_reads_76_6049_as_76_60_so_c():
    assert grade(76.6049).letter == "C"


def test_grade_labels_are_the_regulation_wording():
    assert [grade(ikm).label for ikm in (90, 80, 70, 50)] == ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]


@pytest.mark.parametrize("ikm", [100.01, 24.74, 0.0, math.nan])
def test_grade_refuses_a_value_off_the_ikm_scale(ikm):
    with pytest.raises(ValueError, match="ikm must be"):
        grade(ikm)


def test_grade_accepts_24_75_the_lowest_ikm_of_the_legacy_weight_as_d():
    assert grade(24.75).letter == "D"


def test_round_half_up_rounds_the_decimal_value_unlike_round():
    assert (round(76.125, 2), round_half_up(76.125, 2)) == (76.12, 76.13)


# --- NRR and IKM -------------------------------------------------------------------------------


def test_all_answers_4_give_100_with_the_exact_weight():
    assert compute_ikm(responses([[4] * 9] * 3)).ikm == 100.0


def test_all_answers_4_give_99_with_the_weight_0_11():
    assert compute_ikm(responses([[4] * 9] * 3), weight="0.11").ikm == 99.0


def test_all_answers_4_give_99_9_with_the_weight_0_111():
    assert compute_ikm(responses([[4] * 9] * 3), weight="0.111").ikm == 99.9


def test_an_unknown_weight_is_refused_naming_the_accepted_ones():
    with pytest.raises(ValueError, match="'exact', '0.11', '0.111'"):
        ikm_from_nrr(pd.Series(4.0, index=UNSUR_COLUMNS), weight="1/9")


def test_nrr_of_the_hand_example():
    assert nrr(responses(HAND)).tolist() == pytest.approx(HAND_NRR)


def test_nrr_is_indexed_by_the_unsur_in_regulation_order():
    assert tuple(nrr(responses(HAND)).index) == UNSUR_COLUMNS


def test_ikm_of_the_hand_example_with_the_exact_weight():
    result = compute_ikm(responses(HAND))
    assert (result.ikm, result.ikm_rounded, result.grade, result.label) == (
        pytest.approx(2125 / 27), 78.70, "B", "Baik")


def test_ikm_of_the_hand_example_with_the_weight_0_11():
    assert compute_ikm(responses(HAND), weight="0.11").ikm == pytest.approx(85 / 3 * 0.11 * 25)


def test_a_blank_answer_is_left_out_of_its_own_unsur_only():
    # U3: R2 is blank, so 9/3 = 3.0 (not 9/4); R2's other answers still count in U1 (13/4).
    values = nrr(responses(HAND))
    assert (values["waktu_penyelesaian"], values["persyaratan"]) == (3.0, 3.25)


def test_a_row_without_any_answer_is_not_a_respondent():
    assert compute_ikm(responses([*HAND, [None] * 9])).n == 4


@pytest.mark.parametrize("answer", [5, 0])
def test_an_answer_outside_1_to_4_raises_naming_the_column_and_value(answer):
    rows = [list(row) for row in HAND]
    rows[2][2] = answer
    with pytest.raises(ValueError, match=f"'waktu_penyelesaian' has the answer {answer} in row 2"):
        compute_ikm(responses(rows))


def test_a_text_answer_raises_naming_it():
    frame = responses(HAND).astype(object)
    frame.loc[1, "biaya_tarif"] = "gratis"
    with pytest.raises(ValueError, match="'biaya_tarif' has the answer 'gratis'"):
        compute_ikm(frame)


def test_missing_unsur_columns_are_named():
    with pytest.raises(ValueError, match="lack the unsur columns sarana_prasarana"):
        compute_ikm(responses(HAND).drop(columns="sarana_prasarana"))


def test_an_unsur_nobody_answered_raises_naming_it():
    rows = [[*row[:3], None, *row[4:]] for row in HAND]
    with pytest.raises(ValueError, match="no respondent answered unsur U4 Biaya/Tarif"):
        compute_ikm(responses(rows))


def test_result_to_dict_rounds_ikm_to_2_and_nrr_to_4_decimals():
    summary = compute_ikm(responses(HAND)).to_dict()
    assert (summary["ikm"], summary["nrr"]["sarana_prasarana"], summary["weight"]) == (78.70, 2.3333, "exact")


# --- groups and periods --------------------------------------------------------------------------


def test_ikm_by_gives_one_row_per_group_with_n_nrr_ikm_and_grade():
    # Unit X is R1-R2 of the hand example: NRR sum 3.5+3+3+4+3+3.5+4+3+2.5 = 29.5 -> 81.94 B.
    table = ikm_by(responses(HAND, unit=["X", "X", "Y", "Y"]), "unit")
    first = table.iloc[0]
    assert (first["unit"], first["n"], first["ikm_rounded"], first["grade"], first["label"]) == (
        "X", 2, 81.94, "B", "Baik")


def test_ikm_by_leaves_the_ikm_of_a_group_missing_an_unsur_blank():
    # Unit Y is R3 and R4; R3 left U8 blank, and with R4's U8 blank too nobody in Y answered U8.
    rows = [row[:] for row in HAND]
    rows[3][7] = None
    table = ikm_by(responses(rows, unit=["X", "X", "Y", "Y"]), "unit").set_index("unit")
    assert pd.isna(table.loc["Y", "ikm"]) and pd.isna(table.loc["Y", "grade"])


def test_ikm_by_keeps_blank_group_keys_as_a_group():
    table = ikm_by(responses(HAND, unit=["X", "X", None, None]), "unit")
    assert table["n"].tolist() == [2, 2]


def test_period_of_labels_quarters():
    dates = pd.Series(pd.to_datetime(["2026-03-31", "2026-08-05", None]))
    assert period_of(dates, "quarter").tolist() == ["2026-Q1", "2026-Q3", pd.NA]


def test_period_of_labels_semesters():
    dates = pd.Series(pd.to_datetime(["2026-06-30", "2026-07-01"]))
    assert period_of(dates, "semester").tolist() == ["2026-S1", "2026-S2"]


def test_weakest_unsur_names_the_lowest_nrr_per_group():
    # Unit X (R1, R2): U9 (3+2)/2 = 2.5 is lowest.
    weakest = weakest_unsur(responses(HAND, unit=["X", "X", "Y", "Y"]), by="unit").iloc[0]
    assert (weakest["unsur"], weakest["code"], weakest["label"], weakest["nrr"]) == (
        "sarana_prasarana", "U9", "Sarana dan Prasarana", 2.5)


def test_weakest_unsur_of_equal_nrr_is_the_first_in_regulation_order():
    # Unit Y (R3, R4): U9 = 2/1 = 2.0 (R4 left it blank) is lowest; with R3's U2 set to 2,
    # U2 = (2 + 2)/2 = 2.0 as well, and U2 comes first.
    rows = [row[:] for row in HAND]
    rows[2][1] = 2
    weakest = weakest_unsur(responses(rows, unit=["X", "X", "Y", "Y"]), by="unit").iloc[1]
    assert (weakest["unit"], weakest["unsur"], weakest["nrr"]) == ("Y", "sistem_mekanisme_prosedur", 2.0)


def test_weakest_unsur_of_all_responses_without_groups():
    assert weakest_unsur(responses(HAND))["code"].tolist() == ["U9"]


# --- sample size ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("population", "minimum"), [(100, 80), (1000, 278)])
def test_krejcie_morgan_gives_the_domain_values(population, minimum):
    assert krejcie_morgan(population) == minimum


KREJCIE_MORGAN_1970 = pd.read_csv(Path(__file__).parent / "data" / "krejcie_morgan_1970.csv")
"""Krejcie & Morgan (1970), Educational and Psychological Measurement 30, p. 608, Table 1: all 90 entries."""


def test_the_published_table_is_complete():
    table = KREJCIE_MORGAN_1970
    assert len(table) == 90 and table["population"].is_monotonic_increasing
    assert (table["population"].iloc[0], table["population"].iloc[-1]) == (10, 1_000_000)


@pytest.mark.parametrize(("population", "minimum"), list(KREJCIE_MORGAN_1970.itertuples(index=False, name=None)))
def test_krejcie_morgan_reproduces_every_entry_of_the_published_table(population, minimum):
    # No entry of the table is a misprint: half-up rounding of the formula gives each one.
    assert krejcie_morgan(population) == minimum


@pytest.mark.parametrize(("population", "minimum"), [(50, 44), (500, 217)])
def test_krejcie_morgan_rounds_half_up_as_the_published_table_does(population, minimum):
    # The formula gives 44.34 and 217.47; rounding up would ask for 45 and 218.
    assert krejcie_morgan(population) == minimum


@pytest.mark.parametrize("population", [1, 2, 5])
def test_krejcie_morgan_never_asks_for_more_than_the_population(population):
    assert krejcie_morgan(population) == population


@pytest.mark.parametrize("population", [0, -5, 10.5, "100"])
def test_krejcie_morgan_refuses_a_population_that_is_not_a_positive_whole_number(population):
    with pytest.raises(ValueError, match="population must be a whole number"):
        krejcie_morgan(population)


def test_sample_below_the_minimum_is_flagged_with_an_indonesian_warning():
    line = sample_adequacy(pd.Series({"KEL-MYR": 45}), {"KEL-MYR": 100}).loc["KEL-MYR"]
    assert (line["minimum"], line["actual"], line["adequate"], line["warning"]) == (
        80, 45, False, "Sampel 45 responden kurang dari minimum 80 (Krejcie-Morgan, populasi 100)")


def test_sample_at_the_minimum_is_adequate_without_warning():
    line = sample_adequacy(pd.Series({"KEL-MYR": 278}), {"KEL-MYR": 1000}).loc["KEL-MYR"]
    assert (line["adequate"], line["warning"]) == (True, "")


def test_sample_of_a_unit_without_population_is_not_judged():
    line = sample_adequacy(pd.Series({"KEL-MYR": 45}), {}).loc["KEL-MYR"]
    assert pd.isna(line["adequate"]) and line["warning"].startswith("Populasi tidak diketahui")


def test_a_unit_with_a_population_but_no_respondents_counts_zero():
    table = sample_adequacy(pd.Series({"KEL-MYR": 90}), {"KEL-MYR": 100, "KEL-CLN": 50})
    assert (table.loc["KEL-CLN", "actual"], table.loc["KEL-CLN", "adequate"]) == (0, False)


# --- bootstrap -----------------------------------------------------------------------------------


def survey_of(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return responses(rng.choice([2, 3, 4], size=(n, 9), p=[0.2, 0.5, 0.3]).tolist())


def test_bootstrap_interval_contains_the_point_estimate():
    survey = survey_of(60)
    low, high = bootstrap_ci(survey)
    assert low < compute_ikm(survey).ikm < high


def test_bootstrap_interval_is_reproducible_with_a_seed():
    survey = survey_of(60)
    assert bootstrap_ci(survey, random_state=7) == bootstrap_ci(survey, random_state=7)
    assert bootstrap_ci(survey, random_state=8) != bootstrap_ci(survey, random_state=7)  # the seed is used


def test_bootstrap_interval_narrows_with_more_respondents():
    low, high = bootstrap_ci(survey_of(30))
    more_low, more_high = bootstrap_ci(survey_of(300))
    assert more_high - more_low < (high - low) / 2


def test_bootstrap_level_must_be_between_0_and_1():
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        bootstrap_ci(survey_of(10), level=95)


def test_ikm_with_ci_gives_each_group_the_interval_of_bootstrap_ci():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.integers(2, 5, size=(60, 9)), columns=list(UNSUR_COLUMNS))
    frame["unit_code"] = ["A"] * 30 + ["B"] * 30
    table = ikm_with_ci(frame, "unit_code", n_boot=300).set_index("unit_code")
    for unit in ("A", "B"):
        low, high = bootstrap_ci(frame[frame["unit_code"] == unit], n_boot=300)
        assert (table.loc[unit, "ci_low"], table.loc[unit, "ci_high"]) == (low, high)
        assert low <= table.loc[unit, "ikm"] <= high


def test_every_unsur_has_a_plain_meaning_for_reports():
    assert set(UNSUR_MEANING) == set(UNSUR_COLUMNS)
