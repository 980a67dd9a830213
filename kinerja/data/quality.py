"""How much of each table was rejected, and when that is too much to use the rest.

A table whose rows were mostly rejected tells little about the people and
units it covers: the rows that survived are not a sample of anything. Two
thresholds decide what the reports do:

* past the *warning* share (default 5 %), every page that uses the table,
  the summary and the terminal say how many rows were rejected;
* past the *limit* (default 50 %), the table is withheld: its measures show
  "tidak dapat dinilai" instead of numbers from the rows that survived
  (:func:`withhold_unusable`).

Examples
--------
>>> share = RejectShare("activities", "aktivitas.csv", rows=1000, rejected=960)
>>> share.share, share.level()
(0.96, 'unusable')
>>> share.describe("id")
'96% baris data aktivitas e-Kinerja (aktivitas.csv) ditolak: 960 dari 1.000.'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from kinerja.core.formatting import number, percent
from kinerja.core.text import say
from kinerja.data.dataset import Dataset

__all__ = ["REJECT_LIMIT", "REJECT_WARNING", "RejectShare", "reject_shares", "reject_warnings", "withhold_unusable"]

REJECT_WARNING = 0.05
"""Rejected share of a table past which its pages, the summary and the terminal warn."""
REJECT_LIMIT = 0.5
"""Rejected share of a table past which its measures are not computed from the rows that survived."""

Level = Literal["ok", "warning", "unusable"]


@dataclass(frozen=True)
class RejectShare:
    """Rows read and rejected of one table's file."""

    table: str
    file: str
    rows: int
    rejected: int

    @property
    def share(self) -> float:
        """Rejected rows over rows read (0 for an empty file)."""
        return self.rejected / self.rows if self.rows else 0.0

    def level(self, warning: float = REJECT_WARNING, limit: float = REJECT_LIMIT) -> Level:
        """``unusable`` past ``limit``, ``warning`` past ``warning``, otherwise ``ok``."""
        if self.rows and self.share > limit:
            return "unusable"
        return "warning" if self.rows and self.share > warning else "ok"

    def describe(self, language: str = "id") -> str:
        """``96% baris data aktivitas e-Kinerja (aktivitas.csv) ditolak: 960 dari 1.000.``"""
        return say("coverage.rejected_share", language, share=percent(self.share, 0, language),
                   table=say(f"coverage.table.{self.table}", language), file=self.file,
                   rejected=number(self.rejected, 0, language), rows=number(self.rows, 0, language))


def reject_shares(dataset: Dataset) -> dict[str, RejectShare]:
    """The rejected share of every table the dataset read."""
    return {name: RejectShare(name, count.file, count.rows, count.rejected) for name, count in dataset.counts.items()}


def reject_warnings(dataset: Dataset, warning: float = REJECT_WARNING, limit: float = REJECT_LIMIT,
                    language: str = "id") -> list[str]:
    """One sentence per table whose rejected share passes ``warning``; past ``limit`` it says the rest cannot be judged."""
    sentences = []
    for share in reject_shares(dataset).values():
        level = share.level(warning, limit)
        if level == "unusable":
            sentences.append(say("coverage.unusable", language, share=share.describe(language)))
        elif level == "warning":
            sentences.append(share.describe(language))
    return sentences


def withhold_unusable(dataset: Dataset, limit: float = REJECT_LIMIT) -> Dataset:
    """A copy of ``dataset`` without the tables whose rejected share passes ``limit``.

    The tables stay in ``counts`` and ``rejects`` (the annex lists them);
    ``has`` is False for them and ``withheld`` says why, so every measure that
    needs them is unknown rather than computed from the few rows that survived.
    """
    withheld = {name: say("coverage.withheld", "en", share=share.describe("en"))
                for name, share in reject_shares(dataset).items()
                if share.level(limit=limit) == "unusable"}
    if not withheld:
        return dataset
    return replace(dataset, withheld={**dataset.withheld, **withheld})
