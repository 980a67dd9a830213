"""A page's words and numbers in its language: one namespace of the text catalogue and the number formats.

A page class (:class:`~kinerja.present.quarterly.QuarterPage`,
:class:`~kinerja.present.satisfaction.SatisfactionPage`) holds one
:class:`Wording`, so that each of its sentences is one catalogue look-up
and each number is written the way its language writes numbers.

Examples
--------
>>> words = Wording("indikator", "en")
>>> words.number(1234.5, 1), words.change(73, 39, unit="minutes")
('1,234.5', '+34 minutes')
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.core.formatting import LANGUAGES, number, percent, signed_change
from kinerja.core.periods import Quarter
from kinerja.core.text import Phrases, phrases, say

__all__ = ["Wording"]


@dataclass(frozen=True)
class Wording:
    """The sentences of one catalogue namespace and the number formats, in one language.

    Attributes
    ----------
    namespace
        The catalogue namespace the page's sentences are under (``"indikator"`` reads ``indikator.*``).
        Its group ``unit`` holds the units of measure :meth:`change` writes after a number.
    language
        ``"id"`` or ``"en"``.
    """

    namespace: str
    language: str = "id"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language {self.language!r} is not supported; use one of {', '.join(LANGUAGES)}.")

    def say(self, key: str, /, **values: object) -> str:
        """The sentence ``namespace.key`` with ``values`` filled in."""
        return say(f"{self.namespace}.{key}", self.language, **values)

    def phrases(self, group: str) -> Phrases:
        """The entries of ``namespace.group``, e.g. a table's column headers."""
        return phrases(f"{self.namespace}.{group}", self.language)

    def number(self, value: float | None, decimals: int = 0) -> str:
        """``value`` with the language's separators (:func:`~kinerja.core.formatting.number`)."""
        return number(value, decimals, self.language)

    def percent(self, share: float | None, decimals: int = 0) -> str:
        """``share`` as a percentage (:func:`~kinerja.core.formatting.percent`)."""
        return percent(share, decimals, self.language)

    def change(self, now: float | None, before: float | None, decimals: int = 0, unit: str | None = None,
               scale: float = 1) -> str:
        """The change from ``before`` to ``now`` with its sign and the unit ``namespace.unit.<unit>``.

        See :func:`~kinerja.core.formatting.signed_change`; ``scale`` is 100 for shares written in
        percentage points.
        """
        suffix = "" if unit is None else f" {self.say(f'unit.{unit}')}"
        return signed_change(now, before, decimals, suffix, scale, self.language)

    def quarter(self, quarter: Quarter | str) -> str:
        """The quarter's name: "Triwulan III 2026" or "Q3 2026"."""
        quarter = Quarter.parse(quarter)
        return quarter.label_id if self.language == "id" else quarter.label_en

    def short_quarter(self, quarter: Quarter | str) -> str:
        """The quarter's name for an axis or a column: "TW III 2026" or "Q3 2026"."""
        return self.quarter(quarter).replace("Triwulan", "TW")
