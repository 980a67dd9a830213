"""Time-to-event statistics: the Kaplan-Meier estimator and the log-rank test.

Written with numpy and scipy only (no lifelines), for the time from the
e-Kinerja rollout to an employee's first report, where employees who have
not reported by the end of the activity log are *censored*: we know they had
not reported by then, not when they will.

Kaplan-Meier (Kaplan & Meier, 1958)
-----------------------------------
At each distinct time ``t_i`` with ``d_i`` events among the ``n_i`` subjects
still at risk (subjects censored at ``t_i`` count as at risk at ``t_i``,
the usual convention that events come first)::

    S(t) = prod over t_i <= t of (1 - d_i / n_i)

Greenwood's variance (Greenwood, 1926)::

    Var S(t) = S(t)^2 * sum over t_i <= t of d_i / (n_i (n_i - d_i))

Confidence intervals, with ``z`` the normal quantile and
``sigma^2 = sum d_i / (n_i (n_i - d_i))`` (the Greenwood variance of
``log S``):

- ``"log-log"`` (default; Kalbfleisch & Prentice, 2002): ``S ** exp(+-z
  sigma / log S)``; always inside [0, 1], and good coverage in small samples
  (Borgan & Liestol, 1990, Scand. J. Statist. 17, 35-41);
- ``"log"`` (R ``survfit``'s default): ``exp(log S +- z sigma)``, upper
  bound capped at 1;
- ``"plain"``: ``S +- z SE``, clipped to [0, 1].

Where ``S = 0`` (the last subject at risk had the event) the standard error
and the interval are NaN, as in R; where ``S = 1`` (before the first event)
the standard error is 0 and the interval is [1, 1].

Log-rank test (Mantel, 1966; Peto & Peto, 1972)
-----------------------------------------------
For ``k`` groups, at every event time the expected events of group ``g``
are ``E_g = d n_g / n`` and the hypergeometric covariance is
``V_gh = d (n - d) / (n - 1) * n_g / n * (delta_gh - n_h / n)``; summed over
event times, the statistic ``(O - E)' V^- (O - E)`` over the first ``k - 1``
groups is chi-square with ``k - 1`` degrees of freedom under equal hazards.
This is what R's ``survival::survdiff`` computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["CI_TRANSFORMS", "KaplanMeier", "LogRankResult", "kaplan_meier", "logrank_test"]

CI_TRANSFORMS = ("log-log", "log", "plain")
"""Accepted values of ``ci_transform``."""


@dataclass(frozen=True)
class KaplanMeier:
    """A Kaplan-Meier survival curve with Greenwood standard errors.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per distinct observed time (event or censoring), in
        increasing order: ``time``, ``n_at_risk``, ``n_events``,
        ``n_censored``, ``survival``, ``se`` (Greenwood standard error of
        the survival), ``ci_low``, ``ci_high``.
    n : int
        Subjects.
    n_events : int
        Subjects with the event.
    ci : float
        Confidence level of the interval.
    ci_transform : {"log-log", "log", "plain"}
        Scale on which the interval is built.
    """

    table: pd.DataFrame
    n: int
    n_events: int
    ci: float
    ci_transform: str

    def survival_at(self, times: float | Sequence[float] | np.ndarray) -> np.ndarray:
        """The curve at arbitrary times, as a right-continuous step function.

        Before the first observed time the survival is 1.
        """
        times = np.atleast_1d(np.asarray(times, dtype=float))
        position = np.searchsorted(self.table["time"].to_numpy(dtype=float), times, side="right") - 1
        values = np.concatenate([[1.0], self.table["survival"].to_numpy(dtype=float)])
        return values[position + 1]

    def median(self) -> float:
        """The median time: the first time the curve is at or below 0.5 (NaN if never)."""
        reached = self.table.loc[self.table["survival"] <= 0.5 + 1e-12, "time"]
        return float(reached.iloc[0]) if len(reached) else float("nan")

    def to_frame(self) -> pd.DataFrame:
        """The curve as a table (a copy of `table`)."""
        return self.table.copy()


@dataclass(frozen=True)
class LogRankResult:
    """The log-rank test of equal survival across groups.

    Attributes
    ----------
    statistic : float
        Chi-square statistic.
    df : int
        Degrees of freedom, groups minus one.
    p_value : float
    table : pandas.DataFrame
        Per group: ``n``, ``observed`` and ``expected`` events,
        ``o_minus_e`` and ``variance`` (the diagonal of the covariance).
    """

    statistic: float
    df: int
    p_value: float
    table: pd.DataFrame

    def apa(self) -> str:
        """The result in APA style, e.g. ``χ²(2) = 16.79, p < .001``."""
        return f"χ²({self.df}) = {self.statistic:.2f}, {format_p(self.p_value)}"

    def to_frame(self) -> pd.DataFrame:
        """Per-group observed and expected events (a copy of `table`)."""
        return self.table.copy()


def format_p(p: float) -> str:
    """A p-value in APA style: ``p = .007``, ``p < .001``, no leading zero."""
    if p is None or not np.isfinite(p):
        return "p = NA"
    if p < 0.001:
        return "p < .001"
    text = f"{p:.3f}"
    return f"p = {text[1:] if text.startswith('0') else text}"


def _check_ci(ci: float) -> None:
    if isinstance(ci, bool) or not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a confidence level strictly between 0 and 1, got {ci!r}.")


def _as_time_event(time: object, event: object) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(pd.Series(time).astype("Float64").to_numpy(dtype=float, na_value=np.nan))
    e_series = pd.Series(event)
    if len(t) != len(e_series):
        raise ValueError(f"time and event must have the same length, got {len(t)} and {len(e_series)}.")
    if e_series.isna().any():
        raise ValueError(f"event has {int(e_series.isna().sum())} missing value(s); every subject "
                         f"needs an event flag (True: event, False: censored).")
    e_values = e_series.to_numpy()
    if not set(np.unique(e_values.astype(float))) <= {0.0, 1.0}:
        raise ValueError(f"event must hold True/False or 1/0, got values {sorted(set(e_values))[:5]!r}.")
    if np.isnan(t).any():
        raise ValueError(f"time has {int(np.isnan(t).sum())} missing value(s); every subject needs "
                         f"a time of event or censoring.")
    if (t < 0).any():
        raise ValueError(f"time must not be negative, got {t[t < 0][0]!r}.")
    return t, e_values.astype(float).astype(bool)


def kaplan_meier(time: object, event: object, ci: float = 0.95,
                 ci_transform: Literal["log-log", "log", "plain"] = "log-log") -> KaplanMeier:
    """Kaplan-Meier estimate of the survival curve, with Greenwood intervals.

    Parameters
    ----------
    time : array-like of float
        Time of the event, or of censoring, per subject; not negative.
    event : array-like of bool or 0/1
        True (1) where the event happened at ``time``, False (0) where the
        subject was censored then.
    ci : float, default 0.95
        Confidence level.
    ci_transform : {"log-log", "log", "plain"}, default "log-log"
        Scale of the interval; see the module docstring.

    Returns
    -------
    KaplanMeier

    Raises
    ------
    ValueError
        Empty input, lengths that differ, missing or negative times, event
        flags other than True/False or 1/0, an unknown ``ci_transform`` or
        ``ci`` outside (0, 1).

    Examples
    --------
    >>> km = kaplan_meier([1, 2, 2, 3], [1, 1, 0, 1])
    >>> km.table["survival"].round(3).tolist()
    [0.75, 0.5, 0.0]
    """
    _check_ci(ci)
    if ci_transform not in CI_TRANSFORMS:
        raise ValueError(f"ci_transform must be one of {', '.join(map(repr, CI_TRANSFORMS))}, "
                         f"got {ci_transform!r}.")
    t, e = _as_time_event(time, event)
    if len(t) == 0:
        raise ValueError("time is empty; the Kaplan-Meier estimate needs at least one subject.")
    times, inverse = np.unique(t, return_inverse=True)
    events = np.bincount(inverse, weights=e, minlength=len(times)).astype(int)
    observed = np.bincount(inverse, minlength=len(times)).astype(int)
    censored = observed - events
    # At risk at t_i: everyone whose time is t_i or later.
    at_risk = observed[::-1].cumsum()[::-1]

    factor = 1 - events / at_risk
    survival = np.cumprod(factor)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(events > 0, events / (at_risk * (at_risk - events)), 0.0)
    sigma2 = np.cumsum(terms)  # Greenwood variance of log S; inf once S reaches 0
    positive = survival > 0
    se = np.where(positive, survival * np.sqrt(np.where(positive, sigma2, 0.0)), np.nan)
    z = stats.norm.ppf(1 - (1 - ci) / 2)
    low, high = _interval(survival, sigma2, se, z, ci_transform)

    table = pd.DataFrame({
        "time": times,
        "n_at_risk": at_risk,
        "n_events": events,
        "n_censored": censored,
        "survival": survival,
        "se": se,
        "ci_low": low,
        "ci_high": high,
    })
    return KaplanMeier(table=table, n=len(t), n_events=int(e.sum()), ci=float(ci), ci_transform=ci_transform)


def _interval(survival: np.ndarray, sigma2: np.ndarray, se: np.ndarray, z: float,
              transform: str) -> tuple[np.ndarray, np.ndarray]:
    positive = survival > 0
    one = survival >= 1
    low = np.full(len(survival), np.nan)
    high = np.full(len(survival), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.sqrt(sigma2)
        if transform == "plain":
            low = np.clip(survival - z * se, 0, 1)
            high = np.clip(survival + z * se, 0, 1)
        elif transform == "log":
            low = np.exp(np.log(survival) - z * sigma)
            high = np.minimum(1.0, np.exp(np.log(survival) + z * sigma))
        else:
            log_s = np.log(survival)
            tau = sigma / np.abs(log_s)
            low = survival ** np.exp(z * tau)
            high = survival ** np.exp(-z * tau)
    low = np.where(one, 1.0, np.where(positive, low, np.nan))
    high = np.where(one, 1.0, np.where(positive, high, np.nan))
    return low, high


def logrank_test(time: object, event: object, group: object) -> LogRankResult:
    """Log-rank test that two or more groups share one survival curve.

    Parameters
    ----------
    time, event : array-like
        As for `kaplan_meier`.
    group : array-like
        Group label per subject; missing labels are not allowed.

    Returns
    -------
    LogRankResult
        Groups in sorted order (categorical order for a categorical).

    Raises
    ------
    ValueError
        As `kaplan_meier`; fewer than two groups; a missing group label;
        no events at all.

    Examples
    --------
    >>> round(logrank_test([1, 3, 4, 2, 5, 6], [1, 0, 1, 1, 1, 0], list("AAABBB")).statistic, 4)
    0.8253
    """
    t, e = _as_time_event(time, event)
    labels = pd.Series(group)
    if len(labels) != len(t):
        raise ValueError(f"group must have the same length as time, got {len(labels)} and {len(t)}.")
    if labels.isna().any():
        raise ValueError(f"group has {int(labels.isna().sum())} missing label(s); drop those subjects "
                         f"or give them a group.")
    categorical = isinstance(labels.dtype, pd.CategoricalDtype)
    names = [c for c in labels.cat.categories if (labels == c).any()] if categorical \
        else sorted(pd.unique(labels), key=str)
    if len(names) < 2:
        raise ValueError(f"group has {len(names)} distinct label(s); the log-rank test compares at least 2.")
    if not e.any():
        raise ValueError("there are no events, so the log-rank test has nothing to compare.")
    codes = np.array([names.index(v) for v in labels])
    k = len(names)
    event_times = np.unique(t[e])
    observed = np.zeros(k)
    expected = np.zeros(k)
    covariance = np.zeros((k, k))
    for time_point in event_times:
        at_risk_mask = t >= time_point
        n_g = np.bincount(codes[at_risk_mask], minlength=k).astype(float)
        d_g = np.bincount(codes[(t == time_point) & e], minlength=k).astype(float)
        n, d = n_g.sum(), d_g.sum()
        observed += d_g
        expected += d * n_g / n
        if n > 1:
            share = n_g / n
            covariance += d * (n - d) / (n - 1) * (np.diag(share) - np.outer(share, share))
    difference = observed - expected
    reduced = covariance[: k - 1, : k - 1]
    statistic = float(difference[: k - 1] @ np.linalg.pinv(reduced) @ difference[: k - 1])
    df = k - 1
    table = pd.DataFrame({
        "group": names,
        "n": np.bincount(codes, minlength=k),
        "observed": observed,
        "expected": expected,
        "o_minus_e": difference,
        "variance": np.diag(covariance),
    })
    return LogRankResult(statistic=statistic, df=df, p_value=float(stats.chi2.sf(statistic, df)), table=table)
