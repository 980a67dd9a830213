"""Fixtures shared by the test modules."""

from __future__ import annotations

import fcntl
import os
import pickle
import tempfile
from pathlib import Path

import pytest

from kinerja.data.dataset import Dataset
from kinerja.data.loading import load_dataset
from kinerja.demo import demo_folder
from kinerja.quarter.evaluation import QuarterResults, evaluate_quarter
from kinerja.quarter.selection import choose_quarter

# Notebooks under tests/data are inputs of the runner tests (one fails on purpose), not tests.
collect_ignore_glob = ["data/*"]


def pytest_configure(config: pytest.Config) -> None:
    """Keep the demo data and dataset snapshots of a test session out of the user's cache.

    The notebooks that nbval runs inherit the variable, so they share the session's demo data, and so do the
    workers of a parallel session (pytest-xdist), which the controller starts after this has run.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        os.environ["KINERJA_CACHE"] = tempfile.mkdtemp(prefix="kinerja-test-cache-")


@pytest.fixture(scope="session")
def demo() -> Path:
    """The default demo data set (1,000 ASN, 8 quarters), generated once per test session."""
    return demo_folder()


@pytest.fixture(scope="session")
def demo_60() -> Path:
    """A demo folder of 60 ASN (the default quarters), for tests whose checks do not depend on the number of ASN."""
    return demo_folder(employees=60)


@pytest.fixture(scope="session")
def demo_dataset(demo) -> Dataset:
    """The default demo data set, loaded and validated."""
    return load_dataset(demo)


@pytest.fixture(scope="session")
def demo_evaluation(demo_dataset) -> QuarterResults:
    """The demo's latest quarter (2026-Q3) evaluated with the default options, once per worker.

    Tests only read it; one that needs other options or data evaluates its own.
    """
    return evaluate_quarter(demo_dataset, choose_quarter(demo_dataset))


@pytest.fixture(scope="session")
def demo_run(demo):
    """The real run on the demo data, as `make report` does it: (RunResult, output folder), once per session.

    In a parallel session the first worker to ask makes it, and the others wait for it and read it.
    """
    from kinerja.run import runner

    shared = Path(os.environ["KINERJA_CACHE"])
    output, stored = shared / "demo-run", shared / "demo-run.pickle"
    with (shared / ".demo-run.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stored.is_file():
            stored.write_bytes(pickle.dumps(runner.run(None, output=output, jobs=2, progress=False)))
    return pickle.loads(stored.read_bytes()), output
