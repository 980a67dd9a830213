"""Training need: features per ASN, clusters named by a catalogue, and participant lists.

Training follows evaluation: ASN below standard get training, and every ASN
has the right to at least 20 JP (jam pelajaran) of competency development a
year (PP 17/2020). The steps, each a function:

1. :func:`build_features` turns a quarter's data into one row of numbers per
   ASN (the table below), with missing values imputed by a stated rule and
   counted.
2. :class:`kinerja.training.clustering.TrainingNeedClusterer` groups the ASN on
   :data:`CLUSTER_FEATURES` (why these: see there).
3. :func:`load_catalogue` reads ``parameters/training_catalogue.yaml``: the
   programs (Manajemen Waktu, Komunikasi Efektif, ...) and the features whose
   low or high values call for each. Evaluators edit the file, not the code.
4. :func:`describe_clusters` explains each cluster in Indonesian from its
   distinctive features and names its programs; :func:`recommend` gives each
   ASN the programs of their cluster (plus those their unit's survey and
   complaints call for) and flags who had fewer than 20 JP in the last year.
5. :func:`participant_lists` cuts each program's participants into batches
   (angkatan) of at most ``capacity``; :func:`write_participant_lists` writes
   them to a restricted XLSX file (names and NIP), and
   :func:`program_counts` gives counts per program and unit, without names,
   for the HTML report; :func:`suppress_small_counts` hides the counts of
   fewer than five people on leadership pages, and :func:`stability_verdict`
   says in words how stable the clusters are.

Features
--------
==================================  ==========================================  =================  ==========
feature                             source                                      unit               level
==================================  ==========================================  =================  ==========
``skp_attainment``                  SKP capaian of the quarter                  share (1 = 100 %)  individual
                                    (:func:`kinerja.metrics.skp.capaian_per_employee`)
``reporting_rate``                  e-Kinerja: working days with a report /     share 0-1          individual
                                    working days (:func:`kinerja.metrics.ekinerja.
                                    employee_reporting`)
``on_time_rate``                    e-Kinerja: activities reported the same     share 0-1          individual
                                    day (or within ``late_tolerance_days``) /
                                    activities
``berorientasi_pelayanan`` ...      behaviour rating of each BerAKHLAK value    score 1-3          individual
``kolaboratif`` (seven columns)     in the quarter: Di Bawah Ekspektasi = 1,
                                    Sesuai = 2, Di Atas = 3
``interpersonal_score``             mean of the scores of Berorientasi          score 1-3          individual
                                    Pelayanan, Harmonis and Kolaboratif
``unit_nrr_perilaku_pelaksana``     SKM of the ASN's unit: NRR of unsur 7       NRR 1-4            unit
                                    Perilaku Pelaksana (sum / answers)
``unit_nrr_kompetensi_pelaksana``   SKM of the ASN's unit: NRR of unsur 6       NRR 1-4            unit
                                    Kompetensi Pelaksana
``unit_complaints_per_100_asn``     complaints received by the unit in the      per 100 ASN        unit
                                    quarter per 100 ASN of the unit
``jp_last_12_months``               trainings that started in the 12 months     JP                 individual
                                    up to the quarter's last day
``tenure_years``                    years from the TMT in the NIP (TMT CPNS     years              individual
                                    month; PPPK: 1 January of the TMT year) to
                                    the quarter's last day, 0 when later
==================================  ==========================================  =================  ==========

Complaints are counted per 100 ASN of the unit rather than per 1,000 visits
because every unit has ASN, while only service counters and Puskesmas record
visits.

Missing values
--------------
- An individual feature an ASN lacks (no SKP, no e-Kinerja activity for the
  on-time rate, no behaviour rating) takes the median of the other ASN of
  the same unit; when nobody in the unit has it, the median over all ASN.
- A unit feature: the unit's SKM responses of the quarter; a unit without
  any in the quarter uses its most recent earlier quarter within the last
  year (PermenPANRB 14/2017 asks for a survey at least once a year); a unit
  with none in the year (in the demo: the schools) takes the median over the
  units that have one, each unit counted once.
- Not missing but zero: the complaint rate of a unit without complaints, the
  JP of an ASN without training, and the reporting rate of an ASN without
  any report.
- A feature whose table the data folder lacks (``ikm_responses``,
  ``complaints`` or ``trainings``), or for which no unit has a survey in the
  year, is left out and named in ``TrainingFeatures.unavailable``. A feature
  that no ASN has at all (e.g. a quarter without SKP) raises
  :class:`~kinerja.core.errors.DataError`.

Every imputed value is counted in ``TrainingFeatures.imputed`` (per feature:
missing, filled with the unit median, filled with the overall median) and
marked in ``TrainingFeatures.missing``.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from openpyxl import Workbook
from openpyxl.styles import Font

from kinerja.core.errors import DataError
from kinerja.core.formatting import number, percent
from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import BERAKHLAK
from kinerja.metrics.complaints import complaint_volume
from kinerja.metrics.ekinerja import DEFAULT_LATE_TOLERANCE_DAYS, employee_reporting
from kinerja.metrics.skp import (
    ABOVE,
    BELOW,
    MEETS,
    capaian_per_employee,
    normalise_rating,
)
from kinerja.training.clustering import TrainingNeedClusterer, cluster_profiles

__all__ = [
    "BERAKHLAK_SCORES",
    "CATALOGUE_PATH",
    "CLUSTER_FEATURES",
    "DEFAULT_CAPACITY",
    "DEFAULT_MIN_CELL",
    "FEATURES",
    "FEATURE_NAMES",
    "INTERPERSONAL_VALUES",
    "MIN_JP_PER_YEAR",
    "Catalogue",
    "Feature",
    "Program",
    "STABILITY_BANDS",
    "SuppressedCounts",
    "TrainingFeatures",
    "build_features",
    "describe_clusters",
    "jp_window",
    "load_catalogue",
    "participant_lists",
    "program_counts",
    "recommend",
    "safe_text",
    "stability_verdict",
    "suppress_small_counts",
    "tenure_years",
    "unit_triggers",
    "write_participant_lists",
]

MIN_JP_PER_YEAR = 20.0
"""JP of competency development every ASN has the right to each year (PP 17/2020)."""
DEFAULT_CAPACITY = 30
"""Participants per batch (angkatan) when none is given."""
DEFAULT_MIN_CELL = 5
"""Counts of people below this are not shown on leadership pages (:func:`suppress_small_counts`)."""
CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "parameters" / "training_catalogue.yaml"
"""The catalogue of programs read by :func:`load_catalogue` by default."""

BERAKHLAK_SCORES: dict[str, int] = {BELOW: 1, MEETS: 2, ABOVE: 3}
"""Score of each rating of a BerAKHLAK value."""


@dataclass(frozen=True)
class Feature:
    """One column of :func:`build_features`.

    Attributes
    ----------
    name
        Column name.
    label
        Short Indonesian label, used in cluster descriptions ("tepat waktu").
    source
        Where the value comes from.
    unit
        Unit of the value.
    level
        ``"individual"`` (one value per ASN) or ``"unit"`` (the same value for
        everyone in a unit).
    style
        How a value is shown: ``"percent"``, ``"score"`` (one decimal),
        ``"nrr"`` (two decimals), ``"rate"`` (one decimal), ``"jp"`` or
        ``"years"``.
    """

    name: str
    label: str
    source: str
    unit: str
    level: str
    style: str


FEATURES: tuple[Feature, ...] = (
    Feature("skp_attainment", "capaian SKP", "skp", "share of target (1 = 100 %)", "individual", "percent"),
    Feature("reporting_rate", "hari berlaporan", "activities", "share of working days", "individual", "percent"),
    Feature("on_time_rate", "tepat waktu", "activities", "share of activities", "individual", "percent"),
    *(Feature(name, label, "behaviour", "score 1-3", "individual", "score") for name, label in BERAKHLAK),
    Feature("interpersonal_score", "nilai antarpribadi", "behaviour", "score 1-3", "individual", "score"),
    Feature("unit_nrr_perilaku_pelaksana", "NRR perilaku pelaksana unit", "ikm_responses", "NRR 1-4", "unit",
            "nrr"),
    Feature("unit_nrr_kompetensi_pelaksana", "NRR kompetensi pelaksana unit", "ikm_responses", "NRR 1-4", "unit",
            "nrr"),
    Feature("unit_complaints_per_100_asn", "pengaduan per 100 ASN unit", "complaints", "per 100 ASN", "unit",
            "rate"),
    Feature("jp_last_12_months", "JP 12 bulan terakhir", "trainings", "JP", "individual", "jp"),
    Feature("tenure_years", "masa kerja", "employees (NIP)", "years", "individual", "years"),
)
"""The features of :func:`build_features`, in column order."""

FEATURE_NAMES: tuple[str, ...] = tuple(feature.name for feature in FEATURES)
_FEATURES: dict[str, Feature] = {feature.name: feature for feature in FEATURES}
_BERAKHLAK_NAMES: tuple[str, ...] = tuple(name for name, _ in BERAKHLAK)
INTERPERSONAL_VALUES: tuple[str, ...] = ("berorientasi_pelayanan", "harmonis", "kolaboratif")
"""The BerAKHLAK values about dealing with people, averaged into ``interpersonal_score``."""

CLUSTER_FEATURES: tuple[str, ...] = ("skp_attainment", "reporting_rate", "on_time_rate", "interpersonal_score")
"""Features the clustering uses by default: one individual measure per kind of need.

Each is what a program of the catalogue addresses: attainment (Kompetensi
Teknis), reporting rate (Literasi Digital), on-time rate (Manajemen Waktu)
and the interpersonal behaviour score, the mean of Berorientasi Pelayanan,
Harmonis and Kolaboratif (Komunikasi Efektif). Left out, and why:

- the seven BerAKHLAK values one by one: each is a three-level rating, and
  seven of them make k-means split the lattice of rating patterns rather
  than people (on the demo the silhouette then rises up to k = 8 and the
  adjusted Rand index against the planted needs falls to 0.55, against
  0.82 with the mean). The four values not in the mean (Akuntabel,
  Kompeten, Loyal, Adaptif) carry no shared need in the demo and, standardised,
  only add noise (with their mean as a fifth feature the silhouette picks
  k = 4 and merges the communication group into the rest). They are still
  profiled per cluster (:func:`describe_clusters` with ``features``), so a
  cluster low on them gets its program;
- the unit features (NRR of the unit's survey, complaint rate): everyone in a
  unit shares them, so after standardising they split the ASN by unit, and
  k-means then finds the units rather than needs. They enter the
  recommendations per unit instead (:func:`recommend`);
- ``jp_last_12_months``: training already received says what was offered,
  not what is needed; it drives the 20-JP flag instead;
- ``tenure_years``: not a need in itself, and with its wide spread it would
  pull clusters apart by length of service.

Any other choice is one argument away: the clusterer takes any columns.
"""


# --- features --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TrainingFeatures:
    """The features of a quarter, with the people and what was imputed.

    Attributes
    ----------
    quarter
        The quarter.
    features
        One row per ASN (index ``nip``), one numeric column per feature of
        :data:`FEATURES` that could be built, without missing values.
        ``features.attrs["imputed"]`` holds the imputed count per feature.
    people
        Index ``nip``: ``name``, ``unit_code``, ``unit_name``; for participant
        lists, never for clustering.
    imputed
        Index feature: ``missing`` (values absent before imputation),
        ``unit_median`` and ``overall_median`` (how they were filled).
    missing
        Same shape as ``features``: True where a value was imputed.
    unavailable
        Feature -> why it was left out.
    """

    quarter: Quarter
    features: pd.DataFrame
    people: pd.DataFrame
    imputed: pd.DataFrame
    missing: pd.DataFrame
    unavailable: dict[str, str] = field(default_factory=dict)

    @property
    def cluster_features(self) -> pd.DataFrame:
        """The columns of :data:`CLUSTER_FEATURES` that were built."""
        return self.features[[name for name in CLUSTER_FEATURES if name in self.features.columns]]


def _quarter_label(value: object) -> str | None:
    try:
        return Quarter.parse(value).label  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return None


def _attainment(dataset: Dataset, q: Quarter, cap: float | None) -> pd.Series:
    capaian = capaian_per_employee(dataset.skp, q, cap)
    return capaian.drop_duplicates("nip").set_index("nip")["capaian"].astype("float64")


def _berakhlak_scores(dataset: Dataset, q: Quarter) -> pd.DataFrame:
    behaviour = dataset.behaviour
    labels = behaviour["quarter"].map({v: _quarter_label(v) for v in pd.unique(behaviour["quarter"].dropna())})
    rated = behaviour[labels == q.label].drop_duplicates("nip").set_index("nip")
    scores = {}
    for name in _BERAKHLAK_NAMES:
        values = rated[name] if name in rated.columns else pd.Series(pd.NA, index=rated.index)
        mapping = {v: BERAKHLAK_SCORES[normalise_rating(v, name)] for v in pd.unique(values.dropna())}
        scores[name] = values.map(mapping).astype("float64")
    return pd.DataFrame(scores, index=rated.index)


def _unit_nrr(dataset: Dataset, q: Quarter, lookback_quarters: int) -> tuple[pd.DataFrame, str | None]:
    """NRR of perilaku and kompetensi pelaksana per unit: the quarter, else the latest quarter within the year."""
    if not dataset.has("ikm_responses"):
        return pd.DataFrame(), "the data folder has no ikm_responses (SKM) table"
    first = q.previous(lookback_quarters)
    table = dataset.table("ikm_responses")
    table = table.filter(table.survey_date.between(first.start, q.end))
    period = (table.survey_date.year() * 10 + table.survey_date.quarter()).name("period")
    aggregates = {}
    for unsur in ("perilaku_pelaksana", "kompetensi_pelaksana"):
        aggregates[f"{unsur}_sum"] = table[unsur].sum()
        aggregates[f"{unsur}_n"] = table[unsur].count()
    sums = table.group_by([table.unit_code, period]).aggregate(**aggregates).to_pandas()
    result = {}
    for unsur in ("perilaku_pelaksana", "kompetensi_pelaksana"):
        answered = sums[sums[f"{unsur}_n"] > 0].sort_values(["unit_code", "period"])
        latest = answered.groupby("unit_code").tail(1).set_index("unit_code")
        result[f"unit_nrr_{unsur}"] = (latest[f"{unsur}_sum"] / latest[f"{unsur}_n"]).astype("float64")
    frame = pd.DataFrame(result)
    if frame.empty:
        return frame, f"no unit has an SKM survey between {first.start} and {q.end}"
    return frame, None


def _unit_complaints(dataset: Dataset, q: Quarter, headcount: pd.Series) -> tuple[pd.Series, str | None]:
    if not dataset.has("complaints"):
        return pd.Series(dtype="float64"), "the data folder has no complaints table"
    counts = complaint_volume(dataset, q, by="unit_code").set_index("unit_code")["complaints"]
    counts = counts.reindex(headcount.index, fill_value=0).astype("float64")
    return (counts / headcount * 100).astype("float64"), None


def _jp_last_year(dataset: Dataset, q: Quarter, nips: pd.Index) -> tuple[pd.Series, str | None]:
    if not dataset.has("trainings"):
        return pd.Series(dtype="float64"), "the data folder has no trainings table"
    start, end = jp_window(q)
    trainings = dataset.trainings
    began = pd.to_datetime(trainings["start_date"]).dt.date
    inside = trainings[(began >= start) & (began <= end)]
    jp = pd.to_numeric(inside["jp"], errors="coerce").astype("float64").groupby(inside["nip"]).sum()
    return jp.reindex(nips, fill_value=0.0).astype("float64"), None


def jp_window(quarter: Quarter | str) -> tuple[date, date]:
    """First and last day of the 12 months whose trainings count for a quarter, both included.

    The window ends on the quarter's last day and starts the day after the
    same date a year earlier: 1 October 2025 - 30 September 2026 for 2026-Q3.
    """
    q = Quarter.parse(quarter)
    end = q.end
    return date(end.year - 1, end.month, end.day) + timedelta(days=1), end


def tenure_years(nips: pd.Series | Sequence[str], on: date) -> pd.Series:
    """Years from the TMT recorded in each NIP to ``on`` (0 when the TMT is later).

    A PNS NIP records the TMT CPNS year and month (digits 9-14; the first
    day of the month is used); a PPPK NI records the TMT year only (1
    January is used). A value that fits neither layout gives NaN.
    """
    digits = pd.Series(nips, dtype="str").str.replace(r"[ .]", "", regex=True)
    year = pd.to_numeric(digits.str[8:12], errors="coerce")
    marker = digits.str[12]
    month = pd.to_numeric(digits.str[12:14], errors="coerce").where(marker.isin(["0", "1"]))
    month = month.where(marker != "2", 1.0)
    valid = (digits.str.len() == 18) & month.between(1, 12) & year.notna()
    tmt = pd.to_datetime(pd.DataFrame({"year": year.where(valid, 2000), "month": month.where(valid, 1), "day": 1}),
                         errors="coerce")
    days = (pd.Timestamp(on) - tmt).dt.days
    return (days / 365.25).clip(lower=0).where(valid).astype("float64")


def _impute(frame: pd.DataFrame, units: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    missing = frame.isna()
    filled = frame.copy()
    rows = []
    for name in frame.columns:
        column = frame[name]
        count = int(column.isna().sum())
        by_unit = overall = 0
        if count:
            if _FEATURES.get(name, Feature(name, name, "", "", "individual", "")).level == "unit":
                per_unit = column.groupby(units).first().dropna()
                filled[name] = column.fillna(float(per_unit.median()))
                overall = count
            else:
                unit_median = column.groupby(units).transform("median")
                step = column.fillna(unit_median)
                by_unit = count - int(step.isna().sum())
                filled[name] = step.fillna(float(column.median()))
                overall = count - by_unit
        rows.append({"feature": name, "missing": count, "unit_median": by_unit, "overall_median": overall})
    imputed = pd.DataFrame(rows).set_index("feature").astype("int64")
    return filled, imputed, missing


def build_features(dataset: Dataset, quarter: Quarter | str, *, cap: float | None = None,
                   late_tolerance_days: int = DEFAULT_LATE_TOLERANCE_DAYS,
                   nrr_lookback_quarters: int = 3) -> TrainingFeatures:
    """Build the training-need features of every ASN for a quarter.

    The features, their sources and units and the imputation rule are in the
    module docstring (``help(kinerja.training.needs)``).

    Parameters
    ----------
    dataset
        A Dataset with ``units``, ``employees``, ``skp``, ``behaviour`` and
        ``activities``; ``ikm_responses``, ``complaints`` and ``trainings``
        are used when present.
    quarter
        The quarter, e.g. ``"2026-Q3"``.
    cap
        Cap on each SKP indicator's capaian (None: uncapped, as shown by
        :mod:`kinerja.metrics.skp`).
    late_tolerance_days
        Days after the activity day a report still counts as on time.
    nrr_lookback_quarters
        Earlier quarters searched for a unit's SKM survey when the quarter
        has none (default 3: the last year).

    Returns
    -------
    TrainingFeatures
        ``features`` (index ``nip``, no missing value), ``people``,
        ``imputed`` counts, the ``missing`` mask and ``unavailable`` features.

    Raises
    ------
    DataError
        When a required table is absent, or an individual feature is missing
        for every ASN (e.g. no SKP in the quarter).
    """
    q = Quarter.parse(quarter)
    if isinstance(nrr_lookback_quarters, bool) or not isinstance(nrr_lookback_quarters, int) \
            or nrr_lookback_quarters < 0:
        raise ValueError(f"nrr_lookback_quarters must be a whole number of 0 or more, not {nrr_lookback_quarters!r}.")
    employees = dataset.employees.drop_duplicates("nip")
    units = dataset.units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    people = pd.DataFrame({
        "name": employees["name"].to_numpy(),
        "unit_code": employees["unit_code"].to_numpy(),
    }, index=pd.Index(employees["nip"].astype("str"), name="nip"))
    people["unit_name"] = people["unit_code"].map(units).astype("str")
    people = people.astype({"name": "str", "unit_code": "str"})
    nips = people.index
    unit_of = people["unit_code"]

    columns: dict[str, pd.Series] = {}
    unavailable: dict[str, str] = {}
    columns["skp_attainment"] = _attainment(dataset, q, cap).reindex(nips)
    reporting = employee_reporting(dataset, q, late_tolerance_days=late_tolerance_days).set_index("nip")
    columns["reporting_rate"] = reporting["reporting_rate"].astype("float64").reindex(nips)
    columns["on_time_rate"] = reporting["on_time_rate"].astype("float64").reindex(nips)
    scores = _berakhlak_scores(dataset, q).reindex(nips)
    for name in _BERAKHLAK_NAMES:
        columns[name] = scores[name]
    columns["interpersonal_score"] = scores[list(INTERPERSONAL_VALUES)].mean(axis=1)

    nrr, why = _unit_nrr(dataset, q, nrr_lookback_quarters)
    for name in ("unit_nrr_perilaku_pelaksana", "unit_nrr_kompetensi_pelaksana"):
        if why is None and name in nrr.columns and nrr[name].notna().any():
            columns[name] = unit_of.map(nrr[name]).astype("float64")
        else:
            unavailable[name] = why or f"no unit has an answer on {name.removeprefix('unit_nrr_')} in the year"
    headcount = unit_of.value_counts()
    complaints, why = _unit_complaints(dataset, q, headcount)
    if why is None:
        columns["unit_complaints_per_100_asn"] = unit_of.map(complaints).astype("float64")
    else:
        unavailable["unit_complaints_per_100_asn"] = why
    jp, why = _jp_last_year(dataset, q, nips)
    if why is None:
        columns["jp_last_12_months"] = jp
    else:
        unavailable["jp_last_12_months"] = why
    columns["tenure_years"] = pd.Series(tenure_years(nips.to_series(), q.end).to_numpy(), index=nips)

    frame = pd.DataFrame({name: columns[name] for name in FEATURE_NAMES if name in columns}, index=nips)
    empty = [name for name in frame.columns if frame[name].isna().all()]
    if empty and len(frame):
        sources = ", ".join(sorted({_FEATURES[name].source for name in empty}))
        raise DataError(f"no ASN has {', '.join(empty)} in {q.label}: the {sources} table(s) hold nothing for "
                        f"that quarter; choose a quarter the data cover.")
    filled, imputed, missing = _impute(frame, unit_of)
    filled.attrs["imputed"] = {name: int(count) for name, count in imputed["missing"].items()}
    filled.attrs["quarter"] = q.label
    return TrainingFeatures(q, filled, people, imputed, missing, unavailable)


# --- catalogue -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Program:
    """A training program of the catalogue.

    Attributes
    ----------
    code
        Identifier (``manajemen_waktu``).
    name
        Name shown in reports and lists ("Manajemen Waktu").
    description
        What it teaches, one sentence.
    jp
        Length in JP, when known.
    low, high
        Features whose low (z <= -threshold) or high (z >= threshold) value
        calls for the program; any one suffices.
    threshold
        The z-score threshold (positive).
    """

    code: str
    name: str
    description: str
    jp: float | None
    low: tuple[str, ...]
    high: tuple[str, ...]
    threshold: float

    def triggered_by(self, z: Mapping[str, float]) -> list[tuple[str, str, float]]:
        """The (feature, "low"/"high", z) of ``z`` that call for the program."""
        known = {name: float(value) for name, value in z.items() if not math.isnan(value)}
        found = [(f, "low", known[f]) for f in self.low if f in known and known[f] <= -self.threshold]
        found += [(f, "high", known[f]) for f in self.high if f in known and known[f] >= self.threshold]
        return found


@dataclass(frozen=True)
class Catalogue:
    """Training programs and the words that describe features.

    Attributes
    ----------
    programs
        Code -> program, in the file's order.
    threshold
        Default |z| from which a cluster mean counts as distinctive.
    phrases
        Feature -> {"low": sentence, "high": sentence} for descriptions.
    labels
        Feature -> short label (overrides :data:`FEATURES`).
    source
        The file read, or None.
    """

    programs: dict[str, Program]
    threshold: float
    phrases: dict[str, dict[str, str]]
    labels: dict[str, str]
    source: Path | None = None

    def names(self) -> dict[str, str]:
        """Program code -> name."""
        return {code: program.name for code, program in self.programs.items()}


_TOP_KEYS = ("threshold", "features", "programs")
_FEATURE_KEYS = ("label", "low", "high")
_PROGRAM_KEYS = ("name", "description", "jp", "low", "high", "threshold")


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Read and check the catalogue of training programs.

    The file (default ``parameters/training_catalogue.yaml``) is YAML::

        threshold: 0.8            # |z| from which a cluster mean is low or high
        features:                 # optional: words for the descriptions
          on_time_rate:
            label: tepat waktu
            low: Laporan harian sering terlambat
            high: Laporan harian tepat waktu
        programs:
          manajemen_waktu:
            name: Manajemen Waktu
            description: Merencanakan dan melaporkan pekerjaan tepat waktu
            jp: 16                # optional
            low: [on_time_rate]   # features whose low value calls for it
            high: []              # ... or whose high value does
            threshold: 1.0        # optional, overrides the default

    Parameters
    ----------
    path
        The YAML file; None for the project's catalogue.

    Returns
    -------
    Catalogue

    Raises
    ------
    DataError
        When the file cannot be read or is not YAML, or for an unknown key,
        an unknown feature, a program without a name or without any feature,
        or a threshold that is not a positive number; the message names the
        file and the key.
    """
    file = Path(path) if path is not None else CATALOGUE_PATH
    try:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataError(f"the training catalogue {file} cannot be read: {error.strerror}.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{file.name} is not valid YAML{where}: {getattr(error, 'problem', None) or error}.") from None

    def fail(key: str, problem: str) -> DataError:
        return DataError(f"{file.name}: key {key!r} {problem}.")

    def unknown(keys: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
        for key in keys:
            if key not in allowed:
                raise fail(f"{where}{key}", f"is unknown; the keys allowed here are {', '.join(allowed)}")

    def threshold_of(value: object, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
            raise fail(key, f"must be a positive number (a z-score such as 0.8), not {value!r}")
        return float(value)

    def text(value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise fail(key, f"must be a non-empty text, not {value!r}")
        return value.strip()

    if not isinstance(document, dict):
        raise DataError(f"{file.name} must be a mapping with the keys {', '.join(_TOP_KEYS)}.")
    unknown(document, _TOP_KEYS, "")
    threshold = threshold_of(document.get("threshold", 0.8), "threshold")

    labels: dict[str, str] = {}
    phrases: dict[str, dict[str, str]] = {}
    features = document.get("features") or {}
    if not isinstance(features, dict):
        raise fail("features", "must be a mapping of feature names to their words")
    for name, words in features.items():
        if name not in FEATURE_NAMES:
            raise fail(f"features.{name}", f"is not a feature; the features are {', '.join(FEATURE_NAMES)}")
        if not isinstance(words, dict):
            raise fail(f"features.{name}", "must be a mapping with label, low and high")
        unknown(words, _FEATURE_KEYS, f"features.{name}.")
        if "label" in words:
            labels[name] = text(words["label"], f"features.{name}.label")
        phrases[name] = {side: text(words[side], f"features.{name}.{side}") for side in ("low", "high")
                         if side in words}

    programs: dict[str, Program] = {}
    entries = document.get("programs")
    if not isinstance(entries, dict) or not entries:
        raise fail("programs", "must be a mapping of program codes to programs, with at least one program")
    for code, entry in entries.items():
        where = f"programs.{code}"
        if not isinstance(code, str) or not code.isidentifier():
            raise fail(where, "must be a code of letters, digits and underscores, such as manajemen_waktu")
        if not isinstance(entry, dict):
            raise fail(where, "must be a mapping with name, description, jp, low, high and threshold")
        unknown(entry, _PROGRAM_KEYS, f"{where}.")
        if "name" not in entry:
            raise fail(f"{where}.name", "is missing; give the program's name")
        sides = {}
        for side in ("low", "high"):
            listed = entry.get(side) or []
            if isinstance(listed, str):
                listed = [listed]
            if not isinstance(listed, list):
                raise fail(f"{where}.{side}", "must be a list of feature names")
            for feature in listed:
                if feature not in FEATURE_NAMES:
                    raise fail(f"{where}.{side}", f"names {feature!r}, which is not a feature; the features are "
                                                  f"{', '.join(FEATURE_NAMES)}")
            sides[side] = tuple(listed)
        if not sides["low"] and not sides["high"]:
            raise fail(where, "names no feature; give at least one under low or high")
        jp = entry.get("jp")
        if jp is not None and (isinstance(jp, bool) or not isinstance(jp, (int, float)) or jp <= 0):
            raise fail(f"{where}.jp", f"must be a positive number of JP, not {jp!r}")
        programs[code] = Program(
            code=code, name=text(entry["name"], f"{where}.name"),
            description=text(entry["description"], f"{where}.description") if "description" in entry else "",
            jp=float(jp) if jp is not None else None, low=sides["low"], high=sides["high"],
            threshold=threshold_of(entry["threshold"], f"{where}.threshold") if "threshold" in entry else threshold,
        )
    return Catalogue(programs, threshold, phrases, labels, file)


# --- describing clusters ---------------------------------------------------------------------------


def _label(name: str, catalogue: Catalogue) -> str:
    if name in catalogue.labels:
        return catalogue.labels[name]
    return _FEATURES[name].label if name in _FEATURES else name


def _show_value(name: str, value: float, language: str = "id") -> str:
    style = _FEATURES[name].style if name in _FEATURES else ""
    if style == "percent":
        return percent(value, 0, language)
    if style == "score":
        return number(value, 1, language)
    if style == "nrr":
        return number(value, 2, language)
    if style == "rate":
        return number(value, 1, language)
    if style == "jp":
        return f"{number(value, 0, language)} JP"
    if style == "years":
        return f"{number(value, 1, language)} tahun"
    return number(value, 2, language)


def _show_z(z: float) -> str:
    return ("+" if z > 0 else "") + number(z, 1)


def reason_phrase(name: str, side: str, catalogue: Catalogue) -> str:
    """Return the catalogue's words for a feature being low or high, e.g. "Laporan harian jarang"."""
    found = catalogue.phrases.get(name, {}).get(side)
    if found:
        return found
    label = _label(name, catalogue)
    return f"{label[:1].upper()}{label[1:]} {'rendah' if side == 'low' else 'tinggi'}"


def _default(catalogue: Catalogue | None) -> Catalogue:
    return load_catalogue() if catalogue is None else catalogue


def _frame_and_mask(features: TrainingFeatures | pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    if isinstance(features, TrainingFeatures):
        return features.features, features.missing
    if isinstance(features, pd.DataFrame):
        return features, pd.DataFrame(False, index=features.index, columns=features.columns)
    raise TypeError(f"features must be a TrainingFeatures or a DataFrame, not {type(features).__name__}.")


def _clusters_of(clusterer: TrainingNeedClusterer, frame: pd.DataFrame) -> pd.Series:
    used = list(getattr(clusterer, "feature_names_in_", clusterer.feature_names_))
    absent = [name for name in used if name not in frame.columns]
    if absent:
        raise ValueError(f"features lack the column(s) {', '.join(absent)} the clusterer was fitted on.")
    return pd.Series(clusterer.predict(frame[used]), index=frame.index, name="cluster")


def _is_unit_feature(name: str) -> bool:
    return name in _FEATURES and _FEATURES[name].level == "unit"


def describe_clusters(clusterer: TrainingNeedClusterer, catalogue: Catalogue | None = None,
                      features: TrainingFeatures | pd.DataFrame | None = None, *,
                      max_features: int = 3) -> pd.DataFrame:
    """Describe each cluster in Indonesian from its distinctive features, and name its programs.

    A feature is distinctive for a cluster when the cluster's mean is at
    least ``catalogue.threshold`` standard deviations from the whole
    sample's mean. The description lists the most distinctive ones, e.g.
    "Laporan harian sering terlambat (tepat waktu 21%, z = -2,4)". A program
    applies when one of its features is low (z at or below minus the
    program's threshold) or high, as the catalogue says.

    Parameters
    ----------
    clusterer
        A fitted :class:`~kinerja.training.clustering.TrainingNeedClusterer`.
    catalogue
        The programs; None reads the project's catalogue.
    features
        None profiles the clusters on the columns they were formed on
        (``clusterer.profiles_``). A :class:`TrainingFeatures` or a
        DataFrame profiles them on all its individual columns, clustered or
        not (each row's cluster is ``clusterer.predict``); unit features are
        left to :func:`recommend`, which judges them per unit.
    max_features
        Distinctive features named per cluster, most distinctive first.

    Returns
    -------
    pandas.DataFrame
        Indexed by cluster: ``size``, ``share`` (0-1), ``description``,
        ``programs`` (tuple of program codes, catalogue order),
        ``program_names`` (names joined by ", "; "–" for none) and
        ``distinctive`` (dict feature -> z of the distinctive features).
    """
    catalogue = _default(catalogue)
    if isinstance(max_features, bool) or not isinstance(max_features, int) or max_features < 1:
        raise ValueError(f"max_features must be a whole number of 1 or more, not {max_features!r}.")
    if features is None:
        profiles, means, sizes = clusterer.profiles_, clusterer.cluster_means_, clusterer.cluster_sizes_
    else:
        frame, _ = _frame_and_mask(features)
        labels = _clusters_of(clusterer, frame)
        columns = [name for name in frame.columns if not _is_unit_feature(name)]
        profiles, means, sizes = cluster_profiles(frame[columns], labels.to_numpy())
        clusters = pd.Index(range(clusterer.n_clusters_), name="cluster")
        profiles, means = profiles.reindex(clusters), means.reindex(clusters)
        sizes = sizes.reindex(clusters, fill_value=0)
    total = int(sizes.sum())
    rows = []
    for cluster in profiles.index:
        z = profiles.loc[cluster].dropna()
        distinctive = z[z.abs() >= catalogue.threshold]
        distinctive = distinctive.reindex(distinctive.abs().sort_values(ascending=False, kind="stable").index)
        parts = []
        for name in distinctive.index[:max_features]:
            side = "low" if z[name] < 0 else "high"
            parts.append(f"{reason_phrase(name, side, catalogue)} ({_label(name, catalogue)} "
                         f"{_show_value(name, float(means.loc[cluster, name]))}, z = {_show_z(float(z[name]))})")
        description = "; ".join(parts) if parts else "Tidak ada ciri yang menonjol; profil mendekati rata-rata"
        codes = tuple(code for code, program in catalogue.programs.items() if program.triggered_by(z.to_dict()))
        rows.append({"cluster": int(cluster), "size": int(sizes[cluster]),
                     "share": float(sizes[cluster] / total) if total else float("nan"),
                     "description": description, "programs": codes,
                     "program_names": ", ".join(catalogue.programs[c].name for c in codes) or "–",
                     "distinctive": {name: round(float(value), 3) for name, value in distinctive.items()}})
    return pd.DataFrame(rows).set_index("cluster")


# --- recommendations -------------------------------------------------------------------------------


def _unit_z(values: pd.Series, imputed: pd.Series, units: pd.Series) -> pd.Series:
    """z-score of a unit feature across units (each once; imputed units excluded and given NaN)."""
    per_unit = values[~imputed].groupby(units[~imputed]).first()
    spread = per_unit.std(ddof=0)
    if len(per_unit) < 2 or not spread > 1e-12:
        return pd.Series(np.nan, index=values.index)
    return units.map((per_unit - per_unit.mean()) / spread).astype("float64")


def unit_triggers(features: TrainingFeatures | pd.DataFrame, catalogue: Catalogue | None = None, *,
                  people: pd.DataFrame | None = None) -> pd.DataFrame:
    """Find the units whose survey or complaints call for a program.

    Each unit feature (NRR of perilaku and kompetensi pelaksana, complaints
    per 100 ASN) is turned into a z-score across units, each unit counted
    once, leaving out units whose value was imputed (no survey in the year):
    these never trigger. A program applies to a unit when one of its unit
    features is low or high by the program's threshold.

    Returns
    -------
    pandas.DataFrame
        One row per unit and program triggered: ``unit_code``, ``program``,
        ``feature``, ``side`` ("low"/"high"), ``value``, ``z`` and
        ``reason`` (Indonesian).
    """
    catalogue = _default(catalogue)
    frame, missing = _frame_and_mask(features)
    if people is None and isinstance(features, TrainingFeatures):
        people = features.people
    columns = ["unit_code", "program", "feature", "side", "value", "z", "reason"]
    if people is None or "unit_code" not in people:
        return pd.DataFrame(columns=columns)
    units = people["unit_code"].reindex(frame.index)
    rows = []
    for name in [c for c in frame.columns if _is_unit_feature(c)]:
        z = _unit_z(frame[name], missing[name], units).groupby(units).first().dropna()
        value = frame[name].groupby(units).first()
        for code, program in catalogue.programs.items():
            for unit, score in z.items():
                for feature, side, found in program.triggered_by({name: float(score)}):
                    rows.append({"unit_code": unit, "program": code, "feature": feature, "side": side,
                                 "value": float(value[unit]), "z": found,
                                 "reason": f"{reason_phrase(feature, side, catalogue)} ({_label(feature, catalogue)} "
                                           f"{_show_value(feature, float(value[unit]))}, z = {_show_z(found)})"})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["unit_code", "program"], kind="stable").reset_index(drop=True)


def recommend(clusterer: TrainingNeedClusterer, features: TrainingFeatures | pd.DataFrame,
              catalogue: Catalogue | None = None, *, people: pd.DataFrame | None = None,
              min_jp: float = MIN_JP_PER_YEAR) -> pd.DataFrame:
    """Give each ASN the training programs of their cluster, and flag who is short of JP.

    An ASN gets the programs of their cluster (:func:`describe_clusters`,
    profiling the clusters on every individual feature of ``features``),
    plus the programs their unit's survey or complaints call for
    (:func:`unit_triggers`). Whoever had fewer than ``min_jp`` JP in the 12
    months up to the quarter's end is flagged (PP 17/2020: at least 20 JP a
    year), whether or not a program is recommended.

    Parameters
    ----------
    clusterer
        A fitted clusterer; each ASN's cluster is ``clusterer.predict`` of
        their features.
    features
        The :class:`TrainingFeatures` of :func:`build_features` (or a
        DataFrame of features indexed by NIP).
    catalogue
        The programs; None reads the project's catalogue.
    people
        Index NIP: ``name``, ``unit_code``, ``unit_name``; taken from
        ``features`` when it is a TrainingFeatures.
    min_jp
        JP a year below which an ASN is flagged.

    Returns
    -------
    pandas.DataFrame
        Index ``nip``: ``name``, ``unit_code``, ``unit_name`` (when known),
        ``cluster``, ``programs`` (tuple of codes, catalogue order),
        ``program_names``, ``reasons`` (why, in Indonesian),
        ``jp_last_12_months`` and ``below_min_jp`` (missing when JP is
        unknown). ``attrs["program_names"]`` maps codes to names.
    """
    catalogue = _default(catalogue)
    if isinstance(min_jp, bool) or not isinstance(min_jp, (int, float)) or not min_jp >= 0:
        raise ValueError(f"min_jp must be a number of JP, 0 or more, not {min_jp!r}.")
    frame, _ = _frame_and_mask(features)
    if people is None and isinstance(features, TrainingFeatures):
        people = features.people
    clusters = _clusters_of(clusterer, frame)
    described = describe_clusters(clusterer, catalogue, features)
    by_unit = unit_triggers(features, catalogue, people=people)
    unit_programs = by_unit.groupby("unit_code")[["program", "reason"]].agg(list)
    units = people["unit_code"].reindex(frame.index) if people is not None and "unit_code" in people else None

    programs, names, reasons = [], [], []
    for nip, cluster in clusters.items():
        codes = set(described.loc[cluster, "programs"])
        why = [f"klaster {cluster}: {described.loc[cluster, 'program_names']}"] if codes else []
        unit = units[nip] if units is not None else None
        if unit is not None and unit in unit_programs.index:
            for code, reason in zip(unit_programs.loc[unit, "program"], unit_programs.loc[unit, "reason"]):
                if code not in codes:
                    codes.add(code)
                    why.append(f"unit: {reason} -> {catalogue.programs[code].name}")
        order = tuple(code for code in catalogue.programs if code in codes)
        programs.append(order)
        names.append(", ".join(catalogue.programs[c].name for c in order) or "–")
        reasons.append("; ".join(why))
    result = pd.DataFrame(index=frame.index)
    if people is not None:
        for column in ("name", "unit_code", "unit_name"):
            if column in people:
                result[column] = people[column].reindex(frame.index)
    result["cluster"] = clusters.astype("int64")
    result["programs"] = pd.Series(programs, index=frame.index, dtype="object")
    result["program_names"] = pd.Series(names, index=frame.index, dtype="str")
    result["reasons"] = pd.Series(reasons, index=frame.index, dtype="str")
    if "jp_last_12_months" in frame.columns:
        result["jp_last_12_months"] = frame["jp_last_12_months"].astype("float64")
        result["below_min_jp"] = (frame["jp_last_12_months"] < min_jp).astype("boolean")
    else:
        result["jp_last_12_months"] = np.nan
        result["below_min_jp"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    result.attrs["program_names"] = catalogue.names()
    result.attrs["min_jp"] = float(min_jp)
    return result


# --- participant lists -----------------------------------------------------------------------------


_LIST_COLUMNS = ["program", "program_name", "batch", "nip", "name", "unit_code", "unit_name", "jp_last_12_months",
                 "below_min_jp"]


def _long(recommendations: pd.DataFrame, people: pd.DataFrame | None) -> pd.DataFrame:
    if "programs" not in recommendations.columns:
        raise ValueError("recommendations lack the 'programs' column; pass the result of recommend().")
    frame = recommendations.copy()
    if people is not None:
        for column in ("name", "unit_code", "unit_name"):
            if column in people.columns:
                frame[column] = people[column].reindex(frame.index)
    for column in ("name", "unit_code", "unit_name"):
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
    if "jp_last_12_months" not in frame.columns:
        frame["jp_last_12_months"] = np.nan
    if "below_min_jp" not in frame.columns:
        frame["below_min_jp"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    frame = frame.rename_axis("nip").reset_index()
    frame["program"] = frame["programs"].map(lambda codes: list(codes) if codes else [])
    return frame.explode("program").dropna(subset=["program"])


def participant_lists(recommendations: pd.DataFrame, people: pd.DataFrame | None = None,
                      capacity: int = DEFAULT_CAPACITY, *,
                      program_names: Mapping[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """Cut each program's participants into batches (angkatan) of at most ``capacity``.

    Within a program, ASN below the JP minimum come first (their right to
    training is not yet met), then by unit and name, so that colleagues tend
    to share a batch; batches are filled in that order.

    Parameters
    ----------
    recommendations
        The result of :func:`recommend` (index NIP, ``programs``).
    people
        Index NIP: ``name``, ``unit_code``, ``unit_name``; only needed when
        the recommendations lack them.
    capacity
        Most participants per batch (a whole number, 1 or more).
    program_names
        Code -> name; default ``recommendations.attrs["program_names"]``.

    Returns
    -------
    dict of str to pandas.DataFrame
        Per program code with participants, in catalogue order: ``program``,
        ``program_name``, ``batch`` (1, 2, ...), ``nip``, ``name``,
        ``unit_code``, ``unit_name``, ``jp_last_12_months``,
        ``below_min_jp``.
    """
    if isinstance(capacity, bool) or not isinstance(capacity, (int, np.integer)) or capacity < 1:
        raise ValueError(f"capacity must be a whole number of participants, 1 or more, not {capacity!r}.")
    names = dict(program_names or recommendations.attrs.get("program_names") or {})
    long = _long(recommendations, people)
    order = list(names) + sorted(set(long["program"]) - set(names))
    lists: dict[str, pd.DataFrame] = {}
    for code in order:
        rows = long[long["program"] == code].copy()
        if rows.empty:
            continue
        rows["_first"] = ~rows["below_min_jp"].fillna(False).astype(bool)
        rows = rows.sort_values(["_first", "unit_code", "name", "nip"], kind="stable", na_position="last")
        rows["batch"] = np.arange(len(rows)) // int(capacity) + 1
        rows["program_name"] = names.get(code, code)
        lists[code] = rows[_LIST_COLUMNS].reset_index(drop=True)
    return lists


def program_counts(recommendations: pd.DataFrame, people: pd.DataFrame | None = None, *,
                   program_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Count the recommended participants per program and unit, without names, for reports.

    Returns
    -------
    pandas.DataFrame
        One row per program and unit with participants: ``program``,
        ``program_name``, ``unit_code``, ``unit_name``, ``participants`` and
        ``below_min_jp`` (of them, how many had fewer JP than the minimum),
        sorted by program (catalogue order) and unit.
    """
    names = dict(program_names or recommendations.attrs.get("program_names") or {})
    long = _long(recommendations, people)
    long["below"] = long["below_min_jp"].fillna(False).astype(bool)
    counts = long.groupby(["program", "unit_code"], sort=False, dropna=False).agg(
        unit_name=("unit_name", "first"), participants=("nip", "size"), below_min_jp=("below", "sum"),
    ).reset_index()
    rank = {code: i for i, code in enumerate(names)}
    counts["_rank"] = counts["program"].map(lambda code: rank.get(code, len(rank)))
    counts = counts.sort_values(["_rank", "program", "unit_code"], kind="stable")
    counts["program_name"] = counts["program"].map(lambda code: names.get(code, code))
    counts = counts.astype({"participants": "int64", "below_min_jp": "int64"})
    return counts[["program", "program_name", "unit_code", "unit_name", "participants", "below_min_jp"]] \
        .reset_index(drop=True)


# --- reporting counts and stability ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SuppressedCounts:
    """A table of counts of people with the small cells hidden, from :func:`suppress_small_counts`.

    Attributes
    ----------
    counts
        The table (nullable ``Int64``), NA where a cell is hidden.
    primary
        True where a cell was hidden because it counts fewer than
        ``min_count`` people (but at least one).
    secondary
        True where a cell was hidden only so that a small cell cannot be
        worked out from its row or column total.
    min_count
        The threshold.
    """

    counts: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    min_count: int

    @property
    def hidden(self) -> pd.DataFrame:
        """True where a cell is hidden, for either reason."""
        return self.primary | self.secondary

    def labels(self, language: str = "id") -> pd.DataFrame:
        """The table as text for a report: a number, ``"<5"`` (too few people) or ``"*"`` (hidden with it)."""
        text = self.counts.astype("object").map(lambda v: "–" if v is pd.NA else number(int(v), 0, language))
        text = text.mask(self.primary, f"<{self.min_count}")
        return text.mask(self.secondary, "*")


def suppress_small_counts(counts: pd.DataFrame, min_count: int = DEFAULT_MIN_CELL) -> SuppressedCounts:
    """Hide the cells of a table of counts that describe fewer than ``min_count`` people.

    A cell of 1 to ``min_count`` - 1 is hidden (primary suppression); zero
    is shown, since it describes nobody. Because reports also show row and
    column totals (people per unit, per cluster, per program), hidden cells
    could be worked out by subtraction: from a row or column with a single
    hidden cell, or with only small cells hidden whose sum leaves one
    possibility (two hidden cells summing to 2 are both 1). In such a line
    one more cell is hidden (secondary suppression): the smallest non-zero
    cell still shown, else the smallest shown (the first on a tie), so that
    the least information is lost. This repeats until no row or column is
    exposed. It is the usual heuristic, not an exact audit of every
    combination of totals.

    Parameters
    ----------
    counts
        Whole numbers of people, 0 or more, without missing values (e.g.
        ``pd.crosstab`` of units by cluster).
    min_count
        The smallest count shown (a whole number, 1 or more; 1 hides
        nothing).

    Returns
    -------
    SuppressedCounts
        The table with NA in the hidden cells, which cells were hidden and
        why, and :meth:`SuppressedCounts.labels` for display.

    Raises
    ------
    ValueError
        For a count that is missing, negative or not whole, or a bad
        ``min_count``.
    """
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a whole number of people, 1 or more, not {min_count!r}.")
    values = counts.apply(pd.to_numeric, errors="coerce").astype("float64")
    bad = values.isna() | (values < 0) | (values != np.floor(values))
    if bad.to_numpy().any():
        row, column = next((r, c) for r in counts.index for c in counts.columns if bad.loc[r, c])
        raise ValueError(f"counts must be whole numbers of 0 or more; the cell ({row!r}, {column!r}) holds "
                         f"{counts.loc[row, column]!r}.")
    matrix = values.to_numpy()
    primary = (matrix > 0) & (matrix < min_count)
    hidden = primary.copy()

    def exposed(hide: np.ndarray, small: np.ndarray, line: np.ndarray) -> bool:
        n = int(hide.sum())
        if n != 1 and (n == 0 or (hide & ~small).any()):
            return False  # nothing hidden, or a hidden cell of unknown size keeps the others safe
        total = line[hide].sum()
        return n == 1 or total == n or total == n * (min_count - 1)

    changed = True
    while changed:
        changed = False
        for hide, small, data in ((hidden, primary, matrix), (hidden.T, primary.T, matrix.T)):  # rows, columns
            for i in range(hide.shape[0]):
                shown = np.flatnonzero(~hide[i])
                if len(shown) and exposed(hide[i], small[i], data[i]):
                    positive = shown[data[i, shown] > 0]
                    candidates = positive if len(positive) else shown
                    hide[i, candidates[np.argmin(data[i, candidates])]] = True  # a view: marks ``hidden``
                    changed = True
    frame = pd.DataFrame(matrix, index=counts.index, columns=counts.columns).astype("int64").astype("Int64")
    primary_frame = pd.DataFrame(primary, index=counts.index, columns=counts.columns)
    secondary_frame = pd.DataFrame(hidden & ~primary, index=counts.index, columns=counts.columns)
    return SuppressedCounts(frame.mask(pd.DataFrame(hidden, index=counts.index, columns=counts.columns)),
                            primary_frame, secondary_frame, int(min_count))


STABILITY_BANDS: tuple[tuple[float, str, str], ...] = (
    (0.85, "sangat stabil",
     "pengelompokan hampir sama setiap kali data diambil ulang; klaster layak dipakai sebagai dasar usulan"),
    (0.75, "stabil",
     "pengelompokan sebagian besar terulang; sebagian kecil ASN di perbatasan klaster dapat berpindah"),
    (0.60, "cukup stabil",
     "pola umumnya terulang, tetapi cukup banyak ASN berpindah klaster; periksa usulan bersama atasan"),
    (-math.inf, "tidak stabil",
     "pengelompokan berubah bila data sedikit berubah; jangan dijadikan dasar usulan tanpa pemeriksaan"),
)
"""Mean adjusted Rand index from which clusters count as stable, with what that means.

The bands follow Hennig's (2007) reading of bootstrap stability (below
0.6 a cluster is not reliably found again; above 0.85 it is highly
stable), applied here to the adjusted Rand index of the whole partition.
"""


def stability_verdict(ari: float) -> tuple[str, str]:
    """Say in Indonesian how stable clusters are, from the mean adjusted Rand index of bootstrap refits.

    Parameters
    ----------
    ari
        ``TrainingNeedClusterer.stability_`` (NaN when not checked).

    Returns
    -------
    tuple of str
        A short verdict ("sangat stabil", "stabil", "cukup stabil", "tidak
        stabil" or "tidak diperiksa") and what it means for the
        recommendations (:data:`STABILITY_BANDS`).
    """
    value = float(ari)
    if math.isnan(value):
        return "tidak diperiksa", "kestabilan tidak diperiksa (tanpa pengambilan ulang bootstrap)"
    for low, verdict, meaning in STABILITY_BANDS:
        if value >= low:
            return verdict, meaning
    raise AssertionError("unreachable: the last band starts at minus infinity")


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters with which a spreadsheet may read a text as a formula."""
_RESTRICTED_NOTICE = ("TERBATAS - berisi nama dan NIP. Hanya untuk pengelola kepegawaian dan penyelenggara pelatihan; "
                      "jangan diunggah atau dibagikan lebih luas.")
_HEADERS = {"batch": "Angkatan", "no": "No", "nip": "NIP", "name": "Nama", "unit_code": "Kode Unit",
            "unit_name": "Unit Kerja", "jp_last_12_months": "JP 12 bulan terakhir",
            "below_min_jp": "Di bawah 20 JP"}


def safe_text(value: str) -> str:
    """Return text that no spreadsheet reads as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe (OWASP's advice against CSV/formula
    injection); the cell is still written as text. The apostrophe stays
    visible, and survives a later export to CSV.
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _sheet_title(name: str, used: set[str]) -> str:
    cleaned = "".join(" " if c in '[]:*?/\\' else c for c in name).strip().strip("'") or "Program"
    title, i = cleaned[:31], 2
    while title.lower() in used:
        suffix = f" ({i})"
        title, i = cleaned[:31 - len(suffix)] + suffix, i + 1
    used.add(title.lower())
    return title


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "ya" if value else "tidak"
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return safe_text(value)
    return safe_text(str(value))


def write_participant_lists(lists: Mapping[str, pd.DataFrame], path: str | os.PathLike[str]) -> Path:
    """Write participant lists to a restricted XLSX file: one sheet per program.

    Each sheet starts with a line saying the list is restricted, then a
    header and one row per participant: angkatan, number, NIP (as text, so
    Excel keeps all 18 digits), name, unit, JP of the last 12 months and
    whether it is below 20 JP. Every text goes through :func:`safe_text`,
    so a name or unit that starts with ``=``, ``+``, ``-`` or ``@`` is shown
    as text with a leading apostrophe and never runs as a formula. The file
    is written next to ``path`` and renamed into place, readable by its
    owner only (mode 600).

    Parameters
    ----------
    lists
        The result of :func:`participant_lists`.
    path
        The XLSX file to write; put it in a run's ``restricted/`` folder.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    columns = ["batch", "no", "nip", "name", "unit_code", "unit_name", "jp_last_12_months", "below_min_jp"]
    for code, frame in lists.items():
        name = str(frame["program_name"].iloc[0]) if len(frame) and "program_name" in frame else str(code)
        sheet = workbook.create_sheet(_sheet_title(name, used))
        sheet.append([_cell(_RESTRICTED_NOTICE)])
        sheet["A1"].font = Font(bold=True, color="C00000")
        sheet.append([_cell(f"Program: {name}")])
        sheet.append([_HEADERS[c] for c in columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        numbered = frame.assign(no=frame.groupby("batch").cumcount() + 1) if len(frame) else frame.assign(no=[])
        for row in numbered.itertuples(index=False):
            values = [_cell(getattr(row, c, None)) for c in columns]
            sheet.append(values)
            sheet.cell(row=sheet.max_row, column=3).number_format = "@"
        for letter, width in zip("ABCDEFGH", (9, 5, 21, 32, 11, 36, 12, 10)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A4"
    if not workbook.sheetnames:
        sheet = workbook.create_sheet("Peserta")
        sheet.append([_RESTRICTED_NOTICE])
        sheet.append(["Tidak ada peserta yang direkomendasikan."])
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        workbook.save(scratch)
        os.chmod(scratch, 0o600)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return target
