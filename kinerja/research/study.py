"""The whole resistance-to-change study of a report, computed in one call.

`resistance_study` runs, in the order of a research paper, every analysis the
notebook ``resistensi_perubahan`` shows: the instrument and its scores, the
sample, reliability, descriptives, group comparisons, the adoption models
(OLS, logistic, Kaplan-Meier) and the sosialisasi comparisons.  It only
chains the functions of this package (`respondent_table`, `sample_summary`,
`scale_reliability`, `describe_by_group`, `compare_groups`,
`adoption_regression`, `adoption_logit`, `adoption_survival`,
`compare_sosialisasi`); the numbers are theirs.

A model that the data cannot support (too few groups, no activity log, a
control that is not a column) does not stop the study: its result is None
and ``errors`` holds the reason as the sentence the function raised, so a
report can say what could not be estimated and why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

import pandas as pd

from kinerja.core.errors import DataError
from kinerja.data.dataset import Dataset
from kinerja.research.adoption_models import (
    DEFAULT_CONTROLS,
    AdoptionSurvival,
    RegressionResult,
    adoption_logit,
    adoption_regression,
    adoption_survival,
)
from kinerja.research.groups import (
    GROUP_ATTRIBUTES,
    GroupComparison,
    SampleSummary,
    compare_groups,
    describe_by_group,
    sample_summary,
)
from kinerja.research.reliability import ScaleReliability, scale_reliability
from kinerja.research.respondents import respondent_table, with_survey
from kinerja.research.scales import TOTAL, Instrument, ScoreResult, load_instrument
from kinerja.research.sosialisasi import SosialisasiResult, compare_sosialisasi

__all__ = ["SOSIALISASI_OUTCOMES", "WEAK_ITEM_R", "ResistanceStudy", "StudyOptions", "resistance_study"]

SOSIALISASI_OUTCOMES: tuple[str, ...] = (TOTAL, "days_to_first_report")
"""What attendees and non-attendees of sosialisasi are compared on: resistance, then adoption."""

WEAK_ITEM_R = 0.30
"""An item whose corrected item-subscale correlation is below this is flagged (the catalogue's sentence says .30)."""

_Result = TypeVar("_Result")


@dataclass(frozen=True)
class StudyOptions:
    """The choices a study was computed with, as the notebook's parameters give them.

    Attributes
    ----------
    survey : str or None
        The survey file read instead of the data's change_survey table.
    rollout, observed_until : date, str or None
        The follow-up asked for; None takes it from the activity log (the
        days used are `ResistanceStudy.rollout` and `ResistanceStudy.observed_until`).
    day_unit : {"workdays", "calendar"}
    adoption_within_days : int
    sosialisasi_topic : str or None
    sosialisasi_randomised : bool
        Whether attendance was assigned at random (it changes what the design can show).
    group_attributes, controls : tuple of str
    ci : float
    n_boot : int
    random_state : int or None
    """

    survey: str | None = None
    rollout: date | str | None = None
    observed_until: date | str | None = None
    day_unit: Literal["workdays", "calendar"] = "workdays"
    adoption_within_days: int = 30
    sosialisasi_topic: str | None = None
    sosialisasi_randomised: bool = False
    group_attributes: tuple[str, ...] = tuple(a for a in GROUP_ATTRIBUTES if a != "unit_code")
    controls: tuple[str, ...] = DEFAULT_CONTROLS
    ci: float = 0.95
    n_boot: int = 1000
    random_state: int | None = 0


@dataclass(frozen=True)
class ResistanceStudy:
    """Every result of the resistance study, in the order a report shows them.

    Attributes
    ----------
    dataset : Dataset
        The data analysed (with the survey file in place of change_survey
        when one was given), for the data-quality annex and the extract.
    instrument : Instrument
    options : StudyOptions
    table : pandas.DataFrame
        One row per respondent (`respondent_table`).
    sample : SampleSummary
    scores : ScoreResult
        The instrument's scores of the survey, with proration counts.
    reliability : ScaleReliability
    overall : pandas.DataFrame
        `describe_by_group` of every score column over all respondents,
        one row per score, named in the column ``score``.
    by_group : pandas.DataFrame
        `describe_by_group` of the total score by the group attributes.
    comparisons : dict of str to GroupComparison
        Per group attribute that could be compared, in the options' order.
    ols, logit : RegressionResult or None
        Days to the first report, and adoption within the days asked for,
        on the total score with the controls.
    survival : AdoptionSurvival or None
        Kaplan-Meier curves by resistance tertile, with the log-rank test.
    sosialisasi : dict of str to SosialisasiResult
        Per outcome of `SOSIALISASI_OUTCOMES` that could be compared.
    errors : dict of str to str
        Why an analysis has no result, as one sentence: keys ``"ols"``,
        ``"logit"``, ``"survival"``, ``"comparison:<attribute>"`` and
        ``"sosialisasi:<outcome>"``.
    unit_names : dict of str to str
        Unit code -> name, from the units table (empty without one).
    """

    dataset: Dataset = field(repr=False)
    instrument: Instrument = field(repr=False)
    options: StudyOptions
    table: pd.DataFrame = field(repr=False)
    sample: SampleSummary = field(repr=False)
    scores: ScoreResult = field(repr=False)
    reliability: ScaleReliability = field(repr=False)
    overall: pd.DataFrame = field(repr=False)
    by_group: pd.DataFrame = field(repr=False)
    comparisons: Mapping[str, GroupComparison] = field(repr=False)
    ols: RegressionResult | None = field(repr=False)
    logit: RegressionResult | None = field(repr=False)
    survival: AdoptionSurvival | None = field(repr=False)
    sosialisasi: Mapping[str, SosialisasiResult] = field(repr=False)
    errors: Mapping[str, str]
    unit_names: Mapping[str, str] = field(repr=False)

    @property
    def rollout(self) -> pd.Timestamp | None:
        """Day 0 of adoption, as used (from the options or the activity log)."""
        return self.table.attrs["rollout"]

    @property
    def observed_until(self) -> pd.Timestamp | None:
        """The last day of follow-up, as used."""
        return self.table.attrs["observed_until"]

    @property
    def survey_period(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last day the survey was answered; None without survey dates."""
        return _period(self.table["survey_date"])

    @property
    def session_period(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last day of the sosialisasi sessions; None without sessions."""
        if not self.dataset.has("sosialisasi"):
            return None
        return _period(pd.to_datetime(self.dataset.sosialisasi["session_date"]))

    @property
    def linked(self) -> pd.DataFrame:
        """The respondents linked to an employee (the rows the adoption analyses use)."""
        return self.table[self.table["linked"].fillna(False).astype(bool)]

    @property
    def reported(self) -> int:
        """Linked respondents who had made a first report by the end of follow-up."""
        return int(self.linked["reported"].fillna(False).astype(bool).sum())

    @property
    def early_adoption_share(self) -> float:
        """Share of linked respondents with a known outcome who adopted within the days asked for."""
        adopted = self.linked["adopted_within"].dropna()
        return float(adopted.astype(float).mean()) if len(adopted) else float("nan")

    @property
    def tertile_ranges(self) -> pd.DataFrame:
        """Lowest and highest total score (``min``, ``max``) in each resistance tertile."""
        return self.table.groupby("resistance_tertile", observed=True)[TOTAL].agg(["min", "max"])

    @property
    def weak_items(self) -> list[str]:
        """Items below `WEAK_ITEM_R` with the rest of their subscale, or whose deletion raises its alpha."""
        items, scales = self.reliability.items, self.reliability.scales
        own_alpha = items["subscale"].map(scales.set_index("scale")["alpha"])
        weak = (items["subscale_r"] < WEAK_ITEM_R) | (items["subscale_alpha_if_deleted"] > own_alpha)
        return items.loc[weak, "item"].tolist()


def resistance_study(
    dataset: Dataset,
    *,
    instrument: Instrument | str = "oreg_rtc",
    survey: str | None = None,
    rollout: date | str | None = None,
    observed_until: date | str | None = None,
    day_unit: Literal["workdays", "calendar"] = "workdays",
    adoption_within_days: int = 30,
    sosialisasi_topic: str | None = None,
    sosialisasi_randomised: bool = False,
    group_attributes: Sequence[str] = StudyOptions.group_attributes,
    controls: Sequence[str] = DEFAULT_CONTROLS,
    ci: float = 0.95,
    n_boot: int = 1000,
    random_state: int | None = 0,
) -> ResistanceStudy:
    """Run every analysis of the resistance study on one dataset.

    Parameters
    ----------
    dataset : Dataset
        Needs ``change_survey`` (or ``survey``); ``employees``, ``units``,
        ``sosialisasi`` and ``activities`` are used when present.
    instrument : Instrument or str, default "oreg_rtc"
        The instrument, or its name or path for `load_instrument`.
    survey : str, optional
        A survey file (csv, xlsx, parquet) read instead of the data's
        change_survey table (`with_survey`).
    rollout, observed_until, day_unit, adoption_within_days, sosialisasi_topic
        The follow-up and adoption measures (`respondent_table`).
    sosialisasi_randomised : bool, default False
        Whether sosialisasi attendance was assigned at random (`compare_sosialisasi`).
    group_attributes : sequence of str
        The attributes described and compared; default every attribute but the unit.
    controls : sequence of str, default DEFAULT_CONTROLS
        Controls of the adoption models and the adjusted sosialisasi difference.
    ci : float, default 0.95
        Level of every interval.
    n_boot : int, default 1000
        Bootstrap resamples of the effect-size intervals of the group comparisons.
    random_state : int, optional
        Seed of the bootstrap.

    Returns
    -------
    ResistanceStudy

    Raises
    ------
    DataError
        No change_survey table (and no ``survey``), or a survey the
        instrument cannot read.
    ValueError
        A bad parameter of the respondent table (the message names it).
        An analysis that refuses the data, or one of its own parameters
        (e.g. ``n_boot`` below the 100 `compare_groups` needs), does not
        raise: its reason is in `ResistanceStudy.errors`.
    """
    options = StudyOptions(
        survey=survey, rollout=rollout, observed_until=observed_until, day_unit=day_unit,
        adoption_within_days=adoption_within_days, sosialisasi_topic=sosialisasi_topic,
        sosialisasi_randomised=sosialisasi_randomised, group_attributes=tuple(group_attributes),
        controls=tuple(controls), ci=ci, n_boot=n_boot, random_state=random_state)
    scale = load_instrument(instrument) if isinstance(instrument, str) else instrument
    if survey is not None:
        dataset = with_survey(dataset, survey, scale)
    table = respondent_table(dataset, scale, rollout=rollout, observed_until=observed_until,
                             adoption_within_days=adoption_within_days, day_unit=day_unit,
                             sosialisasi_topic=sosialisasi_topic)
    errors: dict[str, str] = {}
    attributes = options.group_attributes
    comparisons = _each(errors, "comparison", attributes, lambda attribute: compare_groups(
        table, attribute, ci=ci, n_boot=n_boot, random_state=random_state))
    sosialisasi = _each(errors, "sosialisasi", SOSIALISASI_OUTCOMES, lambda outcome: compare_sosialisasi(
        table, outcome, controls=options.controls, randomised=sosialisasi_randomised, ci=ci))
    unit_names = (dict(zip(dataset.units["unit_code"], dataset.units["unit_name"], strict=True))
                  if dataset.has("units") else {})
    return ResistanceStudy(
        dataset=dataset, instrument=scale, options=options, table=table,
        sample=sample_summary(dataset, attributes),
        scores=scale.score(dataset.change_survey),
        reliability=scale_reliability(scale, dataset.change_survey, ci=ci),
        overall=_overall(table, ci),
        by_group=describe_by_group(table, attributes, ci=ci),
        comparisons=comparisons,
        ols=_attempt(errors, "ols", lambda: adoption_regression(table, controls=options.controls, ci=ci)),
        logit=_attempt(errors, "logit", lambda: adoption_logit(table, controls=options.controls, ci=ci)),
        survival=_attempt(errors, "survival", lambda: adoption_survival(table, ci=ci)),
        sosialisasi=sosialisasi, errors=errors, unit_names=unit_names,
    )


def _attempt(errors: dict[str, str], name: str, analysis: Callable[[], _Result]) -> _Result | None:
    """Run an analysis; on data it cannot handle, record the reason under ``name`` and return None."""
    try:
        return analysis()
    except (ValueError, DataError) as error:
        errors[name] = str(error)
        return None


def _each(errors: dict[str, str], kind: str, keys: Sequence[str],
          analysis: Callable[[str], _Result]) -> dict[str, _Result]:
    """`_attempt` per key; the results that could be computed, in the order of ``keys``."""
    results = {key: _attempt(errors, f"{kind}:{key}", lambda key=key: analysis(key)) for key in keys}
    return {key: result for key, result in results.items() if result is not None}


def _overall(table: pd.DataFrame, ci: float) -> pd.DataFrame:
    """`describe_by_group` of every score column over all respondents, one row per score."""
    everyone = table.assign(everyone="all")
    return pd.concat([describe_by_group(everyone, "everyone", score=score, ci=ci).assign(score=score)
                      for score in table.attrs["score_columns"]], ignore_index=True)


def _period(days: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    days = days.dropna()
    return (days.min(), days.max()) if len(days) else None
