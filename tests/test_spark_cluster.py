"""The metrics give the same results on a standalone Spark cluster as on DuckDB.

A Spark standalone master and one worker (one core, 1 GB) are started on
127.0.0.1 from the jars the pyspark package ships (``<pyspark>/jars``),
without downloading Spark, as docs/scale.md shows for repeating it by hand::

    java -cp "<pyspark>/jars/*" org.apache.spark.deploy.master.Master \\
        --host 127.0.0.1 --port 7077 --webui-port 0
    SPARK_HOME=<pyspark> SPARK_SCALA_VERSION=2.13 java -cp "<pyspark>/jars/*" \\
        org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077 \\
        --host 127.0.0.1 --cores 1 --memory 1g --webui-port 0 --work-dir <tmp>/work

The master listens on 7077 when that port is free, else on another free
port (the URL is read from the master's log), so a busy 7077 does not break
the test. A process runs Spark with one master only, and the pytest process
may already run ``local[1]`` (tests/test_spark.py), so the cluster's driver
is a child process (``python -m tests.spark_comparison``) that computes the
quarter's e-Kinerja, services and complaints metrics of the small demo on
``spark://127.0.0.1:PORT`` and pickles them; the test compares them with
DuckDB as tests/test_spark.py does. The driver's ``PYSPARK_PYTHON`` names a
Python that does not exist, so a metric needing Python on the executors (a
Python UDF) would fail here: docs/scale.md promises the workers need none.

Master, worker (with its executors) and driver each run in a process group
of their own, stopped by a finalizer whether the test passes or fails.
Where util-linux's ``setpriv`` is (Linux), they also get SIGTERM when the
test process dies without running finalizers (killed by a timeout, say).
Without pyspark or Java the test is skipped, and under CI (``CI`` set) it
fails, as tests/test_spark.py does.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from kinerja.data.engines import require_spark
from tests import spark_comparison
from tests.spark_comparison import METRICS, assert_same_results, spark_or_skip

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PREFERRED_PORT = 7077
STARTUP_SECONDS = 60
"""How long the master may take to start, and the worker to register with it."""
DRIVER_SECONDS = 600
"""How long the driver may take to compute every metric (one to two minutes on two cores)."""
MASTER_STARTED = re.compile(r"Starting Spark master at (spark://\S+)")
MASTER_ALIVE = re.compile(r"I have been elected leader")
WORKER_REGISTERED = re.compile(rf"Registering worker {re.escape(HOST)}:\d+")
EXECUTOR_LAUNCHED = re.compile(r"Asked to launch executor app-")
END_WITH_THIS_PROCESS = ["setpriv", "--pdeathsig", "TERM", "--"] if shutil.which("setpriv") else []
"""Prefix of a command that gets SIGTERM when the test process ends, also when no finalizer runs."""
small_demo = spark_comparison.small_demo  # shared fixtures, bound here so that the tests can request them
on_duckdb = spark_comparison.on_duckdb


@dataclass(frozen=True)
class Cluster:
    """A master and a worker started on 127.0.0.1; the worker may still be registering."""

    master: str
    """The master's URL."""
    folder: Path
    """Where the logs and the worker's work folder are."""
    worker: subprocess.Popen
    """The worker's process."""

    @property
    def master_log(self) -> Path:
        """The master's log, which tells when the worker registered."""
        return self.folder / "master.log"

    @property
    def worker_log(self) -> Path:
        """The worker's log, which tells which executors it launched."""
        return self.folder / "worker.log"


@dataclass(frozen=True)
class ClusterRun:
    """What the driver computed on the cluster."""

    master: str
    """The master's URL."""
    ran_on: str
    """The master the driver's Spark session ran on."""
    metrics: dict[str, pd.DataFrame]
    """Metric name -> result."""
    worker_log: str
    """The worker's log."""


@pytest.fixture(scope="module")
def cluster(request, tmp_path_factory) -> Cluster:
    """Start a master and a worker (their JVMs start while the demo data are generated); a finalizer stops them."""
    with spark_or_skip():
        require_spark()
    import pyspark

    spark_home = Path(pyspark.__file__).parent
    folder = tmp_path_factory.mktemp("spark-cluster")
    daemon = {**os.environ, "SPARK_LOCAL_IP": HOST, "SPARK_HOME": str(spark_home),
              # The worker's launcher library builds each executor's command; pyspark has no build folder
              # to read the Scala version from (its bin/spark-class sets the same).
              "SPARK_SCALA_VERSION": "2.13"}
    java = [_java(), "-Xmx512m", "-cp", str(spark_home / "jars" / "*")]
    master_log = folder / "master.log"
    master = _start(request, [*java, "org.apache.spark.deploy.master.Master", "--host", HOST,
                              "--port", str(_free_port(PREFERRED_PORT)), "--webui-port", "0"], master_log, daemon)
    url = _wait_for(MASTER_STARTED, master_log, master, "the Spark master to start").group(1)
    _wait_for(MASTER_ALIVE, master_log, master, "the Spark master to take the lead")
    worker = _start(request, [*java, "org.apache.spark.deploy.worker.Worker", url, "--host", HOST, "--cores", "1",
                              "--memory", "1g", "--webui-port", "0", "--work-dir", str(folder / "work")],
                    folder / "worker.log", daemon)
    return Cluster(url, folder, worker)


@pytest.fixture(scope="module")
def cluster_run(request, cluster, small_demo) -> ClusterRun:
    """Run the driver on the cluster and return what it computed."""
    results, driver_log = cluster.folder / "results.pickle", cluster.folder / "driver.log"
    driver = _start(request, [sys.executable, "-m", "tests.spark_comparison", small_demo, cluster.master,
                              str(results)], driver_log,
                    {**os.environ, "SPARK_LOCAL_IP": HOST,
                     "PYSPARK_PYTHON": str(cluster.folder / "no-python-on-the-executors")}, cwd=ROOT)
    # The driver starts while the worker registers: its first job waits for the worker's executor.
    _wait_for(WORKER_REGISTERED, cluster.master_log, cluster.worker, "the Spark worker to register with the master")
    try:
        code = driver.wait(timeout=DRIVER_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the driver on {cluster.master} did not finish within {DRIVER_SECONDS} s; its log {driver_log} "
                    f"ends:\n{_tail(driver_log)}")
    if code != 0:
        pytest.fail(f"the driver on {cluster.master} exited with code {code}; its log {driver_log} ends:\n"
                    f"{_tail(driver_log)}")
    computed = pd.read_pickle(results)
    return ClusterRun(cluster.master, computed["master"], computed["metrics"],
                      cluster.worker_log.read_text(errors="replace"))


@pytest.mark.parametrize("metric", METRICS, ids=list(METRICS))
def test_the_metric_is_the_same_on_a_spark_cluster_as_on_duckdb(metric, cluster_run, on_duckdb):
    expected = METRICS[metric](on_duckdb)
    assert len(expected) > 0, "the comparison needs rows"
    assert_same_results(expected, cluster_run.metrics[metric])


def test_the_metrics_ran_on_the_clusters_executors(cluster_run):
    assert cluster_run.ran_on == cluster_run.master
    assert EXECUTOR_LAUNCHED.search(cluster_run.worker_log)


def _java() -> str:
    """The java Spark would use: ``JAVA_HOME``'s, else the one on ``PATH`` (require_spark checked it)."""
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "java") if home else str(shutil.which("java"))


def _free_port(preferred: int) -> int:
    """``preferred`` when nothing listens on it, else a port the system picks."""
    with socket.socket() as probe:
        try:
            probe.bind((HOST, preferred))
        except OSError:
            probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _start(request: pytest.FixtureRequest, command: list[str], log: Path, environment: dict[str, str],
           cwd: Path | None = None) -> subprocess.Popen:
    """Start ``command`` in a process group of its own, output to ``log``; a finalizer stops the group."""
    with log.open("wb") as output:
        process = subprocess.Popen([*END_WITH_THIS_PROCESS, *command], stdout=output, stderr=subprocess.STDOUT,
                                   env=environment, cwd=cwd, start_new_session=True)
    request.addfinalizer(lambda: _stop(process))
    return process


def _stop(process: subprocess.Popen) -> None:
    """Stop the process and its group (a worker's executors, a driver's JVM): TERM, then KILL what is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _wait_for(pattern: re.Pattern[str], log: Path, process: subprocess.Popen, what: str) -> re.Match[str]:
    """Wait until ``log`` shows ``pattern``; fail naming ``what`` when ``process`` exits or time runs out."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        found = pattern.search(log.read_text(errors="replace"))
        if found:
            return found
        if process.poll() is not None:
            pytest.fail(f"waiting for {what}: its process exited with code {process.returncode}; {log} ends:\n"
                        f"{_tail(log)}")
        time.sleep(0.2)
    pytest.fail(f"waited {STARTUP_SECONDS} s for {what} in vain; {log} ends:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
