"""Specification of the clusterer: scikit-learn conventions, k by the silhouette, profiles, stability.

Reference: Ruspini (1970), 75 points in the plane with four natural groups
(R package cluster, ``data/ruspini.tab``; GPL >= 2), read from
``tests/data/reference/``. R's saved test output ``tests/pam.Rout.save``
gives ``pam(ruspini, 4)`` an average silhouette width of 0.737657, and
k-means with k = 4 finds the same partition (groups of 23, 20, 17 and 15).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from kinerja.training.clustering import TrainingNeedClusterer, cluster_profiles

RUSPINI = Path(__file__).parent / "data" / "reference" / "ruspini.tab"


@pytest.fixture(scope="module")
def ruspini() -> pd.DataFrame:
    return pd.read_csv(RUSPINI, sep=r"\s+")[["x", "y"]]


@pytest.fixture(scope="module")
def fitted(ruspini) -> TrainingNeedClusterer:
    return TrainingNeedClusterer(k="auto", scale=False).fit(ruspini)


# --- the published answer --------------------------------------------------------------------------


def test_ruspini_unscaled_picks_four_clusters_with_rs_silhouette(fitted):
    assert fitted.n_clusters_ == 4
    assert fitted.silhouette_ == pytest.approx(0.737657, abs=0.0005)


def test_ruspini_groups_have_the_published_sizes(fitted):
    assert sorted(fitted.cluster_sizes_.tolist(), reverse=True) == [23, 20, 17, 15]
    assert fitted.cluster_sizes_.tolist() == [23, 20, 17, 15]  # cluster 0 is the largest


def test_ruspini_scaled_still_picks_four(ruspini):
    assert TrainingNeedClusterer(k="auto", scale=True).fit(ruspini).n_clusters_ == 4


def test_ruspini_gaussian_mixture_picks_four(ruspini):
    found = TrainingNeedClusterer(method="gmm", scale=False, n_bootstrap=3).fit(ruspini)
    assert found.n_clusters_ == 4
    assert found.silhouette_ == pytest.approx(0.737657, abs=0.0005)


def test_scores_cover_every_k_and_mark_the_chosen_one(fitted):
    scores = fitted.scores_
    assert scores.index.tolist() == list(range(2, 9))
    assert {"silhouette", "davies_bouldin", "calinski_harabasz", "inertia", "chosen"} <= set(scores.columns)
    assert scores.index[scores["chosen"]].tolist() == [4]
    assert scores["silhouette"].idxmax() == 4
    # On Ruspini the three indices agree: lowest Davies-Bouldin, highest Calinski-Harabasz at k = 4.
    assert scores["davies_bouldin"].idxmin() == 4
    assert scores["calinski_harabasz"].idxmax() == 4


def test_fixed_k_records_only_that_k(ruspini):
    found = TrainingNeedClusterer(k=3, scale=False, n_bootstrap=0).fit(ruspini)
    assert found.n_clusters_ == 3
    assert found.scores_.index.tolist() == [3]
    assert np.isnan(found.stability_)


# --- determinism and stability ---------------------------------------------------------------------


def test_same_random_state_gives_the_same_labels(ruspini):
    first = TrainingNeedClusterer(random_state=7, n_bootstrap=5).fit(ruspini)
    second = TrainingNeedClusterer(random_state=7, n_bootstrap=5).fit(ruspini)
    assert np.array_equal(first.labels_, second.labels_)
    assert first.stability_scores_.tolist() == second.stability_scores_.tolist()


def test_well_separated_groups_are_stable(fitted):
    assert len(fitted.stability_scores_) == 20
    assert fitted.stability_ > 0.95


def test_fit_returns_self_and_predict_reproduces_the_labels(ruspini):
    clusterer = TrainingNeedClusterer(scale=False, n_bootstrap=0)
    assert clusterer.fit(ruspini) is clusterer
    assert np.array_equal(clusterer.predict(ruspini), clusterer.labels_)
    assert np.array_equal(clusterer.fit_predict(ruspini), clusterer.labels_)


def test_predict_matches_columns_by_name(fitted, ruspini):
    assert np.array_equal(fitted.predict(ruspini[["y", "x"]]), fitted.labels_)
    with pytest.raises(ValueError, match="'y'"):
        fitted.predict(ruspini[["x"]])


def test_parameters_are_stored_untouched_and_clone_works():
    clusterer = TrainingNeedClusterer(k=3, k_range=(2, 5), method="gmm", scale=False, random_state=4)
    assert clusterer.get_params()["k_range"] == (2, 5)
    copy = clone(clusterer)
    assert copy.get_params() == clusterer.get_params()
    assert not hasattr(copy, "labels_")


# --- profiles --------------------------------------------------------------------------------------


def test_profiles_are_z_scores_of_the_original_columns_even_unscaled(fitted, ruspini):
    z = (ruspini - ruspini.mean()) / ruspini.std(ddof=0)
    expected = z.groupby(fitted.labels_).mean()
    assert fitted.profiles_.columns.tolist() == ["x", "y"]
    np.testing.assert_allclose(fitted.profiles_.to_numpy(), expected.to_numpy())
    np.testing.assert_allclose(fitted.cluster_means_.to_numpy(), ruspini.groupby(fitted.labels_).mean().to_numpy())


def test_a_constant_column_has_profile_zero():
    frame = pd.DataFrame({"a": [0.0, 0.1, 0.2, 5.0, 5.1, 5.2], "b": [0.3] * 6})
    found = TrainingNeedClusterer(k=2, n_bootstrap=0).fit(frame)
    assert (found.profiles_["b"] == 0).all()
    profiles, means, sizes = cluster_profiles(frame, found.labels_)
    assert profiles.shape == (2, 2) and sizes.tolist() == [3, 3]
    assert means["b"].tolist() == [0.3, 0.3]


def test_an_array_gets_generic_feature_names(ruspini):
    found = TrainingNeedClusterer(k=4, scale=False, n_bootstrap=0).fit(ruspini.to_numpy())
    assert found.feature_names_ == ["x0", "x1"]
    assert not hasattr(found, "feature_names_in_")
    assert found.profiles_.columns.tolist() == ["x0", "x1"]


# --- large tables ----------------------------------------------------------------------------------


def test_above_the_threshold_minibatch_and_a_silhouette_sample_are_used(ruspini):
    options = {"scale": False, "minibatch_threshold": 50, "silhouette_sample_size": 60, "n_bootstrap": 3}
    first = TrainingNeedClusterer(**options).fit(ruspini)
    second = TrainingNeedClusterer(**options).fit(ruspini)
    assert first.minibatch_
    assert type(first.model_).__name__ == "MiniBatchKMeans"
    assert first.n_clusters_ == 4
    assert np.array_equal(first.labels_, second.labels_)
    assert first.silhouette_ == second.silhouette_


def test_below_the_threshold_plain_kmeans_is_used(fitted):
    assert not fitted.minibatch_
    assert type(fitted.model_).__name__ == "KMeans"


def test_any_numeric_table_clusters():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0, 0], [8, 0, 0], [0, 8, 0]])
    frame = pd.DataFrame(np.repeat(centres, 40, axis=0) + rng.normal(0, 1, (120, 3)), columns=["p", "q", "r"])
    frame["flag"] = np.arange(120) % 2 == 0  # booleans are numbers
    found = TrainingNeedClusterer(n_bootstrap=2).fit(frame[["p", "q", "r"]])
    assert found.n_clusters_ == 3
    assert found.cluster_sizes_.tolist() == [40, 40, 40]
    TrainingNeedClusterer(k=2, n_bootstrap=0).fit(frame)


# --- validation ------------------------------------------------------------------------------------


def test_a_text_column_is_refused_by_name():
    frame = pd.DataFrame({"score": [1.0, 2.0, 3.0, 4.0], "unit": ["a", "b", "c", "d"]})
    with pytest.raises(ValueError, match="'unit' is not numeric"):
        TrainingNeedClusterer(k=2).fit(frame)


def test_a_text_column_of_an_array_is_refused_by_position():
    array = np.array([[1.0, "a"], [2.0, "b"], [3.0, "c"]], dtype=object)
    with pytest.raises(ValueError, match="column 1 is not numeric"):
        TrainingNeedClusterer(k=2).fit(array)


def test_missing_values_must_be_imputed_first():
    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0], "b": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(ValueError, match=r"missing values \(NaN\) in 'a'.*impute them first"):
        TrainingNeedClusterer(k=2).fit(frame)


def test_infinite_values_are_refused():
    with pytest.raises(ValueError, match="infinite"):
        TrainingNeedClusterer(k=2).fit(np.array([[1.0], [np.inf], [3.0]]))


def test_fewer_rows_than_clusters_is_refused():
    with pytest.raises(ValueError, match="fewer than the k = 5 clusters"):
        TrainingNeedClusterer(k=5).fit(np.arange(8.0).reshape(4, 2))


def test_too_few_rows_for_any_k_of_the_range_is_refused():
    with pytest.raises(ValueError, match="too few"):
        TrainingNeedClusterer(k_range=(3, 6)).fit(np.arange(6.0).reshape(3, 2))


@pytest.mark.parametrize("options, word", [
    ({"k": 1}, "k must be"), ({"k": "four"}, "k must be"), ({"k_range": (1, 4)}, "k_range"),
    ({"k_range": (5, 3)}, "k_range"), ({"method": "dbscan"}, "method"), ({"n_bootstrap": -1}, "n_bootstrap"),
    ({"minibatch_threshold": 0}, "minibatch_threshold"), ({"scale": "yes"}, "scale"),
])
def test_bad_parameters_are_named(options, word):
    with pytest.raises(ValueError, match=word):
        TrainingNeedClusterer(**options).fit(np.arange(20.0).reshape(10, 2))


def test_repeated_column_names_are_refused():
    frame = pd.DataFrame(np.arange(12.0).reshape(4, 3), columns=["a", "b", "a"])
    with pytest.raises(ValueError, match="'a' more than once"):
        TrainingNeedClusterer(k=2).fit(frame)
