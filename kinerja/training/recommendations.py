"""Recommendations: what each cluster and unit needs, in Indonesian, and which programs each ASN gets.

:func:`describe_clusters` explains each cluster from its distinctive features
and names its programs (:func:`describe_profiles` does so from stored
profiles, without the clusterer); :func:`unit_triggers` finds the units whose survey or
complaints call for a program; :func:`recommend` gives each ASN the programs
of their cluster and unit and flags the PNS who had fewer than 20 JP in the
last year; :func:`stability_verdict` says in words how far the clusters can be
trusted.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kinerja.core.formatting import number, percent
from kinerja.core.text import say
from kinerja.training.catalogue import Catalogue, load_catalogue
from kinerja.training.clustering import TrainingNeedClusterer, cluster_profiles
from kinerja.training.features import _FEATURES, TrainingFeatures, frame_and_mask
from kinerja.training.rules import TrainingStandards, own_reasons

__all__ = [
    "MIN_JP_PER_YEAR",
    "STABILITY_BANDS",
    "describe_clusters",
    "describe_profiles",
    "reason_phrase",
    "recommend",
    "stability_verdict",
    "unit_triggers",
]

MIN_JP_PER_YEAR = 20.0
"""JP of competency development every PNS has the right to each year (PP 11/2017 art. 203(4), as amended by PP 17/2020).

The right is a PNS's: a PPPK's competency development is limited to at most
24 JP a year (PP 49/2018 art. 40), so a PPPK with fewer JP is not short of a right.
"""


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


def reason_phrase(name: str, side: str, catalogue: Catalogue) -> str:
    """Return the catalogue's words for a feature being low or high, e.g. "Laporan harian jarang"."""
    found = catalogue.phrases.get(name, {}).get(side)
    if found:
        return found
    label = _label(name, catalogue)
    return f"{label[:1].upper()}{label[1:]} {'rendah' if side == 'low' else 'tinggi'}"


def _default(catalogue: Catalogue | None) -> Catalogue:
    return load_catalogue() if catalogue is None else catalogue


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
                      max_features: int = 3, language: str = "id") -> pd.DataFrame:
    """Describe each cluster as a group: the group averages that stand out from those of all ASN.

    A feature is distinctive for a cluster when the cluster's mean is at
    least ``catalogue.threshold`` standard deviations from the whole
    sample's mean. The description names the group's average and that of
    all ASN, e.g. "rata-rata kelompok: tepat waktu 21% (seluruh ASN 74%)";
    no z-score is shown. Clusters describe groups for planning; they propose
    no programme (a person's programmes come from their own figures,
    :func:`recommend`).

    Parameters
    ----------
    clusterer
        A fitted :class:`~kinerja.training.clustering.TrainingNeedClusterer`.
    catalogue
        The words and threshold; None reads the project's catalogue.
    features
        None profiles the clusters on the columns they were formed on
        (``clusterer.profiles_``). A :class:`TrainingFeatures` or a
        DataFrame profiles them on all its individual columns, clustered or
        not (each row's cluster is ``clusterer.predict``).
    max_features
        Distinctive features named per cluster, most distinctive first.
    language
        The language of the description.

    Returns
    -------
    pandas.DataFrame
        Indexed by cluster: ``size``, ``share`` (0-1), ``description`` and
        ``distinctive`` (dict feature -> z of the distinctive features).
    """
    catalogue = _default(catalogue)
    if features is None:
        profiles, means, sizes = clusterer.profiles_, clusterer.cluster_means_, clusterer.cluster_sizes_
    else:
        frame, _ = frame_and_mask(features)
        labels = _clusters_of(clusterer, frame)
        columns = [name for name in frame.columns if not _is_unit_feature(name)]
        profiles, means, sizes = cluster_profiles(frame[columns], labels.to_numpy())
        clusters = pd.Index(range(clusterer.n_clusters_), name="cluster")
        profiles, means = profiles.reindex(clusters), means.reindex(clusters)
        sizes = sizes.reindex(clusters, fill_value=0)
    return describe_profiles(profiles, means, sizes, catalogue, max_features=max_features, language=language)


def _check_max_features(max_features: int) -> None:
    if isinstance(max_features, bool) or not isinstance(max_features, int) or max_features < 1:
        raise ValueError(f"max_features must be a whole number of 1 or more, not {max_features!r}.")


def describe_profiles(profiles: pd.DataFrame, means: pd.DataFrame, sizes: pd.Series,
                      catalogue: Catalogue | None = None, *, max_features: int = 3,
                      language: str = "id") -> pd.DataFrame:
    """Describe clusters from their profiles, as :func:`describe_clusters` does, without the clusterer.

    This is how the clusters of a stored evaluation
    (:class:`kinerja.quarter.evaluation.TrainingNeed`) are described: its
    ``profiles`` and each ASN's cluster are kept, the fitted model is not.

    Parameters
    ----------
    profiles
        Indexed by cluster: the mean z-score of each feature
        (:func:`~kinerja.training.clustering.cluster_profiles`), which picks the distinctive features.
    means
        The same cluster means in the features' own units, for the description;
        weighted by ``sizes`` they give the mean of all ASN.
    sizes
        ASN per cluster.
    catalogue
        The words and threshold; None reads the project's catalogue.
    max_features
        Distinctive features named per cluster, most distinctive first.
    language
        The language of the description.

    Returns
    -------
    pandas.DataFrame
        As :func:`describe_clusters`.
    """
    catalogue = _default(catalogue)
    _check_max_features(max_features)
    total = int(sizes.sum())
    overall = means.mul(sizes, axis=0).sum() / total if total else means.mean()
    rows = []
    for cluster in profiles.index:
        z = profiles.loc[cluster].dropna()
        distinctive = z[z.abs() >= catalogue.threshold]
        distinctive = distinctive.reindex(distinctive.abs().sort_values(ascending=False, kind="stable").index)
        parts = [say("klaster.group_average", language, label=_label(name, catalogue),
                     value=_show_value(name, float(means.loc[cluster, name]), language),
                     overall=_show_value(name, float(overall[name]), language))
                 for name in distinctive.index[:max_features]]
        rows.append({"cluster": int(cluster), "size": int(sizes[cluster]),
                     "share": float(sizes[cluster] / total) if total else float("nan"),
                     "description": "; ".join(parts) if parts else say("klaster.group_ordinary", language),
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
    frame, missing = frame_and_mask(features)
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
                                 # The sentence is read by leadership and by the unit's ASN: the unit's own value,
                                 # not the z-score (which stays in the ``z`` column).
                                 "reason": f"{reason_phrase(feature, side, catalogue)} ({_label(feature, catalogue)} "
                                           f"{_show_value(feature, float(value[unit]))})"})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["unit_code", "program"], kind="stable").reset_index(drop=True)


def recommend(clusterer: TrainingNeedClusterer, features: TrainingFeatures | pd.DataFrame,
              catalogue: Catalogue | None = None, *, people: pd.DataFrame | None = None,
              min_jp: float = MIN_JP_PER_YEAR, standards: TrainingStandards | None = None,
              predikat: pd.DataFrame | None = None) -> pd.DataFrame:
    """Give each ASN the programmes their own figures call for, and flag the PNS short of JP.

    An ASN gets a programme when one of their own figures misses a fixed
    standard (:func:`~kinerja.training.rules.own_reasons`: capaian, a
    BerAKHLAK value, the reporting rate, the predikat), plus the programmes
    their unit's survey or complaints call for (:func:`unit_triggers`, a
    reason about the unit). Their cluster is recorded for planning, and
    proposes nothing. A PNS who had fewer than ``min_jp`` JP in the 12
    months up to the quarter's end is flagged, whether or not a programme
    is recommended: at least 20 JP a year is a PNS's right (PP 11/2017 art.
    203(4), as amended by PP 17/2020). A PPPK is never flagged: their
    competency development is limited to at most 24 JP a year (PP 49/2018
    art. 40), so fewer JP is no denied right.

    Parameters
    ----------
    clusterer
        A fitted clusterer; each ASN's cluster is ``clusterer.predict`` of
        their features.
    features
        The :class:`TrainingFeatures` of :func:`build_features` (or a
        DataFrame of features indexed by NIP, none of them imputed).
    catalogue
        The programs; None reads the project's catalogue.
    people
        Index NIP: ``name``, ``unit_code``, ``unit_name``,
        ``employment_type`` ("PNS", "PPPK" or missing); taken from
        ``features`` when it is a TrainingFeatures.
    min_jp
        JP a year below which a PNS is flagged.
    standards
        The standards of the rules; None for the defaults.
    predikat
        Index NIP: the quarter's ``predikat`` and ``hasil_kerja_rating``; None leaves the predikat rule out.

    Returns
    -------
    pandas.DataFrame
        Index ``nip``: ``name``, ``unit_code``, ``unit_name``,
        ``employment_type`` (when known), ``cluster``, ``programs`` (tuple
        of codes, catalogue order), ``program_names``, ``jp_last_12_months``
        and ``below_min_jp``: True for a PNS under ``min_jp``, False for a
        PNS at or above it and for every PPPK, missing when the JP or the
        employment type is unknown. ``attrs["program_names"]`` maps codes to
        names. Why each programme: :func:`~kinerja.training.rules.own_reasons`
        and :func:`unit_triggers`.
    """
    catalogue = _default(catalogue)
    if isinstance(min_jp, bool) or not isinstance(min_jp, (int, float)) or not min_jp >= 0:
        raise ValueError(f"min_jp must be a number of JP, 0 or more, not {min_jp!r}.")
    frame, _ = frame_and_mask(features)
    if people is None and isinstance(features, TrainingFeatures):
        people = features.people
    own = own_reasons(features, catalogue, standards, predikat=predikat)
    by_unit = unit_triggers(features, catalogue, people=people)
    codes = own.groupby("nip")["program"].agg(set).reindex(frame.index)
    codes = codes.where(codes.notna(), pd.Series([set()] * len(frame), index=frame.index, dtype="object"))
    if people is not None and "unit_code" in people:
        unit_programs = by_unit.groupby("unit_code")["program"].agg(set)
        units = people["unit_code"].reindex(frame.index)
        codes = pd.Series([found | unit_programs.get(unit, set()) for found, unit in zip(codes, units)],
                          index=frame.index, dtype="object")
    programs = codes.map(lambda found: tuple(code for code in catalogue.programs if code in found))
    result = pd.DataFrame(index=frame.index)
    if people is not None:
        for column in ("name", "unit_code", "unit_name", "employment_type"):
            if column in people:
                result[column] = people[column].reindex(frame.index)
    result["cluster"] = _clusters_of(clusterer, frame).astype("int64")
    result["programs"] = programs.astype("object")
    result["program_names"] = programs.map(lambda found: ", ".join(catalogue.programs[c].name for c in found)
                                           or "–").astype("str")
    result["jp_last_12_months"] = frame["jp_last_12_months"].astype("float64") \
        if "jp_last_12_months" in frame.columns else np.nan
    kinds = people["employment_type"].reindex(frame.index) \
        if people is not None and "employment_type" in people else pd.Series(None, index=frame.index, dtype="object")
    below = pd.Series(result["jp_last_12_months"] < min_jp, dtype="boolean").where(kinds == "PNS", False)
    result["below_min_jp"] = below.mask(result["jp_last_12_months"].isna() | ~kinds.isin(["PNS", "PPPK"]))
    result.attrs["program_names"] = catalogue.names()
    result.attrs["min_jp"] = float(min_jp)
    return result


# --- stability ------------------------------------------------------------------------------------


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

