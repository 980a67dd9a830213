"""Which SKP indicators (RHK) the e-Kinerja activities serve.

An activity may name the SKP indicator of its employee it works towards
(``skp_indicator``; the loader stores it as the indicator's key, its
``indicator_id`` or else its text, and rejects one the employee does not
have). For a quarter this module measures:

- per person and per unit, the share of activities that name an indicator;
- per person, the activities behind each of their SKP indicators, and so the
  indicators *without any activity recorded* in the quarter.

An indicator without activity is a question for the person and their
supervisor, not a finding: work may be recorded without naming it. Where the
e-Kinerja reporting of a unit is unknown
(:func:`kinerja.metrics.ekinerja.known_units`) its figures are missing.
"""

from __future__ import annotations

import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.metrics.absences import staff_frame
from kinerja.metrics.ekinerja import known_units

__all__ = ["employee_links", "has_links", "indicator_activities", "unit_links"]


def has_links(data: Dataset) -> bool:
    """Whether activities can be linked to SKP indicators: both tables present, and the log names indicators."""
    return data.has("skp") and data.has("activities") and "skp_indicator" in data.activities.columns


def _counts(data: Dataset, q: Quarter) -> pd.DataFrame:
    """Activities per NIP and named indicator in the quarter (``skp_indicator`` missing: none named)."""
    acts = data.activities
    acts = acts.filter(acts.activity_date.between(q.start, q.end))
    counts = acts.group_by(["nip", "skp_indicator"]).agg(activities=acts.count()).to_pandas()
    return counts.astype({"nip": "str", "activities": "int64"})


def indicator_activities(data: Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """Count the activities behind each SKP indicator of each person in a quarter.

    Returns
    -------
    pandas.DataFrame
        One row per SKP indicator of the quarter: ``nip``, ``unit_code``,
        ``key`` (what activities name it by), ``indicator`` (its text),
        ``activities`` (0: none recorded) and ``known`` (False where the
        unit's reporting is unknown; ``activities`` is then missing), sorted
        by unit, NIP and the order of the SKP rows.
    """
    q = Quarter.parse(quarter)
    skp = data.skp
    rows = skp[skp["quarter"].astype(str) == q.label]
    ids = rows["indicator_id"] if "indicator_id" in rows.columns else pd.Series(pd.NA, index=rows.index)
    indicators = pd.DataFrame({"nip": rows["nip"].astype(str), "key": ids.fillna(rows["indicator"]).astype(str),
                               "indicator": rows["indicator"].astype(str)}).drop_duplicates(["nip", "key"])
    counts = _counts(data, q).dropna(subset=["skp_indicator"]).rename(columns={"skp_indicator": "key"})
    table = indicators.merge(counts, on=["nip", "key"], how="left")
    table = table.merge(staff_frame(data)[["nip", "unit_code"]], on="nip", how="left")
    table["known"] = table["unit_code"].isin(known_units(data, q))
    table["activities"] = table["activities"].fillna(0).astype("Int64").mask(~table["known"])
    table = table[["nip", "unit_code", "key", "indicator", "activities", "known"]]
    return table.sort_values(["unit_code", "nip"], kind="stable").reset_index(drop=True)


def employee_links(data: Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """Measure, per person, how many activities name an SKP indicator and how many indicators have none.

    Returns
    -------
    pandas.DataFrame
        One row per employee: ``nip``, ``unit_code``, ``quarter``,
        ``activities``, ``linked`` (naming an indicator), ``linked_share``
        (missing without activities), ``indicators`` (in the quarter's SKP),
        ``indicators_without_activity`` and ``known``.
    """
    q = Quarter.parse(quarter)
    counts = _counts(data, q)
    per_person = counts.assign(linked=counts["activities"].where(counts["skp_indicator"].notna(), 0)) \
        .groupby("nip")[["activities", "linked"]].sum()
    indicators = indicator_activities(data, q)
    per_indicator = indicators.assign(without=indicators["activities"] == 0).groupby("nip").agg(
        indicators=("key", "size"), indicators_without_activity=("without", "sum"))
    table = staff_frame(data)[["nip", "unit_code"]].join(per_person, on="nip").join(per_indicator, on="nip")
    table.insert(2, "quarter", q.label)
    return _finish(table, known_units(data, q), ["unit_code", "nip"])


def unit_links(data: Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """Measure, per unit, the share of activities that name an SKP indicator and the indicators without any.

    Returns
    -------
    pandas.DataFrame
        One row per unit with employees: ``unit_code``, ``quarter`` and the
        columns of :func:`employee_links` summed over the unit's employees.
    """
    q = Quarter.parse(quarter)
    people = employee_links(data, q)
    table = people.groupby("unit_code")[["activities", "linked", "indicators", "indicators_without_activity"]] \
        .sum(min_count=1).reset_index()
    table.insert(1, "quarter", q.label)
    return _finish(table, known_units(data, q), ["unit_code"])


def _finish(table: pd.DataFrame, known: set[str], order: list[str]) -> pd.DataFrame:
    table["known"] = table["unit_code"].isin(known)
    for column in ("activities", "linked", "indicators", "indicators_without_activity"):
        table[column] = table[column].fillna(0).astype("Int64")
    for column in ("activities", "linked", "indicators_without_activity"):
        table[column] = table[column].mask(~table["known"])
    table["linked_share"] = (table["linked"].astype("Float64") / table["activities"].where(table["activities"] > 0)) \
        .astype("float64")
    return table.sort_values(order).reset_index(drop=True)
