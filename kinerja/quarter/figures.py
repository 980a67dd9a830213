"""The figures of a quarter per unit, the community's, and the working record: parts of :class:`QuarterResults`.

:func:`unit_figures` computes the indicators of every unit (the registry's,
judged against their standards and baselines), e-Kinerja reporting per unit
and for the organisation, the ASN without recent reports per unit, and the
service figures; :func:`satisfaction_figures` computes the IKM per unit with
its confidence interval, the organisation's IKM, and the complaints. Both
take the quarter's periods from the caller, so that "previous quarter" and
"baseline" mean the same on every page. :func:`work_figures` computes what
completes the e-Kinerja log: absences by kind, minutes reported and the
activities behind each SKP indicator. :func:`participation_figures` computes
what citizens raised at forums and what became of the follow-up register.
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
    follow_up,
    forums,
    ikm,
    services,
    skp,
    skp_links,
    work_minutes,
)
from kinerja.metrics.registry import IndicatorSettings

__all__ = ["AGE_BANDS", "PROFILE_CHARACTERISTICS", "ParticipationFigures", "SatisfactionFigures", "UnitFigures",
           "WorkFigures", "participation_figures", "respondent_profile", "satisfaction_figures", "unit_figures",
           "work_figures"]

PROFILE_CHARACTERISTICS = ("gender", "age", "education", "occupation")
"""What the respondent profile counts respondents by: the SKM questionnaire's columns (``age`` in :data:`AGE_BANDS`)."""
AGE_BANDS: tuple[tuple[str, float], ...] = (("<25", 25), ("25–34", 35), ("35–44", 45), ("45–54", 55),
                                            ("55+", float("inf")))
"""The age bands of the respondent profile: each band's label and the age it ends before."""
_GENDERS = ("L", "P")


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
        ``ikm_rounded``, ``grade``, ``label`` and the NRR of each unsur,
        columns named as :data:`kinerja.metrics.ikm.UNSUR_COLUMNS`).
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
    profile
        The quarter's respondents per unit by :data:`PROFILE_CHARACTERISTICS`
        (long: ``unit_code``, ``characteristic``, ``group``, ``respondents``);
        see :func:`respondent_profile`.
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
    profile: pd.DataFrame


@dataclass(frozen=True, eq=False)
class ParticipationFigures:
    """Citizens in the loop: forum topics and the follow-up register, read on the quarter's last day.

    A table whose register the data lack (or that holds nothing for the
    quarter) is empty; the results' ``unavailable`` says why, under
    ``forums`` or ``follow_ups``.

    Attributes
    ----------
    topics
        Topics raised in the quarter per unit and unsur (:func:`kinerja.metrics.forums.topics_by_unit_unsur`).
    weakest_overlap
        Per unit surveyed: its weakest unsur and how many topics concern it
        (:func:`kinerja.metrics.forums.weakest_unsur_overlap`).
    weakest_topics
        The topics about their unit's weakest unsur (:func:`kinerja.metrics.forums.topics_on_weakest_unsur`).
    categories
        Topics and complaints on the same subject (:func:`kinerja.metrics.forums.category_overlap`).
    response
        Per unit: topics answered, median days to response, open topics
        (:func:`kinerja.metrics.forums.response_days`).
    open_topics
        Every topic still without a response (:func:`kinerja.metrics.forums.open_topics`).
    previous_actions
        The actions planned in the previous quarter and their outcome
        (:func:`kinerja.metrics.follow_up.previous_quarter_actions`).
    overdue_actions
        Actions past their due date and not done (:func:`kinerja.metrics.follow_up.overdue_actions`).
    new_actions
        The actions planned in the quarter (:func:`kinerja.metrics.follow_up.new_actions`).
    after_actions
        The NRR of an unsur before and after an action on it was done
        (:func:`kinerja.metrics.follow_up.unsur_after_actions`).
    """

    topics: pd.DataFrame
    weakest_overlap: pd.DataFrame
    weakest_topics: pd.DataFrame
    categories: pd.DataFrame
    response: pd.DataFrame
    open_topics: pd.DataFrame
    previous_actions: pd.DataFrame
    overdue_actions: pd.DataFrame
    new_actions: pd.DataFrame
    after_actions: pd.DataFrame


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


def frames_of(figures: UnitFigures | SatisfactionFigures | WorkFigures | ParticipationFigures,
              ) -> dict[str, pd.DataFrame]:
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
                                 "grade": result.grade, "label": result.label, **result.nrr.to_dict()}]
                               if result else [], columns=_OVERALL_COLUMNS)
        weakest = ikm.weakest_unsur(current, "unit_code") if len(current) else _empty("unit_code", "unsur")
        trend = trend[["unit_code", "quarter", "ikm"]]
        profile = respondent_profile(current)
    else:
        per_unit = _empty("unit_code", "n", "ikm", "ikm_rounded", "grade", "label", "ci_low", "ci_high", "change")
        overall, trend = _empty(*_OVERALL_COLUMNS), _empty("unit_code", "quarter", "ikm")
        weakest = _empty("unit_code", "unsur")
        profile = _empty("unit_code", "characteristic", "group", "respondents")
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
                               channels, profile)


_OVERALL_COLUMNS = ("n", "ikm", "ikm_rounded", "grade", "label", *ikm.UNSUR_COLUMNS)


def respondent_profile(responses: pd.DataFrame) -> pd.DataFrame:
    """Count respondents per unit by gender, age band, education and occupation.

    Parameters
    ----------
    responses
        SKM responses (``ikm_responses``) with ``unit_code``; a characteristic
        whose column is absent counts every respondent as not given.

    Returns
    -------
    pandas.DataFrame
        ``unit_code``, ``characteristic`` (one of :data:`PROFILE_CHARACTERISTICS`),
        ``group`` (``L``/``P``, an age band of :data:`AGE_BANDS`, or the
        education or occupation as written; missing where the respondent gave
        none) and ``respondents``, for every group with respondents. Rows go
        by characteristic, then group: gender L, P; age from the youngest;
        education and occupation the most named first (over all units, so
        every unit has the same order); not given last.
    """
    bands = [label for label, _ in AGE_BANDS]
    rows = []
    for characteristic in PROFILE_CHARACTERISTICS:
        values = responses[characteristic] if characteristic in responses else pd.Series(pd.NA, index=responses.index)
        if characteristic == "age":
            ends = [-float("inf"), *(end for _, end in AGE_BANDS)]
            values = pd.cut(pd.to_numeric(values, errors="coerce"), ends, right=False, labels=bands)
        values = values.astype("object").where(values.notna(), None)
        if characteristic == "gender":
            order = list(_GENDERS)
        elif characteristic == "age":
            order = bands
        else:
            order = list(values.value_counts().index)
        counted = pd.DataFrame({"unit_code": responses["unit_code"], "group": values}).groupby(
            ["unit_code", "group"], dropna=False, sort=False).size().rename("respondents").reset_index()
        position = counted["group"].map({group: i for i, group in enumerate(order)}).fillna(len(order))  # blank last
        rows.append(counted.assign(characteristic=characteristic, position=position)
                    .sort_values(["position", "unit_code"], kind="stable"))
    profile = pd.concat(rows, ignore_index=True)[["unit_code", "characteristic", "group", "respondents"]]
    profile["group"] = profile["group"].astype("object").where(profile["group"].notna(), None)
    return profile.astype({"unit_code": "object", "characteristic": "object", "respondents": "int64"})


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


_TOPIC_COLUMNS = ("topic_id", "forum_date", "unit_code", "kind", "unsur", "code", "topic")
_ACTION_COLUMNS = ("action_id", "quarter", "unit_code", "source_kind", "source_ref", "owner_position", "action",
                   "due_date", "status", "done_date")


def participation_figures(dataset: Dataset, quarter: Quarter, *, forums_known: bool,
                          follow_ups_known: bool) -> ParticipationFigures:
    """Compute :class:`ParticipationFigures`; a register that is not known gives empty tables.

    Parameters
    ----------
    dataset, quarter
        As for :func:`unit_figures`.
    forums_known, follow_ups_known
        Whether the forums table and the follow-up register can speak for the
        quarter; without them their tables are empty, never "no topic" or "no action".
    """
    surveyed = dataset.has("ikm_responses")
    if forums_known:
        topics = forums.topics_by_unit_unsur(dataset, quarter)
        overlap = forums.weakest_unsur_overlap(dataset, dataset, quarter) if surveyed else \
            _empty("unit_code", "unsur", "code", "label", "nrr", "topics", "topics_on_weakest")
        on_weakest = forums.topics_on_weakest_unsur(dataset, dataset, quarter) if surveyed else \
            _empty(*_TOPIC_COLUMNS, "nrr")
        categories = forums.category_overlap(dataset, dataset, quarter) if dataset.has("complaints") else \
            _empty("unit_code", "category", "topics", "complaints")
        response, still_open = forums.response_days(dataset, quarter), forums.open_topics(dataset, quarter)
    else:
        topics = _empty("unit_code", "unsur", "code", "topics")
        overlap = _empty("unit_code", "unsur", "code", "label", "nrr", "topics", "topics_on_weakest")
        on_weakest, categories = _empty(*_TOPIC_COLUMNS, "nrr"), _empty("unit_code", "category", "topics", "complaints")
        response = _empty("unit_code", "topics", "answered", "median_days", "open", "oldest_open_days")
        still_open = _empty(*_TOPIC_COLUMNS, "age_days")
    if follow_ups_known:
        previous = follow_up.previous_quarter_actions(dataset, quarter)
        overdue, planned = follow_up.overdue_actions(dataset, quarter), follow_up.new_actions(dataset, quarter)
        after = follow_up.unsur_after_actions(dataset, dataset, quarter) if surveyed else \
            _empty(*_ACTION_COLUMNS, "unsur", "code", "nrr_before", "nrr_after", "change")
    else:
        previous, overdue = _empty(*_ACTION_COLUMNS, "outcome"), _empty(*_ACTION_COLUMNS, "days_overdue")
        planned = _empty(*_ACTION_COLUMNS)
        after = _empty(*_ACTION_COLUMNS, "unsur", "code", "nrr_before", "nrr_after", "change")
    return ParticipationFigures(topics, overlap, on_weakest, categories, response, still_open, previous, overdue,
                                planned, after)
