"""The distribution of predikat per unit and the rules of SE MenPANRB 3/2023 on it."""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja.metrics import distribution_rules


def test_predikat_distribution_counts_and_shares_per_unit():
    table = pd.DataFrame({"unit_code": ["U", "U", "U", "U", "V"],
                          "predikat": ["Baik", "Baik", "Sangat Baik", None, "Sangat Kurang"]})
    result = distribution_rules.predikat_distribution(table)
    u = result[result["unit_code"] == "U"].set_index("predikat")
    assert u["count"].tolist() == [1, 2, 0, 0, 0]
    assert u.loc["Baik", "share"] == pytest.approx(2 / 3)
    assert u["n"].iloc[0] == 3 and u["n_unrated"].iloc[0] == 1
    assert len(result) == 10


def rules_of(counts: dict, organisation: str) -> dict[str, bool]:
    check = distribution_rules.check_distribution(counts, organisation)
    return dict(zip(check.rules["rule"], check.rules["holds"]))


def test_istimewa_holds_at_70_percent_sangat_baik():
    check = distribution_rules.check_distribution({"Sangat Baik": 7, "Baik": 3}, "Istimewa")
    assert check.holds
    assert check.rules["message"].iloc[0] == \
        "Sangat Baik 70% tidak melebihi batas 70% untuk organisasi berpredikat Istimewa"


def test_istimewa_fails_at_75_percent_sangat_baik_with_a_sentence():
    check = distribution_rules.check_distribution({"Sangat Baik": 15, "Baik": 5}, "istimewa")
    assert not check.holds
    assert check.failures == ["Sangat Baik 75% melebihi batas 70% untuk organisasi berpredikat Istimewa"]


def test_baik_needs_at_most_70_percent_baik_and_some_butuh_perbaikan_or_kurang():
    assert rules_of({"Baik": 7, "Sangat Baik": 2, "Butuh Perbaikan": 1}, "Baik") == {
        "Baik paling banyak 70%": True, "Ada Butuh Perbaikan dan/atau Kurang/Misconduct": True}
    assert rules_of({"Baik": 8, "Sangat Baik": 1, "Kurang/Misconduct": 1}, "Baik") == {
        "Baik paling banyak 70%": False, "Ada Butuh Perbaikan dan/atau Kurang/Misconduct": True}
    check = distribution_rules.check_distribution({"Baik": 6, "Sangat Baik": 4}, "Baik")
    assert check.failures == ["Tidak ada pegawai berpredikat Butuh Perbaikan atau Kurang/Misconduct, padahal harus "
                              "ada untuk organisasi berpredikat Baik"]


def test_butuh_perbaikan_rules():
    assert rules_of({"Butuh Perbaikan": 6, "Sangat Baik": 1, "Baik": 3}, "Butuh Perbaikan") == {
        "Butuh Perbaikan paling sedikit 60%": True, "Sangat Baik paling banyak 10%": True}
    assert rules_of({"Butuh Perbaikan": 5, "Sangat Baik": 2, "Baik": 3}, "Butuh Perbaikan") == {
        "Butuh Perbaikan paling sedikit 60%": False, "Sangat Baik paling banyak 10%": False}
    check = distribution_rules.check_distribution({"Butuh Perbaikan": 5, "Baik": 5}, "Butuh Perbaikan")
    assert check.failures == ["Butuh Perbaikan 50% kurang dari batas minimal 60% untuk organisasi berpredikat "
                              "Butuh Perbaikan"]


def test_kurang_rules():
    assert rules_of({"Kurang/Misconduct": 6, "Butuh Perbaikan": 1, "Sangat Baik": 1, "Baik": 2}, "Kurang") == {
        "Kurang/Misconduct paling sedikit 60%": True, "Butuh Perbaikan paling sedikit 10%": True,
        "Sangat Baik paling banyak 10%": True}
    assert rules_of({"Kurang/Misconduct": 5, "Sangat Baik": 2, "Baik": 3}, "Kurang") == {
        "Kurang/Misconduct paling sedikit 60%": False, "Butuh Perbaikan paling sedikit 10%": False,
        "Sangat Baik paling banyak 10%": False}


def test_sangat_kurang_rules():
    assert rules_of({"Sangat Kurang": 6, "Kurang/Misconduct": 1, "Baik": 3}, "Sangat Kurang") == {
        "Sangat Kurang paling sedikit 60%": True, "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10%": True,
        "Tidak ada Sangat Baik": True}
    assert rules_of({"Sangat Kurang": 5, "Sangat Baik": 1, "Baik": 4}, "Sangat Kurang") == {
        "Sangat Kurang paling sedikit 60%": False,
        "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10%": False, "Tidak ada Sangat Baik": False}


def test_check_distribution_refuses_unknown_organisation_predikat_and_keys():
    with pytest.raises(ValueError, match="Istimewa, Baik, Butuh Perbaikan, Kurang, Sangat Kurang"):
        distribution_rules.check_distribution({"Baik": 1}, "Cukup")
    with pytest.raises(ValueError, match="'Cukup' is not a predikat"):
        distribution_rules.check_distribution({"Cukup": 1}, "Baik")
    with pytest.raises(ValueError, match="no employee"):
        distribution_rules.check_distribution({"Baik": 0}, "Baik")


def test_check_distributions_runs_per_unit():
    table = pd.DataFrame({"unit_code": ["U"] * 4 + ["V"] * 2,
                          "predikat": ["Sangat Baik"] * 3 + ["Baik"] + ["Sangat Baik", "Baik"]})
    result = distribution_rules.check_distributions(distribution_rules.predikat_distribution(table), "Istimewa")
    assert result[["unit_code", "holds"]].values.tolist() == [["U", False], ["V", True]]
