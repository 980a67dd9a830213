"""Choosing the engine: names, master URLs, environment variables and one-sentence errors."""

from __future__ import annotations

import os
import stat
import sys

import ibis
import pandas as pd
import pyarrow as pa
import pytest

from kinerja.core.errors import DataError
from kinerja.data import engines
from kinerja.data.engines import (
    ENGINE_VARIABLE,
    SPARK_MASTER_VARIABLE,
    Engine,
    elapsed,
    engine_environment,
)
from kinerja.data.loading import dataset_from_frames
from kinerja.run.cli import main


def test_duckdb_is_the_default_and_each_connection_has_its_own_tables():
    first, second = Engine().connect(), Engine().connect()
    engines.put_table(first, "angka", pa.table({"x": [1, 2]}))
    engines.put_table(second, "angka", pa.table({"x": [1, 2, 3]}))
    assert first.name == "duckdb"
    assert (first.table("angka").count().execute(), second.table("angka").count().execute()) == (2, 3)


def test_duckdb_can_keep_its_tables_in_a_database_file(tmp_path):
    engine = Engine("duckdb", database=tmp_path / "kinerja.duckdb")
    engines.put_table(engine.connect(), "angka", pa.table({"x": [1, 2]}))
    engines.put_table(engine.connect(), "angka", pa.table({"x": [1, 2, 3]}))  # replaced, not an error
    assert engine.connect().table("angka").count().execute() == 3


def test_a_database_file_is_only_for_duckdb(tmp_path):
    with pytest.raises(DataError, match=r"a database file is only for engine 'duckdb', not for engine 'spark'\."):
        Engine("spark", database=tmp_path / "kinerja.duckdb")


def test_an_unknown_engine_lists_the_engines():
    with pytest.raises(DataError, match=r"engine 'sprak' is not an engine; use one of duckdb, spark\."):
        Engine("sprak")


def test_a_spark_master_is_only_for_spark():
    with pytest.raises(DataError, match=r"spark_master is only for engine 'spark', not for engine 'duckdb'\."):
        Engine("duckdb", "local[2]")


@pytest.mark.parametrize("master", ["local", "local[2]", "local[*]", "local[4,2]", "spark://10.0.0.5:7077",
                                    "spark://a:7077,b:7077", "yarn", "k8s://https://kube:6443"])
def test_spark_masters_of_every_kind_are_accepted(master):
    assert Engine("spark", master).spark_master == master


@pytest.mark.parametrize("master", ["local[two]", "spark:/host:7077", "localhost:7077", ""])
def test_a_malformed_spark_master_names_the_accepted_forms(master):
    with pytest.raises(DataError, match=r"is not a Spark master; use local, local\[N\], local\[\*\], "
                                        r"spark://HOST:PORT, yarn or k8s://URL\."):
        Engine("spark", master)


def test_the_engine_travels_to_child_processes_through_the_environment(monkeypatch):
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    monkeypatch.setenv(SPARK_MASTER_VARIABLE, "local[8]")  # left over from an earlier run
    spark = Engine("spark", "spark://host:7077")
    with engine_environment(spark) as variables:
        assert variables == {ENGINE_VARIABLE: "spark", SPARK_MASTER_VARIABLE: "spark://host:7077"}
        assert Engine.from_environment() == spark
    with engine_environment(Engine()):
        assert SPARK_MASTER_VARIABLE not in os.environ
        assert Engine.from_environment() == Engine()
    assert ENGINE_VARIABLE not in os.environ and os.environ[SPARK_MASTER_VARIABLE] == "local[8]"


def test_without_variables_the_engine_is_duckdb():
    assert Engine.from_environment({}) == Engine()
    assert Engine.from_environment({ENGINE_VARIABLE: "spark"}) == Engine("spark")


def test_a_bad_engine_variable_is_one_sentence_naming_it():
    with pytest.raises(DataError, match=r"the environment variable KINERJA_ENGINE .*: engine 'dukdb' is not"):
        Engine.from_environment({ENGINE_VARIABLE: "dukdb"})


NO_SPARK_EXTRA = ("engine 'spark' needs the Spark extra, which is not installed: run "
                  "`pip install -c constraints.txt -e \".[spark]\"` (or `make test`).")


@pytest.fixture
def without_pyspark(monkeypatch) -> None:
    """Make ``import pyspark`` fail as it does where the Spark extra is not installed (it is, for the tests)."""
    monkeypatch.setitem(sys.modules, "pyspark", None)


def test_without_the_spark_extra_spark_is_one_sentence_saying_how_to_add_it(without_pyspark):
    with pytest.raises(DataError) as raised:
        Engine("spark", "local[1]").connect()
    assert str(raised.value) == NO_SPARK_EXTRA


def test_without_the_spark_extra_a_kernel_choosing_spark_gets_the_sentence(without_pyspark, monkeypatch):
    monkeypatch.setenv(ENGINE_VARIABLE, "spark")
    units = pd.DataFrame({"unit_code": ["PKM"], "unit_name": ["Puskesmas"], "unit_type": ["puskesmas"]})
    with pytest.raises(DataError) as raised:
        dataset_from_frames({"units": units}, engine=Engine.from_environment())
    assert str(raised.value) == NO_SPARK_EXTRA


def test_without_the_spark_extra_a_spark_run_stops_before_any_kernel(without_pyspark, tmp_path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "unit_kerja.csv").write_text("unit_code,unit_name\nPKM,Puskesmas Cakranegara\n",
                                                      encoding="utf-8")
    (tmp_path / "run.yaml").write_text("data: data\nengine: spark\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "run.yaml"), "--output", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"kinerja run: {NO_SPARK_EXTRA}"  # after "Reading data"
    assert not (tmp_path / "out").exists()


def test_without_java_spark_is_one_sentence(monkeypatch, tmp_path):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DataError, match=r"needs Java 17 or newer, and none was found \(JAVA_HOME is not set"):
        engines._require_java.__wrapped__()


def test_a_java_home_without_java_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(DataError, match=rf"JAVA_HOME is {tmp_path}, but {tmp_path}/bin/java does not exist"):
        engines._require_java.__wrapped__()


def test_an_old_java_is_named_with_its_version(monkeypatch, tmp_path):
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text('#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n')
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(DataError, match=r"needs Java 17 or newer, and .*/bin/java is Java 11"):
        engines._require_java.__wrapped__()


def test_elapsed_time_keeps_fractions_of_a_second():
    times = pd.DataFrame({"start": pd.to_datetime(["2026-07-01 08:00:00.750"]),
                          "end": pd.to_datetime(["2026-07-01 09:30:00.250"])}).astype("datetime64[us]")
    table = ibis.memtable(times)
    result = table.select(hours=elapsed(table.start, table.end, "hour"),
                          minutes=elapsed(table.start, table.end, "minute")).execute().iloc[0]
    assert result["hours"] == (5400 - 0.5) / 3600
    assert result["minutes"] == (5400 - 0.5) / 60
