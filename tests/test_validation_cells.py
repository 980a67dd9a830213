"""Cells read a column at a time give what reading them one by one gives: text, dates, lines of a large CSV."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.data import io, schemas
from kinerja.data.dictionary import TABLES, Column

WHITE_SPACE = [char for char in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(r"\s", char)]
TEXT = TABLES["activities"].column("description")


def test_the_white_space_found_with_pyarrow_is_what_python_calls_white_space():
    assert sorted(schemas._OTHER_WHITE_SPACE) == [char for char in WHITE_SPACE if char != " "]


def test_every_white_space_python_knows_is_made_one_space():
    cells = pd.Series([f"a{char}b{char}{char}c{char}" for char in WHITE_SPACE] + ["a b", "a  b", " a ", None, "ab"],
                      dtype="str")
    expected = cells.str.replace(r"\s+", " ", regex=True).str.strip()  # the whole column in Python's regex
    text, errors = schemas._read_text(cells, TEXT)
    pd.testing.assert_series_equal(text, expected)
    assert errors == {}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from([*WHITE_SPACE, "a", "é", "1", "\u200b", "-"]), max_size=8), max_size=30))
def test_random_text_is_read_as_the_regex_reads_it(values):
    cells = pd.Series(values, dtype="str")
    expected = cells.str.replace(r"\s+", " ", regex=True).str.strip()
    pd.testing.assert_series_equal(schemas._read_text(cells, TEXT)[0], expected)


def _date_order_of_whole_values(text: pd.Series) -> tuple[bool, dict[str, str] | None]:
    """The order decided on every distinct value, as the reader did before it looked at beginnings only."""
    values = pd.Series(text.unique(), dtype="str")
    parts = values.str.extract(schemas._TWO_PARTS_FIRST).astype(float)
    day_first, month_first = values[parts[0] > 12], values[parts[1] > 12]
    if day_first.empty or month_first.empty:
        return not month_first.empty, None
    return False, {"day_first": repr(day_first.iloc[0]), "month_first": repr(month_first.iloc[0])}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds("{}{}{}{}{}".format, st.integers(0, 40), st.sampled_from("/.-"), st.integers(0, 40),
                          st.sampled_from(["/2026", "-2026", "/20261", "/2026 07:30", "/2026 08:15:00", "/202"]),
                          st.sampled_from(["", " x", "9"])), min_size=1, max_size=25))
def test_the_date_order_and_its_examples_follow_the_whole_values(values):
    text = pd.Series(values, index=range(3, len(values) + 3), dtype="str")
    month_first, mixed = schemas._date_order(text)
    expected_order, example = _date_order_of_whole_values(text)
    assert month_first == expected_order
    in_doubt = text.str.match(schemas._TWO_PARTS_FIRST)
    assert mixed.to_dict() == ({row: example for row in text.index[in_doubt]} if example else {})


@pytest.mark.filterwarnings("ignore:Discarding nonzero nanoseconds")  # the one-by-one reading says so
@pytest.mark.parametrize("cells", [
    pd.Series([date(2026, 8, 3), date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 29)], dtype=object),
    pd.Series(pd.to_datetime(["2026-08-03 07:30:00.000001999", "1960-01-01 00:00:00.5"])),
    pd.Series([datetime(2026, 8, 3, 7, 30), date(2026, 8, 4), 46000, 46000.75, time(7, 30), True, "x", -3.0],
              dtype=object),
    pd.Series([], dtype=object),
])
def test_typed_cells_become_the_moments_each_gives(cells):
    expected = pd.Series([schemas._typed_moment(cell) for cell in cells], index=cells.index, dtype="datetime64[us]")
    pd.testing.assert_series_equal(schemas._typed_moments(cells), expected)


def test_a_date_column_of_a_parquet_file_is_read_to_the_day():
    cells = pd.Series([date(2026, 8, 3), None, date(1850, 1, 1)], index=[1, 2, 3], dtype=object)
    values, errors = schemas.read_cells(cells, Column("birth_date", "date", "birth date", nullable=True))
    assert values.tolist()[0] == pd.Timestamp(2026, 8, 3) and values.isna().tolist() == [False, True, True]
    assert errors == {3: "'1850-01-01' is outside the years 1900-2100"}


@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r", "\x0b", "\u2028"])
@pytest.mark.parametrize("cut", [-1, 0, 1])
def test_the_first_lines_of_a_large_text_are_its_first_lines(ends, cut):
    # A line end falls on the border of the first part read (64 KiB), or next to it.
    first = "x" * ((1 << 16) - 1 + cut)
    text = first + ends + "".join(f"{n};{n}{ends}" for n in range(100_000))
    assert io._first_lines(text, 60) == text.splitlines()[:60]
    assert io._first_lines("a\r\nb", 60) == ["a", "b"]


def test_a_wide_or_long_csv_keeps_its_filled_rows(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("\n".join([",".join(["a"] * 900), "," * 899, "", ",".join(["b"] * 900)]) + "\n", encoding="utf-8")
    grid, widths, delimiter = io._read_csv_grid(path)
    assert grid.index.tolist() == [1, 4] and widths.tolist() == [900, 900] and delimiter == ","
    assert np.array_equal(grid.iloc[:, -1].to_numpy(), np.array(["a", "b"], dtype=object))


@pytest.mark.parametrize("name", ["nip", "activity_date", "submitted_at", "status", "duration_minutes"])
def test_a_column_of_repeated_values_is_read_as_cell_by_cell(name):
    column = TABLES["activities"].column(name)
    kinds = ["196608011988031001", "198503122010012002", "12345", "", None, " ", "03/08/2026", "3/14/2026",
             "2026-08-03 16:00", "Disetujui", "approved", "rusak", "90", "-5", "empat", "1.5"]
    rng = np.random.default_rng(7)
    cells = pd.Series(rng.choice(np.array(kinds, dtype=object), size=5 * schemas._REPEATS_SAMPLE), dtype="str")
    cells.index = cells.index + 2  # row numbers, as a file's rows after its header
    assert schemas._repeats(cells)
    values, errors = schemas.read_cells(cells, column)
    one_by_one, expected_errors = schemas._read_cells(cells, column)
    pd.testing.assert_series_equal(values, one_by_one)
    assert errors == expected_errors and errors  # every kind of cell that fails names its own rows


def test_a_column_of_distinct_values_is_not_judged_repeating():
    cells = pd.Series([f"A-{number}" for number in range(3 * schemas._REPEATS_SAMPLE)], dtype="str")
    assert not schemas._repeats(cells)
