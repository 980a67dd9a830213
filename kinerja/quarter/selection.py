"""Which data and which quarter a report covers.

A notebook's ``data`` parameter is ``"demo"`` (the built-in demo data) or a
data folder; its ``quarter`` is a quarter or None for the latest complete
quarter in the data.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kinerja.core.periods import Quarter, WorkCalendar
from kinerja.data.dataset import Dataset
from kinerja.data.engines import Engine
from kinerja.data.loading import load_dataset
from kinerja.data.quality import REJECT_LIMIT, withhold_unusable

DEMO = "demo"
"""The ``data`` value that stands for the built-in demo data."""


REJECT_LIMIT_VARIABLE = "KINERJA_REJECT_LIMIT"
"""Environment variable with the run's ``reject_limit``, so the kernels withhold the same tables as the runner."""


@lru_cache(maxsize=4)
def _open(data: str, engine: Engine, reject_limit: float) -> Dataset:
    if data == DEMO:
        from kinerja.demo import load_demo  # the generator's modules are needed only for the demo (0.5 s to import)

        dataset = load_demo(engine=engine)
    else:
        dataset = load_dataset(data, engine=engine)
    return withhold_unusable(dataset, reject_limit)


def open_dataset(data: str | Path | None = DEMO, engine: Engine | None = None,
                 reject_limit: float | None = None) -> Dataset:
    """Return the Dataset of a notebook's ``data`` parameter.

    Parameters
    ----------
    data
        ``"demo"`` (or None) for the built-in demo data, otherwise a data folder.
        The result is cached per process, so several cells share one load.
        A table whose rejected share passes the run's ``reject_limit``
        (``KINERJA_REJECT_LIMIT``, default :data:`~kinerja.data.quality.REJECT_LIMIT`)
        is withheld (:func:`~kinerja.data.quality.withhold_unusable`).
    engine
        Where the event tables live; None for the engine the runner chose
        (``KINERJA_ENGINE`` and ``KINERJA_SPARK_MASTER``, see
        :func:`kinerja.data.engines.engine_environment`), DuckDB when none was.
    reject_limit
        The rejected share past which a table is withheld; None for the run's
        (``KINERJA_REJECT_LIMIT``) or the default.

    Raises
    ------
    DataError
        When the environment names an unknown engine, or Spark cannot start.
    """
    key = DEMO if data in (None, DEMO) else str(Path(data).expanduser().resolve())
    limit = reject_limit if reject_limit is not None else float(os.environ.get(REJECT_LIMIT_VARIABLE) or REJECT_LIMIT)
    return _open(key, Engine.from_environment() if engine is None else engine, limit)


def last_data_day(dataset: Dataset) -> pd.Timestamp | None:
    """Return the latest activity or visit day in the data, or None when there is none."""
    days = []
    for name, column in (("activities", "activity_date"), ("visits", "arrival_at")):
        if dataset.has(name):
            latest = dataset.table(name)[column].max().execute()  # both are event tables, in the engine
            if latest is not None and not pd.isna(latest):
                days.append(pd.Timestamp(latest).normalize())
    return max(days) if days else None


def choose_quarter(dataset: Dataset, quarter: str | Quarter | None = None) -> Quarter:
    """Return the quarter a report covers.

    Parameters
    ----------
    dataset
        The data.
    quarter
        Any accepted quarter form; None means the latest complete quarter in
        the data: the quarter of the last activity or visit day if that day is
        the quarter's last office working day or later, otherwise the quarter
        before it.
    """
    if quarter is not None:
        return Quarter.parse(quarter)
    last = last_data_day(dataset)
    if last is None:
        return Quarter.latest_complete()
    current = Quarter.of(last.date())
    closing_day = WorkCalendar().workdays_in(current)[-1]
    return current if last.date() >= closing_day else current.previous()


