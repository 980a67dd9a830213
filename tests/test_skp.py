"""SKP capaian, ratings and predikat."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kinerja.metrics import skp
from kinerja.metrics.skp import ABOVE, BELOW, MEETS

NIP_A = "198001012005011001"
NIP_B = "198502022010012002"


def indicators(rows: list[dict]) -> pd.DataFrame:
    base = {"nip": NIP_A, "quarter": "2026-Q3", "indicator": "x", "direction": "higher", "weight": np.nan}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    return frame.astype({"target": "Float64", "realisation": "Float64", "weight": "Float64"})


# --- capaian per indicator -------------------------------------------------------------------------


def test_capaian_is_realisation_over_target():
    result = skp.capaian_per_indicator(indicators([{"target": 100, "realisation": 80}]))
    assert result["capaian"].iloc[0] == pytest.approx(0.8)
    assert pd.isna(result["reason"].iloc[0])


def test_capaian_of_lower_is_better_is_target_over_realisation():
    result = skp.capaian_per_indicator(indicators([{"target": 45, "realisation": 60, "direction": "lower"}]))
    assert result["capaian"].iloc[0] == pytest.approx(0.75)


def test_indonesian_directions_naik_and_turun_are_read():
    result = skp.capaian_per_indicator(indicators([
        {"target": 45, "realisation": 60, "direction": "turun"},
        {"target": 10, "realisation": 5, "direction": "naik"},
    ]))
    assert result["capaian"].tolist() == pytest.approx([0.75, 0.5])
    assert result["direction"].tolist() == ["lower", "higher"]


def test_blank_or_absent_direction_means_higher_is_better():
    frame = indicators([{"target": 10, "realisation": 5, "direction": None}])
    assert skp.capaian_per_indicator(frame)["capaian"].iloc[0] == pytest.approx(0.5)
    assert skp.capaian_per_indicator(frame.drop(columns="direction"))["capaian"].iloc[0] == pytest.approx(0.5)


@pytest.mark.parametrize(("row", "code", "reason"), [
    ({"target": 0, "realisation": 5}, "target_zero", "target nol"),
    ({"target": None, "realisation": 5}, "target_missing", "target kosong"),
    ({"target": -3, "realisation": 5}, "target_negative", "target negatif"),
    ({"target": 10, "realisation": None}, "realisation_missing", "realisasi kosong"),
    ({"target": 10, "realisation": -1}, "realisation_negative", "realisasi negatif"),
    ({"target": 45, "realisation": 0, "direction": "lower"}, "realisation_zero_lower",
     "realisasi nol pada indikator turun"),
])
def test_an_indicator_without_capaian_gets_no_number_and_a_reason(row, code, reason):
    result = skp.capaian_per_indicator(indicators([row]))
    assert math.isnan(result["capaian"].iloc[0])
    assert result["reason_code"].iloc[0] == code
    assert result["reason"].iloc[0] == reason


def test_zero_realisation_on_a_higher_is_better_indicator_is_a_capaian_of_zero():
    result = skp.capaian_per_indicator(indicators([{"target": 10, "realisation": 0}]))
    assert result["capaian"].iloc[0] == 0
    assert pd.isna(result["reason"].iloc[0])


def test_capaian_is_never_infinite():
    frame = indicators([{"target": 0, "realisation": 0}, {"target": 5, "realisation": 0, "direction": "lower"},
                        {"target": 0, "realisation": 3, "direction": "lower"}])
    values = skp.capaian_per_indicator(frame)["capaian"]
    assert not np.isinf(values.to_numpy()).any()


def test_capaian_is_uncapped_by_default_and_capped_on_request():
    frame = indicators([{"target": 10, "realisation": 15}, {"target": 10, "realisation": 9}])
    assert skp.capaian_per_indicator(frame)["capaian"].tolist() == pytest.approx([1.5, 0.9])
    capped = skp.capaian_per_indicator(frame, cap=1.2)
    assert capped["capaian"].tolist() == pytest.approx([1.2, 0.9])
    assert capped["capped"].tolist() == [True, False]


@pytest.mark.parametrize("cap", [0, -1, "1.2", float("inf")])
def test_a_cap_that_is_not_a_positive_number_is_refused(cap):
    with pytest.raises(ValueError, match="cap must be"):
        skp.capaian_per_indicator(indicators([{"target": 10, "realisation": 15}]), cap=cap)


def test_an_unknown_direction_is_refused_naming_the_value():
    with pytest.raises(ValueError, match="'sideways'"):
        skp.capaian_per_indicator(indicators([{"target": 10, "realisation": 5, "direction": "sideways"}]))


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match="realisation"):
        skp.capaian_per_indicator(pd.DataFrame({"nip": [NIP_A], "target": [1.0]}))


def test_quarter_filter_reads_any_quarter_form():
    frame = indicators([{"target": 10, "realisation": 5, "quarter": "Triwulan III 2026"},
                        {"target": 10, "realisation": 7, "quarter": "2026-Q2"}])
    result = skp.capaian_per_indicator(frame, quarter="2026-Q3")
    assert result["quarter"].tolist() == ["2026-Q3"]
    assert result["capaian"].tolist() == pytest.approx([0.5])


# --- per employee and per unit ---------------------------------------------------------------------


def test_employee_capaian_is_the_weighted_mean():
    frame = indicators([{"target": 100, "realisation": 80, "weight": 60},
                        {"target": 10, "realisation": 11, "weight": 40}])
    result = skp.capaian_per_employee(frame)
    row = result.iloc[0]
    assert row["capaian"] == pytest.approx(0.8 * 0.6 + 1.1 * 0.4)  # 0.92
    assert row["weighting"] == "bobot"
    assert row["weight_share"] == pytest.approx(1.0)


def test_missing_weights_give_equal_weights():
    frame = indicators([{"target": 100, "realisation": 80, "weight": 60},
                        {"target": 10, "realisation": 11, "weight": None}])
    row = skp.capaian_per_employee(frame).iloc[0]
    assert row["capaian"] == pytest.approx((0.8 + 1.1) / 2)
    assert row["weighting"] == "sama rata"


def test_an_indicator_without_capaian_is_left_out_and_counted():
    frame = indicators([{"target": 100, "realisation": 80, "weight": 50},
                        {"target": 10, "realisation": 10, "weight": 30},
                        {"target": 0, "realisation": 4, "weight": 20}])
    row = skp.capaian_per_employee(frame).iloc[0]
    assert row["capaian"] == pytest.approx((0.8 * 50 + 1.0 * 30) / 80)  # 0.875
    assert (row["n_indicators"], row["n_with_capaian"], row["n_without_capaian"]) == (3, 2, 1)
    assert row["weight_share"] == pytest.approx(0.8)


def test_an_employee_without_any_capaian_gets_a_reason():
    frame = indicators([{"target": 0, "realisation": 4, "weight": 100}])
    row = skp.capaian_per_employee(frame).iloc[0]
    assert math.isnan(row["capaian"])
    assert row["reason"] == "tidak ada indikator dengan capaian"


def test_employees_and_quarters_are_kept_apart():
    frame = indicators([{"target": 10, "realisation": 5}, {"target": 10, "realisation": 9, "nip": NIP_B},
                        {"target": 10, "realisation": 7, "quarter": "2026-Q2"}])
    result = skp.capaian_per_employee(frame)
    assert list(zip(result["nip"], result["quarter"], result["capaian"].round(6))) == [
        (NIP_A, "2026-Q2", 0.7), (NIP_A, "2026-Q3", 0.5), (NIP_B, "2026-Q3", 0.9)]


def test_unit_capaian_gives_count_median_and_mean():
    per_employee = pd.DataFrame({"nip": ["1", "2", "3", "4"], "quarter": "2026-Q3",
                                 "capaian": [0.8, 1.0, 1.3, np.nan]})
    employees = pd.DataFrame({"nip": ["1", "2", "3", "4", "5"], "unit_code": ["U", "U", "U", "U", "V"]})
    result = skp.capaian_per_unit(per_employee, employees)
    row = result.set_index("unit_code").loc["U"]
    assert row["n_employees"] == 4
    assert row["n_with_capaian"] == 3
    assert row["capaian_median"] == pytest.approx(1.0)
    assert row["capaian_mean"] == pytest.approx((0.8 + 1.0 + 1.3) / 3)


# --- ratings ---------------------------------------------------------------------------------------


def test_hasil_kerja_rating_defaults_are_110_and_90_percent():
    assert skp.hasil_kerja_rating(1.10) == ABOVE
    assert skp.hasil_kerja_rating(1.0999) == MEETS
    assert skp.hasil_kerja_rating(0.90) == MEETS
    assert skp.hasil_kerja_rating(0.8999) == BELOW
    assert skp.hasil_kerja_rating(float("nan")) is None


def test_hasil_kerja_rating_thresholds_are_parameters():
    assert skp.hasil_kerja_rating(1.05, above=1.05, meets=0.95) == ABOVE
    assert skp.hasil_kerja_rating(0.94, above=1.05, meets=0.95) == BELOW
    ratings = skp.hasil_kerja_rating(pd.Series([1.2, 1.0, 0.5, np.nan]))
    assert ratings.iloc[:3].tolist() == [ABOVE, MEETS, BELOW]
    assert pd.isna(ratings.iloc[3])


def test_hasil_kerja_thresholds_out_of_order_are_refused():
    with pytest.raises(ValueError, match="meets < above"):
        skp.hasil_kerja_rating(1.0, above=0.9, meets=1.1)


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), [
    (ABOVE, BELOW, "Kurang/Misconduct"),
    (ABOVE, MEETS, "Baik"),
    (ABOVE, ABOVE, "Sangat Baik"),
    (MEETS, BELOW, "Kurang/Misconduct"),
    (MEETS, MEETS, "Baik"),
    (MEETS, ABOVE, "Baik"),
    (BELOW, BELOW, "Sangat Kurang"),
    (BELOW, MEETS, "Butuh Perbaikan"),
    (BELOW, ABOVE, "Butuh Perbaikan"),
])
def test_predikat_matrix(hasil, perilaku, expected):
    assert skp.predikat(hasil, perilaku) == expected


def test_predikat_reads_any_case_and_the_short_forms():
    assert skp.predikat("di atas", "DI ATAS EKSPEKTASI") == "Sangat Baik"
    assert skp.predikat("  Sesuai ", "di  bawah") == "Kurang/Misconduct"
    assert skp.predikat("di bawah ekspektasi", "sesuai") == "Butuh Perbaikan"


@pytest.mark.parametrize("bad", ["baik", "above", "", None, 3])
def test_predikat_refuses_a_label_it_does_not_know_naming_the_accepted_labels(bad):
    with pytest.raises(ValueError, match="hasil .* is not a rating; use 'Di Atas Ekspektasi'"):
        skp.predikat(bad, "sesuai")


def test_predikat_names_the_perilaku_argument():
    with pytest.raises(ValueError, match="perilaku 'bagus'"):
        skp.predikat("sesuai", "bagus")


def test_predikat_series_is_vectorised_and_keeps_missing_missing():
    result = skp.predikat_series(pd.Series(["di atas", MEETS, None]), pd.Series([ABOVE, "di bawah", MEETS]))
    assert result.iloc[:2].tolist() == ["Sangat Baik", "Kurang/Misconduct"]
    assert pd.isna(result.iloc[2])


def test_predikat_series_refuses_bad_labels_and_unequal_lengths():
    with pytest.raises(ValueError, match="perilaku 'cukup'"):
        skp.predikat_series(pd.Series([MEETS]), pd.Series(["cukup"]))
    with pytest.raises(ValueError, match="pairs"):
        skp.predikat_series(pd.Series([MEETS]), pd.Series([MEETS, MEETS]))


def behaviour_row(below: int, above: int) -> dict:
    values = [BELOW] * below + [ABOVE] * above + [MEETS] * (7 - below - above)
    return dict(zip(skp.BERAKHLAK_COLUMNS, values))


def test_perilaku_from_berakhlak_default_rule():
    frame = pd.DataFrame([behaviour_row(2, 0), behaviour_row(1, 4), behaviour_row(0, 3), behaviour_row(0, 2),
                          behaviour_row(2, 5)])
    assert skp.perilaku_from_berakhlak(frame).tolist() == [BELOW, MEETS, ABOVE, MEETS, BELOW]


def test_perilaku_from_berakhlak_rule_is_parameterised():
    frame = pd.DataFrame([behaviour_row(1, 0), behaviour_row(0, 3)])
    assert skp.perilaku_from_berakhlak(frame, min_below=1, min_above=4).tolist() == [BELOW, MEETS]


def test_employee_predikat_uses_recorded_ratings_and_computes_the_missing_ones():
    skp_table = indicators([{"target": 100, "realisation": 120}, {"target": 100, "realisation": 80, "nip": NIP_B}])
    behaviour = pd.DataFrame([
        {"nip": NIP_A, "quarter": "TW III/2026", **behaviour_row(0, 3), "hasil_kerja_rating": None,
         "perilaku_rating": None},
        {"nip": NIP_B, "quarter": "2026-Q3", **behaviour_row(0, 0), "hasil_kerja_rating": ABOVE,
         "perilaku_rating": BELOW},
    ])
    result = skp.employee_predikat(skp_table, behaviour, "2026-Q3").set_index("nip")
    assert result.loc[NIP_A, "hasil_kerja_rating"] == ABOVE  # capaian 1.2
    assert result.loc[NIP_A, "hasil_kerja_source"] == "dihitung dari capaian"
    assert result.loc[NIP_A, "perilaku_rating"] == ABOVE
    assert result.loc[NIP_A, "perilaku_source"] == "dihitung dari BerAKHLAK"
    assert result.loc[NIP_A, "predikat"] == "Sangat Baik"
    assert result.loc[NIP_B, "hasil_kerja_source"] == "tercatat"
    assert result.loc[NIP_B, "predikat"] == "Kurang/Misconduct"


def test_employee_predikat_can_ignore_recorded_ratings():
    skp_table = indicators([{"target": 100, "realisation": 80}])
    behaviour = pd.DataFrame([{"nip": NIP_A, "quarter": "2026-Q3", **behaviour_row(0, 0),
                               "hasil_kerja_rating": ABOVE, "perilaku_rating": ABOVE}])
    recorded = skp.employee_predikat(skp_table, behaviour, "2026-Q3").iloc[0]
    assert recorded["predikat"] == "Sangat Baik"
    computed = skp.employee_predikat(skp_table, behaviour, "2026-Q3", use_recorded=False).iloc[0]
    assert (computed["hasil_kerja_rating"], computed["perilaku_rating"]) == (BELOW, MEETS)
    assert computed["predikat"] == "Butuh Perbaikan"


def test_employee_predikat_keeps_employees_without_ratings():
    employees = pd.DataFrame({"nip": [NIP_A, NIP_B], "name": ["A", "B"], "unit_code": ["U", "U"]})
    result = skp.employee_predikat(indicators([{"target": 10, "realisation": 10}]),
                                   pd.DataFrame({"nip": [], "quarter": []}), "2026-Q3", employees)
    assert result["nip"].tolist() == [NIP_A, NIP_B]
    assert result["predikat"].isna().all()


# --- demo data -------------------------------------------------------------------------------------


def test_demo_quarter_gives_every_employee_a_predikat(demo_dataset):
    result = skp.employee_predikat(demo_dataset.skp, demo_dataset.behaviour, "2026-Q3", demo_dataset.employees)
    assert len(result) == len(demo_dataset.employees)
    assert result["predikat"].notna().all()
    assert set(result["predikat"]) <= set(skp.PREDIKAT)


# --- missing capaian -------------------------------------------------------------------------------


def test_missing_capaian_counts_indicators_and_employees_per_unit_with_the_reason():
    table = indicators([
        {"target": 100, "realisation": 80},
        {"target": 0, "realisation": 80},
        {"nip": NIP_B, "target": np.nan, "realisation": 80},
        {"nip": NIP_B, "target": 10, "realisation": np.nan},
    ])
    employees = pd.DataFrame({"nip": [NIP_A, NIP_B, "3", "4"], "unit_code": ["U", "U", "V", "V"]})
    result = skp.missing_capaian(table, employees, "2026-Q3")
    assert result[["unit_code", "kind", "reason_code", "count"]].values.tolist() == [
        ["U", "indicator", "target_missing", 1],  # reasons in the order of skp.REASONS
        ["U", "indicator", "target_zero", 1],
        ["U", "indicator", "realisation_missing", 1],
        ["U", "employee", "no_indicator_with_capaian", 1],  # NIP_A keeps a capaian from its first indicator
        ["V", "employee", "no_skp", 2],
    ]
    assert result.loc[result["reason_code"] == "no_skp", "reason"].iloc[0] == "tidak ada SKP pada triwulan ini"
    assert "nip" not in result.columns


def test_missing_capaian_reads_only_the_quarter_and_is_empty_when_nothing_is_missing():
    table = indicators([{"target": 100, "realisation": 80}, {"quarter": "2026-Q2", "target": 0, "realisation": 1}])
    employees = pd.DataFrame({"nip": [NIP_A], "unit_code": ["U"]})
    result = skp.missing_capaian(table, employees, "Triwulan III 2026")
    assert result.empty
    assert list(result.columns) == ["unit_code", "kind", "reason_code", "reason", "count"]
