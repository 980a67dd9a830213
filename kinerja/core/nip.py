"""Parse and validate the NIP of a PNS and the NI of a PPPK.

Both are 18 digits. Two layouts are accepted, told apart by digit 13:

- PNS, ``YYYYMMDD YYYYMM G NNN``: birth date, TMT CPNS year and month,
  gender digit, sequence; e.g. ``19660801 198803 1 001``.
- PPPK, ``YYYYMMDD YYYY 2 C G NNN``: birth date, TMT year, the PPPK marker
  2, contract count, gender digit, sequence; e.g. ``20001231 2024 2 1 1 001``.

A PNS TMT month is 01-12, so its digit 13 is 0 or 1; digit 13 is 2 only in
the PPPK layout, and any other digit fits neither.

Rules, checked in this order so that the message names the first problem:

1. the value is text; numbers are refused because an 18-digit number in a
   numeric Excel cell keeps only about 15 significant digits, and so are
   strings in scientific notation or with a decimal part after 16 or more
   digits (the last group boundary is after digit 15, so such a mark is
   never a separator);
2. only digits, spaces (also no-break spaces) and dots, dropped wherever
   they are; surrounding whitespace and Excel's leading apostrophe are
   ignored;
3. exactly 18 digits;
4. the birth date is a real date, in 1900 or later and not after today;
5. digit 13 chooses the layout; a PNS TMT month is 01-12 and a PPPK
   contract count is 1-9 (0 is refused: the count starts at the first
   contract);
6. the TMT is not before the 18th birthday, compared at the TMT's
   precision: PNS ``(year, month) >= (birth year + 18, birth month)``,
   PPPK ``year >= birth year + 18``;
7. the TMT is at most one year after today, again at its precision
   (PNS ``(year, month) <= (today year + 1, today month)``, PPPK
   ``year <= today year + 1``), to catch garbage rather than to enforce a
   regulation;
8. the gender digit is 1 (male) or 2 (female);
9. the sequence is 001-999; 000 is refused, and its message points at
   Excel, because a NIP rounded in a numeric cell ends in zeros.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from kinerja.core.errors import DataError
from kinerja.core.formatting import quoted

NIP_LENGTH = 18

_SEPARATORS = re.compile(r"[ .\u00a0\u202f]+")
_NOT_ALLOWED = re.compile(r"[^0-9 .\u00a0\u202f]")
# A comma decimal mark is included because Indonesian Excel writes one.
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+")
# The last group boundary is after digit 15, so a mark after 16 or more digits
# is a decimal point, not a separator.
_DECIMAL = re.compile(r"[0-9]{16,}[.,][0-9]+")
_EXCEL = "lost its last digits in Excel (numeric cell); store NIPs as text"
# Integers up to 2**53 are exact in a float, and none of them has 18 digits.
_LARGEST_EXACT_FLOAT_INT = 2**53


class InvalidNip(DataError, ValueError):
    """A NIP that cannot be used; the message names the value and the problem."""


@dataclass(frozen=True)
class Nip:
    """A valid NIP (PNS) or NI PPPK, as returned by `parse_nip`.

    Attributes
    ----------
    digits : str
        The 18 digits without separators.
    kind : {"PNS", "PPPK"}
        Which layout the digits follow.
    birth_date : date
        Date of birth.
    tmt : date
        PNS: first day of the TMT CPNS month; PPPK: 1 January of the TMT year.
    tmt_precision : {"month", "year"}
        How much of `tmt` the digits actually record.
    gender : {"L", "P"}
        Laki-laki (digit 1) or perempuan (digit 2).
    sequence : int
        Sequence number, 1-999.
    contract : int or None
        PPPK contract count, 1-9; None for a PNS.
    """

    digits: str
    kind: Literal["PNS", "PPPK"]
    birth_date: date
    tmt: date
    tmt_precision: Literal["month", "year"]
    gender: Literal["L", "P"]
    sequence: int
    contract: int | None

    def formatted(self) -> str:
        """Return the digits grouped by spaces, as printed on official documents."""
        d = self.digits
        if self.kind == "PNS":
            return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"
        return f"{d[:8]} {d[8:12]} {d[12]} {d[13]} {d[14]} {d[15:]}"

    def __str__(self) -> str:
        return self.digits


def parse_nip(value: object, today: date | None = None) -> Nip:
    """Parse a NIP (PNS) or NI PPPK, checking the rules in the module docstring.

    Parameters
    ----------
    value : object
        The NIP as text, e.g. ``"19660801 198803 1 001"``.
    today : date, optional
        Reference date for the checks against today; defaults to today.

    Returns
    -------
    Nip

    Raises
    ------
    InvalidNip
        If the value breaks a rule; the message is one sentence naming it.
    """
    today = date.today() if today is None else today
    shown = quoted(value)
    digits = _digits(value, shown)

    birth = _birth_date(digits, shown, today)

    if digits[12] in "01":
        kind: Literal["PNS", "PPPK"] = "PNS"
        label = "TMT CPNS"
        contract = None
        tmt_month = int(digits[12:14])
        if not 1 <= tmt_month <= 12:
            raise InvalidNip(
                f"NIP {shown} has TMT CPNS month {digits[12:14]}, "
                "which is not a month 01-12."
            )
    elif digits[12] == "2":
        kind = "PPPK"
        label = "TMT PPPK"
        contract = int(digits[13])
        if contract == 0:
            raise InvalidNip(
                f"NIP {shown} has PPPK contract count 0 in digit 14, "
                "which must be 1-9."
            )
        tmt_month = 1
    else:
        raise InvalidNip(
            f"NIP {shown} has {digits[12:14]} in digits 13-14, which must be "
            "a TMT month 01-12 (PNS) or 2 followed by the contract count (PPPK)."
        )
    tmt_year = int(digits[8:12])

    # Compare only what the digits record: year and month for a PNS, the
    # year for a PPPK. Both bounds are checked before a date is built, as a
    # garbage year such as 0000 is not a valid date.
    if kind == "PNS":
        tmt_key = (tmt_year, tmt_month)
        adult_key = (birth.year + 18, birth.month)
        limit_key = (today.year + 1, today.month)
        tmt_text = f"{tmt_year:04d}-{tmt_month:02d}"
        adult_text = f"{adult_key[0]:04d}-{adult_key[1]:02d}"
    else:
        tmt_key = (tmt_year,)
        adult_key = (birth.year + 18,)
        limit_key = (today.year + 1,)
        tmt_text = f"{tmt_year:04d}"
        adult_text = f"year {adult_key[0]:04d}"
    if tmt_key < adult_key:
        raise InvalidNip(
            f"NIP {shown} has {label} {tmt_text}, "
            f"which is before the 18th birthday ({adult_text})."
        )
    if tmt_key > limit_key:
        raise InvalidNip(
            f"NIP {shown} has {label} {tmt_text}, "
            f"which is more than a year after today ({today.isoformat()})."
        )

    gender_digit = digits[14]
    if gender_digit not in "12":
        raise InvalidNip(
            f"NIP {shown} has gender digit {gender_digit}, "
            "which must be 1 (male) or 2 (female)."
        )

    sequence = int(digits[15:])
    if sequence == 0:
        raise InvalidNip(
            f"NIP {shown} has sequence 000, which no NIP uses; "
            f"a NIP ending in zeros has likely {_EXCEL}."
        )

    return Nip(
        digits=digits,
        kind=kind,
        birth_date=birth,
        tmt=date(tmt_year, tmt_month, 1),
        tmt_precision="month" if kind == "PNS" else "year",
        gender="L" if gender_digit == "1" else "P",
        sequence=sequence,
        contract=contract,
    )


def is_valid_nip(value: object, today: date | None = None) -> bool:
    """Return whether `parse_nip` accepts `value`, without raising."""
    try:
        parse_nip(value, today)
    except InvalidNip:
        return False
    return True


def normalise_nip(value: object, today: date | None = None) -> str:
    """Return the 18 digits of a valid NIP, without separators.

    Raises
    ------
    InvalidNip
        If `parse_nip` refuses the value.
    """
    return parse_nip(value, today).digits


def employment_type(recorded: object, nip: object) -> Literal["PNS", "PPPK"] | None:
    """Return PNS or PPPK: the recorded type when it is one, else the NIP's layout; None when neither tells.

    ``recorded`` is the employees table's ``employment_type`` (missing when
    the export has no such column); ``nip`` the person's NIP or NI PPPK.
    """
    if recorded is not None and not (pd.api.types.is_scalar(recorded) and pd.isna(recorded)) \
            and str(recorded) in ("PNS", "PPPK"):
        return "PNS" if str(recorded) == "PNS" else "PPPK"
    try:
        return parse_nip(nip).kind
    except InvalidNip:
        return None


def _digits(value: object, shown: str) -> str:
    """Reduce the value to its 18 digits or raise for the first problem with its form."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        raise InvalidNip(f"NIP is empty (got {shown}).")
    if isinstance(value, bool):
        raise InvalidNip(f"NIP {shown} is of type bool, not text; give the NIP as text.")
    if isinstance(value, numbers.Integral):
        if value > _LARGEST_EXACT_FLOAT_INT:
            raise InvalidNip(
                f"NIP {shown} is an integer above 2**53, the form a NIP takes "
                f"once it has {_EXCEL}."
            )
        # Too short to be a NIP; the length check below says so.
        text = str(int(value))
    elif isinstance(value, numbers.Real):
        raise InvalidNip(f"NIP {shown} is a floating-point number, so it has {_EXCEL}.")
    elif isinstance(value, str):
        text = value.strip().removeprefix("'").strip()
    else:
        raise InvalidNip(
            f"NIP {shown} is of type {type(value).__name__}, not text; give the NIP as text."
        )

    if not text:
        raise InvalidNip(f"NIP is empty (got {shown}).")
    if _SCIENTIFIC.fullmatch(text):
        raise InvalidNip(f"NIP {shown} is in scientific notation, so it has {_EXCEL}.")
    if _DECIMAL.fullmatch(text):
        raise InvalidNip(f"NIP {shown} has a decimal part, so it has {_EXCEL}.")
    bad = dict.fromkeys(_NOT_ALLOWED.findall(text))
    if bad:
        listed = ", ".join(repr(c) for c in bad)
        raise InvalidNip(
            f"NIP {shown} contains characters other than digits, spaces and dots "
            f"({listed})."
        )

    digits = _SEPARATORS.sub("", text)
    if len(digits) != NIP_LENGTH:
        raise InvalidNip(
            f"NIP {shown} has {len(digits)} digits; a NIP has {NIP_LENGTH} digits."
        )
    return digits


def _birth_date(digits: str, shown: str, today: date) -> date:
    """Return the birth date in digits 1-8, checked to be real and plausible."""
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise InvalidNip(
            f"NIP {shown} has birth date {digits[:8]}, which is not a real date."
        ) from None
    if birth.year < 1900:
        raise InvalidNip(
            f"NIP {shown} has birth date {birth.isoformat()}, which is before 1900."
        )
    if birth > today:
        raise InvalidNip(
            f"NIP {shown} has birth date {birth.isoformat()}, "
            f"which is after today ({today.isoformat()})."
        )
    return birth
