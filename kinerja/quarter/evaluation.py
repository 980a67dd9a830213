"""The evaluation of one quarter, computed once and read by every page.

:func:`evaluate_quarter` computes, for one data folder and quarter, every
per-person and per-unit figure that more than one page shows: capaian and
predikat, e-Kinerja reporting, who has not reported lately, and the training
need (features, clusters, recommendations). The runner calls it once per run,
stores the result in the run's restricted folder (:meth:`QuarterResults.save`)
and hands it to the feedback pages, so that a figure shown in two places is
the same number.

Two periods are named once, here:

- the *previous quarter* is the quarter before the evaluated one
  (:meth:`QuarterResults.previous`);
- the *trend* is the evaluated quarter and the ``trend_quarters - 1`` before
  it, oldest first (:attr:`QuarterResults.trend`).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from kinerja import training
from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.metrics import ekinerja, skp

__all__ = ["DEFAULT_TREND_QUARTERS", "QuarterOptions", "QuarterResults", "TrainingNeed", "evaluate_quarter"]

DEFAULT_TREND_QUARTERS = 4
"""Quarters in a person's trend, the evaluated one included."""
RESULTS_FILE = "evaluasi.json"
"""The file of a saved evaluation that holds its quarter, options, seconds and the list of tables."""


@dataclass(frozen=True)
class QuarterOptions:
    """How a quarter is evaluated.

    Attributes
    ----------
    late_tolerance_days
        Calendar days after the activity day a report still counts as on time.
    no_report_days
        The last working days of the quarter checked for ASN without any report.
    trend_quarters
        Quarters in a person's trend, the evaluated one included.
    k, method, random_state
        The training-need clusterer (:class:`kinerja.training.TrainingNeedClusterer`).
    catalogue
        The training catalogue file; None for the project's.
    """

    late_tolerance_days: int = ekinerja.DEFAULT_LATE_TOLERANCE_DAYS
    no_report_days: int = ekinerja.DEFAULT_NO_REPORT_DAYS
    trend_quarters: int = DEFAULT_TREND_QUARTERS
    k: int | str = "auto"
    method: str = "kmeans"
    random_state: int = 0
    catalogue: str | Path | None = None


@dataclass(frozen=True, eq=False)
class TrainingNeed:
    """The training need of every ASN, as ``klaster_pelatihan`` computes it.

    Attributes
    ----------
    recommendations
        One row per ASN (index NIP): ``cluster``, ``programs``, ``unit_code``,
        ``jp_last_12_months``, ``below_min_jp`` (:func:`kinerja.training.recommend`).
    profiles
        Mean z-score of each individual feature per cluster.
    missing
        Per ASN and feature, whether the value was imputed.
    unit_reasons
        One row per unit and programme a unit-level trigger calls for, with its ``reason``.
    stability
        The adjusted Rand index of the clusters over bootstrap samples.
    """

    recommendations: pd.DataFrame
    profiles: pd.DataFrame
    missing: pd.DataFrame
    unit_reasons: pd.DataFrame
    stability: float


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
        Per unit: median capaian and counts (:func:`kinerja.metrics.skp.capaian_per_unit`).
    silent
        The ASN without any report in the last ``no_report_days`` working days (:func:`kinerja.metrics.ekinerja.no_recent_report`).
    training_need
        The training need, or None when it cannot be computed (``training_unavailable`` says why).
    training_unavailable
        Why there is no training need, in one sentence; None when there is one.
    seconds
        How long the evaluation took.
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
    seconds: float = field(default=0.0)

    @property
    def previous(self) -> Quarter:
        """The quarter before the evaluated one: what "triwulan lalu" means on every page."""
        return self.quarter.previous()

    @property
    def trend(self) -> list[Quarter]:
        """The quarters of a person's trend, oldest first, ending with the evaluated one."""
        return [self.quarter.previous(n) for n in range(self.options.trend_quarters - 1, -1, -1)]

    def reporting_known(self, quarter: Quarter) -> bool:
        """Whether the data hold any activity in ``quarter``; without any, reporting rates are unknown, not 0."""
        rows = self.reporting[self.reporting["quarter"] == quarter.label]
        return bool(rows["activities"].sum() > 0)

    def of_quarter(self, table: str, quarter: Quarter) -> pd.DataFrame:
        """Rows of ``predikat`` or ``reporting`` for one trend quarter, indexed by NIP."""
        frame = getattr(self, table)
        return frame[frame["quarter"] == quarter.label].drop(columns="quarter").set_index("nip")

    def _tables(self) -> dict[str, pd.DataFrame]:
        tables = {"predikat": self.predikat, "reporting": self.reporting, "indicators": self.indicators,
                  "capaian": self.capaian, "unit_capaian": self.unit_capaian, "silent": self.silent}
        if self.training_need is not None:
            need = self.training_need
            tables |= {"training_recommendations": need.recommendations.rename_axis("nip").reset_index(),
                       "training_profiles": need.profiles.rename_axis("cluster").reset_index(),
                       "training_missing": need.missing.rename_axis("nip").reset_index(),
                       "training_unit_reasons": need.unit_reasons}
        return tables

    def save(self, folder: str | Path) -> list[str]:
        """Write the results to ``folder``: one Parquet file per table and ``evaluasi.json``.

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
                                          else str(self.options.catalogue)}
        about = {"quarter": self.quarter.label, "options": options, "seconds": round(self.seconds, 3),
                 "training_unavailable": self.training_unavailable,
                 "training_stability": None if self.training_need is None else self.training_need.stability,
                 "tables": written}
        (folder / RESULTS_FILE).write_text(json.dumps(about, ensure_ascii=False, indent=2), encoding="utf-8")
        return [*written, RESULTS_FILE]

    @classmethod
    def load(cls, folder: str | Path) -> QuarterResults:
        """Read results written by :meth:`save`.

        Raises
        ------
        DataError
            When ``folder`` holds no readable evaluation.
        """
        folder = Path(folder)
        try:
            about = json.loads((folder / RESULTS_FILE).read_text(encoding="utf-8"))
            tables = {path.stem: pd.read_parquet(path) for path in (folder / name for name in about["tables"])}
        except (OSError, ValueError, KeyError) as error:
            raise DataError(f"{folder} holds no readable quarter evaluation ({RESULTS_FILE}): {error}.") from error
        need = None
        if "training_recommendations" in tables:
            recommendations = tables["training_recommendations"].set_index("nip")
            recommendations["programs"] = recommendations["programs"].map(tuple)
            need = TrainingNeed(recommendations, tables["training_profiles"].set_index("cluster"),
                                tables["training_missing"].set_index("nip"), tables["training_unit_reasons"],
                                about["training_stability"])
        return cls(Quarter.parse(about["quarter"]), QuarterOptions(**about["options"]), tables["predikat"],
                   tables["reporting"], tables["indicators"], tables["capaian"], tables["unit_capaian"],
                   tables["silent"], need, about["training_unavailable"], about["seconds"])


def _training_need(dataset: Dataset, quarter: Quarter, options: QuarterOptions) -> TrainingNeed | str:
    """The training need of every ASN, or why it cannot be computed."""
    catalogue = training.load_catalogue(options.catalogue)
    try:
        features = training.build_features(dataset, quarter)
    except DataError as error:
        return str(error)
    clusterer = training.TrainingNeedClusterer(k=options.k, method=options.method, random_state=options.random_state)
    clusterer.fit(features.cluster_features)
    recommendations = training.recommend(clusterer, features, catalogue)
    # Which features call for each cluster's programmes: the profile describe_clusters reads.
    individual = [f.name for f in training.FEATURES if f.level == "individual" and f.name in features.features]
    profiles, _, _ = training.cluster_profiles(features.features[individual], recommendations["cluster"].to_numpy())
    unit_reasons = training.unit_triggers(features, catalogue)[["unit_code", "program", "reason"]]
    return TrainingNeed(recommendations, profiles, features.missing.astype(bool), unit_reasons.reset_index(drop=True),
                        float(clusterer.stability_))


def evaluate_quarter(dataset: Dataset, quarter: Quarter | str, options: QuarterOptions | None = None) -> QuarterResults:
    """Compute every shared figure of a quarter, once.

    Parameters
    ----------
    dataset
        The data (units, employees, skp, behaviour, activities; trainings, SKM
        and complaints when present).
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
        When the training catalogue cannot be used.
    """
    started = time.perf_counter()
    options = options or QuarterOptions()
    q = Quarter.parse(quarter)
    trend = [q.previous(n) for n in range(options.trend_quarters - 1, -1, -1)]
    predikat = pd.concat([skp.employee_predikat(dataset.skp, dataset.behaviour, period, dataset.employees)
                          .assign(quarter=period.label) for period in trend], ignore_index=True)
    reporting = pd.concat([ekinerja.employee_reporting(dataset, period, late_tolerance_days=options.late_tolerance_days)
                           .assign(quarter=period.label) for period in trend], ignore_index=True)
    capaian = skp.capaian_per_employee(dataset.skp, q).reset_index(drop=True)
    known = bool(reporting.loc[reporting["quarter"] == q.label, "activities"].sum() > 0)
    silent = ekinerja.no_recent_report(dataset, q, options.no_report_days)[["nip"]] if known \
        else pd.DataFrame({"nip": pd.Series([], dtype="str")})
    need = _training_need(dataset, q, options)
    return QuarterResults(
        quarter=q, options=options, predikat=predikat, reporting=reporting,
        indicators=skp.capaian_per_indicator(dataset.skp, q).reset_index(drop=True), capaian=capaian,
        unit_capaian=skp.capaian_per_unit(capaian, dataset.employees).reset_index(drop=True),
        silent=silent.reset_index(drop=True),
        training_need=need if isinstance(need, TrainingNeed) else None,
        training_unavailable=need if isinstance(need, str) else None,
        seconds=time.perf_counter() - started)
