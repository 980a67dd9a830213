"""How scores differ between groups of respondents: descriptives, response rates and comparisons.

`describe_by_group` gives n, mean, sd, median and the 95% CI of the mean per
group, with small groups suppressed; `sample_summary` counts respondents and
response rates against the employees by group; `compare_groups` runs
Welch's ANOVA or Kruskal-Wallis (`kinerja.research.omnibus_tests`) by a
stated rule, with an effect size and a seeded bootstrap interval.  The
groups are the attributes of `kinerja.research.respondents.respondent_table`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from kinerja.core.privacy import DEFAULT_MIN_GROUP
from kinerja.data.dataset import Dataset
from kinerja.research.adoption_measures import _as_date
from kinerja.research.attributes import (
    AGE_BAND_EDGES,
    TENURE_BAND_EDGES,
    _attributes,
    _check_edges,
)
from kinerja.research.omnibus_tests import (
    OmnibusTest,
    epsilon_squared,
    kruskal_wallis,
    omega_squared,
    welch_anova,
)
from kinerja.research.respondents import _survey_with_nip
from kinerja.research.scales import TOTAL
from kinerja.research.survival import format_p

__all__ = [
    "GROUP_ATTRIBUTES",
    "MIN_GROUP_N",
    "WELCH_MIN_N",
    "GroupComparison",
    "SampleSummary",
    "compare_groups",
    "describe_by_group",
    "sample_summary",
]

GROUP_ATTRIBUTES: tuple[str, ...] = ("age_band", "tenure_band", "golongan_group", "unit_type",
                                     "unit_code", "employment_type")
"""The grouping columns of `respondent_table` the analyses compare."""

MIN_GROUP_N = DEFAULT_MIN_GROUP
"""Groups with fewer respondents are suppressed: no statistics are shown, nor compared (the privacy policy's
smallest group, :data:`kinerja.core.privacy.DEFAULT_MIN_GROUP`)."""

WELCH_MIN_N = 15
"""Welch's ANOVA is used when every compared group has at least this many respondents."""


# --------------------------------------------------------------------------------------
# Descriptives by group
# --------------------------------------------------------------------------------------

def _score_column(table: pd.DataFrame, score: str, argument: str = "score") -> pd.Series:
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame (from respondent_table), got {type(table).__name__}.")
    if score not in table.columns:
        raise ValueError(f"{argument} {score!r} is not a column of the table; columns are "
                         f"{', '.join(map(str, table.columns))}.")
    values = table[score]
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        raise ValueError(f"{argument} {score!r} holds {values.dtype} values, not numbers.")
    return values.astype("Float64").astype(float)


def _groups_in_order(labels: pd.Series) -> list[Any]:
    if isinstance(labels.dtype, pd.CategoricalDtype):
        return list(labels.cat.categories)
    return sorted(pd.unique(labels.dropna()), key=str)


def describe_by_group(table: pd.DataFrame, by: str | Sequence[str] = GROUP_ATTRIBUTES, score: str = TOTAL, *,
                      min_n: int = MIN_GROUP_N, ci: float = 0.95) -> pd.DataFrame:
    """n, mean, sd, median and CI of the mean of a score per group, small groups suppressed.

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table` (or any table with the columns).
    by : str or sequence of str, default GROUP_ATTRIBUTES
        Grouping column(s); each gives its own block of rows.
    score : str, default "total"
        The score to describe; respondents without it are not counted.
    min_n : int, default 5
        Groups with fewer respondents (with a score) are *suppressed*.
    ci : float, default 0.95
        Level of the t interval of the mean, ``mean +- t(n-1) sd / sqrt(n)``.

    Returns
    -------
    pandas.DataFrame
        One row per attribute and group, also for suppressed and empty
        groups (so that a reader sees the group exists): ``attribute``,
        ``group``, ``n`` (nullable integer, NA when suppressed), ``n_label``
        (the count as text, ``"<5"`` when suppressed: what a report
        prints), ``suppressed``, ``mean``, ``sd``, ``median``, ``ci_low``,
        ``ci_high`` (NaN when suppressed).  Respondents whose attribute is
        missing form a last row with ``group`` NA.

    Notes
    -----
    Suppression is primary only: where the total number of respondents is
    published elsewhere and only one group of an attribute is suppressed,
    its size can be recovered by subtraction; suppress a second group or
    merge bands before publishing such a table.
    """
    _check_ci(ci)
    min_n = _check_min_n(min_n, "min_n")
    attributes = [by] if isinstance(by, str) else list(by)
    values = _score_column(table, score)
    rows = []
    for attribute in attributes:
        if attribute not in table.columns:
            raise ValueError(f"by {attribute!r} is not a column of the table; columns are "
                             f"{', '.join(map(str, table.columns))}.")
        labels = table[attribute]
        groups: list[Any] = _groups_in_order(labels)
        if labels.isna().any():
            groups.append(pd.NA)
        for group in groups:
            members = labels.isna() if group is pd.NA else (labels == group).fillna(False).astype(bool)
            sample = values[members.to_numpy()].dropna().to_numpy()
            rows.append(_describe(attribute, group, sample, min_n, ci))
    frame = pd.DataFrame(rows, columns=["attribute", "group", "n", "n_label", "suppressed", "mean", "sd",
                                           "median", "ci_low", "ci_high"])
    frame["n"] = frame["n"].astype("Int64")
    frame["suppressed"] = frame["suppressed"].astype(bool)
    return frame


def _describe(attribute: str, group: Any, sample: np.ndarray, min_n: int, ci: float) -> list[Any]:
    n = len(sample)
    if n < min_n:
        return [attribute, group, pd.NA, f"<{min_n}", True, np.nan, np.nan, np.nan, np.nan, np.nan]
    mean = float(sample.mean())
    sd = float(sample.std(ddof=1)) if n > 1 else np.nan
    half = float(stats.t.ppf(1 - (1 - ci) / 2, n - 1) * sd / math.sqrt(n)) if n > 1 else np.nan
    return [attribute, group, n, str(n), False, mean, sd, float(np.median(sample)), mean - half, mean + half]


def _check_ci(ci: float) -> None:
    if isinstance(ci, bool) or not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a confidence level strictly between 0 and 1, got {ci!r}.")


@dataclass(frozen=True)
class SampleSummary:
    """Who answered the survey, against the employees, overall and by group.

    Attributes
    ----------
    respondents : int
        Survey rows (every respondent, linked or not).
    linked : int
        Respondents whose NIP is in the employees table.
    employees : int
        Rows of the employees table (0 without one).
    response_rate : float
        ``respondents / employees``; NaN without employees.
    at : pandas.Timestamp or None
        The day the employees' attributes are computed for (the last
        survey day).
    by_group : pandas.DataFrame
        Per attribute and group: ``attribute``, ``group``, ``employees``,
        ``respondents`` (linked respondents; nullable, NA when
        suppressed), ``respondents_label`` (``"<5"`` when suppressed),
        ``suppressed``, ``response_rate`` (NaN when suppressed).  Groups
        come from the employees table at ``at``, so every respondent is
        counted in the group it is counted against; unlinked respondents
        have no group and are in ``respondents`` and ``linked`` only.
    """

    respondents: int
    linked: int
    employees: int
    response_rate: float
    at: pd.Timestamp | None
    by_group: pd.DataFrame


def sample_summary(dataset: Dataset, by: str | Sequence[str] = GROUP_ATTRIBUTES, *,
                   age_bands: Sequence[float] = AGE_BAND_EDGES, tenure_bands: Sequence[float] = TENURE_BAND_EDGES,
                   min_n: int = MIN_GROUP_N, at: date | str | None = None) -> SampleSummary:
    """Respondents and response rates against the employees, by group, small groups suppressed.

    Every employee's age band, tenure band, golongan group, unit, unit type
    and PNS/PPPK status is computed as `respondent_table` computes a
    respondent's from the employees table (without the survey's own
    columns), on the day ``at``; a group's response rate is its linked
    respondents over its employees.  A group with fewer than ``min_n``
    respondents is suppressed (count shown as ``"<5"``, no rate), as in
    `describe_by_group`.  No NIP leaves this function.

    Parameters
    ----------
    dataset : Dataset
        Needs ``change_survey``; ``employees`` and ``units`` for the rates.
    by : str or sequence of str, default GROUP_ATTRIBUTES
    age_bands, tenure_bands : sequence of float
    min_n : int, default 5
    at : date or str, optional
        Default: the last survey day.

    Returns
    -------
    SampleSummary

    Raises
    ------
    DataError
        The dataset has no change_survey table (see `respondent_table`).
    ValueError
        An unknown attribute or a bad parameter.
    """
    min_n = _check_min_n(min_n, "min_n")
    age_edges = _check_edges(age_bands, "age_bands")
    tenure_edges = _check_edges(tenure_bands, "tenure_bands")
    attributes = [by] if isinstance(by, str) else list(by)
    survey = _survey_with_nip(dataset)
    when = _as_date(at, "at") if at is not None else (survey["survey_date"].max() if len(survey) else None)
    employees = dataset.to_pandas("employees") if dataset.has("employees") else pd.DataFrame({"nip": []})
    nips = employees["nip"].dropna().astype("string").drop_duplicates()
    staff = pd.DataFrame({"nip": nips.to_numpy(), "survey_date": when}, index=pd.Index(nips.to_numpy()))
    groups = _attributes(dataset, staff, age_edges, tenure_edges)
    answered = pd.Series(staff.index.isin(survey["nip"].dropna().astype(str)), index=staff.index)
    rows = []
    for attribute in attributes:
        if attribute not in groups.columns or attribute == "linked":
            known = ", ".join(c for c in groups.columns if c != "linked")
            raise ValueError(f"by {attribute!r} is not an attribute of the employees; use one of {known}.")
        labels = groups[attribute]
        levels: list[Any] = _groups_in_order(labels)
        if labels.isna().any():
            levels.append(pd.NA)
        for level in levels:
            members = labels.isna() if level is pd.NA else (labels == level).fillna(False).astype(bool)
            staffed = int(members.sum())
            responded = int((members & answered).sum())
            hidden = responded < min_n
            rows.append([attribute, level, staffed, pd.NA if hidden else responded,
                         f"<{min_n}" if hidden else str(responded), hidden,
                         np.nan if hidden or staffed == 0 else responded / staffed])
    frame = pd.DataFrame(rows, columns=["attribute", "group", "employees", "respondents", "respondents_label",
                                        "suppressed", "response_rate"])
    frame = frame.astype({"employees": "int64", "respondents": "Int64", "suppressed": bool,
                          "response_rate": float})
    total = len(survey)
    return SampleSummary(respondents=total, linked=int(survey["nip"].isin(set(nips)).sum()),
                         employees=len(nips), response_rate=total / len(nips) if len(nips) else float("nan"),
                         at=when, by_group=frame)


def _check_min_n(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    return int(value)


# --------------------------------------------------------------------------------------
# Group comparisons
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupComparison:
    """A comparison of a score across the groups of one attribute.

    Attributes
    ----------
    attribute, score : str
        The grouping column and the score compared.
    method : {"welch", "kruskal"}
    test : OmnibusTest
    effect_size_name : {"omega_squared", "epsilon_squared"}
        Omega-squared from the ANOVA sums of squares with Welch's ANOVA,
        epsilon-squared with Kruskal-Wallis.
    effect_size : float
    ci_low, ci_high : float
        Bias-corrected percentile bootstrap interval of the effect size
        (each group resampled with replacement within itself); NaN when
        the bootstrap is too biased to correct (explained in ``rule``).
    ci : float
    n : int
        Respondents compared.
    groups : tuple
        The groups compared, in order, with their sizes in ``group_sizes``.
    group_sizes : tuple of int
    excluded : tuple
        Groups left out because they had fewer than ``min_n`` respondents.
    rule : str
        Why this method was used, which groups were left out, and why an
        interval is missing when it is.
    n_boot : int
    random_state : int or None
    """

    attribute: str
    score: str
    method: str
    test: OmnibusTest
    effect_size_name: str
    effect_size: float
    ci_low: float
    ci_high: float
    ci: float
    n: int
    groups: tuple[Any, ...]
    group_sizes: tuple[int, ...]
    excluded: tuple[Any, ...]
    rule: str
    n_boot: int
    random_state: int | None

    def apa(self) -> str:
        """APA style, e.g. ``F(3, 210.4) = 4.12, p = .007, ω² = .04, 95% CI [.01, .08]``."""
        symbol = "ω²" if self.effect_size_name == "omega_squared" else "ε²"
        level = f"{round(self.ci * 100):d}%"
        interval = f"{level} CI [{_short(self.ci_low)}, {_short(self.ci_high)}]"
        if self.method == "welch":
            head = f"F({self.test.df1:.0f}, {self.test.df2:.1f}) = {self.test.statistic:.2f}"
        else:
            head = f"H({self.test.df1:.0f}) = {self.test.statistic:.2f}"
        return f"{head}, {format_p(self.test.p_value)}, {symbol} = {_short(self.effect_size)}, {interval}"

    def to_frame(self) -> pd.DataFrame:
        """One row with the test, effect size, interval and rule."""
        return pd.DataFrame([{
            "attribute": self.attribute, "score": self.score, "method": self.method, "k": len(self.groups),
            "n": self.n, "statistic": self.test.statistic, "df1": self.test.df1, "df2": self.test.df2,
            "p_value": self.test.p_value, "effect_size_name": self.effect_size_name,
            "effect_size": self.effect_size, "ci_low": self.ci_low, "ci_high": self.ci_high,
            "excluded": ", ".join(map(str, self.excluded)), "rule": self.rule, "apa": self.apa(),
        }])


def _short(value: float, decimals: int = 2) -> str:
    """A proportion without its leading zero, APA style: ``.04``, ``-.01``."""
    if value is None or not np.isfinite(value):
        return "NA"
    text = f"{value:.{decimals}f}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def compare_groups(table: pd.DataFrame, by: str, score: str = TOTAL, *,
                   method: Literal["auto", "welch", "kruskal"] = "auto", min_n: int = MIN_GROUP_N,
                   welch_min_n: int = WELCH_MIN_N, ci: float = 0.95, n_boot: int = 2000,
                   random_state: int | None = 0) -> GroupComparison:
    """Compare a score across the groups of an attribute, with an effect size.

    The rule (``method="auto"``): groups with fewer than ``min_n``
    respondents are left out (they are suppressed in the descriptives, and a
    test on two or three answers says little); respondents with a missing
    group are left out too.  If every remaining group has at least
    ``welch_min_n`` respondents (default 15), Welch's ANOVA compares the
    means: it does not assume equal variances, and with 2-9 groups of at
    least 15 it keeps close to its nominal error rate for skewed data too
    (the rule of thumb of the Minitab Assistant white paper "One-Way
    ANOVA").  Otherwise (or when a group's scores are all equal) the
    Kruskal-Wallis test compares the distributions by ranks.  Effect sizes:
    omega-squared from the ANOVA sums of squares (`omega_squared`) with
    Welch's ANOVA (Welch's test is the inference; the effect size describes
    the groups, so it is not computed from Welch's F and df2),
    epsilon-squared for Kruskal-Wallis (`epsilon_squared`).

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table`.
    by : str
        Grouping column, e.g. ``"age_band"``.
    score : str, default "total"
    method : {"auto", "welch", "kruskal"}, default "auto"
        ``"welch"`` or ``"kruskal"`` force the test.
    min_n : int, default 5
    welch_min_n : int, default 15
    ci : float, default 0.95
        Level of the bootstrap interval of the effect size: bias-corrected
        percentiles (see `_bias_corrected_interval`) of the effect size,
        computed as for the estimate, over ``n_boot`` resamples, each group
        resampled within itself.
    n_boot : int, default 2000
        Bootstrap resamples (at least 100).
    random_state : int or None, default 0
        Seed of ``numpy.random.default_rng``; the same seed gives the same
        interval.

    Returns
    -------
    GroupComparison

    Raises
    ------
    ValueError
        An unknown column or method, fewer than 2 groups with ``min_n``
        respondents, or ``method="welch"`` with a group of equal scores.
    """
    _check_ci(ci)
    min_n = _check_min_n(min_n, "min_n")
    welch_min_n = _check_min_n(welch_min_n, "welch_min_n")
    if method not in ("auto", "welch", "kruskal"):
        raise ValueError(f"method must be 'auto', 'welch' or 'kruskal', got {method!r}.")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot must be a whole number >= 100, got {n_boot!r}.")
    if by not in table.columns:
        raise ValueError(f"by {by!r} is not a column of the table; columns are {', '.join(map(str, table.columns))}.")
    values = _score_column(table, score)
    labels = table[by]
    kept, excluded, samples = [], [], []
    for group in _groups_in_order(labels):
        sample = values[(labels == group).fillna(False).to_numpy(dtype=bool)].dropna().to_numpy()
        if len(sample) == 0:
            continue
        if len(sample) < min_n:
            excluded.append(group)
        else:
            kept.append(group)
            samples.append(sample)
    if len(samples) < 2:
        raise ValueError(f"by {by!r} has {len(samples)} group(s) with at least {min_n} respondents with a "
                         f"{score!r} score; a comparison needs 2.")
    sizes = [len(s) for s in samples]
    flat = any(np.ptp(s) == 0 for s in samples)
    if method == "welch":
        chosen, rule = "welch", "Welch's ANOVA, as requested"
    elif method == "kruskal":
        chosen, rule = "kruskal", "Kruskal-Wallis, as requested"
    elif flat:
        chosen, rule = "kruskal", "Kruskal-Wallis: a group's scores are all equal, so Welch's ANOVA is undefined"
    elif min(sizes) >= welch_min_n:
        chosen, rule = "welch", f"Welch's ANOVA: every group has at least {welch_min_n} respondents"
    else:
        chosen, rule = "kruskal", (f"Kruskal-Wallis: the smallest group has {min(sizes)} respondents, "
                                   f"fewer than {welch_min_n}")
    if excluded:
        rule += f"; left out with fewer than {min_n}: {', '.join(map(str, excluded))}"
    total = int(sum(sizes))

    def effect(groups: list[np.ndarray]) -> float:
        if chosen == "welch":
            return omega_squared(*groups)
        return epsilon_squared(kruskal_wallis(*groups).statistic, total)

    test = welch_anova(*samples) if chosen == "welch" else kruskal_wallis(*samples)
    estimate = effect(samples)
    rng = np.random.default_rng(random_state)
    draws = np.full(int(n_boot), np.nan)
    for b in range(int(n_boot)):
        resampled = [s[rng.integers(0, len(s), len(s))] for s in samples]
        try:
            draws[b] = effect(resampled)
        except ValueError:
            continue  # a resample with no spread at all: no statistic, skip it
    low, high = _bias_corrected_interval(draws, estimate, ci)
    if np.isnan(low):
        rule += ("; no bootstrap interval: nearly every resample gives a larger effect size than the data "
                 "(many small groups inflate it), so no interval would be trustworthy")
    return GroupComparison(
        attribute=by, score=score, method=chosen, test=test,
        effect_size_name="omega_squared" if chosen == "welch" else "epsilon_squared",
        effect_size=estimate, ci_low=float(low), ci_high=float(high), ci=float(ci), n=total,
        groups=tuple(kept), group_sizes=tuple(sizes), excluded=tuple(excluded), rule=rule,
        n_boot=int(n_boot), random_state=random_state,
    )


def _bias_corrected_interval(draws: np.ndarray, estimate: float, ci: float) -> tuple[float, float]:
    """Bias-corrected (BC) percentile bootstrap interval (Efron, 1987, JASA 82(397), 171-185).

    Resampling inflates between-group differences, so bootstrapped effect
    sizes sit above the estimate, most with many small groups; the plain
    percentile interval can then miss the estimate altogether.  BC shifts
    the percentiles by ``z0 = Phi^-1(share of draws below the estimate)``
    (ties count half): the bounds are the ``Phi(2 z0 -+ z)`` quantiles.
    When fewer than ``(1 - ci) / 2`` of the draws lie on one side of the
    estimate, the bias is too large to correct and both bounds are NaN.
    """
    draws = draws[~np.isnan(draws)]
    if len(draws) == 0:
        return float("nan"), float("nan")
    below = (np.sum(draws < estimate) + 0.5 * np.sum(draws == estimate)) / len(draws)
    if not (1 - ci) / 2 <= below <= 1 - (1 - ci) / 2:
        # Nearly every draw on one side: the correction extrapolates beyond the draws, and
        # no percentile interval is trustworthy.
        return float("nan"), float("nan")
    z0 = stats.norm.ppf(below)
    z = stats.norm.ppf(1 - (1 - ci) / 2)
    low, high = np.quantile(draws, stats.norm.cdf([2 * z0 - z, 2 * z0 + z]))
    return float(low), float(high)
