"""What the public met and said: queue visits, the IKM satisfaction survey and complaints.

``kunjungan.csv`` (queue-machine visits of the kelurahan offices and Puskesmas, with the
planted waiting-time jump), ``skm.xlsx`` (the SKM survey behind the IKM, with the planted
fall to grade C) and ``pengaduan.csv`` (complaints, with extra waiting-time complaints where
the wait jumps). The service types, respondents, suggestions and complaint texts are in
``services.yaml``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from kinerja.demo.catalogue import catalogue, frozen
from kinerja.demo.generator import Generator, bad_row
from kinerja.demo.organisation import KECAMATAN_CODE, Unit
from kinerja.demo.participation import plant_improvement, unsur_nrr
from kinerja.demo.planted import (
    IKM_PLANTED_TARGET,
    IKM_PLANTED_UNIT,
    WAITING_AFTER_MEDIAN,
    WAITING_BEFORE_MEDIAN,
    WAITING_PLANTED_UNIT,
    WAITING_STANDARD_MINUTES,
)
from kinerja.demo.writers import MISSING, format_timestamps, to_datetime, to_seconds

_SERVICES = catalogue("services")


def _shares(entries: list[dict[str, Any]], key: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """(names, shares) of catalogue entries that pair a name under `key` with a ``share``."""
    return tuple(entry[key] for entry in entries), tuple(entry["share"] for entry in entries)


_VISIT_TYPES: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    unit_type: _shares(entries, "type") for unit_type, entries in _SERVICES["visit_types"].items()}
"""Service types by unit type, with their shares: of the visits and of the survey respondents."""
_SKM_EDUCATION = _shares(_SERVICES["respondents"]["education"], "level")
_SKM_OCCUPATION = _shares(_SERVICES["respondents"]["occupation"], "occupation")
_SARAN_GOOD: tuple[str, ...] = frozen(_SERVICES["suggestions"]["good"])
_SARAN_PUSKESMAS: tuple[str, ...] = frozen(_SERVICES["suggestions"]["puskesmas"])
_SARAN_BAD: tuple[str, ...] = frozen(_SERVICES["suggestions"]["bad"])
_COMPLAINT_CHANNELS = _shares(_SERVICES["complaint_channels"], "channel")
_COMPLAINTS: dict[str, tuple[str, ...]] = {
    entry["category"]: frozen(entry["texts"]) for entry in _SERVICES["complaints"]}
"""Complaint texts by category."""
_COMPLAINT_SHARES = np.array([entry["share"] for entry in _SERVICES["complaints"]])
"""The share of each category of ``_COMPLAINTS``."""
_WAITING_COMPLAINT_CATEGORY = "Waktu Tunggu/Antrean"


# --- visits --------------------------------------------------------------------

def make_visits(generator: Generator) -> pd.DataFrame:
    """``kunjungan.csv``, with the planted waiting-time jump and a start before arrival."""
    rng = generator.rng
    service_units = [u for u in generator.units if u.unit_type in ("kelurahan", "puskesmas")]
    first_month = generator.rollout.year * 12 + generator.rollout.month - 1
    n_months = generator.reference.year * 12 + generator.reference.month - first_month
    last_quarter = len(generator.quarters) - 1
    parts = []
    generator.waiting_medians: dict[str, dict[str, float]] = {}
    for unit_number, unit in enumerate(service_units):
        days = generator.workdays[unit.workdays_per_week]
        weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
        if unit.unit_type == "puskesmas":
            counts = rng.integers(60, 101, len(days))
            counts = np.where(weekday >= 4, np.rint(counts * 0.6), counts).astype(int)
            open_minute = np.full(len(days), 7 * 60 + 30)
            close_minute = np.select([weekday == 4, weekday == 5], [10 * 60 + 30, 11 * 60], 12 * 60)
            base = WAITING_BEFORE_MEDIAN if unit.code == WAITING_PLANTED_UNIT else float(rng.uniform(33, 40))
            sigma, service_median = 0.5, 8.0
        else:
            counts = rng.integers(10, 21, len(days))
            counts = np.where(weekday == 4, np.rint(counts * 0.6), counts).astype(int)
            open_minute = np.full(len(days), 8 * 60)
            close_minute = np.where(weekday == 4, 11 * 60, 15 * 60)
            base = float(rng.uniform(10, 15))
            sigma, service_median = 0.55, 7.0
        month_factor = np.exp(rng.normal(0, 0.05, n_months))
        visit_day = np.repeat(np.arange(len(days)), counts)
        n = len(visit_day)
        day = days[visit_day]
        arrival_minute = open_minute[visit_day] + np.floor(
            (close_minute - open_minute)[visit_day] * rng.beta(1.4, 2.2, n)).astype(int)
        month = day.astype("datetime64[M]").astype(np.int64) - (first_month - 1970 * 12)
        quarter = generator.quarter_index(day)
        median = base * month_factor[month]
        if unit.code == WAITING_PLANTED_UNIT:
            jump = WAITING_AFTER_MEDIAN / WAITING_BEFORE_MEDIAN
            median = np.where(quarter == last_quarter, median * jump, median)
        wait = np.maximum(0, np.rint(median * np.exp(rng.normal(0, sigma, n)))).astype(np.int64)
        service = np.maximum(2, np.rint(service_median * np.exp(rng.normal(0, 0.4, n)))).astype(np.int64)
        unserved = rng.random(n) < 0.02
        names, probabilities = _VISIT_TYPES[unit.unit_type]
        kind = rng.choice(len(names), n, p=probabilities)
        arrival = to_seconds(day) + arrival_minute * 60
        start = np.where(unserved, MISSING, arrival + wait * 60)
        end = np.where(unserved, MISSING, arrival + (wait + service) * 60)
        parts.append(pd.DataFrame({
            "unit": unit_number, "arrival": arrival, "start": start, "end": end, "kind": kind,
            "quarter": quarter, "wait": wait,
            "served": ~unserved, "bad": np.zeros(n, dtype=np.int8),
        }))
    visits = pd.concat(parts, ignore_index=True)
    # Planted: a service start typed before the arrival (clerk's clock error).
    other = [i for i, u in enumerate(service_units)
             if u.unit_type == "puskesmas" and u.code != WAITING_PLANTED_UNIT]
    candidates = np.flatnonzero((visits["unit"].to_numpy() == other[0]) & visits["served"].to_numpy()
                                & (visits["quarter"].to_numpy() == len(generator.quarters) // 2))
    pick = int(candidates[int(rng.integers(len(candidates)))])
    visits.loc[pick, "start"] = visits.at[pick, "arrival"] - 7 * 60
    visits.loc[pick, "end"] = visits.at[pick, "arrival"] + 6 * 60
    visits.loc[pick, "bad"] = 1

    valid = visits[visits["served"] & (visits["bad"] == 0)]
    generator.waiting_means: dict[str, dict[str, float]] = {}
    for unit_number, unit in enumerate(service_units):
        mine = valid[valid["unit"] == unit_number]
        waits = [mine.loc[mine["quarter"] == q, "wait"].to_numpy() for q in range(len(generator.quarters))]
        labels = [q.label for q in generator.quarters]
        generator.waiting_medians[unit.code] = {label: float(np.median(w)) for label, w in zip(labels, waits)}
        generator.waiting_means[unit.code] = {label: float(np.mean(w)) for label, w in zip(labels, waits)}
    check_waiting(generator)

    visits = visits.sort_values(["unit", "arrival"], kind="stable").reset_index(drop=True)
    unit_label = np.array([u.name if u.unit_type == "puskesmas" else u.code for u in service_units], dtype=object)
    kind_text = np.empty(len(visits), dtype=object)
    for unit_number, unit in enumerate(service_units):
        mask = visits["unit"].to_numpy() == unit_number
        names = np.array(_VISIT_TYPES[unit.unit_type][0], dtype=object)
        kind_text[mask] = names[visits["kind"].to_numpy()[mask]]
    out = pd.DataFrame({
        # The queue machine exports the dictionary's canonical English headers.
        "visit_id": "KJ" + pd.Series(np.arange(1, len(visits) + 1)).astype(str).str.zfill(7),
        "unit_code": unit_label[visits["unit"].to_numpy()],
        "service_type": kind_text,
        "arrival_at": format_timestamps(visits["arrival"].to_numpy(), "dmy_hm"),
        "service_start_at": format_timestamps(visits["start"].to_numpy(), "dmy_hm"),
        "service_end_at": format_timestamps(visits["end"].to_numpy(), "dmy_hm"),
    })
    position = int(np.flatnonzero(visits["bad"].to_numpy() == 1)[0])
    generator.bad_rows.append(bad_row("visits", "kunjungan.csv", position + 2, "service_start_at",
                                      "service_start_before_arrival", out.at[position, "service_start_at"],
                                      f"arrival {out.at[position, 'arrival_at']}"))
    return out


def check_waiting(generator: Generator) -> None:
    """Fail if the drawn waiting times miss the planted jump or show another one."""
    last = generator.quarters[-1].label
    for code, medians in generator.waiting_medians.items():
        for label, value in medians.items():
            planted = code == WAITING_PLANTED_UNIT and label == last
            if planted and value <= WAITING_STANDARD_MINUTES + 2:
                raise RuntimeError(f"planted waiting time too low: {value}")
            if not planted and value >= WAITING_STANDARD_MINUTES - 10:
                raise RuntimeError(f"waiting time of {code} in {label} too high: {value}")


# --- IKM survey ----------------------------------------------------------------

def _expected_answer(mean: np.ndarray, sd: float) -> np.ndarray:
    """E[clip(round(mean + N(0, sd)), 1, 4)], for turning a target NRR into a latent mean."""
    def cdf(x: np.ndarray) -> np.ndarray:
        return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))

    p_at_least = [cdf((mean - (k - 0.5)) / sd) for k in (2, 3, 4)]
    return 1 + p_at_least[0] + p_at_least[1] + p_at_least[2]


_LATENT_GRID = np.linspace(-1.0, 6.0, 701)


def _latent_for(target: np.ndarray, sd: float) -> np.ndarray:
    """The latent mean whose expected clipped answer is `target`."""
    return np.interp(target, _expected_answer(_LATENT_GRID, sd), _LATENT_GRID)


_IKM_GRADES: tuple[tuple[Fraction, str], ...] = (
    (Fraction("88.31"), "A"), (Fraction("76.61"), "B"), (Fraction("65.00"), "C"), (Fraction("25.00"), "D"))
"""Lowest IKM (rounded to two decimals) of each mutu, as the table of PermenPANRB 14/2017 gives them."""


def skm_ikm(answers: np.ndarray) -> Fraction:
    """Return the IKM of PermenPANRB 14/2017, exactly, from the answers of an SKM survey.

    Written out here rather than taken from :mod:`kinerja.metrics.ikm`, so that the
    truth in ``ground_truth.json`` can tell whether that module is right: per unsur,
    NRR = sum of the answers given / number of answers given (blanks not counted);
    IKM = (sum of the nine NRR x 1/9) x 25.

    Parameters
    ----------
    answers
        An (n, 9) array of answers 1-4 (NaN = blank), the unsur in the regulation's order.

    Raises
    ------
    ValueError
        When an unsur has no answer, so that it has no NRR.
    """
    nrr = []
    for column in answers.T:
        given = column[~np.isnan(column)]
        if len(given) == 0:
            raise ValueError("an unsur without answers has no NRR; the IKM needs all nine.")
        nrr.append(Fraction(int(given.sum()), len(given)))
    return sum(nrr, Fraction(0)) * Fraction(1, 9) * 25


def skm_rounded(ikm: Fraction) -> float:
    """Return an IKM rounded half up to two decimals, as the grade is read on it.

    Parameters
    ----------
    ikm
        The exact IKM, as :func:`skm_ikm` returns it.
    """
    return math.floor(ikm * 100 + Fraction(1, 2)) / 100


def skm_grade(rounded: float) -> str:
    """Return the mutu ("A" to "D") of an IKM rounded to two decimals, by the table of PermenPANRB 14/2017.

    ======  ==============  =============
    mutu    IKM             kinerja unit
    ======  ==============  =============
    A       88.31 - 100.00  Sangat Baik
    B       76.61 - 88.30   Baik
    C       65.00 - 76.60   Kurang Baik
    D       25.00 - 64.99   Tidak Baik
    ======  ==============  =============

    Parameters
    ----------
    rounded
        The IKM rounded to two decimals, as :func:`skm_rounded` returns it.

    Raises
    ------
    ValueError
        For an IKM outside 25 to 100.
    """
    value = Fraction(str(rounded))
    if not 25 <= value <= 100:
        raise ValueError(f"an IKM is from 25 to 100, not {rounded!r}.")
    return next(letter for floor, letter in _IKM_GRADES if value >= floor)


def make_skm(generator: Generator) -> list[list[Any]]:
    """Rows of ``skm.xlsx``, with the planted IKM fall, the planted better NRR after an action, and an answer
    out of range."""
    rng = generator.rng
    service_units = [u for u in generator.units if u.unit_type in ("kecamatan", "kelurahan", "puskesmas")]
    last_quarter = len(generator.quarters) - 1
    sd = 0.55
    generator.ikm: dict[str, dict[str, float]] = {}
    records: list[tuple[Unit, int, np.ndarray, np.ndarray]] = []
    offsets = np.array([0.05, -0.05, -0.15, 0.0, 0.0, 0.05, 0.05, -0.1, -0.1])
    for unit in service_units:
        base = float(rng.uniform(80.5, 87.5))
        for q, quarter in enumerate(generator.quarters):
            planted = unit.code == IKM_PLANTED_UNIT and q == last_quarter
            target = IKM_PLANTED_TARGET if planted else float(np.clip(base + rng.normal(0, 1.0), 80, 89))
            cost = 3.6 if planted else 3.85
            rest = (target / 25 * 9 - cost) / 8
            nrr = rest + offsets - offsets[[0, 1, 2, 4, 5, 6, 7, 8]].mean()
            nrr[3] = cost
            latent = _latent_for(nrr, sd)
            days = generator.workdays[unit.workdays_per_week]
            in_quarter = days[generator.quarter_index(days) == q]
            n = int(rng.integers(60, 151))
            for _attempt in range(200):
                answers = np.clip(np.rint(latent + rng.normal(0, sd, (n, 9))), 1, 4)
                answers[rng.random((n, 9)) < 0.02] = np.nan
                value = skm_ikm(answers)
                low, high = (70.5, 73.5) if planted else (78.5, 91.0)
                if low <= value <= high and not np.isnan(answers).all(axis=1).any():
                    break
            else:  # pragma: no cover - the bands are wide
                raise RuntimeError(f"could not draw IKM answers for {unit.code} {quarter}")
            survey_days = np.sort(in_quarter[rng.integers(0, len(in_quarter), n)])
            records.append((unit, q, answers, survey_days))
    plant_improvement(generator, {(unit.code, q): answers for unit, q, answers, _ in records})
    rows: list[list[Any]] = []
    bad_unit, bad_quarter = KECAMATAN_CODE, len(generator.quarters) // 2
    excel_row = 3  # title in row 1, header in row 2
    for unit, q, answers, survey_days in records:
        n = len(answers)
        names, probabilities = _VISIT_TYPES[unit.unit_type]
        kinds = rng.choice(len(names), n, p=probabilities)
        female = rng.random(n) < 0.55
        ages = rng.integers(17, 71, n)
        education = rng.choice(len(_SKM_EDUCATION[0]), n, p=_SKM_EDUCATION[1])
        occupation = rng.choice(len(_SKM_OCCUPATION[0]), n, p=_SKM_OCCUPATION[1])
        low = unit.code == IKM_PLANTED_UNIT and q == last_quarter
        comment_draw = rng.random(n)
        comment_pick = rng.integers(0, 1000, n)
        bad_pick = int(rng.integers(n)) if (unit.code == bad_unit and q == bad_quarter) else -1
        quarter_code = generator.quarters[q].label.replace("-", "")
        valid_answers = answers
        for i in range(n):
            if comment_draw[i] < 0.55:
                comment = None
            elif low and comment_draw[i] < 0.85:
                comment = _SARAN_BAD[comment_pick[i] % len(_SARAN_BAD)]
            elif unit.unit_type == "puskesmas" and comment_draw[i] < 0.75:
                comment = _SARAN_PUSKESMAS[comment_pick[i] % len(_SARAN_PUSKESMAS)]
            else:
                comment = _SARAN_GOOD[comment_pick[i] % len(_SARAN_GOOD)]
            row_answers = [None if np.isnan(a) else int(a) for a in answers[i]]
            if i == bad_pick:
                row_answers[2] = 5
                valid_answers = np.delete(answers, i, axis=0)
                generator.bad_rows.append(bad_row("ikm_responses", "skm.xlsx", excel_row, "waktu_penyelesaian",
                                                  "value_out_of_range", 5, "answers are 1 to 4"))
            # Unsur 8 and 9 swapped in column order, as some forms have them.
            ordered = row_answers[:7] + [row_answers[8], row_answers[7]]
            unit_label = unit.code if (i % 7 == 3) else unit.name
            rows.append([
                f"{unit.code}-{quarter_code}-{i + 1:03d}", survey_days[i].astype(object), unit_label,
                names[kinds[i]], "Perempuan" if female[i] else "Laki-laki", int(ages[i]),
                _SKM_EDUCATION[0][education[i]], _SKM_OCCUPATION[0][occupation[i]], *ordered, comment,
            ])
            excel_row += 1
        generator.ikm.setdefault(unit.code, {})[generator.quarters[q].label] = skm_rounded(skm_ikm(valid_answers))
        generator.nrr.setdefault(unit.code, {})[q] = unsur_nrr(valid_answers)
    return rows


# --- complaints ----------------------------------------------------------------

def make_complaints(generator: Generator) -> pd.DataFrame:
    """``pengaduan.csv``, with waiting-time complaints where the wait jumps."""
    rng = generator.rng
    candidates = [u for u in generator.units if u.unit_type != "sekolah"] + \
        [u for u in generator.units if u.unit_type == "sekolah"][:3]
    weights = np.array([3.0 if u.unit_type == "puskesmas" else 1.5 if u.unit_type == "kecamatan"
                        else 1.0 if u.unit_type == "kelurahan" else 0.3 for u in candidates])
    categories = list(_COMPLAINTS)
    extraction = to_seconds(np.array([generator.reference], dtype="datetime64[D]"))[0] + 86400 - 60
    records = []
    for q, quarter in enumerate(generator.quarters):
        count = int(rng.integers(15, 41))
        units = [candidates[i] for i in rng.choice(len(candidates), count, p=weights / weights.sum())]
        kinds = [categories[i] for i in rng.choice(len(categories), count, p=_COMPLAINT_SHARES)]
        if q == len(generator.quarters) - 1:
            planted = generator.unit_by_code[WAITING_PLANTED_UNIT]
            units += [planted] * 8
            kinds += [_WAITING_COMPLAINT_CATEGORY] * 8
        span = (quarter.end - quarter.start).days + 1
        for unit, kind in zip(units, kinds):
            received = to_seconds(np.array([quarter.start], dtype="datetime64[D]"))[0] \
                + int(rng.integers(0, span)) * 86400 + int(rng.integers(7 * 3600, 22 * 3600))
            received -= received % 60
            days = int(np.clip(np.rint(np.exp(rng.normal(math.log(3.0), 0.6))), 0, 20))
            resolved = received - received % 86400 + days * 86400 + int(rng.integers(8 * 3600, 16 * 3600))
            resolved = max(resolved - resolved % 60, received + 3600)
            stays_open = rng.random() < 0.1
            text_pick = int(rng.integers(0, 1000))
            channel = _COMPLAINT_CHANNELS[0][int(rng.choice(5, p=_COMPLAINT_CHANNELS[1]))]
            if stays_open or resolved > extraction:
                status = "Baru" if extraction - received < 3 * 86400 else "Diproses"
                resolved = MISSING
            else:
                status = "Selesai"
            texts = _COMPLAINTS[kind]
            if kind == _WAITING_COMPLAINT_CATEGORY and unit.unit_type != "puskesmas":
                texts = texts[1:2]
            records.append((received, unit, channel, kind, resolved, status, texts[text_pick % len(texts)]))
    records.sort(key=lambda r: (r[0], r[1].code))
    ids, numbers = [], {}
    for received, *_ in records:
        year = to_datetime(received).year
        numbers[year] = numbers.get(year, 0) + 1
        ids.append(f"ADU-{year}-{numbers[year]:04d}")
    received = np.array([r[0] for r in records], dtype=np.int64)
    resolved = np.array([r[4] for r in records], dtype=np.int64)
    # Planted: a resolution date typed a month too early.
    middle = generator.quarters[len(generator.quarters) // 2]
    middle_start = to_seconds(np.array([middle.start], dtype="datetime64[D]"))[0]
    pick = int(np.flatnonzero((resolved != MISSING) & (received >= middle_start))[0])
    resolved[pick] = resolved[pick] - 31 * 86400
    resolved[pick] = min(resolved[pick], received[pick] - 86400)
    out = pd.DataFrame({
        "No Tiket": ids,
        "Unit": [r[1].code for r in records],
        "Saluran": [r[2] for r in records],
        "Kategori": [r[3] for r in records],
        "Tanggal Pengaduan": format_timestamps(received, "dmy_hm"),
        "Tanggal Selesai": format_timestamps(resolved, "dmy_hm"),
        "Status": [r[5] for r in records],
        "Isi Pengaduan": [r[6] for r in records],
    })
    generator.bad_rows.append(bad_row("complaints", "pengaduan.csv", pick + 2, "resolved_at",
                                      "resolved_before_received", out.at[pick, "Tanggal Selesai"],
                                      f"received {out.at[pick, 'Tanggal Pengaduan']}"))
    return out
