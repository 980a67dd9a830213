"""The validated tables of one data folder, and how to summarise what was rejected.

Dimension tables are pandas DataFrames; event tables live in an engine
(:mod:`kinerja.data.engines`: an embedded DuckDB by default, or Spark) and are
used through Ibis. :mod:`kinerja.data.loading` builds a Dataset from a folder.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import pandas as pd

from kinerja.core.errors import DataError
from kinerja.data.dictionary import TABLES
from kinerja.data.engines import Engine, put_parquet

NOTE_COLUMNS = ["table", "file", "row", "column", "value", "reason"]
"""Columns of ``Dataset.rejects`` and ``Dataset.notes``."""


@dataclass(frozen=True)
class TableCount:
    """Rows read, valid and rejected for one input file."""

    file: str
    rows: int
    valid: int
    rejected: int


@dataclass(eq=False)
class DeferredTables:
    """Event tables of a snapshot that are put in the connection on first use, each from its Parquet file.

    A notebook kernel that only shows the run's stored evaluation reads none
    of them (on the demo, 0.3 s of every kernel's opening). One object is
    shared by the datasets derived from one load, as they share its connection.

    Attributes
    ----------
    files
        Table name -> its Parquet file and the columns that hold dates
        (:func:`~kinerja.data.engines.put_parquet`); a table leaves once it is in the connection.
    """

    files: dict[str, tuple[Path, tuple[str, ...]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def put(self, connection: ibis.BaseBackend, name: str) -> None:
        """Put the table ``name`` in ``connection`` if it is still deferred (safe from several threads).

        Raises
        ------
        DataError
            When its file has gone since the data were opened.
        """
        with self._lock:
            if name not in self.files:
                return
            path, dates = self.files[name]
            if not path.is_file():
                raise DataError(f"the file {path} of the {name} table has gone since the data were opened (a "
                                f"cleared cache?); open the data again.")
            put_parquet(connection, name, path, dates)
            del self.files[name]


@dataclass
class Dataset:
    """Validated tables of one data folder.

    Attributes
    ----------
    folder
        The folder read.
    frames
        Dimension tables (units, employees, skp, ...) as pandas DataFrames.
    connection
        The engine's connection (an Ibis backend) holding the event tables.
    rejects
        Every rejected row: table, file, row, column, value, reason (in English;
        :func:`kinerja.data.reasons.reason_in` says it in Indonesian).
    counts
        Per table: file, rows read, valid and rejected.
    event_tables
        Names of the tables held by ``connection`` (or put in it on first use: ``deferred``).
    engine
        The engine of ``connection``; a dataset derived from this one uses it too.
    ignored
        Data files of the folder that no table is named after, not read.
    notes
        Cells of kept rows that were blanked or filled in (a bad value in an
        optional column, a unit type read from the name): table, file, row,
        column, value, reason, as ``rejects``.
    withheld
        Tables that were read but are not used, with why in English (most of
        their rows rejected: :func:`kinerja.data.quality.withhold_unusable`);
        ``has`` is False for them.
    validate_seconds
        Seconds the load spent checking rows: validating each table, checking
        the references between tables and accounting for every row of
        partitioned activities. The rest of a load is reading the files and
        handing the tables to the engine.
    spans
        Per table whose valid rows the load has already gone through
        (partitioned activities): ``nip``, ``first``, ``last`` and ``rows``
        of its valid rows per NIP, and the NIP's ``unit_code`` when there is
        an employees table, which :func:`kinerja.data.coverage.coverage_of`
        uses instead of another pass over the table.
    deferred
        Event tables not yet in ``connection`` (:class:`DeferredTables`).
    """

    folder: Path | None
    frames: dict[str, pd.DataFrame]
    connection: ibis.BaseBackend
    rejects: pd.DataFrame
    counts: dict[str, TableCount]
    event_tables: set[str] = field(default_factory=set)
    engine: Engine = Engine()
    ignored: list[str] = field(default_factory=list)
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOTE_COLUMNS))
    withheld: dict[str, str] = field(default_factory=dict)
    validate_seconds: float = 0.0
    spans: dict[str, pd.DataFrame] = field(default_factory=dict)
    deferred: DeferredTables = field(default_factory=DeferredTables)

    @property
    def tables(self) -> list[str]:
        """Names of the tables present and used, in dictionary order."""
        present = set(self.frames) | self.event_tables
        return [name for name in TABLES if name in present and name not in self.withheld]

    def has(self, name: str) -> bool:
        """Whether the table ``name`` was in the folder and is used (not withheld)."""
        return (name in self.frames or name in self.event_tables) and name not in self.withheld

    def table(self, name: str) -> pd.DataFrame | ibis.Table:
        """Return a table: a DataFrame, or an Ibis table for event tables.

        Raises
        ------
        DataError
            When the folder had no file for the table.
        """
        if name not in TABLES:
            raise DataError(f"there is no table called {name!r}; the tables are {', '.join(TABLES)}.")
        if name in self.withheld:
            raise DataError(self.withheld[name])
        if name in self.event_tables:
            self.deferred.put(self.connection, name)
            return self.connection.table(name)
        if name in self.frames:
            return self.frames[name]
        stems = ", ".join(f"{stem}.csv" for stem in TABLES[name].file_names[:2])
        where = f"the data folder {self.folder}" if self.folder else "this dataset"
        raise DataError(f"{where} has no {name} table; add a file such as {stems} (or .xlsx).")

    def to_pandas(self, name: str) -> pd.DataFrame:
        """Return any table as a pandas DataFrame (event tables are executed)."""
        table = self.table(name)
        return table.to_pandas() if isinstance(table, ibis.Table) else table.copy()

    def __getattr__(self, name: str) -> pd.DataFrame | ibis.Table:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)


def reject_summary(rejects: pd.DataFrame, limit: int = 20) -> Iterable[str]:
    """Yield one readable line per reject, at most ``limit``."""
    for reject in rejects.head(limit).itertuples(index=False):
        where = f"{reject.file} row {reject.row}" + (f", column {reject.column}" if reject.column else "")
        value = f" ({reject.value!r})" if reject.value not in ("", None) else ""
        yield f"{where}{value}: {reject.reason}"
