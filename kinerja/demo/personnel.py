"""The personnel files: the employee register, trainings, the sosialisasi and the change survey.

``pegawai.xlsx`` (the DUK as the kecamatan keeps it, with hand-typed unit names, a mangled
NIP and a duplicated row), ``pelatihan.csv`` (programmes of ``trainings.yaml``),
``sosialisasi.csv`` (who attended the e-Kinerja sosialisasi, as planted) and
``survei_perubahan.xlsx`` (the Oreg resistance-to-change survey, answered from each ASN's
planted resistance).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kinerja.core.nip import parse_nip
from kinerja.data.workbooks import save_workbook
from kinerja.demo.catalogue import SURVEY_INSTRUMENT, catalogue, frozen
from kinerja.demo.generator import Generator, bad_row
from kinerja.demo.names import person_name
from kinerja.demo.writers import format_days
from kinerja.research.scales import load_instrument

_TRAININGS = catalogue("trainings")
# (program, JP, organiser, unit types or None for all)
_PROGRAMS: tuple[tuple[str, int, str, tuple[str, ...] | None], ...] = tuple(
    (entry["program"], entry["jp"], entry["organiser"], frozen(entry.get("unit_types")))
    for entry in _TRAININGS["programs"])
_TRAININGS_PER_YEAR: tuple[float, ...] = frozen(_TRAININGS["trainings_per_year"])
"""Share of ASN following 0, 1, 2 or 3 programmes a year."""
SOSIALISASI_TOPIC: str = _TRAININGS["sosialisasi_topic"]


_EMPLOYEE_HEADER = ("No", "NIP", "Nama", "Unit Kerja", "Status Kepegawaian", "Golongan", "Jabatan",
                    "Jenis Jabatan", "Jenis Kelamin", "Tanggal Lahir", "NIP Atasan")
_CLASS_LABEL = {"administrator": "Administrator", "pengawas": "Pengawas", "pelaksana": "Pelaksana",
                "fungsional_ahli": "Fungsional Ahli", "fungsional_terampil": "Fungsional Terampil"}
_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember")


def _unit_name_variant(name: str, draw: float) -> str:
    """The unit name as typed by hand: other case or a double space, which name matching must absorb."""
    if draw < 0.03:
        return name.upper()
    if draw < 0.05:
        return name.lower()
    if draw < 0.08:
        first, _, rest = name.partition(" ")
        return f"{first.upper()}  {rest}"
    return name


def write_employees(generator: Generator, frame: pd.DataFrame, path: Path) -> dict[str, Any]:
    """Write ``pegawai.xlsx``, with a NIP mangled in a numeric cell and a duplicated row."""
    rng = generator.rng
    n = len(frame)
    name_draw = rng.random(n)
    spaced = rng.random(n) < 0.12
    text_birth = rng.random(n) < 0.1
    rows: list[list[Any]] = []
    for i, employee in enumerate(frame.itertuples(index=False)):
        nip = parse_nip(employee.nip, today=generator.reference).formatted() if spaced[i] else employee.nip
        birth: Any = f"{employee.birth_date:%d/%m/%Y}" if text_birth[i] else employee.birth_date
        rows.append([nip, employee.name, _unit_name_variant(employee.unit_name, name_draw[i]),
                     employee.employment_type, employee.golongan, employee.position,
                     _CLASS_LABEL[employee.position_class], employee.gender, birth, employee.supervisor_nip or None])

    # Planted: an ASN transferred in, whose NIP was typed into a numeric cell and lost its last digits.
    kecamatan_size = int((frame["unit_type"] == "kecamatan").sum())
    birth = date(1977, 3, 12)
    digits = generator.new_nip(birth, 2005, 1, female=False)
    mangled = float(f"{int(digits):.14e}")
    camat = frame.loc[frame["head"] & (frame["unit_type"] == "kecamatan"), "nip"].iloc[0]
    transferred_name = person_name(rng, False, 49, "S.Sos.")
    transferred = [mangled, transferred_name, "Kantor Camat Cakranegara", "PNS", "III/c",
                   "Penata Layanan Operasional", "Pelaksana", "L", birth, camat]
    rows.insert(kecamatan_size, transferred)
    mangled_row = 5 + kecamatan_size
    # Planted: a row pasted twice; the copy at the end is the duplicate.
    staff = np.flatnonzero((frame["unit_type"] == "kelurahan").to_numpy() & ~frame["head"].to_numpy()
                           & (frame["training_need"] == "none").to_numpy())
    original = int(staff[int(rng.integers(len(staff)))])
    original_position = original + (1 if original >= kecamatan_size else 0)
    rows.append(list(rows[original_position]))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "DUK ASN"
    last_column = len(_EMPLOYEE_HEADER)
    end = generator.reference
    sheet.cell(row=1, column=1, value="DAFTAR ASN KECAMATAN CAKRANEGARA").font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=f"Keadaan per {end.day} {_MONTHS_ID[end.month - 1]} {end.year}")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_column)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.cell(row=2, column=1).alignment = Alignment(horizontal="center")
    for column, text in enumerate(_EMPLOYEE_HEADER, start=1):
        cell = sheet.cell(row=4, column=column, value=text)
        cell.font = Font(bold=True)
    for offset, values in enumerate(rows):
        excel_row = 5 + offset
        sheet.cell(row=excel_row, column=1, value=offset + 1)
        for column, value in enumerate(values, start=2):
            cell = sheet.cell(row=excel_row, column=column, value=value)
            if column in (2, 11) and isinstance(value, str):
                cell.number_format = "@"
            elif column == 10 and isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
    widths = (5, 24, 36, 30, 12, 10, 40, 20, 8, 14, 24)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(ord("A") + column - 1)].width = width
    save_workbook(workbook, path)

    generator.bad_rows.insert(0, bad_row("employees", "pegawai.xlsx", mangled_row, "nip", "excel_mangled_nip",
                                         mangled, f"transferred ASN, NIP {digits} in a numeric cell; "
                                         "appears in no other file"))
    generator.bad_rows.insert(1, bad_row("employees", "pegawai.xlsx", 5 + len(rows) - 1, "nip",
                                         "duplicate_key", rows[-1][0],
                                         f"exact copy of row {5 + original_position}"))
    return {"rows": len(rows)}


# --- trainings, sosialisasi, change survey ------------------------------------------

def make_trainings(generator: Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """``pelatihan.csv``: the programmes each ASN followed, none to three a year."""
    rng = generator.rng
    days = generator.workdays[5]
    windows = generator.year_windows()
    rows = []
    for employee in frame.itertuples(index=False):
        eligible = [p for p in _PROGRAMS if p[3] is None or employee.unit_type in p[3]]
        for start, end in windows:
            fraction = ((end - start).days + 1) / 365
            count = int(rng.choice(4, p=_TRAININGS_PER_YEAR))
            count = int(round(count * fraction)) if fraction < 0.99 else count
            choice = rng.choice(len(eligible), count, replace=False)
            in_window = days[(days >= np.datetime64(start)) & (days <= np.datetime64(end - timedelta(days=6)))]
            for i in sorted(choice):
                program, jp, organiser, _ = eligible[i]
                first = in_window[int(rng.integers(len(in_window)))].astype(object)
                last = first + timedelta(days=math.ceil(jp / 8) - 1)
                rows.append((employee.order, first, program, last, jp, organiser, employee.nip))
    rows.sort(key=lambda r: (r[1], r[0], r[2]))
    # Exported from the national ASN system with the canonical English headers.
    return pd.DataFrame({
        "nip": [r[6] for r in rows],
        "program": [r[2] for r in rows],
        "start_date": [f"{r[1]:%d/%m/%Y}" for r in rows],
        "end_date": [f"{r[3]:%d/%m/%Y}" for r in rows],
        "jp": [r[4] for r in rows],
        "organiser": [r[5] for r in rows],
    })


def make_sosialisasi(generator: Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """``sosialisasi.csv``: who attended the session of their unit type."""
    days = generator.workdays[5]
    session = {"kecamatan": days[1], "kelurahan": days[1], "puskesmas": days[3], "sekolah": days[5]}
    generator.session_dates = sorted({str(d) for d in session.values()})
    dates = np.array([session[t] for t in frame["unit_type"]], dtype="datetime64[D]")
    order = np.lexsort((frame["order"].to_numpy(), dates))
    return pd.DataFrame({
        "NIP": frame["nip"].to_numpy()[order],
        "Tanggal Sosialisasi": format_days(dates[order], "dmy_dash"),
        "Materi": SOSIALISASI_TOPIC,
        "Hadir": np.where(frame["sosialisasi"].to_numpy()[order], "Ya", "Tidak"),
    })


def reversed_item_numbers() -> list[int]:
    """Numbers (1-based) of the survey's reverse-keyed items, as its instrument file keys them (4 and 14)."""
    scale = load_instrument(SURVEY_INSTRUMENT)
    return [scale.item_ids.index(item) + 1 for item in scale.reversed_items]


def make_survey(generator: Generator, frame: pd.DataFrame) -> list[list[Any]]:
    """Rows of ``survei_perubahan.xlsx``: the Oreg items of 70% of the ASN, from their resistance.

    Each item is the ASN's resistance plus noise, except that a reverse-keyed item of the
    instrument (`reversed_item_numbers`) is answered against it, as ``7 -`` that, so that the
    planted resistance shows once the scoring keys the item back.
    """
    rng = generator.rng
    n = len(frame)
    answered = np.flatnonzero(rng.random(n) < 0.7)
    answered = answered[rng.permutation(len(answered))]
    days = generator.workdays[5]
    window = days[(days >= np.datetime64(generator.rollout + timedelta(days=41)))
                  & (days <= np.datetime64(generator.rollout + timedelta(days=52)))]
    survey_days = np.sort(window[rng.integers(0, len(window), len(answered))])
    resistance = frame["resistance"].to_numpy()[answered]
    items = np.clip(np.rint(resistance[:, None] + rng.normal(0, 0.9, (len(answered), 17))), 1, 6)
    against = [number - 1 for number in reversed_item_numbers()]
    items[:, against] = 7 - items[:, against]
    blank = rng.random(items.shape) < 0.01
    bad_index = int(rng.integers(len(answered) // 3, 2 * len(answered) // 3))
    rows = []
    for i, e in enumerate(answered):
        employee = frame.iloc[e]
        survey_day = survey_days[i].astype(object)
        values: list[Any] = [None if blank[i, j] else int(items[i, j]) for j in range(17)]
        if i == bad_index:
            values[11] = 7
            # Title in row 1, blank row 2, header in row 3: respondent i is in row i + 4.
            generator.bad_rows.append(bad_row("change_survey", "survei_perubahan.xlsx", i + 4, "rtc_12",
                                              "value_out_of_range", 7, "items are 1 to 6"))
        age = int((survey_day - employee["birth_date"]).days // 365.25)
        tenure = round((survey_day - employee["tmt"]).days / 365.25, 1)
        rows.append([f"R{i + 1:04d}", employee["nip"], f"{survey_day:%d-%m-%Y}", *values,
                     employee["unit_code"], age, tenure, employee["golongan"], employee["employment_type"]])
    return rows
