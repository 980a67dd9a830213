"""Trends and flags: which units need attention this quarter, and why, in plain Indonesian.

Each unit's metrics of the chosen quarter are compared with the previous
``compare_quarters`` quarters (default 4). The baseline is the median of
those quarters' values (robust to one odd quarter); the previous quarter's
value is shown too. A flag is raised when a unit

- falls on the wrong side of a standard (e.g. waiting time above 60
  minutes, IKM below 76,61 = grade B), or
- worsens against its baseline by more than a threshold (e.g. waiting time
  up by more than 15 minutes).

The baseline uses only the quarters that have a value (a quarter the data do
not cover has none: :func:`kinerja.metrics.registry.unit_indicators`), and
needs at least :func:`kinerja.metrics.known.needed_history` of them; with
fewer there is no baseline and no trend flag, and the column ``history``
says how many quarters the data hold, for "riwayat belum cukup: N triwulan"
(:func:`kinerja.metrics.known.history_short`). A unit without a value in the
evaluated quarter gets no row, and so no flag.

One row per unit and metric that trips either rule, with a message. Numbers
are written the Indonesian way (:mod:`kinerja.core.formatting`).

The rules are those of the indicator registry (:mod:`kinerja.metrics.registry`):
each indicator's standard, the change against the baseline that is flagged,
its direction, and where those numbers come from (``Indicator.basis``). A
standard is a project default except where a source is named; the change
thresholds are all project choices, set well above ordinary quarter-to-quarter
variation so that a flag means something happened. Override them with
``standards={...}`` / ``max_worsening={...}`` (None switches a rule off) or
pass your own :class:`MetricRule` objects.

The messages come from the text catalogue (``flags.*``) and name the
baseline: "Waktu tunggu di Puskesmas Karang Taliwang naik dari 38 ke 73 menit
(pembanding: median 4 triwulan sebelumnya); standar 60 menit".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

import pandas as pd

from kinerja.core.formatting import number, percent
from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.dataset import Dataset
from kinerja.metrics import ekinerja, services
from kinerja.metrics.ikm import grade, round_half_up
from kinerja.metrics.known import needed_history
from kinerja.metrics.registry import (
    INDICATORS,
    KINDS,
    IndicatorSettings,
    MetricRule,
    unit_indicators,
)

__all__ = [
    "DEFAULT_COMPARE_QUARTERS",
    "DEFAULT_RULES",
    "METRICS",
    "MetricRule",
    "compare_quarters_of",
    "flag_metrics",
    "format_value",
    "quarter_flags",
]

DEFAULT_COMPARE_QUARTERS = 4
"""Quarters before the chosen one that form the baseline (a year)."""

DEFAULT_RULES: dict[str, MetricRule] = {name: indicator.rule() for name, indicator in INDICATORS.items()}
"""The default rule of every registered indicator (:data:`kinerja.metrics.registry.INDICATORS`)."""

METRICS: tuple[str, ...] = tuple(DEFAULT_RULES)
"""The unit indicators, in the order flags are listed."""


# --- formatting ------------------------------------------------------------------------------------


def format_value(value: float, kind: str) -> str:
    """Write a metric value the Indonesian way, with its unit.

    >>> format_value(73.0, "minutes")
    '73 menit'
    >>> format_value(72.08, "ikm")
    '72,08 (mutu C)'
    >>> format_value(0.853, "share")
    '85,3%'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "minutes":
        return f"{number(value, 0)} menit"
    if kind == "hours":
        return f"{number(value, 1)} jam"
    if kind == "ikm":
        rounded = round_half_up(value, 2)
        letter = f" (mutu {grade(rounded).letter})" if 24.75 <= rounded <= 100 else ""
        return f"{number(rounded, 2)}{letter}"
    if kind in ("share", "capaian"):
        whole = abs(value * 100 - round(value * 100)) < 0.05
        return percent(value, 0 if whole else 1)
    raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}.")


def _change_text(change: float, kind: str) -> str:
    size = abs(change)
    if kind == "minutes":
        return f"{number(size, 0)} menit"
    if kind == "hours":
        return f"{number(size, 1)} jam"
    if kind == "ikm":
        return f"{number(size, 2)} poin"
    whole = abs(size * 100 - round(size * 100)) < 0.05
    return f"{number(size * 100, 0 if whole else 1)} poin persen"


# --- metrics ---------------------------------------------------------------------------------------


def compare_quarters_of(quarter: Quarter | str, compare_quarters: int = DEFAULT_COMPARE_QUARTERS) -> list[Quarter]:
    """The quarters of a comparison: the ``compare_quarters`` before ``quarter``, then ``quarter``."""
    if isinstance(compare_quarters, bool) or not isinstance(compare_quarters, int) or compare_quarters < 1:
        raise ValueError(f"compare_quarters must be a whole number of 1 or more, not {compare_quarters!r}.")
    q = Quarter.parse(quarter)
    return Quarter.range(q.previous(compare_quarters), q)


# --- flags -----------------------------------------------------------------------------------------


def _rules(rules: Mapping[str, MetricRule] | Iterable[MetricRule] | None,
           standards: Mapping[str, float | None] | None,
           max_worsening: Mapping[str, float | None] | None) -> dict[str, MetricRule]:
    if rules is None:
        chosen = dict(DEFAULT_RULES)
    elif isinstance(rules, Mapping):
        chosen = dict(rules)
    else:
        chosen = {rule.metric: rule for rule in rules}
    for name, overrides, field in (("standards", standards, "standard"),
                                   ("max_worsening", max_worsening, "max_worsening")):
        for metric, value in (overrides or {}).items():
            if metric not in chosen:
                raise ValueError(f"{name} names the metric {metric!r}, which has no rule; the metrics are "
                                 f"{', '.join(chosen)}.")
            chosen[metric] = replace(chosen[metric], **{field: value})
    return chosen


def _message(rule: MetricRule, unit: str, value: float, baseline: float, below: bool, worse: bool,
             baseline_quarters: int) -> str:
    show = lambda v: format_value(v, rule.kind)
    # "naik dari 38 ke 73 menit": for minutes the unit once, at the end.
    show_bare = (lambda v: number(v, 0)) if rule.kind == "minutes" else show
    # The quarters the baseline is the median of: those with a value (a single one is the quarter before,
    # since a baseline of one quarter is only made when one quarter is compared).
    basis = say("flags.baseline_one") if baseline_quarters == 1 else say("flags.baseline", n=baseline_quarters)
    if worse:
        text = say("flags.worse", label=rule.label, unit=unit, verb=say("flags.higher" if rule.higher_is_better
                                                                           else "flags.lower"),
                   baseline=show_bare(baseline), value=show(value), basis=basis)
        if below:
            return say("flags.worse_below", worse=text, standard=show(rule.standard))
        text = say("flags.worse_beyond", worse=text, change=_change_text(value - baseline, rule.kind),
                   limit=_change_text(rule.max_worsening, rule.kind))
        return text if rule.standard is None else say("flags.still_meets", text=text, standard=show(rule.standard))
    text = say("flags.outside", label=rule.label, unit=unit, value=show(value),
               side=say("flags.below" if rule.higher_is_better else "flags.above"), standard=show(rule.standard))
    if baseline is not None and not math.isnan(baseline):
        text = say("flags.outside_with_baseline", text=text, basis=basis, baseline=show(baseline))
    return text


def flag_metrics(metrics: pd.DataFrame, quarter: Quarter | str,
                 compare_quarters: int = DEFAULT_COMPARE_QUARTERS,
                 rules: Mapping[str, MetricRule] | Iterable[MetricRule] | None = None, *,
                 standards: Mapping[str, float | None] | None = None,
                 max_worsening: Mapping[str, float | None] | None = None,
                 unit_names: Mapping[str, str] | pd.Series | None = None,
                 include_unflagged: bool = False) -> pd.DataFrame:
    """Compare each unit's metrics of a quarter with its baseline and flag what needs attention.

    Parameters
    ----------
    metrics
        Long table ``quarter``, ``unit_code``, ``metric``, ``value`` (as from
        :func:`kinerja.metrics.registry.unit_indicators`); metrics without a rule are ignored.
    quarter
        The quarter judged.
    compare_quarters
        How many quarters before it form the baseline (their median). Quarters
        without a value are skipped; with fewer than
        :func:`~kinerja.metrics.known.needed_history` left, only the standard
        is checked.
    rules
        Rules per metric; default :data:`DEFAULT_RULES`.
    standards, max_worsening
        Override the standard or the worsening threshold of some metrics;
        None switches that rule off for the metric.
    unit_names
        unit_code -> name, for the messages; the code is used otherwise.
    include_unflagged
        Return every unit and metric of the quarter (the trend table), not
        only the flagged ones.

    Returns
    -------
    pandas.DataFrame
        One row per flagged unit and metric: ``quarter``, ``unit_code``,
        ``unit_name``, ``metric``, ``label``, ``value``, ``previous_value``
        (the quarter before), ``baseline`` (median of the comparison
        quarters that have a value; NaN with too few), ``history`` (quarters
        of the comparison with a value, the judged one included), ``change``
        (value - baseline), ``standard``,
        ``max_worsening``, ``below_standard``, ``worsened``, ``flagged`` and
        ``message`` (Indonesian; empty when not flagged). Sorted by unit and
        the order of :data:`METRICS`.
    """
    chosen = _rules(rules, standards, max_worsening)
    span = compare_quarters_of(quarter, compare_quarters)
    current, before = span[-1].label, [q.label for q in span[:-1]]
    previous = span[-2].label
    missing = [c for c in ("quarter", "unit_code", "metric", "value") if c not in metrics.columns]
    if missing:
        raise ValueError(f"metrics lacks the column(s) {', '.join(missing)}.")
    table = metrics[metrics["metric"].isin(list(chosen))].copy()
    table["quarter"] = table["quarter"].map(lambda q: Quarter.parse(q).label)
    names = dict(unit_names) if unit_names is not None else {}
    now = table[table["quarter"] == current].drop_duplicates(["unit_code", "metric"], keep="last")
    history = table[table["quarter"].isin(before)]
    grouped = history.groupby(["unit_code", "metric"])["value"]
    baseline = grouped.median()[grouped.count() >= needed_history(compare_quarters)]
    counted = grouped.count()
    last = table[table["quarter"] == previous].groupby(["unit_code", "metric"])["value"].last()
    rows = []
    for unit, metric, value in zip(now["unit_code"], now["metric"], now["value"]):
        rule = chosen[metric]
        base = float(baseline.get((unit, metric), math.nan))
        quarters = int(counted.get((unit, metric), 0))
        change = value - base
        below = rule.standard is not None and (value < rule.standard if rule.higher_is_better
                                               else value > rule.standard)
        worse = (rule.max_worsening is not None and not math.isnan(change)
                 and (-change if rule.higher_is_better else change) > rule.max_worsening + 1e-12)
        flagged = bool(below or worse)
        name = names.get(unit, unit)
        rows.append({
            "quarter": current, "unit_code": unit, "unit_name": name, "metric": metric, "label": rule.label,
            "value": value, "previous_value": float(last.get((unit, metric), math.nan)), "baseline": base,
            "history": quarters + 1, "change": change, "standard": rule.standard, "max_worsening": rule.max_worsening,
            "below_standard": bool(below), "worsened": bool(worse), "flagged": flagged,
            "message": _message(rule, name, value, base, bool(below), bool(worse), quarters) if flagged else "",
        })
    columns = ["quarter", "unit_code", "unit_name", "metric", "label", "value", "previous_value", "baseline",
               "history", "change", "standard", "max_worsening", "below_standard", "worsened", "flagged", "message"]
    result = pd.DataFrame(rows, columns=columns)
    if not include_unflagged:
        result = result[result["flagged"]]
    order = {metric: i for i, metric in enumerate(chosen)}
    result = result.assign(_order=result["metric"].map(order))
    result = result.sort_values(["unit_code", "_order"], kind="stable").drop(columns="_order")
    for column in ("value", "previous_value", "baseline", "change", "standard", "max_worsening"):
        result[column] = pd.to_numeric(result[column]).astype("float64")
    result["history"] = result["history"].astype("int64")
    for column in ("below_standard", "worsened", "flagged"):
        result[column] = result[column].astype(bool)
    for column in ("quarter", "unit_code", "unit_name", "metric", "label", "message"):
        result[column] = result[column].astype("str")
    return result.reset_index(drop=True)


def quarter_flags(data: Dataset, quarter: Quarter | str, compare_quarters: int = DEFAULT_COMPARE_QUARTERS,
                  rules: Mapping[str, MetricRule] | Iterable[MetricRule] | None = None, *,
                  standards: Mapping[str, float | None] | None = None,
                  max_worsening: Mapping[str, float | None] | None = None,
                  standard_minutes: float = services.DEFAULT_STANDARD_MINUTES,
                  late_tolerance_days: int = ekinerja.DEFAULT_LATE_TOLERANCE_DAYS,
                  include_cuti_bersama: bool = True, extra_holidays: Iterable[date | str] = (),
                  extra_workdays: Iterable[date | str] = (), ikm_weight: str = "exact",
                  include_unflagged: bool = False) -> pd.DataFrame:
    """The flags of a quarter: :func:`kinerja.metrics.registry.unit_indicators` then :func:`flag_metrics`.

    Parameters
    ----------
    data
        The Dataset.
    quarter, compare_quarters, rules, standards, max_worsening, include_unflagged
        See :func:`flag_metrics`.
    standard_minutes
        The waiting-time standard; it sets both the share within the standard
        and (unless ``standards`` says otherwise) the standard of the median
        waiting time.
    late_tolerance_days, include_cuti_bersama, extra_holidays, extra_workdays, ikm_weight
        See :class:`kinerja.metrics.registry.IndicatorSettings`.

    Returns
    -------
    pandas.DataFrame
        As :func:`flag_metrics`.

    Examples
    --------
    On the demo data, 2026-Q3 flags the waiting time of Puskesmas Karang
    Taliwang ("Waktu tunggu di Puskesmas Karang Taliwang naik dari 38 ke 73
    menit (pembanding: median 4 triwulan sebelumnya); standar 60 menit") and the IKM of Kantor
    Lurah Mayura.
    """
    span = compare_quarters_of(quarter, compare_quarters)
    settings = IndicatorSettings(standard_minutes, late_tolerance_days, include_cuti_bersama,
                                 tuple(extra_holidays), tuple(extra_workdays), ikm_weight)
    metrics = unit_indicators(data, span, settings)
    chosen = _rules(rules, None, None)
    if "waiting_median_minutes" in chosen and not (standards and "waiting_median_minutes" in standards):
        chosen["waiting_median_minutes"] = replace(chosen["waiting_median_minutes"], standard=standard_minutes)
    names = data.units.set_index("unit_code")["unit_name"] if data.has("units") else None
    return flag_metrics(metrics, span[-1], compare_quarters, chosen, standards=standards,
                        max_worsening=max_worsening, unit_names=names, include_unflagged=include_unflagged)
