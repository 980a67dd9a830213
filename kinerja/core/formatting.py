"""Numbers and dates written the way reports in Indonesia write them.

Bahasa Indonesia uses "." for thousands and "," for decimals
(``1.234,5``); English reports use the opposite. Every figure a report
shows goes through these functions so that the convention is the same on
every page.
"""

from __future__ import annotations

import math
from datetime import date

LANGUAGES = ("id", "en")

_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not supported; use one of {', '.join(LANGUAGES)}")


def number(value: float | int | None, decimals: int = 0, language: str = "id") -> str:
    """Format a number with thousands separators and a fixed number of decimals.

    Parameters
    ----------
    value
        The number; None or NaN gives an en dash.
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
    """
    _check_language(language)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if language == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share: float | None, decimals: int = 0, language: str = "id") -> str:
    """Format a share (0.853) as a percentage (``85%``, ``85,3%`` with one decimal)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{number(share * 100, decimals, language)}%"


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
