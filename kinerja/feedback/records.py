"""What a feedback page says about one ASN, as data: options, findings, indicators, records."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kinerja.core.periods import Quarter
from kinerja.quarter.evaluation import QuarterOptions

__all__ = [
    "CAPAIAN_RISE",
    "DEFAULT_ON_TIME_STANDARD",
    "INDICATOR_MET",
    "PPPK_MAX_JP",
    "AsnFeedback",
    "FeedbackData",
    "FeedbackOptions",
    "FeedbackResult",
    "Finding",
    "Indicator",
    "ObservationNote",
    "Observations",
    "ProgramAdvice",
    "ProgramReason",
    "QuarterSnapshot",
    "SkpLinks",
    "TrainingRecord",
    "UnitIndicator",
    "WorkMinutes",
]

DEFAULT_ON_TIME_STANDARD = 0.8
"""On-time rate from which punctual reporting is a strength (a project choice)."""
CAPAIAN_RISE = 0.05
"""Rise of capaian over the previous quarter (5 points) worth saying: a strength when the capaian is one, else a note."""
INDICATOR_MET = 1.0
"""Capaian of an indicator from which its target counts as met."""
PPPK_MAX_JP = 24.0
"""JP of competency development a PPPK may follow in one year of the contract, at most (PP 49/2018 art. 40)."""

@dataclass(frozen=True)
class FeedbackOptions:
    """Parameters of the feedback pages.

    Attributes
    ----------
    evaluation
        The options of the quarter's evaluation the pages read: the run's
        (:meth:`kinerja.run.parameters.RunParameters.quarter_options`).
    on_time_standard
        On-time rate from which punctual reporting is a strength.
    demo
        The data are the built-in synthetic demo: every page says so in a banner.
    """

    evaluation: QuarterOptions = field(default_factory=QuarterOptions)
    on_time_standard: float = DEFAULT_ON_TIME_STANDARD
    demo: bool = False

    @property
    def reporting_standard(self) -> float:
        """The reporting rate from which daily reporting is a strength: the evaluation's standard."""
        return self.evaluation.reporting_standard

    @property
    def late_tolerance_days(self) -> int:
        """Calendar days after the activity day a report still counts as on time: the evaluation's."""
        return self.evaluation.late_tolerance_days

    @property
    def no_report_days(self) -> int:
        """The last working days checked for ASN without any report: the evaluation's."""
        return self.evaluation.no_report_days


@dataclass(frozen=True)
class Finding:
    """A strength or an area to develop, with what its sentence shows.

    Attributes
    ----------
    code
        What it is about (see the module docstring).
    subject
        The indicator, BerAKHLAK value(s) or program concerned, as text from data.
    values
        The numbers the sentence shows, by name.
    indicator
        The SKP indicator, for findings about one.
    """

    code: str
    subject: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    indicator: Indicator | None = None


@dataclass(frozen=True)
class Indicator:
    """One SKP indicator of the quarter with its capaian (:func:`kinerja.metrics.skp.capaian_per_indicator`)."""

    indicator_id: str | None
    name: str
    measure_unit: str | None
    direction: str
    target: float
    realisation: float
    weight: float
    capaian: float
    reason_code: str | None


@dataclass(frozen=True)
class QuarterSnapshot:
    """The headline numbers of one quarter of the trend; NaN or None where the data have none."""

    quarter: Quarter
    capaian: float
    predikat: str | None
    reporting_rate: float
    on_time_rate: float


@dataclass(frozen=True)
class TrainingRecord:
    """A training the ASN followed this calendar year."""

    program: str
    start: date
    end: date | None
    jp: float


@dataclass(frozen=True)
class WorkMinutes:
    """The minutes of work a person reported per available day (:func:`kinerja.metrics.work_minutes.employee_minutes`).

    Attributes
    ----------
    days
        Available days (working days no absence covers) with a reported duration.
    median
        Median minutes of those days; NaN when there is none.
    minimum
        The daily minimum the evaluation judged by (a local rule); None when none is set.
    days_under, share_under
        Days under the minimum and their share of ``days``; None and NaN without a minimum (or without days).
    implausible_days
        Days of more than 16 hours: a mistake in the entry, not a judgement.
    """

    days: int
    median: float
    minimum: int | None
    days_under: int | None
    share_under: float
    implausible_days: int


@dataclass(frozen=True)
class SkpLinks:
    """How a person's activities of the quarter name their SKP indicators (:mod:`kinerja.metrics.skp_links`).

    Attributes
    ----------
    activities, linked
        Activities of the quarter, and those naming an SKP indicator.
    share
        ``linked / activities``; NaN without activities.
    indicators
        SKP indicators of the quarter.
    without_activity
        The indicators (their text) without any activity recorded: a question for the person and
        their supervisor, not a finding.
    """

    activities: int
    linked: int
    share: float
    indicators: int
    without_activity: tuple[str, ...]


@dataclass(frozen=True)
class ObservationNote:
    """One supervisor's note of direct observation, names of employees masked (:mod:`kinerja.metrics.observations`)."""

    day: date
    value: str
    text: str


@dataclass(frozen=True)
class Observations:
    """A person's direct observations of the quarter (pengamatan langsung), as behaviour evidence.

    Attributes
    ----------
    counts
        ``(value, positive, needs_improvement)`` for the seven BerAKHLAK values, in their order.
    latest_positive, latest_attention
        The latest note of each kind with a text; None when there is none.
    """

    counts: tuple[tuple[str, int, int], ...]
    latest_positive: ObservationNote | None = None
    latest_attention: ObservationNote | None = None

    @property
    def positive(self) -> int:
        """Positive observations over every value."""
        return sum(count for _, count, _ in self.counts)

    @property
    def needs_improvement(self) -> int:
        """Observations of behaviour to improve over every value."""
        return sum(count for _, _, count in self.counts)


@dataclass(frozen=True)
class ProgramReason:
    """Why a program is proposed: the person's own figure against a fixed standard, or the unit's survey.

    Attributes
    ----------
    scope
        ``"own"``: one of the person's own figures misses a standard
        (:func:`kinerja.training.own_reasons`); ``"unit"``: the unit's survey or complaints.
    rule
        The rule missed (:data:`kinerja.training.RULES`); None for a unit's reason.
    feature
        The training feature the rule judged (:data:`kinerja.training.FEATURES`); None for a unit's reason.
    value, standard
        The person's capaian or reporting rate and its standard (shares); NaN for a rating.
    rating, standard_rating
        The person's BerAKHLAK rating or predikat and the standard; None for a share.
    text
        A unit's reason in the catalogue's words, with the unit's value; None for an own reason.
    """

    scope: str
    rule: str | None = None
    feature: str | None = None
    value: float = math.nan
    standard: float = math.nan
    rating: str | None = None
    standard_rating: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class ProgramAdvice:
    """A recommended program and why.

    Attributes
    ----------
    code, name, description, jp
        From the catalogue.
    reasons
        Why: the person's own figures that miss a standard, then the unit's reasons.
    """

    code: str
    name: str
    description: str
    jp: float | None
    reasons: tuple[ProgramReason, ...]


@dataclass(frozen=True, eq=False)
class AsnFeedback:
    """Everything the feedback page of one ASN shows: that ASN's data and unit medians only.

    ``employment_type`` is ``"PNS"``, ``"PPPK"`` or None (not recorded, and the NIP does not tell);
    it decides the JP rule (a PNS's right to at least 20 JP a year, a PPPK's limit of 24). ``strengths``
    are at or above their standard and the unit median; ``notes`` are true but neither a strength nor
    an area (at the standard but under the unit median, or rising while still under the standard);
    ``areas`` name the person's own value under its standard. ``unknown`` names the measures the data
    cannot give for this person (keys of :attr:`FeedbackData.reasons`): the page shows "–" and why,
    and no statement is made from them. ``days_reported`` is None when reporting is unknown.

    The reporting rate is over the *available* days: ``workdays`` less ``absence_days`` (working days
    of leave, official travel or training), counted by kind in ``absences`` (in the order of
    :func:`kinerja.metrics.absences.kind_order`, adding up to ``absence_days``); with no available
    day the rate is NaN: unknown, never 0 and never an area to develop.
    ``minutes``, ``links`` and ``observations`` are None when the data cannot give them (``unknown``
    then names ``minutes``, ``skp_links`` or ``observations``, or the e-Kinerja reporting is unknown).
    """

    nip: str
    name: str
    unit_code: str
    unit_name: str
    position: str | None
    golongan: str | None
    employment_type: str | None
    quarter: Quarter
    has_data: bool
    has_skp: bool
    capaian: float
    capaian_reason: str | None
    unit_capaian_median: float
    indicators: tuple[Indicator, ...]
    hasil_kerja_rating: str | None
    hasil_kerja_source: str | None
    perilaku_rating: str | None
    perilaku_source: str | None
    predikat: str | None
    berakhlak: tuple[tuple[str, str | None], ...]
    reporting_known: bool
    workdays: int | None
    days_reported: int | None
    reporting_rate: float
    on_time_rate: float
    unit_reporting_median: float
    unit_on_time_median: float
    no_recent_report: bool
    trend: tuple[QuarterSnapshot, ...]
    jp_year: float | None
    jp_last_12_months: float | None
    trainings: tuple[TrainingRecord, ...]
    programs: tuple[ProgramAdvice, ...] | None
    strengths: tuple[Finding, ...]
    notes: tuple[Finding, ...]
    areas: tuple[Finding, ...]
    flags: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    absence_days: int = 0
    available_days: int | None = None
    absences: tuple[tuple[str, int], ...] = ()
    minutes: WorkMinutes | None = None
    links: SkpLinks | None = None
    observations: Observations | None = None

    @property
    def available(self) -> int | None:
        """The days the reporting rate is over: ``available_days``, else (records made by hand) ``workdays``."""
        if self.available_days is not None:
            return self.available_days
        return None if self.workdays is None else self.workdays - self.absence_days


@dataclass(frozen=True)
class UnitIndicator:
    """One registered indicator of a unit in the quarter, as its team page shows it.

    Attributes
    ----------
    name
        The indicator's name in the registry (:data:`kinerja.metrics.registry.INDICATORS`).
    value, baseline, standard
        The quarter's value, the baseline (median of the quarters before) and the standard, written
        with their units; ``–`` when there is none.
    message
        Why the unit is flagged on it; empty when it is not.
    """

    name: str
    value: str
    baseline: str
    standard: str
    message: str


@dataclass(frozen=True, eq=False)
class FeedbackData:
    """The records of a quarter, computed once.

    Attributes
    ----------
    quarter
        The quarter.
    options
        The options used.
    records
        NIP -> record, by unit (units table order) and name.
    unit_names
        Unit code -> name, for the units with a record.
    training_unavailable
        Why there are no training recommendations (None when there are).
    stability
        The clusters' stability verdict and what it means (:func:`kinerja.training.recommendations.stability_verdict`).
    unit_indicators
        Unit code -> the unit's registered indicators of the quarter, in registry order.
    reasons
        Measure -> why it is unknown, one sentence per language: the evaluation's
        (:attr:`kinerja.quarter.evaluation.QuarterResults.unavailable`) and the pages' own
        (``reporting_unit``, ``jp_year``, ``absences`` when the data hold no absences table,
        ``observations``, and ``observations_partial`` when the observations cover part of the
        quarter); a record's ``unknown`` names which apply to it.
    """

    quarter: Quarter
    options: FeedbackOptions
    records: dict[str, AsnFeedback]
    unit_names: dict[str, str]
    training_unavailable: str | None
    stability: tuple[str, str] | None
    unit_indicators: dict[str, tuple[UnitIndicator, ...]] = field(default_factory=dict)
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)

    def by_unit(self) -> dict[str, list[AsnFeedback]]:
        """The records grouped by unit code, in the order of ``records``."""
        groups: dict[str, list[AsnFeedback]] = {}
        for record in self.records.values():
            groups.setdefault(record.unit_code, []).append(record)
        return groups


@dataclass(frozen=True)
class FeedbackResult:
    """What :func:`write_feedback_pages` wrote, and how long it took."""

    folder: Path
    pages: int
    unit_pages: int
    without_data: int
    compute_seconds: float
    render_seconds: float

    @property
    def seconds(self) -> float:
        """Total wall time."""
        return self.compute_seconds + self.render_seconds

    @property
    def pages_per_second(self) -> float:
        """ASN pages per second of total wall time."""
        return self.pages / self.seconds if self.seconds > 0 else math.inf
