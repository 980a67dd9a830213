"""The quarterly page's check of the predikat distribution against the pattern of SE MenPANRB 3/2023."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pytest

from kinerja.core.periods import Quarter
from kinerja.core.privacy import PrivacyPolicy
from kinerja.present.quarterly import QuarterPage


@dataclass
class _Options:
    units: list[str] | None = None


@dataclass
class _Results:
    """The part of a QuarterResults the predikat sections read."""

    predikat: pd.DataFrame
    quarter: Quarter = field(default_factory=lambda: Quarter.parse("2026-Q3"))
    options: _Options = field(default_factory=_Options)

    def of_quarter(self, table: str, quarter: Quarter) -> pd.DataFrame:
        frame = getattr(self, table)
        return frame[frame["quarter"] == quarter.label].drop(columns="quarter").set_index("nip")


UNITS = pd.DataFrame({"unit_code": ["A", "B", "C"], "unit_name": ["Unit A", "Unit B", "Unit C"],
                      "unit_type": ["kantor"] * 3})


def page_of(per_unit: dict[str, list[str]], language: str = "id") -> QuarterPage:
    rows = [(unit, label) for unit, labels in per_unit.items() for label in labels]
    predikat = pd.DataFrame({"nip": [f"{i:018d}" for i in range(len(rows))], "unit_code": [u for u, _ in rows],
                             "quarter": "2026-Q3", "capaian": 1.0, "predikat": [p for _, p in rows]})
    return QuarterPage.build(_Results(predikat), UNITS, PrivacyPolicy.for_level("internal"), "Baik", language)


IN_LINE = ["Baik"] * 6 + ["Sangat Baik"] * 3 + ["Butuh Perbaikan"]
ABOVE_70 = ["Baik"] * 8 + ["Sangat Baik"] + ["Kurang/Misconduct"]
NINE = ["Baik"] * 9


@pytest.fixture(scope="module")
def page() -> QuarterPage:
    return page_of({"A": IN_LINE, "B": ABOVE_70, "C": NINE})


def test_the_verdict_says_whether_the_distribution_is_in_line_with_the_pattern(page):
    assert page.predikat_lines().startswith(
        "**Seluruh organisasi (29 pegawai dinilai): sebaran predikat tidak sesuai pola distribusi SE 3/2023 untuk "
        "organisasi berpredikat Baik.**")


def test_a_unit_under_ten_rated_is_shown_as_not_checked_in_the_unit_table(page):
    table = page.predikat_table().set_index("Unit")["Pemeriksaan SE MenPANRB 3/2023"]
    assert table["Unit A"] == "sesuai pola distribusi SE 3/2023"
    assert table["Unit B"] == ("Baik 80%, melebihi batas atas 70%: tidak sesuai pola distribusi SE 3/2023 untuk "
                               "organisasi berpredikat Baik")
    assert table["Unit C"] == "tidak dapat diperiksa (kurang dari 10 pegawai dinilai)"


def test_units_under_ten_rated_are_counted_apart_from_the_units_checked(page):
    assert ("Per unit: 1 dari 2 unit yang diperiksa tidak sesuai pola yang sama (rinciannya di tabel di bawah). "
            "Tidak diperiksa karena kurang dari 10 pegawai dinilai: 1 unit") in page.predikat_lines()


def test_an_organisation_under_ten_rated_is_not_checked_and_says_why():
    lines = page_of({"A": ["Baik"] * 7 + ["Butuh Perbaikan"]}).predikat_lines()
    assert lines.startswith("**Seluruh organisasi: sebaran predikat tidak diperiksa terhadap pola SE 3/2023.** "
                            "Dengan 8 pegawai dinilai (kurang dari 10), satu pegawai sudah 12,5%, sehingga bagian "
                            "10% tidak dapat dinilai.")
    assert "Butuh Perbaikan 12,5%" in lines and "✗" not in lines and "✓" not in lines


def test_the_check_speaks_english_on_an_english_page():
    page = page_of({"A": IN_LINE, "B": ABOVE_70, "C": NINE}, "en")
    table = page.predikat_table().set_index("Unit")["Check of SE MenPANRB 3/2023"]
    assert table.tolist() == [
        "in line with the distribution pattern of SE 3/2023",
        ("Baik 80%, above the upper bound of 70%: not in line with the distribution pattern of SE 3/2023 for an "
         "organisation with predikat Baik"),
        "cannot be checked (fewer than 10 employees rated)"]
