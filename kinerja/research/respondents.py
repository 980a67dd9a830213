"""The respondent table: one row per survey respondent, with scores, attributes and adoption.

`with_survey` swaps in a survey file (another wave, or another instrument)
for the data folder's change_survey table.  `respondent_table` joins the
change survey to the employees, units, sosialisasi and activity tables: one
row per respondent with scores, attributes (`kinerja.research.attributes`),
sosialisasi attendance and adoption measures
(`kinerja.research.adoption_measures`).  `tertiles` splits a score into
thirds.

Privacy
-------
The tables returned here never hold a NIP.  A respondent is known by the
survey's pseudonym (``respondent_id``); a respondent without one gets
``"_row<source row>"``, which says where the answer is in the file and
nothing about the person.  The NIP is used inside `respondent_table` only to
link the survey to the other tables.  `respondent_linkage` returns the
pseudonym-NIP key as a separate, *restricted* frame for the data steward
(checking a link, answering a data request); never print it in a report.
`research_extract` keys the table by keyed hashes of the NIP instead, for
researchers.  Exact ages and years of service are kept for the regressions;
reports show the bands, and `kinerja.research.groups.describe_by_group`
suppresses groups of fewer than five.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from kinerja.core.errors import DataError
from kinerja.core.pseudonyms import pseudonymise
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import CHANGE_SURVEY, OREG_ITEMS, Column, Table
from kinerja.data.loading import with_table_file
from kinerja.research.adoption_measures import _adoption
from kinerja.research.attributes import (
    AGE_BAND_EDGES,
    TENURE_BAND_EDGES,
    _attributes,
    _check_edges,
)
from kinerja.research.scales import TOTAL, Instrument, load_instrument

__all__ = [
    "TERTILE_LABELS",
    "research_extract",
    "respondent_linkage",
    "respondent_table",
    "survey_schema",
    "tertiles",
    "with_survey",
]

TERTILE_LABELS: tuple[str, str, str] = ("low", "middle", "high")

_ROW_PREFIX = "_row"


# --------------------------------------------------------------------------------------
# A survey file in place of the data folder's change_survey table
# --------------------------------------------------------------------------------------

def survey_schema(instrument: Instrument | str = "oreg_rtc") -> Table:
    """The table definition a survey file for ``instrument`` is validated against.

    For Oreg's scale (items ``rtc_1``..``rtc_17``, answers 1-6) this is the
    data dictionary's change_survey table itself.  For another instrument it
    is that table with the Oreg item columns replaced by the instrument's
    items: whole numbers from its ``min`` to its ``max``, blank allowed,
    headed by the item id or ``Item <i>``, ``Butir <i>``, ``Q<i>``,
    ``P<i>`` (``i`` the item's position).  Respondent, NIP, date, unit and
    attribute columns are the same.

    Parameters
    ----------
    instrument : Instrument or str, default "oreg_rtc"

    Returns
    -------
    kinerja.data.dictionary.Table
    """
    if isinstance(instrument, str):
        instrument = load_instrument(instrument)
    if tuple(instrument.item_ids) == OREG_ITEMS and (instrument.minimum, instrument.maximum) == (1, 6):
        return CHANGE_SURVEY
    items = tuple(
        Column(item.id, "integer", f"{instrument.name} item {i}, {instrument.minimum} to {instrument.maximum}",
               nullable=True, aliases=(f"Item {i}", f"Butir {i}", f"Q{i}", f"P{i}"),
               minimum=instrument.minimum, maximum=instrument.maximum)
        for i, item in enumerate(instrument.items, start=1)
    )
    others = [c for c in CHANGE_SURVEY.columns if c.name not in OREG_ITEMS]
    at = next(i for i, c in enumerate(CHANGE_SURVEY.columns) if c.name in OREG_ITEMS)
    return replace(CHANGE_SURVEY, description=f"one respondent's answers to {instrument.name}",
                   columns=(*others[:at], *items, *others[at:]), answered=tuple(item.id for item in instrument.items),
                   rules=("nip, when given, is an employee", "respondent_id or nip is given",
                          "at least one item is answered"))


def with_survey(dataset: Dataset, path: str | os.PathLike[str], instrument: Instrument | str = "oreg_rtc") -> Dataset:
    """The dataset with its change_survey table read from another file.

    The file is read and validated as the loader would read a change_survey
    file (`survey_schema` of the instrument): bad cells and rows go to the
    rejects with file, row, column and reason; a unit must be in the
    dataset's units table and a NIP in its employees table, as for any
    table of the folder.  The other tables are shared with ``dataset``,
    which is not changed.

    Parameters
    ----------
    dataset : Dataset
        The data folder's tables (employees, units, activities, ...).
    path : str or path-like
        A .csv, .xlsx or .parquet file with one row per respondent.
    instrument : Instrument or str, default "oreg_rtc"
        Names the item columns and their answer range.

    Returns
    -------
    Dataset
        ``change_survey`` is the file's valid rows (with ``source_row``);
        ``rejects`` holds the file's rejects in place of those of the
        folder's change_survey; ``counts["change_survey"]`` names the file.

    Raises
    ------
    DataError
        The file does not exist, cannot be read or lacks a required column
        (one sentence naming the file).
    """
    if isinstance(instrument, str):
        instrument = load_instrument(instrument)
    source = Path(path).expanduser()
    if not source.is_file():
        raise DataError(f"the survey file {os.fspath(path)!r} does not exist ({source.resolve()}); give a "
                        f".csv, .xlsx or .parquet file with one row per respondent.")
    return with_table_file(dataset, source, survey_schema(instrument))


# --------------------------------------------------------------------------------------
# The respondent table
# --------------------------------------------------------------------------------------

def respondent_table(
    dataset: Dataset,
    instrument: Instrument | str = "oreg_rtc",
    *,
    rollout: date | str | None = None,
    adoption_within_days: int = 30,
    day_unit: Literal["workdays", "calendar"] = "workdays",
    observed_until: date | str | None = None,
    on_time_window: tuple[date | str, date | str] | None = None,
    late_tolerance_days: int = 0,
    sosialisasi_topic: str | None = None,
    age_bands: Sequence[float] = AGE_BAND_EDGES,
    tenure_bands: Sequence[float] = TENURE_BAND_EDGES,
    max_missing_share: float | None = None,
) -> pd.DataFrame:
    """One row per survey respondent: scores, attributes, sosialisasi and adoption.

    Parameters
    ----------
    dataset : Dataset
        Needs ``change_survey``; ``employees``, ``units``, ``sosialisasi``
        and ``activities`` are used when present (their columns are NA
        otherwise).
    instrument : Instrument or str, default "oreg_rtc"
        The instrument, or its name for `kinerja.research.scales.load_instrument`.
    rollout : date or str, optional
        Day 0 of adoption, e.g. ``"2024-10-01"``; default the earliest
        ``activity_date`` in the activity log.
    adoption_within_days : int, default 30
        ``adopted_within`` is ``days_to_first_report <= adoption_within_days``.
    day_unit : {"workdays", "calendar"}, default "workdays"
        Unit of the day counts (see `kinerja.research.adoption_measures`).
    observed_until : date or str, optional
        End of follow-up; default the latest ``activity_date`` in the log.
    on_time_window : (date, date), optional
        First and last activity date of the on-time rate; default from the
        rollout to ``observed_until``.
    late_tolerance_days : int, default 0
        A report submitted up to this many calendar days after the activity
        date is on time (0: the same day).
    sosialisasi_topic : str, optional
        Count only sessions with this topic (case and surrounding spaces
        ignored); default every session.
    age_bands, tenure_bands : sequence of float
        Inner band edges, increasing.
    max_missing_share : float, optional
        Override the instrument's proration rule (see `kinerja.research.scales`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``respondent_id`` (the pseudonym); no NIP.  Columns:
        ``survey_date``; one column per subscale and ``total``;
        ``items_missing``; ``resistance_tertile``; ``linked`` (the survey
        row names an employee); ``age``, ``age_band``, ``tenure_years``,
        ``tenure_band``, ``golongan``, ``golongan_group``,
        ``employment_type``, ``unit_code``, ``unit_type``;
        ``sosialisasi_invited``, ``sosialisasi_attended``,
        ``sosialisasi_sessions`` (sessions attended before the survey
        date); ``first_report_date``, ``days_to_first_report``,
        ``reported``, ``followup_days``, ``adopted_within``,
        ``reports_in_window``, ``on_time_rate``.  ``attrs["score_columns"]``
        names the score columns; ``attrs["rollout"]`` and
        ``attrs["observed_until"]`` hold the first and last day of follow-up
        used (Timestamps; None without an activity log) and
        ``attrs["day_unit"]`` the unit of the day counts.

    Raises
    ------
    DataError
        The dataset has no change_survey table, or a pseudonym or a NIP
        appears on more than one survey row.
    ValueError
        A parameter is out of range (the message names it).
    kinerja.research.scales.InvalidResponses
        Answers outside the instrument's range.
    """
    if isinstance(adoption_within_days, bool) or not isinstance(adoption_within_days, (int, np.integer)) \
            or adoption_within_days < 0:
        raise ValueError(f"adoption_within_days must be a whole number of days >= 0, got {adoption_within_days!r}.")
    if day_unit not in ("workdays", "calendar"):
        raise ValueError(f"day_unit must be 'workdays' or 'calendar', got {day_unit!r}.")
    if isinstance(late_tolerance_days, bool) or not isinstance(late_tolerance_days, (int, np.integer)) \
            or late_tolerance_days < 0:
        raise ValueError(f"late_tolerance_days must be a whole number of days >= 0, "
                         f"got {late_tolerance_days!r}.")
    age_edges = _check_edges(age_bands, "age_bands")
    tenure_edges = _check_edges(tenure_bands, "tenure_bands")
    if isinstance(instrument, str):
        instrument = load_instrument(instrument)

    survey = _survey_with_nip(dataset)
    scored = instrument.score(survey, max_missing_share=max_missing_share)
    out = pd.DataFrame(index=survey.index)
    out["survey_date"] = survey["survey_date"]
    for column in scored.scores.columns:
        out[column] = scored.scores[column]
    out["items_missing"] = instrument.keyed_items(survey).isna().sum(axis=1).astype("int64")
    out["resistance_tertile"] = tertiles(out[TOTAL])

    attributes = _attributes(dataset, survey, age_edges, tenure_edges)
    for column in attributes.columns:
        out[column] = attributes[column]

    sosialisasi = _sosialisasi(dataset, survey, sosialisasi_topic)
    for column in sosialisasi.columns:
        out[column] = sosialisasi[column]

    adoption = _adoption(dataset, survey, out["unit_code"], out["unit_type"], rollout=rollout,
                         observed_until=observed_until, within=int(adoption_within_days), day_unit=day_unit,
                         window=on_time_window, tolerance=int(late_tolerance_days))
    for column in adoption.columns:
        out[column] = adoption[column]
    out.index.name = "respondent_id"
    out.attrs["score_columns"] = tuple(scored.scores.columns)
    out.attrs["rollout"] = adoption.attrs.get("rollout")
    out.attrs["observed_until"] = adoption.attrs.get("observed_until")
    out.attrs["day_unit"] = day_unit
    return out


def respondent_linkage(dataset: Dataset) -> pd.DataFrame:
    """RESTRICTED: the pseudonym-NIP key of the survey, for the data steward only.

    Never show this frame in a report or a notebook output; it re-identifies
    every respondent.  It exists so that a steward can check a link or honour
    a respondent's request without touching the analysis tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``respondent_id`` and ``nip`` (NA for unlinked rows), one
        row per survey row.
    """
    survey = _survey_with_nip(dataset)
    return pd.DataFrame({"respondent_id": survey.index, "nip": survey["nip"].to_numpy()})


def research_extract(dataset: Dataset, table: pd.DataFrame, key: bytes) -> pd.DataFrame:
    """The respondent table for researchers, keyed by pseudonyms that link across waves.

    A respondent linked to an employee is known by the keyed hash of the NIP,
    so the same person has the same pseudonym in every survey wave and in
    every extract made with the same key; an unlinked respondent by the keyed
    hash of the survey's own id. Whoever lacks the key cannot recompute the
    pseudonyms from a list of NIPs.

    Parameters
    ----------
    dataset
        The dataset the table was computed from.
    table
        The result of :func:`respondent_table`.
    key
        The pseudonym key (:func:`kinerja.core.pseudonyms.load_key`).

    Returns
    -------
    pandas.DataFrame
        ``pseudonym`` first, then the columns of ``table``; no NIP and no
        survey id.
    """
    nips = respondent_linkage(dataset).set_index("respondent_id")["nip"].reindex(table.index)
    survey_ids = "survey:" + table.index.to_series().astype("string")
    basis = nips.astype("string").where(nips.notna(), survey_ids)
    extract = table.reset_index(drop=True)
    extract.insert(0, "pseudonym", pseudonymise(basis, key).to_numpy())
    return extract


def tertiles(values: pd.Series | Sequence[float], labels: Sequence[str] = TERTILE_LABELS) -> pd.Series:
    """Split scores into thirds at the 1/3 and 2/3 quantiles, keeping ties together.

    A score at or below the first cut point (``numpy.quantile`` with linear
    interpolation, over the non-missing scores) is ``labels[0]``, at or
    below the second ``labels[1]``, else ``labels[2]``.  Because equal scores
    always fall in the same third, the thirds can differ in size when many
    respondents share a score at a cut point.

    Parameters
    ----------
    values : pandas.Series or sequence of float
        Scores; missing values stay missing.
    labels : three str, default ("low", "middle", "high")

    Returns
    -------
    pandas.Series
        Ordered categorical with the three labels as categories.

    Examples
    --------
    >>> tertiles(range(1, 10)).tolist()
    ['low', 'low', 'low', 'middle', 'middle', 'middle', 'high', 'high', 'high']
    """
    labels = list(labels)
    if len(labels) != 3 or len(set(labels)) != 3:
        raise ValueError(f"labels must be three distinct labels, got {labels!r}.")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="Float64")
    numeric = series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    present = numeric[~np.isnan(numeric)]
    result = pd.Series(pd.Categorical([None] * len(series), categories=labels, ordered=True), index=series.index)
    if len(present) == 0:
        return result
    low_cut, high_cut = np.quantile(present, [1 / 3, 2 / 3])
    codes = np.where(numeric <= low_cut, 0, np.where(numeric <= high_cut, 1, 2))
    codes = np.where(np.isnan(numeric), -1, codes)
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels, ordered=True), index=series.index)


def _survey_with_nip(dataset: Dataset) -> pd.DataFrame:
    """The survey indexed by pseudonym, checked for repeated respondents."""
    if not dataset.has("change_survey"):
        raise DataError("the dataset has no change_survey table; add a file such as survei_perubahan.xlsx "
                        "with the Oreg items rtc_1..rtc_17.")
    survey = dataset.to_pandas("change_survey")
    if "nip" not in survey.columns:
        survey["nip"] = pd.NA
    if "respondent_id" not in survey.columns:
        survey["respondent_id"] = pd.NA
    ids = survey["respondent_id"].astype("string").str.strip()
    rows = survey["source_row"] if "source_row" in survey.columns else pd.Series(survey.index, index=survey.index)
    generated = _ROW_PREFIX + rows.astype(str)
    ids = ids.where(ids.notna() & (ids != ""), generated)
    repeated = ids[ids.duplicated(keep=False)]
    if len(repeated):
        first = repeated.iloc[0]
        where = ", ".join(str(r) for r in rows[ids == first].tolist())
        raise DataError(f"change_survey: respondent_id {first!r} is on more than one row (rows {where}); "
                        f"each respondent must appear once.")
    nips = survey["nip"].astype("string")
    present = nips.dropna()
    twice = present[present.duplicated(keep=False)]
    if len(twice):
        where = ", ".join(str(r) for r in rows[twice.index[twice == twice.iloc[0]]].tolist())
        raise DataError(f"change_survey: the same NIP answers on rows {where}; keep one answer per "
                        f"employee (the NIP itself is not shown here).")
    survey = survey.assign(respondent_id=ids.to_numpy(), nip=nips.to_numpy())
    survey = survey.set_index("respondent_id")
    survey["survey_date"] = pd.to_datetime(survey["survey_date"]).dt.normalize()
    return survey


def _sosialisasi(dataset: Dataset, survey: pd.DataFrame, topic: str | None) -> pd.DataFrame:
    index = survey.index
    empty = pd.DataFrame({
        "sosialisasi_invited": pd.Series(pd.NA, index=index, dtype="boolean"),
        "sosialisasi_attended": pd.Series(pd.NA, index=index, dtype="boolean"),
        "sosialisasi_sessions": pd.Series(pd.NA, index=index, dtype="Int64"),
    })
    if not dataset.has("sosialisasi"):
        return empty
    sessions = dataset.to_pandas("sosialisasi")
    if topic is not None:
        wanted = " ".join(str(topic).split()).casefold()
        sessions = sessions[sessions["topic"].map(lambda t: " ".join(str(t).split()).casefold()) == wanted]
    attended = sessions["attended"] if "attended" in sessions.columns else pd.Series("yes", index=sessions.index)
    # The dictionary: an absent or blank attendance means the employee attended.
    sessions = sessions.assign(attended=attended.fillna("yes").astype(str).str.lower() == "yes",
                               session_date=pd.to_datetime(sessions["session_date"]).dt.normalize())
    keyed = survey[["nip", "survey_date"]].reset_index()
    merged = keyed.merge(sessions[["nip", "session_date", "attended"]], on="nip", how="left")
    before = merged["session_date"] < merged["survey_date"]
    merged["invited"] = before
    merged["attended_before"] = before & merged["attended"].fillna(False).astype(bool)
    per = merged.groupby("respondent_id", sort=False).agg(invited=("invited", "any"),
                                                           sessions=("attended_before", "sum"))
    per = per.reindex(index)
    linked = survey["nip"].notna()
    result = pd.DataFrame({
        "sosialisasi_invited": per["invited"].astype("boolean").where(linked, pd.NA),
        "sosialisasi_attended": (per["sessions"] > 0).astype("boolean").where(linked, pd.NA),
        "sosialisasi_sessions": per["sessions"].astype("Int64").where(linked, pd.NA),
    }, index=index)
    return result
