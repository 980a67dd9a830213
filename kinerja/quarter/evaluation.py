"""The evaluation of one quarter, computed once and read by every page.

:func:`evaluate_quarter` computes, for one data folder and quarter, every
per-person and per-unit figure that more than one page shows: capaian and
predikat, e-Kinerja reporting, who has not reported lately, and the training
need (features, clusters, recommendations, and the diagnostics of the
clustering that ``klaster_pelatihan`` shows). The runner calls it once per run,
stores the result in the run's restricted folder (:meth:`QuarterResults.save`)
and hands it to the feedback pages, so that a figure shown in two places is
the same number.

Two periods are named once, here:

- the *previous quarter* is the quarter before the evaluated one
  (:meth:`QuarterResults.previous`);
- the *trend* is the evaluated quarter and the ``trend_quarters - 1`` before
  it, oldest first (:attr:`QuarterResults.trend`).

Any table but ``units`` and ``employees`` may be absent, or may not cover the
quarter (:mod:`kinerja.data.coverage`). The parts it feeds are then empty
tables with their usual columns (or unknown values), and
:attr:`QuarterResults.unavailable` says why, in every language, under the
part's name (:data:`PARTS`); a page shows "–" and that reason, never 0.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd

from kinerja import training
from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.coverage import DATE_COLUMNS
from kinerja.data.dataset import Dataset
from kinerja.metrics import (
    complaints,
    ekinerja,
    flags,
    known,
    services,
    skp,
    skp_links,
    work_minutes,
)
from kinerja.metrics.known import Reason
from kinerja.metrics.registry import (
    DEFAULT_REPORTING_STANDARD,
    INDICATORS,
    IndicatorSettings,
)
from kinerja.quarter.figures import (
    ParticipationFigures,
    SatisfactionFigures,
    UnitFigures,
    WorkFigures,
    frames_of,
    participation_figures,
    satisfaction_figures,
    unit_figures,
    work_figures,
)

__all__ = ["DEFAULT_TREND_QUARTERS", "PARTS", "QuarterOptions", "QuarterResults", "TrainingNeed", "evaluate_quarter",
           "results_for"]

DEFAULT_TREND_QUARTERS = 4
"""Quarters in a person's trend, the evaluated one included."""
PARTS: dict[str, tuple[str, ...]] = {
    "predikat": ("skp", "behaviour"),
    "capaian": ("skp",),
    "reporting": ("activities",),
    "training_need": ("skp", "behaviour", "activities"),
    "jp_last_12_months": ("trainings",),
    **{f"indicators.{source.name}": tuple(t for t in source.tables if t in DATE_COLUMNS)
       for source in dict.fromkeys(indicator.source for indicator in INDICATORS.values())},
    "satisfaction": ("ikm_responses",),
    "absences": ("absences",),
    "minutes": ("activities",),
    "skp_links": ("activities", "skp"),
    "complaints": ("complaints",),
    "complaint_surges": ("complaints",),
    "forums": ("forums",),
    "follow_ups": ("follow_ups",),
}
"""Each part of an evaluation :attr:`QuarterResults.unavailable` may name, and the dated tables it needs
(``indicators.<source>``: the unit indicators of one :class:`~kinerja.metrics.registry.Source`)."""
_EMPTY: dict[str, tuple[str, ...]] = {
    "predikat": ("nip", "name", "unit_code", "quarter", "capaian", "hasil_kerja_rating", "hasil_kerja_source",
                 "perilaku_rating", "perilaku_source", "predikat"),
    "reporting": ("nip", "name", "unit_code", "quarter", "workdays", "absence_days", "available_days",
                  "days_reported", "reporting_rate",
                  "activities", "on_time_rate", "approval_lag_median_hours", "approval_lag_p90_hours",
                  "never_approved_share", "known"),
    "indicators": ("nip", "quarter", "indicator_id", "indicator", "target", "realisation", "measure_unit",
                   "direction", "weight", "capaian", "capped", "reason_code", "reason"),
    "capaian": ("nip", "quarter", "capaian", "n_indicators", "n_with_capaian", "n_without_capaian", "weighting",
                "weight_share", "reason"),
    "unit_capaian": ("unit_code", "quarter", "n_employees", "n_with_capaian", "capaian_median", "capaian_mean"),
}
"""The columns of the per-person tables, for the empty tables of a quarter without their source."""
RESULTS_FILE = "evaluasi.json"
"""The file of a saved evaluation that holds its quarter, options, seconds and the list of tables."""
_NEED_TABLES = ("training_recommendations", "training_profiles", "training_unit_reasons", "training_own_reasons",
                "training_features", "training_people", "training_imputed", "training_missing", "training_scores",
                "training_points", "training_loadings")
"""The tables of a saved :class:`TrainingNeed`."""
_NEED_KEYS = ("training_stability", "training_silhouette", "training_stability_scores", "training_explained",
              "training_unavailable_features")
"""The values of a saved :class:`TrainingNeed` that ``evaluasi.json`` holds."""


@dataclass(frozen=True)
class QuarterOptions:
    """How a quarter is evaluated.

    Every option a notebook shares with another page lives here, once; a
    run's parameters set them for every notebook at the same time.

    Attributes
    ----------
    compare_quarters
        Quarters before the evaluated one whose median is the *baseline* of a
        unit's indicators.
    late_tolerance_days
        Calendar days after the activity day a report still counts as on time.
    no_report_days
        The last working days of the quarter checked for ASN without any report.
    minimum_daily_minutes
        The minutes of work a day's reports should reach (a local rule); None
        (default): no minimum, no share of days under it.
    reporting_standard
        The e-Kinerja reporting rate a unit (and a person) should reach.
    waiting_standard_minutes
        The outpatient waiting-time standard.
    complaint_standard_days
        Working days within which a complaint should be resolved.
    weight
        The IKM weight: ``"exact"`` (1/9) or a legacy rounded one.
    n_boot
        Bootstrap resamples of each unit's IKM interval.
    trend_quarters
        Quarters in a person's trend, the evaluated one included.
    capaian_standard
        SKP capaian below which a person's own capaian calls for a programme
        (:class:`kinerja.training.TrainingStandards`; default 0.90).
    predikat_standard
        The predikat kinerja at or below which a person's predikat calls for
        a programme (default Butuh Perbaikan, so also Kurang and Sangat Kurang).
        The reporting rule uses ``reporting_standard``.
    k, method, random_state
        The training-need clusterer (:class:`kinerja.training.TrainingNeedClusterer`).
    catalogue
        The training catalogue file; None for the project's.
    units
        The units the organisation figures pool; None for every unit.
    """

    compare_quarters: int = flags.DEFAULT_COMPARE_QUARTERS
    late_tolerance_days: int = ekinerja.DEFAULT_LATE_TOLERANCE_DAYS
    no_report_days: int = ekinerja.DEFAULT_NO_REPORT_DAYS
    minimum_daily_minutes: int | None = None
    reporting_standard: float = DEFAULT_REPORTING_STANDARD
    waiting_standard_minutes: int = services.DEFAULT_STANDARD_MINUTES
    complaint_standard_days: int = complaints.DEFAULT_STANDARD_DAYS
    weight: str = "exact"
    n_boot: int = 2000
    trend_quarters: int = DEFAULT_TREND_QUARTERS
    capaian_standard: float = training.TrainingStandards().capaian
    predikat_standard: str = training.TrainingStandards().predikat
    k: int | str = training.TrainingNeedClusterer().k
    method: str = training.TrainingNeedClusterer().method
    random_state: int = training.TrainingNeedClusterer().random_state
    catalogue: str | Path | None = None
    units: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # A notebook or a parameters file names units as a list or as codes separated by commas.
        if isinstance(self.units, str):
            object.__setattr__(self, "units", tuple(code.strip() for code in self.units.split(",") if code.strip()))
        elif self.units is not None:
            object.__setattr__(self, "units", tuple(self.units))

    def indicator_settings(self) -> IndicatorSettings:
        """How the registry's indicators are computed under these options."""
        return IndicatorSettings(standard_minutes=self.waiting_standard_minutes,
                                 late_tolerance_days=self.late_tolerance_days, ikm_weight=self.weight)


@dataclass(frozen=True, eq=False)
class TrainingNeed:
    """The training need of every ASN, and the diagnostics of its clustering that ``klaster_pelatihan`` shows.

    Attributes
    ----------
    recommendations
        One row per ASN (index NIP): ``cluster``, ``programs``, ``unit_code``,
        ``jp_last_12_months``, ``below_min_jp`` (:func:`kinerja.training.recommend`).
    profiles
        Mean z-score of each individual feature per cluster.
    unit_reasons
        One row per unit and programme a unit-level trigger calls for, with its ``reason``.
    own_reasons
        One row per ASN, rule and programme their own figures call for: the
        rule, their value and the standard (:func:`kinerja.training.own_reasons`).
    stability
        The adjusted Rand index of the clusters over bootstrap samples.
    silhouette
        The clusters' mean silhouette; under
        :data:`kinerja.training.NO_STRUCTURE_SILHOUETTE` the data have no clear group structure.
    features
        The features the clusters were formed on (:func:`kinerja.training.build_features`):
        their values, what was imputed (``missing`` marks each imputed value) and what the data cannot give.
    scores
        The quality of the clustering for each k tried (``TrainingNeedClusterer.scores_``).
    stability_scores
        The adjusted Rand index of each bootstrap refit (``TrainingNeedClusterer.stability_scores_``);
        ``stability`` is their mean.
    components
        Every ASN on the first two principal components of the clustering
        features (:func:`kinerja.training.principal_components`, with the clusterer's random state).
    """

    recommendations: pd.DataFrame
    profiles: pd.DataFrame
    unit_reasons: pd.DataFrame
    own_reasons: pd.DataFrame
    stability: float
    silhouette: float
    features: training.TrainingFeatures
    scores: pd.DataFrame
    stability_scores: np.ndarray
    components: training.PrincipalComponents


@dataclass(frozen=True, eq=False)
class QuarterResults:
    """Every shared figure of one quarter (see the module notes for the periods).

    Attributes
    ----------
    quarter
        The evaluated quarter.
    options
        How it was evaluated.
    predikat
        Per ASN and trend quarter (column ``quarter``, a label such as
        ``2026-Q3``): capaian, ratings and predikat (:func:`kinerja.metrics.skp.employee_predikat`).
    reporting
        Per ASN and trend quarter: e-Kinerja measures (:func:`kinerja.metrics.ekinerja.employee_reporting`).
    indicators
        Per ASN and SKP indicator of the quarter: capaian (:func:`kinerja.metrics.skp.capaian_per_indicator`).
    capaian
        Per ASN of the quarter: capaian and its reason when unknown (:func:`kinerja.metrics.skp.capaian_per_employee`).
    unit_capaian
        Per unit and quarter (previous, evaluated): median capaian and counts
        (:func:`kinerja.metrics.skp.capaian_per_unit`).
    silent
        The ASN without any report in the last ``no_report_days`` working days (:func:`kinerja.metrics.ekinerja.no_recent_report`).
    training_need
        The training need, or None when it cannot be computed (``training_unavailable`` says why).
    training_unavailable
        Why there is no training need, in one sentence; None when there is one.
    units
        Per-unit and organisation figures: indicators and flags, e-Kinerja,
        services (:class:`~kinerja.quarter.figures.UnitFigures`).
    satisfaction
        IKM, the respondents' profile and complaints (:class:`~kinerja.quarter.figures.SatisfactionFigures`).
    work
        Absences by kind, minutes reported and the activities behind each SKP
        indicator (:class:`~kinerja.quarter.figures.WorkFigures`).
    participation
        Forum topics and the follow-up register (:class:`~kinerja.quarter.figures.ParticipationFigures`).
    seconds
        How long the evaluation took.
    unavailable
        Part (a key of :data:`PARTS`) -> why it is unknown for the quarter,
        one sentence per language (``{"id": ..., "en": ...}``); a part that
        is not named is computed. Read it with :meth:`why`.
    """

    quarter: Quarter
    options: QuarterOptions
    predikat: pd.DataFrame
    reporting: pd.DataFrame
    indicators: pd.DataFrame
    capaian: pd.DataFrame
    unit_capaian: pd.DataFrame
    silent: pd.DataFrame
    training_need: TrainingNeed | None
    training_unavailable: str | None
    units: UnitFigures
    satisfaction: SatisfactionFigures
    work: WorkFigures
    participation: ParticipationFigures
    seconds: float = field(default=0.0)
    unavailable: dict[str, Reason] = field(default_factory=dict)

    @property
    def previous(self) -> Quarter:
        """The quarter before the evaluated one: what "triwulan lalu" means on every page."""
        return self.quarter.previous()

    @property
    def window(self) -> list[Quarter]:
        """The quarters whose median is a unit's *baseline*, oldest first, then the evaluated one."""
        return flags.compare_quarters_of(self.quarter, self.options.compare_quarters)

    @property
    def trend(self) -> list[Quarter]:
        """The quarters of a person's trend, oldest first, ending with the evaluated one."""
        return [self.quarter.previous(n) for n in range(self.options.trend_quarters - 1, -1, -1)]

    def why(self, part: str, language: str = "id") -> str | None:
        """Why ``part`` (a key of :data:`PARTS`) is unknown this quarter, in ``language``; None when it is known."""
        reason = self.unavailable.get(part)
        return None if reason is None else reason[language]

    def reporting_known(self, quarter: Quarter, unit: str | None = None) -> bool:
        """Whether e-Kinerja reporting in a trend ``quarter`` is known: for ``unit``, or for any unit.

        Unknown (rates NaN, never 0) when the activity log does not cover the
        quarter, or the unit's own records end before it
        (:func:`kinerja.metrics.ekinerja.known_units`).
        """
        rows = self.reporting[self.reporting["quarter"] == quarter.label]
        if unit is not None:
            rows = rows[rows["unit_code"] == unit]
        return bool(rows["known"].any())

    def of_quarter(self, table: str, quarter: Quarter) -> pd.DataFrame:
        """Rows of ``predikat`` or ``reporting`` for one trend quarter, indexed by NIP."""
        frame = getattr(self, table)
        return frame[frame["quarter"] == quarter.label].drop(columns="quarter").set_index("nip")

    def _tables(self) -> dict[str, pd.DataFrame]:
        tables = {"predikat": self.predikat, "reporting": self.reporting, "indicators": self.indicators,
                  "capaian": self.capaian, "unit_capaian": self.unit_capaian, "silent": self.silent}
        need = self.training_need
        if need is not None:
            features = need.features
            tables |= {"training_recommendations": need.recommendations.rename_axis("nip").reset_index(),
                       "training_profiles": need.profiles.rename_axis("cluster").reset_index(),
                       "training_unit_reasons": need.unit_reasons, "training_own_reasons": need.own_reasons,
                       "training_features": features.features.rename_axis("nip").reset_index(),
                       "training_people": features.people.rename_axis("nip").reset_index(),
                       "training_imputed": features.imputed.rename_axis("feature").reset_index(),
                       "training_missing": features.missing.rename_axis("nip").reset_index(),
                       "training_scores": need.scores.rename_axis("k").reset_index(),
                       "training_points": need.components.points.rename_axis("nip").reset_index(),
                       "training_loadings": need.components.loadings.rename_axis("feature").reset_index()}
        tables |= {f"units.{name}": frame for name, frame in frames_of(self.units).items()}
        tables |= {f"satisfaction.{name}": frame for name, frame in frames_of(self.satisfaction).items()}
        tables |= {f"work.{name}": frame for name, frame in frames_of(self.work).items()}
        tables |= {f"participation.{name}": frame for name, frame in frames_of(self.participation).items()}
        return tables

    def save(self, folder: str | Path) -> list[str]:
        """Write the results to ``folder``: one Parquet file per table and ``evaluasi.json``.

        ``evaluasi.json`` holds the quarter, the options, the reasons and the
        training need's single values (stability and its refits, silhouette,
        the variance each principal component carries, the features the data cannot give).

        Returns
        -------
        list of str
            The names of the files written, for the manifest.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in self._tables().items():
            table.to_parquet(folder / f"{name}.parquet", index=False)
            written.append(f"{name}.parquet")
        options = asdict(self.options) | {"catalogue": None if self.options.catalogue is None
                                          else str(self.options.catalogue),
                                          "units": None if self.options.units is None else list(self.options.units)}
        about = {"quarter": self.quarter.label, "options": options, "seconds": round(self.seconds, 3),
                 "training_unavailable": self.training_unavailable, "unavailable": self.unavailable,
                 "tables": written}
        need = self.training_need
        if need is not None:
            about |= {"training_stability": need.stability, "training_silhouette": need.silhouette,
                      "training_stability_scores": need.stability_scores.tolist(),
                      "training_explained": need.components.explained.to_dict(),
                      "training_unavailable_features": need.features.unavailable}
        (folder / RESULTS_FILE).write_text(json.dumps(about, ensure_ascii=False, indent=2), encoding="utf-8")
        return [*written, RESULTS_FILE]

    @classmethod
    def load(cls, folder: str | Path) -> QuarterResults:
        """Read results written by :meth:`save`.

        Raises
        ------
        DataError
            When ``folder`` holds no readable evaluation, or one whose
            training need lacks a part (saved before the need kept the
            diagnostics of its clustering): the quarter has to be evaluated again.
        """
        folder = Path(folder)
        try:
            about = json.loads((folder / RESULTS_FILE).read_text(encoding="utf-8"))
            tables = {path.stem: pd.read_parquet(path) for path in (folder / name for name in about["tables"])}
            options = about["options"] | {"units": None if about["options"]["units"] is None
                                          else tuple(about["options"]["units"])}
        except (OSError, ValueError, KeyError) as error:
            raise DataError(f"{folder} holds no readable quarter evaluation ({RESULTS_FILE}): {error}.") from error
        quarter = Quarter.parse(about["quarter"])
        need = _stored_need(folder, quarter, tables, about) if "training_recommendations" in tables else None
        try:
            units = UnitFigures(**{f.name: tables[f"units.{f.name}"] for f in fields(UnitFigures)})
            satisfaction = SatisfactionFigures(**{f.name: tables[f"satisfaction.{f.name}"]
                                                  for f in fields(SatisfactionFigures)})
            work = WorkFigures(**{f.name: tables[f"work.{f.name}"] for f in fields(WorkFigures)})
            participation = ParticipationFigures(**{f.name: tables[f"participation.{f.name}"]
                                                    for f in fields(ParticipationFigures)})
            return cls(quarter, QuarterOptions(**options), tables["predikat"],
                       tables["reporting"], tables["indicators"], tables["capaian"], tables["unit_capaian"],
                       tables["silent"], need, about["training_unavailable"], units, satisfaction, work,
                       participation, about["seconds"], about.get("unavailable", {}))
        except (KeyError, TypeError) as error:  # a part this version needs is absent, or an option it does not know
            raise DataError(f"{folder} holds a quarter evaluation this version of kinerja cannot read ({error}): it "
                            f"was saved by another version, or is incomplete; evaluate the quarter again.") from None


def _stored_need(folder: Path, quarter: Quarter, tables: dict[str, pd.DataFrame], about: dict) -> TrainingNeed:
    """The training need saved in ``folder`` (its ``tables`` and ``evaluasi.json``'s values ``about``).

    Raises
    ------
    DataError
        When a part is missing, as in a folder saved before the need kept the diagnostics of its clustering.
    """
    absent = ([f"{name}.parquet" for name in _NEED_TABLES if name not in tables]
              + [f"{key} in {RESULTS_FILE}" for key in _NEED_KEYS if key not in about])
    if absent:
        raise DataError(f"{folder} holds a training need without {', '.join(absent)}: it is incomplete, or was "
                        f"saved before the evaluation kept the clustering's diagnostics; evaluate the quarter again.")
    recommendations = tables["training_recommendations"].set_index("nip")
    recommendations["programs"] = recommendations["programs"].map(tuple)
    features = training.TrainingFeatures(
        quarter, tables["training_features"].set_index("nip"), tables["training_people"].set_index("nip"),
        tables["training_imputed"].set_index("feature"), tables["training_missing"].set_index("nip"),
        about["training_unavailable_features"])
    components = training.PrincipalComponents(
        tables["training_points"].set_index("nip"), pd.Series(about["training_explained"], name="explained"),
        tables["training_loadings"].set_index("feature").rename_axis(None))
    return TrainingNeed(recommendations, tables["training_profiles"].set_index("cluster"),
                        tables["training_unit_reasons"], tables["training_own_reasons"], about["training_stability"],
                        about["training_silhouette"], features, tables["training_scores"].set_index("k"),
                        np.asarray(about["training_stability_scores"], dtype="float64"), components)


def _training_need(dataset: Dataset, quarter: Quarter, options: QuarterOptions,
                   predikat: pd.DataFrame) -> TrainingNeed | Reason:
    """The training need of every ASN, with the diagnostics of its clustering, or why it cannot be computed.

    ``predikat`` is the evaluation's predikat table (every trend quarter); the quarter's predikat
    is judged against ``options.predikat_standard``.
    """
    catalogue = training.load_catalogue(options.catalogue)
    try:
        features = training.build_features(dataset, quarter)
    except DataError as error:
        return known.reason("klaster.need_unavailable", detail=str(error))
    standards = training.TrainingStandards(capaian=options.capaian_standard, reporting=options.reporting_standard,
                                           predikat=options.predikat_standard)
    rated = predikat[predikat["quarter"] == quarter.label].drop_duplicates("nip").set_index("nip")[
        ["predikat", "hasil_kerja_rating"]]
    clusterer = training.TrainingNeedClusterer(k=options.k, method=options.method, random_state=options.random_state)
    clusterer.fit(features.cluster_features)
    recommendations = training.recommend(clusterer, features, catalogue, standards=standards, predikat=rated)
    # The clusters' profiles on every individual feature: what describe_profiles words as group averages.
    individual = [f.name for f in training.FEATURES if f.level == "individual" and f.name in features.features]
    profiles, _, _ = training.cluster_profiles(features.features[individual], recommendations["cluster"].to_numpy())
    unit_reasons = training.unit_triggers(features, catalogue)[["unit_code", "program", "reason"]]
    own = training.own_reasons(features, catalogue, standards, predikat=rated)
    # The page draws the ASN on the components of the space the clusters were formed in.
    components = training.principal_components(features.cluster_features, random_state=options.random_state)
    return TrainingNeed(recommendations, profiles, unit_reasons.reset_index(drop=True), own,
                        float(clusterer.stability_), float(clusterer.silhouette_), features, clusterer.scores_,
                        clusterer.stability_scores_, components)


_COUNTS = frozenset({"reporting", "training_need", "complaints", "complaint_surges"})
"""Parts that count events over the quarter (or rate them over its working days): a quarter covered in part
would count too little, so they need it covered fully."""


def _absent(table: str) -> Reason:
    return known.in_languages(lambda language: say("indicators.unavailable.absent", language,
                                                   table=say(f"coverage.table.{table}", language)))


def _unavailable(dataset: Dataset, q: Quarter, compare_quarters: int) -> dict[str, Reason]:
    """Each part of :data:`PARTS` the data cannot give for ``q``, with why."""
    found: dict[str, Reason] = {}
    for part, tables in PARTS.items():
        for table in tables:
            if not dataset.has(table):
                found[part] = _absent(table)
                break
            span = known.coverage(dataset, table)
            if span.state(q) == "none" or (part in _COUNTS and span.state(q) != "full"):
                found[part] = known.not_covered(span, q)
                break
    if "complaint_surges" not in found and not complaints.surge_baseline_quarters(dataset, q, compare_quarters):
        span = known.coverage(dataset, "complaints")
        found["complaint_surges"] = known.history_short(
            len(known.full_quarters(span, flags.compare_quarters_of(q, compare_quarters))))
    if "follow_ups" in found and dataset.has("follow_ups") \
            and known.coverage(dataset, "follow_ups").state(q.previous()) != "none":
        del found["follow_ups"]  # last quarter's actions are judged even before this quarter's are entered
    jp = training.jp_unknown(dataset, q)
    if jp is not None:
        found["jp_last_12_months"] = jp
    if "minutes" not in found and not work_minutes.has_minutes(dataset):
        found["minutes"] = known.reason("indicators.unavailable.no_minutes")
    if "skp_links" not in found and not skp_links.has_links(dataset):
        found["skp_links"] = known.reason("indicators.unavailable.no_skp_links")
    return found


def _empty(part: str) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="object") for column in _EMPTY[part]})


def evaluate_quarter(dataset: Dataset, quarter: Quarter | str, options: QuarterOptions | None = None) -> QuarterResults:
    """Compute every shared figure of a quarter, once.

    Parameters
    ----------
    dataset
        The data: units and employees; every other table is used when present,
        and a part whose table is absent or does not cover the quarter is
        named in :attr:`QuarterResults.unavailable`.
    quarter
        The quarter to evaluate.
    options
        See :class:`QuarterOptions`; None for the defaults.

    Returns
    -------
    QuarterResults
        The figures, with the seconds the evaluation took.

    Raises
    ------
    DataError
        When the options name a unit that is not in the units table, or the
        training catalogue cannot be used.
    """
    started = time.perf_counter()
    options = options or QuarterOptions()
    q = Quarter.parse(quarter)
    codes = list(dataset.units["unit_code"]) if dataset.has("units") else []
    unknown = [code for code in options.units or () if code not in codes]
    if unknown:
        raise DataError(f"units names {unknown[0]!r}, which is not in the units table; the units are "
                        f"{', '.join(codes)}.")
    unavailable = _unavailable(dataset, q, options.compare_quarters)
    trend = [q.previous(n) for n in range(options.trend_quarters - 1, -1, -1)]
    rated = dataset.has("skp") and dataset.has("behaviour")
    predikat = pd.concat([skp.employee_predikat(dataset.skp, dataset.behaviour, period, dataset.employees)
                          .assign(quarter=period.label) for period in trend], ignore_index=True) \
        if rated else _empty("predikat")
    reporting = pd.concat([ekinerja.employee_reporting(dataset, period, late_tolerance_days=options.late_tolerance_days)
                           .assign(quarter=period.label) for period in trend], ignore_index=True) \
        if dataset.has("activities") else _empty("reporting")
    silent = ekinerja.no_recent_report(dataset, q, options.no_report_days)[["nip"]] \
        if "reporting" not in unavailable else pd.DataFrame({"nip": pd.Series([], dtype="str")})
    need = _training_need(dataset, q, options, predikat) if "training_need" not in unavailable \
        else unavailable["training_need"]
    if not isinstance(need, TrainingNeed):
        unavailable["training_need"] = need
    window = flags.compare_quarters_of(q, options.compare_quarters)
    units = unit_figures(dataset, q, window, options.indicator_settings(),
                         reporting_standard=options.reporting_standard, no_report_days=options.no_report_days,
                         units=None if options.units is None else list(options.units))
    satisfaction = satisfaction_figures(dataset, q, window, weight=options.weight, n_boot=options.n_boot,
                                        complaint_standard_days=options.complaint_standard_days,
                                        complaints_known="complaints" not in unavailable)
    with_skp = dataset.has("skp")
    return QuarterResults(
        quarter=q, options=options, predikat=predikat, reporting=reporting,
        indicators=skp.capaian_per_indicator(dataset.skp, q).reset_index(drop=True) if with_skp
        else _empty("indicators"),
        capaian=skp.capaian_per_employee(dataset.skp, q).reset_index(drop=True) if with_skp else _empty("capaian"),
        unit_capaian=pd.concat([skp.capaian_per_unit(skp.capaian_per_employee(dataset.skp, period), dataset.employees)
                                for period in (q.previous(), q)], ignore_index=True) if with_skp
        else _empty("unit_capaian"),
        silent=silent.reset_index(drop=True),
        training_need=need if isinstance(need, TrainingNeed) else None,
        training_unavailable=None if isinstance(need, TrainingNeed) else need["en"], units=units,
        satisfaction=satisfaction, work=work_figures(dataset, q, minimum_minutes=options.minimum_daily_minutes),
        participation=participation_figures(dataset, q, forums_known="forums" not in unavailable,
                                            follow_ups_known="follow_ups" not in unavailable),
        seconds=time.perf_counter() - started, unavailable=unavailable)


def results_for(dataset: Dataset, quarter: Quarter | str, stored: str | Path | None = None,
                **options: object) -> QuarterResults:
    """The quarter's evaluation for a notebook: the run's stored one, or computed here.

    Inside ``kinerja run`` the runner has evaluated the quarter once and
    passes its folder as ``stored``; a notebook reads it, so its figures are
    those of every other page. Opened on its own (``stored`` None), or with
    an option other than the run's, the notebook computes the evaluation
    itself.

    Parameters
    ----------
    dataset
        The data, used only when the evaluation is computed here.
    quarter
        The quarter.
    stored
        The folder of the run's stored evaluation (:meth:`QuarterResults.save`), or None.
    **options
        The notebook's own values of some :class:`QuarterOptions` fields; the
        others are the run's (or the defaults).

    Raises
    ------
    DataError
        When ``stored`` holds no readable evaluation.
    """
    wanted = QuarterOptions(**options)
    given = {name: getattr(wanted, name) for name in options}
    q = Quarter.parse(quarter)
    if stored is not None:
        results = QuarterResults.load(stored)
        if results.quarter == q and all(getattr(results.options, name) == value for name, value in given.items()):
            return results
    return evaluate_quarter(dataset, q, wanted)
