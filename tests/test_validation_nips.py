"""The column-wise NIP check accepts exactly the cells parse_nip accepts as written, and the reader agrees with it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.core.nip import InvalidNip, parse_nip
from kinerja.data.dictionary import TABLES
from kinerja.data.nips import valid_as_written
from kinerja.data.schemas import read_cells

TODAY = date(2026, 11, 27)

EDGES = [
    "196608011988031001",  # PNS
    "200012312024211001",  # PPPK, contract 1
    "200012312024201001",  # PPPK, contract 0
    "200002292018031001",  # born on a leap day
    "190002292018031001",  # 1900 is no leap year
    "202402292044031001", "202302292044031001",
    "189912311988031001",  # born before 1900
    "202611271988031001", "202611281988031001",  # born today, tomorrow
    "196608011984081001", "196608011984071001",  # TMT the month of the 18th birthday, the month before
    "200008012018201001", "200008012017201001",  # PPPK: the year of the 18th birthday, the year before
    "196608012027111001", "196608012027121001",  # TMT a year after today's month, one month later
    "196608012027201001", "196608012028201001",  # PPPK: a year after today's year, two
    "196608011988001001", "196608011988131001", "196608011988301001", "196608011988991001",
    "196608011988031301", "196608011988031000", "196600011988031001", "196613011988031001",
    "196604311988031001", "196602001988031001",
    "19660801 198803 1 001", "'196608011988031001", " 196608011988031001", "19660801.198803.1.001",
    "1.96608011988031E+17", "19660801198803100", "1966080119880310011", "١٩٦٦٠٨٠١١٩٨٨٠٣١٠٠١", "",
]


def _accepted(value: str) -> bool:
    try:
        return parse_nip(value, TODAY).digits == value
    except InvalidNip:
        return False


def _digits(low: int, high: int, width: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda number: f"{number:0{width}d}")


NIP_LIKE = st.builds(lambda *parts: "".join(parts), _digits(1890, 2030, 4), _digits(0, 13, 2), _digits(0, 32, 2),
                     _digits(1890, 2035, 4), _digits(0, 99, 2), _digits(0, 9, 1), _digits(0, 999, 3))


def test_the_edges_of_every_rule_are_judged_as_parse_nip_judges_them():
    cells = pd.Series([*EDGES, None], dtype="str")
    assert valid_as_written(cells, TODAY).tolist() == [_accepted(value) for value in EDGES] + [False]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(NIP_LIKE, st.text("0123456789 .'", min_size=16, max_size=20)), max_size=40))
def test_random_nips_are_judged_as_parse_nip_judges_them(values):
    cells = pd.Series(values, dtype="str")
    assert valid_as_written(cells, TODAY).tolist() == [_accepted(value) for value in values]


@pytest.mark.parametrize("column", ["nip", "supervisor_nip"])
def test_the_reader_gives_what_parse_nip_gives_for_each_cell(column):
    cells = pd.Series([*EDGES, None, "196608011988031001"], index=range(2, len(EDGES) + 4), dtype="str")
    values, errors = read_cells(cells, TABLES["employees"].column(column))
    for row, cell in cells.items():
        try:
            expected, reason = parse_nip(cell).digits, None
        except InvalidNip as error:
            expected, reason = None, str(error)
        if pd.isna(cell) or not cell.strip():
            assert pd.isna(values[row])
            continue
        assert (values[row] if pd.notna(values[row]) else None, errors.get(row)) == (expected, reason)
