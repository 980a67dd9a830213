"""A survey-only dataset with a known structure, for the tests of the resistance study and its tables.

58 respondents answer the 17 Oreg items from a latent trait, except ``rtc_17``,
which is answered at random (a weak item).  They come from three units of 45,
10 and 3 respondents, none gives a NIP, and there is no activity log or
sosialisasi table, so every adoption and sosialisasi analysis is impossible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kinerja.data.dataset import Dataset
from kinerja.data.loading import dataset_from_frames

ITEMS = [f"rtc_{i}" for i in range(1, 18)]
UNITS = {"KEL": ("Kantor Lurah", "kelurahan", 45), "KEC": ("Kantor Camat", "kecamatan", 10),
         "PKM": ("Puskesmas", "puskesmas", 3)}
RANDOM_ITEM = "rtc_17"
REVERSED_ITEMS = ("rtc_4", "rtc_14")
"""Oreg's (2003) reverse-worded items, answered against the trait."""


def survey(seed: int = 1) -> pd.DataFrame:
    """The change_survey table: items from a latent trait plus noise, `REVERSED_ITEMS` answered against it."""
    rng = np.random.default_rng(seed)
    codes = [code for code, (_, _, n) in UNITS.items() for _ in range(n)]
    n = len(codes)
    trait = rng.normal(3.5, 1.0, n)
    answers = np.clip(np.rint(trait[:, None] + rng.normal(0, 0.7, (n, len(ITEMS)))), 1, 6)
    against = [ITEMS.index(item) for item in REVERSED_ITEMS]
    answers[:, against] = 7 - answers[:, against]
    answers[:, ITEMS.index(RANDOM_ITEM)] = rng.integers(1, 7, n)
    frame = pd.DataFrame(answers, columns=ITEMS).astype("Int64")
    frame.insert(0, "respondent_id", [f"R{i}" for i in range(n)])
    frame["nip"] = None
    frame["survey_date"] = pd.Series(pd.Timestamp("2024-11-15"), index=frame.index).astype("datetime64[us]")
    frame["unit_code"] = codes
    frame["age"] = pd.array(rng.integers(25, 58, n), dtype="Int64")
    frame["tenure_years"] = pd.array(rng.uniform(1, 30, n), dtype="Float64")
    frame["golongan"] = "III/a"
    frame["employment_type"] = "PNS"
    return frame.astype({"respondent_id": "str", "nip": "str", "unit_code": "str", "golongan": "str",
                         "employment_type": "str"})


def units() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": list(UNITS), "unit_name": [name for name, _, _ in UNITS.values()],
        "unit_type": [kind for _, kind, _ in UNITS.values()],
        "workdays_per_week": pd.array([pd.NA] * len(UNITS), dtype="Int64"),
    }).astype({"unit_code": "str", "unit_name": "str", "unit_type": "str"})


def survey_only_dataset() -> Dataset:
    """Units and the change survey, nothing else."""
    return dataset_from_frames({"units": units(), "change_survey": survey()})
