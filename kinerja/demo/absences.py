"""Who was away when: leave and official travel (``ketidakhadiran.csv``), and the reports it removes.

The spells follow ``absences.yaml``: per ASN and year, cuti tahunan, cuti sakit, dinas luar
and cuti alasan penting, each a run of working days of the ASN's calendar that overlaps no
other spell, no training of ``pelatihan.csv`` and no day whose report must stay (the first
report, which the adoption analyses date, and the planted bad rows of ``aktivitas.csv``).
Planted: one ASN on three months of Cuti Melahirkan from the middle of the last quarter, and
one spell whose end date was typed with the year before. A person away does not report:
:func:`remove_reports_while_away` drops the activities of the working days an absence covers.
Everything is drawn from the stream ``absences`` (:meth:`~kinerja.demo.generator.Generator.stream`),
so the other tables keep their numbers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from kinerja.demo.catalogue import catalogue, frozen
from kinerja.demo.generator import Generator, bad_row
from kinerja.demo.planted import MATERNITY_AGE
from kinerja.demo.writers import format_days

__all__ = ["ABSENCE_FILE", "make_absences", "remove_reports_while_away"]

ABSENCE_FILE = "ketidakhadiran.csv"
"""The file of the absences, a SIMPEG export with Indonesian headers and dd/mm/yyyy dates."""

_CATALOGUE = catalogue("absences")
_KINDS: tuple[dict[str, Any], ...] = frozen(_CATALOGUE["kinds"])
_MATERNITY: dict[str, Any] = _CATALOGUE["maternity"]


def _kept_days(generator: Generator, frame: pd.DataFrame, trainings: pd.DataFrame, activities: pd.DataFrame,
               width: int) -> np.ndarray:
    """Employees x working days of their calendar: True where no absence may fall.

    The days of a training, the day of the first report and the days of the planted bad rows of
    ``aktivitas.csv`` (an absence would remove them).
    """
    n = len(frame)
    wpw = frame["wpw"].to_numpy()
    taken = np.zeros((n, width), dtype=bool)
    taken[np.arange(n), frame["adopt_index"].to_numpy()] = True
    employee_of = pd.Index(frame["nip"])
    rows = [entry["row"] - 2 for entry in generator.bad_rows if entry["file"] == "aktivitas.csv"]
    bad = activities.iloc[rows]
    employee = employee_of.get_indexer(bad["NIP"])
    known = employee >= 0
    position = generator.workday_positions(wpw[employee[known]], bad["Tanggal Aktivitas"].to_numpy()[known])
    taken[employee[known], position] = True
    trainee = employee_of.get_indexer(trainings["nip"])
    starts = pd.to_datetime(trainings["start_date"], format="%d/%m/%Y").to_numpy().astype("datetime64[D]")
    ends = pd.to_datetime(trainings["end_date"], format="%d/%m/%Y").to_numpy().astype("datetime64[D]")
    for e, start, end in zip(trainee, starts, ends):
        calendar = generator.workdays[wpw[e]]
        taken[e, np.searchsorted(calendar, start):np.searchsorted(calendar, end, side="right")] = True
    return taken


def _maternity_leave(generator: Generator, frame: pd.DataFrame, taken: np.ndarray,
                     rng: np.random.Generator) -> dict[str, Any]:
    """The planted spell: a woman of child-bearing age, not a unit head, reporting as most do, free for three months."""
    last = generator.quarters[-1]
    wpw = frame["wpw"].to_numpy()
    spans = {}
    for days_per_week, calendar in generator.workdays.items():
        in_quarter = np.flatnonzero((calendar >= np.datetime64(last.start)) & (calendar <= np.datetime64(last.end)))
        first = int(in_quarter[len(in_quarter) // 2])
        start = pd.Timestamp(calendar[first])
        end = (start + pd.DateOffset(months=_MATERNITY["months"]) - pd.Timedelta(days=1)).date()
        through = int(np.searchsorted(calendar, np.datetime64(end), side="right")) - 1
        spans[days_per_week] = (first, through, end, len(in_quarter), int(in_quarter[-1]) - first + 1)
    woman = (frame["gender"] == "P").to_numpy() & ~frame["head"].to_numpy() \
        & frame["age"].between(*MATERNITY_AGE).to_numpy()
    free = np.array([not taken[e, spans[w][0]:spans[w][1] + 1].any() for e, w in enumerate(wpw)])
    candidates = np.flatnonzero(woman & free & (frame["training_need"] == "none").to_numpy())
    if not len(candidates):  # a very small demo: any woman free then
        candidates = np.flatnonzero(woman & free)
    mother = int(candidates[int(rng.integers(len(candidates)))])
    first, through, end, quarter_days, days_in_quarter = spans[wpw[mother]]
    return {"employee": mother, "first": first, "last": through, "end": end, "kind": _MATERNITY["kind"],
            "note": _MATERNITY["note"], "quarter_days": quarter_days, "days_in_quarter": days_in_quarter}


def make_absences(generator: Generator, frame: pd.DataFrame, trainings: pd.DataFrame,
                  activities: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Draw the absences; record their truth on the generator and the bad row.

    Parameters
    ----------
    generator
        The draw; its stream ``absences`` is used, ``absences`` and ``bad_rows`` are filled.
    frame
        The employees, as the generator made them.
    trainings
        ``pelatihan.csv`` as written: no absence falls on a training day.
    activities
        ``aktivitas.csv`` as made: no absence falls on the day of a planted bad row.

    Returns
    -------
    table : pandas.DataFrame
        ``ketidakhadiran.csv``: NIP, Tanggal Mulai, Tanggal Selesai, Jenis, Keterangan, ordered by start.
    away : numpy.ndarray
        Employees x working days of their calendar (``generator.workdays``): True where the ASN is away.
    """
    rng = generator.stream("absences")
    wpw = frame["wpw"].to_numpy()
    width = max(len(days) for days in generator.workdays.values())
    taken = _kept_days(generator, frame, trainings, activities, width)
    maternity = _maternity_leave(generator, frame, taken, rng)
    spells = [maternity]
    taken[maternity["employee"], maternity["first"]:maternity["last"] + 1] = True
    windows = generator.year_windows()
    for e in range(len(frame)):
        calendar = generator.workdays[wpw[e]]
        for start, end in windows:
            low = int(np.searchsorted(calendar, np.datetime64(start)))
            high = int(np.searchsorted(calendar, np.datetime64(end), side="right"))
            fraction = min(1.0, ((end - start).days + 1) / 365)
            for kind in _KINDS:
                if rng.random() >= kind["share"] * fraction:
                    continue
                budget = kind.get("max_days", math.inf)
                for _ in range(int(rng.integers(kind["spells"][0], kind["spells"][1] + 1))):
                    days = int(min(budget, rng.integers(kind["days"][0], kind["days"][1] + 1)))
                    first = low + int(rng.integers(max(1, high - low - days + 1)))
                    note = kind["notes"][int(rng.integers(len(kind["notes"])))]
                    if days < 1 or first + days > high or taken[e, first:first + days].any():
                        continue  # no room: the spell is not taken
                    taken[e, first:first + days] = True
                    budget -= days
                    spells.append({"employee": e, "first": first, "last": first + days - 1,
                                   "end": calendar[first + days - 1].astype(object), "kind": kind["kind"], "note": note})
    away = np.zeros((len(frame), width), dtype=bool)
    for spell in spells:
        away[spell["employee"], spell["first"]:spell["last"] + 1] = True
    table = _absence_table(generator, frame, spells, maternity, rng)
    return table, away


def _absence_table(generator: Generator, frame: pd.DataFrame, spells: list[dict[str, Any]],
                   maternity: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """``ketidakhadiran.csv`` of the spells, ordered by start; planted: an end date typed with the year before."""
    wpw = frame["wpw"].to_numpy()
    starts = np.array([generator.workdays[wpw[s["employee"]]][s["first"]] for s in spells], dtype="datetime64[D]")
    ends = np.array([s["end"] for s in spells], dtype="datetime64[D]")
    employees = np.array([s["employee"] for s in spells])
    kinds = np.array([s["kind"] for s in spells], dtype=object)
    order = np.lexsort((kinds, employees, starts))
    starts, ends, employees, kinds = starts[order], ends[order], employees[order], kinds[order]
    table = pd.DataFrame({
        "NIP": frame["nip"].to_numpy()[employees],
        "Tanggal Mulai": format_days(starts, "dmy"),
        "Tanggal Selesai": format_days(ends, "dmy"),
        "Jenis": kinds,
        "Keterangan": np.array([spells[i]["note"] for i in order], dtype=object),
    })
    # Planted: a spell of several days whose end date carries last year's year, the slip of January.
    several = (kinds == "Cuti Tahunan") & (ends > starts) & (np.char.find(ends.astype(str), "-02-29") < 0)
    january = several & (starts.astype("datetime64[M]").astype(int) % 12 == 0)
    candidates = np.flatnonzero(january if january.any() else several)
    position = int(candidates[int(rng.integers(len(candidates)))])
    meant = table.at[position, "Tanggal Selesai"]
    typed = f"{meant[:6]}{int(meant[6:]) - 1}"
    table.at[position, "Tanggal Selesai"] = typed
    generator.bad_rows.append(bad_row("absences", ABSENCE_FILE, position + 2, "end_date", "end_before_start", typed,
                                      f"end date typed with the year before; meant {meant}"))

    mother = maternity["employee"]
    first_day = generator.workdays[wpw[mother]][maternity["first"]]
    generator.absences = {
        "file": ABSENCE_FILE,
        "maternity_leave": {
            "nip": frame["nip"].iat[mother],
            "quarter": generator.quarters[-1].label,
            "start_date": str(first_day),
            "end_date": maternity["end"].isoformat(),
            "kind": maternity["kind"],
            "working_days_in_quarter": maternity["days_in_quarter"],
            "quarter_working_days": maternity["quarter_days"],
        },
        "rows_by_kind": {kind: int((table["Jenis"] == kind).sum())
                         for kind in (*(entry["kind"] for entry in _KINDS), _MATERNITY["kind"])},
        "rule": "per ASN and year, the kinds of absences.yaml (share of ASN, spells, working days per spell); "
                "no spell overlaps another, a training, the first report or a planted bad activity; "
                "no activity on a working day an absence covers",
        "note": "rows_by_kind counts every row of the file, the bad row included",
    }
    return table


def remove_reports_while_away(generator: Generator, frame: pd.DataFrame, activities: pd.DataFrame,
                              away: np.ndarray) -> pd.DataFrame:
    """``aktivitas.csv`` without the reports of the working days an ASN was away.

    The activity IDs stay as drawn (an export after deletions has gaps); the planted bad rows,
    which no absence covers, move up with the rows before them.
    """
    employee = pd.Index(frame["nip"]).get_indexer(activities["NIP"])
    known = np.flatnonzero(employee >= 0)
    days = activities["Tanggal Aktivitas"].to_numpy()[known]
    position = generator.workday_positions(frame["wpw"].to_numpy()[employee[known]], days)
    drop = np.zeros(len(activities), dtype=bool)
    drop[known] = away[employee[known], position]
    dropped_before = np.cumsum(drop)
    for entry in generator.bad_rows:
        if entry["file"] == "aktivitas.csv":
            entry["row"] -= int(dropped_before[entry["row"] - 2])
    return activities[~drop].reset_index(drop=True)
