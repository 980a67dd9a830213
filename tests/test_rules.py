"""Row rules declared once: a file read into pandas and a Parquet partition read through Ibis are judged alike."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kinerja.data.dictionary import TABLES
from kinerja.data.io import read_table_file
from kinerja.data.loading import dataset_from_frames
from kinerja.data.partitioned import attach_partitioned_activities
from kinerja.data.rules import (
    AnyFilled,
    Computed,
    GivenWhen,
    InRange,
    NotBefore,
    Required,
    Rule,
    ibis_fails,
    pandas_passes,
    rules_for,
)
from kinerja.data.schemas import validate

ACTIVITY_RULES = rules_for(TABLES["activities"])
PART = "activities/quarter=2026-Q3/part-00000.parquet"
SCHEMA = pa.schema([
    ("activity_id", pa.string()), ("nip", pa.string()), ("activity_date", pa.date32()),
    ("submitted_at", pa.timestamp("us")), ("approved_at", pa.timestamp("us")), ("status", pa.string()),
    ("category", pa.string()), ("duration_minutes", pa.int64()), ("description", pa.string()),
])
GOOD = {"activity_id": "A-0", "nip": "199001012015011001", "activity_date": date(2026, 8, 3),
        "submitted_at": datetime(2026, 8, 3, 16, 30), "approved_at": datetime(2026, 8, 4, 8, 0),
        "status": "approved", "category": "pelayanan", "duration_minutes": 90, "description": "Melayani warga"}


def breaking(rule: Rule, row: dict) -> dict:
    """``row`` changed so that it breaks ``rule`` and no other rule."""
    match rule.check:
        case Required(column):
            return {**row, column: None}
        case InRange(column, _, maximum):
            return {**row, column: int(maximum) + 1}
        case NotBefore(later, earlier):
            earlier_value = row[earlier]
            if not isinstance(earlier_value, datetime):
                earlier_value = datetime.combine(earlier_value, time(9))
            return {**row, later: earlier_value - timedelta(days=1)}
        case GivenWhen(status, column):
            return {**row, "status": status, column: None}
    raise AssertionError(f"no bad row is planted for the rule {rule}; add one to breaking()")


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """One good activity, then one row breaking each rule, as a Parquet partition and as a CSV export."""
    rows = [GOOD] + [{**breaking(rule, GOOD), "activity_id": f"A-{i + 1}"} for i, rule in enumerate(ACTIVITY_RULES)]
    folder = tmp_path_factory.mktemp("rules")
    (folder / PART).parent.mkdir(parents=True)
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    pq.write_table(table, folder / PART)
    table.to_pandas().to_csv(folder / "aktivitas.csv", index=False)
    return folder


def by_position(rejects: pd.DataFrame, first_row: int) -> dict[int, list[tuple[str, str]]]:
    """(column, reason) of the rejects of each row, by position among the rows (0: the good row)."""
    found: dict[int, list[tuple[str, str]]] = {}
    for row, column, reason in rejects[["row", "column", "reason"]].itertuples(index=False):
        found.setdefault(int(row) - first_row, []).append((column, reason))
    return found


@pytest.fixture(scope="module")
def pandas_rejects(planted) -> dict[int, list[tuple[str, str]]]:
    """The CSV export read and validated in pandas (the header is line 1, the first row line 2)."""
    return by_position(validate(read_table_file(planted / "aktivitas.csv", TABLES["activities"])).rejects, 2)


@pytest.fixture(scope="module")
def partitioned_rejects(planted) -> dict[int, list[tuple[str, str]]]:
    """The Parquet partition of the data folder, judged through Ibis in DuckDB (row 1 is the first)."""
    dataset = attach_partitioned_activities(dataset_from_frames({}, folder=planted))
    return by_position(dataset.rejects, 1)


def test_the_activities_rules_cover_blanks_rules_between_columns_and_bounds():
    kinds = {type(rule.check) for rule in ACTIVITY_RULES}
    assert kinds == {Required, NotBefore, GivenWhen, InRange}


def test_only_the_planted_rows_are_rejected_on_both_paths(pandas_rejects, partitioned_rejects):
    planted_rows = set(range(1, 1 + len(ACTIVITY_RULES)))
    assert set(pandas_rejects) == planted_rows
    assert set(partitioned_rejects) == planted_rows


@pytest.mark.parametrize("position, rule", list(enumerate(ACTIVITY_RULES)),
                         ids=[f"{rule.column} {rule.reason}" for rule in ACTIVITY_RULES])
def test_a_row_breaking_a_rule_is_rejected_alike_by_pandas_and_ibis(position, rule, pandas_rejects,
                                                                    partitioned_rejects):
    assert pandas_rejects[1 + position] == [(rule.column, rule.reason)]
    assert partitioned_rejects[1 + position] == [(rule.column, rule.reason)]


def test_questionnaire_rules_give_the_same_verdict_on_pandas_and_ibis():
    table = TABLES["change_survey"]
    first, second = table.answered[:2]
    frame = pd.DataFrame({
        "respondent_id": pd.array(["R1", None, None, "R4"], dtype="str"),
        "nip": pd.array([None, "199001012015011001", None, None], dtype="str"),
        first: pd.array([1, None, None, None], dtype="Int64"),
        second: pd.array([None, 9, None, None], dtype="Int64"),
    })
    present = set(frame.columns)
    checked = [rule for rule in rules_for(table) if rule.applies(present)]
    assert {type(rule.check) for rule in checked} == {AnyFilled, InRange}
    rows = ibis.memtable(frame)
    for rule in checked:
        on_pandas = (~pandas_passes(rule)(frame)).tolist()
        on_ibis = ibis.duckdb.connect().execute(rows.select(fails=ibis_fails(rule, rows)))["fails"].tolist()
        assert on_pandas == on_ibis, rule


def test_a_rule_only_pandas_can_check_is_refused_by_the_ibis_translator():
    (rule,) = [rule for rule in rules_for(TABLES["employees"])
               if rule.column == "gender" and isinstance(rule.check, Computed)]
    with pytest.raises(TypeError, match="gender does not agree .* Ibis cannot check it"):
        ibis_fails(rule, ibis.table({"nip": "string", "gender": "string"}, name="employees"))
