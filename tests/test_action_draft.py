"""The draft of follow-up actions (``kinerja tindak-lanjut draft``): proposed from the quarter's one evaluation, read
back by the loader as the follow-up register once a unit names the jabatan responsible, naming no person.

The demo plants what the draft must find (``ground_truth.json``, :mod:`kinerja.demo.planted`): the IKM unit's weakest
unsur and its forum topic on it, the Puskesmas whose complaints surge. The demo's register already plans actions on
some of them in the last quarter, so the tests that look for a proposal read an evaluation whose register is empty.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from kinerja.core.formatting import number
from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.dictionary import FOLLOW_UPS, UNSUR, header_lookup, normalise_header
from kinerja.data.loading import with_table_file
from kinerja.data.vocabulary import unsur_named
from kinerja.demo.planted import IKM_PLANTED_UNIT, WAITING_PLANTED_UNIT
from kinerja.metrics.ikm import UNSUR_MEANING
from kinerja.quarter.action_draft import (
    DRAFT_COLUMNS,
    SOURCE_KINDS,
    propose_actions,
    write_action_draft,
)
from kinerja.quarter.evaluation import QuarterResults
from kinerja.run.cli import main

BAD = Path(__file__).parent / "data" / "bad"
OWNER = "Sekretaris Kelurahan"
"""The jabatan a unit writes under Penanggung Jawab."""


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(demo_evaluation, truth) -> QuarterResults:
    assert str(demo_evaluation.quarter) == truth["quarters"][-1]
    return demo_evaluation


@pytest.fixture(scope="module")
def proposals(results, demo_dataset) -> pd.DataFrame:
    return propose_actions(results, demo_dataset.units, employee_names=demo_dataset.employees["name"])


@pytest.fixture(scope="module")
def unregistered(results, demo_dataset) -> pd.DataFrame:
    """The proposals of the same evaluation had nothing been planned in the quarter yet."""
    participation = replace(results.participation, new_actions=results.participation.new_actions.iloc[:0])
    return propose_actions(replace(results, participation=participation), demo_dataset.units)


@pytest.fixture(scope="module")
def draft(proposals, demo_dataset, tmp_path_factory) -> Path:
    return write_action_draft(proposals, tmp_path_factory.mktemp("draft") / "tindak_lanjut_usulan.xlsx",
                              demo_dataset.units)


def _of(frame: pd.DataFrame, unit: str, kind: str) -> pd.DataFrame:
    return frame[(frame["unit_code"] == unit) & (frame["source_kind"] == kind)]


def test_the_planted_ikm_units_weakest_unsur_is_proposed_with_the_ikm_pages_first_step(unregistered, truth):
    planted = truth["participation"]["forum_topic_on_weakest_unsur"]
    assert planted["unit_code"] == IKM_PLANTED_UNIT
    (row,) = _of(unregistered, IKM_PLANTED_UNIT, "ikm_unsur").to_dict("records")
    assert row["source_ref"].startswith(f"{planted['code']}. ")
    assert unsur_named(row["source_ref"]) == planted["unsur"]
    assert row["finding"].startswith(f"NRR {number(planted['nrr'], 2)} (terendah di unit ini)")
    meaning, _, step = UNSUR_MEANING[planted["unsur"]].partition("; ")
    assert row["action"].lower() == step.lower()
    assert meaning in row["finding"]


def test_the_planted_forum_topic_still_open_is_proposed_with_its_age(unregistered, truth):
    planted = truth["participation"]["forum_topic_on_weakest_unsur"]
    rows = _of(unregistered, planted["unit_code"], "forum_topic").set_index("source_ref")
    age = (Quarter.parse(planted["quarter"]).end - pd.Timestamp(planted["forum_date"]).date()).days
    assert f"belum ditanggapi {age} hari" in rows.at[planted["topic_id"], "finding"]


def test_the_surging_complaints_of_the_planted_puskesmas_are_proposed(unregistered, results):
    surges = results.satisfaction.surges.set_index("unit_code")
    assert WAITING_PLANTED_UNIT in surges.index
    surge_proposals = unregistered[unregistered["source_kind"] == "complaint_surge"]
    assert sorted(surge_proposals["unit_code"]) == sorted(surges.index)
    (finding,) = _of(unregistered, WAITING_PLANTED_UNIT, "complaint_surge")["finding"]
    assert finding.startswith(f"{surges.at[WAITING_PLANTED_UNIT, 'received']} pengaduan diterima pada Triwulan")


def test_every_flagged_indicator_and_open_topic_is_proposed_once(unregistered, results):
    flags = results.units.flags[results.units.flags["flagged"]]
    found = unregistered[unregistered["source_kind"] == "flag"]
    assert sorted(zip(found["unit_code"], found["source_ref"], found["finding"])) == \
        sorted(zip(flags["unit_code"], flags["label"], flags["message"]))
    topics = unregistered[unregistered["source_kind"] == "forum_topic"]
    assert sorted(topics["source_ref"]) == sorted(results.participation.open_topics["topic_id"])


def _sources(frame: pd.DataFrame) -> set[tuple[str, str, str | None]]:
    """(unit, kind, source) of actions: the unsur an ikm_unsur action names, any surge of the unit, the reference."""
    return {(unit, kind, unsur_named(ref) if kind == "ikm_unsur" else None if kind == "complaint_surge"
             else normalise_header(ref))
            for unit, kind, ref in frame[["unit_code", "source_kind", "source_ref"]].itertuples(index=False)}


def test_no_proposal_repeats_an_action_already_planned_in_the_quarter(proposals, unregistered, results, truth):
    planned = _sources(results.participation.new_actions)
    weakest = truth["participation"]["forum_topic_on_weakest_unsur"]["unsur"]
    # The demo plans, in the last quarter, actions on the IKM unit's weakest unsur and its IKM flag, and on the surge.
    assert {(IKM_PLANTED_UNIT, "ikm_unsur", weakest), (IKM_PLANTED_UNIT, "flag", "ikm"),
            (WAITING_PLANTED_UNIT, "complaint_surge", None)} <= planned
    flagged = unregistered[(unregistered["unit_code"] == IKM_PLANTED_UNIT) & (unregistered["source_kind"] == "flag")]
    assert "IKM" in set(flagged["source_ref"])
    assert not _sources(proposals) & planned
    assert _sources(proposals) == _sources(unregistered) - planned


def test_proposals_are_planned_in_the_quarter_evaluated_due_at_the_end_of_the_next_without_an_owner(proposals,
                                                                                                       results):
    assert list(proposals.columns) == list(DRAFT_COLUMNS)
    assert set(proposals["quarter"]) == {results.quarter.label}
    assert set(proposals["due_date"]) == {pd.Timestamp(results.quarter.next().end)}
    assert set(proposals["status"]) == {"planned"}
    assert proposals["owner_position"].isna().all()
    assert proposals["action_id"].is_unique and set(proposals["source_kind"]) <= set(SOURCE_KINDS)


def test_every_unsur_written_as_code_and_label_names_that_unsur():
    for position, (name, label, _) in enumerate(UNSUR, start=1):
        assert unsur_named(f"U{position}. {label}") == name


def test_the_draft_completed_by_a_unit_reads_back_as_the_follow_up_register(draft, proposals, demo_dataset):
    workbook = load_workbook(draft)
    sheet = workbook.active
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "No")
    owner = [cell.value for cell in sheet[header_row]].index("Penanggung Jawab") + 1
    for row in range(header_row + 1, sheet.max_row + 1):
        sheet.cell(row=row, column=owner, value=OWNER)
    filled = draft.with_name("tindak_lanjut.xlsx")
    workbook.save(filled)
    loaded = with_table_file(demo_dataset, filled, FOLLOW_UPS)
    count = loaded.counts["follow_ups"]
    assert (count.rows, count.valid, count.rejected) == (len(proposals), len(proposals), 0)
    assert (loaded.rejects["table"] != "follow_ups").all()
    register = loaded.to_pandas("follow_ups").set_index("action_id").loc[proposals["action_id"]]
    for column in ("quarter", "unit_code", "source_kind", "source_ref", "action", "status"):
        assert register[column].tolist() == proposals[column].tolist(), column
    assert register["due_date"].tolist() == proposals["due_date"].tolist()
    assert set(register["owner_position"]) == {OWNER}
    assert register[say("cli.tindak_lanjut.finding_header")].tolist() == proposals["finding"].tolist()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_finding_column_is_under_a_header_the_loader_does_not_read(language):
    assert normalise_header(say("cli.tindak_lanjut.finding_header", language)) not in header_lookup(FOLLOW_UPS)


def test_the_draft_names_no_person(draft, demo_dataset):
    cells = [str(value) for row in load_workbook(draft).active.iter_rows(values_only=True) for value in row
             if value is not None]
    text = "\n".join(cells).lower()
    assert not re.search(r"\d{18}", text)
    assert not [name for name in demo_dataset.employees["name"].dropna() if name.lower() in text]


def test_a_name_in_a_forum_topic_is_masked(results, demo_dataset):
    name = demo_dataset.employees["name"].iloc[0]
    topics = results.participation.open_topics.assign(topic=f"{name} tidak pernah ada di loket")
    named = replace(results, participation=replace(results.participation, open_topics=topics))
    findings = propose_actions(named, demo_dataset.units, employee_names=[name])
    forum = findings[findings["source_kind"] == "forum_topic"]
    assert len(forum) and not forum["finding"].str.contains(name, regex=False).any()
    assert forum["finding"].str.contains("[nama]", regex=False).all()


def test_the_command_writes_the_draft_beside_the_quarters_reports(demo, tmp_path, monkeypatch, capsys):
    parameters = tmp_path / "triwulan.yaml"
    parameters.write_text(f"quarter: 2026-Q3\ndata: {demo}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["tindak-lanjut", "draft", str(parameters)]) == 0
    written = tmp_path / "reports" / "2026-Q3" / "tindak_lanjut_usulan.xlsx"
    assert written.is_file()
    out = capsys.readouterr().out
    assert str(written.resolve()) in out
    assert len(out.splitlines()) == len(SOURCE_KINDS) + 2


@pytest.mark.parametrize(("text", "says"), [
    ("quarter: [2026-Q3\n", "triwulan.yaml (line 2) is not valid YAML"),
    ("data: {tmp}/nowhere\n", "nowhere"),
    ("data: {bad}/missing_column\n", "pegawai.csv (header in row 1) has no column 'nip'"),
])
def test_a_broken_parameters_file_or_data_folder_is_one_sentence(tmp_path, capsys, text, says):
    parameters = tmp_path / "triwulan.yaml"
    parameters.write_text(text.format(tmp=tmp_path, bad=BAD), encoding="utf-8")
    assert main(["tindak-lanjut", "draft", str(parameters), "--output", str(tmp_path / "draft.xlsx")]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("kinerja tindak-lanjut: ") and says in captured.err
    assert captured.err.count("\n") == 1 and captured.out == ""
    assert not (tmp_path / "draft.xlsx").exists()


def test_the_draft_is_never_written_into_the_data_folder(demo, tmp_path, capsys):
    parameters = tmp_path / "triwulan.yaml"
    parameters.write_text(f"quarter: 2026-Q3\ndata: {demo}\n", encoding="utf-8")
    inside = demo / "tindak_lanjut_usulan.xlsx"
    assert main(["tindak-lanjut", "draft", str(parameters), "--output", str(inside)]) == 1
    assert "never written to" in capsys.readouterr().err
    assert not inside.exists()
