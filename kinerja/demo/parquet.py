"""The demo's e-Kinerja part as Parquet, at any scale up to national: :func:`generate_demo_parquet`.

Units, employees and activities as a national data warehouse would export them, the
activities partitioned by quarter and drawn and written in chunks of employees, from the same
model as the CSV demo (:func:`kinerja.demo.activities.draw_activities`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kinerja.demo.activities import ACTIVITY_CATEGORIES, ACTIVITY_TEXTS, draw_activities
from kinerja.demo.generator import (
    DEFAULT_QUARTERS,
    GENERATOR_VERSION,
    Generator,
    check_employees,
    parse_quarters,
)
from kinerja.demo.writers import MISSING

__all__ = ["DEFAULT_CHUNK_EMPLOYEES", "generate_demo_parquet"]

DEFAULT_CHUNK_EMPLOYEES = 20_000
"""Employees whose activities `generate_demo_parquet` draws and writes at once."""


def generate_demo_parquet(out: str | Path, employees: int = 1000, seed: int = 0, quarters: str = DEFAULT_QUARTERS,
                          *, chunk_employees: int = DEFAULT_CHUNK_EMPLOYEES) -> Path:
    """Write the demo's units, employees and e-Kinerja activities as Parquet, at any scale.

    The layout a national data warehouse would export: ``units.parquet`` and
    ``employees.parquet`` with canonical columns, and the activities
    partitioned by quarter, Hive style
    (``activities/quarter=2026-Q3/part-00000.parquet``), one part per chunk
    of ``chunk_employees`` employees. The activities are drawn, written and
    dropped chunk by chunk, so memory grows with the employees (the
    dimension tables) but not with the activities.

    How this relates to :func:`~kinerja.demo.folder.generate_demo` with the same ``employees``
    and ``seed``: the units are the same; the employees follow the same
    model, drawn from the same stream except that names are not redrawn
    until unused (a name may repeat), so they are the same people only as
    long as the CSV demo drew no repeated name; the activities follow the
    same model (:func:`draw_activities`, the function the CSV demo calls),
    drawn from one random stream per chunk
    (``numpy.random.SeedSequence(seed).spawn``) instead of the CSV demo's
    single stream. The same arguments give the same rows. No bad rows are
    planted, and the other tables of the CSV demo are not written.

    Parameters
    ----------
    out
        Folder to write into; created when missing. ``units.parquet``,
        ``employees.parquet``, ``activities/`` and ``ground_truth.json`` are
        replaced, other files are left alone.
    employees, seed, quarters
        As for :func:`generate_demo`.
    chunk_employees
        Employees whose activities are drawn and written at once: the memory
        the activities take grows with it, not with ``employees`` (the model
        gives about 68 activities per employee in a quarter after the
        rollout one).

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    ValueError
        If ``employees`` is below 60, ``chunk_employees`` below 1 or
        ``quarters`` is not a range of two or more quarters.
    """
    check_employees(employees)
    if isinstance(chunk_employees, bool) or not isinstance(chunk_employees, (int, np.integer)) or chunk_employees < 1:
        raise ValueError(f"chunk_employees must be a whole number of at least 1, not {chunk_employees!r}.")
    quarter_list = parse_quarters(quarters)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    generator = Generator(int(employees), int(seed), quarter_list, unique_names=False)
    frame = generator.make_employees()
    generator.assign_training_needs(frame)
    generator.assign_resistance(frame)

    units = pa.table({
        "unit_code": [u.code for u in generator.units], "unit_name": [u.name for u in generator.units],
        "unit_type": [u.unit_type for u in generator.units],
        "workdays_per_week": pa.array([u.workdays_per_week for u in generator.units], pa.int64()),
    })
    pq.write_table(units, folder / "units.parquet")
    staff = frame[["nip", "name", "unit_code", "employment_type", "golongan", "position", "position_class",
                   "gender", "birth_date", "supervisor_nip"]]
    staff = staff.assign(supervisor_nip=staff["supervisor_nip"].replace("", None))
    pq.write_table(pa.Table.from_pandas(staff, preserve_index=False), folder / "employees.parquet")

    scratch = Path(tempfile.mkdtemp(prefix=".activities-", dir=folder))
    try:
        rows = _write_activity_parts(generator, frame, scratch, int(seed), int(chunk_employees))
        target = folder / "activities"
        if target.exists():
            shutil.rmtree(target)
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary = {
        "generated_with": GENERATOR_VERSION,
        "format": "parquet",
        "seed": generator.seed,
        "employees": generator.n_requested,
        "quarters": [q.label for q in generator.quarters],
        "chunk_employees": int(chunk_employees),
        "rows": {"units": units.num_rows, "employees": len(staff), "activities": rows},
        "bad_rows": [],
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    (folder / "ground_truth.json").write_text(text, encoding="utf-8", newline="\n")
    return folder


_STATUS_CANONICAL = {"Disetujui": "approved", "Menunggu Persetujuan": "submitted", "Ditolak": "rejected"}
"""The e-Kinerja export's status spellings and the dictionary's canonical values."""


def _write_activity_parts(generator: Generator, frame: pd.DataFrame, folder: Path, seed: int,
                          chunk_employees: int) -> dict[str, int]:
    """Draw and write the activities chunk by chunk; return the rows written per quarter."""
    chunks = range(0, len(frame), chunk_employees)
    streams = np.random.SeedSequence(seed).spawn(len(chunks))
    labels = [q.label for q in generator.quarters]
    rows = dict.fromkeys(labels, 0)
    statuses = pa.array(list(_STATUS_CANONICAL.values()))
    categories, texts = pa.array(ACTIVITY_CATEGORIES.tolist()), pa.array(ACTIVITY_TEXTS.tolist())
    next_id = 1
    for part, (start, stream) in enumerate(zip(chunks, streams)):
        members = frame.iloc[start:start + chunk_employees]
        drawn = draw_activities(members, generator.workdays, np.random.default_rng(stream))
        employee, day = drawn["employee"].to_numpy(), drawn["day"].to_numpy()
        order = np.lexsort((drawn["submitted"].to_numpy(), employee, day))
        employee, day = employee[order], day[order]
        submitted = drawn["submitted"].to_numpy()[order]
        approved = drawn["approved"].to_numpy()[order]
        status = pd.Index(list(_STATUS_CANONICAL)).get_indexer(drawn["status"].to_numpy()[order])
        text_index = drawn["text_index"].to_numpy()[order]
        ids = pc.utf8_lpad(pa.array(np.arange(next_id, next_id + len(order))).cast(pa.string()), 7, "0")
        next_id += len(order)
        table = pa.table({
            "activity_id": pc.binary_join_element_wise("EK", ids, ""),
            "nip": pa.DictionaryArray.from_arrays(employee.astype(np.int32), pa.array(members["nip"].tolist())),
            "activity_date": pa.array(day.astype("datetime64[D]")),
            "submitted_at": pa.array(submitted * 1_000_000, pa.timestamp("us")),
            "approved_at": pa.array(np.where(approved == MISSING, 0, approved) * 1_000_000, pa.timestamp("us"),
                                    mask=approved == MISSING),
            "status": pa.DictionaryArray.from_arrays(status.astype(np.int32), statuses),
            "category": pa.DictionaryArray.from_arrays(text_index.astype(np.int32), categories),
            "duration_minutes": pa.array(drawn["duration"].to_numpy()[order], pa.int64()),
            "description": pa.DictionaryArray.from_arrays(text_index.astype(np.int32), texts),
        })
        quarter = generator.quarter_index(day)
        bounds = np.searchsorted(quarter, np.arange(len(labels) + 1))  # rows are sorted by day, hence by quarter
        for index, label in enumerate(labels):
            if bounds[index + 1] > bounds[index]:
                partition = folder / f"quarter={label}"
                partition.mkdir(exist_ok=True)
                piece = table.slice(bounds[index], bounds[index + 1] - bounds[index])
                pq.write_table(piece, partition / f"part-{part:05d}.parquet")
                rows[label] += piece.num_rows
    return rows
