"""Numbers and dates the way Indonesian (and English) reports write them."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja.core.formatting import long_date, number, percent


def test_indonesian_numbers_use_dot_for_thousands_and_comma_for_decimals():
    assert number(1234567.891, 2) == "1.234.567,89"


def test_english_numbers_use_comma_for_thousands_and_dot_for_decimals():
    assert number(1234567.891, 2, language="en") == "1,234,567.89"


def test_missing_numbers_show_a_dash():
    assert number(None) == number(float("nan")) == percent(None) == "–"


def test_percent_of_a_share():
    assert percent(0.853) == "85%"
    assert percent(0.8534, 1) == "85,3%"


def test_long_date_names_the_month():
    assert long_date(date(2026, 8, 3)) == "3 Agustus 2026"
    assert long_date(date(2026, 8, 3), "en") == "3 August 2026"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'fr' is not supported"):
        number(1, language="fr")
