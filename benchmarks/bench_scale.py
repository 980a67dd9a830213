"""The quarter's e-Kinerja metrics on N activity rows: open, validate and measure, against plain pandas.

Both paths compute, per employee, what :func:`kinerja.metrics.ekinerja.employee_reporting`
returns (working days, days reported, reporting rate, on-time rate, median and
90th-percentile approval lag, never-approved share) for 2026-Q3 from the same
Parquet folder, each in its own child process, so that one path's memory does
not count for the other (peak RSS is the child's, from ``os.wait4``):

- duckdb: the folder is opened with :func:`kinerja.load_dataset`, timed in
  two parts: *open* (reading the dimension files and the Parquet footers,
  handing the tables to DuckDB) and *validate* (the dimension tables checked
  against their rules and each other, every activity row of every partition
  accounted for: ``Dataset.validate_seconds``); then *measure*:
  ``employee_reporting`` on the lazy view over the Parquet files. The total
  is the three together;
- pandas: the baseline, :func:`pandas_employee_reporting` on the quarter's
  partition read with ``pandas.read_parquet``; the time includes the read.

The two results are compared row by row (same employees, same integers,
floats within 1e-9), so the comparison is between equal computations. Targets
on a two-core machine: at 100 million rows, open, validate and measure in at
most 30 s in total with a peak RSS of at most 4 GB (duckdb), and at least 5
times faster than pandas (measure against the baseline) at 10 million rows.
pandas is skipped above ``--pandas-max-rows``, where its frames would not fit
comfortably in memory.

The data are the demo's e-Kinerja model (:func:`kinerja.demo.parquet.generate_demo_parquet`,
quarters 2026-Q2:2026-Q3, employees sized for about N rows in 2026-Q3),
generated once into ``--data DIR`` or ``$KINERJA_CACHE/scale/`` (default
``~/.cache/kinerja/scale/``); generating them is not part of any measurement.

Run: .venv/bin/python benchmarks/bench_scale.py [--rows N] [--json] [--data DIR] [--pandas-max-rows N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

QUARTER = "2026-Q3"
QUARTERS = "2026-Q2:2026-Q3"
"""The rollout quarter, then the measured one: a quarter in which everyone reports."""
ROWS_PER_EMPLOYEE = 67.8
"""Activities per employee in 2026-Q3 under the demo's model (10,000,445 rows for 147,500 employees)."""
TARGET_ROWS, TARGET_SECONDS, TARGET_RSS_MB = 100_000_000, 30.0, 4096.0
"""At this many rows: open, validate and measure in at most this many seconds in total, within this peak RSS."""
SPEEDUP_ROWS, TARGET_SPEEDUP = 10_000_000, 5.0
DEFAULT_PANDAS_MAX_ROWS = 30_000_000
COLUMNS = ["nip", "name", "unit_code", "quarter", "workdays", "absence_days", "available_days", "days_reported",
           "reporting_rate", "activities", "on_time_rate", "approval_lag_median_hours", "approval_lag_p90_hours",
           "never_approved_share"]


# --- the plain-pandas baseline ---------------------------------------------------------------------

def pandas_employee_reporting(units: pd.DataFrame, employees: pd.DataFrame, activities: pd.DataFrame,
                              quarter: str, late_tolerance_days: int = 0,
                              absences: pd.DataFrame | None = None) -> pd.DataFrame:
    """``employee_reporting`` written the plain pandas way: filter, merge, groupby.

    Days away are expanded to (employee, day) pairs and taken out of each
    employee's working days, independently of the bitmasks of
    :mod:`kinerja.metrics.absences`.

    Parameters
    ----------
    units, employees
        The units and employees tables.
    activities
        Valid activities with ``nip``, ``activity_date`` (dates or datetime64),
        ``submitted_at``, ``approved_at`` (datetime64) and ``status``.
    quarter
        The quarter, e.g. ``"2026-Q3"``.
    late_tolerance_days
        Calendar days after the activity day a submission still counts as on time.
    absences
        Spells away (``nip``, ``start_date``, ``end_date``): the absences table
        and the trainings, as :func:`kinerja.metrics.absences.absence_spells`
        gives them; None for none.
    """
    from kinerja.core.calendars import unit_workdays
    from kinerja.core.periods import Quarter

    q = Quarter.parse(quarter)
    activity_date = pd.to_datetime(activities["activity_date"])
    acts = activities.assign(activity_date=activity_date)[(activity_date >= pd.Timestamp(q.start))
                                                          & (activity_date <= pd.Timestamp(q.end))]
    late_by = (acts["submitted_at"].dt.normalize() - acts["activity_date"]).dt.days
    approved = (acts["status"] == "approved") & acts["approved_at"].notna()
    lag = ((acts["approved_at"] - acts["submitted_at"]) / pd.Timedelta(hours=1)).where(approved)
    per_row = pd.DataFrame({"nip": acts["nip"], "on_time": (late_by <= late_tolerance_days).astype("int64"),
                            "approved": approved.astype("int64"), "lag": lag})
    stats = per_row.groupby("nip").agg(activities=("nip", "size"), on_time=("on_time", "sum"),
                                       approved=("approved", "sum"), approval_lag_median_hours=("lag", "median"))
    stats["approval_lag_p90_hours"] = per_row.groupby("nip")["lag"].quantile(0.9)

    staff = employees[["nip", "name", "unit_code"]].drop_duplicates("nip")
    workdays = unit_workdays(units, q)[["unit_code", "day"]]
    workdays["day"] = pd.to_datetime(workdays["day"]).astype(acts["activity_date"].dtype)
    days = acts[["nip", "activity_date"]].drop_duplicates().rename(columns={"activity_date": "day"})
    days = days.merge(staff[["nip", "unit_code"]], on="nip").merge(workdays, on=["unit_code", "day"])
    away = pd.DataFrame({"nip": pd.Series([], dtype="str"), "day": pd.Series([], dtype=workdays["day"].dtype)})
    if absences is not None and len(absences):
        first, last = pd.Timestamp(q.start), pd.Timestamp(q.end)
        spells = absences[(absences["end_date"] >= first) & (absences["start_date"] <= last)]
        away = pd.DataFrame([(nip, day) for nip, start, end in zip(spells["nip"], spells["start_date"],
                                                                    spells["end_date"], strict=True)
                             for day in pd.date_range(max(start, first), min(end, last))],
                            columns=["nip", "day"]).astype({"day": workdays["day"].dtype}).drop_duplicates()
        away = away.merge(staff[["nip", "unit_code"]], on="nip").merge(workdays, on=["unit_code", "day"])
        away = away[["nip", "day"]]
    days = days.merge(away.assign(away=True), on=["nip", "day"], how="left")
    reported = days[days["away"].isna()].groupby("nip").size().rename("days_reported")

    table = staff.merge(workdays.groupby("unit_code").size().rename("workdays"), on="unit_code", how="left")
    table = table.merge(stats, on="nip", how="left").merge(reported, on="nip", how="left")
    table = table.merge(away.groupby("nip").size().rename("absence_days"), on="nip", how="left")
    table["workdays"] = table["workdays"].fillna(0).astype("int64")
    table["absence_days"] = table["absence_days"].fillna(0).astype("int64")
    table["available_days"] = table["workdays"] - table["absence_days"]
    table["days_reported"] = table["days_reported"].fillna(0).astype("int64")
    table["activities"] = table["activities"].fillna(0).astype("int64")
    with_activity = table["activities"] > 0
    table["quarter"] = q.label
    available = table["available_days"]
    table["reporting_rate"] = (table["days_reported"] / available).where(available > 0)
    table["on_time_rate"] = (table["on_time"] / table["activities"]).where(with_activity)
    table["never_approved_share"] = ((table["activities"] - table["approved"]) / table["activities"]).where(
        with_activity)
    return table[COLUMNS].sort_values(["unit_code", "nip"], kind="stable").reset_index(drop=True)


def compare(ours: pd.DataFrame, theirs: pd.DataFrame) -> str | None:
    """None when both per-employee tables agree (floats within 1e-9), else what differs."""
    if len(ours) != len(theirs) or not (ours["nip"].to_numpy() == theirs["nip"].to_numpy()).all():
        return f"different employees ({len(ours)} and {len(theirs)} rows)"
    for column in COLUMNS[3:]:
        left, right = ours[column].to_numpy(), theirs[column].to_numpy()
        if left.dtype.kind == "f" or right.dtype.kind == "f":
            same = np.isclose(left.astype("float64"), right.astype("float64"), rtol=1e-9, atol=1e-9,
                              equal_nan=True)
        else:
            same = left == right
        if not same.all():
            first = int(np.flatnonzero(~same)[0])
            return f"{column} differs for NIP {ours['nip'].iloc[first]}: {left[first]!r} and {right[first]!r}"
    return None


# --- the two paths, each run in a child process ------------------------------------------------------

def run_duckdb(folder: Path) -> tuple[pd.DataFrame, dict]:
    from kinerja.data.loading import load_dataset
    from kinerja.metrics.ekinerja import employee_reporting

    started = time.perf_counter()
    dataset = load_dataset(folder, cache=False)
    opened = time.perf_counter()
    result = employee_reporting(dataset, QUARTER)
    done = time.perf_counter()
    count = dataset.counts["activities"]
    return result, {"open_s": opened - started - dataset.validate_seconds, "validate_s": dataset.validate_seconds,
                    "seconds": done - opened, "total_s": done - started, "rows_read": count.rows,
                    "rejected": count.rejected}


def run_pandas(folder: Path) -> tuple[pd.DataFrame, dict]:
    started = time.perf_counter()
    units = pd.read_parquet(folder / "units.parquet")
    employees = pd.read_parquet(folder / "employees.parquet")
    activities = pd.read_parquet(folder / "activities" / f"quarter={QUARTER}",
                                 columns=["nip", "activity_date", "submitted_at", "approved_at", "status"])
    result = pandas_employee_reporting(units, employees, activities, QUARTER)
    return result, {"seconds": time.perf_counter() - started}


def child(path: str, folder: Path, result_file: Path) -> int:
    result, timings = (run_duckdb if path == "duckdb" else run_pandas)(folder)
    result.to_parquet(result_file.with_suffix(".parquet"), index=False)
    result_file.write_text(json.dumps(timings))
    return 0


def measure(path: str, folder: Path, scratch: Path) -> dict:
    """Run one path in a child process; its timings, its result and its own peak RSS."""
    result_file = scratch / f"{path}.json"
    # The child's stdout goes to stderr (file descriptor 2): DuckDB draws its progress bar on stdout,
    # which holds only this process's table or JSON line.
    process = subprocess.Popen([sys.executable, __file__, "--child", path, "--data", str(folder),
                                "--result", str(result_file)], stdout=2)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the {path} path failed (exit status {os.waitstatus_to_exitcode(status)}).")
    timings = json.loads(result_file.read_text())
    timings["peak_rss_mb"] = usage.ru_maxrss / 1024  # Linux reports kB
    timings["cpu_s"] = usage.ru_utime + usage.ru_stime  # on a shared machine, what the child used of the cores
    timings["result"] = pd.read_parquet(result_file.with_suffix(".parquet"))
    return timings


# --- data ------------------------------------------------------------------------------------------

def data_folder(rows: int, seed: int, data: Path | None) -> Path:
    """The benchmark's data, generated on first use in a child process (not part of any measurement).

    A child, so that this process stays small: a child started from a large
    process would report that process's memory as its own peak RSS.
    """
    root = Path(os.environ.get("KINERJA_CACHE") or Path.home() / ".cache" / "kinerja") / "scale"
    folder = data if data is not None else root / f"rows{rows}-seed{seed}"
    if (folder / "ground_truth.json").is_file():
        return folder
    employees = max(60, math.ceil(rows / ROWS_PER_EMPLOYEE))
    print(f"Generating {employees:,} employees' activities for {QUARTERS} into {folder} "
          f"(once; not part of the measurement) ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--child", "generate", "--data", str(folder),
                    "--employees", str(employees), "--seed", str(seed)], check=True)
    print(f"Generated in {time.perf_counter() - started:.0f} s.", file=sys.stderr, flush=True)
    return folder


def generate(folder: Path, employees: int, seed: int) -> int:
    """Write the data into a scratch folder and rename it, so an interrupted run leaves no half folder."""
    from kinerja.demo import generate_demo_parquet

    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        generate_demo_parquet(scratch, employees=employees, seed=seed, quarters=QUARTERS)
        if folder.exists():
            shutil.rmtree(folder)
        scratch.rename(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def quarter_rows(folder: Path) -> int:
    """Activity rows stored in the measured quarter's partition (from the Parquet footers)."""
    return sum(pq.ParquetFile(path).metadata.num_rows
               for path in sorted((folder / "activities" / f"quarter={QUARTER}").glob("*.parquet")))


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


# --- main ------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=SPEEDUP_ROWS, help="activity rows in the quarter (about)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--data", type=Path, help="folder of the generated data (default: in the cache)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    parser.add_argument("--pandas-max-rows", type=int, default=DEFAULT_PANDAS_MAX_ROWS,
                        help=f"skip pandas above this many rows (default {DEFAULT_PANDAS_MAX_ROWS:,})")
    parser.add_argument("--child", choices=("duckdb", "pandas", "generate"), help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--employees", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "generate":
        return generate(args.data, args.employees, args.seed)
    if args.child:
        return child(args.child, args.data, args.result)
    if args.rows < 1000:
        parser.error(f"--rows must be at least 1000, not {args.rows}.")

    folder = data_folder(args.rows, args.seed, args.data)
    rows = quarter_rows(folder)
    load_before = load_average()
    with tempfile.TemporaryDirectory() as scratch:
        duck = measure("duckdb", folder, Path(scratch))
        panda = measure("pandas", folder, Path(scratch)) if rows <= args.pandas_max_rows else None
    load_after = load_average()
    if duck["rejected"]:
        print(f"note: {duck['rejected']:,} rows were rejected when the folder was opened; the pandas baseline "
              f"reads every row, so the results may differ.", file=sys.stderr)
    agreement = compare(duck["result"], panda["result"]) if panda else None
    ratio = panda["seconds"] / duck["seconds"] if panda else None
    judged = args.rows >= TARGET_ROWS  # the data are sized for --rows; the table shows the rows actually stored
    met = duck["total_s"] <= TARGET_SECONDS and duck["peak_rss_mb"] <= TARGET_RSS_MB
    if args.json:
        print(json.dumps({
            "rows": rows, "duckdb_s": round(duck["seconds"], 2),
            "pandas_s": round(panda["seconds"], 2) if panda else None,
            "duckdb_peak_rss_mb": round(duck["peak_rss_mb"]),
            "pandas_peak_rss_mb": round(panda["peak_rss_mb"]) if panda else None,
            "duckdb_open_s": round(duck["open_s"], 2), "duckdb_validate_s": round(duck["validate_s"], 2),
            "duckdb_total_s": round(duck["total_s"], 2), "duckdb_cpu_s": round(duck["cpu_s"], 1),
            "rows_opened": duck["rows_read"],
            "ratio": round(ratio, 1) if ratio else None, "results_agree": agreement is None if panda else None,
            "target_met": met if judged else None, "employees": len(duck["result"]), "load_average": load_after,
        }))
        return 0 if agreement is None else 1
    print(f"Data: {folder} ({len(duck['result']):,} employees; {rows:,} activity rows in {QUARTER}, "
          f"{duck['rows_read']:,} in all partitions)")
    print(f"{'path':<50} {'rows':>13} {'seconds':>8} {'rows/s':>12} {'peak RSS MB':>12}")
    lines = [("duckdb: open (read the files, hand them to DuckDB)", duck["rows_read"], duck["open_s"], None),
             ("duckdb: validate (check every row)", duck["rows_read"], duck["validate_s"], None),
             ("duckdb: measure (employee_reporting, Ibis)", rows, duck["seconds"], None),
             ("duckdb: total (open + validate + measure)", rows, duck["total_s"], duck["peak_rss_mb"])]
    if panda:
        lines.append(("pandas: read quarter + same metrics", rows, panda["seconds"], panda["peak_rss_mb"]))
    for label, count, seconds, rss in lines:
        shown = f"{rss:>12,.0f}" if rss is not None else f"{'(same run)':>12}"
        print(f"{label:<50} {count:>13,} {seconds:>8.1f} {count / seconds:>12,.0f} {shown}")
    if panda:
        print(f"\npandas / duckdb measure: {ratio:.1f} x; results agree: "
              f"{'yes' if agreement is None else 'NO: ' + agreement}")
    else:
        print(f"\npandas skipped: {rows:,} rows is above --pandas-max-rows {args.pandas_max_rows:,}.")
    print(f"duckdb child: {duck['cpu_s']:.1f} s of CPU (user + system, on both cores) in {duck['total_s']:.1f} s")
    verdict = ("met" if met else "missed") if judged else f"not judged at {args.rows:,} rows"
    print(f"target at {TARGET_ROWS:,} rows: total at most {TARGET_SECONDS:.0f} s ({duck['total_s']:.1f} s) and peak "
          f"RSS at most {TARGET_RSS_MB:,.0f} MB ({duck['peak_rss_mb']:,.0f} MB): {verdict}")
    if panda and args.rows >= SPEEDUP_ROWS:
        print(f"target at {SPEEDUP_ROWS:,} rows: measure at least {TARGET_SPEEDUP:.0f} x faster than pandas: "
              f"{'met' if ratio >= TARGET_SPEEDUP else 'missed'}")
    print(f"load average before / after: {load_before} / {load_after} (2 cores; other work slows both paths)")
    return 0 if agreement is None else 1


if __name__ == "__main__":
    sys.exit(main())
