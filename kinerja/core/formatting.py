"""Numbers and dates written the way reports in Indonesia write them.

Bahasa Indonesia uses "." for thousands and "," for decimals
(``1.234,5``); English reports use the opposite. Every figure a report
shows goes through these functions so that the convention is the same on
every page: one minus sign (U+2212, ``−3``) in both languages, and times
in the office's time zone with its abbreviation (``14.01 WITA``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("id", "en")
MINUS = "\u2212"
"""The minus sign every negative number is written with (not the hyphen ``-``)."""
OFFICE_TIMEZONE = "Asia/Makassar"
"""The time zone of the office in Mataram (WITA, UTC+8): the default of a run's ``timezone``."""

_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not supported; use one of {', '.join(LANGUAGES)}")


def number(value: float | int | None, decimals: int = 0, language: str = "id") -> str:
    """Format a number with thousands separators, a fixed number of decimals and the minus sign ``−``.

    Parameters
    ----------
    value
        The number; None or NaN gives an en dash. A negative number that rounds
        to zero is written without a sign.
    decimals
        Digits after the decimal mark.
    language
        ``"id"`` (``1.234,5``) or ``"en"`` (``1,234.5``).

    Examples
    --------
    >>> number(1234.5, 1)
    '1.234,5'
    >>> number(1234.5, 1, language="en")
    '1,234.5'
    >>> number(-0.49, 2)
    '−0,49'
    """
    _check_language(language)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    if language == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{MINUS}{text}" if value < 0 and text.strip("0.,") else text


def percent(share: float | None, decimals: int = 0, language: str = "id") -> str:
    """Format a share (0.853) as a percentage (``85%``, ``85,3%`` with one decimal)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{number(share * 100, decimals, language)}%"


_APA_NUMBER = re.compile(r"(?<![\w.])-?(?:\d+(?:\.\d+)?|\.\d+)(?![\w.])")
"""A number as an English APA statistic writes it: ``10.54``, ``.93``, ``-0.49``, ``239``."""
_APA_CI = re.compile(r"(\d+%) CI \[")


def apa_in(statistics: str, language: str = "id", terms: Mapping[str, str] | None = None) -> str:
    """Statistics written in English APA style (``α = .93, 95% CI [.92, .94]``) as ``language`` writes them.

    English keeps APA's style (no leading zero for values that cannot exceed 1,
    the hyphen as minus, as statistics software and journals print it).
    Indonesian writes every number with its decimal comma, a leading zero, the
    thousands point and the minus sign ``−``; a decimal comma cannot also
    separate, so the statistics and the ends of an interval are separated by
    ``;``, and the interval is named ``IK 95%``.

    Parameters
    ----------
    statistics
        The English text, as the ``apa()`` methods of :mod:`kinerja.research` give it.
    language
        ``"id"`` or ``"en"``.
    terms
        English words of the statistics and their Indonesian names (from the
        text catalogue); ``CI`` names the interval. By default ``{"CI": "IK"}``.

    Examples
    --------
    >>> apa_in("α = .93, 95% CI [.92, .94]")
    'α = 0,93; IK 95% [0,92; 0,94]'
    >>> apa_in("F(3, 1283.9) = 3.98, p < .001")
    'F(3; 1.283,9) = 3,98; p < 0,001'
    >>> apa_in("M = 2.99 vs 3.48, difference = -0.49", terms={"difference": "selisih"})
    'M = 2,99 vs 3,48; selisih = −0,49'
    >>> apa_in("α = .93, 95% CI [.92, .94]", "en")
    'α = .93, 95% CI [.92, .94]'
    """
    _check_language(language)
    if language == "en":
        return statistics
    terms = {"CI": "IK"} if terms is None else terms
    text = _APA_CI.sub(lambda found: f"{terms.get('CI', 'IK')} {found.group(1)} [", statistics).replace(", ", "; ")
    for english, indonesian in terms.items():
        text = re.sub(rf"\b{re.escape(english)}\b", indonesian, text)

    def indonesian(found: re.Match[str]) -> str:
        digits = found.group(0)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return number(float(digits), decimals, language)

    return _APA_NUMBER.sub(indonesian, text)


def local_time(moment: datetime | str, timezone: str = OFFICE_TIMEZONE, language: str = "id") -> str:
    """A moment as the office reads it: its date and time in ``timezone``, with the zone's abbreviation.

    Parameters
    ----------
    moment
        An aware datetime, or its ISO text (``2026-12-04T06:01:50+00:00``); a
        moment without an offset is taken to be UTC.
    timezone
        An IANA time zone (``Asia/Makassar``, ``Asia/Jakarta``, ``Asia/Jayapura``).
    language
        ``"id"`` (``4 Desember 2026, 14.01 WITA``) or ``"en"`` (``4 December 2026, 14:01 WITA``).

    Examples
    --------
    >>> local_time("2026-12-04T06:01:50+00:00")
    '4 Desember 2026, 14.01 WITA'
    >>> local_time("2026-12-04T06:01:50+00:00", "Asia/Jakarta", "en")
    '4 December 2026, 13:01 WIB'
    """
    _check_language(language)
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    local = moment.astimezone(ZoneInfo(timezone))
    clock = f"{local.hour:02d}{'.' if language == 'id' else ':'}{local.minute:02d}"
    return f"{long_date(local.date(), language)}, {clock} {local.tzname()}"


def quoted(value: object, limit: int = 60) -> str:
    """A value as a message shows it: text in quotes, cut to ``limit`` characters with an ellipsis.

    Examples
    --------
    >>> quoted("Kelurahan Cakranegara Barat")
    "'Kelurahan Cakranegara Barat'"
    >>> quoted("x" * 100, limit=5)
    "'xxxxx…'"
    >>> quoted(12.5)
    '12.5'
    """
    if not isinstance(value, str):
        text = str(value)
        return text if len(text) <= limit else text[:limit] + "…"
    return repr(value if len(value) <= limit else value[:limit] + "…")


def long_date(day: date, language: str = "id") -> str:
    """Format a date as ``3 Agustus 2026`` (or ``3 August 2026``)."""
    _check_language(language)
    months = _MONTHS_ID if language == "id" else _MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def signed_change(now: float | None, before: float | None, decimals: int = 0, suffix: str = "", scale: float = 1,
                  language: str = "id") -> str:
    """A change written with its sign: ``+34 menit``, ``−0,4 poin persen``, ``tetap``; ``–`` when unknown.

    Parameters
    ----------
    now, before
        The two values; None or NaN in either gives an en dash.
    decimals
        Digits after the decimal mark.
    suffix
        The unit, written after the number (with its leading space).
    scale
        Factor applied to the difference (100 for shares shown in percentage points).
    language
        ``"id"`` or ``"en"``.

    Examples
    --------
    >>> signed_change(73, 39, suffix=" menit")
    '+34 menit'
    >>> signed_change(0.851, 0.855, 1, " poin persen", 100)
    '−0,4 poin persen'
    """
    try:
        now, before = float(now), float(before)
    except TypeError:  # None or pandas' NA: unknown
        return "–"
    if math.isnan(now) or math.isnan(before):
        return "–"
    diff = (now - before) * scale
    if round(abs(diff), decimals) == 0:
        return "tetap" if language == "id" else "unchanged"
    return f"{'+' if diff > 0 else '−'}{number(abs(diff), decimals, language)}{suffix}"
