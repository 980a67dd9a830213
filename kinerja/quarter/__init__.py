"""One quarter of one data folder: which data, which quarter, and its evaluation computed once."""

from __future__ import annotations

from kinerja.quarter.evaluation import (
           QuarterOptions,
           QuarterResults,
           TrainingNeed,
           evaluate_quarter,
)
from kinerja.quarter.selection import DEMO, choose_quarter, open_dataset

__all__ = ["DEMO", "QuarterOptions", "QuarterResults", "TrainingNeed", "choose_quarter", "evaluate_quarter",
           "open_dataset"]
