"""Clustering of any numeric table, with k chosen by the silhouette and a stability check.

:class:`TrainingNeedClusterer` is a scikit-learn estimator: ``__init__``
stores the parameters, :meth:`~TrainingNeedClusterer.fit` validates the
table and returns the estimator, fitted attributes end in ``_`` and all
randomness comes from ``random_state``. It was written for the training-need
features of :mod:`kinerja.training.features`, but nothing in it knows about them: it
clusters any table of numbers (a DataFrame or a 2-D array).

What :meth:`~TrainingNeedClusterer.fit` does
-------------------------------------------
1. Validates: every column numeric (a column of text raises ``ValueError``
   naming it), no missing or infinite value (impute first), at least as many
   rows as clusters.
2. Standardises each column to mean 0 and standard deviation 1 when
   ``scale`` is true (a constant column is left at 0), so that a column in
   days does not outweigh one in shares.
3. For each k of ``k_range`` (or the given k) fits k-means (or a Gaussian
   mixture) and records the silhouette, Davies-Bouldin and Calinski-Harabasz
   indices in ``scores_``; keeps the k with the highest silhouette (the
   smaller k on a tie).
4. Numbers the clusters by size, largest first (cluster 0 is the largest),
   so that labels do not depend on the order k-means happened to find them.
5. Describes each cluster by the mean z-score of every original column
   (``profiles_``: relative to the whole sample, whatever ``scale`` says)
   and checks stability: the model is refitted on ``n_bootstrap`` seeded
   bootstrap resamples and the labels it gives the resampled points are
   compared with the full fit's labels of the same points by the adjusted
   Rand index; ``stability_`` is their mean (1 = the same partition every
   time; 0 = no better than chance).

Large tables
------------
Above ``minibatch_threshold`` rows (default 100,000) k-means is
:class:`~sklearn.cluster.MiniBatchKMeans` instead of
:class:`~sklearn.cluster.KMeans`, started from the centres that k-means
(``n_init`` starts) finds on a seeded sample of 20,000 rows, a Gaussian mixture is fitted on a seeded
sample of ``minibatch_threshold`` rows and then assigns every row, and each
bootstrap resample draws ``minibatch_threshold`` rows instead of n. The
silhouette, quadratic in the rows, is exact up to ``silhouette_sample_size``
rows (default 10,000) and computed on a seeded sample of that many rows above
it; Davies-Bouldin and Calinski-Harabasz, linear in the rows, always use
every row. Mini-batch k-means runs on one thread (its batches are too small
for threads to pay off), and so does everything on tables of up to 20,000
rows. One million rows with four columns take about 20 seconds for k = 2-8
with 20 bootstrap refits on a two-core machine (``benchmarks/bench_cluster.py``).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import PCA
from sklearn.metrics import (
    adjusted_rand_score,
    calinski_harabasz_score,
    davies_bouldin_score,
    silhouette_score,
)
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, check_random_state
from threadpoolctl import threadpool_limits

__all__ = [
    "DEFAULT_K_RANGE",
    "DEFAULT_MINIBATCH_THRESHOLD",
    "DEFAULT_N_BOOTSTRAP",
    "DEFAULT_SILHOUETTE_SAMPLE_SIZE",
    "METHODS",
    "PrincipalComponents",
    "TrainingNeedClusterer",
    "cluster_profiles",
    "principal_components",
]

METHODS = ("kmeans", "gmm")
"""Clustering methods: k-means, or a Gaussian mixture with full covariances."""
DEFAULT_K_RANGE = (2, 8)
"""Numbers of clusters tried when k is "auto" (both ends included)."""
DEFAULT_N_BOOTSTRAP = 20
"""Bootstrap refits behind ``stability_``."""
DEFAULT_MINIBATCH_THRESHOLD = 100_000
"""Rows above which k-means runs in mini-batches and resamples are capped (see the module docstring)."""
DEFAULT_SILHOUETTE_SAMPLE_SIZE = 10_000
"""Rows above which the silhouette is computed on a seeded sample of this many rows."""

_SEED_MAX = np.iinfo(np.int32).max
_BATCH_SIZE = 16_384
"""Rows per mini-batch: large batches converge in fewer steps, and each step costs a fixed overhead."""
_INIT_SAMPLE_ROWS = 20_000
"""Rows of the seeded sample on which k-means places the first centres of mini-batch k-means."""
_ONE_THREAD_ROWS = 20_000
"""Tables up to this many rows are clustered on one thread: starting threads costs more than they save."""


def cluster_profiles(X: pd.DataFrame, labels: np.ndarray | pd.Series
                     ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Describe clusters by the mean of each column, as a z-score and in the column's own unit.

    Parameters
    ----------
    X
        Numeric columns, one row per labelled row.
    labels
        Cluster of each row, 0 to n_clusters - 1.

    Returns
    -------
    profiles : pandas.DataFrame
        Indexed by cluster: the cluster mean of each column as a z-score
        relative to the whole sample (mean and standard deviation with ddof 0
        over all rows); a constant column gives 0.
    means : pandas.DataFrame
        The cluster means in the columns' own units.
    sizes : pandas.Series
        Rows per cluster.
    """
    labels = np.asarray(labels, dtype=np.int64)
    if len(labels) != len(X):
        raise ValueError(f"labels has {len(labels)} values for {len(X)} rows.")
    values = X.astype("float64").set_axis(range(len(X)), axis=0)
    spread = values.std(ddof=0)
    z = (values - values.mean()) / spread.where(~_constant(spread.to_numpy(), values.abs().max().to_numpy()), np.inf)
    clusters = pd.Index(range(int(labels.max()) + 1 if len(labels) else 0), name="cluster")
    profiles = z.groupby(labels).mean().reindex(clusters).rename_axis("cluster")
    means = values.groupby(labels).mean().reindex(clusters).rename_axis("cluster")
    sizes = pd.Series(labels).value_counts().reindex(clusters, fill_value=0).astype("int64")
    return profiles, means, sizes.rename("size").rename_axis("cluster")



@dataclass(frozen=True, eq=False)
class PrincipalComponents:
    """Rows of a table on its first principal components, from :func:`principal_components`.

    Attributes
    ----------
    points
        One row per row of the table (same index): ``pc1``, ``pc2``, ...
    explained
        Share of the standardised variance each component carries (index ``pc1``, ...).
    loadings
        Indexed by column of the table: the weight of each column in each component.
    """

    points: pd.DataFrame
    explained: pd.Series
    loadings: pd.DataFrame


def principal_components(X: pd.DataFrame, n_components: int = 2,
                         random_state: int | np.random.RandomState | None = 0) -> PrincipalComponents:
    """Project the rows of a numeric table onto its first principal components, to draw clusters.

    Each column is standardised first (mean 0, standard deviation 1), as
    :class:`TrainingNeedClusterer` does, so that the picture shows the space
    the clusters were formed in.

    Parameters
    ----------
    X
        Numeric columns without missing values, e.g. ``TrainingFeatures.cluster_features``.
    n_components
        Components kept (at most the number of columns).
    random_state
        Seeds the solver when scikit-learn picks a randomised one (large tables).
    """
    names = [f"pc{i + 1}" for i in range(n_components)]
    pca = PCA(n_components=n_components, random_state=random_state)
    points = pca.fit_transform(StandardScaler().fit_transform(X))
    return PrincipalComponents(pd.DataFrame(points, index=X.index, columns=names),
                               pd.Series(pca.explained_variance_ratio_, index=names, name="explained"),
                               pd.DataFrame(pca.components_.T, index=X.columns, columns=names))

def _constant(spread: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Whether a column whose standard deviation is ``spread`` is constant up to rounding."""
    return spread <= 1e-12 * np.maximum(1.0, np.nan_to_num(size))


def _is_whole(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


class TrainingNeedClusterer(ClusterMixin, BaseEstimator):
    """Cluster a numeric table, choosing k by the silhouette, and check the clusters' stability.

    Parameters
    ----------
    k : "auto" or int, default "auto"
        Number of clusters; "auto" tries every k of ``k_range`` and keeps the
        one with the highest silhouette.
    k_range : tuple of two ints, default (2, 8)
        Smallest and largest k tried when ``k`` is "auto", both included; k
        above n - 1 (where the silhouette is undefined) is skipped.
    method : {"kmeans", "gmm"}, default "kmeans"
        k-means, or a Gaussian mixture with full covariance matrices.
    scale : bool, default True
        Standardise every column (mean 0, standard deviation 1) before
        clustering. False clusters the values as given, e.g. coordinates in
        the same unit.
    random_state : int, RandomState instance or None, default 0
        Seeds every random choice (initialisations, silhouette sample,
        bootstrap resamples): the same int gives the same result.
    n_bootstrap : int, default 20
        Bootstrap refits for ``stability_``; 0 skips the check.
    minibatch_threshold : int, default 100_000
        Rows above which k-means runs in mini-batches, a Gaussian mixture is
        fitted on a sample of this many rows, and bootstrap resamples have
        this many rows.
    silhouette_sample_size : int, default 10_000
        Rows above which the silhouette is computed on a seeded sample of this
        many rows.
    n_init : int, default 10
        Initialisations of k-means (the best is kept) and of the Gaussian
        mixture; mini-batch k-means starts once, from the centres k-means
        finds with ``n_init`` starts on a seeded sample of 20,000 rows.

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        Cluster of each row, 0 = the largest cluster.
    n_clusters_ : int
        The number of clusters chosen.
    silhouette_ : float
        Mean silhouette width of the chosen partition.
    scores_ : pandas.DataFrame
        Indexed by k: ``silhouette``, ``davies_bouldin`` (lower is better),
        ``calinski_harabasz`` (higher is better), ``inertia`` (k-means: sum of
        squared distances to the centres; a Gaussian mixture: NaN) and
        ``chosen`` (bool).
    profiles_ : pandas.DataFrame
        Indexed by cluster, one column per feature: the cluster mean of each
        original column as a z-score relative to the whole sample (a
        constant column gives 0).
    cluster_means_ : pandas.DataFrame
        The cluster means in the columns' own units.
    cluster_sizes_ : pandas.Series
        Rows per cluster.
    stability_ : float
        Mean adjusted Rand index over the bootstrap refits (NaN when
        ``n_bootstrap`` is 0).
    stability_scores_ : ndarray of shape (n_bootstrap,)
        The adjusted Rand index of each refit.
    feature_names_ : list of str
        Column names (``x0``, ``x1``, ... for an array).
    feature_names_in_ : ndarray of str
        Column names, when fitted on a DataFrame (scikit-learn convention).
    n_features_in_ : int
        Number of columns.
    means_, scales_ : ndarray of shape (n_features,)
        Mean and standard deviation (ddof 0) of each column in the fitted
        sample; the clustering space divides by ``scales_`` only when
        ``scale`` is true.
    model_ : estimator
        The fitted scikit-learn model of the chosen k.
    minibatch_ : bool
        Whether the table was above ``minibatch_threshold``.

    Examples
    --------
    >>> clusterer = TrainingNeedClusterer(k="auto", scale=False).fit(points)  # doctest: +SKIP
    >>> clusterer.n_clusters_, round(clusterer.silhouette_, 3)  # doctest: +SKIP
    (4, 0.738)
    """

    def __init__(self, k: str | int = "auto", k_range: tuple[int, int] = DEFAULT_K_RANGE, method: str = "kmeans",
                 scale: bool = True, random_state: int | np.random.RandomState | None = 0,
                 n_bootstrap: int = DEFAULT_N_BOOTSTRAP, minibatch_threshold: int = DEFAULT_MINIBATCH_THRESHOLD,
                 silhouette_sample_size: int = DEFAULT_SILHOUETTE_SAMPLE_SIZE, n_init: int = 10) -> None:
        self.k = k
        self.k_range = k_range
        self.method = method
        self.scale = scale
        self.random_state = random_state
        self.n_bootstrap = n_bootstrap
        self.minibatch_threshold = minibatch_threshold
        self.silhouette_sample_size = silhouette_sample_size
        self.n_init = n_init

    # --- validation ----------------------------------------------------------------------------

    def _check_parameters(self) -> None:
        if not (self.k == "auto" or (_is_whole(self.k) and self.k >= 2)):
            raise ValueError(f"k must be 'auto' or a whole number of clusters, 2 or more, not {self.k!r}.")
        if (not isinstance(self.k_range, Sequence) or isinstance(self.k_range, str) or len(self.k_range) != 2
                or not all(_is_whole(v) for v in self.k_range) or not 2 <= self.k_range[0] <= self.k_range[1]):
            raise ValueError(f"k_range must be two whole numbers (smallest, largest) with 2 <= smallest <= largest, "
                             f"such as (2, 8), not {self.k_range!r}.")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}.")
        if not isinstance(self.scale, (bool, np.bool_)):
            raise ValueError(f"scale must be True or False, not {self.scale!r}.")
        for name, low in (("n_bootstrap", 0), ("minibatch_threshold", 1), ("silhouette_sample_size", 2),
                          ("n_init", 1)):
            value = getattr(self, name)
            if not _is_whole(value) or value < low:
                raise ValueError(f"{name} must be a whole number of {low} or more, not {value!r}.")

    @staticmethod
    def _as_matrix(X: object, argument: str = "X") -> tuple[np.ndarray, list[str] | None]:
        """A float matrix and the column names (None for an array); raises naming the bad column."""
        if isinstance(X, pd.DataFrame):
            repeated = X.columns[X.columns.duplicated()]
            if len(repeated):
                raise ValueError(f"{argument} has the column {repeated[0]!r} more than once; give each column once.")
            for column in X.columns:
                dtype = X[column].dtype
                if not pd.api.types.is_numeric_dtype(dtype):
                    raise ValueError(f"{argument} column {column!r} is not numeric (dtype {dtype}); "
                                     f"cluster numbers only: encode or drop it.")
            names = [str(column) for column in X.columns]
            matrix = np.column_stack([X[c].to_numpy(dtype="float64", na_value=np.nan) for c in X.columns]) \
                if X.shape[1] else np.empty((len(X), 0))
            return matrix, names
        array = np.asarray(X)
        if array.ndim != 2:
            raise ValueError(f"{argument} must be a table (2-D: rows x columns), not an array with "
                             f"{array.ndim} dimension(s).")
        if array.dtype.kind in "biuf":
            return array.astype("float64"), None
        columns = []
        for j in range(array.shape[1]):
            try:
                columns.append(array[:, j].astype("float64"))
            except (TypeError, ValueError):
                raise ValueError(f"{argument} column {j} is not numeric (it holds e.g. {array[0, j]!r}); "
                                 f"cluster numbers only.") from None
        return (np.column_stack(columns) if columns else np.empty((len(array), 0))), None

    def _validate(self, names: list[str] | None, matrix: np.ndarray, argument: str = "X") -> None:
        shown = names or [f"column {j}" for j in range(matrix.shape[1])]
        if matrix.shape[1] == 0:
            raise ValueError(f"{argument} has no column to cluster on.")
        missing = np.isnan(matrix).any(axis=0)
        if missing.any():
            listed = ", ".join(repr(n) if names else n for n, bad in zip(shown, missing) if bad)
            rows = int(np.isnan(matrix).any(axis=1).sum())
            raise ValueError(f"{argument} has missing values (NaN) in {listed} ({rows} row(s)); impute them first, "
                             f"e.g. with the rule of kinerja.training.features.build_features.")
        infinite = np.isinf(matrix).any(axis=0)
        if infinite.any():
            listed = ", ".join(repr(n) if names else n for n, bad in zip(shown, infinite) if bad)
            raise ValueError(f"{argument} has infinite values in {listed}; replace them first.")

    def _candidate_ks(self, n: int) -> list[int]:
        if self.k != "auto":
            if n < self.k:
                raise ValueError(f"X has {n} row(s), fewer than the k = {self.k} clusters asked for.")
            return [int(self.k)]
        low, high = self.k_range
        ks = [k for k in range(low, high + 1) if k < n]
        if not ks:
            raise ValueError(f"X has {n} row(s), too few to compare k = {low}..{high} clusters by the silhouette "
                             f"(it needs more rows than clusters).")
        return ks

    # --- models --------------------------------------------------------------------------------

    def _model(self, k: int, seed: int, minibatch: bool, Z: np.ndarray) -> KMeans | MiniBatchKMeans | GaussianMixture:
        """The model with k clusters for Z (whose sample places a mini-batch model's first centres)."""
        if self.method == "gmm":
            return GaussianMixture(n_components=k, covariance_type="full", n_init=self.n_init, random_state=seed)
        if minibatch:
            # Mini-batch k-means from k-means++ starts can settle in a poor optimum (two planted groups
            # merged, one split); k-means with n_init starts on a small seeded sample places the centres
            # well, and the mini-batches then refine them on every row.
            rows = np.random.default_rng(seed).choice(len(Z), min(len(Z), _INIT_SAMPLE_ROWS), replace=False)
            start = KMeans(n_clusters=k, n_init=self.n_init, random_state=seed).fit(Z[rows]).cluster_centers_
            return MiniBatchKMeans(n_clusters=k, init=start, n_init=1, batch_size=_BATCH_SIZE, random_state=seed)
        return KMeans(n_clusters=k, n_init=self.n_init, random_state=seed)

    def _fit_labels(self, Z: np.ndarray, k: int, seed: int, minibatch: bool):
        """Fit a model with k clusters on Z (a sample of it for a large Gaussian mixture); label every row."""
        with self._threads(minibatch):
            return self._fit_model(self._model(k, seed, minibatch, Z), Z, seed, minibatch)

    def _threads(self, minibatch: bool) -> threadpool_limits:
        """One thread for mini-batch k-means: its batches are too small for threads to pay off."""
        return threadpool_limits(limits=1 if minibatch and self.method == "kmeans" else None)

    def _fit_model(self, model, Z: np.ndarray, seed: int, minibatch: bool):
        if self.method == "gmm" and minibatch and len(Z) > self.minibatch_threshold:
            sample = np.random.default_rng(seed).choice(len(Z), self.minibatch_threshold, replace=False)
            model.fit(Z[sample])
            return model, model.predict(Z)
        if self.method == "gmm":
            return model, model.fit_predict(Z)
        model.fit(Z)
        return model, model.labels_.astype(np.int64)

    def _silhouette(self, Z: np.ndarray, labels: np.ndarray, seed: int) -> float:
        if not 2 <= len(np.unique(labels)) <= len(Z) - 1:
            return float("nan")
        if len(Z) > self.silhouette_sample_size:
            return float(silhouette_score(Z, labels, sample_size=self.silhouette_sample_size, random_state=seed))
        return float(silhouette_score(Z, labels))

    # --- public API ----------------------------------------------------------------------------

    def fit(self, X: pd.DataFrame | np.ndarray, y: None = None) -> TrainingNeedClusterer:
        """Choose k, cluster the rows of X, profile the clusters and check their stability.

        Parameters
        ----------
        X : DataFrame or array of shape (n_samples, n_features)
            Numbers only, without missing values.
        y : ignored
            Present for scikit-learn's API.

        Returns
        -------
        TrainingNeedClusterer
            self, fitted.

        Raises
        ------
        ValueError
            For a bad parameter, a non-numeric column (named), a missing or
            infinite value (impute first), or fewer rows than clusters.
        """
        self._check_parameters()
        matrix, names = self._as_matrix(X)
        self._validate(names, matrix)
        with threadpool_limits(limits=1 if len(matrix) <= _ONE_THREAD_ROWS else None):
            return self._fit(X, matrix, names)

    def _fit(self, X: object, matrix: np.ndarray, names: list[str] | None) -> TrainingNeedClusterer:
        n, d = matrix.shape
        ks = self._candidate_ks(n)
        random = check_random_state(self.random_state)
        model_seed, silhouette_seed, bootstrap_seed = (int(s) for s in random.randint(_SEED_MAX, size=3))

        self.feature_names_ = names if names is not None else [f"x{j}" for j in range(d)]
        if names is not None and all(isinstance(c, str) for c in X.columns):
            self.feature_names_in_ = np.asarray(names, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.n_features_in_ = d
        self.means_ = matrix.mean(axis=0)
        self.scales_ = matrix.std(axis=0)
        Z = self._space(matrix)
        self.minibatch_ = n > self.minibatch_threshold

        rows, fitted = [], {}
        for k in ks:
            model, labels = self._fit_labels(Z, k, model_seed, self.minibatch_)
            fitted[k] = (model, labels)
            several = len(np.unique(labels)) >= 2
            rows.append({
                "k": k,
                "silhouette": self._silhouette(Z, labels, silhouette_seed),
                "davies_bouldin": float(davies_bouldin_score(Z, labels)) if several else float("nan"),
                "calinski_harabasz": float(calinski_harabasz_score(Z, labels)) if several else float("nan"),
                "inertia": float(model.inertia_) if hasattr(model, "inertia_") else float("nan"),
            })
        scores = pd.DataFrame(rows).set_index("k")
        if self.k == "auto":
            if scores["silhouette"].isna().all():
                raise ValueError("no k gave two or more clusters, so none can be chosen by the silhouette; "
                                 "the rows may be (nearly) identical.")
            chosen = int(scores["silhouette"].idxmax())  # the first, i.e. smallest, k on a tie
        else:
            chosen = ks[0]
        scores["chosen"] = scores.index == chosen
        self.scores_ = scores
        self.model_, raw = fitted[chosen]

        sizes = np.bincount(raw, minlength=chosen)
        order = np.argsort(-sizes, kind="stable")
        self._label_map = np.empty(chosen, dtype=np.int64)
        self._label_map[order] = np.arange(chosen)
        self.labels_ = self._label_map[raw]
        self.n_clusters_ = int(len(np.unique(self.labels_)))
        self.silhouette_ = float(scores.loc[chosen, "silhouette"])
        self._profile(matrix)
        self._check_stability(Z, chosen, bootstrap_seed)
        return self

    def predict(self, X: pd.DataFrame | np.ndarray) -> np.ndarray:
        """Assign rows to the fitted clusters.

        Parameters
        ----------
        X : DataFrame or array
            The same columns as in :meth:`fit` (a DataFrame is matched by
            column name, in any order).

        Returns
        -------
        ndarray of int
            The cluster of each row, numbered as in ``labels_``.
        """
        check_is_fitted(self, "labels_")
        if isinstance(X, pd.DataFrame) and hasattr(self, "feature_names_in_"):
            missing = [name for name in self.feature_names_in_ if name not in X.columns]
            if missing:
                raise ValueError(f"X lacks the column(s) {', '.join(map(repr, missing))} the clusterer was fitted on.")
            X = X[list(self.feature_names_in_)]
        matrix, names = self._as_matrix(X)
        self._validate(names, matrix)
        if matrix.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {matrix.shape[1]} column(s); the clusterer was fitted on {self.n_features_in_}.")
        return self._label_map[np.asarray(self.model_.predict(self._space(matrix)), dtype=np.int64)]

    # --- internals -----------------------------------------------------------------------------

    def _space(self, matrix: np.ndarray) -> np.ndarray:
        """The clustering space: standardised columns when ``scale``, else the values as given."""
        if not self.scale:
            return matrix
        scales = np.where(_constant(self.scales_, np.abs(self.means_)), 1.0, self.scales_)
        return (matrix - self.means_) / scales

    def _profile(self, matrix: np.ndarray) -> None:
        frame = pd.DataFrame(matrix, columns=self.feature_names_)
        self.profiles_, self.cluster_means_, self.cluster_sizes_ = cluster_profiles(frame, self.labels_)

    def _check_stability(self, Z: np.ndarray, k: int, seed: int) -> None:
        if self.n_bootstrap == 0:
            self.stability_scores_ = np.empty(0)
            self.stability_ = float("nan")
            return
        random = np.random.default_rng(seed)
        size = min(len(Z), self.minibatch_threshold)
        scores = []
        for _ in range(self.n_bootstrap):
            rows = random.integers(0, len(Z), size=size)
            refit_seed = int(random.integers(_SEED_MAX))
            sample = Z[rows]
            with self._threads(self.minibatch_):
                model = self._model(k, refit_seed, self.minibatch_, sample)
                labels = model.fit_predict(sample) if self.method == "gmm" else model.fit(sample).labels_
            scores.append(adjusted_rand_score(self.labels_[rows], labels))
        self.stability_scores_ = np.asarray(scores, dtype="float64")
        self.stability_ = float(self.stability_scores_.mean())
