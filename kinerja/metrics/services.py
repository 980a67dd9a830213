"""Public services: volume, waiting time and patient satisfaction per unit and quarter.

Computed on the visits table through Ibis (executed once per function):

- ``visits``: visits registered; ``served``: visits with a service start
  (the number of services delivered); ``unserved_share``: visits that left
  without being served (blank ``service_start_at``) / visits;
- waiting time: ``service_start_at - arrival_at`` in minutes, over served
  visits: median and 90th percentile (linear interpolation);
- ``within_standard_share``: served visits that waited at most the standard
  (60 minutes by default, the outpatient standard of Kepmenkes 129/2008).

A visit belongs to the quarter of its arrival. Patient (or resident)
satisfaction is the IKM of :mod:`kinerja.metrics.ikm` on the unit's SKM responses
of the quarter (:func:`satisfaction`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ibis
import ibis.expr.types as ir
import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.data.engines import elapsed
from kinerja.metrics.ikm import UNSUR_COLUMNS, ikm_by

__all__ = [
    "DEFAULT_STANDARD_MINUTES",
    "by_service_type",
    "satisfaction",
    "service_quality",
    "service_trend",
]

DEFAULT_STANDARD_MINUTES = 60
"""Waiting-time standard in minutes (outpatient care, Kepmenkes 129/2008)."""


def _quarters(quarters: Quarter | str | Iterable[Quarter | str]) -> list[Quarter]:
    if isinstance(quarters, (Quarter, str)):
        text = quarters
        if isinstance(text, str) and ":" in text:
            first, last = text.split(":", 1)
            return Quarter.range(first, last)
        return [Quarter.parse(text)]
    found = sorted({Quarter.parse(q) for q in quarters})
    if not found:
        raise ValueError("quarters is empty; give at least one quarter, e.g. '2026-Q3'.")
    return found


def _check_standard(standard_minutes: float) -> None:
    if isinstance(standard_minutes, bool) or not isinstance(standard_minutes, (int, float)) or standard_minutes <= 0:
        raise ValueError(f"standard_minutes must be a positive number of minutes, not {standard_minutes!r}.")


def _quarter_label(when: ir.TimestampValue | ir.DateValue) -> ir.StringValue:
    """The quarter of a date or timestamp as "2026-Q3", in the database."""
    return when.year().cast("string") + "-Q" + when.quarter().cast("string")


def _visits(data: Dataset, quarters: list[Quarter]) -> ir.Table:
    visits = data.visits
    start = pd.Timestamp(quarters[0].start)
    end = pd.Timestamp(quarters[-1].end) + pd.Timedelta(days=1)
    visits = visits.filter((visits.arrival_at >= start) & (visits.arrival_at < end))
    labels = [q.label for q in quarters]
    served = visits.service_start_at.notnull()
    wait = elapsed(visits.arrival_at, visits.service_start_at, "minute")
    table = visits.select(
        unit_code=visits.unit_code,
        service_type=visits.service_type,
        quarter=_quarter_label(visits.arrival_at),
        served=served.cast("int64"),
        wait_minutes=ibis.ifelse(served, wait, ibis.null("float64")),
    )
    return table.filter(table.quarter.isin(labels))


def _quality(data: Dataset, quarters: list[Quarter], keys: Sequence[str], standard_minutes: float) -> pd.DataFrame:
    _check_standard(standard_minutes)
    table = _visits(data, quarters)
    within = (table.wait_minutes <= standard_minutes).cast("int64")
    summary = table.group_by(list(keys)).agg(
        visits=table.count(),
        served=table.served.sum(),
        waiting_median_minutes=table.wait_minutes.median(),
        waiting_p90_minutes=table.wait_minutes.quantile(0.9),
        within=within.sum(),
    )
    summary = summary.select(
        *keys, "visits", "served",
        unserved_share=(summary.visits - summary.served).cast("float64") / summary.visits,
        waiting_median_minutes=summary.waiting_median_minutes,
        waiting_p90_minutes=summary.waiting_p90_minutes,
        within_standard_share=ibis.ifelse(summary.served > 0, summary.within.cast("float64") / summary.served,
                                          ibis.null("float64")),
    )
    frame = summary.to_pandas()
    frame.insert(frame.columns.get_loc("within_standard_share") + 1, "standard_minutes", float(standard_minutes))
    for column in ("visits", "served"):
        frame[column] = frame[column].astype("int64")
    for column in keys:
        frame[column] = frame[column].astype("str")
    if "unit_code" in keys and data.has("units"):
        names = data.units.set_index("unit_code")["unit_name"]
        position = list(frame.columns).index("unit_code") + 1
        frame.insert(position, "unit_name", frame["unit_code"].map(names).astype("str"))
    return frame.sort_values(list(keys), kind="stable").reset_index(drop=True)


def service_quality(data: Dataset, quarter: Quarter | str,
                    standard_minutes: float = DEFAULT_STANDARD_MINUTES) -> pd.DataFrame:
    """Services and waiting time per unit in a quarter.

    Parameters
    ----------
    data
        A Dataset with a ``visits`` table (and ``units`` for the names).
    quarter
        The quarter.
    standard_minutes
        The waiting-time standard; a visit served after at most this many
        minutes is within the standard.

    Returns
    -------
    pandas.DataFrame
        One row per unit with visits in the quarter: ``quarter``,
        ``unit_code``, ``unit_name``, ``visits``, ``served``,
        ``unserved_share``, ``waiting_median_minutes``,
        ``waiting_p90_minutes``, ``within_standard_share`` and
        ``standard_minutes``.
    """
    return _quality(data, [Quarter.parse(quarter)], ["quarter", "unit_code"], standard_minutes)


def service_trend(data: Dataset, quarters: str | Iterable[Quarter | str],
                  standard_minutes: float = DEFAULT_STANDARD_MINUTES) -> pd.DataFrame:
    """:func:`service_quality` for several quarters: the trend.

    Parameters
    ----------
    quarters
        Quarters as a list, or a range "2025-Q3:2026-Q3".

    Returns
    -------
    pandas.DataFrame
        One row per unit and quarter (quarters without visits are absent),
        sorted by quarter and unit, with the columns of :func:`service_quality`.
    """
    return _quality(data, _quarters(quarters), ["quarter", "unit_code"], standard_minutes)


def by_service_type(data: Dataset, quarter: Quarter | str,
                    standard_minutes: float = DEFAULT_STANDARD_MINUTES) -> pd.DataFrame:
    """:func:`service_quality` broken down by service type (poli, KTP-el, ...).

    Returns
    -------
    pandas.DataFrame
        One row per unit and service type, with ``service_type`` after the
        unit columns.
    """
    return _quality(data, [Quarter.parse(quarter)], ["quarter", "unit_code", "service_type"], standard_minutes)


def satisfaction(data: Dataset, quarters: Quarter | str | Iterable[Quarter | str],
                 units: Iterable[str] | None = None, unit_type: str | None = None,
                 weight: str = "exact") -> pd.DataFrame:
    """The IKM (community or patient satisfaction) per unit and quarter.

    The SKM responses of the quarters are filtered in Ibis, brought to pandas
    once and scored with :func:`kinerja.metrics.ikm.ikm_by`.

    Parameters
    ----------
    data
        A Dataset with ``ikm_responses`` (and ``units`` for names and types).
    quarters
        A quarter, a list of quarters or a range "2025-Q3:2026-Q3"; a
        response belongs to the quarter of its ``survey_date``.
    units
        Unit codes to keep; None for all.
    unit_type
        Keep only units of this type, e.g. ``"puskesmas"`` for patient
        satisfaction; None for all.
    weight
        IKM weight: ``"exact"`` (1/9, default) or a legacy rounded weight
        (see :func:`kinerja.metrics.ikm.ikm_from_nrr`).

    Returns
    -------
    pandas.DataFrame
        One row per unit and quarter with responses: ``quarter``,
        ``unit_code``, ``unit_name``, ``n``, ``ikm``, ``ikm_rounded``,
        ``grade``, ``label`` and ``weight``, followed by the NRR of each unsur.
    """
    wanted = _quarters(quarters)
    responses = data.ikm_responses
    start, end = wanted[0].start, wanted[-1].end
    responses = responses.filter(responses.survey_date.between(start, end))
    codes = None if units is None else list(units)
    if unit_type is not None:
        types = data.units.set_index("unit_code")["unit_type"].str.lower()
        typed = types.index[types == unit_type.strip().lower()].tolist()
        codes = typed if codes is None else [c for c in codes if c in typed]
    if codes is not None:
        responses = responses.filter(responses.unit_code.isin(codes))
    responses = responses.mutate(quarter=_quarter_label(responses.survey_date))
    responses = responses.filter(responses.quarter.isin([q.label for q in wanted]))
    frame = responses.select("quarter", "unit_code", *UNSUR_COLUMNS).to_pandas()
    columns = ["quarter", "unit_code", "unit_name", "n", "ikm", "ikm_rounded", "grade", "label", "weight",
               *UNSUR_COLUMNS]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    table = ikm_by(frame, ["quarter", "unit_code"], weight=weight)
    table["weight"] = weight
    names = data.units.set_index("unit_code")["unit_name"] if data.has("units") else pd.Series(dtype="str")
    table["unit_name"] = table["unit_code"].map(names).astype("str")
    table["n"] = table["n"].astype("int64")
    return table[columns].sort_values(["quarter", "unit_code"], kind="stable").reset_index(drop=True)
