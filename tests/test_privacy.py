"""Masking names in free text shown in reports."""

from __future__ import annotations

import pandas as pd

from kinerja.core.privacy import MASK, mask_names


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
