"""Which quarter a report covers."""

from kinerja.core.periods import Quarter
from kinerja.quarter.selection import choose_quarter


def test_latest_complete_quarter_of_the_demo_is_its_last_quarter(demo_dataset):
    assert choose_quarter(demo_dataset) == Quarter(2026, 3)


def test_a_given_quarter_is_parsed_in_any_accepted_form(demo_dataset):
    assert choose_quarter(demo_dataset, "Triwulan II 2025") == Quarter(2025, 2)
