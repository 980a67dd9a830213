"""The demo generator's state and its people: who the ASN are, their training needs and resistance.

:class:`Generator` holds one draw of the demo (the seeded random stream, the units, the
working days, the bad rows planted so far) and draws the employees; every table is then made
from it in a fixed order, so the same arguments give the same files. :func:`bad_row` is how a
planted bad row is recorded.
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from kinerja.core.nip import parse_nip
from kinerja.core.periods import Quarter, WorkCalendar, parse_quarter_range
from kinerja.data.dictionary import PNS_GOLONGAN
from kinerja.demo.names import person_name
from kinerja.demo.organisation import (
    KECAMATAN_CODE,
    MIN_EMPLOYEES,
    PPPK_SHARE,
    ROLES,
    Role,
    Unit,
    plan_units,
    unit_roles,
)
from kinerja.demo.planted import (
    DELAY_DAYS_PER_POINT,
    DELAY_GAMMA_SHAPE,
    DELAY_INTERCEPT_DAYS,
    ON_TIME_PER_POINT,
    RESISTANCE_AGE_PER_YEAR,
    RESISTANCE_MEAN,
    RESISTANCE_SD,
    SOSIALISASI_ATTENDANCE,
    SOSIALISASI_EFFECT,
    TRAINING_NEED_SHARES,
)

GENERATOR_VERSION = "kinerja.demo 1.3"
"""Version of the generator, recorded in ``ground_truth.json``; bump it when the output changes."""

DEFAULT_QUARTERS = "2024-Q4:2026-Q3"


def parse_quarters(quarters: str) -> list[Quarter]:
    """The quarters of "FIRST:LAST"; a single quarter is refused, the demo needs at least two."""
    if ":" in quarters:
        found = parse_quarter_range(quarters)
    else:
        found = [Quarter.parse(quarters)]
    if len(found) < 2:
        raise ValueError(f"quarters must span at least two quarters, e.g. {DEFAULT_QUARTERS}; got {quarters!r}.")
    return found


def check_employees(employees: Any) -> None:
    """Refuse a number of ASN that is not a whole number of at least :data:`MIN_EMPLOYEES`."""
    if isinstance(employees, bool) or not isinstance(employees, (int, np.integer)) or employees < MIN_EMPLOYEES:
        raise ValueError(f"employees must be a whole number of at least {MIN_EMPLOYEES}, not {employees!r}.")


def bad_row(table: str, file: str, row: int, column: str, problem: str, value: Any, note: str = "") -> dict[str, Any]:
    """A planted bad row as ``ground_truth.json`` lists it."""
    entry = {"table": table, "file": file, "row": row, "column": column, "problem": problem,
             "value": value if isinstance(value, (int, float, str)) else str(value)}
    if note:
        entry["note"] = note
    return entry


class Generator:
    """The state of one draw of the demo: the random stream, the units and calendars, and what is planted.

    The people are drawn here (:meth:`make_employees`, :meth:`assign_training_needs`,
    :meth:`assign_resistance`); the tables that follow from them are made by the functions of
    :mod:`kinerja.demo.performance`, :mod:`kinerja.demo.services` and
    :mod:`kinerja.demo.personnel`, which take the generator and draw from its stream in the
    order :func:`kinerja.demo.folder.generate_demo` calls them. The tables added later (absences,
    observations, the SKP indicator an activity names) draw from streams of their own
    (:meth:`stream`), so that they leave every number of the others as it was. The functions
    also record what the ground truth needs: ``bad_rows``, ``waiting_medians``/``waiting_means``
    (:func:`~kinerja.demo.services.make_visits`), ``ikm``
    (:func:`~kinerja.demo.services.make_skm`), ``session_dates``
    (:func:`~kinerja.demo.personnel.make_sosialisasi`), ``behaviour_ratings``
    (:func:`~kinerja.demo.performance.make_behaviour`), ``absences``
    (:func:`~kinerja.demo.absences.make_absences`), ``skp_links``
    (:func:`~kinerja.demo.performance.link_indicators`), ``observations``
    (:func:`~kinerja.demo.observations.make_observations`), ``nrr`` (per unit and quarter index, the NRR
    of the nine unsur; :func:`~kinerja.demo.services.make_skm`) and ``participation``
    (:mod:`kinerja.demo.participation`).
    """

    def __init__(self, employees: int, seed: int, quarters: list[Quarter], *, unique_names: bool = True) -> None:
        self.n_requested = employees
        self.seed = seed
        # Redrawing a name until it is unused, as the kecamatan demo does, stalls at national
        # scale, where the name pool runs out (and real names repeat anyway).
        self.unique_names = unique_names
        self.quarters = quarters
        self.rng = np.random.default_rng(seed)
        self.rollout = quarters[0].start
        self.reference = quarters[-1].end
        self.units = plan_units(employees)
        self.unit_by_code = {unit.code: unit for unit in self.units}
        self.workdays: dict[int, np.ndarray] = {}
        for wpw in sorted({unit.workdays_per_week for unit in self.units} | {5}):
            days = WorkCalendar(workdays_per_week=wpw).workdays(self.rollout, self.reference)
            self.workdays[wpw] = np.array(days, dtype="datetime64[D]")
        self.quarter_starts = np.array([q.start for q in quarters], dtype="datetime64[D]")
        self.bad_rows: list[dict[str, Any]] = []
        self.nips_used: set[str] = set()
        # Filled as the tables are made, for the ground truth.
        self.adoption_caps: dict[int, int] = {}
        self.waiting_medians: dict[str, dict[str, float]] = {}
        self.waiting_means: dict[str, dict[str, float]] = {}
        self.ikm: dict[str, dict[str, float]] = {}
        self.session_dates: list[str] = []
        self.behaviour_ratings: np.ndarray = np.zeros((0, len(quarters), 7), dtype=np.int8)
        self.absences: dict[str, Any] = {}
        self.skp_links: dict[str, Any] = {}
        self.observations: dict[str, Any] = {}
        self.nrr: dict[str, dict[int, np.ndarray]] = {}
        self.participation: dict[str, Any] = {}

    # -- helpers --
    def stream(self, name: str) -> np.random.Generator:
        """A random stream of its own for `name`, derived from the seed; drawing from it leaves ``rng`` as it was."""
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    def year_windows(self) -> list[tuple[date, date]]:
        """Windows of 365 days back from the last day of the demo to the rollout, oldest first (the first may be shorter)."""
        windows = []
        end = self.reference
        while end >= self.rollout:
            start = max(self.rollout, end - timedelta(days=364))
            windows.append((start, end))
            end = start - timedelta(days=1)
        windows.reverse()
        return windows

    def quarter_index(self, days: np.ndarray) -> np.ndarray:
        """Index in ``quarters`` of the quarter of each day."""
        return np.searchsorted(self.quarter_starts, np.asarray(days, dtype="datetime64[D]"), side="right") - 1

    def workday_positions(self, wpw: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Position of each day among the working days of its calendar (``wpw`` per day); -1 where it is none."""
        days = np.asarray(days, dtype="datetime64[D]")
        positions = np.full(len(days), -1, dtype=np.int64)
        for days_per_week, calendar in self.workdays.items():
            rows = np.flatnonzero(np.asarray(wpw) == days_per_week)
            found = np.minimum(np.searchsorted(calendar, days[rows]), len(calendar) - 1)
            hit = calendar[found] == days[rows]
            positions[rows[hit]] = found[hit]
        return positions

    def years_before_reference(self, when: date) -> float:
        return (self.reference - when).days / 365.25

    def new_nip(self, birth: date, tmt_year: int, tmt_month: int | None, female: bool) -> str:
        """A valid, unused NIP (PNS when `tmt_month` is given, else PPPK)."""
        gender = "2" if female else "1"
        while True:
            sequence = 1 + min(998, int(self.rng.exponential(6.0)))
            if tmt_month is None:
                nip = f"{birth:%Y%m%d}{tmt_year:04d}21{gender}{sequence:03d}"
            else:
                nip = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender}{sequence:03d}"
            if nip not in self.nips_used:
                self.nips_used.add(nip)
                parse_nip(nip, today=self.reference)  # a generator bug if this raises
                return nip

    # -- employees --
    def person(self, role: Role, unit: Unit, pppk: bool, names: set[str]) -> dict[str, Any]:
        """One ASN of `role` in `unit`: position, golongan, birth date, TMT, NIP and name."""
        rng = self.rng
        variants = [v for v in role.variants if not pppk or v.pppk]
        weights = np.array([v.weight for v in variants])
        variant = variants[int(rng.choice(len(variants), p=weights / weights.sum()))]
        position = variant.positions[int(rng.integers(len(variant.positions)))]
        degree = variant.degrees[int(rng.integers(len(variant.degrees)))]
        female = bool(rng.random() < role.female)
        min_tenure = self.years_before_reference(self.rollout) + 0.1
        if pppk:
            age = float(rng.uniform(24, 48))
            # PPPK were appointed from 2021, and no later than the rollout year, so that every
            # ASN is in post for the whole period (a January rollout: the year before).
            last_year = min(2025, self.rollout.year - (1 if self.rollout.month == 1 else 0))
            first_year = min(2021, last_year)
            tmt_year = int(rng.integers(first_year, last_year + 1))
            tmt = date(tmt_year, 1, 1)
            golongan = variant.pppk
            g_index = None
        else:
            g_index = int(rng.integers(variant.lo, variant.hi + 1))
            tenure = (g_index - variant.start) * 4 + float(rng.uniform(0, 4))
            if g_index == variant.hi:
                tenure += float(rng.uniform(0, 10))  # stuck at the top of the range for the position
            tenure = max(tenure, min_tenure + float(rng.uniform(0, 0.5)))
            entry = float(rng.uniform(role.entry_min, role.entry_max))
            age = entry + tenure
            if age < role.age_min:
                age = role.age_min + float(rng.uniform(0, 6))
                entry = min(age - tenure, role.entry_max - float(rng.uniform(0, 3)))
                tenure = age - entry
            if age > 57.5:
                age = 57.5 - float(rng.uniform(0, 3))
                entry = max(age - tenure, role.entry_min + float(rng.uniform(0, 2)))
                tenure = max(age - entry, min_tenure)
            tmt_day = self.reference - timedelta(days=int(tenure * 365.25))
            tmt = date(tmt_day.year, tmt_day.month, 1)
            golongan = PNS_GOLONGAN[g_index]
        birth = self.reference - timedelta(days=int(age * 365.25))
        nip = self.new_nip(birth, tmt.year, None if pppk else tmt.month, female)
        for _ in range(50 if self.unique_names else 1):
            name = person_name(rng, female, age, degree, role.prefix)
            if name not in names:
                break
        names.add(name)
        return {
            "nip": nip, "name": name, "unit_code": unit.code, "unit_name": unit.name,
            "unit_type": unit.unit_type, "wpw": unit.workdays_per_week,
            "employment_type": "PPPK" if pppk else "PNS", "golongan": golongan, "g_index": g_index,
            "position": position, "position_class": variant.position_class, "gender": "P" if female else "L",
            "birth_date": birth, "tmt": tmt, "group": role.group, "head": role.head,
        }

    def make_employees(self) -> pd.DataFrame:
        """The staff of every unit, its head first, with supervisor, age and tenure."""
        rng = self.rng
        records: list[dict[str, Any]] = []
        names: set[str] = set()
        for unit in self.units:
            for role_key in unit_roles(unit, rng):
                role = ROLES[role_key]
                eligible = not role.head and any(v.pppk for v in role.variants)
                pppk = eligible and bool(rng.random() < PPPK_SHARE[unit.unit_type])
                records.append(self.person(role, unit, pppk, names))
        frame = pd.DataFrame.from_records(records)
        frame["order"] = np.arange(len(frame))
        # Supervisors: the head of the unit; the camat for the lurah.
        heads = frame[frame["head"]].set_index("unit_code")["nip"]
        camat = heads.get(KECAMATAN_CODE)
        frame["supervisor_nip"] = [
            (camat if unit_type == "kelurahan" else "") if head else heads.get(code, "")
            for code, unit_type, head in zip(frame["unit_code"], frame["unit_type"], frame["head"])
        ]
        frame["age"] = [(self.reference - b).days / 365.25 for b in frame["birth_date"]]
        frame["tenure"] = [(self.reference - t).days / 365.25 for t in frame["tmt"]]
        return frame

    def assign_training_needs(self, frame: pd.DataFrame) -> None:
        """Training-need groups at random, spread evenly over the units."""
        rng = self.rng
        groups = np.array(["none"] * len(frame), dtype=object)
        carry = {name: float(rng.random()) for name in TRAINING_NEED_SHARES}
        # Rows per unit in one pass: a mask per unit would cost units x employees, hours at national scale.
        rows_of = frame.groupby("unit_code", sort=False).indices
        for unit in self.units:
            members = frame.index.to_numpy()[rows_of.get(unit.code, np.empty(0, dtype=np.int64))]
            members = members[rng.permutation(len(members))]
            position = 0
            for name, share in TRAINING_NEED_SHARES.items():
                wanted = carry[name] + share * len(members)
                count = min(int(wanted), len(members) - position)
                carry[name] = wanted - count
                groups[members[position:position + count]] = name
                position += count
        frame["training_need"] = groups

    def assign_resistance(self, frame: pd.DataFrame) -> None:
        """Resistance to change (lowered by the sosialisasi), adoption day, reporting probabilities."""
        rng = self.rng
        n = len(frame)
        baseline = RESISTANCE_MEAN + RESISTANCE_AGE_PER_YEAR * (frame["age"].to_numpy() - 40) \
            + rng.normal(0, RESISTANCE_SD, n)
        attended = rng.random(n) < SOSIALISASI_ATTENDANCE
        frame["resistance_baseline"] = np.clip(baseline, 1, 6)
        frame["sosialisasi"] = attended
        frame["resistance"] = np.clip(baseline + SOSIALISASI_EFFECT * attended, 1, 6)
        # Adoption: working days from rollout to the first report grow with resistance.
        mean_delay = DELAY_INTERCEPT_DAYS + DELAY_DAYS_PER_POINT * (frame["resistance"].to_numpy() - 1)
        delay = mean_delay * rng.gamma(DELAY_GAMMA_SHAPE, 1 / DELAY_GAMMA_SHAPE, n)
        first_quarter_end = np.datetime64(self.quarters[0].end)
        caps = {wpw: int(np.sum(days <= first_quarter_end)) - 2 for wpw, days in self.workdays.items()}
        self.adoption_caps = caps
        cap = np.array([caps[w] for w in frame["wpw"]])
        frame["adopt_index"] = np.minimum(np.floor(delay).astype(int), cap)
        frame["adopt_date"] = [self.workdays[w][i] for w, i in zip(frame["wpw"], frame["adopt_index"])]
        need = frame["training_need"].to_numpy()
        p_report = np.where(need == "literasi_digital", rng.uniform(0.45, 0.60, n), rng.uniform(0.85, 0.95, n))
        on_time = np.where(need == "manajemen_waktu", rng.uniform(0.12, 0.25, n), rng.uniform(0.83, 0.93, n))
        on_time = on_time + ON_TIME_PER_POINT * (frame["resistance"].to_numpy() - RESISTANCE_MEAN)
        frame["p_report"] = p_report
        frame["p_on_time"] = np.clip(on_time, 0.02, 0.99)

    def moved_away_employee(self) -> str:
        """The NIP of an ASN who moved away: in the activities, not in the employees file."""
        birth = date(1988, 4, 17)
        return self.new_nip(birth, 2014, 3, female=False)
