"""Activities at national scale: Parquet files partitioned by quarter, read lazily.

A data folder may hold its activities not as one file but as a folder of
Parquet files partitioned by quarter, Hive style::

    units.parquet  employees.parquet  ...        (the other tables, as files)
    activities/quarter=2026-Q2/part-00000.parquet
    activities/quarter=2026-Q3/part-00000.parquet
    activities/quarter=2026-Q3/part-00001.parquet

:func:`kinerja.data.loading.load_dataset` reads the other tables as usual and then
calls :func:`attach_partitioned_activities`, which never loads the activities
into pandas: they stay Parquet files behind an Ibis view in the dataset's
engine, and every query reads (and prunes) them afresh. The files hold typed
columns (dates as Parquet dates, times as timestamps, NIPs as text, status in
its canonical value: ``approved``, ``submitted``, ``rejected``); headers may
be the dictionary's names or its Indonesian aliases.

Every row is still accounted for. Opening the folder reads every file's
footer (a file that is not Parquet, lacks a required column or stores one
with the wrong type is named in one sentence), counts in one pass per NIP
the rows read, those that fail a check and, of the others, the first and
last day (``Dataset.spans``: the coverage of the activities, without another
pass) and, when some fail, keeps those in a small table of the engine. A NIP
that is no employee's fails every row it names. The checks are the rules of
the activities table declared in :mod:`kinerja.data.rules`, which a file
read into pandas passes too (required values present, submitted not before the activity date,
approved not before submitted, an approved activity has its approval time,
the duration within 0-1440 minutes), with what reading a file would check
(the status one of its canonical values, dates and times in the years
1900-2100), the activity date inside its partition's quarter, the NIP in the
employees table, and an SKP indicator named that is one of the employee's in
the quarter of the activity when the skp table has any of them (stored, in
the view, as the key the pandas path stores:
:func:`kinerja.data.rules.skp_indicator_keys`). A row is rejected for its
first failing check.
``Dataset.counts`` has the exact numbers; ``Dataset.rejects`` lists up to
``reject_sample`` rejected rows of each kind of problem, with file (relative
to the folder), row (1 = the first row of the file), column, value and
reason. On engines other than DuckDB (Spark), which do not number the rows of
a file, the file is the partition folder and the row 0.

The view leaves out the rejected rows by repeating only the checks that
rejected some row, the employee check as a look-up in the few NIPs found
that are no employee's: clean files cost a query nothing beyond reading
them. The files must therefore not change while the dataset is in use (open
it again after a change). Duplicate activity ids are not looked for: at
hundreds of millions of rows that check would cost more memory than the
metrics themselves.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kinerja.core.errors import DataError
from kinerja.core.periods import InvalidQuarter, Quarter
from kinerja.data.dataset import Dataset, TableCount
from kinerja.data.dictionary import TABLES, Column
from kinerja.data.engines import keep_result, put_table
from kinerja.data.io import map_header
from kinerja.data.nips import positions
from kinerja.data.reasons import english
from kinerja.data.rules import Required, ibis_fails, rules_for, skp_indicator_keys
from kinerja.data.schemas import REJECT_COLUMNS

__all__ = ["ACTIVITIES_FOLDER", "DEFAULT_REJECT_SAMPLE", "attach_partitioned_activities",
           "has_partitioned_activities"]

ACTIVITIES_FOLDER = "activities"
"""The folder of a data folder that holds the activities partitioned by quarter."""
DEFAULT_REJECT_SAMPLE = 100
"""Rejected rows listed in ``Dataset.rejects`` per kind of problem (the counts are always complete)."""

_TABLE = TABLES["activities"]
_PARTITION = re.compile(r"quarter=(.+)")
_UNKNOWN_NIPS = "_kinerja_unknown_nips"
"""The engine table of the NIPs activities name that are no employee's."""
_REJECTED = "_kinerja_rejected_activities"
"""The engine table of the rejected activities, with the index of their first failing check."""
_SKP_INDICATORS = "_kinerja_skp_indicators"
"""The engine table of the SKP indicators activities may name: ``pair`` (NIP and quarter, see
:func:`_indicator_pair`), ``link`` (the pair and the indicator as written, :func:`_indicator_link`) and ``key``."""


def _is_text(arrow_type: pa.DataType) -> bool:
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


_ARROW_KINDS = {
    "date": (pa.types.is_date, "a date (Parquet DATE)"),
    "datetime": (pa.types.is_timestamp, "a timestamp (Parquet TIMESTAMP)"),
    "nip": (_is_text, "text (18-digit NIPs as strings)"),
    "choice": (_is_text, "text"),
    "text": (_is_text, "text"),
    "integer": (pa.types.is_integer, "a whole number (Parquet INT)"),
}
"""Per column kind: whether an Arrow type holds it, and how to say what is expected."""


def has_partitioned_activities(folder: str | Path | None) -> bool:
    """Whether ``folder`` holds an ``activities/`` folder of Parquet partitions."""
    return folder is not None and (Path(folder) / ACTIVITIES_FOLDER).is_dir()


def attach_partitioned_activities(dataset: Dataset, *,
                                  reject_sample: int = DEFAULT_REJECT_SAMPLE) -> Dataset:
    """Return ``dataset`` with the activities of its folder's ``activities/`` partitions, as a lazy view.

    Parameters
    ----------
    dataset
        The other tables of the folder, loaded by :func:`kinerja.data.loading.load_dataset`
        (its employees are the NIPs activities may name, its SKP the
        indicators). Its tables and counts are not changed; its connection
        gains the view.
    reject_sample
        Rejected rows listed per kind of problem in ``rejects``.

    Returns
    -------
    Dataset
        Sharing ``dataset``'s tables and connection, plus ``activities``: an
        Ibis view of the valid rows over the Parquet files, the counts of rows
        read, valid and rejected, a sample of the rejects and, in ``spans``,
        the first and last day and the number of the valid rows per NIP (and
        its unit).

    Raises
    ------
    DataError
        When the folder also has an activities file, a partition is not named
        ``quarter=YYYY-Qn`` or holds no Parquet file, or a file is not
        readable Parquet, lacks a required column or stores a column with the
        wrong type; the message names the file.
    """
    if isinstance(reject_sample, bool) or not isinstance(reject_sample, int) or reject_sample < 0:
        raise ValueError(f"reject_sample must be a whole number of 0 or more, not {reject_sample!r}.")
    folder = Path(dataset.folder)
    if dataset.has("activities"):
        raise DataError(f"the data folder {folder} holds both {dataset.counts['activities'].file} and an "
                        f"{ACTIVITIES_FOLDER}/ folder of Parquet partitions; keep one of them.")
    files = _partition_files(folder)
    columns = _check_schemas(folder, files)
    connection = dataset.connection
    indicators = _put_indicators(connection, dataset.skp) if "skp_indicator" in columns and dataset.has("skp") else None
    raw = _scan(connection, folder, columns)
    present, quarters = set(columns), list(files)
    canonical = [column.name for column in _TABLE.columns if column.name in columns]
    try:
        per_nip = _per_nip(raw, _checks(raw, None, indicators, dataset.counts, present, quarters))
        unknown = None
        if dataset.has("employees"):
            employee = positions(per_nip["nip"], dataset.employees["nip"])
            unknown = per_nip["nip"].notna() & (employee < 0)
            if "unit_code" in dataset.employees.columns:
                units = dataset.employees["unit_code"].reset_index(drop=True).reindex(employee)
                per_nip["unit_code"] = units.set_axis(per_nip.index)
            put_table(connection, _UNKNOWN_NIPS, pa.table({"nip": pa.array(per_nip.loc[unknown, "nip"], pa.string())}))
        checks = _checks(raw, connection.table(_UNKNOWN_NIPS) if unknown is not None else None, indicators,
                         dataset.counts, present, quarters)
        # A NIP that is no employee's rejects all its rows; any other, those failing another check.
        rejected = int(per_nip["rows"].where(unknown, per_nip["failed"]).sum() if unknown is not None
                       else per_nip["failed"].sum())
        failing = ibis.or_(*(condition for _, _, condition in checks))
        failed = _failed_rows(connection, raw.filter(failing), checks) if rejected else None
    except duckdb.Error as error:  # a damaged data page shows up only when the rows are read
        raise DataError(f"the activities in {folder / ACTIVITIES_FOLDER} could not be read: "
                        f"{str(error).splitlines()[0]}") from None
    rejects = pd.DataFrame(columns=REJECT_COLUMNS)
    valid = raw
    if failed is not None:
        rejects = _sample(failed, checks, folder, reject_sample)
        valid = raw.filter(~_failing_again(failed, checks))
    view = valid.select(*canonical)
    connection.create_view("activities", _indicators_as_keys(view, indicators) if indicators is not None else view,
                           overwrite=True)
    read = int(per_nip["rows"].sum())
    described = f"{ACTIVITIES_FOLDER}/ ({sum(len(paths) for paths in files.values())} Parquet files)"
    counts = {**dataset.counts, "activities": TableCount(described, read, read - rejected, rejected)}
    all_rejects = pd.concat([dataset.rejects, rejects], ignore_index=True) if len(rejects) else dataset.rejects
    kept = per_nip["valid"] > 0 if unknown is None else ~unknown & (per_nip["valid"] > 0)
    spans = per_nip.loc[kept].drop(columns=["rows", "failed"]).rename(columns={"valid": "rows"})
    return dataclasses.replace(dataset, rejects=all_rejects,
                               counts={name: counts[name] for name in TABLES if name in counts},
                               event_tables=set(dataset.event_tables) | {"activities"},
                               spans={**dataset.spans, "activities": spans.reset_index(drop=True)})


def _partition_files(folder: Path) -> dict[Quarter, list[Path]]:
    """The Parquet files of each quarter's partition; raises naming a badly named or empty one."""
    root = folder / ACTIVITIES_FOLDER
    files: dict[Quarter, list[Path]] = {}
    for partition in sorted(root.iterdir()):
        if partition.name.startswith(".") or not partition.is_dir():
            continue
        where = f"{ACTIVITIES_FOLDER}/{partition.name}"
        named = _PARTITION.fullmatch(partition.name)
        try:
            quarter = Quarter.parse(named.group(1)) if named else None
        except InvalidQuarter:
            quarter = None
        if quarter is None or quarter.label != named.group(1):
            raise DataError(f"the partition folder {where} is not named quarter=YYYY-Qn (e.g. quarter=2026-Q3).")
        paths = sorted(path for path in partition.glob("*.parquet") if not path.name.startswith("."))
        if not paths:
            raise DataError(f"the partition folder {where} holds no .parquet file.")
        files[quarter] = paths
    if not files:
        raise DataError(f"the folder {root} holds no partition; expected folders such as quarter=2026-Q3 "
                        f"with .parquet files.")
    return files


def _check_schemas(folder: Path, files: dict[Quarter, list[Path]]) -> dict[str, str]:
    """Read every file's footer; return canonical name -> the header used in the files.

    Raises naming the file that is not Parquet, lacks a required column, names
    a column differently from the other files or stores it with the wrong type.
    """
    names: dict[str, str] = {}
    for paths in files.values():
        for path in paths:
            where = path.relative_to(folder).as_posix()
            try:
                schema = pq.read_schema(path)
            except Exception as error:  # noqa: BLE001 - pyarrow raises several types for a file that is not Parquet
                raise DataError(f"{where} is not a readable Parquet file: {str(error).splitlines()[0]}") from None
            try:
                mapping, _ = map_header(list(schema.names), _TABLE, path, header_row=None)
            except DataError as error:
                raise DataError(f"{path.parent.relative_to(folder).as_posix()}/{error}") from None
            for position, canonical in mapping.items():
                header = schema.names[position]
                if names.setdefault(canonical, header) != header:
                    raise DataError(f"{where} names the column {canonical!r} {header!r}, other files "
                                    f"{names[canonical]!r}; use one header in every file.")
                _check_type(where, _TABLE.column(canonical), header, schema.field(header).type)
    return names


def _check_type(where: str, column: Column, header: str, arrow_type: pa.DataType) -> None:
    value_type = arrow_type.value_type if pa.types.is_dictionary(arrow_type) else arrow_type
    accepts, expected = _ARROW_KINDS.get(column.kind, (lambda t: True, ""))
    if not accepts(value_type):
        raise DataError(f"{where} stores the column {header!r} ({column.name}) as {value_type}; "
                        f"expected {expected}.")


def _scan(connection: ibis.BaseBackend, folder: Path, columns: dict[str, str]) -> ir.Table:
    """Every row of every partition with canonical columns, its quarter, file and row number."""
    root = folder / ACTIVITIES_FOLDER
    if connection.name == "duckdb":
        raw = connection.read_parquet(str(root / "quarter=*" / "*.parquet"), hive_partitioning=True,
                                      union_by_name=True, filename=True, file_row_number=True)
        file, row = raw.filename, raw.file_row_number + 1
    else:  # other engines (Spark) find the partitions but do not number the rows of a file
        raw = connection.read_parquet(str(root))
        file, row = ibis.literal(ACTIVITIES_FOLDER + "/quarter=") + raw.quarter.cast("string"), ibis.literal(0)
    return raw.select(source_file=file, source_row=row.cast("int64"), source_partition=raw.quarter.cast("string"),
                      **{canonical: raw[header] for canonical, header in columns.items()})


def _checks(raw: ir.Table, unknown: ir.Table | None, indicators: ir.Table | None, counts: dict[str, TableCount],
            present: set[str], quarters: list[Quarter]) -> list[tuple[str, str, ir.BooleanValue]]:
    """(column, reason, failing condition) of each check, in the order a row is judged.

    The rules of the activities table (:func:`kinerja.data.rules.rules_for`),
    translated by :func:`kinerja.data.rules.ibis_fails`, with after the blank
    values what reading a file checks on the pandas path (the status and the
    years of dates) and the partition's quarter, then the employees table
    (a NIP of ``unknown``, the NIPs that are no employee's; no such check
    when ``unknown`` is None) and last the SKP indicators (``counts`` names
    the files of those tables). Only comparisons and look-ups in small
    tables, so that a pass over hundreds of millions of rows stays cheap.
    """
    rules = [rule for rule in rules_for(_TABLE) if rule.applies(present)]
    checks = [(rule.column, rule.reason, ibis_fails(rule, raw)) for rule in rules if isinstance(rule.check, Required)]
    allowed = sorted(_TABLE.column("status").choices or ())
    read = [("status", english("not_canonical", choices=", ".join(allowed)), ~raw.status.isin(allowed))]
    for name in ("activity_date", "submitted_at", "approved_at"):
        if name in present:
            value = raw[name].cast("date") if name != "activity_date" else raw[name]
            read.append((name, english("outside_years"), (value < date(1900, 1, 1)) | (value > date(2100, 12, 31))))
    outside = ibis.cases(*[(raw.source_partition == q.label, ~raw.activity_date.between(q.start, q.end))
                           for q in quarters], else_=True)
    read.append(("activity_date", english("outside_partition"), outside))
    # A comparison with a missing value is missing, not false: a row fails only when a check says so.
    checks += [(column, reason, condition.fill_null(False)) for column, reason, condition in read]
    checks += [(rule.column, rule.reason, ibis_fails(rule, raw)) for rule in rules
               if not isinstance(rule.check, Required)]
    if unknown is not None:
        checks.append(("nip", english("not_an_employee", file=counts["employees"].file),
                       raw.nip.isin(unknown.nip).fill_null(False)))
    if indicators is not None:
        unknown = (raw.skp_indicator.notnull() & _indicator_pair(raw).isin(indicators.pair)
                   & ~_indicator_link(raw).isin(indicators.link))
        checks.append(("skp_indicator", english("not_an_skp_indicator", file=counts["skp"].file),
                       unknown.fill_null(False)))
    return checks


def _put_indicators(connection: ibis.BaseBackend, skp: pd.DataFrame) -> ir.Table:
    """Put the SKP indicators activities may name (:func:`kinerja.data.rules.skp_indicator_keys`) in the engine."""
    keys = skp_indicator_keys(skp)
    pair = keys["nip"] + "|" + keys["quarter"]
    put_table(connection, _SKP_INDICATORS, pa.table({
        name: pa.array(values, pa.string())
        for name, values in (("pair", pair), ("link", pair + "|" + keys["written"]), ("key", keys["key"]))}))
    return connection.table(_SKP_INDICATORS)


def _indicator_pair(rows: ir.Table) -> ir.StringValue:
    """An activity's NIP and the quarter of its date, ``NIP|2026-Q3``."""
    day = rows.activity_date
    return rows.nip.concat("|", day.year().cast("string"), "-Q", day.quarter().cast("string"))


def _indicator_link(rows: ir.Table) -> ir.StringValue:
    """An activity's NIP, quarter and SKP indicator written as :func:`~kinerja.data.dictionary.normalise_header`
    writes it, ``NIP|2026-Q3|written``."""
    written = rows.skp_indicator.lower().re_replace(r"[^0-9a-z]+", " ").strip()
    return _indicator_pair(rows).concat("|", written)


def _indicators_as_keys(rows: ir.Table, indicators: ir.Table) -> ir.Table:
    """``rows`` with each SKP indicator the SKP has stored as its key; others as written."""
    joined = rows.left_join(indicators, _indicator_link(rows) == indicators.link)
    return joined.select(*[ibis.coalesce(joined.key, joined.skp_indicator).name(name) if name == "skp_indicator"
                           else joined[name] for name in rows.columns])


def _failed_rows(connection: ibis.BaseBackend, failed: ir.Table,
                 checks: list[tuple[str, str, ir.BooleanValue]]) -> ir.Table:
    """Keep the rejected rows, each with its first failing check, as a table of the engine."""
    problem = ibis.cases(*[(condition, index) for index, (_, _, condition) in enumerate(checks)])
    return keep_result(connection, _REJECTED, failed.mutate(problem=problem))


def _failing_again(failed: ir.Table, checks: list[tuple[str, str, ir.BooleanValue]]) -> ir.BooleanValue:
    """A condition true for exactly the rows rejected when the folder was opened.

    Only the checks that rejected some row are repeated (the employee check is
    a look-up in the few NIPs that are no employee's): the valid rows cost the
    queries no more than the files.
    """
    kinds = failed.problem.value_counts().to_pyarrow().to_pandas()["problem"].tolist()
    return ibis.or_(*(checks[index][2] for index in sorted(int(kind) for kind in kinds)))


def _per_nip(raw: ir.Table, checks: list[tuple[str, str, ir.BooleanValue]]) -> pd.DataFrame:
    """Per NIP, in one pass over every row: the rows read, those failing one of ``checks``, and of the others
    the first and last day and the number (the coverage of the valid rows, :mod:`kinerja.data.coverage`).

    Returns
    -------
    pandas.DataFrame
        ``nip`` (missing for the rows without one), ``rows``, ``failed``, ``first``, ``last`` and ``valid``.
    """
    # The checks once per row, in a projection, not once per aggregate.
    rows = raw.select("nip", day=raw.activity_date, fails=ibis.or_(*(condition for _, _, condition in checks)))
    passes = ~rows.fails
    return rows.group_by("nip").agg(rows=rows.count(), failed=rows.count(where=rows.fails),
                                    first=rows.day.min(where=passes), last=rows.day.max(where=passes),
                                    valid=rows.count(where=passes)).to_pyarrow().to_pandas(date_as_object=False)


def _sample(failed: ir.Table, checks: list[tuple[str, str, ir.BooleanValue]], folder: Path,
            per_problem: int) -> pd.DataFrame:
    """Up to ``per_problem`` rejected rows of each kind of problem, as reject records."""
    rank = ibis.row_number().over(group_by=failed.problem, order_by=[failed.source_file, failed.source_row])
    picked = failed.mutate(rank=rank).filter(lambda t: t.rank < per_problem)
    frame = picked.order_by(["problem", "source_file", "source_row"]).to_pyarrow().to_pandas()
    root = folder.resolve()
    records = []
    for row in frame.itertuples(index=False):
        column, reason, _ = checks[int(row.problem)]
        value = getattr(row, column)
        shown = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        file = Path(row.source_file)
        records.append({"table": "activities",
                        "file": file.resolve().relative_to(root).as_posix() if file.is_absolute() else str(file),
                        "row": int(row.source_row), "column": column, "value": shown, "reason": reason})
    if not records:
        return pd.DataFrame(columns=REJECT_COLUMNS)
    return pd.DataFrame.from_records(records, columns=REJECT_COLUMNS).astype({"row": "int64"})
