"""Reading cells by kind, and the row rules checked with pandera."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from kinerja.data.dictionary import TABLES, Column, header_lookup, normalise_header
from kinerja.data.schemas import read_cells


def cells(*values: object) -> pd.Series:
    return pd.Series(list(values), index=range(2, 2 + len(values)), dtype=object)


NUMBER = Column("target", "number", "target", nullable=True)
WHOLE = Column("u1", "integer", "answer", nullable=True, minimum=1, maximum=4)


def test_decimal_comma_column_reads_dots_as_thousands():
    values, errors = read_cells(cells("95,5", "1.250", "1.250,75", "12"), NUMBER)
    assert values.tolist() == [95.5, 1250.0, 1250.75, 12.0]
    assert errors == {}


def test_decimal_point_column_reads_dots_as_decimals():
    values, errors = read_cells(cells("95.5", "1,250.75", "12", 7), NUMBER)
    assert values.tolist() == [95.5, 1250.75, 12.0, 7.0]
    assert errors == {}


def test_text_that_is_not_a_number_is_named_in_the_reason():
    values, errors = read_cells(cells("lima", "5"), NUMBER)
    assert errors == {2: "'lima' is not a number"}
    assert pd.isna(values[2]) and values[3] == 5


def test_whole_number_column_rejects_fractions():
    _, errors = read_cells(cells("3", "3,5", 4.0), WHOLE)
    assert errors == {3: "'3,5' is not a whole number"}


def test_blank_in_a_required_column_is_reported():
    column = Column("name", "text", "name")
    _, errors = read_cells(cells("Lalu Ahmad", "  ", None), column)
    assert errors == {3: "is blank; a value is required", 4: "is blank; a value is required"}


@pytest.mark.parametrize("text", ["2026-08-03", "03/08/2026", "03-08-2026", "03.08.2026"])
def test_dates_in_every_accepted_format(text):
    column = TABLES["activities"].column("activity_date")
    values, errors = read_cells(cells(text), column)
    assert errors == {}
    assert values[2] == pd.Timestamp("2026-08-03")


def test_excel_date_cells_and_serial_numbers_are_dates():
    column = TABLES["activities"].column("activity_date")
    values, errors = read_cells(cells(datetime(2026, 8, 3), 46237), column)
    assert errors == {}
    assert values.tolist() == [pd.Timestamp("2026-08-03"), pd.Timestamp("2026-08-03")]


@pytest.mark.parametrize("text", ["2026-08-03 16:32:00", "2026-08-03 16:32", "03/08/2026 16.32",
                                  "03-08-2026 16:32", "2026-08-03T16:32:00", "2026-08-03T08:32:00Z"])
def test_datetimes_in_every_accepted_format(text):
    column = TABLES["activities"].column("submitted_at")
    values, errors = read_cells(cells(text), column)
    assert errors == {}
    # "Z" is UTC: 08:32 UTC is 16:32 in Mataram (WITA, UTC+8).
    assert values[2] == pd.Timestamp("2026-08-03 16:32")


def test_a_column_with_a_month_first_date_is_read_month_first():
    column = TABLES["activities"].column("activity_date")
    values, errors = read_cells(cells("08/31/2026", "08/01/2026", "2026-08-02"), column)
    assert errors == {}
    assert values.tolist() == [pd.Timestamp("2026-08-31"), pd.Timestamp("2026-08-01"), pd.Timestamp("2026-08-02")]


def test_a_column_without_a_part_over_12_is_read_day_first():
    column = TABLES["activities"].column("activity_date")
    values, _ = read_cells(cells("08/01/2026", "03/04/2026"), column)
    assert values.tolist() == [pd.Timestamp("2026-01-08"), pd.Timestamp("2026-04-03")]


def test_a_column_with_both_date_orders_is_never_guessed_row_by_row():
    column = TABLES["activities"].column("activity_date")
    values, errors = read_cells(cells("31/08/2026", "08/31/2026", "08/01/2026", "2026-08-02"), column)
    assert sorted(errors) == [2, 3, 4]
    assert errors[4] == ("has day-first dates ('31/08/2026') and month-first dates ('08/31/2026') in column "
                         "activity_date; write every date of the column in one order")
    assert values[5] == pd.Timestamp("2026-08-02") and values[:3].isna().all()


def test_a_date_column_reads_the_day_of_a_timestamp():
    column = TABLES["ikm_responses"].column("survey_date")
    values, errors = read_cells(cells("3/14/2026 10:22:05", "3/1/2026 9:05:00"), column)
    assert errors == {}
    assert values.tolist() == [pd.Timestamp("2026-03-14"), pd.Timestamp("2026-03-01")]


@pytest.mark.parametrize("header", ["U1. Persyaratan", "U1 - Persyaratan", "1. Persyaratan", "U1) Persyaratan",
                                    "U1: Persyaratan", "u1.persyaratan"])
def test_unsur_headers_with_a_code_in_front_name_the_unsur(header):
    assert header_lookup(TABLES["ikm_responses"])[normalise_header(header)] == "persyaratan"


def test_code_prefixed_headers_are_only_those_of_the_unsur():
    lookup = header_lookup(TABLES["ikm_responses"])
    assert normalise_header("U1. Waktu Penyelesaian") not in lookup
    assert lookup[normalise_header("Timestamp")] == lookup[normalise_header("Cap waktu")] == "survey_date"


def test_choices_accept_any_case_and_listed_spellings():
    column = TABLES["behaviour"].column("akuntabel")
    values, errors = read_cells(cells("DI ATAS EKSPEKTASI", "sesuai", "Di bawah", "Cukup"), column)
    assert values.tolist()[:3] == ["Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"]
    assert errors[5].startswith("'Cukup' is not an allowed value; expected one of Di Atas Ekspektasi")


def test_golongan_spellings_map_to_the_canonical_form():
    column = TABLES["employees"].column("golongan")
    values, errors = read_cells(cells("III/a", "IIIa", "3a", "iv/E", "IX"), column)
    assert errors == {}
    assert values.tolist() == ["III/a", "III/a", "III/a", "IV/e", "IX"]


def test_quarters_are_stored_in_the_canonical_form():
    column = TABLES["skp"].column("quarter")
    values, errors = read_cells(cells("Triwulan III 2026", "TW 2/2026", "kuartal 3"), column)
    assert values.tolist()[:2] == ["2026-Q3", "2026-Q2"]
    assert "is not a quarter" in errors[4]


def test_optional_choice_with_default_fills_blanks():
    column = TABLES["skp"].column("direction")
    values, errors = read_cells(cells("turun", "", "Naik"), column)
    assert errors == {}
    assert values.tolist() == ["lower", "higher", "higher"]


def test_choices_ignore_spaces_and_punctuation_and_read_a_sign_as_written():
    column = TABLES["observations"].column("kind")
    values, errors = read_cells(cells("+", " - ", "Perlu-Perbaikan", "PERLUPERBAIKAN", "Apresiasi.", "+/-"), column)
    assert values.tolist()[:5] == ["positive", "needs_improvement", "needs_improvement", "needs_improvement",
                                   "positive"]
    assert errors[7].startswith("'+/-' is not an allowed value; expected one of Positif, Baik, +, Apresiasi (positive)")
