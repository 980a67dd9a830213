"""The privacy policy: masking names in free text, hiding small groups."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from kinerja.core import privacy
from kinerja.core.privacy import DEFAULT_MIN_GROUP, MASK, PrivacyPolicy, mask_names, suppress_small_counts


def test_a_form_of_address_and_the_name_after_it_are_masked():
    masked = mask_names(pd.Series(["Pak Made Suarta sangat ramah", "Terima kasih Bu Siti"]))
    assert masked.tolist() == [f"{MASK} sangat ramah", f"Terima kasih {MASK}"]


def test_known_employee_names_are_masked_in_any_case_without_their_degrees():
    masked = mask_names(pd.Series(["petugas i made SUARTA kurang sopan", "dilayani Baiq Siti"]),
                        names=["I Made Suarta, S.Sos.", "dr. Baiq Siti, M.Kes."])
    assert masked.tolist() == [f"petugas {MASK} kurang sopan", f"dilayani {MASK}"]


def test_single_name_words_that_are_ordinary_words_are_left_alone():
    masked = mask_names(pd.Series(["Sudah bagus, tingkatkan lagi."]), names=["Ida Bagus Putu Adi"])
    assert masked.tolist() == ["Sudah bagus, tingkatkan lagi."]


def test_blank_comments_stay_blank():
    masked = mask_names(pd.Series([None, ""]), names=["Suarta"])
    assert pd.isna(masked[0]) and masked[1] == ""


def test_counts_of_one_to_four_people_are_hidden_and_zero_and_five_are_shown():
    counts = pd.DataFrame({"k0": [5, 0], "k1": [4, 7], "k2": [1, 9]}, index=["U1", "U2"])
    found = suppress_small_counts(counts, 5)
    assert found.primary.to_numpy().tolist() == [[False, True, True], [False, False, False]]
    assert found.counts.loc["U1", "k0"] == 5 and found.counts.loc["U2", "k0"] == 0
    assert found.counts.loc["U1"].isna().tolist() == [False, True, True]


def test_a_lone_small_cell_takes_the_smallest_cell_of_its_row_and_column_with_it():
    # U1's 3 could be worked out from U1's total (and k0's total); 6 is the smallest other cell of U1,
    # 7 the smallest other cell of k0, and 8 then closes row U3 and column k1.
    counts = pd.DataFrame({"k0": [3, 9, 7], "k1": [6, 10, 8], "k2": [20, 30, 40]}, index=["U1", "U2", "U3"])
    found = suppress_small_counts(counts, 5)
    assert found.primary.to_numpy().sum() == 1 and found.primary.loc["U1", "k0"]
    assert found.secondary.to_numpy().tolist() == [[False, True, False], [False, False, False], [True, True, False]]
    hidden = found.hidden
    assert all(hidden.sum(axis=1).isin([0, 2, 3])) and all(hidden.sum(axis=0).isin([0, 2, 3]))
    assert found.counts.loc["U2"].tolist() == [9, 10, 30]


def test_small_cells_whose_sum_leaves_one_possibility_take_another_cell_with_them():
    # Two hidden cells of U1 summing to 2 must both be 1, and two summing to 8 both 4: a third cell is hidden.
    counts = pd.DataFrame({"k0": [1, 4, 9], "k1": [1, 4, 9], "k2": [6, 7, 9], "k3": [20, 30, 40]},
                          index=["U1", "U2", "U3"])
    found = suppress_small_counts(counts, 5)
    assert found.secondary.loc["U1"].tolist() == [False, False, True, False]
    assert found.secondary.loc["U2"].tolist() == [False, False, True, False]
    sums_to_three = pd.DataFrame({"k0": [1, 9], "k1": [2, 9], "k2": [6, 9]}, index=["U1", "U2"])
    assert not suppress_small_counts(sums_to_three, 5).secondary.loc["U1"].any()


def test_a_shown_zero_is_hidden_only_when_no_other_cell_is_left():
    counts = pd.DataFrame({"k0": [3, 3], "k1": [0, 0], "k2": [8, 9]}, index=["U1", "U2"])
    found = suppress_small_counts(counts, 5)
    assert found.secondary.to_numpy().tolist() == [[False, False, True], [False, False, True]]
    only_zero = suppress_small_counts(pd.DataFrame({"k0": [3], "k1": [0]}), 5)
    assert only_zero.secondary.to_numpy().tolist() == [[False, True]]


def test_every_row_and_column_ends_with_none_or_several_hidden_cells():
    rng = np.random.default_rng(7)
    counts = pd.DataFrame(rng.integers(0, 12, size=(30, 5)))
    hidden = suppress_small_counts(counts, 5).hidden
    for line in (hidden.sum(axis=1), hidden.sum(axis=0)):
        assert not (line == 1).any()


def test_suppressed_counts_read_as_text_with_the_reason():
    counts = pd.DataFrame({"k0": [3, 1200], "k1": [6, 1500]}, index=["U1", "U2"])
    labels = suppress_small_counts(counts, 5).labels()
    assert labels.loc["U1"].tolist() == ["<5", "*"]
    assert labels.loc["U2"].tolist() == ["*", "*"]
    assert suppress_small_counts(counts, 1).labels().loc["U2"].tolist() == ["1.200", "1.500"]


@pytest.mark.parametrize("cell, word", [(-1, "whole numbers of 0 or more"), (2.5, "whole numbers"),
                                        (np.nan, "whole numbers")])
def test_counts_that_are_not_whole_numbers_are_refused_by_cell(cell, word):
    counts = pd.DataFrame({"k0": [3.0, cell]}, index=["U1", "U2"])
    with pytest.raises(ValueError, match=rf"{word}.*\('U2', 'k0'\)"):
        suppress_small_counts(counts)


def test_the_threshold_must_be_a_positive_whole_number():
    with pytest.raises(ValueError, match="min_count must be a whole number"):
        suppress_small_counts(pd.DataFrame({"k0": [3]}), 0)


def test_the_policy_hides_groups_under_the_minimum_except_on_internal_pages():
    headcount = pd.Series({"big": 12, "small": 3, "empty": 0})
    leadership = PrivacyPolicy.for_level("leadership")
    assert leadership.too_small(headcount).tolist() == [False, True, False]
    assert not PrivacyPolicy.for_level("internal").too_small(headcount).any()
    assert PrivacyPolicy.for_level("research", min_group=10).too_small(pd.Series([9, 10])).tolist() == [True, False]


def test_the_policy_says_what_each_level_writes():
    assert PrivacyPolicy.for_level("leadership").names_individuals
    assert not PrivacyPolicy.for_level("research").names_individuals
    assert PrivacyPolicy.for_level("research").pseudonymous
    assert not PrivacyPolicy.for_level("internal").pseudonymous
    public = PrivacyPolicy.for_level("publik")
    assert public.public and not public.names_individuals and not public.pseudonymous
    assert not any(PrivacyPolicy.for_level(level).public for level in ("leadership", "internal", "research"))


def test_pages_for_citizens_never_show_a_group_under_the_default_minimum():
    assert PrivacyPolicy.for_level("publik", min_group=2).min_group == DEFAULT_MIN_GROUP
    assert PrivacyPolicy.for_level("publik", min_group=8).min_group == 8


def test_an_unknown_level_or_minimum_is_refused_by_name():
    with pytest.raises(ValueError, match="'public'"):
        PrivacyPolicy.for_level("public")
    with pytest.raises(ValueError, match="1 or more"):
        PrivacyPolicy.for_level("leadership", min_group=0)


def test_masking_thousands_of_names_equals_one_pattern_of_all_of_them():
    """The fast path (only the names whose first word a text contains) masks exactly what one pattern does."""
    rng = np.random.default_rng(7)
    first = ["Baiq", "Lalu", "Made", "Putu", "Siti", "Ahmad", "Nyoman", "Ketut", "Muhammad", "Dewi", "Ni"]
    last = ["Suarta", "Rahmawati", "Hidayat", "Aminah", "Wirawan", "Sari", "O'Neil", "Zulkifli", "Nurhayati"]
    names = [f"{rng.choice(first)} {rng.choice(last)} {i}" if i % 3 else f"{rng.choice(first)} {rng.choice(last)}"
             for i in range(3000)] + ["dr. Baiq Siti, M.Kes.", "Çelik Ayşe", "Ni Made Sari"]
    fillers = ["petugas", "sangat", "ramah", "lambat", ",", ".", "terima kasih", "made", "baiq-siti", "Ni"]
    texts = []
    for _ in range(400):
        words = [str(rng.choice(fillers)) for _ in range(rng.integers(1, 8))]
        for _ in range(rng.integers(0, 3)):
            name = str(rng.choice(names)).split(",")[0].replace("dr. ", "")
            words.insert(int(rng.integers(0, len(words) + 1)), [name, name.upper(), name.lower()][rng.integers(0, 3)])
        texts.append(" ".join(words))
    texts += ["ÇELIK AYŞE melayani", "Bu Çelik Ayşe", None, ""]
    cores = {n.split(",")[0].replace("dr. ", "").strip() for n in names}
    cores = {core for core in cores if len(core) >= 5}
    one_pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, sorted(cores)), key=len, reverse=True)) + r")\b",
                             re.IGNORECASE)
    expected = [privacy._TITLE_NAME.sub(MASK, one_pattern.sub(MASK, text)) for text in texts[:-2]]
    masked = mask_names(pd.Series(texts, dtype=object), names).tolist()
    assert masked[:-2] == expected
    assert pd.isna(masked[-2]) and masked[-1] == ""
    assert sum(MASK in text for text in masked if isinstance(text, str)) > 200  # the texts do name people
