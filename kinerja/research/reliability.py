"""Internal consistency of a scale: Cronbach's alpha and item statistics.

`cronbach_alpha` takes one row per respondent and one column per item (after
reverse keying, e.g. from `kinerja.research.scales.Instrument.keyed_items`) and
returns an `AlphaResult`:

- ``alpha = k / (k - 1) * (1 - trace(C) / sum(C))``, with ``C`` the item
  covariance matrix (Cronbach, 1951);
- a confidence interval by Feldt's method (Feldt, Woodruff & Salih, 1987,
  Applied Psychological Measurement 11(1), 93-103): with
  ``df1 = n - 1`` and ``df2 = (n - 1)(k - 1)``, the bounds are
  ``1 - (1 - alpha) * F.ppf(1 - (1 - ci) / 2, df1, df2)`` and
  ``1 - (1 - alpha) * F.ppf((1 - ci) / 2, df1, df2)``;
- standardised alpha ``k r / (1 + (k - 1) r)``, with ``r`` the mean
  inter-item correlation;
- per item: the corrected item-total correlation (the item against the sum
  of the *other* items) and alpha if the item is deleted.

Missing answers
---------------
``nan_policy="pairwise"`` (the default) estimates each covariance from the
respondents who answered both items (pandas ``DataFrame.cov``), so that every
answer is used; ``"listwise"`` first keeps only the respondents who answered
every item.  Item statistics use the same covariance matrix as alpha, so
alpha if deleted is exactly the alpha of the table without that item.

The ``n`` of the Feldt interval is the number of respondents (rows with at
least one answer) by default, under both policies, as in R's
``psych::alpha`` and in the published answers this module is tested against
(pingouin's documented results, see ``tests/test_reliability.py``).  With
listwise deletion that overstates the information behind alpha; pass
``ci_n="complete"`` to use the number of complete rows instead (what
pingouin's later releases do).

`scale_reliability` applies `cronbach_alpha` to every subscale of an
instrument (`kinerja.research.scales.Instrument`) and to its total, and gathers the
item statistics into one table a researcher can publish.

McDonald's omega is not computed: it needs a fitted factor model, and no
independently published value was at hand to test an implementation against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import stats

if TYPE_CHECKING:
    from kinerja.research.scales import Instrument

__all__ = ["AlphaResult", "ScaleReliability", "cronbach_alpha", "scale_reliability"]

_NAN_POLICIES = ("pairwise", "listwise")
_CI_NS = ("respondents", "complete")


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha of a set of items, with its interval and item statistics.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha.
    ci_low, ci_high : float
        Bounds of the Feldt confidence interval.
    ci : float
        Its confidence level (e.g. 0.95).
    n_respondents : int
        The ``n`` of the interval: respondents with at least one answer, or
        complete respondents when ``ci_n="complete"``.
    n_items : int
        Number of items ``k``.
    n_complete : int
        Respondents who answered every item (the rows used by
        ``nan_policy="listwise"``).
    nan_policy : {"pairwise", "listwise"}
    standardised_alpha : float
        Alpha of the standardised items, ``k r / (1 + (k - 1) r)`` with
        ``r`` the mean inter-item correlation.
    items : pandas.DataFrame
        One row per item: ``n_answered``, ``mean``, ``sd``,
        ``item_total_r`` (corrected item-total correlation, the item
        against the sum of the other items) and ``alpha_if_deleted``.
    """

    alpha: float
    ci_low: float
    ci_high: float
    ci: float
    n_respondents: int
    n_items: int
    n_complete: int
    nan_policy: str
    standardised_alpha: float
    items: pd.DataFrame

    @property
    def item_total_r(self) -> pd.Series:
        """Corrected item-total correlation per item."""
        return self.items["item_total_r"]

    @property
    def alpha_if_deleted(self) -> pd.Series:
        """Alpha of the scale without each item."""
        return self.items["alpha_if_deleted"]

    def apa(self) -> str:
        """Alpha and its interval in APA style, e.g. ``α = .93, 95% CI [.92, .94]``.

        Two decimals without the leading zero, as APA style writes a
        statistic that cannot exceed 1.
        """
        level = f"{round(self.ci * 100):d}%"
        low, high = _apa_decimal(self.ci_low), _apa_decimal(self.ci_high)
        return f"α = {_apa_decimal(self.alpha)}, {level} CI [{low}, {high}]"


def _apa_decimal(value: float) -> str:
    """Two decimals, no leading zero (``.93``, ``-.05``); ``NA`` when not finite."""
    if value is None or not np.isfinite(value):
        return "NA"
    text = f"{value:.2f}"
    if text.lstrip("-").startswith("0."):
        text = text.replace("0.", ".", 1)
    return text


def cronbach_alpha(
    items: pd.DataFrame | np.ndarray,
    nan_policy: Literal["pairwise", "listwise"] = "pairwise",
    ci: float = 0.95,
    ci_n: Literal["respondents", "complete"] = "respondents",
) -> AlphaResult:
    """Cronbach's alpha with a Feldt confidence interval and item statistics.

    Parameters
    ----------
    items : pandas.DataFrame or numpy.ndarray
        One row per respondent, one numeric column per item, reverse-keyed
        items already reversed; missing answers as NaN.  A 2-D array's
        columns are named ``item_1``, ``item_2``, ...
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
        Covariances from the respondents who answered both items, or only
        from respondents who answered every item.
    ci : float, default 0.95
        Confidence level of the interval, strictly between 0 and 1.
    ci_n : {"respondents", "complete"}, default "respondents"
        The ``n`` of the Feldt interval: every respondent with at least one
        answer, or only the complete ones (see the module docstring).

    Returns
    -------
    AlphaResult

    Raises
    ------
    ValueError
        Fewer than 2 items or 2 respondents (after listwise deletion), a
        column that is not numeric, an unknown ``nan_policy`` or ``ci_n``,
        ``ci`` outside (0, 1), a pair of items answered together by fewer
        than 2 respondents, or a total score with no variance.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 2, 3, 5], "c": [2, 2, 3, 4]})
    >>> round(cronbach_alpha(items).alpha, 3)
    0.962
    """
    if nan_policy not in _NAN_POLICIES:
        raise ValueError(f"nan_policy must be one of {', '.join(map(repr, _NAN_POLICIES))}, "
                         f"got {nan_policy!r}.")
    if ci_n not in _CI_NS:
        raise ValueError(f"ci_n must be one of {', '.join(map(repr, _CI_NS))}, got {ci_n!r}.")
    if isinstance(ci, bool) or not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a confidence level strictly between 0 and 1, got {ci!r}.")
    data = _as_numeric_frame(items)
    k = data.shape[1]
    if k < 2:
        raise ValueError(f"items has {k} column(s); Cronbach's alpha needs at least 2 items.")
    # A row with no answer at all is not a respondent to these items.
    data = data[data.notna().any(axis=1)]
    respondents = len(data)
    complete = data.dropna()
    if nan_policy == "listwise":
        data = complete
    if len(data) < 2:
        which = ("complete respondent(s) (rows with every item answered)" if nan_policy == "listwise"
                 else "respondent(s) (rows with at least one answer)")
        raise ValueError(f"items has {len(data)} {which}; Cronbach's alpha needs at least 2.")

    cov = data.cov()
    _check_pairs(data, cov)
    total_variance = float(cov.to_numpy().sum())
    if not total_variance > 0:
        raise ValueError("the items' total score has no variance (every respondent gives the "
                         "same total), so Cronbach's alpha is undefined.")
    alpha = _alpha(cov.to_numpy())

    n = len(complete) if ci_n == "complete" else respondents
    ci_low, ci_high = _feldt_interval(alpha, n, k, ci)
    return AlphaResult(
        alpha=alpha,
        ci_low=ci_low,
        ci_high=ci_high,
        ci=float(ci),
        n_respondents=n,
        n_items=k,
        n_complete=len(complete),
        nan_policy=nan_policy,
        standardised_alpha=_standardised_alpha(data.corr().to_numpy()),
        items=_item_statistics(data, cov),
    )


def _as_numeric_frame(items: pd.DataFrame | np.ndarray) -> pd.DataFrame:
    if isinstance(items, np.ndarray):
        if items.ndim != 2:
            raise ValueError(f"items must be a 2-D array (respondents x items), got {items.ndim}-D "
                             f"with shape {items.shape}.")
        if not np.issubdtype(items.dtype, np.number) and items.dtype != bool:
            raise ValueError(f"items must hold numbers, got an array of {items.dtype}.")
        return pd.DataFrame(items.astype(float),
                            columns=[f"item_{i}" for i in range(1, items.shape[1] + 1)])
    if not isinstance(items, pd.DataFrame):
        raise ValueError(f"items must be a pandas DataFrame or a 2-D numpy array, got "
                         f"{type(items).__name__}.")
    if items.columns.duplicated().any():
        raise ValueError(f"items has more than one column named "
                         f"{items.columns[items.columns.duplicated()][0]!r}.")
    columns = {}
    for column in items.columns:
        values = items[column]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)):
            raise ValueError(f"items column {column!r} is not numeric ({values.dtype}); "
                             f"every item must hold numeric answers.")
        columns[column] = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return pd.DataFrame(columns, index=items.index, columns=items.columns)


def _check_pairs(data: pd.DataFrame, cov: pd.DataFrame) -> None:
    """Refuse a covariance that pairwise deletion cannot estimate."""
    if not cov.isna().to_numpy().any():
        return
    answered = data.notna().astype(int)
    together = answered.T @ answered
    values = together.to_numpy()
    too_few = np.argwhere(np.triu(values < 2))
    if len(too_few) == 0:
        raise ValueError("the item covariance matrix has missing entries; check items for "
                         "infinite values.")
    first, second = too_few[0]
    a, b = data.columns[first], data.columns[second]
    pair = f"item {a!r}" if first == second else f"items {a!r} and {b!r}"
    raise ValueError(f"{pair} {'is' if first == second else 'are'} answered together by "
                     f"{values[first, second]} respondent(s); each pair of items needs at least 2.")


def _alpha(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return float(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))


def _feldt_interval(alpha: float, n: int, k: int, ci: float) -> tuple[float, float]:
    df1 = n - 1
    df2 = (n - 1) * (k - 1)
    tail = (1 - ci) / 2
    low = 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return float(low), float(high)


def _standardised_alpha(corr: np.ndarray) -> float:
    k = corr.shape[0]
    mean_r = corr[~np.eye(k, dtype=bool)].mean()
    return float(k * mean_r / (1 + (k - 1) * mean_r))


def _item_statistics(data: pd.DataFrame, cov: pd.DataFrame) -> pd.DataFrame:
    """Corrected item-total correlation and alpha if deleted, from the covariances.

    With ``rest`` the sum of the other items, ``cov(item, rest)`` is the sum
    of the item's covariances with the others and ``var(rest)`` the sum of
    the other items' covariance block, so on complete data this is exactly
    the Pearson correlation of the item with the rest score.
    """
    c = cov.to_numpy()
    k = c.shape[0]
    item_total, if_deleted = [], []
    for i in range(k):
        others = np.arange(k) != i
        rest = c[np.ix_(others, others)]
        rest_variance = rest.sum()
        covariance = c[i, others].sum()
        denominator = np.sqrt(c[i, i] * rest_variance)
        item_total.append(covariance / denominator if denominator > 0 else np.nan)
        if k > 2 and rest_variance > 0:
            if_deleted.append(_alpha(rest))
        else:
            # With two items, deleting one leaves a single item, which has no alpha.
            if_deleted.append(np.nan)
    return pd.DataFrame(
        {
            "n_answered": data.notna().sum().astype("int64"),
            "mean": data.mean(),
            "sd": data.std(),
            "item_total_r": item_total,
            "alpha_if_deleted": if_deleted,
        },
        index=data.columns,
    )


@dataclass(frozen=True)
class ScaleReliability:
    """Cronbach's alpha of every subscale of an instrument and of its total.

    Attributes
    ----------
    scales : pandas.DataFrame
        One row per subscale, in the instrument's order, then ``"total"``
        (all items): ``scale`` (the score column), ``name_id``,
        ``name_en``, ``n_items``, ``n_respondents``, ``n_complete``,
        ``alpha``, ``ci_low``, ``ci_high``, ``standardised_alpha`` and
        ``apa``.  A subscale of one item has no alpha (NaN, ``apa`` NA).
    items : pandas.DataFrame
        One row per item, in the instrument's order: ``item``,
        ``subscale`` (the first subscale listing it; NA for none),
        ``reverse``, ``n_answered``, ``mean`` and ``sd`` (after reverse
        keying), ``subscale_r`` and ``subscale_alpha_if_deleted`` (the item
        against the rest of its subscale), ``total_r`` and
        ``total_alpha_if_deleted`` (against the rest of all items).
    results : dict of str to AlphaResult
        The full result per scale; one-item subscales are absent.
    ci : float
    nan_policy : {"pairwise", "listwise"}
    """

    scales: pd.DataFrame
    items: pd.DataFrame
    results: Mapping[str, AlphaResult]
    ci: float
    nan_policy: str


def scale_reliability(
    instrument: Instrument,
    responses: pd.DataFrame,
    *,
    nan_policy: Literal["pairwise", "listwise"] = "pairwise",
    ci: float = 0.95,
) -> ScaleReliability:
    """Alpha with its Feldt interval per subscale and total, and the item table.

    Parameters
    ----------
    instrument : kinerja.research.scales.Instrument
        Gives the items, their keying and the subscales.
    responses : pandas.DataFrame
        One row per respondent with a column per item, *as answered*:
        reverse-keyed items are reversed here (`Instrument.keyed_items`).
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
    ci : float, default 0.95

    Returns
    -------
    ScaleReliability

    Raises
    ------
    kinerja.research.scales.InvalidResponses
        An item column is missing or holds answers outside the range.
    ValueError
        As `cronbach_alpha` (e.g. too few respondents).

    Examples
    --------
    >>> from kinerja.research.scales import load_instrument
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> trait = rng.normal(3.5, 1, 200)
    >>> answers = pd.DataFrame({f"rtc_{i}": np.clip(np.rint(trait + rng.normal(0, 1, 200)), 1, 6)
    ...                         for i in range(1, 18)})
    >>> answers["rtc_4"] = 7 - answers["rtc_4"]
    >>> result = scale_reliability(load_instrument("oreg_rtc"), answers)
    >>> result.scales["scale"].tolist()[-1], result.scales["n_items"].tolist()
    ('total', [5, 4, 4, 4, 17])
    """
    from kinerja.research.scales import TOTAL

    keyed = instrument.keyed_items(responses)
    scales = [(s.key, s.name.id, s.name.en, list(s.items)) for s in instrument.subscales]
    scales.append((TOTAL, "Skor total", "Total score", instrument.item_ids))
    rows, results = [], {}
    for key, name_id, name_en, columns in scales:
        row = {"scale": key, "name_id": name_id, "name_en": name_en, "n_items": len(columns)}
        if len(columns) < 2:
            row.update(n_respondents=int(keyed[columns].notna().any(axis=1).sum()),
                       n_complete=int(keyed[columns].notna().all(axis=1).sum()), alpha=np.nan, ci_low=np.nan,
                       ci_high=np.nan, standardised_alpha=np.nan, apa="NA")
        else:
            result = cronbach_alpha(keyed[columns], nan_policy=nan_policy, ci=ci)
            results[key] = result
            row.update(n_respondents=result.n_respondents, n_complete=result.n_complete, alpha=result.alpha,
                       ci_low=result.ci_low, ci_high=result.ci_high,
                       standardised_alpha=result.standardised_alpha, apa=result.apa())
        rows.append(row)

    home = {}
    for subscale in instrument.subscales:
        for item in subscale.items:
            home.setdefault(item, subscale.key)
    total = results.get(TOTAL)
    items = []
    for item in instrument.items:
        own = results.get(home.get(item.id))
        statistics = total.items.loc[item.id] if total is not None else None
        items.append({
            "item": item.id,
            "subscale": home.get(item.id),
            "reverse": item.reverse,
            "n_answered": int(keyed[item.id].notna().sum()),
            "mean": float(keyed[item.id].mean()),
            "sd": float(keyed[item.id].std()),
            "subscale_r": float(own.items.at[item.id, "item_total_r"]) if own is not None else np.nan,
            "subscale_alpha_if_deleted": (float(own.items.at[item.id, "alpha_if_deleted"]) if own is not None
                                          else np.nan),
            "total_r": float(statistics["item_total_r"]) if statistics is not None else np.nan,
            "total_alpha_if_deleted": float(statistics["alpha_if_deleted"]) if statistics is not None else np.nan,
        })
    return ScaleReliability(scales=pd.DataFrame(rows), items=pd.DataFrame(items), results=results, ci=float(ci),
                            nan_policy=nan_policy)
