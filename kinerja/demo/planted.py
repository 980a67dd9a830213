"""The structure planted in the demo data, so that the analyses have something true to find.

1. training-need groups (late reporting, poor service behaviour, low reporting rate, low SKP
   attainment), assigned at random (:data:`TRAINING_NEED_SHARES`);
2. adoption of e-Kinerja delayed in proportion to each ASN's latent resistance to change,
   which the Oreg survey measures (``RESISTANCE_*``, ``DELAY_*``);
3. sosialisasi, attended at random, lowering resistance by 0.5 points (``SOSIALISASI_*``);
4. the outpatient waiting time of one Puskesmas jumping above the 60-minute standard in the
   last quarter (``WAITING_*``);
5. one kelurahan office falling to IKM grade C in the last quarter (``IKM_PLANTED_*``);
6. about a dozen realistic bad rows, listed by file and row (planted where each table is made);
7. one female ASN on three months of Cuti Melahirkan from the middle of the last quarter, with no
   e-Kinerja report while away (``MATERNITY_*``; every absence removes the reports of its days);
8. activities naming an SKP indicator with probability ``SKP_LINK_PROBABILITY`` by category, but
   ``LOW_LINK_FACTOR`` times that in one mid-sized unit, and one ASN with an indicator of the last
   quarter that no activity names;
9. direct observations of about ``OBSERVED_SHARE`` of the ASN, positive with a probability that
   follows the ASN's behaviour rating of the value observed (``OBSERVATION_POSITIVE``);
10. citizens in the loop: a forum topic of the IKM unit (``IKM_PLANTED_UNIT``) in the last quarter about
    its weakest unsur of that quarter; an action of ``FOLLOW_UP_DONE_UNIT`` on its weakest unsur, done in
    the quarter before the last and followed by a better NRR of that unsur in the last quarter
    (``FOLLOW_UP_IMPROVEMENT``); an action of ``FOLLOW_UP_OVERDUE_UNIT`` of the quarter before the last,
    due in its middle and not done (:mod:`kinerja.demo.participation`).

``ground_truth.json`` records all of it (:mod:`kinerja.demo.folder`); the tests check the
analyses against these values.
"""

from __future__ import annotations

__all__ = [
    "DELAY_DAYS_PER_POINT", "DELAY_GAMMA_SHAPE", "DELAY_INTERCEPT_DAYS", "FOLLOW_UP_DONE_UNIT", "FOLLOW_UP_IMPROVEMENT",
    "FOLLOW_UP_OVERDUE_DAYS", "FOLLOW_UP_OVERDUE_UNIT", "IKM_PLANTED_TARGET", "IKM_PLANTED_UNIT",
    "LOW_LINK_FACTOR", "MATERNITY_AGE", "OBSERVATIONS_PER_QUARTER", "OBSERVATION_POSITIVE", "OBSERVED_SHARE",
    "ON_TIME_PER_POINT", "RESISTANCE_AGE_PER_YEAR", "RESISTANCE_MEAN", "RESISTANCE_SD", "SKP_LINK_PROBABILITY",
    "SOSIALISASI_ATTENDANCE", "SOSIALISASI_EFFECT", "TRAINING_NEED_FEATURES", "TRAINING_NEED_SHARES",
    "WAITING_AFTER_MEDIAN", "WAITING_BEFORE_MEDIAN", "WAITING_PLANTED_UNIT", "WAITING_STANDARD_MINUTES",
]

TRAINING_NEED_SHARES: dict[str, float] = {
    "manajemen_waktu": 0.15,
    "komunikasi_efektif": 0.15,
    "literasi_digital": 0.12,
    "kompetensi_teknis": 0.10,
}
"""Share of the ASN of each unit in each training-need group (the rest: ``none``)."""
TRAINING_NEED_FEATURES: dict[str, list[str]] = {
    "manajemen_waktu": ["on_time_rate"],
    "komunikasi_efektif": ["berorientasi_pelayanan", "harmonis", "kolaboratif"],
    "literasi_digital": ["reporting_rate"],
    "kompetensi_teknis": ["skp_attainment"],
}
"""The features in which each group stands out."""

RESISTANCE_MEAN = 3.4
RESISTANCE_SD = 0.75
RESISTANCE_AGE_PER_YEAR = 0.015
DELAY_INTERCEPT_DAYS = 3.0
DELAY_DAYS_PER_POINT = 12.0
DELAY_GAMMA_SHAPE = 6.0
ON_TIME_PER_POINT = -0.03
SOSIALISASI_EFFECT = -0.5
SOSIALISASI_ATTENDANCE = 0.55

WAITING_STANDARD_MINUTES = 60
WAITING_PLANTED_UNIT = "PKM-KTW"
WAITING_BEFORE_MEDIAN = 38.0
WAITING_AFTER_MEDIAN = 70.0

IKM_PLANTED_UNIT = "KEL-MYR"
IKM_PLANTED_TARGET = 72.0

MATERNITY_AGE = (24.0, 40.0)
"""Ages (at the end of the demo) among which the ASN on maternity leave is drawn."""

SKP_LINK_PROBABILITY: dict[str, float] = {"Tugas Jabatan": 0.95, "other": 0.40}
"""Probability that an activity names an SKP indicator, by category (about 0.85 overall)."""
LOW_LINK_FACTOR = 0.3
"""In the planted unit the probabilities are this much of ``SKP_LINK_PROBABILITY`` (about 0.25 overall)."""

OBSERVED_SHARE = 0.4
OBSERVATIONS_PER_QUARTER = (1, 4)
OBSERVATION_POSITIVE: dict[str, float] = {
    "Di Bawah Ekspektasi": 0.2,
    "Sesuai Ekspektasi": 0.7,
    "Di Atas Ekspektasi": 0.9,
}
"""Probability that an observation is positive, by the ASN's rating of the value in the quarter."""

FOLLOW_UP_DONE_UNIT = "KEL-CKU"
"""The unit whose action on its weakest unsur is done in the quarter before the last."""
FOLLOW_UP_IMPROVEMENT = 0.5
"""In the last quarter, the probability that an answer below 4 to that unsur in that unit is one point higher."""
FOLLOW_UP_OVERDUE_UNIT = "KEL-CLN"
"""The unit with an action of the quarter before the last that is not done by its due date."""
FOLLOW_UP_OVERDUE_DAYS = 45
"""The overdue action is due this many days after the first day of its quarter."""
