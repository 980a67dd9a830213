"""Individual feedback (umpan balik individu): one page per ASN and quarter, computed once.

:func:`build_feedback` computes everything the pages show for every ASN of a
quarter in one pass over the data, with the functions the quarterly notebooks
use (so that a page's numbers are the notebooks' numbers for that ASN):

- SKP: :func:`kinerja.metrics.skp.capaian_per_indicator`, :func:`~kinerja.metrics.skp.capaian_per_employee`,
  :func:`~kinerja.metrics.skp.capaian_per_unit` and :func:`~kinerja.metrics.skp.employee_predikat`
  (as ``indikator_triwulan``);
- e-Kinerja: :func:`kinerja.metrics.ekinerja.employee_reporting` and
  :func:`~kinerja.metrics.ekinerja.no_recent_report`; the unit comparison is the
  median of the unit's ASN, never a colleague;
- training: the evaluation's training need (:func:`kinerja.training.recommend`):
  each programme with the person's own figures that miss a fixed standard
  (:func:`kinerja.training.own_reasons`) and the unit's survey or complaints
  that call for it;
- the working record (:attr:`~kinerja.quarter.evaluation.QuarterResults.work`):
  working days away by kind (the reporting rate is over the *available*
  days, those no leave, official travel or training covers), the minutes
  reported per available day, and the activities behind each SKP indicator;
- direct observations (:mod:`kinerja.metrics.observations`): counts per
  BerAKHLAK value and the latest notes, shown only on the person's own page
  and their supervisor's team page.

:func:`write_feedback_pages` then fills the templates of
:mod:`kinerja.feedback.pages` from the records: one page per ASN (named by a
keyed pseudonym, never the NIP), one team page per unit and an index.

Strengths, notes and areas to develop (project choices, stated here)
--------------------------------------------------------------------
Every statement is checked against the person's own figures, as the page
shows them (a share rounded to one decimal of a percent, so that "90,0%" is
never called below 90%; capaian against the rating thresholds is judged
unrounded, as the hasil kerja rating is). A strength is at or above its
standard and, where the page shows one, at or above the unit median;
what meets the standard but is under the unit median, or rises while still
under the standard, is a note ("Catatan lain"), never a strength. An area
names the person's own value, below its standard.

=============================  ==========================================================
strength                       when
=============================  ==========================================================
``capaian_above``              capaian at least 110 % (``skp.DEFAULT_ABOVE``) and not under the unit median
``capaian_meets``              otherwise capaian at least 90 % (``skp.DEFAULT_MEETS``) and not under the median
``capaian_rising``             capaian 5 points or more above the previous quarter's, and a capaian strength
``indicators_met``             one or more indicators at 100 % or more of target
``reporting``                  reporting rate at least ``reporting_standard`` (default 80 %) and the median
``on_time``                    on-time rate at least ``on_time_standard`` (default 80 %) and the median
``berakhlak_above``            one or more BerAKHLAK values rated Di Atas Ekspektasi
``jp_met``                     a PNS with at least 20 JP in the calendar year so far (PP 11/2017 art. 203(4),
                               as amended by PP 17/2020)
=============================  ==========================================================

=================================  ======================================================
note                               when
=================================  ======================================================
``capaian_above_under_median``     capaian at least 110 %, under the unit median
``capaian_meets_under_median``     capaian at least 90 %, under the unit median
``capaian_rising``                 capaian 5 points or more above the previous quarter's, not a strength
``reporting_under_median``         reporting rate at the standard, under the unit median
``on_time_under_median``           on-time rate at the standard, under the unit median
=================================  ======================================================

====================  ====================================================================
area to develop       when (each gets one concrete next step on the page)
====================  ====================================================================
``no_skp``            no SKP row in the quarter (but other data), for someone with an available day
``indicator_low``     an indicator below 90 % of target (one area per indicator)
``indicator_missing`` an indicator without capaian (target or realisation blank, ...)
``reporting_low``     reporting rate (over the available days) below ``reporting_standard``
``on_time_low``       on-time rate below ``on_time_standard``, for someone with an available day
``berakhlak_below``   a BerAKHLAK value rated Di Bawah Ekspektasi (one area per value)
``jp_short``          a PNS with fewer than 20 JP in the calendar year so far
====================  ====================================================================

An absence never makes an area: the reporting rate is over the available
days, and someone away on every working day has no rate (unknown, "–"),
no reporting finding and no on-time finding. Indicators without any activity
recorded are a question for the person and their supervisor, minutes over 16
hours a day a note on data entry, and observations evidence beside the
BerAKHLAK ratings: none of them makes a strength, a note or an area.

JP: the right to at least 20 JP a year is a PNS's; a PPPK's competency
development is limited to at most 24 JP a year (PP 49/2018 art. 40), so a
PPPK's page shows the hours and that limit, and never a shortfall. The
employment type is the employees table's, else read from the NIP.

Flags on the supervisor's page: ``no_data``, ``hasil_kerja_below``,
``perilaku_below``, ``indicator_missing``, ``reporting_below_standard``,
``on_time_below_standard``, ``no_recent_report`` (no report on the last ``no_report_days`` working days)
and ``below_min_jp`` (a PNS with fewer than 20 JP in the last 12 months, the rule of the
training recommendations).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from kinerja import training
from kinerja.core.errors import DataError
from kinerja.core.nip import employment_type
from kinerja.core.periods import Quarter
from kinerja.core.pseudonyms import pseudonymise
from kinerja.core.text import say
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import BERAKHLAK
from kinerja.feedback import pages as feedback_pages
from kinerja.feedback.records import (
    CAPAIAN_RISE,
    INDICATOR_MET,
    AsnFeedback,
    FeedbackData,
    FeedbackOptions,
    FeedbackResult,
    Finding,
    Indicator,
    ObservationNote,
    Observations,
    ProgramAdvice,
    ProgramReason,
    QuarterSnapshot,
    SkpLinks,
    TrainingRecord,
    UnitIndicator,
    WorkMinutes,
)
from kinerja.metrics import absences, flags, known, observations, skp
from kinerja.metrics.known import Reason
from kinerja.metrics.registry import INDICATORS
from kinerja.present import pages
from kinerja.quarter.evaluation import QuarterResults, TrainingNeed, evaluate_quarter
from kinerja.training.clustering import METHODS

__all__ = ["build_feedback", "page_names", "write_feedback_pages"]

_PAGE_NAME_CONTEXT = b"kinerja feedback page names"
_SAFE_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")

# --- computing ------------------------------------------------------------------------------------


def _text(value: object) -> str | None:
    return None if pd.isna(value) else str(value)


def _float(value: object) -> float:
    return float("nan") if pd.isna(value) else float(value)


def _shown(share: float) -> float:
    """A share as the pages show it (a percentage with one decimal): what is judged is what is read."""
    return share if math.isnan(share) else float(f"{share * 100:.1f}") / 100


def _selected_units(dataset: Dataset, units: Iterable[str] | str | None) -> list[str]:
    known = list(dict.fromkeys(dataset.units["unit_code"].astype(str)))
    if units is None:
        return known
    codes = [units] if isinstance(units, str) else [str(code) for code in units]
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise DataError(f"unit {unknown[0]!r} is not in the units table; the units are {', '.join(known)}.")
    return [code for code in known if code in codes]


def _check_options(options: FeedbackOptions) -> None:
    def whole(value: object, low: int) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= low

    evaluation = options.evaluation
    for name, value in (("reporting_standard", evaluation.reporting_standard),
                        ("on_time_standard", options.on_time_standard)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise DataError(f"{name} must be a share from 0 to 1 (0.8 for 80%), not {value!r}.")
    for name, low in (("late_tolerance_days", 0), ("no_report_days", 1), ("trend_quarters", 1), ("random_state", 0)):
        if not whole(getattr(evaluation, name), low):
            raise DataError(f"{name} must be a whole number of {low} or more, not {getattr(evaluation, name)!r}.")
    if not (evaluation.k == "auto" or whole(evaluation.k, 2)):
        raise DataError(f"k must be 'auto' or a whole number of clusters, 2 or more, not {evaluation.k!r}.")
    if evaluation.method not in METHODS:
        raise DataError(f"method must be one of {', '.join(METHODS)}, not {evaluation.method!r}.")


def _trend(results: QuarterResults) -> dict[str, list[QuarterSnapshot]]:
    """NIP -> one snapshot per quarter of the trend, oldest first."""
    snapshots: dict[str, list[QuarterSnapshot]] = {}
    for quarter in results.trend:
        rated = results.of_quarter("predikat", quarter)
        rates = results.of_quarter("reporting", quarter).reindex(rated.index)
        # Rates of a person whose reporting is unknown are NaN already (ekinerja.known_units): shown as "–".
        for nip, capaian, predikat, rate, on_time in zip(rated.index, rated["capaian"], rated["predikat"],
                                                         rates["reporting_rate"], rates["on_time_rate"]):
            snapshots.setdefault(nip, []).append(QuarterSnapshot(
                quarter, _float(capaian), _text(predikat), _float(rate), _float(on_time)))
    return snapshots


def _indicators(table: pd.DataFrame) -> dict[str, tuple[Indicator, ...]]:
    columns = {name: table[name] if name in table.columns else pd.Series(None, index=table.index, dtype="object")
               for name in ("indicator_id", "indicator", "measure_unit", "weight")}
    found: dict[str, list[Indicator]] = {}
    for row in zip(table["nip"], columns["indicator_id"], columns["indicator"], columns["measure_unit"],
                   table["direction"], table["target"], table["realisation"], columns["weight"], table["capaian"],
                   table["reason_code"]):
        nip, indicator_id, name, unit, direction, target, realisation, weight, capaian, reason = row
        found.setdefault(str(nip), []).append(Indicator(
            _text(indicator_id), _text(name) or _text(indicator_id) or "–", _text(unit), str(direction),
            _float(target), _float(realisation), _float(weight), _float(capaian), _text(reason)))
    return {nip: tuple(rows) for nip, rows in found.items()}


def _berakhlak(dataset: Dataset, quarter: Quarter) -> dict[str, tuple[tuple[str, str | None], ...]]:
    if not dataset.has("behaviour"):
        return {}
    behaviour = dataset.behaviour
    # The loader writes every quarter as its label ("2026-Q3"), so equality finds the quarter's rows.
    rated = behaviour[behaviour["quarter"] == quarter.label].drop_duplicates("nip")
    ratings = {}
    for _, row in rated.iterrows():
        ratings[str(row["nip"])] = tuple(
            (label, skp.normalise_rating(row[name], name) if pd.notna(row.get(name)) else None)
            for name, label in BERAKHLAK)
    return ratings


def _trainings(dataset: Dataset, quarter: Quarter) -> tuple[dict[str, tuple[TrainingRecord, ...]], bool]:
    """Trainings started from 1 January of the quarter's year to its last day, by NIP; and whether they are known.

    They are when the trainings table covers every quarter of the year up to
    ``quarter`` fully: a count over part of the year would be read as a shortfall.
    """
    if not dataset.has("trainings") or not known.covers_fully(known.coverage(dataset, "trainings"),
                                                               Quarter.range(Quarter(quarter.year, 1), quarter)):
        return {}, False
    table = dataset.trainings
    start = pd.to_datetime(table["start_date"]).dt.date
    inside = table[(start >= date(quarter.end.year, 1, 1)) & (start <= quarter.end)]
    found: dict[str, list[TrainingRecord]] = {}
    ends = pd.to_datetime(inside["end_date"]) if "end_date" in inside.columns else pd.Series(pd.NaT, inside.index)
    for nip, program, began, ended, jp in sorted(zip(inside["nip"], inside["program"],
                                                     pd.to_datetime(inside["start_date"]), ends, inside["jp"]),
                                                 key=lambda row: row[2]):
        found.setdefault(str(nip), []).append(TrainingRecord(
            str(program), began.date(), None if pd.isna(ended) else ended.date(), _float(jp)))
    return {nip: tuple(rows) for nip, rows in found.items()}, True


def _advice(need: TrainingNeed, catalogue_file: str | Path | None) -> dict[str, tuple[ProgramAdvice, ...]]:
    """NIP -> the recommended programmes, each with why: the person's own figures against a standard, then the unit's.

    ``catalogue_file`` is the catalogue the evaluation recommended from, so the reasons match the programmes.
    """
    catalogue = training.load_catalogue(catalogue_file)
    unit_reasons = need.unit_reasons.groupby(["unit_code", "program"])["reason"].agg(tuple).to_dict()
    own: dict[tuple[str, str], list[ProgramReason]] = {}
    for row in need.own_reasons.itertuples(index=False):
        own.setdefault((row.nip, row.program), []).append(ProgramReason(
            "own", row.rule, row.feature, _float(row.value), _float(row.standard), _text(row.rating),
            _text(row.standard_rating)))
    table = need.recommendations
    advice = {}
    for nip, codes, unit in zip(table.index, table["programs"], table["unit_code"]):
        advice[nip] = tuple(
            ProgramAdvice(code, catalogue.programs[code].name, catalogue.programs[code].description,
                          catalogue.programs[code].jp,
                          (*own.get((nip, code), ()),
                           *(ProgramReason("unit", text=text) for text in unit_reasons.get((unit, code), ()))))
            for code in codes)
    return advice


def _absences(results: QuarterResults) -> dict[str, tuple[tuple[str, int], ...]]:
    """NIP -> (kind, working days) of the quarter's absences, in the order a day covered by two kinds is given."""
    table = results.work.absence_kinds
    if table.empty:
        return {}
    rank = {kind: i for i, kind in enumerate(absences.kind_order(table["kind"]))}
    found: dict[str, list[tuple[str, int]]] = {}
    for nip, kind, days in sorted(zip(table["nip"].astype(str), table["kind"].astype(str), table["days"]),
                                  key=lambda row: (row[0], rank[row[1]])):
        found.setdefault(nip, []).append((kind, int(days)))
    return {nip: tuple(kinds) for nip, kinds in found.items()}


def _minutes(results: QuarterResults) -> dict[str, WorkMinutes]:
    """NIP -> the minutes reported per available day, for the people whose minutes are known."""
    table = results.work.minutes
    if "minutes" in results.unavailable or "known" not in table.columns:
        return {}
    minimum = results.options.minimum_daily_minutes
    found = {}
    for row in table[table["known"].astype(bool)].itertuples(index=False):
        under = None if minimum is None or pd.isna(row.days_under_minimum) else int(row.days_under_minimum)
        found[str(row.nip)] = WorkMinutes(int(row.days_with_minutes), _float(row.median_daily_minutes), minimum,
                                          under, _float(row.share_under_minimum), int(row.implausible_days))
    return found


def _links(results: QuarterResults) -> dict[str, SkpLinks]:
    """NIP -> how the activities name SKP indicators, with the indicators without any, where known."""
    table, behind = results.work.links, results.work.indicator_activities
    if "skp_links" in results.unavailable or "known" not in table.columns:
        return {}
    without: dict[str, list[str]] = {}
    for nip, indicator, count, known_here in zip(behind["nip"].astype(str), behind["indicator"].astype(str),
                                                 behind["activities"], behind["known"]):
        if bool(known_here) and count == 0:
            without.setdefault(nip, []).append(indicator)
    found = {}
    for row in table[table["known"].astype(bool)].itertuples(index=False):
        nip = str(row.nip)
        found[nip] = SkpLinks(int(row.activities), int(row.linked), _float(row.linked_share), int(row.indicators),
                              tuple(without.get(nip, ())))
    return found


def _observation_state(dataset: Dataset, quarter: Quarter) -> str:
    """``"absent"`` (no observations table), or how the table covers the quarter (``none``, ``partial``, ``full``)."""
    if not dataset.has("observations"):
        return "absent"
    return known.coverage(dataset, "observations").state(quarter)


def _observations(dataset: Dataset, quarter: Quarter, nips: Iterable[str]) -> dict[str, Observations]:
    """NIP -> the person's direct observations of the quarter; empty when the data cannot say (see the reasons).

    Everyone of ``nips`` gets a record once the table covers the quarter: no observation is then 0, a true count.
    """
    if _observation_state(dataset, quarter) in ("absent", "none"):
        return {}
    labels = dict(BERAKHLAK)
    counts: dict[str, list[tuple[str, int, int]]] = {}
    notes: dict[str, dict[str, ObservationNote]] = {}
    if not observations.quarter_observations(dataset, quarter).empty:
        table = observations.observation_counts(dataset, quarter)
        for nip, value, positive, attention in zip(table["nip"].astype(str), table["core_value"], table["positive"],
                                                   table["needs_improvement"]):
            counts.setdefault(nip, []).append((labels.get(value, str(value)), int(positive), int(attention)))
        for kind in observations.KINDS:
            latest = observations.latest_notes(dataset, quarter, kind)
            for nip, day, value, note in zip(latest["nip"].astype(str), latest["observation_date"],
                                             latest["core_value"], latest["note"]):
                notes.setdefault(nip, {})[kind] = ObservationNote(pd.Timestamp(day).date(),
                                                                  labels.get(value, str(value)), str(note))
    none = tuple((label, 0, 0) for _, label in BERAKHLAK)
    return {nip: Observations(tuple(counts.get(nip, none)), notes.get(nip, {}).get("positive"),
                              notes.get(nip, {}).get("needs_improvement")) for nip in nips}


def _capaian_findings(record: AsnFeedback) -> tuple[list[Finding], list[Finding]]:
    """(strengths, notes) about the SKP capaian: a strength at the standard and the unit median, else a note."""
    strengths: list[Finding] = []
    notes: list[Finding] = []
    capaian, median = record.capaian, record.unit_capaian_median
    level = "above" if capaian >= skp.DEFAULT_ABOVE else "meets" if capaian >= skp.DEFAULT_MEETS else None
    # NaN median (no capaian in the unit) is not a median the person is under.
    under_median = _shown(capaian) < _shown(median)
    if level is not None:
        values = {"capaian": capaian, "median": median,
                  "threshold": skp.DEFAULT_ABOVE if level == "above" else skp.DEFAULT_MEETS}
        if under_median:
            notes.append(Finding(f"capaian_{level}_under_median", values=values))
        else:
            strengths.append(Finding(f"capaian_{level}", values=values))
    previous = record.trend[-2].capaian if len(record.trend) > 1 else float("nan")
    if capaian - previous >= CAPAIAN_RISE:
        rising = Finding("capaian_rising", values={"capaian": capaian, "previous": previous,
                                                   "rise": capaian - previous})
        (strengths if strengths else notes).append(rising)
    return strengths, notes


def _days(record: AsnFeedback) -> dict[str, float]:
    """The days a reporting sentence shows: reported, working, available (the rate's base) and away."""
    return {"days": record.days_reported, "workdays": record.workdays, "available": record.available,
            "absent": record.absence_days}


def _on_time_judged(record: AsnFeedback) -> bool:
    """Whether the on-time rate is judged: reporting known, and some working day not covered by an absence.

    Someone away the whole quarter is not judged on the few reports they sent while away.
    """
    return record.reporting_known and record.available != 0


def _reporting_findings(record: AsnFeedback, options: FeedbackOptions) -> tuple[list[Finding], list[Finding]]:
    """(strengths, notes) about e-Kinerja: at the standard and the unit median, or at the standard only."""
    strengths: list[Finding] = []
    notes: list[Finding] = []
    if not record.reporting_known:
        return strengths, notes
    for code, rate, median, standard, extra in (
            ("reporting", record.reporting_rate, record.unit_reporting_median, options.reporting_standard,
             _days(record)),
            ("on_time", record.on_time_rate, record.unit_on_time_median, options.on_time_standard, {})):
        # NaN (no available day: away all quarter) is neither: "not >= standard" skips it.
        if not _shown(rate) >= standard or (code == "on_time" and not _on_time_judged(record)):
            continue
        values = {"rate": rate, "median": median, "standard": standard, **extra}
        if _shown(rate) < _shown(median):
            notes.append(Finding(f"{code}_under_median", values=values))
        else:
            strengths.append(Finding(code, values=values))
    return strengths, notes


def _strengths_and_notes(record: AsnFeedback, options: FeedbackOptions) -> tuple[tuple[Finding, ...],
                                                                                  tuple[Finding, ...]]:
    """What the person does well (at or above standard and unit median), and what is true but not a strength."""
    if not record.has_data:
        return (), ()
    strengths, notes = _capaian_findings(record)
    # Met means realisation reached target: judged unrounded, so that a 99.96 % is not called met.
    met = sorted((i for i in record.indicators if i.capaian >= INDICATOR_MET), key=lambda i: -i.capaian)
    if met:
        strengths.append(Finding("indicators_met", ", ".join(i.name for i in met),
                                 {"met": len(met), "indicators": len(record.indicators)}))
    reporting_strengths, reporting_notes = _reporting_findings(record, options)
    strengths += reporting_strengths
    notes += reporting_notes
    above = [label for label, rating in record.berakhlak if rating == skp.ABOVE]
    if above:
        strengths.append(Finding("berakhlak_above", ", ".join(above), {"count": len(above)}))
    # The minimum is a PNS's right; a PPPK's development is limited, not owed (PP 49/2018 art. 40).
    if record.employment_type == "PNS" and record.jp_year is not None and record.jp_year >= training.MIN_JP_PER_YEAR:
        strengths.append(Finding("jp_met", values={"jp": record.jp_year, "minimum": training.MIN_JP_PER_YEAR}))
    return tuple(strengths), tuple(notes)


def _areas(record: AsnFeedback, options: FeedbackOptions) -> tuple[Finding, ...]:
    found = []
    # Someone away on every working day of the quarter (cuti besar, melahirkan ...) has no quarter to plan an SKP in.
    if record.has_data and not record.has_skp and record.available != 0:
        found.append(Finding("no_skp"))
    for indicator in record.indicators:
        if _shown(indicator.capaian) < skp.DEFAULT_MEETS:
            gap = indicator.target - indicator.realisation if indicator.direction == "higher" \
                else indicator.realisation - indicator.target
            found.append(Finding("indicator_low", indicator.name, {
                "capaian": indicator.capaian, "target": indicator.target, "realisation": indicator.realisation,
                "gap": gap, "threshold": skp.DEFAULT_MEETS}, indicator))
        elif indicator.reason_code is not None:
            found.append(Finding("indicator_missing", indicator.name, indicator=indicator))
    # The rate is over the available days; NaN (away all quarter) is unknown, and "NaN < standard" is False.
    if record.reporting_known and _shown(record.reporting_rate) < options.reporting_standard:
        found.append(Finding("reporting_low", values={
            "rate": record.reporting_rate, **_days(record),
            "standard": options.reporting_standard, "median": record.unit_reporting_median,
            "needed": math.ceil(options.reporting_standard * record.workdays)}))
    if _on_time_judged(record) and _shown(record.on_time_rate) < options.on_time_standard:
        found.append(Finding("on_time_low", values={"rate": record.on_time_rate, "standard": options.on_time_standard,
                                                    "median": record.unit_on_time_median}))
    found += [Finding("berakhlak_below", label) for label, rating in record.berakhlak if rating == skp.BELOW]
    if record.employment_type == "PNS" and record.jp_year is not None and record.jp_year < training.MIN_JP_PER_YEAR:
        first = next((program for program in record.programs or () if program.jp), None)
        found.append(Finding("jp_short", first.name if first else None, {
            "jp": record.jp_year, "minimum": training.MIN_JP_PER_YEAR,
            "missing": training.MIN_JP_PER_YEAR - record.jp_year,
            **({"program_jp": float(first.jp)} if first else {})}))
    return tuple(found)


def _flags(record: AsnFeedback, options: FeedbackOptions, below_min_jp: bool) -> tuple[str, ...]:
    known = record.reporting_known
    checks = {
        "no_data": not record.has_data,
        "hasil_kerja_below": record.hasil_kerja_rating == skp.BELOW,
        "perilaku_below": record.perilaku_rating == skp.BELOW,
        "indicator_missing": any(i.reason_code is not None for i in record.indicators),
        "reporting_below_standard": known and _shown(record.reporting_rate) < options.reporting_standard,
        "on_time_below_standard": _on_time_judged(record) and _shown(record.on_time_rate) < options.on_time_standard,
        "no_recent_report": record.no_recent_report,
        "below_min_jp": below_min_jp and record.employment_type == "PNS",
    }
    return tuple(code for code, holds in checks.items() if holds)


def build_feedback(dataset: Dataset, quarter: Quarter | str | QuarterResults, *,
                   units: Iterable[str] | str | None = None, options: FeedbackOptions | None = None) -> FeedbackData:
    """Build the feedback records of every ASN of ``units`` from the quarter's evaluation.

    Parameters
    ----------
    dataset
        The data (units, employees, behaviour and trainings are read for
        names, ratings and the trainings followed).
    quarter
        The quarter's evaluation (:func:`kinerja.quarter.evaluate_quarter`),
        so that the pages show the figures every other page shows; or a
        quarter, which is then evaluated here with ``options``.
    units
        Unit codes; None for every unit. The training clusters are always
        fitted on every ASN, as in ``klaster_pelatihan``.
    options
        See :class:`FeedbackOptions`; None for the notebooks' defaults.

    Returns
    -------
    FeedbackData
        One :class:`AsnFeedback` per ASN of the selected units.

    Raises
    ------
    DataError
        For a unit not in the units table (naming the valid ones), a bad
        option, or a training catalogue that cannot be used.
    """
    options = options or FeedbackOptions()
    if isinstance(quarter, QuarterResults):
        # The pages judge by the standards the figures were computed with.
        options = replace(options, evaluation=quarter.options)
    _check_options(options)
    selected = _selected_units(dataset, units)  # an unknown unit is refused before the quarter is evaluated
    results = quarter if isinstance(quarter, QuarterResults) else evaluate_quarter(dataset, quarter, options.evaluation)
    q = results.quarter
    unit_names = dataset.units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"].astype(str)
    staff = dataset.employees.drop_duplicates("nip")
    staff = staff[staff["unit_code"].isin(selected)]
    order = {code: i for i, code in enumerate(selected)}
    staff = staff.assign(_order=staff["unit_code"].map(order)).sort_values(["_order", "name", "nip"], kind="stable")

    nips = pd.Index(staff["nip"].astype(str))
    rated = results.of_quarter("predikat", q).reindex(nips)
    unit_capaian = results.unit_capaian[results.unit_capaian["quarter"] == q.label].set_index("unit_code")["capaian_median"]
    capaian_reasons = results.capaian.drop_duplicates("nip").set_index("nip")["reason"]
    reporting = results.of_quarter("reporting", q).reindex(nips)
    reporting["known"] = reporting["known"].fillna(False).astype(bool)
    reasons = _reasons(results, dataset, q)
    unit_medians = reporting.groupby("unit_code")[["reporting_rate", "on_time_rate"]].median()
    trend = _trend(results)
    indicators = _indicators(results.indicators)
    berakhlak = _berakhlak(dataset, q)
    silent = set(results.silent["nip"])
    trainings, trainings_known = _trainings(dataset, q)
    need = results.training_need
    advice = _advice(need, results.options.catalogue) if need is not None else {}
    unrated = tuple((label, None) for _, label in BERAKHLAK)
    away, minutes, links = _absences(results), _minutes(results), _links(results)
    observed = _observations(dataset, q, nips)

    records = {}
    for person in staff.itertuples(index=False):
        nip, unit = str(person.nip), str(person.unit_code)
        rating = rated.loc[nip]
        activity = reporting.loc[nip]
        jp_12 = need.recommendations.at[nip, "jp_last_12_months"] if need else float("nan")
        below_min_jp = need.recommendations.at[nip, "below_min_jp"] if need else pd.NA
        reporting_known = bool(activity["known"])
        unknown = tuple(part for part, holds in (
            ("predikat", pd.isna(rating["predikat"]) and "predikat" in reasons),
            ("reporting", not reporting_known and "reporting" in reasons),
            ("reporting_unit", not reporting_known and "reporting" not in reasons),
            ("jp_year", not trainings_known), ("jp_last_12_months", pd.isna(jp_12) and "jp_last_12_months" in reasons),
            ("absences", "absences" in reasons),
            ("minutes", reporting_known and "minutes" in reasons),
            ("skp_links", reporting_known and "skp_links" in reasons),
            ("observations", "observations" in reasons),
        ) if holds)
        base = AsnFeedback(
            nip=nip, name=str(person.name), unit_code=unit, unit_name=str(unit_names.get(unit, unit)),
            position=_text(getattr(person, "position", None)), golongan=_text(getattr(person, "golongan", None)),
            employment_type=employment_type(getattr(person, "employment_type", None), nip), quarter=q,
            has_data=nip in indicators or nip in berakhlak or bool(_float(activity["activities"]) > 0),
            has_skp=nip in indicators, capaian=_float(rating["capaian"]),
            capaian_reason=_text(capaian_reasons.get(nip)), unit_capaian_median=_float(unit_capaian.get(unit)),
            indicators=indicators.get(nip, ()), hasil_kerja_rating=_text(rating["hasil_kerja_rating"]),
            hasil_kerja_source=_text(rating["hasil_kerja_source"]), perilaku_rating=_text(rating["perilaku_rating"]),
            perilaku_source=_text(rating["perilaku_source"]), predikat=_text(rating["predikat"]),
            berakhlak=berakhlak.get(nip, unrated), reporting_known=reporting_known,
            workdays=None if pd.isna(activity["workdays"]) else int(activity["workdays"]),
            days_reported=int(activity["days_reported"]) if reporting_known else None,
            reporting_rate=_float(activity["reporting_rate"]), on_time_rate=_float(activity["on_time_rate"]),
            unit_reporting_median=_float(unit_medians["reporting_rate"].get(unit)),
            unit_on_time_median=_float(unit_medians["on_time_rate"].get(unit)), no_recent_report=nip in silent,
            trend=tuple(trend.get(nip, ())),
            jp_year=float(sum(t.jp for t in trainings.get(nip, ()) if not math.isnan(t.jp)))
            if trainings_known else None,
            jp_last_12_months=None if pd.isna(jp_12) else float(jp_12), trainings=trainings.get(nip, ()),
            programs=advice[nip] if need else None, strengths=(), notes=(), areas=(), flags=(), unknown=unknown,
            absence_days=0 if pd.isna(activity["absence_days"]) else int(activity["absence_days"]),
            available_days=None if pd.isna(activity["available_days"]) else int(activity["available_days"]),
            absences=away.get(nip, ()), minutes=minutes.get(nip) if reporting_known else None,
            links=links.get(nip) if reporting_known else None, observations=observed.get(nip),
        )
        strengths, notes = _strengths_and_notes(base, options)
        records[nip] = replace(base, strengths=strengths, notes=notes, areas=_areas(base, options),
                               flags=_flags(base, options, bool(below_min_jp) if pd.notna(below_min_jp) else False))
    present = dict.fromkeys(record.unit_code for record in records.values())
    return FeedbackData(q, options, records, {code: str(unit_names.get(code, code)) for code in present},
                        results.training_unavailable,
                        training.stability_verdict(need.stability) if need else None,
                        _unit_indicators(results, list(present)), reasons)


def _reasons(results: QuarterResults, dataset: Dataset, quarter: Quarter) -> dict[str, Reason]:
    """Why a measure of a person may be unknown: the evaluation's reasons, and those the pages add.

    ``reporting_unit``: the log covers the quarter but not the person's unit
    (its records end before it); ``jp_year``: the trainings table does not
    cover the calendar year up to the quarter's end; ``absences`` worded for
    a page when the data hold no absences table; ``observations``: no
    observations table, or none covering the quarter; ``observations_partial``:
    the observations cover part of the quarter only (their counts are shown, with this).
    """
    span = known.coverage(dataset, "trainings")
    year = known.reason("feedback.unknown.jp_year_absent") if not dataset.has("trainings") else \
        known.in_languages(lambda language: say("feedback.unknown.jp_year", language, covers=span.describe(language),
                                                year=quarter.year))
    found = {**results.unavailable, "reporting_unit": known.reason("feedback.unknown.reporting_unit"),
             "jp_year": year}
    if "absences" in found and not dataset.has("absences"):
        found["absences"] = known.reason("feedback.unknown.absences_absent")
    state = _observation_state(dataset, quarter)
    if state == "absent":
        found["observations"] = known.reason("feedback.unknown.observations_absent")
    elif state != "full":
        found["observations" if state == "none" else "observations_partial"] = \
            known.not_covered(known.coverage(dataset, "observations"), quarter)
    return found


def _unit_indicators(results: QuarterResults, units: list[str]) -> dict[str, tuple[UnitIndicator, ...]]:
    """Each unit's registered indicators of the quarter, in registry order, written for its team page."""
    judged = results.units.flags
    judged = judged[judged["unit_code"].isin(units)].set_index(["unit_code", "metric"])
    found: dict[str, tuple[UnitIndicator, ...]] = {}
    for unit in units:
        rows = []
        for name, indicator in INDICATORS.items():
            if (unit, name) not in judged.index:
                continue
            row = judged.loc[(unit, name)]
            value, baseline, standard = (flags.format_value(row[column], indicator.kind)
                                         for column in ("value", "baseline", "standard"))
            rows.append(UnitIndicator(name, value, baseline, standard, row["message"]))
        found[unit] = tuple(rows)
    return found


# --- writing --------------------------------------------------------------------------------------


def page_names(nips: Sequence[str], key: bytes) -> dict[str, str]:
    """Return NIP -> the page's file stem: ``asn-`` and a keyed pseudonym of the NIP.

    The key is first derived for this purpose only (HMAC of a fixed context),
    so that a page's name never equals the research pseudonym
    (:func:`kinerja.core.pseudonyms.pseudonymise` with the same key) of the same
    ASN, which would link pseudonymised research data to named pages.
    """
    derived = hmac.new(key, _PAGE_NAME_CONTEXT, hashlib.sha256).digest()
    names = pseudonymise(pd.Series(list(nips), dtype="str"), derived, prefix="asn-")
    return dict(zip(nips, names.astype(str)))


def _unit_folders(codes: Sequence[str], key: bytes) -> dict[str, str]:
    """Unit code -> folder name: the code when it is a plain name, else a keyed pseudonym."""
    pseudonyms = page_names(list(codes), key)
    return {code: code if _SAFE_FOLDER.fullmatch(code) else pseudonyms[code].replace("asn-", "unit-", 1)
            for code in codes}


def write_feedback_pages(dataset: Dataset, quarter: Quarter | str | QuarterResults, folder: str | Path, *, language: str = "id",
                         units: Iterable[str] | str | None = None, key: bytes | None = None,
                         options: FeedbackOptions | None = None) -> FeedbackResult:
    """Write the feedback pages of a quarter: one per ASN, one per unit, and an index.

    Layout: ``folder/index.html`` lists the units; ``folder/<unit>/index.html``
    is the supervisor's page of the unit (its team, linking to each
    member's page); ``folder/<unit>/asn-<pseudonym>.html`` is one ASN's
    page. ``<unit>`` is the unit code, or a pseudonym when the code is not
    a plain file name. The pages are built in a hidden folder beside
    ``folder`` (readable by its owner only) and moved into place when
    complete, replacing an older set.

    Parameters
    ----------
    dataset
        The data.
    quarter
        The quarter's evaluation, or a quarter to evaluate here (see :func:`build_feedback`).
    folder
        Where the pages go, e.g. ``<run>/restricted/umpan_balik``.
    language
        ``"id"`` (Bahasa Indonesia) or ``"en"``.
    units
        Unit codes; None for every unit.
    key
        Secret from which page names are derived, for names that stay the
        same between runs; None draws a random key for this call (never
        written anywhere), so names differ every time.
    options
        See :class:`FeedbackOptions`.

    Returns
    -------
    FeedbackResult
        Counts, seconds and the folder.

    Raises
    ------
    DataError
        For an unknown unit (naming the valid ones), an unknown language or a bad option.
    """
    if language not in feedback_pages.LANGUAGES:
        raise DataError(f"language {language!r} is not one of {', '.join(feedback_pages.LANGUAGES)}.")
    started = time.perf_counter()
    data = build_feedback(dataset, quarter, units=units, options=options)
    computed = time.perf_counter()
    secret = key if key else secrets.token_bytes(32)
    names = page_names(list(data.records), secret)
    groups = data.by_unit()
    folders = _unit_folders(list(groups), secret)
    destination = Path(folder)
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.building-", dir=destination.parent))
    try:
        for unit, members in groups.items():
            links = {record.nip: f"{names[record.nip]}.html" for record in members}
            for record in members:
                pages.write(staging / folders[unit] / links[record.nip],
                            feedback_pages.asn_page(record, data, language))
            pages.write(staging / folders[unit] / "index.html",
                        feedback_pages.unit_page(unit, members, links, data, language))
        unit_links = {unit: f"{folders[unit]}/index.html" for unit in groups}
        pages.write(staging / "index.html", feedback_pages.index_page(groups, unit_links, data, language))
        pages.replace_folder(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finished = time.perf_counter()
    return FeedbackResult(destination, len(data.records), len(groups),
                          sum(not record.has_data for record in data.records.values()),
                          computed - started, finished - computed)
