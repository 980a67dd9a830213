"""Whether resistance goes with slower e-Kinerja adoption: OLS, logistic and survival models.

`adoption_regression` (OLS, HC3 standard errors) and `adoption_logit` model
an adoption measure of `kinerja.research.respondents.respondent_table` on
resistance with controls; `regression_terms` names the variable, level and
reference category of each coefficient, for labelled tables.
`adoption_survival` draws Kaplan-Meier curves of the time to the first
report by resistance tertile, with a log-rank test
(`kinerja.research.survival`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from kinerja.research.groups import _check_ci, _groups_in_order
from kinerja.research.scales import TOTAL
from kinerja.research.survival import (
    KaplanMeier,
    LogRankResult,
    format_p,
    kaplan_meier,
    logrank_test,
)

__all__ = [
    "DEFAULT_CONTROLS",
    "AdoptionSurvival",
    "RegressionResult",
    "adoption_logit",
    "adoption_regression",
    "adoption_survival",
    "regression_terms",
]

DEFAULT_CONTROLS: tuple[str, ...] = ("age", "tenure_years", "employment_type", "unit_type")
"""Controls of the adoption and sosialisasi regressions."""


# --------------------------------------------------------------------------------------
# Regressions
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegressionResult:
    """A fitted OLS or logistic model of an outcome on an exposure with controls.

    Attributes
    ----------
    kind : {"ols", "logit"}
    outcome, exposure : str
    formula : str
        The statsmodels formula fitted.
    n : int
        Rows used.
    n_excluded : int
        Rows left out for a missing outcome, exposure or control.
    cov_type : str
        ``"HC3"``, ``"nonrobust"``, ...
    ci : float
    coefficients : pandas.DataFrame
        Per term: ``estimate``, ``se``, ``statistic``, ``p_value``,
        ``ci_low``, ``ci_high``; for a logit also ``odds_ratio``,
        ``or_ci_low``, ``or_ci_high``.
    fit_statistic : float
        R-squared (OLS) or McFadden's pseudo R-squared (logit).
    dropped_controls : tuple of str
        Controls left out because they do not vary in the rows used.
    notes : tuple of str
    model : object
        The statsmodels results, for anything not summarised here.
    """

    kind: str
    outcome: str
    exposure: str
    formula: str
    n: int
    n_excluded: int
    cov_type: str
    ci: float
    coefficients: pd.DataFrame
    fit_statistic: float
    dropped_controls: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    model: Any = field(default=None, repr=False, compare=False)

    @property
    def exposure_term(self) -> str:
        """The coefficient name of the exposure."""
        matches = [t for t in self.coefficients.index if t == self.exposure or t.startswith(f"{self.exposure}[")]
        return matches[0]

    @property
    def estimate(self) -> float:
        """The exposure's coefficient (a log odds ratio for a logit)."""
        return float(self.coefficients.at[self.exposure_term, "estimate"])

    @property
    def se(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "se"])

    @property
    def ci_low(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "ci_low"])

    @property
    def ci_high(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "ci_high"])

    @property
    def p_value(self) -> float:
        return float(self.coefficients.at[self.exposure_term, "p_value"])

    def apa(self) -> str:
        """The exposure's coefficient in APA style.

        OLS: ``b = 10.84, SE (HC3) = 0.61, 95% CI [9.64, 12.04], p < .001``;
        logit: ``OR = 0.31, 95% CI [0.22, 0.43], p < .001``.
        """
        level = f"{round(self.ci * 100):d}%"
        if self.kind == "logit":
            row = self.coefficients.loc[self.exposure_term]
            return (f"OR = {row['odds_ratio']:.2f}, {level} CI [{row['or_ci_low']:.2f}, {row['or_ci_high']:.2f}], "
                    f"{format_p(self.p_value)}")
        label = "" if self.cov_type == "nonrobust" else f" ({self.cov_type})"
        # Two significant digits of the standard error, and at least two decimals.
        places = 2 if not self.se > 0 else max(2, 1 - math.floor(math.log10(self.se)))
        return (f"b = {self.estimate:.{places}f}, SE{label} = {self.se:.{places}f}, {level} CI "
                f"[{self.ci_low:.{places}f}, {self.ci_high:.{places}f}], {format_p(self.p_value)}")

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table (a copy)."""
        return self.coefficients.copy()


def _is_categorical(values: pd.Series) -> bool:
    return not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values) \
        or isinstance(values.dtype, pd.CategoricalDtype)


def _model_frame(table: pd.DataFrame, outcome: str, exposure: str, controls: Sequence[str],
                 binary_outcome: bool) -> tuple[pd.DataFrame, str, list[str], list[str]]:
    if isinstance(controls, str):
        controls = [controls]
    controls = list(controls)
    for name, argument in [(outcome, "outcome"), (exposure, "exposure")] + [(c, "controls") for c in controls]:
        if name not in table.columns:
            raise ValueError(f"{argument} {name!r} is not a column of the table; columns are "
                             f"{', '.join(map(str, table.columns))}.")
        if not name.isidentifier():
            raise ValueError(f"{argument} {name!r} must be a column name of letters, digits and underscores.")
    if exposure == outcome or exposure in controls or outcome in controls:
        raise ValueError(f"outcome {outcome!r}, exposure {exposure!r} and controls {controls!r} must differ.")
    used = [outcome, exposure, *controls]
    frame = pd.DataFrame(index=table.index)
    for name in used:
        values = table[name]
        if name == outcome and binary_outcome:
            numeric = values.astype("Float64")
            if not set(numeric.dropna().unique()) <= {0.0, 1.0}:
                raise ValueError(f"outcome {outcome!r} must be True/False or 1/0 for a logistic model.")
            frame[name] = numeric.astype(float)
        elif name == outcome:
            if _is_categorical(values):
                raise ValueError(f"outcome {outcome!r} holds {values.dtype} values, not numbers.")
            frame[name] = values.astype("Float64").astype(float)
        elif pd.api.types.is_bool_dtype(values):
            frame[name] = values.astype("Float64").astype(float)
        elif _is_categorical(values):
            frame[name] = values.astype("object").where(values.notna(), None)
        else:
            frame[name] = values.astype("Float64").astype(float)
    complete = frame.dropna()
    dropped = [c for c in controls if complete[c].nunique() < 2]
    kept = [c for c in controls if c not in dropped]
    if complete[exposure].nunique() < 2:
        raise ValueError(f"exposure {exposure!r} does not vary in the {len(complete)} complete rows; "
                         f"there is nothing to estimate.")

    def term(name: str) -> str:
        return f"C({name})" if complete[name].dtype == object else name

    formula = f"{outcome} ~ {term(exposure)}" + "".join(f" + {term(c)}" for c in kept)
    return complete, formula, dropped, kept


def _is_scale_score(table: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` is a survey score (`respondent_table` lists them in ``attrs``)."""
    return column in table.attrs.get("score_columns", (TOTAL,))


def _coefficients(results: Any, ci: float, logit: bool) -> pd.DataFrame:
    interval = results.conf_int(alpha=1 - ci)
    table = pd.DataFrame({
        "estimate": results.params,
        "se": results.bse,
        "statistic": results.tvalues,
        "p_value": results.pvalues,
        "ci_low": interval.iloc[:, 0],
        "ci_high": interval.iloc[:, 1],
    })
    if logit:
        table["odds_ratio"] = np.exp(table["estimate"])
        table["or_ci_low"] = np.exp(table["ci_low"])
        table["or_ci_high"] = np.exp(table["ci_high"])
    table.index.name = "term"
    return table


def adoption_regression(table: pd.DataFrame, *, outcome: str = "days_to_first_report", exposure: str = TOTAL,
                        controls: Sequence[str] = DEFAULT_CONTROLS, cov_type: str = "HC3",
                        ci: float = 0.95) -> RegressionResult:
    """OLS of an adoption measure on resistance with controls, robust (HC3) standard errors.

    ``outcome ~ exposure + controls`` with the statsmodels formula API; text
    and boolean columns enter as categories (``C(...)``), numbers as they
    are.  Rows with a missing value in any column used are left out
    (counted in ``n_excluded``); a control that does not vary in the rows
    left is dropped (listed in ``dropped_controls``).

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table`.
    outcome : str, default "days_to_first_report"
    exposure : str, default "total"
    controls : sequence of str, default ("age", "tenure_years", "employment_type", "unit_type")
    cov_type : str, default "HC3"
        Any ``cov_type`` of statsmodels' ``OLS.fit`` without extra
        arguments (``"nonrobust"``, ``"HC0"`` ... ``"HC3"``).  HC3
        (MacKinnon & White, 1985) because adoption delays are skewed and
        their spread grows with resistance.
    ci : float, default 0.95

    Returns
    -------
    RegressionResult

    Notes
    -----
    Employees who never reported have no ``days_to_first_report`` and are
    left out here (see ``notes``); `adoption_survival` keeps them as
    censored.  The survey measures resistance with error, which biases the
    slope towards zero (attenuation by the scale's reliability).  When the
    survey was taken after the rollout, adoption experience may also have
    shaped the answers.
    """
    _check_ci(ci)
    frame, formula, dropped, _ = _model_frame(table, outcome, exposure, controls, binary_outcome=False)
    results = smf.ols(formula, data=frame).fit(cov_type=cov_type)
    notes = []
    if outcome == "days_to_first_report" and "reported" in table.columns:
        never = int((table["reported"] == False).sum())  # noqa: E712 - nullable boolean
        if never:
            notes.append(f"{never} respondent(s) with no report by the end of the log are left out; "
                         f"see adoption_survival, which keeps them as censored.")
    if _is_scale_score(table, exposure):
        notes.append("Resistance is measured with error, which pulls the slope towards zero.")
    return RegressionResult(
        kind="ols", outcome=outcome, exposure=exposure, formula=formula, n=int(results.nobs),
        n_excluded=len(table) - int(results.nobs), cov_type=cov_type, ci=float(ci),
        coefficients=_coefficients(results, ci, logit=False), fit_statistic=float(results.rsquared),
        dropped_controls=tuple(dropped), notes=tuple(notes), model=results,
    )


def adoption_logit(table: pd.DataFrame, *, outcome: str = "adopted_within", exposure: str = TOTAL,
                   controls: Sequence[str] = DEFAULT_CONTROLS, cov_type: str = "nonrobust",
                   ci: float = 0.95) -> RegressionResult:
    """Logistic model of adoption within N days on resistance with controls.

    As `adoption_regression`, with ``statsmodels.formula.api.logit``;
    the exposure's odds ratio per point of resistance is in ``apa()`` and
    the ``odds_ratio`` columns.  Respondents with ``adopted_within`` NA (not
    followed for N days) are left out.

    Raises
    ------
    ValueError
        As `adoption_regression`; an outcome that is not binary; a model
        that cannot be fitted (e.g. perfect separation).
    """
    _check_ci(ci)
    frame, formula, dropped, _ = _model_frame(table, outcome, exposure, controls, binary_outcome=True)
    if frame[outcome].nunique() < 2:
        raise ValueError(f"outcome {outcome!r} takes one value in every complete row; a logistic model "
                         f"needs both adopters and non-adopters (change adoption_within_days).")
    try:
        results = smf.logit(formula, data=frame).fit(disp=0, cov_type=cov_type)
    except Exception as error:  # statsmodels raises several types for separation and singularity
        raise ValueError(f"the logistic model {formula!r} could not be fitted: {error}") from error
    return RegressionResult(
        kind="logit", outcome=outcome, exposure=exposure, formula=formula, n=int(results.nobs),
        n_excluded=len(table) - int(results.nobs), cov_type=cov_type, ci=float(ci),
        coefficients=_coefficients(results, ci, logit=True), fit_statistic=float(results.prsquared),
        dropped_controls=tuple(dropped),
        notes=(("Resistance is measured with error, which pulls the odds ratio towards 1.",)
               if _is_scale_score(table, exposure) else ()), model=results,
    )


_TERM = re.compile(r"^C\((?P<variable>[A-Za-z_][A-Za-z0-9_]*)\)\[T\.(?P<level>.*)\]$")


def regression_terms(result: RegressionResult) -> pd.DataFrame:
    """Name the variable, level and reference category of every coefficient.

    Statsmodels names a category's coefficient ``C(unit_type)[T.sekolah]``:
    the difference from the reference category, the first level in sorted
    order (patsy's treatment coding).  This splits the names so a report
    can label them in its own language.

    Parameters
    ----------
    result : RegressionResult
        From `adoption_regression`, `adoption_logit` or
        `compare_sosialisasi` (its ``regression``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term`` as `RegressionResult.coefficients`, columns
        ``variable`` (``"Intercept"`` for the intercept), ``level`` (the
        category; NA for a number) and ``reference`` (the reference
        category; NA for a number).
    """
    data = getattr(getattr(getattr(result.model, "model", None), "data", None), "frame", None)
    rows = []
    for term in result.coefficients.index:
        match = _TERM.match(str(term))
        if match is None:
            rows.append((term, str(term), pd.NA, pd.NA))
            continue
        variable, level = match.group("variable"), match.group("level")
        reference: Any = pd.NA
        if data is not None and variable in data.columns:
            levels = sorted(map(str, pd.unique(data[variable].dropna())))
            named = {m.group("level") for m in map(_TERM.match, map(str, result.coefficients.index))
                     if m is not None and m.group("variable") == variable}
            reference = next((value for value in levels if value not in named), pd.NA)
        rows.append((term, variable, level, reference))
    return pd.DataFrame(rows, columns=["term", "variable", "level", "reference"]).set_index("term")


# --------------------------------------------------------------------------------------
# Survival: time to adoption by resistance tertile
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AdoptionSurvival:
    """Kaplan-Meier curves of time to the first report, per group, and their log-rank test.

    Attributes
    ----------
    by : str
        The grouping column (default the resistance tertile).
    curves : dict
        Group -> `kinerja.research.survival.KaplanMeier`; the survival is the share
        *not yet* reporting.
    logrank : LogRankResult
    n_excluded : int
        Respondents without a group, a time or an event flag.
    """

    by: str
    curves: Mapping[Any, KaplanMeier]
    logrank: LogRankResult
    n_excluded: int

    def to_frame(self) -> pd.DataFrame:
        """All curves in one long table, with ``adopted = 1 - survival`` for plotting."""
        parts = []
        for group, curve in self.curves.items():
            part = curve.to_frame()
            part.insert(0, "group", group)
            part["adopted"] = 1 - part["survival"]
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    def medians(self) -> pd.DataFrame:
        """Per group: subjects, events and the median time to the first report."""
        return pd.DataFrame([{"group": g, "n": c.n, "events": c.n_events, "median_days": c.median()}
                             for g, c in self.curves.items()])


def adoption_survival(table: pd.DataFrame, *, by: str = "resistance_tertile", time: str = "followup_days",
                      event: str = "reported", ci: float = 0.95,
                      ci_transform: Literal["log-log", "log", "plain"] = "log-log") -> AdoptionSurvival:
    """Kaplan-Meier curves of days to the first report per group, with a log-rank test.

    Employees who had not reported by the end of the log are censored at
    their follow-up time, so they count without being given an adoption
    day.  See `kinerja.research.survival` for the estimator, the Greenwood intervals
    and the test.

    Raises
    ------
    ValueError
        An unknown column, or fewer than two groups with data.
    """
    for name, argument in ((by, "by"), (time, "time"), (event, "event")):
        if name not in table.columns:
            raise ValueError(f"{argument} {name!r} is not a column of the table; columns are "
                             f"{', '.join(map(str, table.columns))}.")
    usable = table[by].notna() & table[time].notna() & table[event].notna()
    data = table.loc[usable.to_numpy(dtype=bool), [by, time, event]]
    groups = [g for g in _groups_in_order(table[by]) if (data[by] == g).any()]
    if len(groups) < 2:
        raise ValueError(f"by {by!r} has {len(groups)} group(s) with follow-up data; a comparison needs 2.")
    curves = {}
    for group in groups:
        part = data[data[by] == group]
        curves[group] = kaplan_meier(part[time].astype(float), part[event].astype(bool), ci=ci,
                                     ci_transform=ci_transform)
    labels = data[by]
    if isinstance(labels.dtype, pd.CategoricalDtype):
        labels = labels.cat.remove_unused_categories()
    test = logrank_test(data[time].astype(float), data[event].astype(bool), labels)
    return AdoptionSurvival(by=by, curves=curves, logrank=test, n_excluded=int((~usable).sum()))
