"""What the ASN did and how it was rated: e-Kinerja activities, SKP realisation and BerAKHLAK behaviour.

The CSV demo's ``aktivitas.csv`` (drawn by :func:`kinerja.demo.activities.draw_activities`,
with three planted bad rows, and the SKP indicator each activity names added by
:func:`link_indicators`), ``skp.csv`` (the indicators of ``work.yaml``; the unit heads'
waiting-time and IKM indicators take their realisation from :mod:`kinerja.demo.services`)
and ``perilaku.xlsx`` (with the communication training need planted in three core values).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kinerja.data.dictionary import BERAKHLAK
from kinerja.demo.activities import (
    ACTIVITY_CATEGORIES,
    ACTIVITY_TEXT,
    ACTIVITY_TEXT_OFFSETS,
    ACTIVITY_TEXTS,
    draw_activities,
)
from kinerja.demo.catalogue import catalogue, frozen
from kinerja.demo.generator import Generator, bad_row
from kinerja.demo.organisation import KECAMATAN_CODE
from kinerja.demo.planted import (
    IKM_PLANTED_UNIT,
    LOW_LINK_FACTOR,
    SKP_LINK_PROBABILITY,
    TRAINING_NEED_FEATURES,
    WAITING_PLANTED_UNIT,
)
from kinerja.demo.writers import format_days, format_timestamps, number_text, to_seconds

_WORK = catalogue("work")
# (indicator, measure unit, target low, target high, direction, kind)
_SKP: dict[str, tuple[tuple[str, str, float, float, str, str], ...]] = {
    group: tuple((item["indicator"], item["measure"], *item["target"], item["direction"], item["kind"])
                 for item in items)
    for group, items in _WORK["skp_indicators"].items()
}
_WAITING_INDICATOR: str = _WORK["waiting_indicator"]["indicator"]
_WAITING_TARGET: int = _WORK["waiting_indicator"]["target"]
_IKM_INDICATOR: dict[str, str] = dict(_WORK["ikm_indicator"]["by_group"])
_IKM_TARGET: int = _WORK["ikm_indicator"]["target"]
_SKP_WEIGHTS: dict[int, tuple[tuple[int, ...], ...]] = frozen(_WORK["skp_weights"])


def make_activities(generator: Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """``aktivitas.csv``; planted: a report submitted before its date, two of an ASN who moved away."""
    rng = generator.rng
    activities = draw_activities(frame, generator.workdays, rng)
    need = frame["training_need"].to_numpy()[activities["employee"].to_numpy()]
    day = activities["day"].to_numpy()
    day_seconds = to_seconds(day)
    on_time = activities["on_time"].to_numpy()
    status = activities["status"].to_numpy()
    activities = activities.drop(columns="on_time").assign(bad=np.int8(0))
    offsets = ACTIVITY_TEXT_OFFSETS
    group_names = list(ACTIVITY_TEXT)
    # Planted: a report whose clock says it was submitted the evening before the activity.
    candidates = np.flatnonzero((need == "none") & on_time & (status == "Disetujui")
                                & (generator.quarter_index(day) == len(generator.quarters) // 2))
    pick = int(candidates[int(rng.integers(len(candidates)))])
    activities.loc[pick, "submitted"] = day_seconds[pick] - 86400 + 23 * 3600 + 48 * 60 + 12
    activities.loc[pick, "bad"] = 1
    # Planted: two reports of an ASN who moved away and is not in the employees file.
    moved = generator.moved_away_employee()
    extra_days = generator.workdays[5][[4, 5]]
    extra = pd.DataFrame({
        "employee": -1, "day": extra_days,
        "submitted": to_seconds(extra_days) + np.array([15 * 3600 + 5 * 60 + 31, 16 * 3600 + 12 * 60 + 4]),
        "approved": to_seconds(extra_days) + 86400 + np.array([9 * 3600 + 2 * 60 + 50, 9 * 3600 + 3 * 60 + 7]),
        "status": "Disetujui", "text_index": [int(offsets[group_names.index("pelaksana_kantor")]),
                                              int(offsets[group_names.index("pelaksana_kantor")]) + 2],
        "duration": [90, 120], "bad": np.int8(2),
    })
    activities = pd.concat([activities, extra], ignore_index=True)
    order_of_employee = np.append(frame["order"].to_numpy(), -1)
    activities = activities.iloc[np.lexsort((
        activities["submitted"].to_numpy(), order_of_employee[activities["employee"].to_numpy()],
        activities["day"].to_numpy(),
    ))].reset_index(drop=True)
    nips = np.append(frame["nip"].to_numpy(dtype=object), moved).astype(object)
    out = pd.DataFrame({
        "ID Aktivitas": "EK" + pd.Series(np.arange(1, len(activities) + 1)).astype(str).str.zfill(7),
        "NIP": nips[activities["employee"].to_numpy()],
        "Tanggal Aktivitas": format_days(activities["day"].to_numpy(), "iso"),
        "Waktu Lapor": format_timestamps(activities["submitted"].to_numpy(), "iso"),
        "Waktu Persetujuan": format_timestamps(activities["approved"].to_numpy(), "iso"),
        "Status": activities["status"].to_numpy(),
        "Kategori": ACTIVITY_CATEGORIES[activities["text_index"].to_numpy()],
        "Durasi (menit)": activities["duration"].to_numpy(),
        "Uraian Aktivitas": ACTIVITY_TEXTS[activities["text_index"].to_numpy()],
    })
    bad = activities["bad"].to_numpy()
    for position in np.flatnonzero(bad == 2):
        generator.bad_rows.append(bad_row("activities", "aktivitas.csv", int(position) + 2, "nip",
                                          "unknown_employee", out.at[position, "NIP"],
                                          "ASN who moved away; not in the employees file"))
    position = int(np.flatnonzero(bad == 1)[0])
    generator.bad_rows.append(bad_row("activities", "aktivitas.csv", position + 2, "submitted_at",
                                      "submitted_before_activity_date", out.at[position, "Waktu Lapor"],
                                      f"activity date {out.at[position, 'Tanggal Aktivitas']}"))
    return out


def make_skp(generator: Generator, frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """``skp.csv`` (a row per indicator and quarter) and each ASN's attainment per quarter; a target in words."""
    rng = generator.rng
    n_q = len(generator.quarters)
    need = frame["training_need"].to_numpy()
    level = np.where(need == "kompetensi_teknis", rng.normal(0.75, 0.03, len(frame)),
                     rng.normal(1.0, 0.035, len(frame)))
    attainment = np.zeros((len(frame), n_q))
    rows: list[list[str]] = []
    bad_candidates: list[tuple[int, int, int]] = []  # (preference, row index, target)
    for e, employee in enumerate(frame.itertuples(index=False)):
        options = list(_SKP[employee.group])
        special: list[tuple[str, str, float, float, str, str]] = []
        if employee.group == "kapus":
            special.append((_WAITING_INDICATOR, "menit", _WAITING_TARGET, _WAITING_TARGET, "turun", "waiting"))
        if employee.head and employee.group in _IKM_INDICATOR:
            special.append((_IKM_INDICATOR[employee.group], "nilai", _IKM_TARGET, _IKM_TARGET, "naik", "ikm"))
        k = int(rng.integers(3, min(5, len(options) + len(special)) + 1))
        chosen = [options[i] for i in sorted(rng.choice(len(options), k - len(special), replace=False))]
        indicators = special + chosen
        weights = _SKP_WEIGHTS[k][int(rng.integers(3))]
        targets = []
        for _, _, lo, hi, _, kind in indicators:
            value = float(rng.uniform(lo, hi))
            targets.append(round(value) if kind in ("count", "waiting", "ikm") else round(value, 0))
        unit = employee.unit_code
        for q, quarter in enumerate(generator.quarters):
            quarter_level = level[e] + rng.normal(0, 0.035)
            total = 0.0
            for j, (indicator, measure, _, _, direction, kind) in enumerate(indicators):
                target = targets[j]
                draw = quarter_level + rng.normal(0, 0.06)
                if kind == "waiting":
                    realisation = round(generator.waiting_means[unit][quarter.label], 1)
                    text = number_text(realisation, 1)
                elif kind == "ikm":
                    realisation = generator.ikm[unit][quarter.label]
                    text = number_text(realisation, 2)
                elif kind == "pct":
                    realisation = round(min(100.0, target * draw), 1)
                    text = number_text(realisation, 1)
                else:
                    realisation = max(0, round(target * draw))
                    text = str(realisation)
                ratio = target / realisation if direction == "turun" else realisation / target
                total += weights[j] * ratio / 100
                rows.append([employee.nip, quarter.label_id, f"IKI-{j + 1}", indicator, measure,
                             number_text(target, 0), text, direction, str(weights[j])])
                if need[e] == "none" and kind == "count" and q == n_q // 2 and 3 <= target <= 9:
                    preference = 0 if unit.startswith("KEL-") and not employee.head else 1
                    bad_candidates.append((preference, len(rows) - 1, int(target)))
            attainment[e, q] = total
    words = {3: "tiga", 4: "empat", 5: "lima", 6: "enam", 7: "tujuh", 8: "delapan", 9: "sembilan"}
    _, index, target = min(bad_candidates)
    rows[index][5] = words[target]
    # utf-8-sig with a header line: the header is line 1, data from line 2.
    generator.bad_rows.append(bad_row("skp", "skp.csv", index + 2, "target", "not_a_number", words[target],
                                      "target written in words"))
    out = pd.DataFrame(rows, columns=["NIP", "Triwulan", "Kode Indikator", "Indikator Kinerja", "Satuan",
                                      "Target", "Realisasi", "Arah", "Bobot (%)"])
    return out, attainment


def make_behaviour(generator: Generator, frame: pd.DataFrame, attainment: np.ndarray) -> list[list[Any]]:
    """Rows of ``perilaku.xlsx``: BerAKHLAK, Hasil Kerja and Perilaku Kerja per ASN and quarter."""
    rng = generator.rng
    n, n_q = len(frame), len(generator.quarters)
    need = frame["training_need"].to_numpy()
    excellence = rng.choice(np.array([0.05, 0.15, 0.35]), n, p=[0.4, 0.45, 0.15])
    draws = rng.random((n, n_q, 7))
    # 0 = Di Bawah, 1 = Sesuai, 2 = Di Atas
    p_below = np.full((n, n_q, 7), 0.04)
    communication = [i for i, (name, _) in enumerate(BERAKHLAK)
                     if name in TRAINING_NEED_FEATURES["komunikasi_efektif"]]
    for i in communication:
        p_below[need == "komunikasi_efektif", :, i] = 0.75
    p_above = np.where(p_below > 0.5, 0.0, excellence[:, None, None])
    ratings = np.where(draws < p_below, 0, np.where(draws > 1 - p_above, 2, 1))
    generator.behaviour_ratings = ratings.astype(np.int8)
    below = (ratings == 0).sum(axis=2)
    above = (ratings == 2).sum(axis=2)
    perilaku = np.where(below >= 2, 0, np.where((above >= 3) & (below == 0), 2, 1))
    hasil = np.where(attainment >= 1.08, 2, np.where(attainment >= 0.9, 1, 0))
    labels = np.array(["Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi"], dtype=object)
    rows: list[list[Any]] = []
    plain = np.flatnonzero(need == "none")
    bad_employee, bad_quarter = int(plain[len(plain) // 2]), n_q // 2
    excel_row = 3  # title in row 1, header in row 2
    for q, quarter in enumerate(generator.quarters):
        tw = f"TW {quarter.label_id.split()[1]}/{quarter.year}"
        for e, (nip, name) in enumerate(zip(frame["nip"], frame["name"])):
            values = list(labels[ratings[e, q]])
            if (e, q) == (bad_employee, bad_quarter):
                values[2] = "Cukup"
                generator.bad_rows.append(bad_row("behaviour", "perilaku.xlsx", excel_row, "kompeten",
                                                  "invalid_choice", "Cukup", "not a rating"))
            rows.append([nip, name, tw, *values, labels[hasil[e, q]], labels[perilaku[e, q]]])
            excel_row += 1
    return rows


def low_link_unit(generator: Generator) -> str:
    """The unit whose activities seldom name an SKP indicator: the median-sized unit but the planted and the kecamatan."""
    others = [u for u in generator.units if u.code not in (KECAMATAN_CODE, WAITING_PLANTED_UNIT, IKM_PLANTED_UNIT)]
    ranked = sorted(others, key=lambda unit: unit.size)  # stable: equal sizes keep the units' order
    return ranked[len(ranked) // 2].code


def link_indicators(generator: Generator, frame: pd.DataFrame, activities: pd.DataFrame,
                    skp: pd.DataFrame) -> pd.DataFrame:
    """``aktivitas.csv`` with the SKP indicator each activity names: column ``RHK``, the SKP's Kode Indikator.

    An activity names one of its ASN's indicators of its quarter with the probability of its
    category (:data:`~kinerja.demo.planted.SKP_LINK_PROBABILITY`), the indicator drawn in
    proportion to its weight; else ``RHK`` is blank, as are the activities of an ASN not in
    ``frame``, and no activity names the indicator of a planted bad SKP row. Planted: in
    :func:`low_link_unit` the probabilities are :data:`~kinerja.demo.planted.LOW_LINK_FACTOR`
    times that, and one ordinary ASN elsewhere has an indicator in the last quarter (the
    lightest) that no activity names. Drawn from the stream ``skp_links``; the truth goes to
    ``generator.skp_links``.

    Parameters
    ----------
    generator
        The draw, with ``absences`` recorded (the ASN on maternity leave is not the one planted here).
    frame
        The employees.
    activities
        ``aktivitas.csv`` as it will be written, but for ``RHK``.
    skp
        ``skp.csv`` as written: NIP, Triwulan, Kode Indikator, Indikator Kinerja and Bobot (%).

    Returns
    -------
    pandas.DataFrame
        `activities` with ``RHK`` last.
    """
    rng = generator.stream("skp_links")
    n, n_q = len(frame), len(generator.quarters)
    last = n_q - 1
    low_unit = low_link_unit(generator)
    employee_of = pd.Index(frame["nip"])
    skp_employee = employee_of.get_indexer(skp["NIP"])
    skp_quarter = pd.Index([q.label_id for q in generator.quarters]).get_indexer(skp["Triwulan"])
    weight = skp["Bobot (%)"].astype(int).to_numpy().copy()
    # No activity names the indicator of a planted bad SKP row: the loader rejects that row, and with it
    # would reject every activity naming its indicator.
    weight[[entry["row"] - 2 for entry in generator.bad_rows if entry["file"] == "skp.csv"]] = 0

    # Planted: the lightest indicator of an ordinary ASN, in the last quarter, named by no activity.
    in_last = skp_quarter == last
    count = np.bincount(skp_employee[in_last], minlength=n)
    unnamed = np.bincount(skp_employee[in_last & (weight == 0)], minlength=n)
    unit = frame["unit_code"].to_numpy()
    ordinary = ((frame["training_need"] == "none").to_numpy() & ~frame["head"].to_numpy() & (unit != low_unit)
                & (frame["nip"] != generator.absences["maternity_leave"]["nip"]).to_numpy() & (count >= 4)
                & (unnamed == 0))
    candidates = np.flatnonzero(ordinary)
    chosen = int(candidates[int(rng.integers(len(candidates)))])
    rows = np.flatnonzero((skp_employee == chosen) & (skp_quarter == last))
    neglected = int(rows[np.argmin(weight[rows])])
    weight[neglected] = 0

    # Each (employee, quarter) a group of indicators; an indicator is drawn by where a uniform
    # draw falls in its group's cumulated weights (integers, so the bounds are exact).
    group = skp_employee * n_q + skp_quarter
    order = np.lexsort((np.arange(len(skp)), group))
    cumulated = np.cumsum(weight[order])
    first_of_group = np.searchsorted(group[order], group[order])
    within = cumulated - cumulated[first_of_group] + weight[order][first_of_group]
    total = np.bincount(group, weights=weight, minlength=n * n_q).astype(np.int64)
    scale = int(total.max()) + 1
    key = group[order] * scale + within

    employee = employee_of.get_indexer(activities["NIP"])
    known = employee >= 0
    quarter = generator.quarter_index(activities["Tanggal Aktivitas"].to_numpy())
    in_low = known & (unit[employee] == low_unit)
    tugas = activities["Kategori"].to_numpy() == "Tugas Jabatan"
    probability = np.where(tugas, SKP_LINK_PROBABILITY["Tugas Jabatan"], SKP_LINK_PROBABILITY["other"])
    probability = np.where(in_low, probability * LOW_LINK_FACTOR, probability)
    linked = known & (rng.random(len(activities)) < probability)
    activity_group = np.where(known, employee * n_q + quarter, 0)
    point = activity_group * scale + np.floor(rng.random(len(activities)) * total[activity_group]).astype(np.int64)
    row = order[np.minimum(np.searchsorted(key, point, side="right"), len(order) - 1)]
    codes = skp["Kode Indikator"].to_numpy(dtype=object)
    rhk = np.where(linked, codes[row], "")

    last_activity = known & (quarter == last)
    generator.skp_links = {
        "column": "RHK of aktivitas.csv: the Kode Indikator of the ASN's SKP in the activity's quarter; blank when "
                  "the activity names no indicator",
        "link_probability": SKP_LINK_PROBABILITY,
        "low_link_unit": low_unit,
        "low_link_factor": LOW_LINK_FACTOR,
        "low_link_share": round(float(linked[last_activity & in_low].mean()), 4),
        "other_share": round(float(linked[last_activity & ~in_low].mean()), 4),
        "share_note": "shares of the activities of the last quarter naming an indicator, in the low-link unit and "
                      "elsewhere, as generated",
        "indicator_without_activity": {
            "nip": frame["nip"].iat[chosen],
            "quarter": generator.quarters[last].label,
            "indicator": codes[neglected],
            "indicator_text": skp["Indikator Kinerja"].iat[neglected],
        },
    }
    return activities.assign(RHK=rhk)
