"""Community satisfaction (IKM, PermenPANRB 14/2017): values checkable by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kinerja.core.errors import DataError
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
    responses_from_file,
    round_half_up,
    sample_adequacy,
    weakest_unsur,
)
from kinerja.run.cli import main

DATA = Path(__file__).parent / "data" / "ikm"
SURVEY = DATA / "skm_kelurahan.csv"
SWAPPED = DATA / "skm_urutan_8_9_tertukar.csv"
LACKING_8_AND_9 = DATA / "skm_tanpa_u8_u9.csv"


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

# skm_kelurahan.csv: 7 rows; file row 4 answers U3 with 5 and is rejected. The six valid:
#   row  service U1 U2 U3 U4 U5 U6 U7 U8 U9
#    2   KTP-el   4  4  3  4  3  4  4  3  3
#    3   KTP-el   3  3  3  4  3  3  4  3  3
#    5   KK       3  3  2  4  3  3  3  3  2
#    6   KK       3  2  3  4  3  3  3  -  2
#    7   KK       4  3  3  4  4  4  4  4  3
#    8   KTP-el   4  4  4  4  4  4  4  4  4   (30/06/2026, the only 2026-Q2 row)
# NRR: 21/6, 19/6, 18/6, 24/6, 20/6, 21/6, 22/6, 17/5 (one blank), 17/6; sum 27 + 3.4 = 30.4.
# IKM exact 30.4 x 25 / 9 = 84.4444 -> 84.44 B; with 0.11: 30.4 x 0.11 x 25 = 83.60.
# KK: NRR sum 75/3 + 7/2 = 28.5 -> 79.1667 -> 79.17 B. KTP-el: 97/3 -> 89.8148 -> 89.81 A.
SURVEY_NRR = {
    "persyaratan": 3.5,
    "sistem_mekanisme_prosedur": 3.1667,
    "waktu_penyelesaian": 3.0,
    "biaya_tarif": 4.0,
    "produk_spesifikasi_jenis_pelayanan": 3.3333,
    "kompetensi_pelaksana": 3.5,
    "perilaku_pelaksana": 3.6667,
    "penanganan_pengaduan_saran_masukan": 3.4,
    "sarana_prasarana": 2.8333,
}


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["ikm", *args, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return json.loads(out)


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


@pytest.mark.parametrize(("population", "minimum"), [(10, 10), (200, 132), (3000, 341), (10000, 370)])
def test_krejcie_morgan_agrees_with_the_published_table(population, minimum):
    # Krejcie & Morgan (1970), Table 1. Formula: 9.77, 131.74, 340.60, 369.93.
    assert krejcie_morgan(population) == minimum


@pytest.mark.parametrize(("population", "minimum"), [(50, 45), (500, 218)])
def test_krejcie_morgan_rounds_up_where_the_published_table_rounds_to_nearest(population, minimum):
    # The formula gives 44.34 and 217.47; the 1970 table lists 44 and 217, rounding to nearest.
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


def test_bootstrap_interval_narrows_with_more_respondents():
    low, high = bootstrap_ci(survey_of(30))
    more_low, more_high = bootstrap_ci(survey_of(300))
    assert more_high - more_low < (high - low) / 2


def test_bootstrap_level_must_be_between_0_and_1():
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        bootstrap_ci(survey_of(10), level=95)


# --- survey files --------------------------------------------------------------------------------


def test_unsur_are_matched_by_name_when_a_form_swaps_8_and_9():
    # Sarana dan Prasarana comes before Penanganan Pengaduan in the file: 2, 2, 1 and 4, 4, 3.
    values = nrr(responses_from_file(SWAPPED)[0])
    assert (values["sarana_prasarana"], values["penanganan_pengaduan_saran_masukan"]) == (
        pytest.approx(5 / 3), pytest.approx(11 / 3))


def test_an_answer_5_in_a_file_is_rejected_with_a_reason():
    valid, rejects = responses_from_file(SURVEY)
    (reject,) = rejects.to_dict(orient="records")
    assert (reject["row"], reject["column"], reject["value"], reject["reason"]) == (
        4, "waktu_penyelesaian", "5", "is outside 1 to 4")
    assert 4 not in valid.index


def test_a_file_lacking_unsur_names_all_of_them_in_one_sentence():
    with pytest.raises(DataError) as raised:
        responses_from_file(LACKING_8_AND_9)
    assert str(raised.value) == (
        "skm_tanpa_u8_u9.csv lacks the unsur columns U8 Penanganan Pengaduan, Saran dan Masukan and "
        "U9 Sarana dan Prasarana; expected headers U1..U9 or the unsur names.")


def test_a_file_without_unit_or_date_columns_is_read(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,3,3,4,3,4,4,3,3\n")
    assert len(responses_from_file(path)[0]) == 1


def test_identical_answers_without_questionnaire_numbers_all_count(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "4,4,4,4,4,4,4,4,4\n" * 3)
    valid, rejects = responses_from_file(path)
    assert (len(valid), len(rejects)) == (3, 0)


def test_a_repeated_questionnaire_number_is_rejected_as_a_duplicate(tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("No Kuesioner,U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "17,4,4,4,4,4,4,4,4,4\n" * 2)
    assert responses_from_file(path)[1]["reason"].tolist() == ["duplicate of row 2 (the same response_id)"]


def test_a_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="survei.csv does not exist"):
        responses_from_file(tmp_path / "survei.csv")


def write_titled_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SURVEI KEPUASAN MASYARAKAT KELURAHAN MAYURA"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    sheet.append(["Triwulan III 2026"])
    sheet.append([])
    sheet.append(["No", "Unsur 1", "Unsur 2", "Unsur 3", "Unsur 4", "Unsur 5", "Unsur 6", "Unsur 7", "Unsur 9",
                  "Unsur 8"])
    sheet.append([1, 4, 4, 4, 4, 4, 4, 4, 2, 4])
    sheet.append([2, 4, 4, 4, 4, 4, 4, 4, 3, 4])
    book.save(path)


def test_an_xlsx_with_title_rows_is_read_from_its_header(tmp_path):
    path = tmp_path / "skm.xlsx"
    write_titled_workbook(path)
    valid, _ = responses_from_file(path)
    assert (valid.index.tolist(), valid["sarana_prasarana"].tolist()) == ([5, 6], [2, 3])


# --- command line --------------------------------------------------------------------------------


def test_cli_json_gives_n_ikm_grade_label_weight_nrr_and_rejected(capsys):
    assert run_json(capsys, str(SURVEY)) == {
        "n": 6, "ikm": 84.44, "grade": "B", "label": "Baik", "weight": "exact", "nrr": SURVEY_NRR, "rejected": 1,
    }


def test_cli_weight_0_11_matches_the_legacy_hand_calculation(capsys):
    summary = run_json(capsys, str(SURVEY), "--weight", "0.11")
    assert (summary["ikm"], summary["weight"]) == (83.60, "0.11")


def test_cli_by_a_header_of_the_file_gives_one_group_per_value(capsys):
    groups = run_json(capsys, str(SURVEY), "--by", "Jenis Layanan")["groups"]
    assert [(g["group"], g["n"], g["ikm"], g["grade"], g["label"]) for g in groups] == [
        ("KK", 3, 79.17, "B", "Baik"), ("KTP-el", 3, 89.81, "A", "Sangat Baik")]


def test_cli_group_has_the_same_keys_as_the_whole(capsys):
    summary = run_json(capsys, str(SURVEY), "--by", "service_type")
    assert list(summary["groups"][0]) == ["group", "n", "ikm", "grade", "label", "weight", "nrr"]


def test_cli_by_matches_an_unknown_header_ignoring_case(capsys):
    groups = run_json(capsys, str(SURVEY), "--by", "LOKET")["groups"]
    assert [(g["group"], g["n"]) for g in groups] == [("A", 2), ("B", 4)]


def test_cli_by_quarter_derives_quarters_from_the_survey_date(capsys):
    groups = run_json(capsys, str(SURVEY), "--by", "quarter")["groups"]
    assert [(g["group"], g["n"], g["ikm"]) for g in groups] == [("2026-Q2", 1, 100.0), ("2026-Q3", 5, 81.25)]


def test_cli_population_adds_the_minimum_sample_and_whether_it_is_met(capsys):
    summary = run_json(capsys, str(SURVEY), "--population", "10")
    assert (summary["minimum_sample"], summary["sample_adequate"]) == (10, False)


def test_cli_text_shows_ikm_grade_weight_nrr_and_rejected_rows(capsys):
    assert main(["ikm", str(SURVEY)]) == 0
    out = capsys.readouterr().out
    assert "IKM: 84.44, grade B (Baik); weight exact (1/9)" in out
    assert "U8  Penanganan Pengaduan, Saran dan Masukan  3.4000" in out
    assert "skm_kelurahan.csv row 4, column waktu_penyelesaian ('5'): is outside 1 to 4" in out


def test_cli_text_warns_in_indonesian_when_the_sample_is_too_small(capsys):
    assert main(["ikm", str(SURVEY), "--population", "10"]) == 0
    assert "Sampel 6 responden kurang dari minimum 10 (Krejcie-Morgan, populasi 10)" in capsys.readouterr().out


def test_cli_file_lacking_unsur_8_and_9_exits_1_naming_them(capsys):
    assert main(["ikm", str(LACKING_8_AND_9)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "lacks the unsur columns U8 Penanganan Pengaduan, Saran dan Masukan and U9 Sarana dan Prasarana" in (
        captured.err)


def test_cli_unknown_by_column_exits_1_listing_the_columns(capsys):
    assert main(["ikm", str(SURVEY), "--by", "kelurahan"]) == 1
    assert "has no column 'kelurahan' to group by; expected one of survey_date, service_type" in (
        capsys.readouterr().err)


def test_cli_reads_an_xlsx_with_title_rows(tmp_path, capsys):
    path = tmp_path / "skm.xlsx"
    write_titled_workbook(path)
    summary = run_json(capsys, str(path))
    assert (summary["n"], summary["nrr"]["sarana_prasarana"], summary["nrr"]["penanganan_pengaduan_saran_masukan"]) == (
        2, 2.5, 4.0)


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
