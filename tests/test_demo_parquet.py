"""The demo data as Parquet at any scale: activities partitioned by quarter, written chunk by chunk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from kinerja.core.periods import Quarter
from kinerja.demo import draw_activities, generate_demo_parquet
from kinerja.demo.generator import Generator, parse_quarters
from kinerja.run.cli import main

EMPLOYEES, SEED, QUARTERS, CHUNK = 150, 5, "2026-Q2:2026-Q3", 40
CHUNKS = 4  # 150 employees in chunks of 40


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return generate_demo_parquet(tmp_path_factory.mktemp("parquet") / "data", employees=EMPLOYEES, seed=SEED,
                                 quarters=QUARTERS, chunk_employees=CHUNK)


def part(folder: Path, quarter: str, chunk: int) -> pd.DataFrame:
    return pd.read_parquet(folder / "activities" / f"quarter={quarter}" / f"part-{chunk:05d}.parquet")


def test_activities_are_partitioned_by_quarter_with_one_part_per_chunk(folder):
    parts = sorted(p.relative_to(folder).as_posix() for p in (folder / "activities").rglob("*.parquet"))
    assert parts == [f"activities/quarter={q}/part-{i:05d}.parquet" for q in ("2026-Q2", "2026-Q3")
                     for i in range(CHUNKS)]
    assert sorted(p.name for p in folder.iterdir()) == ["activities", "employees.parquet", "ground_truth.json",
                                                        "units.parquet"]


def test_every_activity_lies_in_the_quarter_of_its_partition(folder):
    for label in ("2026-Q2", "2026-Q3"):
        q = Quarter.parse(label)
        for chunk in range(CHUNKS):
            days = pd.to_datetime(part(folder, label, chunk)["activity_date"])
            assert days.between(pd.Timestamp(q.start), pd.Timestamp(q.end)).all(), (label, chunk)


def test_each_part_holds_only_its_chunk_of_employees(folder):
    nips = pd.read_parquet(folder / "employees.parquet")["nip"].tolist()
    for chunk in range(CHUNKS):
        members = set(nips[chunk * CHUNK:(chunk + 1) * CHUNK])
        for label in ("2026-Q2", "2026-Q3"):
            assert set(part(folder, label, chunk)["nip"]) <= members, (label, chunk)


def test_the_activities_are_the_demo_model_drawn_from_one_stream_per_chunk(folder):
    generator = Generator(EMPLOYEES, SEED, parse_quarters(QUARTERS), unique_names=False)
    frame = generator.make_employees()
    generator.assign_training_needs(frame)
    generator.assign_resistance(frame)
    streams = np.random.SeedSequence(SEED).spawn(CHUNKS)
    for chunk, stream in enumerate(streams):
        members = frame.iloc[chunk * CHUNK:(chunk + 1) * CHUNK]
        drawn = draw_activities(members, generator.workdays, np.random.default_rng(stream))
        expected = pd.DataFrame({"nip": members["nip"].to_numpy()[drawn["employee"].to_numpy()],
                                 "activity_date": drawn["day"].to_numpy().astype("datetime64[s]"),
                                 "duration_minutes": drawn["duration"].to_numpy()})
        written = pd.concat([part(folder, q, chunk) for q in ("2026-Q2", "2026-Q3")], ignore_index=True)
        written = written.assign(nip=written["nip"].astype(str),  # stored dictionary-encoded
                                 activity_date=pd.to_datetime(written["activity_date"]).astype("datetime64[s]"))
        key = ["nip", "activity_date", "duration_minutes"]
        pd.testing.assert_frame_equal(
            written[key].sort_values(key, ignore_index=True),
            expected[key].sort_values(key, ignore_index=True), check_dtype=False)


def test_activity_ids_run_on_across_chunks_and_quarters(folder):
    ids = pd.concat([part(folder, q, c)["activity_id"] for c in range(CHUNKS) for q in ("2026-Q2", "2026-Q3")])
    numbers = ids.str.removeprefix("EK").astype(int).sort_values().to_numpy()
    assert (numbers == np.arange(1, len(ids) + 1)).all()


def test_the_units_are_those_of_the_csv_demo(folder):
    units = pd.read_parquet(folder / "units.parquet")
    generator = Generator(EMPLOYEES, SEED, parse_quarters(QUARTERS))
    assert units["unit_code"].tolist() == [unit.code for unit in generator.units]
    assert units["workdays_per_week"].tolist() == [unit.workdays_per_week for unit in generator.units]


def test_same_arguments_give_identical_parquet_files(folder, tmp_path):
    again = generate_demo_parquet(tmp_path / "again", employees=EMPLOYEES, seed=SEED, quarters=QUARTERS,
                                  chunk_employees=CHUNK)
    for path in sorted(folder.rglob("*.parquet")):
        other = again / path.relative_to(folder)
        assert pq.read_table(path).equals(pq.read_table(other)), path.name
    # The seed is used: another one draws other activities.
    other_seed = generate_demo_parquet(tmp_path / "other", employees=EMPLOYEES, seed=SEED + 1, quarters=QUARTERS,
                                       chunk_employees=CHUNK)
    assert not part(folder, "2026-Q3", 0).equals(part(other_seed, "2026-Q3", 0))


def test_ground_truth_counts_the_rows_written(folder):
    import json

    truth = json.loads((folder / "ground_truth.json").read_text())
    written = {q: sum(len(part(folder, q, c)) for c in range(CHUNKS)) for q in ("2026-Q2", "2026-Q3")}
    assert truth["rows"]["activities"] == written
    assert truth["rows"]["employees"] == EMPLOYEES and truth["chunk_employees"] == CHUNK


def test_a_chunk_size_below_one_is_refused(tmp_path):
    with pytest.raises(ValueError, match="chunk_employees must be a whole number of at least 1"):
        generate_demo_parquet(tmp_path / "x", employees=EMPLOYEES, chunk_employees=0)


def test_cli_writes_the_parquet_demo(tmp_path, capsys):
    assert main(["demo-data", "--out", str(tmp_path / "d"), "--employees", "80", "--format", "parquet",
                 "--quarters", "2026-Q2:2026-Q3"]) == 0
    assert "activities/" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "d" / "activities").iterdir()) == ["quarter=2026-Q2",
                                                                                 "quarter=2026-Q3"]


def test_cli_refuses_an_unknown_format_in_one_sentence(tmp_path, capsys):
    assert main(["demo-data", "--out", str(tmp_path / "d"), "--format", "xml"]) == 1
    assert capsys.readouterr().err == "kinerja demo-data: --format must be csv or parquet, not 'xml'.\n"
    assert not (tmp_path / "d").exists()


def test_cli_refuses_too_few_employees_for_parquet_in_one_sentence(tmp_path, capsys):
    assert main(["demo-data", "--out", str(tmp_path / "d"), "--employees", "10", "--format", "parquet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kinerja demo-data: employees must be a whole number of at least 60")
    assert err.count("\n") == 1
