"""Training-need features: one row of numbers per ASN for a quarter, missing values imputed and counted.

:func:`build_features` turns a quarter's data into the table below; the
clusterer (:class:`kinerja.training.clustering.TrainingNeedClusterer`) groups
the ASN on :data:`CLUSTER_FEATURES` (why these: see there), and
:mod:`kinerja.training.recommendations` names the groups' needs.

Features
--------
==================================  ==========================================  =================  ==========
feature                             source                                      unit               level
==================================  ==========================================  =================  ==========
``skp_attainment``                  SKP capaian of the quarter                  share (1 = 100 %)  individual
                                    (:func:`kinerja.metrics.skp.capaian_per_employee`)
``reporting_rate``                  e-Kinerja: available days with a report /   share 0-1          individual
                                    available days, absences left out (:func:`
                                    kinerja.metrics.ekinerja.employee_reporting`)
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
  year, is left out and named in ``TrainingFeatures.unavailable``; so is
  ``jp_last_12_months`` when the trainings table does not cover the 12
  months fully (:func:`jp_unknown`): a count over part of the year is not
  the year's. A feature
  that no ASN has at all (e.g. a quarter without SKP) raises
  :class:`~kinerja.core.errors.DataError`.

Every imputed value is counted in ``TrainingFeatures.imputed`` (per feature:
missing, filled with the unit median, filled with the overall median) and
marked in ``TrainingFeatures.missing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from kinerja.core.errors import DataError
from kinerja.core.nip import employment_type
from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import BERAKHLAK
from kinerja.metrics import known
from kinerja.metrics.complaints import complaint_volume
from kinerja.metrics.ekinerja import DEFAULT_LATE_TOLERANCE_DAYS, employee_reporting
from kinerja.metrics.known import Reason
from kinerja.metrics.skp import (
    ABOVE,
    BELOW,
    MEETS,
    capaian_per_employee,
    normalise_rating,
)

__all__ = [
    "BERAKHLAK_SCORES",
    "CLUSTER_FEATURES",
    "FEATURES",
    "FEATURE_NAMES",
    "INTERPERSONAL_VALUES",
    "Feature",
    "TrainingFeatures",
    "build_features",
    "jp_unknown",
    "jp_window",
    "tenure_years",
]

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
BERAKHLAK_NAMES: tuple[str, ...] = tuple(name for name, _ in BERAKHLAK)
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
  profiled per cluster
  (:func:`~kinerja.training.recommendations.describe_clusters` with
  ``features``), so a cluster low on them gets its program;
- the unit features (NRR of the unit's survey, complaint rate): everyone in a
  unit shares them, so after standardising they split the ASN by unit, and
  k-means then finds the units rather than needs. They enter the
  recommendations per unit instead
  (:func:`~kinerja.training.recommendations.recommend`);
- ``jp_last_12_months``: training already received says what was offered,
  not what is needed; it drives the 20-JP flag instead;
- ``tenure_years``: not a need in itself, and with its wide spread it would
  pull clusters apart by length of service.

Any other choice is one argument away: the clusterer takes any columns.
"""



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
        Index ``nip``: ``name``, ``unit_code``, ``unit_name`` and
        ``employment_type`` ("PNS", "PPPK", or None when neither the employees
        table nor the NIP tells: :func:`kinerja.core.nip.employment_type`);
        for participant lists and the JP rule, never for clustering.
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
    for name in BERAKHLAK_NAMES:
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


def jp_unknown(dataset: Dataset, quarter: Quarter | str) -> Reason | None:
    """Why the JP of the 12 months up to ``quarter`` cannot be counted, in every language; None when they can.

    They can when the trainings table covers each of the four quarters of
    :func:`jp_window` fully (:mod:`kinerja.data.coverage`): a count over the
    months present would call a year of training a shortfall.
    """
    q = Quarter.parse(quarter)
    if not dataset.has("trainings"):
        return known.reason("klaster.jp_unknown.no_table")
    span = known.coverage(dataset, "trainings")
    if known.covers_fully(span, Quarter.range(q.previous(3), q)):
        return None
    return known.in_languages(lambda language: say("klaster.jp_unknown.not_covered", language,
                                                   covers=span.describe(language)))


def _jp_last_year(dataset: Dataset, q: Quarter, nips: pd.Index) -> tuple[pd.Series, str | None]:
    why = jp_unknown(dataset, q)
    if why is not None:
        return pd.Series(dtype="float64"), why["en"]
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
    module docstring (``help(kinerja.training.features)``).

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
    # Whether the right to 20 JP a year applies: it is a PNS's, not a PPPK's.
    recorded = employees["employment_type"] if "employment_type" in employees else [None] * len(employees)
    people["employment_type"] = pd.Series([employment_type(kind, nip) for kind, nip in zip(recorded, people.index)],
                                          index=people.index, dtype="object")
    nips = people.index
    unit_of = people["unit_code"]

    columns: dict[str, pd.Series] = {}
    unavailable: dict[str, str] = {}
    columns["skp_attainment"] = _attainment(dataset, q, cap).reindex(nips)
    reporting = employee_reporting(dataset, q, late_tolerance_days=late_tolerance_days).set_index("nip")
    columns["reporting_rate"] = reporting["reporting_rate"].astype("float64").reindex(nips)
    columns["on_time_rate"] = reporting["on_time_rate"].astype("float64").reindex(nips)
    scores = _berakhlak_scores(dataset, q).reindex(nips)
    for name in BERAKHLAK_NAMES:
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


def frame_and_mask(features: TrainingFeatures | pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The features and the mask of imputed values (all False for a plain DataFrame, whose values are all observed)."""
    if isinstance(features, TrainingFeatures):
        return features.features, features.missing
    if isinstance(features, pd.DataFrame):
        return features, pd.DataFrame(False, index=features.index, columns=features.columns)
    raise TypeError(f"features must be a TrainingFeatures or a DataFrame, not {type(features).__name__}.")
