"""The structure planted in the demo data, so that the analyses have something true to find.

1. training-need groups (late reporting, poor service behaviour, low reporting rate, low SKP
   attainment), assigned at random (:data:`TRAINING_NEED_SHARES`);
2. adoption of e-Kinerja delayed in proportion to each ASN's latent resistance to change,
   which the Oreg survey measures (``RESISTANCE_*``, ``DELAY_*``);
3. sosialisasi, attended at random, lowering resistance by 0.5 points (``SOSIALISASI_*``);
4. the outpatient waiting time of one Puskesmas jumping above the 60-minute standard in the
   last quarter (``WAITING_*``);
5. one kelurahan office falling to IKM grade C in the last quarter (``IKM_PLANTED_*``);
6. about a dozen realistic bad rows, listed by file and row (planted where each table is made).

``ground_truth.json`` records all of it (:mod:`kinerja.demo.folder`); the tests check the
analyses against these values.
"""

from __future__ import annotations

__all__ = [
    "DELAY_DAYS_PER_POINT", "DELAY_GAMMA_SHAPE", "DELAY_INTERCEPT_DAYS", "IKM_PLANTED_TARGET", "IKM_PLANTED_UNIT",
    "ON_TIME_PER_POINT", "RESISTANCE_AGE_PER_YEAR", "RESISTANCE_MEAN", "RESISTANCE_SD", "SOSIALISASI_ATTENDANCE",
    "SOSIALISASI_EFFECT", "TRAINING_NEED_FEATURES", "TRAINING_NEED_SHARES", "WAITING_AFTER_MEDIAN",
    "WAITING_BEFORE_MEDIAN", "WAITING_PLANTED_UNIT", "WAITING_STANDARD_MINUTES",
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
