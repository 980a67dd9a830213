"""The citizens-in-the-loop structure planted in the demo (issue 18, item 4), found by the metrics from the data.

``ground_truth.json`` says what was planted (:mod:`kinerja.demo.participation`); each test finds
it with :mod:`kinerja.metrics.forums` or :mod:`kinerja.metrics.follow_up` from the loaded data
set, not from the ground truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kinerja.core.periods import Quarter
from kinerja.metrics import follow_up, forums


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def planted(truth: dict) -> dict:
    return truth["participation"]


def test_every_row_of_the_new_files_is_read_and_only_the_planted_bad_row_is_rejected(demo_dataset, truth):
    for table in ("forums", "follow_ups"):
        count = demo_dataset.counts[table]
        assert count.rows == truth["rows"][table]
        rejected = demo_dataset.rejects[demo_dataset.rejects["table"] == table]
        planted_bad = [(b["file"], b["row"], b["column"]) for b in truth["bad_rows"] if b["table"] == table]
        assert list(zip(rejected["file"], rejected["row"], rejected["column"])) == planted_bad
    assert [b["problem"] for b in truth["bad_rows"] if b["table"] == "forums"] == ["response_before_forum"]


def test_the_planted_forum_topic_is_on_its_units_weakest_unsur_of_the_last_quarter(demo_dataset, planted):
    topic = planted["forum_topic_on_weakest_unsur"]
    found = forums.topics_on_weakest_unsur(demo_dataset, demo_dataset, topic["quarter"])
    row = found[found["topic_id"] == topic["topic_id"]]
    assert row[["unit_code", "code"]].values.tolist() == [[topic["unit_code"], topic["code"]]]
    assert row["nrr"].iloc[0] == pytest.approx(topic["nrr"])
    overlap = forums.weakest_unsur_overlap(demo_dataset, demo_dataset, topic["quarter"]).set_index("unit_code")
    assert overlap.at[topic["unit_code"], "code"] == topic["code"]
    assert overlap.at[topic["unit_code"], "topics_on_weakest"] >= 1


def test_the_planted_topic_is_still_open_at_the_end_of_the_last_quarter(demo_dataset, planted):
    topic = planted["forum_topic_on_weakest_unsur"]
    still = forums.open_topics(demo_dataset, topic["quarter"])
    assert topic["topic_id"] in set(still["topic_id"])


def test_the_planted_actions_are_new_in_the_quarter_before_the_last(demo_dataset, planted):
    done, overdue = planted["action_done_then_better_nrr"], planted["overdue_action"]
    assert done["quarter"] == overdue["quarter"]
    new = follow_up.new_actions(demo_dataset, done["quarter"])
    assert {done["action_id"], overdue["action_id"]} <= set(new["action_id"])


def test_the_next_quarter_shows_the_done_action_done_on_time_and_the_other_overdue(demo_dataset, truth, planted):
    last = truth["quarters"][-1]
    shown = follow_up.previous_quarter_actions(demo_dataset, last).set_index("action_id")["outcome"]
    assert shown[planted["action_done_then_better_nrr"]["action_id"]] == "done_on_time"
    assert shown[planted["overdue_action"]["action_id"]] == "overdue"


def test_the_overdue_action_is_flagged_from_its_due_date_on(demo_dataset, truth, planted):
    action = planted["overdue_action"]
    last = Quarter.parse(truth["quarters"][-1])
    flagged = follow_up.overdue_actions(demo_dataset, last).set_index("action_id")
    assert flagged.at[action["action_id"], "days_overdue"] == (last.end - Quarter.parse(action["quarter"]).start).days - 45
    assert flagged.at[action["action_id"], "unit_code"] == action["unit_code"]


def test_the_unsur_of_the_done_action_has_a_better_nrr_in_the_next_quarter(demo_dataset, truth, planted):
    action = planted["action_done_then_better_nrr"]
    found = follow_up.unsur_after_actions(demo_dataset, demo_dataset, truth["quarters"][-1]).set_index("action_id")
    row = found.loc[action["action_id"]]
    assert (row["unit_code"], row["code"]) == (action["unit_code"], action["code"])
    assert row["nrr_before"] == pytest.approx(action["nrr_before"])
    assert row["nrr_after"] == pytest.approx(action["nrr_after"])
    assert row["change"] > 0.2


def test_the_done_actions_unsur_was_the_units_weakest_when_it_was_planned(demo_dataset, planted):
    action = planted["action_done_then_better_nrr"]
    weakest = forums.weakest_unsur_overlap(demo_dataset, demo_dataset, action["weakest_in"]).set_index("unit_code")
    assert weakest.at[action["unit_code"], "code"] == action["code"]
