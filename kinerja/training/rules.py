"""The person's own evidence: which programmes a person's figures call for, against fixed standards.

A programme is proposed to an ASN because one of their own figures of the
quarter misses a fixed standard (:class:`TrainingStandards`), never because
of the group they were clustered into, and never against the other ASN (a
z-score would always find someone "low"). :func:`own_reasons` lists every
rule a person misses, with their value and the standard, and the programmes
of the catalogue that rule calls for:

=============  =============================================  ==========================  ===========================
rule           missed when                                    default standard            programmes: the catalogue's
=============  =============================================  ==========================  ===========================
``capaian``    SKP capaian below the standard                 90 % (the Sesuai            ``low`` of ``skp_attainment``
                                                              Ekspektasi threshold)       (Kompetensi Teknis)
``berakhlak``  a BerAKHLAK value rated at or below the        Di Bawah Ekspektasi         ``low`` of that value
               standard                                                                   (e.g. Kolaboratif: Komunikasi
                                                                                          Efektif)
``reporting``  e-Kinerja reporting rate below the standard    the run's reporting         ``low`` of ``reporting_rate``
                                                              standard, 80 %              (Literasi Digital)
``predikat``   predikat kinerja at or below the standard,     Butuh Perbaikan (so also    ``low`` of ``skp_attainment``:
               with hasil kerja rated Di Bawah Ekspektasi     Kurang, Sangat Kurang)      the programme of hasil kerja
=============  =============================================  ==========================  ===========================

A predikat low because perilaku kerja is rated Di Bawah Ekspektasi (Kurang)
is already answered by the BerAKHLAK values rated below, and does not call
for the programme of hasil kerja. A value that was missing and imputed (:attr:`TrainingFeatures.missing`) is
not the person's own and is never judged. The 20 JP minimum of a PNS is
flagged separately (:func:`kinerja.training.recommend`); any programme counts
towards it.

Clusters are kept to describe groups for planning; when the best silhouette
is under :data:`NO_STRUCTURE_SILHOUETTE`, the data have no clear group
structure (:func:`has_structure`) and the clusters are not described at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kinerja.metrics.registry import DEFAULT_REPORTING_STANDARD
from kinerja.metrics.skp import (
    BELOW,
    BUTUH_PERBAIKAN,
    DEFAULT_MEETS,
    PREDIKAT,
    normalise_rating,
)
from kinerja.training.catalogue import Catalogue
from kinerja.training.features import (
    BERAKHLAK_NAMES,
    BERAKHLAK_SCORES,
    TrainingFeatures,
    frame_and_mask,
)

__all__ = [
    "HASIL_KERJA",
    "NO_STRUCTURE_SILHOUETTE",
    "REASON_COLUMNS",
    "RULES",
    "TrainingStandards",
    "has_structure",
    "own_reasons",
]

NO_STRUCTURE_SILHOUETTE = 0.25
"""Best mean silhouette under which the data have no clear group structure.

Kaufman & Rousseeuw (1990), *Finding Groups in Data* (Wiley), on the silhouette coefficient: an average
silhouette of 0.25 or less means "no substantial structure has been found".
Below it the clusters are not described as groups; recommendations come from
the rules alone, as they always do.
"""

RULES: tuple[str, ...] = ("capaian", "berakhlak", "reporting", "predikat")
"""The rules, in the order a person's reasons are listed (the module's table says what each calls for)."""
HASIL_KERJA = "skp_attainment"
"""The feature of hasil kerja: the predikat rule calls for its programmes."""

REASON_COLUMNS = ("nip", "program", "rule", "feature", "value", "rating", "standard", "standard_rating")
"""The columns of :func:`own_reasons`."""


@dataclass(frozen=True)
class TrainingStandards:
    """The fixed standards a person's own figures are judged by.

    Attributes
    ----------
    capaian
        SKP capaian below which the capaian rule is missed; default 0.90, the
        lowest capaian rated Sesuai Ekspektasi (:data:`kinerja.metrics.skp.DEFAULT_MEETS`).
    reporting
        e-Kinerja reporting rate below which the reporting rule is missed; the
        run's ``reporting_standard`` (default
        :data:`kinerja.metrics.registry.DEFAULT_REPORTING_STANDARD`, 0.80).
    berakhlak
        The rating of a BerAKHLAK value at or below which it is missed;
        default Di Bawah Ekspektasi, the lowest rating.
    predikat
        The predikat kinerja at or below which the predikat rule is missed
        (:data:`kinerja.metrics.skp.PREDIKAT`, best first); default Butuh
        Perbaikan, so Kurang/Misconduct and Sangat Kurang too.
    """

    capaian: float = DEFAULT_MEETS
    reporting: float = DEFAULT_REPORTING_STANDARD
    berakhlak: str = BELOW
    predikat: str = BUTUH_PERBAIKAN

    def __post_init__(self) -> None:
        for name in ("capaian", "reporting"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
                raise ValueError(f"the {name} standard must be a share greater than 0, not {value!r}.")
        object.__setattr__(self, "berakhlak", normalise_rating(self.berakhlak, "the berakhlak standard"))
        if self.predikat not in PREDIKAT:
            raise ValueError(f"the predikat standard {self.predikat!r} is not a predikat; use one of "
                             f"{', '.join(PREDIKAT)}.")


def has_structure(silhouette: float) -> bool:
    """Whether a best mean silhouette shows a clear group structure (at least :data:`NO_STRUCTURE_SILHOUETTE`)."""
    return bool(silhouette >= NO_STRUCTURE_SILHOUETTE)


def _programs(feature: str, catalogue: Catalogue) -> list[str]:
    return [code for code, program in catalogue.programs.items() if feature in program.low]


def own_reasons(features: TrainingFeatures | pd.DataFrame, catalogue: Catalogue, standards: TrainingStandards | None = None, *,
                predikat: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every rule each ASN's own figures miss, with the programmes it calls for.

    Parameters
    ----------
    features
        The quarter's :class:`TrainingFeatures`, whose imputed values are not judged
        (or a DataFrame of features indexed by NIP, none of them imputed).
    catalogue
        The programmes, and the features whose low values call for each.
    standards
        The standards; None for the defaults.
    predikat
        Index NIP: ``predikat`` and ``hasil_kerja_rating`` of the quarter
        (:func:`kinerja.metrics.skp.employee_predikat`); None or missing values: not judged.

    Returns
    -------
    pandas.DataFrame
        One row per ASN, rule and programme (:data:`REASON_COLUMNS`):
        ``rule`` (:data:`RULES`), ``feature``, ``value`` (the person's
        capaian or reporting rate, NaN for a rating), ``rating`` (the
        person's BerAKHLAK rating or predikat, None for a share),
        ``standard`` and ``standard_rating`` likewise; in the order of the
        ASN, then of :data:`RULES`, then of the catalogue.
    """
    standards = standards or TrainingStandards()
    frame, missing = frame_and_mask(features)
    ratings = {score: label for label, score in BERAKHLAK_SCORES.items()}
    limit = BERAKHLAK_SCORES[standards.berakhlak]
    flagged = set(PREDIKAT[PREDIKAT.index(standards.predikat):])
    rows: list[tuple[object, ...]] = []

    def add(nips: pd.Index, rule: str, feature: str, values: pd.Series | None, labels: pd.Series | None,
            standard: float, standard_rating: str | None) -> None:
        for code in _programs(feature, catalogue):
            rows.extend((nip, code, rule, feature, math.nan if values is None else float(values[nip]),
                         None if labels is None else str(labels[nip]), standard, standard_rating) for nip in nips)

    for rule, feature, standard in (("capaian", "skp_attainment", standards.capaian),
                                    ("reporting", "reporting_rate", standards.reporting)):
        if feature in frame:
            values = frame[feature]
            add(values.index[(values < standard) & ~missing[feature]], rule, feature, values, None, float(standard),
                None)
    for name in (n for n in BERAKHLAK_NAMES if n in frame):
        scores = frame[name]
        add(scores.index[(scores <= limit) & ~missing[name]], "berakhlak", name, None, scores.round().map(ratings),
            math.nan, standards.berakhlak)
    if predikat is not None:
        known = predikat.reindex(frame.index)
        low = known["predikat"].map(lambda value: isinstance(value, str) and value in flagged).astype(bool) \
            & (known["hasil_kerja_rating"] == BELOW).fillna(False).astype(bool)
        add(known.index[low], "predikat", HASIL_KERJA, None, known["predikat"], math.nan, standards.predikat)
    table = pd.DataFrame(rows, columns=list(REASON_COLUMNS))
    order = {rule: i for i, rule in enumerate(RULES)}
    position = pd.Series(range(len(frame)), index=frame.index)
    programs = {code: i for i, code in enumerate(catalogue.programs)}
    keys = pd.DataFrame({"asn": table["nip"].map(position), "rule": table["rule"].map(order),
                         "program": table["program"].map(programs)})
    return table.loc[keys.sort_values(list(keys.columns), kind="stable").index].reset_index(drop=True)
