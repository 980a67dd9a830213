"""Specification of NIP (PNS) and NI PPPK parsing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.errors import DataError
from kinerja.core.nip import InvalidNip, Nip, is_valid_nip, normalise_nip, parse_nip

# Fixed so that the checks against today do not drift with the calendar.
TODAY = date(2025, 6, 15)

DOMAIN_EXAMPLE = "19660801 198803 1 001"
PPPK_EXAMPLE = "200012312024211001"
EXCEL_HINT = r"lost its last digits in Excel \(numeric cell\); store NIPs as text"


def parse(value: object) -> Nip:
    return parse_nip(value, today=TODAY)


# --- accepted values -------------------------------------------------------


def test_domain_example_is_a_male_pns_with_its_birth_date_tmt_and_sequence() -> None:
    nip = parse(DOMAIN_EXAMPLE)
    assert nip == Nip(
        digits="196608011988031001",
        kind="PNS",
        birth_date=date(1966, 8, 1),
        tmt=date(1988, 3, 1),
        tmt_precision="month",
        gender="L",
        sequence=1,
        contract=None,
    )


@pytest.mark.parametrize(
    "written",
    [
        "196608011988031001",
        "19660801.198803.1.001",
        "  19660801 198803 1 001 \n",
        "'196608011988031001",
        "19660801\u00a0198803\u00a01\u00a0001",
    ],
    ids=["no-spaces", "dots", "surrounding-whitespace", "excel-apostrophe", "nbsp"],
)
def test_separators_whitespace_and_apostrophe_do_not_change_the_nip(written: str) -> None:
    assert parse(written) == parse(DOMAIN_EXAMPLE)


def test_pppk_example_is_a_male_pppk_with_tmt_year_and_contract_count() -> None:
    nip = parse(PPPK_EXAMPLE)
    assert nip == Nip(
        digits=PPPK_EXAMPLE,
        kind="PPPK",
        birth_date=date(2000, 12, 31),
        tmt=date(2024, 1, 1),
        tmt_precision="year",
        gender="L",
        sequence=1,
        contract=1,
    )


def test_gender_digit_2_is_a_woman() -> None:
    nip = parse("19750314 200003 2 004")
    assert (nip.kind, nip.gender, nip.sequence) == ("PNS", "P", 4)


def test_tmt_in_the_month_of_the_18th_birthday_is_accepted() -> None:
    assert parse("19900510 200805 1 001").tmt == date(2008, 5, 1)


def test_pppk_tmt_in_the_year_of_the_18th_birthday_is_accepted() -> None:
    assert parse("20001231 2018 2 1 1 001").tmt == date(2018, 1, 1)


def test_str_is_the_bare_digits() -> None:
    assert str(parse(DOMAIN_EXAMPLE)) == "196608011988031001"


def test_formatted_groups_a_pns_nip_as_on_official_documents() -> None:
    assert parse("196608011988031001").formatted() == DOMAIN_EXAMPLE


def test_formatted_groups_a_pppk_ni_with_marker_and_contract_separate() -> None:
    assert parse(PPPK_EXAMPLE).formatted() == "20001231 2024 2 1 1 001"


@pytest.mark.parametrize("value", [DOMAIN_EXAMPLE, PPPK_EXAMPLE])
def test_formatted_parses_back_to_the_same_nip(value: str) -> None:
    nip = parse(value)
    assert parse(nip.formatted()) == nip


# --- refused values ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("19660801198803100", "'19660801198803100' has 17 digits; a NIP has 18"),
        ("1966080119880310011", "has 19 digits"),
        ("19660801 198803 1 00A", "characters other than digits, spaces and dots"),
        ("19660801/198803/1/001", "characters other than digits, spaces and dots"),
        ("19661301 198803 1 001", "birth date 19661301, which is not a real date"),
        ("19660230 198803 1 001", "birth date 19660230, which is not a real date"),
        ("18991231 192003 1 001", "birth date 1899-12-31, which is before 1900"),
        ("20250616 204303 1 001", "birth date 2025-06-16, which is after today"),
        ("19660801 1988 31 1 001", "digits 13-14, which must be a TMT month 01-12"),
        ("19660801 198800 1 001", "TMT CPNS month 00, which is not a month 01-12"),
        ("19660801 198813 1 001", "TMT CPNS month 13, which is not a month 01-12"),
        ("20001231 2024 2 0 1 001", "contract count 0"),
        ("19900510 200701 1 001", r"TMT CPNS 2007-01, which is before the 18th birthday \(2008"),
        ("20001231 2017 2 1 1 001", r"TMT PPPK 2017, which is before the 18th birthday \(year"),
        ("19900510 202607 1 001", "TMT CPNS 2026-07, which is more than a year after today"),
        ("20001231 2027 2 1 1 001", "TMT PPPK 2027, which is more than a year after today"),
        ("19660801 198803 3 001", r"gender digit 3, which must be 1 \(male\) or 2 \(female\)"),
    ],
    ids=[
        "17-digits",
        "19-digits",
        "letter",
        "slashes",
        "birth-month-13",
        "february-30",
        "born-before-1900",
        "born-after-today",
        "digit-13-fits-neither-layout",
        "tmt-month-00",
        "tmt-month-13",
        "pppk-contract-0",
        "pns-tmt-before-18th-birthday",
        "pppk-tmt-before-18th-birthday",
        "pns-tmt-over-a-year-ahead",
        "pppk-tmt-over-a-year-ahead",
        "gender-3",
    ],
)
def test_invalid_nip_is_refused_naming_the_problem(value: str, match: str) -> None:
    with pytest.raises(InvalidNip, match=match):
        parse(value)


def test_sequence_000_is_refused_with_a_hint_about_excel() -> None:
    # What remains of a NIP typed into a numeric cell: 15 digits, then zeros.
    with pytest.raises(InvalidNip, match="sequence 000.*" + EXCEL_HINT):
        parse("196608011988031000")


@pytest.mark.parametrize(
    "value",
    [
        "1.96608011988031E+17",
        "1,96608011988031E+17",
        1.96608011988031e17,
        196608011988031008.0,
        196608011988031001,
        "196608011988031000.0",
    ],
    ids=[
        "scientific-text",
        "scientific-text-decimal-comma",
        "float",
        "float-written-out",
        "int-above-2**53",
        "text-with-decimal-part",
    ],
)
def test_number_mangled_by_excel_is_refused_asking_for_text(value: object) -> None:
    with pytest.raises(InvalidNip, match=EXCEL_HINT):
        parse(value)


@pytest.mark.parametrize(
    "value",
    [None, float("nan"), "", "   ", "'"],
    ids=["none", "nan", "blank", "spaces", "apostrophe"],
)
def test_missing_value_is_refused_as_empty(value: object) -> None:
    with pytest.raises(InvalidNip, match="NIP is empty"):
        parse(value)


def test_other_types_are_refused_as_not_text() -> None:
    with pytest.raises(InvalidNip, match="is of type bytes, not text"):
        parse(b"196608011988031001")


def test_invalid_nip_is_a_value_error_and_a_data_error() -> None:
    assert issubclass(InvalidNip, ValueError)
    assert issubclass(InvalidNip, DataError)


# --- conveniences -----------------------------------------------------------


def test_is_valid_nip_is_true_for_a_valid_nip() -> None:
    assert is_valid_nip(DOMAIN_EXAMPLE, today=TODAY)


@pytest.mark.parametrize("value", ["19660801 198803 3 001", None, 1.96608011988031e17])
def test_is_valid_nip_is_false_instead_of_raising(value: object) -> None:
    assert not is_valid_nip(value, today=TODAY)


def test_normalise_nip_returns_the_18_digits_without_separators() -> None:
    assert normalise_nip("'19660801.198803 1 001 ", today=TODAY) == "196608011988031001"


def test_normalise_nip_raises_for_an_invalid_nip() -> None:
    with pytest.raises(InvalidNip):
        normalise_nip("19660801198803100", today=TODAY)


# --- properties -------------------------------------------------------------


@st.composite
def pns_parts(draw: st.DrawFn) -> tuple[date, date, str, int]:
    """Draw a birth date, TMT month, gender digit and sequence that make a valid NIP."""
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(TODAY.year - 18, 12, 31)))
    # Months counted from year 0, so the TMT range is a plain integer range.
    first = (birth.year + 18) * 12 + birth.month - 1
    last = (TODAY.year + 1) * 12 + TODAY.month - 1
    month_index = draw(st.integers(first, last))
    tmt = date(month_index // 12, month_index % 12 + 1, 1)
    return birth, tmt, draw(st.sampled_from("12")), draw(st.integers(1, 999))


@given(pns_parts())
def test_parse_nip_recovers_the_parts_of_any_valid_pns_nip(
    parts: tuple[date, date, str, int],
) -> None:
    birth, tmt, gender, sequence = parts
    written = f"{birth:%Y%m%d} {tmt:%Y%m} {gender} {sequence:03d}"
    nip = parse(written)
    assert (nip.kind, nip.birth_date, nip.tmt, nip.sequence) == ("PNS", birth, tmt, sequence)
    assert nip.gender == {"1": "L", "2": "P"}[gender]
    assert parse(nip.formatted()) == nip


@given(
    st.one_of(
        st.text(),
        # Mostly digits and separators, so that values reach the later checks.
        st.text(alphabet="0123456789 .'\u00a0eE+,-", min_size=15, max_size=25),
        st.from_regex(r"[0-9]{18}", fullmatch=True),
        st.integers(),
        st.floats(),
        st.none(),
    )
)
def test_parse_nip_returns_a_nip_or_raises_invalid_nip_only(value: object) -> None:
    try:
        result = parse(value)
    except InvalidNip:
        return
    assert isinstance(result, Nip)
