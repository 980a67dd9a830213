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


def rules_of(counts: dict, organisation: str) -> dict[str, bool | None]:
    check = distribution_rules.check_distribution(counts, organisation)
    return {rule: None if pd.isna(holds) else bool(holds) for rule, holds in zip(check.rules["rule"], check.rules["holds"])}


# One case per bound of the SE's pattern, on either side of it, with counts of ten or twenty employees.
BOUNDS = [
    # Istimewa: "sebagian besar (maksimal 70%)" Sangat Baik, read as more than half and at most 70 %.
    ("Istimewa", {"Sangat Baik": 6, "Baik": 4}, "Sangat Baik lebih dari separuh", True),
    ("Istimewa", {"Sangat Baik": 5, "Baik": 5}, "Sangat Baik lebih dari separuh", False),
    ("Istimewa", {"Sangat Baik": 7, "Baik": 3}, "Sangat Baik paling banyak 70%", True),
    ("Istimewa", {"Sangat Baik": 15, "Baik": 5}, "Sangat Baik paling banyak 70%", False),
    # Baik: "sebagian besar (maksimal 70%)" Baik, and some Butuh Perbaikan and/or Kurang/Misconduct.
    ("Baik", {"Baik": 6, "Sangat Baik": 3, "Butuh Perbaikan": 1}, "Baik lebih dari separuh", True),
    ("Baik", {"Baik": 5, "Sangat Baik": 4, "Butuh Perbaikan": 1}, "Baik lebih dari separuh", False),
    ("Baik", {"Baik": 7, "Sangat Baik": 2, "Butuh Perbaikan": 1}, "Baik paling banyak 70%", True),
    ("Baik", {"Baik": 8, "Sangat Baik": 1, "Kurang/Misconduct": 1}, "Baik paling banyak 70%", False),
    ("Baik", {"Baik": 7, "Sangat Baik": 2, "Kurang/Misconduct": 1},
     "Ada Butuh Perbaikan dan/atau Kurang/Misconduct", True),
    ("Baik", {"Baik": 6, "Sangat Baik": 4}, "Ada Butuh Perbaikan dan/atau Kurang/Misconduct", False),
    # Butuh Perbaikan: at least 60 % Butuh Perbaikan, at most 10 % Sangat Baik.
    ("Butuh Perbaikan", {"Butuh Perbaikan": 6, "Baik": 4}, "Butuh Perbaikan paling sedikit 60%", True),
    ("Butuh Perbaikan", {"Butuh Perbaikan": 5, "Baik": 5}, "Butuh Perbaikan paling sedikit 60%", False),
    ("Butuh Perbaikan", {"Butuh Perbaikan": 6, "Sangat Baik": 1, "Baik": 3}, "Sangat Baik paling banyak 10%", True),
    ("Butuh Perbaikan", {"Butuh Perbaikan": 6, "Sangat Baik": 2, "Baik": 2}, "Sangat Baik paling banyak 10%", False),
    # Kurang: at least 60 % Kurang/Misconduct, at least 10 % Butuh Perbaikan, at most 10 % Sangat Baik.
    ("Kurang", {"Kurang/Misconduct": 6, "Butuh Perbaikan": 1, "Baik": 3}, "Kurang/Misconduct paling sedikit 60%",
     True),
    ("Kurang", {"Kurang/Misconduct": 5, "Butuh Perbaikan": 1, "Baik": 4}, "Kurang/Misconduct paling sedikit 60%",
     False),
    ("Kurang", {"Kurang/Misconduct": 6, "Butuh Perbaikan": 1, "Baik": 3}, "Butuh Perbaikan paling sedikit 10%", True),
    ("Kurang", {"Kurang/Misconduct": 6, "Baik": 4}, "Butuh Perbaikan paling sedikit 10%", False),
    ("Kurang", {"Kurang/Misconduct": 6, "Butuh Perbaikan": 1, "Sangat Baik": 1, "Baik": 2},
     "Sangat Baik paling banyak 10%", True),
    ("Kurang", {"Kurang/Misconduct": 6, "Butuh Perbaikan": 1, "Sangat Baik": 2, "Baik": 1},
     "Sangat Baik paling banyak 10%", False),
    # Sangat Kurang: at least 60 % Sangat Kurang, at least 10 % Kurang/Misconduct and Butuh Perbaikan together,
    # no Sangat Baik.
    ("Sangat Kurang", {"Sangat Kurang": 6, "Kurang/Misconduct": 1, "Baik": 3}, "Sangat Kurang paling sedikit 60%",
     True),
    ("Sangat Kurang", {"Sangat Kurang": 5, "Kurang/Misconduct": 1, "Baik": 4}, "Sangat Kurang paling sedikit 60%",
     False),
    ("Sangat Kurang", {"Sangat Kurang": 12, "Kurang/Misconduct": 1, "Butuh Perbaikan": 1, "Baik": 6},
     "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10%", True),
    ("Sangat Kurang", {"Sangat Kurang": 12, "Kurang/Misconduct": 1, "Baik": 7},
     "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10%", False),
    ("Sangat Kurang", {"Sangat Kurang": 6, "Butuh Perbaikan": 1, "Baik": 3}, "Tidak ada Sangat Baik", True),
    ("Sangat Kurang", {"Sangat Kurang": 6, "Butuh Perbaikan": 1, "Sangat Baik": 1, "Baik": 2},
     "Tidak ada Sangat Baik", False),
]


@pytest.mark.parametrize(("organisation", "counts", "rule", "holds"), BOUNDS,
                         ids=[f"{o}: {r} {'holds' if h else 'departs'}" for o, _, r, h in BOUNDS])
def test_each_bound_of_the_pattern_on_either_side(organisation, counts, rule, holds):
    assert rules_of(counts, organisation)[rule] is holds


@pytest.mark.parametrize(("organisation", "rules"), [
    ("Istimewa", ["Sangat Baik lebih dari separuh", "Sangat Baik paling banyak 70%"]),
    ("Baik", ["Baik lebih dari separuh", "Baik paling banyak 70%", "Ada Butuh Perbaikan dan/atau Kurang/Misconduct"]),
    ("Butuh Perbaikan", ["Butuh Perbaikan paling sedikit 60%", "Sangat Baik paling banyak 10%"]),
    ("Kurang", ["Kurang/Misconduct paling sedikit 60%", "Butuh Perbaikan paling sedikit 10%",
                "Sangat Baik paling banyak 10%"]),
    ("Sangat Kurang", ["Sangat Kurang paling sedikit 60%",
                       "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10%", "Tidak ada Sangat Baik"]),
])
def test_each_organisation_predikat_has_one_rule_per_bound_of_its_pattern(organisation, rules):
    check = distribution_rules.check_distribution({"Baik": 10}, organisation)
    assert check.rules["rule"].tolist() == rules


def test_a_distribution_within_the_pattern_is_said_to_be_in_line_with_it():
    check = distribution_rules.check_distribution({"Sangat Baik": 7, "Baik": 3}, "Istimewa")
    assert check.holds is True and check.failures == []
    assert check.rules["message"].tolist() == [
        ('Sangat Baik 70%, lebih dari separuh (batas bawah "sebagian besar"): sesuai pola distribusi SE 3/2023 untuk '
        "organisasi berpredikat Istimewa"),
        ("Sangat Baik 70%, tidak melebihi batas atas 70%: sesuai pola distribusi SE 3/2023 untuk organisasi "
        "berpredikat Istimewa")]


def test_a_departure_names_the_bound_and_is_not_in_line_with_the_pattern_rather_than_a_breach():
    check = distribution_rules.check_distribution({"Sangat Baik": 15, "Baik": 5}, "istimewa")
    assert check.holds is False
    assert check.failures == [("Sangat Baik 75%, melebihi batas atas 70%: tidak sesuai pola distribusi SE 3/2023 "
                              "untuk organisasi berpredikat Istimewa")]
    below = distribution_rules.check_distribution({"Baik": 5, "Sangat Baik": 4, "Butuh Perbaikan": 1}, "Baik")
    assert below.failures == [('Baik 50%, tidak lebih dari separuh (batas bawah "sebagian besar"): tidak sesuai pola '
                              "distribusi SE 3/2023 untuk organisasi berpredikat Baik")]


@pytest.mark.parametrize(("organisation", "counts", "failure"), [
    ("Baik", {"Baik": 6, "Sangat Baik": 4},
     ("Tidak ada pegawai berpredikat Butuh Perbaikan atau Kurang/Misconduct, padahal pola memuatnya: tidak sesuai pola "
     "distribusi SE 3/2023 untuk organisasi berpredikat Baik")),
    ("Butuh Perbaikan", {"Butuh Perbaikan": 5, "Baik": 5},
     ("Butuh Perbaikan 50%, kurang dari batas bawah 60%: tidak sesuai pola distribusi SE 3/2023 untuk organisasi "
     "berpredikat Butuh Perbaikan")),
    ("Sangat Kurang", {"Sangat Kurang": 6, "Butuh Perbaikan": 1, "Sangat Baik": 1, "Baik": 2},
     ("Ada 1 pegawai berpredikat Sangat Baik (10%), padahal pola tidak memuatnya: tidak sesuai pola distribusi "
     "SE 3/2023 untuk organisasi berpredikat Sangat Kurang")),
])
def test_each_kind_of_departure_is_one_sentence(organisation, counts, failure):
    assert distribution_rules.check_distribution(counts, organisation).failures == [failure]


def test_the_sentences_follow_the_language():
    check = distribution_rules.check_distribution({"Baik": 8, "Sangat Baik": 1, "Kurang/Misconduct": 1}, "Baik",
                                                  language="en")
    assert check.rules["rule"].tolist() == ["Baik more than half", "Baik at most 70%",
                                            "Some Butuh Perbaikan and/or Kurang/Misconduct"]
    assert check.failures == [("Baik 80%, above the upper bound of 70%: not in line with the distribution pattern of "
                              "SE 3/2023 for an organisation with predikat Baik")]


def test_shares_are_compared_exactly_at_the_bounds():
    # 7 of 10 is 70 % and 3 of 5 is 60 %, although 0.7 and 0.6 are not exact in binary.
    assert rules_of({"Baik": 7, "Butuh Perbaikan": 3}, "Baik")["Baik paling banyak 70%"] is True
    assert rules_of({"Butuh Perbaikan": 6, "Baik": 4}, "Butuh Perbaikan")["Butuh Perbaikan paling sedikit 60%"] is True


def test_fewer_than_ten_rated_cannot_be_judged_in_shares_of_ten_percent():
    check = distribution_rules.check_distribution({"Baik": 8, "Sangat Baik": 1}, "Baik")
    assert (check.n, check.judged, check.holds, check.failures) == (9, False, None, [])
    assert check.rules["holds"].isna().all()
    assert check.note == ("Dengan 9 pegawai dinilai (kurang dari 10), satu pegawai sudah 11,1%, sehingga bagian 10% "
                          "tidak dapat dinilai")
    assert check.rules["message"].iloc[1] == "Baik paling banyak 70%: tidak dapat diperiksa pada kurang dari 10 " \
                                             "pegawai dinilai"


def test_ten_rated_are_judged():
    check = distribution_rules.check_distribution({"Baik": 9, "Sangat Baik": 1}, "Baik")
    assert check.judged and check.holds is False and check.note == ""


@pytest.mark.parametrize("written", ["Cukup", "cukup", "Butuh Perbaikan/Cukup", "butuh perbaikan / cukup"])
def test_cukup_is_read_as_butuh_perbaikan(written):
    check = distribution_rules.check_distribution({"Baik": 6, "Sangat Baik": 3, written: 1}, "Baik")
    assert check.holds is True
    table = pd.DataFrame({"unit_code": ["U", "U"], "predikat": [written, "Baik"]})
    result = distribution_rules.predikat_distribution(table).set_index("predikat")
    assert result.loc["Butuh Perbaikan", "count"] == 1


def test_check_distribution_refuses_unknown_organisation_predikat_and_keys():
    with pytest.raises(ValueError, match="Istimewa, Baik, Butuh Perbaikan, Kurang, Sangat Kurang"):
        distribution_rules.check_distribution({"Baik": 1}, "Sedang")
    with pytest.raises(ValueError, match="'Sedang' is not a predikat"):
        distribution_rules.check_distribution({"Sedang": 1}, "Baik")
    with pytest.raises(ValueError, match="no employee"):
        distribution_rules.check_distribution({"Baik": 0}, "Baik")


def test_check_distributions_runs_per_unit():
    table = pd.DataFrame({"unit_code": ["U"] * 10 + ["V"] * 10,
                          "predikat": ["Sangat Baik"] * 8 + ["Baik"] * 2 + ["Sangat Baik"] * 6 + ["Baik"] * 4})
    result = distribution_rules.check_distributions(distribution_rules.predikat_distribution(table), "Istimewa")
    assert result[["unit_code", "holds"]].values.tolist() == [["U", True], ["U", False], ["V", True], ["V", True]]


def test_check_distributions_marks_units_under_ten_rated_as_not_judged():
    table = pd.DataFrame({"unit_code": ["U"] * 10 + ["V"] * 9,
                          "predikat": ["Baik"] * 6 + ["Sangat Baik"] * 3 + ["Cukup"] + ["Baik"] * 9})
    result = distribution_rules.check_distributions(distribution_rules.predikat_distribution(table), "Baik")
    per_unit = result.groupby("unit_code").agg(judged=("judged", "first"), n=("n", "first"),
                                                unknown=("holds", lambda h: h.isna().all()))
    assert per_unit.to_dict("index") == {"U": {"judged": True, "n": 10, "unknown": False},
                                         "V": {"judged": False, "n": 9, "unknown": True}}
    assert result.loc[result["unit_code"] == "U", "holds"].all()
