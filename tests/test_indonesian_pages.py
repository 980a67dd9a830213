"""Pages in Indonesian throughout, with one number format: numbers, statistics, times and parameters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kinerja.core.errors import DataError
from kinerja.core.formatting import apa_in, local_time, number, signed_change
from kinerja.present import pages
from kinerja.present.report import parameters_block, privacy_name
from kinerja.present.research_tables import apa
from kinerja.run.parameters import read_parameters

MINUS = "\u2212"


def test_indonesian_numbers_group_thousands_with_a_point_and_write_decimals_with_a_comma():
    assert number(477770) == "477.770"
    assert number(1234567.891, 2) == "1.234.567,89"


def test_a_negative_number_has_the_minus_sign_not_a_hyphen():
    assert number(-0.49, 2) == f"{MINUS}0,49"
    assert number(-1234.5, 1, "en") == f"{MINUS}1,234.5"


def test_a_negative_number_that_rounds_to_zero_has_no_sign():
    assert number(-0.004, 2) == "0,00"


def test_a_change_in_percentage_points_is_written_in_words_with_the_minus_sign():
    assert signed_change(0.851, 0.855, 1, " poin persen", 100) == f"{MINUS}0,4 poin persen"


def test_indonesian_apa_writes_alpha_and_its_interval_with_decimal_commas_and_semicolons():
    assert apa_in("α = .93, 95% CI [.92, .94]") == "α = 0,93; IK 95% [0,92; 0,94]"


def test_english_apa_is_kept_as_apa_writes_it():
    assert apa_in("α = .93, 95% CI [.92, .94]", "en") == "α = .93, 95% CI [.92, .94]"


def test_indonesian_apa_separates_degrees_of_freedom_with_a_semicolon_and_groups_thousands():
    assert apa_in("F(3, 1283.9) = 3.98, p = .008") == "F(3; 1.283,9) = 3,98; p = 0,008"


def test_indonesian_apa_keeps_symbols_in_words_and_writes_negative_bounds_with_the_minus_sign():
    assert apa_in("b = 10.54, SE (HC3) = 0.52, 95% CI [-1.50, 11.56], p < .001") == (
        f"b = 10,54; SE (HC3) = 0,52; IK 95% [{MINUS}1,50; 11,56]; p < 0,001")


def test_the_research_page_says_a_difference_in_indonesian():
    said = apa("M = 2.99 vs 3.48, difference = -0.49, 95% CI [-0.60, -0.37], t(652.3) = -7.90, p < .001", "id")
    assert said == (f"M = 2,99 vs 3,48; selisih = {MINUS}0,49; IK 95% [{MINUS}0,60; {MINUS}0,37]; "
                    f"t(652,3) = {MINUS}7,90; p < 0,001")


def test_a_utc_time_is_shown_in_wita_eight_hours_later():
    assert local_time("2026-12-04T06:01:50+00:00") == "4 Desember 2026, 14.01 WITA"


def test_a_time_shown_in_wita_can_fall_on_the_next_day():
    assert local_time(datetime(2026, 12, 31, 20, 30, tzinfo=UTC)) == "1 Januari 2027, 04.30 WITA"


def test_a_time_in_another_office_zone_and_in_english():
    assert local_time("2026-12-04T06:01:50+00:00", "Asia/Jakarta", "en") == "4 December 2026, 13:01 WIB"


def test_a_time_without_an_offset_is_taken_as_utc():
    assert local_time("2026-12-04T06:01:50") == "4 Desember 2026, 14.01 WITA"


def test_a_run_keeps_times_in_wita_by_default(tmp_path):
    path = tmp_path / "triwulan.yaml"
    path.write_text("language: id\n", encoding="utf-8")
    assert read_parameters(path, {}).timezone == "Asia/Makassar"


def test_an_unknown_time_zone_is_refused_in_one_sentence_naming_the_key(tmp_path):
    path = tmp_path / "triwulan.yaml"
    path.write_text("timezone: Asia/Mataram\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_parameters(path, {})
    assert str(error.value) == ("triwulan.yaml: timezone 'Asia/Mataram' is not a time zone; give an IANA name such as "
                                "Asia/Makassar (WITA), Asia/Jakarta (WIB) or Asia/Jayapura (WIT).")


def test_the_list_of_runs_shows_the_start_in_the_office_time_zone():
    runs = [{"name": "2026-Q3", "quarter": "2026-Q3", "started": "2026-12-04T06:01:50+00:00", "status": "ok"}]
    page = pages.runs_index(runs, "id", "Asia/Makassar")
    assert "4 Desember 2026, 14.01 WITA" in page and "06:01" not in page


def test_parameters_are_folded_under_parameter_teknis_with_counts_in_the_indonesian_format():
    block = parameters_block({"jumlah sampel bootstrap": 2000, "data": "demo"}, "id").data
    assert block.startswith('<details class="parameters">\n<summary>Parameter teknis</summary>')
    assert "<td>2.000</td>" in block and "<th>Nilai</th>" in block


def test_parameters_in_english_are_technical_parameters():
    assert "<summary>Technical parameters</summary>" in parameters_block({"data": "demo"}, "en").data


def test_the_leadership_privacy_level_is_named_in_indonesian():
    assert (privacy_name("leadership", "id"), privacy_name("leadership", "en")) == ("pimpinan", "leadership")
