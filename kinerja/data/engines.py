"""The engine that holds a Dataset's event tables and runs the Ibis metrics.

Two engines, chosen per run with the ``engine`` parameter:

``duckdb`` (default)
    An embedded DuckDB in this process, in memory or in a database file.
``spark``
    Apache Spark through PySpark, with a master URL: ``local[N]`` or
    ``local[*]`` (N or all cores of this machine, the default),
    ``spark://host:7077`` (a standalone cluster), ``yarn`` or ``k8s://...``.
    Needs the Spark extra (``pip install -e ".[spark]"``, which brings
    ``pyspark``) and Java 17 or newer on this machine: :func:`require_spark`.

Notebook kernels are child processes of the runner: :func:`engine_environment`
puts the choice in environment variables (``KINERJA_ENGINE``,
``KINERJA_SPARK_MASTER``) that :meth:`Engine.from_environment` reads back in
the kernel, so the notebooks themselves do not change.

Metrics give the same numbers on both engines when their expressions avoid
what the engines do differently; :func:`elapsed` is the one for durations.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kinerja.core.errors import DataError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_SPARK_MASTER",
    "ENGINES",
    "ENGINE_VARIABLE",
    "MINIMUM_JAVA",
    "SPARK_MASTER_VARIABLE",
    "Engine",
    "check_spark_master",
    "elapsed",
    "engine_environment",
    "keep_result",
    "put_table",
    "require_spark",
]

ENGINES = ("duckdb", "spark")
DEFAULT_ENGINE = "duckdb"
DEFAULT_SPARK_MASTER = "local[*]"
"""Spark master when none is given: every core of this machine."""
ENGINE_VARIABLE = "KINERJA_ENGINE"
SPARK_MASTER_VARIABLE = "KINERJA_SPARK_MASTER"
MINIMUM_JAVA = 17
"""Spark 4 runs on Java 17 or 21."""

_LOCAL_MASTER = re.compile(r"local(?:\[(\d+|\*)(?:,\d+)?\])?")
_SPARK_MASTER = re.compile(rf"{_LOCAL_MASTER.pattern}|spark://[^\s/]+|yarn|k8s://\S+")
_SPARK_MASTER_FORMS = "local, local[N], local[*], spark://HOST:PORT, yarn or k8s://URL"
_JAVA_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')
_NO_SPARK_EXTRA = ("engine 'spark' needs the Spark extra, which is not installed: run "
                   "`pip install -c constraints.txt -e \".[spark]\"` (or `make test`).")

_SPARK_LOG_SETTINGS = Path(__file__).with_name("spark-log4j2.properties")
_SPARK_SETTINGS = {
    "spark.app.name": "kinerja",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # Event tables come from and results go to Arrow; pandas conversion row by row is slow.
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    # Timestamps are wall-clock times without a zone; reading and writing them in UTC keeps them unchanged.
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.extraJavaOptions": f'-Duser.timezone=UTC "-Dlog4j2.configurationFile={_SPARK_LOG_SETTINGS}"',
}


def check_spark_master(master: str) -> str:
    """Return ``master`` when it is a Spark master URL this workbench accepts.

    Raises
    ------
    DataError
        Naming the accepted forms.
    """
    if not isinstance(master, str) or not _SPARK_MASTER.fullmatch(master):
        raise DataError(f"spark_master {master!r} is not a Spark master; use {_SPARK_MASTER_FORMS}.")
    return master


@dataclass(frozen=True)
class Engine:
    """Which engine holds the event tables, and where.

    Attributes
    ----------
    name
        ``"duckdb"`` or ``"spark"``.
    spark_master
        The Spark master URL (engine ``spark`` only); None for ``local[*]``.
    database
        A DuckDB database file (engine ``duckdb`` only); None keeps the
        tables in memory. Only one process at a time can write a DuckDB
        file, so runs, whose notebooks execute in parallel, keep it in memory.
    """

    name: str = DEFAULT_ENGINE
    spark_master: str | None = None
    database: str | Path | None = None

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise DataError(f"engine {self.name!r} is not an engine; use one of {', '.join(ENGINES)}.")
        if self.spark_master is not None:
            if self.name != "spark":
                raise DataError(f"spark_master is only for engine 'spark', not for engine {self.name!r}.")
            check_spark_master(self.spark_master)
        if self.database is not None and self.name != "duckdb":
            raise DataError(f"a database file is only for engine 'duckdb', not for engine {self.name!r}.")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Engine:
        """Return the engine named by ``KINERJA_ENGINE`` and ``KINERJA_SPARK_MASTER`` (default DuckDB).

        Raises
        ------
        DataError
            When a variable holds an unknown engine or a malformed master URL.
        """
        environ = os.environ if environ is None else environ
        name = environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE
        master = environ.get(SPARK_MASTER_VARIABLE) or None
        try:
            return cls(name, master if name == "spark" else None)
        except DataError as error:
            raise DataError(f"the environment variable {ENGINE_VARIABLE} or {SPARK_MASTER_VARIABLE}: "
                            f"{error}") from None

    def environment(self) -> dict[str, str]:
        """Return the environment variables that select this engine in a child process."""
        variables = {ENGINE_VARIABLE: self.name}
        if self.spark_master is not None:
            variables[SPARK_MASTER_VARIABLE] = self.spark_master
        return variables

    def connect(self) -> ibis.BaseBackend:
        """Open a new, empty connection to the engine.

        Each connection has its own tables: a DuckDB in memory (or the
        database file), or a new Spark session on the process's one
        SparkContext, started with local-friendly settings on first use.

        Raises
        ------
        DataError
            When the Spark extra or Java is missing, or Spark cannot start.
        """
        if self.name == "duckdb":
            return ibis.duckdb.connect(":memory:" if self.database is None else str(self.database))
        session = _spark_session(self.spark_master or DEFAULT_SPARK_MASTER)  # first: ibis.pyspark needs pyspark
        return ibis.pyspark.connect(session.newSession())


@contextmanager
def engine_environment(engine: Engine) -> Iterator[dict[str, str]]:
    """Select ``engine`` for the child processes started inside the block (notebook kernels).

    The variables are set in ``os.environ`` and restored on leaving, so the
    kernels the runner starts inherit them; yields the variables set.
    """
    variables = engine.environment()
    stale = [name for name in (ENGINE_VARIABLE, SPARK_MASTER_VARIABLE) if name not in variables]
    previous = {name: os.environ.get(name) for name in (*variables, *stale)}
    os.environ.update(variables)
    for name in stale:
        os.environ.pop(name, None)
    try:
        yield variables
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def put_table(connection: ibis.BaseBackend, name: str, table: pa.Table) -> None:
    """Store ``table`` as the table ``name`` of ``connection``, replacing one of that name.

    On Spark the table is a temporary view of the connection's session,
    built from Arrow without writing to the warehouse folder.
    """
    if connection.name == "pyspark":
        # Straight from Arrow to the session ibis was given (its _session), without pandas in between.
        connection._session.createDataFrame(table).createOrReplaceTempView(name)
    else:
        connection.create_table(name, table, overwrite=True)


def put_parquet(connection: ibis.BaseBackend, name: str, path: Path, dates: Sequence[str] = ()) -> None:
    """Store the Parquet file at ``path`` as the table ``name`` of a DuckDB ``connection``, its columns
    ``dates`` (where present) cast from timestamps to dates; replaces a table of that name.

    DuckDB reads the file itself, with no pandas or Arrow table in between.
    The table is held in the connection, so the file may go afterwards.
    """
    raw = connection.read_parquet(str(path))
    casts = {column: raw[column].cast("date") for column in dates if column in raw.columns}
    connection.create_table(name, raw.mutate(**casts), overwrite=True)
    connection.drop_view(raw.get_name())


def keep_result(connection: ibis.BaseBackend, name: str, expression: ir.Table) -> ir.Table:
    """Compute ``expression`` once and keep it as the table ``name`` of ``connection``, replacing one of that name.

    On Spark it is a cached temporary view of the session: nothing is written
    to the warehouse folder (Ibis's ``create_table`` on Spark writes one).
    """
    if connection.name == "pyspark":
        kept = connection.create_view(name, expression, overwrite=True)
        connection._session.catalog.cacheTable(name)
        return kept
    return connection.create_table(name, expression, overwrite=True)


_MICROSECONDS_PER = {"second": 1_000_000, "minute": 60_000_000, "hour": 3_600_000_000}


def elapsed(start: ir.TimestampValue, end: ir.TimestampValue, unit: str) -> ir.FloatingValue:
    """Return the time from ``start`` to ``end`` in ``unit`` (second, minute or hour), as float64.

    Counted in whole microseconds (what both engines store) and divided once,
    so DuckDB and Spark give the same number: an epoch difference would not,
    as DuckDB's ``epoch`` keeps fractions of a second and Spark's
    ``unix_timestamp`` drops them, and Spark reads a literal such as ``60.0``
    as a decimal, which rounds the quotient to six places.
    """
    return end.delta(start, unit="microsecond").cast("float64") / _MICROSECONDS_PER[unit]


def _spark_session(master: str) -> SparkSession:
    """The process's one SparkSession (started on first use), which must run on ``master``."""
    require_spark()
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master)
    for key, value in {**_SPARK_SETTINGS, **_shuffle_partitions(master)}.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()  # the running session, if there is one
    except PySparkException as error:
        raise DataError(f"Spark could not start with master {master!r}: {str(error).splitlines()[0]}") from None
    running = session.sparkContext.master
    if running != master:
        raise DataError(f"this process already runs Spark with master {running!r}; restart it (or the "
                        f"notebook's kernel) to use spark_master {master!r}.")
    return session


def require_spark() -> None:
    """Check that this machine can run engine ``spark``: the Spark extra (pyspark) and Java 17 or newer.

    :meth:`Engine.connect` checks this before starting Spark, so a run on
    Spark without them stops while opening its data, before any kernel starts.

    Raises
    ------
    DataError
        Saying in one sentence what is missing and how to add it.
    """
    try:
        importlib.import_module("pyspark")
    except ModuleNotFoundError:
        raise DataError(_NO_SPARK_EXTRA) from None
    _require_java()


def _shuffle_partitions(master: str) -> dict[str, str]:
    """A local master gets one shuffle partition per core instead of Spark's 200, which suit a cluster."""
    local = _LOCAL_MASTER.fullmatch(master)
    if local is None:
        return {}
    cores = local.group(1) or "1"
    count = (os.cpu_count() or 1) if cores == "*" else int(cores)
    return {"spark.sql.shuffle.partitions": str(count), "spark.default.parallelism": str(count)}


@functools.cache
def _require_java() -> None:
    """Check that Java 17 or newer is there, as Spark would look for it (``JAVA_HOME``, else ``PATH``)."""
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if not java.is_file():
            raise DataError(f"engine 'spark' needs Java: JAVA_HOME is {home}, but {java} does not exist; "
                            f"point JAVA_HOME at a Java {MINIMUM_JAVA} or newer installation.")
    else:
        found = shutil.which("java")
        if found is None:
            raise DataError(f"engine 'spark' needs Java {MINIMUM_JAVA} or newer, and none was found (JAVA_HOME is "
                            f"not set and there is no java on PATH); on Debian: apt-get install default-jre-headless.")
        java = Path(found)
    try:
        done = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise DataError(f"engine 'spark' needs Java, and {java} -version failed: {error}.") from None
    found_version = _JAVA_VERSION.search(done.stderr + done.stdout)
    if found_version is None:
        raise DataError(f"engine 'spark' needs Java {MINIMUM_JAVA} or newer, and {java} -version did not say "
                        f"which version it is.")
    major = int(found_version.group(1))
    if major == 1:  # Java 8 and older call themselves 1.8, 1.7, ...
        major = int(found_version.group(2) or 0)
    if major < MINIMUM_JAVA:
        raise DataError(f"engine 'spark' needs Java {MINIMUM_JAVA} or newer, and {java} is Java {major}; "
                        f"install a newer one and point JAVA_HOME at it.")
