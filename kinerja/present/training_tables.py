"""What ``klaster_pelatihan`` shows: the training need's tables, sentences and figures, from the one evaluation.

:func:`training_page` gathers, once, what the page shows of the quarter's
:class:`~kinerja.quarter.evaluation.QuarterResults`: the training need (each
ASN's cluster and programmes, the cluster profiles, the unit triggers, the
stability), the catalogue it was computed with, the participant lists cut
into batches, the units and the run's privacy policy. Every function below
takes that :class:`TrainingPage` (or one of the need's diagnostics) and a
language, and returns a DataFrame for
:func:`kinerja.present.report.table`, a Markdown string or a figure of
:mod:`kinerja.present.plots`. The words come from the text catalogue
(``kinerja/core/text/klaster.yaml``), numbers are written as reports in that
language write them, and counts of people per unit go through the privacy
policy. Cluster descriptions, unit reasons and programme names are worded by
the training catalogue and stay as it words them.

A person's programmes come from their own figures against fixed standards
(:func:`kinerja.training.own_reasons`, tabled by :func:`standards_frame`)
and their unit's survey or complaints; clusters only describe groups, by
their averages, and not at all when the silhouette shows no clear group
structure (:attr:`TrainingPage.structured`). Batches are cut per programme
(ASN under 20 JP first, then by unit), never per cluster.

Figures another page also shows (clusters, programmes, participants and
batches, PNS under 20 JP, stability) come from the evaluation only. The
right to at least 20 JP a year is a PNS's (PP 11/2017 art. 203(4), as
amended by PP 17/2020); a PPPK's competency development is limited to 24 JP
(PP 49/2018 art. 40), so PPPK are never counted as short of JP, and shares
are of the PNS. The
diagnostics only this page shows (the imputation counts, the quality of the
clustering for each k, the principal components, the bootstrap refits) come
from the evaluation too: :class:`~kinerja.quarter.evaluation.TrainingNeed`
keeps them with the clusters they describe, so the page fits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kinerja import training
from kinerja.core.errors import DataError
from kinerja.core.formatting import long_date, number, percent
from kinerja.core.periods import Quarter
from kinerja.core.privacy import PrivacyPolicy
from kinerja.core.text import Phrases, phrases, say
from kinerja.data.dataset import Dataset
from kinerja.present import plots
from kinerja.present.report import (
    escape_markdown,
    language_name,
    privacy_name,
    quality_annex,
)
from kinerja.quarter.evaluation import QuarterOptions, QuarterResults, TrainingNeed

__all__ = [
    "ANNEX_TABLES",
    "TrainingPage",
    "annex",
    "attention",
    "clusters_by_unit",
    "clusters_frame",
    "features_frame",
    "headline_details",
    "headlines",
    "jp_by_unit",
    "jp_markdown",
    "parameter_values",
    "participant_file",
    "participants_by_unit",
    "participants_markdown",
    "pca_figure",
    "pca_weights",
    "profile_figure",
    "programs_frame",
    "quality_figure",
    "scores_frame",
    "small_note",
    "stability_markdown",
    "standards_frame",
    "summary_markdown",
    "training_page",
    "unavailable_markdown",
    "unit_triggers_frame",
    "unit_type_figure",
]

ANNEX_TABLES = ("units", "employees", "skp", "behaviour", "activities", "ikm_responses", "complaints", "trainings")
"""The tables the training need reads, in the order the data-quality annex lists them."""
UNSTABLE_VERDICTS = tuple(verdict for _, verdict, _ in training.STABILITY_BANDS[-2:])
"""The two lowest stability verdicts (:data:`kinerja.training.STABILITY_BANDS`): leadership is told about them."""
_PROFILE_LIMITS = (-2.5, 2.5)
"""The z-score colour range of the profile heatmap: wide enough for the planted needs, the same every quarter."""


def _words(language: str) -> Phrases:
    return phrases("klaster", language)


def _quarter(quarter: Quarter, language: str) -> str:
    return quarter.label_id if language == "id" else quarter.label_en


def _min_jp(language: str) -> str:
    return number(training.MIN_JP_PER_YEAR, 0, language)


def _feature_labels(catalogue: training.Catalogue) -> dict[str, str]:
    return {feature.name: feature.label for feature in training.FEATURES} | dict(catalogue.labels)


# --------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TrainingPage:
    """What the page shows of one quarter's training need; build it with :func:`training_page`.

    Attributes
    ----------
    quarter
        The evaluated quarter.
    options
        How the quarter was evaluated (k, method, random state, catalogue).
    need
        The evaluation's training need.
    catalogue
        The training catalogue the need was computed with.
    units
        Indexed by ``unit_code``: ``unit_name``, ``unit_type``; the units with
        ASN in the evaluation, in the units table's order.
    policy
        The run's privacy policy.
    capacity
        Most participants per batch.
    lists
        Per programme code with participants: the participants in batches
        (:func:`kinerja.training.participant_lists`).
    jp_unknown
        Why the JP of the last 12 months cannot be counted, per language; None when they can.
    """

    quarter: Quarter
    options: QuarterOptions
    need: TrainingNeed
    catalogue: training.Catalogue
    units: pd.DataFrame
    policy: PrivacyPolicy
    capacity: int
    lists: dict[str, pd.DataFrame]
    jp_unknown: dict[str, str] | None = None

    @property
    def recommendations(self) -> pd.DataFrame:
        """One row per ASN (index NIP): ``cluster``, ``programs``, ``unit_code``, JP and the 20-JP flag."""
        return self.need.recommendations

    @property
    def n_clusters(self) -> int:
        """The number of clusters."""
        return len(self.need.profiles)

    @property
    def cluster_sizes(self) -> pd.Series:
        """ASN per cluster, 0 to ``n_clusters`` - 1."""
        return self.recommendations["cluster"].value_counts().reindex(range(self.n_clusters), fill_value=0)

    @property
    def structured(self) -> bool:
        """Whether the clusters show a clear group structure (silhouette at least
        :data:`kinerja.training.NO_STRUCTURE_SILHOUETTE`); without one they describe no group."""
        return training.has_structure(self.need.silhouette)

    @property
    def proposed(self) -> pd.Series:
        """Per ASN, whether at least one programme is proposed."""
        return self.recommendations["programs"].map(len) > 0

    @property
    def jp_known(self) -> bool:
        """Whether the data hold training records, so that JP of the last 12 months are known."""
        return bool(self.recommendations["jp_last_12_months"].notna().any())

    @property
    def below_min_jp(self) -> pd.Series:
        """Per ASN, whether a PNS with fewer than 20 JP in the last 12 months (False for PPPK and when unknown)."""
        return self.recommendations["below_min_jp"].fillna(False).astype(bool)

    def employed_as(self, kind: str) -> pd.Series:
        """Per ASN, whether their employment type is ``kind`` ("PNS" or "PPPK"); False when unknown."""
        if "employment_type" not in self.recommendations:
            return pd.Series(False, index=self.recommendations.index)
        return (self.recommendations["employment_type"] == kind).fillna(False).astype(bool)

    @property
    def pns(self) -> pd.Series:
        """Per ASN, whether a PNS: those the 20 JP minimum is owed to."""
        return self.employed_as("PNS")

    @property
    def batches(self) -> dict[str, int]:
        """Programme code -> number of batches, for the programmes with participants."""
        return {code: int(frame["batch"].max()) for code, frame in self.lists.items()}

    @property
    def headcount(self) -> pd.Series:
        """ASN per unit, in the units' order."""
        return self.recommendations["unit_code"].value_counts().reindex(self.units.index, fill_value=0)

    def cluster_names(self, language: str = "id") -> list[str]:
        """``Klaster 0``, ``Klaster 1``, ... in the language."""
        return [_words(language)["cluster"].format(cluster=c) for c in range(self.n_clusters)]

    def unit_name(self, code: str) -> str:
        """The unit's name, or its code when the units table lacks it."""
        return str(self.units["unit_name"].get(code, code))

    def verdict(self) -> tuple[str, str]:
        """The stability in words and what it means (:func:`kinerja.training.stability_verdict`)."""
        return training.stability_verdict(self.need.stability)


def training_page(results: QuarterResults, units: pd.DataFrame, policy: PrivacyPolicy,
                  capacity: int = training.DEFAULT_CAPACITY) -> TrainingPage:
    """Gather what the page shows of ``results``, with the catalogue its training need was computed with.

    Parameters
    ----------
    results
        The quarter's evaluation.
    units
        The units table (``unit_code``, ``unit_name``, ``unit_type``).
    policy
        The run's privacy policy.
    capacity
        Most participants per batch.

    Raises
    ------
    DataError
        When the evaluation holds no training need (with the reason it gives), or the catalogue cannot be read.
    """
    need = results.training_need
    if need is None:
        raise DataError(results.training_unavailable or "the quarter's evaluation holds no training need.")
    catalogue = training.load_catalogue(results.options.catalogue)
    lists = training.participant_lists(need.recommendations, capacity=capacity, program_names=catalogue.names())
    present = set(need.recommendations["unit_code"])
    table = units.drop_duplicates("unit_code").set_index("unit_code")
    return TrainingPage(results.quarter, results.options, need, catalogue, table[table.index.isin(present)],
                        policy, int(capacity), lists, results.unavailable.get("jp_last_12_months"))


def participant_file(quarter: Quarter) -> str:
    """Where the participant lists are written, relative to the run's folder."""
    return f"restricted/peserta_pelatihan_{quarter}.xlsx"


# --------------------------------------------------------------------------------------
# Parameters and summary
# --------------------------------------------------------------------------------------


def parameter_values(page: TrainingPage, *, data: str, language: str = "id") -> dict[str, Any]:
    """The parameters the page was computed with, by their labels in ``language``.

    For :func:`kinerja.present.report.parameters_block`.
    """
    words, options, policy = _words(language), page.options, page.policy
    names = words["parameters"]
    low, high = training.DEFAULT_K_RANGE
    return {
        names["data"]: data, names["quarter"]: _quarter(page.quarter, language),
        names["language"]: language_name(language), names["privacy"]: privacy_name(policy.level, language),
        names["k"]: words["k_auto"].format(low=low, high=high) if options.k == "auto" else options.k,
        names["method"]: words["methods"].get(options.method, options.method),
        names["capacity"]: page.capacity,
        names["catalogue"]: words["catalogue_default"] if options.catalogue is None else Path(options.catalogue).name,
        names["random_state"]: options.random_state,
        names["min_cell"]: policy.min_group if policy.min_group > 1 else words["min_cell_all"],
    }


def summary_markdown(page: TrainingPage, language: str = "id") -> str:
    """The page's summary: clusters (or no clear group structure), proposed ASN and batches, PNS under 20 JP."""
    words, proposed = _words(language), page.proposed
    verdict, _ = page.verdict()
    silhouette = number(page.need.silhouette, 2, language)
    lines = [
        words["summary_clusters"].format(
            clusters=number(page.n_clusters, 0, language), asn=number(len(proposed), 0, language),
            quarter=_quarter(page.quarter, language), silhouette=silhouette, verdict=verdict,
            ari=number(page.need.stability, 2, language)) if page.structured else
        words["summary_no_structure"].format(silhouette=silhouette,
                                             threshold=number(training.NO_STRUCTURE_SILHOUETTE, 2, language)),
        words["summary_programs"].format(
            n=number(int(proposed.sum()), 0, language), share=percent(proposed.mean(), 1, language),
            programs=number(len(page.lists), 0, language), batches=number(sum(page.batches.values()), 0, language),
            capacity=number(page.capacity, 0, language)),
    ]
    if page.jp_known:
        lines.append(words["summary_jp"].format(**_below_counts(page, language), min_jp=_min_jp(language)))
    return "\n\n".join(lines)


def standards_frame(page: TrainingPage, language: str = "id") -> pd.DataFrame:
    """Each rule: the fixed standard a person's own figure is judged by, the programmes it calls for, and the
    ASN whose own figures miss it."""
    words, options, names = _words(language), page.options, page.catalogue.names()
    own = page.need.own_reasons
    standards = {"capaian": percent(options.capaian_standard, 0, language),
                 "berakhlak": words["standards"]["berakhlak_standard"],
                 "reporting": percent(options.reporting_standard, 0, language),
                 "predikat": words["standards"]["predikat_standard"].format(predikat=options.predikat_standard)}
    columns = words["standards"]
    return pd.DataFrame({
        columns["rule"]: [columns["rules"][rule] for rule in training.RULES],
        columns["standard"]: [standards[rule] for rule in training.RULES],
        columns["programs"]: [", ".join(names[c] for c in names if c in set(own.loc[own["rule"] == rule, "program"]))
                              or "–" for rule in training.RULES],
        columns["asn"]: [number(own.loc[own["rule"] == rule, "nip"].nunique(), 0, language) for rule in training.RULES],
    })


def _below_counts(page: TrainingPage, language: str) -> dict[str, str]:
    """PNS under the minimum (``n``), PNS (``pns``) and the share, as the sentences write them."""
    below, pns = int(page.below_min_jp.sum()), int(page.pns.sum())
    return {"n": number(below, 0, language), "pns": number(pns, 0, language),
            "share": percent(below / pns if pns else float("nan"), 1, language)}


# --------------------------------------------------------------------------------------
# Features and the choice of k (the clustering's diagnostics)
# --------------------------------------------------------------------------------------


def features_frame(features: training.TrainingFeatures, catalogue: training.Catalogue,
                   language: str = "id") -> pd.DataFrame:
    """Each measure: its source, level, what it is used for, and how many values were missing and how filled."""
    words, labels = _words(language), _feature_labels(catalogue)
    sources, levels, roles = words["sources"], words["levels"], words["roles"]
    by_name = {feature.name: feature for feature in training.FEATURES}
    clustered = set(features.cluster_features.columns)

    def role(name: str) -> str:
        if name in clustered:
            return roles["clusters"]
        if name in by_name and by_name[name].level == "unit":
            return roles["unit"]
        return roles["jp"].format(min_jp=_min_jp(language)) if name == "jp_last_12_months" else roles["explains"]

    imputed = features.imputed
    source = {name: by_name[name].source if name in by_name else name for name in imputed.index}
    level = {name: by_name[name].level if name in by_name else "individual" for name in imputed.index}
    columns = words["features"]
    return pd.DataFrame({
        columns["measure"]: [labels.get(name, name) for name in imputed.index],
        columns["source"]: [sources.get(source[name], source[name]) for name in imputed.index],
        columns["level"]: [levels.get(level[name], level[name]) for name in imputed.index],
        columns["use"]: [role(name) for name in imputed.index],
        columns["missing"]: [number(v, 0, language) for v in imputed["missing"]],
        columns["unit_median"]: [number(v, 0, language) for v in imputed["unit_median"]],
        columns["overall_median"]: [number(v, 0, language) for v in imputed["overall_median"]],
    })


def unavailable_markdown(features: training.TrainingFeatures, catalogue: training.Catalogue,
                         language: str = "id") -> str:
    """Which measures the data cannot give, and why; or that every measure could be computed."""
    words, labels = _words(language), _feature_labels(catalogue)
    if not features.unavailable:
        return words["all_available"].format(quarter=_quarter(features.quarter, language))
    items = "; ".join(words["unavailable_item"].format(label=escape_markdown(labels.get(name, name)),
                                                       why=escape_markdown(why))
                      for name, why in features.unavailable.items())
    return words["unavailable"].format(items=items)


def scores_frame(scores: pd.DataFrame, language: str = "id") -> pd.DataFrame:
    """The quality of the clustering for each k tried (``TrainingNeedClusterer.scores_``), the chosen k marked."""
    words = _words(language)
    columns = words["scores"]
    return pd.DataFrame({
        columns["k"]: [number(v, 0, language) for v in scores.index],
        columns["silhouette"]: [number(v, 3, language) for v in scores["silhouette"]],
        columns["davies_bouldin"]: [number(v, 3, language) for v in scores["davies_bouldin"]],
        columns["calinski_harabasz"]: [number(v, 1, language) for v in scores["calinski_harabasz"]],
        columns["chosen"]: [words["yes"] if v else "" for v in scores["chosen"]],
    })


def quality_figure(scores: pd.DataFrame, quarter: Quarter, language: str = "id") -> Figure:
    """Silhouette, Davies-Bouldin and Calinski-Harabasz against k, the chosen k marked."""
    words = _words(language)
    chosen = int(scores.index[scores["chosen"]][0])
    return plots.metric_panels(scores.reset_index(), "k", dict(words["quality_panels"]),
                               title=words["quality_title"].format(quarter=_quarter(quarter, language)),
                               x_label=words["scores"]["k"], marked_x=chosen, marked_label=words["chosen_k"],
                               language=language)


# --------------------------------------------------------------------------------------
# Cluster profiles, components, clusters by unit
# --------------------------------------------------------------------------------------


def profile_figure(page: TrainingPage, language: str = "id") -> Figure:
    """The mean z-score of each measure per cluster: the clustering measures first, then those that describe."""
    words, labels = _words(language), _feature_labels(page.catalogue)
    profiles = page.need.profiles
    clustered = [name for name in training.CLUSTER_FEATURES if name in profiles.columns]
    table = profiles[clustered + [name for name in profiles.columns if name not in clustered]]
    sizes = page.cluster_sizes
    table = table.rename(index=lambda c: words["cluster_size"].format(cluster=c, n=number(sizes[c], 0, language)),
                         columns=lambda name: labels.get(name, name))
    split = len(clustered) if 0 < len(clustered) < table.shape[1] else None
    return plots.heatmap(table, title=words["profile_title"].format(quarter=_quarter(page.quarter, language)),
                         colorbar_label=words["z_score"], center=0.0, limits=_PROFILE_LIMITS,
                         high_label=words["above_mean"], low_label=words["below_mean"], split_after=split,
                         split_labels=(words["forms_clusters"], words["explains_clusters"]), language=language)


def pca_figure(page: TrainingPage, components: training.PrincipalComponents, language: str = "id") -> Figure:
    """Each ASN on the first two principal components, coloured by the evaluation's cluster."""
    words, names = _words(language), page.cluster_names(language)
    points = components.points.copy()
    clusters = page.recommendations["cluster"].reindex(points.index)
    points["group"] = pd.Categorical([names[c] for c in clusters], names)
    axis = [words["pca_axis"].format(n=i + 1, share=percent(share, 0, language))
            for i, share in enumerate(components.explained)]
    return plots.scatter_by_group(points, "pc1", "pc2", "group",
                                  title=words["pca_title"].format(quarter=_quarter(page.quarter, language)),
                                  x_label=axis[0], y_label=axis[1], order=names,
                                  legend_title=words["clusters"]["cluster"], language=language)


def pca_weights(components: training.PrincipalComponents, catalogue: training.Catalogue,
                language: str = "id") -> pd.DataFrame:
    """The weight of each clustering measure on each principal component."""
    words, labels = _words(language), _feature_labels(catalogue)
    table = {words["features"]["measure"]: [labels.get(name, name) for name in components.loadings.index]}
    for i, column in enumerate(components.loadings.columns):
        table[words["pca_weight"].format(n=i + 1)] = [number(v, 2, language) for v in components.loadings[column]]
    return pd.DataFrame(table)


def _with_units(page: TrainingPage, counts: pd.DataFrame, language: str) -> pd.DataFrame:
    """Counts of people per unit as text, the small cells hidden by the policy, the unit's name first."""
    shown = page.policy.suppress(counts).labels(language)
    shown.insert(0, _words(language)["unit"], [page.unit_name(code) for code in shown.index])
    return shown.reset_index(drop=True)


def clusters_by_unit(page: TrainingPage, language: str = "id") -> pd.DataFrame:
    """ASN of each unit in each cluster, small cells hidden, with the unit's number of ASN."""
    recommendations = page.recommendations
    counts = pd.crosstab(recommendations["unit_code"], recommendations["cluster"]).reindex(
        index=page.units.index, columns=range(page.n_clusters), fill_value=0)
    counts.columns = page.cluster_names(language)
    shown = _with_units(page, counts, language)
    shown[_words(language)["unit_total"]] = [number(n, 0, language) for n in page.headcount]
    return shown


def small_note(page: TrainingPage, language: str = "id") -> str:
    """What ``<5`` and ``*`` mean in the tables of counts; empty when the policy hides nothing."""
    if page.policy.min_group <= 1:
        return ""
    return _words(language)["small_note"].format(n=page.policy.min_group)


def unit_type_figure(page: TrainingPage, language: str = "id") -> Figure:
    """The share of each unit type's ASN in each cluster, with their number; small cells left grey."""
    words, recommendations = _words(language), page.recommendations
    types = page.units["unit_type"].astype(str).str.capitalize()
    counts = pd.crosstab(recommendations["unit_code"].map(types), recommendations["cluster"]).reindex(
        columns=range(page.n_clusters), fill_value=0)
    counts.columns = page.cluster_names(language)
    hidden = page.policy.suppress(counts)
    shares = counts.div(counts.sum(axis=1), axis=0).mask(hidden.hidden)
    labels = hidden.labels(language)
    annotations = labels.where(hidden.hidden, shares.map(lambda v: percent(v, 0, language)) + "\n(" + labels + ")")
    return plots.heatmap(shares, title=words["type_title"].format(quarter=_quarter(page.quarter, language)),
                         colorbar_label=words["type_share"], center=None, limits=(0.0, 1.0),
                         value_format="percent", annotations=annotations, language=language)


# --------------------------------------------------------------------------------------
# Recommendations and stability
# --------------------------------------------------------------------------------------


def clusters_frame(page: TrainingPage, features: training.TrainingFeatures, language: str = "id") -> pd.DataFrame:
    """Each cluster, for planning: its size, its group averages that stand out and its members' programmes.

    The clusters and their profiles are the evaluation's; ``features`` give
    the cluster means in the measures' own units that the descriptions quote.
    A cluster proposes nothing: its members' programmes come from their own
    figures, counted here (small counts hidden by the policy). Empty when the
    data have no clear group structure (:attr:`TrainingPage.structured`).
    """
    if not page.structured:
        return pd.DataFrame()
    profiles, recommendations = page.need.profiles, page.recommendations
    clusters = recommendations["cluster"].reindex(features.features.index)
    _, means, sizes = training.cluster_profiles(features.features[list(profiles.columns)], clusters.to_numpy())
    described = training.describe_profiles(profiles, means, sizes, page.catalogue, language=language)
    members = recommendations[["cluster", "programs"]].explode("programs").dropna()
    counts = pd.crosstab(members["cluster"], members["programs"]).reindex(
        index=described.index, columns=[c for c in page.catalogue.programs if c in set(members["programs"])],
        fill_value=0)
    shown = page.policy.suppress(counts).labels(language)
    names = page.catalogue.names()
    columns = _words(language)["clusters"]
    return pd.DataFrame({
        columns["cluster"]: [str(c) for c in described.index],
        columns["asn"]: [number(v, 0, language) for v in described["size"]],
        columns["share"]: [percent(v, 1, language) for v in described["share"]],
        columns["description"]: described["description"].to_numpy(),
        columns["programs"]: [", ".join(f"{names[code]} ({shown.at[cluster, code]})" for code in counts.columns
                                        if counts.at[cluster, code]) or "–" for cluster in described.index],
    })


def unit_triggers_frame(page: TrainingPage, language: str = "id") -> pd.DataFrame:
    """The units whose survey or complaints call for a programme for all their ASN, and why; empty when none."""
    reasons, names = page.need.unit_reasons, page.catalogue.names()
    columns = _words(language)["triggers"]
    return pd.DataFrame({
        columns["unit"]: [page.unit_name(code) for code in reasons["unit_code"]],
        columns["program"]: [names.get(code, code) for code in reasons["program"]],
        columns["reason"]: reasons["reason"].to_numpy(),
        columns["headcount"]: [number(page.headcount.get(code, 0), 0, language) for code in reasons["unit_code"]],
    })


def _program_totals(page: TrainingPage) -> pd.DataFrame:
    """Participants, and of them PNS under 20 JP, per programme with participants."""
    counts = training.program_counts(page.recommendations, program_names=page.catalogue.names())
    return counts.groupby("program", sort=False).agg(participants=("participants", "sum"),
                                                    below_min_jp=("below_min_jp", "sum"))


def programs_frame(page: TrainingPage, language: str = "id") -> pd.DataFrame:
    """Every programme of the catalogue: what it teaches, its JP, participants, batches and the PNS under 20 JP."""
    programs, totals, batches = page.catalogue.programs, _program_totals(page), page.batches
    columns = _words(language)["programs"]
    return pd.DataFrame({
        columns["program"]: [program.name for program in programs.values()],
        columns["description"]: [program.description for program in programs.values()],
        columns["jp"]: [number(p.jp, 0, language) if p.jp is not None else "–" for p in programs.values()],
        columns["participants"]: [number(totals["participants"].get(c, 0), 0, language) for c in programs],
        columns["batches"]: [number(batches.get(c, 0), 0, language) for c in programs],
        columns["below_min_jp"].format(min_jp=_min_jp(language)):
            [number(totals["below_min_jp"].get(c, 0), 0, language) for c in programs],
    })


def stability_markdown(page: TrainingPage, refits: np.ndarray, language: str = "id") -> str:
    """How stable the clusters are: the evaluation's mean ARI, with the range of the bootstrap refits.

    ``refits`` is the adjusted Rand index of each refit (``TrainingNeed.stability_scores``),
    whose mean is the evaluation's stability.
    """
    words = _words(language)
    verdict, meaning = page.verdict()
    if not len(refits):
        return words["stability_unchecked"].format(meaning=meaning)
    return words["stability"].format(refits=number(len(refits), 0, language),
                                     ari=number(page.need.stability, 2, language),
                                     low=number(float(np.min(refits)), 2, language),
                                     high=number(float(np.max(refits)), 2, language), verdict=verdict,
                                     meaning=meaning)


# --------------------------------------------------------------------------------------
# Fewer than 20 JP, participants
# --------------------------------------------------------------------------------------


def jp_markdown(page: TrainingPage, language: str = "id") -> str:
    """The 12 months counted and how many PNS had fewer than 20 JP in them, and who is not counted; or why JP are unknown.

    PPPK are not counted (their development is limited, not owed), nor ASN whose employment type is unknown.
    """
    words = _words(language)
    if not page.jp_known:
        reason = (page.jp_unknown or {}).get(language) or say("klaster.jp_unknown.no_table", language)
        return f"{reason}."
    first, last = training.jp_window(page.quarter)
    sentences = [words["jp_period"].format(first=long_date(first, language), last=long_date(last, language),
                                           **_below_counts(page, language), min_jp=_min_jp(language))]
    pppk = int(page.employed_as("PPPK").sum())
    unknown = len(page.recommendations) - int(page.pns.sum()) - pppk
    if pppk:
        sentences.append(words["jp_pppk"].format(pppk=number(pppk, 0, language)))
    if unknown:
        sentences.append(words["jp_type_unknown"].format(n=number(unknown, 0, language)))
    return " ".join(sentences)


def jp_by_unit(page: TrainingPage, language: str = "id") -> pd.DataFrame:
    """Per unit: PNS, those under 20 JP and their share of the PNS; a count the policy hides hides its share too.

    The unit's number of PNS is shown beside the count, so the count and its
    complement (PNS with 20 JP or more) each give the other away: each is
    suppressed down its column (against the total the summary gives), and a
    unit's count is hidden when either is. A unit without PNS shows "–" as its share.
    """
    below, pns, units = page.below_min_jp, page.pns, page.recommendations["unit_code"]
    counts = pd.DataFrame({"below": below.groupby(units).sum(), "rest": (pns & ~below).groupby(units).sum()})
    counts = counts.reindex(page.units.index, fill_value=0).astype("int64")
    suppressed = page.policy.suppress(counts[["below"]])
    others_hidden = page.policy.suppress(counts[["rest"]]).hidden["rest"]
    hidden = suppressed.hidden["below"] | others_hidden
    size = counts.sum(axis=1)
    columns = _words(language)["jp"]
    return pd.DataFrame({
        columns["unit"]: [page.unit_name(code) for code in counts.index],
        columns["pns"]: [number(n, 0, language) for n in size],
        columns["below"].format(min_jp=_min_jp(language)):
            suppressed.labels(language)["below"].mask(others_hidden & ~suppressed.primary["below"], "*").to_numpy(),
        columns["share"]: ["*" if hide else percent(n / total if total else float("nan"), 1, language)
                           for n, total, hide in zip(counts["below"], size, hidden)],
    })


def participants_markdown(page: TrainingPage, list_file: str | None, language: str = "id") -> str:
    """Where the participant lists were written, or why they were not.

    ``list_file`` is the file written, relative to the run's folder; None when none was written.
    """
    words = _words(language)
    if list_file is not None:
        return words["list_written"].format(programs=number(len(page.lists), 0, language),
                                            file=escape_markdown(list_file))
    if not page.policy.names_individuals:
        return words["list_not_named"].format(level=privacy_name(page.policy.level, language))
    return words["list_no_output"].format(file=escape_markdown(participant_file(page.quarter)))


def participants_by_unit(page: TrainingPage, language: str = "id") -> pd.DataFrame:
    """Participants of each programme per unit, small cells hidden; empty when no ASN is proposed."""
    counts = training.program_counts(page.recommendations, program_names=page.catalogue.names())
    if counts.empty:
        return pd.DataFrame()
    names = page.catalogue.names()
    table = counts.pivot_table(index="unit_code", columns="program", values="participants", aggfunc="sum",
                               fill_value=0)
    table = table.reindex(index=[u for u in page.units.index if u in table.index],
                          columns=[c for c in names if c in table.columns])
    table.columns = [names[c] for c in table.columns]
    return _with_units(page, table, language)


# --------------------------------------------------------------------------------------
# For the leadership summary, and the annex
# --------------------------------------------------------------------------------------


def headlines(page: TrainingPage, language: str = "id") -> list[dict[str, str]]:
    """The key numbers for the leadership summary (:func:`kinerja.present.report.save_headlines`)."""
    words, proposed = _words(language), page.proposed
    verdict, _ = page.verdict()
    items = [
        {"label": words["headline_proposed"],
         "value": words["headline_proposed_value"].format(n=number(int(proposed.sum()), 0, language),
                                                          asn=number(len(proposed), 0, language),
                                                          share=percent(proposed.mean(), 1, language)),
         "change": ""},
        {"label": words["headline_clusters"],
         "value": words["headline_clusters_value"].format(clusters=number(page.n_clusters, 0, language),
                                                          verdict=verdict,
                                                          ari=number(page.need.stability, 2, language))
         if page.structured else words["headline_no_structure"], "change": ""},
    ]
    if page.jp_known:
        items.append({"label": words["headline_jp"].format(min_jp=_min_jp(language)),
                      "value": words["headline_jp_value"].format(**_below_counts(page, language)),
                      "change": ""})
    return items


def attention(page: TrainingPage, language: str = "id") -> list[dict[str, str]]:
    """What needs leadership's attention: units whose survey or complaints call for a programme, unstable clusters."""
    words, programs = _words(language), page.catalogue.programs
    items = [{"unit": page.unit_name(unit),
              "why": words["attention_unit"].format(reasons="; ".join(group["reason"]), program=programs[code].name)}
             for (unit, code), group in page.need.unit_reasons.groupby(["unit_code", "program"], sort=False)]
    verdict, meaning = page.verdict()
    if verdict in UNSTABLE_VERDICTS:
        items.append({"unit": words["attention_everyone"],
                      "why": words["attention_stability"].format(verdict=verdict, meaning=meaning)})
    return items


def headline_details(page: TrainingPage, list_file: str | None, language: str = "id") -> dict[str, Any]:
    """What the leadership summary shows of the programmes: participants, batches, PNS under 20 JP, capacity."""
    totals, batches = _program_totals(page), page.batches
    verdict, _ = page.verdict()
    return {
        "capacity": page.capacity, "clusters": page.n_clusters, "stability": verdict, "participant_file": list_file,
        "programs": [{"program": program.name,
                      "participants": number(totals["participants"].get(code, 0), 0, language),
                      "batches": number(batches.get(code, 0), 0, language),
                      "below_min_jp": number(totals["below_min_jp"].get(code, 0), 0, language)}
                     for code, program in page.catalogue.programs.items() if code in page.lists],
    }


def annex(dataset: Dataset, language: str = "id") -> pd.DataFrame:
    """The rejected rows of the tables the training need reads, personal values hidden, in ``language``."""
    return quality_annex(dataset, [name for name in ANNEX_TABLES if name in dataset.counts], language)
