"""The e-Kinerja activity model: what an ASN reports, on which days, and when it is approved.

:func:`draw_activities` is the model behind every demo activity, called by the CSV demo
(:mod:`kinerja.demo.performance`) and by the Parquet writer (:mod:`kinerja.demo.parquet`).
The descriptions come from ``work.yaml``; an activity refers to its description by its
index in :data:`ACTIVITY_TEXTS`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kinerja.demo.catalogue import catalogue, frozen
from kinerja.demo.writers import MISSING, to_seconds

__all__ = ["ACTIVITY_CATEGORIES", "ACTIVITY_TEXT", "ACTIVITY_TEXTS", "ACTIVITY_TEXT_OFFSETS", "draw_activities"]

ACTIVITY_TEXT: dict[str, tuple[str, ...]] = frozen(catalogue("work")["activities"])
"""The descriptions of the activities of each group of roles (category Tugas Jabatan)."""
GENERIC_ACTIVITY: tuple[tuple[str, str], ...] = tuple(
    (entry["text"], entry["category"]) for entry in catalogue("work")["generic_activities"])
"""Descriptions any ASN may report, with their category."""
ACTIVITY_TEXTS = np.array([t for texts in ACTIVITY_TEXT.values() for t in texts]
                          + [t for t, _ in GENERIC_ACTIVITY], dtype=object)
"""Every activity description: the groups' own in ``ACTIVITY_TEXT`` order, then the generic ones."""
ACTIVITY_CATEGORIES = np.array(["Tugas Jabatan"] * (len(ACTIVITY_TEXTS) - len(GENERIC_ACTIVITY))
                               + [c for _, c in GENERIC_ACTIVITY], dtype=object)
"""The category of each description of ``ACTIVITY_TEXTS``."""
ACTIVITY_TEXT_LENGTHS = np.array([len(texts) for texts in ACTIVITY_TEXT.values()])
ACTIVITY_TEXT_OFFSETS = np.concatenate([[0], np.cumsum(ACTIVITY_TEXT_LENGTHS)[:-1]])
"""Where each group's descriptions start in ``ACTIVITY_TEXTS``."""


def draw_activities(frame: pd.DataFrame, workdays: dict[int, np.ndarray], rng: np.random.Generator) -> pd.DataFrame:
    """Draw the e-Kinerja activities of some employees: the model behind every demo activity.

    Each employee reports on a working day of the unit's calendar with probability ``p_report``
    from the adoption day on (always on the adoption day itself), one or (with probability 0.2)
    two activities a day; an activity is submitted the same afternoon or evening with probability
    ``p_on_time``, else 1-3 days later (2-6 for the ``manajemen_waktu`` group); 96% are approved,
    0-3 days after submission, 3% still wait and 1% are rejected.

    Parameters
    ----------
    frame
        Employees, with ``wpw``, ``adopt_index``, ``p_report``, ``p_on_time``, ``training_need``
        and ``group`` (as made by the generator).
    workdays
        Working days (datetime64[D]) from the rollout, per number of working days a week.
    rng
        The random stream; the draws depend only on it, ``frame`` and ``workdays``.

    Returns
    -------
    pandas.DataFrame
        One row per activity, in employee-group order: ``employee`` (position in ``frame``),
        ``day`` (datetime64[D]), ``submitted`` and ``approved`` (int64 seconds since 1970;
        ``MISSING`` when not approved), ``status`` (Indonesian, as e-Kinerja exports it),
        ``text_index`` (into ``ACTIVITY_TEXTS``), ``duration`` (minutes) and ``on_time``.
    """
    employee_parts, day_parts = [], []
    wpw = frame["wpw"].to_numpy()
    adopt = frame["adopt_index"].to_numpy()
    p_report = frame["p_report"].to_numpy()
    for days_per_week, days in workdays.items():
        members = np.flatnonzero(wpw == days_per_week)
        if not len(members):
            continue
        reported = rng.random((len(members), len(days))) < p_report[members, None]
        reported &= np.arange(len(days))[None, :] >= adopt[members, None]
        reported[np.arange(len(members)), adopt[members]] = True  # the first report is on adoption day
        e, d = np.nonzero(reported)
        employee_parts.append(members[e])
        day_parts.append(days[d])
    employee = np.concatenate(employee_parts)
    day = np.concatenate(day_parts)
    per_day = 1 + (rng.random(len(employee)) < 0.2)
    employee = np.repeat(employee, per_day)
    day = np.repeat(day, per_day)
    n = len(employee)

    # Per-employee lookups, then indexed: comparing text once per employee, not once per activity.
    time_management = (frame["training_need"] == "manajemen_waktu").to_numpy()[employee]
    on_time = rng.random(n) < frame["p_on_time"].to_numpy()[employee]
    late_days = np.where(time_management, rng.integers(2, 7, n), rng.integers(1, 4, n))
    afternoon = rng.random(n) < 0.85
    same_day_time = np.where(afternoon, 13 * 3600 + rng.integers(0, 5 * 3600, n),
                             18 * 3600 + rng.integers(0, 4 * 3600 + 1800, n))
    late_time = 7 * 3600 + rng.integers(0, 15 * 3600, n)
    day_seconds = to_seconds(day)
    submitted = np.where(on_time, day_seconds + same_day_time, day_seconds + late_days * 86400 + late_time)
    status_draw = rng.random(n)
    status = np.where(status_draw < 0.03, "Menunggu Persetujuan",
                      np.where(status_draw < 0.04, "Ditolak", "Disetujui")).astype(object)
    # Supervisors approve 0-3 days later, in the day or evening, never before the report.
    approval_day = submitted - submitted % 86400 + rng.choice(4, n, p=[0.45, 0.3, 0.15, 0.1]) * 86400
    approved = approval_day + 7 * 3600 + 1800 + rng.integers(0, 12 * 3600 + 1800, n)
    approved = np.where(approved <= submitted, submitted + rng.integers(300, 7200, n), approved)
    approved = np.where(status == "Disetujui", approved, MISSING)

    lengths = ACTIVITY_TEXT_LENGTHS
    group_id = pd.Index(list(ACTIVITY_TEXT)).get_indexer(frame["group"].to_numpy())[employee]
    specific = ACTIVITY_TEXT_OFFSETS[group_id] + np.floor(rng.random(n) * lengths[group_id]).astype(int)
    generic = lengths.sum() + rng.integers(0, len(GENERIC_ACTIVITY), n)
    text_index = np.where(rng.random(n) < 0.82, specific, generic)
    durations = rng.choice(np.array([30, 45, 60, 90, 120, 150, 180, 240]), n,
                           p=[0.1, 0.1, 0.2, 0.2, 0.2, 0.08, 0.08, 0.04])
    return pd.DataFrame({
        "employee": employee, "day": day, "submitted": submitted, "approved": approved,
        "status": status, "text_index": text_index, "duration": durations, "on_time": on_time,
    })
