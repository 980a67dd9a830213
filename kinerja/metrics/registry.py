"""The indicator registry: every unit indicator, with what it needs and how it is judged.

An :class:`Indicator` declares the tables it needs, the function that
computes it per unit and quarter, its standard (one default, overridable by a
run parameter), the change against the baseline that is flagged, its
direction, and how its values are written. Its label, in Indonesian and
English, is in the text catalogue under ``indicators.<name>``.

:func:`unit_indicators` computes every registered indicator a Dataset has the
tables for; :mod:`kinerja.metrics.flags` judges them; the leadership summary
and the feedback pages list them in registry order. Adding an indicator is
one module in ``metrics/``, one entry in :data:`INDICATORS` and one entry in
``kinerja/core/text/indicators.yaml`` (see ``docs/architecture.md``).

Indicators computed by the same function (the three service indicators, the
three e-Kinerja ones) share a :class:`Source`, which is computed once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.dataset import Dataset
from kinerja.metrics import ekinerja, services, skp

__all__ = [
    "DEFAULT_REPORTING_STANDARD",
    "INDICATORS",
    "KINDS",
    "Indicator",
    "IndicatorSettings",
    "MetricRule",
    "Source",
    "unit_indicators",
]

KINDS = ("minutes", "hours", "share", "ikm", "capaian")
"""How indicator values are written: minutes, hours, a percentage, an IKM with its grade, a capaian."""

DEFAULT_REPORTING_STANDARD = 0.80
"""The e-Kinerja reporting rate a unit should reach: a project choice (a report every working day is
expected; 80 % leaves room for leave, sickness, training and travel)."""


@dataclass(frozen=True)
class MetricRule:
    """How one unit indicator is judged.

    Attributes
    ----------
    metric
        The indicator's name (its column in :func:`unit_indicators`).
    label
        Its name in messages ("Waktu tunggu").
    higher_is_better
        Direction of the indicator.
    standard
        The value a unit must reach (at least, when higher is better; at
        most, when lower is better); None for no standard.
    max_worsening
        The largest change against the baseline, in the indicator's own units
        (minutes, IKM points, a share 0-1), that is not flagged; None for no
        trend rule.
    kind
        How values are written, one of :data:`KINDS`.
    """

    metric: str
    label: str
    higher_is_better: bool
    standard: float | None
    max_worsening: float | None
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} of metric {self.metric!r} is not one of {', '.join(KINDS)}.")
        if self.max_worsening is not None and not self.max_worsening >= 0:
            raise ValueError(f"max_worsening of {self.metric!r} must be 0 or more, or None, "
                             f"not {self.max_worsening!r}.")


@dataclass(frozen=True)
class IndicatorSettings:
    """The run's settings that change how indicators are computed.

    Attributes
    ----------
    standard_minutes
        The waiting-time standard (it decides the share served within it).
    late_tolerance_days, include_cuti_bersama, extra_holidays, extra_workdays
        See :func:`kinerja.metrics.ekinerja.unit_reporting`.
    ikm_weight
        The IKM weight (:func:`kinerja.metrics.ikm.ikm_from_nrr`): ``"exact"`` (1/9) or a legacy one.
    """

    standard_minutes: float = services.DEFAULT_STANDARD_MINUTES
    late_tolerance_days: int = ekinerja.DEFAULT_LATE_TOLERANCE_DAYS
    include_cuti_bersama: bool = True
    extra_holidays: tuple[date | str, ...] = ()
    extra_workdays: tuple[date | str, ...] = ()
    ikm_weight: str = "exact"


@dataclass(frozen=True)
class Source:
    """A function computing one or more indicators per unit and quarter.

    Attributes
    ----------
    name
        Names the source in errors and docs.
    tables
        The Dataset tables it needs; without one of them it gives nothing.
    compute
        ``compute(dataset, quarters, settings)`` returns one row per unit and
        quarter with the columns ``quarter`` (a label such as ``2026-Q3``),
        ``unit_code`` and one column per indicator.
    """

    name: str
    tables: tuple[str, ...]
    compute: Callable[[Dataset, list[Quarter], IndicatorSettings], pd.DataFrame] = field(repr=False)


@dataclass(frozen=True)
class Indicator:
    """One registered unit indicator.

    Attributes
    ----------
    name
        Its name, the column of its :class:`Source` and the key of its label
        in the text catalogue (``indicators.<name>``).
    source
        What computes it.
    higher_is_better, standard, max_worsening, kind
        How it is judged and written; see :class:`MetricRule`. ``standard``
        is the one default; a run overrides it with a parameter.
    basis
        Where the standard and the change threshold come from, in one phrase.
    """

    name: str
    source: Source
    higher_is_better: bool
    standard: float | None
    max_worsening: float | None
    kind: str
    basis: str

    def label(self, language: str = "id") -> str:
        """The indicator's name in ``language``, from the text catalogue."""
        return say(f"indicators.{self.name}", language)

    def rule(self, language: str = "id") -> MetricRule:
        """The :class:`MetricRule` that judges this indicator, with its default standard."""
        return MetricRule(self.name, self.label(language), self.higher_is_better, self.standard,
                          self.max_worsening, self.kind)


def _service_quality(data: Dataset, quarters: list[Quarter], settings: IndicatorSettings) -> pd.DataFrame:
    return services.service_trend(data, quarters, settings.standard_minutes)


def _patient_satisfaction(data: Dataset, quarters: list[Quarter], settings: IndicatorSettings) -> pd.DataFrame:
    # Flags judge the IKM as published: rounded to two decimals.
    table = services.satisfaction(data, quarters, weight=settings.ikm_weight)
    return table.drop(columns="ikm").rename(columns={"ikm_rounded": "ikm"})


def _reporting(data: Dataset, quarters: list[Quarter], settings: IndicatorSettings) -> pd.DataFrame:
    # A quarter the e-Kinerja log does not cover fully, and a unit whose records end before the quarter, have
    # unknown (NaN) rates (ekinerja.known_units): no reporting indicator rather than a rate of 0.
    covered = [q for q in quarters if ekinerja.known_units(data, q)]
    parts = [ekinerja.unit_reporting(data, q, late_tolerance_days=settings.late_tolerance_days,
                                     include_cuti_bersama=settings.include_cuti_bersama,
                                     extra_holidays=settings.extra_holidays, extra_workdays=settings.extra_workdays)
             for q in covered]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["quarter", "unit_code"])


def _capaian(data: Dataset, quarters: list[Quarter], settings: IndicatorSettings) -> pd.DataFrame:
    labels = [q.label for q in quarters]
    per_employee = skp.capaian_per_employee(data.skp)
    return skp.capaian_per_unit(per_employee[per_employee["quarter"].isin(labels)], data.employees)


SERVICES = Source("services", ("visits",), _service_quality)
PATIENT_SATISFACTION = Source("patient_satisfaction", ("ikm_responses",), _patient_satisfaction)
REPORTING = Source("e-Kinerja", ("activities", "employees", "units"), _reporting)
CAPAIAN = Source("capaian", ("skp", "employees"), _capaian)

INDICATORS: dict[str, Indicator] = {indicator.name: indicator for indicator in (
    Indicator("waiting_median_minutes", SERVICES, False, services.DEFAULT_STANDARD_MINUTES, 15.0, "minutes",
              "standard: Kepmenkes 129/2008; change: a quarter of the standard, far above the quarter-to-quarter "
              "noise of a median"),
    Indicator("within_standard_share", SERVICES, True, None, 0.15, "share", "project choice"),
    Indicator("unserved_share", SERVICES, False, None, 0.05, "share", "project choice"),
    Indicator("ikm", PATIENT_SATISFACTION, True, 76.61, 5.0, "ikm",
              "standard: grade B of PermenPANRB 14/2017, the usual target; change: project choice (under half "
              "the width of grade B)"),
    Indicator("reporting_rate", REPORTING, True, DEFAULT_REPORTING_STANDARD, 0.10, "share",
              "project choice: a report every working day is expected; 80% leaves room for leave, sickness, "
              "training and travel"),
    Indicator("on_time_rate", REPORTING, True, None, 0.10, "share", "project choice; no regulation fixes a rate"),
    Indicator("approval_lag_median_hours", REPORTING, False, None, 24.0, "hours",
              "project choice: a day more of waiting"),
    Indicator("capaian_median", CAPAIAN, True, skp.DEFAULT_MEETS, 0.10, "capaian",
              "standard: the Sesuai Ekspektasi threshold of kinerja.metrics.skp (0.90)"),
)}
"""Every unit indicator, in the order pages list them."""


def unit_indicators(data: Dataset, quarters: Iterable[Quarter | str],
                    settings: IndicatorSettings | None = None,
                    indicators: Iterable[Indicator] | None = None) -> pd.DataFrame:
    """Compute the registered indicators a Dataset has the tables for, as a long table.

    Parameters
    ----------
    data
        The Dataset; an indicator whose tables it lacks gives no rows.
    quarters
        The quarters to compute.
    settings
        See :class:`IndicatorSettings`; None for the defaults.
    indicators
        The indicators; default every one in :data:`INDICATORS`.

    Returns
    -------
    pandas.DataFrame
        ``quarter``, ``unit_code``, ``metric``, ``value``: one row per unit,
        quarter and indicator that has a value, sorted by unit, registry order
        and quarter. A quarter (or a unit) its tables say nothing about has
        no row: its value is unknown, not 0.
    """
    settings = settings or IndicatorSettings()
    chosen = list(INDICATORS.values() if indicators is None else indicators)
    wanted = sorted({Quarter.parse(q) for q in quarters})
    labels = [q.label for q in wanted]
    computed: dict[str, pd.DataFrame] = {}
    parts = []
    for indicator in chosen:
        source = indicator.source
        if not all(data.has(table) for table in source.tables):
            continue
        if source.name not in computed:
            computed[source.name] = source.compute(data, wanted, settings)
        frame = computed[source.name]
        if indicator.name in frame.columns:
            parts.append(frame[["quarter", "unit_code", indicator.name]]
                         .rename(columns={indicator.name: "value"}).assign(metric=indicator.name))
    columns = ["quarter", "unit_code", "metric", "value"]
    if not parts:
        return pd.DataFrame({column: pd.Series([], dtype="float64" if column == "value" else "str")
                             for column in columns})
    table = pd.concat(parts, ignore_index=True)[columns]
    table["value"] = pd.to_numeric(table["value"]).astype("float64")
    table = table[table["value"].notna() & table["quarter"].isin(labels)]
    order = {indicator.name: i for i, indicator in enumerate(chosen)}
    table = table.assign(_order=table["metric"].map(order).fillna(math.inf))
    table = table.sort_values(["unit_code", "_order", "quarter"], kind="stable").drop(columns="_order")
    return table.astype({"quarter": "str", "unit_code": "str", "metric": "str"}).reset_index(drop=True)
