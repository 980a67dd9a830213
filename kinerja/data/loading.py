"""Load a data folder into a validated ``Dataset``.

A data folder holds one file per table, named after the table in English or
Indonesian. Each file is read (:mod:`kinerja.data.io`), validated
(:mod:`kinerja.data.schemas`) and then checked against the other tables: an
employee's unit must exist, an activity's NIP must be an employee, an
activity's SKP indicator must be one of its employee's in its quarter. Rejected
rows are collected in ``Dataset.rejects``. Event tables live in an engine
(:mod:`kinerja.data.engines`: an embedded DuckDB by default, or Spark) and are used
through Ibis; the others are pandas DataFrames.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa

from kinerja.core.errors import DataError
from kinerja.core.formatting import quoted
from kinerja.core.periods import Quarter
from kinerja.data.dataset import Dataset, DeferredTables, TableCount
from kinerja.data.dictionary import TABLES, Table, normalise_header, table_for_file_stem
from kinerja.data.engines import Engine, put_table
from kinerja.data.io import DATA_SUFFIXES, read_table_file
from kinerja.data.nips import among
from kinerja.data.partitioned import (
    ACTIVITIES_FOLDER,
    attach_partitioned_activities,
    has_partitioned_activities,
)
from kinerja.data.reasons import english
from kinerja.data.rules import skp_indicator_keys
from kinerja.data.schemas import REJECT_COLUMNS, Validated, validate

_LOAD_ORDER = ("units", "employees")


@dataclass(frozen=True)
class FileStep:
    """One table file of a load: announced before it is read (``rows`` and ``seconds`` None), then when read.

    ``rows`` are the rows read from the file and ``seconds`` the time spent reading and validating them
    (for partitioned activities: accounting for every row of every partition).
    """

    table: str
    file: str
    rows: int | None = None
    seconds: float | None = None


_PROGRESS: ContextVar[Callable[[FileStep], None] | None] = ContextVar("kinerja_load_progress", default=None)


@contextmanager
def reading_progress(callback: Callable[[FileStep], None]) -> Iterator[None]:
    """Call ``callback`` with a :class:`FileStep` before and after each file a load inside the block reads."""
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


@dataclass(frozen=True)
class FolderFiles:
    """The files of a data folder: one per table, and those no table is named after."""

    tables: dict[str, Path]
    ignored: list[str]


def find_table_files(folder: Path) -> FolderFiles:
    """Map table names to the files of ``folder`` that hold them; list the data files that hold none.

    A data file (``.csv``, ``.xlsx``, ``.parquet``) whose name is no table's
    is ignored and listed, so that a stray export does not stop the load.

    Raises
    ------
    DataError
        When the folder is missing, an entry named like a table file is not a
        file, or two files hold the same table.
    """
    if not folder.is_dir():
        raise DataError(f"the data folder {folder} does not exist or is not a folder.")
    found: dict[str, Path] = {}
    ignored: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")):
            continue
        suffix = path.suffix.lower()
        if suffix == ".xls":
            raise DataError(f"{path.name} is an old Excel file (.xls); save it as .xlsx.")
        if suffix not in DATA_SUFFIXES:
            continue
        table = table_for_file_stem(path.stem)
        if table is None:
            ignored.append(path.name)
            continue
        if not path.is_file():
            raise DataError(f"{path.name} in {folder} is a folder, not a file; the {table.name} table must be "
                            f"one {suffix} file.")
        if table.name in found:
            raise DataError(f"{found[table.name].name} and {path.name} both hold the {table.name} table; "
                            f"keep one of them.")
        found[table.name] = path
    return FolderFiles(found, ignored)


def load_dataset(folder: str | Path, *, cache: str | Path | bool = True, engine: Engine = Engine(),
                 progress: Callable[[FileStep], None] | None = None) -> Dataset:
    """Read, validate and cross-check every table of a data folder.

    Parameters
    ----------
    folder
        A folder with one file per table (see ``docs/data-dictionary.md``).
        The activities may instead be an ``activities/`` folder of Parquet
        files partitioned by quarter, which stay on disk behind a lazy view
        (:mod:`kinerja.data.partitioned`); the other tables are read as usual.
    cache
        Keep the validated tables as a snapshot so that the next load of the
        same files is fast: True for ``$KINERJA_CACHE`` or ``~/.cache/kinerja``,
        a folder, or False for no snapshot. A snapshot is keyed by the
        SHA-256 of every input file and of the loader's code, so a changed
        file or a changed rule is always read afresh. A file's SHA-256 is
        remembered by its identity, size and times (``digests/``), so the
        next load of an unchanged folder does not read it.
    engine
        Where the event tables go (:class:`~kinerja.data.engines.Engine`); DuckDB
        in memory by default.
    progress
        Called with a :class:`FileStep` before each table file is read and
        again, with its rows and seconds, once it is read and validated, so
        that a command can say what a long load is doing; None for the
        callback of the enclosing :func:`reading_progress`, if any.

    Returns
    -------
    Dataset
        Valid rows per table, with every rejected row in ``rejects``, and the
        seconds spent checking them in ``validate_seconds``.

    Raises
    ------
    DataError
        When a file cannot be read, lacks a required column or has an unknown
        name. The message is one sentence naming the file.
    """
    folder = Path(folder)
    progress = progress or _PROGRESS.get() or (lambda step: None)
    found = find_table_files(folder)
    files = found.tables
    snapshot = _snapshot_folder(files, cache)
    if _has_snapshot(snapshot):
        return _with_partitions(_from_snapshot(folder, found, snapshot, engine), progress)
    with _building(snapshot):
        dataset = _from_snapshot(folder, found, snapshot, engine) if _has_snapshot(snapshot) \
            else _load_and_validate(folder, found, snapshot, engine, progress)  # made while this one waited
    return _with_partitions(dataset, progress)


def _has_snapshot(snapshot: Path | None) -> bool:
    """Whether ``snapshot`` is a complete snapshot (its ``counts.json`` is written last, by a rename)."""
    return snapshot is not None and (snapshot / "counts.json").is_file()


def _from_snapshot(folder: Path, found: FolderFiles, snapshot: Path, engine: Engine) -> Dataset:
    """The data set of ``folder`` as ``snapshot`` holds it."""
    return replace(_read_snapshot(folder, snapshot, engine), ignored=found.ignored,
                   notes=pd.read_parquet(snapshot / "notes.parquet"))


@contextmanager
def _building(snapshot: Path | None) -> Iterator[None]:
    """Hold the lock of making ``snapshot``: processes opening the same new files at once validate them once.

    The first makes the snapshot; the others wait for it and then read it.
    Where the cache cannot hold a lock file (read-only), each validates on
    its own. Reading a snapshot that exists takes no lock.
    """
    if snapshot is None:
        yield
        return
    try:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        lock = (snapshot.parent / f".{snapshot.name}.lock").open("w")
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _load_and_validate(folder: Path, found: FolderFiles, snapshot: Path | None, engine: Engine,
                       progress: Callable[[FileStep], None]) -> Dataset:
    """Read and validate every table file of ``found``; keep the result as ``snapshot`` (unless None)."""
    files = found.tables
    order = [name for name in _LOAD_ORDER if name in files] + [n for n in files if n not in _LOAD_ORDER]
    validated: dict[str, Validated] = {}
    checking = 0.0
    for name in order:
        progress(FileStep(name, files[name].name))
        started = time.perf_counter()
        raw = read_table_file(files[name], TABLES[name])
        read = time.perf_counter()
        validated[name] = validate(raw)
        checking += time.perf_counter() - read
        progress(FileStep(name, files[name].name, raw.rows_read, time.perf_counter() - started))
    started = time.perf_counter()
    _check_references(validated)
    checking += time.perf_counter() - started
    frames = {name: result.frame.rename_axis("source_row").reset_index() for name, result in validated.items()}
    counts = {name: TableCount(files[name].name, result.rows_read, len(result.frame), result.rejected_rows)
              for name, result in validated.items()}
    rejects = _stacked([result.rejects for result in validated.values()])
    notes = _stacked([result.notes for result in validated.values()])
    if snapshot is not None:
        _write_snapshot(snapshot, frames, rejects, counts, notes)
    return replace(_assemble(folder, frames, rejects, counts, engine), ignored=found.ignored, notes=notes,
                   validate_seconds=checking)


def _stacked(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Rejects or notes of several tables in one frame (columns ``REJECT_COLUMNS`` even when there are none)."""
    parts = [part for part in parts if len(part)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=REJECT_COLUMNS)


def _with_partitions(dataset: Dataset, progress: Callable[[FileStep], None]) -> Dataset:
    """Add the activities of an ``activities/`` folder of Parquet partitions, as a lazy view (national scale).

    Accounting for every row is checking them: its seconds count in ``validate_seconds``.
    """
    if not has_partitioned_activities(dataset.folder):
        return dataset
    progress(FileStep("activities", f"{ACTIVITIES_FOLDER}/"))
    started = time.perf_counter()
    dataset = attach_partitioned_activities(dataset)
    seconds = time.perf_counter() - started
    count = dataset.counts["activities"]
    progress(FileStep("activities", count.file, count.rows, seconds))
    return replace(dataset, validate_seconds=dataset.validate_seconds + seconds)


def with_table_file(dataset: Dataset, path: str | Path, table: Table) -> Dataset:
    """Return a copy of ``dataset`` whose table ``table.name`` is read from another file.

    The file is read and validated as the loader reads a table of a folder,
    with ``table`` as its definition (a dictionary table, or a variant of one
    such as a survey with another instrument's items), and checked against
    the dataset's units, employees and SKP. The other tables are shared;
    ``dataset`` itself is not changed.

    Raises
    ------
    DataError
        When the file is missing, unreadable or lacks a required column.
    """
    source = Path(path).expanduser()
    if not source.is_file():
        raise DataError(f"the file {source} for the {table.name} table does not exist.")
    result = validate(read_table_file(source, table))
    if dataset.has("units") and "unit_code" in result.frame.columns:
        _resolve_units(result, _unit_matcher(dataset.units), dataset.counts["units"].file)
    if dataset.has("employees") and "nip" in result.frame.columns:
        _require_employee(result, dataset.employees["nip"], {}, dataset.counts["employees"].file)
    if dataset.has("skp") and "skp_indicator" in result.frame.columns:
        _match_skp_indicators(result, dataset.skp, dataset.counts["skp"].file)
    frame = result.frame.rename_axis("source_row").reset_index()
    counts = {**dataset.counts, table.name: TableCount(source.name, result.rows_read, len(result.frame),
                                                       result.rejected_rows)}
    counts = {name: counts[name] for name in TABLES if name in counts}
    rejects = _stacked([dataset.rejects[dataset.rejects["table"] != table.name], result.rejects])
    notes = _stacked([dataset.notes[dataset.notes["table"] != table.name], result.notes])
    if table.event:
        # Event tables live in the engine: a new connection, so the original dataset keeps its table.
        frames = {name: dataset.to_pandas(name) for name in dataset.tables if name != table.name}
        return replace(_assemble(dataset.folder, {**frames, table.name: frame}, rejects, counts, dataset.engine),
                       notes=notes)
    return Dataset(dataset.folder, {**dataset.frames, table.name: frame}, dataset.connection, rejects, counts,
                   set(dataset.event_tables), dataset.engine, notes=notes, deferred=dataset.deferred)


def dataset_from_frames(frames: dict[str, pd.DataFrame], folder: Path | None = None,
                        engine: Engine = Engine()) -> Dataset:
    """Build a Dataset from already valid, typed frames (for tests and notebooks).

    Parameters
    ----------
    frames
        Table name -> DataFrame with canonical columns.
    folder
        The folder the frames came from, if any.
    engine
        Where the event tables go; DuckDB in memory by default.
    """
    counts = {name: TableCount(f"{name}.parquet", len(frame), len(frame), 0) for name, frame in frames.items()}
    typed = {name: frame.rename_axis("source_row").reset_index() if "source_row" not in frame else frame
             for name, frame in frames.items()}
    return _assemble(folder, typed, pd.DataFrame(columns=REJECT_COLUMNS), counts, engine)


def _assemble(folder: Path | None, frames: dict[str, pd.DataFrame], rejects: pd.DataFrame,
              counts: dict[str, TableCount], engine: Engine = Engine(),
              event_files: dict[str, Path] | None = None) -> Dataset:
    """Put the event tables in a new connection of ``engine`` (from ``frames``, or on first use from the Parquet
    files of ``event_files``) and keep the other frames."""
    connection = engine.connect()
    kept: dict[str, pd.DataFrame] = {}
    events: set[str] = set()
    deferred = DeferredTables()
    for name in TABLES:
        if name in (event_files or {}):
            deferred.files[name] = (event_files[name], tuple(_date_columns(TABLES[name])))
            events.add(name)
        elif name not in frames:
            continue
        elif TABLES[name].event:
            put_table(connection, name, _to_arrow(frames[name], TABLES[name]))
            events.add(name)
        else:
            kept[name] = frames[name]
    ordered = {name: counts[name] for name in TABLES if name in counts}
    return Dataset(folder, kept, connection, rejects, ordered, events, engine, deferred=deferred)


_LOADER_MODULES = ("data/*.py", "core/nip.py", "core/periods.py", "core/text.py", "core/text/rejects.yaml")
"""Files whose code or text decides what a load returns; a snapshot is only valid for the same ones."""


def _snapshot_folder(files: dict[str, Path], cache: str | Path | bool) -> Path | None:
    if cache is False:
        return None
    root = Path(os.environ.get("KINERJA_CACHE") or Path.home() / ".cache" / "kinerja") if cache is True else Path(cache)
    digest = hashlib.sha256()
    package = Path(__file__).parents[1]
    for pattern in _LOADER_MODULES:
        for module in sorted(package.glob(pattern)):
            digest.update(module.read_bytes())
    for name in sorted(files):
        digest.update(f"{name}={files[name].name}={_file_digest(files[name], root / 'digests')}".encode())
    return root / "datasets" / digest.hexdigest()[:32]


_STABLE_SECONDS = 2.0
"""A file's digest is remembered only once the file has not changed for this long (see :func:`_file_digest`)."""


def _file_digest(path: Path, memo: Path) -> str:
    """The SHA-256 of the file at ``path``, remembered in the folder ``memo`` under the file's identity and times.

    Every process of a run opens the same folder, so each file is read once,
    not once per kernel (a 5,000-ASN folder is 360 MB). The key holds the
    device, inode, size and the modification and change times in nanoseconds;
    a write, or setting the modification time back, changes the change time.
    A file changed in the last :data:`_STABLE_SECONDS` is not remembered: it
    could change again within the same tick of the file system's clock.
    """
    stat = path.stat()
    identity = f"{path.resolve()}|{stat.st_dev}|{stat.st_ino}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ctime_ns}"
    remembered = memo / hashlib.sha256(identity.encode()).hexdigest()[:32]
    try:
        known = remembered.read_text(encoding="ascii")
        if len(known) == 64:
            return known
    except (OSError, UnicodeDecodeError):
        pass
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > _STABLE_SECONDS * 1e9:
        try:
            memo.mkdir(parents=True, exist_ok=True)
            descriptor, scratch = tempfile.mkstemp(prefix=f".{remembered.name}-", dir=memo)
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(digest.hexdigest())
            Path(scratch).replace(remembered)  # whole or not at all, for a process reading it meanwhile
        except OSError:
            pass  # a read-only cache: the file is read again next time
    return digest.hexdigest()


def _write_snapshot(snapshot: Path, frames: dict[str, pd.DataFrame], rejects: pd.DataFrame,
                    counts: dict[str, TableCount], notes: pd.DataFrame) -> None:
    """Write the snapshot in a scratch folder and rename it, so readers never see half of one."""
    try:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{snapshot.name}-", dir=snapshot.parent))
    except OSError:
        return  # a read-only home or cache is no reason to fail a load
    try:
        for name, frame in frames.items():
            frame.to_parquet(scratch / f"{name}.parquet", index=False)
        rejects.astype({"row": "int64"}).to_parquet(scratch / "rejects.parquet", index=False)
        notes.astype({"row": "int64"}).to_parquet(scratch / "notes.parquet", index=False)
        (scratch / "counts.json").write_text(json.dumps({name: asdict(count) for name, count in counts.items()}))
        scratch.rename(snapshot)
    except OSError:
        pass  # another process wrote the same snapshot first, or the disk is full: the load stands
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read_snapshot(folder: Path, snapshot: Path, engine: Engine) -> Dataset:
    counts = {name: TableCount(**count) for name, count in json.loads((snapshot / "counts.json").read_text()).items()}
    # DuckDB reads the event tables' files itself, several times faster than through pandas (every kernel of a
    # run opens the snapshot); other engines get them as the loader made them.
    direct = {name for name in counts if TABLES[name].event and engine.name == "duckdb"}
    frames = {name: pd.read_parquet(snapshot / f"{name}.parquet") for name in counts if name not in direct}
    rejects = pd.read_parquet(snapshot / "rejects.parquet")
    return _assemble(folder, frames, rejects, counts, engine, {name: snapshot / f"{name}.parquet" for name in direct})


def _date_columns(table: Table) -> list[str]:
    """Columns of ``table`` that hold dates (pandas keeps them as timestamps; the engines as dates)."""
    return [column.name for column in table.columns if column.kind == "date"]


def _to_arrow(frame: pd.DataFrame, table: Table) -> pa.Table:
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    for name in _date_columns(table):
        if name in arrow.column_names:
            index = arrow.column_names.index(name)
            arrow = arrow.set_column(index, name, arrow.column(name).cast(pa.date32()))
    return arrow


def _check_references(validated: dict[str, Validated]) -> None:
    """Reject rows that name a unit, an employee or an SKP indicator the other tables do not have."""
    units = validated.get("units")
    if units is not None:
        _reject_duplicate_unit_names(units)
        codes = _unit_matcher(units.frame)
        for name, result in validated.items():
            if name != "units" and "unit_code" in result.frame.columns:
                _resolve_units(result, codes, units.file)
    employees = validated.get("employees")
    if employees is not None:
        valid_nips = employees.frame["nip"]
        rejected_at = {nip: int(row) for row, nip in employees.rejected.get("nip", pd.Series()).dropna().items()}
        for name, result in validated.items():
            if name != "employees" and "nip" in result.frame.columns:
                _require_employee(result, valid_nips, rejected_at, employees.file)
    activities, skp = validated.get("activities"), validated.get("skp")
    if activities is not None and skp is not None and "skp_indicator" in activities.frame.columns:
        _match_skp_indicators(activities, skp.frame, skp.file)


def _reject_duplicate_unit_names(units: Validated) -> None:
    names = units.frame["unit_name"].map(normalise_header)
    repeated = names.duplicated(keep="first")
    first_row = {name: row for row, name in names[~repeated].items()}
    _reject(units, "unit_name", {
        row: english("duplicate_unit_name", first=first_row[names[row]]) for row in names.index[repeated]
    })


def _unit_matcher(units: pd.DataFrame) -> dict[str, str]:
    """Map a normalised unit code or name to the unit code."""
    matcher = {normalise_header(name): code for code, name in zip(units["unit_code"], units["unit_name"])}
    matcher.update({normalise_header(code): code for code in units["unit_code"]})
    return matcher


def _resolve_units(result: Validated, codes: dict[str, str], units_file: str) -> None:
    present = result.frame["unit_code"].dropna()
    mapping = {value: codes.get(normalise_header(value)) for value in pd.unique(present)}
    resolved = present.map(mapping)
    unknown = resolved.isna()
    result.frame.loc[present.index[~unknown], "unit_code"] = resolved[~unknown]
    _reject(result, "unit_code", {
        row: english("unknown_unit", unit=quoted(present[row]), file=units_file) for row in present.index[unknown]
    })


def _require_employee(result: Validated, valid: pd.Series, rejected_at: dict[str, int], employees_file: str) -> None:
    present = result.frame["nip"].dropna()
    missing = present[~among(present, valid)]
    reasons = {}
    for row, nip in missing.items():
        reasons[row] = (english("unknown_nip_rejected", nip=nip, file=employees_file, row=rejected_at[nip])
                        if nip in rejected_at else english("unknown_nip", nip=nip, file=employees_file))
    _reject(result, "nip", reasons)


def _match_skp_indicators(activities: Validated, skp: pd.DataFrame, skp_file: str) -> None:
    """Store each activity's SKP indicator as its key in the SKP; reject one its employee does not have.

    Only an activity whose employee has SKP rows in the activity's quarter is
    checked (:func:`kinerja.data.rules.skp_indicator_keys`); any other keeps
    its indicator as written.
    """
    named = activities.frame["skp_indicator"].dropna()
    if named.empty:
        return
    dates = activities.frame.loc[named.index, "activity_date"]
    quarters = {day: Quarter.of(day).label for day in dates.dropna().unique()}
    written = {value: normalise_header(value) for value in pd.unique(named)}
    wanted = pd.DataFrame({"nip": activities.frame.loc[named.index, "nip"], "quarter": dates.map(quarters),
                           "written": named.map(written)}, index=named.index)
    keys = skp_indicator_keys(skp)
    found = wanted.join(keys.set_index(["nip", "quarter", "written"])["key"], on=["nip", "quarter", "written"])
    matched = found["key"].notna()
    activities.frame.loc[found.index[matched], "skp_indicator"] = found.loc[matched, "key"]
    with_skp = pd.MultiIndex.from_frame(found[["nip", "quarter"]]).isin(
        pd.MultiIndex.from_frame(keys[["nip", "quarter"]]))
    unknown = found[with_skp & ~matched]
    _reject(activities, "skp_indicator", {
        row: english("unknown_skp_indicator", indicator=quoted(named[row]), nip=nip, quarter=quarter, file=skp_file)
        for row, nip, quarter in zip(unknown.index, unknown["nip"], unknown["quarter"])
    })


def _reject(result: Validated, column: str, reasons: dict[int, str]) -> None:
    """Move the rows in ``reasons`` from the valid frame to the rejects."""
    if not reasons:
        return
    rows = list(reasons)
    added = pd.DataFrame({
        "table": result.table, "file": result.file, "row": rows, "column": column,
        "value": result.frame.loc[rows, column].astype(str).tolist(), "reason": [reasons[r] for r in rows],
    })
    result.rejects = pd.concat([result.rejects, added], ignore_index=True) if len(result.rejects) else added
    result.rejected = pd.concat([result.rejected, result.frame.loc[rows]])
    result.frame = result.frame.drop(index=rows)


