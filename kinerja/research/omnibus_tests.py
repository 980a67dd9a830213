"""Whether several groups differ: Welch's ANOVA, the Kruskal-Wallis test and their effect sizes.

Statistics on plain samples (one sequence of numbers per group), with no
table in sight; `kinerja.research.groups.compare_groups` chooses between the
two tests and applies them to the respondent table.
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


def omega_squared_from_f(f: float, df1: float, df2: float) -> float:
    """Omega-squared from an F statistic: ``(F - 1) df1 / (F df1 + df2 + 1)``, at least 0.

    The formula of the R package effectsize (``F_to_omega2``; Ben-Shachar,
    Ludecke & Makowski, 2020, JOSS 5(56), 2815), which with Welch's F and
    degrees of freedom gives the omega-squared reported for ``oneway.test``.
    A negative estimate (F < 1) is reported as 0.
    """
    value = (f - 1) * df1 / (f * df1 + df2 + 1)
    return float(max(0.0, value))


def epsilon_squared(h: float, n: int) -> float:
    """Epsilon-squared of a Kruskal-Wallis test: ``H / ((n^2 - 1) / (n + 1))`` = ``H / (n - 1)``.

    Tomczak & Tomczak (2014), Trends in Sport Sciences 1(21), 19-25.
    """
    return float(h / ((n ** 2 - 1) / (n + 1)))
