"""The figures of a quarter per unit, the community's, and the working record: parts of :class:`QuarterResults`.

:func:`unit_figures` computes the indicators of every unit (the registry's,
judged against their standards and baselines), e-Kinerja reporting per unit
and for the organisation, the ASN without recent reports per unit, and the
service figures; :func:`satisfaction_figures` computes the IKM per unit with
its confidence interval, the organisation's IKM, and the complaints. Both
take the quarter's periods from the caller, so that "previous quarter" and
"baseline" mean the same on every page. :func:`work_figures` computes what
completes the e-Kinerja log: absences by kind, minutes reported and the
activities behind each SKP indicator.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.metrics import (
    complaints,
    ekinerja,
    flags,
    ikm,
    services,
    skp,
    skp_links,
    work_minutes,
)
from kinerja.metrics.registry import IndicatorSettings

__all__ = ["SatisfactionFigures", "UnitFigures", "WorkFigures", "satisfaction_figures", "unit_figures",
           "work_figures"]


@dataclass(frozen=True, eq=False)
class UnitFigures:
    """Per-unit and organisation figures of a quarter (no person is named).

    Attributes
    ----------
    flags
        Every registered indicator of every unit in the evaluated quarter,
        with ``previous_value``, ``baseline``, ``flagged`` and ``message``
        (:func:`kinerja.metrics.flags.flag_metrics` with ``include_unflagged``).
    reporting
        e-Kinerja measures per unit (:func:`kinerja.metrics.ekinerja.unit_reporting`)
        for the previous and the evaluated quarter (column ``quarter``).
        Column ``known``: False where the unit's reporting is unknown (rates
        and report counts missing, never 0; :func:`kinerja.metrics.ekinerja.known_units`).
    organisation_reporting
        The same pooled over the selected units whose reporting is known, one
        row per quarter of the comparison window the activity log covers; a
        quarter it does not cover has no row (its rates are unknown, not 0).
        ``unknown_units`` counts the units left out.
    silent
        Per unit and quarter (previous, evaluated): the ASN without any
        report in the last working days (:func:`kinerja.metrics.ekinerja.no_recent_report_per_unit`);
        ``known`` False (counts missing) where the unit's reporting is unknown.
    services
        Visits, waiting time and service per unit over the comparison window
        (:func:`kinerja.metrics.services.service_trend`).
    patient_ikm
        IKM per unit and quarter over the window (:func:`kinerja.metrics.services.satisfaction`).
    weekly
        e-Kinerja reporting per unit and week of the evaluated quarter
        (:func:`kinerja.metrics.ekinerja.weekly_reporting`).
    missing_capaian
        Per unit, how many SKP indicators and ASN have no capaian, and why
        (:func:`kinerja.metrics.skp.missing_capaian`).
    """

    flags: pd.DataFrame
    reporting: pd.DataFrame
    organisation_reporting: pd.DataFrame
    silent: pd.DataFrame
    services: pd.DataFrame
    patient_ikm: pd.DataFrame
    weekly: pd.DataFrame
    missing_capaian: pd.DataFrame


@dataclass(frozen=True, eq=False)
class SatisfactionFigures:
    """The community's view of a quarter: IKM and complaints.

    Attributes
    ----------
    per_unit
        IKM per unit of the evaluated quarter with its bootstrap interval
        (:func:`kinerja.metrics.ikm.ikm_with_ci`) and ``change`` against the
        previous quarter.
    overall
        One row: the IKM of all responses of the quarter (``n``, ``ikm``,
        ``ikm_rounded``, ``grade``, ``label``).
    trend
        IKM per unit and quarter over the comparison window (``unit_code``,
        ``quarter``, ``ikm``).
    weakest
        Per unit, the unsur with the lowest NRR (:func:`kinerja.metrics.ikm.weakest_unsur`).
    complaints
        Complaints per unit (:func:`kinerja.metrics.complaints.complaint_summary`).
    complaints_overall
        One row: the same for all units.
    surges
        Units whose complaints jumped (:func:`kinerja.metrics.complaints.complaint_surges`);
        empty without enough covered history (``unavailable["complaint_surges"]`` of the results says so).
    complaint_trend
        Complaints received per quarter over the window, all units; ``<NA>``
        for a quarter the complaints table does not cover.
    channels
        Complaints per channel in the quarter.
    """

    per_unit: pd.DataFrame
    overall: pd.DataFrame
    trend: pd.DataFrame
    weakest: pd.DataFrame
    complaints: pd.DataFrame
    complaints_overall: pd.DataFrame
    surges: pd.DataFrame
    complaint_trend: pd.DataFrame
    channels: pd.DataFrame


@dataclass(frozen=True, eq=False)
class WorkFigures:
    """The working record of the evaluated quarter beside the daily reports: absences, minutes, SKP links.

    A table whose source the data lack is empty (the results'
    ``unavailable`` says why, under ``absences``, ``minutes`` or ``skp_links``).

    Attributes
    ----------
    absence_kinds
        Per ASN and kind of absence: working days away
        (:func:`kinerja.metrics.ekinerja.absence_days_by_kind`).
    minutes
        Per ASN: minutes reported per available day (:func:`kinerja.metrics.work_minutes.employee_minutes`).
    unit_minutes
        The same per unit (:func:`kinerja.metrics.work_minutes.unit_minutes`).
    implausible_days
        The days with more than 16 hours reported (:func:`kinerja.metrics.work_minutes.implausible_days`).
    links
        Per ASN: activities naming an SKP indicator, and indicators without
        activity (:func:`kinerja.metrics.skp_links.employee_links`).
    unit_links
        The same per unit (:func:`kinerja.metrics.skp_links.unit_links`).
    indicator_activities
        Per ASN and SKP indicator: its activities (:func:`kinerja.metrics.skp_links.indicator_activities`).
    """

    absence_kinds: pd.DataFrame
    minutes: pd.DataFrame
    unit_minutes: pd.DataFrame
    implausible_days: pd.DataFrame
    links: pd.DataFrame
    unit_links: pd.DataFrame
    indicator_activities: pd.DataFrame


def frames_of(figures: UnitFigures | SatisfactionFigures | WorkFigures) -> dict[str, pd.DataFrame]:
    """The tables of ``figures`` by field name, in declaration order."""
    return {field.name: getattr(figures, field.name) for field in fields(figures)}


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="object") for column in columns})


def unit_figures(dataset: Dataset, quarter: Quarter, window: list[Quarter], settings: IndicatorSettings, *,
                 reporting_standard: float, no_report_days: int, units: list[str] | None) -> UnitFigures:
    """Compute :class:`UnitFigures`.

    Parameters
    ----------
    dataset
        The data.
    quarter
        The evaluated quarter, the last of ``window``.
    window
        The comparison window: the baseline quarters, then ``quarter``.
    settings
        How the registry's indicators are computed.
    reporting_standard
        The reporting rate a unit should reach (the standard of ``reporting_rate``).
    no_report_days
        The last working days checked for ASN without any report.
    units
        The units pooled into the organisation figures; None for all.
    """
    previous = quarter.previous()
    has_log = all(dataset.has(name) for name in ("activities", "employees", "units"))
    judged = flags.quarter_flags(dataset, quarter, len(window) - 1, standards={"reporting_rate": reporting_standard},
                                 standard_minutes=settings.standard_minutes,
                                 late_tolerance_days=settings.late_tolerance_days, ikm_weight=settings.ikm_weight,
                                 include_unflagged=True)
    if has_log:
        reporting = pd.concat([ekinerja.unit_reporting(dataset, q, late_tolerance_days=settings.late_tolerance_days)
                               for q in (previous, quarter)], ignore_index=True)
        pooled = [ekinerja.organisation_reporting(dataset, q, units=units,
                                                  late_tolerance_days=settings.late_tolerance_days) for q in window]
        organisation = pd.concat([row for row in pooled if row["known"].iloc[0]] or [pooled[0].iloc[:0]],
                                 ignore_index=True)
        silent = pd.concat([ekinerja.no_recent_report_per_unit(dataset, q, no_report_days).assign(quarter=q.label)
                            for q in (previous, quarter)], ignore_index=True)
        weekly = ekinerja.weekly_reporting(dataset, quarter)
    else:
        reporting = _empty("quarter", "unit_code", "reporting_rate")
        organisation = _empty("quarter", "reporting_rate", "activities")
        silent = _empty("quarter", "unit_code", "without_report")
        weekly = _empty("unit_code", "week_start", "reporting_rate")
    service = services.service_trend(dataset, window, settings.standard_minutes) if dataset.has("visits") \
        else _empty("quarter", "unit_code")
    patients = services.satisfaction(dataset, window, weight=settings.ikm_weight) if dataset.has("ikm_responses") \
        else _empty("quarter", "unit_code", "ikm_rounded", "n")
    missing = skp.missing_capaian(dataset.skp, dataset.employees, quarter) \
        if dataset.has("skp") and dataset.has("employees") else _empty("unit_code", "kind", "reason", "count")
    return UnitFigures(judged, reporting, organisation, silent, service, patients, weekly, missing)


def satisfaction_figures(dataset: Dataset, quarter: Quarter, window: list[Quarter], *, weight: str, n_boot: int,
                         complaint_standard_days: int, complaints_known: bool) -> SatisfactionFigures:
    """Compute :class:`SatisfactionFigures`; a table the data lack gives empty tables.

    Parameters
    ----------
    dataset, quarter, window
        As for :func:`unit_figures`.
    weight
        The IKM weight (:func:`kinerja.metrics.ikm.ikm_from_nrr`).
    n_boot
        Bootstrap resamples of each unit's interval.
    complaint_standard_days
        Working days within which a complaint should be resolved.
    complaints_known
        Whether the complaints table covers the quarter (fully: counts of a
        quarter covered in part would be too low); without it the complaint
        tables are empty, never counts of 0.
    """
    labels = [q.label for q in window]
    if dataset.has("ikm_responses"):
        responses = dataset.to_pandas("ikm_responses")
        responses["quarter"] = ikm.period_of(responses["survey_date"], "quarter")
        current = responses[responses["quarter"] == quarter.label]
        per_unit = ikm.ikm_with_ci(current, "unit_code", weight, n_boot) if len(current) else \
            _empty("unit_code", "n", "ikm", "ikm_rounded", "grade", "label", "ci_low", "ci_high")
        trend = ikm.ikm_by(responses[responses["quarter"].isin(labels)], ["unit_code", "quarter"], weight)
        before = trend[trend["quarter"] == quarter.previous().label].set_index("unit_code")["ikm"]
        per_unit = per_unit.assign(change=per_unit["ikm"] - per_unit["unit_code"].map(before))
        result = ikm.compute_ikm(current, weight) if len(current) else None
        overall = pd.DataFrame([{"n": result.n, "ikm": result.ikm, "ikm_rounded": result.ikm_rounded,
                                 "grade": result.grade, "label": result.label}] if result else [],
                               columns=["n", "ikm", "ikm_rounded", "grade", "label"])
        weakest = ikm.weakest_unsur(current, "unit_code") if len(current) else _empty("unit_code", "unsur")
        trend = trend[["unit_code", "quarter", "ikm"]]
    else:
        per_unit = _empty("unit_code", "n", "ikm", "ikm_rounded", "grade", "label", "ci_low", "ci_high", "change")
        overall, trend = _empty("n", "ikm", "ikm_rounded", "grade", "label"), _empty("unit_code", "quarter", "ikm")
        weakest = _empty("unit_code", "unsur")
    if complaints_known:
        codes = list(dataset.units["unit_code"]) if dataset.has("units") else None
        summary = complaints.complaint_summary(dataset, quarter, complaint_standard_days, units=codes)
        overall_complaints = complaints.complaint_summary(dataset, quarter, complaint_standard_days, by_unit=False)
        surges = complaints.complaint_surges(dataset, quarter, n_previous=len(window) - 1)
        complaint_trend = complaints.complaint_trend(dataset, quarter, n_quarters=len(window))
        channels = complaints.complaint_volume(dataset, quarter, by="channel")
    else:
        summary, overall_complaints = _empty("unit_code", "received"), _empty("received")
        surges, complaint_trend = _empty("unit_code", "received", "previous_mean"), _empty("quarter", "received")
        channels = _empty("channel", "complaints")
    return SatisfactionFigures(per_unit.reset_index(drop=True), overall, trend.reset_index(drop=True),
                               weakest.reset_index(drop=True), summary, overall_complaints, surges, complaint_trend,
                               channels)


def work_figures(dataset: Dataset, quarter: Quarter, *, minimum_minutes: int | None) -> WorkFigures:
    """Compute :class:`WorkFigures`; a source the data lack gives empty tables.

    Parameters
    ----------
    dataset, quarter
        As for :func:`unit_figures`.
    minimum_minutes
        The daily minutes a day should reach; None: no minimum.
    """
    has_log = all(dataset.has(name) for name in ("activities", "employees", "units"))
    kinds = ekinerja.absence_days_by_kind(dataset, quarter) if has_log else _empty("nip", "unit_code", "kind", "days")
    if has_log and work_minutes.has_minutes(dataset):
        minutes = work_minutes.employee_minutes(dataset, quarter, minimum_minutes=minimum_minutes)
        unit_minutes = work_minutes.unit_minutes(dataset, quarter, minimum_minutes=minimum_minutes)
        implausible = work_minutes.implausible_days(dataset, quarter)
    else:
        minutes = _empty("nip", "unit_code", "median_daily_minutes", "known")
        unit_minutes = _empty("unit_code", "median_daily_minutes", "known")
        implausible = _empty("nip", "day", "minutes", "activities")
    if has_log and skp_links.has_links(dataset):
        links = skp_links.employee_links(dataset, quarter)
        unit_links = skp_links.unit_links(dataset, quarter)
        behind = skp_links.indicator_activities(dataset, quarter)
    else:
        links = _empty("nip", "unit_code", "linked_share", "indicators_without_activity", "known")
        unit_links = _empty("unit_code", "linked_share", "known")
        behind = _empty("nip", "unit_code", "key", "indicator", "activities", "known")
    return WorkFigures(kinds, minutes, unit_minutes, implausible, links, unit_links, behind)
