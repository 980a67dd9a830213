"""Training need: features, clustering, catalogue, recommendations and participant lists.

Training follows evaluation: ASN below standard get training, and every PNS
has the right to at least 20 JP (jam pelajaran) of competency development a
year (PP 11/2017 art. 203(4), as amended by PP 17/2020); a PPPK's is at most
24 JP a year (PP 49/2018 art. 40). The steps, each a function, each in the module that
answers its question:

1. :func:`~kinerja.training.features.build_features` turns a quarter's data
   into one row of numbers per ASN, with missing values imputed by a stated
   rule and counted (:mod:`kinerja.training.features` lists the features).
2. :class:`~kinerja.training.clustering.TrainingNeedClusterer` groups the ASN
   on :data:`~kinerja.training.features.CLUSTER_FEATURES` (why these: see
   there); :func:`~kinerja.training.clustering.principal_components` draws
   them on two components.
3. :func:`~kinerja.training.catalogue.load_catalogue` reads
   ``parameters/training_catalogue.yaml``: the programs (Manajemen Waktu,
   Komunikasi Efektif, ...) and the features whose low or high values call
   for each. Evaluators edit the file, not the code.
4. :func:`~kinerja.training.rules.own_reasons` lists the fixed standards
   (:class:`~kinerja.training.rules.TrainingStandards`: capaian, BerAKHLAK,
   reporting, predikat) each ASN's own figures miss, and the programs they
   call for; :func:`~kinerja.training.recommendations.recommend` gives each
   ASN those programs (plus those their unit's survey and complaints call
   for) and flags the PNS who had fewer than 20 JP in the last year.
   :func:`~kinerja.training.recommendations.describe_clusters` describes each
   cluster as a group, by its averages, for planning
   (:func:`~kinerja.training.recommendations.describe_profiles` from stored
   profiles), unless the silhouette shows no clear group structure
   (:func:`~kinerja.training.rules.has_structure`);
   :func:`~kinerja.training.recommendations.stability_verdict` says in words
   how stable the clusters are.
5. :func:`~kinerja.training.participants.participant_lists` cuts each
   program's participants into batches (angkatan) of at most ``capacity``;
   :func:`~kinerja.training.participants.write_participant_lists` writes them
   to a restricted XLSX file (names and NIP), and
   :func:`~kinerja.training.participants.program_counts` gives counts per
   program and unit, without names, for the HTML report, where
   :func:`kinerja.core.privacy.suppress_small_counts` hides the small cells.
"""

from __future__ import annotations

from kinerja.training.catalogue import (
    CATALOGUE_PATH,
    Catalogue,
    Program,
    load_catalogue,
)
from kinerja.training.clustering import (
    DEFAULT_K_RANGE,
    DEFAULT_MINIBATCH_THRESHOLD,
    DEFAULT_N_BOOTSTRAP,
    DEFAULT_SILHOUETTE_SAMPLE_SIZE,
    METHODS,
    PrincipalComponents,
    TrainingNeedClusterer,
    cluster_profiles,
    principal_components,
)
from kinerja.training.features import (
    BERAKHLAK_SCORES,
    CLUSTER_FEATURES,
    FEATURE_NAMES,
    FEATURES,
    INTERPERSONAL_VALUES,
    Feature,
    TrainingFeatures,
    build_features,
    jp_unknown,
    jp_window,
    tenure_years,
)
from kinerja.training.participants import (
    DEFAULT_CAPACITY,
    participant_lists,
    program_counts,
    safe_text,
    write_participant_lists,
)
from kinerja.training.recommendations import (
    MIN_JP_PER_YEAR,
    STABILITY_BANDS,
    describe_clusters,
    describe_profiles,
    reason_phrase,
    recommend,
    stability_verdict,
    unit_triggers,
)
from kinerja.training.rules import (
    NO_STRUCTURE_SILHOUETTE,
    REASON_COLUMNS,
    RULES,
    TrainingStandards,
    has_structure,
    own_reasons,
)

__all__ = [
    "BERAKHLAK_SCORES",
    "CATALOGUE_PATH",
    "CLUSTER_FEATURES",
    "DEFAULT_CAPACITY",
    "DEFAULT_K_RANGE",
    "DEFAULT_MINIBATCH_THRESHOLD",
    "DEFAULT_N_BOOTSTRAP",
    "DEFAULT_SILHOUETTE_SAMPLE_SIZE",
    "FEATURES",
    "FEATURE_NAMES",
    "INTERPERSONAL_VALUES",
    "METHODS",
    "MIN_JP_PER_YEAR",
    "NO_STRUCTURE_SILHOUETTE",
    "REASON_COLUMNS",
    "RULES",
    "STABILITY_BANDS",
    "Catalogue",
    "Feature",
    "PrincipalComponents",
    "Program",
    "TrainingFeatures",
    "TrainingNeedClusterer",
    "TrainingStandards",
    "build_features",
    "cluster_profiles",
    "describe_clusters",
    "describe_profiles",
    "has_structure",
    "jp_unknown",
    "jp_window",
    "load_catalogue",
    "own_reasons",
    "participant_lists",
    "principal_components",
    "program_counts",
    "reason_phrase",
    "recommend",
    "safe_text",
    "stability_verdict",
    "tenure_years",
    "unit_triggers",
    "write_participant_lists",
]
