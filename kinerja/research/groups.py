"""Resistance to change (Oreg, 2003) and the adoption of e-Kinerja.

The research questions of DOMAIN.md ("Resistance to change"): how resistance
relates to e-Kinerja adoption and to age, tenure, rank and unit, and whether
attending sosialisasi goes with lower resistance or faster adoption.  Every
function is pure: tables in, a DataFrame or a small dataclass out.

Steps
-----
0. `with_survey` swaps in a survey file (another wave, or another
   instrument) for the data folder's change_survey table, and
   `sample_summary` counts respondents and response rates by group.
1. `respondent_table` joins the change survey to the employees, units,
   sosialisasi and activity tables: one row per respondent with scores,
   attributes and adoption measures.
2. `describe_by_group`: n, mean, sd, median and the 95% CI of the mean per
   group, with small groups suppressed.
3. `compare_groups`: Welch's ANOVA or Kruskal-Wallis by a stated rule, with
   an effect size and a seeded bootstrap interval.
4. `adoption_regression` (OLS, HC3), `adoption_logit` and
   `adoption_survival` (Kaplan-Meier by resistance tertile, log-rank);
   `regression_terms` names the variable, level and reference category of
   each coefficient, for labelled tables.
5. `compare_sosialisasi`: attendees against non-attendees, with a plain
   statement, in Indonesian and English, of what the design can and cannot
   show about cause.

Privacy
-------
The tables returned here never hold a NIP.  A respondent is known by the
survey's pseudonym (``respondent_id``); a respondent without one gets
``"_row<source row>"``, which says where the answer is in the file and
nothing about the person.  The NIP is used inside `respondent_table` only to
link the survey to the other tables.  `respondent_linkage` returns the
pseudonym-NIP key as a separate, *restricted* frame for the data steward
(checking a link, answering a data request); never print it in a report.
Exact ages and years of service are kept for the regressions; reports show
the bands, and `describe_by_group` suppresses groups of fewer than five.

Adoption measures
-----------------
- ``first_report_date``: the earliest ``activity_date`` of the employee in
  the activity log, whatever the report's status (a rejected report still
  shows that the person used the application); reports after
  ``observed_until`` are ignored.
- ``days_to_first_report``: working days of the unit's calendar
  (`kinerja.core.calendars.unit_calendars`: the units table's
  ``workdays_per_week``, else 6 for puskesmas/layanan and 5 otherwise;
  public holidays and cuti bersama excluded) from
  the rollout (day 0) to the first report: the number of working days ``d``
  with ``rollout <= d < first report``, the convention of the demo's ground
  truth.  With ``day_unit="calendar"``, calendar days.  A first report
  before the rollout counts as day 0.  NaN for an employee with no report
  by ``observed_until``.
- ``reported`` and ``followup_days``: the event flag and the time for
  survival analysis; ``followup_days`` is ``days_to_first_report`` or, for
  those who had not reported, the day number of ``observed_until``
  (censored).
- ``adopted_within``: ``days_to_first_report <= adoption_within_days``;
  NA when the employee had not reported and was followed for fewer days.
- ``on_time_rate``: among reports with an ``activity_date`` in the window,
  the share submitted on the activity's day or at most
  ``late_tolerance_days`` calendar days later (the definition of
  `kinerja.metrics.ekinerja`); ``reports_in_window`` is the denominator.

Attributes
----------
Age, tenure, golongan, unit and PNS/PPPK come from the survey when it holds
them (they describe the respondent at the survey date) and otherwise from
the employees table: age in completed years at the survey date from
``birth_date`` or the NIP's birth date; tenure in years (days / 365.25)
from the NIP's TMT (a PNS NIP records the TMT CPNS month, a PPPK NI only
the year, taken as 1 January); employment type from the table or the NIP's
layout.  ``golongan_group`` is the roman group of a PNS golongan (I, II,
III, IV) and ``"PPPK"`` for a PPPK.  Bands are left-closed intervals:
``"30-39"`` means 30 <= age < 40, ``"5-9"`` means 5 <= tenure < 10 years.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import ibis
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

from kinerja.core.calendars import unit_calendars
from kinerja.core.errors import DataError
from kinerja.core.nip import InvalidNip, parse_nip
from kinerja.core.periods import WorkCalendar
from kinerja.core.pseudonyms import pseudonymise
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import CHANGE_SURVEY, OREG_ITEMS, Column, Table
from kinerja.data.loading import with_table_file
from kinerja.research.scales import TOTAL, Instrument, load_instrument
from kinerja.research.survival import (
    KaplanMeier,
    LogRankResult,
    format_p,
    kaplan_meier,
    logrank_test,
)

__all__ = [
    "AGE_BAND_EDGES",
    "DEFAULT_CONTROLS",
    "GOLONGAN_GROUPS",
    "GROUP_ATTRIBUTES",
    "MIN_GROUP_N",
    "TENURE_BAND_EDGES",
    "WELCH_MIN_N",
    "AdoptionSurvival",
    "DesignStatement",
    "GroupComparison",
    "MeanDifference",
    "OmnibusTest",
    "RegressionResult",
    "SampleSummary",
    "SosialisasiResult",
    "adoption_logit",
    "adoption_regression",
    "adoption_survival",
    "compare_groups",
    "compare_sosialisasi",
    "describe_by_group",
    "design_statement",
    "epsilon_squared",
    "kruskal_wallis",
    "mean_difference",
    "omega_squared_from_f",
    "regression_terms",
    "respondent_linkage",
    "respondent_table",
    "sample_summary",
    "survey_schema",
    "tertiles",
    "welch_anova",
    "with_survey",
]

AGE_BAND_EDGES: tuple[float, ...] = (30, 40, 50)
"""Default age bands: <30, 30-39, 40-49, 50+."""

TENURE_BAND_EDGES: tuple[float, ...] = (5, 10, 20)
"""Default tenure bands in years of service: <5, 5-9, 10-19, 20+."""

GOLONGAN_GROUPS: tuple[str, ...] = ("I", "II", "III", "IV", "PPPK")
"""Values of ``golongan_group``, in order."""

GROUP_ATTRIBUTES: tuple[str, ...] = ("age_band", "tenure_band", "golongan_group", "unit_type",
                                     "unit_code", "employment_type")
"""The grouping columns of `respondent_table` the analyses compare."""

MIN_GROUP_N = 5
"""Groups with fewer respondents are suppressed: no statistics are shown, nor compared."""

WELCH_MIN_N = 15
"""Welch's ANOVA is used when every compared group has at least this many respondents."""

DEFAULT_CONTROLS: tuple[str, ...] = ("age", "tenure_years", "employment_type", "unit_type")
"""Controls of the adoption and sosialisasi regressions."""

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
        Unit of the day counts (see the module docstring).
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


def _check_edges(edges: Sequence[float], name: str) -> tuple[float, ...]:
    try:
        values = tuple(float(e) for e in edges)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers, got {edges!r}.") from None
    if not values or any(b <= a for a, b in zip(values, values[1:])) or any(not math.isfinite(v) for v in values):
        raise ValueError(f"{name} must be one or more finite, strictly increasing edges, got {edges!r}.")
    return values


def _band_labels(edges: tuple[float, ...]) -> list[str]:
    def show(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else f"{value:g}"

    labels = [f"<{show(edges[0])}"]
    for low, high in zip(edges, edges[1:]):
        upper = show(high - 1) if float(low).is_integer() and float(high).is_integer() else f"<{show(high)}"
        labels.append(f"{show(low)}-{upper}")
    labels.append(f"{show(edges[-1])}+")
    return labels


def _bands(values: pd.Series, edges: tuple[float, ...]) -> pd.Series:
    labels = _band_labels(edges)
    numeric = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    cut = pd.cut(numeric, bins=[-np.inf, *edges, np.inf], right=False, labels=labels)
    return pd.Series(pd.Categorical(cut, categories=labels, ordered=True), index=values.index)


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


def _completed_years(later: pd.Timestamp, earlier: date) -> float:
    years = later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))
    return float(years)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index, dtype="object")


def _attributes(dataset: Dataset, survey: pd.DataFrame, age_edges: tuple[float, ...],
                tenure_edges: tuple[float, ...]) -> pd.DataFrame:
    index = survey.index
    employees = dataset.to_pandas("employees").set_index("nip") if dataset.has("employees") else None
    nips = survey["nip"]
    linked = nips.notna() & (nips.isin(employees.index) if employees is not None else False)

    def from_employees(column: str) -> pd.Series:
        if employees is None or column not in employees.columns:
            return pd.Series(pd.NA, index=index, dtype="object")
        return pd.Series(nips.map(employees[column]).to_numpy(), index=index)

    parsed = {}
    for respondent, nip in nips.dropna().items():
        try:
            parsed[respondent] = parse_nip(nip)
        except InvalidNip:
            continue

    age = pd.to_numeric(_column(survey, "age"), errors="coerce").astype("Float64")
    tenure = pd.to_numeric(_column(survey, "tenure_years"), errors="coerce").astype("Float64")
    birth = pd.to_datetime(from_employees("birth_date"), errors="coerce")
    derived_age, derived_tenure, nip_kind = {}, {}, {}
    for respondent in index:
        when = survey.at[respondent, "survey_date"]
        record = parsed.get(respondent)
        born = birth.get(respondent)
        born = born.date() if isinstance(born, pd.Timestamp) and not pd.isna(born) else (
            record.birth_date if record else None)
        if born is not None and not pd.isna(when):
            derived_age[respondent] = _completed_years(when, born)
        if record is not None and not pd.isna(when):
            derived_tenure[respondent] = max(0.0, (when.date() - record.tmt).days / 365.25)
            nip_kind[respondent] = record.kind
    age = age.fillna(pd.Series(derived_age, index=index, dtype="Float64"))
    tenure = tenure.fillna(pd.Series(derived_tenure, index=index, dtype="Float64"))

    def first_present(*series: pd.Series) -> pd.Series:
        result = pd.Series(pd.NA, index=index, dtype="object")
        for candidate in series:
            candidate = candidate.astype("object").where(candidate.notna(), None)
            result = result.where(result.notna(), candidate)
        return result.astype("string")

    employment = first_present(_column(survey, "employment_type"), from_employees("employment_type"),
                               pd.Series(nip_kind, index=index, dtype="object"))
    golongan = first_present(_column(survey, "golongan"), from_employees("golongan"))
    unit = first_present(_column(survey, "unit_code"), from_employees("unit_code"))
    units = dataset.to_pandas("units").set_index("unit_code") if dataset.has("units") else None
    unit_type = (unit.map(units["unit_type"]) if units is not None
                 else pd.Series(pd.NA, index=index)).astype("string")

    return pd.DataFrame({
        "linked": linked.astype(bool),
        "age": age.astype(float),
        "age_band": _bands(age, age_edges),
        "tenure_years": tenure.astype(float),
        "tenure_band": _bands(tenure, tenure_edges),
        "golongan": golongan,
        "golongan_group": _golongan_group(golongan, employment),
        "employment_type": employment,
        "unit_code": unit,
        "unit_type": unit_type,
    }, index=index)


def _golongan_group(golongan: pd.Series, employment: pd.Series) -> pd.Series:
    groups = []
    for value, kind in zip(golongan, employment):
        known = isinstance(kind, str)  # NA when neither the survey, the employees nor the NIP tell
        if (known and kind == "PPPK") or (isinstance(value, str) and "/" not in value and not known):
            groups.append("PPPK")
        elif isinstance(value, str) and "/" in value:
            groups.append(value.split("/")[0])
        else:
            groups.append(None)
    return pd.Series(pd.Categorical(groups, categories=list(GOLONGAN_GROUPS), ordered=True), index=golongan.index)


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


def _as_date(value: date | str | pd.Timestamp, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date such as '2024-10-01', got {value!r}.") from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date such as '2024-10-01', got {value!r}.")
    return stamp.normalize()


def _adoption(dataset: Dataset, survey: pd.DataFrame, unit_code: pd.Series, unit_type: pd.Series, *,
              rollout: date | str | None, observed_until: date | str | None, within: int,
              day_unit: str, window: tuple[date | str, date | str] | None, tolerance: int) -> pd.DataFrame:
    index = survey.index
    columns = {
        "first_report_date": pd.Series(pd.NaT, index=index, dtype="datetime64[us]"),
        "days_to_first_report": pd.Series(np.nan, index=index),
        "reported": pd.Series(pd.NA, index=index, dtype="boolean"),
        "followup_days": pd.Series(np.nan, index=index),
        "adopted_within": pd.Series(pd.NA, index=index, dtype="boolean"),
        "reports_in_window": pd.Series(pd.NA, index=index, dtype="Int64"),
        "on_time_rate": pd.Series(np.nan, index=index),
    }
    if not dataset.has("activities"):
        return pd.DataFrame(columns, index=index)
    activities = dataset.table("activities")
    bounds = activities.aggregate(first=activities.activity_date.min(),
                                  last=activities.activity_date.max()).to_pandas()
    if bounds.empty or pd.isna(bounds.at[0, "first"]):
        return pd.DataFrame(columns, index=index)
    start = _as_date(rollout, "rollout") if rollout is not None else pd.Timestamp(bounds.at[0, "first"]).normalize()
    end = (_as_date(observed_until, "observed_until") if observed_until is not None
           else pd.Timestamp(bounds.at[0, "last"]).normalize())
    if end < start:
        raise ValueError(f"observed_until ({end.date()}) is before the rollout ({start.date()}).")
    if window is None:
        window_start, window_end = start, end
    else:
        if not isinstance(window, (tuple, list)) or len(window) != 2:
            raise ValueError(f"on_time_window must be a pair (first day, last day), got {window!r}.")
        window_start = _as_date(window[0], "on_time_window[0]")
        window_end = _as_date(window[1], "on_time_window[1]")
        if window_end < window_start:
            raise ValueError(f"on_time_window ends ({window_end.date()}) before it starts ({window_start.date()}).")

    kept = activities.filter(activities.activity_date <= ibis.literal(end.date()))
    first = kept.group_by("nip").aggregate(first_report=kept.activity_date.min()).to_pandas()
    in_window = activities.filter((activities.activity_date >= ibis.literal(window_start.date()))
                                  & (activities.activity_date <= ibis.literal(window_end.date())))
    on_time = in_window.submitted_at.date() <= in_window.activity_date + ibis.interval(days=tolerance)
    timeliness = in_window.group_by("nip").aggregate(reports=in_window.count(),
                                                     on_time=on_time.cast("int64").sum()).to_pandas()

    nips = survey["nip"]
    linked = nips.notna()
    first_date = pd.to_datetime(nips.map(first.set_index("nip")["first_report"])).dt.normalize()
    reported = first_date.notna()
    calendars = _calendars(dataset, unit_code, unit_type)
    days = pd.Series(np.nan, index=index)
    followup = pd.Series(np.nan, index=index)
    for calendar, members in calendars.items():
        members = members[linked[members].to_numpy()]
        if len(members) == 0:
            continue
        if day_unit == "workdays":
            workdays = calendar.workday_index(start.date(), end.date()).as_unit("ns")
            end_day = float(np.searchsorted(workdays, end.as_unit("ns"), side="right") - 1)
            firsts = first_date[members].dt.as_unit("ns")
            counted = np.searchsorted(workdays, firsts.to_numpy(), side="left").astype(float)
        else:
            end_day = float((end - start).days)
            counted = (first_date[members] - start).dt.days.to_numpy(dtype=float)
        counted = np.where(reported[members].to_numpy(), np.maximum(counted, 0.0), np.nan)
        days[members] = counted
        followup[members] = np.where(reported[members].to_numpy(), counted, max(end_day, 0.0))

    tally = timeliness.set_index("nip")
    reports = nips.map(tally["reports"]).astype("Float64").fillna(0).astype("Int64").where(linked, pd.NA)
    on_time_count = nips.map(tally["on_time"]).astype("Float64").fillna(0)
    rate = (on_time_count / reports.astype("Float64")).astype("Float64")
    rate = rate.where(reports.astype("Float64") > 0).to_numpy(dtype=float, na_value=np.nan)

    within_flag = pd.Series(pd.NA, index=index, dtype="boolean")
    within_flag[reported & (days <= within)] = True
    within_flag[linked & ((reported & (days > within)) | (~reported & (followup >= within)))] = False
    result = pd.DataFrame({
        "first_report_date": first_date.where(linked),
        "days_to_first_report": days,
        "reported": reported.astype("boolean").where(linked, pd.NA),
        "followup_days": followup,
        "adopted_within": within_flag,
        "reports_in_window": reports,
        "on_time_rate": pd.Series(rate, index=index),
    }, index=index)
    result.attrs.update(rollout=start, observed_until=end)
    return result


def _calendars(dataset: Dataset, unit_code: pd.Series, unit_type: pd.Series) -> dict[WorkCalendar, pd.Index]:
    """Respondents grouped by the working-day calendar of their unit (as `kinerja.metrics.ekinerja`)."""
    per_unit = unit_calendars(dataset.to_pandas("units")) if dataset.has("units") else {}
    calendars = []
    for code, kind in zip(unit_code, unit_type):
        if isinstance(code, str) and code in per_unit:
            calendars.append(per_unit[code])
        elif isinstance(kind, str):
            calendars.append(WorkCalendar.for_unit_type(kind))
        else:
            calendars.append(WorkCalendar())
    found: dict[WorkCalendar, list[Any]] = {}
    for respondent, calendar in zip(unit_code.index, calendars):
        found.setdefault(calendar, []).append(respondent)
    return {calendar: pd.Index(members) for calendar, members in found.items()}


# --------------------------------------------------------------------------------------
# Descriptives by group
# --------------------------------------------------------------------------------------

def _score_column(table: pd.DataFrame, score: str, argument: str = "score") -> pd.Series:
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame (from respondent_table), got {type(table).__name__}.")
    if score not in table.columns:
        raise ValueError(f"{argument} {score!r} is not a column of the table; columns are "
                         f"{', '.join(map(str, table.columns))}.")
    values = table[score]
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        raise ValueError(f"{argument} {score!r} holds {values.dtype} values, not numbers.")
    return values.astype("Float64").astype(float)


def _groups_in_order(labels: pd.Series) -> list[Any]:
    if isinstance(labels.dtype, pd.CategoricalDtype):
        return list(labels.cat.categories)
    return sorted(pd.unique(labels.dropna()), key=str)


def describe_by_group(table: pd.DataFrame, by: str | Sequence[str] = GROUP_ATTRIBUTES, score: str = TOTAL, *,
                      min_n: int = MIN_GROUP_N, ci: float = 0.95) -> pd.DataFrame:
    """n, mean, sd, median and CI of the mean of a score per group, small groups suppressed.

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table` (or any table with the columns).
    by : str or sequence of str, default GROUP_ATTRIBUTES
        Grouping column(s); each gives its own block of rows.
    score : str, default "total"
        The score to describe; respondents without it are not counted.
    min_n : int, default 5
        Groups with fewer respondents (with a score) are *suppressed*.
    ci : float, default 0.95
        Level of the t interval of the mean, ``mean +- t(n-1) sd / sqrt(n)``.

    Returns
    -------
    pandas.DataFrame
        One row per attribute and group, also for suppressed and empty
        groups (so that a reader sees the group exists): ``attribute``,
        ``group``, ``n`` (nullable integer, NA when suppressed), ``n_label``
        (the count as text, ``"<5"`` when suppressed: what a report
        prints), ``suppressed``, ``mean``, ``sd``, ``median``, ``ci_low``,
        ``ci_high`` (NaN when suppressed).  Respondents whose attribute is
        missing form a last row with ``group`` NA.

    Notes
    -----
    Suppression is primary only: where the total number of respondents is
    published elsewhere and only one group of an attribute is suppressed,
    its size can be recovered by subtraction; suppress a second group or
    merge bands before publishing such a table.
    """
    _check_ci(ci)
    min_n = _check_min_n(min_n, "min_n")
    attributes = [by] if isinstance(by, str) else list(by)
    values = _score_column(table, score)
    rows = []
    for attribute in attributes:
        if attribute not in table.columns:
            raise ValueError(f"by {attribute!r} is not a column of the table; columns are "
                             f"{', '.join(map(str, table.columns))}.")
        labels = table[attribute]
        groups: list[Any] = _groups_in_order(labels)
        if labels.isna().any():
            groups.append(pd.NA)
        for group in groups:
            members = labels.isna() if group is pd.NA else (labels == group).fillna(False).astype(bool)
            sample = values[members.to_numpy()].dropna().to_numpy()
            rows.append(_describe(attribute, group, sample, min_n, ci))
    frame = pd.DataFrame(rows, columns=["attribute", "group", "n", "n_label", "suppressed", "mean", "sd",
                                           "median", "ci_low", "ci_high"])
    frame["n"] = frame["n"].astype("Int64")
    frame["suppressed"] = frame["suppressed"].astype(bool)
    return frame


def _describe(attribute: str, group: Any, sample: np.ndarray, min_n: int, ci: float) -> list[Any]:
    n = len(sample)
    if n < min_n:
        return [attribute, group, pd.NA, f"<{min_n}", True, np.nan, np.nan, np.nan, np.nan, np.nan]
    mean = float(sample.mean())
    sd = float(sample.std(ddof=1)) if n > 1 else np.nan
    half = float(stats.t.ppf(1 - (1 - ci) / 2, n - 1) * sd / math.sqrt(n)) if n > 1 else np.nan
    return [attribute, group, n, str(n), False, mean, sd, float(np.median(sample)), mean - half, mean + half]


def _check_ci(ci: float) -> None:
    if isinstance(ci, bool) or not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a confidence level strictly between 0 and 1, got {ci!r}.")


@dataclass(frozen=True)
class SampleSummary:
    """Who answered the survey, against the employees, overall and by group.

    Attributes
    ----------
    respondents : int
        Survey rows (every respondent, linked or not).
    linked : int
        Respondents whose NIP is in the employees table.
    employees : int
        Rows of the employees table (0 without one).
    response_rate : float
        ``respondents / employees``; NaN without employees.
    at : pandas.Timestamp or None
        The day the employees' attributes are computed for (the last
        survey day).
    by_group : pandas.DataFrame
        Per attribute and group: ``attribute``, ``group``, ``employees``,
        ``respondents`` (linked respondents; nullable, NA when
        suppressed), ``respondents_label`` (``"<5"`` when suppressed),
        ``suppressed``, ``response_rate`` (NaN when suppressed).  Groups
        come from the employees table at ``at``, so every respondent is
        counted in the group it is counted against; unlinked respondents
        have no group and are in ``respondents`` and ``linked`` only.
    """

    respondents: int
    linked: int
    employees: int
    response_rate: float
    at: pd.Timestamp | None
    by_group: pd.DataFrame


def sample_summary(dataset: Dataset, by: str | Sequence[str] = GROUP_ATTRIBUTES, *,
                   age_bands: Sequence[float] = AGE_BAND_EDGES, tenure_bands: Sequence[float] = TENURE_BAND_EDGES,
                   min_n: int = MIN_GROUP_N, at: date | str | None = None) -> SampleSummary:
    """Respondents and response rates against the employees, by group, small groups suppressed.

    Every employee's age band, tenure band, golongan group, unit, unit type
    and PNS/PPPK status is computed as `respondent_table` computes a
    respondent's from the employees table (without the survey's own
    columns), on the day ``at``; a group's response rate is its linked
    respondents over its employees.  A group with fewer than ``min_n``
    respondents is suppressed (count shown as ``"<5"``, no rate), as in
    `describe_by_group`.  No NIP leaves this function.

    Parameters
    ----------
    dataset : Dataset
        Needs ``change_survey``; ``employees`` and ``units`` for the rates.
    by : str or sequence of str, default GROUP_ATTRIBUTES
    age_bands, tenure_bands : sequence of float
    min_n : int, default 5
    at : date or str, optional
        Default: the last survey day.

    Returns
    -------
    SampleSummary

    Raises
    ------
    DataError
        The dataset has no change_survey table (see `respondent_table`).
    ValueError
        An unknown attribute or a bad parameter.
    """
    min_n = _check_min_n(min_n, "min_n")
    age_edges = _check_edges(age_bands, "age_bands")
    tenure_edges = _check_edges(tenure_bands, "tenure_bands")
    attributes = [by] if isinstance(by, str) else list(by)
    survey = _survey_with_nip(dataset)
    when = _as_date(at, "at") if at is not None else (survey["survey_date"].max() if len(survey) else None)
    employees = dataset.to_pandas("employees") if dataset.has("employees") else pd.DataFrame({"nip": []})
    nips = employees["nip"].dropna().astype("string").drop_duplicates()
    staff = pd.DataFrame({"nip": nips.to_numpy(), "survey_date": when}, index=pd.Index(nips.to_numpy()))
    groups = _attributes(dataset, staff, age_edges, tenure_edges)
    answered = pd.Series(staff.index.isin(survey["nip"].dropna().astype(str)), index=staff.index)
    rows = []
    for attribute in attributes:
        if attribute not in groups.columns or attribute == "linked":
            known = ", ".join(c for c in groups.columns if c != "linked")
            raise ValueError(f"by {attribute!r} is not an attribute of the employees; use one of {known}.")
        labels = groups[attribute]
        levels: list[Any] = _groups_in_order(labels)
        if labels.isna().any():
            levels.append(pd.NA)
        for level in levels:
            members = labels.isna() if level is pd.NA else (labels == level).fillna(False).astype(bool)
            staffed = int(members.sum())
            responded = int((members & answered).sum())
            hidden = responded < min_n
            rows.append([attribute, level, staffed, pd.NA if hidden else responded,
                         f"<{min_n}" if hidden else str(responded), hidden,
                         np.nan if hidden or staffed == 0 else responded / staffed])
    frame = pd.DataFrame(rows, columns=["attribute", "group", "employees", "respondents", "respondents_label",
                                        "suppressed", "response_rate"])
    frame = frame.astype({"employees": "int64", "respondents": "Int64", "suppressed": bool,
                          "response_rate": float})
    total = len(survey)
    return SampleSummary(respondents=total, linked=int(survey["nip"].isin(set(nips)).sum()),
                         employees=len(nips), response_rate=total / len(nips) if len(nips) else float("nan"),
                         at=when, by_group=frame)


def _check_min_n(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    return int(value)


# --------------------------------------------------------------------------------------
# Omnibus tests and effect sizes
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OmnibusTest:
    """A test of equal groups: Welch's ANOVA or Kruskal-Wallis.

    Attributes
    ----------
    method : {"welch", "kruskal"}
    statistic : float
        Welch's F, or the Kruskal-Wallis H (tie-corrected).
    df1 : float
        Numerator degrees of freedom (groups minus one).
    df2 : float
        Welch's denominator degrees of freedom; NaN for Kruskal-Wallis.
    p_value : float
    """

    method: str
    statistic: float
    df1: float
    df2: float
    p_value: float


def _samples(samples: Sequence[Sequence[float]], minimum: int) -> list[np.ndarray]:
    arrays = [np.asarray(s, dtype=float) for s in samples]
    if len(arrays) < 2:
        raise ValueError(f"samples must hold at least 2 groups, got {len(arrays)}.")
    for position, array in enumerate(arrays):
        if array.ndim != 1:
            raise ValueError(f"sample {position} must be one-dimensional, got shape {array.shape}.")
        if np.isnan(array).any():
            raise ValueError(f"sample {position} holds missing values; drop them first.")
        if len(array) < minimum:
            raise ValueError(f"sample {position} has {len(array)} value(s); at least {minimum} are needed.")
    return arrays


def welch_anova(*samples: Sequence[float]) -> OmnibusTest:
    """Welch's (1951) one-way ANOVA, which does not assume equal variances.

    With ``w_i = n_i / s_i^2``, ``W = sum w_i``, the weighted mean
    ``m = sum w_i mean_i / W`` and
    ``lambda = sum (1 - w_i / W)^2 / (n_i - 1)``::

        F   = [sum w_i (mean_i - m)^2 / (k - 1)] / [1 + 2 (k - 2) lambda / (k^2 - 1)]
        df1 = k - 1
        df2 = (k^2 - 1) / (3 lambda)

    the statistic of R's ``oneway.test(var.equal = FALSE)``.

    Parameters
    ----------
    *samples : sequence of float
        One sample per group, each with at least 2 values and some spread.

    Returns
    -------
    OmnibusTest

    Raises
    ------
    ValueError
        Fewer than 2 groups, a group with fewer than 2 values, missing
        values, or a group whose values are all equal (its weight is
        infinite).

    Examples
    --------
    >>> r = welch_anova([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0],
    ...                 [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4])
    >>> round(r.statistic, 4), round(r.df2, 3)   # R: t = -1.8608, df = 17.776
    (3.4626, 17.776)
    """
    arrays = _samples(samples, 2)
    n = np.array([len(a) for a in arrays], dtype=float)
    means = np.array([a.mean() for a in arrays])
    variances = np.array([a.var(ddof=1) for a in arrays])
    if (variances <= 0).any():
        position = int(np.flatnonzero(variances <= 0)[0])
        raise ValueError(f"sample {position} has no variance (all values equal), so Welch's ANOVA is "
                         f"undefined; use kruskal_wallis.")
    k = len(arrays)
    weights = n / variances
    total = weights.sum()
    centre = (weights * means).sum() / total
    between = (weights * (means - centre) ** 2).sum() / (k - 1)
    lam = ((1 - weights / total) ** 2 / (n - 1)).sum()
    statistic = between / (1 + 2 * (k - 2) * lam / (k ** 2 - 1))
    df2 = (k ** 2 - 1) / (3 * lam)
    return OmnibusTest("welch", float(statistic), float(k - 1), float(df2),
                       float(stats.f.sf(statistic, k - 1, df2)))


def kruskal_wallis(*samples: Sequence[float]) -> OmnibusTest:
    """The Kruskal-Wallis H test, corrected for ties.

    ``H = [12 / (N (N + 1)) sum R_i^2 / n_i - 3 (N + 1)] / [1 - sum (t^3 - t) / (N^3 - N)]``
    with ``R_i`` the rank sums (mid-ranks for ties) and ``t`` the sizes of
    the tie groups; chi-square with ``k - 1`` degrees of freedom.

    Raises
    ------
    ValueError
        Fewer than 2 groups, an empty group, missing values, or all values
        equal.
    """
    arrays = _samples(samples, 1)
    pooled = np.concatenate(arrays)
    total = len(pooled)
    ranks = stats.rankdata(pooled)
    _, tie_sizes = np.unique(pooled, return_counts=True)
    correction = 1 - (tie_sizes ** 3 - tie_sizes).sum() / (total ** 3 - total)
    if correction <= 0:
        raise ValueError("every value is the same, so the Kruskal-Wallis test is undefined.")
    bounds = np.cumsum([0] + [len(a) for a in arrays])
    rank_sums = np.array([ranks[a:b].sum() for a, b in zip(bounds, bounds[1:])])
    sizes = np.diff(bounds)
    h = (12 / (total * (total + 1)) * (rank_sums ** 2 / sizes).sum() - 3 * (total + 1)) / correction
    df = len(arrays) - 1
    return OmnibusTest("kruskal", float(h), float(df), float("nan"), float(stats.chi2.sf(h, df)))


def omega_squared_from_f(f: float, df1: float, df2: float) -> float:
    """Omega-squared from an F statistic: ``(F - 1) df1 / (F df1 + df2 + 1)``, at least 0.

    The formula of the R package effectsize (``F_to_omega2``; Ben-Shachar,
    Ludecke & Makowski, 2020, JOSS 5(56), 2815), which with Welch's F and
    degrees of freedom gives the omega-squared reported for ``oneway.test``.
    A negative estimate (F < 1) is reported as 0.
    """
    value = (f - 1) * df1 / (f * df1 + df2 + 1)
    return float(max(0.0, value))


def epsilon_squared(h: float, n: int) -> float:
    """Epsilon-squared of a Kruskal-Wallis test: ``H / ((n^2 - 1) / (n + 1))`` = ``H / (n - 1)``.

    Tomczak & Tomczak (2014), Trends in Sport Sciences 1(21), 19-25.
    """
    return float(h / ((n ** 2 - 1) / (n + 1)))


# --------------------------------------------------------------------------------------
# Group comparisons
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupComparison:
    """A comparison of a score across the groups of one attribute.

    Attributes
    ----------
    attribute, score : str
        The grouping column and the score compared.
    method : {"welch", "kruskal"}
    test : OmnibusTest
    effect_size_name : {"omega_squared", "epsilon_squared"}
    effect_size : float
    ci_low, ci_high : float
        Bias-corrected percentile bootstrap interval of the effect size
        (each group resampled with replacement within itself); NaN when
        the bootstrap is too biased to correct (explained in ``rule``).
    ci : float
    n : int
        Respondents compared.
    groups : tuple
        The groups compared, in order, with their sizes in ``group_sizes``.
    group_sizes : tuple of int
    excluded : tuple
        Groups left out because they had fewer than ``min_n`` respondents.
    rule : str
        Why this method was used, which groups were left out, and why an
        interval is missing when it is.
    n_boot : int
    random_state : int or None
    """

    attribute: str
    score: str
    method: str
    test: OmnibusTest
    effect_size_name: str
    effect_size: float
    ci_low: float
    ci_high: float
    ci: float
    n: int
    groups: tuple[Any, ...]
    group_sizes: tuple[int, ...]
    excluded: tuple[Any, ...]
    rule: str
    n_boot: int
    random_state: int | None

    def apa(self) -> str:
        """APA style, e.g. ``F(3, 210.4) = 4.12, p = .007, ω² = .04, 95% CI [.01, .08]``."""
        symbol = "ω²" if self.effect_size_name == "omega_squared" else "ε²"
        level = f"{round(self.ci * 100):d}%"
        interval = f"{level} CI [{_short(self.ci_low)}, {_short(self.ci_high)}]"
        if self.method == "welch":
            head = f"F({self.test.df1:.0f}, {self.test.df2:.1f}) = {self.test.statistic:.2f}"
        else:
            head = f"H({self.test.df1:.0f}) = {self.test.statistic:.2f}"
        return f"{head}, {format_p(self.test.p_value)}, {symbol} = {_short(self.effect_size)}, {interval}"

    def to_frame(self) -> pd.DataFrame:
        """One row with the test, effect size, interval and rule."""
        return pd.DataFrame([{
            "attribute": self.attribute, "score": self.score, "method": self.method, "k": len(self.groups),
            "n": self.n, "statistic": self.test.statistic, "df1": self.test.df1, "df2": self.test.df2,
            "p_value": self.test.p_value, "effect_size_name": self.effect_size_name,
            "effect_size": self.effect_size, "ci_low": self.ci_low, "ci_high": self.ci_high,
            "excluded": ", ".join(map(str, self.excluded)), "rule": self.rule, "apa": self.apa(),
        }])


def _short(value: float, decimals: int = 2) -> str:
    """A proportion without its leading zero, APA style: ``.04``, ``-.01``."""
    if value is None or not np.isfinite(value):
        return "NA"
    text = f"{value:.{decimals}f}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def compare_groups(table: pd.DataFrame, by: str, score: str = TOTAL, *,
                   method: Literal["auto", "welch", "kruskal"] = "auto", min_n: int = MIN_GROUP_N,
                   welch_min_n: int = WELCH_MIN_N, ci: float = 0.95, n_boot: int = 2000,
                   random_state: int | None = 0) -> GroupComparison:
    """Compare a score across the groups of an attribute, with an effect size.

    The rule (``method="auto"``): groups with fewer than ``min_n``
    respondents are left out (they are suppressed in the descriptives, and a
    test on two or three answers says little); respondents with a missing
    group are left out too.  If every remaining group has at least
    ``welch_min_n`` respondents (default 15), Welch's ANOVA compares the
    means: it does not assume equal variances, and with 2-9 groups of at
    least 15 it keeps close to its nominal error rate for skewed data too
    (the rule of thumb of the Minitab Assistant white paper "One-Way
    ANOVA").  Otherwise (or when a group's scores are all equal) the
    Kruskal-Wallis test compares the distributions by ranks.  Effect sizes:
    omega-squared from Welch's F (`omega_squared_from_f`), epsilon-squared
    for Kruskal-Wallis (`epsilon_squared`).

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table`.
    by : str
        Grouping column, e.g. ``"age_band"``.
    score : str, default "total"
    method : {"auto", "welch", "kruskal"}, default "auto"
        ``"welch"`` or ``"kruskal"`` force the test.
    min_n : int, default 5
    welch_min_n : int, default 15
    ci : float, default 0.95
        Level of the bootstrap interval of the effect size: bias-corrected
        percentiles (see `_bias_corrected_interval`) of the effect size
        over ``n_boot`` resamples, each group resampled within itself.
    n_boot : int, default 2000
        Bootstrap resamples (at least 100).
    random_state : int or None, default 0
        Seed of ``numpy.random.default_rng``; the same seed gives the same
        interval.

    Returns
    -------
    GroupComparison

    Raises
    ------
    ValueError
        An unknown column or method, fewer than 2 groups with ``min_n``
        respondents, or ``method="welch"`` with a group of equal scores.
    """
    _check_ci(ci)
    min_n = _check_min_n(min_n, "min_n")
    welch_min_n = _check_min_n(welch_min_n, "welch_min_n")
    if method not in ("auto", "welch", "kruskal"):
        raise ValueError(f"method must be 'auto', 'welch' or 'kruskal', got {method!r}.")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot must be a whole number >= 100, got {n_boot!r}.")
    if by not in table.columns:
        raise ValueError(f"by {by!r} is not a column of the table; columns are {', '.join(map(str, table.columns))}.")
    values = _score_column(table, score)
    labels = table[by]
    kept, excluded, samples = [], [], []
    for group in _groups_in_order(labels):
        sample = values[(labels == group).fillna(False).to_numpy(dtype=bool)].dropna().to_numpy()
        if len(sample) == 0:
            continue
        if len(sample) < min_n:
            excluded.append(group)
        else:
            kept.append(group)
            samples.append(sample)
    if len(samples) < 2:
        raise ValueError(f"by {by!r} has {len(samples)} group(s) with at least {min_n} respondents with a "
                         f"{score!r} score; a comparison needs 2.")
    sizes = [len(s) for s in samples]
    flat = any(np.ptp(s) == 0 for s in samples)
    if method == "welch":
        chosen, rule = "welch", "Welch's ANOVA, as requested"
    elif method == "kruskal":
        chosen, rule = "kruskal", "Kruskal-Wallis, as requested"
    elif flat:
        chosen, rule = "kruskal", "Kruskal-Wallis: a group's scores are all equal, so Welch's ANOVA is undefined"
    elif min(sizes) >= welch_min_n:
        chosen, rule = "welch", f"Welch's ANOVA: every group has at least {welch_min_n} respondents"
    else:
        chosen, rule = "kruskal", (f"Kruskal-Wallis: the smallest group has {min(sizes)} respondents, "
                                   f"fewer than {welch_min_n}")
    if excluded:
        rule += f"; left out with fewer than {min_n}: {', '.join(map(str, excluded))}"
    total = int(sum(sizes))

    def effect(groups: list[np.ndarray]) -> float:
        if chosen == "welch":
            result = welch_anova(*groups)
            return omega_squared_from_f(result.statistic, result.df1, result.df2)
        return epsilon_squared(kruskal_wallis(*groups).statistic, total)

    test = welch_anova(*samples) if chosen == "welch" else kruskal_wallis(*samples)
    estimate = effect(samples)
    rng = np.random.default_rng(random_state)
    draws = np.full(int(n_boot), np.nan)
    for b in range(int(n_boot)):
        resampled = [s[rng.integers(0, len(s), len(s))] for s in samples]
        try:
            draws[b] = effect(resampled)
        except ValueError:
            continue  # a resample with no spread in a group: no statistic, skip it
    low, high = _bias_corrected_interval(draws, estimate, ci)
    if np.isnan(low):
        rule += ("; no bootstrap interval: nearly every resample gives a larger effect size than the data "
                 "(many small groups inflate it), so no interval would be trustworthy")
    return GroupComparison(
        attribute=by, score=score, method=chosen, test=test,
        effect_size_name="omega_squared" if chosen == "welch" else "epsilon_squared",
        effect_size=estimate, ci_low=float(low), ci_high=float(high), ci=float(ci), n=total,
        groups=tuple(kept), group_sizes=tuple(sizes), excluded=tuple(excluded), rule=rule,
        n_boot=int(n_boot), random_state=random_state,
    )


def _bias_corrected_interval(draws: np.ndarray, estimate: float, ci: float) -> tuple[float, float]:
    """Bias-corrected (BC) percentile bootstrap interval (Efron, 1987, JASA 82(397), 171-185).

    Resampling inflates between-group differences, so bootstrapped effect
    sizes sit above the estimate, most with many small groups; the plain
    percentile interval can then miss the estimate altogether.  BC shifts
    the percentiles by ``z0 = Phi^-1(share of draws below the estimate)``
    (ties count half): the bounds are the ``Phi(2 z0 -+ z)`` quantiles.
    When fewer than ``(1 - ci) / 2`` of the draws lie on one side of the
    estimate, the bias is too large to correct and both bounds are NaN.
    """
    draws = draws[~np.isnan(draws)]
    if len(draws) == 0:
        return float("nan"), float("nan")
    below = (np.sum(draws < estimate) + 0.5 * np.sum(draws == estimate)) / len(draws)
    if not (1 - ci) / 2 <= below <= 1 - (1 - ci) / 2:
        # Nearly every draw on one side: the correction extrapolates beyond the draws, and
        # no percentile interval is trustworthy.
        return float("nan"), float("nan")
    z0 = stats.norm.ppf(below)
    z = stats.norm.ppf(1 - (1 - ci) / 2)
    low, high = np.quantile(draws, stats.norm.cdf([2 * z0 - z, 2 * z0 + z]))
    return float(low), float(high)


# --------------------------------------------------------------------------------------
# Regressions
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegressionResult:
    """A fitted OLS or logistic model of an outcome on an exposure with controls.

    Attributes
    ----------
    kind : {"ols", "logit"}
    outcome, exposure : str
    formula : str
        The statsmodels formula fitted.
    n : int
        Rows used.
    n_excluded : int
        Rows left out for a missing outcome, exposure or control.
    cov_type : str
        ``"HC3"``, ``"nonrobust"``, ...
    ci : float
    coefficients : pandas.DataFrame
        Per term: ``estimate``, ``se``, ``statistic``, ``p_value``,
        ``ci_low``, ``ci_high``; for a logit also ``odds_ratio``,
        ``or_ci_low``, ``or_ci_high``.
    fit_statistic : float
        R-squared (OLS) or McFadden's pseudo R-squared (logit).
    dropped_controls : tuple of str
        Controls left out because they do not vary in the rows used.
    notes : tuple of str
    model : object
        The statsmodels results, for anything not summarised here.
    """

    kind: str
    outcome: str
    exposure: str
    formula: str
    n: int
    n_excluded: int
    cov_type: str
    ci: float
    coefficients: pd.DataFrame
    fit_statistic: float
    dropped_controls: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    model: Any = field(default=None, repr=False, compare=False)

    @property
    def exposure_term(self) -> str:
        """The coefficient name of the exposure."""
        matches = [t for t in self.coefficients.index if t == self.exposure or t.startswith(f"{self.exposure}[")]
        return matches[0]

    @property
    def estimate(self) -> float:
        """The exposure's coefficient (a log odds ratio for a logit)."""
        return float(self.coefficients.at[self.exposure_term, "estimate"])

    @property
    def se(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "se"])

    @property
    def ci_low(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "ci_low"])

    @property
    def ci_high(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "ci_high"])

    @property
    def p_value(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "p_value"])

    def apa(self) -> str:
        """The exposure's coefficient in APA style.

        OLS: ``b = 10.84, SE (HC3) = 0.61, 95% CI [9.64, 12.04], p < .001``;
        logit: ``OR = 0.31, 95% CI [0.22, 0.43], p < .001``.
        """
        level = f"{round(self.ci * 100):d}%"
        if self.kind == "logit":
            row = self.coefficients.loc[self.exposure_term]
            return (f"OR = {row['odds_ratio']:.2f}, {level} CI [{row['or_ci_low']:.2f}, {row['or_ci_high']:.2f}], "
                    f"{format_p(self.p_value)}")
        label = "" if self.cov_type == "nonrobust" else f" ({self.cov_type})"
        # Two significant digits of the standard error, and at least two decimals.
        places = 2 if not self.se > 0 else max(2, 1 - math.floor(math.log10(self.se)))
        return (f"b = {self.estimate:.{places}f}, SE{label} = {self.se:.{places}f}, {level} CI "
                f"[{self.ci_low:.{places}f}, {self.ci_high:.{places}f}], {format_p(self.p_value)}")

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table (a copy)."""
        return self.coefficients.copy()


def _is_categorical(values: pd.Series) -> bool:
    return not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values) \
        or isinstance(values.dtype, pd.CategoricalDtype)


def _model_frame(table: pd.DataFrame, outcome: str, exposure: str, controls: Sequence[str],
                 binary_outcome: bool) -> tuple[pd.DataFrame, str, list[str], list[str]]:
    if isinstance(controls, str):
        controls = [controls]
    controls = list(controls)
    for name, argument in [(outcome, "outcome"), (exposure, "exposure")] + [(c, "controls") for c in controls]:
        if name not in table.columns:
            raise ValueError(f"{argument} {name!r} is not a column of the table; columns are "
                             f"{', '.join(map(str, table.columns))}.")
        if not name.isidentifier():
            raise ValueError(f"{argument} {name!r} must be a column name of letters, digits and underscores.")
    if exposure == outcome or exposure in controls or outcome in controls:
        raise ValueError(f"outcome {outcome!r}, exposure {exposure!r} and controls {controls!r} must differ.")
    used = [outcome, exposure, *controls]
    frame = pd.DataFrame(index=table.index)
    for name in used:
        values = table[name]
        if name == outcome and binary_outcome:
            numeric = values.astype("Float64")
            if not set(numeric.dropna().unique()) <= {0.0, 1.0}:
                raise ValueError(f"outcome {outcome!r} must be True/False or 1/0 for a logistic model.")
            frame[name] = numeric.astype(float)
        elif name == outcome:
            if _is_categorical(values):
                raise ValueError(f"outcome {outcome!r} holds {values.dtype} values, not numbers.")
            frame[name] = values.astype("Float64").astype(float)
        elif pd.api.types.is_bool_dtype(values):
            frame[name] = values.astype("Float64").astype(float)
        elif _is_categorical(values):
            frame[name] = values.astype("object").where(values.notna(), None)
        else:
            frame[name] = values.astype("Float64").astype(float)
    complete = frame.dropna()
    dropped = [c for c in controls if complete[c].nunique() < 2]
    kept = [c for c in controls if c not in dropped]
    if complete[exposure].nunique() < 2:
        raise ValueError(f"exposure {exposure!r} does not vary in the {len(complete)} complete rows; "
                         f"there is nothing to estimate.")

    def term(name: str) -> str:
        return f"C({name})" if complete[name].dtype == object else name

    formula = f"{outcome} ~ {term(exposure)}" + "".join(f" + {term(c)}" for c in kept)
    return complete, formula, dropped, kept


def _is_scale_score(table: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` is a survey score (`respondent_table` lists them in ``attrs``)."""
    return column in table.attrs.get("score_columns", (TOTAL,))


def _coefficients(results: Any, ci: float, logit: bool) -> pd.DataFrame:
    interval = results.conf_int(alpha=1 - ci)
    table = pd.DataFrame({
        "estimate": results.params,
        "se": results.bse,
        "statistic": results.tvalues,
        "p_value": results.pvalues,
        "ci_low": interval.iloc[:, 0],
        "ci_high": interval.iloc[:, 1],
    })
    if logit:
        table["odds_ratio"] = np.exp(table["estimate"])
        table["or_ci_low"] = np.exp(table["ci_low"])
        table["or_ci_high"] = np.exp(table["ci_high"])
    table.index.name = "term"
    return table


def adoption_regression(table: pd.DataFrame, *, outcome: str = "days_to_first_report", exposure: str = TOTAL,
                        controls: Sequence[str] = DEFAULT_CONTROLS, cov_type: str = "HC3",
                        ci: float = 0.95) -> RegressionResult:
    """OLS of an adoption measure on resistance with controls, robust (HC3) standard errors.

    ``outcome ~ exposure + controls`` with the statsmodels formula API; text
    and boolean columns enter as categories (``C(...)``), numbers as they
    are.  Rows with a missing value in any column used are left out
    (counted in ``n_excluded``); a control that does not vary in the rows
    left is dropped (listed in ``dropped_controls``).

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table`.
    outcome : str, default "days_to_first_report"
    exposure : str, default "total"
    controls : sequence of str, default ("age", "tenure_years", "employment_type", "unit_type")
    cov_type : str, default "HC3"
        Any ``cov_type`` of statsmodels' ``OLS.fit`` without extra
        arguments (``"nonrobust"``, ``"HC0"`` ... ``"HC3"``).  HC3
        (MacKinnon & White, 1985) because adoption delays are skewed and
        their spread grows with resistance.
    ci : float, default 0.95

    Returns
    -------
    RegressionResult

    Notes
    -----
    Employees who never reported have no ``days_to_first_report`` and are
    left out here (see ``notes``); `adoption_survival` keeps them as
    censored.  The survey measures resistance with error, which biases the
    slope towards zero (attenuation by the scale's reliability).  When the
    survey was taken after the rollout, adoption experience may also have
    shaped the answers.
    """
    _check_ci(ci)
    frame, formula, dropped, _ = _model_frame(table, outcome, exposure, controls, binary_outcome=False)
    results = smf.ols(formula, data=frame).fit(cov_type=cov_type)
    notes = []
    if outcome == "days_to_first_report" and "reported" in table.columns:
        never = int((table["reported"] == False).sum())  # noqa: E712 - nullable boolean
        if never:
            notes.append(f"{never} respondent(s) with no report by the end of the log are left out; "
                         f"see adoption_survival, which keeps them as censored.")
    if _is_scale_score(table, exposure):
        notes.append("Resistance is measured with error, which pulls the slope towards zero.")
    return RegressionResult(
        kind="ols", outcome=outcome, exposure=exposure, formula=formula, n=int(results.nobs),
        n_excluded=len(table) - int(results.nobs), cov_type=cov_type, ci=float(ci),
        coefficients=_coefficients(results, ci, logit=False), fit_statistic=float(results.rsquared),
        dropped_controls=tuple(dropped), notes=tuple(notes), model=results,
    )


def adoption_logit(table: pd.DataFrame, *, outcome: str = "adopted_within", exposure: str = TOTAL,
                   controls: Sequence[str] = DEFAULT_CONTROLS, cov_type: str = "nonrobust",
                   ci: float = 0.95) -> RegressionResult:
    """Logistic model of adoption within N days on resistance with controls.

    As `adoption_regression`, with ``statsmodels.formula.api.logit``;
    the exposure's odds ratio per point of resistance is in ``apa()`` and
    the ``odds_ratio`` columns.  Respondents with ``adopted_within`` NA (not
    followed for N days) are left out.

    Raises
    ------
    ValueError
        As `adoption_regression`; an outcome that is not binary; a model
        that cannot be fitted (e.g. perfect separation).
    """
    _check_ci(ci)
    frame, formula, dropped, _ = _model_frame(table, outcome, exposure, controls, binary_outcome=True)
    if frame[outcome].nunique() < 2:
        raise ValueError(f"outcome {outcome!r} takes one value in every complete row; a logistic model "
                         f"needs both adopters and non-adopters (change adoption_within_days).")
    try:
        results = smf.logit(formula, data=frame).fit(disp=0, cov_type=cov_type)
    except Exception as error:  # statsmodels raises several types for separation and singularity
        raise ValueError(f"the logistic model {formula!r} could not be fitted: {error}") from error
    return RegressionResult(
        kind="logit", outcome=outcome, exposure=exposure, formula=formula, n=int(results.nobs),
        n_excluded=len(table) - int(results.nobs), cov_type=cov_type, ci=float(ci),
        coefficients=_coefficients(results, ci, logit=True), fit_statistic=float(results.prsquared),
        dropped_controls=tuple(dropped),
        notes=(("Resistance is measured with error, which pulls the odds ratio towards 1.",)
               if _is_scale_score(table, exposure) else ()), model=results,
    )


_TERM = re.compile(r"^C\((?P<variable>[A-Za-z_][A-Za-z0-9_]*)\)\[T\.(?P<level>.*)\]$")


def regression_terms(result: RegressionResult) -> pd.DataFrame:
    """Name the variable, level and reference category of every coefficient.

    Statsmodels names a category's coefficient ``C(unit_type)[T.sekolah]``:
    the difference from the reference category, the first level in sorted
    order (patsy's treatment coding).  This splits the names so a report
    can label them in its own language.

    Parameters
    ----------
    result : RegressionResult
        From `adoption_regression`, `adoption_logit` or
        `compare_sosialisasi` (its ``regression``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term`` as `RegressionResult.coefficients`, columns
        ``variable`` (``"Intercept"`` for the intercept), ``level`` (the
        category; NA for a number) and ``reference`` (the reference
        category; NA for a number).
    """
    data = getattr(getattr(getattr(result.model, "model", None), "data", None), "frame", None)
    rows = []
    for term in result.coefficients.index:
        match = _TERM.match(str(term))
        if match is None:
            rows.append((term, str(term), pd.NA, pd.NA))
            continue
        variable, level = match.group("variable"), match.group("level")
        reference: Any = pd.NA
        if data is not None and variable in data.columns:
            levels = sorted(map(str, pd.unique(data[variable].dropna())))
            named = {m.group("level") for m in map(_TERM.match, map(str, result.coefficients.index))
                     if m is not None and m.group("variable") == variable}
            reference = next((value for value in levels if value not in named), pd.NA)
        rows.append((term, variable, level, reference))
    return pd.DataFrame(rows, columns=["term", "variable", "level", "reference"]).set_index("term")


# --------------------------------------------------------------------------------------
# Survival: time to adoption by resistance tertile
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AdoptionSurvival:
    """Kaplan-Meier curves of time to the first report, per group, and their log-rank test.

    Attributes
    ----------
    by : str
        The grouping column (default the resistance tertile).
    curves : dict
        Group -> `kinerja.research.survival.KaplanMeier`; the survival is the share
        *not yet* reporting.
    logrank : LogRankResult
    n_excluded : int
        Respondents without a group, a time or an event flag.
    """

    by: str
    curves: Mapping[Any, KaplanMeier]
    logrank: LogRankResult
    n_excluded: int

    def to_frame(self) -> pd.DataFrame:
        """All curves in one long table, with ``adopted = 1 - survival`` for plotting."""
        parts = []
        for group, curve in self.curves.items():
            part = curve.to_frame()
            part.insert(0, "group", group)
            part["adopted"] = 1 - part["survival"]
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    def medians(self) -> pd.DataFrame:
        """Per group: subjects, events and the median time to the first report."""
        return pd.DataFrame([{"group": g, "n": c.n, "events": c.n_events, "median_days": c.median()}
                             for g, c in self.curves.items()])


def adoption_survival(table: pd.DataFrame, *, by: str = "resistance_tertile", time: str = "followup_days",
                      event: str = "reported", ci: float = 0.95,
                      ci_transform: Literal["log-log", "log", "plain"] = "log-log") -> AdoptionSurvival:
    """Kaplan-Meier curves of days to the first report per group, with a log-rank test.

    Employees who had not reported by the end of the log are censored at
    their follow-up time, so they count without being given an adoption
    day.  See `kinerja.research.survival` for the estimator, the Greenwood intervals
    and the test.

    Raises
    ------
    ValueError
        An unknown column, or fewer than two groups with data.
    """
    for name, argument in ((by, "by"), (time, "time"), (event, "event")):
        if name not in table.columns:
            raise ValueError(f"{argument} {name!r} is not a column of the table; columns are "
                             f"{', '.join(map(str, table.columns))}.")
    usable = table[by].notna() & table[time].notna() & table[event].notna()
    data = table.loc[usable.to_numpy(dtype=bool), [by, time, event]]
    groups = [g for g in _groups_in_order(table[by]) if (data[by] == g).any()]
    if len(groups) < 2:
        raise ValueError(f"by {by!r} has {len(groups)} group(s) with follow-up data; a comparison needs 2.")
    curves = {}
    for group in groups:
        part = data[data[by] == group]
        curves[group] = kaplan_meier(part[time].astype(float), part[event].astype(bool), ci=ci,
                                     ci_transform=ci_transform)
    labels = data[by]
    if isinstance(labels.dtype, pd.CategoricalDtype):
        labels = labels.cat.remove_unused_categories()
    test = logrank_test(data[time].astype(float), data[event].astype(bool), labels)
    return AdoptionSurvival(by=by, curves=curves, logrank=test, n_excluded=int((~usable).sum()))


# --------------------------------------------------------------------------------------
# Sosialisasi
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeanDifference:
    """Difference of two means with Welch's t interval (group a minus group b).

    Attributes
    ----------
    outcome : str
    group_a, group_b : str
        Labels, e.g. ``"attended"`` and ``"did not attend"``.
    n_a, n_b : int
    mean_a, mean_b : float
    difference : float
        ``mean_a - mean_b``.
    se : float
        ``sqrt(var_a / n_a + var_b / n_b)``.
    df : float
        Welch-Satterthwaite degrees of freedom.
    statistic : float
        Welch's t.
    p_value : float
        Two-sided.
    ci_low, ci_high : float
    ci : float
    """

    outcome: str
    group_a: str
    group_b: str
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    difference: float
    se: float
    df: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    ci: float

    def apa(self) -> str:
        """E.g. ``M = 3.14 vs 3.62, difference = -0.48, 95% CI [-0.60, -0.36], t(652.3) = -7.90, p < .001``."""
        level = f"{round(self.ci * 100):d}%"
        return (f"M = {self.mean_a:.2f} vs {self.mean_b:.2f}, difference = {self.difference:.2f}, "
                f"{level} CI [{self.ci_low:.2f}, {self.ci_high:.2f}], t({self.df:.1f}) = {self.statistic:.2f}, "
                f"{format_p(self.p_value)}")

    def to_frame(self) -> pd.DataFrame:
        """One row with every field."""
        return pd.DataFrame([self.__dict__])


def mean_difference(a: Sequence[float], b: Sequence[float], *, outcome: str = "", group_a: str = "a",
                    group_b: str = "b", ci: float = 0.95) -> MeanDifference:
    """Welch's two-sample comparison of means: difference, t, df, p and interval.

    The test of R's ``t.test(var.equal = FALSE)``.  Missing values are
    dropped.

    Raises
    ------
    ValueError
        A group with fewer than 2 values, or both groups without spread.
    """
    _check_ci(ci)
    x = pd.Series(a, dtype="Float64").dropna().to_numpy(dtype=float)
    y = pd.Series(b, dtype="Float64").dropna().to_numpy(dtype=float)
    for values, name in ((x, group_a), (y, group_b)):
        if len(values) < 2:
            raise ValueError(f"group {name!r} has {len(values)} value(s) of {outcome or 'the outcome'}; "
                             f"at least 2 are needed.")
    va, vb = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = math.sqrt(va + vb)
    if se == 0:
        raise ValueError(f"neither group varies in {outcome or 'the outcome'}; the interval is undefined.")
    df = (va + vb) ** 2 / (va ** 2 / (len(x) - 1) + vb ** 2 / (len(y) - 1))
    difference = float(x.mean() - y.mean())
    t = difference / se
    half = float(stats.t.ppf(1 - (1 - ci) / 2, df) * se)
    return MeanDifference(outcome=outcome, group_a=group_a, group_b=group_b, n_a=len(x), n_b=len(y),
                          mean_a=float(x.mean()), mean_b=float(y.mean()), difference=difference, se=se,
                          df=float(df), statistic=float(t), p_value=float(2 * stats.t.sf(abs(t), df)),
                          ci_low=difference - half, ci_high=difference + half, ci=float(ci))


@dataclass(frozen=True)
class DesignStatement:
    """What a comparison of sosialisasi attendees with non-attendees can and cannot show.

    Attributes
    ----------
    id, en : str
        The statement in Bahasa Indonesia and in English.
    randomised : bool
        Whether attendance was stated to be assigned at random.
    """

    id: str
    en: str
    randomised: bool

    def get(self, language: str = "id") -> str:
        """The statement in ``language`` (``"id"`` or ``"en"``)."""
        if language not in ("id", "en"):
            raise ValueError(f"language must be 'id' or 'en', got {language!r}.")
        return getattr(self, language)


def design_statement(randomised: bool = False, controls: Sequence[str] = DEFAULT_CONTROLS) -> DesignStatement:
    """The plain statement about cause that goes with every sosialisasi comparison.

    Parameters
    ----------
    randomised : bool, default False
        True only when the records show that *attendance itself* was
        assigned at random (a lottery of who attends, kept to).  The data
        tables have no such field, so the analyst has to know it; otherwise
        attendance is observational and the statement says so.
    controls : sequence of str
        The controls used in the regression, named in the statement.
    """
    names_en = {"age": "age", "tenure_years": "years of service", "employment_type": "PNS/PPPK status",
                "unit_type": "type of unit", "golongan_group": "golongan", "unit_code": "unit"}
    names_id = {"age": "usia", "tenure_years": "masa kerja", "employment_type": "status PNS/PPPK",
                "unit_type": "jenis unit", "golongan_group": "golongan", "unit_code": "unit kerja"}
    listed_en = ", ".join(names_en.get(c, c) for c in controls) or "nothing"
    listed_id = ", ".join(names_id.get(c, c) for c in controls) or "tidak ada"
    if randomised:
        en = ("Attendance at sosialisasi was assigned at random (as stated by the analyst), so attendees and "
              "non-attendees differ only by chance in everything else, and the difference estimates the effect "
              "of attending for the employees who answered the survey, within its confidence interval. Two "
              "conditions remain: that employees kept to their assignment, and that answering the survey did "
              "not depend on it. Resistance was measured once, after the sessions: the random assignment, not a "
              "baseline measurement, is what makes the groups comparable.")
        id_ = ("Kehadiran sosialisasi ditentukan secara acak (menurut keterangan analis), sehingga peserta dan "
               "bukan peserta hanya berbeda karena kebetulan dalam hal lain, dan selisihnya memperkirakan "
               "pengaruh menghadiri sosialisasi bagi pegawai yang mengisi survei, dalam batas selang "
               "kepercayaannya. Dua syarat tetap berlaku: pegawai mengikuti penugasannya, dan kesediaan mengisi "
               "survei tidak bergantung pada penugasan itu. Resistensi hanya diukur sekali, setelah sosialisasi: "
               "yang membuat kedua kelompok sebanding adalah pengacakan, bukan pengukuran awal.")
        return DesignStatement(id=id_, en=en, randomised=True)
    en = ("What this can show: whether employees who attended sosialisasi before the survey report a different "
          "level of resistance, or adopted e-Kinerja at a different pace, than those who did not, how large the "
          f"difference is and how uncertain, also after allowing for {listed_en}. What it cannot show: that "
          "attending caused the difference. As far as the data show, attendance was not assigned at random, so "
          "those who attended may differ from those who did not in ways that also shape resistance and adoption "
          "(motivation, workload, their supervisor's support): selection into attendance. Resistance was "
          "measured once, after the sessions, so there is no baseline against which to see a change in anyone. "
          "The controls remove only differences in the characteristics measured, and who answered the survey "
          "may itself differ between the groups. An estimate of the effect needs attendance assigned at random "
          "(for example, units invited in a random order) or resistance measured before and after the sessions "
          "in both groups.")
    id_ = ("Yang dapat ditunjukkan: apakah pegawai yang menghadiri sosialisasi sebelum survei melaporkan tingkat "
           "resistensi yang berbeda, atau mulai memakai e-Kinerja dengan kecepatan berbeda, dibandingkan pegawai "
           "yang tidak hadir, seberapa besar selisihnya dan seberapa pasti, juga setelah memperhitungkan "
           f"{listed_id}. Yang tidak dapat ditunjukkan: bahwa kehadiran itulah penyebab selisih tersebut. Sejauh "
           "yang tercatat dalam data, kehadiran tidak ditentukan secara acak, sehingga pegawai yang hadir bisa "
           "berbeda dari yang tidak hadir dalam hal-hal yang juga memengaruhi resistensi dan adopsi (motivasi, "
           "beban kerja, dukungan atasan): seleksi dalam kehadiran. Resistensi hanya diukur sekali, setelah "
           "sosialisasi, sehingga tidak ada pengukuran awal untuk melihat perubahan pada setiap orang. Variabel "
           "kontrol hanya menghapus perbedaan pada karakteristik yang diukur, dan siapa yang mengisi survei pun "
           "bisa berbeda antara kedua kelompok. Untuk memperkirakan pengaruhnya diperlukan kehadiran yang "
           "ditentukan secara acak (misalnya urutan undangan unit diacak) atau pengukuran resistensi sebelum dan "
           "sesudah sosialisasi pada kedua kelompok.")
    return DesignStatement(id=id_, en=en, randomised=False)


_OUTCOME_PHRASES: dict[str, dict[str, str]] = {
    # {x}: the size of the difference; {more}/{less}: the direction words.
    TOTAL: {
        "en": "scored {x} points {dir} on total resistance (1-6)", "en+": "higher", "en-": "lower",
        "id": "memiliki skor resistensi total (1-6) {x} poin {dir}", "id+": "lebih tinggi", "id-": "lebih rendah",
    },
    "days_to_first_report": {
        "en": "made their first e-Kinerja report {x} days {dir} after the rollout", "en+": "later",
        "en-": "earlier",
        "id": "membuat laporan e-Kinerja pertama {x} hari {dir} setelah peluncuran", "id+": "lebih lambat",
        "id-": "lebih cepat",
    },
}


def _phrase(outcome: str, size: float, language: str) -> str:
    words = _OUTCOME_PHRASES.get(outcome)
    x = _num(abs(size), 2, language)
    if words is None:
        if language == "en":
            return f"had a {outcome} {x} {'higher' if size > 0 else 'lower'}"
        return f"memiliki {outcome} {x} {'lebih tinggi' if size > 0 else 'lebih rendah'}"
    return words[language].format(x=x, dir=words[language + ("+" if size > 0 else "-")])


@dataclass(frozen=True)
class SosialisasiResult:
    """Attendees against non-attendees on one outcome, with what the design can show.

    Attributes
    ----------
    outcome : str
    difference : MeanDifference
        Attended minus did not attend, unadjusted.
    regression : RegressionResult
        OLS of the outcome on attendance (0/1) and the controls, HC3.
    design : DesignStatement
    """

    outcome: str
    difference: MeanDifference
    regression: RegressionResult
    design: DesignStatement

    def finding(self, language: str = "id") -> str:
        """One sentence with the unadjusted and adjusted estimates, in ``language``."""
        if language not in ("id", "en"):
            raise ValueError(f"language must be 'id' or 'en', got {language!r}.")
        d, r = self.difference, self.regression
        level = round(d.ci * 100)
        n = lambda value: _num(value, 2, language)  # noqa: E731 - local shorthand
        if language == "en":
            return (f"Respondents who attended sosialisasi (n = {d.n_a}) {_phrase(self.outcome, d.difference, 'en')} "
                    f"than those who did not (n = {d.n_b}): difference {n(d.difference)}, {level}% CI "
                    f"{n(d.ci_low)} to {n(d.ci_high)}; with controls {n(r.estimate)}, {level}% CI "
                    f"{n(r.ci_low)} to {n(r.ci_high)} (n = {r.n}).")
        return (f"Responden yang menghadiri sosialisasi (n = {d.n_a}) {_phrase(self.outcome, d.difference, 'id')} "
                f"daripada yang tidak hadir (n = {d.n_b}): selisih {n(d.difference)}, IK {level}% "
                f"{n(d.ci_low)} sampai {n(d.ci_high)}; dengan variabel kontrol {n(r.estimate)}, IK {level}% "
                f"{n(r.ci_low)} sampai {n(r.ci_high)} (n = {r.n}).")

    def statement(self, language: str = "id") -> str:
        """The finding followed by what the design can and cannot show."""
        return f"{self.finding(language)} {self.design.get(language)}"

    def to_frame(self) -> pd.DataFrame:
        """One row: unadjusted and adjusted differences with their intervals."""
        d, r = self.difference, self.regression
        return pd.DataFrame([{
            "outcome": self.outcome, "n_attended": d.n_a, "n_not_attended": d.n_b,
            "mean_attended": d.mean_a, "mean_not_attended": d.mean_b, "difference": d.difference,
            "ci_low": d.ci_low, "ci_high": d.ci_high, "p_value": d.p_value,
            "adjusted_difference": r.estimate, "adjusted_ci_low": r.ci_low, "adjusted_ci_high": r.ci_high,
            "adjusted_p_value": r.p_value, "adjusted_n": r.n, "randomised": self.design.randomised,
        }])


def _num(value: float, decimals: int, language: str) -> str:
    """A number with the report language's decimal mark (``-0,48`` or ``-0.48``)."""
    text = f"{value:.{decimals}f}".replace("-", "−")
    return text.replace(".", ",") if language == "id" else text


def compare_sosialisasi(table: pd.DataFrame, outcome: str = TOTAL, *, attended: str = "sosialisasi_attended",
                        controls: Sequence[str] = DEFAULT_CONTROLS, randomised: bool = False,
                        cov_type: str = "HC3", ci: float = 0.95) -> SosialisasiResult:
    """Compare attendees with non-attendees of sosialisasi on resistance or adoption.

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table`.
    outcome : str, default "total"
        E.g. ``"total"`` (resistance) or ``"days_to_first_report"``.
    attended : str, default "sosialisasi_attended"
        Boolean column; respondents with NA (not linked) are left out.
    controls : sequence of str, default DEFAULT_CONTROLS
    randomised : bool, default False
        Whether attendance was assigned at random; changes only the
        statement, never the numbers (see `design_statement`).
    cov_type : str, default "HC3"
    ci : float, default 0.95

    Returns
    -------
    SosialisasiResult
        The unadjusted Welch difference, the adjusted OLS coefficient of
        attendance, and the design statement in both languages.

    Raises
    ------
    ValueError
        Unknown columns, or fewer than 2 respondents in either group.
    """
    if attended not in table.columns:
        raise ValueError(f"attended {attended!r} is not a column of the table; columns are "
                         f"{', '.join(map(str, table.columns))}.")
    if not isinstance(randomised, bool):
        raise ValueError(f"randomised must be True or False, got {randomised!r}.")
    values = _score_column(table, outcome, "outcome")
    flag = table[attended].astype("boolean")
    yes = values[(flag == True).fillna(False).to_numpy(dtype=bool)]  # noqa: E712 - nullable boolean
    no = values[(flag == False).fillna(False).to_numpy(dtype=bool)]  # noqa: E712
    difference = mean_difference(yes, no, outcome=outcome, group_a="attended", group_b="did not attend", ci=ci)
    frame = table.assign(**{attended: flag.astype("Float64")})
    regression = adoption_regression(frame, outcome=outcome, exposure=attended, controls=controls,
                                     cov_type=cov_type, ci=ci)
    return SosialisasiResult(outcome=outcome, difference=difference, regression=regression,
                             design=design_statement(randomised, controls=[c for c in controls
                                                                           if c not in regression.dropped_controls]))
