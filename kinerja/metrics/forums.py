"""Forum topics: what citizens raised at forums, how it meets the IKM and the complaints, and how fast units answer.

One row of the forums table is a topic raised at a session (forum konsultasi
publik, musrenbang kelurahan, rembug warga). A topic belongs to the quarter of
its ``forum_date``.

Conventions
-----------
Open and answered
    A topic is answered on ``as_of`` when its ``response_date`` is given and
    falls on or before ``as_of``; otherwise it is open, whatever its status
    says (the loader guarantees that an answered or closed topic has a
    response date). ``as_of`` defaults to the quarter's last day, so a
    quarter's figures do not change when later exports add responses.
Days
    Days to response and the age of an open topic are calendar days from the
    forum date: forums follow no working-day standard.
Weakest unsur
    Per unit, the unsur with the lowest NRR of the quarter's SKM responses
    (:func:`kinerja.metrics.ikm.weakest_unsur`).
Categories
    A topic's ``category`` and a complaint's ``category`` are the same
    subject when they read alike ignoring case, spaces and punctuation.

Without a forums table in the dataset the functions raise the dataset's
:class:`~kinerja.core.errors.DataError` naming the file to add: no forum
records is not "no topics".
"""

from __future__ import annotations

from datetime import date

import ibis
import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import normalise_header
from kinerja.metrics import ikm
from kinerja.metrics.registers import (
    reading_day,
    register,
    rows_in_quarter,
    shown_columns,
)

__all__ = ["category_overlap", "open_topics", "response_days", "topics_by_unit_unsur", "topics_on_weakest_unsur",
           "weakest_unsur_overlap"]

_CODES: dict[str, str] = {name: f"U{i}" for i, name in enumerate(ikm.UNSUR_COLUMNS, start=1)}
_LIST_COLUMNS = ("topic_id", "forum_date", "unit_code", "kind", "unsur", "topic")










def _listed(topics: pd.DataFrame) -> pd.DataFrame:
    """Topics with the columns a list shows, the unsur with its code."""
    shown = shown_columns(topics, _LIST_COLUMNS).copy()
    if "unsur" in shown.columns:
        shown.insert(shown.columns.get_loc("unsur") + 1, "code", shown["unsur"].map(_CODES))
    return shown


def topics_by_unit_unsur(forums: pd.DataFrame | Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """Count the topics raised in ``quarter`` per unit and unsur.

    Parameters
    ----------
    forums
        The forums table, or a dataset holding it.
    quarter
        The quarter (``"2026-Q3"``) whose forum dates count.

    Returns
    -------
    pandas.DataFrame
        ``unit_code``, ``unsur`` (canonical name; missing for topics that name
        no unsur), ``code`` (``U1``..``U9``) and ``topics``, sorted by unit and
        the regulation's order of the unsur.
    """
    topics = rows_in_quarter(register(forums, "forums"), "forum_date", Quarter.parse(quarter))
    unsur = topics["unsur"] if "unsur" in topics.columns else pd.Series(pd.NA, index=topics.index, dtype="str")
    counts = (pd.DataFrame({"unit_code": topics["unit_code"], "unsur": unsur})
              .groupby(["unit_code", "unsur"], dropna=False).size().rename("topics").reset_index())
    order = counts["unsur"].map({name: i for i, name in enumerate(ikm.UNSUR_COLUMNS)}).fillna(len(_CODES))
    counts = counts.assign(code=counts["unsur"].map(_CODES), _order=order)
    return (counts.sort_values(["unit_code", "_order"]).drop(columns="_order")
            [["unit_code", "unsur", "code", "topics"]].reset_index(drop=True))


def _weakest(responses: pd.DataFrame | Dataset, quarter: Quarter) -> pd.DataFrame:
    """Per unit, the unsur with the lowest NRR among the SKM responses of ``quarter``."""
    frame = register(responses, "ikm_responses")
    current = rows_in_quarter(frame, "survey_date", quarter)
    if current.empty:
        return pd.DataFrame(columns=["unit_code", "unsur", "code", "label", "nrr"])
    return ikm.weakest_unsur(current, "unit_code")


def weakest_unsur_overlap(forums: pd.DataFrame | Dataset, responses: pd.DataFrame | Dataset,
                          quarter: Quarter | str) -> pd.DataFrame:
    """For each unit surveyed in ``quarter``: its weakest unsur, and how many of its forum topics concern it.

    Parameters
    ----------
    forums
        The forums table, or a dataset holding it.
    responses
        The SKM responses (the ikm_responses table), or a dataset holding them.
    quarter
        The quarter of the survey and of the forum dates.

    Returns
    -------
    pandas.DataFrame
        One row per unit with responses in the quarter: ``unit_code``,
        ``unsur``, ``code``, ``label``, ``nrr`` (of the weakest unsur),
        ``topics`` (raised in the quarter at the unit's forums) and
        ``topics_on_weakest`` (of those, the topics about the weakest unsur).
    """
    wanted = Quarter.parse(quarter)
    weakest = _weakest(responses, wanted)
    topics = rows_in_quarter(register(forums, "forums"), "forum_date", wanted)
    total = topics.groupby("unit_code").size()
    unsur = topics["unsur"] if "unsur" in topics.columns else pd.Series(pd.NA, index=topics.index)
    on_weakest = topics[unsur.notna()].merge(weakest[["unit_code", "unsur"]], on=["unit_code", "unsur"])
    return weakest.assign(
        topics=weakest["unit_code"].map(total).fillna(0).astype("int64"),
        topics_on_weakest=weakest["unit_code"].map(on_weakest.groupby("unit_code").size()).fillna(0).astype("int64"),
    ).reset_index(drop=True)


def topics_on_weakest_unsur(forums: pd.DataFrame | Dataset, responses: pd.DataFrame | Dataset,
                            quarter: Quarter | str) -> pd.DataFrame:
    """The topics raised in ``quarter`` about their unit's weakest unsur of that quarter.

    Returns
    -------
    pandas.DataFrame
        One row per topic: ``topic_id`` (when the table has it), ``forum_date``,
        ``unit_code``, ``kind``, ``unsur``, ``code``, ``topic``, and ``nrr``, the
        unit's NRR of that unsur in the quarter; sorted by unit and forum date.
    """
    wanted = Quarter.parse(quarter)
    topics = rows_in_quarter(register(forums, "forums"), "forum_date", wanted)
    if "unsur" not in topics.columns:
        topics = topics.assign(unsur=pd.Series(pd.NA, index=topics.index, dtype="str"))
    weakest = _weakest(responses, wanted)[["unit_code", "unsur", "nrr"]]
    matched = _listed(topics).merge(weakest, on=["unit_code", "unsur"])
    return matched.sort_values(["unit_code", "forum_date"]).reset_index(drop=True)


def category_overlap(forums: pd.DataFrame | Dataset, complaints: ibis.Table | pd.DataFrame | Dataset,
                     quarter: Quarter | str) -> pd.DataFrame:
    """Per unit and category, the forum topics of ``quarter`` and the complaints received about the same subject.

    Parameters
    ----------
    forums
        The forums table, or a dataset holding it.
    complaints
        The complaints table (Ibis or pandas), or a dataset holding it.
    quarter
        The quarter of the forum dates and of the complaints' receipt.

    Returns
    -------
    pandas.DataFrame
        One row per unit and topic category: ``unit_code``, ``category`` (as
        the first topic writes it), ``topics`` and ``complaints`` (received in
        the quarter in the same unit, category read alike; 0 when none).
        Topics without a category are not counted.
    """
    wanted = Quarter.parse(quarter)
    topics = rows_in_quarter(register(forums, "forums"), "forum_date", wanted)
    if "category" not in topics.columns:
        return pd.DataFrame(columns=["unit_code", "category", "topics", "complaints"])
    topics = topics[topics["category"].notna()]
    topics = topics.assign(subject=topics["category"].map(normalise_header))
    counted = topics.groupby(["unit_code", "subject"], sort=True).agg(
        category=("category", "first"), topics=("topic", "size")).reset_index()
    received = _complaint_categories(complaints, wanted)
    received = received.assign(subject=received["category"].map(normalise_header))
    per_subject = received.groupby(["unit_code", "subject"]).size().rename("complaints")
    joined = counted.join(per_subject, on=["unit_code", "subject"])
    joined["complaints"] = joined["complaints"].fillna(0).astype("int64")
    return joined[["unit_code", "category", "topics", "complaints"]]


def _complaint_categories(complaints: ibis.Table | pd.DataFrame | Dataset, quarter: Quarter) -> pd.DataFrame:
    """Unit and category of the complaints received in ``quarter`` that have a category."""
    table = complaints.table("complaints") if isinstance(complaints, Dataset) else complaints
    if isinstance(table, ibis.Table):
        received = table.received_at.date()
        table = table.filter((received >= quarter.start) & (received <= quarter.end) & table.category.notnull())
        return table.select("unit_code", "category").to_pandas()
    return rows_in_quarter(table, "received_at", quarter).dropna(subset=["category"])[["unit_code", "category"]]


def response_days(forums: pd.DataFrame | Dataset, quarter: Quarter | str,
                  as_of: date | str | None = None) -> pd.DataFrame:
    """Per unit, the topics raised in ``quarter``, how many were answered, how fast, and how old the open ones are.

    Parameters
    ----------
    forums
        The forums table, or a dataset holding it.
    quarter
        The quarter of the forum dates.
    as_of
        The day the state is read on; default the quarter's last day.

    Returns
    -------
    pandas.DataFrame
        One row per unit with topics: ``unit_code``, ``topics``, ``answered``,
        ``median_days`` (forum date to response, over the answered topics;
        missing when none is), ``open`` and ``oldest_open_days`` (age on
        ``as_of`` of the oldest open topic; missing when none is open).
    """
    wanted = Quarter.parse(quarter)
    day = reading_day(wanted, as_of)
    topics = rows_in_quarter(register(forums, "forums"), "forum_date", wanted)
    topics = topics[topics["forum_date"] <= day]
    answered = topics["response_date"].notna() & (topics["response_date"] <= day)
    frame = pd.DataFrame({
        "unit_code": topics["unit_code"],
        "answered": answered,
        "days": (topics["response_date"] - topics["forum_date"]).dt.days.where(answered),
        "open_days": (day - topics["forum_date"]).dt.days.where(~answered),
    })
    groups = frame.groupby("unit_code", sort=True)
    table = pd.DataFrame({
        "topics": groups.size(),
        "answered": groups["answered"].sum().astype("int64"),
        "median_days": groups["days"].median(),
        "open": groups["open_days"].count().astype("int64"),
        "oldest_open_days": groups["open_days"].max().astype("Int64"),
    })
    return table.rename_axis("unit_code").reset_index()


def open_topics(forums: pd.DataFrame | Dataset, quarter: Quarter | str,
                as_of: date | str | None = None) -> pd.DataFrame:
    """The topics raised up to ``as_of`` (any quarter) that have no response by ``as_of``.

    Parameters
    ----------
    forums
        The forums table, or a dataset holding it.
    quarter
        The quarter evaluated; ``as_of`` defaults to its last day.
    as_of
        The day the state is read on.

    Returns
    -------
    pandas.DataFrame
        One row per open topic, oldest first: ``topic_id`` (when the table has
        it), ``forum_date``, ``unit_code``, ``kind``, ``unsur``, ``code``,
        ``topic`` and ``age_days`` (calendar days from the forum date to ``as_of``).
    """
    day = reading_day(Quarter.parse(quarter), as_of)
    topics = register(forums, "forums")
    raised = topics[topics["forum_date"] <= day]
    still_open = raised[raised["response_date"].isna() | (raised["response_date"] > day)]
    listed = _listed(still_open).assign(age_days=(day - still_open["forum_date"]).dt.days.astype("int64"))
    return listed.sort_values(["forum_date", "unit_code"]).reset_index(drop=True)
