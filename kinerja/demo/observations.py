"""Direct observation by supervisors (pengamatan langsung): ``pengamatan.csv``.

About :data:`~kinerja.demo.planted.OBSERVED_SHARE` of the ASN are observed 1-4 times a quarter
by their supervisor, on a BerAKHLAK value drawn at random; an observation is positive with a
probability that follows the ASN's rating of that value in that quarter in ``perilaku.xlsx``
(:data:`~kinerja.demo.planted.OBSERVATION_POSITIVE`), and its note comes from
``observations.yaml``. It falls on a working day when neither the ASN nor the observer is away.
Planted: one row on "Disiplin", an aspect of the old form, not a BerAKHLAK value. Drawn from
the stream ``observations`` (:meth:`~kinerja.demo.generator.Generator.stream`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kinerja.data.dictionary import BERAKHLAK
from kinerja.demo.catalogue import catalogue, frozen
from kinerja.demo.generator import Generator, bad_row
from kinerja.demo.organisation import KECAMATAN_CODE
from kinerja.demo.planted import (
    OBSERVATION_POSITIVE,
    OBSERVATIONS_PER_QUARTER,
    OBSERVED_SHARE,
)
from kinerja.demo.writers import format_days

__all__ = ["OBSERVATION_FILE", "make_observations", "observers"]

OBSERVATION_FILE = "pengamatan.csv"
"""The file of the observations, with Indonesian headers and ISO dates."""

_CATALOGUE = catalogue("observations")
_KIND_LABELS: dict[str, str] = _CATALOGUE["kinds"]
_NOTES: dict[str, dict[str, tuple[str, ...]]] = frozen(_CATALOGUE["notes"])
_UNKNOWN: dict[str, str] = _CATALOGUE["unknown_value"]
_RATING_LABELS = ("Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi")
"""The behaviour ratings by their code in ``Generator.behaviour_ratings`` (0, 1, 2)."""
_SECRETARY = "Sekretaris Camat"


def observers(frame: pd.DataFrame) -> np.ndarray:
    """Position in `frame` of who observes each ASN; -1 for nobody.

    The supervisor of the employees file (the unit head; the camat for a lurah); the camat for
    the other unit heads, and the Sekretaris Camat for the camat, who never observes themself.
    """
    position_of = pd.Index(frame["nip"])
    kecamatan = (frame["unit_code"] == KECAMATAN_CODE).to_numpy()
    head = frame["head"].to_numpy()
    camat = np.flatnonzero(kecamatan & head)
    secretary = np.flatnonzero(kecamatan & (frame["position"] == _SECRETARY).to_numpy())
    fallback = np.where(kecamatan & head, secretary[0] if len(secretary) else -1, camat[0] if len(camat) else -1)
    supervisor = position_of.get_indexer(frame["supervisor_nip"])
    return np.where(supervisor >= 0, supervisor, fallback)


def make_observations(generator: Generator, frame: pd.DataFrame, away: np.ndarray) -> pd.DataFrame:
    """``pengamatan.csv``; the truth goes to ``generator.observations``, the bad row to ``generator.bad_rows``.

    Parameters
    ----------
    generator
        The draw, with ``behaviour_ratings`` made (:func:`~kinerja.demo.performance.make_behaviour`).
    frame
        The employees.
    away
        Employees x working days of their calendar, True where away
        (:func:`~kinerja.demo.absences.make_absences`).

    Returns
    -------
    pandas.DataFrame
        NIP, NIP Pengamat, Tanggal Pengamatan, Nilai BerAKHLAK, Jenis, Catatan, ordered by date.
    """
    rng = generator.stream("observations")
    wpw = frame["wpw"].to_numpy()
    observer = observers(frame)
    observed = np.flatnonzero((rng.random(len(frame)) < OBSERVED_SHARE) & (observer >= 0))
    ratings = generator.behaviour_ratings
    positive_probability = np.array([OBSERVATION_POSITIVE[label] for label in _RATING_LABELS])
    low, high = OBSERVATIONS_PER_QUARTER
    rows: list[tuple[Any, ...]] = []  # (day, employee, observer, value, positive, note, rating)
    for e in observed:
        calendar = generator.workdays[wpw[e]]
        o = observer[e]
        # Days the ASN works and is present, and the observer too.
        present = np.flatnonzero(~away[e, :len(calendar)])
        at_observer = generator.workday_positions(np.full(len(present), wpw[o]), calendar[present])
        present = present[(at_observer >= 0) & ~away[o, at_observer]]
        quarter_of_day = generator.quarter_index(calendar[present])
        for q in range(len(generator.quarters)):
            days = calendar[present[quarter_of_day == q]]
            count = int(rng.integers(low, high + 1))
            picked = np.sort(rng.choice(len(days), min(count, len(days)), replace=False))
            values = rng.integers(0, len(BERAKHLAK), len(picked))
            rating = ratings[e, q, values]
            positive = rng.random(len(picked)) < positive_probability[rating]
            for day, value, good, level in zip(days[picked], values, positive, rating):
                kind = "positive" if good else "needs_improvement"
                notes = _NOTES[BERAKHLAK[value][0]][kind]
                rows.append((day, e, o, BERAKHLAK[value][1], _KIND_LABELS[kind],
                             notes[int(rng.integers(len(notes)))], int(level)))
    # Planted: a note on Disiplin, the old form's aspect, by one of the observers.
    pick = rows[int(rng.integers(len(rows)))]
    rows.append((pick[0], pick[1], pick[2], _UNKNOWN["value"], _UNKNOWN["kind"], _UNKNOWN["note"], -1))
    rows.sort(key=lambda row: (row[0], row[1], row[3]))
    bad_position = next(i for i, row in enumerate(rows) if row[6] < 0)

    nips = frame["nip"].to_numpy()
    table = pd.DataFrame({
        "NIP": [nips[row[1]] for row in rows],
        "NIP Pengamat": [nips[row[2]] for row in rows],
        "Tanggal Pengamatan": format_days(np.array([row[0] for row in rows], dtype="datetime64[D]"), "iso"),
        "Nilai BerAKHLAK": [row[3] for row in rows],
        "Jenis": [row[4] for row in rows],
        "Catatan": [row[5] for row in rows],
    })
    generator.bad_rows.append(bad_row("observations", OBSERVATION_FILE, bad_position + 2, "core_value",
                                      "invalid_choice", _UNKNOWN["value"], "not a BerAKHLAK core value"))
    level = np.array([row[6] for row in rows])
    good = table["Jenis"].to_numpy() == _KIND_LABELS["positive"]
    generator.observations = {
        "file": OBSERVATION_FILE,
        "observed_asn": len(observed),
        "observed_share": OBSERVED_SHARE,
        "per_quarter": list(OBSERVATIONS_PER_QUARTER),
        "observer_rule": "the supervisor of the employees file (the unit head; the camat for a lurah); the camat "
                         "for the other unit heads; the Sekretaris Camat for the camat",
        "positive_probability": OBSERVATION_POSITIVE,
        "positive_share_by_rating": {label: round(float(good[level == code].mean()), 4)
                                     for code, label in enumerate(_RATING_LABELS) if (level == code).any()},
        "observations_by_rating": {label: int((level == code).sum()) for code, label in enumerate(_RATING_LABELS)},
        "note": "shares over the rows generated, the bad row excepted, by the ASN's true rating of the value in "
                "the quarter (perilaku.xlsx, where one cell is a planted bad row)",
    }
    return table
