"""Whether several groups differ: Welch's ANOVA, the Kruskal-Wallis test and their effect sizes.

Statistics on plain samples (one sequence of numbers per group), with no
table in sight; `kinerja.research.groups.compare_groups` chooses between the
two tests and applies them to the respondent table.  The effect size that
goes with Welch's ANOVA is `omega_squared`, from the ANOVA sums of squares:
it describes the groups, so it does not depend on the test used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = [
    "OmnibusTest",
    "epsilon_squared",
    "kruskal_wallis",
    "omega_squared",
    "omega_squared_from_f",
    "welch_anova",
]


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


def omega_squared(*samples: Sequence[float]) -> float:
    """Omega-squared of a one-way design, from the ANOVA sums of squares, at least 0.

    With ``k`` groups of ``N`` values in all::

        omega^2 = (SS_between - (k - 1) MS_within) / (SS_total + MS_within),
        MS_within = SS_within / (N - k)

    (Hays, 1963; Olejnik & Algina, 2003, Psychological Methods 8(4),
    434-447; Field, *Discovering Statistics*).  It estimates the share of
    the variance of the scores that the groups account for: a property of
    the data, not of the test.  Welch's ANOVA changes the test of equal
    means, not the effect size, so this is the omega-squared to report with
    it; plugging Welch's F and df2 into `omega_squared_from_f` instead gives
    a value that grows as unequal variances shrink df2.  A negative estimate
    (F < 1) is reported as 0, as the R package effectsize does since 0.8.2.

    Parameters
    ----------
    *samples : sequence of float
        One sample per group, each with at least 1 value; more values than
        groups in all.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Fewer than 2 groups, an empty group, missing values, no more values
        than groups (no within-group degrees of freedom), or all values
        equal.

    Examples
    --------
    Field's (2013) Viagra example, F(2, 12) = 5.12:

    >>> round(omega_squared([3, 2, 1, 1, 4], [5, 2, 4, 2, 3], [7, 4, 5, 3, 6]), 2)
    0.35
    """
    arrays = _samples(samples, 1)
    k = len(arrays)
    total = sum(len(a) for a in arrays)
    if total <= k:
        raise ValueError(f"samples hold {total} values in {k} groups; omega-squared needs more values than "
                         f"groups (within-group degrees of freedom).")
    pooled = np.concatenate(arrays)
    if np.ptp(pooled) == 0:
        raise ValueError("every value is the same, so omega-squared is undefined.")
    grand = pooled.mean()
    between = sum(len(a) * (a.mean() - grand) ** 2 for a in arrays)
    within = sum(((a - a.mean()) ** 2).sum() for a in arrays)
    mean_within = within / (total - k)
    value = (between - (k - 1) * mean_within) / (between + within + mean_within)
    return float(max(0.0, value))


def omega_squared_from_f(f: float, df1: float, df2: float) -> float:
    """Omega-squared from an F statistic: ``(F - 1) df1 / (F df1 + df2 + 1)``, at least 0.

    The formula of the R package effectsize (``F_to_omega2``; Ben-Shachar,
    Ludecke & Makowski, 2020, JOSS 5(56), 2815).  With the F of the classic
    (equal-variance) one-way ANOVA and ``df2 = N - k`` it equals
    `omega_squared`.  Not for Welch's F and df2: that value is not the
    omega-squared of the data, and it grows as unequal variances shrink df2;
    use `omega_squared` with Welch's ANOVA.  A negative estimate (F < 1) is
    reported as 0.
    """
    value = (f - 1) * df1 / (f * df1 + df2 + 1)
    return float(max(0.0, value))


def epsilon_squared(h: float, n: int) -> float:
    """Epsilon-squared of a Kruskal-Wallis test: ``H / ((n^2 - 1) / (n + 1))`` = ``H / (n - 1)``.

    Tomczak & Tomczak (2014), Trends in Sport Sciences 1(21), 19-25.
    """
    return float(h / ((n ** 2 - 1) / (n + 1)))
