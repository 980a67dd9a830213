"""Direct observation (pengamatan langsung): supervisors' notes of behaviour, by BerAKHLAK value.

A supervisor notes behaviour they saw: which core value it concerns, whether
it was positive or needs improvement, and a short note. For a quarter this
module gives, per person, the counts per value and kind and their latest
positive note, and per supervisor's team the notes that need attention.

The notes are about named people and are written by other people: they are
shown only on the person's own feedback page and on their supervisor's team
page, never on a page for leadership, and names of employees in them are
masked as in citizens' comments (:func:`kinerja.core.privacy.mask_names`).
"""

from __future__ import annotations

import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.core.privacy import mask_names
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import BERAKHLAK

__all__ = ["KINDS", "latest_notes", "observation_counts", "quarter_observations"]

KINDS = ("positive", "needs_improvement")
"""The kinds of an observation."""


def quarter_observations(data: Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """The observations of a quarter, their notes masked, newest first within each person.

    Returns
    -------
    pandas.DataFrame
        The observations table's columns for the days of the quarter, the
        ``note`` with employees' names masked; sorted by NIP and date, newest first.
    """
    q = Quarter.parse(quarter)
    table = data.observations
    days = table["observation_date"]
    rows = table[(days >= pd.Timestamp(q.start)) & (days <= pd.Timestamp(q.end))].copy()
    names = data.employees["name"].dropna() if "name" in data.employees.columns else pd.Series([], dtype="str")
    if "note" in rows.columns:
        rows["note"] = mask_names(rows["note"], names)
    return rows.sort_values(["nip", "observation_date"], ascending=[True, False], kind="stable").reset_index(drop=True)


def observation_counts(data: Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """Count each person's observations of a quarter, per BerAKHLAK value and kind.

    Returns
    -------
    pandas.DataFrame
        One row per observed person and value (the seven values, in their
        order, each present for every observed person): ``nip``,
        ``core_value``, ``positive`` and ``needs_improvement``.
    """
    rows = quarter_observations(data, quarter)
    values = [name for name, _ in BERAKHLAK]
    counts = rows.groupby(["nip", "core_value", "kind"]).size().unstack("kind").reindex(columns=list(KINDS))
    full = pd.MultiIndex.from_product([sorted(rows["nip"].unique()), values], names=["nip", "core_value"])
    counts = counts.reindex(full).fillna(0).astype("int64").reset_index()
    counts.columns.name = None
    return counts


def latest_notes(data: Dataset, quarter: Quarter | str, kind: str) -> pd.DataFrame:
    """The latest note of one kind per observed person in a quarter.

    Parameters
    ----------
    data, quarter
        The dataset and the quarter.
    kind
        ``"positive"`` or ``"needs_improvement"``.

    Returns
    -------
    pandas.DataFrame
        ``nip``, ``observation_date``, ``core_value``, ``note`` (masked) and
        ``observer_nip``: one row per person with a note of that kind.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}.")
    rows = quarter_observations(data, quarter)
    rows = rows[(rows["kind"] == kind) & rows["note"].notna() & rows["note"].astype(str).str.strip().ne("")]
    latest = rows.drop_duplicates("nip", keep="first")
    return latest[["nip", "observation_date", "core_value", "note", "observer_nip"]].reset_index(drop=True)
