"""Trends and flags: which units need attention this quarter, and why, in plain Indonesian.

Each unit's metrics of the chosen quarter are compared with the previous
``compare_quarters`` quarters (default 4). The baseline is the median of
those quarters' values (robust to one odd quarter); the previous quarter's
value is shown too. A flag is raised when a unit

- falls on the wrong side of a standard (e.g. waiting time above 60
  minutes, IKM below 76,61 = grade B), or
- worsens against its baseline by more than a threshold (e.g. waiting time
  up by more than 15 minutes).

One row per unit and metric that trips either rule, with a message such as
"Waktu tunggu di Puskesmas Karang Taliwang naik dari 38 ke 73 menit; standar
60 menit". Numbers are written the Indonesian way (:mod:`kinerja.core.formatting`).

Default rules (:data:`DEFAULT_RULES`) and why
-----------------------------------------------

========================== ======= =============== ================ =========================================
metric                     better  standard        flag a change    why these numbers
                                                   beyond
========================== ======= =============== ================ =========================================
waiting_median_minutes     lower   60 menit        +15 menit        standard: Kepmenkes 129/2008; change: a
                                                                    quarter of the standard, far above the
                                                                    quarter-to-quarter noise of a median
within_standard_share      higher  none            -15 poin persen  project choice
unserved_share             lower   none            +5 poin persen   project choice
ikm                        higher  76,61 (mutu B)  -5 poin          standard: grade B of PermenPANRB 14/2017,
                                                                    the usual target; change: project choice
                                                                    (under half the width of grade B)
reporting_rate             higher  80%             -10 poin persen  project choice: a report every working
                                                                    day is expected; 80% leaves room for
                                                                    leave, sickness, training and travel
on_time_rate               higher  none            -10 poin persen  project choice; no regulation fixes a rate
approval_lag_median_hours  lower   none            +24 jam          project choice: a day more of waiting
capaian_median             higher  90%             -10 poin persen  standard: the Sesuai Ekspektasi threshold
                                                                    of :mod:`kinerja.metrics.skp` (0.90)
========================== ======= =============== ================ =========================================

A standard is a project default except where a source is named; the
change thresholds are all project choices, set well above ordinary
quarter-to-quarter variation so that a flag means something happened.
Override them with ``standards={...}`` / ``max_worsening={...}`` (None
switches a rule off) or pass your own :class:`MetricRule` objects.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from kinerja.core.formatting import number, percent
from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.metrics import ekinerja, services, skp
from kinerja.metrics.ikm import grade, round_half_up

__all__ = [
    "DEFAULT_COMPARE_QUARTERS",
    "DEFAULT_RULES",
    "METRICS",
    "MetricRule",
    "compare_quarters_of",
    "flag_metrics",
    "format_value",
    "quarter_flags",
    "unit_metrics",
]

DEFAULT_COMPARE_QUARTERS = 4
"""Quarters before the chosen one that form the baseline (a year)."""

_KINDS = ("minutes", "hours", "share", "ikm", "capaian")


@dataclass(frozen=True)
class MetricRule:
    """How one unit metric is judged.

    Attributes
    ----------
    metric
        Column name of the metric in :func:`unit_metrics`.
    label
        Indonesian name shown in messages ("Waktu tunggu").
    higher_is_better
        Direction of the metric.
    standard
        The value a unit must reach (at least, when higher is better; at
        most, when lower is better); None for no standard.
    max_worsening
        The largest change against the baseline, in the metric's own units
        (minutes, IKM points, a share 0-1), that is not flagged; None for no
        trend rule.
    kind
        How values are written: ``"minutes"``, ``"hours"``, ``"share"``
        (percent), ``"ikm"`` (two decimals and the grade) or ``"capaian"``
        (percent).
    """

    metric: str
    label: str
    higher_is_better: bool
    standard: float | None
    max_worsening: float | None
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"kind {self.kind!r} of metric {self.metric!r} is not one of {', '.join(_KINDS)}.")
        if self.max_worsening is not None and not self.max_worsening >= 0:
            raise ValueError(f"max_worsening of {self.metric!r} must be 0 or more, or None, "
                             f"not {self.max_worsening!r}.")


DEFAULT_RULES: dict[str, MetricRule] = {rule.metric: rule for rule in (
    MetricRule("waiting_median_minutes", "Waktu tunggu", False, services.DEFAULT_STANDARD_MINUTES, 15.0, "minutes"),
    MetricRule("within_standard_share", "Pengunjung yang dilayani dalam standar waktu tunggu", True, None, 0.15,
               "share"),
    MetricRule("unserved_share", "Pengunjung yang tidak terlayani", False, None, 0.05, "share"),
    MetricRule("ikm", "IKM", True, 76.61, 5.0, "ikm"),
    MetricRule("reporting_rate", "Tingkat pelaporan e-Kinerja", True, 0.80, 0.10, "share"),
    MetricRule("on_time_rate", "Laporan e-Kinerja tepat waktu", True, None, 0.10, "share"),
    MetricRule("approval_lag_median_hours", "Lama persetujuan laporan e-Kinerja", False, None, 24.0, "hours"),
    MetricRule("capaian_median", "Capaian SKP (median pegawai)", True, skp.DEFAULT_MEETS, 0.10, "capaian"),
)}
"""The default rule of every metric; see the module docstring for the reasons."""

METRICS: tuple[str, ...] = tuple(DEFAULT_RULES)
"""The unit metrics :func:`unit_metrics` computes, in the order flags are listed."""


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
    raise ValueError(f"kind must be one of {', '.join(_KINDS)}, not {kind!r}.")


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


def unit_metrics(data: Dataset, quarters: Iterable[Quarter | str], *,
                 standard_minutes: float = services.DEFAULT_STANDARD_MINUTES,
                 late_tolerance_days: int = ekinerja.DEFAULT_LATE_TOLERANCE_DAYS,
                 include_cuti_bersama: bool = True, extra_holidays: Iterable[date | str] = (),
                 extra_workdays: Iterable[date | str] = ()) -> pd.DataFrame:
    """Collect every unit metric for some quarters, as a long table.

    Metrics come from :mod:`kinerja.metrics.services` (waiting time, share within the
    standard, unserved share; units with visits), the IKM of
    :func:`kinerja.metrics.services.satisfaction` (units with SKM responses),
    :func:`kinerja.metrics.ekinerja.unit_reporting` (reporting rate, on-time rate,
    median approval lag; only for quarters from the first activity in the
    data on) and the median SKP capaian of
    :func:`kinerja.metrics.skp.capaian_per_unit`. A table the Dataset lacks gives no
    metrics.

    Returns
    -------
    pandas.DataFrame
        ``quarter``, ``unit_code``, ``metric``, ``value``; one row per unit,
        quarter and metric that has a value.
    """
    wanted = sorted({Quarter.parse(q) for q in quarters})
    labels = [q.label for q in wanted]
    parts: list[pd.DataFrame] = []

    def add(frame: pd.DataFrame, columns: Mapping[str, str]) -> None:
        for column, metric in columns.items():
            part = frame[["quarter", "unit_code", column]].rename(columns={column: "value"})
            parts.append(part.assign(metric=metric))

    if data.has("visits"):
        quality = services.service_trend(data, wanted, standard_minutes)
        add(quality, {m: m for m in ("waiting_median_minutes", "within_standard_share", "unserved_share")})
    if data.has("ikm_responses"):
        ikm = services.satisfaction(data, wanted)
        add(ikm, {"ikm_rounded": "ikm"})
    if data.has("activities") and data.has("employees") and data.has("units"):
        # A quarter that ended before the first activity in the data has no e-Kinerja records at all
        # (the log starts later): it gets no reporting metrics rather than a reporting rate of 0.
        first = data.activities.activity_date.min().execute()
        for q in (q for q in wanted if first is not None and pd.Timestamp(q.end) >= pd.Timestamp(first)):
            reporting = ekinerja.unit_reporting(data, q, late_tolerance_days=late_tolerance_days,
                                                include_cuti_bersama=include_cuti_bersama,
                                                extra_holidays=extra_holidays, extra_workdays=extra_workdays)
            add(reporting, {m: m for m in ("reporting_rate", "on_time_rate", "approval_lag_median_hours")})
    if data.has("skp") and data.has("employees"):
        per_employee = skp.capaian_per_employee(data.skp)
        per_employee = per_employee[per_employee["quarter"].isin(labels)]
        add(skp.capaian_per_unit(per_employee, data.employees), {"capaian_median": "capaian_median"})
    columns = ["quarter", "unit_code", "metric", "value"]
    if not parts:
        return pd.DataFrame(columns=columns)
    table = pd.concat(parts, ignore_index=True)[columns]
    table["value"] = pd.to_numeric(table["value"]).astype("float64")
    table = table[table["value"].notna() & table["quarter"].isin(labels)]
    order = {metric: i for i, metric in enumerate(METRICS)}
    table = table.assign(_order=table["metric"].map(order).fillna(len(order)))
    table = table.sort_values(["unit_code", "_order", "quarter"], kind="stable").drop(columns="_order")
    return table.astype({"quarter": "str", "unit_code": "str", "metric": "str"}).reset_index(drop=True)


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


def _message(rule: MetricRule, unit: str, value: float, baseline: float, below: bool, worse: bool) -> str:
    show = lambda v: format_value(v, rule.kind)  # noqa: E731
    if rule.kind == "minutes":
        # "naik dari 38 ke 73 menit": the unit once, at the end.
        show_bare = lambda v: number(v, 0)  # noqa: E731
    else:
        show_bare = show
    verb = "turun" if rule.higher_is_better else "naik"
    side = "di bawah" if rule.higher_is_better else "di atas"
    has_baseline = baseline is not None and not math.isnan(baseline)
    if worse:
        text = f"{rule.label} di {unit} {verb} dari {show_bare(baseline)} ke {show(value)}"
        if below:
            return f"{text}; standar {show(rule.standard)}"
        text += f", perubahan {_change_text(value - baseline, rule.kind)} melewati batas " \
                f"{_change_text(rule.max_worsening, rule.kind)}"
        if rule.standard is not None:
            text += f"; standar {show(rule.standard)} masih terpenuhi"
        return text
    text = f"{rule.label} di {unit} {show(value)}, {side} standar {show(rule.standard)}"
    if has_baseline:
        text += f" (sebelumnya {show(baseline)})"
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
        :func:`unit_metrics`); metrics without a rule are ignored.
    quarter
        The quarter judged.
    compare_quarters
        How many quarters before it form the baseline (their median). Quarters
        without a value are skipped; with none, only the standard is checked.
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
        quarters), ``change`` (value - baseline), ``standard``,
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
    baseline = history.groupby(["unit_code", "metric"])["value"].median()
    last = table[table["quarter"] == previous].groupby(["unit_code", "metric"])["value"].last()
    rows = []
    for unit, metric, value in zip(now["unit_code"], now["metric"], now["value"]):
        rule = chosen[metric]
        base = float(baseline.get((unit, metric), math.nan))
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
            "change": change, "standard": rule.standard, "max_worsening": rule.max_worsening,
            "below_standard": bool(below), "worsened": bool(worse), "flagged": flagged,
            "message": _message(rule, name, value, base, bool(below), bool(worse)) if flagged else "",
        })
    columns = ["quarter", "unit_code", "unit_name", "metric", "label", "value", "previous_value", "baseline",
               "change", "standard", "max_worsening", "below_standard", "worsened", "flagged", "message"]
    result = pd.DataFrame(rows, columns=columns)
    if not include_unflagged:
        result = result[result["flagged"]]
    order = {metric: i for i, metric in enumerate(chosen)}
    result = result.assign(_order=result["metric"].map(order))
    result = result.sort_values(["unit_code", "_order"], kind="stable").drop(columns="_order")
    for column in ("value", "previous_value", "baseline", "change", "standard", "max_worsening"):
        result[column] = pd.to_numeric(result[column]).astype("float64")
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
                  extra_workdays: Iterable[date | str] = (),
                  include_unflagged: bool = False) -> pd.DataFrame:
    """The flags of a quarter: :func:`unit_metrics` then :func:`flag_metrics`.

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
    late_tolerance_days, include_cuti_bersama, extra_holidays, extra_workdays
        See :func:`kinerja.metrics.ekinerja.unit_reporting`.

    Returns
    -------
    pandas.DataFrame
        As :func:`flag_metrics`.

    Examples
    --------
    On the demo data, 2026-Q3 flags the waiting time of Puskesmas Karang
    Taliwang ("Waktu tunggu di Puskesmas Karang Taliwang naik dari 38 ke 73
    menit; standar 60 menit") and the IKM of Kantor Lurah Mayura.
    """
    span = compare_quarters_of(quarter, compare_quarters)
    metrics = unit_metrics(data, span, standard_minutes=standard_minutes, late_tolerance_days=late_tolerance_days,
                           include_cuti_bersama=include_cuti_bersama, extra_holidays=extra_holidays,
                           extra_workdays=extra_workdays)
    chosen = _rules(rules, None, None)
    if "waiting_median_minutes" in chosen and not (standards and "waiting_median_minutes" in standards):
        chosen["waiting_median_minutes"] = replace(chosen["waiting_median_minutes"], standard=standard_minutes)
    names = data.units.set_index("unit_code")["unit_name"] if data.has("units") else None
    return flag_metrics(metrics, span[-1], compare_quarters, chosen, standards=standards,
                        max_worsening=max_worsening, unit_names=names, include_unflagged=include_unflagged)
